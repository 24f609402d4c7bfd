# cython: language_level=3
"""Slurm jobs: :class:`Job` and :class:`Jobs` (submitting them:
:mod:`pyslurm.submit`).

Values follow pyslurm's one convention: an unset Slurm value reads as
``None``, an unlimited one as ``pyslurm.UNLIMITED`` (``math.inf``), times
are unix timestamps, durations of jobs in seconds (``run_time``) and
limits in minutes (``time_limit``), memory in MiB.

A Job's attributes are those of :class:`pyslurm.job_record.JobRecord`.  A
loaded Job borrows its record from the message of the load that made it
(one ``job_info_msg_t``): nothing is copied.  The message is freed when
the last Job of the load is gone, so a Job kept from a large
``Jobs.load()`` keeps the whole load's message in memory (about 2.5 KiB
per job of that load); ``Job.load(id)`` loads only that job.

Examples:
    >>> import pyslurm
    >>> job_id = pyslurm.JobSubmitDescription(
    ...     script="#!/bin/sh\\nsleep 1\\n", ntasks=1, time_limit="5").submit()  # doctest: +SKIP
    >>> pyslurm.Job.load(job_id).state             # doctest: +SKIP
    'PENDING'
"""

import pwd

cimport cython
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc

from pyslurm import clusters, formats, hostlist, jobs_util, values
from pyslurm.clusters import route, one_name as _one_cluster
from pyslurm.core cimport ensure_init, make_error, check_rc_errno
from pyslurm.core import local_cluster
from pyslurm.convert cimport cstr
from pyslurm.records cimport Loader, load_message
from pyslurm.loaded import LoadedMap, summed
from pyslurm.records import field_reader
from pyslurm.job_record cimport JobRecord, jobs_kind, one_job_kind, check_array_resp
from pyslurm.submit import JobSubmitDescription, update_job
from pyslurm.step cimport JobStep
from pyslurm.step import JobSteps
from pyslurm.stats import AVAILABLE as _STATS_AVAILABLE, JobStatistics, unavailable
from pyslurm.errors import PyslurmError

from slurm cimport (
    job_desc_msg_t, job_array_resp_msg_t, slurm_init_job_desc_msg, slurm_update_job,
    slurm_update_job2, slurm_kill_job2,
    slurm_suspend2, slurm_resume2, slurm_requeue2, slurm_free_job_array_resp,
    NO_VAL, NO_VAL64, INFINITE, JOB_REQUEUE_HOLD,
    KILL_JOB_BATCH, KILL_FULL_JOB, KILL_HURRY, ALLOC_SID_USER_HOLD,
)
from slurm_errno cimport SLURM_SUCCESS, ESLURM_INVALID_JOB_ID
from compat cimport (
    pyslurm_errno, pyslurm_kill_job, pyslurm_suspend, pyslurm_resume,
    pyslurm_requeue, pyslurm_notify_job, pyslurm_job_batch_script,
    pyslurm_job_desc_set_job_id, pyslurm_job_res_nhosts, pyslurm_job_res_node,
)


def _job_id(value):
    if isinstance(value, JobRecord):
        return value.id
    return values.job_id(value)


