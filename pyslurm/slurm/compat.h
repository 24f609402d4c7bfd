/*
 * compat.h - the one place where pyslurm absorbs the differences between the
 * Slurm majors it supports (22.05, 24.11, 26.05).
 *
 * Every entity module is written once against the pyslurm_* names below;
 * each shim picks the right libslurm call for the major whose headers the
 * package is compiled against.  Declared for Cython in compat.pxd.
 */
#ifndef PYSLURM_COMPAT_H
#define PYSLURM_COMPAT_H

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurm_version.h>

#define PYSLURM_AT_LEAST(maj, min) \
	(SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(maj, min, 0))

/* Versions for which pyslurm/slurm/ has declarations. */
#if !PYSLURM_AT_LEAST(22, 5) || \
	(PYSLURM_AT_LEAST(22, 6) && !PYSLURM_AT_LEAST(24, 11)) || \
	(PYSLURM_AT_LEAST(24, 12) && !PYSLURM_AT_LEAST(26, 5)) || \
	PYSLURM_AT_LEAST(26, 6)
#error "pyslurm supports Slurm 22.05, 24.11 and 26.05 only"
#endif

/* libslurm's parsed configuration (filled by slurm_init); not in slurm.h. */
extern slurm_conf_t slurm_conf;

/* The error number of the last failed call: slurm_get_errno() is gone
 * after 22.05, and was errno all along. */
static inline int pyslurm_errno(void) { return errno; }

/* slurm_free_ctl_conf() became slurm_free_conf() in 26.05. */
static inline void pyslurm_free_ctl_conf(slurm_conf_t *conf)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_free_conf(conf);
#else
	slurm_free_ctl_conf(conf);
#endif
}

/* Make libslurm's symbols global before the first slurm_init(): Python
 * loads extension modules RTLD_LOCAL, and the plugins libslurm dlopen()s
 * (auth_munge.so, hash_k12.so, ...) need libslurm's symbols, or the process
 * dies with "undefined symbol: slurm_conf".  Returns NULL or an error text.
 * The extra reference is kept on purpose: libslurm is never unloaded. */
static inline const char *pyslurm_make_libslurm_global(void)
{
	Dl_info info;

	if (!dladdr((void *) slurm_init, &info) || !info.dli_fname)
		return "dladdr() cannot locate libslurm";
	if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD))
		return dlerror();
	return NULL;
}

/* Error names that errors.py maps to exception classes, with this major's
 * numbers.  Names a major does not have are simply absent. */
typedef struct {
	const char *name;
	int value;
} pyslurm_errno_name_t;

#define PYSLURM_ERR(n) { #n, n }
static const pyslurm_errno_name_t pyslurm_errno_names[] = {
	PYSLURM_ERR(SLURM_COMMUNICATIONS_CONNECTION_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_SEND_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_RECEIVE_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_SHUTDOWN_ERROR),
#if PYSLURM_AT_LEAST(26, 5)
	PYSLURM_ERR(SLURM_COMMUNICATIONS_CONNECT_TIMEOUT),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_READ_TIMEOUT),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_WRITE_TIMEOUT),
#endif
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_SEND_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_RECEIVE_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_SHUTDOWN_ERROR),
#if PYSLURM_AT_LEAST(24, 11)
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_BACKOFF),
#endif
	PYSLURM_ERR(SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT),
	PYSLURM_ERR(SLURM_PROTOCOL_VERSION_ERROR),
	PYSLURM_ERR(SLURM_PROTOCOL_INSANE_MSG_LENGTH),
	PYSLURM_ERR(SLURM_PROTOCOL_AUTHENTICATION_ERROR),
	PYSLURM_ERR(ESLURM_ACCESS_DENIED),
	PYSLURM_ERR(ESLURM_USER_ID_MISSING),
	PYSLURM_ERR(ESLURM_INVALID_JOB_ID),
	PYSLURM_ERR(ESLURM_ALREADY_DONE),
	PYSLURM_ERR(ESLURM_JOB_PENDING),
	PYSLURM_ERR(ESLURM_JOB_NOT_PENDING),
	PYSLURM_ERR(ESLURM_JOB_NOT_RUNNING),
	PYSLURM_ERR(ESLURM_JOB_NOT_PENDING_NOR_RUNNING),
	PYSLURM_ERR(ESLURM_TRANSITION_STATE_NO_UPDATE),
	PYSLURM_ERR(ESLURM_INVALID_NODE_NAME),
	PYSLURM_ERR(ESLURM_INVALID_PARTITION_NAME),
	PYSLURM_ERR(ESLURM_RESERVATION_INVALID),
	{ NULL, 0 }
};
#undef PYSLURM_ERR

