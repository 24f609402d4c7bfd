# cython: language_level=3
"""What accounting administration shares (``pyslurm.db``'s qos, assoc,
account and user modules): written once here.

* :class:`Operation`: one create / modify / delete or load against
  slurmdbd.  It uses the caller's :class:`pyslurm.db.Connection` or opens
  one; loads slurmdbd's TRES and QOS tables (names <-> numbers); sends the
  requests; and ends the transaction: an operation that succeeded on a
  connection it opened is committed (``slurmdb_connection_commit``), one
  that failed is rolled back, on any connection -- nothing is left half
  done (an account whose association could not be added, say).
* :class:`Scratch`: everything a request allocates, freed together.
* ``fill()``: a request record filled from checked values through a table
  ``{field: (offset, how)}`` each entity declares.
* ``bind()``: the records of a loaded list as entity objects that borrow
  them (the list is the message; see ``pyslurm.records``).
"""

cimport cython
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, realloc
cimport libc.errno as cerrno

from pyslurm.core cimport make_error
from pyslurm.convert cimport cstr
from pyslurm.records cimport Record, MessageOwner, free_fn_t
from pyslurm.editable cimport Editable
from pyslurm.db.connection cimport Connection, handle, db_error
from pyslurm.db.tres cimport TresTable, load_table
from slurm cimport (
    INFINITE, INFINITE16, INFINITE64, NO_VAL,
    PREEMPT_MODE_OFF, PREEMPT_MODE_CANCEL, PREEMPT_MODE_REQUEUE, PREEMPT_MODE_SUSPEND,
)
from slurmdb cimport (
    slurmdb_qos_rec_t, SLURMDB_ADMIN_NONE, SLURMDB_ADMIN_OPERATOR, SLURMDB_ADMIN_SUPER_USER,
)
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR
from compat cimport (
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free, pyslurm_db_list_destroy,
    pyslurm_db_list_new, pyslurm_db_list_push, pyslurm_db_qos_names_get, pyslurm_qos_flags,
    slurm_preempt_mode_string,
)

from pyslurm.constants import UNLIMITED
from pyslurm.db import admin_values as _v, tres as _tres
from pyslurm.db.connection import Connection as _Connection
from pyslurm.errors import ControllerUnreachableError, RPCError


# -- memory of a request -----------------------------------------------------------
cdef void **_keep(void **arr, Py_ssize_t *n, Py_ssize_t *cap, void *p) except NULL:
    """``arr`` (grown when full) with ``p`` appended; frees ``p`` on failure."""
    cdef void **grown
    if n[0] == cap[0]:
        grown = <void **> realloc(arr, (cap[0] * 2 + 8) * sizeof(void *))
        if grown == NULL:
            free(p)
            raise MemoryError()
        arr = grown
        cap[0] = cap[0] * 2 + 8
    arr[n[0]] = p
    n[0] += 1
    return arr


cdef class Scratch:
    """What one request allocates (records, strings, lists), freed together."""

    def __cinit__(self):
        self.ptrs = NULL
        self.lists = NULL
        self.n = self.cap = self.nl = self.capl = 0

    def __dealloc__(self):
        cdef Py_ssize_t i
        for i in range(self.nl):
            pyslurm_db_list_destroy(self.lists[i])      # the list only: it owns no item
        for i in range(self.n):
            free(self.ptrs[i])
        free(self.lists)
        free(self.ptrs)

    cdef void *alloc(self, size_t size) except NULL:
        cdef void *p = calloc(1, size)
        if p == NULL:
            raise MemoryError()
        self.ptrs = _keep(self.ptrs, &self.n, &self.cap, p)
        return p

    cdef char *text(self, object s) except NULL:
        cdef bytes b = str(s).encode("utf-8")
        if b"\0" in b:
            raise ValueError(f"string contains a NUL character: {s!r}")
        cdef char *p = <char *> self.alloc(len(b) + 1)
        cdef Py_ssize_t i
        for i in range(len(b)):
            p[i] = b[i]
        return p

    cdef void *list(self) except NULL:
        cdef void *lst = pyslurm_db_list_new()
        if lst == NULL:
            raise MemoryError()
        self.lists = _keep(self.lists, &self.nl, &self.capl, lst)
        return lst

    cdef void *strs(self, object items) except NULL:
        cdef void *lst = self.list()
        for item in items:
            pyslurm_db_list_push(lst, self.text(item))
        return lst


