"""The checks of accounting administration (pyslurm.db.admin_values) and
the QOS / association / account / user objects built from Python: every
bad value is a ValueError naming the field and the value, raised before
anything is sent (no cluster needed)."""

import math

import pytest

import pyslurm
from pyslurm.db import admin_values as v


@pytest.mark.parametrize("key, fields, want", [
    ("max_tres_per_user", v.QOS_FIELDS, "max_tres_per_user"),
    ("MaxTRESPerUser", v.QOS_FIELDS, "max_tres_per_user"),
    ("MaxTRESPU", v.QOS_FIELDS, "max_tres_per_user"),
    ("MaxWall", v.QOS_FIELDS, "max_wall"),
    ("MaxWallDurationPerJob", v.QOS_FIELDS, "max_wall"),
    ("max-jobs-per-user", v.QOS_FIELDS, "max_jobs_per_user"),
    ("MaxSubmitPU", v.QOS_FIELDS, "max_submit_jobs_per_user"),
    ("GrpTRES", v.QOS_FIELDS, "grp_tres"),
    ("MaxWall", v.ASSOC_FIELDS, "max_wall_time_per_job"),
    ("GrpTRES", v.ASSOC_FIELDS, "group_tres"),
    ("grp_wall", v.ASSOC_FIELDS, "group_wall_time"),
    ("Fairshare", v.ASSOC_FIELDS, "shares"),
    ("DefaultQOS", v.ASSOC_FIELDS, "default_qos"),
    ("Parent", v.ACCOUNT_FIELDS, "parent_account"),
    ("DefaultAccount", v.USER_FIELDS, "default_account"),
    ("AdminLevel", v.USER_FIELDS, "admin_level"),
])
def test_sacctmgr_spellings_name_the_field(key, fields, want):
    assert v.canonical(key, fields, "X") == want


@pytest.mark.parametrize("key", ["nosuch", "Fairshare", "", 3])
def test_unknown_qos_field_refused(key):
    with pytest.raises(ValueError, match="QOS"):
        v.canonical(key, v.QOS_FIELDS, "QOS")


def test_a_field_given_twice_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        v.check(v.QOS_FIELDS, {"MaxWall": 5, "max_wall": 6}, "QOS")


@pytest.mark.parametrize("value, want", [
    (0, 0), (7, 7), ("12", 12), (-1, pyslurm.UNLIMITED), ("UNLIMITED", pyslurm.UNLIMITED),
    ("-1", pyslurm.UNLIMITED), (math.inf, pyslurm.UNLIMITED),
])
def test_count(value, want):
    assert v.count("max_jobs", value) == want


@pytest.mark.parametrize("value", [-2, -5, True, 1.5, "x", None, 2 ** 32, "٣"])
def test_bad_count_names_field_and_value(value):
    with pytest.raises(ValueError) as e:
        v.count("max_jobs", value)
    assert "max_jobs" in str(e.value) and repr(value) in str(e.value)


def test_negative_limit_refused_in_any_field():
    for field, kind in v.QOS_FIELDS.items():
        if kind in (v.COUNT, v.MINUTES, v.SECONDS):
            with pytest.raises(ValueError, match=field):
                v.check(v.QOS_FIELDS, {field: -7}, "QOS")


@pytest.mark.parametrize("value, want", [
    ({"cpu": 4}, {"cpu": 4}),
    ("cpu=4,mem=2G", {"cpu": 4, "mem": 2048}),
    ({"mem": "512M", "gres/gpu": 2}, {"mem": 512, "gres/gpu": 2}),
    ("gres/gpu:a100=1,license/matlab=2", {"gres/gpu:a100": 1, "license/matlab": 2}),
    ({"CPU": -1}, {"cpu": pyslurm.UNLIMITED}),
    ({"node": "UNLIMITED"}, {"node": pyslurm.UNLIMITED}),
    ({"billing": "10"}, {"billing": 10}),
])
def test_tres(value, want):
    assert v.tres("grp_tres", value) == want


@pytest.mark.parametrize("value, bad", [
    ({"foo": 1}, "foo"), ("cpu=4,bar=1", "bar"), ({"gres/": 1}, "gres/"),
    ({"cpu": -3}, "-3"), ("cpu", "cpu"), ({}, "{}"), (["cpu"], "cpu"),
    ({"mem": "lots"}, "lots"), ({"gres/gpu": 1.5}, "1.5"),
])
def test_bad_tres_names_field_and_value(value, bad):
    with pytest.raises(ValueError) as e:
        v.tres("max_tres_per_user", value)
    assert "max_tres_per_user" in str(e.value) and bad in str(e.value)


def test_tres_minutes_take_no_memory_suffix():
    assert v.tres("grp_tres_mins", {"mem": 100}, minutes=True) == {"mem": 100}
    with pytest.raises(ValueError):
        v.tres("grp_tres_mins", {"mem": "1G"}, minutes=True)


@pytest.mark.parametrize("value", ["a,b", "a b", "a\tb", "", "a=b", "it's", 'q"', "a\nb", 5,
                                   None, "a\0b"])
def test_bad_names(value):
    with pytest.raises(ValueError) as e:
        v.one_name("account", value)
    assert "account" in str(e.value)


