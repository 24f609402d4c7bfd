"""A PSI/J ``JobSpec`` as a :class:`pyslurm.JobSubmitDescription`.

Every field is checked here, before any RPC: an unsupported or
contradictory value raises psij's ``SubmitException`` whose message names
the field (``JobSpec.resources.memory``, ``custom attribute
'slurm.mem'``...).  Nothing is templated and no command is run: the job's
batch script is a few fixed lines around the launch command that psij's own
launcher (``single``, ``multiple``, ``mpirun``, ``srun``) gives.
"""

from __future__ import annotations

import functools
import math
import os
import shlex
from datetime import timedelta
from pathlib import Path
from typing import Any, Optional

from psij import Job, JobSpec, ResourceSpecV1, SubmitException

import pyslurm
from pyslurm import jobs_util

__all__ = ["build_description", "custom_options", "batch_script", "MIB", "NODEFILE"]

MIB = 1024 * 1024

#: Custom-attribute prefix of this executor (``slurm.<sbatch option>``, as
#: psij's own Slurm executor reads them).
PREFIX = "slurm."

#: Options a custom attribute may not set: psij has no job arrays and the
#: executor polls the local cluster only; the launcher owns the job's I/O and
#: the JobSpec the environment.
_FORBIDDEN = {
    "array": "a psij Job is one Slurm job (no job arrays)",
    "clusters": "the executor tracks jobs of the local cluster only",
    "standard_output": "the launcher writes the executable's output: use JobSpec.stdout_path",
    "standard_error": "the launcher writes the executable's errors: use JobSpec.stderr_path",
    "standard_input": "the launcher feeds the executable: use JobSpec.stdin_path",
    "environment": "use JobSpec.environment and JobSpec.inherit_environment",
    "script": "the executor writes the batch script",
    "script_args": "use JobSpec.arguments",
}

#: The JobSpec field that sets an option (for "contradictory" messages).
_OWNER = {
    "name": "JobSpec.name",
    "working_directory": "JobSpec.directory",
    "partition": "JobAttributes.queue_name",
    "account": "JobAttributes.account",
    "reservation": "JobAttributes.reservation_id",
    "time_limit": "JobAttributes.duration",
    "nodes": "ResourceSpecV1.node_count",
    "ntasks": "ResourceSpecV1.process_count",
    "ntasks_per_node": "ResourceSpecV1.processes_per_node",
    "cpus_per_task": "ResourceSpecV1.cpu_cores_per_process",
    "gpus_per_task": "ResourceSpecV1.gpu_cores_per_process",
    "memory_per_cpu": "ResourceSpecV1.memory",
    "exclusive": "ResourceSpecV1.exclusive_node_use",
}

#: Options that contradict a set ResourceSpecV1 field even when the field
#: sets another option (Slurm takes one memory and one GPU form only).
_CLASHES = {
    "memory_per_node": "memory_per_cpu",
    "memory_per_gpu": "memory_per_cpu",
    "gres": "gpus_per_task",
    "gpus": "gpus_per_task",
    "gpus_per_node": "gpus_per_task",
}


def _fail(field: str, value: Any, why: str) -> SubmitException:
    return SubmitException(f"invalid value for {field}: {value!r} ({why})")


def _count(field: str, value: Any, minimum: int = 1) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(field, value, "expected an integer")
    if value < minimum:
        raise _fail(field, value, f"expected at least {minimum}")
    return value


