# cython: language_level=3
"""Quality of Service (QOS) records of slurmdbd: read, create, change and
delete them, as ``sacctmgr show|add|modify|delete qos`` does.

Examples:
    >>> import pyslurm
    >>> qos = pyslurm.db.QualitiesOfService.load()            # doctest: +SKIP
    >>> qos["normal"].priority                                # doctest: +SKIP
    0
    >>> pyslurm.db.QualityOfService("short", priority=10, max_wall="1:00:00",
    ...                             max_tres_per_user={"cpu": 8}).create()  # doctest: +SKIP
    >>> pyslurm.db.QualityOfService("short").modify(MaxJobsPerUser=2)  # doctest: +SKIP
    >>> pyslurm.db.QualityOfService("short").delete()         # doctest: +SKIP

Field names are sacctmgr's in snake case (``MaxTRESPerUser`` is
``max_tres_per_user``); sacctmgr's own spellings are accepted too
(:mod:`pyslurm.db.admin_values` has the table).  A limit that is not set
reads as ``pyslurm.UNLIMITED``; -1 or ``pyslurm.UNLIMITED`` clears one.
Durations: ``max_wall`` and ``grp_wall`` in minutes, ``grace_time`` and
``preempt_exempt_time`` in seconds.  TRES limits are dicts ``{"cpu": 8,
"mem": 16384, "gres/gpu": 2}`` (memory in MiB).
"""

cimport cython
from libc.stdint cimport uint32_t, int64_t

from pyslurm.records cimport f_str, f_num, f_raw
from pyslurm.editable cimport CREATE
from pyslurm.db._admin cimport (
    AdminRecord, Operation, begin, strs_of, ptr_at, set_ptr,
    W_U32, W_DBL, W_STR, W_TRES, W_QOS_IDS, W_PREEMPT, W_QOS_FLAGS,
)
from slurm cimport NO_VAL
from slurmdb cimport slurmdb_qos_rec_t, slurmdb_qos_cond_t, slurmdb_init_qos_rec
from slurm_errno cimport ESLURM_INVALID_QOS, SLURM_ERROR
from compat cimport (
    pyslurm_db_qos_add, pyslurm_db_qos_get, pyslurm_db_qos_modify, pyslurm_db_qos_remove,
    pyslurm_qos_cond_with_deleted, pyslurm_db_list_push, pyslurm_qos_preempt_size,
    pyslurm_qos_preempt_test,
)

from pyslurm import core
from pyslurm.db import _admin, admin_values as _v
from pyslurm.errors import RPCError
from pyslurm.records import bind_fields
from pyslurm.display import TableDisplay

cdef slurmdb_qos_rec_t *_Q = NULL          # field addresses are offsets
cdef slurmdb_qos_cond_t *_C = NULL

