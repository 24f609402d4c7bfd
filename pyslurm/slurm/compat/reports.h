/*
 * compat/reports.h - usage reports from slurmdbd (pyslurm.db.reports, through
 * pyslurm/db/_usage.pyx): the conditions sreport builds, for each major.
 * Included by compat.h only.
 *
 * The lists these functions take are lists of strings made by
 * pyslurm_rpt_str_list() (malloc'ed strings, freed by the list); each
 * function takes them over and frees them with its condition.  The lists
 * returned belong to the caller: slurm_list_destroy() them.
 */
#ifndef PYSLURM_COMPAT_REPORTS_H
#define PYSLURM_COMPAT_REPORTS_H

#include <time.h>
#include <slurm/slurmdb.h>

static inline void *pyslurm_rpt_str_list(void)
{
	return slurm_list_create(free);
}

/* 0, or -1 without memory. */
static inline int pyslurm_rpt_str_list_add(void *list, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return -1;
	slurm_list_append(list, copy);
	return 0;
}

/* Frees the lists that are not NULL. */
static inline void pyslurm_rpt_free_lists(void *a, void *b, void *c)
{
	if (a)
		slurm_list_destroy(a);
	if (b)
		slurm_list_destroy(b);
	if (c)
		slurm_list_destroy(c);
}

/* sreport's "cluster Utilization": the clusters with their accounting
 * records (one per hour/day/month and TRES) over [start, end). */
static inline void *pyslurm_rpt_clusters_usage(void *db, void *clusters,
					       time_t start, time_t end)
{
	slurmdb_cluster_cond_t cond;
	void *out;

	slurmdb_init_cluster_cond(&cond, 0);
	cond.with_deleted = 1;
	cond.with_usage = 1;
	cond.usage_start = start;
	cond.usage_end = end;
	cond.cluster_list = clusters;
	out = slurmdb_clusters_get(db, &cond);
	if (clusters)
		slurm_list_destroy(clusters);
	return out;
}

/* sreport's "cluster AccountUtilizationByUser": the conditions sreport
 * sets differ by major (flags replaced the with_* fields in 24.11; 26.05
 * asks for the associations without a partition only, whose usage already
 * sums their partitions'). */
static inline void *pyslurm_rpt_account_by_user(void *db, void *clusters,
						void *accounts, void *users,
						time_t start, time_t end)
{
	slurmdb_assoc_cond_t cond;
	void *out;

	memset(&cond, 0, sizeof(cond));
#if PYSLURM_AT_LEAST(24, 11)
	cond.flags = ASSOC_COND_FLAG_SUB_ACCTS | ASSOC_COND_FLAG_WITH_DELETED |
		ASSOC_COND_FLAG_WITH_USAGE;
#else
	cond.with_usage = 1;
	cond.with_deleted = 1;
#endif
#if PYSLURM_AT_LEAST(26, 5)
	cond.partition_list = pyslurm_rpt_str_list();
	if (!cond.partition_list ||
	    pyslurm_rpt_str_list_add(cond.partition_list, "")) {
		pyslurm_rpt_free_lists(cond.partition_list, NULL, NULL);
		pyslurm_rpt_free_lists(clusters, accounts, users);
		errno = ENOMEM;
		return NULL;
	}
#endif
	cond.cluster_list = clusters;
	cond.acct_list = accounts;
	cond.user_list = users;
	cond.usage_start = start;
	cond.usage_end = end;
	out = slurmdb_report_cluster_account_by_user(db, &cond);
	pyslurm_rpt_free_lists(cond.cluster_list, cond.acct_list, cond.user_list);
#if PYSLURM_AT_LEAST(26, 5)
	slurm_list_destroy(cond.partition_list);
#endif
	return out;
}

/* sreport's "user TopUsage" (libslurm sets the flags itself); group:
 * one record per user instead of one per user and account. */
static inline void *pyslurm_rpt_user_top(void *db, void *clusters,
					 void *accounts, void *users,
					 time_t start, time_t end, int group)
{
	slurmdb_user_cond_t ucond;
	slurmdb_assoc_cond_t cond;
	void *out;

	memset(&ucond, 0, sizeof(ucond));
	memset(&cond, 0, sizeof(cond));
	cond.cluster_list = clusters;
	cond.acct_list = accounts;
	cond.user_list = users;
	cond.usage_start = start;
	cond.usage_end = end;
	ucond.assoc_cond = &cond;
	out = slurmdb_report_user_top_usage(db, &ucond, group);
	pyslurm_rpt_free_lists(cond.cluster_list, cond.acct_list, cond.user_list);
#if PYSLURM_AT_LEAST(26, 5)
	/* 26.05's libslurm adds an empty partition list (list_create(NULL))
	 * when partition associations exist. */
	pyslurm_rpt_free_lists(cond.partition_list, NULL, NULL);
#endif
	return out;
}

/* The partition of a top-usage record: 26.05 reports one per partition
 * association; NULL before. */
static inline const char *pyslurm_rpt_user_partition(const slurmdb_report_user_rec_t *u)
{
	(void) u;
	return PYSLURM_SINCE_26(u->partition, NULL);
}

/* ---- end reports ---- */

#endif /* PYSLURM_COMPAT_REPORTS_H */
