"""pyslurm.hostlist: libslurm's hostlist functions, no cluster needed."""

import pytest

from pyslurm import hostlist
from pyslurm.testing import rss_kib


def test_expand_ranges_and_padding():
    assert hostlist.expand("c[1-3,05-07],gpu1") == [
        "c1", "c2", "c3", "c05", "c06", "c07", "gpu1"]
    assert hostlist.expand("c[9-11]") == ["c9", "c10", "c11"]
    assert hostlist.expand("c[009-011]") == ["c009", "c010", "c011"]
    assert hostlist.expand("c[1]") == ["c1"]


def test_expand_several_brackets_is_a_product():
    assert hostlist.expand("r[1-2]n[3-4]") == ["r1n3", "r1n4", "r2n3", "r2n4"]


def test_expand_separators_and_empty():
    assert hostlist.expand("a b,,c") == ["a", "b", "c"]
    assert hostlist.expand("") == []
    assert hostlist.expand(",") == []


def test_expand_keeps_order_and_duplicates_unless_unique():
    assert hostlist.expand("c3,c1,c1") == ["c3", "c1", "c1"]
    assert hostlist.expand("c3,c1,c1", unique=True) == ["c1", "c3"]


def test_results_are_str_not_bytes():
    # the predecessor returned bytes
    assert all(type(n) is str for n in hostlist.expand("c[1-3]"))
    assert type(hostlist.collapse(["c1", "c2"])) is str


def test_collapse_like_scontrol_show_hostlist():
    assert hostlist.collapse(["c1", "c2", "c3", "c05", "gpu1"]) == "c[1-3,05],gpu1"
    assert hostlist.collapse(["c3", "c1", "c2", "c1"]) == "c[3,1-2,1]"
    assert hostlist.collapse(["c3", "c1", "c2", "c1"], sort=True) == "c[1-3]"
    assert hostlist.collapse([]) == ""
    assert hostlist.collapse(iter(["a1", "a2"])) == "a[1-2]"


def test_collapse_of_an_expression_string():
    assert hostlist.collapse("c1,c2,c3,x4") == "c[1-3],x4"


def test_roundtrip_many():
    names = [f"n{i:05d}" for i in range(10000)]
    s = hostlist.collapse(names)
    assert s == "n[00000-09999]"
    assert hostlist.expand(s) == names
    assert hostlist.count(s) == 10000


def test_count_and_contains():
    assert hostlist.count("c[1-3,05-07],gpu1") == 7
    assert hostlist.count("") == 0
    assert hostlist.contains("c[1-100]", "c42")
    assert not hostlist.contains("c[1-3]", "c4")
    assert not hostlist.contains("", "c4")


@pytest.mark.parametrize("expr, pos, words", [
    ("c[3-1]", 2, "decreasing"),
    ("c[1-", 1, "never closed"),
    ("c[a-b]", 2, "'a'"),
    ("c[1-3", 1, "never closed"),
    ("c]", 1, "without '['"),
    ("c[]", 2, "empty range"),
    ("c[1,,2]", 4, "empty range"),
    ("c[1-]", 4, "upper bound"),
    ("c[1[2]]", 3, "nested"),
    ("c[1-3]x]", 7, "without '['"),
])
def test_malformed_input_shows_where(expr, pos, words):
    for fn in (hostlist.expand, hostlist.count, hostlist.validate,
               hostlist.collapse, lambda e: hostlist.contains(e, "c1")):
        with pytest.raises(ValueError) as info:
            fn(expr)
        msg = str(info.value)
        assert f"position {pos}" in msg and words in msg and expr in msg
        # the caret line points at the fault
        lines = msg.splitlines()
        assert lines[2].index("^") - 2 == pos


def test_huge_range_refused():
    with pytest.raises(ValueError, match="more than"):
        hostlist.expand(f"c[0-{hostlist.MAX_RANGE}]")


@pytest.mark.parametrize("bad", ["c1,c2", "c[1-2]", "a b", "", "c\0d", "c\tx", "x]"])
def test_collapse_rejects_non_names(bad):
    with pytest.raises(ValueError):
        hostlist.collapse(["ok1", bad])


def test_type_errors():
    with pytest.raises(TypeError):
        hostlist.expand(b"c1")
    with pytest.raises(TypeError):
        hostlist.collapse(["c1", 2])
    with pytest.raises(TypeError):
        hostlist.contains("c1", None)