# {field: (offset in slurmdb_qos_rec_t, how it is set)}
cdef dict _SET = {
    "name": (<Py_ssize_t> &_Q.name, W_STR),
    "description": (<Py_ssize_t> &_Q.description, W_STR),
    "priority": (<Py_ssize_t> &_Q.priority, W_U32),
    "flags": (<Py_ssize_t> &_Q.flags, W_QOS_FLAGS),
    "grace_time": (<Py_ssize_t> &_Q.grace_time, W_U32),
    "grp_jobs": (<Py_ssize_t> &_Q.grp_jobs, W_U32),
    "grp_jobs_accrue": (<Py_ssize_t> &_Q.grp_jobs_accrue, W_U32),
    "grp_submit_jobs": (<Py_ssize_t> &_Q.grp_submit_jobs, W_U32),
    "grp_tres": (<Py_ssize_t> &_Q.grp_tres, W_TRES),
    "grp_tres_mins": (<Py_ssize_t> &_Q.grp_tres_mins, W_TRES),
    "grp_tres_run_mins": (<Py_ssize_t> &_Q.grp_tres_run_mins, W_TRES),
    "grp_wall": (<Py_ssize_t> &_Q.grp_wall, W_U32),
    "limit_factor": (<Py_ssize_t> &_Q.limit_factor, W_DBL),
    "max_jobs_per_account": (<Py_ssize_t> &_Q.max_jobs_pa, W_U32),
    "max_jobs_per_user": (<Py_ssize_t> &_Q.max_jobs_pu, W_U32),
    "max_jobs_accrue_per_account": (<Py_ssize_t> &_Q.max_jobs_accrue_pa, W_U32),
    "max_jobs_accrue_per_user": (<Py_ssize_t> &_Q.max_jobs_accrue_pu, W_U32),
    "max_submit_jobs_per_account": (<Py_ssize_t> &_Q.max_submit_jobs_pa, W_U32),
    "max_submit_jobs_per_user": (<Py_ssize_t> &_Q.max_submit_jobs_pu, W_U32),
    "max_tres_mins_per_job": (<Py_ssize_t> &_Q.max_tres_mins_pj, W_TRES),
    "max_tres_per_account": (<Py_ssize_t> &_Q.max_tres_pa, W_TRES),
    "max_tres_per_job": (<Py_ssize_t> &_Q.max_tres_pj, W_TRES),
    "max_tres_per_node": (<Py_ssize_t> &_Q.max_tres_pn, W_TRES),
    "max_tres_per_user": (<Py_ssize_t> &_Q.max_tres_pu, W_TRES),
    "max_tres_run_mins_per_account": (<Py_ssize_t> &_Q.max_tres_run_mins_pa, W_TRES),
    "max_tres_run_mins_per_user": (<Py_ssize_t> &_Q.max_tres_run_mins_pu, W_TRES),
    "max_wall": (<Py_ssize_t> &_Q.max_wall_pj, W_U32),
    "min_priority_threshold": (<Py_ssize_t> &_Q.min_prio_thresh, W_U32),
    "min_tres_per_job": (<Py_ssize_t> &_Q.min_tres_pj, W_TRES),
    "preempt": (<Py_ssize_t> &_Q.preempt_list, W_QOS_IDS),
    "preempt_mode": (<Py_ssize_t> &_Q.preempt_mode, W_PREEMPT),
    "preempt_exempt_time": (<Py_ssize_t> &_Q.preempt_exempt_time, W_U32),
    "usage_factor": (<Py_ssize_t> &_Q.usage_factor, W_DBL),
    "usage_threshold": (<Py_ssize_t> &_Q.usage_thres, W_DBL),
}


