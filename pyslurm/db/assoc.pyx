# cython: language_level=3
"""Associations of slurmdbd (cluster, account, user, partition): read,
create, change and delete them, as ``sacctmgr show|add|modify|delete``
does for their limits, fair-share shares and QOS.

Examples:
    >>> import pyslurm
    >>> assocs = pyslurm.db.Associations.load(
    ...     pyslurm.db.AssociationFilter(users=["alice"]))      # doctest: +SKIP
    >>> for a in assocs.values():                             # doctest: +SKIP
    ...     print(a.cluster, a.account, a.user, a.shares, a.group_tres)
    >>> pyslurm.db.Association(account="physics", user="alice",
    ...                        Fairshare=10).create()          # doctest: +SKIP
    >>> pyslurm.db.Association(account="physics", user="alice").modify(
    ...     GrpTRES="cpu=64", MaxWall="2-00:00:00")           # doctest: +SKIP

An association is named by its ``account``, ``user`` (None for the
account's own association), ``cluster`` (default: the local one) and
``partition`` (None: all partitions).  Attributes carry upstream pyslurm's
names (``group_tres``, ``max_wall_time_per_job``, ``shares``); sacctmgr's
spellings are accepted as input (``GrpTRES``, ``MaxWall``, ``Fairshare``;
the table is :data:`pyslurm.db.admin_values.ASSOC_ALIASES`).
"""

cimport cython

from pyslurm.records cimport MessageOwner, f_str, f_num, f_raw, f_bool, f_call_str
from pyslurm.editable cimport CREATE, MODIFY
from pyslurm.db._admin cimport (
    AdminRecord, Operation, begin, bind, strs_of, ptr_at, set_ptr,
    W_U16, W_U32, W_STR, W_TRES, W_QOS_IDS, W_QOS_ID,
)
from slurmdb cimport slurmdb_assoc_rec_t, slurmdb_assoc_cond_t, slurmdb_init_assoc_rec
from slurm_errno cimport ESLURM_INVALID_ACCOUNT, SLURM_ERROR
from compat cimport (
    pyslurm_db_associations_add, pyslurm_db_associations_get,
    pyslurm_db_associations_modify, pyslurm_db_associations_remove,
    pyslurm_assoc_cond_with_deleted, pyslurm_assoc_cond_only_defaults,
    pyslurm_assoc_comment, pyslurm_db_list_push,
)

from pyslurm import core
from pyslurm.db import _admin, admin_values as _v
from pyslurm.errors import RPCError
from pyslurm.records import bind_fields
from pyslurm.xcollections import MultiClusterMap

cdef slurmdb_assoc_rec_t *_A = NULL          # field addresses are offsets
cdef slurmdb_assoc_cond_t *_C = NULL

