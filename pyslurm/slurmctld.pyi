from dataclasses import dataclass
from typing import Any, Iterable, Optional, Union

@dataclass(frozen=True)
class ControllerPing:
    index: int
    hostname: Optional[str]
    role: str
    responding: bool
    latency: float
    error: Optional[str] = ...
    def to_dict(self) -> dict[str, Any]: ...

def ping() -> list[ControllerPing]: ...
def is_responding() -> bool: ...
def local_cluster_name() -> Optional[str]: ...

_Num = Union[int, float]

LOG_LEVELS: tuple[str, ...]
SCHEDULE_EXITS: tuple[str, ...]
BACKFILL_EXITS: tuple[str, ...]

def parse_parameters(s: Optional[str]) -> dict[str, Union[str, bool]]: ...

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
    user_name: str
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
    rpc_types: list[RPCTypeStatistics]
    rpc_users: list[RPCUserStatistics]
    pending_rpcs: dict[int, int]
    pending_rpc_hosts: dict[int, str]
    def to_dict(self) -> dict[str, Any]: ...

def statistics() -> Statistics: ...
def reset_statistics() -> None: ...
def reconfigure() -> None: ...
def set_debug_level(level: Union[str, int]) -> None: ...
def debug_flag_names() -> list[str]: ...
def set_debug_flags(add: Iterable[str] = ..., remove: Iterable[str] = ...) -> None: ...
def set_schedlog_level(enabled: bool) -> None: ...
def set_fs_dampening_factor(factor: int) -> None: ...


