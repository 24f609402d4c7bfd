"""Reservation flags and reoccurrence as upstream pyslurm names them
(pure Python, no libslurm).

:class:`ReservationFlags` and :class:`ReservationReoccurrence` are the
enums of upstream pyslurm (25.11), importable as ``pyslurm.ReservationFlags``
and ``pyslurm.ReservationReoccurrence``.  pyslurm's own spelling of a flag
is the name ``scontrol`` prints (``"MAINT"``, ``"IGNORE_JOBS"``); the
tables here translate between the two.  :class:`pyslurm.Reservation`
takes either.

Examples:
    >>> flags = ReservationFlags.MAINTENANCE | ReservationFlags.FLEX
    >>> flag_names(flags)
    ['MAINT', 'FLEX']
    >>> ReservationFlags.MAINTENANCE in FlagList(["MAINT", "IGNORE_JOBS"])
    True
    >>> ReservationReoccurrence("daily") == "DAILY"
    True
"""

from __future__ import annotations

import enum
from typing import Any, Iterable


def _bit(n: int) -> int:
    return 1 << n


class ReservationFlags(enum.Flag):
    """Reservation flags (upstream pyslurm's names; the values are Slurm's
    ``RESERVE_FLAG_*`` bits, the same in every supported major).

    ``USER_DELETION`` and ``SCHED_FAILED`` exist from Slurm 24.11 on;
    ``OVERLAP`` is only settable before 24.11; ``SCHED_FAILED`` is set by
    Slurm, and ``SKIP`` (skip the next occurrence) is not sent by pyslurm.
    """

    MAINTENANCE = _bit(0)
    IGNORE_RUNNING_JOBS = _bit(6)
    ANY_NODES = _bit(8)
    STATIC_NODES = _bit(10)
    PARTITION_NODES_ONLY = _bit(12)
    OVERLAP = _bit(14)
    SPECIFIC_NODES = _bit(15)
    ALL_NODES = _bit(19)
    PURGE = _bit(20)
    FLEX = _bit(25)
    NO_JOB_HOLD_AFTER_END = _bit(29)
    MAGNETIC = _bit(32)
    SKIP = _bit(34)
    USER_DELETION = _bit(39)
    SCHED_FAILED = _bit(41)

    @classmethod
    def from_list(cls, names: Iterable[str]) -> ReservationFlags:
        """The flags named in ``names``: upstream's member names or the
        ones scontrol prints (``"MAINT"``, ``"PURGE_COMP=00:05:00"``);
        case does not matter.  Names of other flags (reoccurrence, or flags
        upstream has no member for) are left out.

        Raises:
            ValueError: ``names`` is not a list of str.
        """
        if isinstance(names, str):
            names = names.split(",")
        out = cls(0)
        try:
            items = list(names)
        except TypeError:
            raise ValueError(f"flags: expected a list of flag names, got {names!r}") from None
        for name in items:
            if not isinstance(name, str):
                raise ValueError(f"flags: invalid entry {name!r} in {names!r}")
            member = _BY_NAME.get(name.strip().upper().partition("=")[0])
            if member is not None:
                out |= member
        return out


# upstream's member -> the name scontrol prints (pyslurm.reservation.FLAGS)
SCONTROL_NAMES: dict[ReservationFlags, str] = {
    ReservationFlags.MAINTENANCE: "MAINT",
    ReservationFlags.IGNORE_RUNNING_JOBS: "IGNORE_JOBS",
    ReservationFlags.ANY_NODES: "ANY_NODES",
    ReservationFlags.STATIC_NODES: "STATIC",
    ReservationFlags.PARTITION_NODES_ONLY: "PART_NODES",
    ReservationFlags.OVERLAP: "OVERLAP",
    ReservationFlags.SPECIFIC_NODES: "SPEC_NODES",
    ReservationFlags.ALL_NODES: "ALL_NODES",
    ReservationFlags.PURGE: "PURGE_COMP",
    ReservationFlags.FLEX: "FLEX",
    ReservationFlags.NO_JOB_HOLD_AFTER_END: "NO_HOLD_JOBS_AFTER_END",
    ReservationFlags.MAGNETIC: "MAGNETIC",
    ReservationFlags.SKIP: "SKIP",
    ReservationFlags.USER_DELETION: "USER_DELETE",
    ReservationFlags.SCHED_FAILED: "SCHED_FAILED",
}
# either spelling -> the member
_BY_NAME: dict[str, ReservationFlags] = {}
for _m, _n in SCONTROL_NAMES.items():
    _BY_NAME[_n] = _m
    _BY_NAME[str(_m.name)] = _m
