"""Upstream pyslurm's (25.11) Node and Partition behaviour on pyslurm,
against the real cluster and scontrol: each test is one upstream behaviour,
and our own names keep working next to it."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm import Node, Nodes, Partition, Partitions

TEST_PART = "pyslurmcompat"


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True,
                          env={**os.environ}).stdout


def scontrol(kind):
    """``scontrol -o show <kind>`` as {name: {key: value}}."""
    out = {}
    for line in run("scontrol", "-o", "show", kind).splitlines():
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if fields:
            out[next(iter(fields.values()))] = fields
    return out


def wait_responding(names, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if not any(Node.load(n).state_string.endswith("*") for n in names):
            return
        time.sleep(0.5)


@pytest.fixture(scope="module", autouse=True)
def _jobs_done_at_the_end(slurm_cluster):
    """The next module's tests find no job of these still completing."""
    yield
    end = time.monotonic() + 60
    while time.monotonic() < end and run("squeue", "-h", "-t", "CG", "-o", "%i").strip():
        time.sleep(0.5)


@pytest.fixture
def spare_node(slurm_cluster):
    """The last node of the cluster; resumed and its features restored
    afterwards."""
    name = slurm_cluster.node_names[-1]
    features = Node.load(name).features
    yield name
    subprocess.run(["scontrol", "update", f"nodename={name}", "state=resume"],
                   capture_output=True)
    subprocess.run(["scontrol", "update", f"nodename={name}",
                    f"features={','.join(features)}"], capture_output=True)
    wait_responding([name])


@pytest.fixture
def running_job(slurm_cluster, submit):
    """(node, job id) of a running 1-CPU, 100 MiB job on the first node."""
    node = slurm_cluster.node_names[0]
    job_id = submit(script="#!/bin/sh\nsleep 300\n", required_nodes=node, ntasks=1,
                    memory_per_node=100)
    end = time.time() + 60
    while pyslurm.Job.load(job_id).state != "RUNNING":
        assert time.time() < end, f"job {job_id} did not start"
        time.sleep(0.3)
    yield node, job_id
    pyslurm.Job(job_id).cancel()
    end = time.time() + 60
    while Node.load(node).alloc_cpus and time.time() < end:
        time.sleep(0.3)


@pytest.fixture
def test_partition(slurm_cluster):
    subprocess.run(["scontrol", "delete", f"partition={TEST_PART}"], capture_output=True)
    yield TEST_PART
    subprocess.run(["scontrol", "delete", f"partition={TEST_PART}"], capture_output=True)


def test_state_is_the_complete_state_scontrol_prints(slurm_cluster):
    # a job of an earlier test may still be completing: compare two loads
    # between which no node changed state
    deadline = time.monotonic() + 60
    while True:
        nodes = Nodes.load()
        shown = scontrol("node")
        again = Nodes.load()
        if {n: x.state for n, x in nodes.items()} == {n: x.state for n, x in again.items()}:
            break
        assert time.monotonic() < deadline, "node states kept changing for 60 s"
        time.sleep(0.5)
    assert set(nodes) == set(shown)
    for name, node in nodes.items():
        # "IDLE", "IDLE+CLOUD+POWERED_DOWN", "DOWN+CLOUD+POWERED_DOWN", ...
        assert node.state == shown[name]["State"], name
        assert node.state.split("+")[0] == node.base_state == node.states[0]
    assert any("+" in n.state for n in nodes.values())      # the CLOUD extras
    rows = Nodes.load_fields(["name", "state", "base_state"])
    assert {r["name"]: (r["state"], r["base_state"]) for r in rows} == {
        n: (node.state, node.base_state) for n, node in nodes.items()}


