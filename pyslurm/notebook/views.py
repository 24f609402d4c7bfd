"""The dashboard's views as HTML: node map, partition utilisation, queue,
Gantt chart, scheduler statistics, usage per account, and the whole page.

Every function takes plain rows (a :class:`~pyslurm.notebook.data.Snapshot`
or its lists) and returns a string of HTML with inline styles only: no
JavaScript, no external files, so the same markup works in an ipywidgets
``HTML`` widget, in a notebook's output and in a static page.  Charts are
drawn with matplotlib and embedded as inline SVG.  Every value from Slurm is
escaped.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from collections import defaultdict
from typing import Any, Iterable, Optional, Sequence

from pyslurm import display
from pyslurm.notebook.data import Snapshot
from pyslurm.notebook.reasons import explain_reason

__all__ = ["NODE_COLORS", "JOB_COLORS", "node_state", "node_groups", "node_map",
           "partition_usage", "partition_table", "queue_rows", "queue_table", "gantt_svg",
           "statistics_table", "usage_table", "finished_table", "gantt_bars", "page", "SECTIONS",
           "ACTIVE_STATES",
           "SORT_KEYS"]

def _lighter(colour: str, keep: float = 0.35) -> str:
    """``colour`` mixed with white (``keep``: its share)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in rgb)


# The state a node key stands for in pyslurm.display's colours (the same
# colours as the tables of every collection).
_NODE_KEYS = {"IDLE": "IDLE", "MIXED": "MIXED", "ALLOCATED": "ALLOCATED",
              "DRAIN": "IDLE+DRAIN", "DOWN": "DOWN", "POWERED_DOWN": "IDLE+POWERED_DOWN",
              "FUTURE": "FUTURE", "RESERVED": "RESERVED", "UNKNOWN": "UNKNOWN"}

#: Node state → (full colour: the allocated part, light colour: the rest);
#: the colours of :func:`pyslurm.display.state_colour`.
NODE_COLORS: dict[str, tuple[str, str]] = {
    key: (display.state_colour(state), _lighter(display.state_colour(state)))
    for key, state in _NODE_KEYS.items()}

#: Job state → colour (queue table and Gantt chart), as pyslurm.display's.
JOB_COLORS: dict[str, str] = {
    state: display.state_colour(state)
    for state in ("RUNNING", "PENDING", "SUSPENDED", "COMPLETED", "CANCELLED", "FAILED",
                  "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL",
                  "DEADLINE")}

_CSS = ("font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
        "color:#212529")
_TH = "text-align:left;padding:3px 8px;border-bottom:2px solid #adb5bd;background:#f1f3f5"
_TD = "padding:2px 8px;border-bottom:1px solid #e9ecef;vertical-align:top"


