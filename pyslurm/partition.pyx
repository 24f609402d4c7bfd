# cython: language_level=3
"""Slurm partitions: read, create, change and delete them.

Examples:
    >>> import pyslurm
    >>> parts = pyslurm.Partitions.load()               # doctest: +SKIP
    >>> parts["debug"].node_names                       # doctest: +SKIP
    ['c1', 'c2', 'c3', 'c4']
    >>> pyslurm.Partition("debug").modify(max_time=60)  # doctest: +SKIP

Values follow pyslurm's convention: unset is ``None``, unlimited is
``pyslurm.UNLIMITED``, times are in minutes as Slurm stores them, memory
in MiB.
"""

cimport cython
from libc.stdint cimport uint16_t, uint32_t, uint64_t

from pyslurm.core cimport ensure_init, check_rc
from pyslurm.convert cimport cstr, set_cstr, free_cstr, PYSLURM_UNLIMITED
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, Loader, f_str, f_num, f_raw, f_bits, f_call_u32,
    u32_getter_t,
)
from pyslurm.editable cimport Editable, MODIFY, delete_named, delete_fn_t
from slurm cimport (
    partition_info_t, partition_info_msg_t, update_part_msg_t,
    slurm_load_partitions, slurm_free_partition_info_msg, slurm_init_part_desc_msg,
    slurm_create_partition, slurm_update_partition, slurm_delete_partition,
    SHOW_ALL, NO_VAL, NO_VAL16, NO_VAL64, INFINITE, MEM_PER_CPU,
    PARTITION_UP, PARTITION_DOWN, PARTITION_DRAIN, PARTITION_INACTIVE,
    PART_FLAG_DEFAULT, PART_FLAG_HIDDEN, PART_FLAG_NO_ROOT, PART_FLAG_ROOT_ONLY,
    PART_FLAG_REQ_RESV, PART_FLAG_LLN, PART_FLAG_EXCLUSIVE_USER,
    PART_FLAG_DEFAULT_CLR, PART_FLAG_HIDDEN_CLR, PART_FLAG_NO_ROOT_CLR,
    PART_FLAG_ROOT_ONLY_CLR, PART_FLAG_REQ_RESV_CLR, PART_FLAG_LLN_CLR,
    PART_FLAG_EXC_USER_CLR, SHARED_FORCE,
)
from slurm_errno cimport ESLURM_INVALID_PARTITION_NAME
from compat cimport (
    slurm_conf, slurm_preempt_mode_string, pyslurm_part_max_cpus_per_socket,
    pyslurm_part_power_down_on_idle,
)

from pyslurm import hostlist, values
from pyslurm.flags import cpu_bind_name
from pyslurm.formats import parse_parameters
from pyslurm.job_values import parse_minutes, parse_seconds
from pyslurm.loaded import LoadedMap, summed
from pyslurm.clusters import route
from pyslurm.records import bind_fields


# -- the message ---------------------------------------------------------------
cdef int _load(long since, void **msg, uint32_t a, uint32_t b) noexcept nogil:
    return slurm_load_partitions(since, <partition_info_msg_t **> msg, SHOW_ALL)


cdef partition_info_msg_t *_M = NULL          # field addresses are offsets
cdef MessageKind _KIND = message_kind(
    b"slurm_load_partitions", _load, <free_fn_t> slurm_free_partition_info_msg,
    sizeof(partition_info_t), &_M.partition_array, &_M.record_count, &_M.last_update,
    &(<partition_info_t *> NULL).name)


# -- names for Slurm's numbers -----------------------------------------------------
_STATES = {PARTITION_UP: "UP", PARTITION_DOWN: "DOWN",
           PARTITION_DRAIN: "DRAIN", PARTITION_INACTIVE: "INACTIVE"}
_STATE_VALUES = {v: k for k, v in _STATES.items()}

