#!/usr/bin/env python3
"""pyslurm.notebook's dashboard refresh against the C calls that load the
same data.

Measured in one run, against the same cluster (``make bench``'s 2000-node
cluster; ``--jobs`` held jobs are submitted for it, as scripts/bench/jobs.py
fills the cluster, and cancelled afterwards):

1. one full refresh of the data (:class:`pyslurm.notebook.ClusterData`,
   a fresh one each round: ``Nodes``, ``Partitions`` and ``Jobs`` loaded,
   the rows the views read built) against ``slurm_load_node``,
   ``slurm_load_partitions`` and ``slurm_load_jobs`` in a C program
   compiled here (goal: within 3x);
2. the same plus drawing every view of the widget
   (:meth:`ClusterDashboard.refresh` after a change: node map, partitions,
   queue table of the first 500 jobs, Gantt chart in SVG, statistics) --
   what a change costs the notebook, for information;
3. a refresh that finds nothing changed (``ClusterDashboard.refresh()``:
   three "no change" answers, nothing redrawn) against the same three calls
   with the last update time in C, each answering ``SLURM_NO_CHANGE_IN_DATA``
   (goal: within 2x).

Best of several rounds on each side; the ratios pyslurm/C are printed.

Usage: scripts/bench/notebook.py [--conf PATH] [--jobs 10000] [-r ROUNDS] [--keep]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for path in (str(REPO), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from cbuild import compile_c  # noqa: E402
import jobs as jobs_bench  # noqa: E402  (its fill(): C and pyslurm submit held jobs)
import pyslurm  # noqa: E402
from pyslurm.notebook import ClusterDashboard, ClusterData  # noqa: E402

C_SOURCE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what)
{
	if (rc != SLURM_SUCCESS && errno != SLURM_NO_CHANGE_IN_DATA) {
		slurm_perror((char *) what);
		exit(1);
	}
}

/* full N: N x (nodes + partitions + jobs loaded and freed), the best one;
 * nochange N: after one full load, N x the three loads with its update
 * times, each answering "no change"; prints seconds per round */
int main(int argc, char **argv)
{
	int n, i, full, changed = 0;
	double best = 1e9, t0, t;
	node_info_msg_t *nodes = NULL;
	partition_info_msg_t *parts = NULL;
	job_info_msg_t *jobs = NULL;
	time_t tn = 0, tp = 0, tj = 0;

	if (argc != 3)
		return 2;
	full = !strcmp(argv[1], "full");
	n = atoi(argv[2]);
	slurm_init(NULL);
	if (!full) {
		check(slurm_load_node(0, &nodes, SHOW_ALL | SHOW_DETAIL), "slurm_load_node");
		check(slurm_load_partitions(0, &parts, SHOW_ALL), "slurm_load_partitions");
		check(slurm_load_jobs(0, &jobs, SHOW_ALL | SHOW_DETAIL), "slurm_load_jobs");
		tn = nodes->last_update;
		tp = parts->last_update;
		tj = jobs->last_update;
		slurm_free_node_info_msg(nodes);
		slurm_free_partition_info_msg(parts);
		slurm_free_job_info_msg(jobs);
	}
	for (i = -2; i < n; i++) {
		nodes = NULL; parts = NULL; jobs = NULL;
		t0 = now();
		check(slurm_load_node(tn, &nodes, SHOW_ALL | SHOW_DETAIL), "slurm_load_node");
		check(slurm_load_partitions(tp, &parts, SHOW_ALL), "slurm_load_partitions");
		check(slurm_load_jobs(tj, &jobs, SHOW_ALL | SHOW_DETAIL), "slurm_load_jobs");
		t = now() - t0;
		if (!full && (nodes || parts || jobs)) {
			/* changed (the scheduler touches pending jobs): */
			/* new times, the round not counted, as in Python */
			if (nodes) tn = nodes->last_update;
			if (parts) tp = parts->last_update;
			if (jobs) tj = jobs->last_update;
			if (++changed > 50) {
				fprintf(stderr, "the cluster keeps changing\n");
				exit(3);
			}
			i--;
			t = 1e9;
		}
		if (nodes) slurm_free_node_info_msg(nodes);
		if (parts) slurm_free_partition_info_msg(parts);
		if (jobs) slurm_free_job_info_msg(jobs);
		if (i >= 0 && t < best)
			best = t;
	}
	printf("%.9f\n", best);
	return 0;
}
"""


