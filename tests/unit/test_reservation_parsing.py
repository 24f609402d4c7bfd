"""Parts of pyslurm.reservation that need no cluster: the checks done
before any RPC and Reservations built from Python."""

import datetime

import pytest

import pyslurm
from pyslurm.reservation import FLAGS, Reservation, Reservations


def test_lazy_names():
    assert pyslurm.Reservation is Reservation
    assert pyslurm.Reservations is Reservations


def test_flags_of_every_major():
    for name in ("MAINT", "IGNORE_JOBS", "FLEX", "DAILY", "WEEKLY", "STATIC",
                 "PART_NODES", "REPLACE", "MAGNETIC", "NO_HOLD_JOBS_AFTER_END"):
        assert name in FLAGS
    set_bits = [s for s, _ in FLAGS.values()]
    assert all(set_bits) and len(set(set_bits)) == len(set_bits)
    assert FLAGS["MAINT"][1] and not FLAGS["REPLACE"][1]


def test_values_are_normalised():
    r = Reservation("r1", nodes=["c3", "c4"], users="root,alice", accounts=["a"],
                    flags="maint,ignore_jobs", duration=30, start_time=1000.7,
                    end_time=datetime.datetime.fromtimestamp(5000),
                    licenses={"foo": 2, "bar": 1}, node_count=2)
    assert r.name == "r1" and r.nodes == "c[3-4]" and r.node_names == ["c3", "c4"]
    assert r.users == ["root", "alice"] and r.accounts == ["a"]
    assert r.flags == ["MAINT", "IGNORE_JOBS"]
    assert r.start_time == 1000 and r.end_time == 5000 and r.duration == 30
    assert r.licenses == "foo:2,bar:1" and r.node_count == 2
    assert r.is_active is None and r.tres is None
    assert r.to_dict()["nodes"] == "c[3-4]"
    assert Reservation(duration=pyslurm.UNLIMITED).duration == pyslurm.UNLIMITED
    assert Reservation(nodes="all").nodes == "ALL" and Reservation(nodes="ALL").node_names == []
    assert Reservation().nodes is None and Reservation().node_names == []


@pytest.mark.parametrize("field, value", [
    ("nodes", "c[3-1]"), ("nodes", "c[1-"), ("nodes", 5),
    ("duration", -5), ("duration", 0), ("duration", "30"), ("duration", True), ("duration", 1.5),
    ("start_time", "now"), ("start_time", -1), ("end_time", [1]),
    ("users", "ro ot"), ("users", ["root", ""]), ("users", 7), ("users", ["++root"]),
    ("accounts", ["a,b"]), ("groups", [None]),
    ("flags", ["SIDEWAYS"]), ("flags", ["-REPLACE"]), ("flags", 3),
    ("node_count", 0), ("node_count", -1), ("core_count", "2"),
    ("licenses", "foo:x"), ("licenses", {"foo": 0}), ("licenses", ":2"),
    ("partition", 5), ("features", b"x"), ("name", "a b"), ("name", ""),
    ("colour", "red"),
])
def test_invalid_values_name_field_and_value(field, value):
    with pytest.raises(ValueError) as err:
        Reservation(**{field: value})
    text = str(err.value)
    assert field in text or repr(value) in text or "flag" in text


def test_modify_accepts_plus_minus_but_checks_them():
    with pytest.raises(ValueError, match="'-SIDEWAYS'"):
        Reservation("r").modify(flags=["-SIDEWAYS"])
    with pytest.raises(ValueError, match="cannot be cleared"):
        Reservation("r").modify(flags=["-REPLACE"])
    with pytest.raises(ValueError, match="users"):
        Reservation("r").modify(users=["++root"])
    with pytest.raises(ValueError, match="no changes"):
        Reservation("r").modify()
    with pytest.raises(ValueError, match="no name"):
        Reservation().modify(duration=5)
    with pytest.raises(TypeError):
        Reservation("r").modify(["duration"])


def test_create_needs_users_and_an_end():
    with pytest.raises(ValueError, match="users, accounts or groups"):
        Reservation("r", nodes="c1", duration=5).create()
    with pytest.raises(ValueError, match="duration or end_time"):
        Reservation("r", nodes="c1", users=["root"]).create()
    with pytest.raises(ValueError, match="end_time"):
        Reservation("r", nodes="c1", users=["root"], start_time=5000, end_time=4000).create()
    # "-FLAG" clears a flag and "+user" adds one in modify only
    with pytest.raises(ValueError, match="'-MAINT'"):
        Reservation("r", nodes="c1", users="root", duration=5, flags=["-MAINT"]).create()
    with pytest.raises(ValueError, match="'\\+root'"):
        Reservation("r", nodes="c1", users="+root", duration=5).create()


def test_delete_needs_a_name():
    with pytest.raises(ValueError, match="no name"):
        Reservation().delete()
