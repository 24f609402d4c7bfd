# TRES (pyslurm.db.tres): slurmdbd's table of TRES numbers and the parser of
# TRES strings the job and step modules read through.
from pyslurm.db.connection cimport Connection

cdef class TresTable:
    cdef public dict full        # id -> (type, name, count) as slurmdbd has them
    cdef public dict names       # id -> (type, name), with the static ones
    cdef public dict parsed      # TRES string -> ((id, type, name, count), ...)
    cdef public dict dicts       # TRES string -> its to_dict() form

cdef TresTable load_table(Connection conn)          # one slurmdb_tres_get
cpdef object resources(str s, table)                 # TrackableResources or None
cpdef object resources_dict(str s, table)            # its to_dict() (a fresh copy)
cpdef object count_of(str s, int tres_id, table)     # count of one TRES number, or None
