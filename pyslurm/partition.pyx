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

from libc.stdint cimport uint16_t, uint32_t, uint64_t

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u16, u32, set_cstr, free_cstr, PYSLURM_UNLIMITED
from pyslurm.records cimport MessageOwner
from slurm cimport (
    partition_info_t, partition_info_msg_t, update_part_msg_t, delete_part_msg_t,
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
from slurm_errno cimport SLURM_ERROR, SLURM_NO_CHANGE_IN_DATA, ESLURM_INVALID_PARTITION_NAME
from compat cimport pyslurm_errno, slurm_conf, slurm_preempt_mode_string

from pyslurm import hostlist, values
from pyslurm.xcollections import LoadedMap


cdef void _free_part_msg(void *p) noexcept nogil:
    slurm_free_partition_info_msg(<partition_info_msg_t *> p)


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
# int attributes -> (kind, minimum)
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
        elif count.isdigit() and 0 < int(count) < <int> SHARED_FORCE:
            n = int(count)
        else:
            n = -1
        if n > 1 or (kind == "FORCE" and n == 1):
            return (SHARED_FORCE | n) if kind == "FORCE" else n
    raise ValueError(f"Partition: invalid oversubscribe {value!r} (NO, EXCLUSIVE, "
                     f"YES[:N] with N > 1, or FORCE[:N])")


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
                or not isinstance(v, str) or not v or any(c in v for c in ",= \0")):
            raise ValueError(f"Partition: invalid billing_weights entry {k!r}: {v!r} "
                             f"in {value!r}")
        out.append(f"{k}={v}")
    return ",".join(out)


cdef object _acl(const char *s, bint allowed):
    """allow_*: NULL means everyone (``["ALL"]``, as scontrol prints);
    deny_*: NULL means no one (``[]``)."""
    v = cstr(s)
    if not v:
        return ["ALL"] if allowed else []
    return v.split(",")


cdef object _mem_per(uint64_t value, bint per_cpu):
    """DefMemPerCPU/DefMemPerNode share one field; MEM_PER_CPU marks CPU;
    0 reads UNLIMITED as in scontrol."""
    if value == NO_VAL64:
        return None
    if bool(value & MEM_PER_CPU) != per_cpu:
        return None
    value &= ~(<uint64_t> MEM_PER_CPU)
    return PYSLURM_UNLIMITED if value == 0 else value


