# cython: language_level=3
"""Slurm nodes: read them, drain and resume them, change their features.

Examples:
    >>> import pyslurm
    >>> nodes = pyslurm.Nodes.load()                        # doctest: +SKIP
    >>> {n.name: n.state_string for n in nodes.values()}    # doctest: +SKIP
    {'c1': 'idle', 'c2': 'mixed', 'c3': 'drained', 'c4': 'idle'}
    >>> pyslurm.Node("c3").modify(pyslurm.Node(state="RESUME"))  # doctest: +SKIP

Values follow pyslurm's convention: unset is ``None``, unlimited is
``pyslurm.UNLIMITED``, times are unix timestamps, memory is in MiB.
"""


cimport cython
from libc.stdint cimport int32_t, uint32_t
from libc.stdlib cimport free
from libc.string cimport memset

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u32, u64, set_cstr, free_cstr, PYSLURM_UNLIMITED
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, MessageOwner, Loader, f_str, f_num, f_raw, f_time,
)
from pyslurm.editable cimport Editable
from slurm cimport (
    node_info_t, node_info_msg_t, update_node_msg_t,
    slurm_load_node, slurm_free_node_info_msg,
    partition_info_msg_t, slurm_load_partitions, slurm_free_partition_info_msg,
    slurm_populate_node_partitions,
    slurm_init_update_node_msg, slurm_update_node, slurm_create_node, slurm_delete_node,
    SHOW_ALL, SHOW_DETAIL, NO_VAL,
    NODE_STATE_BASE, NODE_STATE_FLAGS,
    NODE_STATE_UNKNOWN, NODE_STATE_DOWN, NODE_STATE_IDLE, NODE_STATE_ALLOCATED,
    NODE_STATE_ERROR, NODE_STATE_MIXED, NODE_STATE_FUTURE,
    NODE_STATE_RES, NODE_STATE_UNDRAIN, NODE_STATE_CLOUD, NODE_RESUME,
    NODE_STATE_DRAIN, NODE_STATE_COMPLETING, NODE_STATE_NO_RESPOND,
    NODE_STATE_POWERED_DOWN, NODE_STATE_FAIL, NODE_STATE_POWERING_UP,
    NODE_STATE_MAINT, NODE_STATE_REBOOT_REQUESTED, NODE_STATE_REBOOT_CANCEL,
    NODE_STATE_POWERING_DOWN, NODE_STATE_DYNAMIC_FUTURE,
    NODE_STATE_REBOOT_ISSUED, NODE_STATE_PLANNED, NODE_STATE_INVALID_REG,
    NODE_STATE_POWER_DOWN, NODE_STATE_POWER_UP, NODE_STATE_POWER_DRAIN,
    NODE_STATE_DYNAMIC_NORM,
)
from slurm_errno cimport ESLURM_INVALID_NODE_NAME
from compat cimport (
    pyslurm_node_alloc_cpus, pyslurm_node_alloc_memory,
    pyslurm_node_alloc_tres, pyslurm_node_resv_name,
    slurm_node_state_string,
)

from pyslurm import hostlist, node_values, values
from pyslurm.node_values import node_definition
from pyslurm.loaded import LoadedMap, summed
from pyslurm.clusters import route
from pyslurm.records import bind_fields


# -- the message ---------------------------------------------------------------
cdef int _load(long since, void **msg, uint32_t a, uint32_t b) noexcept nogil:
    return slurm_load_node(since, <node_info_msg_t **> msg, SHOW_ALL | SHOW_DETAIL)


cdef node_info_msg_t *_M = NULL               # field addresses are offsets
# a record with no name is a hidden or unused slot
cdef MessageKind _KIND = message_kind(
    b"slurm_load_node", _load, <free_fn_t> slurm_free_node_info_msg, sizeof(node_info_t),
    &_M.node_array, &_M.record_count, &_M.last_update, &(<node_info_t *> NULL).name)


# Base states by number (enum node_states, the same in every major).
_BASE_NAMES = {
    NODE_STATE_UNKNOWN: "UNKNOWN", NODE_STATE_DOWN: "DOWN",
    NODE_STATE_IDLE: "IDLE", NODE_STATE_ALLOCATED: "ALLOCATED",
    NODE_STATE_ERROR: "ERROR", NODE_STATE_MIXED: "MIXED",
    NODE_STATE_FUTURE: "FUTURE",
}

