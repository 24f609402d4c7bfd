"""Plugin base classes, the advanced plugin flow on a synthetic inventory, registry."""

from pathlib import Path

import pytest

from pyslurm.schedulers import registry
from pyslurm.schedulers import (
    SCHED_ERROR, SCHED_RUNNING, SCHEDULED, UNKNOWN, Inventory, JobStatus, KickoffScriptHeader,
    SchedulerConfigError, SchedulerPluginAdvanced, SchedulerPluginError, SlurmVars, TestSpec,
    get_plugin, list_plugins, register_plugin, unregister_plugin,
)


class Header(KickoffScriptHeader):
    def _kickoff_lines(self):
        nodes = ",".join(self._nodes) if self._nodes is not None else f"{self._node_range}"
        return [f"#FAKE --job-name {self._job_name}", f"#FAKE --nodes {nodes}"]


class SyntheticInventory:
    def __init__(self, n):
        self.n = n

    def fetch_node_info(self):
        return {f"cn{i}": {"name": f"cn{i}", "states": ["IDLE"], "cpus": 4 + i % 2,
                           "mem": 2**34, "partitions": ["batch"], "reservations": [],
                           "features": ["ib"] if i % 2 else []}
                for i in range(self.n, 0, -1)}


class Fake(SchedulerPluginAdvanced):
    VAR_CLASS = SlurmVars
    KICKOFF_SCRIPT_HEADER_CLASS = Header

    def __init__(self, inventory, name="fake", priority=SchedulerPluginAdvanced.PRIO_COMMON):
        super().__init__(name, "synthetic", priority)
        self.inv = inventory
        self.jobs = []
        self.states = {}
        self.alloc = []

    def _available(self):
        return True

    def _fetch_node_info(self):
        return self.inv.fetch_node_info()

    def _kickoff(self, job):
        self.jobs.append(job)
        return {"id": str(len(self.jobs)), "sys_name": "synthetic"}

    def _refresh_job_statuses(self, infos):
        return {i["id"]: self.states.get(i["id"]) for i in infos}

    def cancel(self, job_info):
        self.states[job_info["id"]] = JobStatus("SCHED_CANCELLED", "cancelled")
        return None

    def _get_alloc_nodes(self):
        return list(self.alloc)


def test_inventory_protocol():
    assert isinstance(SyntheticInventory(3), Inventory)


def test_initial_vars_filter_chunks_natural_order():
    plug = Fake(SyntheticInventory(12))
    v = plug.get_initial_vars({"chunking": {"size": "4"}, "tasks_per_node": "all"})
    assert v["node_list"] == [f"cn{i}" for i in range(1, 13)]
    assert v["chunk_ids"] == [0, 1, 2]
    assert v["min_cpus"] == 4 and v["tasks_per_node"] == 4
    assert isinstance(v["node_list_id"], int)
    assert plug.chunk_store.recover_chunk(v["node_list_id"], plug.validate(
        {"chunking": {"size": "4"}}), 1) == ["cn5", "cn6", "cn7", "cn8"]
    assert v["errors"] == []


def test_inventory_is_a_read_only_snapshot_in_natural_order():
    fetched = SyntheticInventory(12).fetch_node_info()          # cn12 ... cn1
    plug = Fake(SyntheticInventory(12))
    plug._fetch_node_info = lambda: fetched
    inv = plug.inventory()
    assert list(inv) == [f"cn{i}" for i in range(1, 13)]
    with pytest.raises(TypeError):
        inv["cn99"] = {"name": "cn99"}
    fetched["cn0"] = {"name": "cn0", "states": ["IDLE"]}        # the source changes
    assert "cn0" not in inv and "cn0" not in plug.filter(plug.validate({}))[0]
    assert dict(inv)["cn1"]["cpus"] == 5


def test_initial_vars_report_errors_with_values():
    plug = Fake(SyntheticInventory(4))
    v = plug.get_initial_vars({"nodes": "9", "include_nodes": ["cn[1-2]"],
                               "chunking": {"size": "2"}})
    errors = "\n".join(v["errors"])
    assert "asked for 9-9, but only 4" in errors
    assert "2 schedule.include_nodes but chunking.size is 2" in errors
    with pytest.raises(SchedulerConfigError):
        plug.get_initial_vars({"chunking": {"size": "two"}})


def test_filter_custom_hook():
    class NoOdd(Fake):
        def _filter_custom(self, cfg, name, node):
            return "odd" if int(name[2:]) % 2 else None
    kept, dropped = NoOdd(SyntheticInventory(4)).filter(NoOdd(SyntheticInventory(4))
                                                         .validate({}))
    assert kept == ["cn2", "cn4"] and dropped == {"cn1": "odd", "cn3": "odd"}


