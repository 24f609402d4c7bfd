"""HTML display of pyslurm objects in Jupyter (and anywhere HTML is shown).

Every entity (``pyslurm.Job``, ``Node``, ``Partition``, ``Reservation``,
``JobStep``, the ``pyslurm.db`` records) and every collection of them has a
``_repr_html_`` that comes here: a collection shows as a compact table of
the columns a person looks at first, states colour-coded, the first
:data:`MAX_ROWS` rows and a "... N more" line; a single job shows as a card
of its key facts (state and reason, nodes, times, exit code, resources).

Everything is HTML-escaped: names, comments and reasons come from users and
never become markup.  Rendering reads only the attributes of the rows
shown, so a collection of 10,000 jobs displays as fast as one of 50.

This module is pure Python and imports nothing of pyslurm's compiled layer:
it reads objects through their public attributes.

Examples:
    >>> import pyslurm.display as d
    >>> d.state_colour("RUNNING")
    '#2e7d32'
    >>> d.format_duration(3725)
    '1:02:05'
"""

from __future__ import annotations

import html
import itertools
import math
import time as _time
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, Sequence

__all__ = [
    "MAX_ROWS", "Column", "TableDisplay", "to_html", "table_html", "card_html", "rows_html",
    "collection_html", "state_html",
    "columns_for", "kind_of", "state_colour", "state_category", "STATE_COLOURS",
    "format_time", "format_duration", "format_minutes", "format_mib", "format_value",
]

#: How many rows a collection's table shows; the rest are counted in a
#: "... N more" line.  Change it to see more (``pyslurm.display.MAX_ROWS = 200``).
MAX_ROWS = 50

# -- states and their colours ------------------------------------------------------
#: Colour (CSS hex) of each state category; :func:`state_category` maps a
#: Slurm state to one.  Foreground text on these is white.
STATE_COLOURS: dict[str, str] = {
    "running": "#2e7d32",     # RUNNING, ALLOCATED, active reservation
    "mixed": "#66bb6a",       # MIXED node
    "pending": "#f9a825",     # PENDING, REQUEUED, RESV_DEL_HOLD
    "completing": "#0277bd",  # COMPLETING, CONFIGURING
    "completed": "#607d8b",   # COMPLETED
    "idle": "#1e88e5",        # IDLE node, UP partition
    "failed": "#c62828",      # FAILED, NODE_FAIL, BOOT_FAIL, OUT_OF_MEMORY, DEADLINE
    "timeout": "#ad1457",     # TIMEOUT
    "cancelled": "#6d4c41",   # CANCELLED, PREEMPTED, REVOKED
    "suspended": "#8e24aa",   # SUSPENDED, STOPPED
    "down": "#b71c1c",        # DOWN node or partition, NOT_RESPONDING
    "drain": "#ef6c00",       # DRAIN, DRAINING, DRAINED, FAIL
    "reserved": "#5e35b1",    # RESERVED, PLANNED
    "powered": "#90a4ae",     # POWERED_DOWN, CLOUD, FUTURE, INACTIVE
    "unknown": "#9e9e9e",
}

_CATEGORY = {
    "RUNNING": "running", "ALLOCATED": "running", "ACTIVE": "running",
    "MIXED": "mixed",
    "PENDING": "pending", "REQUEUED": "pending", "REQUEUE_HOLD": "pending",
    "REQUEUE_FED": "pending", "RESV_DEL_HOLD": "pending", "SPECIAL_EXIT": "pending",
    "COMPLETING": "completing", "CONFIGURING": "completing", "RESIZING": "completing",
    "STAGE_OUT": "completing", "SIGNALING": "completing", "POWERING_UP": "completing",
    "COMPLETED": "completed", "COMPLETE": "completed",
    "IDLE": "idle", "UP": "idle",
    "FAILED": "failed", "NODE_FAIL": "failed", "BOOT_FAIL": "failed",
    "OUT_OF_MEMORY": "failed", "DEADLINE": "failed", "FAIL": "drain",
    "TIMEOUT": "timeout",
    "CANCELLED": "cancelled", "PREEMPTED": "cancelled", "REVOKED": "cancelled",
    "SUSPENDED": "suspended", "STOPPED": "suspended",
    "DOWN": "down", "NOT_RESPONDING": "down", "NO_RESPOND": "down",
    "DRAIN": "drain", "DRAINING": "drain", "DRAINED": "drain",
    "RESERVED": "reserved", "PLANNED": "reserved", "MAINTENANCE": "reserved",
    "POWERED_DOWN": "powered", "POWER_DOWN": "powered", "POWERING_DOWN": "powered",
    "CLOUD": "powered", "FUTURE": "powered", "INACTIVE": "powered",
    "INACT": "powered",
}
# flags that outweigh a node's base state in its colour
_OVERRIDING = ("NOT_RESPONDING", "DRAIN", "DRAINING", "DRAINED", "FAIL",
               "POWERED_DOWN", "POWERING_DOWN", "MAINTENANCE")


