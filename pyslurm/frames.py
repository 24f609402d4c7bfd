"""pandas DataFrames of pyslurm collections, with real dtypes.

``to_pandas()`` of every collection (``pyslurm.Jobs``, ``Nodes``,
``Partitions``, ``Reservations``, ``JobSteps``, ``pyslurm.db.Jobs``,
``JobSteps``, ``QualitiesOfService``, ``Associations``, ``Accounts``,
``Users``) and :func:`load_frame` (``Jobs.load_frame()``,
``Nodes.load_frame()``..., ``pyslurm.db.Jobs.load_frame()``) come here.
:func:`load_frame` reads the rows with ``load_fields``: no object is made
per job, so a 10,000-job frame costs one RPC, one pass over the records
and the frame itself.

Column dtypes (the same whichever way the frame is built):

* points in time (``submit_time``, ``start_time``, ``end_time``...):
  ``datetime64[..., UTC]``, UTC-aware (``.dt.tz_convert(...)`` for local
  time);
* durations (``run_time``, ``elapsed_time`` in seconds; ``time_limit``,
  ``max_time``... in minutes): ``timedelta64``;
* counts, ids and MiB (``cpus``, ``memory``, ``num_nodes``, ``id``...):
  ``Int64`` (pandas' nullable integer);
* states, partitions, users, accounts, QOS, reasons, clusters: ``category``;
* other text (``name``, ``nodes``...): ``string``; True / False:
  ``boolean``; lists and dicts: ``object``.

Missing values are ``pd.NA`` (``NaT`` in time columns), never the text
``"None"``.  ``UNLIMITED`` (no limit) has no integer or
timedelta value: it is missing too; the objects' attributes still tell
it apart (``math.inf``).

The index is the items' id (``id`` of jobs, steps and associations,
``name`` of nodes, partitions, reservations, QOS, accounts and users);
items from several clusters get a ``(cluster, id)`` MultiIndex.

pandas is optional: ``pip install "pyslurm[pandas]"``; without it these
functions raise ImportError saying so.  This module imports nothing of
pyslurm's compiled layer at import time.
"""

from __future__ import annotations

import importlib
import math
from typing import Any, Iterable, Optional, Sequence, Union

from pyslurm import display

__all__ = ["DEFAULT_FIELDS", "FIELD_DTYPES", "to_pandas", "from_rows", "load_frame",
           "jobs_frame", "db_jobs_frame", "pandas_module"]

_Fields = Union[str, Sequence[str], None]

#: The columns a frame has when no ``fields`` are named, by kind
#: (:func:`pyslurm.display.kind_of`); the first is the index.
DEFAULT_FIELDS: dict[str, list[str]] = {
    "job": ["id", "name", "user_name", "account", "partition", "qos", "state",
            "state_reason", "num_nodes", "nodes", "cpus", "memory", "time_limit",
            "run_time", "submit_time", "start_time", "end_time", "exit_code",
            "exit_code_signal", "array_job_id", "array_task_id", "priority"],
    "db_job": ["id", "name", "user_name", "account", "partition", "qos", "state",
               "nodelist", "num_nodes", "cpus", "memory", "gpus", "time_limit",
               "elapsed_time", "submit_time", "start_time", "end_time", "exit_code",
               "exit_code_signal", "derived_exit_code", "array_id", "array_task_id",
               "working_directory"],
    "step": ["id", "job_id", "name", "state", "partition", "nodes", "num_nodes", "ntasks",
             "cpus", "memory", "time_limit", "run_time", "start_time"],
    "db_step": ["id", "job_id", "name", "state", "nodelist", "num_nodes", "ntasks", "cpus",
                "memory", "elapsed_time", "start_time", "end_time", "exit_code",
                "exit_code_signal"],
    "node": ["name", "state", "base_state", "cpus", "alloc_cpus", "idle_cpus",
             "cpu_load", "real_memory", "alloc_memory", "free_memory", "partitions",
             "features", "reason", "reason_user", "reason_time", "boot_time"],
    "partition": ["name", "state", "is_default", "total_nodes", "total_cpus", "nodes",
                  "max_time", "default_time", "max_nodes", "priority_tier"],
    "reservation": ["name", "state", "is_active", "start_time", "end_time", "duration",
                    "nodes", "node_count", "cpus", "partition", "users", "accounts",
                    "flags"],
    "qos": ["name", "id", "priority", "description", "max_wall", "grp_wall",
            "max_jobs_per_user", "max_submit_jobs_per_user", "max_tres_per_job",
            "grp_tres", "preempt", "preempt_mode", "flags", "usage_factor"],
    "association": ["id", "cluster", "account", "user", "partition", "parent_account",
                    "is_default", "shares", "priority", "default_qos", "qos", "max_jobs",
                    "max_submit_jobs", "max_wall_time_per_job", "group_tres",
                    "max_tres_per_job"],
    "account": ["name", "description", "organization", "parent_account", "coordinators",
                "clusters"],
    "user": ["name", "default_account", "admin_level", "accounts", "clusters",
             "coordinator_accounts", "default_wckey"],
}

