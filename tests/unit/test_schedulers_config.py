"""pyslurm.schedulers.config and .nodelist: validation, normalisation, host lists."""

import ast

import pytest

from pyslurm.schedulers import config as cfgmod
from pyslurm.schedulers.config import (
    DEFAULTS, SchedulerConfigError, calc_node_range, flat_defaults, validate_config,
)
from pyslurm.schedulers.nodelist import (
    NodeListError, compress_hostlist, expand_hostlist, expand_hostlists, natural_sorted,
)


# ----------------------------------------------------------------- host lists

@pytest.mark.parametrize("text, expected", [
    ("n[9-11]", ["n9", "n10", "n11"]),            # Slurm: no padding unless written
    ("n[09-11]", ["n09", "n10", "n11"]),
    ("n[001-3]", ["n001", "n002", "n003"]),
    ("n[1,3-4],m2", ["n1", "n3", "n4", "m2"]),
    ("r[1-2]n[1-2]", ["r1n1", "r1n2", "r2n1", "r2n2"]),
    ("cn-a[1-2]", ["cn-a1", "cn-a2"]),
    ("n1-ib", ["n1-ib"]),
    ("n[1-2]x[3-4]", ["n1x3", "n1x4", "n2x3", "n2x4"]),
    ("n[1-2]-ib", ["n1-ib", "n2-ib"]),           # suffix: Slurm >= 23.02 syntax
    ("a,,b", ["a", "b"]),                       # empty items skipped, as libslurm does
    ("n[1-2], m1\tx", ["n1", "n2", "m1", "x"]),  # whitespace separates too
    ("[1-2]", ["1", "2"]),
    ("node1[0-2]", ["node10", "node11", "node12"]),
    ("login", ["login"]),
    ("", []),
    (None, []),
    ("  n[1-2]  ", ["n1", "n2"]),
])
def test_expand_hostlist(text, expected):
    assert expand_hostlist(text) == expected


@pytest.mark.parametrize("text, position, words", [
    ("n[9-x]", 4, "'x' is not a number"),
    ("n[1-2", 1, "never closed"),
    ("n1]", 2, "without a matching"),
    ("n[]", 1, "empty brackets"),
    ("n[1 - 2]", 2, "is not a number"),
    ("n[5-3]", 2, "ends before it starts"),
    ("n[1-]", 4, "no end number"),
    ("n[-2]", 2, "no start number"),
    ("n[1,,2]", 4, "empty range item"),
    ("n[1[2]]", 3, "nested"),
])
def test_expand_hostlist_errors_point_at_mistake(text, position, words):
    with pytest.raises(NodeListError) as exc:
        expand_hostlist(text)
    assert exc.value.position == position
    assert words in str(exc.value)
    assert text in str(exc.value)
    assert "{}" not in str(exc.value)


SLURM_AGREEMENT = ["n[9-11]", "n[09-11]", "n[001-3]", "n[1,3-4],m2", "r[1-2]n[1-2]",
                   "node1[0-2]", "login", "", "n[8-010]", "n[01-2]", "n[0-0]", "a,,b",
                   "[1-2]", "n[1-2] m1", "n1-ib", "n[1-2]x[3-4]", "n[5-3]", "n[1-2", "n]",
                   "n[]", "n[1-]", "n[-2]", "n[1,,2]", "n[a-b]", "n[1 - 2]"]


@pytest.mark.parametrize("text", SLURM_AGREEMENT)
def test_expand_agrees_with_libslurm(text):
    hostlist = pytest.importorskip("pyslurm.hostlist")
    try:
        expected = hostlist.expand(text)
    except ValueError:
        with pytest.raises(NodeListError):
            expand_hostlist(text)
    else:
        assert expand_hostlist(text) == expected


def test_expand_hostlist_refuses_huge_ranges():
    with pytest.raises(NodeListError, match="more than"):
        expand_hostlist("n[1-99999999]")


def test_expand_hostlists_dedups_in_order():
    assert expand_hostlists(["n[1-3]", "n2,m1"]) == ["n1", "n2", "n3", "m1"]


