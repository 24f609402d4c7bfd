# cython: language_level=3
"""libslurm initialisation and error handling, shared by every pyslurm module.

Nothing here talks to Slurm at import time.  The first call that needs
libslurm runs :func:`init` (explicitly, or through ``ensure_init``), which:

1. finds the configuration file (``conf`` argument, ``$SLURM_CONF``, or
   ``/etc/slurm/slurm.conf``) and checks it and every file it includes
   (``Include``, followed recursively) exist and are readable regular
   files, without cycles -- libslurm would retry a missing file for a
   minute, follow a cycle for seconds, and then end the process;
2. lets a forked copy of this process initialise libslurm with it first,
   because libslurm calls ``fatal()`` (ending the process) on a file it
   cannot parse, and no Python exception can catch that.  The copy runs
   only C code and ends with ``_exit``: no interpreter is started and no
   Python module is imported for the check, so nothing in the current
   directory or on ``sys.path`` can run, and it works the same in
   embedded interpreters whose ``sys.executable`` is not Python;
3. makes libslurm's symbols global so the plugins it loads find them;
4. calls ``slurm_init()``.

A configuration that failed the check fails again at once while neither
it nor a file it includes changes.

Every libslurm return code goes through :func:`check_rc`, which raises
:class:`pyslurm.RPCError` (or a subclass) with Slurm's errno and message.
"""

import os
import stat as _stat
import threading

from pyslurm import errors

from libc.signal cimport SIGKILL
from posix.signal cimport kill
from posix.time cimport clock_gettime, timespec, CLOCK_MONOTONIC
from posix.types cimport pid_t
from posix.unistd cimport fork, _exit, pipe, dup2, close, read
from posix.wait cimport waitpid, WEXITSTATUS, WIFSIGNALED, WTERMSIG
from libc.errno cimport errno, EINTR

from slurm cimport slurm_init, slurm_fini, SLURM_VERSION_NUMBER
from slurm_errno cimport slurm_strerror, SLURM_SUCCESS, SLURM_ERROR
from compat cimport (
    pyslurm_errno, pyslurm_errno_names, pyslurm_make_libslurm_global, slurm_conf,
)
from pyslurm.convert cimport cstr

cdef extern from "<poll.h>" nogil:
    struct pollfd:
        int fd
        short events
        short revents
    int poll(pollfd *fds, unsigned long nfds, int timeout)
    short POLLIN

#: Where libslurm looks when neither ``conf`` nor ``$SLURM_CONF`` is given
#: (Debian's packages are built with this path).
DEFAULT_CONF = "/etc/slurm/slurm.conf"
#: How long the check may take before the configuration is called broken.
CHECK_TIMEOUT = 90
#: How deep ``Include`` lines may nest (a deeper chain is refused).
MAX_INCLUDE_DEPTH = 16
# What the check keeps of the child's messages.
cdef enum:
    _OUTPUT_MAX = 65536

cdef bint _initialized = False
_init_lock = threading.Lock()
_conf_path = None
_released = False       # fini() ran: libslurm cannot be initialised again
_errno_classes = None
_not_sent = None
_failed = {}            # path -> (signature of the files, ConfigError)


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


def _text(raw):
    """Bytes a file or libslurm gave, as str, whatever their encoding."""
    return raw.decode("utf-8", "replace")


