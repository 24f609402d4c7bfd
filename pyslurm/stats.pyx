# cython: language_level=3
"""Real-time statistics of running jobs and steps: :class:`JobStatistics`
and :class:`JobStepStatistics`.

The numbers are the ones ``sstat`` shows: each node running a step is asked
(``slurm_job_step_stat``, answered by the node's slurmd without the
accounting database) for what Slurm's job accounting plugin
(``JobAcctGatherType``, e.g. ``jobacct_gather/linux``) measured so far, and
the answers are added up with Slurm's own accounting functions from
``libslurmfull``.  With ``JobAcctGatherType=jobacct_gather/none`` a step
has no statistics (every value ``None``), only process ids.

Use it through :meth:`pyslurm.Job.load_stats`, :meth:`pyslurm.Jobs.load_stats`
and :meth:`pyslurm.JobStep.load_stats`.

Units: times in seconds (``float``, millisecond resolution, except
``elapsed_cpu_time``, an ``int``), memory and disk I/O in **bytes** (not
MiB: a task's few hundred KiB would round to nothing), CPU frequency in
kHz, energy in joules.  A value Slurm did not measure reads ``None``.

Examples:
    >>> import pyslurm
    >>> job = pyslurm.Job(1234)
    >>> stats = job.load_stats()                      # doctest: +SKIP
    >>> stats.max_resident_memory, stats.max_resident_memory_node   # doctest: +SKIP
    (210763776, 'c1')
    >>> job.pids                                      # doctest: +SKIP
    {'c1': [4711, 4712]}
"""

from cpython.mem cimport PyMem_Malloc, PyMem_Free
from libc.stdint cimport uint16_t, uint32_t
from libc.string cimport memset

# step statistics go to the local nodes whatever another thread routes
from pyslurm.clusters import route
from pyslurm.errors import PyslurmError
from pyslurm.core cimport ensure_init, check_rc_errno
from slurm cimport (
    jobacctinfo_t, slurm_step_id_t, job_step_stat_response_msg_t,
    job_step_stat_t, slurm_job_step_stat, slurm_job_step_stat_response_msg_free,
    NO_VAL64, INFINITE64, NO_VAL16,
)
from slurmdb cimport slurmdb_stats_t, slurmdb_free_slurmdb_stats_members
from slurm_errno cimport (
    SLURM_SUCCESS, ESLURM_INVALID_JOB_ID, ESLURM_ALREADY_DONE,
)
from compat cimport (
    pyslurm_errno, slurm_xfree_ptr,
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
)
from slurmfull cimport (
    PYSLURM_HAVE_SLURMFULL, PYSLURM_TRES_CPU, PYSLURM_TRES_MEM,
    PYSLURM_TRES_FS_DISK, PYSLURM_TRES_VMEM, PYSLURM_TRES_PAGES,
    jobacctinfo_create, jobacctinfo_destroy, jobacctinfo_aggregate,
    jobacctinfo_2_stats, g_tres_count, slurmdb_ave_tres_usage,
    pyslurm_jobacct_tres_count, pyslurm_jobacct_has_tres_list,
    pyslurm_jobacct_post_tres_list, pyslurm_jobacct_user_cpu,
    pyslurm_jobacct_sys_cpu,
)

#: True when pyslurm was built with libslurmfull (statistics available).
AVAILABLE = bool(PYSLURM_HAVE_SLURMFULL)

# (attribute, TRES id, "in"/"out") of the per-TRES maxima and averages.
_MAXIMA = (
    ("max_disk_read", PYSLURM_TRES_FS_DISK, "in"),
    ("max_disk_write", PYSLURM_TRES_FS_DISK, "out"),
    ("max_page_faults", PYSLURM_TRES_PAGES, "in"),
    ("max_resident_memory", PYSLURM_TRES_MEM, "in"),
    ("max_virtual_memory", PYSLURM_TRES_VMEM, "in"),
)
_AVERAGES = (
    ("avg_disk_read", PYSLURM_TRES_FS_DISK, "in"),
    ("avg_disk_write", PYSLURM_TRES_FS_DISK, "out"),
    ("avg_page_faults", PYSLURM_TRES_PAGES, "in"),
    ("avg_resident_memory", PYSLURM_TRES_MEM, "in"),
    ("avg_virtual_memory", PYSLURM_TRES_VMEM, "in"),
)

