"""The example notebooks of docs/notebooks, executed with nbclient in a
real kernel against the local cluster, and their outputs checked: the
tables hold the cluster's nodes and this test's jobs, the frames have the
expected columns and dtypes, the dashboard is a widget.

The notebooks are committed without outputs (checked here too)."""

import html
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

import pyslurm
from pyslurm.notebook import REASONS, views
from polling import wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.join(HERE, "..", "..", "docs", "notebooks")
SRC = os.path.dirname(os.path.dirname(os.path.abspath(pyslurm.__file__)))
WIDGET = "application/vnd.jupyter.widget-view+json"




def run(name, slurm_cluster, tmp_path):
    """Execute docs/notebooks/<name>.ipynb in a fresh kernel whose
    environment names the test cluster; its cells, outputs included."""
    path = os.path.join(NOTEBOOKS, f"{name}.ipynb")
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code"), f"{name} is committed with outputs"
    env = {**os.environ, "SLURM_CONF": slurm_cluster.conf,
           "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])),
           "HOME": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)
    return nb.cells


def text_of(cell):
    """Everything a code cell showed, as one string (HTML and plain text)."""
    out = []
    for o in cell.get("outputs", []):
        assert o.output_type != "error", "".join(o.get("traceback", []))
        if o.output_type == "stream":
            out.append(o.text)
        for mime, value in o.get("data", {}).items():
            out.append(value if isinstance(value, str) else str(value))
            out.append(mime)
    return "\n".join(out)


def cell_with(cells, source_part):
    return next(c for c in cells if c.cell_type == "code" and source_part in c.source)


@pytest.fixture()
def queue_jobs(submit):
    running = submit(script="#!/bin/sh\nsleep 300\n", name="nbex-run")
    held = submit(script="#!/bin/sh\nsleep 1\n", name="nbex-held", priority=0)
    wait_for(lambda: pyslurm.Job.load(running).state == "RUNNING", "the job to run", 60)
    return running, held


def test_queue_overview(slurm_cluster, queue_jobs, tmp_path):
    running, held = queue_jobs
    cells = run("queue-overview", slurm_cluster, tmp_path)
    table = text_of(cell_with(cells, "queue = jobs.filter("))
    assert "text/html" in table and f">{running}<" in table and f">{held}<" in table
    dtypes = text_of(cell_with(cells, "frame.dtypes"))
    for column, dtype in (("state", "category"), ("partition", "category"),
                          ("cpus", "Int64"), ("submit_time", "datetime64"),
                          ("time_limit", "timedelta64"), ("user_name", "category")):
        assert re.search(rf"^{column}\s+{dtype}", dtypes, re.M), (column, dtypes)
    counts = text_of(cell_with(cells, 'groupby("state"'))
    assert re.search(r"RUNNING\s+[1-9]", counts) and re.search(r"PENDING\s+[1-9]", counts)
    running_rows = text_of(cell_with(cells, 'frame[frame.state == "RUNNING"]'))
    assert re.search(rf"<th>{running}</th>\s*<td>nbex-run</td>", running_rows)
    pending = text_of(cell_with(cells, 'state="PENDING"'))
    assert f">{held}<" in pending and f">{running}<" not in pending
    assert html.escape(REASONS["JobHeldUser"]) in pending
    assert "group limit" in text_of(cell_with(cells, "explain_reason("))
    node_map = text_of(cell_with(cells, "views.node_map"))
    for name in slurm_cluster.node_names:
        assert f'data-node="{name}"' in node_map


def test_recent_failures(slurm_cluster, slurm_accounting, submit, tmp_path):
    failing = submit(script="#!/bin/sh\nexit 7\n", name="nbex-fails")
    query = pyslurm.db.JobFilter(ids=[failing])
    # slurmdbd may list the job as "allocation" for a moment after its end
    # is recorded: wait for its name too
    wait_for(lambda: any(j.end_time and j.name == "nbex-fails"
                         for j in pyslurm.db.Jobs.load(query).values()),
             "the failed job in accounting", 120)
    cells = run("recent-failures", slurm_cluster, tmp_path)
    table = text_of(cell_with(cells, "failures = pyslurm.db.Jobs.load_frame"))
    assert re.search(rf"<th>{failing}</th>\s*<td>nbex-fails</td>\s*<td>FAILED</td>\s*<td>7</td>",
                     table), table[:3000]
    dtypes = text_of(cell_with(cells, "failures.dtypes"))
    for column, dtype in (("state", "category"), ("exit_code", "Int64"),
                          ("end_time", "datetime64"), ("elapsed_time", "timedelta64")):
        assert re.search(rf"^{column}\s+{dtype}", dtypes, re.M), (column, dtypes)
    usage = text_of(cell_with(cells, "efficiency.load(recent)"))
    assert f"<td>{failing}</td>" in usage and "cpu_efficiency" in usage


def test_node_map_drain(slurm_cluster, tmp_path):
    try:
        cells = run("node-map-drain", slurm_cluster, tmp_path)
    finally:
        # whatever happened in the notebook, no node stays drained by it
        for node in pyslurm.Nodes.load().values():
            if node.reason == "notebook example: maintenance":
                node.modify(state="RESUME")
        wait_for(lambda: all(not {"DRAIN", "NOT_RESPONDING"} & set(n.state_flags)
                             for n in pyslurm.Nodes.load().values()
                             if n.name in slurm_cluster.node_names),
                 "the nodes to be usable again", 60)
    drained = text_of(cell_with(cells, 'state="DRAIN"'))
    name, state = re.search(r"\('([^']+)', '([A-Z+]+)', 'notebook example: maintenance'\)",
                            drained).groups()
    assert "DRAIN" in state
    drain_colour = views.NODE_COLORS["DRAIN"][0]
    assert re.search(rf'data-node="{re.escape(name)}" style="[^"]*border:1px solid '
                     rf'{drain_colour}', drained)
    resumed = text_of(cell_with(cells, 'state="RESUME"'))
    assert re.search(rf"\('{re.escape(name)}', 'IDLE'\)", resumed), resumed[-500:]
    assert not re.search(rf'data-node="{re.escape(name)}" style="[^"]*border:1px solid '
                         rf'{drain_colour}', resumed)
    assert "DRAIN" not in pyslurm.Node.load(name).state_flags
    for node in slurm_cluster.node_names:
        assert f'data-node="{node}"' in drained


def test_live_dashboard(slurm_cluster, queue_jobs, tmp_path):
    running, held = queue_jobs
    cells = run("live-dashboard", slurm_cluster, tmp_path)
    shown = cell_with(cells, "dashboard = ClusterDashboard(")
    assert WIDGET in text_of(shown)
    data = next(o for o in shown.outputs if WIDGET in o.get("data", {}))["data"][WIDGET]
    assert data["model_id"]
    assert "'cluster.html'" in text_of(cell_with(cells, "to_html("))
    page = (tmp_path / "cluster.html").read_text()
    assert f">{running}<" in page and f">{held}<" in page
    for node in slurm_cluster.node_names:
        assert f'data-node="{node}"' in page
    assert "<script" not in page
