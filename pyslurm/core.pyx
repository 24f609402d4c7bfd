# cython: language_level=3
"""libslurm initialisation and error handling, shared by every pyslurm module.

Nothing here talks to Slurm at import time.  The first call that needs
libslurm runs :func:`init` (explicitly, or through ``ensure_init``), which:

1. finds the configuration file (``conf`` argument, ``$SLURM_CONF``, or
   ``/etc/slurm/slurm.conf``) and checks it exists — libslurm would retry
   for a minute and then end the process;
2. lets a short-lived child process initialise libslurm with it first,
   because libslurm calls ``fatal()`` (ending the process) on a file it
   cannot parse, and no Python exception can catch that;
3. makes libslurm's symbols global so the plugins it loads find them;
4. calls ``slurm_init()``.

Every libslurm return code goes through :func:`check_rc`, which raises
:class:`pyslurm.RPCError` (or a subclass) with Slurm's errno and message.
"""

import os
import subprocess
import sys
import threading

from pyslurm import errors

from slurm cimport slurm_init, SLURM_VERSION_NUMBER
from slurm_errno cimport slurm_strerror, SLURM_SUCCESS, SLURM_ERROR
from compat cimport pyslurm_errno, pyslurm_errno_names, pyslurm_make_libslurm_global

#: Where libslurm looks when neither ``conf`` nor ``$SLURM_CONF`` is given
#: (Debian's packages are built with this path).
DEFAULT_CONF = "/etc/slurm/slurm.conf"

cdef bint _initialized = False
_init_lock = threading.Lock()
_conf_path = None
_errno_classes = None


def slurm_version():
    """The Slurm version this build of pyslurm was compiled against.

    Returns:
        str: e.g. ``"22.05.8"``.

    Examples:
        >>> import pyslurm
        >>> pyslurm.slurm_version()  # doctest: +SKIP
        '22.05.8'
    """
    v = SLURM_VERSION_NUMBER
    return f"{(v >> 16) & 0xff}.{(v >> 8) & 0xff:02d}.{v & 0xff}"


