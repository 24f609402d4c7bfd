"""Pure scheduling steps: node info in, lists and dicts out.

The pipeline is *inventory -> node info -> filter -> node range -> chunks ->
variables -> kickoff plan*. Each step here is a plain function on plain data,
with randomness through an injected :class:`random.Random`, so harness
authors can reuse the steps and compare them with Pavilion's case by case.

Node info and its filter are in :mod:`pyslurm.schedulers.nodeinfo`
(importable from here too); this module has the selection of nodes,
chunks and kickoff plans.

Natural node order (``c2`` before ``c10``, see
:func:`pyslurm.schedulers.nodelist.natural_key`) is used for every node list
this module returns; Pavilion sorted plain strings (``cn10`` before ``cn2``).
"""

from __future__ import annotations

import hashlib
import random as _random
from math import ceil as _ceil, log as _log
import struct as _struct
from collections import deque as _deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence, TypeVar

from pyslurm.schedulers.config import (
    BACKFILL, CONTIGUOUS, DISTRIBUTED, RAND_DIST, RANDOM, calc_node_range,
)
from pyslurm.schedulers.nodeinfo import (
    NodeInfo, PipelineError, build_node_info, filter_nodes, group_reasons, node_range_errors,
    node_state_flags, reservation_index,
)
from pyslurm.schedulers.nodelist import natural_sorted

__all__ = [
    "NodeInfo", "PipelineError",
    "node_state_flags", "reservation_index", "build_node_info", "filter_nodes", "group_reasons",
    "node_range_errors",
    "select_contiguous", "select_distributed", "select_random", "select_rand_dist", "sample",
    "NODE_SELECTION", "make_chunks", "chunk_seed", "node_list_id", "chunk_group_id",
    "ChunkStore", "pick_chunk", "least_used_chunk", "deal_nodes",
    "ALLOC_ACQUIRE_OPTIONS", "share_key", "JobPlan", "plan_chunk",
]


# --------------------------------------------------------------------------- selection

# The selection functions pick names, or (in make_chunks) positions in a list of names.
_T = TypeVar("_T")


def select_contiguous(nodes: Sequence[_T], size: int, rng: _random.Random) -> list[_T]:
    """The first ``size`` nodes (Pavilion ``contiguous``)."""
    return list(nodes[:size])


def select_distributed(nodes: Sequence[_T], size: int, rng: _random.Random) -> list[_T]:
    """Every ``len // size``-th node starting at 0 (Pavilion ``distributed``)."""
    step = len(nodes) // size
    return [nodes[i * step] for i in range(size)]


def select_random(nodes: Sequence[_T], size: int, rng: _random.Random) -> list[_T]:
    """``rng.sample(nodes, size)`` (Pavilion ``random``, but seeded): the
    same picks, and ``rng`` left in the same state, as ``rng.sample``
    (see :func:`sample`)."""
    return sample(rng, nodes if isinstance(nodes, (list, tuple)) else list(nodes), size)


def sample(rng: _random.Random, population: Sequence[_T], k: int) -> list[_T]:
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
    result: list[_T] = []
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


def select_rand_dist(nodes: Sequence[_T], size: int, rng: _random.Random) -> list[_T]:
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
                         "slurm.features", "slurm.sbatch_extra", "tasks", "core_spec")
"""Config keys that change the allocation itself: tests share a job only if
all of these agree (Pavilion's list plus the Slurm plugin's additions, plus
``tasks`` and ``core_spec``, which Pavilion left out: a shared job is
submitted with its first test's values, so a test asking for more tasks
or other reserved cores would run in an allocation not made for it)."""


def _get_path(cfg: Mapping[str, Any], path: str) -> Any:
    value: Any = cfg
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return _freeze(value)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def share_key(sched_config: Mapping[str, Any], node_range: tuple[int, int | None],
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
        node_range: ``(min, max)`` for flex jobs, else None (``max`` is None
            when Slurm picks the count from ``tasks``).
        kind: ``'shared'``, ``'flex'`` or ``'individual'``.
    """

    test_ids: list[str]
    sched_config: dict[str, Any]
    nodes: list[str] | None
    node_range: tuple[int, int | None] | None
    kind: str


def _most(node_range: tuple[int, int | None], size: int) -> int:
    """Nodes a job gets from a chunk of ``size``: its maximum, or the whole
    chunk when it has none (``tasks`` without ``nodes``)."""
    return size if node_range[1] is None else min(node_range[1], size)


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

    A test sized by ``tasks`` alone (no maximum node count) is one job for
    its whole group, as in Pavilion; where the pipeline picks the nodes it
    gets the whole chunk (Pavilion's individual jobs did the same; its
    shared ones failed).

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
        if chunking or same_nodes or node_range[1] is None:
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
                                     chunk[:_most(node_range, len(chunk))], None,
                                     "shared"))
    for test_id, cfg in flex:
        plans.append(JobPlan([test_id], dict(cfg), None,
                             calc_node_range(cfg, len(chunk)), "flex"))
    needs = [_most(calc_node_range(cfg, len(chunk)), len(chunk)) for _, cfg in indi]
    for (test_id, cfg), picked in zip(indi, deal_nodes(chunk, needs)):
        plans.append(JobPlan([test_id], dict(cfg), picked, None, "individual"))
    return plans
