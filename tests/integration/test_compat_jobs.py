"""Upstream pyslurm's Job and JobStep attributes on pyslurm (issue 18): the
attributes upstream has that pyslurm lacked, read from real jobs and
checked against what the controller shows, on every major (a field a
major does not have reads as None there)."""

import re
import subprocess

import pytest

import pyslurm
from pyslurm import Job, JobStep, JobSteps, RPCError
from pyslurm.testing import wait_for_job as wait_for

SLEEP = "#!/bin/sh\nsleep 60\n"


def major():
    return tuple(int(x) for x in pyslurm.slurm_version().split(".")[:2])


def running(job):
    return job.state == "RUNNING"


def scontrol_job(job_id):
    return subprocess.run(["scontrol", "show", "job", str(job_id)], capture_output=True,
                          text=True, check=True).stdout


def scontrol_tres(job_id, *keys):
    """The first of ``keys`` (``AllocTRES``, ``ReqTRES``; 22.05 prints one
    ``TRES``) that ``scontrol show job`` prints, as a dict (digits as int)."""
    words = scontrol_job(job_id).split()
    for key in keys:
        for w in words:
            if w.startswith(key + "="):
                text = w[len(key) + 1:]
                return {k: int(v) if v.isdigit() else v
                        for k, _, v in (x.partition("=") for x in text.split(","))}
    raise AssertionError(f"none of {keys} in scontrol's output")


