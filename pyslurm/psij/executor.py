"""The PSI/J executor ``pyslurm``: submits through libslurm
(:class:`pyslurm.JobSubmitDescription`), learns states from the controller
through the process's one poller (:mod:`pyslurm.psij.poller`).

Examples:
    >>> import psij                                          # doctest: +SKIP
    >>> ex = psij.JobExecutor.get_instance("pyslurm")        # doctest: +SKIP
    >>> job = psij.Job(psij.JobSpec("/bin/date"))            # doctest: +SKIP
    >>> ex.submit(job)                                       # doctest: +SKIP
    >>> job.wait().state                                     # doctest: +SKIP
    COMPLETED
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from packaging.version import Version
from psij import (
    InvalidJobException, Job, JobExecutor, JobExecutorConfig, Launcher, SubmitException,
)

import pyslurm
from pyslurm.psij.poller import DEFAULT_INTERVAL, Tracked, poller
from pyslurm.psij.translate import NODEFILE, build_description

__all__ = ["PyslurmJobExecutor", "PyslurmExecutorConfig", "VERSION"]

#: The executor's version (as its psij descriptor registers it).
VERSION = "1.0.0"


class PyslurmExecutorConfig(JobExecutorConfig):
    """Configuration of :class:`PyslurmJobExecutor`.

    Args:
        launcher_log_file: where psij's launcher scripts log (default: nowhere).
        work_directory: where the launcher scripts are deployed and the
            node files written; it must be visible from the compute nodes
            (default: psij's, ``~/.psij/work``).
        poll_interval: seconds between two status polls of the process's
            poller (the smallest of the process's executors is used).
        attach_timeout: seconds :meth:`PyslurmJobExecutor.attach` waits for
            the poll that reports the job's state.
    """

    def __init__(self, launcher_log_file: Optional[Path] = None,
                 work_directory: Optional[Path] = None,
                 poll_interval: float = DEFAULT_INTERVAL,
                 attach_timeout: float = 30.0) -> None:
        super().__init__(launcher_log_file=launcher_log_file, work_directory=work_directory)
        for name, value in (("poll_interval", poll_interval),
                            ("attach_timeout", attach_timeout)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 0 < value <= 3600:
                raise ValueError(f"invalid value for {name}: {value!r} "
                                 f"(expected seconds, more than 0 and at most 3600)")
        self.poll_interval = float(poll_interval)
        self.attach_timeout = float(attach_timeout)


def _job_id(native_id: Union[str, int]) -> int:
    text = str(native_id).strip()
    if isinstance(native_id, bool) or not text.isdigit() or not 0 < int(text) < 2**32:
        raise InvalidJobException(f"invalid value for native_id: {native_id!r} "
                                  f"(expected a Slurm job id)")
    return int(text)


class PyslurmJobExecutor(JobExecutor):
    """A psij ``JobExecutor`` for Slurm through pyslurm (registered as
    ``"pyslurm"``): no batch-script template, no ``sbatch`` / ``squeue`` /
    ``scancel`` process; one job-info RPC per poll for all tracked jobs.

    Args:
        url: not used (psij passes it to every executor).
        config: a :class:`PyslurmExecutorConfig` (a plain psij
            ``JobExecutorConfig`` is taken as one with its launcher log
            file and work directory).
    """

    _NAME_ = "pyslurm"
    _VERSION_ = Version(VERSION)

    def __init__(self, url: Optional[str] = None,
                 config: Optional[JobExecutorConfig] = None) -> None:
        if config is None:
            config = PyslurmExecutorConfig()
        elif not isinstance(config, PyslurmExecutorConfig):
            config = PyslurmExecutorConfig(launcher_log_file=config.launcher_log_file,
                                           work_directory=config.work_directory)
        super().__init__(url=url, config=config)
        self._config: PyslurmExecutorConfig = config
        self._poller = poller()
        self._poller.use_interval(config.poll_interval)

    def submit(self, job: Job) -> None:
        """Submit ``job`` with one RPC (``slurm_submit_batch_job``).  Its
        states then come from the poller: QUEUED at its next tick (at most
        ``poll_interval`` later, without an RPC), the rest as the controller
        reports them.

        Raises:
            InvalidJobException: the job is not NEW or already has an executor.
            SubmitException: an unsupported or contradictory field of the
                spec (named in the message; nothing sent), or the controller
                refused the job (Slurm's message).
        """
        spec = self._check_job(job)
        try:
            try:
                launcher = self._get_launcher(spec.launcher or Launcher.DEFAULT_LAUNCHER_NAME)
            except ValueError as e:
                raise SubmitException(f"invalid value for JobSpec.launcher: "
                                      f"{spec.launcher!r} ({e})") from None
            launch = launcher.get_launch_command(job)
            desc = build_description(job, launch, self.config.work_directory)
            try:
                job_id = desc.submit()
            except pyslurm.RPCError as e:
                raise SubmitException(f"Slurm refused the job: {e}", e,
                                      isinstance(e, pyslurm.ControllerUnreachableError)
                                      ) from None
        except BaseException:
            job.executor = None             # the job stays NEW, submittable again
            raise
        job._native_id = job_id
        nodefile = os.path.join(self.config.work_directory, NODEFILE.format(job_id))
        self._poller.track(Tracked(job, job_id, submitted=True, cleanup=nodefile))

    def cancel(self, job: Job) -> None:
        """Cancel ``job`` (one RPC); the poller then reports CANCELED (a
        job that ended first keeps its final state).

        Raises:
            SubmitException: the job was not submitted, or the controller
                refused (Slurm's message).
        """
        if job.native_id is None:
            raise SubmitException("cannot cancel a job that was not submitted")
        job_id = _job_id(job.native_id)
        self._poller.cancel_requested(job_id)
        try:
            pyslurm.Job(job_id).cancel()
        except (pyslurm.InvalidStateError, pyslurm.JobNotFoundError):
            pass                            # it ended (or was purged) already
        except pyslurm.RPCError as e:
            raise SubmitException(f"Slurm refused to cancel job {job_id}: {e}", e) from None

    def list(self) -> list[str]:
        """The native ids of this user's jobs the controller holds (one RPC).

        Raises:
            SubmitException: the controller did not answer.
        """
        try:
            rows = pyslurm.Jobs.load_fields(["id"], as_tuples=True, user=os.getuid())
        except pyslurm.RPCError as e:
            raise SubmitException(f"cannot list the jobs: {e}", e) from None
        return [str(r[0]) for r in rows or []]

    def attach(self, job: Job, native_id: str) -> None:
        """Track the Slurm job ``native_id`` (submitted by any process) as
        ``job``, which reports its current state when this returns: one poll
        is made at once.  A job the controller no longer knows is looked up
        in accounting (with slurmdbd); otherwise it is FAILED, as is an id
        that never existed.

        Raises:
            InvalidJobException: ``job`` is not NEW, or ``native_id`` is not a
                job id.
        """
        job_id = _job_id(native_id)
        if job.status.state.final or job.status.state != job.status.state.NEW:
            raise InvalidJobException("Job must be in NEW state")
        if job.executor is not None:
            raise InvalidJobException("Job is already associated with an executor")
        job.executor = self
        job._native_id = job_id
        self._poller.track(Tracked(job, job_id, submitted=False),
                           wait=self._config.attach_timeout)
