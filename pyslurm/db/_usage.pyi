from typing import Any, Iterable, Optional

def tres_table(db_connection: Any = ...) -> list[tuple[int, str, Optional[str], int]]: ...
def cluster_usage(clusters: Optional[Iterable[str]], start: int, end: int,
                  db_connection: Any = ...) -> list[tuple[str, dict[int, list[int]]]]: ...
def account_by_user(
    clusters: Optional[Iterable[str]], accounts: Optional[Iterable[str]],
    users: Optional[Iterable[str]], start: int, end: int, db_connection: Any = ...,
) -> list[tuple[str, dict[int, tuple[int, int]],
                list[tuple[str, Optional[str], Optional[str], dict[int, int]]]]]: ...
def user_top(
    clusters: Optional[Iterable[str]], accounts: Optional[Iterable[str]],
    users: Optional[Iterable[str]], start: int, end: int, group: bool,
    db_connection: Any = ...,
) -> list[tuple[str, dict[int, tuple[int, int]],
                list[tuple[str, Optional[int], list[str], Optional[str], dict[int, int]]]]]: ...
def memory_request(job: Any) -> Optional[tuple[str, int]]: ...
