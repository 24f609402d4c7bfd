# cython: language_level=3
"""What a Slurm job is: :class:`JobRecord`, the attributes of
:class:`pyslurm.Job` (its actions and loading: :mod:`pyslurm.job`).

Every attribute reads one job record of a ``job_info_msg_t`` the way
pyslurm reads everything: an unset Slurm value is ``None``, an unlimited
one ``pyslurm.UNLIMITED`` (``math.inf``), times are unix timestamps,
durations of jobs in seconds (``run_time``) and limits in minutes
(``time_limit``), memory in MiB.  Simple attributes are Fields declared
once in the class body (see :mod:`pyslurm.records`); the ones that need
logic are properties.
"""

import time

cimport cython
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.string cimport strcmp

from pyslurm import formats, jobs_util, values
from pyslurm.constants import UNLIMITED
from pyslurm.core import local_cluster
from pyslurm.convert cimport cstr, u32
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, Record, f_str, f_path, f_list, f_num, f_raw, f_bool,
    f_bits, f_time, f_call_str, str_getter_t,
)
from pyslurm.flags import (
    CPU_FREQ_NAMES, JOB_BASE_STATES as _BASE_STATES, job_reason_name as _reason_name,
    JOB_STATE_FLAG_NAMES as _STATE_FLAGS, MAIL_BITS, PROFILE_BITS,
)
from pyslurm.records import bind_fields
from slurm cimport (
    job_info_t, job_info_msg_t, job_array_resp_msg_t, slurm_load_jobs, slurm_load_job_user,
    slurm_free_job_info_msg, NO_VAL, NO_VAL16, NO_VAL64,
    SHOW_ALL, SHOW_DETAIL, SHOW_LOCAL, MEM_PER_CPU, JOB_STATE_BASE, JOB_STATE_FLAGS,
    JOB_SHARED_NONE, JOB_SHARED_USER, JOB_SHARED_MCS,
    NICE_OFFSET,
    CPU_FREQ_RANGE_FLAG, CORE_SPEC_THREAD,
    ACCT_GATHER_PROFILE_NOT_SET, ACCT_GATHER_PROFILE_NONE, ACCT_GATHER_PROFILE_ALL,
    GRES_ENFORCE_BIND, GRES_DISABLE_BIND, KILL_INV_DEP, NO_KILL_INV_DEP, SPREAD_JOB, CRON_JOB,
    WAIT_NO_REASON, JOB_PENDING, JOB_RUNNING, JOB_SUSPENDED,
)
from slurm_errno cimport SLURM_SUCCESS
from pyslurm.core cimport make_error
from compat cimport (
    pyslurm_load_job, pyslurm_free_job_record, pyslurm_job_gres_tasks_per_sharing,
    pyslurm_job_container_id, pyslurm_job_extra, pyslurm_job_failed_node,
    pyslurm_job_resv_ports, pyslurm_job_submit_line, pyslurm_job_licenses_allocated,
    pyslurm_job_segment_size, pyslurm_job_oom_kill_step, PYSLURM_SPREAD_SEGMENTS,
    PYSLURM_CONSOLIDATE_SEGMENTS,
)


# -- names for Slurm's numbers (tables in pyslurm.flags) ---------------------------
cdef dict _FLAGS_BY_BITS = {}      # job_state flag bits -> their names (as seen)
cdef dict _STATES_BY_STATE = {}    # job_state -> (base, *flags)

_SHARING = {JOB_SHARED_NONE: "no", JOB_SHARED_USER: "user", JOB_SHARED_MCS: "mcs", 1: "yes"}


def _mail_names(bits):
    return [name for name, bit in MAIL_BITS.items() if bits & bit]


def _cpu_freq(v):
    """A cpu_freq_* value: kHz (int), a name (``"Low"``, ``"OnDemand"``) or None."""
    if v == 0 or v == NO_VAL:
        return None
    if v & CPU_FREQ_RANGE_FLAG:
        return CPU_FREQ_NAMES.get(v, hex(v))
    return v


