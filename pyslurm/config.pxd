# The controller's configuration: one slurm_conf_t record (see config.pyx).
cimport cython
from slurm cimport slurm_conf_t
from pyslurm.records cimport Record


@cython.no_gc   # refers to no object that could refer back to it
cdef class Config(Record):
    cdef slurm_conf_t *ptr       # borrowed from the message its owner holds
