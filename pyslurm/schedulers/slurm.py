"""The Slurm scheduler plugin, built on pyslurm's objects.

Where Pavilion's Slurm plugin runs ``scontrol``/``sbatch``/``squeue``/``scancel``
and parses their text, this plugin uses pyslurm's public API only -- no
subprocess, no text parsing of Slurm commands:

=============================  ===============================================
inventory                      one ``pyslurm.Nodes.load_fields()``, one
                               ``pyslurm.Partitions.load()`` and
                               one ``pyslurm.Reservations.load()``,
                               turned into node records by
                               :func:`node_rows_info` and completed by
                               :func:`~pyslurm.schedulers.pipeline.build_node_info`
kickoff                        one ``pyslurm.JobSubmitDescription`` built from
                               :meth:`SbatchHeader.settings` (worked out once;
                               ``sbatch_extra`` lines last, overriding, as
                               sbatch reads them); the ``#SBATCH`` header of
                               the kickoff script shows the same settings for
                               the record and is not read back
job status                     one ``pyslurm.Jobs.load_fields()`` (one
                               ``slurm_load_jobs`` RPC) for every tracked job,
                               each mapped by :func:`map_job_state`
cancel                         ``pyslurm.Job(id).cancel()``
allocation nodes               ``SLURM_JOB_NODELIST`` through
                               ``pyslurm.hostlist.expand``
=============================  ===============================================

Node records: ``states`` is the node's base state plus its state flags
(``('IDLE', 'CLOUD', 'POWERED_DOWN')``, ``Node.states``) judged by
:func:`~pyslurm.schedulers.pipeline.node_state_flags`; ``cpus`` is CPUTot,
``mem`` is RealMemory in **bytes**, ``partitions`` come from the partition
load (so no second partition RPC is made), ``features`` are the active
features, ``reservations`` those active now. The record is a snapshot:
its sequences are tuples, one object shared by every node with the same
value (2000 nodes have a handful of distinct states, partition lists and
feature sets), so a harness cannot change one node's list by accident.

One filter is added to the pipeline's (:meth:`Slurm._filter_custom`): with
no ``schedule.partition`` a node must be in the cluster's *default*
partition, since that is where Slurm puts the job. Pavilion kept every
partition's nodes then, so a chunk could mix partitions (or the
daemon-less ``CLOUD`` nodes of another partition) and never start.
"""

from __future__ import annotations

import os
import re
import time
from operator import itemgetter
from typing import Any, Mapping, Sequence

import pyslurm
from pyslurm.jobs_util import parse_sbatch_args
from pyslurm.schedulers import pipeline as pl
from pyslurm.schedulers.base import (
    UNKNOWN, JobInfo, JobSpec, JobStatus, SchedulerPluginAdvanced,
    SchedulerPluginError,
)
from pyslurm.schedulers.nodelist import NodeListError, natural_sorted
from pyslurm.schedulers.slurm_rules import SbatchHeader, map_job_state, node_count
from pyslurm.schedulers.variables import SlurmVars

__all__ = ["Slurm", "NODE_FIELDS", "JOB_FIELDS", "node_records", "node_rows_info",
           "active_reservations", "submit_options", "parse_node_list",
           "compress_node_list"]

MIB = 1024 * 1024
# States in which Slurm itself will (re)start a CLOUD node's slurmd.
_POWER_STATES = frozenset({"POWERED_DOWN", "POWER_DOWN", "POWERING_UP", "POWER_UP",
                           "POWERING_DOWN"})
_HOSTLIST_ERR = re.compile(r"at position (\d+): (.*)$")


# --------------------------------------------------------------------------- pure helpers

# The Job attributes a status refresh reads (one ``pyslurm.Jobs.load_fields``
# row per job).
JOB_FIELDS = ("id", "cluster", "states", "state_reason", "exit_code", "exit_code_signal")
# The Node attributes an inventory record is made of (one
# ``pyslurm.Nodes.load_fields`` row each).
NODE_FIELDS = ("name", "states", "cpus", "real_memory", "active_features_string",
               "slurmd_start_time")


