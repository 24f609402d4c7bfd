# QOS of slurmdbd (pyslurm.db.qos).
cimport cython
from pyslurm.db._admin cimport AdminRecord
from slurmdb cimport slurmdb_qos_rec_t


@cython.no_gc   # refers to no object that could refer back to it
cdef class QualityOfService(AdminRecord):
    cdef slurmdb_qos_rec_t *ptr  # borrowed from a loaded list (NULL when built from Python)
