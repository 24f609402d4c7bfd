# cython: language_level=3
"""Reaching other clusters' controllers, as ``squeue -M`` / ``sbatch -M`` do.

A site that runs slurmdbd registers every cluster there; each cluster's
controller records its address in its cluster record.  libslurm sends an
RPC to another cluster when its global ``working_cluster_rec`` points at
that cluster's record (``slurmdb_get_info_cluster(name)``), and to the
local one (slurm.conf's) when it is NULL.  This module is the one place
pyslurm does that:

* :func:`route` — a context manager around one RPC: the cluster's record
  is looked up once per name (one slurmdbd query, then cached), set as
  ``working_cluster_rec`` for the duration of the block under a lock, and
  always restored, also when the RPC raises.  ``None`` or the local
  cluster's name leave the local controller in charge.
* :func:`resolve` — the names a ``cluster=`` argument means (one name,
  several as a list or ``"a,b"``, or ``"all"``), every one checked before
  any entity RPC: an unknown name is a ``ValueError`` naming it.
* :func:`known` — the clusters slurmdbd knows with a registered controller.
* :func:`forget` — drop cached records (a controller that moved).

``working_cluster_rec`` is one variable for the whole process.  Calls
routed by this module take it exclusively; local calls made through the
entity collections take it shared, so no local load ever goes to another
cluster while a routed call runs in another thread.

Step statistics (``slurm_job_step_stat``) cannot be routed: they go to the
nodes, whose addresses come from the local slurm.conf.
"""

import atexit
import threading

from pyslurm import errors
from pyslurm.core import local_cluster

from pyslurm.core cimport ensure_init
from pyslurm.convert cimport cstr
from slurm cimport job_desc_msg_t
from slurmdb cimport slurmdb_cluster_rec_t, slurmdb_destroy_cluster_rec
from slurm_errno cimport SLURM_SUCCESS
from slurm_errno cimport ESLURM_DB_CONNECTION
from compat cimport slurm_conf, pyslurm_errno


cdef extern from *:
    """
    #include <errno.h>
    /* errno of the caller's last failed call, kept across the lock calls
     * of the gate (Python's lock and condition calls may set it: EAGAIN) */
    static inline int pyslurm_route_get_errno(void) { return errno; }
    static inline void pyslurm_route_set_errno(int e) { errno = e; }
    /* The cluster records slurmdbd has for a comma-separated list of names
     * (NULL: every cluster), as libslurm's list (List in 22.05, list_t * in
     * 24.11 and 26.05: handled as void * here, the declarations are the
     * same otherwise).  NULL when slurmdbd cannot be asked or knows none. */
    static void *pyslurm_clusters_get(char *names)
    { return (void *) slurmdb_get_info_cluster(names); }
    static slurmdb_cluster_rec_t *pyslurm_clusters_pop(void *list)
    { return list ? (slurmdb_cluster_rec_t *) slurm_list_pop(list) : NULL; }
    static void pyslurm_clusters_free(void *list)
    { if (list) slurm_list_destroy(list); }
    /* libslurm's working cluster (slurmdb.h declares it in every major). */
    static slurmdb_cluster_rec_t *pyslurm_working_cluster(void)
    { return working_cluster_rec; }
    static void pyslurm_set_working_cluster(slurmdb_cluster_rec_t *rec)
    { working_cluster_rec = rec; }
    /* sbatch -M a,b: slurmdb_get_first_avail_cluster() given the working
     * cluster itself to fill in, as sbatch calls it (26.05 leaves a separate
     * variable NULL); the chosen record (the caller's to free; NULL: the
     * local cluster) goes to *chosen and the working cluster is restored. */
    static int pyslurm_first_avail(job_desc_msg_t *desc, char *names,
                                   slurmdb_cluster_rec_t **chosen)
    {
        slurmdb_cluster_rec_t *saved = working_cluster_rec;
        int rc;

        working_cluster_rec = NULL;
        rc = slurmdb_get_first_avail_cluster(desc, names, &working_cluster_rec);
        *chosen = working_cluster_rec;
        working_cluster_rec = saved;
        return rc;
    }
    """
    int pyslurm_route_get_errno() nogil
    void pyslurm_route_set_errno(int e) nogil
    void *pyslurm_clusters_get(char *names) nogil
    slurmdb_cluster_rec_t *pyslurm_clusters_pop(void *list) nogil
    void pyslurm_clusters_free(void *list) nogil
    slurmdb_cluster_rec_t *pyslurm_working_cluster() nogil
    void pyslurm_set_working_cluster(slurmdb_cluster_rec_t *rec) nogil
    int pyslurm_first_avail(job_desc_msg_t *desc, char *names,
                            slurmdb_cluster_rec_t **chosen) nogil


