"""psij's registration of pyslurm's executor ("pyslurm").

psij imports every module of the ``psij-descriptors`` directories it finds
on ``sys.path`` (this directory has no ``__init__.py``: psij's namespace)
and loads the class named here from the same ``sys.path`` entry.  pyslurm's
wheel installs this directory next to the ``pyslurm`` package; an editable
install puts the source tree (holding both) on ``sys.path``.
"""

from packaging.version import Version
from psij.descriptor import Descriptor

__PSI_J_EXECUTORS__ = [
    Descriptor(name="pyslurm", nice_name="Slurm (pyslurm)", version=Version("1.0.0"),
               cls="pyslurm.psij.plugin.PyslurmJobExecutor"),
]
