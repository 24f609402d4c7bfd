# cython: language_level=3
"""Jobs as the accounting database keeps them: :class:`pyslurm.db.Job`,
:class:`pyslurm.db.Jobs` and :class:`pyslurm.db.JobFilter` (what ``sacct``
shows, long after the controller forgot the jobs).

A load is one ``slurmdb_jobs_get`` request.  Its answer, a list of job
records with their steps, is held once (by a ``JobList``); every
:class:`Job` and :class:`~pyslurm.db.JobStep` made from it reads its
record there, lazily, when an attribute is asked for: nothing is copied
and nothing is converted up front, so loading 100,000 jobs costs little
more than libslurm's own call.  The list is freed when the last object
made from it is gone -- one job kept from a large load keeps that load's
list (keep ``load_fields()`` rows or ``to_dict()`` values to keep a few
values of many jobs for long).

Large histories: :meth:`Jobs.load_fields` reads only the named attributes
(no object per job), and :meth:`Jobs.iter_load` walks a long time range
in pieces, one request and one list at a time.

Examples:
    >>> import pyslurm
    >>> f = pyslurm.db.JobFilter(users=["alice"], states=["FAILED"],
    ...                          start_time="now-7days")          # doctest: +SKIP
    >>> for job in pyslurm.db.Jobs.load(f).values():             # doctest: +SKIP
    ...     print(job.id, job.exit_code, job.nodelist)
"""

cimport cython
from libc.stdint cimport uint32_t, uint64_t
from libc.string cimport memset, strcmp

from libc.time cimport time_t

import os
import datetime as _dt
import time as _time

from pyslurm.convert cimport cstr, set_cstr, free_cstr
from pyslurm.records cimport (
    Record, Loader, f_str, f_path, f_list, f_num, f_raw, f_time, f_call_str, str_getter_t,
    record_dict, field_reader, FieldReader,
)
from pyslurm.records import bind_fields
from pyslurm.db._jobs cimport JobList, wrap_list, keep_fn_t, make_loader
from pyslurm.db.connection cimport Connection, handle, db_error
from pyslurm.db.connection import _Using
from pyslurm.db.tres cimport load_table, resources, resources_dict, count_of
from pyslurm.db.tres import gres_counts, static_table
from pyslurm.db.step cimport steps_of
from pyslurm.db._jobs_values import JobFilter
from pyslurm.errors import PermissionDeniedError, RPCError
from pyslurm.enums import SchedulerType
from pyslurm.flags import JOB_BASE_STATES, job_reason_name
from pyslurm.stats import JobStatistics
from pyslurm.xcollections import MultiClusterMap
from pyslurm import core, formats, values
from slurm cimport (
    NO_VAL, NO_VAL16, JOB_STATE_BASE, JOB_REQUEUE, JOB_RESIZING, JOB_REVOKED,
)
from slurm_errno cimport SLURM_NO_CHANGE_IN_DATA
from slurmdb cimport (
    slurmdb_job_rec_t, slurmdb_job_cond_t, slurmdb_qos_rec_t,
    SLURMDB_JOB_FLAG_SUBMIT, SLURMDB_JOB_FLAG_SCHED, SLURMDB_JOB_FLAG_BACKFILL,
    SLURMDB_JOB_FLAG_START_R,
    JOBCOND_FLAG_NO_TRUNC, JOBCOND_FLAG_DUP, JOBCOND_FLAG_WHOLE_HETJOB,
    JOBCOND_FLAG_SCRIPT, JOBCOND_FLAG_ENV, JOBCOND_FLAG_NO_STEP,
    JOBCOND_FLAG_NO_DEFAULT_USAGE,
)
from compat cimport (
    pyslurm_errno, pyslurm_db_clear_errno,
    PYSLURM_JC_ACCT, PYSLURM_JC_ASSOCID, PYSLURM_JC_CLUSTER, PYSLURM_JC_CONSTRAINT,
    PYSLURM_JC_GROUPID, PYSLURM_JC_JOBNAME, PYSLURM_JC_PARTITION, PYSLURM_JC_QOS,
    PYSLURM_JC_RESV, PYSLURM_JC_STATE, PYSLURM_JC_USERID, PYSLURM_JC_WCKEY,
    PYSLURM_DB_JOB_HAS_EXTRA,
    pyslurm_db_job_cond_init, pyslurm_db_job_cond_touch, pyslurm_db_job_cond_add,
    pyslurm_db_job_cond_add_job, pyslurm_db_job_cond_set_nodes, pyslurm_db_job_cond_free,
    pyslurm_db_job_steps, pyslurm_db_jobs_get, pyslurm_db_job_modify,
    pyslurm_db_qos_names_get, pyslurm_db_list_destroy,
    pyslurm_db_job_rec_init, pyslurm_db_job_set_extra,
    pyslurm_db_job_extra, pyslurm_db_job_failed_node, pyslurm_db_job_lineage,
    pyslurm_db_job_licenses, pyslurm_db_job_std_err, pyslurm_db_job_std_in,
    pyslurm_db_job_std_out, pyslurm_db_job_restart_cnt, pyslurm_db_job_resv_req,
    pyslurm_db_job_segment_size,
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
)

# sacct's state names -> Slurm's numbers (the flag states are flag bits)
_STATE_NUMBERS = {name: num for num, name in JOB_BASE_STATES.items()}
_STATE_NUMBERS.update({"REQUEUED": JOB_REQUEUE, "RESIZING": JOB_RESIZING,
                       "REVOKED": JOB_REVOKED})

# what Jobs.modify can change: attribute -> how it is checked
_CHANGEABLE = ("comment", "admin_comment", "system_comment", "wckey", "extra",
               "derived_exit_code")

cdef slurmdb_job_rec_t *_J = NULL      # field addresses are offsets in a record


# -- reading helpers ------------------------------------------------------------
cdef object _wait_status(uint32_t status, bint signal):
    """A wait(2) status's exit code (or, with ``signal``, its signal);
    None while unset."""
    if status == NO_VAL:
        return None
    return status & 0x7f if signal else (status >> 8) & 0xff


cdef bytes _CLUSTER_BYTES = b""
cdef str _CLUSTER_STR = ""


