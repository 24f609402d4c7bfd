"""pyslurm.db.reports and pyslurm.db.efficiency without a cluster: sreport's
time range, units and rounding, the checks of every argument, the order of
top users, report containers, and seff's formulas."""

import dataclasses
import datetime as dt
import math

import pytest

from pyslurm.db import efficiency, reports
from pyslurm.db.efficiency import JobEfficiencies, JobEfficiency

NOW = dt.datetime(2026, 12, 5, 14, 40, 10).timestamp()


def ts(*args):
    return int(dt.datetime(*args).timestamp())


# ---- time range, as sreport computes it ----

@pytest.mark.parametrize("start, end, want", [
    # whole hours stay
    ((2026, 11, 1, 10), (2026, 11, 1, 12), ((2026, 11, 1, 10), (2026, 11, 1, 12))),
    # to the nearest hour: 29:29 down, 30:00 up, 29:30 up (the seconds round the minute)
    ((2026, 11, 1, 9, 29, 29), (2026, 11, 1, 12, 30), ((2026, 11, 1, 9), (2026, 11, 1, 13))),
    ((2026, 11, 1, 9, 29, 30), (2026, 11, 1, 12, 29, 29),
     ((2026, 11, 1, 10), (2026, 11, 1, 12))),
    # shorter than an hour after rounding: one hour from the start
    ((2026, 11, 1, 10, 10), (2026, 11, 1, 10, 20), ((2026, 11, 1, 10), (2026, 11, 1, 11))),
    # across midnight and a month
    ((2026, 9, 30, 23, 45), (2026, 10, 1, 0, 40), ((2026, 10, 1, 0), (2026, 10, 1, 1))),
])
def test_time_range_rounds_like_sreport(start, end, want):
    s, e = reports.time_range(dt.datetime(*start), dt.datetime(*end), now=NOW)
    assert (s, e) == (ts(*want[0]), ts(*want[1]))


def test_time_range_defaults_to_yesterday():
    assert reports.time_range(now=NOW) == (ts(2026, 12, 4), ts(2026, 12, 5))
    # only a start: up to today's midnight
    assert reports.time_range(dt.date(2026, 12, 1), now=NOW) == (ts(2026, 12, 1),
                                                                 ts(2026, 12, 5))


def test_time_range_end_is_at_most_now():
    # an end in the future is now (14:40:10), then rounded: 15:00
    s, e = reports.time_range(dt.datetime(2026, 12, 5, 12), dt.datetime(2027, 1, 1), now=NOW)
    assert (s, e) == (ts(2026, 12, 5, 12), ts(2026, 12, 5, 15))
    # now at 14:10: the end rounds down to 14:00
    s, e = reports.time_range(dt.datetime(2026, 12, 5, 12), dt.datetime(2027, 1, 1),
                              now=ts(2026, 12, 5, 14, 10))
    assert e == ts(2026, 12, 5, 14)


def test_time_range_accepts_every_kind_of_time():
    want = (ts(2026, 11, 1), ts(2026, 11, 2))
    assert reports.time_range(dt.date(2026, 11, 1), dt.date(2026, 11, 2), now=NOW) == want
    assert reports.time_range(ts(2026, 11, 1), float(ts(2026, 11, 2)), now=NOW) == want
    assert reports.time_range("2026-11-01", "2026-11-02T00:00:00", now=NOW) == want
    aware = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    assert reports.time_range(aware, now=NOW)[0] == reports.time_range(
        int(aware.timestamp()), now=NOW)[0]
    s, e = reports.time_range("now-3hours", "now", now=NOW)
    assert (s, e) == (ts(2026, 12, 5, 12), ts(2026, 12, 5, 15))


@pytest.mark.parametrize("start, end, field", [
    ("2026-11-02", "2026-11-01", "start"),          # start after end
    ("2027-01-01", None, "start"),                  # start in the future
    ("yesterday-ish", None, "start"),               # no time
    (None, "32/13", "end"),
    (-5, None, "start"),
    (True, None, "start"),
    ([2026], None, "start"),
])
def test_time_range_refuses_bad_times(start, end, field):
    with pytest.raises(ValueError, match=f"invalid value for {field}"):
        reports.time_range(start, end, now=NOW)


# ---- units ----

@pytest.mark.parametrize("name, want", [
    ("minutes", "minutes"), ("Minutes", "minutes"), ("m", "minutes"), ("hours", "hours"),
    ("Hours", "hours"), ("s", "seconds"), ("Seconds", "seconds"), ("percent", "percent"),
    ("Percent", "percent"), ("%", "percent"),
])
def test_units_have_sreports_spellings(name, want):
    assert reports.check_unit(name) == want