def state_category(state: Any) -> str:
    """The colour category (a key of :data:`STATE_COLOURS`) of a Slurm
    state as pyslurm gives it: ``"RUNNING"``, ``"IDLE+DRAIN"``,
    ``"DOWN+NOT_RESPONDING"``, ``"CANCELLED by 0"``...  A node's drain,
    non-responding or powered-down flag outweighs its base state; an
    unknown state is ``"unknown"``."""
    if state is None:
        return "unknown"
    if isinstance(state, bool):         # a reservation's is_active
        return "running" if state else "powered"
    text = str(state).upper().split(" ", 1)[0]
    parts = [p for p in text.replace("*", "").split("+") if p]
    if not parts:
        return "unknown"
    for flag in _OVERRIDING:
        if flag in parts[1:]:
            return _CATEGORY[flag]
    return _CATEGORY.get(parts[0], "unknown")


def state_colour(state: Any) -> str:
    """The CSS colour (``"#rrggbb"``) pyslurm shows ``state`` in (see
    :func:`state_category`); the dashboard's node map uses the same."""
    return STATE_COLOURS[state_category(state)]


# -- formatting of values ------------------------------------------------------------
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def format_time(ts: Any) -> str:
    """A unix time as local ``YYYY-MM-DD HH:MM:SS`` (what squeue shows);
    "" for None or 0."""
    if ts is None or ts == 0 or isinstance(ts, bool):
        return ""
    if isinstance(ts, float) and not math.isfinite(ts):
        return "never" if ts > 0 else ""
    try:
        return _time.strftime("%Y-%m-%d %H:%M:%S", _time.localtime(int(ts)))
    except (OverflowError, OSError, ValueError, TypeError):
        return str(ts)


def format_duration(seconds: Any) -> str:
    """Seconds as Slurm writes a duration: ``[D-]H:MM:SS`` (``M:SS`` under
    an hour); ``UNLIMITED`` for infinity, "" for None."""
    if seconds is None or isinstance(seconds, bool):
        return ""
    if isinstance(seconds, float) and math.isinf(seconds):
        return "UNLIMITED"
    try:
        s = int(seconds)
    except (TypeError, ValueError, OverflowError):
        return str(seconds)
    sign = "-" if s < 0 else ""
    s = abs(s)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{sign}{days}-{hours:02d}:{minutes:02d}:{s:02d}"
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{s:02d}"
    return f"{sign}{minutes}:{s:02d}"


def format_minutes(minutes: Any) -> str:
    """A time limit in minutes as :func:`format_duration` writes it."""
    if minutes is None or isinstance(minutes, bool):
        return ""
    if isinstance(minutes, float) and math.isinf(minutes):
        return "UNLIMITED"
    try:
        return format_duration(int(minutes) * 60)
    except (TypeError, ValueError, OverflowError):
        return str(minutes)


def format_mib(mib: Any) -> str:
    """Memory in MiB, short: ``512M``, ``3.9G``, ``1.2T``; "" for None,
    ``UNLIMITED`` for infinity."""
    if mib is None or isinstance(mib, bool):
        return ""
    if isinstance(mib, float) and math.isinf(mib):
        return "UNLIMITED"
    try:
        m = float(mib)
    except (TypeError, ValueError):
        return str(mib)
    if abs(m) < 1024:
        return f"{int(m)}M"
    if abs(m) < 1024 * 1024:
        return f"{m / 1024:.1f}G"
    return f"{m / (1024 * 1024):.1f}T"


