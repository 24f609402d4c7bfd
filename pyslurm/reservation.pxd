# Reservations: slurm_load_reservations / slurm_create_reservation /
# slurm_update_reservation / slurm_delete_reservation.
cimport cython
from slurm cimport reserve_info_t
from pyslurm.editable cimport Editable


@cython.no_gc   # refers to no object that could refer back to it
cdef class Reservation(Editable):
    cdef reserve_info_t *ptr     # the record (_rec, typed); NULL when built from Python
