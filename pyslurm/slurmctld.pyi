from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Iterable, Optional, Union, overload

from pyslurm.config import Config as Config
from pyslurm.formats import LOG_LEVELS as LOG_LEVELS
from pyslurm.formats import parse_parameters as parse_parameters

@dataclass(frozen=True)
class ControllerPing:
    index: int
    hostname: Optional[str]
    role: str
    responding: bool
    latency: float
    error: Optional[str] = ...
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class PingResponse:
    index: int
    hostname: Optional[str]
    is_primary: bool
    is_responding: bool
    latency: float
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...

@overload
def ping() -> list[ControllerPing]: ...
@overload
def ping(index: int) -> PingResponse: ...
def ping_primary() -> PingResponse: ...
def ping_backup() -> PingResponse: ...
def ping_all() -> list[PingResponse]: ...
def is_responding() -> bool: ...
def local_cluster_name() -> Optional[str]: ...

SCHEDULE_EXITS: tuple[str, ...]
BACKFILL_EXITS: tuple[str, ...]

@dataclass(frozen=True)
class RPCTypeStatistics:
    type_id: int
    count: int
    total_time_us: int
    average_time_us: int
    queued: Optional[int] = ...
    dropped: Optional[int] = ...
    cycle_last: Optional[int] = ...
    cycle_max: Optional[int] = ...

@dataclass(frozen=True)
class RPCUserStatistics:
    user_id: int
    user_name: Optional[str]
    count: int
    total_time_us: int
    average_time_us: int

@dataclass(frozen=True)
class Statistics:
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
    schedule_exit: Optional[dict[str, int]]
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
    bf_exit: Optional[dict[str, int]]
    rpc_queue_enabled: bool
    rpc_types: list[RPCTypeStatistics] = ...
    rpc_users: list[RPCUserStatistics] = ...
    pending_rpcs: dict[int, int] = ...
    pending_rpc_hosts: dict[int, str] = ...
    def to_dict(self) -> dict[str, Any]: ...

def statistics() -> Statistics: ...
def reset_statistics() -> None: ...
def reconfigure() -> None: ...
def set_debug_level(level: Union[str, int]) -> None: ...
def debug_flag_names() -> list[str]: ...
def set_debug_flags(add: Iterable[str] = ..., remove: Iterable[str] = ...) -> None: ...
def set_schedlog_level(enabled: bool) -> None: ...
def set_fs_dampening_factor(factor: int) -> None: ...
def diag() -> Statistics: ...
def set_log_level(level: Union[str, int]) -> None: ...
def get_log_level() -> Optional[str]: ...
def add_debug_flags(flags: Union[str, Iterable[str], None]) -> None: ...
def remove_debug_flags(flags: Union[str, Iterable[str], None]) -> None: ...
def clear_debug_flags() -> None: ...
def get_debug_flags() -> list[str]: ...
def enable_scheduler_logging() -> None: ...
def is_scheduler_logging_enabled() -> bool: ...
def set_fair_share_dampening_factor(factor: int) -> None: ...
def get_fair_share_dampening_factor() -> Optional[int]: ...

class ShutdownMode(IntEnum):
    ALL = 0
    CORE_FILE = 1
    CONTROLLER_ONLY = 2

def shutdown(mode: Union[ShutdownMode, int] = ...) -> None: ...
def takeover(index: int = ...) -> None: ...
