"""Collections of Slurm objects keyed by cluster, then by id.

:class:`MultiClusterMap` is the base of ``pyslurm.Jobs``, ``Nodes``,
``Partitions`` and ``Reservations``.  Items carry the cluster they came
from; a collection maps ``cluster -> {id: item}``:

* ``coll[id]`` finds the item with that id in the **local** cluster,
* ``coll[cluster]`` is the plain ``{id: item}`` dict of one cluster,
* ``coll[cluster, id]`` and ``coll[item]`` find an item in any cluster.

Iterating, ``keys()``, ``values()``, ``items()``, ``len()`` and ``in`` span
every cluster, as in upstream pyslurm: keys are plain ids (an id may
repeat across clusters; ``keys().with_cluster()`` gives ``(cluster, id)``
pairs), and ``id in coll`` is true when any cluster holds that id.  The
views are lists made when asked for.

Every collection shows in Jupyter as a table (``_repr_html_``) and gives
a pandas DataFrame (``to_pandas()``): see :mod:`pyslurm.display` and
:mod:`pyslurm.frames`.

This module is pure Python and imports nothing else of pyslurm but the
pure-Python :mod:`pyslurm.display`; the collections that load from Slurm
derive from :class:`pyslurm.loaded.LoadedMap`.
"""

from __future__ import annotations

import copy as _copy
import json
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pyslurm.display import TableDisplay

if TYPE_CHECKING:
    from typing_extensions import Self


