# Nodes: slurm_load_node / slurm_update_node.
from libc.stdint cimport uint32_t
from slurm cimport node_info_t
from pyslurm.records cimport MessageOwner

cdef class Node:
    cdef node_info_t *ptr        # borrowed from owner's node_info_msg_t; NULL for a Node built from Python
    cdef MessageOwner owner      # keeps the message alive while ptr is used
    cdef dict _changes           # values given to Node(...) (for modify)
    cdef object _alloc_cpus      # cached: read through the select plugin in 22.05/24.11
    cdef object _local_cluster   # the cluster it was loaded from

    cdef uint32_t _state(self)   # node_state with MIXED derived as sinfo does

    @staticmethod
    cdef Node from_ptr(node_info_t *ptr, MessageOwner owner, object cluster)
