"""Slurm's pending (and other) job reasons in plain language.

``squeue`` shows a job's reason as a code (``Resources``,
``AssocGrpCpuLimit``, ...); :func:`explain_reason` turns the common ones into
one sentence a user can act on.  A code not in :data:`REASONS` is given back
as it is, so nothing Slurm says is hidden.
"""

from __future__ import annotations

import re
from typing import Optional

__all__ = ["REASONS", "explain_reason"]

# The resource a limit reason names (the middle of "AssocGrpCpuLimit").
_RESOURCES = {
    "cpu": "CPUs", "mem": "memory", "memory": "memory", "node": "nodes", "nodes": "nodes",
    "job": "running jobs", "jobs": "running jobs", "submitjob": "queued jobs",
    "submitjobs": "queued jobs", "sub": "queued jobs", "wall": "wall time",
    "wallduration": "wall time", "energy": "energy", "billing": "billing units",
    "gres": "generic resources (GPUs, ...)", "license": "licenses", "unk": "a resource",
    "fs": "file system resources", "ic": "interconnect resources", "vmem": "virtual memory",
    "pages": "pages",
}
_LIMIT = re.compile(r"^(Assoc|QOS)(Grp|Max|Min)([A-Za-z]+?)(RunMinutes|Minutes|Mins)?"
                    r"(PerJob|PerNode|PerUser|PerAccount)?(Limit)?$")

#: Reason code → one plain sentence.  Codes of the limit families
#: (``AssocGrpCpuLimit``, ``QOSMaxNodePerUserLimit``, ...) not listed here are
#: put into words by :func:`explain_reason` from their parts.
REASONS: dict[str, str] = {
    "Resources": "Waiting for resources: the nodes it needs are busy with other jobs.",
    "Priority": "Waiting its turn: jobs with a higher priority are queued ahead of it.",
    "Dependency": "Waiting for the jobs it depends on to finish.",
    "DependencyNeverSatisfied": "Will never start: a job it depends on ended in a way "
                                "its dependency does not allow. Cancel it or change the "
                                "dependency.",
    "BeginTime": "Waiting for the start time it was given (--begin).",
    "JobHeldUser": "Held by its owner: release it (scontrol release) to let it start.",
    "JobHeldAdmin": "Held by an administrator: only an administrator can release it.",
    "ReqNodeNotAvail": "A node it asked for is not available (down, drained or reserved).",
    "PartitionDown": "Its partition is down: no job of that partition starts.",
    "PartitionInactive": "Its partition is inactive: no job of that partition starts.",
    "PartitionNodeLimit": "It asks for more or fewer nodes than its partition allows.",
    "PartitionTimeLimit": "Its time limit is longer than its partition allows.",
    "PartitionConfig": "It asks for more than its partition's configuration allows.",
    "Reservation": "Waiting for its advanced reservation to begin.",
    "ReservationDeleted": "Its reservation was deleted: it can no longer start.",
    "Licenses": "Waiting for licenses to become free.",
    "JobArrayTaskLimit": "Its array already runs as many tasks at once as it may (%N).",
    "BadConstraints": "Its constraints (features) can never be met by any node.",
    "NodeDown": "A node it needs is down.",
    "InvalidAccount": "Its account is not valid; it will not start.",
    "InvalidQOS": "Its QOS is not valid; it will not start.",
    "AssociationJobLimit": "Its association's job limit is reached.",
    "AssociationResourceLimit": "Its association's resource limit is reached.",
    "AssociationTimeLimit": "Its association's time limit is reached.",
    "QOSJobLimit": "Its QOS's job limit is reached.",
    "QOSResourceLimit": "Its QOS's resource limit is reached.",
    "QOSTimeLimit": "Its QOS's time limit is reached.",
    "QOSUsageThreshold": "Its QOS's usage threshold is reached.",
    "FrontEndDown": "The front-end node it needs is down.",
    "Cleaning": "Being cleaned up after a requeue; it will become eligible shortly.",
    "Prolog": "Its prolog is running.",
    "SchedDefer": "The scheduler defers it (SchedulerParameters=defer).",
    "Deadline": "It can no longer finish before its deadline.",
    "OutOfMemory": "It ran out of memory.",
    "TimeLimit": "It reached its time limit.",
    "NonZeroExitCode": "It exited with a non-zero exit code.",
    "RaisedSignal": "It was ended by a signal.",
    "None": "No reason given.",
    "launch failed requeued held": "Its launch failed; it was requeued and held.",
    "BurstBufferResources": "Waiting for burst buffer resources.",
    "BurstBufferStageIn": "Its burst buffer data is being staged in.",
    "PowerNotAvail": "Not enough power is available to start it.",
    "NodeDown_Requeued": "A node it ran on failed; it was requeued.",
    "BeginTimeReached": "Its start time has come; it waits for the scheduler.",
    "AccountNotAllowed": "Its account may not use this partition.",
    "QOSNotAllowed": "Its QOS may not be used in this partition.",
    "AccountingPolicy": "An accounting policy (a limit of its account or QOS) holds it back.",
    "DeadLine": "It can no longer finish before its deadline.",
    "InactiveLimit": "It was inactive for longer than InactiveLimit allows.",
    "JobHoldMaxRequeue": "Held: it was requeued more often than allowed (MaxBatchRequeue).",
    "JobLaunchFailure": "Its launch failed.",
    "MaxMemPerLimit": "It asks for more memory per CPU or node than its partition allows.",
    "SystemFailure": "A failure of Slurm or its nodes ended it.",
    "WaitingForScheduling": "Not yet looked at by the scheduler.",
}

