#!/usr/bin/env python3
"""Load and drop pyslurm objects many times; fail if resident memory grows.

Each workload (jobs, a single job, steps, nodes, partitions, reservations,
the controller config, submit + cancel) runs a warm-up, then ``-n``
iterations in windows of ``n/5``; the RSS growth of every window is
printed.  A leak grows every window by roughly the same amount; heap
fragmentation settles.  The check fails when the growth over the measured
windows exceeds ``--limit`` KiB for a workload.

It needs a running cluster (``SLURM_CONF``); it submits two held jobs and
cancels them afterwards.  Under valgrind (scripts/memcheck/valgrind.py) run
it with a small ``-n``: there the point is every allocation, not RSS.

The ``db ...`` workloads (pyslurm.db) need accounting through slurmdbd.
They read a history of 1,000 finished jobs of the local cluster over the
30 days before today's midnight: when accounting holds fewer, the script
writes a 1,000-job history (two steps each) straight into slurmdbd's tables
with scripts/bench/accounting.py's fill of accounting_rows.py's rows
(through the ``mariadb`` client and the ``slurmdbd.conf`` next to
``slurm.conf``) and rolls its usage up (``sacctmgr roll``, so that the
usage report has rows); at the end it deletes those rows and the window's
usage and rolls the window up again from the jobs that were there before.
Without accounting they are reported as not run, with the reason (a
failure when asked for with ``--only``).

Usage: scripts/memcheck/rss_growth.py [-n 10000] [--limit KIB] [--only jobs,nodes,...]
       scripts/memcheck/rss_growth.py --only "db jobs,db job"   (accounting only)
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
import time
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


# ---- pyslurm.db (accounting) ----

DB_HISTORY = 1000        # finished jobs the db workloads read
DB_WORKLOADS = ("db jobs", "db job fields", "db iter_load", "db job", "db qos/assocs",
                "db connection", "db reports", "db efficiency")
DB_FIELDS = ["id", "state", "exit_code", "elapsed_time", "user_name", "allocated_tres"]
FINISHED = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL"]


def _bench():
    """scripts/bench/accounting.py: its database access and its fill of
    accounting_rows.py's history (the same rows as the benchmark)."""
    bench_dir = str(REPO / "scripts" / "bench")
    if bench_dir not in sys.path:
        sys.path.insert(0, bench_dir)
    import accounting
    return accounting


class DbHistory:
    """A history of at least DB_HISTORY finished jobs of the local cluster
    in the 30 days before today's midnight: the one accounting holds, or
    one written for the run (``close()`` deletes it)."""

    def __init__(self, conf):
        from pyslurm import db
        self.conf = conf
        self.db = db
        self.why = None          # why the db workloads cannot run
        self.plan = None         # the rows written, if any
        self.sql = None
        self.job_id = None
        self.jobs = 0
        self.report_rows = 0
        accounting = _bench()
        self.bench = accounting
        self.cluster = accounting.cluster_name(conf)
        self.start, self.end = accounting.month_window()
        text = Path(conf).read_text() if Path(conf).is_file() else ""
        storage = accounting.parse_conf(text).get("accountingstoragetype", "")
        if "slurmdbd" not in storage:
            self.why = f"{conf} has no accounting through slurmdbd " \
                       f"(AccountingStorageType={storage or 'unset'})"
            return
        try:
            db.Connection.open().close()
        except pyslurm.RPCError as e:
            self.why = f"slurmdbd does not answer: {e}"
            return
        have = self.count()
        if have < DB_HISTORY:
            self.fill()
            if self.why:
                return
            have = self.count()
            if have < DB_HISTORY:
                self.why = f"accounting holds {have} finished jobs after writing " \
                           f"{DB_HISTORY}"
                return
        self.jobs = have
        if self.job_id is None:
            for job in db.Jobs.load(self.filter()).values():
                if len(job.steps):
                    self.job_id = job.id
                    break
            else:
                self.why = "no finished job of the history has steps"

    def filter(self, **more):
        """The history's jobs (``more`` narrows or replaces the criteria)."""
        criteria = {"start_time": self.start, "end_time": self.end,
                    "clusters": [self.cluster], "states": FINISHED, **more}
        return self.db.JobFilter(**criteria)

    def count(self):
        return len(self.db.Jobs.load_fields("id", self.filter()))

    def fill(self):
        """Write the history (scripts/bench/accounting.py's fill: the jobs,
        their steps and the cluster's size over the window) and roll its
        usage up (``sacctmgr roll``), so that the usage report has rows."""
        os.environ["SLURM_CONF"] = self.conf       # sacctmgr's
        try:
            self.sql = self.bench.Database(self.conf)
            plan = self.bench.plan_fill(self.sql, self.cluster, DB_HISTORY,
                                        self.start, self.end)
            self.plan = plan
            self.bench.fill(self.sql, self.cluster, plan)
            self.bench.rollup(self.start, self.end)
        except (SystemExit, OSError, ValueError) as e:
            self.why = f"cannot write a {DB_HISTORY}-job history into slurmdbd's tables: {e}"
            return
        self.job_id = plan.first_job_id
        print(f"wrote {plan.jobs} finished jobs x {plan.steps} steps of cluster "
              f"{self.cluster} (job ids {plan.first_job_id}..{plan.last_job_id}) and "
              f"rolled their usage up", flush=True)

    def close(self):
        """Delete what fill() wrote (scripts/bench/accounting.py's unfill:
        the rows, and the usage of the window), then roll the window up
        again from the jobs that were there before."""
        if self.plan is None:
            return
        lo, hi, c = self.plan.first_db_index, self.plan.last_db_index, self.cluster
        self.bench.unfill(self.sql, c, self.plan)
        # unfill() keeps the month rows of the month the window starts in
        # (their time_start is that month's first day, before the window)
        t = time.localtime(self.start - 86400)
        month = int(time.mktime((t.tm_year, t.tm_mon, 1, 0, 0, 0, 0, 0, -1)))
        for kind in ("usage", "assoc_usage", "wckey_usage"):
            self.sql.query(f"DELETE FROM `{c}_{kind}_month_table` "
                           f"WHERE time_start >= {month} AND time_start < {self.end}")
        self.bench.rollup(self.start, self.end)
        left = self.sql.scalar(f"SELECT COUNT(*) FROM `{c}_job_table` "
                               f"WHERE job_db_inx BETWEEN {lo} AND {hi}")
        print(f"deleted the {self.plan.jobs} jobs written ({left} left) and rolled the "
              f"window up again", flush=True)
        self.plan = None


