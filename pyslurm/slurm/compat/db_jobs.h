/*
 * compat/db_jobs.h - accounting jobs and steps (pyslurm.db.job, .step,
 * .tres, .connection): what differs between Slurm majors here.  Included
 * by compat.h only.
 *
 * The job condition's lists are `List` (22.05) or `list_t *` (24.11+):
 * the same C type under two names, so pyslurm fills and frees them here,
 * never in Cython.  Every list and string pyslurm puts into a condition is
 * malloc()ed by pyslurm and freed by pyslurm_db_job_cond_free (libslurm
 * only reads the condition).
 */
#ifndef PYSLURM_COMPAT_DB_JOBS_H
#define PYSLURM_COMPAT_DB_JOBS_H

#include <slurm/slurmdb.h>

/* ---- db jobs ---- */

/* errno cleared before a call whose failure only errno tells. */
static inline void pyslurm_db_clear_errno(void) { errno = 0; }

/* A job condition as sacct starts from: no flags set for the job record
 * filter (SLURMDB_JOB_FLAG_NOTSET; a zeroed condition returns nothing). */
static inline void pyslurm_db_job_cond_init(slurmdb_job_cond_t *c)
{
	memset(c, 0, sizeof(*c));
	c->db_flags = SLURMDB_JOB_FLAG_NOTSET;
}

enum {
	PYSLURM_JC_ACCT, PYSLURM_JC_ASSOCID, PYSLURM_JC_CLUSTER,
	PYSLURM_JC_CONSTRAINT, PYSLURM_JC_GROUPID, PYSLURM_JC_JOBNAME,
	PYSLURM_JC_PARTITION, PYSLURM_JC_QOS, PYSLURM_JC_RESV,
	PYSLURM_JC_STATE, PYSLURM_JC_USERID, PYSLURM_JC_WCKEY,
	PYSLURM_JC_STEP
};

static inline void **pyslurm_db_job_cond_slot(slurmdb_job_cond_t *c, int which)
{
	switch (which) {
	case PYSLURM_JC_ACCT: return (void **) &c->acct_list;
	case PYSLURM_JC_ASSOCID: return (void **) &c->associd_list;
	case PYSLURM_JC_CLUSTER: return (void **) &c->cluster_list;
	case PYSLURM_JC_CONSTRAINT: return (void **) &c->constraint_list;
	case PYSLURM_JC_GROUPID: return (void **) &c->groupid_list;
	case PYSLURM_JC_JOBNAME: return (void **) &c->jobname_list;
	case PYSLURM_JC_PARTITION: return (void **) &c->partition_list;
	case PYSLURM_JC_QOS: return (void **) &c->qos_list;
	case PYSLURM_JC_RESV: return (void **) &c->resv_list;
	case PYSLURM_JC_STATE: return (void **) &c->state_list;
	case PYSLURM_JC_USERID: return (void **) &c->userid_list;
	case PYSLURM_JC_WCKEY: return (void **) &c->wckey_list;
	case PYSLURM_JC_STEP: return (void **) &c->step_list;
	}
	return NULL;
}

/* An empty list `which` in the condition (an empty cluster list: every
 * cluster).  0, or -1 when out of memory. */
static inline int pyslurm_db_job_cond_touch(slurmdb_job_cond_t *c, int which)
{
	void **slot = pyslurm_db_job_cond_slot(c, which);

	if (!slot)
		return -1;
	if (!*slot)
		*slot = slurm_list_create(free);
	return *slot ? 0 : -1;
}

/* Append a copy of s to list `which` of the condition. */
static inline int pyslurm_db_job_cond_add(slurmdb_job_cond_t *c, int which,
					  const char *s)
{
	char *copy;

	if (pyslurm_db_job_cond_touch(c, which))
		return -1;
	if (!(copy = strdup(s)))
		return -1;
	slurm_list_append(*pyslurm_db_job_cond_slot(c, which), copy);
	return 0;
}

/* Select job `job_id` (all its steps; with array_task NO_VAL every task
 * of an array, the job itself otherwise). */
static inline int pyslurm_db_job_cond_add_job(slurmdb_job_cond_t *c,
					      uint32_t job_id)
{
	slurm_selected_step_t *s;

	if (pyslurm_db_job_cond_touch(c, PYSLURM_JC_STEP))
		return -1;
	if (!(s = calloc(1, sizeof(*s))))
		return -1;
	s->array_task_id = NO_VAL;
	s->het_job_offset = NO_VAL;
	s->step_id.job_id = job_id;
	s->step_id.step_id = NO_VAL;
	s->step_id.step_het_comp = NO_VAL;
	slurm_list_append(c->step_list, s);
	return 0;
}

static inline int pyslurm_db_job_cond_set_nodes(slurmdb_job_cond_t *c,
						const char *nodes)
{
	free(c->used_nodes);
	c->used_nodes = nodes ? strdup(nodes) : NULL;
	return (nodes && !c->used_nodes) ? -1 : 0;
}

static inline void pyslurm_db_job_cond_free(slurmdb_job_cond_t *c)
{
	int which;

	for (which = PYSLURM_JC_ACCT; which <= PYSLURM_JC_STEP; which++) {
		void **slot = pyslurm_db_job_cond_slot(c, which);
		if (*slot)
			slurm_list_destroy(*slot);
		*slot = NULL;
	}
	free(c->used_nodes);
	c->used_nodes = NULL;
}

