"""The module psij's descriptor names (``pyslurm.psij.plugin.PyslurmJobExecutor``).

psij loads an executor's module by file, from the ``sys.path`` entry that
holds the ``psij-descriptors`` directory, as a copy outside
``sys.modules``.  This module only re-exports the class of
:mod:`pyslurm.psij.executor` imported the normal way, so that the class psij
instantiates is the one ``pyslurm.psij`` exports.
"""

from pyslurm.psij.executor import PyslurmJobExecutor

__all__ = ["PyslurmJobExecutor"]