def format_value(value: Any) -> str:
    """Any attribute value as plain text: lists joined with ``,``, dicts as
    ``k=v``, infinity as ``UNLIMITED``, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isinf(value):
            return "UNLIMITED"
        return f"{value:g}"
    if isinstance(value, dict):
        return ",".join(f"{k}={format_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(format_value(v) for v in value)
    return str(value)


# -- columns ---------------------------------------------------------------------
class Column(NamedTuple):
    """One column of a table: its header, the attribute(s) it shows and how."""

    header: str
    #: attribute names the cell reads (the frame's columns for it, too)
    fields: tuple[str, ...]
    #: makes the cell's text from the item (None: the first field, formatted)
    text: Optional[Callable[[Any], str]] = None
    #: a state column: coloured
    state: bool = False


def _get(item: Any, name: str) -> Any:
    try:
        return getattr(item, name)
    except Exception:       # a value this record cannot give shows as empty
        return None


def _pair(used: str, total: str, fmt: Callable[[Any], str] = format_value) -> Callable[[Any], str]:
    def text(item: Any) -> str:
        a, b = _get(item, used), _get(item, total)
        if a is None and b is None:
            return ""
        return f"{fmt(a) if a is not None else '?'} / {fmt(b) if b is not None else '?'}"
    return text


def _time_pair(used: str, limit: str, used_in_minutes: bool = False) -> Callable[[Any], str]:
    def text(item: Any) -> str:
        a, b = _get(item, used), _get(item, limit)
        left = format_minutes(a) if used_in_minutes else format_duration(a)
        right = format_minutes(b)
        if not left and not right:
            return ""
        return f"{left or '0:00'} / {right}" if right else left
    return text


_FINISHED = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
             "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED"}


def _exit(item: Any) -> str:
    """``code`` or ``code:signal`` of a finished job or step ("" before)."""
    state = _get(item, "state")
    if state is None or str(state).split(" ", 1)[0].upper() not in _FINISHED:
        return ""
    code, sig = _get(item, "exit_code"), _get(item, "exit_code_signal")
    if code is None:
        return ""
    return f"{code}:{sig}" if sig else str(code)


def _fmt(name: str, fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda item: fmt(_get(item, name))


def _nodes_or_count(item: Any) -> str:
    nodes = _get(item, "nodes")
    if nodes:
        return str(nodes)
    n = _get(item, "num_nodes")
    return f"({n} requested)" if n else ""


def _reason(item: Any) -> str:
    reason = _get(item, "state_reason")
    return "" if reason in (None, "None") else str(reason)


def _partition_name(p: Any) -> str:
    """A partition's name, ``*`` after the default one (as sinfo)."""
    return f"{_get(p, 'name')}{'*' if _get(p, 'is_default') else ''}"


