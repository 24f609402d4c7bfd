# Partitions: slurm_load_partitions / slurm_create_partition /
# slurm_update_partition / slurm_delete_partition.
cimport cython
from slurm cimport partition_info_t
from pyslurm.editable cimport Editable


@cython.no_gc   # refers to no object that could refer back to it
cdef class Partition(Editable):
    cdef partition_info_t *ptr   # the record (_rec, typed); NULL when built from Python
