"""Upstream pyslurm's error module (``pyslurm.error``): the exception
classes of :mod:`pyslurm.errors` and the errno helpers.

pyslurm raises a subclass of :class:`RPCError` per kind of failure
(:class:`PermissionDeniedError`, :class:`JobNotFoundError`, ...); every
one carries ``errno`` and ``message`` (also as ``msg``).
"""

from __future__ import annotations

from pyslurm import core
from pyslurm.errors import (
    AuthenticationError, ConfigError, ControllerUnreachableError, InvalidStateError,
    JobNotFoundError, NodeNotFoundError, PartitionNotFoundError, PermissionDeniedError,
    PyslurmError, ReservationNotFoundError, RPCError, VersionMismatchError,
)

SLURM_SUCCESS = 0


def slurm_strerror(errno: int) -> str:
    """Slurm's text for an error number."""
    return core.strerror(errno)


def slurm_errno() -> int:
    """The error number of the last failed libslurm call (0: none)."""
    return core.last_errno()


def get_last_slurm_error() -> tuple[int, str]:
    """``(errno, text)`` of the last failed libslurm call; ``(0,
    "Success")`` when none failed."""
    err = slurm_errno()
    return (err, "Success") if err == SLURM_SUCCESS else (err, slurm_strerror(err))


def verify_rpc(errno: int) -> None:
    """Raise the :class:`RPCError` (subclass) of ``errno`` unless it is 0.

    Raises:
        RPCError: ``errno`` is not SLURM_SUCCESS.
    """
    if errno != SLURM_SUCCESS:
        raise core.error_for(errno)


__all__ = ["PyslurmError", "RPCError", "ConfigError", "ControllerUnreachableError",
           "VersionMismatchError", "AuthenticationError", "PermissionDeniedError",
           "JobNotFoundError", "InvalidStateError", "NodeNotFoundError",
           "PartitionNotFoundError", "ReservationNotFoundError",
           "slurm_strerror", "slurm_errno", "get_last_slurm_error", "verify_rpc"]
