#!/usr/bin/env python3
"""pyslurm.pilot against QCG-PilotJob and a C spawn loop, the same workload
in one run.

1. **Throughput.** ``--tasks`` (3000) runs of ``/bin/true``, one core each,
   on 4 x 4 virtual cores (``--nodes 4,4,4,4``, local mode), submitted as
   one job of that many iterations:

   * through ``pyslurm.pilot`` (``LocalManager``/``Jobs``, this interpreter);
   * through QCG-PilotJob 0.14.2, installed from PyPI into a throw-away
     venv this script creates (cached in ``--qcg-venv``, by default
     ``~/.cache/pyslurm-bench/qcg-pilotjob-0.14.2``; it is never a
     dependency of pyslurm), driven by the same code (``pilot_driver.py``:
     the API is the same);
   * through ``spawn_baseline.c``, compiled here with gcc: ``posix_spawn``
     of ``/bin/true`` keeping ``--inflight`` (4) runs alive, the spawn limit
     of this machine.

   Each side runs in a process of its own; the sides take turns for
   ``--repeat`` (3) rounds, one run each a round, and each one's best run
   counts: the machine is shared, its load changes.  Printed: seconds from ``submit`` until
   ``wait4all`` returned, tasks/s, failed tasks (any failure of
   ``/bin/true`` is spurious), and the ratios pyslurm/C (goal >= 0.65) and
   pyslurm/QCG (goal >= 2).
2. **Overhead per task.** ``--sleep-tasks`` (1600) runs of ``sleep 0.1`` on
   the same 16 virtual cores: the ideal wall time is ``ceil(n / 16) *
   0.1`` s; printed is ``(wall - ideal) / n`` per task (goal <= 0.2 ms for
   pyslurm; QCG's for reference; and the floor: the C program keeping 16
   sleeps alive, no manager).
3. **Inside an allocation.** The throughput workload through pyslurm.pilot
   inside a 4-node allocation (``sbatch -N 4 --ntasks-per-node=4``) of a
   local cluster: one it starts (``python -m pyslurm.testing up --dir
   DIR``, on the first free block of ports, stopped at the end) or a
   running one (``--cluster-dir DIR``); QCG-PilotJob in the same
   allocation for reference (its tasks are bound to the allocation's CPU
   ids, which this machine may not have).

A side that cannot run is printed as MISSING with the reason, the others
are still measured (exit status 1 then).

Usage: scripts/bench/pilot.py [--tasks 3000] [--sleep-tasks 1600]
           [--repeat 3] [--inflight 4] [--qcg-venv DIR] [--no-qcg]
           [--cluster-dir DIR | --port-base P] [--no-allocation]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.append(str(HERE))
from benchcluster import cluster_down, cluster_up  # noqa: E402
DRIVER = HERE / "pilot_driver.py"
QCG_VERSION = "0.14.2"
NODES = "4,4,4,4"
CORES = 16
SLEEP = 0.1
GOAL_VS_C = 0.65
GOAL_VS_QCG = 2.0
GOAL_RATE = 1500.0
GOAL_OVERHEAD_MS = 0.2


class Report:
    def __init__(self):
        self.missing = []

    def miss(self, what, why):
        self.missing.append(what)
        print(f"  {what}: MISSING ({why})", flush=True)


def verdict(ok):
    return "ok" if ok else "BELOW GOAL"


# The sides

def c_baseline(folder):
    exe = Path(folder) / "spawn_baseline"
    subprocess.run(["gcc", "-O2", "-o", str(exe), str(HERE / "spawn_baseline.c")], check=True)
    return exe


def c_run(exe, tasks, inflight):
    out = subprocess.run([str(exe), str(tasks), str(inflight), "/bin/true"],
                         capture_output=True, text=True, check=True)
    seconds, failed = out.stdout.split()
    return {"run": float(seconds), "failed": int(failed), "succeeded": tasks - int(failed)}


def qcg_venv(path):
    """The interpreter of a venv holding QCG-PilotJob QCG_VERSION (created
    and filled from PyPI when missing)."""
    py = Path(path) / "bin" / "python"
    marker = Path(path) / ".made-by-pyslurm-bench"
    probe = ("from importlib.metadata import version; "
             "import qcg.pilotjob.api.manager; print(version('qcg-pilotjob'))")
    if Path(path).exists():
        out = subprocess.run([str(py), "-c", probe], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == QCG_VERSION:
            return py
        if not marker.exists():         # not ours: never remove it
            raise RuntimeError(f"{path} exists and holds no qcg-pilotjob {QCG_VERSION}; "
                               "remove it or name another --qcg-venv")
        shutil.rmtree(path)
    print(f"  creating {path} with qcg-pilotjob=={QCG_VERSION} from PyPI ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    marker.touch()
    pip = subprocess.run([str(py), "-m", "pip", "install", "-q", f"qcg-pilotjob=={QCG_VERSION}"],
                         capture_output=True, text=True)
    if pip.returncode != 0:
        tail = (pip.stderr or pip.stdout).strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"pip install qcg-pilotjob=={QCG_VERSION}: {tail[0]}")
    out = subprocess.run([str(py), "-c", probe], capture_output=True, text=True, check=True)
    if out.stdout.strip() != QCG_VERSION:
        raise RuntimeError(f"venv has qcg-pilotjob {out.stdout.strip()}")
    return py


def driver_cmd(python, api, tasks, wd, exe="/bin/true", exe_args=(), nodes=NODES):
    cmd = [str(python), str(DRIVER), "--api", api, "--tasks", str(tasks), "--exec", exe,
           "--wd", str(wd)]
    for a in exe_args:
        cmd += ["--arg", a]
    if nodes:
        cmd += ["--nodes", nodes]
    return cmd


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no result line")


def driver_run(cmd, timeout):
    """Runs one driver; its result, or raises RuntimeError with the reason."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"no result in {timeout:.0f} s") from None
    if out.returncode != 0:
        tail = (out.stderr or out.stdout).strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"exit status {out.returncode}: {tail[0]}")
    return last_json(out.stdout)


