"""pyslurm.schedulers.slurm_rules: sbatch header and job state table (no cluster)."""

import doctest

import pytest

from pyslurm.schedulers import (
    SCHED_CANCELLED, SCHED_ERROR, SCHED_RUNNING, SCHEDULED, validate_config,
)
from pyslurm.schedulers import slurm_rules
from pyslurm.schedulers.slurm_rules import (
    JOB_FLAG_STATUS, JOB_STATE_STATUS, SbatchHeader, map_job_state,
)


def test_doctests():
    assert doctest.testmod(slurm_rules).failed == 0


def test_header_line_order_exact_nodes():
    cfg = validate_config({"partition": "batch", "reservation": "resA", "qos": "high",
                           "account": "proj", "time_limit": "2", "tasks_per_node": "50%",
                           "slurm": {"features": ["a|b", "ib"],
                                     "sbatch_extra": ["--exclusive"]}})
    data = {f"n{i}": {"cpus": 8} for i in (9, 10, 11)}
    lines = SbatchHeader("my test", cfg, nodes=["n9", "n10", "n11"], node_data=data).get_lines()
    assert lines == [
        "#!/bin/bash",
        '#SBATCH --job-name "my__test"',
        "#SBATCH -p batch",
        "#SBATCH --reservation resA",
        "#SBATCH --qos high",
        "#SBATCH --account proj",
        "#SBATCH --constraint a|b&ib",
        "#SBATCH -t 2:0:0",
        "#SBATCH -w n[9-11]",
        "#SBATCH -N 3",
        "#SBATCH --ntasks-per-node 4",       # Pavilion's kickoff had none
        "#SBATCH --exclusive",
    ]


def test_header_flex_range_include_exclude():
    cfg = validate_config({"nodes": "4", "min_nodes": "2", "include_nodes": "n1",
                           "exclude_nodes": "n[7-8]", "reservation": "any"})
    header = SbatchHeader("t", cfg, node_range=(2, 4), node_data={"n1": {"cpus": 2}})
    lines = header.get_lines()
    assert lines[1:] == ['#SBATCH --job-name "t"', "#SBATCH -t 1:0:0", "#SBATCH -w n1",
                         "#SBATCH -x n[7-8]", "#SBATCH -N 2-4", "#SBATCH --ntasks-per-node 1"]
    s = header.settings()
    assert s["reservation"] is None and s["time_limit"] == 60
    assert (s["min_nodes"], s["max_nodes"], s["nodes"]) == (2, 4, None)


def test_header_settings_match_lines():
    cfg = validate_config({"tasks_per_node": "all", "account": "x"})
    header = SbatchHeader("j", cfg, nodes=["a1", "a2"],
                          node_data={"a1": {"cpus": 6}, "a2": {"cpus": 4}})
    s = header.settings()
    assert s["ntasks_per_node"] == 4 and s["account"] == "x" and s["nodes"] == ["a1", "a2"]
    assert "#SBATCH --ntasks-per-node 4" in header.get_lines()


def test_header_tasks_and_core_spec_lines():
    cfg = validate_config({"tasks": "6", "core_spec": "1", "partition": "batch",
                           "slurm": {"sbatch_extra": ["--exclusive"]}})
    header = SbatchHeader("t", cfg, node_range=(1, None))
    assert header.get_lines()[1:] == [
        '#SBATCH --job-name "t"',
        "#SBATCH --core-spec 1",             # right after the name, as Pavilion
        "#SBATCH -p batch",
        "#SBATCH -t 1:0:0",
        "#SBATCH --ntasks 6",                # no -N: Slurm works the count out
        "#SBATCH --exclusive",
    ]
    s = header.settings()
    assert (s["ntasks"], s["core_spec"], s["ntasks_per_node"]) == (6, 1, None)
    assert (s["min_nodes"], s["max_nodes"]) == (1, None)


def test_header_tasks_with_node_counts():
    cfg = validate_config({"tasks": "6", "min_nodes": "2"})
    lines = SbatchHeader("t", cfg, node_range=(2, None)).get_lines()
    assert lines[-2:] == ["#SBATCH -N 2", "#SBATCH --ntasks 6"]
    # tasks_per_node given: sent, Slurm reads it as a per-node maximum
    cfg = validate_config({"tasks": "6", "nodes": "2", "tasks_per_node": "4"})
    lines = SbatchHeader("t", cfg, nodes=["n1", "n2"]).get_lines()
    assert lines[-4:] == ["#SBATCH -w n[1-2]", "#SBATCH -N 2", "#SBATCH --ntasks 6",
                          "#SBATCH --ntasks-per-node 4"]