class Config:
    @staticmethod
    def load() -> Config: ...
    def to_dict(self) -> dict[str, Any]: ...
    cluster_name: Optional[str]
    version: Optional[str]
    config_file: Optional[str]
    boot_time: Optional[int]
    last_update: Optional[int]
    control_hosts: list[str]
    control_addresses: list[str]
    slurmctld_port: Optional[_Num]
    slurmctld_port_count: Optional[_Num]
    slurmd_port: Optional[_Num]
    slurm_user_name: Optional[str]
    slurm_user_id: int
    slurmd_user_name: Optional[str]
    auth_type: Optional[str]
    select_type: Optional[str]
    scheduler_type: Optional[str]
    priority_type: Optional[str]
    proctrack_type: Optional[str]
    task_plugin: Optional[str]
    switch_type: Optional[str]
    mpi_default: Optional[str]
    job_acct_gather_type: Optional[str]
    accounting_storage_type: Optional[str]
    gres_types: list[str]
    plugin_dir: Optional[str]
    state_save_location: Optional[str]
    slurmd_spool_dir: Optional[str]
    slurmctld_log_file: Optional[str]
    slurmctld_pid_file: Optional[str]
    default_memory_per_cpu: Optional[int]
    default_memory_per_node: Optional[int]
    max_memory_per_cpu: Optional[int]
    max_memory_per_node: Optional[int]
    max_job_count: Optional[_Num]
    max_array_size: Optional[_Num]
    max_step_count: Optional[_Num]
    max_tasks_per_node: Optional[_Num]
    first_job_id: Optional[_Num]
    max_job_id: Optional[_Num]
    next_job_id: Optional[_Num]
    min_job_age: Optional[_Num]
    message_timeout: Optional[_Num]
    slurmctld_timeout: Optional[_Num]
    slurmd_timeout: Optional[_Num]
    inactive_limit: Optional[_Num]
    kill_wait: Optional[_Num]
    wait_time: Optional[_Num]
    return_to_service: Optional[_Num]
    tree_width: Optional[_Num]
    licenses: Optional[str]
    accounting_storage_tres: list[str]
    accounting_storage_enforce: list[str]
    accounting_storage_backup_host: Optional[str]
    accounting_storage_external_host: Optional[str]
    accounting_storage_host: Optional[str]
    accounting_storage_parameters: Optional[str]
    accounting_storage_password: Optional[str]
    accounting_storage_port: Optional[_Num]
    accounting_storage_user: Optional[str]
    accounting_store_flags: list[str]
    acct_gather_config: dict[str, str]
    acct_gather_energy_type: Optional[str]
    acct_gather_filesystem_type: Optional[str]
    acct_gather_interconnect_type: Optional[str]
    acct_gather_node_frequency: Optional[_Num]
    acct_gather_profile_type: Optional[str]
    allow_spec_resources_usage: bool
    auth_alt_types: list[str]
    auth_alt_parameters: Optional[str]
    auth_info: Optional[str]
    cert_generation_parameters: Optional[str]
    cert_generation_type: Optional[str]
    cert_manager_parameters: Optional[str]
    cert_manager_type: Optional[str]
    cred_type: Optional[str]
    job_credential_private_key: Optional[str]
    job_credential_public_certificate: Optional[str]
    tls_parameters: Optional[str]
    tls_type: Optional[str]
    hash_plugin: Optional[str]
    hash_value: Optional[_Num]
    burst_buffer_type: Optional[str]
    cli_filter_plugins: list[str]
    cli_filter_parameters: Optional[str]
    core_spec_plugin: Optional[str]
    ext_sensors_type: Optional[str]
    ext_sensors_frequency: Optional[_Num]
    http_parser_type: Optional[str]
    job_comp_host: Optional[str]
    job_comp_location: Optional[str]
    job_comp_parameters: Optional[str]
    job_comp_password: Optional[str]
    job_comp_password_script: Optional[str]
    job_comp_port: Optional[_Num]
    job_comp_type: Optional[str]
    job_comp_user: Optional[str]
    job_container_type: Optional[str]
    namespace_type: Optional[str]
    job_submit_plugins: list[str]
    launch_type: Optional[str]
    mcs_plugin: Optional[str]
    mcs_parameters: Optional[str]
    metrics_auth: Optional[_Num]
    metrics_auth_users: Optional[str]
    metrics_parameters: Optional[str]
    metrics_type: Optional[str]
    mpi_config: dict[str, str]
    mpi_parameters: Optional[str]
    node_features_config: dict[str, str]
    node_features_plugins: list[str]
    plugstack_config: Optional[str]
    power_parameters: Optional[str]
    power_plugin: Optional[str]
    preempt_mode: Optional[str]
    preempt_parameters: Optional[str]
    preempt_type: Optional[str]
    preempt_exempt_time: Optional[_Num]
    prep_parameters: Optional[str]
    prep_plugins: list[str]
    route_plugin: Optional[str]
    select_type_parameters: list[str]
    select_type_config: dict[str, str]
    site_factor_plugin: Optional[str]
    site_factor_parameters: Optional[str]
    slurmctld_plugstack: Optional[str]
    switch_parameters: Optional[str]
    task_plugin_parameters: Optional[str]
    topology_parameters: Optional[str]
    topology_plugin: Optional[str]
    url_parser_type: Optional[str]
    cgroup_config: dict[str, str]
    data_parser_parameters: Optional[str]
    scheduler_parameters: Optional[str]
    scheduler_parameters_dict: dict[str, Union[str, bool]]
    scheduler_time_slice: Optional[_Num]
    scheduler_log_file: Optional[str]
    scheduler_log_level: Optional[_Num]
    scron_parameters: Optional[str]
    dependency_parameters: Optional[str]
    dependency_parameters_dict: dict[str, Union[str, bool]]
    enforce_partition_limits: Optional[str]
    fairshare_dampening_factor: Optional[_Num]
    max_batch_requeue: Optional[_Num]
    over_time_limit: Optional[_Num]
    priority_calc_period: Optional[_Num]
    priority_decay_half_life: Optional[_Num]
    priority_favor_small: bool
    priority_flags: list[str]
    priority_max_age: Optional[_Num]
    priority_parameters: Optional[str]
    priority_parameters_dict: dict[str, Union[str, bool]]
    priority_usage_reset_period: Optional[str]
    priority_weight_age: Optional[_Num]
    priority_weight_assoc: Optional[_Num]
    priority_weight_fairshare: Optional[_Num]
    priority_weight_job_size: Optional[_Num]
    priority_weight_partition: Optional[_Num]
    priority_weight_qos: Optional[_Num]
    priority_weight_tres: Optional[str]
    batch_start_timeout: Optional[_Num]
    complete_wait: Optional[_Num]
    disable_root_jobs: bool
    epilog: list[str]
    epilog_slurmctld: list[str]
    epilog_msg_time_us: Optional[_Num]
    epilog_timeout: Optional[_Num]
    get_env_timeout: Optional[_Num]
    gpu_freq_default: Optional[str]
    cpu_freq_default: Optional[Union[str, int]]
    cpu_freq_governors: list[str]
    interactive_step_options: Optional[str]
    job_acct_gather_frequency: Optional[str]
    job_acct_gather_parameters: Optional[str]
    job_acct_oom_kill: bool
    job_defaults: dict[str, int]
    job_file_append: bool
    job_requeue: bool
    kill_on_bad_exit: bool
    launch_parameters: Optional[str]
    launch_parameters_dict: dict[str, Union[str, bool]]
    mail_domain: Optional[str]
    mail_program: Optional[str]
    max_dbd_messages: Optional[_Num]
    max_node_count: Optional[_Num]
    prolog: list[str]
    prolog_slurmctld: list[str]
    prolog_epilog_timeout: Optional[_Num]
    prolog_timeout: Optional[_Num]
    prolog_flags: list[str]
    propagate_prio_process: Optional[_Num]
    propagate_resource_limits: list[str]
    propagate_resource_limits_except: list[str]
    requeue_exit: Optional[str]
    requeue_exit_hold: Optional[str]
    reservation_epilog: Optional[str]
    reservation_over_run: Optional[_Num]
    reservation_prolog: Optional[str]
    srun_epilog: Optional[str]
    srun_prolog: Optional[str]
    srun_port_range: Optional[tuple[int, int]]
    task_epilog: Optional[str]
    task_prolog: Optional[str]
    track_wckey: bool
    unkillable_step_program: Optional[str]
    unkillable_step_timeout: Optional[_Num]
    use_pam: bool
    vsize_factor_percent: Optional[_Num]
    x11_parameters: Optional[str]
    bcast_exclude: list[str]
    bcast_parameters: Optional[str]
    tmp_fs: Optional[str]
    health_check_interval: Optional[_Num]
    health_check_node_state: list[str]
    health_check_program: Optional[str]
    health_check_timeout: Optional[_Num]
    node_prefix: Optional[str]
    reboot_program: Optional[str]
    resume_fail_program: Optional[str]
    resume_program: Optional[str]
    resume_rate: Optional[_Num]
    resume_timeout: Optional[_Num]
    suspend_exclude_nodes: Optional[str]
    suspend_exclude_partitions: list[str]
    suspend_exclude_states: list[str]
    suspend_program: Optional[str]
    suspend_rate: Optional[_Num]
    suspend_time: Optional[_Num]
    suspend_timeout: Optional[_Num]
    cluster_id: Optional[_Num]
    communication_parameters: Optional[str]
    communication_parameters_dict: dict[str, Union[str, bool]]
    debug_flags: list[str]
    eio_timeout: Optional[_Num]
    federation_parameters: Optional[str]
    getnameinfo_cache_timeout: Optional[_Num]
    group_update_force: bool
    group_update_time: Optional[_Num]
    host_unreach_retry_count: Optional[_Num]
    ipv4_enabled: bool
    ipv6_enabled: bool
    keepalive_interval: Optional[_Num]
    keepalive_probes: Optional[_Num]
    keepalive_time: Optional[_Num]
    license_parameters: Optional[str]
    log_time_format: Optional[str]
    slurmctld_address: Optional[str]
    slurmctld_debug: Optional[str]
    slurmctld_http_auth_parameters: Optional[str]
    slurmctld_parameters: Optional[str]
    slurmctld_parameters_dict: dict[str, Union[str, bool]]
    slurmctld_primary_off_program: Optional[str]
    slurmctld_primary_on_program: Optional[str]
    slurmctld_syslog_debug: Optional[str]
    slurmd_debug: Optional[str]
    slurmd_http_auth_parameters: Optional[str]
    slurmd_log_file: Optional[str]
    slurmd_parameters: Optional[str]
    slurmd_parameters_dict: dict[str, Union[str, bool]]
    slurmd_pid_file: Optional[str]
    slurmd_syslog_debug: Optional[str]
    slurmd_user_id: int
    reconfig_flags: list[str]
    private_data: list[str]
    tcp_timeout: Optional[_Num]
