"""Node info: what a scheduler plugin knows of each node, and the filter
that keeps the nodes a test can use.

Node info (:class:`NodeInfo`) is a dict per node:

======================  ===================================================
``name``                node name (required)
``up`` / ``available``  bools; if absent they are computed from ``states``
``states``              Slurm state names, e.g. ``['MIXED']``, ``['IDLE', 'DRAIN']``
``cpus``                CPU count
``mem``                 memory in **bytes**
``partitions``          partition names the node belongs to
``reservations``        names of reservations *active now* on the node
``features``            active feature names
======================  ===================================================

The name sequences may be lists or tuples (the Slurm plugin gives tuples,
shared between nodes with equal values); the steps only read them.
:func:`build_node_info` is the one builder of an inventory from records.
Every node list returned is in natural node order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence, TypedDict

from pyslurm.errors import PyslurmError
from pyslurm.schedulers.config import AVAILABLE, calc_node_range
from pyslurm.schedulers.nodelist import expand_hostlist, natural_sorted

__all__ = [
    "NodeInfo", "PipelineError", "node_state_flags", "reservation_index", "build_node_info",
    "filter_nodes", "group_reasons", "node_range_errors",
]


class NodeInfo(TypedDict, total=False):
    """Per-node information used by the pipeline (see the module docstring)."""

    name: str
    up: bool
    available: bool
    states: Sequence[str]
    cpus: int
    mem: int
    partitions: Sequence[str]
    reservations: Sequence[str]
    features: Sequence[str]


class PipelineError(PyslurmError, ValueError):
    """A scheduling request cannot be satisfied (bad chunk index, too many
    include nodes, ...). The message names the offending value."""


# --------------------------------------------------------------------------- states

# A node with any of these is not up (cannot be allocated now).
_DOWN_STATES = frozenset({
    "DOWN", "DRAIN", "DRAINED", "DRAINING", "FAIL", "FAILING", "ERROR", "FUTURE",
    "UNKNOWN", "NOT_RESPONDING", "NO_RESPOND", "POWERING_DOWN", "POWER_DOWN",
    "REBOOT_ISSUED", "INVALID_REG", "INVAL", "DYNAMIC_FUTURE", "END", "BOOT",
})
# Up, but (partly) busy or about to be: not available.
_BUSY_STATES = frozenset({
    "ALLOCATED", "ALLOC", "MIXED", "COMPLETING", "PLANNED", "POWERED_DOWN", "POWERING_UP",
    "POWER_UP", "REBOOT_REQUESTED", "REBOOT", "BLOCKED", "POWER_DRAIN",
})


def _clean_state(state: str) -> str:
    return state.strip().upper().rstrip("*~#%!$@^-")


def _listed(names: set[str], allowed: Sequence[str]) -> bool:
    """Every state name in ``names`` is in ``allowed`` (Pavilion's "all states listed")."""
    return names <= {_clean_state(a) for a in allowed}


def _state_names(states: Iterable[str]) -> set[str]:
    names = {_clean_state(s) for s in states if s and s.strip()}
    return names or {"UNKNOWN"}


def node_state_flags(states: Iterable[str],
                     up_states: Sequence[str] | None = None,
                     avail_states: Sequence[str] | None = None) -> tuple[bool, bool]:
    """Decide whether a node is *up* and *available* from its Slurm states.

    Built-in rules: a node is up unless one of its states means it cannot
    take a job now (``DOWN``, ``DRAIN``/``DRAINED``/``DRAINING``, ``FAIL``,
    ``NOT_RESPONDING``, ``FUTURE``, ``UNKNOWN``, ``POWERING_DOWN``, ...); an up
    node is available unless it is (partly) busy (``ALLOCATED``, ``MIXED``,
    ``COMPLETING``, ``PLANNED``, powered down, reboot pending, ...). So
    ``MIXED`` is up but not available -- Pavilion's default lists counted it
    as down. ``IDLE``, ``DYNAMIC_NORM``, ``CLOUD``, ``MAINTENANCE``,
    ``RESERVED`` and other flags are neutral. Suffix markers scontrol prints
    (``*~#%!$@^-``) are ignored.

    With ``up_states`` / ``avail_states`` (Pavilion's ``slurm.up_states``
    semantics) a node is up/available when *all* its states are listed.
    Each list replaces its own rule only: with ``avail_states`` alone, being
    up is still judged by the built-in rules, and an available node is
    always up.

    Args:
        states: State names, e.g. ``['MIXED']`` or ``['IDLE', 'DRAIN']``.
        up_states: Optional explicit list of states that count as up.
        avail_states: Optional explicit list of states that count as available.

    Returns:
        ``(up, available)``.

    Examples:
        >>> node_state_flags(['MIXED'])
        (True, False)
        >>> node_state_flags(['MIXED'], avail_states=['IDLE', 'MIXED'])
        (True, True)
    """
    names = _state_names(states)
    if up_states is not None:
        up = _listed(names, up_states)
    else:
        up = not (names & _DOWN_STATES)
    if avail_states is not None:
        available = up and _listed(names, avail_states)
    else:
        available = up and not (names & (_BUSY_STATES | _DOWN_STATES))
    return up, available


def reservation_index(reservations: Mapping[str, str | Sequence[str] | None] | None,
                      ) -> dict[str, tuple[str, ...]]:
    """``{node name: names of its reservations}`` of ``{reservation: host list
    string or node names}``; nodes with the same reservations share one tuple.

    Raises:
        pyslurm.schedulers.nodelist.NodeListError: A host list is malformed.
    """
    index: dict[str, tuple[str, ...]] = {}
    for res_name, members in (reservations or {}).items():
        names = expand_hostlist(members) if isinstance(members, str) or members is None \
            else members
        for name in names:
            got = index.get(name, ())
            if res_name not in got:
                index[name] = (*got, res_name)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    return {name: shared.setdefault(got, got) for name, got in index.items()}


def build_node_info(nodes: Iterable[Mapping[str, Any]],
                    reservations: Mapping[str, str | Sequence[str] | None] | None = None,
                    copy: bool = True) -> dict[str, NodeInfo]:
    """Assemble the inventory from per-node records and reservations: the
    one builder of node info (the Slurm plugin hands it the records it
    makes of ``pyslurm.Nodes`` rows, :func:`pyslurm.schedulers.slurm.node_rows_info`).

    A record lacking ``partitions`` or ``features`` gets an empty list; each
    node gets the reservations active on it, after those its record names.
    A reservation with no nodes (``''``/``None``) is simply empty -- in
    Pavilion it broke the whole inventory.

    Args:
        nodes: Node records with at least ``name``; other keys as in
            :class:`NodeInfo`.
        reservations: ``{reservation name: host list string or node names}``
            of reservations active now.
        copy: Copy each record (default). ``False`` takes the records
            themselves into the inventory, as a producer of fresh records
            may: they are completed in place, and a record whose
            ``reservations`` is a tuple (a snapshot) gets a tuple.

    Returns:
        ``{name: NodeInfo}`` in natural node order.

    Raises:
        pyslurm.schedulers.nodelist.NodeListError: A reservation's host list
            is malformed.
    """
    in_resv = reservation_index(reservations)
    get_resv = in_resv.get
    out: dict[str, NodeInfo] = {}
    for rec in nodes:
        info: dict[str, Any] = dict(rec) if copy else rec  # type: ignore[assignment]
        if "partitions" not in info:
            info["partitions"] = []
        if "features" not in info:
            info["features"] = []
        name = info["name"]
        resv = info.get("reservations")
        extra = get_resv(name, ()) if in_resv else ()
        if type(resv) is tuple and not copy:
            if extra:
                info["reservations"] = extra if not resv else \
                    resv + tuple(r for r in extra if r not in resv)
        else:
            if copy or type(resv) is not list:
                resv = list(resv or [])
            resv.extend(r for r in extra if r not in resv)
            info["reservations"] = resv
        out[name] = info  # type: ignore[assignment]
    order = natural_sorted(out)
    if order == list(out):
        return out
    return {name: out[name] for name in order}


# --------------------------------------------------------------------------- filter

def _natural_items(nodes: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    """``nodes``' items in natural node order (the mapping's own order when
    it is natural already, as :func:`build_node_info` makes it)."""
    order = natural_sorted(nodes)
    if isinstance(nodes, dict) and order == list(nodes):
        return nodes.items()
    return [(name, nodes[name]) for name in order]


def _node_facts(node: Mapping[str, Any], up_states: Sequence[str] | None,
                avail_states: Sequence[str] | None) -> tuple[Any, Any, Any, Any]:
    """``(up, available, partitions, reservations)`` of a record that may
    lack keys: state flags judged from ``states`` when ``up`` is missing or
    explicit state lists are given; a missing list is None (not checked).

    With ``avail_states`` alone, the record's own ``up`` stands (it may know
    more than the states tell, e.g. a ``CLOUD`` node whose slurmd never
    registered) and availability is judged by the list.
    """
    get = node.get
    available: bool | None
    up = None if up_states is not None else get("up")
    if up is None:
        up, available = node_state_flags(get("states") or [], up_states, avail_states)
    elif avail_states is not None:
        available = bool(up) and _listed(_state_names(get("states") or []), avail_states)
    else:
        available = get("available")
    return up, available, get("partitions"), get("reservations")


_NO_STATES = object()


def _reserved_states(states: Iterable[str] | None,
                     reserved: frozenset[str]) -> list[str]:
    """The node's states that are in ``slurm.reserved_states``."""
    return sorted(_state_names(states or ()) & reserved) if states else []


def filter_nodes(nodes: Mapping[str, Mapping[str, Any]],
                 sched_config: Mapping[str, Any], *,
                 presorted: bool = False) -> tuple[list[str], dict[str, str]]:
    """Keep the nodes a test can use, and say why each other node was dropped.

    Checks run in Pavilion's order, first failing check wins: not up -> not
    available (only with ``node_state: available``) -> partition -> reservation
    (then, with no reservation given, a ``slurm.reserved_states`` state) ->
    ``across_nodes`` -> ``exclude_nodes`` -> features (``slurm.features``).
    Reasons read like Pavilion's (``"not up"``, ``"partition 'x' not in [...]"``).

    ``slurm.reserved_states`` (default ``['RESERVED']``) has Pavilion's
    meaning: a node in one of these states is dropped unless the test gives
    a ``reservation`` (a name or ``any``); with one, the states also count in
    explicit ``up_states`` / ``avail_states`` lists. ``avail_states`` works
    without ``up_states`` (Pavilion applied each list on its own too).

    Differences from Pavilion, on purpose: states are judged by
    :func:`node_state_flags` (``MIXED`` is up, any Slurm state name works);
    with no ``reservation`` requested, nodes in an active reservation are
    dropped (what Pavilion documents but never did; ``reservation: any``
    skips the check); feature names may contain ``-``; the result is in
    natural node order.

    Args:
        nodes: ``{name: NodeInfo}``.
        sched_config: A validated config.
        presorted: ``nodes`` is known to be in natural node order (a plugin's
            :meth:`~pyslurm.schedulers.base.SchedulerPluginAdvanced.inventory`
            is): the order is not checked again.

    Returns:
        ``(kept names in natural order, {dropped name: reason})``.

    Examples:
        >>> from pyslurm.schedulers.config import validate_config
        >>> inv = {'c10': {'states': ['IDLE']}, 'c2': {'states': ['DOWN']},
        ...        'c1': {'states': ['MIXED']}}
        >>> filter_nodes(inv, validate_config({}))
        (['c1', 'c10'], {'c2': 'not up'})
    """
    partition = sched_config.get("partition")
    reservation = sched_config.get("reservation")
    across = set(sched_config.get("across_nodes") or [])
    exclude = set(sched_config.get("exclude_nodes") or [])
    want_available = sched_config.get("node_state") == AVAILABLE
    slurm = sched_config.get("slurm") or {}
    features = slurm.get("features") or []
    up_states, avail_states = slurm.get("up_states"), slurm.get("avail_states")
    reserved = frozenset(slurm.get("reserved_states") or ())

    named_resv = reservation not in (None, "any")
    no_resv = reservation is None
    if reserved and not no_resv:
        # with a reservation the reserved states are usable (Pavilion adds
        # them to its up and available lists)
        if up_states is not None:
            up_states = [*up_states, *reserved]
        if avail_states is not None:
            avail_states = [*avail_states, *reserved]
    check_reserved = bool(reserved) and no_resv
    judge_states = up_states is not None or avail_states is not None
    part_reasons: dict[tuple[str, ...], str] = {}
    # nodes share a few state tuples: each is checked against the reserved
    # states once
    reserved_reasons: dict[Any, str | None] = {}
    last_states: Any = _NO_STATES
    why: str | None = None
    kept: list[str] = []
    dropped: dict[str, str] = {}
    for name, node in (nodes.items() if presorted else _natural_items(nodes)):
        if judge_states:
            up, available, parts, resv = _node_facts(node, up_states, avail_states)
            states = node.get("states")
        else:
            try:                  # the usual, complete record: plain lookups
                up = node["up"]
                available = node["available"]
                parts = node["partitions"]
                resv = node["reservations"]
                states = node["states"]
            except KeyError:
                up = None
            if up is None:
                up, available, parts, resv = _node_facts(node, None, None)
                states = node.get("states")
        if not up:
            dropped[name] = "not up"
            continue
        if want_available and not available:
            dropped[name] = "not available"
            continue
        if partition is not None and parts is not None and partition not in parts:
            # thousands of nodes share a few partition lists: one message each
            try:
                dropped[name] = part_reasons[parts]
            except (KeyError, TypeError):
                reason = f"partition '{partition}' not in {list(parts)}"
                if isinstance(parts, tuple):
                    part_reasons[parts] = reason
                dropped[name] = reason
            continue
        if named_resv:
            if resv is not None and reservation not in resv:
                dropped[name] = f"reservation '{reservation}' not in {list(resv)}"
                continue
        elif no_resv:
            if resv:
                dropped[name] = (f"in reservation(s) {list(resv)} and no "
                                 f"schedule.reservation given")
                continue
            if check_reserved:
                if states is not last_states:    # neighbours share their states tuple
                    try:
                        why = reserved_reasons[states]
                    except (KeyError, TypeError):
                        hit = _reserved_states(states, reserved)
                        why = (f"in state(s) {hit} (slurm.reserved_states) and no "
                               f"schedule.reservation given") if hit else None
                        if isinstance(states, tuple):
                            reserved_reasons[states] = why
                    last_states = states
                if why is not None:
                    dropped[name] = why
                    continue
        if across and name not in across:
            dropped[name] = "not in across_nodes list"
            continue
        if exclude and name in exclude:
            dropped[name] = "excluded"
            continue
        if features:
            have = set(node.get("features") or ())
            missing = next((alts for alts in features if not have.intersection(alts)), None)
            if missing is not None:
                dropped[name] = f"missing required feature '{'|'.join(missing)}'"
                continue
        kept.append(name)
    return kept, dropped


def group_reasons(dropped: Mapping[str, str]) -> dict[str, list[str]]:
    """Invert ``{node: reason}`` into ``{reason: [nodes]}`` (Pavilion's shape)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name in natural_sorted(dropped):
        out[dropped[name]].append(name)
    return dict(out)


def node_range_errors(sched_config: Mapping[str, Any], kept: Sequence[str],
                      dropped: Mapping[str, str]) -> list[str]:
    """The errors Pavilion reports after filtering, with every value filled in.

    Args:
        sched_config: A validated config.
        kept: Filtered node names.
        dropped: ``{node: reason}`` from :func:`filter_nodes`.

    Returns:
        Error messages (empty if the request can be met).
    """
    errors = []
    include = list(sched_config.get("include_nodes") or [])
    kept_set = set(kept) if include else set()
    for name in include:
        if name not in kept_set:
            why = dropped.get(name, "not in the inventory")
            errors.append(f"include node '{name}' (schedule.include_nodes) was "
                          f"filtered out: {why}")
    min_nodes, max_nodes = calc_node_range(sched_config, len(kept))
    if max_nodes is not None:        # None: 'tasks' without 'nodes', Slurm picks
        if min_nodes > max_nodes:
            errors.append(f"requested {min_nodes}-{max_nodes} nodes: schedule.min_nodes "
                          f"({min_nodes}) is more than schedule.nodes ({max_nodes})")
        if max_nodes < len(include):
            errors.append(f"{len(include)} schedule.include_nodes must be in every job, "
                          f"but schedule.nodes only asks for {max_nodes}")
    if len(kept) < min_nodes:
        lines = []
        for reason, names in group_reasons(dropped).items():
            shown = ",".join(names[:10]) + (", ..." if len(names) > 10 else "")
            lines.append(f"({len(names)}) {reason}: {shown}")
        asked = f"{min_nodes}-{max_nodes}" if max_nodes is not None else f"at least {min_nodes}"
        errors.append(f"insufficient nodes: asked for {asked}, but only "
                      f"{len(kept)} left after filtering. Dropped:\n" + "\n".join(lines))
    return errors
