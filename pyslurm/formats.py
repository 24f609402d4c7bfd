"""Readers of text Slurm itself writes: lists, ``key=value`` settings, GRES
and TRES strings.

Pure Python, shared by the entity modules (nodes, jobs, steps); they
never raise on odd input.
"""

from __future__ import annotations

import re
from typing import Any

#: Slurm's log levels, by number (``SlurmctldDebug``, ``scontrol setdebug``).
LOG_LEVELS = ("quiet", "fatal", "error", "info", "verbose",
              "debug", "debug2", "debug3", "debug4", "debug5")


def split_list(s: str | None, sep: str = ",") -> list[str]:
    """A comma-separated setting as a list: items stripped, empty ones
    dropped; ``[]`` when unset.

    Examples:
        >>> from pyslurm.formats import split_list
        >>> split_list("a, b,,c")
        ['a', 'b', 'c']
    """
    return [x.strip() for x in s.split(sep) if x.strip()] if s else []


def parse_parameters(s: str | None) -> dict[str, str | bool]:
    """Parse a ``key=value,flag,...`` setting (``SchedulerParameters`` and the
    like) into a dict; a bare flag maps to True.

    Examples:
        >>> from pyslurm.formats import parse_parameters
        >>> parse_parameters("bf_interval=30,pack_serial_at_end")
        {'bf_interval': '30', 'pack_serial_at_end': True}
        >>> parse_parameters(None)
        {}
    """
    out: dict[str, str | bool] = {}
    for item in split_list(s):
        key, sep, value = item.partition("=")
        out[key.strip()] = value.strip() if sep else True
    return out


def parameters_dict(s: str | None) -> dict[str, str | int | bool]:
    """:func:`parse_parameters` with whole numbers as ints: upstream
    pyslurm's dict form of such settings.

    Examples:
        >>> from pyslurm.formats import parameters_dict
        >>> parameters_dict("task=30,energy=0,profile")
        {'task': 30, 'energy': 0, 'profile': True}
    """
    return {k: int(v) if isinstance(v, str) and v.isdigit() else v
            for k, v in parse_parameters(s).items()}


def _split_top(s: str) -> list[str]:
    """Split a GRES string on commas outside parentheses."""
    out: list[str] = []
    depth, start = 0, 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(depth - 1, 0)
        elif c == "," and depth == 0:
            out.append(s[start:i])
            start = i + 1
    out.append(s[start:])
    return [p.strip() for p in out if p.strip()]


_SUFFIX = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4, "P": 1024 ** 5}
_COUNT = re.compile(r"(\d+)([KMGTP]?)", re.ASCII)


def parse_gres(s: str | None) -> dict[str, dict[str, Any]]:
    """Parse a node's GRES string into ``{"name[:type]": details}``.

    Handles what Slurm prints: ``gpu:2``, ``gpu:tesla:2(S:0-1)``,
    ``gpu:tesla:2(IDX:0-1)``, ``gpu:0(IDX:N/A)``, ``mps:100K``,
    ``gpu:a100:2(S:0,2),shard:8``.  Never raises on odd input: an item it
    cannot read keeps its text as key with ``count`` None.

    Returns:
        dict: ``{key: {"name", "type", "count", "indexes", "sockets"}}``;
        ``indexes``/``sockets`` are the raw ranges (``"0-1"``) or None.

    Examples:
        >>> from pyslurm.formats import parse_gres
        >>> parse_gres("gpu:tesla:2(IDX:0-1)")["gpu:tesla"]
        {'name': 'gpu', 'type': 'tesla', 'count': 2, 'indexes': '0-1', 'sockets': None}
    """
    out: dict[str, dict[str, Any]] = {}
    if not s:
        return out
    for item in _split_top(s):
        extra = None
        if "(" in item:
            item, _, extra = item.partition("(")
            extra = extra.rstrip(")")
        parts = item.split(":")
        name, gtype, count = parts[0], None, None
        rest = parts[1:]
        # a trailing number (with an optional K/M/G suffix) is the count
        m = _COUNT.fullmatch(rest[-1]) if rest else None
        if m is not None:
            count = int(m.group(1)) * _SUFFIX[m.group(2)]
            rest = rest[:-1]
        elif not rest:
            count = 1
        # "no_consume" and similar markers are not part of the type
        rest = [r for r in rest if r and r != "no_consume"]
        if rest:
            gtype = ":".join(rest)
        details: dict[str, Any] = {"name": name, "type": gtype, "count": count,
                   "indexes": None, "sockets": None}
        if extra:
            for kv in extra.split(")("):
                k, _, v = kv.partition(":")
                if k == "IDX":
                    details["indexes"] = None if v == "N/A" else v
                elif k == "S":
                    details["sockets"] = v
        key = name if gtype is None else f"{name}:{gtype}"
        if key in out and out[key]["count"] is not None and count is not None:
            out[key]["count"] += count
        else:
            out[key] = details
    return out