cdef str _cluster_str(const char *s):
    """A record's cluster name, decoded once while it stays the same."""
    global _CLUSTER_BYTES, _CLUSTER_STR
    if s == NULL:
        return None
    if _CLUSTER_BYTES and strcmp(s, <const char *> _CLUSTER_BYTES) == 0:
        return _CLUSTER_STR
    _CLUSTER_BYTES = <bytes> s
    _CLUSTER_STR = _CLUSTER_BYTES.decode("utf-8", "replace")
    return _CLUSTER_STR


def _nodes(value):
    return None if value in ("None assigned", "(null)") else value


def _list(value):
    return formats.split_list(value)


def _environment(text):
    out = {}
    if not text:
        return out
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key:
            out[key] = value
    return out


# -- the job ----------------------------------------------------------------------
@cython.no_gc   # refers to nothing that refers back to it
cdef class Job(Record):
    """A job as the accounting database keeps it.

    ``pyslurm.db.Job.load(id)`` or the items of :meth:`Jobs.load`.
    ``Job(job_id, comment=..., ...)`` holds changes for
    :meth:`Jobs.modify` (only ``comment``, ``admin_comment``,
    ``system_comment``, ``wckey``, ``extra`` and ``derived_exit_code``
    can be set).

    Values follow pyslurm's conventions: unset None, unlimited
    ``pyslurm.UNLIMITED``, times unix timestamps, durations seconds, time
    limits minutes, memory MiB, users as the uid (``user_id``) and the
    name (``user_name``).
    """

    def __cinit__(self):
        self.ptr = NULL
        self._steps = None
        self._stats = None
        self._set = None
        self._id = 0
        self._cluster_name = None

    def __init__(self, job_id=0, cluster=None, **kwargs):
        if job_id is None:
            job_id = 0
        self._id = job_id if job_id == 0 else values.job_id(job_id)
        self._cluster_name = cluster if cluster is not None else core.local_cluster()
        for name, value in kwargs.items():
            if name not in _CHANGEABLE:
                raise AttributeError(
                    f"pyslurm.db.Job() got {name!r}: only {', '.join(_CHANGEABLE)} can be "
                    f"set (what slurmdbd lets one change)")
            setattr(self, name, value)

    cdef void _bind(self, void *rec):
        # rec: a slot of the JobList's array (or NULL: unbind)
        self.ptr = NULL if rec == NULL else (<slurmdb_job_rec_t **> rec)[0]
        self._rec = self.ptr
        self._steps = None
        self._stats = None

    cdef object _key(self):
        return self.ptr.jobid

    cdef object _cluster(self):
        return _cluster_str(self.ptr.cluster)

    cdef object _unloaded(self, str name):
        if self._set is not None:
            return self._set.get(name)
        return None

    def __repr__(self):
        return f"pyslurm.db.Job({self.id})"

    def __eq__(self, other):
        if not isinstance(other, Job):
            return NotImplemented
        return (self.id, self.cluster) == (other.id, other.cluster) and \
            (self.ptr == NULL) == ((<Job> other).ptr == NULL)

    def __hash__(self):
        return hash((self.id, self.cluster))

    # -- loading ------------------------------------------------------------------
    @staticmethod
    def load(job_id, cluster=None, with_script=False, with_env=False, db_connection=None):
        """The accounting record of one job.

        Args:
            job_id: the job's id.
            cluster: its cluster (default: the local one).
            with_script: also read the batch script (:attr:`script`).
            with_env: also read the environment (:attr:`environment`); not
                together with ``with_script``.

        Raises:
            ValueError: a bad argument (before any request).
            RPCError: no such job (``"Job 12 does not exist on Cluster c"``),
                or slurmdbd refused or did not answer.

        Implements ``slurmdb_jobs_get``.
        """
        jid = values.job_id(job_id)
        f = JobFilter(ids=[jid], with_script=bool(with_script), with_env=bool(with_env),
                      clusters=None if cluster is None else [cluster])
        jobs = Jobs.load(f, db_connection)
        cl = cluster if cluster is not None else jobs.local_cluster
        job = jobs.data.get(cl, {}).get(jid)
        if job is None:
            raise RPCError(msg=f"Job {jid} does not exist on Cluster {cl}")
        return job

    def modify(self, changes, db_connection=None):
        """:meth:`Jobs.modify` of this job only.

        Returns:
            list[int]: the ids changed.
        """
        f = JobFilter(ids=[self.id], clusters=[self.cluster] if self.cluster else None)
        return Jobs.modify(f, changes, db_connection)

    # -- ids and names ------------------------------------------------------------
    @property
    def id(self):
        """The job's id."""
        return self.ptr.jobid if self.ptr != NULL else self._id

    @property
    def cluster(self):
        """The cluster the job ran on."""
        if self.ptr == NULL:
            return self._cluster_name
        return _cluster_str(self.ptr.cluster) or self.owner.cluster

    name = f_str(&_J.jobname, "The job's name.")
    account = f_str(&_J.account, "The account charged.")
    partition = f_str(&_J.partition, "The partition(s).")
    reservation = f_str(&_J.resv_name, "The reservation it ran in.")
    block_id = f_str(&_J.blockid, "Block id (unused on current Slurm).")
    mcs_label = f_str(&_J.mcs_label, "MCS label.")
    container = f_str(&_J.container, "OCI container bundle.")
    constraints = f_list(&_J.constraints, "Requested features (list).")
    licenses = f_call_str(<str_getter_t> pyslurm_db_job_licenses,
                          "Requested licenses (list; Slurm 24.11+).", _list, list)
    requested_reservations = f_call_str(<str_getter_t> pyslurm_db_job_resv_req,
                                        "Requested reservations (list; Slurm 26.05+).",
                                        _list, list)
    nodelist = f_str(&_J.nodes, "The nodes it ran on (a hostlist; None: none).", _nodes)
    failed_node = f_call_str(<str_getter_t> pyslurm_db_job_failed_node,
                             "The node whose failure ended the job (Slurm 24.11+).")
    working_directory = f_path(&_J.work_dir, "Working directory.")
    submit_command = f_str(&_J.submit_line, "The command line that submitted it.")
    script = f_str(&_J.script, "The batch script (only loaded with with_script=True).")
    lineage = f_call_str(<str_getter_t> pyslurm_db_job_lineage,
                         "Association lineage (Slurm 24.11+).")
    standard_input = f_call_str(<str_getter_t> pyslurm_db_job_std_in, "stdin (24.11+).")
    standard_output = f_call_str(<str_getter_t> pyslurm_db_job_std_out, "stdout (24.11+).")
    standard_error = f_call_str(<str_getter_t> pyslurm_db_job_std_err, "stderr (24.11+).")

    user_id = f_num(&_J.uid, "The owner's uid.")
    priority = f_num(&_J.priority, "Priority when it started.")
    array_id = f_num(&_J.array_job_id, "Array job id (None: not an array).", zero_none=True)
    array_task_id = f_num(&_J.array_task_id, "Array task id (None: not an array task).")
    array_tasks_parallel = f_num(&_J.array_max_tasks, "Array throttle (%N).",
                                 zero_none=True)
    association_id = f_num(&_J.associd, "Association id.", zero_none=True)
    db_index = f_num(&_J.db_index, "The record's index in the database.", zero_none=True)
    reservation_id = f_num(&_J.resvid, "Reservation id.", zero_none=True)
    wckey_id = f_num(&_J.wckeyid, "WCKey id.", zero_none=True)
    heterogeneous_id = f_num(&_J.het_job_id, "Het job id (None: not a het job).",
                             zero_none=True)
    heterogeneous_offset = f_num(&_J.het_job_offset, "Component of a het job.")

    submit_time = f_time(&_J.submit, "When it was submitted.")
    eligible_time = f_time(&_J.eligible, "When it became eligible to run.")
    start_time = f_time(&_J.start, "When it started (None: never).")
    end_time = f_time(&_J.end, "When it ended (None: not yet).")
    elapsed_time = f_raw(&_J.elapsed, "Seconds it ran (sacct's Elapsed).")
    suspended_time = f_raw(&_J.suspended, "Seconds it was suspended.")
    time_limit = f_num(&_J.timelimit, "Time limit in minutes (UNLIMITED, or None: "
                                      "the partition's).")

    @property
    def user_name(self):
        """The owner's name (None when the uid does not resolve here)."""
        return values.user_name(self.ptr.uid) if self.ptr != NULL else None

    def group_id(self):
        """The group's gid (a method, as upstream pyslurm has it)."""
        return self.ptr.gid if self.ptr != NULL else None

    def group_name(self):
        """The group's name (a method, as upstream pyslurm has it)."""
        return values.group_name(self.ptr.gid) if self.ptr != NULL else None

    @property
    def cancelled_by(self):
        """Name of the user who cancelled the job (None: nobody)."""
        if self.ptr == NULL or self.ptr.requid == NO_VAL or <int> self.ptr.requid == -1:
            return None
        return values.user_name(self.ptr.requid)

    @property
    def cancelled_by_id(self):
        """uid of the user who cancelled the job (None: nobody)."""
        if self.ptr == NULL or self.ptr.requid == NO_VAL or <int> self.ptr.requid == -1:
            return None
        return self.ptr.requid

    @property
    def qos(self):
        """The QOS name (None when unknown)."""
        cdef dict table
        if self.ptr == NULL or self.ptr.qosid == 0:
            return None
        table = (<JobList> self.owner).qos
        if table is None:
            return None
        return table.get(self.ptr.qosid)

    @property
    def qos_id(self):
        """The QOS id."""
        return self.ptr.qosid if self.ptr != NULL and self.ptr.qosid else None

    @property
    def state(self):
        """The state as sacct names it (``"COMPLETED"``, ``"FAILED"``,
        ``"TIMEOUT"``, ``"CANCELLED"``, ``"REQUEUED"``...)."""
        if self.ptr == NULL:
            return None
        st = self.ptr.state
        if st & JOB_REQUEUE:
            return "REQUEUED"
        if st & JOB_RESIZING:
            return "RESIZING"
        if st & JOB_REVOKED:
            return "REVOKED"
        return JOB_BASE_STATES.get(st & JOB_STATE_BASE, f"UNKNOWN({st & JOB_STATE_BASE})")

    @property
    def state_reason(self):
        """The last reason the job waited for (sacct's Reason)."""
        if self.ptr == NULL or self.ptr.state_reason_prev in (0, NO_VAL):
            return None
        return job_reason_name(self.ptr.state_reason_prev)

    @property
    def requeue_count(self):
        """How often the job was requeued (Slurm 24.11+; 0 before)."""
        if self.ptr == NULL:
            return None
        n = pyslurm_db_job_restart_cnt(self.ptr)
        return 0 if n == NO_VAL16 else n

    @property
    def segment_size(self):
        """Segment size (Slurm 26.05+; None before or unset)."""
        if self.ptr == NULL:
            return None
        n = pyslurm_db_job_segment_size(self.ptr)
        return None if n in (0, NO_VAL16) else n

    # -- exit -----------------------------------------------------------------------
    @property
    def exit_code(self):
        """Exit code of the batch script or job (0-255; 0 when a signal ended it)."""
        return _wait_status(self.ptr.exitcode, False) if self.ptr != NULL else None

    @property
    def exit_code_signal(self):
        """The signal that ended the job (0: none)."""
        return _wait_status(self.ptr.exitcode, True) if self.ptr != NULL else None

    @property
    def derived_exit_code(self):
        """Highest exit code of the job's steps (settable for :meth:`modify`)."""
        if self._set is not None and "derived_exit_code" in self._set:
            return self._set["derived_exit_code"]
        return _wait_status(self.ptr.derived_ec, False) if self.ptr != NULL else None

    @derived_exit_code.setter
    def derived_exit_code(self, value):
        self._change("derived_exit_code",
                     None if value is None else values.integer("derived_exit_code",
                                                               value, 0, 255))

    @property
    def derived_exit_code_signal(self):
        """Signal of :attr:`derived_exit_code`."""
        return _wait_status(self.ptr.derived_ec, True) if self.ptr != NULL else None

    # -- comments (settable) ----------------------------------------------------------
    cdef object _text(self, str name, const char *value):
        if self._set is not None and name in self._set:
            return self._set[name]
        return cstr(value) if self.ptr != NULL else None

    cdef int _change(self, str name, object value) except -1:
        if value is not None and name != "derived_exit_code":
            values.text(name, value, one_line=False)
        if self._set is None:
            self._set = {}
        self._set[name] = value
        return 0

    @property
    def comment(self):
        """The job's comment (accounting keeps it as the "derived exit
        string"; sacct's Comment).  Settable for :meth:`modify`."""
        return self._text("comment", self.ptr.derived_es if self.ptr != NULL else NULL)

    @comment.setter
    def comment(self, value):
        self._change("comment", value)

    @property
    def admin_comment(self):
        """The administrator's comment.  Settable for :meth:`modify`."""
        return self._text("admin_comment", self.ptr.admin_comment if self.ptr != NULL else NULL)

    @admin_comment.setter
    def admin_comment(self, value):
        self._change("admin_comment", value)

    @property
    def system_comment(self):
        """The system's comment.  Settable for :meth:`modify`."""
        return self._text("system_comment",
                          self.ptr.system_comment if self.ptr != NULL else NULL)

    @system_comment.setter
    def system_comment(self, value):
        self._change("system_comment", value)

    @property
    def wckey(self):
        """The workload characterisation key.  Settable for :meth:`modify`."""
        return self._text("wckey", self.ptr.wckey if self.ptr != NULL else NULL)

    @wckey.setter
    def wckey(self, value):
        self._change("wckey", value)

    @property
    def extra(self):
        """Arbitrary text (Slurm 24.11+).  Settable for :meth:`modify`."""
        return self._text("extra", pyslurm_db_job_extra(self.ptr) if self.ptr != NULL else NULL)

    @extra.setter
    def extra(self, value):
        self._change("extra", value)

    # -- resources --------------------------------------------------------------------
    @property
    def cpus(self):
        """CPUs allocated (requested when it never ran)."""
        if self.ptr == NULL:
            return None
        n = count_of(cstr(self.ptr.tres_alloc_str), 1, None)
        if n is None:
            return None if self.ptr.req_cpus == NO_VAL else self.ptr.req_cpus
        return n

    @property
    def num_nodes(self):
        """Nodes allocated; for a job that never ran, requested (as sacct's
        NNodes)."""
        if self.ptr == NULL:
            return None
        if self.ptr.alloc_nodes:
            return self.ptr.alloc_nodes
        return count_of(cstr(self.ptr.tres_req_str), 4, None) or 0

    @property
    def memory(self):
        """Memory requested, MiB (from the requested TRES)."""
        if self.ptr == NULL:
            return None
        return count_of(cstr(self.ptr.tres_req_str), 2, None)

    @property
    def allocated_tres(self):
        """TRES allocated (a TrackableResources; None: none)."""
        if self.ptr == NULL:
            return None
        return resources(cstr(self.ptr.tres_alloc_str), (<JobList> self.owner).tres)

    @property
    def requested_tres(self):
        """TRES requested (a TrackableResources; None: none)."""
        if self.ptr == NULL:
            return None
        return resources(cstr(self.ptr.tres_req_str), (<JobList> self.owner).tres)

    @property
    def tres(self):
        """:attr:`allocated_tres`, or :attr:`requested_tres` for a job that
        never ran."""
        return self.allocated_tres or self.requested_tres

    @property
    def gres(self):
        """GRES of :attr:`tres` by name (``{"gpu": 2, "gpu:a100": 2}``)."""
        return gres_counts(self.tres)

    @property
    def gpus(self):
        """GPUs of :attr:`tres` (0: none)."""
        return self.gres.get("gpu", 0)

    # -- arrays, scheduling, environment ------------------------------------------------
    @property
    def array_tasks_waiting(self):
        """Array tasks still pending when this record was written (``"3-9"``)."""
        if self.ptr == NULL:
            return None
        s = cstr(self.ptr.array_task_str)
        if s is None:
            return None
        s = s.split("%", 1)[0]
        return s or None

    @property
    def scheduler(self):
        """Which scheduler started it (a SchedulerType)."""
        if self.ptr == NULL:
            return None
        fl = self.ptr.flags
        if fl & SLURMDB_JOB_FLAG_SUBMIT:
            return SchedulerType.SUBMIT
        if fl & SLURMDB_JOB_FLAG_SCHED:
            return SchedulerType.MAIN
        if fl & SLURMDB_JOB_FLAG_BACKFILL:
            return SchedulerType.BACKFILL
        return SchedulerType.UNKNOWN

    @property
    def start_rpc_received(self):
        """True when slurmdbd got the job's start message."""
        return bool(self.ptr.flags & SLURMDB_JOB_FLAG_START_R) if self.ptr != NULL else None

    @property
    def environment(self):
        """The job's environment (only loaded with with_env=True; else {})."""
        return _environment(cstr(self.ptr.env)) if self.ptr != NULL else {}

    @property
    def elapsed_cpu_time(self):
        """CPU-seconds allocated: :attr:`elapsed_time` times :attr:`cpus`."""
        if self.ptr == NULL:
            return None
        return self.ptr.elapsed * (self.cpus or 0)

    # -- steps and statistics --------------------------------------------------------
    @property
    def steps(self):
        """The job's steps (a JobSteps, by step id), read on first use."""
        if self._steps is None:
            if self.ptr == NULL:
                from pyslurm.db.step import JobSteps
                self._steps = JobSteps()
            else:
                self._steps = steps_of(pyslurm_db_job_steps(self.ptr), <JobList> self.owner)
        return self._steps

    @steps.setter
    def steps(self, value):
        self._steps = value

    @property
    def stats(self):
        """The job's statistics: the sum of its steps' (a JobStatistics), with
        ``elapsed_cpu_time`` = elapsed time times CPUs."""
        if self._stats is None:
            steps = self.steps
            stats = JobStatistics.sum([s.stats for s in steps.values()],
                                      steps={k: s.stats for k, s in steps.items()})
            stats.elapsed_cpu_time = self.elapsed_cpu_time
            self._stats = stats
        return self._stats

    @stats.setter
    def stats(self, value):
        self._stats = value

    _not_in_dict = ("allocated_tres", "requested_tres", "tres", "gres", "gpus", "steps",
                    "stats", "script", "environment")

    def to_dict(self, recursive=False):
        """Every attribute as plain data: TRES as ``{"cpu": 2, "mem": 1000,
        ...}``, steps and statistics as dicts (``script`` and
        ``environment`` only when loaded with them)."""
        out = record_dict(self)
        if self.ptr == NULL:
            return out
        t = (<JobList> self.owner).tres
        out["allocated_tres"] = resources_dict(cstr(self.ptr.tres_alloc_str), t)
        out["requested_tres"] = resources_dict(cstr(self.ptr.tres_req_str), t)
        steps = self.steps.to_dict()
        out["steps"] = steps
        if self._stats is not None:
            out["stats"] = self._stats.to_dict()
        else:   # the steps' statistics summed as JobStatistics.sum does, as dicts
            parts = {k: v["stats"] for k, v in steps.items()}
            stats = _sum_stats(list(parts.values()))
            stats["elapsed_cpu_time"] = self.elapsed_cpu_time
            stats["steps"] = {k: dict(v) for k, v in parts.items()}
            out["stats"] = stats
        script = cstr(self.ptr.script)
        if script is not None:
            out["script"] = script
        if cstr(self.ptr.env) is not None:
            out["environment"] = self.environment
        return out