def test_schedule_individual_tests_do_not_overlap(tmp_path):
    plug = Fake(SyntheticInventory(8))
    raw = {"nodes": "2", "share_allocation": "false", "chunking": {"size": "8"}}
    tests = [TestSpec(f"t{i}", f"t{i}", raw, f"echo {i}", chunk=0) for i in range(4)]
    infos = plug.schedule_tests(tests, tmp_path)
    assert len({i["id"] for i in infos.values()}) == 4
    picked = [n for job in plug.jobs for n in job.nodes]
    assert len(picked) == len(set(picked)) == 8
    job = plug.jobs[0]
    script = job.script_path.read_text()
    assert script.startswith("#!/bin/bash\n#FAKE --job-name fake_t")
    assert f"#FAKE --nodes {','.join(job.nodes)}" in script
    assert f"echo {job.tests[0].test_id[1:]}" in script
    assert f'echo "Starting test "{job.tests[0].test_id}' in script
    assert (job.job_dir / "sched_data.json").exists()


def test_schedule_any_spreads_over_chunks_and_shares(tmp_path):
    plug = Fake(SyntheticInventory(8))
    raw = {"nodes": "all", "chunking": {"size": "4"}, "account": "a"}
    tests = [TestSpec(f"t{i}", f"t{i}", raw, "true") for i in range(4)]
    tests.append(TestSpec("t9", "t9", dict(raw, account="b"), "true"))
    infos = plug.schedule_tests(tests, tmp_path)
    # t0,t2 -> chunk 0 shared; t1,t3 -> chunk 1 shared; t9 (other account) alone
    assert infos["t0"] == infos["t2"] and infos["t1"] == infos["t3"]
    assert infos["t0"] != infos["t1"] and infos["t9"] not in (infos["t0"], infos["t1"])
    kinds = sorted(job.kind for job in plug.jobs)
    assert kinds == ["individual", "shared", "shared"]
    shared = [job for job in plug.jobs if job.kind == "shared"]
    assert {tuple(job.nodes) for job in shared} == {("cn1", "cn2", "cn3", "cn4"),
                                                    ("cn5", "cn6", "cn7", "cn8")}
    assert all(job.sched_config["account"] == "a" for job in shared)


def test_schedule_chunk_out_of_range_is_clear(tmp_path):
    plug = Fake(SyntheticInventory(8))
    with pytest.raises(SchedulerPluginError, match=r"chunk 2 does not exist.*0\.\.1"):
        plug.schedule_tests([TestSpec("t", "t", {"chunking": {"size": "4"}}, "true",
                                      chunk=2)], tmp_path)
    assert plug.jobs == []


def test_flex_job_gets_node_range(tmp_path):
    plug = Fake(SyntheticInventory(8))
    plug.schedule_tests([TestSpec("t", "t", {"nodes": "50%"}, "true")], tmp_path)
    (job,) = plug.jobs
    assert job.kind == "flex"
    assert job.nodes is None and job.node_range == (4, 4)
    assert "#FAKE --nodes (4, 4)" in job.script_path.read_text()


def test_final_vars_from_saved_node_data(tmp_path):
    plug = Fake(SyntheticInventory(8))
    raw = {"nodes": "2", "chunking": {"size": "4"}, "share_allocation": "false",
           "tasks_per_node": "all"}
    info = plug.schedule_tests([TestSpec("t", "t", raw, "true", chunk=1)], tmp_path)["t"]
    job = plug.jobs[0]
    plug.alloc = job.nodes
    v = plug.get_final_vars(raw, job_dir=Path(info["job_dir"]))
    assert v["test_node_list"] == ["cn5", "cn6"]
    assert v["test_min_cpus"] == 4 and v["tasks_total"] == 8
    assert v["test_cmd"] == "srun -N 2 -w cn[5-6] -n 8"


def test_final_vars_from_environment(tmp_path, monkeypatch):
    plug = Fake(SyntheticInventory(4))
    info = plug.schedule_tests([TestSpec("t", "t", {"chunking": {"size": "2"}}, "true")],
                               tmp_path)["t"]
    monkeypatch.setenv("PYSLURM_SCHED_JOB_DIR", info["job_dir"])
    plug.alloc = plug.jobs[0].nodes
    assert plug.get_final_vars({})["test_nodes"] == 1


