# cython: language_level=3
"""The entity skeleton: what every pyslurm entity is made of.

An entity (node, partition, reservation, job, step, the controller's
configuration) is one libslurm message kind and one :class:`Record`
subclass:

* :class:`MessageOwner` holds one ``*_info_msg_t`` (or ``slurm_conf_t``)
  returned by one RPC, and frees it once, with the matching
  ``slurm_free_*``, when the last object made from it is gone.
* :func:`load_message` is the one loader: it issues the RPC of a
  :c:type:`MessageKind` (``slurm_load_node``, ``slurm_load_jobs``, ...),
  turns "no change since ``update_time``" into None and any failure into
  :class:`pyslurm.RPCError`, and wraps the message.
* Every object made from a record is a :class:`Record`: it *borrows* a
  pointer into the message and keeps a reference to the owner.  This is
  the one ownership rule: no record is copied, none is freed by the object
  that reads it.
* Simple attributes are :class:`Field` descriptors declared once in the
  class body (``name = f_str(&_N.name, "NodeName.")``): the offset of the
  C field and how its value reads (unset ``None``, unlimited
  ``pyslurm.UNLIMITED``, ...).  Attributes that need logic are ordinary
  properties.
* :class:`FieldReader` reads every attribute (``to_dict()``) or a chosen
  few (``load_fields()``) straight through the Fields and the properties'
  C getters.
* :class:`pyslurm.editable.Editable` is a Record also built from Python by
  name, to create, change or delete what it names.
* :class:`Loader` makes the items of a message and the rows of
  ``load_fields()`` in one C loop; :class:`pyslurm.loaded.LoadedMap` is
  the collection base (``Nodes``, ``Partitions``, ``Reservations``,
  ``Jobs``) with ``load``, ``reload`` and ``load_fields`` written once.

An entity module therefore holds data and what is truly its own: its
message kind (a few one-line C wrappers around its RPCs), its Fields, its
properties with logic, and its create/modify/delete requests.
"""

cimport cython
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t, int32_t
from libc.stdlib cimport malloc
from libc.string cimport memcpy, memset
from libc.time cimport time_t
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.object cimport PyObject
from cpython.ref cimport Py_REFCNT

from pyslurm.core cimport ensure_init, check_rc_errno
from pyslurm.convert cimport cstr, cpath, u16, u32, u64, timestamp
from slurm cimport NO_VAL
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR, SLURM_NO_CHANGE_IN_DATA
from compat cimport pyslurm_errno
from pyslurm.clusters cimport hold_local, release_local


cdef extern from *:
    """
    /* A new object of an extension type, made the way T.__new__(T) makes
     * it (__cinit__ runs, free lists are used), for a type known at run time. */
    static PyObject *pyslurm_new_object(PyObject *type, PyObject *args)
    {
        PyTypeObject *t = (PyTypeObject *) type;
        return t->tp_new(t, args, NULL);
    }
    """
    object pyslurm_new_object(object type, object args)

cdef tuple _NO_ARGS = ()


# -- the owner of a message --------------------------------------------------
@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class MessageOwner:
    """Holds one libslurm message; not created from Python."""

    def __cinit__(self):
        self.ptr = NULL
        self.free_fn = NULL
        self.last_update = None
        self.completed = False
        self.first = NULL
        self.count = 0
        self.size = 0
        self.cluster = None
        self.collections = 0

    def __init__(self):
        raise TypeError("MessageOwner is created by pyslurm's load functions only")

    def __dealloc__(self):
        if self.ptr != NULL and self.free_fn != NULL:
            self.free_fn(self.ptr)
        self.ptr = NULL

    @staticmethod
    cdef MessageOwner wrap(void *ptr, free_fn_t free_fn, long last_update):
        cdef MessageOwner o = MessageOwner.__new__(MessageOwner)
        o.ptr = ptr
        o.free_fn = free_fn
        o.last_update = last_update
        return o

    cdef void *record(self, Py_ssize_t i) noexcept:
        return self.first + i * self.size


