# The one owner of a libslurm message (node_info_msg_t, partition_info_msg_t,
# ...): objects made from its records borrow pointers into it and keep a
# reference to the owner, so the message is freed exactly once, when the
# last of them goes.

ctypedef void (*free_fn_t)(void *ptr) noexcept nogil

cdef class MessageOwner:
    cdef void *ptr               # owned; released with free_fn in __dealloc__
    cdef free_fn_t free_fn       # the matching slurm_free_*_msg
    cdef readonly object last_update   # the message's last_update (unix time)
    cdef bint completed          # an entity's lazy completion of the records ran (e.g. node partitions)

    @staticmethod
    cdef MessageOwner wrap(void *ptr, free_fn_t free_fn, long last_update)
