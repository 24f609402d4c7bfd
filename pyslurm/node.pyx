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

import pwd
import re

cimport cython
from libc.stdint cimport int32_t, uint32_t
from libc.stdlib cimport free
from libc.string cimport memset

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u16, u32, u64, timestamp, set_cstr, free_cstr
from pyslurm.records cimport MessageOwner, FieldReader
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
from slurm_errno cimport (
    SLURM_ERROR, SLURM_NO_CHANGE_IN_DATA, ESLURM_INVALID_NODE_NAME,
)
from compat cimport (
    pyslurm_errno, pyslurm_node_alloc_cpus, pyslurm_node_alloc_memory,
    pyslurm_node_alloc_tres, pyslurm_node_resv_name,
    slurm_node_state_string,
)

from pyslurm import hostlist, values
from pyslurm.xcollections import LoadedMap, local_cluster


cdef void _free_node_msg(void *p) noexcept nogil:
    slurm_free_node_info_msg(<node_info_msg_t *> p)


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

# States a node can be set to with modify(): name -> (node_state value,
# whether Slurm requires a reason).
_SETTABLE_STATES = {
    "DOWN": (NODE_STATE_DOWN, True),
    "DRAIN": (NODE_STATE_DRAIN, True),
    "FAIL": (NODE_STATE_FAIL, True),
    "RESUME": (NODE_RESUME, False),
    "UNDRAIN": (NODE_STATE_UNDRAIN, False),
    "IDLE": (NODE_STATE_IDLE, False),
    "FUTURE": (NODE_STATE_FUTURE, False),
    "NO_RESPOND": (NODE_STATE_NO_RESPOND, False),
    "POWER_DOWN": (NODE_STATE_POWER_DOWN, False),
    "POWER_UP": (NODE_STATE_POWER_UP, False),
}

# Fields Node(...) accepts and modify() sends.
_CHANGEABLE = ("name", "state", "reason", "comment", "extra",
               "features", "active_features", "weight")


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

# A loaded Node has no changes: every one shares this (never mutated) dict.
cdef dict _NO_CHANGES = {}


cdef object _user_name(object uid):
    if uid is None:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError):
        return str(uid)


