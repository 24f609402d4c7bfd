"""The node agent of :mod:`pyslurm.pilot`: one process per node that
spawns the node's tasks and reports their ends to the manager.

It uses the standard library only and runs as a script
(``python .../pyslurm/pilot/agent.py``), so starting it on a node of an
allocation (through one long-lived ``srun`` step) does not load libslurm.

Protocol: JSON lines on stdin (manager to agent) and stdout (agent to
manager), several tasks or results per line.

Manager to agent:

* ``["r", [[tid, argv, env, cwd, stdin, stdout, stderr, cpus, *flags], ...]]``
  — spawn these tasks (``env`` is added to the agent's environment; ``cpus``
  the logical CPU ids to pin the task to; flags: ``"a"`` append to the output
  files (the ranks of one task share them), ``"s"`` drop the agent's own
  ``SLURM_*`` variables (a task that is an ``srun`` of a new step));
* ``["k", [tid, ...], signal]`` — signal the tasks' process groups
  (after SIGTERM, SIGKILL follows ``KILL_GRACE`` seconds later);
* ``["q"]`` — kill every task (process groups) and exit;
* ``["p"]`` — a heartbeat: with ``--silence SECONDS`` the agent kills its
  tasks and exits when the manager has sent nothing for that long (in an
  allocation a crashed manager's ``srun`` does not close the agent's stdin).

Agent to manager:

* ``["h", hostname, [cpu, ...], pid]`` once, at start;
* ``["d", [[tid, code, message, pid], ...], [pid, ...]]`` — tasks that
  ended: ``code`` is the exit status, or minus the signal number (-1 and no
  pid: it could not start); ``message`` is "" or the OS error that kept it
  from starting; then the pids (process groups) started since the last
  report, so that the manager can end them if this agent dies.

Logical CPU ids (the ones Slurm reports for the job, or 0..n-1 on a virtual
node) are mapped onto the CPUs this agent may use: id ``c`` is the
``c % n``-th of them. Each task gets its own process group, so ``k`` and
``q`` reach its children too. When its stdin closes (the manager ended),
the agent kills its tasks and exits.
"""

from __future__ import annotations

import errno
import json
import os
import selectors
import signal
import socket
import sys
import time
from typing import Any, Optional

# the variables of the job (not of the agent's step) a new step may keep
_JOB_VARS = ("SLURM_CONF", "SLURM_JOB_ID", "SLURM_JOBID", "SLURM_CLUSTER_NAME")
KILL_GRACE = 3.0     # seconds between SIGTERM and SIGKILL of a cancelled task
_DEFSIG = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGCHLD, signal.SIGINT, signal.SIGTERM)


