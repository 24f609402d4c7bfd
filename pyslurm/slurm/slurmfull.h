/*
 * slurmfull.h - the few internal functions of Slurm's libslurmfull that
 * pyslurm.stats needs for job step statistics, declared by hand (Slurm
 * installs no header for them).  Only pyslurm/stats.pyx includes this
 * file, and only that module links libslurmfull.
 *
 * What is used, in every supported major (22.05, 24.11, 26.05):
 *   - jobacctinfo_create / _aggregate / _2_stats / _destroy: add up the
 *     per-node accounting records of a step (slurm_job_step_stat's answer)
 *     and turn the sum into a slurmdb_stats_t (public, in slurmdb.h);
 *   - assoc_mgr_post_tres_list and g_tres_count: libslurmfull's table of
 *     TRES, which jobacctinfo_2_stats needs to name the TRES it writes;
 *   - the first fields of struct jobacctinfo (CPU times, the TRES count and
 *     list): they precede anything that ever changed and are laid out the
 *     same in every major, except that acct_gather_energy_t (public, from
 *     slurm.h) grew in 24.11.  The offsets asserted below are the ones read
 *     from the disassembly of each major's Debian libslurmfull.so
 *     (jobacctinfo_aggregate and the TRES cleanup of jobacctinfo_destroy).
 *
 * Built without libslurmfull (setup.py did not find it), PYSLURM_NO_SLURMFULL
 * is defined: the functions become stubs, PYSLURM_HAVE_SLURMFULL is 0, and
 * pyslurm.stats reports that statistics are unavailable instead of loading.
 */
#ifndef PYSLURM_SLURMFULL_H
#define PYSLURM_SLURMFULL_H

#include "compat.h"
#include <slurm/slurmdb.h>

/* Slurm's ids of the static TRES (tres_types_t in src/common/slurmdb_defs.h,
 * the same in every supported major). */
#define PYSLURM_TRES_CPU 1
#define PYSLURM_TRES_MEM 2
#define PYSLURM_TRES_ENERGY 3
#define PYSLURM_TRES_FS_DISK 6
#define PYSLURM_TRES_VMEM 7
#define PYSLURM_TRES_PAGES 8

/* The head of struct jobacctinfo (src/common/slurm_jobacct_gather.h in
 * 22.05, src/interfaces/jobacct_gather.h later); the rest is never touched
 * and never allocated here. */
struct jobacctinfo {
	pid_t pid;
	uint64_t sys_cpu_sec;
	uint32_t sys_cpu_usec;
	uint64_t user_cpu_sec;
	uint32_t user_cpu_usec;
	uint32_t act_cpufreq;
	acct_gather_energy_t energy;
	double last_total_cputime;
	double this_sampled_cputime;
	uint32_t current_weighted_freq;
	uint32_t current_weighted_power;
	uint32_t tres_count;
	uint32_t *tres_ids;
	void *tres_list;
	/* ... more that pyslurm does not use */
};

_Static_assert(offsetof(struct jobacctinfo, sys_cpu_sec) == 0x08, "jobacctinfo layout");
_Static_assert(offsetof(struct jobacctinfo, user_cpu_sec) == 0x18, "jobacctinfo layout");
_Static_assert(offsetof(struct jobacctinfo, user_cpu_usec) == 0x20, "jobacctinfo layout");
#if PYSLURM_AT_LEAST(24, 11)
_Static_assert(offsetof(struct jobacctinfo, tres_ids) == 0x88, "jobacctinfo layout");
_Static_assert(offsetof(struct jobacctinfo, tres_list) == 0x90, "jobacctinfo layout");
#else
_Static_assert(offsetof(struct jobacctinfo, tres_ids) == 0x78, "jobacctinfo layout");
_Static_assert(offsetof(struct jobacctinfo, tres_list) == 0x80, "jobacctinfo layout");
#endif

#ifndef PYSLURM_NO_SLURMFULL
#define PYSLURM_HAVE_SLURMFULL 1
/* libslurmfull (not in any installed header). */
extern jobacctinfo_t *jobacctinfo_create(void *jobacct_id);
extern void jobacctinfo_destroy(void *object);
extern void jobacctinfo_aggregate(jobacctinfo_t *dest, jobacctinfo_t *from);
extern void jobacctinfo_2_stats(slurmdb_stats_t *stats, jobacctinfo_t *jobacct);
extern int assoc_mgr_post_tres_list(void *new_list);
extern uint32_t g_tres_count;
/* libslurm and libslurmfull (src/common/slurmdb_defs.h). */
extern char *slurmdb_ave_tres_usage(char *tres_string, int tasks);
#else
#define PYSLURM_HAVE_SLURMFULL 0
static inline jobacctinfo_t *jobacctinfo_create(void *id) { (void) id; return NULL; }
static inline void jobacctinfo_destroy(void *o) { (void) o; }
static inline void jobacctinfo_aggregate(jobacctinfo_t *d, jobacctinfo_t *f)
{ (void) d; (void) f; }
static inline void jobacctinfo_2_stats(slurmdb_stats_t *s, jobacctinfo_t *j)
{ (void) s; (void) j; }
static inline int assoc_mgr_post_tres_list(void *l) { (void) l; return 0; }
static uint32_t g_tres_count = 0;
static inline char *slurmdb_ave_tres_usage(char *s, int t) { (void) s; (void) t; return NULL; }
#endif

/* Accessors for the fields above. */
static inline uint32_t pyslurm_jobacct_tres_count(const jobacctinfo_t *j)
{ return j->tres_count; }
static inline int pyslurm_jobacct_has_tres_list(const jobacctinfo_t *j)
{ return j->tres_list != NULL; }
/* Hand the record's TRES list to libslurmfull's TRES table (which takes it
 * over, as sstat does); the record forgets it so it is not freed twice. */
static inline int pyslurm_jobacct_post_tres_list(jobacctinfo_t *j)
{
	void *list = j->tres_list;

	if (!list)
		return -1;
	j->tres_list = NULL;
	return assoc_mgr_post_tres_list(list);
}
static inline double pyslurm_jobacct_user_cpu(const jobacctinfo_t *j)
{ return (double) j->user_cpu_sec + (double) j->user_cpu_usec / 1e6; }
static inline double pyslurm_jobacct_sys_cpu(const jobacctinfo_t *j)
{ return (double) j->sys_cpu_sec + (double) j->sys_cpu_usec / 1e6; }

#endif
