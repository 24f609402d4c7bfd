"""Cluster arguments checked without any RPC: pyslurm.clusters.parse_names /
one_name, JobSubmitDescription's ``clusters`` option and ``Job(id, cluster=)``
(the unit tests run without a cluster)."""

import pytest

from pyslurm import Job, JobSubmitDescription
from pyslurm.clusters import ALL, one_name, parse_names


@pytest.mark.parametrize("value, names", [
    (None, None),
    ("a", ["a"]),
    (" a ", ["a"]),
    ("a,b", ["a", "b"]),
    ("a, b,a", ["a", "b"]),
    (["b", "a"], ["b", "a"]),
    (("a",), ["a"]),
    ("all", [ALL]),
    (["all"], [ALL]),
])
def test_parse_names(value, names):
    assert parse_names(value) == names


@pytest.mark.parametrize("value", ["", " ", ",", "a,,b", "a b", "a\tb", "x\0y", [],
                                   ["a", ""], "all,a", ["a", "all"]])
def test_parse_names_refuses_what_is_no_list_of_names(value):
    with pytest.raises(ValueError, match=r"invalid value for cluster: "):
        parse_names(value)


@pytest.mark.parametrize("value", [3, 1.5, {"a": 1}, [1], ["a", None], b"a"])
def test_parse_names_refuses_other_types(value):
    with pytest.raises(TypeError, match="invalid value for cluster"):
        parse_names(value)


def test_the_field_is_named():
    with pytest.raises(ValueError, match="invalid value for clusters: 'a b'"):
        parse_names("a b", "clusters")


def test_one_name():
    assert one_name("x") == "x"
    assert one_name(["x"]) == "x"
    for bad in ("a,b", ["a", "b"], "all", ""):
        with pytest.raises(ValueError, match="invalid value for cluster"):
            one_name(bad)


def test_submit_description_clusters_option():
    assert JobSubmitDescription(clusters="other").clusters == ["other"]
    assert JobSubmitDescription(cluster="other").clusters == ["other"]   # alias
    desc = JobSubmitDescription(clusters=["a", "b"])
    assert desc.clusters == ["a", "b"] and desc.to_dict()["clusters"] == ["a", "b"]
    desc.clusters = None
    assert desc.clusters is None and "clusters" not in desc.to_dict()
    assert "clusters" in repr(JobSubmitDescription(clusters="a"))
    with pytest.raises(ValueError, match="invalid value for clusters: 'all'"):
        JobSubmitDescription(clusters="all")
    with pytest.raises(ValueError, match="invalid value for clusters"):
        JobSubmitDescription(clusters="a b")
    with pytest.raises(TypeError, match="invalid value for clusters"):
        JobSubmitDescription(clusters=5)


def test_job_handle_names_its_cluster_without_loading():
    job = Job(1234, cluster="other")
    assert job.cluster == "other" and job.id == 1234 and not job.is_loaded
    assert Job("1234_5", cluster="other").cluster == "other"
    assert Job(1234, cluster="other") != Job(1234, cluster="elsewhere")
    assert Job(1234, cluster="other") == Job(1234, cluster="other")
    for bad in ("a,b", "all", "", "a b"):
        with pytest.raises(ValueError, match="invalid value for cluster"):
            Job(1, cluster=bad)
    with pytest.raises(TypeError, match="invalid value for cluster"):
        Job(1, cluster=7)


def test_pyslurm_clusters_is_a_lazy_name():
    import pyslurm
    assert "clusters" in dir(pyslurm) and "clusters" in pyslurm.__all__
    assert pyslurm.clusters.route is __import__("pyslurm.clusters").clusters.route


def test_sbatch_clusters_flag_lines_and_variables():
    from pyslurm import jobs_util
    assert jobs_util.parse_sbatch_args("-M a,b") == {"clusters": "a,b"}
    assert jobs_util.parse_sbatch_args("--clusters=a") == {"clusters": "a"}
    assert jobs_util.parse_sbatch_args(["--clusters", "x"]) == {"clusters": "x"}
    assert jobs_util.sbatch_environment({"SBATCH_CLUSTERS": "a"}) == {"clusters": "a"}
    assert jobs_util.sbatch_environment({"SLURM_CLUSTERS": "b"}) == {"clusters": "b"}
    assert jobs_util.sbatch_environment(
        {"SLURM_CLUSTERS": "b", "SBATCH_CLUSTERS": "a"}) == {"clusters": "a"}
    assert jobs_util.sbatch_environment({}) == {}
    assert jobs_util.option_name("cluster") == "clusters"
    script = "#!/bin/sh\n#SBATCH -M one\n#SBATCH --clusters=two,three\ntrue\n"
    assert JobSubmitDescription(script=script).effective_options()["clusters"] == \
        ["two", "three"]
    desc = JobSubmitDescription(script="#!/bin/sh\n#SBATCH -M one\ntrue\n")
    desc.load_environment({"SBATCH_CLUSTERS": "env"})
    assert desc.effective_options()["clusters"] == ["env"]
    assert desc.apply_sbatch_args("-M cli").effective_options()["clusters"] == ["cli"]
    with pytest.raises(ValueError, match="invalid value for clusters: 'a b'"):
        JobSubmitDescription(script="#!/bin/sh\n#SBATCH -M 'a b'\ntrue\n").effective_options()
    with pytest.raises(ValueError, match="invalid value for clusters: 'all'"):
        JobSubmitDescription().load_environment({"SBATCH_CLUSTERS": "all"})
    with pytest.raises(ValueError, match="M needs a value"):
        JobSubmitDescription().apply_sbatch_args("-M")
