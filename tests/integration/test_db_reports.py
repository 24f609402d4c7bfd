"""pyslurm.db.reports against sreport on the local cluster with accounting.

Real jobs use CPU time in the current hour; slurmdbd rolls that hour up on
request (``sacctmgr rollup START END``, which leaves slurmdbd's own
schedule alone), and every report is compared, number for number, with
``sreport -P`` for the same range, unit and TRES."""

import datetime as dt
import os
import subprocess
import time

import pytest

import pyslurm
from jobscripts import busy
from pyslurm.db import reports

# The how-to "usage per account last month" (docs/guides/accounting.md),
# run verbatim by test_howto_usage_per_account_last_month.
# The how-to "usage per account last month" is run from
# docs/guides/accounting.md itself by test_howto_usage_per_account_last_month.
HOWTO = ("accounting.md", "Usage per account last month")

BUSY = busy(4)


def slurm(conf, *args, check=True):
    r = subprocess.run(list(args), env={**os.environ, "SLURM_CONF": conf},
                       capture_output=True, text=True, timeout=120, check=False)
    if check:
        assert r.returncode == 0, f"{' '.join(args)}: {r.stderr}"
    return r


def local(ts):
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%dT%H:%M:%S")


def sreport(conf, *args, start, end, unit="minutes", tres=None, clusters=None):
    """sreport -P's rows as dicts by its header (the header names differ
    between majors only where we map them)."""
    cmd = ["sreport", "-P", "-t", unit]
    if tres:
        cmd += ["-T", tres]
    cmd += list(args) + [f"start={local(start)}", f"end={local(end)}"]
    if clusters:
        cmd.append(f"clusters={clusters}")
    lines = slurm(conf, *cmd).stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Cluster|"):
            head = line.split("|")
            return [dict(zip(head, row.split("|"))) for row in lines[i + 1:] if row]
    return []


def shown(value, unit):
    """A pyslurm figure as sreport prints it."""
    return f"{value:.2f}%" if unit == "percent" else str(value)


@pytest.fixture(scope="module")
def hour(slurm_accounting):
    """The current hour, with two finished jobs in it, rolled up: (conf,
    start, end, job ids)."""
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    now = dt.datetime.now()
    if now.minute >= 57:                 # the jobs must end within this hour
        time.sleep((60 - now.minute) * 60 - now.second + 5)
    start = int(dt.datetime.now().replace(minute=0, second=0, microsecond=0).timestamp())
    end = start + 3600
    ids = [pyslurm.JobSubmitDescription(script=BUSY, cpus_per_task=2, memory_per_node=100,
                                        time_limit=5, standard_output="/dev/null").submit()
           for _ in range(2)]
    deadline = time.monotonic() + 180
    while True:
        out = slurm(conf, "sacct", "-n", "-P", "-X", "-j", ",".join(map(str, ids)),
                    "-o", "state").stdout.split()
        if len(out) == 2 and all(s == "COMPLETED" for s in out):
            break
        assert time.monotonic() < deadline, f"jobs {ids} did not complete: {out}"
        time.sleep(1)
    # roll the hour up until sreport shows the jobs' CPU time
    deadline = time.monotonic() + 60
    while True:
        slurm(conf, "sacctmgr", "-i", "rollup", local(start), local(end))
        rows = sreport(conf, "cluster", "utilization", start=start, end=end, unit="seconds")
        if rows and int(rows[0]["Allocated"]) >= 16:       # 2 jobs x 2 CPUs x 4 s
            break
        assert time.monotonic() < deadline, f"sreport shows no usage after the rollup: {rows}"
        time.sleep(2)
    return conf, start, end, ids


UTIL_COLUMNS = {"Cluster": "cluster", "TRES Name": "tres", "Allocated": "allocated",
                "Down": "down", "PLND Down": "planned_down", "Idle": "idle",
                "Planned": "planned", "Reserved": "planned", "Reported": "reported",
                "Over Comm": "overcommitted", "TRES Count": "tres_count"}


def compare_utilization(report, rows, unit):
    assert len(report) == len(rows) and rows
    for mine, theirs in zip(report, rows):
        for col, text in theirs.items():
            field = UTIL_COLUMNS.get(col)
            if field is None or text == "":
                continue
            value = getattr(mine, field)
            if isinstance(value, str) or field == "tres_count":
                assert str(value) == text, (col, mine)
            else:
                assert shown(value, unit) == text, (col, mine, theirs)


@pytest.mark.parametrize("unit", ["seconds", "minutes", "hours", "percent"])
def test_cluster_utilization_equals_sreport(hour, unit):
    conf, start, end, _ = hour
    report = reports.cluster_utilization(start, end, unit=unit)
    assert (report.start, report.end, report.unit, report.tres) == (start, end, unit, ("cpu",))
    rows = sreport(conf, "cluster", "utilization", start=start, end=end, unit=unit)
    compare_utilization(report, rows, unit)
    extra = sreport(conf, "cluster", "utilization", "format=cluster,overcommitted,trescount",
                    start=start, end=end, unit=unit)
    compare_utilization(report, extra, unit)
    assert report[0].cluster == "pyslurm"
    if unit == "seconds":
        r = report[0]
        assert r.allocated >= 16
        assert r.reported == r.allocated + r.down + r.planned_down + r.idle + r.planned


