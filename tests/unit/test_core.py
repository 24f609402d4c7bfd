"""The compiled core: no cluster needed."""

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import pyslurm
from pyslurm import core, errors


def installed_slurm_version():
    inc = os.environ.get("SLURM_INCLUDE_DIR", "/usr/include")
    text = Path(inc, "slurm", "slurm_version.h").read_text()
    n = int(re.search(r"SLURM_VERSION_NUMBER\s+(\S+)", text).group(1), 0)
    return f"{n >> 16 & 0xff}.{n >> 8 & 0xff:02d}.{n & 0xff}"


def test_versions():
    assert pyslurm.version() == pyslurm.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", pyslurm.__version__)
    assert pyslurm.slurm_version() == installed_slurm_version()
    major, minor, micro = pyslurm.slurm_version_info()
    assert f"{major}.{minor:02d}.{micro}" == pyslurm.slurm_version()
    assert f"{major}.{minor:02d}" in ("22.05", "24.11", "26.05")


def test_every_errno_name_resolves_in_this_build():
    names = core.errno_names()
    newer_only = {"SLURM_COMMUNICATIONS_CONNECT_TIMEOUT", "SLURM_COMMUNICATIONS_READ_TIMEOUT",
                  "SLURM_COMMUNICATIONS_WRITE_TIMEOUT", "SLURMCTLD_COMMUNICATIONS_BACKOFF"}
    for name in errors.ERRNO_NAMES:
        assert name in names or name in newer_only, name
    assert set(names) <= set(errors.ERRNO_NAMES)
    assert names["ESLURM_INVALID_JOB_ID"] == 2017


def test_error_for_maps_numbers_to_classes_with_slurm_text():
    names = core.errno_names()
    e = core.error_for(names["ESLURM_INVALID_JOB_ID"], "slurm_load_job")
    assert type(e) is errors.JobNotFoundError
    assert e.errno == 2017
    assert e.message == "Invalid job id specified"
    assert "slurm_load_job" in str(e)
    unreachable = core.error_for(names["SLURM_COMMUNICATIONS_CONNECTION_ERROR"])
    assert type(unreachable) is errors.ControllerUnreachableError
    assert type(core.error_for(names["ESLURM_ACCESS_DENIED"])) is errors.PermissionDeniedError
    assert type(core.error_for(1)) is errors.PermissionDeniedError  # EPERM
    unknown = core.error_for(123456)
    assert type(unknown) is errors.RPCError and unknown.errno == 123456


@pytest.mark.parametrize("name", ["SLURM_PROTOCOL_VERSION_ERROR",
                                  "SLURM_PROTOCOL_INSANE_MSG_LENGTH"])
def test_version_mismatch_names_the_built_version(name):
    # a 22.05 client reading a 26.05 controller's answer fails with
    # "Insane message length" (seen on this project's clusters)
    e = core.error_for(core.errno_names()[name])
    assert isinstance(e, errors.VersionMismatchError)
    assert pyslurm.slurm_version() in e.message


def run_python(code, **env):
    full_env = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_import_never_talks_to_slurm():
    res = run_python("""
        import pyslurm, pyslurm.core, pyslurm.slurmctld
        assert not pyslurm.core.is_initialized()
        print(pyslurm.slurm_version())
    """, SLURM_CONF="/nonexistent/slurm.conf")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == pyslurm.slurm_version()


def test_missing_config_raises_config_error_at_once():
    t0 = time.monotonic()
    res = run_python("""
        import pyslurm
        from pyslurm import slurmctld
        try:
            slurmctld.ping()
        except pyslurm.ConfigError as e:
            print("ConfigError:", e)
    """, SLURM_CONF="/nonexistent/slurm.conf")
    assert res.returncode == 0, res.stderr
    assert "ConfigError:" in res.stdout and "/nonexistent/slurm.conf" in res.stdout
    assert time.monotonic() - t0 < 30  # libslurm alone would retry for 60 s, then exit


@pytest.mark.parametrize("content", [
    "ThisIsNoSlurmKey=1\nSlurmctldHost=localhost\n",
    "ClusterName=x\n",  # no SlurmctldHost
])
def test_unparsable_config_raises_instead_of_ending_the_process(tmp_path, content):
    conf = tmp_path / "slurm.conf"
    conf.write_text(content)
    res = run_python("""
        import pyslurm
        try:
            pyslurm.init()
        except pyslurm.ConfigError as e:
            print("ConfigError:", e)
        print("still alive")
    """, SLURM_CONF=str(conf))
    assert res.returncode == 0, res.stderr
    assert "ConfigError:" in res.stdout and str(conf) in res.stdout
    assert "still alive" in res.stdout
