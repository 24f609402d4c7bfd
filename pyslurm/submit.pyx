# cython: language_level=3
"""Submitting and changing jobs: :class:`JobSubmitDescription`.

A description holds options checked when they are set (the table of
options and their parsers is :mod:`pyslurm.jobs_util`); :meth:`submit`
and :meth:`pyslurm.Job.modify` turn them into Slurm's ``job_desc_msg_t``
(``_fill_desc``; every string a copy freed by ``_free_desc``) for
``slurm_submit_batch_job`` and ``slurm_update_job``.

Examples:
    >>> import pyslurm
    >>> desc = pyslurm.JobSubmitDescription(
    ...     script="#!/bin/sh\\nsleep 1\\n", ntasks=1, time_limit="5")
    >>> desc.time_limit
    5
    >>> job_id = desc.submit()                     # doctest: +SKIP
"""

import os
import pwd
import secrets
import time

from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport calloc, free
from libc.string cimport strdup
from posix.unistd cimport getuid, getgid

from pyslurm import clusters, hostlist, jobs_util
from pyslurm.clusters import route
from pyslurm.clusters cimport first_available
from pyslurm.constants import UNLIMITED
from pyslurm.errors import RPCError
from pyslurm.core cimport ensure_init, check_rc_errno
from pyslurm.convert cimport cstr, cpath, set_cstr, set_cbytes, free_cstr
from pyslurm.records cimport MessageOwner, load_message
from pyslurm.job_record cimport jobs_kind, check_array_resp
from pyslurm.flags import CPU_FREQ_NAMES, MAIL_ALL, MAIL_BITS, PROFILE_BITS

from slurm cimport (
    job_desc_msg_t, job_info_t, submit_response_msg_t, job_array_resp_msg_t,
    slurm_init_job_desc_msg, slurm_submit_batch_job, slurm_update_job, slurm_update_job2,
    slurm_free_submit_response_response_msg, slurm_free_job_array_resp,
    NO_VAL, INFINITE, MEM_PER_CPU, KILL_JOB_BATCH, KILL_JOB_RESV, JOB_SHARED_NONE,
    JOB_SHARED_OK, JOB_SHARED_USER, JOB_SHARED_MCS, JOB_NTASKS_SET, JOB_CPUS_SET, JOB_MEM_SET,
    NICE_OFFSET, GRES_ENFORCE_BIND, GRES_DISABLE_BIND, KILL_INV_DEP, NO_KILL_INV_DEP,
    SPREAD_JOB, CORE_SPEC_THREAD,
    SLURM_DIST_ARBITRARY, SLURM_DIST_PLANE, SLURM_DIST_PACK_NODES, SLURM_DIST_NO_PACK_NODES,
    SLURM_DIST_BLOCK, SLURM_DIST_CYCLIC, SLURM_DIST_BLOCK_BLOCK, SLURM_DIST_BLOCK_CYCLIC,
    SLURM_DIST_BLOCK_CFULL, SLURM_DIST_CYCLIC_BLOCK, SLURM_DIST_CYCLIC_CYCLIC,
    SLURM_DIST_CYCLIC_CFULL, SLURM_DIST_BLOCK_BLOCK_BLOCK, SLURM_DIST_BLOCK_BLOCK_CYCLIC,
    SLURM_DIST_BLOCK_BLOCK_CFULL, SLURM_DIST_BLOCK_CYCLIC_BLOCK,
    SLURM_DIST_BLOCK_CYCLIC_CYCLIC, SLURM_DIST_BLOCK_CYCLIC_CFULL,
    SLURM_DIST_BLOCK_CFULL_BLOCK, SLURM_DIST_BLOCK_CFULL_CYCLIC,
    SLURM_DIST_BLOCK_CFULL_CFULL, SLURM_DIST_CYCLIC_BLOCK_BLOCK,
    SLURM_DIST_CYCLIC_BLOCK_CYCLIC, SLURM_DIST_CYCLIC_BLOCK_CFULL,
    SLURM_DIST_CYCLIC_CYCLIC_BLOCK, SLURM_DIST_CYCLIC_CYCLIC_CYCLIC,
    SLURM_DIST_CYCLIC_CYCLIC_CFULL, SLURM_DIST_CYCLIC_CFULL_BLOCK,
    SLURM_DIST_CYCLIC_CFULL_CYCLIC, SLURM_DIST_CYCLIC_CFULL_CFULL,
)
from slurm_errno cimport SLURM_SUCCESS
from compat cimport (
    pyslurm_errno, pyslurm_job_desc_set_job_id, pyslurm_submit_response_job_id,
    PYSLURM_GRES_PREFIX,
)

_CPU_FREQ_CODES = {k.lower(): v for v, k in CPU_FREQ_NAMES.items()}

# The table's parsers, with the node lists checked like every node list
# pyslurm sends to the controller (bounded, canonical, no "ALL").
_PARSERS = dict(jobs_util.PARSERS)
_PARSERS["required_nodes"] = lambda v: hostlist.checked(
    jobs_util.parse_hostlist(v, "required_nodes"), "required_nodes")
