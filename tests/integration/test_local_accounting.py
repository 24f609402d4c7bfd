"""The local cluster's accounting stack (pyslurm.testing.accounting):
MariaDB + slurmdbd, two clusters in one slurmdbd, through Slurm's CLI."""

import os
import subprocess

from pyslurm.testing.cluster import DAEMON_MARK, Cluster
from pyslurm.testing.host import _environ, _pids
from polling import wait_for


def run(conf, *args, timeout=60):
    result = subprocess.run(list(args), env={**os.environ, "SLURM_CONF": conf},
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"
    return result.stdout




def test_both_clusters_are_registered_with_the_default_account(slurm_accounting):
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    assert slurm_accounting.clusters == ["pyslurm", "pyslurm2"]
    registered = run(conf, "sacctmgr", "-n", "-P", "show", "cluster", "format=cluster,controlport")
    ports = dict(line.split("|") for line in registered.split())
    assert sorted(ports) == slurm_accounting.clusters
    assert all(int(port) > 0 for port in ports.values()), ports   # both controllers registered
    assocs = run(conf, "sacctmgr", "-n", "-P", "show", "assoc", "account=default",
                 "format=cluster,user")
    have = {tuple(line.split("|")) for line in assocs.split()}
    for cluster in slurm_accounting.clusters:
        assert {(cluster, "root"), (cluster, "nobody"), (cluster, "daemon")} <= have
    users = run(conf, "sacctmgr", "-n", "-P", "show", "user", "root", "format=defaultaccount")
    assert users.split() == ["default"]
    assert "normal" in run(conf, "sacctmgr", "-n", "-P", "show", "qos", "format=name").split()


def test_jobs_of_both_clusters_reach_the_one_database(slurm_accounting, tmp_path):
    first, second = slurm_accounting.clusters
    conf = slurm_accounting.confs[first]
    out = str(tmp_path / "out")
    here = run(conf, "sbatch", "--parsable", "-o", out, "--wrap", "exit 3").strip().split(";")[0]
    there = run(conf, "sbatch", "--parsable", "-M", second, "-o", out,
                "--wrap", "hostname").strip().split(";")[0]

    def recorded():
        text = run(conf, "sacct", "-n", "-P", "-X", "-M", "all", "-j", f"{here},{there}",
                   "-o", "jobid,cluster,state,exitcode,account,nodelist")
        rows = {line.split("|")[0]: line.split("|")[1:] for line in text.split()}
        done = all(rows.get(j, ["", "PENDING"])[1] in ("COMPLETED", "FAILED")
                   for j in (here, there))
        return rows if done else None
    rows = wait_for(recorded, "both jobs in sacct")
    assert rows[here][:4] == [first, "FAILED", "3:0", "default"]
    assert rows[there][:4] == [second, "COMPLETED", "0:0", "default"]
    second_nodes = run(slurm_accounting.confs[second], "sinfo", "-h", "-N", "-o", "%N").split()
    assert rows[there][4] in second_nodes and rows[there][4].startswith("s")


def test_a_job_without_an_association_is_refused(slurm_accounting, tmp_path):
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    result = subprocess.run(["sbatch", "-A", "no-such-account", "-o", str(tmp_path / "o"),
                             "--wrap", "true"], env={**os.environ, "SLURM_CONF": conf},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "Invalid account" in result.stderr


def test_down_stops_the_database_and_leaves_nothing_behind(tmp_path):
    """A small cluster of its own: up with accounting, down, nothing left."""
    cluster = Cluster.load(str(tmp_path / "acct"), nodes=1, cpus=2, memory=1000,
                           accounting=True)
    try:
        cluster.up()
        stack = cluster.stack
        assert stack is not None and stack.database_pid and stack.slurmdbd_pid
        assert os.path.isdir(stack.datadir)
        assert run(cluster.conf_path, "sacctmgr", "-n", "-P", "show", "cluster",
                   "format=cluster").split() == ["pyslurm"]
    finally:
        cluster.down()
    mark = f"{DAEMON_MARK}={cluster.runtime_dir}".encode()
    assert not [pid for pid in _pids() if mark in _environ(pid)]
    assert not os.path.exists(os.path.join(cluster.runtime_dir, "db"))
    assert not os.path.exists(os.path.join(cluster.runtime_dir, "slurmdbd.conf"))


def test_a_plain_cluster_has_no_accounting_daemons(slurm_cluster):
    """Without --accounting nothing of the stack starts (the default)."""
    plain = Cluster(runtime_dir="/nonexistent-pyslurm-dir")
    assert plain.stack is None and "slurmdbd" not in plain.daemons()
