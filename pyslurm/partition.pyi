from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.loaded import LoadedMap
from pyslurm.editable import Editable

_Num = Union[int, float]

class Partition(Editable):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **changes: Any) -> None: ...
    @classmethod
    def load(cls, name: str, cluster: Optional[str] = ...) -> Partition: ...
    def create(self) -> None: ...
    def modify(self, changes: Union[Partition, dict[str, Any], None] = ...,
               **values: Any) -> None: ...
    def delete(self) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    name: Optional[str]
    nodes: Optional[str]
    node_names: list[str]
    state: Optional[str]
    total_nodes: Optional[_Num]
    total_cpus: Optional[_Num]
    default_time: Optional[_Num]
    max_time: Optional[_Num]
    default_memory_per_cpu: Optional[_Num]
    default_memory_per_node: Optional[_Num]
    max_memory_per_cpu: Optional[_Num]
    max_memory_per_node: Optional[_Num]
    max_nodes: Optional[_Num]
    min_nodes: Optional[_Num]
    max_cpus_per_node: Optional[_Num]
    grace_time: Optional[_Num]
    preemption_grace_time: Optional[_Num]
    over_time_limit: Optional[_Num]
    priority_tier: Optional[_Num]
    priority_job_factor: Optional[_Num]
    is_default: Optional[bool]
    is_hidden: Optional[bool]
    is_root_only: Optional[bool]
    disable_root_jobs: Optional[bool]
    requires_reservation: Optional[bool]
    least_loaded_nodes: Optional[bool]
    exclusive_user: Optional[bool]
    oversubscribe: Optional[str]
    preempt_mode: Optional[str]
    allowed_accounts: Optional[list[str]]
    denied_accounts: Optional[list[str]]
    allowed_groups: Optional[list[str]]
    allowed_qos: Optional[list[str]]
    denied_qos: Optional[list[str]]
    allowed_alloc_nodes: Optional[list[str]]
    qos: Optional[str]
    alternate: Optional[str]
    billing_weights: Optional[dict[str, Union[float, str, None]]]
    billing_weights_string: Optional[str]
    tres: Optional[str]
    select_type_parameters: Optional[int]
    nodesets: Optional[str]
    suspend_time: Optional[_Num]
    resume_timeout: Optional[_Num]
    suspend_timeout: Optional[_Num]
    job_defaults: Optional[str]
    cpu_binding: Optional[str]
    max_cpus_per_socket: Optional[_Num]
    default_cpus_per_gpu: Optional[int]
    default_memory_per_gpu: Optional[int]
    power_down_on_idle: Optional[bool]
    is_user_exclusive: Optional[bool]
    least_loaded_nodes_scheduling: Optional[bool]
    allowed_submit_nodes: Optional[list[str]]

class Partitions(LoadedMap):
    @property
    def total_cpus(self) -> _Num: ...
    @property
    def total_nodes(self) -> _Num: ...
    def modify(self, changes: Union[Partition, dict[str, Any], None] = ...,
               **values: Any) -> None: ...
