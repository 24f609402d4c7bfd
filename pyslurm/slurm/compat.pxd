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

# Hostlists, nodes and partitions (pyslurm.hostlist, .node, .partition).
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from slurm cimport node_info_t

cdef extern from "compat.h" nogil:
    ctypedef void *pyslurm_hostlist_t            # hostlist_t (22.05) / hostlist_t * (24.11+)
    pyslurm_hostlist_t pyslurm_hostlist_create(const char *s)   # NULL on failure
    void pyslurm_hostlist_destroy(pyslurm_hostlist_t hl)
    int pyslurm_hostlist_push_host(pyslurm_hostlist_t hl, const char *host)
    int pyslurm_hostlist_count(pyslurm_hostlist_t hl)
    int pyslurm_hostlist_find(pyslurm_hostlist_t hl, const char *host)  # index or -1
    void pyslurm_hostlist_uniq(pyslurm_hostlist_t hl)
    char *pyslurm_hostlist_shift(pyslurm_hostlist_t hl)          # free() the result
    char *pyslurm_hostlist_ranged(pyslurm_hostlist_t hl)         # pyslurm_hostlist_free_ranged() it
    void pyslurm_hostlist_free_ranged(char *s)

    uint16_t pyslurm_node_alloc_cpus(node_info_t *n)
    uint64_t pyslurm_node_alloc_memory(node_info_t *n)           # MiB
    char *pyslurm_node_alloc_tres(node_info_t *n)                # free() the result
    const char *pyslurm_node_resv_name(node_info_t *n)           # NULL before 24.11
    const char *slurm_node_state_string(uint32_t state)          # static: "IDLE~", "DRAINED"
    const char *slurm_preempt_mode_string(uint16_t mode)         # static: "OFF", "SUSPEND,GANG"

# ---- jobs ---- (pyslurm/job.pyx)
from libc.stdint cimport uint16_t, uint32_t
from slurm cimport job_info_t, job_info_msg_t, job_desc_msg_t, submit_response_msg_t

cdef extern from "compat.h" nogil:
    void pyslurm_free_job_record(job_info_t *job)   # members + the malloc'ed record
    int pyslurm_load_job(job_info_msg_t **resp, uint32_t job_id, uint16_t show_flags)
    int pyslurm_kill_job(uint32_t job_id, uint16_t signal, uint16_t flags)
    int pyslurm_suspend(uint32_t job_id)
    int pyslurm_resume(uint32_t job_id)
    int pyslurm_requeue(uint32_t job_id, uint32_t flags)
    int pyslurm_notify_job(uint32_t job_id, char *message)
    int pyslurm_job_batch_script(uint32_t job_id, char **text, size_t *length)  # free(*text)
    void pyslurm_job_desc_set_job_id(job_desc_msg_t *desc, uint32_t job_id)
    uint32_t pyslurm_submit_response_job_id(submit_response_msg_t *resp)
    const char *PYSLURM_GRES_PREFIX      # "gres:" (22.05) or "gres/"
# ---- end jobs ----
