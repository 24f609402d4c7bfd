"""The resources of a pilot: nodes with CPU ids (and memory), from QCG's
``--nodes`` syntax (local mode) or from a Slurm allocation's resource
layout (pyslurm's public API: :meth:`pyslurm.Job.get_resource_layout_per_node`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional

from .errors import WrongArgumentsError

__all__ = ["Node", "parse_nodes", "parse_cpu_ids", "allocation_nodes"]

_NODE = re.compile(r"^(?:([A-Za-z0-9_.-]+):)?(\d+)$")


@dataclass
class Node:
    """One node of the pilot: its name, its CPU ids, its memory (MiB,
    None: not counted), and what is free now."""
    name: str
    cpus: list[int]
    memory: Optional[int] = None
    free: list[int] = field(default_factory=list)
    mem_free: Optional[int] = None
    alive: bool = True

    def __post_init__(self) -> None:
        self.free = sorted(self.cpus, reverse=True)   # pop() gives the lowest id
        self.mem_free = self.memory


def parse_nodes(spec: str, memory: Optional[int] = None) -> list[Node]:
    """Nodes of QCG's ``--nodes`` syntax: ``[NAME:]CORES[,[NAME:]CORES]...``
    (``4,4`` gives nodes ``n0`` and ``n1`` of 4 cores each; ``a:2, b:2``
    named nodes).

    Raises:
        WrongArgumentsError: a malformed entry (the message quotes it).
    """
    nodes: list[Node] = []
    for i, part in enumerate(p.strip() for p in str(spec).split(",")):
        m = _NODE.match(part)
        if not m or int(m[2]) <= 0:
            raise WrongArgumentsError(
                f"--nodes: wrong node definition {part!r} (expected [NAME:]CORES, e.g. 4,4 "
                f"or n1:4,n2:4)")
        name = m[1] or f"n{i}"
        if any(n.name == name for n in nodes):
            raise WrongArgumentsError(f"--nodes: node {name!r} defined twice")
        nodes.append(Node(name, list(range(int(m[2]))), memory))
    if not nodes:
        raise WrongArgumentsError("--nodes: no nodes defined")
    return nodes


def parse_cpu_ids(text: str) -> list[int]:
    """CPU ids of Slurm's list syntax: ``"0-2,5"`` -> ``[0, 1, 2, 5]``."""
    out: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            out.extend(range(int(lo), int(hi) + 1))
        else:
            out.append(int(part))
    return out


def allocation_nodes(job_id: int) -> list[Node]:
    """The nodes, CPU ids and memory of a running Slurm job, read through
    pyslurm (one ``slurm_load_job``).

    Raises:
        WrongArgumentsError: the job has no allocation (it is not running).
        pyslurm.JobNotFoundError: no such job.
    """
    import pyslurm

    job = pyslurm.Job.load(int(job_id))
    layout = job.get_resource_layout_per_node() if job.state == "RUNNING" else {}
    if not layout:
        raise WrongArgumentsError(f"job {job_id} has no allocation (state {job.state})")
    from pyslurm import hostlist

    order = hostlist.expand(job.nodes) if getattr(job, "nodes", None) else sorted(layout)
    nodes = []
    for name in order:
        info = layout.get(name)
        if info is None:
            continue
        nodes.append(Node(name, parse_cpu_ids(info.get("cpu_ids") or ""), info.get("memory")))
    return nodes


def current_allocation() -> Optional[int]:
    """The job id of the allocation this process runs in (SLURM_JOB_ID),
    or None."""
    value = os.environ.get("SLURM_JOB_ID") or os.environ.get("SLURM_JOBID")
    return int(value) if value and value.isdigit() else None
