# Jobs: Job is a JobRecord (pyslurm.job_record: the attributes) with the
# actions; Jobs the collection.  Submitting and changing: pyslurm.submit.
cimport cython
from pyslurm.job_record cimport JobRecord


@cython.no_gc   # refers to no object that could refer back to it
cdef class Job(JobRecord):
    cdef public object steps    # JobSteps: Job.load() (not pending), Jobs.load_steps()
    cdef readonly object stats  # JobStatistics, filled by load_stats()
    cdef readonly object pids   # {node: [pid, ...]}, filled by load_stats()
