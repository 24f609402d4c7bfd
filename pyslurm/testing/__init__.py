"""Test support for pyslurm and for code that uses it.

* :mod:`pyslurm.testing.cluster`: a real local Slurm cluster
  (:class:`Cluster`), started and stopped from Python or with
  ``scripts/cluster up|down|status|env``.
* :mod:`pyslurm.testing.roots`: cached Debian roots that carry another
  Slurm major than the host's (:class:`Root`).
* :mod:`pyslurm.testing.pytest_plugin`: the session fixture
  ``slurm_cluster``.

Pure Python and standard library only: usable before pyslurm is built.
"""

import time

from pyslurm.testing.cluster import Cluster, ClusterError, host_major
from pyslurm.testing.roots import Root, RootError

__all__ = ["Cluster", "ClusterError", "Root", "RootError", "host_major", "wait_for"]


def wait_for(predicate, what, timeout=30.0, interval=0.3):
    """Call ``predicate`` until it returns a true value, and return that.

    Raises:
        AssertionError: ``timeout`` seconds passed first ("timed out waiting
            for {what}").
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)
