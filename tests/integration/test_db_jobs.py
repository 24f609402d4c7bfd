"""pyslurm.db's jobs against the real accounting database: jobs submitted
here (finished, failed with exit 5, cancelled, timed out, an array) read
back with pyslurm.db and compared field by field with ``sacct -P``;
filters, modify, load_fields and iter_load."""

import datetime
import gc
import json
import os
import subprocess
import time
import weakref

import pytest

import pyslurm
from pyslurm import RPCError, db

SACCT_FIELDS = ("JobIDRaw,JobName,State,ExitCode,DerivedExitCode,NodeList,Submit,Eligible,"
                "Start,End,ElapsedRaw,Account,Partition,User,QOS,AllocTRES,ReqTRES,Cluster,"
                "JobID,NNodes,AllocCPUS,Timelimit,WorkDir")


def sacct(conf, *args):
    out = subprocess.run(["sacct", "-n", "-P", *args], env={**os.environ, "SLURM_CONF": conf},
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def sacct_rows(conf, ids, *extra):
    names = SACCT_FIELDS.split(",")
    rows = sacct(conf, "-X", "-j", ",".join(map(str, ids)), "-o", SACCT_FIELDS, *extra)
    return {int(r[0]): dict(zip(names, r)) for r in rows}


def when(text):
    """sacct's local time (or Unknown/None) as unix time."""
    if text in ("Unknown", "None", ""):
        return None
    return int(datetime.datetime.fromisoformat(text).timestamp())


def tres_of(text):
    """sacct's TRES ("billing=1,cpu=1,mem=500M,node=1") with memory in MiB."""
    out = {}
    for item in filter(None, text.split(",")):
        key, _, value = item.partition("=")
        mult = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 ** 2}.get(value[-1:], None)
        out[key] = int(float(value[:-1]) * mult) if mult else int(value)
    return out


TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"}


@pytest.fixture(scope="module")
def history(slurm_accounting, tmp_path_factory):
    """Jobs of every kind, finished and recorded in the accounting database:
    ``{kind: [job ids]}`` and the time before they were submitted."""
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    out = tmp_path_factory.mktemp("dbjobs")
    before = int(time.time()) - 1

    def submit(script, **opts):
        opts.setdefault("standard_output", str(out / "%j.out"))
        opts.setdefault("time_limit", 3)
        return pyslurm.JobSubmitDescription(script=script, **opts).submit()

    kinds = {
        "ok": [submit("#!/bin/sh\nsrun -n1 true\necho done\n", name="db-ok")],
        "fail": [submit("#!/bin/sh\nexit 5\n", name="db-fail") for _ in range(2)],
        "cancel": [submit("#!/bin/sh\nsleep 300\n", name="db-cancel")],
        "timeout": [submit("#!/bin/sh\nsleep 300\n", name="db-timeout", time_limit=1)],
        "array": [submit("#!/bin/sh\nexit 0\n", name="db-array", array="1-3")],
    }
    time.sleep(2)
    pyslurm.Job(kinds["cancel"][0]).cancel()
    ids = [i for v in kinds.values() for i in v]
    deadline = time.monotonic() + 300
    while True:
        rows = sacct(conf, "-X", "-j", ",".join(map(str, ids)), "-o", "JobID,State")
        states = {r[0]: r[1].split()[0] for r in rows}
        array_rows = [k for k in states if k.startswith(f"{kinds['array'][0]}_")]
        done = (all(str(i) in states or i == kinds["array"][0] for i in ids)
                and len(array_rows) == 3
                and all(s in TERMINAL for s in states.values()))
        if done:
            break
        if time.monotonic() > deadline:
            for i in ids:
                try:
                    pyslurm.Job(i).cancel()
                except RPCError:
                    pass
            pytest.fail(f"jobs did not reach the accounting database in time: {states}")
        time.sleep(2)
    # the array's task ids (raw job ids) as sacct gives them
    tasks = sacct(conf, "-X", "-j", str(kinds["array"][0]), "-o", "JobIDRaw")
    kinds["array_tasks"] = sorted(int(r[0]) for r in tasks)
    yield {"kinds": kinds, "before": before, "conf": conf, "out": out,
           "cluster": slurm_accounting.clusters[0], "account": slurm_accounting.account}
    for path in out.iterdir():
        path.unlink()


def iso(t):
    """A unix time as sacct -S/-E take it."""
    return datetime.datetime.fromtimestamp(t).isoformat(timespec="seconds")


def ours(h):
    return [i for k, v in h["kinds"].items() if k != "array" for i in v]


def window(h):
    return db.JobFilter(start_time=h["before"], end_time="now")