def test_drained_node_reads_base_state_plus_drain(spare_node):
    Node(spare_node).modify(state="DRAIN", reason="pyslurm compat test")
    node = Node.load(spare_node)
    # "IDLE+DRAIN" ("MIXED+DRAIN" while a job of another test still runs there)
    assert node.state.split("+")[:2] == [node.base_state, "DRAIN"]       # (+PLANNED)
    assert node.state == scontrol("node")[spare_node]["State"]
    assert node.base_state in ("IDLE", "MIXED", "ALLOCATED")   # what Node.state was before
    assert node.state_flags[0] == "DRAIN" and node.state_flags[1] in ("DRAINED", "DRAINING")
    assert node.state_string in ("drained", "draining")
    live = Nodes.load().filter(name=[spare_node])
    assert live.state_counts(by="state") == {node.state: 1}
    assert live.state_counts(by="base_state") == {node.base_state: 1}


# (upstream name, ours)
ALIASES = [
    ("architecture", "arch"), ("slurm_version", "version"), ("operating_system", "os"),
    ("total_cpus", "cpus"), ("allocated_memory", "alloc_memory"),
    ("allocated_cpus", "alloc_cpus"), ("memory_reserved_for_system", "specialized_memory"),
    ("cores_reserved_for_system", "specialized_cores"), ("temporary_disk", "tmp_disk"),
    ("slurmd_port", "port"), ("last_busy_time", "last_busy"),
    ("available_features", "features"),
]


def test_upstream_attribute_names_are_aliases(slurm_cluster):
    nodes = Nodes.load()
    node = nodes[slurm_cluster.node_names[0]]
    assert node.architecture and node.slurm_version == pyslurm.slurm_version()
    for upstream, ours in ALIASES:
        for n in nodes.values():
            assert getattr(n, upstream) == getattr(n, ours), (n.name, upstream)
    d = node.to_dict()
    assert not {u for u, _ in ALIASES} & set(d)        # to_dict keeps our names
    assert {o for _, o in ALIASES} <= set(d)
    rows = Nodes.load_fields([u for u, _ in ALIASES])
    assert rows == [{u: getattr(n, o) for u, o in ALIASES} for n in nodes.values()]
    assert nodes.allocated_cpus == nodes.alloc_cpus and nodes.total_cpus == sum(
        n.cpus for n in nodes.values())


def test_allocated_and_idle_memory_and_tres(running_job):
    name, _ = running_job
    node = Node.load(name)
    # (jobs of other tests may share the node: at least this job's share)
    assert node.allocated_memory == node.alloc_memory >= 100
    assert node.allocated_cpus == node.alloc_cpus >= 1
    assert node.idle_memory == node.real_memory - node.alloc_memory
    assert node.allocated_tres["cpu"] == node.alloc_cpus
    assert node.allocated_tres["mem"].endswith(("M", "G"))         # as Slurm prints it
    assert node.allocated_tres == {k: int(v) if v.isdigit() else v for k, v in
                                   (i.split("=") for i in node.alloc_tres.split(","))}
    assert node.configured_gres == {k: v["count"] for k, v in node.gres.items()}
    nodes = Nodes.load()
    assert nodes.allocated_memory == nodes.alloc_memory >= 100
    assert nodes.allocated_cpus == nodes.alloc_cpus >= 1
    assert nodes.idle_memory == sum(n.idle_memory for n in nodes.values())


def test_available_features_is_accepted_for_modify(spare_node):
    Node(spare_node).modify(Node(available_features=["compat", "x86"]))
    node = Node.load(spare_node)
    assert node.available_features == node.features == ["compat", "x86"]
    assert scontrol("node")[spare_node]["AvailableFeatures"] == "compat,x86"
    with pytest.raises(ValueError, match="available_features|features"):
        Node(spare_node, available_features=42)


