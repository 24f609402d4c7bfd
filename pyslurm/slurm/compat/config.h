/*
 * compat/config.h - the controller's configuration (pyslurm.config): its
 * fields that differ between Slurm majors, and its flag tables.  Included by
 * compat.h only.
 */
#ifndef PYSLURM_COMPAT_CONFIG_H
#define PYSLURM_COMPAT_CONFIG_H

/* ---- controller ---- (pyslurm/config.pyx)
 * slurm_conf_t fields that only some majors have: each getter returns the
 * field, or NULL / NO_VAL16 / NO_VAL where this major has no such field.
 * The flag tables list (Slurm's name, bit) for the bits this major's
 * slurm.h defines; each ends with a NULL name. */
#define PYSLURM_CONF_GET(type, name, when, expr, none) \
	static inline type pyslurm_conf_##name(const slurm_conf_t *c) \
	{ (void) c; return when(expr, none); }
#define PYSLURM_CONF_STR(name, when) \
	PYSLURM_CONF_GET(const char *, name, when, c->name, NULL)

/* 22.05 only */
PYSLURM_CONF_STR(core_spec_plugin, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(ext_sensors_type, PYSLURM_BEFORE_24)
PYSLURM_CONF_GET(uint16_t, ext_sensors_freq, PYSLURM_BEFORE_24, c->ext_sensors_freq, NO_VAL16)
PYSLURM_CONF_STR(job_credential_private_key, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(job_credential_public_certificate, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(launch_type, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(power_parameters, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(power_plugin, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(route_plugin, PYSLURM_BEFORE_24)
PYSLURM_CONF_STR(slurmctld_plugstack, PYSLURM_BEFORE_24)
/* 22.05 and 24.11 */
PYSLURM_CONF_STR(accounting_storage_user, PYSLURM_BEFORE_26)
PYSLURM_CONF_GET(uint16_t, get_env_timeout, PYSLURM_BEFORE_26, c->get_env_timeout, NO_VAL16)
PYSLURM_CONF_STR(job_container_plugin, PYSLURM_BEFORE_26)
PYSLURM_CONF_STR(node_prefix, PYSLURM_BEFORE_26)
PYSLURM_CONF_GET(uint16_t, prolog_epilog_timeout, PYSLURM_BEFORE_26, c->prolog_epilog_timeout, NO_VAL16)
/* 24.11 and later */
PYSLURM_CONF_STR(certmgr_params, PYSLURM_SINCE_24)
PYSLURM_CONF_STR(certmgr_type, PYSLURM_SINCE_24)
PYSLURM_CONF_GET(uint16_t, cluster_id, PYSLURM_SINCE_24, c->cluster_id, NO_VAL16)
PYSLURM_CONF_STR(data_parser_parameters, PYSLURM_SINCE_24)
PYSLURM_CONF_GET(uint16_t, getnameinfo_cache_timeout, PYSLURM_SINCE_24, c->getnameinfo_cache_timeout, NO_VAL16)
PYSLURM_CONF_STR(hash_plugin, PYSLURM_SINCE_24)
PYSLURM_CONF_GET(uint32_t, max_batch_requeue, PYSLURM_SINCE_24, c->max_batch_requeue, NO_VAL)
PYSLURM_CONF_STR(preempt_params, PYSLURM_SINCE_24)
PYSLURM_CONF_STR(suspend_exc_states, PYSLURM_SINCE_24)
PYSLURM_CONF_STR(tls_params, PYSLURM_SINCE_24)
PYSLURM_CONF_STR(tls_type, PYSLURM_SINCE_24)
/* 26.05 and later */
PYSLURM_CONF_STR(certgen_params, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(certgen_type, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(cli_filter_params, PYSLURM_SINCE_26)
PYSLURM_CONF_GET(uint16_t, epilog_timeout, PYSLURM_SINCE_26, c->epilog_timeout, NO_VAL16)
PYSLURM_CONF_GET(uint16_t, health_check_timeout, PYSLURM_SINCE_26, c->health_check_timeout, NO_VAL16)
PYSLURM_CONF_STR(http_parser_type, PYSLURM_SINCE_26)
PYSLURM_CONF_GET(uint32_t, host_unreach_retry_count, PYSLURM_SINCE_26, c->host_unreach_retry_count, NO_VAL)
PYSLURM_CONF_STR(job_comp_pass_script, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(namespace_plugin, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(license_params, PYSLURM_SINCE_26)
PYSLURM_CONF_GET(uint16_t, metrics_auth, PYSLURM_SINCE_26, c->metrics_auth, NO_VAL16)
PYSLURM_CONF_STR(metrics_auth_users, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(metrics_params, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(metrics_type, PYSLURM_SINCE_26)
PYSLURM_CONF_GET(uint16_t, prolog_timeout, PYSLURM_SINCE_26, c->prolog_timeout, NO_VAL16)
PYSLURM_CONF_STR(slurmctld_http_auth_params, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(slurmd_http_auth_params, PYSLURM_SINCE_26)
PYSLURM_CONF_STR(url_parser_type, PYSLURM_SINCE_26)
#undef PYSLURM_CONF_STR
#undef PYSLURM_CONF_GET

/* Prolog, Epilog, PrologSlurmctld, EpilogSlurmctld: one string in 22.05,
 * an array of them later.  Returns the array and stores its length. */
#if PYSLURM_AT_LEAST(24, 11)
# define PYSLURM_CONF_SCRIPTS(f) \
	static inline char **pyslurm_conf_##f(slurm_conf_t *c, uint32_t *n) \
	{ *n = c->f ? c->f##_cnt : 0; return c->f; }
#else
# define PYSLURM_CONF_SCRIPTS(f) \
	static inline char **pyslurm_conf_##f(slurm_conf_t *c, uint32_t *n) \
	{ *n = c->f ? 1 : 0; return &c->f; }
#endif
PYSLURM_CONF_SCRIPTS(prolog)
PYSLURM_CONF_SCRIPTS(epilog)
PYSLURM_CONF_SCRIPTS(prolog_slurmctld)
PYSLURM_CONF_SCRIPTS(epilog_slurmctld)
#undef PYSLURM_CONF_SCRIPTS

/* The key=value lists (cgroup.conf, acct_gather.conf, mpi.conf, ...) are
 * lists of Slurm's config_key_pair_t ({char *name; char *value;}, the
 * same in every major; not declared in slurm.h). */
typedef struct {
	char *name;
	char *value;
} pyslurm_key_pair_t;
static inline void *pyslurm_list_iter(void *list)
{ return list ? (void *) slurm_list_iterator_create(list) : NULL; }
static inline void *pyslurm_list_next(void *it)
{ return it ? slurm_list_next(it) : NULL; }
static inline void pyslurm_list_iter_free(void *it)
{ if (it) slurm_list_iterator_destroy(it); }

/* TaskPluginParam as scontrol prints it: exported by libslurm in every
 * major, not in slurm.h; writes at most a few hundred bytes. */
extern void slurm_sprint_cpu_bind_type(char *str, cpu_bind_type_t cpu_bind_type);

typedef struct {
	const char *name;
	uint64_t bit;
} pyslurm_flag_name_t;
#define PYSLURM_FLAG(name, bit) { name, bit },

/* DebugFlags, with the names slurm.conf and scontrol use. */
static const pyslurm_flag_name_t pyslurm_debug_flags[] = {
#ifdef DEBUG_FLAG_ACCRUE
	PYSLURM_FLAG("Accrue", DEBUG_FLAG_ACCRUE)
#endif
#ifdef DEBUG_FLAG_AGENT
	PYSLURM_FLAG("Agent", DEBUG_FLAG_AGENT)
#endif
#ifdef DEBUG_FLAG_AUDIT_RPCS
	PYSLURM_FLAG("AuditRPCs", DEBUG_FLAG_AUDIT_RPCS)
#endif
#ifdef DEBUG_FLAG_AUDIT_TLS
	PYSLURM_FLAG("AuditTLS", DEBUG_FLAG_AUDIT_TLS)
#endif
#ifdef DEBUG_FLAG_BACKFILL
	PYSLURM_FLAG("Backfill", DEBUG_FLAG_BACKFILL)
#endif
#ifdef DEBUG_FLAG_BACKFILL_MAP
	PYSLURM_FLAG("BackfillMap", DEBUG_FLAG_BACKFILL_MAP)
#endif
#ifdef DEBUG_FLAG_BURST_BUF
	PYSLURM_FLAG("BurstBuffer", DEBUG_FLAG_BURST_BUF)
#endif
#ifdef DEBUG_FLAG_CGROUP
	PYSLURM_FLAG("Cgroup", DEBUG_FLAG_CGROUP)
#endif
#ifdef DEBUG_FLAG_CONMGR
	PYSLURM_FLAG("ConMgr", DEBUG_FLAG_CONMGR)
#endif
#ifdef DEBUG_FLAG_CPU_BIND
	PYSLURM_FLAG("CPU_Bind", DEBUG_FLAG_CPU_BIND)
#endif
#ifdef DEBUG_FLAG_CPU_FREQ
	PYSLURM_FLAG("CpuFrequency", DEBUG_FLAG_CPU_FREQ)
#endif
#ifdef DEBUG_FLAG_DATA
	PYSLURM_FLAG("Data", DEBUG_FLAG_DATA)
#endif
#ifdef DEBUG_FLAG_DBD_AGENT
	PYSLURM_FLAG("DBD_Agent", DEBUG_FLAG_DBD_AGENT)
#endif
#ifdef DEBUG_FLAG_DB_ARCHIVE
	PYSLURM_FLAG("DB_Archive", DEBUG_FLAG_DB_ARCHIVE)
#endif
#ifdef DEBUG_FLAG_DB_ASSOC
	PYSLURM_FLAG("DB_Assoc", DEBUG_FLAG_DB_ASSOC)
#endif
#ifdef DEBUG_FLAG_DB_TRES
	PYSLURM_FLAG("DB_TRES", DEBUG_FLAG_DB_TRES)
#endif
#ifdef DEBUG_FLAG_DB_EVENT
	PYSLURM_FLAG("DB_Event", DEBUG_FLAG_DB_EVENT)
#endif
#ifdef DEBUG_FLAG_DB_JOB
	PYSLURM_FLAG("DB_Job", DEBUG_FLAG_DB_JOB)
#endif
#ifdef DEBUG_FLAG_DB_QOS
	PYSLURM_FLAG("DB_QOS", DEBUG_FLAG_DB_QOS)
#endif
#ifdef DEBUG_FLAG_DB_QUERY
	PYSLURM_FLAG("DB_Query", DEBUG_FLAG_DB_QUERY)
#endif
#ifdef DEBUG_FLAG_DB_RESV
	PYSLURM_FLAG("DB_Reservation", DEBUG_FLAG_DB_RESV)
#endif
#ifdef DEBUG_FLAG_DB_RES
	PYSLURM_FLAG("DB_Resource", DEBUG_FLAG_DB_RES)
#endif
#ifdef DEBUG_FLAG_DB_STEP
	PYSLURM_FLAG("DB_Step", DEBUG_FLAG_DB_STEP)
#endif
#ifdef DEBUG_FLAG_DB_USAGE
	PYSLURM_FLAG("DB_Usage", DEBUG_FLAG_DB_USAGE)
#endif
#ifdef DEBUG_FLAG_DB_WCKEY
	PYSLURM_FLAG("DB_WCKey", DEBUG_FLAG_DB_WCKEY)
#endif
#ifdef DEBUG_FLAG_DEPENDENCY
	PYSLURM_FLAG("Dependency", DEBUG_FLAG_DEPENDENCY)
#endif
#ifdef DEBUG_FLAG_ESEARCH
	PYSLURM_FLAG("Elasticsearch", DEBUG_FLAG_ESEARCH)
#endif
#ifdef DEBUG_FLAG_ENERGY
	PYSLURM_FLAG("Energy", DEBUG_FLAG_ENERGY)
#endif
#ifdef DEBUG_FLAG_EXT_SENSORS
	PYSLURM_FLAG("ExtSensors", DEBUG_FLAG_EXT_SENSORS)
#endif
#ifdef DEBUG_FLAG_FEDR
	PYSLURM_FLAG("Federation", DEBUG_FLAG_FEDR)
#endif
#ifdef DEBUG_FLAG_FRONT_END
	PYSLURM_FLAG("FrontEnd", DEBUG_FLAG_FRONT_END)
#endif
#ifdef DEBUG_FLAG_GANG
	PYSLURM_FLAG("Gang", DEBUG_FLAG_GANG)
#endif
#ifdef DEBUG_FLAG_GLOB_SILENCE
	PYSLURM_FLAG("GLOB_SILENCE", DEBUG_FLAG_GLOB_SILENCE)
#endif
#ifdef DEBUG_FLAG_GRES
	PYSLURM_FLAG("Gres", DEBUG_FLAG_GRES)
#endif
#ifdef DEBUG_FLAG_HETJOB
	PYSLURM_FLAG("Hetjob", DEBUG_FLAG_HETJOB)
#endif
#ifdef DEBUG_FLAG_INTERCONNECT
	PYSLURM_FLAG("Interconnect", DEBUG_FLAG_INTERCONNECT)
#endif
#ifdef DEBUG_FLAG_JAG
	PYSLURM_FLAG("JobAccountGather", DEBUG_FLAG_JAG)
#endif
#ifdef DEBUG_FLAG_JOBCOMP
	PYSLURM_FLAG("JobComp", DEBUG_FLAG_JOBCOMP)
#endif
#ifdef DEBUG_FLAG_JOB_CONT
	PYSLURM_FLAG("JobContainer", DEBUG_FLAG_JOB_CONT)
#endif
#ifdef DEBUG_FLAG_LICENSE
	PYSLURM_FLAG("License", DEBUG_FLAG_LICENSE)
#endif
#ifdef DEBUG_FLAG_METRICS
	PYSLURM_FLAG("Metrics", DEBUG_FLAG_METRICS)
#endif
#ifdef DEBUG_FLAG_MPI
	PYSLURM_FLAG("MPI", DEBUG_FLAG_MPI)
#endif
#ifdef DEBUG_FLAG_NAMESPACE
	PYSLURM_FLAG("Namespace", DEBUG_FLAG_NAMESPACE)
#endif
#ifdef DEBUG_FLAG_NET
	PYSLURM_FLAG("Network", DEBUG_FLAG_NET)
#endif
#ifdef DEBUG_FLAG_NET_RAW
	PYSLURM_FLAG("NetworkRaw", DEBUG_FLAG_NET_RAW)
#endif
#ifdef DEBUG_FLAG_NODE_FEATURES
	PYSLURM_FLAG("NodeFeatures", DEBUG_FLAG_NODE_FEATURES)
#endif
#ifdef DEBUG_FLAG_NO_CONF_HASH
	PYSLURM_FLAG("NO_CONF_HASH", DEBUG_FLAG_NO_CONF_HASH)
#endif
#ifdef DEBUG_FLAG_POWER
	PYSLURM_FLAG("Power", DEBUG_FLAG_POWER)
#endif
#ifdef DEBUG_FLAG_PRIO
	PYSLURM_FLAG("Priority", DEBUG_FLAG_PRIO)
#endif
#ifdef DEBUG_FLAG_PROFILE
	PYSLURM_FLAG("Profile", DEBUG_FLAG_PROFILE)
#endif
#ifdef DEBUG_FLAG_PROTOCOL
	PYSLURM_FLAG("Protocol", DEBUG_FLAG_PROTOCOL)
#endif
#ifdef DEBUG_FLAG_RESERVATION
	PYSLURM_FLAG("Reservation", DEBUG_FLAG_RESERVATION)
#endif
#ifdef DEBUG_FLAG_ROUTE
	PYSLURM_FLAG("Route", DEBUG_FLAG_ROUTE)
#endif
#ifdef DEBUG_FLAG_SACK
	PYSLURM_FLAG("Sack", DEBUG_FLAG_SACK)
#endif
#ifdef DEBUG_FLAG_SCRIPT
	PYSLURM_FLAG("Script", DEBUG_FLAG_SCRIPT)
#endif
#ifdef DEBUG_FLAG_SELECT_TYPE
	PYSLURM_FLAG("SelectType", DEBUG_FLAG_SELECT_TYPE)
#endif
#ifdef DEBUG_FLAG_STEPS
	PYSLURM_FLAG("Steps", DEBUG_FLAG_STEPS)
#endif
#ifdef DEBUG_FLAG_SWITCH
	PYSLURM_FLAG("Switch", DEBUG_FLAG_SWITCH)
#endif
#ifdef DEBUG_FLAG_THREAD
	PYSLURM_FLAG("thread", DEBUG_FLAG_THREAD)
#endif
#ifdef DEBUG_FLAG_TIME_CRAY
	PYSLURM_FLAG("TimeCray", DEBUG_FLAG_TIME_CRAY)
#endif
#ifdef DEBUG_FLAG_TLS
	PYSLURM_FLAG("TLS", DEBUG_FLAG_TLS)
#endif
#ifdef DEBUG_FLAG_TRACE_JOBS
	PYSLURM_FLAG("TraceJobs", DEBUG_FLAG_TRACE_JOBS)
#endif
#ifdef DEBUG_FLAG_TRIGGERS
	PYSLURM_FLAG("Triggers", DEBUG_FLAG_TRIGGERS)
#endif
#ifdef DEBUG_FLAG_WORKQ
	PYSLURM_FLAG("WorkQueue", DEBUG_FLAG_WORKQ)
#endif
	{ NULL, 0 }
};

/* conf_flags bits (CTL_CONF_* in 22.05, CONF_FLAG_* later), named after
 * the slurm.conf setting each stands for. */
#ifndef CONF_FLAG_DRJ
# define CONF_FLAG_OR CTL_CONF_OR
# define CONF_FLAG_SJC CTL_CONF_SJC
# define CONF_FLAG_DRJ CTL_CONF_DRJ
# define CONF_FLAG_ASRU CTL_CONF_ASRU
# define CONF_FLAG_PAM CTL_CONF_PAM
# define CONF_FLAG_WCKEY CTL_CONF_WCKEY
# define CONF_FLAG_IPV4_ENABLED CTL_CONF_IPV4_ENABLED
# define CONF_FLAG_IPV6_ENABLED CTL_CONF_IPV6_ENABLED
# define CONF_FLAG_SJS CTL_CONF_SJS
# define CONF_FLAG_SJE CTL_CONF_SJE
#endif
#define PYSLURM_CONF_FLAG_DRJ CONF_FLAG_DRJ
#define PYSLURM_CONF_FLAG_ASRU CONF_FLAG_ASRU
#define PYSLURM_CONF_FLAG_PAM CONF_FLAG_PAM
#define PYSLURM_CONF_FLAG_WCKEY CONF_FLAG_WCKEY
#define PYSLURM_CONF_FLAG_IPV4 CONF_FLAG_IPV4_ENABLED
#define PYSLURM_CONF_FLAG_IPV6 CONF_FLAG_IPV6_ENABLED
/* AccountingStoreFlags */
static const pyslurm_flag_name_t pyslurm_store_flags[] = {
	PYSLURM_FLAG("job_comment", CONF_FLAG_SJC)
	PYSLURM_FLAG("job_env", CONF_FLAG_SJE)
#ifdef CONF_FLAG_SJX
	PYSLURM_FLAG("job_extra", CONF_FLAG_SJX)
#endif
	PYSLURM_FLAG("job_script", CONF_FLAG_SJS)
#ifdef CONF_FLAG_NO_STDIO
	PYSLURM_FLAG("no_stdio", CONF_FLAG_NO_STDIO)
#endif
	{ NULL, 0 }
};

/* PrivateData (lower case, as scontrol prints it) */
static const pyslurm_flag_name_t pyslurm_private_data[] = {
	PYSLURM_FLAG("accounts", PRIVATE_DATA_ACCOUNTS)
#ifdef PRIVATE_CLOUD_NODES
	PYSLURM_FLAG("cloud", PRIVATE_CLOUD_NODES)
#endif
	PYSLURM_FLAG("events", PRIVATE_DATA_EVENTS)
	PYSLURM_FLAG("jobs", PRIVATE_DATA_JOBS)
	PYSLURM_FLAG("nodes", PRIVATE_DATA_NODES)
	PYSLURM_FLAG("partitions", PRIVATE_DATA_PARTITIONS)
	PYSLURM_FLAG("reservations", PRIVATE_DATA_RESERVATIONS)
	PYSLURM_FLAG("usage", PRIVATE_DATA_USAGE)
	PYSLURM_FLAG("users", PRIVATE_DATA_USERS)
	{ NULL, 0 }
};

/* PrologFlags */
static const pyslurm_flag_name_t pyslurm_prolog_flags[] = {
	PYSLURM_FLAG("Alloc", PROLOG_FLAG_ALLOC)
	PYSLURM_FLAG("Contain", PROLOG_FLAG_CONTAIN)
	PYSLURM_FLAG("DeferBatch", PROLOG_FLAG_DEFER_BATCH)
#ifdef PROLOG_FLAG_FORCE_REQUEUE_ON_FAIL
	PYSLURM_FLAG("ForceRequeueOnFail", PROLOG_FLAG_FORCE_REQUEUE_ON_FAIL)
#endif
	PYSLURM_FLAG("NoHold", PROLOG_FLAG_NOHOLD)
#ifdef PROLOG_FLAG_RUN_IN_JOB
	PYSLURM_FLAG("RunInJob", PROLOG_FLAG_RUN_IN_JOB)
#endif
	PYSLURM_FLAG("Serial", PROLOG_FLAG_SERIAL)
	PYSLURM_FLAG("X11", PROLOG_FLAG_X11)
	{ NULL, 0 }
};

/* PriorityFlags */
static const pyslurm_flag_name_t pyslurm_priority_flags[] = {
	PYSLURM_FLAG("ACCRUE_ALWAYS", PRIORITY_FLAGS_ACCRUE_ALWAYS)
	PYSLURM_FLAG("SMALL_RELATIVE_TO_TIME", PRIORITY_FLAGS_SIZE_RELATIVE)
	PYSLURM_FLAG("CALCULATE_RUNNING", PRIORITY_FLAGS_CALCULATE_RUNNING)
	PYSLURM_FLAG("DEPTH_OBLIVIOUS", PRIORITY_FLAGS_DEPTH_OBLIVIOUS)
	PYSLURM_FLAG("FAIR_TREE", PRIORITY_FLAGS_FAIR_TREE)
	PYSLURM_FLAG("INCR_ONLY", PRIORITY_FLAGS_INCR_ONLY)
	PYSLURM_FLAG("MAX_TRES", PRIORITY_FLAGS_MAX_TRES)
#ifdef PRIORITY_FLAGS_MAX_TRES_GRES
	PYSLURM_FLAG("MAX_TRES_GRES", PRIORITY_FLAGS_MAX_TRES_GRES)
#endif
	PYSLURM_FLAG("NO_NORMAL_ASSOC", PRIORITY_FLAGS_NO_NORMAL_ASSOC)
	PYSLURM_FLAG("NO_NORMAL_PART", PRIORITY_FLAGS_NO_NORMAL_PART)
	PYSLURM_FLAG("NO_NORMAL_QOS", PRIORITY_FLAGS_NO_NORMAL_QOS)
	PYSLURM_FLAG("NO_NORMAL_TRES", PRIORITY_FLAGS_NO_NORMAL_TRES)
	{ NULL, 0 }
};

/* ReconfigFlags */
static const pyslurm_flag_name_t pyslurm_reconfig_flags[] = {
#ifdef RECONFIG_KEEP_NODE_STATE_FUTURE
	PYSLURM_FLAG("KeepNodeStateFuture", RECONFIG_KEEP_NODE_STATE_FUTURE)
#endif
	PYSLURM_FLAG("KeepPartInfo", RECONFIG_KEEP_PART_INFO)
	PYSLURM_FLAG("KeepPartState", RECONFIG_KEEP_PART_STAT)
#ifdef RECONFIG_KEEP_POWER_SAVE_SETTINGS
	PYSLURM_FLAG("KeepPowerSaveSettings", RECONFIG_KEEP_POWER_SAVE_SETTINGS)
#endif
	{ NULL, 0 }
};

/* HealthCheckNodeState: the state bits (ANY is all of them), then the
 * modifiers */
static const pyslurm_flag_name_t pyslurm_health_check_flags[] = {
	PYSLURM_FLAG("IDLE", HEALTH_CHECK_NODE_IDLE)
	PYSLURM_FLAG("ALLOC", HEALTH_CHECK_NODE_ALLOC)
	PYSLURM_FLAG("MIXED", HEALTH_CHECK_NODE_MIXED)
#ifdef HEALTH_CHECK_NODE_NONDRAINED_IDLE
	PYSLURM_FLAG("NONDRAINED_IDLE", HEALTH_CHECK_NODE_NONDRAINED_IDLE)
#endif
	PYSLURM_FLAG("CYCLE", HEALTH_CHECK_CYCLE)
#ifdef HEALTH_CHECK_START_ONLY
	PYSLURM_FLAG("START_ONLY", HEALTH_CHECK_START_ONLY)
#endif
#ifdef HEALTH_CHECK_REBOOT_ONLY
	PYSLURM_FLAG("REBOOT_ONLY", HEALTH_CHECK_REBOOT_ONLY)
#endif
	{ NULL, 0 }
};

/* SelectTypeParameters: 26.05 renamed the CR_* bits to a SELECT_* enum
 * (and moved some).  The resource (CPU, SOCKET, CORE, BOARD, with or
 * without MEMORY) is read from the PYSLURM_SELECT_* bits; the table lists
 * the modifiers, named as slurm.conf names them. */
#if PYSLURM_AT_LEAST(26, 5)
# define PYSLURM_SELECT_CPU SELECT_CPU
# define PYSLURM_SELECT_SOCKET SELECT_SOCKET
# define PYSLURM_SELECT_CORE SELECT_CORE
# define PYSLURM_SELECT_BOARD SELECT_BOARD
# define PYSLURM_SELECT_MEMORY SELECT_MEMORY
#else
# define PYSLURM_SELECT_CPU CR_CPU
# define PYSLURM_SELECT_SOCKET CR_SOCKET
# define PYSLURM_SELECT_CORE CR_CORE
# define PYSLURM_SELECT_BOARD CR_BOARD
# define PYSLURM_SELECT_MEMORY CR_MEMORY
#endif
static const pyslurm_flag_name_t pyslurm_select_type_flags[] = {
#if PYSLURM_AT_LEAST(26, 5)
	PYSLURM_FLAG("CR_ONE_TASK_PER_CORE", SELECT_ONE_TASK_PER_CORE)
	PYSLURM_FLAG("CR_CORE_DEFAULT_DIST_BLOCK", SELECT_CORE_DEFAULT_DIST_BLOCK)
	PYSLURM_FLAG("CR_LLN", SELECT_LLN)
	PYSLURM_FLAG("CR_PACK_NODES", SELECT_PACK_NODES)
	PYSLURM_FLAG("ENFORCE_BINDING_GRES", SELECT_ENFORCE_BINDING_GRES)
	PYSLURM_FLAG("ONE_TASK_PER_SHARING_GRES", SELECT_ONE_TASK_PER_SHARING_GRES)
	PYSLURM_FLAG("LL_SHARED_GRES", SELECT_LL_SHARED_GRES)
	PYSLURM_FLAG("NO_DIST_TOPO_BLOCK", SELECT_NO_DIST_TOPO_BLOCK)
	PYSLURM_FLAG("MULTIPLE_SHARING_GRES_PJ", SELECT_MULTIPLE_SHARING_GRES_PJ)
#else
# ifdef CR_OTHER_CONS_RES
	PYSLURM_FLAG("OTHER_CONS_RES", CR_OTHER_CONS_RES)
# endif
# ifdef CR_OTHER_CONS_TRES
	PYSLURM_FLAG("OTHER_CONS_TRES", CR_OTHER_CONS_TRES)
# endif
	PYSLURM_FLAG("CR_ONE_TASK_PER_CORE", CR_ONE_TASK_PER_CORE)
	PYSLURM_FLAG("CR_CORE_DEFAULT_DIST_BLOCK", CR_CORE_DEFAULT_DIST_BLOCK)
# ifdef CR_LLN
	PYSLURM_FLAG("CR_LLN", CR_LLN)
# endif
	PYSLURM_FLAG("CR_PACK_NODES", CR_PACK_NODES)
# ifdef ENFORCE_BINDING_GRES
	PYSLURM_FLAG("ENFORCE_BINDING_GRES", ENFORCE_BINDING_GRES)
# endif
# ifdef ONE_TASK_PER_SHARING_GRES
	PYSLURM_FLAG("ONE_TASK_PER_SHARING_GRES", ONE_TASK_PER_SHARING_GRES)
# endif
#endif
	{ NULL, 0 }
};

/* CpuFreqGovernors */
static const pyslurm_flag_name_t pyslurm_cpu_freq_govs[] = {
	PYSLURM_FLAG("Conservative", CPU_FREQ_CONSERVATIVE)
	PYSLURM_FLAG("OnDemand", CPU_FREQ_ONDEMAND)
	PYSLURM_FLAG("Performance", CPU_FREQ_PERFORMANCE)
	PYSLURM_FLAG("PowerSave", CPU_FREQ_POWERSAVE)
	PYSLURM_FLAG("SchedUtil", CPU_FREQ_SCHEDUTIL)
	PYSLURM_FLAG("UserSpace", CPU_FREQ_USERSPACE)
	{ NULL, 0 }
};

/* LogTimeFormat values */
static const pyslurm_flag_name_t pyslurm_log_fmts[] = {
	PYSLURM_FLAG("iso8601_ms", LOG_FMT_ISO8601_MS)
	PYSLURM_FLAG("iso8601", LOG_FMT_ISO8601)
	PYSLURM_FLAG("rfc5424_ms", LOG_FMT_RFC5424_MS)
	PYSLURM_FLAG("rfc5424", LOG_FMT_RFC5424)
	PYSLURM_FLAG("clock", LOG_FMT_CLOCK)
	PYSLURM_FLAG("short", LOG_FMT_SHORT)
	PYSLURM_FLAG("thread_id", LOG_FMT_THREAD_ID)
#ifdef LOG_FMT_RFC3339
	PYSLURM_FLAG("rfc3339", LOG_FMT_RFC3339)
#endif
	{ NULL, 0 }
};
#undef PYSLURM_FLAG

/* Statistics (sdiag).  The response's free function is exported by libslurm
 * in every major, though not declared in slurm.h. */
extern void slurm_free_stats_response_msg(stats_info_response_msg_t *msg);
/* Fields 24.11 added. */

#endif /* PYSLURM_COMPAT_CONFIG_H */