_COLUMNS: dict[str, list[Column]] = {
    "job": [
        Column("ID", ("id",)),
        Column("Name", ("name",)),
        Column("User", ("user_name",)),
        Column("Partition", ("partition",)),
        Column("State", ("state",), state=True),
        Column("Reason", ("state_reason",), _reason),
        Column("Nodes", ("nodes", "num_nodes"), _nodes_or_count),
        Column("CPUs", ("cpus",)),
        Column("Time / limit", ("run_time", "time_limit"), _time_pair("run_time", "time_limit")),
        Column("Start", ("start_time",), _fmt("start_time", format_time)),
        Column("End", ("end_time",), _fmt("end_time", format_time)),
        Column("Exit", ("exit_code", "exit_code_signal"), _exit),
    ],
    "db_job": [
        Column("ID", ("id",)),
        Column("Name", ("name",)),
        Column("User", ("user_name",)),
        Column("Account", ("account",)),
        Column("Partition", ("partition",)),
        Column("State", ("state",), state=True),
        Column("Nodes", ("nodelist",)),
        Column("CPUs", ("cpus",)),
        Column("Memory", ("memory",), _fmt("memory", format_mib)),
        Column("Elapsed / limit", ("elapsed_time", "time_limit"),
               _time_pair("elapsed_time", "time_limit")),
        Column("Start", ("start_time",), _fmt("start_time", format_time)),
        Column("End", ("end_time",), _fmt("end_time", format_time)),
        Column("Exit", ("exit_code", "exit_code_signal"), _exit),
    ],
    "step": [
        Column("Step", ("id",), lambda s: f"{_get(s, 'job_id')}.{_get(s, 'id')}"),
        Column("Name", ("name",)),
        Column("State", ("state",), state=True),
        Column("Nodes", ("nodes",)),
        Column("Tasks", ("ntasks",)),
        Column("CPUs", ("cpus",)),
        Column("Time / limit", ("run_time", "time_limit"), _time_pair("run_time", "time_limit")),
        Column("Start", ("start_time",), _fmt("start_time", format_time)),
    ],
    "db_step": [
        Column("Step", ("id",), lambda s: f"{_get(s, 'job_id')}.{_get(s, 'id')}"),
        Column("Name", ("name",)),
        Column("State", ("state",), state=True),
        Column("Nodes", ("nodelist",)),
        Column("Tasks", ("ntasks",)),
        Column("CPUs", ("cpus",)),
        Column("Elapsed", ("elapsed_time",), _fmt("elapsed_time", format_duration)),
        Column("Start", ("start_time",), _fmt("start_time", format_time)),
        Column("End", ("end_time",), _fmt("end_time", format_time)),
        Column("Exit", ("exit_code", "exit_code_signal"), _exit),
    ],
    "node": [
        Column("Name", ("name",)),
        Column("State", ("state",), state=True),
        Column("CPUs alloc / total", ("alloc_cpus", "cpus"), _pair("alloc_cpus", "cpus")),
        Column("Memory alloc / total", ("alloc_memory", "real_memory"),
               _pair("alloc_memory", "real_memory", format_mib)),
        Column("Load", ("cpu_load",)),
        Column("Partitions", ("partitions",)),
        Column("Reason", ("reason",)),
    ],
    "partition": [
        Column("Name", ("name",), _partition_name),
        Column("State", ("state",), state=True),
        Column("Nodes", ("total_nodes",)),
        Column("CPUs", ("total_cpus",)),
        Column("Max time", ("max_time",), _fmt("max_time", format_minutes)),
        Column("Default time", ("default_time",), _fmt("default_time", format_minutes)),
        Column("Node list", ("nodes",)),
    ],
    "reservation": [
        Column("Name", ("name",)),
        Column("State", ("state",), state=True),
        Column("Start", ("start_time",), _fmt("start_time", format_time)),
        Column("End", ("end_time",), _fmt("end_time", format_time)),
        Column("Duration", ("duration",), _fmt("duration", format_minutes)),
        Column("Nodes", ("nodes",)),
        Column("Users", ("users",)),
        Column("Accounts", ("accounts",)),
        Column("Flags", ("flags",)),
    ],
    "qos": [
        Column("Name", ("name",)),
        Column("Priority", ("priority",)),
        Column("Max wall", ("max_wall",), _fmt("max_wall", format_minutes)),
        Column("Max TRES / job", ("max_tres_per_job",)),
        Column("Max jobs / user", ("max_jobs_per_user",)),
        Column("Group TRES", ("grp_tres",)),
        Column("Preempt", ("preempt",)),
        Column("Flags", ("flags",)),
        Column("Description", ("description",)),
    ],
    "association": [
        Column("ID", ("id",)),
        Column("Cluster", ("cluster",)),
        Column("Account", ("account",)),
        Column("User", ("user",)),
        Column("Partition", ("partition",)),
        Column("Parent", ("parent_account",)),
        Column("Shares", ("shares",)),
        Column("Default QOS", ("default_qos",)),
        Column("QOS", ("qos",)),
        Column("Max jobs", ("max_jobs",)),
    ],
    "account": [
        Column("Name", ("name",)),
        Column("Description", ("description",)),
        Column("Organization", ("organization",)),
        Column("Coordinators", ("coordinators",)),
    ],
    "user": [
        Column("Name", ("name",)),
        Column("Default account", ("default_account",)),
        Column("Admin level", ("admin_level",)),
        Column("Accounts", ("accounts",)),
    ],
}

# class (module, name) -> kind; modules are where the classes live
_KINDS = {
    ("pyslurm.job", "Job"): "job",
    ("pyslurm.step", "JobStep"): "step",
    ("pyslurm.node", "Node"): "node",
    ("pyslurm.partition", "Partition"): "partition",
    ("pyslurm.reservation", "Reservation"): "reservation",
    ("pyslurm.db.job", "Job"): "db_job",
    ("pyslurm.db.step", "JobStep"): "db_step",
    ("pyslurm.db.qos", "QualityOfService"): "qos",
    ("pyslurm.db.assoc", "Association"): "association",
    ("pyslurm.db.account", "Account"): "account",
    ("pyslurm.db.user", "User"): "user",
}


