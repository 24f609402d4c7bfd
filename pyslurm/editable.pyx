# cython: language_level=3
"""The write side of the entity skeleton: :class:`Editable`, a
:class:`pyslurm.records.Record` that is also built from Python by name and
with checked values, to create, change or delete what it names (nodes,
partitions, reservations); each entity fills in its checks and its RPCs.
"""

cimport cython
from pyslurm.core cimport ensure_init, check_rc_errno
from pyslurm.records cimport Record, record_dict
from slurm_errno cimport SLURM_SUCCESS
from compat cimport pyslurm_errno

from pyslurm import clusters, core


cdef dict _NO_CHANGES = {}     # a loaded object has no changes: all share this one


@cython.no_gc   # as declared in the .pxd (both are needed)
cdef class Editable(Record):
    """An entity object that is also built from Python, by name and with
    values, to create, change or delete what it names: ``X(name,
    **values).create()``, ``X(name).modify(X(field=...))`` or
    ``X(name).modify(field=...)``, ``X(name).delete()``.

    Values are checked when the object is built (ValueError naming the
    field and the value, before any RPC); an unset attribute reads as the
    value given, or None.  Each entity supplies the checks and its RPCs.
    """

    #: The entity's name in messages ("Partition").
    entity = "object"
    #: Attributes a loaded object's repr shows after its name (a name, or
    #: a (label, attribute) pair).
    _repr_fields = ()
    #: The Slurm error raised when ``load(name)`` finds nothing.
    _not_found = 0

    def __cinit__(self):
        self._changes = _NO_CHANGES

    def __init__(self, name=None, **values):
        if name is not None:
            values["name"] = name
        self._changes = self._check(values)

    cdef object _unloaded(self, str name):
        return self._changes.get(name)

    cdef object _key(self):
        return self.name

    cdef dict _check(self, dict changes):
        return dict(changes)

    cdef dict _final(self, dict changes, int action):
        return changes

    cdef object _send(self, dict changes, int action):
        raise NotImplementedError

    cdef object _remove(self, str name):
        raise NotImplementedError

    @classmethod
    def load(cls, name, cluster=None):
        """Load the one object called ``name`` (one load of the whole
        collection: Slurm has no single-item load for most entities).

        Args:
            name: the object's name.
            cluster: the cluster to load from (another cluster's
                controller is found through slurmdbd, as ``scontrol -M``
                does); None: where this thread routes -- the local cluster,
                or the cluster of the :func:`pyslurm.clusters.route` block
                the call is made in.  The object's :attr:`cluster` says
                which it is.

        Raises:
            ValueError: ``name`` is not a name, or ``cluster`` not one
                cluster slurmdbd knows (before any RPC to a controller).
            RPCError: there is no such object (``NodeNotFoundError``,
                ``PartitionNotFoundError``, ...), or the controller refused.
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"{cls.entity}.load: invalid name {name!r}")
        if cluster is not None:
            cluster = clusters.one_name(cluster)
        coll = cls._loader.collection.load(cluster=cluster)
        for bucket in coll.data.values():     # one load: one cluster's items
            item = bucket.get(name)
            if item is not None:
                return item
        where = coll._sources[0] if coll._sources else None
        on = "" if where is None or clusters.is_local(where) else f" on cluster {where!r}"
        raise core.error_for(cls._not_found, f"{cls.entity.lower()} {name!r}{on}")

    def create(self):
        """Create the object with the values given to it.

        Raises:
            ValueError: no name, or missing or invalid values (before any RPC).
            RPCError: the controller refused (e.g. the name exists).
        """
        return self._send(self._final(dict(self._changes), CREATE), CREATE)

    def modify(self, changes=None, **values):
        """Change the object this one names.

        Args:
            changes: an object of the same class holding the new values,
                or a dict of them.
            **values: the same, as keywords.

        Raises:
            ValueError: no name, no changes, or an invalid value (before
                any RPC).
            RPCError: no such object, or the controller refused.
        """
        merged = self._merged(changes, values)
        name = self.name
        if not name:
            raise ValueError(f"{self.entity}.modify: this {self.entity} has no name")
        merged["name"] = name
        return self._send(self._final(merged, MODIFY), MODIFY)

    def _merged(self, changes, values):
        """``changes`` (an object of this class or a dict) and ``values``,
        checked, as one dict without a name."""
        if isinstance(changes, type(self)):
            merged = dict((<Editable> changes)._changes)
        elif isinstance(changes, dict):
            merged = self._check(changes)
        elif changes is None:
            merged = {}
        else:
            raise TypeError(f"changes must be a {self.entity} or a dict, "
                            f"not {type(changes).__name__}")
        merged.update(self._check(values))
        merged.pop("name", None)
        if not merged:
            raise ValueError("no changes given")
        return merged

    def delete(self):
        """Delete the object this one names.

        Raises:
            ValueError: this object has no name.
            RPCError: no such object, or the controller refused.
        """
        name = self.name
        if not name:
            raise ValueError(f"{self.entity}.delete: this {self.entity} has no name")
        self._remove(name)

    def __repr__(self):
        cls = f"pyslurm.{type(self).__name__}"
        if self._rec == NULL:
            return f"{cls}({', '.join(f'{k}={v!r}' for k, v in self._changes.items())})"
        shown = [repr(self.name)]
        for f in self._repr_fields:
            label, attr = f if isinstance(f, tuple) else (f, f)
            shown.append(f"{label}={getattr(self, attr)!r}")
        return f"{cls}({', '.join(shown)})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash((self.cluster, self.name))

    def to_dict(self, recursive=False):
        """Every attribute as a plain dict (the values given, for an object
        built from Python)."""
        if self._rec == NULL:
            return dict(self._changes)
        return record_dict(self)


cdef int delete_named(delete_fn_t fn, str name, str context) except -1:
    """A delete RPC whose request is just a name."""
    cdef named_msg_t msg
    cdef int rc, err = 0
    cdef bytes b = name.encode("utf-8", "surrogateescape")
    msg.name = b
    ensure_init()
    with nogil:
        rc = fn(&msg)
        if rc != SLURM_SUCCESS:
            err = pyslurm_errno()
    check_rc_errno(rc, err, context)
    return 0


__all__ = ["Editable"]
