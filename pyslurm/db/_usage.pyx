# cython: language_level=3
"""Usage figures from slurmdbd's rollup tables, as libslurm's report calls
give them (private: :mod:`pyslurm.db.reports` turns them into reports).

Every function returns plain Python data of raw seconds, keyed by TRES id,
in the order libslurm returns it; the libslurm lists are freed before
returning.  The time range is passed as given: libslurm applies sreport's
hour rounding itself, and ``reports.time_range`` has applied it already.
"""

from libc cimport errno as cerrno
from libc.time cimport time_t

from pyslurm.convert cimport cstr
from pyslurm.db.connection cimport handle, db_error
from pyslurm.db.connection import _Using
from libc.stdint cimport uint64_t

from pyslurm.db.job cimport Job as DbJob
from slurm cimport NO_VAL, NO_VAL64, INFINITE64, MEM_PER_CPU
from slurmdb cimport (
    slurmdb_cluster_rec_t, slurmdb_cluster_accounting_rec_t, slurmdb_tres_rec_t,
    slurmdb_report_cluster_rec_t, slurmdb_report_assoc_rec_t, slurmdb_report_user_rec_t,
)
from compat cimport (
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
    pyslurm_db_tres_get, pyslurm_db_list_destroy,
    pyslurm_rpt_str_list, pyslurm_rpt_str_list_add, pyslurm_rpt_clusters_usage,
    pyslurm_rpt_account_by_user, pyslurm_rpt_user_top, pyslurm_rpt_user_partition,
)


cdef void *_str_list(names) except? NULL:
    """A libslurm list of ``names`` (None: no list, NULL)."""
    cdef void *lst
    if names is None:
        return NULL
    lst = pyslurm_rpt_str_list()
    if lst == NULL:
        raise MemoryError("slurm_list_create failed")
    for name in names:
        if pyslurm_rpt_str_list_add(lst, name.encode()) != 0:
            pyslurm_db_list_destroy(lst)
            raise MemoryError("strdup failed")
    return lst


cdef dict _tres_secs(void *tres_list, bint with_count=False):
    """{TRES id: allocated seconds} of a report record's TRES list; with
    ``with_count``: {TRES id: (seconds, count)}, a report cluster's totals
    (libslurm sums allocated, down, planned down, idle and planned time
    there, and averages the count)."""
    cdef dict out = {}
    cdef void *it = pyslurm_list_iter(tres_list)
    cdef slurmdb_tres_rec_t *t
    try:
        while True:
            t = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
            if t == NULL:
                break
            if with_count:
                out[t.id] = (t.alloc_secs, t.count)
            else:
                out[t.id] = out.get(t.id, 0) + t.alloc_secs
    finally:
        pyslurm_list_iter_free(it)
    return out


cdef enum:
    _TRES = 0
    _CLUSTERS = 1
    _ACCOUNT_BY_USER = 2
    _USER_TOP = 3

_CALLS = ("slurmdb_tres_get", "slurmdb_clusters_get",
          "slurmdb_report_cluster_account_by_user", "slurmdb_report_user_top_usage")


cdef void *_request(int kind, void *db, clusters, accounts, users, time_t start,
                    time_t end, bint group) except NULL:
    """One request to slurmdbd: the list it returns (free it with
    pyslurm_db_list_destroy).  The name lists made here are handed over."""
    cdef void *c_names = NULL
    cdef void *a_names = NULL
    cdef void *u_names = NULL
    cdef void *lst = NULL
    cdef int err = 0
    try:
        c_names = _str_list(clusters)
        a_names = _str_list(accounts)
        u_names = _str_list(users)
    except BaseException:
        pyslurm_db_list_destroy(c_names)
        pyslurm_db_list_destroy(a_names)
        raise
    with nogil:
        cerrno.errno = 0
        if kind == _TRES:
            lst = pyslurm_db_tres_get(db)
        elif kind == _CLUSTERS:
            lst = pyslurm_rpt_clusters_usage(db, c_names, start, end)
        elif kind == _ACCOUNT_BY_USER:
            lst = pyslurm_rpt_account_by_user(db, c_names, a_names, u_names, start, end)
        else:
            lst = pyslurm_rpt_user_top(db, c_names, a_names, u_names, start, end, group)
        err = cerrno.errno
    if lst == NULL:
        raise db_error(err, _CALLS[kind])
    return lst


cdef list _names_of(void *str_list):
    """The strings of a libslurm list of strings."""
    cdef list out = []
    cdef const char *s
    cdef void *it = pyslurm_list_iter(str_list)
    try:
        while True:
            s = <const char *> pyslurm_list_next(it)
            if s == NULL:
                break
            out.append(cstr(s))
    finally:
        pyslurm_list_iter_free(it)
    return out


