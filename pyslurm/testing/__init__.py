"""Test support for pyslurm and for code that uses it.

* :mod:`pyslurm.testing.cluster`: a real local Slurm cluster
  (:class:`Cluster`), started and stopped from Python or with
  ``python -m pyslurm.testing up|down|status|env|run``.
* :mod:`pyslurm.testing.pytest_plugin`: the session fixture
  ``slurm_cluster``, for a test suite that enables the plugin
  (``pytest -p pyslurm.testing.pytest_plugin``, or
  ``pytest_plugins = ["pyslurm.testing.pytest_plugin"]`` in its conftest).

Pure Python and standard library only: usable before pyslurm is built.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, TypeVar

from pyslurm.testing.cluster import Cluster, ClusterError, host_major

if TYPE_CHECKING:
    from pyslurm.job import Job

_T = TypeVar("_T")

__all__ = ["Cluster", "ClusterError", "host_major", "rss_kib", "wait_for", "wait_for_job"]


def rss_kib() -> int:
    """This process's resident memory in KiB (``VmRSS`` of /proc/self/status;
    0 where there is none)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_for(predicate: Callable[[], _T], what: str, timeout: float = 30.0,
             interval: float = 0.3) -> _T:
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



def wait_for_job(job_id: int | str, predicate: Callable[[Job], object], timeout: float = 20.0,
                 interval: float = 0.2) -> Job:
    """Load the job until ``predicate(job)`` holds, and return the job.

    Raises:
        AssertionError: ``timeout`` seconds passed first (the message has
            the job's last state and reason).
    """
    from pyslurm import Job   # this package must import without a built pyslurm

    deadline = time.monotonic() + timeout
    while True:
        job = Job.load(job_id)
        if predicate(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.state}/{job.state_reason} "
                                 f"after {timeout}s")
        time.sleep(interval)