cdef MessageOwner load_message(const MessageKind *kind, long since, uint32_t a=NO_VAL,
                               uint32_t b=NO_VAL):
    """One RPC of ``kind``; the owner of its message, or None when the
    controller reports no change since ``since`` (0: load in any case).

    Raises:
        RPCError: the call failed (Slurm's errno and message).
    """
    cdef void *msg = NULL
    cdef int rc, err = 0
    cdef long last = 0
    cdef MessageOwner owner
    cdef int held
    ensure_init()
    held = hold_local()     # local, or where this thread's route() block goes
    try:
        with nogil:
            rc = kind.load(since, &msg, a, b)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
    finally:
        release_local(held)
    if rc == SLURM_NO_CHANGE_IN_DATA or (rc == SLURM_ERROR and err == SLURM_NO_CHANGE_IN_DATA):
        if msg != NULL:
            kind.free(msg)
        return None
    if rc != SLURM_SUCCESS and msg != NULL:
        kind.free(msg)
        msg = NULL
    check_rc_errno(rc, err, kind.rpc.decode())
    owner = MessageOwner.wrap(msg, kind.free, 0)
    if msg != NULL:
        if kind.count_at < 0:
            owner.first = <char *> msg
            owner.count = 1
        else:
            owner.first = (<char **> (<char *> msg + kind.array_at))[0]
            owner.count = (<uint32_t *> (<char *> msg + kind.count_at))[0]
        last = (<time_t *> (<char *> msg + kind.time_at))[0]
    owner.size = kind.record_size
    owner.last_update = last
    return owner


cdef MessageKind message_kind(const char *rpc, load_fn_t load, free_fn_t free,
                              size_t record_size, void *array, uint32_t *count,
                              time_t *last_update, char **name=NULL,
                              free_fn_t free_record=NULL) noexcept:
    """A message kind; ``array``, ``count``, ``last_update`` and ``name``
    are the addresses of those fields in a NULL message (record), i.e. their
    offsets; ``count`` NULL: the message itself is the one record.
    ``free_record`` frees a record moved out of the message (its members
    and the record): a kind that has one detaches the items that outlive
    their collection (see :meth:`Loader.release`)."""
    cdef MessageKind k
    k.rpc = rpc
    k.load = load
    k.free = free
    k.record_size = record_size
    k.array_at = <Py_ssize_t> array
    k.count_at = -1 if count == NULL else <Py_ssize_t> count
    k.time_at = <Py_ssize_t> last_update
    k.name_at = -1 if name == NULL else <Py_ssize_t> name
    k.free_record = free_record
    return k


cdef int for_each_item(dict data, MessageOwner owner, Py_ssize_t *n, Py_ssize_t *survivors,
                       const MessageKind *detach_kind) except -1:
    """Count the items of ``data`` made from ``owner`` and those something
    besides ``data`` refers to; with ``detach_kind``, detach the latter."""
    cdef PyObject *bucket
    cdef PyObject *key
    cdef PyObject *value
    cdef Py_ssize_t i = 0, j
    cdef Record r
    n[0] = survivors[0] = 0
    while PyDict_Next(data, &i, &key, &bucket):
        j = 0
        while PyDict_Next(<object> bucket, &j, &key, &value):
            if (<Record> value).owner is not owner:
                continue
            n[0] += 1
            if Py_REFCNT(<object> value) > 1:       # not only the bucket's
                survivors[0] += 1
                if detach_kind != NULL:
                    r = <Record> value
                    _detach(r, detach_kind)
    return 0


cdef int _detach(Record r, const MessageKind *kind) except -1:
    """Move ``r``'s record out of its message into a record of its own (the
    message's slot is zeroed, so freeing the message frees none of it), held
    by an owner of that one record: ``r`` no longer keeps the message."""
    cdef MessageOwner old = r.owner
    cdef void *copy = malloc(kind.record_size)
    if copy == NULL:
        raise MemoryError()
    memcpy(copy, r._rec, kind.record_size)
    memset(r._rec, 0, kind.record_size)
    cdef MessageOwner own = MessageOwner.wrap(copy, kind.free_record, 0)
    own.last_update = old.last_update
    own.cluster = old.cluster
    own.first = <char *> copy
    own.count = 1
    own.size = kind.record_size
    r.owner = own
    r._bind(copy)
    return 0


cdef inline bint _usable(const MessageKind *kind, void *rec) noexcept:
    """False for a hidden or unused slot (its name is NULL)."""
    return kind.name_at < 0 or (<char **> (<char *> rec + kind.name_at))[0] != NULL


