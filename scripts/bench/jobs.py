#!/usr/bin/env python3
"""pyslurm's job calls against the same libslurm calls from C, with 10,000
and 50,000 jobs held by the controller.

The cluster is filled with held (pending) batch jobs; for each size the
same operations are timed in a small C program (jobs_baseline.c, compiled
here against the installed libslurm, in its own process) and through
pyslurm in this process, best of several rounds on each side:

* ``Jobs.load()`` (and dropping it) against ``slurm_load_jobs`` + free;
* the load plus reading five attributes of every job (id, state,
  partition, node count, time limit) against C reading the same fields;
* ``to_dict()`` of every job against the C load (printed twice: the
  ``to_dict`` call alone, and the load plus ``to_dict``);
* a reload that finds no change (``Jobs.reload()`` / ``Jobs.load(since)``)
  against ``slurm_load_jobs(last_update)`` answering "no change";
* ``JobSubmitDescription.submit()`` against ``slurm_submit_batch_job`` of
  the same held job, timed while filling the cluster, in alternating
  batches;
* memory: the RSS a loaded ``Jobs`` holds (measured in a fresh process)
  against the RSS of the libslurm message it came from (in C), and what
  one ``Job`` kept from that load holds (its whole message) against one
  ``Job.load(id)``.

The controller must accept the jobs (``MaxJobCount`` >= the largest size;
test clusters of ``pyslurm.testing`` allow 100,000).  The jobs are
cancelled at the end unless ``--keep``.

Usage: scripts/bench/jobs.py [--sizes 10000,50000] [-r ROUNDS] [--conf PATH] [--keep]
(e.g. ``scripts/cluster up --dir /tmp/cl-jobs``, then
``eval $(scripts/cluster env --dir /tmp/cl-jobs)``)
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
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cbuild import compile_c  # noqa: E402
import pyslurm  # noqa: E402

SCRIPT = "#!/bin/sh\ntrue\n"
SUBMIT_BATCH = 250


def compile_baseline(outdir):
    return compile_c(HERE / "jobs_baseline.c", Path(outdir) / "jobs_baseline")


def c_run(exe, *args):
    out = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{exe.name} {' '.join(map(str, args))} failed: {out.stderr.strip()}")
    return out.stdout.split()


def c_seconds(exe, op, n):
    return float(c_run(exe, op, n)[0])


def timed(fn, n=1):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - t0


def best(fn, rounds):
    return min(fn() for _ in range(rounds))


def py_submit_one():
    return pyslurm.JobSubmitDescription(
        script=SCRIPT, name="bench", working_directory="/tmp",
        environment={"A": "1"}, hold=True).submit()


def job_count():
    return len(pyslurm.Jobs.load())


def fill(exe, target, submit_times):
    """Submit held jobs until the controller holds ``target``; C and
    pyslurm submit in alternating batches (timed into ``submit_times``)."""
    have = job_count()
    while have < target:
        k = min(SUBMIT_BATCH, (target - have + 1) // 2)
        submit_times["C"].append((c_seconds(exe, "submit", k), k))
        submit_times["py"].append((timed(py_submit_one, k), k))
        have += 2 * k
        print(f"\r  submitted: {have} jobs", end="", flush=True)
    print()
    return job_count()


def read5(jobs):
    s = 0
    for j in jobs.values():
        s += j.id
        s += len(j.state)
        s += len(j.partition or "")
        s += j.num_nodes or 0
        t = j.time_limit
        s += 0 if t is None or t == pyslurm.UNLIMITED else t
    return s


PY_MEMORY = r"""
import ctypes, gc, sys
sys.path.insert(0, {repo!r})
import pyslurm
trim = ctypes.CDLL("libc.so.6").malloc_trim
def rss():
    gc.collect()
    trim(0)                     # give freed memory back, so that RSS shows what is held
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4
pyslurm.Jobs.load(user=65534)   # warm up with a near-empty answer, as in C
before = rss()
jobs = pyslurm.Jobs.load()
held = rss() - before
count = len(jobs)
# one Job kept from the load pins the whole message (the ownership rule) ...
one = next(iter(jobs.values()))
del jobs
pinned = rss() - before
job_id = one.id
del one
released = rss() - before
# ... while one Job loaded on its own holds its own small message
alone = pyslurm.Job.load(job_id)
single = rss() - before
print(held, count, pinned, released, single)
"""


def py_memory():
    out = subprocess.run([sys.executable, "-c", PY_MEMORY.format(repo=str(REPO))],
                         capture_output=True, text=True, check=True)
    return [int(x) for x in out.stdout.split()]


def measure(exe, rounds, size):
    rows = []

    def row(label, c, p):
        rows.append((label, c, p))
        print(f"  {label:<44}{c:>9.4f}{p:>11.4f}{p / c:>8.2f}", flush=True)

    print(f"\n{size} jobs held by the controller "
          f"({'operation':<33}{'C (s)':>9}{'pyslurm':>11}{'ratio':>8})")
    pyslurm.Jobs.load()
    c_load = best(lambda: c_seconds(exe, "load", 1), rounds)

    def py_load():
        t0 = time.perf_counter()
        jobs = pyslurm.Jobs.load()
        del jobs
        return time.perf_counter() - t0
    row("Jobs.load() (and drop)", c_load, best(py_load, rounds))

    c_read = best(lambda: c_seconds(exe, "read5", 1), rounds)
    row("load + 5 attributes of every job", c_read,
        best(lambda: timed(lambda: read5(pyslurm.Jobs.load())), rounds))

    def py_to_dict_only():
        jobs = pyslurm.Jobs.load()
        return timed(jobs.to_dict)
    row("to_dict() of every job (alone)", c_load, best(py_to_dict_only, rounds))
    row("Jobs.load() + to_dict()", c_load,
        best(lambda: timed(lambda: pyslurm.Jobs.load().to_dict()), rounds))

    n = 200
    jobs = pyslurm.Jobs.load()
    c_nc = best(lambda: c_seconds(exe, "nochange", n), rounds) / n

    def py_nochange():
        t0 = time.perf_counter()
        for _ in range(n):
            jobs.reload()
        return (time.perf_counter() - t0) / n
    row("reload() finding no change (per call)", c_nc, best(py_nochange, rounds))

    c_kib, c_count = (int(x) for x in c_run(exe, "memory"))
    p_kib, p_count, pinned, released, single = py_memory()
    print(f"  {'memory (KiB RSS): message vs Jobs':<44}{c_kib:>9}{p_kib:>11}"
          f"{p_kib / c_kib:>8.2f}   ({c_count} / {p_count} records)")
    print(f"  one Job kept from that load pins its message: {pinned} KiB "
          f"(all dropped: {released} KiB; one Job.load(id) on its own: {single} KiB)")
    rows.append(("memory", c_kib, p_kib))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000")
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("--conf", help="slurm.conf (default $SLURM_CONF)")
    ap.add_argument("--keep", action="store_true", help="leave the jobs in the cluster")
    args = ap.parse_args(argv)
    conf = pyslurm.init(args.conf)
    os.environ["SLURM_CONF"] = conf
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}, "
          f"best of {args.rounds} rounds")
    submit_times = {"C": [], "py": []}
    with tempfile.TemporaryDirectory() as tmp:
        exe = compile_baseline(tmp)
        try:
            for size in sizes:
                print(f"filling the cluster to {size} held jobs")
                have = fill(exe, size, submit_times)
                measure(exe, args.rounds, have)
            if submit_times["C"]:
                per = {side: min(t / k for t, k in v) for side, v in submit_times.items()}
                tot = {side: sum(t for t, _ in v) / sum(k for _, k in v)
                       for side, v in submit_times.items()}
                print(f"\nsubmit() of a held job, per job: C {per['C'] * 1e3:.3f} ms, "
                      f"pyslurm {per['py'] * 1e3:.3f} ms (best batch), ratio "
                      f"{per['py'] / per['C']:.2f}; over all batches: C "
                      f"{tot['C'] * 1e3:.3f} ms, pyslurm {tot['py'] * 1e3:.3f} ms, ratio "
                      f"{tot['py'] / tot['C']:.2f}")
        finally:
            if not args.keep:
                subprocess.run(["scancel", "--name=bench"], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
