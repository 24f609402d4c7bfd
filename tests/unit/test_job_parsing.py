"""Job option parsers (pyslurm.jobs_util) and JobSubmitDescription's
validation: no cluster needed."""

import datetime as dt
import math
import random
import signal
import string

import pytest

from pyslurm import jobs_util as ju


# -- times ---------------------------------------------------------------------
@pytest.mark.parametrize("text, minutes", [
    ("5", 5), (5, 5), ("0", 0), ("1:30", 2), ("1:00", 1), ("01:02:03", 63),
    ("2-0", 2880), ("1-2", 1560), ("1-02:30", 1590), ("1-02:30:00", 1590),
    ("1-00:00:01", 1441), (" 10 ", 10), (dt.timedelta(minutes=90), 90),
])
def test_minutes(text, minutes):
    assert ju.parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["UNLIMITED", "unlimited", "INFINITE", "-1", -1, math.inf])
def test_minutes_unlimited(text):
    assert ju.parse_minutes(text) == ju.UNLIMITED == math.inf


@pytest.mark.parametrize("bad", ["", "abc", "1:2:3:4", "-5", -2, "1-", "1-2-3", "5m",
                                 None, True, 1.5, [], "1:-2", "99999999999999"])
def test_minutes_invalid(bad):
    with pytest.raises(ValueError, match="time_limit"):
        ju.parse_minutes(bad)


# -- memory ----------------------------------------------------------------------
@pytest.mark.parametrize("text, mib", [
    (100, 100), ("100", 100), ("100M", 100), ("100m", 100), ("2G", 2048),
    ("1T", 1024 * 1024), ("1024K", 1), ("1K", 1), ("1500K", 2), ("2GB", 2048),
    ("0", 0),
])
def test_memory(text, mib):
    assert ju.parse_memory(text) == mib


@pytest.mark.parametrize("bad", ["", "G", "1.5G", "-1", -1, "1P", "lots", None, 2.0, True])
def test_memory_invalid(bad):
    with pytest.raises(ValueError, match="memory_per_cpu"):
        ju.parse_memory(bad, "memory_per_cpu")


# -- signals ---------------------------------------------------------------------
@pytest.mark.parametrize("value", ["SIGUSR1", "USR1", "usr1", "sigusr1", int(signal.SIGUSR1),
                                   str(int(signal.SIGUSR1)), signal.SIGUSR1])
def test_signal(value):
    assert ju.parse_signal(value) == signal.SIGUSR1


@pytest.mark.parametrize("bad", ["", "FOO", "SIG", 0, -1, 65, "USR1@60", None, 1.0, "SIG_DFL"])
def test_signal_invalid(bad):
    with pytest.raises(ValueError, match="signal"):
        ju.parse_signal(bad)


@pytest.mark.parametrize("value, expected", [
    ("USR1@60", (10, 60, None)), ("USR1", (10, 60, None)), ("B:USR1@90", (10, 90, "B")),
    ("R:SIGTERM@5", (15, 5, "R")), ("BR:2@10", (2, 10, "BR")), (10, (10, 60, None)),
])
def test_signal_before_end(value, expected):
    assert ju.parse_signal_before_end(value) == expected


@pytest.mark.parametrize("bad", ["USR1@", "X:USR1@5", "USR1@-5", "@60", "USR1@99999999", None])
def test_signal_before_end_invalid(bad):
    with pytest.raises(ValueError, match="signal"):
        ju.parse_signal_before_end(bad)


# -- nodes, arrays, hostlists --------------------------------------------------------
@pytest.mark.parametrize("value, expected", [(2, (2, None)), ("2", (2, None)), ("2-4", (2, 4)),
                                             ("3-3", (3, 3))])
def test_node_count(value, expected):
    assert ju.parse_node_count(value) == expected


@pytest.mark.parametrize("bad", ["4-2", "a", "-1", -1, "2-", "", None, "1,2"])
def test_node_count_invalid(bad):
    with pytest.raises(ValueError, match="nodes"):
        ju.parse_node_count(bad)


@pytest.mark.parametrize("value, expected", [
    ("0-15%4", "0-15%4"), ("1,3,5-7", "1,3,5-7"), ("0-20:2", "0-20:2"), (5, "5"),
    ([3, 1, 2], "1,2,3"), (range(3), "0,1,2"),
])
def test_array(value, expected):
    assert ju.parse_array(value) == expected