/* A job record's or step's list fields as void * (List / list_t *). */
static inline void *pyslurm_db_job_steps(const slurmdb_job_rec_t *j)
{
	return j ? (void *) j->steps : NULL;
}

/* slurmdb_jobs_get, slurmdb_job_modify, slurmdb_tres_get, slurmdb_qos_get
 * with the list as void *. */
static inline void *pyslurm_db_jobs_get(void *db_conn, slurmdb_job_cond_t *c)
{
	return (void *) slurmdb_jobs_get(db_conn, c);
}

static inline void *pyslurm_db_job_modify(void *db_conn,
					  slurmdb_job_cond_t *c,
					  slurmdb_job_rec_t *j)
{
	return (void *) slurmdb_job_modify(db_conn, c, j);
}

static inline void *pyslurm_db_tres_get(void *db_conn)
{
	slurmdb_tres_cond_t cond;
	void *out;

	memset(&cond, 0, sizeof(cond));
	slurmdb_init_tres_cond(&cond, 0);
	cond.with_deleted = 1;
	out = (void *) slurmdb_tres_get(db_conn, &cond);
	return out;
}

static inline void *pyslurm_db_qos_names_get(void *db_conn)
{
	slurmdb_qos_cond_t cond;

	memset(&cond, 0, sizeof(cond));	/* deleted QOS are left out */
	return (void *) slurmdb_qos_get(db_conn, &cond);
}

static inline int pyslurm_db_list_count(void *l)
{
	return l ? slurm_list_count(l) : 0;
}

static inline void pyslurm_db_list_destroy(void *l)
{
	if (l)
		slurm_list_destroy(l);
}

/* A job record for slurmdb_job_modify: nothing to change yet. */
static inline void pyslurm_db_job_rec_init(slurmdb_job_rec_t *j)
{
	memset(j, 0, sizeof(*j));
	j->derived_ec = NO_VAL;
}

/* Job record fields only some majors have (NULL / NO_VAL16 elsewhere). */
#if PYSLURM_AT_LEAST(24, 11)
#define PYSLURM_DB_JOB_STR(field) \
	static inline const char *pyslurm_db_job_##field(const void *r) \
	{ return ((const slurmdb_job_rec_t *) r)->field; }
#define PYSLURM_DB_JOB_HAS_EXTRA 1
static inline int pyslurm_db_job_set_extra(slurmdb_job_rec_t *j, char *s)
{ j->extra = s; return 0; }
static inline uint16_t pyslurm_db_job_restart_cnt(const void *r)
{ return ((const slurmdb_job_rec_t *) r)->restart_cnt; }
#else
#define PYSLURM_DB_JOB_STR(field) \
	static inline const char *pyslurm_db_job_##field(const void *r) \
	{ (void) r; return NULL; }
#define PYSLURM_DB_JOB_HAS_EXTRA 0
static inline int pyslurm_db_job_set_extra(slurmdb_job_rec_t *j, char *s)
{ (void) j; (void) s; return -1; }
static inline uint16_t pyslurm_db_job_restart_cnt(const void *r)
{ (void) r; return NO_VAL16; }
#endif

/* Step record fields 26.05 added. */
#if PYSLURM_AT_LEAST(26, 5)
#define PYSLURM_DB_STEP_STR(field) \
	static inline const char *pyslurm_db_step_##field(const void *r) \
	{ return ((const slurmdb_step_rec_t *) r)->field; }
static inline uint32_t pyslurm_db_step_timelimit(const void *r)
{ return ((const slurmdb_step_rec_t *) r)->timelimit; }
#else
#define PYSLURM_DB_STEP_STR(field) \
	static inline const char *pyslurm_db_step_##field(const void *r) \
	{ (void) r; return NULL; }
static inline uint32_t pyslurm_db_step_timelimit(const void *r)
{ (void) r; return NO_VAL; }
#endif
PYSLURM_DB_JOB_STR(extra)
PYSLURM_DB_JOB_STR(failed_node)
PYSLURM_DB_JOB_STR(lineage)
PYSLURM_DB_JOB_STR(licenses)
PYSLURM_DB_JOB_STR(qos_req)
PYSLURM_DB_JOB_STR(std_err)
PYSLURM_DB_JOB_STR(std_in)
PYSLURM_DB_JOB_STR(std_out)
PYSLURM_DB_STEP_STR(cwd)
PYSLURM_DB_STEP_STR(std_err)
PYSLURM_DB_STEP_STR(std_in)
PYSLURM_DB_STEP_STR(std_out)

#if PYSLURM_AT_LEAST(26, 5)
static inline const char *pyslurm_db_job_resv_req(const void *r)
{ return ((const slurmdb_job_rec_t *) r)->resv_req; }
static inline uint16_t pyslurm_db_job_segment_size(const void *r)
{ return ((const slurmdb_job_rec_t *) r)->segment_size; }
#else
static inline const char *pyslurm_db_job_resv_req(const void *r)
{ (void) r; return NULL; }
static inline uint16_t pyslurm_db_job_segment_size(const void *r)
{ (void) r; return NO_VAL16; }
#endif

/* ---- end db jobs ---- */

#endif
