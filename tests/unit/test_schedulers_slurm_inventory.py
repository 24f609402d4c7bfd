"""pyslurm.schedulers.slurm.node_rows_info: the inventory made from
``Nodes.load_fields`` rows (synthetic rows, no cluster)."""

from types import SimpleNamespace

from pyslurm.schedulers import pipeline as pl
from pyslurm.schedulers.slurm import NODE_FIELDS, node_rows_info

IDLE_CLOUD = ("IDLE", "CLOUD", "POWERED_DOWN")
PARTS = [SimpleNamespace(name="batch", nodes="n[1-12]"),
         SimpleNamespace(name="gpu", nodes="n[10-12]"),
         SimpleNamespace(name="empty", nodes=None)]


def row(name, states=("IDLE",), cpus=4, mem=1000, features="a,b", started=1700000000):
    values = dict(name=name, states=states, cpus=cpus, real_memory=mem,
                  active_features_string=features, slurmd_start_time=started)
    return tuple(values[f] for f in NODE_FIELDS)


def test_records_in_natural_order_with_every_key():
    rows = [row(f"n{i}") for i in (10, 2, 1, 12, 11)]
    inv = node_rows_info(rows, PARTS, {"resA": ["n2", "n11"], "resB": ["n11", "nX"]})
    assert list(inv) == ["n1", "n2", "n10", "n11", "n12"]    # natural order
    assert inv["n10"] == {"name": "n10", "states": ("IDLE",), "up": True, "available": True,
                          "cpus": 4, "mem": 1000 * 2**20, "partitions": ("batch", "gpu"),
                          "features": ("a", "b"), "reservations": ()}
    assert inv["n2"]["reservations"] == ("resA",)
    assert inv["n11"]["reservations"] == ("resA", "resB")


def test_equal_values_share_one_immutable_tuple():
    inv = node_rows_info([row("n10"), row("n11"), row("n1", features=None)], PARTS)
    a, b = inv["n10"], inv["n11"]
    assert a["partitions"] is b["partitions"] and a["features"] is b["features"]
    assert inv["n1"]["features"] == () and inv["n1"]["partitions"] == ("batch",)
    assert all(type(v) is tuple for rec in inv.values()
               for k, v in rec.items() if k in ("states", "partitions", "features",
                                                "reservations"))


def test_states_judged_like_the_pipeline_and_daemonless_cloud_nodes():
    rows = [row("n1", ("MIXED",)), row("n2", ("IDLE", "DRAIN", "DRAINED")),
            row("n3", IDLE_CLOUD, started=None),          # powered down: Slurm starts it
            row("n4", ("IDLE", "CLOUD"), started=None),   # never registered, not powering
            row("n5", ("IDLE", "CLOUD")),                 # registered CLOUD node: usable
            row("n6", ("DOWN",))]
    inv = node_rows_info(rows, PARTS)
    for name in ("n1", "n2", "n3", "n5", "n6"):
        assert (inv[name]["up"], inv[name]["available"]) == \
            pl.node_state_flags(inv[name]["states"]), name
    assert (inv["n4"]["up"], inv["n4"]["available"]) == (False, False)


def test_feeds_the_filter():
    rows = [row(f"n{i}") for i in range(1, 13)] + [row("x1", ("DOWN",))]
    inv = node_rows_info(rows, PARTS, {"resA": ["n3"]})
    from pyslurm.schedulers.config import validate_config
    kept, dropped = pl.filter_nodes(inv, validate_config({"partition": "gpu"}))
    assert kept == ["n10", "n11", "n12"]
    assert dropped["n1"] == "partition 'gpu' not in ['batch']"
    assert dropped["x1"] == "not up"
    assert dropped["n3"] == "partition 'gpu' not in ['batch']"
    kept, dropped = pl.filter_nodes(inv, validate_config({}))
    assert "n3" not in kept and "resA" in dropped["n3"]
