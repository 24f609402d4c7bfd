"""pyslurm.slurmctld argument checks: ValueError before any RPC (no cluster
needed), and the parameter-string parser."""

import pytest

from pyslurm import slurmctld


def test_parse_parameters():
    assert slurmctld.parse_parameters("bf_interval=30, pack_serial_at_end,max_rpc_cnt=150") == {
        "bf_interval": "30", "pack_serial_at_end": True, "max_rpc_cnt": "150"}
    assert slurmctld.parse_parameters(None) == {} == slurmctld.parse_parameters("")
    assert slurmctld.parse_parameters("a=b=c") == {"a": "b=c"}


@pytest.mark.parametrize("bad", ["loud", "debug6", "", 10, -1, True, None, 2.5])
def test_set_debug_level_rejects(bad):
    with pytest.raises(ValueError, match="debug level") as info:
        slurmctld.set_debug_level(bad)
    assert repr(bad) in str(info.value)


def test_set_debug_flags_rejects_unknown_names():
    with pytest.raises(ValueError, match="'Nope'"):
        slurmctld.set_debug_flags(add=["Nope"])
    with pytest.raises(ValueError, match="remove"):
        slurmctld.set_debug_flags(remove=[None])


def test_debug_flag_names():
    names = slurmctld.debug_flag_names()
    assert "Backfill" in names and "Steps" in names and len(set(names)) == len(names)


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_set_schedlog_level_rejects(bad):
    with pytest.raises(ValueError, match="enabled"):
        slurmctld.set_schedlog_level(bad)


@pytest.mark.parametrize("bad", [0, 65535, -3, "2", True, 1.5])
def test_set_fs_dampening_factor_rejects(bad):
    with pytest.raises(ValueError, match="factor"):
        slurmctld.set_fs_dampening_factor(bad)


def test_log_levels():
    assert slurmctld.LOG_LEVELS[0] == "quiet" and slurmctld.LOG_LEVELS[6] == "debug2"
