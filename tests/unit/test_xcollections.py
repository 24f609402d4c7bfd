"""MultiClusterMap with plain Python items (no cluster needed)."""

import copy
import json

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
    # as upstream pyslurm: a plain id is "in" when any cluster holds it,
    # while coll[id] looks in the local cluster only
    assert 1 in c and ("other", 3) in c and 3 in c and 4 not in c
    assert ("local", 3) not in c and [1] not in c
    assert Item(3, "other") in c and Item(3, "local") not in c
    assert c[Item(3, "other")] == Item(3, "other")


def test_keys_values_items_len_iter():
    single = make((1,), (2,))
    assert single.keys() == [1, 2]
    assert list(single) == [1, 2]
    assert single.items() == [(1, Item(1)), (2, Item(2))]
    multi = make((1,), (3, "other"))
    assert multi.keys() == [1, 3] and list(multi) == [1, 3]
    assert multi.keys().with_cluster() == [("local", 1), ("other", 3)]
    assert multi.items().with_cluster() == [("local", 1, Item(1)), ("other", 3, Item(3, "other"))]
    assert 3 in multi.keys() and ("other", 3) in multi.keys()
    assert len(multi) == 2 and bool(multi) and not Items(cluster="local")
    assert multi.as_list() == [Item(1), Item(3, "other")]
    assert multi.clusters == ["local", "other"] == multi.clusters()
    assert "other" in multi.clusters() and len(multi.clusters()) == 2
    assert repr(multi.keys()) == "KeysView([1, 3])"


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
    assert c.filter(id=lambda v: v % 2).keys().with_cluster() == [("local", 1), ("other", 3)]
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
    # items are always converted (upstream: recursive only reaches nested objects)
    assert c.to_dict(recursive=False) == {1: {"id": 1, "cluster": "local", "state": "IDLE"}}
    assert json.loads(c.to_json()) == {"1": {"id": 1, "cluster": "local", "state": "IDLE"}}
    assert json.loads(c.to_json(multi_cluster=True))["other"]["3"]["id"] == 3
    assert Items(cluster="local").to_json() == "{}"
    assert repr(make((1,))) == "pyslurm.Items({1: Item(1)})"


def test_string_ids_where_a_node_shares_a_cluster_name():
    class Nodes(MultiClusterMap):
        _item_type = Item
        _key_type = str

    n = Nodes([Item("local"), Item("c1")], cluster="local")
    assert n["local"] == Item("local")   # the node, not the cluster
    assert n["c1"].id == "c1"


def test_dict_methods_as_upstream():
    c = make((1,), (2,), (3, "other"))
    assert c.pop(9) is None and c.pop(9, "d") == "d"        # default None, as upstream
    assert c.pop(2) == Item(2) and 2 not in c
    assert c.pop(Item(3, "other")) == Item(3, "other") and c.clusters == ["local"]
    c[5] = Item(5)
    c["other", 7] = Item(7, "other")
    assert c[5] == Item(5) and c["other", 7] == Item(7, "other")
    c["third"] = {8: Item(8, "third")}
    assert c["third"] == {8: Item(8, "third")}
    del c["third"]                                           # a whole cluster
    assert "third" not in c.clusters
    del c[Item(7, "other")]
    assert ("other", 7) not in c
    assert c.popitem() == (1, Item(1)) and c.popitem() == (5, Item(5))
    with pytest.raises(KeyError, match="empty"):
        c.popitem()
    with pytest.raises(TypeError, match="cluster name"):
        c[1] = {1: Item(1)}


def test_update_or_clear_and_upstream_keyword():
    a, b = make((1,)), make((2,), (3, "other"))
    both = a | b
    assert sorted(both.keys().with_cluster()) == [("local", 1), ("local", 2), ("other", 3)]
    assert a.keys() == [1]                     # | makes a new collection
    a |= {4: Item(4)}
    assert a.keys() == [1, 4]
    merged = {9: Item(9)} | a
    assert type(merged) is Items and merged.keys() == [9, 1, 4]
    a.update([Item(5)], **{"6": Item(6)})
    assert a.keys() == [1, 4, 5, 6]
    a.clear()
    assert not a and len(a) == 0
    assert Items(items=[Item(1)], cluster="local").keys() == [1]   # Nodes(nodes=...)
    with pytest.raises(TypeError, match="unexpected keyword"):
        Items(nodes=[Item(1)])


def test_module_functions_as_upstream():
    from pyslurm import xcollections as xc

    c = make((1,), (3, "other"))
    assert xc.sum_property(c, "id") == 4 and xc.sum_property(c, "id", 10) == 14
    assert xc.dict_recursive(c) == c.to_dict()
    assert xc.multi_dict_recursive(c) == c.to_dict(multi_cluster=True)
    assert xc.to_json(c) == c.to_json()

    class Reloadable(Items):
        frozen = False

        def refresh(self):
            self.seen = self.frozen
            return True

    r = Reloadable([Item(1)], cluster="local")
    assert xc.multi_reload(r) is r and r.seen is True and r.frozen is False
    assert xc.multi_reload(r, frozen=False) is r and r.seen is False
    empty = Reloadable(cluster="local")
    assert xc.multi_reload(empty) is empty and not hasattr(empty, "seen")
