"""Pure-Python Slurm host lists: expand, compress and sort node names.

The rules follow Slurm's own ``hostlist`` code, so a list written for
``sbatch -w`` means the same thing here:

* Items are separated by commas or whitespace outside brackets
  (``a1,b[1-2] c3``); empty items are skipped, as libslurm skips them.
* A bracket holds comma-separated numbers or ``lo-hi`` ranges: ``n[1,3-5]``.
* Numbers are printed with the width of the *written* low bound, so padding
  appears only when the range is written padded: ``n[9-11]`` is
  ``n9,n10,n11`` and ``n[09-11]`` is ``n09,n10,n11``.
* Several brackets in one name expand as a cartesian product, leftmost
  slowest: ``r[1-2]n[1-2]`` is ``r1n1,r1n2,r2n1,r2n2``.
* Nothing may follow the last bracket (``n[1-2]-ib`` is an error, as in
  libslurm); text *before* a bracket may be empty (``[1-2]`` is ``1,2``).
* An empty list (``''`` or ``None``) is an empty list of nodes.

Every error is a :class:`NodeListError` that quotes the list, the position of
the mistake and what was expected there.

Natural order (:func:`natural_key`) sorts ``c2`` before ``c10``; it is the
order in which the scheduler pipeline reports and chunks nodes.

Examples:
    >>> expand_hostlist("n[9-11],m[09-10]")
    ['n9', 'n10', 'n11', 'm09', 'm10']
    >>> compress_hostlist(["n9", "n10", "n11", "n2"])
    'n[2,9-11]'
    >>> sorted(["c10", "c2", "c1"], key=natural_key)
    ['c1', 'c2', 'c10']
"""

from __future__ import annotations

import re
from itertools import product
from typing import Iterable

from pyslurm.errors import PyslurmError

__all__ = [
    "NodeListError",
    "expand_hostlist",
    "expand_hostlists",
    "compress_hostlist",
    "natural_key",
    "natural_sorted",
    "MAX_EXPANSION",
]

MAX_EXPANSION = 1_000_000
"""Largest number of names one host list may expand to (guards typos like
``n[1-99999999]``)."""


class NodeListError(PyslurmError, ValueError):
    """A host list could not be parsed.

    Attributes:
        hostlist: The full host list as given.
        position: Index (0-based) of the offending character, or None.
        reason: What is wrong there.
    """

    def __init__(self, hostlist: str, position: int | None, reason: str):
        self.hostlist = hostlist
        self.position = position
        self.reason = reason
        if position is None:
            msg = f"invalid host list {hostlist!r}: {reason}"
        else:
            msg = (f"invalid host list {hostlist!r} at position {position}: {reason}\n"
                   f"    {hostlist}\n    {' ' * position}^")
        super().__init__(msg)


def _split_top(text: str) -> list[tuple[int, str]]:
    """Split at commas and whitespace outside brackets; return (offset, item)
    pairs, skipping empty items (as libslurm does)."""
    items: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            if depth:
                raise NodeListError(text, i, "nested '[' inside a bracket")
            depth = 1
        elif ch == "]":
            if not depth:
                raise NodeListError(text, i, "']' without a matching '['")
            depth = 0
        elif (ch == "," or ch.isspace()) and not depth:
            if i > start:
                items.append((start, text[start:i]))
            start = i + 1
    if depth:
        raise NodeListError(text, text.rindex("["), "'[' is never closed with ']'")
    if len(text) > start:
        items.append((start, text[start:]))
    return items


def _parse_bracket(full: str, offset: int, body: str) -> list[str]:
    """Expand the inside of one bracket (``body`` starts at ``offset`` in ``full``)."""
    if not body:
        raise NodeListError(full, offset - 1, "empty brackets '[]'")
    out: list[str] = []
    pos = offset
    for part in body.split(","):
        if not part:
            raise NodeListError(full, pos, "empty range item (two commas or a trailing comma)")
        if "-" in part:
            lo_s, _, hi_s = part.partition("-")
            if not lo_s:
                raise NodeListError(full, pos, f"range {part!r} has no start number")
            if not hi_s:
                raise NodeListError(full, pos + len(lo_s) + 1,
                                    f"range {part!r} has no end number")
            if not lo_s.isdigit():
                raise NodeListError(full, pos, f"{lo_s!r} is not a number")
            if not hi_s.isdigit():
                raise NodeListError(full, pos + len(lo_s) + 1, f"{hi_s!r} is not a number")
            lo, hi = int(lo_s), int(hi_s)
            if hi < lo:
                raise NodeListError(full, pos, f"range {part!r} ends before it starts")
            if hi - lo + 1 > MAX_EXPANSION:
                raise NodeListError(full, pos, f"range {part!r} expands to more than "
                                               f"{MAX_EXPANSION} names")
            width = len(lo_s)
            out.extend(f"{n:0{width}d}" for n in range(lo, hi + 1))
        else:
            if not part.isdigit():
                raise NodeListError(full, pos, f"{part!r} is not a number or a 'lo-hi' range")
            out.append(part)
        pos += len(part) + 1
    return out


