# cython: language_level=3
"""A connection to the accounting database daemon, slurmdbd.

Every ``pyslurm.db`` call takes an optional ``db_connection``; without one
it opens a connection of its own and closes it before returning, so a
program needs a :class:`Connection` only to send several requests over
one connection, or to group changes into one transaction
(:meth:`Connection.commit` / :meth:`Connection.rollback`).

Examples:
    >>> import pyslurm
    >>> with pyslurm.db.Connection.open() as conn:        # doctest: +SKIP
    ...     jobs = pyslurm.db.Jobs.load(db_connection=conn)
    ...     tres = pyslurm.db.TrackableResources.load(db_connection=conn)
"""


from pyslurm.core cimport ensure_init, make_error
from pyslurm.convert cimport cstr
from pyslurm.errors import RPCError
from pyslurm.stats import make_slurmfull_global
from libc.errno cimport ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EPIPE
from slurm_errno cimport (
    SLURM_SUCCESS, SLURM_ERROR, ESLURM_DB_CONNECTION, ESLURM_DB_CONNECTION_INVALID,
    SLURM_COMMUNICATIONS_CONNECTION_ERROR, SLURM_COMMUNICATIONS_SEND_ERROR,
    SLURM_COMMUNICATIONS_RECEIVE_ERROR, SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT,
)
from slurmdb cimport (
    slurmdb_connection_get, slurmdb_connection_close, slurmdb_connection_commit,
)
from compat cimport slurm_conf, pyslurm_errno, pyslurm_db_clear_errno


def _where():
    """slurmdbd's address as slurm.conf names it."""
    host = cstr(slurm_conf.accounting_storage_host) or "localhost"
    port = slurm_conf.accounting_storage_port
    return f"{host}:{port}" if port else host


_PLUGINS_READY = False


def _prepare():
    """Before the first connection: libslurm's accounting plugin calls a
    function of libslurmfull when slurmdbd does not answer; without it
    being global the process would end (``symbol lookup error``)."""
    global _PLUGINS_READY
    if not _PLUGINS_READY:
        make_slurmfull_global()
        _PLUGINS_READY = True


# errors that mean slurmdbd (or its database) could not be reached
_UNREACHABLE = frozenset({
    ESLURM_DB_CONNECTION, ESLURM_DB_CONNECTION_INVALID,
    SLURM_COMMUNICATIONS_CONNECTION_ERROR, SLURM_COMMUNICATIONS_SEND_ERROR,
    SLURM_COMMUNICATIONS_RECEIVE_ERROR, SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT,
    ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EPIPE,
})


cdef object db_error(int err, str call):
    """The RPCError of a failed accounting call: Slurm's errno and message,
    and the daemon that answered it (or did not: then it is transient)."""
    if err == 0:
        err = ESLURM_DB_CONNECTION
    e = make_error(err, call)
    if not isinstance(e, RPCError) or e.message is None:
        return e
    if err in _UNREACHABLE:
        e.message = (f"{e.message} (the accounting database daemon, slurmdbd, at "
                     f"{_where()}, did not answer or could not reach its database)")
        e.transient = True
    else:
        e.message = f"{e.message} (answered by slurmdbd at {_where()})"
    e.args = (f"{call}: {e.message} (Slurm errno {e.errno})",)
    return e


cdef class Connection:
    """An open connection to slurmdbd; made by :meth:`open` only.

    Closed by :meth:`close`, at the end of a ``with`` block, or when the
    object is garbage collected.  Changes made through it (``modify``)
    take effect with :meth:`commit`; closing without committing discards
    them.
    """

    def __cinit__(self):
        self.ptr = NULL
        self.flags = 0

    def __init__(self):
        raise RuntimeError("pyslurm.db.Connection is made by Connection.open()")

    def __dealloc__(self):
        if self.ptr != NULL:
            with nogil:
                slurmdb_connection_close(&self.ptr)
            self.ptr = NULL

    @staticmethod
    def open():
        """Open a connection to slurmdbd.

        Returns:
            Connection: open.

        Raises:
            RPCError: slurmdbd cannot be reached (the message names it and
                its address); returns within Slurm's own connect timeout.

        Implements ``slurmdb_connection_get``.
        """
        cdef Connection conn = Connection.__new__(Connection)
        cdef int err = 0
        ensure_init()
        _prepare()
        with nogil:
            pyslurm_db_clear_errno()
            conn.ptr = slurmdb_connection_get(&conn.flags)
            err = pyslurm_errno()
        # libslurm clears errno after a successful connection and sets it
        # when slurmdbd did not answer (sacct checks it the same way); the
        # handle it returns then is not connected.
        if conn.ptr == NULL or err != 0:
            conn.close()
            raise db_error(err, "slurmdb_connection_get")
        return conn

    def close(self):
        """Close the connection (again: nothing happens).  Uncommitted
        changes are discarded.

        Implements ``slurmdb_connection_close``.
        """
        if self.ptr != NULL:
            with nogil:
                slurmdb_connection_close(&self.ptr)
            self.ptr = NULL

    def commit(self):
        """Make the changes sent through this connection permanent.

        Raises:
            ValueError: the connection is closed.
            RPCError: slurmdbd refused or did not answer.

        Implements ``slurmdb_connection_commit``.
        """
        self._commit(True)

    def rollback(self):
        """Discard the changes sent through this connection since the last
        commit.

        Raises:
            ValueError: the connection is closed.
            RPCError: slurmdbd refused or did not answer.
        """
        self._commit(False)

    def _commit(self, bint commit):
        cdef void *ptr = handle(self)
        cdef int rc, err = 0
        with nogil:
            rc = slurmdb_connection_commit(ptr, commit)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        if rc != SLURM_SUCCESS:
            raise db_error(rc if rc != SLURM_ERROR else err, "slurmdb_connection_commit")

    @property
    def is_open(self):
        """True until :meth:`close`."""
        return self.ptr != NULL

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f"pyslurm.db.Connection is {'open' if self.ptr != NULL else 'closed'}"


cdef void *handle(Connection conn) except NULL:
    if conn is None or conn.ptr == NULL:
        raise ValueError("invalid value for db_connection: the connection is closed "
                         "(open one with pyslurm.db.Connection.open())")
    return conn.ptr


class _Using:
    """``with _Using(db_connection) as conn:`` -- the connection given, or one
    opened for the block and closed after it (committing its changes when
    ``commit`` and the block succeeded)."""

    def __init__(self, db_connection, commit=False):
        if db_connection is not None and not isinstance(db_connection, Connection):
            raise TypeError(f"invalid value for db_connection: {db_connection!r} "
                            f"(expected a pyslurm.db.Connection or None)")
        if db_connection is not None:
            handle(db_connection)           # a closed one: ValueError before any RPC
        self.given = db_connection
        self.conn = None
        self.commit = commit

    def __enter__(self):
        if self.given is not None:
            return self.given
        self.conn = Connection.open()
        return self.conn

    def __exit__(self, typ, value, tb):
        conn = self.conn
        if conn is None:
            return False
        self.conn = None
        try:
            if typ is None and self.commit:
                conn.commit()
        finally:
            conn.close()
        return False


__all__ = ["Connection"]
