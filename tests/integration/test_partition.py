"""pyslurm.Partition / pyslurm.Partitions against the real local cluster,
checked against scontrol."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm.node import Node
from pyslurm.partition import Partition, Partitions

TEST_PART = "pyslurmtest"


def scontrol_partitions():
    out = subprocess.run(["scontrol", "-o", "show", "partition"], capture_output=True,
                         text=True, check=True, env={**os.environ}).stdout
    parts = {}
    for line in out.splitlines():
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        parts[fields["PartitionName"]] = fields
    return parts


@pytest.fixture
def test_partition(slurm_cluster):
    """Deletes the test partition afterwards (and before, if a failed run
    left it)."""
    subprocess.run(["scontrol", "delete", f"partition={TEST_PART}"], capture_output=True)
    yield TEST_PART
    subprocess.run(["scontrol", "delete", f"partition={TEST_PART}"], capture_output=True)


def limit(text):
    return pyslurm.UNLIMITED if text == "UNLIMITED" else (None if text == "NONE" else int(text))


def test_load_matches_scontrol(slurm_cluster):
    parts = Partitions.load()
    show = scontrol_partitions()
    assert sorted(parts.keys()) == sorted(show)
    for name, p in parts.items():
        s = show[name]
        assert p.name == name and p.cluster == parts.local_cluster
        assert p.nodes == s["Nodes"]
        assert p.node_names == slurm_cluster.partitions[name]
        assert p.state == s["State"]
        assert p.total_cpus == int(s["TotalCPUs"]) and p.total_nodes == int(s["TotalNodes"])
        assert p.max_time == limit(s["MaxTime"])
        assert p.default_time == limit(s["DefaultTime"])
        assert p.max_nodes == limit(s["MaxNodes"])
        assert p.min_nodes == int(s["MinNodes"])
        assert p.priority_tier == int(s["PriorityTier"])
        assert p.priority_job_factor == int(s["PriorityJobFactor"])
        assert p.is_default == (s["Default"] == "YES")
        assert p.is_hidden == (s["Hidden"] == "YES")
        assert p.is_root_only == (s["RootOnly"] == "YES")
        # 26.05 prints Exclusive=NO|USER|TOPO instead of ExclusiveUser=NO|YES
        assert p.exclusive_user == (s.get("ExclusiveUser", s.get("Exclusive")) in ("YES", "USER"))
        assert p.oversubscribe == s["OverSubscribe"]
        assert p.preempt_mode == s["PreemptMode"]
        assert p.tres == s["TRES"]
        assert p.allowed_accounts == s["AllowAccounts"].split(",")
        assert p.allowed_groups == s["AllowGroups"].split(",")
        assert p.allowed_qos == s["AllowQos"].split(",")
        # the predecessor read ['ALL'] when nothing was denied
        assert "DenyAccounts" not in s and p.denied_accounts == []
        assert "DenyQos" not in s and p.denied_qos == []
        assert p.qos is None and s["QoS"] == "N/A"
    default = [p.name for p in parts.values() if p.is_default]
    assert default == [n for n, s in show.items() if s["Default"] == "YES"]


def test_unknown_partition(slurm_cluster):
    with pytest.raises(pyslurm.PartitionNotFoundError, match="nosuchpart"):
        Partition.load("nosuchpart")
    with pytest.raises(pyslurm.PartitionNotFoundError):
        Partition("nosuchpart").modify(max_time=5)
    with pytest.raises(pyslurm.PartitionNotFoundError):
        Partition("nosuchpart").delete()


def test_create_modify_delete(slurm_cluster, test_partition):
    nodes = slurm_cluster.node_names[-2:]
    Partition(test_partition, nodes=nodes, max_time=30, state="DOWN",
              denied_accounts=["foo", "bar"], priority_tier=3).create()
    p = Partitions.load()[test_partition]
    assert p.node_names == nodes and p.nodes == pyslurm.hostlist.collapse(nodes)
    assert p.max_time == 30 and p.state == "DOWN" and p.priority_tier == 3
    assert p.denied_accounts == ["foo", "bar"]
    assert scontrol_partitions()[test_partition]["DenyAccounts"] == "foo,bar"
    with pytest.raises(pyslurm.RPCError):
        Partition(test_partition, nodes=nodes).create()     # exists already

    Partition(test_partition).modify(Partition(max_time=pyslurm.UNLIMITED, state="UP",
                                               denied_accounts=[], is_hidden=True))
    p = Partition.load(test_partition)
    assert p.max_time == pyslurm.UNLIMITED and p.state == "UP" and p.is_hidden
    assert p.denied_accounts == []
    for n in nodes:
        assert test_partition in Node.load(n).partitions

    Partition(test_partition).modify(is_hidden=False, default_time=10)
    p = Partition.load(test_partition)
    assert not p.is_hidden and p.default_time == 10

    Partition(test_partition).modify(oversubscribe="FORCE:2", default_memory_per_cpu=300,
                                     max_memory_per_node=1500,
                                     billing_weights={"CPU": 1.0, "Mem": "0.25G"})
    p = Partition.load(test_partition)
    assert p.oversubscribe == "FORCE:2"
    assert p.default_memory_per_cpu == 300 and p.default_memory_per_node is None
    assert p.max_memory_per_node == 1500 and p.max_memory_per_cpu is None
    assert p.billing_weights == {"CPU": 1.0, "Mem": 0.25}
    shown = scontrol_partitions()[test_partition]
    assert shown["OverSubscribe"] == "FORCE:2" and shown["DefMemPerCPU"] == "300"
    assert shown["MaxMemPerNode"] == "1500"
    assert shown["TRESBillingWeights"] == "CPU=1,Mem=0.25G"

    Partition(test_partition).modify(oversubscribe="EXCLUSIVE", default_memory_per_node=800,
                                     max_memory_per_node=pyslurm.UNLIMITED, billing_weights="")
    p = Partition.load(test_partition)
    assert p.oversubscribe == "EXCLUSIVE" and p.default_memory_per_node == 800
    assert p.max_memory_per_node == pyslurm.UNLIMITED and p.billing_weights == {}
    assert scontrol_partitions()[test_partition]["MaxMemPerNode"] == "UNLIMITED"

    Partition(test_partition).delete()
    assert test_partition not in Partitions.load()


def test_invalid_values_before_any_rpc(slurm_cluster):
    with pytest.raises(ValueError, match="state"):
        Partition("debug").modify(state="SIDEWAYS")
    with pytest.raises(ValueError, match="max_time"):
        Partition("debug").modify(max_time=-5)
    with pytest.raises(ValueError, match="'colour'"):
        Partition("debug").modify(colour="red")
    with pytest.raises(ValueError, match="invalid hostlist"):
        Partition("x", nodes="c[3-1]")
    with pytest.raises(ValueError, match="is_hidden"):
        Partition("debug").modify(is_hidden="yes")
    p = Partition.load("debug")
    assert p.state == "UP"


def test_no_change_since_last_load(slurm_cluster, test_partition):
    parts = Partitions.load()
    end = time.time() + 30
    # the controller answers "no change" only a second after the last one
    while Partitions.load(update_time=parts.last_update) is not None:
        assert time.time() < end, "the partitions keep changing"
        time.sleep(0.5)
        parts = Partitions.load()
    assert parts.refresh() is False
    time.sleep(1.1)     # Slurm's update times have a one-second granularity
    Partition(test_partition, nodes=slurm_cluster.node_names[:1]).create()
    assert parts.refresh() is True and test_partition in parts


def test_to_dict_is_plain(slurm_cluster):
    d = Partitions.load().to_dict()
    assert set(d) == set(slurm_cluster.partitions)
    for p in d.values():
        for k, v in p.items():
            assert isinstance(k, str) and not isinstance(v, bytes)


@pytest.mark.parametrize("changes", [
    {"oversubscribe": "YES:1"}, {"oversubscribe": "SOMETIMES"}, {"oversubscribe": 3},
    {"default_memory_per_cpu": -5}, {"max_memory_per_cpu": pyslurm.UNLIMITED},
    {"default_memory_per_cpu": 100, "default_memory_per_node": 100},
    {"billing_weights": "CPU"}, {"billing_weights": {"CPU": None}}, {"billing_weights": 3},
])
def test_invalid_partition_values_before_any_rpc(changes):
    with pytest.raises(ValueError) as e:
        Partition("nosuchpart").modify(**changes)     # no RPC: unknown name not reached
    assert "Partition" in str(e.value)
