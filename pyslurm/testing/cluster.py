"""A real Slurm cluster on this machine, for pyslurm's tests.

:class:`Cluster` writes a ``slurm.conf`` into a runtime directory, makes
sure ``munged`` works, starts one ``slurmctld`` and ``nodes`` ``slurmd``
(each in its own UTS namespace, so its hostname is its node name), and
waits until every node is idle.  Everything the cluster writes (config,
state, spool, logs, pid files) stays in the runtime directory; the ports
it uses are kept there too (``cluster.json``), so that several clusters,
e.g. one per Slurm major, can run side by side.

Nodes:

* live nodes ``c1`` .. ``cN``, each with its own ``slurmd``, in the
  partitions ``debug`` (default, all of them) and ``half`` (the first
  half);
* with ``extra_nodes=M``, M daemon-less nodes ``x0001`` .. declared
  ``State=CLOUD`` with varied CPUs, memory, features and GPUs, in the
  partitions ``cloud`` (all), ``gpu`` and ``bigmem``.  A few of them are
  drained or downed with a reason after start.  They exist to be listed
  (large node tables, every kind of node state); jobs are never sent
  there: no partition mixes them with live nodes, and a job submitted to
  them would wait for a power-up that never comes.

``munged`` is a system service shared by every cluster on the machine:
it is started if it is not running, and left running by :meth:`down`.

The daemons run as root; the module runs identically on the host and
inside a Debian root of another release (see ``scripts/roots.py`` in a
checkout). It uses only the standard library and Slurm's command-line
tools; the slurm.conf it writes is made by :mod:`pyslurm.testing.slurmconf`,
ports, processes and munge are handled by :mod:`pyslurm.testing.host`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, NoReturn, Sequence

from pyslurm.testing.accounting import (
    DB_PORT_OFFSET, DBD_PORT_OFFSET, DEFAULT_ACCOUNT, AccountingStack,
)
from pyslurm.testing.host import (  # noqa: F401  (also importable from here)
    DEFAULT_PORT_BASE, PORT_BLOCK, ClusterError, _cmdline, _environ, _pids, add_hosts_entry,
    alive, block_ports, choose_port_base, ensure_munge, port_free, port_owner, read_pid,
    remove_hosts_entry, same_root, terminate,
)
from pyslurm.testing.slurmconf import (  # noqa: F401  (also importable from here)
    EXTRA_DOWN_REASON, EXTRA_DRAIN_REASON, EXTRA_KINDS, MAJOR_SETTINGS, Layout, hostlist,
    slurm_conf, split_shares,
)
from pyslurm.version import SLURM_MAJORS

if TYPE_CHECKING:
    from typing_extensions import Self

SUPPORTED_MAJORS = SLURM_MAJORS
STATE_FILE = "cluster.json"
DEFAULTS: dict[str, int | bool | None] = {
    "nodes": 4, "cpus": 4, "memory": 4000, "extra_nodes": 0, "port_base": None,
    "accounting": False, "clusters": 1}
# With accounting, clusters 2.. are siblings registered in the same
# slurmdbd: (ClusterName, node-name prefix, FirstJobId), each with
# SIBLING_NODES live nodes, in <runtime_dir>/clusters/<name>.
SIBLINGS = (("pyslurm2", "s", 500000), ("pyslurm3", "t", 800000))
MAX_CLUSTERS = 1 + len(SIBLINGS)
SIBLING_NODES = 2
ACCOUNTING_PORT_OFFSETS = (DB_PORT_OFFSET, DBD_PORT_OFFSET)
# Set in the daemons' environment (and so in slurmstepd's): how down()
# recognises leftovers of this cluster (in the same root) and nothing else.
DAEMON_MARK = "PYSLURM_CLUSTER_DAEMON"
# "planned" is an idle node the backfill scheduler has set aside for a pending
# job (sinfo marks a mixed one "mixed-"); the flag lasts until its next cycle.
HEALTHY_STATES = ("idle", "mixed", "allocated", "completing", "planned")
# Seconds a just-started daemon may take to write its pid file.
DAEMON_GRACE = 3
# Lines of each daemon log shown when starting fails.
LOG_TAIL = 12


# Versions and paths

def parse_major(text: str | None) -> str | None:
    """``"22.05"`` from version text such as ``"slurm-wlm 22.05.8"``."""
    match = re.search(r"(\d+)\.(\d+)\.\d+", text or "")
    return f"{int(match[1]):02d}.{int(match[2]):02d}" if match else None


def host_major() -> str | None:
    """The Slurm major installed here, or None if there is none.

    Read from ``slurmctld -V``, else from ``slurm/slurm_version.h``.
    """
    with contextlib.suppress(OSError):
        out = subprocess.run(["slurmctld", "-V"], capture_output=True,
                             text=True, check=False).stdout
        if parse_major(out):
            return parse_major(out)
    with contextlib.suppress(OSError):
        with open("/usr/include/slurm/slurm_version.h", encoding="utf-8") as f:
            match = re.search(r"SLURM_VERSION_NUMBER\s+0x([0-9a-fA-F]+)",
                              f.read())
        if match:
            number = int(match[1], 16)
            return f"{number >> 16:02d}.{(number >> 8) & 0xff:02d}"
    return None


def default_runtime_dir() -> str:
    """``$PYSLURM_CLUSTER_DIR``, else ``.cluster`` in the current directory."""
    return os.environ.get("PYSLURM_CLUSTER_DIR") or os.path.join(
        os.getcwd(), ".cluster")



class Cluster:
    """A local Slurm cluster whose files all live in ``runtime_dir``.

    Example::

        cluster = Cluster(".cluster", nodes=4)
        cluster.up()
        os.environ.update(cluster.env())   # SLURM_CONF
        ...
        cluster.down()
    """

    def __init__(self, runtime_dir: str | None = None, slurm: str | None = None,
                 nodes: int = 4, cpus: int = 4, memory: int = 4000, extra_nodes: int = 0,
                 port_base: int | None = None, timeout: float = 120,
                 log: Callable[[str], object] = print, accounting: bool = False,
                 clusters: int = 1, name: str = "pyslurm", prefix: str = "c",
                 dbd_port: int | None = None, first_job_id: int | None = None) -> None:
        self.runtime_dir = os.path.abspath(runtime_dir or
                                           default_runtime_dir())
        here = host_major()
        if here is None:
            raise ClusterError(
                "Slurm is not installed here: apt-get install slurmctld "
                "slurmd slurm-client munge")
        if slurm and slurm != here:
            raise ClusterError(
                f"this machine has Slurm {here}, not {slurm}: run a {slurm} cluster "
                f"in a Debian root with scripts/cluster up --slurm {slurm} (in a "
                f"pyslurm source checkout)")
        self.major = here
        if not 1 <= clusters <= MAX_CLUSTERS:
            raise ClusterError(f"--clusters must be 1 to {MAX_CLUSTERS}, not {clusters}")
        if clusters > 1 and not accounting:
            raise ClusterError("several clusters need accounting: one slurmdbd knows "
                               "them all (add --accounting)")
        self.layout = Layout(nodes, cpus, memory, extra_nodes, prefix)
        self.accounting = bool(accounting)
        self.clusters = clusters
        self.name = name
        # a sibling records its jobs in the first cluster's slurmdbd
        self.dbd_port = dbd_port
        self.first_job_id = first_job_id
        self.requested_port_base = port_base
        self.timeout = timeout
        self.log = log

    @classmethod
    def load(cls, runtime_dir: str | None = None, **overrides: Any) -> Self:
        """A Cluster with the parameters stored in ``runtime_dir``.

        Parameters passed as keyword arguments (and not None) win; the
        others come from the last ``up`` there, else the defaults.
        """
        runtime_dir = os.path.abspath(runtime_dir or default_runtime_dir())
        stored = _read_state(runtime_dir).get("params", {})
        params = {k: stored.get(k, v) for k, v in DEFAULTS.items()}
        params.update({k: v for k, v in overrides.items() if v is not None})
        return cls(runtime_dir, **params)

    # Paths and facts

    def path(self, *parts: str) -> str:
        return os.path.join(self.runtime_dir, *parts)

    @property
    def conf_path(self) -> str:
        return self.path("slurm.conf")

    @property
    def node_names(self) -> list[str]:
        """Names of the live nodes (those with a slurmd)."""
        return self.layout.node_names

    @property
    def partitions(self) -> dict[str, list[str]]:
        """``{partition: [node names]}``, ``debug`` (the default) first."""
        return self.layout.partitions

    @property
    def port_base(self) -> int | None:
        """The slurmctld port; slurmd ports follow it."""
        return _read_state(self.runtime_dir).get("port_base")

    @property
    def controller_pid(self) -> int | None:
        """pid of this cluster's running slurmctld, or None."""
        return self._our_pid(self.path("run", "slurmctld.pid"))

    def slurmd_pid(self, node: str) -> int | None:
        """pid of the running slurmd of ``node``, or None."""
        return self._our_pid(self.path("run", f"slurmd.{node}.pid"))

    def env(self) -> dict[str, str]:
        """Environment entries that point Slurm's clients at this cluster."""
        return {"SLURM_CONF": self.conf_path}

    @property
    def stack(self) -> AccountingStack | None:
        """The MariaDB + slurmdbd of this cluster (with accounting), else
        None; its ports follow the port base of the last ``up``."""
        base = self.port_base
        if not self.accounting or base is None:
            return None
        return AccountingStack(self.runtime_dir, base, (DAEMON_MARK, self.runtime_dir),
                               log=self.log)

    @property
    def cluster_names(self) -> list[str]:
        """ClusterName of this cluster and of its siblings."""
        return [self.name] + [sib[0] for sib in SIBLINGS[:self.clusters - 1]]

    @property
    def siblings(self) -> list[Cluster]:
        """The other clusters registered in this cluster's slurmdbd."""
        base = self.port_base
        dbd_port = None if base is None else base + DBD_PORT_OFFSET
        found = []
        for name, prefix, first_job_id in SIBLINGS[:self.clusters - 1]:
            sibling = Cluster(self.path("clusters", name), nodes=SIBLING_NODES,
                              cpus=self.layout.cpus, memory=self.layout.memory,
                              timeout=self.timeout, log=self.log, name=name, prefix=prefix,
                              dbd_port=dbd_port, first_job_id=first_job_id)
            found.append(sibling)
        return found

    @property
    def confs(self) -> dict[str, str]:
        """``{ClusterName: slurm.conf path}`` of this cluster and its siblings."""
        return {self.name: self.conf_path,
                **{s.name: s.conf_path for s in self.siblings}}

    def _our_pid(self, pid_file: str) -> int | None:
        pid = read_pid(pid_file)
        if (pid and alive(pid) and same_root(pid)
                and self.conf_path in _cmdline(pid)):
            return pid
        return None

    def _params(self) -> dict[str, Any]:
        return {"nodes": self.layout.nodes, "cpus": self.layout.cpus,
                "memory": self.layout.memory,
                "extra_nodes": self.layout.extra_nodes, "major": self.major,
                "accounting": self.accounting, "clusters": self.clusters,
                "name": self.name, "prefix": self.layout.prefix}

    # Commands

    def slurm(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run a Slurm client command against this cluster."""
        return subprocess.run(list(args), env={**os.environ, **self.env()},
                              capture_output=True, text=True, timeout=timeout,
                              check=False)

    def node_states(self, nodes: Iterable[str] | None = None) -> dict[str, str]:
        """``{node: state}`` as sinfo reports it (e.g. ``idle``, ``down*``)."""
        args = ["sinfo", "-h", "-N", "-o", "%N %T"]
        if nodes:
            args += ["-n", ",".join(nodes)]
        result = self.slurm(*args)
        if result.returncode != 0:
            return {}
        return dict(line.split(None, 1) for line in result.stdout.splitlines()
                    if line.strip())

    def ping(self) -> bool:
        """True if the controller answers ``scontrol ping``."""
        try:
            return self.slurm("scontrol", "ping", timeout=30).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    # State

    def daemons(self) -> dict[str, int | None]:
        """``{daemon: pid or None}`` for slurmctld and each slurmd."""
        found = {"slurmctld": self.controller_pid}
        for node in self.node_names:
            found[f"slurmd {node}"] = self.slurmd_pid(node)
        stack = self.stack
        if stack is not None:
            found.update(stack.daemons())
        return found

    def healthy(self) -> bool:
        """True if every daemon runs, with this configuration, and every
        live node is responding in a usable state."""
        if _read_state(self.runtime_dir).get("params") != self._params():
            return False
        if not all(self.daemons().values()):
            return False
        states = self.node_states(self.node_names)
        return (len(states) == len(self.node_names) and
                all(usable_state(s) for s in states.values()) and
                all(s.healthy() for s in self.siblings))

    def status(self) -> str:
        """A human-readable report of daemons and node states."""
        lines = [f"Slurm {self.major} cluster in {self.runtime_dir}"]
        port = self.port_base
        lines.append(f"  SLURM_CONF={self.conf_path}"
                     + (f"  slurmctld port {port}" if port else ""))
        for name, pid in self.daemons().items():
            lines.append(f"  {name:12} " +
                         (f"running (pid {pid})" if pid else "not running"))
        if self.controller_pid:
            summary = self.slurm("sinfo", "-h", "-o", "%P %D %T")
            lines.append("  partition nodes state:")
            lines += [f"    {line}" for line in summary.stdout.splitlines()]
        stack = self.stack
        if stack is not None:
            lines.append(f"  accounting: slurmdbd port {stack.dbd_port}, MariaDB "
                         f"127.0.0.1:{stack.db_port}; clusters "
                         f"{', '.join(self.cluster_names)}; account {DEFAULT_ACCOUNT}")
        for sibling in self.siblings:
            lines.append(f"  cluster {sibling.name}:")
            lines += ["  " + line for line in sibling.status().splitlines()]
        return "\n".join(lines)

    # Starting and stopping

    def up(self, keep_state: bool = False) -> Self:
        """Start the cluster and wait until it is usable; return self.

        A healthy cluster with the same parameters is left as it is; a
        partly running one, or one with other parameters, is restarted.
        A cluster that is started begins from a clean controller state
        (no jobs, reservations or drained nodes an interrupted run left),
        unless ``keep_state`` and its parameters did not change.
        On failure the daemons are stopped again and ClusterError carries
        the tail of each daemon log.
        """
        if self.healthy():
            self.log(f"[cluster] already up: {self.runtime_dir}")
            return self
        if os.geteuid() != 0:
            raise ClusterError("starting a cluster needs root (its daemons "
                               "run as root and munged must be set up)")
        stored = _read_state(self.runtime_dir)
        if any(self.daemons().values()):
            self.log("[cluster] restarting: not every daemon is healthy or "
                     "the parameters changed")
            self.down()
        fresh_state = not keep_state or stored.get("params") != self._params()
        started = time.monotonic()
        base = choose_port_base(self.layout.nodes, self.requested_port_base,
                                stored.get("port_base"),
                                extra_offsets=ACCOUNTING_PORT_OFFSETS if self.accounting else ())
        self._write_files(base, fresh_state)
        # every cluster keeps its own line, so one going down never takes
        # names another still needs
        add_hosts_entry(self.node_names, self.runtime_dir)
        ensure_munge(self.log)
        try:
            stack = self.stack
            if stack is not None:
                stack.up(self.conf_path, self.cluster_names)
            self._start_controller()
            self._start_slurmds()
            for sibling in self.siblings:
                sibling.up(keep_state=keep_state)
            self._wait_idle(kept_state=not fresh_state)
            self._take_out_extra_nodes()
        except BaseException:
            self.down()   # leave no half-started cluster; logs stay
            raise
        self.log(f"[cluster] up in {time.monotonic() - started:.1f} s: "
                 f"{len(self.node_names)} nodes, "
                 f"{self.layout.extra_nodes} extra, "
                 + (f"accounting, clusters {', '.join(self.cluster_names)}, "
                    if self.accounting else "")
                 + f"SLURM_CONF={self.conf_path}")
        return self

    def _write_files(self, port_base: int, fresh_state: bool) -> None:
        for sub in ("state", "spool", "run", "log"):
            os.makedirs(self.path(sub), exist_ok=True)
        if fresh_state:
            _empty_dir(self.path("state"))
        for node in self.node_names:
            os.makedirs(self.path("spool", node), exist_ok=True)
        dbd_port = port_base + DBD_PORT_OFFSET if self.accounting else self.dbd_port
        _write(self.conf_path, slurm_conf(self.layout, self.major, port_base,
                                          self.runtime_dir, self.name, dbd_port,
                                          self.first_job_id))
        cgroup_conf = MAJOR_SETTINGS[self.major]["cgroup.conf"]
        if cgroup_conf:
            _write(self.path("cgroup.conf"), cgroup_conf)
        else:
            _remove(self.path("cgroup.conf"))
        _write(self.path(STATE_FILE), json.dumps(
            {"port_base": port_base, "params": self._params()},
            indent=1) + "\n")

    def _daemon_env(self) -> dict[str, str]:
        return {**os.environ, **self.env(), DAEMON_MARK: self.runtime_dir}

    def start_controller(self) -> None:
        """Start slurmctld (if not running) and wait until it answers and
        the nodes whose slurmd runs have registered again."""
        self._start_controller()
        if all(self.daemons().values()):
            self._wait_idle()

    def _start_controller(self) -> None:
        if self.controller_pid:
            return
        _remove(self.path("run", "slurmctld.pid"))
        self._spawn(["slurmctld", "-f", self.conf_path], "slurmctld")
        self._wait(lambda: self.controller_pid and self.ping(),
                   "slurmctld to answer scontrol ping", ["slurmctld"])

    def stop_controller(self, timeout: float = 15) -> None:
        """Stop slurmctld only (the slurmds stay up)."""
        pid = self.controller_pid
        if pid:
            terminate(pid, timeout)

    def _start_slurmds(self) -> None:
        for node in self.node_names:
            if self.slurmd_pid(node):
                continue
            _remove(self.path("run", f"slurmd.{node}.pid"))
            self._spawn(["unshare", "--uts", "sh", "-c",
                         f'hostname {node} && exec slurmd -f "$0" -N {node}',
                         self.conf_path], f"slurmd {node}")

    def _spawn(self, cmd: list[str], daemon: str) -> None:
        try:
            result = subprocess.run(cmd, env=self._daemon_env(), cwd="/",
                                    capture_output=True, text=True,
                                    timeout=60, check=False)
        except OSError as e:
            self._fail(f"{daemon} could not be run ({e}); install slurmctld, "
                       f"slurmd and util-linux", [daemon])
        if result.returncode != 0:
            self._fail(f"{daemon} did not start ({' '.join(cmd)} exited with "
                       f"{result.returncode}: {result.stderr.strip()})",
                       [daemon])

    def _wait(self, ready: Callable[[], object], what: str, daemons: Sequence[str]) -> None:
        """Poll ``ready()``; fail at the timeout, or at once when one of
        ``daemons`` has died (after a short grace for its pid file)."""
        started = time.monotonic()
        while time.monotonic() < started + self.timeout:
            if ready():
                return
            if time.monotonic() > started + DAEMON_GRACE:
                running = self.daemons()
                dead = [d for d in daemons if not running[d]]
                if dead:
                    self._fail(f"{', '.join(dead)} exited while waiting for "
                               f"{what}", ["slurmctld", *dead])
            time.sleep(0.5)
        self._fail(f"timed out after {self.timeout} s waiting for {what}",
                   daemons)

    def _wait_idle(self, kept_state: bool = False) -> None:
        """Wait until every live node is usable; with ``kept_state`` until
        each responds (a node drained or down in the state kept stays so)."""
        ready = responding_state if kept_state else usable_state

        def all_ready() -> bool:
            states = self.node_states(self.node_names)
            return (len(states) == len(self.node_names) and
                    all(ready(s) for s in states.values()))
        what = "to respond" if kept_state else "to be idle"
        self._wait(all_ready, f"nodes {', '.join(self.node_names)} {what}",
                   list(self.daemons()))

    def _take_out_extra_nodes(self) -> None:
        for state, nodes in self.layout.extra_states().items():
            if not nodes:
                continue
            reason = EXTRA_DRAIN_REASON if state == "drain" else \
                EXTRA_DOWN_REASON
            result = self.slurm("scontrol", "update",
                                f"nodename={','.join(nodes)}",
                                f"state={state}", f"reason={reason}")
            if result.returncode != 0:
                self._fail(f"scontrol could not set {state} on "
                           f"{','.join(nodes)}: {result.stderr.strip()}",
                           ["slurmctld"])

    def log_path(self, daemon: str) -> str:
        """The log file of ``"slurmctld"`` or ``"slurmd NODE"``."""
        name = daemon.replace(" ", ".")
        return self.path("log", f"{name}.log")

    def _fail(self, message: str, daemons: Iterable[str]) -> NoReturn:
        """Raise ClusterError with the tail of each named daemon's log."""
        parts = [message]
        for daemon in dict.fromkeys(daemons):
            try:
                with open(self.log_path(daemon), errors="replace") as f:
                    tail = "".join(f.readlines()[-LOG_TAIL:]).rstrip()
            except OSError as e:
                tail = f"(no log: {e.strerror})"
            parts.append(f"--- last lines of {self.log_path(daemon)}:\n{tail}")
        raise ClusterError("\n".join(parts))

    def down(self, timeout: float = 15) -> int:
        """Cancel jobs, stop this cluster's daemons and their leftovers.

        Only processes recorded in this runtime directory's pid files, or
        started by its daemons, are signalled; ``munged`` is left running.
        Returns the number of processes stopped.
        """
        stopped = sum(sibling.down(timeout) for sibling in self.siblings)
        if self.controller_pid:
            self._cancel_jobs()
        stack = self.stack
        # slurmdbd and MariaDB go last: the controller reports to them
        # until it stops
        pids = [pid for name, pid in self.daemons().items()
                if pid and name not in ("slurmdbd", "mariadbd")]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in pids:
            terminate(pid, timeout)
        if stack is not None:
            stopped += stack.down()
        leftovers = self._leftovers()
        for pid in leftovers:
            terminate(pid, 5)
        remove_hosts_entry(self.runtime_dir)
        return stopped + len(pids) + len(leftovers)

    def _cancel_jobs(self) -> None:
        jobs = self.slurm("squeue", "-h", "-o", "%i").stdout.split()
        if not jobs:
            return
        self.slurm("scancel", *jobs)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            running = self.slurm("squeue", "-h", "-t", "R,CG", "-o", "%i")
            if not running.stdout.strip():
                return
            time.sleep(0.5)

    def _leftovers(self) -> list[int]:
        mark = f"{DAEMON_MARK}={self.runtime_dir}".encode()
        return [pid for pid in _pids()
                if pid != os.getpid() and mark in _environ(pid)
                and same_root(pid)]


def usable_state(state: str) -> bool:
    """Whether a node state as sinfo prints it (%T) can run jobs."""
    return not state.endswith("*") and state.rstrip("~#!%$@^-+") in \
        HEALTHY_STATES


def responding_state(state: str) -> bool:
    """Whether a node (as sinfo prints its state) has registered and
    responds, whatever an admin set it to."""
    return not state.endswith("*") and not state.startswith("unk")


def _read_state(runtime_dir: str) -> dict[str, Any]:
    try:
        with open(os.path.join(runtime_dir, STATE_FILE)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _empty_dir(path: str) -> None:
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            _empty_dir(full)
            os.rmdir(full)
        else:
            os.unlink(full)
