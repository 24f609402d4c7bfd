#!/usr/bin/env python3
"""PSI/J's ``slurm`` executor against pyslurm's ``pyslurm`` executor and C,
the same workload in one run.

One run (default: on a cluster of its own, ``python -m pyslurm.testing up
--dir DIR``, stopped at the end; ``--conf`` uses a running one):

1. **Submit latency.**  ``--jobs`` (200) runnable jobs, each ``/bin/sh -c
   'sleep 1; date +%s.%N > STAMP'``, are submitted one after the other
   through ``psij.JobExecutor.get_instance("pyslurm")`` and through psij's
   own ``slurm`` executor (``sbatch`` per job); every ``executor.submit(job)``
   call is timed (building the ``JobSpec`` is not).  The C baseline
   (``psij_baseline.c``, compiled here against the installed libslurm, one
   process for the whole run) times ``slurm_submit_batch_job`` of as many
   runnable ``sleep 1`` batch jobs with its whole environment (what an
   executor inheriting the environment sends), one call at a time; pyslurm's
   entity layer alone (``JobSubmitDescription.submit()`` of the same job) is
   printed too.  The sides take turns in rounds of 20 jobs each (the order
   rotating), every batch starting on an idle cluster, so that every side
   submits under the same conditions (the controller tries to start a
   runnable job while it is being submitted) and a burst of load on this
   shared machine falls on all sides alike.
   Printed: median, 90th percentile and maximum per side, and the ratios
   pyslurm / C (goal <= 1.2) and psij ``slurm`` / pyslurm (goal >= 6).
2. **State change to callback.**  An executor-level callback stamps
   (``time.time()``) when each job was reported ACTIVE and COMPLETED.  The
   controller's own moments come from its log, which has milliseconds
   (``sched: Allocate JobId=N`` or backfill's ``Started JobId=N``;
   ``_job_complete: JobId=N done``).  As a cross-check that needs no log:
   an upper bound of the delay from ``start_time`` / ``end_time``
   (``pyslurm.Jobs.load_fields``, 1 s resolution: the change lies in
   ``[t, t + 1)``; for COMPLETED ``max(end_time, the job's last stamp)``, as
   the controller ends a job after its script wrote that stamp).  Printed per
   executor and state, at each executor's default polling interval: median,
   90th percentile, maximum (goal for pyslurm: <= 1 s).
3. **Controller RPCs while jobs are tracked.** ``--track`` (1000) jobs are
   submitted to a partition created DOWN for the purpose (so they stay
   pending and nothing changes), the controller's statistics are reset
   (``pyslurm.slurmctld.reset_statistics``) and read after ``--window``
   (60) seconds in which this process only waits: the RPCs of each message
   type per minute, first with 10 jobs tracked, then with all of them,
   through the ``pyslurm`` executor and then through the ``slurm``
   executor.  Goal: one job-information RPC per poll whatever the job
   count.  The jobs are then cancelled (``scancel`` of their ids) and the
   time until every one was reported CANCELED is printed.

Jobs run as the caller in a temporary folder; they write nothing else
(output to ``/dev/null``).  A side whose executor is missing is printed as
missing with the reason, the others are still measured.

Usage: scripts/bench/psij.py [--jobs 200] [--track 1000] [--window 60]
                             [--dir DIR] [--port-base P] [--keep] [--conf PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchcluster import cluster_down, cluster_up  # noqa: E402
from cbuild import compile_c  # noqa: E402

# this file is named like the package it measures: keep its folder off the
# path, so that ``import psij`` finds psij-python
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

NAME = "bench-psij"
DOWN_PARTITION = "benchdown"
SMALL_TRACK = 10
BATCH = 20
JOB_TIMEOUT = timedelta(minutes=10)
# the job: one second of work, then a time stamp
JOB_COMMAND = 'sleep 1; date +%s.%N > "$0.end"'
C_SCRIPT = "#!/bin/sh\n/bin/sleep 1\n"
GOAL_SUBMIT_VS_C = 1.2
GOAL_SLURM_VS_PYSLURM = 6.0
GOAL_CALLBACK_S = 1.0
# the controller's job-information requests (slurm_protocol_defs.h)
JOB_INFO_TYPES = {2003: "REQUEST_JOB_INFO", 2021: "REQUEST_JOB_INFO_SINGLE",
                  2039: "REQUEST_JOB_USER_INFO"}
STATS_INFO = {2035: "REQUEST_STATS_INFO"}


# Figures

def pct(values, q):
    """The ``q``-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def summary(values):
    return statistics.median(values), pct(values, 90), max(values)