/* ---- Hostlists (pyslurm.hostlist, node, partition) ------------------
 * 22.05 passes hostlist_t (itself a pointer); 24.11+ pass hostlist_t *.
 * pyslurm_hostlist_t is "the handle" in every major. */
/* Exported by libslurm in every major (not in slurm.h): Slurm's xfree()
 * for one pointer, to release strings libslurm xmalloc()ed for us. */
extern void slurm_xfree_ptr(void *ptr);
#if PYSLURM_AT_LEAST(24, 11)
typedef hostlist_t *pyslurm_hostlist_t;
#else
typedef hostlist_t pyslurm_hostlist_t;
#endif

static inline pyslurm_hostlist_t pyslurm_hostlist_create(const char *s)
{ return slurm_hostlist_create(s); }
static inline void pyslurm_hostlist_destroy(pyslurm_hostlist_t hl)
{ slurm_hostlist_destroy(hl); }
static inline int pyslurm_hostlist_push_host(pyslurm_hostlist_t hl, const char *h)
{ return slurm_hostlist_push_host(hl, h); }
static inline int pyslurm_hostlist_count(pyslurm_hostlist_t hl)
{ return slurm_hostlist_count(hl); }
static inline int pyslurm_hostlist_find(pyslurm_hostlist_t hl, const char *h)
{ return slurm_hostlist_find(hl, h); }
static inline void pyslurm_hostlist_uniq(pyslurm_hostlist_t hl)
{ slurm_hostlist_uniq(hl); }
/* Result: free() it. */
static inline char *pyslurm_hostlist_shift(pyslurm_hostlist_t hl)
{ return slurm_hostlist_shift(hl); }
/* The ranged string ("c[1-3]"); release it with pyslurm_hostlist_free_ranged:
 * 22.05's _malloc result is free()d, the _xmalloc one (the only one left in
 * 24.11+) must go back through Slurm's xfree(). */
static inline char *pyslurm_hostlist_ranged(pyslurm_hostlist_t hl)
{
#if PYSLURM_AT_LEAST(24, 11)
	return slurm_hostlist_ranged_string_xmalloc(hl);
#else
	return slurm_hostlist_ranged_string_malloc(hl);
#endif
}
static inline void pyslurm_hostlist_free_ranged(char *s)
{
#if PYSLURM_AT_LEAST(24, 11)
	if (s)
		slurm_xfree_ptr(s);
#else
	free(s);
#endif
}

/* ---- Nodes (pyslurm.node) ------------------------------------------
 * Allocated CPUs/memory/TRES: 22.05 and 24.11 read them from the select
 * plugin's data (slurm_get_select_nodeinfo); 26.05 has them in node_info_t
 * and no slurm_get_select_nodeinfo. */
static inline uint16_t pyslurm_node_alloc_cpus(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_cpus;
#else
	uint16_t v = 0;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo, SELECT_NODEDATA_SUBCNT,
				      NODE_STATE_ALLOCATED, &v) != SLURM_SUCCESS)
		return 0;
	return v;
#endif
}

static inline uint64_t pyslurm_node_alloc_memory(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_memory;
#else
	uint64_t v = 0;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo,
				      SELECT_NODEDATA_MEM_ALLOC,
				      NODE_STATE_ALLOCATED, &v) != SLURM_SUCCESS)
		return 0;
	return v;
#endif
}