bind_fields(Job)

# JobStatistics.sum on dicts (Job.to_dict): sums, the largest maxima with
# their node and task, the smallest minimum, the mean CPU frequency.
_STAT_FIELDS = tuple(JobStatistics()._fields[:-1])       # less "steps"
_SUMMED = ("consumed_energy", "elapsed_cpu_time", "total_cpu_time", "user_cpu_time",
           "system_cpu_time", "avg_cpu_time", "avg_disk_read", "avg_disk_write",
           "avg_page_faults", "avg_resident_memory", "avg_virtual_memory")
_MAXED = ("max_disk_read", "max_disk_write", "max_page_faults", "max_resident_memory",
          "max_virtual_memory")


cdef dict _sum_stats(list parts):
    cdef dict out, p, best
    cdef Py_ssize_t n = len(parts)
    if n == 1:
        return dict(<dict> parts[0])
    out = dict.fromkeys(_STAT_FIELDS)
    if n == 0:
        return out
    for name in _SUMMED:
        total = None
        for p in parts:
            v = p[name]
            if v is not None:
                total = v if total is None else total + v
        out[name] = total
    freqs = [p["avg_cpu_frequency"] for p in parts if p["avg_cpu_frequency"] is not None]
    out["avg_cpu_frequency"] = sum(freqs) / len(freqs) if freqs else None
    for name in _MAXED:
        best = None
        for p in parts:
            v = p[name]
            if v is not None and (best is None or v > best[name]):
                best = p
        if best is not None:
            out[name] = best[name]
            out[name + "_node"] = best[name + "_node"]
            out[name + "_task"] = best[name + "_task"]
    best = None
    for p in parts:
        v = p["min_cpu_time"]
        if v is not None and (best is None or v < best["min_cpu_time"]):
            best = p
    if best is not None:
        out["min_cpu_time"] = best["min_cpu_time"]
        out["min_cpu_time_node"] = best["min_cpu_time_node"]
        out["min_cpu_time_task"] = best["min_cpu_time_task"]
    return out

