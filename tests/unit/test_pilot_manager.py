"""pyslurm.pilot's manager in local mode (virtual nodes, real processes):
scheduling, states, dependencies, iteration schedulers, models and their
environment, cancel, retries, pinning, memory, wall time, agents that die,
the report, the journal and --resume, and that nothing is left behind."""

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc

import pytest

from pyslurm.pilot import (
    ConnectionError,
    InvalidJobDescriptionError,
    Jobs,
    LocalManager,
    TimeoutElapsed,
    WrongArgumentsError,
)
from pyslurm.pilot.errors import RequestFailedError


def descendants(pid):
    """The pids of all processes below ``pid`` (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def mgr(tmp_path_factory):
    """One manager on 4 x 4 virtual cores for the tests that share it."""
    wd = tmp_path_factory.mktemp("pilot")
    m = LocalManager(["--nodes", "4,4,4,4", "--wd", str(wd)])
    yield m
    m.finish()


def runtime(m, name):
    return m.info(name)["jobs"][name]["data"]["runtime"]


def test_resources_and_iterations(mgr):
    assert mgr.resources() == {"total_nodes": 4, "total_cores": 16, "used_cores": 0,
                               "free_cores": 16}
    jobs = Jobs().add(name="echo", exec="/bin/echo", args=["x${it}y", "${ncores}", "${jname}"],
                      wd="echo_wd_${it}", stdout="echo.${it}.out", iteration={"start": 3,
                                                                               "stop": 6})
    assert mgr.submit(jobs) == ["echo"]
    assert mgr.wait4("echo") == {"echo": "SUCCEED"}
    wd = mgr.wd
    assert open(os.path.join(wd, "echo_wd_4", "echo.4.out")).read() == "x4y 1 echo\n"
    assert mgr.status("echo:5") == {"jobs": {"echo:5": {"status": 0, "data": {
        "jobName": "echo:5", "status": "SUCCEED"}}}}
    data = mgr.info("echo", withChilds=True)["jobs"]["echo"]["data"]
    assert data["iterations"] == {"start": 3, "stop": 6, "total": 3, "finished": 3, "failed": 0}
    assert [c["iteration"] for c in data["childs"]] == [3, 4, 5]
    child = data["childs"][0]["runtime"]
    assert child["exit_code"] == "0" and child["pname"] == "echo"
    assert child["wd"] == os.path.join(wd, "echo_wd_3")
    assert data["history"].startswith("\n") and data["history"].endswith(": SUCCEED")
    parsed = mgr.info_parsed("echo", withChilds=True)["echo"]
    assert parsed.status == "SUCCEED" and len(parsed.childs) == 3
    assert parsed.childs[1].name == "echo:4" and parsed.childs[1].total_cores == 1
    assert mgr.list()["echo"] == {"status": "SUCCEED"}


def test_values_iteration_and_itval(mgr):
    mgr.submit(Jobs().add(name="vals", exec="/bin/echo", args=["${it}=${itval}"],
                          iteration=["alpha", "beta"], stdout="vals.${it}"))
    mgr.wait4("vals")
    assert open(os.path.join(mgr.wd, "vals.1")).read() == "1=beta\n"


def test_task_environment_and_binding(mgr):
    script = ("env | grep -E '^(QCG_PM|SLURM_|OMP_)' | sort > env.${it}.txt; "
              "grep Cpus_allowed_list /proc/self/status >> env.${it}.txt")
    mgr.submit(Jobs().add(name="env", script=script, iteration=1, numCores=3, numNodes=1))
    mgr.wait4("env")
    text = open(os.path.join(mgr.wd, "env.0.txt")).read()
    env = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    child = mgr.info("env", withChilds=True)["jobs"]["env"]["data"]["childs"][0]["runtime"]
    node, cpus = child["allocation"].rstrip("]").split("[")
    assert env["QCG_PM_NNODES"] == "1" and env["QCG_PM_NODELIST"] == node
    assert env["QCG_PM_NPROCS"] == env["QCG_PM_NTASKS"] == "3"
    assert env["QCG_PM_TASKS_PER_NODE"] == "3"
    assert env["QCG_PM_CPU_SET"] == ",".join(cpus.split(":"))
    assert "QCG_PM_STEP_ID" in env
    # local mode adds no SLURM_* or OMP_* variable (the inherited ones stay)
    assert {k: v for k, v in env.items() if k.startswith(("SLURM_", "OMP_"))} == {
        k: v for k, v in os.environ.items() if k.startswith(("SLURM_", "OMP_"))}
    # the task is pinned to the CPUs its logical ids map to on this machine
    allowed = sorted(os.sched_getaffinity(0))
    want = sorted({allowed[int(c) % len(allowed)] for c in cpus.split(":")})
    got = text.split("Cpus_allowed_list:")[1].strip()
    assert got == ",".join(map(str, want)) or got == f"{want[0]}-{want[-1]}"


def test_slurm_envschema_and_models(tmp_path):
    m = LocalManager(["--nodes", "2,2", "--wd", str(tmp_path), "--envschema", "slurm"])
    try:
        jobs = Jobs()
        jobs.add(name="s", script="env | grep ^SLURM_ | sort > s.env", numCores=4)
        jobs.add(name="thr", script="echo $OMP_NUM_THREADS $QCG_PM_NNODES > thr.out",
                 model="threads", numCores=2)
        jobs.add(name="mpi", exec="/bin/sh", model="srunmpi", numCores=2, numNodes=2,
                 args=["-c", "echo $SLURM_PROCID $SLURM_NODEID $SLURM_LOCALID $QCG_PM_CPU_SET"],
                 stdout="mpi.out")
        m.submit(jobs)
        assert m.wait4(["s", "thr", "mpi"]) == {"s": "SUCCEED", "thr": "SUCCEED",
                                                "mpi": "SUCCEED"}
        env = dict(x.split("=", 1) for x in (tmp_path / "s.env").read_text().splitlines())
        assert env["SLURM_NNODES"] == "2" and env["SLURM_NODELIST"] == "n0,n1"
        assert env["SLURM_NTASKS"] == env["SLURM_NPROCS"] == "4"
        assert env["SLURM_TASKS_PER_NODE"] == "2(x2)" and env["SLURM_NTASKS_PER_NODE"] == "2"
        assert (tmp_path / "thr.out").read_text() == "2 1\n"
        ranks = sorted((tmp_path / "mpi.out").read_text().splitlines())
        assert ranks == ["0 0 0 0", "1 0 1 1", "2 1 0 0", "3 1 1 1"]
    finally:
        m.finish()


def test_venv_is_activated_first(mgr, tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "activate").write_text("export PILOT_VENV=active\n")
    mgr.submit(Jobs().add(name="venv", exec="/bin/sh", venv=str(venv), stdout="venv.out",
                          args=["-c", 'echo "$PILOT_VENV" "$0" "$1"', "a b", "${it}c"],
                          iteration=1))
    assert mgr.wait4("venv") == {"venv": "SUCCEED"}
    assert open(os.path.join(mgr.wd, "venv.out")).read() == "active a b 0c\n"


def test_missing_executable_and_exit_codes(mgr):
    jobs = Jobs().add(name="missing", exec="/nonexistent/prog")
    jobs.add(name="noexec", exec="/etc/hostname")
    jobs.add(name="exit3", script="exit 3")
    mgr.submit(jobs)
    assert mgr.wait4(["missing", "noexec", "exit3"], timeout=20) == {
        "missing": "FAILED", "noexec": "FAILED", "exit3": "FAILED"}
    info = mgr.info("missing")["jobs"]["missing"]["data"]
    assert info["messages"] == "[Errno 2] No such file or directory: '/nonexistent/prog'"
    assert info["runtime"]["exit_code"] == "-1" and info["runtime"]["pid"] == "-1"
    assert "[Errno 8] Exec format error" in mgr.list()["noexec"]["messages"]
    assert runtime(mgr, "exit3")["exit_code"] == "3"
    # a missing input file or output folder: the message names that file
    jobs = Jobs().add(name="noin", exec="/bin/cat", stdin="/nonexistent/in")
    jobs.add(name="noout", exec="/bin/true", stdout="nodir/o")
    mgr.submit(jobs)
    assert mgr.wait4(["noin", "noout"], timeout=20) == {"noin": "FAILED", "noout": "FAILED"}
    assert mgr.list()["noin"]["messages"] == \
        "[Errno 2] No such file or directory: '/nonexistent/in'"
    assert mgr.list()["noout"]["messages"] == "[Errno 2] No such file or directory: 'nodir/o'"


def test_dependencies_and_omitted(mgr):
    jobs = Jobs().add(name="first", script="sleep 0.2; date +%s.%N > first.t")
    jobs.add(name="second", script="date +%s.%N > second.t", after="first")
    jobs.add(name="bad", script="exit 1")
    jobs.add(name="skipped", exec="/bin/true", after=["bad", "first"])
    jobs.add(name="skipped2", exec="/bin/true", after="skipped")
    jobs.add(name="itfail", script="exit ${it}", iteration=2)
    jobs.add(name="afterit", exec="/bin/true", after="itfail")
    mgr.submit(jobs)
    states = mgr.wait4(["second", "skipped", "skipped2", "afterit", "itfail"])
    assert states == {"second": "SUCCEED", "skipped": "OMITTED", "skipped2": "OMITTED",
                      "afterit": "OMITTED", "itfail": "FAILED"}
    wd = mgr.wd
    t1 = float(open(os.path.join(wd, "first.t")).read())
    t2 = float(open(os.path.join(wd, "second.t")).read())
    assert t2 >= t1
    data = mgr.info("skipped")["jobs"]["skipped"]["data"]
    assert "runtime" not in data and data["history"].endswith(": OMITTED")
    # a dependency on a job that already failed: omitted at submit
    mgr.submit(Jobs().add(name="late", exec="/bin/true", after="bad"))
    assert mgr.status("late")["jobs"]["late"]["data"]["status"] == "OMITTED"


def test_submit_errors_submit_nothing(mgr):
    with pytest.raises(RequestFailedError, match="depends on an unknown job nosuch"):
        mgr.submit(Jobs().add(name="ok1", exec="/bin/true").add(name="d", exec="/bin/true",
                                                                 after="nosuch"))
    with pytest.raises(RequestFailedError, match="Not enough resources for job big"):
        mgr.submit(Jobs().add(name="ok2", exec="/bin/true").add(name="big", exec="/bin/true",
                                                                 numCores=17))
    with pytest.raises(RequestFailedError, match="unknown nodes"):
        mgr.submit(Jobs().add(name="pin", exec="/bin/true", nodes=["nx"]))
    names = mgr.list()
    assert not {"ok1", "d", "ok2", "big", "pin"} & set(names)
    mgr.submit(Jobs().add(name="dup", exec="/bin/true"))
    with pytest.raises(RequestFailedError, match="Job dup already exist") as err:
        mgr.submit(Jobs().add(name="dup", exec="/bin/true"))
    assert isinstance(err.value, ConnectionError) and isinstance(err.value, ValueError)
    with pytest.raises(RequestFailedError, match="Job 'nosuch' doesn't exist"):
        mgr.status(["dup", "nosuch"])
    with pytest.raises(RequestFailedError, match="doesn't exist"):
        mgr.wait4("nosuch")
    mgr.wait4("dup")
    mgr.remove(["dup", "never-there"])     # unknown names are ignored, as QCG does
    mgr.submit(Jobs().add(name="dup", exec="/bin/true"))
    assert mgr.wait4("dup") == {"dup": "SUCCEED"}


def test_iteration_resource_schedulers(mgr):
    def sizes(name):
        childs = mgr.info(name, withChilds=True)["jobs"][name]["data"]["childs"]
        return [sum(len(c.split(":")) for c in
                    (p.split("[")[1].rstrip("]") for p in ch["runtime"]["allocation"].split(",")))
                for ch in childs]

    jobs = Jobs()
    jobs.add_std({"name": "mi", "execution": {"exec": "/bin/true"}, "iteration": {"stop": 6},
                  "resources": {"numCores": {"min": 1, "scheduler": {"name": "maximum-iters"}}}})
    jobs.add_std({"name": "mi2", "execution": {"exec": "/bin/true"}, "iteration": {"stop": 20},
                  "resources": {"numCores": {"min": 2,
                                             "scheduler": {"name": "maximum-iters"}}}})
    jobs.add_std({"name": "sp", "execution": {"exec": "/bin/true"}, "iteration": {"stop": 3},
                  "resources": {"numCores": {"scheduler": {"name": "split-into",
                                                           "params": {"parts": 4}}}}})
    jobs.add(name="sp3", exec="/bin/true", iteration=3,
             numCores={"min": 1, "scheduler": "split-into"})
    jobs.add_std({"name": "nodes", "execution": {"exec": "/bin/true"}, "iteration": {"stop": 3},
                  "resources": {"numNodes": {"min": 1,
                                             "scheduler": {"name": "maximum-iters"}}}})
    mgr.submit(jobs)
    mgr.wait4(["mi", "mi2", "sp", "sp3", "nodes"])
    # QCG-PilotJob 0.14.2's figures for 16 cores
    assert sizes("mi") == [2, 2, 3, 3, 3, 3]
    assert sizes("mi2") == [2, 2, 2, 2, 2, 3, 3] * 2 + [2, 2, 3, 3, 3, 3]
    assert sizes("sp") == [4, 4, 4]
    assert sizes("sp3") == [5, 5, 5]
    nodes = mgr.info("nodes", withChilds=True)["jobs"]["nodes"]["data"]["childs"]
    assert [len(c["runtime"]["allocation"].split(",")) for c in nodes] == [1, 1, 2]
    assert all(a.endswith("[0:1:2:3]") for c in nodes
               for a in c["runtime"]["allocation"].split(","))


def test_cores_and_nodes_requests(mgr):
    jobs = Jobs().add(name="nn", exec="/bin/true", numNodes=2, numCores=2)
    jobs.add(name="whole", exec="/bin/true", numNodes=1)
    jobs.add(name="range", exec="/bin/true", numCores={"min": 2, "max": 6})
    jobs.add(name="pinned", exec="/bin/true", nodes="n2", iteration=3)
    mgr.submit(jobs)
    mgr.wait4(["nn", "whole", "range", "pinned"])
    nn = runtime(mgr, "nn")["allocation"].split(",")
    assert len(nn) == 2 and all(len(a.split(":")) == 2 for a in nn)
    assert runtime(mgr, "whole")["allocation"].endswith("[0:1:2:3]")
    got = sum(len(a.split(":")) for a in runtime(mgr, "range")["allocation"].split(","))
    assert 2 <= got <= 6
    childs = mgr.info("pinned", withChilds=True)["jobs"]["pinned"]["data"]["childs"]
    assert all(c["runtime"]["allocation"].startswith("n2[") for c in childs)


def test_cancel_kills_process_groups(mgr, tmp_path):
    pidfile = tmp_path / "child.pid"
    jobs = Jobs().add(name="long", script=f"sleep 60 & echo $! > {pidfile}; wait")
    jobs.add(name="queued", exec="/bin/sleep", args=["60"], numCores=16)
    jobs.add(name="afterlong", exec="/bin/true", after="long")
    mgr.submit(jobs)
    deadline = time.time() + 10
    while not pidfile.exists() or not pidfile.read_text().strip():
        assert time.time() < deadline
        time.sleep(0.05)
    child = int(pidfile.read_text())
    assert mgr.status("queued")["jobs"]["queued"]["data"]["status"] == "QUEUED"
    running = mgr.info("long")["jobs"]["long"]["data"]
    assert set(running["runtime"]) == {"allocation", "wd"}
    assert running["history"].endswith(": EXECUTING")
    mgr.remove("long")          # not finished: kept, as QCG does
    assert mgr.status("long")["jobs"]["long"]["data"]["status"] == "EXECUTING"
    mgr.cancel(["long", "queued"])
    assert mgr.wait4(["long", "queued", "afterlong"], timeout=20) == {
        "long": "CANCELED", "queued": "CANCELED", "afterlong": "OMITTED"}
    assert runtime(mgr, "long")["exit_code"] == "-15"
    deadline = time.time() + 5
    while alive(child):            # the task's background child died with its group
        assert time.time() < deadline
        time.sleep(0.05)
    mgr.cancel(["long", "nosuch"])  # ended or unknown: nothing to do, as QCG


def test_retries(mgr):
    jobs = Jobs().add(name="flaky", wd="flaky", retries=3,
                      script="n=$(cat n 2>/dev/null || echo 0); echo $((n+1)) > n; [ $n -ge 2 ]")
    jobs.add(name="hopeless", script="exit 4", retries=2, wd="hopeless",
             stdout="out")
    mgr.submit(jobs)
    assert mgr.wait4(["flaky", "hopeless"]) == {"flaky": "SUCCEED", "hopeless": "FAILED"}
    assert open(os.path.join(mgr.wd, "flaky", "n")).read() == "3\n"
    assert runtime(mgr, "hopeless")["exit_code"] == "4"
    assert "after 3 attempts" in mgr.list()["hopeless"]["messages"]


def test_wall_time_and_wait_timeout(mgr):
    mgr.submit(Jobs().add(name="wt", exec="/bin/sleep", args=["30"], wt="1s"))
    with pytest.raises(TimeoutElapsed):
        mgr.wait4("wt", timeout=0.2)
    t = time.time()
    assert mgr.wait4("wt", timeout=20) == {"wt": "FAILED"}
    assert time.time() - t < 10
    assert "wall time" in mgr.list()["wt"]["messages"]


def test_memory_is_a_resource(tmp_path):
    m = LocalManager(["--nodes", "2,2", "--node-memory", "1000", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="mem", exec="/bin/sleep", args=["0.3"], memory=600,
                            iteration=4))
        with pytest.raises(RequestFailedError, match="memory 2000 MiB"):
            m.submit(Jobs().add(name="huge", exec="/bin/true", memory=2000))
        m.wait4("mem")
        childs = m.info("mem", withChilds=True)["jobs"]["mem"]["data"]["childs"]
        spans = {}
        for c in childs:
            node = c["runtime"]["allocation"].split("[")[0]
            spans.setdefault(node, []).append(c)
        # 600 MiB of 1000 per node: one task per node at a time, two rounds
        assert sorted(len(v) for v in spans.values()) == [2, 2]
        info = m.info_parsed("mem", withChilds=True)["mem"]
        assert info.iterations["finished"] == 4
    finally:
        m.finish()


def test_wait4_any_job_finish_order(tmp_path):
    m = LocalManager(["--nodes", "1", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="a", exec="/bin/true").add(name="b", exec="/bin/true",
                                                             after="a"))
        m.wait4all()
        assert m.wait4_any_job_finish() == ("a", "SUCCEED")
        assert m.wait4_any_job_finish() == ("b", "SUCCEED")
        with pytest.raises(TimeoutElapsed):
            m.wait4_any_job_finish(0.1)
        assert m.is_status_finished("OMITTED") and not m.is_status_finished("QUEUED")
    finally:
        m.finish()
    with pytest.raises(ConnectionError, match="Not connected"):
        m.resources()
    m.finish()      # again: nothing


def test_default_node_is_this_machine(tmp_path):
    m = LocalManager(["--wd", str(tmp_path), "--resources", "local"])
    try:
        (node,) = m.nodes_info
        assert node["name"] == os.uname().nodename
        assert len(node["cpus"]) == len(os.sched_getaffinity(0))
    finally:
        m.finish()


def test_system_core_and_status(tmp_path):
    m = LocalManager(["--nodes", "2,2", "--system-core", "--wd", str(tmp_path)])
    try:
        assert m.resources()["total_cores"] == 3      # one core kept for the manager
        m.submit(Jobs().add(name="x", exec="/bin/true", iteration=3))
        m.wait4all()
        status = m.system_status()
        assert status["Resources"] == {"TotalNodes": 2, "TotalCores": 3, "UsedCores": 0,
                                       "FreeCores": 3}
        assert status["JobStats"]["FinishedJobs"] == 1
        assert status["IterationStats"]["FinishedIterations"] == 3
    finally:
        m.finish()


def test_bad_server_arguments():
    with pytest.raises(WrongArgumentsError, match="wrong node definition 'x'"):
        LocalManager(["--nodes", "x"])
    with pytest.raises(WrongArgumentsError, match="unknown server arguments"):
        LocalManager(["--bogus"])
    with pytest.raises(WrongArgumentsError, match="report-format"):
        LocalManager(["--nodes", "1", "--report-format", "xml"])


def test_agent_killed_fails_its_tasks_only(tmp_path):
    m = LocalManager(["--nodes", "a:2,b:2", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="onA", script="echo $$ > pid.${it}; exec sleep 30",
                            nodes="a", iteration=2))
        deadline = time.time() + 10
        while not all((tmp_path / f"pid.{k}").exists() and (tmp_path / f"pid.{k}").read_text()
                      for k in range(2)):
            assert time.time() < deadline
            time.sleep(0.05)
        pids = [int((tmp_path / f"pid.{k}").read_text()) for k in range(2)]
        time.sleep(0.2)     # the agent's report of what it started reaches the manager
        os.kill(m.agent_pids["a"], signal.SIGKILL)
        assert m.wait4("onA", timeout=20) == {"onA": "FAILED"}
        deadline = time.time() + 5
        while any(alive(p) for p in pids):      # the orphaned tasks were ended too
            assert time.time() < deadline
            time.sleep(0.05)
        childs = m.info("onA", withChilds=True)["jobs"]["onA"]["data"]["childs"]
        assert all(c["messages"] == "the agent of node a died" for c in childs)
        assert m.resources()["free_cores"] == 2
        m.submit(Jobs().add(name="goes_on", exec="/bin/true", iteration=4))
        assert m.wait4("goes_on", timeout=20) == {"goes_on": "SUCCEED"}
        assert m.nodes_info[0]["alive"] is False
    finally:
        m.finish()


def test_finish_leaves_no_process(tmp_path):
    before = set(descendants(os.getpid()))
    m = LocalManager(["--nodes", "2,2", "--wd", str(tmp_path)])
    m.submit(Jobs().add(name="bg", script="sleep 60 & sleep 60 & wait", iteration=4))
    deadline = time.time() + 10
    while len(set(descendants(os.getpid())) - before) < 2 + 4 * 3:
        assert time.time() < deadline, descendants(os.getpid())
        time.sleep(0.05)
    spawned = set(descendants(os.getpid())) - before
    m.finish()
    left = [p for p in spawned if alive(p)]
    assert left == []


def test_report_and_files(tmp_path):
    m = LocalManager(["--nodes", "2", "--wd", str(tmp_path), "--id", "t1"])
    m.submit(Jobs().add(name="it", exec="/bin/true", iteration=2)
             .add(name="miss", exec="/nonexistent/prog")
             .add(name="om", exec="/bin/true", after="miss")
             .add(name='q"\\x', exec="/nonexistent/q", iteration=1, wd='w "x"'))
    m.wait4all()
    m.finish()
    service = tmp_path / ".qcgpjm-service-t1"
    lines = (service / "jobs.report").read_text().splitlines()
    # QCG's layout exactly: json.dumps(entry, separators=(",", ": "))
    assert all(x == json.dumps(json.loads(x), separators=(",", ": ")) for x in lines)
    entries = {json.loads(x)["name"]: json.loads(x) for x in lines}
    assert set(entries) == {"it:0", "it:1", "it", "miss", "om", 'q"\\x:0', 'q"\\x'}
    assert entries['q"\\x:0']["runtime"]["wd"] == str(tmp_path / 'w "x"')
    assert lines[0].startswith('{"name": ') and '","state": ' in lines[0]
    assert list(entries["it:0"]) == ["name", "state", "history", "runtime"]
    assert [h["state"] for h in entries["it:0"]["history"]] == ["SCHEDULED", "EXECUTING",
                                                                "SUCCEED"]
    assert list(entries["it"]) == ["name", "state", "history", "runtime", "execution",
                                   "resources"]
    assert entries["it"]["execution"] == {"exec": "/bin/true", "args": [], "env": {},
                                          "script": None, "model_opts": {}}
    assert entries["it"]["resources"] == {"numCores": {"exact": 1}}
    assert entries["miss"]["messages"].startswith("[Errno 2]")
    assert entries["om"]["state"] == "OMITTED" and entries["om"]["runtime"] == {}
    assert entries["om"]["dependencies"] == {"after": ["miss"]}
    status = json.loads((service / "final_status.json").read_text())
    assert status["JobStats"]["TotalJobs"] == 4
    reqs = [json.loads(x)["name"] for x in (service / "track.reqs").read_text().splitlines()]
    assert reqs == ["it", "miss", "om", 'q"\\x']
    states = [json.loads(x) for x in (service / "track.states").read_text().splitlines()]
    assert {"task": 'q"\\x:0', "iteration": 0, "state": "FAILED"} in states


def test_batch_mode_and_resume(tmp_path):
    req = [{"request": "submit", "jobs": [
        {"name": "fast", "iteration": {"stop": 4},
         "execution": {"script": "echo run >> fast.${it}.log"}},
        {"name": "slow", "iteration": {"stop": 2}, "dependencies": {"after": ["fast"]},
         "execution": {"script": "echo run >> slow.${it}.log; sleep 2.5"}},
        {"name": "last", "dependencies": {"after": ["slow"]},
         "execution": {"exec": "/bin/true"}}]},
        {"request": "control", "command": "finishAfterAllTasksDone"}]
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(req))
    cmd = [sys.executable, "-m", "pyslurm.pilot", "--file", "--file-path", str(path),
           "--nodes", "2", "--wd", str(tmp_path), "--report-format", "json"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.time() + 20
    while not (tmp_path / "slow.1.log").exists():
        assert time.time() < deadline and proc.poll() is None
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)        # the manager crashes
    proc.wait()
    res = subprocess.run(cmd + ["--resume"], timeout=60)
    assert res.returncode == 0
    assert all((tmp_path / f"fast.{i}.log").read_text() == "run\n" for i in range(4))
    assert (tmp_path / "slow.0.log").read_text() == "run\nrun\n"   # was running: ran again
    (service,) = tmp_path.glob(".qcgpjm-service-*")
    states = [json.loads(x) for x in (service / "track.states").read_text().splitlines()]
    assert {"task": "last", "iteration": None, "state": "SUCCEED"} in states
    # a request file that is not an array: an error, exit code 1
    path.write_text("{}")
    res = subprocess.run(cmd[:-2], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and "Not an array of requests" in res.stderr


def test_queued_memory_bound(tmp_path):
    """100,000 queued tasks (two 50,000-iteration jobs and waiting on zero
    free cores) cost the manager less than 8 MiB: iterations are created
    when they start, and an iteration's state is one byte until then."""
    m = LocalManager(["--nodes", "1", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="block", exec="/bin/sleep", args=["60"]))
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        jobs = Jobs()
        for k in range(2):
            jobs.add(name=f"many{k}", exec="/bin/true", iteration=50_000,
                     stdout="out.${it}")
        m.submit(jobs)
        used = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        info = m.info("many0")["jobs"]["many0"]["data"]
        assert info["status"] == "QUEUED" and info["iterations"]["total"] == 50_000
        assert used < 8 * 2**20, used
        m.cancel(["many0", "many1", "block"])
        assert m.wait4(["many0", "many1", "block"], timeout=30) == {
            "many0": "CANCELED", "many1": "CANCELED", "block": "CANCELED"}
    finally:
        m.finish()


