"""pyslurm.pilot job descriptions: QCG-PilotJob's simple and standard
formats, and the errors (class and message) QCG gives for bad ones."""

import doctest
import json

import pytest

import pyslurm.pilot.job
import pyslurm.pilot.launch
import pyslurm.pilot.manager
import pyslurm.pilot.scheduler

from pyslurm.pilot import (
    FileError,
    InvalidJobDescriptionError,
    JobNotDefinedError,
    Jobs,
    QCGPJMAError,
)
from pyslurm.pilot.job import parse_std, parse_wt


def test_simple_to_standard_format_as_qcg():
    jobs = Jobs().add(name="full", exec="/bin/echo", args=["a", "${it}"], stdin="in",
                      stdout="o.${it}", stderr="e", wd="w", modules="m", venv="v",
                      model="threads", model_opts={"x": 1}, numCores=2,
                      numNodes={"min": 1, "max": 2}, wt="10m", iteration=3, after="x")
    assert jobs.jobs() == [{
        "name": "full",
        "execution": {"exec": "/bin/echo", "args": ["a", "${it}"], "stdin": "in",
                      "stdout": "o.${it}", "stderr": "e", "wd": "w", "modules": "m",
                      "venv": "v", "model": "threads", "model_opts": {"x": 1}},
        "resources": {"numCores": {"exact": 2}, "numNodes": {"min": 1, "max": 2},
                      "wt": "10m"},
        "iteration": {"start": 0, "stop": 3},
        "dependencies": {"after": ["x"]},
    }]
    # a list of values, pyslurm's additions
    j = Jobs().add(name="v", script="echo ${itval}", iteration=["a", "b"], retries=2,
                   nodes=["n1"], memory=100, env={"A": "1"})
    std = j.jobs()[0]
    assert std["iteration"] == {"values": ["a", "b"]}
    assert std["retries"] == 2
    assert std["resources"] == {"nodes": ["n1"], "memory": 100}
    assert std["execution"]["env"] == {"A": "1"}
    assert j.job_names() == ["v"] and j.ordered_job_names() == ["v"]


def test_default_name_is_a_uuid():
    jobs = Jobs().add(exec="/bin/true")
    (name,) = jobs.job_names()
    assert len(name) == 36 and name.count("-") == 4


@pytest.mark.parametrize("attrs, message", [
    ({"name": "a"}, "No 'exec' nor 'script' defined"),
    ({"name": "a", "exec": "x", "script": "y"}, "Both 'exec' and 'script' defined"),
    ({"name": "a", "exec": "x", "foo": 1}, "Unknown attribute foo"),
    ({"name": "a", "exec": "x", "args": 5}, "Invalid attribute args type <class 'int'>"),
    ({"name": "a", "exec": "x", "numCores": "2"}, "Invalid attribute numCores type"),
    ({"name": "a", "exec": "x", "numCores": {"exactly": 2}}, "Unknown numCores attribute exactly"),
    ({"name": "a", "exec": "x", "numNodes": {"foo": 2}}, "Unknown numNodes attribute foo"),
    ({"name": "a", "exec": "x", "numCores": {"exact": "2"}},
     "Invalid numCores attribute exact type <class 'str'>"),
    ({"name": "a", "exec": "x", "iteration": {"begin": 0, "stop": 3}},
     "Unknown iteration attribute begin"),
    ({"name": "a", "exec": "x", "iteration": {"start": 0}},
     "Required attribute stop of element iteration not defined"),
    ({"name": "a", "exec": "x", "iteration": {"stop": 3, "values": [1]}},
     "Stop and values iteration attribute are excluding"),
    ({"name": "a", "exec": "x", "iteration": 0}, "Wrong number of iterations"),
    ({"name": "a", "exec": "x", "iteration": 70000}, "Wrong number of iterations"),
    ({"name": "a", "exec": "x", "numCores": {"exact": 2, "min": 1}},
     "Exact number of resources defined with min/max/scheduler"),
    ({"name": "a", "exec": "x", "numCores": -1}, "numCores: number of resources must be positive"),
    ({"name": "a", "exec": "x", "numCores": {"min": 3, "max": 2}},
     "Maximum number greater than minimal"),
    ({"name": "a", "exec": "x", "numCores": {"min": 1, "max": 4, "scheduler": "split-into"}},
     "directive mixed with max directive"),
    ({"name": "a", "exec": "x", "numCores": {"min": 1, "scheduler": "best"}},
     "unknown iteration resource scheduler 'best'"),
    ({"name": "a:b", "exec": "x"}, "Invalid job name a:b"),
    ({"name": "a${it}", "exec": "x"}, "Invalid job name a${it}"),
    ({"name": "a", "exec": "x", "model": "foo"}, "Unknown execution model 'foo'"),
    ({"name": "a", "exec": "x", "wt": "00:00:00"}, "Wall time must be greater than 0"),
    ({"name": "a", "exec": "x", "wt": "abc"}, "Wrong wall time format"),
    ({"name": "a", "exec": "x", "after": "a"}, "depends on itself"),
    ({"name": "a", "exec": "x", "retries": -1}, "retries must be a number >= 0"),
    ({"name": "a", "exec": "x", "memory": 0}, "memory must be a positive number"),
    ({"name": "a", "exec": "x", "model": "threads", "numNodes": 2}, "threads model runs on one"),
])
def test_bad_description_names_the_attribute(attrs, message):
    jobs = Jobs()
    with pytest.raises(InvalidJobDescriptionError) as err:
        jobs.add(**attrs)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError) and isinstance(err.value, QCGPJMAError)
    assert jobs.job_names() == []       # nothing added