@pytest.mark.parametrize("bad", ["", "a", "5-1", "0-15%", "0-15%x", "1,,2", "0-4:0", [], [-1],
                                 None])
def test_array_invalid(bad):
    with pytest.raises(ValueError, match="array"):
        ju.parse_array(bad)


def test_hostlist():
    assert ju.parse_hostlist("c[1-2],c4", "required_nodes") == "c[1-2],c4"
    assert ju.parse_hostlist(["c1", "c3"], "required_nodes") == "c1,c3"
    for bad in ("", "c[1-2", "c 1", ["c1", ""], 5):
        with pytest.raises(ValueError, match="excluded_nodes"):
            ju.parse_hostlist(bad, "excluded_nodes")


# -- dependencies -----------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("afterok:1:2", "afterok:1:2"),
    ({"afterok": [1, 2]}, "afterok:1:2"),
    ({"afterok": 5, "afterany": ["7_1"]}, "afterok:5,afterany:7_1"),
    ({"afterok": [1], "singleton": True, "satisfy": "any"}, "afterok:1?singleton"),
    ("afterok:1?afternotok:2", "afterok:1?afternotok:2"),
    ("after:3+10", "after:3+10"), ("singleton", "singleton"), ("", ""),
])
def test_dependencies(value, expected):
    assert ju.parse_dependencies(value) == expected


@pytest.mark.parametrize("bad", ["afterok", "afterok:", "afterok:x", "before:1", "singleton:1",
                                 "afterok:1,afterany:2?afterok:3", {"afterok": []},
                                 {"afterok": [0]}, {"nope": [1]}, {"satisfy": "some"}, 5])
def test_dependencies_invalid(bad):
    with pytest.raises(ValueError, match="dependencies"):
        ju.parse_dependencies(bad)


def test_dependencies_to_dict():
    assert ju.dependencies_to_dict(None) == {}
    assert ju.dependencies_to_dict("afterok:12_*(unfulfilled),singleton(unfulfilled)") == {
        "afterok": ["12_*"], "singleton": True, "satisfy": "all"}
    assert ju.dependencies_to_dict("afterany:3(failed)?afterok:4") == {
        "afterany": [3], "afterok": [4], "satisfy": "any"}


# -- mail, begin time ------------------------------------------------------------------------
def test_mail_types():
    assert ju.parse_mail_types("begin,END") == ["BEGIN", "END"]
    assert ju.parse_mail_types(["FAIL"]) == ["FAIL"]
    with pytest.raises(ValueError, match="mail_types"):
        ju.parse_mail_types("BEGIN,SOMETIMES")


def test_begin_time():
    now = 1_000_000
    assert ju.parse_begin_time("now", now=now) == now
    assert ju.parse_begin_time("now+60", now=now) == now + 60
    assert ju.parse_begin_time("now+2hours", now=now) == now + 7200
    assert ju.parse_begin_time(12345) == 12345
    when = dt.datetime(2030, 1, 2, 3, 4, 5)
    assert ju.parse_begin_time(when) == int(when.timestamp())
    assert ju.parse_begin_time("2030-01-02T03:04:05") == int(when.timestamp())
    for bad in ("tomorrowish", "now+5parsecs", -1, None, math.nan, "2030-13-01"):
        with pytest.raises(ValueError, match="begin_time"):
            ju.parse_begin_time(bad)


# -- environment ---------------------------------------------------------------------------
BASE = {"HOME": "/root", "PATH": "/bin"}


def env_dict(lst):
    return dict(item.split("=", 1) for item in lst)


def test_environment_all_default():
    assert env_dict(ju.build_environment(None, BASE)) == BASE
    assert env_dict(ju.build_environment("ALL", BASE)) == {**BASE, "SLURM_EXPORT_ENV": "ALL"}


def test_environment_none_and_explicit():
    assert env_dict(ju.build_environment("NONE", BASE)) == {"SLURM_EXPORT_ENV": "NONE"}
    env = env_dict(ju.build_environment({"A": "1"}, BASE))
    assert env["A"] == "1" and "HOME" not in env
    env = env_dict(ju.build_environment({"ALL": True, "A": "1"}, BASE))
    assert env["A"] == "1" and env["HOME"] == "/root"
    env = env_dict(ju.build_environment("ALL,A=x=y,HOME", BASE))
    assert env["A"] == "x=y" and env["PATH"] == "/bin"
    env = env_dict(ju.build_environment(["HOME", "B=2"], BASE))
    assert env["HOME"] == "/root" and env["B"] == "2" and "PATH" not in env