# State flags (bits above NODE_STATE_BASE) and their names.  DRAIN is
# reported as DRAIN plus DRAINING or DRAINED (see Node.state_flags).
_FLAG_NAMES = (
    (NODE_STATE_RES, "RESERVED"),
    (NODE_STATE_CLOUD, "CLOUD"),
    (NODE_STATE_DRAIN, "DRAIN"),
    (NODE_STATE_COMPLETING, "COMPLETING"),
    (NODE_STATE_NO_RESPOND, "NOT_RESPONDING"),
    (NODE_STATE_POWERED_DOWN, "POWERED_DOWN"),
    (NODE_STATE_FAIL, "FAIL"),
    (NODE_STATE_POWERING_UP, "POWERING_UP"),
    (NODE_STATE_MAINT, "MAINTENANCE"),
    (NODE_STATE_REBOOT_REQUESTED, "REBOOT_REQUESTED"),
    (NODE_STATE_REBOOT_CANCEL, "REBOOT_CANCELED"),
    (NODE_STATE_POWERING_DOWN, "POWERING_DOWN"),
    (NODE_STATE_DYNAMIC_FUTURE, "DYNAMIC_FUTURE"),
    (NODE_STATE_REBOOT_ISSUED, "REBOOT_ISSUED"),
    (NODE_STATE_PLANNED, "PLANNED"),
    (NODE_STATE_INVALID_REG, "INVALID_REG"),
    (NODE_STATE_POWER_DOWN, "POWER_DOWN"),
    (NODE_STATE_POWER_UP, "POWER_UP"),
    (NODE_STATE_POWER_DRAIN, "POWER_DRAIN"),
    (NODE_STATE_DYNAMIC_NORM, "DYNAMIC_NORM"),
)

# The node_state of each state modify() sets (pyslurm.node_values.SETTABLE_STATES).
_STATE_VALUES = {
    "DOWN": NODE_STATE_DOWN, "DRAIN": NODE_STATE_DRAIN, "FAIL": NODE_STATE_FAIL,
    "RESUME": NODE_RESUME, "UNDRAIN": NODE_STATE_UNDRAIN, "IDLE": NODE_STATE_IDLE,
    "FUTURE": NODE_STATE_FUTURE, "NO_RESPOND": NODE_STATE_NO_RESPOND,
    "POWER_DOWN": NODE_STATE_POWER_DOWN, "POWER_UP": NODE_STATE_POWER_UP,
}
assert set(_STATE_VALUES) == set(node_values.SETTABLE_STATES)


cdef object _split(const char *s):
    """A comma-separated C string as a fresh list (``[]`` for NULL/"");
    thousands of nodes share a few feature strings, so each distinct one
    is split once."""
    if s == NULL or s[0] == 0:
        return []
    text = s.decode("utf-8", "replace")
    parts = _SPLIT_BY_STRING.get(text)
    if parts is None:
        if len(_SPLIT_BY_STRING) >= _CACHE_MAX:
            _SPLIT_BY_STRING.clear()
        parts = _SPLIT_BY_STRING[text] = tuple(text.split(","))
    return list(<tuple> parts)


# Values that depend on a few distinct inputs only (2000 nodes have a handful
# of states and GRES strings): computed once per distinct input, copied out.
cdef dict _STATES_BY_STATE = {}     # node_state (MIXED derived) -> (base, *flags)
cdef dict _STRING_BY_STATE = {}     # node_state -> sinfo's state string
cdef dict _GRES_BY_STRING = {}      # GRES string -> parse_gres() result
cdef dict _SPLIT_BY_STRING = {}     # "a,b" -> ("a", "b") (features, partitions)
_CACHE_MAX = 4096


from pyslurm.formats import parse_gres


cdef dict _gres(const char *s):
    """parse_gres() of a C string, parsed once per distinct string."""
    if s == NULL or s[0] == 0:
        return {}
    v = s.decode("utf-8", "replace")
    cdef dict parsed = _GRES_BY_STRING.get(v)
    if parsed is None:
        if len(_GRES_BY_STRING) >= _CACHE_MAX:
            _GRES_BY_STRING.clear()
        parsed = _GRES_BY_STRING[v] = parse_gres(v)
    return {key: dict(details) for key, details in parsed.items()}


