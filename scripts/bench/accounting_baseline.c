/*
 * Baseline for scripts/bench/accounting.py: slurmdb_jobs_get from C, with
 * the condition sacct builds for "every job of CLUSTER in [START, END]"
 * (all users, no duplicates, steps included).
 *
 *   accounting_baseline jobs CLUSTER START END N
 *       N x (slurmdb_connection_get + slurmdb_jobs_get + freeing the list
 *       + slurmdb_connection_close); prints "seconds jobs steps" (seconds
 *       of the N rounds together, jobs and steps of the last answer)
 *   accounting_baseline nosteps CLUSTER START END N
 *       the same without the steps (JOBCOND_FLAG_NO_STEP, what a read of
 *       a few job fields needs)
 *   accounting_baseline memory CLUSTER START END
 *       what the answer's list holds: prints "rss_kib jobs heap_kib"
 *       (resident memory and glibc's in-use heap, mallinfo2, after the call
 *       minus before it, after a warm-up call that returns nothing)
 *
 * START and END are Unix times.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurmdb.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2)
		exit(3);
	fclose(f);
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static long heap_kib(void)
{
	struct mallinfo2 mi = mallinfo2();
	return (long)((mi.uordblks + mi.hblkhd) / 1024);
}

/* The condition of sacct -a -M CLUSTER -S START -E END (no state, all
 * users): slurmdb_jobs_get returns nothing for a zeroed one. */
static void init_cond(slurmdb_job_cond_t *cond, char *cluster, time_t start,
		      time_t end)
{
	memset(cond, 0, sizeof(*cond));
	cond->db_flags = SLURMDB_JOB_FLAG_NOTSET;
	cond->flags = JOBCOND_FLAG_NO_TRUNC;
	cond->usage_start = start;
	cond->usage_end = end;
	cond->cluster_list = slurm_list_create(NULL);
	slurm_list_append(cond->cluster_list, cluster);
}

static void *get_jobs(void *db, slurmdb_job_cond_t *cond)
{
	void *jobs = slurmdb_jobs_get(db, cond);
	if (!jobs) {
		slurm_perror("slurmdb_jobs_get");
		exit(1);
	}
	return jobs;
}

static void *db_connect(void)
{
	void *db = slurmdb_connection_get(NULL);
	if (!db) {
		slurm_perror("slurmdb_connection_get");
		exit(1);
	}
	return db;
}

static long count_steps(void *jobs)
{
	long steps = 0;
	slurmdb_job_rec_t *job;
	void *it = slurm_list_iterator_create(jobs);	/* ListIterator / list_itr_t * */

	while ((job = slurm_list_next(it)))
		if (job->steps)
			steps += slurm_list_count(job->steps);
	slurm_list_iterator_destroy(it);
	return steps;
}

int main(int argc, char **argv)
{
	slurmdb_job_cond_t cond, empty;
	void *db, *jobs;
	time_t start, end;
	long count = 0, steps = 0;
	int n, i;
	double t0, seconds = 0;

	if (argc < 5) {
		fprintf(stderr, "usage: %s jobs|nosteps CLUSTER START END N | "
			"memory CLUSTER START END\n", argv[0]);
		return 2;
	}
	start = (time_t)atoll(argv[3]);
	end = (time_t)atoll(argv[4]);
	n = argc > 5 ? atoi(argv[5]) : 1;
	slurm_init(NULL);
	init_cond(&cond, argv[2], start, end);

	if (!strcmp(argv[1], "memory")) {
		long rss0, heap0;
		/* warm up (plugins, connection, libslurm's own state) with a
		 * window before any job */
		init_cond(&empty, argv[2], 1, 2);
		db = db_connect();
		slurm_list_destroy(get_jobs(db, &empty));
		rss0 = rss_kib();
		heap0 = heap_kib();
		jobs = get_jobs(db, &cond);
		printf("%ld %d %ld\n", rss_kib() - rss0, slurm_list_count(jobs),
		       heap_kib() - heap0);
		return 0;
	}
	if (!strcmp(argv[1], "nosteps")) {
		cond.flags |= JOBCOND_FLAG_NO_STEP;
	} else if (strcmp(argv[1], "jobs")) {
		fprintf(stderr, "unknown operation %s\n", argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		t0 = now();
		db = db_connect();
		jobs = get_jobs(db, &cond);
		seconds += now() - t0;
		count = slurm_list_count(jobs);		/* not timed */
		steps = count_steps(jobs);
		t0 = now();
		slurm_list_destroy(jobs);
		slurmdb_connection_close(&db);
		seconds += now() - t0;
	}
	printf("%.6f %ld %ld\n", seconds, count, steps);
	return 0;
}