#: The word that means every cluster slurmdbd knows (as ``squeue -M all``).
ALL = "all"
_SLURMDBD = "accounting_storage/slurmdbd"
_BAD_CHARS = frozenset(",\0 \t\n\r")


# -- checking names (no RPC) ---------------------------------------------------
def parse_names(value, field="cluster"):
    """``value`` as a list of cluster names, checked without any RPC: a
    name, ``"a,b"``, a list/tuple/set of names, or ``"all"`` (returned as
    ``["all"]``).  None stays None.

    Raises:
        TypeError: not a str or a sequence of str.
        ValueError: an empty name, or one with blanks, commas or NUL (the
            message names ``field`` and the value).
    """
    if value is None:
        return None
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
    elif isinstance(value, (list, tuple, set, frozenset)):
        parts = []
        for p in value:
            if not isinstance(p, str):
                raise TypeError(f"invalid value for {field}: {value!r} (cluster names "
                                f"are str, not {type(p).__name__})")
            parts.append(p.strip())
    else:
        raise TypeError(f"invalid value for {field}: {value!r} (expected a cluster name, "
                        f"a list of names, or 'all')")
    out = []
    for p in parts:
        if not p or any(c in _BAD_CHARS for c in p):
            raise ValueError(f"invalid value for {field}: {value!r} (not a list of "
                             f"cluster names)")
        if p not in out:
            out.append(p)
    if not out:
        raise ValueError(f"invalid value for {field}: {value!r} (no cluster named)")
    if ALL in out and len(out) > 1:
        raise ValueError(f"invalid value for {field}: {value!r} ('all' stands alone)")
    return out


def one_name(value, field="cluster"):
    """:func:`parse_names` for a place that takes one cluster (not
    ``"all"``); the name.  No RPC."""
    names = parse_names(value, field)
    if names is None or len(names) != 1 or names == [ALL]:
        raise ValueError(f"invalid value for {field}: {value!r} (one cluster name)")
    return names[0]


# -- the cluster records -----------------------------------------------------------
cdef class _Record:
    """One cluster record from slurmdbd, owned here (freed when dropped)."""
    cdef slurmdb_cluster_rec_t *rec
    cdef readonly str name

    def __cinit__(self):
        self.rec = NULL

    def __dealloc__(self):
        if self.rec != NULL:
            slurmdb_destroy_cluster_rec(self.rec)
            self.rec = NULL


_records = {}                   # name -> _Record
_lookup_lock = threading.Lock()


def _needs_slurmdbd(names):
    storage = cstr(slurm_conf.accounting_storage_type) or "accounting_storage/none"
    if storage != _SLURMDBD:
        raise ValueError(
            f"invalid value for cluster: {names!r} (other clusters are reached through "
            f"slurmdbd, and this cluster's slurm.conf has AccountingStorageType="
            f"{storage}: multi-cluster needs slurmdbd)")


cdef list _fetch():
    """A ``_Record`` per cluster slurmdbd has with a registered controller."""
    cdef void *lst
    cdef slurmdb_cluster_rec_t *rec
    cdef _Record r
    with nogil:
        lst = pyslurm_clusters_get(NULL)
    out = []
    try:
        while True:
            rec = pyslurm_clusters_pop(lst)
            if rec == NULL:
                break
            r = _Record.__new__(_Record)
            r.rec = rec
            r.name = cstr(rec.name) or ""
            out.append(r)
    finally:
        pyslurm_clusters_free(lst)
    return out


