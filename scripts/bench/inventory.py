#!/usr/bin/env python3
"""The Slurm scheduler plugin's inventory and status refresh, against C.

Measured in one run, against the same cluster:

1. inventory + filter + chunking with ``pyslurm.schedulers.Slurm``
   (``Nodes``, ``Partitions`` and ``Reservations`` loads, node records,
   filtering, node range, chunks, variables), once per node-selection
   method (10%-sized chunks of the 2000-node "cloud" partition);
2. the C calls that load the same data (``slurm_load_node``,
   ``slurm_load_partitions``, ``slurm_load_reservations``) in a small C
   program compiled here, timed in its own process;
3. what harnesses do today: run ``scontrol show node``, ``scontrol show
   partition`` and ``scontrol show reservation`` and parse the text
   (Pavilion's way), then the same filter and chunking;
4. the status refresh of N tracked jobs (``job_status`` -> one
   ``pyslurm.Jobs.load_fields`` + state mapping) against ``slurm_load_jobs`` in C.
   N held jobs are submitted for it and cancelled afterwards.

The ratios pyslurm/C and scontrol/C are printed (1.00 = as fast as C).
Best of several rounds on each side, each round timing the same number of
calls on both sides (SAMPLES) after the same number of untimed ones (WARMUP).

Usage: scripts/bench/inventory.py [--conf PATH] [-n ROUNDS] [--jobs N]
(e.g. against a 2000-node cluster: ``scripts/cluster up --dir /tmp/cl-bench
--extra-nodes 1996``)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cbuild import compile_c  # noqa: E402
import pyslurm  # noqa: E402
from pyslurm.schedulers import pipeline as pl  # noqa: E402
from pyslurm.schedulers.slurm import Slurm  # noqa: E402

C_SOURCE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* inventory N | jobs N: prints the best seconds of one round out of N,
 * after WARMUP untimed rounds (a fresh process's first rounds pay for
 * growing its heap; the Python side is timed in a warm process) */
#define WARMUP @WARMUP@
int main(int argc, char **argv)
{
	int n, i;
	double best = 1e9, t0, t;

	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	slurm_init(NULL);
	for (i = -WARMUP; i < n; i++) {
		t0 = now();
		if (!strcmp(argv[1], "inventory")) {
			node_info_msg_t *nodes = NULL;
			partition_info_msg_t *parts = NULL;
			reserve_info_msg_t *resv = NULL;
			if (slurm_load_node(0, &nodes, SHOW_ALL | SHOW_DETAIL) != SLURM_SUCCESS)
				return 1;
			if (slurm_load_partitions(0, &parts, SHOW_ALL) != SLURM_SUCCESS)
				return 1;
			if (slurm_load_reservations(0, &resv) != SLURM_SUCCESS)
				return 1;
			slurm_free_node_info_msg(nodes);
			slurm_free_partition_info_msg(parts);
			slurm_free_reservation_info_msg(resv);
		} else {
			job_info_msg_t *jobs = NULL;
			if (slurm_load_jobs(0, &jobs, SHOW_ALL | SHOW_DETAIL) != SLURM_SUCCESS)
				return 1;
			slurm_free_job_info_msg(jobs);
		}
		t = now() - t0;
		if (i >= 0 && t < best)
			best = t;
	}
	printf("%.6f\n", best);
	return 0;
}
"""

# A typical harness test: 10%-sized chunks, random selection, up nodes of
# the biggest partition (the local test cluster's "cloud": every extra node),
# half of each chunk's nodes. Nothing is submitted there.
SCHEDULE = {"nodes": "50%", "partition": "cloud",
            "chunking": {"size": "10%", "node_selection": "random"},
            "share_allocation": "false"}


def compile_inventory(outdir: Path) -> Path:
    src = outdir / "inventory.c"
    src.write_text(C_SOURCE.replace("@WARMUP@", str(WARMUP)))
    return compile_c(src, outdir / "inventory")