@pytest.mark.parametrize("names", [
    ["n9", "n10", "n11"], ["n09", "n10", "n11"], ["node05", "node06", "node23", "x"],
    ["a1", "a3", "b2", "a2"], ["n9", "n09", "n10"], ["cn-1", "cn-2"], [],
])
def test_compress_roundtrip(names):
    assert sorted(expand_hostlist(compress_hostlist(names))) == sorted(set(names))


def test_compress_shapes():
    assert compress_hostlist(["node05", "node06", "node07", "node08", "node09", "node10",
                              "node23"]) == "node[05-10,23]"
    assert compress_hostlist(["n9", "n10"]) == "n[9-10]"
    assert compress_hostlist(["n1"]) == "n1"


def test_natural_order():
    assert natural_sorted(["cn10", "cn2", "cn1", "a"]) == ["a", "cn1", "cn2", "cn10"]


# ----------------------------------------------------------------- config

def test_all_defaults():
    cfg = validate_config({})
    assert cfg["nodes"] == 1 and cfg["min_nodes"] is None
    assert cfg["chunking"] == {"size": 0, "node_selection": "contiguous", "extra": "backfill"}
    assert cfg["cluster_info"] == {"node_count": None, "mem": None, "cpus": None}
    assert cfg["slurm"]["mpi_cmd"] == "srun"
    assert cfg["flex_scheduled"] is True
    assert validate_config(None) == cfg


def test_defaults_table_in_docstring_matches_defaults():
    rows = [line for line in cfgmod.__doc__.splitlines()
            if line.startswith("| ") and not line.startswith("| key")]
    doc = {r.split("|")[1].strip(): ast.literal_eval(r.split("|")[2].strip()) for r in rows}
    assert doc == flat_defaults()


def test_defaults_are_not_shared_between_calls():
    a = validate_config({})
    a["include_nodes"].append("x")
    assert validate_config({})["include_nodes"] == []
    assert DEFAULTS["include_nodes"] == []


def test_normalises_yaml_strings():
    cfg = validate_config({
        "nodes": "50%", "min_nodes": "2", "tasks_per_node": "all",
        "min_tasks_per_node": "3", "time_limit": "4", "node_state": "Available",
        "share_allocation": "False",
        "chunking": {"size": "all", "node_selection": "rand_dist", "extra": "discard"},
        "include_nodes": ["n[1-2]"], "exclude_nodes": "n[9-11]", "across_nodes": [],
        "cluster_info": {"node_count": "10", "mem": "1024", "cpus": "8"},
        "mpirun_opts": {"bind_to": "core", "rank_by": "socket", "mca": ["btl self"],
                        "extra": "-x FOO"},
        "slurm": {"mpi_cmd": "mpirun", "sbatch_extra": ["--exclusive"],
                  "features": ["gpu-a100|gpu-h100", "ib"]},
    })
    assert cfg["nodes"] == 0.5 and cfg["min_nodes"] == 2
    assert cfg["tasks_per_node"] == 1.0 and cfg["min_tasks_per_node"] == 3
    assert cfg["node_state"] == "available" and cfg["share_allocation"] is False
    assert cfg["chunking"] == {"size": 1.0, "node_selection": "rand_dist", "extra": "discard"}
    assert cfg["include_nodes"] == ["n1", "n2"]
    assert cfg["exclude_nodes"] == ["n9", "n10", "n11"]
    assert cfg["cluster_info"] == {"node_count": 10, "mem": 1024, "cpus": 8}
    assert cfg["mpirun_opts"]["extra"] == ["-x FOO"]
    assert cfg["slurm"]["features"] == [["gpu-a100", "gpu-h100"], ["ib"]]
    assert cfg["flex_scheduled"] is False    # size "all" (1.0) chunks; only 0 is flex
    assert validate_config({"chunking": {"size": "0"}})["flex_scheduled"] is True
    assert validate_config({"chunking": {"size": "4"}})["flex_scheduled"] is False
    assert validate_config({"across_nodes": "n1"})["flex_scheduled"] is False


