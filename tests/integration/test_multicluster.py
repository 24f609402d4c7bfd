"""Real multi-cluster for the live API: loads, submissions and actions that
go to the second cluster's controller through its record in slurmdbd (what
``squeue -M`` / ``sbatch -M`` do), checked against Slurm's own CLI pointed
at that cluster's slurm.conf.  This process is configured for the first
cluster only."""

import os
import subprocess
import sys
import threading
import time

import pytest

import pyslurm
from pyslurm import Job, Jobs, JobSubmitDescription, Nodes, Partitions, Reservations
from pyslurm.clusters import route, working_cluster
from pyslurm.testing import wait_for

REQUEST_NODE_INFO = 2007      # slurm_load_node's RPC type (slurm_protocol_defs.h)


def cli(conf, *args, check=True):
    result = subprocess.run(list(args), env={**os.environ, "SLURM_CONF": conf},
                            capture_output=True, text=True, timeout=60, check=False)
    if check:
        assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"
    return result.stdout


@pytest.fixture()
def two(slurm_accounting):
    """(local name, other name, local conf, other conf)."""
    first, second = slurm_accounting.clusters
    return first, second, slurm_accounting.confs[first], slurm_accounting.confs[second]


@pytest.fixture()
def remote_jobs(two):
    """submit(**options) -> id of a job on the second cluster; cancelled
    at the end (through that cluster's scancel)."""
    ids = []
    second, conf2 = two[1], two[3]

    def submit(**options):
        options.setdefault("script", "#!/bin/sh\nsleep 300\n")
        options.setdefault("standard_output", "/dev/null")
        options.setdefault("time_limit", 5)
        options.setdefault("cluster", second)
        job_id = JobSubmitDescription(**options).submit()
        ids.append(job_id)
        return job_id

    yield submit
    if ids:
        cli(conf2, "scancel", *map(str, ids), check=False)


def node_names(conf):
    return sorted(set(cli(conf, "sinfo", "-h", "-N", "-o", "%N").split()))  # a line per partition


def squeue_ids(conf):
    return {int(x) for x in cli(conf, "squeue", "-h", "-o", "%i").split()}


def node_info_rpcs():
    return sum(t.count for t in pyslurm.slurmctld.statistics().rpc_types
               if t.type_id == REQUEST_NODE_INFO)


# -- loads ------------------------------------------------------------------------------
def test_nodes_of_the_other_cluster(two):
    first, second, conf1, conf2 = two
    nodes = Nodes.load(cluster=second)
    assert node_names(conf2) != node_names(conf1)          # the test means something
    assert sorted(nodes.keys()) == node_names(conf2)
    assert nodes.clusters == [second]
    assert {n.cluster for n in nodes.values()} == {second}
    # the nodes' partitions are read from their own controller, too
    shown = {}
    for line in cli(conf2, "sinfo", "-h", "-N", "-o", "%N %R").split("\n"):
        if line.strip():
            name, part = line.split()
            shown.setdefault(name, set()).add(part)
    assert {n.name: set(n.partitions) for n in nodes.values()} == shown
    # and the local cluster's afterwards
    assert sorted(Nodes.load().keys()) == node_names(conf1)


def test_partitions_of_the_other_cluster(two):
    first, second, conf1, conf2 = two
    parts = Partitions.load(cluster=second)
    shown = dict(line.split() for line in
                 cli(conf2, "sinfo", "-h", "-o", "%R %N").split("\n") if line.strip())
    assert {p.name: p.nodes for p in parts.values()} == shown
    assert {p.cluster for p in parts.values()} == {second}
    assert Partitions.load()[first, "debug"].nodes != parts[second, "debug"].nodes


def test_load_fields_of_both_clusters(two):
    first, second, conf1, conf2 = two
    rows = Nodes.load_fields(["cluster", "name"], as_tuples=True, cluster=[first, second])
    assert rows == ([(first, n) for n in node_names(conf1)]
                    + [(second, n) for n in node_names(conf2)])