def test_partition_time_limits_take_slurm_time_strings(slurm_cluster, test_partition):
    nodes = slurm_cluster.node_names[-2:]
    Partition(test_partition, nodes=nodes, default_time="20-00:00:00", max_time="UNLIMITED",
              preemption_grace_time="5:00").create()
    p = Partitions.load()[test_partition]
    assert p.default_time == 20 * 24 * 60 and p.max_time == pyslurm.UNLIMITED
    assert p.grace_time == p.preemption_grace_time == 300
    s = scontrol("partition")[test_partition]
    assert (s["DefaultTime"], s["MaxTime"], s["GraceTime"]) == (
        "20-00:00:00", "UNLIMITED", "300")
    Partition(test_partition).modify(max_time="1-00:00:00", default_time="90",
                                     grace_time="120")
    p = Partition.load(test_partition)
    assert (p.max_time, p.default_time, p.grace_time) == (1440, 90, 120)
    Partition(test_partition).modify(max_time=pyslurm.UNLIMITED, default_time="1:30:00")
    p = Partition.load(test_partition)
    assert (p.max_time, p.default_time) == (pyslurm.UNLIMITED, 90)
    assert scontrol("partition")[test_partition]["DefaultTime"] == "01:30:00"
    for field, bad in (("default_time", "20 days"), ("max_time", "-5"),
                       ("grace_time", "UNLIMITED")):
        with pytest.raises(ValueError, match=field):
            Partition(test_partition, **{field: bad})


def test_partition_attributes_upstream_has(slurm_cluster, test_partition):
    nodes = slurm_cluster.node_names[-2:]
    run("scontrol", "create", f"partition={test_partition}", f"nodes={','.join(nodes)}",
        "CpuBind=cores", "ExclusiveUser=YES", "LLN=YES", f"AllocNodes={nodes[0]}")
    p = Partitions.load()[test_partition]
    s = scontrol("partition")[test_partition]
    assert p.cpu_binding == s["CpuBind"] == "cores"
    assert p.is_user_exclusive is p.exclusive_user is True
    assert s.get("ExclusiveUser", "YES") == "YES"       # 26.05's scontrol leaves it out
    assert p.least_loaded_nodes_scheduling is p.least_loaded_nodes is True
    assert p.allowed_submit_nodes == p.allowed_alloc_nodes == [nodes[0]] == [s["AllocNodes"]]
    # JobDefaults (DefCpuPerGPU, DefMemPerGPU) come from slurm.conf only; none here
    assert s["JobDefaults"] == "(null)"
    assert p.default_cpus_per_gpu is None and p.default_memory_per_gpu is None
    assert p.power_down_on_idle is (s.get("PowerDownOnIdle") == "YES")
    if "MaxCPUsPerSocket" in s:                                    # 24.11+
        assert s["MaxCPUsPerSocket"] == "UNLIMITED" and p.max_cpus_per_socket == pyslurm.UNLIMITED
    else:
        assert p.max_cpus_per_socket is None
    d = p.to_dict()
    assert not {"is_user_exclusive", "least_loaded_nodes_scheduling",
                "allowed_submit_nodes"} & set(d)
    assert {"cpu_binding", "max_cpus_per_socket", "default_cpus_per_gpu",
            "default_memory_per_gpu", "power_down_on_idle"} <= set(d)
    # upstream's names as keywords
    Partition(test_partition).modify(is_user_exclusive=False,
                                     least_loaded_nodes_scheduling=False)
    s = scontrol("partition")[test_partition]
    assert (s.get("ExclusiveUser", "NO"), s["LLN"]) == ("NO", "NO")
    p = Partition.load(test_partition)
    assert p.exclusive_user is False and p.least_loaded_nodes is False


def test_partitions_modify_and_total_nodes(slurm_cluster, test_partition):
    Partition(test_partition, nodes=slurm_cluster.node_names[-2:]).create()
    shown = scontrol("partition")
    parts = Partitions.load()
    assert parts.total_nodes == sum(int(s["TotalNodes"]) for s in shown.values())
    assert parts.total_cpus == sum(int(s["TotalCPUs"]) for s in shown.values())
    ours = Partitions([parts[test_partition]])
    ours.modify(Partition(max_time=45))
    ours.modify(priority_tier=3)
    s = scontrol("partition")[test_partition]
    assert (s["MaxTime"], s["PriorityTier"]) == ("00:45:00", "3")
    assert scontrol("partition")["debug"]["MaxTime"] == shown["debug"]["MaxTime"]
    with pytest.raises(ValueError, match="max_time"):
        ours.modify(max_time="soon")
    with pytest.raises(ValueError, match="no changes"):
        ours.modify()
