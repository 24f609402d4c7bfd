"""Parsed job information (:meth:`LocalManager.info_parsed`), as QCG's
``qcg.pilotjob.api.jobinfo.JobInfo``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Optional

__all__ = ["JobInfo"]

_RTIME = re.compile(r"^(?:(\d+) days?, )?(\d+):(\d+):(\d+(?:\.\d+)?)$")


class JobInfo:
    """What :meth:`LocalManager.info` says of one job (or iteration).

    Attributes:
        name (str): the job (``"job:it"`` for an iteration child).
        status (str): its state.
        nodes (dict[str, list[str]] | None): node -> CPU ids it ran on.
        total_cores (int | None): the number of CPUs.
        wdir (str | None): its working directory.
        time (timedelta | None): its run time.
        exit_code (int | None): its exit code.
        iteration (int | str | None): the iteration (for children).
        iterations (dict | None): counts of an iteration job (``start``,
            ``stop``, ``total``, ``finished``, ``failed``).
        childs (list[JobInfo] | None): per iteration, with ``withChilds``.
        history (list[tuple[datetime, str]]): the state changes.
        messages (str | None): why it failed, if it did.
    """

    def __init__(self) -> None:
        self.name: str = ""
        self.status: str = ""
        self.nodes: Optional[dict[str, list[str]]] = None
        self.total_cores: Optional[int] = None
        self.wdir: Optional[str] = None
        self.time: Optional[timedelta] = None
        self.exit_code: Optional[int] = None
        self.iteration: Any = None
        self.iterations: Optional[dict[str, Any]] = None
        self.childs: Optional[list[JobInfo]] = None
        self.history: list[tuple[datetime, str]] = []
        self.messages: Optional[str] = None

    def _runtime(self, runtime: dict[str, Any]) -> None:
        if runtime.get("allocation"):
            self.nodes = JobInfo._parse_allocation(runtime["allocation"])
            self.total_cores = sum(len(c) for c in self.nodes.values())
        self.wdir = runtime.get("wd")
        self.time = JobInfo._parse_runtime(runtime.get("rtime"))
        if runtime.get("exit_code") not in (None, ""):
            self.exit_code = int(runtime["exit_code"])

    @staticmethod
    def from_child(job_name: str, child: dict[str, Any]) -> "JobInfo":
        """Parse one element of ``childs``."""
        info = JobInfo()
        info.iteration = child.get("iteration")
        info.name = f"{job_name}:{info.iteration}"
        info.status = child.get("state", "")
        info.messages = child.get("messages")
        info._runtime(child.get("runtime") or {})
        return info

    @staticmethod
    def from_job(data: dict[str, Any]) -> "JobInfo":
        """Parse the ``data`` of one job of an ``info`` answer."""
        info = JobInfo()
        info.name = data.get("jobName", "")
        info.status = data.get("status", "")
        info.messages = data.get("messages")
        info.iterations = data.get("iterations")
        info._runtime(data.get("runtime") or {})
        for line in (data.get("history") or "").splitlines():
            stamp, sep, state = line.rpartition(": ")
            if sep:
                try:
                    info.history.append((datetime.fromisoformat(stamp), state))
                except ValueError:
                    pass
        if data.get("childs") is not None:
            info.childs = [JobInfo.from_child(info.name, c) for c in data["childs"]]
        return info

    @staticmethod
    def _parse_allocation(allocation: str) -> dict[str, list[str]]:
        nodes: dict[str, list[str]] = {}
        for part in allocation.split(","):
            if "[" in part:
                nodes[part[:part.index("[")]] = part[part.index("[") + 1:-1].split(":")
        return nodes

    @staticmethod
    def _parse_runtime(rtime: Optional[str]) -> Optional[timedelta]:
        if not rtime:
            return None
        m = _RTIME.match(rtime.strip())
        if not m:
            return None
        return timedelta(days=int(m[1] or 0), hours=int(m[2]), minutes=int(m[3]),
                         seconds=float(m[4]))

    def __repr__(self) -> str:
        return f"JobInfo(name={self.name!r}, status={self.status!r}, nodes={self.nodes!r})"