def test_a_collection_of_both_clusters_keyed_by_cluster(two):
    first, second, conf1, conf2 = two
    for spec in ("all", [first, second], f"{first},{second}"):
        nodes = Nodes.load(cluster=spec)
        assert nodes.clusters == [first, second]
        assert sorted(nodes[first]) == node_names(conf1)
        assert sorted(nodes[second]) == node_names(conf2)
        assert len(nodes) == len(node_names(conf1)) + len(node_names(conf2))
        other = node_names(conf2)[0]
        assert nodes[second, other].cluster == second
        assert other in nodes and (second, other) in nodes and (first, other) not in nodes
        as_dicts = nodes.to_dict(multi_cluster=True)
        assert sorted(as_dicts) == [first, second]
        assert all(d["cluster"] == second for d in as_dicts[second].values())
        assert all(d["cluster"] == first for d in as_dicts[first].values())
    # refresh keeps each cluster's own items
    assert isinstance(nodes.refresh(), bool)
    assert sorted(nodes[second]) == node_names(conf2)
    assert sorted(nodes[first]) == node_names(conf1)
    parts = Partitions.load(cluster="all")
    assert parts.clusters == [first, second]


def test_unknown_cluster_names_it_before_any_rpc(two):
    first, second = two[0], two[1]
    before = node_info_rpcs()
    for bad in ("nosuchcluster", [second, "nosuchcluster"]):
        with pytest.raises(ValueError, match="'nosuchcluster'") as info:
            Nodes.load(cluster=bad)
        assert first in str(info.value) and second in str(info.value)   # the known ones
    with pytest.raises(ValueError, match="nosuchcluster"):
        Jobs.load(cluster="nosuchcluster")
    with pytest.raises(ValueError, match="nosuchcluster"):
        Job.load(1, cluster="nosuchcluster")
    with pytest.raises(ValueError, match="nosuchcluster"):
        JobSubmitDescription(script="#!/bin/sh\ntrue\n", cluster="nosuchcluster").submit()
    with pytest.raises(ValueError, match="invalid value for cluster"):
        Nodes.load(cluster="a b")
    assert node_info_rpcs() == before         # no load reached the local controller
    assert working_cluster() is None


