"""One harness-side test body, run against every backend (psij's execparams
style): the Raw plugin (local processes) and the Slurm plugin (the local
cluster). What a harness relies on must hold for both: kickoff runs the
command, job infos are serialisable, status goes SCHED_RUNNING while the test
runs, cancel stops it and reports SCHED_CANCELLED, and unknown jobs are
UNKNOWN rather than errors.
"""

import json
import time
from pathlib import Path

import pytest

from pyslurm.schedulers import SCHED_CANCELLED, SCHED_RUNNING, SCHEDULED, UNKNOWN, TestSpec
from pyslurm.schedulers.raw import Raw
from pyslurm.schedulers.slurm import Slurm


class Backend:
    """A plugin plus what differs between backends, nothing else."""

    def __init__(self, name, plugin, schedule, unknown_info):
        self.name = name
        self.plugin = plugin
        self.plugin.JOB_STATUS_TIMEOUT = 0.0
        self.schedule = schedule
        self.unknown_info = unknown_info

    def __repr__(self):
        return self.name


def _raw():
    return Backend("raw", Raw(), {"nodes": "1"},
                   {"id": "nohost:1", "host": "nohost", "pid": 1, "uniq_id": "x"})


def _slurm():
    return Backend("slurm", Slurm(), {"nodes": "1", "partition": "debug"},
                   {"id": "999998", "sys_name": None, "cluster": None})


@pytest.fixture(params=[_raw, _slurm], ids=["raw", "slurm"])
def backend(request):
    b = request.param()
    if b.name == "slurm":
        b.unknown_info["cluster"] = b.unknown_info["sys_name"] = b.plugin.cluster_name()
    yield b
    b.plugin.JOB_STATUS_TIMEOUT = 0.0
    for info in list(b.plugin._tracked.values()):     # only what still runs or waits
        if b.plugin.job_status(info).state in (SCHEDULED, SCHED_RUNNING) and \
                "COMPLETED" not in b.plugin.job_status(info).note:
            b.plugin.cancel(info)


def wait_for(plugin, info, pred, timeout=30.0):
    deadline = time.time() + timeout
    status = plugin.job_status(info)
    while not pred(status):
        assert time.time() < deadline, f"job {info['id']}: still {status}"
        time.sleep(0.1)
        status = plugin.job_status(info)
    return status


def test_runs_a_test_and_writes_its_output(backend, tmp_path):
    out = tmp_path / "out.txt"
    tests = [TestSpec("t1", "hello", backend.schedule, f"echo hello-{backend.name} > {out}")]
    infos = backend.plugin.schedule_tests(tests, tmp_path)
    info = infos["t1"]
    assert json.loads(json.dumps(info)) == info
    deadline = time.time() + 30
    while not (out.exists() and out.read_text().strip()):
        assert time.time() < deadline, backend.plugin.job_status(info)
        time.sleep(0.1)
    assert out.read_text().strip() == f"hello-{backend.name}"
    status = backend.plugin.job_status(info)
    assert status.state in (SCHED_RUNNING, SCHEDULED, UNKNOWN)   # over: no error
    log = Path(info["job_dir"]) / "kickoff.log"
    wait_for(backend.plugin, info, lambda s: "Finished test" in (
        log.read_text() if log.exists() else ""))


def test_running_then_cancelled(backend, tmp_path):
    tests = [TestSpec("t2", "sleeper", backend.schedule, "sleep 300")]
    info = backend.plugin.schedule_tests(tests, tmp_path)["t2"]
    status = wait_for(backend.plugin, info, lambda s: s.state == SCHED_RUNNING)
    assert status.state == SCHED_RUNNING
    assert backend.plugin.cancel(info) is None
    status = wait_for(backend.plugin, info, lambda s: s.state != SCHED_RUNNING)
    assert status.state == SCHED_CANCELLED
    assert backend.plugin.cancel(info) is None          # a second cancel is harmless


def test_unknown_job_is_not_an_error(backend):
    status = backend.plugin.job_status(backend.unknown_info)
    assert status.state in (UNKNOWN, SCHEDULED)
    assert status.note


def test_one_refresh_for_many_jobs(backend, tmp_path):
    tests = [TestSpec(f"m{i}", f"many{i}", backend.schedule, "sleep 30") for i in range(4)]
    infos = backend.plugin.schedule_tests(tests, tmp_path)
    backend.plugin.JOB_STATUS_TIMEOUT = 60.0
    before = backend.plugin.refresh_calls
    for info in infos.values():
        backend.plugin.job_status(info)
    assert backend.plugin.refresh_calls == before + 1
    for info in infos.values():
        assert backend.plugin.cancel(info) is None