class Report:
    def __init__(self):
        self.missing = []

    def miss(self, what, why):
        self.missing.append(what)
        print(f"  {what}: MISSING ({why})", flush=True)


# The cluster

# the ids of every job this run submitted (cancelled at the end)
SUBMITTED: set[int] = set()


def our_unfinished(pyslurm):
    """This run's jobs the controller still reports unfinished."""
    rows = pyslurm.Jobs.load_fields(["id", "state"])
    return [r["id"] for r in rows if r["id"] in SUBMITTED
            and r["state"] in ("PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED")]


def wait_idle(pyslurm, timeout=600):
    """Until no job of this run is unfinished and its nodes are idle again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not our_unfinished(pyslurm) and all(
                "COMPLETING" not in (n.state or "") for n in pyslurm.Nodes.load().values()):
            return
        time.sleep(0.5)
    raise SystemExit("this run's jobs did not end")


# 1 + 2: the 200 jobs

class Recorder:
    """Executor-level callback: when each job reached each state."""

    def __init__(self):
        self.lock = threading.Lock()
        self.when = {}          # job.id -> {state name: time.time()}

    def __call__(self, job, status):
        t = time.time()
        with self.lock:
            self.when.setdefault(job.id, {}).setdefault(status.state.name, t)


class ExecutorSide:
    """Jobs submitted through one psij executor, batch by batch."""

    def __init__(self, psij, executor, folder, label):
        self.psij, self.executor, self.folder, self.label = psij, executor, folder, label
        self.rec = Recorder()
        executor.set_job_status_callback(self.rec)
        self.jobs, self.prefixes = [], []

    def submit(self, k):
        """Submit ``k`` jobs, one ``submit()`` at a time; the seconds each took."""
        lat = []
        for _ in range(k):
            prefix = os.path.join(self.folder, f"{self.label}-{len(self.jobs)}")
            spec = self.psij.JobSpec(executable="/bin/sh", arguments=["-c", JOB_COMMAND, prefix],
                                     directory=self.folder, name=f"{NAME}-{self.label}",
                                     stdout_path="/dev/null", stderr_path="/dev/null")
            job = self.psij.Job(spec)
            t0 = time.perf_counter()
            self.executor.submit(job)
            lat.append(time.perf_counter() - t0)
            SUBMITTED.add(int(job.native_id))
            self.jobs.append(job)
            self.prefixes.append(prefix)
        return lat

    def wait(self):
        for job in self.jobs:
            if job.wait(timeout=JOB_TIMEOUT) is None:
                raise SystemExit(f"{self.label}: job {job.native_id} did not end in "
                                 f"{JOB_TIMEOUT}")


def read_stamp(path):
    try:
        return float(Path(path).read_text().strip())
    except (OSError, ValueError):
        return None


class ControllerLog:
    """When the controller started and ended jobs, from its log (default
    ``LogTimeFormat``: local time with milliseconds): ``sched: Allocate
    JobId=N`` or ``... Started JobId=N`` (backfill), ``_job_complete:
    JobId=N done``.  Reads only what was written after it was made."""

    LINE = re.compile(r"^\[(\d{4}-\d\d-\d\dT[\d:.]+)\] (?:(sched: Allocate|.*\bStarted)"
                      r" JobId=(\d+)|_job_complete: JobId=(\d+) done)", re.M)

    def __init__(self, path):
        self.path = path
        try:
            self.offset = os.path.getsize(path) if path else None
        except OSError:
            self.offset = None

    def events(self):
        """{job id: {"ACTIVE": t, "COMPLETED": t}} (epoch seconds); None if
        the log cannot be read."""
        if self.offset is None:
            return None
        with open(self.path, encoding="utf-8", errors="replace") as f:
            f.seek(self.offset)
            text = f.read()
        out = {}
        for stamp, started, start_id, end_id in self.LINE.findall(text):
            try:
                t = datetime.fromisoformat(stamp).timestamp()
            except ValueError:
                continue
            if started:
                out.setdefault(int(start_id), {}).setdefault("ACTIVE", t)
            else:
                out.setdefault(int(end_id), {}).setdefault("COMPLETED", t)
        return out


def callback_delays(pyslurm, jobs, prefixes, rec, log_events):
    """{state: (delays, upper bounds)}: the seconds from the controller's
    state change to the callback, over the jobs that completed; ``delays``
    from the controller's log (empty without it), ``upper bounds`` from its
    1-second ``start_time`` / ``end_time`` and the job's own stamps."""
    times = {r["id"]: r for r in pyslurm.Jobs.load_fields(["id", "start_time", "end_time"])}
    out = {"ACTIVE": ([], []), "COMPLETED": ([], [])}
    for job, prefix in zip(jobs, prefixes):
        job_id = int(job.native_id)
        ctl, seen = times.get(job_id), rec.when.get(job.id, {})
        if ctl is None or "COMPLETED" not in seen:
            continue
        logged = (log_events or {}).get(job_id, {})
        ended = read_stamp(prefix + ".end")
        for state, t, earliest in (
                # the change is in [t, t + 1); the controller ends a job after
                # its script wrote its last stamp
                ("ACTIVE", ctl["start_time"], ctl["start_time"]),
                ("COMPLETED", ctl["end_time"], max(ctl["end_time"] or 0, ended or 0))):
            if state not in seen or not t:
                continue
            if state in logged:
                out[state][0].append(seen[state] - logged[state])
            out[state][1].append(seen[state] - earliest)
    return out


