"""Command line: ``python -m pyslurm.testing`` (``scripts/cluster``).

::

    scripts/cluster up|down|status|env [--slurm MAJOR] [--dir RUNTIME_DIR]
                    [--nodes N] [--cpus C] [--memory MiB] [--extra-nodes M]
                    [--port-base P] [--timeout S]
    scripts/cluster run [--slurm MAJOR] [--dir RUNTIME_DIR] -- COMMAND...

Without ``--slurm``, or with the host's own major, the cluster runs on
this machine (runtime dir ``--dir``, else ``$PYSLURM_CLUSTER_DIR``, else
``.cluster`` in the current directory).  With another major, the Debian
root that ships it is created or reused (:mod:`pyslurm.testing.roots`),
the checkout is copied into it, and this same command runs inside it
with ``chroot``; the runtime dir is then a path inside the root
(default ``/run/pyslurm-cluster``).

Options left out of ``up`` take the values of the last ``up`` in that
runtime dir, else the defaults (4 nodes of 4 CPUs and 4000 MiB, no extra
nodes).  ``run`` runs COMMAND with ``SLURM_CONF`` pointing at the
cluster; for a root it runs inside the root, in the copied checkout
(``/src/pyslurm``), with the root's virtual environment first on PATH.

Exit status: 0 on success; ``status`` exits 0 only for a healthy
cluster; ``run`` exits with COMMAND's status.
"""

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

from pyslurm.testing.cluster import (
    SUPPORTED_MAJORS, Cluster, ClusterError, host_major)
from pyslurm.testing.roots import (
    ROOT_ENV, VENV, Root, RootError)

COMMANDS = ("up", "down", "status", "env", "run")
ROOT_RUNTIME_DIR = "/run/pyslurm-cluster"
# Options passed on unchanged to the command run inside a root.
LAYOUT_OPTIONS = ("nodes", "cpus", "memory", "extra_nodes", "port_base",
                  "timeout")


def parser():
    p = argparse.ArgumentParser(
        prog="scripts/cluster",
        description="Start, stop and inspect a local Slurm test cluster.")
    p.add_argument("command", choices=COMMANDS)
    p.add_argument("--slurm", metavar="MAJOR", choices=SUPPORTED_MAJORS,
                   help="Slurm major (default: the host's own)")
    p.add_argument("--dir", metavar="RUNTIME_DIR",
                   help="runtime directory (default: $PYSLURM_CLUSTER_DIR "
                        "or ./.cluster; in a root: " + ROOT_RUNTIME_DIR + ")")
    p.add_argument("--nodes", type=int, help="live nodes (default 4)")
    p.add_argument("--cpus", type=int, help="CPUs per live node (default 4)")
    p.add_argument("--memory", type=int, metavar="MiB",
                   help="memory per live node (default 4000)")
    p.add_argument("--extra-nodes", type=int, metavar="M",
                   help="daemon-less CLOUD nodes to add (default 0)")
    p.add_argument("--port-base", type=int, metavar="P",
                   help="slurmctld port; slurmd ports follow it "
                        "(default: first free block from 16817)")
    p.add_argument("--timeout", type=int, default=120, metavar="S",
                   help="seconds to wait for the nodes (default 120)")
    p.epilog = "run: scripts/cluster run [OPTIONS] -- COMMAND..."
    return p


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser().parse_args(argv[:split])
    cmd = args.cmd = argv[split + 1:]
    if (args.command == "run") != bool(cmd):
        return fail("run, and only run, takes a command: "
                    "scripts/cluster run [OPTIONS] -- COMMAND...")
    here = host_major()
    major = args.slurm or here
    if major is None:
        return fail("Slurm is not installed here: apt-get install slurmctld "
                    "slurmd slurm-client munge, or pass --slurm MAJOR to use "
                    "a Debian root of that major")
    try:
        if major == here:
            return native(args)
        return in_root(args, major)
    except (ClusterError, RootError) as e:
        return fail(str(e))


def fail(message):
    print(f"scripts/cluster: {message}", file=sys.stderr)
    return 1


def native(args):
    """Run the command against a cluster on this machine."""
    cluster = Cluster.load(
        args.dir, slurm=args.slurm,
        **{k: getattr(args, k) for k in LAYOUT_OPTIONS})
    if args.command == "up":
        cluster.up()
    elif args.command == "down":
        stopped = cluster.down()
        print(f"[cluster] stopped {stopped} processes of "
              f"{cluster.runtime_dir}")
    elif args.command == "status":
        print(cluster.status())
        return 0 if cluster.healthy() else 1
    elif args.command == "env":
        print(f"export SLURM_CONF={shlex.quote(cluster.conf_path)}")
    elif args.command == "run":
        return subprocess.run(args.cmd, env={**os.environ, **cluster.env()},
                              check=False).returncode
    return 0


def in_root(args, major):
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
                    f"start a cluster with scripts/cluster up --slurm {major}")
    if args.command == "env":
        print_root_env(root, major, runtime_dir)
        return 0
    source = root.sync_source(checkout_dir())
    inner = [f"{VENV}/bin/python", "-m", "pyslurm.testing", args.command,
             "--slurm", major, "--dir", runtime_dir]
    for name in LAYOUT_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            inner += [f"--{name.replace('_', '-')}", str(value)]
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


def print_root_env(root, major, runtime_dir):
    conf = f"{runtime_dir}/slurm.conf"
    print(f"# Slurm {major} cluster inside the root {root.path};\n"
          f"# SLURM_CONF is a path inside the root.  Run a command there"
          f" with\n"
          f"#   chroot {root.path} env SLURM_CONF={conf} COMMAND...\n"
          f"# or: scripts/cluster run --slurm {major} -- COMMAND...\n"
          f"SLURM_CONF={conf}\n"
          f"PYSLURM_ROOT={root.path}")


def checkout_dir():
    """The source checkout this package was imported from."""
    top = Path(__file__).resolve().parents[2]
    markers = ("pyproject.toml", "setup.py")
    if not any((top / name).exists() for name in markers):
        raise RootError(f"{top} is not a pyslurm source checkout; run "
                        f"scripts/cluster from a checkout to use a root")
    return str(top)


if __name__ == "__main__":
    sys.exit(main())