# bool attribute -> (flag, flag that clears it)
_FLAGS = {
    "is_default": (PART_FLAG_DEFAULT, PART_FLAG_DEFAULT_CLR),
    "is_hidden": (PART_FLAG_HIDDEN, PART_FLAG_HIDDEN_CLR),
    "disable_root_jobs": (PART_FLAG_NO_ROOT, PART_FLAG_NO_ROOT_CLR),
    "is_root_only": (PART_FLAG_ROOT_ONLY, PART_FLAG_ROOT_ONLY_CLR),
    "requires_reservation": (PART_FLAG_REQ_RESV, PART_FLAG_REQ_RESV_CLR),
    "least_loaded_nodes": (PART_FLAG_LLN, PART_FLAG_LLN_CLR),
    "exclusive_user": (PART_FLAG_EXCLUSIVE_USER, PART_FLAG_EXC_USER_CLR),
}

# str-list attributes settable by create/modify -> update_part_msg_t field
_LISTS = ("allowed_accounts", "denied_accounts", "allowed_groups",
          "allowed_qos", "denied_qos")
# int attributes -> width in bits
_INTS = {
    "default_time": 32, "max_time": 32, "max_nodes": 32, "min_nodes": 32,
    "max_cpus_per_node": 32, "grace_time": 32,
    "priority_tier": 16, "priority_job_factor": 16,
}
_STRS = ("qos", "alternate")
# memory limits in MiB: (field of update_part_msg_t, per CPU?)
_MEMS = {
    "default_memory_per_cpu": ("def", True), "default_memory_per_node": ("def", False),
    "max_memory_per_cpu": ("max", True), "max_memory_per_node": ("max", False),
}
_OTHER = ("oversubscribe", "billing_weights")
_CHANGEABLE = (("name", "nodes", "state") + _LISTS + tuple(_INTS) + _STRS + tuple(_FLAGS)
               + tuple(_MEMS) + _OTHER)


def _oversubscribe_value(value):
    """``NO``, ``EXCLUSIVE``, ``YES[:N]``, ``FORCE[:N]`` (as slurm.conf and
    scontrol take it; N jobs per resource, 4 when left out) -> max_share."""
    text = value.strip().upper() if isinstance(value, str) else None
    kind, _, count = (text or "").partition(":")
    if kind == "NO" and not count:
        return 1
    if kind == "EXCLUSIVE" and not count:
        return 0
    if kind in ("YES", "FORCE"):
        if not count:
            n = 4
        elif values.digits(count) and 0 < int(count) < <int> SHARED_FORCE:
            n = int(count)
        else:
            n = -1
        if n > 1 or (kind == "FORCE" and n == 1):
            return (SHARED_FORCE | n) if kind == "FORCE" else n
    raise ValueError(f"Partition: invalid oversubscribe {value!r} (NO, EXCLUSIVE, "
                     f"YES[:N] with N > 1, or FORCE[:N])")


def _oversubscribe_text(uint16_t v):
    """max_share as scontrol prints it: NO, EXCLUSIVE, YES:4, FORCE:4."""
    cdef uint16_t n = v & ~(<uint16_t> SHARED_FORCE)
    if v & SHARED_FORCE:
        return f"FORCE:{n}"
    if v == 0:
        return "EXCLUSIVE"
    if v > 1:
        return f"YES:{v}"
    return "NO"


def _billing_weights_value(value):
    """``{"CPU": 1.0, "Mem": "0.25G"}`` or Slurm's string -> the string
    (empty clears)."""
    if isinstance(value, str):
        items = [i for i in value.split(",") if i] if value else []
        pairs = [i.partition("=") for i in items]
    elif isinstance(value, dict):
        pairs = [(k, "=", v) for k, v in value.items()]
    else:
        raise ValueError(f"Partition: invalid billing_weights {value!r} "
                         f"(a dict such as {{'CPU': 1.0}} or 'CPU=1.0,Mem=0.25G')")
    out = []
    for k, sep, v in pairs:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = f"{v:g}"
        if (not isinstance(k, str) or not k or any(c in k for c in ",= \0") or not sep
                or not isinstance(v, str) or not v or any(c in v for c in ",= \0")
                or not (k + v).isprintable()):
            raise ValueError(f"Partition: invalid billing_weights entry {k!r}: {v!r} "
                             f"in {value!r}")
        out.append(f"{k}={v}")
    return ",".join(out)


def _billing_weights(s):
    """TRESBillingWeights as a dict (``{"CPU": 1.0, "Mem": 0.25}``)."""
    out = {}
    for item in s.split(","):
        k, _, v = item.partition("=")
        try:
            out[k] = float(v.rstrip("KMGTP")) if v else None
        except ValueError:
            out[k] = v
    return out