def test_native_values_accepted():
    cfg = validate_config({"nodes": 3, "share_allocation": True, "chunking": {"size": 2}})
    assert (cfg["nodes"], cfg["share_allocation"], cfg["chunking"]["size"]) == (3, True, 2)
    assert validate_config({"share_allocation": "max"})["share_allocation"] == "max"
    assert validate_config({"tasks_per_node": "min"})["tasks_per_node"] == 1


def test_constraint_string_is_features():
    cfg = validate_config({"slurm": {"constraint": "a|b&c-d"}})
    assert cfg["slurm"]["features"] == [["a", "b"], ["c-d"]]
    with pytest.raises(SchedulerConfigError, match="not both"):
        validate_config({"slurm": {"constraint": "a", "features": ["b"]}})


def test_any_slurm_state_name_accepted():
    cfg = validate_config({"slurm": {"up_states": ["idle", "MIXED", "DYNAMIC_NORM",
                                                   "NOT_RESPONDING", "DOWN*"]}})
    assert cfg["slurm"]["up_states"] == ["IDLE", "MIXED", "DYNAMIC_NORM", "NOT_RESPONDING",
                                         "DOWN"]
    with pytest.raises(SchedulerConfigError) as exc:
        validate_config({"slurm": {"avail_states": ["SLEEPY"]}})
    assert exc.value.key == "slurm.avail_states" and "SLEEPY" in str(exc.value)


def test_tasks_and_core_spec_are_accepted():
    cfg = validate_config({"tasks": "16", "core_spec": "2"})
    assert (cfg["tasks"], cfg["core_spec"]) == (16, 2)
    # a job sized by its tasks: Slurm picks the node count, no per-node limit
    assert cfg["nodes"] is None and cfg["tasks_per_node"] is None
    assert calc_node_range(cfg, 8) == (1, None)
    assert cfg["flex_scheduled"] is True
    cfg = validate_config({"tasks": 16, "nodes": "2", "tasks_per_node": "8"})
    assert (cfg["nodes"], cfg["tasks_per_node"]) == (2, 8)
    assert calc_node_range(cfg, 8) == (2, 2)
    cfg = validate_config({"tasks": "16", "min_nodes": "3"})
    assert calc_node_range(cfg, 8) == (3, None)
    assert validate_config({"core_spec": "0"})["core_spec"] == 0
    assert validate_config({"tasks": str(cfgmod.MAX_TASKS)})["tasks"] == cfgmod.MAX_TASKS
    # without tasks nothing changes
    cfg = validate_config({"core_spec": "1"})
    assert (cfg["tasks"], cfg["nodes"], cfg["tasks_per_node"]) == (None, 1, 1)


def test_reserved_states_default_and_normalised():
    cfg = validate_config({})
    assert cfg["slurm"]["reserved_states"] == ["RESERVED"]
    cfg = validate_config({"slurm": {"reserved_states": ["reserved", "MAINT$"]}})
    assert cfg["slurm"]["reserved_states"] == ["RESERVED", "MAINT"]


@pytest.mark.parametrize("raw, key, words", [
    ({"tasks": "0"}, "tasks", "must be >= 1"),
    ({"tasks": "many"}, "tasks", "not an integer"),
    ({"tasks": str(2**32)}, "tasks", "must be <= 4294967293"),
    ({"tasks": "50%"}, "tasks", "not an integer"),
    ({"core_spec": "-1"}, "core_spec", "must be >= 0"),
    ({"core_spec": "32768"}, "core_spec", "must be <= 32767"),
    ({"core_spec": "two"}, "core_spec", "not an integer"),
    ({"slurm": {"reserved_states": ["BOOKED"]}}, "slurm.reserved_states", "'BOOKED'"),
])
def test_new_keys_reject_bad_values(raw, key, words):
    with pytest.raises(SchedulerConfigError) as exc:
        validate_config(raw)
    assert exc.value.key == key and words in str(exc.value)


