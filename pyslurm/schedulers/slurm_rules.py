"""Slurm's rules for the scheduler layer that need no Slurm objects.

The Slurm plugin (built on ``pyslurm.Nodes``/``Jobs``/``JobSubmitDescription``)
uses these; they are pure so they can be tested and compared with Pavilion
without a cluster.

* :class:`SbatchHeader` -- the kickoff header, in Pavilion's line order, and
  the same settings as a dict (:meth:`SbatchHeader.settings`) for the job
  submission, so the header on record and what is submitted cannot differ.
* :func:`map_job_state` -- every Slurm job state to one of the scheduler
  statuses, with Pavilion's tables as the base.
"""

from __future__ import annotations

import time
from typing import Any, Iterable

from pyslurm.schedulers.base import (
    SCHED_CANCELLED, SCHED_ERROR, SCHED_RUNNING, SCHEDULED, JobStatus, KickoffScriptHeader,
)
from pyslurm.schedulers.nodelist import compress_hostlist
from pyslurm.schedulers.variables import SchedulerVariables

__all__ = ["SbatchHeader", "constraint_string", "node_count", "map_job_state",
           "JOB_STATE_STATUS", "JOB_FLAG_STATUS"]


def constraint_string(features: Iterable[Iterable[str]]) -> str:
    """Slurm ``--constraint`` for normalised ``slurm.features``: alternatives
    joined by ``|``, groups by ``&`` (as Pavilion renders it).

    Examples:
        >>> constraint_string([['a', 'b'], ['c']])
        'a|b&c'
    """
    return "&".join("|".join(alts) for alts in features)


def node_count(min_nodes: int, max_nodes: int | None) -> str | None:
    """The ``-N`` value of a node range: ``'N'``, ``'MIN-MAX'``, or, with no
    maximum (``tasks`` without ``nodes``), ``'MIN'`` unless it is 1 and None
    (no node count: Slurm works it out from the tasks), as Pavilion writes it.

    Examples:
        >>> node_count(2, 4), node_count(3, 3), node_count(1, None), node_count(2, None)
        ('2-4', '3', None, '2')
    """
    if max_nodes is None:
        return None if min_nodes == 1 else str(min_nodes)
    return str(max_nodes) if min_nodes == max_nodes else f"{min_nodes}-{max_nodes}"


class SbatchHeader(KickoffScriptHeader):
    """``#SBATCH`` header of a Slurm kickoff script.

    Line order as Pavilion's ``SbatchHeader``: job name, ``--core-spec``,
    partition, reservation, QOS, account, constraint, time limit, node list
    (``-w``), excluded nodes (``-x``), node count (``-N``), ``--ntasks``
    (``schedule.tasks``), then ``slurm.sbatch_extra``. Added:
    ``--ntasks-per-node`` (Pavilion's kickoff carried none), resolved from
    ``tasks_per_node`` over the job's node data like the ``tasks_per_node``
    variable; with ``tasks`` it is written only when ``tasks_per_node`` is
    given (Slurm then reads it as the most tasks per node, which is what
    Pavilion documents). A job sized by ``tasks`` alone has no ``-N`` line
    (or ``-N <min_nodes>``, as Pavilion writes it): Slurm picks the node
    count. ``reservation: any`` is not passed on.
    """

    _settings: dict[str, Any] | None = None

    def settings(self) -> dict[str, Any]:
        """What the job is submitted with (worked out once per header; the
        dict returned is a copy).

        Returns:
            ``name``, ``core_spec``, ``partition``, ``reservation``, ``qos``,
            ``account``, ``constraint``, ``time_limit`` (minutes), ``nodes``
            (exact list or None), ``required_nodes`` (include nodes of a flex
            job), ``exclude_nodes``, ``min_nodes``, ``max_nodes`` (None: Slurm
            picks the count from ``ntasks``), ``ntasks`` (None: not sent),
            ``ntasks_per_node`` (None: not sent) and ``extra`` (raw sbatch
            options).
        """
        if self._settings is None:
            self._settings = self._work_out_settings()
        return dict(self._settings)

    def _work_out_settings(self) -> dict[str, Any]:
        cfg = self._config
        slurm = cfg.get("slurm") or {}
        max_nodes: int | None
        if self._nodes is not None:
            nodes = list(self._nodes)
            min_nodes = max_nodes = len(nodes)
            required: list[str] = []
            exclude: list[str] = []
            data = {n: self._node_data.get(n, {}) for n in nodes}
        else:
            nodes = None
            min_nodes, max_nodes = self._node_range or (1, 1)
            required = list(cfg.get("include_nodes") or [])
            exclude = list(cfg.get("exclude_nodes") or [])
            data = self._node_data
        tpn = SchedulerVariables(cfg, nodes=data, deferred=False)["tasks_per_node"] \
            if cfg.get("tasks_per_node", 1) is not None else None
        reservation = cfg.get("reservation")
        return {
            "name": "__".join(self._job_name.split()),
            "core_spec": cfg.get("core_spec"),
            "partition": cfg.get("partition"),
            "reservation": None if reservation == "any" else reservation,
            "qos": cfg.get("qos"),
            "account": cfg.get("account"),
            "constraint": constraint_string(slurm.get("features") or []) or None,
            "time_limit": int(cfg.get("time_limit") or 1) * 60,
            "nodes": nodes,
            "required_nodes": required,
            "exclude_nodes": exclude,
            "min_nodes": min_nodes,
            "max_nodes": max_nodes,
            "ntasks": cfg.get("tasks"),
            "ntasks_per_node": tpn,
            "extra": list(slurm.get("sbatch_extra") or []),
        }

    def _kickoff_lines(self) -> list[str]:
        s = self.settings()
        lines = [f'#SBATCH --job-name "{s["name"]}"']
        if s["core_spec"] is not None:
            lines.append(f"#SBATCH --core-spec {s['core_spec']}")
        for key, opt in (("partition", "-p"), ("reservation", "--reservation"),
                         ("qos", "--qos"), ("account", "--account"),
                         ("constraint", "--constraint")):
            if s[key]:
                lines.append(f"#SBATCH {opt} {s[key]}")
        lines.append(f"#SBATCH -t {s['time_limit'] // 60}:0:0")
        if s["nodes"] is not None:
            lines.append(f"#SBATCH -w {compress_hostlist(s['nodes'])}")
        elif s["required_nodes"]:
            lines.append(f"#SBATCH -w {compress_hostlist(s['required_nodes'])}")
        if s["exclude_nodes"]:
            lines.append(f"#SBATCH -x {compress_hostlist(s['exclude_nodes'])}")
        count = node_count(s["min_nodes"], s["max_nodes"])
        if count is not None:
            lines.append(f"#SBATCH -N {count}")
        if s["ntasks"] is not None:
            lines.append(f"#SBATCH --ntasks {s['ntasks']}")
        if s["ntasks_per_node"] is not None:
            lines.append(f"#SBATCH --ntasks-per-node {s['ntasks_per_node']}")
        lines.extend(f"#SBATCH {extra}" for extra in s["extra"])
        return lines


