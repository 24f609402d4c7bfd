"""pyslurm.psij.translate: a PSI/J JobSpec as a JobSubmitDescription, and the
SubmitException (naming the field) of everything unsupported or
contradictory -- no cluster needed, nothing is sent."""

import sys
from datetime import timedelta
from pathlib import Path

import pytest


def _import_psij():
    """psij-python, even when another test module has put scripts/bench
    first on sys.path, where the benchmark scripts/bench/psij.py would
    shadow it."""
    mod = sys.modules.get("psij")
    if mod is not None and hasattr(mod, "JobExecutor"):
        return mod
    sys.modules.pop("psij", None)
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("scripts/bench")]
    try:
        import psij
    finally:
        sys.path[:] = saved
    return psij


_psij = _import_psij()
Job, JobAttributes, JobSpec, JobState = _psij.Job, _psij.JobAttributes, _psij.JobSpec, \
    _psij.JobState
ResourceSpecV1, SubmitException = _psij.ResourceSpecV1, _psij.SubmitException

from pyslurm.psij import PyslurmJobExecutor  # noqa: E402
from pyslurm.psij.poller import final_status  # noqa: E402
from pyslurm.psij.translate import MIB, batch_script, build_description  # noqa: E402

LAUNCH = ["/bin/bash", "/work/launch.sh", "id", "", "", "", "/dev/null", "/dev/null",
          "/dev/null", "/bin/echo", "a b"]


def _desc(**spec_args):
    job = Job(JobSpec(executable="/bin/echo", **spec_args))
    return build_description(job, LAUNCH, Path("/work/dir"))


def _fails(match, **spec_args):
    with pytest.raises(SubmitException, match=match):
        _desc(**spec_args)


def test_defaults():
    d = _desc()
    assert d.ntasks == 1
    assert d.nodes is None and d.ntasks_per_node is None and d.cpus_per_task is None
    assert d.time_limit == 10           # psij's default duration
    assert d.name == "echo"
    assert d.standard_output == "/dev/null" and d.standard_error == "/dev/null"
    assert d.environment == {"ALL": ""}


def test_resources():
    d = _desc(resources=ResourceSpecV1(node_count=2, processes_per_node=3,
                                       cpu_cores_per_process=2, gpu_cores_per_process=1,
                                       exclusive_node_use=True, memory=1200 * MIB))
    assert (d.nodes, d.ntasks, d.ntasks_per_node, d.cpus_per_task) == ((2, None), 6, 3, 2)
    assert d.gpus_per_task == "1" and d.gpus is None
    assert d.exclusive
    assert d.memory_per_cpu == 100      # 1200 MiB over 6 tasks of 2 CPUs
    d = _desc(resources=ResourceSpecV1(process_count=8))
    assert d.ntasks == 8 and d.nodes is None    # Slurm lays the 8 tasks out
    d = _desc(resources=ResourceSpecV1(memory=1))
    assert d.memory_per_cpu == 1        # rounded up, never 0 ("all memory")


def test_attributes():
    attrs = JobAttributes(duration=timedelta(seconds=3700.5), queue_name="half",
                          account="acct", reservation_id="resv",
                          custom_attributes={"slurm.comment": "hello", "slurm.hold": True,
                                             "slurm.qos": "normal", "pbs.l": "ignored"})
    d = _desc(attributes=attrs, name="my job", directory="rel/dir",
              environment={"A": "1", "B": 2}, inherit_environment=False)
    assert d.time_limit == 62           # minutes, rounded up
    assert d.partition == "half" and d.account == "acct" and d.reservation == "resv"
    assert d.comment == "hello" and d.hold is True and d.qos == "normal"
    assert d.name == "my job"
    assert d.working_directory == str(Path("rel/dir").resolve())
    assert d.environment == {"A": "1", "B": "2"}
    assert _desc(inherit_environment=False).environment == "NONE"


def test_same_value_twice_is_no_contradiction():
    attrs = JobAttributes(queue_name="half", custom_attributes={"slurm.partition": "half"})
    assert _desc(attributes=attrs).partition == "half"


