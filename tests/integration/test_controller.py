"""pyslurm.slurmctld against the real local cluster."""

import os
import signal
import threading
import time

import pytest

import pyslurm
from pyslurm import slurmctld
from pyslurm.testing import rss_kib


def own_cluster(slurm_cluster):
    """The Cluster object when the tests started it; a test that stops the
    controller needs it (under CI=true the tests always start their own)."""
    if slurm_cluster.cluster is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the tests run against an external cluster")
        pytest.skip("SLURM_CONF names an external cluster (not under CI): "
                    "its controller is not ours to stop")
    return slurm_cluster.cluster


def test_ping_primary_answers():
    pings = slurmctld.ping()
    assert len(pings) >= 1
    p = pings[0]
    assert p.index == 0 and p.role == "primary"
    assert p.responding, p.error
    assert p.error is None
    assert p.hostname
    assert 0 < p.latency < 5
    assert slurmctld.is_responding()
    assert p.to_dict()["responding"] is True


def test_config_load_main_settings(slurm_cluster):
    cfg = slurmctld.Config.load()
    assert cfg.cluster_name == slurmctld.local_cluster_name()
    assert cfg.version == pyslurm.slurm_version()
    assert cfg.select_type == "select/cons_tres"
    assert cfg.auth_type == "auth/munge"
    assert os.path.samefile(cfg.config_file, slurm_cluster.conf)
    assert cfg.control_hosts and cfg.control_hosts[0] == slurmctld.ping()[0].hostname
    assert isinstance(cfg.slurmctld_port, int) and cfg.slurmctld_port > 0
    assert cfg.default_memory_per_cpu and cfg.default_memory_per_node is None
    assert cfg.boot_time and cfg.boot_time <= time.time()
    d = cfg.to_dict()
    assert d["cluster_name"] == cfg.cluster_name
    assert len(d) > 40
    assert "pyslurm.slurmctld.Config" in repr(cfg)


def test_config_cannot_be_built_by_hand():
    with pytest.raises(TypeError):
        slurmctld.Config()


def test_init_again_with_the_same_file_is_fine_another_is_refused(slurm_cluster, tmp_path):
    assert pyslurm.init(slurm_cluster.conf) == slurm_cluster.conf
    other = tmp_path / "slurm.conf"
    other.write_text("ClusterName=other\n")
    with pytest.raises(pyslurm.ConfigError, match="already initialised"):
        pyslurm.init(str(other))


def test_controller_down_is_reported_not_fatal(slurm_cluster):
    cluster = own_cluster(slurm_cluster)
    cluster.stop_controller()
    try:
        t0 = time.monotonic()
        p = slurmctld.ping()[0]
        assert not p.responding
        assert p.error
        assert not slurmctld.is_responding()
        with pytest.raises(pyslurm.ControllerUnreachableError) as info:
            slurmctld.Config.load()
        e = info.value
        assert e.transient and e.errno > 0 and e.message
        assert isinstance(e, pyslurm.RPCError)
        # bounded by Slurm's own timeouts (MessageTimeout), not a hang
        assert time.monotonic() - t0 < 120
    finally:
        cluster.start_controller()
    assert slurmctld.ping()[0].responding


def test_blocking_calls_release_the_gil(slurm_cluster):
    """While one thread waits in libslurm, another keeps running Python.

    The controller is paused (SIGSTOP): connections are accepted but never
    answered, so ping() waits up to MessageTimeout inside libslurm."""
    cluster = own_cluster(slurm_cluster)
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    t = threading.Thread(target=spin)
    pid = cluster.controller_pid
    os.kill(pid, signal.SIGSTOP)
    try:
        t.start()
        t0 = time.monotonic()
        p = slurmctld.ping()[0]
        waited = time.monotonic() - t0
    finally:
        os.kill(pid, signal.SIGCONT)
        stop.set()
        t.join()
    assert not p.responding
    assert waited > 1, "a paused controller must make ping() wait"
    during = [x for x in ticks if t0 <= x <= t0 + waited]
    # the spinner kept its pace (at least a third of it) for the whole wait
    assert len(during) >= waited / 0.01 / 3
    assert slurmctld.ping()[0].responding


def test_loading_config_repeatedly_does_not_leak():
    for _ in range(200):
        slurmctld.Config.load().to_dict()
    before = rss_kib()
    for _ in range(3000):
        slurmctld.Config.load().to_dict()
    # a leak of even one small string per load would show as > 100 KiB
    assert rss_kib() - before < 1024