_PARSERS["excluded_nodes"] = lambda v: hostlist.checked(
    jobs_util.parse_hostlist(v, "excluded_nodes"), "excluded_nodes")


_ALIASES = dict(jobs_util.ALIASES)


# "block:cyclic:fcyclic" (stars expanded) -> SLURM_DIST_*
_DIST_CODES = {
    "block": SLURM_DIST_BLOCK, "cyclic": SLURM_DIST_CYCLIC,
    "block:block": SLURM_DIST_BLOCK_BLOCK, "block:cyclic": SLURM_DIST_BLOCK_CYCLIC,
    "block:fcyclic": SLURM_DIST_BLOCK_CFULL, "cyclic:block": SLURM_DIST_CYCLIC_BLOCK,
    "cyclic:cyclic": SLURM_DIST_CYCLIC_CYCLIC, "cyclic:fcyclic": SLURM_DIST_CYCLIC_CFULL,
    "block:block:block": SLURM_DIST_BLOCK_BLOCK_BLOCK,
    "block:block:cyclic": SLURM_DIST_BLOCK_BLOCK_CYCLIC,
    "block:block:fcyclic": SLURM_DIST_BLOCK_BLOCK_CFULL,
    "block:cyclic:block": SLURM_DIST_BLOCK_CYCLIC_BLOCK,
    "block:cyclic:cyclic": SLURM_DIST_BLOCK_CYCLIC_CYCLIC,
    "block:cyclic:fcyclic": SLURM_DIST_BLOCK_CYCLIC_CFULL,
    "block:fcyclic:block": SLURM_DIST_BLOCK_CFULL_BLOCK,
    "block:fcyclic:cyclic": SLURM_DIST_BLOCK_CFULL_CYCLIC,
    "block:fcyclic:fcyclic": SLURM_DIST_BLOCK_CFULL_CFULL,
    "cyclic:block:block": SLURM_DIST_CYCLIC_BLOCK_BLOCK,
    "cyclic:block:cyclic": SLURM_DIST_CYCLIC_BLOCK_CYCLIC,
    "cyclic:block:fcyclic": SLURM_DIST_CYCLIC_BLOCK_CFULL,
    "cyclic:cyclic:block": SLURM_DIST_CYCLIC_CYCLIC_BLOCK,
    "cyclic:cyclic:cyclic": SLURM_DIST_CYCLIC_CYCLIC_CYCLIC,
    "cyclic:cyclic:fcyclic": SLURM_DIST_CYCLIC_CYCLIC_CFULL,
    "cyclic:fcyclic:block": SLURM_DIST_CYCLIC_CFULL_BLOCK,
    "cyclic:fcyclic:cyclic": SLURM_DIST_CYCLIC_CFULL_CYCLIC,
    "cyclic:fcyclic:fcyclic": SLURM_DIST_CYCLIC_CFULL_CFULL,
}


def _dist_code(kind, pack):
    """(kind, pack) of parse_distribution -> task_dist.  A ``*`` level
    takes Slurm's default: block for nodes, cyclic for sockets, and the
    socket level's method for cores."""
    if kind == "arbitrary":
        code = SLURM_DIST_ARBITRARY
    elif kind == "plane":
        code = SLURM_DIST_PLANE
    else:
        levels = kind.split(":")
        if levels[0] == "*":
            levels[0] = "block"
        if len(levels) > 1 and levels[1] == "*":
            levels[1] = "cyclic"
        if len(levels) > 2 and levels[2] == "*":
            levels[2] = levels[1]
        code = _DIST_CODES[":".join(levels)]
    if pack is True:
        code |= SLURM_DIST_PACK_NODES
    elif pack is False:
        code |= SLURM_DIST_NO_PACK_NODES
    return code


def _cpu_freq_code(value):
    if value is None:
        return NO_VAL
    if isinstance(value, int):
        return value
    return _CPU_FREQ_CODES[value]


def _cpu_freq_text(value):
    return str(value) if isinstance(value, int) else CPU_FREQ_NAMES[_CPU_FREQ_CODES[value]]


# resource_sharing (jobs_util.RESOURCE_SHARING's values) -> job_desc_msg_t.shared
_SHARED = {"oversubscribe": JOB_SHARED_OK, "user": JOB_SHARED_USER, "mcs": JOB_SHARED_MCS,
           "exclusive": JOB_SHARED_NONE}


def _submit_ids(dict o):
    """(uid, gid) the job is submitted as: the caller's, or ``user_id`` /
    ``group_id`` (Slurm lets only root and SlurmUser submit as another
    user); the group defaults to the user's primary group."""
    uid = o.get("user_id")
    gid = o.get("group_id")
    if uid is None:
        return getuid(), (getgid() if gid is None else gid)
    if gid is None:
        try:
            gid = pwd.getpwuid(uid).pw_gid
        except KeyError:        # checked when set; gone since: let Slurm judge
            gid = getgid()
    return uid, gid