cdef node_info_t *_N = NULL            # field addresses are offsets in a record
cdef Loader _LOADER = Loader.make(&_KIND, None)


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Node(Editable):
    """One Slurm node.

    Loaded nodes come from :meth:`Node.load` or :class:`Nodes`.  A Node
    built from Python (``Node("c1")``, ``Node(state="DRAIN", reason="fan")``)
    names a node and/or holds changes for :meth:`modify`
    (``slurm_update_node``); its other attributes are None.
    :meth:`delete` (``slurm_delete_node``) removes a dynamic node.

    ``Node(name=None, **changes)`` takes the node's name and any of
    ``state`` (``"DRAIN"``, ``"RESUME"``, ``"DOWN"``,
    ``"UNDRAIN"``, ``"FAIL"``, ``"IDLE"``, ``"FUTURE"``,
    ``"NO_RESPOND"``, ``"POWER_DOWN"``, ``"POWER_UP"``),
    ``reason`` (required with DOWN, DRAIN and FAIL), ``comment``,
    ``extra``, ``features`` (list or comma-separated str),
    ``active_features``, ``weight``.  An empty string clears
    ``comment`` or ``extra``.  Slurm ignores an empty reason, so
    ``reason=""`` raises ValueError unless the node is resumed in
    the same call (resuming clears the reason in 22.05 and 26.05;
    24.11 keeps the last one).  An unknown field or an invalid
    value raises ValueError at once; ``ALL`` and ``DEFAULT`` are not
    node names.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Node("c1").modify(pyslurm.Node(state="DRAIN", reason="fan"))  # doctest: +SKIP
    """

    entity = "Node"
    _repr_fields = (("state", "state_string"),)
    # upstream pyslurm's names of values to_dict() has under pyslurm's names
    _not_in_dict = ("architecture", "slurm_version", "operating_system", "total_cpus",
                    "memory_reserved_for_system", "cores_reserved_for_system",
                    "temporary_disk", "slurmd_port", "last_busy_time", "allocated_memory",
                    "allocated_cpus", "available_features", "configured_gres",
                    "allocated_tres")
    _not_found = ESLURM_INVALID_NODE_NAME
    _loader = _LOADER

    def __cinit__(self):
        self._name = None
        self._alloc = -1

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <node_info_t *> rec
        self._name = cstr(self.ptr.name) if rec != NULL else None
        self._alloc = -1

    cdef object _cluster(self):
        return cstr(self.ptr.cluster_name)

    cdef dict _check(self, dict changes):
        return node_values.check_changes(changes)

    cdef dict _final(self, dict changes, int action):
        return node_values.final_changes(changes)

    cdef object _send(self, dict changes, int action):
        with route(self.cluster):       # a loaded node's own cluster
            _update_nodes(changes.pop("name"), changes)

    cdef object _remove(self, str name):
        with route(self.cluster):
            _delete_nodes(name)

    @staticmethod
    def create(name, **definition):
        """Create a dynamic node (``scontrol create nodename=...``).

        Implements ``slurm_create_node``.  The controller needs
        ``MaxNodeCount`` above the number of configured nodes.

        Args:
            name (str): the node's name (one name, no ranges).
            **definition: what its ``NodeName=`` line holds: ``cpus``,
                ``boards``, ``sockets``, ``cores_per_socket``,
                ``threads_per_core``, ``real_memory`` (MiB), ``tmp_disk``
                (MiB), ``weight``, ``port``, ``features`` (list or
                comma-separated str), ``gres`` (e.g. ``"gpu:2"``),
                ``address``, ``hostname`` and ``state`` (``"CLOUD"``,
                the default, or ``"FUTURE"``).

        Raises:
            ValueError: an invalid name or value (before any RPC).
            RPCError: the controller refused (e.g. no ``MaxNodeCount``
                room).

        Note:
            Slurm 22.05 hides powered-down CLOUD nodes from every load
            unless ``PrivateData=cloud`` is set, and answers success when
            the node already exists.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Node.create("d1", cpus=2, real_memory=1000,
            ...                     features=["dyn"])          # doctest: +SKIP
            >>> pyslurm.Node("d1").delete()                    # doctest: +SKIP
        """
        line = node_definition(name, **definition)
        ensure_init()
        cdef update_node_msg_t msg
        cdef int rc
        memset(&msg, 0, sizeof(msg))     # as scontrol: only the line is sent
        try:
            set_cstr(&msg.extra, line)
            with route(None):
                with nogil:
                    rc = slurm_create_node(&msg)
            check_rc(rc, f"slurm_create_node({line!r})")
        finally:
            free_cstr(&msg.extra)

    # -- identity ----------------------------------------------------------
    @property
    def name(self):
        """NodeName."""
        if self._name is not None:
            return self._name
        if self.ptr == NULL:
            return self._changes.get("name")
        return None

    address = f_str(&_N.node_addr, "NodeAddr.")
    hostname = f_str(&_N.node_hostname, "NodeHostName.")

    # -- state ---------------------------------------------------------
    cdef uint32_t _state(self):
        """node_state with the base state MIXED when only some CPUs are
        allocated (the controller of some majors sends ALLOCATED or IDLE
        then; sinfo and scontrol correct it the same way)."""
        cdef uint32_t st = self.ptr.node_state
        cdef uint32_t base = st & NODE_STATE_BASE
        cdef int alloc, total
        if base == NODE_STATE_ALLOCATED or base == NODE_STATE_IDLE:
            alloc = self._alloc_cpus()
            total = self.ptr.cpus_efctv if self.ptr.cpus_efctv else self.ptr.cpus
            if 0 < alloc < total:
                st = (st & NODE_STATE_FLAGS) | NODE_STATE_MIXED
        return st

    cdef int32_t _alloc_cpus(self):
        if self._alloc < 0:
            self._alloc = pyslurm_node_alloc_cpus(self.ptr)
        return self._alloc

    @property
    def state(self):
        """The complete state as ``scontrol show node`` prints it: the base
        state and its flags joined by ``+`` (``"IDLE"``, ``"IDLE+DRAIN"``,
        ``"MIXED"``, ``"IDLE+CLOUD+POWERED_DOWN"``, ``"DOWN+NOT_RESPONDING"``),
        as upstream pyslurm gives it.  The base state alone is
        :attr:`base_state`; the parts are :attr:`states`.  On a Node built
        for :meth:`modify`, the requested state."""
        if self.ptr == NULL:
            return self._changes.get("state")
        return _state_text(self._state())

    @property
    def base_state(self):
        """The base state: ``IDLE``, ``MIXED``, ``ALLOCATED``, ``DOWN``,
        ``ERROR``, ``FUTURE`` or ``UNKNOWN`` (flags are in
        :attr:`state_flags`; :attr:`state` is the whole)."""
        if self.ptr == NULL:
            return None
        return _BASE_NAMES.get(self._state() & NODE_STATE_BASE, "UNKNOWN")

    @property
    def state_flags(self):
        """The state flags, e.g. ``["DRAIN", "DRAINED"]``,
        ``["CLOUD", "POWERED_DOWN"]``.  A drained node has ``DRAIN`` and
        either ``DRAINING`` (jobs still run on it) or ``DRAINED``, decided
        as sinfo does."""
        if self.ptr == NULL:
            return None
        return list(_states_of(self._state())[1:])

    @property
    def states(self):
        """The base state and its flags in one tuple, as ``scontrol`` joins
        them with ``+``: ``("IDLE", "CLOUD", "POWERED_DOWN")``,
        ``("MIXED",)`` -- :attr:`base_state` followed by :attr:`state_flags`.
        Immutable, and one object per distinct state (cheap to read for
        thousands of nodes, usable as a dict key)."""
        if self.ptr == NULL:
            return None
        return _states_of(self._state())

    @property
    def state_string(self):
        """The state as ``sinfo -o %T`` prints it: ``idle``, ``mixed``,
        ``drained``, ``draining``, ``idle~``, ``down*``, ..."""
        if self.ptr == NULL:
            return None
        cdef uint32_t st = self._state()
        cdef const char *s
        try:
            return _STRING_BY_STATE[st]
        except KeyError:
            pass
        s = slurm_node_state_string(st)
        value = s.decode().lower() if s != NULL else None
        if len(_STRING_BY_STATE) >= _CACHE_MAX:
            _STRING_BY_STATE.clear()
        _STRING_BY_STATE[st] = value
        return value

    state_number = f_raw(&_N.node_state, "The raw ``node_state`` value as the controller "
                         "sent it.")

    @property
    def next_state(self):
        """The state after a pending reboot (e.g. ``"RESUME"``), or None."""
        if self.ptr == NULL or self.ptr.next_state == NO_VAL:
            return None
        if self.ptr.next_state == NODE_RESUME:
            return "RESUME"
        return cstr(slurm_node_state_string(self.ptr.next_state))

    reason = f_str(&_N.reason, "Why the node is down or drained.")

    @property
    def reason_user(self):
        """Who set the reason (user name; None when the uid does not resolve)."""
        if self.ptr == NULL or not self.ptr.reason:
            return None
        uid = u32(self.ptr.reason_uid)
        return None if uid is None else values.user_name(uid)

    @property
    def reason_uid(self):
        """Who set the reason (uid)."""
        if self.ptr == NULL or not self.ptr.reason:
            return None
        return u32(self.ptr.reason_uid)

    reason_time = f_time(&_N.reason_time, "When the reason was set (unix time).")

    # -- CPUs -----------------------------------------------------------
    cpus = f_num(&_N.cpus, "Configured CPUs (CPUTot).")
    effective_cpus = f_num(&_N.cpus_efctv, "CPUs usable by jobs (CPUEfctv: CPUTot minus "
                           "specialized cores).")

    @property
    def alloc_cpus(self):
        """Allocated CPUs (CPUAlloc)."""
        if self.ptr == NULL:
            return None
        return self._alloc_cpus()

    @property
    def idle_cpus(self):
        """Effective CPUs not allocated (whatever the node's state)."""
        if self.ptr == NULL:
            return None
        cdef int total = self.ptr.cpus_efctv if self.ptr.cpus_efctv else self.ptr.cpus
        return max(total - self._alloc_cpus(), 0)

    @property
    def cpu_load(self):
        """The node's load average (None until slurmd reported it)."""
        if self.ptr == NULL or self.ptr.cpu_load == NO_VAL:
            return None
        return self.ptr.cpu_load / 100.0

    boards = f_num(&_N.boards, "Boards.")
    sockets = f_num(&_N.sockets, "Sockets per board.")
    cores_per_socket = f_num(&_N.cores, "CoresPerSocket.")
    threads_per_core = f_num(&_N.threads, "ThreadsPerCore.")
    specialized_cores = f_num(&_N.core_spec_cnt, "CoreSpecCount.")
    specialized_cpus = f_str(&_N.cpu_spec_list, "CPUSpecList.")

    # -- memory and disk ------------------------------------------------
    real_memory = f_num(&_N.real_memory, "RealMemory in MiB.")

    @property
    def alloc_memory(self):
        """Allocated memory in MiB."""
        return pyslurm_node_alloc_memory(self.ptr) if self.ptr != NULL else None

    free_memory = f_num(&_N.free_mem, "Free memory in MiB as slurmd last reported "
                        "(None if never).")
    specialized_memory = f_num(&_N.mem_spec_limit, "MemSpecLimit in MiB.")
    tmp_disk = f_num(&_N.tmp_disk, "TmpDisk in MiB.")

    # -- scheduling -----------------------------------------------------
    weight = f_num(&_N.weight, "Weight.")

    @property
    def partitions(self):
        """Names of the partitions the node is in.

        The controller does not send them with the nodes: the first time
        this is read for a load, the partitions are loaded (one more RPC,
        ``slurm_load_partitions``) and filled in for every node of it, as
        scontrol does (``slurm_populate_node_partitions``).
        """
        if self.ptr == NULL:
            return None
        _populate_partitions(self.owner)
        return _split(self.ptr.partitions)

    @property
    def features(self):
        """Available features (list)."""
        if self.ptr == NULL:
            return self._changes.get("features")
        return _split(self.ptr.features)

    @property
    def active_features(self):
        """Active features (list)."""
        if self.ptr == NULL:
            return self._changes.get("active_features")
        return _split(self.ptr.features_act)

    features_string = f_str(&_N.features, "Available features as Slurm prints them "
                            "(``\"cpu,intel,avx2\"``; None when there are none).")
    active_features_string = f_str(&_N.features_act, "Active features as Slurm prints them "
                                   "(None when there are none): the cheap read when many "
                                   "nodes share a few feature sets.")

    @property
    def gres(self):
        """Configured GRES: ``{"gpu:tesla": {"count": 2, ...}}`` (see
        :func:`pyslurm.formats.parse_gres`)."""
        return _gres(self.ptr.gres) if self.ptr != NULL else None

    @property
    def gres_used(self):
        """GRES in use, as :attr:`gres` (with the indexes in use)."""
        return _gres(self.ptr.gres_used) if self.ptr != NULL else None

    gres_drained = f_str(&_N.gres_drain, "GRES drained (raw string, e.g. ``\"N/A\"``).")
    gres_string = f_str(&_N.gres, "Configured GRES as Slurm prints it.")
    gres_used_string = f_str(&_N.gres_used, "GRES in use as Slurm prints it.")
    tres = f_str(&_N.tres_fmt_str, "Configured TRES (CfgTRES), e.g. "
                 "``\"cpu=4,mem=4000M,billing=4\"``.")

    @property
    def alloc_tres(self):
        """Allocated TRES (AllocTRES)."""
        if self.ptr == NULL:
            return None
        cdef char *s = pyslurm_node_alloc_tres(self.ptr)
        try:
            return cstr(s)
        finally:
            free(s)

    @property
    def owner(self):
        """The user the node is reserved for (name), or None."""
        if self.ptr == NULL:
            return None
        uid = u32(self.ptr.owner)        # mostly unset: no lookup then
        return None if uid is None else values.user_name(uid)

    mcs_label = f_str(&_N.mcs_label, "MCS label.")

    @property
    def reservation(self):
        """The reservation the node is in (24.11+; None on 22.05)."""
        return cstr(pyslurm_node_resv_name(self.ptr)) if self.ptr != NULL else None

    # -- times and software ---------------------------------------------
    boot_time = f_time(&_N.boot_time, "When the node booted (unix time).")
    slurmd_start_time = f_time(&_N.slurmd_start_time, "When slurmd started (unix time).")
    last_busy = f_time(&_N.last_busy, "When the node was last busy (unix time).")
    comment = f_str(&_N.comment, "Comment.")
    extra = f_str(&_N.extra, "Extra (arbitrary text).")
    version = f_str(&_N.version, "slurmd's version.")
    os = f_str(&_N.os, "Operating system as slurmd reports it.")
    arch = f_str(&_N.arch, "Architecture (e.g. ``x86_64``).")
    port = f_num(&_N.port, "slurmd's port.")
    bcast_address = f_str(&_N.bcast_address, "BcastAddr.")

    # -- upstream pyslurm's names (not in to_dict(): the same values) ---------
    architecture = f_str(&_N.arch, ":attr:`arch` under upstream pyslurm's name.")
    slurm_version = f_str(&_N.version, ":attr:`version` under upstream pyslurm's name.")
    operating_system = f_str(&_N.os, ":attr:`os` under upstream pyslurm's name.")
    total_cpus = f_num(&_N.cpus, ":attr:`cpus` under upstream pyslurm's name.")
    memory_reserved_for_system = f_num(&_N.mem_spec_limit, ":attr:`specialized_memory` "
                                       "under upstream pyslurm's name.")
    cores_reserved_for_system = f_num(&_N.core_spec_cnt, ":attr:`specialized_cores` under "
                                      "upstream pyslurm's name.")
    temporary_disk = f_num(&_N.tmp_disk, ":attr:`tmp_disk` under upstream pyslurm's name.")
    slurmd_port = f_num(&_N.port, ":attr:`port` under upstream pyslurm's name.")
    last_busy_time = f_time(&_N.last_busy, ":attr:`last_busy` under upstream pyslurm's name.")

    @property
    def allocated_memory(self):
        """:attr:`alloc_memory` under upstream pyslurm's name."""
        return pyslurm_node_alloc_memory(self.ptr) if self.ptr != NULL else None

    @property
    def allocated_cpus(self):
        """:attr:`alloc_cpus` under upstream pyslurm's name."""
        return self._alloc_cpus() if self.ptr != NULL else None

    @property
    def available_features(self):
        """:attr:`features` under upstream pyslurm's name."""
        if self.ptr == NULL:
            return self._changes.get("features")
        return _split(self.ptr.features)

    @property
    def idle_memory(self):
        """RealMemory not allocated (MiB; 0 when RealMemory is unset)."""
        if self.ptr == NULL:
            return None
        real = u64(self.ptr.real_memory)
        if not real or real == PYSLURM_UNLIMITED:
            return 0
        return max(real - pyslurm_node_alloc_memory(self.ptr), 0)

    @property
    def configured_gres(self):
        """Configured GRES as upstream pyslurm gives them: ``{"gpu:tesla":
        2}`` (name[:type] -> count; :attr:`gres` has the details)."""
        if self.ptr == NULL:
            return None
        return {k: v.get("count") for k, v in _gres(self.ptr.gres).items()}

    @property
    def allocated_tres(self):
        """Allocated TRES as upstream pyslurm gives them: ``{"cpu": 4,
        "mem": "10G"}`` (digits as int; :attr:`alloc_tres` is the string)."""
        if self.ptr == NULL:
            return None
        text = self.alloc_tres
        out = {}
        for item in (text.split(",") if text else ()):
            k, _, v = item.partition("=")
            out[k] = int(v) if v.isdigit() else v
        return out


