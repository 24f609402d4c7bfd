"""Fuzz targets for hostile input, run by test_fuzz_hostile.py in a child
process with a memory and time limit (a crash or an abort there is a
failure of that test, not the end of the test run).

Each target accepts only a value or ValueError/TypeError, and checks that
a value is exactly what was given: hostlists against their own invariants
and counts, every JobSubmitDescription option against what lands in the C
request.  Not collected by pytest (no ``test_`` prefix)."""

import math
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from pyslurm import hostlist, values
from pyslurm import submit as jobmod

SCRIPT = "#!/bin/sh\ntrue\n"
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")),
                    deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))

# -- hostile building blocks ---------------------------------------------------------
huge = st.sampled_from([0, 1, 2**16 - 2, 2**16, 2**31, 2**32 - 2, 2**32, 2**63,
                        2**63 + 100, 2**64 - 2, 2**64, 2**65, 10**20, 10**30])
numbers = st.one_of(st.integers(-3, 70000), huge, huge.map(lambda v: v - 1),
                    huge.map(lambda v: -v))
digits = st.one_of(numbers.map(str), st.sampled_from(["٨", "١٢", "８", "0x10", "1e3", "+5",
                                                        " 7", "7\n", "99999999999999999999"]))
nasty_text = st.text(alphabet=st.sampled_from(
    list("ab-_.:@=+%/ ,[]\t\n\r\x00\x1b\x85\u2028é✓٨") + ["\udcff"]), max_size=40)
anything = st.one_of(
    st.none(), st.booleans(), numbers, st.floats(allow_nan=True, allow_infinity=True),
    digits, nasty_text, st.binary(max_size=20),
    st.lists(st.one_of(numbers, nasty_text, st.binary(max_size=5)), max_size=4),
    st.dictionaries(st.one_of(nasty_text, numbers), st.one_of(nasty_text, numbers,
                                                              st.binary(max_size=5)),
                    max_size=3),
)

# hostlist expressions: mostly grammar, with hostile numbers and characters
bound = st.one_of(st.integers(0, 200).map(str), digits)
item = st.one_of(bound, st.tuples(bound, bound).map(lambda t: f"{t[0]}-{t[1]}"))
bracket = st.lists(item, min_size=0, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]")
term = st.lists(st.one_of(nasty_text, bracket, st.just("[1-3]"), st.just("[0-99999]")),
                max_size=6).map("".join)
expression = st.one_of(nasty_text, st.lists(term, max_size=4).map(",".join),
                       term.map(lambda t: t * 30))


def _outcome(fn, *args):
    try:
        return fn(*args)
    except (ValueError, TypeError):
        return None


def _check_names(names):
    assert isinstance(names, list) and len(names) <= hostlist.MAX_HOSTS
    for name in names:
        assert type(name) is str and name
        assert len(name) <= hostlist.MAX_NAME_LENGTH
        assert name.isprintable() or not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0
                                             for c in name)
        run = 0
        for c in name:
            run = run + 1 if "0" <= c <= "9" else 0
            assert run <= hostlist.MAX_DIGITS, name


@SETTINGS
@given(expression, st.one_of(nasty_text, digits))
def fuzz_hostlist(expr, name):
    names = _outcome(hostlist.expand, expr)
    if names is not None:
        _check_names(names)
        assert hostlist.count(expr) == len(names)
        assert hostlist.validate(expr) == expr
        canon = _outcome(hostlist.canonical, expr)
        if canon is not None:
            assert hostlist.expand(canon) == names
        unique = hostlist.expand(expr, unique=True)
        assert set(unique) == set(names) and len(unique) == len(set(names))
        collapsed = hostlist.collapse(expr)
        assert sorted(hostlist.expand(collapsed)) == sorted(names)
        for n in names[:3]:
            assert hostlist.contains(expr, n)
    else:
        for fn in (hostlist.count, hostlist.validate, hostlist.canonical):
            assert _outcome(fn, expr) is None
    _outcome(hostlist.contains, expr, name)
    got = _outcome(hostlist.collapse, [name, "c1"])
    if got is not None:
        assert name in hostlist.expand(got)


# -- every JobSubmitDescription option -------------------------------------------------
MEM_PER_CPU = 1 << 63
NICE_OFFSET = 0x80000000
INFINITE = 0xFFFFFFFF


def _minutes(v):
    return INFINITE if v == math.inf else v


def _same(field):
    return lambda v, f: f[field] == v


# option -> check(normalised value, filled C request) for what is sent as is
EXACT = {
    "time_limit": lambda v, f: f["time_limit"] == _minutes(v),
    "time_min": lambda v, f: f["time_min"] == _minutes(v),
    "nodes": lambda v, f: (f["min_nodes"], f["max_nodes"]) == (v[0], v[1] if v[1] is not None
                                                               else v[0]),
    "ntasks": _same("num_tasks"), "cpus_per_task": _same("cpus_per_task"),
    "ntasks_per_node": _same("ntasks_per_node"),
    "memory_per_node": _same("pn_min_memory"),
    "memory_per_cpu": lambda v, f: f["pn_min_memory"] == v | MEM_PER_CPU,
    "temporary_disk_per_node": _same("pn_min_tmp_disk"),
    "begin_time": _same("begin_time"), "deadline": _same("deadline"),
    "priority": lambda v, f: f["priority"] == v,
    "nice": lambda v, f: f["nice"] == NICE_OFFSET + v,
    "sockets_per_node": _same("sockets_per_node"),
    "cores_per_socket": _same("cores_per_socket"),
    "threads_per_core": _same("threads_per_core"),
    "ntasks_per_socket": _same("ntasks_per_socket"),
    "ntasks_per_core": _same("ntasks_per_core"), "ntasks_per_gpu": _same("ntasks_per_tres"),
    "signal": lambda v, f: (f["warn_signal"], f["warn_time"]) == (v[0], v[1]),
    "switches": lambda v, f: f["req_switch"] == v[0] and (v[1] is None
                                                          or f["wait4switch"] == v[1]),
    "delay_boot_time": lambda v, f: f["delay_boot"] == v * 60,
    "name": _same("name"), "partition": _same("partition"), "account": _same("account"),
    "qos": _same("qos"), "reservation": _same("reservation"), "comment": _same("comment"),
    "wckey": _same("wckey"), "admin_comment": _same("admin_comment"),
    "working_directory": _same("work_dir"), "standard_input": _same("std_in"),
    "standard_output": _same("std_out"), "standard_error": _same("std_err"),
    "mail_user": _same("mail_user"), "constraints": _same("features"),
    "licenses": _same("licenses"), "dependencies": _same("dependency"),
    "array": _same("array_inx"), "required_nodes": _same("req_nodes"),
    "excluded_nodes": _same("exc_nodes"),
}


@SETTINGS
@given(st.sampled_from(sorted(jobmod._PARSERS)), anything)
def fuzz_submit_option(option, value):
    try:
        desc = jobmod.JobSubmitDescription(**{option: value})
    except (ValueError, TypeError):
        return
    if desc.script is None:
        desc.script = SCRIPT
    normal = desc.to_dict().get(option)
    filled = jobmod._filled(desc.effective_options())     # must not raise
    if normal is None or normal == "":
        return
    check = EXACT.get(option)
    if check is not None:
        assert check(normal, filled), (option, value, normal)
    # an int given for a number arrives as itself (no capping, no wrapping)
    if values.is_int(value) and isinstance(normal, int):
        assert normal == value, (option, value, normal)


def main():
    fuzz_hostlist()
    fuzz_submit_option()
    print("fuzz: ok")


if __name__ == "__main__":
    main()
