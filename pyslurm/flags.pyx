# cython: language_level=3
"""Slurm's names for bits and enumerated values (the flag tables of the
compatibility layer, each as this Slurm major defines them), read into
names: for Config's fields and the controller's debug flags."""

from libc.stdint cimport uint64_t

from slurm cimport (
    CPU_FREQ_LOW, CPU_FREQ_MEDIUM, CPU_FREQ_HIGH, CPU_FREQ_HIGHM1, CPU_FREQ_CONSERVATIVE,
    CPU_FREQ_ONDEMAND, CPU_FREQ_PERFORMANCE, CPU_FREQ_POWERSAVE, CPU_FREQ_USERSPACE,
    CPU_FREQ_SCHEDUTIL,
)

#: CPU frequency names (``--cpu-freq``, ``CpuFreqDef``) by Slurm's code.
CPU_FREQ_NAMES = {
    CPU_FREQ_LOW: "Low", CPU_FREQ_MEDIUM: "Medium", CPU_FREQ_HIGH: "High",
    CPU_FREQ_HIGHM1: "HighM1", CPU_FREQ_CONSERVATIVE: "Conservative",
    CPU_FREQ_ONDEMAND: "OnDemand", CPU_FREQ_PERFORMANCE: "Performance",
    CPU_FREQ_POWERSAVE: "PowerSave", CPU_FREQ_USERSPACE: "UserSpace",
    CPU_FREQ_SCHEDUTIL: "SchedUtil",
}


cdef list flag_names(const pyslurm_flag_name_t *table, uint64_t bits):
    cdef int i = 0
    cdef list out = []
    while table[i].name != NULL:
        # every bit of the entry (CPU_FREQ_* values share a marker bit)
        if table[i].bit and (bits & table[i].bit) == table[i].bit:
            out.append(table[i].name.decode())
        i += 1
    return out


cdef object flag_value(const pyslurm_flag_name_t *table, uint64_t value):
    cdef int i = 0
    while table[i].name != NULL:
        if table[i].bit == value:
            return table[i].name.decode()
        i += 1
    return None


cdef dict flag_table(const pyslurm_flag_name_t *table):
    cdef int i = 0
    cdef dict out = {}
    while table[i].name != NULL:
        out[table[i].name.decode()] = table[i].bit
        i += 1
    return out


cdef class FlagNames:
    """A flag table as a field's converter: the names of the bits set, or
    (for an enumeration) the name of the value."""

    def __init__(self):
        raise TypeError("FlagNames are made by pyslurm's entity modules only")

    def __call__(self, uint64_t value):
        return flag_value(self.table, value) if self.enum else flag_names(self.table, value)


cdef FlagNames flags(const pyslurm_flag_name_t *table, bint enum=False):
    cdef FlagNames t = FlagNames.__new__(FlagNames)
    t.table = table
    t.enum = enum
    return t
