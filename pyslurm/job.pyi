from typing import Any, Mapping, Optional, Sequence, Union

from pyslurm.stats import JobStatistics
from pyslurm.xcollections import MultiClusterMap

_Num = Union[int, float]
_JobId = Union[int, str]

UNLIMITED: float

class Job:
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
    is_loaded: bool
    id: int
    name: Optional[str]
    cluster: Optional[str]
    user_id: Optional[_Num]
    user_name: Optional[str]
    group_id: Optional[_Num]
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
    nice: Optional[_Num]
    is_requeueable: Optional[bool]
    requeue_count: Optional[_Num]
    is_batch_job: Optional[bool]
    dependencies: Optional[dict[str, Any]]
    dependency: Optional[str]
    time_limit: Optional[_Num]
    time_limit_min: Optional[_Num]
    submit_time: Optional[_Num]
    eligible_time: Optional[_Num]
    accrue_time: Optional[_Num]
    start_time: Optional[_Num]
    end_time: Optional[_Num]
    resize_time: Optional[_Num]
    deadline: Optional[_Num]
    suspend_time: Optional[_Num]
    pre_suspension_time: Optional[_Num]
    last_sched_evaluation_time: Optional[_Num]
    preempt_time: Optional[_Num]
    run_time: Optional[_Num]
    run_time_remaining: Optional[_Num]
    elapsed_cpu_time: Optional[_Num]
    allocated_nodes: Optional[str]
    nodes: Optional[str]
    required_nodes: Optional[str]
    excluded_nodes: Optional[str]
    scheduled_nodes: Optional[str]
    batch_host: Optional[str]
    submit_host: Optional[str]
    submit_session_id: Optional[int]
    num_nodes: Optional[_Num]
    max_nodes: Optional[_Num]
    cpus: Optional[_Num]
    cpus_per_task: Optional[_Num]
    ntasks: Optional[_Num]
    ntasks_per_node: Optional[_Num]
    min_cpus_per_node: Optional[_Num]
    memory_per_cpu: Optional[_Num]
    memory_per_node: Optional[_Num]
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
    exit_code: Optional[_Num]
    exit_code_signal: Optional[_Num]
    derived_exit_code: Optional[_Num]
    derived_exit_code_signal: Optional[_Num]
    array_id: Optional[_Num]
    array_job_id: Optional[_Num]
    array_task_id: Optional[_Num]
    array_tasks_waiting: Optional[str]
    array_tasks_parallel: Optional[_Num]
    heterogeneous_id: Optional[_Num]
    heterogeneous_offset: Optional[_Num]
    node_reboot_required: Optional[bool]
    preempt_eligible_time: Optional[_Num]
    mcs_label: Optional[str]
    batch_constraints: Optional[list[str]]
    cluster_constraints: Optional[list[str]]
    federation_origin: Optional[str]
    federation_siblings_active: Optional[_Num]
    federation_siblings_viable: Optional[_Num]
    cpus_per_gpu: Optional[_Num]
    boards_per_node: Optional[_Num]
    sockets_per_board: Optional[_Num]
    sockets_per_node: Optional[_Num]
    cores_per_socket: Optional[_Num]
    threads_per_core: Optional[_Num]
    ntasks_per_board: Optional[_Num]
    ntasks_per_socket: Optional[_Num]
    ntasks_per_core: Optional[_Num]
    ntasks_per_gpu: Optional[_Num]
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
    cores_reserved_for_system: Optional[_Num]
    threads_reserved_for_system: Optional[_Num]
    memory_per_gpu: Optional[_Num]
    profile_types: Optional[list[str]]
    gres_binding: Optional[str]
    gres_tasks_per_sharing: Optional[str]
    kill_on_invalid_dependency: Optional[bool]
    spreads_over_nodes: Optional[bool]
    is_cronjob: Optional[bool]
    cronjob_time: Optional[str]
    steps: Any
    def load_stats(self) -> JobStatistics: ...
    stats: Optional[JobStatistics]
    pids: Optional[dict[str, list[int]]]

class Jobs(MultiClusterMap):
    frozen: bool
    last_update: Optional[int]
    def __init__(self, jobs: Any = ..., frozen: bool = ..., **kwargs: Any) -> None: ...
    @classmethod
    def load(cls, user: Union[str, int, None] = ..., frozen: bool = ...,
             preload_passwd_info: bool = ...) -> Jobs: ...
    @classmethod
    def load_fields(cls, fields: Sequence[str], as_tuples: bool = ...,
                    user: Union[str, int, None] = ...,
                    update_time: Optional[int] = ...) -> Optional[list[Any]]: ...
    def reload(self) -> bool: ...
    def load_steps(self) -> None: ...
    def load_stats(self) -> JobStatistics: ...
    stats: Optional[JobStatistics]
    memory: int
    cpus: int
    ntasks: int
    elapsed_cpu_time: int

class JobSubmitDescription:
    def __init__(self, **options: Any) -> None: ...
    def __getattr__(self, key: str) -> Any: ...
    def __setattr__(self, key: str, value: Any) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def load_environment(self, environ: Optional[Mapping[str, str]] = ...) -> None: ...
    def effective_options(self) -> dict[str, Any]: ...
    def submit(self) -> int: ...
    def find_submitted(self) -> Optional[int]: ...