def kind_of(obj_or_type: Any) -> Optional[str]:
    """The display kind of an entity object or class (``"job"``,
    ``"db_job"``, ``"node"``, ...); None for a class pyslurm has no table
    for (its card then lists every attribute)."""
    cls = obj_or_type if isinstance(obj_or_type, type) else type(obj_or_type)
    for klass in cls.__mro__:
        kind = _KINDS.get((klass.__module__, klass.__name__))
        if kind is not None:
            return kind
    return None


def columns_for(kind: str) -> list[Column]:
    """The table columns of a kind (see :func:`kind_of`).

    Raises:
        ValueError: an unknown kind.
    """
    try:
        return list(_COLUMNS[kind])
    except KeyError:
        raise ValueError(f"invalid value for kind: {kind!r} (one of "
                         f"{', '.join(_COLUMNS)})") from None


# -- HTML ------------------------------------------------------------------------------
_CSS = (
    "<style>"
    ".pyslurm-table{border-collapse:collapse;font-size:12px;font-family:inherit}"
    ".pyslurm-table th{text-align:left;padding:2px 8px;border-bottom:1px solid #999}"
    ".pyslurm-table td{text-align:left;padding:1px 8px;white-space:nowrap;"
    "max-width:32em;overflow:hidden;text-overflow:ellipsis}"
    ".pyslurm-table tr:nth-child(even){background:rgba(127,127,127,.08)}"
    ".pyslurm-state{color:#fff;padding:0 5px;border-radius:3px;font-weight:600}"
    ".pyslurm-caption{font-weight:600;margin:2px 0}"
    ".pyslurm-more{color:#777;font-style:italic;margin:2px 0}"
    ".pyslurm-card{border:1px solid #bbb;border-radius:4px;padding:4px 8px;"
    "display:inline-block;font-size:12px}"
    ".pyslurm-card th{text-align:right;padding:1px 8px;color:#555;font-weight:600}"
    ".pyslurm-card td{text-align:left;padding:1px 8px}"
    "</style>"
)


def state_html(state: Any) -> str:
    """A state as a coloured badge (escaped)."""
    if state is None or state == "":
        return ""
    text = format_value(state)
    colour = state_colour(state)
    return (f'<span class="pyslurm-state" style="background:{colour}">'
            f"{_esc(text)}</span>")


def _cell(item: Any, col: Column) -> str:
    if col.state:
        return state_html(_get(item, col.fields[0]))
    if col.text is not None:
        text = col.text(item)
    else:
        text = format_value(_get(item, col.fields[0]))
    return _esc(text)


def table_html(items: Iterable[Any], kind: Optional[str] = None, *,
               total: Optional[int] = None, title: Optional[str] = None,
               max_rows: Optional[int] = None, cluster_of: Optional[Callable[[Any], Any]] = None,
               columns: Optional[Sequence[Column]] = None) -> str:
    """An HTML table of ``items`` (entities of one kind).

    Only the first ``max_rows`` (:data:`MAX_ROWS`) items are read; with
    ``total`` (how many there are) a "... N more" line follows.

    Args:
        items: the entities, e.g. ``jobs.values()`` (an iterator is fine).
        kind: their kind (:func:`kind_of`; default: that of the first).
        total: how many items there are (default: counted when shown all).
        title: a caption above the table (escaped).
        max_rows: how many rows to show (default :data:`MAX_ROWS`).
        cluster_of: gives an item's cluster: adds a "Cluster" column.
        columns: the columns (default :func:`columns_for` the kind).

    Raises:
        ValueError: ``max_rows`` below 0 or an unknown ``kind``.
    """
    limit = MAX_ROWS if max_rows is None else max_rows
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"invalid value for max_rows: {max_rows!r} (an integer >= 0)")
    shown = list(itertools.islice(iter(items), limit))
    if columns is None:
        if kind is None and shown:
            kind = kind_of(shown[0])
        columns = columns_for(kind) if kind is not None else [Column("Item", ("",), str)]
    cols = list(columns)
    head = "".join(f"<th>{_esc(c.header)}</th>" for c in cols)
    if cluster_of is not None:
        head = "<th>Cluster</th>" + head
    out = [_CSS]
    if title:
        out.append(f'<div class="pyslurm-caption">{_esc(title)}</div>')
    out.append(f'<table class="pyslurm-table"><thead><tr>{head}</tr></thead><tbody>')
    for item in shown:
        cells = "".join(f"<td>{_cell(item, c)}</td>" for c in cols)
        if cluster_of is not None:
            cells = f"<td>{_esc(format_value(cluster_of(item)))}</td>" + cells
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    count = len(shown) if total is None else total
    if count > len(shown):
        out.append(f'<div class="pyslurm-more">... {count - len(shown)} more '
                   f"(of {count}; pyslurm.display.MAX_ROWS = {limit})</div>")
    return "".join(out)


