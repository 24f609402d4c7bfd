"""pyslurm.db's checks that need no cluster: JobFilter values (sacct's
time strings and state names), the time window defaults, TRES strings,
db.Job built from Python and modify's refusals before any request."""

import datetime

import pytest

from pyslurm.db import _jobs_values as jv
from pyslurm.db import job as dbjob
from pyslurm.db import tres as dbtres

# a fixed "now": 2024-05-15 10:30:00 local time
NOW = datetime.datetime(2024, 5, 15, 10, 30, 0).timestamp()


def local(*args):
    return int(datetime.datetime(*args).timestamp())


@pytest.mark.parametrize("text, expected", [
    ("2024-05-01", local(2024, 5, 1)),
    ("2024-05-01T08:15", local(2024, 5, 1, 8, 15)),
    ("2024-05-01T08:15:30", local(2024, 5, 1, 8, 15, 30)),
    ("05/01", local(2024, 5, 1)),
    ("05/01/23", local(2023, 5, 1)),
    ("05.01.23", local(2023, 5, 1)),
    ("0501", local(2024, 5, 1)),
    ("050123", local(2023, 5, 1)),
    ("12/24", local(2023, 12, 24)),          # a month still to come: last year (sacct)
    ("05/01-14:00", local(2024, 5, 1, 14, 0)),
    ("08:00", local(2024, 5, 15, 8, 0)),
    ("11:00:05", local(2024, 5, 15, 11, 0, 5)),   # later today: still today (past)
    ("2:30pm", local(2024, 5, 15, 14, 30)),
    ("12:00am", local(2024, 5, 15, 0, 0)),
    ("today", local(2024, 5, 15)),
    ("midnight", local(2024, 5, 15)),
    ("noon", local(2024, 5, 15, 12)),
    ("teatime", local(2024, 5, 15, 16)),
    ("tomorrow", local(2024, 5, 16)),
    ("now", int(NOW)),
    ("now-2days", int(NOW) - 2 * 86400),
    ("now+1hour", int(NOW) + 3600),
    ("now-90", int(NOW) - 90),
    ("now-3w", int(NOW) - 3 * 604800),
    ("uts1700000000", 1700000000),
    (1700000000, 1700000000),
    (datetime.datetime(2024, 1, 2, 3, 4, 5), local(2024, 1, 2, 3, 4, 5)),
    (datetime.date(2024, 1, 2), local(2024, 1, 2)),
])
def test_times_read_as_sacct_reads_them(text, expected):
    assert jv.parse_time(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "25:00", "2024-13-01", "now+3parsecs",
                                  "13/01", "02/30/24", -1, True, 1.5e20, [], "now\0"])
def test_bad_times_name_the_field(text):
    with pytest.raises(ValueError, match="end_time"):
        jv.parse_time(text, "end_time", now=NOW)


def test_state_names_and_abbreviations():
    assert jv.parse_states(["cd", "F", "timeout", "OOM", "ca"]) == [
        "COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED"]
    assert jv.parse_states("PD,R,pending") == ["PENDING", "RUNNING"]
    with pytest.raises(ValueError, match="'DONE'"):
        jv.parse_states(["COMPLETED", "DONE"])
    with pytest.raises(ValueError, match="states"):
        jv.parse_states(42)


def test_every_state_name_has_slurms_number():
    assert set(jv.STATE_NAMES.values()) <= set(dbjob._STATE_NUMBERS)


def test_filter_checks_every_value_before_any_request():
    f = jv.JobFilter(ids="12,13", users=[0, "0"], accounts="default,physics",
                     nodelist=["c1", "c2"], exit_codes=5, cpus=2, max_cpus=8,
                     timelimit="1:00:00", qos=["normal", 3], clusters="all",
                     start_time="2024-05-01", end_time="2024-05-02")
    c = f.checked()
    assert c["ids"] == [12, 13]
    assert c["users"] == [0, 0]
    assert c["accounts"] == ["default", "physics"]
    assert c["nodelist"] == "c1,c2" or c["nodelist"] == "c[1-2]"
    assert c["exit_codes"] == [5]
    assert c["timelimit"] == 60
    assert c["qos"] == ["normal", 3]
    assert c["clusters"] == "all"
    assert c["end_time"] - c["start_time"] == 86400
    assert dbjob.JobSearchFilter is jv.JobFilter


