"""Upstream pyslurm's helper modules (pyslurm.utils, pyslurm.error's
classes, pyslurm.enums): one test per behaviour, no cluster needed."""

import datetime as dt
import math
import os
import pwd

import pytest

import pyslurm
from pyslurm import utils
from pyslurm.utils import ctime, helpers

NO_VAL, INFINITE = 4294967294, 4294967295


def test_namespace_has_upstreams_modules_and_names():
    for name in ("utils", "constants", "error", "settings", "enums", "api", "xcollections",
                 "slurm_init", "slurm_fini", "SchedulerType"):
        assert getattr(pyslurm, name) is not None and name in dir(pyslurm)
    assert pyslurm.utils.ctime is ctime and pyslurm.utils.helpers is helpers
    assert pyslurm.error.RPCError is pyslurm.RPCError


def test_time_strings():
    assert utils.timestr_to_secs("1-00:00:00") == 86400
    assert utils.timestr_to_secs("90") == 90 and utils.timestr_to_secs("01:30") == 90
    assert utils.timestr_to_secs(None) == NO_VAL
    assert utils.timestr_to_secs("UNLIMITED") == INFINITE
    assert utils.timestr_to_mins("1-00:00:00") == 1440 and utils.timestr_to_mins("60") == 60
    assert utils.timestr_to_mins("unlimited") == INFINITE and utils.timestr_to_mins(None) == NO_VAL
    with pytest.raises(ValueError):
        utils.timestr_to_secs("1 day")
    assert utils.secs_to_timestr(90061) == "1-01:01:01"
    assert utils.secs_to_timestr(3600) == "01:00:00"
    assert utils.secs_to_timestr(INFINITE) == "UNLIMITED" == utils.secs_to_timestr(math.inf)
    assert utils.secs_to_timestr(NO_VAL, "x") == "x" and utils.secs_to_timestr(0) is None
    assert utils.mins_to_timestr(1440) == "1-00:00:00"
    assert utils.mins_to_timestr(INFINITE) == "UNLIMITED"


def test_dates():
    assert utils.date_to_timestamp(None) == 0 and utils.date_to_timestamp("", 5) == 5
    assert utils.date_to_timestamp(1700000000) == 1700000000
    assert utils.date_to_timestamp("1700000000") == 1700000000
    when = dt.datetime(2026, 12, 24, 18, 0)
    assert utils.date_to_timestamp(when) == int(when.timestamp())
    assert utils.date_to_timestamp("2026-12-24T18:00") == int(when.timestamp())
    assert utils.timestamp_to_date(int(when.timestamp())) == "2026-12-24T18:00:00"
    assert utils.timestamp_to_date(0) is None and utils.timestamp_to_date(NO_VAL) is None
    with pytest.raises(ValueError):
        utils.date_to_timestamp("someday")


def test_names_and_ids():
    me = pwd.getpwuid(os.getuid()).pw_name
    assert utils.uid_to_name(os.getuid()) == me
    assert utils.uid_to_name(4000000000) == "4000000000"       # no passwd entry
    with pytest.raises(KeyError):
        utils.uid_to_name(4000000000, err_on_invalid=True)
    assert utils.uid_to_name(7, lookup={7: "seven"}) == "seven"
    assert utils.gid_to_name(0) == "root"
    assert utils.user_to_uid(me) == os.getuid() and utils.user_to_uid("0") == 0
    assert utils.user_to_uid(None) == NO_VAL
    with pytest.raises(KeyError):
        utils.user_to_uid("no-such-user-xyz")
    assert utils.user_to_uid("no-such-user-xyz", err_on_invalid=False) == os.getuid()
    assert utils.group_to_gid("root") == 0
    with pytest.raises(KeyError):
        utils.group_to_gid("no-such-group-xyz")


def test_ranges_sizes_and_node_lists():
    assert utils.expand_range_str("1-3,7") == [1, 2, 3, 7]
    with pytest.raises(ValueError):
        utils.expand_range_str("1-x")
    assert utils.humanize(1024) == "1.0G" and utils.humanize(512) == "512.0M"
    assert utils.humanize(None) is None and utils.humanize("UNLIMITED") == "UNLIMITED"
    with pytest.raises(ValueError):
        utils.humanize("lots")
    assert utils.dehumanize("10G") == 10240 and utils.dehumanize("2048") == 2048
    assert utils.dehumanize("1T", target="G") == 1024 and utils.dehumanize("") is None
    with pytest.raises(ValueError):
        utils.dehumanize("10Q")
    assert utils.nodelist_from_range_str("n[1-3]") == ["n1", "n2", "n3"]
    assert utils.nodelist_from_range_str(["a[1-2]", "b"]) == ["a1", "a2", "b"]
    assert utils.nodelist_from_range_str("n[1-") == []
    assert utils.nodelist_to_range_str(["n1", "n2", "n3"]) == "n[1-3]"
    assert utils.nodelist_to_range_str("n1,n2") == "n[1-2]"


def test_enums():
    st = pyslurm.SchedulerType
    assert st.BACKFILL == "BACKFILL" and str(st.MAIN) == "MAIN"
    assert st.from_flag(1 << 3, st.UNKNOWN) is st.BACKFILL
    assert st.from_flag(1 << 1, st.UNKNOWN) is st.SUBMIT
    assert st.from_flag(0, st.UNKNOWN) is st.UNKNOWN

    class Color(utils.enums.SlurmFlag):
        RED = 1
        BLUE = 2

    assert Color.from_list(["red", "BLUE"]) == Color.RED | Color.BLUE
    with pytest.raises(ValueError, match="GREEN"):
        Color.from_list(["GREEN"])


def test_rpc_error_as_upstream():
    e = pyslurm.RPCError(msg="it broke")
    assert e.msg == e.message == "it broke"
    assert e.errno in (-1, pyslurm.error.slurm_errno())    # the last failed call's, else -1
    e = pyslurm.RPCError(2017)                  # ESLURM_INVALID_JOB_ID: Slurm's own text
    assert e.errno == 2017 and e.msg == pyslurm.error.slurm_strerror(2017)
    assert "Invalid job id" in e.msg
    assert pyslurm.error.slurm_strerror(0) == "No error"
    with pytest.raises(pyslurm.JobNotFoundError) as err:
        pyslurm.error.verify_rpc(2017)
    assert err.value.errno == 2017
    assert pyslurm.error.verify_rpc(0) is None