@pytest.mark.parametrize("bad", ["days", "", None, 60, "minutes per"])
def test_unknown_unit_is_refused(bad):
    with pytest.raises(ValueError, match="invalid value for unit"):
        reports.check_unit(bad)


@pytest.mark.parametrize("secs, unit, want", [
    (0, "minutes", 0), (29, "minutes", 0), (30, "minutes", 0),   # 0.5 -> 0 (%.0f: to even)
    (31, "minutes", 1), (90, "minutes", 2), (150, "minutes", 2), (151, "minutes", 3),
    (1799, "hours", 0), (5400, "hours", 2), (5399, "hours", 1), (9000, "hours", 2),
    (123456789, "seconds", 123456789),
])
def test_minutes_and_hours_round_as_sreport_prints(secs, unit, want):
    got = reports.convert(secs, 0, unit)
    assert got == want and isinstance(got, int)
    # what sreport prints: printf("%.0lf", secs / 60.0)
    div = 60 if unit == "minutes" else 3600 if unit == "hours" else 1
    assert str(got) == "%.0f" % (secs / div)


def test_percent_is_a_share_of_the_total():
    assert reports.convert(26, 52560, "percent") == pytest.approx(0.049467275)
    assert "%.2f" % reports.convert(26, 52560, "percent") == "0.05"
    # sreport divides by 1 when the total is 0
    assert reports.convert(5, 0, "percent") == 500.0


# ---- arguments ----

@pytest.mark.parametrize("value, want", [
    ("cpu", ["cpu"]), ("cpu,mem", ["cpu", "mem"]), (["gres/gpu"], ["gres/gpu"]),
    ("ALL", ["ALL"]), ("fs/disk", ["fs/disk"]), ("gres/gpu:a100", ["gres/gpu:a100"]),
])
def test_tres_names_are_checked_for_form(value, want):
    assert reports._tres_request(value) == want


@pytest.mark.parametrize("bad", ["", "cpu,", "cpu mem", "/gpu", "gres//gpu", "cpu;rm"])
def test_malformed_tres_is_refused(bad):
    with pytest.raises(ValueError, match="invalid value for tres"):
        reports._tres_request(bad)


@pytest.mark.parametrize("bad", [None, 1, {"cpu"}])
def test_tres_of_another_kind_is_a_type_error(bad):
    with pytest.raises(TypeError, match="tres"):
        reports._tres_request(bad)


TABLE = [(1, "cpu", None, 0), (2, "mem", None, 0), (3, "energy", None, 0),
         (4, "node", None, 0), (6, "fs", "disk", 0), (1001, "gres", "gpu", 0)]


def test_tres_resolve_as_sreport_finds_them():
    got = reports._resolve_tres(["CPU", "gres/GPU", "fs/disk", "cpu"], TABLE, "minutes")
    assert [(t.id, str(t)) for t in got] == [(1, "cpu"), (1001, "gres/gpu"), (6, "fs/disk")]
    assert [t.id for t in reports._resolve_tres(["ALL"], TABLE, "hours")] == [
        1, 2, 3, 4, 6, 1001]


def test_unknown_tres_names_what_the_database_has():
    with pytest.raises(ValueError, match=r"invalid value for tres: 'gres/fpga'.*cpu, "):
        reports._resolve_tres(["gres/fpga"], TABLE, "minutes")
    with pytest.raises(ValueError, match="'gres'"):        # gres needs its name
        reports._resolve_tres(["gres"], TABLE, "minutes")


def test_node_usage_in_percent_is_refused_as_sreport_refuses_it():
    with pytest.raises(ValueError, match="node usage is not reported in percent"):
        reports._resolve_tres(["node"], TABLE, "percent")
    assert reports._resolve_tres(["node"], TABLE, "hours")[0].id == 4


def test_names_filters():
    assert reports._names("users", None) is None
    assert reports._names("users", "alice, bob,alice") == ["alice", "bob"]
    assert reports._names("accounts", ("a", "b")) == ["a", "b"]
    assert reports._names("accounts", "default") == ["default"]
    assert reports._names("clusters", "ALL", keyword_all=True) is None
    assert reports._clusters(["c1", "c2"]) == ["c1", "c2"]
    assert reports._clusters("all") is None


@pytest.mark.parametrize("field, bad", [
    ("users", ""), ("users", "a,,b"), ("accounts", "a b"), ("clusters", []),
    ("users", "x=y"), ("accounts", "a\nb"),
])
def test_bad_names_are_refused(field, bad):
    with pytest.raises(ValueError, match=f"invalid value for {field}"):
        reports._names(field, bad)


@pytest.mark.parametrize("bad", [5, {"a": 1}, ["a", 3]])
def test_names_of_another_kind_are_type_errors(bad):
    with pytest.raises(TypeError, match="users"):
        reports._names("users", bad)


