# The controller's configuration: one slurm_conf_t record (see config.pyx).
from slurm cimport slurm_conf_t
from pyslurm.records cimport Record

cdef class Config(Record):
    cdef slurm_conf_t *ptr       # borrowed from the message its owner holds
