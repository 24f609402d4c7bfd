# Step statistics (slurm_job_step_stat, needs libslurmfull): the call that
# pyslurm.step and pyslurm.job use; it knows nothing of their classes.
from libc.stdint cimport uint16_t
from slurm cimport slurm_step_id_t

cdef tuple stat_step(slurm_step_id_t sid, bytes nodes, uint16_t proto, list node_names,
                     str label)