def _split_top(s):
    """Split a GRES string on commas outside parentheses."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(depth - 1, 0)
        elif c == "," and depth == 0:
            out.append(s[start:i])
            start = i + 1
    out.append(s[start:])
    return [p.strip() for p in out if p.strip()]


_SUFFIX = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4, "P": 1024 ** 5}
_COUNT = re.compile(r"^(\d+)([KMGTP]?)$")


def parse_gres(s):
    """Parse a node's GRES string into ``{"name[:type]": details}``.

    Handles what Slurm prints: ``gpu:2``, ``gpu:tesla:2(S:0-1)``,
    ``gpu:tesla:2(IDX:0-1)``, ``gpu:0(IDX:N/A)``, ``mps:100K``,
    ``gpu:a100:2(S:0,2),shard:8``.  Never raises on odd input: an item it
    cannot read keeps its text as key with ``count`` None.

    Returns:
        dict: ``{key: {"name", "type", "count", "indexes", "sockets"}}``;
        ``indexes``/``sockets`` are the raw ranges (``"0-1"``) or None.

    Examples:
        >>> from pyslurm.node import parse_gres
        >>> parse_gres("gpu:tesla:2(IDX:0-1)")["gpu:tesla"]
        {'name': 'gpu', 'type': 'tesla', 'count': 2, 'indexes': '0-1', 'sockets': None}
    """
    out = {}
    if not s:
        return out
    for item in _split_top(s):
        extra = None
        if "(" in item:
            item, _, extra = item.partition("(")
            extra = extra.rstrip(")")
        parts = item.split(":")
        name, gtype, count = parts[0], None, None
        rest = parts[1:]
        # a trailing number (with an optional K/M/G suffix) is the count
        if rest and _COUNT.match(rest[-1]):
            m = _COUNT.match(rest[-1])
            count = int(m.group(1)) * _SUFFIX[m.group(2)]
            rest = rest[:-1]
        elif not rest:
            count = 1
        # "no_consume" and similar markers are not part of the type
        rest = [r for r in rest if r and r != "no_consume"]
        if rest:
            gtype = ":".join(rest)
        details = {"name": name, "type": gtype, "count": count,
                   "indexes": None, "sockets": None}
        if extra:
            for kv in extra.split(")("):
                k, _, v = kv.partition(":")
                if k == "IDX":
                    details["indexes"] = None if v == "N/A" else v
                elif k == "S":
                    details["sockets"] = v
        key = name if gtype is None else f"{name}:{gtype}"
        if key in out and out[key]["count"] is not None and count is not None:
            out[key]["count"] += count
        else:
            out[key] = details
    return out


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


@cython.no_gc          # refers to no object that could refer back to it
@cython.freelist(64)
cdef class Node:
    """One Slurm node.

    Loaded nodes come from :meth:`Node.load` or :class:`Nodes`.  A Node
    built from Python (``Node("c1")``, ``Node(state="DRAIN", reason="fan")``)
    names a node and/or holds changes for :meth:`modify`; its other
    attributes are None.

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
    value raises ValueError at once.

    Examples:
        >>> import pyslurm
        >>> pyslurm.Node("c1").modify(pyslurm.Node(state="DRAIN", reason="fan"))  # doctest: +SKIP
    """

    def __cinit__(self):
        self.ptr = NULL
        self.owner = None
        self._changes = _NO_CHANGES
        self._name = None
        self._alloc = -1
        self._local_cluster = None

    def __init__(self, name=None, **changes):
        if name is not None:
            changes["name"] = name
        self._changes = _validate_changes(changes)

    @staticmethod
    cdef Node from_ptr(node_info_t *ptr, MessageOwner owner, object cluster):
        cdef Node n = Node.__new__(Node)
        n.ptr = ptr
        n.owner = owner
        n._local_cluster = cluster
        n._name = cstr(ptr.name)
        return n

    @staticmethod
    def load(name):
        """Load one node from the controller.

        Implements ``slurm_load_node`` and picks the node, as ``scontrol
        show node NAME`` does: ``slurm_load_node_single`` is not used
        because the controller (22.05, 24.11 and 26.05 alike) answers it
        with the allocation data of the last *full* load, so a node's
        allocated CPUs and memory, and hence MIXED, could be stale.

        Args:
            name (str): the node's name.

        Returns:
            Node

        Raises:
            NodeNotFoundError: there is no such node.
            RPCError: the controller refused or did not answer.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Node.load("c1").cpus  # doctest: +SKIP
            4
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"Node.load: invalid node name {name!r}")
        cdef MessageOwner owner = _load_msg(None)
        cdef node_info_msg_t *msg = <node_info_msg_t *> owner.ptr
        cdef uint32_t i
        cdef bytes bname = name.encode("utf-8")
        for i in range(msg.record_count):
            if msg.node_array[i].name != NULL and msg.node_array[i].name == bname:
                return Node.from_ptr(&msg.node_array[i], owner, local_cluster())
        raise make_error(ESLURM_INVALID_NODE_NAME, f"node {name!r}")

    def modify(self, changes=None, **kwargs):
        """Change this node.  See :meth:`Nodes.modify`.

        Args:
            changes (Node | dict): e.g. ``Node(state="DRAIN", reason="fan")``.
            **kwargs: the same as fields, e.g. ``comment=""``.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Node("c1").modify(state="RESUME")  # doctest: +SKIP
        """
        name = self.name
        if not name:
            raise ValueError("Node.modify: this Node has no name")
        _update_nodes(name, _merge_changes(changes, kwargs))

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
            with nogil:
                rc = slurm_create_node(&msg)
            check_rc(rc, f"slurm_create_node({line!r})")
        finally:
            free_cstr(&msg.extra)

    def delete(self):
        """Delete this dynamic node (or the hostlist of them it names).

        Implements ``slurm_delete_node``.

        Raises:
            NodeNotFoundError: no such node.
            RPCError: the controller refused (e.g. the node is configured
                in slurm.conf, or has jobs).

        Examples:
            >>> import pyslurm
            >>> pyslurm.Node("d1").delete()                    # doctest: +SKIP
        """
        name = self.name
        if not name:
            raise ValueError("Node.delete: this Node has no name")
        ensure_init()
        cdef update_node_msg_t msg
        cdef int rc
        slurm_init_update_node_msg(&msg)
        try:
            set_cstr(&msg.node_names, name)
            with nogil:
                rc = slurm_delete_node(&msg)
            check_rc(rc, f"slurm_delete_node({name!r})")
        finally:
            free_cstr(&msg.node_names)

    def __repr__(self):
        if self.ptr == NULL:
            inner = ", ".join(f"{k}={v!r}" for k, v in self._changes.items())
            return f"pyslurm.Node({inner})"
        return f"pyslurm.Node({self.name!r}, state={self.state_string!r})"

    def __eq__(self, other):
        if not isinstance(other, Node):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash((self.cluster, self.name))

    def to_dict(self):
        """Every attribute as a plain dict (values as the attributes give them)."""
        if self.ptr == NULL:
            return dict(self._changes)
        return _FIELDS.read(self)

    # -- identity ----------------------------------------------------------
    @property
    def name(self):
        """NodeName."""
        if self._name is not None:
            return self._name
        if self.ptr == NULL:
            return self._changes.get("name")
        return None

    @property
    def cluster(self):
        """The cluster the node belongs to."""
        if self.ptr == NULL:
            return None
        return cstr(self.ptr.cluster_name) or self._local_cluster

    @property
    def address(self):
        """NodeAddr."""
        return cstr(self.ptr.node_addr) if self.ptr != NULL else None

    @property
    def hostname(self):
        """NodeHostName."""
        return cstr(self.ptr.node_hostname) if self.ptr != NULL else None

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
        """The base state: ``IDLE``, ``MIXED``, ``ALLOCATED``, ``DOWN``,
        ``ERROR``, ``FUTURE`` or ``UNKNOWN`` (flags are in
        :attr:`state_flags`).  On a Node built for :meth:`modify`, the
        requested state."""
        if self.ptr == NULL:
            return self._changes.get("state")
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
        ``("MIXED",)`` -- :attr:`state` followed by :attr:`state_flags`.
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

    @property
    def state_number(self):
        """The raw ``node_state`` value as the controller sent it."""
        return self.ptr.node_state if self.ptr != NULL else None

    @property
    def next_state(self):
        """The state after a pending reboot (e.g. ``"RESUME"``), or None."""
        if self.ptr == NULL or self.ptr.next_state == NO_VAL:
            return None
        if self.ptr.next_state == NODE_RESUME:
            return "RESUME"
        cdef const char *s = slurm_node_state_string(self.ptr.next_state)
        return s.decode() if s != NULL else None

    @property
    def reason(self):
        """Why the node is down or drained."""
        if self.ptr == NULL:
            return self._changes.get("reason")
        return cstr(self.ptr.reason)

    @property
    def reason_user(self):
        """Who set the reason (user name)."""
        if self.ptr == NULL or not self.ptr.reason:
            return None
        return _user_name(u32(self.ptr.reason_uid))

    @property
    def reason_uid(self):
        """Who set the reason (uid)."""
        if self.ptr == NULL or not self.ptr.reason:
            return None
        return u32(self.ptr.reason_uid)

    @property
    def reason_time(self):
        """When the reason was set (unix time)."""
        return timestamp(self.ptr.reason_time) if self.ptr != NULL else None

    # -- CPUs -----------------------------------------------------------
    @property
    def cpus(self):
        """Configured CPUs (CPUTot)."""
        return u16(self.ptr.cpus) if self.ptr != NULL else None

    @property
    def effective_cpus(self):
        """CPUs usable by jobs (CPUEfctv: CPUTot minus specialized cores)."""
        return u16(self.ptr.cpus_efctv) if self.ptr != NULL else None

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

    @property
    def boards(self):
        """Boards."""
        return u16(self.ptr.boards) if self.ptr != NULL else None

    @property
    def sockets(self):
        """Sockets per board."""
        return u16(self.ptr.sockets) if self.ptr != NULL else None

    @property
    def cores_per_socket(self):
        """CoresPerSocket."""
        return u16(self.ptr.cores) if self.ptr != NULL else None

    @property
    def threads_per_core(self):
        """ThreadsPerCore."""
        return u16(self.ptr.threads) if self.ptr != NULL else None

    @property
    def specialized_cores(self):
        """CoreSpecCount."""
        return u16(self.ptr.core_spec_cnt) if self.ptr != NULL else None

    @property
    def specialized_cpus(self):
        """CPUSpecList."""
        return cstr(self.ptr.cpu_spec_list) if self.ptr != NULL else None

    # -- memory and disk ------------------------------------------------
    @property
    def real_memory(self):
        """RealMemory in MiB."""
        return u64(self.ptr.real_memory) if self.ptr != NULL else None

    @property
    def alloc_memory(self):
        """Allocated memory in MiB."""
        return pyslurm_node_alloc_memory(self.ptr) if self.ptr != NULL else None

    @property
    def free_memory(self):
        """Free memory in MiB as slurmd last reported (None if never)."""
        return u64(self.ptr.free_mem) if self.ptr != NULL else None

    @property
    def specialized_memory(self):
        """MemSpecLimit in MiB."""
        return u64(self.ptr.mem_spec_limit) if self.ptr != NULL else None

    @property
    def tmp_disk(self):
        """TmpDisk in MiB."""
        return u32(self.ptr.tmp_disk) if self.ptr != NULL else None

    # -- scheduling -----------------------------------------------------
    @property
    def weight(self):
        """Weight."""
        if self.ptr == NULL:
            return self._changes.get("weight")
        return u32(self.ptr.weight)

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

    @property
    def features_string(self):
        """Available features as Slurm prints them (``"cpu,intel,avx2"``;
        None when there are none)."""
        return cstr(self.ptr.features) if self.ptr != NULL else None

    @property
    def active_features_string(self):
        """Active features as Slurm prints them (None when there are
        none): the cheap read when many nodes share a few feature sets."""
        return cstr(self.ptr.features_act) if self.ptr != NULL else None

    @property
    def gres(self):
        """Configured GRES: ``{"gpu:tesla": {"count": 2, ...}}`` (see
        :func:`parse_gres`)."""
        return _gres(self.ptr.gres) if self.ptr != NULL else None

    @property
    def gres_used(self):
        """GRES in use, as :attr:`gres` (with the indexes in use)."""
        return _gres(self.ptr.gres_used) if self.ptr != NULL else None

    @property
    def gres_drained(self):
        """GRES drained (raw string, e.g. ``"N/A"``)."""
        return cstr(self.ptr.gres_drain) if self.ptr != NULL else None

    @property
    def gres_string(self):
        """Configured GRES as Slurm prints it."""
        return cstr(self.ptr.gres) if self.ptr != NULL else None

    @property
    def gres_used_string(self):
        """GRES in use as Slurm prints it."""
        return cstr(self.ptr.gres_used) if self.ptr != NULL else None

    @property
    def tres(self):
        """Configured TRES (CfgTRES), e.g. ``"cpu=4,mem=4000M,billing=4"``."""
        return cstr(self.ptr.tres_fmt_str) if self.ptr != NULL else None

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
        return _user_name(u32(self.ptr.owner))

    @property
    def mcs_label(self):
        """MCS label."""
        return cstr(self.ptr.mcs_label) if self.ptr != NULL else None

    @property
    def reservation(self):
        """The reservation the node is in (24.11+; None on 22.05)."""
        return cstr(pyslurm_node_resv_name(self.ptr)) if self.ptr != NULL else None

    # -- times and software ---------------------------------------------
    @property
    def boot_time(self):
        """When the node booted (unix time)."""
        return timestamp(self.ptr.boot_time) if self.ptr != NULL else None

    @property
    def slurmd_start_time(self):
        """When slurmd started (unix time)."""
        return timestamp(self.ptr.slurmd_start_time) if self.ptr != NULL else None

    @property
    def last_busy(self):
        """When the node was last busy (unix time)."""
        return timestamp(self.ptr.last_busy) if self.ptr != NULL else None

    @property
    def comment(self):
        """Comment."""
        if self.ptr == NULL:
            return self._changes.get("comment")
        return cstr(self.ptr.comment)

    @property
    def extra(self):
        """Extra (arbitrary text)."""
        if self.ptr == NULL:
            return self._changes.get("extra")
        return cstr(self.ptr.extra)

    @property
    def version(self):
        """slurmd's version."""
        return cstr(self.ptr.version) if self.ptr != NULL else None

    @property
    def os(self):
        """Operating system as slurmd reports it."""
        return cstr(self.ptr.os) if self.ptr != NULL else None

    @property
    def arch(self):
        """Architecture (e.g. ``x86_64``)."""
        return cstr(self.ptr.arch) if self.ptr != NULL else None

    @property
    def port(self):
        """slurmd's port."""
        return u16(self.ptr.port) if self.ptr != NULL else None

    @property
    def bcast_address(self):
        """BcastAddr."""
        return cstr(self.ptr.bcast_address) if self.ptr != NULL else None


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