_FIELDS = (
    "consumed_energy", "elapsed_cpu_time",
    "avg_cpu_time", "avg_cpu_frequency",
    "avg_disk_read", "avg_disk_write", "avg_page_faults",
    "avg_resident_memory", "avg_virtual_memory",
    "max_disk_read", "max_disk_read_node", "max_disk_read_task",
    "max_disk_write", "max_disk_write_node", "max_disk_write_task",
    "max_page_faults", "max_page_faults_node", "max_page_faults_task",
    "max_resident_memory", "max_resident_memory_node", "max_resident_memory_task",
    "max_virtual_memory", "max_virtual_memory_node", "max_virtual_memory_task",
    "min_cpu_time", "min_cpu_time_node", "min_cpu_time_task",
    "total_cpu_time", "user_cpu_time", "system_cpu_time",
)


def unavailable():
    """The error raised when statistics are asked for without libslurmfull."""
    return PyslurmError(
        "job statistics are not available: pyslurm was built without Slurm's "
        "libslurmfull.so (the 'slurm-wlm' folder of the library directory; "
        "Debian ships it with slurmd/slurmctld). Install it and rebuild pyslurm.")


# ---------------------------------------------------------------------------
# Statistics objects
# ---------------------------------------------------------------------------
class JobStepStatistics:
    """Real-time statistics of one running job step (what ``sstat`` shows).

    Filled by :meth:`pyslurm.JobStep.load_stats` or
    :meth:`pyslurm.Job.load_stats`.  A value Slurm did not measure is
    ``None``.

    Attributes:
        consumed_energy (int): Energy consumed by the step so far, in joules
            (None without an energy plugin).
        elapsed_cpu_time (int): CPU-seconds allocated so far: the step's
            run time times its CPUs.
        avg_cpu_time (float): Average CPU time of the step's tasks, seconds.
        avg_cpu_frequency (float): Average CPU frequency of the tasks, kHz.
        avg_disk_read (int): Average bytes read by the tasks.
        avg_disk_write (int): Average bytes written by the tasks.
        avg_page_faults (int): Average major page faults of the tasks.
        avg_resident_memory (int): Average resident memory (RSS) of the
            tasks, bytes.
        avg_virtual_memory (int): Average virtual memory of the tasks, bytes.
        max_disk_read (int): Most bytes read by one task.
        max_disk_read_node (str): Node of that task.
        max_disk_read_task (int): Task id (rank) of that task.
        max_disk_write (int): Most bytes written by one task.
        max_disk_write_node (str): Node of that task.
        max_disk_write_task (int): Task id of that task.
        max_page_faults (int): Most major page faults of one task.
        max_page_faults_node (str): Node of that task.
        max_page_faults_task (int): Task id of that task.
        max_resident_memory (int): Highest resident memory (RSS) of one
            task, bytes (``sstat``'s MaxRSS).
        max_resident_memory_node (str): Node of that task.
        max_resident_memory_task (int): Task id of that task.
        max_virtual_memory (int): Highest virtual memory of one task, bytes.
        max_virtual_memory_node (str): Node of that task.
        max_virtual_memory_task (int): Task id of that task.
        min_cpu_time (float): Least CPU time of one task, seconds.
        min_cpu_time_node (str): Node of that task.
        min_cpu_time_task (int): Task id of that task.
        total_cpu_time (float): CPU time (user and system) of all tasks,
            seconds.
        user_cpu_time (float): User CPU time of all tasks, seconds.  Slurm's
            gatherer reports it in whole seconds per task, so it can be
            less than the share of ``total_cpu_time`` it stands for.
        system_cpu_time (float): System CPU time of all tasks, seconds (whole
            seconds per task, as ``user_cpu_time``).

    Examples:
        >>> step = pyslurm.JobStep.load(1234, 0)      # doctest: +SKIP
        >>> step.load_stats().total_cpu_time          # doctest: +SKIP
        12.34
    """

    _fields = _FIELDS

    def __init__(self, **values):
        for name in self._fields:
            setattr(self, name, None)
        for name, value in values.items():
            if name not in self._fields:
                raise ValueError(f"{type(self).__name__}: unknown field {name!r}")
            setattr(self, name, value)

    def to_dict(self, recursive=False):
        """Every value as a plain dict."""
        return {name: getattr(self, name) for name in self._fields}

    def __repr__(self):
        shown = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items()
                          if v is not None and not isinstance(v, dict))
        return f"pyslurm.{type(self).__name__}({shown})"

    def __eq__(self, other):
        if not isinstance(other, JobStepStatistics):
            return NotImplemented
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    __hash__ = None


