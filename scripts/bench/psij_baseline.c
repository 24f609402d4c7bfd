/*
 * Baseline for scripts/bench/psij.py: slurm_submit_batch_job from C, one
 * job at a time, each call timed on its own.
 *
 *   psij_baseline SCRIPT_FILE WORKDIR NAME [PARTITION]
 *
 * For each line "N" read from standard input, submits N runnable batch jobs
 * whose script is the content of SCRIPT_FILE, run in WORKDIR under the job
 * name NAME (in PARTITION when given), with this process's whole
 * environment (what an executor inheriting the environment sends), standard
 * output and error to /dev/null, and prints one line per job: "<seconds the
 * call took> <job id>", then "done".  One process serves every batch, so
 * that each call is as warm as those of a long-running program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(2);
	}
	buf = malloc(size + 1);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		perror(path);
		exit(2);
	}
	buf[size] = '\0';
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	job_desc_msg_t d;
	submit_response_msg_t *resp;
	char *job_argv[2];
	char *script;
	uint32_t env_size = 0;
	int n, i;
	double t0, t1;

	if (argc < 4) {
		fprintf(stderr, "usage: %s SCRIPT_FILE WORKDIR NAME [PARTITION] < counts\n", argv[0]);
		return 2;
	}
	script = read_file(argv[1]);
	while (environ[env_size])
		env_size++;
	job_argv[0] = argv[1];
	job_argv[1] = NULL;
	slurm_init(NULL);
	while (scanf("%d", &n) == 1) {
		for (i = 0; i < n; i++) {
			slurm_init_job_desc_msg(&d);
			d.script = script;
			d.name = argv[3];
			d.argc = 1;
			d.argv = job_argv;
			d.environment = environ;
			d.env_size = env_size;
			d.work_dir = argv[2];
			d.std_out = "/dev/null";
			d.std_err = "/dev/null";
			d.min_nodes = 1;
			d.user_id = getuid();
			d.group_id = getgid();
			if (argc > 4)
				d.partition = argv[4];
			resp = NULL;
			t0 = now();
			if (slurm_submit_batch_job(&d, &resp) != SLURM_SUCCESS) {
				slurm_perror("slurm_submit_batch_job");
				return 1;
			}
			t1 = now();
			printf("%.9f %u\n", t1 - t0, resp->job_id);
			slurm_free_submit_response_response_msg(resp);
		}
		printf("done\n");
		fflush(stdout);
	}
	slurm_fini();
	return 0;
}