def test_jobs_match_sacct_field_by_field(history):
    ids = ours(history)
    jobs = db.Jobs.load(db.JobFilter(ids=ids))
    rows = sacct_rows(history["conf"], ids)
    assert sorted(rows) == sorted(ids)
    for jid, row in rows.items():
        job = jobs[jid]
        assert job.id == jid
        assert job.cluster == row["Cluster"] == history["cluster"]
        assert job.name == row["JobName"]
        assert job.state == row["State"].split()[0]
        code, sig = (int(x) for x in row["ExitCode"].split(":"))
        assert (job.exit_code, job.exit_code_signal) == (code, sig)
        dcode, dsig = (int(x) for x in row["DerivedExitCode"].split(":"))
        assert (job.derived_exit_code, job.derived_exit_code_signal) == (dcode, dsig)
        assert job.nodelist == (None if row["NodeList"] == "None assigned" else row["NodeList"])
        assert job.submit_time == when(row["Submit"])
        assert job.eligible_time == when(row["Eligible"])
        assert job.start_time == when(row["Start"])
        assert job.end_time == when(row["End"])
        assert job.elapsed_time == int(row["ElapsedRaw"])
        assert job.account == row["Account"] == history["account"]
        assert job.partition == row["Partition"]
        assert job.user_name == row["User"] == "root" and job.user_id == 0
        assert job.qos == row["QOS"]
        assert job.num_nodes == int(row["NNodes"])
        assert job.cpus == int(row["AllocCPUS"]) or (job.cpus, row["AllocCPUS"]) == (1, "0")
        assert job.working_directory == row["WorkDir"]
        alloc = job.allocated_tres
        assert (alloc.to_dict(flatten_limits=True) if alloc else {}) == tres_of(row["AllocTRES"])
        assert job.requested_tres.to_dict(flatten_limits=True) == tres_of(row["ReqTRES"])
        assert job.memory == tres_of(row["ReqTRES"]).get("mem")
        assert job.time_limit == (3 if jid not in history["kinds"]["timeout"] else 1)


def test_states_and_exit_codes_of_each_kind(history):
    k = history["kinds"]
    jobs = db.Jobs.load(db.JobFilter(ids=ours(history)))
    assert jobs[k["ok"][0]].state == "COMPLETED" and jobs[k["ok"][0]].exit_code == 0
    for jid in k["fail"]:
        assert (jobs[jid].state, jobs[jid].exit_code) == ("FAILED", 5)
    assert jobs[k["cancel"][0]].state == "CANCELLED"
    assert jobs[k["cancel"][0]].cancelled_by == "root"
    assert jobs[k["timeout"][0]].state == "TIMEOUT"
    assert jobs[k["timeout"][0]].elapsed_time >= 60


def test_array_fields(history):
    k = history["kinds"]
    jobs = db.Jobs.load(db.JobFilter(ids=[k["array"][0]]))
    assert sorted(jobs.keys()) == k["array_tasks"]
    rows = sacct_rows(history["conf"], k["array_tasks"])
    for jid in k["array_tasks"]:
        job = jobs[jid]
        array_id, _, task = rows[jid]["JobID"].partition("_")   # sacct: 240_1
        assert job.array_id == int(array_id) == k["array"][0]
        assert job.array_task_id == int(task)
        assert job.state == "COMPLETED"
    assert sorted(j.array_task_id for j in jobs.values()) == [1, 2, 3]


def test_steps_match_sacct(history):
    jid = history["kinds"]["ok"][0]
    job = db.Job.load(jid)
    rows = sacct(history["conf"], "-j", str(jid), "-o", "JobID,State,ExitCode,NodeList,NTasks")
    want = {r[0].split(".", 1)[1]: r for r in rows if "." in r[0]}
    have = {str(k): v for k, v in job.steps.items()}
    assert sorted(have) == sorted(want)
    for name, step in have.items():
        row = want[name]
        assert step.job_id == jid
        assert step.state == row[1].split()[0]
        assert f"{step.exit_code}:{step.exit_code_signal}" == row[2]
        assert step.nodelist == row[3]
        assert step.ntasks == (int(row[4]) if row[4] else None)
        assert isinstance(step.stats, db.JobStepStatistics)
        assert step.stats.total_cpu_time >= 0
    assert 0 in job.steps and "batch" in job.steps
    assert repr(job.steps[0]) == f"pyslurm.db.JobStep({jid}, 0)"
    # the job's statistics are its steps' summed
    assert set(job.stats.steps) == set(job.steps)
    assert job.stats.total_cpu_time == pytest.approx(
        sum(s.stats.total_cpu_time for s in job.steps.values()), abs=1e-3)
    assert job.stats.elapsed_cpu_time == job.elapsed_time * job.cpus
    with pytest.raises(RuntimeError):
        db.JobStep()


