# Step statistics (slurm_job_step_stat, needs libslurmfull): the call that
# pyslurm.step and pyslurm.job use; it knows nothing of their classes.
from libc.stdint cimport uint16_t
from slurm cimport slurm_step_id_t

cdef tuple stat_step(slurm_step_id_t sid, bytes nodes, uint16_t proto, list node_names,
                     str label)

# A step's statistics as the accounting database keeps them (pyslurm.db.step).
from slurmdb cimport slurmdb_stats_t
cdef object accounting_step_stats(slurmdb_stats_t *st, list nodes, double user_cpu,
                                  double sys_cpu, double total_cpu, object elapsed_cpu)