REASONS.update({
    "QOSMaxJobsPerUserLimit": "Its owner already runs as many jobs as the QOS allows one "
                              "user; it starts when one of them ends.",
    "QOSMaxSubmitJobPerUserLimit": "Its owner already has as many jobs queued as the QOS "
                                   "allows one user.",
    "QOSMaxJobsPerAccountLimit": "Its account already runs as many jobs as the QOS allows "
                                 "one account; it starts when one of them ends.",
    "AssocMaxJobsLimit": "Its account (association) already runs as many jobs as it may; "
                         "it starts when one of them ends.",
    "AssocGrpJobsLimit": "The jobs of its account group already run as many jobs as "
                         "allowed; it starts when one of them ends.",
    "AssocMaxWallDurationPerJobLimit": "Its time limit is longer than its account allows "
                                       "one job.",
    "QOSMaxWallDurationPerJobLimit": "Its time limit is longer than its QOS allows one job.",
})


def explain_reason(reason: Optional[str]) -> Optional[str]:
    """One plain sentence for a job's reason code (``Job.state_reason``).

    Args:
        reason: Slurm's code, e.g. ``"Resources"`` or ``"AssocGrpCpuLimit"``.

    Returns:
        The sentence; a code not in :data:`REASONS` is returned unchanged;
        None for None (no reason).

    Example:
        >>> explain_reason("Priority")
        'Waiting its turn: jobs with a higher priority are queued ahead of it.'
        >>> explain_reason("SomethingNew")
        'SomethingNew'
    """
    if reason is None:
        return None
    text = REASONS.get(reason)
    if text is not None:
        return text
    return _limit_sentence(reason) or reason


def _limit_sentence(code: str) -> Optional[str]:
    """A sentence for a code of the limit families, from its parts:
    whose limit (association or QOS), which kind (group total, maximum,
    minimum), of what, per what."""
    m = _LIMIT.match(code)
    if m is None:
        return None
    owner, kind, resource, minutes, per, _ = m.groups()
    what = _RESOURCES.get(resource.lower())
    if what is None:
        return None
    if minutes:
        unit = {"CPUs": "CPU", "nodes": "node", "billing units": "billing",
                "generic resources (GPUs, ...)": "GRES"}.get(what, what)
        what = f"{unit} minutes" + (" of running jobs" if minutes == "RunMinutes" else "")
    whose = "its account (association)" if owner == "Assoc" else "its QOS"
    if kind == "Grp":
        return (f"The jobs of {whose} already use as many {what} as its group limit "
                f"allows; it waits until some of them end.")
    if kind == "Min":
        return f"It asks for fewer {what} than {whose} requires."
    if per is None and what in ("running jobs", "queued jobs"):
        return (f"{whose[0].upper()}{whose[1:]} already has as many {what} as it may; "
                f"it waits until one of them ends.")
    if per in ("PerUser", "PerAccount"):
        who = "its owner" if per == "PerUser" else "its account"
        return (f"The jobs of {who} already use as many {what} as {whose} allows one "
                f"{per[3:].lower()}; it waits until some of them end.")
    one = "one node" if per == "PerNode" else "one job"
    return (f"It asks for more {what} than {whose} allows {one}; it will not start "
            f"unless the limit or the request changes.")
