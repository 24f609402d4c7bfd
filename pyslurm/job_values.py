"""Parsers of the values job options take (pure Python, no libslurm).

Each parser takes what a user may write (the forms ``sbatch`` accepts, or
plain Python values) and returns the value pyslurm puts into Slurm's
request, or raises :class:`ValueError` naming the option and the value.
They never raise anything else, whatever they are given.  Numbers are
bounded so that no value wraps around or lands on one of Slurm's
sentinels (see :mod:`pyslurm.values`).

The table of options that uses them, with the sbatch-facing parts
(``#SBATCH`` lines, ``SBATCH_*`` variables, the environment, the
script), is :mod:`pyslurm.jobs_util`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import signal as _signal
from typing import Any, Iterable, Mapping

from pyslurm.constants import UNLIMITED
from pyslurm.values import (
    MEMORY_MAX, TIME_MAX, U16_MAX, U32_MAX, digits as _digits, error as _err,
    is_int as _is_int, job_id as _job_id,
)

_UNLIMITED_WORDS = {"unlimited", "infinite", "inf", "-1"}
#: The largest array index Slurm takes (its MaxArraySize is at most 4000001).
ARRAY_INDEX_MAX = 4_000_000

# -- times -------------------------------------------------------------------
_TIME_RE = re.compile(
    r"(?:(?P<d>\d+)-(?P<dh>\d+)(?::(?P<dm>\d+)(?::(?P<ds>\d+))?)?"   # d-hh[:mm[:ss]]
    r"|(?P<a>\d+)(?::(?P<b>\d+)(?::(?P<c>\d+))?)?)", re.ASCII)        # mm | mm:ss | hh:mm:ss


def _time_seconds(m: re.Match[str]) -> int:
    """Seconds of a _TIME_RE match."""
    g = m.groupdict()
    if g["d"] is not None:
        return (int(g["d"]) * 86400 + int(g["dh"]) * 3600
                + int(g["dm"] or 0) * 60 + int(g["ds"] or 0))
    if g["c"] is not None:
        return int(g["a"]) * 3600 + int(g["b"]) * 60 + int(g["c"])
    if g["b"] is not None:
        return int(g["a"]) * 60 + int(g["b"])
    return int(g["a"]) * 60


def parse_minutes(value: Any, option: str = "time_limit") -> float | int:
    """A duration in minutes, from every form Slurm accepts.

    ``int`` (minutes), ``"mm"``, ``"mm:ss"``, ``"hh:mm:ss"``, ``"d-hh"``,
    ``"d-hh:mm"``, ``"d-hh:mm:ss"``, or ``"UNLIMITED"`` (also
    ``"INFINITE"``, ``-1`` and ``math.inf``, returned as ``UNLIMITED``).
    Seconds are rounded up to the next minute, as Slurm does.  At most
    :data:`pyslurm.values.U32_MAX` minutes.

    Examples:
        >>> parse_minutes("1-02:30:00")
        1590
        >>> parse_minutes("5")
        5
    """
    if value is None or isinstance(value, bool):
        raise _err(option, value)
    if _is_int(value):
        if value == -1:
            return UNLIMITED
        if value < 0:
            raise _err(option, value, "negative")
        if value > U32_MAX:
            raise _err(option, value, f"more than {U32_MAX} minutes")
        return value
    if isinstance(value, float):
        if value == math.inf:
            return UNLIMITED
        raise _err(option, value, "use int minutes or a Slurm time string")
    if isinstance(value, _dt.timedelta):
        secs = value.total_seconds()
        if secs < 0:
            raise _err(option, value, "negative")
        minutes = int(math.ceil(secs / 60))
    elif not isinstance(value, str):
        raise _err(option, value)
    else:
        text = value.strip()
        if text.lower() in _UNLIMITED_WORDS:
            return UNLIMITED
        m = _TIME_RE.fullmatch(text)
        if not m:
            raise _err(option, value, "expected mm, mm:ss, hh:mm:ss, d-hh, d-hh:mm, "
                                      "d-hh:mm:ss or UNLIMITED")
        minutes = (_time_seconds(m) + 59) // 60
    if minutes > U32_MAX:
        raise _err(option, value, f"more than {U32_MAX} minutes")
    return minutes


def parse_seconds(value: Any, option: str = "time") -> int:
    """A duration in seconds: an int, a string of digits (seconds, as
    slurm.conf's GraceTime), or a Slurm time string with ``:`` or ``-``
    (``"mm:ss"``, ``"hh:mm:ss"``, ``"d-hh[:mm[:ss]]"``); at most
    :data:`pyslurm.values.U32_MAX` seconds.

    Examples:
        >>> parse_seconds("1:30")
        90
        >>> parse_seconds("120")
        120
    """
    if isinstance(value, str) and _digits(value.strip()) and len(value.strip()) < 12:
        value = int(value.strip())
    if _is_int(value):
        if not 0 <= value <= U32_MAX:
            raise _err(option, value, f"seconds from 0 to {U32_MAX}")
        return int(value)
    if isinstance(value, _dt.timedelta):
        secs = value.total_seconds()
        if not 0 <= secs <= U32_MAX:
            raise _err(option, value, f"seconds from 0 to {U32_MAX}")
        return int(math.ceil(secs))
    if not isinstance(value, str):
        raise _err(option, value, "expected seconds or a Slurm time string")
    m = _TIME_RE.fullmatch(value.strip())
    if not m:
        raise _err(option, value, "expected seconds, mm:ss, hh:mm:ss, d-hh, d-hh:mm "
                                  "or d-hh:mm:ss")
    secs = _time_seconds(m)
    if secs > U32_MAX:
        raise _err(option, value, f"more than {U32_MAX} seconds")
    return secs


# -- memory ------------------------------------------------------------------
_MEM_RE = re.compile(r"(\d+)\s*([KMGT]?)(?:i?B)?", re.IGNORECASE | re.ASCII)
_MEM_FACTORS = {"K": 1 / 1024, "": 1, "M": 1, "G": 1024, "T": 1024 * 1024}


def parse_memory(value: Any, option: str = "memory", hi: int = MEMORY_MAX) -> int:
    """Memory in MiB: an int (MiB), or a string with an optional ``K``,
    ``M``, ``G`` or ``T`` suffix (powers of 1024; ``K`` rounds up); at
    most ``hi`` MiB.

    Examples:
        >>> parse_memory("2G")
        2048
    """
    if _is_int(value):
        mib = value
    elif not isinstance(value, str):
        raise _err(option, value, "expected MiB as int, or a string like '500M' or '2G'")
    else:
        m = _MEM_RE.fullmatch(value.strip())
        if not m:
            raise _err(option, value, "expected MiB as int, or a string like '500M' or '2G'")
        mib = int(math.ceil(int(m.group(1)) * _MEM_FACTORS[m.group(2).upper()]))
    if mib < 0:
        raise _err(option, value, "negative")
    if mib > hi:
        raise _err(option, value, f"more than {hi} MiB")
    return mib


def ranges(numbers: Iterable[int]) -> str:
    """Sorted ints as a range string: ``[0, 1, 2, 5]`` -> ``"0-2,5"``
    (``""`` for none).

    Examples:
        >>> ranges([0, 1, 2, 5])
        '0-2,5'
    """
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ",".join(out)


# -- task distribution, CPU frequency, switches --------------------------------
_DIST_NODE = ("block", "cyclic", "*")
_DIST_INNER = ("block", "cyclic", "fcyclic", "*")


def parse_distribution(value: Any, option: str = "distribution"
                       ) -> tuple[str, int | None, bool | None]:
    """sbatch's ``-m``/``--distribution``: ``(kind, plane_size, pack)``.

    ``kind`` is ``"arbitrary"``, ``"plane"`` or up to three levels joined
    by ``:`` (``"block"``, ``"cyclic:fcyclic"``, ``"block:block:cyclic"``;
    ``*`` keeps a level's default); ``plane_size`` is the N of
    ``plane=N`` (else None); ``pack`` is True for ``,Pack``, False for
    ``,NoPack``, None otherwise.  Names are case-insensitive.

    Examples:
        >>> parse_distribution("plane=4")
        ('plane', 4, None)
        >>> parse_distribution("Block:Cyclic,NoPack")
        ('block:cyclic', None, False)
    """
    if not isinstance(value, str):
        raise _err(option, value, "a string like 'block', 'cyclic:cyclic' or 'plane=4'")
    text = value.strip().lower()
    pack: bool | None = None
    if "," in text:
        text, _, flag = text.partition(",")
        if flag not in ("pack", "nopack"):
            raise _err(option, value, "only ',Pack' or ',NoPack' may follow")
        pack = flag == "pack"
    if text == "arbitrary":
        return "arbitrary", None, pack
    if text.startswith("plane"):
        m = re.fullmatch(r"plane=(\d{1,5})", text, re.ASCII)
        if not m or not 0 < int(m.group(1)) <= U16_MAX:
            raise _err(option, value, f"expected plane=N with N from 1 to {U16_MAX}")
        return "plane", int(m.group(1)), pack
    levels = text.split(":")
    if (not 1 <= len(levels) <= 3 or levels[0] not in _DIST_NODE
            or any(lv not in _DIST_INNER for lv in levels[1:])):
        raise _err(option, value, "expected block|cyclic|arbitrary|plane=N"
                   "[:block|cyclic|fcyclic[:block|cyclic|fcyclic]][,Pack|,NoPack]")
    return ":".join(levels), None, pack


CPU_FREQ_LEVELS = ("low", "medium", "highm1", "high")
CPU_FREQ_GOVERNORS = ("conservative", "ondemand", "performance", "powersave",
                      "userspace", "schedutil")


def _cpu_freq_value(text: str, value: Any, option: str) -> str | int:
    if text in CPU_FREQ_LEVELS:
        return text
    if re.fullmatch(r"\d{1,10}", text, re.ASCII) and 0 < int(text) < 0x80000000:
        return int(text)
    raise _err(option, value, f"{text!r} is not a frequency in kHz or one of "
               "low, medium, highm1, high")


def _cpu_freq_rank(v: str | int) -> int:
    return v if isinstance(v, int) else 0x80000000 + CPU_FREQ_LEVELS.index(v) + 1


def parse_cpu_frequency(value: Any, option: str = "cpu_frequency"
                        ) -> tuple[str | int | None, str | int | None, str | None]:
    """sbatch's ``--cpu-freq=p1[-p2[:p3]]`` as ``(min, max, governor)``.

    A frequency is kHz (int) or ``"low"``, ``"medium"``, ``"highm1"``,
    ``"high"``; a governor is one of :data:`CPU_FREQ_GOVERNORS`.  ``p1``
    alone is the governor when it names one, else the (maximum)
    frequency; ``p1-p2`` is a range; ``:p3`` (only after a range) is the
    governor.  Unset parts are None.

    Examples:
        >>> parse_cpu_frequency("low-high:OnDemand")
        ('low', 'high', 'ondemand')
        >>> parse_cpu_frequency(2400000)
        (None, 2400000, None)
    """
    if _is_int(value):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _err(option, value, "a string like 'high', '2400000' or 'low-high:ondemand'")
    text = value.strip().lower()
    rng, colon, gov = text.partition(":")
    p1, dash, p2 = rng.partition("-")
    if colon and not dash:
        raise _err(option, value, "a governor after ':' needs a range p1-p2")
    if p1 in CPU_FREQ_GOVERNORS:
        if dash or colon:
            raise _err(option, value, "a governor cannot start a range")
        return None, None, p1
    lo = _cpu_freq_value(p1, value, option)
    if not dash:
        return None, lo, None
    hi = _cpu_freq_value(p2, value, option)
    if _cpu_freq_rank(hi) < _cpu_freq_rank(lo):
        raise _err(option, value, "the maximum is below the minimum")
    if colon and gov not in CPU_FREQ_GOVERNORS:
        raise _err(option, value, f"unknown governor {gov!r} (one of "
                   + ", ".join(CPU_FREQ_GOVERNORS) + ")")
    return lo, hi, (gov if colon else None)


def parse_switches(value: Any, option: str = "switches") -> tuple[int, int | None]:
    """sbatch's ``--switches=count[@max-time]`` as ``(count, wait_seconds)``
    (``wait_seconds`` None when not given; the time in Slurm's forms,
    ``"10:00"``, ``"1-0"``, ...).

    Examples:
        >>> parse_switches("2@10:00")
        (2, 600)
        >>> parse_switches(1)
        (1, None)
    """
    if _is_int(value):
        value = str(value)
    if not isinstance(value, str):
        raise _err(option, value, "expected 'count' or 'count@time'")
    count, at, wait = value.strip().partition("@")
    if not re.fullmatch(r"\d{1,9}", count, re.ASCII):
        raise _err(option, value, "expected 'count' or 'count@time'")
    secs: int | None = None
    if at:
        m = _TIME_RE.fullmatch(wait.strip())
        if not m:
            raise _err(option, value, "the time after '@' is not a Slurm time")
        secs = _time_seconds(m)
        if secs > U32_MAX:
            raise _err(option, value, "time too large")
    return int(count), secs


# -- signals -----------------------------------------------------------------
def parse_signal(value: Any, option: str = "signal") -> int:
    """A signal number from ``"SIGUSR1"``, ``"USR1"``, ``"10"`` or ``10``.

    Examples:
        >>> parse_signal("USR1") == parse_signal("SIGUSR1") == 10
        True
    """
    if _is_int(value) or isinstance(value, _signal.Signals):
        num = int(value)
    elif isinstance(value, str):
        text = value.strip().upper()
        if _digits(text):
            num = int(text) if len(text) < 4 else 0
        else:
            if not text.startswith("SIG"):
                text = "SIG" + text
            sig = getattr(_signal.Signals, text, None) if text.isidentifier() else None
            if sig is None:
                raise _err(option, value, "unknown signal name")
            num = int(sig)
    else:
        raise _err(option, value)
    if not 0 < num < 65:
        raise _err(option, value, "signal numbers are 1..64")
    return num


def parse_signal_before_end(value: Any, option: str = "signal"
                            ) -> tuple[int, int, str | None]:
    """sbatch's ``--signal=[{R|B}:]<sig>[@<seconds>]``.

    Returns:
        tuple: ``(signal number, seconds before the end, target)`` where
        target is ``None``, ``"B"`` (batch shell only) or ``"R"``
        (reservation end).  Seconds default to 60, as in sbatch.

    Examples:
        >>> parse_signal_before_end("B:USR1@90")
        (10, 90, 'B')
    """
    target: str | None = None
    if _is_int(value):
        return parse_signal(value, option), 60, None
    if not isinstance(value, str):
        raise _err(option, value)
    text = value.strip()
    m = re.fullmatch(r"(?:([RB]{1,2}):)?([^@]+)(?:@(\d{1,6}))?", text,
                     re.IGNORECASE | re.ASCII)
    if not m:
        raise _err(option, value, "expected [{R|B}:]SIGNAL[@seconds]")
    if m.group(1):
        flags = set(m.group(1).upper())
        target = "".join(sorted(flags))
    secs = int(m.group(3)) if m.group(3) is not None else 60
    if secs > U16_MAX:
        raise _err(option, value, f"seconds too large (at most {U16_MAX})")
    return parse_signal(m.group(2), option), secs, target


# -- nodes, arrays, hostlists ---------------------------------------------------
def parse_node_count(value: Any, option: str = "nodes") -> tuple[int, int | None]:
    """``2``, ``"2"`` or ``"2-4"`` -> ``(min, max)`` (max None when not given).

    Examples:
        >>> parse_node_count("2-4")
        (2, 4)
    """
    if _is_int(value):
        lo, hi = value, None
    elif not isinstance(value, str):
        raise _err(option, value)
    else:
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", value.strip(), re.ASCII)
        if not m:
            raise _err(option, value, "expected N or MIN-MAX")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else None
    if lo < 0:
        raise _err(option, value, "negative")
    if hi is not None and hi < lo:
        raise _err(option, value, "maximum below minimum")
    if max(lo, hi or 0) > U32_MAX:
        raise _err(option, value, f"more than {U32_MAX} nodes")
    return lo, hi


_ARRAY_PART = re.compile(r"(\d+)(?:-(\d+)(?::(\d+))?)?", re.ASCII)


def parse_array(value: Any, option: str = "array") -> str:
    """Validate a job array spec (``"0-15%4"``, ``"1,3,5-7"``, ``"0-20:2"``)
    or build one from a list of ints.  Indices go from 0 to
    :data:`ARRAY_INDEX_MAX`.

    Examples:
        >>> parse_array([1, 2, 5])
        '1,2,5'
    """
    if _is_int(value):
        value = str(value)
    elif isinstance(value, (list, tuple, range, set, frozenset)):
        if not value or not all(_is_int(v) and 0 <= v <= ARRAY_INDEX_MAX for v in value):
            raise _err(option, value, f"a list of ints from 0 to {ARRAY_INDEX_MAX}")
        return ",".join(str(v) for v in sorted(value))
    if not isinstance(value, str):
        raise _err(option, value)
    text = value.strip()
    spec, percent, limit = text.partition("%")
    if percent and not (_digits(limit) and 0 < int(limit) <= U32_MAX):
        raise _err(option, value, f"the %limit must be a number from 1 to {U32_MAX}")
    parts = spec.split(",")
    matches = [m for m in (_ARRAY_PART.fullmatch(p) for p in parts) if m is not None]
    if not spec or len(matches) != len(parts):
        raise _err(option, value, "expected e.g. 0-15, 1,3,5-7, 0-20:2 or 0-15%4")
    for p, m in zip(parts, matches):
        lo, hi, step = m.groups()
        if max(int(lo), int(hi or 0)) > ARRAY_INDEX_MAX:
            raise _err(option, value, f"index above {ARRAY_INDEX_MAX} in {p}")
        if hi is not None and int(hi) < int(lo):
            raise _err(option, value, f"range {p} is reversed")
        if step is not None and not 0 < int(step) <= ARRAY_INDEX_MAX:
            raise _err(option, value, f"step of {p} must be from 1 to {ARRAY_INDEX_MAX}")
    return text


_HOST_RE = re.compile(r"[A-Za-z0-9._\-\[\],]+", re.ASCII)


def parse_hostlist(value: Any, option: str = "nodes") -> str:
    """Node names as Slurm's hostlist string: ``"c[1-2],c4"`` or a list of
    names (joined with commas); the controller expands the ranges.

    Only the characters of node names, brackets and commas are accepted
    here; :class:`pyslurm.JobSubmitDescription` then checks the expression
    with :func:`pyslurm.hostlist.checked` (bounded numbers and expansion,
    no ``ALL``) and sends its canonical form."""
    if isinstance(value, (list, tuple, set, frozenset)):
        if not all(isinstance(v, str) and v for v in value):
            raise _err(option, value, "a list of node names")
        value = ",".join(value)
    if not isinstance(value, str) or not value.strip() or not _HOST_RE.fullmatch(value.strip()):
        raise _err(option, value, "expected a hostlist like 'c[1-2],c4'")
    if value.count("[") != value.count("]"):
        raise _err(option, value, "unbalanced brackets")
    return value.strip()


def split_list(value: Any, option: str) -> list[str]:
    """A comma-separated string or an iterable of strings -> list of str."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise _err(option, value, "a comma-separated string or a list of strings")


# -- dependencies --------------------------------------------------------------
_DEP_TYPES = ("after", "afterany", "afterburstbuffer", "aftercorr",
              "afternotok", "afterok", "singleton")
_DEP_ID = re.compile(r"(\d+)(?:_(\d+))?(?:\+(\d+))?", re.ASCII)


def _dep_id(option: str, value: Any, text: str) -> str:
    """One job reference of a dependency: ``12``, ``12_3``, ``12+5``."""
    m = _DEP_ID.fullmatch(text)
    if not m:
        raise _err(option, value, f"job id {text!r}")
    try:
        _job_id(m.group(1))
    except ValueError as e:
        raise _err(option, value, str(e)) from None
    if m.group(2) is not None and int(m.group(2)) > ARRAY_INDEX_MAX:
        raise _err(option, value, f"array index of {text!r} above {ARRAY_INDEX_MAX}")
    if m.group(3) is not None and int(m.group(3)) > U32_MAX:
        raise _err(option, value, f"minutes of {text!r} above {U32_MAX}")
    return text


def parse_dependencies(value: Any, option: str = "dependencies") -> str:
    """A dependency spec as Slurm's string.

    Accepts sbatch's string (``"afterok:1:2,afterany:3"``; ``?`` instead of
    ``,`` means "any of"), or a dict ``{"afterok": [1, 2], "singleton":
    True, "satisfy": "any"}``.  Ids are ints or strings like ``"12_3"``
    (array task) and ``"12+5"`` (``after``: minutes after start); every id
    must be a valid job id.

    Examples:
        >>> parse_dependencies({"afterok": [1, 2]})
        'afterok:1:2'
    """
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        sep = "?" if "?" in text else ","
        if sep == "?" and "," in text:
            raise _err(option, value, "mix of ',' (all) and '?' (any)")
        out: list[str] = []
        for part in text.split(sep):
            kind, *ids = part.strip().split(":")
            kind = kind.lower()
            if kind not in _DEP_TYPES:
                raise _err(option, value, f"unknown dependency type {kind!r}")
            if kind == "singleton":
                if ids:
                    raise _err(option, value, "singleton takes no job ids")
            elif not ids:
                raise _err(option, value, f"{kind} needs job ids")
            out.append(":".join([kind, *(_dep_id(option, value, i) for i in ids)]))
        return sep.join(out)
    if isinstance(value, Mapping):
        sep = ","
        parts: list[str] = []
        for kind, ids in value.items():
            if not isinstance(kind, str):
                raise _err(option, value, f"key {kind!r}")
            k = kind.lower()
            if k == "satisfy":
                if ids not in ("all", "any"):
                    raise _err(option, value, "satisfy must be 'all' or 'any'")
                sep = "," if ids == "all" else "?"
                continue
            if k not in _DEP_TYPES:
                raise _err(option, value, f"unknown dependency type {kind!r}")
            if k == "singleton":
                if ids:
                    parts.append("singleton")
                continue
            if _is_int(ids) or isinstance(ids, str):
                ids = [ids]
            if not isinstance(ids, (list, tuple, set)) or not ids:
                raise _err(option, value, f"{kind} needs a list of job ids")
            strs: list[str] = []
            for i in ids:
                if not (_is_int(i) or isinstance(i, str)):
                    raise _err(option, value, f"job id {i!r}")
                strs.append(_dep_id(option, value, str(i)))
            parts.append(":".join([k, *strs]))
        return sep.join(parts)
    raise _err(option, value, "a string like 'afterok:1:2' or a dict")


def dependencies_to_dict(text: str | None) -> dict[str, Any]:
    """Slurm's dependency string (as the controller shows it) as a dict:
    ``"afterok:1_*(unfulfilled),singleton"`` ->
    ``{"afterok": ["1_*"], "singleton": True, "satisfy": "all"}``."""
    out: dict[str, Any] = {}
    if not text or text == "(null)":
        return out
    sep = "?" if "?" in text else ","
    for part in text.split(sep):
        part = re.sub(r"\(.*?\)", "", part).strip()
        if not part:
            continue
        kind, *ids = part.split(":")
        if kind == "singleton":
            out["singleton"] = True
            continue
        out.setdefault(kind, []).extend(int(i) if _digits(i) else i for i in ids)
    if out:
        out["satisfy"] = "any" if sep == "?" else "all"
    return out


# -- mail ----------------------------------------------------------------------
MAIL_TYPES = ("BEGIN", "END", "FAIL", "REQUEUE", "TIME_LIMIT", "TIME_LIMIT_90",
              "TIME_LIMIT_80", "TIME_LIMIT_50", "STAGE_OUT", "ARRAY_TASKS", "ALL", "NONE")


def parse_mail_types(value: Any, option: str = "mail_types") -> list[str]:
    """``"BEGIN,END"`` or a list -> list of upper-case sbatch mail type names."""
    names = [v.upper() for v in split_list(value, option)]
    for n in names:
        if n not in MAIL_TYPES:
            raise _err(option, value, f"unknown mail type {n!r}; known: {', '.join(MAIL_TYPES)}")
    return names


# -- begin time ----------------------------------------------------------------
_UNITS = {"": 1, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
          "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
          "h": 3600, "hour": 3600, "hours": 3600,
          "d": 86400, "day": 86400, "days": 86400,
          "w": 604800, "week": 604800, "weeks": 604800}


def _timestamp(option: str, value: Any, t: int) -> int:
    if not 0 <= t <= TIME_MAX:
        raise _err(option, value, f"out of range: a unix time from 0 to {TIME_MAX} "
                                  f"(2106-02-07)")
    return t


def parse_begin_time(value: Any, option: str = "begin_time", now: float | None = None) -> int:
    """A point in time as a unix timestamp (0 to
    :data:`pyslurm.values.TIME_MAX`).

    Accepts an int/float timestamp, a :class:`datetime.datetime` (naive
    means local time), ``"now"``, ``"now+N[units]"`` (units: seconds
    (default), minutes, hours, days, weeks), or an ISO date
    ``"YYYY-MM-DD[THH:MM[:SS]]"``.
    """
    now = now if now is not None else _dt.datetime.now().timestamp()
    if _is_int(value) or isinstance(value, float):
        if isinstance(value, float) and not math.isfinite(value):
            raise _err(option, value)
        return _timestamp(option, value, int(value) if value >= 0 else -1)
    if isinstance(value, _dt.datetime):
        try:
            return _timestamp(option, value, int(value.timestamp()))
        except (ValueError, OverflowError, OSError) as e:
            if isinstance(e, ValueError) and option in str(e):
                raise
            raise _err(option, value) from None
    if not isinstance(value, str):
        raise _err(option, value)
    text = value.strip().lower()
    m = re.fullmatch(r"now(?:\s*\+\s*(\d{1,12})\s*([a-z]*))?", text, re.ASCII)
    if m:
        n = int(m.group(1) or 0)
        unit = _UNITS.get(m.group(2) or "")
        if unit is None:
            raise _err(option, value, f"unknown unit {m.group(2)!r}")
        return _timestamp(option, value, int(now) + n * unit)
    try:
        when = _dt.datetime.fromisoformat(value.strip())
    except (ValueError, OverflowError):
        raise _err(option, value, "expected a timestamp, 'now+N[units]' or "
                                  "YYYY-MM-DD[THH:MM[:SS]]") from None
    return parse_begin_time(when, option)
