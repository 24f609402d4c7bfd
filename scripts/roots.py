"""Debian roots that carry another Slurm major than the host's.

pyslurm supports several Slurm majors from one source tree, and Debian
ships exactly one major per release::

    22.05 -> bookworm (12)    24.11 -> trixie (13)    26.05 -> sid

To build and test against a major the host does not have, a minimal
Debian root of the matching release is created with ``debootstrap`` and
cached (default ``/var/cache/pyslurm/roots/<release>``, overridable with
the environment variable ``PYSLURM_ROOTS_DIR``).  The cache survives
runs and fresh clones on the same machine.  A stamp file marks a root
as complete, so an interrupted creation is redone from scratch, and an
``fcntl`` lock serialises concurrent creators.

A root holds that release's ``slurmctld``, ``slurmd``, client commands,
``munge`` and ``libslurm-dev``, a C compiler and a virtual environment at
``/opt/pyslurm-venv`` with Cython, setuptools, wheel, pytest and
pycparser.  Commands run in it with ``chroot``; ``/proc``, ``/dev`` and
``/sys`` are mounted into it on demand and recorded, so that
:meth:`Root.unmount` removes only the mounts this module made.

Example::

    root = Root.for_major("24.11")
    root.ensure()                      # creates it the first time
    root.sync_source("/work/pyslurm")  # -> <root>/src/pyslurm
    root.run(["sinfo", "--version"])
"""

import contextlib
import fcntl
import glob
import json
import os
import re
import shutil
import subprocess
import time

from pyslurm.testing.cluster import terminate
from pyslurm.version import SLURM_MAJORS

# The Debian release that ships each supported major.
RELEASES = {"22.05": "bookworm", "24.11": "trixie", "26.05": "sid"}
assert set(RELEASES) == set(SLURM_MAJORS), "a supported major without its Debian release"
DEFAULT_ROOTS_DIR = "/var/cache/pyslurm/roots"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
VENV = "/opt/pyslurm-venv"
SOURCE_DIR = "/src/pyslurm"
# Bumped whenever the content of a root changes, so that older roots are
# recreated instead of silently lacking something.
ROOT_FORMAT = 2
PACKAGES = (
    "ca-certificates", "slurmctld", "slurmd", "slurm-client", "munge",
    "libslurm-dev", "python3-dev", "python3-venv", "gcc", "make",
    "util-linux", "procps", "hostname",
    # the accounting stack of the test cluster (pyslurm.testing.accounting)
    "slurmdbd", "mariadb-server",
    # the notebook dashboard's static page is checked in headless Chromium
    "chromium",
    # psij's mpirun launcher and the pilot's openmpi model run real Open MPI
    "openmpi-bin",
)
PIP_PACKAGES = ("Cython>=3.0", "setuptools", "wheel", "pytest", "pycparser", "hypothesis",
                "pandas", "ipywidgets>=8", "matplotlib>=3.6", "nbclient", "nbformat",
                "ipykernel", "psij-python>=0.9")
SYNC_EXCLUDE = (
    ".git", ".cluster", "build", "dist", ".venv", "__pycache__",
    ".pytest_cache", "*.so", "*.egg-info",
)
# In a root, everything outside these comes from the root itself.
ROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "PIP_CERT": "/etc/ssl/certs/ca-certificates.crt",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "DEBIAN_FRONTEND": "noninteractive",
}
# (target inside the root, mount arguments).  /sys carries the cgroup
# filesystem that Slurm 22.05's slurmd cannot start without (later majors
# run with CgroupPlugin=disabled) and the CPU topology hwloc reads.
MOUNTS = (
    ("/proc", ["-t", "proc", "proc"]),
    ("/dev", ["--rbind", "/dev"]),
    ("/sys", ["--rbind", "/sys"]),
)


class RootError(RuntimeError):
    """A root could not be created, entered or cleaned up."""


