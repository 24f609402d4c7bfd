# The write side of the entity skeleton (see editable.pyx).
cimport cython
from pyslurm.records cimport Record

# An entity that is also built from Python, by name, to be created,
# changed or deleted (nodes, partitions, reservations).
cdef enum:
    CREATE = 0
    MODIFY = 1


@cython.no_gc   # refers to no object that could refer back to it
cdef class Editable(Record):
    cdef dict _changes           # values given from Python (checked); a shared {} when loaded

    cdef dict _check(self, dict changes)              # entity: validate changes
    cdef dict _final(self, dict changes, int action)  # entity: checks of the whole request
    cdef object _send(self, dict changes, int action)  # entity: the create/update RPC
    cdef object _remove(self, str name)               # entity: the delete RPC


# A delete request that names one object (delete_part_msg_t, reservation_name_msg_t).
ctypedef struct named_msg_t:
    char *name
ctypedef int (*delete_fn_t)(void *msg) noexcept nogil
cdef int delete_named(delete_fn_t fn, str name, str context) except -1
