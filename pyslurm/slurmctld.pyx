# cython: language_level=3
"""The Slurm controller (slurmctld): is it up, and how is it configured.

Examples:
    >>> from pyslurm import slurmctld
    >>> [p.responding for p in slurmctld.ping()]  # doctest: +SKIP
    [True]
    >>> slurmctld.Config.load().cluster_name  # doctest: +SKIP
    'pyslurm'
"""

import pwd
import time
from dataclasses import dataclass, asdict, field
from typing import Optional

from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.string cimport memset

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u16, u32, timestamp, cstr_array
from slurm cimport (
    slurm_ping, slurm_load_ctl_conf, slurm_conf_t, MEM_PER_CPU, NO_VAL, NO_VAL16, NO_VAL64,
    INFINITE64, cpu_bind_type_t, job_defaults_t, JOB_DEF_CPU_PER_GPU, JOB_DEF_MEM_PER_GPU,
    CPU_FREQ_RANGE_FLAG, CPU_FREQ_LOW, CPU_FREQ_MEDIUM, CPU_FREQ_HIGH, CPU_FREQ_HIGHM1,
    CPU_FREQ_CONSERVATIVE, CPU_FREQ_ONDEMAND, CPU_FREQ_PERFORMANCE, CPU_FREQ_POWERSAVE,
    CPU_FREQ_SCHEDUTIL, CPU_FREQ_USERSPACE, PARTITION_ENFORCE_ALL, PARTITION_ENFORCE_ANY,
    PARTITION_ENFORCE_NONE, HEALTH_CHECK_NODE_ANY, PRIORITY_RESET_NONE, PRIORITY_RESET_NOW,
    PRIORITY_RESET_DAILY, PRIORITY_RESET_WEEKLY, PRIORITY_RESET_MONTHLY,
    PRIORITY_RESET_QUARTERLY, PRIORITY_RESET_YEARLY,
    stats_info_request_msg_t, stats_info_response_msg_t, STAT_COMMAND_GET, STAT_COMMAND_RESET,
    slurm_get_statistics, slurm_reset_statistics,
    slurm_reconfigure, slurm_set_debug_level, slurm_set_debugflags, slurm_set_schedlog_level,
    slurm_set_fs_dampeningfactor)
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR
from compat cimport *


@dataclass(frozen=True)
class ControllerPing:
    """The answer of one controller (primary or backup) to a ping.

    Attributes:
        index: 0 for the primary, 1.. for backups (the order of
            ``SlurmctldHost`` lines).
        hostname: the controller's host as configured.
        role: ``"primary"`` or ``"backup1"``, ``"backup2"``, ...
        responding: True when it answered.
        latency: seconds the round trip took (also when it failed).
        error: None, or Slurm's message when it did not answer.
    """

    index: int
    hostname: Optional[str]
    role: str
    responding: bool
    latency: float
    error: Optional[str] = None

    def to_dict(self):
        return asdict(self)


def ping():
    """Ping every configured controller: the primary, then each backup.

    Implements ``slurm_ping``.  A controller that is down does not raise: its
    entry says ``responding=False`` with Slurm's message, after Slurm's own
    message timeout at most.

    Returns:
        list[ControllerPing]: one per ``SlurmctldHost`` in slurm.conf.

    Raises:
        ConfigError: libslurm cannot be initialised.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.ping()[0].responding  # doctest: +SKIP
        True
    """
    ensure_init()
    cdef uint32_t i
    cdef int rc, err
    out = []
    for i in range(slurm_conf.control_cnt):
        host = cstr(slurm_conf.control_machine[i]) if slurm_conf.control_machine != NULL else None
        t0 = time.perf_counter()
        with nogil:
            rc = slurm_ping(i)
            err = pyslurm_errno() if rc == SLURM_ERROR else rc
        latency = time.perf_counter() - t0
        error = None if rc == SLURM_SUCCESS else str(make_error(err if err else SLURM_ERROR))
        out.append(ControllerPing(int(i), host, "primary" if i == 0 else f"backup{i}",
                                  rc == SLURM_SUCCESS, latency, error))
    return out


def is_responding():
    """True when the primary or any backup controller answers a ping."""
    return any(p.responding for p in ping())


def local_cluster_name():
    """The cluster name from the local slurm.conf (no RPC).

    Collections key their items by this name.
    """
    ensure_init()
    return cstr(slurm_conf.cluster_name)


# -- conversions for Config ----------------------------------------------

#: Slurm's log levels, by number (``SlurmctldDebug``, ``scontrol setdebug``).
LOG_LEVELS = ("quiet", "fatal", "error", "info", "verbose",
              "debug", "debug2", "debug3", "debug4", "debug5")


cdef object _level_name(uint16_t level):
    return LOG_LEVELS[level] if level < len(LOG_LEVELS) else None


cdef list _split(object s):
    """A comma-separated setting as a list ([] when unset)."""
    return [x.strip() for x in s.split(",") if x.strip()] if s else []


def parse_parameters(s):
    """Parse a ``key=value,flag,...`` setting (``SchedulerParameters`` and the
    like) into a dict; a bare flag maps to True.

    Examples:
        >>> from pyslurm.slurmctld import parse_parameters
        >>> parse_parameters("bf_interval=30,pack_serial_at_end")
        {'bf_interval': '30', 'pack_serial_at_end': True}
        >>> parse_parameters(None)
        {}
    """
    out = {}
    for item in _split(s):
        key, sep, value = item.partition("=")
        out[key.strip()] = value.strip() if sep else True
    return out


cdef dict _params(object s):
    return parse_parameters(s)


cdef list _flag_names(const pyslurm_flag_name_t *table, uint64_t bits):
    cdef int i = 0
    out = []
    while table[i].name != NULL:
        # every bit of the entry (CPU_FREQ_* values share a marker bit)
        if table[i].bit and (bits & table[i].bit) == table[i].bit:
            out.append(table[i].name.decode())
        i += 1
    return out


cdef object _flag_value(const pyslurm_flag_name_t *table, uint64_t value):
    """The name of an enumerated value (not bits); None when unknown."""
    cdef int i = 0
    while table[i].name != NULL:
        if table[i].bit == value:
            return table[i].name.decode()
        i += 1
    return None


cdef dict _flag_table(const pyslurm_flag_name_t *table):
    cdef int i = 0
    out = {}
    while table[i].name != NULL:
        out[table[i].name.decode()] = table[i].bit
        i += 1
    return out


# AccountingStorageEnforce bits (Slurm's ACCOUNTING_ENFORCE_*: not in slurm.h,
# the same in every supported major), in the order scontrol prints them.
_ENFORCE = (("associations", 0x0001), ("limits", 0x0002), ("qos", 0x0008),
            ("safe", 0x0010), ("wckeys", 0x0004), ("nojobs", 0x0020),
            ("nosteps", 0x0040))


cdef list _enforce_names(uint16_t bits):
    return [name for name, bit in _ENFORCE if bits & bit]


cdef object _enforce_part_limits(uint16_t v):
    if v == PARTITION_ENFORCE_NONE:
        return "NO"
    if v == PARTITION_ENFORCE_ALL:
        return "ALL"
    if v == PARTITION_ENFORCE_ANY:
        return "ANY"
    return None


cdef list _health_check_state(uint16_t v):
    cdef list names = _flag_names(pyslurm_health_check_flags, v)
    if (v & HEALTH_CHECK_NODE_ANY) == HEALTH_CHECK_NODE_ANY:
        states = ("IDLE", "ALLOC", "MIXED", "NONDRAINED_IDLE")
        names = ["ANY"] + [n for n in names if n not in states]
    return names


cdef object _reset_period(uint16_t v):
    table = {PRIORITY_RESET_NONE: "NONE", PRIORITY_RESET_NOW: "NOW",
             PRIORITY_RESET_DAILY: "DAILY", PRIORITY_RESET_WEEKLY: "WEEKLY",
             PRIORITY_RESET_MONTHLY: "MONTHLY", PRIORITY_RESET_QUARTERLY: "QUARTERLY",
             PRIORITY_RESET_YEARLY: "YEARLY"}
    return table.get(v)


cdef list _select_type_parameters(uint16_t v):
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
    return out + _flag_names(pyslurm_select_type_flags, v)