cdef Loader _LOADER = make_loader(Job)


# -- requests ---------------------------------------------------------------------
cdef struct _keep_t:
    bint by_exit
    unsigned char exit_ok[256]
    time_t lo          # eligible (or submit) time >= lo
    time_t hi          # and < hi (0: no bound)


cdef bint _keep(void *rec, void *arg) noexcept nogil:
    cdef slurmdb_job_rec_t *j = <slurmdb_job_rec_t *> rec
    cdef _keep_t *k = <_keep_t *> arg
    cdef time_t t
    if k.by_exit:
        if j.exitcode == NO_VAL or not k.exit_ok[(j.exitcode >> 8) & 0xff]:
            return False
        if j.exitcode & 0x7f:            # ended by a signal: exit code 0
            if not k.exit_ok[0]:
                return False
    if k.lo or k.hi:
        t = j.eligible if j.eligible else j.submit
        if t < k.lo or (k.hi and t >= k.hi):
            return False
    return True


def _midnight(now):
    d = _dt.datetime.fromtimestamp(now)
    return int(_dt.datetime(d.year, d.month, d.day).timestamp())


def window(dict c, now=None):
    """``(start, end)`` of a checked filter with sacct's defaults (Slurm's
    ``slurmdb_job_cond_def_start_end``): without states, ``end`` is now
    and ``start`` midnight today; with states, an unset end is the start
    and an unset start the end (jobs in those states at that moment), both
    now when neither is given.  Ids without times: ``(0, now)``, any time."""
    now = int(_time.time() if now is None else now)
    start, end = c.get("start_time"), c.get("end_time")
    if start is None and end is None and c.get("ids"):
        return 0, now
    if c.get("states"):
        if start is None and end is None:
            return now, now
        if end is None:
            return start, start
        if start is None:
            return end, end
        return start, end
    if end is None:
        end = now
    if start is None:
        start = min(_midnight(now), end)
    return start, end


