"""The Raw plugin: kickoff scripts run as local processes.

* The job id is ``<host>:<pid>``; the job info also records a random
  ``uniq_id`` passed to the script and the process start time.
* A job is running while ``/proc/<pid>/cmdline`` still shows *that*
  kickoff script with *that* ``uniq_id`` and ``/proc/<pid>/stat`` the same
  start time -- a recycled pid is not mistaken for the test.
* ``cancel`` signals only after that check, and signals the job's own
  process group (the script and what it started).
* Node info is the local host's CPUs (affinity) and memory (bytes).

Linux only (it reads ``/proc``), like the clusters pyslurm targets.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Sequence

from pyslurm.schedulers.base import (
    SCHED_CANCELLED, SCHED_RUNNING, SCHEDULED, JobInfo, JobSpec, JobStatus, SchedulerPluginBasic,
)

__all__ = ["Raw", "local_node_info", "proc_start_time"]


def proc_start_time(pid: int) -> int | None:
    """Start time of ``pid`` in clock ticks since boot (``/proc/<pid>/stat`` field 22).

    Returns:
        The start time, or None if the process does not exist.
    """
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        return int(data.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


def _proc_cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def local_node_info(name: str | None = None) -> dict[str, Any]:
    """Node info of this host: name, CPUs usable by this process, memory in bytes.

    Args:
        name: Node name to report (default: the host name).

    Returns:
        A :class:`pyslurm.schedulers.pipeline.NodeInfo` dict, up and available.
    """
    info: dict[str, Any] = {"name": name or socket.gethostname(), "up": True,
                            "available": True, "partitions": [], "reservations": [],
                            "features": []}
    try:
        info["cpus"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        info["cpus"] = os.cpu_count() or 1
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                parts = line.split()
                info["mem"] = int(parts[1]) * 1024 if parts[2:3] == ["kB"] else int(parts[1])
                break
    except (OSError, ValueError, IndexError):
        pass
    return info


class Raw(SchedulerPluginBasic):
    """Runs kickoff scripts as local processes (see the module docstring)."""

    CANCEL_TIMEOUT = 2.0
    """Seconds to wait after SIGTERM before SIGKILL."""
    UNIQ_ID_LEN = 12

    def __init__(self) -> None:
        super().__init__("raw", "Runs tests as local processes.", self.PRIO_CORE)
        self._procs: dict[int, subprocess.Popen] = {}
        self._cancelled: set[str] = set()

    def _available(self) -> bool:
        return Path("/proc/self/cmdline").exists()

    def _get_alloc_nodes(self) -> list[str]:
        return [socket.gethostname()]

    def _get_alloc_node_info(self, node_name: str) -> dict[str, Any]:
        return local_node_info(node_name)

    def node_info(self) -> dict[str, Any]:
        """This host as one node-info dict (see :func:`local_node_info`)."""
        return local_node_info()

    def _kickoff(self, job: JobSpec) -> JobInfo:
        uniq_id = uuid.uuid4().hex[:self.UNIQ_ID_LEN]
        script = str(job.script_path.resolve())
        with open(job.sched_log_path, "wb") as log:
            proc = subprocess.Popen([script, uniq_id], stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True,
                                    cwd=str(job.job_dir))
        self._procs[proc.pid] = proc
        # Popen returns once exec has passed its point of no return, but the
        # kernel fills /proc/<pid>/cmdline a moment later: wait for it, so
        # pid_running() never sees a half-exec'd process.
        deadline = time.time() + 5.0
        while not _proc_cmdline(proc.pid) and proc.poll() is None and time.time() < deadline:
            time.sleep(0.001)
        host = socket.gethostname()
        return {"id": f"{host}:{proc.pid}", "host": host, "sys_name": host,
                "pid": proc.pid, "uniq_id": uniq_id, "script": script,
                "start_time": proc_start_time(proc.pid)}

    def _reap(self) -> None:
        for pid, proc in list(self._procs.items()):
            if proc.poll() is not None:
                del self._procs[pid]

    def pid_running(self, job_info: JobInfo) -> bool:
        """True if ``job_info['pid']`` is still this job's kickoff script.

        Checks the command line (script path and ``uniq_id``) and, when
        recorded, the start time. Exited children of this process are reaped
        first, so a zombie never counts as running.
        """
        self._reap()
        try:
            pid = int(job_info["pid"])
        except (KeyError, TypeError, ValueError):
            return False
        cmdline = _proc_cmdline(pid)
        if not cmdline:
            return False
        if job_info.get("uniq_id") not in cmdline:
            return False
        script = job_info.get("script")
        if script and not any(arg == script or arg.endswith(script) for arg in cmdline):
            return False
        recorded = job_info.get("start_time")
        if recorded is not None and proc_start_time(pid) != recorded:
            return False
        return True

    def _refresh_job_statuses(self, job_infos: Sequence[JobInfo]) -> dict[str, JobStatus | None]:
        host = socket.gethostname()
        out: dict[str, JobStatus | None] = {}
        now = time.time()
        for info in job_infos:
            jid = str(info["id"])
            if info.get("host") != host:
                out[jid] = JobStatus(SCHEDULED, f"raw job started on host {info.get('host')!r}, "
                                                f"not here ({host!r}); cannot tell", now)
            elif self.pid_running(info):
                out[jid] = JobStatus(SCHED_RUNNING, f"process {info['pid']} is running", now)
            elif jid in self._cancelled:
                out[jid] = JobStatus(SCHED_CANCELLED, f"cancelled by this plugin (pid "
                                                      f"{info['pid']})", now)
            else:
                out[jid] = None
        return out

    def cancel(self, job_info: JobInfo) -> str | None:
        """Terminate the job's process group, after checking the pid is the job.

        Returns:
            None if the job is gone (or was already), else why not.
        """
        host = socket.gethostname()
        if job_info.get("host") != host:
            return f"job {job_info.get('id')} was started on host {job_info.get('host')!r}, " \
                   f"not here ({host!r})"
        try:
            pid = int(job_info["pid"])
        except (KeyError, TypeError, ValueError):
            return f"invalid pid in job info: {job_info.get('pid')!r}"
        if not self.pid_running(job_info):
            return None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                if os.getpgid(pid) == pid:
                    os.killpg(pid, sig)
                else:
                    os.kill(pid, sig)
            except ProcessLookupError:
                return None
            except PermissionError:
                return f"no permission to signal pid {pid}"
            deadline = time.time() + self.CANCEL_TIMEOUT
            while time.time() < deadline:
                if not self.pid_running(job_info):
                    self._cancelled.add(str(job_info["id"]))
                    self._job_statuses.pop(str(job_info["id"]), None)
                    return None
                time.sleep(0.05)
        return f"pid {pid} survived SIGTERM and SIGKILL"
