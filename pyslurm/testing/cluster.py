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
inside a Debian root of another release (see ``scripts/roots.py`` in a checkout).
It uses only the standard library and Slurm's command-line tools.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, NoReturn, Optional, Sequence

from pyslurm.errors import PyslurmError
from pyslurm.version import SLURM_MAJORS

if TYPE_CHECKING:
    from typing_extensions import Self

SUPPORTED_MAJORS = SLURM_MAJORS
DEFAULT_PORT_BASE = 16817
# Alternative port blocks are tried DEFAULT_PORT_BASE + k * PORT_BLOCK.
PORT_BLOCK = 200
PORT_TRIES = 20
STATE_FILE = "cluster.json"
DEFAULTS: dict[str, int | None] = {"nodes": 4, "cpus": 4, "memory": 4000, "extra_nodes": 0,
            "port_base": None}
# Set in the daemons' environment (and so in slurmstepd's): how down()
# recognises leftovers of this cluster (in the same root) and nothing else.
DAEMON_MARK = "PYSLURM_CLUSTER_DAEMON"
MUNGE_DIRS = ("/run/munge", "/var/log/munge", "/var/lib/munge", "/etc/munge")
MUNGE_KEY = "/etc/munge/munge.key"
# "planned" is an idle node the backfill scheduler has set aside for a pending
# job (sinfo marks a mixed one "mixed-"); the flag lasts until its next cycle.
HEALTHY_STATES = ("idle", "mixed", "allocated", "completing", "planned")
# Seconds a just-started daemon may take to write its pid file.
DAEMON_GRACE = 3
# Lines of each daemon log shown when starting fails.
LOG_TAIL = 12

# Every difference between majors in the generated configuration.
# "cloud": slurm.conf settings added when there are CLOUD nodes.  22.05
#   hides powered-down cloud nodes from sinfo/scontrol unless
#   PrivateData=cloud; later majors always show them.
# "cgroup.conf": 24.11 and later fail to start slurmd without a working
#   cgroup plugin, so it is disabled (no cgroup filesystem in a root);
#   22.05 has no "disabled" plugin and refuses that line, so it gets no
#   cgroup.conf and autodetects the host's cgroup version.
# Every major clears the POWER_SAVE flag of CLOUD nodes when slurmctld
# restarts without power saving configured (22.05 also when it reads its
# saved state); the daemon-less nodes then count as powered up and get
# pinged (10 s socket timeouts each).  Power saving that never suspends a
# live node (SuspendExcNodes, set from the layout) keeps them powered down.
POWER_SAVE = {"SuspendProgram": "/bin/true", "ResumeProgram": "/bin/true",
              "SuspendTime": "3600"}

# {major: {"cloud": {setting: value}, "cgroup.conf": text or None}}
MAJOR_SETTINGS: dict[str, dict[str, Any]] = {
    "22.05": {"cloud": {"PrivateData": "cloud", **POWER_SAVE}, "cgroup.conf": None},
    "24.11": {"cloud": POWER_SAVE, "cgroup.conf": "CgroupPlugin=disabled\n"},
    "26.05": {"cloud": POWER_SAVE, "cgroup.conf": "CgroupPlugin=disabled\n"},
}

# Room for dynamic nodes (scontrol create node / pyslurm.Node.create):
# MaxNodeCount is the configured nodes plus this many.
DYNAMIC_NODE_ROOM = 4

# Kinds of daemon-less extra nodes: (share, CPUs, MiB, features, gres).
ExtraKind = tuple[int, int, int, str, Optional[str]]
EXTRA_KINDS: tuple[ExtraKind, ...] = (
    (5, 16, 64000, "cpu,intel,avx2", None),
    (2, 32, 192000, "gpu,amd", "gpu:2"),
    (2, 64, 1024000, "bigmem,intel", None),
    (1, 48, 384000, "gpu,intel,nvlink", "gpu:4"),
)
EXTRA_PARTITIONS = {"gpu": ("gpu",), "bigmem": ("bigmem",)}
EXTRA_DRAIN_REASON = "pyslurm testing: drained on purpose"
EXTRA_DOWN_REASON = "pyslurm testing: down on purpose"


HOSTS_FILE = "/etc/hosts"
HOSTS_MARK = "# pyslurm.testing node names for"


