# cython: language_level=3
"""Slurm job steps: :class:`JobStep` and :class:`JobSteps`.

A step is addressed by its job's id and its step id: an int for the steps
``srun`` starts (``0``, ``1``, ...), or the name Slurm prints for the
special steps: ``"batch"`` (the batch script), ``"extern"`` (the
container of processes adopted into the job, with
``PrologFlags=contain``), ``"interactive"`` (``salloc``'s shell with
``LaunchParameters=use_interactive_step``) and ``"TBD"`` (a step still
pending).

Values follow pyslurm's one convention: an unset Slurm value reads as
``None``, an unlimited one as ``pyslurm.UNLIMITED`` (``math.inf``), times
are unix timestamps, ``run_time`` is in seconds, ``time_limit`` in minutes,
memory in MiB.

Examples:
    >>> import pyslurm
    >>> steps = pyslurm.JobSteps.load(1234)              # doctest: +SKIP
    >>> sorted(steps, key=str)                           # doctest: +SKIP
    [0, 'batch']
    >>> steps[0].node_names                              # doctest: +SKIP
    ['c1']
    >>> pyslurm.JobStep(1234, 0).send_signal("USR1")     # doctest: +SKIP
"""

import pwd

from libc.stdint cimport uint32_t

from pyslurm import jobs_util, values
from pyslurm import hostlist
from pyslurm.xcollections import local_cluster
from pyslurm.core cimport ensure_init, make_error, check_rc_errno as _check
from pyslurm.convert cimport cstr, cpath, u32, timestamp
from pyslurm.records cimport MessageOwner
from slurm cimport (
    job_step_info_t, job_step_info_response_msg_t,
    slurm_free_job_step_info_response_msg,
    NO_VAL, INFINITE, SHOW_ALL, SHOW_LOCAL, JOB_STATE_BASE,
    SLURM_BATCH_SCRIPT, SLURM_EXTERN_CONT, SLURM_INTERACTIVE_STEP, SLURM_PENDING_STEP,
    JOB_PENDING, JOB_RUNNING, JOB_SUSPENDED, JOB_COMPLETE, JOB_CANCELLED,
    JOB_FAILED, JOB_TIMEOUT, JOB_NODE_FAIL, JOB_PREEMPTED, JOB_BOOT_FAIL,
    JOB_DEADLINE, JOB_OOM,
)
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR, ESLURM_INVALID_JOB_ID
from compat cimport (
    pyslurm_errno, pyslurm_get_job_steps, pyslurm_kill_job_step,
    pyslurm_signal_job_step, pyslurm_update_step_time_limit,
    pyslurm_step_tres_alloc, pyslurm_step_container_id, pyslurm_step_cwd,
    pyslurm_step_std_in, pyslurm_step_std_out, pyslurm_step_std_err,
)


cdef void _free_step_msg(void *p) noexcept nogil:
    slurm_free_job_step_info_response_msg(<job_step_info_response_msg_t *> p)


# Slurm's ids of the special steps and the names it prints for them.
_STEP_NAMES = {
    SLURM_BATCH_SCRIPT: "batch",
    SLURM_EXTERN_CONT: "extern",
    SLURM_INTERACTIVE_STEP: "interactive",
    SLURM_PENDING_STEP: "TBD",
}
_STEP_IDS = {name.lower(): num for num, name in _STEP_NAMES.items()}
# Ids above this one are special (SLURM_MAX_NORMAL_STEP_ID in 24.11+).
_MAX_NORMAL_STEP_ID = 0xfffffff0

_STATES = {
    JOB_PENDING: "PENDING", JOB_RUNNING: "RUNNING", JOB_SUSPENDED: "SUSPENDED",
    JOB_COMPLETE: "COMPLETED", JOB_CANCELLED: "CANCELLED", JOB_FAILED: "FAILED",
    JOB_TIMEOUT: "TIMEOUT", JOB_NODE_FAIL: "NODE_FAIL", JOB_PREEMPTED: "PREEMPTED",
    JOB_BOOT_FAIL: "BOOT_FAIL", JOB_DEADLINE: "DEADLINE", JOB_OOM: "OUT_OF_MEMORY",
}

