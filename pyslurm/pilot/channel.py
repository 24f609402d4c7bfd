"""The manager's channel to its agents: one agent process per node
(:mod:`pyslurm.pilot.agent`; a local process, or in an allocation one
``srun -N1 -n1 --overlap`` step that lives as long as the manager), JSON
lines over its pipes, batched per round, and a wake-up pipe so that API
calls interrupt the manager's wait.

Messages to an agent: ``["r", [order...]]`` (run), ``["k", [task id...],
signal]`` (kill), ``["p"]`` (heartbeat), ``["q"]`` (quit). From an agent:
``["h", ...]`` (hello: node, host, CPUs, pid) and ``["d", [[task id,
exit code, message, pid]...], [process group...]]`` (tasks done).
"""

from __future__ import annotations

import json
import logging
import os
import selectors
import signal
import subprocess
import sys
import time
from typing import Any, List, Optional

from .errors import ServiceError
from .launch import AGENT_PATH
from .resources import Node

__all__ = ["Agent", "Channel"]

_log = logging.getLogger("pyslurm.pilot")
_KEEP_SLURM = ("SLURM_CONF", "SLURM_CLUSTER_NAME")


class Agent:
    """The manager's side of one agent process: its pipes, the orders of
    the round (``batch``) and the bytes not yet written (``out``), the
    tasks it runs and their process groups."""

    def __init__(self, idx: int, node: Node, proc: subprocess.Popen[bytes]) -> None:
        self.idx, self.node, self.proc = idx, node, proc
        assert proc.stdin is not None and proc.stdout is not None
        self.wfd = proc.stdin.fileno()
        self.rfd = proc.stdout.fileno()
        os.set_blocking(self.wfd, False)
        self.out = bytearray()
        self.batch: list[list[Any]] = []
        self.inbuf = b""
        self.alive = True
        self.hello: Optional[list[Any]] = None
        self.tasks: set[int] = set()
        self.pgids: set[int] = set()   # process groups of its tasks (pruned as they end)

    def order(self, tid: int, order: List[Any]) -> None:
        """Start (a part of) task ``tid`` this round."""
        self.batch.append(order)
        self.tasks.add(tid)