def best(results):
    return min(results, key=lambda r: r["run"]) if results else None


def one_run(make_cmd, folder, timeout):
    """One driver run in a fresh work dir."""
    wd = tempfile.mkdtemp(prefix="wd-", dir=folder)
    try:
        return driver_run(make_cmd(wd), timeout)
    finally:
        shutil.rmtree(wd, ignore_errors=True)


def row(label, tasks, r):
    if r is None:
        return
    rate = tasks / r["run"]
    extra = ""
    if "start" in r:
        extra = f"   (start {r['start']:.2f} s, finish {r['finish']:.2f} s)"
    if r.get("fail_codes"):
        extra += f"   exit codes of the failed: {r['fail_codes']}"
    print(f"  {label:<30}{r['run']:>9.3f}{rate:>11.0f}{r['failed']:>9d}{extra}", flush=True)


def header():
    print(f"  {'side':<30}{'run (s)':>9}{'tasks/s':>11}{'failed':>9}")


# Parts

def part_throughput(args, rep, folder, qcg_py):
    n = args.tasks
    print(f"\n1. {n} x /bin/true on {NODES} virtual cores (local mode; best of "
          f"{args.repeat} interleaved rounds)", flush=True)
    exe = c_baseline(folder)
    c_run(exe, min(n, 200), args.inflight)                 # warm up
    timeout = max(120.0, n / 20)
    sides = {"pyslurm.pilot": lambda wd: driver_cmd(sys.executable, "pyslurm", n, wd)}
    if qcg_py:
        sides[f"QCG-PilotJob {QCG_VERSION}"] = lambda wd: driver_cmd(qcg_py, "qcg", n, wd)
    c_label = f"C posix_spawn, {args.inflight} in flight"
    runs = {label: [] for label in [*sides, c_label]}
    broken = set()
    for _ in range(args.repeat):
        # the sides take turns, so that a change in the machine's load
        # (it is shared) falls on all of them
        for label, make_cmd in sides.items():
            if label in broken:
                continue
            try:
                runs[label].append(one_run(make_cmd, folder, timeout))
            except RuntimeError as exc:
                rep.miss(label, exc)
                broken.add(label)
        runs[c_label].append(c_run(exe, n, args.inflight))
    header()
    results = {label: best(rs) for label, rs in runs.items()}
    for label, r in results.items():
        row(label, n, r)
    py, c = results["pyslurm.pilot"], results[c_label]
    q = results.get(f"QCG-PilotJob {QCG_VERSION}")
    if py is not None:
        rate = n / py["run"]
        vs_c = rate / (n / c["run"])
        print(f"  pyslurm/C    {vs_c:6.2f}  (goal >= {GOAL_VS_C})  {verdict(vs_c >= GOAL_VS_C)}")
        if q is not None:
            vs_q = rate / (n / q["run"])
            print(f"  pyslurm/QCG  {vs_q:6.2f}  (goal >= {GOAL_VS_QCG})  "
                  f"{verdict(vs_q >= GOAL_VS_QCG)}")
        print(f"  pyslurm rate {rate:6.0f}  (goal >= {GOAL_RATE:.0f} tasks/s)  "
              f"{verdict(rate >= GOAL_RATE)}")
        failed = sum(r["failed"] for r in runs["pyslurm.pilot"])
        print(f"  pyslurm spurious failures {failed} in {len(runs['pyslurm.pilot'])} runs  "
              f"(goal 0)  {verdict(failed == 0)}", flush=True)


