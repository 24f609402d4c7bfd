/* The spawn limit of this machine: N runs of a program started with
 * posix_spawn, at most K of them alive at a time (a new one is started as
 * soon as one ends, as a pilot's agent does).
 *
 * usage: spawn_baseline N K PROGRAM [ARGS...]
 * prints: "<seconds> <failures>" (failures: spawn errors, and runs that did
 * not exit with status 0)
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n, k, started = 0, running = 0, failures = 0;
	double t0;

	if (argc < 4) {
		fprintf(stderr, "usage: %s N K PROGRAM [ARGS...]\n", argv[0]);
		return 2;
	}
	n = strtol(argv[1], NULL, 10);
	k = strtol(argv[2], NULL, 10);
	if (n < 0 || k < 1) {
		fprintf(stderr, "N must be >= 0 and K >= 1\n");
		return 2;
	}
	t0 = now();
	while (started < n || running > 0) {
		while (started < n && running < k) {
			pid_t pid;
			int rc = posix_spawn(&pid, argv[3], NULL, NULL, argv + 3, environ);

			started++;
			if (rc != 0) {
				fprintf(stderr, "posix_spawn %s: %s\n", argv[3], strerror(rc));
				failures++;
				continue;
			}
			running++;
		}
		if (running > 0) {
			int status;
			pid_t pid = waitpid(-1, &status, 0);

			if (pid < 0) {
				if (errno == EINTR)
					continue;
				perror("waitpid");
				return 1;
			}
			running--;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				failures++;
		}
	}
	printf("%.6f %ld\n", now() - t0, failures);
	return 0;
}
