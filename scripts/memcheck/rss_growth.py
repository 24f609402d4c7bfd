#!/usr/bin/env python3
"""Load and drop pyslurm objects many times; fail if resident memory grows.

Each workload (jobs, a single job, steps, nodes, partitions, reservations,
the controller config, submit + cancel) runs a warm-up, then ``-n``
iterations in windows of ``n/5``; the RSS growth of every window is
printed.  A leak grows every window by roughly the same amount; heap
fragmentation settles.  The check fails when the growth over the measured
windows exceeds ``--limit`` KiB for a workload.

It needs a running cluster (``SLURM_CONF``); it submits two held jobs and
cancels them afterwards.  Under valgrind (scripts/memcheck/valgrind.sh) run
it with a small ``-n``: there the point is every allocation, not RSS.

Usage: scripts/memcheck/rss_growth.py [-n 10000] [--limit KIB] [--only jobs,nodes,...]
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pyslurm  # noqa: E402
from pyslurm import slurmctld  # noqa: E402
from pyslurm.records import FieldReader  # noqa: E402
from pyslurm.testing import rss_kib  # noqa: E402


# every attribute, through the cursor each load_fields() points at each record
NODE_FIELDS = FieldReader(pyslurm.Node).names
JOB_FIELDS = FieldReader(pyslurm.Job).names


def workloads(job_id):
    """name -> one iteration (what a long-running poller would do)."""
    D = pyslurm.JobSubmitDescription

    def submit_cancel():
        jid = D(script="#!/bin/sh\ntrue\n", name="memcheck", hold=True,
                environment={"A": "1"}, working_directory="/tmp").submit()
        pyslurm.Job(jid).cancel()

    def bad_submit():
        try:
            D(script="#!/bin/sh\ntrue\n", partition="no-such-partition",
              environment="NONE").submit()
        except pyslurm.RPCError:
            pass

    def jobs():
        js = pyslurm.Jobs.load()
        js.to_dict()
        js.reload()            # the "no change" path

    return {
        "jobs": jobs,
        "job": lambda: pyslurm.Job.load(job_id).to_dict(),
        "steps": lambda: pyslurm.Jobs.load().load_steps(),
        "nodes": lambda: pyslurm.Nodes.load().to_dict(),
        "partitions": lambda: pyslurm.Partitions.load().to_dict(),
        "reservations": lambda: pyslurm.Reservations.load().to_dict(),
        "nodes fields": lambda: pyslurm.Nodes.load_fields(NODE_FIELDS),
        "jobs fields": lambda: pyslurm.Jobs.load_fields(JOB_FIELDS, as_tuples=True),
        "config": lambda: slurmctld.Config.load().to_dict(),
        "hostlist": lambda: pyslurm.hostlist.collapse(pyslurm.hostlist.expand("n[1-500]")),
        "submit+cancel": submit_cancel,
        "rejected submit": bad_submit,
    }


def run(name, fn, n, warmup):
    for _ in range(warmup):
        fn()
    gc.collect()
    window = max(1, n // 5)
    sizes = [rss_kib()]
    for _ in range(5):
        for _ in range(window):
            fn()
        gc.collect()
        sizes.append(rss_kib())
    return [b - a for a, b in zip(sizes, sizes[1:])]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10000, help="iterations per workload")
    ap.add_argument("--warmup", type=int, default=None, help="default: n/10")
    ap.add_argument("--limit", type=int, default=2048,
                    help="KiB of growth allowed over the measured windows")
    ap.add_argument("--only", default=None, help="comma-separated workload names")
    ap.add_argument("--conf", default=None)
    args = ap.parse_args(argv)
    pyslurm.init(args.conf)
    D = pyslurm.JobSubmitDescription
    held = [D(script="#!/bin/sh\nsleep 600\n", name="memcheck", hold=True,
              environment={"A": "1"}, working_directory="/tmp").submit() for _ in range(2)]
    failed = []
    try:
        todo = workloads(held[0])
        names = args.only.split(",") if args.only else list(todo)
        n_of = {"submit+cancel": max(1, args.n // 20), "rejected submit": max(1, args.n // 20)}
        print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}: "
              f"RSS growth per window (KiB), limit {args.limit} KiB in all")
        for name in names:
            n = n_of.get(name, args.n)
            warmup = args.warmup if args.warmup is not None else max(1, n // 10)
            growth = run(name, todo[name], n, warmup)
            ok = sum(growth) <= args.limit
            if not ok:
                failed.append(name)
            print(f"  {name:<16} n={n:<6} {' '.join(f'{g:+6d}' for g in growth)}"
                  f"   {'ok' if ok else 'GROWS'}", flush=True)
    finally:
        for jid in held:
            try:
                pyslurm.Job(jid).cancel()
            except pyslurm.RPCError:
                pass
    if failed:
        print(f"memory grows: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
