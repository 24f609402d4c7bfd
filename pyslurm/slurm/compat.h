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

#endif /* PYSLURM_COMPAT_H */
