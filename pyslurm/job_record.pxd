# The attributes of a job: JobRecord views one job_info_t record of a
# job_info_msg_t (borrowed; the MessageOwner keeps it alive).  Job
# (pyslurm.job) adds the actions and the loading.
cimport cython
from libc.stdint cimport uint32_t
from slurm cimport job_info_t, job_array_resp_msg_t
from pyslurm.records cimport MessageKind, Record

cdef const MessageKind *jobs_kind() noexcept     # slurm_load_jobs / slurm_load_job_user
cdef const MessageKind *one_job_kind() noexcept  # slurm_load_job


@cython.no_gc   # refers to no object that could refer back to it
cdef class JobRecord(Record):
    cdef job_info_t *ptr        # the record (_rec, typed); NULL for Job(id)
    cdef uint32_t _id           # the job id (also for an empty handle)
    cdef object _cluster_name   # an empty handle's cluster, looked up lazily
    cdef object _task           # array task index when addressed as "ARRAY_TASK", else None

    cdef str _tres_string(self)  # allocated TRES, else requested (the raw string)

# raise for the first task the controller refused in a *2 call's answer
cdef int check_array_resp(job_array_resp_msg_t *resp, str what) except -1