JOB_STATE_STATUS: dict[str, str] = {
    # waiting
    "PENDING": SCHEDULED,
    # running, or ended normally: the test's own status is authoritative
    # (Pavilion's SCHED_RUN table includes COMPLETED for that reason)
    "RUNNING": SCHED_RUNNING,
    "SUSPENDED": SCHED_RUNNING,
    "COMPLETED": SCHED_RUNNING,
    # cancelled before or while running (Pavilion: CANCELLED, BOOT_FAIL)
    "CANCELLED": SCHED_CANCELLED,
    "BOOT_FAIL": SCHED_CANCELLED,
    # killed by the scheduler (Pavilion's SCHED_ERROR table)
    "FAILED": SCHED_ERROR,
    "TIMEOUT": SCHED_ERROR,
    "NODE_FAIL": SCHED_ERROR,
    "PREEMPTED": SCHED_ERROR,
    "DEADLINE": SCHED_ERROR,
    "OUT_OF_MEMORY": SCHED_ERROR,
}
"""Slurm base job state -> status. Decides for every terminal state, whatever
flags (``COMPLETING``...) are set: a ``TIMEOUT`` job still completing is an
error, not running -- Pavilion read the ``COMPLETING`` flag and kept it running."""

JOB_FLAG_STATUS: dict[str, str] = {
    "LAUNCH_FAILED": SCHED_ERROR,
    "SPECIAL_EXIT": SCHED_ERROR,
    "REVOKED": SCHED_ERROR,
    "RECONFIG_FAIL": SCHED_ERROR,
    "REQUEUED": SCHEDULED,
    "REQUEUE_HOLD": SCHEDULED,
    "REQUEUE_FED": SCHEDULED,
    "RESV_DEL_HOLD": SCHEDULED,
    "CONFIGURING": SCHEDULED,
    "POWER_UP_NODE": SCHEDULED,
    "COMPLETING": SCHED_RUNNING,
    "STAGE_OUT": SCHED_RUNNING,
    "SIGNALING": SCHED_RUNNING,
    "STOPPED": SCHED_RUNNING,
    "RESIZING": SCHED_RUNNING,
    "UPDATE_DB": SCHED_RUNNING,
}
"""Slurm job state flags that override a non-terminal base state (error flags
override any base state)."""


def map_job_state(state: str, flags: Iterable[str] = (), reason: str | None = None,
                  job_id: str | int | None = None) -> JobStatus:
    """Map a Slurm job state (base + flags, as ``pyslurm.Job`` gives them).

    Order: an error flag (``LAUNCH_FAILED``, ``SPECIAL_EXIT``, ...) wins; then
    a terminal base state decides; then a waiting flag (``REQUEUE_HOLD``,
    ``CONFIGURING``...) keeps the job ``SCHEDULED``; then the base state.
    Unknown names give ``SCHEDULED`` with a note, as Pavilion does.

    Args:
        state: Base state name, e.g. ``'TIMEOUT'`` (scontrol's combined
            ``'COMPLETING'`` alone is accepted too).
        flags: State flag names.
        reason: Slurm's reason, added to the note.
        job_id: For the note.

    Returns:
        A :class:`~pyslurm.schedulers.base.JobStatus`.

    Examples:
        >>> map_job_state('TIMEOUT', ['COMPLETING']).state
        'SCHED_ERROR'
    """
    base = state.strip().upper()
    flag_set = [f.strip().upper() for f in flags]
    what = f"job {job_id}" if job_id is not None else "job"
    desc = "+".join([base] + flag_set)
    note = f"{what} has state {desc}" + (f", reason {reason}" if reason else "")
    now = time.time()
    for flag in flag_set:
        if JOB_FLAG_STATUS.get(flag) == SCHED_ERROR:
            return JobStatus(SCHED_ERROR, note, now)
    status = JOB_STATE_STATUS.get(base)
    if status in (SCHED_CANCELLED, SCHED_ERROR) or base == "COMPLETED":
        return JobStatus(status, note, now)  # type: ignore[arg-type]
    for flag in flag_set:
        if JOB_FLAG_STATUS.get(flag) == SCHEDULED:
            return JobStatus(SCHEDULED, note, now)
    if status is None:
        status = JOB_FLAG_STATUS.get(base)
    if status is None:
        return JobStatus(SCHEDULED, f"{note} (unhandled Slurm job state)", now)
    return JobStatus(status, note, now)
