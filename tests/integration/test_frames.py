"""DataFrames on the real cluster: columns and dtypes of live and
accounting frames, and the load_fields path (no object per job)."""

import os
import subprocess
import time

import pandas as pd
import pytest

import pyslurm
from pyslurm import db, frames
from pyslurm.errors import RPCError
from pyslurm.testing import wait_for
from pyslurm.testing.pytest_plugin import unavailable

MANY = 300       # held jobs of the load_frame test (the 10,000-job figure: see the report)


@pytest.fixture(scope="module")
def held_jobs(slurm_cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("frames")
    desc = pyslurm.JobSubmitDescription(script="#!/bin/sh\ntrue\n", name="frame-held",
                                        hold=True, time_limit=9,
                                        standard_output=str(out / "%j.out"))
    ids = [desc.submit() for _ in range(MANY)]
    yield ids
    for job_id in ids:
        try:
            pyslurm.Job(job_id).cancel()
        except RPCError:
            pass


def test_nodes_frame_columns_dtypes_and_index(slurm_cluster):
    df = pyslurm.Nodes.load_frame()
    names = [n for (n,) in pyslurm.Nodes.load_fields(["name"], as_tuples=True)]
    assert list(df.index) == names and df.index.name == "name"
    assert list(df.columns) == frames.DEFAULT_FIELDS["node"][1:]
    for col in ("cpus", "alloc_cpus", "real_memory", "alloc_memory"):
        assert str(df.dtypes[col]) == "Int64", col
    assert isinstance(df.dtypes["state"], pd.CategoricalDtype)
    assert isinstance(df.dtypes["boot_time"], pd.DatetimeTZDtype)
    nodes = pyslurm.Nodes.load()
    for name in names:
        assert df.loc[name, "cpus"] == nodes[name].cpus
        assert df.loc[name, "real_memory"] == nodes[name].real_memory
        booted = nodes[name].boot_time          # None: a node never booted (CLOUD)
        if booted is None:
            assert pd.isna(df.loc[name, "boot_time"])
        else:
            assert df.loc[name, "boot_time"].timestamp() == booted
    objs = nodes.to_pandas()
    assert list(objs.columns) == list(df.columns)
    assert (objs.dtypes == df.dtypes).all()
    parts = pyslurm.Partitions.load_frame()
    assert set(parts.index) == set(pyslurm.Partitions.load().keys())
    assert pd.api.types.is_timedelta64_dtype(parts.dtypes["max_time"])


def test_jobs_frame_of_held_jobs(held_jobs):
    df = pyslurm.Jobs.load_frame()
    assert df.index.name == "id" and set(held_jobs) <= set(df.index)
    assert list(df.columns) == frames.DEFAULT_FIELDS["job"][1:]
    mine = df.loc[held_jobs]
    assert (mine["state"] == "PENDING").all() and (mine["name"] == "frame-held").all()
    assert (mine["time_limit"] == pd.Timedelta(minutes=9)).all()
    assert mine["start_time"].isna().all() or pd.api.types.is_datetime64_any_dtype(
        mine["start_time"])
    assert mine["end_time"].isna().all()
    now = pd.Timestamp.now(tz="UTC")
    assert ((now - mine["submit_time"]) < pd.Timedelta(minutes=10)).all()
    assert mine["nodes"].isna().all() and mine["exit_code"].dtype == "Int64"
    for col in ("state", "partition", "user_name", "account", "qos", "state_reason"):
        assert isinstance(df.dtypes[col], pd.CategoricalDtype), col
    for col in ("cpus", "memory", "num_nodes", "priority"):
        assert str(df.dtypes[col]) == "Int64", col
    assert isinstance(df.dtypes["name"], pd.StringDtype)
    assert not (df.astype(str) == "None").any().any()
    # the same frame from Job objects
    objs = pyslurm.Jobs.load().to_pandas().loc[held_jobs]
    assert (objs.dtypes == df.dtypes).all()
    pd.testing.assert_frame_equal(objs.drop(columns=["run_time", "priority"]),
                                  mine.drop(columns=["run_time", "priority"]))


def test_load_frame_reads_with_load_fields_not_objects(held_jobs, monkeypatch):
    """The frame is built from load_fields rows: Jobs.load (one Job per job)
    is never called; the rows are tuples read in one pass."""
    calls = []
    real = pyslurm.Jobs.load_fields.__func__

    def spy(cls, fields, as_tuples=False, **kw):
        rows = real(cls, fields, as_tuples=as_tuples, **kw)
        calls.append((tuple(fields), as_tuples, len(rows)))
        return rows

    def forbidden(*a, **kw):
        raise AssertionError("load_frame must not load Job objects")

    monkeypatch.setattr(pyslurm.Jobs, "load_fields", classmethod(spy))
    monkeypatch.setattr(pyslurm.Jobs, "load", classmethod(forbidden))
    t = time.perf_counter()
    df = pyslurm.Jobs.load_frame(["id", "state", "time_limit"])
    frame_s = time.perf_counter() - t
    assert calls == [(("id", "state", "time_limit"), True, len(df))]
    assert len(df) >= MANY and list(df.columns) == ["state", "time_limit"]
    df2 = pyslurm.frames.jobs_frame(["id", "name"], user="root")
    assert set(held_jobs) <= set(df2.index) and len(calls) == 2
    monkeypatch.undo()
    t = time.perf_counter()
    pyslurm.Jobs.load().to_pandas(["id", "state", "time_limit"])
    objects_s = time.perf_counter() - t
    print(f"\n{len(df)} jobs: load_frame {frame_s * 1000:.1f} ms, "
          f"Jobs.load().to_pandas() {objects_s * 1000:.1f} ms")


def test_load_frame_no_change_and_bad_fields(held_jobs):
    last = pyslurm.Jobs.load().last_update

    def unchanged():
        return pyslurm.Jobs.load_frame(["id"], update_time=pyslurm.Jobs.load().last_update) \
            is None
    wait_for(unchanged, "the job list to stop changing", timeout=30)
    assert last is not None
    with pytest.raises(ValueError, match="bogus"):
        pyslurm.Jobs.load_frame(["id", "bogus"])
    with pytest.raises(ValueError, match="fields"):
        pyslurm.Nodes.load_frame([])


def test_load_frame_of_a_named_cluster(slurm_cluster):
    local = pyslurm.Jobs.load().local_cluster
    df = pyslurm.Nodes.load_frame(["name", "state"], cluster=local)
    assert df.index.name == "name" and "cluster" not in df.columns
    assert set(df.index) == set(pyslurm.Nodes.load().keys())


def test_accounting_frames(slurm_accounting, tmp_path):
    before = int(time.time()) - 1
    ok = pyslurm.JobSubmitDescription(script="#!/bin/sh\nsrun true\n", name="frame-ok",
                                      time_limit=2, standard_output=str(tmp_path / "o")).submit()
    bad = pyslurm.JobSubmitDescription(script="#!/bin/sh\nexit 4\n", name="frame-bad",
                                       time_limit=2, standard_output=str(tmp_path / "b")).submit()
    f = db.JobFilter(ids=[ok, bad])

    def recorded():
        got = db.Jobs.load(f)
        # (a just-finished job's record may lack its time limit, and be named
        # "allocation", for a moment)
        return {ok, bad} <= set(got.keys()) and \
            got[ok].state == "COMPLETED" and got[bad].state == "FAILED" and \
            got[ok].time_limit == 2 and got[bad].time_limit == 2 and \
            (got[ok].name, got[bad].name) == ("frame-ok", "frame-bad")
    wait_for(recorded, "the frame test's jobs in accounting", timeout=90)
    df = db.Jobs.load_frame(db_filter=f)
    assert sorted(df.index) == sorted([ok, bad]) and df.index.name == "id"
    assert list(df.columns) == frames.DEFAULT_FIELDS["db_job"][1:]
    assert df.loc[bad, "exit_code"] == 4 and df.loc[ok, "exit_code"] == 0
    assert df.loc[ok, "state"] == "COMPLETED" and df.loc[bad, "state"] == "FAILED"
    assert isinstance(df.dtypes["state"], pd.CategoricalDtype)
    assert pd.api.types.is_timedelta64_dtype(df.dtypes["elapsed_time"])
    assert df.loc[ok, "time_limit"] == pd.Timedelta(minutes=2)
    assert isinstance(df.dtypes["end_time"], pd.DatetimeTZDtype)
    assert (df["submit_time"] >= pd.Timestamp(before, unit="s", tz="UTC")).all()
    assert str(df.dtypes["cpus"]) == "Int64" and str(df.dtypes["memory"]) == "Int64"
    assert df["array_id"].isna().all()
    objs = db.Jobs.load(f).to_pandas()
    assert (objs.dtypes == df.dtypes).all()
    pd.testing.assert_frame_equal(objs.sort_index(), df.sort_index())
    steps = db.Jobs.load(f)[ok].steps.to_pandas()
    assert "batch" in list(steps.index) and str(steps.dtypes["cpus"]) == "Int64"
    assert frames.db_jobs_frame(["id", "state"], db_filter=f).shape == (2, 1)
    for coll, key in ((db.QualitiesOfService.load(), "normal"), (db.Users.load(), "root"),
                      (db.Accounts.load(), slurm_accounting.account)):
        frame = coll.to_pandas()
        assert key in frame.index and frame.index.name == "name"
    loaded = db.Associations.load()
    assocs = loaded.to_pandas()
    # associations of every cluster slurmdbd holds: (cluster, id) with several
    several = len({a.cluster for a in loaded.values()}) > 1
    assert list(assocs.index.names) == (["cluster", "id"] if several else ["id"])
    assert len(assocs) == len(loaded)
    assert slurm_accounting.account in set(assocs["account"])
    assert str(assocs.dtypes["shares"]) == "Int64"


def test_several_clusters_table_and_frame(slurm_accounting):
    """Items of two clusters: a Cluster column in the table, a (cluster, id)
    index in the frame."""
    if len(slurm_accounting.clusters) < 2:
        unavailable("the test needs a second cluster (PYSLURM_CLUSTER_CLUSTERS=2)")
    first, second = slurm_accounting.clusters[:2]
    desc = dict(script="#!/bin/sh\ntrue\n", name="frame-other", hold=True, time_limit=4,
                standard_output="/dev/null")
    here = pyslurm.JobSubmitDescription(**desc).submit()
    job_id = pyslurm.JobSubmitDescription(cluster=second, **desc).submit()
    try:
        both = [first, second]
        jobs = pyslurm.Jobs.load(cluster=both)
        html = jobs._repr_html_()
        assert "<th>Cluster</th>" in html and "on 2 clusters" in html
        assert (second, job_id) in jobs and (first, here) in jobs
        df = pyslurm.Jobs.load_frame(["id", "name", "state"], cluster=both)
        assert df.index.names == ["cluster", "id"]
        assert df.loc[(second, job_id), "name"] == "frame-other"
        assert df.loc[(second, job_id), "state"] == "PENDING"
        assert df.loc[(first, here), "state"] == "PENDING"
        objs = jobs.to_pandas(["id", "name", "state"])
        assert objs.index.names == ["cluster", "id"] and (second, job_id) in objs.index
        nodes = pyslurm.Nodes.load_frame(["name", "state"], cluster=both)
        assert nodes.index.names == ["cluster", "name"]
        assert set(nodes.index.get_level_values("cluster")) == {first, second}
        node_objs = pyslurm.Nodes.load(cluster=both).to_pandas(["name", "state"])
        assert sorted(node_objs.index) == sorted(nodes.index)
        assert "<th>Cluster</th>" in pyslurm.Nodes.load(cluster=both)._repr_html_()
    finally:
        try:
            pyslurm.Job(here).cancel()
        except RPCError:
            pass
        subprocess.run(["scancel", str(job_id)], env={
            **os.environ, "SLURM_CONF": slurm_accounting.confs[second]}, check=False)
