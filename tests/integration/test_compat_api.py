"""Upstream pyslurm's init, settings and error functions against the
real cluster, one test per behaviour."""

import subprocess
import sys

import pytest

import pyslurm
from pyslurm import error, settings


def test_local_cluster_setting(slurm_cluster):
    assert settings.LOCAL_CLUSTER == pyslurm.Nodes.load().local_cluster
    assert settings.init() == settings.LOCAL_CLUSTER != "UNKNOWN"


def test_slurm_init_and_slurm_fini(tmp_path):
    """slurm_init(path) initialises; slurm_fini() releases libslurm for
    good: a later call is a ConfigError, not a crash (Slurm 24.11 crashes
    in a second slurm_init).  In a child process: this one keeps going."""
    conf = pyslurm.init()
    script = (
        "import pyslurm\n"
        f"assert pyslurm.slurm_init({conf!r}) is None\n"
        "assert pyslurm.core.is_initialized() and len(pyslurm.Nodes.load()) >= 4\n"
        "assert pyslurm.slurm_fini() is None and not pyslurm.core.is_initialized()\n"
        "pyslurm.slurm_fini()\n"
        "try:\n"
        "    pyslurm.Nodes.load()\n"
        "except pyslurm.ConfigError as e:\n"
        "    assert 'slurm_fini' in str(e), e\n"
        "    print('refused')\n"
    )
    res = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "refused"


def test_last_error_after_a_failed_call():
    with pytest.raises(pyslurm.JobNotFoundError) as err:
        pyslurm.Job.load(4_000_000)
    errno, text = error.get_last_slurm_error()
    assert errno == err.value.errno == 2017      # ESLURM_INVALID_JOB_ID
    assert text == error.slurm_strerror(2017) == err.value.msg
    again = pyslurm.RPCError()                   # upstream: the last error
    assert again.errno == 2017 and again.msg == text
