# cython: language_level=3
"""Slurm hostlists: ``"c[1-3,05-07],gpu1"`` and the names it stands for.

Expressions are parsed and checked here, in pyslurm's own code, before
anything reaches libslurm or the controller: libslurm's hostlist parser
is not a safe parser for untrusted text (it crashes on numbers near
2**64, caps larger ones silently, aborts on huge products and slows down
quadratically), and it reads ``"c[1-3"`` silently as ``c]``.  A
malformed expression, or one beyond the limits below, raises
:class:`ValueError` showing where it is wrong.  Expanding, counting and
membership tests are pyslurm's own (linear in the number of names, the
same names ``scontrol show hostnames`` prints); sorting and collapsing use
libslurm's hostlist code (``scontrol show hostlist``).  No controller and
no configuration are needed.  Results are always ``str``.

The limits (module constants):

* :data:`MAX_HOSTS`: names one expression may stand for (1,048,576);
* :data:`MAX_RANGE`: names one ``lo-hi`` range may stand for (65,536,
  libslurm's own limit);
* :data:`MAX_NUMBER`: a range bound, and the number that ends a host
  name (2**31-1: libslurm compares such numbers as C ints, and above that
  it sorts wrongly and loses names);
* :data:`MAX_DIGITS`: digits of a range bound or of the number that ends a
  host name, leading zeros included (18);
* :data:`MAX_NAME_LENGTH`: characters of one host name (255).

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

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy, memcmp, strlen

from pyslurm.values import RESERVED_NAMES, error as _field_error

from compat cimport (
    pyslurm_hostlist_t, pyslurm_hostlist_create, pyslurm_hostlist_destroy,
    pyslurm_hostlist_push_host, pyslurm_hostlist_uniq, pyslurm_hostlist_ranged,
    pyslurm_hostlist_free_ranged, pyslurm_hostlist_shift,
)

#: The most names one expression may stand for.
MAX_HOSTS = 1 << 20
#: The most names one ``lo-hi`` range may stand for (libslurm's limit).
MAX_RANGE = 1 << 16
#: The largest range bound, and the largest number that ends a host name.
MAX_NUMBER = (1 << 31) - 1
#: The most digits of a range bound, or of the number ending a host name.
MAX_DIGITS = 18
#: The most characters of one host name.
MAX_NAME_LENGTH = 255

# Characters that separate hosts at the top level (as in Slurm, plus \r).
_SEPARATORS = frozenset(", \t\n\r")

cdef enum:
    # bytes a generated name may need: characters are at most 4 UTF-8 bytes
    _BUF_SIZE = 255 * 4 + 64
    # what _generate does with each name
    _EMIT = 0       # append it to a list
    _FIND = 1       # stop at the first one equal to a target


def _bad(expr, pos, why):
    caret = " " * (pos + 2) + "^"
    return ValueError(f"invalid hostlist {expr!r} at position {pos}: {why}\n"
                      f"  {expr}\n{caret}")


cdef inline bint _is_control(Py_UCS4 c):
    return c < 0x20 or 0x7f <= c < 0xa0


cdef inline bint _is_digit(Py_UCS4 c):
    return 0x30 <= c <= 0x39


cdef inline bint _is_sep(Py_UCS4 c):
    return c == 44 or c == 32 or c == 9 or c == 10 or c == 13


cdef tuple _bound(str expr, Py_ssize_t i, Py_ssize_t open_at, str missing):
    """The decimal number at ``expr[i:]`` of a range list opened at
    ``open_at``: ``(value, its text, index after it)``."""
    cdef Py_ssize_t n = len(expr), start = i
    while i < n and _is_digit(expr[i]):
        i += 1
    if i == start:
        if i >= n:
            raise _bad(expr, open_at, "'[' is never closed")
        if expr[i] in ",]":
            raise _bad(expr, i, missing)
        raise _bad(expr, i, f"{expr[i]!r} in a range (only digits, '-' and ',')")
    if i - start > MAX_DIGITS:
        raise _bad(expr, start, f"a range bound has more than {MAX_DIGITS} digits")
    text = expr[start:i]
    value = int(text)
    if value > MAX_NUMBER:
        raise _bad(expr, start, f"range bound {text} is above {MAX_NUMBER}")
    return value, text, i


cdef str _number_end(str s, Py_ssize_t at, list tail):
    """Why the number ending a host name (its largest possible digits,
    ``tail``) is too long or too large, or None."""
    cdef str digits = "".join(tail)
    if len(digits) > MAX_DIGITS:
        return f"a host name ends in more than {MAX_DIGITS} digits"
    if digits and int(digits) > MAX_NUMBER:
        return f"a host name ends in a number above {MAX_NUMBER}"
    return None


cdef class _Term:
    """One host term of an expression: literal text and bracketed range
    lists, in order; it stands for ``count`` names."""
    cdef list parts         # bytes (UTF-8 literal) or tuple of (lo, hi, width)
    cdef object count       # names it stands for
    cdef Py_ssize_t start, end   # its span in the expression


cdef list _parse(object expr):
    """The terms of ``expr``, checked against the grammar and the limits."""
    if not isinstance(expr, str):
        raise TypeError(f"a hostlist is a str, not {type(expr).__name__} ({expr!r})")
    cdef str s = <str> expr
    cdef Py_ssize_t i = 0, n = len(s), lit, open_at, lo_at
    cdef Py_ssize_t length, width, bmax
    cdef Py_UCS4 c
    cdef _Term term
    cdef list terms = []
    total = 0
    while i < n:
        if _is_sep(s[i]):
            i += 1
            continue
        term = _Term.__new__(_Term)
        term.parts = []
        term.start = i
        count = 1
        tail = []        # the digits names end in so far (brackets at their largest)
        longest = []     # the same, at their longest
        length = 0       # characters of the longest name so far
        lit = i
        while i < n:
            c = s[i]
            if _is_sep(c):
                break
            if c == "]":
                raise _bad(s, i, "']' without '['")
            if c == "\0":
                raise _bad(s, i, "NUL character")
            if _is_control(c):
                raise _bad(s, i, f"control character {c!r}")
            if c != "[":
                if _is_digit(c):
                    tail.append(c)
                    longest.append(c)
                else:
                    tail = []
                    longest = []
                length += 1
                i += 1
                continue
            if i > lit:
                term.parts.append(s[lit:i].encode("utf-8"))
            open_at = i
            i += 1
            items = []
            hosts = 0
            bmax = 0
            top_value = 0
            while True:               # item (',' item)* ']'
                lo_at = i
                lo, lo_text, i = _bound(s, i, open_at, "empty range")
                hi = lo
                if i < n and s[i] == "-":
                    hi, _, i = _bound(s, i + 1, open_at, "range without an upper bound")
                    if hi < lo:
                        raise _bad(s, lo_at, f"range {s[lo_at:i]} is decreasing")
                    if hi - lo >= MAX_RANGE:
                        raise _bad(s, lo_at, f"range {s[lo_at:i]} has more than "
                                             f"{MAX_RANGE} hosts")
                width = len(lo_text)
                items.append((lo, hi, width))
                hosts += hi - lo + 1
                if hosts > MAX_HOSTS:
                    raise _bad(s, open_at, f"stands for more than {MAX_HOSTS} hosts")
                bmax = max(bmax, width, len(str(hi)))
                top_value = max(top_value, hi)
                if i >= n:
                    raise _bad(s, open_at, "'[' is never closed")
                c = s[i]
                if c == ",":
                    i += 1
                    continue
                if c == "]":
                    i += 1
                    break
                if c == "[":
                    raise _bad(s, i, "nested '['")
                raise _bad(s, i, f"{c!r} in a range (only digits, '-' and ',')")
            term.parts.append(tuple(items))
            count *= hosts
            if total + count > MAX_HOSTS:
                raise _bad(s, term.start, f"stands for more than {MAX_HOSTS} hosts")
            # at least every number of this list, whatever digits precede it
            tail.append(str(top_value).zfill(bmax))
            longest.append("0" * bmax)
            length += bmax
            lit = i
        if i > lit:
            term.parts.append(s[lit:i].encode("utf-8"))
        why = _number_end(s, term.start, tail) or _number_end(s, term.start, longest)
        if why is not None:
            raise _bad(s, term.start, why)
        if length > MAX_NAME_LENGTH:
            raise _bad(s, term.start, f"a host name longer than {MAX_NAME_LENGTH} characters")
        term.end = i
        term.count = count
        total += count
        if total > MAX_HOSTS:
            raise _bad(s, term.start, f"stands for more than {MAX_HOSTS} hosts")
        terms.append(term)
    return terms


def validate(expr):
    """Check a hostlist expression: its syntax and the limits.

    Accepted: hosts separated by commas (or whitespace); each host is text
    with any number of bracketed range lists ``[1-3,05,7-9]`` whose bounds
    are decimal numbers, low bound first (``c[1-2]x[3-4]-ib`` stands for
    ``c1x3-ib``, ``c1x4-ib``, ...).  A bound's width (``05``) is kept as
    zero padding.  Control characters are refused, and so is anything
    over :data:`MAX_HOSTS`, :data:`MAX_RANGE`, :data:`MAX_NUMBER`,
    :data:`MAX_DIGITS` or :data:`MAX_NAME_LENGTH`.

    Args:
        expr (str): e.g. ``"c[1-3],gpu[01-04]"``.

    Returns:
        str: ``expr`` itself.

    Raises:
        TypeError: ``expr`` is not a str.
        ValueError: it is malformed or over a limit; the message points at
            the fault.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.validate("c[3-1]")
        Traceback (most recent call last):
        ...
        ValueError: invalid hostlist 'c[3-1]' at position 2: range 3-1 is decreasing
          c[3-1]
            ^
    """
    _parse(expr)
    return expr


def canonical(expr):
    """``expr`` checked (see :func:`validate`), its hosts joined by commas
    only: the form pyslurm sends to the controller.  A host named as one
    of Slurm's keywords (``ALL``: every node; ``DEFAULT``), in any case,
    is refused: the controller would read it as more than one name.

    Raises:
        TypeError, ValueError: as :func:`validate`, or a reserved name.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.canonical(" c[1-2]  gpu1,")
        'c[1-2],gpu1'
    """
    cdef _Term t
    cdef list terms = _parse(expr)
    for t in terms:
        if len(t.parts) == 1 and isinstance(t.parts[0], bytes) and \
                expr[t.start:t.end].upper() in RESERVED_NAMES:
            raise _bad(expr, t.start, f"{expr[t.start:t.end]!r} is Slurm's keyword for "
                                      f"every node or for the defaults, not a host name")
    return ",".join([expr[t.start:t.end] for t in terms])


def checked(expr, field="nodes"):
    """:func:`canonical` of ``expr``, with errors that name ``field`` (the
    option or attribute the node list was given for).

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.checked("ALL", "required_nodes")
        Traceback (most recent call last):
        ...
        ValueError: invalid value for required_nodes: 'ALL' (invalid hostlist 'ALL' ...
    """
    try:
        return canonical(expr)
    except ValueError as e:
        raise _field_error(field, expr, str(e).splitlines()[0]) from None
    except TypeError:
        raise _field_error(field, expr, "expected a hostlist string") from None


# -- generating names -------------------------------------------------------

cdef struct _Sink:
    int mode
    const char *target
    Py_ssize_t target_len


cdef inline Py_ssize_t _write_number(char *out, unsigned long long v, int width) noexcept:
    """``v`` in decimal, zero-padded to ``width``; the bytes written."""
    cdef char tmp[24]
    cdef int k = 0, j
    while True:
        tmp[k] = <char> (48 + v % 10)
        k += 1
        v //= 10
        if v == 0:
            break
    j = 0
    while j < width - k:
        out[j] = 48
        j += 1
    while k > 0:
        k -= 1
        out[j] = tmp[k]
        j += 1
    return j


cdef int _sink(_Sink *sink, list out, char *buf, Py_ssize_t length) except -1:
    """Hand one name to the sink; 1 to stop (found)."""
    if sink.mode == _EMIT:
        out.append(PyUnicode_DecodeUTF8(buf, length, NULL))
    elif length == sink.target_len and memcmp(buf, sink.target, length) == 0:
        return 1
    return 0


cdef int _generate(list parts, Py_ssize_t k, char *buf, Py_ssize_t pos,
                   _Sink *sink, list out) except -1:
    """Every name of ``parts[k:]`` after the ``pos`` bytes in ``buf``, in
    order (the leftmost range varies slowest); 1 when the sink stopped."""
    cdef Py_ssize_t nparts = len(parts), m, tail_len = 0
    cdef bytes lit, tail = None
    cdef unsigned long long v, lo, hi
    cdef int width
    while k < nparts and isinstance(parts[k], bytes):
        lit = <bytes> parts[k]
        memcpy(buf + pos, <const char *> lit, len(lit))
        pos += len(lit)
        k += 1
    if k == nparts:
        return _sink(sink, out, buf, pos)
    items = <tuple> parts[k]
    if k + 1 == nparts or (k + 2 == nparts and isinstance(parts[k + 1], bytes)):
        # the last range list: a tight loop
        if k + 2 == nparts:
            tail = <bytes> parts[k + 1]
            tail_len = len(tail)
        for item in items:
            lo, hi, width = item
            v = lo
            while True:
                m = pos + _write_number(buf + pos, v, width)
                if tail is not None:
                    memcpy(buf + m, <const char *> tail, tail_len)
                    m += tail_len
                if _sink(sink, out, buf, m):
                    return 1
                if v == hi:
                    break
                v += 1
        return 0
    for item in items:
        lo, hi, width = item
        v = lo
        while True:
            m = pos + _write_number(buf + pos, v, width)
            if _generate(parts, k + 1, buf, m, sink, out):
                return 1
            if v == hi:
                break
            v += 1
    return 0


cdef int _run(list terms, _Sink *sink, list out) except -1:
    cdef char *buf = <char *> malloc(_BUF_SIZE)
    cdef _Term t
    if buf == NULL:
        raise MemoryError()
    try:
        for t in terms:
            if _generate(t.parts, 0, buf, 0, sink, out):
                return 1
    finally:
        free(buf)
    return 0


cdef str _ranged(pyslurm_hostlist_t hl):
    cdef char *s = pyslurm_hostlist_ranged(hl)
    if s == NULL:
        raise MemoryError("slurm_hostlist_ranged_string failed")
    try:
        return s.decode("utf-8", "replace")
    finally:
        pyslurm_hostlist_free_ranged(s)


cdef list _names(list terms):
    cdef _Sink sink
    cdef list out = []
    sink.mode = _EMIT
    _run(terms, &sink, out)
    return out


def expand(expr, unique=False):
    """The host names a hostlist expression stands for, in order.

    The same names ``scontrol show hostnames`` prints, made by pyslurm's
    own code in time linear in their number.

    Args:
        expr (str): e.g. ``"c[1-3,05-07],gpu1"``; ``""`` gives ``[]``.
        unique (bool): sort the names and drop duplicates, as
            ``slurm_hostlist_uniq`` does.

    Returns:
        list[str]

    Raises:
        TypeError: ``expr`` is not a str.
        ValueError: ``expr`` is malformed or over a limit (see
            :func:`validate`).

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.expand("c[1-3,05-07],gpu1")
        ['c1', 'c2', 'c3', 'c05', 'c06', 'c07', 'gpu1']
    """
    cdef list terms = _parse(expr)
    cdef list names = _names(terms)
    if not unique:
        return names
    return _names(_parse(_collapse_names(names, True)))


cdef int _check_name(object name) except -1:
    if not isinstance(name, str):
        raise TypeError(f"a host name is a str, not {type(name).__name__} ({name!r})")
    if not name:
        raise ValueError("empty host name")
    cdef str s = <str> name
    cdef Py_ssize_t pos = 0
    for c in s:
        if c in _SEPARATORS or c == "[" or c == "]" or c == "\0":
            raise _bad(s, pos, f"{c!r} cannot be part of a host name "
                               f"(pass a list of names, or one hostlist expression as a str)")
        if _is_control(ord(c)):
            raise _bad(s, pos, f"control character {c!r}")
        pos += 1
    why = _number_end(s, 0, [s[len(s.rstrip("0123456789")):]])
    if why is not None:
        raise _bad(s, 0, why)
    if len(s) > MAX_NAME_LENGTH:
        raise ValueError(f"invalid host name {s[:40]!r}...: longer than "
                         f"{MAX_NAME_LENGTH} characters")
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
        ValueError: a name is empty, contains ``,``, whitespace, brackets
            or control characters, or is over a limit; more than
            :data:`MAX_HOSTS` names; or the str expression is malformed.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.collapse(["c1", "c2", "c3", "c05", "gpu1"])
        'c[1-3,05],gpu1'
        >>> hostlist.collapse(["c3", "c1", "c2", "c1"], sort=True)
        'c[1-3]'
    """
    if isinstance(names, str):
        return _collapse_names(_names(_parse(names)), sort)
    names = list(names)
    if len(names) > MAX_HOSTS:
        raise ValueError(f"invalid host names: more than {MAX_HOSTS} of them")
    # Check every name in a few C-level passes; only when something may be
    # wrong, look name by name for the culprit.
    try:
        joined = "\0".join(names)
    except TypeError:
        for name in names:
            _check_name(name)
        raise
    if (names and not joined) or "\0\0" in joined or joined.startswith("\0") \
            or joined.endswith("\0") or joined.count("\0") != len(names) - 1 \
            or not joined.replace("\0", "").isprintable() \
            or any(c in joined for c in "[], ") \
            or any(len(name) > MAX_NAME_LENGTH for name in names) \
            or _has_long_number_end(joined):
        for name in names:
            _check_name(name)
    return _collapse_names(names, sort)


#: Above this many names, sorting is prepared in Python (see _collapse_names).
_PRESORT = 4096


def _natural_key(name):
    prefix = name.rstrip("0123456789")
    digits = name[len(prefix):]
    return prefix, int(digits) if digits else -1, len(digits)


cdef str _collapse_names(list names, bint sort):
    """libslurm's ranged string of checked ``names`` (sorted and without
    duplicates with ``sort``).

    libslurm sorts a list range by range and merges neighbours by moving
    the rest of its array, which is quadratic for many unmerged ranges
    (34 s for a million scattered names); pushing the names in natural
    order first leaves few ranges to sort, and libslurm's own sort still
    decides the result."""
    cdef pyslurm_hostlist_t hl
    cdef bytes b
    cdef const char *p
    cdef const char *end
    if sort and len(names) > _PRESORT:
        names = sorted(set(names), key=_natural_key)
    b = "\0".join(names).encode("utf-8")
    hl = pyslurm_hostlist_create(NULL)
    if hl == NULL:
        raise MemoryError("slurm_hostlist_create failed")
    try:
        if names:
            p = b
            end = p + len(b)
            with nogil:
                while p < end:
                    pyslurm_hostlist_push_host(hl, p)
                    p += strlen(p) + 1
        if sort:
            pyslurm_hostlist_uniq(hl)
        return _ranged(hl)
    finally:
        pyslurm_hostlist_destroy(hl)


cdef bint _has_long_number_end(str joined):
    """True when a name of the NUL-joined ``joined`` may end in a number
    beyond the limits (a cheap first look: ten or more digits in a row)."""
    cdef Py_ssize_t run = 0
    cdef Py_UCS4 c
    for c in joined:
        if _is_digit(c):
            run += 1
            if run >= 10:
                return True
        else:
            run = 0
    return False


def count(expr):
    """How many host names a hostlist expression stands for (duplicates
    included), worked out without making them.

    Raises:
        TypeError, ValueError: as :func:`validate`.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.count("c[1-3,05-07],gpu1")
        7
    """
    cdef _Term t
    return sum([t.count for t in _parse(expr)])


def contains(expr, name):
    """True when host ``name`` is one of the names of ``expr`` (exactly:
    ``c01`` is not one of ``c[1-3]``).

    Args:
        expr (str): a hostlist expression.
        name (str): one host name.

    Raises:
        TypeError, ValueError: as :func:`validate`, or ``name`` is not one
            host name.

    Examples:
        >>> from pyslurm import hostlist
        >>> hostlist.contains("c[1-3,05-07]", "c06"), hostlist.contains("c[1-3]", "c4")
        (True, False)
    """
    _check_name(name)
    cdef list terms = _parse(expr)
    cdef bytes b = name.encode("utf-8")
    cdef _Sink sink
    sink.mode = _FIND
    sink.target = b
    sink.target_len = len(b)
    return _run(terms, &sink, None) == 1


def _libslurm_expand(expr):
    """The names libslurm's own parser makes of ``expr`` (create and
    shift), or None when it refuses it.  Only for tests that compare it
    with :func:`expand`: never give it untrusted text."""
    cdef bytes b = expr.encode("utf-8")
    cdef pyslurm_hostlist_t hl = pyslurm_hostlist_create(b)
    cdef char *name
    if hl == NULL:
        return None
    out = []
    try:
        while True:
            name = pyslurm_hostlist_shift(hl)
            if name == NULL:
                break
            try:
                out.append(name.decode("utf-8", "replace"))
            finally:
                free(name)
    finally:
        pyslurm_hostlist_destroy(hl)
    return out


__all__ = ["expand", "collapse", "count", "contains", "validate", "canonical", "checked",
           "MAX_HOSTS", "MAX_RANGE", "MAX_NUMBER", "MAX_DIGITS", "MAX_NAME_LENGTH"]
