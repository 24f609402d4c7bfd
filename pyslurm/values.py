"""Checks of the values people give pyslurm, shared by every entity.

Pure Python (no libslurm).  Every check raises :class:`ValueError` (or
:class:`TypeError` for a value of the wrong kind) whose message names the
field and the value, before anything reaches Slurm; none converts a value
loosely (``int(821.9)``, ``int("٨")``) or lets one fall on a sentinel
Slurm reads as something else.

Slurm stores counts, ids and limits in unsigned C integers and reserves
their largest values: ``NO_VAL`` (0xfffffffe) means "not set" and
``INFINITE`` (0xffffffff) "unlimited", likewise for 16 and 64 bits.  The
``*_MAX`` constants here are the largest values that mean themselves.

Examples:
    >>> from pyslurm import values
    >>> values.integer("ntasks", "4", 1, values.U32_MAX)
    4
    >>> values.job_id(821.9)
    Traceback (most recent call last):
    ...
    ValueError: invalid job id: 821.9 (an int or a string of digits)
"""

from __future__ import annotations

import grp
import pwd
import re
from typing import Any

#: Largest uint16/uint32/uint64 values below Slurm's sentinels.
U16_MAX = 0xFFFD
U32_MAX = 0xFFFFFFFD
U64_MAX = 0xFFFFFFFFFFFFFFFD
#: Largest job id (the two values below NO_VAL are reserved as well).
JOB_ID_MAX = 0xFFFFFFFC
#: Largest uid/gid (4294967294 is NO_VAL, which Slurm reads as "every user").
UID_MAX = 0xFFFFFFFD
#: Largest amount of memory in MiB (the bit above marks "per CPU").
MEMORY_MAX = (1 << 62) - 1
#: Latest unix time pyslurm sends (2106-02-07; NO_VAL as a time is later).
TIME_MAX = 0xFFFFFFFD

_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def error(field: str, value: Any, why: str = "") -> ValueError:
    """The ValueError pyslurm raises for a bad value of ``field``."""
    text = f"invalid value for {field}: {value!r}"
    return ValueError(f"{text} ({why})" if why else text)


