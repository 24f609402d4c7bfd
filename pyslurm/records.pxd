# The entity skeleton every pyslurm entity is made of (see
# docs/guides/development.md): the one owner of a libslurm message, the one
# loader (RPC, "no change since", wrap), the Record base class whose
# objects borrow a record of that message, table-declared fields, and the
# reader of fields behind to_dict() and load_fields().
cimport cython
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t, int32_t
from libc.time cimport time_t

ctypedef void (*free_fn_t)(void *msg) noexcept nogil
# one RPC into *msg (a, b: the kind's two optional arguments); libslurm's rc
ctypedef int (*load_fn_t)(long since, void **msg, uint32_t a, uint32_t b) noexcept nogil

# What differs between entities' messages: data, not code (made with
# message_kind(); offsets are taken from a NULL pointer of the C type).
ctypedef struct MessageKind:
    const char *rpc              # the libslurm call, named in errors
    load_fn_t load               # the RPC: one line around libslurm's call
    free_fn_t free               # the matching slurm_free_*
    size_t record_size
    Py_ssize_t array_at          # offset of the record array in the message
    Py_ssize_t count_at          # offset of the uint32_t count; -1: the message is the record
    Py_ssize_t time_at           # offset of the time_t last_update
    Py_ssize_t name_at           # offset in a record of a char * NULL in unused slots; -1: none
    free_fn_t free_record        # frees a record moved out of its message; NULL: never moved

cdef MessageKind message_kind(const char *rpc, load_fn_t load, free_fn_t free,
                              size_t record_size, void *array, uint32_t *count,
                              time_t *last_update, char **name=*,
                              free_fn_t free_record=*) noexcept


@cython.no_gc   # holds no object that could refer back to it
cdef class MessageOwner:
    cdef void *ptr               # owned; released with free_fn in __dealloc__
    cdef free_fn_t free_fn       # the matching slurm_free_*
    cdef readonly object last_update   # the message's last_update (unix time)
    cdef bint completed          # an entity's lazy completion of the records ran
    cdef char *first             # the first record
    cdef Py_ssize_t count        # how many records
    cdef size_t size             # bytes per record
    cdef public object cluster   # the cluster of records that do not name one
    cdef public int collections  # how many collections hold its items (see Loader.release)
    cdef object __weakref__      # lets tests and tools see when the message is freed

    @staticmethod
    cdef MessageOwner wrap(void *ptr, free_fn_t free_fn, long last_update)
    cdef void *record(self, Py_ssize_t i) noexcept


cdef MessageOwner load_message(const MessageKind *kind, long since, uint32_t a=*,
                               uint32_t b=*)


@cython.no_gc   # refers to no object that could refer back to it
cdef class Record:
    cdef void *_rec              # borrowed from owner's message; NULL when built from Python
    cdef MessageOwner owner      # keeps the message alive while _rec is used

    cdef void _bind(self, void *rec)   # point at a record (subclasses set their typed pointer)
    cdef object _unloaded(self, str name)   # an attribute's value before loading: None
    cdef object _key(self)             # the item's key in its collection
    cdef object _cluster(self)         # the cluster its record names, or None


cdef class Loader:
    cdef const MessageKind *kind
    cdef type item_type          # the Record subclass made of each record
    cdef public object collection  # the LoadedMap of these items (set by the entity module)

    @staticmethod
    cdef Loader make(const MessageKind *kind, type item_type)
    cdef Record item(self, MessageOwner owner, void *rec)


# Fields declared once in a class body, read by offset in the record.
cdef class Field:
    cdef Py_ssize_t offset       # of the value in the record
    cdef int kind                # how it reads (number, raw int, flag, bit, ...)
    cdef int width               # bytes of an integer field
    cdef bint zero_none          # 0 reads as None
    cdef uint64_t mask           # the bits a "bit" field tests
    cdef void *fn                # the getter of a value read by a function
    cdef object convert          # applied to a value that is not None
    cdef object empty            # made for an unset string (None: the value is None)
    cdef readonly str name       # the attribute (set by bind_fields)
    cdef object _doc

    cdef object read(self, Record obj)


# Unsigned integer fields of any width (a field's width may differ between
# Slurm majors; the compiler picks the right one).
ctypedef fused uint_t:
    uint8_t
    uint16_t
    uint32_t
    uint64_t

cdef Field f_str(char **p, str doc, object convert=*, object empty=*)  # NULL, "": None or empty()
cdef Field f_list(char **p, str doc, str sep=*)         # split; [] for NULL or ""
cdef Field f_path(char **p, str doc)                   # non-UTF-8 bytes kept
cdef Field f_num(uint_t *p, str doc, bint zero_none=*, object convert=*)  # sentinels mapped
cdef Field f_raw(uint_t *p, str doc, object convert=*)  # the integer as it is
cdef Field f_bool(uint_t *p, str doc)                   # True when not 0
cdef Field f_bits(uint_t *p, uint64_t mask, str doc)   # True when any bit of mask is set
cdef Field f_int32(int32_t *p, str doc)
cdef Field f_time(time_t *p, str doc)                  # unix time; 0 and sentinels None
cdef Field f_double(double *p, str doc)

# Fields read through a C function of the record: for a value only some
# Slurm majors have (the compatibility layer's getters return NULL /
# NO_VAL16 / NO_VAL where the major has none).
ctypedef const char *(*str_getter_t)(const void *rec) noexcept nogil
ctypedef uint16_t (*u16_getter_t)(const void *rec) noexcept nogil
ctypedef uint32_t (*u32_getter_t)(const void *rec) noexcept nogil
cdef Field f_call_str(str_getter_t fn, str doc, object convert=*, object empty=*)
cdef Field f_call_u16(u16_getter_t fn, str doc)
cdef Field f_call_u32(u32_getter_t fn, str doc)


# The attributes of an entity class (every public property and Field) read
# into a dict: to_dict() of each entity, and load_fields().
cdef class FieldReader:
    cdef readonly tuple names    # the attribute names, in class order
    cdef Py_ssize_t count
    cdef list fields             # a Field, or None for a property
    cdef void **getters          # the properties' C getter functions
    cdef void **closures
    cdef object cls              # keeps the descriptors alive

    cdef dict read(self, object obj)
    cdef tuple read_tuple(self, object obj)
    cpdef list rows(self, objects, bint as_tuples=*)


cpdef FieldReader field_reader(cls, fields)
cdef dict record_dict(Record obj)   # to_dict() of a loaded object
