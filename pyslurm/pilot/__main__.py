"""Batch-file mode: ``python -m pyslurm.pilot --file-path jobs.json
--nodes 4,4 --wd DIR --report-format json [--resume]``.

Reads QCG-PilotJob's request file (a JSON array of ``submit``,
``control`` / ``finishAfterAllTasksDone``, ``listJobs``, ``jobStatus``,
``jobInfo``, ``cancelJob``, ``removeJob``, ``resourcesInfo``, ``finish``
requests), runs the jobs and writes QCG's files into
``DIR/.qcgpjm-service-<id>/``: ``jobs.report`` (one JSON object per line
with ``--report-format json``, the default), ``service.log``,
``track.reqs`` / ``track.states`` (what ``--resume`` continues from) and
``final_status.json``. A bad request is logged and skipped, as QCG does.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Optional

from .errors import QCGPJMAError
from .job import Jobs
from .manager import LocalManager
from .options import parse_server_args

_log = logging.getLogger("pyslurm.pilot")


def _server_args(argv: list[str]) -> list[str]:
    """The options for the manager: all but the file interface's."""
    out: list[str] = []
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--file":
            continue
        if a == "--file-path":
            skip = True
            continue
        if a.startswith("--file-path="):
            continue
        out.append(a)
    return out


def run(argv: Optional[list[str]] = None) -> int:
    """Run a request file; returns the exit code (0 unless the file or the
    options are unusable)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        ns = parse_server_args(argv)
    except QCGPJMAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    requests: list[Any] = []
    if ns.file_path:
        try:
            with open(ns.file_path, encoding="utf-8") as f:
                requests = json.load(f)
        except FileNotFoundError:
            print(f"error: request file {ns.file_path} does not exist", file=sys.stderr)
            return 1
        except (OSError, ValueError) as e:
            print(f"error: request file {ns.file_path}: {e}", file=sys.stderr)
            return 1
        if not isinstance(requests, list):
            print(f"error: Not an array of requests in json file {ns.file_path}",
                  file=sys.stderr)
            return 1
    elif ns.resume is None:
        print("error: --file-path FILE (or --resume) is needed", file=sys.stderr)
        return 2
    try:
        manager = LocalManager(_server_args(argv))
    except QCGPJMAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    wait_all = ns.resume is not None and not requests
    try:
        for req in requests:
            if not isinstance(req, dict) or "request" not in req:
                _log.error("Failed to parse request - invalid request: %r", req)
                continue
            kind = req["request"]
            try:
                if kind == "submit":
                    jobs = Jobs()
                    for desc in req.get("jobs") or []:
                        if ns.resume is not None and isinstance(desc, dict) and \
                                desc.get("name") in manager.list():
                            continue        # known from the run being resumed
                        jobs.add_std(desc)
                    names = manager.submit(jobs)
                    _log.info("%d jobs submitted: %s", len(names), names)
                elif kind == "control":
                    if req.get("command") == "finishAfterAllTasksDone":
                        wait_all = True
                    else:
                        _log.error("unknown control command %r", req.get("command"))
                elif kind == "listJobs":
                    _log.info("listJobs: %s", manager.list())
                elif kind == "jobStatus":
                    _log.info("jobStatus: %s", manager.status(req.get("jobNames") or []))
                elif kind == "jobInfo":
                    _log.info("jobInfo: %s", manager.info(req.get("jobNames") or []))
                elif kind == "cancelJob":
                    manager.cancel(req.get("jobNames") or [])
                elif kind == "removeJob":
                    manager.remove(req.get("jobNames") or [])
                elif kind == "resourcesInfo":
                    _log.info("resourcesInfo: %s", manager.resources())
                elif kind == "finish":
                    wait_all = False
                    break
                else:
                    _log.error("Failed to parse request - invalid request %r", kind)
            except QCGPJMAError as e:
                _log.error("request %s failed: %s", kind, e)
        if wait_all:
            manager.wait4all()
    finally:
        manager.finish()
    return 0


if __name__ == "__main__":
    sys.exit(run())
