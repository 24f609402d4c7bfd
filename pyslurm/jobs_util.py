"""The options of :class:`pyslurm.JobSubmitDescription`, in one table,
and what reads them the way ``sbatch`` does (pure Python, no libslurm).

:data:`OPTIONS` lists every option once: its name, its aliases, the
parser that checks and normalises a value (raising :class:`ValueError`
naming the option and the value), whether ``""`` clears it when a job is
modified, and the ``sbatch`` flags and ``SBATCH_*`` variable that set it.
Everything else here is derived from it or feeds it:

* :func:`parse_sbatch_args` / :func:`parse_sbatch_lines`: sbatch's
  command-line options or a script's ``#SBATCH`` lines as
  JobSubmitDescription keywords;
* :func:`sbatch_environment`: the ``SBATCH_*`` input variables;
* :func:`build_environment`: the job's environment with ``--export``'s
  rules; :func:`read_script`: the batch script.

The value parsers themselves (times, memory, counts, dependencies, ...)
are in :mod:`pyslurm.job_values` and importable from here too.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import stat
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from pyslurm.constants import UNLIMITED
from pyslurm.job_values import (  # noqa: F401  (the parsers, importable from here)
    ARRAY_INDEX_MAX, CPU_FREQ_GOVERNORS, CPU_FREQ_LEVELS, MAIL_TYPES,
    dependencies_to_dict, parse_array, parse_begin_time, parse_cpu_frequency,
    parse_dependencies, parse_distribution, parse_hostlist, parse_mail_types,
    parse_memory, parse_minutes, parse_node_count, parse_signal,
    parse_signal_before_end, parse_switches, ranges, split_list,
)
from pyslurm import values
from pyslurm.values import U16_MAX, U32_MAX, error as _err, is_int as _is_int

#: The largest batch script pyslurm reads from a file (Slurm's own limit,
#: SchedulerParameters=max_script_size, is 4 MiB by default).
SCRIPT_MAX_BYTES = 64 << 20
#: What ``profile_types`` takes (acct_gather_profile's data types).
PROFILE_TYPES = ("none", "all", "energy", "task", "lustre", "network")


# -- environment -----------------------------------------------------------------
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def _env_name(option: str, value: Any, name: Any) -> str:
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise _err(option, value, f"variable name {name!r} (letters, digits and '_', "
                                  f"not starting with a digit)")
    return name


def _env_value(option: str, value: Any, name: str, v: Any) -> str:
    if isinstance(v, str):
        text = v
    elif _is_int(v) or isinstance(v, float):
        text = str(v)
    else:
        raise _err(option, value, f"the value of {name} is {type(v).__name__}, "
                                  f"not str (bytes are not decoded)")
    if "\0" in text:
        raise _err(option, value, f"NUL character in the value of {name}")
    return text


# The process environment as a str dict, remade only when it changed: reading
# os.environ decodes every variable (most of submit()'s own time otherwise).
_environ_cache: tuple[Any, dict[str, str]] = (None, {})


def _current_environ() -> dict[str, str]:
    global _environ_cache
    raw = getattr(os.environ, "_data", None)    # CPython: the bytes behind os.environ
    if not isinstance(raw, dict):
        return dict(os.environ)
    snapshot = tuple(raw.items())
    if snapshot != _environ_cache[0]:
        _environ_cache = (snapshot, dict(os.environ))
    return _environ_cache[1]


def build_environment(value: Any, base: Mapping[str, str] | None = None,
                      option: str = "environment") -> list:
    """The job's environment as ``["NAME=value", ...]``, with sbatch's
    ``--export`` semantics.

    * ``None`` or ``"ALL"``: the whole current environment (sbatch's default);
    * ``"NONE"``: no variables of the caller;
    * ``"ALL,A=1,B"`` / ``["ALL", "A=1", "B"]``: tokens as sbatch reads
      them — ``ALL``/``NONE``, ``NAME=value``, or ``NAME`` (its current
      value);  without ``ALL`` only the named variables are exported;
    * a dict ``{"A": "1"}``: only these variables; add a key ``"ALL"``
      (any value) to put them on top of the current environment.  Values
      are str (or numbers, written as ``str()`` writes them); ``None``
      takes the current value.

    Names are letters, digits and ``_`` (a ``=`` in a name would set
    another variable); no value holds a NUL.  ``SLURM_EXPORT_ENV``
    records the choice, as sbatch does, so the list is never empty (the
    controller rejects a batch job without environment).
    """
    global _built_cache
    key = None
    if base is None:
        base = _current_environ()
        # the same choice over the same (unchanged) process environment
        # makes the same list: kept from the last call (a submit loop's
        # environment is otherwise rebuilt variable by variable every time)
        key = _environment_key(value)
        cached = _built_cache
        if key is not None and cached[0] is base and cached[1] == key:
            return list(cached[2])
    pairs: list = []               # (name, value); value None: the current one
    modes: list = []
    if value is None:
        modes = ["ALL"]
        record = None
    elif isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(k, str) and k.upper() in ("ALL", "NONE"):
                modes.append(k.upper())
                continue
            name = _env_name(option, value, k)
            pairs.append((name, None if v is None else _env_value(option, value, name, v)))
        record = ",".join(modes + [name for name, _ in pairs]) or "NONE"
    elif isinstance(value, str) or (isinstance(value, (list, tuple))
                                     and all(isinstance(t, str) for t in value)):
        if isinstance(value, str):
            tokens = [t.strip() for t in value.split(",") if t.strip()] or ["NONE"]
        else:
            tokens = list(value)
        for tok in tokens:
            if tok.upper() in ("ALL", "NONE"):
                modes.append(tok.upper())
                continue
            name, eq, val = tok.partition("=")
            name = _env_name(option, value, name)
            pairs.append((name, _env_value(option, value, name, val) if eq else None))
        record = ",".join(tokens)
    else:
        raise _err(option, value, "None, 'ALL', 'NONE', a dict or a list of tokens")
    if "ALL" in modes and "NONE" in modes:
        raise _err(option, value, "both ALL and NONE")
    env: dict[str, str] = dict(base) if "ALL" in modes else {}
    for name, v in pairs:
        if v is not None:
            env[name] = v
        elif name in base:
            env[name] = base[name]
    if record is not None or not env:
        env.setdefault("SLURM_EXPORT_ENV", record or "NONE")
    out = [f"{k}={v}" for k, v in env.items() if "\0" not in k and "\0" not in str(v)]
    if key is not None:
        _built_cache = (base, key, out)
        return list(out)
    return out


# build_environment's last result over the process environment: (the
# environment dict _current_environ gave, the choice's key, the list).
_built_cache: tuple[Any, Any, list] = (None, None, [])


def _environment_key(value: Any) -> Any:
    """A comparable key of an environment choice made of str only (None:
    not cached)."""
    if value is None:
        return ("default",)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, Mapping):
        items = tuple(value.items())
        if all(type(k) is str and type(v) is str for k, v in items):
            return ("map", items)
        return None
    if isinstance(value, (list, tuple)) and all(type(t) is str for t in value):
        return ("list", tuple(value))
    return None


# -- script --------------------------------------------------------------------
def read_script(value: Any, option: str = "script") -> str:
    """The batch script text: ``value`` itself when it holds a newline or
    starts with ``#!``, else the content of the file it names (read as
    bytes and kept byte for byte: bytes that are not UTF-8 become
    surrogate escapes, which pyslurm turns back into the same bytes when
    it sends the script).  ``bytes`` are taken as the script's content.

    Only a regular file is read (not a FIFO, a device such as
    ``/dev/zero`` or a directory), of at most :data:`SCRIPT_MAX_BYTES`.
    The text must start with ``#!`` (as sbatch requires) and hold no NUL.
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "surrogateescape")
        if "\n" not in value and not value.startswith("#!"):
            raise _err(option, value, "script content as bytes must start with '#!'")
    if not isinstance(value, str) or not value:
        raise _err(option, value, "script text or a path to a file")
    text = value
    if "\n" not in value and not value.startswith("#!"):
        text = _read_script_file(value, option)
    if not text.startswith("#!"):
        raise _err(option, value, "a batch script must start with '#!'")
    if "\0" in text:
        raise _err(option, value, "NUL character")
    return text