cdef tuple _flag_names(uint32_t st):
    cdef uint32_t base = st & NODE_STATE_BASE
    out = [name for bit, name in _FLAG_NAMES if st & bit]
    if st & NODE_STATE_DRAIN:
        if (st & NODE_STATE_COMPLETING) or base in (NODE_STATE_ALLOCATED, NODE_STATE_MIXED):
            out.append("DRAINING")
        else:
            out.append("DRAINED")
    return tuple(out)


cdef FieldReader _FIELDS = FieldReader(Node)
_NODE_FIELDS = _FIELDS.names


# -- changes ---------------------------------------------------------------

def _as_list_str(field, value):
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")] if value else []
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise ValueError(f"Node: {field} must be a list of str or a "
                         f"comma-separated str, not {value!r}")
    for v in items:
        if not isinstance(v, str) or not v or "," in v or v != v.strip() \
                or not v.isprintable():
            raise ValueError(f"Node: invalid {field} entry {v!r} in {value!r}")
    return items


def _validate_changes(changes):
    out = {}
    for field, value in changes.items():
        if field not in _CHANGEABLE:
            raise ValueError(f"Node: {field!r} cannot be set (settable: "
                             f"{', '.join(_CHANGEABLE)})")
        if value is None:
            continue
        if field == "name":
            if not isinstance(value, str) or not value:
                raise ValueError(f"Node: invalid name {value!r}")
            value = hostlist.checked(value, "name")
        elif field == "state":
            if not isinstance(value, str) or value.upper() not in _SETTABLE_STATES:
                raise ValueError(f"Node: invalid state {value!r} (one of "
                                 f"{', '.join(_SETTABLE_STATES)})")
            value = value.upper()
        elif field in ("reason", "comment", "extra"):
            values.text(field, value)
        elif field in ("features", "active_features"):
            value = _as_list_str(field, value)
        elif field == "weight":
            values.integer("weight", value, 0, values.U32_MAX, strings=False)
        out[field] = value
    state = out.get("state")
    if state is not None and _SETTABLE_STATES[state][1] and not out.get("reason"):
        raise ValueError(f"Node: state {state!r} needs a reason")
    return out


