"""Scheduler plugin base classes, kickoff scripts, job status caching, registry.

Three classes, as in Pavilion:

* :class:`SchedulerPlugin` -- the common part: config validation, variables,
  kickoff script generation (:class:`KickoffScriptHeader`), cached job
  statuses refreshed by **one** call for every tracked job, cancel.
* :class:`SchedulerPluginBasic` -- no node inventory: sizes come from
  ``schedule.cluster_info`` and each test is its own job.
* :class:`SchedulerPluginAdvanced` -- a node inventory, filtering, chunking,
  and shared / flex / individual jobs per chunk, all done by the pure steps
  of :mod:`pyslurm.schedulers.pipeline`.

A plugin supplies these hooks (the *seam*):

===============================  ============================================
``_available()``                 can this plugin work on this host?
``_kickoff(job) -> JobInfo``     start ``job.script_path``; return a
                                 JSON-serialisable dict with at least ``id``
``_refresh_job_statuses(infos)`` one call for all tracked jobs:
                                 ``{job id: JobStatus or None}``
``cancel(job_info)``             None on success, else a message
``_get_alloc_nodes()``           node names of the current allocation
``_fetch_node_info()``           (advanced only) ``{name: NodeInfo}``
===============================  ============================================

The Slurm plugin will fill these with pyslurm objects: ``_fetch_node_info``
from ``pyslurm.Nodes``/``Partitions``/``Reservations`` through
:func:`pyslurm.schedulers.pipeline.build_node_info`, ``_kickoff`` with a
``pyslurm.JobSubmitDescription`` carrying
:meth:`pyslurm.schedulers.slurm_rules.SbatchHeader.settings` (the header on
record renders the same settings), ``_refresh_job_statuses`` with one
``pyslurm.Jobs`` load mapped by
:func:`pyslurm.schedulers.slurm_rules.map_job_state`.

Plugins are found by name: :func:`register_plugin` and the
``pyslurm.schedulers`` entry-point group (see :func:`discover_plugins`).
"""

from __future__ import annotations

import abc
import contextlib
import gc
import json
import os
import re
import shlex
import time
from dataclasses import dataclass, field
from itertools import repeat
from operator import is_
from pathlib import Path
from types import MappingProxyType
from typing import (
    Any, Dict, Iterator, Mapping, Protocol, Sequence, TypeVar, runtime_checkable,
)

from pyslurm.errors import PyslurmError
from pyslurm.schedulers import pipeline as pl
from pyslurm.schedulers.config import calc_node_range, validate_config
from pyslurm.schedulers.nodelist import natural_sorted
from pyslurm.schedulers.variables import SchedulerVariables

__all__ = [
    "SCHEDULED", "SCHED_ERROR", "SCHED_CANCELLED", "SCHED_RUNNING", "UNKNOWN",
    "JobStatus", "JobInfo", "SchedulerPluginError", "KickoffScriptHeader",
    "TestSpec", "JobSpec", "Inventory",
    "SchedulerPlugin", "SchedulerPluginBasic", "SchedulerPluginAdvanced",
]

SCHEDULED = "SCHEDULED"
"""The job waits for an allocation."""
SCHED_ERROR = "SCHED_ERROR"
"""The job died because of an error (scheduler side)."""
SCHED_CANCELLED = "SCHED_CANCELLED"
"""The job was cancelled."""
SCHED_RUNNING = "SCHED_RUNNING"
"""The job runs (the test itself may not have started yet)."""
UNKNOWN = "UNKNOWN"
"""Nothing is known about the job any more (e.g. purged); not an error."""

JobInfo = Dict[str, Any]
"""What ``_kickoff`` returns: a JSON-serialisable dict with at least ``id``."""

_V = TypeVar("_V")


