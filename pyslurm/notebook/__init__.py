"""pyslurm in Jupyter: a live cluster dashboard and its views.

Needs the ``notebook`` extra (``pip install 'pyslurm[notebook]'``: pandas,
ipywidgets, matplotlib).  Built on pyslurm's public API only.

* :class:`ClusterDashboard` -- an ipywidgets widget: node map, partition
  utilisation, queue with plain-language pending reasons and job actions,
  Gantt chart, scheduler statistics, usage per account; refreshed on a
  timer with the cheap "nothing changed" poll; :meth:`~ClusterDashboard.to_html`
  writes the same views into one static page.
* :class:`ClusterData` / :class:`Snapshot` -- the data behind it.
* :mod:`pyslurm.notebook.views` -- each view as HTML (or SVG) from plain rows.
* :func:`explain_reason` -- a job's reason code in plain language.
"""

from __future__ import annotations

from pyslurm.notebook.dashboard import ACTIONS, ClusterDashboard
from pyslurm.notebook.data import ClusterData, Snapshot
from pyslurm.notebook.reasons import REASONS, explain_reason
from pyslurm.notebook.views import node_map, page, queue_rows, queue_table

__all__ = ["ClusterDashboard", "ClusterData", "Snapshot", "ACTIONS", "REASONS",
           "explain_reason", "node_map", "page", "queue_rows", "queue_table"]
