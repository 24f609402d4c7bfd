"""Pure scheduling steps: node info in, lists and dicts out.

The pipeline is *inventory -> node info -> filter -> node range -> chunks ->
variables -> kickoff plan*. Each step here is a plain function on plain data,
with randomness through an injected :class:`random.Random`, so harness
authors can reuse the steps and compare them with Pavilion's case by case.

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

Natural node order (``c2`` before ``c10``, see
:func:`pyslurm.schedulers.nodelist.natural_key`) is used for every node list
this module returns; Pavilion sorted plain strings (``cn10`` before ``cn2``).
"""

from __future__ import annotations

import hashlib
import random as _random
from math import ceil as _ceil, log as _log
import struct as _struct
from collections import defaultdict, deque as _deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence, TypedDict

from pyslurm.schedulers.config import (
    AVAILABLE, BACKFILL, CONTIGUOUS, DISTRIBUTED, RAND_DIST, RANDOM, calc_node_range,
)
from pyslurm.schedulers.nodelist import expand_hostlist, natural_sorted

__all__ = [
    "NodeInfo", "PipelineError",
    "node_state_flags", "build_node_info", "filter_nodes", "group_reasons",
    "node_range_errors",
    "select_contiguous", "select_distributed", "select_random", "select_rand_dist", "sample",
    "NODE_SELECTION", "make_chunks", "chunk_seed", "node_list_id", "chunk_group_id",
    "ChunkStore", "pick_chunk", "least_used_chunk", "deal_nodes",
    "ALLOC_ACQUIRE_OPTIONS", "share_key", "JobPlan", "plan_chunk",
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


class PipelineError(ValueError):
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

    Args:
        states: State names, e.g. ``['MIXED']`` or ``['IDLE', 'DRAIN']``.
        up_states: Optional explicit list of states that count as up.
        avail_states: Optional explicit list of states that count as available.

    Returns:
        ``(up, available)``.

    Examples:
        >>> node_state_flags(['MIXED'])
        (True, False)
    """
    names = {_clean_state(s) for s in states if s and s.strip()}
    if not names:
        names = {"UNKNOWN"}
    if up_states is not None:
        up = all(s in {_clean_state(u) for u in up_states} for s in names)
    else:
        up = not (names & _DOWN_STATES)
    if avail_states is not None:
        available = up and all(s in {_clean_state(a) for a in avail_states} for s in names)
    else:
        available = up and not (names & (_BUSY_STATES | _DOWN_STATES))
    return up, available


def build_node_info(nodes: Iterable[Mapping[str, Any]],
                    reservations: Mapping[str, str | Sequence[str] | None] | None = None,
                    copy: bool = True) -> dict[str, NodeInfo]:
    """Assemble the inventory from per-node records and reservations.

    This is the pure half of the Slurm seam: the Slurm plugin turns
    ``pyslurm.Nodes`` into records and ``pyslurm.Reservations`` into
    ``{name: hostlist}``, and this attaches reservations to nodes. A
    reservation with no nodes (``''``/``None``) is simply empty -- in Pavilion
    it broke the whole inventory.

    Args:
        nodes: Node records with at least ``name``; other keys as in
            :class:`NodeInfo`.
        reservations: ``{reservation name: host list string or node names}``
            of reservations active now.
        copy: Copy each record (default). ``False`` takes the records
            themselves into the inventory, as a producer of fresh records
            (the Slurm plugin's ``node_records``) may: they are completed
            in place.

    Returns:
        ``{name: NodeInfo}`` in natural node order.

    Raises:
        pyslurm.schedulers.nodelist.NodeListError: A reservation's host list
            is malformed.
    """
    out: dict[str, NodeInfo] = {}
    for rec in nodes:
        info: dict[str, Any] = dict(rec) if copy else rec  # type: ignore[assignment]
        if "partitions" not in info:
            info["partitions"] = []
        if "features" not in info:
            info["features"] = []
        resv = info.get("reservations")
        if copy or type(resv) is not list:
            info["reservations"] = list(resv or [])
        out[info["name"]] = info  # type: ignore[assignment]
    for res_name, members in (reservations or {}).items():
        names = expand_hostlist(members) if isinstance(members, str) or members is None \
            else list(members)
        for name in names:
            if name in out and res_name not in out[name]["reservations"]:
                out[name]["reservations"].append(res_name)
    return {name: out[name] for name in natural_sorted(out)}


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
    explicit state lists are given; a missing list is None (not checked)."""
    get = node.get
    up = None if up_states is not None else get("up")
    if up is None:
        up, available = node_state_flags(get("states") or [], up_states, avail_states)
    else:
        available = get("available")
    return up, available, get("partitions"), get("reservations")


def filter_nodes(nodes: Mapping[str, Mapping[str, Any]],
                 sched_config: Mapping[str, Any], *,
                 presorted: bool = False) -> tuple[list[str], dict[str, str]]:
    """Keep the nodes a test can use, and say why each other node was dropped.

    Checks run in Pavilion's order, first failing check wins: not up -> not
    available (only with ``node_state: available``) -> partition -> reservation
    -> ``across_nodes`` -> ``exclude_nodes`` -> features (``slurm.features``).
    Reasons read like Pavilion's (``"not up"``, ``"partition 'x' not in [...]"``).

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

    named_resv = reservation not in (None, "any")
    no_resv = reservation is None
    judge_states = up_states is not None
    part_reasons: dict[tuple[str, ...], str] = {}
    kept: list[str] = []
    dropped: dict[str, str] = {}
    for name, node in (nodes.items() if presorted else _natural_items(nodes)):
        if judge_states:
            up, available, parts, resv = _node_facts(node, up_states, avail_states)
        else:
            try:                  # the usual, complete record: plain lookups
                up = node["up"]
                available = node["available"]
                parts = node["partitions"]
                resv = node["reservations"]
            except KeyError:
                up = None
            if up is None:
                up, available, parts, resv = _node_facts(node, None, None)
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
        elif no_resv and resv:
            dropped[name] = (f"in reservation(s) {list(resv)} and no "
                             f"schedule.reservation given")
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
    if min_nodes > max_nodes:
        errors.append(f"requested {min_nodes}-{max_nodes} nodes: schedule.min_nodes "
                      f"({min_nodes}) is more than schedule.nodes ({max_nodes})")
    if max_nodes < len(include):
        errors.append(f"{len(include)} schedule.include_nodes must be in every job, but "
                      f"schedule.nodes only asks for {max_nodes}")
    if len(kept) < min_nodes:
        lines = []
        for reason, names in group_reasons(dropped).items():
            shown = ",".join(names[:10]) + (", ..." if len(names) > 10 else "")
            lines.append(f"({len(names)}) {reason}: {shown}")
        errors.append(f"insufficient nodes: asked for {min_nodes}-{max_nodes}, but only "
                      f"{len(kept)} left after filtering. Dropped:\n" + "\n".join(lines))
    return errors


# --------------------------------------------------------------------------- selection

def select_contiguous(nodes: Sequence[str], size: int, rng: _random.Random) -> list[str]:
    """The first ``size`` nodes (Pavilion ``contiguous``)."""
    return list(nodes[:size])


def select_distributed(nodes: Sequence[str], size: int, rng: _random.Random) -> list[str]:
    """Every ``len // size``-th node starting at 0 (Pavilion ``distributed``)."""
    step = len(nodes) // size
    return [nodes[i * step] for i in range(size)]


def select_random(nodes: Sequence[str], size: int, rng: _random.Random) -> list[str]:
    """``rng.sample(nodes, size)`` (Pavilion ``random``, but seeded): the
    same picks, and ``rng`` left in the same state, as ``rng.sample``
    (see :func:`sample`)."""
    return sample(rng, nodes if isinstance(nodes, (list, tuple)) else list(nodes), size)


def sample(rng: _random.Random, population: Sequence[Any], k: int) -> list[Any]:
    """Exactly ``rng.sample(population, k)``, about twice as fast.

    ``random.Random.sample`` draws one 32-bit word of the Mersenne Twister
    per attempt (``getrandbits(bits)`` is the top ``bits`` of the next word)
    and calls a Python function for each; here the words are drawn in
    batches of as many as picks are still needed (never more: every pick
    takes at least one word, so ``rng`` ends in the state ``sample`` would
    leave it) and turned into picks by the same rules: the pool method for
    small populations, the set method otherwise, rejection of out-of-range
    values.  Any other generator type is passed to its own ``sample``.
    (``tests/unit/test_schedulers_pipeline.py`` checks the equality.)
    """
    n = len(population)
    if type(rng) is not _random.Random or n >= 1 << 32 or not 0 <= k <= n:
        return rng.sample(population, k)
    result: list[Any] = []
    setsize = 21
    if k > 5:
        setsize += 4 ** _ceil(_log(k * 3, 4))
    if n <= setsize:
        pool = list(population)
        # m: the pool's live length; shift keeps the top m.bit_length() bits
        # of a word, low is the power of two m must stay at or above for it
        m, stop = n, n - k
        shift, low = 32 - m.bit_length(), 1 << max(m.bit_length() - 1, 0)
        while m > stop:
            for word in _words(rng, m - stop):
                j = word >> shift
                if j < m:
                    result.append(pool[j])
                    m -= 1
                    pool[j] = pool[m]
                    if m < low:
                        low >>= 1
                        shift += 1
    else:
        shift = 32 - n.bit_length()
        selected: set[int] = set()
        add = selected.add
        while len(result) < k:
            for word in _words(rng, k - len(result)):
                j = word >> shift
                if j < n and j not in selected:
                    add(j)
                    result.append(population[j])
    return result


def _words(rng: _random.Random, count: int) -> tuple[int, ...]:
    """The next ``count`` 32-bit outputs of ``rng``, in order: what ``count``
    calls of ``rng.getrandbits(32)`` give (``getrandbits(32 * count)``
    puts the first output in the least significant word)."""
    return _struct.unpack(f"<{count}I", rng.getrandbits(32 * count).to_bytes(4 * count,
                                                                             "little"))


def select_rand_dist(nodes: Sequence[str], size: int, rng: _random.Random) -> list[str]:
    """One random node from each of ``size`` segments of ``len // size`` nodes
    (Pavilion ``rand_dist``, but seeded): the same picks, and ``rng`` left
    in the same state, as ``rng.randint(0, len // size - 1)`` per segment."""
    step = len(nodes) // size
    if type(rng) is not _random.Random or not 0 < step < 1 << 32:
        return [nodes[i * step + rng.randint(0, step - 1)] for i in range(size)]
    return [nodes[i * step + off] for i, off in enumerate(_below(rng, step, size))]


def _below(rng: _random.Random, n: int, count: int) -> list[int]:
    """``count`` draws of ``rng.randrange(n)`` (``0 < n < 2**32``), in order.

    ``randrange`` takes the top ``n.bit_length()`` bits of the next 32-bit
    word and draws again while the value is ``n`` or more; here the words
    come in batches of as many as values are still needed (each value takes
    at least one word, so no word is drawn that ``randrange`` would not).
    """
    shift = 32 - n.bit_length()
    out: list[int] = []
    while len(out) < count:
        out += [r for r in [w >> shift for w in _words(rng, count - len(out))] if r < n]
    return out


NODE_SELECTION = {
    CONTIGUOUS: select_contiguous,
    DISTRIBUTED: select_distributed,
    RANDOM: select_random,
    RAND_DIST: select_rand_dist,
}
"""Node-selection method name -> ``f(nodes, size, rng) -> picked``."""


def node_list_id(nodes: Sequence[str]) -> int:
    """A stable id for a filtered node list (same names -> same id, any process).

    Args:
        nodes: Node names (order matters; pass the natural-ordered list).

    Returns:
        A non-negative int (60 bits of a SHA-1 of the names).
    """
    digest = hashlib.sha1("\n".join(nodes).encode(), usedforsecurity=False).hexdigest()
    return int(digest[:15], 16)


def _consume(iterator: Iterable[Any]) -> None:
    """Run ``iterator`` to its end (in C), keeping nothing."""
    _deque(iterator, maxlen=0)


def _effective_size(size: int | float | None, count: int) -> int:
    if isinstance(size, float):
        size = int(count * size)
    if size in (0, None) or size > count:
        size = count
    return int(size)


def chunk_group_id(node_list_id_: int, sched_config: Mapping[str, Any],
                   node_count: int) -> tuple:
    """Key of one chunking of one node list (Pavilion's ``chunk_group_id``).

    Args:
        node_list_id_: From :func:`node_list_id`.
        sched_config: A validated config.
        node_count: Length of the node list.

    Returns:
        ``(node_list_id, chunk size, node_selection, extra, include ids)``.
    """
    chunking = sched_config["chunking"]
    return (node_list_id_, _effective_size(chunking["size"], node_count),
            chunking["node_selection"], chunking["extra"],
            ",".join(natural_sorted(sched_config.get("include_nodes") or [])))


def chunk_seed(group_id: tuple) -> int:
    """Seed derived from a chunk group id, so random chunks are reproducible."""
    return int(hashlib.sha1(repr(group_id).encode(), usedforsecurity=False).hexdigest()[:15], 16)


def make_chunks(nodes: Sequence[str], size: int | float | None = 0,
                node_selection: str = CONTIGUOUS, extra: str = BACKFILL,
                include_nodes: Sequence[str] = (),
                rng: _random.Random | None = None, *,
                presorted: bool = False) -> list[list[str]]:
    """Split a filtered node list into chunks (Pavilion's ``_get_chunks``).

    Arithmetic as in Pavilion: a fractional size is ``int(len * size)``; size
    0, ``None`` or more than the node count means one chunk of every node;
    include nodes are taken out of the pool and ``size - len(include)`` nodes
    are selected per chunk, ``len(pool) // that`` times, each selection removed
    from the pool; leftover nodes are dropped (``discard``) or topped up from
    the front of the last chunk's selection (``backfill``).

    Fixed on purpose: include nodes are added to *every* chunk, the backfilled
    chunk included, so no chunk comes out short; an include node that is not
    in ``nodes`` (filtered out) or as many include nodes as the chunk size are
    errors; randomness only through ``rng``.

    Args:
        nodes: Filtered node names (natural order).
        size: Chunk size: int, fraction, 0/None for all nodes.
        node_selection: One of :data:`NODE_SELECTION`.
        extra: ``'backfill'`` or ``'discard'``.
        include_nodes: Nodes put in every chunk.
        rng: Random source for ``random``/``rand_dist``; default seeded from
            the inputs, so the same input gives the same chunks.
        presorted: ``nodes`` is known to be in natural order with no name
            twice (as :func:`filter_nodes` returns it): not checked again.

    Returns:
        Chunks, each a list of names in natural order; chunk id = index.

    Raises:
        PipelineError: Include nodes missing from ``nodes`` or too many.

    Examples:
        >>> make_chunks(['n1', 'n2', 'n3', 'n4', 'n5'], 2)
        [['n1', 'n2'], ['n3', 'n4'], ['n3', 'n5']]
    """
    pool = list(nodes)
    include = list(dict.fromkeys(include_nodes))
    explicit = size not in (0, None)
    chunk_size = _effective_size(size, len(pool))
    if node_selection not in NODE_SELECTION:
        raise PipelineError(f"unknown chunking.node_selection {node_selection!r}; allowed: "
                            + ", ".join(NODE_SELECTION))
    pool_set = set(pool) if include else set()
    missing = [n for n in include if n not in pool_set]
    if missing:
        raise PipelineError(f"include node(s) {missing} are not among the "
                            f"{len(pool)} filtered nodes; every chunk must contain them")
    if explicit and include and len(include) >= chunk_size:
        raise PipelineError(f"{len(include)} schedule.include_nodes but chunking.size is "
                            f"{chunk_size}: the chunk size must be more than the number "
                            f"of include nodes")
    if chunk_size == 0:
        return [[]]
    if rng is None:
        rng = _random.Random(chunk_seed((tuple(pool), chunk_size, node_selection, extra,
                                         tuple(include))))
    per_chunk = chunk_size - len(include)
    if per_chunk == 0:
        return [natural_sorted(include)]
    # Selection works on positions in the node list: the same picks (and the
    # same random draws) as on the names, a cheap removal of each selection,
    # and, for a list in natural order, chunks sorted by sorting ints.
    names = pool if presorted or len(pool_set or set(pool)) == len(pool) \
        else list(dict.fromkeys(pool))          # a name given twice counts once
    if include:
        inc_set = set(include)
        inc_pos = [i for i, name in enumerate(names) if name in inc_set]
        positions = [i for i, name in enumerate(names) if name not in inc_set]
    else:
        inc_pos, positions = [], list(range(len(names)))
    select = NODE_SELECTION[node_selection]
    remaining = dict.fromkeys(positions)
    picks: list[list[int]] = []
    for _ in range(len(positions) // per_chunk):
        picked = select(positions, per_chunk, rng)
        _consume(map(remaining.pop, picked))    # picks are distinct positions
        positions = list(remaining)
        picks.append(picked)
    if positions and extra == BACKFILL and picks:
        picks.append(picks[-1][:per_chunk - len(positions)] + positions)
    name_of = names.__getitem__
    if presorted or natural_sorted(names) == names:
        return [list(map(name_of, sorted(inc_pos + p))) for p in picks]
    return [natural_sorted(map(name_of, inc_pos + p)) for p in picks]


@dataclass
class ChunkStore:
    """Remembers filtered node lists by id and their chunkings.

    A plugin keeps one; ``node_list_id`` in the scheduler variables lets a
    later step recover the exact chunk a test was given.
    """

    node_lists: dict[int, list[str]] = field(default_factory=dict)
    chunks: dict[tuple, list[list[str]]] = field(default_factory=dict)
    presorted: set[int] = field(default_factory=set)
    """Ids of node lists known to be in natural order (from the filter)."""

    def add_node_list(self, nodes: Sequence[str], presorted: bool = False) -> int:
        """Store a node list; return its :func:`node_list_id`.

        ``presorted``: the list is in natural order with no name twice, as
        :func:`filter_nodes` returns it (chunking then need not check)."""
        nid = node_list_id(nodes)
        if nid not in self.node_lists:
            self.node_lists[nid] = list(nodes)
            if presorted:
                self.presorted.add(nid)
        return nid

    def get_chunks(self, nid: int, sched_config: Mapping[str, Any]) -> list[list[str]]:
        """Chunks of node list ``nid`` for this config (computed once, then cached).

        Raises:
            PipelineError: Unknown ``nid`` or bad include nodes.
        """
        if nid not in self.node_lists:
            raise PipelineError(f"unknown node_list_id {nid}")
        nodes = self.node_lists[nid]
        gid = chunk_group_id(nid, sched_config, len(nodes))
        if gid not in self.chunks:
            ch = sched_config["chunking"]
            self.chunks[gid] = make_chunks(nodes, ch["size"], ch["node_selection"],
                                           ch["extra"], sched_config.get("include_nodes") or [],
                                           rng=_random.Random(chunk_seed(gid)),
                                           presorted=nid in self.presorted)
        return self.chunks[gid]

    def recover_chunk(self, nid: int, sched_config: Mapping[str, Any],
                      chunk_id: int) -> list[str]:
        """The chunk ``chunk_id`` of node list ``nid`` (see :func:`pick_chunk`)."""
        return pick_chunk(self.get_chunks(nid, sched_config), chunk_id)


def pick_chunk(chunks: Sequence[Sequence[str]], chunk_id: int | str) -> list[str]:
    """Chunk ``chunk_id`` of ``chunks``, with a clear error when out of range.

    (Pavilion's bound check let ``chunk == len(chunks)`` through and crashed.)

    Raises:
        PipelineError: ``chunk_id`` is not an int in ``0 .. len(chunks) - 1``.
    """
    try:
        idx = int(chunk_id)
    except (TypeError, ValueError):
        raise PipelineError(f"chunk {chunk_id!r} is not a chunk number; valid: 0.."
                            f"{len(chunks) - 1} or 'any'") from None
    if not 0 <= idx < len(chunks):
        raise PipelineError(f"chunk {idx} does not exist: there are {len(chunks)} chunks, "
                            f"valid chunk numbers are 0..{len(chunks) - 1}")
    return list(chunks[idx])


def least_used_chunk(n_chunks: int, usage: Mapping[int, int]) -> int:
    """Index of the least used chunk, lowest index first (Pavilion's ``any``)."""
    return min(range(n_chunks), key=lambda i: (usage.get(i, 0), i))


def deal_nodes(chunk: Sequence[str], needs: Sequence[int]) -> list[list[str]]:
    """Give each individually scheduled test its own nodes of one chunk.

    Tests are served smallest need first (as Pavilion sorts them) from a
    cursor over the chunk, so jobs do not overlap while the chunk has nodes
    left; only when it runs out does dealing start again at the front (those
    jobs then queue behind the earlier ones). Pavilion gave every test the
    same first nodes.

    Args:
        chunk: Node names (natural order).
        needs: Nodes needed per test, in test order (capped at the chunk size).

    Returns:
        Node lists, in the same order as ``needs``.
    """
    order = sorted(range(len(needs)), key=lambda i: needs[i])
    result: list[list[str]] = [[] for _ in needs]
    pool = list(chunk)
    cursor = 0
    for i in order:
        need = max(0, min(needs[i], len(pool)))
        if cursor + need > len(pool):
            cursor = 0
        result[i] = pool[cursor:cursor + need]
        cursor += need
    return result


# --------------------------------------------------------------------------- plans

ALLOC_ACQUIRE_OPTIONS = ("partition", "reservation", "account", "qos",
                         "slurm.features", "slurm.sbatch_extra")
"""Config keys that change the allocation itself: tests share a job only if
all of these agree (Pavilion's list plus the Slurm plugin's additions)."""


def _get_path(cfg: Mapping[str, Any], path: str) -> Any:
    value: Any = cfg
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return _freeze(value)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def share_key(sched_config: Mapping[str, Any], node_range: tuple[int, int],
              options: Sequence[str] = ALLOC_ACQUIRE_OPTIONS) -> tuple:
    """The key under which tests may share one allocation.

    Args:
        sched_config: A validated config.
        node_range: The test's ``(min, max)`` nodes in the chunk.
        options: Key paths that must agree.

    Returns:
        A hashable tuple.
    """
    return (tuple(node_range),) + tuple(_get_path(sched_config, opt) for opt in options)


@dataclass
class JobPlan:
    """One job to kick off.

    Attributes:
        test_ids: Tests run in this job, in order.
        sched_config: The config the job is submitted with (for shared jobs,
            the first test's, with the largest time limit of the group).
        nodes: Exact nodes, or None when the scheduler picks (flex).
        node_range: ``(min, max)`` for flex jobs, else None.
        kind: ``'shared'``, ``'flex'`` or ``'individual'``.
    """

    test_ids: list[str]
    sched_config: dict[str, Any]
    nodes: list[str] | None
    node_range: tuple[int, int] | None
    kind: str


def plan_chunk(chunk: Sequence[str], tests: Sequence[tuple[str, Mapping[str, Any]]],
               options: Sequence[str] = ALLOC_ACQUIRE_OPTIONS) -> list[JobPlan]:
    """Group the tests given one chunk into jobs (Pavilion's ``_schedule_chunk``).

    Tests with ``share_allocation`` are grouped by :func:`share_key`; a group
    of one runs alone. Shared groups get one job on the first ``max`` nodes
    of the chunk when chunking is on or ``share_allocation: max``; without
    chunking they are spread over ``max(len(chunk) // max_nodes, 1)`` bins,
    as Pavilion does. Unshared tests are *flex* jobs (scheduler picks, node
    range given) when ``flex_scheduled``, otherwise *individual* jobs whose
    nodes are dealt by :func:`deal_nodes` so they do not overlap.

    Args:
        chunk: The chunk's node names (natural order).
        tests: ``(test id, validated config)`` pairs, in submission order.
        options: Key paths that must agree for sharing.

    Returns:
        Job plans: shared jobs first, then flex, then individual ones.
    """
    chunk = natural_sorted(chunk)
    groups: dict[tuple, list[tuple[str, Mapping[str, Any]]]] = {}
    flex: list[tuple[str, Mapping[str, Any]]] = []
    indi: list[tuple[str, Mapping[str, Any]]] = []
    for test_id, cfg in tests:
        if not cfg["share_allocation"]:
            (flex if cfg["flex_scheduled"] else indi).append((test_id, cfg))
            continue
        key = share_key(cfg, calc_node_range(cfg, len(chunk)), options)
        groups.setdefault(key, []).append((test_id, cfg))
    plans: list[JobPlan] = []
    for key, members in list(groups.items()):
        if len(members) == 1:
            test_id, cfg = members[0]
            (flex if cfg["flex_scheduled"] else indi).append((test_id, cfg))
            continue
        node_range = key[0]
        first = members[0][1]
        chunking = first["chunking"]["size"] not in (0, None)
        same_nodes = any(cfg["share_allocation"] == "max" for _, cfg in members)
        if chunking or same_nodes:
            bins = [members]
        else:
            n_bins = max(len(chunk) // max(node_range[1], 1), 1)
            bins = [members[i::n_bins] for i in range(n_bins)]
        for group in bins:
            if not group:
                continue
            cfg = dict(group[0][1])
            cfg["time_limit"] = max(c["time_limit"] for _, c in group)
            if cfg["flex_scheduled"]:
                plans.append(JobPlan([t for t, _ in group], cfg, None, node_range, "shared"))
            else:
                plans.append(JobPlan([t for t, _ in group], cfg,
                                     chunk[:node_range[1]], None, "shared"))
    for test_id, cfg in flex:
        plans.append(JobPlan([test_id], dict(cfg), None,
                             calc_node_range(cfg, len(chunk)), "flex"))
    needs = [min(calc_node_range(cfg, len(chunk))[1], len(chunk)) for _, cfg in indi]
    for (test_id, cfg), picked in zip(indi, deal_nodes(chunk, needs)):
        plans.append(JobPlan([test_id], dict(cfg), picked, None, "individual"))
    return plans