def add_hosts_entry(names: Iterable[str], owner: str, hosts_file: str = HOSTS_FILE) -> None:
    """Make ``names`` resolve to 127.0.0.1 with one marked line in
    ``hosts_file`` (replacing ``owner``'s previous line).

    Each slurmd runs with its node's name as hostname, and srun reports that
    name; controllers from 24.11 on contact srun by it (cancelling a step
    otherwise stalls ~10 s in getaddrinfo and fails).  Removed by
    :func:`remove_hosts_entry` when the cluster goes down."""
    remove_hosts_entry(owner, hosts_file)
    with open(hosts_file, "a", encoding="utf-8") as f:
        f.write(f"127.0.0.1\t{' '.join(names)}\t{HOSTS_MARK} {owner}\n")


def remove_hosts_entry(owner: str, hosts_file: str = HOSTS_FILE) -> bool:
    """Remove the line :func:`add_hosts_entry` wrote for ``owner``."""
    try:
        with open(hosts_file, encoding="utf-8") as f:
            lines = f.readlines()
    except FileNotFoundError:
        return False
    kept = [line for line in lines if not line.rstrip().endswith(f"{HOSTS_MARK} {owner}")]
    if len(kept) == len(lines):
        return False
    with open(hosts_file, "w", encoding="utf-8") as f:
        f.writelines(kept)
    return True


class ClusterError(PyslurmError, RuntimeError):
    """The cluster could not be started, checked or stopped."""


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


# Node layout

def hostlist(prefix: str, first: int, last: int, width: int = 0) -> str:
    """A Slurm host range: ``hostlist("c", 1, 4) == "c[1-4]"``."""
    if first == last:
        return f"{prefix}{first:0{width}d}"
    return f"{prefix}[{first:0{width}d}-{last:0{width}d}]"


def split_shares(total: int, shares: Sequence[int]) -> list[int]:
    """Split ``total`` items into consecutive counts proportional to shares.

    Every share gets at least one item while items last.
    """
    counts = [0] * len(shares)
    for i in range(min(total, len(shares))):
        counts[i] = 1
    rest = total - sum(counts)
    whole = sum(shares)
    for i, share in enumerate(shares):
        counts[i] += rest * share // whole
    counts[0] += total - sum(counts)
    return counts


