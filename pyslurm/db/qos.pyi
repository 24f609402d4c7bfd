from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.db._admin import AdminRecord, ByName, Filter
from pyslurm.db.connection import Connection
from pyslurm.display import TableDisplay

_Num = Union[int, float]

class QualityOfService(AdminRecord):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **values: Any) -> None: ...
    @classmethod
    def load(cls, name: str, *args: Any, **kwargs: Any) -> QualityOfService: ...
    def create(self, db_connection: Optional[Connection] = ...) -> None: ...
    def modify(self, changes: Union[QualityOfService, dict[str, Any], None] = ...,
               db_connection: Optional[Connection] = ..., **values: Any) -> None: ...
    def delete(self, db_connection: Optional[Connection] = ...) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    flags: Optional[list[str]]
    preempt: Optional[list[str]]
    preempt_mode: Optional[str]
    limit_factor: Optional[float]
    usage_factor: Optional[float]
    usage_threshold: Optional[float]
    name: Optional[str]
    description: Optional[str]
    id: int
    priority: Optional[_Num]
    grace_time: Optional[_Num]
    grp_jobs: Optional[_Num]
    grp_jobs_accrue: Optional[_Num]
    grp_submit_jobs: Optional[_Num]
    grp_tres: Optional[dict[str, _Num]]
    grp_tres_mins: Optional[dict[str, _Num]]
    grp_tres_run_mins: Optional[dict[str, _Num]]
    grp_wall: Optional[_Num]
    max_jobs_per_account: Optional[_Num]
    max_jobs_per_user: Optional[_Num]
    max_jobs_accrue_per_account: Optional[_Num]
    max_jobs_accrue_per_user: Optional[_Num]
    max_submit_jobs_per_account: Optional[_Num]
    max_submit_jobs_per_user: Optional[_Num]
    max_tres_mins_per_job: Optional[dict[str, _Num]]
    max_tres_per_account: Optional[dict[str, _Num]]
    max_tres_per_job: Optional[dict[str, _Num]]
    max_tres_per_node: Optional[dict[str, _Num]]
    max_tres_per_user: Optional[dict[str, _Num]]
    max_tres_run_mins_per_account: Optional[dict[str, _Num]]
    max_tres_run_mins_per_user: Optional[dict[str, _Num]]
    max_wall: Optional[_Num]
    min_priority_threshold: Optional[_Num]
    min_tres_per_job: Optional[dict[str, _Num]]
    preempt_exempt_time: Optional[_Num]


class QualityOfServiceFilter(Filter):
    names: Any
    ids: Any
    descriptions: Any
    preempt_modes: Any
    with_deleted: bool
    def __init__(self, **kwargs: Any) -> None: ...


class QualitiesOfService(ByName, TableDisplay):
    @staticmethod
    def load(db_filter: Optional[QualityOfServiceFilter] = ...,
             db_connection: Optional[Connection] = ...,
             name_is_key: bool = ...) -> QualitiesOfService: ...
