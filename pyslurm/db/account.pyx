# cython: language_level=3
"""Accounts of slurmdbd: read, create, change and delete them, with their
associations on the clusters, as ``sacctmgr show|add|modify|delete
account`` does.

Examples:
    >>> import pyslurm
    >>> pyslurm.db.Account("physics", description="Physics dept.",
    ...                    organization="science", parent_account="root",
    ...                    clusters=["main"], Fairshare=10).create()   # doctest: +SKIP
    >>> pyslurm.db.Account("physics").modify(description="Physics",
    ...                                      GrpTRES="cpu=256")       # doctest: +SKIP
    >>> pyslurm.db.Accounts.load()["physics"].associations    # doctest: +SKIP
    >>> pyslurm.db.Account("physics").delete()                # doctest: +SKIP

Creating an account adds the account and its association on each cluster
(``clusters``, default the local one; ``parent_account``, default
``root``; and any association limit, ``shares``, QOS) in one
transaction: if any part fails, nothing is added.
"""

cimport cython

from pyslurm.records cimport MessageOwner, f_str
from pyslurm.editable cimport CREATE
from pyslurm.db._admin cimport (
    AdminRecord, Operation, begin, bind, bind_list, ptr_at, strs_of, W_STR,
)
from pyslurm.db.assoc cimport (
    Association, assoc_cond, add_assocs, modify_assocs, check_clusters,
)
from slurmdb cimport slurmdb_account_rec_t, slurmdb_account_cond_t, slurmdb_assoc_cond_t
from slurm_errno cimport ESLURM_INVALID_ACCOUNT, SLURM_ERROR
from compat cimport (
    pyslurm_db_accounts_add, pyslurm_db_accounts_get, pyslurm_db_accounts_modify,
    pyslurm_db_accounts_remove, pyslurm_account_cond_with_assocs,
    pyslurm_account_cond_with_deleted, pyslurm_db_list_push,
)

from pyslurm import core
from pyslurm.db import _admin, admin_values as _v
from pyslurm.db.assoc import local_cluster
from pyslurm.errors import RPCError
from pyslurm.records import bind_fields
from pyslurm.display import TableDisplay

cdef slurmdb_account_rec_t *_R = NULL        # field addresses are offsets
cdef slurmdb_account_cond_t *_C = NULL

cdef dict _SET = {
    "name": (<Py_ssize_t> &_R.name, W_STR),
    "description": (<Py_ssize_t> &_R.description, W_STR),
    "organization": (<Py_ssize_t> &_R.organization, W_STR),
}
_OWN = ("description", "organization")          # the account record's own fields


cdef slurmdb_account_cond_t *_cond(Operation op, names, bint with_assocs,
                                   bint with_deleted) except NULL:
    cdef slurmdb_account_cond_t *cond = <slurmdb_account_cond_t *> op.scratch.alloc(
        sizeof(slurmdb_account_cond_t))
    cond.assoc_cond = <slurmdb_assoc_cond_t *> assoc_cond(op, names or None)
    if with_assocs:
        pyslurm_account_cond_with_assocs(cond)
    if with_deleted:
        pyslurm_account_cond_with_deleted(cond)
    return cond


cdef MessageOwner _get(Operation op, names, bint with_assocs=True, bint with_deleted=False):
    return op.get(pyslurm_db_accounts_get, _cond(op, names, with_assocs, with_deleted),
                  "slurmdb_accounts_get")


