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


cdef dict _tres_secs(void *tres_list):
    """{TRES id: allocated seconds} of a report record's TRES list."""
    cdef dict out = {}
    cdef void *it = pyslurm_list_iter(tres_list)
    cdef slurmdb_tres_rec_t *t
    try:
        while True:
            t = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
            if t == NULL:
                break
            out[t.id] = out.get(t.id, 0) + t.alloc_secs
    finally:
        pyslurm_list_iter_free(it)
    return out


cdef dict _cluster_totals(slurmdb_report_cluster_rec_t *c):
    """{TRES id: (reported seconds, average count)} of a report cluster
    (libslurm sums allocated, down, planned down, idle and planned time)."""
    cdef dict out = {}
    cdef void *it = pyslurm_list_iter(c.tres_list)
    cdef slurmdb_tres_rec_t *t
    try:
        while True:
            t = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
            if t == NULL:
                break
            out[t.id] = (t.alloc_secs, t.count)
    finally:
        pyslurm_list_iter_free(it)
    return out


def tres_table(db_connection=None):
    """Every TRES slurmdbd knows: ``[(id, type, name or None, count)]``.

    Implements ``slurmdb_tres_get``.
    """
    cdef void *db
    cdef void *lst
    cdef void *it
    cdef int err = 0
    cdef slurmdb_tres_rec_t *t
    out = []
    with _Using(db_connection) as conn:
        db = handle(conn)
        with nogil:
            cerrno.errno = 0
            lst = pyslurm_db_tres_get(db)
            err = cerrno.errno
        if lst == NULL:
            raise db_error(err, "slurmdb_tres_get")
        it = pyslurm_list_iter(lst)
        try:
            while True:
                t = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
                if t == NULL:
                    break
                out.append((t.id, cstr(t.type), cstr(t.name), t.count))
        finally:
            pyslurm_list_iter_free(it)
            pyslurm_db_list_destroy(lst)
    return out


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
    cdef void *db
    cdef void *lst
    cdef void *it
    cdef void *it2
    cdef void *names
    cdef int err = 0
    cdef slurmdb_cluster_rec_t *c
    cdef slurmdb_cluster_accounting_rec_t *a
    out = []
    with _Using(db_connection) as conn:
        db = handle(conn)
        names = _str_list(clusters)
        with nogil:
            cerrno.errno = 0
            lst = pyslurm_rpt_clusters_usage(db, names, start, end)
            err = cerrno.errno
        if lst == NULL:
            raise db_error(err, "slurmdb_clusters_get")
        it = pyslurm_list_iter(lst)
        try:
            while True:
                c = <slurmdb_cluster_rec_t *> pyslurm_list_next(it)
                if c == NULL:
                    break
                sums = {}
                it2 = pyslurm_list_iter(c.accounting_list)
                try:
                    while True:
                        a = <slurmdb_cluster_accounting_rec_t *> pyslurm_list_next(it2)
                        if a == NULL:
                            break
                        s = sums.get(a.tres_rec.id)
                        if s is None:
                            s = sums[a.tres_rec.id] = [0, 0, 0, 0, 0, 0, 0, 0]
                        s[0] += a.tres_rec.count
                        s[1] += 1
                        s[2] += a.alloc_secs
                        s[3] += a.down_secs
                        s[4] += a.pdown_secs
                        s[5] += a.idle_secs
                        s[6] += a.plan_secs
                        s[7] += a.over_secs
                finally:
                    pyslurm_list_iter_free(it2)
                if sums:
                    out.append((cstr(c.name), sums))
        finally:
            pyslurm_list_iter_free(it)
            pyslurm_db_list_destroy(lst)
    return out


