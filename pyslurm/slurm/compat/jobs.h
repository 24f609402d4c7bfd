/*
 * compat/jobs.h - jobs (pyslurm.job_record, submit, job): records,
 * submission, array tasks and details: what differs between
 * Slurm majors here.  Included by compat.h only.
 */
#ifndef PYSLURM_COMPAT_JOBS_H
#define PYSLURM_COMPAT_JOBS_H

/* ---- jobs ---- (pyslurm/job.pyx) */
#include <stdio.h>
#include <stdlib.h>

/* Exported by libslurm in every supported major, not declared in slurm.h:
 * frees what one job record points to (not the record itself). */
extern void slurm_free_job_info_members(job_info_t *job);

/* Slurm's own name of a job state reason (as squeue prints it): exported by
 * libslurm in every supported major, declared in no slurm.h, and renamed in
 * 24.11.  Returns a string libslurm owns (never freed). */
#if PYSLURM_AT_LEAST(24, 11)
extern char *slurm_job_state_reason_string(enum job_state_reason inx);
static inline const char *pyslurm_job_reason_string(uint32_t reason)
{
	return slurm_job_state_reason_string((enum job_state_reason) reason);
}
#else
extern char *slurm_job_reason_string(enum job_state_reason inx);
static inline const char *pyslurm_job_reason_string(uint32_t reason)
{
	return slurm_job_reason_string((enum job_state_reason) reason);
}
#endif

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

/* Job record fields only some majors have: NULL / NO_VAL16 / -1 where a
 * major lacks them (read as None).  The getters take a const void * so
 * that records.pyx's f_call_* Fields can call them. */
#define PYSLURM_JOB(rec) ((const job_info_t *) (rec))

static inline const char *pyslurm_job_container_id(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return PYSLURM_JOB(rec)->container_id;
#else
	(void) rec;
	return NULL;
#endif
}

static inline const char *pyslurm_job_extra(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return PYSLURM_JOB(rec)->extra;
#else
	(void) rec;
	return NULL;
#endif
}

static inline const char *pyslurm_job_failed_node(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return PYSLURM_JOB(rec)->failed_node;
#else
	(void) rec;
	return NULL;
#endif
}

static inline const char *pyslurm_job_resv_ports(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return PYSLURM_JOB(rec)->resv_ports;
#else
	(void) rec;
	return NULL;
#endif
}

/* submit_line is in job_info_t from 26.05 on (before: only in steps). */
static inline const char *pyslurm_job_submit_line(const void *rec)
{
#if PYSLURM_AT_LEAST(26, 5)
	return PYSLURM_JOB(rec)->submit_line;
#else
	(void) rec;
	return NULL;
#endif
}

/* Licenses the controller allocated (26.05+). */
static inline const char *pyslurm_job_licenses_allocated(const void *rec)
{
#if PYSLURM_AT_LEAST(26, 5)
	return PYSLURM_JOB(rec)->licenses_allocated;
#else
	(void) rec;
	return NULL;
#endif
}

/* --segment (26.05+): NO_VAL16 before. */
static inline uint16_t pyslurm_job_segment_size(const void *rec)
{
#if PYSLURM_AT_LEAST(26, 5)
	return PYSLURM_JOB(rec)->segment_size;
#else
	(void) rec;
	return NO_VAL16;
#endif
}

/* --oom-kill-step (24.11+): NO_VAL16 before. */
static inline uint16_t pyslurm_job_oom_kill_step(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return PYSLURM_JOB(rec)->oom_kill_step;
#else
	(void) rec;
	return NO_VAL16;
#endif
}

/* The --spread-segments / --consolidate-segments bits of job_info_t.bitflags
 * (26.05+): 0 in majors that do not have them. */
#if PYSLURM_AT_LEAST(26, 5)
#define PYSLURM_SPREAD_SEGMENTS SPREAD_SEGMENTS
#define PYSLURM_CONSOLIDATE_SEGMENTS CONSOLIDATE_SEGMENTS
#else
#define PYSLURM_SPREAD_SEGMENTS ((uint64_t) 0)
#define PYSLURM_CONSOLIDATE_SEGMENTS ((uint64_t) 0)
#endif

/* ---- end job details ---- */

#endif /* PYSLURM_COMPAT_JOBS_H */
