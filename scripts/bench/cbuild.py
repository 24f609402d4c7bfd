"""Compiling the benchmarks' C baselines against the installed libslurm."""

import os
import subprocess
from pathlib import Path


def compile_c(source: Path, exe: Path) -> Path:
    """``gcc -O2 source -lslurm`` into ``exe``; honours ``SLURM_INCLUDE_DIR``
    and ``SLURM_LIB_DIR`` (with an rpath) as the build of pyslurm does."""
    cmd = ["gcc", "-O2", "-o", str(exe), str(source)]
    inc, lib = os.environ.get("SLURM_INCLUDE_DIR"), os.environ.get("SLURM_LIB_DIR")
    if inc:
        cmd.insert(1, f"-I{inc}")
    if lib:
        cmd += [f"-L{lib}", f"-Wl,-rpath,{lib}"]
    subprocess.run(cmd + ["-lslurm"], check=True)
    return exe
