"""Upstream pyslurm's (25.11) job submission and job/step behaviour on
pyslurm, against the real cluster: JobSubmitDescription's user_id,
group_id, resource_sharing and upstream's option names, JobStep(...,
time_limit=) for modify, and the resource layout of a Job built from its
id.  Each test is one upstream behaviour; our own names keep working."""

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time

import pytest

import pyslurm
from pyslurm import Job, JobStep, JobSubmitDescription, RPCError

SCRIPT = "#!/bin/sh\nsleep 300\n"


def wait_for(predicate, what, timeout=60.0):
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.3)


def scontrol_job(job_id):
    out = subprocess.run(["scontrol", "-o", "show", "job", str(job_id)], capture_output=True,
                         text=True, check=True).stdout
    return dict(kv.split("=", 1) for kv in out.split() if "=" in kv)


@pytest.fixture(scope="module", autouse=True)
def _jobs_done_at_the_end(slurm_cluster):
    """The next module's tests find no job of these still completing."""
    yield
    end = time.monotonic() + 60
    while time.monotonic() < end and subprocess.run(
            ["squeue", "-h", "-t", "CG", "-o", "%i"],
            capture_output=True, text=True).stdout.strip():
        time.sleep(0.5)


@pytest.fixture
def shared_dir():
    """A folder any user may write to (the output of jobs of other users)."""
    where = tempfile.mkdtemp(prefix="pyslurm-compat-")
    os.chmod(where, 0o777)
    yield where
    shutil.rmtree(where, ignore_errors=True)


def test_submit_as_another_user_by_name(submit, shared_dir, plain_user):
    user = pwd.getpwnam(plain_user)
    job_id = submit(script=SCRIPT, hold=True, user_id=plain_user,
                    working_directory=shared_dir,
                    standard_output=os.path.join(shared_dir, "out-%j"))
    job = Job.load(job_id)
    assert (job.user_id, job.user_name) == (user.pw_uid, plain_user)
    assert job.group_id == user.pw_gid            # the user's primary group
    assert scontrol_job(job_id)["UserId"].startswith(f"{plain_user}(")


def test_submit_as_another_user_and_group_by_number(submit, shared_dir, plain_user):
    user = pwd.getpwnam(plain_user)
    group = grp.getgrgid(user.pw_gid).gr_name
    job_id = submit(script=SCRIPT, hold=True, user_id=user.pw_uid, group_id=group,
                    working_directory=shared_dir,
                    standard_output=os.path.join(shared_dir, "out-%j"))
    job = Job.load(job_id)
    assert (job.user_id, job.group_id, job.group_name) == (user.pw_uid, user.pw_gid, group)


def test_user_and_group_are_checked_before_any_rpc():
    for option, bad in (("user_id", "nosuchuser-pyslurm"), ("user_id", -1),
                        ("user_id", True), ("group_id", "nosuchgroup-pyslurm"),
                        ("group_id", 2**32)):
        with pytest.raises(ValueError, match=option):
            JobSubmitDescription(script=SCRIPT, **{option: bad})
    with pytest.raises(ValueError, match="user_id"):
        Job(1).modify(JobSubmitDescription(user_id="root"))


AS_PLAIN_USER = r'''
import json, sys, pyslurm
from pyslurm import JobSubmitDescription
out = {}
for user in ("root", sys.argv[2]):
    try:
        out[user] = JobSubmitDescription(script="#!/bin/sh\nsleep 300\n", hold=True,
                                         user_id=user, working_directory=sys.argv[1],
                                         standard_output=sys.argv[1] + "/o").submit()
    except pyslurm.RPCError as e:
        out[user] = [type(e).__name__, e.errno]
print(json.dumps(out))
'''


def test_only_root_submits_as_another_user(as_plain_user, shared_dir, plain_user):
    out = as_plain_user(AS_PLAIN_USER, shared_dir, plain_user)
    try:
        # the controller refuses a user's job for root; for itself it is fine
        assert isinstance(out["root"], list) and out["root"][1] > 0, out
        assert isinstance(out[plain_user], int), out
        assert Job.load(out[plain_user]).user_name == plain_user
    finally:
        if isinstance(out.get(plain_user), int):
            Job(out[plain_user]).cancel()


@pytest.mark.parametrize("value, shown", [("exclusive", "no"), ("no", "no"),
                                          ("user", "user"), ("oversubscribe", "yes"),
                                          ("YES", "yes")])
def test_resource_sharing(submit, value, shown):
    job_id = submit(script=SCRIPT, hold=True, resource_sharing=value)
    assert Job.load(job_id).resource_sharing == shown
    if shown != "user":     # (26.05's scontrol prints OverSubscribe=NO for --exclusive=user)
        assert scontrol_job(job_id)["OverSubscribe"] == {"no": "NO", "yes": "YES"}[shown]


