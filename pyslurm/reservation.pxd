# Reservations: slurm_load_reservations / slurm_create_reservation /
# slurm_update_reservation / slurm_delete_reservation.
from slurm cimport reserve_info_t
from pyslurm.records cimport MessageOwner

cdef class Reservation:
    cdef reserve_info_t *ptr     # borrowed from owner's reserve_info_msg_t; NULL if built in Python
    cdef MessageOwner owner      # keeps the message alive while ptr is used
    cdef dict _changes           # values given to Reservation(...) (for create/modify)
    cdef object _local_cluster   # the cluster it was loaded from

    @staticmethod
    cdef Reservation from_ptr(reserve_info_t *ptr, MessageOwner owner, object cluster)
