/*
 * Baseline for scripts/bench/run.py: the same libslurm calls pyslurm makes,
 * from C, timed in one process.
 *
 *   baseline ping|config N     prints the seconds N calls took
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurm_version.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n, i;
	double t0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s ping|config N\n", argv[0]);
		return 2;
	}
	n = atoi(argv[2]);
	slurm_init(NULL);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], "ping")) {
			if (slurm_ping(0) != SLURM_SUCCESS)
				return 1;
		} else {
			slurm_conf_t *conf = NULL;
			if (slurm_load_ctl_conf(0, &conf) != SLURM_SUCCESS)
				return 1;
#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(26, 5, 0)
			slurm_free_conf(conf);
#else
			slurm_free_ctl_conf(conf);
#endif
		}
	}
	printf("%.6f\n", now() - t0);
	return 0;
}
