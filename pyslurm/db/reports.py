"""Usage reports as ``sreport`` gives them.

Three reports over a time range, read from slurmdbd's rollup tables
through libslurm's own report calls (the numbers are sreport's, not a
recount of jobs):

* :func:`cluster_utilization` -- ``sreport cluster Utilization``:
  allocated, down, planned down, idle, planned (reserved) and reported
  time of each cluster;
* :func:`top_users` -- ``sreport user TopUsage``;
* :func:`account_usage_by_user` -- ``sreport cluster
  AccountUtilizationByUser``: usage per account and per user in it.

Usage is counted in CPU-seconds by default and in any TRES with ``tres=``
(``"mem"``, ``"gres/gpu"``, ``"cpu,mem"``, ``"ALL"``; ``sreport -T``), and
shown in ``unit=`` ``"minutes"`` (sreport's default), ``"hours"``,
``"seconds"`` or ``"percent"`` (``sreport -t``).  Minutes and hours are
rounded as sreport prints them; a report keeps the seconds, so
:meth:`UsageReport.to` gives it in another unit without asking slurmdbd
again.

The time range follows sreport: ``start`` and ``end`` (a
:class:`datetime.datetime`, a :class:`datetime.date`, a unix time or a
Slurm time string as ``sreport start=`` takes it) are rounded to the
nearest whole hour, the end is exclusive and no later than now, and the
range is at least one hour; without them the report covers yesterday.
:func:`time_range` shows the range a report will cover.  Usage reaches
the rollup tables when slurmdbd rolls the hour up (hourly), so the
current hour is not in a report until then.

Examples:
    >>> import datetime
    >>> from pyslurm.db import reports
    >>> today = datetime.date.today()
    >>> usage = reports.account_usage_by_user(today - datetime.timedelta(days=7),
    ...                                       today, unit="hours")  # doctest: +SKIP
    >>> for row in usage.accounts():                                # doctest: +SKIP
    ...     print(row.cluster, row.account, row.used)
    pyslurm root 12
    pyslurm physics 12
    >>> usage.to_pandas()                                           # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import importlib
import pwd
import re
import time as _time
from typing import Any, Generic, Iterator, Optional, Sequence, TypeVar, Union, overload

from pyslurm import core, values
from pyslurm.db import _usage
from pyslurm.db._jobs_values import parse_time

#: The units of a report (``sreport -t``), with the spellings accepted.
UNITS = ("minutes", "hours", "seconds", "percent")
_UNIT_NAMES = {
    "minutes": "minutes", "minute": "minutes", "min": "minutes", "mins": "minutes",
    "m": "minutes",
    "hours": "hours", "hour": "hours", "h": "hours",
    "seconds": "seconds", "second": "seconds", "sec": "seconds", "secs": "seconds",
    "s": "seconds",
    "percent": "percent", "per": "percent", "%": "percent",
}
_TRES_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*(/[A-Za-z0-9_.:-]+)?", re.ASCII)

Time = Union[int, float, str, _dt.datetime, _dt.date, None]
Names = Union[str, Sequence[str], None]


# ---- checked inputs (no RPC) ----

def check_unit(value: Any) -> str:
    """The unit named ``value`` (``"minutes"``, ``"hours"``, ``"seconds"``,
    ``"percent"``, or sreport's spellings: ``"Minutes"``, ``"h"``, ``"%"``...).

    Raises:
        ValueError: not a unit, naming the value.
    """
    if not isinstance(value, str) or value.strip().lower() not in _UNIT_NAMES:
        raise values.error("unit", value, "one of " + ", ".join(UNITS))
    return _UNIT_NAMES[value.strip().lower()]


def _hour_rounded(ts: int) -> int:
    """``ts`` rounded to the nearest whole hour of local time, as sreport
    rounds (30 s round the minute up, then 30 min the hour)."""
    tm = _dt.datetime.fromtimestamp(ts)
    minute = tm.minute + (1 if tm.second >= 30 else 0)
    hour = tm.replace(minute=0, second=0, microsecond=0)
    if minute >= 30:
        hour += _dt.timedelta(hours=1)
    return int(_time.mktime(hour.timetuple()[:8] + (-1,)))


def _midnight(days_ago: int, now: float) -> int:
    day = _dt.date.fromtimestamp(now) - _dt.timedelta(days=days_ago)
    return int(_time.mktime((day.year, day.month, day.day, 0, 0, 0, 0, 0, -1)))


def time_range(start: Time = None, end: Time = None, *,
               now: Optional[float] = None) -> tuple[int, int]:
    """The range ``[start, end)`` a report covers, as unix times, computed
    as sreport computes it.

    ``end`` later than now is now.  Both are rounded to the nearest whole
    hour (local time).  Without ``end``: today's midnight; without
    ``start``: the midnight before that.  A range shorter than an hour is
    made one hour long.

    Args:
        start: a :class:`datetime.datetime` (naive: local time), a
            :class:`datetime.date` (its midnight), a unix time, or a string
            as ``sreport start=`` reads it (``"2026-11-01"``,
            ``"now-7days"``, ``"11/01"``...).
        end: the same kinds.
        now: the time taken as now (for tests); default the clock.

    Raises:
        ValueError: a value that is no time, naming it; ``start`` later
            than ``end``, or later than now.
        TypeError: none.

    Examples:
        >>> import datetime
        >>> from pyslurm.db.reports import time_range
        >>> s, e = time_range(datetime.datetime(2026, 11, 1, 9, 40),
        ...                   datetime.datetime(2026, 11, 1, 12, 10),
        ...                   now=datetime.datetime(2026, 12, 1).timestamp())
        >>> datetime.datetime.fromtimestamp(s), datetime.datetime.fromtimestamp(e)
        (datetime.datetime(2026, 11, 1, 10, 0), datetime.datetime(2026, 11, 1, 12, 0))
    """
    now_t = _time.time() if now is None else float(now)
    s = None if start is None else parse_time(start, "start", now=now_t)
    e = None if end is None else parse_time(end, "end", now=now_t)
    if s is not None and e is not None and s > e:
        raise values.error("start", start, f"later than end ({end!r})")
    if s is not None and s > now_t:
        raise values.error("start", start, "in the future: there is no usage yet")
    if e is None:
        e = _midnight(0, now_t)
    else:
        e = _hour_rounded(min(e, int(now_t)))
    s = _midnight(1, now_t) if s is None else _hour_rounded(s)
    if e - s < 3600:
        e = s + 3600
    return s, e


def _names(field: str, value: Names, keyword_all: bool = False) -> Optional[list[str]]:
    """A list of names from one name, a comma list or a sequence (None: no
    filter; ``keyword_all`` lets ``"all"`` mean no filter too)."""
    if value is None:
        return None
    if isinstance(value, str):
        if keyword_all and value.strip().lower() == "all":
            return None
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise TypeError(f"invalid value for {field}: {value!r} (a name, a comma "
                        f"separated string or a list of names)")
    if not items:
        raise values.error(field, value, "empty: give None for no filter")
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"invalid value for {field}: {item!r} (a name)")
        values.text(field, item)
        # a plain name ("default" is a usual account name, so Slurm's
        # keywords are not refused here)
        if not item or any(c in item for c in ", \t\n\r=\0"):
            raise values.error(field, item, "a non-empty name without ',', '=' or blanks")
    return list(dict.fromkeys(items))


def _clusters(value: Names) -> Optional[list[str]]:
    """sreport's cluster choice: None is the local cluster, ``"all"`` every
    cluster slurmdbd knows (None to libslurm)."""
    if value is None:
        local = core.local_cluster()
        return [local] if local else None
    return _names("clusters", value, keyword_all=True)


def _tres_request(value: Any) -> list[str]:
    """The TRES names asked for, checked for form (their existence needs
    the database): ``"cpu"``, ``"cpu,mem"``, ``["gres/gpu"]``, ``"ALL"``."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise TypeError(f"invalid value for tres: {value!r} (a TRES name such as "
                        f"'cpu', 'mem' or 'gres/gpu', a comma list, or a list)")
    if not items:
        raise values.error("tres", value, "empty")
    for item in items:
        if not isinstance(item, str) or not _TRES_NAME.fullmatch(item):
            raise values.error("tres", item, "a TRES name such as 'cpu', 'mem', "
                                             "'gres/gpu' or 'ALL'")
    return items


@dataclasses.dataclass(frozen=True)
class TRES:
    """A trackable resource as slurmdbd numbers it."""
    id: int
    type: str
    name: Optional[str]

    def __str__(self) -> str:
        return f"{self.type}/{self.name}" if self.name else self.type


def _resolve_tres(asked: list[str], table: list[tuple[int, str, Optional[str], int]],
                  unit_name: str) -> list[TRES]:
    """The TRES records named (sreport's lookup: ``type`` or ``type/name``,
    case-insensitive; ``ALL`` every one)."""
    # "dynamic_offset" is slurmdbd's placeholder row where the ids of added
    # TRES begin, not a resource (sacctmgr and sreport do not list it)
    known = [TRES(t[0], t[1], t[2]) for t in table if t[1] != "dynamic_offset"]
    out: list[TRES] = []
    for name in asked:
        if name.lower() == "all":
            out = list(known)
            break
        typ, _, sub = name.partition("/")
        found = [t for t in known if t.type.lower() == typ.lower()
                 and ((not sub and not t.name)
                      or (sub and (t.name or "").lower() == sub.lower()))]
        if not found:
            raise values.error("tres", name, "slurmdbd has no such TRES; it has "
                               + ", ".join(sorted(str(t) for t in known)))
        if found[0].type.lower() == "node" and unit_name == "percent":
            raise values.error("tres", name, "node usage is not reported in percent "
                                             "(as sreport refuses it); use cpu")
        if found[0] not in out:
            out.append(found[0])
    return out


# ---- values in a unit ----

def convert(seconds: int, total: int, unit_name: str) -> Union[int, float]:
    """``seconds`` in ``unit_name`` as sreport shows it: minutes and hours
    rounded to whole numbers as sreport prints them (``%.0f``), percent of
    ``total`` (unrounded; sreport prints two decimals), seconds as given.

    Examples:
        >>> from pyslurm.db.reports import convert
        >>> convert(90, 0, "minutes"), convert(150, 0, "minutes"), convert(5399, 0, "hours")
        (2, 2, 1)
        >>> convert(30, 120, "percent")
        25.0
    """
    if unit_name == "seconds":
        return int(seconds)
    if unit_name == "minutes":
        return int(f"{seconds / 60:.0f}")
    if unit_name == "hours":
        return int(f"{seconds / 3600:.0f}")
    if unit_name == "percent":
        return seconds / (total or 1) * 100
    raise values.error("unit", unit_name, "one of " + ", ".join(UNITS))


# ---- rows ----

@dataclasses.dataclass(frozen=True)
class ClusterUtilization:
    """One line of ``sreport cluster Utilization``: a cluster's time for
    one TRES.

    In percent, every figure but ``reported`` is a share of ``reported``,
    and ``reported`` a share of the range's length times ``tres_count``.
    """
    cluster: str
    tres: str
    #: the TRES count of the cluster, averaged over the range
    tres_count: int
    allocated: Union[int, float]
    down: Union[int, float]
    planned_down: Union[int, float]
    idle: Union[int, float]
    #: sreport's "Planned" (reserved for jobs waiting to start; 22.05: "Reserved")
    planned: Union[int, float]
    overcommitted: Union[int, float]
    #: allocated + down + planned down + idle + planned
    reported: Union[int, float]


@dataclasses.dataclass(frozen=True)
class UserUsage:
    """One line of ``sreport user TopUsage``: what a user used of one TRES."""
    cluster: str
    login: str
    #: the first field of the user's GECOS entry ("Proper Name"); None if unknown here
    proper_name: Optional[str]
    #: the user's accounts, as sreport lists them
    accounts: tuple[str, ...]
    #: the partition of a per-partition association (Slurm 26.05 and later)
    partition: Optional[str]
    tres: str
    #: in percent: a share of the cluster's reported time
    used: Union[int, float]

    @property
    def account(self) -> str:
        """The accounts as sreport prints them: ``"a, b"``."""
        return ", ".join(self.accounts)


@dataclasses.dataclass(frozen=True)
class AccountUsage:
    """One line of ``sreport cluster AccountUtilizationByUser``: an account
    (``user`` None: the account and its sub-accounts) or a user in it."""
    cluster: str
    account: str
    parent_account: Optional[str]
    user: Optional[str]
    proper_name: Optional[str]
    tres: str
    #: in percent: a share of the cluster's reported time
    used: Union[int, float]


Row = TypeVar("Row", ClusterUtilization, UserUsage, AccountUsage)

# A row before conversion: (its other fields, {time field: (seconds, total)}).
_Raw = tuple[dict[str, Any], dict[str, tuple[int, int]]]


def _converted(fields: dict[str, Any], secs: dict[str, tuple[int, int]],
               unit_name: str) -> dict[str, Any]:
    out = dict(fields)
    for k, (seconds, total) in secs.items():
        out[k] = convert(seconds, total, unit_name)
    return out


T = TypeVar("T")


class Rows(Generic[T]):
    """A sequence of frozen dataclass rows (``len``, indexing, iteration),
    as plain records or one DataFrame."""

    rows: list[T]
    _row_type: type[T]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[T, list[T]]:
        return self.rows[i]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as a list of dicts (field name: value)."""
        return [dataclasses.asdict(r) for r in self.rows]  # type: ignore[call-overload]

    def to_pandas(self) -> Any:
        """The rows as a :class:`pandas.DataFrame`, one column per field
        (pandas is optional: ``pip install 'pyslurm[pandas]'``).

        Raises:
            ImportError: pandas is not installed, naming the extra.
        """
        return to_dataframe(self.rows, [f.name for f in dataclasses.fields(
            self._row_type)])  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the rows as a table (the first
        ``pyslurm.display.MAX_ROWS``), see :func:`pyslurm.display.rows_html`."""
        from pyslurm import display
        fields = [f.name for f in dataclasses.fields(self._row_type)]  # type: ignore[arg-type]
        if type(self).__repr__ is not object.__repr__:
            title = repr(self).strip("<>")
        else:
            title = f"pyslurm.db.{type(self).__name__}: {len(self.rows)} rows"
        return display.rows_html(self.rows, fields, title=title)


class UsageReport(Rows[Row]):
    """The rows of a report, in sreport's order, with what it covers.

    A :class:`Rows` sequence of frozen dataclass rows.

    Attributes:
        kind: which report (``"cluster utilization"``, ...).
        start: first second covered (unix time, a whole hour).
        end: first second no longer covered.
        unit: the unit of the time figures.
        tres: the TRES reported, as named in the rows.
    """

    def __init__(self, kind: str, row_type: type[Row], start: int, end: int,
                 unit_name: str, tres: Sequence[str], raw: list[_Raw]) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.unit = unit_name
        self.tres = tuple(tres)
        self._row_type: type[Row] = row_type
        self._raw = raw
        self.rows: list[Row] = [row_type(**_converted(fields, secs, unit_name))
                                for fields, secs in raw]

    @property
    def seconds(self) -> int:
        """The length of the range in seconds."""
        return self.end - self.start

    def to(self, unit_name: str) -> UsageReport[Row]:
        """The same report in another unit (no request to slurmdbd)."""
        return UsageReport(self.kind, self._row_type, self.start, self.end,
                           check_unit(unit_name), self.tres, self._raw)

    def to_dict(self) -> dict[str, Any]:
        """What the report covers and its rows: ``{"kind", "start", "end",
        "unit", "tres", "rows": [dict, ...]}``."""
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "unit": self.unit, "tres": list(self.tres), "rows": self.to_records()}

    def __repr__(self) -> str:
        start = _dt.datetime.fromtimestamp(self.start).isoformat()
        end = _dt.datetime.fromtimestamp(self.end).isoformat()
        return (f"<pyslurm.db.reports.{type(self).__name__} {self.kind} {start} - {end}, "
                f"{len(self.rows)} rows in {self.unit}>")