class CSide:
    """The C baseline: one process submitting the batches it is asked for."""

    def __init__(self, exe, folder):
        script = Path(folder) / "c-job.sh"
        script.write_text(C_SCRIPT)
        self.proc = subprocess.Popen([str(exe), str(script), folder, f"{NAME}-c"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)

    def submit(self, k):
        self.proc.stdin.write(f"{k}\n")
        self.proc.stdin.flush()
        lat = []
        for line in self.proc.stdout:
            if line.strip() == "done":
                return lat
            seconds, job_id = line.split()
            lat.append(float(seconds))
            SUBMITTED.add(int(job_id))
        raise SystemExit(f"psij_baseline failed: {self.proc.stderr.read().strip()}")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def default_interval(executor):
    """The executor's default polling interval in seconds, as its config says."""
    cfg = getattr(executor, "config", None)
    for attr in ("poll_interval", "polling_interval", "queue_polling_interval", "interval"):
        value = getattr(cfg, attr, None)
        if value is not None:
            return value.total_seconds() if isinstance(value, timedelta) else float(value)
    return None


def entity_submit(pyslurm, folder):
    """pyslurm's entity layer alone: JobSubmitDescription.submit() of the C
    baseline's job, one at a time."""
    def submit(k):
        lat = []
        for _ in range(k):
            desc = pyslurm.JobSubmitDescription(
                script=C_SCRIPT, name=f"{NAME}-entity", working_directory=folder,
                standard_output="/dev/null", standard_error="/dev/null")
            t0 = time.perf_counter()
            job_id = desc.submit()
            lat.append(time.perf_counter() - t0)
            SUBMITTED.add(job_id)
        return lat
    return submit


def ratio_line(what, r, goal, at_most):
    met = (r <= goal) if at_most else (r >= goal)
    sign = "<=" if at_most else ">="
    print(f"  RATIO {what}: {r:.2f}x  (goal {sign} {goal:g}x: {'met' if met else 'NOT met'})")


def part_one(psij, pyslurm, exe, n, folder, rep):
    print(f"\n1. submit latency: {n} runnable jobs (sleep 1) per side, in rounds of "
          f"{BATCH} jobs per side\n   (the sides take turns; each batch starts on an idle "
          "cluster), one submit at a time", flush=True)
    lat, delays, intervals, executors = {}, {}, {}, {}
    from pyslurm import slurmctld
    log = ControllerLog(slurmctld.Config.load().slurmctld_log_file)

    c_side = CSide(exe, folder)
    sides = [("C", c_side.submit), ("entity", entity_submit(pyslurm, folder))]
    from psij.executors.batch.slurm import SlurmExecutorConfig
    makers = (("pyslurm", lambda: psij.JobExecutor.get_instance("pyslurm")),
              ("slurm", lambda: psij.JobExecutor.get_instance(
                  "slurm", config=SlurmExecutorConfig(work_directory=Path(folder) / "psij"))))
    ex_sides = {}
    for label, make in makers:
        try:
            ex = make()
        except Exception as e:  # noqa: BLE001 - reported as missing, the rest measured
            rep.miss(f"psij executor {label!r}", f"{type(e).__name__}: {e}")
            continue
        executors[label] = ex
        intervals[label] = default_interval(ex)
        ex_sides[label] = ExecutorSide(psij, ex, folder, label)
        sides.append((label, ex_sides[label].submit))
    lat = {label: [] for label, _ in sides}
    done, turn = 0, 0
    try:
        while done < n:
            k = min(BATCH, n - done)
            for label, submit in sides[turn:] + sides[:turn]:
                wait_idle(pyslurm)
                lat[label] += submit(k)
            done += k
            turn = (turn + 1) % len(sides)
            print(f"\r  submitted: {done} jobs per side", end="", flush=True)
        print()
    finally:
        c_side.close()
    for side in ex_sides.values():
        side.wait()
    wait_idle(pyslurm)
    events = log.events()
    for label, side in ex_sides.items():
        delays[label] = callback_delays(pyslurm, side.jobs, side.prefixes, side.rec, events)

    names = {"C": "C slurm_submit_batch_job",
             "entity": "JobSubmitDescription.submit()",
             "pyslurm": "psij 'pyslurm' executor submit()",
             "slurm": "psij 'slurm' executor submit()"}
    print(f"  {'side':<36}{'median ms':>10}{'p90 ms':>9}{'max ms':>9}")
    for side in names:
        if side in lat:
            med, p90, mx = summary(lat[side])
            print(f"  {names[side]:<36}{med * 1e3:>10.3f}{p90 * 1e3:>9.3f}{mx * 1e3:>9.3f}")
    med = {side: statistics.median(v) for side, v in lat.items()}
    p90 = {side: pct(v, 90) for side, v in lat.items()}
    ratio_line("JobSubmitDescription.submit() / C, median", med["entity"] / med["C"],
               GOAL_SUBMIT_VS_C, True)
    if "pyslurm" in lat:
        ratio_line("psij 'pyslurm' / C, median", med["pyslurm"] / med["C"],
                   GOAL_SUBMIT_VS_C, True)
        ratio_line("psij 'pyslurm' / C, p90", p90["pyslurm"] / p90["C"], GOAL_SUBMIT_VS_C, True)
    if "pyslurm" in lat and "slurm" in lat:
        ratio_line("psij 'slurm' / psij 'pyslurm', median", med["slurm"] / med["pyslurm"],
                   GOAL_SLURM_VS_PYSLURM, False)
        ratio_line("psij 'slurm' / psij 'pyslurm', p90", p90["slurm"] / p90["pyslurm"],
                   GOAL_SLURM_VS_PYSLURM, False)

    print("\n2. the controller's state change -> the executor's callback, seconds, at each "
          "executor's\n   default polling interval: from the controller's log (ms), and an "
          "upper bound from\n   its 1 s start_time / end_time and the job's own stamps")
    print(f"  {'executor':<9}{'interval':>9} {'state':<10}{'jobs':>5}{'median':>8}{'p90':>8}"
          f"{'max':>8}   {'bound: median':>13}{'p90':>7}{'max':>7}")
    for side in ("pyslurm", "slurm"):
        if side not in delays:
            continue
        iv = intervals.get(side)
        ivs = f"{iv:g} s" if iv is not None else "?"
        for state, (logged, upper) in delays[side].items():
            if not upper:
                print(f"  {side:<9}{ivs:>9} {state:<10}{0:>5}  (never reported)")
                continue
            a = "".join(f"{x:>8.3f}" for x in summary(logged)) if logged else f"{'(no log)':>24}"
            b = "".join(f"{x:>7.3f}" for x in summary(upper))
            print(f"  {side:<9}{ivs:>9} {state:<10}{len(upper):>5}{a}   {b:>27}")
        if side == "pyslurm":
            logged_all = [x for v, _ in delays[side].values() for x in v]
            upper_all = [x for _, v in delays[side].values() for x in v]
            which, vals = (("from the log", logged_all) if logged_all
                           else ("upper bound", upper_all))
            if vals:
                worst = pct(vals, 90)
                print(f"  RESULT psij 'pyslurm' state change -> callback, p90 ({which}): "
                      f"{worst:.3f} s, max {max(vals):.3f} s  (goal <= {GOAL_CALLBACK_S:g} s: "
                      f"{'met' if worst <= GOAL_CALLBACK_S else 'NOT met'})")
    return executors


# 3: the controller's RPCs while jobs are tracked

def rpc_names():
    """Message type numbers to names, as sdiag prints them."""
    out = subprocess.run(["sdiag"], capture_output=True, text=True, check=False).stdout
    names = {**JOB_INFO_TYPES, **STATS_INFO}
    for name, num in re.findall(r"^\s+(\w+)\s+\(\s*(\d+)\)", out, re.M):
        names[int(num)] = name
    return names


def poll_counter(label):
    """A function giving how many polls the executor's poller made so far
    (pyslurm's executor counts them); None for the others."""
    if label != "pyslurm":
        return None
    try:
        from pyslurm.psij.poller import poller
        the_poller = poller()
        return lambda: the_poller.polls
    except (ImportError, AttributeError):
        return None


def window_rpcs(slurmctld, seconds, polls_so_far):
    """{type_id: (count, total_time_us)} of the RPCs the controller handled in
    ``seconds`` of this process doing nothing, and the executor's polls in
    that time (None when it does not count them)."""
    slurmctld.reset_statistics()
    p0 = polls_so_far() if polls_so_far else None
    time.sleep(seconds)
    stats = slurmctld.statistics()
    polls = polls_so_far() - p0 if polls_so_far else None
    return {r.type_id: (r.count, r.total_time_us) for r in stats.rpc_types}, polls


def print_window(label, counts, seconds, interval, polls, names):
    """One line per window; returns the job-info RPCs per poll (when the
    executor counts its polls)."""
    per_min = 60.0 / seconds
    info = sum(c for t, (c, _) in counts.items() if t in JOB_INFO_TYPES)
    info_us = sum(us for t, (_, us) in counts.items() if t in JOB_INFO_TYPES)
    total = sum(c for c, _ in counts.values())
    per_poll = info / polls if polls else None
    shown = ("" if polls is None else f"{polls * per_min:.1f}",
             "" if per_poll is None else f"{per_poll:.2f}")
    every = f"   (polls every {interval:g} s)" if interval else ""
    print(f"  {label:<28}{info * per_min:>9.1f}{info_us * per_min / 1e3:>10.1f}"
          f"{total * per_min:>8.1f}{shown[0]:>8}{shown[1]:>10}{every}")
    detail = ", ".join(f"{names.get(t, t)} {c * per_min:.1f}"
                       for t, (c, _) in sorted(counts.items(), key=lambda kv: -kv[1][0]))
    print(f"  {'':<4}({detail})")
    return per_poll


def submit_held(psij, executor, n, folder, label):
    jobs = []
    for _ in range(n):
        spec = psij.JobSpec(executable="/bin/true", directory=folder, name=f"{NAME}-{label}",
                            stdout_path="/dev/null", stderr_path="/dev/null",
                            attributes=psij.JobAttributes(queue_name=DOWN_PARTITION))
        job = psij.Job(spec)
        executor.submit(job)
        SUBMITTED.add(int(job.native_id))
        jobs.append(job)
    return jobs


def scancel(ids):
    ids = sorted(ids)
    for i in range(0, len(ids), 500):
        subprocess.run(["scancel", *map(str, ids[i:i + 500])], check=False,
                       capture_output=True)


def cancel_all(psij, jobs, label):
    t0 = time.monotonic()
    scancel(int(job.native_id) for job in jobs)
    states = [job.wait(timeout=JOB_TIMEOUT) for job in jobs]
    took = time.monotonic() - t0
    canceled = sum(1 for s in states if s is not None and s.state == psij.JobState.CANCELED)
    print(f"  {label}: scancel of {len(jobs)} jobs -> {canceled} reported CANCELED in "
          f"{took:.2f} s")


def part_three(psij, pyslurm, executors, track, window, folder, rep):
    from pyslurm import slurmctld
    print(f"\n3. the controller's RPCs per minute while jobs are tracked "
          f"({window:g} s windows; jobs pending in the DOWN partition {DOWN_PARTITION!r})")
    try:
        pyslurm.Partition(DOWN_PARTITION, nodes="c1", state="DOWN").create()
    except pyslurm.RPCError:
        pyslurm.Partition(DOWN_PARTITION).modify(state="DOWN")
    names = rpc_names()
    print(f"  {'executor, jobs tracked':<28}{'job-info':>9}{'ctld ms':>10}{'all':>8}"
          f"{'polls':>8}{'per poll':>10}   (per minute; ctld ms: controller time on job-info)")
    per_poll = {}
    for label in ("pyslurm", "slurm"):
        ex = executors.get(label)
        if ex is None:
            rep.miss(f"RPC count of {label!r}", "no executor")
            continue
        interval = default_interval(ex)
        counter = poll_counter(label)
        jobs = []
        sizes = (SMALL_TRACK, track) if label == "pyslurm" else (track,)
        for size in sizes:
            jobs += submit_held(psij, ex, size - len(jobs), folder, label)
            time.sleep(min(5.0, window / 4))      # the submissions' own RPCs settle
            counts, polls = window_rpcs(slurmctld, window, counter)
            names.update(rpc_names())       # after the count: sdiag is an RPC too
            v = print_window(f"{label}: {size} jobs", counts, window, interval, polls, names)
            if v is not None:
                per_poll[(label, size)] = v
        cancel_all(psij, jobs, label)
        wait_idle(pyslurm)
    for (label, size), v in per_poll.items():
        if label == "pyslurm":
            print(f"  RESULT pyslurm, {size} jobs tracked: {v:.2f} job-info RPCs per poll "
                  f"(goal: 1 whatever the count: {'met' if v <= 1.05 else 'NOT met'})")
    pyslurm.Partition(DOWN_PARTITION).delete()


def run(args, conf):
    os.environ["SLURM_CONF"] = conf
    import psij
    import pyslurm
    pyslurm.init(conf)
    from importlib.metadata import version
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}, "
          f"psij-python {version('psij-python')}, Python {sys.version.split()[0]}", flush=True)
    rep = Report()
    folder = tempfile.mkdtemp(prefix="bench-psij-", dir=args.workdir)
    try:
        exe = compile_c(HERE / "psij_baseline.c", Path(folder) / "psij_baseline")
        executors = part_one(psij, pyslurm, exe, args.jobs, folder, rep)
        if args.track:
            part_three(psij, pyslurm, executors, args.track, args.window, folder, rep)
    finally:
        left = our_unfinished(pyslurm)
        if left:
            scancel(left)
        shutil.rmtree(folder, ignore_errors=True)
    if rep.missing:
        print(f"\nmissing: {', '.join(rep.missing)}")
        return 1
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=200, help="jobs per side (default 200)")
    ap.add_argument("--track", type=int, default=1000,
                    help="jobs tracked while the RPCs are counted (default 1000; 0: skip)")
    ap.add_argument("--window", type=float, default=60.0,
                    help="seconds of each RPC count (default 60)")
    ap.add_argument("--dir", default="/work/cl-bench-psij",
                    help="runtime folder of the cluster it starts (default %(default)s)")
    ap.add_argument("--port-base", type=int,
                    help="ports of the cluster it starts (default: the first free block)")
    ap.add_argument("--keep", action="store_true", help="leave the cluster it started running")
    ap.add_argument("--conf", help="use this running cluster instead of starting one")
    ap.add_argument("--workdir", default=None,
                    help="where the jobs' temporary folder goes (default: the system's)")
    args = ap.parse_args(argv)
    if args.conf:
        return run(args, os.path.abspath(args.conf))
    runtime_dir = os.path.abspath(args.dir)
    try:
        return run(args, cluster_up(runtime_dir, args.port_base))
    finally:
        if not args.keep:
            cluster_down(runtime_dir)


if __name__ == "__main__":
    sys.exit(main())
