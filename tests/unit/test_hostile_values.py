"""Hostile and careless input to the job API, checked without a cluster:
every value is what the caller gave (or its documented normal form) or a
ValueError naming the field and the value -- never a wrong job, a wrapped
number, a sentinel or a forged line.  (Hostlists: test_hostlist.py; the
configuration check: test_config_check.py; what reaches a real controller:
tests/integration/test_hostile_input.py.)"""

import math
import os
import stat

import pytest

from pyslurm import jobs_util, values

job = pytest.importorskip("pyslurm.job")
submit = pytest.importorskip("pyslurm.submit")
Job, Jobs, JobSubmitDescription = job.Job, job.Jobs, job.JobSubmitDescription

SCRIPT = "#!/bin/sh\ntrue\n"


# -- ids and uids are exact ---------------------------------------------------------
@pytest.mark.parametrize("bad", [
    821.9,            # cancelled job 821
    "٨",              # an Arabic-Indic digit: cancelled job 8
    "８",             # a full-width digit
    "1_٣", "١_2",     # array tasks in other digits
    True, None, 0, -1, "12 ", " 12", "0x10", "1e3", "1_", "_2", "1__2",
    2**32, values.JOB_ID_MAX + 1,
])
def test_job_ids_are_exact(bad):
    with pytest.raises(ValueError, match="invalid job id"):
        Job(bad)


def test_job_ids_that_are_fine():
    assert Job(values.JOB_ID_MAX).id == values.JOB_ID_MAX
    assert Job("821").id == 821
    assert repr(Job("12_3")) == "pyslurm.Job('12_3')"


@pytest.mark.parametrize("bad", ["٨", 8.0, "x"])
def test_collections_do_not_convert_ids_loosely(bad):
    with pytest.raises((ValueError, TypeError)):
        Jobs([bad])
    if isinstance(bad, str):
        assert Jobs([8]).get(bad) is None


@pytest.mark.parametrize("user", [
    4294967294,     # NO_VAL: slurm_load_job_user returned every user's jobs
    4294967295, -1, 2**40, 1.5, True,
])
def test_user_ids_are_checked_before_any_rpc(user):
    with pytest.raises(ValueError, match="user"):
        Jobs.load(user=user)
    with pytest.raises(ValueError, match="user"):
        Jobs.load_fields(["id"], user=user)


def test_user_names_are_one_line():
    with pytest.raises(ValueError, match="user"):
        Jobs.load(user="root\nx")


# -- numbers: a documented range, no sentinel, no wrap-around ------------------------
BOUNDS = [
    # option, largest valid value, field of job_desc_msg_t it lands in
    ("time_limit", values.U32_MAX, "time_limit"),
    ("time_min", values.U32_MAX, "time_min"),
    ("nodes", values.U32_MAX, "min_nodes"),
    ("ntasks", values.U32_MAX, "num_tasks"),
    ("cpus_per_task", values.U16_MAX, "cpus_per_task"),
    ("ntasks_per_node", values.U16_MAX, "ntasks_per_node"),
    ("memory_per_node", values.MEMORY_MAX, "pn_min_memory"),
    ("temporary_disk_per_node", values.U32_MAX, "pn_min_tmp_disk"),
    ("begin_time", values.TIME_MAX, "begin_time"),
    ("deadline", values.TIME_MAX, "deadline"),
    ("priority", values.U32_MAX, "priority"),
    ("sockets_per_node", values.U16_MAX, "sockets_per_node"),
    ("cores_per_socket", values.U16_MAX, "cores_per_socket"),
    ("threads_per_core", values.U16_MAX, "threads_per_core"),
    ("ntasks_per_socket", values.U16_MAX, "ntasks_per_socket"),
    ("ntasks_per_core", values.U16_MAX, "ntasks_per_core"),
    ("ntasks_per_gpu", values.U16_MAX, "ntasks_per_tres"),
]


@pytest.mark.parametrize("option, top, field", BOUNDS)
def test_the_largest_value_arrives_as_itself(option, top, field):
    d = JobSubmitDescription(script=SCRIPT, **{option: top})
    assert submit._filled(d.effective_options())[field] == top


