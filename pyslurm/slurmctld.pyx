# cython: language_level=3
"""The Slurm controller (slurmctld): is it up, and how is it configured.

Examples:
    >>> from pyslurm import slurmctld
    >>> [p.responding for p in slurmctld.ping()]  # doctest: +SKIP
    [True]
    >>> slurmctld.Config.load().cluster_name  # doctest: +SKIP
    'pyslurm'
"""

import time
from dataclasses import dataclass, asdict
from typing import Optional

from libc.stdint cimport uint32_t, uint64_t

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u16, u32, timestamp, cstr_array
from slurm cimport slurm_ping, slurm_load_ctl_conf, MEM_PER_CPU, NO_VAL64, INFINITE64
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR
from compat cimport slurm_conf, pyslurm_errno, pyslurm_free_ctl_conf


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

    def to_dict(self):
        """Every attribute as a plain dict."""
        return {name: getattr(self, name) for name in _CONFIG_FIELDS}


_CONFIG_FIELDS = tuple(
    name for name, value in vars(Config).items()
    if not name.startswith("_") and type(value).__name__ == "getset_descriptor")