cdef list account_names(Operation op, names):
    """Which of the accounts ``names`` slurmdbd has."""
    return [a.name for a in bind(_get(op, names, False), Account)]


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Account(AdminRecord):
    """One account of slurmdbd.

    Loaded ones come from :meth:`load` or :class:`Accounts`.  One built
    from Python, ``Account(name, **fields)``, holds values for
    :meth:`create` (``slurmdb_accounts_add`` and
    ``slurmdb_associations_add``), :meth:`modify`
    (``slurmdb_accounts_modify`` for ``description`` and ``organization``,
    ``slurmdb_associations_modify`` of its own associations for
    ``parent_account``, ``shares`` and limits) and :meth:`delete`
    (``slurmdb_accounts_remove``).  The fields are in
    :data:`pyslurm.db.admin_values.ACCOUNT_FIELDS`.  Account names are
    stored in lower case, as sacctmgr stores them.

    Examples:
        >>> import pyslurm
        >>> pyslurm.db.Account("Physics", Fairshare=10).name
        'physics'
    """

    entity = "Account"
    # an account spans clusters (see clusters); its associations are objects
    _not_in_dict = ("cluster", "associations")
    _not_found = ESLURM_INVALID_ACCOUNT

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <slurmdb_account_rec_t *> rec

    cdef dict _check(self, dict changes):
        return _v.check(_v.ACCOUNT_FIELDS, changes, self.entity)

    cdef dict _final(self, dict changes, int action):
        if action == CREATE:
            if not changes.get("name"):
                raise ValueError("Account.create: a name must be given")
            # sacctmgr's defaults
            changes.setdefault("description", changes["name"])
            changes.setdefault("parent_account", "root")
            changes.setdefault("organization", changes["parent_account"]
                               if changes["parent_account"] != "root" else changes["name"])
            changes.setdefault("clusters", [local_cluster()])
        return changes

    cdef object _send(self, dict changes, int action):
        cdef Operation op = begin(self._db_connection)
        cdef slurmdb_account_rec_t *rec
        cdef void *lst
        name = changes.pop("name")
        clusters = changes.pop("clusters", None)
        own = {k: changes.pop(k) for k in _OWN if k in changes}
        with op:
            if action == CREATE:
                if account_names(op, [name]):
                    raise RPCError(SLURM_ERROR, f"account {name!r} exists already",
                                   context="slurmdb_accounts_add")
                check_clusters(op, clusters)
                rec = <slurmdb_account_rec_t *> op.scratch.alloc(sizeof(slurmdb_account_rec_t))
                op.fill(rec, _SET, dict(own, name=name))
                lst = op.scratch.list()
                pyslurm_db_list_push(lst, rec)
                op.add(pyslurm_db_accounts_add, lst, "slurmdb_accounts_add")
                add_assocs(op, [dict(changes, account=name, cluster=c) for c in clusters])
                return None
            found = False
            if own:
                rec = <slurmdb_account_rec_t *> op.scratch.alloc(sizeof(slurmdb_account_rec_t))
                op.fill(rec, _SET, own)
                found = bool(op.change(pyslurm_db_accounts_modify,
                                       _cond(op, [name], False, False), rec,
                                       "slurmdb_accounts_modify"))
            if changes:
                found = bool(modify_assocs(op, assoc_cond(op, [name], [""], clusters, [""]),
                                           changes)) or found
            if not found:
                raise core.error_for(ESLURM_INVALID_ACCOUNT, f"account {name!r}")

    cdef object _remove(self, str name):
        cdef Operation op = begin(self._db_connection)
        with op:
            if not op.remove(pyslurm_db_accounts_remove, _cond(op, [name], False, False),
                             "slurmdb_accounts_remove"):
                raise core.error_for(ESLURM_INVALID_ACCOUNT, f"account {name!r}")

    @staticmethod
    def _load_named(names, db_connection):
        return Accounts.load(names, db_connection)

    @staticmethod
    def _missing(name):
        return core.error_for(ESLURM_INVALID_ACCOUNT, f"account {name!r}")

    name = f_str(&_R.name, "The account's name.")
    description = f_str(&_R.description, "Its description.")
    organization = f_str(&_R.organization, "Its organization.")

    @property
    def associations(self):
        """Its associations (of users too) when loaded with them (a list of
        :class:`pyslurm.db.Association`)."""
        if self._rec == NULL:
            return []
        return bind_list(self.owner, ptr_at(self.ptr, <Py_ssize_t> &_R.assoc_list), Association)

    @property
    def clusters(self):
        """The clusters it has an association on."""
        if self._rec == NULL:
            return self._changes.get("clusters")
        return sorted({a.cluster for a in self.associations if a.user is None})

    @property
    def parent_account(self):
        """The parent account (of its own associations; None for root)."""
        if self._rec == NULL:
            return self._changes.get("parent_account")
        for a in self.associations:
            if a.user is None and a.partition is None:
                return a.parent_account
        return None

    @property
    def coordinators(self):
        """Names of its coordinators."""
        if self._rec == NULL:
            return []
        return strs_of(ptr_at(self.ptr, <Py_ssize_t> &_R.coordinators), True)


bind_fields(Account)


class Accounts(_admin.WithAssocs, TableDisplay):
    """Accounts keyed by name (``{name: Account}``); ``Accounts.load(names=None,
    db_connection=None, with_assocs=True, with_deleted=False)`` loads them
    (``slurmdb_accounts_get``)."""

    _item = Account
    _lower = True

    @staticmethod
    def _get(Operation op, names, bint with_assocs, bint with_deleted):
        return _get(op, names, with_assocs, with_deleted)


__all__ = ["Account", "Accounts"]