def test_other_clusters_need_slurmdbd(two, tmp_path):
    """A process whose slurm.conf has no slurmdbd is told why it cannot
    reach another cluster (in a child: libslurm reads one slurm.conf per
    process)."""
    second, conf1 = two[1], two[2]
    with open(conf1) as f:
        lines = [line for line in f if not line.lower().startswith("accountingstorage")]
    conf = tmp_path / "slurm.conf"
    conf.write_text("".join(lines) + "AccountingStorageType=accounting_storage/none\n")
    src = os.path.dirname(os.path.dirname(os.path.abspath(pyslurm.__file__)))
    script = (
        "import pyslurm\n"
        "try:\n"
        f"    pyslurm.Nodes.load(cluster={second!r})\n"
        "except ValueError as e:\n"
        "    print('REFUSED', e)\n"
        "print('LOCAL', sorted(pyslurm.Nodes.load().keys()))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path),
                            env={**os.environ, "SLURM_CONF": str(conf), "PYTHONPATH": src},
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    refused, local = result.stdout.strip().split("\n")
    assert refused.startswith("REFUSED invalid value for cluster: ")
    assert second in refused and "multi-cluster needs slurmdbd" in refused
    assert "accounting_storage/none" in refused
    assert local == f"LOCAL {node_names(conf1)}"     # the local cluster still answers


def test_routing_is_restored_after_loads_and_errors(two):
    first, second, conf1, conf2 = two
    Nodes.load(cluster=second)
    assert working_cluster() is None
    assert sorted(Nodes.load().keys()) == node_names(conf1)
    with pytest.raises(pyslurm.JobNotFoundError):
        Job.load(4000000000 - 7, cluster=second)          # fails on the other controller
    assert working_cluster() is None
    assert sorted(Nodes.load().keys()) == node_names(conf1)
    with pytest.raises(RuntimeError, match="inside"):
        with route(second) as name:
            assert name == second and working_cluster() == second
            assert sorted(Nodes.load().keys()) == node_names(conf2)   # None: the block's
            assert sorted(Nodes.load(cluster=first).keys()) == node_names(conf1)
            assert working_cluster() == second                      # back after it
            raise RuntimeError("inside the block")
    assert working_cluster() is None
    assert sorted(Nodes.load().keys()) == node_names(conf1)
    assert sorted(Nodes.load(cluster=first).keys()) == node_names(conf1)


def test_threads_never_see_each_others_cluster(two):
    first, second, conf1, conf2 = two
    want = {first: node_names(conf1), second: node_names(conf2)}
    seen, errors = [], []

    def worker(cluster):
        try:
            for _ in range(15):
                nodes = Nodes.load(cluster=cluster)
                seen.append((cluster or first, sorted(nodes.keys()),
                             [c for c in nodes.clusters]))
        except Exception as e:           # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(c,))
               for c in (None, second, None, second, first)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(seen) == 75
    for cluster, names, clusters in seen:
        assert names == want[cluster] and clusters == [cluster]
    assert working_cluster() is None


# -- jobs -------------------------------------------------------------------------------
def test_submit_to_the_other_cluster_and_load_it_there(two, remote_jobs, tmp_path):
    first, second, conf1, conf2 = two
    out = tmp_path / "out.txt"
    job_id = remote_jobs(script="#!/bin/sh\necho on $SLURM_CLUSTER_NAME\nsleep 300\n",
                         standard_output=str(out))
    assert job_id in squeue_ids(conf2)                      # squeue -M second
    assert job_id not in squeue_ids(conf1)
    job = wait_for(lambda: (lambda j: j if j.state == "RUNNING" else None)(
        Job.load(job_id, cluster=second)), "the job running on the other cluster")
    assert job.cluster == second and job.id == job_id
    assert set(pyslurm.hostlist.expand(job.allocated_nodes)) <= set(node_names(conf2))
    assert job.to_dict()["cluster"] == second and job.as_dict()["cluster"] == second
    assert job.steps is not None and "batch" in job.steps   # steps from its controller
    wait_for(lambda: out.exists() and out.read_text().strip(), "the job's output")
    assert out.read_text().split() == ["on", second]

    jobs = Jobs.load(cluster=second)
    assert jobs.clusters == [second] and jobs[second, job_id].cluster == second
    assert job_id in jobs[second]
    both = Jobs.load(cluster="all")
    assert (second, job_id) in both
    assert both[second][job_id].state == "RUNNING"
    assert both.to_dict(multi_cluster=True)[second][job_id]["cluster"] == second
    rows = Jobs.load_fields(["id", "cluster"], cluster=second)
    assert {"id": job_id, "cluster": second} in rows
    # local loads stay local
    assert (first, job_id) not in Jobs.load()
    assert Jobs.load().clusters in ([], [first])


def test_actions_on_a_job_of_the_other_cluster(two, remote_jobs):
    second, conf2 = two[1], two[3]
    job_id = remote_jobs(hold=True)

    def shown(field):
        text = cli(conf2, "scontrol", "-o", "show", "job", str(job_id))
        return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)[field]

    handle = Job(job_id, cluster=second)
    assert handle.cluster == second
    handle.modify(JobSubmitDescription(time_limit=7, comment="from_the_first"))
    assert shown("TimeLimit") == "00:07:00" and shown("Comment") == "from_the_first"
    handle.release()
    wait_for(lambda: shown("JobState") == "RUNNING", "the released job running")
    loaded = Job.load(job_id, cluster=second)
    assert loaded.get_batch_script() == "#!/bin/sh\nsleep 300\n"
    if pyslurm.stats.AVAILABLE:
        with pytest.raises(pyslurm.PyslurmError, match="step statistics"):
            loaded.load_stats()
    loaded.cancel()                                    # the loaded job acts on its cluster
    wait_for(lambda: job_id not in squeue_ids(conf2)
             or shown("JobState") in ("CANCELLED", "COMPLETING"), "the job cancelled")
    assert working_cluster() is None


