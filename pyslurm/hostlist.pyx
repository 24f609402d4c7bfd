# cython: language_level=3
"""Slurm hostlists: ``"c[1-3,05-07],gpu1"`` and the names it stands for.

Every function here runs on libslurm's own hostlist code (the one
``scontrol show hostnames`` / ``scontrol show hostlist`` use), locally: no
controller and no configuration are needed.  libslurm's parser is lenient
(``"c[1-3"`` silently reads as ``c]``), so expressions are checked here
first, and a malformed one raises :class:`ValueError` showing where it is
wrong.  Results are always ``str``.

Examples:
    >>> from pyslurm import hostlist
    >>> hostlist.expand("c[1-3,05-07],gpu1")
    ['c1', 'c2', 'c3', 'c05', 'c06', 'c07', 'gpu1']
    >>> hostlist.collapse(["c1", "c2", "c3", "gpu1"])
    'c[1-3],gpu1'
    >>> hostlist.count("c[1-100]")
    100
    >>> hostlist.contains("c[1-100]", "c42")
    True
"""

from libc.stdlib cimport free
from libc.string cimport strlen

from compat cimport (
    pyslurm_hostlist_t, pyslurm_hostlist_create, pyslurm_hostlist_destroy,
    pyslurm_hostlist_push_host, pyslurm_hostlist_count, pyslurm_hostlist_find,
    pyslurm_hostlist_uniq, pyslurm_hostlist_shift, pyslurm_hostlist_ranged,
    pyslurm_hostlist_free_ranged,
)

# Characters that separate hosts at the top level (as in Slurm).
_SEPARATORS = frozenset(", \t\n\r")
# Characters that cannot be part of one host name (what _check_name refuses,
# but NUL, which is counted instead).
_BAD_NAME_CHARS = tuple(_SEPARATORS) + ("[", "]")
#: The most hosts one bracketed range may stand for (libslurm's own limit
#: is about the same; beyond it the expression is almost surely a typo).
MAX_RANGE = 1 << 20


def _bad(expr, pos, why):
    caret = " " * (pos + 2) + "^"
    return ValueError(f"invalid hostlist {expr!r} at position {pos}: {why}\n"
                      f"  {expr}\n{caret}")


def _bound(expr, i, open_at, missing):
    """The decimal number at ``expr[i:]`` of a range list opened at
    ``open_at``, and the index after it; ``missing`` says what an absent
    number means there."""
    n = len(expr)
    start = i
    while i < n and expr[i].isdigit() and expr[i].isascii():
        i += 1
    if i == start:
        if i >= n:
            raise _bad(expr, open_at, "'[' is never closed")
        if expr[i] in ",]":
            raise _bad(expr, i, missing)
        raise _bad(expr, i, f"{expr[i]!r} in a range (only digits, '-' and ',')")
    return int(expr[start:i]), i


def validate(expr):
    """Check the syntax of a hostlist expression.

    Accepted: hosts separated by commas (or whitespace); each host is text
    with any number of bracketed range lists ``[1-3,05,7-9]`` whose bounds
    are decimal numbers, low bound first.

    Args:
        expr (str): e.g. ``"c[1-3],gpu[01-04]"``.

    Returns:
        str: ``expr`` itself.

    Raises:
        TypeError: ``expr`` is not a str.
        ValueError: it is malformed; the message points at the fault.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.validate("c[3-1]")
        Traceback (most recent call last):
        ...
        ValueError: invalid hostlist 'c[3-1]' at position 2: range 3-1 is decreasing
          c[3-1]
            ^
    """
    if not isinstance(expr, str):
        raise TypeError(f"a hostlist is a str, not {type(expr).__name__} ({expr!r})")
    cdef Py_ssize_t i = 0, n = len(expr), open_at
    cdef Py_ssize_t lo_at
    if "\0" in expr:
        raise _bad(expr, expr.index("\0"), "NUL character")
    while i < n:
        c = expr[i]
        if c == "]":
            raise _bad(expr, i, "']' without '['")
        if c != "[":
            i += 1
            continue
        open_at = i
        i += 1
        # one range list: item (',' item)* ']'
        while True:
            lo_at = i
            lo, i = _bound(expr, i, open_at, "empty range")
            hi = lo
            if i < n and expr[i] == "-":
                hi, i = _bound(expr, i + 1, open_at, "range without an upper bound")
                if hi < lo:
                    raise _bad(expr, lo_at, f"range {expr[lo_at:i]} is decreasing")
                if hi - lo >= MAX_RANGE:
                    raise _bad(expr, lo_at, f"range {expr[lo_at:i]} has more than "
                                            f"{MAX_RANGE} hosts")
            if i >= n:
                raise _bad(expr, open_at, "'[' is never closed")
            c = expr[i]
            if c == ",":
                i += 1
                continue
            if c == "]":
                i += 1
                break
            if c == "[":
                raise _bad(expr, i, "nested '['")
            raise _bad(expr, i, f"{c!r} in a range (only digits, '-' and ',')")
    return expr


cdef inline void _destroy(pyslurm_hostlist_t hl) noexcept nogil:
    if hl != NULL:
        pyslurm_hostlist_destroy(hl)


cdef pyslurm_hostlist_t _create(str expr) except NULL:
    """A libslurm hostlist of a validated expression; the caller destroys it."""
    validate(expr)
    cdef bytes b = expr.encode("utf-8")
    cdef const char *s = b
    cdef pyslurm_hostlist_t hl
    with nogil:
        hl = pyslurm_hostlist_create(s)
    if hl == NULL:
        raise ValueError(f"invalid hostlist {expr!r}: libslurm cannot parse it")
    return hl