def slurm_version_info():
    """The same as :func:`slurm_version`, as a tuple ``(major, minor, micro)``."""
    v = SLURM_VERSION_NUMBER
    return ((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)


def config_path(conf=None):
    """The configuration file libslurm will read: ``conf``, else
    ``$SLURM_CONF``, else ``/etc/slurm/slurm.conf``."""
    if conf:
        return os.fspath(conf)
    return os.environ.get("SLURM_CONF") or DEFAULT_CONF


def _check_config(path):
    """Raise ConfigError unless libslurm can load ``path`` (see module doc)."""
    if not os.path.isfile(path):
        raise errors.ConfigError(
            f"Slurm configuration {path!r} not found: set SLURM_CONF to the "
            f"slurm.conf of your cluster (a local one: `scripts/cluster up`, "
            f"then `eval $(scripts/cluster env)`)")
    if not os.access(path, os.R_OK):
        raise errors.ConfigError(f"Slurm configuration {path!r} is not readable")
    probe = ("import sys; from pyslurm import core; "
             "core._init_unchecked(sys.argv[1])")
    env = dict(os.environ, SLURM_CONF=path)
    pkg_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (pkg_parent, os.environ.get("PYTHONPATH")) if p)
    try:
        res = subprocess.run([sys.executable, "-c", probe, path], env=env,
                             stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise errors.ConfigError(
            f"libslurm did not finish reading {path!r} within 120 s") from None
    if res.returncode != 0:
        detail = " | ".join(line.strip() for line in
                            (res.stderr or res.stdout).strip().splitlines()[-4:])
        raise errors.ConfigError(
            f"libslurm cannot load the Slurm configuration {path!r} "
            f"(it would end the process): {detail or 'exit status %d' % res.returncode}")


def _init_unchecked(path):
    """Initialise libslurm with ``path`` without the safety probe.

    Used by the probe child itself; a bad file ends this process.
    """
    global _initialized, _conf_path
    cdef const char *err = pyslurm_make_libslurm_global()
    if err != NULL:
        raise ImportError(f"cannot make libslurm's symbols global: {err.decode()}")
    cdef bytes bpath = os.fsencode(path)
    cdef const char *cpath = bpath
    with nogil:
        slurm_init(cpath)
    _conf_path = path
    _initialized = True


def init(conf=None):
    """Initialise libslurm.  Called automatically by the first RPC.

    Args:
        conf: path of slurm.conf; default ``$SLURM_CONF``, else
            ``/etc/slurm/slurm.conf``.

    Raises:
        ConfigError: the file is missing, unreadable or not loadable by
            libslurm, or libslurm was already initialised with another file.

    Returns:
        str: the configuration file in use.

    Examples:
        >>> import pyslurm
        >>> pyslurm.init()  # doctest: +SKIP
        '/etc/slurm/slurm.conf'
    """
    path = config_path(conf)
    with _init_lock:
        if _initialized:
            if conf is not None and os.path.realpath(path) != os.path.realpath(_conf_path):
                raise errors.ConfigError(
                    f"libslurm is already initialised with {_conf_path!r}; "
                    f"it cannot switch to {path!r} in the same process")
            return _conf_path
        _check_config(path)
        _init_unchecked(path)
        return _conf_path


def is_initialized():
    """True once libslurm has been initialised in this process."""
    return _initialized


cdef int ensure_init() except -1:
    if not _initialized:
        init()
    return 0


def _error_class(int err):
    global _errno_classes
    if _errno_classes is None:
        table = {}
        i = 0
        while pyslurm_errno_names[i].name != NULL:
            cls = errors.ERRNO_NAMES.get(pyslurm_errno_names[i].name.decode())
            if cls is not None:
                table[pyslurm_errno_names[i].value] = cls
            i += 1
        table.update({k: v for k, v in errors.SYSTEM_ERRNO_CLASSES.items()
                      if k not in table})
        _errno_classes = table
    return _errno_classes.get(err, errors.RPCError)


def errno_names():
    """``{name: number}`` for the Slurm errors pyslurm maps to exception
    classes, as numbered by the Slurm this build was compiled against."""
    out = {}
    i = 0
    while pyslurm_errno_names[i].name != NULL:
        out[pyslurm_errno_names[i].name.decode()] = pyslurm_errno_names[i].value
        i += 1
    return out


def strerror(int err):
    """Slurm's text for an error number (``slurm_strerror``)."""
    cdef const char *msg = slurm_strerror(err)
    return msg.decode("utf-8", "replace") if msg != NULL else f"Unknown error {err}"


cdef object make_error(int err, str context=None):
    cls = _error_class(err)
    msg = strerror(err)
    if cls is errors.VersionMismatchError:
        msg += (f" (this pyslurm was built for Slurm {slurm_version()}; the "
                f"controller most likely runs another Slurm version, whose "
                f"protocol it cannot speak)")
    return cls(err, msg, context=context)


def error_for(int err, context=None):
    """The exception pyslurm raises for Slurm error number ``err``."""
    return make_error(err, context)


cdef int check_rc(int rc, str context=None) except -1:
    """Raise for a failed libslurm call: ``rc`` is SLURM_SUCCESS, SLURM_ERROR
    (errno tells why) or an error code itself."""
    cdef int err
    if rc == SLURM_SUCCESS:
        return 0
    err = pyslurm_errno() if rc == SLURM_ERROR else rc
    if err == 0:
        err = SLURM_ERROR    # failed without saying why: "Unspecified error"
    raise make_error(err, context)


cdef int check_rc_errno(int rc, int err, str context=None) except -1:
    """:func:`check_rc` for a call whose errno (``err``) was read inside
    ``with nogil``, right after the call."""
    if rc == SLURM_SUCCESS:
        return 0
    if rc != SLURM_ERROR:
        err = rc
    raise make_error(err if err else SLURM_ERROR, context)
