"""Upstream pyslurm's collection behaviour (xcollections.MultiClusterMap),
one test per behaviour, on loaded collections of the real cluster."""

import json

import pyslurm
from pyslurm import xcollections


def test_reload_returns_the_collection_and_refresh_says_whether_it_changed(submit):
    jobs = pyslurm.Jobs.load()
    assert jobs.reload() is jobs                 # upstream: jobs = jobs.reload()
    nodes = pyslurm.Nodes.load()
    assert nodes.reload() is nodes
    parts = pyslurm.Partitions.load()
    assert parts.reload() is parts
    job_id = submit(script="#!/bin/sh\ntrue\n", hold=True)
    assert job_id not in jobs
    assert jobs.reload() is jobs and job_id in jobs
    assert jobs.refresh() in (True, False)       # ours: whether anything changed


def test_load_with_upstreams_positional_arguments(submit):
    job_id = submit(script="#!/bin/sh\ntrue\n", hold=True)
    jobs = pyslurm.Jobs.load(True)               # preload_passwd_info
    assert job_id in jobs and jobs.frozen is False
    assert jobs[job_id].user_name == "root"
    frozen = pyslurm.Jobs.load(False, True)      # (preload_passwd_info, frozen)
    assert frozen.frozen is True
    nodes = pyslurm.Nodes.load(True)             # Nodes.load(preload_passwd_info)
    assert len(nodes) >= 4


def test_constructor_keywords_as_upstream():
    assert list(pyslurm.Jobs(jobs=[5, 6]).keys()) == [5, 6]
    assert list(pyslurm.Nodes(nodes="c1,c2").keys()) == ["c1", "c2"]
    assert list(pyslurm.Partitions(partitions=["debug"]).keys()) == ["debug"]
    assert list(pyslurm.Reservations(reservations=["r1"]).keys()) == ["r1"]


def test_plain_key_is_in_when_any_cluster_holds_it():
    nodes = pyslurm.Nodes.load()
    local = nodes.local_cluster
    nodes["elsewhere"] = {"far1": pyslurm.Node("far1")}
    assert "far1" in nodes and ("elsewhere", "far1") in nodes
    assert (local, "far1") not in nodes
    assert nodes.get("far1") is None             # nodes[id] looks in the local cluster
    assert nodes["elsewhere"]["far1"].name == "far1"
    assert list(nodes.clusters()) == [local, "elsewhere"] == nodes.clusters
    assert ("elsewhere", "far1") in nodes.keys().with_cluster()
    del nodes["elsewhere"]
    assert "far1" not in nodes and nodes.clusters() == [local]


def test_popitem_pop_and_clear():
    nodes = pyslurm.Nodes.load()
    n = len(nodes)
    first = next(iter(nodes))
    key, node = nodes.popitem()
    assert key == first and node.name == first and len(nodes) == n - 1
    assert nodes.pop("no-such-node") is None
    assert nodes.pop("c2").name == "c2" and "c2" not in nodes
    nodes.clear()
    assert len(nodes) == 0 and not nodes


def test_to_json_and_to_dict(submit):
    job_id = submit(script="#!/bin/sh\ntrue\n", hold=True, name="compat-json")
    jobs = pyslurm.Jobs.load()
    data = json.loads(jobs.to_json())
    assert data[str(job_id)]["name"] == "compat-json"
    assert data[str(job_id)]["id"] == job_id
    multi = json.loads(jobs.to_json(multi_cluster=True))
    assert multi[jobs.local_cluster][str(job_id)]["state"] == "PENDING"
    assert jobs.to_dict(recursive=False)[job_id] == jobs[job_id].to_dict()
    job = jobs[job_id]
    assert job.to_dict(recursive=True) == job.to_dict() == job.as_dict()
    assert json.loads(xcollections.to_json(jobs)) == data


def test_views_and_module_functions():
    nodes = pyslurm.Nodes.load()
    assert len(nodes.keys()) == len(nodes.values()) == len(nodes.items()) == len(nodes)
    assert "c1" in nodes.keys() and nodes["c1"] in nodes.values()
    assert all(c == nodes.local_cluster for c, _, _ in nodes.items().with_cluster())
    cpus = sum(n.cpus for n in nodes.values() if n.cpus is not None)
    assert xcollections.sum_property(nodes, "cpus") == cpus
    assert xcollections.dict_recursive(nodes) == nodes.to_dict()
    assert xcollections.multi_dict_recursive(nodes) == nodes.to_dict(multi_cluster=True)
    assert xcollections.multi_reload(nodes) is nodes and nodes.frozen is False


def test_frozen_reload_keeps_what_it_holds(submit):
    a = submit(script="#!/bin/sh\ntrue\n", hold=True)
    jobs = pyslurm.Jobs.load(frozen=True)
    del jobs[a]
    b = submit(script="#!/bin/sh\ntrue\n", hold=True)
    assert jobs.reload() is jobs
    assert a not in jobs and b not in jobs       # frozen: nothing added
    unfrozen = pyslurm.Jobs.load()
    assert xcollections.multi_reload(unfrozen, frozen=False) is unfrozen and b in unfrozen