def _expand_item(full: str, offset: int, item: str) -> list[str]:
    if "[" not in item:
        return [item]
    pieces: list[list[str]] = []
    pos = 0
    for match in re.finditer(r"\[([^\]]*)\]", item):
        pieces.append([item[pos:match.start()]])
        pieces.append(_parse_bracket(full, offset + match.start(1), match.group(1)))
        pos = match.end()
    if pos < len(item):
        # a suffix after the last range (``n[1-2]-ib``), as Slurm 23.02 and
        # later read it (22.05's libslurm refuses it)
        pieces.append([item[pos:]])
    count = 1
    for piece in pieces:
        count *= len(piece)
    if count > MAX_EXPANSION:
        raise NodeListError(full, offset, f"{item!r} expands to more than "
                                          f"{MAX_EXPANSION} names")
    return ["".join(parts) for parts in product(*pieces)]


def expand_hostlist(hostlist: str | None) -> list[str]:
    """Expand one Slurm host list into node names, in written order.

    Args:
        hostlist: A host list such as ``"n[1-3,7],login1"``. Surrounding
            whitespace is ignored; ``None`` or ``""`` give ``[]``.

    Returns:
        The node names, duplicates kept, in the order written.

    Raises:
        NodeListError: The list is malformed; the message names the position.

    Examples:
        >>> expand_hostlist("n[09-11]")
        ['n09', 'n10', 'n11']
    """
    if hostlist is None:
        return []
    if not isinstance(hostlist, str):
        raise NodeListError(repr(hostlist), None, "a host list must be a string")
    text = hostlist.strip()
    if not text:
        return []
    names: list[str] = []
    for offset, item in _split_top(text):
        names.extend(_expand_item(text, offset, item))
        if len(names) > MAX_EXPANSION:
            raise NodeListError(text, offset, f"expands to more than {MAX_EXPANSION} names")
    return names


def expand_hostlists(hostlists: Iterable[str]) -> list[str]:
    """Expand several host lists and drop repeated names (first one kept).

    Args:
        hostlists: Host list strings.

    Returns:
        Unique node names in first-seen order.

    Raises:
        NodeListError: One of the lists is malformed.
    """
    seen: dict[str, None] = {}
    for hostlist in hostlists:
        for name in expand_hostlist(hostlist):
            seen.setdefault(name, None)
    return list(seen)


_NAT_RE = re.compile(r"(\d+)")
_KEYS: dict[str, tuple] = {}
"""natural_key() results by name (a cluster has a bounded set of names)."""
_RANKS: dict[str, int] = {}
"""Position of each name in the last long natural_sorted() result: a list
of names all in it is sorted by comparing these ints."""
_CACHE_MAX = 200_000


def natural_key(name: str) -> tuple:
    """Sort key giving natural node order (``c2`` before ``c10``).

    Digit runs compare by value, then by written width (``n9`` before
    ``n09``), text runs compare as text.

    Args:
        name: A node name.

    Returns:
        A tuple usable as a ``sorted`` key: the text runs, each digit run
        as its value and width (``'c10'`` gives ``('c', 10, 2, '')``).
    """
    key = _KEYS.get(name)
    if key is None:
        parts = _NAT_RE.split(name)
        flat = [parts[0]]
        for i in range(1, len(parts), 2):
            digits = parts[i]
            flat += (int(digits), len(digits), parts[i + 1])
        key = tuple(flat)
        if len(_KEYS) >= _CACHE_MAX:
            _KEYS.clear()
        _KEYS[name] = key
    return key


def natural_sorted(names: Iterable[str]) -> list[str]:
    """Return ``names`` sorted in natural node order (see :func:`natural_key`).

    The order of the last long list sorted is remembered, so sorting (a
    subset of) the same names again, as each step of the scheduler pipeline
    does, compares ints only.
    """
    global _RANKS
    if iter(names) is names:          # a one-shot iterator: may be read twice below
        names = list(names)
    try:
        return sorted(names, key=_RANKS.__getitem__)
    except KeyError:                  # a name not in the remembered order
        pass
    out = sorted(names, key=natural_key)
    if len(out) >= 64:
        _RANKS = {name: i for i, name in enumerate(out)}
    return out


_TAIL_RE = re.compile(r"^(.*?)(\d+)$")


def compress_hostlist(names: Iterable[str]) -> str:
    """Compress node names into a Slurm host list (the inverse of expansion).

    Names are de-duplicated and sorted naturally; consecutive numbers with the
    same prefix and a compatible written width become ranges. Expanding the
    result gives back the same set of names.

    Args:
        names: Node names.

    Returns:
        A host list such as ``"n[05-10,23],login"``; ``""`` for no names.

    Examples:
        >>> compress_hostlist(["node05", "node06", "node07", "node23"])
        'node[05-07,23]'
    """
    groups: dict[str, list[str]] = {}
    plain: list[str] = []
    for name in natural_sorted(set(names)):
        match = _TAIL_RE.match(name)
        if match is None or not match.group(1):
            plain.append(name)
            continue
        groups.setdefault(match.group(1), []).append(match.group(2))
    out: list[str] = []
    for prefix, digit_strs in groups.items():
        ranges: list[tuple[str, str]] = []
        for digits in digit_strs:
            if ranges:
                lo_s, hi_s = ranges[-1]
                nxt = int(hi_s) + 1
                if int(digits) == nxt and f"{nxt:0{len(lo_s)}d}" == digits:
                    ranges[-1] = (lo_s, digits)
                    continue
            ranges.append((digits, digits))
        parts = [lo if lo == hi else f"{lo}-{hi}" for lo, hi in ranges]
        if len(parts) == 1 and "-" not in parts[0]:
            out.append(prefix + parts[0])
        else:
            out.append(f"{prefix}[{','.join(parts)}]")
    out.extend(plain)
    return ",".join(out)