# Node.create(): keyword -> (key of the NodeName= line, largest value: the
# C field's largest non-sentinel value), for int values
_DEFINITION_INTS = {
    "cpus": ("CPUs", values.U16_MAX), "boards": ("Boards", values.U16_MAX),
    "sockets": ("Sockets", values.U16_MAX),
    "cores_per_socket": ("CoresPerSocket", values.U16_MAX),
    "threads_per_core": ("ThreadsPerCore", values.U16_MAX),
    "real_memory": ("RealMemory", values.MEMORY_MAX),
    "tmp_disk": ("TmpDisk", values.U32_MAX), "weight": ("Weight", values.U32_MAX),
    "port": ("Port", 65535),
}
_DEFINITION_STRS = {"gres": "Gres", "address": "NodeAddr", "hostname": "NodeHostname"}
_DEFINITION_STATES = ("CLOUD", "FUTURE")


def node_definition(name, **definition):
    """The ``NodeName=...`` line :meth:`Node.create` sends, checked.

    Examples:
        >>> node_definition("d1", cpus=2, real_memory=1000, features=["dyn"])
        'NodeName=d1 CPUs=2 RealMemory=1000 Features=dyn State=CLOUD'
    """
    if (not isinstance(name, str) or not name or "[" in name
            or any(c in name for c in ",= \t\n\0") or not name.isprintable()
            or name.upper() in values.RESERVED_NAMES):
        raise ValueError(f"Node.create: invalid name {name!r} (one node name, "
                         f"not {'/'.join(sorted(values.RESERVED_NAMES))})")
    hostlist.validate(name)
    parts = [f"NodeName={name}"]
    state = definition.pop("state", None) or "CLOUD"
    for field, value in definition.items():
        if value is None:
            continue
        if field in _DEFINITION_INTS:
            key, hi = _DEFINITION_INTS[field]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= hi:
                raise ValueError(f"Node.create: invalid {field} {value!r} "
                                 f"(an int from 0 to {hi})")
            parts.append(f"{key}={value}")
        elif field == "features":
            items = _as_list_str("features", value)
            for v in items:
                if any(c in v for c in "= \t\n\0") or not v.isprintable():
                    raise ValueError(f"Node.create: invalid features entry {v!r}")
            if items:
                parts.append(f"Features={','.join(items)}")
        elif field in _DEFINITION_STRS:
            if (not isinstance(value, str) or not value
                    or any(c in value for c in "= \t\n\0") or not value.isprintable()):
                raise ValueError(f"Node.create: invalid {field} {value!r}")
            parts.append(f"{_DEFINITION_STRS[field]}={value}")
        else:
            known = [*_DEFINITION_INTS, "features", *_DEFINITION_STRS, "state"]
            raise ValueError(f"Node.create: {field!r} cannot be set (settable: "
                             f"{', '.join(known)})")
    if not isinstance(state, str) or state.upper() not in _DEFINITION_STATES:
        raise ValueError(f"Node.create: invalid state {state!r} (one of "
                         f"{', '.join(_DEFINITION_STATES)})")
    parts.append(f"State={state.upper()}")
    return " ".join(parts)