cdef object _acl(const char *s, bint allowed):
    """allow_*: NULL means everyone (``["ALL"]``, as scontrol prints);
    deny_*: NULL means no one (``[]``)."""
    v = cstr(s)
    if not v:
        return ["ALL"] if allowed else []
    return v.split(",")


cdef object _job_default(partition_info_t *p, str key):
    """An integer of JobDefaults (``"DefCpuPerGPU=2,DefMemPerGPU=1024"``)."""
    if p == NULL:
        return None
    v = parse_parameters(cstr(p.job_defaults_str)).get(key)
    return int(v) if isinstance(v, str) and v.isdigit() else None


def _mem_per(per_cpu):
    """DefMemPerCPU/DefMemPerNode share one field; MEM_PER_CPU marks CPU;
    0 reads UNLIMITED as in scontrol."""
    def read(uint64_t value):
        if value == NO_VAL64 or bool(value & MEM_PER_CPU) != per_cpu:
            return None
        value &= ~(<uint64_t> MEM_PER_CPU)
        return PYSLURM_UNLIMITED if value == 0 else value
    return read


# -- Partition ---------------------------------------------------------------------
cdef partition_info_t *_P = NULL       # field addresses are offsets in a record
cdef Loader _LOADER = Loader.make(&_KIND, None)


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Partition(Editable):
    """One Slurm partition.

    Loaded partitions come from :meth:`Partition.load` or
    :class:`Partitions`.  A Partition built from Python names a partition
    and/or holds values for :meth:`create` (``slurm_create_partition``),
    :meth:`modify` (``slurm_update_partition``) and :meth:`delete`
    (``slurm_delete_partition``); its other attributes are None.

    ``Partition(name=None, **changes)`` takes the partition's name and
    ``nodes`` (hostlist str or list of names; ``"ALL"`` gives it every
    node), ``state`` (``UP``, ``DOWN``, ``DRAIN``, ``INACTIVE``),
    ``default_time`` and ``max_time`` (minutes, a Slurm time string such
    as ``"20-00:00:00"`` or ``"1:30:00"``, ``"UNLIMITED"`` or
    ``pyslurm.UNLIMITED``), ``max_nodes``, ``min_nodes``,
    ``max_cpus_per_node``, ``grace_time`` (seconds, or a time string
    such as ``"5:00"``; alias ``preemption_grace_time``), ``priority_tier``,
    ``priority_job_factor``, ``qos``, ``alternate``, the lists
    ``allowed_accounts``, ``denied_accounts``, ``allowed_groups``,
    ``allowed_qos``, ``denied_qos``, the booleans ``is_default``,
    ``is_hidden``, ``is_root_only``, ``disable_root_jobs``,
    ``requires_reservation``, ``least_loaded_nodes``, ``exclusive_user``,
    ``oversubscribe``, the memory limits and ``billing_weights``.  An
    unknown field or an invalid value raises ValueError at once; ``ALL``
    and ``DEFAULT`` are not partition names.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Partition("test", nodes="c[1-2]", max_time=30).create()  # doctest: +SKIP
    """

    entity = "Partition"
    _repr_fields = ("state", "nodes")
    # upstream pyslurm's names of values to_dict() has under pyslurm's names
    _not_in_dict = ("preemption_grace_time", "is_user_exclusive",
                    "least_loaded_nodes_scheduling", "allowed_submit_nodes")
    _not_found = ESLURM_INVALID_PARTITION_NAME
    _loader = _LOADER

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <partition_info_t *> rec

    cdef object _cluster(self):
        return cstr(self.ptr.cluster_name)

    cdef dict _check(self, dict changes):
        return _validate(changes)

    cdef object _send(self, dict changes, int action):
        with route(self.cluster):       # a loaded partition's own cluster
            _send(changes, action == MODIFY)

    cdef object _remove(self, str name):
        with route(self.cluster):
            delete_named(<delete_fn_t> slurm_delete_partition, name,
                         f"slurm_delete_partition({name!r})")

    name = f_str(&_P.name, "PartitionName.")
    nodes = f_str(&_P.nodes, "The node list as a hostlist string (``\"c[1-4]\"``).")

    @property
    def node_names(self):
        """The node names, expanded (list of str)."""
        nodes = self.nodes
        return hostlist.expand(nodes) if nodes else []

    state = f_raw(&_P.state_up, "``UP``, ``DOWN``, ``DRAIN`` or ``INACTIVE``.",
                  lambda v: _STATES.get(v, "UNKNOWN"))
    total_nodes = f_num(&_P.total_nodes, "TotalNodes.")
    total_cpus = f_num(&_P.total_cpus, "TotalCPUs.")
    default_time = f_num(&_P.default_time, "DefaultTime in minutes (None when unset, UNLIMITED).")
    max_time = f_num(&_P.max_time, "MaxTime in minutes (UNLIMITED when unlimited).")
    default_memory_per_cpu = f_raw(&_P.def_mem_per_cpu, "DefMemPerCPU in MiB (None when "
                                   "memory is per node).", _mem_per(True))
    default_memory_per_node = f_raw(&_P.def_mem_per_cpu, "DefMemPerNode in MiB (None when "
                                    "memory is per CPU; UNLIMITED when 0).", _mem_per(False))
    max_memory_per_cpu = f_raw(&_P.max_mem_per_cpu, "MaxMemPerCPU in MiB (None when memory "
                               "is per node).", _mem_per(True))
    max_memory_per_node = f_raw(&_P.max_mem_per_cpu, "MaxMemPerNode in MiB (None when "
                                "memory is per CPU; UNLIMITED when 0).", _mem_per(False))
    max_nodes = f_num(&_P.max_nodes, "MaxNodes per job.")
    min_nodes = f_num(&_P.min_nodes, "MinNodes per job.")
    max_cpus_per_node = f_num(&_P.max_cpus_per_node, "MaxCPUsPerNode.")
    grace_time = f_num(&_P.grace_time, "GraceTime (seconds) for preemption.")
    preemption_grace_time = f_num(&_P.grace_time, ":attr:`grace_time` under upstream "
                                  "pyslurm's name (not in ``to_dict()``).")
    over_time_limit = f_num(&_P.over_time_limit, "OverTimeLimit in minutes (None when unset).")
    priority_tier = f_num(&_P.priority_tier, "PriorityTier.")
    priority_job_factor = f_num(&_P.priority_job_factor, "PriorityJobFactor.")
    is_default = f_bits(&_P.flags, PART_FLAG_DEFAULT, "Default=YES.")
    is_hidden = f_bits(&_P.flags, PART_FLAG_HIDDEN, "Hidden=YES.")
    is_root_only = f_bits(&_P.flags, PART_FLAG_ROOT_ONLY, "RootOnly=YES.")
    disable_root_jobs = f_bits(&_P.flags, PART_FLAG_NO_ROOT, "DisableRootJobs=YES.")
    requires_reservation = f_bits(&_P.flags, PART_FLAG_REQ_RESV, "ReqResv=YES.")
    least_loaded_nodes = f_bits(&_P.flags, PART_FLAG_LLN, "LLN=YES.")
    exclusive_user = f_bits(&_P.flags, PART_FLAG_EXCLUSIVE_USER, "ExclusiveUser=YES.")
    oversubscribe = f_raw(&_P.max_share, "OverSubscribe as scontrol prints it: ``NO``, "
                          "``EXCLUSIVE``, ``YES:4``, ``FORCE:4``.", _oversubscribe_text)

    @property
    def preempt_mode(self):
        """PreemptMode, e.g. ``"OFF"``, ``"REQUEUE"``, ``"SUSPEND,GANG"``
        (the cluster's when the partition sets none)."""
        if self.ptr == NULL:
            return None
        cdef uint16_t mode = self.ptr.preempt_mode
        if mode == NO_VAL16:
            mode = slurm_conf.preempt_mode
        return cstr(slurm_preempt_mode_string(mode))

    @property
    def allowed_accounts(self):
        """AllowAccounts (``["ALL"]`` when every account may use it)."""
        if self.ptr == NULL:
            return self._changes.get("allowed_accounts")
        return _acl(self.ptr.allow_accounts, True)

    @property
    def denied_accounts(self):
        """DenyAccounts (``[]`` when none is denied)."""
        if self.ptr == NULL:
            return self._changes.get("denied_accounts")
        return _acl(self.ptr.deny_accounts, False)

    @property
    def allowed_groups(self):
        """AllowGroups (``["ALL"]`` when every group may use it)."""
        if self.ptr == NULL:
            return self._changes.get("allowed_groups")
        return _acl(self.ptr.allow_groups, True)

    @property
    def allowed_qos(self):
        """AllowQos (``["ALL"]`` when every QOS may use it)."""
        if self.ptr == NULL:
            return self._changes.get("allowed_qos")
        return _acl(self.ptr.allow_qos, True)

    @property
    def denied_qos(self):
        """DenyQos (``[]`` when none is denied)."""
        if self.ptr == NULL:
            return self._changes.get("denied_qos")
        return _acl(self.ptr.deny_qos, False)

    @property
    def allowed_alloc_nodes(self):
        """AllocNodes (``["ALL"]`` when any node may allocate)."""
        return _acl(self.ptr.allow_alloc_nodes, True) if self.ptr != NULL else None

    qos = f_str(&_P.qos_char, "The partition's QOS (None when it has none).")
    alternate = f_str(&_P.alternate, "Alternate partition.")
    billing_weights = f_str(&_P.billing_weights_str, "TRESBillingWeights as a dict "
                            "(``{\"CPU\": 1.0, \"Mem\": 0.25}``).", _billing_weights, dict)
    billing_weights_string = f_str(&_P.billing_weights_str,
                                   "TRESBillingWeights as Slurm prints it.")
    tres = f_str(&_P.tres_fmt_str, "TRES of the partition, e.g. "
                 "``\"cpu=16,mem=16000M,node=4,billing=16\"``.")
    select_type_parameters = f_raw(&_P.cr_type, "SelectTypeParameters as the raw "
                                   "``cr_type`` bits (0: none).")
    nodesets = f_str(&_P.nodesets, "NodeSets the partition was defined with.")
    suspend_time = f_num(&_P.suspend_time, "SuspendTime (seconds; None when unset).")
    resume_timeout = f_num(&_P.resume_timeout, "ResumeTimeout (seconds).")
    suspend_timeout = f_num(&_P.suspend_timeout, "SuspendTimeout (seconds).")
    job_defaults = f_str(&_P.job_defaults_str, "JobDefaults as Slurm prints it "
                         "(None when unset).")
    cpu_binding = f_raw(&_P.cpu_bind, "CpuBind, e.g. ``\"cores\"`` (None when unset).",
                        cpu_bind_name)
    max_cpus_per_socket = f_call_u32(<u32_getter_t> pyslurm_part_max_cpus_per_socket,
                                     "MaxCPUsPerSocket (24.11+; None before).")

    @property
    def default_cpus_per_gpu(self):
        """DefCpuPerGPU of JobDefaults (None when unset)."""
        return _job_default(self.ptr, "DefCpuPerGPU")

    @property
    def default_memory_per_gpu(self):
        """DefMemPerGPU of JobDefaults, MiB (None when unset)."""
        return _job_default(self.ptr, "DefMemPerGPU")

    @property
    def power_down_on_idle(self):
        """PowerDownOnIdle=YES (24.11+; False before)."""
        return bool(pyslurm_part_power_down_on_idle(self.ptr)) if self.ptr != NULL else None

    # upstream pyslurm's names (not in to_dict())
    is_user_exclusive = f_bits(&_P.flags, PART_FLAG_EXCLUSIVE_USER, ":attr:`exclusive_user` "
                               "under upstream pyslurm's name.")
    least_loaded_nodes_scheduling = f_bits(&_P.flags, PART_FLAG_LLN, ":attr:`least_loaded_nodes`"
                                           " under upstream pyslurm's name.")

    @property
    def allowed_submit_nodes(self):
        """:attr:`allowed_alloc_nodes` under upstream pyslurm's name."""
        return _acl(self.ptr.allow_alloc_nodes, True) if self.ptr != NULL else None


