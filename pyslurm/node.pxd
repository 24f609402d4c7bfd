# Nodes: slurm_load_node / slurm_update_node.
from libc.stdint cimport int32_t, uint32_t
from slurm cimport node_info_t
from pyslurm.records cimport MessageOwner

cdef class Node:
    # borrowed from owner's node_info_msg_t; NULL for a Node built from Python
    cdef node_info_t *ptr
    cdef MessageOwner owner      # keeps the message alive while ptr is used
    # values given to Node(...) (for modify); a shared empty dict when loaded
    cdef dict _changes
    cdef object _name            # the name, decoded once (loaded nodes)
    cdef object _local_cluster   # the cluster it was loaded from
    # allocated CPUs (read through the select plugin in 22.05/24.11); -1: not read yet
    cdef int32_t _alloc

    cdef int32_t _alloc_cpus(self)
    cdef uint32_t _state(self)   # node_state with MIXED derived as sinfo does

    @staticmethod
    cdef Node from_ptr(node_info_t *ptr, MessageOwner owner, object cluster)
