"""Slurm's pending (and other) job reasons in plain language.

``squeue`` shows a job's reason as a code (``Resources``,
``AssocGrpCpuLimit``, ...); :func:`explain_reason` turns the common ones into
one sentence a user can act on.  A code not in :data:`REASONS` is given back
as it is, so nothing Slurm says is hidden.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["REASONS", "explain_reason"]

_LIMIT_KINDS = {
    "Cpu": "CPUs", "Mem": "memory", "Node": "nodes", "Job": "jobs",
    "Submit": "submitted jobs", "Wall": "wall time", "CpuMin": "CPU minutes",
    "CpuRunMin": "CPU minutes of running jobs", "MemMin": "memory minutes",
    "MemRunMin": "memory minutes of running jobs", "NodeMin": "node minutes",
    "NodeRunMin": "node minutes of running jobs", "Energy": "energy",
    "Billing": "billing units", "BillingMin": "billing minutes",
    "BillingRunMin": "billing minutes of running jobs",
    "Gres": "generic resources (GPUs, ...)", "License": "licenses",
    "Unk": "a resource",
}

#: Reason code → one plain sentence.  The ``AssocGrp*``, ``AssocMax*``,
#: ``QOSGrp*`` and ``QOSMax*`` families are filled in from
#: :data:`_LIMIT_KINDS` (e.g. ``AssocGrpCpuLimit``).
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
    "WaitingForScheduling": "Not yet looked at by the scheduler.",
}

for _kind, _what in _LIMIT_KINDS.items():
    REASONS.setdefault(f"AssocGrp{_kind}Limit",
                       f"Its account (association) already uses as many {_what} as its "
                       f"group limit allows; it waits until other jobs of the account end.")
    REASONS.setdefault(f"AssocGrp{_kind}", REASONS[f"AssocGrp{_kind}Limit"])
    REASONS.setdefault(f"AssocMax{_kind}PerJob",
                       f"It asks for more {_what} than its account allows one job; "
                       f"it will not start unless the limit or the request changes.")
    REASONS.setdefault(f"AssocMax{_kind}Limit", REASONS[f"AssocMax{_kind}PerJob"])
    REASONS.setdefault(f"QOSGrp{_kind}Limit",
                       f"Its QOS already uses as many {_what} as its group limit allows; "
                       f"it waits until other jobs of the QOS end.")
    REASONS.setdefault(f"QOSGrp{_kind}", REASONS[f"QOSGrp{_kind}Limit"])
    REASONS.setdefault(f"QOSMax{_kind}PerJob",
                       f"It asks for more {_what} than its QOS allows one job; it will not "
                       f"start unless the limit or the request changes.")
    REASONS.setdefault(f"QOSMax{_kind}PerUser",
                       f"Its owner's jobs in this QOS already use as many {_what} as the "
                       f"QOS allows one user; it waits until some of them end.")
    REASONS.setdefault(f"QOSMax{_kind}PerAccount",
                       f"The jobs of its account in this QOS already use as many {_what} "
                       f"as the QOS allows one account; it waits until some of them end.")
    REASONS.setdefault(f"QOSMax{_kind}Limit", REASONS[f"QOSMax{_kind}PerJob"])

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
del _kind, _what


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
    return REASONS.get(reason, reason)