/* The allocated TRES string ("cpu=2,mem=1000M"), or NULL; malloc'ed:
 * release it with free(). */
static inline char *pyslurm_node_alloc_tres(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_tres_fmt_str ? strdup(n->alloc_tres_fmt_str) : NULL;
#else
	char *s = NULL, *out = NULL;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo,
				      SELECT_NODEDATA_TRES_ALLOC_FMT_STR,
				      NODE_STATE_ALLOCATED, &s) != SLURM_SUCCESS)
		return NULL;
	if (s) {
		out = strdup(s);
		slurm_xfree_ptr(s);
	}
	return out;
#endif
}

/* Reservation a node is in (24.11+; NULL in 22.05). */
static inline const char *pyslurm_node_resv_name(node_info_t *n)
{
#if PYSLURM_AT_LEAST(24, 11)
	return n->resv_name;
#else
	(void) n;
	return NULL;
#endif
}

/* Slurm's own state names ("IDLE", "DRAINED*", "IDLE~", ...), as sinfo and
 * scontrol print them: exported by libslurm in every major, though not
 * declared in slurm.h.  Static strings: not to be freed. */
extern char *slurm_node_state_string(uint32_t inx);
/* "SUSPEND,GANG" etc. for a partition's PreemptMode (static string). */
extern const char *slurm_preempt_mode_string(uint16_t preempt_mode);

/* ---- reservations ---- (pyslurm/reservation.pyx)
 * resv_desc_msg_t's node_cnt/core_cnt are zero-terminated uint32_t arrays
 * in 22.05 and plain counts later; comment is 24.11+; qos and
 * allowed_parts are 26.05+.  Flag bits differ a little between majors:
 * pyslurm_resv_flags lists the ones this major has. */

/* Exported by libslurm in every major (not in slurm.h): the flags as
 * scontrol prints them ("MAINT,IGNORE_JOBS"); release with slurm_xfree_ptr. */
extern char *slurm_reservation_flags_string(reserve_info_t *resv_ptr);

typedef struct {
	const char *name;	/* as scontrol prints it */
	uint64_t set;		/* the bit that sets it */
	uint64_t clear;		/* the bit that clears it on update (0: none) */
} pyslurm_resv_flag_t;

#define PYSLURM_RF(n, s, c) { n, s, c }
static const pyslurm_resv_flag_t pyslurm_resv_flags[] = {
	PYSLURM_RF("MAINT", RESERVE_FLAG_MAINT, RESERVE_FLAG_NO_MAINT),
	PYSLURM_RF("FLEX", RESERVE_FLAG_FLEX, RESERVE_FLAG_NO_FLEX),
#if !PYSLURM_AT_LEAST(24, 11)
	PYSLURM_RF("OVERLAP", RESERVE_FLAG_OVERLAP, 0),
	PYSLURM_RF("FIRST_CORES", RESERVE_FLAG_FIRST_CORES, 0),
#endif
	PYSLURM_RF("IGNORE_JOBS", RESERVE_FLAG_IGN_JOBS, RESERVE_FLAG_NO_IGN_JOB),
	PYSLURM_RF("HOURLY", RESERVE_FLAG_HOURLY, RESERVE_FLAG_NO_HOURLY),
	PYSLURM_RF("DAILY", RESERVE_FLAG_DAILY, RESERVE_FLAG_NO_DAILY),
	PYSLURM_RF("WEEKDAY", RESERVE_FLAG_WEEKDAY, RESERVE_FLAG_NO_WEEKDAY),
	PYSLURM_RF("WEEKEND", RESERVE_FLAG_WEEKEND, RESERVE_FLAG_NO_WEEKEND),
	PYSLURM_RF("WEEKLY", RESERVE_FLAG_WEEKLY, RESERVE_FLAG_NO_WEEKLY),
	PYSLURM_RF("SPEC_NODES", RESERVE_FLAG_SPEC_NODES, 0),
	PYSLURM_RF("ALL_NODES", RESERVE_FLAG_ALL_NODES, 0),
	PYSLURM_RF("ANY_NODES", RESERVE_FLAG_ANY_NODES, RESERVE_FLAG_NO_ANY_NODES),
	PYSLURM_RF("STATIC", RESERVE_FLAG_STATIC, RESERVE_FLAG_NO_STATIC),
	PYSLURM_RF("PART_NODES", RESERVE_FLAG_PART_NODES, RESERVE_FLAG_NO_PART_NODES),
	PYSLURM_RF("TIME_FLOAT", RESERVE_FLAG_TIME_FLOAT, 0),
	PYSLURM_RF("REPLACE", RESERVE_FLAG_REPLACE, 0),
	PYSLURM_RF("REPLACE_DOWN", RESERVE_FLAG_REPLACE_DOWN, 0),
	PYSLURM_RF("PURGE_COMP", RESERVE_FLAG_PURGE_COMP, RESERVE_FLAG_NO_PURGE_COMP),
	PYSLURM_RF("NO_HOLD_JOBS_AFTER_END", RESERVE_FLAG_NO_HOLD_JOBS, 0),
	PYSLURM_RF("MAGNETIC", RESERVE_FLAG_MAGNETIC, RESERVE_FLAG_NO_MAGNETIC),
#if PYSLURM_AT_LEAST(24, 11)
	PYSLURM_RF("USER_DELETE", RESERVE_FLAG_USER_DEL, RESERVE_FLAG_NO_USER_DEL),
#endif
#if PYSLURM_AT_LEAST(26, 5)
	PYSLURM_RF("FORCE_START", RESERVE_FLAG_FORCE_START, 0),
#endif
	{ NULL, 0, 0 }
};
#undef PYSLURM_RF

