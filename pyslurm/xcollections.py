"""Collections of Slurm objects keyed by cluster, then by id.

:class:`MultiClusterMap` is the base of ``pyslurm.Jobs``, ``Nodes``,
``Partitions`` and ``Reservations``.  Items carry the cluster they came
from; a collection maps ``cluster -> {id: item}``:

* ``coll[id]`` finds the item with that id in the **local** cluster,
* ``coll[cluster]`` is the plain ``{id: item}`` dict of one cluster,
* ``coll[cluster, id]`` finds an item in any cluster.

Iterating, ``keys()``, ``values()``, ``items()``, ``len()`` and ``in`` span
every cluster.  Keys are plain ids while the collection holds one cluster,
and ``(cluster, id)`` tuples once it holds several (so they stay unique).
"""

from __future__ import annotations

import copy as _copy
from typing import Any, Callable, Iterator


def local_cluster() -> str | None:
    """The local cluster's name from slurm.conf (libslurm is initialised on
    first use); None when it cannot be read."""
    try:
        from pyslurm import slurmctld
        return slurmctld.local_cluster_name()
    except Exception:  # no configuration: collections still work per cluster
        return None


class MultiClusterMap:
    """A mapping of Slurm objects, keyed by cluster name and then by id.

    Args:
        data: items to start with: an iterable of items, ids (each turned
            into ``item_type(id)``), a ``{id: item}`` dict, a
            ``{cluster: {id: item}}`` dict, or a comma-separated string of
            ids.
        item_type: the class of the items (``pyslurm.Job``, ...).
        id_attr: the attribute holding an item's id (``"id"``, ``"name"``).
        key_type: the type ids are converted to (``int`` for jobs, ``str``
            for nodes).
        cluster: the cluster items without one belong to (default: local).

    Examples:
        >>> jobs = pyslurm.Jobs.load()          # doctest: +SKIP
        >>> jobs[1234]                           # local cluster
        >>> jobs["othercluster"][1234]           # another cluster
        >>> jobs.filter(lambda j: j.state == "RUNNING")
    """

    #: Set by subclasses.
    _item_type: Any = None
    _id_attr = "id"
    _key_type: Callable[[Any], Any] = int

    def __init__(self, data=None, *, item_type=None, id_attr=None, key_type=None,
                 cluster: str | None = None):
        if item_type is not None:
            self._item_type = item_type
        if id_attr is not None:
            self._id_attr = id_attr
        if key_type is not None:
            self._key_type = key_type
        self.data: dict[str, dict[Any, Any]] = {}
        self._local = cluster
        if data is not None:
            self._fill(data)

    # -- construction --------------------------------------------------
    @property
    def local_cluster(self) -> str | None:
        """The cluster ``coll[id]`` looks in."""
        if self._local is None:
            self._local = local_cluster()
        return self._local

    def _fill(self, data):
        if isinstance(data, str):
            data = [part for part in (p.strip() for p in data.split(",")) if part]
        if isinstance(data, MultiClusterMap):
            data = data.data
        if isinstance(data, dict):
            nested = data and all(isinstance(v, dict) for v in data.values())
            if nested:
                for cluster, items in data.items():
                    for item in items.values():
                        self.add(item, cluster=cluster)
                return
            data = data.values()
        for entry in data:
            self.add(entry)

    def _make_item(self, entry):
        if self._item_type is not None and isinstance(entry, self._item_type):
            return entry
        if isinstance(entry, (int, str)) and self._item_type is not None:
            try:
                key = self._key_type(entry)
            except (TypeError, ValueError):
                raise ValueError(f"{type(self).__name__}: invalid id {entry!r}") from None
            return self._item_type(key)
        if self._item_type is None:
            return entry
        raise TypeError(f"{type(self).__name__} holds {self._item_type.__name__} "
                        f"objects or ids, not {type(entry).__name__} ({entry!r})")

    def _key_of(self, item):
        return getattr(item, self._id_attr)

    def _cluster_of(self, item, default=None):
        return getattr(item, "cluster", None) or default or self.local_cluster or ""

    def add(self, item, cluster: str | None = None):
        """Add (or replace) one item, or an item made from an id."""
        item = self._make_item(item)
        cl = cluster or self._cluster_of(item)
        self.data.setdefault(cl, {})[self._key_of(item)] = item
        return item

    # -- lookups ---------------------------------------------------------
    def _split_key(self, key):
        if isinstance(key, tuple) and len(key) == 2:
            return key
        return self.local_cluster or "", key

    def __getitem__(self, key):
        if isinstance(key, str) and key in self.data and not self._is_local_id(key):
            return self.data[key]
        cluster, ident = self._split_key(key)
        try:
            return self.data[cluster][self._normalise(ident)]
        except KeyError:
            raise KeyError(key) from None

    def _is_local_id(self, key):
        """A node may share its name with a cluster: an id of the local
        cluster wins over a cluster name."""
        return self._normalise(key) in self.data.get(self.local_cluster or "", {})

    def _normalise(self, ident):
        try:
            return self._key_type(ident)
        except (TypeError, ValueError):
            return ident

    def get(self, key, default=None):
        """``coll[key]``, or ``default`` when absent."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key):
        if self._item_type is not None and isinstance(key, self._item_type):
            cl = self._cluster_of(key)
            return self._key_of(key) in self.data.get(cl, {})
        cluster, ident = self._split_key(key)
        return self._normalise(ident) in self.data.get(cluster, {})

    def __delitem__(self, key):
        cluster, ident = self._split_key(key)
        try:
            del self.data[cluster][self._normalise(ident)]
        except KeyError:
            raise KeyError(key) from None
        if not self.data[cluster]:
            del self.data[cluster]

    def pop(self, key, *default):
        """Remove and return the item at ``key``."""
        try:
            item = self[key]
        except KeyError:
            if default:
                return default[0]
            raise
        del self[key]
        return item

    # -- views --------------------------------------------------------------
    @property
    def clusters(self) -> list[str]:
        """Names of the clusters present."""
        return [c for c, items in self.data.items() if items]

    def _multi(self):
        return len(self.clusters) > 1

    def keys(self) -> list:
        """Ids (one cluster) or ``(cluster, id)`` tuples (several)."""
        if self._multi():
            return [(c, k) for c, items in self.data.items() for k in items]
        return [k for items in self.data.values() for k in items]

    def values(self) -> list:
        """Every item, cluster by cluster."""
        return [v for items in self.data.values() for v in items.values()]

    def items(self) -> list:
        """``(key, item)`` pairs, keys as in :meth:`keys`."""
        return list(zip(self.keys(), self.values()))

    def __iter__(self) -> Iterator:
        return iter(self.keys())

    def __len__(self) -> int:
        return sum(len(items) for items in self.data.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def as_list(self) -> list:
        """Every item as a list."""
        return self.values()

    def group_by_cluster(self) -> dict[str, "MultiClusterMap"]:
        """``{cluster: collection of that cluster only}``."""
        out = {}
        for cluster, items in self.data.items():
            sub = self._empty_like()
            sub.data[cluster] = dict(items)
            out[cluster] = sub
        return out

    def filter(self, predicate: Callable[[Any], bool] | None = None, **attrs) -> "MultiClusterMap":
        """A new collection of the items for which ``predicate(item)`` is
        true and every ``attr=value`` matches (a list/set/tuple value
        matches any of its members).

        Examples:
            >>> nodes.filter(state="IDLE", partitions=lambda p: "debug" in p)  # doctest: +SKIP
        """
        def matches(item):
            if predicate is not None and not predicate(item):
                return False
            for name, want in attrs.items():
                have = getattr(item, name)
                if callable(want):
                    if not want(have):
                        return False
                elif isinstance(want, (list, tuple, set, frozenset)):
                    if have not in want:
                        return False
                elif have != want:
                    return False
            return True

        out = self._empty_like()
        for cluster, items in self.data.items():
            kept = {k: v for k, v in items.items() if matches(v)}
            if kept:
                out.data[cluster] = kept
        return out

    def _empty_like(self):
        new = type(self).__new__(type(self))
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k != "data"})
        new.data = {}
        return new

    def copy(self) -> "MultiClusterMap":
        """A shallow copy: a new mapping holding the same items."""
        new = self._empty_like()
        new.data = {c: dict(items) for c, items in self.data.items()}
        return new

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        new = self._empty_like()
        new.data = _copy.deepcopy(self.data, memo)
        return new

    def __eq__(self, other):
        if not isinstance(other, MultiClusterMap):
            return NotImplemented
        return self.data == other.data

    def to_dict(self, multi_cluster: bool = False, recursive: bool = True) -> dict:
        """Plain dicts: ``{id: item_dict}`` of the local cluster (or of the
        only one present), or ``{cluster: {id: item_dict}}`` with
        ``multi_cluster=True``.  Items are converted with their own
        ``to_dict()`` unless ``recursive=False``."""
        def conv(item):
            return item.to_dict() if recursive and hasattr(item, "to_dict") else item

        if multi_cluster:
            return {c: {k: conv(v) for k, v in items.items()} for c, items in self.data.items()}
        clusters = self.clusters
        if not clusters:
            return {}
        cluster = self.local_cluster if self.local_cluster in self.data else clusters[0]
        return {k: conv(v) for k, v in self.data[cluster].items()}

    def __repr__(self):
        name = f"pyslurm.{type(self).__name__}"
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self.items())
        return f"{name}({{{inner}}})"


__all__ = ["MultiClusterMap", "local_cluster"]


def check_local_cluster(cluster: str | None) -> str | None:
    """The local cluster's name; ValueError when ``cluster`` names another
    (loading from other clusters needs slurmdbd federation)."""
    local = local_cluster()
    if cluster is not None and cluster != local:
        raise ValueError(
            f"cluster={cluster!r}: only the local cluster ({local!r}) can be loaded; "
            f"other clusters need slurmdbd federation, which pyslurm does not use yet")
    return local


class LoadedMap(MultiClusterMap):
    """A collection filled from one libslurm ``*_info_msg_t`` (Nodes,
    Partitions, Reservations): the loading, the cheap "no change" poll and
    the in-place reload are written here once.

    Subclasses provide two hooks:

    * ``_load_msg(update_time)`` (static): one RPC; the message's owner,
      or None when nothing changed since ``update_time``;
    * ``_records(owner, local)``: the items made from the message's records.
    """

    def __init__(self, data=None, **kwargs):
        self.last_update = None
        self._owner = None
        super().__init__(data, **kwargs)

    @classmethod
    def load(cls, update_time=None, cluster=None):
        """Load every item with one RPC; None when nothing changed since
        ``update_time`` (a previous load's :attr:`last_update`)."""
        local = check_local_cluster(cluster)
        owner = cls._load_msg(update_time)
        if owner is None:
            return None
        coll = cls(cluster=local)
        coll._fill_from(owner, local)
        return coll

    @classmethod
    def load_fields(cls, fields, as_tuples=False, update_time=None, cluster=None):
        """Load every item with one RPC, but read only ``fields``: a list of
        plain records instead of objects.

        Each value is what the attribute of the same name gives (same
        types, same ``None`` convention); no object is made per item, so
        this is the cheap way to look at a few attributes of many items
        (inventories, dashboards).

        Args:
            fields: attribute names, e.g. ``["name", "state", "cpus"]``.
            as_tuples: give each record as a tuple in ``fields`` order
                instead of a dict.
            update_time: a previous load's ``last_update``: None is
                returned when nothing changed since (the cheap poll).
            cluster: the cluster to load from (only the local one yet).

        Returns:
            list: one dict (or tuple) per item, in the controller's order;
            None when nothing changed since ``update_time``.

        Raises:
            ValueError: a name in ``fields`` is not an attribute (raised
                before any RPC), or ``cluster`` names another cluster.
            RPCError: the controller refused or did not answer.
        """
        from pyslurm.records import field_reader
        reader = field_reader(cls._item_type, fields)
        local = check_local_cluster(cluster)
        owner = cls._load_msg(update_time)
        if owner is None:
            return None
        return cls._read_fields(owner, local, reader, as_tuples)

    @classmethod
    def _read_fields(cls, owner, local, reader, as_tuples) -> list:
        """``reader``'s fields of every record (an entity module may read
        them without making objects)."""
        return reader.rows(cls._records(None, owner, local), as_tuples)

    def _index(self, owner, local) -> dict:
        """``{cluster: {id: item}}`` of the message's records (an entity
        module may build it faster in C)."""
        data: dict = {}
        for item in self._records(owner, local):
            data.setdefault(item.cluster or local or "", {})[self._key_of(item)] = item
        return data

    def _fill_from(self, owner, local):
        self.data = self._index(owner, local)
        self._owner = owner
        self.last_update = owner.last_update

    def reload(self) -> bool:
        """Bring this collection up to date in place, cheaply: the last
        load's time is sent, and when the controller says nothing changed
        (``SLURM_NO_CHANGE_IN_DATA``) nothing is rebuilt.

        Returns:
            bool: True when the items changed and were reloaded.
        """
        owner = self._load_msg(self.last_update)
        if owner is None:
            return False
        self._fill_from(owner, self.local_cluster)
        return True
