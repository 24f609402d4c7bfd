"""Checks of what selects accounting jobs (:class:`pyslurm.db.JobFilter`):
pure Python, run before any request is sent.

Times read as ``sacct -S/-E`` reads them (Slurm's ``parse_time`` with its
"past" flag: a date without a year is this year's, or last year's when its
month is still to come; a time of day without a date is today's); state
names as ``sacct --state`` takes them.
"""

from __future__ import annotations

import datetime as _dt
import re
import time as _time
from typing import Any, Callable, Iterable, Optional

from pyslurm import hostlist, values

__all__ = ["parse_time", "parse_states", "STATE_NAMES", "JobFilter"]

# sacct --state: name or abbreviation -> the name pyslurm.db.Job.state gives
STATE_NAMES = {
    "PD": "PENDING", "PENDING": "PENDING",
    "R": "RUNNING", "RUNNING": "RUNNING",
    "S": "SUSPENDED", "SUSPENDED": "SUSPENDED",
    "CD": "COMPLETED", "COMPLETED": "COMPLETED",
    "CA": "CANCELLED", "CANCELLED": "CANCELLED",
    "F": "FAILED", "FAILED": "FAILED",
    "TO": "TIMEOUT", "TIMEOUT": "TIMEOUT",
    "NF": "NODE_FAIL", "NODE_FAIL": "NODE_FAIL",
    "PR": "PREEMPTED", "PREEMPTED": "PREEMPTED",
    "BF": "BOOT_FAIL", "BOOT_FAIL": "BOOT_FAIL",
    "DL": "DEADLINE", "DEADLINE": "DEADLINE",
    "OOM": "OUT_OF_MEMORY", "OUT_OF_MEMORY": "OUT_OF_MEMORY",
    "RQ": "REQUEUED", "REQUEUED": "REQUEUED",
    "RS": "RESIZING", "RESIZING": "RESIZING",
    "RV": "REVOKED", "REVOKED": "REVOKED",
}

