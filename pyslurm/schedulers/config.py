"""The ``schedule`` section of a test config: validation, normalisation, defaults.

A harness hands the section over exactly as its YAML gave it: every leaf a
string (native ints and bools are accepted too), nested ``chunking``,
``cluster_info``, ``mpirun_opts`` and ``slurm`` sections. :func:`validate_config`
returns a new, fully populated dict with normalised values and raises
:class:`SchedulerConfigError` naming the full key path (``chunking.size``),
the value and what is allowed.

Normalisation:

* node counts (``nodes``, ``min_nodes``, ``chunking.size``): an ``int``, or a
  ``float`` fraction (``'50%'`` -> ``0.5``, ``'all'`` -> ``1.0``);
* ``tasks_per_node``: an ``int``, or a fraction of the smallest node's CPUs
  (``'all'`` -> ``1.0``, ``'25%'`` -> ``0.25``; ``'min'`` is Pavilion's alias
  for ``1``);
* node lists (``include_nodes``, ``exclude_nodes``, ``across_nodes``): a list
  of host lists (or one host list string) expanded with Slurm's rules
  (:mod:`pyslurm.schedulers.nodelist`), duplicates dropped;
* ``share_allocation``: ``True``, ``False`` or ``'max'``;
* ``slurm.features``: a list of alternatives lists -- ``['a|b', 'c']`` means
  "(a or b) and c"; ``slurm.constraint`` (``'a|b&c'``) is the same thing written
  as one Slurm constraint string;
* ``slurm.up_states`` / ``slurm.avail_states``: upper-cased Slurm node state
  names (any name Slurm uses, e.g. ``MIXED``, ``DYNAMIC_NORM``,
  ``NOT_RESPONDING``); ``None`` means the built-in rules of
  :func:`pyslurm.schedulers.pipeline.node_state_flags`. Each list works on
  its own: ``avail_states`` without ``up_states`` judges availability by the
  list and being up by the built-in rules;
* ``slurm.reserved_states``: state names (default ``['RESERVED']``) that drop
  a node unless the test names a reservation (or ``reservation: any``), as
  in Pavilion; with a reservation they also count as up and available in
  explicit ``up_states`` / ``avail_states`` lists;
* ``tasks``: a total task count (Pavilion's meaning). Without ``nodes`` the
  node count is then left to Slurm: ``nodes`` becomes ``None`` and
  :func:`calc_node_range` gives ``(min_nodes or 1, None)``; without
  ``tasks_per_node``, ``tasks_per_node`` becomes ``None`` (no per-node
  limit is sent; given, it is the most tasks per node, as Slurm reads
  ``--ntasks-per-node`` next to ``--ntasks``);
* ``core_spec``: cores per node kept for the system (``--core-spec``).

A derived key ``flex_scheduled`` is added: True when the scheduler, not the
pipeline, picks the nodes (no chunking and no ``across_nodes``), as in Pavilion.

Defaults (the single source; :data:`DEFAULTS` holds them and a unit test
checks that this table matches it):

| key | default | allowed |
|-----|---------|---------|
| nodes | 1 | int >= 1, 'N%', 'all' (with tasks and no nodes: None, Slurm picks) |
| min_nodes | None | int >= 0, 'N%', 'all' (None/0: same as nodes) |
| tasks | None | int >= 1 (at most MAX_TASKS), the job's total (None: tasks_per_node x nodes) |
| tasks_per_node | 1 | int >= 1, 'N%', 'all', 'min' (with tasks and none given: None) |
| min_tasks_per_node | None | int >= 1 |
| core_spec | None | int 0..32767, cores per node kept for the system |
| partition | None | any string |
| reservation | None | any string; 'any' disables reservation filtering |
| account | None | any string |
| qos | None | any string |
| time_limit | 1 | int >= 1 (hours) |
| node_state | 'up' | 'up', 'available' |
| share_allocation | True | true, false, 'max' |
| wrapper | None | any string |
| include_nodes | [] | host lists |
| exclude_nodes | [] | host lists |
| across_nodes | [] | host lists |
| chunking.size | 0 | int >= 0, 'N%', 'all' (0 and 'all': one chunk of every node) |
| chunking.node_selection | 'contiguous' | 'contiguous', 'distributed', 'random', 'rand_dist' |
| chunking.extra | 'backfill' | 'backfill', 'discard' |
| cluster_info.node_count | None | int >= 1 (None: the 'nodes' variable says 1) |
| cluster_info.mem | None | int >= 1, bytes (None: min_mem says 4 GiB) |
| cluster_info.cpus | None | int >= 1 (None: min_cpus says 1) |
| mpirun_opts.bind_to | None | one of MPIRUN_BIND_OPTS ('core', 'socket', 'numa', ...) |
| mpirun_opts.rank_by | None | same as bind_to |
| mpirun_opts.mca | [] | list of strings |
| mpirun_opts.extra | [] | list of strings |
| slurm.mpi_cmd | 'srun' | 'srun', 'mpirun' |
| slurm.srun_extra | [] | list of strings |
| slurm.sbatch_extra | [] | list of strings |
| slurm.features | [] | list of feature names, alternatives joined with '\\|' |
| slurm.constraint | None | Slurm constraint string 'a\\|b&c' |
| slurm.up_states | None | list of Slurm node state names |
| slurm.avail_states | None | list of Slurm node state names |
| slurm.reserved_states | ['RESERVED'] | list of state names (dropped without a reservation) |

Unlike Pavilion, ``cluster_info.mem`` has no 1000-byte default hiding the
documented 4 GiB fallback of ``min_mem``: the defaults above are the real ones.

Examples:
    >>> cfg = validate_config({'nodes': '50%', 'chunking': {'size': '4'}})
    >>> cfg['nodes'], cfg['chunking']['size'], cfg['flex_scheduled']
    (0.5, 4, False)
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from pyslurm.errors import PyslurmError
from pyslurm.schedulers.nodelist import NodeListError, expand_hostlists

__all__ = [
    "SchedulerConfigError",
    "validate_config",
    "calc_node_range",
    "flat_defaults",
    "DEFAULTS",
    "CONTIGUOUS", "DISTRIBUTED", "RANDOM", "RAND_DIST", "NODE_SELECT_OPTIONS",
    "BACKFILL", "DISCARD", "NODE_EXTRA_OPTIONS",
    "UP", "AVAILABLE", "NODE_STATE_OPTIONS",
    "MPI_CMD_SRUN", "MPI_CMD_MPIRUN", "MPIRUN_BIND_OPTS", "SLURM_NODE_STATE_NAMES",
    "MAX_TASKS", "MAX_CORE_SPEC",
]

CONTIGUOUS, DISTRIBUTED, RANDOM, RAND_DIST = "contiguous", "distributed", "random", "rand_dist"
NODE_SELECT_OPTIONS = (CONTIGUOUS, DISTRIBUTED, RANDOM, RAND_DIST)
BACKFILL, DISCARD = "backfill", "discard"
NODE_EXTRA_OPTIONS = (BACKFILL, DISCARD)
UP, AVAILABLE = "up", "available"
NODE_STATE_OPTIONS = (UP, AVAILABLE)
MPI_CMD_SRUN, MPI_CMD_MPIRUN = "srun", "mpirun"
MPIRUN_BIND_OPTS = ("slot", "hwthread", "core", "L1cache", "L2cache", "L3cache",
                    "socket", "numa", "board", "node")

SLURM_NODE_STATE_NAMES = frozenset({
    # base states
    "UNKNOWN", "DOWN", "IDLE", "ALLOCATED", "ALLOC", "ERROR", "MIXED", "FUTURE", "END",
    # flags and the derived names scontrol/sinfo print
    "NET", "RES", "RESERVED", "UNDRAIN", "CLOUD", "RESUME", "DRAIN", "DRAINED",
    "DRAINING", "COMPLETING", "NOT_RESPONDING", "NO_RESPOND", "POWERED_DOWN",
    "POWER_DOWN", "POWERING_DOWN", "POWER_UP", "POWERING_UP", "POWER_DRAIN", "FAIL",
    "FAILING", "MAINTENANCE", "MAINT", "REBOOT_REQUESTED", "REBOOT_CANCEL",
    "REBOOT_ISSUED", "REBOOT", "DYNAMIC_FUTURE", "DYNAMIC_NORM", "DYNAMIC_NORMAL",
    "PLANNED", "INVALID_REG", "BLOCKED", "PERFCTRS", "BOOT", "INVAL", "EXTERNAL",
})
"""Every node state and state-flag name Slurm prints (scontrol, sinfo, the API)."""

MAX_TASKS = 0xFFFFFFFD
"""Largest ``tasks`` (``pyslurm.values.U32_MAX``: Slurm's 32-bit count below
its ``INFINITE``/``NO_VAL`` markers)."""
MAX_CORE_SPEC = 0x7FFF
"""Largest ``core_spec``: Slurm keeps it in 15 bits (the 16th marks a thread count)."""

_UNSET = object()


class SchedulerConfigError(PyslurmError, ValueError):
    """A ``schedule`` config value is invalid.

    Attributes:
        key: Full key path, e.g. ``"chunking.size"``.
        value: The offending value as given.
        allowed: What the key accepts.
    """

    def __init__(self, key: str, value: Any, allowed: str, detail: str = ""):
        self.key, self.value, self.allowed = key, value, allowed
        msg = f"invalid value for schedule key '{key}': {value!r}; allowed: {allowed}"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)


class _Bad(Exception):
    """Raised by parsers; turned into SchedulerConfigError with the key path."""

    def __init__(self, detail: str = ""):
        super().__init__(detail)
        self.detail = detail


def _text(value: Any) -> str:
    if isinstance(value, bool):
        raise _Bad("expected text, got a boolean")
    if not isinstance(value, (str, int, float)):
        raise _Bad(f"expected a single value, got {type(value).__name__}")
    return str(value).strip()


def _int_min(min_val: int, max_val: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        text = _text(value)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _Bad("not an integer")
        num = int(text)
        if num < min_val:
            raise _Bad(f"must be >= {min_val}")
        if max_val is not None and num > max_val:
            raise _Bad(f"must be <= {max_val}")
        return num
    return parse


def _count_or_fraction(min_int: int) -> Callable[[Any], int | float]:
    def parse(value: Any) -> int | float:
        if isinstance(value, float):
            if 0 < value <= 1:
                return value
            raise _Bad("a fraction must be in (0, 1]")
        text = _text(value)
        if text.lower() == "all":
            return 1.0
        if text.endswith("%"):
            try:
                pct = float(text[:-1])
            except ValueError:
                raise _Bad(f"{text[:-1]!r} is not a number") from None
            if not 0 < pct <= 100 or math.isnan(pct):
                raise _Bad("a percentage must be in (0, 100]")
            return pct / 100.0
        return _int_min(min_int)(text)
    return parse


def _tasks_per_node(value: Any) -> int | float:
    if isinstance(value, str) and value.strip().lower() == "min":
        return 1
    return _count_or_fraction(1)(value)


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    lookup = {opt.lower(): opt for opt in options}

    def parse(value: Any) -> str:
        text = _text(value)
        if text.lower() not in lookup:
            raise _Bad()
        return lookup[text.lower()]
    return parse


def _opt_str(value: Any) -> str | None:
    text = _text(value)
    return text or None


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if not isinstance(value, (list, tuple)):
        raise _Bad(f"expected a list of strings, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise _Bad(f"item {i} ({item!r}) is not a string")
        out.append(str(item))
    return out


def _node_lists(value: Any) -> list[str]:
    items = _str_list(value)
    try:
        return expand_hostlists(items)
    except NodeListError as err:
        raise _Bad(str(err)) from None


def _share(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0"):
        return False
    if text == "max":
        return "max"
    raise _Bad()


_FEATURE_RE = re.compile(r"^[A-Za-z0-9_.=+:-]+$")


def _features(value: Any) -> list[list[str]]:
    out: list[list[str]] = []
    for item in _str_list(value):
        alts = [alt.strip() for alt in item.split("|") if alt.strip()]
        for alt in alts:
            if not _FEATURE_RE.match(alt):
                raise _Bad(f"feature {alt!r} may only contain letters, digits and '_.=+:-'")
        if alts:
            out.append(alts)
    return out


def _constraint(value: Any) -> list[list[str]] | None:
    text = _text(value)
    if not text:
        return None
    return _features(text.split("&"))


def _states(value: Any) -> list[str] | None:
    out = []
    for item in _str_list(value):
        name = item.strip().upper().rstrip("*~#%!$@^-")
        if name not in SLURM_NODE_STATE_NAMES:
            raise _Bad(f"{item!r} is not a Slurm node state name")
        out.append(name)
    return out


@dataclass(frozen=True)
class _Field:
    default: Any
    parse: Callable[[Any], Any]
    allowed: str


_NODE_COUNT = "int >= 1, 'N%', 'all'"
_SPEC: dict[str, Any] = {
    "nodes": _Field(1, _count_or_fraction(1), _NODE_COUNT),
    "min_nodes": _Field(None, _count_or_fraction(0), "int >= 0, 'N%', 'all'"),
    "tasks": _Field(None, _int_min(1, MAX_TASKS), f"int 1..{MAX_TASKS}"),
    "tasks_per_node": _Field(1, _tasks_per_node, "int >= 1, 'N%', 'all', 'min'"),
    "min_tasks_per_node": _Field(None, _int_min(1), "int >= 1"),
    "core_spec": _Field(None, _int_min(0, MAX_CORE_SPEC), f"int 0..{MAX_CORE_SPEC}"),
    "partition": _Field(None, _opt_str, "any string"),
    "reservation": _Field(None, _opt_str, "any string"),
    "account": _Field(None, _opt_str, "any string"),
    "qos": _Field(None, _opt_str, "any string"),
    "time_limit": _Field(1, _int_min(1), "int >= 1 (hours)"),
    "node_state": _Field(UP, _choice(NODE_STATE_OPTIONS), "'up', 'available'"),
    "share_allocation": _Field(True, _share, "true, false, 'max'"),
    "wrapper": _Field(None, _opt_str, "any string"),
    "include_nodes": _Field([], _node_lists, "a host list or a list of host lists"),
    "exclude_nodes": _Field([], _node_lists, "a host list or a list of host lists"),
    "across_nodes": _Field([], _node_lists, "a host list or a list of host lists"),
    "chunking": {
        "size": _Field(0, _count_or_fraction(0), "int >= 0, 'N%', 'all'"),
        "node_selection": _Field(CONTIGUOUS, _choice(NODE_SELECT_OPTIONS),
                                 ", ".join(repr(o) for o in NODE_SELECT_OPTIONS)),
        "extra": _Field(BACKFILL, _choice(NODE_EXTRA_OPTIONS),
                        ", ".join(repr(o) for o in NODE_EXTRA_OPTIONS)),
    },
    "cluster_info": {
        "node_count": _Field(None, _int_min(1), "int >= 1"),
        "mem": _Field(None, _int_min(1), "int >= 1 (bytes)"),
        "cpus": _Field(None, _int_min(1), "int >= 1"),
    },
    "mpirun_opts": {
        "bind_to": _Field(None, _choice(MPIRUN_BIND_OPTS), ", ".join(MPIRUN_BIND_OPTS)),
        "rank_by": _Field(None, _choice(MPIRUN_BIND_OPTS), ", ".join(MPIRUN_BIND_OPTS)),
        "mca": _Field([], _str_list, "list of strings"),
        "extra": _Field([], _str_list, "list of strings"),
    },
    "slurm": {
        "mpi_cmd": _Field(MPI_CMD_SRUN, _choice((MPI_CMD_SRUN, MPI_CMD_MPIRUN)),
                          "'srun', 'mpirun'"),
        "srun_extra": _Field([], _str_list, "list of strings"),
        "sbatch_extra": _Field([], _str_list, "list of strings"),
        "features": _Field([], _features, "list of feature names, alternatives joined by '|'"),
        "constraint": _Field(None, _constraint, "Slurm constraint string 'a|b&c'"),
        "up_states": _Field(None, _states, "list of Slurm node state names"),
        "avail_states": _Field(None, _states, "list of Slurm node state names"),
        "reserved_states": _Field(["RESERVED"], _states, "list of Slurm node state names"),
    },
}


def _defaults(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (_defaults(v) if isinstance(v, dict) else copy.deepcopy(v.default))
            for k, v in spec.items()}


DEFAULTS: dict[str, Any] = _defaults(_SPEC)
"""The normalised default of every key (nested dicts for sections)."""


def _validate(raw: Any, spec: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise SchedulerConfigError(prefix.rstrip(".") or "schedule", raw, "a mapping of keys")
    unknown = [k for k in raw if k not in spec]
    if unknown:
        key = unknown[0]
        raise SchedulerConfigError(f"{prefix}{key}", raw[key],
                                   "known keys are " + ", ".join(sorted(spec)),
                                   "unknown key")
    out: dict[str, Any] = {}
    for key, field in spec.items():
        path = f"{prefix}{key}"
        value = raw.get(key, _UNSET)
        if isinstance(field, dict):
            out[key] = _validate(None if value is _UNSET else value, field, path + ".")
            continue
        if value is _UNSET or value is None or value == [] or value == "":
            out[key] = copy.deepcopy(field.default)
            continue
        try:
            out[key] = field.parse(value)
        except _Bad as bad:
            raise SchedulerConfigError(path, value, field.allowed, bad.detail) from None
    return out


def validate_config(raw: Mapping[str, Any] | None,
                    sections: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Validate and normalise a raw ``schedule`` section.

    Args:
        raw: The section as the harness's YAML gave it (strings, nested dicts).
            ``None`` gives all defaults. Keys not listed in the defaults table
            are rejected (typos would otherwise pass silently).
        sections: Extra plugin sections, ``{name: {key: (default, parser, allowed)}}``;
            a parser takes the raw value and returns the normalised one or
            raises ``ValueError``.

    Returns:
        A new dict holding every key, normalised, plus ``flex_scheduled``.

    Raises:
        SchedulerConfigError: A value is invalid, or a key is unknown; the error
            names the full key path, the value and what is allowed.

    Examples:
        >>> validate_config({'tasks_per_node': 'all'})['tasks_per_node']
        1.0
    """
    spec = dict(_SPEC)
    for name, fields in (sections or {}).items():
        if name in spec:
            raise ValueError(f"plugin section {name!r} clashes with a built-in key")
        spec[name] = {k: _Field(d, _wrap_plugin_parser(p), a) for k, (d, p, a) in fields.items()}
    cfg = _validate(raw, spec, "")
    if cfg["slurm"]["constraint"] is not None:
        if cfg["slurm"]["features"]:
            assert raw is not None   # a constraint can only come from raw (default None)
            raise SchedulerConfigError("slurm.constraint", raw["slurm"]["constraint"],
                                       "either slurm.features or slurm.constraint, not both")
        cfg["slurm"]["features"] = cfg["slurm"]["constraint"]
    if cfg["tasks"] is not None:
        # a total task count: Slurm places the tasks, on as many nodes as it
        # needs unless 'nodes' says; tasks_per_node only when asked for
        if not _given(raw, "nodes"):
            cfg["nodes"] = None
        if not _given(raw, "tasks_per_node"):
            cfg["tasks_per_node"] = None
    cfg["flex_scheduled"] = cfg["chunking"]["size"] in (0, None) and not cfg["across_nodes"]
    return cfg