def node_records(nodes: Any, partitions: Any = None) -> list[pl.NodeInfo]:
    """Turn loaded ``pyslurm.Node`` objects into node-info records.

    Args:
        nodes: Iterable of ``pyslurm.Node`` (e.g. ``pyslurm.Nodes.load().values()``).
        partitions: Iterable of ``pyslurm.Partition``; their ``nodes``
            give each node's partitions. None: read ``Node.partitions``
            (which costs one more partition RPC).

    Returns:
        The records of :func:`node_rows_info` (``reservations`` empty), in
        natural node order.
    """
    nodes = list(nodes)
    rows = [tuple(getattr(node, f) for f in NODE_FIELDS) for node in nodes]
    if partitions is not None:
        return list(node_rows_info(rows, partitions).values())
    info = node_rows_info(rows, ())
    for node in nodes:
        info[node.name]["partitions"] = tuple(node.partitions or ())
    return list(info.values())


def node_rows_info(rows: Any, partitions: Any,
                   reservations: Mapping[str, Sequence[str]] | None = None,
                   ) -> dict[str, pl.NodeInfo]:
    """The inventory (``{name: NodeInfo}``, in natural node order) of
    ``pyslurm.Nodes.load_fields(NODE_FIELDS, as_tuples=True)`` rows: a
    record per row (no Node object), completed by
    :func:`~pyslurm.schedulers.pipeline.build_node_info`, which attaches
    the reservations.

    Args:
        rows: Tuples of the :data:`NODE_FIELDS` values of each node.
        partitions: Iterable of ``pyslurm.Partition`` (their ``name`` and
            ``nodes`` host list; each distinct layout is expanded once).
        reservations: ``{name: node names}`` of the reservations active
            now (:func:`active_reservations`).

    Each record is a new dict with ``name``, ``states`` (base state, then
    the flags), ``up`` and ``available`` (from
    :func:`~pyslurm.schedulers.pipeline.node_state_flags`, judged once per
    distinct state), ``cpus``, ``mem`` (bytes), ``partitions``,
    ``features`` and ``reservations``; those four sequences are tuples,
    one object per distinct value. A ``CLOUD`` node that is not powered
    down (or powering up) and whose slurmd never registered is neither up
    nor available: Slurm will not start it, and a job sent there never runs
    (Slurm 24.11 lists the daemon-less nodes of a fresh cluster as plain
    ``IDLE+CLOUD``).
    """
    member = _membership(tuple((part.name, part.nodes or "") for part in partitions))
    # A few distinct states among thousands of nodes (``Node.states`` gives
    # one tuple per distinct state): each is judged once
    # -> (up, available, daemon-less CLOUD?); thousands of nodes share a few
    # feature strings: one tuple each. Neighbours mostly have the same
    # state, size and features: such a node's record is a copy of its
    # neighbour's with its own name, partitions and reservations.
    judged: dict[tuple[str, ...], tuple[bool, bool, bool]] = {}
    features_of: dict[str | None, tuple[str, ...]] = {None: ()}
    get_parts = member.get
    records = []
    shape: tuple = (_NOTHING,)
    like: dict[str, Any] = {}
    for name, states, cpus, mem, features, started in rows:
        if states is not shape[0] or cpus != shape[1] or mem != shape[2] \
                or features != shape[3] or (started is None) is not shape[4]:
            shape = (states, cpus, mem, features, started is None)
            try:
                up, available, cloud = judged[states]
            except KeyError:
                up, available, cloud = judged[states] = _judge_states(states)
            if cloud and started is None:
                up = available = False     # daemon-less: nothing will ever start it
            try:
                feats = features_of[features]
            except KeyError:
                feats = features_of[features] = tuple(f for f in features.split(",") if f)
            like = {"name": name, "states": states or _UNKNOWN, "up": up,
                    "available": available, "cpus": cpus,
                    "mem": mem * MIB if mem is not None else None,
                    "partitions": (), "features": feats, "reservations": ()}
        rec = like.copy()
        rec["name"] = name
        rec["partitions"] = get_parts(name, ())
        records.append(rec)
    return pl.build_node_info(records, reservations, copy=False)


