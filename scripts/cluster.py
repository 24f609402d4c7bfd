#!/usr/bin/env python3
"""Start, stop and inspect a local Slurm test cluster of any supported major.

::

    scripts/cluster up|down|status|env [--slurm MAJOR] [--dir RUNTIME_DIR]
                    [--nodes N] [--cpus C] [--memory MiB] [--extra-nodes M]
                    [--port-base P] [--timeout S]
    scripts/cluster run [--slurm MAJOR] [--dir RUNTIME_DIR] -- COMMAND...

Without ``--slurm``, or with the host's own major, this is
``python -m pyslurm.testing`` (the cluster runs on this machine).  With
another major, the Debian root that ships it is created or reused
(``scripts/roots.py``), the checkout is copied into it, and the same
command runs inside it with ``chroot``; the runtime dir is then a path
inside the root (default ``/run/pyslurm-cluster``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyslurm.testing.__main__ import LAYOUT_OPTIONS, fail, native, parse  # noqa: E402
from pyslurm.testing.cluster import ClusterError, host_major  # noqa: E402
from roots import ROOT_ENV, VENV, Root, RootError  # noqa: E402

PROG = "scripts/cluster"
ROOT_RUNTIME_DIR = "/run/pyslurm-cluster"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv, PROG)
    if isinstance(args, str):
        return fail(args, PROG)
    here = host_major()
    major = args.slurm or here
    if major is None:
        return fail("Slurm is not installed here: apt-get install slurmctld "
                    "slurmd slurm-client munge, or pass --slurm MAJOR to use "
                    "a Debian root of that major", PROG)
    try:
        if major == here:
            return native(args)
        return in_root(args, major)
    except (ClusterError, RootError) as e:
        return fail(str(e), PROG)


def in_root(args: argparse.Namespace, major: str) -> int:
    """Run the same command inside the Debian root that ships ``major``."""
    root = Root.for_major(major)
    runtime_dir = args.dir or ROOT_RUNTIME_DIR
    if args.command == "up":
        root.ensure()
    elif not os.path.isdir(root.path):
        if args.command == "down":
            print(f"[cluster] no root for Slurm {major} at {root.path}: "
                  f"nothing to stop")
            return 0
        return fail(f"there is no root for Slurm {major} at {root.path}: "
                    f"start a cluster with scripts/cluster up --slurm {major}", PROG)
    if args.command == "env":
        print_root_env(root, major, runtime_dir)
        return 0
    source = root.sync_source(checkout_dir())
    inner = [f"{VENV}/bin/python", "-m", "pyslurm.testing", args.command,
             "--dir", runtime_dir]
    for name in LAYOUT_OPTIONS:
        value = getattr(args, name)
        if isinstance(value, bool):
            inner.append(f"--{'' if value else 'no-'}{name}")
        elif value is not None:
            inner += [f"--{name.replace('_', '-')}", str(value)]
    if args.keep_state:
        inner.append("--keep-state")
    env = {"PYTHONPATH": source, "PATH": f"{VENV}/bin:{ROOT_ENV['PATH']}"}
    if "CI" in os.environ:
        env["CI"] = os.environ["CI"]
    cwd = None
    if args.command == "run":
        inner += ["--", *args.cmd]
        cwd = source
    code = root.run(inner, env=env, cwd=cwd, check=False).returncode
    if args.command == "up" and code == 0:
        print_root_env(root, major, runtime_dir)
    if args.command == "down" or (args.command == "up" and code != 0):
        root.leave(log=print)
    return code


def print_root_env(root: Root, major: str, runtime_dir: str) -> None:
    conf = f"{runtime_dir}/slurm.conf"
    print(f"# Slurm {major} cluster inside the root {root.path};\n"
          f"# SLURM_CONF is a path inside the root.  Run a command there"
          f" with\n"
          f"#   chroot {root.path} env SLURM_CONF={conf} COMMAND...\n"
          f"# or: scripts/cluster run --slurm {major} -- COMMAND...\n"
          f"SLURM_CONF={conf}\n"
          f"PYSLURM_ROOT={root.path}")


def checkout_dir() -> str:
    """The source checkout this package was imported from."""
    top = Path(__file__).resolve().parents[1]
    markers = ("pyproject.toml", "setup.py")
    if not any((top / name).exists() for name in markers):
        raise RootError(f"{top} is not a pyslurm source checkout; run "
                        f"scripts/cluster from a checkout to use a root")
    return str(top)


if __name__ == "__main__":
    sys.exit(main())