def account_by_user(clusters, accounts, users, time_t start, time_t end,
                    db_connection=None):
    """sreport's ``cluster AccountUtilizationByUser``, as libslurm builds it.

    Returns:
        ``[(cluster, totals, [(account, parent_account, user or None,
        {tres_id: seconds})])]``, the associations in libslurm's
        hierarchical order; ``totals`` as :func:`_cluster_totals`.

    Implements ``slurmdb_report_cluster_account_by_user``.
    """
    cdef void *db
    cdef void *lst
    cdef void *it
    cdef void *it2
    cdef void *c_names
    cdef void *a_names = NULL
    cdef void *u_names = NULL
    cdef int err = 0
    cdef slurmdb_report_cluster_rec_t *c
    cdef slurmdb_report_assoc_rec_t *a
    out = []
    with _Using(db_connection) as conn:
        db = handle(conn)
        c_names = _str_list(clusters)
        try:
            a_names = _str_list(accounts)
            u_names = _str_list(users)
        except BaseException:
            pyslurm_db_list_destroy(c_names)
            pyslurm_db_list_destroy(a_names)
            raise
        with nogil:
            cerrno.errno = 0
            lst = pyslurm_rpt_account_by_user(db, c_names, a_names, u_names, start, end)
            err = cerrno.errno
        if lst == NULL:
            raise db_error(err, "slurmdb_report_cluster_account_by_user")
        it = pyslurm_list_iter(lst)
        try:
            while True:
                c = <slurmdb_report_cluster_rec_t *> pyslurm_list_next(it)
                if c == NULL:
                    break
                rows = []
                it2 = pyslurm_list_iter(c.assoc_list)
                try:
                    while True:
                        a = <slurmdb_report_assoc_rec_t *> pyslurm_list_next(it2)
                        if a == NULL:
                            break
                        rows.append((cstr(a.acct), cstr(a.parent_acct), cstr(a.user),
                                     _tres_secs(a.tres_list)))
                finally:
                    pyslurm_list_iter_free(it2)
                out.append((cstr(c.name), _cluster_totals(c), rows))
        finally:
            pyslurm_list_iter_free(it)
            pyslurm_db_list_destroy(lst)
    return out


def user_top(clusters, accounts, users, time_t start, time_t end, bint group,
             db_connection=None):
    """sreport's ``user TopUsage``, as libslurm builds it (unsorted).

    Returns:
        ``[(cluster, totals, [(login, uid or None, [accounts], partition
        or None, {tres_id: seconds})])]``.

    Implements ``slurmdb_report_user_top_usage``.
    """
    cdef void *db
    cdef void *lst
    cdef void *it
    cdef void *it2
    cdef void *it3
    cdef void *c_names
    cdef void *a_names = NULL
    cdef void *u_names = NULL
    cdef int err = 0
    cdef const char *acct
    cdef slurmdb_report_cluster_rec_t *c
    cdef slurmdb_report_user_rec_t *u
    out = []
    with _Using(db_connection) as conn:
        db = handle(conn)
        c_names = _str_list(clusters)
        try:
            a_names = _str_list(accounts)
            u_names = _str_list(users)
        except BaseException:
            pyslurm_db_list_destroy(c_names)
            pyslurm_db_list_destroy(a_names)
            raise
        with nogil:
            cerrno.errno = 0
            lst = pyslurm_rpt_user_top(db, c_names, a_names, u_names, start, end, group)
            err = cerrno.errno
        if lst == NULL:
            raise db_error(err, "slurmdb_report_user_top_usage")
        it = pyslurm_list_iter(lst)
        try:
            while True:
                c = <slurmdb_report_cluster_rec_t *> pyslurm_list_next(it)
                if c == NULL:
                    break
                rows = []
                it2 = pyslurm_list_iter(c.user_list)
                try:
                    while True:
                        u = <slurmdb_report_user_rec_t *> pyslurm_list_next(it2)
                        if u == NULL:
                            break
                        accts = []
                        it3 = pyslurm_list_iter(u.acct_list)
                        try:
                            while True:
                                acct = <const char *> pyslurm_list_next(it3)
                                if acct == NULL:
                                    break
                                accts.append(cstr(acct))
                        finally:
                            pyslurm_list_iter_free(it3)
                        uid = None if u.uid == NO_VAL else u.uid
                        rows.append((cstr(u.name), uid, accts,
                                     cstr(pyslurm_rpt_user_partition(u)),
                                     _tres_secs(u.tres_list)))
                finally:
                    pyslurm_list_iter_free(it2)
                out.append((cstr(c.name), _cluster_totals(c), rows))
        finally:
            pyslurm_list_iter_free(it)
            pyslurm_db_list_destroy(lst)
    return out


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