def rows_html(rows: Sequence[Any], fields: Sequence[str], *, title: Optional[str] = None,
              max_rows: Optional[int] = None) -> str:
    """A table of plain records (the dataclass rows of
    :mod:`pyslurm.db.reports` and :mod:`pyslurm.db.efficiency`): one
    column per field, a ``state`` field colour-coded.

    Raises:
        ValueError: ``max_rows`` below 0.
    """
    cols = [Column(name, (name,), state=(name == "state")) for name in fields]
    return table_html(iter(rows), columns=cols, total=len(rows), title=title,
                      max_rows=max_rows)


def _clustered_items(coll: Any) -> tuple[Iterator[Any], Optional[Callable[[Any], Any]]]:
    """The items of a collection (an iterator) and, when they span several
    clusters, how to tell an item's cluster."""
    data = getattr(coll, "data", None)
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        nonempty = [(c, items) for c, items in data.items() if items]
        pairs = ((c, item) for c, items in nonempty for item in items.values())
        if len(nonempty) > 1:
            where: dict[int, Any] = {}

            def tagged() -> Iterator[Any]:
                for c, item in pairs:
                    where[id(item)] = c
                    yield item
            return tagged(), lambda item: where.get(id(item))
        return (item for _, item in pairs), None
    if isinstance(coll, dict):
        return iter(coll.values()), None
    return iter(coll), None


def _item_type_kind(coll: Any) -> Optional[str]:
    for attr in ("_item_type", "_item"):
        t = getattr(type(coll), attr, None)
        if isinstance(t, type):
            return kind_of(t)
    return None


def collection_html(coll: Any, max_rows: Optional[int] = None) -> str:
    """The table of a collection (``Jobs``, ``Nodes``, ``pyslurm.db.Jobs``,
    ``JobSteps``, ``Users``...), with a caption naming it and its size."""
    items, cluster_of = _clustered_items(coll)
    total = len(coll)
    first = next(items, None)
    if first is not None:
        items = itertools.chain([first], items)
    kind = kind_of(first) if first is not None else _item_type_kind(coll)
    name = type(coll).__name__
    module = type(coll).__module__ or ""
    prefix = "pyslurm.db." if module.startswith("pyslurm.db") else "pyslurm."
    clusters = getattr(coll, "clusters", None)
    where = ""
    if isinstance(clusters, list) and len(clusters) > 1:
        where = f" on {len(clusters)} clusters"
    title = f"{prefix}{name}: {total} item{'s' if total != 1 else ''}{where}"
    if kind is None and first is not None:
        cols: Optional[list[Column]] = [Column("Item", ("",), str)]
    elif kind is None:
        return f'{_CSS}<div class="pyslurm-caption">{_esc(title)}</div>'
    else:
        cols = None
    return table_html(items, kind, total=total, title=title, max_rows=max_rows,
                      cluster_of=cluster_of, columns=cols)


