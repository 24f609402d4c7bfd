"""A Job kept after its Jobs collection is gone takes its record along
(copy on detach): the message of the whole load is freed; while another
collection still holds the load, or most jobs live on, nothing is copied."""

import weakref

import pytest

import pyslurm


@pytest.fixture()
def held_jobs(submit):
    return [submit(script="#!/bin/sh\ntrue\n", hold=True, name=f"detach{i}") for i in range(8)]


# No reference counts here: what sys.getrefcount reports depends on the
# interpreter (3.14 borrows references on its stack).  A weak reference
# to the message's owner tells whether the message was freed, and
# ``_message`` which message an object reads.


def test_one_kept_job_releases_the_message(held_jobs):
    jobs = pyslurm.Jobs.load()
    owner = jobs._owner
    freed = weakref.ref(owner)
    assert len(jobs) >= len(held_jobs) and owner.collections == 1
    assert all(j._message is owner for j in jobs.values())
    kept = jobs[held_jobs[3]]
    before = (kept.id, kept.name, kept.state, kept.to_dict())
    del jobs
    # the kept job now owns a copy of its record: nothing keeps the message
    assert owner.collections == 0 and kept._message is not owner
    del owner
    assert freed() is None
    assert kept._message.collections == 0
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
    assert owner.collections == 1                                    # not copied
    assert kept._message is owner and all(j._message is owner for j in mine.values())
    assert kept.name == "detach1" and len(mine) == len(held_jobs)
    freed = weakref.ref(owner)
    del mine, owner
    assert freed() is None and kept._message is not None             # now copied
    assert kept.name == "detach1"


def test_most_jobs_kept_keep_the_message(held_jobs):
    jobs = pyslurm.Jobs.load()
    owner = jobs._owner
    everything = list(jobs.values())
    del jobs
    # copying more than a quarter of the records would cost more than the message
    assert all(j._message is owner for j in everything)
    assert {j.id for j in everything} >= set(held_jobs)


def test_reload_lets_go_of_the_old_load(held_jobs):
    jobs = pyslurm.Jobs.load()
    freed = weakref.ref(jobs._owner)
    kept = jobs[held_jobs[2]]
    pyslurm.Job(held_jobs[5]).release()              # a change: reload gets a new message
    assert jobs.refresh() is True
    assert freed() is None and kept._message is not jobs._owner
    assert kept.name == "detach2" and jobs[held_jobs[2]].name == "detach2"
