# The foundation every entity module cimports: libslurm initialisation and
# the single check of a libslurm return code.

cdef int ensure_init() except -1            # slurm_init() once, safely
cdef int check_rc(int rc, str context=*) except -1   # raise RPCError unless rc is SLURM_SUCCESS
cdef int check_rc_errno(int rc, int err, str context=*) except -1  # errno read in nogil
cdef object make_error(int err, str context=*)      # the RPCError for a Slurm errno
