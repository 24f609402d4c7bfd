"""How a task is started: its command line, its environment and the
``${...}`` values of its description, for the execution models
``default``, ``threads``, ``srunmpi``, ``openmpi`` and ``intelmpi``.

Pure functions of a task's spec, its place (node names and CPU ids) and
the manager's settings; the manager hands their results to the agents.
The only side effects are the host and rank files written by
:func:`srun_step` and :func:`mpirun_step` (to the paths they are given).

Examples:
    >>> slurm_counts([2, 2, 1])
    '2(x2),1'
    >>> subst("out.${it}", {"it": "3"})
    'out.3'
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from datetime import datetime
from typing import Any, Optional, Sequence

from .job import JobSpec

__all__ = ["AGENT_PATH", "MPI_MODELS", "subst", "task_values", "task_env", "task_argv",
           "rank_env", "srun_step", "mpirun_step", "slurm_counts", "opt_list"]

AGENT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agent.py")
MPI_MODELS = ("srunmpi", "openmpi", "intelmpi")
_VAR = re.compile(r"\$\{\s*([A-Za-z_]+)\s*\}")

# a task's own step variables: srun sets them itself for an srunmpi step
_STEP_VARS = ("SLURM_NNODES", "SLURM_NODELIST", "SLURM_NPROCS", "SLURM_NTASKS",
              "SLURM_JOB_NODELIST", "SLURM_JOB_NUM_NODES", "SLURM_STEP_NODELIST",
              "SLURM_STEP_NUM_NODES", "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS_PER_NODE",
              "SLURM_STEP_TASKS_PER_NODE", "SLURM_TASKS_PER_NODE",
              "SLURM_JOB_CPUS_PER_NODE", "SLURM_CPU_BIND", "SLURM_MEM_PER_NODE",
              "SLURM_MEM_PER_CPU", "SLURM_DISTRIBUTION")


def subst(text: Optional[str], values: dict[str, str]) -> Optional[str]:
    """``text`` with each ``${name}`` of ``values`` replaced (unknown names
    are left as they are)."""
    if text is None or "${" not in text:
        return text
    return _VAR.sub(lambda m: values.get(m[1], m[0]), text)


def task_values(spec: JobSpec, i: int, seq: int, uniq: str, names: Sequence[str], ncores: int,
                root_wd: str, in_slurm: bool) -> dict[str, str]:
    """The ``${...}`` values of iteration ``i`` of a job (QCG's names:
    ``it``, ``itval``, ``jname``, ``ncores``, ``nnodes``, ``nlist``,
    ``root_wd``, ``uniq``, ``sname``, ``date``, ``time``, ``dateTime``,
    ``rcnt``) placed on the nodes ``names``."""
    it = spec.iterations[i] if spec.iterations is not None else None
    itval = spec.iter_values[i] if spec.iter_values is not None else it
    return {"it": "" if it is None else str(it), "itval": "" if itval is None else str(itval),
            "jname": spec.name,
            "ncores": str(ncores), "nnodes": str(len(names)),
            "nlist": ",".join(names), "root_wd": root_wd, "uniq": uniq,
            "sname": "slurm" if in_slurm else "local",
            "date": datetime.now().strftime("%Y-%m-%d"),
            "time": datetime.now().strftime("%H:%M:%S"),
            "dateTime": datetime.now().isoformat(), "rcnt": str(seq)}


def task_env(spec: JobSpec, names: Sequence[str], counts: Sequence[int], cpus: Sequence[int],
             step_id: str, slurm_schema: bool,
             values: Optional[dict[str, str]]) -> dict[str, str]:
    """The variables a task gets beyond the manager's: ``QCG_PM_*`` (nodes,
    counts, its step id, ``cpus`` the CPUs of its first node), with
    ``slurm_schema`` the ``SLURM_*`` ones of a step on those nodes,
    ``OMP_NUM_THREADS`` for the threads model, then the job's own ``env``
    (its ``${...}`` replaced when ``values`` are given)."""
    ncores = str(sum(counts))
    nlist = ",".join(names)
    env = {
        "QCG_PM_NNODES": str(len(names)), "QCG_PM_NODELIST": nlist,
        "QCG_PM_NPROCS": ncores, "QCG_PM_NTASKS": ncores,
        "QCG_PM_STEP_ID": step_id, "QCG_PM_TASKS_PER_NODE": ",".join(map(str, counts)),
        "QCG_PM_CPU_SET": ",".join(map(str, cpus)),
    }
    if slurm_schema:
        stpn = slurm_counts(counts)
        env.update({
            "SLURM_NNODES": str(len(names)), "SLURM_NODELIST": nlist,
            "SLURM_NPROCS": ncores, "SLURM_NTASKS": ncores,
            "SLURM_JOB_NODELIST": nlist, "SLURM_JOB_NUM_NODES": str(len(names)),
            "SLURM_STEP_NODELIST": nlist, "SLURM_STEP_NUM_NODES": str(len(names)),
            "SLURM_STEP_NUM_TASKS": ncores, "SLURM_STEP_TASKS_PER_NODE": stpn,
            "SLURM_TASKS_PER_NODE": stpn, "SLURM_JOB_CPUS_PER_NODE": stpn,
            "SLURM_OVERLAP": "1",
        })
        if len(set(counts)) == 1:
            env["SLURM_NTASKS_PER_NODE"] = str(counts[0])
    if spec.model == "threads":
        env["OMP_NUM_THREADS"] = ncores
    if spec.env:
        for key, val in spec.env.items():
            env[key] = (subst(val, values) or "") if values is not None else val
    return env


def task_argv(spec: JobSpec, values: Optional[dict[str, str]]) -> list[str]:
    """The command line of a task: its ``script`` through bash or its
    ``exec`` and ``args`` (``${...}`` replaced when ``values`` are given),
    behind a bash that loads its ``modules`` and activates its ``venv``."""
    if spec.script is not None:
        script = subst(spec.script, values) if values is not None else spec.script
        argv = ["/bin/bash", "-c", script or ""]
    else:
        argv = [spec.exec or ""] + list(spec.args)
        if values is not None:
            argv = [subst(a, values) or "" for a in argv]
    if spec.venv or spec.modules:
        # modules first (their command comes with a login shell), then
        # the virtualenv, then the program itself (exec: same process)
        pre = []
        if spec.modules:
            pre.append("module load " + " ".join(shlex.quote(m) for m in spec.modules))
        if spec.venv:
            pre.append(f"source {shlex.quote(os.path.join(spec.venv, 'bin', 'activate'))}")
        shell = ["/bin/bash", "-l", "-c"] if spec.modules else ["/bin/bash", "-c"]
        argv = [*shell, "; ".join(pre) + '; exec "$@"', "pilot-task", *argv]
    return argv


def rank_env(env: dict[str, str], rank: int, local: int, nodeid: int, size: int,
             cpu: int) -> dict[str, str]:
    """The environment of rank ``rank`` (``local`` on its node ``nodeid``,
    of ``size`` ranks, pinned to ``cpu``) of an MPI-model task the agents
    start rank by rank (outside an allocation)."""
    renv = dict(env)
    renv.update({"SLURM_PROCID": str(rank), "SLURM_LOCALID": str(local),
                 "SLURM_NODEID": str(nodeid), "PMI_RANK": str(rank),
                 "PMI_SIZE": str(size), "OMPI_COMM_WORLD_RANK": str(rank),
                 "OMPI_COMM_WORLD_SIZE": str(size),
                 "QCG_PM_CPU_SET": str(cpu)})
    return renv


def srun_step(alloc_id: int, place: Sequence[tuple[str, Sequence[int]]], argv: list[str],
              env: dict[str, str], job_name: str, model_opts: dict[str, Any],
              hostfile: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment of an ``srunmpi`` task in allocation
    ``alloc_id`` placed on ``place`` (``[(node name, CPU ids)]``): one
    ``srun`` with the exact node list (one line per rank in ``hostfile``,
    written here; arbitrary distribution), each rank pinned to its CPU by
    pyslurm's bind shim (``agent.py --bind``: it reads the node name and
    ``SLURM_LOCALID`` and sets the affinity before exec), which works
    whatever task plugin the cluster has (Slurm's ``--cpu-bind`` needs
    task/affinity and one CPU map for all nodes);
    ``model_opts["srun_args"]`` are added to srun's options."""
    ncores = sum(len(c) for _, c in place)
    with open(hostfile, "w") as f:
        for name, cpus in place:
            f.write(f"{name}\n" * len(cpus))
    env = dict(env)
    for key in _STEP_VARS:
        env.pop(key, None)
    env["SLURM_HOSTFILE"] = hostfile
    env["PYSLURM_PILOT_BIND"] = json.dumps({name: list(cpus) for name, cpus in place})
    cmd = ["srun", f"--jobid={alloc_id}", f"--ntasks={ncores}",
           "--distribution=arbitrary",
           "--overlap", "--mem=0", "--cpus-per-task=1", "--quiet", "--kill-on-bad-exit=1",
           f"--job-name={job_name}",
           *opt_list(model_opts, "srun_args"),
           sys.executable, AGENT_PATH, "--bind", "--", *argv]
    return cmd, env


