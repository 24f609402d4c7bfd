"""Checked values of accounting administration: the fields of QOS,
associations, accounts and users, their names in ``sacctmgr``'s spelling,
and the checks every value passes before any request reaches slurmdbd.

Pure Python (no compiled module): ``pyslurm.db.qos``, ``.assoc``,
``.account`` and ``.user`` check what they are given here; the unit tests
test it without a cluster.

Field names are ``sacctmgr``'s, in snake case (``MaxTRESPerUser`` is
``max_tres_per_user``); the names upstream pyslurm gives association
limits (``group_tres``, ``max_wall_time_per_job``, ...) are the
attributes of :class:`pyslurm.db.Association`.  Any field may also be
given as ``sacctmgr`` spells it (``MaxWall``, ``GrpTRES``, ``Fairshare``,
``DefaultAccount``; case, ``_`` and ``-`` do not matter): see
:func:`canonical`.

Examples:
    >>> check(QOS_FIELDS, {"MaxWall": "1-00:00:00", "GrpTRES": "cpu=8"}, "QOS")
    {'max_wall': 1440, 'grp_tres': {'cpu': 8}}
    >>> check(QOS_FIELDS, {"max_jobs_per_user": -5}, "QOS")
    Traceback (most recent call last):
    ...
    ValueError: invalid value for max_jobs_per_user: -5 (negative; -1 or pyslurm.UNLIMITED \
clears the limit)
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Mapping

from pyslurm.constants import UNLIMITED
from pyslurm.job_values import parse_memory, parse_minutes, parse_seconds
from pyslurm.values import U32_MAX, U64_MAX, error, is_int, text

# value kinds
COUNT = "count"          # a uint32 limit: int >= 0; -1 / UNLIMITED clear it
MINUTES = "minutes"      # a duration in minutes (Slurm time strings too)
SECONDS = "seconds"      # a duration in seconds
TRES = "tres"            # {"cpu": 4, "mem": "2G", "gres/gpu": 1} or "cpu=4,mem=2G"
TRES_MINUTES = "tres_minutes"   # the same, counts of TRES-minutes
FACTOR = "factor"        # a float >= 0
TEXT = "text"            # one line of text
NAME = "name"            # one name (no ',' '=' or blanks)
NAMES = "names"          # a list of names (or a comma-separated str)
PREEMPT_MODE = "preempt_mode"
FLAGS = "flags"          # QOS flag names (checked against the build's table)
ADMIN_LEVEL = "admin_level"

#: QOS: {field: kind}.  Names are sacctmgr's ("MaxTRESPerUser" ->
#: max_tres_per_user).
QOS_FIELDS: dict[str, str] = {
    "name": NAME,
    "description": TEXT,
    "priority": COUNT,
    "flags": FLAGS,
    "grace_time": SECONDS,
    "grp_jobs": COUNT,
    "grp_jobs_accrue": COUNT,
    "grp_submit_jobs": COUNT,
    "grp_tres": TRES,
    "grp_tres_mins": TRES_MINUTES,
    "grp_tres_run_mins": TRES_MINUTES,
    "grp_wall": MINUTES,
    "limit_factor": FACTOR,
    "max_jobs_per_account": COUNT,
    "max_jobs_per_user": COUNT,
    "max_jobs_accrue_per_account": COUNT,
    "max_jobs_accrue_per_user": COUNT,
    "max_submit_jobs_per_account": COUNT,
    "max_submit_jobs_per_user": COUNT,
    "max_tres_mins_per_job": TRES_MINUTES,
    "max_tres_per_account": TRES,
    "max_tres_per_job": TRES,
    "max_tres_per_node": TRES,
    "max_tres_per_user": TRES,
    "max_tres_run_mins_per_account": TRES_MINUTES,
    "max_tres_run_mins_per_user": TRES_MINUTES,
    "max_wall": MINUTES,
    "min_priority_threshold": COUNT,
    "min_tres_per_job": TRES,
    "preempt": NAMES,
    "preempt_mode": PREEMPT_MODE,
    "preempt_exempt_time": SECONDS,
    "usage_factor": FACTOR,
    "usage_threshold": FACTOR,
}

#: Association limits and settings: {field: kind}, under upstream
#: pyslurm's attribute names.
ASSOC_LIMITS: dict[str, str] = {
    "shares": COUNT,
    "priority": COUNT,
    "default_qos": NAME,
    "qos": NAMES,
    "group_jobs": COUNT,
    "group_jobs_accrue": COUNT,
    "group_submit_jobs": COUNT,
    "group_tres": TRES,
    "group_tres_mins": TRES_MINUTES,
    "group_tres_run_mins": TRES_MINUTES,
    "group_wall_time": MINUTES,
    "max_jobs": COUNT,
    "max_jobs_accrue": COUNT,
    "max_submit_jobs": COUNT,
    "max_tres_mins_per_job": TRES_MINUTES,
    "max_tres_run_mins_per_user": TRES_MINUTES,
    "max_tres_per_job": TRES,
    "max_tres_per_node": TRES,
    "max_wall_time_per_job": MINUTES,
    "min_priority_threshold": COUNT,
}
#: What identifies an association.
ASSOC_KEYS: dict[str, str] = {
    "account": NAME, "user": NAME, "cluster": NAME, "partition": NAME,
    "parent_account": NAME,
}
ASSOC_FIELDS: dict[str, str] = {**ASSOC_KEYS, **ASSOC_LIMITS}

#: Accounts: their own fields, the clusters of their associations, and
#: the limits of those associations.
ACCOUNT_FIELDS: dict[str, str] = {
    "name": NAME, "description": TEXT, "organization": TEXT,
    "parent_account": NAME, "clusters": NAMES, **ASSOC_LIMITS,
}

#: Users: their own fields and the accounts (and clusters) of their
#: associations.
USER_FIELDS: dict[str, str] = {
    "name": NAME, "default_account": NAME, "admin_level": ADMIN_LEVEL,
    "accounts": NAMES, "clusters": NAMES, "partition": NAME, **ASSOC_LIMITS,
}

#: sacctmgr's spellings (and upstream pyslurm's) -> the field, for the
#: names that are not simply the field without its ``_``.  Keys are
#: lower case without ``_`` and ``-``.
ALIASES: dict[str, str] = {
    # QOS (sacctmgr's short forms)
    "maxjobspu": "max_jobs_per_user", "maxjobspa": "max_jobs_per_account",
    "maxjobsaccruepu": "max_jobs_accrue_per_user",
    "maxjobsaccruepa": "max_jobs_accrue_per_account",
    "maxsubmitjobspu": "max_submit_jobs_per_user",
    "maxsubmitjobspa": "max_submit_jobs_per_account",
    "maxsubmitpu": "max_submit_jobs_per_user", "maxsubmitpa": "max_submit_jobs_per_account",
    "maxtrespu": "max_tres_per_user", "maxtrespa": "max_tres_per_account",
    "maxtrespj": "max_tres_per_job", "maxtrespn": "max_tres_per_node",
    "maxtresminspj": "max_tres_mins_per_job",
    "maxtresrunminspu": "max_tres_run_mins_per_user",
    "maxtresrunminspa": "max_tres_run_mins_per_account",
    "maxwalldurationperjob": "max_wall", "maxwallpj": "max_wall",
    "minprioritythreshold": "min_priority_threshold",
    "minpriothreshold": "min_priority_threshold", "minpriothresh": "min_priority_threshold",
    "mintres": "min_tres_per_job", "mintrespj": "min_tres_per_job",
    "preemptexempttime": "preempt_exempt_time",
    "maxtres": "max_tres_per_job", "maxtresmins": "max_tres_mins_per_job",
}
#: Association spellings (sacctmgr's Grp*/Max*, Fairshare, DefaultQOS).
ASSOC_ALIASES: dict[str, str] = {
    "fairshare": "shares", "share": "shares",
    "defaultqos": "default_qos", "defqos": "default_qos",
    "grpjobs": "group_jobs", "grpjobsaccrue": "group_jobs_accrue",
    "grpsubmitjobs": "group_submit_jobs", "grpsubmit": "group_submit_jobs",
    "grptres": "group_tres", "grptresmins": "group_tres_mins",
    "grptresrunmins": "group_tres_run_mins", "grpwall": "group_wall_time",
    "maxjobs": "max_jobs", "maxjobsaccrue": "max_jobs_accrue",
    "maxsubmitjobs": "max_submit_jobs", "maxsubmit": "max_submit_jobs",
    "maxtres": "max_tres_per_job", "maxtrespj": "max_tres_per_job",
    "maxtresperjob": "max_tres_per_job", "maxtrespn": "max_tres_per_node",
    "maxtrespernode": "max_tres_per_node", "maxtresmins": "max_tres_mins_per_job",
    "maxtresminspj": "max_tres_mins_per_job", "maxtresminsperjob": "max_tres_mins_per_job",
    "maxtresrunmins": "max_tres_run_mins_per_user",
    "maxwall": "max_wall_time_per_job", "maxwalldurationperjob": "max_wall_time_per_job",
    "maxwallpj": "max_wall_time_per_job",
    "minpriothresh": "min_priority_threshold", "minpriothreshold": "min_priority_threshold",
    "parent": "parent_account", "parentname": "parent_account", "acct": "account",
    "defaultaccount": "default_account", "defaultacct": "default_account",
    "defacct": "default_account", "adminlevel": "admin_level", "admin": "admin_level",
    "account": "account", "accounts": "accounts", "cluster": "cluster",
    "clusters": "clusters",
}


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def canonical(key: Any, fields: Mapping[str, str], entity: str) -> str:
    """The field ``key`` names for ``entity`` (``fields``: its table), in
    any of its spellings.

    Raises:
        ValueError: no such field.

    Examples:
        >>> canonical("MaxTRESPerUser", QOS_FIELDS, "QOS")
        'max_tres_per_user'
        >>> canonical("Fairshare", ASSOC_FIELDS, "Association")
        'shares'
    """
    if not isinstance(key, str):
        raise ValueError(f"{entity}: invalid field name {key!r}")
    if key in fields:
        return key
    n = _norm(key)
    own = {k.replace("_", ""): k for k in fields}
    for table in (own, ALIASES if fields is QOS_FIELDS else ASSOC_ALIASES):
        found = table.get(n)
        if found is not None and found in fields:
            return found
    raise ValueError(f"{entity}: unknown field {key!r} (fields: {', '.join(sorted(fields))})")


# -- single values ------------------------------------------------------------------
_UNLIMITED_WORDS = {"unlimited", "infinite", "inf", "-1"}


def _clears(value: Any) -> bool:
    """-1, pyslurm.UNLIMITED, "UNLIMITED": no limit (sacctmgr's -1)."""
    if isinstance(value, str):
        return value.strip().lower() in _UNLIMITED_WORDS
    if isinstance(value, float):
        return value == math.inf
    return is_int(value) and value == -1


def count(field: str, value: Any, hi: int = U32_MAX) -> int | float:
    """A limit: an int from 0 to ``hi`` (or a string of digits); -1,
    ``pyslurm.UNLIMITED`` or ``"UNLIMITED"`` mean no limit (UNLIMITED)."""
    if _clears(value):
        return UNLIMITED
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip())
    if not is_int(value):
        raise error(field, value, "expected an int >= 0, or -1 / pyslurm.UNLIMITED "
                                  "for no limit")
    if value < 0:
        raise error(field, value, "negative; -1 or pyslurm.UNLIMITED clears the limit")
    if value > hi:
        raise error(field, value, f"more than {hi}")
    return value