# -- Job ----------------------------------------------------------------------------
cdef Loader _LOADER = Loader.make(jobs_kind(), None)


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Job(JobRecord):
    """A Slurm job.

    ``Job(job_id)`` is an empty handle: its methods (``cancel()``,
    ``hold()``, ...) act on the job by id, and its attributes read ``None``
    until it is loaded with :meth:`Job.load` or :meth:`Jobs.load`.
    All attributes are read-only.  ``job_id`` is an int, a string of the
    digits 0-9, or ``"1234_7"`` for an array task; anything else raises
    ``ValueError``.  ``cluster`` names another cluster the job runs on
    (its controller is found through slurmdbd when a method is called);
    a loaded Job acts on the cluster it was loaded from.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Job(1234)
        pyslurm.Job(1234)
        >>> pyslurm.Job(1234, cluster="other").cancel()   # doctest: +SKIP
    """

    def __init__(self, job_id, cluster=None):
        ref = values.array_task(job_id)
        if ref is not None:
            self._id, self._task = ref
        else:
            self._id = _job_id(job_id)
        if cluster is not None:
            self._cluster_name = _one_cluster(cluster)

    @staticmethod
    def load(job_id, cluster=None):
        """Load one job from the controller (of ``cluster``: another
        cluster's, found through slurmdbd; default the local one).

        Implements ``slurm_load_job``; for a job that is not pending also
        ``slurm_get_job_steps``, filling :attr:`steps` (steps are not
        loaded for a pending job; statistics never are, see
        :meth:`load_stats`).  For an array job's id, the record
        with exactly that id is returned.  An array task is addressed as
        ``"1234_7"``: a task that runs (or ran) has its own record; a task
        still pending is part of the array's pending record, which is
        returned then (as ``scontrol show job 1234_7`` does; its
        :attr:`array_tasks_waiting` includes the task).

        Args:
            job_id (int | str): the job's id, or ``"ARRAYID_TASK"``.
            cluster (str): the cluster to load from; default the local one.

        Returns:
            Job: a new, loaded Job.

        Raises:
            ValueError: ``job_id`` is not a valid id, or ``cluster`` not a
                cluster slurmdbd knows (before any RPC to a controller).
            JobNotFoundError: no such job (or purged from the controller).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> job = pyslurm.Job.load(1234)   # doctest: +SKIP
            >>> job.state                      # doctest: +SKIP
            'RUNNING'
        """
        cdef Job job, pick = None
        ref = values.array_task(job_id)
        jid, task = ref if ref is not None else (_job_id(job_id), None)
        where = route(_one_cluster(cluster) if cluster is not None else None)
        with where:
            owner = load_message(one_job_kind(), 0, jid)
        owner.cluster = where.cluster
        jobs = _LOADER.items(owner)
        for job in jobs:
            if (task is None and job.ptr.job_id == jid) or (
                    task is not None and job.ptr.array_job_id == jid
                    and job.ptr.array_task_id == <uint32_t> task):
                pick = job
                break
        if pick is None and task is not None:
            for job in jobs:
                if (job.ptr.array_job_id == jid and job.ptr.array_task_id == NO_VAL
                        and formats.in_index_set(cstr(job.ptr.array_task_str), task)):
                    pick = job
                    break
        if pick is None:
            if task is not None or not jobs:
                raise make_error(ESLURM_INVALID_JOB_ID, f"slurm_load_job({job_id})")
            pick = jobs[0]
        pick._task = task
        if pick.state != "PENDING":
            # as upstream pyslurm's Job.load: a job that has started comes with its steps
            with route(where.cluster):
                pick.steps = JobSteps.load(pick._id)
        return pick

    def _route(self):
        """Where this job's RPCs go: the cluster it was loaded from or
        named with; a handle without one goes where this thread routes
        (the local cluster outside a :func:`pyslurm.clusters.route` block)."""
        return route(self.cluster if self.ptr else self._cluster_name)

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
        with self._route():
            with nogil:
                if cref != NULL:
                    rc = slurm_kill_job2(cref, sig, fl, NULL)
                else:
                    rc = pyslurm_kill_job(jid, sig, fl)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, f"{what}({ref or jid})")

    def _resolve(self):
        """The job id the id-only calls (notify, batch script) take: an
        array task's own id once it runs, else the array's pending record."""
        if self._ref() is None:
            return self._id
        return (<Job>Job.load(self._ref(), self.cluster if self.ptr else self._cluster_name))._id

    def suspend(self):
        """Suspend a running job.  Implements ``slurm_suspend``.

        Raises:
            RPCError: e.g. ``InvalidStateError`` when not running, or
                ``PermissionDeniedError`` for non-operators.
        """
        _control(self, 0, 0)

    def unsuspend(self):
        """Resume a suspended job.  Implements ``slurm_resume``.

        Raises:
            RPCError: e.g. ``InvalidStateError`` when not suspended.
        """
        _control(self, 1, 0)

    def requeue(self, hold=False):
        """Requeue a job (it must be requeueable).  Implements ``slurm_requeue``.

        Args:
            hold: keep the requeued job held (``REQUEUE_HOLD``).

        Raises:
            RPCError: the controller refused (e.g. a pending job).
        """
        _control(self, 2, JOB_REQUEUE_HOLD if hold else 0)

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
        with self._route():
            with nogil:
                rc = pyslurm_notify_job(jid, cmsg)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, f"slurm_notify_job({jid})")

    def get_batch_script(self):
        """The job's batch script.  Implements ``slurm_job_batch_script``.

        Bytes that are not UTF-8 come back as surrogate escapes:
        ``.encode("utf-8", "surrogateescape")`` gives the script's bytes.

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
        with self._route():
            with nogil:
                rc = pyslurm_job_batch_script(jid, &text, &length)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        try:
            check_rc_errno(rc, err, f"slurm_job_batch_script({jid})")
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
        opts = changes.to_dict()
        if opts.pop("clusters", None) is not None:
            raise ValueError("invalid value for clusters: a job is changed on its own "
                             "cluster (Job(id, cluster=...) names it)")
        with self._route():
            update_job(self._id, opts, self._ref())

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
        _set_priority(self, 0, ALLOC_SID_USER_HOLD if mode == "user" else NO_VAL)

    def release(self):
        """Release a held job.

        Raises:
            RPCError: e.g. ``InvalidStateError`` for a job that is not pending.
        """
        _set_priority(self, INFINITE, NO_VAL)

    # -- real-time statistics (pyslurm.stats) -------------------------------------
    def load_stats(self, steps=None):
        """Load real-time statistics of the job and its running steps.

        Implements ``slurm_job_step_stat`` for every running step (the
        numbers ``sstat`` shows).  Fills :attr:`stats`, :attr:`pids`
        (``{node name: [pid, ...]}``) and :attr:`steps` (each step with its
        own ``stats`` and ``pids``).  A job without running steps (pending or
        finished) gets empty statistics.  See :mod:`pyslurm.stats` for units.

        Args:
            steps: the job's :class:`pyslurm.JobSteps` when already loaded
                (as :meth:`Jobs.load_stats` does); loaded here otherwise.

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
        cdef JobStep step
        if not _STATS_AVAILABLE:
            raise unavailable()
        if not clusters.is_local(self.cluster):
            raise PyslurmError(
                f"load_stats: job {self._ref() or self._id} runs on cluster {self.cluster!r}; "
                f"step statistics come from the nodes, which only the local cluster's "
                f"slurm.conf names (sstat cannot reach other clusters either)")
        if steps is None:
            steps = JobSteps.load(self._id)
        per_step = {}
        pids = {}
        for key, step in steps.items():
            if step._stat():
                per_step[key] = step.stats
            for node, numbers in step.pids.items():
                pids.setdefault(node, []).extend(numbers)
        self.steps = steps
        self.stats = JobStatistics.sum(per_step.values(), steps=per_step)
        self.pids = pids
        return self.stats

    def get_resource_layout_per_node(self):
        """What the job has on each of its nodes, as
        ``scontrol show job -d`` prints it (``Nodes=c1 CPU_IDs=0-1
        Mem=1000 GRES=...``).

        A job built from its id (``pyslurm.Job(1234)``) loads its record
        first (one ``slurm_load_job``); loaded jobs (:meth:`Job.load`,
        :meth:`Jobs.load`) have these details already.  A pending job has
        no layout.

        Returns:
            dict: ``{node: {"cpu_ids": "0-3", "memory": MiB or None,
            "gres": {...}}}`` (``gres`` as :func:`pyslurm.formats.parse_gres`
            reads it; ``{}`` without GRES).  ``{}`` when the job has no
            allocation.

        Examples:
            >>> pyslurm.Job.load(1234).get_resource_layout_per_node()  # doctest: +SKIP
            {'c1': {'cpu_ids': '0-1', 'memory': 1000, 'gres': {}}}

        Raises:
            JobNotFoundError: a job built from its id is not (any more)
                known to the controller.
        """
        if not self.ptr:
            # an id-only handle: its record holds the layout (Job.load)
            return type(self).load(self._ref() or self._id,
                                   self._cluster_name).get_resource_layout_per_node()
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
                    "gres": formats.parse_gres(gres),
                }
        finally:
            free(cores)
        return out


