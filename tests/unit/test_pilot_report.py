"""pyslurm.pilot.report: report lines and the job views, from plain
records (no agents)."""

import json

from pyslurm.pilot import Jobs
from pyslurm.pilot.job import parse_std
from pyslurm.pilot.report import Reporter, alloc_str, history, messages, runtime, status_dict
from pyslurm.pilot.resources import parse_nodes
from pyslurm.pilot.state import FAILED, SUCCEED, PilotJob

NODES = parse_nodes("a:2,b:2")


def ended_job():
    job = PilotJob(parse_std(Jobs().add(name='j"x', exec="/bin/true",
                                        iteration=2).ordered_jobs()[0]), 1)
    job.st[0], job.st[1] = SUCCEED, FAILED
    job.runs[0] = ["a[0:1]", "/w d", 1.5, 0, 100.0, 100.0, 101.5, SUCCEED, "", 42, "true"]
    job.runs[1] = ["b[1]", "/w d", 0.25, 3, 100.0, 100.0, 100.25, FAILED, 'bad "x"', 43, "true"]
    return job


def test_alloc_str():
    assert alloc_str([(0, [0, 1]), (1, [1])], NODES) == "a[0:1],b[1]"


def test_views():
    job = ended_job()
    assert runtime(job, 1, NODES) == {"allocation": "b[1]", "wd": "/w d", "rtime": "0:00:00.250000",
                                      "exit_code": "3", "pid": "43", "pname": "true"}
    assert history(job, 0) == [("SCHEDULED", 100.0), ("EXECUTING", 100.0), ("SUCCEED", 101.5)]
    assert messages(job, 1) == 'bad "x"' and messages(job, 0) is None


def test_iteration_lines_are_json(tmp_path):
    job = ended_job()
    rep = Reporter(str(tmp_path / "jobs.report"), "json", NODES)
    rep.entry(job, 0)
    rep.entry(job, 1)
    rep.flush()
    rep.close()
    lines = [json.loads(x) for x in (tmp_path / "jobs.report").read_text().splitlines()]
    assert lines[0]["name"] == 'j"x:0' and lines[0]["state"] == "SUCCEED"
    assert lines[0]["runtime"] == runtime(job, 0, NODES)
    assert [h["state"] for h in lines[0]["history"]] == ["SCHEDULED", "EXECUTING", "SUCCEED"]
    assert lines[1]["messages"] == 'bad "x"' and lines[1]["runtime"]["exit_code"] == "3"


def test_text_format(tmp_path):
    job = ended_job()
    rep = Reporter(str(tmp_path / "r.txt"), "text", NODES)
    rep.entry(job, 1)
    rep.flush()
    text = (tmp_path / "r.txt").read_text()
    assert text.startswith('j"x:1 (FAILED) bad "x"\n\t') and "\texit_code: 3" in text


def test_status_dict():
    st = status_dict([ended_job()], "id1", 0.0, "/wd", None, 2, 4, 3)
    assert st["System"]["InstanceId"] == "id1" and st["Resources"]["UsedCores"] == 1
    assert st["JobStats"]["TotalJobs"] == 1 and st["IterationStats"]["FailedIterations"] == 1