def factor(field: str, value: Any) -> float:
    """A float >= 0 (usage factor, usage threshold, limit factor)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise error(field, value, "expected a number >= 0") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise error(field, value, "expected a number >= 0")
    if not math.isfinite(value) or value < 0:
        raise error(field, value, "expected a finite number >= 0")
    return float(value)


_NAME_BAD = set(",= \t\n\r\0'\"")


def _name(field: str, value: Any) -> str:
    """One accounting name: one line of text, not empty, without ``,``,
    ``=``, blanks or quotes (``default`` and ``all`` are names here)."""
    text(field, value)
    if not value or any(c in _NAME_BAD for c in value):
        raise error(field, value, "a non-empty name without ',', '=', blanks or quotes")
    return str(value)


def names(field: str, value: Any, lower: bool = False) -> list[str]:
    """A list of names, or one comma-separated str of them."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")] if value.strip() else []
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise error(field, value, "expected a list of names or a comma-separated str")
    out = []
    for v in items:
        v = _name(field, v)
        out.append(v.lower() if lower else v)
    return out


def one_name(field: str, value: Any, lower: bool = False) -> str:
    """One name: non-empty, no ``,``, ``=``, blanks or quotes.  Account and
    QOS names are stored in lower case, as sacctmgr stores them."""
    v = _name(field, value)
    return v.lower() if lower else v