class MultiClusterMap(TableDisplay):
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

    @staticmethod
    def _local_cluster_name() -> str | None:
        """The local cluster's name: this module knows none (it imports
        nothing of pyslurm's compiled layer); the loaded collections of
        ``pyslurm.records`` read it from slurm.conf."""
        return None

    def __init__(self, data: Any = None, *, item_type: Any = None, id_attr: str | None = None,
                 key_type: Callable[[Any], Any] | None = None,
                 cluster: str | None = None, **named: Any) -> None:
        plural = type(self).__name__.lower()      # Nodes(nodes=...), upstream's spelling
        if named:
            if set(named) != {plural} or data is not None:
                raise TypeError(f"{type(self).__name__}() got unexpected keyword "
                                f"arguments {sorted(named)}")
            data = named[plural]
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
            self._local = type(self)._local_cluster_name()
        return self._local

    def _fill(self, data: Any) -> None:
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

    def _make_item(self, entry: Any) -> Any:
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

    def _key_of(self, item: Any) -> Any:
        return getattr(item, self._id_attr)

    def _cluster_of(self, item: Any, default: str | None = None) -> str:
        return getattr(item, "cluster", None) or default or self.local_cluster or ""

    def add(self, item: Any, cluster: str | None = None) -> Any:
        """Add (or replace) one item, or an item made from an id."""
        item = self._make_item(item)
        cl = cluster or self._cluster_of(item)
        self.data.setdefault(cl, {})[self._key_of(item)] = item
        return item

    # -- lookups ---------------------------------------------------------
    def _split_key(self, key: Any) -> tuple[Any, Any]:
        if isinstance(key, tuple) and len(key) == 2:
            return key
        return self.local_cluster or "", key

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str) and key in self.data and not self._is_local_id(key):
            return self.data[key]
        cluster, ident = self._locate(key)
        try:
            return self.data[cluster][self._normalise(ident)]
        except KeyError:
            raise KeyError(key) from None

    def _is_local_id(self, key: Any) -> bool:
        """A node may share its name with a cluster: an id of the local
        cluster wins over a cluster name."""
        return self._normalise(key) in self.data.get(self.local_cluster or "", {})

    def _normalise(self, ident: Any) -> Any:
        try:
            return self._key_type(ident)
        except (TypeError, ValueError):
            return ident

    def get(self, key: Any, default: Any = None) -> Any:
        """``coll[key]``, or ``default`` when absent."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        """An item: present at its cluster and id; ``(cluster, id)``: in
        that cluster; a plain id: in **any** cluster (``coll[id]`` still
        looks in the local one only)."""
        if self._item_type is not None and isinstance(key, self._item_type):
            cl = self._cluster_of(key)
            return self._key_of(key) in self.data.get(cl, {})
        if isinstance(key, tuple) and len(key) == 2:
            cluster, ident = key
            return self._normalise(ident) in self.data.get(cluster, {})
        ident = self._normalise(key)
        try:
            return any(ident in items for items in self.data.values())
        except TypeError:               # unhashable: in no cluster
            return False

    def __setitem__(self, key: Any, value: Any) -> None:
        """``coll[cluster] = {id: item}`` replaces one cluster's items;
        ``coll[id] = item`` / ``coll[cluster, id] = item`` stores one."""
        if isinstance(value, dict):
            if not isinstance(key, str):
                raise TypeError(f"{type(self).__name__}: a dict of items goes under a "
                                f"cluster name, not {key!r}")
            items = {}
            for ident, item in value.items():
                items[self._normalise(ident)] = self._make_item(item)
            self.data[key] = items
            return
        item = self._make_item(value)
        if isinstance(key, tuple) and len(key) == 2:
            cluster, ident = key
        elif self._item_type is not None and isinstance(key, self._item_type):
            cluster, ident = self._cluster_of(key), self._key_of(key)
        else:
            cluster, ident = self._cluster_of(item), key
        self.data.setdefault(cluster, {})[self._normalise(ident)] = item

    def __delitem__(self, key: Any) -> None:
        """``del coll[id]``, ``del coll[cluster, id]``, ``del coll[item]``,
        or ``del coll[cluster]`` (every item of that cluster)."""
        if (isinstance(key, str) and key in self.data and not self._is_local_id(key)):
            del self.data[key]
            return
        cluster, ident = self._locate(key)
        try:
            del self.data[cluster][self._normalise(ident)]
        except KeyError:
            raise KeyError(key) from None
        if not self.data[cluster]:
            del self.data[cluster]

    def _locate(self, key: Any) -> tuple[Any, Any]:
        if self._item_type is not None and isinstance(key, self._item_type):
            return self._cluster_of(key), self._key_of(key)
        return self._split_key(key)

    def pop(self, key: Any, default: Any = None) -> Any:
        """Remove and return the item at ``key``; ``default`` (None) when
        there is none.  A cluster left empty is dropped."""
        try:
            cluster, ident = self._locate(key)
            items = self.data[cluster]
            ident = self._normalise(ident)
            item = items.pop(ident)
        except (KeyError, TypeError):
            return default
        if not items:
            del self.data[cluster]
        return item

    def popitem(self) -> tuple[Any, Any]:
        """Remove and return ``(id, item)`` of the first item.

        Raises:
            KeyError: the collection is empty.
        """
        for cluster, items in self.data.items():
            if items:
                key = next(iter(items))
                item = items.pop(key)
                if not items:
                    del self.data[cluster]
                return key, item
        raise KeyError(f"popitem(): {type(self).__name__} is empty")

    def clear(self) -> None:
        """Remove every item."""
        self.data = {}

    def update(self, data: Any = None, **kwargs: Any) -> None:
        """Add items: another collection, ``{id: item}`` (each to its own
        cluster), ``{cluster: {id: item}}``, an iterable of items or ids,
        and ``id=item`` keywords."""
        if data is not None:
            self._fill(data)
        if kwargs:
            self._fill(kwargs)

    def __or__(self, other: Any) -> Self:
        if not isinstance(other, (MultiClusterMap, dict)):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other: Any) -> Self:
        if not isinstance(other, dict):
            return NotImplemented
        new = self._empty_like()
        new.update(other)
        new.update(self)
        return new

    def __ior__(self, other: Any) -> Self:
        if not isinstance(other, (MultiClusterMap, dict)):
            return NotImplemented
        self.update(other)
        return self

    # -- views --------------------------------------------------------------
    @property
    def clusters(self) -> ClustersView:
        """Names of the clusters present, as a list; ``coll.clusters()``
        (upstream pyslurm's spelling) gives the same."""
        return ClustersView(c for c, items in self.data.items() if items)

    def keys(self) -> KeysView:
        """Ids of every cluster (an id may repeat across clusters);
        ``keys().with_cluster()`` gives ``(cluster, id)`` pairs."""
        return KeysView(self)

    def values(self) -> ValuesView:
        """Every item, cluster by cluster."""
        return ValuesView(self)

    def items(self) -> ItemsView:
        """``(id, item)`` pairs; ``items().with_cluster()`` gives
        ``(cluster, id, item)``."""
        return ItemsView(self)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def __len__(self) -> int:
        return sum(len(items) for items in self.data.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def as_list(self) -> list[Any]:
        """Every item as a list."""
        return list(self.values())

    def group_by_cluster(self) -> dict[str, Self]:
        """``{cluster: collection of that cluster only}``."""
        out: dict[str, Self] = {}
        for cluster, items in self.data.items():
            sub = self._empty_like()
            sub.data[cluster] = dict(items)
            out[cluster] = sub
        return out

    def filter(self, predicate: Callable[[Any], bool] | None = None,
               **attrs: Any) -> Self:
        """A new collection of the items for which ``predicate(item)`` is
        true and every ``attr=value`` matches (a list/set/tuple value
        matches any of its members).

        Examples:
            >>> nodes.filter(state="IDLE", partitions=lambda p: "debug" in p)  # doctest: +SKIP
        """
        def matches(item: Any) -> bool:
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

    def _empty_like(self) -> Self:
        new = type(self).__new__(type(self))
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k != "data"})
        new.data = {}
        return new

    def copy(self) -> Self:
        """A shallow copy: a new mapping holding the same items."""
        new = self._empty_like()
        new.data = {c: dict(items) for c, items in self.data.items()}
        return new

    def __copy__(self) -> Self:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any] | None) -> Self:
        new = self._empty_like()
        new.data = _copy.deepcopy(self.data, memo)
        return new

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiClusterMap):
            return NotImplemented
        return self.data == other.data

    def to_dict(self, multi_cluster: bool = False, recursive: bool = False) -> dict[Any, Any]:
        """Plain dicts: ``{id: item.to_dict()}`` of the local cluster (or of
        the only one present), or ``{cluster: {id: item_dict}}`` with
        ``multi_cluster=True``.  ``recursive`` is handed to the items'
        ``to_dict`` where it takes it (pyslurm's items give plain values
        either way)."""
        if multi_cluster:
            return {c: {k: _item_dict(v, recursive) for k, v in items.items()}
                    for c, items in self.data.items()}
        clusters = self.clusters
        if not clusters:
            return {}
        cluster = self.local_cluster if self.local_cluster in self.data else clusters[0]
        return {k: _item_dict(v, recursive) for k, v in self.data[cluster].items()}

    def to_json(self, multi_cluster: bool = False) -> str:
        """:meth:`to_dict` as JSON (ids become JSON strings; values JSON
        cannot hold, such as ``inf`` for unlimited, are written as
        ``Infinity`` the way Python's json module does)."""
        return json.dumps(self.to_dict(multi_cluster=multi_cluster, recursive=True),
                          default=str)

    def __repr__(self) -> str:
        name = f"pyslurm.{type(self).__name__}"
        inner = ", ".join(f"{k!r}: {v!r}" for items in self.data.values()
                          for k, v in items.items())
        return f"{name}({{{inner}}})"


