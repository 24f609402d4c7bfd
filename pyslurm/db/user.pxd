# Users of slurmdbd (pyslurm.db.user).
cimport cython
from pyslurm.db._admin cimport AdminRecord
from slurmdb cimport slurmdb_user_rec_t


@cython.no_gc   # refers to no object that could refer back to it
cdef class User(AdminRecord):
    cdef slurmdb_user_rec_t *ptr     # borrowed from a loaded list (NULL when built from Python)