def _merge_changes(changes, kwargs):
    if changes is None:
        merged = {}
    elif isinstance(changes, Node):
        merged = dict((<Node> changes)._changes)   # a copy: never the shared empty one
        merged.pop("name", None)
    elif isinstance(changes, dict):
        merged = _validate_changes(changes)
    else:
        raise TypeError(f"changes must be a Node or a dict, not {type(changes).__name__}")
    merged.update(_validate_changes(kwargs))
    merged.pop("name", None)
    if not merged:
        raise ValueError("no changes given")
    state = merged.get("state")
    if state is not None and _SETTABLE_STATES[state][1] and not merged.get("reason"):
        raise ValueError(f"Node: state {state!r} needs a reason")
    if merged.get("reason") == "" and state not in ("RESUME", "UNDRAIN", "IDLE"):
        # Slurm (22.05, 24.11, 26.05) ignores an empty reason, so it would
        # be a silent no-op: a drained or down node keeps its reason.
        raise ValueError("Node: reason '' is ignored by Slurm, which keeps a "
                         "reason while the node is drained or down; resume "
                         "the node (state='RESUME') instead")
    return merged


cdef int _update_nodes(str names, dict changes) except -1:
    """One slurm_update_node call for the hostlist ``names``."""
    ensure_init()
    cdef update_node_msg_t msg
    cdef int rc
    slurm_init_update_node_msg(&msg)
    try:
        set_cstr(&msg.node_names, names)
        if "state" in changes:
            msg.node_state = _SETTABLE_STATES[changes["state"]][0]
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


