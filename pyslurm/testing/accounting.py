"""The accounting stack of a test cluster: MariaDB and slurmdbd.

:class:`AccountingStack` runs a private MariaDB server (its data, socket,
pid and log files in the cluster's runtime directory; the machine's own
MariaDB service, if any, is never touched) and one ``slurmdbd`` on it.
The cluster registers itself (and its sibling clusters) there, with a
default account that root and ``nobody`` belong to, before its
controller starts, so jobs run as on a site with
``AccountingStorageEnforce=associations``.

Ports: MariaDB listens on 127.0.0.1 at ``port_base + DB_PORT_OFFSET`` and
slurmdbd at ``port_base + DBD_PORT_OFFSET``, inside the cluster's block
of ports (see :mod:`pyslurm.testing.host`).  :meth:`AccountingStack.down`
stops both and deletes the database files: nothing is left behind.

Uses only the standard library and the programs of Debian's
``mariadb-server`` and ``slurmdbd`` packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from typing import Callable, Iterable

from pyslurm.testing.host import ClusterError, _cmdline, _environ, alive, port_free, \
    read_pid, same_root, terminate

DB_PORT_OFFSET = 190
DBD_PORT_OFFSET = 191
DB_NAME = "slurm_acct_db"
DB_USER = "slurm"
# Only reachable on 127.0.0.1 from this machine, and deleted by down().
DB_PASSWORD = "pyslurm-testing"
DEFAULT_ACCOUNT = "default"
DEFAULT_QOS = "normal"
# Users given an association with the default account on every cluster.
DEFAULT_USERS = ("root", "nobody", "daemon")
# What a plain user may see in the database (slurmdbd.conf PrivateData).
PRIVATE_DATA = "jobs,usage,users,accounts"
PACKAGES_HINT = "apt-get install mariadb-server slurmdbd"


class AccountingStack:
    """MariaDB + slurmdbd for the cluster whose files live in ``runtime_dir``.

    ``conf_dir`` is the folder of the cluster's ``slurm.conf``: slurmdbd
    has no option for its config file and reads ``slurmdbd.conf`` next to
    ``$SLURM_CONF``.
    """

    def __init__(self, runtime_dir: str, port_base: int, mark: tuple[str, str],
                 timeout: float = 60, log: Callable[[str], object] = print) -> None:
        self.runtime_dir = runtime_dir
        self.db_port = port_base + DB_PORT_OFFSET
        self.dbd_port = port_base + DBD_PORT_OFFSET
        self.mark = mark            # (environment name, value) of our daemons
        self.timeout = timeout
        self.log = log

    # Paths

    def path(self, *parts: str) -> str:
        return os.path.join(self.runtime_dir, *parts)

    @property
    def datadir(self) -> str:
        return self.path("db", "data")

    @property
    def socket(self) -> str:
        return self.path("run", "mariadb.sock")

    @property
    def conf_path(self) -> str:
        return self.path("slurmdbd.conf")

    def ports(self) -> list[int]:
        return [self.db_port, self.dbd_port]

    # Processes

    def _ours(self, pid_file: str, marker: str) -> int | None:
        pid = read_pid(pid_file)
        if not (pid and alive(pid) and same_root(pid)):
            return None
        env_mark = f"{self.mark[0]}={self.mark[1]}".encode()
        if marker in _cmdline(pid) or env_mark in _environ(pid):
            return pid
        return None

    @property
    def database_pid(self) -> int | None:
        """pid of this stack's mariadbd, or None."""
        return self._ours(self.path("run", "mariadb.pid"), self.datadir)

    @property
    def slurmdbd_pid(self) -> int | None:
        """pid of this stack's slurmdbd, or None."""
        return self._ours(self.path("run", "slurmdbd.pid"), self.conf_path)

    def daemons(self) -> dict[str, int | None]:
        return {"mariadbd": self.database_pid, "slurmdbd": self.slurmdbd_pid}

    def _env(self, slurm_conf: str) -> dict[str, str]:
        return {**os.environ, "SLURM_CONF": slurm_conf, self.mark[0]: self.mark[1]}

    # Starting and stopping

    def up(self, slurm_conf: str, clusters: Iterable[str]) -> None:
        """Start MariaDB and slurmdbd (if not running) and register
        ``clusters`` with the default account and users."""
        clusters = list(clusters)
        self.start_database()
        self.start_slurmdbd(slurm_conf)
        self.register(slurm_conf, clusters)

    def start_database(self) -> None:
        """Start this stack's MariaDB (creating its data the first time)."""
        if self.database_pid:
            return
        for program in ("mariadb-install-db", "mariadbd", "mariadb"):
            if shutil.which(program) is None:
                raise ClusterError(f"{program} is not installed: {PACKAGES_HINT}")
        busy = [p for p in self.ports() if not port_free(p)]
        if busy and not self.slurmdbd_pid:
            raise ClusterError(f"ports {busy} for the accounting stack are in use")
        fresh = not os.path.isdir(os.path.join(self.datadir, "mysql"))
        if fresh:
            shutil.rmtree(self.path("db"), ignore_errors=True)
            os.makedirs(self.datadir)
            self._run(["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}",
                       "--user=root", "--auth-root-authentication-method=normal",
                       "--skip-test-db"], "mariadb-install-db")
        for sub in ("run", "log"):
            os.makedirs(self.path(sub), exist_ok=True)
        log_file = self.path("log", "mariadbd.log")
        subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={self.datadir}", "--user=root",
             f"--socket={self.socket}", f"--port={self.db_port}", "--bind-address=127.0.0.1",
             "--skip-name-resolve", f"--pid-file={self.path('run', 'mariadb.pid')}",
             f"--log-error={log_file}", "--innodb-buffer-pool-size=64M",
             "--innodb-log-file-size=64M", "--innodb-flush-log-at-trx-commit=2",
             "--skip-log-bin"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd="/", start_new_session=True, env=self._env(""))
        self._wait(lambda: self.database_pid and self.sql("SELECT 1", check=False) == "1",
                   "MariaDB to answer", log_file)
        if fresh:
            self.sql(f"CREATE USER '{DB_USER}'@'127.0.0.1' IDENTIFIED BY '{DB_PASSWORD}';"
                     f"GRANT ALL ON {DB_NAME}.* TO '{DB_USER}'@'127.0.0.1';"
                     f"CREATE DATABASE IF NOT EXISTS {DB_NAME}")

    def sql(self, statements: str, check: bool = True, database: str | None = None) -> str:
        """Run SQL as MariaDB's root through the socket; return the output
        (tab-separated rows, no header)."""
        args = ["mariadb", "--no-defaults", f"--socket={self.socket}", "-u", "root",
                "-N", "-B"]
        if database:
            args.append(database)
        result = subprocess.run(args, input=statements, capture_output=True, text=True,
                                timeout=self.timeout, check=False)
        if check and result.returncode != 0:
            raise ClusterError(f"SQL failed ({result.stderr.strip()}): {statements[:200]}")
        return result.stdout.strip()

    def write_conf(self) -> None:
        """Write slurmdbd.conf (mode 600, as slurmdbd requires)."""
        settings = {
            "AuthType": "auth/munge",
            "DbdHost": "localhost",
            "DbdPort": self.dbd_port,
            "SlurmUser": "root",
            "StorageType": "accounting_storage/mysql",
            "StorageHost": "127.0.0.1",
            "StoragePort": self.db_port,
            "StorageUser": DB_USER,
            "StoragePass": DB_PASSWORD,
            "StorageLoc": DB_NAME,
            "PidFile": self.path("run", "slurmdbd.pid"),
            "LogFile": self.path("log", "slurmdbd.log"),
            "DebugLevel": "info",
            "PrivateData": PRIVATE_DATA,
        }
        text = "# Written by pyslurm.testing for the test cluster; rewritten on every 'up'.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        fd = os.open(self.conf_path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(self.conf_path + ".tmp", self.conf_path)

    def start_slurmdbd(self, slurm_conf: str) -> None:
        """Start slurmdbd (if not running) and wait until it answers."""
        if self.slurmdbd_pid:
            return
        if shutil.which("slurmdbd") is None:
            raise ClusterError(f"slurmdbd is not installed: {PACKAGES_HINT}")
        self.write_conf()
        try:
            os.unlink(self.path("run", "slurmdbd.pid"))
        except FileNotFoundError:
            pass
        self._run(["slurmdbd"], "slurmdbd", env=self._env(slurm_conf))
        self._wait(lambda: self.slurmdbd_pid and self.sacctmgr(
            slurm_conf, "-n", "show", "cluster", check=False) is not None,
            "slurmdbd to answer sacctmgr", self.path("log", "slurmdbd.log"))

    def register(self, slurm_conf: str, clusters: list[str]) -> None:
        """Add ``clusters``, the default account and users (idempotent)."""
        known = self.sacctmgr(slurm_conf, "-n", "-P", "show", "cluster", "format=cluster")
        missing = [c for c in clusters if c not in (known or "").split()]
        if missing:
            self.sacctmgr(slurm_conf, "-i", "add", "cluster", *missing)
        names = ",".join(clusters)
        accounts = self.sacctmgr(slurm_conf, "-n", "-P", "show", "assoc",
                                 f"account={DEFAULT_ACCOUNT}", "format=cluster,user")
        have = set((accounts or "").split())
        if any(c not in {line.split("|")[0] for line in have} for c in clusters):
            self.sacctmgr(slurm_conf, "-i", "add", "account", DEFAULT_ACCOUNT,
                          f"cluster={names}", "description=pyslurm test account",
                          "organization=pyslurm")
        wanted = {f"{c}|{u}" for c in clusters for u in DEFAULT_USERS}
        if not wanted <= have:
            self.sacctmgr(slurm_conf, "-i", "add", "user", ",".join(DEFAULT_USERS),
                          f"account={DEFAULT_ACCOUNT}", f"cluster={names}")
            # root came with the cluster, in account "root"
            self.sacctmgr(slurm_conf, "-i", "modify", "user", "root", "set",
                          f"defaultaccount={DEFAULT_ACCOUNT}")

    def sacctmgr(self, slurm_conf: str, *args: str, check: bool = True) -> str | None:
        """Run sacctmgr; its output, or None when it failed and not ``check``."""
        try:
            result = subprocess.run(["sacctmgr", *args], env=self._env(slurm_conf),
                                    capture_output=True, text=True, timeout=self.timeout,
                                    check=False)
        except subprocess.TimeoutExpired:
            if check:
                raise ClusterError(f"sacctmgr {' '.join(args)} timed out") from None
            return None
        if result.returncode != 0:
            if check:
                raise ClusterError(f"sacctmgr {' '.join(args)} failed: "
                                   f"{(result.stderr or result.stdout).strip()}")
            return None
        return result.stdout

    def stop_slurmdbd(self, timeout: float = 15) -> None:
        pid = self.slurmdbd_pid
        if pid:
            terminate(pid, timeout)

    def stop_database(self, timeout: float = 30) -> None:
        pid = self.database_pid
        if pid:
            terminate(pid, timeout)

    def down(self) -> int:
        """Stop slurmdbd and MariaDB and delete the database files."""
        stopped = 0
        for stop, pid in ((self.stop_slurmdbd, self.slurmdbd_pid),
                          (self.stop_database, self.database_pid)):
            if pid:
                stop()
                stopped += 1
        shutil.rmtree(self.path("db"), ignore_errors=True)
        for name in ("slurmdbd.conf", os.path.join("run", "mariadb.sock")):
            try:
                os.unlink(self.path(name))
            except FileNotFoundError:
                pass
        return stopped

    # Helpers

    def _run(self, cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, cwd="/",
                                    timeout=self.timeout, env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ClusterError(f"{what} could not be run: {e}") from None
        if result.returncode != 0:
            raise ClusterError(f"{what} failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}")

    def _wait(self, ready: Callable[[], object], what: str, log_file: str) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if ready():
                return
            time.sleep(0.1)
        try:
            with open(log_file, errors="replace") as f:
                tail = "".join(f.readlines()[-12:]).rstrip()
        except OSError as e:
            tail = f"(no log: {e.strerror})"
        raise ClusterError(f"timed out after {self.timeout} s waiting for {what}\n"
                           f"--- last lines of {log_file}:\n{tail}")