@pytest.mark.parametrize("option, top, field", BOUNDS)
def test_one_more_is_a_value_error_naming_the_field(option, top, field):
    for bad in (top + 1, top + 2, 2**32, 2**63, 2**63 + 100, 2**64 - 2, 2**64, 2**65):
        if bad <= top:
            continue
        with pytest.raises(ValueError, match=option) as info:
            JobSubmitDescription(**{option: bad})
        assert repr(bad) in str(info.value)


@pytest.mark.parametrize("option, value", [
    ("memory_per_node", 2**63 + 100),   # became 100M per CPU (the flag bit)
    ("memory_per_node", 2**64 - 2),     # became the default (NO_VAL64)
    ("memory_per_cpu", 2**63),
    ("time_limit", 4294967294),         # became UNLIMITED
    ("time_limit", 2**32),              # OverflowError at submit time
    ("nodes", 2**32), ("nodes", "1-4294967295"),
    ("ntasks", 4294967294),             # became one task
    ("begin_time", 2**63),              # OverflowError at submit time
    ("begin_time", -5), ("begin_time", math.inf), ("begin_time", "now+99999999999weeks"),
    ("nice", 2**31), ("priority", 4294967294), ("signal", "USR1@65535"),
    ("distribution", "plane=65534"), ("switches", "1@99999999999"),
    ("array", "0-99999999999999999999"), ("array", "1-3%4294967295"),
    ("gres", "gpu:99999999999999999999"), ("gpus", "4294967294"),
    ("licenses", "matlab:99999999999"), ("temporary_disk_per_node", 2**32),
    ("cpus_per_task", 0xFFFE), ("ntasks_per_node", 65535),
])
def test_sentinels_and_overflows_are_refused(option, value):
    with pytest.raises(ValueError, match=option):
        JobSubmitDescription(**{option: value})


@pytest.mark.parametrize("dependency", [
    "afterok:99999999999999999999",     # became a dependency on 4294967295
    "afterok:4294967294", "afterok:0", "afterok:١٢", "after:12+99999999999",
    {"afterok": [2**40]}, {"afterok": [1.5]}, {"afterany": ["٣"]},
])
def test_dependencies_name_real_job_ids(dependency):
    with pytest.raises(ValueError, match="dependencies"):
        JobSubmitDescription(dependencies=dependency)


@pytest.mark.parametrize("option, value", [
    ("time_limit", "١٠"), ("nodes", "٢"), ("memory_per_node", "١G"), ("ntasks", "٤"),
    ("array", "١-٣"), ("signal", "USR1@٦٠"), ("switches", "٢"),
])
def test_only_ascii_digits_are_numbers(option, value):
    with pytest.raises(ValueError, match=option):
        JobSubmitDescription(**{option: value})


# -- one-line fields ------------------------------------------------------------------
@pytest.mark.parametrize("option", [
    "name", "comment", "admin_comment", "partition", "account", "qos", "reservation",
    "wckey", "working_directory", "standard_output", "standard_error", "standard_input",
    "mail_user", "constraints",
])
@pytest.mark.parametrize("text", ["a\nJobState=FAKE", "a\rb", "a\x1b[31mred", "a\tb",
                                  "a\x85b", "a\x00b"])
def test_control_characters_cannot_forge_fields(option, text):
    with pytest.raises(ValueError, match=option):
        JobSubmitDescription(**{option: text})


def test_other_text_is_kept():
    d = JobSubmitDescription(script=SCRIPT, name="café ✓ #1", comment="a=b c;d")
    filled = submit._filled(d.effective_options())
    assert filled["name"] == "café ✓ #1"
    assert d.comment == "a=b c;d"