def test_no_leak_in_expand_and_collapse():
    names = [f"n{i:05d}" for i in range(2000)]
    for _ in range(50):
        hostlist.expand(hostlist.collapse(names))
    before = rss_kib()
    for _ in range(500):
        hostlist.expand(hostlist.collapse(names))
        hostlist.count("n[00000-01999]")
    # 500 rounds of 2000 names: a leak of one string per name would be
    # tens of MiB
    assert rss_kib() - before < 4096


# -- hostile input (issue: hostlists are checked before libslurm sees them) ---
import itertools  # noqa: E402
import re  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402


def in_child(code, timeout=120, memory_mib=2048):
    """Run ``code`` in a child process with a memory and time limit (a
    crash there must not take the test run down); its last line of output
    parsed as JSON."""
    prelude = textwrap.dedent(f"""
        import json, resource
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mib} << 20, {memory_mib} << 20))
        from pyslurm import hostlist
        def outcome(fn, *args):
            try:
                value = fn(*args)
            except (ValueError, TypeError) as e:
                return [type(e).__name__, str(e).splitlines()[0]]
            return ["value", value if not isinstance(value, list) else len(value)]
    """)
    res = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                         capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, (f"child ended with status {res.returncode}: "
                                 f"{res.stderr[-1500:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("fn, args, words", [
    # SIGSEGV inside libslurm
    ("expand", ("c[18446744073709551614-18446744073709551615]",), "more than 18 digits"),
    # segfault after 8.7 s
    ("expand", ("c[1-3]" * 20000,), "more than 1048576 hosts"),
    # 1.4 GB, then "malloc failed" and an abort
    ("count", ("c[1-3]" * 16,), "more than 1048576 hosts"),
    ("count", ("c[1-3]" * 18,), "more than 1048576 hosts"),
    # unbounded allocation
    ("expand", ("c[18446744073709551615][1]",), "more than 18 digits"),
    # 131 s
    ("expand", ("c[1-100][1-100][1-100][0-9]",), "more than 1048576 hosts"),
    # silently capped to c18446744073709551615
    ("expand", ("c[19223372036854775808]",), "more than 18 digits"),
    ("expand", ("c19223372036854775808",), "ends in more than 18 digits"),
    ("collapse", ("c18446744073709551617",), "ends in more than 18 digits"),
    ("contains", ("c[1-2]", "c19223372036854775808"), "ends in more than 18 digits"),
    # libslurm compares these as C ints: its sort loses names above 2**31-1
    ("expand", ("c[2147483648,0]",), "above 2147483647"),
    ("expand", ("c2147483648",), "ends in a number above 2147483647"),
    ("expand", ("c[21474][83648]",), "ends in a number above 2147483647"),
    ("collapse", (["c2147483648", "c0"],), "ends in a number above 2147483647"),
    # libslurm's own per-range limit (it prints an error and gives NULL)
    ("expand", ("c[1-65537]",), "more than 65536 hosts"),
    ("expand", ("x" * 300 + "[1-2]",), "longer than 255 characters"),
    ("expand", ("c[1-2]\x1b[31m",), "control character"),
])
def test_hostile_expressions_are_refused_with_the_reason(fn, args, words):
    kind, detail = in_child(f"print(json.dumps(outcome(hostlist.{fn}, *{args!r})))")
    assert kind == "ValueError", detail
    assert words in detail


def test_large_expansions_are_linear():
    # a million names in a thousand-times-a-thousand product: 176 s in
    # libslurm (quadratic), a fraction of a second here
    kind, n = in_child("""
        import time
        t = time.monotonic()
        names = hostlist.expand("c[1-1000][1-1000][1]")
        assert names[:3] == ["c111", "c121", "c131"] and names[-1] == "c100010001"
        assert hostlist.contains("c[1-1000][1-1000][1]", "c99910001")
        print(json.dumps(["value", len(names), time.monotonic() - t]))
    """)[:2]
    assert (kind, n) == ("value", 1_000_000)