cdef int _fill_cond(slurmdb_job_cond_t *cond, dict c, dict qos_ids, object local,
                    bint steps) except -1:
    cdef uint64_t flags = 0
    pyslurm_db_job_cond_init(cond)
    if not c.get("truncate_time"):
        flags |= JOBCOND_FLAG_NO_TRUNC
    if c.get("duplicates"):
        flags |= JOBCOND_FLAG_DUP
    if c.get("whole_hetjob"):
        flags |= JOBCOND_FLAG_WHOLE_HETJOB
    if c.get("with_script"):
        flags |= JOBCOND_FLAG_SCRIPT
    if c.get("with_env"):
        flags |= JOBCOND_FLAG_ENV
    if not steps:
        flags |= JOBCOND_FLAG_NO_STEP
    start, end = window(c)
    if start == 0:
        flags |= JOBCOND_FLAG_NO_DEFAULT_USAGE
    cond.usage_start = start
    cond.usage_end = end
    cond.flags = flags
    for jid in c.get("ids", ()):
        _ok(pyslurm_db_job_cond_add_job(cond, jid))
    clusters = c.get("clusters")
    if clusters == "all":
        _ok(pyslurm_db_job_cond_touch(cond, PYSLURM_JC_CLUSTER))
    else:
        for name in (clusters or ([local] if local else [])):
            _add(cond, PYSLURM_JC_CLUSTER, name)
    for key, which in (("accounts", PYSLURM_JC_ACCT), ("association_ids", PYSLURM_JC_ASSOCID),
                       ("constraints", PYSLURM_JC_CONSTRAINT),
                       ("groups", PYSLURM_JC_GROUPID), ("names", PYSLURM_JC_JOBNAME),
                       ("partitions", PYSLURM_JC_PARTITION),
                       ("reservations", PYSLURM_JC_RESV), ("users", PYSLURM_JC_USERID),
                       ("wckeys", PYSLURM_JC_WCKEY)):
        for item in c.get(key, ()):
            _add(cond, which, str(item))
    for state in c.get("states", ()):
        _add(cond, PYSLURM_JC_STATE, str(_STATE_NUMBERS[state]))
    for q in c.get("qos", ()):
        _add(cond, PYSLURM_JC_QOS, str(q if isinstance(q, int) else qos_ids[q]))
    for low, high in (("cpus", "max_cpus"), ("nodes", "max_nodes"),
                      ("timelimit", "max_timelimit")):
        # slurmdbd: min alone matches exactly, min and max a range
        if c.get(low) is None and c.get(high) is None:
            continue
        lo = c.get(low) or 1
        hi = c.get(high) or 0
        if low == "cpus":
            cond.cpus_min, cond.cpus_max = lo, hi
        elif low == "nodes":
            cond.nodes_min, cond.nodes_max = lo, hi
        else:
            cond.timelimit_min, cond.timelimit_max = lo, hi
    if "nodelist" in c:
        _ok(pyslurm_db_job_cond_set_nodes(cond, c["nodelist"].encode()))
    return 0


