"""Exceptions raised by pyslurm.

This module is pure Python and imports nothing from the compiled layer, so
callers can ``from pyslurm.errors import RPCError`` anywhere.

Every failed libslurm call raises :class:`RPCError` (or one of its
subclasses) carrying Slurm's error number and the text ``slurm_strerror``
gives for it.  The subclasses let callers catch the common cases precisely::

    try:
        job = pyslurm.Job.load(1234)
    except pyslurm.JobNotFoundError:
        ...
    except pyslurm.ControllerUnreachableError as e:
        if e.transient:
            retry_later()

Which Slurm error names map to which subclass is listed once, in
:data:`ERRNO_NAMES`; the compiled layer resolves the names to the numbers
of the Slurm version it was built against.
"""

from __future__ import annotations

from typing import Any, Callable


class PyslurmError(Exception):
    """Base class of every exception pyslurm raises on its own."""


class ConfigError(PyslurmError):
    """libslurm cannot be initialised: the Slurm configuration is missing or
    unreadable.

    Raised before libslurm would end the process (libslurm calls ``fatal()``
    on a bad configuration, which no Python code can catch).
    """


class RPCError(PyslurmError):
    """A libslurm call failed.

    Attributes:
        errno: Slurm's error number (``slurm_errno.h``) or a system errno.
        message: ``slurm_strerror(errno)``.
        transient: True when retrying later may succeed.
        delivered: whether the request reached the controller: True when
            it answered (with this refusal), False when it was never sent
            (no connection), None when that is unknown -- it was sent and
            no answer came, so the controller may still carry it out.
            Retry a call that changes something (a submission above all)
            only when ``delivered`` is False; see
            :meth:`pyslurm.JobSubmitDescription.find_submitted`.
        submit_token: for a failed submission, the token the job carries
            if it was created anyway (see ``find_submitted``); else None.
    """

    transient = False
    delivered: bool | None = True
    submit_token: int | None = None

    def __init__(self, errno: int | None = None, message: str | None = None, *,
                 context: str | None = None, msg: str | None = None):
        if message is None:
            message = msg                   # upstream pyslurm's keyword
        if errno is None:                   # as upstream: the last failed call's
            errno = _LAST_ERRNO() if _LAST_ERRNO is not None else 0
            errno = errno or SLURM_ERROR
        self.errno = int(errno)
        if message is None:
            message = _STRERROR(self.errno) if _STRERROR is not None else "Unknown error"
        self.message = message
        self.context = context
        text = self.message if not context else f"{context}: {self.message}"
        super().__init__(f"{text} (Slurm errno {self.errno})")

    @property
    def msg(self) -> str:
        """:attr:`message` (upstream pyslurm's name)."""
        return self.message

    def __reduce__(self) -> tuple[Callable[..., RPCError], tuple[Any, ...]]:
        return (_rebuild, (type(self), self.errno, self.message, self.context,
                           self.submit_token, self.delivered))


SLURM_ERROR = -1
_STRERROR: Callable[[int], str] | None = None
_LAST_ERRNO: Callable[[], int] | None = None


def _lookups(strerror: Callable[[int], str], last_errno: Callable[[], int]) -> None:
    """Set by pyslurm.core (this module imports nothing compiled): Slurm's
    text of an errno, and the errno of the last failed call."""
    global _STRERROR, _LAST_ERRNO
    _STRERROR, _LAST_ERRNO = strerror, last_errno


def _rebuild(cls: type[RPCError], errno: int, message: str, context: str | None,
             submit_token: int | None = None, delivered: bool | None = True) -> RPCError:
    e = cls(errno, message, context=context)
    e.submit_token = submit_token
    if delivered != cls.delivered:
        e.delivered = delivered
    return e


class ControllerUnreachableError(RPCError):
    """slurmctld did not answer (down, unreachable, or timed out).

    ``delivered`` is False when no connection was made (nothing was sent:
    a retry cannot duplicate anything; the errors of :data:`NOT_SENT`),
    None when the request was sent and the answer did not come in time (a
    stopped or overloaded controller may still carry it out).
    """

    transient = True
    delivered: bool | None = None