_FIELDS = (
    "id", "job_id", "name", "cluster", "user_id", "user_name", "state",
    "partition", "allocated_nodes", "node_names", "num_nodes", "ntasks", "cpus",
    "memory", "allocated_tres", "start_time", "run_time", "time_limit",
    "run_time_remaining", "submit_line", "srun_host", "srun_process_id",
    "heterogeneous_component", "array_job_id", "array_task_id", "network",
    "reserved_ports", "container", "container_id", "working_directory",
    "standard_input", "standard_output", "standard_error",
    "cpus_per_tres", "memory_per_tres", "tres_per_step", "tres_per_node",
    "tres_per_socket", "tres_per_task",
)


def _job_id(value):
    """A job id from an int, a string of digits or anything with ``.id``
    (a :class:`pyslurm.Job`)."""
    if not isinstance(value, (int, str)) and hasattr(value, "id"):
        value = value.id
    return values.job_id(value)


def _step_id(value):
    """Slurm's step id from ``0``, ``"0"``, ``"batch"``, ``"extern"``,
    ``"interactive"`` or ``"TBD"``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _STEP_IDS:
            return _STEP_IDS[text]
        if values.digits(text) and len(text) < 12:
            value = int(text)
    if values.is_int(value) and 0 <= value < _MAX_NORMAL_STEP_ID:
        return value
    raise ValueError(f"invalid step id: {value!r} (expected a number, 'batch', "
                     f"'extern', 'interactive' or 'TBD')")


def _step_name(uint32_t num):
    """The step id as users see it: an int, or the special step's name."""
    return _STEP_NAMES.get(num, num)


def _user_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError, ValueError):
        return None


cdef MessageOwner _load_msg(uint32_t job_id, uint32_t step_id):
    """One slurm_get_job_steps call; NO_VAL ids select every job / step."""
    cdef job_step_info_response_msg_t *msg = NULL
    cdef int rc, err = 0
    ensure_init()
    with nogil:
        # SHOW_LOCAL: no federation lookup first (one RPC, not two)
        rc = pyslurm_get_job_steps(job_id, step_id, &msg, SHOW_ALL | SHOW_LOCAL)
        if rc != SLURM_SUCCESS:
            err = pyslurm_errno()
    if rc != SLURM_SUCCESS:
        if msg != NULL:
            slurm_free_job_step_info_response_msg(msg)
        _check(rc, err, "slurm_get_job_steps")
    if msg == NULL:
        raise make_error(SLURM_ERROR, "slurm_get_job_steps returned no message")
    return MessageOwner.wrap(msg, _free_step_msg, msg.last_update)


