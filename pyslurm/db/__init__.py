"""pyslurm.db: accounting records through slurmdbd.

Jobs, steps and their statistics as the accounting database keeps them
(long after the controller forgot them), trackable resources, QOS,
associations, accounts and users (with create / modify / delete), usage
reports as ``sreport`` gives them and job efficiency as ``seff`` reports
it.  Upstream pyslurm's ``pyslurm.db`` names work unchanged.

Like the top-level package, importing ``pyslurm.db`` loads no compiled
module; each name is imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any as _Any

# {public name: module}.  Each module owns its names.
_LAZY = {
    "Connection": "pyslurm.db.connection",
    "Job": "pyslurm.db.job",
    "Jobs": "pyslurm.db.job",
    "JobFilter": "pyslurm.db.job",
    "JobSearchFilter": "pyslurm.db.job",
    "JobStep": "pyslurm.db.step",
    "JobSteps": "pyslurm.db.step",
    "JobStatistics": "pyslurm.stats",
    "JobStepStatistics": "pyslurm.stats",
    "TrackableResource": "pyslurm.db.tres",
    "TrackableResources": "pyslurm.db.tres",
    "QualityOfService": "pyslurm.db.qos",
    "QualitiesOfService": "pyslurm.db.qos",
    "QualityOfServiceFilter": "pyslurm.db.qos",
    "Association": "pyslurm.db.assoc",
    "Associations": "pyslurm.db.assoc",
    "AssociationFilter": "pyslurm.db.assoc",
    "Account": "pyslurm.db.account",
    "Accounts": "pyslurm.db.account",
    "User": "pyslurm.db.user",
    "Users": "pyslurm.db.user",
    "reports": "pyslurm.db.reports",
    "efficiency": "pyslurm.db.efficiency",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pyslurm.db' has no attribute {name!r}")
    mod = importlib.import_module(module)
    value = mod if module.rsplit(".", 1)[-1] == name else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted((set(globals()) - {"annotations", "_Any"}) | set(_LAZY))


__all__ = list(_LAZY)
