"""pyslurm.pilot.launch: command lines and environments of tasks, from a
spec and a placement (no agents, no cluster)."""

import json

from pyslurm.pilot import Jobs
from pyslurm.pilot.job import parse_std
from pyslurm.pilot.launch import (
    AGENT_PATH,
    mpirun_step,
    rank_env,
    slurm_counts,
    srun_step,
    subst,
    task_argv,
    task_env,
    task_values,
)


def spec(**kw):
    return parse_std(Jobs().add(**kw).ordered_jobs()[0])


def test_slurm_counts():
    assert slurm_counts([2, 2, 1]) == "2(x2),1"
    assert slurm_counts([4]) == "4"
    assert slurm_counts([1, 3, 3, 3]) == "1,3(x3)"


def test_subst_leaves_unknown_names():
    assert subst("a-${it}-${nope}", {"it": "7"}) == "a-7-${nope}"
    assert subst(None, {}) is None


def test_values_of_an_iteration():
    s = spec(name="j", exec="/bin/echo", iteration={"start": 5, "stop": 8})
    v = task_values(s, 1, 3, "u1", ["c1", "c2"], 6, "/wd", True)
    assert (v["it"], v["itval"], v["jname"], v["ncores"], v["nnodes"]) == ("6", "6", "j", "6", "2")
    assert (v["nlist"], v["root_wd"], v["uniq"], v["sname"], v["rcnt"]) == (
        "c1,c2", "/wd", "u1", "slurm", "3")


def test_env_default_and_slurm_schema():
    s = spec(name="j", exec="/bin/true", env={"A": "x${it}"}, iteration=2)
    env = task_env(s, ["c1", "c2"], [2, 1], [0, 3], "u-9", False, None)
    assert env["QCG_PM_NODELIST"] == "c1,c2" and env["QCG_PM_NPROCS"] == "3"
    assert env["QCG_PM_TASKS_PER_NODE"] == "2,1" and env["QCG_PM_CPU_SET"] == "0,3"
    assert env["QCG_PM_STEP_ID"] == "u-9" and env["A"] == "x${it}"
    assert not any(k.startswith("SLURM_") for k in env)
    env = task_env(s, ["c1", "c2"], [2, 2], [0, 1], "u-9", True, {"it": "1"})
    assert env["SLURM_STEP_TASKS_PER_NODE"] == "2(x2)" and env["SLURM_NTASKS_PER_NODE"] == "2"
    assert env["SLURM_NTASKS"] == "4" and env["A"] == "x1"


def test_env_threads():
    s = spec(name="t", exec="/bin/true", model="threads", numCores=3)
    assert task_env(s, ["n"], [3], [0, 1, 2], "x", False, None)["OMP_NUM_THREADS"] == "3"


def test_argv_exec_script_venv_modules():
    s = spec(name="j", exec="/bin/echo", args=["${it}", "b"], iteration=2)
    assert task_argv(s, {"it": "1"}) == ["/bin/echo", "1", "b"]
    assert task_argv(spec(name="s", script="echo hi"), None) == ["/bin/bash", "-c", "echo hi"]
    argv = task_argv(spec(name="v", exec="prog", venv="/v", modules=["gcc"]), None)
    assert argv[:3] == ["/bin/bash", "-l", "-c"]
    assert argv[3] == 'module load gcc; source /v/bin/activate; exec "$@"'
    assert argv[4:] == ["pilot-task", "prog"]


def test_rank_env():
    env = rank_env({"X": "1"}, 5, 1, 2, 8, 3)
    assert env["X"] == "1" and env["SLURM_PROCID"] == "5" and env["SLURM_LOCALID"] == "1"
    assert env["SLURM_NODEID"] == "2" and env["PMI_SIZE"] == "8"
    assert env["QCG_PM_CPU_SET"] == "3"


def test_srun_step(tmp_path):
    s = spec(name="m", exec="/bin/true", model="srunmpi", numCores=3,
             model_opts={"srun_args": "--mpi=pmi2"})
    hostfile = str(tmp_path / "hosts")
    cmd, env = srun_step(42, [("c1", [0, 1]), ("c2", [3])], ["prog"],
                         {"SLURM_NTASKS": "3", "KEEP": "y"}, "m", s.model_opts, hostfile)
    assert open(hostfile).read() == "c1\nc1\nc2\n"
    assert cmd[:3] == ["srun", "--jobid=42", "--ntasks=3"]
    assert "--mpi=pmi2" in cmd and cmd[-4:] == [AGENT_PATH, "--bind", "--", "prog"]
    assert "SLURM_NTASKS" not in env and env["KEEP"] == "y"
    assert env["SLURM_HOSTFILE"] == hostfile
    assert json.loads(env["PYSLURM_PILOT_BIND"]) == {"c1": [0, 1], "c2": [3]}


def test_mpirun_steps(tmp_path):
    s = spec(name="o", exec="/bin/true", model="openmpi", numCores=3)
    rankfile = str(tmp_path / "rankfile")
    cmd, _ = mpirun_step(s, [("c1", [0, 1]), ("c2", [3])], ["prog"], {}, rankfile)
    assert cmd == ["mpirun", "--rankfile", rankfile, "-np", "3", "prog"]
    assert open(rankfile).read() == "rank 0=c1 slot=0\nrank 1=c1 slot=1\nrank 2=c2 slot=3\n"
    s = spec(name="i", exec="/bin/true", model="intelmpi", numCores=3,
             model_opts={"mpirun": "/opt/mpirun", "mpirun_args": ["-v"]})
    cmd, env = mpirun_step(s, [("c1", [0, 1]), ("c2", [3])], ["prog"], {}, rankfile)
    assert env["I_MPI_PIN"] == "1"
    assert cmd == ["/opt/mpirun", "-host", "c1", "-n", "2", "-env",
                   "I_MPI_PIN_PROCESSOR_LIST=0,1", "-v", "prog", ":", "-host", "c2", "-n", "1",
                   "-env", "I_MPI_PIN_PROCESSOR_LIST=3", "-v", "prog"]
