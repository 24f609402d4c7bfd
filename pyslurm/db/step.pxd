# Accounting job steps (pyslurm.db.step): borrowed from a job's step list.
cimport cython
from pyslurm.records cimport Record
from pyslurm.db._jobs cimport JobList
from slurmdb cimport slurmdb_step_rec_t


@cython.no_gc
cdef class JobStep(Record):
    cdef slurmdb_step_rec_t *ptr     # borrowed; the JobList owner keeps it
    cdef object _stats               # JobStepStatistics, made on first use

cdef object steps_of(void *step_list, JobList owner)   # a JobSteps of the list
