"""The pilot manager's journal, QCG-PilotJob's ``track.reqs`` (each
submitted job's description, one JSON line each) and ``track.states``
(each end of a job or an iteration), and reading it back for
``--resume``.

Lines are collected during a round of the manager and appended at its
end (:meth:`Journal.flush`): a crash loses at most one round, and a line
cut by it is skipped when read back.
"""

from __future__ import annotations

import json
import os
from typing import IO, List, Optional

from .errors import WrongArgumentsError
from .job import JobSpec, parse_std
from .state import FINAL_STATES, STATES, PilotJob

__all__ = ["AppendFile", "Journal", "read_journal", "resume_dir", "SERVICE_PREFIX"]

SERVICE_PREFIX = ".qcgpjm-service-"


class AppendFile:
    """A file appended to, opened on the first write and flushed after
    each (it stays open until :meth:`close`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._f: Optional[IO[str]] = None

    def write(self, text: str) -> None:
        if self._f is None:
            self._f = open(self.path, "a", encoding="utf-8")
        self._f.write(text)
        self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


class Journal:
    """The journal of one run, in its service directory ``service_dir``."""

    def __init__(self, service_dir: str) -> None:
        self.reqs = AppendFile(os.path.join(service_dir, "track.reqs"))
        self.states = AppendFile(os.path.join(service_dir, "track.states"))
        self._reqs: List[str] = []
        self._states: List[str] = []

    def submitted(self, spec: JobSpec) -> None:
        """A job was submitted (its standard description)."""
        self._reqs.append(json.dumps(spec.std))

    def iteration_ended(self, job: PilotJob, i: int, state: int) -> None:
        """Iteration ``i`` of ``job`` ended in ``state``."""
        self._states.append(f'{{"task": {job.jname_json[:-1]}:'
                            f'{job.spec.iterations[i]}", '  # type: ignore[index]
                            f'"iteration": {i}, "state": "{STATES[state]}"}}')

    def job_ended(self, name: str, state: str) -> None:
        """Job ``name`` ended in ``state`` (a state name)."""
        self._states.append(json.dumps({"task": name, "iteration": None, "state": state}))

    def drop_ends(self) -> None:
        """Forget the ends not yet written (those replayed by a resume are
        in ``track.states`` already)."""
        self._states.clear()

    def flush(self) -> None:
        """Append what was collected since the last flush."""
        for buf, f in ((self._reqs, self.reqs), (self._states, self.states)):
            if buf:
                f.write("\n".join(buf) + "\n")
                buf.clear()

    def close(self) -> None:
        self.reqs.close()
        self.states.close()


def read_journal(path: str) -> tuple[List[JobSpec], dict[tuple[str, Optional[int]], str]]:
    """The journal of a previous run in service directory ``path``: its
    jobs' descriptions (the first of each name, in submission order) and
    the final states of what ended, by ``(job name, iteration index or
    None)``. Missing files and cut lines are skipped."""
    specs: List[JobSpec] = []
    ended: dict[tuple[str, Optional[int]], str] = {}
    for name in ("track.reqs", "track.states"):
        try:
            f = open(os.path.join(path, name), encoding="utf-8")
        except FileNotFoundError:
            continue
        with f:
            for line in f:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue        # a line cut by the crash
                if name == "track.reqs":
                    specs.append(parse_std(rec))
                elif isinstance(rec, dict) and rec.get("state") in FINAL_STATES:
                    task = str(rec.get("task"))
                    it = rec.get("iteration")
                    base = task.rpartition(":")[0] if it is not None else task
                    ended[(base, it)] = rec["state"]
    seen: set[str] = set()
    unique = []
    for sp in specs:
        if sp.name not in seen:
            seen.add(sp.name)
            unique.append(sp)
    return unique, ended


def resume_dir(path: str) -> str:
    """The service directory ``--resume`` continues: ``path`` itself when
    it holds a ``track.reqs``, else the newest service directory in it
    that does.

    Raises:
        WrongArgumentsError: there is none.
    """
    if os.path.exists(os.path.join(path, "track.reqs")):
        return path
    dirs = sorted((os.path.join(path, d) for d in os.listdir(path)
                   if d.startswith(SERVICE_PREFIX)
                   and os.path.exists(os.path.join(path, d, "track.reqs"))),
                  key=os.path.getmtime) if os.path.isdir(path) else []
    if not dirs:
        raise WrongArgumentsError(f"--resume: no track.reqs of a previous run in {path}")
    return dirs[-1]