def test_submit_to_the_first_cluster_that_can_run_it(two, remote_jobs):
    first, second, conf1, conf2 = two
    only_there = node_names(conf2)[0]
    job_id = remote_jobs(cluster=[first, second], required_nodes=only_there)
    assert job_id in squeue_ids(conf2) and job_id not in squeue_ids(conf1)
    # the local cluster chosen (26.05 reports it without a cluster record)
    only_here = node_names(conf1)[0]
    desc = JobSubmitDescription(script="#!/bin/sh\nsleep 300\n", standard_output="/dev/null",
                                time_limit=5, clusters=[second, first],
                                required_nodes=only_here)
    here = desc.submit()
    try:
        assert here in squeue_ids(conf1)
        assert desc.find_submitted() == here
        assert Job.load(here).cluster == first
    finally:
        Job(here).cancel()
    desc = JobSubmitDescription(clusters=f"{first},{second}")
    assert desc.clusters == [first, second]
    with pytest.raises(ValueError, match="clusters"):
        JobSubmitDescription(clusters="all")


def test_modify_and_delete_objects_of_the_other_cluster(two):
    first, second, conf1, conf2 = two
    node = node_names(conf2)[-1]
    remote = Nodes.load(cluster=second)[second, node]
    try:
        remote.modify(comment="set from the first cluster")
        assert "Comment=set from the first cluster" in cli(conf2, "scontrol", "show", "node",
                                                           node)
        assert Nodes.load()[first, node_names(conf1)[-1]].comment != \
            "set from the first cluster"
    finally:
        Nodes.load(cluster=second).filter(name=node).modify(comment="")
    assert "Comment=set" not in cli(conf2, "scontrol", "show", "node", node)

    def max_time(conf):
        text = cli(conf, "scontrol", "-o", "show", "partition", "half")
        return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)["MaxTime"]

    local_before = max_time(conf1)
    try:
        Partitions.load(cluster=second).filter(name="half").modify(max_time=42)
        assert max_time(conf2) == "00:42:00" and max_time(conf1) == local_before
        with route(second):                 # an object built from Python: the block's
            pyslurm.Partition("half").modify(max_time=43)
        assert max_time(conf2) == "00:43:00" and max_time(conf1) == local_before
    finally:
        cli(conf2, "scontrol", "update", "partition=half", "maxtime=UNLIMITED")
    assert max_time(conf2) == "UNLIMITED"

    name = "pyslurmtest_mc"
    cli(conf2, "scontrol", "delete", f"reservation={name}", check=False)
    cli(conf2, "scontrol", "create", "reservation", f"reservation={name}", "users=root",
        "starttime=now+3600", "duration=10", f"nodes={node}")
    try:
        resvs = Reservations.load(cluster=second)
        assert name in resvs[second]
        assert (first, name) not in Reservations.load()
        resvs[second][name].delete()
        assert name not in cli(conf2, "scontrol", "show", "reservation")
    finally:
        cli(conf2, "scontrol", "delete", f"reservation={name}", check=False)


def test_the_second_cluster_stays_reachable_for_later_tests(two):
    # the last test: nothing above left the process routed elsewhere
    assert working_cluster() is None
    assert pyslurm.clusters.resolve("all") == [two[0], two[1]]


# -- errno, single-object loads, steps, the local gate, sbatch -M (helper F) ---------------
def _errno_after_not_found(call):
    """Slurm's errno read right after ``call`` raised JobNotFoundError (no
    pytest code in between: its first pytest.raises may import modules,
    and reading files resets errno)."""
    try:
        call()
    except pyslurm.JobNotFoundError:
        return pyslurm.error.get_last_slurm_error()
    pytest.fail("no JobNotFoundError")