def _db_error(what):
    return errors.RPCError(
        ESLURM_DB_CONNECTION,
        f"slurmdbd did not answer {what} (other clusters are found through "
        f"their records in slurmdbd)", context="slurmdb_get_info_cluster")


def known():
    """The clusters slurmdbd knows whose controller has registered (one
    slurmdbd query, ``squeue -M all``'s list).

    Returns:
        list[str]: cluster names, as slurmdbd orders them.

    Raises:
        ValueError: this cluster does not use slurmdbd.
        RPCError: slurmdbd did not answer.
    """
    ensure_init()
    _needs_slurmdbd(ALL)
    with _lookup_lock:
        found = _fetch()
        if not found:
            raise _db_error("the list of clusters")
        for r in found:
            _records[r.name] = r       # the newest record (calls running keep theirs)
        return [r.name for r in found]


cdef _Record _lookup(str name):
    """The cached record of cluster ``name``; the first lookup of a name
    not cached reads every cluster record slurmdbd has (one query; asking
    for one unknown name would make libslurm print an error line)."""
    cdef _Record r = _records.get(name)
    if r is not None:
        return r
    _needs_slurmdbd(name)
    with _lookup_lock:
        r = _records.get(name)
        if r is not None:
            return r
        everything = _fetch()
        if not everything:
            raise _db_error(f"the lookup of cluster {name!r}")
        for r in everything:
            _records[r.name] = r
        r = _records.get(name)
        if r is not None:
            return r
        names = ", ".join(sorted(x.name for x in everything))
        raise ValueError(f"invalid value for cluster: {name!r} (slurmdbd knows no cluster "
                         f"of that name whose controller has registered; known: {names})")


def resolve(cluster):
    """The clusters a ``cluster=`` argument means, each checked before any
    entity RPC: None is the local cluster; a name, ``"a,b"`` or a list of
    names; ``"all"`` is every cluster :func:`known` lists.

    Returns:
        list[str]: the names, local first when present, without repeats.

    Raises:
        TypeError / ValueError: not cluster names, a cluster slurmdbd does
            not know (the message names it), or other clusters asked for
            on a cluster without slurmdbd.
        RPCError: slurmdbd did not answer.
    """
    ensure_init()
    local = local_cluster()
    names = parse_names(cluster)
    if names is None:
        return [local]
    if names == [ALL]:
        names = known()
        if local in names:
            names.remove(local)
            names.insert(0, local)
        return names
    for name in names:
        if name != local:
            _lookup(name)
    return names


def is_local(cluster):
    """True when ``cluster`` (a name or None) is the local cluster."""
    return cluster is None or cluster == local_cluster()


def forget(cluster=None):
    """Drop the cached record of ``cluster`` (every one when None): the
    next routed call looks it up in slurmdbd again (a controller that
    moved to another host or port).  Calls running keep their record."""
    with _lookup_lock:
        if cluster is None:
            _records.clear()
        else:
            _records.pop(cluster, None)


atexit.register(forget)


# -- the gate: one working cluster for the whole process ---------------------------------
cdef object _gate = threading.Condition(threading.Lock())
cdef int _readers = 0               # local calls running (shared)
cdef object _writer = None          # the thread routing to another cluster
cdef int _writers_waiting = 0
_mine = threading.local()           # .shared / .exclusive: this thread's depth, .current
cdef object _ANY = object()         # route(_ANY): exclusive, the working cluster left as is


cdef void _enter_shared() except *:
    global _readers
    with _gate:
        while _writer is not None or _writers_waiting:
            _gate.wait()
        _readers += 1


cdef void _leave_shared() except *:
    global _readers
    with _gate:
        _readers -= 1
        if _readers == 0:
            _gate.notify_all()