def part_overhead(args, rep, folder, qcg_py):
    n = args.sleep_tasks
    ideal = math.ceil(n / CORES) * SLEEP
    print(f"\n2. {n} x sleep {SLEEP} on {NODES} virtual cores: overhead per task "
          f"(ideal wall {ideal:.1f} s)", flush=True)
    timeout = ideal * 10 + 120
    sides = [("pyslurm.pilot", sys.executable, "pyslurm")]
    if qcg_py:
        sides.append((f"QCG-PilotJob {QCG_VERSION}", qcg_py, "qcg"))
    print(f"  {'side':<30}{'run (s)':>9}{'ms/task':>11}{'failed':>9}")
    for label, py, api in sides:
        try:
            r = one_run(lambda wd, py=py, api=api: driver_cmd(py, api, n, wd, "/bin/sleep",
                                                              [str(SLEEP)]),
                        folder, timeout)
        except RuntimeError as exc:
            rep.miss(f"{label} (sleep)", exc)
            continue
        per_task = (r["run"] - ideal) / n * 1000
        goal = ""
        if api == "pyslurm":
            goal = f"   (goal <= {GOAL_OVERHEAD_MS} ms)  {verdict(per_task <= GOAL_OVERHEAD_MS)}"
        print(f"  {label:<30}{r['run']:>9.3f}{per_task:>11.3f}{r['failed']:>9d}{goal}",
              flush=True)
    # the floor: what starting and ending n sleeps costs without any manager
    out = subprocess.run([str(Path(folder) / "spawn_baseline"), str(n), str(CORES),
                          "/bin/sleep", str(SLEEP)], capture_output=True, text=True, check=True)
    seconds, failed = out.stdout.split()
    per_task = (float(seconds) - ideal) / n * 1000
    print(f"  {f'C posix_spawn, {CORES} in flight':<30}{float(seconds):>9.3f}{per_task:>11.3f}"
          f"{int(failed):>9d}   (the floor: no manager)", flush=True)


def in_allocation(cmd, folder, conf, timeout):
    """Runs ``cmd`` as the batch script of a 4-node allocation; its result."""
    script = Path(folder) / "alloc.sh"
    out = Path(folder) / "alloc.out"
    script.write_text("#!/bin/sh\n" + " ".join(f"'{c}'" for c in cmd) + "\n")
    script.chmod(0o755)
    env = dict(os.environ, SLURM_CONF=conf)
    minutes = max(5, int(timeout / 60) + 1)
    try:
        sub = subprocess.run(["sbatch", "--wait", "--parsable", "-J", "bench-pilot", "-N", "4",
                              "--ntasks-per-node=4", "--exclusive", "-t", str(minutes),
                              "-o", str(out), "-D", folder, str(script)],
                             capture_output=True, text=True, env=env, timeout=timeout + 60)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the allocation gave no result in {timeout:.0f} s") from None
    text = out.read_text() if out.exists() else ""
    try:
        return last_json(text)
    except ValueError:
        why = (text.strip().splitlines()[-1:] or [sub.stderr.strip() or f"sbatch {sub.returncode}"])
        raise RuntimeError(f"job {sub.stdout.strip()}: {why[0]}") from None
    finally:
        out.unlink(missing_ok=True)