cdef object _preempt_mode(uint16_t v):
    return cstr(slurm_preempt_mode_string(v))


cdef object _cpu_freq(uint32_t v):
    if v == 0 or v == NO_VAL:
        return None
    if not (v & CPU_FREQ_RANGE_FLAG):
        return v
    names = {CPU_FREQ_LOW: "Low", CPU_FREQ_MEDIUM: "Medium", CPU_FREQ_HIGH: "High",
             CPU_FREQ_HIGHM1: "HighM1", CPU_FREQ_CONSERVATIVE: "Conservative",
             CPU_FREQ_ONDEMAND: "OnDemand", CPU_FREQ_PERFORMANCE: "Performance",
             CPU_FREQ_POWERSAVE: "PowerSave", CPU_FREQ_SCHEDUTIL: "SchedUtil",
             CPU_FREQ_USERSPACE: "UserSpace"}
    return names.get(v)


cdef object _cpu_bind(uint32_t v):
    cdef char buf[512]
    if v == 0 or v == NO_VAL:
        return None
    memset(buf, 0, sizeof(buf))
    slurm_sprint_cpu_bind_type(buf, <cpu_bind_type_t>v)
    return cstr(buf)


cdef object _port_range(uint16_t *r):
    if r == NULL or (r[0] == 0 and r[1] == 0):
        return None
    return (r[0], r[1])


cdef list _scripts(slurm_conf_t *c, int which):
    cdef uint32_t n = 0
    cdef char **arr
    if which == 0:
        arr = pyslurm_conf_prolog(c, &n)
    elif which == 1:
        arr = pyslurm_conf_epilog(c, &n)
    elif which == 2:
        arr = pyslurm_conf_prolog_slurmctld(c, &n)
    else:
        arr = pyslurm_conf_epilog_slurmctld(c, &n)
    return cstr_array(arr, n)


cdef dict _key_pairs(void *lst):
    cdef void *it = pyslurm_list_iter(lst)
    cdef pyslurm_key_pair_t *kp
    out = {}
    try:
        while True:
            kp = <pyslurm_key_pair_t *>pyslurm_list_next(it)
            if kp == NULL:
                break
            if kp.name != NULL:
                out[kp.name.decode("utf-8", "replace")] = cstr(kp.value)
    finally:
        pyslurm_list_iter_free(it)
    return out


cdef dict _job_defaults(void *lst):
    cdef void *it = pyslurm_list_iter(lst)
    cdef job_defaults_t *d
    names = {JOB_DEF_CPU_PER_GPU: "DefCpuPerGPU", JOB_DEF_MEM_PER_GPU: "DefMemPerGPU"}
    out = {}
    try:
        while True:
            d = <job_defaults_t *>pyslurm_list_next(it)
            if d == NULL:
                break
            out[names.get(d.type, str(d.type))] = d.value
    finally:
        pyslurm_list_iter_free(it)
    return out


cdef object _memory_per(uint64_t value, bint per_cpu):
    """DefMemPerCPU/DefMemPerNode share one field; MEM_PER_CPU flags CPU."""
    if value == NO_VAL64 or value == INFINITE64 or value == 0:
        return None
    if bool(value & MEM_PER_CPU) != per_cpu:
        return None
    return value & ~(<uint64_t>MEM_PER_CPU)