cdef list _drain(pyslurm_hostlist_t hl):
    """Every name left in ``hl``, in order (the list ends up empty)."""
    cdef char *name
    cdef Py_ssize_t i, n = pyslurm_hostlist_count(hl)
    cdef list out = [None] * n
    for i in range(n):
        name = pyslurm_hostlist_shift(hl)
        if name == NULL:          # fewer than counted: not expected
            del out[i:]
            break
        try:
            out[i] = name.decode("utf-8", "replace")
        finally:
            free(name)
    while True:                   # more than counted: not expected either
        name = pyslurm_hostlist_shift(hl)
        if name == NULL:
            break
        try:
            out.append(name.decode("utf-8", "replace"))
        finally:
            free(name)
    return out


cdef str _ranged(pyslurm_hostlist_t hl):
    cdef char *s = pyslurm_hostlist_ranged(hl)
    if s == NULL:
        raise MemoryError("slurm_hostlist_ranged_string failed")
    try:
        return s.decode("utf-8", "replace")
    finally:
        pyslurm_hostlist_free_ranged(s)


def expand(expr, unique=False):
    """The host names a hostlist expression stands for, in order.

    Implements ``slurm_hostlist_create`` / ``slurm_hostlist_shift``: the
    same names ``scontrol show hostnames`` prints.

    Args:
        expr (str): e.g. ``"c[1-3,05-07],gpu1"``; ``""`` gives ``[]``.
        unique (bool): sort the names and drop duplicates
            (``slurm_hostlist_uniq``).

    Returns:
        list[str]

    Raises:
        ValueError: ``expr`` is malformed (see :func:`validate`).

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.expand("c[1-3,05-07],gpu1")
        ['c1', 'c2', 'c3', 'c05', 'c06', 'c07', 'gpu1']
    """
    cdef pyslurm_hostlist_t hl = _create(expr)
    try:
        if unique:
            pyslurm_hostlist_uniq(hl)
        return _drain(hl)
    finally:
        _destroy(hl)


cdef int _check_name(object name) except -1:
    if not isinstance(name, str):
        raise TypeError(f"a host name is a str, not {type(name).__name__} ({name!r})")
    if not name:
        raise ValueError("empty host name")
    for pos, c in enumerate(name):
        if c in _SEPARATORS or c in "[]" or c == "\0":
            raise _bad(name, pos, f"{c!r} cannot be part of a host name "
                                  f"(pass a list of names, or one hostlist expression as a str)")
    return 0


def collapse(names, sort=False):
    """The ranged hostlist string of host names, as Slurm prints it.

    Implements ``slurm_hostlist_push_host`` and
    ``slurm_hostlist_ranged_string``: without ``sort``, the same string as
    ``scontrol show hostlist`` (order kept, neighbours merged:
    ``c3,c1,c2`` gives ``c[3,1-2]``); with ``sort=True``, names are sorted
    and duplicates dropped first (``slurm_hostlist_uniq``), which gives the
    shortest string.

    Args:
        names: an iterable of host names, or one hostlist expression as a
            str (``"c1,c2,c3"``), which is re-collapsed.
        sort (bool): sort and de-duplicate first.

    Returns:
        str: e.g. ``"c[1-3],gpu1"``; ``""`` for no names.

    Raises:
        TypeError: a name is not a str.
        ValueError: a name is empty or contains ``,``, whitespace or
            brackets; or the str expression is malformed.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.collapse(["c1", "c2", "c3", "c05", "gpu1"])
        'c[1-3,05],gpu1'
        >>> hostlist.collapse(["c3", "c1", "c2", "c1"], sort=True)
        'c[1-3]'
    """
    cdef pyslurm_hostlist_t hl
    cdef bytes b
    cdef const char *p
    cdef const char *end
    if isinstance(names, str):
        hl = _create(names)
    else:
        names = list(names)
        # Check and encode every name in a few C-level passes; only when
        # something is wrong, look name by name for the culprit.
        try:
            joined = "\0".join(names)
        except TypeError:
            for name in names:
                _check_name(name)
            raise
        # an empty name shows as two NULs in a row, or one at either end
        if (names and not joined) or "\0\0" in joined or joined.startswith("\0") \
                or joined.endswith("\0") or joined.count("\0") != len(names) - 1 \
                or any(c in joined for c in _BAD_NAME_CHARS):
            for name in names:
                _check_name(name)
        b = joined.encode("utf-8")
        hl = pyslurm_hostlist_create(NULL)
        if hl == NULL:
            raise MemoryError("slurm_hostlist_create failed")
        if names:
            p = b
            end = p + len(b)
            with nogil:
                while p < end:
                    pyslurm_hostlist_push_host(hl, p)
                    p += strlen(p) + 1
    try:
        if sort:
            pyslurm_hostlist_uniq(hl)
        return _ranged(hl)
    finally:
        _destroy(hl)


def count(expr):
    """How many host names a hostlist expression stands for (duplicates
    included).  Implements ``slurm_hostlist_count``.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.count("c[1-3,05-07],gpu1")
        7
    """
    cdef pyslurm_hostlist_t hl = _create(expr)
    try:
        return pyslurm_hostlist_count(hl)
    finally:
        _destroy(hl)


def contains(expr, name):
    """True when host ``name`` is one of the names of ``expr``.

    Implements ``slurm_hostlist_find``.

    Args:
        expr (str): a hostlist expression.
        name (str): one host name.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.contains("c[1-3,05-07]", "c06"), hostlist.contains("c[1-3]", "c4")
        (True, False)
    """
    _check_name(name)
    cdef bytes b = name.encode("utf-8")
    cdef pyslurm_hostlist_t hl = _create(expr)
    try:
        return pyslurm_hostlist_find(hl, b) >= 0
    finally:
        _destroy(hl)


__all__ = ["expand", "collapse", "count", "contains", "validate", "MAX_RANGE"]
