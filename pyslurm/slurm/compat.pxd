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
from slurm cimport node_info_t, partition_info_t

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
    uint32_t pyslurm_part_max_cpus_per_socket(const void *rec)   # NO_VAL before 24.11
    int pyslurm_part_power_down_on_idle(const partition_info_t *p)  # 0 before 24.11

# ---- jobs ---- (pyslurm/job.pyx)
from libc.stdint cimport uint16_t, uint32_t
from slurm cimport job_info_t, job_info_msg_t, job_desc_msg_t, submit_response_msg_t

cdef extern from "compat.h" nogil:
    void pyslurm_free_job_record(job_info_t *job)   # members + the malloc'ed record
    const char *pyslurm_job_reason_string(uint32_t reason)   # libslurm's name, e.g. QOSGrpCpuLimit
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

# ---- job details ---- (pyslurm/job.pyx)
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from slurm cimport job_info_t

cdef extern from "compat.h" nogil:
    const char *pyslurm_job_gres_tasks_per_sharing(uint64_t bitflags)   # NULL before 24.11
    uint32_t pyslurm_job_res_nhosts(job_info_t *job)    # 0 without job_resrcs (SHOW_DETAIL)
    int pyslurm_job_res_node(job_info_t *job, uint32_t inx, unsigned char *cores,
                             uint32_t max, uint32_t *ncores, uint32_t *cpus,
                             uint64_t *mem)             # 0 or -1; mem NO_VAL64: untracked
    # fields only some majors have (NULL / NO_VAL16 where absent)
    const char *pyslurm_job_container_id(const void *rec)        # 24.11+
    const char *pyslurm_job_extra(const void *rec)               # 24.11+
    const char *pyslurm_job_failed_node(const void *rec)         # 24.11+
    const char *pyslurm_job_resv_ports(const void *rec)          # 24.11+
    const char *pyslurm_job_submit_line(const void *rec)         # 26.05+
    const char *pyslurm_job_licenses_allocated(const void *rec)  # 26.05+
    uint16_t pyslurm_job_segment_size(const void *rec)           # 26.05+
    uint16_t pyslurm_job_oom_kill_step(const void *rec)          # 24.11+
    const uint64_t PYSLURM_SPREAD_SEGMENTS          # 0 before 26.05
    const uint64_t PYSLURM_CONSOLIDATE_SEGMENTS     # 0 before 26.05
# ---- end job details ----

# ---- steps ---- (pyslurm/step.pyx)
from libc.stdint cimport uint16_t, uint32_t
from slurm cimport job_step_info_t, job_step_info_response_msg_t

cdef extern from "compat.h" nogil:
    int pyslurm_get_job_steps(uint32_t job_id, uint32_t step_id,
                              job_step_info_response_msg_t **resp,
                              uint16_t show_flags)   # NO_VAL ids: all jobs / all steps
    int pyslurm_kill_job_step(uint32_t job_id, uint32_t step_id, uint16_t signal)
    int pyslurm_signal_job_step(uint32_t job_id, uint32_t step_id, uint32_t signal)
    int pyslurm_update_step_time_limit(uint32_t job_id, uint32_t step_id,
                                       uint32_t time_limit)   # minutes
    const char *pyslurm_step_tres_alloc(job_step_info_t *s)    # "cpu=2,mem=200M,node=1"
    const char *pyslurm_step_container_id(job_step_info_t *s)  # NULL before 24.11
    const char *pyslurm_step_cwd(job_step_info_t *s)           # NULL before 26.05
    const char *pyslurm_step_std_in(job_step_info_t *s)        # NULL before 26.05
    const char *pyslurm_step_std_out(job_step_info_t *s)       # NULL before 26.05
    const char *pyslurm_step_std_err(job_step_info_t *s)       # NULL before 26.05
# ---- end steps ----

# ---- reservations ---- (pyslurm/reservation.pyx)
from libc.stdint cimport uint32_t, uint64_t
from slurm cimport reserve_info_t, resv_desc_msg_t

