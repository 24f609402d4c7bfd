# cython: language_level=3
"""Job steps as the accounting database keeps them:
:class:`pyslurm.db.JobStep` and :class:`pyslurm.db.JobSteps`.

Steps come with their job (:attr:`pyslurm.db.Job.steps`): each reads its
record straight from the job list ``pyslurm.db.Jobs.load`` got, which it
keeps alive.  Statistics (:attr:`JobStep.stats`) are the ones
``sacct`` shows (``MaxRSS``, ``AveCPU``, ``TotalCPU``...), read from the
record when first asked for.
"""

cimport cython
from libc.stdint cimport uint32_t, int32_t

from pyslurm.convert cimport cstr
from pyslurm.records cimport (
    Record, f_str, f_num, f_raw, f_time, f_call_str, f_call_u32, str_getter_t, record_dict,
)
from pyslurm.records import bind_fields
from pyslurm.display import TableDisplay
from pyslurm.db._jobs cimport JobList
from pyslurm.db.tres cimport resources, resources_dict, count_of
from pyslurm.db.tres import gres_counts
from pyslurm.stats cimport accounting_step_stats
from pyslurm.flags import JOB_BASE_STATES, cpu_freq_name
from pyslurm.step import _step_name
from pyslurm import values
from slurm cimport NO_VAL, JOB_STATE_BASE
from slurmdb cimport slurmdb_step_rec_t
from compat cimport (
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
    pyslurm_db_step_cwd, pyslurm_db_step_std_err, pyslurm_db_step_std_in,
    pyslurm_db_step_std_out, pyslurm_db_step_timelimit,
)

cdef slurmdb_step_rec_t *_S = NULL      # field addresses are offsets in a record


cdef object wait_status(int32_t status, bint signal):
    """A wait(2) status's exit code (or, with ``signal``, its signal);
    None while unset."""
    if <uint32_t> status == NO_VAL or status < 0:
        return None
    return status & 0x7f if signal else (status >> 8) & 0xff


def _cpu_freq(v):
    return cpu_freq_name(v)