# {field: (offset in slurmdb_assoc_rec_t, how it is set)}
cdef dict _SET = {
    "account": (<Py_ssize_t> &_A.acct, W_STR),
    "user": (<Py_ssize_t> &_A.user, W_STR),
    "cluster": (<Py_ssize_t> &_A.cluster, W_STR),
    "partition": (<Py_ssize_t> &_A.partition, W_STR),
    "parent_account": (<Py_ssize_t> &_A.parent_acct, W_STR),
    "shares": (<Py_ssize_t> &_A.shares_raw, W_U32),
    "priority": (<Py_ssize_t> &_A.priority, W_U32),
    "default_qos": (<Py_ssize_t> &_A.def_qos_id, W_QOS_ID),
    "qos": (<Py_ssize_t> &_A.qos_list, W_QOS_IDS),
    "group_jobs": (<Py_ssize_t> &_A.grp_jobs, W_U32),
    "group_jobs_accrue": (<Py_ssize_t> &_A.grp_jobs_accrue, W_U32),
    "group_submit_jobs": (<Py_ssize_t> &_A.grp_submit_jobs, W_U32),
    "group_tres": (<Py_ssize_t> &_A.grp_tres, W_TRES),
    "group_tres_mins": (<Py_ssize_t> &_A.grp_tres_mins, W_TRES),
    "group_tres_run_mins": (<Py_ssize_t> &_A.grp_tres_run_mins, W_TRES),
    "group_wall_time": (<Py_ssize_t> &_A.grp_wall, W_U32),
    "max_jobs": (<Py_ssize_t> &_A.max_jobs, W_U32),
    "max_jobs_accrue": (<Py_ssize_t> &_A.max_jobs_accrue, W_U32),
    "max_submit_jobs": (<Py_ssize_t> &_A.max_submit_jobs, W_U32),
    "max_tres_mins_per_job": (<Py_ssize_t> &_A.max_tres_mins_pj, W_TRES),
    "max_tres_run_mins_per_user": (<Py_ssize_t> &_A.max_tres_run_mins, W_TRES),
    "max_tres_per_job": (<Py_ssize_t> &_A.max_tres_pj, W_TRES),
    "max_tres_per_node": (<Py_ssize_t> &_A.max_tres_pn, W_TRES),
    "max_wall_time_per_job": (<Py_ssize_t> &_A.max_wall_pj, W_U32),
    "min_priority_threshold": (<Py_ssize_t> &_A.min_prio_thresh, W_U32),
    "is_default": (<Py_ssize_t> &_A.is_def, W_U16),     # set by User.create only
}
_KEYS = ("cluster", "account", "user", "partition")


def _describe(keys):
    return "association " + ", ".join(f"{k}={keys.get(k)!r}" for k in _KEYS if keys.get(k))


cdef void *assoc_cond(Operation op, accounts=None, users=None, clusters=None,
                      partitions=None, ids=None) except NULL:
    """A condition of the associations named; ``users`` / ``partitions``
    ``[""]``: only those without one (an account's own association, all
    partitions)."""
    cdef slurmdb_assoc_cond_t *cond = <slurmdb_assoc_cond_t *> op.scratch.alloc(
        sizeof(slurmdb_assoc_cond_t))
    for off, items in ((<Py_ssize_t> &_C.acct_list, accounts),
                       (<Py_ssize_t> &_C.user_list, users),
                       (<Py_ssize_t> &_C.cluster_list, clusters),
                       (<Py_ssize_t> &_C.partition_list, partitions),
                       (<Py_ssize_t> &_C.id_list, ids)):
        if items:
            set_ptr(cond, off, op.scratch.strs([str(i) for i in items]))
    return cond


cdef void *exact_cond(Operation op, dict keys) except NULL:
    """The condition of exactly one association (``keys``: cluster,
    account, user, partition; slurmdbd's modify ignores association
    numbers)."""
    return assoc_cond(op, [keys["account"]], [keys.get("user") or ""], [keys["cluster"]],
                      [keys.get("partition") or ""])


cdef bint exists(Operation op, dict keys) except -1:
    cdef MessageOwner owner = op.get(pyslurm_db_associations_get, exact_cond(op, keys),
                                     "slurmdb_associations_get")
    return len(bind(owner, Association)) > 0


cdef int check_clusters(Operation op, clusters) except -1:
    """ValueError for a cluster slurmdbd does not know (every cluster has
    a root association)."""
    known = {a.cluster for a in bind(op.get(pyslurm_db_associations_get,
                                            assoc_cond(op, ["root"], [""]),
                                            "slurmdb_associations_get"), Association)}
    for cluster in clusters:
        if cluster not in known:
            raise ValueError(f"invalid value for cluster: {cluster!r} (slurmdbd has "
                             f"{', '.join(sorted(known))})")
    return 0