_LOADER.item_type = Job


cdef int _control(Job job, int which, uint32_t flags) except -1:
    """slurm_suspend / slurm_resume / slurm_requeue (which 0, 1, 2), or
    their *2 forms for a Job addressed as one array task."""
    cdef uint32_t jid = job._id
    cdef int rc, err = 0
    cdef job_array_resp_msg_t *resp = NULL
    cdef bytes bref
    cdef char *cref = NULL
    call = ("slurm_suspend", "slurm_resume", "slurm_requeue")[which]
    ref = job._ref()
    if ref is not None:
        bref = ref.encode()
        cref = bref
        call += "2"
    ensure_init()
    with job._route():
        with nogil:
            if cref != NULL:
                if which == 0:
                    rc = slurm_suspend2(cref, &resp)
                elif which == 1:
                    rc = slurm_resume2(cref, &resp)
                else:
                    rc = slurm_requeue2(cref, flags, &resp)
            elif which == 0:
                rc = pyslurm_suspend(jid)
            elif which == 1:
                rc = pyslurm_resume(jid)
            else:
                rc = pyslurm_requeue(jid, flags)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
    try:
        check_rc_errno(rc, err, f"{call}({ref or jid})")
        check_array_resp(resp, call)
    finally:
        if resp != NULL:
            slurm_free_job_array_resp(resp)
    return 0