# -- the collection -----------------------------------------------------------

class Nodes(LoadedMap):
    """Nodes by cluster and name (a :class:`pyslurm.xcollections.MultiClusterMap`).

    Examples:
        >>> import pyslurm
        >>> nodes = pyslurm.Nodes.load()     # doctest: +SKIP
        >>> nodes["c1"].state                # doctest: +SKIP
        'IDLE'
        >>> nodes.reload()                   # doctest: +SKIP
        False
    """

    _item_type = Node
    _id_attr = "name"
    _key_type = str

    @classmethod
    def load(cls, update_time=None, cluster=None):
        """Load every node with one RPC.

        Implements ``slurm_load_node``.

        Args:
            update_time (int): a previous load's :attr:`last_update`; when
                nothing changed since, no nodes are sent and None is
                returned (the cheap poll).
            cluster (str): the cluster to load from; only the local one is
                supported yet (None).

        Returns:
            Nodes, or None when nothing changed since ``update_time``.

        Raises:
            RPCError: the controller refused or did not answer.
            ValueError: ``cluster`` names another cluster.

        Examples:
            >>> import pyslurm
            >>> nodes = pyslurm.Nodes.load()                 # doctest: +SKIP
            >>> pyslurm.Nodes.load(nodes.last_update)        # doctest: +SKIP
        """
        return super().load(update_time, cluster)

    def _records(self, MessageOwner owner, local):
        cdef node_info_msg_t *msg = <node_info_msg_t *> owner.ptr
        cdef uint32_t i
        for i in range(msg.record_count):
            if msg.node_array[i].name != NULL:    # NULL: a hidden or unused slot
                yield Node.from_ptr(&msg.node_array[i], owner, local)

    @staticmethod
    def _read_fields(MessageOwner owner, local, FieldReader reader, bint as_tuples):
        # One Node pointed at each record in turn: no object per node.
        cdef node_info_msg_t *msg = <node_info_msg_t *> owner.ptr
        cdef uint32_t i
        cdef Node cursor = Node.__new__(Node)
        cdef list out = []
        cursor.owner = owner
        cursor._local_cluster = local
        try:
            for i in range(msg.record_count):
                if msg.node_array[i].name == NULL:    # a hidden or unused slot
                    continue
                cursor.ptr = &msg.node_array[i]
                cursor._name = cstr(cursor.ptr.name)
                cursor._alloc = -1
                out.append(reader.read_tuple(cursor) if as_tuples else reader.read(cursor))
        finally:
            cursor.ptr = NULL
        return out

    @staticmethod
    def _index(MessageOwner owner, local):
        return _index_nodes(owner, local)

    @staticmethod
    def _load_msg(update_time):
        return _load_msg(update_time)

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
        merged = _merge_changes(changes, kwargs)
        names = [n.name for n in self.values()]
        if not names:
            raise ValueError("Nodes.modify: no nodes")
        known = _load_msg(None)
        have = {n.name for n in Nodes._from_owner(known).values()}
        missing = [n for n in names if n not in have]
        if missing:
            raise make_error(ESLURM_INVALID_NODE_NAME,
                             f"unknown node(s) {hostlist.collapse(missing)}")
        _update_nodes(hostlist.collapse(names, sort=True), merged)

    @classmethod
    def _from_owner(cls, owner):
        nodes = cls()
        nodes._fill_from(owner, local_cluster())
        return nodes

    # -- summaries ------------------------------------------------------------
    @property
    def total_cpus(self):
        """Configured CPUs of all nodes."""
        return sum(n.cpus or 0 for n in self.values())

    @property
    def effective_cpus(self):
        """Effective CPUs of all nodes."""
        return sum(n.effective_cpus or 0 for n in self.values())

    @property
    def alloc_cpus(self):
        """Allocated CPUs of all nodes."""
        return sum(n.alloc_cpus or 0 for n in self.values())

    @property
    def idle_cpus(self):
        """Effective CPUs not allocated, on all nodes."""
        return sum(n.idle_cpus or 0 for n in self.values())

    @property
    def real_memory(self):
        """RealMemory of all nodes (MiB)."""
        return sum(n.real_memory or 0 for n in self.values())

    @property
    def alloc_memory(self):
        """Allocated memory of all nodes (MiB)."""
        return sum(n.alloc_memory or 0 for n in self.values())

    @property
    def free_memory(self):
        """Free memory slurmd reported, summed (MiB; nodes without a report count 0)."""
        return sum(n.free_memory or 0 for n in self.values())

    def state_counts(self, by="state_string"):
        """How many nodes per state.

        Args:
            by (str): ``"state_string"`` (as sinfo prints: ``idle``,
                ``drained``, ...) or ``"state"`` (base states only).

        Returns:
            dict: ``{state: count}``.
        """
        out = {}
        for n in self.values():
            key = getattr(n, by)
            out[key] = out.get(key, 0) + 1
        return out


