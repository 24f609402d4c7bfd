"""The pilot manager: :class:`LocalManager`, QCG-PilotJob's API over a
scheduler of cores that runs in a thread of the calling process and one
agent process per node (:mod:`pyslurm.pilot.agent`).

The scheduling state is plain data guarded by one lock; the manager thread
waits on the agents' pipes (and a wake-up pipe for API calls), reads the
agents' batched reports, schedules queued tasks onto free CPUs and sends
each agent one batch per round. API calls never block on a task.

This module holds the API and that loop; its parts are components of
their own: :mod:`~pyslurm.pilot.ledger` (the jobs and their ends),
:mod:`~pyslurm.pilot.scheduler` (free CPUs and allocations),
:mod:`~pyslurm.pilot.launch` (command lines and environments),
:mod:`~pyslurm.pilot.channel` (the agents and their pipes),
:mod:`~pyslurm.pilot.report` (``jobs.report`` and the views ``info``
shares with it), :mod:`~pyslurm.pilot.journal` (``track.*`` and
``--resume``), :mod:`~pyslurm.pilot.options` (the service options) and
:mod:`~pyslurm.pilot.state` (the records they share).
"""

from __future__ import annotations

import contextlib
import heapq
import json
import logging
import os
import random
import signal
import socket
import threading
import time
from typing import Any, Iterable, List, Optional, Union

from .channel import Agent, Channel
from .errors import (
    ConnectionError,
    RequestFailedError,
    ServiceError,
    TimeoutElapsed,
    WrongArgumentsError,
)
from .job import Jobs, parse_std
from .jobinfo import JobInfo
from .journal import SERVICE_PREFIX, Journal, read_journal, resume_dir
from .launch import (
    MPI_MODELS,
    mpirun_step,
    rank_env,
    srun_step,
    subst,
    task_argv,
    task_env,
    task_values,
)
from .ledger import Ledger
from .options import parse_server_args
from .report import Reporter, hdate, history, messages, runtime, status_dict
from .resources import allocation_nodes, current_allocation, parse_nodes
from .scheduler import Scheduler
from .state import FINAL_STATES, STATES, PilotJob, Task

__all__ = ["LocalManager", "STATES", "FINAL_STATES"]

_log = logging.getLogger("pyslurm.pilot")


