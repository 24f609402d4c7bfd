from __future__ import annotations

import datetime
from typing import Any, Iterator, Optional, Sequence, Union

from pyslurm.db._jobs_values import JobFilter as JobFilter
from pyslurm.db.connection import Connection
from pyslurm.db.step import JobSteps
from pyslurm.db.tres import TrackableResources
from pyslurm.enums import SchedulerType
from pyslurm.records import Record
from pyslurm.stats import JobStatistics
from pyslurm.xcollections import MultiClusterMap

_Num = Union[int, float]
_Fields = Union[str, Sequence[str]]

class Job(Record):
    is_loaded: bool
    def __init__(self, job_id: Union[int, str, None] = ..., cluster: Optional[str] = ...,
                 **kwargs: Any) -> None: ...
    @staticmethod
    def load(job_id: Union[int, str], cluster: Optional[str] = ..., with_script: bool = ...,
             with_env: bool = ..., db_connection: Optional[Connection] = ...) -> Job: ...
    def modify(self, changes: Job, db_connection: Optional[Connection] = ...) -> list[int]: ...
    def group_id(self) -> Optional[int]: ...
    def group_name(self) -> Optional[str]: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    cluster: Optional[str]
    id: int
    user_name: Optional[str]
    cancelled_by: Optional[str]
    cancelled_by_id: Optional[int]
    qos: Optional[str]
    qos_id: Optional[int]
    state: Optional[str]
    state_reason: Optional[str]
    requeue_count: Optional[int]
    segment_size: Optional[int]
    exit_code: Optional[int]
    exit_code_signal: Optional[int]
    derived_exit_code: Optional[int]
    derived_exit_code_signal: Optional[int]
    comment: Optional[str]
    admin_comment: Optional[str]
    system_comment: Optional[str]
    wckey: Optional[str]
    extra: Optional[str]
    cpus: Optional[int]
    memory: Optional[int]
    allocated_tres: Optional[TrackableResources]
    requested_tres: Optional[TrackableResources]
    tres: Optional[TrackableResources]
    gres: dict[str, Optional[int]]
    gpus: Optional[int]
    array_tasks_waiting: Optional[str]
    scheduler: Optional[SchedulerType]
    start_rpc_received: Optional[bool]
    environment: dict[str, str]
    elapsed_cpu_time: Optional[int]
    steps: JobSteps
    stats: JobStatistics
    name: Optional[str]
    account: Optional[str]
    partition: Optional[str]
    reservation: Optional[str]
    block_id: Optional[str]
    mcs_label: Optional[str]
    container: Optional[str]
    constraints: list[str]
    licenses: list[str]
    requested_reservations: list[str]
    nodelist: Optional[str]
    failed_node: Optional[str]
    working_directory: Optional[str]
    submit_command: Optional[str]
    script: Optional[str]
    lineage: Optional[str]
    standard_input: Optional[str]
    standard_output: Optional[str]
    standard_error: Optional[str]
    user_id: Optional[int]
    priority: Union[int, float, None]
    array_id: Optional[int]
    array_task_id: Optional[int]
    array_tasks_parallel: Optional[int]
    association_id: Optional[int]
    db_index: Optional[int]
    reservation_id: Optional[int]
    wckey_id: Optional[int]
    heterogeneous_id: Optional[int]
    heterogeneous_offset: Optional[int]
    num_nodes: Optional[int]
    submit_time: Optional[int]
    eligible_time: Optional[int]
    start_time: Optional[int]
    end_time: Optional[int]
    elapsed_time: int
    suspended_time: int
    time_limit: Union[int, float, None]

class Jobs(MultiClusterMap):
    def __init__(self, jobs: Any = ..., **kwargs: Any) -> None: ...
    @staticmethod
    def load(db_filter: Optional[JobFilter] = ...,
             db_connection: Optional[Connection] = ...) -> Jobs: ...
    @staticmethod
    def load_fields(fields: _Fields, db_filter: Optional[JobFilter] = ...,
                    db_connection: Optional[Connection] = ...,
                    as_tuples: bool = ...) -> list[Any]: ...
    @staticmethod
    def load_frame(fields: Optional[_Fields] = ..., db_filter: Optional[JobFilter] = ...,
                   db_connection: Optional[Connection] = ...) -> Any: ...
    @staticmethod
    def iter_load(db_filter: Optional[JobFilter] = ...,
                  chunk: Union[datetime.timedelta, _Num] = ...,
                  fields: Optional[_Fields] = ..., as_tuples: bool = ...,
                  db_connection: Optional[Connection] = ...) -> Iterator[Any]: ...
    @staticmethod
    def modify(db_filter: Any, changes: Job,
               db_connection: Optional[Connection] = ...) -> list[int]: ...
    def calc_stats(self) -> None: ...
    @property
    def cpus(self) -> int: ...
    @property
    def nodes(self) -> int: ...
    @property
    def memory(self) -> int: ...
    @property
    def elapsed_cpu_time(self) -> int: ...
    @property
    def stats(self) -> JobStatistics: ...

JobSearchFilter = JobFilter

def window(c: dict[str, Any], now: Optional[float] = ...) -> tuple[int, int]: ...