bind_fields(Partition)
_LOADER.item_type = Partition


# upstream pyslurm's names of settable fields -> ours
_KEYWORD_ALIASES = {"preemption_grace_time": "grace_time", "is_user_exclusive": "exclusive_user",
                    "least_loaded_nodes_scheduling": "least_loaded_nodes"}


def _validate(changes):
    out = {}
    for field, value in changes.items():
        field = _KEYWORD_ALIASES.get(field, field)
        if field not in _CHANGEABLE:
            raise ValueError(f"Partition: {field!r} cannot be set (settable: "
                             f"{', '.join(_CHANGEABLE)})")
        if value is None:
            continue
        if field == "name":
            try:
                values.name("name", value)
            except ValueError as e:
                raise ValueError(f"Partition: invalid name {value!r} "
                                 f"({str(e).rpartition('(')[2]}") from None
        elif field == "nodes":
            if not isinstance(value, str):
                value = hostlist.collapse(value)
            # Nodes=ALL is Slurm's way to give a partition every node
            value = "ALL" if value.upper() == "ALL" else hostlist.checked(value, "nodes")
        elif field == "state":
            if not isinstance(value, str) or value.upper() not in _STATE_VALUES:
                raise ValueError(f"Partition: invalid state {value!r} (one of "
                                 f"{', '.join(_STATE_VALUES)})")
            value = value.upper()
        elif field in _LISTS:
            items = value.split(",") if isinstance(value, str) else list(value)
            for v in items:
                if not isinstance(v, str) or not v or "," in v or not v.isprintable():
                    raise ValueError(f"Partition: invalid {field} entry {v!r} in {value!r}")
            value = items
        elif field in _INTS:
            if field in ("default_time", "max_time") and not isinstance(value, (int, float)):
                value = parse_minutes(value, field)      # "20-00:00:00", "UNLIMITED"
            elif field == "grace_time" and not isinstance(value, (int, float)):
                value = parse_seconds(value, field)      # "120", "5:00"
            limit = (NO_VAL16 if _INTS[field] == 16 else NO_VAL) - 1
            may_be_unlimited = field in ("default_time", "max_time", "max_nodes",
                                         "max_cpus_per_node")
            if value == PYSLURM_UNLIMITED and may_be_unlimited:
                pass
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < limit:
                raise ValueError(f"Partition: invalid {field} {value!r} "
                                 f"(an int from 0 to {limit - 1}"
                                 f"{' or pyslurm.UNLIMITED' if may_be_unlimited else ''})")
        elif field in _MEMS:
            per_cpu = _MEMS[field][1]
            if value == PYSLURM_UNLIMITED and not per_cpu:
                value = 0
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1 << 62:
                raise ValueError(f"Partition: invalid {field} {value!r} (MiB, an int > 0"
                                 f"{'' if per_cpu else ' or pyslurm.UNLIMITED'})")
        elif field == "oversubscribe":
            value = _oversubscribe_value(value)
        elif field == "billing_weights":
            value = _billing_weights_value(value)
        elif field in _STRS:
            values.text(field, value)
        elif field in _FLAGS:
            if not isinstance(value, bool):
                raise ValueError(f"Partition: {field} must be True or False, not {value!r}")
        out[field] = value
    return out