def test_queued_jobs_memory_bound(tmp_path):
    """Separate jobs cost the manager about 1 KiB each while queued (the
    description is kept for the report): 10,000 stay under 15 MiB, and
    cancelling them all is quick."""
    m = LocalManager(["--nodes", "1", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="block", exec="/bin/sleep", args=["60"]))
        jobs = Jobs()
        for k in range(10_000):
            jobs.add(name=f"q{k}", exec="/bin/true")
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        m.submit(jobs)
        used = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        assert used < 15 * 2**20, used
        t = time.perf_counter()
        m.cancel([f"q{k}" for k in range(10_000)] + ["block"])
        m.wait4all(timeout_secs=30)
        assert time.perf_counter() - t < 10
        assert m.status("q9999")["jobs"]["q9999"]["data"]["status"] == "CANCELED"
    finally:
        m.finish()


def test_throughput_true_tasks(tmp_path):
    """3,000 x /bin/true on 4 x 4 virtual cores: all SUCCEED (no spurious
    failures); the rate is printed (scripts/bench/pilot.py measures it)."""
    m = LocalManager(["--nodes", "4,4,4,4", "--wd", str(tmp_path)])
    try:
        t = time.perf_counter()
        m.submit(Jobs().add(name="t", exec="/bin/true", iteration=3000))
        assert m.wait4("t", timeout=120) == {"t": "SUCCEED"}
        rate = 3000 / (time.perf_counter() - t)
        its = m.info("t")["jobs"]["t"]["data"]["iterations"]
        assert its["failed"] == 0 and its["finished"] == 3000
        print(f"pilot: {rate:.0f} /bin/true tasks/s")
    finally:
        m.finish()


