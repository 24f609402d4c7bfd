"""pyslurm.notebook against the local cluster: the data and its cheap poll,
the views holding the cluster's nodes and the test's jobs, the widget's
timer and job actions (with a plain user's refusal shown), accounting's
views, and the static page."""

import os
import re
import time

import pytest

import pyslurm
from pyslurm.notebook import REASONS, ClusterDashboard, ClusterData, views

from polling import wait_for



@pytest.fixture()
def jobs(submit):
    """A running job and a held one (cancelled at the end by ``submit``)."""
    running = submit(script="#!/bin/sh\nsleep 300\n", name="nb-run")
    held = submit(script="#!/bin/sh\nsleep 1\n", name="nb-held", priority=0)
    wait_for(lambda: pyslurm.Job.load(running).state == "RUNNING", "the job to run")
    return running, held


def test_data_holds_the_cluster_and_polls_cheaply(slurm_cluster, jobs):
    running, held = jobs
    data = ClusterData(accounting=False)
    snap = data.refresh()
    names = {n["name"] for n in snap.nodes}
    assert set(slurm_cluster.node_names) <= names
    assert {p["name"] for p in snap.partitions} >= set(slurm_cluster.partitions)
    by_id = {j["id"]: j for j in snap.jobs}
    assert by_id[running]["state"] == "RUNNING" and by_id[running]["nodes"]
    assert by_id[held]["state"] == "PENDING" and by_id[held]["state_reason"] == "JobHeldUser"
    assert snap.statistics is not None and snap.statistics.jobs_submitted >= 2
    # nothing changed: the same snapshot back, no rows rebuilt (the
    # controller says "changed" for every poll in the second of a change,
    # and the job just started: try for a few seconds)
    for _ in range(20):
        time.sleep(0.3)
        changes = data.changes
        again = data.refresh()
        if data.changes == changes:
            assert again is snap or again.jobs is snap.jobs
            break
        snap = again
    else:
        pytest.fail("every poll reported a change on an idle cluster")
    assert data.refresh_live() in (False, True) and data.polls >= 3
    # a change is seen by the next poll
    pyslurm.Job(held).release()

    def released():
        jobs = {j["id"]: j for j in data.refresh().jobs}
        return jobs[held]["state_reason"] != "JobHeldUser"

    wait_for(released, "the poll to see the release")


def test_views_show_nodes_jobs_and_reasons(slurm_cluster, jobs):
    running, held = jobs
    snap = ClusterData(accounting=False).refresh()
    node_map = views.node_map(snap.nodes)
    for name in slurm_cluster.node_names:
        assert f'data-node="{name}"' in node_map
    job_node = pyslurm.Job.load(running).nodes
    assert re.search(rf'title="{job_node}: [A-Z+_]+\nCPUs [1-9]\d*/\d+ allocated', node_map)
    # active jobs only: in the full suite the controller still holds hundreds
    # of other tests' finished jobs, more than the table's rows
    queue = views.queue_table(snap.jobs, state="active")
    assert f">{running}<" in queue and f">{held}<" in queue
    assert REASONS["JobHeldUser"] in queue
    assert [r["id"] for r in views.queue_rows(snap.jobs, state="PENDING")
            if r["id"] in (running, held)] == [held]
    parts = {r["name"]: r for r in views.partition_usage(snap)}
    default = next(p["name"] for p in snap.partitions if p["is_default"])
    assert parts[default]["running"] >= 1 and parts[default]["allocated_cpus"] >= 1
    gantt = views.gantt_svg(snap)
    assert gantt.startswith("<svg") and f"{running} nb-run" in gantt
    stats = views.statistics_table(snap)
    assert "backfill scheduler" in stats and "main scheduler" in stats


def test_dashboard_widget_refresh_timer_and_close(jobs):
    running, held = jobs
    dash = ClusterDashboard(interval=1, accounting=False)
    try:
        bundle = dash._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert dash.running
        polls = dash.data.polls
        wait_for(lambda: dash.data.polls >= polls + 2, "two timed refreshes", 20)
        assert f">{running}<" in dash.queue_html.value
        assert "Slurm cluster" in dash.header.value
        dash.group_select.value = "rack"
        names = sorted(n["name"] for n in dash.snapshot.nodes)
        assert all(f'data-node="{n}"' in dash.nodes_html.value for n in names)
        assert dash.group_by == "rack" and ">debug " not in dash.nodes_html.value
        dash.state_filter.value = "PENDING"
        assert f">{held}<" in dash.queue_html.value and f">{running}<" not in dash.queue_html.value
        assert {v for _, v in dash.job_select.options} >= {held}
        # the timeline is drawn again only when its bars change
        assert f"{running} nb-run" in dash.gantt_html.value
        drawn = dash.gantt_html.value
        dash.refresh(force=True)
        assert dash.gantt_html.value is drawn
    finally:
        dash.close()
    assert not dash.running
    polls = dash.data.polls
    time.sleep(2.5)
    assert dash.data.polls == polls                      # the timer stopped