bind_fields(Node)
_LOADER.item_type = Node


cdef tuple _states_of(uint32_t st):
    """``(base state, *flags)`` of a node_state (MIXED derived), named once
    per distinct value."""
    found = _STATES_BY_STATE.get(st)
    if found is None:
        if len(_STATES_BY_STATE) >= _CACHE_MAX:
            _STATES_BY_STATE.clear()
        found = _STATES_BY_STATE[st] = (
            _BASE_NAMES.get(st & NODE_STATE_BASE, "UNKNOWN"), *_flag_names(st))
    return found


cdef dict _TEXT_BY_STATE = {}      # node_state -> "IDLE+DRAIN"


cdef object _state_text(uint32_t st):
    """The base state and Slurm's flag names joined by ``+`` (without the
    DRAINING/DRAINED pyslurm adds to the flags), as scontrol prints it."""
    text = _TEXT_BY_STATE.get(st)
    if text is None:
        if len(_TEXT_BY_STATE) >= _CACHE_MAX:
            _TEXT_BY_STATE.clear()
        text = _TEXT_BY_STATE[st] = "+".join(
            n for n in _states_of(st) if n not in ("DRAINING", "DRAINED"))
    return text


cdef tuple _flag_names(uint32_t st):
    cdef uint32_t base = st & NODE_STATE_BASE
    out = [name for bit, name in _FLAG_NAMES if st & bit]
    if st & NODE_STATE_DRAIN:
        if (st & NODE_STATE_COMPLETING) or base in (NODE_STATE_ALLOCATED, NODE_STATE_MIXED):
            out.append("DRAINING")
        else:
            out.append("DRAINED")
    return tuple(out)


