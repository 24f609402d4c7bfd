# Reservations: slurm_load_reservations / slurm_create_reservation /
# slurm_update_reservation / slurm_delete_reservation.
from slurm cimport reserve_info_t
from pyslurm.records cimport Editable

cdef class Reservation(Editable):
    cdef reserve_info_t *ptr     # the record (_rec, typed); NULL when built from Python
