"""The PSI/J executor "pyslurm" against the test cluster: registration,
every JobSpec field as the controller records it, states as the controller
reports them (promptly, in order, from the poller thread), exit codes and
reasons, attach from another process, unknown and purged ids, cancel
(running and pending, by us and by an administrator), list, and the one
job-info RPC per poll.  psij-python's own tests are in
test_psij_peer_suite.py."""

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import psij
import pytest
from psij import Job, JobAttributes, JobSpec, JobState, ResourceSpecV1

import pyslurm
from pyslurm.psij import PyslurmExecutorConfig, PyslurmJobExecutor
from pyslurm.psij.poller import Poller, Tracked, poller

SRC_ROOT = Path(pyslurm.__file__).resolve().parent.parent
WAIT = timedelta(seconds=90)
REQUEST_JOB_INFO = 2003         # Slurm's message types, as sdiag counts them
REQUEST_JOB_USER_INFO = 2039


@pytest.fixture(scope="module")
def ex(slurm_cluster):
    return psij.JobExecutor.get_instance("pyslurm")


@pytest.fixture()
def jobs():
    """Jobs submitted by a test, cancelled at its end."""
    made = []
    yield made
    for job in made:
        if job.native_id is not None:
            try:
                pyslurm.Job(int(job.native_id)).cancel()
            except pyslurm.RPCError:
                pass


def _submit(ex, jobs, spec):
    job = Job(spec)
    ex.submit(job)
    jobs.append(job)
    return job


def _record(job):
    return pyslurm.Job.load(int(job.native_id))


# -- the time-limit job: submitted first, checked last (Slurm's limits are
# -- whole minutes, and the controller looks for expired jobs every 30 s)
@pytest.fixture(scope="module")
def time_limit_job(ex):
    job = Job(JobSpec("/bin/sleep", ["600"],
                      attributes=JobAttributes(duration=timedelta(minutes=1))))
    ex.submit(job)
    yield job
    try:
        pyslurm.Job(int(job.native_id)).cancel()
    except pyslurm.RPCError:
        pass


def test_time_limit_job_runs(time_limit_job):
    st = time_limit_job.wait(timeout=WAIT, target_states=[JobState.ACTIVE])
    assert st is not None and st.state == JobState.ACTIVE
    assert _record(time_limit_job).time_limit == 1


def test_registered_as_pyslurm(ex):
    assert "pyslurm" in psij.JobExecutor.get_executor_names()
    assert type(ex) is PyslurmJobExecutor          # the class pyslurm.psij exports
    assert ex.name == "pyslurm" and str(ex.version) == "1.0.0"


def test_exit_code_states_and_callbacks(ex, jobs):
    """A job exiting 5: FAILED with exit code 5; QUEUED, ACTIVE, FAILED
    once each, in order, from the poller thread, to the job's and the
    executor's callbacks."""
    seen, seen_ex = [], []
    ex2 = psij.JobExecutor.get_instance("pyslurm")
    ex2.set_job_status_callback(lambda j, st: seen_ex.append(st.state))
    job = Job(JobSpec("/bin/bash", ["-c", "sleep 1; exit 5"]))
    job.set_job_status_callback(
        lambda j, st: seen.append((st.state, threading.current_thread().name)))
    ex2.submit(job)
    jobs.append(job)
    st = job.wait(timeout=WAIT)
    assert st.state == JobState.FAILED and st.exit_code == 5
    assert st.message == "FAILED: exit code 5"
    assert st.metadata["slurm_state"] == "FAILED" and st.metadata["exit_signal"] == 0
    rec = _record(job)
    assert st.time == rec.end_time
    time.sleep(1)                                   # nothing more comes
    assert [s for s, _ in seen] == [JobState.QUEUED, JobState.ACTIVE, JobState.FAILED]
    assert {t for _, t in seen} == {"pyslurm-psij-poller"}
    assert seen_ex == [JobState.QUEUED, JobState.ACTIVE, JobState.FAILED]
    # two executors, one poller thread for the process
    assert [t.name for t in threading.enumerate()].count("pyslurm-psij-poller") == 1