def test_cluster_utilization_in_other_tres_and_clusters(hour, slurm_accounting):
    conf, start, end, _ = hour
    names = ",".join(slurm_accounting.clusters)
    report = reports.cluster_utilization(start, end, tres="cpu,mem", unit="seconds",
                                         clusters="all")
    rows = sreport(conf, "cluster", "utilization", start=start, end=end, unit="seconds",
                   tres="cpu,mem", clusters=names)
    compare_utilization(report, rows, "seconds")
    assert {r.cluster for r in report} == set(slurm_accounting.clusters)
    assert {r.tres for r in report} == {"cpu", "mem"}
    # the same report in hours, without asking slurmdbd again
    hours = report.to("hours")
    compare_utilization(hours, sreport(conf, "cluster", "utilization", start=start, end=end,
                                       unit="hours", tres="cpu,mem", clusters=names), "hours")


def compare_rows(report, rows, columns, unit):
    assert len(report) == len(rows) and rows
    for mine, theirs in zip(report, rows):
        for col, field in columns.items():
            if col not in theirs:
                continue
            value = getattr(mine, field)
            if field == "used":
                assert shown(value, unit) == theirs[col], (mine, theirs)
            else:
                assert (value or "") == theirs[col], (col, mine, theirs)


ACCOUNT_COLUMNS = {"Cluster": "cluster", "Account": "account", "Login": "user",
                   "Proper Name": "proper_name", "TRES Name": "tres", "Used": "used"}
TOP_COLUMNS = {"Cluster": "cluster", "Login": "login", "Proper Name": "proper_name",
               "Account": "account", "Partition": "partition", "TRES Name": "tres",
               "Used": "used"}


@pytest.mark.parametrize("unit, tres", [("seconds", "cpu"), ("minutes", "cpu,mem"),
                                        ("percent", "cpu")])
def test_account_usage_by_user_equals_sreport(hour, unit, tres):
    conf, start, end, _ = hour
    report = reports.account_usage_by_user(start, end, unit=unit, tres=tres)
    rows = sreport(conf, "cluster", "AccountUtilizationByUser", start=start, end=end,
                   unit=unit, tres=tres)
    compare_rows(report, rows, ACCOUNT_COLUMNS, unit)
    if unit == "seconds":
        mine = {(r.account, r.user): r.used for r in report}
        assert mine[("default", "root")] >= 16 and mine[("root", None)] >= 16
        assert [a.account for a in report.accounts()][:1] == ["root"]


@pytest.mark.parametrize("unit, group", [("seconds", False), ("percent", True),
                                         ("hours", False)])
def test_top_users_equals_sreport(hour, unit, group):
    conf, start, end, _ = hour
    report = reports.top_users(start, end, unit=unit, group_accounts=group)
    args = ["user", "topusage"] + (["group"] if group else [])
    rows = sreport(conf, *args, start=start, end=end, unit=unit)
    compare_rows(report, rows, TOP_COLUMNS, unit)
    assert report[0].login == "root" and "default" in report[0].accounts


def test_top_users_filters_and_top_count(hour):
    conf, start, end, _ = hour
    report = reports.top_users(start, end, unit="seconds", users="root", accounts="default",
                               top=1)
    rows = sreport(conf, "user", "topusage", "users=root", "accounts=default", "topcount=1",
                   start=start, end=end, unit="seconds")
    compare_rows(report, rows, TOP_COLUMNS, "seconds")
    assert len(report) == 1
    assert not reports.top_users(start, end, users="nobody")      # nobody ran nothing


def test_reports_take_one_connection(hour):
    _, start, end, _ = hour
    with pyslurm.db.Connection.open() as conn:
        a = reports.cluster_utilization(start, end, unit="seconds", db_connection=conn)
        b = reports.account_usage_by_user(start, end, unit="seconds", db_connection=conn)
        c = reports.top_users(start, end, unit="seconds", db_connection=conn)
        assert conn.is_open                     # the caller's connection stays open
    assert a[0].allocated >= 16 and b.accounts()[0].used >= 16 and c[0].used >= 16
    with pytest.raises(ValueError, match="db_connection"):
        reports.cluster_utilization(start, end, db_connection=conn)
    with pytest.raises(TypeError, match="db_connection"):
        reports.top_users(start, end, db_connection="slurmdbd")


def test_unknown_tres_is_refused_naming_what_exists(hour):
    _, start, end, _ = hour
    with pytest.raises(ValueError, match=r"invalid value for tres: 'gres/fpga'.*\bmem\b"):
        reports.cluster_utilization(start, end, tres="gres/fpga")


def test_report_as_records_and_dataframe(hour):
    _, start, end, _ = hour
    report = reports.account_usage_by_user(start, end, unit="seconds")
    records = report.to_records()
    assert records and records[0]["account"] == "root" and "used" in records[0]
    assert report.to_dict()["rows"] == records
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pyslurm\\[pandas\\]"):
            report.to_pandas()
        return
    df = report.to_pandas()
    assert list(df["used"]) == [r.used for r in report]


def test_howto_usage_per_account_last_month(hour, capsys, howto_block):
    conf = hour[0]
    namespace = {}
    try:
        exec(compile(howto_block(*HOWTO), "howto", "exec"), namespace)
    except ImportError as e:                     # only to_pandas may need what is absent
        assert "pyslurm[pandas]" in str(e)
    printed = capsys.readouterr().out
    usage = namespace["usage"]
    first = dt.date.today().replace(day=1)
    last = (first - dt.timedelta(days=1)).replace(day=1)
    start = int(dt.datetime(last.year, last.month, 1).timestamp())
    end = int(dt.datetime(first.year, first.month, 1).timestamp())
    assert (usage.start, usage.end, usage.unit) == (start, end, "hours")
    rows = sreport(conf, "cluster", "AccountUtilizationByUser", start=start, end=end,
                   unit="hours")
    theirs = [(r["Cluster"], r["Account"], r["Used"]) for r in rows if not r["Login"]]
    mine = [(r.cluster, r.account, str(r.used)) for r in usage.accounts()]
    assert mine == theirs
    assert printed.count("\n") == len(theirs)
