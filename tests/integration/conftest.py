"""Every integration test runs against a real cluster (the ``slurm_cluster``
fixture of pyslurm.testing): started here when none is reachable; under
CI=true a cluster that cannot be reached or started fails the run."""

import json
import os
import pwd
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


# The unprivileged user of tests that submit jobs: with associations
# enforced a job needs one, and Slurm 26.05's controller cannot give one to
# nobody (uid 65534: "User 65534 not found"), so those tests run as daemon,
# which the test cluster puts in its default account on every major.
PLAIN_USER = "daemon"


def _runner_as(user):
    """A function that runs a Python script as ``user`` (see as_nobody)."""
    if os.getuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: the permission tests must run")
        pytest.skip("needs root to switch to an unprivileged user (not under CI)")
    entry = pwd.getpwnam(user)
    src = os.path.dirname(os.path.dirname(os.path.abspath(pyslurm.__file__)))
    env = {**os.environ, "HOME": "/tmp", "PYTHONPATH": src}
    # a private folder as the current directory: `python -c` imports from
    # it first (never from a shared one such as /tmp)
    where = tempfile.mkdtemp(prefix=f"pyslurm-{user}-")
    os.chmod(where, 0o755)

    def drop():
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    def run(script_text, *args, timeout=120):
        script = os.path.join(where, "as_user.py")
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
            pytest.fail(f"no Python interpreter with this pyslurm build is usable by {user!r}")
        pytest.skip(f"no Python interpreter with this pyslurm build is usable by {user!r} "
                    f"(not under CI)")

    return run, where


@pytest.fixture()
def as_nobody():
    """as_nobody(script_text, *args, timeout=120) -> the last line the
    script printed, parsed as JSON: a Python script run with this pyslurm as
    the unprivileged user ``nobody`` (permission tests). Under CI=true, not
    being root or finding no interpreter usable by ``nobody`` fails."""
    run, where = _runner_as("nobody")
    yield run
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture()
def plain_user():
    """The name of ``PLAIN_USER``."""
    return PLAIN_USER


@pytest.fixture()
def as_plain_user():
    """The same as ``as_nobody`` for ``PLAIN_USER``, a user that may run
    jobs (it has an association)."""
    run, where = _runner_as(PLAIN_USER)
    yield run
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture()
def howto_block():
    """howto_block(page, heading) -> the code of the first ```python block
    under that heading of docs/guides/<page>: tests that check what an
    example computes run the page's own code, not a copy of it."""
    import re
    docs = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "guides")

    def block(page, heading):
        with open(os.path.join(docs, page), encoding="utf-8") as f:
            text = f.read()
        start = text.index(f"\n## {heading}\n")
        match = re.compile(r"^```python\n(.*?)^```", re.S | re.M).search(text, start)
        assert match, f"no python block under {heading!r} in {page}"
        return match.group(1)
    return block