def part_allocation(args, rep, folder, qcg_py, conf):
    n = args.tasks
    print(f"\n3. {n} x /bin/true inside a 4-node allocation (4 CPUs per node)", flush=True)
    sides = [("pyslurm.pilot", sys.executable, "pyslurm")]
    if qcg_py:
        sides.append((f"QCG-PilotJob {QCG_VERSION} (ref.)", qcg_py, "qcg"))
    results = {}
    for label, py, api in sides:
        wd = tempfile.mkdtemp(prefix="wd-", dir=folder)
        try:
            results[label] = in_allocation(driver_cmd(py, api, n, wd, nodes=None), folder,
                                           conf, max(180.0, n / 10))
        except RuntimeError as exc:
            rep.miss(f"{label} in an allocation", exc)
        finally:
            shutil.rmtree(wd, ignore_errors=True)
    header()
    for label, r in results.items():
        row(label, n, r)
    for label, r in results.items():
        nodes = ", ".join(f"{k} {v}" for k, v in sorted(r.get("per_node", {}).items()))
        print(f"  {label}: tasks per node: {nodes}")
    py = results.get("pyslurm.pilot")
    q = results.get(f"QCG-PilotJob {QCG_VERSION} (ref.)")
    if py is not None and q is not None:
        print(f"  pyslurm/QCG  {(q['run'] / py['run']):6.2f}")
    if py is not None:
        print(f"  pyslurm spurious failures {py['failed']}  (goal 0)  "
              f"{verdict(py['failed'] == 0)}", flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=3000, help="/bin/true tasks (default 3000)")
    ap.add_argument("--sleep-tasks", type=int, default=1600,
                    help=f"'sleep {SLEEP}' tasks (default 1600; 0: skip)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds of part 1 (one run per side each), the best counts (default 3)")
    ap.add_argument("--inflight", type=int, default=4,
                    help="runs the C baseline keeps alive (default 4)")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    ap.add_argument("--qcg-venv", default=str(cache / "pyslurm-bench" /
                                              f"qcg-pilotjob-{QCG_VERSION}"),
                    help="venv for QCG-PilotJob (created when missing; default %(default)s)")
    ap.add_argument("--no-qcg", action="store_true", help="leave QCG-PilotJob out")
    ap.add_argument("--cluster-dir", help="part 3 in this running cluster (default: start one)")
    ap.add_argument("--port-base", type=int,
                    help="ports of the cluster it starts (default: the first free block)")
    ap.add_argument("--no-allocation", action="store_true", help="skip part 3")
    ap.add_argument("--workdir", help="where the temporary folder goes (default: the system's)")
    args = ap.parse_args(argv)

    import pyslurm
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"pyslurm {pyslurm.version()}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {load}", flush=True)
    rep = Report()
    qcg_py = None
    if not args.no_qcg:
        try:
            qcg_py = qcg_venv(args.qcg_venv)
            print(f"QCG-PilotJob {QCG_VERSION} in {args.qcg_venv}", flush=True)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
            rep.miss(f"QCG-PilotJob {QCG_VERSION}", exc)
    folder = tempfile.mkdtemp(prefix="bench-pilot-", dir=args.workdir)
    runtime_dir = None
    try:
        part_throughput(args, rep, folder, qcg_py)
        if args.sleep_tasks:
            part_overhead(args, rep, folder, qcg_py)
        if not args.no_allocation:
            if args.cluster_dir:
                conf = str(Path(args.cluster_dir).resolve() / "slurm.conf")
            else:
                runtime_dir = os.path.join(folder, "cluster")
                t0 = time.perf_counter()
                conf = cluster_up(runtime_dir, args.port_base, quiet=True)
                print(f"\n(cluster started in {time.perf_counter() - t0:.1f} s)", flush=True)
            part_allocation(args, rep, folder, qcg_py, conf)
    finally:
        if runtime_dir:
            cluster_down(runtime_dir, quiet=True)
        shutil.rmtree(folder, ignore_errors=True)
    if rep.missing:
        print(f"\nmissing: {', '.join(rep.missing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
