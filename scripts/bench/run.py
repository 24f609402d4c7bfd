#!/usr/bin/env python3
"""pyslurm against the same libslurm calls made from C, in one run.

For each operation, N calls are timed in a small C program (baseline.c,
compiled here against the installed libslurm) and through pyslurm in this
process; the ratio pyslurm/C is printed (1.00 = no overhead).  A second
section loads and drops objects many times and reports the growth of this
process's resident memory (a leak shows as growth proportional to N).

Usage: scripts/bench/run.py [-n N] [--conf PATH]   (needs a running cluster:
`scripts/cluster up; eval $(scripts/cluster env)`)
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cbuild import compile_c  # noqa: E402
import pyslurm
from pyslurm import slurmctld
from pyslurm.testing import rss_kib  # noqa: E402

HERE = Path(__file__).resolve().parent


def compile_baseline(outdir):
    return compile_c(HERE / "baseline.c", Path(outdir) / "baseline")


def c_seconds(exe, op, n):
    out = subprocess.run([str(exe), op, str(n)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def py_seconds(op, n):
    fn = (lambda: slurmctld.ping()) if op == "ping" else slurmctld.Config.load
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=500, help="calls per measurement (default 500)")
    ap.add_argument("--conf", help="slurm.conf (default $SLURM_CONF)")
    args = ap.parse_args(argv)
    conf = pyslurm.init(args.conf)
    os.environ["SLURM_CONF"] = conf
    print(f"pyslurm {pyslurm.version()} / Slurm {pyslurm.slurm_version()}, N={args.n}")
    with tempfile.TemporaryDirectory() as tmp:
        exe = compile_baseline(tmp)
        print(f"{'operation':<28}{'C (s)':>10}{'pyslurm (s)':>13}{'ratio':>8}")
        for op, label in (("ping", "slurm_ping"), ("config", "slurm_load_ctl_conf")):
            py_seconds(op, 10)                       # warm up both sides
            c = min(c_seconds(exe, op, args.n) for _ in range(3))
            p = min(py_seconds(op, args.n) for _ in range(3))
            print(f"{label:<28}{c:>10.3f}{p:>13.3f}{p / c:>8.2f}")

    print("\nmemory: load and drop a Config repeatedly")
    for _ in range(200):
        slurmctld.Config.load()
    base = rss_kib()
    for rounds in (1, 2):
        for _ in range(args.n * 4):
            slurmctld.Config.load().to_dict()
        print(f"after {args.n * 4 * rounds:>6} more loads: RSS {rss_kib() - base:+d} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
