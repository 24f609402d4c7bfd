# A connection to slurmdbd (pyslurm.db.connection): the one owner of a
# slurmdb_connection_get() handle.
from libc.stdint cimport uint16_t

cdef class Connection:
    cdef void *ptr               # owned; slurmdb_connection_close() in close()/__dealloc__
    cdef uint16_t flags          # the persistent connection's flags (from libslurm)
    cdef object __weakref__

cdef void *handle(Connection conn) except NULL   # the open handle; ValueError when closed
cdef object db_error(int err, str call)          # RPCError of a failed accounting call