@pytest.mark.parametrize("bad", ["ALL,NONE", {"1A": "x"}, "A B=1", 5, {3: "x"}])
def test_environment_invalid(bad):
    with pytest.raises(ValueError, match="environment"):
        ju.build_environment(bad, BASE)


# -- scripts -----------------------------------------------------------------------------------
def test_read_script(tmp_path):
    text = "#!/bin/sh\necho hi\n"
    assert ju.read_script(text) == text
    f = tmp_path / "job.sh"
    f.write_text(text)
    assert ju.read_script(str(f)) == text
    assert ju.read_script(f) == text
    for bad in ("echo hi\n", str(tmp_path / "missing.sh"), "", None):
        with pytest.raises(ValueError, match="script"):
            ju.read_script(bad)


def test_sbatch_lines():
    script = ("#!/bin/sh\n# a comment\n#SBATCH -J name1 --time=5\n#SBATCH --mem 2G\n"
              "#SBATCH --requeue -n3\necho hi\n#SBATCH --partition=ignored\n")
    assert ju.parse_sbatch_lines(script) == {
        "name": "name1", "time_limit": "5", "memory_per_node": "2G", "requeue": True,
        "ntasks": "3"}
    with pytest.raises(ValueError, match="SBATCH"):
        ju.parse_sbatch_lines("#!/bin/sh\n#SBATCH --no-such-option=1\n")
    with pytest.raises(ValueError, match="SBATCH"):
        ju.parse_sbatch_lines("#!/bin/sh\n#SBATCH --time\n")


# -- arbitrary text: a value or ValueError, nothing else ------------------------------------------
PARSERS = [ju.parse_minutes, ju.parse_memory, ju.parse_signal, ju.parse_signal_before_end,
           ju.parse_node_count, ju.parse_array, ju.parse_hostlist, ju.parse_dependencies,
           ju.parse_mail_types, ju.parse_begin_time, ju.parse_sbatch_lines,
           lambda s: ju.build_environment(s, BASE), ju.dependencies_to_dict]


def _check_total(parser, text):
    try:
        parser(text)
    except ValueError:
        pass


def test_parsers_never_fail_otherwise_random():
    """Seeded fuzzing (runs everywhere, also without hypothesis)."""
    rng = random.Random(4)
    alphabet = string.printable + "äß\u2028-:%@,?[]_+"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for parser in PARSERS:
            _check_total(parser, text)


def test_parsers_never_fail_otherwise_hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(max_size=30))
    def check(text):
        for parser in PARSERS:
            _check_total(parser, text)

    check()


# -- JobSubmitDescription (compiled module; no RPC) ----------------------------------
@pytest.fixture()
def desc_cls():
    job = pytest.importorskip("pyslurm.job")
    return job.JobSubmitDescription


def test_description_normalises(desc_cls):
    d = desc_cls(script="#!/bin/sh\ntrue\n", time_limit="1-00:00:00", memory_per_cpu="1G",
                 nodes="2-4", dependencies={"afterok": [1, 2]}, stdout="/tmp/o")
    assert d.time_limit == 1440
    assert d.memory_per_cpu == 1024
    assert d.nodes == (2, 4)
    assert d.dependencies == "afterok:1:2"
    assert d.standard_output == "/tmp/o" and d.stdout == "/tmp/o"
    assert d.partition is None
    d.time_limit = None
    assert "time_limit" not in d.to_dict()


@pytest.mark.parametrize("option, value", [
    ("time_limit", "soon"), ("memory_per_node", "2X"), ("nodes", "4-2"), ("ntasks", 0),
    ("cpus_per_task", "many"), ("array", "1-"), ("dependencies", "afterok"),
    ("signal", "NOPE@5"), ("exclusive", "maybe"), ("mail_types", "SOMETIMES"),
    ("script", "no shebang\n"), ("environment", "ALL,NONE"), ("nice", "x"),
    ("gres", "gpu::"), ("gpus", "two"), ("hold", "perhaps"), ("name", 5),
    ("required_nodes", "c[1"), ("begin_time", "whenever"), ("priority", -1),
    ("licenses", "a:b"), ("deadline", "later"),
])
def test_description_rejects(desc_cls, option, value):
    with pytest.raises(ValueError, match=option):
        desc_cls(**{option: value})