/* Node/core counts of a reservation request; release with
 * pyslurm_resv_desc_free_counts() (22.05 allocates the arrays). */
static inline int pyslurm_resv_desc_set_node_cnt(resv_desc_msg_t *m, uint32_t n)
{
#if PYSLURM_AT_LEAST(24, 11)
	m->node_cnt = n;
#else
	free(m->node_cnt);
	m->node_cnt = calloc(2, sizeof(uint32_t));
	if (!m->node_cnt)
		return -1;
	m->node_cnt[0] = n;
#endif
	return 0;
}
static inline int pyslurm_resv_desc_set_core_cnt(resv_desc_msg_t *m, uint32_t n)
{
#if PYSLURM_AT_LEAST(24, 11)
	m->core_cnt = n;
#else
	free(m->core_cnt);
	m->core_cnt = calloc(2, sizeof(uint32_t));
	if (!m->core_cnt)
		return -1;
	m->core_cnt[0] = n;
#endif
	return 0;
}
static inline void pyslurm_resv_desc_free_counts(resv_desc_msg_t *m)
{
#if PYSLURM_AT_LEAST(24, 11)
	(void) m;
#else
	free(m->node_cnt);
	free(m->core_cnt);
	m->node_cnt = NULL;
	m->core_cnt = NULL;
#endif
}

/* Comment (24.11+): PYSLURM_RESV_HAS_COMMENT says whether this major has
 * it.  The setter only borrows s: the caller frees it after the RPC. */
#if PYSLURM_AT_LEAST(24, 11)
#define PYSLURM_RESV_HAS_COMMENT 1
#else
#define PYSLURM_RESV_HAS_COMMENT 0
#endif
static inline const char *pyslurm_resv_comment(reserve_info_t *r)
{
#if PYSLURM_AT_LEAST(24, 11)
	return r->comment;
#else
	(void) r;
	return NULL;
#endif
}
static inline void pyslurm_resv_desc_set_comment(resv_desc_msg_t *m, char *s)
{
#if PYSLURM_AT_LEAST(24, 11)
	m->comment = s;
#else
	(void) m;
	(void) s;
#endif
}

/* Release the name slurm_create_reservation() returns: strdup()ed up to
 * 24.11, xstrdup()ed in 26.05 (free() on it aborts the process). */
static inline void pyslurm_free_resv_name(char *name)
{
	if (!name)
		return;
#if PYSLURM_AT_LEAST(26, 5)
	slurm_xfree_ptr(name);
#else
	free(name);
#endif
}

