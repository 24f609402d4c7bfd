# cython: language_level=3
"""Slurm jobs: :class:`Job`, :class:`Jobs` and :class:`JobSubmitDescription`.

Values follow pyslurm's one convention: an unset Slurm value reads as
``None``, an unlimited one as ``pyslurm.UNLIMITED`` (``math.inf``), times
are unix timestamps, durations of jobs in seconds (``run_time``) and
limits in minutes (``time_limit``), memory in MiB.

Examples:
    >>> import pyslurm
    >>> desc = pyslurm.JobSubmitDescription(
    ...     script="#!/bin/sh\\nsleep 1\\n", ntasks=1, time_limit="5")
    >>> job_id = desc.submit()                     # doctest: +SKIP
    >>> pyslurm.Job.load(job_id).state             # doctest: +SKIP
    'PENDING'
"""

import grp
import os
import pwd
import re
import secrets
import shlex
import time

from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.stdlib cimport malloc, calloc, free
from libc.string cimport memcpy, memset, strcmp, strdup
from posix.unistd cimport getuid, getgid

from pyslurm import hostlist, jobs_util, values
from pyslurm.errors import RPCError
from pyslurm.xcollections import MultiClusterMap, local_cluster
from pyslurm.core cimport ensure_init, make_error, check_rc_errno as _raise_for
from pyslurm.convert cimport cstr, cpath, u16, u32, timestamp, set_cstr, set_cbytes, free_cstr
from pyslurm.records cimport FieldReader, field_reader

from slurm cimport (
    job_info_t, job_info_msg_t, job_desc_msg_t, submit_response_msg_t,
    slurm_load_jobs, slurm_load_job_user, slurm_free_job_info_msg,
    slurm_init_job_desc_msg, slurm_submit_batch_job, slurm_update_job,
    slurm_free_submit_response_response_msg,
    NO_VAL, NO_VAL64, INFINITE,
    SHOW_ALL, SHOW_DETAIL, SHOW_LOCAL, MEM_PER_CPU, JOB_STATE_BASE, JOB_STATE_FLAGS,
    JOB_PENDING, JOB_RUNNING, JOB_SUSPENDED, JOB_COMPLETE, JOB_CANCELLED,
    JOB_FAILED, JOB_TIMEOUT, JOB_NODE_FAIL, JOB_PREEMPTED, JOB_BOOT_FAIL,
    JOB_DEADLINE, JOB_OOM,
    JOB_LAUNCH_FAILED, JOB_REQUEUE, JOB_REQUEUE_HOLD, JOB_SPECIAL_EXIT,
    JOB_RESIZING, JOB_CONFIGURING, JOB_COMPLETING, JOB_STOPPED,
    JOB_REQUEUE_FED, JOB_RESV_DEL_HOLD, JOB_SIGNALING, JOB_STAGE_OUT,
    KILL_JOB_BATCH, KILL_FULL_JOB, KILL_HURRY, KILL_JOB_RESV,
    ALLOC_SID_USER_HOLD, JOB_SHARED_NONE, JOB_SHARED_USER, JOB_SHARED_MCS,
    JOB_NTASKS_SET, JOB_CPUS_SET, JOB_MEM_SET,
    MAIL_JOB_BEGIN, MAIL_JOB_END, MAIL_JOB_FAIL, MAIL_JOB_REQUEUE,
    MAIL_JOB_TIME100, MAIL_JOB_TIME90, MAIL_JOB_TIME80, MAIL_JOB_TIME50,
    MAIL_JOB_STAGE_OUT, MAIL_ARRAY_TASKS, NICE_OFFSET,
)
from slurm cimport (
    WAIT_NO_REASON, WAIT_PRIORITY, WAIT_DEPENDENCY, WAIT_RESOURCES,
    WAIT_PART_NODE_LIMIT, WAIT_PART_TIME_LIMIT, WAIT_PART_DOWN,
    WAIT_PART_INACTIVE, WAIT_HELD, WAIT_TIME, WAIT_LICENSES,
    WAIT_ASSOC_JOB_LIMIT, WAIT_ASSOC_RESOURCE_LIMIT, WAIT_ASSOC_TIME_LIMIT,
    WAIT_RESERVATION, WAIT_NODE_NOT_AVAIL, WAIT_HELD_USER, FAIL_DOWN_PARTITION,
    FAIL_DOWN_NODE, FAIL_BAD_CONSTRAINTS, FAIL_SYSTEM, FAIL_LAUNCH,
    FAIL_EXIT_CODE, FAIL_TIMEOUT, FAIL_INACTIVE_LIMIT, FAIL_ACCOUNT, FAIL_QOS,
    WAIT_QOS_THRES, WAIT_QOS_JOB_LIMIT, WAIT_QOS_RESOURCE_LIMIT,
    WAIT_QOS_TIME_LIMIT, WAIT_CLEANING, WAIT_PROLOG, WAIT_QOS, WAIT_ACCOUNT,
    WAIT_DEP_INVALID, FAIL_OOM, FAIL_DEADLINE, WAIT_MAX_REQUEUE,
    WAIT_ARRAY_TASK_LIMIT, WAIT_PART_CONFIG, WAIT_ACCOUNT_POLICY,
    WAIT_PN_MEM_LIMIT, WAIT_RESV_DELETED, FAIL_DEFER,
)
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR, SLURM_NO_CHANGE_IN_DATA, ESLURM_INVALID_JOB_ID
from compat cimport (
    pyslurm_job_gres_tasks_per_sharing, pyslurm_job_res_nhosts, pyslurm_job_res_node,
)
from slurm cimport (
    NO_VAL16, CPU_FREQ_RANGE_FLAG, CPU_FREQ_LOW, CPU_FREQ_MEDIUM, CPU_FREQ_HIGH,
    CPU_FREQ_HIGHM1, CPU_FREQ_CONSERVATIVE, CPU_FREQ_ONDEMAND, CPU_FREQ_PERFORMANCE,
    CPU_FREQ_POWERSAVE, CPU_FREQ_USERSPACE, CPU_FREQ_SCHEDUTIL, CORE_SPEC_THREAD,
    ACCT_GATHER_PROFILE_NOT_SET, ACCT_GATHER_PROFILE_NONE, ACCT_GATHER_PROFILE_ENERGY,
    ACCT_GATHER_PROFILE_TASK, ACCT_GATHER_PROFILE_LUSTRE, ACCT_GATHER_PROFILE_NETWORK,
    ACCT_GATHER_PROFILE_ALL, GRES_ENFORCE_BIND, GRES_DISABLE_BIND, KILL_INV_DEP,
    NO_KILL_INV_DEP, SPREAD_JOB, CRON_JOB,
    SLURM_DIST_ARBITRARY, SLURM_DIST_PLANE, SLURM_DIST_PACK_NODES, SLURM_DIST_NO_PACK_NODES,
    SLURM_DIST_BLOCK, SLURM_DIST_CYCLIC, SLURM_DIST_BLOCK_BLOCK, SLURM_DIST_BLOCK_CYCLIC,
    SLURM_DIST_BLOCK_CFULL, SLURM_DIST_CYCLIC_BLOCK, SLURM_DIST_CYCLIC_CYCLIC,
    SLURM_DIST_CYCLIC_CFULL, SLURM_DIST_BLOCK_BLOCK_BLOCK, SLURM_DIST_BLOCK_BLOCK_CYCLIC,
    SLURM_DIST_BLOCK_BLOCK_CFULL, SLURM_DIST_BLOCK_CYCLIC_BLOCK,
    SLURM_DIST_BLOCK_CYCLIC_CYCLIC, SLURM_DIST_BLOCK_CYCLIC_CFULL,
    SLURM_DIST_BLOCK_CFULL_BLOCK, SLURM_DIST_BLOCK_CFULL_CYCLIC,
    SLURM_DIST_BLOCK_CFULL_CFULL, SLURM_DIST_CYCLIC_BLOCK_BLOCK,
    SLURM_DIST_CYCLIC_BLOCK_CYCLIC, SLURM_DIST_CYCLIC_BLOCK_CFULL,
    SLURM_DIST_CYCLIC_CYCLIC_BLOCK, SLURM_DIST_CYCLIC_CYCLIC_CYCLIC,
    SLURM_DIST_CYCLIC_CYCLIC_CFULL, SLURM_DIST_CYCLIC_CFULL_BLOCK,
    SLURM_DIST_CYCLIC_CFULL_CYCLIC, SLURM_DIST_CYCLIC_CFULL_CFULL,
    job_array_resp_msg_t, slurm_kill_job2, slurm_suspend2, slurm_resume2,
    slurm_requeue2, slurm_update_job2, slurm_free_job_array_resp,
)
from compat cimport (
    pyslurm_errno, pyslurm_free_job_record, pyslurm_load_job,
    pyslurm_kill_job, pyslurm_suspend, pyslurm_resume, pyslurm_requeue,
    pyslurm_notify_job, pyslurm_job_batch_script, pyslurm_job_desc_set_job_id,
    pyslurm_submit_response_job_id,
    PYSLURM_GRES_PREFIX,
)

UNLIMITED = jobs_util.UNLIMITED


# ---------------------------------------------------------------------------
# Moving records out of a *_info_msg_t.
#
# Ownership rule: a Job owns exactly one malloc'ed job_info_t.  The record is
# memcpy'd out of the message and the message's slot is zeroed, so that
# slurm_free_job_info_msg() (which frees every slot's members, then the
# array) frees nothing of it; the Job frees the members and the record once,
# in __dealloc__, with pyslurm_free_job_record().  Zeroed slots are safe for
# libslurm's free functions (every pointer NULL).
# ---------------------------------------------------------------------------
cdef void *_move_record(void *rec, size_t size) except NULL:
    cdef void *out = malloc(size)
    if out == NULL:
        raise MemoryError()
    memcpy(out, rec, size)
    memset(rec, 0, size)
    return out


# ---------------------------------------------------------------------------
# Names for Slurm's numbers
# ---------------------------------------------------------------------------
_BASE_STATES = {
    JOB_PENDING: "PENDING", JOB_RUNNING: "RUNNING", JOB_SUSPENDED: "SUSPENDED",
    JOB_COMPLETE: "COMPLETED", JOB_CANCELLED: "CANCELLED", JOB_FAILED: "FAILED",
    JOB_TIMEOUT: "TIMEOUT", JOB_NODE_FAIL: "NODE_FAIL", JOB_PREEMPTED: "PREEMPTED",
    JOB_BOOT_FAIL: "BOOT_FAIL", JOB_DEADLINE: "DEADLINE", JOB_OOM: "OUT_OF_MEMORY",
}

# job_state flag bits -> their names (filled as combinations are seen)
cdef bytes _CLUSTER_BYTES = b""
cdef str _CLUSTER_STR = ""


cdef str _cluster_str(const char *s):
    """A job's cluster name: thousands of jobs name one cluster, decoded
    once (the same str object while the name stays the same)."""
    global _CLUSTER_BYTES, _CLUSTER_STR
    if _CLUSTER_BYTES and strcmp(s, <const char *> _CLUSTER_BYTES) == 0:
        return _CLUSTER_STR
    _CLUSTER_BYTES = <bytes> s
    _CLUSTER_STR = _CLUSTER_BYTES.decode("utf-8", "replace")
    return _CLUSTER_STR


cdef dict _FLAGS_BY_BITS = {}
cdef dict _STATES_BY_STATE = {}    # job_state -> (base, *flags)

_STATE_FLAGS = (
    (JOB_LAUNCH_FAILED, "LAUNCH_FAILED"), (JOB_REQUEUE, "REQUEUED"),
    (JOB_REQUEUE_HOLD, "REQUEUE_HOLD"), (JOB_SPECIAL_EXIT, "SPECIAL_EXIT"),
    (JOB_RESIZING, "RESIZING"), (JOB_CONFIGURING, "CONFIGURING"),
    (JOB_COMPLETING, "COMPLETING"), (JOB_STOPPED, "STOPPED"),
    (JOB_REQUEUE_FED, "REQUEUE_FED"), (JOB_RESV_DEL_HOLD, "RESV_DEL_HOLD"),
    (JOB_SIGNALING, "SIGNALING"), (JOB_STAGE_OUT, "STAGE_OUT"),
)

# The reasons every supported major has, spelled as squeue prints them.
_REASONS = {
    WAIT_PRIORITY: "Priority", WAIT_DEPENDENCY: "Dependency",
    WAIT_RESOURCES: "Resources", WAIT_PART_NODE_LIMIT: "PartitionNodeLimit",
    WAIT_PART_TIME_LIMIT: "PartitionTimeLimit", WAIT_PART_DOWN: "PartitionDown",
    WAIT_PART_INACTIVE: "PartitionInactive", WAIT_HELD: "JobHeldAdmin",
    WAIT_TIME: "BeginTime", WAIT_LICENSES: "Licenses",
    WAIT_ASSOC_JOB_LIMIT: "AssociationJobLimit",
    WAIT_ASSOC_RESOURCE_LIMIT: "AssociationResourceLimit",
    WAIT_ASSOC_TIME_LIMIT: "AssociationTimeLimit", WAIT_RESERVATION: "Reservation",
    WAIT_NODE_NOT_AVAIL: "ReqNodeNotAvail", WAIT_HELD_USER: "JobHeldUser",
    FAIL_DOWN_PARTITION: "PartitionDown", FAIL_DOWN_NODE: "NodeDown",
    FAIL_BAD_CONSTRAINTS: "BadConstraints", FAIL_SYSTEM: "SystemFailure",
    FAIL_LAUNCH: "JobLaunchFailure", FAIL_EXIT_CODE: "NonZeroExitCode",
    FAIL_TIMEOUT: "TimeLimit", FAIL_INACTIVE_LIMIT: "InactiveLimit",
    FAIL_ACCOUNT: "InvalidAccount", FAIL_QOS: "InvalidQOS",
    WAIT_QOS_THRES: "QOSUsageThreshold", WAIT_QOS_JOB_LIMIT: "QOSJobLimit",
    WAIT_QOS_RESOURCE_LIMIT: "QOSResourceLimit", WAIT_QOS_TIME_LIMIT: "QOSTimeLimit",
    WAIT_CLEANING: "Cleaning", WAIT_PROLOG: "Prolog", WAIT_QOS: "QOSNotAllowed",
    WAIT_ACCOUNT: "AccountNotAllowed", WAIT_DEP_INVALID: "DependencyNeverSatisfied",
    FAIL_OOM: "OutOfMemory", FAIL_DEADLINE: "DeadLine",
    WAIT_MAX_REQUEUE: "JobHoldMaxRequeue", WAIT_ARRAY_TASK_LIMIT: "JobArrayTaskLimit",
    WAIT_PART_CONFIG: "PartitionConfig", WAIT_ACCOUNT_POLICY: "AccountingPolicy",
    WAIT_PN_MEM_LIMIT: "MaxMemPerLimit", WAIT_RESV_DELETED: "ReservationDeleted",
    FAIL_DEFER: "SchedDefer",
}