def test_last_error_survives_routing(two):
    second = two[1]
    missing = (2017, pyslurm.error.slurm_strerror(2017))
    # local: a shared route() block; routed: the exclusive side
    assert _errno_after_not_found(lambda: Job.load(4_000_000)) == missing
    assert _errno_after_not_found(lambda: Job.load(4_000_000, cluster=second)) == missing

    def nested():
        with route(second):
            with route(None):                       # nested: the block's cluster
                Job.load(4_000_000)
    assert _errno_after_not_found(nested) == missing
    # a local call that waits for another thread's routed block (lock waits
    # and notifications on both sides) still leaves its own errno
    started = threading.Event()

    def hold():
        with route(second):
            started.set()
            time.sleep(0.5)

    t = threading.Thread(target=hold)
    t.start()
    started.wait(5)
    try:
        t0 = time.monotonic()
        assert _errno_after_not_found(lambda: Job.load(4_000_000)) == missing
        assert time.monotonic() - t0 > 0.2            # it did wait for the block
    finally:
        t.join(10)
    assert working_cluster() is None


def test_load_one_object_of_the_other_cluster(two):
    first, second, conf1, conf2 = two
    nodes2 = cli(conf2, "scontrol", "-o", "show", "partition", "debug")
    want = dict(kv.split("=", 1) for kv in nodes2.split() if "=" in kv)["Nodes"]
    part = pyslurm.Partition.load("debug", cluster=second)
    assert part.cluster == second and part.nodes == want
    here = pyslurm.Partition.load("debug")
    assert here.cluster == first and here.nodes != want
    with route(second):                             # None: the block's cluster
        inside = pyslurm.Partition.load("debug")
    assert inside.cluster == second and inside.nodes == want
    assert pyslurm.Partition.load("debug").cluster == first   # routing restored
    with pytest.raises(pyslurm.PartitionNotFoundError, match=f"on cluster '{second}'"):
        pyslurm.Partition.load("nosuchpart", cluster=second)
    with pytest.raises(ValueError, match="invalid value for cluster"):
        pyslurm.Partition.load("debug", cluster="nosuchcluster")
    with pytest.raises(ValueError, match="invalid value for cluster"):
        pyslurm.Partition.load("debug", cluster=f"{first},{second}")

    only_there = sorted(set(node_names(conf2)) - set(node_names(conf1)))[0]
    node = pyslurm.Node.load(only_there, cluster=second)
    assert node.name == only_there and node.cluster == second
    with pytest.raises(pyslurm.NodeNotFoundError):
        pyslurm.Node.load(only_there)               # not a node of the local cluster

    name = "pyslurmtest_mc_one"
    cli(conf2, "scontrol", "delete", f"reservation={name}", check=False)
    cli(conf2, "scontrol", "create", "reservation", f"reservation={name}", "users=root",
        "starttime=now+3600", "duration=10", f"nodes={only_there}")
    try:
        resv = pyslurm.Reservation.load(name, cluster=second)
        assert resv.name == name and resv.cluster == second and resv.nodes == only_there
        with pytest.raises(pyslurm.ReservationNotFoundError):
            pyslurm.Reservation.load(name)
    finally:
        cli(conf2, "scontrol", "delete", f"reservation={name}", check=False)


def _steps_shown(conf, job_id):
    """{step id: time limit} of the job's steps as that cluster's squeue shows them."""
    out = cli(conf, "squeue", "-h", "-s", "-j", str(job_id), "-o", "%i %l", check=False)
    return dict(line.split() for line in out.splitlines() if line.strip())


