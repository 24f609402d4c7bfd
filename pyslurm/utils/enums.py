"""Enum bases under upstream pyslurm's names (``pyslurm.utils.enums``)."""

from __future__ import annotations

from enum import Enum, Flag
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from typing_extensions import Self


class SlurmEnum(str, Enum):
    """A string enum: each member equals its value."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_flag(cls, flags: int, default: Self) -> Self:
        """The first member whose ``flag`` bit is set in ``flags``; else
        ``default``."""
        for member in cls:
            bit = getattr(member, "flag", None)
            if bit and flags & bit:
                return member
        return default


class SlurmFlag(Flag):
    """A flag enum that can be built from a list of member names."""

    @classmethod
    def from_list(cls, inp: Iterable[Any] | None) -> Self:
        """``["A", "B"]`` as ``A | B`` (names in any case).

        Raises:
            ValueError: a name that is not a member.
        """
        out = cls(0)
        for name in inp or ():
            try:
                out |= cls[str(name).upper()]
            except KeyError:
                raise ValueError(f"invalid value for {cls.__name__}: {name!r}") from None
        return out


__all__ = ["SlurmEnum", "SlurmFlag"]
