# cython: language_level=3
"""Trackable resources (TRES): CPUs, memory, nodes, energy, billing, GRES,
licenses, file system and interconnect use, as slurmdbd counts them.

Accounting records name TRES by number (``"1=4,2=4000,4=1,1001=2"``);
numbers above 1000 are given out by slurmdbd when a TRES is first used
(``gres/gpu``, ``license/matlab``).  :meth:`TrackableResources.load` reads
the table, and :meth:`TrackableResources.from_str` turns such a string into
names with it; ``pyslurm.db.Jobs.load`` reads the table once per load.

Memory counts are MiB (as Slurm keeps them).

Examples:
    >>> tres = pyslurm.db.TrackableResources.from_str("cpu=4,mem=4G,gres/gpu=1")
    >>> tres.cpu.count, tres.mem.count, tres.gres["gpu"].count
    (4, 4096, 1)
"""

from pyslurm.convert cimport cstr
from pyslurm.db.connection cimport Connection, handle, db_error
from pyslurm.db.connection import _Using
from slurm cimport NO_VAL64, INFINITE64
from slurmdb cimport slurmdb_tres_rec_t
from compat cimport (
    pyslurm_errno, pyslurm_db_clear_errno,
    pyslurm_db_tres_get, pyslurm_db_list_destroy,
    pyslurm_list_iter, pyslurm_list_next, pyslurm_list_iter_free,
)
from pyslurm.utils import dehumanize

# The TRES every cluster has, with the numbers Slurm gives them.
_STATIC = {1: ("cpu", None), 2: ("mem", None), 3: ("energy", None), 4: ("node", None),
           5: ("billing", None), 6: ("fs", "disk"), 7: ("vmem", None), 8: ("pages", None)}
_SIMPLE = ("cpu", "mem", "energy", "node", "billing", "vmem", "pages")
_GROUPS = ("fs", "gres", "license", "interconnect")


class TrackableResource:
    """One TRES and a count of it.

    Attributes:
        id (int): slurmdbd's number for it (None when built by name).
        type (str): ``cpu``, ``mem``, ``gres``, ``license``, ``fs``, ...
        name (str): ``gpu``, ``gpu:a100``, ``disk``... (None for the
            simple types).
        count (int): how many (memory: MiB).
    """

    __slots__ = ("id", "name", "type", "count")

    def __init__(self, tres_type, count=None, name=None, tres_id=None):
        self.type = tres_type
        self.count = count
        self.name = name
        self.id = tres_id

    @property
    def type_and_name(self):
        """``"cpu"``, or ``"gres/gpu:a100"`` for a named TRES."""
        return self.type if not self.name else f"{self.type}/{self.name}"

    @staticmethod
    def from_type_and_count(tres_type, count):
        """``("gres/gpu:a100", 2)`` as a TrackableResource; None for a
        numeric type (needs the TRES table) or an unset count."""
        if count is None or count == NO_VAL64 or str(tres_type).isdigit():
            return None
        typ, _, name = str(tres_type).partition("/")
        return TrackableResource(typ, count, name or None)

    def to_dict(self, recursive=False):
        """The attributes as a dict."""
        return {"id": self.id, "name": self.name, "type": self.type, "count": self.count}

    def __eq__(self, other):
        if not isinstance(other, TrackableResource):
            return NotImplemented
        return (self.type_and_name, self.count) == (other.type_and_name, other.count)

    __hash__ = None

    def __repr__(self):
        return f"pyslurm.db.TrackableResource({self.type_and_name}={self.count})"


class _Group(dict):
    """TRES of one type by name (``{"gpu": TrackableResource}``)."""

    def to_dict(self, recursive=False):
        return {k: v.count for k, v in self.items()}


class GenericResources(_Group):
    """GRES by name: ``{"gpu": ..., "gpu:a100": ...}``."""


class FilesystemResources(_Group):
    """File system use by name (``{"disk": ...}``), bytes."""


class LicenseResources(_Group):
    """Licenses by name."""


class InterconnectResources(_Group):
    """Interconnect use by name."""


class OtherResources(_Group):
    """TRES of any other type, by ``"type/name"``."""


_GROUP_TYPES = {"gres": GenericResources, "fs": FilesystemResources,
                "license": LicenseResources, "interconnect": InterconnectResources}