cdef int _send(dict changes, bint update) except -1:
    """slurm_create_partition (update=0) or slurm_update_partition."""
    name = changes.get("name")
    if not name:
        raise ValueError("Partition: a name is needed")
    for which in ("default", "max"):
        if f"{which}_memory_per_cpu" in changes and f"{which}_memory_per_node" in changes:
            raise ValueError(f"Partition: {which}_memory_per_cpu and {which}_memory_per_node "
                             f"exclude each other (one Slurm setting)")
    ensure_init()
    cdef update_part_msg_t msg
    cdef int rc
    cdef uint32_t flags = 0
    slurm_init_part_desc_msg(&msg)
    try:
        set_cstr(&msg.name, name)
        if "nodes" in changes:
            set_cstr(&msg.nodes, changes["nodes"])
        if "state" in changes:
            msg.state_up = _STATE_VALUES[changes["state"]]
        for field, value in changes.items():
            if field in _FLAGS:
                flags |= _FLAGS[field][0] if value else _FLAGS[field][1]
            elif field in _INTS:
                v = INFINITE if value == PYSLURM_UNLIMITED else value
                if field == "default_time":
                    msg.default_time = v
                elif field == "max_time":
                    msg.max_time = v
                elif field == "max_nodes":
                    msg.max_nodes = v
                elif field == "min_nodes":
                    msg.min_nodes = v
                elif field == "max_cpus_per_node":
                    msg.max_cpus_per_node = v
                elif field == "grace_time":
                    msg.grace_time = v
                elif field == "priority_tier":
                    msg.priority_tier = v
                elif field == "priority_job_factor":
                    msg.priority_job_factor = v
        if flags:
            msg.flags = flags
        for field, (which, per_cpu) in _MEMS.items():
            if field in changes:
                v = changes[field] | (MEM_PER_CPU if per_cpu else 0)
                if which == "def":
                    msg.def_mem_per_cpu = v
                else:
                    msg.max_mem_per_cpu = v
        if "oversubscribe" in changes:
            msg.max_share = changes["oversubscribe"]
        if "billing_weights" in changes:
            set_cstr(&msg.billing_weights_str, changes["billing_weights"])
        # an empty list clears an ACL
        if "allowed_accounts" in changes:
            set_cstr(&msg.allow_accounts, ",".join(changes["allowed_accounts"]))
        if "denied_accounts" in changes:
            set_cstr(&msg.deny_accounts, ",".join(changes["denied_accounts"]))
        if "allowed_groups" in changes:
            set_cstr(&msg.allow_groups, ",".join(changes["allowed_groups"]))
        if "allowed_qos" in changes:
            set_cstr(&msg.allow_qos, ",".join(changes["allowed_qos"]))
        if "denied_qos" in changes:
            set_cstr(&msg.deny_qos, ",".join(changes["denied_qos"]))
        if "qos" in changes:
            set_cstr(&msg.qos_char, changes["qos"])
        if "alternate" in changes:
            set_cstr(&msg.alternate, changes["alternate"])
        with nogil:
            if update:
                rc = slurm_update_partition(&msg)
            else:
                rc = slurm_create_partition(&msg)
        call = "slurm_update_partition" if update else "slurm_create_partition"
        check_rc(rc, f"{call}({name!r})")
    finally:
        free_cstr(&msg.name)
        free_cstr(&msg.nodes)
        free_cstr(&msg.allow_accounts)
        free_cstr(&msg.deny_accounts)
        free_cstr(&msg.allow_groups)
        free_cstr(&msg.allow_qos)
        free_cstr(&msg.deny_qos)
        free_cstr(&msg.qos_char)
        free_cstr(&msg.alternate)
        free_cstr(&msg.billing_weights_str)
    return 0


