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

cimport cython
from libc.stdint cimport uint16_t, uint32_t

from pyslurm import formats, hostlist, jobs_util, values
from pyslurm.clusters import is_local, route, one_name as _one_cluster
from pyslurm.core cimport ensure_init, make_error, check_rc_errno
from pyslurm.convert cimport cstr, cpath, u32
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, MessageOwner, Record, Loader, load_message, f_str,
    f_num, f_raw, f_time,
)
from pyslurm.records import bind_fields
from pyslurm.display import TableDisplay
from pyslurm.job_record import _cpu_freq
from pyslurm.submit import _DIST_CODES
from pyslurm.stats cimport stat_step
from pyslurm.stats import AVAILABLE as _STATS_AVAILABLE, JobStepStatistics, unavailable
from slurm cimport (
    job_step_info_t, job_step_info_response_msg_t,
    slurm_free_job_step_info_response_msg,
    NO_VAL, INFINITE, SHOW_ALL, SHOW_LOCAL, JOB_STATE_BASE,
    SLURM_DIST_STATE_BASE, SLURM_DIST_ARBITRARY, SLURM_DIST_PLANE, SLURM_DIST_PACK_NODES,
    SLURM_DIST_NO_PACK_NODES,
    SLURM_BATCH_SCRIPT, SLURM_EXTERN_CONT, SLURM_INTERACTIVE_STEP, SLURM_PENDING_STEP,
    JOB_PENDING, JOB_RUNNING, JOB_SUSPENDED, JOB_COMPLETE, JOB_CANCELLED,
    JOB_FAILED, JOB_TIMEOUT, JOB_NODE_FAIL, JOB_PREEMPTED, JOB_BOOT_FAIL,
    JOB_DEADLINE, JOB_OOM,
)
from slurm_errno cimport SLURM_SUCCESS, ESLURM_INVALID_JOB_ID
from compat cimport (
    pyslurm_errno, pyslurm_get_job_steps, pyslurm_kill_job_step,
    pyslurm_signal_job_step, pyslurm_update_step_time_limit,
    pyslurm_step_tres_alloc, pyslurm_step_container_id, pyslurm_step_cwd,
    pyslurm_step_std_in, pyslurm_step_std_out, pyslurm_step_std_err,
)


# srun's -m names by task_dist code (the inverse of submit's table)
_DIST_NAMES = {code: name for name, code in _DIST_CODES.items()}
_DIST_NAMES[SLURM_DIST_ARBITRARY] = "arbitrary"
_DIST_NAMES[SLURM_DIST_PLANE] = "plane"


def _distribution(dist):
    """A step's task_dist as srun's ``-m`` names it (``"block:cyclic"``,
    ``"plane"``, with ``",Pack"``/``",NoPack"``), None when unknown."""
    name = _DIST_NAMES.get(dist & SLURM_DIST_STATE_BASE)
    if name is None:
        return None
    if dist & SLURM_DIST_PACK_NODES:
        return name + ",Pack"
    if dist & SLURM_DIST_NO_PACK_NODES:
        return name + ",NoPack"
    return name


# -- the message ---------------------------------------------------------------
cdef int _load(long since, void **msg, uint32_t job_id, uint32_t step_id) noexcept nogil:
    # SHOW_LOCAL: no federation lookup first (one RPC, not two)
    return pyslurm_get_job_steps(job_id, step_id, <job_step_info_response_msg_t **> msg,
                                 SHOW_ALL | SHOW_LOCAL)


cdef job_step_info_response_msg_t *_M = NULL   # field addresses are offsets
cdef MessageKind _KIND = message_kind(
    b"slurm_get_job_steps", _load, <free_fn_t> slurm_free_job_step_info_response_msg,
    sizeof(job_step_info_t), &_M.job_steps, &_M.job_step_count, &_M.last_update)


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


def _job_id(value):
    """A job id from an int, a string of digits or anything with ``.id``
    (a :class:`pyslurm.Job`)."""
    if not isinstance(value, (int, str)) and hasattr(value, "id"):
        value = value.id
    return values.job_id(value)


def _job_cluster(job, cluster):
    """Where a step load for ``job`` goes: ``cluster`` when given (checked,
    one name), else the cluster of a :class:`pyslurm.Job` given as ``job``
    (the one it was loaded from or named with), else None (where this
    thread routes: the local cluster outside a ``route()`` block)."""
    if cluster is not None:
        return _one_cluster(cluster)
    if not isinstance(job, (int, str)):
        return getattr(job, "cluster", None)
    return None


