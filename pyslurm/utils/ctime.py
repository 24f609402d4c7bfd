"""Time conversions under upstream pyslurm's names (``pyslurm.utils.ctime``).

Built on pyslurm's own parsers (:mod:`pyslurm.job_values`); values follow
upstream's conventions: ``NO_VAL`` for "not set" and ``INFINITE`` for
"unlimited" on the way in, ``None`` and ``"UNLIMITED"`` on the way out.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from pyslurm import job_values
from pyslurm.values import is_int

NO_VAL = 0xFFFFFFFE
INFINITE = 0xFFFFFFFF
_UNLIMITED_WORDS = ("UNLIMITED", "INFINITE")


def _sentinel(timestr: Any) -> int | None:
    """NO_VAL for None, INFINITE for an unlimited word, else None."""
    if timestr is None:
        return NO_VAL
    if isinstance(timestr, str) and timestr.strip().upper() in _UNLIMITED_WORDS:
        return INFINITE
    return None


def timestr_to_secs(timestr: Any) -> int:
    """A Slurm time string in seconds; bare digits are seconds.  None gives
    ``NO_VAL``, ``"UNLIMITED"`` gives ``INFINITE``.

    Raises:
        ValueError: not a Slurm time string.
    """
    fixed = _sentinel(timestr)
    return fixed if fixed is not None else job_values.parse_seconds(timestr, "timestr")


def timestr_to_mins(timestr: Any) -> int:
    """A Slurm time string in minutes (``"1-00:00:00"`` is 1440); bare
    digits are minutes.  None gives ``NO_VAL``, ``"UNLIMITED"`` gives
    ``INFINITE``.

    Raises:
        ValueError: not a Slurm time string.
    """
    fixed = _sentinel(timestr)
    if fixed is not None:
        return fixed
    minutes = job_values.parse_minutes(timestr, "timestr")
    return INFINITE if minutes == math.inf else int(minutes)


def _format(secs: int) -> str:
    days, rest = divmod(int(secs), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{days}-{clock}" if days else clock


def secs_to_timestr(secs: Any, default: Any = None) -> Any:
    """Seconds as ``"D-HH:MM:SS"`` / ``"HH:MM:SS"``; ``default`` for None or
    ``NO_VAL``, ``"UNLIMITED"`` for ``INFINITE`` (or ``inf``), None for 0."""
    if secs is None or secs == NO_VAL:
        return default
    if secs == INFINITE or secs == math.inf:
        return "UNLIMITED"
    if not secs:
        return None
    return _format(secs)


def mins_to_timestr(mins: Any, default: Any = None) -> Any:
    """Minutes as :func:`secs_to_timestr` writes them."""
    if mins is None or mins in (NO_VAL, INFINITE, math.inf) or not mins:
        return secs_to_timestr(mins, default)
    return _format(int(mins) * 60)


def date_to_timestamp(date: Any, on_nodate: Any = 0) -> Any:
    """A point in time as a unix timestamp: ``on_nodate`` for a falsy
    value; an int or a string of digits as it is; a ``datetime``; or any
    time string pyslurm's ``begin_time`` takes (``"now+1hour"``,
    ``"2026-12-24T18:00"``).

    Raises:
        ValueError: not a point in time.
    """
    if not date:
        return on_nodate
    if is_int(date):
        return int(date)
    if isinstance(date, str) and date.strip().isdigit() and date.strip().isascii():
        return int(date.strip())
    return job_values.parse_begin_time(date, "date")


def timestamp_to_date(timestamp: Any) -> str | None:
    """A unix timestamp as ``YYYY-MM-DDTHH:MM:SS`` (local time); None for
    0, ``NO_VAL``, ``INFINITE`` or None."""
    if not timestamp or timestamp in (NO_VAL, INFINITE):
        return None
    return _dt.datetime.fromtimestamp(int(timestamp)).strftime("%Y-%m-%dT%H:%M:%S")


__all__ = ["timestr_to_secs", "timestr_to_mins", "secs_to_timestr", "mins_to_timestr",
           "date_to_timestamp", "timestamp_to_date"]