cdef int _ok(int rc) except -1:
    if rc != 0:
        raise MemoryError()
    return 0


cdef int _add(slurmdb_job_cond_t *cond, int which, str value) except -1:
    cdef bytes b = value.encode("utf-8")
    if b"\0" in b:
        raise ValueError(f"invalid value: {value!r} (contains a NUL character)")
    return _ok(pyslurm_db_job_cond_add(cond, which, b))


cdef dict qos_table(Connection conn):
    """QOS id -> name, as slurmdbd has them (one request)."""
    cdef void *ptr = handle(conn)
    cdef void *lst
    cdef void *it
    cdef slurmdb_qos_rec_t *rec
    cdef int err = 0
    with nogil:
        pyslurm_db_clear_errno()
        lst = pyslurm_db_qos_names_get(ptr)
        err = pyslurm_errno()
    if lst == NULL:
        raise db_error(err, "slurmdb_qos_get")
    out = {}
    try:
        it = pyslurm_list_iter(lst)
        rec = <slurmdb_qos_rec_t *> pyslurm_list_next(it)
        while rec != NULL:
            if rec.name != NULL:
                out[rec.id] = cstr(rec.name)
            rec = <slurmdb_qos_rec_t *> pyslurm_list_next(it)
        pyslurm_list_iter_free(it)
    finally:
        pyslurm_db_list_destroy(lst)
    return out


def _check_filter(db_filter):
    if db_filter is None:
        return {}
    if not isinstance(db_filter, JobFilter):
        raise TypeError(f"invalid value for db_filter: {db_filter!r} (expected a "
                        f"pyslurm.db.JobFilter)")
    return db_filter.checked()


cdef JobList _request(dict c, Connection conn, bint steps, bint tables, _keep_t *keep):
    """One slurmdb_jobs_get with the checked filter ``c`` over ``conn``."""
    cdef slurmdb_job_cond_t cond
    cdef void *ptr = handle(conn)
    cdef void *lst = NULL
    cdef int err = 0
    cdef JobList owner
    qos = None
    tres = None
    if tables or any(isinstance(q, str) for q in c.get("qos", ())):
        qos = qos_table(conn)
        names = {v: k for k, v in qos.items()}
        for q in c.get("qos", ()):
            if isinstance(q, str) and q not in names:
                raise ValueError(f"invalid value for qos: {q!r} (no such QOS in slurmdbd; "
                                 f"it has {', '.join(sorted(names)) or 'none'})")
    else:
        names = {}
    if tables:
        tres = load_table(conn)
    local = core.local_cluster()
    try:
        _fill_cond(&cond, c, names, local, steps)
        with nogil:
            pyslurm_db_clear_errno()
            lst = pyslurm_db_jobs_get(ptr, &cond)
            err = pyslurm_errno()
    finally:
        pyslurm_db_job_cond_free(&cond)
    if lst == NULL:
        raise db_error(err, "slurmdb_jobs_get")
    cdef keep_fn_t fn = NULL
    if keep.by_exit or keep.lo or keep.hi:
        fn = _keep
    owner = wrap_list(lst, fn, keep)
    owner.cluster = local
    owner.tres = tres if tres is not None else static_table()
    owner.qos = qos
    return owner


cdef int _init_keep(_keep_t *keep, dict c) except -1:
    memset(keep, 0, sizeof(_keep_t))
    codes = c.get("exit_codes")
    if codes:
        keep.by_exit = True
        for code in codes:
            keep.exit_ok[code] = 1
    return 0


# what load_fields needs the step lists or the QOS and TRES tables for
_STEP_FIELDS = frozenset({"steps", "stats"})
_TABLE_FIELDS = frozenset({"qos", "allocated_tres", "requested_tres", "tres", "gres",
                           "gpus", "steps", "stats"})


def _load_owner(db_filter, db_connection, bint steps, bint tables, lo=0, hi=0):
    cdef _keep_t keep
    c = _check_filter(db_filter)
    _init_keep(&keep, c)
    keep.lo = lo
    keep.hi = hi
    with _Using(db_connection) as conn:
        return _request(c, conn, steps, tables, &keep)


