"""pyslurm's PSI/J executor, registered with psij as ``"pyslurm"``.

Needs psij-python (``pip install "pyslurm[psij]"``); ``import pyslurm``
never imports this package.  See the guide "Using pyslurm from PSI/J".

Examples:
    >>> import psij                                          # doctest: +SKIP
    >>> ex = psij.JobExecutor.get_instance("pyslurm")        # doctest: +SKIP
"""

from pyslurm.psij.executor import VERSION, PyslurmExecutorConfig, PyslurmJobExecutor
from pyslurm.psij.poller import DEFAULT_INTERVAL

__all__ = ["PyslurmJobExecutor", "PyslurmExecutorConfig", "VERSION", "DEFAULT_INTERVAL"]
