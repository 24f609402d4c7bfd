#!/usr/bin/env python3
"""A newcomer's tour of a Slurm cluster through pyslurm.

Usage: scripts/tour.py [--conf PATH]   (default: $SLURM_CONF)

`make demo` starts the local cluster and runs this.  The tour grows as
pyslurm does: each section uses only pyslurm's public API.
"""

import argparse
import sys

import pyslurm
from pyslurm import slurmctld


def section(title):
    print(f"\n== {title} " + "=" * max(0, 60 - len(title)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conf", help="slurm.conf of the cluster (default: $SLURM_CONF)")
    args = ap.parse_args(argv)

    section("pyslurm")
    print(f"pyslurm {pyslurm.version()}, built for Slurm {pyslurm.slurm_version()}")
    try:
        conf = pyslurm.init(args.conf)
    except pyslurm.ConfigError as e:
        print(f"cannot use this cluster: {e}", file=sys.stderr)
        return 1
    print(f"configuration: {conf}")

    section("controller")
    for p in slurmctld.ping():
        state = "UP" if p.responding else f"DOWN ({p.error})"
        print(f"{p.role:<8} {p.hostname:<16} {state:<6} {p.latency * 1000:7.2f} ms")
    try:
        cfg = slurmctld.Config.load()
    except pyslurm.RPCError as e:
        print(f"cannot load the configuration: {e}", file=sys.stderr)
        return 1
    rows = [
        ("cluster", cfg.cluster_name),
        ("Slurm version (controller)", cfg.version),
        ("controller hosts", ", ".join(cfg.control_hosts)),
        ("ports (slurmctld/slurmd)", f"{cfg.slurmctld_port}/{cfg.slurmd_port}"),
        ("select / scheduler", f"{cfg.select_type} / {cfg.scheduler_type}"),
        ("auth", cfg.auth_type),
        ("default memory per CPU", f"{cfg.default_memory_per_cpu} MiB"),
        ("next job id", cfg.next_job_id),
    ]
    for k, v in rows:
        print(f"{k:<28} {v}")
    if cfg.version != pyslurm.slurm_version():
        print(f"note: pyslurm was built for Slurm {pyslurm.slurm_version()}, "
              f"the controller runs {cfg.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
