# Routing RPCs to other clusters (pyslurm.clusters): what the entity modules
# cimport besides the Python-level route() context manager.
from slurm cimport job_desc_msg_t

# sbatch -M a,b: the name of the cluster among ``names`` where the job
# would start first (libslurm's slurmdb_get_first_avail_cluster)
cdef str first_available(job_desc_msg_t *desc, list names)
