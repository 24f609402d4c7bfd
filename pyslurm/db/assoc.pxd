# Associations of slurmdbd (pyslurm.db.assoc); the requests on them that
# accounts and users share.
cimport cython
from pyslurm.db._admin cimport AdminRecord, Operation
from slurmdb cimport slurmdb_assoc_rec_t


@cython.no_gc   # refers to no object that could refer back to it
cdef class Association(AdminRecord):
    cdef slurmdb_assoc_rec_t *ptr   # borrowed from a loaded list (NULL when built from Python)

cdef void *assoc_cond(Operation op, accounts=*, users=*, clusters=*, partitions=*,
                      ids=*) except NULL
cdef int check_clusters(Operation op, clusters) except -1      # ValueError: one unknown
cdef int add_assocs(Operation op, list entries) except -1      # dicts of checked fields
cdef list modify_assocs(Operation op, void *cond, dict changes)   # what changed