def mpirun_step(spec: JobSpec, place: Sequence[tuple[str, Sequence[int]]], argv: list[str],
                env: dict[str, str], rankfile: str,
                cwd: Optional[str] = None) -> tuple[list[str], dict[str, str]]:
    """The command and environment of an ``openmpi`` / ``intelmpi`` task
    placed on ``place`` (``[(node name, CPU ids)]``): ``mpirun``
    (``model_opts["mpirun"]`` names another) with the exact nodes and
    cores: Open MPI through a rank file (``rank R=NODE slot=CPU``, written
    to ``rankfile`` and named relative to ``cwd``, mpirun's directory,
    when given), Intel MPI through one ``-host NODE -n COUNT -env
    I_MPI_PIN_PROCESSOR_LIST=...`` section per node;
    ``model_opts["mpirun_args"]`` are added before the program."""
    mpirun = str(spec.model_opts.get("mpirun", "mpirun"))
    extra = opt_list(spec.model_opts, "mpirun_args")
    ncores = sum(len(c) for _, c in place)
    env = dict(env)
    if spec.model == "openmpi":
        os.makedirs(os.path.dirname(rankfile) or ".", exist_ok=True)
        with open(rankfile, "w") as f:
            rank = 0
            for name, cpus in place:
                for cpu in cpus:
                    f.write(f"rank {rank}={name} slot={cpu}\n")
                    rank += 1
        ref = os.path.relpath(rankfile, cwd) if cwd else rankfile
        cmd = [mpirun, "--rankfile", ref, "-np", str(ncores), *extra, *argv]
    else:
        env["I_MPI_PIN"] = "1"
        cmd = [mpirun]
        for n, (name, cpus) in enumerate(place):
            if n:
                cmd.append(":")
            cmd += ["-host", name, "-n", str(len(cpus)), "-env",
                    f"I_MPI_PIN_PROCESSOR_LIST={','.join(map(str, cpus))}", *extra, *argv]
    return cmd, env


def opt_list(opts: dict[str, Any], key: str) -> list[str]:
    """A ``model_opts`` entry that is a list of arguments (or one string)."""
    value = opts.get(key, [])
    if isinstance(value, str):
        return shlex.split(value)
    return [str(v) for v in value]


def slurm_counts(counts: Sequence[int]) -> str:
    """Slurm's compressed per-node counts: ``[2, 2, 1]`` -> ``"2(x2),1"``."""
    out: list[str] = []
    k = 0
    while k < len(counts):
        j = k
        while j + 1 < len(counts) and counts[j + 1] == counts[k]:
            j += 1
        out.append(str(counts[k]) if j == k else f"{counts[k]}(x{j - k + 1})")
        k = j + 1
    return ",".join(out)
