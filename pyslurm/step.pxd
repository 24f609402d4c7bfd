# Job steps: JobStep wraps one job_step_info_t record borrowed from a
# job_step_info_response_msg_t held by a MessageOwner (pyslurm.records).
from libc.stdint cimport uint32_t
from pyslurm.records cimport MessageOwner
from slurm cimport job_step_info_t

cdef class JobStep:
    cdef job_step_info_t *ptr    # borrowed from owner's message; NULL for a handle
    cdef MessageOwner owner      # keeps the message alive while ptr is used
    cdef uint32_t _job_id        # the job's id (also for a handle)
    cdef uint32_t _step_id       # Slurm's step id (SLURM_BATCH_SCRIPT etc. for the named steps)
    cdef readonly object stats   # JobStepStatistics, filled by load_stats() (pyslurm.stats)
    cdef readonly object pids    # {node: [pid, ...]}, filled by load_stats()

    @staticmethod
    cdef JobStep from_ptr(job_step_info_t *ptr, MessageOwner owner)