# -- environment -------------------------------------------------------------------------
@pytest.mark.parametrize("env, words", [
    ({"A": b"x"}, "bytes"),                  # exported A=b'x'
    ({"A=B": "x"}, "variable name 'A=B'"),   # silently set A to "B=x"
    ({"A B": "x"}, "variable name"), ({"": "x"}, "variable name"),
    ({"A": "x\0y"}, "NUL"), ({"A": object()}, "object"), ({"A\n": "x"}, "variable name"),
    ({"A": True}, "bool"), (["A=1", "B\n=2"], "variable name"),
])
def test_environment_is_taken_exactly_or_refused(env, words):
    with pytest.raises(ValueError, match="environment") as info:
        JobSubmitDescription(environment=env)
    assert words in str(info.value)


def test_environment_values_arrive_unchanged():
    env = {"A": " padded ", "B": "x=y,z", "C": "line1\nline2", "N": 4}
    d = JobSubmitDescription(script=SCRIPT, environment=env)
    got = dict(v.split("=", 1) for v in submit._filled(d.effective_options())["environment"])
    assert got["A"] == " padded " and got["B"] == "x=y,z" and got["C"] == "line1\nline2"
    assert got["N"] == "4" and "HOME" not in got
    assert got["SLURM_EXPORT_ENV"] == "A,B,C,N"


# -- scripts ----------------------------------------------------------------------------
def test_script_bytes_are_kept(tmp_path):
    path = tmp_path / "job.sh"
    raw = b"#!/bin/sh\necho caf\xe9 > out\n"      # Latin-1: not UTF-8
    path.write_bytes(raw)
    d = JobSubmitDescription(script=str(path))
    assert submit._filled(d.effective_options())["script"] == raw
    assert submit._filled(JobSubmitDescription(script=raw).effective_options())["script"] == raw


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/dev/urandom", "/"])
def test_only_regular_files_are_read(path):
    with pytest.raises(ValueError, match="not a regular file"):
        JobSubmitDescription(script=path)


def test_a_fifo_is_not_read_and_does_not_block(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(ValueError, match="not a regular file"):
        JobSubmitDescription(script=str(fifo))


def test_script_size_is_limited(tmp_path):
    big = tmp_path / "big.sh"
    with open(big, "wb") as f:
        f.write(b"#!/bin/sh\n")
        f.truncate(jobs_util.SCRIPT_MAX_BYTES + 1)
    with pytest.raises(ValueError, match="larger than"):
        JobSubmitDescription(script=str(big))


# -- reserved names -------------------------------------------------------------------
@pytest.mark.parametrize("option", ["required_nodes", "excluded_nodes"])
@pytest.mark.parametrize("nodes", ["ALL", "all", "c1,ALL", "DEFAULT", ["c1", "All"]])
def test_all_is_not_a_node_name(option, nodes):
    with pytest.raises(ValueError, match="keyword"):
        JobSubmitDescription(**{option: nodes})


@pytest.mark.parametrize("nodes", [
    "c[18446744073709551614-18446744073709551615]",   # took slurmctld down (22.05)
    "c[1-3]" * 40, "c[1-65537]", "c" + "9" * 19, "c2147483648",
])
def test_node_lists_sent_to_the_controller_are_bounded(nodes):
    with pytest.raises(ValueError, match="required_nodes"):
        JobSubmitDescription(required_nodes=nodes)


def test_node_lists_are_sent_in_canonical_form():
    d = JobSubmitDescription(script=SCRIPT, required_nodes="c[1-2],c4",
                             excluded_nodes=["c5", "c6"])
    filled = submit._filled(d.effective_options())
    assert filled["req_nodes"] == "c[1-2],c4" and filled["exc_nodes"] == "c5,c6"


def test_node_and_partition_named_all_are_refused():
    node = pytest.importorskip("pyslurm.node")
    partition = pytest.importorskip("pyslurm.partition")
    for name in ("ALL", "all", "DEFAULT"):
        with pytest.raises(ValueError, match="keyword"):
            node.Node(name)
        with pytest.raises(ValueError, match="invalid name"):
            partition.Partition(name)
        with pytest.raises(ValueError, match="invalid name"):
            node.Node.create(name, cpus=1)
    with pytest.raises(ValueError, match="keyword"):
        node.Nodes(["c1", "ALL"])
    # Nodes=ALL is how a partition gets every node: that one stays
    assert partition.Partition("p", nodes="all").nodes == "ALL"
