"""pyslurm.schedulers.variables: SchedulerVariables and SlurmVars."""

import pytest

from pyslurm.schedulers.config import validate_config
from pyslurm.schedulers.variables import (
    DEFAULT_MIN_MEM, DeferredVariable, SchedulerVariables, SlurmVars, dfr_sched_var, sched_var,
)

REFERENCE_VARS = {"chunk_ids", "node_list", "node_list_id", "nodes", "min_cpus", "min_mem",
                  "tasks_per_node", "tasks_total", "test_cmd", "test_min_cpus",
                  "test_min_mem", "test_node_list", "test_nodes", "errors"}
# added by Pavilion's Slurm plugin since the reference
CURRENT_VARS = {"chunk_size", "requested_nodes", "partition"}
DEFERRED = {"tasks_total", "test_cmd", "test_min_cpus", "test_min_mem", "test_node_list",
            "test_nodes"}


def nodes(names, cpus=8, mem=2**35):
    return {n: {"cpus": cpus, "mem": mem} for n in names}


def test_every_reference_variable_exists():
    v = SchedulerVariables(validate_config({}))
    assert set(v) == REFERENCE_VARS | CURRENT_VARS
    assert {k for k in v if v.is_deferred(k)} == DEFERRED


def test_documented_defaults_without_inventory():
    v = SchedulerVariables(validate_config({}), deferred=False)
    assert v["min_cpus"] == 1
    assert v["min_mem"] == 4 * 1024 ** 3 == DEFAULT_MIN_MEM    # not Pavilion's 1000 bytes
    assert v["test_min_mem"] == 4 * 1024 ** 3
    assert v["nodes"] == 1
    assert v["node_list"] == [] and v["chunk_ids"] == [] and v["node_list_id"] == ""
    assert v["tasks_per_node"] == 1 and v["tasks_total"] == 1
    assert v["test_cmd"] == ""
    assert v["errors"] == []
    assert v["chunk_size"] == "" and v["requested_nodes"] == "" and v["partition"] == ""


def test_cluster_info_fallbacks():
    cfg = validate_config({"cluster_info": {"node_count": "4", "mem": "1000", "cpus": "6"},
                           "tasks_per_node": "50%"})
    v = SchedulerVariables(cfg, deferred=False)
    assert (v["nodes"], v["min_mem"], v["min_cpus"]) == (4, 1000, 6)
    assert v["tasks_per_node"] == 3 and v["tasks_total"] == 12


def test_deferred_values():
    v = SchedulerVariables(validate_config({}), nodes=nodes(["a"]))
    for key in DEFERRED:
        assert v[key] == DeferredVariable(key)
    assert repr(v["test_nodes"]) == "<deferred sched.test_nodes>"
    assert v["nodes"] == 1
    strings = v.as_strings()
    assert strings["test_nodes"] == "<deferred>" and strings["nodes"] == "1"


def test_min_over_nodes_and_natural_node_list():
    inv = {"n10": {"cpus": 4, "mem": 100}, "n2": {"cpus": 8, "mem": 50}, "n1": {}}
    v = SchedulerVariables(validate_config({}), nodes=inv, chunks=[["n1"], ["n2"]],
                           node_list_id=7, deferred=False)
    assert v["node_list"] == ["n1", "n2", "n10"]
    assert v["test_node_list"] == ["n1", "n2", "n10"]
    assert (v["min_cpus"], v["min_mem"], v["test_min_cpus"], v["test_min_mem"]) == \
        (4, 50, 4, 50)
    assert v["chunk_ids"] == [0, 1] and v["node_list_id"] == 7
    assert v["nodes"] == 3 and v["test_nodes"] == 3


@pytest.mark.parametrize("tpn, cpus, n, per_node, total", [
    ("all", 3, 1, 3, 3),
    ("50%", 3, 1, 1, 1),           # floor(1.5) -> 1; Pavilion printed '1.5'
    ("50%", 3, 3, 1, 3),
    ("50%", 1, 2, 1, 2),           # at least 1
    ("4", 3, 2, 4, 8),
    ("all", 8, 5, 8, 40),
])
def test_tasks_total_is_always_an_int(tpn, cpus, n, per_node, total):
    v = SchedulerVariables(validate_config({"tasks_per_node": tpn}),
                           nodes=nodes([f"n{i}" for i in range(n)], cpus=cpus), deferred=False)
    assert v["tasks_per_node"] == per_node
    assert v["tasks_total"] == total and type(v["tasks_total"]) is int
    assert v.as_strings()["tasks_total"] == str(total)


def test_min_tasks_per_node_wins_when_larger():
    cfg = validate_config({"tasks_per_node": "25%", "min_tasks_per_node": "3"})
    v = SchedulerVariables(cfg, nodes=nodes(["a", "b"], cpus=4), deferred=False)
    assert v["tasks_per_node"] == 3 and v["tasks_total"] == 6


def test_errors_variable_and_info():
    v = SchedulerVariables(validate_config({}))
    v.add_errors(["too few nodes"])
    assert v["errors"] == ["too few nodes"]
    info = v.info("test_nodes")
    assert info["deferred"] is True and info["example"] == 45 and info["help"]
    assert v.info("min_mem")["example"] == 4 * 1024 ** 3
    with pytest.raises(KeyError):
        v["nope"]