class Layout:
    """Which nodes and partitions a cluster has (no ports, no paths)."""

    EXTRA_WIDTH = 4

    def __init__(self, nodes: int = 4, cpus: int = 4, memory: int = 4000,
                 extra_nodes: int = 0) -> None:
        if nodes < 1:
            raise ClusterError("a cluster needs at least one node (--nodes)")
        if nodes >= PORT_BLOCK:
            raise ClusterError(f"at most {PORT_BLOCK - 1} live nodes")
        if extra_nodes >= 10 ** self.EXTRA_WIDTH:
            raise ClusterError(f"at most {10 ** self.EXTRA_WIDTH - 1} "
                               f"extra nodes")
        self.nodes, self.cpus, self.memory = nodes, cpus, memory
        self.extra_nodes = extra_nodes

    @property
    def node_names(self) -> list[str]:
        """Names of the live nodes, ``c1`` .. ``cN``."""
        return [f"c{i}" for i in range(1, self.nodes + 1)]

    @property
    def half(self) -> list[str]:
        """Names of the nodes in partition ``half``."""
        return self.node_names[:max(1, self.nodes // 2)]

    def extra_groups(self) -> list[tuple[int, int, ExtraKind]]:
        """``(first, last, kind)`` index ranges of the extra nodes."""
        groups: list[tuple[int, int, ExtraKind]] = []
        first = 1
        counts = split_shares(self.extra_nodes, [k[0] for k in EXTRA_KINDS])
        for count, kind in zip(counts, EXTRA_KINDS):
            if count:
                groups.append((first, first + count - 1, kind))
                first += count
        return groups

    def extra_name(self, index: int) -> str:
        return f"x{index:0{self.EXTRA_WIDTH}d}"

    @property
    def extra_names(self) -> list[str]:
        return [self.extra_name(i) for i in range(1, self.extra_nodes + 1)]

    def extra_states(self) -> dict[str, list[str]]:
        """``{"drain": [...], "down": [...]}``: extra nodes to take out.

        The second node of each kind is drained and the third is downed.
        """
        states: dict[str, list[str]] = {"drain": [], "down": []}
        for first, last, _ in self.extra_groups():
            if last >= first + 1:
                states["drain"].append(self.extra_name(first + 1))
            if last >= first + 2:
                states["down"].append(self.extra_name(first + 2))
        return states

    @property
    def partitions(self) -> dict[str, list[str]]:
        """``{partition: [node names]}``, the default partition first."""
        parts = {"debug": self.node_names, "half": self.half}
        if self.extra_nodes:
            parts["cloud"] = self.extra_names
            for name, features in EXTRA_PARTITIONS.items():
                members = [self.extra_name(i)
                           for first, last in self._with_features(features)
                           for i in range(first, last + 1)]
                if members:
                    parts[name] = members
        return parts

    def _with_features(self, features: Iterable[str]) -> list[tuple[int, int]]:
        """``(first, last)`` of the extra groups having any of ``features``."""
        return [(first, last) for first, last, kind in self.extra_groups()
                if set(features) & set(kind[3].split(","))]

    def node_lines(self, slurmd_port: int) -> list[str]:
        """The ``NodeName=`` lines of slurm.conf."""
        last_port = slurmd_port + self.nodes - 1
        ports = (str(slurmd_port) if self.nodes == 1
                 else f"{slurmd_port}-{last_port}")
        lines = [f"NodeName={hostlist('c', 1, self.nodes)} "
                 f"NodeHostname=localhost NodeAddr=127.0.0.1 Port={ports} "
                 f"CPUs={self.cpus} RealMemory={self.memory} State=UNKNOWN"]
        for first, last, (_, cpus, memory, features, gres) in \
                self.extra_groups():
            line = (f"NodeName={hostlist('x', first, last, self.EXTRA_WIDTH)} "
                    f"NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory} "
                    f"Features={features}")
            if gres:
                line += f" Gres={gres}"
            lines.append(line + " State=CLOUD")
        return lines

    def partition_lines(self) -> list[str]:
        """The ``PartitionName=`` lines of slurm.conf."""
        lines = [
            f"PartitionName=debug Nodes={hostlist('c', 1, self.nodes)} "
            f"Default=YES MaxTime=INFINITE State=UP",
            f"PartitionName=half Nodes={hostlist('c', 1, len(self.half))} "
            f"MaxTime=INFINITE State=UP",
        ]
        if self.extra_nodes:
            lines.append(
                f"PartitionName=cloud "
                f"Nodes={hostlist('x', 1, self.extra_nodes, self.EXTRA_WIDTH)}"
                f" MaxTime=INFINITE State=UP")
            for name, features in EXTRA_PARTITIONS.items():
                ranges = ",".join(hostlist("x", first, last, self.EXTRA_WIDTH)
                                  for first, last in
                                  self._with_features(features))
                if ranges:
                    lines.append(f"PartitionName={name} Nodes={ranges} "
                                 f"MaxTime=INFINITE State=UP")
        return lines

    def uses_gres(self) -> bool:
        return any(kind[4] for _, _, kind in self.extra_groups())


# Configuration

def slurm_conf(layout: Layout, major: str, port_base: int, runtime_dir: str) -> str:
    """The text of slurm.conf for ``layout`` under Slurm ``major``."""
    if major not in MAJOR_SETTINGS:
        raise ClusterError(f"Slurm {major} is not supported; supported: "
                           f"{', '.join(SUPPORTED_MAJORS)}")
    d = runtime_dir
    settings: dict[str, str | int] = {
        "ClusterName": "pyslurm",
        "SlurmctldHost": "localhost",
        "SlurmctldPort": port_base,
        "SlurmdPort": port_base + 1,
        "SlurmUser": "root",
        "SlurmdUser": "root",
        "AuthType": "auth/munge",
        "CredType": "cred/munge",
        "MpiDefault": "none",
        "ProctrackType": "proctrack/linuxproc",
        "TaskPlugin": "task/none",
        "SelectType": "select/cons_tres",
        "SelectTypeParameters": "CR_Core_Memory",
        "SchedulerType": "sched/backfill",
        "SlurmdParameters": "config_overrides",
        "JobAcctGatherType": "jobacct_gather/linux",
        "JobAcctGatherFrequency": "task=5",
        "DefMemPerCPU": 500,
        "ReturnToService": 2,
        "MessageTimeout": 10,
        "SlurmctldTimeout": 30,
        "SlurmdTimeout": 60,
        "KillWait": 2,
        "MinJobAge": 300,
        # room for the 50,000-job benchmark (scripts/bench/jobs.py)
        "MaxJobCount": 100000,
        "InactiveLimit": 0,
        "StateSaveLocation": f"{d}/state",
        "SlurmdSpoolDir": f"{d}/spool/%n",
        "SlurmctldPidFile": f"{d}/run/slurmctld.pid",
        "SlurmdPidFile": f"{d}/run/slurmd.%n.pid",
        "SlurmctldLogFile": f"{d}/log/slurmctld.log",
        "SlurmdLogFile": f"{d}/log/slurmd.%n.log",
        "MailProg": "/bin/true",
        # cluster-wide licenses, for license requests and reservations
        "Licenses": "fluent:4,matlab:2",
        "MaxNodeCount": layout.nodes + layout.extra_nodes + DYNAMIC_NODE_ROOM,
        "SlurmctldDebug": "info",
        "SlurmdDebug": "info",
    }
    if layout.uses_gres():
        settings["GresTypes"] = "gpu"
    if layout.extra_nodes:
        settings.update(MAJOR_SETTINGS[major]["cloud"])
        if "SuspendTime" in settings:
            settings["SuspendExcNodes"] = hostlist("c", 1, layout.nodes)
    lines = [f"# Written by pyslurm.testing.cluster for Slurm {major}; "
             f"rewritten on every 'up'."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    lines += layout.node_lines(port_base + 1)
    lines += layout.partition_lines()
    return "\n".join(lines) + "\n"


# Ports

def port_free(port: int) -> bool:
    """True if a TCP listener could bind ``port`` on all addresses."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def block_ports(base: int, nodes: int) -> list[int]:
    """The ports a cluster with ``nodes`` live nodes uses from ``base``."""
    return list(range(base, base + nodes + 1))


def choose_port_base(nodes: int, requested: int | None = None, stored: int | None = None,
                     is_free: Callable[[int], bool] = port_free) -> int:
    """The first port of a free block for a cluster of ``nodes`` nodes.

    An explicitly ``requested`` base must be free, or ClusterError names
    what holds it.  Otherwise the ``stored`` base of this runtime
    directory is preferred, then the default block and the blocks after
    it, ``PORT_BLOCK`` apart.
    """
    if requested is not None:
        busy = [p for p in block_ports(requested, nodes) if not is_free(p)]
        if busy:
            raise ClusterError(
                f"ports in use from --port-base {requested}: "
                + "; ".join(f"{p} ({port_owner(p)})" for p in busy)
                + ". Stop that cluster (python -m pyslurm.testing down --dir ...) or "
                  "choose another --port-base")
        return requested
    candidates: list[int] = [stored] if stored else []
    candidates += [DEFAULT_PORT_BASE + k * PORT_BLOCK
                   for k in range(PORT_TRIES)]
    for base in candidates:
        if all(is_free(p) for p in block_ports(base, nodes)):
            return base
    raise ClusterError(
        f"no free block of {nodes + 1} ports from {DEFAULT_PORT_BASE} to "
        f"{candidates[-1] + nodes}; pass --port-base")


def port_owner(port: int) -> str:
    """Best-effort description of the process listening on ``port``."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            with open(table, encoding="ascii") as f:
                for row in f.readlines()[1:]:
                    cols = row.split()
                    local_port = int(cols[1].rsplit(":", 1)[1], 16)
                    if cols[3] == "0A" and local_port == port:   # LISTEN
                        inodes.add(cols[9])
    for pid in _pids():
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return f"pid {pid}: {_cmdline(pid)}{_root_note(pid)}"
    return "owner unknown"


# Processes

def _pids() -> list[int]:
    return [int(e) for e in os.listdir("/proc") if e.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            raw = f.read().replace(b"\0", b" ")
    except OSError:
        return ""
    return raw.decode(errors="replace").strip()


def _root_note(pid: int) -> str:
    with contextlib.suppress(OSError):
        root = os.readlink(f"/proc/{pid}/root")
        if root != "/":
            return f" in the root {root}"
    return ""


def same_root(pid: int) -> bool:
    """True if ``pid`` runs in this process's root (not in another chroot).

    Clusters in different Debian roots use the same paths, so paths alone
    cannot tell their processes apart.
    """
    try:
        theirs, ours = os.stat(f"/proc/{pid}/root"), os.stat("/")
    except OSError:
        return False
    return (theirs.st_dev, theirs.st_ino) == (ours.st_dev, ours.st_ino)


def _environ(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def terminate(pid: int, timeout: float = 15) -> bool:
    """SIGTERM ``pid``, wait up to ``timeout`` s, then SIGKILL and wait."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not alive(pid):
                return True
            time.sleep(0.1)
    return not alive(pid)


def read_pid(path: str) -> int | None:
    try:
        with open(path, encoding="ascii") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# munge

def munge_works() -> bool:
    """True if a credential made by ``munge -n`` is accepted by ``unmunge``."""
    try:
        cred = subprocess.run(["munge", "-n"], capture_output=True,
                              timeout=10, check=False)
        if cred.returncode != 0:
            return False
        return subprocess.run(["unmunge"], input=cred.stdout,
                              capture_output=True, timeout=10,
                              check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def ensure_munge(log: Callable[[str], object] = print) -> None:
    """Make ``munged`` run correctly, starting it if needed.

    Creates ``/run/munge`` and the key if missing, gives munge's
    directories to the munge user, and starts ``munged`` as that user.
    """
    if munge_works():
        return
    import pwd
    try:
        munge_user = pwd.getpwnam("munge")
    except KeyError:
        raise ClusterError("there is no 'munge' user: install the munge "
                           "package (apt-get install munge)") from None
    for path in MUNGE_DIRS:
        os.makedirs(path, exist_ok=True)
        os.chown(path, munge_user.pw_uid, munge_user.pw_gid)
    os.chmod("/run/munge", 0o755)
    if not os.path.exists(MUNGE_KEY):
        log(f"[cluster] creating {MUNGE_KEY}")
        _create_munge_key()
    os.chown(MUNGE_KEY, munge_user.pw_uid, munge_user.pw_gid)
    os.chmod(MUNGE_KEY, 0o400)
    log("[cluster] starting munged")
    try:
        started = subprocess.run(["runuser", "-u", "munge", "--", "munged"],
                                 capture_output=True, text=True, check=False)
    except OSError as e:
        raise ClusterError(f"could not start munged ({e}); install munge "
                           f"and util-linux") from None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if munge_works():
            return
        time.sleep(0.2)
    raise ClusterError(
        f"munged does not work (munged exited with {started.returncode}: "
        f"{started.stderr.strip()}); see /var/log/munge/munged.log")


def _create_munge_key() -> None:
    for cmd in (["mungekey", "--create", "--keyfile", MUNGE_KEY],
                ["create-munge-key"]):
        with contextlib.suppress(OSError):
            if subprocess.run(cmd, capture_output=True,
                              check=False).returncode == 0:
                return
    raise ClusterError(f"could not create {MUNGE_KEY} with mungekey or "
                       f"create-munge-key")


# The cluster

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
                 log: Callable[[str], object] = print) -> None:
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
        self.layout = Layout(nodes, cpus, memory, extra_nodes)
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

    def _our_pid(self, pid_file: str) -> int | None:
        pid = read_pid(pid_file)
        if (pid and alive(pid) and same_root(pid)
                and self.conf_path in _cmdline(pid)):
            return pid
        return None

    def _params(self) -> dict[str, Any]:
        return {"nodes": self.layout.nodes, "cpus": self.layout.cpus,
                "memory": self.layout.memory,
                "extra_nodes": self.layout.extra_nodes, "major": self.major}

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
                all(usable_state(s) for s in states.values()))

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
        return "\n".join(lines)

    # Starting and stopping

    def up(self) -> Self:
        """Start the cluster and wait until it is usable; return self.

        A healthy cluster with the same parameters is left as it is; a
        partly running one, or one with other parameters, is restarted.
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
        fresh_state = stored.get("params") != self._params()
        started = time.monotonic()
        base = choose_port_base(self.layout.nodes, self.requested_port_base,
                                stored.get("port_base"))
        self._write_files(base, fresh_state)
        # every cluster keeps its own line, so one going down never takes
        # names another still needs
        add_hosts_entry(self.node_names, self.runtime_dir)
        ensure_munge(self.log)
        try:
            self._start_controller()
            self._start_slurmds()
            self._wait_idle()
            self._take_out_extra_nodes()
        except BaseException:
            self.down()   # leave no half-started cluster; logs stay
            raise
        self.log(f"[cluster] up in {time.monotonic() - started:.1f} s: "
                 f"{len(self.node_names)} nodes, "
                 f"{self.layout.extra_nodes} extra, "
                 f"SLURM_CONF={self.conf_path}")
        return self

    def _write_files(self, port_base: int, fresh_state: bool) -> None:
        for sub in ("state", "spool", "run", "log"):
            os.makedirs(self.path(sub), exist_ok=True)
        if fresh_state:
            _empty_dir(self.path("state"))
        for node in self.node_names:
            os.makedirs(self.path("spool", node), exist_ok=True)
        _write(self.conf_path, slurm_conf(self.layout, self.major, port_base,
                                          self.runtime_dir))
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

    def _wait_idle(self) -> None:
        def all_idle() -> bool:
            states = self.node_states(self.node_names)
            return (len(states) == len(self.node_names) and
                    all(usable_state(s) for s in states.values()))
        self._wait(all_idle, f"nodes {', '.join(self.node_names)} to be idle",
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
        if self.controller_pid:
            self._cancel_jobs()
        pids = [pid for pid in self.daemons().values() if pid]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in pids:
            terminate(pid, timeout)
        leftovers = self._leftovers()
        for pid in leftovers:
            terminate(pid, 5)
        remove_hosts_entry(self.runtime_dir)
        return len(pids) + len(leftovers)

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