_MAIL_BITS = {
    "BEGIN": MAIL_JOB_BEGIN, "END": MAIL_JOB_END, "FAIL": MAIL_JOB_FAIL,
    "REQUEUE": MAIL_JOB_REQUEUE, "TIME_LIMIT": MAIL_JOB_TIME100,
    "TIME_LIMIT_90": MAIL_JOB_TIME90, "TIME_LIMIT_80": MAIL_JOB_TIME80,
    "TIME_LIMIT_50": MAIL_JOB_TIME50, "STAGE_OUT": MAIL_JOB_STAGE_OUT,
    "ARRAY_TASKS": MAIL_ARRAY_TASKS,
}
_MAIL_ALL = MAIL_JOB_BEGIN | MAIL_JOB_END | MAIL_JOB_FAIL | MAIL_JOB_REQUEUE | MAIL_JOB_STAGE_OUT


def _mail_names(uint16_t bits):
    return [name for name, bit in _MAIL_BITS.items() if bits & bit]


# uid/gid -> name; a name that cannot be resolved (deleted or LDAP user)
# reads as None.  Cleared by every Jobs.load().
_names = {}


def _user_name(uid):
    key = ("u", uid)
    if key not in _names:
        try:
            _names[key] = pwd.getpwuid(uid).pw_name
        except (KeyError, OverflowError, ValueError):
            _names[key] = None
    return _names[key]


def _group_name(gid):
    key = ("g", gid)
    if key not in _names:
        try:
            _names[key] = grp.getgrgid(gid).gr_name
        except (KeyError, OverflowError, ValueError):
            _names[key] = None
    return _names[key]


_task_ref = values.array_task


def _job_id(value):
    if isinstance(value, Job):
        return value.id
    return values.job_id(value)


def _in_index_set(spec, int task):
    """True when ``task`` is in an array index string like ``"2-7:2,9%3"``."""
    if not spec:
        return False
    for part in spec.split("%", 1)[0].split(","):
        rng, _, step = part.partition(":")
        lo, _, hi = rng.partition("-")
        try:
            lo_i = int(lo)
            hi_i = int(hi) if hi else lo_i
            step_i = int(step) if step else 1
        except ValueError:
            continue
        if lo_i <= task <= hi_i and (task - lo_i) % max(step_i, 1) == 0:
            return True
    return False


def _tres_memory(tres):
    """MiB of ``mem=`` in a TRES string like ``"cpu=2,mem=1000M,node=1"``."""
    if not tres:
        return None
    for part in tres.split(","):
        if part.startswith("mem="):
            try:
                return jobs_util.parse_memory(part[4:], "mem")
            except ValueError:
                return None
    return None


def _gres_counts(tres):
    """``"gres/gpu:2,gres/gpu:tesla:1"`` (``gres:`` in 22.05) -> ``{"gpu": 2,
    "gpu:tesla": 1}``; None for no GRES."""
    if not tres:
        return None
    out = {}
    for part in tres.split(","):
        for prefix in ("gres/", "gres:"):
            if part.startswith(prefix):
                part = part[len(prefix):]
                break
        name, _, count = part.rpartition(":")
        if not name or not values.digits(count):
            name, count = part, "1"
        out[name] = int(count)
    return out or None


def _nonzero(v):
    """0, and INFINITE16 (read as UNLIMITED), mean "not requested" for the
    per-level task/geometry counts (scontrol prints ``*``)."""
    return None if v == 0 or v == UNLIMITED else v


def _gpu_value(tres, memory=False):
    """The GPU value of a ``cpus_per_tres``/``mem_per_tres`` string such as
    ``"gres/gpu:4"`` (``"gres:gpu:4"`` in 22.05); memory strings may carry
    a unit."""
    if not tres:
        return None
    for part in tres.split(","):
        for prefix in ("gres/gpu:", "gres:gpu:", "gpu:"):
            if part.startswith(prefix):
                value = part[len(prefix):].rsplit(":", 1)[-1]
                try:
                    return jobs_util.parse_memory(value, "gpu") if memory else int(value)
                except ValueError:
                    return None
    return None


_CPU_FREQ_NAMES = {
    CPU_FREQ_LOW: "Low", CPU_FREQ_MEDIUM: "Medium", CPU_FREQ_HIGH: "High",
    CPU_FREQ_HIGHM1: "HighM1", CPU_FREQ_CONSERVATIVE: "Conservative",
    CPU_FREQ_ONDEMAND: "OnDemand", CPU_FREQ_PERFORMANCE: "Performance",
    CPU_FREQ_POWERSAVE: "PowerSave", CPU_FREQ_USERSPACE: "UserSpace",
    CPU_FREQ_SCHEDUTIL: "SchedUtil",
}
_CPU_FREQ_CODES = {k.lower(): v for v, k in _CPU_FREQ_NAMES.items()}


def _cpu_freq(uint32_t v):
    """A cpu_freq_* value: kHz (int), a name (``"Low"``, ``"OnDemand"``) or None."""
    if v == 0 or v == NO_VAL:
        return None
    if v & CPU_FREQ_RANGE_FLAG:
        return _CPU_FREQ_NAMES.get(v, hex(v))
    return v


cdef list _split(const char *s, str sep=","):
    text = cstr(s)
    return [p for p in text.split(sep) if p] if text else []


