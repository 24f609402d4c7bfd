"""pyslurm.pilot the usual way: a 4-node job's batch script runs the
batch-file mode, and the manager finds its allocation from SLURM_JOB_ID.
(A module of its own: the allocation of test_pilot_allocation.py holds the
same nodes while that module runs.)"""

import json
import os
import sys
import time

import pyslurm


def test_manager_inside_a_batch_job(slurm_cluster, tmp_path):
    """The usual way: the batch script of a 4-node job runs the batch-file
    mode; the manager finds its allocation from SLURM_JOB_ID."""
    req = [{"request": "submit", "jobs": [
        {"name": "w", "iteration": {"stop": 8},
         "execution": {"script": "echo $(hostname) $SLURM_NODELIST > w.${it}"}}]},
        {"request": "control", "command": "finishAfterAllTasksDone"}]
    (tmp_path / "jobs.json").write_text(json.dumps(req))
    src = os.path.dirname(os.path.dirname(os.path.abspath(pyslurm.__file__)))
    script = (f"#!/bin/sh\nexport PYTHONPATH={src}\ncd {tmp_path}\n"
              f"exec {sys.executable} -m pyslurm.pilot --file-path jobs.json --wd {tmp_path} "
              f"--id inbatch\n")
    nodes = slurm_cluster.node_names[:4]
    job_id = pyslurm.JobSubmitDescription(
        script=script, nodes=4, ntasks=16, required_nodes=",".join(nodes), time_limit=5,
        standard_output=str(tmp_path / "batch.out"), name="pilot-in-batch").submit()
    try:
        end = time.time() + 120
        while True:
            job = pyslurm.Job.load(job_id)
            if job.state not in ("PENDING", "RUNNING") and "COMPLETING" not in job.state_flags:
                break
            assert time.time() < end, job.state
            time.sleep(0.5)
        assert job.state == "COMPLETED", (tmp_path / "batch.out").read_text()
    finally:
        if pyslurm.Job.load(job_id).state in ("PENDING", "RUNNING"):
            pyslurm.Job(job_id).cancel()
    report = [json.loads(x) for x in
              (tmp_path / ".qcgpjm-service-inbatch" / "jobs.report").read_text().splitlines()]
    assert {r["name"]: r["state"] for r in report}["w"] == "SUCCEED"
    for k in range(8):
        host, nodelist = (tmp_path / f"w.{k}").read_text().split()
        assert host == nodelist and host in nodes      # ran where the manager said


def test_allocation_that_is_not_running(slurm_cluster, tmp_path):
    """A job that has ended has no allocation: an error naming it, and no
    agent or log handler left behind."""
    import logging

    from pyslurm.pilot import LocalManager, WrongArgumentsError

    job_id = pyslurm.JobSubmitDescription(script="#!/bin/sh\ntrue\n", nodes=1, time_limit=1,
                                          standard_output="/dev/null").submit()
    end = time.time() + 60
    while pyslurm.Job.load(job_id).state in ("PENDING", "RUNNING"):
        assert time.time() < end
        time.sleep(0.3)
    handlers = list(logging.getLogger("pyslurm.pilot").handlers)
    try:
        LocalManager(["--allocation", str(job_id), "--wd", str(tmp_path)])
    except WrongArgumentsError as e:
        assert f"job {job_id} has no allocation" in str(e)
    else:
        raise AssertionError("a manager in an ended job")
    assert logging.getLogger("pyslurm.pilot").handlers == handlers
    assert list(tmp_path.iterdir()) == []       # nothing written
