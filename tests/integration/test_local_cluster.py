"""The local test cluster itself (pyslurm.testing), through Slurm's CLI."""

import os
import subprocess
import time

import pytest

from pyslurm.testing.cluster import usable_state


def slurm(*args, timeout=120):
    """Run a Slurm client command (SLURM_CONF is set by the fixture)."""
    result = subprocess.run(list(args), capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"
    return result.stdout


def test_every_node_is_usable(slurm_cluster):
    out = slurm("sinfo", "-h", "-N", "-n", ",".join(slurm_cluster.node_names),
                "-o", "%N %T")
    states = dict(line.split() for line in out.splitlines())
    assert sorted(states) == sorted(slurm_cluster.node_names)
    assert all(usable_state(state) for state in states.values()), states


def test_srun_runs_on_distinct_nodes(slurm_cluster):
    if len(slurm_cluster.node_names) < 4:
        if os.environ.get("CI") == "true":
            pytest.fail("CI's cluster has 4 nodes: it must have been started with fewer")
        pytest.skip("needs a cluster with at least 4 nodes (not under CI)")
    out = slurm("srun", "-N", "4", "--ntasks-per-node=1", "hostname")
    hosts = out.split()
    assert len(set(hosts)) == 4
    assert set(hosts) <= set(slurm_cluster.node_names)
    if slurm_cluster.cluster is not None:
        assert sorted(hosts) == slurm_cluster.node_names[:4]


def job_state(job):
    out = slurm("scontrol", "show", "job", job)
    return out.split("JobState=", 1)[1].split()[0]


def test_batch_job_completes(slurm_cluster, tmp_path):
    job = slurm("sbatch", "--parsable", f"--chdir={tmp_path}",
                "--output=job.out", "--wrap", "echo done").strip()
    deadline = time.monotonic() + 60
    while job_state(job) in ("PENDING", "CONFIGURING", "RUNNING",
                             "COMPLETING") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job_state(job) == "COMPLETED"
    assert (tmp_path / "job.out").read_text().strip() == "done"


def test_a_restarted_cluster_starts_clean_unless_told_to_keep_state(tmp_path):
    """What an interrupted run leaves (a reservation, a drained node) is gone
    after the next ``up``; ``up(keep_state=True)`` resumes it."""
    from pyslurm.testing.cluster import Cluster

    cluster = Cluster.load(str(tmp_path / "rt"), nodes=2, cpus=2, memory=1000)
    env = {**os.environ, **cluster.env()}

    def run(*args):
        res = subprocess.run(list(args), env=env, capture_output=True, text=True,
                             timeout=60, check=False)
        assert res.returncode == 0, res.stderr
        return res.stdout

    def left_over():
        res = run("scontrol", "-o", "show", "reservation")
        node = cluster.node_names[1]
        return "leftover" in res, cluster.node_states([node])[node]

    try:
        cluster.up()
        node = cluster.node_names[1]
        run("scontrol", "create", "reservation", "ReservationName=leftover",
            "StartTime=now", "Duration=60", "Users=root", f"Nodes={cluster.node_names[0]}")
        run("scontrol", "update", f"NodeName={node}", "State=DRAIN", "Reason=interrupted")
        cluster.down()
        cluster.up(keep_state=True)
        assert left_over() == (True, "drained")
        cluster.down()
        cluster.up()
        assert left_over() == (False, "idle")
    finally:
        cluster.down()