cdef inline object _factor(double v):
    """A factor slurmdbd gives: NO_VAL / INFINITE (as doubles) are unset."""
    if v == <double> NO_VAL or v == <double> <uint32_t> -1 or v != v:
        return None
    return v


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class QualityOfService(AdminRecord):
    """One QOS of slurmdbd.

    Loaded ones come from :meth:`load` or :class:`QualitiesOfService`.  One
    built from Python, ``QualityOfService(name, **fields)``, holds values
    for :meth:`create` (``slurmdb_qos_add``), :meth:`modify`
    (``slurmdb_qos_modify``) and :meth:`delete` (``slurmdb_qos_remove``);
    the fields are listed in :data:`pyslurm.db.admin_values.QOS_FIELDS`
    and may be given in sacctmgr's spelling (``MaxWall``, ``GrpTRES``,
    ``MaxTRESPU``...).  Invalid values raise ValueError at once; unknown
    TRES or QOS names (``preempt``) raise it before any change is sent.
    QOS names are stored in lower case, as sacctmgr stores them.

    Examples:
        >>> import pyslurm
        >>> q = pyslurm.db.QualityOfService("short", priority=10,
        ...                                 MaxTRESPerUser="cpu=8,mem=16G")
        >>> q.max_tres_per_user
        {'cpu': 8, 'mem': 16384}
    """

    entity = "QualityOfService"
    _not_in_dict = ("cluster",)     # a QOS belongs to no one cluster
    _not_found = ESLURM_INVALID_QOS

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <slurmdb_qos_rec_t *> rec

    cdef object _key(self):
        return self.name

    cdef dict _check(self, dict changes):
        return _v.check(_v.QOS_FIELDS, changes, self.entity, _admin.QOS_FLAGS)

    cdef dict _final(self, dict changes, int action):
        if action == CREATE and not changes.get("name"):
            raise ValueError("QualityOfService.create: a name must be given")
        return changes

    cdef object _send(self, dict changes, int action):
        cdef Operation op = begin(self._db_connection)
        cdef slurmdb_qos_rec_t *q
        cdef slurmdb_qos_cond_t *cond
        cdef void *lst
        name = changes["name"]
        with op:
            q = <slurmdb_qos_rec_t *> op.scratch.alloc(sizeof(slurmdb_qos_rec_t))
            slurmdb_init_qos_rec(q, 0, NO_VAL)
            if action == CREATE:
                if name in op.qos_ids:
                    raise RPCError(SLURM_ERROR, f"QOS {name!r} exists already",
                                   context="slurmdb_qos_add")
                op.fill(q, _SET, changes)
                lst = op.scratch.list()
                pyslurm_db_list_push(lst, q)
                op.add(pyslurm_db_qos_add, lst, "slurmdb_qos_add")
                return None
            del changes["name"]
            op.fill(q, _SET, changes)
            cond = _cond_named(op, name)
            if not op.change(pyslurm_db_qos_modify, cond, q, "slurmdb_qos_modify"):
                raise QualityOfService._missing(name)

    cdef object _remove(self, str name):
        cdef Operation op = begin(self._db_connection)
        with op:
            if not op.remove(pyslurm_db_qos_remove, _cond_named(op, name),
                             "slurmdb_qos_remove"):
                raise QualityOfService._missing(name)

    @staticmethod
    def _load_named(names, db_connection):
        return QualitiesOfService.load(QualityOfServiceFilter(names=names), db_connection)

    @staticmethod
    def _missing(name):
        return core.error_for(ESLURM_INVALID_QOS, f"QOS {name!r}")

    # -- attributes ---------------------------------------------------------------
    name = f_str(&_Q.name, "The QOS's name.")
    description = f_str(&_Q.description, "Its description.")
    id = f_raw(&_Q.id, "slurmdbd's number of the QOS.")
    priority = f_num(&_Q.priority, "Priority (Priority).")
    grace_time = f_num(&_Q.grace_time, "Preemption grace time, seconds (GraceTime).")
    grp_jobs = f_num(&_Q.grp_jobs, "Running jobs of all users together (GrpJobs).")
    grp_jobs_accrue = f_num(&_Q.grp_jobs_accrue,
                            "Pending jobs accruing age priority, all together (GrpJobsAccrue).")
    grp_submit_jobs = f_num(&_Q.grp_submit_jobs, "Jobs submitted, all together (GrpSubmitJobs).")
    grp_tres = f_str(&_Q.grp_tres, "TRES of all running jobs together (GrpTRES).",
                     convert=_admin.tres_dict)
    grp_tres_mins = f_str(&_Q.grp_tres_mins, "TRES-minutes all together (GrpTRESMins).",
                          convert=_admin.tres_dict)
    grp_tres_run_mins = f_str(&_Q.grp_tres_run_mins,
                              "TRES-minutes of running jobs together (GrpTRESRunMins).",
                              convert=_admin.tres_dict)
    grp_wall = f_num(&_Q.grp_wall, "Wall minutes of all jobs together (GrpWall).")
    max_jobs_per_account = f_num(&_Q.max_jobs_pa, "Running jobs per account (MaxJobsPA).")
    max_jobs_per_user = f_num(&_Q.max_jobs_pu, "Running jobs per user (MaxJobsPU).")
    max_jobs_accrue_per_account = f_num(&_Q.max_jobs_accrue_pa,
                                        "Jobs accruing age priority per account.")
    max_jobs_accrue_per_user = f_num(&_Q.max_jobs_accrue_pu,
                                     "Jobs accruing age priority per user.")
    max_submit_jobs_per_account = f_num(&_Q.max_submit_jobs_pa,
                                        "Jobs submitted per account (MaxSubmitPA).")
    max_submit_jobs_per_user = f_num(&_Q.max_submit_jobs_pu,
                                     "Jobs submitted per user (MaxSubmitPU).")
    max_tres_mins_per_job = f_str(&_Q.max_tres_mins_pj, "TRES-minutes per job (MaxTRESMins).",
                                  convert=_admin.tres_dict)
    max_tres_per_account = f_str(&_Q.max_tres_pa, "TRES per account (MaxTRESPA).",
                                 convert=_admin.tres_dict)
    max_tres_per_job = f_str(&_Q.max_tres_pj, "TRES per job (MaxTRES).",
                             convert=_admin.tres_dict)
    max_tres_per_node = f_str(&_Q.max_tres_pn, "TRES per node (MaxTRESPerNode).",
                              convert=_admin.tres_dict)
    max_tres_per_user = f_str(&_Q.max_tres_pu, "TRES per user (MaxTRESPU).",
                              convert=_admin.tres_dict)
    max_tres_run_mins_per_account = f_str(&_Q.max_tres_run_mins_pa,
                                          "TRES-minutes of running jobs per account.",
                                          convert=_admin.tres_dict)
    max_tres_run_mins_per_user = f_str(&_Q.max_tres_run_mins_pu,
                                       "TRES-minutes of running jobs per user.",
                                       convert=_admin.tres_dict)
    max_wall = f_num(&_Q.max_wall_pj, "Wall minutes per job (MaxWall).")
    min_priority_threshold = f_num(&_Q.min_prio_thresh,
                                   "Lowest priority that reserves resources (MinPrioThreshold).")
    min_tres_per_job = f_str(&_Q.min_tres_pj, "Least TRES per job (MinTRES).",
                             convert=_admin.tres_dict)
    preempt_exempt_time = f_num(&_Q.preempt_exempt_time,
                                "Seconds a job runs before it may be preempted.")

    @property
    def flags(self):
        """Flag names as sacctmgr prints them (``["DenyOnLimit"]``)."""
        if self._rec == NULL:
            return self._changes.get("flags")
        return _admin.qos_flag_names(self.ptr.flags)

    @property
    def preempt(self):
        """Names of the QOS this one may preempt (Preempt)."""
        if self._rec == NULL:
            return self._changes.get("preempt")
        cdef int64_t i, n = pyslurm_qos_preempt_size(self.ptr)
        ids = [i for i in range(n) if pyslurm_qos_preempt_test(self.ptr, i)]
        if not ids:             # a request record holds a list instead
            return _admin.qos_names(strs_of(ptr_at(self.ptr, <Py_ssize_t> &_Q.preempt_list)))
        return [_admin.qos_name(i) for i in ids]

    @property
    def preempt_mode(self):
        """``"CLUSTER"`` (the cluster's PreemptMode), ``"CANCEL"``,
        ``"REQUEUE"`` or ``"SUSPEND"`` (PreemptMode)."""
        if self._rec == NULL:
            return self._changes.get("preempt_mode")
        return _admin.preempt_mode_name(self.ptr.preempt_mode)

    @property
    def limit_factor(self):
        """Factor applied to the limits (LimitFactor); None when unset."""
        if self._rec == NULL:
            return self._changes.get("limit_factor")
        return _factor(self.ptr.limit_factor)

    @property
    def usage_factor(self):
        """Factor applied to the usage of its jobs (UsageFactor)."""
        if self._rec == NULL:
            return self._changes.get("usage_factor")
        return _factor(self.ptr.usage_factor)

    @property
    def usage_threshold(self):
        """Least fair-share usage to run (UsageThreshold); None when unset."""
        if self._rec == NULL:
            return self._changes.get("usage_threshold")
        return _factor(self.ptr.usage_thres)