cdef int add_assocs(Operation op, list entries) except -1:
    """Add associations (``entries``: dicts of checked fields, each naming
    its cluster, account and user) in one request.  A cluster slurmdbd does
    not know is a ValueError (24.11 and later would skip it silently)."""
    cdef void *lst = op.scratch.list()
    cdef slurmdb_assoc_rec_t *rec
    check_clusters(op, [values["cluster"] for values in entries])
    for values in entries:
        rec = <slurmdb_assoc_rec_t *> op.scratch.alloc(sizeof(slurmdb_assoc_rec_t))
        slurmdb_init_assoc_rec(rec, 0)
        op.fill(rec, _SET, values)
        pyslurm_db_list_push(lst, rec)
    if not entries:
        return 0
    op.add(pyslurm_db_associations_add, lst, "slurmdb_associations_add")
    # 24.11 and later answer success for an association they did not add
    # (a missing parent account...): check, so that the operation fails
    # (and is rolled back) instead
    want = {_ident(v) for v in entries}
    got = {(a.cluster, a.account, a.user, a.partition) for a in bind(op.get(
        pyslurm_db_associations_get,
        assoc_cond(op, {v["account"] for v in entries}, {v.get("user") or "" for v in entries},
                   {v["cluster"] for v in entries}), "slurmdb_associations_get"), Association)}
    for key in sorted(want - got, key=str):
        raise RPCError(SLURM_ERROR, f"slurmdbd did not add the "
                       f"{_describe(dict(zip(_KEYS, key)))} (does its parent account exist?)",
                       context="slurmdb_associations_add")
    return 0


def _ident(dict v):
    return (v["cluster"], v["account"], v.get("user") or None, v.get("partition") or None)


cdef list modify_assocs(Operation op, void *cond, dict changes):
    """Change the associations ``cond`` selects; what changed."""
    cdef slurmdb_assoc_rec_t *rec = <slurmdb_assoc_rec_t *> op.scratch.alloc(
        sizeof(slurmdb_assoc_rec_t))
    slurmdb_init_assoc_rec(rec, 0)
    op.fill(rec, _SET, changes)
    return op.change(pyslurm_db_associations_modify, cond, rec, "slurmdb_associations_modify")


