"""pyslurm.db QOS against the local cluster's slurmdbd: create, read,
modify and delete, each compared with ``sacctmgr -P show qos``; a limit
enforced on a submitted job; refusals for a plain user."""

import os
import subprocess
import time
import uuid

import pytest

import pyslurm
from pyslurm import JobSubmitDescription, db
from pyslurm.errors import PermissionDeniedError, RPCError

FIELDS = ("name,priority,maxwall,maxtrespu,grptres,maxjobspu,maxsubmitpu,preempt,"
          "preemptmode,flags,usagefactor,description")


def qos_row(conf, name):
    """sacctmgr's row of QOS ``name`` as a dict (None when it has none)."""
    out = subprocess.run(["sacctmgr", "-n", "-P", "show", "qos", name, f"format={FIELDS}"],
                         env={**os.environ, "SLURM_CONF": conf}, capture_output=True,
                         text=True, check=True, timeout=60).stdout.strip()
    return dict(zip(FIELDS.split(","), out.split("|"))) if out else None


@pytest.fixture()
def conf(slurm_accounting):
    return slurm_accounting.confs[slurm_accounting.clusters[0]]


@pytest.fixture()
def qos_name(conf):
    """A fresh QOS name; the QOS is deleted at the end if a test left it."""
    name = f"pyt{uuid.uuid4().hex[:8]}"
    yield name
    if qos_row(conf, name) is not None:
        subprocess.run(["sacctmgr", "-i", "delete", "qos", name],
                       env={**os.environ, "SLURM_CONF": conf}, capture_output=True, timeout=60)


def test_qos_create_read_modify_delete(conf, qos_name):
    db.QualityOfService(qos_name, priority=10, max_wall="1:00:00", description="a test",
                        max_tres_per_user={"cpu": 8, "mem": "2G"}, grp_tres="cpu=16",
                        max_jobs_per_user=3, preempt=["normal"], preempt_mode="requeue",
                        flags=["DenyOnLimit"], usage_factor=2).create()
    row = qos_row(conf, qos_name)
    assert row == {"name": qos_name, "priority": "10", "maxwall": "01:00:00",
                   "maxtrespu": "cpu=8,mem=2G", "grptres": "cpu=16", "maxjobspu": "3",
                   "maxsubmitpu": "", "preempt": "normal", "preemptmode": "requeue",
                   "flags": "DenyOnLimit", "usagefactor": "2.000000",
                   "description": "a test"}
    q = db.QualityOfService.load(qos_name)
    assert (q.name, q.priority, q.max_wall, q.max_tres_per_user, q.grp_tres) == (
        qos_name, 10, 60, {"cpu": 8, "mem": 2048}, {"cpu": 16})
    assert (q.max_jobs_per_user, q.preempt, q.preempt_mode, q.flags, q.usage_factor) == (
        3, ["normal"], "REQUEUE", ["DenyOnLimit"], 2.0)
    assert q.max_submit_jobs_per_user == pyslurm.UNLIMITED     # not set
    assert q.id > 1 and q.description == "a test"

    db.QualityOfService(qos_name).modify(db.QualityOfService(
        max_jobs_per_user=-1, max_tres_per_user={"cpu": pyslurm.UNLIMITED}, priority=5,
        flags=[], preempt=[], MaxSubmitJobsPerUser=7))
    row = qos_row(conf, qos_name)
    assert (row["priority"], row["maxjobspu"], row["maxtrespu"], row["flags"],
            row["preempt"], row["maxsubmitpu"]) == ("5", "", "mem=2G", "", "", "7")
    q = db.QualityOfService.load(qos_name)
    assert (q.priority, q.max_jobs_per_user, q.max_tres_per_user, q.flags, q.preempt,
            q.max_submit_jobs_per_user) == (5, pyslurm.UNLIMITED, {"mem": 2048}, [], [], 7)

    db.QualityOfService(qos_name).delete()
    assert qos_row(conf, qos_name) is None
    with pytest.raises(RPCError) as e:
        db.QualityOfService(qos_name).delete()
    assert e.value.message == "Invalid qos specification"       # ESLURM_INVALID_QOS
    with pytest.raises(RPCError):
        db.QualityOfService.load(qos_name)


def test_qos_sacctmgr_spellings(conf, qos_name):
    db.QualityOfService(qos_name, MaxWall="2:00:00", MaxTRESPU="cpu=4", GrpTRES="cpu=8",
                        MaxJobsPU=2, PreemptMode="cancel").create()
    row = qos_row(conf, qos_name)
    assert (row["maxwall"], row["maxtrespu"], row["grptres"], row["maxjobspu"],
            row["preemptmode"]) == ("02:00:00", "cpu=4", "cpu=8", "2", "cancel")
    db.QualityOfService(qos_name).modify(MaxWall=-1, max_jobs_per_user="UNLIMITED")
    row = qos_row(conf, qos_name)
    assert (row["maxwall"], row["maxjobspu"]) == ("", "")


