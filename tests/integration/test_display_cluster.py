"""Rich display on the real cluster: the tables of live and accounting
collections hold the cluster's nodes and the test's jobs, colour-coded and
escaped; a single job shows as a card."""

import html as _html
import re
import time

import pytest

import pyslurm
from pyslurm import db, display
from pyslurm.errors import RPCError
from pyslurm.testing import wait_for

EVIL = '<img src=x onerror=alert(1)>"&'


def rows_of(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def badge(state):
    return (f'<span class="pyslurm-state" style="background:{display.state_colour(state)}">'
            f"{_html.escape(state)}</span>")


@pytest.fixture(scope="module")
def jobs_of_test(slurm_cluster, tmp_path_factory):
    """A held job with a hostile name and comment, and a running one with a
    step: ``(held id, running id)``."""
    out = tmp_path_factory.mktemp("display")
    held = pyslurm.JobSubmitDescription(
        script="#!/bin/sh\ntrue\n", name=EVIL, comment=EVIL, hold=True, time_limit=7,
        standard_output=str(out / "%j.out")).submit()
    running = pyslurm.JobSubmitDescription(
        script="#!/bin/sh\nsrun sleep 120\n", name="disp-run", time_limit=3,
        standard_output=str(out / "%j.out")).submit()

    def step_runs():
        return any(s.state == "RUNNING" for s in pyslurm.JobSteps.load(running).values()
                   if s.id == 0)
    wait_for(step_runs, "the display test's step to run", timeout=60)
    yield held, running
    for job_id in (held, running):
        try:
            pyslurm.Job(job_id).cancel()
        except RPCError:
            pass
    for path in out.iterdir():
        path.unlink()


def test_nodes_table_has_every_node_with_its_state_colour(slurm_cluster):
    nodes = pyslurm.Nodes.load()
    html = nodes._repr_html_()
    assert f"pyslurm.Nodes: {len(nodes)} items" in html
    shown = {}
    for row in rows_of(html):
        cells = re.findall(r"<td>(.*?)</td>", row)
        shown[cells[0]] = cells
    assert set(shown) == {n for (n,) in pyslurm.Nodes.load_fields(["name"], as_tuples=True)}
    for name, node in nodes.items():
        assert shown[name][1] == badge(node.state)
        assert shown[name][2] == f"{node.alloc_cpus} / {node.cpus}"


def test_jobs_table_has_the_test_jobs_escaped(jobs_of_test):
    held, running = jobs_of_test
    jobs = pyslurm.Jobs.load()
    html = jobs._repr_html_()
    assert "<img" not in html
    by_id = {}
    for row in rows_of(html)[:display.MAX_ROWS]:
        cells = re.findall(r"<td>(.*?)</td>", row)
        by_id[int(cells[0])] = cells
    if len(jobs) <= display.MAX_ROWS:
        assert held in by_id and running in by_id
    else:       # a busy cluster: the test's jobs in a table of their own
        html = display.table_html([jobs[held], jobs[running]])
        by_id = {int(re.findall(r"<td>(.*?)</td>", r)[0]): re.findall(r"<td>(.*?)</td>", r)
                 for r in rows_of(html)}
    h = by_id[held]
    assert h[1] == _html.escape(EVIL) and h[4] == badge("PENDING")
    assert h[5] == _html.escape(pyslurm.Job.load(held).state_reason)
    assert h[8].endswith("/ 7:00")
    r = by_id[running]
    assert r[4] == badge("RUNNING") and r[6] == pyslurm.Job.load(running).nodes
    assert r[11] == ""                                # no exit code while running


def test_job_card_and_steps(jobs_of_test):
    held, running = jobs_of_test
    card = pyslurm.Job.load(held)._repr_html_()
    assert f"pyslurm.Job {held}" in card and "<img" not in card
    assert badge("PENDING") in card and "<th>Time / limit</th>" in card
    assert _html.escape(EVIL) in card                  # the comment, escaped
    steps = pyslurm.JobSteps.load(running)
    html = steps._repr_html_()
    assert f"<td>{running}.0</td>" in html and badge("RUNNING") in html
    assert f"pyslurm.JobStep {running}.0" in steps[0]._repr_html_()


def test_partitions_and_reservations(slurm_cluster):
    parts = pyslurm.Partitions.load()
    html = parts._repr_html_()
    for name, part in parts.items():
        assert f"<td>{name}{'*' if part.is_default else ''}</td>" in html
    node = next(iter(pyslurm.Nodes.load().keys()))
    resv = pyslurm.Reservation(name="pyslurm-display", nodes=node, duration=5,
                               users=["root"], flags=["MAINT", "IGNORE_JOBS"])
    resv.create()
    try:
        html = pyslurm.Reservations.load()._repr_html_()
        assert "<td>pyslurm-display</td>" in html and f"<td>{node}</td>" in html
        assert "<td>5:00</td>" in html          # duration
        card = pyslurm.Reservation.load("pyslurm-display")._repr_html_()
        assert "pyslurm.Reservation pyslurm-display" in card
    finally:
        pyslurm.Reservation("pyslurm-display").delete()


def test_accounting_tables(slurm_accounting, jobs_of_test):
    held, running = jobs_of_test
    finished = pyslurm.JobSubmitDescription(script="#!/bin/sh\nexit 3\n", name="disp-fail",
                                            time_limit=2, standard_output="/dev/null").submit()
    f = db.JobFilter(ids=[finished])

    def recorded():
        got = db.Jobs.load(f)
        # slurmdbd may name a just-ended job "allocation" for a moment
        return (finished in got and got[finished].state == "FAILED"
                and got[finished].name == "disp-fail")
    wait_for(recorded, "the failed job in accounting", timeout=90)
    jobs = db.Jobs.load(f)
    html = jobs._repr_html_()
    row = re.findall(r"<td>(.*?)</td>", rows_of(html)[0])
    assert row[0] == str(finished) and row[1] == "disp-fail"
    assert row[5] == badge("FAILED") and row[-1] == "3"       # the exit code
    card = jobs[finished]._repr_html_()
    assert f"pyslurm.db.Job {finished}" in card and "<th>Exit code</th><td>3</td>" in card
    qos = db.QualitiesOfService.load()._repr_html_()
    assert "<td>normal</td>" in qos
    users = db.Users.load()._repr_html_()
    assert "<td>root</td>" in users
    accounts = db.Accounts.load()
    assert f"<td>{slurm_accounting.account}</td>" in accounts._repr_html_()
    assocs = db.Associations.load()._repr_html_()
    assert f"<td>{slurm_accounting.account}</td>" in assocs and "<th>Account</th>" in assocs
    steps = db.Jobs.load(db.JobFilter(ids=[finished]))[finished].steps
    assert "pyslurm.db.JobSteps" in steps._repr_html_()


def test_ten_thousand_rows_render_fast(slurm_cluster):
    """Only the first MAX_ROWS rows are read: a huge collection costs what a
    small one does (the same Job objects repeated as 10,000 items)."""
    jobs = pyslurm.Jobs.load()
    some = next(iter(jobs.values()))
    big = pyslurm.Jobs(cluster=jobs.local_cluster)
    for i in range(1, 10_001):
        big.data.setdefault(jobs.local_cluster or "", {})[i] = some
    t = time.perf_counter()
    html = big._repr_html_()
    elapsed = time.perf_counter() - t
    assert len(rows_of(html)) == display.MAX_ROWS
    assert f"... {10_000 - display.MAX_ROWS} more" in html
    assert elapsed < 1.0
