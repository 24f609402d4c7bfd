# cython: language_level=3
"""The Slurm controller (slurmctld): is it up, and how is it configured.

Examples:
    >>> from pyslurm import slurmctld
    >>> [p.responding for p in slurmctld.ping()]  # doctest: +SKIP
    [True]
    >>> slurmctld.ping_primary().latency          # doctest: +SKIP
    0.412
    >>> slurmctld.Config.load().cluster_name  # doctest: +SKIP
    'pyslurm'
"""

import time
from dataclasses import dataclass, asdict
from enum import IntEnum
from typing import Optional

from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.string cimport memset

from pyslurm.core cimport ensure_init, check_rc, make_error
from pyslurm.convert cimport cstr, timestamp
from slurm cimport (
    slurm_ping, NO_VAL16, NO_VAL64,
    stats_info_request_msg_t, stats_info_response_msg_t, STAT_COMMAND_GET, STAT_COMMAND_RESET,
    slurm_get_statistics, slurm_reset_statistics,
    slurm_reconfigure, slurm_set_debug_level, slurm_set_debugflags, slurm_set_schedlog_level,
    slurm_set_fs_dampeningfactor, slurm_shutdown, slurm_takeover)
from slurm_errno cimport SLURM_SUCCESS, SLURM_ERROR
from compat cimport *
from pyslurm.flags cimport flag_table

# each RPC below goes to the local controller whatever another thread routes
from pyslurm.clusters import route
from pyslurm import values
from pyslurm.config import Config  # no-cython-lint (re-exported: slurmctld.Config)
from pyslurm.formats import LOG_LEVELS, parse_parameters  # no-cython-lint (re-exported)
from pyslurm.controller_stats import (  # no-cython-lint (re-exported)
    BACKFILL_EXITS, SCHEDULE_EXITS, RPCTypeStatistics, RPCUserStatistics, Statistics,
)


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


@dataclass(frozen=True)
class PingResponse:
    """The answer of one controller to :func:`ping` with an index (upstream
    pyslurm's form).

    Attributes:
        index: 0 for the primary, 1.. for backups.
        hostname: the controller's host as configured.
        is_primary: True for index 0.
        is_responding: True (a controller that does not answer raises).
        latency: milliseconds the round trip took, rounded to 3 decimals.
    """

    index: int
    hostname: Optional[str]
    is_primary: bool
    is_responding: bool
    latency: float

    def to_dict(self, recursive=False):
        """The attributes as a dict (``recursive`` is accepted for
        upstream pyslurm's signature; there is nothing nested)."""
        return asdict(self)


cdef object _controller_host(uint32_t i):
    if slurm_conf.control_machine == NULL:
        return None
    return cstr(slurm_conf.control_machine[i])


cdef uint32_t _controller_index(object index, str what, uint32_t lowest=0) except? 0xffffffff:
    """``index`` checked: an int, ValueError below ``lowest``, RPCError
    (nothing sent) when slurm.conf lists no such controller."""
    if isinstance(index, bool) or not isinstance(index, int) or index < lowest:
        raise ValueError(f"index: expected an int >= {lowest}, got {index!r}")
    ensure_init()
    if index >= slurm_conf.control_cnt:
        e = make_error(SLURM_ERROR, f"{what}({index}): no controller with index {index} "
                                    f"(slurm.conf lists {slurm_conf.control_cnt} "
                                    f"SlurmctldHost)")
        e.delivered = False
        raise e
    return index


def _ping_one(uint32_t i):
    """(rc, errno, seconds) of one slurm_ping."""
    cdef int rc, err
    t0 = time.perf_counter()
    with route(None):
        with nogil:
            rc = slurm_ping(i)
            err = pyslurm_errno() if rc == SLURM_ERROR else rc
    return rc, err, time.perf_counter() - t0


