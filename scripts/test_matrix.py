#!/usr/bin/env python3
"""Run pyslurm's whole test suite on every supported Slurm major.

The host's own Slurm is tested natively; every other major inside a cached
Debian root that carries it (scripts/roots.py), with that root's own
build of pyslurm and its own cluster.  Per major:

  * ``pytest tests``: the unit tests (including the drift check of that
    major's generated declarations) and the integration suite against a
    fresh local cluster in its own runtime folder (stopped afterwards);
  * on the host only, ``mkdocs build --strict`` (counted as one test).

It ends with one line per major, e.g. ``Slurm 22.05.8 (host): 52 passed,
0 failed, 0 skipped``, then ``all: N passed, N failed``; the exit status
is 0 only when every major ran and nothing failed.

Usage: scripts/test_matrix.py [--majors "22.05 24.11 26.05"] [--host-only]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from pyslurm.testing.cluster import SUPPORTED_MAJORS, host_major  # noqa: E402
from roots import PIP_PACKAGES, Root, VENV  # noqa: E402  (scripts/roots.py)

MATRIX_CLUSTER_DIR = "matrix"   # runtime folder name (under .cluster/, or /run in a root)
# daemon-less CLOUD nodes in the test cluster (the scheduler tests check
# that jobs never land on them)
EXTRA_NODES = "20"
# the test cluster runs with accounting (MariaDB + slurmdbd) and a second
# cluster in the same slurmdbd, for pyslurm.db and multi-cluster tests
CLUSTER_ENV = {"PYSLURM_CLUSTER_EXTRA_NODES": EXTRA_NODES, "PYSLURM_CLUSTER_ACCOUNTING": "1",
               "PYSLURM_CLUSTER_CLUSTERS": "2"}


class Result:
    def __init__(self, major, where):
        self.major, self.where = major, where
        self.version = major
        self.passed = self.failed = self.skipped = self.xfailed = 0
        self.problem = None
        self.seconds = 0.0

    def add_junit(self, path):
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            self.problem = f"no test report ({e})"
            return
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for s in suites:
            total = int(s.get("tests", 0))
            failed = int(s.get("failures", 0)) + int(s.get("errors", 0))
            skipped = int(s.get("skipped", 0))
            # junit counts an expected failure (xfail) as a skip: told apart
            xfailed = sum(1 for e in s.iter("skipped") if e.get("type") == "pytest.xfail")
            self.failed += failed
            self.skipped += skipped - xfailed
            self.xfailed += xfailed
            self.passed += total - failed - skipped

    def line(self):
        text = (f"Slurm {self.version} ({self.where}): {self.passed} passed, "
                f"{self.failed} failed, {self.skipped} skipped")
        if self.xfailed:
            text += f", {self.xfailed} xfailed (expected failures: reasons above)"
        if self.problem:
            text += f" -- {self.problem}"
        return text


def banner(text):
    print(f"\n{'=' * 8} {text} {'=' * max(0, 60 - len(text))}", flush=True)


def run_host(major, junit_dir):
    """The host's own major: pytest, then the docs build."""
    res = Result(major, "host")
    py = sys.executable
    res.version = subprocess.run(
        [py, "-c", "import pyslurm; print(pyslurm.slurm_version())"],
        capture_output=True, text=True, cwd=CHECKOUT).stdout.strip() or major
    env = dict(os.environ, PYSLURM_CLUSTER_DIR=str(CHECKOUT / ".cluster" / MATRIX_CLUSTER_DIR),
               **CLUSTER_ENV)
    env.pop("SLURM_CONF", None)   # the matrix always tests its own cluster
    junit = Path(junit_dir) / f"host-{major}.xml"
    # a fresh cluster every run: a runtime folder keeps the last run's
    # parameters and state (e.g. of a run that was interrupted)
    subprocess.run([py, "-m", "pyslurm.testing", "down"], cwd=CHECKOUT, env=env)
    shutil.rmtree(env["PYSLURM_CLUSTER_DIR"], ignore_errors=True)
    try:
        subprocess.run([py, "-m", "pytest", "-q", "tests", f"--junitxml={junit}"],
                       cwd=CHECKOUT, env=env)
        res.add_junit(junit)
    finally:
        subprocess.run([py, "-m", "pyslurm.testing", "down"], cwd=CHECKOUT, env=env)
    banner("docs: mkdocs build --strict")
    docs = subprocess.run([py, "-m", "mkdocs", "build", "--strict", "-q",
                           "-d", str(Path(junit_dir) / "site")], cwd=CHECKOUT,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if docs.returncode == 0:
        res.passed += 1
        print("docs: built")
    else:
        res.failed += 1
        print("docs: FAILED")
    return res


def run_in_root(major):
    """Another major: build and test inside its Debian root."""
    root = Root.for_major(major)
    with root.in_use():
        return _run_in_root(major, root)


def _run_in_root(major, root):
    res = Result(major, "root")
    res.where = f"{root.release} root"
    try:
        root.ensure()
        src = root.sync_source(str(CHECKOUT))
        py = f"{VENV}/bin/python"
        env = {"CI": os.environ.get("CI", ""), "PYSLURM_CLUSTER_DIR": f"/run/{MATRIX_CLUSTER_DIR}",
               "PYSLURM_BUILD_QUIET": "1", **CLUSTER_ENV}
        # a cached root may predate a package added to PIP_PACKAGES
        root.run([py, "-m", "pip", "install", "-q", *PIP_PACKAGES], env=env)
        root.run([py, "-m", "pip", "install", "-q", "--no-build-isolation", "-e", src],
                 cwd=src, env=env)
        res.version = root.run([py, "-c", "import pyslurm; print(pyslurm.slurm_version())"],
                               cwd=src, env=env, capture=True).stdout.strip()
        junit = f"/tmp/pyslurm-junit-{major}.xml"
        root.run([py, "-m", "pyslurm.testing", "down"], cwd=src, env=env, check=False)
        root.run(["rm", "-rf", env["PYSLURM_CLUSTER_DIR"]], env=env)
        try:
            root.run([py, "-m", "pytest", "-q", "tests", f"--junitxml={junit}"],
                     cwd=src, env=env, check=False)
            res.add_junit(root.host_path(junit))
        finally:
            root.run([py, "-m", "pyslurm.testing", "down"], cwd=src, env=env, check=False)
    except Exception as e:  # a root that cannot be built is a failed major
        res.problem = f"{type(e).__name__}: {e}"
        res.failed += 1
    finally:
        try:
            root.leave(log=print)   # unless someone else's cluster runs there
        except Exception as e:
            print(f"warning: cleaning up {root.path}: {e}", file=sys.stderr)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--majors", default=" ".join(SUPPORTED_MAJORS),
                    help="space-separated majors to test (default: all supported)")
    ap.add_argument("--host-only", action="store_true", help="only the host's own major")
    args = ap.parse_args(argv)

    native = host_major()
    majors = [native] if args.host_only else args.majors.split()
    unknown = [m for m in majors if m not in SUPPORTED_MAJORS]
    if unknown:
        ap.error(f"unsupported majors {unknown}; supported: {', '.join(SUPPORTED_MAJORS)}")

    results = []
    with tempfile.TemporaryDirectory(prefix="pyslurm-matrix-") as tmp:
        for major in majors:
            t0 = time.monotonic()
            banner(f"Slurm {major}" + (" (host)" if major == native else " (root)"))
            res = run_host(major, tmp) if major == native else run_in_root(major)
            res.seconds = time.monotonic() - t0
            results.append(res)

    banner("summary")
    for r in results:
        print(f"{r.line()}  [{r.seconds:.0f} s]")
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    print(f"all: {passed} passed, {failed} failed")
    return 0 if failed == 0 and all(r.problem is None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
