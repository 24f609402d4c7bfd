# cython: language_level=3
"""Slurm reservations: read, create, change and delete them.

Examples:
    >>> import pyslurm
    >>> for r in pyslurm.Reservations.load().values():    # doctest: +SKIP
    ...     print(r.name, r.node_names, r.users, r.is_active)
    maint ['c3', 'c4'] ['root'] True
    >>> pyslurm.Reservation(name="maint2", nodes="c[3-4]", duration=30,
    ...                     users=["root"], flags=["MAINT"]).create()  # doctest: +SKIP
    'maint2'

Values follow pyslurm's convention: unset is ``None``, unlimited is
``pyslurm.UNLIMITED``; times are unix timestamps, durations minutes.
"""

import datetime
import time

from libc.stdint cimport uint32_t, uint64_t

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, u32, timestamp, set_cstr, free_cstr, PYSLURM_UNLIMITED
from pyslurm.records cimport MessageOwner
from slurm cimport (
    reserve_info_t, reserve_info_msg_t, resv_desc_msg_t, reservation_name_msg_t,
    slurm_load_reservations, slurm_free_reservation_info_msg, slurm_init_resv_desc_msg,
    slurm_create_reservation, slurm_update_reservation, slurm_delete_reservation,
    NO_VAL, INFINITE,
)
from slurm_errno cimport SLURM_ERROR, SLURM_NO_CHANGE_IN_DATA, ESLURM_RESERVATION_INVALID
from compat cimport (
    pyslurm_errno, slurm_xfree_ptr, slurm_reservation_flags_string,
    pyslurm_resv_flags, pyslurm_resv_desc_set_node_cnt, pyslurm_resv_desc_set_core_cnt,
    pyslurm_resv_desc_free_counts, PYSLURM_RESV_HAS_COMMENT, pyslurm_resv_comment,
    pyslurm_resv_desc_set_comment, pyslurm_resv_qos, pyslurm_free_resv_name,
    pyslurm_resv_allowed_parts,
)

from pyslurm import hostlist, values
from pyslurm.xcollections import LoadedMap


cdef void _free_resv_msg(void *p) noexcept nogil:
    slurm_free_reservation_info_msg(<reserve_info_msg_t *> p)


def _flag_table():
    """{name: (set bit, clear bit)} for the flags this Slurm major has."""
    out = {}
    cdef int i = 0
    while pyslurm_resv_flags[i].name != NULL:
        out[pyslurm_resv_flags[i].name.decode()] = (pyslurm_resv_flags[i].set,
                                                    pyslurm_resv_flags[i].clear)
        i += 1
    return out


#: Flag names this build accepts (as ``scontrol show reservation`` prints
#: them), with the bits that set and clear them.
FLAGS = _flag_table()

_LISTS = ("users", "accounts", "groups")
_TIMES = ("start_time", "end_time")
_COUNTS = ("node_count", "core_count")
_STRS = ("partition", "features", "burst_buffer", "comment")
_CHANGEABLE = (("name", "nodes", "duration", "flags", "licenses")
               + _TIMES + _LISTS + _COUNTS + _STRS)
_BAD_CHARS = " \t\n\0"


cdef list _split(const char *s):
    v = cstr(s)
    return v.split(",") if v else []


