"""``ClusterDashboard``: the cluster's views in one ipywidgets widget,
refreshed on a timer with the cheap "nothing changed" poll, with hold,
release and cancel of selected jobs (after a confirmation step).

The widget is made of ipywidgets' own parts (``Tab``, ``VBox``, ``HTML``,
``Dropdown``, ``SelectMultiple``, ``Button``): there is no JavaScript of
pyslurm's to build or bundle.  The views are the HTML of
:mod:`pyslurm.notebook.views`, so :meth:`ClusterDashboard.to_html` writes the
same views into one static page.
"""

from __future__ import annotations

import html
import importlib
import os
import threading
import time
from typing import Any, Callable, Optional, Sequence, Union

import pyslurm
from pyslurm.notebook import views
from pyslurm.notebook.data import ClusterData, Snapshot

__all__ = ["ClusterDashboard", "ACTIONS"]

#: The job actions: name → what it does to a ``pyslurm.Job``.
ACTIONS: dict[str, Callable[[Any], None]] = {
    "hold": lambda job: job.hold(),
    "release": lambda job: job.release(),
    "cancel": lambda job: job.cancel(),
}

#: Seconds after which the timeline is redrawn even if no bar changed.
GANTT_EVERY = 300

_ALL = "(all)"
_ACTIVE = "(active)"


def _widgets() -> Any:
    try:
        return importlib.import_module("ipywidgets")
    except ImportError as e:
        raise ImportError("ClusterDashboard needs ipywidgets: "
                          "pip install 'pyslurm[notebook]'") from e


def _job_ids(value: Any) -> list[int]:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        value = [value]
    ids = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            raise ValueError(f"invalid value for job_ids: {v!r} (job ids)")
        try:
            n = int(v)
        except ValueError:
            raise ValueError(f"invalid value for job_ids: {v!r} (job ids)") from None
        if n <= 0:
            raise ValueError(f"invalid value for job_ids: {v!r} (job ids are > 0)")
        ids.append(n)
    return ids