@pytest.mark.parametrize("kwargs, field", [
    (dict(ids=[0]), "ids"),
    (dict(ids=["x"]), "ids"),
    (dict(states=["sleeping"]), "states"),
    (dict(exit_codes=[-1]), "exit_codes"),
    (dict(exit_codes=[256]), "exit_codes"),
    (dict(nodelist="c[1-"), "nodelist"),
    (dict(users=["no-such-user-pyslurm"]), "users"),
    (dict(groups=["no-such-group-pyslurm"]), "groups"),
    (dict(accounts=["a,b"]), "accounts"),
    (dict(accounts=[""]), "accounts"),
    (dict(cpus=0), "cpus"),
    (dict(cpus=4, max_cpus=2), "max_cpus"),
    (dict(timelimit="UNLIMITED"), "timelimit"),
    (dict(start_time="2024-05-02", end_time="2024-05-01"), "end_time"),
    (dict(with_script=True), "with_script"),
    (dict(ids=[1], with_script=True, with_env=True), "with_env"),
    (dict(with_env="yes"), "with_env"),
    (dict(qos=[1.5]), "qos"),
    (dict(names="a\nb"), "names"),
])
def test_bad_filter_values_are_value_errors(kwargs, field):
    with pytest.raises(ValueError, match=field):
        jv.JobFilter(**kwargs)


def test_unknown_filter_attribute():
    with pytest.raises(AttributeError, match="state"):
        jv.JobFilter(state=["F"])
    f = jv.JobFilter()
    with pytest.raises(AttributeError):
        f.job_ids = [1]
    f.states = ["nope"]                  # set later: checked when used
    with pytest.raises(ValueError, match="nope"):
        f.checked()


def test_filter_copy_eq_repr():
    f = jv.JobFilter(states=["F"], start_time="now-1days")
    g = f.copy(end_time="now")
    assert g.states == ["F"] and g.end_time == "now" and f.end_time is None
    assert f == jv.JobFilter(states=["F"], start_time="now-1days") and f != g
    assert repr(f) == "pyslurm.db.JobFilter(states=['F'], start_time='now-1days')"


def test_window_defaults_as_sacct():
    now = int(NOW)
    midnight = local(2024, 5, 15)
    assert dbjob.window({}, NOW) == (midnight, now)
    assert dbjob.window({"ids": [1]}, NOW) == (0, now)
    assert dbjob.window({"ids": [1], "start_time": 5}, NOW) == (5, now)
    assert dbjob.window({"start_time": 5}, NOW) == (5, now)
    assert dbjob.window({"end_time": 5}, NOW) == (5, 5)
    assert dbjob.window({"states": ["FAILED"]}, NOW) == (now, now)
    assert dbjob.window({"states": ["FAILED"], "start_time": 5}, NOW) == (5, 5)
    assert dbjob.window({"states": ["FAILED"], "end_time": 9}, NOW) == (9, 9)
    assert dbjob.window({"states": ["FAILED"], "start_time": 5, "end_time": 9}, NOW) == (5, 9)