def _requested(v):
    """0, and INFINITE16 (read as UNLIMITED), mean "not requested" for the
    per-level task/geometry counts (scontrol prints ``*``)."""
    return None if v == UNLIMITED else v


cdef object _wait_status(uint32_t status, bint signal):
    """A wait(2) status's exit code (or, with ``signal``, its signal);
    None while unset (NO_VAL)."""
    if status == NO_VAL:
        return None
    return status & 0x7f if signal else (status >> 8) & 0xff


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


# -- the messages ---------------------------------------------------------------
cdef int _load_all(long since, void **msg, uint32_t uid, uint32_t b) noexcept nogil:
    # a: NO_VAL for every user's jobs, else one user's (no "changed since"
    # form); SHOW_LOCAL: no federation lookup first (one RPC, not two)
    if uid != NO_VAL:
        return slurm_load_job_user(<job_info_msg_t **> msg, uid,
                                   SHOW_ALL | SHOW_DETAIL | SHOW_LOCAL)
    return slurm_load_jobs(since, <job_info_msg_t **> msg, SHOW_ALL | SHOW_DETAIL)


cdef int _load_one(long since, void **msg, uint32_t job_id, uint32_t b) noexcept nogil:
    return pyslurm_load_job(<job_info_msg_t **> msg, job_id,
                            SHOW_ALL | SHOW_DETAIL | SHOW_LOCAL)


cdef job_info_msg_t *_M = NULL                 # field addresses are offsets
# a job kept after its collection is gone takes its record along (a record
# is ~1 KiB, a message of 50,000 jobs ~65 MiB): see Loader.release
cdef MessageKind _JOBS = message_kind(
    b"slurm_load_jobs", _load_all, <free_fn_t> slurm_free_job_info_msg, sizeof(job_info_t),
    &_M.job_array, &_M.record_count, &_M.last_update, NULL,
    <free_fn_t> pyslurm_free_job_record)
cdef MessageKind _ONE = message_kind(
    b"slurm_load_job", _load_one, <free_fn_t> slurm_free_job_info_msg, sizeof(job_info_t),
    &_M.job_array, &_M.record_count, &_M.last_update, NULL,
    <free_fn_t> pyslurm_free_job_record)


cdef const MessageKind *jobs_kind() noexcept:
    """Every job (a: NO_VAL), or one user's (a: the uid)."""
    return &_JOBS


cdef const MessageKind *one_job_kind() noexcept:
    """One job (a: its id; an array's id gives every task's record)."""
    return &_ONE


cdef int check_array_resp(job_array_resp_msg_t *resp, str what) except -1:
    """Raise for the first task the controller refused in a *2 call's answer."""
    cdef uint32_t i
    if resp == NULL:
        return 0
    for i in range(resp.job_array_count):
        if resp.error_code[i] != SLURM_SUCCESS:
            task = resp.job_array_id[i].decode() if resp.job_array_id[i] != NULL else "?"
            raise make_error(resp.error_code[i], f"{what}({task})")
    return 0