@pytest.fixture()
def sbatch(tmp_path):
    """sbatch(*args) -> job id: a job submitted with Slurm's own sbatch (for
    options pyslurm's submission does not take); cancelled at the end."""
    ids = []

    def _sbatch(*args):
        out = subprocess.run(["sbatch", "--parsable", f"--chdir={tmp_path}", "-o", "/dev/null",
                              "-t", "5", *args], input=SLEEP, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        ids.append(int(out.stdout.strip().split(";")[0]))
        return ids[-1]

    yield _sbatch
    for job_id in ids:
        try:
            Job(job_id).cancel()
        except RPCError:
            pass


# -- Job ---------------------------------------------------------------------------------
def test_requires_node_reboot_is_an_alias_left_out_of_to_dict(sbatch, submit):
    job = Job.load(sbatch("--hold", "--reboot"))
    assert re.search(r"Reboot=(Yes|1)\b", scontrol_job(job.id))
    assert job.requires_node_reboot is True and job.node_reboot_required is True
    d = job.to_dict()
    assert "requires_node_reboot" not in d and d["node_reboot_required"] is True
    plain = Job.load(submit(script=SLEEP, hold=True))
    assert plain.requires_node_reboot is False
    assert Job(1).requires_node_reboot is None


def test_text_fields_of_newer_majors(sbatch, submit):
    args = ["--hold"]
    if major() >= (24, 11):
        args += ["--extra=xtra", "--container-id=cid-1"]
    job = Job.load(sbatch(*args))
    text = scontrol_job(job.id)
    if major() >= (24, 11):
        assert "Extra=xtra" in text
        assert job.extra == "xtra" and job.container_id == "cid-1"
    else:                       # not in 22.05's job record
        assert job.extra is None and job.container_id is None
    if major() >= (26, 5):      # the job record has the command line from 26.05 on
        assert job.submit_line.startswith("sbatch ") and "--hold" in job.submit_line
    else:
        assert job.submit_line is None
    # nothing failed, no ports reserved, no SELinux on the test cluster
    assert job.failed_node is None and job.reserved_ports is None
    assert job.selinux_context is None
    d = job.to_dict()
    for name in ("container_id", "submit_line", "extra", "failed_node", "reserved_ports",
                 "selinux_context", "slurm_protocol_version", "segment_size",
                 "kill_step_when_oom", "spread_segments", "consolidate_segments",
                 "preferred_features", "allocated_licenses", "allocated_tres",
                 "requested_tres", "tres_per_node", "tres_per_task", "tres_per_job",
                 "tres_per_socket"):
        assert name in d, name
    # views of allocated/requested TRES: attributes, not repeated in to_dict()
    assert not {"tres", "gres", "gpus"} & set(d)
    assert job.tres == (job.allocated_tres or job.requested_tres)
    handle = Job(job.id)
    assert handle.extra is None and handle.container_id is None and handle.tres is None


def test_kill_step_when_oom(sbatch):
    if major() < (24, 11):      # no --oom-kill-step before 24.11
        assert Job.load(sbatch("--hold")).kill_step_when_oom is None
        return
    on = Job.load(sbatch("--hold", "--oom-kill-step=1"))
    off = Job.load(sbatch("--hold", "--oom-kill-step=0"))
    assert on.kill_step_when_oom is True and off.kill_step_when_oom is False


def test_segments(submit):
    job = Job.load(submit(script=SLEEP, hold=True))
    if major() >= (26, 5):
        # no --segment asked: no segment size, neither flag
        assert job.segment_size is None
        assert job.spread_segments is False and job.consolidate_segments is False
    else:                       # 26.05's fields
        assert job.segment_size is None
        assert job.spread_segments is None and job.consolidate_segments is None


def test_preferred_features(sbatch):
    job = Job.load(sbatch("--hold", "-p", "cloud", "--prefer=intel&avx2"))
    assert "Prefer=intel&avx2" in scontrol_job(job.id)
    assert job.preferred_features == ["intel", "avx2"]
    assert job.preferred_features is not job.preferred_features
    assert Job.load(sbatch("--hold")).preferred_features == []


def test_slurm_protocol_version(submit):
    job = wait_for(submit(script=SLEEP), running)
    v = job.slurm_protocol_version
    assert isinstance(v, int) and v > 0
    # Slurm's protocol versions: the major's API number in the high byte
    assert v >> 8 == {(22, 5): 38, (24, 11): 42, (26, 5): 45}[major()]


def test_allocated_licenses(submit):
    job = wait_for(submit(script=SLEEP, licenses="fluent:2"), running)
    assert job.licenses == ["fluent:2"]
    if major() >= (26, 5):
        assert job.allocated_licenses == ["fluent:2"]
    else:                       # 26.05's field
        assert job.allocated_licenses is None


def test_tres_of_a_running_job(submit):
    job = wait_for(submit(script=SLEEP, ntasks=2, memory_per_cpu="100M"), running)
    assert job.allocated_tres == scontrol_tres(job.id, "AllocTRES", "TRES")
    assert job.allocated_tres["cpu"] == 2 and job.allocated_tres["mem"] == "200M"
    assert job.allocated_tres["node"] == 1
    assert job.requested_tres["cpu"] == 2
    assert job.tres == job.allocated_tres and job.tres is not job.allocated_tres
    assert job.gres == {} and job.gpus == {}
    assert job.tres_per_node is None and job.tres_per_job is None
    assert job.tres_per_socket is None


def test_tres_of_a_pending_gpu_job(submit):
    job = Job.load(submit(script=SLEEP, hold=True, partition="gpu", gres="gpu:2",
                          ntasks=1))
    assert job.allocated_tres is None
    req = scontrol_tres(job.id, "ReqTRES", "TRES")
    assert job.requested_tres == req and job.requested_tres["cpu"] == 1
    assert job.tres == job.requested_tres
    assert job.tres_per_node == {"gres/gpu": 2}
    # gres and gpus: the GRES of the requested TRES (22.05 counts GRES
    # there only once the job has nodes)
    assert job.gres == job.gpus == {k[len("gres/"):]: v for k, v in req.items()
                                    if k.startswith("gres/")}
    whole = Job.load(submit(script=SLEEP, hold=True, partition="gpu", gpus=3))
    assert whole.tres_per_job == {"gres/gpu": 3} and whole.tres_per_node is None


def test_tres_per_task_and_socket(sbatch):
    job = Job.load(sbatch("--hold", "-p", "gpu", "-n", "2", "--gpus-per-task=1"))
    assert re.search(r"TresPerTask=\S*gres[:/]gpu[:=]1", scontrol_job(job.id))
    assert job.tres_per_task["gres/gpu"] == 1
    sock = Job.load(sbatch("--hold", "-p", "gpu", "--sockets-per-node=1",
                           "--gpus-per-socket=1"))
    assert sock.tres_per_socket == {"gres/gpu": 1}


def test_load_of_a_started_job_loads_its_steps(submit):
    pend = Job.load(submit(script=SLEEP, hold=True))
    assert pend.steps is None                     # pending: no steps to load
    job_id = wait_for(submit(script="#!/bin/sh\nsrun sleep 60\n"),
                      lambda j: running(j) and 0 in (j.steps or {})).id
    job = Job.load(job_id)
    assert isinstance(job.steps, JobSteps) and {0, "batch"} <= set(job.steps)
    assert set(job.steps) == set(JobSteps.load(job_id))
    assert job.steps[0].job_id == job_id


# -- JobStep -----------------------------------------------------------------------------
def test_step_attributes_of_upstream(submit):
    job_id = submit(script="#!/bin/sh\nsrun -n2 -m cyclic --cpu-freq=low sleep 60\n",
                    ntasks=2)
    wait_for(job_id, lambda j: running(j) and 0 in (j.steps or {}))
    step = JobStep.load(job_id, 0)
    text = subprocess.run(["scontrol", "show", "step", f"{job_id}.0"], capture_output=True,
                          text=True, check=True).stdout
    assert step.distribution == "cyclic" and "Dist=Cyclic" in text
    assert "CPU_max_freq=Low" in text and step.cpu_frequency_max == "Low"
    # what scontrol shows of the rest (26.05's srun adds Governor=UserSpace)
    shown = {k: re.search(rf"\b{k}=(\S+)", text) for k in ("CPU_min_freq", "Governor")}
    assert step.cpu_frequency_min == (shown["CPU_min_freq"] and shown["CPU_min_freq"][1])
    assert step.cpu_frequency_governor == (shown["Governor"] and shown["Governor"][1])
    assert step.tres["cpu"] == 2 and step.tres == pyslurm.formats.tres_dict(
        step.allocated_tres)
    assert "TRES=" + step.allocated_tres in text
    assert step.gres == {} and step.gpus == {}
    v = step.slurm_protocol_version
    assert v >> 8 == {(22, 5): 38, (24, 11): 42, (26, 5): 45}[major()]
    assert step.elapsed_cpu_time == step.run_time * step.cpus
    assert step.array_id() is None and "array_id" not in step.to_dict()
    d = step.to_dict()
    for name in ("distribution", "cpu_frequency_min", "cpu_frequency_max",
                 "cpu_frequency_governor", "elapsed_cpu_time", "slurm_protocol_version",
                 "tres", "gres", "gpus"):
        assert name in d, name
    steps = JobSteps.load(job_id)
    assert steps.to_dict(recursive=True) == steps.to_dict()
    assert JobStep(job_id, 0).tres is None and JobStep(job_id, 0).distribution is None


def test_step_array_id_is_a_method(submit):
    array_id = submit(script="#!/bin/sh\nsrun sleep 60\n", array="0-1")
    task = wait_for(f"{array_id}_1", lambda j: running(j) and 0 in (j.steps or {}))
    step = task.steps[0]
    assert step.array_id() == step.array_job_id == array_id
    assert step.array_task_id == 1 and "array_id" not in step.to_dict()
