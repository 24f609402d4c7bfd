# Slurm's flag names (see flags.pyx).
from libc.stdint cimport uint64_t
from compat cimport pyslurm_flag_name_t

cdef list flag_names(const pyslurm_flag_name_t *table, uint64_t bits)    # names of bits set
cdef object flag_value(const pyslurm_flag_name_t *table, uint64_t value)  # name, or None
cdef dict flag_table(const pyslurm_flag_name_t *table)                  # {name: bit}

cdef class FlagNames:
    cdef const pyslurm_flag_name_t *table
    cdef bint enum

cdef FlagNames flags(const pyslurm_flag_name_t *table, bint enum=*)
