"""The manager's records of submitted jobs and of their running tasks:
plain data shared by the scheduler, the launcher, the report and the
journal (no behaviour beyond naming iterations)."""

from __future__ import annotations

import json
import time
import uuid
from collections import deque
from typing import Any, Optional

from .job import JobSpec

__all__ = ["QUEUED", "SCHEDULED", "EXECUTING", "SUCCEED", "FAILED", "CANCELED", "OMITTED",
           "STATES", "FINAL_STATES", "PilotJob", "Task"]

QUEUED, SCHEDULED, EXECUTING, SUCCEED, FAILED, CANCELED, OMITTED = range(7)
STATES = ("QUEUED", "SCHEDULED", "EXECUTING", "SUCCEED", "FAILED", "CANCELED", "OMITTED")
FINAL_STATES = frozenset(STATES[3:])


class PilotJob:
    """A submitted job: its spec, and the states of its iterations.

    ``runs[i]`` is the record of iteration ``i``'s last run: ``[allocation,
    wd, run seconds, exit code, scheduled at, started at, ended at, state,
    message, pid, program name]``.
    """

    __slots__ = ("spec", "name", "n", "is_iter", "next_i", "plan", "st", "done", "failed",
                 "canceled", "omitted", "running", "t_submit", "runs", "waiting", "dependents",
                 "state", "messages", "t_final", "retry", "subst", "uniq", "in_queue", "seq",
                 "jname_json", "wd_json", "live")

    def __init__(self, spec: JobSpec, seq: int) -> None:
        self.spec = spec
        self.name = spec.name
        self.is_iter = spec.iterations is not None
        self.n = len(spec.iterations) if spec.iterations is not None else 1
        self.next_i = 0
        self.plan: Optional[list[int]] = None
        self.st = bytearray(self.n)          # state of each iteration
        self.done = self.failed = self.canceled = self.omitted = self.running = 0
        self.t_submit = time.time()
        self.runs: dict[int, list[Any]] = {}  # iteration -> runtime record
        self.waiting: Optional[set[str]] = None        # names it still waits for
        self.dependents: Optional[list[PilotJob]] = None   # jobs that wait for it
        self.state = QUEUED
        self.messages: Optional[str] = None
        self.t_final: Optional[float] = None
        self.retry: Optional[deque[Task]] = None      # failed tasks to run again
        st = spec.std
        self.subst = "${" in json.dumps(st.get("execution", {}))
        self.uniq = uuid.uuid4().hex[:12]
        self.in_queue = False
        self.seq = seq
        self.jname_json = json.dumps(self.name)
        self.live: dict[int, Task] = {}     # iteration -> its running task
        self.wd_json: dict[str, str] = {}

    def it_name(self, i: int) -> str:
        return f"{self.name}:{self.spec.iterations[i]}" if self.is_iter else self.name  # type: ignore[index]

    def index(self, it: str) -> Optional[int]:
        """The position of iteration ``it`` (the number after ``name:``)."""
        try:
            k = int(it) - self.spec.iter_start
        except ValueError:
            return None
        return k if 0 <= k < self.n else None

    def finished(self) -> bool:
        return self.done + self.failed + self.canceled + self.omitted >= self.n

    def record_end(self, i: int, state: int, run: list[Any]) -> None:
        """Iteration ``i`` ended in ``state`` (SUCCEED, FAILED or CANCELED)
        with the run record ``run``."""
        self.runs[i] = run
        self.st[i] = state
        if state == SUCCEED:
            self.done += 1
        elif state == CANCELED:
            self.canceled += 1
        else:
            self.failed += 1


class Task:
    """One run of one iteration (or of a job without iterations)."""

    __slots__ = ("tid", "job", "i", "alloc", "attempt", "t_sched", "t_start", "parts",
                 "code", "msg", "cancel", "timeout", "deadline", "wd", "mem", "ranks", "pid",
                 "scratch")

    def __init__(self, tid: int, job: PilotJob, i: int, attempt: int = 0) -> None:
        self.tid, self.job, self.i, self.attempt = tid, job, i, attempt
        self.alloc: list[tuple[int, list[int]]] = []
        self.t_sched = self.t_start = 0.0
        self.parts: set[int] = set()
        self.code = 0
        self.msg = ""
        self.cancel = self.timeout = False
        self.deadline: Optional[float] = None
        self.wd = ""
        self.mem = 0
        self.ranks: dict[int, int] = {}     # agent -> ranks still running there
        self.pid: Optional[int] = None
        self.scratch: Optional[str] = None  # a file of the task's, removed at its end
