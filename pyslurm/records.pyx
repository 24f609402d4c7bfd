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
"""


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
