#!/usr/bin/env python3
"""pyslurm.db against slurmdb_jobs_get from C and ``sacct -P`` parsed in
Python, over 100,000 finished jobs in slurmdbd; a month's usage report
against ``sreport``.

One run:

1. starts its own cluster with accounting (``python -m pyslurm.testing up
   --accounting --dir DIR``: MariaDB, slurmdbd, the cluster ``pyslurm``);
2. fills the database.  The rows are made by ``accounting_rows.py``: a
   deterministic history (fixed seed) of ``--jobs`` finished single-node
   batch jobs, submitted at an even pace over the 30 days before today's
   midnight (local time), each started 0-120 s after submission and run
   20-200 s on 1, 2 or 4 CPUs of c1..c4, charged in turn to every user
   association of the account ``default`` (the users the test cluster
   registers: root, nobody...), QOS ``normal``; 90 % COMPLETED, 7 % FAILED
   (exit 1 or 2), 3 % CANCELLED (signal 15); each with a batch step and a
   step 0 (CPU time and maximum RSS filled in, as ``seff`` reads them).
   They are written straight into ``<cluster>_job_table`` and
   ``<cluster>_step_table``, with explicit ``job_db_inx`` (after the
   highest present) and job ids from 1,000,000 up, as multi-row INSERTs of
   1000 rows in one transaction piped to the ``mariadb`` client
   (credentials from the ``slurmdbd.conf`` next to ``slurm.conf``);
   columns the generator does not know (another major's schema) get their
   defaults, required ones their type's zero.  The cluster's first TRES
   event (its CPUs, memory and nodes) is copied back to before the window,
   so that the usage rollup has a cluster size for the whole month, and
   ``sacctmgr roll`` rolls the usage of the window up (what slurmdbd does
   every hour).  Before measuring, the fill is checked: ``sacct`` must
   count every job and step in the window, and ``sreport cluster
   utilization`` must show the allocated CPU time of the jobs (the sum of
   CPUs x run time).
3. measures, interleaved rounds, the median of each (the filter: every
   job of the cluster in the window, all users, steps included):

   * the C baseline (``accounting_baseline.c``): connect, ``slurmdb_jobs_get``,
     free, close; the same without steps (``JOBCOND_FLAG_NO_STEP``, which
     ``load_fields`` asks for when no step field is named, printed as a
     second reference); and the resident memory its list holds;
   * ``sacct -P -a -M CLUSTER -S .. -E .. --format=...`` run and parsed
     into one dict per line (what scripts do today);
   * ``pyslurm.db.Jobs.load(filter)`` (goal: 1.2x the C call),
     ``load_fields`` of a few fields (1.1x), the load plus ``to_dict()`` of
     every job (4x; ``to_dict()`` alone is printed too), resident memory
     per loaded job in a fresh process (1.3x what the C list holds);
   * usage over the month: ``pyslurm.db.reports`` against ``sreport`` for
     the same report (2x).

   Measurements whose pyslurm side is missing are reported as missing.
4. stops the cluster and removes its runtime folder (the database with it).

Usage: scripts/bench/accounting.py [--jobs 100000] [-r ROUNDS] [--dir DIR]
                                   [--port-base P] [--keep]
       scripts/bench/accounting.py --root 24.11   (the same in that major's
           Debian root; hold its lock if other runs may use the root)
       scripts/bench/accounting.py --conf PATH    (an accounting cluster
           already running: filled, measured, and the inserted rows and the
           window's usage removed again at the end)
"""

from __future__ import annotations

