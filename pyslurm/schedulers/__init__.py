"""Scheduler plugin layer for test harnesses (Pavilion-style).

Pure Python, standard library only. The pieces:

* :mod:`~pyslurm.schedulers.config` -- the ``schedule`` section: validation,
  normalisation, defaults (:func:`validate_config`, :func:`calc_node_range`).
* :mod:`~pyslurm.schedulers.nodelist` -- Slurm host lists in pure Python.
* :mod:`~pyslurm.schedulers.pipeline` -- the pure steps: filter, chunk, deal,
  plan.
* :mod:`~pyslurm.schedulers.variables` -- ``sched.*`` variables.
* :mod:`~pyslurm.schedulers.base` -- plugin base classes.
* :mod:`~pyslurm.schedulers.registry` -- plugins by name (built-in and
  entry points).
* :mod:`~pyslurm.schedulers.raw` -- the Raw (local process) plugin.
* :mod:`~pyslurm.schedulers.slurm_rules` -- Slurm's pure rules: the sbatch
  header and the job state table, for the Slurm plugin.
* :mod:`~pyslurm.schedulers.slurm` -- the Slurm plugin (:class:`Slurm`,
  registered as ``"slurm"``), on pyslurm's objects; importing it does not
  load libslurm.

Examples:
    >>> from pyslurm.schedulers import validate_config, make_chunks
    >>> make_chunks(['n1', 'n2', 'n3', 'n4'], validate_config({'chunking': {'size': '50%'}})
    ...             ['chunking']['size'])
    [['n1', 'n2'], ['n3', 'n4']]
"""

from __future__ import annotations

from pyslurm.schedulers.base import (
    SCHED_CANCELLED, SCHED_ERROR, SCHED_RUNNING, SCHEDULED, UNKNOWN,
    Inventory, JobInfo, JobSpec, JobStatus, KickoffScriptHeader, SchedulerPlugin,
    SchedulerPluginAdvanced, SchedulerPluginBasic, SchedulerPluginError, TestSpec,
)
from pyslurm.schedulers.config import (
    DEFAULTS, SchedulerConfigError, calc_node_range, flat_defaults, validate_config,
)
from pyslurm.schedulers.nodelist import (
    NodeListError, compress_hostlist, expand_hostlist, expand_hostlists, natural_key,
    natural_sorted,
)
from pyslurm.schedulers.pipeline import (
    ChunkStore, JobPlan, NodeInfo, PipelineError, build_node_info, deal_nodes,
    filter_nodes, group_reasons, make_chunks, node_list_id, node_state_flags, pick_chunk,
    plan_chunk,
)
from pyslurm.schedulers.registry import (
    ENTRY_POINT_GROUP, discover_plugins, get_plugin, list_plugins, register_plugin,
    unregister_plugin,
)
from pyslurm.schedulers.slurm_rules import SbatchHeader, map_job_state
from pyslurm.schedulers.slurm import Slurm
from pyslurm.schedulers.variables import (
    DeferredVariable, SchedulerVariables, SlurmVars, dfr_sched_var, sched_var,
)

__all__ = [
    "ENTRY_POINT_GROUP", "SCHEDULED", "SCHED_ERROR", "SCHED_CANCELLED", "SCHED_RUNNING",
    "UNKNOWN", "Inventory", "JobInfo", "JobSpec", "JobStatus", "KickoffScriptHeader",
    "SchedulerPlugin", "SchedulerPluginBasic", "SchedulerPluginAdvanced",
    "SchedulerPluginError", "TestSpec", "discover_plugins", "get_plugin", "list_plugins",
    "register_plugin", "unregister_plugin",
    "DEFAULTS", "SchedulerConfigError", "calc_node_range", "flat_defaults", "validate_config",
    "NodeListError", "compress_hostlist", "expand_hostlist", "expand_hostlists",
    "natural_key", "natural_sorted",
    "ChunkStore", "JobPlan", "NodeInfo", "PipelineError", "build_node_info", "deal_nodes",
    "filter_nodes", "group_reasons", "make_chunks", "node_list_id", "node_state_flags",
    "pick_chunk", "plan_chunk",
    "SbatchHeader", "map_job_state", "Slurm",
    "DeferredVariable", "SchedulerVariables", "SlurmVars", "dfr_sched_var", "sched_var",
]

# The built-in Slurm plugin (also the ``slurm`` entry point of the
# ``pyslurm.schedulers`` group); instantiating it makes no Slurm call.
register_plugin(Slurm)
