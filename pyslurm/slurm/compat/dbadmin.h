/*
 * compat/dbadmin.h - accounting administration (pyslurm.db's qos, assoc,
 * account and user modules): the condition flags that became bit fields in
 * 24.11, the QOS flag names of each major, and fields only some majors have.
 */
#include <slurm/slurmdb.h>

/* Conditions: 22.05 has one uint16_t per option, 24.11+ a flags word. */
static inline void pyslurm_qos_cond_with_deleted(slurmdb_qos_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= QOS_COND_FLAG_WITH_DELETED;
#else
	c->with_deleted = 1;
#endif
}

static inline void pyslurm_assoc_cond_with_deleted(slurmdb_assoc_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= ASSOC_COND_FLAG_WITH_DELETED;
#else
	c->with_deleted = 1;
#endif
}

static inline void pyslurm_assoc_cond_only_defaults(slurmdb_assoc_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= ASSOC_COND_FLAG_ONLY_DEFS;
#else
	c->only_defs = 1;
#endif
}

/* raw QOS: the association's own QOS list, not the one it inherits */
static inline void pyslurm_assoc_cond_raw_qos(slurmdb_assoc_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= ASSOC_COND_FLAG_RAW_QOS;
#else
	c->with_raw_qos = 1;
#endif
}

static inline void pyslurm_account_cond_with_assocs(slurmdb_account_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= SLURMDB_ACCT_FLAG_WASSOC;
#else
	c->with_assocs = 1;
#endif
}

static inline void pyslurm_account_cond_with_deleted(slurmdb_account_cond_t *c)
{
#if PYSLURM_AT_LEAST(24, 11)
	c->flags |= SLURMDB_ACCT_FLAG_DELETED;
#else
	c->with_deleted = 1;
#endif
}

/* The association's comment (24.11+; NULL before). */
static inline const char *pyslurm_assoc_comment(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return ((const slurmdb_assoc_rec_t *) rec)->comment;
#else
	(void) rec;
	return NULL;
#endif
}

/* QOS flags as sacctmgr prints them, for this major (NULL name ends it). */
typedef struct {
	const char *name;
	uint64_t bit;
} pyslurm_qos_flag_t;

static const pyslurm_qos_flag_t pyslurm_qos_flags[] = {
	{ "DenyOnLimit", QOS_FLAG_DENY_LIMIT },
	{ "EnforceUsageThreshold", QOS_FLAG_ENFORCE_USAGE_THRES },
	{ "NoDecay", QOS_FLAG_NO_DECAY },
	{ "NoReserve", QOS_FLAG_NO_RESERVE },
	{ "OverPartQOS", QOS_FLAG_OVER_PART_QOS },
	{ "PartitionMaxNodes", QOS_FLAG_PART_MAX_NODE },
	{ "PartitionMinNodes", QOS_FLAG_PART_MIN_NODE },
	{ "PartitionTimeLimit", QOS_FLAG_PART_TIME_LIMIT },
	{ "RequiresReservation", QOS_FLAG_REQ_RESV },
	{ "UsageFactorSafe", QOS_FLAG_USAGE_FACTOR_SAFE },
#if PYSLURM_AT_LEAST(24, 11)
	{ "Relative", QOS_FLAG_RELATIVE },
#endif
	{ NULL, 0 }
};

/* slurmdb's add / get / modify / remove of QOS, accounts, associations and
 * users with void * lists and conditions (List in 22.05, list_t * later):
 * pyslurm_db_<kind>_add(db, list) -> rc; _get(db, cond) / _modify(db,
 * cond, rec) / _remove(db, cond) -> a list (NULL on failure, errno set). */
#define PYSLURM_DB_ADMIN(kind, cond_t, rec_t)                                     \
static inline int pyslurm_db_##kind##_add(void *db, void *l)                      \
{ return slurmdb_##kind##_add(db, l); }                                           \
static inline void *pyslurm_db_##kind##_get(void *db, void *c)                    \
{ return (void *) slurmdb_##kind##_get(db, (cond_t *) c); }                       \
static inline void *pyslurm_db_##kind##_modify(void *db, void *c, void *r)        \
{ return (void *) slurmdb_##kind##_modify(db, (cond_t *) c, (rec_t *) r); }       \
static inline void *pyslurm_db_##kind##_remove(void *db, void *c)                 \
{ return (void *) slurmdb_##kind##_remove(db, (cond_t *) c); }
PYSLURM_DB_ADMIN(qos, slurmdb_qos_cond_t, slurmdb_qos_rec_t)
PYSLURM_DB_ADMIN(accounts, slurmdb_account_cond_t, slurmdb_account_rec_t)
PYSLURM_DB_ADMIN(associations, slurmdb_assoc_cond_t, slurmdb_assoc_rec_t)
PYSLURM_DB_ADMIN(users, slurmdb_user_cond_t, slurmdb_user_rec_t)
#undef PYSLURM_DB_ADMIN

/* A list of pointers pyslurm owns (the list frees none of them), and
 * appending to any list. */
static inline void *pyslurm_db_list_new(void)
{ return (void *) slurm_list_create(NULL); }
static inline void pyslurm_db_list_push(void *l, void *x)
{ slurm_list_append(l, x); }

/* The QOS a QOS may preempt: slurmdbd sends them as a bitmap of QOS
 * numbers (slurm_bit_* as declared in compat/jobs.h). */
static inline int64_t pyslurm_qos_preempt_size(const void *rec)
{
	const slurmdb_qos_rec_t *q = rec;
	return q->preempt_bitstr ? slurm_bit_size(q->preempt_bitstr) : 0;
}
static inline int pyslurm_qos_preempt_test(const void *rec, int64_t i)
{ return slurm_bit_test(((const slurmdb_qos_rec_t *) rec)->preempt_bitstr, i); }
