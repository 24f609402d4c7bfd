# What pyslurm.db's qos, assoc, account and user modules share: one
# operation against slurmdbd (connection, name tables, commit or rollback),
# the memory a request allocates, the records of a loaded list, and the
# filling of a request record from checked values by a table of fields.
cimport cython
from pyslurm.records cimport MessageOwner
from pyslurm.editable cimport Editable
from pyslurm.db.connection cimport Connection

ctypedef int (*add_fn)(void *db, void *l) noexcept nogil
ctypedef void *(*get_fn)(void *db, void *cond) noexcept nogil
ctypedef void *(*modify_fn)(void *db, void *cond, void *rec) noexcept nogil
ctypedef void *(*remove_fn)(void *db, void *cond) noexcept nogil

# how a field of a request record is set (fill())
cdef enum:
    W_U32           # a limit: UNLIMITED -> INFINITE (clears it)
    W_U16
    W_DBL
    W_STR           # char *
    W_TRES          # {name: count} -> "id=count,..." with slurmdbd's TRES numbers
    W_QOS_IDS       # QOS names -> a list of their ids as strings
    W_QOS_ID        # a QOS name -> its id (uint32)
    W_PREEMPT       # a QOS preemption mode (uint16)
    W_QOS_FLAGS     # QOS flag names -> bits (uint32)
    W_ADMIN         # an admin level name (uint16)


cdef class Scratch:
    cdef void **ptrs             # malloc'ed by alloc() / cstr(); freed in __dealloc__
    cdef Py_ssize_t n, cap
    cdef void **lists            # made by list(); destroyed (not their items) in __dealloc__
    cdef Py_ssize_t nl, capl

    cdef void *alloc(self, size_t size) except NULL   # zeroed
    cdef char *text(self, object s) except NULL
    cdef void *list(self) except NULL
    cdef void *strs(self, object items) except NULL   # a list of C copies of items


cdef class Operation:
    cdef Connection conn         # the caller's, or one opened for this operation
    cdef bint own                # opened here: committed on success, closed at the end
    cdef void *db
    cdef readonly object tres    # slurmdbd's TRES table (pyslurm.db.tres.TresTable)
    cdef readonly dict qos_ids   # QOS name -> id
    cdef readonly dict qos_names  # QOS id -> name
    cdef Scratch scratch

    cdef int tables(self) except -1            # load the TRES and QOS tables
    cdef int add(self, add_fn fn, void *lst, str call) except -1
    cdef list change(self, modify_fn fn, void *cond, void *rec, str call)   # what changed
    cdef list remove(self, remove_fn fn, void *cond, str call)             # what was removed
    cdef list _names(self, void *lst, int err, str call)
    cdef void *_list(self, get_fn fn, void *cond, str call) except NULL
    cdef MessageOwner get(self, get_fn fn, void *cond, str call)
    cdef int fill(self, void *rec, dict table, dict values) except -1


# The base of QualityOfService, Association, Account and User: an Editable
# whose create / modify / delete take a db_connection.
@cython.no_gc   # refers to no object that could refer back to it
cdef class AdminRecord(Editable):
    cdef object _db_connection   # the db_connection of the call under way (or None)


cdef Operation begin(object db_connection)        # with tables loaded
cdef list bind(MessageOwner owner, type cls)      # an object per record of the list
cdef list bind_list(MessageOwner owner, void *lst, type cls)   # ... of a list inside it
cdef list strs_of(void *lst, bint first_field=*)  # C strings (or records' first char *) as str
cdef void *ptr_at(const void *base, Py_ssize_t offset) noexcept   # a pointer field
cdef void set_ptr(void *base, Py_ssize_t offset, void *p) noexcept
