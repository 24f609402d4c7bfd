"""The Slurm scheduler plugin (pyslurm.schedulers.slurm) on the local cluster.

Real test runs are scheduled on chunks of c1..c4 and checked to run on exactly
the chosen nodes; their status is followed through every mapped state; jobs
are cancelled. Daemon-less CLOUD nodes (x0001.., when the cluster has them)
must never receive a job.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pyslurm
from pyslurm.jobs_util import parse_sbatch_lines
from pyslurm.schedulers import (
    SCHED_CANCELLED, SCHED_ERROR, SCHED_RUNNING, SCHEDULED, UNKNOWN, NodeListError, Slurm,
    SchedulerPluginError, TestSpec, get_plugin,
)
from pyslurm.schedulers.pipeline import node_state_flags
from pyslurm.schedulers.slurm import (
    active_reservations, compress_node_list, parse_node_list, submit_options,
)

REPO = Path(__file__).resolve().parents[2]
TERMINAL = ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "PREEMPTED", "BOOT_FAIL", "DEADLINE")


def skip_or_fail(why):
    """Skip locally; under CI (its own fresh cluster) a test that cannot run fails."""
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(f"{why} (not under CI)")


@pytest.fixture
def plugin():
    p = Slurm()
    p.JOB_STATUS_TIMEOUT = 0.0   # every job_status() refreshes: tests see changes at once
    yield p
    cancel_unfinished(p)


def cancel_unfinished(plugin):
    """Cancel the tracked jobs still queued or running. (Finished ones are
    left alone: on 24.11 a kill sent to a job whose srun steps are still being
    cleaned up can keep its CPUs busy for another minute.)"""
    plugin.JOB_STATUS_TIMEOUT = 0.0
    for info in list(plugin._tracked.values()):
        status = plugin.job_status(info)
        if status.state == SCHEDULED or (status.state == SCHED_RUNNING
                                         and not finished(status)):
            plugin.cancel(info)


def wait_for(plugin, info, pred, timeout=90.0, step=0.2):
    """Poll job_status until pred(status) holds; return the status. (Generous
    timeout: on some majors a finished job with srun steps holds its CPUs for
    up to a minute while slurmd cleans up, delaying the next test's jobs.)"""
    deadline = time.time() + timeout
    status = plugin.job_status(info)
    while not pred(status):
        if time.time() > deadline:
            raise AssertionError(f"job {info['id']}: still {status} after {timeout} s")
        time.sleep(step)
        status = plugin.job_status(info)
    return status


def slurm_state(info):
    return pyslurm.Job.load(int(info["id"])).state


def finished(status):
    return any(f"state {s}" in status.note for s in TERMINAL)


def where_cmd(out):
    """A test command recording where it ran: the batch host's names, the
    allocation, and every node of the allocation (one srun task per node)."""
    return (f'echo "$SLURMD_NODENAME $(hostname) $SLURM_JOB_NODELIST" > {out}; '
            f'srun hostname >> {out}')


def ran_on(out):
    lines = Path(out).read_text().split("\n")
    batch_node, host, nodelist = lines[0].split()
    return batch_node, host, parse_node_list(nodelist), sorted(filter(None, lines[1:]))


@pytest.fixture(scope="module")
def timeout_job(tmp_path_factory):
    """A job with a 1-minute limit that sleeps longer, submitted when the
    module starts so that its timeout overlaps the other tests."""
    plugin = Slurm()
    plugin.JOB_STATUS_TIMEOUT = 0.0
    cfg = {"include_nodes": "c4", "slurm": {"sbatch_extra": ["--time=1"]}}
    info = plugin.schedule_tests([TestSpec("to", "timeout", cfg, "sleep 600")],
                                 tmp_path_factory.mktemp("timeout"))["to"]
    yield plugin, info, time.time()
    cancel_unfinished(plugin)


# --------------------------------------------------------------------------- registry, helpers

def test_timeout_job_runs(timeout_job):
    plugin, info, _ = timeout_job
    status = wait_for(plugin, info, lambda s: s.state != SCHEDULED)
    assert status.state == SCHED_RUNNING and "RUNNING" in status.note
    job = pyslurm.Job.load(int(info["id"]))
    assert job.time_limit == 1 and job.allocated_nodes == "c4"


def test_registered_and_available():
    plugin = get_plugin("slurm")
    assert isinstance(plugin, Slurm)
    assert plugin.available()


def test_node_list_helpers_use_slurm_rules():
    assert parse_node_list("n[9-11],c[01-02]") == ["n9", "n10", "n11", "c01", "c02"]
    assert Slurm.compress_node_list(["c10", "c2", "c1", "c3"]) == "c[1-3,10]"
    with pytest.raises(NodeListError) as err:
        Slurm.parse_node_list("c[1-3,x]")
    assert "position 6" in str(err.value) and "'x'" in str(err.value)
    with pytest.raises(NodeListError, match="decreasing"):
        parse_node_list("c[3-1]")
    with pytest.raises(NodeListError, match="never closed"):
        parse_node_list("c[1-3")
    with pytest.raises(NodeListError, match="'c1,c2'"):
        compress_node_list(["c1,c2"])


def test_alloc_nodes_need_an_allocation(plugin, monkeypatch):
    monkeypatch.delenv("SLURM_JOB_NODELIST", raising=False)
    monkeypatch.delenv("SLURM_NODELIST", raising=False)
    with pytest.raises(SchedulerPluginError, match="SLURM_JOB_NODELIST"):
        plugin._get_alloc_nodes()
    monkeypatch.setenv("SLURM_JOB_NODELIST", "c[2-3],c10")
    assert plugin._get_alloc_nodes() == ["c2", "c3", "c10"]


# --------------------------------------------------------------------------- inventory

def test_inventory_from_pyslurm_objects(plugin, slurm_cluster):
    inv = plugin.inventory()
    for name in slurm_cluster.node_names:
        node = inv[name]
        assert node["cpus"] == 4 and node["mem"] == 4000 * 2**20
        assert "debug" in node["partitions"]
        assert node["states"][0] in ("IDLE", "MIXED", "ALLOCATED")
    assert set(inv["c1"]["partitions"]) == {"debug", "half"}
    assert inv["c3"]["partitions"] == ("debug",)
    # immutable snapshots: nodes with the same values share one tuple
    for key in ("states", "partitions", "features", "reservations"):
        assert all(type(node[key]) is tuple for node in inv.values()), key
    assert inv["c3"]["partitions"] is inv["c4"]["partitions"]
    assert inv["c3"]["states"] == tuple(pyslurm.Node.load("c3").states)
    assert plugin.default_partition == "debug"
    # one load of each kind, no per-node calls (node.partitions would load again)
    assert plugin.rpc_counts["nodes"] == 1 and plugin.rpc_counts["partitions"] == 1
    assert plugin.rpc_counts["reservations"] == 1
    assert list(inv) == sorted(inv, key=lambda n: (n[0], int(n[1:])))   # natural order


def test_inventory_agrees_with_node_objects(plugin):
    """Every record of the row-built inventory holds what the Node and
    Partition objects say (read independently here)."""
    inv = plugin.inventory(refresh=True)
    nodes = pyslurm.Nodes.load()
    parts = list(pyslurm.Partitions.load().values())
    members = {p.name: set(pyslurm.hostlist.expand(p.nodes)) if p.nodes else set()
               for p in parts}
    resv = active_reservations(pyslurm.Reservations.load().values())
    assert set(inv) == set(nodes)
    for name, node in nodes.items():
        rec = inv[name]
        assert rec["name"] == name
        assert rec["states"] == (node.base_state, *node.state_flags)
        assert rec["cpus"] == node.cpus and rec["mem"] == node.real_memory * 2**20
        assert rec["features"] == tuple(node.active_features)
        assert rec["partitions"] == tuple(p.name for p in parts if name in members[p.name])
        assert rec["reservations"] == tuple(r for r, names in resv.items() if name in names)
        expected = node_state_flags(rec["states"])
        if expected[0] and "CLOUD" in rec["states"] and node.slurmd_start_time is None \
                and not {"POWERED_DOWN", "POWERING_UP"} & set(rec["states"]):
            expected = (False, False)       # daemon-less: never started by Slurm
        assert (rec["up"], rec["available"]) == expected, (name, rec["states"])


def test_filter_uses_default_partition_and_reports(plugin, slurm_cluster):
    cloud = [n for n in plugin.inventory() if n not in slurm_cluster.node_names]
    kept, dropped = plugin.filter(plugin.validate({}))
    assert kept == ["c1", "c2", "c3", "c4"]
    for name in cloud:
        assert "default partition 'debug'" in dropped[name] or dropped[name] == "not up"
    kept, dropped = plugin.filter(plugin.validate({"partition": "half"}))
    assert kept == ["c1", "c2"]
    assert dropped["c3"] == "partition 'half' not in ['debug']"


def test_cloud_nodes_never_receive_jobs(plugin, slurm_cluster, tmp_path):
    cloud = [n for n in plugin.inventory() if n.startswith("x")]
    for cfg in ({}, {"nodes": "all"}, {"chunking": {"size": "2"}}, {"partition": "half"},
                {"nodes": "100%", "node_state": "available"}):
        svars = plugin.get_initial_vars(cfg)
        assert not set(svars["node_list"]) & set(cloud), cfg
    if not cloud:
        skip_or_fail("cluster has no daemon-less CLOUD nodes (start it with --extra-nodes, "
                     "or PYSLURM_CLUSTER_EXTRA_NODES=20 for the fixture)")
    # asking for the cloud partition explicitly: they are powered down (or,
    # on a fresh 24.11+ cluster, IDLE+CLOUD with no slurmd ever registered),
    # so never available; scheduling fails before anything is submitted
    cfg = {"partition": "cloud", "node_state": "available"}
    assert plugin.get_initial_vars(cfg)["node_list"] == []
    kept, dropped = plugin.filter(plugin.validate(cfg))
    assert set(dropped[n] for n in cloud) <= {"not up", "not available"}
    with pytest.raises(SchedulerPluginError, match="insufficient nodes"):
        plugin.schedule_tests([TestSpec("c", "cloud", cfg, "true")], tmp_path)
    assert plugin._tracked == {}


# --------------------------------------------------------------------------- kickoff

def test_chunks_run_on_exactly_the_chosen_nodes(plugin, tmp_path):
    cfg = {"nodes": "2", "chunking": {"size": "2"}, "share_allocation": "false"}
    svars = plugin.get_initial_vars(cfg)
    assert svars["chunk_ids"] == [0, 1]
    chunks = plugin.chunk_store.get_chunks(svars["node_list_id"], plugin.validate(cfg))
    tests = [TestSpec(f"t{i}", f"chunk{i}", cfg, where_cmd(tmp_path / f"out{i}"), chunk=i)
             for i in range(2)]
    infos = plugin.schedule_tests(tests, tmp_path)
    for i in range(2):
        info = infos[f"t{i}"]
        assert info["sys_name"] == info["cluster"] == pyslurm.slurmctld.local_cluster_name()
        json.dumps(info)                       # job infos are serialisable
        status = wait_for(plugin, info, finished)
        assert status.state == SCHED_RUNNING and "COMPLETED" in status.note
        batch, host, alloc, all_hosts = ran_on(tmp_path / f"out{i}")
        assert alloc == chunks[i] and all_hosts == chunks[i]
        assert batch == host == chunks[i][0]


def test_shared_and_individual_jobs_on_one_chunk(plugin, tmp_path):
    shared = {"nodes": "1", "chunking": {"size": "4"}}
    indi = {"nodes": "2", "chunking": {"size": "4"}, "share_allocation": "false"}
    tests = [TestSpec("s1", "s1", shared, where_cmd(tmp_path / "s1"), chunk=0),
             TestSpec("s2", "s2", shared, where_cmd(tmp_path / "s2"), chunk=0),
             TestSpec("i1", "i1", indi, where_cmd(tmp_path / "i1"), chunk=0),
             TestSpec("i2", "i2", indi, where_cmd(tmp_path / "i2"), chunk=0)]
    infos = plugin.schedule_tests(tests, tmp_path)
    assert infos["s1"]["id"] == infos["s2"]["id"]
    assert len({infos[t]["id"] for t in infos}) == 3
    for tid in infos:
        wait_for(plugin, infos[tid], finished)
    assert ran_on(tmp_path / "s1")[2] == ran_on(tmp_path / "s2")[2] == ["c1"]
    nodes_i1, nodes_i2 = ran_on(tmp_path / "i1")[3], ran_on(tmp_path / "i2")[3]
    assert sorted(nodes_i1 + nodes_i2) == ["c1", "c2", "c3", "c4"]    # dealt, no overlap


def test_flex_job_in_partition_and_final_vars(plugin, tmp_path):
    """A flex job (Slurm picks the nodes) in 'half'; inside the allocation the
    plugin finds its nodes from SLURM_JOB_NODELIST (get_final_vars)."""
    cfg = {"nodes": "2", "partition": "half", "tasks_per_node": "25%"}
    out = tmp_path / "vars.json"
    code = ("import json, sys; from pyslurm.schedulers import Slurm; "
            "v = Slurm().get_final_vars({'nodes': '2', 'partition': 'half', "
            "'tasks_per_node': '25%'}); "
            f"json.dump({{k: v[k] for k in ('test_node_list', 'tasks_total', 'test_cmd', "
            f"'test_min_cpus')}}, open({str(out)!r}, 'w'))")
    cmd = f"PYTHONPATH={REPO} {sys.executable} -c \"{code}\""
    info = plugin.schedule_tests([TestSpec("f", "flex", cfg, cmd)], tmp_path)["f"]
    status = wait_for(plugin, info, finished)
    assert "COMPLETED" in status.note, (status, (Path(info["job_dir"]) / "kickoff.log")
                                        .read_text())
    got = json.loads(out.read_text())
    assert got["test_node_list"] == ["c1", "c2"]
    assert got["tasks_total"] == 2 and got["test_min_cpus"] == 4
    assert got["test_cmd"] == "srun -N 2 -w c[1-2] -n 2"
    job = pyslurm.Job.load(int(info["id"]))
    assert job.partition == "half" and job.ntasks_per_node == 1


def test_submission_carries_exactly_the_header(plugin, tmp_path):
    cfg = {"nodes": "2", "chunking": {"size": "3"}, "share_allocation": "false",
           "tasks_per_node": "2", "time_limit": "2", "exclude_nodes": "c4",
           "slurm": {"sbatch_extra": ["--hold", "--comment=from-extra"]}}
    info = plugin.schedule_tests([TestSpec("h", "header", cfg, "true", chunk=0)],
                                 tmp_path)["h"]
    script = (Path(info["job_dir"]) / "kickoff.sh").read_text()
    header = [ln for ln in script.splitlines() if ln.startswith("#SBATCH")]
    assert header[-2:] == ["#SBATCH --hold", "#SBATCH --comment=from-extra"]
    # what was submitted = what the header says, option by option
    rendered = {k: pyslurm.JobSubmitDescription(**{k: v}).to_dict()[k]
                for k, v in parse_sbatch_lines(script).items()}
    settings = plugin.KICKOFF_SCRIPT_HEADER_CLASS(
        info["name"], plugin.validate(cfg),
        nodes=["c1", "c2"], node_data=plugin.inventory()).settings()
    submitted = {k: pyslurm.JobSubmitDescription(**{k: v}).to_dict()[k]
                 for k, v in submit_options(settings).items()}
    assert rendered == submitted
    job = pyslurm.Job.load(int(info["id"]))
    assert job.name == info["name"] and job.time_limit == 120
    assert job.required_nodes == "c[1-2]" and job.num_nodes == 2
    assert job.ntasks_per_node == 2 and job.comment == "from-extra"
    assert job.state == "PENDING"
    plugin.cancel(info)


def test_bad_sbatch_extra_is_named(plugin, tmp_path):
    cfg = {"slurm": {"sbatch_extra": ["--no-such-option=1"]}}
    with pytest.raises(SchedulerPluginError, match="sbatch_extra line '--no-such-option=1'"):
        plugin.schedule_tests([TestSpec("b", "bad", cfg, "true")], tmp_path)


# ------------------------------------------------------------------ Pavilion's current keys

def test_tasks_alone_lets_slurm_size_the_job(plugin, tmp_path):
    """schedule.tasks without nodes: the job asks for 6 tasks and no node
    count; Slurm places them on the 4-CPU nodes (at least two), srun starts
    six tasks there, and the final variables inside the allocation say so."""
    out, got_vars = tmp_path / "tasks.out", tmp_path / "vars.json"
    code = ("import json; from pyslurm.schedulers import Slurm; "
            "v = Slurm().get_final_vars({'tasks': '6'}); "
            f"json.dump({{k: v[k] for k in ('tasks_total', 'test_cmd', 'test_node_list', "
            f"'partition', 'chunk_size')}}, open({str(got_vars)!r}, 'w'))")
    cmd = (f"srun hostname > {out}; "
           f"PYTHONPATH={REPO} {sys.executable} -c \"{code}\"")
    info = plugin.schedule_tests([TestSpec("tk", "tasks", {"tasks": "6"}, cmd)],
                                 tmp_path)["tk"]
    script = (Path(info["job_dir"]) / "kickoff.sh").read_text()
    sbatch = parse_sbatch_lines(script)
    assert sbatch["ntasks"] == "6" and "nodes" not in sbatch
    assert "ntasks_per_node" not in sbatch
    status = wait_for(plugin, info, finished)
    assert "COMPLETED" in status.note, (status, (Path(info["job_dir"]) / "kickoff.log")
                                        .read_text())
    job = pyslurm.Job.load(int(info["id"]))
    alloc = parse_node_list(job.allocated_nodes)
    assert job.ntasks == 6 and job.num_nodes == len(alloc) >= 2
    hosts = [h for h in out.read_text().split() if h]
    assert len(hosts) == 6 and set(hosts) == set(alloc)
    got = json.loads(got_vars.read_text())
    assert got["tasks_total"] == 6 and got["test_node_list"] == alloc
    assert got["test_cmd"] == f"srun -N {len(alloc)} -w {compress_node_list(alloc)} -n 6"
    assert got["partition"] == "" and got["chunk_size"] == ""


@pytest.mark.parametrize("raw, ntasks, nodes, per_node", [
    ({"tasks": "3", "nodes": "2", "tasks_per_node": "2"}, 3, 2, 2),
    ({"tasks": "2", "min_nodes": "2"}, 2, 2, None),
])
def test_tasks_with_node_counts_recorded(plugin, tmp_path, raw, ntasks, nodes, per_node):
    """What Slurm records for tasks next to nodes / min_nodes (held jobs)."""
    cfg = dict(raw, slurm={"sbatch_extra": ["--hold"]})
    info = plugin.schedule_tests([TestSpec("tn", "tasks_nodes", cfg, "true")],
                                 tmp_path)["tn"]
    try:
        job = pyslurm.Job.load(int(info["id"]))
        assert job.state == "PENDING"
        assert job.ntasks == ntasks and job.num_nodes == nodes
        if per_node is not None:
            assert job.ntasks_per_node == per_node
    finally:
        plugin.cancel(info)


def test_core_spec_recorded(plugin, tmp_path):
    assert pyslurm.slurmctld.Config.load().allow_spec_resources_usage
    cfg = {"tasks": "2", "core_spec": "1", "slurm": {"sbatch_extra": ["--hold"]}}
    info = plugin.schedule_tests([TestSpec("cs", "corespec", cfg, "true")], tmp_path)["cs"]
    try:
        script = (Path(info["job_dir"]) / "kickoff.sh").read_text()
        assert "#SBATCH --core-spec 1" in script.splitlines()
        job = pyslurm.Job.load(int(info["id"]))
        assert job.cores_reserved_for_system == 1 and job.ntasks == 2
    finally:
        plugin.cancel(info)


# --------------------------------------------------------------------------- status

def test_status_through_every_mapped_state(plugin, tmp_path):
    held = {"slurm": {"sbatch_extra": ["--hold"]}}
    run = [TestSpec("held", "held", held, "sleep 2"),
           TestSpec("fail", "fail", {}, "exit 3"),
           TestSpec("long", "long", {}, "sleep 300"),
           TestSpec("pend", "pend", held, "true")]
    infos = plugin.schedule_tests(run, tmp_path)
    calls = plugin.refresh_calls

    # pending (held)
    status = plugin.job_status(infos["held"])
    assert status.state == SCHEDULED and "PENDING" in status.note and "Held" in status.note
    # one refresh answered for every tracked job
    assert plugin.refresh_calls == calls + 1
    assert {i: plugin._job_statuses[infos[i]["id"]].state for i in infos}["pend"] \
        == SCHEDULED

    # failed exit code
    status = wait_for(plugin, infos["fail"], finished)
    assert status.state == SCHED_ERROR and "FAILED" in status.note
    assert "exit code 3" in status.note

    # running, then completed
    pyslurm.Job(int(infos["held"]["id"])).release()
    status = wait_for(plugin, infos["held"], lambda s: s.state != SCHEDULED)
    assert status.state == SCHED_RUNNING and "RUNNING" in status.note
    status = wait_for(plugin, infos["held"], finished)
    assert status.state == SCHED_RUNNING and "COMPLETED" in status.note

    # cancelled while running, and while pending
    wait_for(plugin, infos["long"], lambda s: "RUNNING" in s.note)
    assert plugin.cancel(infos["long"]) is None
    status = wait_for(plugin, infos["long"], lambda s: s.state != SCHED_RUNNING)
    assert status.state == SCHED_CANCELLED and "CANCELLED" in status.note
    assert plugin.cancel(infos["pend"]) is None
    status = plugin.job_status(infos["pend"])
    assert status.state == SCHED_CANCELLED
    assert slurm_state(infos["pend"]) == "CANCELLED"
    # cancelling a finished job is not an error
    assert plugin.cancel(infos["fail"]) is None

    # a job the controller no longer knows (purged): unknown
    gone = {"id": "999999", "sys_name": infos["fail"]["sys_name"],
            "cluster": infos["fail"]["cluster"]}
    status = plugin.job_status(gone)
    assert status.state == UNKNOWN and "999999" in status.note
    # a job of another cluster is not looked up here, nor cancelled
    other = {"id": infos["fail"]["id"], "sys_name": "elsewhere", "cluster": "elsewhere"}
    plugin.untrack(infos["fail"])
    assert plugin.job_status(other).state == UNKNOWN
    assert "elsewhere" in plugin.cancel(other)
    # an id that names no Slurm job; tracked again with its job number, the
    # same id is looked up anew
    here = infos["pend"]["cluster"]
    status = plugin.job_status({"id": "abc", "cluster": here})
    assert status.state == UNKNOWN and "'abc' is not a Slurm job id" in status.note
    plugin.untrack({"id": "abc"})
    plugin.track({"id": "abc", "job_id": int(infos["pend"]["id"]), "cluster": here})
    assert plugin.job_status({"id": "abc"}).state == SCHED_CANCELLED


def test_one_rpc_refreshes_every_tracked_job(plugin, tmp_path, monkeypatch):
    held = {"slurm": {"sbatch_extra": ["--hold"]}}
    infos = plugin.schedule_tests([TestSpec(f"j{i}", f"j{i}", held, "true") for i in range(6)],
                                  tmp_path)
    loads = []
    real = pyslurm.Jobs.load_fields      # the plugin's one job RPC (slurm_load_jobs)
    monkeypatch.setattr(pyslurm.Jobs, "load_fields",
                        classmethod(lambda cls, *a, **k: loads.append(1) or real(*a, **k)))
    plugin.JOB_STATUS_TIMEOUT = 60.0
    states = [plugin.job_status(info).state for info in infos.values()]
    assert states == [SCHEDULED] * 6 and len(loads) == 1
    for info in infos.values():
        plugin.cancel(info)


# --------------------------------------------------------------------------- reservation

@pytest.fixture
def reservation(slurm_cluster):
    name = "pyslurm_sched_test"
    env = {**os.environ, "SLURM_CONF": slurm_cluster.conf}
    subprocess.run(["scontrol", "delete", f"ReservationName={name}"], env=env,
                   capture_output=True, check=False)
    res = subprocess.run(["scontrol", "create", "reservation", f"ReservationName={name}",
                          "Nodes=c4", "StartTime=now", "Duration=10", "Users=root",
                          "Flags=IGNORE_JOBS"], env=env, capture_output=True, text=True,
                         check=False)
    if res.returncode != 0:
        skip_or_fail(f"cannot create a reservation: {res.stderr.strip()}")
    yield name
    subprocess.run(["scontrol", "delete", f"ReservationName={name}"], env=env,
                   capture_output=True, check=False)


def test_reservation_nodes(plugin, reservation, tmp_path):
    inv = plugin.inventory()
    if reservation not in inv["c4"]["reservations"]:
        skip_or_fail("this pyslurm has no Reservations and this Slurm's nodes do not "
                    "name their reservation (22.05)")
    kept, dropped = plugin.filter(plugin.validate({}))
    assert "c4" not in kept and reservation in dropped["c4"]
    cfg = {"reservation": reservation, "nodes": "all", "chunking": {"size": "1"}}
    assert plugin.get_initial_vars(cfg)["node_list"] == ["c4"]
    info = plugin.schedule_tests([TestSpec("r", "resv", cfg, where_cmd(tmp_path / "r"),
                                           chunk=0)], tmp_path)["r"]
    status = wait_for(plugin, info, finished)
    assert "COMPLETED" in status.note
    assert ran_on(tmp_path / "r")[2] == ["c4"]
    assert pyslurm.Job.load(int(info["id"])).reservation == reservation
    assert plugin.get_initial_vars({"reservation": "any"})["node_list"] == \
        ["c1", "c2", "c3", "c4"]


# --------------------------------------------------------------------------- timeout

def test_timeout_is_an_error(timeout_job):
    """TIMEOUT (a 1-minute limit through sbatch_extra) maps to SCHED_ERROR, also
    while the job is still completing. The job was submitted before the other
    tests (see ``timeout_job``); Slurm checks limits every 30 s, so it ends
    60-100 s after it started. Skipped, not renamed, if that takes too long."""
    plugin, info, started = timeout_job
    budget = 150 - (time.time() - started)
    try:
        status = wait_for(plugin, info, lambda s: s.state != SCHED_RUNNING,
                          timeout=max(budget, 1), step=1.0)
    except AssertionError as err:
        skip_or_fail(f"Slurm did not time the job out within 150 s: {err}")
    assert status.state == SCHED_ERROR and "TIMEOUT" in status.note


def test_unchanged_job_keeps_its_status(plugin, tmp_path):
    held = {"slurm": {"sbatch_extra": ["--hold"]}}
    info = plugin.schedule_tests([TestSpec("keep", "keep", held, "true")], tmp_path)["keep"]
    plugin.JOB_STATUS_TIMEOUT = 0.0
    first = plugin.job_status(info)
    time.sleep(0.05)
    again = plugin.job_status(info)
    # the same record: the same status object, observed since the first refresh
    assert again is first and again.when == first.when
    pyslurm.Job(int(info["id"])).hold()          # user hold -> admin hold: a new reason
    changed = wait_for(plugin, info, lambda s: s is not first, timeout=20)
    assert changed.state == SCHEDULED and changed.when > first.when
    assert "JobHeldAdmin" in changed.note and "JobHeldUser" in first.note
    plugin.cancel(info)
