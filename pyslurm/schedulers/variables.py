"""Scheduler variables: what a test config can read as ``sched.*``.

Variables are methods of a :class:`SchedulerVariables` subclass decorated
with :func:`sched_var` (known as soon as the node inventory is) or
:func:`dfr_sched_var` (*deferred*: only known inside the allocation). The
method name is the variable name; its docstring's first line is its help.

A variables object is built twice per test, as in Pavilion: with
``deferred=True`` from the filtered nodes and chunks when the test is
created (deferred variables then read as a :class:`DeferredVariable`), and
with ``deferred=False`` from the allocation's nodes right before the test
runs.

Values are native Python (``int``, ``str``, ``list[str]``); use
:meth:`SchedulerVariables.as_strings` for a harness that wants strings.

Examples:
    >>> from pyslurm.schedulers.config import validate_config
    >>> nodes = {'n1': {'cpus': 8, 'mem': 2**34}, 'n2': {'cpus': 4, 'mem': 2**33}}
    >>> v = SchedulerVariables(validate_config({'tasks_per_node': '50%'}), nodes=nodes,
    ...                        deferred=False)
    >>> v['tasks_per_node'], v['tasks_total'], v['min_mem']
    (2, 4, 8589934592)
"""

from __future__ import annotations

import math
from typing import Any, Callable, ClassVar, Iterator, Mapping, Sequence, TypeVar

from pyslurm.schedulers.config import MPI_CMD_SRUN, calc_node_range
from pyslurm.schedulers.nodelist import compress_hostlist, natural_sorted

__all__ = [
    "sched_var", "dfr_sched_var", "DeferredVariable", "SchedulerVariables", "SlurmVars",
    "DEFAULT_MIN_CPUS", "DEFAULT_MIN_MEM",
]

DEFAULT_MIN_CPUS = 1
"""``min_cpus`` / ``test_min_cpus`` when neither nodes nor ``cluster_info.cpus`` say."""
DEFAULT_MIN_MEM = 4 * 1024 ** 3
"""``min_mem`` / ``test_min_mem`` (bytes) when neither nodes nor ``cluster_info.mem`` say."""

F = TypeVar("F", bound=Callable[..., Any])


def sched_var(func: F) -> F:
    """Mark a method as a scheduler variable (not deferred)."""
    func._sched_var = "plain"  # type: ignore[attr-defined]
    return func


def dfr_sched_var(func: F | None = None) -> Any:
    """Mark a method as a deferred scheduler variable.

    Usable bare (``@dfr_sched_var``) or called (``@dfr_sched_var()``), as the
    Pavilion reference writes it both ways.
    """
    def mark(f: F) -> F:
        f._sched_var = "deferred"  # type: ignore[attr-defined]
        return f
    if func is None:
        return mark
    return mark(func)