# -- changes (checked in pyslurm.node_values) -----------------------------------

cdef int _update_nodes(str names, dict changes) except -1:
    """One slurm_update_node call for the hostlist ``names``."""
    ensure_init()
    cdef update_node_msg_t msg
    cdef int rc
    slurm_init_update_node_msg(&msg)
    try:
        set_cstr(&msg.node_names, names)
        if "state" in changes:
            msg.node_state = _STATE_VALUES[changes["state"]]
        if "reason" in changes:
            set_cstr(&msg.reason, changes["reason"])
        if "comment" in changes:
            set_cstr(&msg.comment, changes["comment"])
        if "extra" in changes:
            set_cstr(&msg.extra, changes["extra"])
        if "features" in changes:
            set_cstr(&msg.features, ",".join(changes["features"]))
        if "active_features" in changes:
            set_cstr(&msg.features_act, ",".join(changes["active_features"]))
        if "weight" in changes:
            msg.weight = changes["weight"]
        with nogil:
            rc = slurm_update_node(&msg)
        check_rc(rc, f"slurm_update_node({names})")
    finally:
        free_cstr(&msg.node_names)
        free_cstr(&msg.reason)
        free_cstr(&msg.comment)
        free_cstr(&msg.extra)
        free_cstr(&msg.features)
        free_cstr(&msg.features_act)
    return 0