cdef class Config:
    """The controller's configuration, as ``scontrol show config`` shows it.

    Obtained with :meth:`Config.load`; values follow pyslurm's convention
    (unset: ``None``, unlimited: ``pyslurm.UNLIMITED``, times as unix
    timestamps, durations in seconds unless named otherwise, memory in MiB).
    """

    def __cinit__(self):
        self.ptr = NULL

    def __init__(self):
        raise TypeError("use pyslurm.slurmctld.Config.load()")

    def __dealloc__(self):
        if self.ptr != NULL:
            pyslurm_free_ctl_conf(self.ptr)
            self.ptr = NULL

    @staticmethod
    def load():
        """Load the running controller's configuration.

        Implements ``slurm_load_ctl_conf``.

        Returns:
            Config

        Raises:
            RPCError: the controller did not answer
                (``ControllerUnreachableError``) or refused.

        Examples:
            >>> from pyslurm import slurmctld
            >>> slurmctld.Config.load().version  # doctest: +SKIP
            '22.05.8'
        """
        ensure_init()
        cdef Config cfg = Config.__new__(Config)
        cdef int rc
        with nogil:
            rc = slurm_load_ctl_conf(0, &cfg.ptr)
        check_rc(rc, "slurm_load_ctl_conf")
        return cfg

    def __repr__(self):
        return f"pyslurm.slurmctld.Config(cluster_name={self.cluster_name!r})"

    # -- identity -------------------------------------------------------
    @property
    def cluster_name(self):
        """``ClusterName``."""
        return cstr(self.ptr.cluster_name)

    @property
    def version(self):
        """The controller's Slurm version, e.g. ``"22.05.8"``."""
        return cstr(self.ptr.version)

    @property
    def config_file(self):
        """Path of slurm.conf as the controller read it."""
        return cstr(self.ptr.slurm_conf)

    @property
    def boot_time(self):
        """When slurmctld started (unix time)."""
        return timestamp(self.ptr.boot_time)

    @property
    def last_update(self):
        """When this configuration was last changed (unix time)."""
        return timestamp(self.ptr.last_update)

    @property
    def control_hosts(self):
        """``SlurmctldHost`` names: primary first, then backups."""
        return cstr_array(self.ptr.control_machine, self.ptr.control_cnt)

    @property
    def control_addresses(self):
        """Addresses of the controllers, in the order of :attr:`control_hosts`."""
        return cstr_array(self.ptr.control_addr, self.ptr.control_cnt)

    @property
    def slurmctld_port(self):
        """``SlurmctldPort`` (the first, when a range is configured)."""
        return u32(self.ptr.slurmctld_port)

    @property
    def slurmctld_port_count(self):
        """How many ports ``SlurmctldPort`` spans."""
        return u16(self.ptr.slurmctld_port_count)

    @property
    def slurmd_port(self):
        """``SlurmdPort``."""
        return u32(self.ptr.slurmd_port)

    @property
    def slurm_user_name(self):
        """``SlurmUser``."""
        return cstr(self.ptr.slurm_user_name)

    @property
    def slurm_user_id(self):
        """Numeric uid of ``SlurmUser``."""
        return self.ptr.slurm_user_id

    @property
    def slurmd_user_name(self):
        """``SlurmdUser``."""
        return cstr(self.ptr.slurmd_user_name)

    # -- plugins --------------------------------------------------------
    @property
    def auth_type(self):
        """``AuthType``, e.g. ``"auth/munge"``."""
        return cstr(self.ptr.authtype)

    @property
    def select_type(self):
        """``SelectType``, e.g. ``"select/cons_tres"``."""
        return cstr(self.ptr.select_type)

    @property
    def scheduler_type(self):
        """``SchedulerType``."""
        return cstr(self.ptr.schedtype)

    @property
    def priority_type(self):
        """``PriorityType``."""
        return cstr(self.ptr.priority_type)

    @property
    def proctrack_type(self):
        """``ProctrackType``."""
        return cstr(self.ptr.proctrack_type)

    @property
    def task_plugin(self):
        """``TaskPlugin``."""
        return cstr(self.ptr.task_plugin)

    @property
    def switch_type(self):
        """``SwitchType``."""
        return cstr(self.ptr.switch_type)

    @property
    def mpi_default(self):
        """``MpiDefault``."""
        return cstr(self.ptr.mpi_default)

    @property
    def job_acct_gather_type(self):
        """``JobAcctGatherType``."""
        return cstr(self.ptr.job_acct_gather_type)

    @property
    def accounting_storage_type(self):
        """``AccountingStorageType``."""
        return cstr(self.ptr.accounting_storage_type)

    @property
    def gres_types(self):
        """``GresTypes`` as a list."""
        s = cstr(self.ptr.gres_plugins)
        return s.split(",") if s else []

    @property
    def plugin_dir(self):
        """``PluginDir``."""
        return cstr(self.ptr.plugindir)

    # -- files and directories -------------------------------------------
    @property
    def state_save_location(self):
        """``StateSaveLocation``."""
        return cstr(self.ptr.state_save_location)

    @property
    def slurmd_spool_dir(self):
        """``SlurmdSpoolDir``."""
        return cstr(self.ptr.slurmd_spooldir)

    @property
    def slurmctld_log_file(self):
        """``SlurmctldLogFile``."""
        return cstr(self.ptr.slurmctld_logfile)

    @property
    def slurmctld_pid_file(self):
        """``SlurmctldPidFile``."""
        return cstr(self.ptr.slurmctld_pidfile)

    # -- limits and timers -----------------------------------------------
    @property
    def default_memory_per_cpu(self):
        """``DefMemPerCPU`` in MiB (None when memory is per node or unset)."""
        return _memory_per(self.ptr.def_mem_per_cpu, True)

    @property
    def default_memory_per_node(self):
        """``DefMemPerNode`` in MiB (None when memory is per CPU or unset)."""
        return _memory_per(self.ptr.def_mem_per_cpu, False)

    @property
    def max_memory_per_cpu(self):
        """``MaxMemPerCPU`` in MiB (None when per node or unset)."""
        return _memory_per(self.ptr.max_mem_per_cpu, True)

    @property
    def max_memory_per_node(self):
        """``MaxMemPerNode`` in MiB (None when per CPU or unset)."""
        return _memory_per(self.ptr.max_mem_per_cpu, False)

    @property
    def max_job_count(self):
        """``MaxJobCount``."""
        return u32(self.ptr.max_job_cnt)

    @property
    def max_array_size(self):
        """``MaxArraySize``."""
        return u32(self.ptr.max_array_sz)

    @property
    def max_step_count(self):
        """``MaxStepCount``."""
        return u32(self.ptr.max_step_cnt)

    @property
    def max_tasks_per_node(self):
        """``MaxTasksPerNode``."""
        return u16(self.ptr.max_tasks_per_node)

    @property
    def first_job_id(self):
        """``FirstJobId``."""
        return u32(self.ptr.first_job_id)

    @property
    def max_job_id(self):
        """``MaxJobId``."""
        return u32(self.ptr.max_job_id)

    @property
    def next_job_id(self):
        """The id the next submitted job will get."""
        return u32(self.ptr.next_job_id)

    @property
    def min_job_age(self):
        """``MinJobAge``: seconds a finished job stays in the controller."""
        return u32(self.ptr.min_job_age)

    @property
    def message_timeout(self):
        """``MessageTimeout`` in seconds."""
        return u16(self.ptr.msg_timeout)

    @property
    def slurmctld_timeout(self):
        """``SlurmctldTimeout`` in seconds."""
        return u16(self.ptr.slurmctld_timeout)

    @property
    def slurmd_timeout(self):
        """``SlurmdTimeout`` in seconds."""
        return u16(self.ptr.slurmd_timeout)

    @property
    def inactive_limit(self):
        """``InactiveLimit`` in seconds."""
        return u16(self.ptr.inactive_limit)

    @property
    def kill_wait(self):
        """``KillWait`` in seconds."""
        return u16(self.ptr.kill_wait)

    @property
    def wait_time(self):
        """``WaitTime`` in seconds."""
        return u16(self.ptr.wait_time)

    @property
    def return_to_service(self):
        """``ReturnToService`` (0, 1 or 2)."""
        return u16(self.ptr.ret2service)

    @property
    def tree_width(self):
        """``TreeWidth``."""
        return u16(self.ptr.tree_width)

    @property
    def licenses(self):
        """``Licenses`` as configured (string)."""
        return cstr(self.ptr.licenses)

    # -- accounting -----------------------------------------------
    @property
    def accounting_storage_tres(self):
        """``AccountingStorageTRES`` as a list (``["cpu", "mem", ...]``)."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.accounting_storage_tres))

    @property
    def accounting_storage_enforce(self):
        """``AccountingStorageEnforce`` as a list of names (``[]`` for none)."""
        cdef slurm_conf_t *c = self.ptr
        return _enforce_names(c.accounting_storage_enforce)

    @property
    def accounting_storage_backup_host(self):
        """``AccountingStorageBackupHost``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.accounting_storage_backup_host)

    @property
    def accounting_storage_external_host(self):
        """``AccountingStorageExternalHost``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.accounting_storage_ext_host)

    @property
    def accounting_storage_host(self):
        """``AccountingStorageHost``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.accounting_storage_host)

    @property
    def accounting_storage_parameters(self):
        """``AccountingStorageParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.accounting_storage_params)

    @property
    def accounting_storage_password(self):
        """``AccountingStoragePass`` (usually not sent by the controller)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.accounting_storage_pass)

    @property
    def accounting_storage_port(self):
        """``AccountingStoragePort``."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.accounting_storage_port)

    @property
    def accounting_storage_user(self):
        """``AccountingStorageUser`` (None in 26.05, which has no such setting)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_accounting_storage_user(c))

    @property
    def accounting_store_flags(self):
        """``AccountingStoreFlags`` as a list, e.g. ``["job_comment"]``."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_store_flags, c.conf_flags)

    @property
    def acct_gather_config(self):
        """acct_gather.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.acct_gather_conf)

    @property
    def acct_gather_energy_type(self):
        """``AcctGatherEnergyType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.acct_gather_energy_type)

    @property
    def acct_gather_filesystem_type(self):
        """``AcctGatherFilesystemType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.acct_gather_filesystem_type)

    @property
    def acct_gather_interconnect_type(self):
        """``AcctGatherInterconnectType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.acct_gather_interconnect_type)

    @property
    def acct_gather_node_frequency(self):
        """``AcctGatherNodeFreq`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.acct_gather_node_freq)

    @property
    def acct_gather_profile_type(self):
        """``AcctGatherProfileType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.acct_gather_profile_type)

    @property
    def allow_spec_resources_usage(self):
        """``AllowSpecResourcesUsage``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_ASRU)

    # -- auth and credentials -------------------------------------
    @property
    def auth_alt_types(self):
        """``AuthAltTypes`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.authalttypes))

    @property
    def auth_alt_parameters(self):
        """``AuthAltParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.authalt_params)

    @property
    def auth_info(self):
        """``AuthInfo``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.authinfo)

    @property
    def cert_generation_parameters(self):
        """``CertgenParameters`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_certgen_params(c))

    @property
    def cert_generation_type(self):
        """``CertgenType`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_certgen_type(c))

    @property
    def cert_manager_parameters(self):
        """``CertmgrParameters`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_certmgr_params(c))

    @property
    def cert_manager_type(self):
        """``CertmgrType`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_certmgr_type(c))

    @property
    def cred_type(self):
        """``CredType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.cred_type)

    @property
    def job_credential_private_key(self):
        """``JobCredentialPrivateKey`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_job_credential_private_key(c))

    @property
    def job_credential_public_certificate(self):
        """``JobCredentialPublicCertificate`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_job_credential_public_certificate(c))

    @property
    def tls_parameters(self):
        """``TLSParameters`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_tls_params(c))

    @property
    def tls_type(self):
        """``TLSType`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_tls_type(c))

    @property
    def hash_plugin(self):
        """``HashPlugin`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_hash_plugin(c))

    @property
    def hash_value(self):
        """Hash of the controller's slurm.conf (scontrol compares it: ``HASH_VAL``)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.hash_val)

    # -- plugins --------------------------------------------------
    @property
    def burst_buffer_type(self):
        """``BurstBufferType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.bb_type)

    @property
    def cli_filter_plugins(self):
        """``CliFilterPlugins`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.cli_filter_plugins))

    @property
    def cli_filter_parameters(self):
        """``CliFilterParameters`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_cli_filter_params(c))

    @property
    def core_spec_plugin(self):
        """``CoreSpecPlugin`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_core_spec_plugin(c))

    @property
    def ext_sensors_type(self):
        """``ExtSensorsType`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_ext_sensors_type(c))

    @property
    def ext_sensors_frequency(self):
        """``ExtSensorsFreq`` in seconds (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_ext_sensors_freq(c))

    @property
    def http_parser_type(self):
        """``HttpParserType`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_http_parser_type(c))

    @property
    def job_comp_host(self):
        """``JobCompHost``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_host)

    @property
    def job_comp_location(self):
        """``JobCompLoc``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_loc)

    @property
    def job_comp_parameters(self):
        """``JobCompParams``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_params)

    @property
    def job_comp_password(self):
        """``JobCompPass`` (usually not sent by the controller)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_pass)

    @property
    def job_comp_password_script(self):
        """``JobCompPassScript`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_job_comp_pass_script(c))

    @property
    def job_comp_port(self):
        """``JobCompPort``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.job_comp_port)

    @property
    def job_comp_type(self):
        """``JobCompType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_type)

    @property
    def job_comp_user(self):
        """``JobCompUser``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_comp_user)

    @property
    def job_container_type(self):
        """``JobContainerType`` (22.05 and 24.11; 26.05 has :attr:`namespace_type`)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_job_container_plugin(c))

    @property
    def namespace_type(self):
        """``NamespaceType`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_namespace_plugin(c))

    @property
    def job_submit_plugins(self):
        """``JobSubmitPlugins`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.job_submit_plugins))

    @property
    def launch_type(self):
        """``LaunchType`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_launch_type(c))

    @property
    def mcs_plugin(self):
        """``MCSPlugin``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.mcs_plugin)

    @property
    def mcs_parameters(self):
        """``MCSParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.mcs_plugin_params)

    @property
    def metrics_auth(self):
        """Metrics authentication mode, as a number (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_metrics_auth(c))

    @property
    def metrics_auth_users(self):
        """Users allowed to read metrics (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_metrics_auth_users(c))

    @property
    def metrics_parameters(self):
        """``MetricsParameters`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_metrics_params(c))

    @property
    def metrics_type(self):
        """``MetricsType`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_metrics_type(c))

    @property
    def mpi_config(self):
        """mpi.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.mpi_conf)

    @property
    def mpi_parameters(self):
        """``MpiParams``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.mpi_params)

    @property
    def node_features_config(self):
        """Node features plugin settings (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.node_features_conf)

    @property
    def node_features_plugins(self):
        """``NodeFeaturesPlugins`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.node_features_plugins))

    @property
    def plugstack_config(self):
        """``PlugStackConfig``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.plugstack)

    @property
    def power_parameters(self):
        """``PowerParameters`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_power_parameters(c))

    @property
    def power_plugin(self):
        """``PowerPlugin`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_power_plugin(c))

    @property
    def preempt_mode(self):
        """``PreemptMode``, e.g. ``"OFF"`` or ``"SUSPEND,GANG"``."""
        cdef slurm_conf_t *c = self.ptr
        return _preempt_mode(c.preempt_mode)

    @property
    def preempt_parameters(self):
        """``PreemptParameters`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_preempt_params(c))

    @property
    def preempt_type(self):
        """``PreemptType``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.preempt_type)

    @property
    def preempt_exempt_time(self):
        """``PreemptExemptTime`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.preempt_exempt_time)

    @property
    def prep_parameters(self):
        """``PrEpParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.prep_params)

    @property
    def prep_plugins(self):
        """``PrEpPlugins`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.prep_plugins))

    @property
    def route_plugin(self):
        """``RoutePlugin`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_route_plugin(c))

    @property
    def select_type_parameters(self):
        """``SelectTypeParameters`` as a list, e.g. ``["CR_CORE_MEMORY"]``."""
        cdef slurm_conf_t *c = self.ptr
        return _select_type_parameters(c.select_type_param)

    @property
    def select_type_config(self):
        """Select plugin settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.select_conf_key_pairs)

    @property
    def site_factor_plugin(self):
        """``PrioritySiteFactorPlugin``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.site_factor_plugin)

    @property
    def site_factor_parameters(self):
        """``PrioritySiteFactorParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.site_factor_params)

    @property
    def slurmctld_plugstack(self):
        """``SlurmctldPlugstack`` (22.05 only, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_slurmctld_plugstack(c))

    @property
    def switch_parameters(self):
        """``SwitchParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.switch_param)

    @property
    def task_plugin_parameters(self):
        """``TaskPluginParam`` as scontrol prints it (None when unset)."""
        cdef slurm_conf_t *c = self.ptr
        return _cpu_bind(c.task_plugin_param)

    @property
    def topology_parameters(self):
        """``TopologyParam``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.topology_param)

    @property
    def topology_plugin(self):
        """``TopologyPlugin``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.topology_plugin)

    @property
    def url_parser_type(self):
        """``UrlParserType`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_url_parser_type(c))

    @property
    def cgroup_config(self):
        """cgroup.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.cgroup_conf)

    @property
    def data_parser_parameters(self):
        """``DataParserParameters`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_data_parser_parameters(c))

    # -- scheduling and priority ----------------------------------
    @property
    def scheduler_parameters(self):
        """``SchedulerParameters`` as configured (see :attr:`scheduler_parameters_dict`)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.sched_params)

    @property
    def scheduler_parameters_dict(self):
        """``SchedulerParameters`` parsed: ``{"bf_interval": "30", "pack_serial_at_end": True}``."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.sched_params))

    @property
    def scheduler_time_slice(self):
        """``SchedulerTimeSlice`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.sched_time_slice)

    @property
    def scheduler_log_file(self):
        """``SlurmSchedLogFile``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.sched_logfile)

    @property
    def scheduler_log_level(self):
        """``SlurmSchedLogLevel`` (0: off, 1: on)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.sched_log_level)

    @property
    def scron_parameters(self):
        """``ScronParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.scron_params)

    @property
    def dependency_parameters(self):
        """``DependencyParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.dependency_params)

    @property
    def dependency_parameters_dict(self):
        """``DependencyParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.dependency_params))

    @property
    def enforce_partition_limits(self):
        """``EnforcePartLimits``: ``"NO"``, ``"ALL"`` or ``"ANY"``."""
        cdef slurm_conf_t *c = self.ptr
        return _enforce_part_limits(c.enforce_part_limits)

    @property
    def fairshare_dampening_factor(self):
        """``FairShareDampeningFactor``."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.fs_dampening_factor)

    @property
    def max_batch_requeue(self):
        """``MaxBatchRequeue`` (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(pyslurm_conf_max_batch_requeue(c))

    @property
    def over_time_limit(self):
        """``OverTimeLimit`` in minutes (``UNLIMITED`` possible)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.over_time_limit)

    @property
    def priority_calc_period(self):
        """``PriorityCalcPeriod`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_calc_period)

    @property
    def priority_decay_half_life(self):
        """``PriorityDecayHalfLife`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_decay_hl)

    @property
    def priority_favor_small(self):
        """``PriorityFavorSmall``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.priority_favor_small)

    @property
    def priority_flags(self):
        """``PriorityFlags`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_priority_flags, c.priority_flags)

    @property
    def priority_max_age(self):
        """``PriorityMaxAge`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_max_age)

    @property
    def priority_parameters(self):
        """``PriorityParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.priority_params)

    @property
    def priority_parameters_dict(self):
        """``PriorityParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.priority_params))

    @property
    def priority_usage_reset_period(self):
        """``PriorityUsageResetPeriod``: ``"NONE"``, ``"NOW"``, ``"DAILY"``, ..."""
        cdef slurm_conf_t *c = self.ptr
        return _reset_period(c.priority_reset_period)

    @property
    def priority_weight_age(self):
        """``PriorityWeightAge``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_age)

    @property
    def priority_weight_assoc(self):
        """``PriorityWeightAssoc``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_assoc)

    @property
    def priority_weight_fairshare(self):
        """``PriorityWeightFairshare``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_fs)

    @property
    def priority_weight_job_size(self):
        """``PriorityWeightJobSize``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_js)

    @property
    def priority_weight_partition(self):
        """``PriorityWeightPartition``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_part)

    @property
    def priority_weight_qos(self):
        """``PriorityWeightQOS``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.priority_weight_qos)

    @property
    def priority_weight_tres(self):
        """``PriorityWeightTRES`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.priority_weight_tres)

    # -- jobs -----------------------------------------------------
    @property
    def batch_start_timeout(self):
        """``BatchStartTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.batch_start_timeout)

    @property
    def complete_wait(self):
        """``CompleteWait`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.complete_wait)

    @property
    def disable_root_jobs(self):
        """``DisableRootJobs``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_DRJ)

    @property
    def epilog(self):
        """``Epilog`` scripts (a list)."""
        cdef slurm_conf_t *c = self.ptr
        return _scripts(c, 1)

    @property
    def epilog_slurmctld(self):
        """``EpilogSlurmctld`` scripts (a list)."""
        cdef slurm_conf_t *c = self.ptr
        return _scripts(c, 3)

    @property
    def epilog_msg_time_us(self):
        """``EpilogMsgTime`` in microseconds."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.epilog_msg_time)

    @property
    def epilog_timeout(self):
        """``EpilogTimeout`` in seconds (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_epilog_timeout(c))

    @property
    def get_env_timeout(self):
        """``GetEnvTimeout`` in seconds (22.05 and 24.11, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_get_env_timeout(c))

    @property
    def gpu_freq_default(self):
        """``GpuFreqDef``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.gpu_freq_def)

    @property
    def cpu_freq_default(self):
        """``CpuFreqDef``: a name (``"Low"``, ``"Performance"``, ...) or kHz; None when unset."""
        cdef slurm_conf_t *c = self.ptr
        return _cpu_freq(c.cpu_freq_def)

    @property
    def cpu_freq_governors(self):
        """``CpuFreqGovernors`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_cpu_freq_govs, c.cpu_freq_govs)

    @property
    def interactive_step_options(self):
        """``InteractiveStepOptions``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.interactive_step_opts)

    @property
    def job_acct_gather_frequency(self):
        """``JobAcctGatherFrequency`` as configured, e.g. ``"task=30"``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_acct_gather_freq)

    @property
    def job_acct_gather_parameters(self):
        """``JobAcctGatherParams``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.job_acct_gather_params)

    @property
    def job_acct_oom_kill(self):
        """Whether ``JobAcctGatherParams`` has ``OverMemoryKill``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.job_acct_oom_kill)

    @property
    def job_defaults(self):
        """``JobDefaults`` as a dict, e.g. ``{"DefCpuPerGPU": 4}``."""
        cdef slurm_conf_t *c = self.ptr
        return _job_defaults(<void *>c.job_defaults_list)

    @property
    def job_file_append(self):
        """``JobFileAppend``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.job_file_append)

    @property
    def job_requeue(self):
        """``JobRequeue``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.job_requeue)

    @property
    def kill_on_bad_exit(self):
        """``KillOnBadExit``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.kill_on_bad_exit)

    @property
    def launch_parameters(self):
        """``LaunchParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.launch_params)

    @property
    def launch_parameters_dict(self):
        """``LaunchParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.launch_params))

    @property
    def mail_domain(self):
        """``MailDomain``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.mail_domain)

    @property
    def mail_program(self):
        """``MailProg``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.mail_prog)

    @property
    def max_dbd_messages(self):
        """``MaxDBDMsgs``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.max_dbd_msgs)

    @property
    def max_node_count(self):
        """``MaxNodeCount``."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.max_node_cnt)

    @property
    def prolog(self):
        """``Prolog`` scripts (a list)."""
        cdef slurm_conf_t *c = self.ptr
        return _scripts(c, 0)

    @property
    def prolog_slurmctld(self):
        """``PrologSlurmctld`` scripts (a list)."""
        cdef slurm_conf_t *c = self.ptr
        return _scripts(c, 2)

    @property
    def prolog_epilog_timeout(self):
        """``PrologEpilogTimeout`` in seconds (22.05 and 24.11, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_prolog_epilog_timeout(c))

    @property
    def prolog_timeout(self):
        """``PrologTimeout`` in seconds (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_prolog_timeout(c))

    @property
    def prolog_flags(self):
        """``PrologFlags`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_prolog_flags, c.prolog_flags)

    @property
    def propagate_prio_process(self):
        """``PropagatePrioProcess`` (0, 1 or 2)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.propagate_prio_process)

    @property
    def propagate_resource_limits(self):
        """``PropagateResourceLimits`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.propagate_rlimits))

    @property
    def propagate_resource_limits_except(self):
        """``PropagateResourceLimitsExcept`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.propagate_rlimits_except))

    @property
    def requeue_exit(self):
        """``RequeueExit`` (exit codes, as configured)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.requeue_exit)

    @property
    def requeue_exit_hold(self):
        """``RequeueExitHold`` (exit codes, as configured)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.requeue_exit_hold)

    @property
    def reservation_epilog(self):
        """``ResvEpilog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.resv_epilog)

    @property
    def reservation_over_run(self):
        """``ResvOverRun`` in minutes (``UNLIMITED`` possible)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.resv_over_run)

    @property
    def reservation_prolog(self):
        """``ResvProlog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.resv_prolog)

    @property
    def srun_epilog(self):
        """``SrunEpilog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.srun_epilog)

    @property
    def srun_prolog(self):
        """``SrunProlog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.srun_prolog)

    @property
    def srun_port_range(self):
        """``SrunPortRange`` as ``(first, last)``, None when unset."""
        cdef slurm_conf_t *c = self.ptr
        return _port_range(c.srun_port_range)

    @property
    def task_epilog(self):
        """``TaskEpilog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.task_epilog)

    @property
    def task_prolog(self):
        """``TaskProlog``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.task_prolog)

    @property
    def track_wckey(self):
        """``TrackWCKey``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_WCKEY)

    @property
    def unkillable_step_program(self):
        """``UnkillableStepProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.unkillable_program)

    @property
    def unkillable_step_timeout(self):
        """``UnkillableStepTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.unkillable_timeout)

    @property
    def use_pam(self):
        """``UsePAM``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_PAM)

    @property
    def vsize_factor_percent(self):
        """``VSizeFactor`` in percent (0: no virtual memory limit)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.vsize_factor)

    @property
    def x11_parameters(self):
        """``X11Parameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.x11_params)

    @property
    def bcast_exclude(self):
        """``BcastExclude`` as a list of paths."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.bcast_exclude))

    @property
    def bcast_parameters(self):
        """``BcastParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.bcast_parameters)

    @property
    def tmp_fs(self):
        """``TmpFS``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.tmp_fs)

    # -- nodes and power saving -----------------------------------
    @property
    def health_check_interval(self):
        """``HealthCheckInterval`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.health_check_interval)

    @property
    def health_check_node_state(self):
        """``HealthCheckNodeState`` as a list, e.g. ``["ANY"]``."""
        cdef slurm_conf_t *c = self.ptr
        return _health_check_state(c.health_check_node_state)

    @property
    def health_check_program(self):
        """``HealthCheckProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.health_check_program)

    @property
    def health_check_timeout(self):
        """``HealthCheckTimeout`` in seconds (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_health_check_timeout(c))

    @property
    def node_prefix(self):
        """Node name prefix (22.05 and 24.11, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_node_prefix(c))

    @property
    def reboot_program(self):
        """``RebootProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.reboot_program)

    @property
    def resume_fail_program(self):
        """``ResumeFailProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.resume_fail_program)

    @property
    def resume_program(self):
        """``ResumeProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.resume_program)

    @property
    def resume_rate(self):
        """``ResumeRate`` in nodes per minute."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.resume_rate)

    @property
    def resume_timeout(self):
        """``ResumeTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.resume_timeout)

    @property
    def suspend_exclude_nodes(self):
        """``SuspendExcNodes`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.suspend_exc_nodes)

    @property
    def suspend_exclude_partitions(self):
        """``SuspendExcParts`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(c.suspend_exc_parts))

    @property
    def suspend_exclude_states(self):
        """``SuspendExcStates`` as a list (24.11+; ``[]`` before)."""
        cdef slurm_conf_t *c = self.ptr
        return _split(cstr(pyslurm_conf_suspend_exc_states(c)))

    @property
    def suspend_program(self):
        """``SuspendProgram``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.suspend_program)

    @property
    def suspend_rate(self):
        """``SuspendRate`` in nodes per minute."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.suspend_rate)

    @property
    def suspend_time(self):
        """``SuspendTime`` in seconds (``UNLIMITED``: power saving off)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.suspend_time)

    @property
    def suspend_timeout(self):
        """``SuspendTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.suspend_timeout)

    # -- controller and daemons -----------------------------------
    @property
    def cluster_id(self):
        """The cluster's id (24.11+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_cluster_id(c))

    @property
    def communication_parameters(self):
        """``CommunicationParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.comm_params)

    @property
    def communication_parameters_dict(self):
        """``CommunicationParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.comm_params))

    @property
    def debug_flags(self):
        """``DebugFlags`` as a list, e.g. ``["Backfill", "Gres"]``."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_debug_flags, c.debug_flags)

    @property
    def eio_timeout(self):
        """``EioTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.eio_timeout)

    @property
    def federation_parameters(self):
        """``FederationParameters``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.fed_params)

    @property
    def getnameinfo_cache_timeout(self):
        """``CommunicationParameters`` getnameinfo_cache_timeout, seconds (24.11+)."""
        cdef slurm_conf_t *c = self.ptr
        return u16(pyslurm_conf_getnameinfo_cache_timeout(c))

    @property
    def group_update_force(self):
        """``GroupUpdateForce``."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.group_force)

    @property
    def group_update_time(self):
        """``GroupUpdateTime`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.group_time)

    @property
    def host_unreach_retry_count(self):
        """``HostUnreachRetryCount`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(pyslurm_conf_host_unreach_retry_count(c))

    @property
    def ipv4_enabled(self):
        """Whether Slurm communicates over IPv4."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_IPV4)

    @property
    def ipv6_enabled(self):
        """Whether Slurm communicates over IPv6."""
        cdef slurm_conf_t *c = self.ptr
        return bool(c.conf_flags & PYSLURM_CONF_FLAG_IPV6)

    @property
    def keepalive_interval(self):
        """TCP keepalive interval in seconds (None: system default)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.keepalive_interval)

    @property
    def keepalive_probes(self):
        """TCP keepalive probes (None: system default)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.keepalive_probes)

    @property
    def keepalive_time(self):
        """``keepalivetime`` of ``CommunicationParameters`` in seconds (None: system default)."""
        cdef slurm_conf_t *c = self.ptr
        return u32(c.keepalive_time)

    @property
    def license_parameters(self):
        """``LicenseParameters`` (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_license_params(c))

    @property
    def log_time_format(self):
        """``LogTimeFormat``, e.g. ``"iso8601_ms"``."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_value(pyslurm_log_fmts, c.log_fmt)

    @property
    def slurmctld_address(self):
        """``SlurmctldAddr``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmctld_addr)

    @property
    def slurmctld_debug(self):
        """``SlurmctldDebug``: ``"info"``, ``"debug2"``, ..."""
        cdef slurm_conf_t *c = self.ptr
        return _level_name(c.slurmctld_debug)

    @property
    def slurmctld_http_auth_parameters(self):
        """slurmctld HTTP authentication parameters (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_slurmctld_http_auth_params(c))

    @property
    def slurmctld_parameters(self):
        """``SlurmctldParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmctld_params)

    @property
    def slurmctld_parameters_dict(self):
        """``SlurmctldParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.slurmctld_params))

    @property
    def slurmctld_primary_off_program(self):
        """``SlurmctldPrimaryOffProg``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmctld_primary_off_prog)

    @property
    def slurmctld_primary_on_program(self):
        """``SlurmctldPrimaryOnProg``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmctld_primary_on_prog)

    @property
    def slurmctld_syslog_debug(self):
        """``SlurmctldSyslogDebug`` (None when unset)."""
        cdef slurm_conf_t *c = self.ptr
        return _level_name(c.slurmctld_syslog_debug)

    @property
    def slurmd_debug(self):
        """``SlurmdDebug``."""
        cdef slurm_conf_t *c = self.ptr
        return _level_name(c.slurmd_debug)

    @property
    def slurmd_http_auth_parameters(self):
        """slurmd HTTP authentication parameters (26.05+, else None)."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(pyslurm_conf_slurmd_http_auth_params(c))

    @property
    def slurmd_log_file(self):
        """``SlurmdLogFile``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmd_logfile)

    @property
    def slurmd_parameters(self):
        """``SlurmdParameters`` as configured."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmd_params)

    @property
    def slurmd_parameters_dict(self):
        """``SlurmdParameters`` parsed into a dict."""
        cdef slurm_conf_t *c = self.ptr
        return _params(cstr(c.slurmd_params))

    @property
    def slurmd_pid_file(self):
        """``SlurmdPidFile``."""
        cdef slurm_conf_t *c = self.ptr
        return cstr(c.slurmd_pidfile)

    @property
    def slurmd_syslog_debug(self):
        """``SlurmdSyslogDebug`` (None when unset)."""
        cdef slurm_conf_t *c = self.ptr
        return _level_name(c.slurmd_syslog_debug)

    @property
    def slurmd_user_id(self):
        """Numeric uid of ``SlurmdUser``."""
        cdef slurm_conf_t *c = self.ptr
        return c.slurmd_user_id

    @property
    def reconfig_flags(self):
        """``ReconfigFlags`` as a list."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_reconfig_flags, c.reconfig_flags)

    @property
    def private_data(self):
        """``PrivateData`` as a list, e.g. ``["jobs", "nodes"]``."""
        cdef slurm_conf_t *c = self.ptr
        return _flag_names(pyslurm_private_data, c.private_data)

    @property
    def tcp_timeout(self):
        """``TCPTimeout`` in seconds."""
        cdef slurm_conf_t *c = self.ptr
        return u16(c.tcp_timeout)

    def to_dict(self):
        """Every attribute as a plain dict.

        One attribute that cannot be read does not spoil the rest: its
        value is the ``repr`` of the exception instead.
        """
        out = {}
        for name in _CONFIG_FIELDS:
            try:
                out[name] = getattr(self, name)
            except Exception as e:  # never fail the whole dict for one field
                out[name] = f"<error: {e!r}>"
        return out


_CONFIG_FIELDS = tuple(
    name for name, value in vars(Config).items()
    if not name.startswith("_") and type(value).__name__ == "getset_descriptor")


# -- statistics (sdiag) ----------------------------------------------------

#: Keys of :attr:`Statistics.schedule_exit`, in Slurm's order.
SCHEDULE_EXITS = ("end_job_queue", "default_queue_depth", "max_job_start",
                  "blocked_on_licenses", "max_rpc_cnt", "max_sched_time")
#: Keys of :attr:`Statistics.bf_exit`, in Slurm's order.
BACKFILL_EXITS = ("end_job_queue", "bf_max_job_start", "bf_max_job_test",
                  "state_changed", "bf_node_space_size", "bf_max_time")


@dataclass(frozen=True)
class RPCTypeStatistics:
    """RPCs of one message type since the last reset.

    Attributes:
        type_id: Slurm's message type number (``REQUEST_PING`` is 1008, ...).
        count: how many were handled.
        total_time_us: microseconds spent on them in all.
        average_time_us: ``total_time_us / count``.
        queued, dropped, cycle_last, cycle_max: the RPC queue's figures
            (24.11+ with ``SlurmctldParameters=rpc_queue``; else None).
    """

    type_id: int
    count: int
    total_time_us: int
    average_time_us: int
    queued: Optional[int] = None
    dropped: Optional[int] = None
    cycle_last: Optional[int] = None
    cycle_max: Optional[int] = None


@dataclass(frozen=True)
class RPCUserStatistics:
    """RPCs sent by one user since the last reset.

    Attributes:
        user_id: the uid.
        user_name: its name (the uid as a string when unknown here).
        count: how many RPCs.
        total_time_us: microseconds spent on them in all.
        average_time_us: ``total_time_us / count``.
    """

    user_id: int
    user_name: str
    count: int
    total_time_us: int
    average_time_us: int


@dataclass(frozen=True)
class Statistics:
    """What ``sdiag`` shows: the controller's counters since the last reset.

    Counters reset at midnight UTC, when the controller restarts, and with
    :func:`reset_statistics`.  Durations are in microseconds (``_us``).

    Attributes:
        request_time: when these figures were taken (unix time).
        data_since: when the counters were last reset (unix time).
        server_thread_count: slurmctld threads serving RPCs now.
        agent_queue_size: RPCs queued for the agent (to slurmds).
        agent_count: agents running.
        agent_thread_count: agent threads running.
        dbd_agent_queue_size: messages queued for slurmdbd.
        jobs_submitted, jobs_started, jobs_completed, jobs_canceled,
            jobs_failed: jobs since the last reset.
        jobs_pending, jobs_running: jobs now (as of ``job_states_time``).
        job_states_time: when jobs_pending/jobs_running were counted.
        schedule_cycle_last_us, schedule_cycle_max_us, schedule_cycle_sum_us:
            main scheduler cycle durations.
        schedule_cycle_counter: main scheduler cycles run.
        schedule_cycle_mean_us: mean cycle duration (0 without cycles).
        schedule_cycle_mean_depth: mean jobs looked at per cycle.
        schedule_cycles_per_minute: cycles per minute since the reset.
        schedule_queue_length: jobs in the last cycle's queue.
        schedule_exit: why cycles ended, counted by
            :data:`SCHEDULE_EXITS` key (24.11+; None in 22.05).
        bf_active: True while a backfill cycle is running.
        bf_backfilled_jobs, bf_last_backfilled_jobs,
            bf_backfilled_het_jobs: jobs started by backfill.
        bf_cycle_counter: backfill cycles run.
        bf_cycle_last_us, bf_cycle_max_us, bf_cycle_sum_us,
            bf_cycle_mean_us: backfill cycle durations.
        bf_last_depth, bf_last_depth_try: jobs looked at / tried in the
            last backfill cycle.
        bf_depth_mean, bf_depth_try_mean: their means over the cycles.
        bf_queue_length, bf_queue_length_mean: backfill queue length.
        bf_table_size, bf_table_size_mean: backfill table size.
        bf_when_last_cycle: when the last backfill cycle ended (unix time).
        bf_exit: why backfill cycles ended, by :data:`BACKFILL_EXITS` key
            (24.11+; None in 22.05).
        rpc_queue_enabled: the RPC queue is on (24.11+; else False).
        rpc_types: RPCs by message type, most frequent first.
        rpc_users: RPCs by user, most frequent first.
        pending_rpcs: RPCs queued for the agent, ``{type_id: count}``.
        pending_rpc_hosts: hosts those RPCs go to, ``{type_id: hostlist}``.
    """

    request_time: Optional[int]
    data_since: Optional[int]
    server_thread_count: int
    agent_queue_size: int
    agent_count: int
    agent_thread_count: int
    dbd_agent_queue_size: int
    jobs_submitted: int
    jobs_started: int
    jobs_completed: int
    jobs_canceled: int
    jobs_failed: int
    jobs_pending: int
    jobs_running: int
    job_states_time: Optional[int]
    schedule_cycle_last_us: int
    schedule_cycle_max_us: int
    schedule_cycle_sum_us: int
    schedule_cycle_counter: int
    schedule_cycle_mean_us: int
    schedule_cycle_mean_depth: int
    schedule_cycles_per_minute: int
    schedule_queue_length: int
    schedule_exit: Optional[dict]
    bf_active: bool
    bf_backfilled_jobs: int
    bf_last_backfilled_jobs: int
    bf_backfilled_het_jobs: int
    bf_cycle_counter: int
    bf_cycle_last_us: int
    bf_cycle_max_us: int
    bf_cycle_sum_us: int
    bf_cycle_mean_us: int
    bf_last_depth: int
    bf_last_depth_try: int
    bf_depth_mean: int
    bf_depth_try_mean: int
    bf_queue_length: int
    bf_queue_length_mean: int
    bf_table_size: int
    bf_table_size_mean: int
    bf_when_last_cycle: Optional[int]
    bf_exit: Optional[dict]
    rpc_queue_enabled: bool
    rpc_types: list = field(default_factory=list)
    rpc_users: list = field(default_factory=list)
    pending_rpcs: dict = field(default_factory=dict)
    pending_rpc_hosts: dict = field(default_factory=dict)

    def to_dict(self):
        """The figures as plain dicts and lists."""
        return asdict(self)


def _user_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError):
        return str(uid)


cdef object _opt64(uint64_t v):
    return None if v == NO_VAL64 else v


cdef object _statistics_from(stats_info_response_msg_t *s):
    cdef uint32_t i
    cdef uint64_t sched_sum = s.schedule_cycle_sum
    sched_n = s.schedule_cycle_counter
    bf_n = s.bf_cycle_counter
    since = s.req_time_start
    minutes = (s.req_time - since) // 60 if s.req_time > since else 0

    types = []
    for i in range(s.rpc_type_size):
        cnt = s.rpc_type_cnt[i]
        tot = s.rpc_type_time[i]
        types.append(RPCTypeStatistics(
            s.rpc_type_id[i], cnt, tot, tot // cnt if cnt else 0,
            _opt64(pyslurm_stats_rpc_type_queued(s, i)),
            _opt64(pyslurm_stats_rpc_type_dropped(s, i)),
            _opt64(pyslurm_stats_rpc_type_cycle_last(s, i)),
            _opt64(pyslurm_stats_rpc_type_cycle_max(s, i))))
    users = []
    for i in range(s.rpc_user_size):
        cnt = s.rpc_user_cnt[i]
        tot = s.rpc_user_time[i]
        users.append(RPCUserStatistics(s.rpc_user_id[i], _user_name(s.rpc_user_id[i]),
                                       cnt, tot, tot // cnt if cnt else 0))
    types.sort(key=lambda r: -r.count)
    users.sort(key=lambda r: -r.count)
    pending = {}
    for i in range(s.rpc_queue_type_count):
        pending[s.rpc_queue_type_id[i]] = s.rpc_queue_count[i]
    hosts = {}
    for i in range(s.rpc_dump_count):
        if s.rpc_dump_hostlist != NULL and s.rpc_dump_hostlist[i] != NULL:
            hosts[s.rpc_dump_types[i]] = s.rpc_dump_hostlist[i].decode("utf-8", "replace")

    sched_exit = None
    if pyslurm_stats_schedule_exit_cnt(s):
        sched_exit = {name: pyslurm_stats_schedule_exit(s, i)
                      for i, name in enumerate(SCHEDULE_EXITS)
                      if i < pyslurm_stats_schedule_exit_cnt(s)}
    bf_exit = None
    if pyslurm_stats_bf_exit_cnt(s):
        bf_exit = {name: pyslurm_stats_bf_exit(s, i)
                   for i, name in enumerate(BACKFILL_EXITS)
                   if i < pyslurm_stats_bf_exit_cnt(s)}

    return Statistics(
        request_time=timestamp(s.req_time),
        data_since=timestamp(s.req_time_start),
        server_thread_count=s.server_thread_count,
        agent_queue_size=s.agent_queue_size,
        agent_count=s.agent_count,
        agent_thread_count=s.agent_thread_count,
        dbd_agent_queue_size=s.dbd_agent_queue_size,
        jobs_submitted=s.jobs_submitted,
        jobs_started=s.jobs_started,
        jobs_completed=s.jobs_completed,
        jobs_canceled=s.jobs_canceled,
        jobs_failed=s.jobs_failed,
        jobs_pending=s.jobs_pending,
        jobs_running=s.jobs_running,
        job_states_time=timestamp(s.job_states_ts),
        schedule_cycle_last_us=s.schedule_cycle_last,
        schedule_cycle_max_us=s.schedule_cycle_max,
        schedule_cycle_sum_us=sched_sum,
        schedule_cycle_counter=sched_n,
        schedule_cycle_mean_us=sched_sum // sched_n if sched_n else 0,
        schedule_cycle_mean_depth=s.schedule_cycle_depth // sched_n if sched_n else 0,
        schedule_cycles_per_minute=sched_n // minutes if minutes else 0,
        schedule_queue_length=s.schedule_queue_len,
        schedule_exit=sched_exit,
        bf_active=bool(s.bf_active),
        bf_backfilled_jobs=s.bf_backfilled_jobs,
        bf_last_backfilled_jobs=s.bf_last_backfilled_jobs,
        bf_backfilled_het_jobs=s.bf_backfilled_het_jobs,
        bf_cycle_counter=bf_n,
        bf_cycle_last_us=s.bf_cycle_last,
        bf_cycle_max_us=s.bf_cycle_max,
        bf_cycle_sum_us=s.bf_cycle_sum,
        bf_cycle_mean_us=s.bf_cycle_sum // bf_n if bf_n else 0,
        bf_last_depth=s.bf_last_depth,
        bf_last_depth_try=s.bf_last_depth_try,
        bf_depth_mean=s.bf_depth_sum // bf_n if bf_n else 0,
        bf_depth_try_mean=s.bf_depth_try_sum // bf_n if bf_n else 0,
        bf_queue_length=s.bf_queue_len,
        bf_queue_length_mean=s.bf_queue_len_sum // bf_n if bf_n else 0,
        bf_table_size=s.bf_table_size,
        bf_table_size_mean=s.bf_table_size_sum // bf_n if bf_n else 0,
        bf_when_last_cycle=timestamp(s.bf_when_last_cycle),
        bf_exit=bf_exit,
        rpc_queue_enabled=bool(pyslurm_stats_rpc_queue_enabled(s)),
        rpc_types=types,
        rpc_users=users,
        pending_rpcs=pending,
        pending_rpc_hosts=hosts)


def statistics():
    """The controller's statistics, as ``sdiag`` shows them.

    Implements ``slurm_get_statistics``.  Any user may read them.

    Returns:
        Statistics

    Raises:
        RPCError: the controller did not answer or refused.

    Examples:
        >>> from pyslurm import slurmctld
        >>> stats = slurmctld.statistics()  # doctest: +SKIP
        >>> stats.jobs_submitted, stats.server_thread_count  # doctest: +SKIP
        (12, 3)
    """
    ensure_init()
    cdef stats_info_request_msg_t req
    cdef stats_info_response_msg_t *resp = NULL
    cdef int rc
    memset(&req, 0, sizeof(req))
    req.command_id = STAT_COMMAND_GET
    with nogil:
        rc = slurm_get_statistics(&resp, &req)
        if rc == SLURM_ERROR:
            rc = pyslurm_errno() or SLURM_ERROR
    if rc != SLURM_SUCCESS or resp == NULL:
        if resp != NULL:
            slurm_free_stats_response_msg(resp)
        check_rc(rc if rc != SLURM_SUCCESS else SLURM_ERROR, "slurm_get_statistics")
    try:
        return _statistics_from(resp)
    finally:
        slurm_free_stats_response_msg(resp)


cdef int _admin_rc(int rc) noexcept nogil:
    """The errno behind a failed admin call (they return -1 and set errno)."""
    if rc == SLURM_ERROR:
        return pyslurm_errno() or SLURM_ERROR
    return rc


def reset_statistics():
    """Zero the controller's statistics counters (``sdiag --reset``).

    Implements ``slurm_reset_statistics``.  Needs root or ``SlurmUser``.

    Raises:
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.reset_statistics()  # doctest: +SKIP
    """
    ensure_init()
    cdef stats_info_request_msg_t req
    cdef int rc
    memset(&req, 0, sizeof(req))
    req.command_id = STAT_COMMAND_RESET
    with nogil:
        rc = _admin_rc(slurm_reset_statistics(&req))
    check_rc(rc, "slurm_reset_statistics")


def reconfigure():
    """Make the controller (and every slurmd) re-read the configuration files
    (``scontrol reconfigure``).

    Implements ``slurm_reconfigure``.  Needs root or ``SlurmUser``.

    Raises:
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.reconfigure()  # doctest: +SKIP
    """
    ensure_init()
    cdef int rc
    with nogil:
        rc = _admin_rc(slurm_reconfigure())
    check_rc(rc, "slurm_reconfigure")


# -- admin setters ----------------------------------------------------------

def _log_level(level):
    if isinstance(level, bool):
        raise ValueError(f"debug level: expected one of {', '.join(LOG_LEVELS)} "
                         f"or 0-{len(LOG_LEVELS) - 1}, got {level!r}")
    if isinstance(level, int):
        if 0 <= level < len(LOG_LEVELS):
            return level
    elif isinstance(level, str) and level.strip().lower() in LOG_LEVELS:
        return LOG_LEVELS.index(level.strip().lower())
    raise ValueError(f"debug level: expected one of {', '.join(LOG_LEVELS)} "
                     f"or 0-{len(LOG_LEVELS) - 1}, got {level!r}")


def set_debug_level(level):
    """Change the controller's log level (``SlurmctldDebug``) until the next
    restart or reconfigure (``scontrol setdebug``).

    Implements ``slurm_set_debug_level``.  Needs root or ``SlurmUser``.

    Args:
        level: a name of :data:`LOG_LEVELS` (``"info"``, ``"debug2"``, ...)
            or its number (0 = ``"quiet"`` .. 9 = ``"debug5"``).

    Raises:
        ValueError: ``level`` is not a Slurm log level (before any RPC).
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.set_debug_level("debug2")  # doctest: +SKIP
        >>> slurmctld.Config.load().slurmctld_debug  # doctest: +SKIP
        'debug2'
    """
    cdef uint32_t n = _log_level(level)
    ensure_init()
    cdef int rc
    with nogil:
        rc = _admin_rc(slurm_set_debug_level(n))
    check_rc(rc, "slurm_set_debug_level")


def debug_flag_names():
    """The ``DebugFlags`` names this Slurm major knows, e.g. ``"Backfill"``."""
    return list(_flag_table(pyslurm_debug_flags))


cdef uint64_t _debug_bits(object names, str arg) except? 0:
    if isinstance(names, str):
        names = [names]
    table = {k.lower(): v for k, v in _flag_table(pyslurm_debug_flags).items()}
    cdef uint64_t bits = 0
    for name in names or ():
        if not isinstance(name, str) or name.strip().lower() not in table:
            raise ValueError(f"{arg}: unknown debug flag {name!r} "
                             f"(known: {', '.join(debug_flag_names())})")
        bits |= table[name.strip().lower()]
    return bits


def set_debug_flags(add=(), remove=()):
    """Turn controller ``DebugFlags`` on and off until the next restart or
    reconfigure (``scontrol setdebugflags +X -Y``).

    Implements ``slurm_set_debugflags``.  Needs root or ``SlurmUser``.

    Args:
        add: flag names to turn on (see :func:`debug_flag_names`; case does
            not matter).
        remove: flag names to turn off.

    Raises:
        ValueError: an unknown flag name (before any RPC).
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.set_debug_flags(add=["Backfill"])  # doctest: +SKIP
        >>> "Backfill" in slurmctld.Config.load().debug_flags  # doctest: +SKIP
        True
    """
    cdef uint64_t plus = _debug_bits(add, "add")
    cdef uint64_t minus = _debug_bits(remove, "remove")
    ensure_init()
    cdef int rc
    with nogil:
        rc = _admin_rc(slurm_set_debugflags(plus, minus))
    check_rc(rc, "slurm_set_debugflags")


def set_schedlog_level(enabled):
    """Turn the scheduler log (``SlurmSchedLogFile``) on or off until the next
    restart or reconfigure (``scontrol setschedlog``).

    Implements ``slurm_set_schedlog_level``.  Needs root or ``SlurmUser``.

    Args:
        enabled (bool): True to log, False to stop.

    Raises:
        ValueError: ``enabled`` is not a bool (before any RPC).
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.
    """
    if not isinstance(enabled, bool):
        raise ValueError(f"enabled: expected True or False, got {enabled!r}")
    ensure_init()
    cdef uint32_t level = 1 if enabled else 0
    cdef int rc
    with nogil:
        rc = _admin_rc(slurm_set_schedlog_level(level))
    check_rc(rc, "slurm_set_schedlog_level")


def set_fs_dampening_factor(factor):
    """Change ``FairShareDampeningFactor`` until the next restart or
    reconfigure (``scontrol setdebug``'s sibling ``scontrol
    update FairShareDampeningFactor=``).

    Implements ``slurm_set_fs_dampeningfactor``.  Needs root or ``SlurmUser``.

    Args:
        factor (int): 1 to 65534.

    Raises:
        ValueError: ``factor`` is out of range (before any RPC).
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.
    """
    if isinstance(factor, bool) or not isinstance(factor, int) or not 1 <= factor < NO_VAL16:
        raise ValueError(f"factor: expected an integer from 1 to {NO_VAL16 - 1}, got {factor!r}")
    ensure_init()
    cdef uint16_t f = factor
    cdef int rc
    with nogil:
        rc = _admin_rc(slurm_set_fs_dampeningfactor(f))
    check_rc(rc, "slurm_set_fs_dampeningfactor")