# -- a single entity: a card ------------------------------------------------------------
def _job_card_rows(job: Any, kind: str) -> list[tuple[str, str]]:
    db = kind == "db_job"
    rows: list[tuple[str, str]] = []

    def add(label: str, text: Any) -> None:
        if text not in (None, ""):
            rows.append((label, _esc(text)))

    state = _get(job, "state")
    reason = _reason(job)
    rows.append(("State", state_html(state) + (f" ({_esc(reason)})" if reason else "")))
    add("Name", _get(job, "name"))
    user = _get(job, "user_name") or _get(job, "user_id")
    add("User", user)
    add("Account", _get(job, "account"))
    add("Partition", _get(job, "partition"))
    add("QOS", _get(job, "qos"))
    add("Nodes", _get(job, "nodelist") if db else _nodes_or_count(job))
    add("Submit", format_time(_get(job, "submit_time")))
    add("Start", format_time(_get(job, "start_time")))
    add("End", format_time(_get(job, "end_time")))
    used = "elapsed_time" if db else "run_time"
    add("Time / limit", _time_pair(used, "time_limit")(job))
    code, sig = _get(job, "exit_code"), _get(job, "exit_code_signal")
    if _exit(job):
        add("Exit code", f"{code}" + (f" (signal {sig})" if sig else ""))
    add("CPUs", format_value(_get(job, "cpus")))
    add("Memory", format_mib(_get(job, "memory")))
    gpus = _get(job, "gpus")
    if gpus:
        add("GPUs", format_value(gpus))
    add("Working directory", _get(job, "working_directory"))
    add("Comment", _get(job, "comment"))
    return rows


def _generic_card_rows(obj: Any, kind: Optional[str]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if kind is not None:
        for col in columns_for(kind):
            cell = _cell(obj, col)
            if cell:
                rows.append((col.header, cell))
        return rows
    try:
        values = obj.to_dict()
    except Exception:
        values = {}
    for k, v in values.items():
        text = format_value(v)
        if text:
            rows.append((str(k), _esc(text if len(text) <= 200 else text[:200] + "...")))
    return rows


def card_html(obj: Any, kind: Optional[str] = None) -> str:
    """One entity as a card: a job's state and reason, nodes, submit /
    start / end times, time used and limit, exit code and signal, CPUs,
    memory and GPUs; any other entity's table columns, one per line.

    Args:
        obj: the entity.
        kind: its kind (default :func:`kind_of`); an object of no kind
            shows every item of its ``to_dict()``.

    Raises:
        ValueError: an unknown ``kind``.
    """
    if kind is None:
        kind = kind_of(obj)
    elif kind not in _COLUMNS:
        columns_for(kind)               # raises, naming the kinds
    rows = _job_card_rows(obj, kind) if kind in ("job", "db_job") else _generic_card_rows(obj, kind)
    module = type(obj).__module__ or ""
    prefix = "pyslurm.db." if module.startswith("pyslurm.db") else "pyslurm."
    key = None
    for attr in ("id", "name"):
        key = _get(obj, attr)
        if key is not None:
            break
    if kind in ("step", "db_step"):
        key = f"{_get(obj, 'job_id')}.{_get(obj, 'id')}"
    cluster = _get(obj, "cluster")
    title = f"{prefix}{type(obj).__name__} {key if key is not None else ''}".rstrip()
    if cluster:
        title += f" (cluster {cluster})"
    body = "".join(f"<tr><th>{_esc(label)}</th><td>{cell}</td></tr>" for label, cell in rows)
    if not _get(obj, "is_loaded"):
        body += '<tr><th></th><td><i>not loaded</i></td></tr>'
    return (f'{_CSS}<div class="pyslurm-card"><div class="pyslurm-caption">{_esc(title)}'
            f'</div><table>{body}</table></div>')


def to_html(obj: Any, max_rows: Optional[int] = None) -> str:
    """The HTML Jupyter shows for ``obj``: a collection's table (see
    :func:`collection_html`) or one entity's card (:func:`card_html`)."""
    if isinstance(obj, dict) or hasattr(obj, "data") and isinstance(obj.data, dict):
        return collection_html(obj, max_rows=max_rows)
    return card_html(obj)


class TableDisplay:
    """Mixin of pyslurm's collections: ``_repr_html_`` (a table) and
    ``to_pandas()`` (a DataFrame, see :mod:`pyslurm.frames`)."""

    def _repr_html_(self) -> str:
        return collection_html(self)

    def to_pandas(self, fields: Any = None) -> Any:
        """The collection as a :class:`pandas.DataFrame` with real dtypes
        (see :func:`pyslurm.frames.to_pandas`).

        Args:
            fields: attribute names to make columns of (default: the
                kind's usual columns, :data:`pyslurm.frames.DEFAULT_FIELDS`).

        Raises:
            ImportError: pandas is not installed (``pip install "pyslurm[pandas]"``).
            ValueError: a name in ``fields`` the items do not have.
        """
        from pyslurm import frames
        return frames.to_pandas(self, fields)