def _given(raw: Mapping[str, Any] | None, key: str) -> bool:
    """``raw`` sets ``key`` (what :func:`_validate` would not replace by the default)."""
    value = (raw or {}).get(key)
    return not (value is None or value == [] or value == "")


def _wrap_plugin_parser(parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        try:
            return parser(value)
        except ValueError as err:
            raise _Bad(str(err)) from None
    return parse


def calc_node_range(sched_config: Mapping[str, Any],
                    node_count: int) -> tuple[int, int | None]:
    """Compute the (min, max) node counts of a job, as Pavilion does.

    Fractions round *up* with a floor of one node (``max(ceil(f * count), 1)``);
    an unset or zero ``min_nodes`` means "same as ``nodes``". Integers are
    taken as written, even if larger than ``node_count`` (callers report that).
    A job defined by ``tasks`` alone has no maximum: Slurm picks the node
    count (``max`` is ``None``, ``min`` is ``min_nodes`` or 1).
    This matches Pavilion's ``calc_node_range``.

    Args:
        sched_config: A validated config (needs ``nodes`` and ``min_nodes``;
            ``tasks`` is read if present).
        node_count: Nodes available (after filtering / in the chunk).

    Returns:
        ``(min_nodes, max_nodes)``; ``max_nodes`` is None only when
        ``tasks`` is set and ``nodes`` is not.

    Examples:
        >>> calc_node_range({'nodes': 0.5, 'min_nodes': None}, 5)
        (3, 3)
        >>> calc_node_range({'nodes': None, 'min_nodes': 2, 'tasks': 16}, 5)
        (2, None)
    """
    nodes = sched_config.get("nodes")
    min_nodes = sched_config.get("min_nodes")
    if nodes is None and sched_config.get("tasks") is None:
        nodes = 1
    if isinstance(nodes, float):
        nodes = max(math.ceil(nodes * node_count), 1)
    if min_nodes in (None, 0):
        min_nodes = nodes
    elif isinstance(min_nodes, float):
        min_nodes = max(math.ceil(min_nodes * node_count), 1)
    if min_nodes is None:
        min_nodes = 1
    return int(min_nodes), (None if nodes is None else int(nodes))


def flat_defaults() -> dict[str, Any]:
    """Every default keyed by its full path (``'chunking.size'``).

    Returns:
        ``{key_path: default}``, in the order of the defaults table.
    """
    out: dict[str, Any] = {}

    def walk(values: Mapping[str, Any], prefix: str) -> None:
        for key, value in values.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                out[f"{prefix}{key}"] = value
    walk(DEFAULTS, "")
    return out
