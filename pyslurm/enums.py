"""Upstream pyslurm's ``pyslurm.enums``: :class:`SchedulerType`, which
scheduler started a job (``SUBMIT``, ``MAIN``, ``BACKFILL`` or
``UNKNOWN``), read from an accounting record's flags with
``SchedulerType.from_flag(flags, SchedulerType.UNKNOWN)``."""

from __future__ import annotations

from pyslurm.utils.enums import SlurmEnum

# slurmdb.h: SLURMDB_JOB_FLAG_SUBMIT / _SCHED / _BACKFILL of an accounting
# job record (the same in every supported major)
_SCHED_SUBMIT = 1 << 1
_SCHED_MAIN = 1 << 2
_BACKFILL_SCHED = 1 << 3


class SchedulerType(SlurmEnum):
    """Which scheduler started a job."""

    SUBMIT = "SUBMIT"
    MAIN = "MAIN"
    BACKFILL = "BACKFILL"
    UNKNOWN = "UNKNOWN"

    @property
    def flag(self) -> int:
        """The job flag bit of this scheduler (0 for UNKNOWN)."""
        return {"SUBMIT": _SCHED_SUBMIT, "MAIN": _SCHED_MAIN,
                "BACKFILL": _BACKFILL_SCHED}.get(self.value, 0)


__all__ = ["SchedulerType"]
