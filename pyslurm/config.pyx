# cython: language_level=3
"""The controller's configuration (``scontrol show config``) as a Config
record: every setting a field declared once (name, C field, converter),
read from the slurm_conf_t of the message that holds it.

Examples:
    >>> from pyslurm import slurmctld
    >>> slurmctld.Config.load().cluster_name  # doctest: +SKIP
    'pyslurm'
"""

cimport cython
from libc.stdint cimport uint16_t, uint32_t, uint64_t

from pyslurm.convert cimport cstr, cstr_array
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, MessageOwner, Record, Loader, load_message,
    str_getter_t, u16_getter_t,
    u32_getter_t, f_str, f_list, f_num, f_raw, f_bool, f_bits, f_time, f_call_str, f_call_u16,
    f_call_u32,
)
from slurm cimport (
    slurm_load_ctl_conf, slurm_conf_t, MEM_PER_CPU, NO_VAL64,
    INFINITE64, job_defaults_t, JOB_DEF_CPU_PER_GPU, JOB_DEF_MEM_PER_GPU,
)
from compat cimport *

from pyslurm.flags cimport flags

from pyslurm.flags import (
    ENFORCE_PART_LIMITS, RESET_PERIODS, cpu_bind_name, cpu_freq_name,
    enforce_names, health_check_state, select_type_parameters,
)
from pyslurm.formats import LOG_LEVELS, parameters_dict, parse_parameters, split_list
from pyslurm.records import bind_fields, public_attributes


# -- the message -----------------------------------------------------------------
cdef int _load(long since, void **msg, uint32_t a, uint32_t b) noexcept nogil:
    return slurm_load_ctl_conf(since, <slurm_conf_t **> msg)


# the message is the one record
cdef MessageKind _KIND = message_kind(
    b"slurm_load_ctl_conf", _load, <free_fn_t> pyslurm_free_ctl_conf, sizeof(slurm_conf_t),
    NULL, NULL, &(<slurm_conf_t *> NULL).last_update)


# -- conversions for Config ----------------------------------------------

def _level_name(uint16_t level):
    return LOG_LEVELS[level] if level < len(LOG_LEVELS) else None


def _preempt_mode(uint16_t v):
    return cstr(slurm_preempt_mode_string(v))


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


def _memory_per(bint per_cpu):
    """DefMemPerCPU/DefMemPerNode share one field; MEM_PER_CPU marks CPU;
    0 and the sentinels read as None (as scontrol show config prints it)."""
    def read(uint64_t value):
        if value == NO_VAL64 or value == INFINITE64 or value == 0:
            return None
        if bool(value & MEM_PER_CPU) != per_cpu:
            return None
        return value & ~(<uint64_t> MEM_PER_CPU)
    return read