# ---------------------------------------------------------------------------
# Job
# ---------------------------------------------------------------------------
cdef class Job:
    """A Slurm job.

    ``Job(job_id)`` is an empty handle: its methods (``cancel()``,
    ``hold()``, ...) act on the job by id, and its attributes read ``None``
    until it is loaded with :meth:`Job.load` or :meth:`Jobs.load`.
    All attributes are read-only.  ``job_id`` is an int (or a string of
    digits); anything else raises ``ValueError``.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Job(1234)
        pyslurm.Job(1234)
    """

    def __cinit__(self):
        self.ptr = NULL
        self._id = 0
        self._cluster = None
        self._task = None

    def __init__(self, job_id):
        ref = _task_ref(job_id)
        if ref is not None:
            self._id, self._task = ref
        else:
            self._id = _job_id(job_id)

    def __dealloc__(self):
        if self.ptr != NULL:
            pyslurm_free_job_record(self.ptr)
            self.ptr = NULL

    @staticmethod
    cdef Job from_record(job_info_t *rec):
        cdef Job job = Job.__new__(Job)
        job.ptr = <job_info_t *>_move_record(rec, sizeof(job_info_t))
        job._id = job.ptr.job_id
        return job

    @staticmethod
    def load(job_id):
        """Load one job from the controller.

        Implements ``slurm_load_job``.  For an array job's id, the record
        with exactly that id is returned.  An array task is addressed as
        ``"1234_7"``: a task that runs (or ran) has its own record; a task
        still pending is part of the array's pending record, which is
        returned then (as ``scontrol show job 1234_7`` does; its
        :attr:`array_tasks_waiting` includes the task).

        Args:
            job_id (int | str): the job's id, or ``"ARRAYID_TASK"``.

        Returns:
            Job: a new, loaded Job.

        Raises:
            ValueError: ``job_id`` is not a valid id.
            JobNotFoundError: no such job (or purged from the controller).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> job = pyslurm.Job.load(1234)   # doctest: +SKIP
            >>> job.state                      # doctest: +SKIP
            'RUNNING'
        """
        cdef uint32_t jid
        cdef job_info_msg_t *msg = NULL
        cdef int rc, err = 0
        cdef uint32_t i, pick = 0
        cdef bint found = False
        task = None
        ref = _task_ref(job_id)
        if ref is not None:
            jid, task = ref
        else:
            jid = _job_id(job_id)
        ensure_init()
        with nogil:
            # SHOW_LOCAL: no federation lookup first (one RPC, not two;
            # pyslurm reads the local cluster's jobs)
            rc = pyslurm_load_job(&msg, jid, SHOW_ALL | SHOW_DETAIL | SHOW_LOCAL)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        try:
            _raise_for(rc, err, f"slurm_load_job({jid})")
            if msg == NULL or msg.record_count == 0:
                raise make_error(ESLURM_INVALID_JOB_ID, f"slurm_load_job({jid})")
            for i in range(msg.record_count):
                if task is None and msg.job_array[i].job_id == jid:
                    pick = i
                    found = True
                    break
                if (task is not None and msg.job_array[i].array_job_id == jid
                        and msg.job_array[i].array_task_id == <uint32_t>task):
                    pick = i
                    found = True
                    break
            if task is not None and not found:
                for i in range(msg.record_count):
                    if (msg.job_array[i].array_job_id == jid
                            and msg.job_array[i].array_task_id == NO_VAL
                            and _in_index_set(cstr(msg.job_array[i].array_task_str), task)):
                        pick = i
                        found = True
                        break
                if not found:
                    raise make_error(ESLURM_INVALID_JOB_ID, f"slurm_load_job({job_id})")
            job = Job.from_record(&msg.job_array[pick])
            job._task = task
            return job
        finally:
            if msg != NULL:
                slurm_free_job_info_msg(msg)

    def __repr__(self):
        ref = self._ref()
        return f"pyslurm.Job({ref!r})" if ref else f"pyslurm.Job({self._id})"

    def _ref(self):
        """``"ARRAY_TASK"`` for a Job addressed as one array task, else None."""
        if self._task is None:
            return None
        array = self.ptr.array_job_id if self.ptr and self.ptr.array_job_id else self._id
        return f"{array}_{self._task}"

    def __eq__(self, other):
        if not isinstance(other, Job):
            return NotImplemented
        if self._ref() is not None or other._ref() is not None:
            return self._ref() == other._ref() and self.cluster == other.cluster
        return self.id == other.id and self.cluster == other.cluster

    def __hash__(self):
        ref = self._ref()
        return hash((ref, self.cluster)) if ref is not None else hash((self._id, self.cluster))

    def __copy__(self):
        return self          # read-only: a copy may share the record

    def __deepcopy__(self, memo):
        return self

    @property
    def is_loaded(self):
        """True when the attributes come from the controller."""
        return self.ptr != NULL

    # -- identity ---------------------------------------------------------
    @property
    def id(self):
        """The job's id (int)."""
        return self._id

    @property
    def name(self):
        """The job's name."""
        return cstr(self.ptr.name) if self.ptr else None

    @property
    def cluster(self):
        """The cluster the job belongs to (the local one for an empty handle)."""
        if self.ptr and self.ptr.cluster:
            return _cluster_str(self.ptr.cluster) if self.ptr.cluster[0] else None
        if self._cluster is None:
            self._cluster = local_cluster()
        return self._cluster

    @property
    def user_id(self):
        """uid of the job's owner."""
        return self.ptr.user_id if self.ptr else None

    @property
    def user_name(self):
        """Name of the job's owner; None when the uid does not resolve."""
        if not self.ptr:
            return None
        return cstr(self.ptr.user_name) or _user_name(self.ptr.user_id)

    @property
    def group_id(self):
        """gid the job runs with."""
        return self.ptr.group_id if self.ptr else None

    @property
    def group_name(self):
        """Name of :attr:`group_id`; None when it does not resolve."""
        return _group_name(self.ptr.group_id) if self.ptr else None

    @property
    def account(self):
        """Account the job runs under."""
        return cstr(self.ptr.account) if self.ptr else None

    @property
    def association_id(self):
        """Id of the job's association."""
        return u32(self.ptr.assoc_id) if self.ptr else None

    @property
    def partition(self):
        """Partition (comma-separated when several were requested while pending)."""
        return cstr(self.ptr.partition) if self.ptr else None

    @property
    def qos(self):
        """QOS name."""
        return cstr(self.ptr.qos) if self.ptr else None

    @property
    def reservation(self):
        """Reservation name."""
        return cstr(self.ptr.resv_name) if self.ptr else None

    @property
    def wckey(self):
        """WCKey."""
        return cstr(self.ptr.wckey) if self.ptr else None

    # -- state --------------------------------------------------------------
    @property
    def state(self):
        """Base state: ``PENDING``, ``RUNNING``, ``SUSPENDED``, ``COMPLETED``,
        ``CANCELLED``, ``FAILED``, ``TIMEOUT``, ``NODE_FAIL``, ``PREEMPTED``,
        ``BOOT_FAIL``, ``DEADLINE`` or ``OUT_OF_MEMORY``.  Transient flags
        such as ``COMPLETING`` are in :attr:`state_flags`."""
        if not self.ptr:
            return None
        base = self.ptr.job_state & JOB_STATE_BASE
        return _BASE_STATES.get(base, f"UNKNOWN({base})")

    @property
    def state_flags(self):
        """State flags (``COMPLETING``, ``CONFIGURING``, ``REQUEUED``, ...) as a list."""
        if not self.ptr:
            return None
        cdef uint32_t bits = self.ptr.job_state & JOB_STATE_FLAGS
        names = _FLAGS_BY_BITS.get(bits)
        if names is None:              # a few distinct combinations: named once each
            names = _FLAGS_BY_BITS[bits] = tuple(
                name for bit, name in _STATE_FLAGS if bits & bit)
        return list(<tuple> names)

    @property
    def states(self):
        """The base state and its flags in one tuple, as ``scontrol`` joins
        them with ``+``: ``("PENDING",)``, ``("CANCELLED", "COMPLETING")``
        -- :attr:`state` followed by :attr:`state_flags`.  Immutable, one
        object per distinct state (cheap to read for thousands of jobs,
        usable as a dict key)."""
        if not self.ptr:
            return None
        cdef uint32_t st = self.ptr.job_state
        found = _STATES_BY_STATE.get(st)
        if found is None:
            if len(_STATES_BY_STATE) >= 4096:
                _STATES_BY_STATE.clear()
            found = _STATES_BY_STATE[st] = (self.state, *self.state_flags)
        return found

    @property
    def state_reason(self):
        """Why the job is in its state (as squeue prints it, e.g.
        ``"Resources"``, ``"JobHeldUser"``), or None when there is no reason.
        A reason this version does not name reads as the controller's
        description or ``"Reason<N>"``."""
        if not self.ptr:
            return None
        r = self.ptr.state_reason
        if r == WAIT_NO_REASON:
            return None
        return _REASONS.get(r) or cstr(self.ptr.state_desc) or f"Reason{r}"

    @property
    def state_description(self):
        """The controller's free-text description of the state, if any."""
        return cstr(self.ptr.state_desc) if self.ptr else None

    @property
    def priority(self):
        """Scheduling priority (0: held)."""
        return u32(self.ptr.priority) if self.ptr else None

    @property
    def nice(self):
        """Nice value (negative: higher priority)."""
        if not self.ptr or self.ptr.nice == NO_VAL:
            return None
        return <long>self.ptr.nice - <long>NICE_OFFSET

    @property
    def is_requeueable(self):
        """Whether the job may be requeued."""
        return bool(self.ptr.requeue) if self.ptr else None

    @property
    def requeue_count(self):
        """How often the job was requeued."""
        return self.ptr.restart_cnt if self.ptr else None

    @property
    def is_batch_job(self):
        """True for jobs submitted with a batch script."""
        return bool(self.ptr.batch_flag) if self.ptr else None

    @property
    def dependencies(self):
        """Dependencies as a dict, e.g. ``{"afterok": [12], "satisfy": "all"}``
        (``{}`` when none)."""
        return jobs_util.dependencies_to_dict(cstr(self.ptr.dependency)) if self.ptr else None

    @property
    def dependency(self):
        """Dependencies as the controller prints them."""
        return cstr(self.ptr.dependency) if self.ptr else None

    # -- times ----------------------------------------------------------------
    @property
    def time_limit(self):
        """Time limit in minutes (``UNLIMITED`` when none)."""
        return u32(self.ptr.time_limit) if self.ptr else None

    @property
    def time_limit_min(self):
        """Minimum time limit in minutes (``--time-min``)."""
        if not self.ptr or self.ptr.time_min == 0:
            return None
        return u32(self.ptr.time_min)

    @property
    def submit_time(self):
        """When the job was submitted (unix time)."""
        return timestamp(self.ptr.submit_time) if self.ptr else None

    @property
    def eligible_time(self):
        """When the job became eligible to run."""
        return timestamp(self.ptr.eligible_time) if self.ptr else None

    @property
    def accrue_time(self):
        """When the job started accruing priority age."""
        return timestamp(self.ptr.accrue_time) if self.ptr else None

    @property
    def start_time(self):
        """When the job started (or is expected to)."""
        return timestamp(self.ptr.start_time) if self.ptr else None

    @property
    def end_time(self):
        """When the job ended (or will end at its limit)."""
        return timestamp(self.ptr.end_time) if self.ptr else None

    @property
    def resize_time(self):
        """When the job was last resized."""
        return timestamp(self.ptr.resize_time) if self.ptr else None

    @property
    def deadline(self):
        """When a pending job will be cancelled (``--deadline``)."""
        return timestamp(self.ptr.deadline) if self.ptr else None

    @property
    def suspend_time(self):
        """When the job was last suspended or resumed."""
        return timestamp(self.ptr.suspend_time) if self.ptr else None

    @property
    def pre_suspension_time(self):
        """Seconds the job ran before its last suspension."""
        return self.ptr.pre_sus_time if self.ptr else None

    @property
    def last_sched_evaluation_time(self):
        """When the scheduler last looked at the job."""
        return timestamp(self.ptr.last_sched_eval) if self.ptr else None

    @property
    def preempt_time(self):
        """When the job was signalled for preemption."""
        return timestamp(self.ptr.preempt_time) if self.ptr else None

    @property
    def run_time(self):
        """Seconds the job has run (without suspended time); 0 while pending."""
        if not self.ptr:
            return None
        base = self.ptr.job_state & JOB_STATE_BASE
        if base == JOB_PENDING or not self.ptr.start_time:
            return 0
        if base == JOB_SUSPENDED:
            return int(self.ptr.pre_sus_time)
        if base == JOB_RUNNING or self.ptr.end_time == 0:
            end = int(time.time())
        else:
            end = int(self.ptr.end_time)
        if self.ptr.suspend_time:
            return max(0, int(self.ptr.pre_sus_time) + end - int(self.ptr.suspend_time))
        return max(0, end - int(self.ptr.start_time))

    @property
    def run_time_remaining(self):
        """Seconds until the time limit (0 when past, ``UNLIMITED`` without
        a limit; None while pending)."""
        if not self.ptr or (self.ptr.job_state & JOB_STATE_BASE) == JOB_PENDING:
            return None
        limit = u32(self.ptr.time_limit)
        if limit is None or limit == UNLIMITED:
            return limit
        return max(0, limit * 60 - self.run_time)

    @property
    def elapsed_cpu_time(self):
        """:attr:`run_time` times :attr:`cpus` (CPU-seconds)."""
        if not self.ptr:
            return None
        return self.run_time * (self.cpus or 0)

    # -- where ------------------------------------------------------------------
    @property
    def allocated_nodes(self):
        """Nodes of a started job (hostlist string); None while pending."""
        if not self.ptr or (self.ptr.job_state & JOB_STATE_BASE) == JOB_PENDING:
            return None
        return cstr(self.ptr.nodes)

    @property
    def nodes(self):
        """Same as :attr:`allocated_nodes`."""
        return self.allocated_nodes

    @property
    def required_nodes(self):
        """Nodes the job requires (hostlist string)."""
        return cstr(self.ptr.req_nodes) if self.ptr else None

    @property
    def excluded_nodes(self):
        """Nodes the job must not run on (hostlist string)."""
        return cstr(self.ptr.exc_nodes) if self.ptr else None

    @property
    def scheduled_nodes(self):
        """Nodes the backfill scheduler plans for the job."""
        return cstr(self.ptr.sched_nodes) if self.ptr else None

    @property
    def batch_host(self):
        """Node running the batch script."""
        return cstr(self.ptr.batch_host) if self.ptr else None

    @property
    def submit_host(self):
        """Host the job was submitted from."""
        return cstr(self.ptr.alloc_node) if self.ptr else None

    @property
    def submit_session_id(self):
        """Session id recorded at submission (``AllocNode:Sid`` of
        ``scontrol``): ``sbatch``'s terminal session, or, for a job
        submitted by pyslurm, its submit token (see
        :meth:`JobSubmitDescription.find_submitted`)."""
        return u32(self.ptr.alloc_sid) if self.ptr else None

    @property
    def num_nodes(self):
        """Nodes requested (pending) or allocated."""
        return u32(self.ptr.num_nodes) if self.ptr else None

    @property
    def max_nodes(self):
        """Maximum number of nodes requested (None: no maximum)."""
        if not self.ptr or self.ptr.max_nodes == 0:
            return None
        return u32(self.ptr.max_nodes)

    # -- geometry -----------------------------------------------------------------
    @property
    def cpus(self):
        """CPUs allocated (requested while pending)."""
        return u32(self.ptr.num_cpus) if self.ptr else None

    @property
    def cpus_per_task(self):
        """CPUs per task."""
        return u16(self.ptr.cpus_per_task) if self.ptr else None

    @property
    def ntasks(self):
        """Number of tasks."""
        return u32(self.ptr.num_tasks) if self.ptr else None

    @property
    def ntasks_per_node(self):
        """Tasks per node (None when not requested)."""
        if not self.ptr or self.ptr.ntasks_per_node == 0:
            return None
        return u16(self.ptr.ntasks_per_node)

    @property
    def min_cpus_per_node(self):
        """Minimum CPUs per node requested."""
        return u16(self.ptr.pn_min_cpus) if self.ptr else None

    @property
    def memory_per_cpu(self):
        """Memory per CPU in MiB, when memory was requested per CPU."""
        if not self.ptr:
            return None
        m = self.ptr.pn_min_memory
        if m == NO_VAL64 or not (m & MEM_PER_CPU):
            return None
        return m & ~(<uint64_t>MEM_PER_CPU)

    @property
    def memory_per_node(self):
        """Memory per node in MiB, when memory was requested per node
        (0: all of each node's memory, ``--mem=0``)."""
        if not self.ptr:
            return None
        m = self.ptr.pn_min_memory
        if m == NO_VAL64 or (m & MEM_PER_CPU):
            return None
        return m

    @property
    def memory(self):
        """Total memory of the job in MiB.

        For a job that has nodes, what the controller allocated (the
        ``mem`` of its allocated TRES, so ``--mem=0`` reads as the nodes'
        memory); before that, per CPU times :attr:`cpus` or per node times
        :attr:`num_nodes`; None when unknown (``--mem=0`` while pending)."""
        if not self.ptr:
            return None
        alloc = _tres_memory(cstr(self.ptr.tres_alloc_str))
        if alloc is not None:
            return alloc
        per_cpu = self.memory_per_cpu
        if per_cpu is not None:
            return per_cpu * (self.cpus or 0)
        per_node = self.memory_per_node
        if per_node:
            return per_node * (self.num_nodes or 0)
        return None

    @property
    def temporary_disk_per_node(self):
        """Temporary disk per node in MiB."""
        return u32(self.ptr.pn_min_tmp_disk) if self.ptr else None

    @property
    def gres_per_node(self):
        """GRES requested per node as ``{"gpu": 2, "gpu:tesla": 1}``
        (name[:type] -> count; a fresh dict), or None when none."""
        return _gres_counts(cstr(self.ptr.tres_per_node)) if self.ptr else None

    @property
    def constraints(self):
        """Required node features (a fresh list each time)."""
        return _split(self.ptr.features, "&") if self.ptr else None

    @property
    def licenses(self):
        """Licenses requested (a fresh list each time)."""
        return _split(self.ptr.licenses) if self.ptr else None

    @property
    def resource_sharing(self):
        """``"no"`` (exclusive), ``"user"``, ``"mcs"``, ``"yes"`` or None (default)."""
        if not self.ptr:
            return None
        return {JOB_SHARED_NONE: "no", JOB_SHARED_USER: "user",
                JOB_SHARED_MCS: "mcs", 1: "yes"}.get(self.ptr.shared)

    # -- what ----------------------------------------------------------------------
    @property
    def command(self):
        """The batch script's path or the command."""
        return cstr(self.ptr.command) if self.ptr else None

    @property
    def working_directory(self):
        """Working directory."""
        return cpath(self.ptr.work_dir) if self.ptr else None

    @property
    def standard_input(self):
        """stdin path."""
        return cpath(self.ptr.std_in) if self.ptr else None

    @property
    def standard_output(self):
        """stdout path (with ``%j`` etc. as given)."""
        return cpath(self.ptr.std_out) if self.ptr else None

    @property
    def standard_error(self):
        """stderr path."""
        return cpath(self.ptr.std_err) if self.ptr else None

    @property
    def comment(self):
        """The user's comment."""
        return cstr(self.ptr.comment) if self.ptr else None

    @property
    def admin_comment(self):
        """An administrator's comment."""
        return cstr(self.ptr.admin_comment) if self.ptr else None

    @property
    def system_comment(self):
        """slurmctld's comment."""
        return cstr(self.ptr.system_comment) if self.ptr else None

    @property
    def mail_user(self):
        """Mail recipients (a fresh list)."""
        return _split(self.ptr.mail_user) if self.ptr else None

    @property
    def mail_types(self):
        """Mail events (``["BEGIN", "END", ...]``, a fresh list)."""
        return _mail_names(self.ptr.mail_type) if self.ptr else None

    # -- exit -------------------------------------------------------------------------
    @property
    def exit_code(self):
        """Exit status of the batch script (None until it ends)."""
        if not self.ptr or self.ptr.exit_code == NO_VAL:
            return None
        return (self.ptr.exit_code >> 8) & 0xff

    @property
    def exit_code_signal(self):
        """The signal that ended the batch script (0: none)."""
        if not self.ptr or self.ptr.exit_code == NO_VAL:
            return None
        return self.ptr.exit_code & 0x7f

    @property
    def derived_exit_code(self):
        """Highest exit status of all steps."""
        if not self.ptr or self.ptr.derived_ec == NO_VAL:
            return None
        return (self.ptr.derived_ec >> 8) & 0xff

    @property
    def derived_exit_code_signal(self):
        """Signal of :attr:`derived_exit_code`."""
        if not self.ptr or self.ptr.derived_ec == NO_VAL:
            return None
        return self.ptr.derived_ec & 0x7f

    # -- arrays and het jobs -------------------------------------------------------------
    @property
    def array_id(self):
        """The array's master job id (None for a non-array job)."""
        if not self.ptr or self.ptr.array_job_id == 0:
            return None
        return u32(self.ptr.array_job_id)

    @property
    def array_job_id(self):
        """Same as :attr:`array_id`."""
        return self.array_id

    @property
    def array_task_id(self):
        """This task's index in its array (None otherwise; for a Job
        addressed as ``"1234_7"`` the 7, also while the task is still in
        the array's pending record)."""
        if self._task is not None:
            return self._task
        if not self.ptr or self.array_id is None:
            return None
        return u32(self.ptr.array_task_id)

    @property
    def array_tasks_waiting(self):
        """Indices of the array's tasks still pending in this record (``"3-15"``)."""
        if not self.ptr:
            return None
        s = cstr(self.ptr.array_task_str)
        return s.split("%", 1)[0] if s else None

    @property
    def array_tasks_parallel(self):
        """Maximum number of the array's tasks running at once (``%N``)."""
        if not self.ptr or self.ptr.array_max_tasks == 0:
            return None
        return u32(self.ptr.array_max_tasks)

    @property
    def heterogeneous_id(self):
        """Het job leader's id (None otherwise)."""
        if not self.ptr or self.ptr.het_job_id == 0:
            return None
        return u32(self.ptr.het_job_id)

    @property
    def heterogeneous_offset(self):
        """Component index of a het job."""
        if not self.ptr or self.ptr.het_job_id == 0:
            return None
        return u32(self.ptr.het_job_offset)

    # -- more of the reference's attributes -----------------------------------------
    @property
    def node_reboot_required(self):
        """Whether the nodes are rebooted before the job starts (``--reboot``)."""
        return bool(self.ptr.reboot) if self.ptr else None

    @property
    def preempt_eligible_time(self):
        """When the job becomes eligible for preemption (unix time)."""
        return timestamp(self.ptr.preemptable_time) if self.ptr else None

    @property
    def mcs_label(self):
        """MCS label."""
        return cstr(self.ptr.mcs_label) if self.ptr else None

    @property
    def batch_constraints(self):
        """Features the node running the batch script must have (``--batch``;
        a fresh list)."""
        return _split(self.ptr.batch_features, "&") if self.ptr else None

    @property
    def cluster_constraints(self):
        """Features a cluster must have (``--cluster-constraint``; a fresh list)."""
        return _split(self.ptr.cluster_features) if self.ptr else None

    @property
    def federation_origin(self):
        """Name of the federation cluster the job came from."""
        return cstr(self.ptr.fed_origin_str) if self.ptr else None

    @property
    def federation_siblings_active(self):
        """Bitmap (int) of the federation siblings the job is active on."""
        if not self.ptr or self.ptr.fed_siblings_active == 0:
            return None
        return self.ptr.fed_siblings_active

    @property
    def federation_siblings_viable(self):
        """Bitmap (int) of the federation siblings the job may run on."""
        if not self.ptr or self.ptr.fed_siblings_viable == 0:
            return None
        return self.ptr.fed_siblings_viable

    @property
    def cpus_per_gpu(self):
        """CPUs per GPU (``--cpus-per-gpu``)."""
        return _gpu_value(cstr(self.ptr.cpus_per_tres)) if self.ptr else None

    @property
    def boards_per_node(self):
        """Boards per node requested."""
        return _nonzero(u16(self.ptr.boards_per_node)) if self.ptr else None

    @property
    def sockets_per_board(self):
        """Sockets per board requested."""
        return _nonzero(u16(self.ptr.sockets_per_board)) if self.ptr else None

    @property
    def sockets_per_node(self):
        """Sockets per node requested (``--sockets-per-node``)."""
        return _nonzero(u16(self.ptr.sockets_per_node)) if self.ptr else None

    @property
    def cores_per_socket(self):
        """Cores per socket requested (``--cores-per-socket``)."""
        return _nonzero(u16(self.ptr.cores_per_socket)) if self.ptr else None

    @property
    def threads_per_core(self):
        """Threads per core requested (``--threads-per-core``)."""
        return _nonzero(u16(self.ptr.threads_per_core)) if self.ptr else None

    @property
    def ntasks_per_board(self):
        """Tasks per board requested."""
        return _nonzero(u16(self.ptr.ntasks_per_board)) if self.ptr else None

    @property
    def ntasks_per_socket(self):
        """Tasks per socket requested (``--ntasks-per-socket``)."""
        return _nonzero(u16(self.ptr.ntasks_per_socket)) if self.ptr else None

    @property
    def ntasks_per_core(self):
        """Tasks per core requested (``--ntasks-per-core``)."""
        return _nonzero(u16(self.ptr.ntasks_per_core)) if self.ptr else None

    @property
    def ntasks_per_gpu(self):
        """Tasks per GPU requested (``--ntasks-per-gpu``)."""
        return _nonzero(u16(self.ptr.ntasks_per_tres)) if self.ptr else None

    @property
    def delay_boot_time(self):
        """How long (minutes) the job may wait for nodes to reboot before
        it runs without the reboot (``--delay-boot``)."""
        if not self.ptr or self.ptr.delay_boot == NO_VAL:
            return None
        v = u32(self.ptr.delay_boot)
        return v if v == UNLIMITED else v // 60

    @property
    def requires_contiguous_nodes(self):
        """Whether the job needs contiguous nodes (``--contiguous``)."""
        return bool(self.ptr.contiguous) if self.ptr else None

    @property
    def network(self):
        """Network specification (``--network``)."""
        return cstr(self.ptr.network) if self.ptr else None

    @property
    def container(self):
        """OCI container bundle path (``--container``)."""
        return cstr(self.ptr.container) if self.ptr else None

    @property
    def required_switches(self):
        """Maximum number of leaf switches wanted (``--switches``; 0: none asked)."""
        return u32(self.ptr.req_switch) if self.ptr else None

    @property
    def max_wait_time_switches(self):
        """Seconds the job may wait for :attr:`required_switches`."""
        return u32(self.ptr.wait4switch) if self.ptr else None

    @property
    def burst_buffer(self):
        """Burst buffer specification."""
        return cstr(self.ptr.burst_buffer) if self.ptr else None

    @property
    def burst_buffer_state(self):
        """Burst buffer state."""
        return cstr(self.ptr.burst_buffer_state) if self.ptr else None

    @property
    def cpu_frequency_min(self):
        """Minimum CPU frequency (kHz, or ``"Low"``, ``"Medium"``,
        ``"High"``, ``"HighM1"``), None when not requested."""
        return _cpu_freq(self.ptr.cpu_freq_min) if self.ptr else None

    @property
    def cpu_frequency_max(self):
        """Maximum CPU frequency (kHz or a name as :attr:`cpu_frequency_min`)."""
        return _cpu_freq(self.ptr.cpu_freq_max) if self.ptr else None

    @property
    def cpu_frequency_governor(self):
        """CPU frequency governor (``"OnDemand"``, ``"Performance"``, ...)."""
        return _cpu_freq(self.ptr.cpu_freq_gov) if self.ptr else None

    @property
    def billable_tres(self):
        """Billable TRES (float); None when not computed yet."""
        if not self.ptr:
            return None
        v = self.ptr.billable_tres
        if v < 0 or v == <double>NO_VAL:
            return None
        return v

    @property
    def cores_reserved_for_system(self):
        """Cores reserved for system use on each node (``--core-spec``)."""
        if not self.ptr or self.ptr.core_spec == NO_VAL16 or \
                (self.ptr.core_spec & CORE_SPEC_THREAD):
            return None
        return self.ptr.core_spec

    @property
    def threads_reserved_for_system(self):
        """Threads reserved for system use on each node (``--thread-spec``)."""
        if not self.ptr or self.ptr.core_spec == NO_VAL16 or \
                not (self.ptr.core_spec & CORE_SPEC_THREAD):
            return None
        return self.ptr.core_spec & ~(<uint16_t>CORE_SPEC_THREAD)

    @property
    def memory_per_gpu(self):
        """Memory per GPU in MiB (``--mem-per-gpu``)."""
        return _gpu_value(cstr(self.ptr.mem_per_tres), True) if self.ptr else None

    @property
    def profile_types(self):
        """What ``acct_gather_profile`` records (``["ENERGY", "TASK"]``,
        ``["NONE"]``, ``["ALL"]``; a fresh list; None when not set)."""
        if not self.ptr:
            return None
        p = self.ptr.profile
        if p == ACCT_GATHER_PROFILE_NOT_SET or p == NO_VAL:
            return None
        if p == ACCT_GATHER_PROFILE_ALL:
            return ["ALL"]
        if p == ACCT_GATHER_PROFILE_NONE:
            return ["NONE"]
        return [n for bit, n in ((ACCT_GATHER_PROFILE_ENERGY, "ENERGY"),
                                 (ACCT_GATHER_PROFILE_TASK, "TASK"),
                                 (ACCT_GATHER_PROFILE_LUSTRE, "LUSTRE"),
                                 (ACCT_GATHER_PROFILE_NETWORK, "NETWORK")) if p & bit]

    @property
    def gres_binding(self):
        """``"enforce-binding"`` or ``"disable-binding"`` (``--gres-flags``), or None."""
        if not self.ptr:
            return None
        if self.ptr.bitflags & GRES_ENFORCE_BIND:
            return "enforce-binding"
        if self.ptr.bitflags & GRES_DISABLE_BIND:
            return "disable-binding"
        return None

    @property
    def gres_tasks_per_sharing(self):
        """``"one-task-per-sharing"`` or ``"multiple-tasks-per-sharing"``
        (``--gres-flags``, Slurm 24.11+), or None."""
        if not self.ptr:
            return None
        return cstr(pyslurm_job_gres_tasks_per_sharing(self.ptr.bitflags))

    @property
    def kill_on_invalid_dependency(self):
        """True/False when ``--kill-on-invalid-dep`` was given, else None
        (the cluster's default applies)."""
        if not self.ptr:
            return None
        if self.ptr.bitflags & KILL_INV_DEP:
            return True
        if self.ptr.bitflags & NO_KILL_INV_DEP:
            return False
        return None

    @property
    def spreads_over_nodes(self):
        """Whether the job is spread over as many nodes as possible (``--spread-job``)."""
        return bool(self.ptr.bitflags & SPREAD_JOB) if self.ptr else None

    @property
    def is_cronjob(self):
        """Whether the job came from scrontab."""
        return bool(self.ptr.bitflags & CRON_JOB) if self.ptr else None

    @property
    def cronjob_time(self):
        """The scrontab time specification of a cron job."""
        return cstr(self.ptr.cronspec) if self.ptr else None

    def get_resource_layout_per_node(self):
        """What the job has on each of its nodes, as
        ``scontrol show job -d`` prints it (``Nodes=c1 CPU_IDs=0-1
        Mem=1000 GRES=...``).

        The job must be loaded (:meth:`Job.load` or :meth:`Jobs.load`
        ask for these details); a pending job has no layout.

        Returns:
            dict: ``{node: {"cpu_ids": "0-3", "memory": MiB or None,
            "gres": {...}}}`` (``gres`` as :func:`pyslurm.node.parse_gres`
            reads it; ``{}`` without GRES).  ``{}`` when the job has no
            allocation.

        Examples:
            >>> pyslurm.Job.load(1234).get_resource_layout_per_node()  # doctest: +SKIP
            {'c1': {'cpu_ids': '0-1', 'memory': 1000, 'gres': {}}}
        """
        from pyslurm.node import parse_gres
        cdef uint32_t n, i, k, ncores = 0, cpus = 0
        cdef uint64_t mem = 0
        cdef unsigned char *cores = NULL
        if not self.ptr or not self.ptr.job_resrcs:
            return {}
        n = pyslurm_job_res_nhosts(self.ptr)
        names = hostlist.expand(cstr(self.ptr.nodes) or "")
        out = {}
        cores = <unsigned char *>malloc(0x10000)     # sockets x cores fit in 16 bits
        if cores == NULL:
            raise MemoryError()
        try:
            for i in range(min(n, len(names))):
                if pyslurm_job_res_node(self.ptr, i, cores, 0x10000,
                                        &ncores, &cpus, &mem) != 0:
                    continue
                ids = [k for k in range(ncores) if cores[k]]
                gres = None
                if self.ptr.gres_detail_str != NULL and i < self.ptr.gres_detail_cnt:
                    gres = cstr(self.ptr.gres_detail_str[i])
                out[names[i]] = {
                    "cpu_ids": jobs_util.ranges(ids),
                    "memory": None if mem == NO_VAL64 else mem,
                    "gres": parse_gres(gres),
                }
        finally:
            free(cores)
        return out

    def to_dict(self):
        """Every attribute as a plain dict.  Never fails because of one
        attribute: one that cannot be read is None."""
        try:
            return _JOB_READER.read(self)      # every property's C getter in turn
        except Exception:
            pass
        out = {}
        for name in _JOB_FIELDS:
            try:
                out[name] = getattr(self, name)
            except Exception:
                out[name] = None
        return out

    # -- actions ------------------------------------------------------------------------
    def cancel(self):
        """Cancel the job (all of its steps).

        Implements ``slurm_kill_job`` with SIGKILL.

        Raises:
            JobNotFoundError: unknown job.
            InvalidStateError: the job already finished.
            RPCError: any other refusal.

        Examples:
            >>> pyslurm.Job(1234).cancel()   # doctest: +SKIP
        """
        self._kill(9, 0, "slurm_kill_job")

    def send_signal(self, signal, steps="children", hurry=False):
        """Send a signal to a running job.

        Implements ``slurm_kill_job``.

        Args:
            signal: ``"SIGUSR1"``, ``"USR1"`` or a number.
            steps: ``"children"`` (every step but the batch shell, the
                default), ``"batch"`` (only the batch shell) or ``"all"``.
            hurry: skip burst buffer stage-out.

        Raises:
            ValueError: unknown signal or ``steps`` value.
            RPCError: the controller refused (e.g. ``InvalidStateError``
                for a pending job).

        Examples:
            >>> pyslurm.Job(1234).send_signal("USR1", steps="batch")   # doctest: +SKIP
        """
        cdef uint16_t flags = 0
        num = jobs_util.parse_signal(signal)
        mode = steps.lower() if isinstance(steps, str) else steps
        if mode == "all":
            flags |= KILL_FULL_JOB
        elif mode == "batch":
            flags |= KILL_JOB_BATCH
        elif mode != "children":
            raise ValueError(f"invalid value for steps: {steps!r} "
                             f"(expected 'children', 'batch' or 'all')")
        if hurry:
            flags |= KILL_HURRY
        self._kill(num, flags, "slurm_kill_job")

    def _kill(self, int signal, int flags, str what):
        cdef uint32_t jid = self._id
        cdef uint16_t sig = signal, fl = flags
        cdef int rc, err = 0
        cdef bytes bref
        cdef const char *cref = NULL
        ref = self._ref()
        if ref is not None:
            bref = ref.encode()
            cref = bref
        ensure_init()
        with nogil:
            if cref != NULL:
                rc = slurm_kill_job2(cref, sig, fl, NULL)
            else:
                rc = pyslurm_kill_job(jid, sig, fl)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"{what}({ref or jid})")

    def _resolve(self):
        """The job id the id-only calls (notify, batch script) take: an
        array task's own id once it runs, else the array's pending record."""
        if self._ref() is None:
            return self._id
        return (<Job>Job.load(self._ref()))._id

    def suspend(self):
        """Suspend a running job.  Implements ``slurm_suspend``.

        Raises:
            RPCError: e.g. ``InvalidStateError`` when not running, or
                ``PermissionDeniedError`` for non-operators.
        """
        cdef uint32_t jid = self._id
        cdef int rc, err = 0
        ref = self._ref()
        if ref is not None:
            return _by_ref("suspend", ref, 0)
        ensure_init()
        with nogil:
            rc = pyslurm_suspend(jid)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"slurm_suspend({jid})")

    def unsuspend(self):
        """Resume a suspended job.  Implements ``slurm_resume``.

        Raises:
            RPCError: e.g. ``InvalidStateError`` when not suspended.
        """
        cdef uint32_t jid = self._id
        cdef int rc, err = 0
        ref = self._ref()
        if ref is not None:
            return _by_ref("resume", ref, 0)
        ensure_init()
        with nogil:
            rc = pyslurm_resume(jid)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"slurm_resume({jid})")

    def requeue(self, hold=False):
        """Requeue a job (it must be requeueable).  Implements ``slurm_requeue``.

        Args:
            hold: keep the requeued job held (``REQUEUE_HOLD``).

        Raises:
            RPCError: the controller refused (e.g. a pending job).
        """
        cdef uint32_t jid = self._id
        cdef uint32_t flags = JOB_REQUEUE_HOLD if hold else 0
        cdef int rc, err = 0
        ref = self._ref()
        if ref is not None:
            return _by_ref("requeue", ref, flags)
        ensure_init()
        with nogil:
            rc = pyslurm_requeue(jid, flags)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"slurm_requeue({jid})")

    def notify(self, msg):
        """Write a message to the job's output (``srun``-launched steps show
        it; a batch-only job may not).  Implements ``slurm_notify_job``.

        Raises:
            RPCError: e.g. ``InvalidStateError`` when the job is not running.
        """
        cdef uint32_t jid
        cdef bytes b = str(msg).encode("utf-8")
        if b"\0" in b:
            raise ValueError(f"invalid value for msg: {msg!r} (NUL character)")
        cdef char *cmsg = b
        cdef int rc, err = 0
        jid = self._resolve()
        ensure_init()
        with nogil:
            rc = pyslurm_notify_job(jid, cmsg)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"slurm_notify_job({jid})")

    def get_batch_script(self):
        """The job's batch script.  Implements ``slurm_job_batch_script``.

        Returns:
            str

        Raises:
            RPCError: unknown job, not a batch job, or no permission.
        """
        cdef uint32_t jid
        cdef char *text = NULL
        cdef size_t length = 0
        cdef int rc, err = 0
        jid = self._resolve()
        ensure_init()
        with nogil:
            rc = pyslurm_job_batch_script(jid, &text, &length)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        try:
            _raise_for(rc, err, f"slurm_job_batch_script({jid})")
            # bytes that are not UTF-8 stay surrogate escapes: encoding
            # with "surrogateescape" gives the script's bytes back
            return text[:length].decode("utf-8", "surrogateescape") if text != NULL else ""
        finally:
            free(text)

    def modify(self, changes):
        """Change the job.  Implements ``slurm_update_job``.

        Args:
            changes (JobSubmitDescription): the options to change; options
                left unset are not touched, a string option set to ``""``
                is cleared.

        Raises:
            ValueError: an invalid value (before any RPC).
            RPCError: the controller refused the change.

        Examples:
            >>> changes = pyslurm.JobSubmitDescription(time_limit="20-00:00:00")
            >>> pyslurm.Job(1234).modify(changes)   # doctest: +SKIP
        """
        if not isinstance(changes, JobSubmitDescription):
            raise TypeError("modify() takes a JobSubmitDescription")
        _update(self._id, changes._options, None, self._ref())

    def hold(self, mode=None):
        """Hold a pending job.

        Args:
            mode: ``None``/``"admin"`` (only an operator may release it) or
                ``"user"`` (its owner may release it too).

        Raises:
            ValueError: unknown ``mode``.
            RPCError: e.g. ``InvalidStateError`` for a job that is not pending.

        Examples:
            >>> pyslurm.Job(1234).hold(mode="user")   # doctest: +SKIP
        """
        if mode not in (None, "admin", "user"):
            raise ValueError(f"invalid value for mode: {mode!r} (expected 'admin' or 'user')")
        _update(self._id, {}, "user-hold" if mode == "user" else "hold", self._ref())

    def release(self):
        """Release a held job.

        Raises:
            RPCError: e.g. ``InvalidStateError`` for a job that is not pending.
        """
        _update(self._id, {}, "release", self._ref())

    # -- real-time statistics (pyslurm.stats) -------------------------------------
    def load_stats(self):
        """Load real-time statistics of the job and its running steps.

        Implements ``slurm_job_step_stat`` for every running step (the
        numbers ``sstat`` shows).  Fills :attr:`stats`, :attr:`pids`
        (``{node name: [pid, ...]}``) and :attr:`steps` (each step with its
        own ``stats`` and ``pids``).  A job without running steps (pending or
        finished) gets empty statistics.  See :mod:`pyslurm.stats` for units.

        Returns:
            JobStatistics: the statistics of the job.

        Raises:
            JobNotFoundError: no such job.
            RPCError: the controller or a node refused or did not answer.
            PyslurmError: pyslurm was built without Slurm's libslurmfull.

        Examples:
            >>> job = pyslurm.Job.load(1234)        # doctest: +SKIP
            >>> stats = job.load_stats()            # doctest: +SKIP
            >>> print(stats.total_cpu_time)         # doctest: +SKIP
            12.34
            >>> print(job.pids)                     # doctest: +SKIP
            {'c1': [4711, 4712]}
        """
        from pyslurm.stats import load_job_stats
        return load_job_stats(self)