def test_the_limits_themselves_are_accepted():
    assert hostlist.count(f"c[1-{hostlist.MAX_RANGE}]") == hostlist.MAX_RANGE
    assert hostlist.count("c[1-1024][1-1024]") == hostlist.MAX_HOSTS
    n = str(hostlist.MAX_NUMBER)
    assert hostlist.expand(f"c[{n}]") == [f"c{n}"]
    assert hostlist.expand(f"c{n}") == [f"c{n}"]
    assert hostlist.collapse([f"c{n}"]) == f"c{n}"
    assert hostlist.expand(f"c[{n},0]", unique=True) == ["c0", f"c{n}"]
    padded = "1".zfill(hostlist.MAX_DIGITS)
    assert hostlist.expand(f"c[{padded}-2]") == [f"c{padded}", f"c{'2'.zfill(18)}"]
    # digits inside a name are text to libslurm: only the end is a number
    assert hostlist.expand("r99999999999999999999n[1-2]") == [
        "r99999999999999999999n1", "r99999999999999999999n2"]
    name = "x" * hostlist.MAX_NAME_LENGTH
    assert hostlist.expand(name) == [name]
    with pytest.raises(ValueError, match="more than 1048576 hosts"):
        hostlist.count("c[1-1024][1-1024],d1")


def test_canonical_joins_hosts_with_commas():
    assert hostlist.canonical(" c[1-2]\tgpu1,,\n") == "c[1-2],gpu1"
    with pytest.raises(ValueError):
        hostlist.canonical("c[1-")


def test_suffixes_after_brackets_in_every_major():
    # libslurm 24.11+ reads these; 22.05's parser refuses them
    assert hostlist.expand("c[1-2]-ib") == ["c1-ib", "c2-ib"]
    assert hostlist.expand("r[1-2]n[3-4].x") == ["r1n3.x", "r1n4.x", "r2n3.x", "r2n4.x"]
    assert hostlist.collapse("c[1-2]x") in ("c[1-2]x", "c1x,c2x")


# -- differential: pyslurm's expansion against a reference and libslurm's ------
def reference_expand(expr):
    """A plain-Python reading of the grammar (the oracle)."""
    out = []
    for term in re.findall(r"(?:[^,\s\[\]]|\[[^\]]*\])+", expr):
        pieces, rest = [], term
        while "[" in rest:
            head, _, tail = rest.partition("[")
            inner, _, rest = tail.partition("]")
            numbers = []
            for item in inner.split(","):
                lo, _, hi = item.partition("-")
                numbers += [str(v).zfill(len(lo)) for v in range(int(lo), int(hi or lo) + 1)]
            pieces += [[head], numbers]
        pieces.append([rest])
        out += ["".join(p) for p in itertools.product(*pieces)]
    return out


literal = st.text(alphabet="ab-.1", max_size=3)


@st.composite
def bracket(draw):
    items = []
    for _ in range(draw(st.integers(1, 3))):
        lo = draw(st.integers(0, 120))
        width = draw(st.integers(0, 4))
        hi = lo + draw(st.integers(0, 12))
        lo_text = str(lo).zfill(width)
        items.append(lo_text if draw(st.booleans()) and lo == hi else f"{lo_text}-{hi}")
    return "[" + ",".join(items) + "]"


@st.composite
def expression(draw):
    terms = []
    for _ in range(draw(st.integers(0, 3))):
        parts = [draw(literal)]
        for _ in range(draw(st.integers(0, 2))):
            parts += [draw(bracket()), draw(literal)]
        term = "".join(parts)
        if term:
            terms.append(term)
    return draw(st.sampled_from([",", " ", ",\t"])).join(terms)


@settings(max_examples=400, deadline=None)
@given(expression())
def test_expand_agrees_with_the_reference_and_with_libslurm(expr):
    expected = reference_expand(expr)
    try:
        names = hostlist.expand(expr)
    except ValueError as e:
        # only names that end in ten or more digits may be over MAX_NUMBER
        assert "ends in" in str(e), e
        assert any(len(n) - len(n.rstrip("0123456789")) >= 10 for n in expected)
        return
    assert names == expected
    assert hostlist.count(expr) == len(names)
    theirs = hostlist._libslurm_expand(hostlist.canonical(expr))
    if theirs is not None:        # 22.05 refuses text after a bracket
        assert names == theirs
    for name in names[:5]:
        assert hostlist.contains(expr, name)
    assert not hostlist.contains(expr, "zz9")
