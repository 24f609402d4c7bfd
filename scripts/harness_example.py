#!/usr/bin/env python3
"""An example test harness on pyslurm.schedulers, end to end.

What a harness author writes: test configs as a YAML loader would give them
(every leaf a string), one test run per chunk of the cluster (Pavilion's
``chunk: '{{sched.chunk_ids}}'`` permutation), kickoff through the plugin,
status polling (one scheduler call per refresh, whatever the number of
runs), and each run's result read back from its own output. Inside the
allocation the run resolves its deferred variables (``test_cmd``,
``test_node_list``...) with ``plugin.get_final_vars()`` and runs the
``srun`` command line it gets.

Usage::

    SLURM_CONF=/path/to/slurm.conf python scripts/harness_example.py [--work-dir DIR]
                                                   [--plugin slurm|raw] [--timeout S]

Exit status 0 when every run ended as expected.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:                       # run from a checkout
    sys.path.insert(0, str(REPO))

from pyslurm.schedulers import (  # noqa: E402
    SCHED_CANCELLED, SCHED_ERROR, SCHED_RUNNING, SCHEDULED, UNKNOWN, TestSpec, get_plugin,
)

# The harness's test suite, as its YAML loader hands it over.
SUITE = {
    "hostname": {
        "schedule": {"nodes": "all", "chunking": {"size": "2"}, "share_allocation": "false"},
        "run": "{test_cmd} hostname",
        "per_chunk": True,
        "expect": "pass",
    },
    "mpi_ranks": {
        "schedule": {"nodes": "2", "tasks_per_node": "50%", "chunking": {"size": "2"},
                     "share_allocation": "false"},
        "run": "{test_cmd} bash -c 'echo rank=$SLURM_PROCID'",
        "per_chunk": True,
        "expect": "pass",
    },
    "quick_a": {
        "schedule": {"nodes": "1", "chunking": {"size": "2"}},
        "run": "{test_cmd} true",
        "per_chunk": False,
        "chunk": "0",
        "expect": "pass",
    },
    "quick_b": {    # same chunk and allocation options as quick_a: shares its job
        "schedule": {"nodes": "1", "chunking": {"size": "2"}},
        "run": "{test_cmd} true",
        "per_chunk": False,
        "chunk": "0",
        "expect": "pass",
    },
    "broken": {
        "schedule": {"nodes": "1", "share_allocation": "false"},
        "run": "{test_cmd} false",
        "per_chunk": False,
        "expect": "fail",
    },
}

# Runs inside the allocation: resolve the deferred variables, run the test.
RUNNER = r"""
import json, os, subprocess, sys
from pyslurm.schedulers import get_plugin
plugin = get_plugin(sys.argv[1])
schedule = json.loads(sys.argv[2])
svars = plugin.get_final_vars(schedule)
cmd = sys.argv[3].format(test_cmd=svars["test_cmd"])
proc = subprocess.run(cmd, shell=True, capture_output=True, text=True)
json.dump({"test_node_list": svars["test_node_list"], "test_cmd": svars["test_cmd"],
           "tasks_total": svars["tasks_total"], "cmd": cmd, "rc": proc.returncode,
           "stdout": proc.stdout.split()}, open(sys.argv[4], "w"))
sys.exit(proc.returncode)
"""


def build_runs(plugin, work_dir: Path) -> tuple[list[TestSpec], dict[str, dict]]:
    """Expand the suite into test runs (one per chunk where asked)."""
    runner = work_dir / "runner.py"
    runner.write_text(RUNNER)
    runs, meta = [], {}
    for name, test in SUITE.items():
        svars = plugin.get_initial_vars(test["schedule"])
        if svars["errors"]:
            raise SystemExit(f"test {name}: {svars['errors']}")
        chunks = svars["chunk_ids"] if test["per_chunk"] else [test.get("chunk", "any")]
        for chunk in chunks:
            run_id = f"{name}.{chunk}"
            result = work_dir / f"{run_id}.json"
            env = f"PYTHONPATH={shlex.quote(str(REPO))}"
            command = " ".join([env, shlex.quote(sys.executable), shlex.quote(str(runner)),
                                plugin.name, shlex.quote(json.dumps(test["schedule"])),
                                shlex.quote(test["run"]), shlex.quote(str(result))])
            runs.append(TestSpec(run_id, name, test["schedule"], command, chunk=chunk))
            meta[run_id] = {"result": result, "expect": test["expect"], "chunk": chunk}
    return runs, meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work-dir", help="keep the job directories here (default: a temp dir)")
    ap.add_argument("--plugin", default="slurm", help="scheduler plugin (default: slurm)")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds to wait for every run (default 120)")
    args = ap.parse_args(argv)

    plugin = get_plugin(args.plugin)
    if not plugin.available():
        print(f"scheduler plugin {args.plugin!r} is not available here "
              f"(is $SLURM_CONF set and the controller up?)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="harness-") as tmp:
        work_dir = Path(args.work_dir or tmp)
        work_dir.mkdir(parents=True, exist_ok=True)
        runs, meta = build_runs(plugin, work_dir)
        started = time.time()
        infos = plugin.schedule_tests(runs, work_dir)
        print(f"kicked off {len(runs)} runs in {len({i['id'] for i in infos.values()})} "
              f"jobs ({time.time() - started:.2f} s)")

        # poll until every job left the queue and ended; each round is one
        # scheduler call for all jobs (job_status refreshes all tracked jobs)
        done: dict[str, object] = {}
        deadline = time.time() + args.timeout
        while len(done) < len(runs) and time.time() < deadline:
            for run_id, info in infos.items():
                if run_id in done:
                    continue
                status = plugin.job_status(info)
                over = status.state in (SCHED_ERROR, SCHED_CANCELLED, UNKNOWN) or (
                    status.state == SCHED_RUNNING and meta[run_id]["result"].exists()
                    and not any(s in status.note for s in ("state RUNNING", "COMPLETING")))
                if over:
                    done[run_id] = status
            time.sleep(0.3)
        print(f"{len(done)}/{len(runs)} runs over after {time.time() - started:.1f} s, "
              f"{plugin.refresh_calls} status refreshes\n")

        ok = True
        print(f"{'run':<14}{'job':>6}  {'status':<16}{'nodes':<14}{'result':<8}detail")
        for run in runs:
            info, status = infos[run.test_id], done.get(run.test_id)
            result_file = meta[run.test_id]["result"]
            result = json.loads(result_file.read_text()) if result_file.exists() else None
            passed = result is not None and result["rc"] == 0
            nodes = ",".join(result["test_node_list"]) if result else "-"
            expected = (meta[run.test_id]["expect"] == "pass") == passed and status is not None
            ok &= expected
            state = status.state if status is not None else f"{SCHEDULED}?"
            detail = result["cmd"] if result else (status.note if status else "timed out")
            print(f"{run.test_id:<14}{info['id']:>6}  {state:<16}{nodes:<14}"
                  f"{'pass' if passed else 'FAIL':<8}{'' if expected else '(unexpected) '}"
                  f"{detail}")
        for info in {i["id"]: i for i in infos.values()}.values():
            if plugin.job_status(info).state in (SCHEDULED, SCHED_RUNNING) and \
                    not all(r in done for r, i in infos.items() if i["id"] == info["id"]):
                plugin.cancel(info)
        print("\nall runs ended as expected" if ok else "\nsome runs did not end as expected")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
