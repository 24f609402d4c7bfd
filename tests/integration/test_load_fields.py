"""load_fields(): a few attributes of every item, without an object per item,
must read exactly what the objects' attributes read."""

import os
import pwd
import subprocess
import time

import pytest

import pyslurm
from pyslurm import Jobs, Nodes, Partitions, Reservations
from pyslurm.records import FieldReader
from pyslurm.testing import wait_for

REQUEST_NODE_INFO = 2007      # slurm_load_node's RPC type (slurm_protocol_defs.h)


def every_field(cls):
    return FieldReader(cls).names


def node_info_rpcs():
    return sum(t.count for t in pyslurm.slurmctld.statistics().rpc_types
               if t.type_id == REQUEST_NODE_INFO)


def test_nodes_every_field_as_the_objects_read_it(slurm_cluster):
    fields = every_field(pyslurm.Node)
    rows = Nodes.load_fields(fields)
    nodes = Nodes.load()
    assert [r["name"] for r in rows] == [n.name for n in nodes.values()]
    volatile = {"cpu_load", "free_memory"}        # sampled by slurmd between loads
    for row in rows:
        expected = nodes[row["name"]].to_dict()
        assert list(row) == list(fields)
        assert {k: v for k, v in row.items() if k not in volatile} == \
            {k: v for k, v in expected.items() if k not in volatile}


def test_nodes_as_tuples_in_field_order(slurm_cluster):
    rows = Nodes.load_fields(["cpus", "name", "state"], as_tuples=True)
    nodes = Nodes.load()
    assert rows == [(n.cpus, n.name, n.state) for n in nodes.values()]
    assert Nodes.load_fields("name", as_tuples=True) == [(n,) for n in nodes.keys()]


def test_nodes_no_change_since_last_load(slurm_cluster):
    def calm():
        # nodes that just registered or resumed may still change: wait for calm
        last = Nodes.load().last_update
        time.sleep(0.5)
        return Nodes.load_fields(["name"], update_time=last) is None
    wait_for(calm, "the nodes to stop changing")
    assert Nodes.load_fields(["name"], update_time=0)


@pytest.mark.parametrize("fields", [["nmae"], [], ["name", 3], ["name", ["cpus"]],
                                    "_state", 42])
def test_bad_fields_fail_before_any_rpc(slurm_cluster, fields):
    before = node_info_rpcs()
    with pytest.raises(ValueError, match="fields"):
        Nodes.load_fields(fields)
    assert node_info_rpcs() == before


def test_bad_field_names_the_value(slurm_cluster):
    with pytest.raises(ValueError, match="'nmae' is not an attribute of Node"):
        Nodes.load_fields(["name", "nmae"])
    with pytest.raises(ValueError, match="'nmae' is not an attribute of Job"):
        Jobs.load_fields(["id", "nmae"])


def test_other_cluster_is_refused(slurm_cluster):
    with pytest.raises(ValueError, match="cluster"):
        Nodes.load_fields(["name"], cluster="elsewhere")


def test_partitions_every_field(slurm_cluster):
    rows = Partitions.load_fields(every_field(pyslurm.Partition))
    parts = Partitions.load()
    assert [r["name"] for r in rows] == list(parts.keys())
    for row in rows:
        assert row == parts[row["name"]].to_dict()


def test_reservations_every_field(slurm_cluster):
    name = "pyslurmtest_fields"
    node = slurm_cluster.node_names[-1]
    subprocess.run(["scontrol", "delete", f"reservation={name}"], capture_output=True)
    subprocess.run(["scontrol", "create", "reservation", f"reservation={name}",
                    "starttime=now+1day", "duration=10", f"nodes={node}", "users=root"],
                   check=True, capture_output=True)
    try:
        rows = Reservations.load_fields(every_field(pyslurm.Reservation))
        resvs = Reservations.load()
        assert name in [r["name"] for r in rows]
        for row in rows:
            assert row == resvs[row["name"]].to_dict()
        assert Reservations.load_fields(["name", "node_names"], as_tuples=True) == \
            [(r.name, r.node_names) for r in resvs.values()]
    finally:
        subprocess.run(["scontrol", "delete", f"reservation={name}"], capture_output=True)


def test_jobs_every_field_as_the_objects_read_it(slurm_cluster, submit):
    held = submit(script="#!/bin/sh\ntrue\n", hold=True, name="fields-held")
    running = submit(script="#!/bin/sh\nsleep 60\n", name="fields-run")
    wait_for(lambda: pyslurm.Job.load(running).state == "RUNNING", f"job {running} to run",
             60)
    fields = every_field(pyslurm.Job)
    rows = {r["id"]: r for r in Jobs.load_fields(fields)}
    jobs = Jobs.load()
    assert set(rows) == set(jobs.keys())
    # values computed from the clock when read
    volatile = {"run_time", "run_time_remaining", "elapsed_cpu_time"}
    for job_id in (held, running):
        expected = jobs[job_id].to_dict()
        row = rows[job_id]
        assert list(row) == list(fields)
        assert {k: v for k, v in row.items() if k not in volatile} == \
            {k: v for k, v in expected.items() if k not in volatile}
    assert rows[held]["state_reason"] == jobs[held].state_reason


def test_jobs_tuples_user_and_poll(slurm_cluster, submit):
    job_id = submit(script="#!/bin/sh\ntrue\n", hold=True, name="fields-poll")
    rows = Jobs.load_fields(["id", "state", "user_name"], as_tuples=True)
    assert (job_id, "PENDING", pwd.getpwuid(os.getuid()).pw_name) in rows
    mine = Jobs.load_fields(["id"], as_tuples=True, user=os.getuid())
    assert (job_id,) in mine
    nobodys = Jobs.load_fields(["id", "user_name"], user="nobody")
    assert job_id not in [r["id"] for r in nobodys]
    assert sorted(r["id"] for r in nobodys) == sorted(Jobs.load(user="nobody").keys())
    assert {r["user_name"] for r in nobodys} <= {"nobody"}

    def calm():
        # jobs of other tests may still be ending: wait until nothing changes
        last = Jobs.load().last_update
        time.sleep(1.1)        # Slurm's update times have a one-second granularity
        return Jobs.load_fields(["id"], update_time=last) is None and last
    last = wait_for(calm, "the jobs to stop changing", 60)
    with pytest.raises(ValueError, match="user"):
        Jobs.load_fields(["id"], user="no-such-user-here")
    with pytest.raises(ValueError, match="update_time"):
        Jobs.load_fields(["id"], user="root", update_time=last)
