from typing import Any, Optional, Sequence, Union

from pyslurm.xcollections import MultiClusterMap

_Num = Union[int, float]

def parse_gres(s: Optional[str]) -> dict[str, dict[str, Any]]: ...
def node_definition(name: str, **definition: Any) -> str: ...

class Node:
    def __init__(self, name: Optional[str] = ..., **changes: Any) -> None: ...
    @staticmethod
    def load(name: str) -> Node: ...
    def modify(self, changes: Union[Node, dict[str, Any], None] = ..., **kwargs: Any) -> None: ...
    @staticmethod
    def create(name: str, **definition: Any) -> None: ...
    def delete(self) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    name: Optional[str]
    cluster: Optional[str]
    address: Optional[str]
    hostname: Optional[str]
    state: Optional[str]
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
    gres: Optional[dict[str, dict[str, Any]]]
    gres_used: Optional[dict[str, dict[str, Any]]]
    gres_drained: Optional[str]
    features_string: Optional[str]
    active_features_string: Optional[str]
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

class Nodes(MultiClusterMap):
    last_update: Optional[int]
    def __init__(self, data: Any = ..., **kwargs: Any) -> None: ...
    @classmethod
    def load(cls, update_time: Optional[int] = ...,
             cluster: Optional[str] = ...) -> Optional[Nodes]: ...
    @classmethod
    def load_fields(cls, fields: Sequence[str], as_tuples: bool = ...,
                    update_time: Optional[int] = ...,
                    cluster: Optional[str] = ...) -> Optional[list[Any]]: ...
    def reload(self) -> bool: ...
    def modify(self, changes: Union[Node, dict[str, Any], None] = ..., **kwargs: Any) -> None: ...
    total_cpus: int
    effective_cpus: int
    alloc_cpus: int
    idle_cpus: int
    real_memory: int
    alloc_memory: int
    free_memory: int
    def state_counts(self, by: str = ...) -> dict[str, int]: ...