cdef extern from "compat.h" nogil:
    char *slurm_reservation_flags_string(reserve_info_t *r)   # "MAINT,FLEX"; slurm_xfree_ptr() it
    void slurm_xfree_ptr(void *ptr)

    ctypedef struct pyslurm_resv_flag_t:
        const char *name             # as scontrol prints it, e.g. "IGNORE_JOBS"
        uint64_t set                 # the bit that sets it
        uint64_t clear               # the bit that clears it on update (0: none)
    const pyslurm_resv_flag_t pyslurm_resv_flags[]   # ends with a NULL name

    int pyslurm_resv_desc_set_node_cnt(resv_desc_msg_t *m, uint32_t n)   # -1: no memory
    int pyslurm_resv_desc_set_core_cnt(resv_desc_msg_t *m, uint32_t n)
    void pyslurm_resv_desc_free_counts(resv_desc_msg_t *m)
    const int PYSLURM_RESV_HAS_COMMENT                 # 24.11+
    const char *pyslurm_resv_comment(reserve_info_t *r)          # NULL before 24.11
    void pyslurm_resv_desc_set_comment(resv_desc_msg_t *m, char *s)   # borrows s
    void pyslurm_free_resv_name(char *name)     # what slurm_create_reservation returned
    const char *pyslurm_resv_qos(reserve_info_t *r)              # NULL before 26.05
    const char *pyslurm_resv_allowed_parts(reserve_info_t *r)    # NULL before 26.05
# ---- end reservations ----

# ---- controller ---- (pyslurm/slurmctld.pyx)
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from slurm cimport slurm_conf_t, stats_info_response_msg_t, cpu_bind_type_t