cdef int _set_priority(Job job, uint32_t priority, uint32_t alloc_sid) except -1:
    """Hold (priority 0; alloc_sid says a user hold) or release (INFINITE)
    with slurm_update_job (slurm_update_job2 for an array task)."""
    cdef job_desc_msg_t desc
    cdef job_array_resp_msg_t *resp = NULL
    cdef int rc, err = 0
    cdef bytes bref
    slurm_init_job_desc_msg(&desc)
    ref = job._ref()
    if ref is not None:
        bref = ref.encode()
        desc.job_id_str = bref
    else:
        pyslurm_job_desc_set_job_id(&desc, job._id)
    desc.priority = priority
    if alloc_sid != NO_VAL:
        desc.alloc_sid = alloc_sid
    ensure_init()
    with job._route():
        with nogil:
            if ref is not None:
                rc = slurm_update_job2(&desc, &resp)
            else:
                rc = slurm_update_job(&desc)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
    try:
        check_rc_errno(rc, err, f"slurm_update_job({ref or job._id})")
        check_array_resp(resp, "slurm_update_job2")
    finally:
        desc.job_id_str = NULL
        if resp != NULL:
            slurm_free_job_array_resp(resp)
    return 0


# -- Jobs ---------------------------------------------------------------------------
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


def _load_args(args, user, frozen, preload):
    """``Jobs.load``'s positional arguments: ours ``(user, frozen,
    preload_passwd_info)``, or upstream pyslurm's ``(preload_passwd_info,
    frozen)`` -- told apart by the first being a bool (never a user)."""
    if len(args) > 3:
        raise TypeError(f"Jobs.load() takes at most 3 positional arguments ({len(args)} given)")
    if not args:
        return user, frozen, preload
    if isinstance(args[0], bool):
        if len(args) > 2:
            raise TypeError("Jobs.load(preload_passwd_info, frozen) takes 2 positional "
                            "arguments when the first is a bool")
        return user, (args[1] if len(args) > 1 else frozen), args[0]
    return (args[0], args[1] if len(args) > 1 else frozen,
            args[2] if len(args) > 2 else preload)


