# The owner of one slurmdb_jobs_get() list (pyslurm.db.job, .step): the
# list, an array of its records for the skeleton's Loader, and the tables
# its records' numbers are read with.
cimport cython
from pyslurm.records cimport MessageOwner, Loader

ctypedef struct db_list_t:
    void *list                   # the slurmdb_jobs_get() list (slurmdb_job_rec_t *)
    void **array                 # its records kept by the load, in list order

cdef class JobList(MessageOwner):
    cdef public object tres      # pyslurm.db.tres.TresTable of this load
    cdef public dict qos         # QOS id -> name (None: not loaded)

# A JobList of `lst` (taken over): keep(rec, arg) chooses the records.
ctypedef bint (*keep_fn_t)(void *rec, void *arg) noexcept nogil
cdef JobList wrap_list(void *lst, keep_fn_t keep, void *arg)
cdef Loader make_loader(type item_type)   # items of a JobList (bound to array slots)