def release_for_major(major):
    """The Debian release that ships Slurm ``major``."""
    try:
        return RELEASES[major]
    except KeyError:
        raise RootError(
            f"no Debian release is known to ship Slurm {major}; "
            f"supported: {', '.join(sorted(RELEASES))}") from None


def roots_dir():
    """Where roots are cached: ``$PYSLURM_ROOTS_DIR`` or the default."""
    return os.environ.get("PYSLURM_ROOTS_DIR") or DEFAULT_ROOTS_DIR


def parse_mirror(sources):
    """The Debian archive URI found in apt source texts, or None.

    ``sources`` is an iterable of ``(filename, text)``; ``*.list`` files
    are read as one-line entries, ``*.sources`` files as deb822 stanzas.
    Only ``deb`` entries whose URI ends in ``/debian`` count, so
    ``debian-security`` and third-party repositories are passed over.
    """
    for name, text in sources:
        parse = _deb822_uris if name.endswith(".sources") else _list_uris
        for uri in parse(text):
            if uri.rstrip("/").endswith("/debian"):
                return uri.rstrip("/")
    return None


def _list_uris(text):
    for line in text.splitlines():
        line = re.sub(r"\[[^]]*\]", " ", line.split("#", 1)[0]).split()
        if len(line) >= 2 and line[0] == "deb":
            yield line[1]


def _deb822_uris(text):
    for stanza in re.split(r"\n\s*\n", text):
        fields = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line or line[0].isspace():
                continue
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.split()
        if fields.get("enabled", ["yes"])[0].lower() == "no":
            continue
        if "deb" in fields.get("types", []):
            yield from fields.get("uris", [])


def host_mirror(etc="/etc/apt"):
    """The host's Debian mirror, falling back to deb.debian.org."""
    parts = os.path.join(etc, "sources.list.d")
    paths = [os.path.join(etc, "sources.list")]
    paths += sorted(glob.glob(os.path.join(parts, "*.list")))
    paths += sorted(glob.glob(os.path.join(parts, "*.sources")))
    sources = []
    for path in paths:
        with contextlib.suppress(OSError):
            with open(path, encoding="utf-8", errors="replace") as f:
                sources.append((path, f.read()))
    return parse_mirror(sources) or DEFAULT_MIRROR