cdef MessageOwner _load_steps(object cluster, uint32_t jid, uint32_t sid):
    """One ``slurm_get_job_steps`` on ``cluster``'s controller; the
    message's steps name the cluster they were loaded from."""
    where = route(cluster)
    with where:
        owner = load_message(&_KIND, 0, jid, sid)
    owner.cluster = where.cluster
    return owner


def _step_id(value):
    """Slurm's step id from ``0``, ``"0"``, ``"batch"``, ``"extern"``,
    ``"interactive"`` or ``"TBD"``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _STEP_IDS:
            return _STEP_IDS[text]
        if text == "pending":              # upstream pyslurm's name of "TBD"
            return SLURM_PENDING_STEP
        if values.digits(text) and len(text) < 12:
            value = int(text)
    if values.is_int(value) and 0 <= value < _MAX_NORMAL_STEP_ID:
        return value
    raise ValueError(f"invalid step id: {value!r} (expected a number, 'batch', "
                     f"'extern', 'interactive' or 'TBD')")


def _step_name(uint32_t num):
    """The step id as users see it: an int, or the special step's name."""
    return _STEP_NAMES.get(num, num)


cdef job_step_info_t *_S = NULL        # field addresses are offsets in a record
cdef Loader _LOADER = Loader.make(&_KIND, None)