cdef list _rows_of(int kind, void *lst):
    """Python rows of every record of a returned list (see the functions)."""
    cdef list out = []
    cdef void *it = pyslurm_list_iter(lst)
    cdef void *it2
    cdef void *rec
    cdef slurmdb_tres_rec_t *t
    cdef slurmdb_cluster_rec_t *c
    cdef slurmdb_cluster_accounting_rec_t *a
    cdef slurmdb_report_cluster_rec_t *rc
    cdef slurmdb_report_assoc_rec_t *ra
    cdef slurmdb_report_user_rec_t *ru
    try:
        while True:
            rec = pyslurm_list_next(it)
            if rec == NULL:
                break
            if kind == _TRES:
                t = <slurmdb_tres_rec_t *> rec
                out.append((t.id, cstr(t.type), cstr(t.name), t.count))
                continue
            if kind == _CLUSTERS:
                c = <slurmdb_cluster_rec_t *> rec
                sums = {}
                it2 = pyslurm_list_iter(c.accounting_list)
                try:
                    while True:
                        a = <slurmdb_cluster_accounting_rec_t *> pyslurm_list_next(it2)
                        if a == NULL:
                            break
                        v = sums.get(a.tres_rec.id)
                        if v is None:
                            v = sums[a.tres_rec.id] = [0, 0, 0, 0, 0, 0, 0, 0]
                        v[0] += a.tres_rec.count
                        v[1] += 1
                        v[2] += a.alloc_secs
                        v[3] += a.down_secs
                        v[4] += a.pdown_secs
                        v[5] += a.idle_secs
                        v[6] += a.plan_secs
                        v[7] += a.over_secs
                finally:
                    pyslurm_list_iter_free(it2)
                if sums:
                    out.append((cstr(c.name), sums))
                continue
            rc = <slurmdb_report_cluster_rec_t *> rec
            rows = []
            it2 = pyslurm_list_iter(rc.assoc_list if kind == _ACCOUNT_BY_USER
                                    else rc.user_list)
            try:
                while True:
                    rec = pyslurm_list_next(it2)
                    if rec == NULL:
                        break
                    if kind == _ACCOUNT_BY_USER:
                        ra = <slurmdb_report_assoc_rec_t *> rec
                        rows.append((cstr(ra.acct), cstr(ra.parent_acct), cstr(ra.user),
                                     _tres_secs(ra.tres_list)))
                    else:
                        ru = <slurmdb_report_user_rec_t *> rec
                        rows.append((cstr(ru.name), None if ru.uid == NO_VAL else ru.uid,
                                     _names_of(ru.acct_list),
                                     cstr(pyslurm_rpt_user_partition(ru)),
                                     _tres_secs(ru.tres_list)))
            finally:
                pyslurm_list_iter_free(it2)
            out.append((cstr(rc.name), _tres_secs(rc.tres_list, True), rows))
    finally:
        pyslurm_list_iter_free(it)
    return out


def _get(int kind, clusters, accounts, users, time_t start, time_t end, bint group,
         db_connection):
    cdef void *lst
    with _Using(db_connection) as conn:
        lst = _request(kind, handle(conn), clusters, accounts, users, start, end, group)
        try:
            return _rows_of(kind, lst)
        finally:
            pyslurm_db_list_destroy(lst)


def tres_table(db_connection=None):
    """Every TRES slurmdbd knows: ``[(id, type, name or None, count)]``.

    Implements ``slurmdb_tres_get``.
    """
    return _get(_TRES, None, None, None, 0, 0, False, db_connection)


def cluster_usage(clusters, time_t start, time_t end, db_connection=None):
    """The accounting records of each cluster summed per TRES, as sreport's
    ``cluster Utilization`` sums them.

    Returns:
        ``[(cluster, {tres_id: [count_sum, records, allocated, down,
        planned_down, idle, planned, overcommitted]})]``; seconds, and
        the TRES count summed over ``records`` periods.  Clusters without
        records in the range are left out, as sreport leaves them out.

    Implements ``slurmdb_clusters_get`` (with usage).
    """
    return _get(_CLUSTERS, clusters, None, None, start, end, False, db_connection)


def account_by_user(clusters, accounts, users, time_t start, time_t end,
                    db_connection=None):
    """sreport's ``cluster AccountUtilizationByUser``, as libslurm builds it.

    Returns:
        ``[(cluster, totals, [(account, parent_account, user or None,
        {tres_id: seconds})])]``, the associations in libslurm's
        hierarchical order; ``totals``: {tres_id: (reported seconds,
        average count)} of the cluster.

    Implements ``slurmdb_report_cluster_account_by_user``.
    """
    return _get(_ACCOUNT_BY_USER, clusters, accounts, users, start, end, False,
                db_connection)


def user_top(clusters, accounts, users, time_t start, time_t end, bint group,
             db_connection=None):
    """sreport's ``user TopUsage``, as libslurm builds it (unsorted).

    Returns:
        ``[(cluster, totals, [(login, uid or None, [accounts], partition
        or None, {tres_id: seconds})])]``.

    Implements ``slurmdb_report_user_top_usage``.
    """
    return _get(_USER_TOP, clusters, accounts, users, start, end, group, db_connection)


def memory_request(DbJob job):
    """How ``job`` (a :class:`pyslurm.db.Job`) asked for memory:
    ``("cpu" | "node", MiB)`` (``--mem-per-cpu`` / ``--mem``; MiB 0: all
    of a node's), or None when the record does not say."""
    cdef uint64_t mem
    if job is None or job.ptr == NULL:
        return None
    mem = job.ptr.req_mem
    if mem == NO_VAL64 or mem == INFINITE64:
        return None
    if mem & MEM_PER_CPU:
        return ("cpu", mem & ~MEM_PER_CPU)
    return ("node", mem)
