"""pyslurm.Reservation / pyslurm.Reservations against the real local
cluster, checked against scontrol."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm.reservation import FLAGS, Reservation, Reservations

PREFIX = "pyslurmtest"


def scontrol_reservations():
    out = subprocess.run(["scontrol", "-o", "show", "reservation"], capture_output=True,
                         text=True, check=True, env={**os.environ}).stdout
    resvs = {}
    for line in out.splitlines():
        if "=" not in line:
            continue            # "No reservations in the system"
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        resvs[fields["ReservationName"]] = fields
    return resvs


def null(text):
    return None if text in ("(null)", "", None) else text


def delete_ours():
    for name in scontrol_reservations():
        if name.startswith(PREFIX) or name.startswith("root_"):
            subprocess.run(["scontrol", "delete", f"reservation={name}"], capture_output=True)


@pytest.fixture
def clean(slurm_cluster):
    """Deletes the test reservations afterwards (and before, if a failed
    run left some)."""
    delete_ours()
    yield slurm_cluster
    delete_ours()


def test_create_load_modify_delete(clean):
    nodes = ["c3", "c4"]
    start = int(time.time())
    name = Reservation(f"{PREFIX}1", nodes=nodes, users=["root"], start_time=start,
                       duration=30, flags=["MAINT", "IGNORE_JOBS", "FLEX"]).create()
    assert name == f"{PREFIX}1"

    # what the scheduler plugin reads
    resvs = Reservations.load()
    r = {r.name: r for r in resvs.values()}[name]
    assert resvs[name] is not None and r.cluster == resvs.local_cluster
    assert r.nodes == "c[3-4]" and r.node_names == nodes
    assert r.partition is None and r.users == ["root"] and r.accounts == []
    assert r.start_time == start and r.end_time == start + 30 * 60 and r.duration == 30
    assert r.is_active is True and r.state == "ACTIVE"
    assert {"MAINT", "IGNORE_JOBS", "FLEX"} <= set(r.flags)
    assert r.node_count == 2 and r.core_count == 8 and r.tres == {"cpu": "8"}

    s = scontrol_reservations()[name]
    assert r.nodes == s["Nodes"] and r.node_count == int(s["NodeCnt"])
    assert r.core_count == int(s["CoreCnt"])
    assert r.flags == s["Flags"].split(",")
    assert ",".join(r.users) == s["Users"] and null(s["Accounts"]) is None
    assert r.tres_string == s["TRES"] and r.state == s["State"]
    assert r.partition == null(s["PartitionName"]) and r.features == null(s["Features"])
    assert r.licenses == null(s["Licenses"]) and r.burst_buffer == null(s["BurstBuffer"])
    d = r.to_dict()
    assert d["name"] == name and d["node_names"] == nodes and d["flags"] == r.flags

    with pytest.raises(pyslurm.RPCError):       # the name exists
        Reservation(name, nodes=nodes, users=["root"], duration=5).create()

    Reservation(name).modify(duration=45, users=["root", "daemon"], flags=["-FLEX"])
    r = Reservation.load(name)
    assert r.duration == 45 and r.end_time == start + 45 * 60
    assert r.users == ["root", "daemon"]
    assert "FLEX" not in r.flags and {"MAINT", "IGNORE_JOBS"} <= set(r.flags)
    s = scontrol_reservations()[name]
    assert s["Users"] == "root,daemon" and s["Duration"] == "00:45:00"

    Reservation(name).modify(Reservation(users=["-daemon"], flags=["-MAINT"]))
    r = Reservation.load(name)
    assert r.users == ["root"] and "MAINT" not in r.flags

    Reservation(name).delete()
    assert name not in Reservations.load()
    assert name not in scontrol_reservations()


def test_slurm_chooses_the_name(clean):
    r = Reservation(nodes="c4", accounts=["root"], duration=5, start_time=time.time() + 3600)
    name = r.create()
    assert name and r.name == name
    loaded = Reservation.load(name)
    assert loaded.accounts == ["root"] and loaded.users == []
    assert loaded.is_active is False and loaded.state == "INACTIVE"
    assert loaded.state == scontrol_reservations()[name]["State"]
    r.delete()


def test_counts_without_node_names(clean):
    later = int(time.time()) + 3600
    Reservation(f"{PREFIX}n", node_count=1, users="root", start_time=later, duration=10).create()
    Reservation(f"{PREFIX}c", core_count=2, users="root", start_time=later + 3600,
                duration=10).create()
    resvs = Reservations.load()
    show = scontrol_reservations()
    n, c = resvs[f"{PREFIX}n"], resvs[f"{PREFIX}c"]
    assert n.node_count == 1 and len(n.node_names) == 1 and n.nodes == show[n.name]["Nodes"]
    assert c.core_count == 2 and c.core_count == int(show[c.name]["CoreCnt"])
    assert n.is_active is False and n.duration == 10


def test_licenses_only(clean):
    from pyslurm import slurmctld
    lic = slurmctld.Config.load().licenses
    assert lic, "pyslurm.testing's clusters define Licenses="
    name_count = lic.split(",")[0]
    lic_name = name_count.split(":")[0]
    # ANY_NODES: a reservation of licenses (or burst buffers) only
    Reservation(f"{PREFIX}l", licenses={lic_name: 1}, users=["root"], duration=10,
                start_time=time.time() + 600, flags=["ANY_NODES"]).create()
    r = Reservation.load(f"{PREFIX}l")
    assert r.nodes is None and r.node_names == []
    assert "ANY_NODES" in r.flags
    assert r.licenses.startswith(f"{lic_name}:1")


def test_comment_where_the_major_has_it(clean):
    try:
        r = Reservation(f"{PREFIX}m", nodes="c4", users=["root"], duration=5,
                        start_time=time.time() + 600, comment="hello")
    except ValueError as e:
        assert "24.11" in str(e) and "USER_DELETE" not in FLAGS
        return
    r.create()
    assert Reservation.load(f"{PREFIX}m").comment == "hello"
    Reservation(f"{PREFIX}m").modify(comment="bye")
    assert Reservation.load(f"{PREFIX}m").comment == "bye"


def test_unknown_reservation(clean):
    with pytest.raises(pyslurm.ReservationNotFoundError, match="nosuchresv"):
        Reservation.load("nosuchresv")
    with pytest.raises(pyslurm.ReservationNotFoundError):
        Reservation("nosuchresv").modify(duration=5)
    with pytest.raises(pyslurm.ReservationNotFoundError):
        Reservation("nosuchresv").delete()


def test_invalid_values_before_any_rpc(clean):
    before = set(scontrol_reservations())
    with pytest.raises(ValueError, match="nodes"):
        Reservation(f"{PREFIX}x", nodes="c[4-3]", users=["root"], duration=5)
    with pytest.raises(ValueError, match="duration"):
        Reservation(f"{PREFIX}x", nodes="c4", users=["root"], duration=-5)
    with pytest.raises(ValueError, match="'BOGUS'"):
        Reservation(f"{PREFIX}x", nodes="c4", users=["root"], duration=5, flags=["BOGUS"])
    with pytest.raises(ValueError, match="users"):
        Reservation(f"{PREFIX}x", nodes="c4", users=["ro ot"], duration=5)
    with pytest.raises(ValueError, match="users, accounts or groups"):
        Reservation(f"{PREFIX}x", nodes="c4", duration=5).create()
    with pytest.raises(ValueError, match="start_time"):
        Reservation(f"{PREFIX}x").modify(start_time="tomorrow")
    assert set(scontrol_reservations()) == before


def test_controller_refusals_are_rpc_errors(clean):
    Reservation(f"{PREFIX}a", nodes="c4", users=["root"], duration=10).create()
    # the same node again, without OVERLAP/MAINT: the controller refuses
    with pytest.raises(pyslurm.RPCError):
        Reservation(f"{PREFIX}b", nodes="c4", users=["root"], duration=10).create()
    with pytest.raises(pyslurm.RPCError):
        Reservation(f"{PREFIX}b", nodes="nosuchnode", users=["root"], duration=10).create()
    with pytest.raises(pyslurm.RPCError):
        Reservation(f"{PREFIX}b", nodes="c3", users=["nosuchuser_xyz"], duration=10).create()
    assert f"{PREFIX}b" not in Reservations.load()


def test_no_change_since_last_load(clean):
    resvs = Reservations.load()
    end = time.time() + 30
    while Reservations.load(update_time=resvs.last_update) is not None:
        assert time.time() < end, "the reservations keep changing"
        time.sleep(0.5)
        resvs = Reservations.load()
    assert resvs.refresh() is False
    time.sleep(1.1)     # Slurm's update times have a one-second granularity
    Reservation(f"{PREFIX}r", nodes="c3", users=["root"], duration=5,
                start_time=time.time() + 600).create()
    assert resvs.refresh() is True and f"{PREFIX}r" in resvs


def test_to_dict_is_plain(clean):
    Reservation(f"{PREFIX}d", nodes="c3", users=["root"], duration=5,
                start_time=time.time() + 600).create()
    d = Reservations.load().to_dict()
    assert f"{PREFIX}d" in d
    for r in d.values():
        for k, v in r.items():
            assert isinstance(k, str) and not isinstance(v, bytes)
