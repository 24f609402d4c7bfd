"""``psij.JobExecutor.get_instance("pyslurm")`` from each way of installing
pyslurm: an editable install, a plain (non-editable) install and a wheel
(the last two, and the first where needed, in throw-away virtual
environments made here), each then running a job on the test cluster
through the executor it found.

psij finds executors through the ``psij-descriptors`` namespace directories
on ``sys.path`` and loads the class by file from the same ``sys.path`` entry
as the descriptor, so each install is checked to have put both there (the
descriptor, ``pyslurm.psij`` and ``pyslurm`` all from the install under
test and nowhere else).

Cost: the installs start from a copy of this checkout whose extensions are
already compiled.  The plain install and the wheel reuse them: the copy's
``build/lib.*`` folder is seeded with the compiled modules, so setuptools'
``build_ext`` finds them up to date and the build only packs (seconds).
An editable install cannot reuse them (setuptools builds it in a temporary
folder, PEP 660): the editable case checks the running interpreter's own
editable install where it has one (the dev .venv), and only where it has
none (the roots) makes one, compiling the extensions (one to three minutes
on two cores).

The throw-away environments see psij-python and the build tools (Cython,
setuptools, wheel) of the interpreter running the tests through a ``.pth``
line (``.pth`` files of that folder are not processed, so an editable
pyslurm installed there stays invisible), and run in isolated mode
(``python -I``: no ``PYTHONPATH``, no current folder)."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from importlib.util import find_spec
from pathlib import Path

import pytest

import pyslurm

SRC = Path(pyslurm.__file__).resolve().parent.parent
# what a build of pyslurm needs from the checkout
SOURCES = ("pyproject.toml", "setup.py", "README.md", "pyslurm", "psij-descriptors")

# Run in the throw-away environment: find the executor, run a job that exits 3
# through it, report where everything came from.
CHECK = r"""
import importlib.metadata, inspect, json, os, sys
from datetime import timedelta
import psij
import pyslurm
ex = psij.JobExecutor.get_instance("pyslurm")
job = psij.Job(psij.JobSpec(executable="/bin/sh", arguments=["-c", "exit 3"],
                            directory=os.getcwd(), name="psij-install"))
ex.submit(job)
status = job.wait(timeout=timedelta(seconds=90))
descriptors = [os.path.join(p, "psij-descriptors", "pyslurm_psij.py") for p in sys.path]
try:
    direct_url = importlib.metadata.distribution("pyslurm").read_text("direct_url.json")
except importlib.metadata.PackageNotFoundError:    # pyslurm from PYTHONPATH
    direct_url = None
print(json.dumps({
    "executor": type(ex).__name__,
    "executor_file": inspect.getfile(type(ex)),
    "pyslurm_file": pyslurm.__file__,
    "descriptors": [d for d in descriptors if os.path.isfile(d)],
    "native_id": job.native_id,
    "state": status.state.name if status else None,
    "exit_code": status.exit_code if status else None,
    "direct_url": json.loads(direct_url or "{}"),
}))
"""


def _run(cmd, **kw):
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert res.returncode == 0, (f"{' '.join(map(str, cmd))} failed:\n"
                                 f"{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res


def _pip_env():
    return {**os.environ, "PYSLURM_BUILD_QUIET": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _tool_dirs():
    """The folders holding psij-python and the build tools in this
    interpreter; checked to hold no pyslurm of their own (else the installs
    under test could not be told apart from it)."""
    dirs = []
    for name in ("psij", "Cython", "setuptools", "wheel"):
        spec = find_spec(name)
        assert spec is not None and spec.origin, f"{name} is not importable here"
        d = str(Path(spec.origin).resolve().parent.parent)
        if d not in dirs:
            dirs.append(d)
    for d in dirs:
        leaked = [p for p in (Path(d, "pyslurm"), Path(d, "psij-descriptors", "pyslurm_psij.py"))
                  if p.exists()]
        assert not leaked, (f"{d} (psij's folder here) holds pyslurm itself ({leaked}): "
                            "the throw-away installs would not be the only pyslurm they see")
    return dirs


def _copy_checkout(dest):
    """The files a build needs, compiled extensions included, mtimes kept
    (so that Cython and setuptools find the generated C and the modules up
    to date)."""
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        src = SRC / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(src, dest / name)
    return dest


def _seed_build_lib(tree):
    """Put the compiled modules where setuptools' build_ext looks for its
    earlier outputs (``build/lib.<platform>-<python>``, as setuptools names
    it), newer than their sources."""
    out = _run([sys.executable, "-c",
                "from setuptools.dist import Distribution\n"
                "b = Distribution().get_command_obj('build'); b.finalize_options()\n"
                "print(b.build_platlib)"], cwd=tree).stdout.strip()
    lib = tree / out
    modules = list((tree / "pyslurm").rglob("*" + sysconfig.get_config_var("EXT_SUFFIX")))
    assert modules, f"no compiled extension in {SRC / 'pyslurm'}: build pyslurm first"
    for mod in modules:
        target = lib / mod.relative_to(tree)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mod, target)        # a fresh mtime: newer than its .c
    return len(modules)


def _venv(path, tool_dirs):
    _run([sys.executable, "-m", "venv", "--without-pip", path])
    python = path / "bin" / "python"
    purelib = _run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
                   ).stdout.strip()
    Path(purelib, "_pyslurm_test_tools.pth").write_text("\n".join(tool_dirs) + "\n")
    return python, Path(purelib)


def _pip_install(python, *args):
    """pip of this interpreter installing into ``python``'s environment,
    offline, with the build tools of the environment (no isolation)."""
    return _run([sys.executable, "-m", "pip", "--python", python, "install", "-q",
                 "--no-index", "--no-deps", "--no-build-isolation", *args], env=_pip_env())


@pytest.fixture(scope="module")
def tools():
    return _tool_dirs()


@pytest.fixture(scope="module")
def scratch():
    """A folder for the copies and environments (some 100 MB each), removed
    at the end of the module rather than kept with pytest's temporary
    folders."""
    where = Path(tempfile.mkdtemp(prefix="pyslurm-psij-install-"))
    yield where
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture()
def here(scratch, request):
    """This test's own folder under ``scratch``."""
    path = scratch / request.node.name
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def prebuilt(scratch):
    """A copy of the checkout with a seeded build folder, and the wheel
    built from it once (shared by the plain-install and wheel cases)."""
    base = scratch / "prebuilt"
    tree = _copy_checkout(base / "src")
    count = _seed_build_lib(tree)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-index", "--no-deps",
          "--no-build-isolation", "-w", base / "dist", tree], env=_pip_env())
    wheels = list((base / "dist").glob("pyslurm-*.whl"))
    assert len(wheels) == 1, wheels
    return tree, wheels[0], count


