"""setup.py stops with one clear message when it cannot build."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_py(**env):
    return subprocess.run([sys.executable, "setup.py", "--version"], cwd=ROOT,
                          env=dict(os.environ, **env), capture_output=True, text=True,
                          timeout=120)


def test_missing_headers_name_the_place_and_the_package():
    res = setup_py(SLURM_INCLUDE_DIR="/nonexistent/include")
    assert res.returncode != 0
    assert "/nonexistent/include" in res.stderr
    assert "libslurm-dev" in res.stderr
    assert "22.05, 24.11, 26.05" in res.stderr


def test_unsupported_major_is_refused(tmp_path):
    (tmp_path / "slurm").mkdir()
    (tmp_path / "slurm" / "slurm_version.h").write_text(
        "#define SLURM_VERSION_NUMBER 0x170205\n")  # 23.02.5
    res = setup_py(SLURM_INCLUDE_DIR=str(tmp_path))
    assert res.returncode != 0
    assert "Slurm 23.02" in res.stderr and "not supported" in res.stderr
    assert "22.05, 24.11, 26.05" in res.stderr


def test_declarations_exist_for_every_supported_major():
    found = sorted(p.name for p in (ROOT / "pyslurm" / "slurm").glob("v*_*"))
    assert found == ["v22_05", "v24_11", "v26_05"]
    for d in found:
        for name in ("slurm.pxd", "slurm_errno.pxd", "slurmdb.pxd"):
            assert (ROOT / "pyslurm" / "slurm" / d / name).is_file()