def test_status_cache_and_one_refresh(tmp_path):
    plug = Fake(SyntheticInventory(4))
    infos = plug.schedule_tests([TestSpec(f"t{i}", f"t{i}", {"share_allocation": "false",
                                                              "chunking": {"size": "1"}},
                                          "true") for i in range(3)], tmp_path)
    plug.states = {"1": JobStatus(SCHEDULED, "pending"), "2": JobStatus(SCHED_RUNNING, "run")}
    plug.JOB_STATUS_TIMEOUT = 60
    assert plug.job_status(infos["t0"]).state == SCHEDULED
    assert plug.job_status(infos["t1"]).state == SCHED_RUNNING
    assert plug.job_status(infos["t2"]).state == UNKNOWN
    assert plug.refresh_calls == 1
    plug.states["1"] = JobStatus(SCHED_ERROR, "timeout")
    assert plug.job_status(infos["t0"]).state == SCHEDULED          # cached
    plug.JOB_STATUS_TIMEOUT = 0
    assert plug.job_status(infos["t0"]).state == SCHED_ERROR
    assert plug.refresh_calls == 2


def test_kickoff_without_id_is_an_error(tmp_path):
    class NoId(Fake):
        def _kickoff(self, job):
            return {"pid": 1}
    with pytest.raises(SchedulerPluginError, match="without an 'id'"):
        NoId(SyntheticInventory(2)).schedule_tests([TestSpec("t", "t", {}, "true")], tmp_path)


# ----------------------------------------------------------------- registry

@pytest.fixture
def clean_registry():
    saved = dict(registry._PLUGINS), registry._DISCOVERED
    yield
    registry._PLUGINS.clear()
    registry._PLUGINS.update(saved[0])
    registry._DISCOVERED = saved[1]


def test_register_priority_and_clash(clean_registry):
    low = Fake(SyntheticInventory(1), name="synth", priority=0)
    assert register_plugin(low) is low

    class Other(Fake):
        pass
    high = Other(SyntheticInventory(1), name="synth", priority=20)
    assert register_plugin(high) is high
    assert register_plugin(Fake(SyntheticInventory(1), name="synth", priority=5)) is high
    with pytest.raises(SchedulerPluginError, match="two scheduler plugins named 'synth'"):
        class Third(Fake):
            pass
        register_plugin(Third(SyntheticInventory(1), name="synth", priority=20))
    assert get_plugin("synth") is high
    unregister_plugin("synth")
    with pytest.raises(KeyError, match="no scheduler plugin 'synth'"):
        get_plugin("synth")


def test_entry_point_discovery(clean_registry, monkeypatch):
    class EP:
        name, value, group = "synth2", "tests:Synth", registry.ENTRY_POINT_GROUP

        def load(self):
            class Synth(Fake):
                def __init__(self):
                    super().__init__(SyntheticInventory(1), name="synth2")
            return Synth

    import importlib.metadata as md
    calls = []

    def fake_entry_points(group=None):
        calls.append(group)
        return [EP()]
    monkeypatch.setattr(md, "entry_points", fake_entry_points)
    names = registry.discover_plugins(force=True)
    assert calls == ["pyslurm.schedulers"]
    assert "synth2" in names and "raw" in names
    assert "synth2" in list_plugins()


def test_broken_entry_point_is_reported(clean_registry, monkeypatch):
    class EP:
        name, value = "broken", "nowhere:Nothing"

        def load(self):
            raise ImportError("No module named 'nowhere'")
    import importlib.metadata as md
    monkeypatch.setattr(md, "entry_points", lambda group=None: [EP()])
    with pytest.raises(SchedulerPluginError, match="broken.*nowhere"):
        registry.discover_plugins(force=True)


def test_guide_example_runs(clean_registry):
    guide = Path(__file__).resolve().parents[2] / "docs" / "guides" / "scheduler-plugins.md"
    text = guide.read_text()
    blocks = text.split("```python\n")[1:]
    namespace = {}
    for block in blocks:
        exec(compile(block.split("```")[0], str(guide), "exec"), namespace)
    assert namespace["toy"].name == "toy"
    assert namespace["Mine"]().validate({"mine": {"level": "HIGH"}})["mine"] == {"level": "high"}


def test_untrack(tmp_path):
    plug = Fake(SyntheticInventory(2))
    info = plug.schedule_tests([TestSpec("t", "t", {}, "true")], tmp_path)["t"]
    plug.job_status(info)
    plug.untrack(info)
    assert plug._tracked == {} and plug._job_statuses == {}


@pytest.mark.parametrize("module", ["pyslurm.schedulers", "pyslurm.schedulers.config",
                                    "pyslurm.schedulers.slurm_rules",
                                    "pyslurm.schedulers.nodelist",
                                    "pyslurm.schedulers.pipeline",
                                    "pyslurm.schedulers.variables"])
def test_docstring_examples_run(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_package_is_pure_python():
    import subprocess
    import sys
    code = ("import sys, pyslurm.schedulers, pyslurm.schedulers.raw; "
            "mods = [m for m, v in sys.modules.items() if m.startswith('pyslurm') and "
            "getattr(v, '__file__', '') and not v.__file__.endswith('.py')]; print(mods)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