# ---------------------------------------------------------------------------
# JobStep
# ---------------------------------------------------------------------------
cdef class JobStep:
    """One step of a Slurm job.

    ``JobStep(job, step)`` is an empty handle: its methods (``cancel()``,
    ``send_signal()``, ``modify()``) act on the step by id, and its
    attributes other than ``id`` and ``job_id`` read ``None`` until it is
    loaded with :meth:`JobStep.load` or :meth:`JobSteps.load`.  All
    attributes are read-only.  ``job`` is the job's id (an int or a string
    of digits) or a :class:`pyslurm.Job`; ``step`` the step's id, an int or
    ``"batch"``, ``"extern"``, ``"interactive"``, ``"TBD"``.  Anything else
    raises ``ValueError``.

    Examples:
        >>> import pyslurm
        >>> pyslurm.JobStep(1234, "batch")
        pyslurm.JobStep(1234, 'batch')
        >>> str(pyslurm.JobStep(1234, 0))
        '1234.0'
    """

    def __cinit__(self):
        self.ptr = NULL
        self.owner = None
        self._job_id = 0
        self._step_id = 0

    def __init__(self, job, step):
        self._job_id = _job_id(job)
        self._step_id = _step_id(step)

    @staticmethod
    cdef JobStep from_ptr(job_step_info_t *ptr, MessageOwner owner):
        cdef JobStep s = JobStep.__new__(JobStep)
        s.ptr = ptr
        s.owner = owner
        s._job_id = ptr.step_id.job_id
        s._step_id = ptr.step_id.step_id
        return s

    @staticmethod
    def load(job, step):
        """Load one step from the controller.

        Implements ``slurm_get_job_steps``.

        Args:
            job: the job's id or a :class:`pyslurm.Job`.
            step: the step's id (``0``, ``"batch"``, ...).

        Returns:
            JobStep: a new, loaded step.

        Raises:
            ValueError: invalid job or step id (before any RPC).
            JobNotFoundError: no such job, or the job has no such step
                (any more).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> step = pyslurm.JobStep.load(1234, 0)     # doctest: +SKIP
            >>> step.state, step.ntasks                  # doctest: +SKIP
            ('RUNNING', 2)
        """
        cdef uint32_t jid = _job_id(job)
        cdef uint32_t sid = _step_id(step)
        cdef MessageOwner owner = _load_msg(jid, sid)
        cdef job_step_info_response_msg_t *msg = <job_step_info_response_msg_t *> owner.ptr
        cdef uint32_t i
        for i in range(msg.job_step_count):
            if (msg.job_steps[i].step_id.job_id == jid
                    and msg.job_steps[i].step_id.step_id == sid):
                return JobStep.from_ptr(&msg.job_steps[i], owner)
        raise make_error(ESLURM_INVALID_JOB_ID,
                         f"step {jid}.{_step_name(sid)} not found")

    def __repr__(self):
        return f"pyslurm.JobStep({self._job_id}, {_step_name(self._step_id)!r})"

    def __str__(self):
        """The step's id as Slurm prints it (``1234.0``, ``1234.batch``,
        ``1234.0+1`` for a het job's component 1)."""
        text = f"{self._job_id}.{_step_name(self._step_id)}"
        comp = self.heterogeneous_component
        return text if comp is None else f"{text}+{comp}"

    def __eq__(self, other):
        if not isinstance(other, JobStep):
            return NotImplemented
        return (self.job_id, self.id, self.cluster) == (other.job_id, other.id, other.cluster)

    def __hash__(self):
        return hash((self._job_id, self._step_id))

    @property
    def is_loaded(self):
        """True when the attributes come from the controller."""
        return self.ptr != NULL

    # -- identity ---------------------------------------------------------------
    @property
    def id(self):
        """The step id: an int, or ``"batch"``, ``"extern"``,
        ``"interactive"``, ``"TBD"``."""
        return _step_name(self._step_id)

    @property
    def job_id(self):
        """The job's id."""
        return self._job_id

    @property
    def key(self):
        """The step's key in :class:`JobSteps`: :attr:`id`, or ``"0+1"``
        for component 1 of a het job's step 0."""
        comp = self.heterogeneous_component
        return self.id if comp is None else f"{self.id}+{comp}"

    @property
    def heterogeneous_component(self):
        """Het job component the step runs in (None for a normal step)."""
        if not self.ptr:
            return None
        return u32(self.ptr.step_id.step_het_comp)

    @property
    def name(self):
        """Step name (the command srun ran, ``"batch"``, ``"extern"``, ...)."""
        return cstr(self.ptr.name) if self.ptr else None

    @property
    def cluster(self):
        """Cluster the step runs on."""
        if not self.ptr:
            return None
        return cstr(self.ptr.cluster) or local_cluster()

    @property
    def user_id(self):
        """Uid the step runs as."""
        return u32(self.ptr.user_id) if self.ptr else None

    @property
    def user_name(self):
        """Name of :attr:`user_id` (None when it cannot be resolved)."""
        uid = self.user_id
        return None if uid is None else _user_name(uid)

    @property
    def state(self):
        """Base state: ``PENDING``, ``RUNNING``, ``SUSPENDED``, ``COMPLETED``,
        ``CANCELLED``, ...  (the job states' names)."""
        if not self.ptr:
            return None
        base = self.ptr.state & JOB_STATE_BASE
        return _STATES.get(base, f"UNKNOWN({base})")

    @property
    def partition(self):
        """Partition of the step's job."""
        return cstr(self.ptr.partition) if self.ptr else None

    # -- where and how much -------------------------------------------------------
    @property
    def allocated_nodes(self):
        """Nodes the step runs on (hostlist string, e.g. ``"c[1-2]"``)."""
        return cstr(self.ptr.nodes) if self.ptr else None

    @property
    def nodes(self):
        """Same as :attr:`allocated_nodes`."""
        return self.allocated_nodes

    @property
    def node_names(self):
        """Nodes the step runs on, one name each (a new list; None when not
        loaded)."""
        if not self.ptr:
            return None
        nodes = cstr(self.ptr.nodes)
        return hostlist.expand(nodes) if nodes else []

    @property
    def num_nodes(self):
        """How many nodes the step runs on."""
        names = self.node_names
        return None if names is None else len(names)

    @property
    def ntasks(self):
        """Number of tasks."""
        return u32(self.ptr.num_tasks) if self.ptr else None

    @property
    def cpus(self):
        """CPUs allocated to the step."""
        return u32(self.ptr.num_cpus) if self.ptr else None

    @property
    def allocated_tres(self):
        """Allocated TRES as Slurm prints them (``"cpu=2,mem=200M,node=1"``)."""
        return cstr(pyslurm_step_tres_alloc(self.ptr)) if self.ptr else None

    @property
    def memory(self):
        """Memory allocated to the step in MiB (from its TRES); None when
        the controller does not account memory for the step."""
        tres = self.allocated_tres
        if not tres:
            return None
        for part in tres.split(","):
            if part.startswith("mem="):
                try:
                    return jobs_util.parse_memory(part[4:], "mem")
                except ValueError:
                    return None
        return None

    @property
    def cpus_per_tres(self):
        """``--cpus-per-gpu`` and the like, as Slurm stores them."""
        return cstr(self.ptr.cpus_per_tres) if self.ptr else None

    @property
    def memory_per_tres(self):
        """``--mem-per-gpu`` and the like, as Slurm stores them."""
        return cstr(self.ptr.mem_per_tres) if self.ptr else None

    @property
    def tres_per_step(self):
        """TRES requested for the whole step (``--gpus``)."""
        return cstr(self.ptr.tres_per_step) if self.ptr else None

    @property
    def tres_per_node(self):
        """TRES requested per node (``--gres``)."""
        return cstr(self.ptr.tres_per_node) if self.ptr else None

    @property
    def tres_per_socket(self):
        """TRES requested per socket."""
        return cstr(self.ptr.tres_per_socket) if self.ptr else None

    @property
    def tres_per_task(self):
        """TRES requested per task."""
        return cstr(self.ptr.tres_per_task) if self.ptr else None

    # -- time -------------------------------------------------------------------
    @property
    def start_time(self):
        """When the step started (unix time)."""
        return timestamp(self.ptr.start_time) if self.ptr else None

    @property
    def run_time(self):
        """Seconds the step had run when it was loaded."""
        if not self.ptr:
            return None
        if (self.ptr.state & JOB_STATE_BASE) == JOB_PENDING:
            return 0
        return max(0, <long> self.ptr.run_time)

    @property
    def time_limit(self):
        """Time limit in minutes (``UNLIMITED`` when the step has none of
        its own)."""
        return u32(self.ptr.time_limit) if self.ptr else None

    @property
    def run_time_remaining(self):
        """Seconds until the step's time limit (0 when past, ``UNLIMITED``
        without a limit)."""
        limit = self.time_limit
        if limit is None or limit == jobs_util.UNLIMITED:
            return limit
        return max(0, limit * 60 - self.run_time)

    # -- how it was started --------------------------------------------------------
    @property
    def submit_line(self):
        """The command line that started the step (``srun -n2 sleep 60``)."""
        return cstr(self.ptr.submit_line) if self.ptr else None

    @property
    def command(self):
        """Same as :attr:`submit_line`."""
        return self.submit_line

    @property
    def srun_host(self):
        """Host the step's srun runs on."""
        return cstr(self.ptr.srun_host) if self.ptr else None

    @property
    def srun_process_id(self):
        """Process id of the step's srun on :attr:`srun_host`."""
        if not self.ptr or self.ptr.srun_pid == 0:
            return None
        return u32(self.ptr.srun_pid)

    @property
    def array_job_id(self):
        """Array job id of the step's job (None when not an array task)."""
        if not self.ptr or self.ptr.array_job_id == 0:
            return None
        return u32(self.ptr.array_job_id)

    @property
    def array_task_id(self):
        """Array task id of the step's job (None when not an array task)."""
        if not self.ptr or self.ptr.array_job_id == 0:
            return None
        return u32(self.ptr.array_task_id)

    @property
    def network(self):
        """Network specification (``srun --network``)."""
        return cstr(self.ptr.network) if self.ptr else None

    @property
    def reserved_ports(self):
        """Reserved ports (``srun --resv-ports``)."""
        return cstr(self.ptr.resv_ports) if self.ptr else None

    @property
    def container(self):
        """OCI container bundle path."""
        return cstr(self.ptr.container) if self.ptr else None

    @property
    def container_id(self):
        """OCI container id (Slurm 24.11 and later; None before)."""
        return cstr(pyslurm_step_container_id(self.ptr)) if self.ptr else None

    @property
    def working_directory(self):
        """Working directory of the step (Slurm 26.05 and later; None before)."""
        return cpath(pyslurm_step_cwd(self.ptr)) if self.ptr else None

    @property
    def standard_input(self):
        """Standard input path (Slurm 26.05 and later; None before)."""
        return cpath(pyslurm_step_std_in(self.ptr)) if self.ptr else None

    @property
    def standard_output(self):
        """Standard output path (Slurm 26.05 and later; None before)."""
        return cpath(pyslurm_step_std_out(self.ptr)) if self.ptr else None

    @property
    def standard_error(self):
        """Standard error path (Slurm 26.05 and later; None before)."""
        return cpath(pyslurm_step_std_err(self.ptr)) if self.ptr else None

    def to_dict(self):
        """Every attribute as a plain dict.  Never fails because of one
        attribute: one that cannot be read is None.

        Examples:
            >>> pyslurm.JobStep.load(1234, 0).to_dict()["ntasks"]   # doctest: +SKIP
            2
        """
        out = {}
        for name in _FIELDS:
            try:
                out[name] = getattr(self, name)
            except Exception:
                out[name] = None
        return out

    # -- actions ------------------------------------------------------------------
    def cancel(self):
        """Cancel the step (SIGKILL); the job goes on.

        Implements ``slurm_kill_job_step``.

        Raises:
            JobNotFoundError: no such job or step.
            RPCError: any other refusal.

        Examples:
            >>> pyslurm.JobStep(1234, 0).cancel()   # doctest: +SKIP
        """
        cdef uint32_t jid = self._job_id, sid = self._step_id
        cdef int rc, err = 0
        ensure_init()
        with nogil:
            rc = pyslurm_kill_job_step(jid, sid, 9)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _check(rc, err, f"slurm_kill_job_step({self})")

    def send_signal(self, signal):
        """Send a signal to the step's tasks.

        Implements ``slurm_signal_job_step``.

        Args:
            signal: ``"SIGUSR1"``, ``"USR1"`` or a number.

        Raises:
            ValueError: unknown signal (before any RPC).
            JobNotFoundError: no such job or step.
            RPCError: any other refusal.

        Examples:
            >>> pyslurm.JobStep(1234, 0).send_signal("USR1")   # doctest: +SKIP
        """
        cdef uint32_t num = jobs_util.parse_signal(signal)
        cdef uint32_t jid = self._job_id, sid = self._step_id
        cdef int rc, err = 0
        ensure_init()
        with nogil:
            rc = pyslurm_signal_job_step(jid, sid, num)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _check(rc, err, f"slurm_signal_job_step({self})")

    def modify(self, time_limit=None):
        """Change the step.  Slurm lets a step's time limit be changed.

        Implements ``slurm_update_step``.  A loaded step is not updated in
        place: load it again to see the change.

        Args:
            time_limit: minutes, any Slurm time format (``"10"``,
                ``"1:30:00"``, ``"1-0"``) or ``"UNLIMITED"``.

        Raises:
            ValueError: invalid or missing time limit (before any RPC).
            JobNotFoundError: no such job or step.
            RPCError: any other refusal (e.g. a user raising the limit).

        Examples:
            >>> pyslurm.JobStep(1234, 0).modify(time_limit="10")   # doctest: +SKIP
        """
        if time_limit is None:
            raise ValueError("JobStep.modify: nothing to change (give time_limit)")
        minutes = jobs_util.parse_minutes(time_limit, "time_limit")
        cdef uint32_t limit = INFINITE if minutes == jobs_util.UNLIMITED else int(minutes)
        cdef uint32_t jid = self._job_id, sid = self._step_id
        cdef int rc, err = 0
        ensure_init()
        with nogil:
            rc = pyslurm_update_step_time_limit(jid, sid, limit)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        _check(rc, err, f"slurm_update_step({self})")

    # -- real-time statistics (pyslurm.stats) -------------------------------------
    def load_stats(self):
        """Load real-time statistics of this (loaded) step.

        Implements ``slurm_job_step_stat`` (what ``sstat`` shows).  Fills
        :attr:`stats` and :attr:`pids` (``{node name: [pid, ...]}``).  A step
        that is not running gets empty statistics.  See :mod:`pyslurm.stats`
        for units.

        Returns:
            JobStepStatistics

        Raises:
            ValueError: the step is an empty handle (load it first).
            RPCError: a node refused or did not answer.
            PyslurmError: pyslurm was built without Slurm's libslurmfull.

        Examples:
            >>> step = pyslurm.JobStep.load(1234, 0)   # doctest: +SKIP
            >>> step.load_stats().max_resident_memory  # doctest: +SKIP
            210763776
        """
        from pyslurm.stats import load_step_stats
        return load_step_stats(self)