@cython.no_gc
cdef class JobStep(Record):
    """One step of a job, from the accounting database.  Made by
    ``pyslurm.db.Jobs.load`` only (``JobStep()`` raises RuntimeError).

    Times are unix timestamps, durations seconds, memory MiB; unset values
    None.
    """

    def __cinit__(self):
        self.ptr = NULL
        self._stats = None

    def __init__(self, *args, **kwargs):
        raise RuntimeError("pyslurm.db.JobStep objects come from pyslurm.db.Jobs.load() only")

    cdef void _bind(self, void *rec):
        self.ptr = <slurmdb_step_rec_t *> rec
        self._rec = rec

    cdef object _key(self):
        return _step_name(self.ptr.step_id.step_id)

    def __setattr__(self, name, value):
        raise KeyError(f"pyslurm.db.JobStep has no settable attribute {name!r}")

    def __repr__(self):
        if self.ptr == NULL:
            return "pyslurm.db.JobStep()"
        return f"pyslurm.db.JobStep({self.ptr.step_id.job_id}, {self.id!r})"

    @property
    def id(self):
        """The step id: a number, or ``"batch"``, ``"extern"``, ``"interactive"``."""
        return _step_name(self.ptr.step_id.step_id) if self.ptr else None

    @property
    def job_id(self):
        """The job's id."""
        return self.ptr.step_id.job_id if self.ptr else None

    container = f_str(&_S.container, "OCI container bundle.")
    nodelist = f_str(&_S.nodes, "The nodes the step ran on (a hostlist).")
    name = f_str(&_S.stepname, "The step's name.")
    submit_command = f_str(&_S.submit_line, "The command line that started the step.")
    working_directory = f_call_str(<str_getter_t> pyslurm_db_step_cwd,
                                   "Working directory (Slurm 26.05+; None before).")
    standard_input = f_call_str(<str_getter_t> pyslurm_db_step_std_in,
                                "stdin (Slurm 26.05+).")
    standard_output = f_call_str(<str_getter_t> pyslurm_db_step_std_out,
                                 "stdout (Slurm 26.05+).")
    standard_error = f_call_str(<str_getter_t> pyslurm_db_step_std_err,
                                "stderr (Slurm 26.05+).")
    ntasks = f_num(&_S.ntasks, "Number of tasks.", zero_none=True)
    num_nodes = f_raw(&_S.nnodes, "Number of nodes.")
    start_time = f_time(&_S.start, "When the step started.")
    end_time = f_time(&_S.end, "When the step ended (None while running).")
    elapsed_time = f_raw(&_S.elapsed, "Seconds the step ran (sacct's Elapsed).")
    suspended_time = f_raw(&_S.suspended, "Seconds the step was suspended.")
    time_limit = f_call_u32(pyslurm_db_step_timelimit,
                            "Time limit in minutes (Slurm 26.05+; None unset).")
    cpu_frequency_min = f_raw(&_S.req_cpufreq_min, "Requested minimum CPU frequency "
                              "(kHz or a name).", _cpu_freq)
    cpu_frequency_max = f_raw(&_S.req_cpufreq_max, "Requested maximum CPU frequency "
                              "(kHz or a name).", _cpu_freq)
    cpu_frequency_governor = f_raw(&_S.req_cpufreq_gov, "Requested CPU governor.",
                                   _cpu_freq)

    @property
    def eligible_time(self):
        """= :attr:`start_time` (as upstream pyslurm)."""
        return self.start_time

    @property
    def state(self):
        """The step's state name (``"COMPLETED"``, ``"FAILED"``...)."""
        if self.ptr == NULL:
            return None
        base = self.ptr.state & JOB_STATE_BASE
        return JOB_BASE_STATES.get(base, f"UNKNOWN({base})")

    @property
    def cancelled_by(self):
        """Name of the user who cancelled the step (None: nobody)."""
        if self.ptr == NULL or self.ptr.requid == NO_VAL or <int> self.ptr.requid == -1:
            return None
        return values.user_name(self.ptr.requid)

    @property
    def exit_code(self):
        """The step's exit code (0-255; 0 when killed by a signal)."""
        return wait_status(self.ptr.exitcode, False) if self.ptr else None

    @property
    def exit_code_signal(self):
        """The signal that ended the step (0: none)."""
        return wait_status(self.ptr.exitcode, True) if self.ptr else None

    @property
    def cpus(self):
        """CPUs allocated (from the step's TRES)."""
        return count_of(cstr(self.ptr.tres_alloc_str), 1, None) if self.ptr else None

    @property
    def memory(self):
        """Memory allocated, MiB (from the step's TRES)."""
        return count_of(cstr(self.ptr.tres_alloc_str), 2, None) if self.ptr else None

    @property
    def tres(self):
        """The step's allocated TRES (a TrackableResources)."""
        if self.ptr == NULL:
            return None
        return resources(cstr(self.ptr.tres_alloc_str), (<JobList> self.owner).tres)

    @property
    def gres(self):
        """GRES allocated (``{"gpu": 2}``), from the TRES."""
        return gres_counts(self.tres)

    @property
    def gpus(self):
        """GPUs allocated (0: none)."""
        return self.gres.get("gpu", 0)

    @property
    def stats(self):
        """The step's JobStepStatistics (as sacct shows them), read on first use."""
        if self._stats is None and self.ptr != NULL:
            nodes = cstr(self.ptr.nodes)
            self._stats = accounting_step_stats(
                &self.ptr.stats,
                [] if not nodes else _expand(nodes),
                self.ptr.user_cpu_sec + self.ptr.user_cpu_usec / 1e6,
                self.ptr.sys_cpu_sec + self.ptr.sys_cpu_usec / 1e6,
                self.ptr.tot_cpu_sec + self.ptr.tot_cpu_usec / 1e6,
                self.ptr.elapsed * (self.cpus or 0))
        return self._stats

    _not_in_dict = ("tres", "gres", "gpus", "stats")

    def to_dict(self, recursive=False):
        """Every attribute as plain data (TRES and statistics as dicts)."""
        out = record_dict(self)
        if self.ptr != NULL:
            out["tres"] = resources_dict(cstr(self.ptr.tres_alloc_str),
                                         (<JobList> self.owner).tres)
            out["stats"] = self.stats.to_dict()
        return out


bind_fields(JobStep)


def _expand(nodes):
    from pyslurm import hostlist
    try:
        return hostlist.expand(nodes)
    except ValueError:
        return []


class JobSteps(dict, TableDisplay):
    """A job's steps by id (``0``, ``"batch"``, ``"extern"``...); shown as a
    table in Jupyter, ``to_pandas()`` a DataFrame."""

    _item_type = JobStep

    def to_dict(self, recursive=False):
        """``{step id: step.to_dict()}``."""
        return {k: v.to_dict(recursive) for k, v in self.items()}

    def __repr__(self):
        return f"pyslurm.db.JobSteps({dict.__repr__(self)})"


cdef object steps_of(void *step_list, JobList owner):
    cdef void *it
    cdef void *rec
    cdef JobStep s
    out = JobSteps()
    if step_list == NULL:
        return out
    it = pyslurm_list_iter(step_list)
    try:
        rec = pyslurm_list_next(it)
        while rec != NULL:
            s = JobStep.__new__(JobStep)
            s.owner = owner
            s._bind(rec)
            out[s._key()] = s
            rec = pyslurm_list_next(it)
    finally:
        pyslurm_list_iter_free(it)
    return out


__all__ = ["JobStep", "JobSteps"]