def test_names_keep_default_and_lower_accounts_and_qos():
    assert v.one_name("account", "default") == "default"
    assert v.check(v.ACCOUNT_FIELDS, {"name": "Physics", "parent": "ROOT"}, "Account") == {
        "name": "physics", "parent_account": "root"}
    assert v.check(v.USER_FIELDS, {"name": "Alice"}, "User", user_name=True) == {"name": "Alice"}
    assert v.names("qos", "Normal, High", lower=True) == ["normal", "high"]
    assert v.names("qos", []) == []
    with pytest.raises(ValueError, match="qos"):
        v.names("qos", {"a": 1})


@pytest.mark.parametrize("value, want", [("admin", "Administrator"), ("Operator", "Operator"),
                                         ("NONE", "None"), ("administrator", "Administrator")])
def test_admin_level(value, want):
    assert v.admin_level("admin_level", value) == want


@pytest.mark.parametrize("value", ["root", "super", "", 1, None])
def test_unknown_admin_level(value):
    with pytest.raises(ValueError, match="admin_level"):
        v.admin_level("admin_level", value)


def test_preempt_mode_and_flags():
    assert v.preempt_mode("preempt_mode", "requeue") == "REQUEUE"
    with pytest.raises(ValueError, match="preempt_mode"):
        v.preempt_mode("preempt_mode", "gang")
    known = ["DenyOnLimit", "NoDecay"]
    assert v.flags("flags", "denyonlimit,NODECAY", known) == ["DenyOnLimit", "NoDecay"]
    assert v.flags("flags", [], known) == []
    with pytest.raises(ValueError, match="Bogus"):
        v.flags("flags", ["Bogus"], known)


@pytest.mark.parametrize("value", [-0.5, math.nan, math.inf, "x", True, None])
def test_bad_factor(value):
    with pytest.raises(ValueError, match="usage_factor"):
        v.factor("usage_factor", value)


def test_durations():
    got = v.check(v.QOS_FIELDS, {"MaxWall": "1-00:00:00", "GrpWall": -1, "GraceTime": "1:30",
                                 "preempt_exempt_time": 60}, "QOS")
    assert got == {"max_wall": 1440, "grp_wall": pyslurm.UNLIMITED, "grace_time": 90,
                   "preempt_exempt_time": 60}
    with pytest.raises(ValueError, match="max_wall"):
        v.check(v.QOS_FIELDS, {"max_wall": "soon"}, "QOS")
    with pytest.raises(ValueError, match="grace_time"):
        v.check(v.QOS_FIELDS, {"grace_time": -1}, "QOS")


def test_text_fields_refuse_control_characters_and_quotes():
    with pytest.raises(ValueError, match="description"):
        v.check(v.QOS_FIELDS, {"description": "two\nlines"}, "QOS")
    with pytest.raises(ValueError, match="description"):
        v.check(v.QOS_FIELDS, {"description": "it's"}, "QOS")


# -- the objects built from Python (compiled modules; nothing is sent) -----------
def test_qos_object_from_python():
    from pyslurm.db import QualityOfService
    from pyslurm.db._admin import QOS_FLAGS
    q = QualityOfService("Short", MaxWall="1:00:00", MaxTRESPU="cpu=8,mem=16G",
                         flags=["denyonlimit"], preempt="Normal")
    assert (q.name, q.max_wall, q.max_tres_per_user, q.flags, q.preempt) == (
        "short", 60, {"cpu": 8, "mem": 16384}, ["DenyOnLimit"], ["normal"])
    assert q.priority is None and not q.is_loaded
    assert repr(q).startswith("pyslurm.db.QualityOfService(")
    assert "DenyOnLimit" in QOS_FLAGS
    for bad in ({"max_wall": -2}, {"grp_tres": {"nosuch": 1}}, {"flags": ["Bogus"]},
                {"nosuchfield": 1}, {"preempt_mode": "never"}):
        with pytest.raises(ValueError):
            QualityOfService("x", **bad)
    with pytest.raises(ValueError, match="name"):
        QualityOfService("a,b")
    with pytest.raises(ValueError, match="name"):
        QualityOfService().create()


def test_association_account_user_objects_from_python():
    from pyslurm.db import Account, Association, User
    a = Association(account="Physics", user="alice", cluster="c1", Fairshare=3,
                    GrpTRES="cpu=64", MaxWall="2:00:00")
    assert (a.account, a.user, a.cluster, a.shares, a.group_tres, a.max_wall_time_per_job) == (
        "physics", "alice", "c1", 3, {"cpu": 64}, 120)
    assert a.name == "c1/physics/alice/"
    with pytest.raises(ValueError, match="shares"):
        Association(account="x", shares=-3)
    with pytest.raises(ValueError, match="account"):
        Association(user="alice").delete()
    acc = Account("Chem", description="Chemistry", clusters="c1,c2", GrpJobs=5)
    assert (acc.name, acc.description, acc.clusters) == ("chem", "Chemistry", ["c1", "c2"])
    u = User("Bob", DefaultAccount="Chem", AdminLevel="oper", accounts="a1,a2")
    assert (u.name, u.default_account, u.admin_level, u.accounts) == (
        "Bob", "chem", "Operator", ["a1", "a2"])
    with pytest.raises(ValueError, match="admin_level"):
        User("bob", admin_level="god")
    with pytest.raises(ValueError, match="default_account"):
        User("bob").create()
    with pytest.raises(TypeError):
        User("bob").modify(42)
