# Declarations of compat.h: the shims that hide differences between the
# supported Slurm majors.  See compat.h for what each one does.
from slurm cimport slurm_conf_t

cdef extern from "compat.h" nogil:
    slurm_conf_t slurm_conf          # libslurm's parsed local configuration
    int pyslurm_errno()              # errno of the last failed call
    void pyslurm_free_ctl_conf(slurm_conf_t *conf)

    ctypedef struct pyslurm_errno_name_t:
        const char *name             # e.g. "ESLURM_INVALID_JOB_ID"
        int value                    # its number in this major
    const pyslurm_errno_name_t pyslurm_errno_names[]

    const char *pyslurm_make_libslurm_global()   # NULL or an error text
