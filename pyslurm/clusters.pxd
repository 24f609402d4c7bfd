# Routing RPCs to other clusters (pyslurm.clusters): what the entity modules
# cimport besides the Python-level route() context manager.
from slurm cimport job_desc_msg_t

# sbatch -M a,b: the name of the cluster among ``names`` where the job
# would start first (libslurm's slurmdb_get_first_avail_cluster)
cdef str first_available(job_desc_msg_t *desc, list names)

# a local RPC outside route(): the shared side of the gate (no routed call
# of another thread runs meanwhile); nothing inside this thread's route
# block.  hold_local() -> 1 when taken; release_local(that) after the RPC.
# Both keep errno.
cdef int hold_local() except -1
cdef int release_local(int held) except -1
