#!/usr/bin/env python3
"""pyslurm.Nodes and pyslurm.hostlist against the same libslurm calls from C.

Measured in one run, against one cluster (best of several rounds on each
side; the C side is nodes_baseline.c, compiled here and timed in its own
process; rounds of the two sides are interleaved so that load on the
machine hits both alike):

* ``Nodes.load()`` against ``slurm_load_node``;
* ``Nodes.load().to_dict()`` of every node, and ``to_dict()`` alone (on a
  fresh load), against ``slurm_load_node``;
* ``Nodes.reload()`` when nothing changed against ``slurm_load_node`` with
  the last update time (``SLURM_NO_CHANGE_IN_DATA``);
* ``hostlist.expand`` / ``hostlist.collapse`` of 10,000 names against
  ``slurm_hostlist_create`` + ``slurm_hostlist_shift`` /
  ``slurm_hostlist_push_host`` + the ranged string;
* memory: resident memory one loaded ``Nodes`` holds (the libslurm message
  plus the Python objects) against what the message alone holds in C, each
  in a fresh process, several copies held at once;
* leaks: ``Nodes`` loaded and dropped many times (``--leak-rounds``); the
  growth of resident memory is printed and must stay small.

Usage: scripts/bench/nodes.py [--conf PATH] [-n ROUNDS] [--leak-rounds N]
(e.g. against a 2000-node cluster: ``python -m pyslurm.testing up --dir
/tmp/cl-bench --extra-nodes 1996``)
"""

from __future__ import annotations

import argparse
import gc
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
from pyslurm import hostlist  # noqa: E402
from pyslurm.testing import rss_kib  # noqa: E402

# 10,000 names with gaps and two padding widths: what a big site's lists look like
EXPAND_EXPR = "c[1-2999,3001-7000],gpu[0001-1000],n[1-1000,1002-2001],login1"
MEMORY_COPIES = 10
# growth allowed after the first quarter of the leak check (one Nodes is ~2 MiB)
LEAK_LIMIT_KIB = 1024


def compile_baseline(outdir: Path) -> Path:
    return compile_c(HERE / "nodes_baseline.c", outdir / "nodes_baseline")


def c_run(exe: Path, *args) -> float:
    out = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout)


