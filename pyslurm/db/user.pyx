# cython: language_level=3
"""Users of slurmdbd: read, create, change and delete them, with their
associations to accounts, as ``sacctmgr show|add|modify|delete user``
does.

Examples:
    >>> import pyslurm
    >>> pyslurm.db.User("alice", default_account="physics",
    ...                 accounts=["physics", "chemistry"]).create()   # doctest: +SKIP
    >>> pyslurm.db.User("alice").modify(DefaultAccount="chemistry",
    ...                                 AdminLevel="Operator")        # doctest: +SKIP
    >>> pyslurm.db.Users.load()["alice"].accounts               # doctest: +SKIP
    ['chemistry', 'physics']
    >>> pyslurm.db.User("alice").delete()                       # doctest: +SKIP

Creating a user adds the user and an association with each of its
accounts (``default_account``, which must be given, and ``accounts``) on
each cluster (``clusters``, default the local one; ``partition``, and any
association limit) in one transaction: if any part fails, nothing is
added.  To add a user to one more account later, create an
:class:`pyslurm.db.Association`.
"""

cimport cython

from pyslurm.records cimport MessageOwner, f_str
from pyslurm.editable cimport CREATE
from pyslurm.db._admin cimport (
    AdminRecord, Operation, begin, bind, bind_list, ptr_at, strs_of, W_STR, W_ADMIN,
)
from pyslurm.db.assoc cimport (
    Association, assoc_cond, add_assocs, modify_assocs, check_clusters,
)
from pyslurm.db.account cimport account_names
from slurmdb cimport slurmdb_user_rec_t, slurmdb_user_cond_t, slurmdb_assoc_cond_t
from slurm_errno cimport SLURM_ERROR
from compat cimport (
    pyslurm_db_users_add, pyslurm_db_users_get, pyslurm_db_users_modify,
    pyslurm_db_users_remove, pyslurm_db_list_push,
)

from pyslurm.db import _admin, admin_values as _v
from pyslurm.db.assoc import local_cluster
from pyslurm.errors import RPCError
from pyslurm.records import bind_fields
from pyslurm.display import TableDisplay

cdef slurmdb_user_rec_t *_R = NULL           # field addresses are offsets

cdef dict _SET = {
    "name": (<Py_ssize_t> &_R.name, W_STR),
    "default_account": (<Py_ssize_t> &_R.default_acct, W_STR),
    "admin_level": (<Py_ssize_t> &_R.admin_level, W_ADMIN),
}
_OWN = ("default_account", "admin_level")       # the user record's own fields
_ASSOC_ONLY = ("accounts", "clusters", "partition")


cdef slurmdb_user_cond_t *_cond(Operation op, names, bint with_assocs,
                                bint with_deleted) except NULL:
    cdef slurmdb_user_cond_t *cond = <slurmdb_user_cond_t *> op.scratch.alloc(
        sizeof(slurmdb_user_cond_t))
    cond.assoc_cond = <slurmdb_assoc_cond_t *> assoc_cond(op, None, names or None)
    cond.with_assocs = with_assocs
    cond.with_coords = 1
    cond.with_deleted = with_deleted
    return cond


cdef MessageOwner _get(Operation op, names, bint with_assocs=True, bint with_deleted=False):
    return op.get(pyslurm_db_users_get, _cond(op, names, with_assocs, with_deleted),
                  "slurmdb_users_get")


