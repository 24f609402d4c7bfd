"""The exceptions of :mod:`pyslurm.pilot`, named as QCG-PilotJob's API
names them (``qcg.pilotjob.api.errors``), so code that catches QCG's
errors keeps working after changing its import.

A bad job description is also a :class:`ValueError` (pyslurm's convention
for bad input): :class:`InvalidJobDescriptionError` derives from both.
"""

from __future__ import annotations

__all__ = [
    "QCGPJMAError",
    "InternalError",
    "InvalidJobDescriptionError",
    "JobNotDefinedError",
    "ConnectionError",
    "WrongArgumentsError",
    "FileError",
    "ServiceError",
    "TimeoutElapsed",
    "RequestFailedError",
]


class QCGPJMAError(Exception):
    """The base of every error of the pilot API."""


class InternalError(QCGPJMAError):
    """An unexpected state of the manager (a bug), or an operation the
    manager cannot do."""


class InvalidJobDescriptionError(QCGPJMAError, ValueError):
    """A job description is invalid; the message names the attribute.
    Raised before anything is submitted."""


class JobNotDefinedError(QCGPJMAError, KeyError):
    """A job name that is not in the group (:meth:`Jobs.remove`) or not
    known to the manager."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConnectionError(QCGPJMAError):
    """A request failed: the manager is not running any more (``"Not
    connected"``), or it refused the request (``"Request failed - ..."``),
    as QCG's client reports both."""


class WrongArgumentsError(QCGPJMAError, ValueError):
    """Wrong arguments of a manager method (names, server arguments)."""


class FileError(QCGPJMAError, OSError):
    """A job description file cannot be read or written."""


class ServiceError(QCGPJMAError):
    """The manager refused a request (for example an unknown job name in
    ``submit``'s dependencies); the message says why."""


class TimeoutElapsed(QCGPJMAError, TimeoutError):
    """A ``wait4*`` call's timeout passed before the jobs ended."""


class RequestFailedError(ConnectionError, ValueError):
    """The manager refused a request because of its arguments (a job name
    that is used already or unknown, an unknown dependency): a
    :class:`ConnectionError` with QCG's ``"Request failed - ..."`` message,
    as QCG's client raises it, and a :class:`ValueError`."""