class TrackableResources:
    """A set of TRES with counts (a job's request or allocation, a limit).

    Attributes:
        cpu, mem, energy, node, billing, vmem, pages (TrackableResource):
            None when absent.
        gres (GenericResources), fs (FilesystemResources),
        license (LicenseResources), interconnect (InterconnectResources),
        other (OtherResources): dicts by name.

    ``TrackableResources(cpu=4, mem="4G", gres={"gpu:a100": 2})`` builds
    one; memory strings take K/M/G/T suffixes and read as MiB.
    """

    def __init__(self, global_tres_data=None, **kwargs):
        for name in _SIMPLE:
            setattr(self, name, None)
        for name in _GROUPS:
            setattr(self, name, _GROUP_TYPES[name]())
        self.other = OtherResources()
        self.raw_str = None
        for key, value in kwargs.items():
            if key in _SIMPLE:
                if key == "mem" and isinstance(value, str):
                    value = dehumanize(value)
                self._add(key, None, _count(key, value), None)
            elif key in _GROUPS or key == "other":
                if not isinstance(value, dict):
                    raise TypeError(f"invalid value for {key}: {value!r} (expected a dict)")
                for name, count in value.items():
                    if key == "other":
                        typ, _, sub = str(name).partition("/")
                        self._add(typ, sub or None, _count(key, count), None)
                    else:
                        self._add(key, str(name), _count(key, count), None)
            else:
                raise AttributeError(f"TrackableResources has no attribute {key!r}")

    def _add(self, typ, name, count, tres_id):
        res = TrackableResource(typ, count, name, tres_id)
        if typ in _SIMPLE and not name:
            setattr(self, typ, res)
        elif typ in _GROUP_TYPES:
            getattr(self, typ)[name or typ] = res
        else:
            self.other[res.type_and_name] = res
        return res

    def __iter__(self):
        """Every TRES in it."""
        for name in _SIMPLE:
            value = getattr(self, name)
            if value is not None:
                yield value
        for name in _GROUPS:
            yield from getattr(self, name).values()
        yield from self.other.values()

    def __len__(self):
        return sum(1 for _ in self)

    def __bool__(self):
        return len(self) > 0

    def __eq__(self, other):
        if not isinstance(other, TrackableResources):
            return NotImplemented
        return self.to_dict(flatten_limits=True) == other.to_dict(flatten_limits=True)

    __hash__ = None

    def get(self, type_and_name, default=None):
        """The TRES named ``"cpu"``, ``"gres/gpu"``..., or ``default``."""
        for res in self:
            if res.type_and_name == type_and_name:
                return res
        return default

    def to_dict(self, recursive=False, flatten_limits=False):
        """Counts by name: ``{"cpu": 4, "mem": 4096, "gres": {"gpu": 1}}``;
        with ``flatten_limits`` one level: ``{"cpu": 4, "gres/gpu": 1}``."""
        if flatten_limits:
            return {res.type_and_name: res.count for res in self}
        out = {}
        for name in _SIMPLE:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.count
        for name in _GROUPS:
            group = getattr(self, name)
            if group:
                out[name] = group.to_dict()
        if self.other:
            out["other"] = self.other.to_dict()
        return out

    def __repr__(self):
        shown = ",".join(f"{k}={v}" for k, v in self.to_dict(flatten_limits=True).items())
        return f"pyslurm.db.TrackableResources({shown})"

    @staticmethod
    def from_str(tres_str, global_tres_data=None, on_empty=None):
        """Parse a TRES string: by name (``"cpu=2,mem=10G,gres/gpu:a100=1"``)
        or by number (``"1=2,2=10240,1001=1"``, which needs the TRES table:
        ``global_tres_data``, a loaded TrackableResources or
        ``{id: TrackableResource}``; the numbers every cluster has are
        known without it).

        Returns:
            TrackableResources, or ``on_empty`` for an empty string.

        Raises:
            ValueError: an item is not ``name=count``, or names a number
                the table does not have.
        """
        if tres_str is None or not str(tres_str).strip():
            return on_empty
        return _build(parse(str(tres_str), _table_of(global_tres_data), strict=True))

    @staticmethod
    def load(db_connection=None):
        """Every TRES slurmdbd knows (deleted ones too), each with its count
        on the cluster (0 where Slurm keeps none).

        Raises:
            RPCError: slurmdbd refused or did not answer.

        Implements ``slurmdb_tres_get``.
        """
        with _Using(db_connection) as conn:
            table = load_table(conn)
        out = TrackableResources()
        for tres_id, (typ, name, count) in sorted(table.full.items()):
            out._add(typ, name, count, tres_id)
        return out