class JobStatistics(JobStepStatistics):
    """Real-time statistics of a job (the sum over its running steps) or of
    a collection of jobs (the sum over the jobs).

    Same attributes as :class:`JobStepStatistics`, combined this way:
    times, energy and averages are added up (steps that run at the same time
    use memory at the same time), ``max_*`` is the largest of the steps'
    (with the node and task where it was seen), ``min_cpu_time`` the
    smallest, ``avg_cpu_frequency`` the mean of the steps'.

    Attributes:
        steps (dict): ``{step id: JobStepStatistics}`` of the steps that were
            running (for a job; empty for a collection of jobs).

    Examples:
        >>> stats = pyslurm.Job(1234).load_stats()    # doctest: +SKIP
        >>> stats.steps[0].max_resident_memory        # doctest: +SKIP
        210763776
    """

    _fields = _FIELDS + ("steps",)

    def __init__(self, **values):
        super().__init__(**values)
        if self.steps is None:
            self.steps = {}

    def to_dict(self, recursive=False):
        """Every value as a plain dict (``steps`` as ``{id: dict}``)."""
        out = super().to_dict()
        out["steps"] = {k: v.to_dict() for k, v in self.steps.items()}
        return out

    @classmethod
    def sum(cls, parts, steps=None):
        """Combine statistics (of steps into a job's, of jobs into a
        collection's) as described in the class docstring.

        Args:
            parts: JobStepStatistics or JobStatistics objects.
            steps: the ``steps`` dict of the result.

        Returns:
            JobStatistics
        """
        parts = [p for p in parts if p is not None]
        out = cls(steps=dict(steps or {}))
        for name in ("consumed_energy", "elapsed_cpu_time", "total_cpu_time",
                     "user_cpu_time", "system_cpu_time", "avg_cpu_time",
                     *(a[0] for a in _AVERAGES)):
            values = [getattr(p, name) for p in parts if getattr(p, name) is not None]
            setattr(out, name, sum(values) if values else None)
        freqs = [p.avg_cpu_frequency for p in parts if p.avg_cpu_frequency is not None]
        out.avg_cpu_frequency = sum(freqs) / len(freqs) if freqs else None
        for name, _, _ in _MAXIMA:
            best = max((p for p in parts if getattr(p, name) is not None),
                       key=lambda p: getattr(p, name), default=None)
            if best is not None:
                for suffix in ("", "_node", "_task"):
                    setattr(out, name + suffix, getattr(best, name + suffix))
        least = min((p for p in parts if p.min_cpu_time is not None),
                    key=lambda p: p.min_cpu_time, default=None)
        if least is not None:
            out.min_cpu_time = least.min_cpu_time
            out.min_cpu_time_node = least.min_cpu_time_node
            out.min_cpu_time_task = least.min_cpu_time_task
        return out


# ---------------------------------------------------------------------------
# One step: slurm_job_step_stat and libslurmfull's sum of the nodes' records
# ---------------------------------------------------------------------------
cdef int _sum_records(jobacctinfo_t **recs, int count, slurmdb_stats_t *out,
                      double *user_cpu, double *sys_cpu) noexcept:
    """Add up the nodes' accounting records into ``out`` (as sstat does).

    Runs without touching Python objects, so the GIL keeps it atomic: it is
    the only user of libslurmfull's TRES table in this process.  Returns how
    many records were added."""
    cdef jobacctinfo_t *total = NULL
    cdef int i, used = 0
    # jobacctinfo_2_stats names TRES from libslurmfull's table, and the
    # records carry the TRES list of the node that sent them: take the
    # table from a record when it does not match (first use; a TRES added
    # to the cluster since).
    for i in range(count):
        if (pyslurm_jobacct_tres_count(recs[i]) != g_tres_count
                and pyslurm_jobacct_has_tres_list(recs[i])):
            pyslurm_jobacct_post_tres_list(recs[i])
    for i in range(count):
        # A record with another number of TRES would be read past its end.
        if g_tres_count == 0 or pyslurm_jobacct_tres_count(recs[i]) != g_tres_count:
            continue
        if total == NULL:
            total = jobacctinfo_create(NULL)
            if total == NULL:
                return 0
        jobacctinfo_aggregate(total, recs[i])
        used += 1
    if total != NULL:
        jobacctinfo_2_stats(out, total)
        user_cpu[0] = pyslurm_jobacct_user_cpu(total)
        sys_cpu[0] = pyslurm_jobacct_sys_cpu(total)
        jobacctinfo_destroy(total)
    return used


