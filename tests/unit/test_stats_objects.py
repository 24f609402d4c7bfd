"""pyslurm.stats without a cluster: the statistics objects, how steps' and
jobs' numbers combine, the libslurmfull header in both build modes, and the
build's message when libslurmfull is missing."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pyslurm
from pyslurm.stats import AVAILABLE, JobStatistics, JobStepStatistics

ROOT = Path(__file__).resolve().parents[2]


def step(**values):
    return JobStepStatistics(**values)


def test_empty_statistics_read_none():
    s = JobStepStatistics()
    assert all(v is None for v in s.to_dict().values())
    assert "max_resident_memory" in s.to_dict() and "steps" not in s.to_dict()
    j = JobStatistics()
    assert j.steps == {} and j.to_dict()["steps"] == {}
    assert repr(j) == "pyslurm.JobStatistics()"
    assert pyslurm.JobStatistics is JobStatistics
    assert pyslurm.JobStepStatistics is JobStepStatistics


def test_unknown_field_is_refused():
    with pytest.raises(ValueError, match="max_rss"):
        JobStepStatistics(max_rss=1)


def test_sum_combines_steps():
    a = step(total_cpu_time=2.5, user_cpu_time=2.0, system_cpu_time=0.0,
             elapsed_cpu_time=10, consumed_energy=None, avg_cpu_time=1.25,
             avg_resident_memory=100, avg_cpu_frequency=1000.0,
             max_resident_memory=150, max_resident_memory_node="c1",
             max_resident_memory_task=1, min_cpu_time=1.0,
             min_cpu_time_node="c1", min_cpu_time_task=0)
    b = step(total_cpu_time=1.0, user_cpu_time=1.0, system_cpu_time=1.0,
             elapsed_cpu_time=4, consumed_energy=None, avg_cpu_time=1.0,
             avg_resident_memory=50, avg_cpu_frequency=2000.0,
             max_resident_memory=300, max_resident_memory_node="c2",
             max_resident_memory_task=0, min_cpu_time=0.5,
             min_cpu_time_node="c2", min_cpu_time_task=3)
    total = JobStatistics.sum([a, b, None], steps={0: a, 1: b})
    assert total.steps == {0: a, 1: b}
    assert total.total_cpu_time == 3.5 and total.user_cpu_time == 3.0
    assert total.system_cpu_time == 1.0 and total.elapsed_cpu_time == 14
    assert total.avg_resident_memory == 150 and total.avg_cpu_time == 2.25
    assert total.avg_cpu_frequency == 1500.0
    assert total.consumed_energy is None            # nobody measured it
    assert (total.max_resident_memory, total.max_resident_memory_node,
            total.max_resident_memory_task) == (300, "c2", 0)
    assert (total.min_cpu_time, total.min_cpu_time_node,
            total.min_cpu_time_task) == (0.5, "c2", 3)
    assert total.max_disk_read is None and total.max_disk_read_node is None
    assert total.to_dict()["steps"][1]["max_resident_memory"] == 300
    # jobs add up the same way
    both = JobStatistics.sum([total, JobStatistics.sum([a])])
    assert both.total_cpu_time == 6.0 and both.steps == {}
    assert both.max_resident_memory == 300


def test_sum_of_nothing_is_empty():
    assert JobStatistics.sum([]) == JobStatistics()


def test_built_with_libslurmfull_here():
    # Debian's slurmd/slurmctld packages ship libslurmfull on this machine
    assert AVAILABLE is True


@pytest.mark.parametrize("no_slurmfull", [False, True])
def test_header_compiles_in_both_modes(tmp_path, no_slurmfull):
    """slurmfull.h against the installed Slurm: the layout assertions hold,
    and the stub mode (no libslurmfull) compiles too."""
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.fail("no C compiler")
    src = tmp_path / "t.c"
    src.write_text('#define _GNU_SOURCE\n#include "slurmfull.h"\nint main(void) { return 0; }\n')
    version = int(re.search(r"#define\s+SLURM_VERSION_NUMBER\s+(\w+)",
                            Path("/usr/include/slurm/slurm_version.h").read_text()).group(1), 0)
    args = [cc, "-fsyntax-only", "-I", str(ROOT / "pyslurm" / "slurm"),
            f"-DPYSLURM_BUILD_MAJOR={version >> 8:#x}", str(src)]   # as setup.py does
    if no_slurmfull:
        args.insert(1, "-DPYSLURM_NO_SLURMFULL=1")
    res = subprocess.run(args, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_build_says_when_libslurmfull_is_missing():
    res = subprocess.run([sys.executable, "setup.py", "--version"], cwd=ROOT,
                         env=dict(os.environ, SLURMFULL_LIB_DIR="/nonexistent/full"),
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "libslurmfull.so was not found in /nonexistent/full" in res.stderr
    assert "Job.load_stats() will raise" in res.stderr