def ping(index=None):
    """Ping the controllers.

    Implements ``slurm_ping``.  Two forms:

    * ``ping()``: every configured controller, the primary first; a
      controller that is down does not raise: its entry says
      ``responding=False`` with Slurm's message (after Slurm's own message
      timeout at most).  Returns ``list[ControllerPing]``.
    * ``ping(index)`` (upstream pyslurm's form): the controller with that
      index (0 the primary, 1.. the backups).  Returns a
      :class:`PingResponse`; a controller that does not answer raises.

    Args:
        index: None for all, or a controller's index.

    Returns:
        list[ControllerPing] | PingResponse

    Raises:
        ValueError: ``index`` is not an int >= 0 (before any RPC).
        RPCError: ``ping(index)`` only: no such controller in slurm.conf
            (nothing sent, ``delivered`` False), or it did not answer
            (``ControllerUnreachableError``).
        ConfigError: libslurm cannot be initialised.

    Examples:
        >>> from pyslurm import slurmctld
        >>> slurmctld.ping()[0].responding  # doctest: +SKIP
        True
        >>> slurmctld.ping(0).is_responding  # doctest: +SKIP
        True
    """
    cdef uint32_t i, n
    if index is not None:
        i = _controller_index(index, "slurm_ping")
        rc, err, secs = _ping_one(i)
        if rc != SLURM_SUCCESS:
            raise make_error(err if err else SLURM_ERROR, f"slurm_ping({i})")
        return PingResponse(int(i), _controller_host(i), i == 0, True, round(secs * 1000, 3))
    ensure_init()
    out = []
    n = slurm_conf.control_cnt
    for i in range(n):
        rc, err, latency = _ping_one(i)
        error = None if rc == SLURM_SUCCESS else str(make_error(err if err else SLURM_ERROR))
        role = "primary" if i == 0 else f"backup{i}"
        out.append(ControllerPing(int(i), _controller_host(i), role,
                                  rc == SLURM_SUCCESS, latency, error))
    return out


def ping_primary():
    """``ping(0)``: the primary controller's :class:`PingResponse`
    (upstream pyslurm's name).

    Raises:
        RPCError: it did not answer.
    """
    return ping(0)


def ping_backup():
    """``ping(1)``: the first backup controller's :class:`PingResponse`
    (upstream pyslurm's name).

    Raises:
        RPCError: slurm.conf lists no backup (nothing sent), or it did not
            answer.
    """
    return ping(1)


def ping_all():
    """A :class:`PingResponse` of every configured controller, the primary
    first (upstream pyslurm's name); :func:`ping` without an index gives
    the same without raising for a controller that is down.

    Raises:
        RPCError: a controller did not answer.
    """
    ensure_init()
    return [ping(i) for i in range(slurm_conf.control_cnt)]


def is_responding():
    """True when the primary or any backup controller answers a ping."""
    return any(p.responding for p in ping())


def local_cluster_name():
    """The cluster name from the local slurm.conf (no RPC).

    Collections key their items by this name.
    """
    ensure_init()
    return cstr(slurm_conf.cluster_name)


