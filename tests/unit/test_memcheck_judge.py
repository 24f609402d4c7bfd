"""scripts/memcheck/valgrind.py's judge on synthetic valgrind logs."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "memcheck"))

import valgrind  # noqa: E402

UNINIT_FROM_INT = """==1== Use of uninitialised value of size 8
==1==    at 0x49E26A7: maybe_small_long (longobject.c:73)
==1==    by 0x7CE6435: __pyx_pf_7pyslurm_4node_2parse_gres (node.c:7489)
==1==  Uninitialised value was created by a heap allocation
==1==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==1==    by 0x49D80C0: _PyLong_New (longobject.c:161)
==1==    by 0x49E1EF8: PyLong_FromString (longobject.c:2509)
==1==
"""

UNINIT_FROM_PYSLURM = """==1== Conditional jump or move depends on uninitialised value(s)
==1==    at 0x7CE6435: __pyx_f_7pyslurm_4node__state (node.c:100)
==1==  Uninitialised value was created by a heap allocation
==1==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==1==    by 0x7CE7000: __pyx_f_7pyslurm_3job__move_record (job.c:10)
==1==
"""

INVALID_READ = """==1== Invalid read of size 4
==1==    at 0x7CE6435: __pyx_f_7pyslurm_4node__state (node.c:100)
==1==
"""

INTERPRETER_ONLY = """==1== Conditional jump or move depends on uninitialised value(s)
==1==    at 0x4B0C750: visit_decref (gcmodule.c:452)
==1==
"""


def test_values_the_interpreter_made_are_not_pyslurms():
    errors, ours, known, theirs = valgrind.judge(UNINIT_FROM_INT + INTERPRETER_ONLY)
    assert errors == [] and ours == [] and known == []


def test_pyslurms_own_errors_count():
    errors, _, _, _ = valgrind.judge(UNINIT_FROM_PYSLURM + INVALID_READ)
    assert len(errors) == 2
    assert "node__state" in errors[0] and errors[1].startswith("Invalid read")