_TIMES = ("submit_time", "eligible_time", "accrue_time", "start_time", "end_time",
          "resize_time", "deadline", "suspend_time", "pre_suspension_time",
          "last_sched_evaluation_time", "preempt_time", "preempt_eligible_time",
          "reason_time", "boot_time", "slurmd_start_time", "last_busy", "last_busy_time",
          "purge_time")
_SECONDS = ("run_time", "elapsed_time", "suspended_time", "run_time_remaining",
            "grace_time", "preempt_exempt_time", "resume_timeout", "suspend_timeout")
_MINUTES = ("time_limit", "time_limit_min", "default_time", "max_time", "max_wall",
            "grp_wall", "max_wall_time_per_job", "group_wall_time", "duration",
            "over_time_limit")
_INTS = ("id", "job_id", "array_job_id", "array_task_id", "array_id", "cpus", "memory",
         "num_nodes", "max_nodes", "ntasks", "alloc_cpus", "idle_cpus", "effective_cpus",
         "real_memory", "alloc_memory", "free_memory", "total_nodes", "total_cpus",
         "node_count", "core_count", "user_id", "group_id", "exit_code",
         "exit_code_signal", "derived_exit_code", "derived_exit_code_signal",
         "requeue_count", "cpus_per_task", "memory_per_cpu", "memory_per_node",
         "elapsed_cpu_time", "priority", "shares", "max_jobs", "max_submit_jobs",
         "max_jobs_per_user", "max_submit_jobs_per_user", "priority_tier",
         "association_id", "heterogeneous_id", "heterogeneous_offset", "db_index")
_STRINGS = ("name", "nodes", "nodelist", "reason", "comment", "admin_comment",
            "system_comment", "working_directory", "description", "organization",
            "command", "submit_command", "standard_output", "standard_error",
            "standard_input", "allocated_nodes", "batch_host", "features_string",
            "tres", "reservation", "wckey", "default_wckey", "dependency")
_CATEGORIES = ("state", "base_state", "partition", "user_name", "group_name", "account",
               "qos", "state_reason", "cluster", "admin_level", "default_account",
               "default_qos", "parent_account", "preempt_mode", "user", "reason_user")

#: The dtype of each column pyslurm knows: ``"time"`` (datetime64, UTC),
#: ``"seconds"`` / ``"minutes"`` (timedelta64, from those units), ``"int"``
#: (Int64), ``"category"``, ``"string"``.  Other columns get theirs from their values
#: (``string``, ``boolean``, ``Int64``, ``Float64`` or ``object``).
FIELD_DTYPES: dict[str, str] = {
    **{n: "time" for n in _TIMES}, **{n: "seconds" for n in _SECONDS},
    **{n: "minutes" for n in _MINUTES}, **{n: "int" for n in _INTS},
    **{n: "category" for n in _CATEGORIES}, **{n: "string" for n in _STRINGS},
}
# names whose meaning differs by kind
_KIND_DTYPES: dict[str, dict[str, str]] = {
    "partition": {"suspend_time": "seconds"},
    "step": {"id": "object"},
    "db_step": {"id": "object"},
    "qos": {"priority": "int"},
}
_INDEX = {"job": "id", "db_job": "id", "step": "id", "db_step": "id", "association": "id"}


def pandas_module() -> Any:
    """pandas, imported on first use.

    Raises:
        ImportError: pandas is not installed (the message says how to get it).
    """
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError('to_pandas() needs pandas: pip install "pyslurm[pandas]" '
                          "(or pip install pandas)") from e


def _dtype_of(name: str, kind: Optional[str]) -> Optional[str]:
    if kind is not None:
        special = _KIND_DTYPES.get(kind, {}).get(name)
        if special is not None:
            return special
    return FIELD_DTYPES.get(name)


def _finite_or_none(v: Any) -> Any:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _floats(pd: Any, values: Sequence[Any], zero_missing: bool) -> Any:
    """``values`` (numbers or None) as a float64 Series, NaN where a value
    is missing, infinite (UNLIMITED) or, with ``zero_missing``, 0."""
    try:
        nums = pd.Series(values, dtype="float64")
    except (TypeError, ValueError):
        nums = pd.Series([_finite_or_none(v) for v in values], dtype="float64")
    keep = nums.abs() != math.inf
    if zero_missing:
        keep &= nums != 0
    return nums.where(keep)