cdef class Partition:
    """One Slurm partition.

    Loaded partitions come from :meth:`Partition.load` or
    :class:`Partitions`.  A Partition built from Python names a partition
    and/or holds values for :meth:`create` and :meth:`modify`; its other
    attributes are None.

    ``Partition(name=None, **changes)`` takes the partition's name and
    ``nodes`` (hostlist str or list of names), ``state``
    (``UP``, ``DOWN``, ``DRAIN``, ``INACTIVE``), ``default_time``
    and ``max_time`` (minutes, or ``pyslurm.UNLIMITED``),
    ``max_nodes``, ``min_nodes``, ``max_cpus_per_node``,
    ``grace_time`` (seconds), ``priority_tier``,
    ``priority_job_factor``, ``qos``, ``alternate``, the lists
    ``allowed_accounts``, ``denied_accounts``, ``allowed_groups``,
    ``allowed_qos``, ``denied_qos``, and the booleans
    ``is_default``, ``is_hidden``, ``is_root_only``,
    ``disable_root_jobs``, ``requires_reservation``,
    ``least_loaded_nodes``, ``exclusive_user``.  An unknown field
    or an invalid value raises ValueError at once.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Partition("test", nodes="c[1-2]", max_time=30).create()  # doctest: +SKIP
    """

    def __cinit__(self):
        self.ptr = NULL
        self.owner = None
        self._changes = {}
        self._local_cluster = None

    def __init__(self, name=None, **changes):
        if name is not None:
            changes["name"] = name
        self._changes = _validate(changes)

    @staticmethod
    cdef Partition from_ptr(partition_info_t *ptr, MessageOwner owner, object cluster):
        cdef Partition p = Partition.__new__(Partition)
        p.ptr = ptr
        p.owner = owner
        p._local_cluster = cluster
        return p

    @staticmethod
    def load(name):
        """Load one partition.

        Implements ``slurm_load_partitions`` (Slurm has no single-partition
        load).

        Raises:
            PartitionNotFoundError: there is no such partition.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Partition.load("debug").total_cpus  # doctest: +SKIP
            16
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"Partition.load: invalid name {name!r}")
        parts = Partitions.load()
        try:
            return parts[parts.local_cluster or "", name]
        except KeyError:
            raise make_error(ESLURM_INVALID_PARTITION_NAME, f"partition {name!r}") from None

    def create(self):
        """Create this partition.  Implements ``slurm_create_partition``.

        Raises:
            ValueError: no name, or invalid values (before any RPC).
            RPCError: the controller refused (e.g. the name exists).
        """
        _send(self._changes, 0)

    def modify(self, changes=None, **kwargs):
        """Change this partition.  Implements ``slurm_update_partition``.

        Args:
            changes (Partition | dict): the new values.
            **kwargs: the same as fields.

        Raises:
            ValueError: invalid values (before any RPC).
            PartitionNotFoundError: no such partition.
            RPCError: the controller refused.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Partition("debug").modify(state="DRAIN")  # doctest: +SKIP
        """
        if isinstance(changes, Partition):
            merged = dict((<Partition> changes)._changes)
        elif isinstance(changes, dict):
            merged = _validate(changes)
        elif changes is None:
            merged = {}
        else:
            raise TypeError(f"changes must be a Partition or a dict, not {type(changes).__name__}")
        merged.update(_validate(kwargs))
        merged.pop("name", None)
        if not merged:
            raise ValueError("no changes given")
        merged["name"] = self.name
        _send(merged, 1)

    def delete(self):
        """Delete this partition.  Implements ``slurm_delete_partition``.

        Raises:
            PartitionNotFoundError: no such partition.
            RPCError: the controller refused (e.g. jobs still use it).
        """
        name = self.name
        if not name:
            raise ValueError("Partition.delete: this Partition has no name")
        ensure_init()
        cdef delete_part_msg_t msg
        cdef int rc
        msg.name = NULL
        try:
            set_cstr(&msg.name, name)
            with nogil:
                rc = slurm_delete_partition(&msg)
            check_rc(rc, f"slurm_delete_partition({name!r})")
        finally:
            free_cstr(&msg.name)

    def __repr__(self):
        if self.ptr == NULL:
            inner = ", ".join(f"{k}={v!r}" for k, v in self._changes.items())
            return f"pyslurm.Partition({inner})"
        return f"pyslurm.Partition({self.name!r}, state={self.state!r}, nodes={self.nodes!r})"

    def __eq__(self, other):
        if not isinstance(other, Partition):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash((self.cluster, self.name))

    def to_dict(self):
        """Every attribute as a plain dict."""
        if self.ptr == NULL:
            return dict(self._changes)
        return {name: getattr(self, name) for name in _PARTITION_FIELDS}

    def _given(self, field):
        return self._changes.get(field)

    @property
    def name(self):
        """PartitionName."""
        return cstr(self.ptr.name) if self.ptr != NULL else self._changes.get("name")

    @property
    def cluster(self):
        """The cluster the partition belongs to."""
        if self.ptr == NULL:
            return None
        return cstr(self.ptr.cluster_name) or self._local_cluster

    @property
    def nodes(self):
        """The node list as a hostlist string (``"c[1-4]"``)."""
        return cstr(self.ptr.nodes) if self.ptr != NULL else self._changes.get("nodes")

    @property
    def node_names(self):
        """The node names, expanded (list of str)."""
        nodes = self.nodes
        return hostlist.expand(nodes) if nodes else []

    @property
    def state(self):
        """``UP``, ``DOWN``, ``DRAIN`` or ``INACTIVE``."""
        if self.ptr == NULL:
            return self._changes.get("state")
        return _STATES.get(self.ptr.state_up, "UNKNOWN")

    @property
    def total_nodes(self):
        """TotalNodes."""
        return u32(self.ptr.total_nodes) if self.ptr != NULL else None

    @property
    def total_cpus(self):
        """TotalCPUs."""
        return u32(self.ptr.total_cpus) if self.ptr != NULL else None

    @property
    def default_time(self):
        """DefaultTime in minutes (None when unset, UNLIMITED)."""
        return u32(self.ptr.default_time) if self.ptr != NULL else self._changes.get("default_time")

    @property
    def max_time(self):
        """MaxTime in minutes (UNLIMITED when unlimited)."""
        return u32(self.ptr.max_time) if self.ptr != NULL else self._changes.get("max_time")

    @property
    def default_memory_per_cpu(self):
        """DefMemPerCPU in MiB (None when memory is per node)."""
        return _mem_per(self.ptr.def_mem_per_cpu, True) if self.ptr != NULL else None

    @property
    def default_memory_per_node(self):
        """DefMemPerNode in MiB (None when memory is per CPU; UNLIMITED when 0)."""
        return _mem_per(self.ptr.def_mem_per_cpu, False) if self.ptr != NULL else None

    @property
    def max_memory_per_cpu(self):
        """MaxMemPerCPU in MiB (None when memory is per node)."""
        return _mem_per(self.ptr.max_mem_per_cpu, True) if self.ptr != NULL else None

    @property
    def max_memory_per_node(self):
        """MaxMemPerNode in MiB (None when memory is per CPU; UNLIMITED when 0)."""
        return _mem_per(self.ptr.max_mem_per_cpu, False) if self.ptr != NULL else None

    @property
    def max_nodes(self):
        """MaxNodes per job."""
        return u32(self.ptr.max_nodes) if self.ptr != NULL else self._changes.get("max_nodes")

    @property
    def min_nodes(self):
        """MinNodes per job."""
        return u32(self.ptr.min_nodes) if self.ptr != NULL else self._changes.get("min_nodes")

    @property
    def max_cpus_per_node(self):
        """MaxCPUsPerNode."""
        if self.ptr == NULL:
            return self._changes.get("max_cpus_per_node")
        return u32(self.ptr.max_cpus_per_node)

    @property
    def grace_time(self):
        """GraceTime (seconds) for preemption."""
        return u32(self.ptr.grace_time) if self.ptr != NULL else self._changes.get("grace_time")

    @property
    def over_time_limit(self):
        """OverTimeLimit in minutes (None when unset)."""
        return u16(self.ptr.over_time_limit) if self.ptr != NULL else None

    @property
    def priority_tier(self):
        """PriorityTier."""
        if self.ptr == NULL:
            return self._changes.get("priority_tier")
        return u16(self.ptr.priority_tier)

    @property
    def priority_job_factor(self):
        """PriorityJobFactor."""
        if self.ptr == NULL:
            return self._changes.get("priority_job_factor")
        return u16(self.ptr.priority_job_factor)

    @property
    def is_default(self):
        """Default=YES."""
        if self.ptr == NULL:
            return self._changes.get("is_default")
        return bool(self.ptr.flags & PART_FLAG_DEFAULT)

    @property
    def is_hidden(self):
        """Hidden=YES."""
        if self.ptr == NULL:
            return self._changes.get("is_hidden")
        return bool(self.ptr.flags & PART_FLAG_HIDDEN)

    @property
    def is_root_only(self):
        """RootOnly=YES."""
        if self.ptr == NULL:
            return self._changes.get("is_root_only")
        return bool(self.ptr.flags & PART_FLAG_ROOT_ONLY)

    @property
    def disable_root_jobs(self):
        """DisableRootJobs=YES."""
        if self.ptr == NULL:
            return self._changes.get("disable_root_jobs")
        return bool(self.ptr.flags & PART_FLAG_NO_ROOT)

    @property
    def requires_reservation(self):
        """ReqResv=YES."""
        if self.ptr == NULL:
            return self._changes.get("requires_reservation")
        return bool(self.ptr.flags & PART_FLAG_REQ_RESV)

    @property
    def least_loaded_nodes(self):
        """LLN=YES."""
        if self.ptr == NULL:
            return self._changes.get("least_loaded_nodes")
        return bool(self.ptr.flags & PART_FLAG_LLN)

    @property
    def exclusive_user(self):
        """ExclusiveUser=YES."""
        if self.ptr == NULL:
            return self._changes.get("exclusive_user")
        return bool(self.ptr.flags & PART_FLAG_EXCLUSIVE_USER)

    @property
    def oversubscribe(self):
        """OverSubscribe as scontrol prints it: ``NO``, ``EXCLUSIVE``,
        ``YES:4``, ``FORCE:4``."""
        if self.ptr == NULL:
            return None
        cdef uint16_t v = self.ptr.max_share
        cdef uint16_t n = v & ~(<uint16_t> SHARED_FORCE)
        if v & SHARED_FORCE:
            return f"FORCE:{n}"
        if v == 0:
            return "EXCLUSIVE"
        if v > 1:
            return f"YES:{v}"
        return "NO"

    @property
    def preempt_mode(self):
        """PreemptMode, e.g. ``"OFF"``, ``"REQUEUE"``, ``"SUSPEND,GANG"``
        (the cluster's when the partition sets none)."""
        if self.ptr == NULL:
            return None
        cdef uint16_t mode = self.ptr.preempt_mode
        if mode == NO_VAL16:
            mode = slurm_conf.preempt_mode
        cdef const char *s = slurm_preempt_mode_string(mode)
        return s.decode() if s != NULL else None

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

    @property
    def qos(self):
        """The partition's QOS (None when it has none)."""
        return cstr(self.ptr.qos_char) if self.ptr != NULL else self._changes.get("qos")

    @property
    def alternate(self):
        """Alternate partition."""
        return cstr(self.ptr.alternate) if self.ptr != NULL else self._changes.get("alternate")

    @property
    def billing_weights(self):
        """TRESBillingWeights as a dict (``{"CPU": 1.0, "Mem": 0.25}``)."""
        if self.ptr == NULL:
            return None
        s = cstr(self.ptr.billing_weights_str)
        out = {}
        if not s:
            return out
        for item in s.split(","):
            k, _, v = item.partition("=")
            try:
                out[k] = float(v.rstrip("KMGTP")) if v else None
            except ValueError:
                out[k] = v
        return out

    @property
    def billing_weights_string(self):
        """TRESBillingWeights as Slurm prints it."""
        return cstr(self.ptr.billing_weights_str) if self.ptr != NULL else None

    @property
    def tres(self):
        """TRES of the partition, e.g. ``"cpu=16,mem=16000M,node=4,billing=16"``."""
        return cstr(self.ptr.tres_fmt_str) if self.ptr != NULL else None

    @property
    def select_type_parameters(self):
        """SelectTypeParameters as the raw ``cr_type`` bits (0: none)."""
        return self.ptr.cr_type if self.ptr != NULL else None

    @property
    def nodesets(self):
        """NodeSets the partition was defined with."""
        return cstr(self.ptr.nodesets) if self.ptr != NULL else None

    @property
    def suspend_time(self):
        """SuspendTime (seconds; None when unset)."""
        return u32(self.ptr.suspend_time) if self.ptr != NULL else None

    @property
    def resume_timeout(self):
        """ResumeTimeout (seconds)."""
        return u16(self.ptr.resume_timeout) if self.ptr != NULL else None

    @property
    def suspend_timeout(self):
        """SuspendTimeout (seconds)."""
        return u16(self.ptr.suspend_timeout) if self.ptr != NULL else None

    @property
    def job_defaults(self):
        """JobDefaults as Slurm prints it (None when unset)."""
        return cstr(self.ptr.job_defaults_str) if self.ptr != NULL else None


_PARTITION_FIELDS = tuple(
    name for name, value in vars(Partition).items()
    if not name.startswith("_") and type(value).__name__ == "getset_descriptor")


def _validate(changes):
    out = {}
    for field, value in changes.items():
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
            bits = _INTS[field]
            limit = (NO_VAL16 if bits == 16 else NO_VAL) - 1
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
    :class:`pyslurm.xcollections.MultiClusterMap`).

    Examples:
        >>> import pyslurm
        >>> parts = pyslurm.Partitions.load()           # doctest: +SKIP
        >>> [p.name for p in parts.values() if p.is_default]  # doctest: +SKIP
        ['debug']
    """

    _item_type = Partition
    _id_attr = "name"
    _key_type = str

    @classmethod
    def load(cls, update_time=None, cluster=None):
        """Load every partition with one RPC.

        Implements ``slurm_load_partitions``.

        Args:
            update_time (int): a previous load's :attr:`last_update`; when
                nothing changed since, None is returned.
            cluster (str): only the local cluster (None) is supported yet.

        Returns:
            Partitions, or None when nothing changed since ``update_time``.
        """
        return super().load(update_time, cluster)

    def _records(self, MessageOwner owner, local):
        cdef partition_info_msg_t *msg = <partition_info_msg_t *> owner.ptr
        cdef uint32_t i
        for i in range(msg.record_count):
            if msg.partition_array[i].name != NULL:
                yield Partition.from_ptr(&msg.partition_array[i], owner, local)

    @staticmethod
    def _load_msg(update_time):
        return _load_msg(update_time)

    @property
    def total_cpus(self):
        """TotalCPUs summed over the partitions (a node in two partitions
        counts twice)."""
        return sum(p.total_cpus or 0 for p in self.values())


def _load_msg(update_time):
    ensure_init()
    cdef partition_info_msg_t *msg = NULL
    cdef long t = 0 if update_time is None else int(update_time)
    cdef int rc, err = 0
    with nogil:
        rc = slurm_load_partitions(t, &msg, SHOW_ALL)
        if rc == SLURM_ERROR:
            err = pyslurm_errno()
    if rc == SLURM_NO_CHANGE_IN_DATA or (rc == SLURM_ERROR and err == SLURM_NO_CHANGE_IN_DATA):
        return None
    check_rc(rc, "slurm_load_partitions")
    return MessageOwner.wrap(msg, _free_part_msg, msg.last_update)


__all__ = ["Partition", "Partitions"]