cdef extern from "compat.h" nogil:
    # slurm_conf_t fields some majors lack: NULL / NO_VAL16 / NO_VAL there
    const char *pyslurm_conf_core_spec_plugin(const slurm_conf_t *c)
    const char *pyslurm_conf_ext_sensors_type(const slurm_conf_t *c)
    uint16_t pyslurm_conf_ext_sensors_freq(const slurm_conf_t *c)
    const char *pyslurm_conf_job_credential_private_key(const slurm_conf_t *c)
    const char *pyslurm_conf_job_credential_public_certificate(const slurm_conf_t *c)
    const char *pyslurm_conf_launch_type(const slurm_conf_t *c)
    const char *pyslurm_conf_power_parameters(const slurm_conf_t *c)
    const char *pyslurm_conf_power_plugin(const slurm_conf_t *c)
    const char *pyslurm_conf_route_plugin(const slurm_conf_t *c)
    const char *pyslurm_conf_slurmctld_plugstack(const slurm_conf_t *c)
    const char *pyslurm_conf_accounting_storage_user(const slurm_conf_t *c)
    uint16_t pyslurm_conf_get_env_timeout(const slurm_conf_t *c)
    const char *pyslurm_conf_job_container_plugin(const slurm_conf_t *c)
    const char *pyslurm_conf_node_prefix(const slurm_conf_t *c)
    uint16_t pyslurm_conf_prolog_epilog_timeout(const slurm_conf_t *c)
    const char *pyslurm_conf_certmgr_params(const slurm_conf_t *c)
    const char *pyslurm_conf_certmgr_type(const slurm_conf_t *c)
    uint16_t pyslurm_conf_cluster_id(const slurm_conf_t *c)
    const char *pyslurm_conf_data_parser_parameters(const slurm_conf_t *c)
    uint16_t pyslurm_conf_getnameinfo_cache_timeout(const slurm_conf_t *c)
    const char *pyslurm_conf_hash_plugin(const slurm_conf_t *c)
    uint32_t pyslurm_conf_max_batch_requeue(const slurm_conf_t *c)
    const char *pyslurm_conf_preempt_params(const slurm_conf_t *c)
    const char *pyslurm_conf_suspend_exc_states(const slurm_conf_t *c)
    const char *pyslurm_conf_tls_params(const slurm_conf_t *c)
    const char *pyslurm_conf_tls_type(const slurm_conf_t *c)
    const char *pyslurm_conf_certgen_params(const slurm_conf_t *c)
    const char *pyslurm_conf_certgen_type(const slurm_conf_t *c)
    const char *pyslurm_conf_cli_filter_params(const slurm_conf_t *c)
    uint16_t pyslurm_conf_epilog_timeout(const slurm_conf_t *c)
    uint16_t pyslurm_conf_health_check_timeout(const slurm_conf_t *c)
    const char *pyslurm_conf_http_parser_type(const slurm_conf_t *c)
    uint32_t pyslurm_conf_host_unreach_retry_count(const slurm_conf_t *c)
    const char *pyslurm_conf_job_comp_pass_script(const slurm_conf_t *c)
    const char *pyslurm_conf_namespace_plugin(const slurm_conf_t *c)
    const char *pyslurm_conf_license_params(const slurm_conf_t *c)
    uint16_t pyslurm_conf_metrics_auth(const slurm_conf_t *c)
    const char *pyslurm_conf_metrics_auth_users(const slurm_conf_t *c)
    const char *pyslurm_conf_metrics_params(const slurm_conf_t *c)
    const char *pyslurm_conf_metrics_type(const slurm_conf_t *c)
    uint16_t pyslurm_conf_prolog_timeout(const slurm_conf_t *c)
    const char *pyslurm_conf_slurmctld_http_auth_params(const slurm_conf_t *c)
    const char *pyslurm_conf_slurmd_http_auth_params(const slurm_conf_t *c)
    const char *pyslurm_conf_url_parser_type(const slurm_conf_t *c)
    # Prolog/Epilog/PrologSlurmctld/EpilogSlurmctld: array and its length
    char **pyslurm_conf_prolog(slurm_conf_t *c, uint32_t *n)
    char **pyslurm_conf_epilog(slurm_conf_t *c, uint32_t *n)
    char **pyslurm_conf_prolog_slurmctld(slurm_conf_t *c, uint32_t *n)
    char **pyslurm_conf_epilog_slurmctld(slurm_conf_t *c, uint32_t *n)

    ctypedef struct pyslurm_key_pair_t:
        char *name
        char *value
    void *pyslurm_list_iter(void *list)          # NULL for a NULL list
    void *pyslurm_list_next(void *it)            # NULL at the end
    void pyslurm_list_iter_free(void *it)
    void slurm_sprint_cpu_bind_type(char *out, cpu_bind_type_t t)   # out: >= 128 bytes

    ctypedef struct pyslurm_flag_name_t:
        const char *name             # as slurm.conf / scontrol spell it
        uint64_t bit
    const pyslurm_flag_name_t pyslurm_debug_flags[]          # each ends with a NULL name
    const pyslurm_flag_name_t pyslurm_store_flags[]
    const pyslurm_flag_name_t pyslurm_private_data[]
    const pyslurm_flag_name_t pyslurm_prolog_flags[]
    const pyslurm_flag_name_t pyslurm_priority_flags[]
    const pyslurm_flag_name_t pyslurm_reconfig_flags[]
    const pyslurm_flag_name_t pyslurm_health_check_flags[]
    const pyslurm_flag_name_t pyslurm_select_type_flags[]
    const pyslurm_flag_name_t pyslurm_cpu_freq_govs[]
    const pyslurm_flag_name_t pyslurm_log_fmts[]
    const uint64_t PYSLURM_CONF_FLAG_DRJ
    const uint64_t PYSLURM_CONF_FLAG_ASRU
    const uint64_t PYSLURM_CONF_FLAG_PAM
    const uint64_t PYSLURM_CONF_FLAG_WCKEY
    const uint64_t PYSLURM_CONF_FLAG_IPV4
    const uint64_t PYSLURM_CONF_FLAG_IPV6
    const uint16_t PYSLURM_SELECT_CPU
    const uint16_t PYSLURM_SELECT_SOCKET
    const uint16_t PYSLURM_SELECT_CORE
    const uint16_t PYSLURM_SELECT_BOARD
    const uint16_t PYSLURM_SELECT_MEMORY

    void slurm_free_stats_response_msg(stats_info_response_msg_t *msg)
    # statistics fields 24.11 added (0 / NO_VAL before)
    uint32_t pyslurm_stats_schedule_exit_cnt(stats_info_response_msg_t *s)
    uint32_t pyslurm_stats_schedule_exit(stats_info_response_msg_t *s, uint32_t i)
    uint32_t pyslurm_stats_bf_exit_cnt(stats_info_response_msg_t *s)
    uint32_t pyslurm_stats_bf_exit(stats_info_response_msg_t *s, uint32_t i)
    int pyslurm_stats_rpc_queue_enabled(stats_info_response_msg_t *s)
    uint64_t pyslurm_stats_rpc_type_queued(stats_info_response_msg_t *s, uint32_t i)
    # (NO_VAL64 above: no figure)
    uint64_t pyslurm_stats_rpc_type_dropped(stats_info_response_msg_t *s, uint32_t i)
    uint64_t pyslurm_stats_rpc_type_cycle_last(stats_info_response_msg_t *s, uint32_t i)
    uint64_t pyslurm_stats_rpc_type_cycle_max(stats_info_response_msg_t *s, uint32_t i)