def test_subclass_decorators_both_forms_and_override():
    class MyVars(SchedulerVariables):
        @sched_var
        def answer(self):
            """The answer."""
            return 42

        @dfr_sched_var()
        def late(self):
            """Known late."""
            return "x"

        @dfr_sched_var
        def later(self):
            """Known later."""
            return "y"

        def nodes(self):      # un-decorated override removes the variable
            return 0

        def _helper(self):
            return 1

    v = MyVars(validate_config({}), deferred=False)
    assert v["answer"] == 42 and v["late"] == "x" and v["later"] == "y"
    assert "nodes" not in v and "_helper" not in v
    assert MyVars(validate_config({}))["late"] == DeferredVariable("late")


def test_slurm_vars_srun_shape():
    inv = nodes([f"node{i:02d}" for i in range(5, 11)] + ["node23"], cpus=4)
    cfg = validate_config({"tasks_per_node": "all", "slurm": {"srun_extra": ["--mpi=pmix"]},
                           "wrapper": "valgrind"})
    v = SlurmVars(cfg, nodes=inv, deferred=False)
    assert v["test_cmd"] == "srun -N 7 -w node[05-10,23] -n 28 --mpi=pmix valgrind"


def test_slurm_vars_srun_unpadded_hostlist():
    v = SlurmVars(validate_config({}), nodes=nodes(["n9", "n10", "n11"]), deferred=False)
    assert v["test_cmd"] == "srun -N 3 -w n[9-11] -n 3"


def test_slurm_vars_mpirun_shape():
    cfg = validate_config({
        "tasks_per_node": "2",
        "slurm": {"mpi_cmd": "mpirun"},
        "mpirun_opts": {"rank_by": "socket", "bind_to": "core",
                        "mca": ["btl self,tcp", "pml ob1"], "extra": ["-x", "FOO=1"]}})
    v = SlurmVars(cfg, nodes=nodes(["n2", "n1"]), deferred=False)
    assert v["test_cmd"] == ("mpirun --map-by ppr:2:node --rank-by socket --bind-to core "
                             "--mca btl self,tcp --mca pml ob1 --host n1,n2 -x FOO=1")


def test_slurm_vars_deferred_and_example():
    v = SlurmVars(validate_config({}), nodes=nodes(["a"]))
    assert v["test_cmd"] == DeferredVariable("test_cmd")
    assert v.info("test_cmd")["example"].startswith("srun -N 5")


# ------------------------------------------------------------- Pavilion's current variables

def test_chunk_size_requested_nodes_and_partition():
    inv = nodes([f"n{i}" for i in range(1, 9)])
    chunks = [["n1", "n2", "n3", "n4"], ["n5", "n6", "n7", "n8"]]
    cfg = validate_config({"nodes": "all", "min_nodes": "50%", "partition": "batch",
                           "chunking": {"size": "4"}})
    v = SchedulerVariables(cfg, nodes=inv, chunks=chunks, node_list_id=1)
    assert v["chunk_size"] == 4
    assert v["requested_nodes"] == "2-4"
    assert v["partition"] == "batch"
    assert not any(v.is_deferred(k) for k in CURRENT_VARS)
    strings = v.as_strings()
    assert (strings["chunk_size"], strings["requested_nodes"]) == ("4", "2-4")
    v = SchedulerVariables(validate_config({"nodes": "3"}), nodes=inv, chunks=chunks)
    assert v["requested_nodes"] == "3"
    # inside the allocation there are no chunks; the partition is still known
    v = SchedulerVariables(cfg, nodes=nodes(["n1", "n2"]), deferred=False)
    assert (v["chunk_size"], v["requested_nodes"], v["partition"]) == ("", "", "batch")


@pytest.mark.parametrize("raw, requested", [
    ({"tasks": "12"}, ""),                                  # Slurm picks the count
    ({"tasks": "12", "min_nodes": "3"}, "3"),               # what -N says
    ({"tasks": "12", "nodes": "2"}, "2"),
    ({"tasks": "12", "chunking": {"size": "4"}}, "4"),      # the whole chunk
])
def test_requested_nodes_with_tasks(raw, requested):
    inv = nodes([f"n{i}" for i in range(1, 9)])
    v = SchedulerVariables(validate_config(raw), nodes=inv,
                           chunks=[[f"n{i}" for i in range(1, 5)]])
    assert v["requested_nodes"] == requested


def test_tasks_total_and_commands_follow_tasks():
    inv = nodes(["n1", "n2", "n3"], cpus=4)
    cfg = validate_config({"tasks": "6"})
    v = SlurmVars(cfg, nodes=inv, deferred=False)
    assert v["tasks_total"] == 6 and type(v["tasks_total"]) is int
    assert v["tasks_per_node"] == 1            # Pavilion's value without tasks_per_node
    assert v["test_cmd"] == "srun -N 3 -w n[1-3] -n 6"
    cfg = validate_config({"tasks": "6", "slurm": {"mpi_cmd": "mpirun"}})
    assert SlurmVars(cfg, nodes=inv, deferred=False)["test_cmd"] == \
        "mpirun -n 6 --host n1,n2,n3"
    cfg = validate_config({"tasks": "6", "tasks_per_node": "2",
                           "slurm": {"mpi_cmd": "mpirun"}})
    assert SlurmVars(cfg, nodes=inv, deferred=False)["test_cmd"] == \
        "mpirun -n 6 --map-by ppr:2:node --host n1,n2,n3"
    # still deferred before the allocation
    assert SlurmVars(validate_config({"tasks": "6"}), nodes=inv)["tasks_total"] == \
        DeferredVariable("tasks_total")