# -- statistics (sdiag): the types are in pyslurm.controller_stats --------------

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
        users.append(RPCUserStatistics(s.rpc_user_id[i], values.user_name(s.rpc_user_id[i]),
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
    with route(None):
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
    with route(None):
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
    with route(None):
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
    with route(None):
        with nogil:
            rc = _admin_rc(slurm_set_debug_level(n))
    check_rc(rc, "slurm_set_debug_level")


def debug_flag_names():
    """The ``DebugFlags`` names this Slurm major knows, e.g. ``"Backfill"``."""
    return list(flag_table(pyslurm_debug_flags))


cdef uint64_t _debug_bits(object names, str arg) except? 0:
    if isinstance(names, str):
        names = [names]
    table = {k.lower(): v for k, v in flag_table(pyslurm_debug_flags).items()}
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
    with route(None):
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
    with route(None):
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
    with route(None):
        with nogil:
            rc = _admin_rc(slurm_set_fs_dampeningfactor(f))
    check_rc(rc, "slurm_set_fs_dampeningfactor")


# -- upstream pyslurm's names -------------------------------------------------------
# Scripts written for upstream pyslurm (25.11) call these; each is one of the
# calls above under upstream's name, or reads the configuration.  Invalid
# input raises ValueError before any RPC here (upstream sends it and raises
# RPCError); a refused RPC raises RPCError in both.

def diag():
    """The controller's statistics: :func:`statistics` under upstream
    pyslurm's name (``sdiag``)."""
    return statistics()


def set_log_level(level):
    """:func:`set_debug_level` under upstream pyslurm's name
    (``scontrol setdebug``).

    Raises:
        ValueError: ``level`` is not a Slurm log level (before any RPC).
        RPCError: the controller refused (``PermissionDeniedError``).
    """
    set_debug_level(level)


def get_log_level():
    """The controller's log level now (``SlurmctldDebug``, e.g.
    ``"info"``); one configuration load."""
    return Config.load().slurmctld_debug


def _flag_list(flags, str arg):
    if flags is None:
        return []
    if isinstance(flags, str):
        return [f for f in (x.strip() for x in flags.split(",")) if f]
    try:
        return list(flags)
    except TypeError:
        raise ValueError(f"{arg}: expected a list of debug flag names or a "
                         f"comma-separated str, got {flags!r}") from None


def add_debug_flags(flags):
    """Turn controller ``DebugFlags`` on (upstream pyslurm's name for
    ``set_debug_flags(add=...)``).

    Args:
        flags: a list of names or a comma-separated str
            (``"Backfill,Gres"``); empty does nothing.

    Raises:
        ValueError: an unknown flag name (before any RPC).
        RPCError: the controller refused (``PermissionDeniedError``).
    """
    names = _flag_list(flags, "flags")
    if names:
        set_debug_flags(add=names)


def remove_debug_flags(flags):
    """Turn controller ``DebugFlags`` off (upstream pyslurm's name for
    ``set_debug_flags(remove=...)``); as :func:`add_debug_flags`."""
    names = _flag_list(flags, "flags")
    if names:
        set_debug_flags(remove=names)


def clear_debug_flags():
    """Turn every controller ``DebugFlag`` off (one RPC).

    Raises:
        RPCError: the controller refused (``PermissionDeniedError``).
    """
    set_debug_flags(remove=debug_flag_names())


def get_debug_flags():
    """The controller's ``DebugFlags`` now (list of names); one
    configuration load."""
    return Config.load().debug_flags


def enable_scheduler_logging():
    """``set_schedlog_level(True)`` under upstream pyslurm's name.

    Raises:
        RPCError: the controller refused (it has no ``SlurmSchedLogFile``,
            or ``PermissionDeniedError``).
    """
    set_schedlog_level(True)


def is_scheduler_logging_enabled():
    """True when the scheduler log is on (``SlurmSchedLogLevel`` 1); one
    configuration load."""
    return bool(Config.load().scheduler_log_level)


def set_fair_share_dampening_factor(factor):
    """:func:`set_fs_dampening_factor` under upstream pyslurm's name.

    Raises:
        ValueError: ``factor`` is not an int from 1 to 65534 (before any RPC).
        RPCError: the controller refused (``PermissionDeniedError``).
    """
    set_fs_dampening_factor(factor)


def get_fair_share_dampening_factor():
    """``FairShareDampeningFactor`` now (int); one configuration load."""
    return Config.load().fairshare_dampening_factor


class ShutdownMode(IntEnum):
    """What :func:`shutdown` stops (``scontrol shutdown [option]``)."""

    #: the controller and every slurmd
    ALL = 0
    #: the controller, leaving a core file
    CORE_FILE = 1
    #: only the controller (``scontrol shutdown slurmctld``)
    CONTROLLER_ONLY = 2


def shutdown(mode=ShutdownMode.ALL):
    """Stop the controller, and with ``ShutdownMode.ALL`` every slurmd
    (``scontrol shutdown``).

    Implements ``slurm_shutdown``.  Needs root or ``SlurmUser``.

    Args:
        mode (ShutdownMode | int): :class:`ShutdownMode` (0, 1 or 2).

    Raises:
        ValueError: ``mode`` is not a ShutdownMode (before any RPC).
        PermissionDeniedError: the caller may not do this.
        RPCError: the controller did not answer or refused.
    """
    if isinstance(mode, bool) or not isinstance(mode, int) or \
            mode not in ShutdownMode._value2member_map_:
        raise ValueError(f"mode: expected a ShutdownMode "
                         f"({', '.join(f'{m.name}={m.value}' for m in ShutdownMode)}), "
                         f"got {mode!r}")
    ensure_init()
    cdef uint16_t m = int(mode)
    cdef int rc
    with route(None):
        with nogil:
            rc = _admin_rc(slurm_shutdown(m))
    check_rc(rc, "slurm_shutdown")


def takeover(index=1):
    """Make a backup controller take over from the primary
    (``scontrol takeover [index]``).

    Implements ``slurm_takeover``.  Needs root or ``SlurmUser``.

    Args:
        index (int): the backup's index (1 = the first backup, the second
            ``SlurmctldHost`` line).

    Raises:
        ValueError: ``index`` is not an int >= 1 (before any RPC).
        RPCError: slurm.conf lists no such backup (nothing sent), or the
            controller refused (``PermissionDeniedError``).
    """
    cdef int i = _controller_index(index, "slurm_takeover", 1)
    cdef int rc
    with route(None):
        with nogil:
            rc = _admin_rc(slurm_takeover(i))
    check_rc(rc, "slurm_takeover")