class Jobs(LoadedMap):
    """A collection of :class:`Job`, keyed by cluster and id, loaded with
    one ``slurm_load_jobs`` (or ``slurm_load_job_user``).

    Args:
        jobs: a list of ids or Jobs, a ``{id: Job}`` dict, or ``"1,2,3"``.
        frozen: see :meth:`refresh`.

    Examples:
        >>> pyslurm.Jobs("1,2")
        pyslurm.Jobs({1: pyslurm.Job(1), 2: pyslurm.Job(2)})
    """

    _item_type = Job
    _id_attr = "id"
    _key_type = staticmethod(values.job_id)
    _loader = _LOADER

    def __init__(self, jobs=None, frozen=False, **kwargs):
        super().__init__(jobs, **kwargs)
        self.frozen = frozen
        self._user = None

    @classmethod
    def _rpc(cls, update_time, user):
        return cls._loader.load(update_time, user)

    @classmethod
    def load(cls, *args, user=None, frozen=False, preload_passwd_info=False, cluster=None):
        """Load every job the controller holds (one ``slurm_load_jobs``
        call), or one user's jobs (``slurm_load_job_user``).

        The positional form is ``load(user, frozen, preload_passwd_info)``;
        upstream pyslurm's ``load(preload_passwd_info, frozen)`` (a bool
        first) means the same as there.

        Args:
            user: a user name or uid; default: every user.
            frozen: see :meth:`refresh`.
            preload_passwd_info: read the whole passwd and group databases
                once, so that ``user_name``/``group_name`` of many jobs
                cost no lookup each.
            cluster: the local cluster when None; another cluster's name
                loads that cluster's jobs from its controller (found
                through slurmdbd, as ``squeue -M`` does); a list of names,
                ``"a,b"`` or ``"all"`` loads from each (one RPC per
                cluster), keyed by cluster.

        Returns:
            Jobs

        Raises:
            ValueError: unknown user name, a uid out of range, or a
                cluster slurmdbd does not know (before any RPC to a
                controller).
            RPCError: a controller refused or did not answer.

        Examples:
            >>> jobs = pyslurm.Jobs.load()                  # doctest: +SKIP
            >>> running = jobs.filter(state="RUNNING")      # doctest: +SKIP
            >>> both = pyslurm.Jobs.load(cluster="all")     # doctest: +SKIP
            >>> both["other"][1234]                         # doctest: +SKIP
        """
        user, frozen, preload_passwd_info = _load_args(
            args, user, frozen, preload_passwd_info)
        uid = _uid(user)
        names = cls._sources_of(cluster, None)
        values.forget_names()
        if preload_passwd_info:
            values.preload_names()
        owners = {}
        for name in names:
            owner = cls._load_owner(None, name, uid)
            owners[owner.cluster] = owner
        jobs = cls(frozen=frozen, cluster=local_cluster())
        jobs._user = uid
        jobs._sources = list(owners)
        jobs._take(owners)
        return jobs

    @classmethod
    def load_fields(cls, fields, as_tuples=False, user=None, update_time=None, cluster=None):
        """Load every job with one RPC, but read only ``fields``: a list of
        plain records instead of :class:`Job` objects.

        Each value is what the :class:`Job` attribute of the same name
        gives; no Job is made per job, so this is the cheap way to poll a
        few attributes of many jobs, e.g. the states of every tracked job.

        Args:
            fields: Job attribute names, e.g. ``["id", "state", "exit_code"]``.
            as_tuples: give each record as a tuple in ``fields`` order
                instead of a dict.
            user: only this user's jobs (a name or uid), as in :meth:`load`.
            update_time: a previous load's ``last_update``: None is
                returned when nothing changed since (the cheap poll).
            cluster: the cluster(s) to load from, as in :meth:`load`; the
                rows of several clusters follow each other (name
                ``"cluster"`` in ``fields`` to tell them apart).

        Returns:
            list: one dict (or tuple) per job, in the controller's order;
            None when nothing changed since ``update_time``.

        Raises:
            ValueError: a name in ``fields`` is not a Job attribute, an
                unknown user or cluster (raised before any RPC to a
                controller).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> pyslurm.Jobs.load_fields(["id", "state"])   # doctest: +SKIP
            [{'id': 4711, 'state': 'RUNNING'}]
        """
        reader = field_reader(Job, fields)
        if user is not None and update_time is not None:
            raise ValueError("invalid value for update_time: Slurm's per-user load "
                             "has no 'changed since' form (give user or update_time)")
        uid = _uid(user)
        rows = []
        for name in cls._sources_of(cluster, update_time):
            owner = cls._load_owner(update_time, name, uid)
            if owner is None:
                return None
            rows.extend(cls._loader.rows(owner, reader, as_tuples))
        return rows

    def _reload_owner(self, cluster):
        # one user's jobs have no "changed since" form: always a full load
        since = None if self._user is not None else self._updates.get(cluster or "")
        return self._load_owner(since, cluster, self._user)

    def load_steps(self):
        """Load the steps of every job in this collection with one
        ``slurm_get_job_steps`` call, filling each Job's ``steps`` (a
        :class:`pyslurm.JobSteps`; empty for a job without steps, such as
        a pending one).

        Raises:
            RPCError: the controller refused or did not answer.
        """
        for cluster, items in self.data.items():
            with route(cluster or None):
                by_job = JobSteps.load_all()
            for job in items.values():
                job.steps = by_job.get(job.id) or JobSteps(job_id=job.id)

    #: JobStatistics of the collection, filled by :meth:`load_stats`.
    stats = None

    def load_stats(self):
        """Load real-time statistics of every job in the collection.

        Calls :meth:`load_steps` (one RPC), then ``slurm_job_step_stat``
        for every running step.  Fills each job's ``stats`` and ``pids``
        (see :meth:`Job.load_stats`) and this collection's :attr:`stats`,
        the sum over the jobs.  Pending jobs are skipped: they have no
        statistics yet; so are jobs of other clusters (their steps' nodes
        are out of reach: statistics come from the local cluster's nodes
        only), whose ``stats`` stay None.

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
        if not _STATS_AVAILABLE:
            raise unavailable()
        self.load_steps()
        parts = [job.load_stats(job.steps) for job in self.values()
                 if job.state != "PENDING" and clusters.is_local(job.cluster)]
        self.stats = JobStatistics.sum(parts)
        return self.stats

    memory = summed("memory", "Total memory of the jobs in MiB (jobs with unknown memory count 0).")
    cpus = summed("cpus", "Total CPUs of the jobs.")
    ntasks = summed("ntasks", "Total tasks of the jobs.")
    elapsed_cpu_time = summed("elapsed_cpu_time",
                              "Total CPU-seconds used so far (run_time times cpus).")


_LOADER.collection = Jobs

__all__ = ["Job", "Jobs", "JobSubmitDescription"]