def test_description_rules(desc_cls):
    with pytest.raises(AttributeError):
        desc_cls(no_such_option=1)
    with pytest.raises(ValueError, match="memory_per"):
        desc_cls(memory_per_node=100, memory_per_cpu=100)
    with pytest.raises(ValueError, match="script"):
        desc_cls(name="x").submit()
    d = desc_cls(script="#!/bin/sh\n#SBATCH -J fromscript -t 7\ntrue\n", time_limit=3)
    opts = d.effective_options()
    assert opts["name"] == "fromscript" and opts["time_limit"] == 3
    assert desc_cls(comment="").comment == ""     # clears the field on modify()


def test_job_handle():
    job = pytest.importorskip("pyslurm.job")
    j = job.Job(1234)
    assert repr(j) == "pyslurm.Job(1234)"
    assert j.id == 1234 and j.state is None and not j.is_loaded
    assert job.Job("12").id == 12
    for bad in (0, -1, "x", None, True):
        with pytest.raises(ValueError):
            job.Job(bad)


def test_load_environment(desc_cls):
    d = desc_cls(script="#!/bin/sh\n#SBATCH -J script-name -p fromscript -t 9\ntrue\n",
                 partition="explicit")
    d.load_environment({"SBATCH_JOB_NAME": "env-name", "SBATCH_PARTITION": "envpart",
                        "SBATCH_TIMELIMIT": "1:00:00", "SBATCH_MEM_PER_CPU": "1G",
                        "SBATCH_NO_REQUEUE": "1", "UNRELATED": "x"})
    opts = d.effective_options()
    assert opts["name"] == "env-name"             # env beats #SBATCH
    assert opts["partition"] == "explicit"        # explicit beats env
    assert opts["time_limit"] == 60 and opts["memory_per_cpu"] == 1024
    assert opts["requeue"] is False
    with pytest.raises(ValueError, match="time_limit"):
        d.load_environment({"SBATCH_TIMELIMIT": "soon"})


def test_array_index_membership():
    from pyslurm.formats import in_index_set
    assert in_index_set("2-7", 5) and in_index_set("2-7%2", 7)
    assert in_index_set("0-10:2,13", 4) and in_index_set("0-10:2,13", 13)
    assert not in_index_set("0-10:2,13", 3) and not in_index_set(None, 1)
    assert not in_index_set("garbage", 1)


# -- distribution, cpu frequency, switches (issue 4) -------------------------------------
@pytest.mark.parametrize("text, parsed", [
    ("block", ("block", None, None)), ("Cyclic", ("cyclic", None, None)),
    ("arbitrary", ("arbitrary", None, None)), ("plane=4", ("plane", 4, None)),
    ("block:cyclic", ("block:cyclic", None, None)),
    ("cyclic:fcyclic:block", ("cyclic:fcyclic:block", None, None)),
    ("*:*", ("*:*", None, None)), ("block,Pack", ("block", None, True)),
    ("plane=2,nopack", ("plane", 2, False)),
])
def test_distribution(text, parsed):
    assert ju.parse_distribution(text) == parsed


@pytest.mark.parametrize("bad", ["", "plane", "plane=0", "plane=x", "fcyclic", "block:x",
                                 "a:b:c:d", "block:block:block:block", "block,pak", 3, None])
def test_distribution_rejects(bad):
    with pytest.raises(ValueError, match="distribution"):
        ju.parse_distribution(bad)


@pytest.mark.parametrize("text, parsed", [
    ("low", (None, "low", None)), ("HIGH", (None, "high", None)),
    ("highm1", (None, "highm1", None)), (2400000, (None, 2400000, None)),
    ("2400000", (None, 2400000, None)), ("OnDemand", (None, None, "ondemand")),
    ("performance", (None, None, "performance")), ("powersave", (None, None, "powersave")),
    ("userspace", (None, None, "userspace")), ("conservative", (None, None, "conservative")),
    ("low-high", ("low", "high", None)), ("low-high:ondemand", ("low", "high", "ondemand")),
    ("1000000-2000000:performance", (1000000, 2000000, "performance")),
    ("medium-high", ("medium", "high", None)), ("1000-high", (1000, "high", None)),
])
def test_cpu_frequency(text, parsed):
    assert ju.parse_cpu_frequency(text) == parsed