class LocalManager:
    """A pilot manager with QCG-PilotJob's ``LocalManager`` API.

    Args:
        server_args: QCG's service options, e.g. ``["--nodes", "4,4,4,4"]``
            (virtual nodes in local mode), ``["--wd", DIR]``,
            ``["--report-format", "json"]``, ``["--resume"]``; pyslurm adds
            ``["--allocation", JOBID]`` (run in that Slurm job; without
            ``--nodes`` a set ``SLURM_JOB_ID`` selects the current one) and
            ``["--node-memory", MiB]``.
        cfg: QCG's client options (``poll_delay``, ``log_file``,
            ``log_level``); waiting is event driven here, ``poll_delay`` is
            accepted and unused.

    In local mode each (virtual) node gets one local agent process; in an
    allocation each node gets one agent started by one ``srun -N1 -n1
    --overlap`` step that lives as long as the manager.

    Examples:
        >>> import tempfile
        >>> from pyslurm.pilot import LocalManager, Jobs
        >>> m = LocalManager(["--nodes", "2,2", "--wd", tempfile.mkdtemp()])
        >>> names = m.submit(Jobs().add(name="t", exec="/bin/true", iteration=4))
        >>> m.wait4(names)
        {'t': 'SUCCEED'}
        >>> m.finish()

    Raises:
        WrongArgumentsError: bad server arguments.
        ServiceError: the agents could not be started.
    """

    def __init__(self, server_args: Optional[List[str]] = None,
                 cfg: Optional[dict[str, Any]] = None) -> None:
        self.cfg = dict(cfg or {})
        self.args = parse_server_args(server_args)
        self._setup_logging()
        self.wd = os.path.abspath(self.args.wd or os.getcwd())
        os.makedirs(self.wd, exist_ok=True)
        self.alloc_id: Optional[int] = None
        if self.args.nodes:
            self.nodes = parse_nodes(self.args.nodes, self.args.node_memory)
        elif self.args.allocation or (self.args.resources != "local" and current_allocation()):
            self.alloc_id = self.args.allocation or current_allocation()
            self.nodes = allocation_nodes(int(self.alloc_id))  # type: ignore[arg-type]
        else:
            # this machine as one node, named after it (as QCG-PilotJob does)
            self.nodes = parse_nodes(f"{socket.gethostname()}:{len(os.sched_getaffinity(0))}",
                                     self.args.node_memory)
        if self.args.system_core and len(self.nodes[0].cpus) > 1:
            reserved = self.nodes[0].cpus.pop(0)
            self.nodes[0].free.remove(reserved)
        self.envschema = self.args.envschema
        if self.envschema == "auto":
            self.envschema = "slurm" if self.alloc_id else "auto"
        self._sched = Scheduler(self.nodes)
        self.total_cores = self._sched.total_cores
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._deadlines: List[tuple[float, int]] = []
        self._closed = False
        self._error: Optional[BaseException] = None
        self._service_dir, resume_from = self._service_dirs()
        self.instance_id = os.path.basename(self._service_dir)[len(SERVICE_PREFIX):]
        self.report_path = os.path.join(self._service_dir, self.args.report_file)
        if os.path.isabs(self.args.report_file):
            self.report_path = self.args.report_file
        self._reporter = Reporter(self.report_path, self.args.report_format, self.nodes)
        self._journal = Journal(self._service_dir)
        self._ledger = Ledger(self._sched, self._reporter, self._journal)
        self._jobs = self._ledger.jobs
        self._tasks = self._ledger.tasks
        self.reqs_path = self._journal.reqs.path
        self.states_path = self._journal.states.path
        self._log_handler = logging.FileHandler(os.path.join(self._service_dir, "service.log"))
        self._log_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _log.addHandler(self._log_handler)
        self._started = time.time()
        self._channel = Channel(self.nodes, self.wd, self.alloc_id, self.instance_id,
                                self.args.agent_timeout)
        self._agents = self._channel.agents
        try:
            self._channel.start(float(self.cfg.get("init_timeout", 120)))
        except BaseException:
            self._channel.stop()
            self._channel.close()
            self.cleanup()
            raise
        if resume_from is not None:
            self._resume(resume_from)
        self._thread = threading.Thread(target=self._loop, name="pyslurm-pilot", daemon=True)
        self._thread.start()

    # ----------------------------------------------------------- setup
    def _setup_logging(self) -> None:
        level = str(self.cfg.get("log_level", self.args.log)).upper()
        if level != "NOTSET" and hasattr(logging, level):
            _log.setLevel(getattr(logging, level))
        self._user_log_handler: Optional[logging.Handler] = None
        if self.cfg.get("log_file"):
            self._user_log_handler = logging.FileHandler(self.cfg["log_file"])
            _log.addHandler(self._user_log_handler)

    def _service_dirs(self) -> tuple[str, Optional[str]]:
        resume_from: Optional[str] = None
        if self.args.resume is not None:
            if self.args.resume:
                resume_from = os.path.abspath(self.args.resume)
            else:
                resume_from = self.wd
            resume_from = resume_dir(resume_from)
            return resume_from, resume_from
        ident = self.args.id or f"{os.uname().nodename}.{random.randint(0, 9999)}"
        path = os.path.join(self.wd, f"{SERVICE_PREFIX}{ident}")
        os.makedirs(path, exist_ok=True)
        return path, None

    # ----------------------------------------------------------- API
    def _check_open(self) -> None:
        if self._closed:
            raise ConnectionError("Not connected (the manager has finished)")
        if self._error is not None:
            raise ServiceError(f"the manager thread failed: {self._error!r}")

    def resources(self) -> dict[str, Any]:
        """The resources and their use: ``{"total_nodes", "total_cores",
        "used_cores", "free_cores"}`` (QCG's ``resourcesInfo``)."""
        self._check_open()
        with self._lock:
            free = self._sched.free_count()
            return {"total_nodes": len(self.nodes), "total_cores": self.total_cores,
                    "used_cores": self.total_cores - free, "free_cores": free}

    def submit(self, jobs: Union[Jobs, List[dict[str, Any]]]) -> List[str]:
        """Submit the jobs of a :class:`Jobs` group (or a list of standard
        descriptions); returns their names.

        Raises:
            InvalidJobDescriptionError: a description is invalid, a name is
                already used, or ``after`` names an unknown job; nothing of
                this call is submitted then.
        """
        self._check_open()
        descs = jobs.ordered_jobs() if isinstance(jobs, Jobs) else list(jobs)
        specs = [parse_std(d) for d in descs]
        with self._lock:
            self._ledger.add(specs, journal=True)
        self._channel.wake()
        return [s.name for s in specs]

    def list(self) -> dict[str, dict[str, Any]]:
        """Every job: ``{name: {"status": state, "messages": text}}``
        (``messages`` when there is one)."""
        self._check_open()
        with self._lock:
            out: dict[str, dict[str, Any]] = {}
            for name, job in self._jobs.items():
                entry: dict[str, Any] = {"status": STATES[job.state]}
                if job.messages:
                    entry["messages"] = job.messages
                out[name] = entry
            return out

    def _names(self, names: Union[str, Iterable[str]]) -> List[str]:
        if isinstance(names, str):
            return [names]
        try:
            return [str(n) for n in names]
        except TypeError:
            raise WrongArgumentsError(f"job names must be a name or a list of names, not "
                                      f"{names!r}") from None

    def _lookup(self, name: str) -> tuple[Optional[PilotJob], Optional[int]]:
        job = self._jobs.get(name)
        if job is not None:
            return job, None
        base, sep, it = name.rpartition(":")
        if sep:
            job = self._jobs.get(base)
            if job is not None and job.is_iter:
                k = job.index(it)
                if k is not None:
                    return job, k
        return None, None

    def _find(self, names: Union[str, Iterable[str]]) -> List[tuple[str, PilotJob, Optional[int]]]:
        """``(name, job, iteration or None)`` of each name (call with the
        lock held); an unknown name is QCG's "doesn't exist" refusal."""
        found = []
        for name in self._names(names):
            job, i = self._lookup(name)
            if job is None:
                raise RequestFailedError(f"Request failed - Job '{name}' doesn't exist")
            found.append((name, job, i))
        return found

    def _it_state(self, job: PilotJob, i: Optional[int]) -> int:
        return job.state if i is None else job.st[i]

    def status(self, names: Union[str, Iterable[str]]) -> dict[str, Any]:
        """The states of jobs (or iterations, ``"name:it"``): ``{"jobs":
        {name: {"status": 0, "data": {"jobName": name, "status": state}}}}``;
        an unknown name raises :class:`RequestFailedError` (as QCG)."""
        self._check_open()
        with self._lock:
            out = {name: {"status": 0, "data": {"jobName": name,
                                                "status": STATES[self._it_state(job, i)]}}
                   for name, job, i in self._find(names)}
        return {"jobs": out}

    def info(self, names: Union[str, Iterable[str]], **kwargs: Any) -> dict[str, Any]:
        """Details of jobs: ``{"jobs": {name: {"status": 0, "data": {...}}}}``
        with ``jobName``, ``status``, ``iterations`` (``start``, ``stop``,
        ``total``, ``finished``, ``failed``), ``runtime`` (``allocation``
        ``NODE[cpu:cpu],...``, ``wd``, ``rtime``, ``exit_code``), ``history``
        (lines ``"date: STATE"``), ``messages``; ``withChilds=True`` adds
        ``childs`` (one entry per iteration)."""
        self._check_open()
        with_childs = bool(kwargs.get("withChilds", False))
        out: dict[str, Any] = {}
        with self._lock:
            for name, job, i in self._find(names):
                data: dict[str, Any] = {"jobName": name,
                                        "status": STATES[self._it_state(job, i)]}
                if job.is_iter and i is None:
                    data["iterations"] = {
                        "start": job.spec.iter_start, "stop": job.spec.iter_stop,
                        "total": job.n, "finished": job.done + job.failed + job.canceled
                        + job.omitted, "failed": job.failed + job.canceled + job.omitted}
                    if with_childs:
                        childs = []
                        for k in range(job.n):
                            c: dict[str, Any] = {"iteration": job.spec.iterations[k],  # type: ignore[index]
                                                 "state": STATES[job.st[k]]}
                            rt = runtime(job, k, self.nodes)
                            if rt:
                                c["runtime"] = rt
                            msg = messages(job, k)
                            if msg:
                                c["messages"] = msg
                            childs.append(c)
                        data["childs"] = childs
                else:
                    rt = runtime(job, 0 if i is None else i, self.nodes)
                    if rt:
                        data["runtime"] = rt
                msg = messages(job, i)
                if msg:
                    data["messages"] = msg
                data["history"] = "".join(f"\n{hdate(t)}: {s}" for s, t in
                                          history(job, i))
                out[name] = {"status": 0, "data": data}
        return {"jobs": out}

    def info_parsed(self, names: Union[str, Iterable[str]], **kwargs: Any) -> dict[str, JobInfo]:
        """:meth:`info` parsed into :class:`JobInfo` objects, by name."""
        result = self.info(names, **kwargs)
        return {name: JobInfo.from_job(entry["data"]) for name, entry in result["jobs"].items()
                if entry.get("status") == 0}

    def remove(self, names: Union[str, Iterable[str]]) -> None:
        """Forget finished jobs (their names may be used again). Unknown
        names and jobs that have not finished are left alone (as QCG does;
        the latter with a warning in the log)."""
        self._check_open()
        with self._lock:
            for name in self._names(names):
                job = self._jobs.get(name)
                if job is None:
                    continue
                if STATES[job.state] not in FINAL_STATES:
                    _log.warning("remove: job %s has not finished, kept", name)
                    continue
                del self._jobs[name]

    def cancel(self, names: Union[str, Iterable[str]]) -> None:
        """Cancel jobs: their queued iterations become CANCELED at once,
        running ones are killed (their whole process groups) and reported
        CANCELED; jobs that depend on them become OMITTED.

        Raises:
            InvalidJobDescriptionError: a job is unknown.
        """
        self._check_open()
        with self._lock:
            jobs = []
            for name in self._names(names):
                job = self._jobs.get(name)
                if job is not None:
                    jobs.append(job)
            for task in self._ledger.cancel(jobs, time.time()):
                self._channel.kill(task.tid, signal.SIGTERM)
        self._channel.wake()

    def _wait(self, done: Any, timeout: Optional[float]) -> None:
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not done():
                if self._error is not None:
                    raise ServiceError(f"the manager thread failed: {self._error!r}")
                if self._closed:
                    raise ConnectionError("Not connected (the manager has finished)")
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutElapsed()
                self._cond.wait(left if left is not None else 1.0)

    def wait4(self, names: Union[str, Iterable[str]],
              timeout: Optional[float] = None) -> dict[str, str]:
        """Wait until the jobs (or iterations) end; returns ``{name:
        final state}``.

        Raises:
            TimeoutElapsed: ``timeout`` seconds passed first.
            RequestFailedError: a name is unknown.
        """
        self._check_open()
        with self._lock:
            items = self._find(names)

        def done() -> bool:
            return all(STATES[self._it_state(j, i)] in FINAL_STATES for _, j, i in items)
        self._wait(done, timeout)
        with self._lock:
            return {name: STATES[self._it_state(j, i)] for name, j, i in items}

    def wait4all(self, timeout_secs: Optional[float] = None) -> None:
        """Wait until every submitted job has ended.

        Raises:
            TimeoutElapsed: ``timeout_secs`` passed first.
        """
        self._check_open()
        self._wait(lambda: self._ledger.unfinished == 0, timeout_secs)

    def wait4_any_job_finish(self, timeout_secs: Optional[float] = None) -> tuple[str, str]:
        """The next job or iteration that ended, as ``(name, state)``
        (ends are kept in order since the manager started; iterations are
        named ``"job:it"``).

        Raises:
            TimeoutElapsed: nothing ended within ``timeout_secs``.
        """
        self._check_open()
        self._wait(lambda: bool(self._ledger.events), timeout_secs)
        with self._lock:
            return self._ledger.events.popleft()

    @staticmethod
    def is_status_finished(status: str) -> bool:
        """Whether ``status`` is a final state."""
        return status in FINAL_STATES

    def finish(self) -> None:
        """Stop the manager: kill running tasks (their process groups),
        stop the agents and the manager thread, flush the report and the
        journal. Calling it again does nothing."""
        if self._closed:
            return
        with self._lock:
            self._ledger.stopping = True
        self._channel.wake()
        self._thread.join(timeout=30)
        self._channel.stop()
        with self._lock:
            self._flush_files(close=True)
            self._write_final_status()
            self._closed = True
            self._cond.notify_all()
        self._channel.close()
        self.cleanup()

    def cleanup(self) -> None:
        """Remove the log handlers this manager added (QCG's ``cleanup``)."""
        for h in (self._log_handler, self._user_log_handler):
            if h is not None:
                _log.removeHandler(h)
                h.close()
        self._user_log_handler = None

    def system_status(self) -> dict[str, Any]:
        """The manager's figures, as QCG's ``system_status`` and its
        ``final_status.json``: ``System`` (instance id, start, uptime,
        host, work directory...), ``Resources`` (``TotalNodes``,
        ``TotalCores``, ``UsedCores``, ``FreeCores``), ``JobStats`` and
        ``IterationStats`` (totals, in schedule, failed, finished,
        executing)."""
        self._check_open()
        with self._lock:
            return self._status()

    def _status(self) -> dict[str, Any]:
        return status_dict(self._jobs.values(), self.instance_id, self._started, self.wd,
                           self.alloc_id, len(self.nodes), self.total_cores,
                           self._sched.free_count())

    def _write_final_status(self) -> None:
        with open(os.path.join(self._service_dir, "final_status.json"), "w") as f:
            json.dump(self._status(), f, indent=2)

    def kill_manager_process(self) -> None:
        """Stop at once (QCG's name): the same as :meth:`finish`."""
        self.finish()

    def __enter__(self) -> "LocalManager":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.finish()

    # ----------------------------------------------------------- loop
    def _loop(self) -> None:
        channel = self._channel
        try:
            while True:
                with self._lock:
                    if self._ledger.stopping:
                        channel.flush()
                        return
                    timeout = None
                    if self._deadlines:
                        timeout = max(0.0, self._deadlines[0][0] - time.time())
                    pending = channel.pending()
                ready = channel.select(0.05 if pending else
                                       (1.0 if timeout is None else min(timeout, 1.0)))
                with self._lock:
                    for agent in ready:
                        self._read_agent(agent)
                    self._expire()
                    channel.heartbeat()
                    self._ledger.schedule(self._launch)
                    channel.flush()
                    self._flush_files()
                    self._cond.notify_all()
        except BaseException as e:   # noqa: B036 - reported to every waiter
            _log.exception("pilot manager thread failed")
            with self._lock:
                self._error = e
                self._cond.notify_all()

    def _read_agent(self, agent: Agent) -> None:
        done = self._channel.read(agent)
        if done is None:
            self._agent_died(agent)
            return
        for results in done:
            self._finished(agent, results)

    def _agent_died(self, agent: Agent) -> None:
        stopping = self._ledger.stopping
        if not self._channel.lost(agent, stopping):
            return
        node = agent.node
        self._sched.node_lost(agent.idx)
        if not stopping:
            _log.error("the agent of node %s died", node.name)
        now = time.time()
        for tid in list(agent.tasks):
            task = self._tasks.get(tid)
            if task is None:
                continue
            task.msg = task.msg or f"the agent of node {node.name} died"
            task.code = task.code or -9
            self._channel.kill(tid, signal.SIGKILL)    # its parts on other nodes
            task.parts.discard(agent.idx)
            agent.tasks.discard(tid)
            if not task.parts:
                self._task_done(task, now, dead_node=agent.idx)

    def _expire(self) -> None:
        now = time.time()
        while self._deadlines and self._deadlines[0][0] <= now:
            _, tid = heapq.heappop(self._deadlines)
            task = self._tasks.get(tid)
            if task is not None and not task.cancel:
                task.timeout = True
                self._channel.kill(task.tid, signal.SIGKILL)

    # ----------------------------------------------------------- scheduling
    def _launch(self, task: Task, ncores: int, now: float) -> None:
        """Start a task the ledger booked on its allocation: its command,
        environment and files, its wall-time deadline, its orders to the
        agents."""
        job, s, alloc = task.job, task.job.spec, task.alloc
        names = [self.nodes[k].name for k, _ in alloc]
        values = task_values(s, task.i, job.seq, job.uniq, names, ncores, self.wd,
                             self.alloc_id is not None) if job.subst else None
        wd = s.wd
        if values is not None:
            wd = subst(wd, values)
        wd = os.path.join(self.wd, wd) if wd else self.wd
        task.wd = wd
        env = task_env(s, names, [len(c) for _, c in alloc], alloc[0][1],
                       f"{job.uniq}-{task.tid}", self.envschema == "slurm", values)
        argv = task_argv(s, values)
        fin, fout, ferr = s.stdin, s.stdout, s.stderr
        if values is not None:
            fin, fout, ferr = subst(fin, values), subst(fout, values), subst(ferr, values)
        if s.wt is not None:
            task.deadline = now + s.wt
            heapq.heappush(self._deadlines, (task.deadline, task.tid))
        if s.model in MPI_MODELS and self.alloc_id is not None:
            place = [(self.nodes[k].name, cpus) for k, cpus in alloc]
            if s.model == "srunmpi":
                cmd, env = srun_step(self.alloc_id, place, argv, env, job.it_name(task.i),
                                     s.model_opts,
                                     os.path.join(self._service_dir, f"hosts.{task.tid}"))
            else:
                # Open MPI 5 (PRRTE) cannot parse a rank file path with a
                # '-' in it (open-mpi/ompi#13545), and the service directory
                # has one: a dash-free name in mpirun's own directory (the
                # task's), named relative to it, removed when the task ends
                task.scratch = os.path.join(wd, f".pilot_rankfile.{os.getpid()}.{task.tid}")
                cmd, env = mpirun_step(s, place, argv, env, task.scratch, cwd=wd)
            k = alloc[0][0]
            self._agents[k].order(task.tid, [task.tid, cmd, env, wd, fin, fout, ferr, [], "s"])
            task.parts.add(k)
            return
        if s.model in MPI_MODELS and (len(alloc) > 1 or ncores > 1):
            # local ranks: one process per CPU on each node's agent; they
            # share the task's output files (created empty here, appended to)
            for path in (fout, ferr):
                if path:
                    full = os.path.join(wd, path)
                    os.makedirs(os.path.dirname(full), exist_ok=True)
                    open(full, "w").close()
            rank = 0
            for nodeid, (k, cpus) in enumerate(alloc):
                agent = self._agents[k]
                for local, cpu in enumerate(cpus):
                    agent.order(task.tid, [task.tid, argv, rank_env(env, rank, local, nodeid,
                                                                    ncores, cpu),
                                           wd, fin, fout, ferr, [cpu], "a"])
                    rank += 1
                task.parts.add(k)
                task.ranks[k] = len(cpus)
            return
        k, cpus = alloc[0]
        self._agents[k].order(task.tid, [task.tid, argv, env, wd, fin, fout, ferr, cpus])
        task.parts.add(k)

    # ----------------------------------------------------------- ends
    def _finished(self, agent: Agent, results: List[List[Any]]) -> None:
        now = time.time()
        for tid, code, msg, pid in results:
            if pid is not None:
                agent.pgids.discard(pid)
            task = self._tasks.get(tid)
            if task is None:
                continue
            if code != 0 and task.code == 0:
                task.code = code
            if msg and not task.msg:
                task.msg = msg
            if pid is not None and task.pid is None:
                task.pid = pid
            # a rank of a local multi-rank task: wait for the agent's others
            if self._agent_has_more(agent, tid):
                continue
            agent.tasks.discard(tid)
            task.parts.discard(agent.idx)
            if task.code != 0 and task.parts:
                self._channel.kill(task.tid, signal.SIGKILL)   # a failed rank ends the task
            if not task.parts:
                self._task_done(task, now)

    def _task_done(self, task: Task, now: float, dead_node: Optional[int] = None) -> None:
        if task.scratch is not None:
            with contextlib.suppress(OSError):
                os.unlink(task.scratch)
            task.scratch = None
        self._ledger.task_done(task, now, dead_node=dead_node)

    def _agent_has_more(self, agent: Agent, tid: int) -> bool:
        """Whether this agent still runs other ranks of a local multi-rank
        task (the task's part on this node ends with its last rank)."""
        task = self._tasks[tid]
        left = task.ranks.get(agent.idx)
        if left is None:
            return False
        if left > 1:
            task.ranks[agent.idx] = left - 1
            return True
        del task.ranks[agent.idx]
        return False

    # ----------------------------------------------------------- files
    def _flush_files(self, close: bool = False) -> None:
        """Write what the round produced (the files stay open; each round
        ends with a flush, so a crash loses at most the round)."""
        self._reporter.flush()
        self._journal.flush()
        if close:
            self._reporter.close()
            self._journal.close()

    def _resume(self, path: str) -> None:
        """Continue a previous run from its service directory (QCG's files:
        ``track.reqs``, the submitted jobs, and ``track.states``, the ends):
        what ended keeps its state and does not run again; what was running
        or queued runs."""
        specs, ended = read_journal(path)
        with self._lock:
            self.resumed = self._ledger.replay(specs, ended)

    @property
    def agent_pids(self) -> dict[str, int]:
        """The process id of each node's agent (on its node), by node name."""
        return {a.node.name: int(a.hello[3]) for a in self._agents if a.hello}

    @property
    def nodes_info(self) -> List[dict[str, Any]]:
        """The nodes: ``[{"name", "cpus", "memory", "free", "alive", "host",
        "host_cpus"}]`` (``cpus`` the logical CPU ids the manager hands out;
        ``host`` the agent's host name, ``host_cpus`` the CPUs it may use:
        logical id ``c`` runs on ``host_cpus[c % len(host_cpus)]``)."""
        with self._lock:
            out = []
            for n, a in zip(self.nodes, self._agents):
                hello = a.hello or [None, None, [], None]
                out.append({"name": n.name, "cpus": list(n.cpus), "memory": n.memory,
                            "free": sorted(n.free), "alive": n.alive, "host": hello[1],
                            "host_cpus": list(hello[2])})
            return out

    @property
    def free_cores(self) -> int:
        """The number of free cores (of the nodes that are alive)."""
        return self._sched.free_cores

    @property
    def service_dir(self) -> str:
        """The manager's directory in its working directory
        (``.qcgpjm-service-<id>``): the report and the journal."""
        return self._service_dir
