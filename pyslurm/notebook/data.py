"""What the dashboard shows, as plain data: :class:`ClusterData` loads the
nodes, partitions and jobs of a cluster (one RPC each) and keeps them up
to date with the cheap "nothing changed" poll; :class:`Snapshot` is one
moment of it, plain rows the views render.

Only pyslurm's public API is used: ``Nodes`` / ``Partitions`` / ``Jobs``
``load()`` and ``refresh()`` (which sends the previous load's
``last_update``: the controller answers "no change" without sending any
data), :func:`pyslurm.slurmctld.statistics` and, when the cluster has
accounting, ``pyslurm.db.Jobs.load_fields`` and
:func:`pyslurm.db.reports.account_usage_by_user`.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Optional, Sequence

import pyslurm

__all__ = ["NODE_FIELDS", "PARTITION_FIELDS", "JOB_FIELDS", "FINISHED_FIELDS",
           "Snapshot", "ClusterData"]

#: Node attributes the views read (and ``partitions``, the names of the
#: partitions the node is in, from the partitions' node lists: reading
#: ``Node.partitions`` would load the partitions a second time).
NODE_FIELDS = ("name", "base_state", "state_flags", "state", "cpus", "allocated_cpus",
               "reason", "real_memory", "allocated_memory", "cpu_load")
#: Partition attributes the views read.
PARTITION_FIELDS = ("name", "state", "total_cpus", "total_nodes", "nodes", "node_names",
                    "is_default")
#: Job attributes the views read (live jobs).
JOB_FIELDS = ("id", "name", "user_name", "account", "partition", "state", "state_reason",
              "nodes", "num_nodes", "cpus", "priority", "submit_time", "start_time",
              "end_time", "time_limit", "exit_code")
#: Accounting job attributes of the recent finished jobs.
FINISHED_FIELDS = ("id", "name", "user_name", "account", "partition", "state", "nodelist",
                   "cpus", "start_time", "end_time", "exit_code")


@dataclasses.dataclass
class Snapshot:
    """One moment of a cluster, as plain rows (dicts of :data:`NODE_FIELDS`,
    :data:`PARTITION_FIELDS`, :data:`JOB_FIELDS`).

    Attributes:
        cluster: the cluster's name.
        taken: when the live data was last loaded (unix time).
        nodes, partitions, jobs: the rows.
        statistics: the controller's ``sdiag`` figures, or None when they
            could not be read (``statistics_error`` says why).
        accounting: True when the cluster has accounting (slurmdbd).
        finished: recent finished jobs from accounting (dicts of
            :data:`FINISHED_FIELDS`); None without accounting or when it
            could not be read (``accounting_error`` says why).
        usage: the usage-per-account report
            (:class:`pyslurm.db.reports.AccountUsageReport`) of
            ``usage_period``, or None as ``finished``.
        usage_period: its (start, end) in unix time.
    """

    cluster: Optional[str]
    taken: float
    nodes: list[dict[str, Any]]
    partitions: list[dict[str, Any]]
    jobs: list[dict[str, Any]]
    statistics: Any = None
    statistics_error: Optional[str] = None
    accounting: bool = False
    finished: Optional[list[dict[str, Any]]] = None
    usage: Any = None
    usage_period: Optional[tuple[int, int]] = None
    accounting_error: Optional[str] = None


def _rows(items: Any, fields: Sequence[str]) -> list[dict[str, Any]]:
    return [{f: getattr(item, f) for f in fields} for item in items.values()]


def _with_partitions(nodes: list[dict[str, Any]], partitions: list[dict[str, Any]],
                     fresh: bool) -> list[dict[str, Any]]:
    """The node rows with ``partitions`` set from the partitions' node
    lists (new dicts unless ``fresh``: a snapshot's rows never change)."""
    member: dict[str, list[str]] = {}
    for p in partitions:
        for name in p.get("node_names") or ():
            member.setdefault(name, []).append(p["name"])
    out = nodes if fresh else [dict(r) for r in nodes]
    for row in out:
        row["partitions"] = member.get(row["name"], [])
    return out


def _check_days(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3660:
        raise ValueError(f"invalid value for usage_days: {value!r} (days, > 0 and <= 3660)")
    return float(value)


def _check_seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"invalid value for {name}: {value!r} (seconds, a number >= 0)")
    return float(value)


class ClusterData:
    """The live data of one cluster, refreshed cheaply.

    The first :meth:`refresh` loads nodes, partitions and jobs (one RPC
    each); later ones send each collection's ``last_update`` and rebuild
    only what the controller says changed, so polling an idle cluster costs
    three tiny RPCs.  The controller's statistics are read at most every
    ``statistics_every`` seconds, accounting (recent finished jobs, usage
    per account) at most every ``accounting_every`` seconds.

    Args:
        history: seconds of finished jobs (accounting) to show; default a day.
        usage_days: days of usage per account; default 7.
        statistics_every: seconds between reads of the controller's statistics.
        accounting_every: seconds between reads of accounting.
        accounting: False never asks slurmdbd; None (default) asks when
            the cluster's ``AccountingStorageType`` is slurmdbd.

    Raises:
        ValueError: a bad argument, naming it.

    Example:
        >>> data = ClusterData()
        >>> snap = data.refresh()           # doctest: +SKIP
        >>> len(snap.nodes)                 # doctest: +SKIP
        4
    """

    def __init__(self, history: float = 86400, usage_days: float = 7,
                 statistics_every: float = 60, accounting_every: float = 300,
                 accounting: Optional[bool] = None) -> None:
        self.history = _check_seconds("history", history)
        self.usage_days = _check_days(usage_days)
        self.statistics_every = _check_seconds("statistics_every", statistics_every)
        self.accounting_every = _check_seconds("accounting_every", accounting_every)
        if accounting is not None and not isinstance(accounting, bool):
            raise ValueError(f"invalid value for accounting: {accounting!r} "
                             f"(True, False or None)")
        self._accounting_wanted = accounting
        self._nodes: Any = None
        self._partitions: Any = None
        self._jobs: Any = None
        self._rows: dict[str, list[dict[str, Any]]] = {"nodes": [], "partitions": [],
                                                       "jobs": []}
        self._stats_at = 0.0
        self._acct_at = 0.0
        self.snapshot: Optional[Snapshot] = None
        self.polls = 0
        self.changes = 0

    def _accounting(self) -> bool:
        if self._accounting_wanted is not None:
            return self._accounting_wanted
        conf = pyslurm.slurmctld.Config.load()
        self._accounting_wanted = conf.accounting_storage_type == "accounting_storage/slurmdbd"
        return self._accounting_wanted

    def _poll(self, kind: str, cls: Any, fields: Sequence[str], current: Any) -> Any:
        if current is None:
            current = cls.load()
        elif not current.refresh():
            return current
        self._rows[kind] = _rows(current, fields)
        self.changes += 1
        return current

    def refresh_live(self) -> bool:
        """Bring nodes, partitions and jobs up to date (the cheap poll).

        Returns:
            bool: True when anything changed (the rows were rebuilt).

        Raises:
            RPCError: the controller refused or did not answer.
        """
        before = self.changes
        self.polls += 1
        self._nodes = self._poll("nodes", pyslurm.Nodes, NODE_FIELDS, self._nodes)
        nodes_changed = self.changes != before
        self._partitions = self._poll("partitions", pyslurm.Partitions, PARTITION_FIELDS,
                                      self._partitions)
        if self.changes != before:
            self._rows["nodes"] = _with_partitions(self._rows["nodes"],
                                                   self._rows["partitions"], nodes_changed)
        self._jobs = self._poll("jobs", pyslurm.Jobs, JOB_FIELDS, self._jobs)
        return self.changes != before

    def refresh(self, force: bool = False) -> Snapshot:
        """Refresh what is due and give the current :class:`Snapshot`.

        Args:
            force: read statistics and accounting now, whatever their interval.

        Returns:
            Snapshot: the same object as before when nothing changed.

        Raises:
            RPCError: the controller refused or did not answer (statistics
                and accounting failures are kept in the snapshot instead).
        """
        changed = self.refresh_live()
        now = time.time()
        snap = self.snapshot
        if snap is None or changed:
            snap = Snapshot(cluster=pyslurm.slurmctld.local_cluster_name(), taken=now,
                            nodes=self._rows["nodes"], partitions=self._rows["partitions"],
                            jobs=self._rows["jobs"])
            if self.snapshot is not None:
                old = self.snapshot
                snap.statistics, snap.statistics_error = old.statistics, old.statistics_error
                snap.accounting, snap.finished, snap.usage = (old.accounting, old.finished,
                                                              old.usage)
                snap.usage_period, snap.accounting_error = (old.usage_period,
                                                            old.accounting_error)
        if force or now - self._stats_at >= self.statistics_every or snap.statistics is None \
                and snap.statistics_error is None:
            self._stats_at = now
            try:
                snap.statistics, snap.statistics_error = pyslurm.slurmctld.statistics(), None
            except pyslurm.RPCError as e:
                snap.statistics, snap.statistics_error = None, str(e)
        if force or now - self._acct_at >= self.accounting_every:
            self._acct_at = now
            self._read_accounting(snap, now)
        self.snapshot = snap
        return snap

    def set_usage_days(self, days: float) -> Snapshot:
        """Show usage per account over the last ``days`` days: read
        accounting again now (the live data is left as it is).

        Raises:
            ValueError: ``days`` is not a number of days in (0, 3660].
        """
        self.usage_days = _check_days(days)
        if self.snapshot is None:
            return self.refresh(force=True)
        snap = dataclasses.replace(self.snapshot)
        now = time.time()
        self._acct_at = now
        self._read_accounting(snap, now)
        self.snapshot = snap
        return snap

    def _read_accounting(self, snap: Snapshot, now: float) -> None:
        snap.accounting = self._accounting()
        if not snap.accounting:
            snap.finished = snap.usage = None
            snap.accounting_error = ("this cluster has no accounting (AccountingStorageType "
                                     "is not slurmdbd)")
            return
        start = int(now - self.history)
        try:
            db_filter = pyslurm.db.JobFilter(start_time=start, end_time=int(now))
            rows = pyslurm.db.Jobs.load_fields(list(FINISHED_FIELDS), db_filter)
            snap.finished = [r for r in rows if r["end_time"]]
            u_start = int(now - self.usage_days * 86400)
            snap.usage = pyslurm.db.reports.account_usage_by_user(u_start, int(now),
                                                                  unit="hours")
            snap.usage_period = (snap.usage.start, snap.usage.end)
            snap.accounting_error = None
        except pyslurm.RPCError as e:
            snap.finished = snap.usage = None
            snap.accounting_error = f"accounting could not be read: {e}"