# ---- end controller ----

# ---- db admin ---- (pyslurm/db/qos.pyx, assoc.pyx, account.pyx, user.pyx; compat/dbadmin.h)
from libc.stdint cimport uint64_t, int64_t
from slurmdb cimport slurmdb_qos_cond_t, slurmdb_assoc_cond_t, slurmdb_account_cond_t

cdef extern from "compat.h" nogil:
    void pyslurm_qos_cond_with_deleted(slurmdb_qos_cond_t *c)
    void pyslurm_assoc_cond_with_deleted(slurmdb_assoc_cond_t *c)
    void pyslurm_assoc_cond_only_defaults(slurmdb_assoc_cond_t *c)
    void pyslurm_assoc_cond_raw_qos(slurmdb_assoc_cond_t *c)
    void pyslurm_account_cond_with_assocs(slurmdb_account_cond_t *c)
    void pyslurm_account_cond_with_deleted(slurmdb_account_cond_t *c)
    const char *pyslurm_assoc_comment(const void *rec)     # NULL before 24.11
    ctypedef struct pyslurm_qos_flag_t:
        const char *name             # as sacctmgr prints it
        uint64_t bit
    const pyslurm_qos_flag_t pyslurm_qos_flags[]             # ends with a NULL name
    # add(db, list) -> rc; get(db, cond), modify(db, cond, rec), remove(db, cond)
    # -> a list, NULL on failure (errno); conditions and records as void *
    int pyslurm_db_qos_add(void *db, void *l)
    void *pyslurm_db_qos_get(void *db, void *c)
    void *pyslurm_db_qos_modify(void *db, void *c, void *r)
    void *pyslurm_db_qos_remove(void *db, void *c)
    int pyslurm_db_accounts_add(void *db, void *l)
    void *pyslurm_db_accounts_get(void *db, void *c)
    void *pyslurm_db_accounts_modify(void *db, void *c, void *r)
    void *pyslurm_db_accounts_remove(void *db, void *c)
    int pyslurm_db_associations_add(void *db, void *l)
    void *pyslurm_db_associations_get(void *db, void *c)
    void *pyslurm_db_associations_modify(void *db, void *c, void *r)
    void *pyslurm_db_associations_remove(void *db, void *c)
    int pyslurm_db_users_add(void *db, void *l)
    void *pyslurm_db_users_get(void *db, void *c)
    void *pyslurm_db_users_modify(void *db, void *c, void *r)
    void *pyslurm_db_users_remove(void *db, void *c)
    void *pyslurm_db_list_new()                  # frees none of its items
    void pyslurm_db_list_push(void *l, void *x)
    int64_t pyslurm_qos_preempt_size(const void *rec)     # bits of its preempt bitmap
    int pyslurm_qos_preempt_test(const void *rec, int64_t i)   # may preempt QOS number i
# ---- end db admin ----

# ---- db jobs ---- (pyslurm/db/job.pyx, step.pyx, tres.pyx; compat/db_jobs.h)
from libc.stdint cimport uint16_t, uint32_t
from slurmdb cimport slurmdb_job_cond_t, slurmdb_job_rec_t