def _column(pd: Any, name: str, values: Sequence[Any], kind: Optional[str]) -> Any:
    """One column's values as a pandas array of the right dtype."""
    dtype = _dtype_of(name, kind)
    if dtype == "time":
        return pd.to_datetime(_floats(pd, values, True), unit="s", utc=True).array
    if dtype in ("seconds", "minutes"):
        unit = "s" if dtype == "seconds" else "m"
        return pd.to_timedelta(_floats(pd, values, False), unit=unit).array
    if dtype == "int":
        try:
            return pd.array(values, dtype="Int64")
        except (TypeError, ValueError, OverflowError):
            pass
        try:
            return pd.array([_as_int(v) for v in values], dtype="Int64")
        except (TypeError, ValueError):
            return _inferred(pd, values)
    if dtype == "category":
        try:
            texts = pd.array(values, dtype="string")
        except (TypeError, ValueError):
            texts = pd.array([None if v is None else str(v) for v in values], dtype="string")
        return pd.Categorical(texts)
    if dtype == "string":
        try:
            return pd.array(values, dtype="string")
        except (TypeError, ValueError):
            return _inferred(pd, values)
    if dtype == "object":
        return pd.array([pd.NA if v is None else v for v in values], dtype="object")
    return _inferred(pd, values)


def _as_int(v: Any) -> Any:
    v = _finite_or_none(v)
    if v is None:
        return None
    if isinstance(v, float) and not v.is_integer():
        raise ValueError(v)
    return int(v)


def _inferred(pd: Any, values: Sequence[Any]) -> Any:
    """The dtype of a column pyslurm has no rule for, from its values."""
    present = [v for v in values if v is not None]
    if not present:
        return pd.array([pd.NA] * len(values), dtype="object")
    if all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if all(isinstance(v, str) for v in present):
        return pd.array(values, dtype="string")
    return pd.array([pd.NA if v is None else v for v in values], dtype="object")


def _check_fields(fields: _Fields, kind: Optional[str]) -> list[str]:
    if fields is None:
        if kind is None or kind not in DEFAULT_FIELDS:
            raise ValueError(f"invalid value for fields: None (no default columns for "
                             f"{kind!r}; name the fields)")
        return list(DEFAULT_FIELDS[kind])
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    names = list(fields)
    if not names or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"invalid value for fields: {fields!r} (attribute names)")
    if len(set(names)) != len(names):
        raise ValueError(f"invalid value for fields: {fields!r} (a name twice)")
    return names


def from_rows(rows: Iterable[Sequence[Any]], fields: Sequence[str], kind: Optional[str] = None,
              index: Union[str, Sequence[str], None] = "auto") -> Any:
    """A DataFrame of plain rows (tuples in ``fields`` order, as
    ``load_fields(..., as_tuples=True)`` gives them), with pyslurm's dtypes.

    Args:
        rows: the rows.
        fields: the column names.
        kind: the items' kind (:func:`pyslurm.display.kind_of`), for the
            names whose dtype depends on it.
        index: the column(s) to index by; ``"auto"``: ``id`` or ``name``
            (with ``cluster`` first when the rows come from several
            clusters); None: a plain range.

    Raises:
        ImportError: pandas is not installed.
    """
    pd = pandas_module()
    names = list(fields)
    cols: list[Sequence[Any]] = list(zip(*rows)) or [() for _ in names]
    if len(cols) != len(names):
        raise ValueError(f"invalid value for rows: {len(cols)} values a row, "
                         f"{len(names)} fields")
    data = {name: _column(pd, name, list(col), kind) for name, col in zip(names, cols)}
    frame = pd.DataFrame(data, columns=names)
    keys = _index_columns(frame, names, kind, index)
    if keys:
        frame = frame.set_index(keys)
    return frame


def _index_columns(frame: Any, names: list[str], kind: Optional[str],
                   index: Union[str, Sequence[str], None]) -> list[str]:
    if index is None:
        return []
    if index != "auto":
        keys = [index] if isinstance(index, str) else list(index)
        missing = [k for k in keys if k not in names]
        if missing:
            raise ValueError(f"invalid value for index: {index!r} (not among the fields)")
        return keys
    key = _INDEX.get(kind or "", "name")
    if key not in names:
        key = "id" if "id" in names else ("name" if "name" in names else "")
    if not key:
        return []
    if "cluster" in names and key != "cluster" and frame["cluster"].nunique(dropna=True) > 1:
        return ["cluster", key]
    return [key]