def test_qos_collection_and_filter(conf, qos_name):
    db.QualityOfService(qos_name, priority=3).create()
    every = db.QualitiesOfService.load()
    assert {"normal", qos_name} <= set(every)
    assert every[qos_name].priority == 3
    one = db.QualitiesOfService.load(db.QualityOfServiceFilter(names=[qos_name]))
    assert list(one) == [qos_name]
    by_id = db.QualitiesOfService.load(name_is_key=False)
    assert by_id[every[qos_name].id].name == qos_name
    assert db.QualitiesOfService.load(db.QualityOfServiceFilter(names=["nosuchqos"])) == {}


def test_qos_existing_name_refused(conf, qos_name):
    db.QualityOfService(qos_name, priority=1).create()
    with pytest.raises(RPCError, match="exists already"):
        db.QualityOfService(qos_name, priority=9).create()
    assert qos_row(conf, qos_name)["priority"] == "1"      # unchanged


def test_qos_unknown_names_refused_before_any_change(conf, qos_name):
    with pytest.raises(ValueError, match="gres/nosuchgres"):
        db.QualityOfService(qos_name, grp_tres={"gres/nosuchgres": 1}).create()
    with pytest.raises(ValueError, match="nosuchqos"):
        db.QualityOfService(qos_name, preempt=["nosuchqos"]).create()
    with pytest.raises(ValueError, match="max_wall"):
        db.QualityOfService(qos_name, max_wall=-5)
    assert qos_row(conf, qos_name) is None
    with pytest.raises(RPCError):
        db.QualityOfService("nosuchqos").modify(priority=1)


def test_qos_on_a_caller_connection_is_committed_by_the_caller(conf, qos_name):
    with db.Connection.open() as conn:
        db.QualityOfService(qos_name, priority=4).create(db_connection=conn)
        assert db.QualityOfService.load(qos_name, db_connection=conn).priority == 4
        conn.rollback()
    assert qos_row(conf, qos_name) is None                 # rolled back: never there
    with db.Connection.open() as conn:
        db.QualityOfService(qos_name, priority=4).create(db_connection=conn)
        conn.commit()
    assert qos_row(conf, qos_name)["priority"] == "4"


def _wait_submit(desc, timeout=30):
    """Submit, retrying while the controller has not yet heard of a new QOS
    (slurmdbd sends it after the commit)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return desc.submit()
        except RPCError as e:
            if "qos" not in e.message.lower() or time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_qos_limit_enforced_on_a_submitted_job(slurm_accounting, conf, qos_name, submit):
    """MaxWall 1 minute with DenyOnLimit: a 10-minute job is refused at
    submission, a 1-minute one runs."""
    db.QualityOfService(qos_name, max_wall=1, flags=["DenyOnLimit"]).create()
    me = db.Association(account=slurm_accounting.account, user="root",
                        cluster=slurm_accounting.clusters[0])
    before = db.Associations.load(db.AssociationFilter(
        users=["root"], accounts=[slurm_accounting.account],
        clusters=[slurm_accounting.clusters[0]]))
    qos_before = next(iter(before.values())).qos
    me.modify(qos=qos_before + [qos_name])
    try:
        script = "#!/bin/sh\nsleep 1\n"
        job_id = _wait_submit(JobSubmitDescription(script=script, qos=qos_name, time_limit=1,
                                                   standard_output="/dev/null"))
        assert pyslurm.Job.load(job_id).qos == qos_name
        pyslurm.Job(job_id).cancel()
        with pytest.raises(RPCError) as e:
            JobSubmitDescription(script=script, qos=qos_name, time_limit=10,
                                 standard_output="/dev/null").submit()
        assert "limit" in e.value.message.lower() or "qos" in e.value.message.lower()
    finally:
        me.modify(qos=qos_before)


def test_plain_user_cannot_create_a_qos(as_nobody, conf, qos_name):
    result = as_nobody(f"""
import json, pyslurm
pyslurm.init({conf!r})
from pyslurm import db
try:
    db.QualityOfService({qos_name!r}, priority=99).create()
    print(json.dumps(["created"]))
except pyslurm.errors.RPCError as e:
    print(json.dumps([type(e).__name__, e.errno]))
""")
    assert result[0] == "PermissionDeniedError", result
    assert qos_row(conf, qos_name) is None


def test_plain_user_cannot_modify_or_delete_a_qos(as_nobody, conf, qos_name):
    db.QualityOfService(qos_name, priority=2).create()
    result = as_nobody(f"""
import json, pyslurm
pyslurm.init({conf!r})
from pyslurm import db
out = []
for call in (lambda: db.QualityOfService({qos_name!r}).modify(priority=77),
             lambda: db.QualityOfService({qos_name!r}).delete()):
    try:
        call()
        out.append("done")
    except pyslurm.errors.RPCError as e:
        out.append(type(e).__name__)
print(json.dumps(out))
""")
    assert result == ["PermissionDeniedError", "PermissionDeniedError"]
    assert qos_row(conf, qos_name)["priority"] == "2"
    assert issubclass(PermissionDeniedError, RPCError)