def local_cluster():
    return core.local_cluster() or "UNKNOWN"


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Association(AdminRecord):
    """One association of slurmdbd.

    Loaded ones come from :class:`Associations`.  One built from Python,
    ``Association(account=..., user=None, cluster=None, partition=None,
    **limits)``, names an association for :meth:`create`
    (``slurmdb_associations_add``; an account's own association takes
    ``parent_account``, default ``"root"``), :meth:`modify`
    (``slurmdb_associations_modify``: limits, ``shares``, QOS,
    ``parent_account``) and :meth:`delete`
    (``slurmdb_associations_remove``).  A loaded association is modified
    or deleted by its cluster, account, user and partition.

    Examples:
        >>> import pyslurm
        >>> a = pyslurm.db.Association(account="physics", user="alice",
        ...                            cluster="c1", GrpTRES="cpu=64")
        >>> a.group_tres
        {'cpu': 64}
    """

    entity = "Association"
    _not_found = ESLURM_INVALID_ACCOUNT

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <slurmdb_assoc_rec_t *> rec

    cdef object _key(self):
        return self.ptr.id if self._rec != NULL else None

    cdef object _cluster(self):
        return _cstr(self.ptr.cluster) if self._rec != NULL else None

    cdef dict _check(self, dict changes):
        return _v.check(_v.ASSOC_FIELDS, changes, self.entity)

    def _keys(self):
        """What names this association: cluster, account, user, partition."""
        if self._rec != NULL:
            return {"cluster": self.cluster, "account": self.account,
                    "user": self.user, "partition": self.partition}
        keys = {k: self._changes.get(k) for k in _KEYS}
        if not keys["account"]:
            raise ValueError("Association: an account must be given")
        keys["cluster"] = keys["cluster"] or local_cluster()
        return keys

    cdef dict _final(self, dict changes, int action):
        if action == CREATE:
            changes.update({k: v for k, v in self._keys().items() if v is not None})
            if changes.get("user") and changes.get("parent_account"):
                raise ValueError("Association.create: parent_account is for an account's own "
                                 "association (no user)")
            if not changes.get("user"):
                changes.setdefault("parent_account", "root")
            return changes
        for k in _KEYS:
            if k in changes:
                raise ValueError(f"Association.modify: {k} names the association; it "
                                 f"cannot be changed")
        changes.pop("name", None)
        if not changes:
            raise ValueError("no changes given")
        return changes

    cdef object _send(self, dict changes, int action):
        keys = self._keys()                 # ValueError before any request
        cdef Operation op = begin(self._db_connection)
        with op:
            if action == CREATE:
                if exists(op, keys):
                    raise RPCError(SLURM_ERROR, f"{_describe(keys)} exists already",
                                   context="slurmdb_associations_add")
                add_assocs(op, [changes])
                return None
            if not modify_assocs(op, exact_cond(op, keys), changes):
                raise core.error_for(ESLURM_INVALID_ACCOUNT, _describe(keys))

    cdef object _remove(self, str name):
        keys = self._keys()                 # ValueError before any request
        cdef Operation op = begin(self._db_connection)
        with op:
            if not op.remove(pyslurm_db_associations_remove, exact_cond(op, keys),
                             "slurmdb_associations_remove"):
                raise core.error_for(ESLURM_INVALID_ACCOUNT, _describe(keys))

    @classmethod
    def load(cls, *args, **kwargs):
        """Associations have no name to load one by: use
        :meth:`Associations.load` with an :class:`AssociationFilter`."""
        raise TypeError("an association is loaded with pyslurm.db.Associations.load("
                        "pyslurm.db.AssociationFilter(...))")

    def modify(self, changes=None, db_connection=None, **values):
        """Change this association's limits, shares, QOS or parent account.

        Args:
            changes: an Association (or a dict) holding the new values.
            db_connection: as for :meth:`create`.
            **values: the same, as keywords (``GrpTRES="cpu=64"``,
                ``shares=10``, ``max_jobs=-1`` to clear a limit).

        Raises:
            ValueError: no account named, no changes, an invalid value.
            PermissionDeniedError: the caller may not.
            RPCError: no such association, or slurmdbd refused.
        """
        merged = self._merged(changes, values)
        self._db_connection = db_connection
        try:
            return self._send(self._final(merged, MODIFY), MODIFY)
        finally:
            self._db_connection = None

    def delete(self, db_connection=None):
        """Delete this association (``slurmdb_associations_remove``).

        Raises:
            ValueError: no account named.
            PermissionDeniedError: the caller may not.
            RPCError: no such association, or slurmdbd refused.
        """
        self._db_connection = db_connection
        try:
            self._remove("")
        finally:
            self._db_connection = None

    @property
    def name(self):
        """``cluster/account/user/partition`` (what names it)."""
        keys = self._keys() if self._rec != NULL or self._changes.get("account") else {}
        return "/".join(str(keys.get(k) or "") for k in _KEYS) if keys else None

    def __hash__(self):
        return hash((self.cluster, self.name))

    def __eq__(self, other):
        if type(other) is not Association:
            return NotImplemented
        if self._rec != NULL and (<Association> other)._rec != NULL:
            return self.id == other.id and self.cluster == other.cluster
        return self.to_dict() == other.to_dict()

    # -- attributes -------------------------------------------------------------
    @property
    def cluster(self):
        """The cluster (default for one built from Python: the local one)."""
        if self._rec == NULL:
            return self._changes.get("cluster") or local_cluster()
        return _cstr(self.ptr.cluster)

    account = f_str(&_A.acct, "The account.")
    user = f_str(&_A.user, "The user (None for the account's own association).")
    partition = f_str(&_A.partition, "The partition (None: all).")
    parent_account = f_str(&_A.parent_acct, "The parent account (of an account's "
                                            "own association).")
    id = f_raw(&_A.id, "slurmdbd's number of the association (per cluster).")
    parent_account_id = f_num(&_A.parent_id, "The number of the parent's association.",
                              zero_none=True)
    is_default = f_bool(&_A.is_def, "True for the user's default account.")
    comment = f_call_str(pyslurm_assoc_comment, "Comment (Slurm 24.11 and later).")
    shares = f_num(&_A.shares_raw, "Fair-share shares (Fairshare).")
    priority = f_num(&_A.priority, "Priority added to its jobs (Priority).")
    group_jobs = f_num(&_A.grp_jobs, "Running jobs of it and its children (GrpJobs).")
    group_jobs_accrue = f_num(&_A.grp_jobs_accrue, "Jobs accruing age priority (GrpJobsAccrue).")
    group_submit_jobs = f_num(&_A.grp_submit_jobs, "Jobs submitted (GrpSubmitJobs).")
    group_tres = f_str(&_A.grp_tres, "TRES of running jobs together (GrpTRES).",
                       convert=_admin.tres_dict)
    group_tres_mins = f_str(&_A.grp_tres_mins, "TRES-minutes together (GrpTRESMins).",
                            convert=_admin.tres_dict)
    group_tres_run_mins = f_str(&_A.grp_tres_run_mins,
                                "TRES-minutes of running jobs (GrpTRESRunMins).",
                                convert=_admin.tres_dict)
    group_wall_time = f_num(&_A.grp_wall, "Wall minutes of all jobs together (GrpWall).")
    max_jobs = f_num(&_A.max_jobs, "Running jobs (MaxJobs).")
    max_jobs_accrue = f_num(&_A.max_jobs_accrue, "Jobs accruing age priority (MaxJobsAccrue).")
    max_submit_jobs = f_num(&_A.max_submit_jobs, "Jobs submitted (MaxSubmitJobs).")
    max_tres_mins_per_job = f_str(&_A.max_tres_mins_pj, "TRES-minutes per job (MaxTRESMins).",
                                  convert=_admin.tres_dict)
    max_tres_run_mins_per_user = f_str(&_A.max_tres_run_mins,
                                       "TRES-minutes of running jobs (MaxTRESRunMins).",
                                       convert=_admin.tres_dict)
    max_tres_per_job = f_str(&_A.max_tres_pj, "TRES per job (MaxTRES).",
                             convert=_admin.tres_dict)
    max_tres_per_node = f_str(&_A.max_tres_pn, "TRES per node (MaxTRESPerNode).",
                              convert=_admin.tres_dict)
    max_wall_time_per_job = f_num(&_A.max_wall_pj, "Wall minutes per job (MaxWall).")
    min_priority_threshold = f_num(&_A.min_prio_thresh, "MinPrioThreshold.")

    @property
    def default_qos(self):
        """The default QOS's name (DefaultQOS), or None."""
        if self._rec == NULL:
            return self._changes.get("default_qos")
        return _admin.qos_name(self.ptr.def_qos_id)

    @property
    def qos(self):
        """Names of the QOS its jobs may use (QOS)."""
        if self._rec == NULL:
            return self._changes.get("qos")
        return _admin.qos_names(strs_of(ptr_at(self.ptr, <Py_ssize_t> &_A.qos_list)))