def _not_found(name):
    return RPCError(SLURM_ERROR, f"slurmdbd has no user {name!r}", context="user")


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class User(AdminRecord):
    """One user of slurmdbd.

    Loaded ones come from :meth:`load` or :class:`Users`.  One built from
    Python, ``User(name, **fields)``, holds values for :meth:`create`
    (``slurmdb_users_add`` and ``slurmdb_associations_add``),
    :meth:`modify` (``slurmdb_users_modify`` for ``default_account`` and
    ``admin_level``; ``slurmdb_associations_modify`` of all its
    associations -- on ``clusters`` if given -- for ``shares`` and limits)
    and :meth:`delete` (``slurmdb_users_remove``, with its associations).
    The fields are in :data:`pyslurm.db.admin_values.USER_FIELDS`;
    ``admin_level`` is ``"None"``, ``"Operator"`` or ``"Administrator"``.

    Examples:
        >>> import pyslurm
        >>> pyslurm.db.User("alice", DefaultAccount="Physics",
        ...                 AdminLevel="admin").admin_level
        'Administrator'
    """

    entity = "User"
    # a user spans clusters; its associations are objects
    _not_in_dict = ("cluster", "associations")

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <slurmdb_user_rec_t *> rec

    cdef dict _check(self, dict changes):
        return _v.check(_v.USER_FIELDS, changes, self.entity, user_name=True)

    cdef dict _final(self, dict changes, int action):
        if action == CREATE:
            if not changes.get("name"):
                raise ValueError("User.create: a name must be given")
            if not changes.get("default_account"):
                raise ValueError("User.create: default_account must be given")
            changes.setdefault("clusters", [local_cluster()])
        elif "accounts" in changes or "partition" in changes:
            raise ValueError("User.modify: to add the user to an account, create an "
                             "Association(account=..., user=...); to remove it, delete one")
        return changes

    cdef object _send(self, dict changes, int action):
        cdef Operation op = begin(self._db_connection)
        cdef slurmdb_user_rec_t *rec
        cdef void *lst
        name = changes.pop("name")
        clusters = changes.pop("clusters", None)
        accounts = changes.pop("accounts", None) or []
        partition = changes.pop("partition", None)
        own = {k: changes.pop(k) for k in _OWN if k in changes}
        with op:
            if action == CREATE:
                if bind(_get(op, [name], False), User):
                    raise RPCError(SLURM_ERROR, f"user {name!r} exists already",
                                   context="slurmdb_users_add")
                accounts = [own["default_account"]] + [
                    a for a in accounts if a != own["default_account"]]
                missing = set(accounts) - set(account_names(op, accounts))
                if missing:
                    raise ValueError(f"User.create: no such account: "
                                     f"{', '.join(sorted(missing))}")
                check_clusters(op, clusters)
                rec = <slurmdb_user_rec_t *> op.scratch.alloc(sizeof(slurmdb_user_rec_t))
                op.fill(rec, _SET, dict(own, name=name))
                lst = op.scratch.list()
                pyslurm_db_list_push(lst, rec)
                op.add(pyslurm_db_users_add, lst, "slurmdb_users_add")
                add_assocs(op, [dict(changes, account=a, user=name, cluster=c,
                                     is_default=int(a == own["default_account"]),
                                     **({"partition": partition} if partition else {}))
                                for c in clusters for a in accounts])
                return None
            found = False
            if own:
                rec = <slurmdb_user_rec_t *> op.scratch.alloc(sizeof(slurmdb_user_rec_t))
                op.fill(rec, _SET, own)
                found = bool(op.change(pyslurm_db_users_modify,
                                       _cond(op, [name], False, False), rec,
                                       "slurmdb_users_modify"))
            if changes:
                found = bool(modify_assocs(op, assoc_cond(op, None, [name], clusters),
                                           changes)) or found
            if not found:
                raise _not_found(name)

    cdef object _remove(self, str name):
        cdef Operation op = begin(self._db_connection)
        with op:
            if not op.remove(pyslurm_db_users_remove, _cond(op, [name], False, False),
                             "slurmdb_users_remove"):
                raise _not_found(name)

    _lower_names = False                # user names keep their case

    @staticmethod
    def _load_named(names, db_connection):
        return Users.load(names, db_connection)

    @staticmethod
    def _missing(name):
        return _not_found(name)

    name = f_str(&_R.name, "The user's name.")
    default_account = f_str(&_R.default_acct, "The default account (DefaultAccount).")
    default_wckey = f_str(&_R.default_wckey, "The default WCKey.")

    @property
    def admin_level(self):
        """``"None"``, ``"Operator"`` or ``"Administrator"`` (AdminLevel)."""
        if self._rec == NULL:
            return self._changes.get("admin_level")
        return _admin.ADMIN_NAMES.get(self.ptr.admin_level)

    @property
    def associations(self):
        """Its associations when loaded with them (a list of
        :class:`pyslurm.db.Association`)."""
        if self._rec == NULL:
            return []
        return bind_list(self.owner, ptr_at(self.ptr, <Py_ssize_t> &_R.assoc_list), Association)

    @property
    def accounts(self):
        """The accounts it has an association with."""
        if self._rec == NULL:
            return self._changes.get("accounts")
        return sorted({a.account for a in self.associations})

    @property
    def clusters(self):
        """The clusters it has an association on."""
        if self._rec == NULL:
            return self._changes.get("clusters")
        return sorted({a.cluster for a in self.associations})

    @property
    def coordinator_accounts(self):
        """The accounts it coordinates."""
        if self._rec == NULL:
            return []
        return strs_of(ptr_at(self.ptr, <Py_ssize_t> &_R.coord_accts), True)


bind_fields(User)


class Users(_admin.WithAssocs, TableDisplay):
    """Users keyed by name (``{name: User}``); ``Users.load(names=None,
    db_connection=None, with_assocs=True, with_deleted=False)`` loads them
    (``slurmdb_users_get``)."""

    _item = User
    _lower = False

    @staticmethod
    def _get(Operation op, names, bint with_assocs, bint with_deleted):
        return _get(op, names, with_assocs, with_deleted)


__all__ = ["User", "Users"]