def test_filter_by_state_exit_code_nodes_users_and_window(history):
    k = history["kinds"]
    mine = set(ours(history)) | set(k["array_tasks"])
    base = dict(start_time=history["before"], end_time="now")

    def ids(**kw):
        return set(db.Jobs.load(db.JobFilter(**base, **kw)).keys()) & mine

    assert ids(states=["F"]) == set(k["fail"])
    assert ids(states="failed,TO") == set(k["fail"]) | set(k["timeout"])
    assert ids(states=["CANCELLED"]) == set(k["cancel"])
    assert ids(exit_codes=[5]) == set(k["fail"])
    assert set(k["fail"]).isdisjoint(ids(exit_codes=[0]))
    assert ids(users=["root"]) == mine
    assert ids(users=[0], accounts=[history["account"]]) == mine
    assert ids(names=["db-fail"]) == set(k["fail"])
    node = db.Job.load(k["ok"][0]).nodelist
    on_node = ids(nodelist=node)
    assert k["ok"][0] in on_node
    rows = sacct(history["conf"], "-X", "-S", iso(history["before"]), "-N", node, "-o", "JobIDRaw")
    assert on_node == {int(r[0]) for r in rows} & mine
    # a window that ends before the jobs were submitted
    assert not (set(db.Jobs.load(db.JobFilter(start_time=history["before"] - 7200,
                                              end_time=history["before"] - 3600)).keys()) & mine)
    # sacct's own time strings
    assert mine <= set(db.Jobs.load(db.JobFilter(start_time="now-1days")).keys())
    # the same selection as sacct with the same options
    now = int(time.time())
    rows = sacct(history["conf"], "-X", "-S", iso(history["before"]), "-E", iso(now),
                 "-s", "F,TO", "-o", "JobIDRaw")
    assert ids(states=["F", "TO"]) == {int(r[0]) for r in rows} & mine
    # states with a start only: jobs in those states at that moment (sacct -s -S)
    end = db.Job.load(k["fail"][0]).end_time
    rows = sacct(history["conf"], "-X", "-S", iso(end - 1), "-s", "F", "-o", "JobIDRaw")
    at = set(db.Jobs.load(db.JobFilter(start_time=end - 1, states=["F"])).keys())
    assert at & mine == {int(r[0]) for r in rows} & mine


def test_bad_filters_fail_before_any_request():
    with pytest.raises(ValueError, match="'NOPE'"):
        db.JobFilter(states=["COMPLETED", "NOPE"])
    with pytest.raises(ValueError, match="nodelist"):
        db.JobFilter(nodelist="c[1-")
    with pytest.raises(ValueError, match="start_time"):
        db.JobFilter(start_time="yesterday-ish")
    with pytest.raises(ValueError, match="exit_codes"):
        db.JobFilter(exit_codes=[256])
    with pytest.raises(ValueError, match="users"):
        db.JobFilter(users=["no-such-user-here"])
    f = db.JobFilter()
    f.states = ["bogus"]
    with pytest.raises(ValueError, match="bogus"):
        db.Jobs.load(f)
    with pytest.raises(ValueError, match="qos"):
        db.Jobs.load(db.JobFilter(qos=["no-such-qos"]))
    with pytest.raises(TypeError):
        db.Jobs.load("state=F")


def test_job_load_script_env_and_missing(history):
    jid = history["kinds"]["fail"][0]
    job = db.Job.load(jid, with_script=True)
    config = subprocess.run(["scontrol", "show", "config"], capture_output=True, text=True,
                            env={**os.environ, "SLURM_CONF": history["conf"]}).stdout
    stored = next((line.split("=", 1)[1].strip().lower() for line in config.splitlines()
                   if line.startswith("AccountingStoreFlags")), "")
    # slurmdbd keeps scripts only with AccountingStoreFlags=job_script
    assert job.script == ("#!/bin/sh\nexit 5\n" if "job_script" in stored else None)
    assert "script" not in db.Job.load(jid).to_dict()
    job = db.Job.load(jid, cluster=history["cluster"], with_env=True)
    assert isinstance(job.environment, dict)
    with pytest.raises(ValueError):
        db.Job.load(jid, with_script=True, with_env=True)
    with pytest.raises(RPCError, match="does not exist"):
        db.Job.load(999999)
    assert repr(job) == f"pyslurm.db.Job({jid})"


