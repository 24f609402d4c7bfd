"""The static page of pyslurm.notebook opened in headless Chromium
(Debian's ``chromium``): written from the real cluster with a node
drained and a job filling a node, screenshotted, and the PNG checked for
content (not blank; the state colours of the node map present).

Under CI=true a missing Chromium fails the test; elsewhere it is skipped."""

import os
import sys
from pathlib import Path

import pytest

import pyslurm
from pyslurm.notebook import ClusterDashboard, views

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from screenshots import colour_count, find_chromium, non_white_share, read_png, screenshot  # noqa: E402
from polling import wait_for

REASON = "pyslurm test: static page"


@pytest.fixture()
def chromium():
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed: the static page cannot be checked "
                        "(apt-get install chromium)")
        pytest.skip("chromium is not installed (not under CI)")
    return exe




def usable(node):
    return node.base_state in ("IDLE", "MIXED", "ALLOCATED") and not {
        "DRAIN", "NOT_RESPONDING"} & set(node.state_flags)


def test_static_page_in_chromium(chromium, slurm_cluster, submit, tmp_path):
    first, last = slurm_cluster.node_names[0], slurm_cluster.node_names[-1]
    cpus = pyslurm.Node.load(first).cpus
    job = submit(script="#!/bin/sh\nsleep 300\n", name="page-full", required_nodes=first,
                 cpus_per_task=cpus)
    wait_for(lambda: pyslurm.Job.load(job).state == "RUNNING", "the job to run")
    pyslurm.Node(last).modify(state="DRAIN", reason=REASON)
    try:
        dash = ClusterDashboard(interval=0, accounting=False)
        try:
            page = dash.to_html(tmp_path / "page.html")
        finally:
            dash.close()
        text = Path(page).read_text()
        assert f'data-node="{first}"' in text and f'data-node="{last}"' in text
        png = screenshot(page, str(tmp_path / "page.png"), 1200, 900, chromium=chromium)
    finally:
        pyslurm.Node(last).modify(state="RESUME")
        # back in use (and answering) before the next test looks at it
        wait_for(lambda: usable(pyslurm.Node.load(last)), f"{last} to be usable again")
    width, height, rows = read_png(png)
    assert (width, height) == (1200, 900)
    assert non_white_share(rows) > 0.03                    # not a blank page
    full = {key: views.NODE_COLORS[key][0] for key in ("ALLOCATED", "DRAIN")}
    # a 22 px cell filled completely: the allocated node; the drained
    # node's border and the legend's squares in the drain colour
    assert colour_count(rows, full["ALLOCATED"]) >= 20 * 20, "no allocated node cell"
    assert colour_count(rows, full["DRAIN"]) >= 60, "no drained node cell"
    assert colour_count(rows, views.NODE_COLORS["DRAIN"][1]) >= 15 * 15, \
        "the drained node's cell is not there"


def test_screenshot_helpers_reject_what_they_cannot_read(tmp_path):
    bad = tmp_path / "x.png"
    bad.write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="not a PNG"):
        read_png(str(bad))
