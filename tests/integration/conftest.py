"""Every integration test runs against a real cluster (the ``slurm_cluster``
fixture of pyslurm.testing): started here when none is reachable; under
CI=true a cluster that cannot be reached or started fails the run."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

import pyslurm
from pyslurm import Job, JobSubmitDescription, RPCError


@pytest.fixture(scope="session", autouse=True)
def _cluster_before_libslurm(slurm_cluster):
    """libslurm reads SLURM_CONF once per process: point it at the test
    cluster before any test initialises it."""
    import pyslurm

    pyslurm.init(slurm_cluster.conf)
    return slurm_cluster


@pytest.fixture()
def submit(tmp_path):
    """submit(**options) -> job id (JobSubmitDescription options; output in
    tmp_path, 5 minutes unless said); every job is cancelled at the end;
    submit.out(job_id) is its output file."""
    ids = []

    def _submit(**options):
        options.setdefault("standard_output", str(tmp_path / "out-%j.txt"))
        options.setdefault("time_limit", 5)
        job_id = JobSubmitDescription(**options).submit()
        ids.append(job_id)
        return job_id

    _submit.out = lambda job_id: (tmp_path / f"out-{job_id}.txt")
    yield _submit
    for job_id in ids:
        try:
            Job(job_id).cancel()
        except RPCError:
            pass


@pytest.fixture()
def as_nobody():
    """as_nobody(script_text, *args, timeout=120) -> the last line the
    script printed, parsed as JSON: a Python script run with this pyslurm as
    the unprivileged user ``nobody`` (permission tests). Under CI=true, not
    being root or finding no interpreter usable by ``nobody`` fails."""
    if os.getuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: the permission tests must run")
        pytest.skip("needs root to switch to an unprivileged user (not under CI)")
    src = os.path.dirname(os.path.dirname(os.path.abspath(pyslurm.__file__)))
    env = {**os.environ, "HOME": "/tmp", "PYTHONPATH": src}
    # a private folder as the current directory: `python -c` imports from
    # it first (never from a shared one such as /tmp)
    where = tempfile.mkdtemp(prefix="pyslurm-nobody-")
    os.chmod(where, 0o755)

    def drop():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    def run(script_text, *args, timeout=120):
        script = os.path.join(where, "as_nobody.py")
        with open(script, "w") as f:
            f.write(script_text)
        os.chmod(script, 0o644)
        for exe in (sys.executable, "/usr/bin/python3"):
            try:
                probe = subprocess.run([exe, "-c", "import pyslurm.job, pyslurm.slurmctld"],
                                       preexec_fn=drop, env=env, capture_output=True,
                                       timeout=timeout, cwd=where)
            except OSError:
                continue
            if probe.returncode == 0:
                res = subprocess.run([exe, script, *args], preexec_fn=drop, env=env,
                                     capture_output=True, text=True, timeout=timeout,
                                     cwd=where)
                assert res.returncode == 0, res.stderr[-2000:]
                return json.loads(res.stdout.strip().splitlines()[-1])
        if os.environ.get("CI") == "true":
            pytest.fail("no Python interpreter with this pyslurm build is usable by 'nobody'")
        pytest.skip("no Python interpreter with this pyslurm build is usable by 'nobody' "
                    "(not under CI)")

    yield run
    shutil.rmtree(where, ignore_errors=True)
