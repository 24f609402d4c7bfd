# The controller: ping and configuration (slurm_load_ctl_conf).
from slurm cimport slurm_conf_t

cdef class Config:
    cdef slurm_conf_t *ptr       # owned; freed with pyslurm_free_ctl_conf