def _count(field, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise ValueError(f"invalid value for {field}: {value!r} (expected a count)")
    return value


cdef class TresTable:
    """slurmdbd's TRES numbers -> (type, name), and the TRES strings parsed
    with it so far (many records share few strings)."""

    def __init__(self, full=None):
        self.full = dict(full or {})          # id -> (type, name, count)
        self.names = {i: (t, n) for i, (t, n, _) in self.full.items()}
        for i, tn in _STATIC.items():
            self.names.setdefault(i, tn)
        self.parsed = {}                      # str -> tuple of (id, type, name, count)
        self.dicts = {}                       # str -> to_dict() form


cdef TresTable _STATIC_TABLE = TresTable()


def _table_of(data):
    if data is None:
        return _STATIC_TABLE
    if isinstance(data, TresTable):
        return data
    full = {}
    items = data if not isinstance(data, dict) else data.values()
    for res in items:
        if isinstance(res, TrackableResource) and res.id is not None:
            full[res.id] = (res.type, res.name, res.count)
    return TresTable(full)


def static_table():
    """The table of the TRES every cluster has (numbers 1-8)."""
    return _STATIC_TABLE


def parse(str s, table, bint strict=False):
    """``s`` as ``((id, type, name, count), ...)``, cached in ``table``;
    NO_VAL counts and (unless ``strict``) unknown items left out."""
    cdef TresTable t = <TresTable> table if isinstance(table, TresTable) else _table_of(table)
    found = t.parsed.get(s)
    if found is not None:
        return found
    out = []
    for part in s.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            if strict:
                raise ValueError(f"invalid TRES string: {s!r} ({part!r} is not name=count)")
            continue
        key = key.strip()
        value = value.strip()
        try:
            count = int(value)
        except ValueError:
            try:
                count = dehumanize(value) if value else None
            except ValueError:
                if strict:
                    raise ValueError(f"invalid TRES string: {s!r} (count {value!r})") \
                        from None
                continue
        if count is None or count == NO_VAL64 or count == INFINITE64:
            continue
        if key.isdigit():
            tres_id = int(key)
            tn = t.names.get(tres_id)
            if tn is None:
                if strict:
                    raise ValueError(f"invalid TRES string: {s!r} (TRES number {tres_id} is "
                                     f"unknown; pass the table as global_tres_data)")
                tn = ("unknown", key)
            out.append((tres_id, tn[0], tn[1], count))
        else:
            typ, _, name = key.partition("/")
            out.append((None, typ, name or None, count))
    result = tuple(out)
    if len(t.parsed) > 65536:
        t.parsed.clear()
        t.dicts.clear()
    t.parsed[s] = result
    return result


def _build(items):
    out = TrackableResources()
    for tres_id, typ, name, count in items:
        out._add(typ, name, count, tres_id)
    return out


cpdef object resources(str s, table):
    """A TrackableResources of the TRES string ``s`` (None when empty)."""
    if not s:
        return None
    return _build(parse(s, table))


cpdef object resources_dict(str s, table):
    """``resources(s, table).to_dict()``, made once per distinct string (a
    fresh copy each call)."""
    cdef TresTable t
    if not s:
        return None
    t = <TresTable> table
    d = t.dicts.get(s)
    if d is None:
        d = t.dicts[s] = _build(parse(s, t)).to_dict()
    return {k: (dict(v) if type(v) is dict else v) for k, v in d.items()}


def gres_counts(tres):
    """``{"gpu": 2, "gpu:a100": 2}``: the GRES counts of a
    :class:`TrackableResources` (``{}`` for None)."""
    return {} if tres is None else {k: v.count for k, v in tres.gres.items()}


cpdef object count_of(str s, int tres_id, table):
    """The count of TRES number ``tres_id`` in ``s``, or None."""
    if not s:
        return None
    for item in parse(s, table):
        if item[0] == tres_id:
            return item[3]
    return None


cdef TresTable load_table(Connection conn):
    """slurmdbd's TRES table (one request)."""
    cdef void *ptr = handle(conn)
    cdef void *lst = NULL
    cdef void *it
    cdef slurmdb_tres_rec_t *rec
    cdef int err = 0
    with nogil:
        pyslurm_db_clear_errno()
        lst = pyslurm_db_tres_get(ptr)
        err = pyslurm_errno()
    if lst == NULL:
        raise db_error(err, "slurmdb_tres_get")
    full = {}
    try:
        it = pyslurm_list_iter(lst)
        rec = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
        while rec != NULL:
            if rec.type != NULL and cstr(rec.type) == "dynamic_offset":
                rec = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
                continue        # slurmdbd's marker of where new numbers start
            full[rec.id] = (cstr(rec.type) or "", cstr(rec.name),
                            None if rec.count == NO_VAL64 else rec.count)
            rec = <slurmdb_tres_rec_t *> pyslurm_list_next(it)
        pyslurm_list_iter_free(it)
    finally:
        pyslurm_db_list_destroy(lst)
    return TresTable(full)


__all__ = ["TrackableResource", "TrackableResources", "GenericResources",
           "FilesystemResources", "LicenseResources", "InterconnectResources",
           "OtherResources"]
