#!/usr/bin/env python3
"""One measurement of scripts/bench/pilot.py, run in a process of its own.

The same code drives QCG-PilotJob (``--api qcg``: ``qcg.pilotjob.api``,
run by the interpreter of the throw-away venv it is installed in) and
pyslurm.pilot (``--api pyslurm``), through the API they share:
``LocalManager(server_args, cfg)``, ``Jobs().add(...)``, ``submit``,
``wait4all``, ``info`` and ``finish``.  The workload is one job of
``--tasks`` iterations of ``--exec`` (with ``--arg``s), one core each.

Prints one JSON object on its last line of output: ``start`` (seconds
until the manager answered), ``run`` (seconds from ``submit`` until
``wait4all`` returned), ``finish`` (seconds of ``finish()``), ``failed``
and ``succeeded`` (iterations, from ``info``), ``total_cores``,
``per_node`` (iterations per node name, from their ``allocation``) and
``fail_codes`` (exit codes of the failed iterations).  Both managers run
with ``--log error`` (QCG's fastest setting).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# keep this folder off the path: pilot.py must not shadow anything
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def load_api(name):
    if name == "qcg":
        from qcg.pilotjob.api.job import Jobs
        from qcg.pilotjob.api.manager import LocalManager
    else:
        from pyslurm.pilot import Jobs, LocalManager
    return LocalManager, Jobs


def iteration_counts(manager, name):
    """(succeeded, failed, tasks per node, exit codes of the failed) of
    the iterations of job ``name``, from ``info(name, withChilds=True)``."""
    data = manager.info(name, withChilds=True)["jobs"][name]["data"]
    kids = data.get("childs") or []
    per_node, codes = Counter(), Counter()
    for kid in kids:
        runtime = kid.get("runtime") or {}
        for part in (runtime.get("allocation") or "?").split("],"):
            per_node[part.split("[")[0]] += 1
        if kid.get("state") != "SUCCEED":
            codes[str(runtime.get("exit_code"))] += 1
    failed = sum(codes.values())
    its = data.get("iterations") or {}
    if "failed" in its and "finished" in its:      # the job's own summary, if any
        failed = int(its["failed"])
        return int(its["finished"]) - failed, failed, per_node, codes
    return len(kids) - failed, failed, per_node, codes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--api", choices=("qcg", "pyslurm"), required=True)
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--exec", dest="exe", default="/bin/true")
    ap.add_argument("--arg", action="append", default=[], help="an argument of --exec")
    ap.add_argument("--nodes", help="virtual nodes, e.g. 4,4,4,4 (none: the allocation)")
    ap.add_argument("--wd", required=True, help="the manager's working directory")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="one more server argument (repeatable)")
    args = ap.parse_args(argv)

    LocalManager, Jobs = load_api(args.api)
    os.makedirs(args.wd, exist_ok=True)
    os.chdir(args.wd)          # QCG's client writes .qcgpjm-client/ in the cwd
    server_args = ["--wd", args.wd, "--log", "error", *args.server_arg]
    if args.nodes:
        server_args += ["--nodes", args.nodes]

    t0 = time.perf_counter()
    manager = LocalManager(server_args, {"poll_delay": 0.05})
    res = manager.resources()
    t1 = time.perf_counter()
    jobs = Jobs().add(name="bench", exec=args.exe, args=list(args.arg),
                      iteration=args.tasks)
    t2 = time.perf_counter()
    manager.submit(jobs)
    manager.wait4all()
    t3 = time.perf_counter()
    succeeded, failed, per_node, codes = iteration_counts(manager, "bench")
    t4 = time.perf_counter()
    manager.finish()
    t5 = time.perf_counter()
    print(json.dumps({"start": t1 - t0, "run": t3 - t2, "finish": t5 - t4,
                      "succeeded": succeeded, "failed": failed,
                      "total_cores": res.get("total_cores"), "per_node": dict(per_node),
                      "fail_codes": dict(codes)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