_TRES_TYPES = {"cpu", "mem", "energy", "node", "billing", "vmem", "pages"}
_TRES_NAMED = {"gres", "license", "bb", "fs", "ic"}
_TRES_NAME = re.compile(r"[A-Za-z0-9_.:-]+", re.ASCII)


def tres_name(field: str, key: Any) -> str:
    """A TRES name as Slurm writes it: ``cpu``, ``mem``, ``node``,
    ``billing``, ``energy``, ``vmem``, ``pages``, or ``TYPE/NAME`` for
    ``gres``, ``license``, ``bb``, ``fs``, ``ic`` (``gres/gpu``,
    ``gres/gpu:a100``, ``license/matlab``, ``fs/disk``)."""
    if not isinstance(key, str):
        raise error(field, key, "a TRES name must be a str")
    k = key.strip().lower() if "/" not in key else key.strip()
    typ, slash, rest = k.partition("/")
    typ = typ.lower()
    if not slash and typ in _TRES_TYPES:
        return typ
    if slash and typ in _TRES_NAMED and _TRES_NAME.fullmatch(rest):
        return f"{typ}/{rest}"
    if not slash and typ in ("gpu",):
        return "gres/gpu"
    raise error(field, key, "unknown TRES name; expected cpu, mem, node, billing, energy, "
                            "vmem, pages or gres/NAME, license/NAME, bb/NAME, fs/NAME")