# -- pointers at offsets (list fields differ in type between majors) ------------------
cdef void *ptr_at(const void *base, Py_ssize_t offset) noexcept:
    return (<void **> (<char *> base + offset))[0]


cdef void set_ptr(void *base, Py_ssize_t offset, void *p) noexcept:
    (<void **> (<char *> base + offset))[0] = p


cdef list strs_of(void *lst, bint first_field=False):
    cdef list out = []
    cdef void *it
    cdef void *item
    cdef char *s
    if lst == NULL:
        return out
    it = pyslurm_list_iter(lst)
    item = pyslurm_list_next(it)
    while item != NULL:
        s = (<char **> item)[0] if first_field else <char *> item
        if s != NULL and s[0] != 0:
            out.append(s.decode("utf-8", "replace"))
        item = pyslurm_list_next(it)
    pyslurm_list_iter_free(it)
    return out


cdef list bind_list(MessageOwner owner, void *lst, type cls):
    cdef list out = []
    cdef void *it
    cdef void *rec
    cdef Record r
    if lst == NULL:
        return out
    it = pyslurm_list_iter(lst)
    rec = pyslurm_list_next(it)
    while rec != NULL:
        r = <Record> cls.__new__(cls)
        r.owner = owner
        r._bind(rec)
        out.append(r)
        rec = pyslurm_list_next(it)
    pyslurm_list_iter_free(it)
    return out


cdef list bind(MessageOwner owner, type cls):
    return bind_list(owner, owner.ptr, cls)


# -- names <-> numbers --------------------------------------------------------------------
# The tables of the last operation: loaded objects read TRES and QOS names
# through them (slurmdbd gives numbers).
cdef object _TRES = _tres.static_table()
cdef dict _QOS_NAMES = {}


def tres_key(typ, name):
    """``cpu``, ``gres/gpu``: a TRES as Slurm names it."""
    return f"{typ}/{name}" if name else typ


def tres_dict(str s):
    """A TRES string of slurmdbd (``"1=4,2=1024"``) as ``{"cpu": 4, "mem":
    1024}`` (memory in MiB); None when empty."""
    if not s:
        return None
    return {tres_key(typ, name): count for _, typ, name, count in _tres.parse(s, _TRES)}


def qos_name(qos_id):
    """The name of QOS number ``qos_id`` (None for 0 or unset; the number
    as str when slurmdbd has no such QOS)."""
    if not qos_id or qos_id == NO_VAL:
        return None
    return _QOS_NAMES.get(qos_id, str(qos_id))


def qos_names(ids):
    """QOS numbers (as slurmdbd lists them, strings) as names."""
    out = []
    for i in ids:
        i = i.lstrip("+-")
        out.append(_QOS_NAMES.get(int(i), i) if i.isdigit() else i)
    return out


def qos_flag_table():
    """{name: bit} of the QOS flags this build's Slurm has, as sacctmgr
    spells them."""
    out = {}
    cdef int i = 0
    while pyslurm_qos_flags[i].name != NULL:
        out[pyslurm_qos_flags[i].name.decode()] = pyslurm_qos_flags[i].bit
        i += 1
    return out


QOS_FLAGS = qos_flag_table()


def qos_flag_names(uint64_t bits):
    return [name for name, bit in QOS_FLAGS.items() if bits & bit]


def preempt_mode_name(uint16_t mode):
    if mode == 0:
        return "CLUSTER"
    if mode == <uint16_t> NO_VAL:
        return None
    s = cstr(slurm_preempt_mode_string(mode))
    return s.upper() if s else None


cdef dict _PREEMPT = {"CLUSTER": PREEMPT_MODE_OFF, "OFF": PREEMPT_MODE_OFF,
                      "CANCEL": PREEMPT_MODE_CANCEL, "REQUEUE": PREEMPT_MODE_REQUEUE,
                      "SUSPEND": PREEMPT_MODE_SUSPEND}
