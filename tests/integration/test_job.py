"""pyslurm.Job / Jobs / JobSubmitDescription against the real local cluster.

Every job a test submits is cancelled afterwards (the ``submit`` fixture).
"""

import os
import threading
import time

import pytest

import pyslurm
from pyslurm import Job, Jobs, JobSubmitDescription, RPCError
from pyslurm.testing import rss_kib
from pyslurm.testing import wait_for_job as wait_for

SLEEP = "#!/bin/sh\nsleep 30\n"


def running(job):
    return job.state == "RUNNING"


def finished(job):
    return (job.state not in ("PENDING", "RUNNING", "SUSPENDED")
            and "COMPLETING" not in job.state_flags)


def test_submit_and_load_attributes(submit, tmp_path):
    job_id = submit(script=SLEEP, name="attrs", ntasks=1, cpus_per_task=2,
                    memory_per_cpu="100M", time_limit="1:00:00", comment="hello",
                    working_directory=str(tmp_path))
    assert isinstance(job_id, int) and job_id > 0
    job = wait_for(job_id, running)
    assert repr(job) == f"pyslurm.Job({job_id})"
    assert job == Job(job_id) and hash(job) == hash(Job(job_id))
    assert job.id == job_id and job.name == "attrs"
    assert job.user_id == os.getuid() and job.group_id == os.getgid()
    assert job.user_name and job.group_name
    assert job.partition == "debug"
    assert job.cluster == pyslurm.slurmctld.local_cluster_name()
    assert job.state_reason is None and job.state_flags == []
    assert job.states == ("RUNNING",) == (job.state, *job.state_flags)
    # one tuple per distinct state, one str per cluster name: shared
    assert Job.load(job_id).states is job.states
    assert Job.load(job_id).cluster is job.cluster
    assert job.cpus_per_task == 2 and job.cpus == 2 and job.ntasks == 1
    assert job.memory_per_cpu == 100 and job.memory_per_node is None
    assert job.memory == 200
    assert job.time_limit == 60
    assert job.comment == "hello"
    assert job.working_directory == str(tmp_path)
    assert job.standard_output == str(tmp_path / "out-%j.txt")
    assert job.num_nodes == 1 and job.nodes and job.nodes == job.allocated_nodes
    assert job.submit_time <= job.start_time <= time.time() + 1
    assert 0 <= job.run_time < 60
    assert 0 < job.run_time_remaining <= 3600
    assert job.exit_code is None or job.exit_code == 0
    assert job.is_batch_job is True
    d = job.to_dict()
    assert d["id"] == job_id and d["state"] == "RUNNING" and d["memory"] == 200
    # every returned container is fresh
    assert job.constraints is not job.constraints and job.licenses is not job.constraints


def test_controller_chooses_nodes_for_ntasks_and_cpus(submit):
    job = wait_for(submit(script=SLEEP, ntasks=2, cpus_per_task=3), running)
    assert job.cpus == 6 and job.ntasks == 2 and job.num_nodes == 2


def test_memory_per_node_and_default(submit):
    job = wait_for(submit(script=SLEEP, nodes=1, memory_per_node="1G"), running)
    assert job.memory_per_node == 1024 and job.memory_per_cpu is None
    assert job.memory == 1024
    job = wait_for(submit(script=SLEEP, nodes=1, memory_per_node=0), running)
    assert job.memory_per_node == 0     # --mem=0: all of the node's memory
    assert job.memory is not None and job.memory > 0
    job = Job.load(submit(script=SLEEP))
    assert job.memory is not None      # the cluster's default (DefMemPerCPU)
    assert job.to_dict()["memory"] == job.memory


def test_script_file_args_and_sbatch_lines(submit, tmp_path):
    script = tmp_path / "job.sh"
    script.write_text("#!/bin/sh\n#SBATCH --job-name=from-file\n#SBATCH -t 7\necho args:$1:$2\n")
    job_id = submit(script=str(script), script_args=["a b", "c"], time_limit=None)
    job = wait_for(job_id, finished)
    assert job.name == "from-file" and job.time_limit == 7
    assert job.command.startswith(str(script))   # Slurm appends the arguments
    assert job.state == "COMPLETED" and job.exit_code == 0
    assert submit.out(job_id).read_text().strip() == "args:a b:c"
    assert Job(job_id).get_batch_script() == script.read_text()