def test_invalid_description_at_submit(mgr):
    with pytest.raises(InvalidJobDescriptionError, match="Unknown attribute foo"):
        mgr.submit([{"name": "x", "execution": {"exec": "/bin/true"}, "foo": 1}])


def test_cancel_while_a_retry_waits(tmp_path):
    """Two iterations that fail and retry on one free core: one runs while
    the other waits for its retry; cancel ends both."""
    m = LocalManager(["--nodes", "2", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="hog", exec="/bin/sleep", args=["60"])
                 .add(name="again", script="sleep 0.1; exit 1", retries=50, iteration=2))
        deadline = time.time() + 10
        while "retrying" not in str(m.info("again", withChilds=True)):
            assert time.time() < deadline
            time.sleep(0.05)
        m.cancel(["again", "hog"])
        assert m.wait4(["again", "hog"], timeout=20) == {"again": "CANCELED",
                                                          "hog": "CANCELED"}
    finally:
        m.finish()


def test_text_report(tmp_path):
    m = LocalManager(["--nodes", "1", "--wd", str(tmp_path), "--id", "txt",
                      "--report-format", "text"])
    m.submit(Jobs().add(name="hello", exec="/bin/true", iteration=1))
    m.wait4all()
    m.finish()
    text = (tmp_path / ".qcgpjm-service-txt" / "jobs.report").read_text()
    first, parent = text.split("hello (SUCCEED) \n")
    lines = first.split("\n")
    assert lines[0] == "hello:0 (SUCCEED) "
    assert [x.split(": ")[-1] for x in lines[1:4]] == ["SCHEDULED", "EXECUTING", "SUCCEED"]
    assert lines[4] == "\tallocation: n0[0]" and lines[6].startswith("\trtime: 0:00:0")
    assert parent.startswith("\t") and parent.endswith(": SUCCEED\n\t\n")