cdef dict _ADMIN = {"None": SLURMDB_ADMIN_NONE, "Operator": SLURMDB_ADMIN_OPERATOR,
                    "Administrator": SLURMDB_ADMIN_SUPER_USER}
ADMIN_NAMES = {v: k for k, v in _ADMIN.items()}


def preempt_mode_value(name):
    """The bits of a preemption mode name (checked by admin_values)."""
    return _PREEMPT[name]


# -- one operation ------------------------------------------------------------------------------
cdef object _error(int rc, int err, str call):
    """The RPCError of a failed request: Slurm's errno (``rc`` when the call
    returned one, else errno); a connection failure names slurmdbd."""
    if rc != SLURM_SUCCESS and rc != SLURM_ERROR:
        err = rc
    if err == 0 or err == SLURM_ERROR:
        return RPCError(SLURM_ERROR, "slurmdbd refused the request without a reason "
                                     "(its log may say why)", context=call)
    e = make_error(err, call)
    if isinstance(e, ControllerUnreachableError):
        return db_error(err, call)
    return e


cdef class Operation:
    """One request (or several that succeed or fail together) to slurmdbd;
    used as ``with begin(db_connection) as op:``."""

    def __cinit__(self):
        self.db = NULL
        self.own = False
        self.scratch = Scratch()
        self.qos_ids = {}
        self.qos_names = {}

    def __enter__(self):
        return self

    def __exit__(self, typ, value, tb):
        cdef bint ok = typ is None
        conn, self.conn = self.conn, None
        self.db = NULL
        if conn is None:
            return False
        try:
            if ok and self.own:
                conn.commit()
            elif not ok:
                try:
                    conn.rollback()
                except Exception:       # the error being raised says more
                    pass
        finally:
            if self.own:
                conn.close()
        return False

    cdef int tables(self) except -1:
        global _TRES, _QOS_NAMES
        cdef void *lst
        cdef void *it
        cdef slurmdb_qos_rec_t *q
        cdef int err = 0
        self.tres = load_table(self.conn)
        with nogil:
            cerrno.errno = 0
            lst = pyslurm_db_qos_names_get(self.db)
            err = cerrno.errno
        if lst == NULL:
            raise _error(SLURM_ERROR, err, "slurmdb_qos_get")
        names = {}
        try:
            it = pyslurm_list_iter(lst)
            q = <slurmdb_qos_rec_t *> pyslurm_list_next(it)
            while q != NULL:
                if q.name != NULL:
                    names[q.id] = cstr(q.name)
                q = <slurmdb_qos_rec_t *> pyslurm_list_next(it)
            pyslurm_list_iter_free(it)
        finally:
            pyslurm_db_list_destroy(lst)
        self.qos_names = names
        self.qos_ids = {v: k for k, v in names.items()}
        _TRES = self.tres
        _QOS_NAMES = names
        return 0

    cdef int add(self, add_fn fn, void *lst, str call) except -1:
        cdef int rc, err = 0
        with nogil:
            cerrno.errno = 0
            rc = fn(self.db, lst)
            if rc != SLURM_SUCCESS:
                err = cerrno.errno
        if rc != SLURM_SUCCESS:
            raise _error(rc, err, call)
        return 0

    cdef list change(self, modify_fn fn, void *cond, void *rec, str call):
        cdef void *lst
        cdef int err = 0
        with nogil:
            cerrno.errno = 0
            lst = fn(self.db, cond, rec)
            err = cerrno.errno
        return self._names(lst, err, call)

    cdef list remove(self, remove_fn fn, void *cond, str call):
        cdef void *lst = self._list(fn, cond, call)
        try:
            return strs_of(lst)
        finally:
            pyslurm_db_list_destroy(lst)

    cdef list _names(self, void *lst, int err, str call):
        if lst == NULL:
            raise _error(SLURM_ERROR, err, call)
        try:
            return strs_of(lst)
        finally:
            pyslurm_db_list_destroy(lst)

    cdef void *_list(self, get_fn fn, void *cond, str call) except NULL:
        cdef void *lst
        cdef int err = 0
        with nogil:
            cerrno.errno = 0
            lst = fn(self.db, cond)
            err = cerrno.errno
        if lst == NULL:
            raise _error(SLURM_ERROR, err, call)
        return lst

    cdef MessageOwner get(self, get_fn fn, void *cond, str call):
        return MessageOwner.wrap(self._list(fn, cond, call), <free_fn_t> pyslurm_db_list_destroy, 0)

    cdef int fill(self, void *rec, dict table, dict values) except -1:
        """Set the fields of ``rec`` that ``values`` (checked) name, as
        ``table`` ({field: (offset, how)}) says; names become numbers
        (ValueError for a TRES or QOS slurmdbd does not have)."""
        cdef Py_ssize_t off
        cdef int how
        cdef char *p
        for field, value in values.items():
            spec = table.get(field)
            if spec is None or value is None:
                continue
            off, how = spec
            p = <char *> rec + off
            if how == W_U32:
                (<uint32_t *> p)[0] = INFINITE if value == UNLIMITED else <uint32_t> value
            elif how == W_U16:
                (<uint16_t *> p)[0] = INFINITE16 if value == UNLIMITED else <uint16_t> value
            elif how == W_DBL:
                (<double *> p)[0] = value
            elif how == W_STR:
                (<char **> p)[0] = self.scratch.text(value)
            elif how == W_TRES:
                (<char **> p)[0] = self.scratch.text(self._tres_str(field, value))
            elif how == W_QOS_IDS:
                ids = [str(self._qos_id(field, v)) for v in value]
                (<void **> p)[0] = self.scratch.strs(ids or [""])
            elif how == W_QOS_ID:
                (<uint32_t *> p)[0] = self._qos_id(field, value)
            elif how == W_PREEMPT:
                (<uint16_t *> p)[0] = _PREEMPT[value]
            elif how == W_QOS_FLAGS:
                bits = 0
                for name in value:
                    bits |= QOS_FLAGS[name]
                (<uint32_t *> p)[0] = bits
            elif how == W_ADMIN:
                (<uint16_t *> p)[0] = _ADMIN[value]
        return 0

    def _tres_str(self, field, dict value):
        ids = {tres_key(t, n): i for i, (t, n) in (<TresTable> self.tres).names.items()}
        parts = []
        for name, count in value.items():
            tid = ids.get(name)
            if tid is None:
                raise ValueError(f"invalid value for {field}: {name!r} (no such TRES in "
                                 f"slurmdbd; it has {', '.join(sorted(ids))})")
            parts.append(f"{tid}={INFINITE64 if count == UNLIMITED else count}")
        return ",".join(parts)

    def _qos_id(self, field, name):
        qid = self.qos_ids.get(name)
        if qid is None:
            raise ValueError(f"invalid value for {field}: {name!r} (no such QOS; slurmdbd "
                             f"has {', '.join(sorted(self.qos_ids)) or 'none'})")
        return qid


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class AdminRecord(Editable):
    """An accounting object built from Python to be created, changed or
    deleted (QOS, association, account, user); each of those calls takes
    an optional ``db_connection`` (see :class:`pyslurm.db.Connection`):
    without one, the change is made on a connection of its own and
    committed when it succeeded."""

    def __cinit__(self):
        self._db_connection = None

    def create(self, db_connection=None):
        """Create it in slurmdbd with the values given to it.

        Args:
            db_connection: the connection to use; without one, a connection
                is opened, and the change committed when it succeeded.  On
                failure the connection's uncommitted changes are rolled back.

        Raises:
            ValueError: missing or invalid values (before any request).
            PermissionDeniedError: the caller may not (not an administrator).
            RPCError: slurmdbd refused.
        """
        self._db_connection = db_connection
        try:
            return Editable.create(self)
        finally:
            self._db_connection = None

    def modify(self, changes=None, db_connection=None, **values):
        """Change what this object names (in slurmdbd).

        Args:
            changes: an object of the same class holding the new values, or
                a dict of them (any spelling of the field names).
            db_connection: as for :meth:`create`.
            **values: the same, as keywords.

        Raises:
            ValueError: no name, no changes or an invalid value (before any
                request).
            PermissionDeniedError: the caller may not.
            RPCError: no such object, or slurmdbd refused.
        """
        self._db_connection = db_connection
        try:
            return Editable.modify(self, changes, **values)
        finally:
            self._db_connection = None

    def delete(self, db_connection=None):
        """Delete what this object names (in slurmdbd).

        Raises:
            ValueError: this object names nothing.
            PermissionDeniedError: the caller may not.
            RPCError: no such object, or slurmdbd refused.
        """
        self._db_connection = db_connection
        try:
            return Editable.delete(self)
        finally:
            self._db_connection = None

    def __repr__(self):
        return "pyslurm.db." + Editable.__repr__(self)[len("pyslurm."):]

    #: Names are stored in lower case (QOS, accounts), as sacctmgr does.
    _lower_names = True

    @classmethod
    def load(cls, name, db_connection=None):
        """The one called ``name``.

        Args:
            name: its name.
            db_connection: a :class:`pyslurm.db.Connection` (else one is
                opened for the load).

        Raises:
            ValueError: ``name`` is not a name.
            RPCError: there is no such one, or slurmdbd refused or did not
                answer.
        """
        key = _v.one_name("name", name, lower=cls._lower_names)
        found = cls._load_named([key], db_connection)
        if key not in found:
            raise cls._missing(key)
        return found[key]


