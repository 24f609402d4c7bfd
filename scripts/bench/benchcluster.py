"""The local clusters the benchmarks start for themselves (pyslurm.testing)."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cluster_up(runtime_dir, port_base=None, accounting=False, quiet=False):
    """Start a 4-node cluster in ``runtime_dir`` (with MariaDB and slurmdbd
    when ``accounting``); returns its slurm.conf."""
    extra = ["--port-base", str(port_base)] if port_base else []
    if accounting:
        extra.append("--accounting")
    subprocess.run([sys.executable, "-m", "pyslurm.testing", "up", "--dir", str(runtime_dir),
                    *extra], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL if quiet else None)
    return str(Path(runtime_dir) / "slurm.conf")


def cluster_down(runtime_dir, quiet=False):
    """Stop it and delete its runtime folder (and database)."""
    subprocess.run([sys.executable, "-m", "pyslurm.testing", "down", "--dir", str(runtime_dir)],
                   check=False, cwd=REPO, stdout=subprocess.DEVNULL if quiet else None)
    shutil.rmtree(runtime_dir, ignore_errors=True)
