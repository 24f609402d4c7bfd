"""Dynamic nodes: pyslurm.Node.create / Node.delete against the real local
cluster (CLOUD nodes only: no job ever runs on them)."""

import os
import subprocess

import pytest

import pyslurm
from pyslurm.node import Node, Nodes

DYN = "pyslurmdyn1"


def max_node_count(conf):
    with open(conf) as f:
        for line in f:
            if line.startswith("MaxNodeCount="):
                return int(line.split("=", 1)[1])
    return None


def drop(name):
    try:
        Node(name).delete()
    except pyslurm.NodeNotFoundError:
        pass


@pytest.fixture
def dyn(slurm_cluster):
    if not max_node_count(slurm_cluster.conf):
        if os.environ.get("CI") == "true":
            pytest.fail("CI's fresh cluster must have MaxNodeCount=")
        pytest.skip("the test cluster has no MaxNodeCount= (started before "
                    "pyslurm.testing set it; not under CI): restart it for dynamic nodes")
    drop(DYN)
    yield DYN
    drop(DYN)


def scontrol_node(name):
    out = subprocess.run(["scontrol", "-o", "show", "node", name], capture_output=True,
                         text=True, env={**os.environ})
    if out.returncode != 0 or "=" not in out.stdout:
        return None
    return dict(kv.split("=", 1) for kv in out.stdout.split() if "=" in kv)


def test_create_then_delete_cloud_node(dyn, slurm_cluster):
    Node.create(dyn, cpus=2, real_memory=1000, features=["dyn"], state="CLOUD")
    nodes = Nodes.load()
    with open(slurm_cluster.conf) as f:
        cloud_shown = any(line.replace(" ", "").lower().startswith("privatedata=")
                          and "cloud" in line.lower() for line in f)
    if pyslurm.slurm_version_info()[:2] == (22, 5) and not cloud_shown:
        # 22.05 hides powered-down CLOUD nodes unless PrivateData=cloud
        assert dyn not in nodes
    else:
        n = nodes[dyn]
        assert n.cpus == 2 and n.real_memory == 1000 and n.features == ["dyn"]
        assert "CLOUD" in n.state_flags
        s = scontrol_node(dyn)
        assert s["CPUTot"] == "2" and s["RealMemory"] == "1000"
        assert s["AvailableFeatures"] == "dyn"
        assert n.to_dict()["name"] == dyn

    Node(dyn).delete()
    assert dyn not in Nodes.load() and scontrol_node(dyn) is None
    # deleting it again proves the first delete (and so the create) acted,
    # also on 22.05 where the node was never visible
    with pytest.raises(pyslurm.NodeNotFoundError, match=dyn):
        Node(dyn).delete()


def test_invalid_definitions_before_any_rpc(dyn):
    with pytest.raises(ValueError, match="name"):
        Node.create("pyslurmdyn[1-2]", cpus=2)
    with pytest.raises(ValueError, match="cpus"):
        Node.create(dyn, cpus=-2)
    with pytest.raises(ValueError, match="'colour'"):
        Node.create(dyn, colour="red")
    with pytest.raises(ValueError, match="state"):
        Node.create(dyn, state="IDLE")
    with pytest.raises(pyslurm.NodeNotFoundError):
        Node(dyn).delete()        # nothing was created


def test_unknown_node_delete(slurm_cluster):
    with pytest.raises(pyslurm.NodeNotFoundError, match="nosuchnode"):
        Node("nosuchnode").delete()