@pytest.mark.parametrize("bad", ["", "fast", "high-low", "2000-1000", "low:ondemand",
                                 "ondemand-high", "low-high:fast", "0", -1, None, "1-2-3"])
def test_cpu_frequency_rejects(bad):
    with pytest.raises(ValueError, match="cpu_frequency"):
        ju.parse_cpu_frequency(bad)


@pytest.mark.parametrize("text, parsed", [
    (2, (2, None)), ("2", (2, None)), ("2@10:00", (2, 600)), ("1@1-0", (1, 86400)),
    ("4@30", (4, 1800)), ("0", (0, None)),
])
def test_switches(text, parsed):
    assert ju.parse_switches(text) == parsed


@pytest.mark.parametrize("bad", ["", "x", "2@", "2@x", "@10", "-1", None, "2@1:2:3:4"])
def test_switches_rejects(bad):
    with pytest.raises(ValueError, match="switches"):
        ju.parse_switches(bad)


def test_ranges():
    assert ju.ranges([]) == ""
    assert ju.ranges([3, 0, 1, 2, 7, 9, 10]) == "0-3,7,9-10"


NEW_PARSERS = [ju.parse_distribution, ju.parse_cpu_frequency, ju.parse_switches]


def test_new_parsers_value_or_valueerror_hypothesis():
    """Arbitrary text gives a value or ValueError, nothing else."""
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    words = st.sampled_from(["block", "cyclic", "fcyclic", "plane=", "arbitrary", "*", ":",
                             ",", "Pack", "low", "high", "-", "@", "ondemand", "10:00",
                             "0", "99999999999", "="])
    texts = st.one_of(st.text(max_size=30), st.lists(words, max_size=8).map("".join))

    @hypothesis.settings(max_examples=500, deadline=None)
    @hypothesis.given(texts)
    def check(text):
        for parser in NEW_PARSERS:
            try:
                parser(text)
            except ValueError:
                pass

    check()


def test_new_options_validated_before_any_rpc(desc_cls):
    d = desc_cls(distribution="plane=4", cpu_frequency="low-high:ondemand",
                 switches="2@10:00", ntasks_per_socket=2, ntasks_per_core=1,
                 memory_per_gpu="2G", cpus_per_gpu=2, ntasks_per_gpu=1,
                 gres_binding="enforce-binding", delay_boot_time="1:00:00",
                 contiguous=True, spread_job=True, kill_on_invalid_dependency=False,
                 profile_types=["task", "energy"], temporary_disk_per_node="1G",
                 wckey="w", admin_comment="c", sockets_per_node=1,
                 cores_per_socket=2, threads_per_core=1)
    assert d.distribution == ("plane", 4, None)
    assert d.cpu_frequency == ("low", "high", "ondemand")
    assert d.switches == (2, 600) and d.memory_per_gpu == 2048 and d.mem_per_gpu == 2048
    assert d.delay_boot_time == 60 and d.profile_types == ["TASK", "ENERGY"]
    assert d.temporary_disk_per_node == 1024
    for option, bad in [("distribution", "diagonal"), ("cpu_frequency", "turbo"),
                        ("switches", "two"), ("ntasks_per_socket", 0),
                        ("ntasks_per_core", "x"), ("memory_per_gpu", "2X"),
                        ("gres_binding", "sometimes"), ("profile_types", "all,task"),
                        ("delay_boot_time", "soon"), ("contiguous", "maybe"),
                        ("cpus_per_gpu", -1), ("threads_per_core", 1.5)]:
        with pytest.raises(ValueError, match=option):
            desc_cls(**{option: bad})


def test_new_sbatch_lines(desc_cls):
    d = desc_cls(script="#!/bin/sh\n#SBATCH -m cyclic:block --cpu-freq=high\n"
                        "#SBATCH --switches=1@5 --ntasks-per-core=1 --mem-per-gpu=1G\n"
                        "#SBATCH --contiguous\ntrue\n")
    opts = d.effective_options()
    assert opts["distribution"] == ("cyclic:block", None, None)
    assert opts["cpu_frequency"] == (None, "high", None)
    assert opts["switches"] == (1, 300) and opts["ntasks_per_core"] == 1
    assert opts["memory_per_gpu"] == 1024 and opts["contiguous"] is True