cdef int _delete_nodes(str names) except -1:
    """One slurm_delete_node call for the hostlist ``names``."""
    ensure_init()
    cdef update_node_msg_t msg
    cdef int rc
    slurm_init_update_node_msg(&msg)
    try:
        set_cstr(&msg.node_names, names)
        with nogil:
            rc = slurm_delete_node(&msg)
        check_rc(rc, f"slurm_delete_node({names!r})")
    finally:
        free_cstr(&msg.node_names)
    return 0


# -- the collection -----------------------------------------------------------

class Nodes(LoadedMap):
    """Nodes by cluster and name (a :class:`pyslurm.xcollections.MultiClusterMap`),
    loaded with one ``slurm_load_node``.

    Examples:
        >>> import pyslurm
        >>> nodes = pyslurm.Nodes.load()     # doctest: +SKIP
        >>> nodes["c1"].state                # doctest: +SKIP
        'IDLE+DRAIN'
        >>> nodes.reload()                   # doctest: +SKIP
        False
    """

    _item_type = Node
    _id_attr = "name"
    _key_type = str
    _loader = _LOADER

    def modify(self, changes=None, **kwargs):
        """Apply the same changes to every node of this collection in one
        RPC (``update_node_msg_t.node_names`` is a hostlist).

        Implements ``slurm_update_node``.  Values are checked before any
        RPC, and the node names are checked to exist (the controller stops
        at the first unknown name, having changed the ones before it).

        Args:
            changes (Node | dict): e.g. ``Node(state="DRAIN", reason="rack 3")``.
            **kwargs: fields, e.g. ``comment=""`` (clears the comment).

        Raises:
            ValueError: an invalid field or value.
            NodeNotFoundError: a node does not exist.
            RPCError: the controller refused.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Nodes(["c1", "c2"]).modify(state="DRAIN", reason="rack 3")  # doctest: +SKIP
        """
        merged = node_values.final_changes(Node()._merged(changes, kwargs))
        if not len(self):
            raise ValueError("Nodes.modify: no nodes")
        for cluster, items in self.data.items():   # each cluster's nodes on its controller
            names = [n.name for n in items.values()]
            if not names:
                continue
            with route(cluster or None):
                have = set(Nodes.load().keys())
                missing = [n for n in names if n not in have]
                if missing:
                    raise make_error(ESLURM_INVALID_NODE_NAME,
                                     f"unknown node(s) {hostlist.collapse(missing)}")
                _update_nodes(hostlist.collapse(names, sort=True), dict(merged))

    # -- summaries ------------------------------------------------------------
    total_cpus = summed("cpus", "Configured CPUs of all nodes.")
    effective_cpus = summed("effective_cpus", "Effective CPUs of all nodes.")
    alloc_cpus = summed("alloc_cpus", "Allocated CPUs of all nodes.")
    idle_cpus = summed("idle_cpus", "Effective CPUs not allocated, on all nodes.")
    real_memory = summed("real_memory", "RealMemory of all nodes (MiB).")
    alloc_memory = summed("alloc_memory", "Allocated memory of all nodes (MiB).")
    free_memory = summed("free_memory", "Free memory slurmd reported, summed (MiB; nodes "
                         "without a report count 0).")
    # upstream pyslurm's names
    allocated_cpus = summed("alloc_cpus", ":attr:`alloc_cpus` under upstream pyslurm's name.")
    allocated_memory = summed("alloc_memory", ":attr:`alloc_memory` under upstream "
                              "pyslurm's name.")
    idle_memory = summed("idle_memory", "RealMemory not allocated, on all nodes (MiB).")

    def state_counts(self, by="state_string"):
        """How many nodes per state.

        Args:
            by (str): an attribute: ``"state_string"`` (as sinfo prints:
                ``idle``, ``drained``, ...), ``"state"`` (complete states:
                ``IDLE+DRAIN``, ...) or ``"base_state"`` (base states only).

        Returns:
            dict: ``{state: count}``.
        """
        out = {}
        for n in self.values():
            key = getattr(n, by)
            out[key] = out.get(key, 0) + 1
        return out


_LOADER.collection = Nodes


cdef int _populate_partitions(MessageOwner owner) except -1:
    if owner is None or owner.completed:
        return 0
    cdef partition_info_msg_t *parts = NULL
    cdef int rc
    with route(owner.cluster):          # the nodes' cluster's partitions
        with nogil:
            rc = slurm_load_partitions(0, &parts, SHOW_ALL)
    check_rc(rc, "slurm_load_partitions")
    try:
        with nogil:
            slurm_populate_node_partitions(<node_info_msg_t *> owner.ptr, parts)
    finally:
        slurm_free_partition_info_msg(parts)
    owner.completed = True
    return 0


__all__ = ["Node", "Nodes", "parse_gres", "node_definition"]
