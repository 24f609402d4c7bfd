"""Upstream pyslurm's init, settings and error functions against the
real cluster, one test per behaviour."""

import pytest

import pyslurm
from pyslurm import error, settings


def test_local_cluster_setting(slurm_cluster):
    assert settings.LOCAL_CLUSTER == pyslurm.Nodes.load().local_cluster
    assert settings.init() == settings.LOCAL_CLUSTER != "UNKNOWN"


def test_slurm_fini_then_slurm_init_again():
    conf = pyslurm.init()
    assert pyslurm.slurm_fini() is None
    assert not pyslurm.core.is_initialized()
    assert pyslurm.slurm_init(conf) is None
    assert pyslurm.core.is_initialized() and len(pyslurm.Nodes.load()) >= 4
    pyslurm.slurm_fini()
    pyslurm.init(conf)                       # the fixtures' file again
    assert len(pyslurm.Partitions.load()) >= 1


def test_last_error_after_a_failed_call():
    with pytest.raises(pyslurm.JobNotFoundError) as err:
        pyslurm.Job.load(4_000_000)
    errno, text = error.get_last_slurm_error()
    assert errno == err.value.errno == 2017      # ESLURM_INVALID_JOB_ID
    assert text == error.slurm_strerror(2017) == err.value.msg
    again = pyslurm.RPCError()                   # upstream: the last error
    assert again.errno == 2017 and again.msg == text
