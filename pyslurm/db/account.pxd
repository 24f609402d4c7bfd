# Accounts of slurmdbd (pyslurm.db.account).
cimport cython
from pyslurm.db._admin cimport AdminRecord
from slurmdb cimport slurmdb_account_rec_t


@cython.no_gc   # refers to no object that could refer back to it
cdef class Account(AdminRecord):
    cdef slurmdb_account_rec_t *ptr  # borrowed from a loaded list (NULL when built from Python)

from pyslurm.db._admin cimport Operation

cdef list account_names(Operation op, names)   # which of these accounts exist