# Calls timed per round on each side (the best one counts).
SAMPLES = 3


def c_best(exe: Path, op: str, rounds: int) -> float:
    out = subprocess.run([str(exe), op, str(rounds)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout)


# Untimed calls before each round's timed ones, on both sides (the C
# program's WARMUP): the other side has just run and filled the caches.
WARMUP = 2


def best_of(fn, rounds: int, warmup: int = WARMUP) -> tuple[float, object]:
    for _ in range(warmup):
        fn()
    best, result = float("inf"), None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# Pavilion's four node-selection methods, each timed on its own (random
# is the costly one: a seeded ``random.sample`` per chunk).
METHODS = ("random", "contiguous", "distributed", "rand_dist")


def schedule_for(method: str) -> dict:
    return {**SCHEDULE, "chunking": {**SCHEDULE["chunking"], "node_selection": method}}


def pyslurm_inventory(plugin: Slurm, schedule: dict = SCHEDULE):
    """Inventory + filter + node range + chunks + variables, nothing cached."""
    plugin.chunk_store = pl.ChunkStore()
    plugin.inventory(refresh=True)
    return plugin.get_initial_vars(schedule)


# --- what harnesses do today (Pavilion's Slurm plugin, condensed) ------------

_KEY_RE = re.compile(r"(?:^|\s+)([A-Z][a-zA-Z0-9:/]*)=")


def _scontrol_show(what: str) -> list[dict[str, str]]:
    out = subprocess.run(["scontrol", "show", what], capture_output=True, text=True,
                         check=True).stdout
    records = []
    for section in out.split("\n\n"):
        section = section.strip()
        if not section or section.startswith("No "):
            continue
        parts = _KEY_RE.split(section)
        records.append({parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)})
    return records


def scontrol_inventory(plugin: Slurm):
    nodes = _scontrol_show("node")
    parts = _scontrol_show("partition")
    resvs = _scontrol_show("reservation")
    member: dict[str, list[str]] = {}
    default = None
    for part in parts:
        if part.get("Default") == "YES":
            default = part["PartitionName"]
        expr = part.get("Nodes", "")
        for name in (pyslurm.hostlist.expand(expr) if expr and expr != "(null)" else []):
            member.setdefault(name, []).append(part["PartitionName"])
    records = []
    for node in nodes:
        name = node["NodeName"]
        state = node.get("State", "UNKNOWN").split("+")
        up, available = pl.node_state_flags(state)
        if "CLOUD" in state and not {"POWERED_DOWN", "POWERING_UP"} & set(state) \
                and node.get("SlurmdStartTime", "None") == "None":
            up = available = False          # daemon-less, as the plugin judges it
        records.append({"name": name, "states": state, "up": up, "available": available,
                        "cpus": int(node.get("CPUTot", 0)),
                        "mem": int(node.get("RealMemory", 0)) * 2**20,
                        "partitions": member.get(name, []),
                        "features": [f for f in node.get("ActiveFeatures", "").split(",")
                                     if f and f != "(null)"]})
    reservations = {r["ReservationName"]: r.get("Nodes", "") for r in resvs
                    if r.get("State") == "ACTIVE" and r.get("Nodes") not in (None, "(null)")}
    inv = pl.build_node_info(records, reservations)
    cfg = plugin.validate(SCHEDULE)
    kept, _ = pl.filter_nodes(inv, cfg)
    if cfg["partition"] is None and default is not None:
        kept = [n for n in kept if default in inv[n]["partitions"]]
    ch = cfg["chunking"]
    return pl.make_chunks(kept, ch["size"], ch["node_selection"], ch["extra"])