def test_environment(submit, monkeypatch):
    monkeypatch.setenv("PYSLURM_TEST_VAR", "from-caller")
    script = "#!/bin/sh\necho A=$A V=$PYSLURM_TEST_VAR\n"
    j1 = submit(script=script, environment={"A": "1"})
    j2 = submit(script=script, environment="ALL,A=2")
    j3 = submit(script=script)
    for j in (j1, j2, j3):
        wait_for(j, finished)
    assert submit.out(j1).read_text().strip() == "A=1 V="
    assert submit.out(j2).read_text().strip() == "A=2 V=from-caller"
    assert submit.out(j3).read_text().strip() == "A= V=from-caller"


def test_exit_code_and_state(submit):
    job = wait_for(submit(script="#!/bin/sh\nexit 3\n"), finished)
    assert job.state == "FAILED" and job.exit_code == 3 and job.exit_code_signal == 0
    assert job.state_reason == "NonZeroExitCode"


def test_time_limit_minutes_string_and_modify(submit):
    job_id = submit(script=SLEEP, hold=True, time_limit="5")
    job = Job.load(job_id)
    assert job.time_limit == 5 and job.state == "PENDING" and job.priority == 0
    Job(job_id).modify(JobSubmitDescription(time_limit="1-00:00:00", comment="set"))
    job = Job.load(job_id)
    assert job.time_limit == 1440 and job.comment == "set"
    Job(job_id).modify(JobSubmitDescription(comment=""))
    assert Job.load(job_id).comment is None
    Job(job_id).modify(JobSubmitDescription(time_limit="UNLIMITED"))
    assert Job.load(job_id).time_limit == pyslurm.UNLIMITED
    with pytest.raises(ValueError, match="script"):
        Job(job_id).modify(JobSubmitDescription(script=SLEEP))


@pytest.mark.parametrize("mode, reason", [(None, "JobHeldAdmin"), ("admin", "JobHeldAdmin"),
                                          ("user", "JobHeldUser")])
def test_hold_release_pending(submit, mode, reason):
    job_id = submit(script=SLEEP, begin_time="now+3600")
    Job(job_id).hold(mode=mode)
    job = Job.load(job_id)
    assert job.state == "PENDING" and job.state_reason == reason and job.priority == 0
    Job(job_id).release()
    job = Job.load(job_id)
    assert job.priority != 0 and job.state_reason != reason


@pytest.mark.parametrize("mode", [None, "user"])
def test_hold_running_and_finished_jobs_is_safe(submit, mode):
    run = submit(script=SLEEP)
    wait_for(run, running)
    try:
        Job(run).hold(mode=mode)      # the controller may accept it
    except RPCError:
        pass
    assert Job.load(run).state == "RUNNING"
    Job(run).release()
    done = submit(script="#!/bin/sh\ntrue\n")
    wait_for(done, finished)
    with pytest.raises(RPCError):
        Job(done).hold(mode=mode)
    with pytest.raises(RPCError):
        Job(done).release()
    with pytest.raises(ValueError, match="mode"):
        Job(done).hold(mode="nobody")


def test_send_signal_batch_trap(submit):
    script = ("#!/bin/bash\ntrap 'echo got-usr1' USR1\necho started\n"
              "for i in $(seq 100); do sleep 0.2; done\n")
    job_id = submit(script=script)
    wait_for(job_id, running)
    deadline = time.monotonic() + 10
    while "started" not in (submit.out(job_id).read_text() if submit.out(job_id).exists() else ""):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    Job(job_id).send_signal("USR1", steps="batch")
    while "got-usr1" not in submit.out(job_id).read_text():
        assert time.monotonic() < deadline, submit.out(job_id).read_text()
        time.sleep(0.1)
    for bad in ("NOPE", 0, "USR1@60"):
        with pytest.raises(ValueError, match="signal"):
            Job(job_id).send_signal(bad)
    with pytest.raises(ValueError, match="steps"):
        Job(job_id).send_signal("USR1", steps="some")


def test_suspend_unsuspend(submit):
    job_id = submit(script=SLEEP)
    wait_for(job_id, running)
    Job(job_id).suspend()
    assert Job.load(job_id).state == "SUSPENDED"
    Job(job_id).unsuspend()
    assert Job.load(job_id).state == "RUNNING"
    pending = submit(script=SLEEP, hold=True)
    with pytest.raises(pyslurm.InvalidStateError):
        Job(pending).suspend()
    with pytest.raises(RPCError):
        Job(pending).unsuspend()