def test_steps_of_a_job_of_the_other_cluster(two, remote_jobs):
    first, second, conf1, conf2 = two
    job_id = remote_jobs(script="#!/bin/sh\nsrun sleep 300\n")
    wait_for(lambda: f"{job_id}.0" in _steps_shown(conf2, job_id), "the remote step running")
    job = Job.load(job_id, cluster=second)
    assert job.cluster == second and 0 in job.steps and job.steps[0].cluster == second

    steps = pyslurm.JobSteps.load(job)                   # a Job of the other cluster
    assert 0 in steps and "batch" in steps
    assert {s.cluster for s in steps.values()} == {second}
    assert 0 in pyslurm.JobSteps.load(job_id, cluster=second)
    assert job_id in pyslurm.JobSteps.load_all(cluster=second)
    step = pyslurm.JobStep.load(job_id, 0, cluster=second)
    assert step.cluster == second and step.job_id == job_id
    assert pyslurm.JobStep.load(job, "batch").cluster == second
    with route(second):
        assert pyslurm.JobStep.load(job_id, 0).cluster == second
    with pytest.raises(ValueError, match="invalid value for cluster"):
        pyslurm.JobSteps.load(job_id, cluster="nosuchcluster")

    step.modify(time_limit=17)                            # the loaded step's cluster
    assert _steps_shown(conf2, job_id)[f"{job_id}.0"] == "17:00"
    with route(second):                                   # a handle: the block's cluster
        pyslurm.JobStep(job_id, 0).modify(time_limit=18)
    assert _steps_shown(conf2, job_id)[f"{job_id}.0"] == "18:00"
    step.send_signal("CONT")                    # through that controller (scancel --ctld)
    with route(second):
        pyslurm.JobStep(job_id, 0).send_signal("CONT")
    step.cancel()
    wait_for(lambda: f"{job_id}.0" not in _steps_shown(conf2, job_id), "the remote step gone")
    assert working_cluster() is None


def test_local_loads_outside_collections_wait_for_a_routed_block(two):
    """Config.load (a load_message outside any route() block) made while
    another thread routes to the second cluster: it waits, and it reads the
    local controller's configuration, never the other's."""
    first, second = two[0], two[1]
    Config = pyslurm.slurmctld.Config
    assert Config.load().cluster_name == first
    with route(second):
        assert Config.load().cluster_name == second      # routed on purpose
    started, results = threading.Event(), []

    def hold():
        with route(second):
            started.set()
            threading.Event().wait(0.8)

    t = threading.Thread(target=hold)
    t.start()
    started.wait(5)
    t0 = time.monotonic()
    results.append(Config.load().cluster_name)
    waited = time.monotonic() - t0
    t.join(10)
    assert results == [first]
    assert waited > 0.3                                   # it waited for the block


def test_sbatch_clusters_option_in_scripts_and_environment(two, tmp_path):
    first, second, conf1, conf2 = two
    ids = []
    try:
        desc = JobSubmitDescription(
            script=f"#!/bin/sh\n#SBATCH -M {second}\n#SBATCH -t 5\nsleep 300\n",
            standard_output="/dev/null")
        assert desc.effective_options()["clusters"] == [second]
        ids.append(desc.submit())
        assert ids[-1] in squeue_ids(conf2) and ids[-1] not in squeue_ids(conf1)
        assert desc.find_submitted() == ids[-1]

        desc = JobSubmitDescription(script="#!/bin/sh\nsleep 300\n", time_limit=5,
                                    standard_output="/dev/null")
        desc.load_environment({"SBATCH_CLUSTERS": second})
        ids.append(desc.submit())
        assert ids[-1] in squeue_ids(conf2) and ids[-1] not in squeue_ids(conf1)

        # as sbatch: the variable overrides #SBATCH, an option set overrides both
        desc = JobSubmitDescription(
            script=f"#!/bin/sh\n#SBATCH --clusters={first}\nsleep 300\n", time_limit=5,
            standard_output="/dev/null")
        desc.load_environment({"SLURM_CLUSTERS": second})
        assert desc.effective_options()["clusters"] == [second]
        desc.apply_sbatch_args(["-M", first])
        here = desc.submit()
        try:
            assert here in squeue_ids(conf1)
        finally:
            Job(here).cancel()
    finally:
        if ids:
            cli(conf2, "scancel", *map(str, ids), check=False)