def db_workloads(h):
    """name -> one iteration against the accounting history ``h``."""
    db = h.db
    from pyslurm.db import efficiency, reports

    def jobs():
        js = db.Jobs.load(h.filter())
        js.to_dict()

    def iter_load():
        for piece in db.Jobs.iter_load(h.filter(), chunk=datetime.timedelta(days=10)):
            len(piece)

    def qos_assocs():
        db.QualitiesOfService.load().to_dict()
        db.Associations.load().to_dict()

    def connection():
        db.Connection.open().close()

    def report():
        return reports.account_usage_by_user(h.start, h.end, unit="hours",
                                             clusters=[h.cluster])

    h.report_rows = len(report())
    return {
        "db jobs": jobs,
        "db job fields": lambda: db.Jobs.load_fields(DB_FIELDS, h.filter()),
        "db iter_load": iter_load,
        "db job": lambda: db.Job.load(h.job_id).to_dict(),
        "db qos/assocs": qos_assocs,
        "db connection": connection,
        "db reports": lambda: report().to_dict(),
        "db efficiency": lambda: efficiency.load(h.filter(states=["COMPLETED"])).summary(),
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
    names = [x.strip() for x in args.only.split(",")] if args.only else None
    known = list(workloads(0)) + list(DB_WORKLOADS)
    unknown = [x for x in names or () if x not in known]
    if unknown:
        ap.error(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(known)}")
    names = names or known
    plain = [x for x in names if x not in DB_WORKLOADS]
    wanted_db = [x for x in names if x in DB_WORKLOADS]
    failed, not_run = [], []
    held = []
    history = None
    try:
        todo = {}
        if plain:
            D = pyslurm.JobSubmitDescription
            held = [D(script="#!/bin/sh\nsleep 600\n", name="memcheck", hold=True,
                      environment={"A": "1"}, working_directory="/tmp").submit()
                    for _ in range(2)]
            todo.update(workloads(held[0]))
        if wanted_db:
            conf = args.conf or os.environ.get("SLURM_CONF") or "/etc/slurm/slurm.conf"
            history = DbHistory(conf)
            if history.why:
                not_run = wanted_db
            else:
                todo.update(db_workloads(history))
        n_of = {"submit+cancel": max(1, args.n // 20), "rejected submit": max(1, args.n // 20)}
        print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}: "
              f"RSS growth per window (KiB), limit {args.limit} KiB in all", flush=True)
        if history is not None and not history.why:
            print(f"  db workloads: {history.jobs} finished jobs of cluster {history.cluster}, "
                  f"{time.strftime('%Y-%m-%d', time.localtime(history.start))} .. "
                  f"{time.strftime('%Y-%m-%d', time.localtime(history.end))}; "
                  f"db job: {history.job_id}; usage report: {history.report_rows} rows",
                  flush=True)
        for name in names:
            if name in not_run:
                print(f"  {name:<16} not run: {history.why}", flush=True)
                continue
            n = n_of.get(name, args.n)
            warmup = args.warmup if args.warmup is not None else max(1, n // 10)
            t0 = time.monotonic()
            growth = run(name, todo[name], n, warmup)
            ok = sum(growth) <= args.limit
            if not ok:
                failed.append(name)
            print(f"  {name:<16} n={n:<6} {' '.join(f'{g:+6d}' for g in growth)}"
                  f"   {'ok' if ok else 'GROWS'}  ({time.monotonic() - t0:.0f} s)", flush=True)
    finally:
        for jid in held:
            try:
                pyslurm.Job(jid).cancel()
            except pyslurm.RPCError:
                pass
        if history is not None:
            history.close()
    if failed:
        print(f"memory grows: {', '.join(failed)}")
        return 1
    if not_run and args.only:
        print(f"not run (asked for): {', '.join(not_run)}")
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
