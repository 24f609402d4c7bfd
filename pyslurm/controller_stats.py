"""The controller's statistics (``sdiag``) as :func:`pyslurm.slurmctld.statistics`
gives them: :class:`Statistics` and its per-RPC entries.  Importable as
``pyslurm.slurmctld.Statistics``, ... as well.

Each class also answers to upstream pyslurm's names of its fields (e.g.
``backfill_active`` for ``bf_active``); those are not in ``to_dict()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


def _alias(name: str) -> Any:
    """A read-only attribute giving field ``name`` under another name."""
    return property(lambda self: getattr(self, name),
                    doc=f":attr:`{name}` under upstream pyslurm's name.")


#: Keys of :attr:`Statistics.schedule_exit`, in Slurm's order.
SCHEDULE_EXITS = ("end_job_queue", "default_queue_depth", "max_job_start",
                  "blocked_on_licenses", "max_rpc_cnt", "max_sched_time")
#: Keys of :attr:`Statistics.bf_exit`, in Slurm's order.
BACKFILL_EXITS = ("end_job_queue", "bf_max_job_start", "bf_max_job_test",
                  "state_changed", "bf_node_space_size", "bf_max_time")


@dataclass(frozen=True)
class RPCTypeStatistics:
    """RPCs of one message type since the last reset.

    Attributes:
        type_id: Slurm's message type number (``REQUEST_PING`` is 1008, ...).
        count: how many were handled.
        total_time_us: microseconds spent on them in all.
        average_time_us: ``total_time_us / count``.
        queued, dropped, cycle_last, cycle_max: the RPC queue's figures
            (24.11+ with ``SlurmctldParameters=rpc_queue``; else None).
    """

    type_id: int
    count: int
    total_time_us: int
    average_time_us: int
    queued: Optional[int] = None
    dropped: Optional[int] = None
    cycle_last: Optional[int] = None
    cycle_max: Optional[int] = None

    # upstream pyslurm's names (not in asdict())
    id = _alias("type_id")
    time = _alias("total_time_us")
    average_time = _alias("average_time_us")


@dataclass(frozen=True)
class RPCUserStatistics:
    """RPCs sent by one user since the last reset.

    Attributes:
        user_id: the uid.
        user_name: its name (None when the uid is unknown here).
        count: how many RPCs.
        total_time_us: microseconds spent on them in all.
        average_time_us: ``total_time_us / count``.
    """

    user_id: int
    user_name: Optional[str]
    count: int
    total_time_us: int
    average_time_us: int

    # upstream pyslurm's names (not in asdict())
    time = _alias("total_time_us")
    average_time = _alias("average_time_us")


@dataclass(frozen=True)
class Statistics:
    """What ``sdiag`` shows: the controller's counters since the last reset.

    Counters reset at midnight UTC, when the controller restarts, and with
    :func:`reset_statistics`.  Durations are in microseconds (``_us``).

    Attributes:
        request_time: when these figures were taken (unix time).
        data_since: when the counters were last reset (unix time).
        server_thread_count: slurmctld threads serving RPCs now.
        agent_queue_size: RPCs queued for the agent (to slurmds).
        agent_count: agents running.
        agent_thread_count: agent threads running.
        dbd_agent_queue_size: messages queued for slurmdbd.
        jobs_submitted, jobs_started, jobs_completed, jobs_canceled,
            jobs_failed: jobs since the last reset.
        jobs_pending, jobs_running: jobs now (as of ``job_states_time``).
        job_states_time: when jobs_pending/jobs_running were counted.
        schedule_cycle_last_us, schedule_cycle_max_us, schedule_cycle_sum_us:
            main scheduler cycle durations.
        schedule_cycle_counter: main scheduler cycles run.
        schedule_cycle_mean_us: mean cycle duration (0 without cycles).
        schedule_cycle_mean_depth: mean jobs looked at per cycle.
        schedule_cycles_per_minute: cycles per minute since the reset.
        schedule_queue_length: jobs in the last cycle's queue.
        schedule_exit: why cycles ended, counted by
            :data:`SCHEDULE_EXITS` key (24.11+; None in 22.05).
        bf_active: True while a backfill cycle is running.
        bf_backfilled_jobs, bf_last_backfilled_jobs,
            bf_backfilled_het_jobs: jobs started by backfill.
        bf_cycle_counter: backfill cycles run.
        bf_cycle_last_us, bf_cycle_max_us, bf_cycle_sum_us,
            bf_cycle_mean_us: backfill cycle durations.
        bf_last_depth, bf_last_depth_try: jobs looked at / tried in the
            last backfill cycle.
        bf_depth_mean, bf_depth_try_mean: their means over the cycles.
        bf_queue_length, bf_queue_length_mean: backfill queue length.
        bf_table_size, bf_table_size_mean: backfill table size.
        bf_when_last_cycle: when the last backfill cycle ended (unix time).
        bf_exit: why backfill cycles ended, by :data:`BACKFILL_EXITS` key
            (24.11+; None in 22.05).
        rpc_queue_enabled: the RPC queue is on (24.11+; else False).
        rpc_types: RPCs by message type, most frequent first.
        rpc_users: RPCs by user, most frequent first.
        pending_rpcs: RPCs queued for the agent, ``{type_id: count}``.
        pending_rpc_hosts: hosts those RPCs go to, ``{type_id: hostlist}``.
    """

    request_time: Optional[int]
    data_since: Optional[int]
    server_thread_count: int
    agent_queue_size: int
    agent_count: int
    agent_thread_count: int
    dbd_agent_queue_size: int
    jobs_submitted: int
    jobs_started: int
    jobs_completed: int
    jobs_canceled: int
    jobs_failed: int
    jobs_pending: int
    jobs_running: int
    job_states_time: Optional[int]
    schedule_cycle_last_us: int
    schedule_cycle_max_us: int
    schedule_cycle_sum_us: int
    schedule_cycle_counter: int
    schedule_cycle_mean_us: int
    schedule_cycle_mean_depth: int
    schedule_cycles_per_minute: int
    schedule_queue_length: int
    schedule_exit: Optional[dict]
    bf_active: bool
    bf_backfilled_jobs: int
    bf_last_backfilled_jobs: int
    bf_backfilled_het_jobs: int
    bf_cycle_counter: int
    bf_cycle_last_us: int
    bf_cycle_max_us: int
    bf_cycle_sum_us: int
    bf_cycle_mean_us: int
    bf_last_depth: int
    bf_last_depth_try: int
    bf_depth_mean: int
    bf_depth_try_mean: int
    bf_queue_length: int
    bf_queue_length_mean: int
    bf_table_size: int
    bf_table_size_mean: int
    bf_when_last_cycle: Optional[int]
    bf_exit: Optional[dict]
    rpc_queue_enabled: bool
    rpc_types: list = field(default_factory=list)
    rpc_users: list = field(default_factory=list)
    pending_rpcs: dict = field(default_factory=dict)
    pending_rpc_hosts: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain dicts and lists."""
        return asdict(self)

    # upstream pyslurm's names (not in to_dict())
    schedule_cycle_last = _alias("schedule_cycle_last_us")
    schedule_cycle_max = _alias("schedule_cycle_max_us")
    schedule_cycle_mean = _alias("schedule_cycle_mean_us")
    schedule_cycle_sum = _alias("schedule_cycle_sum_us")
    backfill_active = _alias("bf_active")
    backfilled_jobs = _alias("bf_backfilled_jobs")
    last_backfilled_jobs = _alias("bf_last_backfilled_jobs")
    backfilled_het_jobs = _alias("bf_backfilled_het_jobs")
    backfill_cycle_counter = _alias("bf_cycle_counter")
    backfill_cycle_last_when = _alias("bf_when_last_cycle")
    backfill_cycle_last = _alias("bf_cycle_last_us")
    backfill_cycle_max = _alias("bf_cycle_max_us")
    backfill_cycle_mean = _alias("bf_cycle_mean_us")
    backfill_cycle_sum = _alias("bf_cycle_sum_us")
    backfill_last_depth = _alias("bf_last_depth")
    backfill_last_depth_try = _alias("bf_last_depth_try")
    backfill_mean_depth = _alias("bf_depth_mean")
    backfill_mean_depth_try = _alias("bf_depth_try_mean")
    backfill_queue_length = _alias("bf_queue_length")
    backfill_queue_length_mean = _alias("bf_queue_length_mean")
    backfill_table_size = _alias("bf_table_size")
    backfill_table_size_mean = _alias("bf_table_size_mean")
