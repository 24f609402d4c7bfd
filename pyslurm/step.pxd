# Job steps: JobStep wraps one job_step_info_t record of a
# job_step_info_response_msg_t (borrowed; the MessageOwner keeps it alive).
cimport cython
from libc.stdint cimport uint32_t
from slurm cimport job_step_info_t
from pyslurm.records cimport Record


@cython.no_gc   # refers to no object that could refer back to it
cdef class JobStep(Record):
    cdef job_step_info_t *ptr    # the record (_rec, typed); NULL for a handle
    cdef uint32_t _job_id        # the job's id (also for a handle)
    cdef uint32_t _step_id       # Slurm's step id (SLURM_BATCH_SCRIPT etc. for the named steps)
    cdef readonly object stats   # JobStepStatistics, filled by load_stats()
    cdef readonly object pids    # {node: [pid, ...]}, filled by load_stats()
    cdef dict _changes           # JobStep(..., time_limit=...): values for modify()

    cdef bint _stat(self) except -1   # fill stats and pids; True when running
