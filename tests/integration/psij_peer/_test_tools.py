"""The helpers psij-python's executor tests import (``_test_tools``),
written for pyslurm's run of those tests: psij-python's sdist does not ship
them.  Jobs get a timeout so that a hang fails the test instead of the run."""

import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Iterator, Optional, Union

from executor_test_params import ExecutorTestParams

from psij import Job, JobAttributes, JobExecutor, JobState, JobStatus, ResourceSpecV1

TEST_DIR = Path.home() / ".psij" / "test"
#: How long a test waits for a job before it fails.
TIMEOUT = timedelta(minutes=3)


def _make_test_dir() -> None:
    TEST_DIR.mkdir(parents=True, exist_ok=True)


def _get_timeout(execparams: ExecutorTestParams) -> Optional[timedelta]:
    return TIMEOUT


def _read(path: Optional[Path]) -> str:
    if path is None:
        return ""
    try:
        return Path(path).read_text()
    except OSError as e:
        return f"<{e}>"


def assert_completed(job: Job, status: Optional[JobStatus], attached: bool = False) -> None:
    assert status is not None, "the job did not end in time"
    if status.state == JobState.COMPLETED:
        return
    detail = f"state {status.state}, exit code {status.exit_code}, message {status.message}"
    if not attached and job.spec is not None:
        detail += (f", stdout {_read(job.spec.stdout_path)!r}, "
                   f"stderr {_read(job.spec.stderr_path)!r}")
    raise AssertionError("job not completed: " + detail)


def _get_executor_instance(ep: ExecutorTestParams, job: Optional[Job] = None) -> JobExecutor:
    if job is not None:
        assert job.spec is not None
        job.spec.launcher = ep.launcher
        attrs = JobAttributes(custom_attributes=dict(ep.custom_attributes))
        if ep.account is not None:
            attrs.account = ep.account
        if ep.queue_name is not None:
            attrs.queue_name = ep.queue_name
        res = job.spec.resources
        if isinstance(res, ResourceSpecV1) and res.computed_node_count > 1 \
                and ep.multi_node_queue_name is not None:
            attrs.queue_name = ep.multi_node_queue_name
        job.spec.attributes = attrs
    return JobExecutor.get_instance(ep.executor, url=ep.url)


@contextmanager
def _deploy(path: Union[Path, str]) -> Iterator[Path]:
    """A copy of ``path`` in the shared test directory, removed afterwards."""
    _make_test_dir()
    fd, name = tempfile.mkstemp(dir=TEST_DIR)
    os.close(fd)
    try:
        shutil.copyfile(path, name)
        yield Path(name)
    finally:
        os.unlink(name)