cdef dict _tres(const char *s):
    """``"1=2000,2=1048576"`` as ``{1: 2000, 2: 1048576}`` (sentinels left out)."""
    out = {}
    if s == NULL:
        return out
    for part in s.decode("ascii", "replace").split(","):
        key, sep, value = part.partition("=")
        if not sep:
            continue
        try:
            num = int(key), int(value)
        except ValueError:
            continue
        if num[1] not in (NO_VAL64, INFINITE64):
            out[num[0]] = num[1]
    return out


def _node_name(nodes, index):
    if index is None or not 0 <= index < len(nodes):
        return None
    return nodes[index]


cdef object _stats_from(slurmdb_stats_t *st, list nodes, double user_cpu,
                        double sys_cpu, bint measured):
    """JobStepStatistics from the summed, averaged slurmdb_stats_t."""
    out = JobStepStatistics()
    if not measured:
        return out
    out.user_cpu_time = round(user_cpu, 6)
    out.system_cpu_time = round(sys_cpu, 6)
    # The CPU TRES is kept in milliseconds (Slurm's CPU_TIME_ADJ); user and
    # system time only in the whole seconds the gatherer saw per task.
    cpu_tot = _tres(st.tres_usage_in_tot).get(PYSLURM_TRES_CPU)
    out.total_cpu_time = round(user_cpu + sys_cpu, 6) if cpu_tot is None else cpu_tot / 1000.0
    if st.consumed_energy != NO_VAL64 and st.consumed_energy != INFINITE64:
        out.consumed_energy = int(st.consumed_energy)
    out.avg_cpu_frequency = st.act_cpufreq
    ave = {"in": _tres(st.tres_usage_in_ave), "out": _tres(st.tres_usage_out_ave)}
    mx = {"in": _tres(st.tres_usage_in_max), "out": _tres(st.tres_usage_out_max)}
    mx_node = {"in": _tres(st.tres_usage_in_max_nodeid),
               "out": _tres(st.tres_usage_out_max_nodeid)}
    mx_task = {"in": _tres(st.tres_usage_in_max_taskid),
               "out": _tres(st.tres_usage_out_max_taskid)}
    for name, tres, way in _AVERAGES:
        setattr(out, name, ave[way].get(tres))
    for name, tres, way in _MAXIMA:
        setattr(out, name, mx[way].get(tres))
        if mx[way].get(tres) is not None:
            setattr(out, name + "_node", _node_name(nodes, mx_node[way].get(tres)))
            setattr(out, name + "_task", mx_task[way].get(tres))
    cpu_ave = ave["in"].get(PYSLURM_TRES_CPU)
    out.avg_cpu_time = None if cpu_ave is None else cpu_ave / 1000.0
    mn = _tres(st.tres_usage_in_min).get(PYSLURM_TRES_CPU)
    if mn is not None:
        out.min_cpu_time = mn / 1000.0
        out.min_cpu_time_node = _node_name(
            nodes, _tres(st.tres_usage_in_min_nodeid).get(PYSLURM_TRES_CPU))
        out.min_cpu_time_task = _tres(st.tres_usage_in_min_taskid).get(PYSLURM_TRES_CPU)
    return out