# -- the record base class ----------------------------------------------------
@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Record:
    """What every entity object is: a view of one record of a libslurm
    message (borrowed, the message kept alive by its owner), or, for an
    object built from Python, no record at all."""

    def __cinit__(self):
        self._rec = NULL
        self.owner = None

    cdef void _bind(self, void *rec):
        self._rec = rec

    cdef object _unloaded(self, str name):
        return None

    cdef object _key(self):
        return None

    cdef object _cluster(self):
        return None

    @property
    def _message(self):
        """The owner of the message this object reads (None for an object
        built from Python); for tests and debugging of copy on detach."""
        return self.owner

    @property
    def is_loaded(self):
        """True when the attributes come from the controller."""
        return self._rec != NULL

    @property
    def cluster(self):
        """The cluster the object belongs to (None for one built from Python)."""
        if self._rec == NULL:
            return None
        return self._cluster() or self.owner.cluster

    def to_dict(self, recursive=False):
        """Every attribute as a plain dict.  Never fails because of one
        attribute: one that cannot be read is None.  (``recursive`` is
        upstream pyslurm's: the values are plain data either way.)"""
        return record_dict(self)

    def as_dict(self, recursive=False):
        """:meth:`to_dict` (upstream pyslurm's other name)."""
        return self.to_dict(recursive)

    def _repr_html_(self):
        """Jupyter's rich display: a card of the key facts (see
        :func:`pyslurm.display.card_html`)."""
        from pyslurm import display
        return display.card_html(self)


cdef class Loader:
    """How a collection makes its items from a message of its kind."""

    def __init__(self):
        raise TypeError("Loader is created by pyslurm's entity modules only")

    @staticmethod
    cdef Loader make(const MessageKind *kind, type item_type):
        cdef Loader loader = Loader.__new__(Loader)
        loader.kind = kind
        loader.item_type = item_type
        return loader

    cdef Record item(self, MessageOwner owner, void *rec):
        cdef Record r = <Record> pyslurm_new_object(self.item_type, _NO_ARGS)
        r.owner = owner
        r._bind(rec)
        return r

    def load(self, update_time=None, a=None, b=None):
        """One RPC: the MessageOwner, or None when nothing changed since
        ``update_time``."""
        return load_message(self.kind, 0 if update_time is None else int(update_time),
                            NO_VAL if a is None else a, NO_VAL if b is None else b)

    def items(self, MessageOwner owner):
        """An item per usable record, in the message's order."""
        cdef Py_ssize_t i
        cdef void *rec
        cdef list out = []
        for i in range(owner.count):
            rec = owner.record(i)
            if _usable(self.kind, rec):
                out.append(self.item(owner, rec))
        return out

    def index(self, MessageOwner owner):
        """``{cluster: {key: item}}`` of the message's usable records."""
        cdef Py_ssize_t i
        cdef void *rec
        cdef Record r
        cdef dict data = {}
        cdef dict bucket = None
        cdef object bucket_cluster = None
        for i in range(owner.count):
            rec = owner.record(i)
            if not _usable(self.kind, rec):
                continue
            r = self.item(owner, rec)
            cluster = r._cluster() or owner.cluster or ""
            if bucket is None or cluster is not bucket_cluster:
                bucket = data.get(cluster)
                if bucket is None:
                    bucket = data[cluster] = {}
                bucket_cluster = cluster
            bucket[r._key()] = r
        return data

    def release(self, dict data, MessageOwner owner):
        """A collection lets go of its items (``data``: its ``{cluster: {key:
        item}}`` made from ``owner``'s message), the last collection that
        holds that message (``owner.collections``, which it has already
        counted down).  A few items that something else still refers to
        are detached from the message (their records moved out, see
        ``free_record``), so that one long-lived item does not keep the
        whole message alive.  Nothing is moved when more than a quarter of
        the items live on: keeping the message is then cheaper than copying
        them.  Returns how many were detached."""
        cdef Py_ssize_t n = 0, survivors = 0
        if self.kind.free_record == NULL or owner is None or owner.collections > 0:
            return 0
        for_each_item(data, owner, &n, &survivors, NULL)
        if survivors == 0 or survivors * 4 > n:
            return 0
        for_each_item(data, owner, &n, &survivors, self.kind)
        return survivors

    def rows(self, MessageOwner owner, FieldReader reader, bint as_tuples):
        """``reader``'s fields of every usable record, read through one
        object pointed at each record in turn (no object per record)."""
        cdef Py_ssize_t i
        cdef void *rec
        cdef list out = []
        cdef Record cursor = self.item(owner, NULL)
        try:
            for i in range(owner.count):
                rec = owner.record(i)
                if not _usable(self.kind, rec):
                    continue
                cursor._bind(rec)
                out.append(reader.read_tuple(cursor) if as_tuples else reader.read(cursor))
        finally:
            cursor._bind(NULL)
        return out