_JOB_FIELDS = tuple(
    name for name, value in vars(Job).items()
    if not name.startswith("_") and type(value).__name__ == "getset_descriptor")
cdef FieldReader _JOB_READER = FieldReader(Job)


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------
def _uid(user):
    """The uid of ``user`` (a name or a uid; None stays None)."""
    if user is None:
        return None
    if not isinstance(user, str):
        return values.uid("user", user)
    try:
        return pwd.getpwnam(values.text("user", user)).pw_uid
    except KeyError:
        raise ValueError(f"invalid value for user: {user!r} (unknown user)") from None


class Jobs(MultiClusterMap):
    """A collection of :class:`Job`, keyed by cluster and id.

    Args:
        jobs: a list of ids or Jobs, a ``{id: Job}`` dict, or ``"1,2,3"``.
        frozen: see :meth:`reload`.

    Examples:
        >>> pyslurm.Jobs("1,2")
        pyslurm.Jobs({1: pyslurm.Job(1), 2: pyslurm.Job(2)})
    """

    _item_type = Job
    _id_attr = "id"
    _key_type = staticmethod(values.job_id)

    def __init__(self, jobs=None, frozen=False, **kwargs):
        super().__init__(jobs, **kwargs)
        self.frozen = frozen
        self.last_update = None
        self._user = None

    @classmethod
    def load(cls, user=None, frozen=False, preload_passwd_info=False):
        """Load every job the controller holds (one ``slurm_load_jobs``
        call), or one user's jobs (``slurm_load_job_user``).

        Args:
            user: a user name or uid; default: every user.
            frozen: see :meth:`reload`.
            preload_passwd_info: read the whole passwd and group databases
                once, so that ``user_name``/``group_name`` of many jobs
                cost no lookup each.

        Returns:
            Jobs

        Raises:
            ValueError: unknown user name.
            RPCError: the controller refused or did not answer.

        Examples:
            >>> jobs = pyslurm.Jobs.load()                  # doctest: +SKIP
            >>> running = jobs.filter(state="RUNNING")      # doctest: +SKIP
        """
        uid = _uid(user)
        _names.clear()
        if preload_passwd_info:
            try:
                _names.update((("u", p.pw_uid), p.pw_name) for p in pwd.getpwall())
                _names.update((("g", g.gr_gid), g.gr_name) for g in grp.getgrall())
            except OSError:
                pass
        jobs = cls(frozen=frozen)
        jobs._user = uid
        _load_into(jobs, uid, 0)
        return jobs

    @classmethod
    def load_fields(cls, fields, as_tuples=False, user=None, update_time=None):
        """Load every job with one RPC, but read only ``fields``: a list of
        plain records instead of :class:`Job` objects.

        Each value is what the :class:`Job` attribute of the same name
        gives; no Job (and no copy of a job record) is made, so this is
        the cheap way to poll a few attributes of many jobs, e.g. the
        states of every tracked job.

        Args:
            fields: Job attribute names, e.g. ``["id", "state", "exit_code"]``.
            as_tuples: give each record as a tuple in ``fields`` order
                instead of a dict.
            user: only this user's jobs (a name or uid), as in :meth:`load`.
            update_time: a previous load's ``last_update``: None is
                returned when nothing changed since (the cheap poll).

        Returns:
            list: one dict (or tuple) per job, in the controller's order;
            None when nothing changed since ``update_time``.

        Raises:
            ValueError: a name in ``fields`` is not a Job attribute, or an
                unknown user (raised before any RPC).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> pyslurm.Jobs.load_fields(["id", "state"])   # doctest: +SKIP
            [{'id': 4711, 'state': 'RUNNING'}]
        """
        reader = field_reader(Job, fields)
        if user is not None and update_time is not None:
            raise ValueError("invalid value for update_time: Slurm's per-user load "
                             "has no 'changed since' form (give user or update_time)")
        return _load_fields(reader, as_tuples, _uid(user), update_time or 0)

    def reload(self):
        """Reload the jobs of this collection.

        Cheap when nothing changed: the controller is asked for changes
        since :attr:`last_update` and answers "no change" without sending
        the jobs.  Without ``frozen``, jobs that left the controller are
        removed and new ones added (as :meth:`load`); with ``frozen``, only
        the jobs already present are updated, and none is removed.

        Returns:
            bool: True when the controller had changes.
        """
        fresh = type(self)(frozen=self.frozen)
        if not _load_into(fresh, self._user, self.last_update or 0):
            return False
        if self.frozen:
            for cluster, items in self.data.items():
                for key in list(items):
                    new = fresh.data.get(cluster, {}).get(key)
                    if new is not None:
                        items[key] = new
        else:
            self.data = fresh.data
        self.last_update = fresh.last_update
        return True

    def load_steps(self):
        """Load the steps of every job in this collection with one
        ``slurm_get_job_steps`` call, filling each Job's ``steps`` (a
        :class:`pyslurm.JobSteps`; empty for a job without steps, such as
        a pending one).

        Raises:
            RPCError: the controller refused or did not answer.
        """
        from pyslurm.step import JobSteps
        by_job = JobSteps.load_all()
        for job in self.values():
            job.steps = by_job.get(job.id) or JobSteps(job_id=job.id)

    #: JobStatistics of the collection, filled by :meth:`load_stats`.
    stats = None

    def load_stats(self):
        """Load real-time statistics of every job in the collection.

        Calls :meth:`load_steps` (one RPC), then ``slurm_job_step_stat``
        for every running step.  Fills each job's ``stats`` and ``pids``
        (see :meth:`Job.load_stats`) and this collection's :attr:`stats`,
        the sum over the jobs.  Pending jobs are skipped: they have no
        statistics yet.

        Returns:
            JobStatistics: the statistics of the collection.

        Raises:
            RPCError: the controller or a node refused or did not answer.
            PyslurmError: pyslurm was built without Slurm's libslurmfull.

        Examples:
            >>> jobs = pyslurm.Jobs.load()          # doctest: +SKIP
            >>> stats = jobs.load_stats()           # doctest: +SKIP
            >>> print(stats.total_cpu_time)         # doctest: +SKIP
            42.5
        """
        from pyslurm.stats import load_jobs_stats
        return load_jobs_stats(self)

    @property
    def memory(self):
        """Total memory of the jobs in MiB (jobs with unknown memory count 0)."""
        return sum(j.memory or 0 for j in self.values())

    @property
    def cpus(self):
        """Total CPUs of the jobs."""
        return sum(j.cpus or 0 for j in self.values())

    @property
    def ntasks(self):
        """Total tasks of the jobs."""
        return sum(j.ntasks or 0 for j in self.values())

    @property
    def elapsed_cpu_time(self):
        """Total CPU-seconds used so far (run_time times cpus)."""
        return sum(j.elapsed_cpu_time or 0 for j in self.values())