def is_int(value: Any) -> bool:
    """True for an int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def digits(text: str) -> bool:
    """True when ``text`` is ASCII digits only (``"٨"`` is not)."""
    return _DIGITS.fullmatch(text) is not None


def integer(field: str, value: Any, lo: int, hi: int, strings: bool = True) -> int:
    """An exact int from ``lo`` to ``hi``: an int, or (with ``strings``) a
    string of ASCII digits.  Floats, bools and other digits are refused."""
    if strings and isinstance(value, str) and digits(value.strip()):
        value = int(value.strip())
    if not is_int(value):
        raise error(field, value, f"expected an int from {lo} to {hi}")
    if not lo <= value <= hi:
        raise error(field, value, f"out of range: from {lo} to {hi}")
    return value


def _control(c: str) -> bool:
    o = ord(c)
    return o < 0x20 or 0x7F <= o < 0xA0


def text(field: str, value: Any, one_line: bool = True, path: bool = False) -> str:
    """A str without NUL; ``one_line`` refuses every control character
    (newline, tab, escape, ...), so that the value cannot forge fields or
    lines in what ``scontrol``, ``squeue`` and logs print.  Lone
    surrogates are refused, except that a ``path`` may carry the
    surrogate escapes Python uses for file names that are not UTF-8 (they
    are sent as the original bytes)."""
    if not isinstance(value, str):
        raise error(field, value, "expected a string")
    if "\0" in value:
        raise error(field, value, "NUL character")
    try:
        value.encode("utf-8", "surrogateescape" if path else "strict")
    except UnicodeEncodeError:
        raise error(field, value, "not valid Unicode (a lone surrogate)") from None
    if one_line and not value.isprintable():
        for c in value:
            if _control(c):
                raise error(field, value, f"control character {c!r}; "
                                          f"this field is one line of text")
    return value


def job_id(value: Any) -> int:
    """A job id: an int or a string of ASCII digits, from 1 to
    :data:`JOB_ID_MAX`.

    Raises:
        ValueError: anything that is not exactly such an id (a float, a
            bool, other digits than 0-9, ...).
    """
    if isinstance(value, str):
        if not digits(value):
            raise ValueError(f"invalid job id: {value!r} (digits 0-9 only)")
        value = int(value)
    elif not is_int(value):
        raise ValueError(f"invalid job id: {value!r} (an int or a string of digits)")
    if not 0 < value <= JOB_ID_MAX:
        raise ValueError(f"invalid job id: {value!r} (from 1 to {JOB_ID_MAX})")
    return value


_TASK = re.compile(r"([0-9]+)_([0-9]+)", re.ASCII)


def array_task(value: Any) -> tuple[int, int] | None:
    """``"1234_7"`` as ``(1234, 7)``; None when ``value`` is not in that
    form (then it may be a plain job id).

    Raises:
        ValueError: it has ``_`` but is not exactly ``JOBID_TASK``.
    """
    if not isinstance(value, str) or "_" not in value:
        return None
    m = _TASK.fullmatch(value)
    if not m:
        raise ValueError(f"invalid job id: {value!r} (expected JOBID or JOBID_TASK)")
    task = int(m.group(2))
    if task > U32_MAX - 1:
        raise ValueError(f"invalid job id: {value!r} (array task index too large)")
    return job_id(m.group(1)), task


def uid(field: str, value: Any) -> int:
    """A uid or gid given as a number: 0 to :data:`UID_MAX`."""
    if not is_int(value):
        raise error(field, value, "expected a name or an int")
    if not 0 <= value <= UID_MAX:
        raise error(field, value, f"out of range: from 0 to {UID_MAX}")
    return value


#: Names Slurm reads as keywords (every node; the defaults line of
#: slurm.conf) rather than as the name of one node or partition.
RESERVED_NAMES = frozenset({"ALL", "DEFAULT"})


def not_reserved(field: str, value: Any, name: str) -> str:
    """``name``, unless Slurm reads it as a keyword that widens the target
    (``ALL``, ``DEFAULT``, in any case)."""
    if name.upper() in RESERVED_NAMES:
        raise error(field, value, f"{name!r} is Slurm's keyword for every node or "
                                  f"for the defaults, not one name")
    return name


_NAME_BAD = ", \t\n\r=\0"


def name(field: str, value: Any) -> str:
    """The name of one partition, reservation, account...: non-empty
    one-line text without ``,``, ``=`` or blanks, not a reserved word."""
    text(field, value)
    if not value or any(c in value for c in _NAME_BAD):
        raise error(field, value, "a non-empty name without ',', '=' or blanks")
    return not_reserved(field, value, value)


# uid/gid -> name, looked up once each (thousands of jobs share a few users)
_NAMES: dict[tuple[str, Any], str | None] = {}
_NAMES_MAX = 65536


def user_name(uid: Any) -> str | None:
    """The name of user ``uid``; None when it does not resolve (a deleted
    or unknown user) -- everywhere in pyslurm (``Job.user_name``,
    ``Node.owner``, ``Node.reason_user``, ...)."""
    return _name_of("u", uid)


def group_name(gid: Any) -> str | None:
    """The name of group ``gid``; None when it does not resolve."""
    return _name_of("g", gid)


def _name_of(kind: str, num: Any) -> str | None:
    if num is None:
        return None
    key = (kind, num)
    try:
        return _NAMES[key]
    except KeyError:
        pass
    try:
        value = pwd.getpwuid(num).pw_name if kind == "u" else grp.getgrgid(num).gr_name
    except (KeyError, OverflowError, ValueError, TypeError):
        value = None
    if len(_NAMES) >= _NAMES_MAX:
        _NAMES.clear()
    _NAMES[key] = value
    return value


def forget_names() -> None:
    """Drop the cached uid/gid names (a load may start afresh)."""
    _NAMES.clear()


def preload_names() -> None:
    """Read the whole passwd and group databases once, so that many
    lookups cost nothing each."""
    try:
        _NAMES.update((("u", p.pw_uid), p.pw_name) for p in pwd.getpwall())
        _NAMES.update((("g", g.gr_gid), g.gr_name) for g in grp.getgrall())
    except OSError:
        pass


__all__ = ["user_name", "group_name", "forget_names", "preload_names",
           "RESERVED_NAMES", "not_reserved", "name",
           "U16_MAX", "U32_MAX", "U64_MAX", "JOB_ID_MAX", "UID_MAX", "MEMORY_MAX",
           "TIME_MAX", "error", "is_int", "digits", "integer", "text", "job_id",
           "array_task", "uid"]
