# Partitions: slurm_load_partitions / slurm_create_partition /
# slurm_update_partition / slurm_delete_partition.
from slurm cimport partition_info_t
from pyslurm.records cimport MessageOwner

cdef class Partition:
    # borrowed from owner's partition_info_msg_t; NULL when built from Python
    cdef partition_info_t *ptr
    cdef MessageOwner owner      # keeps the message alive while ptr is used
    cdef dict _changes           # values given to Partition(...) (for create/modify)
    cdef object _local_cluster   # the cluster it was loaded from

    @staticmethod
    cdef Partition from_ptr(partition_info_t *ptr, MessageOwner owner, object cluster)