# -- the record ---------------------------------------------------------------------
cdef job_info_t *_J = NULL             # field addresses are offsets in a record


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class JobRecord(Record):
    """The attributes of a Slurm job (the base of :class:`pyslurm.Job`)."""

    # upstream pyslurm's names of values to_dict() has under pyslurm's names,
    # and views of values it has (tres: allocated_tres or requested_tres;
    # gres, gpus: parts of it)
    _not_in_dict = ("requires_node_reboot", "tres", "gres", "gpus")

    def __cinit__(self):
        self._id = 0
        self._cluster_name = None
        self._task = None

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <job_info_t *> rec
        if rec != NULL:
            self._id = self.ptr.job_id

    cdef object _key(self):
        return self._id

    cdef object _cluster(self):
        if self.ptr.cluster != NULL and self.ptr.cluster[0]:
            return _cluster_str(self.ptr.cluster)
        return None

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
        if not isinstance(other, JobRecord):
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

    name = f_str(&_J.name, "The job's name.")

    @property
    def cluster(self):
        """The cluster the job belongs to (the local one for an empty handle)."""
        if self.ptr:
            return self._cluster() or self.owner.cluster
        if self._cluster_name is None:
            self._cluster_name = local_cluster()
        return self._cluster_name

    user_id = f_raw(&_J.user_id, "uid of the job's owner.")

    @property
    def user_name(self):
        """Name of the job's owner; None when the uid does not resolve."""
        if not self.ptr:
            return None
        return cstr(self.ptr.user_name) or values.user_name(self.ptr.user_id)

    group_id = f_raw(&_J.group_id, "gid the job runs with.")

    @property
    def group_name(self):
        """Name of :attr:`group_id`; None when it does not resolve."""
        return values.group_name(self.ptr.group_id) if self.ptr else None

    account = f_str(&_J.account, "Account the job runs under.")
    association_id = f_num(&_J.assoc_id, "Id of the job's association.")
    partition = f_str(&_J.partition, "Partition (comma-separated when several were "
                      "requested while pending).")
    qos = f_str(&_J.qos, "QOS name.")
    reservation = f_str(&_J.resv_name, "Reservation name.")
    wckey = f_str(&_J.wckey, "WCKey.")

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
        Every reason libslurm names (the limit reasons such as
        ``"QOSGrpCpuLimit"`` too); a number it does not know reads
        ``"Reason<N>"``."""
        if not self.ptr:
            return None
        r = self.ptr.state_reason
        if r == WAIT_NO_REASON:
            return None
        return _reason_name(r)

    state_description = f_str(&_J.state_desc, "The controller's free-text description "
                              "of the state, if any.")
    priority = f_num(&_J.priority, "Scheduling priority (0: held).")

    @property
    def nice(self):
        """Nice value (negative: higher priority)."""
        if not self.ptr or self.ptr.nice == NO_VAL:
            return None
        return <long>self.ptr.nice - <long>NICE_OFFSET

    is_requeueable = f_bool(&_J.requeue, "Whether the job may be requeued.")
    requeue_count = f_raw(&_J.restart_cnt, "How often the job was requeued.")
    is_batch_job = f_bool(&_J.batch_flag, "True for jobs submitted with a batch script.")

    @property
    def dependencies(self):
        """Dependencies as a dict, e.g. ``{"afterok": [12], "satisfy": "all"}``
        (``{}`` when none)."""
        return jobs_util.dependencies_to_dict(cstr(self.ptr.dependency)) if self.ptr else None

    dependency = f_str(&_J.dependency, "Dependencies as the controller prints them.")

    # -- times ----------------------------------------------------------------
    time_limit = f_num(&_J.time_limit, "Time limit in minutes (``UNLIMITED`` when none).")
    time_limit_min = f_num(&_J.time_min, "Minimum time limit in minutes (``--time-min``).",
                           True)
    submit_time = f_time(&_J.submit_time, "When the job was submitted (unix time).")
    eligible_time = f_time(&_J.eligible_time, "When the job became eligible to run.")
    accrue_time = f_time(&_J.accrue_time, "When the job started accruing priority age.")
    start_time = f_time(&_J.start_time, "When the job started (or is expected to).")
    end_time = f_time(&_J.end_time, "When the job ended (or will end at its limit).")
    resize_time = f_time(&_J.resize_time, "When the job was last resized.")
    deadline = f_time(&_J.deadline, "When a pending job will be cancelled (``--deadline``).")
    suspend_time = f_time(&_J.suspend_time, "When the job was last suspended or resumed.")

    @property
    def pre_suspension_time(self):
        """Seconds the job ran before its last suspension."""
        return self.ptr.pre_sus_time if self.ptr else None

    last_sched_evaluation_time = f_time(&_J.last_sched_eval, "When the scheduler last "
                                        "looked at the job.")
    preempt_time = f_time(&_J.preempt_time, "When the job was signalled for preemption.")

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

    required_nodes = f_str(&_J.req_nodes, "Nodes the job requires (hostlist string).")
    excluded_nodes = f_str(&_J.exc_nodes, "Nodes the job must not run on (hostlist string).")
    scheduled_nodes = f_str(&_J.sched_nodes, "Nodes the backfill scheduler plans for the job.")
    batch_host = f_str(&_J.batch_host, "Node running the batch script.")
    submit_host = f_str(&_J.alloc_node, "Host the job was submitted from.")
    submit_session_id = f_num(&_J.alloc_sid, "Session id recorded at submission "
                              "(``AllocNode:Sid`` of ``scontrol``): ``sbatch``'s terminal "
                              "session, or, for a job submitted by pyslurm, its submit token "
                              "(see :meth:`JobSubmitDescription.find_submitted`).")
    num_nodes = f_num(&_J.num_nodes, "Nodes requested (pending) or allocated.")
    max_nodes = f_num(&_J.max_nodes, "Maximum number of nodes requested (None: no maximum).",
                      True)

    # -- geometry -----------------------------------------------------------------
    cpus = f_num(&_J.num_cpus, "CPUs allocated (requested while pending).")
    cpus_per_task = f_num(&_J.cpus_per_task, "CPUs per task.")
    ntasks = f_num(&_J.num_tasks, "Number of tasks.")
    ntasks_per_node = f_num(&_J.ntasks_per_node, "Tasks per node (None when not "
                            "requested).", True)
    min_cpus_per_node = f_num(&_J.pn_min_cpus, "Minimum CPUs per node requested.")

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
        alloc = formats.tres_memory(cstr(self.ptr.tres_alloc_str))
        if alloc is not None:
            return alloc
        per_cpu = self.memory_per_cpu
        if per_cpu is not None:
            return per_cpu * (self.cpus or 0)
        per_node = self.memory_per_node
        if per_node:
            return per_node * (self.num_nodes or 0)
        return None

    temporary_disk_per_node = f_num(&_J.pn_min_tmp_disk, "Temporary disk per node in MiB.")
    gres_per_node = f_str(&_J.tres_per_node, "GRES requested per node as ``{\"gpu\": 2, "
                          "\"gpu:tesla\": 1}`` (name[:type] -> count; a fresh dict), or None "
                          "when none.", formats.gres_counts)
    constraints = f_list(&_J.features, "Required node features (a fresh list each time).",
                         "&")
    licenses = f_list(&_J.licenses, "Licenses requested (a fresh list each time).")
    resource_sharing = f_raw(&_J.shared, "``\"no\"`` (exclusive), ``\"user\"``, ``\"mcs\"``, "
                             "``\"yes\"`` or None (default).", _SHARING.get)

    # -- what ----------------------------------------------------------------------
    command = f_str(&_J.command, "The batch script's path or the command.")
    working_directory = f_path(&_J.work_dir, "Working directory.")
    standard_input = f_path(&_J.std_in, "stdin path.")
    standard_output = f_path(&_J.std_out, "stdout path (with ``%j`` etc. as given).")
    standard_error = f_path(&_J.std_err, "stderr path.")
    comment = f_str(&_J.comment, "The user's comment.")
    admin_comment = f_str(&_J.admin_comment, "An administrator's comment.")
    system_comment = f_str(&_J.system_comment, "slurmctld's comment.")
    mail_user = f_list(&_J.mail_user, "Mail recipients (a fresh list).")
    mail_types = f_raw(&_J.mail_type, "Mail events (``[\"BEGIN\", \"END\", ...]``, a fresh "
                       "list).", _mail_names)

    # -- exit -------------------------------------------------------------------------
    @property
    def exit_code(self):
        """Exit status of the batch script (None until it ends)."""
        return _wait_status(self.ptr.exit_code, False) if self.ptr else None

    @property
    def exit_code_signal(self):
        """The signal that ended the batch script (0: none)."""
        return _wait_status(self.ptr.exit_code, True) if self.ptr else None

    @property
    def derived_exit_code(self):
        """Highest exit status of all steps."""
        return _wait_status(self.ptr.derived_ec, False) if self.ptr else None

    @property
    def derived_exit_code_signal(self):
        """Signal of :attr:`derived_exit_code`."""
        return _wait_status(self.ptr.derived_ec, True) if self.ptr else None

    # -- arrays and het jobs -------------------------------------------------------------
    array_id = f_num(&_J.array_job_id, "The array's master job id (None for a non-array "
                     "job).", True)

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
        if not self.ptr or self.ptr.array_job_id == 0:
            return None
        return u32(self.ptr.array_task_id)

    @property
    def array_tasks_waiting(self):
        """Indices of the array's tasks still pending in this record (``"3-15"``)."""
        if not self.ptr:
            return None
        s = cstr(self.ptr.array_task_str)
        return s.split("%", 1)[0] if s else None

    array_tasks_parallel = f_num(&_J.array_max_tasks, "Maximum number of the array's tasks "
                                 "running at once (``%N``).", True)
    heterogeneous_id = f_num(&_J.het_job_id, "Het job leader's id (None otherwise).", True)

    @property
    def heterogeneous_offset(self):
        """Component index of a het job."""
        if not self.ptr or self.ptr.het_job_id == 0:
            return None
        return u32(self.ptr.het_job_offset)

    # -- more of the reference's attributes -----------------------------------------
    node_reboot_required = f_bool(&_J.reboot, "Whether the nodes are rebooted before the "
                                  "job starts (``--reboot``).")
    preempt_eligible_time = f_time(&_J.preemptable_time, "When the job becomes eligible for "
                                   "preemption (unix time).")
    mcs_label = f_str(&_J.mcs_label, "MCS label.")
    batch_constraints = f_list(&_J.batch_features, "Features the node running the batch "
                               "script must have (``--batch``; a fresh list).", "&")
    cluster_constraints = f_list(&_J.cluster_features, "Features a cluster must have "
                                 "(``--cluster-constraint``; a fresh list).")
    federation_origin = f_str(&_J.fed_origin_str, "Name of the federation cluster the job "
                              "came from.")
    federation_siblings_active = f_num(&_J.fed_siblings_active, "Bitmap (int) of the "
                                       "federation siblings the job is active on.", True)
    federation_siblings_viable = f_num(&_J.fed_siblings_viable, "Bitmap (int) of the "
                                       "federation siblings the job may run on.", True)
    cpus_per_gpu = f_str(&_J.cpus_per_tres, "CPUs per GPU (``--cpus-per-gpu``).",
                         formats.gpu_value)
    boards_per_node = f_num(&_J.boards_per_node, "Boards per node requested.", True,
                            _requested)
    sockets_per_board = f_num(&_J.sockets_per_board, "Sockets per board requested.", True,
                              _requested)
    sockets_per_node = f_num(&_J.sockets_per_node, "Sockets per node requested "
                             "(``--sockets-per-node``).", True, _requested)
    cores_per_socket = f_num(&_J.cores_per_socket, "Cores per socket requested "
                             "(``--cores-per-socket``).", True, _requested)
    threads_per_core = f_num(&_J.threads_per_core, "Threads per core requested "
                             "(``--threads-per-core``).", True, _requested)
    ntasks_per_board = f_num(&_J.ntasks_per_board, "Tasks per board requested.", True,
                             _requested)
    ntasks_per_socket = f_num(&_J.ntasks_per_socket, "Tasks per socket requested "
                              "(``--ntasks-per-socket``).", True, _requested)
    ntasks_per_core = f_num(&_J.ntasks_per_core, "Tasks per core requested "
                            "(``--ntasks-per-core``).", True, _requested)
    ntasks_per_gpu = f_num(&_J.ntasks_per_tres, "Tasks per GPU requested "
                           "(``--ntasks-per-gpu``).", True, _requested)

    @property
    def delay_boot_time(self):
        """How long (minutes) the job may wait for nodes to reboot before
        it runs without the reboot (``--delay-boot``)."""
        if not self.ptr or self.ptr.delay_boot == NO_VAL:
            return None
        v = u32(self.ptr.delay_boot)
        return v if v == UNLIMITED else v // 60

    requires_contiguous_nodes = f_bool(&_J.contiguous, "Whether the job needs contiguous "
                                       "nodes (``--contiguous``).")
    network = f_str(&_J.network, "Network specification (``--network``).")
    container = f_str(&_J.container, "OCI container bundle path (``--container``).")
    required_switches = f_num(&_J.req_switch, "Maximum number of leaf switches wanted "
                              "(``--switches``; 0: none asked).")
    max_wait_time_switches = f_num(&_J.wait4switch, "Seconds the job may wait for "
                                   ":attr:`required_switches`.")
    burst_buffer = f_str(&_J.burst_buffer, "Burst buffer specification.")
    burst_buffer_state = f_str(&_J.burst_buffer_state, "Burst buffer state.")
    cpu_frequency_min = f_raw(&_J.cpu_freq_min, "Minimum CPU frequency (kHz, or "
                              "``\"Low\"``, ``\"Medium\"``, ``\"High\"``, ``\"HighM1\"``), "
                              "None when not requested.", _cpu_freq)
    cpu_frequency_max = f_raw(&_J.cpu_freq_max, "Maximum CPU frequency (kHz or a name as "
                              ":attr:`cpu_frequency_min`).", _cpu_freq)
    cpu_frequency_governor = f_raw(&_J.cpu_freq_gov, "CPU frequency governor "
                                   "(``\"OnDemand\"``, ``\"Performance\"``, ...).", _cpu_freq)

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
        return formats.gpu_value(cstr(self.ptr.mem_per_tres), True) if self.ptr else None

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
        return [n.upper() for n, bit in PROFILE_BITS.items()
                if n not in ("none", "all") and p & bit]

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

    spreads_over_nodes = f_bits(&_J.bitflags, SPREAD_JOB, "Whether the job is spread over "
                                "as many nodes as possible (``--spread-job``).")
    is_cronjob = f_bits(&_J.bitflags, CRON_JOB, "Whether the job came from scrontab.")
    cronjob_time = f_str(&_J.cronspec, "The scrontab time specification of a cron job.")

    # -- upstream pyslurm's attributes ---------------------------------------------
    requires_node_reboot = f_bool(&_J.reboot, ":attr:`node_reboot_required` under upstream "
                                  "pyslurm's name.")
    container_id = f_call_str(<str_getter_t> pyslurm_job_container_id, "OCI container id "
                              "(``--container-id``; Slurm 24.11+, None before).")
    submit_line = f_call_str(<str_getter_t> pyslurm_job_submit_line, "The command line "
                             "that submitted the job (Slurm 26.05+, None before).")
    extra = f_call_str(<str_getter_t> pyslurm_job_extra, "Arbitrary text (``--extra``; "
                       "Slurm 24.11+, None before).")
    failed_node = f_call_str(<str_getter_t> pyslurm_job_failed_node, "The node whose "
                             "failure ended the job (Slurm 24.11+, None before).")
    reserved_ports = f_call_str(<str_getter_t> pyslurm_job_resv_ports, "Ports reserved "
                                "for the job (``--resv-ports``; Slurm 24.11+, None before).")
    selinux_context = f_str(&_J.selinux_context, "SELinux context (``--context``).")
    slurm_protocol_version = f_num(&_J.start_protocol_ver, "Slurm protocol version of the "
                                   "job's start (an int such as 9984).", True)

    @property
    def segment_size(self):
        """Segment size (``--segment``; Slurm 26.05+, None before or when not
        requested)."""
        if not self.ptr:
            return None
        v = pyslurm_job_segment_size(self.ptr)
        return None if v == 0 or v == NO_VAL16 else v

    @property
    def kill_step_when_oom(self):
        """Whether a step is killed when one of its tasks runs out of memory
        (``--oom-kill-step``; Slurm 24.11+, None before or when not given)."""
        if not self.ptr:
            return None
        v = pyslurm_job_oom_kill_step(self.ptr)
        return None if v == NO_VAL16 else v != 0

    @property
    def spread_segments(self):
        """``--spread-segments`` (Slurm 26.05+; None before)."""
        if not self.ptr or PYSLURM_SPREAD_SEGMENTS == 0:
            return None
        return (self.ptr.bitflags & PYSLURM_SPREAD_SEGMENTS) != 0

    @property
    def consolidate_segments(self):
        """``--consolidate-segments`` (Slurm 26.05+; None before)."""
        if not self.ptr or PYSLURM_CONSOLIDATE_SEGMENTS == 0:
            return None
        return (self.ptr.bitflags & PYSLURM_CONSOLIDATE_SEGMENTS) != 0

    preferred_features = f_list(&_J.prefer, "Node features preferred (``--prefer``; a "
                                "fresh list, split as :attr:`constraints`).", "&")
    allocated_licenses = f_call_str(<str_getter_t> pyslurm_job_licenses_allocated,
                                    "Licenses allocated (a fresh list; Slurm 26.05+, None "
                                    "before).", formats.split_list)

    # TRES as dicts (``{"cpu": 2, "mem": "1000M", "gres/gpu": 1}``, see
    # formats.tres_dict); upstream pyslurm's db.TrackableResources objects
    # are not part of pyslurm yet
    allocated_tres = f_str(&_J.tres_alloc_str, "TRES allocated to the job as a dict "
                           "(``{\"cpu\": 2, \"mem\": \"1000M\", \"node\": 1}``); None "
                           "while pending.", formats.tres_dict)
    requested_tres = f_str(&_J.tres_req_str, "TRES the job requested, as "
                           ":attr:`allocated_tres`.", formats.tres_dict)
    tres_per_node = f_str(&_J.tres_per_node, "TRES requested per node (``--gres``, "
                          "``--gpus-per-node``) as ``{\"gres/gpu\": 2}``.", formats.tres_dict)
    tres_per_task = f_str(&_J.tres_per_task, "TRES requested per task "
                          "(``--cpus-per-task``, ``--gpus-per-task``) as a dict.",
                          formats.tres_dict)
    tres_per_job = f_str(&_J.tres_per_job, "TRES requested for the whole job "
                         "(``--gpus``) as a dict.", formats.tres_dict)
    tres_per_socket = f_str(&_J.tres_per_socket, "TRES requested per socket "
                            "(``--gpus-per-socket``) as a dict.", formats.tres_dict)

    cdef str _tres_string(self):
        return cstr(self.ptr.tres_alloc_str) or cstr(self.ptr.tres_req_str)

    @property
    def tres(self):
        """:attr:`allocated_tres` when the job has an allocation, else
        :attr:`requested_tres` (a dict, or None)."""
        return formats.tres_dict(self._tres_string()) if self.ptr else None

    @property
    def gres(self):
        """GRES of :attr:`tres` as ``{"gpu": 2, "gpu:tesla": 1}`` (name[:type]
        -> count; ``{}`` when none)."""
        return formats.tres_string_gres(self._tres_string()) if self.ptr else None

    @property
    def gpus(self):
        """The GPUs of :attr:`gres` (``{"gpu": 2}``; ``{}`` when none)."""
        return formats.tres_string_gres(self._tres_string(), True) if self.ptr else None


bind_fields(JobRecord)