class Partitions(LoadedMap):
    """Partitions by cluster and name (a
    :class:`pyslurm.xcollections.MultiClusterMap`), loaded with one
    ``slurm_load_partitions``.

    Examples:
        >>> import pyslurm
        >>> parts = pyslurm.Partitions.load()           # doctest: +SKIP
        >>> [p.name for p in parts.values() if p.is_default]  # doctest: +SKIP
        ['debug']
    """

    _item_type = Partition
    _id_attr = "name"
    _key_type = str
    _loader = _LOADER

    total_cpus = summed("total_cpus", "TotalCPUs summed over the partitions (a node in "
                        "two partitions counts twice).")
    total_nodes = summed("total_nodes", "TotalNodes summed over the partitions (a node in "
                         "two partitions counts twice).")

    def modify(self, changes=None, **values):
        """Apply the same changes to every partition of this collection
        (one ``slurm_update_partition`` each, in order).

        Args:
            changes (Partition | dict): e.g. ``Partition(max_time=60)``.
            **values: the same, as keywords.

        Raises:
            ValueError: no changes, or an invalid value (before any RPC).
            RPCError: the controller refused; the partitions before the
                one refused keep their change.
        """
        targets = [(part.cluster, Partition(part.name)) for part in self.values()]
        if targets:
            targets[0][1]._merged(changes, values)   # every value checked first
        for cluster, part in targets:
            with route(cluster):                     # each on its own cluster
                part.modify(changes, **values)


_LOADER.collection = Partitions

__all__ = ["Partition", "Partitions"]