def natural_snapshot(nodes: Mapping[str, _V]) -> Mapping[str, _V]:
    """A plugin's fresh ``_fetch_node_info()`` result as a read-only mapping
    in natural node order: a dict already in that order (nobody else holds
    it) is wrapped as it is, anything else is copied in that order."""
    order = natural_sorted(nodes)
    if type(nodes) is dict and order == list(nodes):
        return MappingProxyType(nodes)
    return MappingProxyType({name: nodes[name] for name in order})


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk step.

    An inventory makes tens of thousands of small dicts and lists (a status
    refresh a status object per tracked job), none part of a reference
    cycle; each few hundred allocations would start a collection that finds
    nothing (a tenth of the step's time for 2000 nodes).  Reference counting
    still frees everything at once; the collector is enabled again
    afterwards if it was enabled before.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

@dataclass(frozen=True)
class JobStatus:
    """A job's scheduler-side status.

    Attributes:
        state: One of SCHEDULED, SCHED_ERROR, SCHED_CANCELLED, SCHED_RUNNING, UNKNOWN.
        note: Human-readable detail.
        when: ``time.time()`` when it was observed (the Slurm plugin keeps
            the time of the refresh that first saw the job's current record:
            since when the job has had this status).
    """

    state: str
    note: str = ""
    when: float = field(default_factory=time.time)


class SchedulerPluginError(PyslurmError, RuntimeError):
    """A scheduler plugin could not do what was asked."""


class KickoffScriptHeader:
    """Header lines of a kickoff script.

    Subclasses override :meth:`_kickoff_lines` (an sbatch header, say); the
    base adds only the ``#!/bin/bash`` line.

    Args:
        job_name: Name of the job.
        sched_config: The job's validated config.
        nodes: Exact nodes, or None if the scheduler picks them.
        node_range: ``(min, max)`` nodes when the scheduler picks them
            (``max`` None: the scheduler picks the count too, from ``tasks``).
        node_data: ``{name: NodeInfo}`` of the nodes the job may get (lets a
            header resolve ``tasks_per_node: all`` and percentages).
    """

    def __init__(self, job_name: str, sched_config: Mapping[str, Any],
                 nodes: Sequence[str] | None = None,
                 node_range: tuple[int, int | None] | None = None,
                 node_data: Mapping[str, Mapping[str, Any]] | None = None):
        self._job_name = job_name
        self._config = sched_config
        self._nodes = list(nodes) if nodes is not None else None
        self._node_range = node_range
        self._node_data = dict(node_data or {})

    def get_lines(self) -> list[str]:
        """All header lines, shebang first."""
        return ["#!/bin/bash"] + self._kickoff_lines()

    def _kickoff_lines(self) -> list[str]:
        """Scheduler-specific header lines (none in the base class)."""
        return []


@dataclass
class TestSpec:
    """A test to schedule, as the harness describes it.

    Attributes:
        test_id: Unique id of the test.
        name: Short name (used in job names).
        sched_config: The raw ``schedule`` section.
        command: Shell command line the kickoff script runs for this test.
        chunk: ``'any'`` (least used chunk) or a chunk index.
    """

    __test__ = False  # not a pytest test class, despite the name

    test_id: str
    name: str
    sched_config: Mapping[str, Any]
    command: str
    chunk: int | str = "any"


@dataclass
class JobSpec:
    """A job ready to be kicked off.

    Attributes:
        name: Job name.
        tests: The tests it runs, in order.
        sched_config: Validated config the job is submitted with.
        nodes: Exact nodes, or None when the scheduler picks them.
        node_range: ``(min, max)`` when the scheduler picks them (``max``
            None when it picks the count from ``tasks``).
        kind: ``'basic'``, ``'shared'``, ``'flex'`` or ``'individual'``.
        job_dir: Directory holding the script, logs and saved node data.
        node_data: ``{name: NodeInfo}`` saved for :meth:`get_final_vars`.
        header: The kickoff script's header, made once when the job is
            launched (its settings are what the job is submitted with).
    """

    name: str
    tests: list[TestSpec]
    sched_config: dict[str, Any]
    nodes: list[str] | None
    node_range: tuple[int, int | None] | None
    kind: str
    job_dir: Path
    node_data: dict[str, Any] = field(default_factory=dict)
    header: KickoffScriptHeader | None = None

    @property
    def script_path(self) -> Path:
        """The kickoff script."""
        return self.job_dir / "kickoff.sh"

    @property
    def log_path(self) -> Path:
        """Where the kickoff script sends its output."""
        return self.job_dir / "kickoff.log"

    @property
    def sched_log_path(self) -> Path:
        """Where the scheduler (or the launching process) writes."""
        return self.job_dir / "sched.log"


@runtime_checkable
class Inventory(Protocol):
    """Where an advanced plugin gets its nodes (the Slurm seam).

    The Slurm plugin builds it from ``pyslurm.Nodes``, ``pyslurm.Partitions``
    and ``pyslurm.Reservations`` (active ones only), memory in bytes, with
    :func:`pyslurm.schedulers.slurm.node_rows_info`; other sources can hand
    their records to :func:`pyslurm.schedulers.pipeline.build_node_info`.
    """

    def fetch_node_info(self) -> dict[str, pl.NodeInfo]:
        """Return ``{node name: NodeInfo}``."""
        ...


_SLUG_RE = re.compile(r"[^A-Za-z0-9_.-]+")


class SchedulerPlugin(abc.ABC):
    """Base of every scheduler plugin (see the module docstring for the hooks).

    Args:
        name: Plugin name (``schedule`` sections select it by this).
        description: One line.
        priority: On a name clash the higher priority wins.
    """

    PRIO_CORE = 0
    PRIO_COMMON = 10
    PRIO_USER = 20

    VAR_CLASS: type[SchedulerVariables] = SchedulerVariables
    """Variables class of this plugin."""
    KICKOFF_SCRIPT_HEADER_CLASS: type[KickoffScriptHeader] = KickoffScriptHeader
    """Header class of this plugin's kickoff scripts."""
    JOB_STATUS_TIMEOUT = 1.0
    """Seconds a cached job status stays fresh."""
    SCHED_DATA_FN = "sched_data.json"
    """File in the job directory holding the node data saved at kickoff."""
    CONFIG_SECTIONS: dict[str, dict[str, tuple]] = {}
    """Extra config sections: ``{name: {key: (default, parser, allowed)}}``."""

    def __init__(self, name: str, description: str, priority: int = PRIO_CORE):
        self.name = name
        self.description = description
        self.priority = priority
        self._is_available: bool | None = None
        self._tracked: dict[str, JobInfo] = {}
        self._job_statuses: dict[str, JobStatus | None] = {}
        """Each tracked job's status at the last refresh (all jobs are
        refreshed together, at :attr:`_statuses_at`)."""
        self._statuses_at = float("-inf")
        self._job_counter = 0
        self.refresh_calls = 0
        """How many times ``_refresh_job_statuses`` ran (one per refresh of all jobs)."""

    # --- hooks ---------------------------------------------------------------
    @abc.abstractmethod
    def _available(self) -> bool:
        """True if the plugin can work on this host."""

    @abc.abstractmethod
    def _kickoff(self, job: JobSpec) -> JobInfo:
        """Start ``job.script_path`` under the scheduler; return its job info."""

    @abc.abstractmethod
    def _refresh_job_statuses(self, job_infos: Sequence[JobInfo]) -> dict[str, JobStatus | None]:
        """Look up every given job at once: ``{job id: JobStatus or None (unknown)}``."""

    @abc.abstractmethod
    def cancel(self, job_info: JobInfo) -> str | None:
        """Cancel a job. Returns None on success, else why it could not be cancelled."""

    @abc.abstractmethod
    def _get_alloc_nodes(self) -> list[str]:
        """Node names of the allocation this process runs in."""

    # --- common --------------------------------------------------------------
    def validate(self, raw_sched_config: Mapping[str, Any] | None) -> dict[str, Any]:
        """Validate a raw ``schedule`` section (plus this plugin's sections).

        Raises:
            SchedulerConfigError: See :func:`pyslurm.schedulers.config.validate_config`.
        """
        return validate_config(raw_sched_config, self.CONFIG_SECTIONS)

    def available(self) -> bool:
        """True if this plugin can be used here (asked once, then cached)."""
        if self._is_available is None:
            self._is_available = bool(self._available())
        return self._is_available

    def get_initial_vars(self, raw_sched_config: Mapping[str, Any]) -> SchedulerVariables:
        """Variables for a test at creation time (deferred ones unknown).

        Raises:
            SchedulerConfigError: The config is invalid.
        """
        with gc_paused():
            return self._get_initial_vars(self.validate(raw_sched_config))

    @abc.abstractmethod
    def _get_initial_vars(self, sched_config: dict[str, Any]) -> SchedulerVariables:
        """Implemented by the Basic/Advanced classes."""

    @abc.abstractmethod
    def get_final_vars(self, raw_sched_config: Mapping[str, Any],
                       job_dir: Path | None = None) -> SchedulerVariables:
        """Variables inside the allocation (nothing deferred)."""

    @abc.abstractmethod
    def schedule_tests(self, tests: Sequence[TestSpec], work_dir: Path) -> dict[str, JobInfo]:
        """Kick off jobs for ``tests``; return ``{test id: job info}``."""

    def header(self, job: JobSpec) -> KickoffScriptHeader:
        """The kickoff header of ``job`` (made once, when it is launched)."""
        if job.header is None:
            job.header = self.KICKOFF_SCRIPT_HEADER_CLASS(
                job.name, job.sched_config, nodes=job.nodes, node_range=job.node_range,
                node_data=job.node_data)
        return job.header

    def kickoff_script(self, job: JobSpec) -> str:
        """Text of the kickoff script for ``job``: header, output redirection,
        then each test's command between start/finish lines."""
        lines = self.header(job).get_lines()
        lines += ["", f"# Kickoff script for job {job.name} ({len(job.tests)} test(s)).",
                  f"exec >>{shlex.quote(str(job.log_path))} 2>&1",
                  f"export PYSLURM_SCHED_JOB_DIR={shlex.quote(str(job.job_dir))}", ""]
        for test in job.tests:
            tid = shlex.quote(test.test_id)
            lines += [f'echo "Starting test "{tid}" - $(date)"', test.command,
                      f'echo "Finished test "{tid}" - $(date)"', ""]
        return "\n".join(lines)

    def _new_job(self, tests: Sequence[TestSpec], sched_config: dict[str, Any],
                 nodes: Sequence[str] | None, node_range: tuple[int, int | None] | None,
                 kind: str, work_dir: Path, node_data: Mapping[str, Any] | None = None,
                 ) -> JobSpec:
        self._job_counter += 1
        names = ",".join(t.name for t in tests[:4]) + (",..." if len(tests) > 4 else "")
        slug = _SLUG_RE.sub("_", names)[:60]
        job_dir = Path(work_dir) / f"job-{os.getpid()}-{self._job_counter}-{slug}"
        job_dir.mkdir(parents=True, exist_ok=False)
        return JobSpec(f"{self.name}_{names}", list(tests), sched_config,
                       None if nodes is None else list(nodes), node_range, kind, job_dir,
                       dict(node_data or {}))

    def _launch(self, job: JobSpec) -> JobInfo:
        """Write the script and node data, kick off, and start tracking the job."""
        job.script_path.write_text(self.kickoff_script(job) + "\n")
        job.script_path.chmod(0o755)
        (job.job_dir / self.SCHED_DATA_FN).write_text(json.dumps(job.node_data, sort_keys=True))
        info = dict(self._kickoff(job))
        if "id" not in info:
            raise SchedulerPluginError(f"plugin {self.name!r} returned job info without "
                                       f"an 'id': {info!r}")
        info.setdefault("job_dir", str(job.job_dir))
        self._tracked[str(info["id"])] = info
        return info

    def track(self, job_info: JobInfo) -> None:
        """Track a job kicked off earlier (e.g. by another process)."""
        self._tracked[str(job_info["id"])] = dict(job_info)

    def untrack(self, job_info: JobInfo) -> None:
        """Stop tracking a job (its status is no longer refreshed or cached)."""
        job_id = str(job_info["id"])
        self._tracked.pop(job_id, None)
        self._job_statuses.pop(job_id, None)

    def job_status(self, job_info: JobInfo) -> JobStatus:
        """Status of one job, from the cache if fresh, else after refreshing
        **all** tracked jobs with one ``_refresh_job_statuses`` call.

        Returns:
            A :class:`JobStatus`; ``UNKNOWN`` when the scheduler has no record.
        """
        job_id = str(job_info["id"])
        cached = self._job_statuses.get(job_id)
        if cached is not None and time.time() < self._statuses_at + self.JOB_STATUS_TIMEOUT:
            return cached
        tracked = self._tracked
        tracked.setdefault(job_id, dict(job_info))
        self.refresh_calls += 1
        with gc_paused():           # a status object per tracked job, no cycles
            results = self._refresh_job_statuses(list(tracked.values()))
            now = time.time()
            statuses = dict(results)
            # (an identity scan: ``None in values`` would call each status's __eq__)
            if len(statuses) != len(tracked) or any(map(is_, statuses.values(),
                                                        repeat(None))):
                for jid in tracked:
                    if statuses.get(jid) is None:
                        statuses[jid] = JobStatus(
                            UNKNOWN, f"no record of job {jid} (finished or purged)", now)
            self._job_statuses = statuses
            self._statuses_at = now
        status = statuses[job_id]
        assert status is not None   # job_id is tracked: given UNKNOWN above if it had None
        return status

    def _load_node_data(self, job_dir: Path | None) -> dict[str, Any]:
        if job_dir is None:
            job_dir_env = os.environ.get("PYSLURM_SCHED_JOB_DIR")
            if not job_dir_env:
                return {}
            job_dir = Path(job_dir_env)
        path = Path(job_dir) / self.SCHED_DATA_FN
        try:
            return json.loads(path.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            raise SchedulerPluginError(f"could not load node data from {path}: {err}") from err


class SchedulerPluginBasic(SchedulerPlugin):
    """A plugin without a node inventory: sizes come from ``schedule.cluster_info``
    and every test is kicked off as its own job."""

    def _get_alloc_node_info(self, node_name: str) -> dict[str, Any]:
        """Info about a node of the allocation (optional; improves min_cpus/min_mem)."""
        return {}

    def _get_initial_vars(self, sched_config: dict[str, Any]) -> SchedulerVariables:
        return self.VAR_CLASS(sched_config)

    def get_final_vars(self, raw_sched_config: Mapping[str, Any],
                       job_dir: Path | None = None) -> SchedulerVariables:
        """Variables inside the allocation, from the allocation's nodes.

        A fractional ``nodes`` keeps that share of the allocation (floor), as
        in Pavilion.
        """
        cfg = self.validate(raw_sched_config)
        alloc = list(self._get_alloc_nodes())
        if isinstance(cfg["nodes"], float):
            alloc = alloc[:max(int(len(alloc) * cfg["nodes"]), 1)]
        nodes = {name: self._get_alloc_node_info(name) for name in alloc}
        return self.VAR_CLASS(cfg, nodes=nodes, deferred=False)

    def schedule_tests(self, tests: Sequence[TestSpec], work_dir: Path) -> dict[str, JobInfo]:
        """Kick off each test as its own job, sized from ``cluster_info.node_count``."""
        out: dict[str, JobInfo] = {}
        for test in tests:
            cfg = self.validate(test.sched_config)
            node_range = calc_node_range(cfg, cfg["cluster_info"]["node_count"] or 1)
            job = self._new_job([test], cfg, None, node_range, "basic", work_dir)
            out[test.test_id] = self._launch(job)
        return out


class SchedulerPluginAdvanced(SchedulerPlugin):
    """A plugin with a node inventory: filtering, chunking, shared/flex/individual jobs.

    Subclasses add :meth:`_fetch_node_info` (and may add :meth:`_filter_custom`).
    """

    ALLOC_ACQUIRE_OPTIONS: tuple[str, ...] = pl.ALLOC_ACQUIRE_OPTIONS
    """Config keys that must agree for tests to share a job."""

    def __init__(self, name: str, description: str,
                 priority: int = SchedulerPlugin.PRIO_COMMON):
        super().__init__(name, description, priority)
        self._nodes: Mapping[str, pl.NodeInfo] | None = None
        self.chunk_store = pl.ChunkStore()

    @abc.abstractmethod
    def _fetch_node_info(self) -> dict[str, pl.NodeInfo]:
        """The inventory: ``{name: NodeInfo}`` (the Slurm seam, see
        :class:`Inventory`), a new dict each call: :meth:`inventory` keeps
        it (read-only) without copying."""

    def _filter_custom(self, sched_config: Mapping[str, Any], name: str,
                       node: Mapping[str, Any]) -> str | None:
        """Plugin-specific filter: a reason to drop the node, or None to keep it."""
        return None

    def inventory(self, refresh: bool = False) -> Mapping[str, pl.NodeInfo]:
        """The node inventory, fetched once (``refresh=True`` fetches again).

        A read-only snapshot in natural node order (``{name: NodeInfo}``;
        ``dict(...)`` of it is an ordinary dict): the filter and the
        chunking rely on that order without checking it again.
        """
        if self._nodes is None or refresh:
            with gc_paused():
                self._nodes = natural_snapshot(self._fetch_node_info())
        return self._nodes

    def filter(self, sched_config: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
        """:func:`pipeline.filter_nodes` plus :meth:`_filter_custom`.

        Returns ``(kept names in natural order, {dropped name: reason})``;
        an override must keep that order (the chunking relies on it).
        """
        nodes = self.inventory()
        kept, dropped = pl.filter_nodes(nodes, sched_config, presorted=True)
        final = []
        for name in kept:
            reason = self._filter_custom(sched_config, name, nodes[name])
            if reason is None:
                final.append(name)
            else:
                dropped[name] = reason
        return final, dropped

    def _get_initial_vars(self, sched_config: dict[str, Any]) -> SchedulerVariables:
        kept, dropped = self.filter(sched_config)
        errors = pl.node_range_errors(sched_config, kept, dropped)
        nid = self.chunk_store.add_node_list(kept, presorted=True)
        try:
            chunks = self.chunk_store.get_chunks(nid, sched_config)
        except pl.PipelineError as err:
            errors.append(str(err))
            chunks = []
        nodes = self.inventory()
        svars = self.VAR_CLASS(sched_config, nodes=dict(zip(kept, map(nodes.__getitem__, kept))),
                               chunks=chunks, node_list_id=nid, presorted=True)
        svars.add_errors(errors)
        return svars

    def get_final_vars(self, raw_sched_config: Mapping[str, Any],
                       job_dir: Path | None = None) -> SchedulerVariables:
        """Variables inside the allocation: the node data saved at kickoff,
        restricted to the allocation's nodes."""
        cfg = self.validate(raw_sched_config)
        saved = self._load_node_data(job_dir)
        alloc = self._get_alloc_nodes()
        nodes = {name: saved.get(name, {}) for name in alloc}
        return self.VAR_CLASS(cfg, nodes=nodes, deferred=False)

    def plan(self, tests: Sequence[TestSpec]) -> list[tuple[list[str], pl.JobPlan]]:
        """Work out the jobs for ``tests`` without kicking anything off.

        Returns:
            ``(chunk nodes, plan)`` pairs.

        Raises:
            SchedulerConfigError: A test's config is invalid.
            SchedulerPluginError: A test's chunk cannot be had (bad index,
                bad include nodes, not enough nodes).
        """
        by_chunk: dict[tuple[str, ...], list[tuple[str, dict[str, Any]]]] = {}
        usage: dict[tuple, dict[int, int]] = {}
        for test in tests:
            cfg = self.validate(test.sched_config)
            kept, dropped = self.filter(cfg)
            errors = pl.node_range_errors(cfg, kept, dropped)
            if errors:
                raise SchedulerPluginError(f"test {test.test_id}: " + "; ".join(errors))
            nid = self.chunk_store.add_node_list(kept, presorted=True)
            try:
                chunks = self.chunk_store.get_chunks(nid, cfg)
                gid = pl.chunk_group_id(nid, cfg, len(kept))
                if test.chunk == "any":
                    idx = pl.least_used_chunk(len(chunks), usage.setdefault(gid, {}))
                else:
                    pl.pick_chunk(chunks, test.chunk)
                    idx = int(test.chunk)
            except pl.PipelineError as err:
                raise SchedulerPluginError(f"test {test.test_id}: {err}") from err
            counts = usage.setdefault(gid, {})
            counts[idx] = counts.get(idx, 0) + 1
            by_chunk.setdefault(tuple(chunks[idx]), []).append((test.test_id, cfg))
        out = []
        for chunk, members in by_chunk.items():
            for plan in pl.plan_chunk(list(chunk), members, self.ALLOC_ACQUIRE_OPTIONS):
                out.append((list(chunk), plan))
        return out

    def schedule_tests(self, tests: Sequence[TestSpec], work_dir: Path) -> dict[str, JobInfo]:
        """Plan (see :meth:`plan`) and kick off every job; ``{test id: job info}``."""
        by_id = {t.test_id: t for t in tests}
        out: dict[str, JobInfo] = {}
        nodes = self.inventory()
        for chunk, plan in self.plan(tests):
            data_nodes = plan.nodes if plan.nodes is not None else chunk
            job = self._new_job([by_id[t] for t in plan.test_ids], plan.sched_config,
                                plan.nodes, plan.node_range, plan.kind, work_dir,
                                {n: nodes[n] for n in natural_sorted(data_nodes)})
            info = self._launch(job)
            for tid in plan.test_ids:
                out[tid] = info
        return out