class VersionMismatchError(RPCError):
    """The controller speaks a Slurm protocol this build of pyslurm does not."""


class AuthenticationError(RPCError):
    """munge (or the configured auth plugin) rejected the request."""

    transient = True


class PermissionDeniedError(RPCError):
    """The calling user may not do this."""


class JobNotFoundError(RPCError):
    """No such job (or it was purged from the controller's memory)."""


class InvalidStateError(RPCError):
    """The object is in a state that does not allow the operation
    (e.g. the job already finished)."""


class NodeNotFoundError(RPCError):
    """No such node."""


class PartitionNotFoundError(RPCError):
    """No such partition."""


class ReservationNotFoundError(RPCError):
    """No such reservation."""


#: Slurm error names (as spelled in ``slurm_errno.h``) and the subclass of
#: :class:`RPCError` raised for them.  Names a Slurm version lacks are
#: ignored by that build.
ERRNO_NAMES: dict[str, type[RPCError]] = {
    "SLURM_COMMUNICATIONS_CONNECTION_ERROR": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_SEND_ERROR": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_RECEIVE_ERROR": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_SHUTDOWN_ERROR": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_CONNECT_TIMEOUT": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_READ_TIMEOUT": ControllerUnreachableError,
    "SLURM_COMMUNICATIONS_WRITE_TIMEOUT": ControllerUnreachableError,
    "SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR": ControllerUnreachableError,
    "SLURMCTLD_COMMUNICATIONS_SEND_ERROR": ControllerUnreachableError,
    "SLURMCTLD_COMMUNICATIONS_RECEIVE_ERROR": ControllerUnreachableError,
    "SLURMCTLD_COMMUNICATIONS_SHUTDOWN_ERROR": ControllerUnreachableError,
    "SLURMCTLD_COMMUNICATIONS_BACKOFF": ControllerUnreachableError,
    "SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT": ControllerUnreachableError,
    "SLURM_PROTOCOL_VERSION_ERROR": VersionMismatchError,
    # what a client sees when the controller answers in another major's format
    "SLURM_PROTOCOL_INSANE_MSG_LENGTH": VersionMismatchError,
    "SLURM_PROTOCOL_AUTHENTICATION_ERROR": AuthenticationError,
    "ESLURM_ACCESS_DENIED": PermissionDeniedError,
    "ESLURM_USER_ID_MISSING": PermissionDeniedError,
    "ESLURM_INVALID_JOB_ID": JobNotFoundError,
    "ESLURM_ALREADY_DONE": InvalidStateError,
    "ESLURM_JOB_PENDING": InvalidStateError,
    "ESLURM_JOB_NOT_PENDING": InvalidStateError,
    "ESLURM_JOB_NOT_RUNNING": InvalidStateError,
    "ESLURM_JOB_NOT_PENDING_NOR_RUNNING": InvalidStateError,
    "ESLURM_TRANSITION_STATE_NO_UPDATE": InvalidStateError,
    "ESLURM_INVALID_NODE_NAME": NodeNotFoundError,
    "ESLURM_INVALID_PARTITION_NAME": PartitionNotFoundError,
    "ESLURM_RESERVATION_INVALID": ReservationNotFoundError,
}

#: Plain system errno values mapped the same way.
SYSTEM_ERRNO_CLASSES: dict[int, type[RPCError]] = {
    1: PermissionDeniedError,  # EPERM
    13: PermissionDeniedError,  # EACCES
    110: ControllerUnreachableError,  # ETIMEDOUT
    111: ControllerUnreachableError,  # ECONNREFUSED
}

#: The failures to connect: nothing was sent (``delivered`` False).  After
#: the request went out (sending, waiting for or reading the answer), the
#: outcome is unknown (``delivered`` None).
NOT_SENT = frozenset({
    "SLURM_COMMUNICATIONS_CONNECTION_ERROR", "SLURM_COMMUNICATIONS_CONNECT_TIMEOUT",
    "SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR", "SLURMCTLD_COMMUNICATIONS_BACKOFF",
})
#: System errno values that mean the same (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH).
NOT_SENT_SYSTEM = frozenset({111, 113, 101})

__all__ = [
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
]
