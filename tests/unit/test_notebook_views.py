"""pyslurm.notebook without a cluster: reasons in plain language and the
views rendered from plain rows (no Slurm call is made here)."""

import re
import xml.dom.minidom

import pytest

from pyslurm.notebook import REASONS, Snapshot, explain_reason, views

NOW = 1_800_000_000


def node(name, base="IDLE", flags=(), cpus=4, alloc=0, parts=("debug",), reason=None):
    return {"name": name, "base_state": base, "state_flags": list(flags),
            "state": "+".join([base, *flags]), "cpus": cpus, "allocated_cpus": alloc,
            "partitions": list(parts), "reason": reason, "real_memory": 4000,
            "allocated_memory": 0, "cpu_load": 0.5}


def job(job_id, state="RUNNING", user="alice", part="debug", reason=None, start=NOW - 600,
        prio=100, name=None, limit=10):
    return {"id": job_id, "name": name or f"j{job_id}", "user_name": user, "account": "a",
            "partition": part, "state": state, "state_reason": reason,
            "nodes": "c1" if state == "RUNNING" else None, "num_nodes": 1, "cpus": 2,
            "priority": prio, "submit_time": NOW - 900, "start_time": start,
            "end_time": None, "time_limit": limit, "exit_code": 0}


def snap(**kw):
    base = dict(cluster="t", taken=NOW,
                nodes=[node("c1", "MIXED", alloc=2, parts=("debug", "half")),
                       node("c2", "ALLOCATED", alloc=4),
                       node("c3", "IDLE", ("DRAIN", "DRAINED"), reason="disk <bad>"),
                       node("c4", "DOWN", ("NOT_RESPONDING",))],
                partitions=[{"name": "debug", "state": "UP", "total_cpus": 16,
                             "total_nodes": 4, "nodes": "c[1-4]", "is_default": True},
                            {"name": "half", "state": "UP", "total_cpus": 4,
                             "total_nodes": 1, "nodes": "c1", "is_default": False}],
                jobs=[job(1), job(2, "PENDING", "bob", "debug,half", "Resources", NOW + 300),
                      job(3, "PENDING", "bob", reason="AssocGrpCpuLimit", start=None,
                          prio=5),
                      job(4, "PENDING", reason="SomeNewReason", start=None, prio=1)])
    base.update(kw)
    return Snapshot(**base)


def test_reasons_in_plain_language():
    for code in ("Resources", "Priority", "Dependency", "DependencyNeverSatisfied",
                 "QOSMaxJobsPerUserLimit", "AssocGrpCpuLimit", "ReqNodeNotAvail",
                 "PartitionDown", "BeginTime", "JobHeldUser", "JobHeldAdmin",
                 "AssocGrpMemLimit", "QOSMaxCpuPerUserLimit", "QOSGrpNodeLimit"):
        text = explain_reason(code)
        assert text != code and text.endswith(".") and len(text) > 20, code
    assert "CPUs" in explain_reason("AssocGrpCpuLimit")
    assert "administrator" in explain_reason("JobHeldAdmin")
    assert explain_reason("SomethingSlurmAddsLater") == "SomethingSlurmAddsLater"
    assert explain_reason(None) is None
    # the limit families are put into words from their parts
    assert "CPU minutes of running jobs" in explain_reason("AssocGrpCPURunMinutesLimit")
    assert "one node" in explain_reason("QOSMaxMemoryPerNode")
    assert "allows one user" in explain_reason("QOSMaxNodePerUserLimit")
    assert explain_reason("QOSGrpFrobnicatorLimit") == "QOSGrpFrobnicatorLimit"
    # every reason pyslurm's Job.state_reason names has its sentence
    from pyslurm.flags import JOB_REASONS
    assert [r for r in JOB_REASONS.values() if r not in REASONS] == []


def test_node_state_and_colours():
    s = snap()
    assert [views.node_state(n) for n in s.nodes] == ["MIXED", "ALLOCATED", "DRAIN", "DOWN"]
    assert views.node_state(node("x", "IDLE", ("CLOUD", "POWERED_DOWN"))) == "POWERED_DOWN"
    assert views.node_state(node("x", "WEIRD")) == "UNKNOWN"


def test_node_groups():
    nodes = [node(f"r{i:03d}") for i in range(1, 70)] + [node("login")]
    racks = views.node_groups(nodes, "rack", rack_size=32)
    assert [len(v) for v in racks.values()] == [1, 31, 32, 6]
    assert sum(len(v) for v in racks.values()) == 70
    assert "r001 .. r031" in racks and "r032 .. r063" in racks and "login" in racks
    parts = views.node_groups(snap().nodes, "partition")
    assert [n["name"] for n in parts["half"]] == ["c1"]
    assert len(parts["debug"]) == 4
    assert list(views.node_groups(snap().nodes, "none")) == ["all nodes"]
    with pytest.raises(ValueError, match="group_by: 'cabinet'"):
        views.node_groups([], "cabinet")
    with pytest.raises(ValueError, match="rack_size: 0"):
        views.node_groups([], "rack", rack_size=0)