cdef dict _index_nodes(MessageOwner owner, object local):
    """``{cluster: {name: Node}}`` of a message's nodes, in its order
    (what LoadedMap._fill_from builds from ``_records``, in one C loop)."""
    cdef node_info_msg_t *msg = <node_info_msg_t *> owner.ptr
    cdef node_info_t *p
    cdef Node n
    cdef dict data = {}
    cdef dict here = None
    cdef uint32_t i
    for i in range(msg.record_count):
        p = &msg.node_array[i]
        if p.name == NULL:                   # a hidden or unused slot
            continue
        n = Node.__new__(Node)
        n.ptr = p
        n.owner = owner
        n._local_cluster = local
        name = cstr(p.name)
        n._name = name
        if p.cluster_name == NULL or p.cluster_name[0] == 0:
            if here is None:
                here = data.setdefault(local or "", {})
            here[name] = n
        else:
            data.setdefault(cstr(p.cluster_name), {})[name] = n
    return data


cdef int _populate_partitions(MessageOwner owner) except -1:
    if owner is None or owner.completed:
        return 0
    cdef partition_info_msg_t *parts = NULL
    cdef int rc
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


def _load_msg(update_time):
    """A MessageOwner of a fresh node_info_msg_t, or None for "no change"."""
    ensure_init()
    cdef node_info_msg_t *msg = NULL
    cdef long t = 0 if update_time is None else int(update_time)
    cdef int rc, err = 0
    with nogil:
        rc = slurm_load_node(t, &msg, SHOW_ALL | SHOW_DETAIL)
        if rc == SLURM_ERROR:
            err = pyslurm_errno()
    if rc == SLURM_NO_CHANGE_IN_DATA or (rc == SLURM_ERROR and err == SLURM_NO_CHANGE_IN_DATA):
        return None
    check_rc(rc, "slurm_load_node")
    return MessageOwner.wrap(msg, _free_node_msg, msg.last_update)


__all__ = ["Node", "Nodes", "parse_gres", "node_definition"]