bind_fields(Association)


cdef inline object _cstr(const char *s):
    return None if s == NULL or s[0] == 0 else s.decode("utf-8", "replace")


class AssociationFilter(_admin.Filter):
    """Which associations :meth:`Associations.load` loads:
    ``AssociationFilter(**criteria)`` (every criterion given must hold;
    lists hold alternatives).

    Criteria:
        users: user names.
        accounts: account names.
        clusters: cluster names (default: every cluster).
        partitions: partition names.
        ids: association numbers.
        parent_accounts: parent account names.
        qos: QOS names.
        only_defaults: only users' default accounts.
        with_deleted: also deleted associations.
    """

    _defaults = {"users": None, "accounts": None, "clusters": None, "partitions": None,
                 "ids": None, "parent_accounts": None, "qos": None, "only_defaults": False,
                 "with_deleted": False}


cdef void *_filter_cond(Operation op, object f) except NULL:
    if f is None:
        return assoc_cond(op)
    if not isinstance(f, AssociationFilter):
        raise TypeError(f"invalid value for db_filter: {f!r} (expected an AssociationFilter "
                        f"or None)")
    ids = None
    if f.ids:
        given = f.ids if isinstance(f.ids, (list, tuple, set)) else [f.ids]
        ids = [_v.count("ids", i) for i in given]
    cdef slurmdb_assoc_cond_t *cond = <slurmdb_assoc_cond_t *> assoc_cond(
        op, _v.names("accounts", f.accounts, lower=True) if f.accounts else None,
        _v.names("users", f.users) if f.users else None,
        _v.names("clusters", f.clusters) if f.clusters else None,
        _v.names("partitions", f.partitions) if f.partitions else None, ids)
    if f.parent_accounts:
        set_ptr(cond, <Py_ssize_t> &_C.parent_acct_list, op.scratch.strs(
            _v.names("parent_accounts", f.parent_accounts, lower=True)))
    if f.qos:
        set_ptr(cond, <Py_ssize_t> &_C.qos_list, op.scratch.strs(
            [str(op._qos_id("qos", q)) for q in _v.names("qos", f.qos, lower=True)]))
    if f.only_defaults:
        pyslurm_assoc_cond_only_defaults(cond)
    if f.with_deleted:
        pyslurm_assoc_cond_with_deleted(cond)
    return cond