def test_active_when_controller_says_running(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/sleep", ["4"]))
    st = job.wait(timeout=WAIT, target_states=[JobState.ACTIVE])
    assert st.state == JobState.ACTIVE
    rec = _record(job)
    assert rec.state == "RUNNING"
    assert st.time == rec.start_time
    assert time.time() - rec.start_time < 2.5       # within a poll (1 s resolution)
    st = job.wait(timeout=WAIT)
    assert st.state == JobState.COMPLETED and st.exit_code == 0


def test_wait_is_never_older_than_the_last_poll(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/sleep", ["2"]))
    pl = poller()
    seen = set()
    for _ in range(600):
        before = _record(job).state                 # the controller, before the poll
        assert pl.wait_poll(10)
        state = job.status.state
        seen.add(before)
        if before == "RUNNING":
            assert state in (JobState.ACTIVE, JobState.COMPLETED)
        elif before == "COMPLETED":
            assert state == JobState.COMPLETED
            assert "RUNNING" in seen
            break
        time.sleep(0.1)
    else:
        pytest.fail("the job did not complete")


def test_callback_exception_is_logged_and_poller_goes_on(ex, jobs, caplog):
    def bad(j, st):
        raise RuntimeError("callback failure")
    job = Job(JobSpec("/bin/true"))
    job.set_job_status_callback(bad)
    with caplog.at_level(logging.WARNING):
        ex.submit(job)
        jobs.append(job)
        st = job.wait(timeout=WAIT)
    assert st.state == JobState.COMPLETED
    assert "callback failure" in caplog.text
    other = _submit(ex, jobs, JobSpec("/bin/true"))
    assert other.wait(timeout=WAIT).state == JobState.COMPLETED


ATTACH = """
import sys, time, psij
ex = psij.JobExecutor.get_instance("pyslurm")
job = psij.Job()
t = time.monotonic()
ex.attach(job, sys.argv[1])
took = time.monotonic() - t
st = job.status
print(st.state, st.exit_code, st.metadata and st.metadata.get("source"), round(took, 2))
print(st.message)
"""


def _attach_elsewhere(slurm_cluster, native_id):
    env = {**os.environ, "SLURM_CONF": slurm_cluster.conf,
           "PYTHONPATH": os.pathsep.join([str(SRC_ROOT), os.environ.get("PYTHONPATH", "")])}
    res = subprocess.run([sys.executable, "-c", ATTACH, str(native_id)], env=env,
                         capture_output=True, text=True, timeout=120, cwd="/")
    assert res.returncode == 0, res.stderr
    first, message = res.stdout.splitlines()[-2:]
    state, code, source, took = first.split()
    return state, code, source, float(took), message


def test_attach_from_another_process_to_a_job_that_exited_5(ex, jobs, slurm_cluster):
    job = _submit(ex, jobs, JobSpec("/bin/bash", ["-c", "exit 5"]))
    assert job.wait(timeout=WAIT).exit_code == 5
    state, code, source, took, message = _attach_elsewhere(slurm_cluster, job.native_id)
    assert (state, code, source) == ("FAILED", "5", "controller")
    assert took < 5 and message == "FAILED: exit code 5"


def test_attach_reports_the_current_state_at_once(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/sleep", ["30"]))
    job.wait(timeout=WAIT, target_states=[JobState.ACTIVE])
    other = Job()
    t = time.monotonic()
    ex.attach(other, job.native_id)
    assert time.monotonic() - t < 3
    assert other.status.state == JobState.ACTIVE    # not NEW, not QUEUED
    held = _submit(ex, jobs, JobSpec("/bin/true", attributes=JobAttributes(
        custom_attributes={"slurm.hold": True})))
    third = Job()
    ex.attach(third, held.native_id)
    assert third.status.state == JobState.QUEUED


def test_unknown_id_is_failed_never_completed(ex, slurm_cluster):
    job = Job()
    ex.attach(job, "67000001")
    st = job.status
    assert st.state == JobState.FAILED and st.exit_code is None
    assert "job 67000001 is unknown to the controller" in st.message
    state, code, source, took, message = _attach_elsewhere(slurm_cluster, 67000002)
    assert state == "FAILED" and "unknown to the controller" in message


def test_unknown_id_without_accounting(ex, slurm_cluster):
    """A poller of a cluster without slurmdbd (this one has it: told
    otherwise) says so."""
    pl = Poller(interval=0.2)
    pl._accounting = False
    job = Job()
    job.executor = ex
    job._native_id = 67000003
    pl.track(Tracked(job, 67000003, submitted=False), wait=30)
    assert job.status.state == JobState.FAILED
    assert "unknown to the controller (it never existed, or was purged after MinJobAge) " \
        "and the cluster has no accounting" in job.status.message


_ENDED = ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT")


def _purged_job(limit):
    """An accounting record of a job the controller has purged; waits up to
    ``limit`` seconds for the controller to purge one of the jobs that
    ended (MinJobAge after their end: in ``make test`` this file runs when
    the first tests' jobs are older than that)."""
    known = {j.id: j for j in pyslurm.Jobs.load().values()}
    since = int(time.time()) - 7 * 86400
    for cluster_jobs in pyslurm.db.Jobs.load(pyslurm.db.JobFilter(
            start_time=since)).data.values():
        for j in cluster_jobs.values():
            if j.id not in known and j.state in _ENDED:
                return j
    ended = {i for i, j in known.items() if j.state in _ENDED}
    deadline = time.monotonic() + limit
    while ended and time.monotonic() < deadline:
        time.sleep(5)
        gone = ended - {r[0] for r in pyslurm.Jobs.load_fields(["id"], as_tuples=True)}
        for job_id in sorted(gone):
            try:
                return pyslurm.db.Job.load(job_id)
            except pyslurm.RPCError:
                continue
    return None


def test_purged_job_from_accounting(ex, slurm_accounting):
    """A job the controller has purged (ended more than MinJobAge ago):
    state and exit code from accounting."""
    ci = os.environ.get("CI") == "true"
    found = _purged_job(480 if ci else 0)
    if found is None:
        if ci:
            pytest.fail("no job was purged from the controller within 8 minutes")
        pytest.skip("no job purged from the controller yet (MinJobAge not reached)")
    job = Job()
    ex.attach(job, str(found.id))
    st = job.status
    assert st.metadata["source"] == "accounting"
    assert st.metadata["slurm_state"] == found.state
    assert st.exit_code == found.exit_code
    want = {"COMPLETED": JobState.COMPLETED if found.exit_code == 0 else JobState.FAILED,
            "FAILED": JobState.FAILED, "TIMEOUT": JobState.FAILED,
            "CANCELLED": (JobState.CANCELED, JobState.FAILED)}[found.state]
    assert st.state in (want if isinstance(want, tuple) else (want,))


def test_cancel_running(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/sleep", ["60"]))
    job.wait(timeout=WAIT, target_states=[JobState.ACTIVE])
    job.cancel()
    st = job.wait(timeout=timedelta(seconds=10))
    assert st.state == JobState.CANCELED and st.metadata["slurm_state"] == "CANCELLED"
    assert poller().wait_poll(10)       # a killed job's node file is removed too
    assert not (ex.config.work_directory / f"pyslurm-nodefile.{job.native_id}").exists()


def test_cancel_while_pending(ex, jobs):
    states = []
    job = Job(JobSpec("/bin/true", attributes=JobAttributes(
        custom_attributes={"slurm.hold": True})))
    job.set_job_status_callback(lambda j, st: states.append(st.state))
    ex.submit(job)
    jobs.append(job)
    assert job.wait(timeout=WAIT, target_states=[JobState.QUEUED]).state == JobState.QUEUED
    assert _record(job).state == "PENDING"
    job.cancel()
    st = job.wait(timeout=timedelta(seconds=10))
    assert st.state == JobState.CANCELED
    assert states == [JobState.QUEUED, JobState.CANCELED]       # it never ran


def test_cancelled_by_an_administrator(ex, jobs, slurm_accounting):
    """Someone else (root) cancels a job of daemon's: FAILED, saying so."""
    if os.getuid() != 0:
        pytest.fail("this test submits as another user: it runs as root")
    job = _submit(ex, jobs, JobSpec("/bin/true", attributes=JobAttributes(
        custom_attributes={"slurm.hold": True, "slurm.uid": "daemon"})))
    job.wait(timeout=WAIT, target_states=[JobState.QUEUED])
    assert _record(job).user_name == "daemon"
    pyslurm.Job(int(job.native_id)).cancel()        # not through the executor
    st = job.wait(timeout=timedelta(seconds=20))
    assert st.state == JobState.FAILED
    assert st.message == "CANCELLED: cancelled by an administrator (root)"


def _rpc_count(type_id):
    return next((r.count for r in pyslurm.slurmctld.diag().rpc_types
                 if r.type_id == type_id), 0)


def test_list_is_one_rpc(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/sleep", ["5"]))
    before = _rpc_count(REQUEST_JOB_USER_INFO)
    ids = ex.list()
    assert _rpc_count(REQUEST_JOB_USER_INFO) - before == 1
    assert job.native_id in ids
    assert all(i.isdigit() for i in ids)
    mine = {str(j.id) for j in pyslurm.Jobs.load(user=os.getuid()).values()}
    assert set(ids) == mine


def test_no_poll_while_a_burst_of_submissions_streams_in(ex, jobs):
    """Submissions into an idle poller: each job is reported QUEUED
    without an RPC, and the first poll comes one interval after the first
    submission, not during the burst (a poll loads every job the controller
    holds); then the states are the controller's."""
    interval = 2.0
    pl = Poller(interval=interval)
    tracked = []
    t0, t0_wall = time.monotonic(), time.time()
    for _ in range(10):
        job_id = pyslurm.JobSubmitDescription(
            script="#!/bin/sh\ntrue\n", hold=True, standard_output="/dev/null",
            standard_error="/dev/null").submit()
        job = Job()
        job.executor = ex
        job._native_id = job_id
        jobs.append(job)                            # cancelled at the end
        tracked.append(Tracked(job, job_id, submitted=True))
        pl.track(tracked[-1])
    burst = time.monotonic() - t0
    assert burst < interval / 2, f"10 submissions took {burst:.2f} s"
    assert pl.polls == 0                            # none during the burst
    deadline = time.monotonic() + interval + 30
    while pl.polls < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pl.polls >= 1
    assert pl.last_poll - t0_wall >= interval - 0.1, pl.last_poll - t0_wall
    for e in tracked:                               # held: PENDING, QUEUED
        assert e.queued and e.evaluated
        assert e.job.status.state == JobState.QUEUED


def test_one_job_info_rpc_per_poll(ex, jobs):
    """Tracking 20 jobs: each poll is one REQUEST_JOB_INFO, and the
    controller's count of them grows by the number of polls."""
    for _ in range(20):
        _submit(ex, jobs, JobSpec("/bin/true", attributes=JobAttributes(
            custom_attributes={"slurm.hold": True})))
    pl = poller()
    assert pl.wait_poll(10)

    c0, p0 = _rpc_count(REQUEST_JOB_INFO), pl.polls
    time.sleep(4)
    c1, p1 = _rpc_count(REQUEST_JOB_INFO), pl.polls
    assert p1 - p0 >= 4                             # default interval: 0.5 s
    # The poller counts a poll once it has reported on it, after the
    # controller counted its RPC: a poll in flight at either reading
    # shifts one count by one, never more.
    assert abs((c1 - c0) - (p1 - p0)) <= 1, (c1 - c0, p1 - p0)
    assert pl.interval <= 1


def test_spec_fields_as_the_controller_records_them(ex, jobs, tmp_path):
    pre = tmp_path / "pre.sh"
    pre.write_text("export PRE_LAUNCH_SAYS=hello\n")
    post = tmp_path / "post.sh"
    post.write_text(f"echo post-ran > {tmp_path}/post.txt\n")
    out, err, inp = tmp_path / "out.txt", tmp_path / "err.txt", tmp_path / "in.txt"
    inp.write_text("from-stdin\n")
    os.environ["PYSLURM_PSIJ_NOT_INHERITED"] = "leak"
    try:
        spec = JobSpec(
            "/bin/bash", ["-c", 'pwd; echo "$PRE_LAUNCH_SAYS $MINE '
                                '${PYSLURM_PSIJ_NOT_INHERITED:-no}"; cat; echo to-stderr >&2'],
            directory=tmp_path, name="psij-fields", inherit_environment=False,
            environment={"MINE": "42", "PATH": "/usr/bin:/bin"}, stdin_path=inp,
            stdout_path=out, stderr_path=err, pre_launch=pre, post_launch=post,
            resources=ResourceSpecV1(process_count=2, cpu_cores_per_process=1,
                                     memory=300 * 1024 * 1024),
            attributes=JobAttributes(duration=timedelta(minutes=7, seconds=1),
                                     queue_name="half", account="root",
                                     custom_attributes={"slurm.comment": "from psij"}))
        job = _submit(ex, jobs, spec)
    finally:
        del os.environ["PYSLURM_PSIJ_NOT_INHERITED"]
    rec = _record(job)
    assert rec.name == "psij-fields" and rec.partition == "half" and rec.account == "root"
    assert rec.time_limit == 8 and rec.comment == "from psij"
    assert rec.ntasks == 2 and rec.cpus_per_task == 1 and rec.memory_per_cpu == 150
    assert rec.working_directory == str(tmp_path)
    st = job.wait(timeout=WAIT)
    assert st.state == JobState.COMPLETED, (st, err.read_text())
    assert out.read_text() == f"{tmp_path}\nhello 42 no\nfrom-stdin\n"
    assert err.read_text() == "to-stderr\n"
    assert (tmp_path / "post.txt").read_text() == "post-ran\n"


def test_reservation(ex, jobs):
    name = pyslurm.Reservation(nodes="c4", duration=10, users=["root"],
                               flags=["IGNORE_JOBS"]).create()
    try:
        job = _submit(ex, jobs, JobSpec("/bin/hostname", attributes=JobAttributes(
            reservation_id=name)))
        assert _record(job).reservation == name
        assert job.wait(timeout=WAIT).state == JobState.COMPLETED
        assert _record(job).nodes == "c4"
    finally:
        pyslurm.Reservation(name).delete()


def test_nodes_and_ranks(ex, jobs, tmp_path):
    """node_count and processes_per_node with the srun launcher: 4 ranks on
    2 nodes, and a PSIJ_NODEFILE of one line per rank."""
    out = tmp_path / "out.txt"
    job = _submit(ex, jobs, JobSpec(
        "/bin/bash", ["-c", 'echo "$(hostname) $(wc -l < $PSIJ_NODEFILE)"'], stdout_path=out,
        launcher="srun", resources=ResourceSpecV1(node_count=2, processes_per_node=2)))
    st = job.wait(timeout=WAIT)
    assert st.state == JobState.COMPLETED, st
    lines = out.read_text().split("\n")[:-1]
    assert len(lines) == 4
    hosts = {line.split()[0] for line in lines}
    assert len(hosts) == 2 and {line.split()[1] for line in lines} == {"4"}
    rec = _record(job)
    assert rec.num_nodes == 2 and rec.ntasks == 4 and rec.ntasks_per_node == 2


def test_exclusive_and_config(ex, jobs):
    job = _submit(ex, jobs, JobSpec("/bin/true", resources=ResourceSpecV1(
        exclusive_node_use=True)))
    assert _record(job).resource_sharing == "no"
    assert job.wait(timeout=WAIT).state == JobState.COMPLETED
    with pytest.raises(ValueError, match="poll_interval"):
        PyslurmExecutorConfig(poll_interval=0)


def test_time_limit_reported(time_limit_job):
    """Checked last: the job has had its minute."""
    st = time_limit_job.wait(timeout=timedelta(seconds=150))
    assert st is not None and st.state == JobState.FAILED
    assert st.message.startswith("TIMEOUT: the job reached its time limit")
    assert st.metadata["slurm_state"] == "TIMEOUT"
    rec = _record(time_limit_job)
    assert st.exit_code == rec.exit_code and st.metadata["exit_signal"] == rec.exit_code_signal