cdef bint _load_msg(job_info_msg_t **msg, object user, long since) except -1:
    """One slurm_load_jobs (or slurm_load_job_user for uid ``user``) into
    ``msg``; False when the controller reports no change since ``since``."""
    cdef int rc, err = 0
    cdef uint32_t uid = user if user is not None else 0
    cdef bint by_user = user is not None
    ensure_init()
    with nogil:
        if by_user:
            rc = slurm_load_job_user(msg, uid, SHOW_ALL | SHOW_DETAIL | SHOW_LOCAL)
        else:
            rc = slurm_load_jobs(since, msg, SHOW_ALL | SHOW_DETAIL)
        if rc != SLURM_SUCCESS:
            err = pyslurm_errno()
    if rc == SLURM_NO_CHANGE_IN_DATA or (rc == SLURM_ERROR and err == SLURM_NO_CHANGE_IN_DATA):
        if msg[0] != NULL:
            slurm_free_job_info_msg(msg[0])
            msg[0] = NULL
        return False
    _raise_for(rc, err, "slurm_load_job_user" if by_user else "slurm_load_jobs")
    return True


def _load_into(jobs, user, last_update):
    """Fill ``jobs`` from one RPC; False when the controller reports no
    change since ``last_update``."""
    cdef job_info_msg_t *msg = NULL
    cdef uint32_t i
    cdef Job job
    cdef dict bucket
    try:
        if not _load_msg(&msg, user, last_update):
            return False
        jobs.last_update = msg.last_update
        bucket = None               # the cluster's dict (one cluster per message)
        for i in range(msg.record_count):
            job = Job.from_record(&msg.job_array[i])
            if bucket is None:
                bucket = jobs.data.setdefault(job.cluster, {})
            bucket[job._id] = job
    finally:
        if msg != NULL:
            slurm_free_job_info_msg(msg)
    return True