# ---------------------------------------------------------------------------
# JobStep
# ---------------------------------------------------------------------------
@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class JobStep(Record):
    """One step of a Slurm job.

    ``JobStep(job, step=0)`` is an empty handle: its methods
    (``cancel()``, ``send_signal()``, ``modify()``) act on the step by id,
    and its attributes other than ``id`` and ``job_id`` read ``None`` until
    it is loaded with :meth:`JobStep.load` or :meth:`JobSteps.load`.  All
    attributes are read-only.  ``job`` is the job's id (an int or a string
    of digits) or a :class:`pyslurm.Job`; ``step`` the step's id, an int or
    ``"batch"``, ``"extern"``, ``"interactive"``, ``"TBD"`` (also
    ``"pending"``).  Anything else raises ``ValueError``.

    As in upstream pyslurm, a JobStep also holds changes for
    :meth:`modify`: ``JobStep(time_limit="1:00:00")`` (job and step may
    then be left out: such a step names no job) or
    ``JobStep(1234, 0, time_limit=60)``; such a step's ``time_limit``
    reads the minutes given.

    Examples:
        >>> import pyslurm
        >>> pyslurm.JobStep(1234, "batch")
        pyslurm.JobStep(1234, 'batch')
        >>> str(pyslurm.JobStep(1234, 0))
        '1234.0'
    """

    # left out of to_dict(): the key, a second spelling of the node list,
    # the command (in submit_line), and what costs an RPC (pids, stats)
    _not_in_dict = ("key", "nodes", "command", "pids", "stats")

    def __init__(self, job=None, step=0, **changes):
        self._job_id = 0 if job is None else _job_id(job)
        self._step_id = _step_id(step)
        for key, value in changes.items():
            if key != "time_limit":
                raise ValueError(f"JobStep: {key!r} cannot be set (settable: time_limit)")
            if value is not None:
                if self._changes is None:
                    self._changes = {}
                self._changes[key] = jobs_util.parse_minutes(value, key)

    cdef object _unloaded(self, str name):
        return self._changes.get(name) if self._changes is not None else None

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <job_step_info_t *> rec
        if rec != NULL:
            self._job_id = self.ptr.step_id.job_id
            self._step_id = self.ptr.step_id.step_id

    cdef object _key(self):
        return self.key

    cdef object _cluster(self):
        return cstr(self.ptr.cluster)

    @staticmethod
    def load(job, step, cluster=None):
        """Load one step from the controller.

        Implements ``slurm_get_job_steps``.

        Args:
            job: the job's id or a :class:`pyslurm.Job` (a job of another
                cluster: its steps are loaded from that cluster).
            step: the step's id (``0``, ``"batch"``, ...).
            cluster: the cluster to load from (found through slurmdbd);
                default the job's, else where this thread routes (the
                local cluster outside a :func:`pyslurm.clusters.route`
                block).  The step's :attr:`cluster` says which it is, and
                its actions go there.

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
        where = _job_cluster(job, cluster)
        for step_ in _LOADER.items(_load_steps(where, jid, sid)):
            if (<JobStep> step_)._job_id == jid and (<JobStep> step_)._step_id == sid:
                return step_
        raise make_error(ESLURM_INVALID_JOB_ID,
                         f"step {jid}.{_step_name(sid)} not found")

    def _route(self):
        """Where this step's RPCs go: the cluster a loaded step came from;
        a handle goes where this thread routes (the local cluster outside
        a :func:`pyslurm.clusters.route` block)."""
        return route(self.cluster if self.ptr != NULL else None)

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

    name = f_str(&_S.name, "Step name (the command srun ran, ``\"batch\"``, "
                 "``\"extern\"``, ...).")
    user_id = f_num(&_S.user_id, "Uid the step runs as.")

    @property
    def user_name(self):
        """Name of :attr:`user_id` (None when it cannot be resolved)."""
        return values.user_name(self.user_id)

    @property
    def state(self):
        """Base state: ``PENDING``, ``RUNNING``, ``SUSPENDED``, ``COMPLETED``,
        ``CANCELLED``, ...  (the job states' names)."""
        if not self.ptr:
            return None
        base = self.ptr.state & JOB_STATE_BASE
        return _STATES.get(base, f"UNKNOWN({base})")

    partition = f_str(&_S.partition, "Partition of the step's job.")

    # -- where and how much -------------------------------------------------------
    allocated_nodes = f_str(&_S.nodes, "Nodes the step runs on (hostlist string, e.g. "
                            "``\"c[1-2]\"``).")

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

    ntasks = f_num(&_S.num_tasks, "Number of tasks.")
    cpus = f_num(&_S.num_cpus, "CPUs allocated to the step.")

    @property
    def allocated_tres(self):
        """Allocated TRES as Slurm prints them (``"cpu=2,mem=200M,node=1"``)."""
        return cstr(pyslurm_step_tres_alloc(self.ptr)) if self.ptr else None

    @property
    def memory(self):
        """Memory allocated to the step in MiB (from its TRES); None when
        the controller does not account memory for the step."""
        return formats.tres_memory(self.allocated_tres)

    cpus_per_tres = f_str(&_S.cpus_per_tres, "``--cpus-per-gpu`` and the like, as Slurm "
                          "stores them.")
    memory_per_tres = f_str(&_S.mem_per_tres, "``--mem-per-gpu`` and the like, as Slurm "
                            "stores them.")
    tres_per_step = f_str(&_S.tres_per_step, "TRES requested for the whole step "
                          "(``--gpus``).")
    tres_per_node = f_str(&_S.tres_per_node, "TRES requested per node (``--gres``).")
    tres_per_socket = f_str(&_S.tres_per_socket, "TRES requested per socket.")
    tres_per_task = f_str(&_S.tres_per_task, "TRES requested per task.")

    @property
    def tres(self):
        """:attr:`allocated_tres` as a dict (``{"cpu": 2, "mem": "200M",
        "node": 1}``, see :func:`pyslurm.formats.tres_dict`); None when
        none.  Upstream pyslurm gives a ``db.TrackableResources`` here,
        which pyslurm does not have yet."""
        return formats.tres_dict(self.allocated_tres)

    @property
    def gres(self):
        """GRES of :attr:`tres` as ``{"gpu": 2, "gpu:tesla": 1}`` (``{}``
        when none)."""
        return formats.tres_gres(self.tres) if self.ptr else None

    @property
    def gpus(self):
        """The GPUs of :attr:`gres` (``{}`` when none)."""
        return formats.tres_gres(self.tres, True) if self.ptr else None

    @property
    def distribution(self):
        """Task distribution as srun's ``-m`` writes it (``"block"``,
        ``"cyclic:block"``, ``"plane"``, ``"arbitrary"``, with ``",Pack"``
        or ``",NoPack"``); None when unknown."""
        return _distribution(self.ptr.task_dist) if self.ptr else None

    cpu_frequency_min = f_raw(&_S.cpu_freq_min, "Minimum CPU frequency (kHz or a name, "
                              "as :attr:`pyslurm.Job.cpu_frequency_min`).", _cpu_freq)
    cpu_frequency_max = f_raw(&_S.cpu_freq_max, "Maximum CPU frequency (kHz or a name).",
                              _cpu_freq)
    cpu_frequency_governor = f_raw(&_S.cpu_freq_gov, "CPU frequency governor "
                                   "(``\"OnDemand\"``, ...).", _cpu_freq)
    slurm_protocol_version = f_num(&_S.start_protocol_ver, "Slurm protocol version the "
                                   "step started with (an int).", True)

    # -- time -------------------------------------------------------------------
    start_time = f_time(&_S.start_time, "When the step started (unix time).")

    @property
    def run_time(self):
        """Seconds the step had run when it was loaded."""
        if not self.ptr:
            return None
        if (self.ptr.state & JOB_STATE_BASE) == JOB_PENDING:
            return 0
        return max(0, <long> self.ptr.run_time)

    time_limit = f_num(&_S.time_limit, "Time limit in minutes (``UNLIMITED`` when the step "
                       "has none of its own).")

    @property
    def elapsed_cpu_time(self):
        """:attr:`run_time` times :attr:`cpus` (CPU-seconds)."""
        if not self.ptr:
            return None
        return self.run_time * (self.cpus or 0)

    @property
    def run_time_remaining(self):
        """Seconds until the step's time limit (0 when past, ``UNLIMITED``
        without a limit)."""
        if not self.ptr:
            return None
        limit = self.time_limit
        if limit is None or limit == jobs_util.UNLIMITED:
            return limit
        return max(0, limit * 60 - self.run_time)

    # -- how it was started --------------------------------------------------------
    submit_line = f_str(&_S.submit_line, "The command line that started the step "
                        "(``srun -n2 sleep 60``).")

    @property
    def command(self):
        """Same as :attr:`submit_line`."""
        return self.submit_line

    srun_host = f_str(&_S.srun_host, "Host the step's srun runs on.")

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

    def array_id(self):
        """:attr:`array_job_id`, as upstream pyslurm has it: a method there."""
        return self.array_job_id

    @property
    def array_task_id(self):
        """Array task id of the step's job (None when not an array task)."""
        if not self.ptr or self.ptr.array_job_id == 0:
            return None
        return u32(self.ptr.array_task_id)

    network = f_str(&_S.network, "Network specification (``srun --network``).")
    reserved_ports = f_str(&_S.resv_ports, "Reserved ports (``srun --resv-ports``).")
    container = f_str(&_S.container, "OCI container bundle path.")

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
        with self._route():
            with nogil:
                rc = pyslurm_kill_job_step(jid, sid, 9)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, f"slurm_kill_job_step({self})")

    def send_signal(self, signal):
        """Send a signal to the step's tasks.

        Implements ``slurm_signal_job_step`` (a step of another cluster:
        ``slurm_kill_job_step`` with the signal, through its controller).

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
        cdef bint ctld
        ensure_init()
        with self._route() as where:
            # slurm_signal_job_step sends to the step's nodes, which only the
            # local slurm.conf lists: another cluster's step is signalled
            # through its controller (what scancel --ctld -M does)
            ctld = not is_local(where)
            with nogil:
                if ctld:
                    rc = pyslurm_kill_job_step(jid, sid, <uint16_t> num)
                else:
                    rc = pyslurm_signal_job_step(jid, sid, num)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, f"{'slurm_kill_job_step' if ctld else 'slurm_signal_job_step'}"
                                f"({self}, {num})")

    def modify(self, changes=None, time_limit=None):
        """Change the step.  Slurm lets a step's time limit be changed.

        Implements ``slurm_update_step``.  A loaded step is not updated in
        place: load it again to see the change.

        Args:
            changes: a :class:`JobStep` holding the new ``time_limit``
                (upstream pyslurm's form, ``modify(JobStep(time_limit=20))``)
                or a dict ``{"time_limit": ...}``; a time limit given
                directly is taken too (``modify(20)``).
            time_limit: minutes, any Slurm time format (``"10"``,
                ``"1:30:00"``, ``"1-0"``) or ``"UNLIMITED"``.

        Raises:
            ValueError: invalid or missing time limit (before any RPC).
            JobNotFoundError: no such job or step.
            RPCError: any other refusal (e.g. a user raising the limit).

        Examples:
            >>> pyslurm.JobStep(1234, 0).modify(time_limit="10")   # doctest: +SKIP
            >>> pyslurm.JobStep(1234, 0).modify(pyslurm.JobStep(time_limit=20))  # doctest: +SKIP
        """
        if isinstance(changes, JobStep):
            if (<JobStep> changes)._changes:
                time_limit = (<JobStep> changes)._changes.get("time_limit", time_limit)
        elif isinstance(changes, dict):
            unknown = [k for k in changes if k != "time_limit"]
            if unknown:
                raise ValueError(f"JobStep.modify: {unknown[0]!r} cannot be changed "
                                 f"(changeable: time_limit)")
            time_limit = changes.get("time_limit", time_limit)
        elif changes is not None:
            if time_limit is not None:
                raise ValueError("JobStep.modify: time limit given twice")
            time_limit = changes
        if time_limit is None:
            raise ValueError("JobStep.modify: nothing to change (give time_limit)")
        if self._job_id == 0:
            raise ValueError("JobStep.modify: this JobStep names no job (JobStep(job, step))")
        minutes = jobs_util.parse_minutes(time_limit, "time_limit")
        cdef uint32_t limit = INFINITE if minutes == jobs_util.UNLIMITED else int(minutes)
        cdef uint32_t jid = self._job_id, sid = self._step_id
        cdef int rc, err = 0
        ensure_init()
        with self._route():
            with nogil:
                rc = pyslurm_update_step_time_limit(jid, sid, limit)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, f"slurm_update_step({self})")

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
        if not _STATS_AVAILABLE:
            raise unavailable()
        if self.ptr == NULL:
            raise ValueError(f"step {self} is not loaded")
        self._stat()
        return self.stats

    cdef bint _stat(self) except -1:
        """Fill :attr:`stats` and :attr:`pids`; True when the step runs."""
        res = None
        nodes = self.allocated_nodes
        if (self.ptr.state & JOB_STATE_BASE) == JOB_RUNNING and nodes:
            res = stat_step(self.ptr.step_id, nodes.encode(), self.ptr.start_protocol_ver,
                            self.node_names or [], str(self))
        if res is None:
            self.stats, self.pids = JobStepStatistics(), {}
            return False
        self.stats, self.pids = res
        run_time, cpus = self.run_time, self.cpus
        if isinstance(run_time, int) and isinstance(cpus, int):
            self.stats.elapsed_cpu_time = run_time * cpus
        return True


# ---------------------------------------------------------------------------
# JobSteps
# ---------------------------------------------------------------------------
class JobSteps(dict, TableDisplay):
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
    def load(cls, job, cluster=None):
        """Load every step of one job with one RPC.

        Implements ``slurm_get_job_steps``.  A pending or finished job has
        no steps: the result is empty.

        Args:
            job: the job's id or a :class:`pyslurm.Job` (a job of another
                cluster: its steps are loaded from that cluster).
            cluster: the cluster to load from, as in :meth:`JobStep.load`.

        Returns:
            JobSteps

        Raises:
            ValueError: invalid job id (before any RPC).
            JobNotFoundError: no such job.
            RPCError: the controller refused or did not answer.
        """
        jid = _job_id(job)
        where = _job_cluster(job, cluster)
        return _steps_by_job(_load_steps(where, jid, NO_VAL)).get(jid) or cls(job_id=jid)

    @staticmethod
    def load_all(cluster=None):
        """Every step of every job with one RPC, as ``{job id: JobSteps}``.

        Implements ``slurm_get_job_steps``.  Used by ``Jobs.load_steps()``.

        Args:
            cluster: the cluster to load from (one name; default where
                this thread routes, the local cluster outside a
                :func:`pyslurm.clusters.route` block).
        """
        where = _one_cluster(cluster) if cluster is not None else None
        return _steps_by_job(_load_steps(where, NO_VAL, NO_VAL))

    def to_dict(self, recursive=False):
        """``{step id: step.to_dict()}`` (``recursive`` is accepted for
        upstream pyslurm's signature: the steps are always converted)."""
        return {k: v.to_dict() for k, v in self.items()}


def _steps_by_job(MessageOwner owner):
    out = {}
    for step in _LOADER.items(owner):
        steps = out.get(step.job_id)
        if steps is None:
            steps = out[step.job_id] = JobSteps(job_id=step.job_id)
        steps[step.key] = step
    return out


bind_fields(JobStep)
_LOADER.item_type = JobStep

__all__ = ["JobStep", "JobSteps"]