cdef Operation begin(object db_connection):
    """An operation on ``db_connection`` (a pyslurm.db.Connection, or None:
    one opened for it), its TRES and QOS tables loaded."""
    cdef Operation op = Operation()
    if db_connection is None:
        op.conn = _Connection.open()
        op.own = True
    elif isinstance(db_connection, Connection):
        op.conn = db_connection
    else:
        raise TypeError(f"invalid value for db_connection: {db_connection!r} "
                        f"(expected a pyslurm.db.Connection or None)")
    op.db = handle(op.conn)
    try:
        op.tables()
    except BaseException:
        op.__exit__(ValueError, None, None)
        raise
    return op


def load_named(type coll, type item, get, tuple args, db_connection, str key="name"):
    """A ``coll`` (a ByName) of the ``item`` objects of the list that
    ``get(op, *args)`` (the module's request) loads, keyed by ``key``."""
    cdef Operation op = begin(db_connection)
    cdef MessageOwner owner
    with op:
        owner = get(op, *args)
    out = coll()
    for obj in bind(owner, item):
        out[getattr(obj, key)] = obj
    return out


class Filter:
    """What a ``load`` selects; ``_defaults`` (each subclass) names its
    criteria and their defaults."""

    _defaults: dict = {}

    def __init__(self, **kwargs):
        for k in kwargs:
            if k not in self._defaults:
                raise AttributeError(f"{type(self).__name__} has no criterion {k!r} "
                                     f"(it has {', '.join(self._defaults)})")
        for k, default in self._defaults.items():
            setattr(self, k, kwargs.get(k, default))

    def __repr__(self):
        return f"pyslurm.db.{type(self).__name__}({vars(self)!r})"


class ByName(dict):
    """Accounting objects keyed by name (QOS, accounts, users)."""

    def to_dict(self, recursive=False):
        """``{name: object.to_dict()}``."""
        return {k: v.to_dict() for k, v in self.items()}


class WithAssocs(ByName):
    """Accounts or users keyed by name; each subclass names its item class
    (``_item``), its request (``_get(op, names, with_assocs,
    with_deleted)``) and whether its names are lower case."""

    _lower = True

    @classmethod
    def load(cls, names=None, db_connection=None, with_assocs=True, with_deleted=False):
        """Load those called ``names`` (every one without).

        Args:
            names: names (a list, or a comma-separated str).
            db_connection: a :class:`pyslurm.db.Connection` (else one is
                opened for the load).
            with_assocs: load their associations too.
            with_deleted: also deleted ones.

        Raises:
            ValueError: an invalid name.
            RPCError: slurmdbd refused or did not answer.
        """
        names = _v.names("names", names, lower=cls._lower) if names else None
        return load_named(cls, cls._item, cls._get, (names, with_assocs, with_deleted),
                          db_connection)


__all__ = []
