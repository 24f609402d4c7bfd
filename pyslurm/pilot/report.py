"""The pilot manager's report: QCG-PilotJob's ``jobs.report`` (one entry
per ended job and iteration, ``--report-format`` json or text), the
``runtime`` / ``history`` / ``messages`` views of a job that the report and
:meth:`LocalManager.info` share, and the figures of ``final_status.json``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timedelta
from typing import Any, Iterable, List, Optional, Sequence

from .journal import AppendFile
from .resources import Node
from .state import CANCELED, OMITTED, STATES, PilotJob

__all__ = ["Reporter", "alloc_str", "runtime", "history", "messages", "status_dict", "ts",
           "hdate"]


def ts(t: float) -> str:
    """A time as the report writes it (ISO 8601, local time)."""
    return datetime.fromtimestamp(t).isoformat()


def hdate(t: float) -> str:
    """A time as :meth:`LocalManager.info`'s ``history`` writes it."""
    return datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S.%f")


def alloc_str(alloc: Sequence[tuple[int, Sequence[int]]], nodes: Sequence[Node]) -> str:
    """An allocation as QCG writes it: ``NODE[cpu:cpu],NODE[cpu]``."""
    return ",".join(f"{nodes[k].name}[{':'.join(map(str, c))}]" for k, c in alloc)


def runtime(job: PilotJob, i: int, nodes: Sequence[Node]) -> dict[str, Any]:
    """The ``runtime`` of iteration ``i`` (0 for a job without iterations)
    as :meth:`LocalManager.info` and the report show it: where it runs (or
    ran), its work directory, run time, exit code, pid and program."""
    rec = job.runs.get(i)
    live = job.live.get(i)
    if live is not None:       # running: where, not yet how it ended
        return {"allocation": alloc_str(live.alloc, nodes), "wd": live.wd}
    if not rec:
        return {}
    alloc, wd, rtime, code, _, _, _, _, _, pid, pname = rec
    out: dict[str, Any] = {"allocation": alloc, "wd": wd}
    if rtime is not None:
        out["rtime"] = str(timedelta(seconds=rtime))
    if code is not None:
        out["exit_code"] = str(code)
    if pid is not None:
        out["pid"] = str(pid)
        out["pname"] = pname
    return out

def history(job: PilotJob, i: Optional[int]) -> List[tuple[str, float]]:
    """``(state, time)`` of each change of a job (``i`` None) or of an
    iteration."""
    if i is None and job.is_iter:
        hist = [("QUEUED", job.t_submit)]
        if job.t_final is not None:
            hist.append((STATES[job.state], job.t_final))
        return hist
    idx = 0 if i is None else i
    rec = job.runs.get(idx)
    hist = [] if job.is_iter else [("QUEUED", job.t_submit)]
    live = job.live.get(idx)
    if live is not None:
        hist += [("SCHEDULED", live.t_sched), ("EXECUTING", live.t_start)]
    elif rec:
        t_s, t_e, t_f, st = rec[4], rec[5], rec[6], rec[7]
        if t_s:
            hist.append(("SCHEDULED", t_s))
        if t_e:
            hist.append(("EXECUTING", t_e))
        if t_f:
            hist.append((STATES[st], t_f))
    elif job.st[idx] == OMITTED or job.st[idx] == CANCELED:
        hist.append((STATES[job.st[idx]], job.t_final or time.time()))
    return hist

def messages(job: PilotJob, i: Optional[int]) -> Optional[str]:
    """The message of a job (``i`` None) or of an iteration's last run."""
    if i is not None:
        rec = job.runs.get(i)
        return rec[8] if rec and rec[8] else None
    return job.messages


def status_dict(jobs: Iterable[PilotJob], instance_id: str, started: float, wd: str,
                alloc_id: Optional[int], nodes: int, total_cores: int,
                free_cores: int) -> dict[str, Any]:
    """The manager's figures (QCG's ``system_status`` and
    ``final_status.json``) from its jobs and resources."""
    njobs = 0
    counts = {st: 0 for st in STATES}
    its = {st: 0 for st in STATES}
    for job in jobs:
        njobs += 1
        counts[STATES[job.state]] += 1
        for k in range(job.n):
            its[STATES[job.st[k]]] += 1
    status = {
        "System": {"InstanceId": instance_id,
                   "Started": ts(started), "Generated": ts(time.time()),
                   "Uptime": str(timedelta(seconds=time.time() - started)),
                   "Host": os.uname().nodename, "Wd": wd,
                   "PythonVersion": sys.version.split()[0], "Python": sys.executable,
                   "Allocation": alloc_id},
        "Resources": {"TotalNodes": nodes, "TotalCores": total_cores,
                      "UsedCores": total_cores - free_cores, "FreeCores": free_cores},
        "JobStats": {"TotalJobs": njobs, "InScheduleJobs": counts["QUEUED"]
                     + counts["SCHEDULED"] + counts["EXECUTING"],
                     "FailedJobs": counts["FAILED"], "FinishedJobs": counts["SUCCEED"],
                     "ExecutingJobs": counts["EXECUTING"], "CanceledJobs": counts["CANCELED"],
                     "OmittedJobs": counts["OMITTED"]},
        "IterationStats": {"TotalIterations": sum(its.values()),
                           "InScheduleIterations": its["QUEUED"] + its["EXECUTING"],
                           "FailedIterations": its["FAILED"],
                           "FinishedIterations": its["SUCCEED"],
                           "ExecutingIterations": its["EXECUTING"]},
    }
    return status


