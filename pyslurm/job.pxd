# Jobs: Job wraps one job_info_t record; JobSubmitDescription (pure Python,
# in job.pyx) is turned into a job_desc_msg_t for slurm_submit_batch_job and
# slurm_update_job by _fill_desc/_free_desc.
from libc.stdint cimport uint32_t
from slurm cimport job_info_t

cdef class Job:
    cdef job_info_t *ptr        # owned record (moved out of a job_info_msg_t); NULL for Job(id)
    cdef uint32_t _id           # the job id (also for an empty handle)
    cdef object _cluster        # cluster name; looked up lazily for empty handles
    cdef object _task           # array task index when addressed as "ARRAY_TASK", else None
    cdef public object steps    # JobSteps, filled by Jobs.load_steps() (None before)
    cdef readonly object stats  # JobStatistics, filled by load_stats() (pyslurm.stats)
    cdef readonly object pids   # {node: [pid, ...]}, filled by load_stats()

    @staticmethod
    cdef Job from_record(job_info_t *rec)   # takes the record over (see _move_record)
