"""pyslurm.slurmctld: the full configuration, statistics (sdiag) and the
admin calls, checked against scontrol and sdiag on the real cluster."""

import os
import subprocess
import time

import pytest

import pyslurm
from pyslurm import JobSubmitDescription, Job, RPCError, slurmctld


def scontrol_config():
    """``scontrol show config`` as {key: text value}."""
    out = subprocess.run(["scontrol", "show", "config"], capture_output=True,
                         text=True, check=True).stdout
    conf = {}
    for line in out.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and " " not in key.strip():
            conf[key.strip()] = value.strip()
    return conf


def sdiag():
    """``sdiag`` as {label: value} for its ``Label: value`` lines (the first
    occurrence of each label: the main scheduler's)."""
    out = subprocess.run(["sdiag"], capture_output=True, text=True, check=True).stdout
    d = {}
    for line in out.splitlines():
        label, sep, value = line.partition(":")
        if sep and value.strip():
            d.setdefault(label.strip(), value.strip())
    return d


def _unset(text):
    return text in ("(null)", "", "(null type)", "None", "none")


def _number(text):
    """'10 sec' -> 10, 'INFINITE' -> UNLIMITED, '(null)' -> None."""
    if _unset(text):
        return None
    if text in ("INFINITE", "UNLIMITED"):
        return pyslurm.UNLIMITED
    return int(text.split()[0])


def _words(text):
    return [] if _unset(text) else [w.strip() for w in text.split(",")]


def _yes(text):
    return {"yes": True, "no": False, "1": True, "0": False}[text.lower()]


# (scontrol key, Config attribute, how to read scontrol's text); a
# representative set of strings, numbers with units, lists, flags, bools.
CHECKS = [
    ("ClusterName", "cluster_name", str),
    ("AuthType", "auth_type", str),
    ("CredType", "cred_type", str),
    ("SelectType", "select_type", str),
    ("SchedulerType", "scheduler_type", str),
    ("ProctrackType", "proctrack_type", str),
    ("PreemptType", "preempt_type", str),
    ("PreemptMode", "preempt_mode", str),
    ("JobAcctGatherType", "job_acct_gather_type", str),
    ("JobAcctGatherFrequency", "job_acct_gather_frequency", str),
    ("Licenses", "licenses", str),
    ("MailProg", "mail_program", str),
    ("StateSaveLocation", "state_save_location", str),
    ("SlurmdParameters", "slurmd_parameters", str),
    ("InteractiveStepOptions", "interactive_step_options", str),
    ("GpuFreqDef", "gpu_freq_default", str),
    ("LogTimeFormat", "log_time_format", str),
    ("EnforcePartLimits", "enforce_partition_limits", str),
    ("SlurmctldDebug", "slurmctld_debug", str),
    ("SlurmdDebug", "slurmd_debug", str),
    ("DefMemPerCPU", "default_memory_per_cpu", _number),
    ("MaxJobCount", "max_job_count", _number),
    ("MaxArraySize", "max_array_size", _number),
    ("MaxJobId", "max_job_id", _number),
    ("MaxNodeCount", "max_node_count", _number),
    ("MessageTimeout", "message_timeout", _number),
    ("SlurmdTimeout", "slurmd_timeout", _number),
    ("BatchStartTimeout", "batch_start_timeout", _number),
    ("MinJobAge", "min_job_age", _number),
    ("TCPTimeout", "tcp_timeout", _number),
    ("EpilogMsgTime", "epilog_msg_time_us", _number),
    ("ResumeRate", "resume_rate", _number),
    ("SuspendTimeout", "suspend_timeout", _number),
    ("UnkillableStepTimeout", "unkillable_step_timeout", _number),
    ("VSizeFactor", "vsize_factor_percent", _number),
    ("ReturnToService", "return_to_service", _number),
    ("TreeWidth", "tree_width", _number),
    ("SlurmctldPort", "slurmctld_port", _number),
    ("GresTypes", "gres_types", _words),
    ("AccountingStorageTRES", "accounting_storage_tres", _words),
    ("BcastExclude", "bcast_exclude", _words),
    ("PrEpPlugins", "prep_plugins", _words),
    ("CpuFreqGovernors", "cpu_freq_governors", _words),
    ("SelectTypeParameters", "select_type_parameters", _words),
    ("HealthCheckNodeState", "health_check_node_state", _words),
    ("PropagateResourceLimits", "propagate_resource_limits", _words),
    ("PrivateData", "private_data", _words),
    ("DebugFlags", "debug_flags", _words),
    ("DisableRootJobs", "disable_root_jobs", _yes),
    ("TrackWCKey", "track_wckey", _yes),
    ("JobRequeue", "job_requeue", _yes),
    ("GroupUpdateForce", "group_update_force", _yes),
]


