"""The Raw plugin, for real: kickoff scripts run as local processes (no Slurm)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyslurm.schedulers import (
    SCHED_CANCELLED, SCHED_RUNNING, SCHEDULED, UNKNOWN, TestSpec, get_plugin,
)
from pyslurm.schedulers.raw import Raw, local_node_info, proc_start_time

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


@pytest.fixture
def raw():
    plugin = Raw()
    yield plugin
    for info in list(plugin._tracked.values()):
        plugin.cancel(info)


def hold(tmp_path):
    """A shell command that runs until ``tmp_path/stop`` exists (no timing assumptions)."""
    return f"until [ -e {tmp_path / 'stop'} ]; do sleep 0.05; done"


def wait_for(pred, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_registered_and_available():
    plugin = get_plugin("raw")
    assert isinstance(plugin, Raw) and plugin.available()


def test_local_node_info():
    info = local_node_info()
    assert info["name"] == socket.gethostname()
    assert info["cpus"] >= 1 and info["mem"] > 64 * 1024 ** 2      # bytes
    assert info["up"] and info["available"]


def test_runs_tests_and_reports_status(raw, tmp_path):
    out = tmp_path / "out.txt"
    tests = [TestSpec("t1", "first", {}, f"echo one >> {out}"),
             TestSpec("t2", "second", {"nodes": "1"}, f"{hold(tmp_path)}; echo two >> {out}")]
    infos = raw.schedule_tests(tests, tmp_path)
    assert set(infos) == {"t1", "t2"}
    for info in infos.values():
        assert info["id"] == f"{socket.gethostname()}:{info['pid']}"
    raw.JOB_STATUS_TIMEOUT = 0
    assert infos["t2"]["start_time"] == proc_start_time(infos["t2"]["pid"])
    assert raw.job_status(infos["t2"]).state == SCHED_RUNNING
    (tmp_path / "stop").touch()
    assert wait_for(lambda: raw.job_status(infos["t2"]).state == UNKNOWN)
    assert wait_for(lambda: out.exists() and sorted(out.read_text().split()) == ["one", "two"])
    log = (Path(infos["t2"]["job_dir"]) / "kickoff.log").read_text()
    assert "Starting test t2" in log and "Finished test t2" in log
    script = Path(infos["t2"]["script"]).read_text()
    assert script.startswith("#!/bin/bash\n")


def test_one_refresh_for_all_tracked_jobs(raw, tmp_path):
    infos = raw.schedule_tests([TestSpec(f"t{i}", f"t{i}", {}, hold(tmp_path)) for i in range(4)],
                               tmp_path)
    raw.JOB_STATUS_TIMEOUT = 60
    states = [raw.job_status(info).state for info in infos.values()]
    assert states == [SCHED_RUNNING] * 4
    assert raw.refresh_calls == 1
    raw.JOB_STATUS_TIMEOUT = 0
    raw.job_status(infos["t0"])
    assert raw.refresh_calls == 2


def test_cancel_kills_the_job_and_its_children(raw, tmp_path):
    marker = tmp_path / "child.pid"
    command = f"bash -c '{hold(tmp_path)}' & echo $! > {marker}; wait"
    info = raw.schedule_tests([TestSpec("t", "t", {}, command)], tmp_path)["t"]
    assert wait_for(lambda: marker.exists() and marker.read_text().strip())
    child = int(marker.read_text())
    assert alive(child)
    assert raw.cancel(info) is None
    assert not raw.pid_running(info)
    assert wait_for(lambda: not alive(child), 5)
    raw.JOB_STATUS_TIMEOUT = 0
    status = raw.job_status(info)
    assert status.state == SCHED_CANCELLED and str(info["pid"]) in status.note
    assert raw.cancel(info) is None            # already gone: nothing to do


def test_cancel_refuses_a_pid_that_is_not_the_job(raw, tmp_path):
    other = subprocess.Popen(["bash", "-c", hold(tmp_path)])
    try:
        fake = {"id": "x", "host": socket.gethostname(), "pid": other.pid,
                "uniq_id": "deadbeef0000", "script": str(tmp_path / "kickoff.sh")}
        assert raw.pid_running(fake) is False
        assert raw.cancel(fake) is None
        assert other.poll() is None             # untouched
    finally:
        other.kill()
        other.wait()


def test_recycled_pid_detected_by_start_time(raw, tmp_path):
    info = raw.schedule_tests([TestSpec("t", "t", {}, hold(tmp_path))], tmp_path)["t"]
    assert raw.pid_running(info)
    assert not raw.pid_running(dict(info, start_time=info["start_time"] - 1))
    assert not raw.pid_running(dict(info, uniq_id="0" * 12))
    assert not raw.pid_running(dict(info, pid="garbage"))


def test_other_host(raw, tmp_path):
    info = {"id": "elsewhere:1", "host": "elsewhere", "pid": 1, "uniq_id": "x"}
    raw.JOB_STATUS_TIMEOUT = 0
    status = raw.job_status(info)
    assert status.state == SCHEDULED and "elsewhere" in status.note
    assert "elsewhere" in raw.cancel(info)


def test_cancel_escalates_to_sigkill(raw, tmp_path):
    raw.CANCEL_TIMEOUT = 0.5
    info = raw.schedule_tests([TestSpec("t", "t", {}, f"trap '' TERM; {hold(tmp_path)}")],
                              tmp_path)["t"]
    log = Path(info["job_dir"]) / "kickoff.log"
    assert wait_for(lambda: log.exists() and "Starting" in log.read_text())
    assert raw.cancel(info) is None
    assert not raw.pid_running(info)


def test_final_vars_are_local_host(raw):
    v = raw.get_final_vars({"tasks_per_node": "all"})
    assert v["test_node_list"] == [socket.gethostname()]
    assert v["test_nodes"] == 1
    assert v["tasks_per_node"] == local_node_info()["cpus"] == v["tasks_total"]
    assert v["test_min_mem"] == local_node_info()["mem"]


def test_initial_vars_basic_use_cluster_info(raw):
    v = raw.get_initial_vars({"cluster_info": {"node_count": "3", "cpus": "4"},
                              "tasks_per_node": "all"})
    assert v["nodes"] == 3 and v["tasks_per_node"] == 4
    assert v.deferred and v["test_nodes"].name == "test_nodes"
