"""pyslurm.Node / pyslurm.Nodes against the real local cluster, checked
against sinfo and scontrol."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm.node import Node, Nodes
from pyslurm.testing import rss_kib


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True,
                          env={**os.environ}).stdout


def sinfo_nodes(fmt):
    """{node: value} from ``sinfo -N -o "%N|fmt"`` (one line per node)."""
    out = {}
    for line in run("sinfo", "-h", "-N", "-o", f"%N|{fmt}").splitlines():
        name, _, value = line.partition("|")
        out[name.strip()] = value.strip()
    return out


def wait_responding(names, timeout=30):
    """After a resume a node may read NOT_RESPONDING until the next ping."""
    end = time.time() + timeout
    while time.time() < end:
        states = sinfo_nodes("%T")
        if all(not states[n].endswith("*") for n in names):
            return
        time.sleep(0.5)


@pytest.fixture
def spare_nodes(slurm_cluster):
    """Two nodes of the default partition this test may change; resumed and
    cleaned afterwards."""
    names = slurm_cluster.node_names[-2:]
    yield names
    subprocess.run(["scontrol", "update", f"nodename={','.join(names)}", "state=resume"],
                   capture_output=True)
    subprocess.run(["scontrol", "update", f"nodename={','.join(names)}", "comment="],
                   capture_output=True)
    wait_responding(names)


@pytest.fixture
def one_cpu_job(slurm_cluster):
    """A running 1-CPU job on the first node; cancelled afterwards."""
    node = slurm_cluster.node_names[0]
    job = run("sbatch", "--parsable", "-w", node, "-n1", "--mem=100", "-o", "/dev/null",
              "--wrap", "sleep 300").strip().split(";")[0]
    try:
        end = time.time() + 60
        while time.time() < end:
            if run("squeue", "-h", "-j", job, "-o", "%T").strip() == "RUNNING":
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"job {job} did not start")
        yield node, job
    finally:
        subprocess.run(["scancel", job], capture_output=True)
        end = time.time() + 60
        while time.time() < end and run("squeue", "-h", "-j", job, "-o", "%T").strip():
            time.sleep(0.3)


def test_load_all_nodes_like_sinfo(slurm_cluster):
    nodes = Nodes.load()
    assert sorted(nodes.keys()) == sorted(sinfo_nodes("%T"))
    cpus = sinfo_nodes("%c")
    mem = sinfo_nodes("%m")
    for name, node in nodes.items():
        assert isinstance(node, Node)
        assert node.name == name
        assert node.cpus == int(cpus[name])
        assert node.real_memory == int(mem[name])
        assert node.cluster == nodes.local_cluster
    assert nodes.total_cpus == sum(int(c) for c in cpus.values())


def test_state_strings_match_sinfo(slurm_cluster):
    wait_responding(slurm_cluster.node_names)
    nodes = Nodes.load()
    states = sinfo_nodes("%T")
    assert {n.name: n.state_string for n in nodes.values()} == states


def test_partitions_match_sinfo(slurm_cluster):
    expected = {}
    for line in run("sinfo", "-h", "-N", "-o", "%N|%R").splitlines():
        name, _, part = line.partition("|")
        expected.setdefault(name, set()).add(part)
    nodes = Nodes.load()
    for name, parts in expected.items():
        assert set(nodes[name].partitions) == parts
        assert set(Node.load(name).partitions) == parts
    for part, members in slurm_cluster.partitions.items():
        for m in members:
            assert part in nodes[m].partitions


def test_load_single_and_unknown(slurm_cluster):
    name = slurm_cluster.node_names[0]
    node = Node.load(name)
    assert node.name == name and node.cpus == Nodes.load()[name].cpus
    with pytest.raises(pyslurm.NodeNotFoundError, match="nosuchnode"):
        Node.load("nosuchnode")


def test_attributes_match_scontrol(slurm_cluster):
    name = slurm_cluster.node_names[0]
    show = dict(kv.split("=", 1) for kv in run("scontrol", "-o", "show", "node", name).split()
                if "=" in kv)
    node = Node.load(name)
    assert node.effective_cpus == int(show["CPUEfctv"])
    assert node.alloc_cpus == int(show["CPUAlloc"])
    assert node.sockets == int(show["Sockets"])
    assert node.cores_per_socket == int(show["CoresPerSocket"])
    assert node.threads_per_core == int(show["ThreadsPerCore"])
    assert node.weight == int(show["Weight"])
    assert node.tmp_disk == int(show["TmpDisk"])
    assert node.address == show["NodeAddr"] and node.hostname == show["NodeHostName"]
    assert node.version == show["Version"] and node.arch == show["Arch"]
    assert node.tres == show["CfgTRES"]
    assert node.states[0] == show["State"].split("+")[0]
    for attr, key in (("features_string", "AvailableFeatures"),
                      ("active_features_string", "ActiveFeatures")):
        shown = show.get(key)
        assert getattr(node, attr) == (None if shown in (None, "", "(null)") else shown)


def test_zero_unset_and_types(slurm_cluster):
    node = Node.load(slurm_cluster.node_names[0])
    # zero stays 0 (the predecessor read 0 as None), unset is None
    assert node.tmp_disk == 0
    assert node.specialized_cores == 0
    assert node.owner is None
    d = node.to_dict()
    assert d["name"] == node.name
    def walk(v):
        assert not isinstance(v, bytes)
        if isinstance(v, dict):
            for k, x in v.items():
                assert isinstance(k, str)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(d)
    assert set(d) >= {"state", "state_flags", "state_string", "alloc_cpus",
                      "idle_cpus", "real_memory", "alloc_memory", "free_memory",
                      "partitions", "features", "active_features", "gres",
                      "gres_used", "boot_time", "slurmd_start_time", "cpu_load",
                      "reason", "reason_user", "reason_time", "next_state"}


def test_mixed_node_is_not_allocated(slurm_cluster, one_cpu_job):
    node_name, _ = one_cpu_job
    node = Node.load(node_name)
    # the predecessor read a MIXED node as ALLOCATED
    assert node.base_state == "MIXED"
    # "+PLANNED": backfill may have planned a pending job of an earlier test here
    assert node.state in ("MIXED", "MIXED+PLANNED")
    assert node.states == ("MIXED", *node.state_flags)
    assert Nodes.load()[node_name].states is node.states    # one tuple per state
    # "mixed-": backfill has also planned a pending job of an earlier test here
    assert node.state_string == sinfo_nodes("%T")[node_name]
    assert node.state_string in ("mixed", "mixed-")
    assert node.alloc_cpus == 1
    assert node.idle_cpus == node.effective_cpus - 1
    assert node.alloc_memory == 100
    assert "cpu=1" in node.alloc_tres
    nodes = Nodes.load()
    assert nodes.alloc_cpus == 1
    assert nodes.idle_cpus == nodes.effective_cpus - 1
    assert nodes.state_counts(by="state")["MIXED"] == 1


def test_drain_and_resume(slurm_cluster, spare_nodes):
    name = spare_nodes[0]
    Node(name).modify(Node(state="DRAIN", reason="pyslurm test: drain"))
    node = Nodes.load()[name]
    # state is the whole (as upstream pyslurm and scontrol), base_state the base
    assert node.base_state == "IDLE" and node.state.startswith("IDLE+DRAIN")   # (+PLANNED)
    assert "DRAIN" in node.state_flags and "DRAINED" in node.state_flags
    assert node.states == (node.base_state, *node.state_flags)
    # scontrol joins them with "+"
    shown = dict(kv.split("=", 1) for kv in run("scontrol", "-o", "show", "node", name).split()
                 if "=" in kv)["State"]
    assert node.state == shown
    assert set(node.states) >= {"IDLE", "DRAIN"} and set(shown.split("+")) >= {"IDLE", "DRAIN"}
    assert node.state_string == sinfo_nodes("%T")[name] == "drained"
    assert node.reason == "pyslurm test: drain"
    assert node.reason_user is not None and node.reason_time is not None
    live = Nodes.load().filter(name=list(slurm_cluster.node_names))   # not the CLOUD extras
    assert live.state_counts()["drained"] == 1
    Node(name).modify(state="RESUME")
    wait_responding([name])
    node = Node.load(name)
    # (22.05 and 26.05 clear the reason on resume; 24.11 keeps it)
    assert "DRAIN" not in node.state_flags
    assert node.state_string == sinfo_nodes("%T")[name]
    assert node.state_string in ("idle", "planned")   # planned: see above


def test_down_then_resume(slurm_cluster, spare_nodes):
    name = spare_nodes[0]
    Node(name).modify(state="DOWN", reason="pyslurm test: down")
    node = Node.load(name)
    assert node.base_state == "DOWN" and node.state.split("+")[0] == "DOWN"
    assert node.state_string == sinfo_nodes("%T")[name]
    Node(name).modify(state="RESUME")


def test_modify_many_in_one_rpc_and_clear_with_empty_string(slurm_cluster, spare_nodes):
    Nodes(spare_nodes).modify(comment="pyslurm comment", weight=7, extra="x=1")
    nodes = Nodes.load()
    for name in spare_nodes:
        assert nodes[name].comment == "pyslurm comment"
        assert nodes[name].weight == 7
        assert nodes[name].extra == "x=1"
    # an empty string clears (the predecessor could not)
    Nodes(spare_nodes).modify(comment="", extra="", weight=1)
    nodes = Nodes.load()
    for name in spare_nodes:
        assert nodes[name].comment is None and nodes[name].extra is None
        assert nodes[name].weight == 1


def test_features(slurm_cluster, spare_nodes):
    name = spare_nodes[0]
    Node(name).modify(features=["fa", "fb"], active_features="fa,fb")
    node = Node.load(name)
    assert node.features == ["fa", "fb"] and node.active_features == ["fa", "fb"]
    assert node.features_string == node.active_features_string == "fa,fb"
    rows = Nodes.load_fields(["name", "active_features_string"], as_tuples=True)
    assert (name, "fa,fb") in rows
    Node(name).modify(features=[], active_features=[])
    node = Node.load(name)
    assert node.features == [] and node.features_string is None
    assert node.active_features_string is None


def test_drain_many_at_once(slurm_cluster, spare_nodes):
    Nodes(spare_nodes).modify(Node(state="DRAIN", reason="pyslurm test: rack"))
    states = sinfo_nodes("%T")
    nodes = Nodes.load()
    for name in spare_nodes:
        assert "DRAINED" in nodes[name].state_flags
        assert states[name] == "drained"


def test_invalid_input_fails_before_any_rpc(slurm_cluster, spare_nodes):
    name = spare_nodes[0]
    before = Node.load(name).to_dict()
    with pytest.raises(ValueError, match="state 'BOGUS'"):
        Node(name).modify(state="BOGUS")
    with pytest.raises(ValueError, match="needs a reason"):
        Node(name).modify(state="DRAIN")
    with pytest.raises(ValueError, match="weight"):
        Node(name).modify(weight=-1)
    with pytest.raises(ValueError, match="'colour'"):
        Node(name).modify(colour="red")
    with pytest.raises(ValueError):
        Node(name).modify(comment="x", reason="")
    # an unknown node among several: nothing is changed
    with pytest.raises(pyslurm.NodeNotFoundError, match="nosuchnode"):
        Nodes([name, "nosuchnode"]).modify(comment="should not be set")
    after = Node.load(name).to_dict()
    assert after["comment"] == before["comment"] and after["state_flags"] == before["state_flags"]


def test_rejected_rpc_raises_rpc_error(slurm_cluster, spare_nodes):
    with pytest.raises(pyslurm.RPCError):
        # active features must be a subset of the available ones
        Node(spare_nodes[0]).modify(features=["fa"], active_features=["zz"])


def test_no_change_since_last_load(slurm_cluster, spare_nodes):
    wait_responding(slurm_cluster.node_names)
    nodes = Nodes.load()
    assert nodes.last_update
    end = time.time() + 30
    # nodes that just resumed may still change (pings): wait for calm
    while Nodes.load(update_time=nodes.last_update) is not None:
        assert time.time() < end, "the nodes keep changing"
        time.sleep(0.5)
        nodes = Nodes.load()
    assert nodes.refresh() is False
    assert nodes[spare_nodes[0]].comment != "changed"
    time.sleep(1.1)     # Slurm's update times have a one-second granularity
    Node(spare_nodes[0]).modify(comment="changed")
    assert nodes.refresh() is True
    assert nodes[spare_nodes[0]].comment == "changed"


def test_nodes_outlive_their_collection(slurm_cluster):
    # nodes borrow the message; it is freed once, after the last one goes
    node = Nodes.load()[slurm_cluster.node_names[0]]
    import gc
    gc.collect()
    assert node.name == slurm_cluster.node_names[0]
    for _ in range(200):
        Nodes.load().to_dict()


def test_no_leak_loading_nodes_and_partitions(slurm_cluster):
    from pyslurm.partition import Partitions

    def step():
        nodes = Nodes.load()
        nodes.to_dict()          # also fills partitions and alloc TRES
        Partitions.load().to_dict()
        return nodes             # two messages alive at once, as in real use

    keep = None
    for _ in range(300):         # warm up: the heap reaches its high-water mark
        keep = step()
    sizes = [rss_kib()]
    for _ in range(3):
        for _ in range(300):
            keep = step()
        sizes.append(rss_kib())
    growth = [b - a for a, b in zip(sizes, sizes[1:])]
    # a leak grows every window; fragmentation settles (KiB per 300 loads)
    assert keep is not None
    assert min(growth) < 512 and sum(growth) < 4096, growth