#: upstream's member name -> the name scontrol prints (and pyslurm takes).
UPSTREAM_NAMES: dict[str, str] = {str(m.name): n for m, n in SCONTROL_NAMES.items()}


def members(flags: ReservationFlags) -> list[ReservationFlags]:
    """The single flags of ``flags``, in declaration order."""
    return [m for m in ReservationFlags if m.value and m & flags == m]


def flag_names(flags: ReservationFlags) -> list[str]:
    """``flags`` as the names scontrol prints (what pyslurm sends)."""
    return [SCONTROL_NAMES[m] for m in members(flags)]


class FlagList(list):
    """The flag names of a loaded reservation (``["MAINT", "FLEX"]``), as a
    plain list; ``ReservationFlags.X in flags`` also works, as upstream
    pyslurm's scripts test (True when every flag of ``X`` is set)."""

    def __contains__(self, item: object) -> bool:
        if isinstance(item, ReservationFlags):
            have = {n.partition("=")[0] for n in self}
            return all(SCONTROL_NAMES[m] in have for m in members(item))
        return list.__contains__(self, item)


class ReservationReoccurrence(str, enum.Enum):
    """How a reservation repeats (upstream pyslurm's enum): ``NO`` or the
    reoccurrence flag's name.  Members equal their name as a plain str
    (``ReservationReoccurrence.DAILY == "DAILY"``); a lower-case name is
    accepted too (``ReservationReoccurrence("daily")``)."""

    NO = "NO"
    DAILY = "DAILY"
    HOURLY = "HOURLY"
    WEEKLY = "WEEKLY"
    WEEKDAY = "WEEKDAY"
    WEEKEND = "WEEKEND"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            for m in cls:
                if m.value == value.strip().upper():
                    return m
        return None

    @classmethod
    def from_flag(cls, flags: int, default: ReservationReoccurrence | None = None
                  ) -> ReservationReoccurrence | None:
        """The reoccurrence of Slurm's flag bits ``flags`` (``default``
        when none is set)."""
        for m, bit in REOCCURRENCE_BITS.items():
            if flags & bit:
                return m
        return default


#: reoccurrence -> its Slurm flag bit (RESERVE_FLAG_DAILY, ...).
REOCCURRENCE_BITS: dict[ReservationReoccurrence, int] = {
    ReservationReoccurrence.DAILY: _bit(2),
    ReservationReoccurrence.WEEKLY: _bit(4),
    ReservationReoccurrence.WEEKDAY: _bit(21),
    ReservationReoccurrence.WEEKEND: _bit(23),
    ReservationReoccurrence.HOURLY: _bit(35),
}


def reoccurrence(value: Any) -> ReservationReoccurrence:
    """A checked reoccurrence: a :class:`ReservationReoccurrence` or its
    name (any case).

    Raises:
        ValueError: anything else.
    """
    try:
        return ReservationReoccurrence(value)
    except ValueError:
        raise ValueError(f"Reservation: invalid reoccurrence {value!r} (one of "
                         f"{', '.join(m.value for m in ReservationReoccurrence)})") from None


__all__ = ["ReservationFlags", "ReservationReoccurrence", "FlagList", "SCONTROL_NAMES",
           "UPSTREAM_NAMES", "REOCCURRENCE_BITS", "flag_names", "members", "reoccurrence"]