class ClusterDashboard:
    """A live view of the local cluster for Jupyter.

    Displaying the object (the last expression of a cell, or
    ``display(dashboard)``) shows the widget: tabs for the node map,
    partition utilisation, the queue (filters, sort, plain-language
    pending reasons, job actions), the Gantt chart, the controller's
    scheduler statistics and, with accounting, recent finished jobs and
    usage per account.

    Every ``interval`` seconds a background thread calls :meth:`refresh`;
    it costs the controller three "nothing changed" answers while nothing
    changes (see :class:`~pyslurm.notebook.data.ClusterData`).

    Args:
        interval: seconds between refreshes; 0 or None: no timer
            (call :meth:`refresh` yourself).
        group_by: the node map's grouping, ``"partition"`` or ``"rack"``
            (host-name prefix) or ``"none"``.
        max_rows: at most this many rows in the queue table.
        data: the :class:`ClusterData` to show (default: a new one; its
            keyword arguments may be given here instead).
        **data_options: passed to :class:`ClusterData` (``history``,
            ``usage_days``, ``statistics_every``, ``accounting_every``,
            ``accounting``).

    Raises:
        ValueError: a bad argument, naming it.
        ImportError: ipywidgets (the ``notebook`` extra) is missing.
        RPCError: the first load failed.

    Example:
        >>> from pyslurm.notebook import ClusterDashboard
        >>> dash = ClusterDashboard(interval=30)      # doctest: +SKIP
        >>> dash                                      # doctest: +SKIP
    """

    def __init__(self, interval: Optional[float] = 30, group_by: str = "partition",
                 max_rows: int = 500, data: Optional[ClusterData] = None,
                 **data_options: Any) -> None:
        if interval is not None and (isinstance(interval, bool) or not isinstance(
                interval, (int, float)) or interval < 0 or 0 < interval < 1):
            raise ValueError(f"invalid value for interval: {interval!r} "
                             f"(seconds >= 1, or 0/None for no timer)")
        if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
            raise ValueError(f"invalid value for max_rows: {max_rows!r} (an integer >= 1)")
        views.node_groups([], group_by)            # checks group_by
        if data is not None and data_options:
            raise ValueError(f"invalid arguments: {sorted(data_options)!r} "
                             f"(give them to the ClusterData passed as data)")
        self.data = data if data is not None else ClusterData(**data_options)
        self.interval = float(interval or 0)
        self.group_by = group_by
        self.max_rows = max_rows
        #: The last failure of a refresh or an action (the exception), or None.
        self.last_error: Optional[BaseException] = None
        #: What the status line says now (plain text).
        self.message = ""
        self._pending: Optional[tuple[str, list[int]]] = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._shown: dict[str, Any] = {}
        self._build()
        try:
            self.refresh()
        except BaseException:
            self.close()
            raise
        if self.interval:
            self.start()

    # ---- the widget ----

    def _build(self) -> None:
        w = _widgets()
        self._w = w
        self.header = w.HTML()
        self.status = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh",
                                       tooltip="Load what changed now")
        self.refresh_button.on_click(lambda _b: self._safe(lambda: self.refresh(force=True)))
        self.group_select = w.Dropdown(options=["partition", "rack", "none"],
                                       value=self.group_by, description="group by")
        self.group_select.observe(lambda c: self._locked(lambda: self._on_group(c)),
                                  names="value")
        self.nodes_html = w.HTML()
        self.partitions_html = w.HTML()
        self.user_filter = w.Dropdown(options=[_ALL], value=_ALL, description="user")
        self.partition_filter = w.Dropdown(options=[_ALL], value=_ALL, description="partition")
        self.state_filter = w.Dropdown(options=[_ACTIVE, _ALL], value=_ACTIVE,
                                       description="state")
        self.sort_select = w.Dropdown(options=list(views.SORT_KEYS), value="priority",
                                      description="sort")
        for f in (self.user_filter, self.partition_filter, self.state_filter,
                  self.sort_select):
            f.layout = w.Layout(width="220px")
            f.observe(lambda _c: self._locked(self._render_queue), names="value")
        self.job_select = w.SelectMultiple(options=[], rows=6, description="jobs",
                                           layout=w.Layout(width="420px"))
        self.action_buttons = {}
        for name, style in (("hold", "warning"), ("release", "info"), ("cancel", "danger")):
            b = w.Button(description=name.capitalize(), button_style=style)
            b.on_click(lambda _b, n=name: self._safe(lambda: self.request(n)))
            self.action_buttons[name] = b
        self.confirm_text = w.HTML()
        self.confirm_button = w.Button(description="Yes, do it", button_style="danger")
        self.confirm_button.on_click(lambda _b: self._safe(self.confirm))
        self.abort_button = w.Button(description="No")
        self.abort_button.on_click(lambda _b: self._safe(self.abort))
        self.confirm_box = w.HBox([self.confirm_text, self.confirm_button, self.abort_button])
        self.confirm_box.layout.display = "none"
        self.action_result = w.HTML()
        self.queue_html = w.HTML()
        self.gantt_html = w.HTML()
        self.finished_html = w.HTML()
        self.statistics_html = w.HTML()
        self.usage_html = w.HTML()
        periods: list[tuple[str, float]] = [("last day", 1), ("last 7 days", 7),
                                            ("last 30 days", 30), ("last 365 days", 365)]
        days = self.data.usage_days
        if days not in [d for _, d in periods]:
            periods.append((f"last {days:g} days", days))
        self.period_select = w.Dropdown(options=periods,
                                        value=next(d for _, d in periods if d == days),
                                        description="usage of")
        self.period_select.observe(
            lambda c: self._safe(lambda: self.set_usage_days(c["new"])), names="value")
        queue = w.VBox([
            w.HBox([self.user_filter, self.partition_filter, self.state_filter,
                    self.sort_select]),
            w.HBox([self.job_select, w.VBox(list(self.action_buttons.values()))]),
            self.confirm_box, self.action_result, self.queue_html])
        self.tabs = w.Tab(children=[
            w.VBox([self.group_select, self.nodes_html]), self.partitions_html, queue,
            self.gantt_html, self.statistics_html,
            w.VBox([self.period_select, self.usage_html, self.finished_html])])
        for i, title in enumerate(["Nodes", "Partitions", "Queue", "Timeline",
                                   "Scheduler", "Accounting"]):
            self.tabs.set_title(i, title)
        self.widget = w.VBox([w.HBox([self.header, self.refresh_button]), self.status,
                              self.tabs])

    def _locked(self, call: Callable[[], Any]) -> None:
        """Run ``call`` while no refresh redraws (the timer's thread)."""
        with self._lock:
            self._safe(call)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _safe(self, call: Callable[[], Any]) -> None:
        """Run a button's call; a failure is shown in the status line (and
        kept in :attr:`last_error`), never lost in a callback."""
        try:
            call()
        except Exception as e:   # noqa: BLE001 - shown to the user, kept in last_error
            self._fail(e)

    def _fail(self, e: BaseException) -> None:
        self.last_error = e
        self._say(f"{type(e).__name__}: {e}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message = text
        color = "#c92a2a" if error else "#495057"
        self.status.value = f'<span style="color:{color}">{html.escape(text)}</span>'

    # ---- refreshing ----

    @property
    def snapshot(self) -> Optional[Snapshot]:
        """The data shown now."""
        return self.data.snapshot

    def refresh(self, force: bool = False) -> bool:
        """Load what changed (the cheap poll) and redraw what it touches.

        Args:
            force: also read the controller's statistics and accounting now.

        Returns:
            bool: True when the live data (nodes, partitions, jobs) changed.

        Raises:
            RPCError: the controller refused or did not answer (also shown
                in the widget and kept in :attr:`last_error`).
        """
        with self._lock:
            before = self.data.changes
            try:
                snap = self.data.refresh(force=force)
            except pyslurm.RPCError as e:
                self._fail(e)
                raise
            changed = self.data.changes != before
            self._render(snap)
            self._say(f"updated {time.strftime('%H:%M:%S')}"
                      + ("" if changed else " (nothing changed)"))
            return changed

    def _render(self, snap: Snapshot) -> None:
        live = (id(snap.nodes), id(snap.partitions), id(snap.jobs))
        if self._shown.get("live") != live:
            self._shown["live"] = live
            self.header.value = (f'<b style="font-size:15px">Slurm cluster '
                                 f'{html.escape(snap.cluster or "")}</b> &nbsp; '
                                 f'{len(snap.nodes)} nodes, {len(snap.jobs)} jobs')
            self._render_nodes()
            self.partitions_html.value = views.partition_table(snap)
            self._update_filters(snap)
            self._render_queue()
            self._render_gantt(snap)
        if self._shown.get("stats") is not snap.statistics or snap.statistics is None:
            self._shown["stats"] = snap.statistics
            self.statistics_html.value = views.statistics_table(snap)
        acct = (id(snap.usage), id(snap.finished), snap.accounting_error)
        if self._shown.get("acct") != acct:
            self._shown["acct"] = acct
            self.usage_html.value = views.usage_table(snap)
            self.finished_html.value = views.finished_table(snap)
            self._render_gantt(snap)
        elif time.time() - self._shown.get("gantt_at", 0) >= GANTT_EVERY:
            self._render_gantt(snap)            # the "now" line moves on

    def _render_gantt(self, snap: Snapshot) -> None:
        """Redraw the timeline when its bars changed (drawing it costs
        matplotlib a tenth of a second or more), or every GANTT_EVERY seconds."""
        bars = views.gantt_bars(snap)
        if bars == self._shown.get("gantt") and \
                time.time() - self._shown.get("gantt_at", 0) < GANTT_EVERY:
            return
        self._shown["gantt"] = bars
        self._shown["gantt_at"] = time.time()
        self.gantt_html.value = views.gantt_svg(snap)

    def _render_nodes(self) -> None:
        snap = self.data.snapshot
        if snap is not None:
            self.nodes_html.value = views.node_map(snap.nodes, self.group_by)

    def _on_group(self, change: Any) -> None:
        self.group_by = change["new"]
        self._render_nodes()

    def _update_filters(self, snap: Snapshot) -> None:
        def opts(values: Sequence[Any]) -> list[str]:
            return [_ALL] + sorted({str(v) for v in values if v and v not in (_ALL, _ACTIVE)})

        self.user_filter.options = opts([j.get("user_name") for j in snap.jobs]
                                        + [self.user_filter.value])
        parts = [p["name"] for p in snap.partitions]
        self.partition_filter.options = opts(parts + [self.partition_filter.value])
        self.state_filter.options = [_ACTIVE] + opts(
            [j.get("state") for j in snap.jobs] + [self.state_filter.value])

    def _filters(self) -> dict[str, Any]:
        def val(w: Any) -> Optional[str]:
            if w.value == _ACTIVE:
                return "active"
            return None if w.value in (_ALL, _ACTIVE) else w.value

        return {"user": val(self.user_filter), "partition": val(self.partition_filter),
                "state": val(self.state_filter), "sort": self.sort_select.value}

    def _render_queue(self) -> None:
        snap = self.data.snapshot
        if snap is None:
            return
        f = self._filters()
        self.queue_html.value = views.queue_table(snap.jobs, max_rows=self.max_rows, **f)
        rows = views.queue_rows(snap.jobs, **f)[:self.max_rows]
        chosen = set(self.job_select.value)
        self.job_select.options = [(f"{r['id']} {r.get('name') or ''} "
                                    f"({r.get('user_name')}, {r['state'].lower()})", r["id"])
                                   for r in rows]
        self.job_select.value = tuple(r["id"] for r in rows if r["id"] in chosen)

    def set_usage_days(self, days: float) -> None:
        """Show usage per account over the last ``days`` days (read from
        accounting now).

        Raises:
            ValueError: a bad number of days.
            RPCError: as :meth:`refresh`.
        """
        with self._lock:
            snap = self.data.set_usage_days(days)
            self._render(snap)

    # ---- the timer ----

    def start(self) -> None:
        """Start refreshing every :attr:`interval` seconds (a daemon thread;
        a failed refresh is shown and the timer goes on)."""
        if not self.interval:
            raise ValueError("invalid value for interval: 0 (no timer; give interval=)")
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="pyslurm-dashboard",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except pyslurm.RPCError:
                pass                    # shown in the widget by refresh(); try again later
            except Exception as e:      # noqa: BLE001 - shown; the timer goes on
                self._fail(e)

    @property
    def running(self) -> bool:
        """True while the timer thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30) -> None:
        """Stop the timer (waits for a refresh in progress)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def close(self) -> None:
        """Stop the timer and close the widget (and every widget in it)."""
        self.stop()

        def close_tree(widget: Any) -> None:
            for child in getattr(widget, "children", ()):
                close_tree(child)
            widget.close()

        close_tree(self.widget)

    # ---- job actions ----

    def select(self, job_ids: Union[int, str, Sequence[Union[int, str]]]) -> None:
        """Select jobs of the queue table (as clicking them does).

        Raises:
            ValueError: an id that is not a job id, or not in the queue shown.
        """
        ids = _job_ids(job_ids)
        shown = {v for _, v in self.job_select.options}
        missing = [i for i in ids if i not in shown]
        if missing:
            raise ValueError(f"invalid value for job_ids: {missing!r} (not in the queue shown)")
        self.job_select.value = tuple(ids)

    @property
    def selected(self) -> list[int]:
        """The ids of the selected jobs."""
        return list(self.job_select.value)

    def request(self, action: str, job_ids: Any = None) -> str:
        """First step of an action: ask for confirmation (shown in the
        widget) to ``action`` the selected jobs (or ``job_ids``).

        Returns:
            str: the question shown.

        Raises:
            ValueError: an unknown action, or no job to act on.
        """
        if action not in ACTIONS:
            raise ValueError(f"invalid value for action: {action!r} "
                             f"(one of {', '.join(ACTIONS)})")
        ids = self.selected if job_ids is None else _job_ids(job_ids)
        if not ids:
            raise ValueError("invalid value for job_ids: [] (select jobs first)")
        self._pending = (action, ids)
        question = f"{action.capitalize()} {len(ids)} job(s): {', '.join(map(str, ids))}?"
        self.confirm_text.value = f"<b>{html.escape(question)}</b>"
        self.confirm_box.layout.display = "flex"
        return question

    def abort(self) -> None:
        """Drop the action waiting for confirmation."""
        self._pending = None
        self.confirm_box.layout.display = "none"
        self.action_result.value = ""

    def confirm(self) -> dict[int, Optional[BaseException]]:
        """Carry out the action waiting for confirmation, job by job.  A
        refusal (``PermissionDeniedError``, or any ``RPCError``) is shown
        in the widget next to the job, kept in :attr:`last_error`, and
        given back; the other jobs are still acted on.

        Returns:
            dict: job id → None (done) or the exception Slurm's refusal raised.

        Raises:
            ValueError: no action is waiting for confirmation.
        """
        if self._pending is None:
            raise ValueError("nothing to confirm: request() an action first")
        action, ids = self._pending
        self._pending = None
        self.confirm_box.layout.display = "none"
        results: dict[int, Optional[BaseException]] = {}
        for job_id in ids:
            try:
                ACTIONS[action](pyslurm.Job(job_id))
                results[job_id] = None
            except pyslurm.RPCError as e:
                results[job_id] = e
                self.last_error = e
        lines = []
        for job_id, err in results.items():
            if err is None:
                lines.append(f'<span style="color:#2e9e4f">{action} {job_id}: done</span>')
            else:
                lines.append(f'<span style="color:#c92a2a">{action} {job_id} refused: '
                             f'{html.escape(type(err).__name__)}: '
                             f'{html.escape(str(err))}</span>')
        self.action_result.value = "<br>".join(lines)
        try:
            self.refresh()
        except pyslurm.RPCError:
            pass                         # shown by refresh()
        return results

    # ---- the static page ----

    def to_html(self, path: Union[str, "os.PathLike[str]"], title: str = "") -> str:
        """Write the dashboard's views (as of the last refresh) into one
        self-contained HTML file: inline styles and SVG, no script, no
        external file; any browser opens it without Jupyter.

        Returns:
            str: the path written.
        """
        snap = self.data.snapshot
        if snap is None:
            snap = self.data.refresh()
        text = views.page(snap, group_by=self.group_by, title=title)
        path = os.fspath(path)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def __enter__(self) -> "ClusterDashboard":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