def _step_env() -> dict[str, str]:
    """This process's environment without the ``SLURM_*`` variables of the
    step it may run in (a new step takes its options from its command line
    only: SLURM_MEM_PER_CPU, SLURM_NTASKS, SLURM_CPU_BIND, ...)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("SLURM_") or k in _KEEP_SLURM}


class Channel:
    """The agents of ``nodes`` and the pipes to them.

    Args:
        nodes: the nodes, one agent each.
        wd: the agents' working directory.
        alloc_id: the Slurm job the agents run in (None: local processes).
        instance_id: the manager's id (in the agents' step names).
        agent_timeout: in an allocation, agents end their tasks and exit
            after this many seconds without word (a heartbeat is sent
            every quarter of it).
    """

    def __init__(self, nodes: List[Node], wd: str, alloc_id: Optional[int], instance_id: str,
                 agent_timeout: float) -> None:
        self.nodes, self.wd, self.alloc_id = nodes, wd, alloc_id
        self.instance_id, self.agent_timeout = instance_id, agent_timeout
        self.agents: List[Agent] = []
        self._cleanups: List[subprocess.Popen[bytes]] = []
        self._last_beat = time.monotonic()
        self._sel = selectors.DefaultSelector()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._sel.register(self._wake_r, selectors.EVENT_READ, None)

    # ----------------------------------------------------------- start, stop
    def command(self, node: Node) -> List[str]:
        """The command line that starts the agent of ``node``."""
        agent = [sys.executable, "-u", AGENT_PATH]
        if self.alloc_id is None:
            return agent
        agent += ["--silence", str(self.agent_timeout)]
        return ["srun", f"--jobid={self.alloc_id}", "-N1", "-n1", f"--nodelist={node.name}",
                "--overlap", "--mem=0", "--quiet", "--kill-on-bad-exit=0",
                "--input=all", f"--job-name=pilot-agent-{self.instance_id}-{node.name}",
                *agent]

    def start(self, init_timeout: float) -> None:
        """Start the agents and wait for every one's hello (its host name
        and CPUs).

        Raises:
            ServiceError: an agent ended or did not answer in time.
        """
        env = dict(os.environ)
        env.pop("PYTHONSTARTUP", None)
        if self.alloc_id is not None:
            env = _step_env()
        for i, node in enumerate(self.nodes):
            proc = subprocess.Popen(self.command(node), stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, cwd=self.wd, env=env,
                                    start_new_session=self.alloc_id is None)
            agent = Agent(i, node, proc)
            self.agents.append(agent)
            self._sel.register(agent.rfd, selectors.EVENT_READ, agent)
        deadline = time.monotonic() + init_timeout
        while any(a.hello is None for a in self.agents):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServiceError("agents not started in time: " + ", ".join(
                    a.node.name for a in self.agents if a.hello is None))
            for key, _ in self._sel.select(min(left, 1.0)):
                if isinstance(key.data, Agent) and self.read(key.data) is None:
                    self.lost(key.data, stopping=False)
            for a in self.agents:
                if a.hello is None and a.proc.poll() is not None:
                    raise ServiceError(f"the agent of node {a.node.name} did not start "
                                       f"(exit code {a.proc.returncode})")

    def stop(self) -> None:
        """Send what is pending and ``quit`` to every agent, wait for them
        (killed after 15 s) and for the cleanups of dead agents."""
        for a in self.agents:
            if a.alive:
                try:
                    os.set_blocking(a.wfd, True)
                    if a.out:
                        os.write(a.wfd, bytes(a.out))
                    os.write(a.wfd, b'["q"]\n')
                except OSError:
                    pass
            try:
                a.proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
        for a in self.agents:
            try:
                a.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                a.proc.kill()
                a.proc.wait()
            try:
                a.proc.stdout.close()  # type: ignore[union-attr]
            except OSError:
                pass
            a.alive = False
        for proc in self._cleanups:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._cleanups = []

    def close(self) -> None:
        """Close the wake-up pipe and the selector (after :meth:`stop`)."""
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._sel.close()

    # ----------------------------------------------------------- input
    def wake(self) -> None:
        """Interrupt :meth:`select` (from any thread)."""
        try:
            os.write(self._wake_w, b"x")
        except BlockingIOError:
            pass

    def pending(self) -> bool:
        """Whether bytes wait to be written to an agent."""
        return any(a.out for a in self.agents)

    def select(self, timeout: float) -> List[Agent]:
        """Wait up to ``timeout`` seconds for agents with something to read
        (or a :meth:`wake`); returns those agents."""
        ready = []
        for key, mask in self._sel.select(timeout):
            if key.data is None:
                try:
                    while os.read(self._wake_r, 4096):
                        pass
                except BlockingIOError:
                    pass
            elif mask & selectors.EVENT_READ:
                ready.append(key.data)
        return ready

    def read(self, agent: Agent) -> Optional[List[List[Any]]]:
        """The task ends ``agent`` reported (lists of ``[task id, exit code,
        message, pid]``), its hello kept in ``agent.hello``; None when its
        pipe was closed (the agent died)."""
        try:
            chunk = os.read(agent.rfd, 1 << 20)
        except OSError:
            chunk = b""
        if not chunk:
            return None
        data = agent.inbuf + chunk
        lines = data.split(b"\n")
        agent.inbuf = lines.pop()
        done = []
        for line in lines:
            if not line:
                continue
            try:
                msg = json.loads(line)
            except ValueError:
                _log.warning("agent %s: %r", agent.node.name, line[:200])
                continue
            if msg[0] == "d":
                if len(msg) > 2 and msg[2]:
                    agent.pgids.update(msg[2])
                done.append(msg[1])
            elif msg[0] == "h":
                agent.hello = msg
        return done

    def lost(self, agent: Agent, stopping: bool) -> bool:
        """An agent's pipe closed: stop reading it and (unless
        ``stopping``) end the tasks it left running. False if it was known
        dead already."""
        if not agent.alive:
            return False
        agent.alive = False
        try:
            self._sel.unregister(agent.rfd)
        except (KeyError, ValueError):
            pass
        if agent.pgids and not stopping:
            self._kill_orphans(agent)
        return True

    def _kill_orphans(self, agent: Agent) -> None:
        """End the tasks a dead agent left running (their process groups):
        here for a local agent; on its node through one ``srun`` in an
        allocation (Slurm does not end the orphans of a step's process)."""
        pgids = sorted(agent.pgids)
        agent.pgids.clear()
        if self.alloc_id is None:
            for pgid in pgids:
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            return
        cmd = ["srun", f"--jobid={self.alloc_id}", "-N1", "-n1",
               f"--nodelist={agent.node.name}", "--overlap", "--mem=0", "--quiet",
               f"--job-name=pilot-cleanup-{self.instance_id}-{agent.node.name}",
               "/bin/kill", "-KILL", "--", *(f"-{p}" for p in pgids)]
        try:
            self._cleanups.append(subprocess.Popen(cmd, env=_step_env(),
                                                   stdin=subprocess.DEVNULL,
                                                   stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL))
        except OSError as e:
            _log.error("cannot end the tasks left by the agent of %s: %s", agent.node.name, e)

    # ----------------------------------------------------------- output
    def send(self, agent: Agent, msg: List[Any]) -> None:
        """Queue a message to ``agent`` (written by :meth:`flush`)."""
        if agent.alive:
            agent.out += (json.dumps(msg, separators=(",", ":")) + "\n").encode()

    def kill(self, tid: int, sig: int) -> None:
        """Send ``sig`` to task ``tid`` on every agent that runs a part of it."""
        for a in self.agents:
            if tid in a.tasks:
                self.send(a, ["k", [tid], int(sig)])

    def heartbeat(self) -> None:
        """In an allocation, tell the agents the manager lives (at most
        every quarter of the agents' timeout)."""
        now = time.monotonic()
        if self.alloc_id is not None and now - self._last_beat > self.agent_timeout / 4:
            self._last_beat = now
            for a in self.agents:
                self.send(a, ["p"])

    def flush(self) -> None:
        """Send each agent the orders of the round and write what its pipe
        takes without blocking (the rest waits for the next round)."""
        for a in self.agents:
            if a.batch:
                self.send(a, ["r", a.batch])
                a.batch = []
            if a.out and a.alive:
                try:
                    n = os.write(a.wfd, a.out)
                    del a.out[:n]
                except BlockingIOError:
                    pass
                except OSError:
                    a.out.clear()