def test_modify_comment(history):
    jid = history["kinds"]["ok"][0]
    changed = db.Jobs.modify(db.JobFilter(ids=[jid]), db.Job(comment="pyslurm was here"))
    assert changed == [jid]
    assert db.Job.load(jid).comment == "pyslurm was here"
    assert sacct(history["conf"], "-X", "-j", str(jid), "-o", "Comment") == [["pyslurm was here"]]
    assert db.Job.load(jid).modify(db.Job(admin_comment="checked")) == [jid]
    assert db.Job.load(jid).admin_comment == "checked"
    with db.Connection.open() as conn:
        db.Jobs.modify(db.JobFilter(ids=[jid]), db.Job(comment="rolled back"), conn)
        conn.rollback()
    assert db.Job.load(jid).comment == "pyslurm was here"
    with pytest.raises(ValueError, match="nothing set"):
        db.Jobs.modify(db.JobFilter(ids=[jid]), db.Job())
    with pytest.raises(AttributeError):
        db.Job(jid, name="renamed")
    with pytest.raises(TypeError):
        db.Jobs.modify(db.JobFilter(ids=[jid]), {"comment": "x"})
    with pytest.raises(RPCError, match="Nothing was modified"):
        db.Jobs.modify(db.JobFilter(ids=[999999]), db.Job(comment="x"))


def test_load_fields_reads_what_the_objects_read(history):
    f = db.JobFilter(ids=ours(history))
    fields = ["id", "state", "exit_code", "nodelist", "elapsed_time", "qos", "allocated_tres"]
    rows = db.Jobs.load_fields(fields, f)
    jobs = db.Jobs.load(f)
    assert len(rows) == len(jobs)
    for row in rows:
        job = jobs[row["id"]]
        assert row == {n: getattr(job, n) for n in fields}
    tuples = db.Jobs.load_fields(["id", "state"], f, as_tuples=True)
    assert sorted(tuples) == sorted((j.id, j.state) for j in jobs.values())
    with pytest.raises(ValueError, match="no_such"):
        db.Jobs.load_fields(["id", "no_such"], f)


def test_iter_load_walks_the_window_in_pieces(history):
    f = db.JobFilter(start_time=history["before"] - 1800, end_time="now")
    whole = db.Jobs.load(f)
    seen = []
    pieces = 0
    for piece in db.Jobs.iter_load(f, chunk=datetime.timedelta(minutes=5)):
        pieces += 1
        assert isinstance(piece, db.Jobs)
        seen.extend(piece.keys())
    assert pieces >= 6
    assert sorted(seen) == sorted(whole.keys())          # each job once
    rows = list(db.Jobs.iter_load(f, chunk=600, fields=["id"], as_tuples=True))
    assert sorted(i for piece in rows for (i,) in piece) == sorted(whole.keys())
    with pytest.raises(ValueError, match="chunk"):
        next(iter(db.Jobs.iter_load(f, chunk=0)))


def test_to_dict_json_sums_and_ownership(history):
    jobs = db.Jobs.load(db.JobFilter(ids=ours(history)))
    d = jobs.to_dict()
    assert sorted(d) == sorted(ours(history))
    one = d[history["kinds"]["ok"][0]]
    assert one["state"] == "COMPLETED" and "steps" in one and "stats" in one
    assert one["allocated_tres"]["cpu"] >= 1
    json.loads(jobs.to_json())
    assert jobs.cpus == sum(j.cpus or 0 for j in jobs.values())
    assert jobs.nodes == sum(j.num_nodes for j in jobs.values())
    assert jobs.memory == sum(j.memory or 0 for j in jobs.values())
    assert jobs.elapsed_cpu_time == sum(j.elapsed_cpu_time for j in jobs.values())
    assert isinstance(jobs.stats, db.JobStatistics)
    fresh = db.Jobs.load(db.JobFilter(ids=ours(history)))
    dicts = {j.id: j.to_dict() for j in fresh.values()}     # before any .stats
    for job in fresh.values():
        assert dicts[job.id]["stats"] == job.stats.to_dict()
    assert repr(jobs).startswith("pyslurm.db.Jobs(")
    # a kept job keeps the list; the list goes with the last object
    kept = jobs[history["kinds"]["ok"][0]]
    owner = weakref.ref(kept._message)
    del jobs, d, one
    gc.collect()
    assert kept.state == "COMPLETED" and owner() is not None
    steps = kept.steps
    del kept
    gc.collect()
    assert owner() is not None and steps[0].state == "COMPLETED"
    del steps
    gc.collect()
    assert owner() is None


def test_trackable_resources_table(history):
    tres = db.TrackableResources.load()
    names = {r.type_and_name for r in tres}
    assert {"cpu", "mem", "node", "billing", "energy"} <= names
    by_id = {r.id: r for r in tres}
    parsed = db.TrackableResources.from_str("1=4,2=4000,4=1", tres)
    assert parsed.to_dict(flatten_limits=True) == {"cpu": 4, "mem": 4000, "node": 1}
    assert by_id[1].type == "cpu"
    with pytest.raises(ValueError, match="9999"):
        db.TrackableResources.from_str("9999=1", tres)
