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
            value = value.strip()
            return None if value == "(null)" else value      # unset, as 24.11 prints it
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


# upstream pyslurm's Config names -> ours (the same value)
CONFIG_ALIASES = [
    ("accounting_gather_energy_type", "acct_gather_energy_type"),
    ("accounting_gather_filesystem_type", "acct_gather_filesystem_type"),
    ("accounting_gather_interconnect_type", "acct_gather_interconnect_type"),
    ("accounting_gather_profile_type", "acct_gather_profile_type"),
    ("accounting_gather_node_frequency", "acct_gather_node_frequency"),
    ("allow_spec_resource_usage", "allow_spec_resources_usage"),
    ("bcast_exclude_paths", "bcast_exclude"), ("certmgr_type", "cert_manager_type"),
    ("complete_wait_time", "complete_wait"), ("cpu_frequency_governors", "cpu_freq_governors"),
    ("credential_type", "cred_type"), ("default_cpu_frequency_governor", "cpu_freq_default"),
    ("default_gpu_frequency", "gpu_freq_default"), ("epilog_msg_time", "epilog_msg_time_us"),
    ("fair_share_dampening_factor", "fairshare_dampening_factor"),
    ("job_accounting_gather_type", "job_acct_gather_type"),
    ("job_completion_host", "job_comp_host"), ("job_completion_location", "job_comp_location"),
    ("job_completion_port", "job_comp_port"), ("job_completion_type", "job_comp_type"),
    ("job_completion_user", "job_comp_user"), ("kill_wait_time", "kill_wait"),
    ("max_dbd_msgs", "max_dbd_messages"), ("namespace_plugin", "namespace_type"),
    ("plugin_stack_config", "plugstack_config"),
    ("priority_site_factor_parameters", "site_factor_parameters"),
    ("priority_site_factor_plugin", "site_factor_plugin"),
    ("priority_weight_fair_share", "priority_weight_fairshare"),
    ("slurm_conf_path", "config_file"), ("slurmctld_boot_time", "boot_time"),
    ("slurmctld_log_level", "slurmctld_debug"),
    ("slurmctld_syslog_level", "slurmctld_syslog_debug"), ("slurmd_log_level", "slurmd_debug"),
    ("slurmd_spool_directory", "slurmd_spool_dir"),
    ("slurmd_syslog_level", "slurmd_syslog_debug"), ("temporary_filesystem", "tmp_fs"),
    ("virtual_memory_size_factor", "vsize_factor_percent"),
]
# upstream's names whose value upstream gives as a list or dict (ours: the str)
CONFIG_FORMS = ["accounting_storage_external_hosts", "certmgr_parameters",
                "job_accounting_gather_frequency", "job_accounting_gather_parameters",
                "job_completion_parameters", "plugin_dirs", "scheduler_logging_enabled"]


def test_config_answers_to_upstream_names_not_in_to_dict():
    c = slurmctld.Config.load()
    for upstream, ours in CONFIG_ALIASES:
        assert getattr(c, upstream) == getattr(c, ours), upstream
    d = c.to_dict()
    assert not {u for u, _ in CONFIG_ALIASES} & set(d) and not set(CONFIG_FORMS) & set(d)
    assert {o for _, o in CONFIG_ALIASES} <= set(d)
    # real values, as scontrol prints them
    assert c.slurm_conf_path == scontrol_config("SLURM_CONF")
    assert c.slurmd_spool_directory == scontrol_config("SlurmdSpoolDir")
    assert f"{c.kill_wait_time} sec" == scontrol_config("KillWait")
    assert c.credential_type == scontrol_config("CredType")
    assert c.slurmctld_log_level == scontrol_config("SlurmctldDebug")
    assert c.accounting_gather_energy_type == scontrol_config("AcctGatherEnergyType")


def test_config_list_and_dict_forms_under_upstream_names():
    c = slurmctld.Config.load()
    assert c.plugin_dirs == scontrol_config("PluginDir").split(":")
    # the test cluster sets JobAcctGatherFrequency=task=5: upstream's dict, ints as ints
    assert scontrol_config("JobAcctGatherFrequency") == "task=5"
    assert c.job_accounting_gather_frequency == {"task": 5}
    assert c.job_acct_gather_frequency == "task=5"               # ours: the string
    assert c.job_completion_parameters == {} and c.job_comp_parameters is None
    assert c.job_accounting_gather_parameters == []
    assert c.accounting_storage_external_hosts == [] and c.certmgr_parameters == []
    assert c.scheduler_logging_enabled is (c.scheduler_log_level != 0)


def test_statistics_answer_to_upstream_names():
    s = slurmctld.diag()
    pairs = [("backfill_active", "bf_active"), ("backfilled_jobs", "bf_backfilled_jobs"),
             ("backfill_cycle_counter", "bf_cycle_counter"),
             ("backfill_cycle_last_when", "bf_when_last_cycle"),
             ("backfill_mean_depth", "bf_depth_mean"),
             ("backfill_queue_length", "bf_queue_length"),
             ("backfill_table_size_mean", "bf_table_size_mean"),
             ("schedule_cycle_last", "schedule_cycle_last_us"),
             ("schedule_cycle_max", "schedule_cycle_max_us"),
             ("schedule_cycle_mean", "schedule_cycle_mean_us"),
             ("schedule_cycle_sum", "schedule_cycle_sum_us")]
    for upstream, ours in pairs:
        assert getattr(s, upstream) == getattr(s, ours), upstream
    # a fresh cluster may not have run a scheduling cycle yet: counts may be 0
    assert s.schedule_cycle_counter >= 0 and s.schedule_cycle_max >= s.schedule_cycle_last >= 0
    d = s.to_dict()
    assert "backfill_active" not in d and "bf_active" in d
    ping = next(r for r in s.rpc_types if r.type_id == 1008)       # REQUEST_PING
    assert (ping.id, ping.time, ping.average_time) == (1008, ping.total_time_us,
                                                       ping.average_time_us)
    root = next(u for u in s.rpc_users if u.user_id == 0)
    assert root.count > 0 and (root.time, root.average_time) == (root.total_time_us,
                                                                 root.average_time_us)
