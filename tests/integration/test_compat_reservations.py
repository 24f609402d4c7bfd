"""Upstream pyslurm's (25.11) ReservationFlags and ReservationReoccurrence
on pyslurm.Reservation, against the real cluster and scontrol: each test is
one upstream behaviour, and our scontrol flag names keep working."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm import Reservation, Reservations, ReservationFlags, ReservationReoccurrence
from pyslurm.reservation import FLAGS

PREFIX = "pyslurmcompat"


def scontrol_reservations():
    out = subprocess.run(["scontrol", "-o", "show", "reservation"], capture_output=True,
                         text=True, check=True, env={**os.environ}).stdout
    resvs = {}
    for line in out.splitlines():
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if "ReservationName" in fields:
            resvs[fields["ReservationName"]] = fields
    return resvs


def delete_ours():
    for name in scontrol_reservations():
        if name.startswith(PREFIX):
            subprocess.run(["scontrol", "delete", f"reservation={name}"], capture_output=True)


@pytest.fixture
def resv(slurm_cluster):
    """A name for a test reservation (deleted afterwards, and before if a
    failed run left one) and the node it may use; it starts in an hour, so
    no job of another test is affected."""
    delete_ours()
    yield f"{PREFIX}1", slurm_cluster.node_names[-1], int(time.time()) + 3600
    delete_ours()


def scontrol_flags(name):
    return set(scontrol_reservations()[name]["Flags"].split(","))


def test_enums_are_importable_with_upstream_members():
    assert pyslurm.ReservationFlags is pyslurm.reservation.ReservationFlags is ReservationFlags
    assert pyslurm.ReservationReoccurrence is pyslurm.reservation.ReservationReoccurrence
    assert [m.name for m in ReservationFlags] == [
        "MAINTENANCE", "IGNORE_RUNNING_JOBS", "ANY_NODES", "STATIC_NODES",
        "PARTITION_NODES_ONLY", "OVERLAP", "SPECIFIC_NODES", "ALL_NODES", "PURGE", "FLEX",
        "NO_JOB_HOLD_AFTER_END", "MAGNETIC", "SKIP", "USER_DELETION", "SCHED_FAILED"]
    # the values are Slurm's bits (those this Slurm sets, as scontrol names them)
    assert ReservationFlags.MAINTENANCE.value == FLAGS["MAINT"][0]
    assert ReservationFlags.FLEX.value == FLAGS["FLEX"][0]
    assert ReservationFlags.MAGNETIC.value == FLAGS["MAGNETIC"][0]
    assert [m.value for m in ReservationReoccurrence] == [
        "NO", "DAILY", "HOURLY", "WEEKLY", "WEEKDAY", "WEEKEND"]
    daily = ReservationReoccurrence.DAILY
    assert daily == "DAILY" == str(daily) and ReservationReoccurrence("daily") is daily
    assert ReservationFlags.from_list(["MAINTENANCE", "FLEX"]) == (
        ReservationFlags.MAINTENANCE | ReservationFlags.FLEX)


def test_create_with_a_flags_value(resv):
    name, node, start = resv
    r = Reservation(name, nodes=node, users=["root"], start_time=start, duration=30,
                    flags=ReservationFlags.MAINTENANCE | ReservationFlags.FLEX
                    | ReservationFlags.IGNORE_RUNNING_JOBS)
    assert r.create() == name
    loaded = Reservation.load(name)
    assert {"MAINT", "FLEX", "IGNORE_JOBS"} <= set(loaded.flags) == scontrol_flags(name)
    # upstream scripts test membership with the enum; our names still work
    assert ReservationFlags.MAINTENANCE in loaded.flags and "MAINT" in loaded.flags
    assert ReservationFlags.MAINTENANCE | ReservationFlags.FLEX in loaded.flags
    assert ReservationFlags.MAGNETIC not in loaded.flags
    assert ReservationFlags.from_list(loaded.flags) & (
        ReservationFlags.MAINTENANCE | ReservationFlags.FLEX
        | ReservationFlags.IGNORE_RUNNING_JOBS) == (
        ReservationFlags.MAINTENANCE | ReservationFlags.FLEX
        | ReservationFlags.IGNORE_RUNNING_JOBS)
    assert loaded.reoccurrence is ReservationReoccurrence.NO


def test_modify_with_a_flags_value_sets_the_whole_set(resv):
    name, node, start = resv
    Reservation(name, nodes=node, users=["root"], start_time=start, duration=30,
                flags=["MAINT", "FLEX"]).create()
    # upstream: the value is the complete set; flags it leaves out are cleared
    Reservation(name).modify(flags=ReservationFlags.MAGNETIC)
    flags = set(Reservation.load(name).flags)
    assert "MAGNETIC" in flags and not flags & {"MAINT", "FLEX"}
    assert flags == scontrol_flags(name)
    Reservation(name).modify(Reservation(flags=ReservationFlags.MAINTENANCE
                                         | ReservationFlags.MAGNETIC))
    flags = set(Reservation.load(name).flags)
    assert {"MAINT", "MAGNETIC"} <= flags and "FLEX" not in flags


def test_reoccurrence(resv):
    name, node, start = resv
    Reservation(name, nodes=node, users=["root"], start_time=start, duration=30,
                reoccurrence=ReservationReoccurrence.DAILY).create()
    r = Reservation.load(name)
    assert r.reoccurrence is ReservationReoccurrence.DAILY and r.reoccurrence == "DAILY"
    assert "DAILY" in r.flags and "DAILY" in scontrol_flags(name)
    Reservation(name).modify(reoccurrence="weekly")
    r = Reservation.load(name)
    assert r.reoccurrence is ReservationReoccurrence.WEEKLY
    assert "WEEKLY" in scontrol_flags(name) and "DAILY" not in scontrol_flags(name)
    Reservation(name).modify(reoccurrence=ReservationReoccurrence.NO)
    r = Reservation.load(name)
    assert r.reoccurrence is ReservationReoccurrence.NO
    assert not scontrol_flags(name) & {"DAILY", "WEEKLY", "HOURLY", "WEEKDAY", "WEEKEND"}
    with pytest.raises(ValueError, match="reoccurrence"):
        Reservation(name, reoccurrence="MONTHLY")


def test_string_flags_keep_working_and_take_upstream_names(resv):
    name, node, start = resv
    Reservation(name, nodes=node, users=["root"], start_time=start, duration=30,
                flags=["MAINTENANCE", "FLEX"]).create()            # upstream's names
    assert {"MAINT", "FLEX"} <= scontrol_flags(name)
    Reservation(name).modify(flags=["-FLEX", "IGNORE_JOBS"])         # ours
    flags = scontrol_flags(name)
    assert "FLEX" not in flags and {"MAINT", "IGNORE_JOBS"} <= flags
    assert set(Reservation.load(name).flags) == flags


def test_flags_this_slurm_cannot_set_are_refused(resv):
    name, node, start = resv
    with pytest.raises(ValueError, match="SCHED_FAILED"):
        Reservation(name, flags=ReservationFlags.SCHED_FAILED)
    if "USER_DELETE" in FLAGS:                                      # 24.11 and later
        Reservation(name, nodes=node, users=["root"], start_time=start, duration=30,
                    flags=ReservationFlags.USER_DELETION).create()
        assert ReservationFlags.USER_DELETION in Reservation.load(name).flags
        assert "USER_DELETE" in scontrol_flags(name)
    else:
        with pytest.raises(ValueError, match="USER_DELETION"):
            Reservation(name, flags=ReservationFlags.USER_DELETION)
    assert name not in Reservations.load() or "USER_DELETE" in FLAGS


def test_cpus_is_core_count(resv):
    name, node, start = resv
    Reservation(name, cpus=2, users=["root"], start_time=start, duration=10).create()
    r = Reservation.load(name)
    assert r.cpus == r.core_count == 2 == int(scontrol_reservations()[name]["CoreCnt"])
    assert "cpus" not in r.to_dict() and r.to_dict()["core_count"] == 2


def test_purge_time(resv):
    name, node, start = resv
    when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(start))
    subprocess.run(["scontrol", "create", "reservation", f"ReservationName={name}", "users=root",
                    f"nodes={node}", f"starttime={when}", "duration=10",
                    "Flags=PURGE_COMP=00:07:00"], check=True, capture_output=True)
    r = Reservation.load(name)
    assert "PURGE_COMP=00:07:00" in scontrol_flags(name)
    assert r.purge_time == 7 * 60 and "PURGE_COMP=00:07:00" in r.flags
    Reservation(name).modify(flags=["-PURGE_COMP"])
    assert Reservation.load(name).purge_time is None
    Reservation(name).modify(flags=["PURGE_COMP"])          # Slurm's default: 5 minutes
    assert Reservation.load(name).purge_time == 300
    assert "PURGE_COMP=00:05:00" in scontrol_flags(name)
    # upstream: setting purge_time sets PURGE_COMP
    Reservation(name).modify(flags=["-PURGE_COMP"])
    Reservation(name).modify(purge_time="2:00")
    assert Reservation.load(name).purge_time == 120
    assert "PURGE_COMP=00:02:00" in scontrol_flags(name)
    assert Reservation(purge_time=90).purge_time == 90
    with pytest.raises(ValueError, match="purge_time"):
        Reservation(name, purge_time=0)


def test_create_with_purge_time(resv):
    name, node, start = resv
    Reservation(name, nodes=node, users=["root"], start_time=start, duration=10,
                purge_time=600).create()
    assert Reservation.load(name).purge_time == 600
    assert "PURGE_COMP=00:10:00" in scontrol_flags(name)


def test_cpu_ids_by_node_as_scontrol_core_ids(resv):
    name, node, _ = resv
    # started now: the controller gives a reservation's cores (if at all) once active
    Reservation(name, cpus=2, nodes=node, users=["root"], duration=2).create()
    shown = scontrol_reservations()[name]
    r = Reservation.load(name)
    assert shown["State"] == "ACTIVE"
    # scontrol prints "NodeName=c4 CoreIDs=0-1" for the cores the controller sent;
    # 22.05 does not always send them
    expected = {shown["NodeName"]: shown["CoreIDs"]} if "CoreIDs" in shown else {}
    assert r.cpu_ids_by_node == expected
    assert "cpu_ids_by_node" in r.to_dict()
    Reservation(name).delete()