cdef void _enter_exclusive() except *:
    global _writer, _writers_waiting
    me = threading.get_ident()
    with _gate:
        _writers_waiting += 1
        try:
            while _writer is not None or _readers:
                _gate.wait()
        finally:
            _writers_waiting -= 1
        _writer = me


cdef void _leave_exclusive() except *:
    global _writer
    with _gate:
        _writer = None
        _gate.notify_all()


cdef int hold_local() except -1:
    """Before a local RPC made outside :class:`route` (the entities' own
    loads and actions): take the shared side of the gate, so that no
    routed call of another thread points libslurm at another cluster
    while it runs.  Inside a ``route`` block of this thread nothing is
    taken (the call goes where the block routes).  1 when taken; give the
    result to :func:`release_local`.  errno is left as it was."""
    cdef int err
    if getattr(_mine, "exclusive", 0) or getattr(_mine, "shared", 0):
        return 0
    err = pyslurm_route_get_errno()
    try:
        _enter_shared()
        _mine.shared = 1
    finally:
        pyslurm_route_set_errno(err)
    return 1


cdef int release_local(int held) except -1:
    """After the RPC :func:`hold_local` guarded; errno (the RPC's) kept."""
    cdef int err
    if not held:
        return 0
    err = pyslurm_route_get_errno()
    try:
        _mine.shared = 0
        _leave_shared()
    finally:
        pyslurm_route_set_errno(err)
    return 0


cdef class route:
    """``with route(cluster) as name:`` -- the RPCs in the block go to
    ``cluster``'s controller; ``name`` is the cluster's name.  libslurm's
    working cluster is restored when the block ends, however it ends.

    ``None`` means "where this thread is routing now": the local cluster,
    or, inside another ``route`` block of the same thread, that block's
    cluster -- so an object built from Python (``Partition("debug")``,
    ``JobSubmitDescription(...)``) acts on the cluster of the block it is
    used in.  The local cluster's name always means the local cluster.
    Keep blocks short: other threads' calls to other clusters wait for
    them (a block holds libslurm's one working cluster).

    Raises:
        ValueError: a cluster slurmdbd does not know (before any RPC), or
            this cluster does not use slurmdbd.
        RPCError: slurmdbd did not answer the lookup.

    Examples:
        >>> from pyslurm.clusters import route
        >>> with route("other"):                            # doctest: +SKIP
        ...     pyslurm.Partition("debug").modify(max_time=60)
    """
    cdef _Record target
    cdef slurmdb_cluster_rec_t *saved
    cdef object name
    cdef object outer_name
    cdef bint explicit
    cdef bint any_                  # libslurm picks the cluster itself (first_available)
    # 0 shared, 1 exclusive, 2 switch inside this thread's exclusive,
    # 4 inside its shared (local) block, 5 None inside a block: no change
    cdef int mode
    cdef bint dropped_shared

    def __cinit__(self, cluster=None):
        ensure_init()
        local = local_cluster()
        if cluster is not None and cluster is not _ANY and not isinstance(cluster, str):
            raise TypeError(f"invalid value for cluster: {cluster!r} (one cluster name)")
        self.explicit = cluster is not None
        self.any_ = cluster is _ANY
        if self.any_:
            self.name = None
            self.target = None
        elif cluster is None or cluster == local:
            self.name = local
            self.target = None
        else:
            self.name = one_name(cluster)
            self.target = _lookup(self.name) if self.name != local else None
        self.saved = NULL
        self.mode = -1
        self.dropped_shared = False

    def __enter__(self):
        cdef int err = pyslurm_route_get_errno()
        try:
            return self._enter()
        finally:
            pyslurm_route_set_errno(err)

    cdef object _enter(self):
        if self.mode != -1:
            raise RuntimeError("route() is not reentrant: make one per block")
        depth_x = getattr(_mine, "exclusive", 0)
        depth_s = getattr(_mine, "shared", 0)
        self.outer_name = getattr(_mine, "current", None)
        if not self.explicit and (depth_x or depth_s):
            self.mode = 5               # None inside a block: the block's cluster
            self.name = self.outer_name
            return self.name
        if depth_x:
            self.mode = 2               # this thread routes already: switch, and back
        elif self.target is None and not self.any_ and depth_s:
            self.mode = 4               # this thread holds the shared side already
        elif self.target is None and not self.any_:
            _enter_shared()
            self.mode = 0
        else:
            if depth_s:
                # a local block of this thread asks for another cluster:
                # its shared hold is not in use while this one runs
                _leave_shared()
                self.dropped_shared = True
            try:
                _enter_exclusive()
            except BaseException:
                if self.dropped_shared:
                    _enter_shared()
                raise
            self.mode = 1
        if self.mode in (0, 4):
            _mine.shared = depth_s + 1
        else:
            _mine.exclusive = depth_x + 1
            self.saved = pyslurm_working_cluster()
            if not self.any_:
                pyslurm_set_working_cluster(
                    self.target.rec if self.target is not None else NULL)
        _mine.current = self.name
        return self.name

    def __exit__(self, exc_type, exc, tb):
        # the errno of the block's last call stays for the caller
        # (pyslurm.error.get_last_slurm_error after a failed RPC)
        cdef int err = pyslurm_route_get_errno()
        try:
            self._exit()
        finally:
            pyslurm_route_set_errno(err)
        return False

    cdef void _exit(self) except *:
        if self.mode == 5:
            pass
        elif self.mode in (0, 4):
            _mine.shared -= 1
            if self.mode == 0:
                _leave_shared()
        else:
            pyslurm_set_working_cluster(self.saved)
            self.saved = NULL
            _mine.exclusive -= 1
            if self.mode == 1:
                _leave_exclusive()
                if self.dropped_shared:
                    _enter_shared()
        _mine.current = self.outer_name
        self.mode = 3

    @property
    def cluster(self):
        """The cluster the block's RPCs go to (known once entered when
        ``route(None)`` is used inside another block)."""
        return self.name