def _text(field: str, value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not value or "\0" in value:
        raise _fail(field, value, "expected a non-empty string")
    return value


def _resources(spec: JobSpec) -> ResourceSpecV1:
    res = spec.resources
    if res is None:
        return ResourceSpecV1()
    if not isinstance(res, ResourceSpecV1):
        raise _fail("JobSpec.resources", res, "only ResourceSpecV1 is supported")
    return res


def _resource_options(res: ResourceSpecV1) -> dict[str, Any]:
    """The sbatch options of a ResourceSpecV1.  Slurm lays the tasks out:
    nodes are requested only when node_count (or process_count with
    processes_per_node) says how many."""
    f = "JobSpec.resources."
    nodes = _count(f + "node_count", res.node_count)
    procs = _count(f + "process_count", res.process_count)
    ppn = _count(f + "processes_per_node", res.processes_per_node)
    cpus = _count(f + "cpu_cores_per_process", res.cpu_cores_per_process)
    gpus = _count(f + "gpu_cores_per_process", res.gpu_cores_per_process, 0)
    if not isinstance(res.exclusive_node_use, bool):
        raise _fail(f + "exclusive_node_use", res.exclusive_node_use, "expected a bool")
    memory = _count(f + "memory", res.memory)
    opts: dict[str, Any] = {}
    ntasks = res.computed_process_count
    opts["ntasks"] = ntasks
    if nodes is not None or (procs is not None and ppn is not None):
        opts["nodes"] = res.computed_node_count
    if ppn is not None:
        opts["ntasks_per_node"] = ppn
    if cpus is not None:
        opts["cpus_per_task"] = cpus
    if gpus:
        opts["gpus_per_task"] = gpus      # sbatch's --gpus-per-task
    if res.exclusive_node_use:
        opts["exclusive"] = True
    if memory is not None:
        # psij's memory is the job's total: spread over its CPUs, so that the
        # total holds however Slurm places the tasks (rounded up to a MiB)
        per_cpu = math.ceil(memory / MIB / (ntasks * (cpus or 1)))
        opts["memory_per_cpu"] = max(per_cpu, 1)
    return opts


def _attribute_options(spec: JobSpec) -> dict[str, Any]:
    attrs = spec.attributes
    opts: dict[str, Any] = {}
    if attrs is None:
        return opts
    f = "JobAttributes."
    duration = attrs.duration
    if duration is not None:
        if not isinstance(duration, timedelta):
            raise _fail(f + "duration", duration, "expected a datetime.timedelta")
        if duration.total_seconds() <= 0:
            raise _fail(f + "duration", duration, "expected a positive duration")
        # Slurm's time limits are whole minutes: round up
        opts["time_limit"] = math.ceil(duration.total_seconds() / 60)
    for key, field, value in (("partition", "queue_name", attrs.queue_name),
                              ("account", "account", attrs.account),
                              ("reservation", "reservation_id", attrs.reservation_id)):
        text = _text(f + field, value)
        if text is not None:
            opts[key] = text
    return opts


def custom_options(custom: Optional[dict[str, object]]) -> dict[str, tuple[str, Any]]:
    """The ``slurm.<sbatch option>`` custom attributes as JobSubmitDescription
    keywords: ``{option: (attribute name, raw value)}``.  Attributes of other
    prefixes are for other executors and left alone.

    Raises:
        SubmitException: an option pyslurm does not know, one without its
            value, or one the executor must own (named in the message).
    """
    out: dict[str, tuple[str, Any]] = {}
    for key, value in (custom or {}).items():
        if not isinstance(key, str) or not key.startswith(PREFIX):
            continue
        opt = key[len(PREFIX):]
        if value is None or value is False:
            continue
        arg = f"--{opt}" if value is True else f"--{opt}={value}"
        try:
            parsed = jobs_util.parse_sbatch_args([arg], what=f"custom attribute {key!r}")
        except ValueError as e:
            raise SubmitException(str(e)) from None
        for name, raw in parsed.items():
            if name in _FORBIDDEN:
                raise _fail(f"custom attribute {key!r}", value, _FORBIDDEN[name])
            out[name] = (key, raw)
    return out


NODEFILE = "pyslurm-nodefile.{}"


@functools.lru_cache(maxsize=16)
def _script_frame(work_directory: str) -> tuple[str, str]:
    """The fixed lines of the batch script before and after the launch
    command (the same for every job of one work directory: made once)."""
    nodefile = shlex.quote(work_directory) + "/" + NODEFILE.format("$SLURM_JOB_ID")
    head = "\n".join([
        "#!/bin/bash",
        "# pyslurm PSI/J executor: the launch command of psij's launcher",
        f"PSIJ_NODEFILE={nodefile}",
        "_psij_counts=()",
        "for _t in ${SLURM_TASKS_PER_NODE//,/ }; do",
        r"    if [[ $_t =~ ^([0-9]+)\(x([0-9]+)\)$ ]]; then",
        "        for ((_i = 0; _i < BASH_REMATCH[2]; _i++)); do"
        " _psij_counts+=(\"${BASH_REMATCH[1]}\"); done",
        "    else _psij_counts+=(\"$_t\"); fi",
        "done",
        "_i=0",
        "for _h in $(scontrol show hostnames \"$SLURM_JOB_NODELIST\"); do",
        "    for ((_k = 0; _k < ${_psij_counts[$_i]:-1}; _k++)); do echo \"$_h\"; done",
        "    _i=$((_i + 1))",
        "done > \"$PSIJ_NODEFILE\"",
        "export PSIJ_NODEFILE",
        "",
    ])
    tail = "\n".join([
        "",
        "_psij_ec=$?",
        "rm -f \"$PSIJ_NODEFILE\"",
        "exit $_psij_ec",
        "",
    ])
    return head, tail


def batch_script(launch: list[str], work_directory: Path) -> str:
    """The job's batch script: PSIJ_NODEFILE (one line per task, as psij's
    launchers and applications expect), then the launcher, whose exit status
    is the job's."""
    head, tail = _script_frame(str(work_directory))
    return head + " ".join([shlex.quote(a) for a in launch]) + tail


def _environment(spec: JobSpec) -> Any:
    env: dict[str, str] = dict(spec.environment or {})
    for k in env:
        if not isinstance(k, str) or k.upper() in ("ALL", "NONE"):
            raise _fail("JobSpec.environment", k, "not a variable name")
    if not isinstance(spec.inherit_environment, bool):
        raise _fail("JobSpec.inherit_environment", spec.inherit_environment, "expected a bool")
    if spec.inherit_environment:
        return {"ALL": "", **env}
    return env or "NONE"


def build_description(job: Job, launch: list[str], work_directory: Path) -> \
        pyslurm.JobSubmitDescription:
    """The JobSubmitDescription of ``job`` (whose spec psij's
    ``JobExecutor._check_job`` has seen), running ``launch`` (the launcher's
    command).  Nothing is sent.

    Raises:
        SubmitException: an unsupported or contradictory field, named in
            the message.
    """
    spec = job.spec
    if spec is None:
        raise SubmitException("invalid value for Job.spec: None (a JobSpec is needed)")
    _text("JobSpec.executable", spec.executable)
    if spec.executable is None:
        raise _fail("JobSpec.executable", None, "an executable is needed")
    for arg in spec.arguments or []:
        if not isinstance(arg, str):
            raise _fail("JobSpec.arguments", spec.arguments, "expected a list of strings")
    opts: dict[str, Any] = {}
    opts.update(_resource_options(_resources(spec)))
    opts.update(_attribute_options(spec))
    name = spec.name
    if name is not None:
        opts["name"] = _text("JobSpec.name", os.path.basename(str(name)) or str(name))
    if spec.directory is not None:
        opts["working_directory"] = os.path.abspath(str(spec.directory))
    desc = pyslurm.JobSubmitDescription()
    for key, value in opts.items():
        try:
            setattr(desc, key, value)
        except ValueError as e:
            raise SubmitException(f"{_OWNER.get(key, key)}: {e}") from None
    custom = custom_options(spec.attributes.custom_attributes if spec.attributes else None)
    for key, (attr, raw) in custom.items():
        clash = _CLASHES.get(key)
        if clash is not None and clash in opts:
            raise _fail(f"custom attribute {attr!r}", raw,
                        f"contradicts {_OWNER[clash]}")
        before = getattr(desc, key) if key in opts else None
        try:
            setattr(desc, key, raw)
        except ValueError as e:
            raise SubmitException(f"custom attribute {attr!r}: {e}") from None
        if before is not None and getattr(desc, key) != before:
            raise _fail(f"custom attribute {attr!r}", raw,
                        f"contradicts {_OWNER.get(key, key)}")
    try:
        desc.environment = _environment(spec)
    except ValueError as e:
        raise SubmitException(f"JobSpec.environment: {e}") from None
    desc.standard_output = "/dev/null"
    desc.standard_error = "/dev/null"
    desc.script_options = False
    desc.script = batch_script(launch, work_directory)
    return desc
