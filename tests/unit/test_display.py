"""pyslurm.display (HTML tables and cards) and pyslurm.frames (DataFrames
with real dtypes) on plain data: no cluster needed."""

import math
import re
import sys
import time
from types import SimpleNamespace

import pandas as pd
import pytest

import pyslurm
from pyslurm import display, frames
from pyslurm.xcollections import MultiClusterMap

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def job_ns(i=1, **kw):
    base = dict(id=i, name=f"job{i}", user_name="alice", partition="debug",
                state="RUNNING", state_reason=None, nodes="c1", num_nodes=1, cpus=4,
                run_time=3725, time_limit=120, start_time=1_700_000_000, end_time=None,
                exit_code=0, exit_code_signal=0, submit_time=1_699_999_000, memory=2048,
                gpus=None, account="default", qos="normal", working_directory="/tmp",
                comment=None, is_loaded=True, cluster="local")
    base.update(kw)
    return SimpleNamespace(**base)


def body_rows(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr>")


# -- states and formats ---------------------------------------------------------------
@pytest.mark.parametrize("state,category", [
    ("RUNNING", "running"), ("PENDING", "pending"), ("COMPLETED", "completed"),
    ("FAILED", "failed"), ("CANCELLED by 0", "cancelled"), ("TIMEOUT", "timeout"),
    ("OUT_OF_MEMORY", "failed"), ("NODE_FAIL", "failed"), ("SUSPENDED", "suspended"),
    ("IDLE", "idle"), ("MIXED", "mixed"), ("ALLOCATED", "running"),
    ("IDLE+DRAIN", "drain"), ("MIXED+DRAIN", "drain"), ("DOWN+NOT_RESPONDING", "down"),
    ("IDLE+NOT_RESPONDING", "down"), ("IDLE+CLOUD+POWERED_DOWN", "powered"),
    ("DOWN", "down"), ("UP", "idle"), ("INACTIVE", "powered"), ("IDLE*", "idle"),
    (None, "unknown"), ("", "unknown"), ("<b>WEIRD</b>", "unknown"), (True, "running"),
])
def test_state_category(state, category):
    assert display.state_category(state) == category
    assert display.state_colour(state) == display.STATE_COLOURS[category]
    assert re.fullmatch(r"#[0-9a-f]{6}", display.state_colour(state))


def test_distinct_colours_for_the_states_people_tell_apart():
    c = display.state_colour
    assert len({c("RUNNING"), c("PENDING"), c("FAILED"), c("COMPLETED"), c("IDLE"),
                c("IDLE+DRAIN"), c("DOWN")}) == 7


def test_formats():
    assert display.format_duration(None) == ""
    assert display.format_duration(59) == "0:59"
    assert display.format_duration(3725) == "1:02:05"
    assert display.format_duration(90061) == "1-01:01:01"
    assert display.format_duration(math.inf) == "UNLIMITED"
    assert display.format_minutes(120) == "2:00:00"
    assert display.format_minutes(math.inf) == "UNLIMITED"
    assert display.format_mib(512) == "512M"
    assert display.format_mib(4000) == "3.9G"
    assert display.format_mib(None) == ""
    assert display.format_time(None) == "" and display.format_time(0) == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", display.format_time(1_700_000_000))
    assert display.format_value(["a", "b"]) == "a,b"
    assert display.format_value({"cpu": 4, "mem": math.inf}) == "cpu=4,mem=UNLIMITED"
    assert display.format_value(None) == "" and display.format_value(True) == "yes"


# -- tables ----------------------------------------------------------------------------
def test_job_table_columns_and_colour():
    html = display.table_html([job_ns(1), job_ns(2, state="PENDING", state_reason="Priority",
                                                nodes=None, num_nodes=2)], kind="job")
    for header in ("ID", "Name", "User", "Partition", "State", "Reason", "Nodes", "CPUs",
                   "Time / limit", "Start", "End", "Exit"):
        assert f"<th>{header}</th>" in html
    assert body_rows(html) == 2
    assert f'background:{display.state_colour("RUNNING")}">RUNNING<' in html
    assert f'background:{display.state_colour("PENDING")}">PENDING<' in html
    assert "<td>Priority</td>" in html and "(2 requested)" in html
    assert "<td>1:02:05 / 2:00:00</td>" in html


def test_exit_code_only_for_finished_jobs():
    done = display.table_html([job_ns(1, state="FAILED", exit_code=3, exit_code_signal=0)],
                              kind="job")
    killed = display.table_html([job_ns(1, state="CANCELLED", exit_code=0,
                                        exit_code_signal=9)], kind="job")
    running = display.table_html([job_ns(1, exit_code=0)], kind="job")
    assert "<td>3</td></tr>" in done
    assert "<td>0:9</td></tr>" in killed
    assert running.split("</tr>")[-2].endswith("<td></td>")


def test_hostile_text_is_escaped_everywhere():
    evil = job_ns(1, name=HOSTILE, user_name=HOSTILE, partition=HOSTILE, state=HOSTILE,
                  state_reason=HOSTILE, nodes=HOSTILE, comment=HOSTILE,
                  working_directory=HOSTILE)
    for html in (display.table_html([evil], kind="job", title=HOSTILE),
                 display.card_html(evil, kind="job"),
                 display.table_html([evil], kind="job", cluster_of=lambda i: HOSTILE)):
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html and "&amp;amp;" in html
        assert "&quot;x&quot;" in html
    node = SimpleNamespace(name=HOSTILE, state="IDLE", alloc_cpus=0, cpus=4,
                           alloc_memory=0, real_memory=1000, cpu_load=0.5,
                           partitions=[HOSTILE], reason=HOSTILE)
    html = display.table_html([node], kind="node")
    assert "<script" not in html and "<img" not in html and "&lt;img" in html


def test_many_rows_are_truncated_and_read_lazily():
    consumed = 0

    def items():
        nonlocal consumed
        for i in range(10_000):
            consumed += 1
            yield job_ns(i)

    t = time.perf_counter()
    html = display.table_html(items(), kind="job", total=10_000)
    elapsed = time.perf_counter() - t
    assert body_rows(html) == display.MAX_ROWS
    assert consumed == display.MAX_ROWS
    assert f"... {10_000 - display.MAX_ROWS} more" in html
    assert elapsed < 0.5
    assert body_rows(display.table_html((job_ns(i) for i in range(20)), kind="job",
                                        max_rows=5)) == 5
    with pytest.raises(ValueError, match="max_rows"):
        display.table_html([], kind="job", max_rows=-1)
    with pytest.raises(ValueError, match="kind"):
        display.table_html([job_ns()], kind="nope")


def test_job_card_key_facts():
    html = display.card_html(job_ns(7, state="FAILED", state_reason="NonZeroExitCode",
                                    exit_code=2, exit_code_signal=0, end_time=1_700_000_100,
                                    gpus={"gpu": 2}), kind="job")
    for fact in ("State", "Nodes", "Submit", "Start", "End", "Time / limit", "Exit code",
                 "CPUs", "Memory", "GPUs"):
        assert f"<th>{fact}</th>" in html, fact
    assert "(NonZeroExitCode)" in html and "<td>2</td>" in html and "2.0G" in html
    signal = display.card_html(job_ns(7, state="CANCELLED", exit_code=0,
                                      exit_code_signal=15), kind="job")
    assert "0 (signal 15)" in signal


class Thing(SimpleNamespace):
    def to_dict(self):
        return dict(vars(self))


def test_card_of_an_entity_without_a_table_lists_its_attributes():
    html = display.card_html(Thing(name="x", value=HOSTILE, is_loaded=True))
    assert "<th>value</th>" in html and "&lt;script" in html and "<script" not in html


# -- with pyslurm's own classes (built from Python: no cluster) ----------------------
def test_entities_and_collections_have_repr_html():
    job = pyslurm.Job(42)
    assert display.kind_of(job) == "job" and display.kind_of(pyslurm.Jobs._item_type) == "job"
    assert "pyslurm.Job 42" in job._repr_html_() and "not loaded" in job._repr_html_()
    jobs = pyslurm.Jobs([1, 2, 3])
    html = jobs._repr_html_()
    assert "pyslurm.Jobs: 3 items" in html and body_rows(html) == 3
    assert "<td>1</td>" in html
    assert repr(jobs).startswith("pyslurm.Jobs({")          # plain repr unchanged
    assert display.kind_of(pyslurm.Node) == "node"
    assert display.kind_of(pyslurm.db.Job) == "db_job"
    assert display.kind_of(pyslurm.db.JobStep) == "db_step"
    assert display.kind_of(pyslurm.db.QualityOfService) == "qos"
    assert display.kind_of(pyslurm.db.Association) == "association"
    assert display.kind_of(pyslurm.db.User) == "user"
    assert display.kind_of(pyslurm.db.Account) == "account"
    assert display.kind_of(pyslurm.JobStep) == "step"
    assert display.kind_of(pyslurm.Partition) == "partition"
    assert display.kind_of(pyslurm.Reservation) == "reservation"
    for coll in (pyslurm.Nodes(), pyslurm.Partitions(), pyslurm.Reservations(),
                 pyslurm.JobSteps(), pyslurm.db.Jobs(), pyslurm.db.JobSteps(),
                 pyslurm.db.QualitiesOfService(), pyslurm.db.Associations(),
                 pyslurm.db.Accounts(), pyslurm.db.Users()):
        html = coll._repr_html_()
        assert ": 0 items" in html, type(coll)
        assert callable(coll.to_pandas)


def test_collection_of_several_clusters_has_a_cluster_column():
    jobs = pyslurm.Jobs({"alpha": {1: pyslurm.Job(1)}, "beta": {2: pyslurm.Job(2)}})
    html = jobs._repr_html_()
    assert "<th>Cluster</th>" in html and "on 2 clusters" in html
    assert "<tr><td>alpha</td><td>1</td>" in html and "<tr><td>beta</td><td>2</td>" in html


# -- frames ------------------------------------------------------------------------------
def test_from_rows_dtypes_and_missing_values():
    fields = ["id", "name", "state", "partition", "cpus", "memory", "time_limit",
              "run_time", "submit_time", "start_time", "exit_code", "nodes", "gres_x",
              "is_x", "load"]
    rows = [
        (1, "a", "RUNNING", "debug", 4, 2048, 60, 30, 1_700_000_000, 1_700_000_010, 0,
         "c1", {"gpu": 1}, True, 0.5),
        (2, None, "PENDING", None, None, None, math.inf, None, 1_700_000_001, None, None,
         None, None, None, None),
    ]
    df = frames.from_rows(rows, fields, kind="job")
    assert df.index.name == "id" and list(df.index) == [1, 2]
    assert str(df.dtypes["cpus"]) == "Int64" and str(df.dtypes["memory"]) == "Int64"
    assert str(df.dtypes["exit_code"]) == "Int64"
    assert isinstance(df.dtypes["state"], pd.CategoricalDtype)
    assert isinstance(df.dtypes["partition"], pd.CategoricalDtype)
    assert pd.api.types.is_timedelta64_dtype(df.dtypes["time_limit"])
    assert pd.api.types.is_timedelta64_dtype(df.dtypes["run_time"])
    assert isinstance(df.dtypes["submit_time"], pd.DatetimeTZDtype)
    assert str(df.dtypes["submit_time"].tz) == "UTC"
    assert isinstance(df.dtypes["name"], pd.StringDtype)
    assert str(df.dtypes["is_x"]) == "boolean" and str(df.dtypes["load"]) == "Float64"
    assert df.loc[1, "time_limit"] == pd.Timedelta(minutes=60)
    assert df.loc[1, "run_time"] == pd.Timedelta(seconds=30)
    assert df.loc[1, "submit_time"] == pd.Timestamp(1_700_000_000, unit="s", tz="UTC")
    # missing: NA / NaT, never the text "None"; UNLIMITED is missing too
    for col in ("name", "partition", "cpus", "memory", "exit_code", "nodes", "gres_x",
                "is_x", "load", "start_time", "run_time", "time_limit"):
        assert pd.isna(df.loc[2, col]), col
    assert "None" not in df.astype(str).to_string().replace("<NA>", "")
    assert df.loc[1, "gres_x"] == {"gpu": 1}


def test_from_rows_index_options_and_clusters():
    rows = [("a", 1, "RUNNING"), ("b", 1, "PENDING"), ("b", 2, "RUNNING")]
    df = frames.from_rows(rows, ["cluster", "id", "state"], kind="job")
    assert df.index.names == ["cluster", "id"]
    assert df.loc[("b", 1), "state"] == "PENDING"
    single = frames.from_rows([("a", 1, "X")], ["cluster", "id", "state"], kind="job")
    assert single.index.names == ["id"] and "cluster" in single.columns
    plain = frames.from_rows(rows, ["cluster", "id", "state"], kind="job", index=None)
    assert list(plain.index) == [0, 1, 2]
    with pytest.raises(ValueError, match="index"):
        frames.from_rows(rows, ["cluster", "id", "state"], index="nope")
    nodes = frames.from_rows([("c1", "IDLE", 4)], ["name", "state", "cpus"], kind="node")
    assert nodes.index.name == "name"


def test_empty_frame_has_its_columns():
    df = frames.from_rows([], frames.DEFAULT_FIELDS["job"], kind="job")
    assert len(df) == 0 and list(df.columns) == frames.DEFAULT_FIELDS["job"][1:]
    assert str(df.dtypes["cpus"]) == "Int64"


def test_to_pandas_of_a_collection_built_from_python():
    jobs = pyslurm.Jobs([1, 2])
    df = jobs.to_pandas()
    assert list(df.index) == [1, 2]
    assert list(df.columns) == frames.DEFAULT_FIELDS["job"][1:]
    assert df["cpus"].isna().all() and str(df.dtypes["cpus"]) == "Int64"
    assert isinstance(df.dtypes["state"], pd.CategoricalDtype)
    df2 = jobs.to_pandas(["id", "name"])
    assert list(df2.columns) == ["name"] and isinstance(df2.dtypes["name"], pd.StringDtype)
    with pytest.raises(ValueError, match="'bogus' is not an attribute of Job"):
        jobs.to_pandas(["id", "bogus"])
    with pytest.raises(ValueError, match="fields"):
        jobs.to_pandas(["id", "id"])
    multi = pyslurm.Jobs({"alpha": {1: pyslurm.Job(1)}, "beta": {1: pyslurm.Job(1)}})
    mdf = multi.to_pandas(["id", "state"])
    assert mdf.index.names == ["cluster", "id"] and len(mdf) == 2
    empty = pyslurm.Nodes().to_pandas()
    assert len(empty) == 0 and empty.index.name == "name"


class Items(MultiClusterMap):
    _item_type = SimpleNamespace


def test_to_pandas_of_plain_items_needs_fields():
    coll = Items([SimpleNamespace(id=1, cluster="x", v="a")], cluster="x")
    with pytest.raises(ValueError, match="fields"):
        coll.to_pandas()
    df = coll.to_pandas(["id", "v"])
    assert list(df.index) == [1] and df.loc[1, "v"] == "a"


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    for call in (lambda: pyslurm.Jobs([1]).to_pandas(),
                 lambda: frames.from_rows([], ["id"]),
                 lambda: pyslurm.Jobs.load_frame()):     # raises before any RPC
        with pytest.raises(ImportError, match=re.escape('pip install "pyslurm[pandas]"')):
            call()


def test_report_rows_display_as_a_table():
    from pyslurm.db.reports import ClusterUtilization, UsageReport
    raw = [({"cluster": HOSTILE, "tres": "cpu", "tres_count": 16},
            {"allocated": (3600, 0), "down": (0, 0), "planned_down": (0, 0),
             "idle": (7200, 0), "planned": (0, 0), "overcommitted": (0, 0),
             "reported": (10800, 0)})]
    report = UsageReport("cluster utilization", ClusterUtilization, 1_700_000_000,
                         1_700_003_600, "minutes", ["cpu"], raw)
    html = report._repr_html_()
    assert "<th>allocated</th>" in html and "<td>60</td>" in html and "<td>180</td>" in html
    assert "UsageReport cluster utilization" in html and "<script" not in html
    assert "&lt;script&gt;" in html
    rows = [SimpleNamespace(job=i, state="FAILED") for i in range(80)]
    table = display.rows_html(rows, ["job", "state"], title="t")
    assert body_rows(table) == display.MAX_ROWS and "... 30 more" in table
    assert display.state_colour("FAILED") in table


def test_efficiencies_display_as_a_table():
    from pyslurm.db.efficiency import JobEfficiencies
    html = JobEfficiencies()._repr_html_()
    assert "JobEfficiencies of 0 jobs" in html and "<th>job_id</th>" in html
