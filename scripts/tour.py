#!/usr/bin/env python3
"""A newcomer's tour of a Slurm cluster through pyslurm.

Usage: scripts/tour.py [--conf PATH]   (default: $SLURM_CONF)

`make demo` starts the local cluster and runs this.  The tour grows as
pyslurm does: each section uses only pyslurm's public API.
"""

import argparse
import os
import sys
import tempfile
import time

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

    section("nodes")
    nodes = pyslurm.Nodes.load()
    print(f"{'node':<8}{'state':<12}{'cpus':>5}{'alloc':>7}{'mem MiB':>9}  partitions")
    shown = sorted(nodes.values(), key=lambda n: hostlist_key(n.name))
    for n in shown[:12]:
        print(f"{n.name:<8}{n.state_string:<12}{n.cpus:>5}{n.alloc_cpus:>7}"
              f"{n.real_memory:>9}  {','.join(n.partitions or [])}")
    if len(shown) > 12:
        print(f"... and {len(shown) - 12} more")
    counts = ", ".join(f"{v} {k.lower()}" for k, v in sorted(nodes.state_counts().items()))
    print(f"{len(nodes)} nodes ({counts}); CPUs: {nodes.total_cpus} total, "
          f"{nodes.idle_cpus} idle")

    section("partitions")
    for p in pyslurm.Partitions.load().values():
        default = " (default)" if p.is_default else ""
        print(f"{p.name + default:<18}{p.state:<8}{p.total_nodes:>5} nodes "
              f"{p.total_cpus:>6} CPUs  max time {fmt_minutes(p.max_time)}  "
              f"nodes {p.nodes}")

    section("a job")
    out = os.path.join(tempfile.mkdtemp(prefix="pyslurm-tour-"), "job.out")
    desc = pyslurm.JobSubmitDescription(
        name="pyslurm-tour", script="#!/bin/sh\nsrun hostname\n", nodes=2,
        ntasks_per_node=1, time_limit="1", stdout=out)
    job_id = desc.submit()
    print(f"submitted job {job_id}: srun hostname on 2 nodes")
    job = wait_for_end(job_id)
    print(f"job {job.id} {job.state} on {job.nodes} (exit code {job.exit_code}, "
          f"ran {job.run_time} s)")
    if os.path.exists(out):
        print("its output: " + " ".join(sorted(open(out).read().split())))
    return 0 if job.state == "COMPLETED" else 1


def hostlist_key(name):
    """Natural order: c2 before c10."""
    import re
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def fmt_minutes(value):
    return "UNLIMITED" if value == pyslurm.UNLIMITED else f"{value} min"


def wait_for_end(job_id, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        job = pyslurm.Job.load(job_id)
        if job.state not in ("PENDING", "RUNNING", "SUSPENDED") or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
