/*
 * Baseline for scripts/bench/jobs.py: the libslurm job calls pyslurm makes,
 * from C, timed in one process.
 *
 *   jobs_baseline load N        N x (slurm_load_jobs + slurm_free_job_info_msg)
 *   jobs_baseline read5 N       the same, reading five fields of every job
 *   jobs_baseline nochange N    N x slurm_load_jobs(last_update) answering
 *                               "no change" (after one full load)
 *   jobs_baseline submit N      N x slurm_submit_batch_job of a held job
 *   jobs_baseline memory        KiB of RSS one loaded message holds
 *
 * Prints the seconds taken (memory: "KiB records").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#define FLAGS (SHOW_ALL | SHOW_DETAIL)

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

static job_info_msg_t *load(time_t since, int *rc)
{
	job_info_msg_t *msg = NULL;
	*rc = slurm_load_jobs(since, &msg, FLAGS);
	if (*rc != SLURM_SUCCESS && errno != SLURM_NO_CHANGE_IN_DATA) {
		slurm_perror("slurm_load_jobs");
		exit(1);
	}
	return msg;
}

static const char *base_state[] = {
	"PENDING", "RUNNING", "SUSPENDED", "COMPLETED", "CANCELLED", "FAILED",
	"TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY",
};

static const char *state_name(uint32_t state)
{
	uint32_t base = state & JOB_STATE_BASE;
	return base < sizeof(base_state) / sizeof(*base_state) ? base_state[base] : "?";
}

/* what reading five attributes means on both sides: id, state name,
 * partition, node count, time limit */
static unsigned long read5(job_info_msg_t *msg)
{
	unsigned long sum = 0;
	uint32_t i;
	for (i = 0; i < msg->record_count; i++) {
		job_info_t *j = &msg->job_array[i];
		sum += j->job_id;
		sum += strlen(state_name(j->job_state));
		sum += j->partition ? strlen(j->partition) : 0;
		sum += j->num_nodes;
		sum += j->time_limit;
	}
	return sum;
}

static int submit_one(void)
{
	job_desc_msg_t d;
	submit_response_msg_t *resp = NULL;
	char *argv[] = {"bench", NULL};
	char *env[] = {"A=1", "SLURM_EXPORT_ENV=A=1", NULL};
	int rc;

	slurm_init_job_desc_msg(&d);
	d.script = "#!/bin/sh\ntrue\n";
	d.name = "bench";
	d.argc = 1;
	d.argv = argv;
	d.environment = env;
	d.env_size = 2;
	d.work_dir = "/tmp";
	d.user_id = getuid();
	d.group_id = getgid();
	d.priority = 0;		/* held */
	rc = slurm_submit_batch_job(&d, &resp);
	if (rc != SLURM_SUCCESS) {
		slurm_perror("slurm_submit_batch_job");
		exit(1);
	}
	slurm_free_submit_response_response_msg(resp);
	return 0;
}

int main(int argc, char **argv)
{
	int n, i, rc;
	double t0;
	unsigned long sink = 0;
	job_info_msg_t *msg;

	if (argc < 2) {
		fprintf(stderr, "usage: %s load|read5|nochange|submit N | memory\n", argv[0]);
		return 2;
	}
	n = argc > 2 ? atoi(argv[2]) : 1;
	slurm_init(NULL);
	if (!strcmp(argv[1], "memory")) {
		long before;
		/* warm up (libslurm's own state) with a near-empty answer: the
		 * jobs of an unused uid */
		if (slurm_load_job_user(&msg, 65534, FLAGS) == SLURM_SUCCESS)
			slurm_free_job_info_msg(msg);
		before = rss_kib();
		msg = load(0, &rc);
		printf("%ld %u\n", rss_kib() - before, msg->record_count);
		return 0;
	}
	if (!strcmp(argv[1], "nochange")) {
		time_t since;
		msg = load(0, &rc);
		since = msg->last_update;
		slurm_free_job_info_msg(msg);
		t0 = now();
		for (i = 0; i < n; i++) {
			msg = load(since, &rc);
			if (rc == SLURM_SUCCESS) {	/* something changed meanwhile */
				since = msg->last_update;
				slurm_free_job_info_msg(msg);
			}
		}
		printf("%.6f\n", now() - t0);
		return 0;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], "submit")) {
			submit_one();
			continue;
		}
		msg = load(0, &rc);
		if (!strcmp(argv[1], "read5"))
			sink += read5(msg);
		slurm_free_job_info_msg(msg);
	}
	printf("%.6f\n", now() - t0);
	return sink == 1;	/* keep the reads */
}
