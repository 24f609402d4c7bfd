"""Parts of pyslurm.node that need no cluster: GRES parsing and the
checks done before any RPC."""

import pytest

from pyslurm.node import Node, parse_gres
from pyslurm.partition import Partition


@pytest.mark.parametrize("text, expected", [
    ("gpu:2", {"gpu": (None, 2, None)}),
    ("gpu:tesla:2", {"gpu:tesla": ("tesla", 2, None)}),
    ("gpu:tesla:2(S:0-1)", {"gpu:tesla": ("tesla", 2, None)}),
    ("gpu:tesla:2(IDX:0-1)", {"gpu:tesla": ("tesla", 2, "0-1")}),
    ("gpu:0(IDX:N/A)", {"gpu": (None, 0, None)}),
    ("gpu:a100:2(S:0,2),shard:8", {"gpu:a100": ("a100", 2, None), "shard": (None, 8, None)}),
    ("gpu:tesla:1(IDX:0),gpu:k80:1(IDX:1)", {"gpu:tesla": ("tesla", 1, "0"),
                                             "gpu:k80": ("k80", 1, "1")}),
    ("mps:100K", {"mps": (None, 100 * 1024, None)}),
    ("gpu", {"gpu": (None, 1, None)}),
    ("gpu:tesla:no_consume:2", {"gpu:tesla": ("tesla", 2, None)}),
    ("", {}),
    (None, {}),
])
def test_parse_gres(text, expected):
    got = parse_gres(text)
    assert {k: (v["type"], v["count"], v["indexes"]) for k, v in got.items()} == expected


@pytest.mark.parametrize("text", ["gpu:", ":::", "gpu:tesla:x(", "(((", ",,", "gpu:2(IDX:0-1",
                                  "gpu:tesla:2(S:0-1)(IDX:0)", "a:b:c:d:e"])
def test_parse_gres_never_crashes(text):
    # the predecessor crashed on some GRES strings
    assert isinstance(parse_gres(text), dict)


def test_sockets_and_indexes():
    g = parse_gres("gpu:tesla:2(S:0-1)(IDX:0-1)")["gpu:tesla"]
    assert g["sockets"] == "0-1" and g["indexes"] == "0-1"


def test_node_changes_checked_without_rpc():
    n = Node("c1", state="drain", reason="fan")
    assert n.state == "DRAIN" and n.reason == "fan" and n.name == "c1"
    assert n.cpus is None
    with pytest.raises(ValueError, match="needs a reason"):
        Node("c1", state="DOWN")
    with pytest.raises(ValueError, match="invalid state"):
        Node(state="SLEEPY")
    with pytest.raises(ValueError, match="'cpus' cannot be set"):
        Node(cpus=4)
    with pytest.raises(ValueError, match="weight"):
        Node(weight="heavy")
    with pytest.raises(ValueError, match="features"):
        Node(features=["a,b"])
    with pytest.raises(ValueError, match="invalid hostlist"):
        Node("c[3-1]")
    assert Node(features="a,b").features == ["a", "b"]


def test_partition_changes_checked_without_rpc():
    p = Partition("p", nodes=["c1", "c2", "c3"], state="up")
    assert p.nodes == "c[1-3]" and p.state == "UP" and p.node_names == ["c1", "c2", "c3"]
    with pytest.raises(ValueError, match="priority_tier"):
        Partition("p", priority_tier=70000)
    with pytest.raises(ValueError, match="invalid name"):
        Partition("a,b")


def test_hostlist_stub_names_exist():
    from pathlib import Path
    from pyslurm import hostlist
    stub = (Path(hostlist.__file__).parent / "hostlist.pyi").read_text()
    for line in stub.splitlines():
        if line.startswith("def "):
            assert hasattr(hostlist, line[4:].split("(")[0])
