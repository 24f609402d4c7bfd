"""A Job kept after its Jobs collection is gone takes its record along
(copy on detach): the message of the whole load is freed; while another
collection still holds the load, or most jobs live on, nothing is copied."""

import sys

import pytest

import pyslurm


@pytest.fixture()
def held_jobs(submit):
    return [submit(script="#!/bin/sh\ntrue\n", hold=True, name=f"detach{i}") for i in range(8)]


def refs(owner):
    """How many references ``owner`` has besides the caller's variable
    (measured against an object the caller refers to once, the same way)."""
    probe = object()
    return _count(owner) - _count(probe) - 1        # less the caller's variable


def _count(obj):
    return sys.getrefcount(obj)


def test_one_kept_job_releases_the_message(held_jobs):
    jobs = pyslurm.Jobs.load()
    owner = jobs._owner
    n = len(jobs)
    assert n >= len(held_jobs) and owner.collections == 1
    assert refs(owner) == n + 1                       # every job and the collection
    kept = jobs[held_jobs[3]]
    before = (kept.id, kept.name, kept.state, kept.to_dict())
    del jobs
    # the kept job now owns a copy of its record: nothing refers to the message
    assert refs(owner) == 0 and owner.collections == 0
    assert (kept.id, kept.name, kept.state, kept.to_dict()) == before
    assert kept.name == "detach3" and kept.state == "PENDING"


def test_a_job_from_a_temporary_collection(held_jobs):
    job = pyslurm.Jobs.load()[held_jobs[0]]
    assert job.name == "detach0" and job.state_reason == "JobHeldUser"
    assert job == pyslurm.Job.load(held_jobs[0])


def test_nothing_copied_while_another_collection_holds_the_load(held_jobs):
    jobs = pyslurm.Jobs.load()
    owner = jobs._owner
    mine = jobs.filter(id=held_jobs)
    kept = jobs[held_jobs[1]]
    assert owner.collections == 2
    del jobs
    assert owner.collections == 1 and refs(owner) >= len(mine) + 1   # not copied
    assert kept.name == "detach1" and len(mine) == len(held_jobs)
    del mine
    assert owner.collections == 0 and refs(owner) == 0               # now copied
    assert kept.name == "detach1"


def test_most_jobs_kept_keep_the_message(held_jobs):
    jobs = pyslurm.Jobs.load()
    owner = jobs._owner
    everything = list(jobs.values())
    del jobs
    # copying more than a quarter of the records would cost more than the message
    assert refs(owner) == len(everything)
    assert {j.id for j in everything} >= set(held_jobs)


def test_reload_lets_go_of_the_old_load(held_jobs):
    jobs = pyslurm.Jobs.load()
    old = jobs._owner
    kept = jobs[held_jobs[2]]
    pyslurm.Job(held_jobs[5]).release()              # a change: reload gets a new message
    assert jobs.reload() is True
    assert jobs._owner is not old and refs(old) == 0 and old.collections == 0
    assert kept.name == "detach2" and jobs[held_jobs[2]].name == "detach2"
