"""Every integration test runs against a real cluster (the ``slurm_cluster``
fixture of pyslurm.testing): started here when none is reachable; under
CI=true a cluster that cannot be reached or started fails the run."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _cluster_before_libslurm(slurm_cluster):
    """libslurm reads SLURM_CONF once per process: point it at the test
    cluster before any test initialises it."""
    import pyslurm

    pyslurm.init(slurm_cluster.conf)
    return slurm_cluster
