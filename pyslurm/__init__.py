"""pyslurm: Python access to Slurm through libslurm's C API.

Importing pyslurm never talks to Slurm and loads no compiled module:
the compiled parts are imported on first use, and libslurm is initialised
by the first call that needs it (see :func:`pyslurm.init`).

Examples:
    >>> import pyslurm
    >>> pyslurm.version()
    '0.1.0'
"""

from __future__ import annotations

import importlib
from typing import Any as _Any

from pyslurm.version import __version__
from pyslurm.constants import UNLIMITED
from pyslurm.errors import (
    PyslurmError,
    ConfigError,
    RPCError,
    ControllerUnreachableError,
    VersionMismatchError,
    AuthenticationError,
    PermissionDeniedError,
    JobNotFoundError,
    InvalidStateError,
    NodeNotFoundError,
    PartitionNotFoundError,
    ReservationNotFoundError,
)


def version() -> str:
    """pyslurm's own version, e.g. ``"0.1.0"``."""
    return __version__


# Names served from compiled modules, imported on first access.
_LAZY = {
    "slurm_version": "pyslurm.core",
    "slurm_version_info": "pyslurm.core",
    "init": "pyslurm.core",
    "slurmctld": "pyslurm.slurmctld",
    "Node": "pyslurm.node",
    "Nodes": "pyslurm.node",
    "Partition": "pyslurm.partition",
    "Partitions": "pyslurm.partition",
    "Reservation": "pyslurm.reservation",
    "Reservations": "pyslurm.reservation",
    "ReservationFlags": "pyslurm.reservation_values",
    "ReservationReoccurrence": "pyslurm.reservation_values",
    "hostlist": "pyslurm.hostlist",
    "Job": "pyslurm.job",
    "Jobs": "pyslurm.job",
    "JobSubmitDescription": "pyslurm.submit",
    "JobStep": "pyslurm.step",
    "JobSteps": "pyslurm.step",
    "JobStatistics": "pyslurm.stats",
    "JobStepStatistics": "pyslurm.stats",
    # upstream pyslurm's names (docs/guides/migration.md)
    "slurm_init": "pyslurm.api",
    "slurm_fini": "pyslurm.api",
    "SchedulerType": "pyslurm.enums",
    "api": "pyslurm.api",
    "constants": "pyslurm.constants",
    "enums": "pyslurm.enums",
    "error": "pyslurm.error",
    "settings": "pyslurm.settings",
    "utils": "pyslurm.utils",
    "xcollections": "pyslurm.xcollections",
    "db": "pyslurm.db",
    "clusters": "pyslurm.clusters",
    # HTML tables and DataFrames (pyslurm[pandas] / pyslurm[notebook])
    "display": "pyslurm.display",
    "frames": "pyslurm.frames",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pyslurm' has no attribute {name!r}")
    mod = importlib.import_module(module)
    value = mod if module.rsplit(".", 1)[-1] == name else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted((set(globals()) - {"annotations", "_Any"}) | set(_LAZY))


__all__ = [
    "__version__",
    "version",
    "UNLIMITED",
    "PyslurmError",
    "ConfigError",
    "RPCError",
    "ControllerUnreachableError",
    "VersionMismatchError",
    "AuthenticationError",
    "PermissionDeniedError",
    "JobNotFoundError",
    "InvalidStateError",
    "NodeNotFoundError",
    "PartitionNotFoundError",
    "ReservationNotFoundError",
    *_LAZY,
]
