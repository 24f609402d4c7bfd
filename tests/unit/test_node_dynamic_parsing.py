"""Node.create's NodeName= line, checked before any RPC (no cluster)."""

import pytest

from pyslurm.node import Node, node_definition


def test_definition_line():
    assert node_definition("d1", cpus=2, real_memory=1000, features=["dyn"]) == \
        "NodeName=d1 CPUs=2 RealMemory=1000 Features=dyn State=CLOUD"
    assert node_definition("d1", state="future", sockets=2, cores_per_socket=4,
                           threads_per_core=1, gres="gpu:2", features="a,b",
                           address="127.0.0.1", weight=5) == \
        ("NodeName=d1 Sockets=2 CoresPerSocket=4 ThreadsPerCore=1 Gres=gpu:2 "
         "Features=a,b NodeAddr=127.0.0.1 Weight=5 State=FUTURE")
    assert node_definition("d1", cpus=None) == "NodeName=d1 State=CLOUD"


@pytest.mark.parametrize("name, kwargs, match", [
    ("d[1-2]", {}, "name"), ("", {}, "name"), ("d 1", {}, "name"), (5, {}, "name"),
    ("d1", {"cpus": -1}, "cpus"), ("d1", {"cpus": "2"}, "cpus"), ("d1", {"cpus": True}, "cpus"),
    ("d1", {"real_memory": 1.5}, "real_memory"), ("d1", {"features": ["a b"]}, "features"),
    ("d1", {"features": 3}, "features"), ("d1", {"gres": "gpu 2"}, "gres"),
    ("d1", {"state": "IDLE"}, "state"), ("d1", {"colour": "red"}, "'colour'"),
])
def test_invalid_definitions(name, kwargs, match):
    with pytest.raises(ValueError, match=match):
        node_definition(name, **kwargs)
    with pytest.raises(ValueError, match=match):
        Node.create(name, **kwargs)       # raises before libslurm is touched


def test_delete_needs_a_name():
    with pytest.raises(ValueError, match="no name"):
        Node().delete()
