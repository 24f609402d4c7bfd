/*
 * compat/reservations.h - reservations (pyslurm.reservation): what differs between
 * Slurm majors here.  Included by compat.h only.
 */
#ifndef PYSLURM_COMPAT_RESERVATIONS_H
#define PYSLURM_COMPAT_RESERVATIONS_H

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

#endif /* PYSLURM_COMPAT_RESERVATIONS_H */
