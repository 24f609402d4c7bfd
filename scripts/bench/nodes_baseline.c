/*
 * Baseline for scripts/bench/nodes.py: the libslurm calls behind
 * pyslurm.Nodes and pyslurm.hostlist, from C.
 *
 *   nodes_baseline load ROUNDS        best seconds of one slurm_load_node
 *                                     (+ slurm_free_node_info_msg)
 *   nodes_baseline nochange ROUNDS    best seconds of slurm_load_node with the
 *                                     last update time (no change in data)
 *   nodes_baseline expand ROUNDS EXPR best seconds of slurm_hostlist_create +
 *                                     slurm_hostlist_shift of every name
 *   nodes_baseline collapse ROUNDS FILE  best seconds of slurm_hostlist_push_host
 *                                     of every name of FILE (one a line) +
 *                                     the ranged string
 *   nodes_baseline memory COPIES      KiB of resident memory one loaded
 *                                     node_info_msg_t holds (COPIES held at
 *                                     once, the growth divided by COPIES)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurm_version.h>

#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(24, 11, 0)
typedef hostlist_t *hl_t;
#define RANGED(hl) slurm_hostlist_ranged_string_xmalloc(hl)
extern void slurm_xfree_ptr(void *ptr);
#define FREE_RANGED(s) slurm_xfree_ptr(s)
#else
typedef hostlist_t hl_t;
#define RANGED(hl) slurm_hostlist_ranged_string_malloc(hl)
#define FREE_RANGED(s) free(s)
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kib(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			v = atol(line + 6);
	fclose(f);
	return v;
}

static node_info_msg_t *load(time_t since, int *rc)
{
	node_info_msg_t *msg = NULL;
	*rc = slurm_load_node(since, &msg, SHOW_ALL | SHOW_DETAIL);
	return msg;
}

int main(int argc, char **argv)
{
	int n, i, rc;
	double best = 1e9, t0, t;

	if (argc < 3) {
		fprintf(stderr, "usage: %s load|nochange|expand|collapse|memory N [ARG]\n",
			argv[0]);
		return 2;
	}
	n = atoi(argv[2]);
	if (!strcmp(argv[1], "memory")) {
		node_info_msg_t **held = calloc(n, sizeof(*held));
		long before;
		slurm_init(NULL);
		/* one load and free first: libslurm's own one-time allocations */
		slurm_free_node_info_msg(load(0, &rc));
		before = rss_kib();
		for (i = 0; i < n; i++) {
			held[i] = load(0, &rc);
			if (rc != SLURM_SUCCESS)
				return 1;
		}
		printf("%.1f\n", (double)(rss_kib() - before) / n);
		return 0;
	}
	if (!strcmp(argv[1], "load") || !strcmp(argv[1], "nochange")) {
		node_info_msg_t *first;
		slurm_init(NULL);
		first = load(0, &rc);
		if (rc != SLURM_SUCCESS)
			return 1;
		for (i = 0; i < n; i++) {
			node_info_msg_t *msg;
			t0 = now();
			if (!strcmp(argv[1], "load")) {
				msg = load(0, &rc);
				if (rc != SLURM_SUCCESS)
					return 1;
				slurm_free_node_info_msg(msg);
			} else {
				msg = load(first->last_update, &rc);
				if (rc == SLURM_SUCCESS) {
					/* the nodes changed since: poll from now on
					 * (as Nodes.reload() does), not counted */
					slurm_free_node_info_msg(first);
					first = msg;
					i--;
					continue;
				}
				if (rc != SLURM_NO_CHANGE_IN_DATA &&
				    errno != SLURM_NO_CHANGE_IN_DATA)
					return 1;
			}
			t = now() - t0;
			if (t < best)
				best = t;
		}
		slurm_free_node_info_msg(first);
	} else if (!strcmp(argv[1], "expand") && argc == 4) {
		for (i = 0; i < n; i++) {
			hl_t hl;
			char *name;
			t0 = now();
			hl = slurm_hostlist_create(argv[3]);
			while ((name = slurm_hostlist_shift(hl)))
				free(name);
			slurm_hostlist_destroy(hl);
			t = now() - t0;
			if (t < best)
				best = t;
		}
	} else if (!strcmp(argv[1], "collapse") && argc == 4) {
		static char buf[1 << 22];
		size_t len;
		char *p, *end;
		FILE *f = fopen(argv[3], "r");
		if (!f)
			return 1;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = 0;
		for (p = buf; *p; p++)
			if (*p == '\n')
				*p = 0;
		end = buf + len;
		for (i = 0; i < n; i++) {
			hl_t hl;
			char *s;
			t0 = now();
			hl = slurm_hostlist_create(NULL);
			for (p = buf; p < end; p += strlen(p) + 1)
				if (*p)
					slurm_hostlist_push_host(hl, p);
			s = RANGED(hl);
			FREE_RANGED(s);
			slurm_hostlist_destroy(hl);
			t = now() - t0;
			if (t < best)
				best = t;
		}
	} else {
		fprintf(stderr, "unknown operation %s\n", argv[1]);
		return 2;
	}
	printf("%.6f\n", best);
	return 0;
}
