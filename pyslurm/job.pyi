from __future__ import annotations

from typing import Any, Literal, Optional, Sequence, Union, overload

from pyslurm.job_record import JobRecord
from pyslurm.loaded import LoadedMap
from pyslurm.stats import JobStatistics
from pyslurm.step import JobSteps
from pyslurm.submit import JobSubmitDescription as JobSubmitDescription

_Num = Union[int, float]
_JobId = Union[int, str]
_User = Union[str, int, None]
_Fields = Union[str, Sequence[str]]

class Job(JobRecord):
    def __init__(self, job_id: _JobId) -> None: ...
    @staticmethod
    def load(job_id: _JobId) -> Job: ...
    def to_dict(self) -> dict[str, Any]: ...
    def get_resource_layout_per_node(self) -> dict[str, dict[str, Any]]: ...
    def cancel(self) -> None: ...
    def send_signal(self, signal: Union[int, str], steps: str = ..., hurry: bool = ...) -> None: ...
    def suspend(self) -> None: ...
    def unsuspend(self) -> None: ...
    def requeue(self, hold: bool = ...) -> None: ...
    def notify(self, msg: str) -> None: ...
    def get_batch_script(self) -> str: ...
    def modify(self, changes: JobSubmitDescription) -> None: ...
    def hold(self, mode: Optional[str] = ...) -> None: ...
    def release(self) -> None: ...
    def load_stats(self, steps: Optional[JobSteps] = ...) -> JobStatistics: ...
    steps: Optional[JobSteps]
    stats: Optional[JobStatistics]
    pids: Optional[dict[str, list[int]]]
    is_loaded: bool
    id: int
    name: Optional[str]
    cluster: Optional[str]
    user_id: Optional[int]
    user_name: Optional[str]
    group_id: Optional[int]
    group_name: Optional[str]
    account: Optional[str]
    association_id: Optional[_Num]
    partition: Optional[str]
    qos: Optional[str]
    reservation: Optional[str]
    wckey: Optional[str]
    state: Optional[str]
    state_flags: Optional[list[str]]
    states: Optional[tuple[str, ...]]
    state_reason: Optional[str]
    state_description: Optional[str]
    priority: Optional[_Num]
    nice: Optional[int]
    is_requeueable: Optional[bool]
    requeue_count: Optional[int]
    is_batch_job: Optional[bool]
    dependencies: Optional[dict[str, Any]]
    dependency: Optional[str]
    time_limit: Optional[_Num]
    time_limit_min: Optional[_Num]
    submit_time: Optional[int]
    eligible_time: Optional[int]
    accrue_time: Optional[int]
    start_time: Optional[int]
    end_time: Optional[int]
    resize_time: Optional[int]
    deadline: Optional[int]
    suspend_time: Optional[int]
    pre_suspension_time: Optional[int]
    last_sched_evaluation_time: Optional[int]
    preempt_time: Optional[int]
    run_time: Optional[int]
    run_time_remaining: Optional[_Num]
    elapsed_cpu_time: Optional[_Num]
    allocated_nodes: Optional[str]
    nodes: Optional[str]
    required_nodes: Optional[str]
    excluded_nodes: Optional[str]
    scheduled_nodes: Optional[str]
    batch_host: Optional[str]
    submit_host: Optional[str]
    submit_session_id: Optional[_Num]
    num_nodes: Optional[_Num]
    max_nodes: Optional[_Num]
    cpus: Optional[_Num]
    cpus_per_task: Optional[_Num]
    ntasks: Optional[_Num]
    ntasks_per_node: Optional[_Num]
    min_cpus_per_node: Optional[_Num]
    memory_per_cpu: Optional[int]
    memory_per_node: Optional[int]
    memory: Optional[_Num]
    temporary_disk_per_node: Optional[_Num]
    gres_per_node: Optional[dict[str, int]]
    constraints: Optional[list[str]]
    licenses: Optional[list[str]]
    resource_sharing: Optional[str]
    command: Optional[str]
    working_directory: Optional[str]
    standard_input: Optional[str]
    standard_output: Optional[str]
    standard_error: Optional[str]
    comment: Optional[str]
    admin_comment: Optional[str]
    system_comment: Optional[str]
    mail_user: Optional[list[str]]
    mail_types: Optional[list[str]]
    exit_code: Optional[int]
    exit_code_signal: Optional[int]
    derived_exit_code: Optional[int]
    derived_exit_code_signal: Optional[int]
    array_id: Optional[_Num]
    array_job_id: Optional[_Num]
    array_task_id: Optional[_Num]
    array_tasks_waiting: Optional[str]
    array_tasks_parallel: Optional[_Num]
    heterogeneous_id: Optional[_Num]
    heterogeneous_offset: Optional[_Num]
    node_reboot_required: Optional[bool]
    preempt_eligible_time: Optional[int]
    mcs_label: Optional[str]
    batch_constraints: Optional[list[str]]
    cluster_constraints: Optional[list[str]]
    federation_origin: Optional[str]
    federation_siblings_active: Optional[_Num]
    federation_siblings_viable: Optional[_Num]
    cpus_per_gpu: Optional[int]
    boards_per_node: Optional[int]
    sockets_per_board: Optional[int]
    sockets_per_node: Optional[int]
    cores_per_socket: Optional[int]
    threads_per_core: Optional[int]
    ntasks_per_board: Optional[int]
    ntasks_per_socket: Optional[int]
    ntasks_per_core: Optional[int]
    ntasks_per_gpu: Optional[int]
    delay_boot_time: Optional[_Num]
    requires_contiguous_nodes: Optional[bool]
    network: Optional[str]
    container: Optional[str]
    required_switches: Optional[_Num]
    max_wait_time_switches: Optional[_Num]
    burst_buffer: Optional[str]
    burst_buffer_state: Optional[str]
    cpu_frequency_min: Optional[Union[str, int]]
    cpu_frequency_max: Optional[Union[str, int]]
    cpu_frequency_governor: Optional[Union[str, int]]
    billable_tres: Optional[float]
    cores_reserved_for_system: Optional[int]
    threads_reserved_for_system: Optional[int]
    memory_per_gpu: Optional[int]
    profile_types: Optional[list[str]]
    gres_binding: Optional[str]
    gres_tasks_per_sharing: Optional[str]
    kill_on_invalid_dependency: Optional[bool]
    spreads_over_nodes: Optional[bool]
    is_cronjob: Optional[bool]
    cronjob_time: Optional[str]

class Jobs(LoadedMap):
    frozen: bool
    stats: Optional[JobStatistics]
    def __init__(self, jobs: Any = ..., frozen: bool = ..., **kwargs: Any) -> None: ...
    @classmethod
    def load(cls, user: _User = ..., frozen: bool = ...,  # type: ignore[override]
             preload_passwd_info: bool = ...) -> Jobs: ...
    @overload  # type: ignore[override]
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[False] = ..., user: _User = ...,
                    update_time: Optional[int] = ...) -> Optional[list[dict[str, Any]]]: ...
    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[True], user: _User = ...,
                    update_time: Optional[int] = ...) -> Optional[list[tuple[Any, ...]]]: ...
    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: bool = ..., user: _User = ...,
                    update_time: Optional[int] = ...) -> Optional[list[Any]]: ...
    def reload(self) -> bool: ...
    def load_steps(self) -> None: ...
    def load_stats(self) -> JobStatistics: ...
    @property
    def memory(self) -> _Num: ...
    @property
    def cpus(self) -> _Num: ...
    @property
    def ntasks(self) -> _Num: ...
    @property
    def elapsed_cpu_time(self) -> _Num: ...
