"""Upstream pyslurm's (25.11) pyslurm.slurmctld API on pyslurm, against the
real cluster: each test is one upstream behaviour, and our own names keep
working next to it.  shutdown() is never called here (the cluster is
shared by the whole session): only its argument checks are tested."""

import subprocess

import pytest

import pyslurm
from pyslurm import RPCError, slurmctld
from pyslurm.slurmctld import PingResponse, ShutdownMode


def scontrol_config(key):
    out = subprocess.run(["scontrol", "show", "config"], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        k, sep, value = line.partition("=")
        if sep and k.strip() == key:
            return value.strip()
    raise AssertionError(f"scontrol show config has no {key}")


def test_ping_index_answers_with_a_ping_response():
    r = slurmctld.ping(0)
    assert isinstance(r, PingResponse)
    assert r.index == 0 and r.is_primary is True and r.is_responding is True
    assert r.hostname == slurmctld.ping()[0].hostname == slurmctld.Config.load().control_hosts[0]
    # milliseconds, rounded to 3 decimals (ours: ControllerPing.latency in seconds)
    assert isinstance(r.latency, float) and 0 < r.latency < 5000
    assert round(r.latency, 3) == r.latency
    d = r.to_dict(recursive=True)
    assert d == r.to_dict() and set(d) == {"index", "hostname", "is_primary", "is_responding",
                                           "latency"}


def test_ping_primary_and_ping_all():
    p = slurmctld.ping_primary()
    assert (p.index, p.hostname, p.is_primary, p.is_responding) == (0, slurmctld.ping(0).hostname,
                                                                   True, True)
    every = slurmctld.ping_all()
    assert [r.index for r in every] == list(range(len(slurmctld.Config.load().control_hosts)))
    assert all(isinstance(r, PingResponse) and r.is_responding for r in every)
    # our form stays: ping() without an index never raises, ControllerPing list
    assert [c.responding for c in slurmctld.ping()] == [True] * len(every)


def test_ping_backup_without_a_backup_raises_rpc_error():
    assert len(slurmctld.Config.load().control_hosts) == 1     # the test cluster's layout
    with pytest.raises(RPCError, match="no controller with index 1") as info:
        slurmctld.ping_backup()
    assert info.value.delivered is False          # nothing was sent
    with pytest.raises(RPCError):
        slurmctld.ping(7)
    for bad in (-1, "0", True, 1.0):
        with pytest.raises(ValueError, match="index"):
            slurmctld.ping(bad)


def test_diag_is_statistics():
    stats = slurmctld.diag()
    assert isinstance(stats, slurmctld.Statistics)
    assert stats.server_thread_count >= 1 and stats.request_time
    assert stats.data_since is None or stats.request_time >= stats.data_since
    assert slurmctld.statistics().jobs_submitted >= stats.jobs_submitted


def test_set_and_get_log_level():
    before = slurmctld.get_log_level()
    assert before == slurmctld.Config.load().slurmctld_debug == scontrol_config("SlurmctldDebug")
    try:
        slurmctld.set_log_level("debug2")
        assert slurmctld.get_log_level() == "debug2" == scontrol_config("SlurmctldDebug")
        slurmctld.set_debug_level("verbose")              # our name
        assert slurmctld.get_log_level() == "verbose"
    finally:
        slurmctld.set_log_level(before)
    assert slurmctld.get_log_level() == before
    # invalid input: ValueError before any RPC (upstream sends it, RPCError)
    with pytest.raises(ValueError, match="debug level"):
        slurmctld.set_log_level("loud")


def test_add_remove_clear_get_debug_flags():
    slurmctld.clear_debug_flags()
    assert slurmctld.get_debug_flags() == [] == slurmctld.Config.load().debug_flags
    try:
        slurmctld.add_debug_flags("Backfill,Gres")          # comma-separated str
        assert set(slurmctld.get_debug_flags()) == {"Backfill", "Gres"}
        assert set(scontrol_config("DebugFlags").split(",")) == {"Backfill", "Gres"}
        slurmctld.remove_debug_flags(["Gres"])             # a list
        assert slurmctld.get_debug_flags() == ["Backfill"]
        slurmctld.add_debug_flags([])                      # empty: nothing happens
        slurmctld.remove_debug_flags("")
        assert slurmctld.get_debug_flags() == ["Backfill"]
        slurmctld.set_debug_flags(add=["Steps"])           # our name
        slurmctld.clear_debug_flags()
        assert slurmctld.get_debug_flags() == []
    finally:
        slurmctld.clear_debug_flags()
    with pytest.raises(ValueError, match="NoSuchFlag"):
        slurmctld.add_debug_flags("Backfill,NoSuchFlag")
    assert slurmctld.get_debug_flags() == []


def test_scheduler_logging():
    cfg = slurmctld.Config.load()
    assert slurmctld.is_scheduler_logging_enabled() is bool(cfg.scheduler_log_level)
    if cfg.scheduler_log_file is None:
        # the controller refuses without SlurmSchedLogFile: RPCError, as upstream
        with pytest.raises(RPCError, match="disabled"):
            slurmctld.enable_scheduler_logging()
        assert slurmctld.is_scheduler_logging_enabled() is False
    else:
        try:
            slurmctld.enable_scheduler_logging()
            assert slurmctld.is_scheduler_logging_enabled() is True
        finally:
            slurmctld.set_schedlog_level(bool(cfg.scheduler_log_level))


def test_set_and_get_fair_share_dampening_factor():
    before = slurmctld.get_fair_share_dampening_factor()
    assert before == slurmctld.Config.load().fairshare_dampening_factor
    try:
        slurmctld.set_fair_share_dampening_factor(7)
        assert slurmctld.get_fair_share_dampening_factor() == 7
    finally:
        slurmctld.set_fair_share_dampening_factor(before)
    assert slurmctld.get_fair_share_dampening_factor() == before
    for bad in (0, 65535, "3", None):
        with pytest.raises(ValueError, match="factor"):
            slurmctld.set_fair_share_dampening_factor(bad)


def test_shutdown_mode_and_argument_checks():
    """Upstream's ShutdownMode; shutdown() checks its argument before any
    RPC (a valid mode is never sent here)."""
    assert [(m.name, int(m)) for m in ShutdownMode] == [
        ("ALL", 0), ("CORE_FILE", 1), ("CONTROLLER_ONLY", 2)]
    assert ShutdownMode(2) is ShutdownMode.CONTROLLER_ONLY
    for bad in (3, -1, "ALL", True, None, 1.5):
        with pytest.raises(ValueError, match="mode"):
            slurmctld.shutdown(bad)
    assert slurmctld.ping(0).is_responding


def test_takeover_without_a_backup_raises_rpc_error():
    assert len(slurmctld.Config.load().control_hosts) == 1     # never a real takeover here
    with pytest.raises(RPCError, match="no controller with index 1") as info:
        slurmctld.takeover()
    assert info.value.delivered is False
    for bad in (0, -2, "1", True):
        with pytest.raises(ValueError, match="index"):
            slurmctld.takeover(bad)
    assert slurmctld.ping_primary().is_responding


AS_NOBODY = r'''
import json, pyslurm
from pyslurm import slurmctld
out = {}
def attempt(name, f):
    try:
        f()
        out[name] = "ok"
    except pyslurm.RPCError as e:
        out[name] = type(e).__name__
attempt("ping", lambda: slurmctld.ping(0))
attempt("diag", slurmctld.diag)
attempt("get_log_level", slurmctld.get_log_level)
attempt("set_log_level", lambda: slurmctld.set_log_level("debug5"))
attempt("add_debug_flags", lambda: slurmctld.add_debug_flags("Backfill"))
attempt("clear_debug_flags", slurmctld.clear_debug_flags)
attempt("set_fair_share_dampening_factor",
        lambda: slurmctld.set_fair_share_dampening_factor(9))
print(json.dumps(out))
'''


def test_admin_calls_under_upstream_names_are_refused_for_users(as_nobody):
    level = slurmctld.get_log_level()
    out = as_nobody(AS_NOBODY)
    assert out.pop("ping") == out.pop("diag") == out.pop("get_log_level") == "ok"
    assert out == dict.fromkeys(out, "PermissionDeniedError") and len(out) == 4
    assert issubclass(pyslurm.PermissionDeniedError, RPCError)
    assert slurmctld.get_log_level() == level
    assert "Backfill" not in slurmctld.get_debug_flags()
    assert slurmctld.get_fair_share_dampening_factor() != 9