def test_config_matches_scontrol():
    cfg = slurmctld.Config.load()
    text = scontrol_config()
    checked = 0
    for key, attr, read in CHECKS:
        assert key in text, f"scontrol shows no {key}"
        expected = read(text[key])
        got = getattr(cfg, attr)
        if read is str and _unset(text[key]):
            expected = None
        if read is _words:
            # scontrol's order is not always the flag order; compare as sets
            assert sorted(got) == sorted(expected), (key, got, text[key])
        else:
            assert got == expected, (key, got, text[key])
        checked += 1
    assert checked == len(CHECKS) >= 30
    user = text["SlurmUser"]
    assert user == f"{cfg.slurm_user_name}({cfg.slurm_user_id})"
    assert text["SLURM_VERSION"] == cfg.version


def test_config_every_field_and_types():
    cfg = slurmctld.Config.load()
    d = cfg.to_dict()
    assert len(d) > 250
    assert not [k for k, v in d.items() if isinstance(v, str) and v.startswith("<error")]
    assert isinstance(d["select_type_parameters"], list)
    assert isinstance(d["use_pam"], bool) and isinstance(d["ipv4_enabled"], bool)
    assert d["slurmd_parameters_dict"] == slurmctld.parse_parameters(d["slurmd_parameters"])
    # suspend power saving never suspends a live node here: SuspendTime is
    # INFINITE (pyslurm.UNLIMITED) or a huge number of seconds
    assert d["suspend_time"] == pyslurm.UNLIMITED or d["suspend_time"] >= 3600
    major = tuple(int(x) for x in cfg.version.split(".")[:2])
    # fields only some majors have: None elsewhere, set where they exist
    assert (d["launch_type"] is not None) == (major < (24, 11))
    assert (d["cluster_id"] is not None) == (major >= (24, 11))
    if major >= (26, 5):
        assert d["job_container_type"] is None
    else:
        assert d["namespace_type"] is None
    # cgroup.conf, when the controller reports it, as scontrol shows it
    text = scontrol_config()
    for key in ("CgroupPlugin", "CgroupMountpoint", "ConstrainCores"):
        if key in text:
            assert d["cgroup_config"].get(key) == text[key], (key, d["cgroup_config"])
    if major >= (24, 11) and "CgroupPlugin" in text:
        assert d["cgroup_config"]["CgroupPlugin"] == "disabled"


def test_debug_flag_names_match_scontrol():
    """Every flag name pyslurm knows turns on exactly the flag scontrol
    prints under that name."""
    names = slurmctld.debug_flag_names()
    assert "Backfill" in names and len(names) > 40
    try:
        slurmctld.set_debug_flags(add=names)
        shown = set(_words(scontrol_config()["DebugFlags"]))
        assert shown == set(names)
        assert set(slurmctld.Config.load().debug_flags) == set(names)
    finally:
        slurmctld.set_debug_flags(remove=names)
    assert _words(scontrol_config()["DebugFlags"]) == []


def test_set_debug_flags_add_and_remove():
    slurmctld.set_debug_flags(add=["Backfill", "gres"])
    try:
        assert {"Backfill", "Gres"} <= set(slurmctld.Config.load().debug_flags)
        slurmctld.set_debug_flags(remove="Gres")
        flags = slurmctld.Config.load().debug_flags
        assert "Backfill" in flags and "Gres" not in flags
    finally:
        slurmctld.set_debug_flags(remove=["Backfill", "Gres"])
    assert slurmctld.Config.load().debug_flags == []
    with pytest.raises(ValueError, match="NoSuchFlag"):
        slurmctld.set_debug_flags(add=["Backfill", "NoSuchFlag"])
    with pytest.raises(ValueError, match="remove"):
        slurmctld.set_debug_flags(remove=[42])


