"""pyslurm.pilot inside a real allocation of the local cluster: one agent
per node started by one long-lived step, tasks that land on the nodes and
CPU ids the manager chose (read back from each task), multi-node srunmpi
tasks, dependencies, cancel, retries, resume, an agent that dies, and no
agent step left after finish()."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

import pyslurm
from pyslurm.pilot import Jobs, LocalManager

from pilot_alloc import allocation_manager, cpu_list, running_allocation

FIELDS = ("$(hostname) $QCG_PM_NODELIST $QCG_PM_CPU_SET "
          "$(grep Cpus_allowed_list /proc/self/status | cut -f2)")
REPORT = "echo " + FIELDS


@pytest.fixture(scope="module")
def allocation(slurm_cluster):
    """A running 4-node job (its id) whose nodes the pilot uses."""
    yield from running_allocation(slurm_cluster, 4, "pilot-allocation")


@pytest.fixture(scope="module")
def amgr(allocation, tmp_path_factory):
    yield from allocation_manager(allocation, tmp_path_factory, "pilot-alloc")


def expected_affinity(node, cpus):
    host = node["host_cpus"]
    return sorted({host[c % len(host)] for c in cpus})


def test_nodes_come_from_the_allocation(amgr, allocation):
    layout = pyslurm.Job.load(allocation).get_resource_layout_per_node()
    nodes = amgr.nodes_info
    assert [n["name"] for n in nodes] == list(layout)
    for n in nodes:
        assert n["host"] == n["name"]          # the agent runs on that node
        assert n["cpus"] == cpu_list(layout[n["name"]]["cpu_ids"])
    assert amgr.resources()["total_cores"] == sum(len(n["cpus"]) for n in nodes)


def test_tasks_land_where_the_manager_chose(amgr):
    total = amgr.resources()["total_cores"]
    amgr.submit(Jobs().add(name="where", script=REPORT, stdout="where.${it}", iteration=total,
                           numCores=1))
    assert amgr.wait4("where", timeout=60) == {"where": "SUCCEED"}
    nodes = {n["name"]: n for n in amgr.nodes_info}
    childs = amgr.info("where", withChilds=True)["jobs"]["where"]["data"]["childs"]
    seen = set()
    for k, child in enumerate(childs):
        node, cpus = child["runtime"]["allocation"].rstrip("]").split("[")
        cpus = [int(c) for c in cpus.split(":")]
        host, nodelist, cpu_set, allowed = open(
            os.path.join(amgr.wd, f"where.{k}")).read().split()
        assert host == node and nodelist == node
        assert [int(c) for c in cpu_set.split(",")] == cpus
        assert cpu_list(allowed) == expected_affinity(nodes[node], cpus)
        seen.add((node, cpus[0]))
    assert len(seen) == total       # every CPU of the allocation used once


def test_srunmpi_across_nodes(amgr):
    amgr.submit(Jobs().add(name="mpi", exec="/bin/sh", model="srunmpi", numNodes=2, numCores=2,
                           args=["-c", "echo $SLURM_PROCID " + FIELDS], stdout="mpi.out",
                           stderr="mpi.err"))
    assert amgr.wait4("mpi", timeout=60) == {"mpi": "SUCCEED"}, \
        open(os.path.join(amgr.wd, "mpi.err")).read()
    alloc = amgr.info("mpi")["jobs"]["mpi"]["data"]["runtime"]["allocation"]
    chosen = {}
    for part in alloc.split(","):
        node, cpus = part.rstrip("]").split("[")
        chosen[node] = [int(c) for c in cpus.split(":")]
    assert len(chosen) == 2 and all(len(c) == 2 for c in chosen.values())
    nodes = {n["name"]: n for n in amgr.nodes_info}
    lines = open(os.path.join(amgr.wd, "mpi.out")).read().split("\n")
    ranks = [line.split() for line in lines if line]
    assert sorted(int(r[0]) for r in ranks) == [0, 1, 2, 3]
    got = {}
    for _rank, host, _nodelist, cpu_set, allowed in ranks:
        got.setdefault(host, []).append(int(cpu_set))
        assert cpu_list(allowed) == expected_affinity(nodes[host], [int(cpu_set)])
    assert {h: sorted(c) for h, c in got.items()} == chosen


@pytest.mark.parametrize("model", ["openmpi", "intelmpi"])
def test_mpirun_models_get_exact_nodes_and_cores(amgr, tmp_path, model):
    """openmpi / intelmpi run ``mpirun`` once (here a stand-in that records
    its arguments: no MPI is installed) with the chosen nodes and cores."""
    fake = tmp_path / "mpirun"
    fake.write_text('#!/bin/sh\necho "$@" > "$OUT"\n'
                    'for a in "$@"; do [ -f "$a" ] && cat "$a" >> "$OUT"; done\n'
                    'echo "I_MPI_PIN=$I_MPI_PIN" >> "$OUT"\n')
    fake.chmod(0o755)
    out = tmp_path / "args"
    name = f"mpirun_{model}"
    amgr.submit(Jobs().add(name=name, exec="/bin/prog", args=["x"], model=model,
                           model_opts={"mpirun": str(fake), "mpirun_args": ["--extra"]},
                           numNodes=2, numCores=2, env={"OUT": str(out)}))
    assert amgr.wait4(name, timeout=60) == {name: "SUCCEED"}
    alloc = amgr.info(name)["jobs"][name]["data"]["runtime"]["allocation"]
    chosen = [(p.split("[")[0], p.rstrip("]").split("[")[1].split(":"))
              for p in alloc.split(",")]
    text = out.read_text().splitlines()
    if model == "openmpi":
        args = text[0].split()
        assert args[0] == "--rankfile" and args[2:] == ["-np", "4", "--extra", "/bin/prog", "x"]
        want = [f"rank {r}={node} slot={cpu}" for r, (node, cpu) in
                enumerate((n, c) for n, cpus in chosen for c in cpus)]
        assert text[1:5] == want
    else:
        sections = [f"-host {node} -n 2 -env I_MPI_PIN_PROCESSOR_LIST={','.join(cpus)} "
                    f"--extra /bin/prog x" for node, cpus in chosen]
        assert text[0] == " : ".join(sections)
        assert text[-1] == "I_MPI_PIN=1"


def test_dependencies_cancel_retries(amgr):
    jobs = Jobs().add(name="a_ok", exec="/bin/true")
    jobs.add(name="a_bad", script="exit 2")
    jobs.add(name="a_after_ok", exec="/bin/true", after="a_ok")
    jobs.add(name="a_after_bad", exec="/bin/true", after="a_bad")
    jobs.add(name="a_long", exec="/bin/sleep", args=["60"])
    jobs.add(name="a_flaky", wd="flaky", retries=2,
             script="n=$(cat n 2>/dev/null || echo 0); echo $((n+1)) > n; [ $n -ge 1 ]")
    amgr.submit(jobs)
    assert amgr.wait4(["a_after_ok", "a_after_bad", "a_flaky"], timeout=60) == {
        "a_after_ok": "SUCCEED", "a_after_bad": "OMITTED", "a_flaky": "SUCCEED"}
    amgr.cancel("a_long")
    assert amgr.wait4("a_long", timeout=30) == {"a_long": "CANCELED"}


def test_agent_killed_and_nothing_left(allocation, tmp_path):
    m = LocalManager(["--allocation", str(allocation), "--wd", str(tmp_path)])
    try:
        victim = m.nodes_info[0]["name"]
        m.submit(Jobs().add(name="victims", script="echo $$ > pid.${it}; exec sleep 60",
                            nodes=victim, iteration=2))
        end = time.time() + 30
        while not all((tmp_path / f"pid.{k}").exists() and (tmp_path / f"pid.{k}").read_text()
                      for k in range(2)):
            assert time.time() < end
            time.sleep(0.1)
        pids = [int((tmp_path / f"pid.{k}").read_text()) for k in range(2)]
        time.sleep(0.3)
        os.kill(m.agent_pids[victim], signal.SIGKILL)    # the nodes share this machine
        assert m.wait4("victims", timeout=60) == {"victims": "FAILED"}
        end = time.time() + 30
        while any(os.path.exists(f"/proc/{p}") for p in pids):   # its tasks ended too
            assert time.time() < end, [open(f"/proc/{p}/cmdline").read() for p in pids
                                       if os.path.exists(f"/proc/{p}")]
            time.sleep(0.2)
        childs = m.info("victims", withChilds=True)["jobs"]["victims"]["data"]["childs"]
        assert all(c["messages"] == f"the agent of node {victim} died" for c in childs)
        m.submit(Jobs().add(name="others", script=REPORT, stdout="o.${it}", iteration=4))
        assert m.wait4("others", timeout=60) == {"others": "SUCCEED"}
        hosts = {open(tmp_path / f"o.{k}").read().split()[0] for k in range(4)}
        assert victim not in hosts
    finally:
        m.finish()
    # the agents' steps ended with the manager
    end = time.time() + 30
    while True:
        steps = pyslurm.JobSteps.load(allocation)
        names = [s.name for s in steps.values()]
        if not any(m.instance_id in str(n) for n in names):
            break
        assert time.time() < end, names
        time.sleep(0.3)


def test_batch_mode_and_resume_in_allocation(allocation, tmp_path, slurm_cluster):
    req = [{"request": "submit", "jobs": [
        {"name": "fast", "iteration": {"stop": 4}, "execution": {
            "script": "echo $(hostname) >> fast.${it}.log"}},
        {"name": "slow", "iteration": {"stop": 2}, "dependencies": {"after": ["fast"]},
         "execution": {"script": "echo run >> slow.${it}.log; sleep 3"}},
        {"name": "last", "dependencies": {"after": ["slow"]},
         "execution": {"exec": "/bin/true"}}]},
        {"request": "control", "command": "finishAfterAllTasksDone"}]
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(req))
    cmd = [sys.executable, "-m", "pyslurm.pilot", "--file", "--file-path", str(path),
           "--allocation", str(allocation), "--wd", str(tmp_path), "--report-format", "json"]
    env = {**os.environ, "SLURM_CONF": slurm_cluster.conf}
    proc = subprocess.Popen(cmd, start_new_session=True, env=env)
    end = time.time() + 60
    while not (tmp_path / "slow.1.log").exists():
        assert time.time() < end and proc.poll() is None
        time.sleep(0.1)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)      # the manager crashes (its srun steps too)
    proc.wait()
    res = subprocess.run(cmd + ["--resume"], env=env, timeout=120)
    assert res.returncode == 0
    nodes = set(pyslurm.Job.load(allocation).get_resource_layout_per_node())
    for k in range(4):                        # ran once, on a node of the allocation
        (host,) = (tmp_path / f"fast.{k}.log").read_text().split()
        assert host in nodes
    assert (tmp_path / "slow.0.log").read_text() == "run\nrun\n"
    (service,) = tmp_path.glob(".qcgpjm-service-*")
    report = [json.loads(x) for x in (service / "jobs.report").read_text().splitlines()]
    assert {"name": "last", "state": "SUCCEED"}.items() <= report[-1].items()


def test_crashed_manager_leaves_nothing_running(allocation, tmp_path, slurm_cluster):
    """The manager is killed (SIGKILL, its sruns with it): its agents hear
    nothing for --agent-timeout seconds, end their tasks and their steps."""
    req = [{"request": "submit", "jobs": [
        {"name": "long", "iteration": {"stop": 4},
         "execution": {"script": "echo $$ > pid.${it}; exec sleep 120"}}]},
        {"request": "control", "command": "finishAfterAllTasksDone"}]
    (tmp_path / "jobs.json").write_text(json.dumps(req))
    cmd = [sys.executable, "-m", "pyslurm.pilot", "--file-path", str(tmp_path / "jobs.json"),
           "--allocation", str(allocation), "--wd", str(tmp_path), "--agent-timeout", "3",
           "--id", "crash"]
    env = {**os.environ, "SLURM_CONF": slurm_cluster.conf}
    proc = subprocess.Popen(cmd, start_new_session=True, env=env)
    end = time.time() + 60
    while not all((tmp_path / f"pid.{k}").exists() and (tmp_path / f"pid.{k}").read_text()
                  for k in range(4)):
        assert time.time() < end and proc.poll() is None
        time.sleep(0.1)
    pids = [int((tmp_path / f"pid.{k}").read_text()) for k in range(4)]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    end = time.time() + 30
    while any(os.path.exists(f"/proc/{p}") for p in pids):
        assert time.time() < end, "the tasks of a crashed manager still run"
        time.sleep(0.2)
    while any("crash" in str(st.name) for st in pyslurm.JobSteps.load(allocation).values()):
        assert time.time() < end, "the agent steps of a crashed manager still run"
        time.sleep(0.3)


def test_throughput_in_allocation(amgr):
    t = time.perf_counter()
    amgr.submit(Jobs().add(name="many", exec="/bin/true", iteration=2000))
    assert amgr.wait4("many", timeout=120) == {"many": "SUCCEED"}
    rate = 2000 / (time.perf_counter() - t)
    assert amgr.info("many")["jobs"]["many"]["data"]["iterations"]["failed"] == 0
    print(f"pilot in a 4-node allocation: {rate:.0f} /bin/true tasks/s")
