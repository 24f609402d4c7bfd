"""pyslurm.pilot.journal: track.reqs / track.states written and read back
for --resume (plain files, no agents)."""

import json
import os

import pytest

from pyslurm.pilot import Jobs, WrongArgumentsError
from pyslurm.pilot.job import parse_std
from pyslurm.pilot.journal import SERVICE_PREFIX, Journal, read_journal, resume_dir
from pyslurm.pilot.state import FAILED, SUCCEED, PilotJob


def spec(name, **kw):
    return parse_std(Jobs().add(name=name, exec="/bin/true", **kw).ordered_jobs()[0])


def test_written_and_read_back(tmp_path):
    journal = Journal(str(tmp_path))
    it = PilotJob(spec("it", iteration={"start": 3, "stop": 6}), 1)
    journal.submitted(it.spec)
    journal.submitted(spec("one"))
    journal.flush()
    assert not (tmp_path / "track.states").exists()
    journal.iteration_ended(it, 1, SUCCEED)
    journal.iteration_ended(it, 2, FAILED)
    journal.job_ended("one", "SUCCEED")
    journal.flush()
    journal.submitted(spec("one"))          # a name again: the first counts
    journal.flush()
    journal.close()
    lines = (tmp_path / "track.states").read_text().splitlines()
    assert json.loads(lines[0]) == {"task": "it:4", "iteration": 1, "state": "SUCCEED"}
    with open(tmp_path / "track.states", "a") as f:
        f.write('{"task": "it:5", "itera')      # cut by a crash
    specs, ended = read_journal(str(tmp_path))
    assert [s.name for s in specs] == ["it", "one"]
    assert specs[0].iterations == it.spec.iterations
    assert ended == {("it", 1): "SUCCEED", ("it", 2): "FAILED", ("one", None): "SUCCEED"}


def test_drop_ends(tmp_path):
    journal = Journal(str(tmp_path))
    journal.job_ended("x", "FAILED")
    journal.drop_ends()
    journal.flush()
    assert not (tmp_path / "track.states").exists()


def test_resume_dir(tmp_path):
    with pytest.raises(WrongArgumentsError, match="no track.reqs"):
        resume_dir(str(tmp_path))
    old, new = tmp_path / f"{SERVICE_PREFIX}a", tmp_path / f"{SERVICE_PREFIX}b"
    for d, t in ((old, 1000), (new, 2000)):
        d.mkdir()
        (d / "track.reqs").write_text("")
        os.utime(d, (t, t))
    assert resume_dir(str(tmp_path)) == str(new)
    assert resume_dir(str(old)) == str(old)
