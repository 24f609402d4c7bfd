# Declarations of slurmfull.h: libslurmfull's internal accounting functions
# for pyslurm.stats (the only module that includes it and links the library).
from libc.stdint cimport uint32_t
from slurm cimport jobacctinfo_t
from slurmdb cimport slurmdb_stats_t

cdef extern from "slurmfull.h" nogil:
    enum:
        PYSLURM_HAVE_SLURMFULL       # 0 when built without libslurmfull
        PYSLURM_TRES_CPU
        PYSLURM_TRES_MEM
        PYSLURM_TRES_ENERGY
        PYSLURM_TRES_FS_DISK
        PYSLURM_TRES_VMEM
        PYSLURM_TRES_PAGES

    jobacctinfo_t *jobacctinfo_create(void *jobacct_id)     # NULL id: an empty sum
    void jobacctinfo_destroy(void *obj)
    void jobacctinfo_aggregate(jobacctinfo_t *dest, jobacctinfo_t *src)
    void jobacctinfo_2_stats(slurmdb_stats_t *stats, jobacctinfo_t *jobacct)
    uint32_t g_tres_count                                   # size of libslurmfull's TRES table
    char *slurmdb_ave_tres_usage(char *tres_string, int tasks)  # xfree the result

    uint32_t pyslurm_jobacct_tres_count(const jobacctinfo_t *j)
    int pyslurm_jobacct_has_tres_list(const jobacctinfo_t *j)
    int pyslurm_jobacct_post_tres_list(jobacctinfo_t *j)    # hands the list over
    double pyslurm_jobacct_user_cpu(const jobacctinfo_t *j)  # seconds
    double pyslurm_jobacct_sys_cpu(const jobacctinfo_t *j)   # seconds