# -- fields ---------------------------------------------------------------------
cdef enum:
    K_STR, K_PATH, K_NUM, K_RAW, K_BOOL, K_BITS, K_INT32, K_TIME, K_DOUBLE, K_LIST,
    K_CALL_STR, K_CALL_U16, K_CALL_U32


cdef inline uint64_t _uint(char *p, int width) noexcept:
    if width == 4:
        return (<uint32_t *> p)[0]
    if width == 2:
        return (<uint16_t *> p)[0]
    if width == 8:
        return (<uint64_t *> p)[0]
    return (<uint8_t *> p)[0]


cdef inline object _num(uint64_t v, int width):
    """pyslurm's reading of an unsigned field: NO_VAL* None, INFINITE* UNLIMITED."""
    if width == 4:
        return u32(<uint32_t> v)
    if width == 2:
        return u16(<uint16_t> v)
    if width == 8:
        return u64(v)
    return v


cdef class Field:
    """A simple attribute, declared once in an entity's class body: where
    its value is in the record and how it reads (pyslurm's conventions:
    unset ``None``, unlimited ``pyslurm.UNLIMITED``, times as unix time).
    Made by the ``f_*`` functions, which take the field's address in a
    NULL record, so that the C compiler checks its type (and picks the
    width it has in this Slurm major)."""

    def __init__(self):
        raise TypeError("Fields are declared with pyslurm.records' f_* functions")

    @property
    def __doc__(self):
        return self._doc

    def __get__(self, obj, objtype):
        if obj is None:
            return self
        return self.read(<Record> obj)

    def __set__(self, obj, value):
        raise AttributeError(f"attribute {self.name!r} is read-only")

    def __repr__(self):
        return f"<pyslurm field {self.name!r}>"

    cdef object read(self, Record obj):
        cdef char *p
        cdef uint64_t v
        cdef object value
        if obj._rec == NULL:
            return obj._unloaded(self.name)
        p = <char *> obj._rec + self.offset
        k = self.kind
        if k == K_STR:
            value = cstr((<char **> p)[0])
            if value is None and self.empty is not None:
                return self.empty()
        elif k == K_NUM:
            v = _uint(p, self.width)
            if self.zero_none and v == 0:
                return None
            value = _num(v, self.width)
        elif k == K_RAW:
            value = _uint(p, self.width)
        elif k == K_TIME:
            value = timestamp((<time_t *> p)[0])
        elif k == K_BOOL:
            return _uint(p, self.width) != 0
        elif k == K_BITS:
            return (_uint(p, self.width) & self.mask) != 0
        elif k == K_LIST:
            value = cstr((<char **> p)[0])
            if not value:
                return []
            return [x.strip() for x in value.split(self.convert) if x.strip()]
        elif k == K_CALL_STR:
            value = cstr((<str_getter_t> self.fn)(obj._rec))
            if value is None and self.empty is not None:
                return self.empty()
        elif k == K_CALL_U16:
            value = u16((<u16_getter_t> self.fn)(obj._rec))
        elif k == K_CALL_U32:
            value = u32((<u32_getter_t> self.fn)(obj._rec))
        elif k == K_PATH:
            value = cpath((<char **> p)[0])
        elif k == K_INT32:
            value = (<int32_t *> p)[0]
        else:
            value = (<double *> p)[0]
        if self.convert is not None and value is not None:
            return self.convert(value)
        return value


cdef Field _field(void *p, int kind, int width, str doc, bint zero_none, object convert):
    cdef Field f = Field.__new__(Field)
    f.offset = <Py_ssize_t> p        # the address of the field in a NULL record
    f.kind = kind
    f.width = width
    f.zero_none = zero_none
    f.convert = convert
    f._doc = doc
    return f


cdef Field f_str(char **p, str doc, object convert=None, object empty=None):
    """A C string: None for NULL or "" (or what ``empty()`` makes then);
    ``convert`` applies to the str."""
    cdef Field f = _field(p, K_STR, 0, doc, False, convert)
    f.empty = empty
    return f


cdef Field f_list(char **p, str doc, str sep=","):
    """A C string of ``sep``-separated items, as a fresh list of them
    without surrounding blanks and without empty ones ([] for NULL or "")."""
    return _field(p, K_LIST, 0, doc, False, sep)


cdef Field f_path(char **p, str doc):
    """A file path: bytes that are not UTF-8 read as surrogate escapes."""
    return _field(p, K_PATH, 0, doc, False, None)


