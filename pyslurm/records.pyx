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
dict (its ``to_dict()``).
"""

cimport cython
from cpython.mem cimport PyMem_Malloc, PyMem_Free


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
    names not starting with ``_``); :meth:`read` calls their C getters
    directly, so ``to_dict()`` costs what the properties cost, without an
    attribute lookup per field.
    """

    def __cinit__(self):
        self.getters = NULL
        self.closures = NULL
        self.count = 0

    def __init__(self, cls):
        cdef PyGetSetDescrObject *descr
        cdef Py_ssize_t i
        names = tuple(name for name, value in vars(cls).items()
                      if not name.startswith("_") and type(value) is type(_GETSET_SAMPLE))
        self.getters = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        self.closures = <void **> PyMem_Malloc(max(len(names), 1) * sizeof(void *))
        if self.getters == NULL or self.closures == NULL:
            raise MemoryError()
        for i, name in enumerate(names):
            value = vars(cls)[name]
            descr = <PyGetSetDescrObject *> value
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


# Any getset descriptor: its type is what FieldReader looks for.
_GETSET_SAMPLE = type(lambda: None).__dict__["__name__"]