def _e(value: Any) -> str:
    """Escaped text of a value (None: an empty cell)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _when(ts: Optional[float]) -> str:
    if not ts:
        return ""
    return datetime.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: Optional[float]) -> str:
    if seconds is None:
        return ""
    if seconds == float("inf"):
        return "unlimited"
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return (f"{days}-" if days else "") + f"{h:02d}:{m:02d}:{s:02d}"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A table of already escaped cells."""
    out = [f'<table style="border-collapse:collapse;{_CSS}">']
    if caption:
        out.append(f'<caption style="text-align:left;font-weight:600;padding:4px 0">'
                   f'{caption}</caption>')
    out.append("<thead><tr>" + "".join(f'<th style="{_TH}">{_e(h)}</th>' for h in headers)
               + "</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f'<td style="{_TD}">{c}</td>' for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _note(text: str) -> str:
    return f'<p style="{_CSS};color:#495057;font-style:italic">{_e(text)}</p>'


def _badge(text: str, color: str) -> str:
    return (f'<span style="background:{color};color:#fff;border-radius:3px;'
            f'padding:0 5px;font-size:12px">{_e(text)}</span>')


# ---- nodes ----

def node_state(row: dict[str, Any]) -> str:
    """The key of :data:`NODE_COLORS` a node row is drawn with: DRAIN and
    DOWN (also a node not responding) before the base state."""
    flags = row.get("state_flags") or ()
    base = row.get("base_state") or "UNKNOWN"
    if "DRAIN" in flags:
        return "DRAIN"
    if base == "DOWN" or "NOT_RESPONDING" in flags or "FAIL" in flags:
        return "DOWN"
    if "POWERED_DOWN" in flags:
        return "POWERED_DOWN"
    return base if base in NODE_COLORS else "UNKNOWN"


_NUM_AT_END = re.compile(r"^(.*?)(\d+)$")


def node_groups(nodes: Sequence[dict[str, Any]], group_by: str = "partition",
                rack_size: int = 32) -> dict[str, list[dict[str, Any]]]:
    """Nodes grouped for the map.

    Args:
        nodes: node rows.
        group_by: ``"partition"`` (a node in several partitions appears in
            each; one without any under ``"(none)"``), ``"rack"`` (by
            host-name prefix and number: with ``rack_size`` 32, ``c0`` ..
            ``c31`` are one rack, ``c32`` .. ``c63`` the next; a rack is
            named by its first and last node) or ``"none"``.
        rack_size: nodes per rack for ``"rack"``.

    Raises:
        ValueError: an unknown ``group_by`` or a bad ``rack_size``.
    """
    if group_by not in ("partition", "rack", "none"):
        raise ValueError(f"invalid value for group_by: {group_by!r} "
                         f"('partition', 'rack' or 'none')")
    if isinstance(rack_size, bool) or not isinstance(rack_size, int) or rack_size < 1:
        raise ValueError(f"invalid value for rack_size: {rack_size!r} (an integer >= 1)")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if group_by == "none":
        groups["all nodes"] = list(nodes)
    elif group_by == "partition":
        for row in nodes:
            for part in row.get("partitions") or ["(none)"]:
                groups[part].append(row)
    else:
        racks: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for row in nodes:
            m = _NUM_AT_END.match(row["name"])
            key = (m.group(1), int(m.group(2)) // rack_size) if m else (row["name"], 0)
            racks[key].append(row)
        for key in sorted(racks):
            members = racks[key]
            name = (members[0]["name"] if len(members) == 1
                    else f"{members[0]['name']} .. {members[-1]['name']}")
            groups[name] = members
    return dict(groups)


def _node_title(row: dict[str, Any]) -> str:
    cpus = row.get("cpus") or 0
    alloc = row.get("allocated_cpus") or 0
    parts = [f"{row['name']}: {row.get('state')}",
             f"CPUs {alloc}/{cpus} allocated"]
    if row.get("real_memory"):
        parts.append(f"memory {row.get('allocated_memory') or 0}/{row['real_memory']} MiB")
    if row.get("cpu_load") is not None:
        parts.append(f"load {row['cpu_load']}")
    if row.get("partitions"):
        parts.append("partitions " + ",".join(row["partitions"]))
    if row.get("reason"):
        parts.append(f"reason: {row['reason']}")
    return "\n".join(parts)


def _node_cell(row: dict[str, Any], size: int) -> str:
    full, light = NODE_COLORS[node_state(row)]
    cpus = row.get("cpus") or 0
    frac = min(1.0, (row.get("allocated_cpus") or 0) / cpus) if cpus else 0.0
    fill = round(frac * size)
    return (f'<div title="{_e(_node_title(row))}" data-node="{_e(row["name"])}" '
            f'style="display:inline-block;position:relative;width:{size}px;height:{size}px;'
            f'margin:1px;background:{light};border:1px solid {full};box-sizing:border-box;'
            f'vertical-align:top"><div style="position:absolute;left:0;right:0;bottom:0;'
            f'height:{fill}px;background:{full}"></div></div>')


def node_map(nodes: Sequence[dict[str, Any]], group_by: str = "partition",
             rack_size: int = 32, cell: int = 0) -> str:
    """The node map: one cell per node, coloured by its state
    (:data:`NODE_COLORS`), filled from the bottom by its allocated share of
    CPUs; hovering a cell shows the node's details (its ``title``).

    Args:
        nodes: node rows.
        group_by, rack_size: as :func:`node_groups`.
        cell: cell size in pixels (0: 22 for up to 200 nodes, else 10).
    """
    if not nodes:
        return _note("No nodes.")
    size = cell or (22 if len(nodes) <= 200 else 10)
    legend = " ".join(
        f'<span style="display:inline-block;width:11px;height:11px;background:{full};'
        f'vertical-align:middle"></span> {_e(name.lower())}'
        for name, (full, _) in NODE_COLORS.items()
        if name not in ("FUTURE", "UNKNOWN", "RESERVED"))
    out = [f'<div style="{_CSS}"><div style="margin:2px 0 6px 0;color:#495057">{legend}'
           f' &middot; filled: allocated CPUs</div>']
    for name, members in node_groups(nodes, group_by, rack_size).items():
        cpus = sum(r.get("cpus") or 0 for r in members)
        alloc = sum(r.get("allocated_cpus") or 0 for r in members)
        out.append(f'<div style="margin:4px 0"><div style="font-weight:600">{_e(name)} '
                   f'<span style="font-weight:400;color:#495057">{len(members)} nodes, '
                   f'{alloc}/{cpus} CPUs allocated</span></div>')
        out.append("".join(_node_cell(r, size) for r in members))
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


# ---- partitions ----

def partition_usage(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Per partition: its state, nodes, CPUs (total, allocated, share in
    percent), running and pending jobs, nodes drained or down."""
    by_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in snapshot.nodes:
        for part in row.get("partitions") or ():
            by_part[part].append(row)
    running: dict[str, int] = defaultdict(int)
    pending: dict[str, int] = defaultdict(int)
    for job in snapshot.jobs:
        # a pending job may name several partitions ("a,b"): count it in each
        for part in (job.get("partition") or "").split(","):
            if job["state"] == "RUNNING":
                running[part] += 1
            elif job["state"] == "PENDING":
                pending[part] += 1
    out = []
    for p in snapshot.partitions:
        members = by_part.get(p["name"], [])
        total = sum(r.get("cpus") or 0 for r in members) or (p.get("total_cpus") or 0)
        alloc = sum(r.get("allocated_cpus") or 0 for r in members)
        out.append({
            "name": p["name"], "state": p.get("state"), "default": bool(p.get("is_default")),
            "nodes": p.get("total_nodes") or len(members), "cpus": total,
            "allocated_cpus": alloc,
            "percent": round(100.0 * alloc / total, 1) if total else 0.0,
            "running": running.get(p["name"], 0), "pending": pending.get(p["name"], 0),
            "unavailable_nodes": sum(1 for r in members if node_state(r) in ("DRAIN", "DOWN")),
        })
    return out


def _bar(percent: float, color: str = "", width: int = 160) -> str:
    color = color or NODE_COLORS["ALLOCATED"][0]
    fill = round(width * min(100.0, percent) / 100.0)
    return (f'<div style="width:{width}px;height:12px;background:#e9ecef;display:inline-block;'
            f'vertical-align:middle"><div style="width:{fill}px;height:12px;'
            f'background:{color}"></div></div> {percent:.1f} %')


def partition_table(snapshot: Snapshot) -> str:
    """Partition utilisation: allocated CPUs as a bar, jobs, unavailable nodes."""
    rows = partition_usage(snapshot)
    if not rows:
        return _note("No partitions.")
    return _table(
        ["partition", "state", "nodes", "CPUs allocated", "utilisation", "running",
         "pending", "drained/down nodes"],
        ([_e(r["name"]) + (" (default)" if r["default"] else ""), _e(r["state"]),
          _e(r["nodes"]), f"{r['allocated_cpus']}/{r['cpus']}", _bar(r["percent"]),
          _e(r["running"]), _e(r["pending"]), _e(r["unavailable_nodes"])] for r in rows))


# ---- the queue ----

#: Sort keys of :func:`queue_rows`: name → (row → key, descending?).
SORT_KEYS: dict[str, Any] = {
    "id": (lambda r: r["id"], False),
    "priority": (lambda r: -(r.get("priority") or 0), False),
    "submit_time": (lambda r: r.get("submit_time") or 0, False),
    "start_time": (lambda r: r.get("start_time") or 0, False),
    "user": (lambda r: r.get("user_name") or "", False),
    "partition": (lambda r: r.get("partition") or "", False),
    "state": (lambda r: r.get("state") or "", False),
    "cpus": (lambda r: -(r.get("cpus") or 0), False),
}


#: The states ``state="active"`` stands for in :func:`queue_rows`: the jobs
#: still in the queue (finished jobs stay listed by the controller for
#: ``MinJobAge`` seconds).
ACTIVE_STATES = ("PENDING", "RUNNING", "SUSPENDED")


def _names(field: str, value: Any) -> Optional[set[str]]:
    if value is None:
        return None
    if isinstance(value, str):
        return {v.strip() for v in value.split(",") if v.strip()}
    if isinstance(value, (list, tuple, set, frozenset)) and all(
            isinstance(v, str) for v in value):
        return set(value)
    raise ValueError(f"invalid value for {field}: {value!r} (a name, 'a,b' or a list)")


def queue_rows(jobs: Sequence[dict[str, Any]], user: Any = None, partition: Any = None,
               state: Any = None, sort: str = "priority") -> list[dict[str, Any]]:
    """Jobs of the queue, filtered and sorted, each with ``reason_text``:
    its reason in plain language (:func:`~pyslurm.notebook.explain_reason`).

    Args:
        jobs: job rows.
        user, partition, state: only these (a name, ``"a,b"`` or a list;
            a pending job asking for several partitions matches each);
            ``state="active"``: :data:`ACTIVE_STATES`.
        sort: a key of :data:`SORT_KEYS` (``"priority"``: highest first).

    Raises:
        ValueError: a bad filter or sort key, naming it.
    """
    users = _names("user", user)
    parts = _names("partition", partition)
    states = _names("state", state)
    if states is not None:
        states = {s.upper() for s in states}
        if "ACTIVE" in states:
            states = (states - {"ACTIVE"}) | set(ACTIVE_STATES)
    if sort not in SORT_KEYS:
        raise ValueError(f"invalid value for sort: {sort!r} (one of {', '.join(SORT_KEYS)})")
    out = []
    for job in jobs:
        if users is not None and job.get("user_name") not in users:
            continue
        if parts is not None and not parts.intersection((job.get("partition") or "").split(",")):
            continue
        if states is not None and job.get("state") not in states:
            continue
        row = dict(job)
        row["reason_text"] = explain_reason(job.get("state_reason"))
        out.append(row)
    key, _ = SORT_KEYS[sort]
    out.sort(key=lambda r: (key(r), r["id"]))
    return out


def queue_table(jobs: Sequence[dict[str, Any]], user: Any = None, partition: Any = None,
                state: Any = None, sort: str = "priority", max_rows: int = 500,
                now: Optional[float] = None) -> str:
    """The queue as a table: id, name, user, partition, state (coloured),
    nodes or the reason in plain language (Slurm's code in the hover), CPUs,
    time used / limit, expected or actual start.  Arguments as
    :func:`queue_rows`; at most ``max_rows`` rows (the count is said)."""
    import time as _time
    rows = queue_rows(jobs, user, partition, state, sort)
    if not rows:
        return _note("No jobs match." if jobs else "The queue is empty.")
    now = _time.time() if now is None else now
    shown = rows[:max_rows]
    body = []
    for r in shown:
        st = r.get("state") or ""
        if st == "PENDING":
            where = (f'<span title="{_e(r.get("state_reason"))}">{_e(r["reason_text"])}</span>'
                     if r.get("state_reason") else "")
            start = r.get("start_time")
            start_s = ("expected " + _when(start)) if start and start > now else ""
        else:
            where = _e(r.get("nodes"))
            if r.get("reason_text") and st != "RUNNING":
                where += (f' <span title="{_e(r.get("state_reason"))}">'
                          f'({_e(r["reason_text"])})</span>')
            start_s = _when(r.get("start_time"))
        used = (now - r["start_time"]) if st == "RUNNING" and r.get("start_time") else None
        limit = r.get("time_limit")
        limit_s = _duration(limit * 60 if isinstance(limit, (int, float)) else None)
        body.append([_e(r["id"]), _e(r.get("name")), _e(r.get("user_name")),
                     _e(r.get("partition")), _badge(st, JOB_COLORS.get(st, "#495057")),
                     where, _e(r.get("cpus")), f"{_duration(used)} / {limit_s}".strip(" /"),
                     _e(start_s)])
    caption = (f"{len(rows)} jobs" if len(shown) == len(rows)
               else f"showing {len(shown)} of {len(rows)} jobs")
    return _table(["job", "name", "user", "partition", "state", "nodes / reason", "CPUs",
                   "time / limit", "start"], body, caption)


# ---- charts ----

def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure       # no pyplot: no global state, no GUI backend
    return Figure(figsize=(width, height), dpi=96)


def gantt_bars(snapshot: Snapshot, max_jobs: int = 40, max_finished: int = 10,
               now: Optional[float] = None) -> list[tuple[str, float, float, str, str]]:
    """The bars of :func:`gantt_svg`: ``(label, start, end, state, kind)``
    with ``kind`` ``"finished"``, ``"running"`` or ``"pending"``, in the
    chart's order (a widget redraws the chart only when they change)."""
    import time as _time
    now = _time.time() if now is None else now
    bars: list[tuple[str, float, float, str, str]] = []
    finished = sorted((r for r in snapshot.finished or [] if r.get("end_time")),
                      key=lambda r: r["end_time"])
    running = [j for j in snapshot.jobs if j["state"] == "RUNNING" and j.get("start_time")]
    pending = sorted((j for j in snapshot.jobs if j["state"] == "PENDING"
                      and j.get("start_time") and j["start_time"] >= now - 60),
                     key=lambda j: j["start_time"])
    room = max(0, max_jobs - len(running))
    n_pending = min(len(pending), room // 2 if finished else room)
    n_finished = min(len(finished), room - n_pending, max_finished)
    for j in finished[len(finished) - n_finished:]:
        bars.append((f"{j['id']} {j.get('name') or ''}", j["start_time"] or j["end_time"],
                     j["end_time"], j["state"], "finished"))
    for j in sorted(running, key=lambda j: j["start_time"])[:max_jobs]:
        limit = j.get("time_limit")
        end = j.get("end_time") or (j["start_time"] + limit * 60 if isinstance(
            limit, (int, float)) and limit != float("inf") else now + 3600)
        bars.append((f"{j['id']} {j.get('name') or ''}", j["start_time"], max(end, now),
                     "RUNNING", "running"))
    for j in pending[:n_pending]:
        limit = j.get("time_limit")
        length = limit * 60 if isinstance(limit, (int, float)) and limit != float("inf") \
            else 3600
        bars.append((f"{j['id']} {j.get('name') or ''}", j["start_time"],
                     j["start_time"] + length, "PENDING", "pending"))
    return bars


def gantt_svg(snapshot: Snapshot, max_jobs: int = 40, max_finished: int = 10,
              now: Optional[float] = None) -> str:
    """The Gantt chart as inline SVG: recent finished jobs (accounting),
    running jobs to their time limit and pending jobs from the start time
    the backfill scheduler expects (pending jobs without one are left out).
    One row per job, at most ``max_jobs``: the ``max_finished`` most
    recently ended, the running ones, then the earliest pending
    (:func:`gantt_bars`); a line marks now."""
    import time as _time
    now = _time.time() if now is None else now
    bars = gantt_bars(snapshot, max_jobs, max_finished, now)
    if not bars:
        return _note("Nothing to draw: no running jobs, no pending jobs with an expected "
                     "start time, no recent finished jobs.")
    from matplotlib.dates import DateFormatter, date2num
    fig = _figure(9.0, min(12.0, 0.9 + 0.22 * len(bars)))
    ax = fig.add_subplot()

    def num(ts: float) -> float:
        return float(date2num(datetime.datetime.fromtimestamp(ts)))

    for i, (_label, start, end, state, kind) in enumerate(bars):
        ax.barh(i, max(num(end) - num(start), 1e-5), left=num(start), height=0.7,
                color=JOB_COLORS.get(state, "#495057"),
                hatch="///" if kind == "pending" else None,
                edgecolor="white" if kind != "pending" else "#8a6d00", linewidth=0.5)
    ax.axvline(num(now), color="#212529", linewidth=1)
    ax.set_yticks(range(len(bars)))
    ax.set_yticklabels([b[0][:28] for b in bars], fontsize=7)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(DateFormatter("%m-%d %H:%M"))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#e9ecef")
    ax.set_title("finished (accounting) | running to its limit | pending (hatched) "
                 "from its expected start", fontsize=8)
    return _svg(fig)


def statistics_table(snapshot: Snapshot, top_rpcs: int = 8) -> str:
    """The controller's scheduler statistics, as ``sdiag`` groups them."""
    s = snapshot.statistics
    if s is None:
        return _note("The controller's statistics could not be read: "
                     f"{snapshot.statistics_error or 'not loaded yet'}")

    def ms(us: Optional[int]) -> str:
        return "" if us is None else f"{us / 1000.0:.1f} ms"

    def block(title: str, items: list[tuple[str, Any]]) -> str:
        return _table(["", ""], ([_e(k), _e(v)] for k, v in items), title)

    jobs = [("submitted", s.jobs_submitted), ("started", s.jobs_started),
            ("completed", s.jobs_completed), ("cancelled", s.jobs_canceled),
            ("failed", s.jobs_failed), ("pending now", s.jobs_pending),
            ("running now", s.jobs_running)]
    main = [("cycles", s.schedule_cycle_counter), ("last cycle", ms(s.schedule_cycle_last_us)),
            ("max cycle", ms(s.schedule_cycle_max_us)),
            ("mean cycle", ms(s.schedule_cycle_mean_us)),
            ("mean depth", s.schedule_cycle_mean_depth),
            ("cycles per minute", s.schedule_cycles_per_minute),
            ("last queue length", s.schedule_queue_length)]
    backfill = [("active", "yes" if s.bf_active else "no"),
                ("jobs backfilled", s.bf_backfilled_jobs),
                ("backfilled in last cycle", s.bf_last_backfilled_jobs),
                ("cycles", s.bf_cycle_counter), ("last cycle", ms(s.bf_cycle_last_us)),
                ("max cycle", ms(s.bf_cycle_max_us)), ("mean cycle", ms(s.bf_cycle_mean_us)),
                ("last depth (tried)", f"{s.bf_last_depth} ({s.bf_last_depth_try})"),
                ("queue length", s.bf_queue_length),
                ("last cycle ended", _when(s.bf_when_last_cycle))]
    server = [("since", _when(s.data_since)), ("server threads", s.server_thread_count),
              ("agent queue", s.agent_queue_size), ("slurmdbd queue", s.dbd_agent_queue_size)]
    rpcs = _table(["RPC type", "count", "mean"],
                  ([_e(r.type_id), _e(r.count), ms(r.average_time_us)]
                   for r in s.rpc_types[:top_rpcs]), "most frequent RPCs")
    users = _table(["user", "RPCs", "mean"],
                   ([_e(r.user_name if r.user_name is not None else r.user_id), _e(r.count),
                     ms(r.average_time_us)] for r in s.rpc_users[:top_rpcs]), "RPCs by user")
    cells = [block("jobs since the reset", jobs), block("main scheduler", main),
             block("backfill scheduler", backfill), block("controller", server), rpcs, users]
    return (f'<div style="display:flex;flex-wrap:wrap;gap:18px;{_CSS}">'
            + "".join(f"<div>{c}</div>" for c in cells) + "</div>")


def usage_table(snapshot: Snapshot, chart: bool = True) -> str:
    """Usage per account over the snapshot's usage period (accounting):
    a bar chart (SVG) and the table of accounts and their users, in hours.
    Without accounting the view says so."""
    if snapshot.usage is None:
        return _note("Usage per account needs accounting: "
                     f"{snapshot.accounting_error or 'not loaded yet'}.")
    report = snapshot.usage
    period = f"{_when(report.start)} to {_when(report.end)}"
    accounts = report.accounts()
    if not report.rows:
        return _note(f"No usage recorded from {period} (usage is rolled up hourly).")
    parts = []
    if chart and accounts:
        fig = _figure(6.0, 0.6 + 0.3 * len(accounts))
        ax = fig.add_subplot()
        names = [a.account for a in accounts]
        ax.barh(range(len(accounts)), [float(a.used) for a in accounts], color="#1971c2")
        ax.set_yticks(range(len(accounts)))
        ax.set_yticklabels(names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(f"{report.unit} of {', '.join(report.tres)}", fontsize=8)
        parts.append(_svg(fig))
    parts.append(_table(
        ["cluster", "account", "user", f"used ({report.unit})"],
        ([_e(r.cluster), _e(r.account), _e(r.user or "(account total)"), _e(r.used)]
         for r in report.rows), f"usage per account, {period}"))
    return f'<div style="{_CSS}">' + "".join(parts) + "</div>"


def finished_table(snapshot: Snapshot, max_rows: int = 25) -> str:
    """Recent finished jobs from accounting with their exit codes."""
    if snapshot.finished is None:
        return _note("Finished jobs need accounting: "
                     f"{snapshot.accounting_error or 'not loaded yet'}.")
    rows = sorted(snapshot.finished, key=lambda r: -(r.get("end_time") or 0))[:max_rows]
    if not rows:
        return _note("No jobs finished recently.")
    return _table(["job", "name", "user", "state", "exit code", "nodes", "ended"],
                  ([_e(r["id"]), _e(r.get("name")), _e(r.get("user_name")),
                    _badge(r["state"], JOB_COLORS.get(r["state"], "#495057")),
                    _e(r.get("exit_code")), _e(r.get("nodelist")), _e(_when(r.get("end_time")))]
                   for r in rows), f"{len(rows)} recent finished jobs")


#: The sections of :func:`page`, in order.
SECTIONS = ("Nodes", "Partitions", "Queue", "Timeline", "Recent finished jobs",
            "Scheduler statistics", "Usage per account")


def page(snapshot: Snapshot, group_by: str = "partition", title: str = "",
         sections: Optional[Sequence[str]] = None) -> str:
    """The whole dashboard as one self-contained HTML page (inline styles
    and SVG, no script, no external file).

    Args:
        snapshot: what to show.
        group_by: the node map's grouping (as :func:`node_groups`).
        title: the page's title (default: the cluster's name).
        sections: only these of :data:`SECTIONS`, in this order.

    Raises:
        ValueError: an unknown section or ``group_by``.
    """
    chosen = list(SECTIONS if sections is None else sections)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ValueError(f"invalid value for sections: {unknown!r} (of {', '.join(SECTIONS)})")
    render = {"Nodes": lambda: node_map(snapshot.nodes, group_by),
              "Partitions": lambda: partition_table(snapshot),
              "Queue": lambda: queue_table(snapshot.jobs, state="active"),
              "Timeline": lambda: gantt_svg(snapshot),
              "Recent finished jobs": lambda: finished_table(snapshot),
              "Scheduler statistics": lambda: statistics_table(snapshot),
              "Usage per account": lambda: usage_table(snapshot)}
    name = snapshot.cluster or "cluster"
    title = title or f"Slurm cluster {name}"
    body = "".join(f'<section id="{_e(t.lower().replace(" ", "-"))}"><h2 style="font-size:16px;'
                   f'border-bottom:1px solid #dee2e6">{_e(t)}</h2>{render[t]()}</section>'
                   for t in chosen)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{_e(title)}</title></head><body style="{_CSS};margin:16px;background:#fff">'
            f'<h1 style="font-size:20px">{_e(title)}</h1>'
            f'<p style="color:#495057">{len(snapshot.nodes)} nodes, {len(snapshot.jobs)} jobs; '
            f'as of {_e(_when(snapshot.taken))}</p>{body}</body></html>')
