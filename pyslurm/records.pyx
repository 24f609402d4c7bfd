# cython: language_level=3
"""Ownership of libslurm messages whose records become pyslurm objects.

A ``*_info_msg_t`` is returned by one RPC and freed by one
``slurm_free_*_msg`` call.  :class:`MessageOwner` holds it; every object
made from one of its records (``Node``, ``Partition``, ...) keeps a
reference to the owner and a *borrowed* pointer to its record.  The message
is freed when the owner and every object made from it are gone: exactly
once, never while a record is still readable.

The pattern for an entity module::

    cdef void _free_msg(void *p) noexcept nogil:
        slurm_free_node_info_msg(<node_info_msg_t *> p)

    owner = MessageOwner.wrap(msg, _free_msg, msg.last_update)
    for i in range(msg.record_count):
        items.append(Node.from_ptr(&msg.node_array[i], owner))

:class:`FieldReader` reads every public property of such an object into a
dict (its ``to_dict()``), or a chosen few of them (``load_fields()``).
"""

cimport cython
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM


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


@cython.no_gc          # holds no object that could refer back to it
cdef class MessageOwner:
    """Holds one libslurm message; not created from Python."""

    def __cinit__(self):
        self.ptr = NULL
        self.free_fn = NULL
        self.last_update = None
        self.completed = False

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


cdef class FieldReader:
    """Every public property of an extension type, read into a dict.

    ``FieldReader(cls)`` collects the properties of ``cls`` (in class order,
    names not starting with ``_``), ``FieldReader(cls, fields)`` the named
    ones (ValueError for a name that is not one); :meth:`read` calls their C getters
    directly, so ``to_dict()`` costs what the properties cost, without an
    attribute lookup per field.
    """

    def __cinit__(self):
        self.getters = NULL
        self.closures = NULL
        self.count = 0

    def __init__(self, cls, fields=None):
        cdef PyGetSetDescrObject *descr
        cdef Py_ssize_t i
        props = {name: value for name, value in vars(cls).items()
                 if not name.startswith("_") and type(value) is type(_GETSET_SAMPLE)}
        names = tuple(props) if fields is None else _field_names(cls, props, fields)
        self.getters = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        self.closures = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        if self.getters == NULL or self.closures == NULL:
            raise MemoryError()
        for i, name in enumerate(names):
            descr = <PyGetSetDescrObject *> props[name]
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
        for i in range(self.count):
            out[names[i]] = (<getter_fn> self.getters[i])(obj, self.closures[i])
        return out

    cdef tuple read_tuple(self, object obj):
        cdef tuple out = PyTuple_New(self.count)
        cdef Py_ssize_t i
        cdef object value
        for i in range(self.count):
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
    """``fields`` checked against the properties of ``cls``."""
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


cpdef FieldReader field_reader(cls, fields):
    """A FieldReader of ``fields`` of ``cls``, made once per distinct list.

    Raises:
        ValueError: a name is not a public attribute of ``cls``.
    """
    try:
        key = (cls, fields if isinstance(fields, str) else tuple(fields))
        reader = _READERS.get(key)
    except TypeError:                   # not a list of names: FieldReader says why
        return FieldReader(cls, fields)
    if reader is None:
        if len(_READERS) >= 256:
            _READERS.clear()
        reader = _READERS[key] = FieldReader(cls, fields)
    return reader


# Any getset descriptor: its type is what FieldReader looks for.
_GETSET_SAMPLE = type(lambda: None).__dict__["__name__"]
