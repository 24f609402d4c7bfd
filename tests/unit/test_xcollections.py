"""MultiClusterMap with plain Python items (no cluster needed)."""

import copy

import pytest

from pyslurm.xcollections import MultiClusterMap


class Item:
    def __init__(self, id, cluster="local", state="IDLE"):
        self.id, self.cluster, self.state = id, cluster, state

    def to_dict(self):
        return {"id": self.id, "cluster": self.cluster, "state": self.state}

    def __eq__(self, other):
        return isinstance(other, Item) and (self.id, self.cluster) == (other.id, other.cluster)

    def __repr__(self):
        return f"Item({self.id})"


class Items(MultiClusterMap):
    _item_type = Item


def make(*specs):
    return Items([Item(*s) for s in specs], cluster="local")


def test_lookup_local_by_id_and_other_cluster_by_name_or_tuple():
    c = make((1,), (2,), (3, "other"))
    assert c[1] == Item(1)
    assert c["1"] == Item(1)           # ids are normalised with the key type
    assert c["other"] == {3: Item(3, "other")}
    assert c["other", 3] == Item(3, "other")
    with pytest.raises(KeyError):
        c[3]                           # not in the local cluster
    assert c.get(3) is None and c.get(3, "x") == "x"
    assert 1 in c and ("other", 3) in c and 3 not in c
    assert Item(3, "other") in c


def test_keys_values_items_len_iter():
    single = make((1,), (2,))
    assert single.keys() == [1, 2]
    assert list(single) == [1, 2]
    assert single.items() == [(1, Item(1)), (2, Item(2))]
    multi = make((1,), (3, "other"))
    assert multi.keys() == [("local", 1), ("other", 3)]
    assert len(multi) == 2 and bool(multi) and not Items(cluster="local")
    assert multi.as_list() == [Item(1), Item(3, "other")]
    assert multi.clusters == ["local", "other"]


def test_construction_from_ids_dicts_strings():
    c = Items("1, 2,3", cluster="local")
    assert c.keys() == [1, 2, 3] and isinstance(c[1], Item)
    assert Items({5: Item(5)}, cluster="local").keys() == [5]
    nested = Items({"a": {1: Item(1, "a")}, "b": {2: Item(2, "b")}}, cluster="a")
    assert nested["b", 2] == Item(2, "b")
    with pytest.raises(ValueError, match="invalid id 'x'"):
        Items("1,x", cluster="local")
    with pytest.raises(TypeError, match="holds Item objects"):
        Items([1.5], cluster="local")


def test_filter_group_copy_eq_delete():
    c = make((1, "local", "IDLE"), (2, "local", "DOWN"), (3, "other", "IDLE"))
    idle = c.filter(state="IDLE")
    assert sorted(i.id for i in idle.values()) == [1, 3]
    assert type(idle) is Items and idle.local_cluster == "local"
    assert c.filter(lambda i: i.id > 1, state=["DOWN", "MIXED"]).keys() == [2]
    assert c.filter(id=lambda v: v % 2).keys() == [("local", 1), ("other", 3)]
    groups = c.group_by_cluster()
    assert set(groups) == {"local", "other"} and groups["other"].keys() == [3]
    dup = c.copy()
    assert dup == c and dup is not c
    del dup[1]
    assert dup != c and 1 in c
    assert copy.deepcopy(c) == c
    assert c.pop(("other", 3)) == Item(3, "other") and "other" not in c.clusters


def test_to_dict_and_repr():
    c = make((1,), (3, "other"))
    assert c.to_dict() == {1: {"id": 1, "cluster": "local", "state": "IDLE"}}
    assert c.to_dict(multi_cluster=True)["other"][3]["id"] == 3
    assert c.to_dict(recursive=False) == {1: Item(1)}
    assert repr(make((1,))) == "pyslurm.Items({1: Item(1)})"


def test_string_ids_where_a_node_shares_a_cluster_name():
    class Nodes(MultiClusterMap):
        _item_type = Item
        _key_type = str

    n = Nodes([Item("local"), Item("c1")], cluster="local")
    assert n["local"] == Item("local")   # the node, not the cluster
    assert n["c1"].id == "c1"