import argparse
import os
import pwd
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for p in (str(REPO), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from accounting_rows import Assoc, Plan, fill_sql, insert_statements, jobs_and_steps, \
    parse_columns, parse_conf  # noqa: E402
from benchcluster import cluster_down, cluster_up  # noqa: E402
from cbuild import compile_c  # noqa: E402

DAY = 86400
WINDOW_DAYS = 30
FIRST_JOB_ID = 1_000_000
ACCOUNT = "default"
SACCT_FORMAT = ("JobID,JobName,User,Account,Partition,State,ExitCode,Submit,Start,End,"
                "Elapsed,AllocCPUS,NodeList,TotalCPU,MaxRSS")
# Goals of issue 19 (pyslurm / baseline).
# The to_dict goal is held by the load plus to_dict() (what a caller waits
# for); to_dict() alone is printed against the same C call for reference.
GOALS = {"load": 1.2, "load_fields": 1.1, "load+to_dict": 4.0, "memory": 1.3, "report": 2.0}
LOAD_FIELDS = ["id", "state", "exit_code", "elapsed_time"]


# The database

class Database:
    """The accounting database behind a slurm.conf, through the ``mariadb``
    client (the credentials slurmdbd uses, from its slurmdbd.conf)."""

    def __init__(self, slurm_conf: str):
        path = Path(slurm_conf).parent / "slurmdbd.conf"
        conf = parse_conf(path.read_text())
        self.name = conf.get("storageloc", "slurm_acct_db")
        self.argv = ["mariadb", "--no-defaults", "-h", conf.get("storagehost", "localhost"),
                     "-P", conf.get("storageport", "3306"), "-u", conf.get("storageuser", "slurm"),
                     self.name]
        self.env = {**os.environ, "MYSQL_PWD": conf.get("storagepass", "")}

    def query(self, sql: str) -> str:
        out = subprocess.run(self.argv + ["-N", "-B", "-e", sql], env=self.env,
                             capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"mariadb: {out.stderr.strip()}\n  in: {sql[:200]}")
        return out.stdout

    def rows(self, sql: str) -> list[list[str]]:
        return [line.split("\t") for line in self.query(sql).splitlines() if line]

    def scalar(self, sql: str) -> str:
        return self.query(sql).strip()

    def pipe(self, chunks) -> None:
        """Run SQL text given in pieces through the client's stdin."""
        proc = subprocess.Popen(self.argv, env=self.env, stdin=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdin is not None and proc.stderr is not None
        try:
            for chunk in chunks:
                proc.stdin.write(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        err = proc.stderr.read()
        if proc.wait():
            raise SystemExit(f"mariadb (fill): {err.strip()}")

    def columns(self, tables):
        names = ",".join(f"'{t}'" for t in tables)
        return parse_columns(self.query(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, extra "
            f"FROM information_schema.columns WHERE table_schema='{self.name}' "
            f"AND table_name IN ({names}) ORDER BY table_name, ordinal_position"))


def month_window(now=None):
    """[midnight 30 days ago, today's midnight), local time, as Unix times."""
    t = time.localtime(now)
    end = int(time.mktime((t.tm_year, t.tm_mon, t.tm_mday, 0, 0, 0, 0, 0, -1)))
    return end - WINDOW_DAYS * DAY, end


def stamp(t):
    """A Unix time as Slurm's commands read it (local time)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t))


def slurm_cmd(*argv, check=True):
    out = subprocess.run(argv, capture_output=True, text=True)
    if check and out.returncode:
        raise SystemExit(f"{' '.join(argv)}: {out.stderr.strip()}")
    return out.stdout


def associations(db, cluster, account):
    found = []
    for user, acct, inx in db.rows(
            f"SELECT user, acct, id_assoc FROM `{cluster}_assoc_table` WHERE deleted=0 "
            f"AND user<>'' AND acct='{account}' ORDER BY id_assoc"):
        try:
            pw = pwd.getpwnam(user)
        except KeyError:
            continue
        found.append(Assoc(user, pw.pw_uid, pw.pw_gid, acct, int(inx)))
    if not found:
        raise SystemExit(f"no user association of account {account!r} on cluster {cluster!r}")
    return found


def plan_fill(db, cluster, jobs, start, end):
    job_table = f"`{cluster}_job_table`"
    qos = db.scalar("SELECT id FROM qos_table WHERE name='normal' AND deleted=0") or "1"
    first_inx = int(db.scalar(f"SELECT COALESCE(MAX(job_db_inx), 0) + 1 FROM {job_table}"))
    first_id = max(FIRST_JOB_ID, int(db.scalar(f"SELECT COALESCE(MAX(id_job), 0) + 1 "
                                                f"FROM {job_table}")))
    return Plan(jobs=jobs, start=start, end=end, assocs=associations(db, cluster, ACCOUNT),
                first_db_index=first_inx, first_job_id=first_id, id_qos=int(qos))


def fill(db, cluster, plan):
    """Write the plan's jobs and steps; return (seconds, expected CPU-seconds)."""
    tables = [f"{cluster}_job_table", f"{cluster}_step_table", f"{cluster}_event_table"]
    columns = db.columns(tables)
    t0 = time.perf_counter()
    db.pipe(fill_sql(plan, cluster, columns, int(time.time())))
    seconds = time.perf_counter() - t0
    cpu_seconds = sum(int(j["cpus_req"]) * (int(j["time_end"]) - int(j["time_start"]))
                      for j, _ in jobs_and_steps(plan, 0))
    add_cluster_history(db, cluster, plan, columns[f"{cluster}_event_table"])
    return seconds, cpu_seconds


def add_cluster_history(db, cluster, plan, columns):
    """Give the cluster its size over the window: a copy of its first TRES
    event (written when the controller registered) from a day before the
    window to where that event starts."""
    first = db.rows(f"SELECT time_start, cluster_nodes, tres FROM `{cluster}_event_table` "
                    f"WHERE node_name='' ORDER BY time_start LIMIT 1")
    if first and int(first[0][0]) <= plan.start:
        return
    if first:
        until, nodes, tres = int(first[0][0]), first[0][1], first[0][2]
    else:       # no controller ever registered: a 4-node cluster of 4 CPUs each
        until, nodes, tres = 0, "c[1-4]", "1=16,2=16000,4=4,5=16"
    row = {"time_start": plan.start - DAY, "time_end": until, "node_name": "",
           "cluster_nodes": nodes, "reason": "", "state": 0, "tres": tres}
    db.pipe(insert_statements(f"{cluster}_event_table", columns, [row]))


def rollup(start, end):
    t0 = time.perf_counter()
    slurm_cmd("sacctmgr", "-i", "roll", stamp(start), stamp(end))   # START END
    return time.perf_counter() - t0


def sacct_count(cluster, start, end):
    """(jobs, steps) sacct lists in the window."""
    lines = slurm_cmd("sacct", "-n", "-P", "-a", "-M", cluster, "-S", stamp(start),
                      "-E", stamp(end), "--format=JobID").split()
    steps = sum("." in x for x in lines)
    return len(lines) - steps, steps


def sreport_alloc_minutes(cluster, start, end):
    out = slurm_cmd("sreport", "-n", "-P", "-M", cluster, "cluster", "utilization",
                    f"start={stamp(start)}", f"end={stamp(end)}", "-t", "minutes",
                    "format=Cluster,Allocated")
    fields = out.strip().split("|")
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0


def unfill(db, cluster, plan):
    """Remove what fill() wrote (for --conf runs on a cluster that stays)."""
    lo, hi = plan.first_db_index, plan.last_db_index
    db.query(f"DELETE FROM `{cluster}_step_table` WHERE job_db_inx BETWEEN {lo} AND {hi}; "
             f"DELETE FROM `{cluster}_job_table` WHERE job_db_inx BETWEEN {lo} AND {hi}; "
             f"DELETE FROM `{cluster}_event_table` WHERE node_name='' "
             f"AND time_start={plan.start - DAY}")
    for kind in ("usage", "assoc_usage", "wckey_usage"):
        for period in ("hour", "day", "month"):
            db.query(f"DELETE FROM `{cluster}_{kind}_{period}_table` "
                     f"WHERE time_start >= {plan.start - DAY} AND time_start < {plan.end}")


# The measurements

def median_of(fn, rounds):
    return statistics.median(fn() for _ in range(rounds))


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def c_run(exe, *args):
    out = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{exe.name} {' '.join(map(str, args))} failed: {out.stderr.strip()}")
    return out.stdout.split()


def sacct_parsed(cluster, start, end):
    """What a script does today: sacct -P, one dict per line."""
    out = subprocess.run(["sacct", "-P", "-a", "-M", cluster, "-S", stamp(start),
                          "-E", stamp(end), f"--format={SACCT_FORMAT}"],
                         capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    header = lines[0].split("|")
    return [dict(zip(header, line.split("|"))) for line in lines[1:]]


def pyslurm_db():
    """pyslurm.db's Jobs, or the reason it cannot be measured."""
    try:
        from pyslurm import db
        db.Jobs  # noqa: B018  (imports pyslurm.db.job)
    except (ImportError, AttributeError) as e:
        return None, f"pyslurm.db.Jobs is not available ({e})"
    return db, None


def job_filter(db, cluster, start, end):
    return db.JobFilter(start_time=start, end_time=end, clusters=[cluster])


PY_MEMORY = r"""
import ctypes, gc, sys
sys.path.insert(0, {repo!r})
from pyslurm import db
trim = ctypes.CDLL("libc.so.6").malloc_trim
def rss():
    gc.collect()
    trim(0)                     # give freed memory back, so that RSS shows what is held
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4
def flt(start, end):
    return db.JobFilter(start_time=start, end_time=end, clusters=[{cluster!r}])
db.Jobs.load(flt(1, 2))         # warm up with an empty answer, as in C
before = rss()
jobs = db.Jobs.load(flt({start}, {end}))
held = rss() - before
print(held, len(jobs))
"""


def py_memory(cluster, start, end):
    code = PY_MEMORY.format(repo=str(REPO), cluster=cluster, start=start, end=end)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1])
    held, count = (int(x) for x in out.stdout.split())
    return held, count


class Report:
    """Prints one line per measurement: seconds (or KiB), ratio, goal."""

    def __init__(self, major):
        self.major = major
        self.missing = []
        self.wrongs = []
        print(f"\n{'measurement':<46}{'baseline':>11}{'pyslurm':>11}{'ratio':>8}  goal"
              f"  (Slurm {major})")

    def row(self, label, base, value, goal=None, unit="s"):
        fmt = (lambda v: f"{v:>11.3f}") if unit == "s" else (lambda v: f"{v:>11.0f}")
        ratio = value / base if base else float("inf")
        verdict = "" if goal is None else (f"  {goal:.1f}x " +
                                           ("met" if ratio <= goal else "MISSED"))
        print(f"  {label:<44}{fmt(base)}{fmt(value)}{ratio:>8.2f}{verdict}  [{self.major}]",
              flush=True)

    def info(self, label, text):
        print(f"  {label:<44}{text}", flush=True)

    def wrong(self, key, what):
        """A round left out of a median (printed at the end)."""
        self.wrongs.append(f"{key}: {what}")

    def miss(self, label, why):
        self.missing.append(f"{label}: {why}")
        print(f"  {label:<44}  missing: {why}", flush=True)


def _load(db, flt):
    t0 = time.perf_counter()
    jobs = db.Jobs.load(flt)
    seconds = time.perf_counter() - t0
    return seconds, len(jobs)


def _load_fields(db, flt):
    t0 = time.perf_counter()
    rows = db.Jobs.load_fields(LOAD_FIELDS, flt)
    seconds = time.perf_counter() - t0
    return seconds, len(rows)


def _to_dict(db, flt):
    jobs = db.Jobs.load(flt)
    t0 = time.perf_counter()
    d = jobs.to_dict()
    return time.perf_counter() - t0, len(d)


def _load_to_dict(db, flt):
    t0 = time.perf_counter()
    d = db.Jobs.load(flt).to_dict()
    return time.perf_counter() - t0, len(d)


# pyslurm's side of each measurement: (seconds of one round, jobs it saw)
PY_OPS = {"load": _load, "load_fields": _load_fields, "to_dict": _to_dict,
          "load+to_dict": _load_to_dict}
PY_LABELS = {"load": "db.Jobs.load(filter)",
             "load_fields": f"db.Jobs.load_fields({len(LOAD_FIELDS)} fields)",
             "to_dict": "to_dict() of every job (alone)",
             "load+to_dict": "db.Jobs.load(filter).to_dict()"}


def measure(exe, cluster, start, end, rounds, jobs_expected, major):
    """Interleaved rounds of every measurement; a round whose answer does
    not hold every job (or fails) is left out of the median and reported."""
    rep = Report(major)
    times = {key: [] for key in ("C", "C nosteps", "sacct", *PY_OPS)}
    c_steps = None
    db, why = pyslurm_db()
    if db is not None:     # imports and first connection outside the rounds
        try:
            db.Jobs.load(job_filter(db, cluster, 1, 2))
        except Exception as e:
            why = f"a first load failed: {type(e).__name__}: {e}"
            db = None

    def record(key, r, fn):
        try:
            secs, count = fn()
        except Exception as e:     # pyslurm code still being written, or a failure
            rep.wrong(key, f"round {r + 1}: {type(e).__name__}: {e}")
            return
        if count != jobs_expected:
            rep.wrong(key, f"round {r + 1}: {count} jobs, not {jobs_expected} "
                           f"(in {secs:.2f} s)")
        else:
            times[key].append(secs)

    def c_op(op):
        nonlocal c_steps
        secs, count, steps = c_run(exe, op, cluster, start, end, 1)
        if op == "jobs":
            c_steps = int(steps)
        return float(secs), int(count)

    def sacct_op():
        t0 = time.perf_counter()
        rows = sacct_parsed(cluster, start, end)
        return time.perf_counter() - t0, sum("." not in r["JobID"] for r in rows)

    flt = job_filter(db, cluster, start, end) if db is not None else None
    for r in range(rounds):
        record("C", r, lambda: c_op("jobs"))
        record("C nosteps", r, lambda: c_op("nosteps"))
        record("sacct", r, sacct_op)
        if db is not None:
            for key, op in PY_OPS.items():
                record(key, r, lambda op=op: op(db, flt))
        print(f"\r  round {r + 1}/{rounds}", end="", flush=True)
    print()
    if not times["C"] or not times["C nosteps"]:
        raise SystemExit("the C baseline never saw every job: " + "; ".join(rep.wrongs))
    c = statistics.median(times["C"])
    c_nosteps = statistics.median(times["C nosteps"])
    rep.info("slurmdb_jobs_get (C)", f"{c:.3f} s for {jobs_expected} jobs, {c_steps} steps")
    rep.info("slurmdb_jobs_get without steps (C)", f"{c_nosteps:.3f} s")
    if times["sacct"]:
        rep.row("sacct -P parsed in Python (vs C)", c, statistics.median(times["sacct"]))
    for key, label in PY_LABELS.items():
        if db is None:
            rep.miss(label, why)
        elif not times[key]:
            rep.miss(label, "no round saw every job (below)")
        else:
            rep.row(f"{label} (vs C)", c, statistics.median(times[key]), GOALS.get(key))
            if key == "load_fields":     # it asks for no steps: against C doing the same
                rep.row("  the same vs C without steps", c_nosteps,
                        statistics.median(times[key]))

    c_kib, c_n, c_heap = (int(x) for x in c_run(exe, "memory", cluster, start, end))
    rep.info("memory of the C list (RSS)", f"{c_kib} KiB for {c_n} jobs "
             f"({c_kib * 1024 / max(c_n, 1):.0f} B/job; heap in use {c_heap} KiB)")
    if db is None:
        rep.miss("memory per loaded job", why)
    else:
        try:
            p_kib, p_n = py_memory(cluster, start, end)
            if p_n != c_n:
                raise ValueError(f"the load held {p_n} jobs, not {c_n}")
            rep.row(f"memory per job, B ({p_n} jobs, vs C list)",
                    c_kib * 1024 / max(c_n, 1), p_kib * 1024 / max(p_n, 1),
                    GOALS["memory"], unit="B")
        except (RuntimeError, ValueError) as e:
            rep.miss("memory per loaded job", str(e))
    return rep


SREPORTS = {
    # name: (sreport arguments, pyslurm.db.reports function)
    "cluster utilization": (("cluster", "utilization"), "cluster_utilization"),
    "top users": (("user", "topusage"), "top_users"),
    "account utilization by user": (("cluster", "AccountUtilizationByUser"),
                                    "account_usage_by_user"),
}


def measure_reports(rep, cluster, start, end, rounds):
    try:
        from pyslurm.db import reports
    except (ImportError, AttributeError) as e:
        reports, why = None, f"pyslurm.db.reports is not available ({e})"
    for args, fn_name in SREPORTS.values():
        argv = ["sreport", "-n", "-P", "-M", cluster, *args, f"start={stamp(start)}",
                f"end={stamp(end)}", "-t", "minutes"]
        lines = slurm_cmd(*argv).splitlines()
        if not lines:
            raise SystemExit(f"{' '.join(argv)} reported nothing")
        s = median_of(lambda argv=argv: timed(lambda: slurm_cmd(*argv)), rounds)
        fn = getattr(reports, fn_name, None) if reports is not None else None
        if fn is None:
            rep.info(f"sreport {' '.join(args)}", f"{s:.3f} s ({len(lines)} lines)")
            rep.miss(f"reports.{fn_name}", why if reports is None else
                     "not in pyslurm.db.reports")
            continue
        try:
            p = median_of(lambda fn=fn: timed(
                lambda: fn(start, end, unit="minutes", clusters=[cluster])), rounds)
        except Exception as e:
            rep.miss(f"reports.{fn_name}", f"{type(e).__name__}: {e}")
            continue
        rep.row(f"reports.{fn_name} (vs sreport)", s, p, GOALS["report"])
        if fn_name == "cluster_utilization":     # the same figures as sreport
            ours = sum(r.allocated for r in fn(start, end, unit="minutes", clusters=[cluster]))
            theirs = sreport_alloc_minutes(cluster, start, end)
            rep.info("  allocated CPU-minutes, sreport / pyslurm", f"{theirs} / {ours}"
                     + ("" if ours == theirs else "  DIFFERENT"))


# The cluster

def cluster_name(slurm_conf):
    return parse_conf(Path(slurm_conf).read_text()).get("clustername", "pyslurm")


def run(args, conf):
    os.environ["SLURM_CONF"] = conf
    version = slurm_cmd("sacct", "-V").split()[-1]          # "slurm 22.05.8"
    major = ".".join(version.split(".")[:2])
    try:
        import pyslurm
        pyslurm.init(conf)
        mine = f"pyslurm {pyslurm.version()}"
    except ImportError as e:     # not built: the baselines are still measured
        mine = f"pyslurm not importable ({e})"
    cluster = cluster_name(conf)
    db = Database(conf)
    start, end = month_window()
    print(f"{mine} / Slurm {version}, cluster {cluster}, "
          f"window {stamp(start)} .. {stamp(end)}, median of {args.rounds} rounds")
    before = sacct_count(cluster, start, end)
    plan = plan_fill(db, cluster, args.jobs, start, end)
    print(f"filling: {plan.jobs} jobs x {plan.steps} steps (job ids {plan.first_job_id}.."
          f"{plan.last_job_id}, users {', '.join(a.user for a in plan.assocs)})", flush=True)
    filled = False
    try:
        secs, cpu_seconds = fill(db, cluster, plan)
        filled = True
        print(f"  inserted in {secs:.1f} s", flush=True)
        jobs, steps = sacct_count(cluster, start, end)
        want = (before[0] + plan.jobs, before[1] + plan.jobs * plan.steps)
        print(f"  sacct sees {jobs} jobs and {steps} steps in the window (expected {want[0]} "
              f"and {want[1]})", flush=True)
        if (jobs, steps) != want:
            raise SystemExit("the database does not hold the jobs written")
        print(f"  usage rollup (sacctmgr roll) of the window: {rollup(start, end):.1f} s",
              flush=True)
        alloc = sreport_alloc_minutes(cluster, start, end)
        print(f"  sreport: {alloc} allocated CPU-minutes (the jobs: {cpu_seconds // 60})",
              flush=True)
        if abs(alloc - cpu_seconds / 60) > 0.01 * cpu_seconds / 60 + 1:
            raise SystemExit("sreport does not show the jobs' usage")
        with tempfile.TemporaryDirectory() as tmp:
            exe = compile_c(HERE / "accounting_baseline.c", Path(tmp) / "accounting_baseline")
            rep = measure(exe, cluster, start, end, args.rounds, want[0], major)
        measure_reports(rep, cluster, start, end, args.rounds)
    finally:
        if filled and args.conf:
            unfill(db, cluster, plan)
    if rep.wrongs:
        print(f"\nrounds left out ({len(rep.wrongs)}):")
        for w in rep.wrongs:
            print(f"  {w}")
    if rep.missing:
        print(f"\nmissing ({len(rep.missing)}):")
        for m in rep.missing:
            print(f"  {m}")
    return 0


def in_root(major, args):
    """Run this benchmark in ``major``'s Debian root (scripts/roots.py):
    the checkout copied there as ``/src/bench-acct``, built, and the
    benchmark started there with its own cluster in ``/run/bench-acct``."""
    sys.path.insert(0, str(REPO / "scripts"))
    from roots import VENV, Root
    root = Root.for_major(major)
    with root.in_use():       # one run at a time in a root
        return _run_in(root, major, args, VENV)


def _run_in(root, major, args, venv):
    name = "bench-acct"
    root.ensure()
    src = root.sync_source(str(REPO), name=name)
    py = f"{venv}/bin/python"
    env = {"PYSLURM_BUILD_QUIET": "1", "PYTHONPATH": src}
    runtime = f"/run/{name}"
    passed = ["--jobs", str(args.jobs), "-r", str(args.rounds)]
    if args.port_base:
        passed += ["--port-base", str(args.port_base)]
    res = None
    try:
        built = root.run([py, "setup.py", "-q", "build_ext", "--inplace", "-j", "2"], cwd=src,
                         env=env, check=False)
        if built.returncode:
            print(f"pyslurm did not build in the {major} root: the baselines only")
        res = root.run([py, "scripts/bench/accounting.py", "--dir", runtime, *passed],
                       cwd=src, env=env, check=False)
    finally:      # the benchmark stops its cluster; this is for an interrupted run
        root.run([py, "-m", "pyslurm.testing", "down", "--dir", runtime], cwd=src, env=env,
                 check=False)
        root.run(["rm", "-rf", runtime], check=False)
        root.leave(log=print)
    return res.returncode if res is not None else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=100_000)
    ap.add_argument("-r", "--rounds", type=int, default=5)
    ap.add_argument("--dir", default="/work/cl-bench-acct",
                    help="runtime folder of the cluster it starts (default %(default)s)")
    ap.add_argument("--conf", help="use this running accounting cluster instead of starting one")
    ap.add_argument("--port-base", type=int,
                    help="ports of the cluster it starts (default: the first free block)")
    ap.add_argument("--keep", action="store_true", help="leave the cluster it started running")
    ap.add_argument("--root", metavar="MAJOR",
                    help="run in that Slurm major's Debian root (scripts/roots.py)")
    args = ap.parse_args(argv)
    if args.root:
        return in_root(args.root, args)
    if args.conf:
        return run(args, os.path.abspath(args.conf))
    runtime_dir = os.path.abspath(args.dir)
    try:
        conf = cluster_up(runtime_dir, args.port_base, accounting=True)
        return run(args, conf)
    finally:
        if not args.keep:
            cluster_down(runtime_dir)


if __name__ == "__main__":
    sys.exit(main())