def test_submit_options_follow_the_header(monkeypatch):
    slurm = pytest.importorskip("pyslurm.schedulers.slurm")
    cfg = validate_config({"tasks": "6", "min_nodes": "2"})
    opts = slurm.submit_options(SbatchHeader("t", cfg, node_range=(2, None)).settings())
    assert (opts["nodes"], opts["ntasks"]) == ("2", 6) and "ntasks_per_node" not in opts
    opts = slurm.submit_options(SbatchHeader("t", validate_config({"tasks": "6"}),
                                             node_range=(1, None)).settings())
    assert "nodes" not in opts and opts["ntasks"] == 6
    opts = slurm.submit_options(SbatchHeader("t", validate_config({}),
                                             node_range=(1, 1)).settings())
    assert (opts["nodes"], opts["ntasks_per_node"]) == ("1", 1) and "ntasks" not in opts


def test_core_spec_goes_to_the_submission_option():
    slurm = pytest.importorskip("pyslurm.schedulers.slurm")
    from pyslurm import JobSubmitDescription
    settings = SbatchHeader("t", validate_config({"core_spec": "2"}),
                            node_range=(1, 1)).settings()
    opts = slurm.submit_options(settings)
    assert opts["cores_reserved_for_system"] == 2
    # the option the plugin uses is the one sbatch's --core-spec maps to
    desc = JobSubmitDescription(script="#!/bin/sh\n#SBATCH --core-spec 2\ntrue\n")
    assert desc.effective_options()["cores_reserved_for_system"] == 2


ALL_BASE = ["PENDING", "RUNNING", "SUSPENDED", "COMPLETED", "CANCELLED", "FAILED",
            "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY"]
TERMINAL = {"CANCELLED": SCHED_CANCELLED, "BOOT_FAIL": SCHED_CANCELLED,
            "FAILED": SCHED_ERROR, "TIMEOUT": SCHED_ERROR, "NODE_FAIL": SCHED_ERROR,
            "PREEMPTED": SCHED_ERROR, "DEADLINE": SCHED_ERROR, "OUT_OF_MEMORY": SCHED_ERROR}


def test_every_base_state_is_mapped():
    assert set(JOB_STATE_STATUS) == set(ALL_BASE)


@pytest.mark.parametrize("state", sorted(TERMINAL))
@pytest.mark.parametrize("flags", [[], ["COMPLETING"], ["STAGE_OUT"], ["REQUEUED"]])
def test_terminal_states_stay_terminal_whatever_the_flags(state, flags):
    assert map_job_state(state, flags).state == TERMINAL[state]


@pytest.mark.parametrize("state, flags, expected", [
    ("PENDING", [], SCHEDULED),
    ("PENDING", ["REQUEUE_HOLD"], SCHEDULED),
    ("PENDING", ["CONFIGURING"], SCHEDULED),
    ("RUNNING", ["CONFIGURING"], SCHEDULED),
    ("RUNNING", [], SCHED_RUNNING),
    ("RUNNING", ["SIGNALING"], SCHED_RUNNING),
    ("SUSPENDED", [], SCHED_RUNNING),
    ("COMPLETED", ["COMPLETING"], SCHED_RUNNING),
    ("PENDING", ["SPECIAL_EXIT"], SCHED_ERROR),
    ("RUNNING", ["LAUNCH_FAILED"], SCHED_ERROR),
    ("COMPLETING", [], SCHED_RUNNING),          # scontrol's combined word
    ("MADE_UP", [], SCHEDULED),
])
def test_state_and_flags(state, flags, expected):
    status = map_job_state(state, flags, reason="Priority", job_id=42)
    assert status.state == expected
    assert "job 42" in status.note and state in status.note


def test_every_flag_has_a_status():
    for flag, status in JOB_FLAG_STATUS.items():
        assert status in (SCHEDULED, SCHED_RUNNING, SCHED_ERROR), flag
