"""pyslurm.pilot.scheduler: allocation of cores and nodes to tasks, from
plain node lists (no agents, no cluster)."""

import pytest

from pyslurm.pilot import Jobs, RequestFailedError
from pyslurm.pilot.job import parse_std
from pyslurm.pilot.resources import parse_nodes
from pyslurm.pilot.scheduler import Scheduler
from pyslurm.pilot.state import PilotJob


def job(**kw):
    kw.setdefault("exec", "/bin/true")
    return PilotJob(parse_std(Jobs().add(name="j", **kw).ordered_jobs()[0]), 1)


def sizes(alloc):
    return [(k, len(cpus)) for k, cpus in alloc]


def test_one_core_round_robin_and_release():
    sched = Scheduler(parse_nodes("2,2"))
    j = job()
    allocs = [sched.allocate(j, 0) for _ in range(4)]
    assert [a[0][0] for a in allocs] == [0, 1, 0, 1]
    for a in allocs:
        sched.take(a, 0)
    assert sched.free_cores == 0 and sched.allocate(j, 0) is None
    sched.release(allocs[1], 0)
    assert sched.free_cores == 1 and sched.allocate(j, 0) == [(1, allocs[1][0][1])]


def test_exact_cores_one_node_then_spread():
    sched = Scheduler(parse_nodes("4,4"))
    assert sizes(sched.allocate(job(numCores=3), 0)) in ([(0, 3)], [(1, 3)])
    # 5 cores: 4 + 1 left -> spread over both nodes
    a = sched.allocate(job(numCores=5), 0)
    assert sorted(n for _, n in sizes(a)) == [1, 4]


def test_core_range_takes_the_most_free():
    sched = Scheduler(parse_nodes("4,4"))
    sched.take(sched.allocate(job(numCores=3), 0), 0)
    a = sched.allocate(job(numCores={"min": 2, "max": 8}), 0)
    assert sizes(a) == [(1, 4)]


def test_nodes_with_cores_per_node_and_whole_nodes():
    sched = Scheduler(parse_nodes("4,4,4"))
    a = sched.allocate(job(numNodes=2, numCores=2), 0)
    assert [n for _, n in sizes(a)] == [2, 2] and len({k for k, _ in a}) == 2
    sched.take(a, 0)
    # whole nodes: only the one untouched node is whole
    assert sched.allocate(job(numNodes=2), 0) is None
    assert sizes(sched.allocate(job(numNodes=1), 0)) == [(2, 4)]


def test_named_nodes_and_never():
    sched = Scheduler(parse_nodes("a:2,b:2"))
    a = sched.allocate(job(numCores=2, nodes=["b"]), 0)
    assert sizes(a) == [(1, 2)]
    assert sched.allocate(job(numNodes=3), 0) == "never"
    assert sched.allocate(job(numCores=3, nodes=["a"]), 0) == "never"


def test_memory():
    sched = Scheduler(parse_nodes("2,2", 1000))
    a = sched.allocate(job(memory=600), 0)
    sched.take(a, 600)
    assert sched.nodes[a[0][0]].mem_free == 400
    b = sched.allocate(job(memory=600), 0)
    assert b[0][0] != a[0][0]
    sched.take(b, 600)
    assert sched.allocate(job(memory=600), 0) is None
    assert sched.allocate(job(memory=2000), 0) == "never"
    sched.release(a, 600)
    assert sched.nodes[a[0][0]].mem_free == 1000


def test_node_lost():
    sched = Scheduler(parse_nodes("2,2"))
    a = sched.allocate(job(), 0)
    sched.take(a, 0)
    sched.node_lost(a[0][0])
    assert sched.free_cores == 2 and sched.free_count() == 2
    sched.release(a, 0)            # its CPUs do not come back
    assert sched.free_cores == 2


def test_check_fits():
    sched = Scheduler(parse_nodes("a:2,b:2"))
    sched.check_fits(job(numCores=4).spec)
    with pytest.raises(RequestFailedError, match="unknown nodes"):
        sched.check_fits(job(nodes=["x"]).spec)
    with pytest.raises(RequestFailedError, match="numCores 5 > 4 cores"):
        sched.check_fits(job(numCores=5).spec)
    with pytest.raises(RequestFailedError, match="threads model"):
        sched.check_fits(job(numCores=3, model="threads").spec)
    with pytest.raises(RequestFailedError, match="numNodes 3 > 2"):
        sched.check_fits(job(numNodes=3).spec)


def test_plan_split_into_and_maximum_iters():
    sched = Scheduler(parse_nodes("4,4"))
    j = job(numCores={"scheduler": {"name": "split-into", "params": {"parts": 4}}},
            iteration=3)
    sched.plan(j)
    assert j.plan == [2, 2, 2]
    j = job(numCores={"scheduler": "maximum-iters"}, iteration=3)
    sched.plan(j)
    assert sorted(j.plan) == [2, 3, 3] and sum(j.plan) == 8
    j = job(numCores={"min": 3, "scheduler": "maximum-iters"}, iteration=4)
    sched.plan(j)
    assert all(p >= 3 for p in j.plan) and len(j.plan) == 4