def test_set_debug_level_shows_in_config():
    before = slurmctld.Config.load().slurmctld_debug
    try:
        slurmctld.set_debug_level("debug2")
        assert slurmctld.Config.load().slurmctld_debug == "debug2"
        assert scontrol_config()["SlurmctldDebug"] == "debug2"
        slurmctld.set_debug_level(4)
        assert slurmctld.Config.load().slurmctld_debug == "verbose"
    finally:
        slurmctld.set_debug_level(before)
    assert scontrol_config()["SlurmctldDebug"] == before
    for bad in ("loud", "debug6", 10, -1, True, None, 2.0):
        with pytest.raises(ValueError, match="debug level"):
            slurmctld.set_debug_level(bad)


def test_set_schedlog_level_needs_a_sched_log_file():
    """Without SlurmSchedLogFile the controller refuses (Slurm's "presently
    disabled"); the success path is in test_reconfigure_rereads_slurm_conf."""
    if slurmctld.Config.load().scheduler_log_file is not None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI's local cluster has no SlurmSchedLogFile: this test must run")
        pytest.skip("this cluster has a SlurmSchedLogFile (not under CI)")
    with pytest.raises(RPCError, match="disabled") as info:
        slurmctld.set_schedlog_level(True)
    assert info.value.errno > 0
    assert slurmctld.Config.load().scheduler_log_level == 0
    with pytest.raises(ValueError, match="enabled"):
        slurmctld.set_schedlog_level(1)


def test_set_fs_dampening_factor():
    before = slurmctld.Config.load().fairshare_dampening_factor
    try:
        slurmctld.set_fs_dampening_factor(5)
        assert slurmctld.Config.load().fairshare_dampening_factor == 5
    finally:
        slurmctld.set_fs_dampening_factor(before)
    assert slurmctld.Config.load().fairshare_dampening_factor == before
    for bad in (0, 65534 + 1, "2", True):
        with pytest.raises(ValueError, match="factor"):
            slurmctld.set_fs_dampening_factor(bad)


def test_statistics_match_sdiag_and_grow(tmp_path):
    stats = slurmctld.statistics()
    diag = sdiag()
    assert stats.server_thread_count >= 1
    assert stats.data_since and stats.request_time >= stats.data_since
    assert int(diag["Jobs submitted"]) >= stats.jobs_submitted
    job_id = JobSubmitDescription(script="#!/bin/sh\nsleep 30\n", time_limit=5,
                                  hold=True, standard_output=str(tmp_path / "o")).submit()
    try:
        after = slurmctld.statistics()
        assert after.jobs_submitted == stats.jobs_submitted + 1
        diag = sdiag()
        assert int(diag["Jobs submitted"]) == after.jobs_submitted
        assert int(diag["Jobs started"]) == after.jobs_started
        assert int(diag["Jobs canceled"]) == after.jobs_canceled
        assert int(diag["Server thread count"]) >= 1
        # RPC counts by type and by user grow with each call
        for _ in range(5):
            slurmctld.ping()
        later = slurmctld.statistics()
        by_user = {u.user_name: u.count for u in later.rpc_users}
        before_user = {u.user_name: u.count for u in after.rpc_users}
        me = later.rpc_users[0].user_name if later.rpc_users else None
        assert me and by_user[me] >= before_user.get(me, 0) + 5
        total = sum(t.count for t in later.rpc_types)
        assert total >= sum(t.count for t in after.rpc_types) + 5
        assert all(t.average_time_us == t.total_time_us // t.count
                   for t in later.rpc_types if t.count)
        assert later.rpc_types == sorted(later.rpc_types, key=lambda t: -t.count)
        d = later.to_dict()
        assert d["jobs_submitted"] == later.jobs_submitted
        assert isinstance(d["rpc_types"][0], dict)
        major = tuple(int(x) for x in pyslurm.slurm_version().split(".")[:2])
        if major >= (24, 11):
            assert set(later.schedule_exit) == set(slurmctld.SCHEDULE_EXITS)
            assert set(later.bf_exit) == set(slurmctld.BACKFILL_EXITS)
        else:
            assert later.schedule_exit is None and later.bf_exit is None
    finally:
        Job(job_id).cancel()