def _regular_file(path, what):
    """``os.stat`` of ``path``; ConfigError (``what`` says which file it
    is) unless it is a readable regular file."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise errors.ConfigError(f"{what} was not found ({e.strerror})") from None
    if not _stat.S_ISREG(st.st_mode):
        raise errors.ConfigError(f"{what} is not a regular file")
    if not os.access(path, os.R_OK):
        raise errors.ConfigError(f"{what} is not readable")
    return st


def _includes(path, conf_dir, cluster):
    """The files ``path`` names on its ``Include`` lines, as libslurm
    resolves them (relative to the first file's folder, ``%c`` the
    cluster name)."""
    out = []
    with open(path, "rb") as f:
        for raw in f:
            line = _text(raw).split("#", 1)[0].strip()
            if len(line) > 7 and line[:7].lower() == "include" and line[7] in " \t":
                target = line[8:].strip()
                if cluster is not None:
                    target = target.replace("%c", cluster)
                out.append(os.path.join(conf_dir, target))
    return out


def _cluster_name(path):
    try:
        with open(path, "rb") as f:
            for raw in f:
                line = _text(raw).split("#", 1)[0].strip()
                key, eq, value = line.partition("=")
                if eq and key.strip().lower() == "clustername":
                    return value.strip()
    except OSError:
        pass
    return None


def _check_files(path):
    """Check ``path`` and the files it includes, recursively; their
    signature (changes when any of them changes)."""
    conf_dir = os.path.dirname(os.path.abspath(path))
    cluster = _cluster_name(path)
    signature = []
    chain = []

    def visit(p, what):
        st = _regular_file(p, what)
        real = os.path.realpath(p)
        if real in chain:
            raise errors.ConfigError(
                f"Slurm configuration {path!r}: {p!r} includes itself "
                f"(through {' -> '.join(map(repr, chain[chain.index(real):]))})")
        if len(chain) >= MAX_INCLUDE_DEPTH:
            raise errors.ConfigError(
                f"Slurm configuration {path!r}: Include lines nest deeper than "
                f"{MAX_INCLUDE_DEPTH} files (at {p!r})")
        signature.append((real, st.st_ino, st.st_size, st.st_mtime_ns))
        chain.append(real)
        try:
            for target in _includes(p, conf_dir, cluster):
                visit(target, f"Slurm configuration {path!r}: {p!r} includes "
                              f"{target!r}, which")
        finally:
            chain.pop()

    visit(path, f"Slurm configuration {path!r}")
    return tuple(signature)


cdef double _now() noexcept nogil:
    cdef timespec ts
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec + ts.tv_nsec * 1e-9


cdef int _probe(const char *cpath, double timeout, bytearray output) except? -2:
    """Initialise libslurm with ``cpath`` in a forked copy of this process
    that runs only C and ends with ``_exit``; its messages go into
    ``output``.  Returns the copy's wait status, or -1 when it ran past
    ``timeout`` seconds (it is killed then)."""
    cdef int fds[2]
    cdef pid_t pid
    cdef int status = 0, rc
    cdef char buf[4096]
    cdef pollfd p
    cdef double deadline
    cdef bint timed_out = False
    cdef Py_ssize_t n
    if pipe(fds) != 0:
        raise OSError(errno, "pipe() failed")
    pid = fork()
    if pid == 0:
        # the copy: no Python from here on
        dup2(fds[1], 1)
        dup2(fds[1], 2)
        close(fds[0])
        close(fds[1])
        slurm_init(cpath)
        _exit(0)
    close(fds[1])
    if pid < 0:
        close(fds[0])
        raise OSError(errno, "fork() failed")
    deadline = _now() + timeout
    p.fd = fds[0]
    p.events = POLLIN
    while True:
        with nogil:
            rc = poll(&p, 1, <int> max(0.0, (deadline - _now()) * 1000))
        if rc < 0 and errno == EINTR:
            continue
        if rc == 0:
            timed_out = True
            break
        with nogil:
            n = read(fds[0], buf, sizeof(buf))
        if n < 0 and errno == EINTR:
            continue
        if n <= 0:
            break
        if len(output) < _OUTPUT_MAX:
            output.extend(buf[:n])
    close(fds[0])
    if timed_out:
        kill(pid, SIGKILL)
    with nogil:
        while waitpid(pid, &status, 0) < 0 and errno == EINTR:
            pass
    return -1 if timed_out else status


def _check_config(path):
    """Raise ConfigError unless libslurm can load ``path`` (see module doc)."""
    if not os.path.exists(path):
        raise errors.ConfigError(
            f"Slurm configuration {path!r} not found: set SLURM_CONF to the "
            f"slurm.conf of your cluster (a local one for testing: "
            f"`python -m pyslurm.testing up`, then "
            f"`eval $(python -m pyslurm.testing env)`)")
    signature = _check_files(path)
    known = _failed.get(path)
    if known is not None and known[0] == signature:
        raise known[1]
    cdef const char *err = pyslurm_make_libslurm_global()
    if err != NULL:
        raise ImportError(f"cannot make libslurm's symbols global: {err.decode()}")
    cdef bytes bpath = os.fsencode(path)
    output = bytearray()
    status = _probe(bpath, CHECK_TIMEOUT, output)
    if status == 0:
        _failed.pop(path, None)
        return
    lines = [line.strip() for line in _text(bytes(output)).splitlines() if line.strip()]
    detail = " | ".join(lines[-4:])
    if status == -1:
        why = f"libslurm did not finish reading it within {CHECK_TIMEOUT} s"
    elif WIFSIGNALED(status):
        why = f"libslurm was killed by signal {WTERMSIG(status)}"
    else:
        why = f"exit status {WEXITSTATUS(status)}"
    error = errors.ConfigError(
        f"libslurm cannot load the Slurm configuration {path!r} (it would end "
        f"the process): {detail or why}")
    _failed[path] = (signature, error)
    raise error


def _init_unchecked(path):
    """Initialise libslurm with ``path`` without the check: a bad file
    ends this process."""
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
        if _released:
            raise errors.ConfigError(
                "libslurm was released with slurm_fini() in this process and cannot be "
                "initialised again here: use pyslurm from a new process")
        if _initialized:
            if conf is not None and os.path.realpath(path) != os.path.realpath(_conf_path):
                raise errors.ConfigError(
                    f"libslurm is already initialised with {_conf_path!r}; "
                    f"it cannot switch to {path!r} in the same process")
            return _conf_path
        _check_config(path)
        _init_unchecked(path)
        return _conf_path


def fini():
    """Release libslurm (``slurm_fini``) at the end of a program.

    libslurm cannot be initialised again in the same process afterwards
    (Slurm 24.11 crashes in ``slurm_init`` then), so every later call that
    needs it raises :class:`~pyslurm.ConfigError` instead; a new process
    starts afresh.  Call it while no other thread uses pyslurm.  Nothing
    happens when libslurm was never initialised or is released already.
    """
    global _initialized, _conf_path, _released
    with _init_lock:
        if not _initialized:
            return
        with nogil:
            slurm_fini()
        _initialized = False
        _released = True
        _conf_path = None


def last_errno():
    """The error number of the last failed libslurm call in this thread
    (``slurm_get_errno``); 0 when none failed."""
    return pyslurm_errno()


def is_initialized():
    """True once libslurm has been initialised in this process."""
    return _initialized


def local_cluster():
    """The local cluster's name from slurm.conf (``ClusterName``; no RPC),
    libslurm initialised on first use; None when no configuration can be
    read (collections then still work per cluster)."""
    try:
        ensure_init()
    except errors.ConfigError:
        return None
    return cstr(slurm_conf.cluster_name)


def check_local_cluster(cluster):
    """The local cluster's name; ValueError when ``cluster`` names another
    (loading from other clusters needs slurmdbd, which pyslurm does not
    use yet)."""
    local = local_cluster()
    if cluster is not None and cluster != local:
        raise ValueError(
            f"invalid value for cluster: {cluster!r} (only the local cluster, {local!r}, "
            f"can be loaded; other clusters need slurmdbd, which pyslurm does not use yet)")
    return local


cdef int ensure_init() except -1:
    if not _initialized:
        init()
    return 0


def _error_class(int err):
    global _errno_classes, _not_sent
    if _errno_classes is None:
        table = {}
        not_sent = set(errors.NOT_SENT_SYSTEM)
        i = 0
        while pyslurm_errno_names[i].name != NULL:
            name = pyslurm_errno_names[i].name.decode()
            cls = errors.ERRNO_NAMES.get(name)
            if cls is not None:
                table[pyslurm_errno_names[i].value] = cls
            if name in errors.NOT_SENT:
                not_sent.add(pyslurm_errno_names[i].value)
            i += 1
        table.update({k: v for k, v in errors.SYSTEM_ERRNO_CLASSES.items()
                      if k not in table})
        _not_sent = frozenset(not_sent)
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
    e = cls(err, msg, context=context)
    if err in _not_sent:
        e.delivered = False
    return e


errors._lookups(strerror, last_errno)    # RPCError() without errno/message


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