class DeferredVariable:
    """Placeholder for a deferred variable's value before the allocation exists."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<deferred sched.{self.name}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DeferredVariable) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("DeferredVariable", self.name))


class SchedulerVariables(Mapping[str, Any]):
    """The base scheduler variables (see the module docstring).

    Args:
        sched_config: The test's validated ``schedule`` config.
        nodes: ``{name: NodeInfo}``: the filtered nodes (initial) or the
            allocation's nodes (final). Default: none.
        chunks: Chunks of the filtered node list (initial only).
        node_list_id: Id of the filtered node list the chunks came from.
        deferred: Whether deferred variables are still unknown.
        presorted: ``nodes`` is already in natural node order (as the
            filter returns it): it is copied without sorting.
    """

    EXAMPLE: dict[str, Any] = {
        "chunk_ids": [0, 1, 2, 3],
        "chunk_size": 3,
        "errors": ["oh no, there was an error."],
        "node_list": ["node01", "node03", "node04"],
        "node_list_id": 123456789,
        "nodes": 45,
        "min_cpus": 4,
        "min_mem": 34359738368,
        "partition": "batch",
        "requested_nodes": "2-4",
        "tasks_per_node": 5,
        "tasks_total": 180,
        "test_cmd": "",
        "test_min_cpus": 4,
        "test_min_mem": 34359738368,
        "test_node_list": ["node02", "node04"],
        "test_nodes": 45,
    }
    """Example values shown by :meth:`info` when a value is not known."""

    NO_EXAMPLE = "<no example>"

    _VARS_FOUND: ClassVar[dict[str, str]]
    """Set on each class by :meth:`_find_vars` (its own, never inherited)."""

    def __init__(self, sched_config: Mapping[str, Any],
                 nodes: Mapping[str, Mapping[str, Any]] | None = None,
                 chunks: Sequence[Sequence[str]] | None = None,
                 node_list_id: int | None = None,
                 deferred: bool = True, presorted: bool = False):
        self._sched_config = sched_config
        nodes = nodes or {}
        if presorted:                  # the caller's nodes are in natural order
            self._nodes = dict(nodes)
        else:
            order = natural_sorted(nodes)
            self._nodes = dict(nodes) if isinstance(nodes, dict) and order == list(nodes) \
                else {name: nodes[name] for name in order}
        self._chunks = [list(c) for c in (chunks or [])]
        self._node_list_id = node_list_id
        self.deferred = deferred
        self._errors: list[str] = []
        self._vars = self._find_vars()

    @classmethod
    def _find_vars(cls) -> dict[str, str]:
        """``{variable: kind}`` of this class (found once per class)."""
        found = cls.__dict__.get("_VARS_FOUND")
        if found is None:
            found = cls._VARS_FOUND = cls._scan_vars()
        return found

    @classmethod
    def _scan_vars(cls) -> dict[str, str]:
        found: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                if name.startswith("_"):
                    continue
                kind = getattr(attr, "_sched_var", None)
                if kind is not None:
                    found[name] = kind
                elif name in found:
                    del found[name]
        return found

    # Mapping protocol -------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        if key not in self._vars:
            raise KeyError(f"no scheduler variable {key!r}")
        if self.deferred and self._vars[key] == "deferred":
            return DeferredVariable(key)
        return getattr(self, key)()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._vars))

    def __len__(self) -> int:
        return len(self._vars)

    def is_deferred(self, key: str) -> bool:
        """True if ``key`` is a deferred variable."""
        return self._vars[key] == "deferred"

    def add_errors(self, errors: Sequence[str]) -> None:
        """Record errors (shown in the ``errors`` variable)."""
        self._errors.extend(errors)

    def info(self, key: str) -> dict[str, Any]:
        """Name, help text, deferred flag and an example value of ``key``."""
        method = getattr(self, key)
        doc = (method.__doc__ or "").strip().splitlines()
        try:
            example = self[key]
        except (KeyError, ValueError):
            example = None
        if example is None or isinstance(example, DeferredVariable) or example == []:
            example = self.EXAMPLE.get(key, self.NO_EXAMPLE)
        return {"name": key, "help": doc[0] if doc else "",
                "deferred": self.is_deferred(key), "example": example}

    def as_strings(self) -> dict[str, Any]:
        """All variables as strings / lists of strings (deferred ones as ``'<deferred>'``).

        Errors raised by a variable are recorded in ``errors`` instead of
        propagating (Pavilion's ``DEFER_ERRORS``).
        """
        out: dict[str, Any] = {}
        for key in self:
            if key == "errors":
                continue
            try:
                value = self[key]
            except (ValueError, KeyError, TypeError) as err:
                self._errors.append(f"sched.{key}: {err}")
                value = ""
            if isinstance(value, DeferredVariable):
                out[key] = "<deferred>"
            elif isinstance(value, (list, tuple)):
                out[key] = [str(v) for v in value]
            else:
                out[key] = "" if value is None else str(value)
        out["errors"] = list(self._errors)
        return out

    # Helpers -----------------------------------------------------------------
    def _get_min(self, attr: str, default: int) -> int:
        """Smallest ``attr`` over the nodes, else ``cluster_info.attr``, else default."""
        values = [v for v in (n.get(attr) for n in self._nodes.values()) if v is not None]
        if values:
            return int(min(values))
        value = (self._sched_config.get("cluster_info") or {}).get(attr)
        return default if value is None else int(value)

    def _tasks_per_node(self) -> int:
        tpn = self._sched_config.get("tasks_per_node", 1)
        min_tasks = self._sched_config.get("min_tasks_per_node")
        if tpn is None:      # 'tasks' given without 'tasks_per_node': Pavilion's 1
            tpn = 1
        if isinstance(tpn, float):
            tasks = max(math.floor(tpn * self._get_min("cpus", DEFAULT_MIN_CPUS)), 1)
        else:
            tasks = int(tpn)
        if min_tasks and min_tasks > tasks:
            tasks = int(min_tasks)
        return tasks

    # Variables ---------------------------------------------------------------
    @sched_var
    def chunk_ids(self) -> list[int]:
        """Indices of the available chunks (use one as the test's ``chunk``)."""
        return list(range(len(self._chunks)))

    @sched_var
    def chunk_size(self) -> int | str:
        """Number of nodes in each chunk ('' without chunks, e.g. inside the allocation)."""
        return len(self._chunks[0]) if self._chunks else ""

    @sched_var
    def requested_nodes(self) -> str:
        """Node count a job on a chunk asks for: 'N', 'MIN-MAX', or '' (no chunks,
        or tasks without nodes where Slurm picks the nodes and their count)."""
        if not self._chunks:
            return ""
        size = len(self._chunks[0])
        lo, hi = calc_node_range(self._sched_config, size)
        if hi is None:       # tasks without nodes
            if not self._sched_config.get("flex_scheduled", True):
                return str(size)             # the pipeline gives it the whole chunk
            return str(lo) if lo != 1 else ""
        return str(hi) if lo == hi else f"{lo}-{hi}"

    @sched_var
    def partition(self) -> str:
        """The partition the test asks for ('' when unset: the cluster's default)."""
        return self._sched_config.get("partition") or ""

    @sched_var
    def node_list(self) -> list[str]:
        """The filtered node names (natural order); empty without an inventory."""
        return list(self._nodes)

    @sched_var
    def node_list_id(self) -> int | str:
        """Id of the filtered node list ('' if none); used to recover a chunk."""
        return "" if self._node_list_id is None else self._node_list_id

    @sched_var
    def nodes(self) -> int:
        """Number of usable nodes: filtered count, else cluster_info.node_count, else 1."""
        if self._nodes:
            return len(self._nodes)
        count = (self._sched_config.get("cluster_info") or {}).get("node_count")
        return 1 if count is None else int(count)

    @sched_var
    def min_cpus(self) -> int:
        """Smallest CPU count of the filtered nodes (cluster_info.cpus, else 1)."""
        return self._get_min("cpus", DEFAULT_MIN_CPUS)

    @sched_var
    def min_mem(self) -> int:
        """Smallest memory of the filtered nodes, bytes (cluster_info.mem, else 4 GiB)."""
        return self._get_min("mem", DEFAULT_MIN_MEM)

    @sched_var
    def tasks_per_node(self) -> int:
        """Tasks per node: the int given, or the fraction of min CPUs (floor, >= 1),
        raised to min_tasks_per_node (1 with tasks and no tasks_per_node)."""
        return self._tasks_per_node()

    @dfr_sched_var
    def tasks_total(self) -> int:
        """Total tasks: schedule.tasks, else tasks_per_node times the test's node
        count (always an int)."""
        tasks = self._sched_config.get("tasks")
        if tasks is not None:
            return int(tasks)
        return self._tasks_per_node() * max(self.test_nodes(), 1)

    @dfr_sched_var
    def test_cmd(self) -> str:
        """Command prefix that starts the test's processes (base: just the wrapper)."""
        return self._sched_config.get("wrapper") or ""

    @dfr_sched_var
    def test_min_cpus(self) -> int:
        """Smallest CPU count of the test's nodes (cluster_info.cpus, else 1)."""
        return self._get_min("cpus", DEFAULT_MIN_CPUS)

    @dfr_sched_var
    def test_min_mem(self) -> int:
        """Smallest memory of the test's nodes, bytes (cluster_info.mem, else 4 GiB)."""
        return self._get_min("mem", DEFAULT_MIN_MEM)

    @dfr_sched_var
    def test_node_list(self) -> list[str]:
        """Names of the nodes this test runs on (natural order)."""
        return list(self._nodes)

    @dfr_sched_var
    def test_nodes(self) -> int:
        """Number of nodes this test runs on (cluster_info.node_count/1 if unknown)."""
        if self._nodes:
            return len(self._nodes)
        return self.nodes()

    @sched_var
    def errors(self) -> list[str]:
        """Errors found while working out the variables (e.g. too few nodes)."""
        return list(self._errors)


class SlurmVars(SchedulerVariables):
    """Scheduler variables of the Slurm plugin: ``test_cmd`` is srun or mpirun.

    Command shapes follow Pavilion's ``SlurmVars``:

    * ``srun -N <nodes> -w <hostlist> -n <tasks> [srun_extra...] [wrapper]``
    * ``mpirun --map-by ppr:<tasks_per_node>:node [--rank-by R] [--bind-to B]
      [--mca K V ...] --host <n1,n2,...> [extra...] [wrapper]``

    ``-n`` is ``schedule.tasks`` when given (as Pavilion), else tasks per
    node times nodes. The ``mpirun`` options come from the ``mpirun_opts``
    section. Fixes: the reference put the *total* task count in
    ``ppr:N:node`` (processes per node) and Pavilion's current release
    passes ``tasks_per_node`` unresolved (``-N 1.0`` for ``all``); here it
    is the tasks per node worked out. With ``tasks``, mpirun gets
    ``-n <tasks>`` (Pavilion's mpirun ignores ``tasks``), and
    ``--map-by ppr:<tasks_per_node>:node`` only if ``tasks_per_node`` is
    given.
    """

    EXAMPLE = dict(SchedulerVariables.EXAMPLE,
                   test_cmd="srun -N 5 -w node[05-10],node23 -n 20")

    @dfr_sched_var
    def test_cmd(self) -> str:
        """srun or mpirun command with the test's nodes, node/task counts and binding."""
        cfg = self._sched_config
        slurm = cfg.get("slurm") or {}
        mpirun_opts = cfg.get("mpirun_opts") or {}
        nodes = list(self._nodes)
        tpn = self._tasks_per_node()
        tasks = cfg.get("tasks")
        if slurm.get("mpi_cmd", MPI_CMD_SRUN) == MPI_CMD_SRUN:
            cmd = ["srun", "-N", str(len(nodes)), "-w", compress_hostlist(nodes),
                   "-n", str(tpn * len(nodes) if tasks is None else tasks)]
            cmd.extend(slurm.get("srun_extra") or [])
        else:
            cmd = ["mpirun"]
            if tasks is not None:
                cmd.extend(["-n", str(tasks)])
            if tasks is None or cfg.get("tasks_per_node") is not None:
                cmd.extend(["--map-by", f"ppr:{tpn}:node"])
            if mpirun_opts.get("rank_by"):
                cmd.extend(["--rank-by", mpirun_opts["rank_by"]])
            if mpirun_opts.get("bind_to"):
                cmd.extend(["--bind-to", mpirun_opts["bind_to"]])
            for mca in mpirun_opts.get("mca") or []:
                cmd.extend(["--mca", mca])
            cmd.extend(["--host", ",".join(nodes)])
            cmd.extend(mpirun_opts.get("extra") or [])
        if cfg.get("wrapper"):
            cmd.append(cfg["wrapper"])
        return " ".join(cmd)