bind_fields(QualityOfService)


cdef slurmdb_qos_cond_t *_cond_named(Operation op, str name) except NULL:
    cdef slurmdb_qos_cond_t *cond = <slurmdb_qos_cond_t *> op.scratch.alloc(
        sizeof(slurmdb_qos_cond_t))
    cond.preempt_mode = 0
    set_ptr(cond, <Py_ssize_t> &_C.name_list, op.scratch.strs([name]))
    return cond


class QualityOfServiceFilter(_admin.Filter):
    """Which QOS :meth:`QualitiesOfService.load` loads:
    ``QualityOfServiceFilter(**criteria)``.

    Criteria:
        names: QOS names.
        ids: QOS numbers.
        descriptions: descriptions.
        preempt_modes: preemption modes (``"CANCEL"``, ...).
        with_deleted: also QOS deleted from slurmdbd.
    """

    _defaults = {"names": None, "ids": None, "descriptions": None, "preempt_modes": None,
                 "with_deleted": False}


cdef slurmdb_qos_cond_t *_cond(Operation op, object f) except NULL:
    cdef slurmdb_qos_cond_t *cond = <slurmdb_qos_cond_t *> op.scratch.alloc(
        sizeof(slurmdb_qos_cond_t))
    if f is None:
        return cond
    if not isinstance(f, QualityOfServiceFilter):
        raise TypeError(f"invalid value for db_filter: {f!r} (expected a "
                        f"QualityOfServiceFilter or None)")
    if f.names:
        set_ptr(cond, <Py_ssize_t> &_C.name_list,
                op.scratch.strs(_v.names("names", f.names, lower=True)))
    if f.ids:
        ids = f.ids if isinstance(f.ids, (list, tuple, set)) else [f.ids]
        set_ptr(cond, <Py_ssize_t> &_C.id_list,
                op.scratch.strs([str(_v.count("ids", i)) for i in ids]))
    if f.descriptions:
        set_ptr(cond, <Py_ssize_t> &_C.description_list, op.scratch.strs(
            [_v.check_one("descriptions", _v.TEXT, d) for d in f.descriptions]))
    if f.preempt_modes:
        modes = f.preempt_modes if not isinstance(f.preempt_modes, str) else [f.preempt_modes]
        bits = 0
        for m in modes:
            bits |= _admin.preempt_mode_value(_v.preempt_mode("preempt_modes", m))
        cond.preempt_mode = bits
    if f.with_deleted:
        pyslurm_qos_cond_with_deleted(cond)
    return cond


class QualitiesOfService(_admin.ByName, TableDisplay):
    """QOS of slurmdbd keyed by name (``{name: QualityOfService}``); shown
    as a table in Jupyter, ``to_pandas()`` a DataFrame."""

    _item_type = QualityOfService

    @staticmethod
    def load(db_filter=None, db_connection=None, name_is_key=True):
        """Load the QOS ``db_filter`` selects (all without one).

        Args:
            db_filter: a :class:`QualityOfServiceFilter`.
            db_connection: a :class:`pyslurm.db.Connection` (else one is
                opened for the load).
            name_is_key: key by name (else by number).

        Raises:
            RPCError: slurmdbd refused or did not answer.

        Implements ``slurmdb_qos_get``.
        """
        return _admin.load_named(QualitiesOfService, QualityOfService, _load, (db_filter,),
                                 db_connection, "name" if name_is_key else "id")


def _load(Operation op, db_filter):
    return op.get(pyslurm_db_qos_get, _cond(op, db_filter), "slurmdb_qos_get")


__all__ = ["QualityOfService", "QualitiesOfService", "QualityOfServiceFilter"]