def test_reset_statistics_zeroes_counters(tmp_path):
    job_id = JobSubmitDescription(script="#!/bin/sh\nsleep 30\n", time_limit=5,
                                  hold=True, standard_output=str(tmp_path / "o")).submit()
    try:
        assert slurmctld.statistics().jobs_submitted >= 1
        slurmctld.reset_statistics()
        stats = slurmctld.statistics()
        assert stats.jobs_submitted == 0 and stats.jobs_canceled == 0
        assert int(sdiag()["Jobs submitted"]) == 0
        # the RPC counters start again too: only the last few calls are left
        assert 0 < sum(t.count for t in stats.rpc_types) <= 5
        assert stats.data_since >= int(time.time()) - 60
    finally:
        Job(job_id).cancel()


AS_NOBODY = r'''
import json, sys, pyslurm
from pyslurm import slurmctld
out = {}
def attempt(name, f):
    try:
        f()
        out[name] = "ok"
    except pyslurm.RPCError as e:
        out[name] = [type(e).__name__, e.errno, e.message]
attempt("statistics", slurmctld.statistics)
attempt("reset_statistics", slurmctld.reset_statistics)
attempt("reconfigure", slurmctld.reconfigure)
attempt("set_debug_level", lambda: slurmctld.set_debug_level("debug5"))
attempt("set_debug_flags", lambda: slurmctld.set_debug_flags(add=["Backfill"]))
attempt("set_schedlog_level", lambda: slurmctld.set_schedlog_level(True))
attempt("set_fs_dampening_factor", lambda: slurmctld.set_fs_dampening_factor(7))
print(json.dumps(out))
'''


def test_admin_calls_refused_for_unprivileged_user(as_nobody):
    level = slurmctld.Config.load().slurmctld_debug
    out = as_nobody(AS_NOBODY)
    assert out.pop("statistics") == "ok"     # anyone may read sdiag
    for name, result in out.items():
        assert result != "ok", name
        cls, errno, message = result
        assert cls == "PermissionDeniedError", (name, result)
        assert errno > 0 and message, (name, result)
    cfg = slurmctld.Config.load()
    assert cfg.slurmctld_debug == level
    assert "Backfill" not in cfg.debug_flags
    assert cfg.scheduler_log_level == 0 and cfg.fairshare_dampening_factor != 7


def _wait_controller(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if slurmctld.is_responding():
            try:
                return slurmctld.Config.load()
            except RPCError:
                pass
        time.sleep(0.5)
    raise AssertionError("the controller did not come back after reconfigure")


def test_reconfigure_rereads_slurm_conf(slurm_cluster, tmp_path):
    """reconfigure() makes the controller reread slurm.conf: a runtime debug
    level goes back to the configured one, and a SlurmSchedLogFile added to
    the file appears (then set_schedlog_level works); the file is restored
    and reread again at the end."""
    if slurm_cluster.cluster is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the tests run against an external cluster")
        pytest.skip("external cluster: its slurm.conf is not ours to change")
    conf = slurm_cluster.conf
    with open(conf) as f:
        original = f.read()
    node_states = {n.name: n.state_string for n in pyslurm.Nodes.load().values()}
    sched_log = tmp_path / "sched.log"
    os.chmod(tmp_path, 0o755)
    configured = slurmctld.Config.load().slurmctld_debug
    other = "verbose" if configured != "verbose" else "debug"
    slurmctld.set_debug_level(other)
    assert slurmctld.Config.load().slurmctld_debug == other
    try:
        with open(conf, "a") as f:
            f.write(f"SlurmSchedLogFile={sched_log}\n")
        slurmctld.reconfigure()
        cfg = _wait_controller()
        assert cfg.slurmctld_debug == configured
        assert cfg.scheduler_log_file == str(sched_log)
        assert scontrol_config()["SlurmSchedLogFile"] == str(sched_log)
        slurmctld.set_schedlog_level(True)
        assert slurmctld.Config.load().scheduler_log_level == 1
        assert scontrol_config()["SlurmSchedLogLevel"] == "1"
        slurmctld.set_schedlog_level(False)
        assert slurmctld.Config.load().scheduler_log_level == 0
    finally:
        with open(conf, "w") as f:
            f.write(original)
        slurmctld.reconfigure()
        cfg = _wait_controller()
    assert cfg.scheduler_log_file is None
    assert slurmctld.ping()[0].responding
    # the nodes are back as they were (the tests after this one need them)
    deadline = time.monotonic() + 90
    while True:
        now = {n.name: n.state_string for n in pyslurm.Nodes.load().values()}
        if now == node_states:
            break
        assert time.monotonic() < deadline, (node_states, now)
        time.sleep(0.5)
