from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.loaded import LoadedMap
from pyslurm.editable import Editable
from pyslurm.reservation_values import FlagList
from pyslurm.reservation_values import ReservationFlags as ReservationFlags
from pyslurm.reservation_values import ReservationReoccurrence as ReservationReoccurrence

_Num = Union[int, float]

FLAGS: dict[str, tuple[int, int]]

class Reservation(Editable):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **changes: Any) -> None: ...
    @classmethod
    def load(cls, name: str, cluster: Optional[str] = ...) -> Reservation: ...
    def create(self) -> str: ...
    def modify(self, changes: Union[Reservation, dict[str, Any], None] = ...,
               **values: Any) -> None: ...
    def delete(self) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    name: Optional[str]
    nodes: Optional[str]
    node_names: list[str]
    node_count: Optional[_Num]
    core_count: Optional[_Num]
    cpus: Optional[_Num]
    partition: Optional[str]
    start_time: Optional[int]
    end_time: Optional[int]
    duration: Optional[_Num]
    is_active: Optional[bool]
    state: Optional[str]
    users: Optional[list[str]]
    accounts: Optional[list[str]]
    groups: Optional[list[str]]
    flags: Optional[Union[FlagList, list[str], ReservationFlags]]
    reoccurrence: Optional[ReservationReoccurrence]
    flags_value: Optional[int]
    features: Optional[str]
    licenses: Optional[str]
    tres: Optional[dict[str, str]]
    tres_string: Optional[str]
    burst_buffer: Optional[str]
    comment: Optional[str]
    qos: Optional[str]
    allowed_partitions: Optional[list[str]]
    max_start_delay: Optional[_Num]
    purge_time: Optional[int]
    cpu_ids_by_node: Optional[dict[str, str]]

class Reservations(LoadedMap):
    @property
    def active(self) -> list[Reservation]: ...