# -- the collection ------------------------------------------------------------------
class Jobs(MultiClusterMap):
    """Accounting jobs by cluster, then by job id (:meth:`load`).

    Attributes (computed on first use; :meth:`calc_stats` recomputes):
        stats (JobStatistics): the sum of the jobs' statistics.
        cpus (int), nodes (int), memory (int, MiB): sums over the jobs.
        elapsed_cpu_time (int): CPU-seconds, summed.
    """

    _item_type = Job
    _key_type = int
    _id_attr = "id"

    def __init__(self, jobs=None, **kwargs):
        self._owner = None
        self._sums = None
        super().__init__(jobs, **kwargs)

    @staticmethod
    def _local_cluster_name():
        return core.local_cluster()

    def __repr__(self):
        return "pyslurm.db." + super().__repr__().split(".", 1)[-1]

    @staticmethod
    def load(db_filter=None, db_connection=None):
        """The jobs ``db_filter`` selects (all of today's, as plain sacct,
        without one), with their steps.

        Args:
            db_filter (JobFilter): what to select.
            db_connection (Connection): an open connection (default: one
                opened and closed for this call).

        Returns:
            Jobs: keyed by cluster, then job id.

        Raises:
            ValueError: a bad filter value (before any request), or a
                closed ``db_connection``.
            RPCError: slurmdbd refused or did not answer (the message
                names slurmdbd).

        Implements ``slurmdb_jobs_get`` (and ``slurmdb_qos_get`` /
        ``slurmdb_tres_get`` for the QOS and TRES names).
        """
        owner = _load_owner(db_filter, db_connection, True, True)
        coll = Jobs(cluster=owner.cluster)
        coll.data = _LOADER.index(owner)
        coll._owner = owner
        return coll

    @staticmethod
    def load_fields(fields, db_filter=None, db_connection=None, as_tuples=False):
        """Only the named attributes of the jobs ``db_filter`` selects: a
        list of dicts (or tuples), read through the attributes' own code
        without an object per job.  Step lists are only requested when
        ``steps`` or ``stats`` is named.

        Raises:
            ValueError: a name in ``fields`` is not an attribute of
                :class:`Job`, or a bad filter value (before any request).
            RPCError: slurmdbd refused or did not answer.
        """
        cdef FieldReader reader = field_reader(Job, fields)
        names = set(reader.names)
        owner = _load_owner(db_filter, db_connection, bool(names & _STEP_FIELDS),
                            bool(names & _TABLE_FIELDS))
        return _LOADER.rows(owner, reader, bool(as_tuples))

    @staticmethod
    def load_frame(fields=None, db_filter=None, db_connection=None):
        """The jobs ``db_filter`` selects as a :class:`pandas.DataFrame`,
        read with :meth:`load_fields` (no object per job); dtypes and
        default columns as :mod:`pyslurm.frames` says, indexed by job id.

        Raises:
            ImportError: pandas is not installed (``pip install "pyslurm[pandas]"``).
            ValueError: a name in ``fields`` is not an attribute of
                :class:`Job`, or a bad filter value (before any request).
            RPCError: slurmdbd refused or did not answer.
        """
        from pyslurm import frames
        return frames.load_frame(Jobs, fields, db_filter=db_filter, db_connection=db_connection)

    @staticmethod
    def iter_load(db_filter=None, chunk=_dt.timedelta(days=1), fields=None,
                  as_tuples=False, db_connection=None):
        """Walk a long time range in pieces of ``chunk``: one request per
        piece, yielding a :class:`Jobs` (or, with ``fields``, the rows of
        :meth:`load_fields`) and letting go of it before the next, so
        memory stays bounded by the largest piece.

        The range is the filter's ``start_time`` to ``end_time`` (sacct's
        defaults: from midnight to now).  Each job is given once, in the
        piece in which it became eligible to run (jobs from before the
        range in the first piece).

        Raises:
            ValueError: a bad filter, ``chunk`` or field name (before any
                request).
            RPCError: slurmdbd refused or did not answer.
        """
        cdef FieldReader reader = None
        if isinstance(chunk, (int, float)) and not isinstance(chunk, bool):
            chunk = _dt.timedelta(seconds=chunk)
        if not isinstance(chunk, _dt.timedelta) or chunk.total_seconds() < 1:
            raise ValueError(f"invalid value for chunk: {chunk!r} (a timedelta of at "
                             f"least one second)")
        if fields is not None:
            reader = field_reader(Job, fields)
        f = db_filter if db_filter is not None else JobFilter()
        c = _check_filter(f)
        if c.get("ids") and c.get("start_time") is None and c.get("end_time") is None:
            raise ValueError("invalid value for db_filter: iter_load walks a time range; "
                             "give start_time (or load the ids with Jobs.load)")
        start, end = window(c)
        step = int(chunk.total_seconds())
        return _pieces(f, start, end, step, reader, bool(as_tuples), db_connection)

    @staticmethod
    def modify(db_filter, changes, db_connection=None):
        """Change the accounting records of the jobs ``db_filter`` selects:
        ``changes`` is a :class:`Job` with the new ``comment``,
        ``admin_comment``, ``system_comment``, ``wckey``, ``extra`` (Slurm
        24.11+) or ``derived_exit_code`` set.  Committed at once unless
        ``db_connection`` is given (then :meth:`Connection.commit` does).

        Returns:
            list[int]: the ids of the jobs changed.

        Raises:
            TypeError: ``changes`` is not a pyslurm.db.Job.
            ValueError: nothing to change, or a change this Slurm's
                accounting cannot make (before any request).
            RPCError: nothing matched (``"Nothing was modified"``), or
                slurmdbd refused or did not answer.
            PermissionDeniedError: a caller other than root matched
                nothing: slurmdbd narrows a user's change to their own
                jobs (a job of another user is left as it is).

        Implements ``slurmdb_job_modify``.
        """
        if isinstance(db_filter, Jobs):
            db_filter = JobFilter(ids=list(db_filter.keys()))
        elif isinstance(db_filter, (list, tuple)) or values.is_int(db_filter):
            db_filter = JobFilter(ids=db_filter)
        c = _check_filter(db_filter)
        if not isinstance(changes, Job):
            raise TypeError(f"invalid value for changes: {changes!r} (expected a "
                            f"pyslurm.db.Job with the new values set)")
        todo = dict((<Job> changes)._set or {})
        if not todo:
            raise ValueError("invalid value for changes: nothing set (set comment, "
                             "admin_comment, system_comment, wckey, extra or "
                             "derived_exit_code)")
        if "extra" in todo and not PYSLURM_DB_JOB_HAS_EXTRA:
            raise ValueError("invalid value for extra: this Slurm's accounting does not keep "
                             "a job's extra field (Slurm 24.11 and later do)")
        if any(v is None for v in todo.values()):
            raise ValueError("invalid value for changes: None cannot be set (use \"\" to "
                             "clear a text)")
        with _Using(db_connection, commit=True) as conn:
            return _modify(c, todo, conn)