def _load_fields(FieldReader reader, bint as_tuples, user, long since):
    """``reader``'s fields of every job of one RPC, read through one Job
    pointed at each record in turn (no Job, no copy per job); None when
    nothing changed since ``since``."""
    cdef job_info_msg_t *msg = NULL
    cdef uint32_t i
    cdef Job cursor = Job.__new__(Job)
    cdef list out = []
    try:
        if not _load_msg(&msg, user, since):
            return None
        for i in range(msg.record_count):
            cursor.ptr = &msg.job_array[i]
            cursor._id = cursor.ptr.job_id
            out.append(reader.read_tuple(cursor) if as_tuples else reader.read(cursor))
    finally:
        cursor.ptr = NULL               # borrowed: the message frees it
        if msg != NULL:
            slurm_free_job_info_msg(msg)
    return out


# ---------------------------------------------------------------------------
# JobSubmitDescription
# ---------------------------------------------------------------------------
def _text(name, path=False):
    """A one-line text option (no control characters)."""
    def parse(value):
        return values.text(name, value, path=path)
    return parse


def _count(name, lo=0, hi=values.U16_MAX):
    def parse(value):
        return values.integer(name, value, lo, hi)
    return parse


def _flag(name):
    def parse(value):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("yes", "true", "1", "no", "false", "0"):
            return value.lower() in ("yes", "true", "1")
        raise ValueError(f"invalid value for {name}: {value!r} (expected True or False)")
    return parse


def _exclusive(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("user", "mcs"):
        return value.lower()
    raise ValueError(f"invalid value for exclusive: {value!r} "
                     f"(expected True, False, 'user' or 'mcs')")


_GRES_RE = re.compile(r"[A-Za-z0-9_]+(?::[A-Za-z0-9_.\-]+)*", re.ASCII)


def _gres_count_ok(item):
    """The count of ``name[:type][:count]`` is within uint64 (not a sentinel)."""
    last = item.rsplit(":", 1)[-1]
    return not values.digits(last) or int(last) <= values.U64_MAX


def _gres(value):
    if isinstance(value, dict):
        items = [f"{k}:{v}" for k, v in value.items()]
    else:
        try:
            items = jobs_util.split_list(value, "gres")
        except ValueError:
            raise ValueError(f"invalid value for gres: {value!r}") from None
    out = []
    for it in items:
        it = it[5:] if it.startswith(("gres:", "gres/")) else it
        if not _GRES_RE.fullmatch(it) or not _gres_count_ok(it):
            raise ValueError(f"invalid value for gres: {value!r} (expected e.g. 'gpu:2', "
                             f"a count up to {values.U64_MAX})")
        out.append(it)
    if not out:
        raise ValueError(f"invalid value for gres: {value!r}")
    return out


def _gpus(value):
    if isinstance(value, bool):
        raise ValueError(f"invalid value for gpus: {value!r}")
    if not (isinstance(value, str) or values.is_int(value)):
        raise ValueError(f"invalid value for gpus: {value!r} (expected N or 'type:N')")
    text = str(value)
    last = text.rsplit(":", 1)[-1]
    if not _GRES_RE.fullmatch(text) or not values.digits(last) \
            or int(last) > values.U32_MAX:
        raise ValueError(f"invalid value for gpus: {value!r} (expected N or 'type:N', "
                         f"N up to {values.U32_MAX})")
    return text


def _nice(value):
    return values.integer("nice", value, -2147483645, 2147483645, strings=False)


def _script_args(value):
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as e:
            raise ValueError(f"invalid value for script_args: {value!r} ({e})") from None
    if isinstance(value, (list, tuple)) and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        out = [str(v) for v in value]
        for v in out:
            if "\0" in v:
                raise ValueError(f"invalid value for script_args: {value!r} (NUL character)")
        return out
    raise ValueError(f"invalid value for script_args: {value!r} (a list of strings)")


def _environment(value):
    jobs_util.build_environment(value, base={})   # validates
    return value


def _constraints(value):
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) and v and "&" not in v for v in value):
            raise ValueError(f"invalid value for constraints: {value!r}")
        value = "&".join(value)
    return values.text("constraints", value)


_LICENSE_RE = re.compile(r"[A-Za-z0-9_.@\-]+", re.ASCII)


def _licenses(value):
    items = jobs_util.split_list(value, "licenses") if not isinstance(value, dict) else [
        f"{k}:{v}" for k, v in value.items()]
    for it in items:
        name, _, count = it.partition(":")
        if not _LICENSE_RE.fullmatch(name) or (count and not (
                values.digits(count) and int(count) <= values.U32_MAX)):
            raise ValueError(f"invalid value for licenses: {value!r} (expected e.g. "
                             f"'matlab:2', counts up to {values.U32_MAX})")
    if not items:
        raise ValueError(f"invalid value for licenses: {value!r}")
    return ",".join(items)


def _mail_user(value):
    return values.text("mail_user", ",".join(jobs_util.split_list(value, "mail_user")))


def _gres_binding(value):
    if isinstance(value, str) and value.strip().lower() in ("enforce-binding", "disable-binding"):
        return value.strip().lower()
    raise ValueError(f"invalid value for gres_binding: {value!r} "
                     f"(expected 'enforce-binding' or 'disable-binding')")


_PROFILE_BITS = {"none": ACCT_GATHER_PROFILE_NONE, "all": ACCT_GATHER_PROFILE_ALL,
                 "energy": ACCT_GATHER_PROFILE_ENERGY, "task": ACCT_GATHER_PROFILE_TASK,
                 "lustre": ACCT_GATHER_PROFILE_LUSTRE, "network": ACCT_GATHER_PROFILE_NETWORK}


def _profile_types(value):
    try:
        items = [v.strip().lower() for v in jobs_util.split_list(value, "profile_types")]
    except ValueError:
        items = []
    if not items or any(i not in _PROFILE_BITS for i in items) or \
            (len(items) > 1 and ("none" in items or "all" in items)):
        raise ValueError(f"invalid value for profile_types: {value!r} (expected 'all', "
                         f"'none' or some of 'energy', 'task', 'lustre', 'network')")
    return [i.upper() for i in items]


def _delay_boot(value):
    minutes = jobs_util.parse_minutes(value, "delay_boot_time")
    if minutes == UNLIMITED or minutes * 60 >= NO_VAL - 1:
        raise ValueError(f"invalid value for delay_boot_time: {value!r} (too large)")
    return minutes


# "block:cyclic:fcyclic" (stars expanded) -> SLURM_DIST_*
_DIST_CODES = {
    "block": SLURM_DIST_BLOCK, "cyclic": SLURM_DIST_CYCLIC,
    "block:block": SLURM_DIST_BLOCK_BLOCK, "block:cyclic": SLURM_DIST_BLOCK_CYCLIC,
    "block:fcyclic": SLURM_DIST_BLOCK_CFULL, "cyclic:block": SLURM_DIST_CYCLIC_BLOCK,
    "cyclic:cyclic": SLURM_DIST_CYCLIC_CYCLIC, "cyclic:fcyclic": SLURM_DIST_CYCLIC_CFULL,
    "block:block:block": SLURM_DIST_BLOCK_BLOCK_BLOCK,
    "block:block:cyclic": SLURM_DIST_BLOCK_BLOCK_CYCLIC,
    "block:block:fcyclic": SLURM_DIST_BLOCK_BLOCK_CFULL,
    "block:cyclic:block": SLURM_DIST_BLOCK_CYCLIC_BLOCK,
    "block:cyclic:cyclic": SLURM_DIST_BLOCK_CYCLIC_CYCLIC,
    "block:cyclic:fcyclic": SLURM_DIST_BLOCK_CYCLIC_CFULL,
    "block:fcyclic:block": SLURM_DIST_BLOCK_CFULL_BLOCK,
    "block:fcyclic:cyclic": SLURM_DIST_BLOCK_CFULL_CYCLIC,
    "block:fcyclic:fcyclic": SLURM_DIST_BLOCK_CFULL_CFULL,
    "cyclic:block:block": SLURM_DIST_CYCLIC_BLOCK_BLOCK,
    "cyclic:block:cyclic": SLURM_DIST_CYCLIC_BLOCK_CYCLIC,
    "cyclic:block:fcyclic": SLURM_DIST_CYCLIC_BLOCK_CFULL,
    "cyclic:cyclic:block": SLURM_DIST_CYCLIC_CYCLIC_BLOCK,
    "cyclic:cyclic:cyclic": SLURM_DIST_CYCLIC_CYCLIC_CYCLIC,
    "cyclic:cyclic:fcyclic": SLURM_DIST_CYCLIC_CYCLIC_CFULL,
    "cyclic:fcyclic:block": SLURM_DIST_CYCLIC_CFULL_BLOCK,
    "cyclic:fcyclic:cyclic": SLURM_DIST_CYCLIC_CFULL_CYCLIC,
    "cyclic:fcyclic:fcyclic": SLURM_DIST_CYCLIC_CFULL_CFULL,
}


def _dist_code(kind, pack):
    """(kind, pack) of parse_distribution -> task_dist.  A ``*`` level
    takes Slurm's default: block for nodes, cyclic for sockets, and the
    socket level's method for cores."""
    if kind == "arbitrary":
        code = SLURM_DIST_ARBITRARY
    elif kind == "plane":
        code = SLURM_DIST_PLANE
    else:
        levels = kind.split(":")
        if levels[0] == "*":
            levels[0] = "block"
        if len(levels) > 1 and levels[1] == "*":
            levels[1] = "cyclic"
        if len(levels) > 2 and levels[2] == "*":
            levels[2] = levels[1]
        code = _DIST_CODES[":".join(levels)]
    if pack is True:
        code |= SLURM_DIST_PACK_NODES
    elif pack is False:
        code |= SLURM_DIST_NO_PACK_NODES
    return code


def _cpu_freq_code(value):
    if value is None:
        return NO_VAL
    if isinstance(value, int):
        return value
    return _CPU_FREQ_CODES[value]


def _cpu_freq_text(value):
    return str(value) if isinstance(value, int) else _CPU_FREQ_NAMES[_CPU_FREQ_CODES[value]]


def _job_env_extra(dict o):
    """Variables sbatch puts into the job's environment for the options that
    ``srun`` inside the job reads from there."""
    env = []
    if "distribution" in o:
        kind, plane, pack = o["distribution"]
        text = kind + ("" if pack is None else (",Pack" if pack else ",NoPack"))
        env.append(f"SLURM_DISTRIBUTION={text}")
        if plane is not None:
            env.append(f"SLURM_DIST_PLANESIZE={plane}")
    if "cpu_frequency" in o:
        lo, hi, gov = o["cpu_frequency"]
        text = ""
        if lo is not None:
            text = _cpu_freq_text(lo) + "-"
        if hi is not None:
            text += _cpu_freq_text(hi)
        if gov is not None:
            text += (":" if text else "") + _cpu_freq_text(gov)
        env.append(f"SLURM_CPU_FREQ_REQ={text}")
    return env


#: option -> parser returning the normalised value (raises ValueError).
_PARSERS = {
    "script": lambda v: jobs_util.read_script(v),
    "script_args": _script_args,
    "name": _text("name"),
    "working_directory": _text("working_directory", path=True),
    "standard_input": _text("standard_input", path=True),
    "standard_output": _text("standard_output", path=True),
    "standard_error": _text("standard_error", path=True),
    "environment": _environment,
    "partition": _text("partition"),
    "account": _text("account"),
    "qos": _text("qos"),
    "reservation": _text("reservation"),
    "time_limit": lambda v: jobs_util.parse_minutes(v, "time_limit"),
    "time_min": lambda v: jobs_util.parse_minutes(v, "time_min"),
    "nodes": lambda v: jobs_util.parse_node_count(v, "nodes"),
    "ntasks": _count("ntasks", 1, values.U32_MAX),
    "ntasks_per_node": _count("ntasks_per_node", 1),
    "cpus_per_task": _count("cpus_per_task", 1),
    "memory_per_node": lambda v: jobs_util.parse_memory(v, "memory_per_node"),
    "memory_per_cpu": lambda v: jobs_util.parse_memory(v, "memory_per_cpu"),
    "gres": _gres,
    "gpus": _gpus,
    "constraints": _constraints,
    "required_nodes": lambda v: hostlist.checked(
        jobs_util.parse_hostlist(v, "required_nodes"), "required_nodes"),
    "excluded_nodes": lambda v: hostlist.checked(
        jobs_util.parse_hostlist(v, "excluded_nodes"), "excluded_nodes"),
    "dependencies": lambda v: jobs_util.parse_dependencies(v, "dependencies"),
    "array": lambda v: jobs_util.parse_array(v, "array"),
    "begin_time": lambda v: jobs_util.parse_begin_time(v, "begin_time"),
    "requeue": _flag("requeue"),
    "hold": _flag("hold"),
    "nice": _nice,
    "priority": _count("priority", 0, values.U32_MAX),
    "exclusive": _exclusive,
    "comment": _text("comment"),
    "mail_user": _mail_user,
    "mail_types": lambda v: jobs_util.parse_mail_types(v, "mail_types"),
    "signal": lambda v: jobs_util.parse_signal_before_end(v, "signal"),
    "licenses": _licenses,
    "deadline": lambda v: jobs_util.parse_begin_time(v, "deadline"),
    "distribution": lambda v: jobs_util.parse_distribution(v, "distribution"),
    "cpu_frequency": lambda v: jobs_util.parse_cpu_frequency(v, "cpu_frequency"),
    "switches": lambda v: jobs_util.parse_switches(v, "switches"),
    "ntasks_per_socket": _count("ntasks_per_socket", 1),
    "ntasks_per_core": _count("ntasks_per_core", 1),
    "ntasks_per_gpu": _count("ntasks_per_gpu", 1),
    "cpus_per_gpu": _count("cpus_per_gpu", 1),
    "memory_per_gpu": lambda v: jobs_util.parse_memory(v, "memory_per_gpu"),
    "sockets_per_node": _count("sockets_per_node", 1),
    "cores_per_socket": _count("cores_per_socket", 1),
    "threads_per_core": _count("threads_per_core", 1),
    "gres_binding": _gres_binding,
    "delay_boot_time": _delay_boot,
    "contiguous": _flag("contiguous"),
    "spread_job": _flag("spread_job"),
    "kill_on_invalid_dependency": _flag("kill_on_invalid_dependency"),
    "profile_types": _profile_types,
    "temporary_disk_per_node": lambda v: jobs_util.parse_memory(
        v, "temporary_disk_per_node", values.U32_MAX),
    "wckey": _text("wckey"),
    "admin_comment": _text("admin_comment"),
}