# ---------------------------------------------------------------------------
# JobSteps
# ---------------------------------------------------------------------------
class JobSteps(dict):
    """The steps of one job: a dict ``{step id: JobStep}``, keyed by the
    step ids as :attr:`JobStep.id` gives them (``0``, ``"batch"``, ...;
    a het job's steps as ``"0+1"``, see :attr:`JobStep.key`).

    Examples:
        >>> steps = pyslurm.JobSteps.load(1234)     # doctest: +SKIP
        >>> steps["batch"].state                    # doctest: +SKIP
        'RUNNING'
    """

    def __init__(self, steps=None, job_id=None):
        super().__init__()
        self.job_id = job_id
        if isinstance(steps, dict):
            self.update(steps)
        elif steps is not None:
            for step in steps:
                self[step.key] = step
                if self.job_id is None:
                    self.job_id = step.job_id

    def __repr__(self):
        return f"pyslurm.JobSteps({self.job_id}, {dict.__repr__(self)})"

    @classmethod
    def load(cls, job):
        """Load every step of one job with one RPC.

        Implements ``slurm_get_job_steps``.  A pending or finished job has
        no steps: the result is empty.

        Args:
            job: the job's id or a :class:`pyslurm.Job`.

        Returns:
            JobSteps

        Raises:
            ValueError: invalid job id (before any RPC).
            JobNotFoundError: no such job.
            RPCError: the controller refused or did not answer.
        """
        jid = _job_id(job)
        return _steps_by_job(_load_msg(jid, NO_VAL)).get(jid) or cls(job_id=jid)

    @staticmethod
    def load_all():
        """Every step of every job with one RPC, as ``{job id: JobSteps}``.

        Implements ``slurm_get_job_steps``.  Used by ``Jobs.load_steps()``.
        """
        return _steps_by_job(_load_msg(NO_VAL, NO_VAL))

    def to_dict(self):
        """``{step id: step.to_dict()}``."""
        return {k: v.to_dict() for k, v in self.items()}


def _steps_by_job(MessageOwner owner):
    cdef job_step_info_response_msg_t *msg = <job_step_info_response_msg_t *> owner.ptr
    cdef uint32_t i
    out = {}
    for i in range(msg.job_step_count):
        step = JobStep.from_ptr(&msg.job_steps[i], owner)
        steps = out.get(step.job_id)
        if steps is None:
            steps = out[step.job_id] = JobSteps(job_id=step.job_id)
        steps[step.key] = step
    return out


__all__ = ["JobStep", "JobSteps"]