def tres(field: str, value: Any, minutes: bool = False) -> dict[str, int | float]:
    """TRES limits: a dict ``{"cpu": 8, "mem": "16G", "gres/gpu": 2}`` or a
    str ``"cpu=8,mem=16G,gres/gpu=2"``, as ``{name: count}`` (memory in
    MiB; a count -1 or UNLIMITED clears that TRES's limit).  With
    ``minutes`` the counts are TRES-minutes (no memory suffix)."""
    if isinstance(value, str):
        pairs = {}
        for item in value.split(","):
            if not item.strip():
                continue
            k, eq, v = item.partition("=")
            if not eq:
                raise error(field, value, f"{item!r} is not NAME=COUNT")
            pairs[k.strip()] = v.strip()
    elif isinstance(value, Mapping):
        pairs = dict(value)
    else:
        raise error(field, value, "expected a dict {tres: count} or 'cpu=4,mem=2G'")
    if not pairs:
        raise error(field, value, "no TRES given")
    out: dict[str, int | float] = {}
    for k, v in pairs.items():
        key = tres_name(field, k)
        if _clears(v):
            out[key] = UNLIMITED
        elif key == "mem" and not minutes:
            try:
                out[key] = parse_memory(v, field)
            except ValueError:
                raise error(field, value, f"invalid memory {v!r} for mem") from None
        else:
            try:
                out[key] = count(field, v, U64_MAX)
            except ValueError:
                raise error(field, value, f"invalid count {v!r} for {key} "
                                          f"(an int >= 0, or -1 to clear)") from None
    return out


#: Preemption modes a QOS takes (``CLUSTER``: the cluster's PreemptMode).
PREEMPT_MODES = ("CLUSTER", "OFF", "CANCEL", "REQUEUE", "SUSPEND")


def preempt_mode(field: str, value: Any) -> str:
    if isinstance(value, str) and value.strip().upper() in PREEMPT_MODES:
        return value.strip().upper()
    raise error(field, value, f"expected one of {', '.join(PREEMPT_MODES)}")