_UNKNOWN = ("UNKNOWN",)
_NOTHING = object()


def _judge_states(states: tuple[str, ...] | None) -> tuple[bool, bool, bool]:
    """``(up, available, daemon-less CLOUD?)`` of a node's states: a
    ``CLOUD`` node that is up but neither powered down nor powering up
    needs its slurmd to have registered to be usable."""
    known = states or _UNKNOWN
    up, available = pl.node_state_flags(known)
    return up, available, up and "CLOUD" in known and not _POWER_STATES.intersection(known)


_MEMBERSHIP: dict[tuple, dict[str, tuple[str, ...]]] = {}


def _membership(parts: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """``{node: (partition, ...)}`` of ``((partition, host list), ...)``.

    Partitions change seldom, so the expansion of the last few distinct
    partition layouts is kept (a pure function of its argument: the
    result is the same as expanding again).
    """
    found = _MEMBERSHIP.get(parts)
    if found is None:
        member: dict[str, list[str]] = {}
        for pname, expr in parts:
            for name in (pyslurm.hostlist.expand(expr) if expr else ()):
                names = member.get(name)
                if names is None:
                    member[name] = [pname]
                else:
                    names.append(pname)
        if len(_MEMBERSHIP) >= 8:
            _MEMBERSHIP.clear()
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        found = _MEMBERSHIP[parts] = {}
        for name, names in member.items():
            key = tuple(names)
            found[name] = shared.setdefault(key, key)   # one tuple per distinct list
    return found


def active_reservations(reservations: Any, now: float | None = None) -> dict[str, list[str]]:
    """``{name: node names}`` of the reservations active now.

    Args:
        reservations: Iterable of ``pyslurm.Reservation`` (``name``,
            ``node_names`` or ``nodes``, ``is_active`` or start/end times).
        now: Unix time to judge activity by when an item has no
            ``is_active`` (default: now).

    Returns:
        Node names per active reservation; a reservation without nodes maps
        to ``[]`` (it must not break the inventory, as it did in Pavilion).
    """
    now = time.time() if now is None else now
    out: dict[str, list[str]] = {}
    for resv in reservations:
        active = getattr(resv, "is_active", None)
        if active is None:
            start = getattr(resv, "start_time", None) or 0
            end = getattr(resv, "end_time", None)
            active = start <= now and (end is None or now < end)
        if not active:
            continue
        names = getattr(resv, "node_names", None)
        if names is None:
            expr = getattr(resv, "nodes", None) or ""
            names = pyslurm.hostlist.expand(expr) if expr else []
        out[resv.name] = list(names)
    return out


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _job_key(info: Mapping[str, Any], here: str | None) -> tuple[str, Any, Any]:
    """``(job id string, cluster, job number)`` of a job info; ``(id, None,
    JobStatus)`` when it names no Slurm job."""
    jid = info["id"]
    if type(jid) is not str:
        jid = str(jid)
    cluster = info.get("cluster") or info.get("sys_name") or here
    num = info.get("job_id", jid)
    if type(num) is not int:
        try:
            num = int(num)
        except (TypeError, ValueError):
            return jid, None, JobStatus(UNKNOWN, f"job id {jid!r} is not a Slurm job id")
    return jid, cluster, num


def submit_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``JobSubmitDescription`` keywords for :meth:`SbatchHeader.settings`.

    Exactly what the ``#SBATCH`` header renders, in its order: name, core
    specialisation, partition, reservation, QOS, account, constraint, time
    limit, node list (``-w``), excluded nodes (``-x``), node count (``-N``;
    none for a job sized by its tasks alone), total tasks, tasks per node,
    then the ``slurm.sbatch_extra`` lines, which override earlier settings
    as they do when sbatch reads the header.

    Raises:
        SchedulerPluginError: An ``sbatch_extra`` line is not an sbatch
            option pyslurm knows (the message names the line), or
            ``core_spec`` is set and ``pyslurm.JobSubmitDescription`` has no
            ``--core-spec`` option to carry it (never dropped silently).
    """
    opts: dict[str, Any] = {"name": settings["name"]}
    if settings.get("core_spec") is not None:
        opts["cores_reserved_for_system"] = int(settings["core_spec"])   # --core-spec
    for key in ("partition", "reservation", "qos", "account"):
        if settings.get(key):
            opts[key] = settings[key]
    if settings.get("constraint"):
        opts["constraints"] = settings["constraint"]
    opts["time_limit"] = int(settings["time_limit"])
    if settings.get("nodes") is not None:
        opts["required_nodes"] = compress_node_list(settings["nodes"])
    elif settings.get("required_nodes"):
        opts["required_nodes"] = compress_node_list(settings["required_nodes"])
    if settings.get("exclude_nodes"):
        opts["excluded_nodes"] = compress_node_list(settings["exclude_nodes"])
    count = node_count(settings["min_nodes"], settings["max_nodes"])
    if count is not None:
        opts["nodes"] = count
    if settings.get("ntasks") is not None:
        opts["ntasks"] = int(settings["ntasks"])
    if settings.get("ntasks_per_node") is not None:
        opts["ntasks_per_node"] = int(settings["ntasks_per_node"])
    for extra in settings.get("extra") or ():
        try:
            opts.update(parse_sbatch_args(extra, "schedule.slurm.sbatch_extra"))
        except ValueError as err:
            raise SchedulerPluginError(f"schedule.slurm.sbatch_extra line {extra!r} cannot "
                                       f"be submitted: {err}") from None
    return opts


def parse_node_list(node_list: str) -> list[str]:
    """Expand a Slurm host list with Slurm's own rules (``n[9-11]`` is
    ``n9,n10,n11``).

    Raises:
        NodeListError: Malformed; the message shows the position of the mistake.
    """
    if not isinstance(node_list, str):
        raise NodeListError(repr(node_list), None, "a host list must be a string")
    try:
        return pyslurm.hostlist.expand(node_list)
    except ValueError as err:
        # pyslurm.hostlist's message: "invalid hostlist '...' at position N: why"
        found = _HOSTLIST_ERR.search(str(err).split("\n", 1)[0])
        if found:
            raise NodeListError(node_list, int(found[1]), found[2]) from None
        raise NodeListError(node_list, None, str(err)) from None


def compress_node_list(nodes: Sequence[str]) -> str:
    """The shortest Slurm host list for ``nodes`` (natural order).

    Raises:
        NodeListError: A name cannot be part of a host list (``,``, brackets,
            whitespace); the message names it.
    """
    names = list(nodes)
    for name in names:
        if not isinstance(name, str) or not name or any(c in name for c in ",[] \t\n"):
            raise NodeListError(str(name), None, "not a node name (no ',', '[', ']' or "
                                                 "whitespace, not empty)")
    return pyslurm.hostlist.collapse(natural_sorted(names))


# --------------------------------------------------------------------------- plugin

class Slurm(SchedulerPluginAdvanced):
    """Schedules tests with Slurm through pyslurm (see the module docstring)."""

    VAR_CLASS = SlurmVars
    KICKOFF_SCRIPT_HEADER_CLASS = SbatchHeader

    def __init__(self) -> None:
        super().__init__("slurm", "Schedules tests with Slurm, through pyslurm's objects.",
                         self.PRIO_COMMON)
        self._default_partition: str | None = None
        self._finished: set[str] = set()
        """Ids of jobs seen in a terminal state (cancel() leaves them alone)."""
        self._last_rows: dict[str, tuple[tuple, JobStatus]] = {}
        """Each job's ``load_fields`` row and status when its status was made."""
        self._info_keys: dict[Any, tuple] = {}
        """Job info id -> (the info, job id string, cluster, job number), or
        (info, job id string, None, status) for an info that names no Slurm
        job: what each tracked info means, worked out once."""
        self.rpc_counts: dict[str, int] = {}
        """Loads made, by kind (``nodes``, ``partitions``, ``reservations``, ``jobs``)."""

    def _count(self, what: str) -> None:
        self.rpc_counts[what] = self.rpc_counts.get(what, 0) + 1

    # --- hooks -----------------------------------------------------------------
    def _available(self) -> bool:
        """libslurm loads and the controller answers a ping."""
        try:
            return bool(pyslurm.slurmctld.is_responding())
        except Exception:  # no libslurm, no slurm.conf, no controller
            return False

    def cluster_name(self) -> str | None:
        """This cluster's name (from slurm.conf, no RPC)."""
        return pyslurm.slurmctld.local_cluster_name()

    def _fetch_node_info(self) -> dict[str, pl.NodeInfo]:
        # the small loads first: the node rows are turned into records while
        # they are still in the CPU's caches
        self._count("partitions")
        parts = list(pyslurm.Partitions.load().values())
        self._default_partition = next((p.name for p in parts if p.is_default), None)
        self._count("reservations")
        reservations = active_reservations(pyslurm.Reservations.load().values())
        self._count("nodes")
        rows = pyslurm.Nodes.load_fields(NODE_FIELDS, as_tuples=True)
        return node_rows_info(rows, parts, reservations)

    @property
    def default_partition(self) -> str | None:
        """The cluster's default partition (known after the inventory is loaded)."""
        self.inventory()
        return self._default_partition

    def filter(self, sched_config: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
        """:func:`pipeline.filter_nodes`, then :meth:`_filter_custom` (the
        default-partition rule, applied to all nodes at once unless a
        subclass has its own ``_filter_custom``)."""
        if type(self)._filter_custom is not Slurm._filter_custom:
            return super().filter(sched_config)
        nodes = self.inventory()
        kept, dropped = pl.filter_nodes(nodes, sched_config, presorted=True)
        default = self._default_partition
        if sched_config.get("partition") is None and default is not None:
            reason = (f"not in the default partition '{default}' "
                      f"(schedule.partition not set)")
            final = []
            for name in kept:
                if default in (nodes[name].get("partitions") or ()):
                    final.append(name)
                else:
                    dropped[name] = reason
            kept = final
        return kept, dropped

    def _filter_custom(self, sched_config: Mapping[str, Any], name: str,
                       node: Mapping[str, Any]) -> str | None:
        if sched_config.get("partition") is None and self._default_partition is not None \
                and self._default_partition not in (node.get("partitions") or []):
            return (f"not in the default partition '{self._default_partition}' "
                    f"(schedule.partition not set)")
        return None

    def _kickoff(self, job: JobSpec) -> JobInfo:
        # the header's settings go to JobSubmitDescription once; the header
        # rendered into the script is for the record (not read back)
        header = self.header(job)
        if not isinstance(header, SbatchHeader):
            raise SchedulerPluginError(f"the Slurm plugin submits SbatchHeader settings; "
                                       f"{type(header).__name__} has none")
        opts = submit_options(header.settings())
        opts.update(script=str(job.script_path), working_directory=str(job.job_dir),
                    standard_output=str(job.sched_log_path), script_options=False)
        try:
            desc = pyslurm.JobSubmitDescription(**opts)
            job_id = desc.submit()
        except (ValueError, pyslurm.PyslurmError) as err:
            raise SchedulerPluginError(f"submitting job {job.name!r} failed: {err}") from err
        cluster = self.cluster_name()
        return {"id": str(job_id), "job_id": int(job_id), "sys_name": cluster,
                "cluster": cluster, "name": opts["name"]}

    def _refresh_job_statuses(self, job_infos: Sequence[JobInfo]) -> dict[str, JobStatus | None]:
        """One ``Jobs.load_fields`` for every job; a job whose record is the
        same as at the last refresh keeps its status object (and so its
        ``when``: since when the job has had that status)."""
        self._count("jobs")
        rows = pyslurm.Jobs.load_fields(JOB_FIELDS, as_tuples=True)
        here = self.cluster_name()
        clusters = set(map(_SECOND, rows))
        if len(clusters) <= 1:          # the usual case: one table, built in C
            by_cluster = {(clusters.pop() if clusters else here):
                          dict(zip(map(_FIRST, rows), rows))}
        else:
            by_cluster = {}
            for row in rows:
                table = by_cluster.get(row[1])
                if table is None:
                    table = by_cluster[row[1]] = {}
                table[row[0]] = row
        now = time.time()
        out: dict[str, JobStatus | None] = {}
        # each distinct (state, flags, reason) is mapped once:
        # -> (status, the note after "job", terminal?)
        mapped: dict[tuple, tuple[JobStatus, str, bool]] = {}
        finished = self._finished
        last = self._last_rows
        keys = self._info_keys
        for info in job_infos:
            raw_id = info["id"]
            known = keys.get(raw_id)
            if known is None or known[0] is not info:       # first sight of this info
                known = keys[raw_id] = (info, *_job_key(info, here))
            _, jid, cluster, num = known
            if cluster is None:                             # num: why it is unknown
                out[jid] = num
                continue
            table = by_cluster.get(cluster)
            if table is None:
                if cluster != here:
                    out[jid] = JobStatus(UNKNOWN, f"job {jid} was submitted on cluster "
                                                  f"{cluster!r}, this is {here!r}")
                    continue
                table = {}
            job = table.get(num)
            if job is None:
                out[jid] = None   # finished long ago and purged (or never existed)
                continue
            before = last.get(jid)
            if before is not None and before[0] == job:
                out[jid] = before[1]            # unchanged: the same status object
                continue
            _, _, states, reason, exit_code, exit_signal = job
            key = (states, reason)
            found = mapped.get(key)
            if found is None:
                state = (states or ("UNKNOWN",))[0] or "UNKNOWN"
                base = map_job_state(state, tuple((states or ())[1:]), reason)
                # map_job_state's note starts "job has state ..."; name the job
                found = mapped[key] = (base, base.note[3:],
                                       state not in ("PENDING", "RUNNING", "SUSPENDED"))
            base, tail, terminal = found
            if terminal:
                finished.add(jid)
            if jid in finished and exit_code is not None:
                tail = f"{tail}, exit code {exit_code}"
                if exit_signal:
                    tail += f", signal {exit_signal}"
            status = out[jid] = JobStatus(base.state, "job " + jid + tail, now)
            last[jid] = (job, status)
        if len(last) > 2 * len(out) + 64:       # forget jobs no longer asked about
            self._last_rows = {jid: last[jid] for jid in out if jid in last}
        if len(keys) > 2 * len(out) + 64:
            self._info_keys = {k: v for k, v in keys.items() if v[1] in out}
        return out

    def cancel(self, job_info: JobInfo) -> str | None:
        """Cancel the job. None if it is cancelled or was already over,
        else why it could not be.

        A job already seen in a terminal state is not signalled again: on
        Slurm 24.11 a kill reaching a job whose ``srun`` steps are still being
        cleaned up kept its CPUs busy for another minute.
        """
        jid = str(job_info.get("id"))
        here = self.cluster_name()
        cluster = job_info.get("cluster") or job_info.get("sys_name")
        if cluster and here and cluster != here:
            return f"job {jid} was submitted on cluster {cluster!r}, this is {here!r}"
        if jid in self._finished:
            return None
        try:
            num = int(job_info.get("job_id", jid))
        except (TypeError, ValueError):
            return f"job id {jid!r} is not a Slurm job id"
        self._job_statuses.pop(jid, None)
        try:
            pyslurm.Job(num).cancel()
        except pyslurm.JobNotFoundError:
            return None
        except pyslurm.InvalidStateError:
            return None      # already completing or completed
        except pyslurm.PyslurmError as err:
            return f"could not cancel job {jid}: {err}"
        return None

    def _get_alloc_nodes(self) -> list[str]:
        expr = os.environ.get("SLURM_JOB_NODELIST") or os.environ.get("SLURM_NODELIST")
        if not expr:
            raise SchedulerPluginError("not inside a Slurm allocation: SLURM_JOB_NODELIST "
                                       "is not set")
        return parse_node_list(expr)

    # --- node lists (Pavilion's static helpers) --------------------------------
    @staticmethod
    def parse_node_list(node_list: str) -> list[str]:
        """See :func:`parse_node_list`."""
        return parse_node_list(node_list)

    @staticmethod
    def compress_node_list(nodes: Sequence[str]) -> str:
        """See :func:`compress_node_list`."""
        return compress_node_list(nodes)
