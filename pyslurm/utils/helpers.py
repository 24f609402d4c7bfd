"""Name, range and size helpers under upstream pyslurm's names
(``pyslurm.utils.helpers``), built on pyslurm's own (:mod:`pyslurm.values`,
:mod:`pyslurm.hostlist`)."""

from __future__ import annotations

import grp
import os
import pwd
import re
from typing import Any

from pyslurm import hostlist, values

NO_VAL = 0xFFFFFFFE
_SIZES = "KMGTPEZ"


def _to_name(kind: str, num: Any, err_on_invalid: bool, lookup: Any) -> str | None:
    if lookup and num in lookup:
        return str(lookup[num])
    name = values.user_name(num) if kind == "uid" else values.group_name(num)
    if name is None:
        if err_on_invalid:
            raise KeyError(f"no {'user' if kind == 'uid' else 'group'} with {kind} {num}")
        return str(num)
    return name


def uid_to_name(uid: Any, err_on_invalid: bool = False, lookup: Any = None) -> str | None:
    """The user name of ``uid``; its number as text when it has no passwd
    entry (KeyError with ``err_on_invalid``).  ``lookup``: an optional
    ``{uid: name}`` dict to look in first."""
    return _to_name("uid", uid, err_on_invalid, lookup)


def gid_to_name(gid: Any, err_on_invalid: bool = False, lookup: Any = None) -> str | None:
    """The group name of ``gid``, as :func:`uid_to_name`."""
    return _to_name("gid", gid, err_on_invalid, lookup)


def _to_id(kind: str, value: Any, err_on_invalid: bool) -> int:
    if value is None:
        return NO_VAL
    if values.is_int(value) or (isinstance(value, str) and values.digits(value)):
        return values.uid(kind, int(value))
    try:
        return (pwd.getpwnam(str(value)).pw_uid if kind == "user"
                else grp.getgrnam(str(value)).gr_gid)
    except KeyError:
        if err_on_invalid:
            raise KeyError(f"no {kind} named {value!r}") from None
        return os.getuid() if kind == "user" else os.getgid()


def user_to_uid(user: Any, err_on_invalid: bool = True) -> int:
    """A user name or number as a uid; None gives ``NO_VAL``.  An unknown
    name raises KeyError (or gives the caller's uid without
    ``err_on_invalid``)."""
    return _to_id("user", user, err_on_invalid)


def group_to_gid(group: Any, err_on_invalid: bool = True) -> int:
    """A group name or number as a gid, as :func:`user_to_uid`."""
    return _to_id("group", group, err_on_invalid)


def expand_range_str(range_str: str) -> list[int]:
    """``"1-3,7"`` as ``[1, 2, 3, 7]``.

    Raises:
        ValueError: a part is not a number or a range.
    """
    out: list[int] = []
    for part in (p.strip() for p in str(range_str).split(",")):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part, re.ASCII)
        if not m:
            raise ValueError(f"invalid range {part!r} in {range_str!r}")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi - lo > hostlist.MAX_RANGE:
            raise ValueError(f"range {part!r} has more than {hostlist.MAX_RANGE} numbers")
        out.extend(range(lo, hi + 1))
    return out


def humanize(num: Any, decimals: int = 1) -> Any:
    """MiB as a short string (``1024`` -> ``"1.0G"``); None and
    ``"UNLIMITED"`` are passed through.

    Raises:
        ValueError: not a number.
    """
    if num is None or num == "UNLIMITED":
        return num
    try:
        value = float(num)
    except (TypeError, ValueError):
        raise ValueError(f"invalid value for humanize: {num!r} (MiB as a number)") from None
    unit = 1                                # index in _SIZES: M
    while abs(value) >= 1024 and unit < len(_SIZES) - 1:
        value /= 1024
        unit += 1
    return f"{value:.{decimals}f}{_SIZES[unit]}"


def dehumanize(humanized_str: Any, target: str = "M", decimals: int = 0) -> Any:
    """A size with a ``K|M|G|T|P|E|Z`` suffix (powers of 1024) in unit
    ``target`` (``"10G"`` -> 10240); digits alone are taken as they are;
    a falsy value gives None.

    Raises:
        ValueError: an unknown suffix or not a size.
    """
    if not humanized_str:
        return None
    text = str(humanized_str).strip()
    if text.isdigit() and text.isascii():
        return int(text)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([A-Za-z])", text, re.ASCII)
    if not m or m.group(2).upper() not in _SIZES or target.upper() not in _SIZES:
        raise ValueError(f"invalid value for dehumanize: {humanized_str!r} "
                         f"(a number with one of the suffixes {', '.join(_SIZES)})")
    shift = _SIZES.index(m.group(2).upper()) - _SIZES.index(target.upper())
    value = round(float(m.group(1)) * 1024.0 ** shift, decimals)
    return int(value) if decimals == 0 else value


def nodelist_from_range_str(nodelist: Any) -> list[str]:
    """``"n[1-3]"`` (or a list of such) as ``["n1", "n2", "n3"]``; ``[]``
    when it does not parse."""
    if isinstance(nodelist, (list, tuple)):
        nodelist = ",".join(nodelist)
    try:
        return hostlist.expand(nodelist or "")
    except (ValueError, TypeError):
        return []


def nodelist_to_range_str(nodelist: Any) -> str | None:
    """A list of names (or a comma-separated string) in ranged form; None
    when it does not parse."""
    if isinstance(nodelist, str):
        nodelist = nodelist.split(",")
    try:
        return hostlist.collapse(list(nodelist)) or None
    except (ValueError, TypeError):
        return None


__all__ = ["uid_to_name", "gid_to_name", "user_to_uid", "group_to_gid", "expand_range_str",
           "humanize", "dehumanize", "nodelist_from_range_str", "nodelist_to_range_str"]
