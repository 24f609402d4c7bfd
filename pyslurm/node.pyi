from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.loaded import LoadedMap
from pyslurm.editable import Editable

_Num = Union[int, float]

def parse_gres(s: Optional[str]) -> dict[str, dict[str, Any]]: ...
def node_definition(name: str, **definition: Any) -> str: ...

class Node(Editable):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **changes: Any) -> None: ...
    @classmethod
    def load(cls, name: str, cluster: Optional[str] = ...) -> Node: ...
    @staticmethod
    def create(name: str, **definition: Any) -> None: ...  # type: ignore[override]
    def modify(self, changes: Union[Node, dict[str, Any], None] = ..., **values: Any) -> None: ...
    def delete(self) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    name: Optional[str]
    address: Optional[str]
    hostname: Optional[str]
    state: Optional[str]
    base_state: Optional[str]
    state_flags: Optional[list[str]]
    states: Optional[tuple[str, ...]]
    state_string: Optional[str]
    state_number: Optional[int]
    next_state: Optional[str]
    reason: Optional[str]
    reason_user: Optional[str]
    reason_uid: Optional[_Num]
    reason_time: Optional[int]
    cpus: Optional[_Num]
    effective_cpus: Optional[_Num]
    alloc_cpus: Optional[int]
    idle_cpus: Optional[int]
    cpu_load: Optional[float]
    boards: Optional[_Num]
    sockets: Optional[_Num]
    cores_per_socket: Optional[_Num]
    threads_per_core: Optional[_Num]
    specialized_cores: Optional[_Num]
    specialized_cpus: Optional[str]
    real_memory: Optional[_Num]
    alloc_memory: Optional[int]
    free_memory: Optional[_Num]
    specialized_memory: Optional[_Num]
    tmp_disk: Optional[_Num]
    weight: Optional[_Num]
    partitions: Optional[list[str]]
    features: Optional[list[str]]
    active_features: Optional[list[str]]
    features_string: Optional[str]
    active_features_string: Optional[str]
    gres: Optional[dict[str, dict[str, Any]]]
    gres_used: Optional[dict[str, dict[str, Any]]]
    gres_drained: Optional[str]
    gres_string: Optional[str]
    gres_used_string: Optional[str]
    tres: Optional[str]
    alloc_tres: Optional[str]
    owner: Optional[str]
    mcs_label: Optional[str]
    reservation: Optional[str]
    boot_time: Optional[int]
    slurmd_start_time: Optional[int]
    last_busy: Optional[int]
    comment: Optional[str]
    extra: Optional[str]
    version: Optional[str]
    os: Optional[str]
    arch: Optional[str]
    port: Optional[_Num]
    bcast_address: Optional[str]
    architecture: Optional[str]
    slurm_version: Optional[str]
    operating_system: Optional[str]
    total_cpus: Optional[_Num]
    memory_reserved_for_system: Optional[_Num]
    cores_reserved_for_system: Optional[_Num]
    temporary_disk: Optional[_Num]
    slurmd_port: Optional[_Num]
    last_busy_time: Optional[int]
    allocated_memory: Optional[int]
    allocated_cpus: Optional[int]
    available_features: Optional[list[str]]
    idle_memory: Optional[_Num]
    configured_gres: Optional[dict[str, Any]]
    allocated_tres: Optional[dict[str, Union[int, str]]]

class Nodes(LoadedMap):
    def modify(self, changes: Union[Node, dict[str, Any], None] = ..., **kwargs: Any) -> None: ...
    @property
    def total_cpus(self) -> _Num: ...
    @property
    def effective_cpus(self) -> _Num: ...
    @property
    def alloc_cpus(self) -> int: ...
    @property
    def idle_cpus(self) -> int: ...
    @property
    def real_memory(self) -> _Num: ...
    @property
    def alloc_memory(self) -> int: ...
    @property
    def free_memory(self) -> _Num: ...
    @property
    def allocated_cpus(self) -> int: ...
    @property
    def allocated_memory(self) -> int: ...
    @property
    def idle_memory(self) -> _Num: ...
    def state_counts(self, by: str = ...) -> dict[Any, int]: ...
