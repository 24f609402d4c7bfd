"""What the pilot's allocation tests share: a running allocation of the
local cluster for the manager to use, and CPU lists read back from tasks."""

import time

import pyslurm
from pyslurm.pilot import LocalManager


def running_allocation(cluster, nodes, name):
    """Submit a job holding ``nodes`` whole nodes of ``cluster`` (4 tasks
    each), wait until it runs, yield its id and cancel it afterwards: use
    it as the body of a module-scoped fixture."""
    names = cluster.node_names[:nodes]
    job_id = pyslurm.JobSubmitDescription(
        script="#!/bin/sh\nsleep 900\n", nodes=nodes, ntasks=4 * nodes,
        required_nodes=",".join(names), time_limit=20, standard_output="/dev/null",
        name=name).submit()
    end = time.time() + 90
    while pyslurm.Job.load(job_id).state != "RUNNING":
        assert time.time() < end, f"allocation {job_id} did not start"
        time.sleep(0.3)
    yield job_id
    pyslurm.Job(job_id).cancel()


def allocation_manager(job_id, tmp_path_factory, name):
    """A LocalManager on allocation ``job_id`` (finished afterwards)."""
    m = LocalManager(["--allocation", str(job_id), "--wd", str(tmp_path_factory.mktemp(name))])
    yield m
    m.finish()


def cpu_list(text):
    """``0-2,5`` (as /proc/self/status shows CPU lists) -> [0, 1, 2, 5]."""
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out