def mounted_points():
    """Mount points of this process's mount namespace, innermost last."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            point = line.split()[4]
            points.append(point.encode().decode("unicode_escape"))
    return points


class Step:
    """Prints how long a named step takes, and remembers it."""

    def __init__(self, timings, name, log):
        self.timings, self.name, self.log = timings, name, log

    def __enter__(self):
        self.log(f"[roots] {self.name} ...")
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        took = time.monotonic() - self.start
        self.timings[self.name] = took
        self.log(f"[roots] {self.name}: {took:.1f} s"
                 + (" (failed)" if exc[0] else ""))


class Root:
    """A cached Debian root for one release."""

    def __init__(self, release, cache_dir=None, log=print):
        self.release = release
        self.cache_dir = cache_dir or roots_dir()
        self.path = os.path.join(self.cache_dir, release)
        self.stamp = self.path + ".complete"
        self.lock_path = self.path + ".lock"
        self.mounts_file = self.path + ".mounts"
        self.log = log
        self.timings = {}

    @classmethod
    def for_major(cls, major, cache_dir=None, log=print):
        """The root whose Debian release ships Slurm ``major``."""
        return cls(release_for_major(major), cache_dir, log)

    def __repr__(self):
        return f"Root({self.release!r}, path={self.path!r})"

    def host_path(self, path):
        """Where a path inside the root lives on the host."""
        return os.path.join(self.path, path.lstrip("/"))

    # Creation

    def complete(self):
        """True when a finished root of the current format is cached."""
        try:
            with open(self.stamp, encoding="utf-8") as f:
                return json.load(f).get("format") == ROOT_FORMAT
        except (OSError, ValueError):
            return False

    @contextlib.contextmanager
    def locked(self):
        """Hold the root's creation lock (blocks while another holds it)."""
        os.makedirs(self.cache_dir, exist_ok=True)
        with open(self.lock_path, "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.log(f"[roots] waiting for another process creating "
                         f"{self.path} (lock {self.lock_path})")
                fcntl.flock(f, fcntl.LOCK_EX)
            yield

    @contextlib.contextmanager
    def in_use(self):
        """Hold the root for one run (a test run, a benchmark): another run
        waits, so that one finishing never stops the munged or removes the
        mounts the other still needs."""
        os.makedirs(self.cache_dir, exist_ok=True)
        with open(self.path + ".use", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.log(f"[roots] waiting for another run in {self.path} to end")
                fcntl.flock(f, fcntl.LOCK_EX)
            yield self

    def ensure(self):
        """Create the root unless a complete one is cached; return self.

        A cached root that lacks a package added to PACKAGES since it was
        made gets it installed (instead of being made again)."""
        if self.complete() and not self.missing_packages():
            return self
        with self.locked():
            if not self.complete():
                self._create()
            missing = self.missing_packages()
            if missing:
                self._deny_service_starts()
                with Step(self.timings, f"apt-get install {' '.join(missing)}", self.log):
                    self.run(["apt-get", "update"])
                    self.run(["apt-get", "install", "-y", "--no-install-recommends",
                              *missing])
        return self

    def _deny_service_starts(self):
        """No package's maintainer script starts a service in the root
        (mariadb-server's would start a server on the default port)."""
        path = self.host_path("/usr/sbin/policy-rc.d")
        with open(path, "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\nexit 101\n")
        os.chmod(path, 0o755)

    def missing_packages(self):
        """PACKAGES not installed in the root (read from its dpkg status)."""
        try:
            with open(self.host_path("/var/lib/dpkg/status"), encoding="utf-8",
                      errors="replace") as f:
                status = f.read()
        except OSError:
            return list(PACKAGES)
        installed = set()
        for stanza in status.split("\n\n"):
            name = re.search(r"^Package: (\S+)", stanza, re.M)
            if name and re.search(r"^Status: install ok installed", stanza, re.M):
                installed.add(name[1])
        return [p for p in PACKAGES if p not in installed]

    def _create(self):
        if os.path.exists(self.path):
            self.log(f"[roots] {self.path} is incomplete or outdated; "
                     f"recreating it")
            self.remove()
        mirror = host_mirror()
        started = time.monotonic()
        with Step(self.timings, "debootstrap", self.log):
            _check(["debootstrap", "--variant=minbase", self.release,
                    self.path, mirror], f"debootstrap {self.release}")
        self._copy_host_config()
        self._deny_service_starts()
        with Step(self.timings, "apt-get install", self.log):
            self.run(["apt-get", "update"])
            self.run(["apt-get", "install", "-y", "--no-install-recommends",
                      *PACKAGES])
            self.run(["update-ca-certificates"])
        with Step(self.timings, "venv + pip install", self.log):
            self.run(["python3", "-m", "venv", VENV])
            self.run([VENV + "/bin/pip", "install", *PIP_PACKAGES])
        self.timings["total"] = time.monotonic() - started
        with open(self.stamp, "w", encoding="utf-8") as f:
            json.dump({"format": ROOT_FORMAT, "mirror": mirror,
                       "timings": self.timings}, f)
        self.log(f"[roots] {self.path} ready in {self.timings['total']:.1f} s")

    def _copy_host_config(self):
        """Apt validity settings, CA certificates, DNS and hosts from the host.

        The root shares the host's network, so it gets the host's
        ``/etc/hosts`` (bookworm's minbase has none, and Slurm must
        resolve ``localhost``).
        """
        for conf in glob.glob("/etc/apt/apt.conf.d/*"):
            with open(conf, encoding="utf-8", errors="replace") as f:
                if "Check-Valid-Until" in f.read():
                    shutil.copy(conf, self.host_path(conf))
        certs = self.host_path("/usr/local/share/ca-certificates")
        os.makedirs(certs, exist_ok=True)
        for cert in glob.glob("/usr/local/share/ca-certificates/*"):
            if os.path.isfile(cert):
                shutil.copy(cert, certs)
        for name in ("/etc/resolv.conf", "/etc/hosts"):
            target = self.host_path(name)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)      # may be a dangling symlink
            shutil.copy(name, target)

    def remove(self):
        """Delete the root from disk, after unmounting what is ours.

        Refuses while anything is still mounted below it, so that a bind
        mount of the host's ``/dev`` can never be deleted through it.
        """
        self.unmount()
        inside = [p for p in mounted_points()
                  if p == self.path or p.startswith(self.path + "/")]
        if inside:
            raise RootError(
                f"not removing {self.path}: still mounted there: "
                f"{', '.join(inside)}; unmount them first")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.stamp)
        shutil.rmtree(self.path, ignore_errors=False)

    # Mounts

    def _recorded_mounts(self):
        try:
            with open(self.mounts_file, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return []

    def _record_mounts(self, targets):
        with open(self.mounts_file, "w", encoding="utf-8") as f:
            json.dump(targets, f)

    def mount(self):
        """Mount ``/proc``, ``/dev`` and ``/sys`` into the root if needed.

        Each new mount tree is made a recursive slave at once: the host's
        mounts still show inside, but nothing mounted or unmounted in the
        root propagates back to the host.
        """
        mounted = set(mounted_points())
        ours = self._recorded_mounts()
        for target, args in MOUNTS:
            where = self.host_path(target)
            if where in mounted:
                continue
            os.makedirs(where, exist_ok=True)
            _check(["mount", *args, where],
                   f"mounting {target} in {self.path}")
            ours.append(where)
            self._record_mounts(ours)
            _check(["mount", "--make-rslave", where],
                   f"making {where} a slave mount")

    def unmount(self):
        """Unmount what :meth:`mount` mounted, innermost first.

        Returns the list of unmounted points.  Raises :class:`RootError`
        while processes still run inside the root (they would lose
        ``/proc`` and ``/dev``); stop them first (``down``).
        """
        ours = self._recorded_mounts()
        if not ours:
            return []
        users = self.processes()
        if users:
            raise RootError(
                f"not unmounting {self.path}: processes still run in it: "
                + ", ".join(f"{pid} ({name})" for pid, name in users)
                + "; stop them (scripts/cluster down --slurm MAJOR) first")
        done = []
        mounted = set(mounted_points())
        for where in reversed(ours):
            if where in mounted:
                _check(["umount", "--recursive", where], f"unmounting {where}")
                done.append(where)
        os.unlink(self.mounts_file)
        return done

    def processes(self):
        """``(pid, name)`` of every process whose root is this root."""
        found = []
        real = os.path.realpath(self.path)
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.readlink(f"/proc/{entry}/root") != real:
                    continue
                with open(f"/proc/{entry}/comm", encoding="utf-8") as f:
                    found.append((int(entry), f.read().strip()))
            except OSError:
                continue
        return found

    def leave(self, log=None):
        """Stop the root's munged and unmount what was mounted there, once
        no cluster runs in the root any more (otherwise leave both).

        Returns True when the root was released."""
        log = log or self.log
        if any(name != "munged" for _, name in self.processes()):
            log(f"[cluster] processes still run in {self.path}; leaving its "
                f"munged and mounts in place")
            return False
        self.stop_munge()
        unmounted = self.unmount()
        log(f"[cluster] stopped munged in {self.path} and unmounted "
            f"{len(unmounted)} mounts")
        return True

    def stop_munge(self, timeout=10):
        """Stop the root's own ``munged`` (started there by a cluster).

        Returns True if one was running and is now gone.
        """
        for pid, name in self.processes():
            if name == "munged":
                return terminate(pid, timeout)
        return False

    # Running

    def run(self, cmd, env=None, cwd=None, check=True, capture=False,
            timeout=None):
        """Run ``cmd`` inside the root with ``chroot``; mounts as needed.

        The environment is :data:`ROOT_ENV` plus ``env``, never the
        host's (whose paths and pip settings mean nothing in the root).
        Returns the :class:`subprocess.CompletedProcess`.
        """
        if not os.path.isdir(self.path):
            raise RootError(
                f"{self.path} does not exist; create it with Root.ensure() "
                f"or scripts/cluster up --slurm MAJOR")
        self.mount()
        full = ["chroot", self.path]
        if cwd:
            full += ["env", "-C", cwd]
        full += list(cmd)
        result = subprocess.run(
            full, env={**ROOT_ENV, **(env or {})}, check=False, text=True,
            capture_output=capture, timeout=timeout)
        if check and result.returncode != 0:
            detail = f": {result.stderr.strip()[-2000:]}" if capture else ""
            raise RootError(f"in {self.path}: {' '.join(cmd)} exited with "
                            f"{result.returncode}{detail}")
        return result

    def sync_source(self, checkout, name="pyslurm"):
        """Copy the checkout to ``<root>/src/<name>`` (changed files only).

        Skips VCS data, cluster runtime dirs, build output, compiled
        extensions and the C files that Cython generates from ``.pyx``,
        so the root builds its own copy; files deleted from the checkout
        are removed from the copy too.  Returns the path in the root.
        """
        where = SOURCE_DIR if name == "pyslurm" else f"/src/{name}"
        copy_tree(checkout, self.host_path(where))
        return where


def copy_tree(src, dst):
    """Copy ``src`` into ``dst`` like ``rsync -a --delete`` with the sync
    excludes: files gone from ``src`` are removed from ``dst`` too (a stale
    test module left in a root would otherwise still be collected), while
    excluded ones (the root's own build output) are left alone."""
    ignore = shutil.ignore_patterns(*SYNC_EXCLUDE)
    for dirpath, dirnames, filenames in os.walk(src):
        skipped = ignore(dirpath, dirnames + filenames)
        dirnames[:] = [d for d in dirnames if d not in skipped]
        rel = os.path.relpath(dirpath, src)
        out = os.path.normpath(os.path.join(dst, rel))
        os.makedirs(out, exist_ok=True)
        wanted = set()
        for name in filenames:
            if name in skipped or _generated_c(dirpath, name):
                continue
            wanted.add(name)
            _copy_if_changed(os.path.join(dirpath, name),
                             os.path.join(out, name))
        _remove_stale(out, wanted | set(dirnames), ignore, dirpath)


def _remove_stale(out, wanted, ignore, src_dir):
    """Delete entries of ``out`` that ``src_dir`` no longer has."""
    present = os.listdir(out)
    kept = ignore(out, present)
    for name in present:
        if name in wanted or name in kept:
            continue
        path = os.path.join(out, name)
        if not os.path.isdir(path) and _generated_c(src_dir, name):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def _generated_c(dirpath, name):
    stem, ext = os.path.splitext(name)
    return ext in (".c", ".cpp") and os.path.exists(
        os.path.join(dirpath, stem + ".pyx"))


def _copy_if_changed(src, dst):
    try:
        a, b = os.lstat(src), os.lstat(dst)
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return
        if os.path.islink(dst):
            os.unlink(dst)
    except FileNotFoundError:
        pass
    shutil.copy2(src, dst, follow_symlinks=False)


def _check(cmd, what):
    result = subprocess.run(cmd, check=False)
    if result.returncode != 0:
        raise RootError(f"{what} failed ({' '.join(cmd)} exited with "
                        f"{result.returncode}); see the output above")