# -- Config ----------------------------------------------------------------------
# the doc of a Field under upstream pyslurm's name (not in to_dict())
_UP = "The same value under upstream pyslurm's name (pyslurm's name is in to_dict())."
cdef slurm_conf_t *_C = NULL       # field addresses are offsets in the record
cdef Loader _LOADER = Loader.make(&_KIND, None)


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Config(Record):
    """The controller's configuration, as ``scontrol show config`` shows it.

    Obtained with :meth:`Config.load`; values follow pyslurm's convention
    (unset: ``None``, unlimited: ``pyslurm.UNLIMITED``, times as unix
    timestamps, durations in seconds unless named otherwise, memory in MiB).
    """

    # upstream pyslurm's names of values to_dict() has under pyslurm's names
    _not_in_dict = ("accounting_gather_energy_type", "accounting_gather_filesystem_type",
                    "accounting_gather_interconnect_type", "accounting_gather_profile_type",
                    "accounting_gather_node_frequency", "accounting_storage_external_hosts",
                    "allow_spec_resource_usage", "bcast_exclude_paths", "certmgr_type",
                    "certmgr_parameters", "complete_wait_time", "cpu_frequency_governors",
                    "credential_type", "default_cpu_frequency_governor", "default_gpu_frequency",
                    "epilog_msg_time", "fair_share_dampening_factor",
                    "job_accounting_gather_type", "job_accounting_gather_frequency",
                    "job_accounting_gather_parameters", "job_completion_host",
                    "job_completion_location", "job_completion_parameters", "job_completion_port",
                    "job_completion_type", "job_completion_user", "kill_wait_time",
                    "max_dbd_msgs", "namespace_plugin", "plugin_dirs", "plugin_stack_config",
                    "priority_site_factor_parameters", "priority_site_factor_plugin",
                    "priority_weight_fair_share", "scheduler_logging_enabled", "slurm_conf_path",
                    "slurmctld_boot_time", "slurmctld_log_level", "slurmctld_syslog_level",
                    "slurmd_log_level", "slurmd_spool_directory", "slurmd_syslog_level",
                    "temporary_filesystem", "virtual_memory_size_factor")

    def __init__(self):
        raise TypeError("use pyslurm.slurmctld.Config.load()")

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <slurm_conf_t *> rec

    cdef object _cluster(self):
        return cstr(self.ptr.cluster_name)

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
        cdef MessageOwner owner = load_message(&_KIND, 0)
        return _LOADER.item(owner, owner.record(0))

    def __repr__(self):
        return f"pyslurm.slurmctld.Config(cluster_name={self.cluster_name!r})"

    def to_dict(self, recursive=False):
        """Every attribute as a plain dict.

        One attribute that cannot be read does not spoil the rest: its
        value is the ``repr`` of the exception instead.
        """
        out = {}
        for name in _ATTRIBUTES:
            try:
                out[name] = getattr(self, name)
            except Exception as e:  # never fail the whole dict for one field
                out[name] = f"<error: {e!r}>"
        return out

    # -- identity -------------------------------------------------------
    cluster_name = f_str(&_C.cluster_name, '``ClusterName``.')
    version = f_str(&_C.version, 'The controller\'s Slurm version, e.g. ``"22.05.8"``.')
    config_file = f_str(&_C.slurm_conf, 'Path of slurm.conf as the controller read it.')
    boot_time = f_time(&_C.boot_time, 'When slurmctld started (unix time).')
    last_update = f_time(&_C.last_update, 'When this configuration was last changed (unix time).')

    @property
    def control_hosts(self):
        """``SlurmctldHost`` names: primary first, then backups."""
        return cstr_array(self.ptr.control_machine, self.ptr.control_cnt)

    @property
    def control_addresses(self):
        """Addresses of the controllers, in the order of :attr:`control_hosts`."""
        return cstr_array(self.ptr.control_addr, self.ptr.control_cnt)

    slurmctld_port = f_num(&_C.slurmctld_port,
                           '``SlurmctldPort`` (the first, when a range is configured).')
    slurmctld_port_count = f_num(&_C.slurmctld_port_count,
                                 'How many ports ``SlurmctldPort`` spans.')
    slurmd_port = f_num(&_C.slurmd_port, '``SlurmdPort``.')
    slurm_user_name = f_str(&_C.slurm_user_name, '``SlurmUser``.')
    slurm_user_id = f_raw(&_C.slurm_user_id, 'Numeric uid of ``SlurmUser``.')
    slurmd_user_name = f_str(&_C.slurmd_user_name, '``SlurmdUser``.')

    # -- plugins --------------------------------------------------------
    auth_type = f_str(&_C.authtype, '``AuthType``, e.g. ``"auth/munge"``.')
    select_type = f_str(&_C.select_type, '``SelectType``, e.g. ``"select/cons_tres"``.')
    scheduler_type = f_str(&_C.schedtype, '``SchedulerType``.')
    priority_type = f_str(&_C.priority_type, '``PriorityType``.')
    proctrack_type = f_str(&_C.proctrack_type, '``ProctrackType``.')
    task_plugin = f_str(&_C.task_plugin, '``TaskPlugin``.')
    switch_type = f_str(&_C.switch_type, '``SwitchType``.')
    mpi_default = f_str(&_C.mpi_default, '``MpiDefault``.')
    job_acct_gather_type = f_str(&_C.job_acct_gather_type, '``JobAcctGatherType``.')
    accounting_storage_type = f_str(&_C.accounting_storage_type, '``AccountingStorageType``.')
    gres_types = f_list(&_C.gres_plugins, '``GresTypes`` as a list.')
    plugin_dir = f_str(&_C.plugindir, '``PluginDir``.')

    # -- files and directories -------------------------------------------
    state_save_location = f_str(&_C.state_save_location, '``StateSaveLocation``.')
    slurmd_spool_dir = f_str(&_C.slurmd_spooldir, '``SlurmdSpoolDir``.')
    slurmctld_log_file = f_str(&_C.slurmctld_logfile, '``SlurmctldLogFile``.')
    slurmctld_pid_file = f_str(&_C.slurmctld_pidfile, '``SlurmctldPidFile``.')

    # -- limits and timers -----------------------------------------------
    default_memory_per_cpu = f_raw(&_C.def_mem_per_cpu,
                                   '``DefMemPerCPU`` in MiB (None when memory is per node or '
                                   'unset).',
                                   _memory_per(True))
    default_memory_per_node = f_raw(&_C.def_mem_per_cpu,
                                    '``DefMemPerNode`` in MiB (None when memory is per CPU or '
                                    'unset).',
                                    _memory_per(False))
    max_memory_per_cpu = f_raw(&_C.max_mem_per_cpu,
                               '``MaxMemPerCPU`` in MiB (None when per node or unset).',
                               _memory_per(True))
    max_memory_per_node = f_raw(&_C.max_mem_per_cpu,
                                '``MaxMemPerNode`` in MiB (None when per CPU or unset).',
                                _memory_per(False))
    max_job_count = f_num(&_C.max_job_cnt, '``MaxJobCount``.')
    max_array_size = f_num(&_C.max_array_sz, '``MaxArraySize``.')
    max_step_count = f_num(&_C.max_step_cnt, '``MaxStepCount``.')
    max_tasks_per_node = f_num(&_C.max_tasks_per_node, '``MaxTasksPerNode``.')
    first_job_id = f_num(&_C.first_job_id, '``FirstJobId``.')
    max_job_id = f_num(&_C.max_job_id, '``MaxJobId``.')
    next_job_id = f_num(&_C.next_job_id, 'The id the next submitted job will get.')
    min_job_age = f_num(&_C.min_job_age,
                        '``MinJobAge``: seconds a finished job stays in the controller.')
    message_timeout = f_num(&_C.msg_timeout, '``MessageTimeout`` in seconds.')
    slurmctld_timeout = f_num(&_C.slurmctld_timeout, '``SlurmctldTimeout`` in seconds.')
    slurmd_timeout = f_num(&_C.slurmd_timeout, '``SlurmdTimeout`` in seconds.')
    inactive_limit = f_num(&_C.inactive_limit, '``InactiveLimit`` in seconds.')
    kill_wait = f_num(&_C.kill_wait, '``KillWait`` in seconds.')
    wait_time = f_num(&_C.wait_time, '``WaitTime`` in seconds.')
    return_to_service = f_num(&_C.ret2service, '``ReturnToService`` (0, 1 or 2).')
    tree_width = f_num(&_C.tree_width, '``TreeWidth``.')
    licenses = f_str(&_C.licenses, '``Licenses`` as configured (string).')

    # -- accounting -----------------------------------------------
    accounting_storage_tres = f_list(&_C.accounting_storage_tres,
                                     '``AccountingStorageTRES`` as a list (``["cpu", "mem", '
                                     '...]``).')
    accounting_storage_enforce = f_raw(&_C.accounting_storage_enforce,
                                       '``AccountingStorageEnforce`` as a list of names (``[]`` '
                                       'for none).',
                                       enforce_names)
    accounting_storage_backup_host = f_str(&_C.accounting_storage_backup_host,
                                           '``AccountingStorageBackupHost``.')
    accounting_storage_external_host = f_str(&_C.accounting_storage_ext_host,
                                             '``AccountingStorageExternalHost``.')
    accounting_storage_host = f_str(&_C.accounting_storage_host, '``AccountingStorageHost``.')
    accounting_storage_parameters = f_str(&_C.accounting_storage_params,
                                          '``AccountingStorageParameters`` as configured.')
    accounting_storage_password = f_str(&_C.accounting_storage_pass,
                                        '``AccountingStoragePass`` (usually not sent by the '
                                        'controller).')
    accounting_storage_port = f_num(&_C.accounting_storage_port, '``AccountingStoragePort``.')
    accounting_storage_user = f_call_str(<str_getter_t> pyslurm_conf_accounting_storage_user,
                                         '``AccountingStorageUser`` (None in 26.05, which has no '
                                         'such setting).')
    accounting_store_flags = f_raw(&_C.conf_flags,
                                   '``AccountingStoreFlags`` as a list, e.g. ``["job_comment"]``.',
                                   flags(pyslurm_store_flags))

    @property
    def acct_gather_config(self):
        """acct_gather.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.acct_gather_conf)

    acct_gather_energy_type = f_str(&_C.acct_gather_energy_type, '``AcctGatherEnergyType``.')
    acct_gather_filesystem_type = f_str(&_C.acct_gather_filesystem_type,
                                        '``AcctGatherFilesystemType``.')
    acct_gather_interconnect_type = f_str(&_C.acct_gather_interconnect_type,
                                          '``AcctGatherInterconnectType``.')
    acct_gather_node_frequency = f_num(&_C.acct_gather_node_freq,
                                       '``AcctGatherNodeFreq`` in seconds.')
    acct_gather_profile_type = f_str(&_C.acct_gather_profile_type, '``AcctGatherProfileType``.')
    allow_spec_resources_usage = f_bits(&_C.conf_flags,
                                        PYSLURM_CONF_FLAG_ASRU, '``AllowSpecResourcesUsage``.')

    # -- auth and credentials -------------------------------------
    auth_alt_types = f_list(&_C.authalttypes, '``AuthAltTypes`` as a list.')
    auth_alt_parameters = f_str(&_C.authalt_params, '``AuthAltParameters``.')
    auth_info = f_str(&_C.authinfo, '``AuthInfo``.')
    cert_generation_parameters = f_call_str(<str_getter_t> pyslurm_conf_certgen_params,
                                            '``CertgenParameters`` (26.05+, else None).')
    cert_generation_type = f_call_str(<str_getter_t> pyslurm_conf_certgen_type,
                                      '``CertgenType`` (26.05+, else None).')
    cert_manager_parameters = f_call_str(<str_getter_t> pyslurm_conf_certmgr_params,
                                         '``CertmgrParameters`` (24.11+, else None).')
    cert_manager_type = f_call_str(<str_getter_t> pyslurm_conf_certmgr_type,
                                   '``CertmgrType`` (24.11+, else None).')
    cred_type = f_str(&_C.cred_type, '``CredType``.')
    job_credential_private_key = f_call_str(<str_getter_t> pyslurm_conf_job_credential_private_key,
                                            '``JobCredentialPrivateKey`` (22.05 only, else None).')
    job_credential_public_certificate = f_call_str(
            <str_getter_t> pyslurm_conf_job_credential_public_certificate,
            '``JobCredentialPublicCertificate`` (22.05 only, else None).')
    tls_parameters = f_call_str(<str_getter_t> pyslurm_conf_tls_params,
                                '``TLSParameters`` (24.11+, else None).')
    tls_type = f_call_str(<str_getter_t> pyslurm_conf_tls_type, '``TLSType`` (24.11+, else None).')
    hash_plugin = f_call_str(<str_getter_t> pyslurm_conf_hash_plugin,
                             '``HashPlugin`` (24.11+, else None).')
    hash_value = f_num(&_C.hash_val,
                       "Hash of the controller's slurm.conf (scontrol compares it: ``HASH_VAL``).")

    # -- plugins --------------------------------------------------
    burst_buffer_type = f_str(&_C.bb_type, '``BurstBufferType``.')
    cli_filter_plugins = f_list(&_C.cli_filter_plugins, '``CliFilterPlugins`` as a list.')
    cli_filter_parameters = f_call_str(<str_getter_t> pyslurm_conf_cli_filter_params,
                                       '``CliFilterParameters`` (26.05+, else None).')
    core_spec_plugin = f_call_str(<str_getter_t> pyslurm_conf_core_spec_plugin,
                                  '``CoreSpecPlugin`` (22.05 only, else None).')
    ext_sensors_type = f_call_str(<str_getter_t> pyslurm_conf_ext_sensors_type,
                                  '``ExtSensorsType`` (22.05 only, else None).')
    ext_sensors_frequency = f_call_u16(<u16_getter_t> pyslurm_conf_ext_sensors_freq,
                                       '``ExtSensorsFreq`` in seconds (22.05 only, else None).')
    http_parser_type = f_call_str(<str_getter_t> pyslurm_conf_http_parser_type,
                                  '``HttpParserType`` (26.05+, else None).')
    job_comp_host = f_str(&_C.job_comp_host, '``JobCompHost``.')
    job_comp_location = f_str(&_C.job_comp_loc, '``JobCompLoc``.')
    job_comp_parameters = f_str(&_C.job_comp_params, '``JobCompParams``.')
    job_comp_password = f_str(&_C.job_comp_pass,
                              '``JobCompPass`` (usually not sent by the controller).')
    job_comp_password_script = f_call_str(<str_getter_t> pyslurm_conf_job_comp_pass_script,
                                          '``JobCompPassScript`` (26.05+, else None).')
    job_comp_port = f_num(&_C.job_comp_port, '``JobCompPort``.')
    job_comp_type = f_str(&_C.job_comp_type, '``JobCompType``.')
    job_comp_user = f_str(&_C.job_comp_user, '``JobCompUser``.')
    job_container_type = f_call_str(<str_getter_t> pyslurm_conf_job_container_plugin,
                                    '``JobContainerType`` (22.05 and 24.11; 26.05 has '
                                    ':attr:`namespace_type`).')
    namespace_type = f_call_str(<str_getter_t> pyslurm_conf_namespace_plugin,
                                '``NamespaceType`` (26.05+, else None).')
    job_submit_plugins = f_list(&_C.job_submit_plugins, '``JobSubmitPlugins`` as a list.')
    launch_type = f_call_str(<str_getter_t> pyslurm_conf_launch_type,
                             '``LaunchType`` (22.05 only, else None).')
    mcs_plugin = f_str(&_C.mcs_plugin, '``MCSPlugin``.')
    mcs_parameters = f_str(&_C.mcs_plugin_params, '``MCSParameters``.')
    metrics_auth = f_call_u16(<u16_getter_t> pyslurm_conf_metrics_auth,
                              'Metrics authentication mode, as a number (26.05+, else None).')
    metrics_auth_users = f_call_str(<str_getter_t> pyslurm_conf_metrics_auth_users,
                                    'Users allowed to read metrics (26.05+, else None).')
    metrics_parameters = f_call_str(<str_getter_t> pyslurm_conf_metrics_params,
                                    '``MetricsParameters`` (26.05+, else None).')
    metrics_type = f_call_str(<str_getter_t> pyslurm_conf_metrics_type,
                              '``MetricsType`` (26.05+, else None).')

    @property
    def mpi_config(self):
        """mpi.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.mpi_conf)

    mpi_parameters = f_str(&_C.mpi_params, '``MpiParams``.')

    @property
    def node_features_config(self):
        """Node features plugin settings (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.node_features_conf)

    node_features_plugins = f_list(&_C.node_features_plugins, '``NodeFeaturesPlugins`` as a list.')
    plugstack_config = f_str(&_C.plugstack, '``PlugStackConfig``.')
    power_parameters = f_call_str(<str_getter_t> pyslurm_conf_power_parameters,
                                  '``PowerParameters`` (22.05 only, else None).')
    power_plugin = f_call_str(<str_getter_t> pyslurm_conf_power_plugin,
                              '``PowerPlugin`` (22.05 only, else None).')
    preempt_mode = f_raw(&_C.preempt_mode,
                         '``PreemptMode``, e.g. ``"OFF"`` or ``"SUSPEND,GANG"``.',
                         _preempt_mode)
    preempt_parameters = f_call_str(<str_getter_t> pyslurm_conf_preempt_params,
                                    '``PreemptParameters`` (24.11+, else None).')
    preempt_type = f_str(&_C.preempt_type, '``PreemptType``.')
    preempt_exempt_time = f_num(&_C.preempt_exempt_time, '``PreemptExemptTime`` in seconds.')
    prep_parameters = f_str(&_C.prep_params, '``PrEpParameters``.')
    prep_plugins = f_list(&_C.prep_plugins, '``PrEpPlugins`` as a list.')
    route_plugin = f_call_str(<str_getter_t> pyslurm_conf_route_plugin,
                              '``RoutePlugin`` (22.05 only, else None).')
    select_type_parameters = f_raw(&_C.select_type_param,
                                   '``SelectTypeParameters`` as a list, e.g. '
                                   '``["CR_CORE_MEMORY"]``.',
                                   select_type_parameters)

    @property
    def select_type_config(self):
        """Select plugin settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.select_conf_key_pairs)

    site_factor_plugin = f_str(&_C.site_factor_plugin, '``PrioritySiteFactorPlugin``.')
    site_factor_parameters = f_str(&_C.site_factor_params, '``PrioritySiteFactorParameters``.')
    slurmctld_plugstack = f_call_str(<str_getter_t> pyslurm_conf_slurmctld_plugstack,
                                     '``SlurmctldPlugstack`` (22.05 only, else None).')
    switch_parameters = f_str(&_C.switch_param, '``SwitchParameters``.')
    task_plugin_parameters = f_raw(&_C.task_plugin_param,
                                   '``TaskPluginParam`` as scontrol prints it (None when unset).',
                                   cpu_bind_name)
    topology_parameters = f_str(&_C.topology_param, '``TopologyParam``.')
    topology_plugin = f_str(&_C.topology_plugin, '``TopologyPlugin``.')
    url_parser_type = f_call_str(<str_getter_t> pyslurm_conf_url_parser_type,
                                 '``UrlParserType`` (26.05+, else None).')

    @property
    def cgroup_config(self):
        """cgroup.conf settings as the controller reports them (dict)."""
        cdef slurm_conf_t *c = self.ptr
        return _key_pairs(<void *>c.cgroup_conf)

    data_parser_parameters = f_call_str(<str_getter_t> pyslurm_conf_data_parser_parameters,
                                        '``DataParserParameters`` (24.11+, else None).')

    # -- scheduling and priority ----------------------------------
    scheduler_parameters = f_str(&_C.sched_params,
                                 '``SchedulerParameters`` as configured (see '
                                 ':attr:`scheduler_parameters_dict`).')
    scheduler_parameters_dict = f_str(&_C.sched_params,
                                      '``SchedulerParameters`` parsed: ``{"bf_interval": "30", '
                                      '"pack_serial_at_end": True}``.',
                                      parse_parameters,
                                      dict)
    scheduler_time_slice = f_num(&_C.sched_time_slice, '``SchedulerTimeSlice`` in seconds.')
    scheduler_log_file = f_str(&_C.sched_logfile, '``SlurmSchedLogFile``.')
    scheduler_log_level = f_num(&_C.sched_log_level, '``SlurmSchedLogLevel`` (0: off, 1: on).')
    scron_parameters = f_str(&_C.scron_params, '``ScronParameters``.')
    dependency_parameters = f_str(&_C.dependency_params, '``DependencyParameters`` as configured.')
    dependency_parameters_dict = f_str(&_C.dependency_params,
                                       '``DependencyParameters`` parsed into a dict.',
                                       parse_parameters,
                                       dict)
    enforce_partition_limits = f_raw(&_C.enforce_part_limits,
                                     '``EnforcePartLimits``: ``"NO"``, ``"ALL"`` or ``"ANY"``.',
                                     ENFORCE_PART_LIMITS.get)
    fairshare_dampening_factor = f_num(&_C.fs_dampening_factor, '``FairShareDampeningFactor``.')
    max_batch_requeue = f_call_u32(<u32_getter_t> pyslurm_conf_max_batch_requeue,
                                   '``MaxBatchRequeue`` (24.11+, else None).')
    over_time_limit = f_num(&_C.over_time_limit,
                            '``OverTimeLimit`` in minutes (``UNLIMITED`` possible).')
    priority_calc_period = f_num(&_C.priority_calc_period, '``PriorityCalcPeriod`` in seconds.')
    priority_decay_half_life = f_num(&_C.priority_decay_hl, '``PriorityDecayHalfLife`` in seconds.')
    priority_favor_small = f_bool(&_C.priority_favor_small, '``PriorityFavorSmall``.')
    priority_flags = f_raw(&_C.priority_flags,
                           '``PriorityFlags`` as a list.',
                           flags(pyslurm_priority_flags))
    priority_max_age = f_num(&_C.priority_max_age, '``PriorityMaxAge`` in seconds.')
    priority_parameters = f_str(&_C.priority_params, '``PriorityParameters`` as configured.')
    priority_parameters_dict = f_str(&_C.priority_params,
                                     '``PriorityParameters`` parsed into a dict.',
                                     parse_parameters,
                                     dict)
    priority_usage_reset_period = f_raw(&_C.priority_reset_period,
                                        '``PriorityUsageResetPeriod``: ``"NONE"``, ``"NOW"``, '
                                        '``"DAILY"``, ...',
                                        RESET_PERIODS.get)
    priority_weight_age = f_num(&_C.priority_weight_age, '``PriorityWeightAge``.')
    priority_weight_assoc = f_num(&_C.priority_weight_assoc, '``PriorityWeightAssoc``.')
    priority_weight_fairshare = f_num(&_C.priority_weight_fs, '``PriorityWeightFairshare``.')
    priority_weight_job_size = f_num(&_C.priority_weight_js, '``PriorityWeightJobSize``.')
    priority_weight_partition = f_num(&_C.priority_weight_part, '``PriorityWeightPartition``.')
    priority_weight_qos = f_num(&_C.priority_weight_qos, '``PriorityWeightQOS``.')
    priority_weight_tres = f_str(&_C.priority_weight_tres, '``PriorityWeightTRES`` as configured.')

    # -- jobs -----------------------------------------------------
    batch_start_timeout = f_num(&_C.batch_start_timeout, '``BatchStartTimeout`` in seconds.')
    complete_wait = f_num(&_C.complete_wait, '``CompleteWait`` in seconds.')
    disable_root_jobs = f_bits(&_C.conf_flags, PYSLURM_CONF_FLAG_DRJ, '``DisableRootJobs``.')

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

    epilog_msg_time_us = f_num(&_C.epilog_msg_time, '``EpilogMsgTime`` in microseconds.')
    epilog_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_epilog_timeout,
                                '``EpilogTimeout`` in seconds (26.05+, else None).')
    get_env_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_get_env_timeout,
                                 '``GetEnvTimeout`` in seconds (22.05 and 24.11, else None).')
    gpu_freq_default = f_str(&_C.gpu_freq_def, '``GpuFreqDef``.')
    cpu_freq_default = f_raw(&_C.cpu_freq_def,
                             '``CpuFreqDef``: a name (``"Low"``, ``"Performance"``, ...) or kHz; '
                             'None when unset.',
                             cpu_freq_name)
    cpu_freq_governors = f_raw(&_C.cpu_freq_govs,
                               '``CpuFreqGovernors`` as a list.',
                               flags(pyslurm_cpu_freq_govs))
    interactive_step_options = f_str(&_C.interactive_step_opts, '``InteractiveStepOptions``.')
    job_acct_gather_frequency = f_str(&_C.job_acct_gather_freq,
                                      '``JobAcctGatherFrequency`` as configured, e.g. '
                                      '``"task=30"``.')
    job_acct_gather_parameters = f_str(&_C.job_acct_gather_params, '``JobAcctGatherParams``.')
    job_acct_oom_kill = f_bool(&_C.job_acct_oom_kill,
                               'Whether ``JobAcctGatherParams`` has ``OverMemoryKill``.')

    @property
    def job_defaults(self):
        """``JobDefaults`` as a dict, e.g. ``{"DefCpuPerGPU": 4}``."""
        cdef slurm_conf_t *c = self.ptr
        return _job_defaults(<void *>c.job_defaults_list)

    job_file_append = f_bool(&_C.job_file_append, '``JobFileAppend``.')
    job_requeue = f_bool(&_C.job_requeue, '``JobRequeue``.')
    kill_on_bad_exit = f_bool(&_C.kill_on_bad_exit, '``KillOnBadExit``.')
    launch_parameters = f_str(&_C.launch_params, '``LaunchParameters`` as configured.')
    launch_parameters_dict = f_str(&_C.launch_params,
                                   '``LaunchParameters`` parsed into a dict.',
                                   parse_parameters,
                                   dict)
    mail_domain = f_str(&_C.mail_domain, '``MailDomain``.')
    mail_program = f_str(&_C.mail_prog, '``MailProg``.')
    max_dbd_messages = f_num(&_C.max_dbd_msgs, '``MaxDBDMsgs``.')
    max_node_count = f_num(&_C.max_node_cnt, '``MaxNodeCount``.')

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

    prolog_epilog_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_prolog_epilog_timeout,
                                       '``PrologEpilogTimeout`` in seconds (22.05 and 24.11, else '
                                       'None).')
    prolog_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_prolog_timeout,
                                '``PrologTimeout`` in seconds (26.05+, else None).')
    prolog_flags = f_raw(&_C.prolog_flags,
                         '``PrologFlags`` as a list.',
                         flags(pyslurm_prolog_flags))
    propagate_prio_process = f_num(&_C.propagate_prio_process,
                                   '``PropagatePrioProcess`` (0, 1 or 2).')
    propagate_resource_limits = f_list(&_C.propagate_rlimits,
                                       '``PropagateResourceLimits`` as a list.')
    propagate_resource_limits_except = f_list(&_C.propagate_rlimits_except,
                                              '``PropagateResourceLimitsExcept`` as a list.')
    requeue_exit = f_str(&_C.requeue_exit, '``RequeueExit`` (exit codes, as configured).')
    requeue_exit_hold = f_str(&_C.requeue_exit_hold,
                              '``RequeueExitHold`` (exit codes, as configured).')
    reservation_epilog = f_str(&_C.resv_epilog, '``ResvEpilog``.')
    reservation_over_run = f_num(&_C.resv_over_run,
                                 '``ResvOverRun`` in minutes (``UNLIMITED`` possible).')
    reservation_prolog = f_str(&_C.resv_prolog, '``ResvProlog``.')
    srun_epilog = f_str(&_C.srun_epilog, '``SrunEpilog``.')
    srun_prolog = f_str(&_C.srun_prolog, '``SrunProlog``.')

    @property
    def srun_port_range(self):
        """``SrunPortRange`` as ``(first, last)``, None when unset."""
        cdef slurm_conf_t *c = self.ptr
        return _port_range(c.srun_port_range)

    task_epilog = f_str(&_C.task_epilog, '``TaskEpilog``.')
    task_prolog = f_str(&_C.task_prolog, '``TaskProlog``.')
    track_wckey = f_bits(&_C.conf_flags, PYSLURM_CONF_FLAG_WCKEY, '``TrackWCKey``.')
    unkillable_step_program = f_str(&_C.unkillable_program, '``UnkillableStepProgram``.')
    unkillable_step_timeout = f_num(&_C.unkillable_timeout, '``UnkillableStepTimeout`` in seconds.')
    use_pam = f_bits(&_C.conf_flags, PYSLURM_CONF_FLAG_PAM, '``UsePAM``.')
    vsize_factor_percent = f_num(&_C.vsize_factor,
                                 '``VSizeFactor`` in percent (0: no virtual memory limit).')
    x11_parameters = f_str(&_C.x11_params, '``X11Parameters``.')
    bcast_exclude = f_list(&_C.bcast_exclude, '``BcastExclude`` as a list of paths.')
    bcast_parameters = f_str(&_C.bcast_parameters, '``BcastParameters``.')
    tmp_fs = f_str(&_C.tmp_fs, '``TmpFS``.')

    # -- nodes and power saving -----------------------------------
    health_check_interval = f_num(&_C.health_check_interval, '``HealthCheckInterval`` in seconds.')
    health_check_node_state = f_raw(&_C.health_check_node_state,
                                    '``HealthCheckNodeState`` as a list, e.g. ``["ANY"]``.',
                                    health_check_state)
    health_check_program = f_str(&_C.health_check_program, '``HealthCheckProgram``.')
    health_check_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_health_check_timeout,
                                      '``HealthCheckTimeout`` in seconds (26.05+, else None).')
    node_prefix = f_call_str(<str_getter_t> pyslurm_conf_node_prefix,
                             'Node name prefix (22.05 and 24.11, else None).')
    reboot_program = f_str(&_C.reboot_program, '``RebootProgram``.')
    resume_fail_program = f_str(&_C.resume_fail_program, '``ResumeFailProgram``.')
    resume_program = f_str(&_C.resume_program, '``ResumeProgram``.')
    resume_rate = f_num(&_C.resume_rate, '``ResumeRate`` in nodes per minute.')
    resume_timeout = f_num(&_C.resume_timeout, '``ResumeTimeout`` in seconds.')
    suspend_exclude_nodes = f_str(&_C.suspend_exc_nodes, '``SuspendExcNodes`` as configured.')
    suspend_exclude_partitions = f_list(&_C.suspend_exc_parts, '``SuspendExcParts`` as a list.')
    suspend_exclude_states = f_call_str(<str_getter_t> pyslurm_conf_suspend_exc_states,
                                        '``SuspendExcStates`` as a list (24.11+; ``[]`` before).',
                                        split_list,
                                        list)
    suspend_program = f_str(&_C.suspend_program, '``SuspendProgram``.')
    suspend_rate = f_num(&_C.suspend_rate, '``SuspendRate`` in nodes per minute.')
    suspend_time = f_num(&_C.suspend_time,
                         '``SuspendTime`` in seconds (``UNLIMITED``: power saving off).')
    suspend_timeout = f_num(&_C.suspend_timeout, '``SuspendTimeout`` in seconds.')

    # -- controller and daemons -----------------------------------
    cluster_id = f_call_u16(<u16_getter_t> pyslurm_conf_cluster_id,
                            "The cluster's id (24.11+, else None).")
    communication_parameters = f_str(&_C.comm_params, '``CommunicationParameters`` as configured.')
    communication_parameters_dict = f_str(&_C.comm_params,
                                          '``CommunicationParameters`` parsed into a dict.',
                                          parse_parameters,
                                          dict)
    debug_flags = f_raw(&_C.debug_flags,
                        '``DebugFlags`` as a list, e.g. ``["Backfill", "Gres"]``.',
                        flags(pyslurm_debug_flags))
    eio_timeout = f_num(&_C.eio_timeout, '``EioTimeout`` in seconds.')
    federation_parameters = f_str(&_C.fed_params, '``FederationParameters``.')
    getnameinfo_cache_timeout = f_call_u16(<u16_getter_t> pyslurm_conf_getnameinfo_cache_timeout,
                                           '``CommunicationParameters`` '
                                           'getnameinfo_cache_timeout, seconds (24.11+).')
    group_update_force = f_bool(&_C.group_force, '``GroupUpdateForce``.')
    group_update_time = f_num(&_C.group_time, '``GroupUpdateTime`` in seconds.')
    host_unreach_retry_count = f_call_u32(<u32_getter_t> pyslurm_conf_host_unreach_retry_count,
                                          '``HostUnreachRetryCount`` (26.05+, else None).')
    ipv4_enabled = f_bits(&_C.conf_flags,
                          PYSLURM_CONF_FLAG_IPV4, 'Whether Slurm communicates over IPv4.')
    ipv6_enabled = f_bits(&_C.conf_flags,
                          PYSLURM_CONF_FLAG_IPV6, 'Whether Slurm communicates over IPv6.')
    keepalive_interval = f_num(&_C.keepalive_interval,
                               'TCP keepalive interval in seconds (None: system default).')
    keepalive_probes = f_num(&_C.keepalive_probes, 'TCP keepalive probes (None: system default).')
    keepalive_time = f_num(&_C.keepalive_time,
                           '``keepalivetime`` of ``CommunicationParameters`` in seconds (None: '
                           'system default).')
    license_parameters = f_call_str(<str_getter_t> pyslurm_conf_license_params,
                                    '``LicenseParameters`` (26.05+, else None).')
    log_time_format = f_raw(&_C.log_fmt,
                            '``LogTimeFormat``, e.g. ``"iso8601_ms"``.',
                            flags(pyslurm_log_fmts, True))
    slurmctld_address = f_str(&_C.slurmctld_addr, '``SlurmctldAddr``.')
    slurmctld_debug = f_raw(&_C.slurmctld_debug,
                            '``SlurmctldDebug``: ``"info"``, ``"debug2"``, ...',
                            _level_name)
    slurmctld_http_auth_parameters = f_call_str(
            <str_getter_t> pyslurm_conf_slurmctld_http_auth_params,
            'slurmctld HTTP authentication parameters (26.05+, else None).')
    slurmctld_parameters = f_str(&_C.slurmctld_params, '``SlurmctldParameters`` as configured.')
    slurmctld_parameters_dict = f_str(&_C.slurmctld_params,
                                      '``SlurmctldParameters`` parsed into a dict.',
                                      parse_parameters,
                                      dict)
    slurmctld_primary_off_program = f_str(&_C.slurmctld_primary_off_prog,
                                          '``SlurmctldPrimaryOffProg``.')
    slurmctld_primary_on_program = f_str(&_C.slurmctld_primary_on_prog,
                                         '``SlurmctldPrimaryOnProg``.')
    slurmctld_syslog_debug = f_raw(&_C.slurmctld_syslog_debug,
                                   '``SlurmctldSyslogDebug`` (None when unset).',
                                   _level_name)
    slurmd_debug = f_raw(&_C.slurmd_debug, '``SlurmdDebug``.', _level_name)
    slurmd_http_auth_parameters = f_call_str(<str_getter_t> pyslurm_conf_slurmd_http_auth_params,
                                             'slurmd HTTP authentication parameters (26.05+, else '
                                             'None).')
    slurmd_log_file = f_str(&_C.slurmd_logfile, '``SlurmdLogFile``.')
    slurmd_parameters = f_str(&_C.slurmd_params, '``SlurmdParameters`` as configured.')
    slurmd_parameters_dict = f_str(&_C.slurmd_params,
                                   '``SlurmdParameters`` parsed into a dict.',
                                   parse_parameters,
                                   dict)
    slurmd_pid_file = f_str(&_C.slurmd_pidfile, '``SlurmdPidFile``.')
    slurmd_syslog_debug = f_raw(&_C.slurmd_syslog_debug,
                                '``SlurmdSyslogDebug`` (None when unset).',
                                _level_name)
    slurmd_user_id = f_raw(&_C.slurmd_user_id, 'Numeric uid of ``SlurmdUser``.')
    reconfig_flags = f_raw(&_C.reconfig_flags,
                           '``ReconfigFlags`` as a list.',
                           flags(pyslurm_reconfig_flags))
    private_data = f_raw(&_C.private_data,
                         '``PrivateData`` as a list, e.g. ``["jobs", "nodes"]``.',
                         flags(pyslurm_private_data))
    tcp_timeout = f_num(&_C.tcp_timeout, '``TCPTimeout`` in seconds.')

    # -- upstream pyslurm's names of the values above (not in to_dict()) ----
    accounting_gather_energy_type = f_str(&_C.acct_gather_energy_type, _UP)
    accounting_gather_filesystem_type = f_str(&_C.acct_gather_filesystem_type, _UP)
    accounting_gather_interconnect_type = f_str(&_C.acct_gather_interconnect_type, _UP)
    accounting_gather_profile_type = f_str(&_C.acct_gather_profile_type, _UP)
    accounting_gather_node_frequency = f_num(&_C.acct_gather_node_freq, _UP)
    accounting_storage_external_hosts = f_list(&_C.accounting_storage_ext_host,
                                               '``AccountingStorageExternalHost`` as a list.')
    allow_spec_resource_usage = f_bits(&_C.conf_flags, PYSLURM_CONF_FLAG_ASRU, _UP)
    bcast_exclude_paths = f_list(&_C.bcast_exclude, _UP)
    certmgr_type = f_call_str(<str_getter_t> pyslurm_conf_certmgr_type, _UP)
    certmgr_parameters = f_call_str(<str_getter_t> pyslurm_conf_certmgr_params,
                                    '``CertmgrParameters`` as a list.', split_list, list)
    complete_wait_time = f_num(&_C.complete_wait, _UP)
    cpu_frequency_governors = f_raw(&_C.cpu_freq_govs, _UP, flags(pyslurm_cpu_freq_govs))
    credential_type = f_str(&_C.cred_type, _UP)
    default_cpu_frequency_governor = f_raw(&_C.cpu_freq_def, _UP, cpu_freq_name)
    default_gpu_frequency = f_str(&_C.gpu_freq_def, _UP)
    epilog_msg_time = f_num(&_C.epilog_msg_time, '``EpilogMsgTime`` in microseconds.')
    fair_share_dampening_factor = f_num(&_C.fs_dampening_factor, _UP)
    job_accounting_gather_type = f_str(&_C.job_acct_gather_type, _UP)
    job_accounting_gather_frequency = f_str(&_C.job_acct_gather_freq,
                                            '``JobAcctGatherFrequency`` as a dict '
                                            '(``{"task": 30}``).', parameters_dict, dict)
    job_accounting_gather_parameters = f_list(&_C.job_acct_gather_params,
                                              '``JobAcctGatherParams`` as a list.')
    job_completion_host = f_str(&_C.job_comp_host, _UP)
    job_completion_location = f_str(&_C.job_comp_loc, _UP)
    job_completion_parameters = f_str(&_C.job_comp_params, '``JobCompParams`` as a dict.',
                                      parameters_dict, dict)
    job_completion_port = f_num(&_C.job_comp_port, _UP)
    job_completion_type = f_str(&_C.job_comp_type, _UP)
    job_completion_user = f_str(&_C.job_comp_user, _UP)
    kill_wait_time = f_num(&_C.kill_wait, _UP)
    max_dbd_msgs = f_num(&_C.max_dbd_msgs, _UP)
    namespace_plugin = f_call_str(<str_getter_t> pyslurm_conf_namespace_plugin, _UP)
    plugin_dirs = f_list(&_C.plugindir, '``PluginDir`` as a list of folders.', ":")
    plugin_stack_config = f_str(&_C.plugstack, _UP)
    priority_site_factor_parameters = f_str(&_C.site_factor_params, _UP)
    priority_site_factor_plugin = f_str(&_C.site_factor_plugin, _UP)
    priority_weight_fair_share = f_num(&_C.priority_weight_fs, _UP)
    scheduler_logging_enabled = f_bool(&_C.sched_log_level, '``SlurmSchedLogLevel`` is on.')
    slurm_conf_path = f_str(&_C.slurm_conf, _UP)
    slurmctld_boot_time = f_time(&_C.boot_time, _UP)
    slurmctld_log_level = f_raw(&_C.slurmctld_debug, _UP, _level_name)
    slurmctld_syslog_level = f_raw(&_C.slurmctld_syslog_debug, _UP, _level_name)
    slurmd_log_level = f_raw(&_C.slurmd_debug, _UP, _level_name)
    slurmd_spool_directory = f_str(&_C.slurmd_spooldir, _UP)
    slurmd_syslog_level = f_raw(&_C.slurmd_syslog_debug, _UP, _level_name)
    temporary_filesystem = f_str(&_C.tmp_fs, _UP)
    virtual_memory_size_factor = f_num(&_C.vsize_factor, _UP)

bind_fields(Config)
_LOADER.item_type = Config
_ATTRIBUTES = tuple(name for name in public_attributes(Config)
                    if name != "cluster" and name not in Config._not_in_dict)
