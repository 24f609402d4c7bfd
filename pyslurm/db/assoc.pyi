from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.db._admin import AdminRecord, Filter
from pyslurm.db.connection import Connection
from pyslurm.xcollections import MultiClusterMap

_Num = Union[int, float]

class Association(AdminRecord):
    is_loaded: bool
    def __init__(self, **values: Any) -> None: ...
    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> Association: ...
    def create(self, db_connection: Optional[Connection] = ...) -> None: ...
    def modify(self, changes: Union[Association, dict[str, Any], None] = ...,
               db_connection: Optional[Connection] = ..., **values: Any) -> None: ...
    def delete(self, db_connection: Optional[Connection] = ...) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    name: Optional[str]
    default_qos: Optional[str]
    qos: Optional[list[str]]
    account: Optional[str]
    user: Optional[str]
    partition: Optional[str]
    parent_account: Optional[str]
    id: int
    parent_account_id: Optional[_Num]
    is_default: bool
    comment: Optional[str]
    shares: Optional[_Num]
    priority: Optional[_Num]
    group_jobs: Optional[_Num]
    group_jobs_accrue: Optional[_Num]
    group_submit_jobs: Optional[_Num]
    group_tres: Optional[dict[str, _Num]]
    group_tres_mins: Optional[dict[str, _Num]]
    group_tres_run_mins: Optional[dict[str, _Num]]
    group_wall_time: Optional[_Num]
    max_jobs: Optional[_Num]
    max_jobs_accrue: Optional[_Num]
    max_submit_jobs: Optional[_Num]
    max_tres_mins_per_job: Optional[dict[str, _Num]]
    max_tres_run_mins_per_user: Optional[dict[str, _Num]]
    max_tres_per_job: Optional[dict[str, _Num]]
    max_tres_per_node: Optional[dict[str, _Num]]
    max_wall_time_per_job: Optional[_Num]
    min_priority_threshold: Optional[_Num]


def local_cluster() -> str: ...


class AssociationFilter(Filter):
    users: Any
    accounts: Any
    clusters: Any
    partitions: Any
    ids: Any
    parent_accounts: Any
    qos: Any
    only_defaults: bool
    with_deleted: bool
    def __init__(self, **kwargs: Any) -> None: ...


class Associations(MultiClusterMap):
    def __init__(self, assocs: Any = ..., **kwargs: Any) -> None: ...
    @staticmethod
    def load(db_filter: Optional[AssociationFilter] = ...,
             db_connection: Optional[Connection] = ...) -> Associations: ...
    @staticmethod
    def modify(db_filter: AssociationFilter, changes: Union[Association, dict[str, Any]],
               db_connection: Optional[Connection] = ...) -> list[str]: ...