/* QOS and AllowedPartitions (26.05+; NULL before). */
static inline const char *pyslurm_resv_qos(reserve_info_t *r)
{
#if PYSLURM_AT_LEAST(26, 5)
	return r->qos;
#else
	(void) r;
	return NULL;
#endif
}
static inline const char *pyslurm_resv_allowed_parts(reserve_info_t *r)
{
#if PYSLURM_AT_LEAST(26, 5)
	return r->allowed_parts;
#else
	(void) r;
	return NULL;
#endif
}
/* ---- end reservations ---- */

/* ---- jobs ---- (pyslurm/job.pyx) */
#include <stdio.h>
#include <stdlib.h>

/* Exported by libslurm in every supported major, not declared in slurm.h:
 * frees what one job record points to (not the record itself). */
extern void slurm_free_job_info_members(job_info_t *job);

/* Free a job record that pyslurm malloc'ed and moved out of a
 * job_info_msg_t (see job.pyx: _move_record). */
static inline void pyslurm_free_job_record(job_info_t *job)
{
	if (!job)
		return;
	slurm_free_job_info_members(job);
	free(job);
}

/* 26.05 addresses a job by a slurm_step_id_t, earlier majors by its id. */
#if PYSLURM_AT_LEAST(26, 5)
static inline slurm_step_id_t pyslurm_job_step_id(uint32_t job_id)
{
	slurm_step_id_t id = SLURM_STEP_ID_INITIALIZER;
	id.job_id = job_id;
	return id;
}
#define PYSLURM_JOB_ID(job_id) pyslurm_job_step_id(job_id)
#else
#define PYSLURM_JOB_ID(job_id) (job_id)
#endif

static inline int pyslurm_load_job(job_info_msg_t **resp, uint32_t job_id,
				   uint16_t show_flags)
{
	return slurm_load_job(resp, PYSLURM_JOB_ID(job_id), show_flags);
}

static inline int pyslurm_kill_job(uint32_t job_id, uint16_t signal,
				   uint16_t flags)
{
	return slurm_kill_job(PYSLURM_JOB_ID(job_id), signal, flags);
}

static inline int pyslurm_suspend(uint32_t job_id)
{
	return slurm_suspend(PYSLURM_JOB_ID(job_id));
}

static inline int pyslurm_resume(uint32_t job_id)
{
	return slurm_resume(PYSLURM_JOB_ID(job_id));
}

static inline int pyslurm_requeue(uint32_t job_id, uint32_t flags)
{
	return slurm_requeue(PYSLURM_JOB_ID(job_id), flags);
}

static inline int pyslurm_notify_job(uint32_t job_id, char *message)
{
	return slurm_notify_job(PYSLURM_JOB_ID(job_id), message);
}

/* slurm_job_batch_script() writes to a FILE: collect it in memory.  On
 * success *text is malloc'ed (free() it) and *len its length. */
static inline int pyslurm_job_batch_script(uint32_t job_id, char **text,
					   size_t *len)
{
	int rc;
	FILE *out;

	*text = NULL;
	*len = 0;
	out = open_memstream(text, len);
	if (!out)
		return errno ? errno : SLURM_ERROR;
	rc = slurm_job_batch_script(out, PYSLURM_JOB_ID(job_id));
	fclose(out);
	if (rc != SLURM_SUCCESS) {
		int err = errno;
		free(*text);
		*text = NULL;
		*len = 0;
		errno = err;
	}
	return rc;
}

/* The job a job_desc_msg_t updates (slurm_update_job). */
static inline void pyslurm_job_desc_set_job_id(job_desc_msg_t *desc,
					       uint32_t job_id)
{
#if PYSLURM_AT_LEAST(26, 5)
	desc->step_id.job_id = job_id;
#else
	desc->job_id = job_id;
#endif
}

