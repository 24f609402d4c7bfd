"""pyslurm.schedulers.pipeline on synthetic inventories (no cluster)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyslurm.schedulers.config import validate_config
from pyslurm.schedulers.pipeline import (
    ChunkStore, PipelineError, build_node_info, chunk_group_id, deal_nodes, filter_nodes,
    group_reasons, least_used_chunk, make_chunks, node_list_id, node_range_errors,
    node_state_flags, pick_chunk, plan_chunk, sample, select_distributed, select_rand_dist,
    share_key,
)


def inv(n, **extra):
    """n idle nodes cn1..cnN in partition 'batch'."""
    return {f"cn{i}": dict({"name": f"cn{i}", "states": ["IDLE"], "cpus": 8, "mem": 2**35,
                            "partitions": ["batch"], "reservations": [], "features": []},
                           **extra) for i in range(1, n + 1)}


NODES10 = [f"n{i}" for i in range(1, 11)]


# ----------------------------------------------------------------- node states

@pytest.mark.parametrize("states, flags", [
    (["IDLE"], (True, True)),
    (["MIXED"], (True, False)),                 # Pavilion: counted as down
    (["ALLOCATED"], (True, False)),
    (["ALLOCATED", "COMPLETING"], (True, False)),
    (["IDLE", "PLANNED"], (True, False)),
    (["IDLE", "DYNAMIC_NORM"], (True, True)),
    (["IDLE", "MAINTENANCE"], (True, True)),
    (["IDLE", "RESERVED"], (True, True)),
    (["IDLE~"], (True, True)),                  # suffix marker ignored
    (["IDLE", "POWERED_DOWN"], (True, False)),
    (["IDLE", "DRAIN"], (False, False)),
    (["MIXED", "DRAIN"], (False, False)),
    (["DOWN*"], (False, False)),
    (["IDLE", "NOT_RESPONDING"], (False, False)),
    (["FUTURE"], (False, False)),
    ([], (False, False)),
])
def test_node_state_flags(states, flags):
    assert node_state_flags(states) == flags


def test_node_state_flags_explicit_lists_accept_any_name():
    assert node_state_flags(["MIXED", "DYNAMIC_NORM"], up_states=["MIXED", "DYNAMIC_NORM"],
                            avail_states=["MIXED", "DYNAMIC_NORM"]) == (True, True)
    assert node_state_flags(["IDLE", "NOT_RESPONDING"],
                            up_states=["IDLE", "NOT_RESPONDING"]) == (True, False)


# ----------------------------------------------------------------- filter

def test_mixed_node_is_up_not_available():
    nodes = inv(3)
    nodes["cn2"]["states"] = ["MIXED"]
    kept, dropped = filter_nodes(nodes, validate_config({}))
    assert kept == ["cn1", "cn2", "cn3"] and dropped == {}
    kept, dropped = filter_nodes(nodes, validate_config({"node_state": "available"}))
    assert kept == ["cn1", "cn3"] and dropped == {"cn2": "not available"}


def test_filter_natural_order():
    nodes = inv(12)
    kept, _ = filter_nodes(dict(reversed(list(nodes.items()))), validate_config({}))
    assert kept == [f"cn{i}" for i in range(1, 13)]     # cn2 before cn10


def test_filter_order_and_reasons():
    nodes = inv(9)
    nodes["cn1"]["states"] = ["DOWN"]
    nodes["cn1"]["partitions"] = ["other"]           # down wins over partition
    nodes["cn2"]["states"] = ["ALLOCATED"]
    nodes["cn3"]["partitions"] = ["other"]
    nodes["cn4"]["reservations"] = ["resA"]
    nodes["cn5"]["features"] = ["ib"]
    nodes["cn6"]["features"] = ["gpu-a100"]
    nodes["cn7"]["features"] = ["gpu-h100", "ib"]
    cfg = validate_config({"partition": "batch", "node_state": "available",
                           "exclude_nodes": ["cn8"], "across_nodes": ["cn[2-8]"],
                           "slurm": {"features": ["gpu-a100|gpu-h100"]}})
    kept, dropped = filter_nodes(nodes, cfg)
    assert kept == ["cn6", "cn7"]                       # feature names with '-' work
    assert dropped == {
        "cn1": "not up",
        "cn2": "not available",
        "cn3": "partition 'batch' not in ['other']",
        "cn4": "in reservation(s) ['resA'] and no schedule.reservation given",
        "cn5": "missing required feature 'gpu-a100|gpu-h100'",
        "cn8": "excluded",
        "cn9": "not in across_nodes list",
    }
    assert group_reasons(dropped)["not up"] == ["cn1"]


def test_filter_reservation():
    nodes = inv(3)
    nodes["cn1"]["reservations"] = ["resA"]
    kept, dropped = filter_nodes(nodes, validate_config({"reservation": "resA"}))
    assert kept == ["cn1"]
    assert dropped["cn2"] == "reservation 'resA' not in []"
    kept, _ = filter_nodes(nodes, validate_config({"reservation": "any"}))
    assert kept == ["cn1", "cn2", "cn3"]


def test_filter_uses_up_available_keys_when_given():
    nodes = {"a": {"up": True, "available": False}, "b": {"up": False}}
    assert filter_nodes(nodes, validate_config({}))[0] == ["a"]


def test_node_state_flags_avail_states_alone():
    # up by the built-in rules, available only if every state is listed
    assert node_state_flags(["IDLE", "MAINTENANCE"], avail_states=["IDLE"]) == (True, False)
    assert node_state_flags(["MIXED"], avail_states=["IDLE", "MIXED"]) == (True, True)
    assert node_state_flags(["DOWN"], avail_states=["DOWN"]) == (False, False)


@pytest.mark.parametrize("precomputed", [False, True])
def test_avail_states_alone_is_applied(precomputed):
    """slurm.avail_states without slurm.up_states used to be ignored: a node
    up but in a state not listed as available was kept."""
    nodes = inv(3)
    nodes["cn1"]["states"] = ["IDLE", "MAINTENANCE"]   # built-in rules: available
    nodes["cn2"]["states"] = ["MIXED"]                 # built-in rules: busy
    if precomputed:              # records as the Slurm plugin makes them
        for node in nodes.values():
            node["up"], node["available"] = node_state_flags(node["states"])
    cfg = validate_config({"node_state": "available",
                           "slurm": {"avail_states": ["IDLE", "MIXED"]}})
    kept, dropped = filter_nodes(nodes, cfg)
    assert kept == ["cn2", "cn3"] and dropped == {"cn1": "not available"}
    # node_state 'up' does not ask for availability: all three are kept
    cfg = validate_config({"slurm": {"avail_states": ["IDLE"]}})
    assert filter_nodes(nodes, cfg)[0] == ["cn1", "cn2", "cn3"]


def test_avail_states_alone_keeps_the_records_up_verdict():
    # a record may know more than its states (the Slurm plugin's daemon-less
    # CLOUD node): avail_states alone does not make it up again
    nodes = {"x1": {"states": ("IDLE", "CLOUD"), "up": False, "available": False,
                    "partitions": (), "reservations": ()}}
    cfg = validate_config({"node_state": "available",
                           "slurm": {"avail_states": ["IDLE", "CLOUD"]}})
    assert filter_nodes(nodes, cfg) == ([], {"x1": "not up"})


def test_reserved_states_drop_nodes_unless_a_reservation_is_given():
    nodes = inv(4)
    nodes["cn1"]["states"] = ["IDLE", "RESERVED"]      # e.g. 22.05: no reservation list
    nodes["cn2"]["states"] = ["IDLE", "MAINTENANCE"]
    nodes["cn3"]["states"] = ["IDLE", "RESERVED"]
    nodes["cn3"]["reservations"] = ["resA"]            # the reservation is named first
    kept, dropped = filter_nodes(nodes, validate_config({}))
    assert kept == ["cn2", "cn4"]
    assert dropped == {
        "cn1": "in state(s) ['RESERVED'] (slurm.reserved_states) and no "
               "schedule.reservation given",
        "cn3": "in reservation(s) ['resA'] and no schedule.reservation given"}
    # any reservation given lifts the state check (Pavilion's meaning)
    assert filter_nodes(nodes, validate_config({"reservation": "any"}))[0] == \
        ["cn1", "cn2", "cn3", "cn4"]
    kept, dropped = filter_nodes(nodes, validate_config({"reservation": "resA"}))
    assert kept == ["cn3"]
    # other states can be reserved ones
    cfg = validate_config({"slurm": {"reserved_states": ["MAINTENANCE"]}})
    kept, dropped = filter_nodes(nodes, cfg)
    assert kept == ["cn1", "cn4"] and "['MAINTENANCE']" in dropped["cn2"]


def test_reserved_states_join_explicit_lists_with_a_reservation():
    nodes = inv(2)
    nodes["cn1"]["states"] = ("IDLE", "RESERVED")
    lists = {"up_states": ["IDLE"], "avail_states": ["IDLE"]}
    kept, dropped = filter_nodes(nodes, validate_config({"slurm": lists}))
    assert kept == ["cn2"] and dropped == {"cn1": "not up"}
    cfg = validate_config({"reservation": "any", "node_state": "available",
                           "slurm": lists})
    assert filter_nodes(nodes, cfg) == (["cn1", "cn2"], {})


def test_filter_multiple_feature_groups_are_anded():
    nodes = inv(2)
    nodes["cn1"]["features"] = ["a"]
    nodes["cn2"]["features"] = ["a", "b"]
    kept, dropped = filter_nodes(nodes, validate_config({"slurm": {"features": ["a", "b"]}}))
    assert kept == ["cn2"] and dropped == {"cn1": "missing required feature 'b'"}


def test_build_node_info_empty_reservation_is_harmless():
    nodes = build_node_info([{"name": "n10"}, {"name": "n2"}, {"name": "n1"}],
                            {"empty": "", "none": None, "r1": "n[1-2]", "r2": ["n10"]})
    assert list(nodes) == ["n1", "n2", "n10"]
    assert nodes["n1"]["reservations"] == ["r1"] and nodes["n10"]["reservations"] == ["r2"]


def test_node_range_errors_name_values():
    nodes = inv(3)
    nodes["cn3"]["states"] = ["DOWN"]
    cfg = validate_config({"nodes": "5", "include_nodes": ["cn3"]})
    kept, dropped = filter_nodes(nodes, cfg)
    errors = node_range_errors(cfg, kept, dropped)
    assert any("include node 'cn3'" in e and "not up" in e for e in errors)
    assert any("insufficient nodes: asked for 5-5, but only 2" in e and "cn3" in e
               for e in errors)
    assert not any("{}" in e for e in errors)
    cfg = validate_config({"nodes": "2", "min_nodes": "3"})
    assert any("min_nodes (3) is more than schedule.nodes (2)" in e
               for e in node_range_errors(cfg, ["a", "b", "c"], {}))


# ----------------------------------------------------------------- selection arithmetic

def test_node_range_errors_for_a_job_sized_by_tasks():
    cfg = validate_config({"tasks": "64"})
    assert node_range_errors(cfg, ["a"], {}) == []        # no maximum to compare with
    cfg = validate_config({"tasks": "64", "min_nodes": "3", "include_nodes": "a,b"})
    errors = node_range_errors(cfg, ["a", "b"], {"c": "not up"})
    assert len(errors) == 1
    assert errors[0].startswith("insufficient nodes: asked for at least 3, but only 2")


def test_selection_arithmetic_matches_pavilion():
    assert select_distributed(NODES10, 3, random.Random(0)) == ["n1", "n4", "n7"]
    rng = random.Random(5)
    picked = select_rand_dist(NODES10, 3, rng)
    # one node from each segment of len//size = 3 nodes
    for i, node in enumerate(picked):
        assert node in NODES10[i * 3:i * 3 + 3]


def test_contiguous_chunks_and_backfill_from_last_chunk():
    assert make_chunks(NODES10, 4) == [["n1", "n2", "n3", "n4"], ["n5", "n6", "n7", "n8"],
                                       ["n5", "n6", "n9", "n10"]]
    assert make_chunks(NODES10, 4, extra="discard") == [["n1", "n2", "n3", "n4"],
                                                        ["n5", "n6", "n7", "n8"]]


def test_distributed_chunks_match_pavilion():
    # Pavilion: range(len//size) rounds computed once; each round picks every
    # (len(pool)//size)-th node of what is left; backfill from the last chunk.
    assert make_chunks(NODES10, 3, "distributed") == [
        ["n1", "n4", "n7"], ["n2", "n5", "n8"], ["n3", "n6", "n9"], ["n3", "n6", "n10"]]


@pytest.mark.parametrize("method", ["contiguous", "distributed", "random", "rand_dist"])
@pytest.mark.parametrize("size", [1, 3, 4, 10, 0.5])
@pytest.mark.parametrize("extra", ["backfill", "discard"])
def test_chunk_invariants(method, size, extra):
    chunks = make_chunks(NODES10, size, method, extra)
    want = int(10 * size) if isinstance(size, float) else size
    assert all(len(c) == want for c in chunks)
    assert all(len(set(c)) == len(c) for c in chunks)
    full = 10 // want
    # the full chunks never overlap and come from the node list
    flat = [n for c in chunks[:full] for n in c]
    assert len(flat) == len(set(flat)) == full * want
    if extra == "backfill":
        assert set().union(*map(set, chunks)) == set(NODES10)
        assert len(chunks) == full + (1 if 10 % want else 0)
    else:
        assert len(chunks) == full


@pytest.mark.parametrize("size", [0, None, 1.0, 11, 100])
def test_chunk_size_zero_all_or_too_big_is_one_chunk(size):
    assert make_chunks(NODES10, size) == [NODES10]


def test_no_nodes_gives_one_empty_chunk():
    assert make_chunks([], 4) == [[]]


def test_random_chunks_are_reproducible():
    a = make_chunks(NODES10, 3, "random")
    b = make_chunks(NODES10, 3, "random")
    assert a == b
    c = make_chunks(NODES10, 3, "random", rng=random.Random(1))
    d = make_chunks(NODES10, 3, "random", rng=random.Random(1))
    assert c == d
    seen = {tuple(map(tuple, make_chunks(NODES10, 3, "random", rng=random.Random(s))))
            for s in range(10)}
    assert len(seen) > 1      # the rng really is used
    # the module-level random state is not consumed
    random.seed(123)
    x = random.random()
    random.seed(123)
    make_chunks(NODES10, 3, "rand_dist")
    assert random.random() == x


def test_include_nodes_in_every_chunk_without_short_chunks():
    chunks = make_chunks(NODES10, 4, include_nodes=["n10"])
    assert all("n10" in c for c in chunks)
    assert all(len(c) == 4 for c in chunks)       # backfilled one too
    assert chunks == [["n1", "n2", "n3", "n10"], ["n4", "n5", "n6", "n10"],
                      ["n7", "n8", "n9", "n10"]]
    chunks = make_chunks(NODES10, 5, include_nodes=["n1", "n2"])
    assert all(len(c) == 5 and {"n1", "n2"} <= set(c) for c in chunks)
    # pool n3..n10 in chunks of 3 + the include nodes; n9, n10 left over are
    # topped up with the first node of the last chunk's selection (n6)
    assert chunks[-1] == ["n1", "n2", "n6", "n9", "n10"]


def test_include_nodes_as_large_as_chunk_is_clear_error():
    with pytest.raises(PipelineError, match=r"2 schedule.include_nodes but chunking.size is 2"):
        make_chunks(NODES10, 2, include_nodes=["n1", "n2"])


def test_filtered_include_node_is_error_not_in_chunk():
    with pytest.raises(PipelineError, match=r"\['n99'\]"):
        make_chunks(NODES10, 4, include_nodes=["n99"])


def test_include_nodes_with_all_nodes_chunk():
    assert make_chunks(NODES10, 0, include_nodes=["n3"]) == [NODES10]


# ----------------------------------------------------------------- ids, store, pick

def test_node_list_id_stable():
    assert node_list_id(NODES10) == node_list_id(list(NODES10))
    assert node_list_id(NODES10) != node_list_id(NODES10[:-1])
    assert isinstance(node_list_id([]), int)


def test_chunk_store_recovers_chunk():
    cfg = validate_config({"chunking": {"size": "3", "node_selection": "random"}})
    store = ChunkStore()
    nid = store.add_node_list(NODES10)
    chunks = store.get_chunks(nid, cfg)
    assert store.get_chunks(nid, cfg) is chunks
    other = ChunkStore()
    other.add_node_list(NODES10)
    assert other.recover_chunk(nid, cfg, 2) == chunks[2]     # same in a fresh store
    assert chunk_group_id(nid, cfg, 10)[1] == 3
    with pytest.raises(PipelineError, match="unknown node_list_id"):
        store.get_chunks(42, cfg)


@pytest.mark.parametrize("bad", [3, -1, "x", 99])
def test_pick_chunk_bound_is_clear(bad):
    chunks = [["a"], ["b"], ["c"]]
    with pytest.raises(PipelineError) as exc:
        pick_chunk(chunks, bad)
    assert "0..2" in str(exc.value)


def test_pick_chunk_ok():
    assert pick_chunk([["a"], ["b"], ["c"]], "2") == ["c"]


def test_least_used_chunk():
    assert least_used_chunk(3, {}) == 0
    assert least_used_chunk(3, {0: 1}) == 1
    assert least_used_chunk(3, {0: 1, 1: 1, 2: 1}) == 0
    assert least_used_chunk(3, {0: 2, 1: 1, 2: 2}) == 1


# ----------------------------------------------------------------- dealing and plans

def test_deal_nodes_no_overlap():
    chunk = [f"n{i}" for i in range(1, 9)]
    dealt = deal_nodes(chunk, [2, 1, 3, 2])
    flat = [n for d in dealt for n in d]
    assert len(flat) == len(set(flat)) == 8
    assert [len(d) for d in dealt] == [2, 1, 3, 2]
    assert dealt[1] == ["n1"]            # smallest need served first


def test_deal_nodes_wraps_only_when_chunk_is_used_up():
    dealt = deal_nodes(["a", "b", "c"], [2, 2, 5])
    assert dealt == [["a", "b"], ["a", "b"], ["a", "b", "c"]]


def _tests(*raws):
    return [(f"t{i}", validate_config(raw)) for i, raw in enumerate(raws)]


def test_individual_tests_on_one_chunk_do_not_overlap():
    chunk = [f"n{i}" for i in range(1, 11)]
    raw = {"nodes": "2", "share_allocation": "false", "chunking": {"size": "10"}}
    plans = plan_chunk(chunk, _tests(raw, raw, raw, raw, raw))
    assert [p.kind for p in plans] == ["individual"] * 5
    flat = [n for p in plans for n in p.nodes]
    assert len(flat) == len(set(flat)) == 10


def test_sharing_requires_same_account_qos_constraints_extras():
    chunk = [f"n{i}" for i in range(1, 5)]
    base = {"nodes": "2", "chunking": {"size": "4"}}
    plans = plan_chunk(chunk, _tests(
        dict(base, account="a"), dict(base, account="a"), dict(base, account="b"),
        dict(base, account="a", qos="q"), dict(base, account="a", slurm={"features": ["x"]}),
        dict(base, account="a", slurm={"sbatch_extra": ["--exclusive"]}),
        dict(base, account="a", time_limit="5")))
    shared = [p for p in plans if p.kind == "shared"]
    assert len(shared) == 1
    assert shared[0].test_ids == ["t0", "t1", "t6"]
    assert shared[0].sched_config["account"] == "a"
    assert shared[0].sched_config["time_limit"] == 5           # largest of *its* group
    assert shared[0].nodes == ["n1", "n2"]
    alone = {p.test_ids[0]: p for p in plans if p.kind != "shared"}
    assert set(alone) == {"t2", "t3", "t4", "t5"}
    assert alone["t2"].sched_config["account"] == "b"
    assert alone["t3"].sched_config["qos"] == "q"


def test_share_key_differs_by_node_range():
    cfg = validate_config({})
    assert share_key(cfg, (1, 1)) != share_key(cfg, (2, 2))


def test_flex_and_binned_shared_plans():
    chunk = [f"n{i}" for i in range(1, 11)]
    plans = plan_chunk(chunk, _tests({"nodes": "3", "share_allocation": "false"}))
    assert plans[0].kind == "flex" and plans[0].nodes is None
    assert plans[0].node_range == (3, 3)
    # shared without chunking: spread over len(chunk)//max_nodes bins (Pavilion)
    raw = {"nodes": "5"}
    plans = plan_chunk(chunk, _tests(raw, raw, raw))
    assert [p.test_ids for p in plans] == [["t0", "t2"], ["t1"]]
    raw = {"nodes": "5", "share_allocation": "max"}
    plans = plan_chunk(chunk, _tests(raw, raw, raw))
    assert [p.test_ids for p in plans] == [["t0", "t1", "t2"]]


def test_plans_for_jobs_sized_by_tasks():
    chunk = [f"n{i}" for i in range(1, 11)]
    # flex: Slurm picks nodes and their count
    plans = plan_chunk(chunk, _tests({"tasks": "12", "share_allocation": "false"}))
    assert (plans[0].kind, plans[0].nodes, plans[0].node_range) == ("flex", None, (1, None))
    # shared without chunking: one job for the group (nothing to bin by)
    raw = {"tasks": "12"}
    plans = plan_chunk(chunk, _tests(raw, raw, raw))
    assert [(p.kind, p.test_ids, p.node_range) for p in plans] == \
        [("shared", ["t0", "t1", "t2"], (1, None))]
    # chunked: the pipeline picks the nodes, the whole chunk
    raw = {"tasks": "12", "chunking": {"size": "10"}}
    plans = plan_chunk(chunk, _tests(raw, raw))
    assert [(p.kind, p.nodes) for p in plans] == [("shared", chunk)]
    raw = dict(raw, share_allocation="false")
    plans = plan_chunk(chunk, _tests(raw))
    assert [(p.kind, p.nodes) for p in plans] == [("individual", chunk)]


def test_tests_with_other_tasks_or_core_spec_do_not_share():
    chunk = [f"n{i}" for i in range(1, 5)]
    base = {"nodes": "2", "chunking": {"size": "4"}}
    plans = plan_chunk(chunk, _tests(
        dict(base, tasks="4"), dict(base, tasks="4"), dict(base, tasks="8"),
        dict(base, tasks="4", core_spec="1"), dict(base, tasks="4", core_spec="1")))
    groups = sorted(p.test_ids for p in plans)
    assert groups == [["t0", "t1"], ["t2"], ["t3", "t4"]]


# --------------------------------------------------------------------------- sample

@settings(max_examples=400, deadline=None)
@given(n=st.integers(0, 3000), data=st.data(), seed=st.integers(0, 2**64))
def test_sample_is_random_sample(n, data, seed):
    """pipeline.sample picks what random.Random.sample picks and leaves the
    generator in the same state (both of its methods: pool and set)."""
    k = data.draw(st.integers(0, n))
    population = [f"n{i}" for i in range(n)]
    ours, theirs = random.Random(seed), random.Random(seed)
    assert sample(ours, population, k) == theirs.sample(population, k)
    assert ours.getstate() == theirs.getstate()


def test_sample_small_and_other_generators():
    for n in range(0, 40):
        for k in range(0, n + 1):
            ours, theirs = random.Random(n * 100 + k), random.Random(n * 100 + k)
            assert sample(ours, list(range(n)), k) == theirs.sample(list(range(n)), k)
    sysrand = random.SystemRandom()
    assert sorted(sample(sysrand, list(range(10)), 10)) == list(range(10))
    with pytest.raises(ValueError):
        sample(random.Random(1), [1, 2], 3)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 3000), data=st.data(), seed=st.integers(0, 2**64))
def test_rand_dist_is_randint_per_segment(n, data, seed):
    """select_rand_dist picks what one rng.randint per segment picks (as
    Pavilion's rand_dist does) and leaves the generator in the same state."""
    size = data.draw(st.integers(1, n))
    nodes = [f"n{i}" for i in range(n)]
    ours, theirs = random.Random(seed), random.Random(seed)
    step = n // size
    expected = [nodes[i * step + theirs.randint(0, step - 1)] for i in range(size)]
    assert select_rand_dist(nodes, size, ours) == expected
    assert ours.getstate() == theirs.getstate()


@pytest.mark.parametrize("method", ["contiguous", "distributed", "random", "rand_dist"])
@pytest.mark.parametrize("extra", ["backfill", "discard"])
def test_presorted_chunks_are_the_same(method, extra):
    nodes = [f"n{i}" for i in range(1, 38)]                     # natural order
    for size, include in ((5, ()), (0.2, ("n3", "n30")), (0, ())):
        args = (nodes, size, method, extra, include)
        assert make_chunks(*args, rng=random.Random(3), presorted=True) == \
            make_chunks(*args, rng=random.Random(3))
    inv = {n: {"up": True, "available": True, "partitions": ["p"], "reservations": []}
           for n in nodes}
    cfg = validate_config({"partition": "p"})
    assert filter_nodes(inv, cfg, presorted=True) == filter_nodes(inv, cfg)
    store = ChunkStore()
    nid = store.add_node_list(nodes, presorted=True)
    cfg = validate_config({"chunking": {"size": "4", "node_selection": method,
                                        "extra": extra}})
    other = ChunkStore()
    assert store.get_chunks(nid, cfg) == other.get_chunks(other.add_node_list(nodes), cfg)
