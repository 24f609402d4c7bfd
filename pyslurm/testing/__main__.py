"""Command line: ``python -m pyslurm.testing``, a local test cluster of the
Slurm installed on this machine.

::

    python -m pyslurm.testing up|down|status|env [--dir RUNTIME_DIR]
                    [--nodes N] [--cpus C] [--memory MiB] [--extra-nodes M]
                    [--port-base P] [--timeout S] [--accounting [--clusters K]]
    python -m pyslurm.testing run [--dir RUNTIME_DIR] -- COMMAND...

The runtime dir is ``--dir``, else ``$PYSLURM_CLUSTER_DIR``, else
``.cluster`` in the current directory.  (A source checkout's
``scripts/cluster`` takes the same commands and ``--slurm MAJOR`` for a
cluster of another Slurm major, inside a Debian root.)

Options left out of ``up`` take the values of the last ``up`` in that
runtime dir, else the defaults (4 nodes of 4 CPUs and 4000 MiB, no extra
nodes, no accounting).  ``--accounting`` adds MariaDB and slurmdbd (see
:mod:`pyslurm.testing.accounting`); ``--clusters 2`` starts a second
cluster, ``pyslurm2`` with nodes ``s1`` and ``s2``, registered in the same
slurmdbd (``--no-accounting`` turns it off again).  ``run`` runs COMMAND
with ``SLURM_CONF`` pointing at the
cluster; for a root it runs inside the root, in the copied checkout
(``/src/pyslurm``), with the root's virtual environment first on PATH.

Exit status: 0 on success; ``status`` exits 0 only for a healthy
cluster; ``run`` exits with COMMAND's status.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys

from pyslurm.testing.cluster import SUPPORTED_MAJORS, Cluster, ClusterError, host_major

COMMANDS = ("up", "down", "status", "env", "run")
# Options passed on unchanged to the command run inside a root.
LAYOUT_OPTIONS = ("nodes", "cpus", "memory", "extra_nodes", "port_base",
                  "timeout", "accounting", "clusters")


def parser(prog: str = "python -m pyslurm.testing") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Start, stop and inspect a local Slurm test cluster.")
    p.add_argument("command", choices=COMMANDS)
    p.add_argument("--slurm", metavar="MAJOR", choices=SUPPORTED_MAJORS,
                   help="Slurm major (default: the host's own)")
    p.add_argument("--dir", metavar="RUNTIME_DIR",
                   help="runtime directory (default: $PYSLURM_CLUSTER_DIR or ./.cluster)")
    p.add_argument("--nodes", type=int, help="live nodes (default 4)")
    p.add_argument("--cpus", type=int, help="CPUs per live node (default 4)")
    p.add_argument("--memory", type=int, metavar="MiB",
                   help="memory per live node (default 4000)")
    p.add_argument("--extra-nodes", type=int, metavar="M",
                   help="daemon-less CLOUD nodes to add (default 0)")
    p.add_argument("--port-base", type=int, metavar="P",
                   help="slurmctld port; slurmd ports follow it "
                        "(default: first free block from 16817)")
    p.add_argument("--accounting", action=argparse.BooleanOptionalAction, default=None,
                   help="up: also start MariaDB and slurmdbd, register the cluster with "
                        "a default account for root, nobody and daemon (default: no)")
    p.add_argument("--clusters", type=int, metavar="K",
                   help="up: clusters registered in the one slurmdbd (default 1; "
                        "2 or 3 need --accounting)")
    p.add_argument("--keep-state", action="store_true",
                   help="up: resume the controller state the last run saved "
                        "(default: start clean)")
    p.add_argument("--timeout", type=int, default=120, metavar="S",
                   help="seconds to wait for the nodes (default 120)")
    p.epilog = f"run: {prog} run [OPTIONS] -- COMMAND..."
    return p


def parse(argv: list[str] | None, prog: str) -> argparse.Namespace | str:
    """The arguments (``cmd``: the command of ``run``), or what is wrong."""
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser(prog).parse_args(argv[:split])
    cmd = args.cmd = argv[split + 1:]
    if (args.command == "run") != bool(cmd):
        return f"run, and only run, takes a command: {prog} run [OPTIONS] -- COMMAND..."
    return args


def main(argv: list[str] | None = None, prog: str = "python -m pyslurm.testing") -> int:
    args = parse(argv, prog)
    if isinstance(args, str):
        return fail(args, prog)
    here = host_major()
    if here is None:
        return fail("Slurm is not installed here: apt-get install slurmctld "
                    "slurmd slurm-client munge", prog)
    if args.slurm not in (None, here):
        return fail(f"this machine has Slurm {here}; a cluster of Slurm {args.slurm} runs "
                    f"in a Debian root: scripts/cluster up --slurm {args.slurm} from a "
                    f"pyslurm source checkout", prog)
    try:
        return native(args)
    except ClusterError as e:
        return fail(str(e), prog)


def fail(message: str, prog: str = "python -m pyslurm.testing") -> int:
    print(f"{prog}: {message}", file=sys.stderr)
    return 1


def native(args: argparse.Namespace) -> int:
    """Run the command against a cluster on this machine."""
    cluster = Cluster.load(
        args.dir, slurm=args.slurm,
        **{k: getattr(args, k) for k in LAYOUT_OPTIONS})
    if args.command == "up":
        cluster.up(keep_state=args.keep_state)
    elif args.command == "down":
        stopped = cluster.down()
        print(f"[cluster] stopped {stopped} processes of "
              f"{cluster.runtime_dir}")
    elif args.command == "status":
        print(cluster.status())
        return 0 if cluster.healthy() else 1
    elif args.command == "env":
        print(f"export SLURM_CONF={shlex.quote(cluster.conf_path)}")
        for sibling in cluster.siblings:
            print(f"# cluster {sibling.name} (same slurmdbd): reach it from here with "
                  f"'-M {sibling.name}' (squeue, sbatch, sinfo) or pyslurm's "
                  f"cluster={sibling.name!r}; or export "
                  f"SLURM_CONF={shlex.quote(sibling.conf_path)}")
    elif args.command == "run":
        return subprocess.run(args.cmd, env={**os.environ, **cluster.env()},
                              check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