@pytest.mark.parametrize("custom, match", [
    ({"slurm.partition": "debug"}, r"custom attribute 'slurm.partition'.*JobAttributes.queue_name"),
    ({"slurm.mem": "1G"}, r"custom attribute 'slurm.mem'.*ResourceSpecV1.memory"),
    ({"slurm.ntasks": "3"}, r"custom attribute 'slurm.ntasks'.*ResourceSpecV1.process_count"),
    ({"slurm.no-such-option": "1"}, r"custom attribute 'slurm.no-such-option'"),
    ({"slurm.time": "forever"}, r"custom attribute 'slurm.time'.*time_limit"),
    ({"slurm.output": "/tmp/x"}, r"custom attribute 'slurm.output'.*stdout_path"),
    ({"slurm.array": "1-3"}, r"custom attribute 'slurm.array'.*array"),
    ({"slurm.export": "ALL"}, r"custom attribute 'slurm.export'.*environment"),
    ({"slurm.clusters": "other"}, r"custom attribute 'slurm.clusters'"),
    ({"slurm.mem": True}, r"custom attribute 'slurm.mem'"),
])
def test_bad_custom_attributes(custom, match):
    attrs = JobAttributes(queue_name="half", custom_attributes=custom)
    _fails(match, attributes=attrs, resources=ResourceSpecV1(process_count=2, memory=MIB))


@pytest.mark.parametrize("option", ["gpus", "gpus-per-node", "gres", "gpus-per-task"])
def test_gpu_options_contradict_gpu_cores_per_process(option):
    attrs = JobAttributes(custom_attributes={f"slurm.{option}": "gpu:2" if option == "gres"
                                             else "2"})
    _fails(rf"custom attribute 'slurm.{option}'.*ResourceSpecV1.gpu_cores_per_process",
           attributes=attrs, resources=ResourceSpecV1(gpu_cores_per_process=1))
    if option != "gpus-per-task":    # without gpu_cores_per_process, any one form is fine
        assert _desc(attributes=attrs) is not None


@pytest.mark.parametrize("field, value, match", [
    ("node_count", 0, r"JobSpec.resources.node_count: 0"),
    ("process_count", -1, r"JobSpec.resources.process_count: -1"),
    ("cpu_cores_per_process", 1.5, r"JobSpec.resources.cpu_cores_per_process: 1.5"),
    ("gpu_cores_per_process", -2, r"JobSpec.resources.gpu_cores_per_process: -2"),
    ("memory", 0, r"JobSpec.resources.memory: 0"),
    ("exclusive_node_use", "yes", r"JobSpec.resources.exclusive_node_use: 'yes'"),
])
def test_bad_resources(field, value, match):
    res = ResourceSpecV1()
    setattr(res, field, value)
    _fails(match, resources=res)


def test_bad_fields():
    _fails(r"JobAttributes.duration", attributes=JobAttributes(duration=timedelta(0)))
    _fails(r"JobAttributes.queue_name", attributes=JobAttributes(queue_name=""))
    _fails(r"JobSpec.arguments", arguments=["a", 3])
    _fails(r"JobSpec.environment", environment={"BAD NAME": "1"})
    with pytest.raises(SubmitException, match=r"JobSpec.executable"):
        build_description(Job(JobSpec()), LAUNCH, Path("/w"))


def test_submit_rejects_before_any_rpc():
    """The exception comes from submit() itself; the job stays NEW and can
    be submitted again (here: no controller is involved at all)."""
    ex = PyslurmJobExecutor()
    job = Job(JobSpec("/bin/true", attributes=JobAttributes(
        custom_attributes={"slurm.no-such": "1"})))
    with pytest.raises(SubmitException, match="slurm.no-such"):
        ex.submit(job)
    assert job.status.state == JobState.NEW and job.executor is None and job.native_id is None
    job2 = Job(JobSpec("/bin/true", launcher="no-such-launcher"))
    with pytest.raises(SubmitException, match="JobSpec.launcher"):
        ex.submit(job2)


def test_batch_script_quotes_the_launch_command():
    text = batch_script(["/bin/bash", "/w d/l.sh", "it's", "$HOME"], Path("/w d"))
    assert text.startswith("#!/bin/bash\n")
    assert "'/w d/l.sh' 'it'\"'\"'s' '$HOME'" in text
    assert "PSIJ_NODEFILE='/w d'/pyslurm-nodefile.$SLURM_JOB_ID" in text


