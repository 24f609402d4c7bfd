from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.db._admin import AdminRecord, WithAssocs
from pyslurm.db.assoc import Association
from pyslurm.db.connection import Connection
from pyslurm.display import TableDisplay

_Num = Union[int, float]

class Account(AdminRecord):
    is_loaded: bool
    def __init__(self, name: Optional[str] = ..., **values: Any) -> None: ...
    @classmethod
    def load(cls, name: str, *args: Any, **kwargs: Any) -> Account: ...
    def create(self, db_connection: Optional[Connection] = ...) -> None: ...
    def modify(self, changes: Union[Account, dict[str, Any], None] = ...,
               db_connection: Optional[Connection] = ..., **values: Any) -> None: ...
    def delete(self, db_connection: Optional[Connection] = ...) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    associations: list[Association]
    clusters: Optional[list[str]]
    parent_account: Optional[str]
    coordinators: Optional[list[str]]
    name: Optional[str]
    description: Optional[str]
    organization: Optional[str]


class Accounts(WithAssocs, TableDisplay):
    @classmethod
    def load(cls, names: Any = ..., db_connection: Optional[Connection] = ...,
             with_assocs: bool = ..., with_deleted: bool = ...) -> Accounts: ...