def test_resource_sharing_is_checked_and_excludes_exclusive():
    with pytest.raises(ValueError, match="resource_sharing"):
        JobSubmitDescription(resource_sharing="sometimes")
    with pytest.raises(ValueError, match="resource_sharing"):
        JobSubmitDescription(exclusive=True, resource_sharing="user")
    assert JobSubmitDescription(exclusive="user").exclusive == "user"       # ours


def test_upstream_option_names(submit):
    job_id = submit(script=SCRIPT, hold=True, partitions=["debug", "half"],
                    is_requeueable=True, standard_in="/dev/null")
    job = Job.load(job_id)
    assert job.partition == "debug,half" and job.is_requeueable is True
    assert job.standard_input == "/dev/null"
    desc = JobSubmitDescription(reservations="r1,r2", gres_per_node={"gpu:tesla": 1},
                                partitions="debug")
    assert (desc.reservation, desc.gres, desc.partition) == ("r1,r2", ["gpu:tesla:1"], "debug")
    assert desc.reservations == desc.reservation and desc.gres_per_node == desc.gres


@pytest.fixture
def running_step(submit):
    """(job id, step 0 id) of a running job whose step 0 runs ``sleep``."""
    job_id = submit(script="#!/bin/sh\nsrun -n1 sleep 300\n", ntasks=1, time_limit=10)
    wait_for(lambda: _step_running(job_id), f"step 0 of job {job_id}")
    return job_id


def _step_running(job_id):
    try:
        return JobStep.load(job_id, 0).state == "RUNNING"
    except RPCError:
        return False


def test_job_step_built_with_time_limit_modifies_a_step(running_step):
    job_id = running_step
    changes = JobStep(time_limit="0:07:00")
    assert changes.time_limit == 7 and changes.is_loaded is False
    JobStep(job_id, 0).modify(changes)                  # upstream's form
    assert JobStep.load(job_id, 0).time_limit == 7
    JobStep(job_id, 0).modify(JobStep(job_id, 0, time_limit=6))
    assert JobStep.load(job_id, 0).time_limit == 6
    JobStep(job_id).modify({"time_limit": 5})            # step defaults to 0
    assert JobStep.load(job_id, 0).time_limit == 5
    JobStep(job_id, 0).modify(time_limit=4)              # ours
    assert JobStep.load(job_id, 0).time_limit == 4
    assert JobStep(time_limit="UNLIMITED").time_limit == pyslurm.UNLIMITED
    with pytest.raises(ValueError, match="names no job"):
        JobStep(time_limit=5).modify(JobStep(time_limit=5))
    with pytest.raises(ValueError, match="cannot be set"):
        JobStep(job_id, 0, name="x")
    with pytest.raises(ValueError, match="time_limit"):
        JobStep(job_id, 0, time_limit="soon")


def test_layout_of_a_job_built_from_its_id(running_step):
    job_id = running_step
    layout = Job(job_id).get_resource_layout_per_node()      # not loaded: loads itself
    assert layout and layout == Job.load(job_id).get_resource_layout_per_node()
    (node, entry), = layout.items()
    assert node == Job.load(job_id).allocated_nodes and entry["cpu_ids"]
    with pytest.raises(pyslurm.JobNotFoundError):
        Job(99999999).get_resource_layout_per_node()


def test_cores_and_threads_reserved_for_system(submit):
    """Upstream's cores_reserved_for_system (sbatch --core-spec/-S) and
    threads_reserved_for_system (--thread-spec) reach the job."""
    cores = submit(script="#!/bin/sh\ntrue\n", hold=True, cores_reserved_for_system=1)
    threads = submit(script="#!/bin/sh\ntrue\n", hold=True, thread_spec=2)
    assert pyslurm.Job.load(cores).cores_reserved_for_system == 1
    assert pyslurm.Job.load(threads).threads_reserved_for_system == 2
    desc = pyslurm.JobSubmitDescription(script="#!/bin/sh\n#SBATCH -S 3\ntrue\n")
    assert desc.effective_options()["cores_reserved_for_system"] == 3
    with pytest.raises(ValueError, match="cores_reserved_for_system"):
        pyslurm.JobSubmitDescription(script="#!/bin/sh\ntrue\n", core_spec=2**15)
    with pytest.raises(ValueError, match="not together"):
        pyslurm.JobSubmitDescription(script="#!/bin/sh\ntrue\n", core_spec=1,
                                     thread_spec=1).submit()