cdef tuple stat_step(slurm_step_id_t sid, bytes nodes, uint16_t proto, list node_names,
                     str label):
    """``(JobStepStatistics, {node: [pid, ...]})`` of the running step
    ``sid`` on ``nodes`` (its hostlist; ``node_names`` expanded), or None
    when it is not running (any more).  ``proto``: the protocol version
    the step started with (0: unknown); ``label``: the step in errors.
    Implements ``slurm_job_step_stat``."""
    cdef job_step_stat_response_msg_t *resp = NULL
    cdef job_step_stat_t *rec
    cdef void *itr
    cdef jobacctinfo_t **recs = NULL
    cdef slurmdb_stats_t st
    cdef char *node_list = NULL
    cdef uint32_t ntasks = 0, i
    cdef int rc, err = 0, count = 0, used = 0
    cdef double user_cpu = 0, sys_cpu = 0
    cdef char *ave

    node_list = nodes
    if proto == 0:
        proto = NO_VAL16
    ensure_init()
    with route(None):
        with nogil:
            rc = slurm_job_step_stat(&sid, node_list, proto, &resp)
            if rc != SLURM_SUCCESS:
                err = pyslurm_errno()
    memset(&st, 0, sizeof(st))
    try:
        if rc in (ESLURM_INVALID_JOB_ID, ESLURM_ALREADY_DONE):
            return None
        check_rc_errno(rc, err, f"slurm_job_step_stat({label})")
        pids = {}
        if resp == NULL:
            return JobStepStatistics(), pids
        itr = pyslurm_list_iter(resp.stats_list)
        try:
            rec = <job_step_stat_t *> pyslurm_list_next(itr)
            while rec != NULL:
                if rec.step_pids != NULL and rec.step_pids.node_name != NULL:
                    node = rec.step_pids.node_name.decode("utf-8", "replace")
                    pids.setdefault(node, []).extend(
                        rec.step_pids.pid[i] for i in range(rec.step_pids.pid_cnt))
                ntasks += rec.num_tasks
                if rec.jobacct != NULL:
                    count += 1
                rec = <job_step_stat_t *> pyslurm_list_next(itr)
        finally:
            pyslurm_list_iter_free(itr)
        if count and PYSLURM_HAVE_SLURMFULL:
            recs = <jobacctinfo_t **> PyMem_Malloc(count * sizeof(jobacctinfo_t *))
            if recs == NULL:
                raise MemoryError()
            count = 0
            itr = pyslurm_list_iter(resp.stats_list)
            rec = <job_step_stat_t *> pyslurm_list_next(itr)
            while rec != NULL:
                if rec.jobacct != NULL:
                    recs[count] = rec.jobacct
                    count += 1
                rec = <job_step_stat_t *> pyslurm_list_next(itr)
            pyslurm_list_iter_free(itr)
            used = _sum_records(recs, count, &st, &user_cpu, &sys_cpu)
            if used and ntasks:
                st.act_cpufreq /= ntasks
                ave = st.tres_usage_in_ave
                st.tres_usage_in_ave = slurmdb_ave_tres_usage(ave, ntasks)
                slurm_xfree_ptr(ave)
                ave = st.tres_usage_out_ave
                st.tres_usage_out_ave = slurmdb_ave_tres_usage(ave, ntasks)
                slurm_xfree_ptr(ave)
        return _stats_from(&st, node_names, user_cpu, sys_cpu, used > 0), pids
    finally:
        if recs != NULL:
            PyMem_Free(recs)
        slurmdb_free_slurmdb_stats_members(&st)
        if resp != NULL:
            slurm_job_step_stat_response_msg_free(resp)


# ---------------------------------------------------------------------------
# A step from the accounting database (pyslurm.db.step): the same reading of
# the averages and maxima slurmdbd kept.
# ---------------------------------------------------------------------------
cdef object accounting_step_stats(slurmdb_stats_t *st, list nodes, double user_cpu,
                                  double sys_cpu, double total_cpu, object elapsed_cpu):
    """JobStepStatistics of an accounting step record: ``st`` its stats,
    ``nodes`` its node names (the maxima name nodes by index), the CPU
    times in seconds, ``elapsed_cpu`` its run time times its CPUs."""
    out = _stats_from(st, nodes, user_cpu, sys_cpu, True)
    out.total_cpu_time = round(total_cpu, 6)
    out.elapsed_cpu_time = elapsed_cpu
    return out


# ---------------------------------------------------------------------------
# libslurmfull's symbols for libslurm's plugins (pyslurm.db.connection)
# ---------------------------------------------------------------------------
cdef extern from *:
    """
    #include <dlfcn.h>
    /* Make the already loaded libslurmfull global, as pyslurm.core does for
     * libslurm: the accounting_storage/slurmdbd plugin calls functions only
     * libslurmfull exports (slurmdbd_msg_type_2_str when slurmdbd does not
     * answer), and Python loaded this module RTLD_LOCAL.  NULL or an error. */
    static const char *pyslurm_make_slurmfull_global(void)
    {
    #ifdef PYSLURM_NO_SLURMFULL
        return "built without libslurmfull";
    #else
        Dl_info info;
        if (!dladdr((void *) jobacctinfo_create, &info) || !info.dli_fname)
            return "dladdr() cannot locate libslurmfull";
        if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD))
            return dlerror();
        return NULL;
    #endif
    }
    """
    const char *pyslurm_make_slurmfull_global()


def make_slurmfull_global():
    """Give libslurm's plugins libslurmfull's functions (once per process;
    the accounting plugin needs them on its error paths).  Returns None, or
    why it could not."""
    cdef const char *err = pyslurm_make_slurmfull_global()
    return None if err == NULL else err.decode("utf-8", "replace")


__all__ = ["JobStatistics", "JobStepStatistics", "AVAILABLE"]