@pytest.mark.parametrize("kwargs, match", [
    ({"unit": "weeks"}, "unit"),
    ({"tres": "cpu mem"}, "tres"),
    ({"clusters": "a b"}, "clusters"),
    ({"start": "2026-12-02", "end": "2026-12-01"}, "start"),
])
@pytest.mark.parametrize("report", [reports.cluster_utilization, reports.top_users,
                                    reports.account_usage_by_user])
def test_reports_check_arguments_before_any_request(report, kwargs, match):
    # no Slurm configuration is needed to refuse them: nothing is sent
    with pytest.raises(ValueError, match=f"invalid value for {match}"):
        report(**kwargs)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"top": 0}, ValueError, "top"), ({"top": "5"}, ValueError, "top"),
    ({"top": 2.5}, ValueError, "top"), ({"group_accounts": "yes"}, TypeError,
                                        "group_accounts"),
    ({"users": "a,"}, ValueError, "users"), ({"accounts": 7}, TypeError, "accounts"),
])
def test_top_users_checks_its_own_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        reports.top_users(clusters="c1", **kwargs)


# ---- the order of top users (sreport's sort_user_dec) ----

def test_top_users_order_most_used_first_then_login():
    people = [("carol", 3, ["a"], None, {1: 50}), ("alice", 1, ["a"], None, {1: 10}),
              ("bob", 2, ["a"], None, {1: 50}), ("dave", 4, ["a"], None, {2: 99}),
              ("erin", 5, ["a"], None, {1: 0})]
    got = [p[0] for p in sorted(people, key=reports._user_order(1))]
    assert got == ["bob", "carol", "alice", "erin", "dave"]


# ---- report containers ----

def make_report(unit="seconds"):
    raw = [({"cluster": "c", "tres": "cpu", "tres_count": 16},
            {"allocated": (26, 52560), "down": (0, 52560), "planned_down": (0, 52560),
             "idle": (52530, 52560), "planned": (4, 52560), "overcommitted": (0, 52560),
             "reported": (52560, 57600)})]
    return reports.UsageReport("cluster utilization", reports.ClusterUtilization,
                               ts(2026, 12, 5, 14), ts(2026, 12, 5, 15), unit, ["cpu"], raw)


def test_report_rows_in_each_unit_from_the_same_seconds():
    r = make_report()
    assert len(r) == 1 and r[0].allocated == 26 and r.seconds == 3600
    m = r.to("minutes")
    assert (m[0].allocated, m[0].idle, m[0].reported) == (0, 876, 876)
    p = r.to("percent")
    assert ["%.2f" % v for v in (p[0].allocated, p[0].idle, p[0].planned, p[0].reported)] == [
        "0.05", "99.94", "0.01", "91.25"]
    assert r.to("hours")[0].reported == 15
    assert r[0].allocated == 26                      # the original is unchanged
    with pytest.raises(ValueError, match="unit"):
        r.to("days")


def test_report_as_plain_data():
    r = make_report()
    rec = r.to_records()
    assert rec == [dataclasses.asdict(r[0])] and rec[0]["cluster"] == "c"
    d = r.to_dict()
    assert d["unit"] == "seconds" and d["tres"] == ["cpu"] and d["rows"] == rec
    assert d["end"] - d["start"] == 3600
    assert "1 rows in seconds" in repr(r) and list(r) == r.rows and r[0:1] == r.rows
    assert bool(r) and not reports.UsageReport("x", reports.ClusterUtilization, 0, 3600,
                                               "seconds", [], [])


def test_to_pandas_gives_a_frame_or_names_the_extra():
    r = make_report()
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"pip install 'pyslurm\[pandas\]'"):
            r.to_pandas()
        return
    df = r.to_pandas()
    assert list(df.columns) == [f.name for f in dataclasses.fields(reports.ClusterUtilization)]
    assert df.loc[0, "idle"] == 52530
    empty = reports.UsageReport("x", reports.UserUsage, 0, 3600, "seconds", [], []).to_pandas()
    assert len(empty) == 0 and "login" in empty.columns


def test_account_report_separates_accounts_and_users():
    raw = [({"cluster": "c", "account": "root", "parent_account": None, "user": None,
             "proper_name": None, "tres": "cpu"}, {"used": (90, 100)}),
           ({"cluster": "c", "account": "root", "parent_account": None, "user": "alice",
             "proper_name": "Alice", "tres": "cpu"}, {"used": (90, 100)})]
    r = reports.AccountUsageReport("account usage by user", reports.AccountUsage, 0, 3600,
                                   "minutes", ["cpu"], raw)
    assert [a.account for a in r.accounts()] == ["root"]
    assert [u.user for u in r.users()] == ["alice"]
    h = r.to("percent")
    assert isinstance(h, reports.AccountUsageReport) and h.users()[0].used == 90.0
    assert r[0].used == 2