class Associations(MultiClusterMap):
    """Associations keyed by cluster, then by number (a
    :class:`pyslurm.xcollections.MultiClusterMap`)."""

    _item_type = Association
    _id_attr = "id"
    _key_type = int

    def __init__(self, assocs=None, **kwargs):
        super().__init__(assocs, **kwargs)

    @staticmethod
    def _local_cluster_name():
        return core.local_cluster()

    @staticmethod
    def load(db_filter=None, db_connection=None):
        """Load the associations ``db_filter`` selects (every one without).

        Raises:
            TypeError: ``db_filter`` is not an AssociationFilter.
            ValueError: an invalid value in the filter (an unknown QOS...).
            RPCError: slurmdbd refused or did not answer.

        Implements ``slurmdb_associations_get``.
        """
        cdef Operation op = begin(db_connection)
        cdef MessageOwner owner
        with op:
            owner = op.get(pyslurm_db_associations_get, _filter_cond(op, db_filter),
                           "slurmdb_associations_get")
        out = Associations()
        for a in bind(owner, Association):
            out.add(a)
        return out

    @staticmethod
    def modify(db_filter, changes, db_connection=None):
        """Change every association ``db_filter`` selects.

        Args:
            db_filter: an :class:`AssociationFilter` (it must select
                something: a filter with no criterion is refused).
            changes: an :class:`Association` or a dict of the new values.
            db_connection: as for :meth:`Association.create`.

        Returns:
            list[str]: what slurmdbd reports as changed.

        Raises:
            ValueError: an empty filter, no changes or an invalid value.
            PermissionDeniedError: the caller may not.
            RPCError: nothing matched, or slurmdbd refused.
        """
        if not isinstance(db_filter, AssociationFilter) or not any(
                getattr(db_filter, k) for k in ("users", "accounts", "clusters", "partitions",
                                                "ids", "parent_accounts", "qos")):
            raise ValueError(f"invalid value for db_filter: {db_filter!r} (an "
                             f"AssociationFilter naming what to change)")
        merged = Association()._merged(changes, {})
        for k in _KEYS:
            if k in merged:
                raise ValueError(f"Associations.modify: {k} names associations; it cannot "
                                 f"be changed")
        cdef Operation op = begin(db_connection)
        with op:
            changed = modify_assocs(op, _filter_cond(op, db_filter), merged)
            if not changed:
                raise core.error_for(ESLURM_INVALID_ACCOUNT, "no association matched")
        return changed


__all__ = ["Association", "Associations", "AssociationFilter"]
