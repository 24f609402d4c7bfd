"""Upstream pyslurm's ``pyslurm.api``: :func:`slurm_init` and
:func:`slurm_fini`.  pyslurm initialises libslurm by itself on the first
call that needs it (see :func:`pyslurm.init`); these are for scripts
that call them explicitly."""

from __future__ import annotations

import os
from typing import Union

from pyslurm import core


def slurm_init(config_path: Union[str, "os.PathLike[str]", None] = None) -> None:
    """Initialise libslurm with ``config_path`` (default ``$SLURM_CONF``,
    else ``/etc/slurm/slurm.conf``).

    Raises:
        ConfigError: the file cannot be used, libslurm already runs with
            another one, or :func:`slurm_fini` released it in this process.
    """
    core.init(config_path)


def slurm_fini() -> None:
    """Release libslurm at the end of a program: later calls in this
    process raise :class:`~pyslurm.ConfigError` (libslurm cannot be
    initialised again in the same process)."""
    core.fini()


__all__ = ["slurm_init", "slurm_fini"]
