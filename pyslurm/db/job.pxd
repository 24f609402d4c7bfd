# Accounting jobs (pyslurm.db.job): borrowed from a JobList.
cimport cython
from pyslurm.records cimport Record
from slurmdb cimport slurmdb_job_rec_t


@cython.no_gc
cdef class Job(Record):
    cdef slurmdb_job_rec_t *ptr      # borrowed; the JobList owner keeps it
    cdef object _steps               # JobSteps, made on first use
    cdef object _stats               # JobStatistics, made on first use
    cdef dict _set                   # values set from Python (changes for modify)
    cdef object _id                  # the id of a Job built from Python
    cdef object _cluster_name        # the cluster of a Job built from Python

    cdef object _text(self, str name, const char *value)
    cdef int _change(self, str name, object value) except -1
