"""Hostile input against a real controller: nothing reaches it that could
take it down, act on the wrong job or node, or forge what its tools print;
a stopped controller gives errors that say whether a submission may have
been carried out, and find_submitted() answers that."""

import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import pyslurm
from pyslurm import Job, JobSubmitDescription, Node, Nodes, Partition, slurmctld
from pyslurm.testing import wait_for, wait_for_job

HELD = "#!/bin/sh\nsleep 300\n"


def controller_alive():
    return all(p.responding for p in slurmctld.ping())


def test_hostile_node_list_as_nobody_never_reaches_the_controller(as_nobody):
    # 22.05.8's slurmctld goes defunct on this list (sbatch -w does the same)
    out = as_nobody(textwrap.dedent("""
        import json, pyslurm
        try:
            pyslurm.JobSubmitDescription(
                script="#!/bin/sh\\ntrue\\n",
                required_nodes="c[18446744073709551614-18446744073709551615]").submit()
            print(json.dumps("submitted"))
        except ValueError as e:
            print(json.dumps(str(e)))
    """))
    assert "required_nodes" in out and "18 digits" in out
    assert controller_alive()


def test_loose_job_ids_cancel_nothing(submit):
    job_id = submit(script=HELD, hold=True)
    arabic = str(job_id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for bad in (job_id + 0.9, float(job_id), arabic, f"{job_id} ", str(job_id) + "\n"):
        with pytest.raises(ValueError, match="invalid job id"):
            Job(bad).cancel()
    assert Job.load(job_id).state == "PENDING"


def test_every_users_jobs_are_not_a_uid_away(submit):
    mine = submit(script=HELD, hold=True)
    with pytest.raises(ValueError, match="user"):
        pyslurm.Jobs.load(user=4294967294)      # NO_VAL: every user's jobs
    assert mine not in pyslurm.Jobs.load(user=65534)
    assert {j.user_id for j in pyslurm.Jobs.load(user=os.getuid()).values()} == {os.getuid()}


def test_forged_fields_never_reach_scontrol(submit):
    with pytest.raises(ValueError, match="name"):
        submit(script=HELD, hold=True, name="a\nJobState=FAKE")
    job_id = submit(script=HELD, hold=True, name="plain name")
    out = subprocess.run(["scontrol", "show", "job", str(job_id)], capture_output=True,
                         text=True, check=True).stdout
    assert "JobName=plain name" in out and "FAKE" not in out


def test_a_latin1_script_runs_byte_for_byte(submit, tmp_path):
    script = tmp_path / "latin1.sh"
    out = tmp_path / "written"
    script.write_bytes(b"#!/bin/sh\nprintf 'caf\xe9' > " + str(out).encode() + b"\n")
    job_id = submit(script=str(script), working_directory=str(tmp_path))
    wait_for_job(job_id, lambda j: j.state not in ("PENDING", "RUNNING"), timeout=60)
    assert wait_for(lambda: out.exists() and out.read_bytes(), "the job's output",
                    timeout=30) == b"caf\xe9"


def test_batch_script_comes_back_byte_for_byte(submit):
    raw = b"#!/bin/sh\n# caf\xe9 \xff\nsleep 300\n"
    job_id = submit(script=raw, hold=True)
    assert Job(job_id).get_batch_script().encode("utf-8", "surrogateescape") == raw


def test_all_is_one_name_not_every_node(slurm_cluster):
    before = {n.name: n.state_string for n in Nodes.load().values()}
    with pytest.raises(ValueError, match="keyword"):
        Node("ALL").modify(Node(state="DRAIN", reason="x"))
    with pytest.raises(ValueError, match="keyword"):
        Nodes(["ALL"]).modify(state="DRAIN", reason="x")
    with pytest.raises(ValueError, match="invalid name"):
        Partition("ALL", nodes=slurm_cluster.node_names[0]).create()
    after = {n.name: n.state_string for n in Nodes.load().values()}
    assert after == before
    assert "ALL" not in pyslurm.Partitions.load().keys()


# -- a controller that does not answer ----------------------------------------------
@pytest.fixture()
def stopped_controller(slurm_cluster):
    """A context manager: the controller SIGSTOPped inside it, continued
    (and answering again) after."""
    if slurm_cluster.cluster is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs its own local cluster: the outage tests must run")
        pytest.skip("needs the local test cluster (to stop its controller)")
    pid = slurm_cluster.cluster.controller_pid
    assert pid, "no controller pid"

    class Stopped:
        def __enter__(self):
            os.kill(pid, signal.SIGSTOP)

        def __exit__(self, *exc):
            os.kill(pid, signal.SIGCONT)
            assert wait_for(controller_alive, "the controller to answer", timeout=60)

    return Stopped()


def message_timeout(conf):
    text = open(conf).read()
    return int(re.search(r"^MessageTimeout=(\d+)", text, re.M).group(1))


def test_a_submission_without_answer_is_found_not_duplicated(slurm_cluster,
                                                             stopped_controller, tmp_path):
    desc = JobSubmitDescription(script=HELD, hold=True, time_limit=5,
                                standard_output=str(tmp_path / "out-%j"))
    limit = message_timeout(slurm_cluster.conf)
    try:
        with stopped_controller:
            t0 = time.monotonic()
            with pytest.raises(pyslurm.ControllerUnreachableError) as info:
                desc.submit()
            assert time.monotonic() - t0 < 1.5 * limit
            assert info.value.delivered is None          # sent: outcome unknown
            assert info.value.submit_token is not None
            # Job.load took twice MessageTimeout (a federation lookup first)
            t0 = time.monotonic()
            with pytest.raises(pyslurm.ControllerUnreachableError):
                Job.load(1)
            assert time.monotonic() - t0 < 1.5 * limit
        job_id = wait_for(desc.find_submitted, "the submitted job", timeout=30)
        assert job_id, "the job the controller took was not found"
        job = Job.load(job_id)
        assert job.submit_session_id == info.value.submit_token
        # exactly one job carries the token
        tokens = [sid for sid, in pyslurm.Jobs.load_fields(["submit_session_id"],
                                                           as_tuples=True)]
        assert tokens.count(info.value.submit_token) == 1
    finally:
        for jid in [j.id for j in pyslurm.Jobs.load().values() if j.name == "pyslurm-job"
                    and j.standard_output and str(tmp_path) in j.standard_output]:
            Job(jid).cancel()


def test_a_submission_that_was_never_sent_says_so(slurm_cluster, tmp_path):
    # the same cluster's configuration with a port nothing listens on
    conf = tmp_path / "slurm.conf"
    text = open(slurm_cluster.conf).read()
    text = re.sub(r"^SlurmctldPort=\d+", "SlurmctldPort=9", text, flags=re.M)
    text = re.sub(r"^MessageTimeout=\d+", "MessageTimeout=2", text, flags=re.M)
    conf.write_text(text)
    res = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import json, pyslurm
        desc = pyslurm.JobSubmitDescription(script="#!/bin/sh\\ntrue\\n", hold=True)
        try:
            desc.submit()
        except pyslurm.ControllerUnreachableError as e:
            print(json.dumps([e.delivered, e.transient, e.submit_token is not None]))
    """)], env={**os.environ, "SLURM_CONF": str(conf)}, capture_output=True, text=True,
        timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "[false, true, true]"


def test_find_submitted_of_a_plain_submission(submit):
    desc = JobSubmitDescription(script=HELD, hold=True, time_limit=5)
    with pytest.raises(ValueError, match="never submitted"):
        desc.find_submitted()
    job_id = desc.submit()
    try:
        assert desc.find_submitted() == job_id
        assert Job.load(job_id).submit_session_id >= 16
    finally:
        Job(job_id).cancel()