cdef Field f_num(uint_t *p, str doc, bint zero_none=False, object convert=None):
    """An unsigned number: NO_VAL* None, INFINITE* UNLIMITED (``zero_none``:
    0 None too)."""
    return _field(p, K_NUM, sizeof(p[0]), doc, zero_none, convert)


cdef Field f_raw(uint_t *p, str doc, object convert=None):
    """An unsigned integer read as it is."""
    return _field(p, K_RAW, sizeof(p[0]), doc, False, convert)


cdef Field f_bool(uint_t *p, str doc):
    """A flag: True when not 0."""
    return _field(p, K_BOOL, sizeof(p[0]), doc, False, None)


cdef Field f_bits(uint_t *p, uint64_t mask, str doc):
    """True when any bit of ``mask`` is set."""
    cdef Field f = _field(p, K_BITS, sizeof(p[0]), doc, False, None)
    f.mask = mask
    return f


cdef Field f_int32(int32_t *p, str doc):
    """An int32 read as it is."""
    return _field(p, K_INT32, 4, doc, False, None)


cdef Field f_time(time_t *p, str doc):
    """A point in time: unix time; 0 and the sentinels read as None."""
    return _field(p, K_TIME, sizeof(time_t), doc, False, None)


cdef Field f_double(double *p, str doc):
    """A double read as it is."""
    return _field(p, K_DOUBLE, 8, doc, False, None)


cdef Field f_call_str(str_getter_t fn, str doc, object convert=None, object empty=None):
    """A C string a getter of the record gives (as :func:`f_str`)."""
    cdef Field f = _field(NULL, K_CALL_STR, 0, doc, False, convert)
    f.fn = <void *> fn
    f.empty = empty
    return f


cdef Field f_call_u16(u16_getter_t fn, str doc):
    """A uint16 a getter of the record gives (NO_VAL16 None, INFINITE16 UNLIMITED)."""
    cdef Field f = _field(NULL, K_CALL_U16, 2, doc, False, None)
    f.fn = <void *> fn
    return f


cdef Field f_call_u32(u32_getter_t fn, str doc):
    """A uint32 a getter of the record gives (NO_VAL None, INFINITE UNLIMITED)."""
    cdef Field f = _field(NULL, K_CALL_U32, 4, doc, False, None)
    f.fn = <void *> fn
    return f


def bind_fields(cls):
    """Give every Field of ``cls`` its attribute name (extension types do
    not call ``__set_name__``); called once after each entity class."""
    for name, value in vars(cls).items():
        if isinstance(value, Field):
            (<Field> value).name = name
    return cls


# -- reading fields ---------------------------------------------------------------
# The C getter of a property: new reference, NULL with an exception set.
ctypedef object (*getter_fn)(object, void *)


cdef extern from "Python.h":
    # CPython's property-like attributes of extension types: a getset
    # descriptor holds the C getter Cython generated for a property.
    ctypedef struct PyGetSetDef:
        getter_fn get
        void *closure
    ctypedef struct PyGetSetDescrObject:
        PyGetSetDef *d_getset


_SKELETON_MODULES = ("pyslurm.records", "pyslurm.editable")


def public_attributes(cls):
    """``{name: descriptor}`` of the public attributes of an entity class
    (its properties and Fields; of the skeleton's classes only
    ``cluster``), in class order."""
    out = {}
    for klass in reversed(cls.__mro__):
        skeleton = klass.__module__ in _SKELETON_MODULES
        for name, value in vars(klass).items():
            if name.startswith("_") or (skeleton and name != "cluster"):
                continue
            if isinstance(value, Field) or type(value) is type(_GETSET_SAMPLE):
                out[name] = value
    return out