def _read_script_file(path: str, option: str) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise _err(option, path, f"not a script and not a readable file: {why}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _err(option, path, "not a regular file (a FIFO, device or directory "
                                     "is never read)")
        if st.st_size > SCRIPT_MAX_BYTES:
            raise _err(option, path, f"larger than {SCRIPT_MAX_BYTES} bytes")
        os.set_blocking(fd, True)
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > SCRIPT_MAX_BYTES:
                raise _err(option, path, f"larger than {SCRIPT_MAX_BYTES} bytes")
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8", "surrogateescape")


# -- the simple options' parsers ---------------------------------------------------
def _text(name: str, path: bool = False) -> Callable[[Any], str]:
    """A one-line text option (no control characters)."""
    def parse(value: Any) -> str:
        return values.text(name, value, path=path)
    return parse


def _count(name: str, lo: int = 0, hi: int = U16_MAX) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        return values.integer(name, value, lo, hi)
    return parse


def _flag(name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("yes", "true", "1", "no", "false", "0"):
            return value.lower() in ("yes", "true", "1")
        raise ValueError(f"invalid value for {name}: {value!r} (expected True or False)")
    return parse


def _exclusive(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("user", "mcs"):
        return value.lower()
    raise ValueError(f"invalid value for exclusive: {value!r} "
                     f"(expected True, False, 'user' or 'mcs')")


#: ``resource_sharing`` (upstream pyslurm's option) -> the value pyslurm sends.
RESOURCE_SHARING = {"oversubscribe": "oversubscribe", "yes": "oversubscribe",
                    "user": "user", "mcs": "mcs", "no": "exclusive", "exclusive": "exclusive"}


def _resource_sharing(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in RESOURCE_SHARING:
        return RESOURCE_SHARING[value.strip().lower()]
    raise ValueError(f"invalid value for resource_sharing: {value!r} (expected "
                     f"'oversubscribe'/'yes', 'user', 'mcs' or 'no'/'exclusive')")


def _id_of(option: str, value: Any, lookup: Callable[[str], Any], what: str) -> int:
    """A uid/gid from a number, a string of digits or a name (resolved on
    this machine)."""
    if isinstance(value, str):
        text = value.strip()
        if values.digits(text) and len(text) < 12:
            value = int(text)
        elif text and text.isprintable() and ":" not in text and "\0" not in text:
            try:
                return int(lookup(text)[2])
            except KeyError:
                raise ValueError(f"invalid value for {option}: {value!r} (no such {what} "
                                 f"on this machine)") from None
        else:
            raise ValueError(f"invalid value for {option}: {value!r} (a {what} name or id)")
    if isinstance(value, bool):
        raise ValueError(f"invalid value for {option}: {value!r} (a {what} name or id)")
    return values.uid(option, value)


def _user_id(value: Any) -> int:
    uid = _id_of("user_id", value, pwd.getpwnam, "user")
    try:
        pwd.getpwuid(uid)     # as sbatch --uid: the user must exist (its group is the default)
    except KeyError:
        raise ValueError(f"invalid value for user_id: {value!r} (no such user on this "
                         f"machine)") from None
    return uid


def _group_id(value: Any) -> int:
    return _id_of("group_id", value, grp.getgrnam, "group")


def _clusters(value: Any) -> list[str]:
    """sbatch's ``-M``/``--clusters``: cluster names (a name, ``"a,b"`` or
    a list), checked without any RPC; ``"all"`` is not a submission target.
    (:mod:`pyslurm.clusters` is imported here, at the first use: this
    module stays importable without libslurm.)"""
    from pyslurm import clusters
    names = clusters.parse_names(value, "clusters")
    if names == [clusters.ALL]:
        raise ValueError(f"invalid value for clusters: {value!r} (name the clusters the "
                         f"job may run on; 'all' is for loads)")
    return list(names or ())


def _names(name: str) -> Callable[[Any], str]:
    """A text option that also takes a list (joined with commas, as Slurm
    takes several partitions or reservations)."""
    def parse(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            for v in value:
                if not isinstance(v, str) or not v or "," in v:
                    raise ValueError(f"invalid value for {name}: {value!r} "
                                     f"(a list of names, or a comma-separated str)")
                values.text(name, v)
            value = ",".join(value)
        return values.text(name, value)
    return parse


_GRES_RE = re.compile(r"[A-Za-z0-9_]+(?::[A-Za-z0-9_.\-]+)*", re.ASCII)


def _gres_count_ok(item: str) -> bool:
    """The count of ``name[:type][:count]`` is within uint64 (not a sentinel)."""
    last = item.rsplit(":", 1)[-1]
    return not values.digits(last) or int(last) <= values.U64_MAX


def _gres(value: Any) -> list[str]:
    if isinstance(value, dict):
        items = [f"{k}:{v}" for k, v in value.items()]
    else:
        try:
            items = split_list(value, "gres")
        except ValueError:
            raise ValueError(f"invalid value for gres: {value!r}") from None
    out: list[str] = []
    for it in items:
        it = it[5:] if it.startswith(("gres:", "gres/")) else it
        if not _GRES_RE.fullmatch(it) or not _gres_count_ok(it):
            raise ValueError(f"invalid value for gres: {value!r} (expected e.g. 'gpu:2', "
                             f"a count up to {values.U64_MAX})")
        out.append(it)
    if not out:
        raise ValueError(f"invalid value for gres: {value!r}")
    return out


def _gpu_count(field: str) -> Callable[[Any], str]:
    """The check of a GPU count option (``--gpus``, ``--gpus-per-task``,
    ``--gpus-per-node``): ``N`` or ``"type:N"``."""
    def check(value: Any) -> str:
        if isinstance(value, bool):
            raise ValueError(f"invalid value for {field}: {value!r}")
        if not (isinstance(value, str) or values.is_int(value)):
            raise ValueError(f"invalid value for {field}: {value!r} (expected N or 'type:N')")
        text = str(value)
        last = text.rsplit(":", 1)[-1]
        if not _GRES_RE.fullmatch(text) or not values.digits(last) \
                or int(last) > values.U32_MAX:
            raise ValueError(f"invalid value for {field}: {value!r} (expected N or "
                             f"'type:N', N up to {values.U32_MAX})")
        return text
    return check


_gpus = _gpu_count("gpus")


def _nice(value: Any) -> int:
    return values.integer("nice", value, -2147483645, 2147483645, strings=False)


def _script_args(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as e:
            raise ValueError(f"invalid value for script_args: {value!r} ({e})") from None
    if isinstance(value, (list, tuple)) and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        out = [str(v) for v in value]
        for v in out:
            if "\0" in v:
                raise ValueError(f"invalid value for script_args: {value!r} (NUL character)")
        return out
    raise ValueError(f"invalid value for script_args: {value!r} (a list of strings)")


def _environment(value: Any) -> Any:
    build_environment(value, base={})   # validates
    return value


def _constraints(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) and v and "&" not in v for v in value):
            raise ValueError(f"invalid value for constraints: {value!r}")
        value = "&".join(value)
    return values.text("constraints", value)


_LICENSE_RE = re.compile(r"[A-Za-z0-9_.@\-]+", re.ASCII)


def _licenses(value: Any) -> str:
    items = split_list(value, "licenses") if not isinstance(value, dict) else [
        f"{k}:{v}" for k, v in value.items()]
    for it in items:
        name, _, count = it.partition(":")
        if not _LICENSE_RE.fullmatch(name) or (count and not (
                values.digits(count) and int(count) <= values.U32_MAX)):
            raise ValueError(f"invalid value for licenses: {value!r} (expected e.g. "
                             f"'matlab:2', counts up to {values.U32_MAX})")
    if not items:
        raise ValueError(f"invalid value for licenses: {value!r}")
    return ",".join(items)


def _mail_user(value: Any) -> str:
    return values.text("mail_user", ",".join(split_list(value, "mail_user")))


def _gres_binding(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in ("enforce-binding", "disable-binding"):
        return value.strip().lower()
    raise ValueError(f"invalid value for gres_binding: {value!r} "
                     f"(expected 'enforce-binding' or 'disable-binding')")


def _profile_types(value: Any) -> list[str]:
    try:
        items = [v.strip().lower() for v in split_list(value, "profile_types")]
    except ValueError:
        items = []
    if not items or any(i not in PROFILE_TYPES for i in items) or \
            (len(items) > 1 and ("none" in items or "all" in items)):
        raise ValueError(f"invalid value for profile_types: {value!r} (expected 'all', "
                         f"'none' or some of 'energy', 'task', 'lustre', 'network')")
    return [i.upper() for i in items]


def _delay_boot(value: Any) -> float | int:
    minutes = parse_minutes(value, "delay_boot_time")
    if minutes == UNLIMITED or minutes * 60 > U32_MAX:
        raise ValueError(f"invalid value for delay_boot_time: {value!r} (too large)")
    return minutes


# -- the table ------------------------------------------------------------------------
class Option(NamedTuple):
    """One JobSubmitDescription option."""

    name: str
    parse: Callable[[Any], Any]          # checks and normalises a value
    aliases: tuple[str, ...] = ()        # other keywords for it
    clearable: bool = False              # "" clears it when a job is modified
    sbatch: tuple[str, ...] = ()         # sbatch's flags (long without "--", short)
    env: str | None = None               # the SBATCH_* input variable


def _o(name: str, parse: Callable[[Any], Any], aliases: Iterable[str] = (),
       clearable: bool = False, sbatch: Iterable[str] = (), env: str | None = None) -> Option:
    return Option(name, parse, tuple(aliases), clearable, tuple(sbatch), env)


def _text_o(name: str, clearable: bool = True, sbatch: Iterable[str] = (),
            env: str | None = None, aliases: Iterable[str] = (), path: bool = False) -> Option:
    return _o(name, _text(name, path), aliases, clearable, sbatch, env)


#: Every option, once.
OPTIONS: tuple[Option, ...] = (
    _o("script", lambda v: read_script(v)),
    _o("script_args", _script_args),
    _text_o("name", sbatch=("job-name", "J"), env="SBATCH_JOB_NAME", aliases=("job_name",)),
    _text_o("working_directory", clearable=False, sbatch=("chdir", "D"), aliases=("chdir",),
            path=True),
    _text_o("standard_input", sbatch=("input", "i"), aliases=("stdin", "standard_in"),
            path=True),
    _text_o("standard_output", sbatch=("output", "o"), aliases=("stdout",), path=True),
    _text_o("standard_error", sbatch=("error", "e"), aliases=("stderr",), path=True),
    _o("environment", _environment, sbatch=("export",), env="SBATCH_EXPORT"),
    _o("partition", _names("partition"), ("partitions",), clearable=True,
       sbatch=("partition", "p"), env="SBATCH_PARTITION"),
    # sbatch -M: the job goes to that cluster's controller (several: where it
    # starts first); SLURM_CLUSTERS is sbatch's other name for the variable
    _o("clusters", _clusters, ("cluster",), sbatch=("clusters", "M"), env="SBATCH_CLUSTERS"),
    _text_o("account", sbatch=("account", "A"), env="SBATCH_ACCOUNT"),
    _text_o("qos", sbatch=("qos", "q"), env="SBATCH_QOS"),
    _o("reservation", _names("reservation"), ("reservations",), clearable=True,
       sbatch=("reservation",), env="SBATCH_RESERVATION"),
    _o("time_limit", lambda v: parse_minutes(v, "time_limit"), sbatch=("time", "t"),
       env="SBATCH_TIMELIMIT"),
    _o("time_min", lambda v: parse_minutes(v, "time_min"), ("time_limit_min",),
       sbatch=("time-min",)),
    _o("nodes", lambda v: parse_node_count(v, "nodes"), sbatch=("nodes", "N")),
    _o("ntasks", _count("ntasks", 1, U32_MAX), sbatch=("ntasks", "n")),
    _o("ntasks_per_node", _count("ntasks_per_node", 1), sbatch=("ntasks-per-node",)),
    _o("cpus_per_task", _count("cpus_per_task", 1), sbatch=("cpus-per-task", "c")),
    _o("memory_per_node", lambda v: parse_memory(v, "memory_per_node"), ("mem",),
       sbatch=("mem",), env="SBATCH_MEM_PER_NODE"),
    _o("memory_per_cpu", lambda v: parse_memory(v, "memory_per_cpu"), ("mem_per_cpu",),
       sbatch=("mem-per-cpu",), env="SBATCH_MEM_PER_CPU"),
    _o("gres", _gres, ("gres_per_node",), sbatch=("gres",), env="SBATCH_GRES"),
    _o("gpus", _gpus, sbatch=("gpus", "G"), env="SBATCH_GPUS"),
    _o("gpus_per_task", _gpu_count("gpus_per_task"), sbatch=("gpus-per-task",),
       env="SBATCH_GPUS_PER_TASK"),
    _o("gpus_per_node", _gpu_count("gpus_per_node"), sbatch=("gpus-per-node",),
       env="SBATCH_GPUS_PER_NODE"),
    _o("constraints", _constraints, clearable=True, sbatch=("constraint", "C"),
       env="SBATCH_CONSTRAINT"),
    _o("required_nodes", lambda v: parse_hostlist(v, "required_nodes"),
       sbatch=("nodelist", "w")),
    _o("excluded_nodes", lambda v: parse_hostlist(v, "excluded_nodes"),
       sbatch=("exclude", "x")),
    _o("dependencies", lambda v: parse_dependencies(v, "dependencies"), ("dependency",),
       clearable=True, sbatch=("dependency", "d")),
    _o("array", lambda v: parse_array(v, "array"), sbatch=("array", "a"),
       env="SBATCH_ARRAY_INX"),
    _o("begin_time", lambda v: parse_begin_time(v, "begin_time"), sbatch=("begin", "b")),
    _o("requeue", _flag("requeue"), ("is_requeueable",), sbatch=("requeue",),
       env="SBATCH_REQUEUE"),
    _o("hold", _flag("hold"), sbatch=("hold", "H"), env="SBATCH_HOLD"),
    _o("nice", _nice, sbatch=("nice",)),
    _o("priority", _count("priority", 0, U32_MAX), sbatch=("priority",)),
    _o("exclusive", _exclusive, sbatch=("exclusive",), env="SBATCH_EXCLUSIVE"),
    _o("resource_sharing", _resource_sharing),
    _o("user_id", _user_id, sbatch=("uid",)),
    _o("group_id", _group_id, sbatch=("gid",)),
    _text_o("comment", sbatch=("comment",)),
    _o("mail_user", _mail_user, clearable=True, sbatch=("mail-user",)),
    _o("mail_types", lambda v: parse_mail_types(v, "mail_types"), sbatch=("mail-type",)),
    _o("signal", lambda v: parse_signal_before_end(v, "signal"), sbatch=("signal",),
       env="SBATCH_SIGNAL"),
    _o("licenses", _licenses, clearable=True),
    _o("deadline", lambda v: parse_begin_time(v, "deadline")),
    _o("distribution", lambda v: parse_distribution(v, "distribution"),
       sbatch=("distribution", "m")),
    _o("cpu_frequency", lambda v: parse_cpu_frequency(v, "cpu_frequency"), ("cpu_freq",),
       sbatch=("cpu-freq",)),
    _o("switches", lambda v: parse_switches(v, "switches"), sbatch=("switches",)),
    _o("ntasks_per_socket", _count("ntasks_per_socket", 1), sbatch=("ntasks-per-socket",)),
    _o("ntasks_per_core", _count("ntasks_per_core", 1), sbatch=("ntasks-per-core",)),
    _o("ntasks_per_gpu", _count("ntasks_per_gpu", 1), sbatch=("ntasks-per-gpu",)),
    _o("cpus_per_gpu", _count("cpus_per_gpu", 1), sbatch=("cpus-per-gpu",)),
    _o("memory_per_gpu", lambda v: parse_memory(v, "memory_per_gpu"), ("mem_per_gpu",),
       sbatch=("mem-per-gpu",)),
    _o("sockets_per_node", _count("sockets_per_node", 1), sbatch=("sockets-per-node",)),
    _o("cores_per_socket", _count("cores_per_socket", 1), sbatch=("cores-per-socket",)),
    _o("threads_per_core", _count("threads_per_core", 1), sbatch=("threads-per-core",)),
    _o("gres_binding", _gres_binding, ("gres_flags",), sbatch=("gres-flags",)),
    _o("delay_boot_time", _delay_boot, sbatch=("delay-boot",)),
    _o("contiguous", _flag("contiguous"), ("requires_contiguous_nodes",),
       sbatch=("contiguous",)),
    _o("spread_job", _flag("spread_job"), ("spreads_over_nodes",), sbatch=("spread-job",)),
    _o("kill_on_invalid_dependency", _flag("kill_on_invalid_dependency"),
       sbatch=("kill-on-invalid-dep",)),
    _o("profile_types", _profile_types, sbatch=("profile",)),
    _o("temporary_disk_per_node", lambda v: parse_memory(v, "temporary_disk_per_node",
                                                          U32_MAX), ("tmp",),
       sbatch=("tmp",)),
    _o("cores_reserved_for_system", _count("cores_reserved_for_system", 0, 0x7FFF),
       ("core_spec",), sbatch=("core-spec", "S")),
    _o("threads_reserved_for_system", _count("threads_reserved_for_system", 0, 0x7FFF),
       ("thread_spec",), sbatch=("thread-spec",)),
    _text_o("wckey", sbatch=("wckey",)),
    _text_o("admin_comment"),
    # not sent: whether the script's #SBATCH lines are read
    _o("script_options", _flag("script_options")),
)

#: option -> parser returning the normalised value (raises ValueError).
PARSERS: dict[str, Callable[[Any], Any]] = {o.name: o.parse for o in OPTIONS}
#: other keyword -> option.
ALIASES: dict[str, str] = {a: o.name for o in OPTIONS for a in o.aliases}
#: string options that an empty string clears when a job is modified.
CLEARABLE: frozenset[str] = frozenset(o.name for o in OPTIONS if o.clearable)
#: ``#SBATCH`` / sbatch flags (long without ``--``, or short) -> option.
SBATCH_OPTIONS: dict[str, str] = {flag: o.name for o in OPTIONS for flag in o.sbatch}
# sbatch flags that take no value
_FLAGS = {"requeue", "hold", "H", "exclusive", "contiguous", "spread-job"}
#: sbatch's input environment variables and the options they set (sbatch:
#: command line > these variables > #SBATCH lines).
SBATCH_ENV: dict[str, str] = {o.env: o.name for o in OPTIONS if o.env}
SBATCH_ENV["SBATCH_NO_REQUEUE"] = "requeue"
_SBATCH_ENV_ALSO = {"SLURM_CLUSTERS": "SBATCH_CLUSTERS"}    # read when the first is unset


def option_name(key: str) -> str | None:
    """The option ``key`` names (an option or an alias); None for none."""
    key = ALIASES.get(key, key)
    return key if key in PARSERS else None


def parse_sbatch_args(args: str | list[str], what: str = "sbatch option") -> dict[str, Any]:
    """sbatch's command-line options (a string, or a list of arguments) as
    JobSubmitDescription keywords, values still to be checked: the form
    ``#SBATCH`` lines and a scheduler's extra options come in.

    Raises:
        ValueError: an option pyslurm does not know, or one without its
            value (the message names ``what`` and the text).

    Examples:
        >>> parse_sbatch_args("-p debug --time=5 --exclusive")
        {'partition': 'debug', 'time_limit': '5', 'exclusive': True}
    """
    text = args if isinstance(args, str) else " ".join(shlex.quote(a) for a in args)
    try:
        words = shlex.split(text, comments=True)
    except ValueError as e:
        raise _err(what, text, str(e)) from None
    out: dict[str, Any] = {}
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith("--"):
            name, eq, val = w[2:].partition("=")
            has = bool(eq)
        elif w.startswith("-") and len(w) >= 2:
            name, val = w[1], w[2:]
            has = bool(val)
        else:
            raise _err(what, text, f"unexpected {w!r}")
        key = SBATCH_OPTIONS.get(name)
        if name == "no-requeue":
            out["requeue"] = False
        elif key is None:
            raise _err(what, text, f"option {name!r} is not supported")
        elif name in _FLAGS:
            out[key] = True
        else:
            if not has:
                i += 1
                if i >= len(words):
                    raise _err(what, text, f"{name} needs a value")
                val = words[i]
            out[key] = val
        i += 1
    return out


def parse_sbatch_lines(script: str) -> dict[str, Any]:
    """Options of the ``#SBATCH`` lines at the top of a script, as
    JobSubmitDescription keywords (sbatch stops at the first command).
    Unknown options raise ValueError."""
    out: dict[str, Any] = {}
    for line in script.splitlines()[1:]:
        s = line.strip()
        if not s or (s.startswith("#") and not s.startswith("#SBATCH")):
            continue
        if not s.startswith("#SBATCH"):
            break
        out.update(parse_sbatch_args(s[len("#SBATCH"):], "#SBATCH"))
    return out


def sbatch_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The options sbatch would read from ``SBATCH_*`` variables, as raw
    JobSubmitDescription keywords (values still to be validated)."""
    environ = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for var, key in SBATCH_ENV.items():
        if var not in environ:
            var = next((v for v, main in _SBATCH_ENV_ALSO.items()
                        if main == var and v in environ), "")
            if not var:
                continue
        value = environ[var]
        if var == "SBATCH_NO_REQUEUE":
            out[key] = False
        elif var in ("SBATCH_REQUEUE", "SBATCH_HOLD"):
            out[key] = True
        elif var == "SBATCH_EXCLUSIVE":
            out[key] = value.lower() if value.lower() in ("user", "mcs") else True
        else:
            out[key] = value
    return out