def test_dashboard_actions_need_confirmation(jobs):
    running, held = jobs
    dash = ClusterDashboard(interval=0, accounting=False)
    try:
        dash.select([held])
        question = dash.request("release")
        assert question == f"Release 1 job(s): {held}?"
        assert dash.confirm_box.layout.display == "flex"
        assert pyslurm.Job.load(held).priority == 0          # nothing done yet
        assert dash.confirm() == {held: None}
        assert pyslurm.Job.load(held).priority != 0
        assert f"release {held}: done" in dash.action_result.value
        dash.request("hold", [held])
        dash.abort()
        assert pyslurm.Job.load(held).priority != 0          # aborted: not held
        dash.request("cancel", [running])
        assert dash.confirm() == {running: None}
        wait_for(lambda: pyslurm.Job.load(running).state == "CANCELLED", "the cancel")
        with pytest.raises(ValueError, match="action: 'kill'"):
            dash.request("kill", [held])
        with pytest.raises(ValueError, match="nothing to confirm"):
            dash.confirm()
        with pytest.raises(ValueError, match="job_ids: -3"):
            dash.request("hold", [-3])
        with pytest.raises(ValueError, match="not in the queue shown"):
            dash.select([999999999])
    finally:
        dash.close()


def test_plain_users_refusal_is_shown(jobs, as_plain_user):
    running, held = jobs
    # the plain user may not be able to run this venv's interpreter (it can
    # live under /root): ipywidgets and its few pure-Python dependencies are
    # added at the end of the path of the interpreter it runs
    import ipywidgets
    site = os.path.dirname(os.path.dirname(ipywidgets.__file__))
    out = as_plain_user(f"""
import json
import sys
sys.path.append({site!r})
import pyslurm
from pyslurm.notebook import ClusterDashboard
dash = ClusterDashboard(interval=0, accounting=False)
dash.request("cancel", [{running}])
res = dash.confirm()
err = res[{running}]
print(json.dumps({{"error": type(err).__name__, "errno": getattr(err, "errno", None),
                  "shown": dash.action_result.value,
                  "last": type(dash.last_error).__name__}}))
dash.close()
""")
    assert out["error"] == "PermissionDeniedError" and out["last"] == "PermissionDeniedError"
    assert out["errno"] and f"cancel {running} refused: PermissionDeniedError" in out["shown"]
    assert pyslurm.Job.load(running).state == "RUNNING"


def test_without_accounting_the_views_say_so(jobs):
    snap = ClusterData(accounting=False).refresh()
    assert snap.accounting is False and snap.usage is None and snap.finished is None
    assert "needs accounting: this cluster has no accounting" in views.usage_table(snap)
    assert "need accounting" in views.finished_table(snap)
    page = views.page(snap)
    assert "Usage per account needs accounting" in page


def test_accounting_views(slurm_accounting, submit):
    failing = submit(script="#!/bin/sh\nexit 3\n", name="nb-fails")
    data = ClusterData(accounting=True, history=3600)

    def ended():
        snap = data.refresh(force=True)
        return snap if any(r["id"] == failing for r in snap.finished or ()) else None

    snap = wait_for(ended, "the failed job in accounting", 120)
    row = next(r for r in snap.finished if r["id"] == failing)
    assert row["state"] == "FAILED" and row["exit_code"] == 3
    assert snap.accounting_error is None and snap.usage is not None
    table = views.finished_table(snap)
    assert f">{failing}<" in table and ">3<" in table
    assert views.usage_table(snap)                 # rows or "no usage recorded" for the period
    assert f"{failing} nb-fails" in views.gantt_svg(snap)
    # the usage period is chosen in the widget (accounting read again)
    dash = ClusterDashboard(interval=0, accounting=True, usage_days=3)
    try:
        assert dash.period_select.value == 3
        start, end = dash.snapshot.usage_period
        assert 2 * 86400 < end - start <= 4 * 86400
        dash.period_select.value = 30
        assert dash.data.usage_days == 30 and dash.last_error is None
        start, end = dash.snapshot.usage_period
        assert 29 * 86400 < end - start <= 31 * 86400
        assert "usage per account" in dash.usage_html.value or \
            "No usage recorded" in dash.usage_html.value
        with pytest.raises(ValueError, match="usage_days: 0"):
            dash.set_usage_days(0)
    finally:
        dash.close()


def test_to_html_writes_one_page(tmp_path, slurm_cluster, jobs):
    running, held = jobs
    dash = ClusterDashboard(interval=0, accounting=False)
    try:
        path = dash.to_html(tmp_path / "cluster.html", title="Test page")
    finally:
        dash.close()
    text = open(path, encoding="utf-8").read()
    assert text.startswith("<!DOCTYPE html>") and "<script" not in text
    assert "<title>Test page</title>" in text
    for name in slurm_cluster.node_names:
        assert f'data-node="{name}"' in text
    assert f">{running}<" in text and f">{held}<" in text
