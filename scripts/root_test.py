#!/usr/bin/env python3
"""Build a checkout inside another major's Debian root and run pytest there.

For quick iteration on one major without the whole matrix, and for several
checkouts (git worktrees) tested side by side: each gets its own copy in the
root (``/src/<name>``), built in place, and its own cluster runtime folder
(``/run/<name>``), so they do not collide with each other or with
``scripts/test_matrix.py``.

Usage: scripts/root_test.py --major 24.11 [--name NAME] [--checkout DIR]
                            [-- PYTEST ARGS]   (default: tests)
       scripts/root_test.py --major 24.11 --bench scripts/bench/inventory.py
                            [-- SCRIPT ARGS]

``--bench SCRIPT`` runs a benchmark script instead of pytest, against a
2000-node cluster started for it (4 live nodes, 1996 daemon-less ones, as
``make bench``), with ``--conf`` pointing at that cluster.
"""

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from roots import Root, VENV  # noqa: E402  (scripts/roots.py)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--major", required=True)
    ap.add_argument("--checkout", default=str(HERE))
    ap.add_argument("--name", default=None,
                    help="copy and cluster name in the root (default: the checkout's folder name)")
    ap.add_argument("--bench", metavar="SCRIPT",
                    help="run this benchmark script against a 2000-node cluster")
    ap.add_argument("pytest_args", nargs="*", default=None)
    args = ap.parse_args(argv)
    root = Root.for_major(args.major)
    with root.in_use():
        return run(root, args)


def run(root, args):
    """Build and run the tests (or a benchmark) in ``root``."""
    name = args.name or "dev-" + Path(args.checkout).resolve().name
    root.ensure()
    src = root.sync_source(args.checkout, name=name)
    py = f"{VENV}/bin/python"
    env = {"CI": os.environ.get("CI", ""), "PYSLURM_CLUSTER_DIR": f"/run/{name}",
           "PYSLURM_BUILD_QUIET": "1", "PYTHONPATH": src,
           "PYSLURM_CLUSTER_EXTRA_NODES": os.environ.get("PYSLURM_CLUSTER_EXTRA_NODES", "20"),
           # as in make test: accounting and a second cluster
           "PYSLURM_CLUSTER_ACCOUNTING": os.environ.get("PYSLURM_CLUSTER_ACCOUNTING", "1"),
           "PYSLURM_CLUSTER_CLUSTERS": os.environ.get("PYSLURM_CLUSTER_CLUSTERS", "2")}
    if args.bench:
        env["PYSLURM_CLUSTER_DIR"] = f"/run/{name}-bench"
    try:
        root.run([py, "setup.py", "-q", "build_ext", "--inplace", "-j", "2"], cwd=src, env=env)
        if args.bench:     # a fresh cluster: no jobs or state left by an earlier run
            root.run([py, "-m", "pyslurm.testing", "down"], cwd=src, env=env, check=False)
            root.run(["rm", "-rf", env["PYSLURM_CLUSTER_DIR"]], cwd=src, env=env)
            root.run([py, "-m", "pyslurm.testing", "up", "--extra-nodes", "1996"], cwd=src,
                     env=env)
            res = root.run([py, args.bench, "--conf", f"/run/{name}-bench/slurm.conf",
                            *(args.pytest_args or [])], cwd=src, env=env, check=False)
        else:
            res = root.run([py, "-m", "pytest", "-q", *(args.pytest_args or ["tests"])],
                           cwd=src, env=env, check=False)
    finally:
        root.run([py, "-m", "pyslurm.testing", "down"], cwd=src, env=env, check=False)
        root.leave(log=print)
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