def c_seconds(exe: Path, op: str, n: int) -> float:
    out = subprocess.run([str(exe), op, str(n)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"C baseline {op} failed: {out.stderr.strip()}")
    return float(out.stdout.split()[0])


def best_of(fn, n: int) -> float:
    best = float("inf")
    for _ in range(2):
        fn()                                 # warm-up
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def best_unchanged(dash: ClusterDashboard, n: int) -> float:
    """The best time of ``n`` refreshes that found nothing changed (the
    controller's scheduler touches pending jobs now and then: a round that
    found a change reloaded and redrew, and is left out, and counted)."""
    best, changed = float("inf"), 0
    dash.refresh()
    while n > 0:
        t0 = time.perf_counter()
        if dash.refresh():
            changed += 1
            if changed > 50:
                raise SystemExit("the cluster keeps changing: no no-change rounds")
            continue
        best = min(best, time.perf_counter() - t0)
        n -= 1
    if changed:
        print(f"  ({changed} rounds found a change and are left out)")
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conf", help="slurm.conf (default $SLURM_CONF)")
    ap.add_argument("--jobs", type=int, default=10000, help="held jobs in the cluster")
    ap.add_argument("-r", "--rounds", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="leave the jobs in the cluster")
    args = ap.parse_args(argv)
    conf = pyslurm.init(args.conf)
    os.environ["SLURM_CONF"] = conf
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}, "
          f"best of {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notebook_baseline.c"
        src.write_text(C_SOURCE)
        exe = compile_c(src, Path(tmp) / "notebook_baseline")
        submit_exe = jobs_bench.compile_baseline(tmp)
        try:
            if args.jobs:
                print(f"filling the cluster to {args.jobs} held jobs")
                jobs_bench.fill(submit_exe, args.jobs, {"C": [], "py": []})
            return measure(exe, args.rounds)
        finally:
            if not args.keep:
                subprocess.run(["scancel", "--name=bench"], check=False)


def measure(exe: Path, rounds: int) -> int:
    nodes = len(pyslurm.Nodes.load_fields(["name"]))
    jobs = len(pyslurm.Jobs.load_fields(["id"]))
    parts = len(pyslurm.Partitions.load_fields(["name"]))
    print(f"\n{nodes} nodes, {parts} partitions, {jobs} jobs "
          f"({'operation':<40}{'C (s)':>9}{'pyslurm':>10}{'ratio':>8}  goal)")

    def row(label: str, c: float, p: float, goal: str = "") -> float:
        print(f"  {label:<58}{c:>9.4f}{p:>10.4f}{p / c:>8.2f}  {goal}", flush=True)
        return p / c

    c_full = min(c_seconds(exe, "full", rounds) for _ in range(2))
    # statistics and accounting are read on their own intervals, not in these rounds
    opts = dict(statistics_every=1e9, accounting_every=1e9, accounting=False)
    data_ratio = row("data refresh (ClusterData: 3 loads + rows)", c_full,
                     best_of(lambda: ClusterData(**opts).refresh_live(), rounds), "<= 3")

    dash = ClusterDashboard(interval=0, **opts)
    try:
        def redraw() -> None:
            dash.data._nodes = dash.data._partitions = dash.data._jobs = None   # a change
            dash.refresh()
        row("dashboard refresh after a change (data + every view)", c_full,
            best_of(redraw, rounds))

        n = 50
        c_nc = min(c_seconds(exe, "nochange", n) for _ in range(2))
        nc_ratio = row("dashboard refresh, nothing changed (per call)", c_nc,
                       best_unchanged(dash, n), "<= 2")
        dash.data.statistics_every = 0
        row("  the same, also reading the controller's statistics", c_nc,
            best_unchanged(dash, n))
    finally:
        dash.close()
    print(f"\nratios: refresh {data_ratio:.2f} (goal 3), no-change refresh "
          f"{nc_ratio:.2f} (goal 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