def _check(python, cwd, slurm_cluster):
    """Run CHECK with ``python`` (isolated mode) in ``cwd``; the job it ran
    is cancelled if it did not end."""
    res = subprocess.run([str(python), "-I", "-c", CHECK], capture_output=True, text=True,
                         cwd=cwd, env={**os.environ, "SLURM_CONF": slurm_cluster.conf},
                         timeout=180)
    assert res.returncode == 0, res.stderr[-3000:]
    got = json.loads(res.stdout.strip().splitlines()[-1])
    if got["state"] is None:
        try:
            pyslurm.Job(int(got["native_id"])).cancel()
        except pyslurm.RPCError:
            pass
    return got


def _assert_from(got, root):
    """Everything psij and Python loaded for pyslurm came from ``root``,
    and the job ran through it: FAILED with exit code 3."""
    root = Path(root).resolve()
    assert got["executor"] == "PyslurmJobExecutor"
    for key in ("executor_file", "pyslurm_file"):
        assert Path(got[key]).resolve().is_relative_to(root), (key, got[key], root)
    assert [Path(d).resolve().parent.parent for d in got["descriptors"]] == [root], got
    assert Path(got["executor_file"]).resolve() == root / "pyslurm" / "psij" / "executor.py"
    assert (got["state"], got["exit_code"]) == ("FAILED", 3), got


def _own_editable_install():
    """True when the interpreter running the tests has this checkout
    installed editable (the dev .venv after ``make build``) and imports it
    from there (not from PYTHONPATH, as the roots do)."""
    from importlib.metadata import PackageNotFoundError, distribution
    if any(p and Path(p).resolve() == SRC
           for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)):
        return False
    try:
        direct = json.loads(distribution("pyslurm").read_text("direct_url.json") or "{}")
    except PackageNotFoundError:
        return False
    return (direct.get("dir_info", {}).get("editable") is True
            and direct.get("url") == SRC.as_uri())


def test_editable_install(here, tools, slurm_cluster):
    """``pip install -e``: a .pth to the source tree, where psij finds
    psij-descriptors/ and pyslurm/psij/ side by side.  The install checked
    is the running interpreter's own where it has one of this checkout (the
    dev .venv: ``make build`` installs it so), else one made here in a
    throw-away environment (the roots, which take pyslurm from PYTHONPATH;
    this compiles the extensions: setuptools builds an editable install in a
    temporary folder)."""
    if _own_editable_install():
        python, tree, purelib = sys.executable, SRC, None
    else:
        tree = _copy_checkout(here / "src")
        python, purelib = _venv(here / "venv", tools)
        _pip_install(python, "-e", tree)
    got = _check(python, here, slurm_cluster)
    _assert_from(got, tree)
    assert got["direct_url"].get("dir_info", {}).get("editable") is True, got["direct_url"]
    if purelib is not None:
        assert not (purelib / "pyslurm").exists()
        assert not (purelib / "psij-descriptors").exists()


def test_plain_install(here, tools, prebuilt, slurm_cluster):
    """``pip install <folder>`` (not editable): psij-descriptors/ and
    pyslurm/ side by side in site-packages."""
    tree, _, _ = prebuilt
    python, purelib = _venv(here / "venv", tools)
    _pip_install(python, tree)
    got = _check(python, here, slurm_cluster)
    _assert_from(got, purelib)
    assert "dir_info" in got["direct_url"] and not got["direct_url"]["dir_info"].get("editable")


def test_wheel_install(here, tools, prebuilt, slurm_cluster):
    """``pip install pyslurm-*.whl``: the wheel carries psij-descriptors/
    at its top level, next to pyslurm/."""
    _, wheel, count = prebuilt
    names = subprocess.run([sys.executable, "-m", "zipfile", "-l", str(wheel)],
                           capture_output=True, text=True, check=True).stdout
    assert "psij-descriptors/pyslurm_psij.py" in names
    assert "psij-descriptors/__init__.py" not in names      # a namespace folder
    assert names.count(sysconfig.get_config_var("EXT_SUFFIX")) == count
    python, purelib = _venv(here / "venv", tools)
    _pip_install(python, wheel)
    got = _check(python, here, slurm_cluster)
    _assert_from(got, purelib)
    assert got["direct_url"].get("url", "").endswith(wheel.name), got["direct_url"]