def _item_dict(item: Any, recursive: bool) -> Any:
    if not hasattr(item, "to_dict"):
        return item
    try:
        return item.to_dict(recursive=recursive)
    except TypeError:                   # a to_dict() without arguments
        return item.to_dict()


# -- views (snapshots as lists, with upstream pyslurm's extras) -------------------
class _View(list[Any]):
    """A list of what a collection held when the view was made."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


class KeysView(_View):
    """The ids of a collection (``in`` asks the collection)."""

    def __init__(self, mcm: MultiClusterMap) -> None:
        super().__init__(k for items in mcm.data.values() for k in items)
        self._mcm = mcm

    def __contains__(self, key: object) -> bool:
        return key in self._mcm

    def with_cluster(self) -> MCKeysView:
        """``(cluster, id)`` pairs."""
        return MCKeysView((c, k) for c, items in self._mcm.data.items() for k in items)


class MCKeysView(_View):
    """``(cluster, id)`` pairs of a collection."""


class ValuesView(_View):
    """The items of a collection."""

    def __init__(self, mcm: MultiClusterMap) -> None:
        super().__init__(v for items in mcm.data.values() for v in items.values())


class ItemsView(_View):
    """``(id, item)`` pairs of a collection."""

    def __init__(self, mcm: MultiClusterMap) -> None:
        super().__init__((k, v) for items in mcm.data.values() for k, v in items.items())
        self._mcm = mcm

    def with_cluster(self) -> MCItemsView:
        """``(cluster, id, item)`` triples."""
        return MCItemsView((c, k, v) for c, items in self._mcm.data.items()
                           for k, v in items.items())


class MCItemsView(_View):
    """``(cluster, id, item)`` triples of a collection."""


class ClustersView(_View):
    """Cluster names; calling it gives itself (``coll.clusters`` and
    upstream pyslurm's ``coll.clusters()`` both work)."""

    def __call__(self) -> ClustersView:
        return self


# -- upstream pyslurm's module functions -----------------------------------------
def multi_reload(cur: Any, frozen: bool = True) -> Any:
    """Reload collection ``cur`` in place and return it; with ``frozen``
    only the items it holds are updated (none added or removed)."""
    if not cur:
        return cur
    was = getattr(cur, "frozen", False)
    cur.frozen = frozen
    try:
        cur.refresh()
    finally:
        cur.frozen = was
    return cur


def dict_recursive(collection: MultiClusterMap, recursive: bool = False) -> dict[Any, Any]:
    """``collection.to_dict(recursive=recursive)``."""
    return collection.to_dict(recursive=recursive)


def multi_dict_recursive(collection: MultiClusterMap,
                         recursive: bool = False) -> dict[Any, Any]:
    """``collection.to_dict(multi_cluster=True, recursive=recursive)``."""
    return collection.to_dict(multi_cluster=True, recursive=recursive)


def sum_property(collection: MultiClusterMap, prop: str, startval: Any = 0) -> Any:
    """``prop`` summed over the items (None counts nothing)."""
    total = startval
    for item in collection.values():
        value = getattr(item, prop)
        if value is not None:
            total += value
    return total


def to_json(collection: MultiClusterMap, multi_cluster: bool = False) -> str:
    """``collection.to_json(multi_cluster)``."""
    return collection.to_json(multi_cluster=multi_cluster)


__all__ = ["MultiClusterMap", "KeysView", "MCKeysView", "ValuesView", "ItemsView",
           "MCItemsView", "ClustersView", "multi_reload", "dict_recursive",
           "multi_dict_recursive", "sum_property", "to_json"]
