"""The pilot manager's ledger: the submitted jobs and what becomes of
them. It checks and adds submissions (names, ``after`` dependencies),
keeps the queue of jobs with iterations to run, takes queued iterations
in order while the scheduler has CPUs for them, and records every end: a
success, a failure (run again while ``retries`` allow), a cancel, a wall
time exceeded, a job whose minimum can never fit, a job omitted because
one it depends on did not succeed; each end goes to the report, the
journal and the events :meth:`LocalManager.wait4_any_job_finish` returns.

Plain data, no locking, no processes: the manager calls it with its lock
held and starts the tasks it is handed.
"""

from __future__ import annotations

import os
import time
from collections import deque
from typing import Callable, List, Optional

from .errors import RequestFailedError
from .job import JobSpec
from .journal import Journal
from .report import Reporter, alloc_str
from .scheduler import Scheduler
from .state import (
    CANCELED,
    EXECUTING,
    FAILED,
    OMITTED,
    QUEUED,
    STATES,
    SUCCEED,
    PilotJob,
    Task,
)

__all__ = ["Ledger"]


class Ledger:
    """The jobs of one manager.

    Args:
        sched: the scheduler that places their tasks.
        reporter: where ends are reported.
        journal: where submissions and ends are journaled.

    Attributes:
        jobs: the jobs by name.
        queue: jobs with iterations waiting to run, in order.
        tasks: the running tasks by id.
        events: ``(name, final state)`` of each end, oldest first.
        unfinished: the number of jobs that have not ended.
        stopping: the manager is stopping (failed tasks are not run again).
    """

    def __init__(self, sched: Scheduler, reporter: Reporter, journal: Journal) -> None:
        self.sched, self.reporter, self.journal = sched, reporter, journal
        self.jobs: dict[str, PilotJob] = {}
        self.queue: deque[PilotJob] = deque()
        self.tasks: dict[int, Task] = {}
        self.events: deque[tuple[str, str]] = deque(maxlen=65536)
        self.unfinished = 0
        self.stopping = False
        self._tid = 0
        self._seq = 0

    def add(self, specs: List[JobSpec], journal: bool) -> List[PilotJob]:
        """Add jobs: journaled if ``journal``,
        queued when nothing they depend on is pending, omitted when
        something they depend on did not succeed.

        Raises:
            RequestFailedError: a name is used already, ``after`` names an
                unknown job, or a job can never fit the resources.
            InvalidJobDescriptionError: an iteration resource scheduler
                cannot size its iterations.
        """
        names = set()
        for s in specs:
            if s.name in self.jobs or s.name in names:
                raise RequestFailedError(f"Request failed - Job {s.name} already exist")
            names.add(s.name)
        for s in specs:
            for dep in s.after:
                if dep not in self.jobs and dep not in names:
                    raise RequestFailedError(
                        f"Request failed - Job {s.name} depends on an unknown job {dep} (after)")
            self.sched.check_fits(s)
        added = []
        for s in specs:
            self._seq += 1
            job = PilotJob(s, self._seq)
            self.sched.plan(job)
            self.jobs[s.name] = job
            self.unfinished += 1
            added.append(job)
            if journal:
                self.journal.submitted(s)
        for job in added:
            for dep in job.spec.after:
                d = self.jobs[dep]
                if d.state == SUCCEED:
                    continue
                if job.waiting is None:
                    job.waiting = set()
                job.waiting.add(dep)
                if d.state not in (FAILED, CANCELED, OMITTED):
                    if d.dependents is None:
                        d.dependents = []
                    d.dependents.append(job)
        for job in added:
            if job.waiting and any(self.jobs[d].state in (FAILED, CANCELED, OMITTED)
                                   for d in job.waiting):
                self.omit(job, time.time())
            elif not job.waiting:
                self.enqueue(job)
        return added

    def enqueue(self, job: PilotJob) -> None:
        if not job.in_queue and job.state == QUEUED and (job.next_i < job.n or job.retry):
            job.in_queue = True
            self.queue.append(job)

    def schedule(self, launch: Callable[[Task, int, float], None]) -> None:
        """Take queued iterations in order while the scheduler has CPUs for
        them: each one's task, booked as executing, goes to ``launch(task,
        its number of CPUs, now)``."""
        sched = self.sched
        if not self.queue or sched.free_cores <= 0:
            return
        allocate, take, tasks = sched.allocate, sched.take, self.tasks
        now = time.time()
        keep: List[PilotJob] = []
        queue = self.queue
        while queue and sched.free_cores > 0:
            job = queue.popleft()
            if not job.in_queue:
                continue            # cancelled or omitted meanwhile
            while job.retry or job.next_i < job.n:
                if job.retry:
                    task = job.retry[0]
                    alloc = allocate(job, task.i)
                    if alloc is None:
                        break
                    job.retry.popleft()
                else:
                    i = job.next_i
                    alloc = allocate(job, i)
                    if alloc is None:
                        break
                    self._tid += 1
                    task = Task(self._tid, job, i)
                    job.next_i += 1
                if alloc == "never":
                    self._never_fits(job, task, now)
                    continue
                mem = job.spec.memory or 0
                ncores = take(alloc, mem)
                task.alloc, task.mem = alloc, mem
                task.t_sched = task.t_start = now
                tasks[task.tid] = task
                job.live[task.i] = task
                job.st[task.i] = EXECUTING
                job.running += 1
                if job.state == QUEUED:
                    job.state = EXECUTING
                launch(task, ncores, now)
                if sched.free_cores <= 0:
                    break
            if job.retry or job.next_i < job.n:
                keep.append(job)
            else:
                job.in_queue = False
        queue.extendleft(reversed(keep))

    def _never_fits(self, job: PilotJob, task: Task, now: float) -> None:
        task.code, task.msg = -1, "Not enough resources: the job's minimum exceeds the total"
        job.record_end(task.i, FAILED, ["", "", None, None, 0.0, 0.0, now, FAILED, task.msg,
                                        None, ""])
        self.report_iteration(job, task.i, now)
        self.check_final(job, now)

    def cancel(self, jobs: List[PilotJob], now: float) -> List[Task]:
        """Cancel jobs: their queued iterations become CANCELED at once;
        returns their running tasks (marked canceled) for the caller to
        kill."""
        running = []
        for job in jobs:
            if job.finished():
                continue
            job.in_queue = False        # its queue entry is dropped when reached
            job.retry = None
            for k in range(job.n):
                if job.st[k] == QUEUED:     # not started, or waiting for a retry
                    job.st[k] = CANCELED
                    job.canceled += 1
                    self.report_iteration(job, k, now)
            job.next_i = job.n
            for task in list(self.tasks.values()):
                if task.job is job:
                    task.cancel = True
                    running.append(task)
            self.check_final(job, now)
        return running

    def task_done(self, task: Task, now: float, dead_node: Optional[int] = None) -> None:
        """Record the end of a task (its ``code``, ``msg``, ``cancel`` and
        ``timeout`` set) and release its CPUs (none on ``dead_node``)."""
        job = task.job
        self.tasks.pop(task.tid, None)
        self.sched.release(task.alloc, task.mem, dead_node)
        job.running -= 1
        job.live.pop(task.i, None)
        where = alloc_str(task.alloc, self.sched.nodes)
        code = task.code
        msg = task.msg
        s = job.spec
        pname = os.path.basename(s.exec) if s.exec else "bash"
        if task.pid is None:
            task.pid = -1
        if task.cancel:
            state = CANCELED
        elif task.timeout:
            state, msg = FAILED, msg or f"wall time ({job.spec.wt:g} s) exceeded, killed"
        elif code == 0 and not msg:
            state = SUCCEED
        else:
            state = FAILED
            if not msg and code < 0:
                msg = f"killed by signal {-code}"
        if state == FAILED and task.attempt < job.spec.retries and not self.stopping:
            retry = Task(task.tid, job, task.i, task.attempt + 1)
            if job.retry is None:
                job.retry = deque()
            job.runs[task.i] = [where, task.wd, now - task.t_start, code, task.t_sched,
                                task.t_start, 0.0, QUEUED,
                                f"attempt {task.attempt + 1} failed ({msg or code}), retrying",
                                task.pid, pname]
            job.st[task.i] = QUEUED
            job.retry.append(retry)
            self._enqueue_retry(job)
            return
        if state == FAILED and task.attempt and not msg:
            msg = f"failed after {task.attempt + 1} attempts"
        job.record_end(task.i, state, [where, task.wd, now - task.t_start, code, task.t_sched,
                                       task.t_start, now, state, msg, task.pid, pname])
        if state == FAILED and not job.is_iter:
            job.messages = msg or None
        if job.is_iter:
            self.journal.iteration_ended(job, task.i, state)
        self.report_iteration(job, task.i, now)
        self.check_final(job, now)

    def _enqueue_retry(self, job: PilotJob) -> None:
        if not job.in_queue:
            job.in_queue = True
            self.queue.appendleft(job)

    def report_iteration(self, job: PilotJob, i: int, now: float) -> None:
        if job.is_iter:
            name = job.it_name(i)
            self.events.append((name, STATES[job.st[i]]))
            self.reporter.entry(job, i)

    def check_final(self, job: PilotJob, now: float) -> None:
        if job.state in (SUCCEED, FAILED, CANCELED, OMITTED) or not job.finished():
            return
        if job.canceled:
            job.state = CANCELED
        elif job.failed or job.omitted:
            job.state = FAILED
        else:
            job.state = SUCCEED
        job.t_final = now
        self.unfinished -= 1
        self.events.append((job.name, STATES[job.state]))
        self.reporter.entry(job, None)
        self.journal.job_ended(job.name, STATES[job.state])
        for dep in job.dependents or ():
            if job.state == SUCCEED:
                if dep.waiting is not None:
                    dep.waiting.discard(job.name)
                if not dep.waiting and dep.state == QUEUED:
                    self.enqueue(dep)
            elif dep.state == QUEUED:
                self.omit(dep, now)
        job.dependents = None

    def omit(self, job: PilotJob, now: float) -> None:
        for k in range(job.n):
            if job.st[k] == QUEUED:
                job.st[k] = OMITTED
        job.omitted = job.n - job.done - job.failed - job.canceled
        job.next_i = job.n
        job.messages = "omitted: a job it depends on did not succeed"
        job.in_queue = False        # its queue entry is dropped when reached
        job.state = OMITTED
        job.t_final = now
        self.unfinished -= 1
        self.events.append((job.name, "OMITTED"))
        self.reporter.entry(job, None)
        self.journal.job_ended(job.name, "OMITTED")
        for dep in job.dependents or ():
            if dep.state == QUEUED:
                self.omit(dep, now)
        job.dependents = None

    def replay(self, specs: List[JobSpec],
               ended: dict[tuple[str, Optional[int]], str]) -> dict[str, int]:
        """Take over a previous run's jobs (``specs``) and ends (``ended``, as
        :func:`~pyslurm.pilot.journal.read_journal` returns them): what
        ended keeps its state and does not run again; what was running or
        queued runs. Returns ``{"jobs", "ended_tasks"}``."""
        jobs = {j.name: j for j in self.add(specs, journal=False)}
        now = time.time()
        done_tasks = 0
        for job in jobs.values():
            final = ended.get((job.name, None))
            for k in range(job.n):
                st = ended.get((job.name, k)) if job.is_iter else final
                if st is None:
                    continue
                code = STATES.index(st)
                if code == OMITTED:
                    continue
                job.record_end(k, code, ["", "", None, None, 0.0, 0.0, now, code, "", None, ""])
                done_tasks += 1
        for job in jobs.values():
            if job.state != QUEUED:
                continue        # omitted while adding
            if job.finished():
                job.in_queue = False
                job.next_i = job.n
                self.check_final(job, now)
            elif any(job.st[k] != QUEUED for k in range(job.n)):
                job.retry = deque()
                for k in range(job.n):
                    if job.st[k] == QUEUED:
                        self._tid += 1
                        job.retry.append(Task(self._tid, job, k))
                job.next_i = job.n
        self.journal.drop_ends()    # the ends replayed are in track.states already
        return {"jobs": len(jobs), "ended_tasks": done_tasks}