cdef extern from "compat.h" nogil:
    enum:
        PYSLURM_JC_ACCT
        PYSLURM_JC_ASSOCID
        PYSLURM_JC_CLUSTER
        PYSLURM_JC_CONSTRAINT
        PYSLURM_JC_GROUPID
        PYSLURM_JC_JOBNAME
        PYSLURM_JC_PARTITION
        PYSLURM_JC_QOS
        PYSLURM_JC_RESV
        PYSLURM_JC_STATE
        PYSLURM_JC_USERID
        PYSLURM_JC_WCKEY
        PYSLURM_DB_JOB_HAS_EXTRA     # 1 when the job record keeps "extra" (24.11+)
    void pyslurm_db_clear_errno()                            # errno = 0
    void pyslurm_db_job_cond_init(slurmdb_job_cond_t *c)     # as sacct starts
    int pyslurm_db_job_cond_touch(slurmdb_job_cond_t *c, int which)   # empty list; -1: no memory
    int pyslurm_db_job_cond_add(slurmdb_job_cond_t *c, int which, const char *s)
    int pyslurm_db_job_cond_add_job(slurmdb_job_cond_t *c, uint32_t job_id)
    int pyslurm_db_job_cond_set_nodes(slurmdb_job_cond_t *c, const char *nodes)
    void pyslurm_db_job_cond_free(slurmdb_job_cond_t *c)     # what the above added
    void *pyslurm_db_job_steps(const slurmdb_job_rec_t *j)   # its step list
    void *pyslurm_db_jobs_get(void *db_conn, slurmdb_job_cond_t *c)   # list of job recs
    void *pyslurm_db_job_modify(void *db_conn, slurmdb_job_cond_t *c, slurmdb_job_rec_t *j)
    void *pyslurm_db_tres_get(void *db_conn)                 # every TRES, deleted too
    void *pyslurm_db_qos_names_get(void *db_conn)            # every QOS
    int pyslurm_db_list_count(void *l)
    void pyslurm_db_list_destroy(void *l)
    void pyslurm_db_job_rec_init(slurmdb_job_rec_t *j)       # nothing to change
    int pyslurm_db_job_set_extra(slurmdb_job_rec_t *j, char *s)   # -1 before 24.11
    # fields only some majors have: NULL / NO_VAL16 / NO_VAL elsewhere
    const char *pyslurm_db_job_extra(const void *r)          # 24.11+
    const char *pyslurm_db_job_failed_node(const void *r)    # 24.11+
    const char *pyslurm_db_job_lineage(const void *r)        # 24.11+
    const char *pyslurm_db_job_licenses(const void *r)       # 24.11+
    const char *pyslurm_db_job_qos_req(const void *r)        # 24.11+
    const char *pyslurm_db_job_std_err(const void *r)        # 24.11+
    const char *pyslurm_db_job_std_in(const void *r)         # 24.11+
    const char *pyslurm_db_job_std_out(const void *r)        # 24.11+
    uint16_t pyslurm_db_job_restart_cnt(const void *r)       # 24.11+
    const char *pyslurm_db_job_resv_req(const void *r)       # 26.05+
    uint16_t pyslurm_db_job_segment_size(const void *r)      # 26.05+
    const char *pyslurm_db_step_cwd(const void *r)           # 26.05+
    const char *pyslurm_db_step_std_err(const void *r)       # 26.05+
    const char *pyslurm_db_step_std_in(const void *r)        # 26.05+
    const char *pyslurm_db_step_std_out(const void *r)       # 26.05+
    uint32_t pyslurm_db_step_timelimit(const void *r)        # 26.05+
# ---- end db jobs ----

# ---- reports ---- (pyslurm/db/_usage.pyx; lists: see compat/reports.h)
from libc.time cimport time_t
from slurmdb cimport slurmdb_report_user_rec_t

cdef extern from "compat.h" nogil:
    void *pyslurm_rpt_str_list()                    # NULL without memory
    int pyslurm_rpt_str_list_add(void *l, const char *s)   # 0 or -1
    # each takes over its string lists; NULL (errno) on failure
    void *pyslurm_rpt_clusters_usage(void *db, void *clusters, time_t start, time_t end)
    void *pyslurm_rpt_account_by_user(void *db, void *clusters, void *accounts,
                                      void *users, time_t start, time_t end)
    void *pyslurm_rpt_user_top(void *db, void *clusters, void *accounts, void *users,
                               time_t start, time_t end, int group)
    const char *pyslurm_rpt_user_partition(const slurmdb_report_user_rec_t *u)  # NULL before 26.05
# ---- end reports ----