def tres_memory(tres: str | None) -> int | None:
    """MiB of ``mem=`` in a TRES string like ``"cpu=2,mem=1000M,node=1"``
    (None when absent or unreadable).

    Examples:
        >>> tres_memory("cpu=2,mem=2G,node=1")
        2048
    """
    if not tres:
        return None
    for part in tres.split(","):
        if part.startswith("mem="):
            m = re.fullmatch(r"(\d+)([KMGTP]?)", part[4:], re.ASCII)
            if not m:
                return None
            # no suffix: MiB, as Slurm writes memory
            unit = _SUFFIX[m.group(2) or "M"]
            return -(-int(m.group(1)) * unit // _SUFFIX["M"])
    return None


def gres_counts(tres: str | None) -> dict[str, int] | None:
    """``"gres/gpu:2,gres/gpu:tesla:1"`` (``gres:`` in 22.05) as ``{"gpu": 2,
    "gpu:tesla": 1}``; None for no GRES.

    Examples:
        >>> gres_counts("gres/gpu:2,gres/gpu:tesla:1")
        {'gpu': 2, 'gpu:tesla': 1}
    """
    if not tres:
        return None
    out: dict[str, int] = {}
    for part in tres.split(","):
        for prefix in ("gres/", "gres:"):
            if part.startswith(prefix):
                part = part[len(prefix):]
                break
        name, _, count = part.rpartition(":")
        if not name or not re.fullmatch(r"\d+", count, re.ASCII):
            name, count = part, "1"
        out[name] = int(count)
    return out or None


def tres_dict(tres: str | None) -> dict[str, int | str] | None:
    """A TRES string as a dict: ``"cpu=2,mem=1000M,gres/gpu:tesla=1"`` as
    ``{"cpu": 2, "mem": "1000M", "gres/gpu:tesla": 1}`` (digits as int,
    anything else as written; the form of ``Node.allocated_tres``).  Also
    reads the ``name:count`` form of the ``tres_per_*`` strings
    (``"gres/gpu:2"``; 22.05's ``gres:`` prefix read as ``gres/``); an item
    without a count counts 1.  None for no TRES.

    Examples:
        >>> tres_dict("cpu=2,mem=2G,node=1,billing=2")
        {'cpu': 2, 'mem': '2G', 'node': 1, 'billing': 2}
        >>> tres_dict("gres:gpu:tesla:1,license/a=2")
        {'gres/gpu:tesla': 1, 'license/a': 2}
    """
    if not tres:
        return None
    parsed = _TRES_SEEN.get(tres)
    if parsed is None:
        if len(_TRES_SEEN) >= _TRES_SEEN_MAX:
            _TRES_SEEN.clear()
        parsed = _TRES_SEEN[tres] = _parse_tres(tres)
    return dict(parsed) if parsed else None


# the TRES strings of a load repeat (jobs asking for the same): each is
# parsed once; callers get their own copy
_TRES_SEEN: dict[str, dict[str, int | str]] = {}
_TRES_SEEN_MAX = 4096


def _number(text: str) -> bool:
    return text.isdigit() and text.isascii()


def _parse_tres(tres: str) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for part in tres.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
        else:
            key, _, value = part.rpartition(":")
            if not key or not _number(value):
                key, value = part, "1"
        if key.startswith("gres:"):
            key = "gres/" + key[5:]
        out[key] = int(value) if _number(value) else value
    return out


def tres_gres(tres: dict[str, int | str] | None, gpus_only: bool = False) -> dict[str, Any]:
    """The GRES of a :func:`tres_dict` as ``{"gpu": 2, "gpu:tesla": 1}``
    (``name[:type]`` -> count); with ``gpus_only`` only the GPUs.  ``{}``
    when there are none.

    Examples:
        >>> tres_gres({"cpu": 2, "gres/gpu": 2, "gres/gpu:tesla": 1, "gres/mps": 100})
        {'gpu': 2, 'gpu:tesla': 1, 'mps': 100}
        >>> tres_gres({"gres/gpu": 2, "gres/mps": 100}, gpus_only=True)
        {'gpu': 2}
    """
    out: dict[str, Any] = {}
    for key, value in (tres or {}).items():
        if not key.startswith("gres/"):
            continue
        name = key[5:]
        if gpus_only and name.split(":", 1)[0] != "gpu":
            continue
        out[name] = value
    return out


def tres_string_gres(tres: str | None, gpus_only: bool = False) -> dict[str, Any]:
    """:func:`tres_gres` of the TRES string ``tres`` (parsed once per
    distinct string; each caller gets its own dict)."""
    if not tres:
        return {}
    key = (tres, gpus_only)
    found = _GRES_SEEN.get(key)
    if found is None:
        if len(_GRES_SEEN) >= _TRES_SEEN_MAX:
            _GRES_SEEN.clear()
        found = _GRES_SEEN[key] = tres_gres(tres_dict(tres), gpus_only)
    return dict(found)


_GRES_SEEN: dict[tuple[str, bool], dict[str, Any]] = {}


def gpu_value(tres: str | None, memory: bool = False) -> int | None:
    """The GPU value of a ``cpus_per_tres``/``mem_per_tres`` string such as
    ``"gres/gpu:4"`` (``"gres:gpu:4"`` in 22.05); with ``memory``, MiB of a
    value that may carry a unit.

    Examples:
        >>> gpu_value("gres/gpu:4"), gpu_value("gres:gpu:2G", memory=True)
        (4, 2048)
    """
    if not tres:
        return None
    for part in tres.split(","):
        for prefix in ("gres/gpu:", "gres:gpu:", "gpu:"):
            if part.startswith(prefix):
                value = part[len(prefix):].rsplit(":", 1)[-1]
                if memory:
                    return tres_memory("mem=" + value)
                return int(value) if re.fullmatch(r"\d+", value, re.ASCII) else None
    return None


def in_index_set(spec: str | None, task: int) -> bool:
    """True when array index ``task`` is in an index string like
    ``"2-7:2,9%3"``.

    Examples:
        >>> in_index_set("2-7:2,9%3", 6), in_index_set("2-7:2,9%3", 5)
        (True, False)
    """
    if not spec:
        return False
    for part in spec.split("%", 1)[0].split(","):
        rng, _, step = part.partition(":")
        lo, _, hi = rng.partition("-")
        try:
            lo_i = int(lo)
            hi_i = int(hi) if hi else lo_i
            step_i = int(step) if step else 1
        except ValueError:
            continue
        if lo_i <= task <= hi_i and (task - lo_i) % max(step_i, 1) == 0:
            return True
    return False


__all__ = ["parse_gres", "tres_memory", "gres_counts", "tres_dict", "tres_gres", "gpu_value",
           "in_index_set"]