def test_tres_strings():
    t = dbtres.TrackableResources.from_str("cpu=4,mem=4G,node=1,gres/gpu=2,gres/gpu:a100=2,"
                                           "license/matlab=1,fs/disk=100")
    assert t.cpu.count == 4 and t.mem.count == 4096 and t.node.count == 1
    assert t.gres["gpu:a100"].type_and_name == "gres/gpu:a100"
    assert t.to_dict() == {"cpu": 4, "mem": 4096, "node": 1,
                           "gres": {"gpu": 2, "gpu:a100": 2},
                           "fs": {"disk": 100}, "license": {"matlab": 1}}
    assert t.to_dict(flatten_limits=True)["license/matlab"] == 1
    ids = dbtres.TrackableResources.from_str("1=4,2=4000,4=1,5=4,6=1024")
    assert ids.to_dict(flatten_limits=True) == {"cpu": 4, "mem": 4000, "node": 1,
                                                "billing": 4, "fs/disk": 1024}
    table = [dbtres.TrackableResource("gres", 0, "gpu", 1001)]
    assert dbtres.TrackableResources.from_str("1=2,1001=3", table).gres["gpu"].count == 3
    assert dbtres.TrackableResources.from_str("", on_empty="none") == "none"
    assert dbtres.TrackableResources.from_str("2=18446744073709551614").mem is None  # NO_VAL64
    with pytest.raises(ValueError, match="1001"):
        dbtres.TrackableResources.from_str("1001=3")
    with pytest.raises(ValueError, match="cpu"):
        dbtres.TrackableResources.from_str("cpu")
    built = dbtres.TrackableResources(cpu=2, mem="1G", gres={"gpu": 1})
    assert built.to_dict(flatten_limits=True) == {"cpu": 2, "mem": 1024, "gres/gpu": 1}
    assert built == dbtres.TrackableResources.from_str("cpu=2,mem=1024,gres/gpu=1")
    with pytest.raises(AttributeError):
        dbtres.TrackableResources(cpus=2)
    assert dbtres.TrackableResource.from_type_and_count("gres/gpu:a100", 2).name == "gpu:a100"
    assert dbtres.TrackableResource.from_type_and_count("1001", 2) is None


def test_tres_parsing_is_cached_per_table():
    table = dbtres.TresTable({1001: ("gres", "gpu", 4)})
    first = dbtres.parse("1=1,1001=1", table)
    assert dbtres.parse("1=1,1001=1", table) is first
    assert dbtres.count_of("1=3,2=100", 2, table) == 100
    d = dbtres.resources_dict("1=1,1001=2", table)
    d["gres"]["gpu"] = 99                           # a copy each time
    assert dbtres.resources_dict("1=1,1001=2", table) == {"cpu": 1, "gres": {"gpu": 2}}


def test_job_built_from_python_holds_changes():
    job = dbjob.Job(12, cluster="c", comment="x", derived_exit_code=3)
    assert (job.id, job.cluster, job.comment, job.derived_exit_code) == (12, "c", "x", 3)
    assert job.state is None and job.steps == {} and not job.is_loaded
    assert repr(job) == "pyslurm.db.Job(12)"
    with pytest.raises(AttributeError, match="name"):
        dbjob.Job(12, name="renamed")
    with pytest.raises(ValueError, match="derived_exit_code"):
        dbjob.Job(12, derived_exit_code=300)
    with pytest.raises(ValueError, match="comment"):
        dbjob.Job(12, comment="a\0b")
    with pytest.raises(ValueError):
        dbjob.Job(-1)


def test_modify_refusals_come_before_any_request():
    f = jv.JobFilter(ids=[1])
    with pytest.raises(ValueError, match="nothing set"):
        dbjob.Jobs.modify(f, dbjob.Job(1))
    with pytest.raises(TypeError, match="changes"):
        dbjob.Jobs.modify(f, {"comment": "x"})
    with pytest.raises(ValueError, match="None"):
        dbjob.Jobs.modify(f, dbjob.Job(1, comment=None))
    with pytest.raises(TypeError, match="db_filter"):
        dbjob.Jobs.load("state=F")
    with pytest.raises(ValueError, match="fields"):
        dbjob.Jobs.load_fields(["id", "no_such_field"])
    with pytest.raises(ValueError, match="chunk"):
        dbjob.Jobs.iter_load(chunk=datetime.timedelta(0))
    with pytest.raises(ValueError, match="start_time"):
        dbjob.Jobs.iter_load(jv.JobFilter(ids=[1]))


def test_jobs_collection_from_python():
    jobs = dbjob.Jobs([dbjob.Job(1, cluster="c"), dbjob.Job(2, cluster="c")])
    assert sorted(jobs.keys()) == [1, 2] and jobs.clusters() and len(jobs) == 2
    assert jobs.cpus == 0 and jobs.memory == 0
