# Jobs: Job is a JobRecord (pyslurm.job_record: the attributes) with the
# actions; Jobs the collection.  Submitting and changing: pyslurm.submit.
from pyslurm.job_record cimport JobRecord

cdef class Job(JobRecord):
    cdef public object steps    # JobSteps, filled by Jobs.load_steps() (None before)
    cdef readonly object stats  # JobStatistics, filled by load_stats()
    cdef readonly object pids   # {node: [pid, ...]}, filled by load_stats()
