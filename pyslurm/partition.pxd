# Partitions: slurm_load_partitions / slurm_create_partition /
# slurm_update_partition / slurm_delete_partition.
from slurm cimport partition_info_t
from pyslurm.records cimport Editable

cdef class Partition(Editable):
    cdef partition_info_t *ptr   # the record (_rec, typed); NULL when built from Python
