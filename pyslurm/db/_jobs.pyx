# cython: language_level=3
"""The owner of an accounting job list (internal to pyslurm.db).

``slurmdb_jobs_get`` answers a linked list of job records, each with its
own list of steps.  :class:`JobList` holds it (the one owner: it is
destroyed once, with ``slurm_list_destroy``, when the last object made
from it is gone) with an array of pointers to the records, so that the
entity skeleton's :class:`pyslurm.records.Loader` makes the items (or the
rows of ``load_fields``) in one C loop.  Jobs and steps borrow their
records from it; they are never copied (see ``pyslurm.db.job``).
"""

from libc.stdlib cimport malloc, free
from libc.string cimport memset

from pyslurm.records cimport MessageOwner, MessageKind, Loader
from compat cimport (
    pyslurm_db_list_count, pyslurm_db_list_destroy,
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
)


cdef void _free_db_list(void *msg) noexcept nogil:
    cdef db_list_t *m = <db_list_t *> msg
    if m == NULL:
        return
    pyslurm_db_list_destroy(m.list)
    free(m.array)
    free(m)


cdef class JobList(MessageOwner):
    """An accounting job list; not created from Python."""

    def __cinit__(self):
        self.tres = None
        self.qos = None


cdef JobList wrap_list(void *lst, keep_fn_t keep, void *arg):
    cdef db_list_t *m = <db_list_t *> malloc(sizeof(db_list_t))
    cdef Py_ssize_t n = pyslurm_db_list_count(lst), i = 0
    cdef void *it
    cdef void *rec
    cdef JobList owner
    if m == NULL:
        pyslurm_db_list_destroy(lst)
        raise MemoryError()
    m.list = lst
    m.array = <void **> malloc((n if n > 0 else 1) * sizeof(void *))
    if m.array == NULL:
        _free_db_list(m)
        raise MemoryError()
    with nogil:
        it = pyslurm_list_iter(lst)
        rec = pyslurm_list_next(it)
        while rec != NULL and i < n:
            if keep == NULL or keep(rec, arg):
                m.array[i] = rec
                i += 1
            rec = pyslurm_list_next(it)
        pyslurm_list_iter_free(it)
    owner = JobList.__new__(JobList)
    owner.ptr = m
    owner.free_fn = _free_db_list
    owner.first = <char *> m.array
    owner.count = i
    owner.size = sizeof(void *)
    owner.last_update = 0
    return owner


cdef MessageKind _kind():
    cdef MessageKind k
    memset(&k, 0, sizeof(k))
    k.rpc = b"slurmdb_jobs_get"
    k.record_size = sizeof(void *)
    k.count_at = -1
    k.name_at = -1              # every record is used
    k.free_record = NULL        # never detached: items keep the list (see job.pyx)
    return k


cdef MessageKind _KIND = _kind()


cdef Loader make_loader(type item_type):
    """The Loader of ``item_type`` objects from a JobList: each is bound
    to a slot of the array (``_bind`` reads the record pointer there)."""
    return Loader.make(&_KIND, item_type)
