"""Job efficiency as ``seff`` reports it, for one job or many.

From a job's accounting record (:class:`pyslurm.db.Job`):

* **CPU efficiency**: the CPU time all its steps used (sacct's
  ``TotalCPU``) against its cores times its run time (``Elapsed`` x
  ``AllocCPUS``, seff's "core-walltime");
* **memory efficiency**: the most memory a step used (the largest step
  ``MaxRSS``) against the memory allocated to the job, which is what the
  job asked for per node (``--mem``) or per CPU (``--mem-per-cpu``);
* **time efficiency**: its run time against its time limit.

Numbers of a job still running are those of the steps so far, as seff
warns; a job that never ran has none (``None``).

Examples:
    >>> import pyslurm
    >>> from pyslurm.db import efficiency
    >>> e = efficiency.load_job(1234)                        # doctest: +SKIP
    >>> print(f"{e.cpu_efficiency:.2f}% of {e.core_walltime} core-seconds")  # doctest: +SKIP
    48.75% of 20 core-seconds
    >>> jobs = pyslurm.db.Jobs.load(pyslurm.db.JobFilter(ids=[1230]))  # doctest: +SKIP
    >>> effs = efficiency.of_jobs(jobs)       # every task of array 1230  # doctest: +SKIP
    >>> effs.summary().cpu_efficiency                        # doctest: +SKIP
    51.2
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Iterable, Optional, Union

from pyslurm.db import _usage
from pyslurm.db import Job, Jobs
from pyslurm.db.reports import Rows

_MIB = 1024 * 1024


def _percent(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    if part is None or not whole:
        return None
    return part / whole * 100


@dataclasses.dataclass(frozen=True)
class JobEfficiency:
    """How well one job used what it was given (seff's figures).

    Times are seconds, memory MiB, efficiencies percent (None where there
    is nothing to measure: a job that never ran, no memory request, no
    time limit).
    """
    job_id: int
    #: ``"1230_4"`` for an array task (as seff prints it), else the id
    job_name: str
    array_job_id: Optional[int]
    array_task_id: Optional[int]
    cluster: Optional[str]
    user: Optional[str]
    state: Optional[str]
    nodes: int
    #: cores allocated (seff's "Cores")
    cpus: int
    #: run time (sacct's Elapsed)
    elapsed: int
    #: time limit in minutes; None: unlimited or unknown
    time_limit: Optional[int]
    #: CPU time of all steps (sacct's TotalCPU)
    cpu_time: float
    #: elapsed x cpus
    core_walltime: int
    cpu_efficiency: Optional[float]
    #: largest MaxRSS of the job's steps
    memory_used: Optional[float]
    #: memory allocated to the whole job
    memory_requested: Optional[int]
    #: how the job asked for memory: "node" (--mem) or "cpu" (--mem-per-cpu)
    memory_per: Optional[str]
    #: memory_requested per node or per CPU, as asked for
    memory_requested_per: Optional[float]
    memory_efficiency: Optional[float]
    time_efficiency: Optional[float]

    @classmethod
    def from_values(cls, *, job_id: int, elapsed: int, cpus: Optional[int],
                    cpu_time: float, nodes: Optional[int] = 1,
                    memory_used: Optional[float] = None,
                    memory_requested: Optional[int] = None,
                    memory_per: Optional[str] = "node",
                    time_limit: Optional[Union[int, float]] = None,
                    array_job_id: Optional[int] = None,
                    array_task_id: Optional[int] = None, cluster: Optional[str] = None,
                    user: Optional[str] = None,
                    state: Optional[str] = None) -> JobEfficiency:
        """The figures from plain values, with seff's rules: no CPUs or
        nodes count as one; efficiencies of nothing are None.

        Examples:
            >>> e = JobEfficiency.from_values(job_id=7, elapsed=10, cpus=2, cpu_time=15.0,
            ...                               memory_used=50.0, memory_requested=200,
            ...                               time_limit=1)
            >>> e.cpu_efficiency, e.memory_efficiency, round(e.time_efficiency, 2)
            (75.0, 25.0, 16.67)
        """
        ncpus = cpus if cpus else 1
        nnodes = nodes if nodes else 1
        core_walltime = elapsed * ncpus
        limit = None if time_limit is None or math.isinf(time_limit) else int(time_limit)
        per = None
        if memory_requested is not None and memory_per in ("node", "cpu"):
            per = memory_requested / (nnodes if memory_per == "node" else ncpus)
        if array_job_id and array_task_id is not None:
            name = f"{array_job_id}_{array_task_id}"
        else:
            name = str(job_id)
        return cls(
            job_id=job_id, job_name=name, array_job_id=array_job_id or None,
            array_task_id=array_task_id if array_job_id else None, cluster=cluster,
            user=user, state=state, nodes=nnodes, cpus=ncpus, elapsed=elapsed,
            time_limit=limit, cpu_time=cpu_time, core_walltime=core_walltime,
            cpu_efficiency=_percent(cpu_time, core_walltime),
            memory_used=memory_used, memory_requested=memory_requested,
            memory_per=memory_per if memory_requested is not None else None,
            memory_requested_per=per,
            memory_efficiency=_percent(memory_used, memory_requested),
            time_efficiency=_percent(elapsed, limit * 60 if limit else None))

    @classmethod
    def from_job(cls, job: Any) -> JobEfficiency:
        """The figures of a :class:`pyslurm.db.Job` (with its steps)."""
        cpu_time = 0.0
        rss: Optional[int] = None
        for step in job.steps.values():
            st = step.stats
            cpu_time += st.total_cpu_time or 0.0
            if st.max_resident_memory is not None:
                rss = max(rss or 0, st.max_resident_memory)
        alloc = job.allocated_tres
        mem = alloc.mem.count if alloc is not None and alloc.mem is not None else job.memory
        how = _usage.memory_request(job)
        limit = job.time_limit
        return cls.from_values(
            job_id=job.id, elapsed=job.elapsed_time or 0, cpus=job.cpus,
            cpu_time=cpu_time, nodes=job.num_nodes,
            memory_used=None if rss is None else rss / _MIB,
            memory_requested=mem, memory_per=how[0] if how else "node",
            time_limit=limit if isinstance(limit, (int, float)) else None,
            array_job_id=job.array_id, array_task_id=job.array_task_id,
            cluster=job.cluster, user=job.user_name, state=job.state)

    def to_dict(self) -> dict[str, Any]:
        """Every figure by name."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class EfficiencySummary:
    """The figures of many jobs together (an array, a user's day...)."""
    jobs: int
    #: CPU time of all of them
    cpu_time: float
    core_walltime: int
    #: cpu_time against core_walltime, all jobs together
    cpu_efficiency: Optional[float]
    #: the largest memory_used
    memory_used: Optional[float]
    #: the average of the jobs' memory efficiencies (those that have one)
    memory_efficiency: Optional[float]
    #: the lowest and highest CPU efficiency of a job
    cpu_efficiency_min: Optional[float]
    cpu_efficiency_max: Optional[float]


class JobEfficiencies(Rows[JobEfficiency]):
    """The :class:`JobEfficiency` of several jobs, in the order given (a
    sequence of them), with their :meth:`summary` and a DataFrame in one
    call (:meth:`to_pandas`; :meth:`to_records` as dicts)."""

    def __init__(self, items: Iterable[JobEfficiency] = ()) -> None:
        self.rows: list[JobEfficiency] = list(items)
        self._row_type = JobEfficiency

    def summary(self) -> EfficiencySummary:
        """All the jobs together (the jobs that never ran add nothing)."""
        cpu_time = sum(e.cpu_time for e in self.rows)
        core = sum(e.core_walltime for e in self.rows)
        used = [e.memory_used for e in self.rows if e.memory_used is not None]
        mem_eff = [e.memory_efficiency for e in self.rows if e.memory_efficiency is not None]
        cpu_eff = [e.cpu_efficiency for e in self.rows if e.cpu_efficiency is not None]
        return EfficiencySummary(
            jobs=len(self.rows), cpu_time=cpu_time, core_walltime=core,
            cpu_efficiency=_percent(cpu_time, core),
            memory_used=max(used) if used else None,
            memory_efficiency=sum(mem_eff) / len(mem_eff) if mem_eff else None,
            cpu_efficiency_min=min(cpu_eff) if cpu_eff else None,
            cpu_efficiency_max=max(cpu_eff) if cpu_eff else None)

    def to_dict(self) -> dict[str, Any]:
        """``{job_name: figures}``."""
        return {e.job_name: e.to_dict() for e in self.rows}

    def __repr__(self) -> str:
        return f"<pyslurm.db.efficiency.JobEfficiencies of {len(self.rows)} jobs>"


def of(job: Any) -> JobEfficiency:
    """The efficiency of one :class:`pyslurm.db.Job`."""
    return JobEfficiency.from_job(job)


def of_jobs(jobs: Any) -> JobEfficiencies:
    """The efficiency of each job of a :class:`pyslurm.db.Jobs` (or any
    iterable of :class:`pyslurm.db.Job`), by cluster, then job id (the
    tasks of an array by task id, under the array's id)."""
    items = jobs.values() if hasattr(jobs, "values") else jobs
    return JobEfficiencies(_in_order(JobEfficiency.from_job(j) for j in items))


def _in_order(items: Iterable[JobEfficiency]) -> list[JobEfficiency]:
    """By cluster, job id, an array's tasks by task id under the array's id."""
    return sorted(items, key=lambda e: (e.cluster or "", e.array_job_id or e.job_id,
                                        -1 if e.array_task_id is None else e.array_task_id,
                                        e.job_id))


def load_job(job_id: int, cluster: Optional[str] = None,
             db_connection: Any = None) -> JobEfficiency:
    """Load a job's accounting record and give its efficiency (``seff JOBID``).

    Raises:
        ValueError: a bad job id.
        RPCError: no such job in the database, or slurmdbd failed.
    """
    return JobEfficiency.from_job(Job.load(job_id, cluster=cluster,
                                           db_connection=db_connection))


def load(db_filter: Any = None, db_connection: Any = None) -> JobEfficiencies:
    """The efficiency of every job ``db_filter`` (a :class:`pyslurm.db.JobFilter`)
    selects, e.g. every task of an array: ``JobFilter(ids=[array_job_id])``."""
    return of_jobs(Jobs.load(db_filter, db_connection=db_connection))


__all__ = ["JobEfficiency", "JobEfficiencies", "EfficiencySummary", "of", "of_jobs",
           "load_job", "load"]
