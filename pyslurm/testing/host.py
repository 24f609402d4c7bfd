"""What a test cluster needs of this machine: free ports, its daemons'
processes, munge, and node names in /etc/hosts (see
:mod:`pyslurm.testing.cluster`)."""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import socket
import subprocess
import time
from typing import Callable, Iterable

from pyslurm.errors import PyslurmError


DEFAULT_PORT_BASE = 16817
# Alternative port blocks are tried DEFAULT_PORT_BASE + k * PORT_BLOCK.
PORT_BLOCK = 200
PORT_TRIES = 20
MUNGE_DIRS = ("/run/munge", "/var/log/munge", "/var/lib/munge", "/etc/munge")
MUNGE_KEY = "/etc/munge/munge.key"


class ClusterError(PyslurmError, RuntimeError):
    """The cluster could not be started, checked or stopped."""



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
                     is_free: Callable[[int], bool] = port_free,
                     extra_offsets: Iterable[int] = ()) -> int:
    """The first port of a free block for a cluster of ``nodes`` nodes.

    An explicitly ``requested`` base must be free, or ClusterError names
    what holds it.  Otherwise the ``stored`` base of this runtime
    directory is preferred, then the default block and the blocks after
    it, ``PORT_BLOCK`` apart.  ``extra_offsets``: more ports of the block
    the cluster needs (``base + offset``: slurmdbd's and MariaDB's).
    """
    extra = list(extra_offsets)

    def ports(base: int) -> list[int]:
        return block_ports(base, nodes) + [base + offset for offset in extra]

    if requested is not None:
        busy = [p for p in ports(requested) if not is_free(p)]
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
        if all(is_free(p) for p in ports(base)):
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