_ALIASES = {"stdin": "standard_input", "stdout": "standard_output",
            "stderr": "standard_error", "time_limit_min": "time_min",
            "dependency": "dependencies", "job_name": "name",
            "chdir": "working_directory", "mem": "memory_per_node",
            "mem_per_cpu": "memory_per_cpu", "mem_per_gpu": "memory_per_gpu",
            "cpu_freq": "cpu_frequency", "tmp": "temporary_disk_per_node",
            "requires_contiguous_nodes": "contiguous", "spreads_over_nodes": "spread_job",
            "gres_flags": "gres_binding"}

# String options that an empty string clears when modifying a job.
_CLEARABLE = {"licenses", "comment", "name", "account", "qos", "reservation", "partition",
              "standard_input", "standard_output", "standard_error",
              "constraints", "dependencies", "mail_user", "wckey", "admin_comment"}


class JobSubmitDescription:
    """What ``sbatch`` can say about a job, as keyword arguments.

    Every value is checked when it is set: an invalid one raises
    ``ValueError`` naming the option and the value, before any RPC.  Unset
    options (``None``) are left to Slurm's defaults.  ``#SBATCH`` lines at
    the top of the script are read too; keyword arguments win over them.

    Options:
        script: script text (starting with ``#!``) or a path to a file.
        script_args: arguments of the script (list or a shell string).
        name, working_directory (default: the current directory),
        standard_input/standard_output/standard_error (aliases stdin,
        stdout, stderr), partition, account, qos, reservation, comment.
        environment: None/"ALL" (default: the whole current environment),
            "NONE", a dict of variables, or sbatch's ``--export`` tokens
            (see :func:`pyslurm.jobs_util.build_environment`).
        time_limit, time_min: minutes (int) or any Slurm time string
            (``"mm"``, ``"mm:ss"``, ``"hh:mm:ss"``, ``"d-hh"``,
            ``"d-hh:mm"``, ``"d-hh:mm:ss"``, ``"UNLIMITED"``).
        nodes: ``2`` or ``"2-4"``; unset lets the controller choose.
        ntasks, ntasks_per_node, cpus_per_task: ints.
        memory_per_node, memory_per_cpu: MiB, or strings like ``"2G"``.
        gres: ``"gpu:2"``, a list or a dict; gpus: ``2`` or ``"tesla:2"``.
        constraints: ``"a&b"`` or a list (all required).
        required_nodes, excluded_nodes: hostlists (``"c[1-2]"`` or a list).
        dependencies: ``"afterok:1:2"`` or ``{"afterok": [1, 2]}``.
        array: ``"0-15%4"`` or a list of indices.
        begin_time: unix time, datetime, ``"now+60"`` or ISO date.
        requeue, hold, exclusive (True/"user"/"mcs"): flags.
        nice, priority: ints.
        mail_user, mail_types (``"BEGIN,END"`` or a list).
        signal: ``"USR1@60"`` / ``"B:USR1@90"``: signal before the time limit.
        licenses: ``"matlab:2,fluent"``, a list or a dict.
        deadline: like begin_time; a pending job is cancelled then.
        distribution: sbatch's ``-m``: ``"block"``, ``"cyclic"``,
            ``"arbitrary"``, ``"plane=4"``, ``"block:cyclic"``,
            ``"cyclic:fcyclic:block"``, with ``",Pack"``/``",NoPack"``.
        cpu_frequency: sbatch's ``--cpu-freq``: kHz, ``"low"``,
            ``"medium"``, ``"highm1"``, ``"high"``, a governor
            (``"ondemand"``, ``"performance"``, ``"powersave"``,
            ``"userspace"``, ``"conservative"``, ``"schedutil"``) or
            ``"low-high:ondemand"``.
        switches: ``2`` or ``"2@10:00"`` (count and the longest wait).
        ntasks_per_socket, ntasks_per_core, ntasks_per_gpu, cpus_per_gpu,
        sockets_per_node, cores_per_socket, threads_per_core: ints.
        memory_per_gpu, temporary_disk_per_node: MiB or ``"2G"``.
        gres_binding: ``"enforce-binding"`` or ``"disable-binding"``.
        delay_boot_time: minutes or a Slurm time string.
        contiguous, spread_job, kill_on_invalid_dependency: flags.
        profile_types: ``"task,energy"``, ``"all"``, ``"none"`` or a list.
        wckey, admin_comment: strings.

    Examples:
        >>> desc = pyslurm.JobSubmitDescription(
        ...     script="#!/bin/sh\\nhostname\\n", ntasks=2, time_limit="10",
        ...     memory_per_cpu="1G", standard_output="/tmp/out-%j.txt")
        >>> desc.time_limit
        10
        >>> job_id = desc.submit()                 # doctest: +SKIP
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_options", {})
        object.__setattr__(self, "_script_path", None)
        object.__setattr__(self, "_env_options", {})
        object.__setattr__(self, "_submitted", None)   # (token, uid, time) of the last try
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __setattr__(self, key, value):
        key = _ALIASES.get(key, key)
        parser = _PARSERS.get(key)
        if parser is None:
            raise AttributeError(f"JobSubmitDescription has no option {key!r}")
        if key == "script":
            path = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
            object.__setattr__(self, "_script_path", os.path.abspath(path)
                               if path and "\n" not in path and not path.startswith("#!") else None)
        if value is None:
            self._options.pop(key, None)
        elif value == "" and key in _CLEARABLE:
            self._options[key] = ""
        else:
            self._options[key] = parser(value)
        if key in ("memory_per_node", "memory_per_cpu") and \
                "memory_per_node" in self._options and "memory_per_cpu" in self._options:
            del self._options[key]
            raise ValueError("invalid value for memory_per_node/memory_per_cpu: "
                             "set only one of them")

    def __getattr__(self, key):
        key = _ALIASES.get(key, key)
        if key not in _PARSERS:
            raise AttributeError(f"JobSubmitDescription has no option {key!r}")
        return self._options.get(key)

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self._options.items() if k != "script")
        return f"pyslurm.JobSubmitDescription({inner})"

    def to_dict(self):
        """The options set, normalised (minutes, MiB, Slurm strings)."""
        return dict(self._options)

    def load_environment(self, environ=None):
        """Read sbatch's input variables (``SBATCH_JOB_NAME``,
        ``SBATCH_PARTITION``, ``SBATCH_TIMELIMIT``, ... see
        :data:`pyslurm.jobs_util.SBATCH_ENV`) as sbatch does: they override
        ``#SBATCH`` lines and are overridden by options set on this object.

        Args:
            environ: a mapping to read instead of ``os.environ``.

        Raises:
            ValueError: a variable holds an invalid value (named with its
                option).
        """
        parsed = {}
        for key, raw in jobs_util.sbatch_environment(environ).items():
            parsed[key] = _PARSERS[key](raw)
        object.__setattr__(self, "_env_options", parsed)

    def effective_options(self):
        """The options :meth:`submit` sends: ``#SBATCH`` lines of the
        script, overridden by :meth:`load_environment`'s variables, overridden
        by the options set on this object."""
        opts = {}
        script = self._options.get("script")
        if script:
            for key, raw in jobs_util.parse_sbatch_lines(script).items():
                if key == "requeue" and raw is True:
                    opts[key] = True
                    continue
                opts[key] = _PARSERS[key](raw)
        opts.update(self._env_options)
        opts.update(self._options)
        if "memory_per_node" in self._options or "memory_per_cpu" in self._options:
            if "memory_per_node" not in self._options:
                opts.pop("memory_per_node", None)
            if "memory_per_cpu" not in self._options:
                opts.pop("memory_per_cpu", None)
        return opts

    def submit(self):
        """Submit the batch job.  Implements ``slurm_submit_batch_job``.

        Every submission carries a fresh random submit token (recorded as
        the job's :attr:`Job.submit_session_id`).  When the controller
        takes the request but its answer does not come (a stopped or
        overloaded controller), the job may exist all the same: the
        error's ``delivered`` is None then, and :meth:`find_submitted`
        tells whether it does -- retry only when it says None.  When
        nothing was sent, :class:`pyslurm.NotSentError` is raised
        (``delivered`` False) and a retry cannot make a duplicate.

        Returns:
            int: the new job's id.

        Raises:
            ValueError: no script, or an invalid value (before any RPC).
            NotSentError: the controller could not be reached; nothing was
                sent.
            ControllerUnreachableError: no answer came: the outcome is
                unknown (``delivered`` is None, ``submit_token`` set).
            RPCError: the controller rejected the job, with its message.

        Examples:
            >>> job_id = pyslurm.JobSubmitDescription(
            ...     script="#!/bin/sh\\nsleep 10\\n").submit()   # doctest: +SKIP
        """
        opts = self.effective_options()
        if not opts.get("script"):
            raise ValueError("invalid value for script: None (a batch job needs a script)")
        # 16..2**31-1: clear of sbatch's hold markers (1, 2) and of NO_VAL
        token = secrets.randbelow((1 << 31) - 16) + 16
        object.__setattr__(self, "_submitted", (token, os.getuid(), int(time.time())))
        try:
            return _submit(opts, self._script_path, token)
        except RPCError as e:
            e.submit_token = token
            raise

    def find_submitted(self):
        """The id of the job the last :meth:`submit` of this description
        created, found by its submit token; None when the controller holds
        no such job.

        For a submission that failed with ``delivered`` None (the
        controller took the request but did not answer), this says whether
        the job exists.  One ``slurm_load_job_user`` call: the caller's
        own jobs submitted since that try are searched for the token.
        Ask once the controller answers again (a controller that is still
        busy may not have carried out the request yet).

        Returns:
            int | None

        Raises:
            ValueError: :meth:`submit` was never called on this object.
            RPCError: the controller did not answer (again).

        Examples:
            >>> desc = pyslurm.JobSubmitDescription(script="#!/bin/sh\\ntrue\\n")
            >>> try:                                     # doctest: +SKIP
            ...     job_id = desc.submit()
            ... except pyslurm.ControllerUnreachableError as e:
            ...     job_id = desc.find_submitted() if e.delivered is None else None
        """
        if self._submitted is None:
            raise ValueError("find_submitted: this description was never submitted")
        token, uid, since = self._submitted
        for job_id, sid, submitted in Jobs.load_fields(
                ["id", "submit_session_id", "submit_time"], as_tuples=True, user=uid):
            if sid == token and (submitted or 0) >= since - 300:
                return job_id
        return None


cdef char **_cstr_list(list values, uint32_t *count) except NULL:
    """A calloc'ed, NULL-terminated array of strdup'ed strings; free with
    _free_cstr_list."""
    cdef size_t n = len(values), i
    cdef char **arr = <char **>calloc(n + 1, sizeof(char *))
    cdef bytes b
    if arr == NULL:
        raise MemoryError()
    for i in range(n):
        b = str(values[i]).encode("utf-8", "surrogateescape")
        arr[i] = strdup(b)
        if arr[i] == NULL:
            _free_cstr_list(&arr, n)
            raise MemoryError()
    count[0] = <uint32_t>n
    return arr


cdef void _free_cstr_list(char ***arr, size_t n) noexcept:
    cdef size_t i
    if arr[0] == NULL:
        return
    for i in range(n):
        free(arr[0][i])
    free(arr[0])
    arr[0] = NULL


cdef int _fill_desc(job_desc_msg_t *d, dict o, bint submit) except -1:
    """Python options -> the request.  ``d`` was initialised with
    slurm_init_job_desc_msg; every string is a malloc'ed copy freed by
    _free_desc."""
    cdef uint64_t mem
    if submit:
        d.user_id = getuid()
        d.group_id = getgid()
        set_cbytes(&d.script, o["script"].encode("utf-8", "surrogateescape"))
        args = [o.get("name") or "pyslurm-job"] + list(o.get("script_args") or [])
        d.argv = _cstr_list(args, &d.argc)
        env = jobs_util.build_environment(o.get("environment")) + _job_env_extra(o)
        d.environment = _cstr_list(env, &d.env_size)
        set_cstr(&d.work_dir, o.get("working_directory") or os.getcwd())
        set_cstr(&d.name, o.get("name") or "pyslurm-job")
    else:
        if "working_directory" in o:
            set_cstr(&d.work_dir, o["working_directory"])
        if "name" in o:
            set_cstr(&d.name, o["name"])
        for key in ("script", "script_args", "environment"):
            if key in o:
                raise ValueError(f"invalid value for {key}: cannot be modified")

    for key, attr in (("standard_input", "std_in"), ("standard_output", "std_out"),
                      ("standard_error", "std_err")):
        if key in o:
            if attr == "std_in":
                set_cstr(&d.std_in, o[key])
            elif attr == "std_out":
                set_cstr(&d.std_out, o[key])
            else:
                set_cstr(&d.std_err, o[key])
    if "partition" in o:
        set_cstr(&d.partition, o["partition"])
    if "account" in o:
        set_cstr(&d.account, o["account"])
    if "qos" in o:
        set_cstr(&d.qos, o["qos"])
    if "reservation" in o:
        set_cstr(&d.reservation, o["reservation"])
    if "comment" in o:
        set_cstr(&d.comment, o["comment"])
    if "constraints" in o:
        set_cstr(&d.features, o["constraints"])
    if "required_nodes" in o:
        set_cstr(&d.req_nodes, o["required_nodes"])
    if "excluded_nodes" in o:
        set_cstr(&d.exc_nodes, o["excluded_nodes"])
    if "dependencies" in o:
        set_cstr(&d.dependency, o["dependencies"])
    if "array" in o:
        set_cstr(&d.array_inx, o["array"])
    if "mail_user" in o:
        set_cstr(&d.mail_user, o["mail_user"])
    if "licenses" in o:
        set_cstr(&d.licenses, o["licenses"])
    if "deadline" in o:
        d.deadline = o["deadline"]
    if "mail_types" in o:
        bits = 0
        for n in o["mail_types"]:
            bits |= _MAIL_ALL if n == "ALL" else _MAIL_BITS.get(n, 0)
        d.mail_type = bits

    prefix = (<bytes>PYSLURM_GRES_PREFIX).decode()
    if "gres" in o:
        set_cstr(&d.tres_per_node, ",".join(prefix + g for g in o["gres"]))
    if "gpus" in o:
        set_cstr(&d.tres_per_job, prefix + "gpu:" + o["gpus"])

    if "time_limit" in o:
        d.time_limit = INFINITE if o["time_limit"] == UNLIMITED else o["time_limit"]
    if "time_min" in o:
        d.time_min = INFINITE if o["time_min"] == UNLIMITED else o["time_min"]
    if "nodes" in o:
        lo, hi = o["nodes"]
        d.min_nodes = lo
        d.max_nodes = hi if hi is not None else lo
    cpt = o.get("cpus_per_task")
    if cpt is not None:
        d.cpus_per_task = cpt
        d.bitflags |= JOB_CPUS_SET
        d.pn_min_cpus = cpt
    if "ntasks" in o:
        d.num_tasks = o["ntasks"]
        d.bitflags |= JOB_NTASKS_SET
        d.min_cpus = o["ntasks"] * (cpt or 1)
    if "ntasks_per_node" in o:
        d.ntasks_per_node = o["ntasks_per_node"]
    if "memory_per_node" in o:
        d.pn_min_memory = o["memory_per_node"]
        d.bitflags |= JOB_MEM_SET
    if "memory_per_cpu" in o:
        mem = o["memory_per_cpu"]
        d.pn_min_memory = mem | MEM_PER_CPU
        d.bitflags |= JOB_MEM_SET
    if "begin_time" in o:
        d.begin_time = o["begin_time"]
    if "requeue" in o:
        d.requeue = 1 if o["requeue"] else 0
    if o.get("hold"):
        d.priority = 0
    elif "priority" in o:
        d.priority = o["priority"]
    if "nice" in o:
        d.nice = <uint32_t>(<long>NICE_OFFSET + <long>o["nice"])
    if "exclusive" in o:
        ex = o["exclusive"]
        if ex is True:
            d.shared = JOB_SHARED_NONE
        elif ex == "user":
            d.shared = JOB_SHARED_USER
        elif ex == "mcs":
            d.shared = JOB_SHARED_MCS
        elif submit:
            d.shared = 1    # JOB_SHARED_OK: --oversubscribe
    if "distribution" in o:
        kind, plane, pack = o["distribution"]
        d.task_dist = _dist_code(kind, pack)
        if plane is not None:
            d.plane_size = plane
    if "cpu_frequency" in o:
        lo, hi, gov = o["cpu_frequency"]
        d.cpu_freq_min = _cpu_freq_code(lo)
        d.cpu_freq_max = _cpu_freq_code(hi)
        d.cpu_freq_gov = _cpu_freq_code(gov)
    if "switches" in o:
        count, wait = o["switches"]
        d.req_switch = count
        if wait is not None:
            d.wait4switch = wait
    for key in ("ntasks_per_socket", "ntasks_per_core", "ntasks_per_gpu",
                "sockets_per_node", "cores_per_socket", "threads_per_core"):
        if key in o:
            if key == "ntasks_per_socket":
                d.ntasks_per_socket = o[key]
            elif key == "ntasks_per_core":
                d.ntasks_per_core = o[key]
            elif key == "ntasks_per_gpu":
                d.ntasks_per_tres = o[key]
            elif key == "sockets_per_node":
                d.sockets_per_node = o[key]
            elif key == "cores_per_socket":
                d.cores_per_socket = o[key]
            else:
                d.threads_per_core = o[key]
    if "cpus_per_gpu" in o:
        set_cstr(&d.cpus_per_tres, f"{prefix}gpu:{o['cpus_per_gpu']}")
    if "memory_per_gpu" in o:
        set_cstr(&d.mem_per_tres, f"{prefix}gpu:{o['memory_per_gpu']}")
    if "gres_binding" in o:
        d.bitflags |= GRES_ENFORCE_BIND if o["gres_binding"] == "enforce-binding" \
            else GRES_DISABLE_BIND
    if "delay_boot_time" in o:
        d.delay_boot = o["delay_boot_time"] * 60
    if "contiguous" in o:
        d.contiguous = 1 if o["contiguous"] else 0
    if o.get("spread_job"):
        d.bitflags |= SPREAD_JOB
    if "kill_on_invalid_dependency" in o:
        d.bitflags |= KILL_INV_DEP if o["kill_on_invalid_dependency"] else NO_KILL_INV_DEP
    if "profile_types" in o:
        bits = 0
        for n in o["profile_types"]:
            bits |= _PROFILE_BITS[n.lower()]
        d.profile = bits
    if "temporary_disk_per_node" in o:
        d.pn_min_tmp_disk = o["temporary_disk_per_node"]
    if "wckey" in o:
        set_cstr(&d.wckey, o["wckey"])
    if "admin_comment" in o:
        set_cstr(&d.admin_comment, o["admin_comment"])
    if "signal" in o:
        sig, secs, target = o["signal"]
        d.warn_signal = sig
        d.warn_time = secs
        d.warn_flags = 0
        if target and "B" in target:
            d.warn_flags |= KILL_JOB_BATCH
        if target and "R" in target:
            d.warn_flags |= KILL_JOB_RESV
    return 0


cdef void _free_desc(job_desc_msg_t *d) noexcept:
    """Free exactly what _fill_desc may have allocated."""
    free_cstr(&d.script)
    free_cstr(&d.work_dir)
    free_cstr(&d.name)
    free_cstr(&d.std_in)
    free_cstr(&d.std_out)
    free_cstr(&d.std_err)
    free_cstr(&d.partition)
    free_cstr(&d.account)
    free_cstr(&d.qos)
    free_cstr(&d.reservation)
    free_cstr(&d.comment)
    free_cstr(&d.features)
    free_cstr(&d.req_nodes)
    free_cstr(&d.exc_nodes)
    free_cstr(&d.dependency)
    free_cstr(&d.array_inx)
    free_cstr(&d.mail_user)
    free_cstr(&d.licenses)
    free_cstr(&d.tres_per_node)
    free_cstr(&d.tres_per_job)
    free_cstr(&d.cpus_per_tres)
    free_cstr(&d.mem_per_tres)
    free_cstr(&d.wckey)
    free_cstr(&d.admin_comment)
    _free_cstr_list(&d.argv, d.argc)
    d.argc = 0
    _free_cstr_list(&d.environment, d.env_size)
    d.env_size = 0


def _submit(dict opts, script_path, uint32_t token):
    cdef job_desc_msg_t desc
    cdef submit_response_msg_t *resp = NULL
    cdef int rc, err = 0
    cdef uint32_t job_id
    slurm_init_job_desc_msg(&desc)
    try:
        _fill_desc(&desc, opts, True)
        desc.alloc_sid = token
        if script_path:
            _free_cstr_list(&desc.argv, desc.argc)
            desc.argv = _cstr_list([script_path] + list(opts.get("script_args") or []), &desc.argc)
        ensure_init()
        with nogil:
            rc = slurm_submit_batch_job(&desc, &resp)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, "slurm_submit_batch_job")
        job_id = pyslurm_submit_response_job_id(resp)
        return job_id
    finally:
        _free_desc(&desc)
        if resp != NULL:
            slurm_free_submit_response_response_msg(resp)


def _filled(dict opts, bint submit=True):
    """What :func:`_fill_desc` puts into a job_desc_msg_t for ``opts``, read
    back from the C struct (the numbers as C holds them, the script as
    bytes).  For tests: proves no value wraps around or lands on a
    sentinel."""
    cdef job_desc_msg_t d
    slurm_init_job_desc_msg(&d)
    try:
        _fill_desc(&d, opts, submit)
        return {
            "time_limit": d.time_limit, "time_min": d.time_min,
            "min_nodes": d.min_nodes, "max_nodes": d.max_nodes,
            "num_tasks": d.num_tasks, "min_cpus": d.min_cpus,
            "cpus_per_task": d.cpus_per_task, "ntasks_per_node": d.ntasks_per_node,
            "pn_min_memory": d.pn_min_memory, "pn_min_tmp_disk": d.pn_min_tmp_disk,
            "begin_time": d.begin_time, "deadline": d.deadline,
            "priority": d.priority, "nice": d.nice, "req_switch": d.req_switch,
            "wait4switch": d.wait4switch, "plane_size": d.plane_size,
            "warn_time": d.warn_time, "delay_boot": d.delay_boot,
            "sockets_per_node": d.sockets_per_node, "cores_per_socket": d.cores_per_socket,
            "threads_per_core": d.threads_per_core,
            "ntasks_per_socket": d.ntasks_per_socket, "ntasks_per_core": d.ntasks_per_core,
            "ntasks_per_tres": d.ntasks_per_tres,
            "script": <bytes> d.script if d.script != NULL else None,
            "name": cstr(d.name), "dependency": cstr(d.dependency),
            "req_nodes": cstr(d.req_nodes), "exc_nodes": cstr(d.exc_nodes),
            "array_inx": cstr(d.array_inx), "partition": cstr(d.partition),
            "account": cstr(d.account), "qos": cstr(d.qos),
            "reservation": cstr(d.reservation), "comment": cstr(d.comment),
            "wckey": cstr(d.wckey), "admin_comment": cstr(d.admin_comment),
            "work_dir": cpath(d.work_dir), "std_in": cpath(d.std_in),
            "std_out": cpath(d.std_out), "std_err": cpath(d.std_err),
            "mail_user": cstr(d.mail_user), "features": cstr(d.features),
            "licenses": cstr(d.licenses), "tres_per_node": cstr(d.tres_per_node),
            "tres_per_job": cstr(d.tres_per_job), "cpus_per_tres": cstr(d.cpus_per_tres),
            "mem_per_tres": cstr(d.mem_per_tres), "warn_signal": d.warn_signal,
            "cpu_freq_min": d.cpu_freq_min, "cpu_freq_max": d.cpu_freq_max,
            "cpu_freq_gov": d.cpu_freq_gov, "mail_type": d.mail_type,
            "environment": [(<bytes> d.environment[i]).decode("utf-8", "surrogateescape")
                            for i in range(d.env_size)] if d.environment != NULL else [],
        }
    finally:
        _free_desc(&d)


cdef int _check_array_resp(job_array_resp_msg_t *resp, str what) except -1:
    """Raise for the first task the controller refused in a *2 call's answer."""
    cdef uint32_t i
    if resp == NULL:
        return 0
    for i in range(resp.job_array_count):
        if resp.error_code[i] != SLURM_SUCCESS:
            task = resp.job_array_id[i].decode() if resp.job_array_id[i] != NULL else "?"
            raise make_error(resp.error_code[i], f"{what}({task})")
    return 0


def _by_ref(str call, str ref, uint32_t flags):
    """slurm_suspend2 / slurm_resume2 / slurm_requeue2 on ``"ARRAY_TASK"``."""
    cdef bytes b = ref.encode()
    cdef char *cref = b
    cdef job_array_resp_msg_t *resp = NULL
    cdef int rc, err = 0, which = ("suspend", "resume", "requeue").index(call)
    ensure_init()
    with nogil:
        if which == 0:
            rc = slurm_suspend2(cref, &resp)
        elif which == 1:
            rc = slurm_resume2(cref, &resp)
        else:
            rc = slurm_requeue2(cref, flags, &resp)
        if rc != SLURM_SUCCESS:
            err = pyslurm_errno()
    try:
        _raise_for(rc, err, f"slurm_{call}2({ref})")
        _check_array_resp(resp, f"slurm_{call}2")
    finally:
        if resp != NULL:
            slurm_free_job_array_resp(resp)


def _update(uint32_t job_id, dict opts, str action, ref=None):
    cdef job_desc_msg_t desc
    cdef job_array_resp_msg_t *resp = NULL
    cdef int rc, err = 0
    cdef bint by_ref = ref is not None
    slurm_init_job_desc_msg(&desc)
    try:
        _fill_desc(&desc, opts, False)
        if by_ref:
            set_cstr(&desc.job_id_str, ref)
        else:
            pyslurm_job_desc_set_job_id(&desc, job_id)
        if action == "hold":
            desc.priority = 0
        elif action == "user-hold":
            desc.priority = 0
            desc.alloc_sid = ALLOC_SID_USER_HOLD
        elif action == "release":
            desc.priority = INFINITE
        ensure_init()
        with nogil:
            if by_ref:
                rc = slurm_update_job2(&desc, &resp)
            else:
                rc = slurm_update_job(&desc)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _raise_for(rc, err, f"slurm_update_job({ref or job_id})")
        _check_array_resp(resp, "slurm_update_job2")
    finally:
        free_cstr(&desc.job_id_str)
        _free_desc(&desc)
        if resp != NULL:
            slurm_free_job_array_resp(resp)