def test_requeue(submit):
    job_id = submit(script=SLEEP, requeue=True)
    wait_for(job_id, running)
    Job(job_id).requeue()
    job = wait_for(job_id, lambda j: j.state == "PENDING")
    assert job.requeue_count == 1
    other = submit(script=SLEEP, requeue=True)
    wait_for(other, running)
    Job(other).requeue(hold=True)
    job = wait_for(other, lambda j: j.state == "PENDING")
    assert job.priority == 0
    with pytest.raises(pyslurm.InvalidStateError):
        Job(submit(script=SLEEP, hold=True)).requeue()


def test_notify_and_cancel(submit):
    job_id = submit(script=SLEEP)
    wait_for(job_id, running)
    Job(job_id).notify("hello from pyslurm")
    Job(job_id).cancel()
    job = wait_for(job_id, finished)
    assert job.state == "CANCELLED"
    assert job.states[0] == "CANCELLED" and list(job.states[1:]) == job.state_flags
    pending = submit(script=SLEEP, hold=True)
    with pytest.raises(RPCError):
        Job(pending).notify("not running")


def test_unknown_job():
    bogus = 4_000_000
    with pytest.raises(pyslurm.JobNotFoundError):
        Job.load(bogus)
    for call in (lambda j: j.cancel(), lambda j: j.hold(), lambda j: j.hold(mode="user"),
                 lambda j: j.release(), lambda j: j.suspend(), lambda j: j.requeue(),
                 lambda j: j.get_batch_script(), lambda j: j.send_signal("USR1"),
                 lambda j: j.modify(JobSubmitDescription(comment="x"))):
        with pytest.raises(RPCError):
            call(Job(bogus))


def test_controller_rejections(submit):
    with pytest.raises(pyslurm.PartitionNotFoundError):
        submit(script=SLEEP, partition="no-such-partition")
    # no GRES at all, or (with GresTypes=gpu, as with --extra-nodes) no node
    # of the default partition has a GPU
    with pytest.raises(RPCError, match="gres|generic|node configuration is not available"):
        submit(script=SLEEP, gres="gpu:1")
    with pytest.raises(RPCError):
        submit(script=SLEEP, required_nodes="nosuchnode[1-2]")
    with pytest.raises(RPCError):
        submit(script=SLEEP, licenses="no-such-license:1")


def test_dependencies_and_array(submit):
    first = submit(script=SLEEP, hold=True)
    dep = submit(script=SLEEP, dependencies={"afterok": [first]})
    job = Job.load(dep)
    assert job.state == "PENDING" and job.state_reason == "Dependency"
    assert job.dependencies["afterok"] == [first]
    dl = submit(script=SLEEP, hold=True, deadline="now+7200")
    assert abs(Job.load(dl).deadline - (time.time() + 7200)) < 120
    arr = submit(script=SLEEP, array="0-7%2", hold=True)
    meta = Job.load(arr)
    assert meta.array_id == arr and meta.array_tasks_parallel == 2
    assert meta.array_tasks_waiting == "0-7"
    assert Job.load(f"{arr}_5").id == meta.id          # pending task: the array's record
    with pytest.raises(pyslurm.JobNotFoundError):
        Job.load(f"{arr}_99")
    with pytest.raises(ValueError):
        Job.load(f"{arr}_x")
    run = submit(script=SLEEP, array="0-3")
    task = wait_for(f"{run}_2", running)
    assert task.array_id == run and task.array_task_id == 2
    assert any(j.array_id == run and j.array_task_id == 2 for j in Jobs.load().values())