def test_user_usage_account_is_printed_as_sreport_does():
    u = reports.UserUsage("c", "alice", None, ("a", "b"), None, "cpu", 1)
    assert u.account == "a, b"


# ---- seff's formulas ----

def test_efficiency_as_seff_computes_it():
    e = JobEfficiency.from_values(job_id=12, elapsed=100, cpus=4, nodes=2, cpu_time=300.0,
                                  memory_used=512.0, memory_requested=2048,
                                  memory_per="node", time_limit=10, array_job_id=10,
                                  array_task_id=2, state="COMPLETED")
    assert e.core_walltime == 400 and e.cpu_efficiency == 75.0
    assert e.memory_efficiency == 25.0 and e.memory_requested_per == 1024.0
    assert e.time_efficiency == pytest.approx(100 / 600 * 100)
    assert e.job_name == "10_2" and e.array_task_id == 2
    per_cpu = JobEfficiency.from_values(job_id=1, elapsed=10, cpus=4, cpu_time=1.0,
                                        memory_requested=400, memory_per="cpu")
    assert per_cpu.memory_requested_per == 100.0 and per_cpu.memory_per == "cpu"


def test_efficiency_of_nothing_is_none():
    never = JobEfficiency.from_values(job_id=3, elapsed=0, cpus=0, cpu_time=0.0,
                                      time_limit=math.inf)
    # seff: no CPUs counts as one; no run time, no request, no limit: nothing to measure
    assert never.cpus == 1 and never.core_walltime == 0
    assert never.cpu_efficiency is None and never.memory_efficiency is None
    assert never.time_efficiency is None and never.time_limit is None
    assert never.memory_per is None and never.job_name == "3"


def test_efficiencies_summary_and_plain_data():
    a = JobEfficiency.from_values(job_id=1, elapsed=10, cpus=2, cpu_time=20.0,
                                  memory_used=10.0, memory_requested=100)
    b = JobEfficiency.from_values(job_id=2, elapsed=10, cpus=2, cpu_time=5.0,
                                  memory_used=30.0, memory_requested=100)
    c = JobEfficiency.from_values(job_id=3, elapsed=0, cpus=2, cpu_time=0.0)
    effs = JobEfficiencies([a, b, c])
    s = effs.summary()
    assert (s.jobs, s.cpu_time, s.core_walltime) == (3, 25.0, 40)
    assert s.cpu_efficiency == 62.5 and s.memory_used == 30.0
    assert s.memory_efficiency == 20.0
    assert (s.cpu_efficiency_min, s.cpu_efficiency_max) == (25.0, 100.0)
    assert len(effs) == 3 and effs[1] is b and list(effs) == [a, b, c]
    assert effs.to_dict()["2"]["cpu_efficiency"] == 25.0
    assert effs.to_records()[0] == a.to_dict()
    empty = JobEfficiencies().summary()
    assert empty.jobs == 0 and empty.cpu_efficiency is None and empty.memory_used is None


def test_efficiencies_to_pandas_or_the_extra():
    effs = JobEfficiencies([JobEfficiency.from_values(job_id=1, elapsed=1, cpus=1,
                                                      cpu_time=1.0)])
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pyslurm"):
            effs.to_pandas()
        return
    assert effs.to_pandas().loc[0, "cpu_efficiency"] == 100.0


def test_load_job_refuses_a_bad_id_before_any_request():
    with pytest.raises((ValueError, TypeError), match="job"):
        efficiency.load_job("12a")


def test_the_dynamic_offset_row_is_no_tres():
    table = TABLE + [(1000, "dynamic_offset", None, 0)]
    assert 1000 not in [t.id for t in reports._resolve_tres(["ALL"], table, "seconds")]
    with pytest.raises(ValueError, match="no such TRES"):
        reports._resolve_tres(["dynamic_offset"], table, "seconds")


def test_array_tasks_in_task_order():
    def task(job_id, task_id):
        return JobEfficiency.from_values(job_id=job_id, elapsed=1, cpus=1, cpu_time=1.0,
                                         array_job_id=228, array_task_id=task_id)
    # the last task keeps the array's id, the first ones get the next ids
    items = [task(228, 2), task(229, 0), task(230, 1),
             JobEfficiency.from_values(job_id=5, elapsed=1, cpus=1, cpu_time=0.0)]
    assert [e.job_name for e in efficiency._in_order(items)] == [
        "5", "228_0", "228_1", "228_2"]