@pytest.mark.parametrize("raw, key", [
    ({"chunking": {"size": "abc"}}, "chunking.size"),
    ({"chunking": {"size": "-1"}}, "chunking.size"),
    ({"chunking": {"node_selection": "roundrobin"}}, "chunking.node_selection"),
    ({"chunking": {"extra": "keep"}}, "chunking.extra"),
    ({"nodes": "0"}, "nodes"),
    ({"nodes": "150%"}, "nodes"),
    ({"nodes": "x%"}, "nodes"),
    ({"tasks_per_node": "0"}, "tasks_per_node"),
    ({"min_tasks_per_node": "all"}, "min_tasks_per_node"),
    ({"time_limit": "0"}, "time_limit"),
    ({"node_state": "down"}, "node_state"),
    ({"share_allocation": "perhaps"}, "share_allocation"),
    ({"cluster_info": {"mem": "lots"}}, "cluster_info.mem"),
    ({"mpirun_opts": {"bind_to": "thread"}}, "mpirun_opts.bind_to"),
    ({"slurm": {"mpi_cmd": "aprun"}}, "slurm.mpi_cmd"),
    ({"slurm": {"features": ["a b"]}}, "slurm.features"),
    ({"exclude_nodes": ["n[1-x]"]}, "exclude_nodes"),
    ({"chunking": "4"}, "chunking"),
    ({"bogus": "1"}, "bogus"),
    ({"chunking": {"sise": "4"}}, "chunking.sise"),
])
def test_errors_name_full_key_value_and_allowed(raw, key):
    with pytest.raises(SchedulerConfigError) as exc:
        validate_config(raw)
    err = exc.value
    assert isinstance(err, ValueError)
    assert err.key == key
    assert f"'{key}'" in str(err)
    assert err.allowed and err.allowed in str(err)
    assert repr(err.value) in str(err)
    assert "{}" not in str(err)


def test_hostlist_error_reaches_config_error():
    with pytest.raises(SchedulerConfigError) as exc:
        validate_config({"include_nodes": ["n[1-2", "m1"]})
    assert "never closed" in str(exc.value) and "position 1" in str(exc.value)


def test_plugin_sections():
    def parse_level(value):
        if value not in ("low", "high"):
            raise ValueError("must be low or high")
        return value
    sections = {"myplug": {"level": ("low", parse_level, "'low', 'high'")}}
    assert validate_config({}, sections)["myplug"] == {"level": "low"}
    assert validate_config({"myplug": {"level": "high"}}, sections)["myplug"]["level"] == "high"
    with pytest.raises(SchedulerConfigError) as exc:
        validate_config({"myplug": {"level": "mid"}}, sections)
    assert exc.value.key == "myplug.level"


# ----------------------------------------------------------------- node range

@pytest.mark.parametrize("raw, count, expected", [
    ({}, 10, (1, 1)),
    ({"nodes": "5"}, 3, (5, 5)),              # ints as written; callers report
    ({"nodes": "50%"}, 5, (3, 3)),            # ceil, like Pavilion
    ({"nodes": "1%"}, 5, (1, 1)),             # at least one
    ({"nodes": "all"}, 7, (7, 7)),
    ({"nodes": "all"}, 0, (1, 1)),
    ({"nodes": "all", "min_nodes": "50%"}, 7, (4, 7)),
    ({"nodes": "10", "min_nodes": "2"}, 20, (2, 10)),
    ({"nodes": "10", "min_nodes": "0"}, 20, (10, 10)),
    ({"tasks": "8"}, 20, (1, None)),           # Slurm picks the count
    ({"tasks": "8", "min_nodes": "50%"}, 20, (10, None)),
    ({"tasks": "8", "nodes": "all"}, 20, (20, 20)),
    ({"tasks": "8", "nodes": "4", "min_nodes": "2"}, 20, (2, 4)),
])
def test_calc_node_range(raw, count, expected):
    assert calc_node_range(validate_config(raw), count) == expected