def test_duplicate_and_remove():
    jobs = Jobs().add(name="a", exec="/bin/true")
    with pytest.raises(InvalidJobDescriptionError, match="Job a already in list"):
        jobs.add(name="a", exec="/bin/true")
    with pytest.raises(JobNotDefinedError) as err:
        jobs.remove("zz")
    assert str(err.value) == "zz"
    jobs.remove("a")
    assert jobs.clear() == 0


def test_add_std_checks():
    with pytest.raises(InvalidJobDescriptionError, match='Missing "execution/exec" key'):
        Jobs().add_std({"name": "a", "execution": {}})
    with pytest.raises(InvalidJobDescriptionError, match="Unknown resources attribute cpus"):
        Jobs().add_std({"name": "a", "execution": {"exec": "x"}, "resources": {"cpus": 1}})
    with pytest.raises(InvalidJobDescriptionError, match="Unknown execution attribute exe"):
        Jobs().add_std({"name": "a", "execution": {"exec": "x", "exe": "y"}})
    with pytest.raises(InvalidJobDescriptionError, match="Job script and exec or args"):
        Jobs().add_std({"name": "a", "execution": {"script": "x", "args": ["y"]}})
    std = {"name": "s", "execution": {"exec": "x"},
           "resources": {"numCores": {"min": 1, "scheduler": {"name": "maximum-iters",
                                                              "params": {}}}},
           "iteration": {"start": 2, "stop": 5}}
    spec = parse_std(std)
    assert spec.cores.scheduler == "maximum-iters" and list(spec.iterations) == [2, 3, 4]


def test_save_and_load(tmp_path):
    path = tmp_path / "jobs.json"
    jobs = Jobs().add(name="a", exec="/bin/true").add(name="b", script="echo", after="a")
    jobs.save_to_file(str(path))
    assert json.loads(path.read_text()) == jobs.ordered_jobs()
    again = Jobs()
    again.load_from_file(str(path))
    assert again.ordered_jobs() == jobs.ordered_jobs()
    # a bad description in the file: nothing of the file is added
    path.write_text(json.dumps([{"name": "c", "execution": {"exec": "x"}},
                                {"name": "d", "execution": {"exec": "x"}, "foo": 1}]))
    target = Jobs()
    with pytest.raises(InvalidJobDescriptionError, match="Unknown attribute foo"):
        target.load_from_file(str(path))
    assert target.job_names() == []
    with pytest.raises(FileError, match='File to open/write file "/nonexistent/x.json": 2'):
        Jobs().load_from_file("/nonexistent/x.json")
    (tmp_path / "bad.json").write_text("{x")
    with pytest.raises(FileError, match="Expecting property name"):
        Jobs().load_from_file(str(tmp_path / "bad.json"))
    with pytest.raises(FileError):
        jobs.save_to_file("/nonexistent/dir/x.json")


@pytest.mark.parametrize("text, seconds", [
    ("10m", 600), ("1h30m", 5400), ("2s", 2), ("1h", 3600), ("1:02:03", 3723), ("5:00", 300),
])
def test_wall_time(text, seconds):
    assert parse_wt(text) == seconds


@pytest.mark.parametrize("module", [pyslurm.pilot.job, pyslurm.pilot.manager,
                                    pyslurm.pilot.launch, pyslurm.pilot.scheduler])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