#: Administrator levels as sacctmgr spells them; other spellings it takes.
ADMIN_LEVELS = ("None", "Operator", "Administrator")
_ADMIN_ALIASES = {"none": "None", "operator": "Operator", "oper": "Operator",
                  "administrator": "Administrator", "admin": "Administrator"}


def admin_level(field: str, value: Any) -> str:
    if isinstance(value, str):
        found = _ADMIN_ALIASES.get(value.strip().lower())
        if found:
            return found
    raise error(field, value, f"unknown admin level; expected one of "
                              f"{', '.join(ADMIN_LEVELS)}")


def flags(field: str, value: Any, known: Iterable[str]) -> list[str]:
    """QOS flag names (any case) as sacctmgr spells them; ``known``: the
    names this build's Slurm has."""
    table = {k.lower(): k for k in known}
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise error(field, value, "expected a list of flag names or a comma-separated str")
    out = []
    for v in items:
        found = table.get(v.lower()) if isinstance(v, str) else None
        if found is None:
            raise error(field, v, f"unknown QOS flag; expected any of {', '.join(sorted(table))}")
        out.append(found)
    return out


# -- whole requests --------------------------------------------------------------
_LOWER = {"name", "account", "parent_account", "default_account", "default_qos"}


def check_one(field: str, kind: str, value: Any, qos_flags: Iterable[str] = (),
              lower_names: bool = True) -> Any:
    """``value`` of ``field`` (of ``kind``) checked and converted."""
    if kind == COUNT:
        return count(field, value)
    if kind == MINUTES:
        if _clears(value):
            return UNLIMITED
        if is_int(value) and value < 0:
            raise error(field, value, "negative; -1 or pyslurm.UNLIMITED clears the limit")
        return parse_minutes(value, field)
    if kind == SECONDS:
        if is_int(value) and value < 0:
            raise error(field, value, "negative")
        return parse_seconds(value, field)
    if kind == TRES:
        return tres(field, value)
    if kind == TRES_MINUTES:
        return tres(field, value, minutes=True)
    if kind == FACTOR:
        return factor(field, value)
    if kind == TEXT:
        v = text(field, value)
        if "'" in v or '"' in v:
            raise error(field, value, "quotes in text")
        return v
    if kind == NAME:
        return one_name(field, value, lower_names and field in _LOWER)
    if kind == NAMES:
        return names(field, value, lower=field in ("qos", "preempt", "accounts"))
    if kind == PREEMPT_MODE:
        return preempt_mode(field, value)
    if kind == FLAGS:
        return flags(field, value, qos_flags)
    if kind == ADMIN_LEVEL:
        return admin_level(field, value)
    raise AssertionError(kind)      # pragma: no cover - the tables name known kinds


def check(fields: Mapping[str, str], values: Mapping[str, Any], entity: str,
          qos_flags: Iterable[str] = (), user_name: bool = False) -> dict[str, Any]:
    """``values`` (any spelling of the field names) checked: ``{field:
    value}`` under the canonical names.  ``user_name``: ``name`` is a user
    name (its case is kept; account and QOS names are lower-cased, as
    sacctmgr stores them).

    Raises:
        ValueError: an unknown field, a field given twice (in two
            spellings), or an invalid value; the message names both.
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        field = canonical(key, fields, entity)
        if field in out:
            raise ValueError(f"{entity}: field {field!r} given twice (as {key!r} too)")
        if field == "name" and user_name:
            out[field] = one_name("name", value)
        else:
            out[field] = check_one(field, fields[field], value, qos_flags)
    return out


__all__ = ["QOS_FIELDS", "ASSOC_FIELDS", "ASSOC_LIMITS", "ASSOC_KEYS", "ACCOUNT_FIELDS",
           "USER_FIELDS", "ALIASES", "ASSOC_ALIASES", "PREEMPT_MODES", "ADMIN_LEVELS",
           "canonical", "check", "check_one", "count", "factor", "names", "one_name",
           "tres", "tres_name", "preempt_mode", "admin_level", "flags"]
