# cython: language_level=3
"""Slurm's names for bits and enumerated values (the flag tables of the
compatibility layer, each as this Slurm major defines them), read into
names: for Config's fields and the controller's debug flags; and the
tables of a job's states, pending reasons, mail events and profile
types."""

from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.string cimport memset

from pyslurm.convert cimport cstr
from compat cimport (
    pyslurm_job_reason_string,
    PYSLURM_SELECT_CPU, PYSLURM_SELECT_SOCKET, PYSLURM_SELECT_CORE, PYSLURM_SELECT_BOARD,
    PYSLURM_SELECT_MEMORY, pyslurm_select_type_flags, pyslurm_health_check_flags,
    slurm_sprint_cpu_bind_type,
)
from slurm cimport (
    NO_VAL, cpu_bind_type_t, CPU_FREQ_RANGE_FLAG, PARTITION_ENFORCE_ALL, PARTITION_ENFORCE_ANY,
    PARTITION_ENFORCE_NONE, HEALTH_CHECK_NODE_ANY, PRIORITY_RESET_NONE, PRIORITY_RESET_NOW,
    PRIORITY_RESET_DAILY, PRIORITY_RESET_WEEKLY, PRIORITY_RESET_MONTHLY,
    PRIORITY_RESET_QUARTERLY, PRIORITY_RESET_YEARLY,
    CPU_FREQ_LOW, CPU_FREQ_MEDIUM, CPU_FREQ_HIGH, CPU_FREQ_HIGHM1, CPU_FREQ_CONSERVATIVE,
    CPU_FREQ_ONDEMAND, CPU_FREQ_PERFORMANCE, CPU_FREQ_POWERSAVE, CPU_FREQ_USERSPACE,
    CPU_FREQ_SCHEDUTIL,
    JOB_PENDING, JOB_RUNNING, JOB_SUSPENDED, JOB_COMPLETE, JOB_CANCELLED,
    JOB_FAILED, JOB_TIMEOUT, JOB_NODE_FAIL, JOB_PREEMPTED, JOB_BOOT_FAIL,
    JOB_DEADLINE, JOB_OOM,
    JOB_LAUNCH_FAILED, JOB_REQUEUE, JOB_REQUEUE_HOLD, JOB_SPECIAL_EXIT,
    JOB_RESIZING, JOB_CONFIGURING, JOB_COMPLETING, JOB_STOPPED,
    JOB_REQUEUE_FED, JOB_RESV_DEL_HOLD, JOB_SIGNALING, JOB_STAGE_OUT,
    MAIL_JOB_BEGIN, MAIL_JOB_END, MAIL_JOB_FAIL, MAIL_JOB_REQUEUE,
    MAIL_JOB_TIME100, MAIL_JOB_TIME90, MAIL_JOB_TIME80, MAIL_JOB_TIME50,
    MAIL_JOB_STAGE_OUT, MAIL_ARRAY_TASKS,
    ACCT_GATHER_PROFILE_NONE, ACCT_GATHER_PROFILE_ENERGY, ACCT_GATHER_PROFILE_TASK,
    ACCT_GATHER_PROFILE_LUSTRE, ACCT_GATHER_PROFILE_NETWORK, ACCT_GATHER_PROFILE_ALL,
)
from slurm cimport (
    WAIT_PRIORITY, WAIT_DEPENDENCY, WAIT_RESOURCES,
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

#: A job's base state names by Slurm's number (as squeue prints them).
JOB_BASE_STATES = {
    JOB_PENDING: "PENDING", JOB_RUNNING: "RUNNING", JOB_SUSPENDED: "SUSPENDED",
    JOB_COMPLETE: "COMPLETED", JOB_CANCELLED: "CANCELLED", JOB_FAILED: "FAILED",
    JOB_TIMEOUT: "TIMEOUT", JOB_NODE_FAIL: "NODE_FAIL", JOB_PREEMPTED: "PREEMPTED",
    JOB_BOOT_FAIL: "BOOT_FAIL", JOB_DEADLINE: "DEADLINE", JOB_OOM: "OUT_OF_MEMORY",
}
#: A job's state flags and their names.
JOB_STATE_FLAG_NAMES = (
    (JOB_LAUNCH_FAILED, "LAUNCH_FAILED"), (JOB_REQUEUE, "REQUEUED"),
    (JOB_REQUEUE_HOLD, "REQUEUE_HOLD"), (JOB_SPECIAL_EXIT, "SPECIAL_EXIT"),
    (JOB_RESIZING, "RESIZING"), (JOB_CONFIGURING, "CONFIGURING"),
    (JOB_COMPLETING, "COMPLETING"), (JOB_STOPPED, "STOPPED"),
    (JOB_REQUEUE_FED, "REQUEUE_FED"), (JOB_RESV_DEL_HOLD, "RESV_DEL_HOLD"),
    (JOB_SIGNALING, "SIGNALING"), (JOB_STAGE_OUT, "STAGE_OUT"),
)
# The reasons every supported major has, spelled as squeue prints them.
JOB_REASONS = {
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


# the names libslurm gave for numbers JOB_REASONS leaves out (asked once each)
_OTHER_REASONS = {}


def job_reason_name(reason):
    """Slurm's name of the job state reason number ``reason`` as squeue
    prints it (``"Resources"``, ``"QOSGrpCpuLimit"``, ...), or None for 0
    (no reason).  Reasons the table above leaves out (the many limit
    reasons, which differ between majors) come from libslurm itself, once
    each; a number libslurm does not know reads ``"Reason<N>"``."""
    cdef const char *s
    if not reason:
        return None
    name = JOB_REASONS.get(reason) or _OTHER_REASONS.get(reason)
    if name is None:
        s = pyslurm_job_reason_string(<uint32_t>reason)
        name = cstr(s) if s != NULL else None
        # unknown numbers: 22.05 prints the number, later majors
        # "InvaildReason" (sic)
        if not name or name.isdigit() or name in ("?", "InvaildReason", "InvalidReason"):
            name = f"Reason{reason}"
        _OTHER_REASONS[reason] = name
    return name


#: Mail events by name, as sbatch's --mail-type names them.
MAIL_BITS = {
    "BEGIN": MAIL_JOB_BEGIN, "END": MAIL_JOB_END, "FAIL": MAIL_JOB_FAIL,
    "REQUEUE": MAIL_JOB_REQUEUE, "TIME_LIMIT": MAIL_JOB_TIME100,
    "TIME_LIMIT_90": MAIL_JOB_TIME90, "TIME_LIMIT_80": MAIL_JOB_TIME80,
    "TIME_LIMIT_50": MAIL_JOB_TIME50, "STAGE_OUT": MAIL_JOB_STAGE_OUT,
    "ARRAY_TASKS": MAIL_ARRAY_TASKS,
}
#: What sbatch's --mail-type=ALL stands for.
MAIL_ALL = MAIL_JOB_BEGIN | MAIL_JOB_END | MAIL_JOB_FAIL | MAIL_JOB_REQUEUE | MAIL_JOB_STAGE_OUT
#: acct_gather_profile's data types by name (``--profile``).
PROFILE_BITS = {"none": ACCT_GATHER_PROFILE_NONE, "all": ACCT_GATHER_PROFILE_ALL,
                "energy": ACCT_GATHER_PROFILE_ENERGY, "task": ACCT_GATHER_PROFILE_TASK,
                "lustre": ACCT_GATHER_PROFILE_LUSTRE,
                "network": ACCT_GATHER_PROFILE_NETWORK}

#: CPU frequency names (``--cpu-freq``, ``CpuFreqDef``) by Slurm's code.
CPU_FREQ_NAMES = {
    CPU_FREQ_LOW: "Low", CPU_FREQ_MEDIUM: "Medium", CPU_FREQ_HIGH: "High",
    CPU_FREQ_HIGHM1: "HighM1", CPU_FREQ_CONSERVATIVE: "Conservative",
    CPU_FREQ_ONDEMAND: "OnDemand", CPU_FREQ_PERFORMANCE: "Performance",
    CPU_FREQ_POWERSAVE: "PowerSave", CPU_FREQ_USERSPACE: "UserSpace",
    CPU_FREQ_SCHEDUTIL: "SchedUtil",
}


cdef list flag_names(const pyslurm_flag_name_t *table, uint64_t bits):
    cdef int i = 0
    cdef list out = []
    while table[i].name != NULL:
        # every bit of the entry (CPU_FREQ_* values share a marker bit)
        if table[i].bit and (bits & table[i].bit) == table[i].bit:
            out.append(table[i].name.decode())
        i += 1
    return out


cdef object flag_value(const pyslurm_flag_name_t *table, uint64_t value):
    cdef int i = 0
    while table[i].name != NULL:
        if table[i].bit == value:
            return table[i].name.decode()
        i += 1
    return None


cdef dict flag_table(const pyslurm_flag_name_t *table):
    cdef int i = 0
    cdef dict out = {}
    while table[i].name != NULL:
        out[table[i].name.decode()] = table[i].bit
        i += 1
    return out


cdef class FlagNames:
    """A flag table as a field's converter: the names of the bits set, or
    (for an enumeration) the name of the value."""

    def __init__(self):
        raise TypeError("FlagNames are made by pyslurm's entity modules only")

    def __call__(self, uint64_t value):
        return flag_value(self.table, value) if self.enum else flag_names(self.table, value)


cdef FlagNames flags(const pyslurm_flag_name_t *table, bint enum=False):
    cdef FlagNames t = FlagNames.__new__(FlagNames)
    t.table = table
    t.enum = enum
    return t


# -- names of Config's (and partitions') values --------------------------------
# AccountingStorageEnforce bits (Slurm's ACCOUNTING_ENFORCE_*: not in slurm.h,
# the same in every supported major), in the order scontrol prints them.
_ENFORCE = (("associations", 0x0001), ("limits", 0x0002), ("qos", 0x0008),
            ("safe", 0x0010), ("wckeys", 0x0004), ("nojobs", 0x0020),
            ("nosteps", 0x0040))


def enforce_names(uint16_t bits):
    """AccountingStorageEnforce bits as names."""
    return [name for name, bit in _ENFORCE if bits & bit]


ENFORCE_PART_LIMITS = {PARTITION_ENFORCE_NONE: "NO", PARTITION_ENFORCE_ALL: "ALL",
                       PARTITION_ENFORCE_ANY: "ANY"}


def health_check_state(uint16_t v):
    """HealthCheckNodeState bits as names (``ANY`` for all states)."""
    cdef list names = flag_names(pyslurm_health_check_flags, v)
    if (v & HEALTH_CHECK_NODE_ANY) == HEALTH_CHECK_NODE_ANY:
        states = ("IDLE", "ALLOC", "MIXED", "NONDRAINED_IDLE")
        names = ["ANY"] + [n for n in names if n not in states]
    return names


RESET_PERIODS = {PRIORITY_RESET_NONE: "NONE", PRIORITY_RESET_NOW: "NOW",
                 PRIORITY_RESET_DAILY: "DAILY", PRIORITY_RESET_WEEKLY: "WEEKLY",
                 PRIORITY_RESET_MONTHLY: "MONTHLY", PRIORITY_RESET_QUARTERLY: "QUARTERLY",
                 PRIORITY_RESET_YEARLY: "YEARLY"}


def select_type_parameters(uint16_t v):
    """The resource (CR_CPU, CR_CORE_MEMORY, ...) then the modifiers."""
    out = []
    base = None
    if v & PYSLURM_SELECT_CPU:
        base = "CR_CPU"
    elif v & PYSLURM_SELECT_SOCKET:
        base = "CR_SOCKET"
    elif v & PYSLURM_SELECT_CORE:
        base = "CR_CORE"
    elif v & PYSLURM_SELECT_BOARD:
        base = "CR_BOARD"
    if v & PYSLURM_SELECT_MEMORY:
        base = base + "_MEMORY" if base else "CR_MEMORY"
    if base:
        out.append(base)
    return out + flag_names(pyslurm_select_type_flags, v)


def cpu_freq_name(uint32_t v):
    """CpuFreqDef and the like: a name (``"Low"``, ...), kHz, or None."""
    if v == 0 or v == NO_VAL:
        return None
    if not (v & CPU_FREQ_RANGE_FLAG):
        return v
    return CPU_FREQ_NAMES.get(v)


def cpu_bind_name(uint32_t v):
    """A CPU binding (``CpuBind``) as Slurm prints it, or None."""
    cdef char buf[512]
    if v == 0 or v == NO_VAL:
        return None
    memset(buf, 0, sizeof(buf))
    slurm_sprint_cpu_bind_type(buf, <cpu_bind_type_t>v)
    return cstr(buf)