# units of now[+-]N<unit> (Slurm's prefixes, case-insensitive)
_UNITS = (("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400),
          ("weeks", 604800))
_WORDS = {"midnight": (0, 0, 0), "noon": (12, 0, 0), "elevenses": (11, 0, 0),
          "fika": (15, 0, 0), "teatime": (16, 0, 0)}
_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?", re.I | re.A)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.A)
_US_DATE = re.compile(r"(\d{1,2})([./]?)(\d{1,2})(?:\2(\d{2}))?", re.A)
_NOW = re.compile(r"now\s*(?:([+-])\s*(\d+)\s*([a-z]*))?", re.I | re.A)


def _err(field: str, value: Any, why: str = "") -> ValueError:
    return values.error(field, value, why)


def _delta(field: str, value: Any, sign: str, count: str, unit: str) -> int:
    n = int(count)
    mult = 1
    if unit:
        for name, m in _UNITS:
            if name.startswith(unit.lower()):
                mult = m
                break
        else:
            raise _err(field, value, f"unknown unit {unit!r} (seconds, minutes, hours, "
                                     f"days, weeks)")
    return -n * mult if sign == "-" else n * mult


def parse_time(value: Any, field: str = "start_time", now: Optional[float] = None,
               past: bool = True) -> int:
    """A point in time as ``sacct -S`` / ``-E`` reads it, as unix time.

    Accepts an int (unix time), a :class:`datetime.datetime` (naive: local
    time), a :class:`datetime.date` (its midnight), or a string in any
    format sacct takes: ``HH:MM[:SS][AM|PM]``, ``MMDD[YY]``,
    ``MM/DD[/YY]``, ``MM.DD[.YY]``, either with ``-HH:MM[:SS]``,
    ``YYYY-MM-DD[THH:MM[:SS]]``, ``today``, ``tomorrow``, ``midnight``,
    ``noon``, ``elevenses``, ``fika``, ``teatime``,
    ``now[{+|-}count[seconds|minutes|hours|days|weeks]]``, ``uts<unixtime>``.

    Raises:
        ValueError: naming ``field`` and the value.
    """
    if isinstance(value, bool):
        raise _err(field, value, "expected a time")
    if values.is_int(value):
        if not 0 <= value <= values.TIME_MAX:
            raise _err(field, value, f"out of range: a unix time from 0 to {values.TIME_MAX}")
        return int(value)
    if isinstance(value, float):
        if not value == value or not 0 <= value <= values.TIME_MAX:
            raise _err(field, value, "out of range")
        return int(value)
    if isinstance(value, _dt.datetime):
        return int(value.timestamp())
    if isinstance(value, _dt.date):
        return int(_dt.datetime(value.year, value.month, value.day).timestamp())
    if not isinstance(value, str):
        raise _err(field, value, "expected a datetime, a unix time or a Slurm time string")
    text = value.strip()
    if not text or "\0" in text:
        raise _err(field, value, "empty")
    if text.isdigit() and len(text) > 8:           # a unix time as digits
        return parse_time(int(text), field)
    m = re.fullmatch(r"uts(\d+)", text, re.I | re.A)
    if m:
        return parse_time(int(m.group(1)), field)
    now_t = _time.time() if now is None else now
    now_dt = _dt.datetime.fromtimestamp(now_t)
    date: Optional[tuple[int, int, Optional[int]]] = None    # (month, day, year or None)
    tod: Optional[tuple[int, int, int]] = None
    rest = text
    while rest:
        rest = rest.lstrip(" \t-T")
        if not rest:
            break
        low = rest.lower()
        m = _NOW.match(rest)
        if m:
            later = now_dt + _dt.timedelta(seconds=_delta(field, value, m.group(1) or "+",
                                                          m.group(2) or "0", m.group(3) or ""))
            date = (later.month, later.day, later.year)
            tod = (later.hour, later.minute, later.second)
            rest = rest[m.end():]
            continue
        if low.startswith("today"):
            date = (now_dt.month, now_dt.day, now_dt.year)
            rest = rest[5:]
            continue
        if low.startswith("tomorrow"):
            later = now_dt + _dt.timedelta(days=1)
            date = (later.month, later.day, later.year)
            rest = rest[8:]
            continue
        for word, hms in _WORDS.items():
            if low.startswith(word):
                tod = hms
                rest = rest[len(word):]
                break
        else:
            m = _TIME_OF_DAY.match(rest)
            if m:
                hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
                ampm = (m.group(4) or "").lower()
                if hour > 23 or minute > 59 or second > 59:
                    raise _err(field, value, "not a valid time of day")
                if ampm == "pm":
                    hour = 12 if hour == 12 else hour + 12
                    if hour > 23:
                        raise _err(field, value, "not a valid time of day")
                elif ampm == "am":
                    if hour > 12:
                        raise _err(field, value, "not a valid time of day")
                    hour = 0 if hour == 12 else hour
                tod = (hour, minute, second)
                rest = rest[m.end():]
                continue
            m = _ISO_DATE.match(rest)
            if m:
                date = (int(m.group(2)), int(m.group(3)), int(m.group(1)))
                rest = rest[m.end():]
                continue
            m = _US_DATE.match(rest)
            if m and (m.group(2) or len(m.group(0)) in (4, 6)):
                if m.group(2):
                    mon, day, yr = m.group(1), m.group(3), m.group(4)
                else:                                   # MMDD[YY]
                    digits = m.group(0)
                    mon, day, yr = digits[:2], digits[2:4], digits[4:] or None
                date = (int(mon), int(day), 2000 + int(yr) if yr else None)
                rest = rest[m.end():]
                continue
            raise _err(field, value, "expected a Slurm time: HH:MM[:SS], MMDD[YY], "
                                     "MM/DD[/YY], YYYY-MM-DD[THH:MM[:SS]], now[+-N[units]], "
                                     "today, midnight, noon, ...")
    if date is None and tod is None:
        raise _err(field, value, "no date or time in it")
    if tod is None:
        tod = (0, 0, 0)
    if date is None:
        # a time without a date: today (sacct looks into the past)
        when = now_dt.replace(hour=tod[0], minute=tod[1], second=tod[2], microsecond=0)
        if not past and when <= now_dt:
            when += _dt.timedelta(days=1)
        return int(when.timestamp())
    month, day, year = date
    if year is None:
        if past:
            year = now_dt.year - 1 if month > now_dt.month else now_dt.year
        else:
            year = now_dt.year
    try:
        when = _dt.datetime(year, month, day, *tod)
    except ValueError:
        raise _err(field, value, "no such date") from None
    return int(when.timestamp())


def parse_states(value: Any, field: str = "states") -> list[str]:
    """State names as ``sacct --state`` takes them (names or
    abbreviations, any case; a list or a comma-separated string), as the
    names :attr:`pyslurm.db.Job.state` gives.

    Raises:
        ValueError: an unknown name (named in the message).
    """
    out = []
    for item in _str_list(field, value):
        name = STATE_NAMES.get(item.upper())
        if name is None:
            raise _err(field, value, f"unknown state {item!r} (sacct's names: "
                                     f"{', '.join(sorted(set(STATE_NAMES.values())))})")
        if name not in out:
            out.append(name)
    return out


def _str_list(field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        items = [p.strip() for p in value.split(",")]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise _err(field, value, "expected a list or a comma-separated string")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise _err(field, value, f"{item!r} is not a non-empty name")
        values.text(field, item)
        out.append(item.strip())
    if not out:
        raise _err(field, value, "empty")
    return out


def _names(field: str, value: Any) -> list[str]:
    """Names of accounts, partitions, clusters...: no ',' or blanks (any
    word, "default" too: these are names in slurmdbd, not keywords)."""
    out = _str_list(field, value)
    for v in out:
        if any(c in v for c in ", \t\n\r"):
            raise _err(field, value, f"{v!r} is not one name (no ',' or blanks)")
    return out


def _ints(field: str, value: Any, lo: int = 0, hi: int = values.U32_MAX - 2) -> list[int]:
    items: Iterable[Any]
    if isinstance(value, str):
        items = [p.strip() for p in value.split(",") if p.strip()]
    elif values.is_int(value):
        items = [value]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        raise _err(field, value, "expected a list of numbers")
    out = [values.integer(field, v, lo, hi) for v in items]
    if not out:
        raise _err(field, value, "empty")
    return out


def _ids_or_names(field: str, value: Any, lookup: Callable[[str], int]) -> list[int]:
    """Users / groups as names or numbers, resolved here."""
    items: Iterable[Any]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        items = [p.strip() for p in value.split(",")] if isinstance(value, str) else [value]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        raise _err(field, value, "expected a list of names or ids")
    out = []
    for item in items:
        if values.is_int(item):
            out.append(values.uid(field, item))
        elif isinstance(item, str) and item.isdigit():
            out.append(values.uid(field, int(item)))
        elif isinstance(item, str) and item:
            try:
                out.append(lookup(item))
            except KeyError:
                raise _err(field, value, f"no such {field[:-1]} {item!r} on this machine") \
                    from None
        else:
            raise _err(field, value, f"{item!r} is not a name or id")
    if not out:
        raise _err(field, value, "empty")
    return out


def _uid(name: str) -> int:
    import pwd
    return pwd.getpwnam(name).pw_uid


def _gid(name: str) -> int:
    import grp
    return grp.getgrnam(name).gr_gid


def _minutes(field: str, value: Any) -> int:
    from pyslurm.job_values import parse_minutes
    mins = parse_minutes(value, field)
    if mins == float("inf"):
        raise _err(field, value, "a limit in minutes, not unlimited")
    return int(mins)


def _exit_code(field: str, value: Any) -> list[int]:
    return _ints(field, value, 0, 255)


# attribute -> checker (None: stored as given, a bool)
_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "ids": lambda f, v: _ints(f, v, 1, values.JOB_ID_MAX),
    "accounts": _names, "association_ids": _ints, "constraints": _names,
    "cpus": lambda f, v: values.integer(f, v, 1, values.U32_MAX - 2),
    "max_cpus": lambda f, v: values.integer(f, v, 1, values.U32_MAX - 2),
    "nodes": lambda f, v: values.integer(f, v, 1, values.U32_MAX - 2),
    "max_nodes": lambda f, v: values.integer(f, v, 1, values.U32_MAX - 2),
    "names": lambda f, v: _str_list(f, v), "partitions": _names,
    "wckeys": lambda f, v: _str_list(f, v), "reservations": _names,
    "timelimit": _minutes, "max_timelimit": _minutes,
    "users": lambda f, v: _ids_or_names(f, v, _uid),
    "groups": lambda f, v: _ids_or_names(f, v, _gid),
    "nodelist": lambda f, v: hostlist.checked(
        v if isinstance(v, str) else ",".join(_str_list(f, v)), f),
    "states": lambda f, v: parse_states(v, f), "exit_codes": _exit_code,
    "start_time": lambda f, v: parse_time(v, f),
    "end_time": lambda f, v: parse_time(v, f),
}
_QOS = "qos"
_CLUSTERS = "clusters"
_FLAGS = ("with_script", "with_env", "truncate_time", "duplicates", "whole_hetjob")


class JobFilter:
    """What :meth:`pyslurm.db.Jobs.load` selects (``sacct``'s options); every
    attribute None (not restricted) unless set.

    Attributes:
        ids (list[int]): job ids (``sacct -j``).
        start_time, end_time: the time window (``-S`` / ``-E``): jobs
            eligible before ``end_time`` that had not ended by
            ``start_time``; a datetime, unix time or any time string sacct
            takes (``"now-2days"``, ``"2024-05-01T08:00"``, ``"midnight"``).
            Unset: since midnight, up to now (as plain sacct), or no time
            limit at all when ``ids`` are given.
        states (list[str]): state names as ``sacct --state`` takes them
            (``"COMPLETED"``, ``"CD"``, ``"failed"``...); with a time
            window, jobs in that state during it.
        exit_codes (list[int]): the jobs' exit codes (0-255).
        accounts, partitions, qos, names, wckeys, reservations,
        constraints (list[str]): as sacct's -A, -r, -q, --name, -W, ...;
            ``qos`` takes names or ids.
        users, groups (list[str | int]): names or numeric ids.
        association_ids (list[int]).
        nodelist (str | list[str]): jobs that ran on any of these nodes
            (a hostlist, ``sacct -N``).
        cpus, max_cpus, nodes, max_nodes (int): a number alone matches
            exactly; with the ``max_*`` one, it is the lower bound.
        timelimit, max_timelimit: minutes or a Slurm time string, likewise.
        clusters (list[str] | "all"): unset: the local cluster only.
        with_script, with_env (bool): fill :attr:`pyslurm.db.Job.script` /
            ``environment`` (needs ``ids``; not both).
        truncate_time (bool): cut the times to the window (``sacct -T``).
        duplicates (bool): every record of a requeued job (``sacct -D``).
        whole_hetjob (bool): all components of a heterogeneous job.

    Every value is checked when the filter is used (and when set through
    the constructor), before any request: a bad one raises ValueError
    naming the attribute and the value.

    Examples:
        >>> f = pyslurm.db.JobFilter(states=["FAILED", "TO"], users=["alice"],
        ...                          start_time="now-7days")   # doctest: +SKIP
    """

    _fields = tuple(_CHECKS) + (_QOS, _CLUSTERS) + _FLAGS
    ids: Any
    accounts: Any
    association_ids: Any
    constraints: Any
    cpus: Any
    max_cpus: Any
    nodes: Any
    max_nodes: Any
    names: Any
    partitions: Any
    wckeys: Any
    reservations: Any
    timelimit: Any
    max_timelimit: Any
    users: Any
    groups: Any
    nodelist: Any
    states: Any
    exit_codes: Any
    start_time: Any
    end_time: Any
    qos: Any
    clusters: Any
    with_script: Any
    with_env: Any
    truncate_time: Any
    duplicates: Any
    whole_hetjob: Any

    def __init__(self, **kwargs: Any) -> None:
        for name in self._fields:
            object.__setattr__(self, name, None)
        for name, value in kwargs.items():
            if name not in self._fields:
                raise AttributeError(f"JobFilter has no attribute {name!r} (its "
                                     f"attributes: {', '.join(self._fields)})")
            setattr(self, name, value)
        self.checked()

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._fields:
            raise AttributeError(f"JobFilter has no attribute {name!r}")
        object.__setattr__(self, name, value)

    def checked(self) -> dict[str, Any]:
        """The values set, checked and converted (``{attribute: value}``).

        Raises:
            ValueError: a value is invalid, or the combination is (script
                and environment together, or without ``ids``; a window
                that ends before it starts).
        """
        out: dict[str, Any] = {}
        for name, check in _CHECKS.items():
            value = getattr(self, name)
            if value is not None:
                out[name] = check(name, value)
        qos = self.qos
        if qos is not None:
            if values.is_int(qos):
                items = [qos]
            elif isinstance(qos, str):
                items = [p.strip() for p in qos.split(",")]
            elif isinstance(qos, (list, tuple, set, frozenset)):
                items = list(qos)
            else:
                raise _err(_QOS, qos, "expected a list of QOS names or ids")
            out[_QOS] = [values.integer(_QOS, q, 0, values.U32_MAX - 2)
                         if values.is_int(q) or (isinstance(q, str) and q.isdigit())
                         else _names(_QOS, [q])[0] for q in items]
            if not out[_QOS]:
                raise _err(_QOS, qos, "empty")
        clusters = self.clusters
        if clusters is not None:
            if isinstance(clusters, str) and clusters.strip().lower() == "all":
                out[_CLUSTERS] = "all"
            else:
                out[_CLUSTERS] = _names(_CLUSTERS, clusters)
        for name in _FLAGS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise _err(name, value, "expected True or False")
            out[name] = bool(value)
        if out["with_script"] and out["with_env"]:
            raise _err("with_env", True, "with_script and with_env cannot be used together "
                                         "(slurmdbd answers one of them per request)")
        if (out["with_script"] or out["with_env"]) and not out.get("ids"):
            raise _err("with_script" if out["with_script"] else "with_env", True,
                       "needs ids: the script and environment are read per job")
        start, end = out.get("start_time"), out.get("end_time")
        if start is not None and end is not None and end < start:
            raise _err("end_time", self.end_time,
                       f"ends before start_time ({self.start_time!r})")
        for low, high in (("cpus", "max_cpus"), ("nodes", "max_nodes"),
                          ("timelimit", "max_timelimit")):
            if high in out and low in out and out[high] < out[low]:
                raise _err(high, getattr(self, high), f"less than {low}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The attributes set."""
        return {k: getattr(self, k) for k in self._fields if getattr(self, k) is not None}

    def copy(self, **changes: Any) -> JobFilter:
        """A copy with ``changes`` applied."""
        data = self.to_dict()
        data.update(changes)
        return JobFilter(**data)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"pyslurm.db.JobFilter({shown})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JobFilter):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]
