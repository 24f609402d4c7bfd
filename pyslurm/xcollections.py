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

This module is pure Python and imports nothing else of pyslurm; the
collections that load from Slurm derive from :class:`pyslurm.loaded.LoadedMap`.
"""

from __future__ import annotations

import copy as _copy
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from typing_extensions import Self


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

    @staticmethod
    def _local_cluster_name() -> str | None:
        """The local cluster's name: this module knows none (it imports
        nothing of pyslurm's compiled layer); the loaded collections of
        ``pyslurm.records`` read it from slurm.conf."""
        return None

    def __init__(self, data: Any = None, *, item_type: Any = None, id_attr: str | None = None,
                 key_type: Callable[[Any], Any] | None = None,
                 cluster: str | None = None) -> None:
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
        cluster, ident = self._split_key(key)
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
        if self._item_type is not None and isinstance(key, self._item_type):
            cl = self._cluster_of(key)
            return self._key_of(key) in self.data.get(cl, {})
        cluster, ident = self._split_key(key)
        return self._normalise(ident) in self.data.get(cluster, {})

    def __delitem__(self, key: Any) -> None:
        cluster, ident = self._split_key(key)
        try:
            del self.data[cluster][self._normalise(ident)]
        except KeyError:
            raise KeyError(key) from None
        if not self.data[cluster]:
            del self.data[cluster]

    def pop(self, key: Any, *default: Any) -> Any:
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

    def _multi(self) -> bool:
        return len(self.clusters) > 1

    def keys(self) -> list[Any]:
        """Ids (one cluster) or ``(cluster, id)`` tuples (several)."""
        if self._multi():
            return [(c, k) for c, items in self.data.items() for k in items]
        return [k for items in self.data.values() for k in items]

    def values(self) -> list[Any]:
        """Every item, cluster by cluster."""
        return [v for items in self.data.values() for v in items.values()]

    def items(self) -> list[tuple[Any, Any]]:
        """``(key, item)`` pairs, keys as in :meth:`keys`."""
        return list(zip(self.keys(), self.values()))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def __len__(self) -> int:
        return sum(len(items) for items in self.data.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def as_list(self) -> list[Any]:
        """Every item as a list."""
        return self.values()

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

    def to_dict(self, multi_cluster: bool = False, recursive: bool = True) -> dict[Any, Any]:
        """Plain dicts: ``{id: item_dict}`` of the local cluster (or of the
        only one present), or ``{cluster: {id: item_dict}}`` with
        ``multi_cluster=True``.  Items are converted with their own
        ``to_dict()`` unless ``recursive=False``."""
        def conv(item: Any) -> Any:
            return item.to_dict() if recursive and hasattr(item, "to_dict") else item

        if multi_cluster:
            return {c: {k: conv(v) for k, v in items.items()} for c, items in self.data.items()}
        clusters = self.clusters
        if not clusters:
            return {}
        cluster = self.local_cluster if self.local_cluster in self.data else clusters[0]
        return {k: conv(v) for k, v in self.data[cluster].items()}

    def __repr__(self) -> str:
        name = f"pyslurm.{type(self).__name__}"
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self.items())
        return f"{name}({{{inner}}})"


__all__ = ["MultiClusterMap"]