def to_dataframe(rows: Sequence[Any], columns: list[str]) -> Any:
    """A DataFrame of dataclass ``rows`` with ``columns`` (also when empty)."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas: pip install 'pyslurm[pandas]' "
                          "(or pip install pandas)") from e
    return pandas.DataFrame([dataclasses.astuple(r) for r in rows], columns=columns)


# ---- the reports ----

def _proper_name(login: Optional[str]) -> Optional[str]:
    if not login:
        return None
    try:
        gecos = pwd.getpwnam(login).pw_gecos
    except KeyError:
        return None
    return gecos.split(",")[0]


def _prepared(start: Time, end: Time, tres: Any, unit: str, clusters: Names,
              accounts: Names, users: Names, db_connection: Any) -> tuple[
                  str, Optional[list[str]], Optional[list[str]], Optional[list[str]],
                  int, int, list[TRES]]:
    """Every argument of a report checked (before any request), then the
    TRES asked for looked up in slurmdbd's table: (unit, clusters,
    accounts, users, start, end, TRES)."""
    unit_name = check_unit(unit)
    asked = _tres_request(tres)
    names = _clusters(clusters)
    accts = _names("accounts", accounts)
    logins = _names("users", users)
    s, e = time_range(start, end)
    recs = _resolve_tres(asked, _usage.tres_table(db_connection), unit_name)
    return unit_name, names, accts, logins, s, e, recs


def cluster_utilization(start: Time = None, end: Time = None, *, tres: Any = "cpu",
                        unit: str = "minutes", clusters: Names = None,
                        db_connection: Any = None) -> UsageReport[ClusterUtilization]:
    """``sreport cluster Utilization``: how each cluster's time was spent.

    Args:
        start: first hour of the range (see :func:`time_range`).
        end: end of the range, exclusive.
        tres: the TRES to report (``"cpu"``, ``"mem"``, ``"gres/gpu"``,
            several as ``"cpu,mem"`` or a list, ``"ALL"``): one row per
            cluster and TRES.
        unit: ``"minutes"``, ``"hours"``, ``"seconds"`` or ``"percent"``.
        clusters: a name, names, or ``"all"``; default the local cluster.
        db_connection: a :class:`pyslurm.db.Connection` to use; default
            one opened for the call.

    Returns:
        UsageReport[ClusterUtilization]: clusters without usage records in
        the range are left out, as sreport leaves them out.

    Raises:
        ValueError: a bad argument, naming it (before any request; an
            unknown TRES after reading slurmdbd's TRES table).
        RPCError: slurmdbd refused or did not answer.

    Implements ``slurmdb_clusters_get`` with usage, as sreport does.
    """
    unit_name, names, _, _, s, e, recs = _prepared(start, end, tres, unit, clusters, None,
                                                   None, db_connection)
    raw: list[_Raw] = []
    for cluster, sums in _usage.cluster_usage(names, s, e, db_connection):
        for t in recs:
            v = sums.get(t.id)
            if v is None:
                continue
            count_sum, n, alloc, down, pdown, idle, plan, over = v
            count = count_sum // n if n else 0
            reported = alloc + down + pdown + idle + plan
            # sreport: energy without a power cap has no count; its whole
            # reported figure is then 100 %
            whole = reported if (not count and t.type == "energy") else (e - s) * count
            raw.append(({"cluster": cluster, "tres": str(t), "tres_count": count},
                        {"allocated": (alloc, reported), "down": (down, reported),
                         "planned_down": (pdown, reported), "idle": (idle, reported),
                         "planned": (plan, reported), "overcommitted": (over, reported),
                         "reported": (reported, whole)}))
    return UsageReport("cluster utilization", ClusterUtilization, s, e, unit_name,
                       [str(t) for t in recs], raw)


def _user_order(first: int) -> Any:
    """sreport's order of top users: most usage of the first TRES first
    (users without it last), then by login."""
    def cmp(a: tuple[Any, ...], b: tuple[Any, ...]) -> int:
        ta, tb = a[4], b[4]
        if first not in ta:
            return 1 if first in tb else 0
        if first not in tb:
            return -1
        if ta[first] != tb[first]:
            return -1 if ta[first] > tb[first] else 1
        if not a[0] or not b[0]:
            return 0
        return (a[0] > b[0]) - (a[0] < b[0])
    return functools.cmp_to_key(cmp)


def top_users(start: Time = None, end: Time = None, *, tres: Any = "cpu",
              unit: str = "minutes", clusters: Names = None, accounts: Names = None,
              users: Names = None, top: Optional[int] = 10, group_accounts: bool = False,
              db_connection: Any = None) -> UsageReport[UserUsage]:
    """``sreport user TopUsage``: the users who used the most.

    Args:
        start, end, tres, unit, clusters, db_connection: as
            :func:`cluster_utilization`.
        accounts: only usage in these accounts.
        users: only these users.
        top: how many users per cluster (sreport's ``TopCount``, default
            10); None for all.
        group_accounts: one line per user with all their accounts
            (sreport's ``group``) instead of one per user and account.

    Returns:
        UsageReport[UserUsage]: per cluster, the users by usage of the
        first TRES asked for (then by login), a row per TRES.

    Raises:
        ValueError: a bad argument, naming it.
        RPCError: slurmdbd refused or did not answer.

    Implements ``slurmdb_report_user_top_usage``.
    """
    if top is not None:
        top = values.integer("top", top, 1, values.U32_MAX, strings=False)
    if not isinstance(group_accounts, bool):
        raise TypeError(f"invalid value for group_accounts: {group_accounts!r} (True or False)")
    unit_name, names, accts, logins, s, e, recs = _prepared(
        start, end, tres, unit, clusters, accounts, users, db_connection)
    raw: list[_Raw] = []
    for cluster, totals, people in _usage.user_top(names, accts, logins, s, e,
                                                   group_accounts, db_connection):
        people = sorted(people, key=_user_order(recs[0].id))
        for login, _uid, acct_list, partition, secs in people[:top]:
            proper = _proper_name(login)
            for t in recs:
                raw.append(({"cluster": cluster, "login": login, "proper_name": proper,
                             "accounts": tuple(acct_list), "partition": partition,
                             "tres": str(t)},
                            {"used": (secs.get(t.id, 0), totals.get(t.id, (0, 0))[0])}))
    return UsageReport("top users", UserUsage, s, e, unit_name, [str(t) for t in recs], raw)


class AccountUsageReport(UsageReport[AccountUsage]):
    """:func:`account_usage_by_user`'s report, with its two kinds of rows
    apart."""

    def accounts(self) -> list[AccountUsage]:
        """The account rows (usage of the account and its sub-accounts)."""
        return [r for r in self.rows if r.user is None]

    def users(self) -> list[AccountUsage]:
        """The rows of users in accounts."""
        return [r for r in self.rows if r.user is not None]

    def to(self, unit_name: str) -> AccountUsageReport:
        """The same report in another unit (no request to slurmdbd)."""
        return AccountUsageReport(self.kind, AccountUsage, self.start, self.end,
                                  check_unit(unit_name), self.tres, self._raw)


def account_usage_by_user(start: Time = None, end: Time = None, *, tres: Any = "cpu",
                          unit: str = "minutes", clusters: Names = None,
                          accounts: Names = None, users: Names = None,
                          db_connection: Any = None) -> AccountUsageReport:
    """``sreport cluster AccountUtilizationByUser``: usage per account,
    and per user in each account.

    Args:
        start, end, tres, unit, clusters, db_connection: as
            :func:`cluster_utilization`.
        accounts: only these accounts (and their sub-accounts).
        users: only these users.

    Returns:
        AccountUsageReport: per cluster (by name), the account tree in
        sreport's order: an account's row (``user`` None) then the rows of
        its users and sub-accounts; a row per TRES.

    Raises:
        ValueError: a bad argument, naming it.
        RPCError: slurmdbd refused or did not answer.

    Implements ``slurmdb_report_cluster_account_by_user``.
    """
    unit_name, names, accts, logins, s, e, recs = _prepared(
        start, end, tres, unit, clusters, accounts, users, db_connection)
    raw: list[_Raw] = []
    report = _usage.account_by_user(names, accts, logins, s, e, db_connection)
    for cluster, totals, assocs in sorted(report, key=lambda c: c[0] or ""):
        for acct, parent, user, secs in assocs:
            proper = _proper_name(user)
            for t in recs:
                raw.append(({"cluster": cluster, "account": acct, "parent_account": parent,
                             "user": user, "proper_name": proper, "tres": str(t)},
                            {"used": (secs.get(t.id, 0), totals.get(t.id, (0, 0))[0])}))
    return AccountUsageReport("account usage by user", AccountUsage, s, e, unit_name,
                              [str(t) for t in recs], raw)


__all__ = [
    "UNITS", "TRES", "ClusterUtilization", "UserUsage", "AccountUsage", "UsageReport",
    "AccountUsageReport", "Rows", "time_range", "check_unit", "convert", "cluster_utilization",
    "top_users", "account_usage_by_user", "to_dataframe",
]
