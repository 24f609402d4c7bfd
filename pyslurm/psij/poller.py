"""The status poller of the PSI/J executor: one thread per process for every
job any :class:`~pyslurm.psij.PyslurmJobExecutor` of the process tracks.

Each poll is one job-info RPC: the first loads every job
(:meth:`pyslurm.Jobs.load`), the next ones send the controller the time of
the last answer (:meth:`pyslurm.Jobs.refresh`), and when nothing changed
the answer is a few bytes and nothing is rebuilt.  So the default interval
is half a second.

States are the controller's: ACTIVE when it reports the job running (or, for
a job that started and ended between two polls, at the start time its record
gives), COMPLETED / FAILED with the exit code and signal of its record, the
reason of a failure (time limit, node failure, out of memory, preemption,
cancellation by an administrator) as the message.  A job the controller no
longer knows is looked up in accounting when the cluster has slurmdbd; it
is FAILED ("unknown to the controller") otherwise, never COMPLETED.

Every status is set from the poller thread, in JobState order, once per
state; psij's ``Job`` runs the callbacks (a callback's exception is logged
and the poller goes on).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Optional

from psij import Job, JobState, JobStatus

import pyslurm

__all__ = ["Poller", "Tracked", "poller", "DEFAULT_INTERVAL"]

logger = logging.getLogger(__name__)

#: Seconds between two polls by default.
DEFAULT_INTERVAL = 0.5

#: The message of a FAILED status for each final Slurm state (the base
#: state; COMPLETED / FAILED with an exit code say the exit code).
_MESSAGES = {
    "TIMEOUT": "the job reached its time limit",
    "NODE_FAIL": "a node of the job failed",
    "OUT_OF_MEMORY": "the job ran out of memory",
    "PREEMPTED": "the job was preempted",
    "BOOT_FAIL": "a node of the job failed to boot",
    "DEADLINE": "the job reached its deadline",
}
#: Seconds to wait for accounting to record who cancelled a job that this
#: process did not cancel (a cancellation by an administrator is FAILED).
ACCOUNTING_WAIT = 5.0
_RUNNING = ("RUNNING", "SUSPENDED")
_FINAL = ("COMPLETED", "FAILED", "CANCELLED", *_MESSAGES)


@dataclass(eq=False)
class Tracked:
    """A psij Job the poller reports on (several may track one Slurm job)."""

    job: Job
    job_id: int
    #: True for a job this process submitted (known QUEUED at once).
    submitted: bool
    #: The number of RPCs started before it was tracked: only later RPCs
    #: can tell whether the controller knows it.
    after_rpc: int = 0
    #: Set once its state has been reported from a poll.
    evaluated: bool = False
    queued: bool = False
    #: Report again at the next poll even when nothing changed (accounting
    #: had not yet recorded who cancelled the job).
    recheck: bool = False
    #: time.monotonic() when the controller first reported it CANCELLED.
    cancelled_seen: Optional[float] = None
    #: A file of the job's removed when it ends (the node file its batch
    #: script removes itself, unless the job is killed first).
    cleanup: Optional[str] = None


def _status(state: JobState, when: Optional[int] = None, message: Optional[str] = None,
            exit_code: Optional[int] = None,
            metadata: Optional[dict[str, object]] = None) -> JobStatus:
    return JobStatus(state, time=float(when) if when else None, message=message,
                     exit_code=exit_code, metadata=metadata)


def _exit_text(code: int, signal: int) -> str:
    if signal:
        return f"killed by signal {signal}"
    return f"exit code {code}"


def final_status(base: str, code: int, signal: int, reason: Optional[str],
                 description: Optional[str], end: Optional[int], cancel_requested: bool,
                 cancelled_by_admin: Optional[str], source: str) -> JobStatus:
    """The final psij status of a Slurm job that ended in ``base`` state
    with ``code`` / ``signal`` (the controller's or accounting's record)."""
    meta: dict[str, object] = {"slurm_state": base, "slurm_reason": reason,
                               "exit_signal": signal, "source": source}
    if base == "CANCELLED" and (cancel_requested or not cancelled_by_admin):
        msg = "cancelled" if cancel_requested else "cancelled outside this executor"
        return _status(JobState.CANCELED, end, msg, code, meta)
    if base == "COMPLETED" and code == 0 and signal == 0:
        return _status(JobState.COMPLETED, end, None, 0, meta)
    if base == "CANCELLED":
        msg = f"cancelled by an administrator ({cancelled_by_admin})"
    elif base in ("COMPLETED", "FAILED"):
        msg = _exit_text(code, signal)
        if reason and reason != "NonZeroExitCode":
            msg += f" ({reason})"
    else:
        msg = _MESSAGES.get(base, base.lower())
    if description:
        msg += f": {description}"
    return _status(JobState.FAILED, end, f"{base}: {msg}", code, meta)


class Poller:
    """The status poller (use :func:`poller`: one per process)."""

    def __init__(self, interval: float = DEFAULT_INTERVAL) -> None:
        self._cond = threading.Condition()
        self._entries: list[Tracked] = []
        self._interval = interval
        self._rpcs = 0
        self._next_poll = 0.0
        self._urgent = False
        self._thread: Optional[threading.Thread] = None
        self._jobs: Optional[pyslurm.Jobs] = None
        self._cancelled: set[int] = set()
        self._accounting: Optional[bool] = None
        #: Polls made (RPCs answered) since the process started.
        self.polls = 0
        #: time.time() when the last poll's answer was processed.
        self.last_poll: Optional[float] = None

    @property
    def interval(self) -> float:
        """Seconds between two polls."""
        return self._interval

    def use_interval(self, seconds: float) -> None:
        """Poll at least every ``seconds`` (the smallest interval asked by
        the process's executors wins)."""
        with self._cond:
            if seconds < self._interval:
                self._interval = seconds
                self._next_poll = 0.0
                self._cond.notify_all()

    def track(self, entry: Tracked, wait: Optional[float] = None) -> None:
        """Report on ``entry`` from now on; with ``wait``, return once a poll
        has reported its current state (at most ``wait`` seconds)."""
        with self._cond:
            entry.after_rpc = self._rpcs
            idle = not self._entries
            self._entries.append(entry)
            self._start()
            if not entry.submitted:
                self._urgent = True
            elif idle:
                # Submissions start while nothing was tracked: the
                # controller has nothing to report on a job it has just
                # taken (QUEUED needs no RPC), so the first poll comes one
                # interval later, after the burst, not during it (it would
                # load every job the controller holds while the next
                # submits wait for the controller and the GIL).
                self._next_poll = max(self._next_poll, time.monotonic() + self._interval)
            if idle or not entry.submitted:
                self._cond.notify_all()
            # else a submitted job is reported QUEUED at the next tick: no
            # thread switch per submission (a burst of submits stays fast)
            if wait is not None:
                self._cond.wait_for(lambda: entry.evaluated, timeout=wait)

    def cancel_requested(self, job_id: int) -> None:
        """Note that this process cancelled ``job_id`` (reported CANCELED),
        and poll at once."""
        with self._cond:
            self._cancelled.add(job_id)
            self._urgent = True
            self._cond.notify_all()

    def wait_poll(self, timeout: float) -> bool:
        """Wait until a poll that started after this call has been
        processed (False after ``timeout`` seconds); at once when no job
        is tracked (there is nothing to poll for)."""
        with self._cond:
            if not self._entries:
                return True
            target = self._rpcs + 1
            self._urgent = True
            self._cond.notify_all()
            # nothing left to track (the last jobs ended): no poll comes
            return self._cond.wait_for(lambda: not self._entries or (
                self.polls >= target and self._rpcs >= target), timeout=timeout)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="pyslurm-psij-poller",
                                            daemon=True)
            self._thread.start()

    # -- the thread ----------------------------------------------------------------------
    def _next(self) -> tuple[list[Tracked], list[Tracked], int]:
        """Wait for work: (entries to report QUEUED at once, entries the
        next RPC reports on, that RPC's number or 0 for none)."""
        with self._cond:
            while True:
                if not self._entries:
                    self._jobs = None           # nothing tracked: hold no jobs
                    self._cond.wait()
                    continue
                fresh = [e for e in self._entries if e.submitted and not e.queued]
                now = time.monotonic()
                due = self._urgent or now >= self._next_poll
                if fresh or due:
                    break
                self._cond.wait(self._next_poll - now)
            rpc = 0
            if due:
                self._rpcs += 1
                rpc = self._rpcs
                self._urgent = False
                self._next_poll = now + self._interval
            return fresh, list(self._entries), rpc

    def _run(self) -> None:
        while True:
            fresh, entries, rpc = self._next()
            for e in fresh:
                e.queued = True
                self._set(e.job, [_status(JobState.QUEUED)])
            if not rpc:
                continue
            try:
                changed = self._load()
            except Exception as ex:         # the thread goes on: the next poll may work
                if isinstance(ex, pyslurm.RPCError):
                    logger.warning("job status poll failed (retrying in %.1f s): %s",
                                   self._interval, ex)
                else:
                    logger.exception("job status poll failed")
                with self._cond:
                    self.polls += 1
                    self._cond.notify_all()
                continue
            for e in entries:
                if e.after_rpc >= rpc or (e.evaluated and not changed and not e.recheck):
                    continue
                e.recheck = False
                try:
                    self._report(e)
                except Exception:           # never let one job stop the poller
                    logger.exception("status of job %s not reported", e.job_id)
                e.evaluated = True
            for e in entries:
                if e.cleanup and e.job.status.final:
                    with contextlib.suppress(OSError):
                        os.unlink(e.cleanup)
                    e.cleanup = None
            with self._cond:
                self.polls += 1
                self.last_poll = time.time()
                self._entries = [e for e in self._entries if not e.job.status.final]
                self._cond.notify_all()

    def _load(self) -> bool:
        if self._jobs is None:
            self._jobs = pyslurm.Jobs.load()
            return True
        return self._jobs.refresh()

    @staticmethod
    def _set(job: Job, statuses: list[JobStatus]) -> None:
        for st in statuses:
            cur = job.status.state
            if cur == st.state or cur.is_greater_than(st.state) is not False:
                continue
            try:
                job.status = st             # psij runs the callbacks
            except Exception:
                logger.exception("status of job %s not set", job.native_id)

    def _report(self, e: Tracked) -> None:
        if e.job.status.final:
            return
        rec = self._jobs.get(e.job_id) if self._jobs is not None else None
        if rec is None:
            self._set(e.job, self._gone(e))
        else:
            self._set(e.job, self._from_controller(e, rec))

    def _from_controller(self, e: Tracked, rec: Any) -> list[JobStatus]:
        base = rec.state
        queued = _status(JobState.QUEUED, rec.submit_time)
        if base == "PENDING":
            return [queued]
        active = _status(JobState.ACTIVE, rec.start_time)
        if base in _RUNNING:
            return [queued, active]
        if base not in _FINAL:
            logger.warning("job %s: unknown Slurm state %s", e.job_id, base)
            return [queued]
        out = [queued]
        if rec.batch_host or rec.nodes:     # it ran: ACTIVE, at its start
            out.append(active)
        code, signal = rec.exit_code or 0, rec.exit_code_signal or 0
        admin = None
        if base == "CANCELLED" and e.job_id not in self._cancelled:
            admin, known = self._cancelled_by_admin(e.job_id, rec.user_id)
            if e.cancelled_seen is None:
                e.cancelled_seen = time.monotonic()
            if not known and time.monotonic() - e.cancelled_seen < ACCOUNTING_WAIT:
                e.recheck = True            # slurmdbd has not recorded it yet
                return out
        out.append(final_status(base, code, signal, rec.state_reason,
                                rec.state_description, rec.end_time,
                                e.job_id in self._cancelled, admin, "controller"))
        return out

    def _has_accounting(self) -> bool:
        if self._accounting is None:
            try:
                conf = pyslurm.slurmctld.Config.load()
                self._accounting = conf.accounting_storage_type == \
                    "accounting_storage/slurmdbd"
            except pyslurm.RPCError as ex:
                logger.warning("cannot tell whether the cluster has accounting: %s", ex)
                return False
        return self._accounting

    def _cancelled_by_admin(self, job_id: int,
                            owner: Optional[int]) -> tuple[Optional[str], bool]:
        """Who cancelled ``job_id`` when that was not its owner (None: the
        owner, or unknown), and whether that is known: accounting records
        it (shortly after the controller); without accounting it is not
        known, and taken as the owner."""
        if not self._has_accounting():
            return None, True
        try:
            rec = pyslurm.db.Job.load(job_id)
        except pyslurm.RPCError:
            return None, False
        by = rec.cancelled_by_id
        if by is None:
            return None, False
        if owner is None or by == owner:
            return None, True
        return rec.cancelled_by or str(by), True

    def _gone(self, e: Tracked) -> list[JobStatus]:
        """Statuses of a job the controller does not know (purged, or never
        existed): from accounting when there is one."""
        if not self._has_accounting():
            return [_status(JobState.FAILED, None,
                            f"job {e.job_id} is unknown to the controller (it never existed, "
                            f"or was purged after MinJobAge) and the cluster has no "
                            f"accounting", None, {"source": "controller"})]
        try:
            rec = pyslurm.db.Job.load(e.job_id)
        except pyslurm.RPCError as ex:
            return [_status(JobState.FAILED, None,
                            f"job {e.job_id} is unknown to the controller and to accounting "
                            f"({ex})", None, {"source": "accounting"})]
        base = rec.state or "UNKNOWN"
        out = [_status(JobState.QUEUED, rec.submit_time)]
        if base not in _FINAL:
            out.append(_status(JobState.FAILED, None,
                               f"job {e.job_id} is unknown to the controller; accounting "
                               f"last saw it {base}", None, {"source": "accounting",
                                                              "slurm_state": base}))
            return out
        if rec.start_time and rec.nodelist and rec.nodelist != "None assigned":
            out.append(_status(JobState.ACTIVE, rec.start_time))
        admin = None
        by = rec.cancelled_by_id
        if base == "CANCELLED" and by is not None and rec.user_id is not None \
                and by != rec.user_id:
            admin = rec.cancelled_by or str(by)
        out.append(final_status(base, rec.exit_code or 0, rec.exit_code_signal or 0,
                                rec.state_reason, None, rec.end_time,
                                e.job_id in self._cancelled, admin, "accounting"))
        return out


_POLLER: Optional[Poller] = None
_POLLER_LOCK = threading.Lock()
_PID = os.getpid()


def poller() -> Poller:
    """The process's poller (a forked child gets its own)."""
    global _POLLER, _PID
    with _POLLER_LOCK:
        if _POLLER is None or _PID != os.getpid():
            _POLLER = Poller()
            _PID = os.getpid()
        return _POLLER