def _job_env_extra(dict o):
    """Variables sbatch puts into the job's environment for the options that
    ``srun`` inside the job reads from there."""
    env = []
    if "distribution" in o:
        kind, plane, pack = o["distribution"]
        text = kind + ("" if pack is None else (",Pack" if pack else ",NoPack"))
        env.append(f"SLURM_DISTRIBUTION={text}")
        if plane is not None:
            env.append(f"SLURM_DIST_PLANESIZE={plane}")
    if "cpu_frequency" in o:
        lo, hi, gov = o["cpu_frequency"]
        text = ""
        if lo is not None:
            text = _cpu_freq_text(lo) + "-"
        if hi is not None:
            text += _cpu_freq_text(hi)
        if gov is not None:
            text += (":" if text else "") + _cpu_freq_text(gov)
        env.append(f"SLURM_CPU_FREQ_REQ={text}")
    return env


class JobSubmitDescription:
    """What ``sbatch`` can say about a job, as keyword arguments.

    Every value is checked when it is set: an invalid one raises
    ``ValueError`` naming the option and the value, before any RPC (the
    ranges are in the "Security and input validation" guide).  Unset
    options (``None``) are left to Slurm's defaults.  ``#SBATCH`` lines at
    the top of the script are read too (unless ``script_options=False``);
    keyword arguments win over them.  Every option, its aliases and its
    parser are listed once in :data:`pyslurm.jobs_util.OPTIONS`.

    Options:
        script: script text (starting with ``#!``) or a path to a file.
        script_args: arguments of the script (list or a shell string).
        name, working_directory (default: the current directory),
        standard_input/standard_output/standard_error (aliases stdin
        and standard_in, stdout, stderr), partition, account, qos,
        reservation, comment; partition and reservation also take a list
        (aliases partitions, reservations).
        environment: None/"ALL" (default: the whole current environment),
            "NONE", a dict of variables, or sbatch's ``--export`` tokens
            (see :func:`pyslurm.jobs_util.build_environment`).
        time_limit, time_min: minutes (int) or any Slurm time string
            (``"mm"``, ``"mm:ss"``, ``"hh:mm:ss"``, ``"d-hh"``,
            ``"d-hh:mm"``, ``"d-hh:mm:ss"``, ``"UNLIMITED"``).
        nodes: ``2`` or ``"2-4"``; unset lets the controller choose.
        ntasks, ntasks_per_node, cpus_per_task: ints.
        memory_per_node, memory_per_cpu: MiB, or strings like ``"2G"``.
        gres (alias gres_per_node): ``"gpu:2"``, a list or a dict
            (``{"gpu:tesla": 1}``); gpus, gpus_per_task, gpus_per_node:
            ``2`` or ``"tesla:2"`` (sbatch's ``--gpus``, ``--gpus-per-task``,
            ``--gpus-per-node``).
        constraints: ``"a&b"`` or a list (all required).
        required_nodes, excluded_nodes: hostlists (``"c[1-2]"`` or a list).
        dependencies: ``"afterok:1:2"`` or ``{"afterok": [1, 2]}``.
        array: ``"0-15%4"`` or a list of indices.
        begin_time: unix time, datetime, ``"now+60"`` or ISO date.
        requeue (alias is_requeueable), hold, exclusive (True/"user"/"mcs"):
            flags.
        resource_sharing: upstream pyslurm's form of ``exclusive``:
            ``"oversubscribe"``/``"yes"``, ``"user"``, ``"mcs"`` or
            ``"no"``/``"exclusive"`` (not together with ``exclusive``).
        user_id, group_id: submit as this user / group (a name or a
            number; Slurm allows it to root and SlurmUser only); the group
            defaults to the user's primary group.  Checked before any RPC.
        nice, priority: ints.
        mail_user, mail_types (``"BEGIN,END"`` or a list).
        signal: ``"USR1@60"`` / ``"B:USR1@90"``: signal before the time limit.
        licenses: ``"matlab:2,fluent"``, a list or a dict.
        deadline: like begin_time; a pending job is cancelled then.
        distribution: sbatch's ``-m``: ``"block"``, ``"cyclic"``,
            ``"arbitrary"``, ``"plane=4"``, ``"block:cyclic"``,
            ``"cyclic:fcyclic:block"``, with ``",Pack"``/``",NoPack"``.
        cpu_frequency: sbatch's ``--cpu-freq``: kHz, ``"low"``,
            ``"medium"``, ``"highm1"``, ``"high"``, a governor
            (``"ondemand"``, ``"performance"``, ``"powersave"``,
            ``"userspace"``, ``"conservative"``, ``"schedutil"``) or
            ``"low-high:ondemand"``.
        switches: ``2`` or ``"2@10:00"`` (count and the longest wait).
        ntasks_per_socket, ntasks_per_core, ntasks_per_gpu, cpus_per_gpu,
        sockets_per_node, cores_per_socket, threads_per_core: ints.
        memory_per_gpu, temporary_disk_per_node: MiB or ``"2G"``.
        gres_binding: ``"enforce-binding"`` or ``"disable-binding"``.
        delay_boot_time: minutes or a Slurm time string.
        contiguous, spread_job, kill_on_invalid_dependency: flags.
        profile_types: ``"task,energy"``, ``"all"``, ``"none"`` or a list.
        wckey, admin_comment: strings.
        clusters (alias cluster): sbatch's ``-M``: submit to another
            cluster's controller (found through slurmdbd); several names
            (a list or ``"a,b"``): to the one where the job would start
            first, as sbatch does.  Unset: the local cluster.
        script_options: False to leave the script's ``#SBATCH`` lines
            unread (the options given are complete; default True).

    Examples:
        >>> desc = pyslurm.JobSubmitDescription(
        ...     script="#!/bin/sh\\nhostname\\n", ntasks=2, time_limit="10",
        ...     memory_per_cpu="1G", standard_output="/tmp/out-%j.txt")
        >>> desc.time_limit
        10
        >>> job_id = desc.submit()                 # doctest: +SKIP
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_options", {})
        object.__setattr__(self, "_script_path", None)
        object.__setattr__(self, "_env_options", {})
        object.__setattr__(self, "_submitted", None)   # (token, uid, time) of the last try
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __setattr__(self, key, value):
        key = _ALIASES.get(key, key)
        parser = _PARSERS.get(key)
        if parser is None:
            raise AttributeError(f"JobSubmitDescription has no option {key!r}")
        if key == "script":
            path = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
            object.__setattr__(self, "_script_path", os.path.abspath(path)
                               if path and "\n" not in path and not path.startswith("#!") else None)
        if value is None:
            self._options.pop(key, None)
        elif value == "" and key in jobs_util.CLEARABLE:
            self._options[key] = ""
        else:
            self._options[key] = parser(value)
        if key in ("memory_per_node", "memory_per_cpu") and \
                "memory_per_node" in self._options and "memory_per_cpu" in self._options:
            del self._options[key]
            raise ValueError("invalid value for memory_per_node/memory_per_cpu: "
                             "set only one of them")
        if key in ("exclusive", "resource_sharing") and \
                "exclusive" in self._options and "resource_sharing" in self._options:
            del self._options[key]
            raise ValueError("invalid value for exclusive/resource_sharing: "
                             "set only one of them (resource_sharing is upstream "
                             "pyslurm's name)")

    def __getattr__(self, key):
        key = _ALIASES.get(key, key)
        if key not in _PARSERS:
            raise AttributeError(f"JobSubmitDescription has no option {key!r}")
        return self._options.get(key)

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self._options.items() if k != "script")
        return f"pyslurm.JobSubmitDescription({inner})"

    def to_dict(self):
        """The options set, normalised (minutes, MiB, Slurm strings)."""
        return dict(self._options)

    def load_environment(self, environ=None):
        """Read sbatch's input variables (``SBATCH_JOB_NAME``,
        ``SBATCH_PARTITION``, ``SBATCH_TIMELIMIT``, ... see
        :data:`pyslurm.jobs_util.SBATCH_ENV`) as sbatch does: they override
        ``#SBATCH`` lines and are overridden by options set on this object.

        Args:
            environ: a mapping to read instead of ``os.environ``.

        Raises:
            ValueError: a variable holds an invalid value (named with its
                option).
        """
        parsed = {}
        for key, raw in jobs_util.sbatch_environment(environ).items():
            parsed[key] = _PARSERS[key](raw)
        object.__setattr__(self, "_env_options", parsed)

    def apply_sbatch_args(self, args):
        """Set the options sbatch's command-line arguments name, as sbatch
        reads them (a string such as ``"-p debug --time=5"``, or a list of
        arguments); they replace options set before.

        Returns:
            JobSubmitDescription: this description.

        Raises:
            ValueError: an option pyslurm does not know, or an invalid
                value (before any RPC; the message names it).

        Examples:
            >>> desc = pyslurm.JobSubmitDescription(partition="debug")
            >>> desc.apply_sbatch_args("-p batch --mem=2G").partition
            'batch'
        """
        for key, raw in jobs_util.parse_sbatch_args(args).items():
            setattr(self, key, raw)
        return self

    def effective_options(self):
        """The options :meth:`submit` sends: ``#SBATCH`` lines of the
        script, overridden by :meth:`load_environment`'s variables, overridden
        by the options set on this object."""
        opts = {}
        script = self._options.get("script")
        if script and self._options.get("script_options", True):
            for key, raw in jobs_util.parse_sbatch_lines(script).items():
                if key == "requeue" and raw is True:
                    opts[key] = True
                    continue
                opts[key] = _PARSERS[key](raw)
        opts.update(self._env_options)
        opts.update(self._options)
        opts.pop("script_options", None)
        if "memory_per_node" in self._options or "memory_per_cpu" in self._options:
            if "memory_per_node" not in self._options:
                opts.pop("memory_per_node", None)
            if "memory_per_cpu" not in self._options:
                opts.pop("memory_per_cpu", None)
        return opts

    def submit(self):
        """Submit the batch job.  Implements ``slurm_submit_batch_job``.

        Every submission carries a fresh random submit token (recorded as
        the job's :attr:`Job.submit_session_id`).  When the controller
        takes the request but its answer does not come (a stopped or
        overloaded controller), the job may exist all the same: the
        error's ``delivered`` is None then, and :meth:`find_submitted`
        tells whether it does -- retry only when it says None.  When
        nothing was sent, the error's ``delivered`` is False and a retry
        cannot make a duplicate.

        With :attr:`clusters` set, the job goes to that cluster's
        controller (``sbatch -M``): its id is an id of that cluster, e.g.
        ``pyslurm.Job(job_id, cluster="other")``.

        Returns:
            int: the new job's id.

        Raises:
            ValueError: no script, an invalid value, or a cluster slurmdbd
                does not know (before any RPC to a controller).
            ControllerUnreachableError: the controller could not be reached
                (``delivered`` False: nothing was sent) or no answer came
                (``delivered`` None: the outcome is unknown; ``submit_token``
                set).
            RPCError: the controller rejected the job, with its message.

        Examples:
            >>> job_id = pyslurm.JobSubmitDescription(
            ...     script="#!/bin/sh\\nsleep 10\\n").submit()   # doctest: +SKIP
        """
        opts = self.effective_options()
        if not opts.get("script"):
            raise ValueError("invalid value for script: None (a batch job needs a script)")
        # 16..2**31-1: clear of sbatch's hold markers (1, 2) and of NO_VAL
        token = secrets.randbelow((1 << 31) - 16) + 16
        object.__setattr__(self, "_submitted", (token, os.getuid(), int(time.time())))
        try:
            return _submit(opts, self._script_path, token)
        except RPCError as e:
            e.submit_token = token
            raise

    def find_submitted(self):
        """The id of the job the last :meth:`submit` of this description
        created, found by its submit token; None when the controller holds
        no such job.

        For a submission that failed with ``delivered`` None (the
        controller took the request but did not answer), this says whether
        the job exists.  One ``slurm_load_job_user`` call: the caller's
        own jobs submitted since that try are searched for the token.
        Ask once the controller answers again (a controller that is still
        busy may not have carried out the request yet).

        Returns:
            int | None

        Raises:
            ValueError: :meth:`submit` was never called on this object.
            RPCError: the controller did not answer (again).

        Examples:
            >>> desc = pyslurm.JobSubmitDescription(script="#!/bin/sh\\ntrue\\n")
            >>> try:                                     # doctest: +SKIP
            ...     job_id = desc.submit()
            ... except pyslurm.ControllerUnreachableError as e:
            ...     job_id = desc.find_submitted() if e.delivered is None else None
        """
        if self._submitted is None:
            raise ValueError("find_submitted: this description was never submitted")
        token, uid, since = self._submitted
        names = self.effective_options().get("clusters") or [None]
        for name in names:                  # the job went to one of them
            with route(name):
                found = _find_submitted(token, uid, since - 300)
            if found is not None:
                return found
        return None


def _find_submitted(uint32_t token, uint32_t uid, long since):
    """The id of ``uid``'s job carrying submit token ``token`` and
    submitted at ``since`` or later; None (one ``slurm_load_job_user``,
    its records read in C)."""
    cdef MessageOwner owner = load_message(jobs_kind(), 0, uid)
    cdef job_info_t *job
    cdef Py_ssize_t i
    for i in range(owner.count):
        job = <job_info_t *> owner.record(i)
        if job.alloc_sid == token and job.submit_time >= since:
            return job.job_id
    return None


cdef char **_cstr_list(list values, uint32_t *count) except NULL:
    """A calloc'ed, NULL-terminated array of strdup'ed strings; free with
    _free_cstr_list."""
    cdef size_t n = len(values), i
    cdef char **arr = <char **>calloc(n + 1, sizeof(char *))
    cdef bytes b
    if arr == NULL:
        raise MemoryError()
    for i in range(n):
        b = str(values[i]).encode("utf-8", "surrogateescape")
        arr[i] = strdup(b)
        if arr[i] == NULL:
            _free_cstr_list(&arr, n)
            raise MemoryError()
    count[0] = <uint32_t>n
    return arr


cdef void _free_cstr_list(char ***arr, size_t n) noexcept:
    cdef size_t i
    if arr[0] == NULL:
        return
    for i in range(n):
        free(arr[0][i])
    free(arr[0])
    arr[0] = NULL


cdef int _fill_desc(job_desc_msg_t *d, dict o, bint submit) except -1:
    """Python options -> the request.  ``d`` was initialised with
    slurm_init_job_desc_msg; every string is a malloc'ed copy freed by
    _free_desc."""
    cdef uint64_t mem
    if submit:
        d.user_id, d.group_id = _submit_ids(o)
        set_cbytes(&d.script, o["script"].encode("utf-8", "surrogateescape"))
        args = [o.get("name") or "pyslurm-job"] + list(o.get("script_args") or [])
        d.argv = _cstr_list(args, &d.argc)
        env = jobs_util.build_environment(o.get("environment")) + _job_env_extra(o)
        d.environment = _cstr_list(env, &d.env_size)
        set_cstr(&d.work_dir, o.get("working_directory") or os.getcwd())
        set_cstr(&d.name, o.get("name") or "pyslurm-job")
    else:
        if "working_directory" in o:
            set_cstr(&d.work_dir, o["working_directory"])
        if "name" in o:
            set_cstr(&d.name, o["name"])
        for key in ("script", "script_args", "environment", "user_id", "group_id"):
            if key in o:
                raise ValueError(f"invalid value for {key}: cannot be modified")

    for key, attr in (("standard_input", "std_in"), ("standard_output", "std_out"),
                      ("standard_error", "std_err")):
        if key in o:
            if attr == "std_in":
                set_cstr(&d.std_in, o[key])
            elif attr == "std_out":
                set_cstr(&d.std_out, o[key])
            else:
                set_cstr(&d.std_err, o[key])
    if "partition" in o:
        set_cstr(&d.partition, o["partition"])
    if "account" in o:
        set_cstr(&d.account, o["account"])
    if "qos" in o:
        set_cstr(&d.qos, o["qos"])
    if "reservation" in o:
        set_cstr(&d.reservation, o["reservation"])
    if "comment" in o:
        set_cstr(&d.comment, o["comment"])
    if "constraints" in o:
        set_cstr(&d.features, o["constraints"])
    if "required_nodes" in o:
        set_cstr(&d.req_nodes, o["required_nodes"])
    if "excluded_nodes" in o:
        set_cstr(&d.exc_nodes, o["excluded_nodes"])
    if "dependencies" in o:
        set_cstr(&d.dependency, o["dependencies"])
    if "array" in o:
        set_cstr(&d.array_inx, o["array"])
    if "mail_user" in o:
        set_cstr(&d.mail_user, o["mail_user"])
    if "licenses" in o:
        set_cstr(&d.licenses, o["licenses"])
    if "deadline" in o:
        d.deadline = o["deadline"]
    if "mail_types" in o:
        bits = 0
        for n in o["mail_types"]:
            bits |= MAIL_ALL if n == "ALL" else MAIL_BITS.get(n, 0)
        d.mail_type = bits

    prefix = (<bytes>PYSLURM_GRES_PREFIX).decode()
    per_node = [prefix + g for g in o.get("gres", ())]
    if "gpus_per_node" in o:
        if any(g == "gpu" or g.startswith("gpu:") for g in o.get("gres", ())):
            raise ValueError(f"invalid value for gpus_per_node: {o['gpus_per_node']!r} "
                             f"(gres already asks for GPUs per node: {o['gres']!r})")
        per_node.append(prefix + "gpu:" + o["gpus_per_node"])
    if per_node:
        set_cstr(&d.tres_per_node, ",".join(per_node))
    if "gpus" in o:
        set_cstr(&d.tres_per_job, prefix + "gpu:" + o["gpus"])
    if "gpus_per_task" in o:
        set_cstr(&d.tres_per_task, prefix + "gpu:" + o["gpus_per_task"])

    if "time_limit" in o:
        d.time_limit = INFINITE if o["time_limit"] == UNLIMITED else o["time_limit"]
    if "time_min" in o:
        d.time_min = INFINITE if o["time_min"] == UNLIMITED else o["time_min"]
    if "nodes" in o:
        lo, hi = o["nodes"]
        d.min_nodes = lo
        d.max_nodes = hi if hi is not None else lo
    cpt = o.get("cpus_per_task")
    if cpt is not None:
        d.cpus_per_task = cpt
        d.bitflags |= JOB_CPUS_SET
        d.pn_min_cpus = cpt
    if "ntasks" in o:
        d.num_tasks = o["ntasks"]
        d.bitflags |= JOB_NTASKS_SET
        d.min_cpus = o["ntasks"] * (cpt or 1)
    if "ntasks_per_node" in o:
        d.ntasks_per_node = o["ntasks_per_node"]
    if "memory_per_node" in o:
        d.pn_min_memory = o["memory_per_node"]
        d.bitflags |= JOB_MEM_SET
    if "memory_per_cpu" in o:
        mem = o["memory_per_cpu"]
        d.pn_min_memory = mem | MEM_PER_CPU
        d.bitflags |= JOB_MEM_SET
    if "begin_time" in o:
        d.begin_time = o["begin_time"]
    if "requeue" in o:
        d.requeue = 1 if o["requeue"] else 0
    if o.get("hold"):
        d.priority = 0
    elif "priority" in o:
        d.priority = o["priority"]
    if "nice" in o:
        d.nice = <uint32_t>(<long>NICE_OFFSET + <long>o["nice"])
    if "exclusive" in o:
        ex = o["exclusive"]
        if ex is True:
            d.shared = JOB_SHARED_NONE
        elif ex == "user":
            d.shared = JOB_SHARED_USER
        elif ex == "mcs":
            d.shared = JOB_SHARED_MCS
        elif submit:
            d.shared = JOB_SHARED_OK    # --oversubscribe
    if "resource_sharing" in o:
        d.shared = _SHARED[o["resource_sharing"]]
    if "cores_reserved_for_system" in o and "threads_reserved_for_system" in o:
        raise ValueError("invalid value for threads_reserved_for_system: "
                         f"{o['threads_reserved_for_system']!r} (not together with "
                         "cores_reserved_for_system: a job reserves cores or threads)")
    if "cores_reserved_for_system" in o:
        d.core_spec = o["cores_reserved_for_system"]
    if "threads_reserved_for_system" in o:
        d.core_spec = o["threads_reserved_for_system"] | CORE_SPEC_THREAD
    if "distribution" in o:
        kind, plane, pack = o["distribution"]
        d.task_dist = _dist_code(kind, pack)
        if plane is not None:
            d.plane_size = plane
    if "cpu_frequency" in o:
        lo, hi, gov = o["cpu_frequency"]
        d.cpu_freq_min = _cpu_freq_code(lo)
        d.cpu_freq_max = _cpu_freq_code(hi)
        d.cpu_freq_gov = _cpu_freq_code(gov)
    if "switches" in o:
        count, wait = o["switches"]
        d.req_switch = count
        if wait is not None:
            d.wait4switch = wait
    for key in ("ntasks_per_socket", "ntasks_per_core", "ntasks_per_gpu",
                "sockets_per_node", "cores_per_socket", "threads_per_core"):
        if key in o:
            if key == "ntasks_per_socket":
                d.ntasks_per_socket = o[key]
            elif key == "ntasks_per_core":
                d.ntasks_per_core = o[key]
            elif key == "ntasks_per_gpu":
                d.ntasks_per_tres = o[key]
            elif key == "sockets_per_node":
                d.sockets_per_node = o[key]
            elif key == "cores_per_socket":
                d.cores_per_socket = o[key]
            else:
                d.threads_per_core = o[key]
    if "cpus_per_gpu" in o:
        set_cstr(&d.cpus_per_tres, f"{prefix}gpu:{o['cpus_per_gpu']}")
    if "memory_per_gpu" in o:
        set_cstr(&d.mem_per_tres, f"{prefix}gpu:{o['memory_per_gpu']}")
    if "gres_binding" in o:
        d.bitflags |= GRES_ENFORCE_BIND if o["gres_binding"] == "enforce-binding" \
            else GRES_DISABLE_BIND
    if "delay_boot_time" in o:
        d.delay_boot = o["delay_boot_time"] * 60
    if "contiguous" in o:
        d.contiguous = 1 if o["contiguous"] else 0
    if o.get("spread_job"):
        d.bitflags |= SPREAD_JOB
    if "kill_on_invalid_dependency" in o:
        d.bitflags |= KILL_INV_DEP if o["kill_on_invalid_dependency"] else NO_KILL_INV_DEP
    if "profile_types" in o:
        bits = 0
        for n in o["profile_types"]:
            bits |= PROFILE_BITS[n.lower()]
        d.profile = bits
    if "temporary_disk_per_node" in o:
        d.pn_min_tmp_disk = o["temporary_disk_per_node"]
    if "wckey" in o:
        set_cstr(&d.wckey, o["wckey"])
    if "admin_comment" in o:
        set_cstr(&d.admin_comment, o["admin_comment"])
    if "signal" in o:
        sig, secs, target = o["signal"]
        d.warn_signal = sig
        d.warn_time = secs
        d.warn_flags = 0
        if target and "B" in target:
            d.warn_flags |= KILL_JOB_BATCH
        if target and "R" in target:
            d.warn_flags |= KILL_JOB_RESV
    return 0


cdef void _free_desc(job_desc_msg_t *d) noexcept:
    """Free exactly what _fill_desc may have allocated."""
    free_cstr(&d.script)
    free_cstr(&d.work_dir)
    free_cstr(&d.name)
    free_cstr(&d.std_in)
    free_cstr(&d.std_out)
    free_cstr(&d.std_err)
    free_cstr(&d.partition)
    free_cstr(&d.account)
    free_cstr(&d.qos)
    free_cstr(&d.reservation)
    free_cstr(&d.comment)
    free_cstr(&d.features)
    free_cstr(&d.req_nodes)
    free_cstr(&d.exc_nodes)
    free_cstr(&d.dependency)
    free_cstr(&d.array_inx)
    free_cstr(&d.mail_user)
    free_cstr(&d.licenses)
    free_cstr(&d.tres_per_node)
    free_cstr(&d.tres_per_job)
    free_cstr(&d.cpus_per_tres)
    free_cstr(&d.mem_per_tres)
    free_cstr(&d.wckey)
    free_cstr(&d.admin_comment)
    _free_cstr_list(&d.argv, d.argc)
    d.argc = 0
    _free_cstr_list(&d.environment, d.env_size)
    d.env_size = 0


def _submit(dict opts, script_path, uint32_t token):
    cdef job_desc_msg_t desc
    cdef submit_response_msg_t *resp = NULL
    cdef int rc, err = 0
    cdef uint32_t job_id
    opts = dict(opts)
    names = opts.pop("clusters", None)
    slurm_init_job_desc_msg(&desc)
    try:
        _fill_desc(&desc, opts, True)
        desc.alloc_sid = token
        if script_path:
            _free_cstr_list(&desc.argv, desc.argc)
            desc.argv = _cstr_list([script_path] + list(opts.get("script_args") or []), &desc.argc)
        ensure_init()
        target = None
        if names:
            clusters.resolve(names)         # an unknown name fails before any request
            target = names[0] if len(names) == 1 else first_available(&desc, names)
        with route(target):
            with nogil:
                rc = slurm_submit_batch_job(&desc, &resp)
                if rc != SLURM_SUCCESS:
                    err = pyslurm_errno()
        check_rc_errno(rc, err, "slurm_submit_batch_job")
        job_id = pyslurm_submit_response_job_id(resp)
        return job_id
    finally:
        _free_desc(&desc)
        if resp != NULL:
            slurm_free_submit_response_response_msg(resp)


def _filled(dict opts, bint submit=True):
    """What :func:`_fill_desc` puts into a job_desc_msg_t for ``opts``, read
    back from the C struct (the numbers as C holds them, the script as
    bytes).  For tests: proves no value wraps around or lands on a
    sentinel."""
    cdef job_desc_msg_t d
    slurm_init_job_desc_msg(&d)
    try:
        _fill_desc(&d, opts, submit)
        return {
            "time_limit": d.time_limit, "time_min": d.time_min,
            "min_nodes": d.min_nodes, "max_nodes": d.max_nodes,
            "num_tasks": d.num_tasks, "min_cpus": d.min_cpus,
            "cpus_per_task": d.cpus_per_task, "ntasks_per_node": d.ntasks_per_node,
            "pn_min_memory": d.pn_min_memory, "pn_min_tmp_disk": d.pn_min_tmp_disk,
            "begin_time": d.begin_time, "deadline": d.deadline,
            "priority": d.priority, "nice": d.nice, "req_switch": d.req_switch,
            "wait4switch": d.wait4switch, "plane_size": d.plane_size,
            "warn_time": d.warn_time, "delay_boot": d.delay_boot,
            "sockets_per_node": d.sockets_per_node, "cores_per_socket": d.cores_per_socket,
            "threads_per_core": d.threads_per_core,
            "ntasks_per_socket": d.ntasks_per_socket, "ntasks_per_core": d.ntasks_per_core,
            "ntasks_per_tres": d.ntasks_per_tres,
            "script": <bytes> d.script if d.script != NULL else None,
            "name": cstr(d.name), "dependency": cstr(d.dependency),
            "req_nodes": cstr(d.req_nodes), "exc_nodes": cstr(d.exc_nodes),
            "array_inx": cstr(d.array_inx), "partition": cstr(d.partition),
            "account": cstr(d.account), "qos": cstr(d.qos),
            "reservation": cstr(d.reservation), "comment": cstr(d.comment),
            "wckey": cstr(d.wckey), "admin_comment": cstr(d.admin_comment),
            "work_dir": cpath(d.work_dir), "std_in": cpath(d.std_in),
            "std_out": cpath(d.std_out), "std_err": cpath(d.std_err),
            "mail_user": cstr(d.mail_user), "features": cstr(d.features),
            "licenses": cstr(d.licenses), "tres_per_node": cstr(d.tres_per_node),
            "tres_per_job": cstr(d.tres_per_job), "cpus_per_tres": cstr(d.cpus_per_tres),
            "mem_per_tres": cstr(d.mem_per_tres), "warn_signal": d.warn_signal,
            "cpu_freq_min": d.cpu_freq_min, "cpu_freq_max": d.cpu_freq_max,
            "cpu_freq_gov": d.cpu_freq_gov, "mail_type": d.mail_type,
            "user_id": d.user_id, "group_id": d.group_id, "shared": d.shared,
            "environment": [(<bytes> d.environment[i]).decode("utf-8", "surrogateescape")
                            for i in range(d.env_size)] if d.environment != NULL else [],
        }
    finally:
        _free_desc(&d)


def update_job(uint32_t job_id, dict opts, ref=None):
    """Change job ``job_id`` (``ref``: its ``"ARRAY_TASK"`` form, or None)
    by the checked options ``opts`` (:meth:`JobSubmitDescription.to_dict`);
    what :meth:`pyslurm.Job.modify` does.  Implements ``slurm_update_job``
    (``slurm_update_job2`` for an array task)."""
    opts = dict(opts)
    opts.pop("script_options", None)
    _update(job_id, opts, ref)


def _update(uint32_t job_id, dict opts, ref=None):
    cdef job_desc_msg_t desc
    cdef job_array_resp_msg_t *resp = NULL
    cdef int rc, err = 0
    cdef bint by_ref = ref is not None
    slurm_init_job_desc_msg(&desc)
    try:
        _fill_desc(&desc, opts, False)
        if by_ref:
            set_cstr(&desc.job_id_str, ref)
        else:
            pyslurm_job_desc_set_job_id(&desc, job_id)
        ensure_init()
        with nogil:
            if by_ref:
                rc = slurm_update_job2(&desc, &resp)
            else:
                rc = slurm_update_job(&desc)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
        check_rc_errno(rc, err, f"slurm_update_job({ref or job_id})")
        check_array_resp(resp, "slurm_update_job2")
    finally:
        free_cstr(&desc.job_id_str)
        _free_desc(&desc)
        if resp != NULL:
            slurm_free_job_array_resp(resp)
