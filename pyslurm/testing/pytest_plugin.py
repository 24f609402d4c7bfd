"""pytest plugin with the session fixture ``slurm_cluster``.

Opt-in: a test suite enables it with ``pytest -p pyslurm.testing.pytest_plugin``
or ``pytest_plugins = ["pyslurm.testing.pytest_plugin"]`` in its top
``conftest.py`` (pyslurm's own tests do, in ``pyproject.toml``); installing
pyslurm does not load it into other pytest runs.  The fixture gives the
tests a Slurm cluster to talk to:

1. If ``SLURM_CONF`` is set and that controller answers ``scontrol
   ping``, that cluster is used as it is (and never stopped).
2. Otherwise the local cluster in ``$PYSLURM_CLUSTER_DIR`` (default:
   ``.cluster`` in pytest's root directory) is used if it is healthy, or
   started if not (:class:`pyslurm.testing.cluster.Cluster`; see
   ``python -m pyslurm.testing``).  A cluster the fixture started is
   stopped at the end of the session; one started beforehand with
   ``python -m pyslurm.testing up`` is left running, which saves the
   start-up on every run.

The fixture sets ``os.environ["SLURM_CONF"]`` and yields a
:class:`SlurmCluster`.  The local cluster is started with accounting
(MariaDB + slurmdbd) when ``PYSLURM_CLUSTER_ACCOUNTING=1``, and with
``PYSLURM_CLUSTER_CLUSTERS=2`` a second cluster in the same slurmdbd (what
``make test`` does); the fixture ``slurm_accounting`` gives tests that
need them an :class:`Accounting`.  When no cluster can be reached or started, the
tests that use it are skipped, with the reason and how to start one;
under ``CI=true`` they fail instead, so that CI cannot pass without
having run them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, NoReturn, Optional

import pytest

from pyslurm.testing.cluster import Cluster, ClusterError


@dataclass
class SlurmCluster:
    """What a test needs to know about the cluster it runs against."""

    conf: str
    """Path of the cluster's slurm.conf (also in ``$SLURM_CONF``)."""
    node_names: List[str]
    """Nodes of the default partition, where jobs can run."""
    partitions: Dict[str, List[str]] = field(default_factory=dict)
    """``{partition: [node names]}``."""
    cluster: Optional[Cluster] = None
    """The local :class:`Cluster`, or None for an external one."""


@dataclass
class Accounting:
    """What a test needs to know about the cluster's accounting."""

    clusters: List[str]
    """ClusterName of every cluster in the slurmdbd, the local one first."""
    confs: Dict[str, str]
    """``{cluster name: slurm.conf path}``."""
    account: str
    """The account every test user (root, nobody, daemon) belongs to by default."""
    cluster: Cluster
    """The local cluster; ``cluster.stack`` stops and starts slurmdbd and
    MariaDB (``stop_slurmdbd()``, ``start_slurmdbd(conf)``, ...)."""


def controller_answers(conf: str) -> bool:
    """True if the controller of ``conf`` answers ``scontrol ping``.

    A missing file is checked first: Slurm's clients would wait a minute
    for it to appear.
    """
    if not os.path.isfile(conf):
        return False
    try:
        return subprocess.run(
            ["scontrol", "ping"], env={**os.environ, "SLURM_CONF": conf},
            capture_output=True, timeout=60, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _query(conf: str, *args: str) -> str:
    result = subprocess.run(list(args), env={**os.environ, "SLURM_CONF": conf},
                            capture_output=True, text=True, timeout=60,
                            check=True)
    return result.stdout


def external_cluster(conf: str) -> SlurmCluster:
    """A :class:`SlurmCluster` for a running cluster we did not start."""
    partitions: dict[str, list[str]] = {}
    default: str | None = None
    for line in _query(conf, "sinfo", "-h", "-o", "%P|%N").splitlines():
        name, nodes = line.split("|", 1)
        if name.endswith("*"):
            name = default = name[:-1]
        names = partitions.setdefault(name, [])
        if nodes.strip():
            names += _query(conf, "scontrol", "show", "hostnames",
                            nodes).split()
    default_nodes = partitions.get(default, []) if default is not None else []
    return SlurmCluster(conf, default_nodes, partitions)


def unavailable(reason: str) -> NoReturn:
    """Skip (or, under ``CI=true``, fail) for want of a cluster."""
    message = f"no Slurm cluster for the tests: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message}\nStart one with `python -m pyslurm.testing up` (as root), "
                f"or point SLURM_CONF at a running cluster.")


def _external(conf: str) -> tuple[SlurmCluster | None, str | None]:
    """``(SlurmCluster, None)`` for a running cluster, or ``(None, why)``."""
    try:
        return external_cluster(conf), None
    except subprocess.SubprocessError as e:
        return None, f"cannot list the nodes of {conf}: {e}"


def _local(runtime_dir: str) -> tuple[Cluster | None, bool, str | None]:
    """``(Cluster, started, None)`` once it is up, or ``(.., .., why)``."""
    cluster: Cluster | None = None
    started = False
    try:
        overrides: dict[str, int | bool] = {}
        for name, key in (("EXTRA_NODES", "extra_nodes"), ("ACCOUNTING", "accounting"),
                          ("CLUSTERS", "clusters")):
            value = os.environ.get(f"PYSLURM_CLUSTER_{name}")
            if value:
                overrides[key] = bool(int(value)) if key == "accounting" else int(value)
        cluster = Cluster.load(runtime_dir, **overrides)
        if not cluster.healthy():
            started = True
            cluster.up()
    except (ClusterError, OSError, subprocess.SubprocessError) as e:
        return cluster, started, str(e)
    return cluster, started, None


@pytest.fixture(scope="session")
def slurm_cluster(request: pytest.FixtureRequest) -> Iterator[SlurmCluster]:
    """A running Slurm cluster for the whole session (see module doc)."""
    conf = os.environ.get("SLURM_CONF")
    if conf and controller_answers(conf):
        found, error = _external(conf)
        if error is not None:
            unavailable(error)
        assert found is not None   # _external gives a cluster or a reason
        yield found
        return
    runtime_dir = (os.environ.get("PYSLURM_CLUSTER_DIR")
                   or str(request.config.rootpath / ".cluster"))
    cluster, started, error = _local(runtime_dir)
    if error is not None:
        unavailable(error)
    assert cluster is not None   # _local gives no cluster only with a reason
    os.environ["SLURM_CONF"] = cluster.conf_path
    try:
        yield SlurmCluster(cluster.conf_path, cluster.node_names,
                           cluster.partitions, cluster)
    finally:
        if started:
            cluster.down()


@pytest.fixture(scope="session")
def slurm_accounting(slurm_cluster: SlurmCluster) -> Accounting:
    """The accounting side of ``slurm_cluster``: skipped (failed under
    ``CI=true``) when that cluster runs without slurmdbd."""
    local = slurm_cluster.cluster
    if local is None or local.stack is None:
        unavailable("the cluster has no accounting: start the local one with "
                    "`python -m pyslurm.testing up --accounting --clusters 2` "
                    "(or PYSLURM_CLUSTER_ACCOUNTING=1 PYSLURM_CLUSTER_CLUSTERS=2)")
    assert local is not None
    from pyslurm.testing.accounting import DEFAULT_ACCOUNT
    return Accounting(local.cluster_names, local.confs, DEFAULT_ACCOUNT, local)
