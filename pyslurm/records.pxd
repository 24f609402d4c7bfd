# The one owner of a libslurm message (node_info_msg_t, partition_info_msg_t,
# ...): objects made from its records borrow pointers into it and keep a
# reference to the owner, so the message is freed exactly once, when the
# last of them goes.

ctypedef void (*free_fn_t)(void *ptr) noexcept nogil

cdef class MessageOwner:
    cdef void *ptr               # owned; released with free_fn in __dealloc__
    cdef free_fn_t free_fn       # the matching slurm_free_*_msg
    cdef readonly object last_update   # the message's last_update (unix time)
    # an entity's lazy completion of the records ran (e.g. node partitions)
    cdef bint completed

    @staticmethod
    cdef MessageOwner wrap(void *ptr, free_fn_t free_fn, long last_update)


# The attributes of an entity class (every public property) read into a
# dict through the properties' C getters directly: to_dict() of each entity.
cdef class FieldReader:
    cdef readonly tuple names    # the attribute names, in class order
    cdef Py_ssize_t count
    cdef void **getters          # the getset descriptors' C getter functions
    cdef void **closures
    cdef object cls              # keeps the descriptors alive

    cdef dict read(self, object obj)
    cdef tuple read_tuple(self, object obj)
    cpdef list rows(self, objects, bint as_tuples=*)


cpdef FieldReader field_reader(cls, fields)
