from dataclasses import dataclass
from typing import Any, Optional, Union

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