cdef class FieldReader:
    """Every public attribute of an entity class, read into a dict.

    ``FieldReader(cls)`` collects the Fields and properties of ``cls`` (in
    class order, names not starting with ``_``, less those its
    ``_not_in_dict`` names), ``FieldReader(cls, fields)`` the named ones
    (ValueError for a name that is not one);
    :meth:`read` reads Fields directly and calls the properties' C getters,
    so ``to_dict()`` costs what the attributes cost, without an attribute
    lookup per field.
    """

    def __cinit__(self):
        self.getters = NULL
        self.closures = NULL
        self.count = 0

    def __init__(self, cls, fields=None):
        cdef PyGetSetDescrObject *descr
        cdef Py_ssize_t i
        props = public_attributes(cls)
        if fields is None:          # to_dict(): all but what the class leaves out of it
            skip = getattr(cls, "_not_in_dict", ())
            names = tuple(n for n in props if n not in skip)
        else:
            names = _field_names(cls, props, fields)
        self.getters = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        self.closures = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        if self.getters == NULL or self.closures == NULL:
            raise MemoryError()
        self.fields = []
        for i, name in enumerate(names):
            value = props[name]
            if isinstance(value, Field):
                self.fields.append(value)
                self.getters[i] = NULL
                self.closures[i] = NULL
            else:
                descr = <PyGetSetDescrObject *> value
                self.fields.append(None)
                self.getters[i] = <void *> descr.d_getset.get
                self.closures[i] = descr.d_getset.closure
        self.names = names
        self.count = len(names)
        self.cls = cls

    def __dealloc__(self):
        PyMem_Free(self.getters)
        PyMem_Free(self.closures)

    cdef dict read(self, object obj):
        cdef dict out = {}
        cdef Py_ssize_t i
        cdef tuple names = self.names
        cdef list fields = self.fields
        cdef object f
        for i in range(self.count):
            f = fields[i]
            if f is not None:
                out[names[i]] = (<Field> f).read(<Record> obj)
            else:
                out[names[i]] = (<getter_fn> self.getters[i])(obj, self.closures[i])
        return out

    cdef tuple read_tuple(self, object obj):
        cdef tuple out = PyTuple_New(self.count)
        cdef Py_ssize_t i
        cdef object value, f
        cdef list fields = self.fields
        for i in range(self.count):
            f = fields[i]
            if f is not None:
                value = (<Field> f).read(<Record> obj)
            else:
                value = (<getter_fn> self.getters[i])(obj, self.closures[i])
            Py_INCREF(value)                  # PyTuple_SET_ITEM steals it
            PyTuple_SET_ITEM(out, i, value)
        return out

    cpdef list rows(self, objects, bint as_tuples=False):
        """The fields of each of ``objects``: a dict each, or a tuple in
        field order with ``as_tuples``."""
        if as_tuples:
            return [self.read_tuple(obj) for obj in objects]
        return [self.read(obj) for obj in objects]


def _field_names(cls, props, fields):
    """``fields`` checked against the attributes of ``cls``."""
    if isinstance(fields, str):
        fields = [fields]
    try:
        names = tuple(fields)
    except TypeError:
        raise ValueError(f"invalid value for fields: {fields!r} (expected a list of "
                         f"attribute names of {cls.__name__})") from None
    if not names:
        raise ValueError(f"invalid value for fields: {fields!r} (no attribute named)")
    for name in names:
        if not isinstance(name, str) or name not in props:
            raise ValueError(f"invalid value for fields: {name!r} is not an attribute of "
                             f"{cls.__name__} (see {cls.__name__}.to_dict() for the names)")
    return names


_READERS = {}


cdef dict _DICT_READERS = {}    # class -> its to_dict() reader (one per class)


cdef dict record_dict(Record obj):
    """``obj.to_dict()`` of a loaded object: its class's reader, found with
    one dict lookup; an attribute that raises reads as None."""
    cdef PyObject *found = PyDict_GetItem(_DICT_READERS, type(obj))
    cdef FieldReader reader
    if found == NULL:
        reader = field_reader(type(obj), None)
        _DICT_READERS[type(obj)] = reader
    else:
        reader = <FieldReader> found
    try:
        return reader.read(obj)        # every attribute's reader in turn
    except Exception:
        pass
    out = {}
    for name in reader.names:
        try:
            out[name] = getattr(obj, name)
        except Exception:
            out[name] = None
    return out


cpdef FieldReader field_reader(cls, fields):
    """A FieldReader of ``fields`` of ``cls`` (None: every attribute), made
    once per distinct list.

    Raises:
        ValueError: a name is not a public attribute of ``cls``.
    """
    if fields is not None and not isinstance(fields, str):
        try:
            fields = tuple(fields)      # an iterator is read once, here
        except TypeError:               # not a list of names: FieldReader says why
            return FieldReader(cls, fields)
    try:
        key = (cls, fields)
        reader = _READERS.get(key)
    except TypeError:                   # unhashable names: FieldReader says why
        return FieldReader(cls, fields)
    if reader is None:
        if len(_READERS) >= 256:
            _READERS.clear()
        reader = _READERS[key] = FieldReader(cls, fields)
    return reader


# Any getset descriptor: its type is what FieldReader looks for.
_GETSET_SAMPLE = type(lambda: None).__dict__["__name__"]


__all__ = ["MessageOwner", "Record", "Loader", "Field", "FieldReader",
           "field_reader", "bind_fields", "public_attributes"]
