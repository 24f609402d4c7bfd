# Nodes: slurm_load_node / slurm_update_node / slurm_create_node /
# slurm_delete_node.
cimport cython
from libc.stdint cimport int32_t, uint32_t
from slurm cimport node_info_t
from pyslurm.editable cimport Editable


@cython.no_gc   # refers to no object that could refer back to it
cdef class Node(Editable):
    cdef node_info_t *ptr        # the record (_rec, typed); NULL when built from Python
    cdef object _name            # the name, decoded once (loaded nodes)
    # allocated CPUs (read through the select plugin in 22.05/24.11); -1: not read yet
    cdef int32_t _alloc

    cdef int32_t _alloc_cpus(self)
    cdef uint32_t _state(self)   # node_state with MIXED derived as sinfo does
