"""pyslurm.pilot.ledger: the jobs' life (queue, dependencies, retries,
cancel, ends) with a real scheduler, report and journal but no processes:
tasks are "launched" into a list and ended by hand."""

import json

import pytest

from pyslurm.pilot import Jobs, RequestFailedError
from pyslurm.pilot.job import parse_std
from pyslurm.pilot.journal import Journal
from pyslurm.pilot.ledger import Ledger
from pyslurm.pilot.report import Reporter
from pyslurm.pilot.resources import parse_nodes
from pyslurm.pilot.scheduler import Scheduler
from pyslurm.pilot.state import STATES


@pytest.fixture
def ledger(tmp_path):
    nodes = parse_nodes("2,2")
    return Ledger(Scheduler(nodes), Reporter(str(tmp_path / "jobs.report"), "json", nodes),
                  Journal(str(tmp_path)))


def specs(jobs):
    return [parse_std(d) for d in jobs.ordered_jobs()]


def run(ledger):
    started = []
    ledger.schedule(lambda task, ncores, now: started.append((task, ncores)))
    return started


def test_schedule_in_order_until_full(ledger):
    ledger.add(specs(Jobs().add(name="a", exec="x", iteration=3)
                     .add(name="b", exec="x", numCores=2)), journal=True)
    started = run(ledger)
    assert [(t.job.name, t.i, n) for t, n in started] == [("a", 0, 1), ("a", 1, 1), ("a", 2, 1)]
    assert ledger.sched.free_cores == 1 and STATES[ledger.jobs["a"].state] == "EXECUTING"
    for t, _ in started:
        ledger.task_done(t, 1.0)
    assert STATES[ledger.jobs["a"].state] == "SUCCEED"
    assert [(t.job.name, n) for t, n in run(ledger)] == [("b", 2)]
    assert ("a", "SUCCEED") in ledger.events and ledger.unfinished == 1


def test_failure_omits_dependents_and_retries(ledger, tmp_path):
    ledger.add(specs(Jobs().add(name="a", exec="x", retries=1)
                     .add(name="b", exec="x", after=["a"])), journal=True)
    (task, _), = run(ledger)
    task.code = 3
    ledger.task_done(task, 1.0)
    assert STATES[ledger.jobs["a"].st[0]] == "QUEUED"       # run again
    (task, _), = run(ledger)
    assert task.attempt == 1
    task.code = 3
    ledger.task_done(task, 2.0)
    assert STATES[ledger.jobs["a"].state] == "FAILED"
    assert STATES[ledger.jobs["b"].state] == "OMITTED" and ledger.unfinished == 0
    assert run(ledger) == []
    ledger.journal.flush()
    ends = [json.loads(x) for x in (tmp_path / "track.states").read_text().splitlines()]
    assert [(e["task"], e["state"]) for e in ends] == [("a", "FAILED"), ("b", "OMITTED")]


def test_cancel_returns_running_tasks(ledger):
    ledger.add(specs(Jobs().add(name="a", exec="x", iteration=6)), journal=False)
    started = run(ledger)
    running = ledger.cancel([ledger.jobs["a"]], 1.0)
    assert sorted(t.tid for t in running) == sorted(t.tid for t, _ in started)
    assert all(t.cancel for t in running) and ledger.jobs["a"].canceled == 2
    for t in running:
        ledger.task_done(t, 2.0)
    assert STATES[ledger.jobs["a"].state] == "CANCELED" and ledger.sched.free_cores == 4


def test_add_refuses_and_never_fits(ledger):
    with pytest.raises(RequestFailedError, match="already exist"):
        ledger.add(specs(Jobs().add(name="a", exec="x").add(name="a2", exec="x"))
                   + specs(Jobs().add(name="a", exec="x")), journal=False)
    with pytest.raises(RequestFailedError, match="unknown job z"):
        ledger.add(specs(Jobs().add(name="c", exec="x", after=["z"])), journal=False)
    assert ledger.jobs == {}
    ledger.add(specs(Jobs().add(name="m", exec="x", memory=100)), journal=False)
    for node in ledger.sched.nodes:     # as if the nodes had shrunk since the check
        node.memory = node.mem_free = 50
    assert run(ledger) == []
    assert STATES[ledger.jobs["m"].state] == "FAILED"
    assert "Not enough resources" in ledger.jobs["m"].runs[0][8]