/* The new job's id in a submit response (a slurm_step_id_t in 26.05). */
static inline uint32_t pyslurm_submit_response_job_id(submit_response_msg_t *resp)
{
#if PYSLURM_AT_LEAST(26, 5)
	return resp->step_id.job_id;
#else
	return resp->job_id;
#endif
}

/* How a GRES is named in tres_per_* strings ("gres:gpu:1" in 22.05,
 * "gres/gpu:1" later). */
#if PYSLURM_AT_LEAST(24, 11)
#define PYSLURM_GRES_PREFIX "gres/"
#else
#define PYSLURM_GRES_PREFIX "gres:"
#endif
/* ---- end jobs ---- */

/* ---- job details ---- (pyslurm/job.pyx: attributes, array tasks,
 * resource layout) */
#include <stdbool.h>

/* --gres-flags task sharing (24.11+; NULL before). */
static inline const char *pyslurm_job_gres_tasks_per_sharing(uint64_t bitflags)
{
#if PYSLURM_AT_LEAST(24, 11)
	if (bitflags & GRES_ONE_TASK_PER_SHARING)
		return "one-task-per-sharing";
	if (bitflags & GRES_MULT_TASKS_PER_SHARING)
		return "multiple-tasks-per-sharing";
#else
	(void) bitflags;
#endif
	return NULL;
}

/* Exported by libslurm in every major (bitstring.h is not installed).
 * 22.05 returns an int 0/1, later majors a bool: read as a bool both
 * give the same answer on every ABI pyslurm builds for. */
extern bool slurm_bit_test(void *b, int64_t bit);
extern int64_t slurm_bit_size(void *b);

/* job_resources_t (job_info_t.job_resrcs, sent with SHOW_DETAIL) is opaque
 * in slurm.h.  These are its leading members as each major lays them out,
 * read from the offsets libslurmfull's get_job_resources_cnt() and
 * extract_job_resources_node() use (22.05.8, 24.11.5, 26.05.5); only the
 * members pyslurm reads are named.  Checked against `scontrol show job -d`
 * by tests/integration/test_job_details.py on every major. */
typedef struct {
	void *core_bitmap;		/* 0x00 */
	void *core_bitmap_used;		/* 0x08 */
	uint32_t cpu_array_cnt;		/* 0x10 */
	uint16_t *cpu_array_value;	/* 0x18 */
	uint32_t *cpu_array_reps;	/* 0x20 */
	uint16_t *cpus;			/* 0x28 */
	uint16_t *cpus_used;		/* 0x30 */
	uint16_t *cores_per_socket;	/* 0x38 */
	uint16_t cr_type;		/* 0x40 */
	uint64_t *memory_allocated;	/* 0x48 */
	uint64_t *memory_used;		/* 0x50 */
#if PYSLURM_AT_LEAST(24, 11)
	uint32_t pad_58;		/* 0x58 */
#endif
	uint32_t nhosts;		/* 0x58 (22.05), 0x5c */
	void *node_bitmap;		/* 0x60 */
	uint32_t node_req;		/* 0x68 */
	char *nodes;			/* 0x70 */
	uint32_t ncpus;			/* 0x78 */
#if PYSLURM_AT_LEAST(26, 5)
	void *pad_80;			/* 0x80 */
#endif
	uint32_t *sock_core_rep_count;	/* 0x80, 0x88 (26.05) */
	uint16_t *sockets_per_node;	/* 0x88, 0x90 (26.05) */
} pyslurm_job_resources_t;

_Static_assert(offsetof(pyslurm_job_resources_t, memory_allocated) == 0x48,
	       "job_resources layout");
#if PYSLURM_AT_LEAST(26, 5)
_Static_assert(offsetof(pyslurm_job_resources_t, nhosts) == 0x5c, "job_resources layout");
_Static_assert(offsetof(pyslurm_job_resources_t, sockets_per_node) == 0x90,
	       "job_resources layout");
#elif PYSLURM_AT_LEAST(24, 11)
_Static_assert(offsetof(pyslurm_job_resources_t, nhosts) == 0x5c, "job_resources layout");
_Static_assert(offsetof(pyslurm_job_resources_t, sockets_per_node) == 0x88,
	       "job_resources layout");