def _items_by_cluster(coll: Any) -> tuple[list[tuple[Any, Any]], bool]:
    """(cluster, item) pairs of a collection and whether they span several
    clusters."""
    data = getattr(coll, "data", None)
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        pairs = [(c, item) for c, items in data.items() for item in items.values()]
        return pairs, len([c for c, items in data.items() if items]) > 1
    values = coll.values() if isinstance(coll, dict) else coll
    return [(None, item) for item in values], False


def _kind_of_collection(coll: Any, first: Any) -> Optional[str]:
    if first is not None:
        return display.kind_of(first)
    for attr in ("_item_type", "_item"):
        t = getattr(type(coll), attr, None)
        if isinstance(t, type):
            return display.kind_of(t)
    return None


def to_pandas(coll: Any, fields: _Fields = None) -> Any:
    """A collection (or any iterable of entities of one kind) as a
    DataFrame: one row per item, the columns ``fields`` (default
    :data:`DEFAULT_FIELDS` of the kind), dtypes as the module says, indexed
    by id or name (``(cluster, id)`` when the items come from several
    clusters).

    Raises:
        ImportError: pandas is not installed (``pip install "pyslurm[pandas]"``).
        ValueError: a name in ``fields`` the items do not have (named).
    """
    pandas_module()
    pairs, several = _items_by_cluster(coll)
    first = pairs[0][1] if pairs else None
    kind = _kind_of_collection(coll, first)
    names = _check_fields(fields, kind)
    if first is not None:
        cls = type(first)
        unknown = [n for n in names if not hasattr(cls, n) and not hasattr(first, n)]
        if unknown:
            raise ValueError(f"invalid value for fields: {unknown[0]!r} is not an "
                             f"attribute of {cls.__name__}")
    cols = list(names)
    add_cluster = several and "cluster" not in cols
    rows = []
    for cluster, item in pairs:
        row = [display._get(item, n) for n in names]
        if add_cluster:
            row.insert(0, cluster)
        rows.append(row)
    if add_cluster:
        cols.insert(0, "cluster")
    return from_rows(rows, cols, kind)


def load_frame(cls: Any, fields: _Fields = None, **load_args: Any) -> Any:
    """Load a collection class's items straight into a DataFrame through
    its ``load_fields`` (one RPC, no object per item): what
    ``Jobs.load_frame()``, ``Nodes.load_frame()``, ... and
    ``pyslurm.db.Jobs.load_frame()`` do.

    Args:
        cls: the collection class (``pyslurm.Jobs``, ``pyslurm.db.Jobs``...).
        fields: attribute names (default :data:`DEFAULT_FIELDS` of the kind).
        load_args: handed to ``cls.load_fields`` (``user=``, ``cluster=``,
            ``update_time=`` of live collections; ``db_filter=``,
            ``db_connection=`` of ``pyslurm.db.Jobs``).  With ``cluster``
            a ``cluster`` column is read too, and the index is
            ``(cluster, id)`` when the rows come from several clusters.

    Returns:
        pandas.DataFrame, or None when ``update_time`` was given and
        nothing changed since.

    Raises:
        ImportError: pandas is not installed (checked before any RPC).
        ValueError: a field that is not an attribute of the items, or a
            bad load argument (before any RPC).
        RPCError: the controller or slurmdbd refused or did not answer.
    """
    pandas_module()
    item_type = getattr(cls, "_item_type", None)
    kind = display.kind_of(item_type) if isinstance(item_type, type) else None
    names = _check_fields(fields, kind)
    read = list(names)
    added = load_args.get("cluster") is not None and "cluster" not in read
    if added:
        read.insert(0, "cluster")
    rows = cls.load_fields(read, as_tuples=True, **load_args)
    if rows is None:
        return None
    frame = from_rows(rows, read, kind)
    if added and "cluster" in frame.columns:
        frame = frame.drop(columns="cluster")
    return frame


def jobs_frame(fields: _Fields = None, **load_args: Any) -> Any:
    """The controller's jobs as a DataFrame, read with
    ``pyslurm.Jobs.load_fields`` (no Job object per job): see
    :func:`load_frame` (``pyslurm.Jobs.load_frame`` is the same).

    Examples:
        >>> df = pyslurm.frames.jobs_frame()                  # doctest: +SKIP
        >>> df[df.state == "PENDING"].groupby("partition").size()  # doctest: +SKIP
    """
    jobs = importlib.import_module("pyslurm").Jobs
    return load_frame(jobs, fields, **load_args)


def db_jobs_frame(fields: _Fields = None, db_filter: Any = None,
                  db_connection: Any = None) -> Any:
    """Accounting jobs as a DataFrame, read with ``pyslurm.db.Jobs.load_fields``
    (no object per job): see :func:`load_frame`."""
    jobs = importlib.import_module("pyslurm.db").Jobs
    return load_frame(jobs, fields, db_filter=db_filter, db_connection=db_connection)