def submit_held_jobs(n: int, work: Path) -> list[dict]:
    script = work / "held.sh"
    script.write_text("#!/bin/sh\ntrue\n")
    cluster = pyslurm.slurmctld.local_cluster_name()
    infos = []
    for i in range(n):
        job_id = pyslurm.JobSubmitDescription(
            script=str(script), hold=True, name=f"bench{i}", working_directory=str(work),
            standard_output="/dev/null", time_limit=1).submit()
        infos.append({"id": str(job_id), "job_id": job_id, "sys_name": cluster,
                      "cluster": cluster})
    return infos


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conf", help="slurm.conf (default $SLURM_CONF)")
    ap.add_argument("-n", "--rounds", type=int, default=10, help="rounds per side (best of)")
    ap.add_argument("--jobs", type=int, default=1000, help="tracked jobs (default 1000)")
    args = ap.parse_args(argv)
    conf = pyslurm.init(args.conf)
    os.environ["SLURM_CONF"] = conf
    plugin = Slurm()
    inv = plugin.inventory(refresh=True)
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}: "
          f"{len(inv)} nodes, {len(pyslurm.Partitions.load())} partitions, "
          f"rounds={args.rounds} (best of)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        exe = compile_inventory(Path(tmp))
        c_best(exe, "inventory", 2)
        pyslurm_inventory(plugin)                                   # warm up
        # interleaved rounds, so that load on the machine hits both sides
        # alike; each round times SAMPLES calls on each side (the C program
        # in one process), so both minima are taken over as many samples
        c_inv = sc_inv = float("inf")
        py_inv = dict.fromkeys(METHODS, float("inf"))
        schedules = {m: schedule_for(m) for m in METHODS}
        for r in range(args.rounds):
            c_inv = min(c_inv, c_best(exe, "inventory", SAMPLES))
            for m in METHODS:
                py_inv[m] = min(py_inv[m], best_of(
                    lambda m=m: pyslurm_inventory(plugin, schedules[m]), SAMPLES)[0])
            if r % 2 == 0:
                sc_inv = min(sc_inv, best_of(lambda: scontrol_inventory(plugin), 1, 0)[0])
        svars = pyslurm_inventory(plugin)
        chunks = scontrol_inventory(plugin)
        assert len(chunks) == len(svars["chunk_ids"]), (len(chunks), svars["chunk_ids"])
        for m in METHODS:
            rows.append((f"inventory+filter+chunks, {m}"[:36], "C loads", c_inv, py_inv[m]))
        rows.append(("  same via scontrol text (random)", "C loads", c_inv, sc_inv))

        work = Path(tmp) / "jobs"
        work.mkdir()
        t0 = time.perf_counter()
        infos = submit_held_jobs(args.jobs, work)
        submit_s = time.perf_counter() - t0
        try:
            for info in infos:
                plugin.track(info)
            plugin.JOB_STATUS_TIMEOUT = 0.0

            def refresh():
                return plugin.job_status(infos[0])
            c_best(exe, "jobs", 2)
            refresh()
            calls = plugin.refresh_calls
            c_jobs = py_jobs = float("inf")
            for _ in range(args.rounds):
                c_jobs = min(c_jobs, c_best(exe, "jobs", SAMPLES))
                py_jobs = min(py_jobs, best_of(refresh, SAMPLES)[0])
            # one RPC per call
            assert plugin.refresh_calls - calls == args.rounds * (WARMUP + SAMPLES)
            states = {plugin._job_statuses[i["id"]].state for i in infos}
            n_loaded = len(pyslurm.Jobs.load())
            rows.append((f"status of {len(infos)} jobs", "slurm_load_jobs", c_jobs, py_jobs))
        finally:
            for info in infos:
                plugin.cancel(info)
    print(f"{'operation':<38}{'baseline':<18}{'C (s)':>9}{'Python (s)':>12}{'ratio':>8}")
    for label, base, c, p in rows:
        print(f"{label:<38}{base:<18}{c:>9.4f}{p:>12.4f}{p / c:>8.2f}")
    print(f"(submitted {len(infos)} held jobs in {submit_s:.1f} s; the controller held "
          f"{n_loaded} jobs; their statuses: {sorted(states)}; "
          f"{len(svars['chunk_ids'])} chunks of {len(svars['node_list'])} filtered nodes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