def test_node_map_cells_fill_and_hover():
    out = views.node_map(snap().nodes)
    cells = re.findall(r'<div title="([^"]*)" data-node="(c\d)"', out)
    # c1 is in two partitions, so it is drawn twice
    assert [c[1] for c in cells] == ["c1", "c2", "c3", "c4", "c1"]
    title = dict((n, t) for t, n in cells)
    assert "CPUs 2/4 allocated" in title["c1"] and "partitions debug,half" in title["c1"]
    assert "reason: disk &lt;bad&gt;" in title["c3"]        # escaped
    # filled from the bottom: 22 px cells, half of c1's CPUs allocated -> 11 px
    mixed = views.NODE_COLORS["MIXED"][0]
    assert re.search(rf'data-node="c1".*?height:11px;background:{mixed}', out)
    assert views.NODE_COLORS["DRAIN"][0] in out and views.NODE_COLORS["DOWN"][0] in out
    assert "<script" not in out


def test_partition_usage():
    rows = {r["name"]: r for r in views.partition_usage(snap())}
    assert rows["debug"]["cpus"] == 16 and rows["debug"]["allocated_cpus"] == 6
    assert rows["debug"]["percent"] == 37.5
    assert rows["debug"]["running"] == 1 and rows["debug"]["pending"] == 3
    assert rows["half"]["pending"] == 1          # job 2 asked for debug,half
    assert rows["debug"]["unavailable_nodes"] == 2
    assert "37.5 %" in views.partition_table(snap())


def test_queue_filters_sort_and_reasons():
    jobs = snap().jobs
    assert [r["id"] for r in views.queue_rows(jobs)] == [1, 2, 3, 4]      # priority
    assert [r["id"] for r in views.queue_rows(jobs, sort="id")] == [1, 2, 3, 4]
    assert [r["id"] for r in views.queue_rows(jobs, user="bob")] == [2, 3]
    assert [r["id"] for r in views.queue_rows(jobs, partition="half")] == [2]
    assert [r["id"] for r in views.queue_rows(jobs, state="pending", user=["alice"])] == [4]
    done = jobs + [job(5, "COMPLETED"), job(6, "FAILED", reason="NonZeroExitCode")]
    assert [r["id"] for r in views.queue_rows(done, state="active")] == [1, 2, 3, 4]
    assert [r["id"] for r in views.queue_rows(done, state="active,FAILED", sort="id")] == [
        1, 2, 3, 4, 6]
    rows = {r["id"]: r for r in views.queue_rows(jobs)}
    assert rows[2]["reason_text"] == REASONS["Resources"]
    assert rows[4]["reason_text"] == "SomeNewReason"
    assert rows[1]["reason_text"] is None
    with pytest.raises(ValueError, match="sort: 'age'"):
        views.queue_rows(jobs, sort="age")
    with pytest.raises(ValueError, match="user: 5"):
        views.queue_rows(jobs, user=5)
    table = views.queue_table(jobs, now=NOW)
    assert REASONS["Resources"] in table and 'title="AssocGrpCpuLimit"' in table
    assert "expected " in table                      # job 2's expected start
    assert "4 jobs" in table
    assert "showing 2 of 4 jobs" in views.queue_table(jobs, max_rows=2, now=NOW)
    assert "No jobs match." in views.queue_table(jobs, user="carol")
    evil = job(9, name="<img src=x onerror=alert(1)>")
    assert "<img" not in views.queue_table([evil], now=NOW)


def test_gantt_is_svg_with_a_bar_per_job():
    s = snap(finished=[{"id": 0, "name": "old", "user_name": "a", "account": "a",
                        "partition": "debug", "state": "FAILED", "nodelist": "c2",
                        "cpus": 1, "start_time": NOW - 3000, "end_time": NOW - 2000,
                        "exit_code": 3}])
    svg = views.gantt_svg(s, now=NOW)
    assert svg.startswith("<svg")
    xml.dom.minidom.parseString(svg)                 # well-formed
    labels = re.findall(r"<!-- (\d+ \w+) -->", svg)
    assert labels == ["0 old", "1 j1", "2 j2"], labels   # finished, running, pending
    empty = views.gantt_svg(snap(jobs=[]), now=NOW)
    assert "Nothing to draw" in empty


def test_statistics_and_usage_without_data_say_why():
    s = snap(statistics_error="Unable to contact slurm controller")
    assert "could not be read: Unable to contact" in views.statistics_table(s)
    s = snap(accounting_error="this cluster has no accounting")
    assert "needs accounting: this cluster has no accounting" in views.usage_table(s)
    assert "need accounting" in views.finished_table(s)


def test_page_is_self_contained():
    out = views.page(snap(), title="Test <page>")
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out and " on" not in out.replace(" onerror", "")
    assert not re.search(r'(?:href|src)="(?!#)', out)     # only links inside the page
    assert "<title>Test &lt;page&gt;</title>" in out
    for section in ("Nodes", "Partitions", "Queue", "Timeline", "Scheduler statistics",
                    "Usage per account"):
        assert f">{section}</h2>" in out


def test_page_sections():
    out = views.page(snap(), sections=["Queue"])
    assert ">Queue</h2>" in out and ">Nodes</h2>" not in out
    with pytest.raises(ValueError, match="sections: \\['Racks'\\]"):
        views.page(snap(), sections=["Racks"])
