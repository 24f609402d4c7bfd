# Conversions between libslurm's C values and Python values, in one place.
#
# The convention, used by every pyslurm class:
#   * an unset value (NO_VAL, NO_VAL16, NO_VAL64, NULL or empty string) -> None
#   * an unlimited value (INFINITE, INFINITE16, INFINITE64)            -> UNLIMITED
#     (UNLIMITED is math.inf: it compares greater than every number)
#   * zero stays 0.
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t
from slurm cimport NO_VAL, NO_VAL16, NO_VAL64, INFINITE, INFINITE16, INFINITE64

cdef extern from *:
    """
    #define PYSLURM_UNLIMITED Py_HUGE_VAL
    """
    double PYSLURM_UNLIMITED


cdef inline object cstr(const char *s):
    """A C string as str; NULL and "" read as None."""
    if s == NULL or s[0] == 0:
        return None
    return s.decode("utf-8", "replace")


cdef inline object cpath(const char *s):
    """A file path from C as str, as ``os`` gives paths: bytes that are not
    UTF-8 become surrogate escapes (``os.fsencode`` gives them back);
    NULL and "" read as None."""
    if s == NULL or s[0] == 0:
        return None
    return s.decode("utf-8", "surrogateescape")


cdef inline object u16(uint16_t v):
    if v == NO_VAL16:
        return None
    if v == INFINITE16:
        return PYSLURM_UNLIMITED
    return v


cdef inline object u32(uint32_t v):
    if v == NO_VAL:
        return None
    if v == INFINITE:
        return PYSLURM_UNLIMITED
    return v


cdef inline object u64(uint64_t v):
    if v == NO_VAL64:
        return None
    if v == INFINITE64:
        return PYSLURM_UNLIMITED
    return v


cdef inline object timestamp(long v):
    """A time_t; 0 and the sentinels read as None (Slurm uses 0 for "never")."""
    if v == 0 or v == <long>NO_VAL or v == <long>INFINITE:
        return None
    return v


cdef inline list cstr_array(char **arr, uint32_t count):
    """count C strings as a list of str (NULL entries skipped)."""
    cdef uint32_t i
    out = []
    if arr == NULL:
        return out
    for i in range(count):
        if arr[i] != NULL:
            out.append(arr[i].decode("utf-8", "replace"))
    return out


# Request structs that pyslurm fills in (job_desc_msg_t, update_node_msg_t,
# ...) are allocated and freed by pyslurm itself, never by libslurm: their
# strings are malloc'ed copies made here and released with free_cstr.
from libc.stdlib cimport free
from libc.string cimport strdup


cdef inline int set_cstr(char **field, object value) except -1:
    """Store a copy of ``value`` (str or None) in ``*field``, freeing what
    was there.  Only for structs pyslurm owns."""
    cdef bytes b
    free_cstr(field)
    if value is None:
        return 0
    # surrogate escapes (file names that are not UTF-8) go back to their bytes
    b = str(value).encode("utf-8", "surrogateescape")
    if b"\0" in b:
        raise ValueError(f"string contains a NUL character: {value!r}")
    field[0] = strdup(b)
    if field[0] == NULL:
        raise MemoryError()
    return 0


cdef inline int set_cbytes(char **field, bytes value) except -1:
    """Store a copy of ``value`` (bytes without NUL) in ``*field``."""
    free_cstr(field)
    if b"\0" in value:
        raise ValueError(f"string contains a NUL character: {value!r}")
    field[0] = strdup(value)
    if field[0] == NULL:
        raise MemoryError()
    return 0


cdef inline void free_cstr(char **field) noexcept nogil:
    if field[0] != NULL:
        free(field[0])
        field[0] = NULL