cdef class Reservation:
    """One Slurm reservation.

    Loaded reservations come from :meth:`Reservation.load` or
    :class:`Reservations`.  A Reservation built from Python names a
    reservation and/or holds values for :meth:`create` and :meth:`modify`;
    its other attributes are None.

    ``Reservation(name=None, **changes)`` takes ``name``, ``nodes``
    (hostlist str, list of names, or ``"ALL"``), ``start_time`` and
    ``end_time`` (unix timestamps or ``datetime``), ``duration`` (minutes,
    or ``pyslurm.UNLIMITED``), ``users``, ``accounts``, ``groups`` (lists
    or comma-separated str; in :meth:`modify` an entry ``"+name"`` adds and
    ``"-name"`` removes), ``flags`` (names from :data:`FLAGS`, e.g.
    ``["MAINT", "IGNORE_JOBS"]``; in :meth:`modify` ``"-MAINT"`` clears
    one), ``partition``, ``features``, ``licenses`` (``"name:count,..."``
    or a dict), ``node_count``, ``core_count``, ``burst_buffer`` and
    ``comment`` (Slurm 24.11 and later).  An unknown field or an invalid
    value raises ValueError at once.

    Examples:
        >>> import pyslurm
        >>> r = pyslurm.Reservation(nodes="c[3-4]", duration=30, users=["root"],
        ...                         flags=["MAINT", "IGNORE_JOBS"])   # doctest: +SKIP
        >>> r.create()                                     # doctest: +SKIP
        'root_1'
    """

    def __cinit__(self):
        self.ptr = NULL
        self.owner = None
        self._changes = {}
        self._local_cluster = None

    def __init__(self, name=None, **changes):
        if name is not None:
            changes["name"] = name
        # "+user" / "-FLAG" are accepted here for modify(Reservation(...));
        # create() refuses them
        self._changes = _validate(changes, True)

    @staticmethod
    cdef Reservation from_ptr(reserve_info_t *ptr, MessageOwner owner, object cluster):
        cdef Reservation r = Reservation.__new__(Reservation)
        r.ptr = ptr
        r.owner = owner
        r._local_cluster = cluster
        return r

    @staticmethod
    def load(name):
        """Load one reservation.

        Implements ``slurm_load_reservations`` (Slurm has no
        single-reservation load).

        Raises:
            ReservationNotFoundError: there is no such reservation.

        Examples:
            >>> import pyslurm
            >>> pyslurm.Reservation.load("maint").node_names  # doctest: +SKIP
            ['c3', 'c4']
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"Reservation.load: invalid name {name!r}")
        resvs = Reservations.load()
        try:
            return resvs[resvs.local_cluster or "", name]
        except KeyError:
            raise make_error(ESLURM_RESERVATION_INVALID, f"reservation {name!r}") from None

    def create(self):
        """Create this reservation.  Implements ``slurm_create_reservation``.

        ``start_time`` defaults to now; ``duration`` or ``end_time`` and at
        least one of ``users``, ``accounts``, ``groups`` are needed.
        Without a ``name`` Slurm chooses one; it is stored in this object.

        Returns:
            str: the reservation's name.

        Raises:
            ValueError: missing or invalid values (before any RPC).
            RPCError: the controller refused (e.g. the nodes are busy or
                the name exists).

        Examples:
            >>> import pyslurm
            >>> pyslurm.Reservation("maint", nodes="c[3-4]", duration=60,
            ...                     users="root", flags="MAINT").create()  # doctest: +SKIP
            'maint'
        """
        changes = dict(self._changes)
        if not any(changes.get(f) for f in _LISTS):
            raise ValueError("Reservation.create: users, accounts or groups must be given")
        if "duration" not in changes and "end_time" not in changes:
            raise ValueError("Reservation.create: duration or end_time must be given")
        for f in ("users", "accounts", "groups"):
            for v in changes.get(f) or ():
                if v.startswith("+"):
                    raise ValueError(f"Reservation.create: invalid {f} entry {v!r} "
                                     f"('+' only adds in modify)")
        for flag in changes.get("flags") or ():
            if flag.startswith("-"):
                raise ValueError(f"Reservation.create: invalid flags entry {flag!r} "
                                 f"('-' only clears in modify)")
        if "start_time" not in changes:
            changes["start_time"] = int(time.time())
        end = changes.get("end_time")
        if end is not None and end <= changes["start_time"]:
            raise ValueError(f"Reservation.create: end_time {end!r} is not after "
                             f"start_time {changes['start_time']!r}")
        name = _send(changes, 0)
        self._changes["name"] = name
        return name

    def modify(self, changes=None, **kwargs):
        """Change this reservation.  Implements ``slurm_update_reservation``.

        Args:
            changes (Reservation | dict): the new values.
            **kwargs: the same as fields.

        Raises:
            ValueError: invalid values (before any RPC).
            ReservationNotFoundError: no such reservation.
            RPCError: the controller refused.

        Examples:
            >>> import pyslurm
            >>> r = pyslurm.Reservation("maint")
            >>> r.modify(duration=120, users=["root", "alice"])  # doctest: +SKIP
        """
        if isinstance(changes, Reservation):
            merged = _validate((<Reservation> changes)._changes, True)
        elif isinstance(changes, dict):
            merged = _validate(changes, True)
        elif changes is None:
            merged = {}
        else:
            raise TypeError(f"changes must be a Reservation or a dict, "
                            f"not {type(changes).__name__}")
        merged.update(_validate(kwargs, True))
        merged.pop("name", None)
        if not merged:
            raise ValueError("no changes given")
        name = self.name
        if not name:
            raise ValueError("Reservation.modify: this Reservation has no name")
        merged["name"] = name
        _send(merged, 1)

    def delete(self):
        """Delete this reservation.  Implements ``slurm_delete_reservation``.

        Raises:
            ReservationNotFoundError: no such reservation.
            RPCError: the controller refused (e.g. jobs still run in it).
        """
        name = self.name
        if not name:
            raise ValueError("Reservation.delete: this Reservation has no name")
        ensure_init()
        cdef reservation_name_msg_t msg
        cdef int rc
        msg.name = NULL
        try:
            set_cstr(&msg.name, name)
            with nogil:
                rc = slurm_delete_reservation(&msg)
            check_rc(rc, f"slurm_delete_reservation({name!r})")
        finally:
            free_cstr(&msg.name)

    def __repr__(self):
        if self.ptr == NULL:
            inner = ", ".join(f"{k}={v!r}" for k, v in self._changes.items())
            return f"pyslurm.Reservation({inner})"
        return (f"pyslurm.Reservation({self.name!r}, nodes={self.nodes!r}, "
                f"start_time={self.start_time!r}, end_time={self.end_time!r})")

    def __eq__(self, other):
        if not isinstance(other, Reservation):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash((self.cluster, self.name))

    def to_dict(self):
        """Every attribute as a plain dict."""
        if self.ptr == NULL:
            return dict(self._changes)
        return {name: getattr(self, name) for name in _RESERVATION_FIELDS}

    @property
    def name(self):
        """ReservationName."""
        return cstr(self.ptr.name) if self.ptr != NULL else self._changes.get("name")

    @property
    def cluster(self):
        """The cluster the reservation belongs to."""
        return self._local_cluster if self.ptr != NULL else None

    @property
    def nodes(self):
        """Nodes as a hostlist string (``"c[3-4]"``); None when the
        reservation has no nodes (e.g. licenses only)."""
        return cstr(self.ptr.node_list) if self.ptr != NULL else self._changes.get("nodes")

    @property
    def node_names(self):
        """The node names, expanded (list of str; ``[]`` without nodes)."""
        nodes = self.nodes
        if not nodes or (self.ptr == NULL and nodes == "ALL"):
            return []
        return hostlist.expand(nodes)

    @property
    def node_count(self):
        """NodeCnt."""
        return u32(self.ptr.node_cnt) if self.ptr != NULL else self._changes.get("node_count")

    @property
    def core_count(self):
        """CoreCnt."""
        return u32(self.ptr.core_cnt) if self.ptr != NULL else self._changes.get("core_count")

    @property
    def partition(self):
        """PartitionName (None when unset)."""
        return cstr(self.ptr.partition) if self.ptr != NULL else self._changes.get("partition")

    @property
    def start_time(self):
        """StartTime (unix timestamp)."""
        if self.ptr == NULL:
            return self._changes.get("start_time")
        return timestamp(self.ptr.start_time)

    @property
    def end_time(self):
        """EndTime (unix timestamp)."""
        return timestamp(self.ptr.end_time) if self.ptr != NULL else self._changes.get("end_time")

    @property
    def duration(self):
        """Duration in minutes (end - start)."""
        if self.ptr == NULL:
            return self._changes.get("duration")
        start, end = self.start_time, self.end_time
        if start is None or end is None:
            return None
        return (end - start) // 60

    @property
    def is_active(self):
        """True while the reservation runs (start <= now < end)."""
        if self.ptr == NULL:
            return None
        start, end = self.start_time, self.end_time
        now = time.time()
        return start is not None and end is not None and start <= now < end

    @property
    def state(self):
        """``ACTIVE`` or ``INACTIVE``, as scontrol prints State."""
        if self.ptr == NULL:
            return None
        return "ACTIVE" if self.is_active else "INACTIVE"

    @property
    def users(self):
        """Users (list of str; ``-name`` entries deny)."""
        return _split(self.ptr.users) if self.ptr != NULL else self._changes.get("users")

    @property
    def accounts(self):
        """Accounts (list of str; ``-name`` entries deny)."""
        return _split(self.ptr.accounts) if self.ptr != NULL else self._changes.get("accounts")

    @property
    def groups(self):
        """Groups (list of str)."""
        return _split(self.ptr.groups) if self.ptr != NULL else self._changes.get("groups")

    @property
    def flags(self):
        """Flags as scontrol prints them (``["MAINT", "IGNORE_JOBS"]``;
        ``PURGE_COMP`` may read ``"PURGE_COMP=00:05:00"``)."""
        if self.ptr == NULL:
            return self._changes.get("flags")
        cdef char *s = slurm_reservation_flags_string(self.ptr)
        try:
            v = cstr(s)
        finally:
            if s != NULL:
                slurm_xfree_ptr(s)
        return v.split(",") if v else []

    @property
    def flags_value(self):
        """The raw flag bits."""
        return self.ptr.flags if self.ptr != NULL else None

    @property
    def features(self):
        """Features the nodes were chosen by."""
        return cstr(self.ptr.features) if self.ptr != NULL else self._changes.get("features")

    @property
    def licenses(self):
        """Licenses as Slurm prints them (``"foo:2,bar:1"``)."""
        return cstr(self.ptr.licenses) if self.ptr != NULL else self._changes.get("licenses")

    @property
    def tres(self):
        """TRES as a dict (``{"cpu": "8"}``; values as Slurm prints them)."""
        if self.ptr == NULL:
            return None
        out = {}
        for item in _split(self.ptr.tres_str):
            k, _, v = item.partition("=")
            out[k] = v
        return out

    @property
    def tres_string(self):
        """TRES as Slurm prints it (``"cpu=8"``)."""
        return cstr(self.ptr.tres_str) if self.ptr != NULL else None

    @property
    def burst_buffer(self):
        """BurstBuffer."""
        if self.ptr == NULL:
            return self._changes.get("burst_buffer")
        return cstr(self.ptr.burst_buffer)

    @property
    def comment(self):
        """Comment (Slurm 24.11 and later; None before)."""
        if self.ptr == NULL:
            return self._changes.get("comment")
        return cstr(pyslurm_resv_comment(self.ptr))

    @property
    def qos(self):
        """QOS (Slurm 26.05 and later; None before)."""
        return cstr(pyslurm_resv_qos(self.ptr)) if self.ptr != NULL else None

    @property
    def allowed_partitions(self):
        """AllowedPartitions (Slurm 26.05 and later; ``[]`` before)."""
        return _split(pyslurm_resv_allowed_parts(self.ptr)) if self.ptr != NULL else None

    @property
    def max_start_delay(self):
        """MaxStartDelay in seconds (None when unset)."""
        if self.ptr == NULL:
            return None
        v = u32(self.ptr.max_start_delay)
        return v or None


_RESERVATION_FIELDS = tuple(
    name for name, value in vars(Reservation).items()
    if not name.startswith("_") and type(value).__name__ == "getset_descriptor")


def _time(field, value):
    t = value
    if isinstance(value, datetime.datetime):
        try:
            t = int(value.timestamp())
        except (ValueError, OverflowError, OSError):
            t = -1
    if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 < t <= values.TIME_MAX:
        raise ValueError(f"Reservation: invalid {field} {value!r} "
                         f"(a unix timestamp up to {values.TIME_MAX}, or a datetime)")
    return int(t)


def _names(field, value, modify):
    items = value.split(",") if isinstance(value, str) else value
    try:
        items = list(items)
    except TypeError:
        raise ValueError(f"Reservation: invalid {field} {value!r} "
                         f"(a list of names or a comma-separated str)") from None
    for v in items:
        if (not isinstance(v, str) or not v.lstrip("+-") or "," in v
                or any(c in v for c in _BAD_CHARS) or not v.isprintable()
                or (v[0] == "+" and not modify) or v[1:2] in ("+", "-")):
            raise ValueError(f"Reservation: invalid {field} entry {v!r} in {value!r}")
    return items


def _validate(changes, modify):
    """Check and normalise Reservation fields (no RPC)."""
    out = {}
    for field, value in changes.items():
        if field not in _CHANGEABLE:
            raise ValueError(f"Reservation: {field!r} cannot be set (settable: "
                             f"{', '.join(_CHANGEABLE)})")
        if value is None:
            continue
        if field == "name":
            if (not isinstance(value, str) or not value or not value.isprintable()
                    or any(c in value for c in ", \t\n=\0")):
                raise ValueError(f"Reservation: invalid name {value!r}")
        elif field == "nodes":
            if not isinstance(value, str):
                try:
                    value = hostlist.collapse(value)
                except (TypeError, ValueError):
                    raise ValueError(f"Reservation: invalid nodes {value!r}") from None
            if value.upper() == "ALL":
                value = "ALL"
            else:
                try:
                    value = hostlist.checked(value, "nodes")
                except ValueError as e:
                    raise ValueError(f"Reservation: invalid nodes {value!r}: {e}") from None
        elif field in _TIMES:
            value = _time(field, value)
        elif field == "duration":
            if value == PYSLURM_UNLIMITED:
                pass
            elif (isinstance(value, bool) or not isinstance(value, int)
                  or not 0 < value < NO_VAL - 1):
                raise ValueError(f"Reservation: invalid duration {value!r} "
                                 f"(minutes, a positive int, or pyslurm.UNLIMITED)")
        elif field in _LISTS:
            value = _names(field, value, modify)
        elif field == "flags":
            items = value.split(",") if isinstance(value, str) else value
            if not isinstance(items, (list, tuple, set, frozenset)):
                raise ValueError(f"Reservation: invalid flags {value!r} (a list of names)")
            norm = []
            for f in items:
                if not isinstance(f, str):
                    raise ValueError(f"Reservation: invalid flags entry {f!r}")
                neg = modify and f.startswith("-")
                key = f[1:].upper() if neg else f.upper()
                if key not in FLAGS:
                    raise ValueError(f"Reservation: unknown flag {f!r} (known: "
                                     f"{', '.join(FLAGS)})")
                if neg and not FLAGS[key][1]:
                    raise ValueError(f"Reservation: flag {key!r} cannot be cleared")
                norm.append(("-" if neg else "") + key)
            value = norm
        elif field in _COUNTS:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < NO_VAL - 1:
                raise ValueError(f"Reservation: invalid {field} {value!r} (a positive int)")
        elif field == "licenses":
            if isinstance(value, dict):
                parts = []
                for k, v in value.items():
                    if (not isinstance(k, str) or not k or any(c in k for c in ",:" + _BAD_CHARS)
                            or isinstance(v, bool) or not isinstance(v, int) or v <= 0):
                        raise ValueError(f"Reservation: invalid licenses entry {k!r}: {v!r}")
                    parts.append(f"{k}:{v}")
                value = ",".join(parts)
            if not isinstance(value, str) or any(c in value for c in _BAD_CHARS):
                raise ValueError(f"Reservation: invalid licenses {value!r}")
            for item in value.split(","):
                lic, _, cnt = item.partition(":")
                if not lic or not lic.isprintable() or (cnt and not (
                        values.digits(cnt) and int(cnt) <= values.U32_MAX)):
                    raise ValueError(f"Reservation: invalid licenses entry {item!r} in {value!r}")
        elif field in _STRS:
            values.text(field, value)
            if field == "comment" and not PYSLURM_RESV_HAS_COMMENT:
                raise ValueError("Reservation: comment needs Slurm 24.11 or later")
        out[field] = value
    return out


cdef object _send(dict changes, bint update):
    """slurm_create_reservation (update=0; returns the name) or
    slurm_update_reservation."""
    ensure_init()
    cdef resv_desc_msg_t msg
    cdef char *comment = NULL
    cdef char *new_name = NULL
    cdef int rc = 0, err = 0
    cdef uint64_t flags = 0
    name = changes.get("name")
    if update and not name:
        raise ValueError("Reservation: a name is needed")
    slurm_init_resv_desc_msg(&msg)
    try:
        set_cstr(&msg.name, name)
        if "nodes" in changes:
            set_cstr(&msg.node_list, changes["nodes"])
        if "start_time" in changes:
            msg.start_time = changes["start_time"]
        if "end_time" in changes:
            msg.end_time = changes["end_time"]
        if "duration" in changes:
            d = changes["duration"]
            msg.duration = INFINITE if d == PYSLURM_UNLIMITED else d
        if "users" in changes:
            set_cstr(&msg.users, ",".join(changes["users"]))
        if "accounts" in changes:
            set_cstr(&msg.accounts, ",".join(changes["accounts"]))
        if "groups" in changes:
            set_cstr(&msg.groups, ",".join(changes["groups"]))
        if "partition" in changes:
            set_cstr(&msg.partition, changes["partition"])
        if "features" in changes:
            set_cstr(&msg.features, changes["features"])
        if "licenses" in changes:
            set_cstr(&msg.licenses, changes["licenses"])
        if "burst_buffer" in changes:
            set_cstr(&msg.burst_buffer, changes["burst_buffer"])
        if "node_count" in changes:
            if pyslurm_resv_desc_set_node_cnt(&msg, changes["node_count"]) < 0:
                raise MemoryError()
        if "core_count" in changes:
            if pyslurm_resv_desc_set_core_cnt(&msg, changes["core_count"]) < 0:
                raise MemoryError()
        if "comment" in changes:
            set_cstr(&comment, changes["comment"])
            pyslurm_resv_desc_set_comment(&msg, comment)
        if "flags" in changes:
            for f in changes["flags"]:
                if f.startswith("-"):
                    flags |= <uint64_t> FLAGS[f[1:]][1]
                else:
                    flags |= <uint64_t> FLAGS[f][0]
            if flags:
                msg.flags = flags
        if update:
            with nogil:
                rc = slurm_update_reservation(&msg)
            check_rc(rc, f"slurm_update_reservation({name!r})")
            return name
        with nogil:
            new_name = slurm_create_reservation(&msg)
            if new_name == NULL:
                err = pyslurm_errno()
        if new_name == NULL:
            check_rc(err if err else SLURM_ERROR,
                     f"slurm_create_reservation({name or ''!r})")
        try:
            return new_name.decode("utf-8", "replace")
        finally:
            pyslurm_free_resv_name(new_name)
    finally:
        free_cstr(&msg.name)
        free_cstr(&msg.node_list)
        free_cstr(&msg.users)
        free_cstr(&msg.accounts)
        free_cstr(&msg.groups)
        free_cstr(&msg.partition)
        free_cstr(&msg.features)
        free_cstr(&msg.licenses)
        free_cstr(&msg.burst_buffer)
        pyslurm_resv_desc_set_comment(&msg, NULL)
        free_cstr(&comment)
        pyslurm_resv_desc_free_counts(&msg)


class Reservations(LoadedMap):
    """Reservations by cluster and name (a
    :class:`pyslurm.xcollections.MultiClusterMap`).

    Examples:
        >>> import pyslurm
        >>> resvs = pyslurm.Reservations.load()            # doctest: +SKIP
        >>> [r.name for r in resvs.values() if r.is_active]  # doctest: +SKIP
        ['maint']
    """

    _item_type = Reservation
    _id_attr = "name"
    _key_type = str

    @classmethod
    def load(cls, update_time=None, cluster=None):
        """Load every reservation with one RPC.

        Implements ``slurm_load_reservations``.

        Args:
            update_time (int): a previous load's :attr:`last_update`; when
                nothing changed since, None is returned.
            cluster (str): only the local cluster (None) is supported yet.

        Returns:
            Reservations, or None when nothing changed since ``update_time``.

        Examples:
            >>> import pyslurm
            >>> for r in pyslurm.Reservations.load().values():   # doctest: +SKIP
            ...     print(r.name, r.nodes, r.start_time, r.end_time, r.flags)
        """
        return super().load(update_time, cluster)

    def _records(self, MessageOwner owner, local):
        cdef reserve_info_msg_t *msg = <reserve_info_msg_t *> owner.ptr
        cdef uint32_t i
        for i in range(msg.record_count):
            if msg.reservation_array[i].name != NULL:
                yield Reservation.from_ptr(&msg.reservation_array[i], owner, local)

    @staticmethod
    def _load_msg(update_time):
        return _load_msg(update_time)

    @property
    def active(self):
        """The reservations running now (list)."""
        return [r for r in self.values() if r.is_active]


def _load_msg(update_time):
    ensure_init()
    cdef reserve_info_msg_t *msg = NULL
    cdef long t = 0 if update_time is None else int(update_time)
    cdef int rc, err = 0
    with nogil:
        rc = slurm_load_reservations(t, &msg)
        if rc == SLURM_ERROR:
            err = pyslurm_errno()
    if rc == SLURM_NO_CHANGE_IN_DATA or (rc == SLURM_ERROR and err == SLURM_NO_CHANGE_IN_DATA):
        return None
    check_rc(rc, "slurm_load_reservations")
    return MessageOwner.wrap(msg, _free_resv_msg, msg.last_update)


__all__ = ["Reservation", "Reservations", "FLAGS"]