#else
_Static_assert(offsetof(pyslurm_job_resources_t, nhosts) == 0x58, "job_resources layout");
_Static_assert(offsetof(pyslurm_job_resources_t, sockets_per_node) == 0x88,
	       "job_resources layout");
#endif

static inline uint32_t pyslurm_job_res_nhosts(job_info_t *job)
{
	pyslurm_job_resources_t *r = (pyslurm_job_resources_t *) job->job_resrcs;
	return r ? r->nhosts : 0;
}

/* Node `inx` (0-based within the job) of a job with job_resrcs: its
 * allocated core numbers set in *cores (a bitmap of `max` bytes, one byte
 * per core), the count of cores the node has in *ncores, its allocated CPUs
 * in *cpus and memory (MiB) in *mem (NO_VAL64 when the controller tracks
 * none).  Returns 0, or -1 when the layout is missing or inconsistent. */
static inline int pyslurm_job_res_node(job_info_t *job, uint32_t inx,
				       unsigned char *cores, uint32_t max,
				       uint32_t *ncores, uint32_t *cpus,
				       uint64_t *mem)
{
	pyslurm_job_resources_t *r = (pyslurm_job_resources_t *) job->job_resrcs;
	uint32_t i, rep = 0, sock = 0, per_node = 0;
	int64_t offset = 0, nbits;

	if (!r || !r->core_bitmap || inx >= r->nhosts ||
	    !r->sock_core_rep_count || !r->sockets_per_node ||
	    !r->cores_per_socket)
		return -1;
	/* bits of every node before `inx`, then of `inx` itself */
	for (i = 0; i <= inx; i++) {
		while (rep >= r->sock_core_rep_count[sock]) {
			sock++;
			rep = 0;
			if (sock >= r->nhosts)
				return -1;
		}
		per_node = (uint32_t) r->sockets_per_node[sock] *
			   r->cores_per_socket[sock];
		rep++;
		if (i < inx)
			offset += per_node;
	}
	nbits = slurm_bit_size(r->core_bitmap);
	if (per_node > max || offset + per_node > nbits)
		return -1;
	for (i = 0; i < per_node; i++)
		cores[i] = slurm_bit_test(r->core_bitmap, offset + i) ? 1 : 0;
	*ncores = per_node;
	*cpus = r->cpus ? r->cpus[inx] : 0;
	*mem = r->memory_allocated ? r->memory_allocated[inx] : NO_VAL64;
	return 0;
}

/* ---- end job details ---- */

/* ---- steps ---- (pyslurm/step.pyx)
 * 26.05 addresses a step by a slurm_step_id_t *; earlier majors by job and
 * step id.  slurm_get_job_steps loses its update_time in 26.05;
 * slurm_kill_job_step gains flags in 24.11. */
#if PYSLURM_AT_LEAST(26, 5)
static inline slurm_step_id_t pyslurm_step_ref(uint32_t job_id,
					       uint32_t step_id)
{
	slurm_step_id_t id = SLURM_STEP_ID_INITIALIZER;
	id.job_id = job_id;
	id.step_id = step_id;
	return id;
}
#endif

/* job_id / step_id NO_VAL: every job / every step. */
static inline int pyslurm_get_job_steps(uint32_t job_id, uint32_t step_id,
					job_step_info_response_msg_t **resp,
					uint16_t show_flags)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_get_job_steps(&id, resp, show_flags);
#else
	return slurm_get_job_steps((time_t) 0, job_id, step_id, resp,
				   show_flags);
#endif
}

static inline int pyslurm_kill_job_step(uint32_t job_id, uint32_t step_id,
					uint16_t signal)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_kill_job_step(&id, signal, 0);
#elif PYSLURM_AT_LEAST(24, 11)
	return slurm_kill_job_step(job_id, step_id, signal, 0);
#else
	return slurm_kill_job_step(job_id, step_id, signal);
#endif
}

static inline int pyslurm_signal_job_step(uint32_t job_id, uint32_t step_id,
					  uint32_t signal)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_signal_job_step(&id, signal);
