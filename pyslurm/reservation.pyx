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
    >>> from pyslurm import ReservationFlags, ReservationReoccurrence
    >>> pyslurm.Reservation(name="maint3", nodes="c1", duration=30, users=["root"],
    ...                     flags=ReservationFlags.MAINTENANCE | ReservationFlags.FLEX,
    ...                     reoccurrence=ReservationReoccurrence.DAILY).create()  # doctest: +SKIP
    'maint3'

Values follow pyslurm's convention: unset is ``None``, unlimited is
``pyslurm.UNLIMITED``; times are unix timestamps, durations minutes.
"""

import datetime
import time

cimport cython
from libc.stdint cimport uint32_t, uint64_t

from pyslurm.core cimport ensure_init, check_rc
from pyslurm.convert cimport cstr, set_cstr, free_cstr, PYSLURM_UNLIMITED
from pyslurm.records cimport (
    MessageKind, message_kind, free_fn_t, Loader, f_str, f_list, f_num, f_raw, f_time,
)
from pyslurm.editable cimport Editable, CREATE, MODIFY, delete_named, delete_fn_t
from slurm cimport (
    reserve_info_t, reserve_info_msg_t, resv_desc_msg_t,
    slurm_load_reservations, slurm_free_reservation_info_msg, slurm_init_resv_desc_msg,
    slurm_create_reservation, slurm_update_reservation, slurm_delete_reservation,
    NO_VAL, INFINITE, RESERVE_FLAG_PURGE_COMP,
)
from slurm_errno cimport SLURM_ERROR, ESLURM_RESERVATION_INVALID
from compat cimport (
    pyslurm_errno, slurm_xfree_ptr, slurm_reservation_flags_string,
    pyslurm_resv_flags, pyslurm_resv_desc_set_node_cnt, pyslurm_resv_desc_set_core_cnt,
    pyslurm_resv_desc_free_counts, PYSLURM_RESV_HAS_COMMENT, pyslurm_resv_comment,
    pyslurm_resv_desc_set_comment, pyslurm_resv_qos, pyslurm_free_resv_name,
    pyslurm_resv_allowed_parts,
)

from pyslurm import hostlist, values
from pyslurm.job_values import parse_seconds
from pyslurm.loaded import LoadedMap
from pyslurm.clusters import route
from pyslurm.reservation_values import (
    ReservationFlags, ReservationReoccurrence, FlagList, UPSTREAM_NAMES, REOCCURRENCE_BITS,
    flag_names, members, reoccurrence as _reoccurrence,
)
from pyslurm.records import bind_fields


# -- the message ---------------------------------------------------------------
cdef int _load(long since, void **msg, uint32_t a, uint32_t b) noexcept nogil:
    return slurm_load_reservations(since, <reserve_info_msg_t **> msg)


cdef reserve_info_msg_t *_M = NULL            # field addresses are offsets
cdef MessageKind _KIND = message_kind(
    b"slurm_load_reservations", _load, <free_fn_t> slurm_free_reservation_info_msg,
    sizeof(reserve_info_t), &_M.reservation_array, &_M.record_count, &_M.last_update,
    &(<reserve_info_t *> NULL).name)


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
_CHANGEABLE = (("name", "nodes", "duration", "flags", "reoccurrence", "licenses", "purge_time")
               + _TIMES + _LISTS + _COUNTS + _STRS)
# upstream pyslurm's names of settable fields -> ours
_KEYWORD_ALIASES = {"cpus": "core_count"}
_BAD_CHARS = " \t\n\0"


def _tres(s):
    """TRES as a dict (``{"cpu": "8"}``; values as Slurm prints them)."""
    out = {}
    for item in s.split(","):
        k, _, v = item.partition("=")
        out[k] = v
    return out


cdef reserve_info_t *_R = NULL         # field addresses are offsets in a record
cdef Loader _LOADER = Loader.make(&_KIND, None)


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Reservation(Editable):
    """One Slurm reservation.

    Loaded reservations come from :meth:`Reservation.load` or
    :class:`Reservations`.  A Reservation built from Python names a
    reservation and/or holds values for :meth:`create`
    (``slurm_create_reservation``), :meth:`modify`
    (``slurm_update_reservation``) and :meth:`delete`
    (``slurm_delete_reservation``); its other attributes are None.

    ``Reservation(name=None, **changes)`` takes ``name``, ``nodes``
    (hostlist str, list of names, or ``"ALL"``), ``start_time`` and
    ``end_time`` (unix timestamps or ``datetime``), ``duration`` (minutes,
    or ``pyslurm.UNLIMITED``), ``users``, ``accounts``, ``groups`` (lists
    or comma-separated str; in :meth:`modify` an entry ``"+name"`` adds and
    ``"-name"`` removes), ``flags`` (names from :data:`FLAGS`, e.g.
    ``["MAINT", "IGNORE_JOBS"]``, or upstream pyslurm's member names; in
    :meth:`modify` ``"-MAINT"`` clears one), or a
    :class:`ReservationFlags` value (``ReservationFlags.MAINTENANCE |
    ReservationFlags.FLEX``; in :meth:`modify` it is the whole set, as in
    upstream pyslurm: the clearable flags it leaves out are cleared),
    ``reoccurrence`` (a :class:`ReservationReoccurrence` or its name:
    ``"DAILY"``, ...; ``"NO"`` stops it in :meth:`modify`), ``partition``,
    ``features``, ``licenses`` (``"name:count,..."`` or a dict),
    ``node_count``, ``core_count`` (alias ``cpus``), ``purge_time``
    (seconds or ``"5:00"``; sets ``PURGE_COMP``), ``burst_buffer`` and
    ``comment`` (Slurm 24.11 and later).  An unknown field or an invalid
    value raises ValueError at once.

    :meth:`create` defaults ``start_time`` to now, needs ``duration`` or
    ``end_time`` and at least one of ``users``, ``accounts``, ``groups``;
    without a ``name`` Slurm chooses one: it is returned and stored in
    this object.

    Examples:
        >>> import pyslurm
        >>> r = pyslurm.Reservation(nodes="c[3-4]", duration=30, users=["root"],
        ...                         flags=["MAINT", "IGNORE_JOBS"])   # doctest: +SKIP
        >>> r.create()                                     # doctest: +SKIP
        'root_1'
    """

    entity = "Reservation"
    _repr_fields = ("nodes", "start_time", "end_time")
    _not_in_dict = ("cpus",)      # an alias of core_count
    _not_found = ESLURM_RESERVATION_INVALID
    _loader = _LOADER

    cdef void _bind(self, void *rec):
        self._rec = rec
        self.ptr = <reserve_info_t *> rec

    cdef dict _check(self, dict changes):
        # "+user" / "-FLAG" are accepted here for modify(Reservation(...));
        # create() refuses them
        return _validate(changes, True)

    cdef dict _final(self, dict changes, int action):
        _resolve_flags(changes, action == MODIFY)
        if action == MODIFY:
            return changes
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
        return changes

    cdef object _send(self, dict changes, int action):
        with route(self.cluster):       # a loaded reservation's own cluster
            name = _send(changes, action == MODIFY)
        if action == CREATE:
            self._changes = dict(self._changes, name=name)
            return name

    cdef object _remove(self, str name):
        with route(self.cluster):
            delete_named(<delete_fn_t> slurm_delete_reservation, name,
                         f"slurm_delete_reservation({name!r})")

    name = f_str(&_R.name, "ReservationName.")
    nodes = f_str(&_R.node_list, "Nodes as a hostlist string (``\"c[3-4]\"``); None when "
                  "the reservation has no nodes (e.g. licenses only).")

    @property
    def node_names(self):
        """The node names, expanded (list of str; ``[]`` without nodes)."""
        nodes = self.nodes
        if not nodes or (self.ptr == NULL and nodes == "ALL"):
            return []
        return hostlist.expand(nodes)

    node_count = f_num(&_R.node_cnt, "NodeCnt.")
    core_count = f_num(&_R.core_cnt, "CoreCnt.")
    cpus = f_num(&_R.core_cnt, "CoreCnt: :attr:`core_count` under upstream pyslurm's name "
                 "(not in ``to_dict()``).")
    partition = f_str(&_R.partition, "PartitionName (None when unset).")
    start_time = f_time(&_R.start_time, "StartTime (unix timestamp).")
    end_time = f_time(&_R.end_time, "EndTime (unix timestamp).")

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

    users = f_list(&_R.users, "Users (list of str; ``-name`` entries deny).")
    accounts = f_list(&_R.accounts, "Accounts (list of str; ``-name`` entries deny).")
    groups = f_list(&_R.groups, "Groups (list of str).")

    @property
    def flags(self):
        """Flags as scontrol prints them (``["MAINT", "IGNORE_JOBS"]``;
        ``PURGE_COMP`` may read ``"PURGE_COMP=00:05:00"``; reoccurrence
        flags such as ``"DAILY"`` included).  A list, in which
        ``ReservationFlags.MAINTENANCE in r.flags`` also works;
        ``ReservationFlags.from_list(r.flags)`` gives the
        :class:`ReservationFlags` value."""
        if self.ptr == NULL:
            return self._changes.get("flags")
        cdef char *s = slurm_reservation_flags_string(self.ptr)
        try:
            v = cstr(s)
        finally:
            if s != NULL:
                slurm_xfree_ptr(s)
        return FlagList(v.split(",") if v else [])

    @property
    def reoccurrence(self):
        """How the reservation repeats: a :class:`ReservationReoccurrence`
        (``NO``, ``DAILY``, ``HOURLY``, ``WEEKLY``, ``WEEKDAY``,
        ``WEEKEND``; equal to its name as a str)."""
        if self.ptr == NULL:
            return self._changes.get("reoccurrence")
        return ReservationReoccurrence.from_flag(self.ptr.flags, ReservationReoccurrence.NO)

    flags_value = f_raw(&_R.flags, "The raw flag bits.")
    features = f_str(&_R.features, "Features the nodes were chosen by.")
    licenses = f_str(&_R.licenses, "Licenses as Slurm prints them (``\"foo:2,bar:1\"``).")
    tres = f_str(&_R.tres_str, "TRES as a dict (``{\"cpu\": \"8\"}``; values as Slurm "
                 "prints them).", _tres)
    tres_string = f_str(&_R.tres_str, "TRES as Slurm prints it (``\"cpu=8\"``).")
    burst_buffer = f_str(&_R.burst_buffer, "BurstBuffer.")

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
        if self.ptr == NULL:
            return None
        v = cstr(pyslurm_resv_allowed_parts(self.ptr))
        return v.split(",") if v else []

    max_start_delay = f_num(&_R.max_start_delay, "MaxStartDelay in seconds (None when unset).",
                            True)

    @property
    def purge_time(self):
        """Seconds after its end a ``PURGE_COMP`` reservation is deleted
        (None without that flag).  Giving it (seconds or ``"5:00"``) sets
        ``PURGE_COMP``."""
        if self.ptr == NULL:
            return self._changes.get("purge_time")
        if not self.ptr.flags & RESERVE_FLAG_PURGE_COMP:
            return None
        return self.ptr.purge_comp_time

    @property
    def cpu_ids_by_node(self):
        """The cores of a core-based reservation by node, as scontrol's
        ``CoreIDs`` (``{"c1": "0-1"}``; ``{}`` when whole nodes)."""
        if self.ptr == NULL:
            return None
        cdef uint32_t i
        out = {}
        for i in range(self.ptr.core_spec_cnt):
            out[cstr(self.ptr.core_spec[i].node_name)] = cstr(self.ptr.core_spec[i].core_id)
        return out


bind_fields(Reservation)
_LOADER.item_type = Reservation


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
        field = _KEYWORD_ALIASES.get(field, field)
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
        elif field == "flags" and isinstance(value, ReservationFlags):
            for m in members(value):
                if flag_names(m)[0] not in FLAGS:
                    raise ValueError(f"Reservation: flag {m.name} cannot be set with this "
                                     f"Slurm (settable: {', '.join(FLAGS)})")
        elif field == "reoccurrence":
            value = _reoccurrence(value)
        elif field == "purge_time":         # seconds or "5:00"; sets PURGE_COMP
            if not isinstance(value, int):
                value = parse_seconds(value, field)
            if isinstance(value, bool) or not 0 < value < NO_VAL - 1:
                raise ValueError(f"Reservation: invalid purge_time {value!r} (seconds > 0)")
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
                key = UPSTREAM_NAMES.get(key, key)
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


_REOCCURRENCE_NAMES = [m.value for m in REOCCURRENCE_BITS]


def _resolve_flags(dict changes, bint modify):
    """Turn a ReservationFlags value and ``reoccurrence`` into the flag
    names _send takes (``"-NAME"`` clears, in modify only)."""
    flags = changes.get("flags")
    if isinstance(flags, ReservationFlags):
        names = flag_names(flags)
        if modify:          # upstream: the value is the whole set
            for m in ReservationFlags:
                name = flag_names(m)[0]
                if not (m & flags) and name in FLAGS and FLAGS[name][1]:
                    names.append("-" + name)
        changes["flags"] = names
    if "purge_time" in changes:         # upstream: setting it sets PURGE_COMP
        changes["flags"] = [f for f in changes.get("flags") or () if f != "-PURGE_COMP"]
        changes["flags"].append("PURGE_COMP")
    again = changes.pop("reoccurrence", None)
    if again is None:
        return
    names = [f for f in changes.get("flags") or () if f.lstrip("-") not in _REOCCURRENCE_NAMES]
    if modify:
        names += ["-" + n for n in _REOCCURRENCE_NAMES if n != again.value]
    if again is not ReservationReoccurrence.NO:
        names.append(again.value)
    changes["flags"] = names


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
        if "purge_time" in changes:
            msg.purge_comp_time = changes["purge_time"]
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
    :class:`pyslurm.xcollections.MultiClusterMap`), loaded with one
    ``slurm_load_reservations``.

    Examples:
        >>> import pyslurm
        >>> for r in pyslurm.Reservations.load().values():     # doctest: +SKIP
        ...     print(r.name, r.nodes, r.start_time, r.end_time, r.flags)
    """

    _item_type = Reservation
    _id_attr = "name"
    _key_type = str
    _loader = _LOADER

    @property
    def active(self):
        """The reservations running now (list)."""
        return [r for r in self.values() if r.is_active]


_LOADER.collection = Reservations

__all__ = ["Reservation", "Reservations", "FLAGS", "ReservationFlags",
           "ReservationReoccurrence"]
