from typing import Any, Optional, Sequence, Union

from pyslurm.xcollections import MultiClusterMap

_Num = Union[int, float]

FLAGS: dict[str, tuple[int, int]]

class Reservation:
    def __init__(self, name: Optional[str] = ..., **changes: Any) -> None: ...
    @staticmethod
    def load(name: str) -> Reservation: ...
    def create(self) -> str: ...
    def modify(self, changes: Union[Reservation, dict[str, Any], None] = ..., **kwargs: Any) -> None: ...  # noqa: E501
    def delete(self) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    name: Optional[str]
    cluster: Optional[str]
    nodes: Optional[str]
    node_names: list[str]
    node_count: Optional[_Num]
    core_count: Optional[_Num]
    partition: Optional[str]
    start_time: Optional[int]
    end_time: Optional[int]
    duration: Optional[_Num]
    is_active: Optional[bool]
    state: Optional[str]
    users: Optional[list[str]]
    accounts: Optional[list[str]]
    groups: Optional[list[str]]
    flags: Optional[list[str]]
    flags_value: Optional[int]
    features: Optional[str]
    licenses: Optional[str]
    tres: Optional[dict[str, str]]
    tres_string: Optional[str]
    burst_buffer: Optional[str]
    comment: Optional[str]
    qos: Optional[str]
    allowed_partitions: Optional[list[str]]
    max_start_delay: Optional[int]

class Reservations(MultiClusterMap):
    last_update: Optional[int]
    def __init__(self, data: Any = ..., **kwargs: Any) -> None: ...
    @classmethod
    def load(cls, update_time: Optional[int] = ...,
             cluster: Optional[str] = ...) -> Optional[Reservations]: ...
    @classmethod
    def load_fields(cls, fields: Sequence[str], as_tuples: bool = ...,
                    update_time: Optional[int] = ...,
                    cluster: Optional[str] = ...) -> Optional[list[Any]]: ...
    def reload(self) -> bool: ...
    active: list[Reservation]