def _pieces(f, start, end, step, FieldReader reader, bint as_tuples, db_connection):
    lo = start
    first = True
    with _Using(db_connection) as conn:
        while True:
            hi = min(lo + step, end)
            last = hi >= end
            piece = f.copy(start_time=lo, end_time=hi)
            owner = _load_owner(piece, conn, reader is None or
                                bool(set(reader.names) & _STEP_FIELDS),
                                reader is None or bool(set(reader.names) & _TABLE_FIELDS),
                                0 if first else lo, 0 if last else hi)
            if reader is None:
                coll = Jobs(cluster=owner.cluster)
                coll.data = _LOADER.index(owner)
                coll._owner = owner
            else:
                coll = _LOADER.rows(owner, reader, as_tuples)
            owner = None
            yield coll
            coll = None
            if last:
                return
            lo = hi
            first = False


cdef list _modify(dict c, dict todo, Connection conn):
    cdef slurmdb_job_cond_t cond
    cdef slurmdb_job_rec_t rec
    cdef void *ptr = handle(conn)
    cdef void *lst = NULL
    cdef void *it
    cdef char *s
    cdef char *extra = NULL
    cdef int err = 0
    names = {}
    if any(isinstance(q, str) for q in c.get("qos", ())):
        names = {v: k for k, v in qos_table(conn).items()}
    pyslurm_db_job_rec_init(&rec)
    try:
        _fill_cond(&cond, c, names, core.local_cluster(), False)
        if "comment" in todo:
            set_cstr(&rec.derived_es, todo["comment"])
        if "admin_comment" in todo:
            set_cstr(&rec.admin_comment, todo["admin_comment"])
        if "system_comment" in todo:
            set_cstr(&rec.system_comment, todo["system_comment"])
        if "wckey" in todo:
            set_cstr(&rec.wckey, todo["wckey"])
        if "derived_exit_code" in todo:
            rec.derived_ec = todo["derived_exit_code"] << 8
        if "extra" in todo:
            set_cstr(&extra, todo["extra"])
            pyslurm_db_job_set_extra(&rec, extra)
        with nogil:
            pyslurm_db_clear_errno()
            lst = pyslurm_db_job_modify(ptr, &cond, &rec)
            err = pyslurm_errno()
    finally:
        pyslurm_db_job_cond_free(&cond)
        free_cstr(&rec.derived_es)
        free_cstr(&rec.admin_comment)
        free_cstr(&rec.system_comment)
        free_cstr(&rec.wckey)
        free_cstr(&extra)
    if lst == NULL:
        if err == SLURM_NO_CHANGE_IN_DATA:      # 26.05: no job matched
            _nothing_modified(err)
        raise db_error(err, "slurmdb_job_modify")
    out = []
    try:
        it = pyslurm_list_iter(lst)
        s = <char *> pyslurm_list_next(it)
        while s != NULL:
            text = cstr(s) or ""
            head = text.split()[0] if text.split() else ""
            if head.isdigit():
                out.append(int(head))
            s = <char *> pyslurm_list_next(it)
        pyslurm_list_iter_free(it)
    finally:
        pyslurm_db_list_destroy(lst)
    if not out:
        _nothing_modified(None)
    return out


def _nothing_modified(err):
    """Nothing matched.  slurmdbd narrows a plain user's change to their
    own jobs without saying so: for anyone but root that is a refusal."""
    if os.geteuid() != 0:
        raise PermissionDeniedError(
            err, "Nothing was modified: no job matched that this user may change "
                 "(slurmdbd lets a user change only their own jobs)",
            context="slurmdb_job_modify")
    raise RPCError(err, "Nothing was modified", context="slurmdb_job_modify")


def _jobs_sum(jobs, attr):
    return sum(getattr(j, attr) or 0 for j in jobs.values())


def _calc(self):
    self._sums = {
        "cpus": _jobs_sum(self, "cpus"),
        "nodes": _jobs_sum(self, "num_nodes"),
        "memory": _jobs_sum(self, "memory"),
        "elapsed_cpu_time": _jobs_sum(self, "elapsed_cpu_time"),
        "stats": JobStatistics.sum([j.stats for j in self.values()]),
    }
    return self._sums


def _summed(name, doc):
    def get(self):
        sums = self._sums if getattr(self, "_sums", None) is not None else _calc(self)
        return sums[name]
    return property(get, doc=doc)


def calc_stats(self):
    """Recompute :attr:`stats`, :attr:`cpus`, :attr:`nodes`, :attr:`memory`
    and :attr:`elapsed_cpu_time` from the jobs now in the collection."""
    _calc(self)


Jobs.calc_stats = calc_stats
Jobs.cpus = _summed("cpus", "CPUs of the jobs, summed.")
Jobs.nodes = _summed("nodes", "Nodes of the jobs, summed.")
Jobs.memory = _summed("memory", "Memory requested by the jobs, MiB, summed.")
Jobs.elapsed_cpu_time = _summed("elapsed_cpu_time", "CPU-seconds of the jobs, summed.")
Jobs.stats = _summed("stats", "The jobs' statistics, summed (a JobStatistics).")

JobSearchFilter = JobFilter

__all__ = ["Job", "Jobs", "JobFilter", "JobSearchFilter"]