@pytest.mark.parametrize("args, state, text", [
    (("COMPLETED", 0, 0, None, None, 5, False, None, "controller"), JobState.COMPLETED, None),
    (("FAILED", 5, 0, "NonZeroExitCode", None, 5, False, None, "controller"), JobState.FAILED,
     "FAILED: exit code 5"),
    (("TIMEOUT", 0, 15, "TimeLimit", None, 5, False, None, "controller"), JobState.FAILED,
     "TIMEOUT: the job reached its time limit"),
    (("OUT_OF_MEMORY", 0, 9, None, None, 5, False, None, "controller"), JobState.FAILED,
     "OUT_OF_MEMORY: the job ran out of memory"),
    (("NODE_FAIL", 0, 9, None, None, 5, False, None, "controller"), JobState.FAILED,
     "NODE_FAIL: a node of the job failed"),
    (("PREEMPTED", 0, 15, None, None, 5, False, None, "controller"), JobState.FAILED,
     "PREEMPTED: the job was preempted"),
    (("CANCELLED", 0, 15, None, None, 5, True, None, "controller"), JobState.CANCELED,
     "cancelled"),
    (("CANCELLED", 0, 15, None, None, 5, True, "root", "controller"), JobState.CANCELED,
     "cancelled"),
    (("CANCELLED", 0, 15, None, None, 5, False, "root", "accounting"), JobState.FAILED,
     "CANCELLED: cancelled by an administrator (root)"),
    (("COMPLETED", 0, 9, None, None, 5, False, None, "controller"), JobState.FAILED,
     "COMPLETED: killed by signal 9"),
])
def test_final_status(args, state, text):
    st = final_status(*args)
    assert st.state == state
    assert st.message == text
    assert st.exit_code == args[1]
    assert st.metadata["exit_signal"] == args[2] and st.metadata["source"] == args[8]
    assert st.time == 5.0


def test_resources_changed_after_the_spec_was_made():
    """A ResourceSpecV1 changed after it was made keeps the task count psij
    computed then; a spec asking for nothing is one task."""
    assert _desc().ntasks == 1
    changed = ResourceSpecV1(process_count=4)
    changed.process_count = None
    assert _desc(resources=changed).ntasks == changed.computed_process_count == 4
    assert _desc(resources=ResourceSpecV1(process_count=3)).ntasks == 3


def test_batch_script_frame_per_work_directory():
    """The fixed lines are made once per work directory: each directory's
    script names its own node file, and the launch command is the job's."""
    a = batch_script(["/bin/echo", "x y"], Path("/w/one"))
    b = batch_script(["/bin/true"], Path("/w/two dir"))
    assert "PSIJ_NODEFILE=/w/one/pyslurm-nodefile.$SLURM_JOB_ID\n" in a
    assert "PSIJ_NODEFILE='/w/two dir'/pyslurm-nodefile.$SLURM_JOB_ID\n" in b
    assert "\n/bin/echo 'x y'\n_psij_ec=$?\n" in a and "\n/bin/true\n_psij_ec=$?\n" in b
    assert a.startswith("#!/bin/bash\n") and a.endswith("exit $_psij_ec\n")


def test_inherited_environment_follows_the_process(monkeypatch):
    """inherit_environment sends the process environment as it is at each
    submit (the list built last time is reused only while it is unchanged)."""
    from pyslurm import jobs_util
    monkeypatch.setenv("PYSLURM_PSIJ_T", "one")
    first = jobs_util.build_environment(_desc().environment)
    assert "PYSLURM_PSIJ_T=one" in first and "SLURM_EXPORT_ENV=ALL" in first
    first.append("MUTATED=1")                       # the caller's own copy
    monkeypatch.setenv("PYSLURM_PSIJ_T", "two")
    second = jobs_util.build_environment(_desc().environment)
    assert "PYSLURM_PSIJ_T=two" in second and "PYSLURM_PSIJ_T=one" not in second
    assert "MUTATED=1" not in second
    monkeypatch.delenv("PYSLURM_PSIJ_T")
    assert not any(v.startswith("PYSLURM_PSIJ_T=") for v in jobs_util.build_environment(
        _desc().environment))