cdef str first_available(job_desc_msg_t *desc, list names):
    """``sbatch -M a,b``: the one of ``names`` where the job ``desc``
    would start first (a will-run request to each; libslurm's
    ``slurmdb_get_first_avail_cluster``, which prefers the local cluster
    among equals).  Unknown names raise before any request.

    Raises:
        ValueError: an unknown cluster.
        RPCError: no cluster can run the job, or slurmdbd did not answer.
    """
    cdef slurmdb_cluster_rec_t *rec = NULL
    cdef char *alloc_node = desc.alloc_node
    cdef int rc, err = 0
    cdef bytes joined
    cdef char *cnames
    local = local_cluster()
    for name in names:
        if name != local:
            _lookup(name)
    joined = ",".join(names).encode("utf-8")
    cnames = joined
    with route(_ANY):
        try:
            with nogil:
                rc = pyslurm_first_avail(desc, cnames, &rec)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        finally:
            desc.alloc_node = alloc_node    # it may point at libslurm's stack
    try:
        if rc != SLURM_SUCCESS:
            raise errors.RPCError(
                err or ESLURM_DB_CONNECTION,
                f"none of the clusters {', '.join(names)} can run the job (or slurmdbd "
                f"did not answer)", context="slurmdb_get_first_avail_cluster")
        if rec == NULL:
            return local        # Slurm 26.05 gives no record when the local cluster wins
        return cstr(rec.name)
    finally:
        if rec != NULL:
            slurmdb_destroy_cluster_rec(rec)


def working_cluster():
    """The name of the cluster libslurm sends RPCs to right now (None: the
    local one, from slurm.conf); for tests and debugging."""
    cdef slurmdb_cluster_rec_t *rec = pyslurm_working_cluster()
    return None if rec == NULL else cstr(rec.name)


def _cached():
    """Names with a cached record (for tests)."""
    return sorted(_records)


__all__ = ["ALL", "parse_names", "one_name", "resolve", "known", "is_local", "forget", "route",
           "working_cluster"]