class Agent:
    """The agent's state: running tasks, the CPU map, the output channel."""

    def __init__(self, rfd: int = 0, wfd: int = 1, silence: Optional[float] = None) -> None:
        self.rfd, self.wfd = rfd, wfd
        self.running: dict[int, Any] = {}       # pid -> tid
        self.pgids: dict[Any, list[int]] = {}   # tid -> pids (process groups)
        self.allowed = sorted(os.sched_getaffinity(0))
        self.base_env = dict(os.environ)
        self.done: list[list[Any]] = []
        self.cwd = os.getcwd()
        self.made_dirs: set[str] = set()
        self.buf = b""
        self.quit = False
        self.kill_at: list[tuple[float, int]] = []
        self.silence = silence              # end when the manager says nothing this long
        self.heard = time.monotonic()
        self.started: list[int] = []          # pids spawned since the last report

    def phys(self, cpus: list[int]) -> set[int]:
        """The CPUs of this machine that logical ids ``cpus`` map to."""
        n = len(self.allowed)
        return {self.allowed[c % n] for c in cpus}

    def send(self, msg: Any) -> None:
        data = (json.dumps(msg, separators=(",", ":")) + "\n").encode()
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.wfd, view)
            except BrokenPipeError:
                self.quit = True
                return
            view = view[n:]

    def spawn(self, tasks: list[list[Any]]) -> None:
        pinned = False
        for tid, argv, env, cwd, fin, fout, ferr, cpus, *flags in tasks:
            try:
                if cwd and cwd != self.cwd:
                    if cwd not in self.made_dirs:
                        os.makedirs(cwd, exist_ok=True)
                        self.made_dirs.add(cwd)
                    os.chdir(cwd)
                    self.cwd = cwd
                if cpus:
                    os.sched_setaffinity(0, self.phys(cpus))
                    pinned = True
                flag = flags[0] if flags else ""
                if "s" in flag:
                    # a new step of the job: none of this agent's step's variables
                    full = {k: v for k, v in self.base_env.items()
                            if not k.startswith("SLURM_") or k in _JOB_VARS}
                else:
                    full = self.base_env.copy()
                full.update(env)
                mode = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in flag else os.O_TRUNC)
                actions: list[tuple[Any, ...]] = [
                    (os.POSIX_SPAWN_OPEN, 0, fin or os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, fout or os.devnull, mode, 0o644),
                ]
                if ferr and ferr == fout:
                    actions.append((os.POSIX_SPAWN_DUP2, 1, 2))
                else:
                    actions.append((os.POSIX_SPAWN_OPEN, 2, ferr or os.devnull, mode, 0o644))
                pid = os.posix_spawnp(argv[0], argv, full, file_actions=actions,
                                      setpgroup=0, setsigdef=_DEFSIG)
            except OSError as e:
                self.done.append([tid, -1, _why(e, fin, fout, ferr), None])
                continue
            except (TypeError, ValueError) as e:
                self.done.append([tid, -1, str(e), None])
                continue
            self.running[pid] = tid
            self.pgids.setdefault(tid, []).append(pid)
            self.started.append(pid)
        if pinned:
            os.sched_setaffinity(0, self.allowed)

    def reap(self) -> None:
        while self.running:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            tid = self.running.pop(pid, None)
            if tid is None:
                continue
            pids = self.pgids.get(tid)
            if pids is not None:
                try:
                    pids.remove(pid)
                except ValueError:
                    pass
                if not pids:
                    del self.pgids[tid]
            code = os.waitstatus_to_exitcode(status)
            self.done.append([tid, code, "", pid])

    def kill(self, tids: list[Any], sig: int) -> None:
        for tid in tids:
            for pid in self.pgids.get(tid, ()):
                try:
                    os.killpg(pid, sig)
                except ProcessLookupError:
                    pass
                if sig != signal.SIGKILL:
                    self.kill_at.append((time.monotonic() + KILL_GRACE, pid))

    def kill_late(self) -> None:
        """SIGKILL the process groups that outlived their grace time."""
        now = time.monotonic()
        keep = []
        for when, pid in self.kill_at:
            if pid not in self.running:
                continue
            if when <= now:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                keep.append((when, pid))
        self.kill_at = keep

    def kill_all(self) -> None:
        for pid in list(self.running):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while self.running and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            self.running.pop(pid, None)

    def handle(self, line: bytes) -> None:
        msg = json.loads(line)
        op = msg[0]
        if op == "r":
            self.spawn(msg[1])
        elif op == "k":
            self.kill(msg[1], int(msg[2]))
        elif op == "q":
            self.quit = True
        # "p" (the manager's heartbeat) only counts as hearing from it

    def run(self) -> None:
        rsig, wsig = os.pipe()
        os.set_blocking(rsig, False)
        os.set_blocking(wsig, False)
        signal.set_wakeup_fd(wsig, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "quit", True))
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        sel = selectors.DefaultSelector()
        sel.register(self.rfd, selectors.EVENT_READ, "in")
        sel.register(rsig, selectors.EVENT_READ, "sig")
        self.send(["h", socket.gethostname(), self.allowed, os.getpid()])
        while not self.quit:
            timeout = 0.0 if self.done else (0.2 if self.kill_at else None)
            if self.silence is not None:
                left = self.heard + self.silence - time.monotonic()
                if left <= 0:
                    break       # the manager is gone (its srun died with it)
                timeout = left if timeout is None else min(timeout, left)
            for key, _ in sel.select(timeout):
                if key.data == "sig":
                    try:
                        while os.read(rsig, 4096):
                            pass
                    except BlockingIOError:
                        pass
                else:
                    chunk = os.read(self.rfd, 1 << 20)
                    if not chunk:
                        self.quit = True
                        break
                    self.heard = time.monotonic()
                    self.buf += chunk
                    if b"\n" in self.buf:
                        *lines, self.buf = self.buf.split(b"\n")
                        for line in lines:
                            if line:
                                self.handle(line)
            self.reap()
            if self.kill_at:
                self.kill_late()
            if self.done or self.started:
                batch, self.done = self.done, []
                started, self.started = self.started, []
                self.send(["d", batch, started])
        self.kill_all()
        self.reap()
        if self.done:
            self.send(["d", self.done, []])


def _why(err: OSError, fin: Optional[str], fout: Optional[str], ferr: Optional[str]) -> str:
    """The OS error of a task that could not start, naming the file that
    caused it: posix_spawn names the program even when opening the task's
    stdin or output file failed."""
    if fin and not os.path.exists(fin):
        return f"[Errno {errno.ENOENT}] {os.strerror(errno.ENOENT)}: {fin!r}"
    for path in (fout, ferr):
        if path and not os.path.isdir(os.path.dirname(path) or "."):
            return f"[Errno {errno.ENOENT}] {os.strerror(errno.ENOENT)}: {path!r}"
    for path, mode in ((fin, os.R_OK), (fout, os.W_OK), (ferr, os.W_OK)):
        if path and err.errno == errno.EACCES and os.path.exists(path) \
                and not os.access(path, mode):
            return f"[Errno {errno.EACCES}] {os.strerror(errno.EACCES)}: {path!r}"
    return str(err)


def bind_exec(argv: list[str]) -> None:
    """Pin this process as ``PYSLURM_PILOT_BIND`` says for this node and
    local task (``{node: [cpu per local task id]}``), then exec ``argv``:
    the CPU binding of the ranks of one multi-node ``srun``."""
    spec = json.loads(os.environ.get("PYSLURM_PILOT_BIND", "{}"))
    node = os.environ.get("SLURMD_NODENAME") or socket.gethostname()
    local = int(os.environ.get("SLURM_LOCALID", "0"))
    cpus: Optional[list[int]] = None
    if node in spec and local < len(spec[node]):
        cpus = [spec[node][local]]
    if cpus is not None:
        allowed = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {allowed[c % len(allowed)] for c in cpus})
        os.environ["QCG_PM_CPU_SET"] = ",".join(map(str, cpus))
    os.execvp(argv[0], argv)


def main(argv: Optional[list[str]] = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--bind":
        bind_exec(args[2:] if len(args) > 1 and args[1] == "--" else args[1:])
        return
    silence = None
    if args and args[0] == "--silence":
        silence = float(args[1])
    Agent(silence=silence).run()


if __name__ == "__main__":
    main()