class Reporter:
    """The report file: entries collected during a round of the manager,
    appended at its end (:meth:`flush`).

    Args:
        path: the report file.
        fmt: ``"json"`` (one JSON object a line) or ``"text"``.
        nodes: the manager's nodes (names of allocations).
    """

    def __init__(self, path: str, fmt: str, nodes: Sequence[Node]) -> None:
        self.path = path
        self.format = fmt
        self.nodes = nodes
        self._file = AppendFile(path)
        self._buf: List[str] = []

    def _iteration_json(self, job: PilotJob, i: int) -> None:
        """One iteration's jobs.report line, formatted directly: the same
        text as ``json.dumps(entry, separators=(",", ": "))`` at a fraction
        of its cost (the fields that can need escaping are escaped)."""
        rec = job.runs.get(i)
        state = STATES[job.st[i]]
        it = job.spec.iterations[i]  # type: ignore[index]
        head = f'{{"name": {job.jname_json[:-1]}:{it}","state": "{state}"'
        if not rec:
            self._buf.append(head + ',"history": [],"runtime": {}}\n')
            return
        alloc, wd, rtime, code, t_s, t_e, t_f, _, msg, pid, pname = rec
        hist = []
        if t_s:
            hist.append(f'{{"state": "SCHEDULED","date": "{ts(t_s)}"}}')
        if t_e:
            hist.append(f'{{"state": "EXECUTING","date": "{ts(t_e)}"}}')
        if t_f:
            hist.append(f'{{"state": "{state}","date": "{ts(t_f)}"}}')
        wd_json = job.wd_json.get(wd)
        if wd_json is None:
            wd_json = job.wd_json[wd] = json.dumps(wd)
        rtext = f'"allocation": {json.dumps(alloc)},"wd": {wd_json}'
        if rtime is not None:
            rtext += f',"rtime": "{timedelta(seconds=rtime)}"'
        if code is not None:
            rtext += f',"exit_code": "{code}"'
        if pid is not None:
            rtext += f',"pid": "{pid}","pname": {json.dumps(pname)}'
        line = f'{head},"history": [{",".join(hist)}],"runtime": {{{rtext}}}'
        if msg:
            line += f',"messages": {json.dumps(msg)}'
        self._buf.append(line + "}\n")

    def entry(self, job: PilotJob, i: Optional[int]) -> None:
        """Report the end of a job (``i`` None) or of iteration ``i``."""
        if i is not None and self.format == "json":
            self._iteration_json(job, i)
            return
        name = job.name if i is None else job.it_name(i)
        state = STATES[job.state if i is None else job.st[i]]
        hist = history(job, i)
        rt: dict[str, Any] = {}
        if i is not None:
            rt = runtime(job, i, self.nodes)
        elif not job.is_iter:
            rt = runtime(job, 0, self.nodes)
        msgs = messages(job, i) if i is not None else job.messages
        if self.format == "json":
            data: dict[str, Any] = {
                "name": name, "state": state,
                "history": [{"state": s, "date": ts(t)} for s, t in hist],
                "runtime": rt}
            if i is None:
                st = job.spec.std
                ex = st.get("execution", {})
                data["execution"] = {"exec": ex.get("exec"), "args": ex.get("args", []),
                                     "env": ex.get("env", {}), "script": ex.get("script"),
                                     "model_opts": ex.get("model_opts", {}),
                                     **{k: v for k, v in ex.items() if k not in (
                                         "exec", "args", "env", "script", "model_opts")}}
                res = {k: v for k, v in (st.get("resources") or {}).items() if k != "wt"}
                data["resources"] = res or {"numCores": {"exact": 1}}
                if st.get("dependencies"):
                    data["dependencies"] = st["dependencies"]
            if msgs:
                data["messages"] = msgs
            self._buf.append(json.dumps(data, separators=(",", ": ")) + "\n")
        else:
            self._buf.append("{} ({}) {}\n\t{}\n\t{}\n".format(
                name, state, msgs or "",
                "\n\t".join(f"{datetime.fromtimestamp(t)}: {s}" for s, t in hist),
                "\n\t".join(f"{k}: {v}" for k, v in rt.items())))

    def flush(self) -> None:
        """Append the entries collected since the last flush."""
        if self._buf:
            self._file.write("".join(self._buf))
            self._buf = []

    def close(self) -> None:
        self._file.close()
