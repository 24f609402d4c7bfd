"""Upstream pyslurm's ``pyslurm.settings``: ``LOCAL_CLUSTER``, the local
cluster's name (slurm.conf's ``ClusterName``; ``"UNKNOWN"`` when no
configuration can be read), read when first asked for, and ``init()``."""

from __future__ import annotations

from typing import Any

from pyslurm import core

_UNKNOWN = "UNKNOWN"
LOCAL_CLUSTER: str          # read when asked for (module __getattr__ below)


def init() -> str:
    """Read the local cluster's name (initialising libslurm); return it."""
    return core.local_cluster() or _UNKNOWN


def __getattr__(name: str) -> Any:
    if name == "LOCAL_CLUSTER":
        return core.local_cluster() or _UNKNOWN
    raise AttributeError(f"module 'pyslurm.settings' has no attribute {name!r}")


__all__ = ["LOCAL_CLUSTER", "init"]