def test_jobs_load_reload_and_user(submit):
    a = submit(script=SLEEP, hold=True)
    b = submit(script=SLEEP, hold=True)
    jobs = Jobs.load()
    assert a in jobs and b in jobs and isinstance(jobs[a], Job)
    assert jobs[a].state == "PENDING"
    assert jobs.cpus >= 2 and jobs.ntasks >= 2 and jobs.memory >= 0
    assert set(jobs.to_dict()) >= {a, b}
    pre = Jobs.load(preload_passwd_info=True)
    assert pre[a].user_name == jobs[a].user_name and pre[a].group_name == jobs[a].group_name
    mine = Jobs.load(user=os.getuid())
    assert a in mine and all(j.user_id == os.getuid() for j in mine.values())
    assert len(Jobs.load(user=2**31)) == 0
    with pytest.raises(ValueError, match="user"):
        Jobs.load(user="no-such-user-xyz")
    # Other jobs may still be finishing: poll until a reload finds no change.
    deadline = time.monotonic() + 15
    while True:
        t0 = time.perf_counter()
        changed = jobs.refresh()
        elapsed = time.perf_counter() - t0
        if not changed:
            break
        assert time.monotonic() < deadline, "the controller never reported 'no change'"
        time.sleep(0.3)
    assert elapsed < 0.5                     # nothing changed: cheap
    assert a in jobs and b in jobs
    c = submit(script=SLEEP, hold=True)
    frozen = Jobs.load(frozen=True)
    frozen.pop(c)
    d = submit(script=SLEEP, hold=True)
    assert jobs.refresh() is True and d in jobs
    assert frozen.refresh() is True and d not in frozen and c not in frozen
    assert a in frozen


def test_jobs_from_ids():
    jobs = Jobs("1,2")
    assert sorted(jobs.keys()) == [1, 2] and jobs[1] == Job(1)
    assert repr(Jobs([5])) == "pyslurm.Jobs({5: pyslurm.Job(5)})"


def test_threads_load_in_parallel(submit):
    ids = [submit(script=SLEEP, hold=True) for _ in range(3)]
    errors, results = [], []

    def work():
        try:
            for _ in range(5):
                jobs = Jobs.load()
                results.append(all(i in jobs for i in ids))
                results.append(Job.load(ids[0]).id == ids[0])
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(results) and len(results) == 80


def test_load_and_drop_10000_times_does_not_leak(submit):
    """10,000 loads of every job, in windows of 2,000: a leak grows every
    window, heap fragmentation settles after the warm-up (more workloads:
    scripts/memcheck/)."""
    for _ in range(3):
        submit(script=SLEEP, hold=True)
    for _ in range(300):
        Jobs.load().to_dict()
    sizes = [rss_kib()]
    for _ in range(5):
        for _ in range(2000):
            Jobs.load()
        sizes.append(rss_kib())
    growth = [b - a for a, b in zip(sizes, sizes[1:])]
    assert sum(growth) < 2048 and min(growth) < 256, growth      # KiB


AS_USER_SCRIPT = r'''
import json, sys, pyslurm
from pyslurm import Job, JobSubmitDescription as D
root_job = int(sys.argv[1])
out = {}
def attempt(name, f):
    try:
        f()
        out[name] = "ok"
    except pyslurm.RPCError as e:
        out[name] = type(e).__name__
attempt("hold_root", lambda: Job(root_job).hold())
attempt("release_root", lambda: Job(root_job).release())
attempt("modify_root", lambda: Job(root_job).modify(D(comment="not yours")))
attempt("cancel_root", lambda: Job(root_job).cancel())
own = D(script="#!/bin/sh\nsleep 30\n", begin_time="now+3600", working_directory="/tmp",
        standard_output="/dev/null", time_limit=5).submit()
out["own"] = own
attempt("hold_own", lambda: Job(own).hold(mode="user"))
out["own_reason"] = Job.load(own).state_reason
attempt("release_own", lambda: Job(own).release())
attempt("modify_own", lambda: Job(own).modify(D(comment="mine")))
out["own_comment"] = Job.load(own).comment
attempt("cancel_own", lambda: Job(own).cancel())
print(json.dumps(out))
'''


def test_permissions_as_unprivileged_user(submit, as_plain_user):
    """As a plain user: root's job cannot be touched (PermissionDeniedError, job
    unchanged); its own job can be held, released, modified and cancelled."""
    root_job = submit(script=SLEEP, hold=True, comment="root's")
    out = {}
    try:
        out = as_plain_user(AS_USER_SCRIPT, str(root_job), timeout=60)
        for action in ("hold_root", "release_root", "modify_root", "cancel_root"):
            assert out[action] == "PermissionDeniedError", out
        job = Job.load(root_job)
        assert job.state == "PENDING" and job.comment == "root's" and job.priority == 0
        assert out["hold_own"] == "ok" and out["own_reason"] == "JobHeldUser", out
        assert out["release_own"] == "ok" and out["modify_own"] == "ok", out
        assert out["own_comment"] == "mine" and out["cancel_own"] == "ok", out
    finally:
        if isinstance(out.get("own"), int):
            try:
                Job(out["own"]).cancel()
            except RPCError:
                pass