#else
	return slurm_signal_job_step(job_id, step_id, signal);
#endif
}

/* slurm_update_step with a new time limit (minutes). */
static inline int pyslurm_update_step_time_limit(uint32_t job_id,
						 uint32_t step_id,
						 uint32_t time_limit)
{
	step_update_request_msg_t msg;

	slurm_init_update_step_msg(&msg);
#if PYSLURM_AT_LEAST(26, 5)
	msg.step_id = pyslurm_step_ref(job_id, step_id);
#else
	msg.job_id = job_id;
	msg.step_id = step_id;
#endif
	msg.time_limit = time_limit;
	return slurm_update_step(&msg);
}

/* The step's allocated TRES ("cpu=2,mem=200M,node=1"); renamed in 26.05. */
static inline const char *pyslurm_step_tres_alloc(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->tres_fmt_alloc_str;
#else
	return s->tres_alloc_str;
#endif
}

/* Fields only newer majors have (NULL where absent). */
static inline const char *pyslurm_step_container_id(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(24, 11)
	return s->container_id;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_cwd(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->cwd;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_in(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_in;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_out(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_out;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_err(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_err;
#else
	(void) s;
	return NULL;
#endif
}
/* ---- end steps ---- */

/* ---- controller ---- (pyslurm/slurmctld.pyx)
 * slurm_conf_t fields that only some majors have: each getter returns the
 * field, or NULL / NO_VAL16 / NO_VAL where this major has no such field.
 * The flag tables list (Slurm's name, bit) for the bits this major's
 * slurm.h defines; each ends with a NULL name. */
#if PYSLURM_AT_LEAST(24, 11)
# define PYSLURM_SINCE_24(e, d) (e)
# define PYSLURM_BEFORE_24(e, d) (d)
#else
# define PYSLURM_SINCE_24(e, d) (d)
# define PYSLURM_BEFORE_24(e, d) (e)
#endif
#if PYSLURM_AT_LEAST(26, 5)
# define PYSLURM_SINCE_26(e, d) (e)
# define PYSLURM_BEFORE_26(e, d) (d)
#else
# define PYSLURM_SINCE_26(e, d) (d)
# define PYSLURM_BEFORE_26(e, d) (e)
#endif
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
#define PYSLURM_STATS_HAS_EXITS PYSLURM_AT_LEAST(24, 11)
static inline uint32_t pyslurm_stats_schedule_exit(stats_info_response_msg_t *s, uint32_t i)
{
#if PYSLURM_AT_LEAST(24, 11)
	return (s->schedule_exit && i < s->schedule_exit_cnt) ? s->schedule_exit[i] : NO_VAL;
#else
	(void) s; (void) i;
	return NO_VAL;
#endif
}
static inline uint32_t pyslurm_stats_schedule_exit_cnt(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->schedule_exit_cnt, 0); }
static inline uint32_t pyslurm_stats_bf_exit(stats_info_response_msg_t *s, uint32_t i)
{
#if PYSLURM_AT_LEAST(24, 11)
	return (s->bf_exit && i < s->bf_exit_cnt) ? s->bf_exit[i] : NO_VAL;
#else
	(void) s; (void) i;
	return NO_VAL;
#endif
}
static inline uint32_t pyslurm_stats_bf_exit_cnt(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->bf_exit_cnt, 0); }
static inline int pyslurm_stats_rpc_queue_enabled(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->rpc_queue_enabled, 0); }
/* Per RPC type queue figures (24.11+, with the RPC queue on): NO_VAL64
 * where there are none. */
static inline uint64_t pyslurm_stats_rpc_type_queued(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_queued ? s->rpc_type_queued[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_dropped(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_dropped ? s->rpc_type_dropped[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_cycle_last(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_cycle_last ? s->rpc_type_cycle_last[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_cycle_max(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_cycle_max ? s->rpc_type_cycle_max[i] : NO_VAL64, NO_VAL64); }
/* ---- end controller ---- */

#endif /* PYSLURM_COMPAT_H */
