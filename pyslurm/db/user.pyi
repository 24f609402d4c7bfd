from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.db._admin import AdminRecord, WithAssocs
from pyslurm.db.assoc import Association
from pyslurm.db.connection import Connection
from pyslurm.display import TableDisplay

_Num = Union[int, float]

class User(AdminRecord):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **values: Any) -> None: ...
    @classmethod
    def load(cls, name: str, *args: Any, **kwargs: Any) -> User: ...
    def create(self, db_connection: Optional[Connection] = ...) -> None: ...
    def modify(self, changes: Union[User, dict[str, Any], None] = ...,
               db_connection: Optional[Connection] = ..., **values: Any) -> None: ...
    def delete(self, db_connection: Optional[Connection] = ...) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    admin_level: Optional[str]
    associations: list[Association]
    accounts: Optional[list[str]]
    clusters: Optional[list[str]]
    coordinator_accounts: Optional[list[str]]
    name: Optional[str]
    default_account: Optional[str]
    default_wckey: Optional[str]


class Users(WithAssocs, TableDisplay):
    @classmethod
    def load(cls, names: Any = ..., db_connection: Optional[Connection] = ...,
             with_assocs: bool = ..., with_deleted: bool = ...) -> Users: ...
