"""Every integration test runs against a real cluster (the ``slurm_cluster``
fixture of pyslurm.testing): started here when none is reachable; under
CI=true a cluster that cannot be reached or started fails the run."""

import pytest

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
