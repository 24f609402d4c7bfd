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
