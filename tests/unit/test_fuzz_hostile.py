"""Fuzzing with hostile text and numbers (hypothesis, bounded time): every
pyslurm.hostlist function and every JobSubmitDescription option, in a child
process with a memory limit, so that a signal, an abort or runaway memory
fails this test instead of ending the run.  The targets are in
fuzz_targets.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")


def test_hostile_text_and_numbers_give_a_value_or_a_value_error():
    here = Path(__file__).resolve().parent
    code = ("import resource, sys; "
            "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
            f"sys.path.insert(0, {str(here)!r}); "
            "import fuzz_targets; fuzz_targets.main()")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=600, cwd=here,
                         env={**os.environ, "FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES",
                                                                            "1500")})
    assert res.returncode == 0, (f"the fuzzing child ended with status {res.returncode}:\n"
                                 f"{res.stdout[-3000:]}\n{res.stderr[-6000:]}")
    assert "fuzz: ok" in res.stdout