def best_of(fn, rounds: int, setup=None) -> float:
    best = float("inf")
    for _ in range(rounds):
        arg = setup() if setup is not None else None
        t0 = time.perf_counter()
        fn() if setup is None else fn(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def memory_child(copies: int) -> None:
    """In a fresh process: KiB one held Nodes adds to the resident memory."""
    pyslurm.init()
    pyslurm.Nodes.load()              # libslurm's and pyslurm's one-time allocations
    gc.collect()
    before = rss_kib()
    held = [pyslurm.Nodes.load() for _ in range(copies)]
    print(f"{(rss_kib() - before) / copies:.1f}")
    del held


def leak_check(rounds: int) -> list[tuple[int, int]]:
    """RSS growth (KiB) after each quarter of ``rounds`` loads and drops."""
    for _ in range(50):
        nodes = pyslurm.Nodes.load()
        nodes.to_dict()
    del nodes
    gc.collect()
    base = rss_kib()
    out = []
    quarter = max(rounds // 4, 1)
    done = 0
    while done < rounds:
        for i in range(quarter):
            nodes = pyslurm.Nodes.load()
            if i % 100 == 0:              # reading every attribute now and then
                nodes.to_dict()
            del nodes
        done += quarter
        gc.collect()
        out.append((done, rss_kib() - base))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conf", help="slurm.conf (default $SLURM_CONF)")
    ap.add_argument("-n", "--rounds", type=int, default=10, help="rounds per side (best of)")
    ap.add_argument("--leak-rounds", type=int, default=10000,
                    help="loads for the leak check (default 10000; 0 skips it)")
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    conf = pyslurm.init(args.conf)
    os.environ["SLURM_CONF"] = conf
    nodes = pyslurm.Nodes.load()
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}: "
          f"{len(nodes)} nodes, rounds={args.rounds} (best of)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        exe = compile_baseline(Path(tmp))
        names = hostlist.expand(EXPAND_EXPR)
        assert len(names) == 10000, len(names)
        names_file = Path(tmp) / "names"
        names_file.write_text("\n".join(names) + "\n")

        r = args.rounds
        c_load = c_nochange = c_exp = c_col = float("inf")
        py = {k: float("inf") for k in ("load", "load+dict", "dict", "reload", "exp", "col")}
        pyslurm.Nodes.load().to_dict()                          # warm up
        for _ in range(r):
            c_load = min(c_load, c_run(exe, "load", 3))
            py["load"] = min(py["load"], best_of(pyslurm.Nodes.load, 3))
            py["load+dict"] = min(py["load+dict"],
                                  best_of(lambda: pyslurm.Nodes.load().to_dict(), 2))
            py["dict"] = min(py["dict"], best_of(lambda n: n.to_dict(), 2,
                                                 setup=pyslurm.Nodes.load))
            c_nochange = min(c_nochange, c_run(exe, "nochange", 5))
            py["reload"] = min(py["reload"], best_of(nodes.reload, 5))
            c_exp = min(c_exp, c_run(exe, "expand", 5, EXPAND_EXPR))
            py["exp"] = min(py["exp"], best_of(lambda: hostlist.expand(EXPAND_EXPR), 5))
            c_col = min(c_col, c_run(exe, "collapse", 5, names_file))
            py["col"] = min(py["col"], best_of(lambda: hostlist.collapse(names), 5))
        assert hostlist.collapse(names) == EXPAND_EXPR, hostlist.collapse(names)
        rows += [
            ("Nodes.load()", "slurm_load_node", c_load, py["load"], 1.1),
            ("Nodes.load().to_dict()", "slurm_load_node", c_load, py["load+dict"], 4.0),
            ("  to_dict() alone", "slurm_load_node", c_load, py["dict"], 4.0),
            ("reload(), no change", "no-change load", c_nochange, py["reload"], 2.0),
            ("hostlist.expand 10k", "create+shift", c_exp, py["exp"], 1.5),
            ("hostlist.collapse 10k", "push+ranged", c_col, py["col"], 1.5),
        ]

        c_mem = min(c_run(exe, "memory", MEMORY_COPIES) for _ in range(3))
        py_mem = min(float(subprocess.run(
            [sys.executable, __file__, "--memory-child", str(MEMORY_COPIES)],
            capture_output=True, text=True, check=True, env=os.environ).stdout)
            for _ in range(3))

    print(f"{'operation':<26}{'baseline':<18}{'C':>10}{'Python':>10}{'ratio':>8}{'goal':>7}")
    for label, base, c, p, goal in rows:
        print(f"{label:<26}{base:<18}{c * 1e3:>8.3f}ms{p * 1e3:>8.3f}ms{p / c:>8.2f}"
              f"{goal:>6.1f}x")
    print(f"{'memory of one Nodes':<26}{'message in C':<18}{c_mem:>7.0f}KiB{py_mem:>7.0f}KiB"
          f"{py_mem / c_mem:>8.2f}{1.3:>6.1f}x")
    if args.leak_rounds:
        print(f"\nleaks: load and drop Nodes {args.leak_rounds} times "
              f"(to_dict() every 100th)")
        steps = leak_check(args.leak_rounds)
        for done, growth in steps:
            print(f"  after {done:>6} loads: RSS {growth:+d} KiB")
        # the heap settles in the first quarter; a leak keeps growing after it
        later = steps[-1][1] - steps[0][1]
        if later > LEAK_LIMIT_KIB:
            print(f"LEAK: RSS grew {later} KiB after the first quarter "
                  f"(limit {LEAK_LIMIT_KIB} KiB)")
            return 1
        print(f"no leak: {later:+d} KiB after the first quarter (limit {LEAK_LIMIT_KIB} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
