"""The collection of a loaded message kind: :class:`LoadedMap`, the base of
``Nodes``, ``Partitions``, ``Reservations`` and ``Jobs`` (see
:mod:`pyslurm.records` for the entity skeleton it completes).

Pure Python on :mod:`pyslurm.records`' Loader and FieldReader: a load is one
RPC per cluster (routed by :mod:`pyslurm.clusters`), one C loop over each
message's records, and one dict per cluster.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING, Any, ClassVar, Literal, Optional, Sequence, TypeVar, Union, overload,
)

from pyslurm import clusters, core, values
from pyslurm.records import Loader, MessageOwner, field_reader
from pyslurm.xcollections import MultiClusterMap

if TYPE_CHECKING:
    from typing_extensions import Self

_Fields = Union[str, Sequence[str]]
_M = TypeVar("_M", bound="LoadedMap")

__all__ = ["LoadedMap", "summed"]


class LoadedMap(MultiClusterMap):
    """A collection filled from libslurm messages (``Nodes``,
    ``Partitions``, ``Reservations``, ``Jobs``): loading, the cheap "no
    change" poll, the in-place reload and ``load_fields`` are written here
    once.  A subclass names its item type and its :class:`Loader`
    (``_loader``).

    A load from several clusters (``cluster=["a", "b"]`` or ``"all"``)
    makes one RPC per cluster, routed by :func:`pyslurm.clusters.route`;
    the collection holds one message per cluster."""

    _loader: ClassVar[Loader]
    #: With True, :meth:`refresh` / :meth:`reload` only update the items
    #: present: they add none and remove none.
    frozen: bool = False

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        self._owners: dict[str, MessageOwner] = {}
        self._updates: dict[str, int] = {}
        self._sources: Optional[list[str]] = None
        super().__init__(data, **kwargs)

    @staticmethod
    def _local_cluster_name() -> Optional[str]:
        return core.local_cluster()

    @property
    def last_update(self) -> Optional[int]:
        """When the controller's data last changed, as its last load said
        (unix time; the oldest of the clusters' for a load from several);
        None for a collection not loaded."""
        return min(self._updates.values()) if self._updates else None

    @property
    def _owner(self) -> Optional[MessageOwner]:
        """The message of a load from one cluster (None otherwise)."""
        if len(self._owners) != 1:
            return None
        return next(iter(self._owners.values()))

    @classmethod
    def _rpc(cls, update_time: Optional[int], extra: Any) -> Optional[MessageOwner]:
        """The RPC of a load (``extra``: what a subclass's load adds)."""
        return cls._loader.load(update_time)

    @classmethod
    def _load_owner(cls, update_time: Optional[int], cluster: Optional[str],
                    extra: Any = None) -> Optional[MessageOwner]:
        """One load from ``cluster`` (None: the local one), routed there."""
        with clusters.route(cluster) as name:
            owner = cls._rpc(update_time, extra)
        if owner is not None:
            owner.cluster = name
        return owner

    @staticmethod
    def _sources_of(cluster: Any, update_time: Optional[int]) -> list[Optional[str]]:
        """The clusters a load's ``cluster`` argument names, checked before
        any RPC to a controller (None: where this thread routes, the local
        cluster outside a :func:`pyslurm.clusters.route` block)."""
        if cluster is None:
            return [None]
        names: list[Optional[str]] = list(clusters.resolve(cluster))
        if update_time is not None and len(names) > 1:
            raise ValueError(f"invalid value for update_time: {update_time!r} (a load "
                             f"from several clusters ({', '.join(map(str, names))}) has no single "
                             f"'changed since' time; use refresh())")
        return names

    @classmethod
    def load(cls: type[_M], update_time: Optional[int] = None,
             cluster: Any = None,
             preload_passwd_info: bool = False) -> Optional[_M]:
        """Load every item with one RPC per cluster; None when nothing
        changed since ``update_time`` (a previous load's :attr:`last_update`).

        ``cluster`` is the local cluster when None; another cluster's name
        loads from that cluster's controller (found through slurmdbd, as
        ``squeue -M`` does); several names (a list or ``"a,b"``) or
        ``"all"`` (every cluster slurmdbd knows) load from each, and the
        collection holds them keyed by cluster.

        ``preload_passwd_info`` reads the passwd and group databases once
        (user names of many items then cost no lookup each); upstream
        pyslurm's ``Nodes.load(True)`` means that too.

        Raises:
            ValueError: an unknown cluster (named in the message), other
                clusters without slurmdbd, or ``update_time`` with several
                clusters; raised before any RPC to a controller.
            RPCError: a controller or slurmdbd refused or did not answer.
        """
        if isinstance(update_time, bool):        # upstream: load(preload_passwd_info)
            preload_passwd_info = update_time
            update_time = None
        names = cls._sources_of(cluster, update_time)
        if preload_passwd_info:
            values.preload_names()
        owners: dict[str, Optional[MessageOwner]] = {}
        for name in names:
            owner = cls._load_owner(update_time, name)
            if owner is None:
                return None
            owners[owner.cluster or ""] = owner
        coll = cls(cluster=core.local_cluster())
        coll._sources = list(owners)
        coll._take(owners)
        return coll

    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[False] = ...,
                    update_time: Optional[int] = ...,
                    cluster: Any = ...) -> Optional[list[dict[str, Any]]]: ...

    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[True],
                    update_time: Optional[int] = ...,
                    cluster: Any = ...) -> Optional[list[tuple[Any, ...]]]: ...

    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: bool = False,
                    update_time: Optional[int] = None,
                    cluster: Any = None) -> Optional[list[Any]]:
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
            cluster: the cluster(s) to load from, as in :meth:`load`; the
                rows of several clusters follow each other (name
                ``"cluster"`` in ``fields`` to tell them apart).

        Returns:
            list: one dict (or tuple) per item, in the controller's order;
            None when nothing changed since ``update_time``.

        Raises:
            ValueError: a name in ``fields`` is not an attribute, or
                ``cluster`` is not a cluster slurmdbd knows (raised before
                any RPC to a controller).
            RPCError: the controller refused or did not answer.
        """
        reader = field_reader(cls._item_type, fields)
        rows: list[Any] = []
        for name in cls._sources_of(cluster, update_time):
            owner = cls._load_owner(update_time, name)
            if owner is None:
                return None
            rows.extend(cls._loader.rows(owner, reader, as_tuples))
        return rows

    @classmethod
    def load_frame(cls, fields: Optional[_Fields] = None, **load_args: Any) -> Any:
        """Every item straight into a :class:`pandas.DataFrame`, read with
        :meth:`load_fields` (one RPC per cluster, no object per item):
        dtypes, default columns and index as :mod:`pyslurm.frames` says
        (``(cluster, id)`` for a load from several clusters).

        Args:
            fields: attribute names (default: the kind's usual columns,
                :data:`pyslurm.frames.DEFAULT_FIELDS`).
            load_args: as :meth:`load_fields` takes them (``cluster=``,
                ``update_time=``; ``user=`` of ``Jobs``).

        Returns:
            pandas.DataFrame, or None when nothing changed since
            ``update_time``.

        Raises:
            ImportError: pandas is not installed (``pip install "pyslurm[pandas]"``).
            ValueError: a name in ``fields`` is not an attribute, or a bad
                load argument (before any RPC).
            RPCError: the controller refused or did not answer.

        Examples:
            >>> df = pyslurm.Jobs.load_frame()                      # doctest: +SKIP
            >>> df.groupby("state", observed=True).cpus.sum()       # doctest: +SKIP
        """
        from pyslurm import frames
        return frames.load_frame(cls, fields, **load_args)

    def _take(self, fresh: dict[str, Optional[MessageOwner]], frozen: bool = False) -> bool:
        """Put the items of each cluster's new message in place of that
        cluster's old ones (a None message: no change there); with
        ``frozen`` only the items present are replaced.  True when
        anything changed."""
        changed = False
        for name, owner in fresh.items():
            if owner is None:
                continue
            changed = True
            new = self._loader.index(owner)
            old_owner = self._owners.pop(name, None)
            if frozen:
                if old_owner is not None:
                    self._drop(old_owner, self.data)
                for cl, items in self.data.items():
                    got = new.get(cl)
                    if not got:
                        continue
                    for key in list(items):
                        item = got.get(key)
                        if item is not None:
                            items[key] = item
            else:
                old = {c: self.data.pop(c) for c in {name, *new} if c in self.data}
                self.data.update(new)
                if old_owner is not None:
                    self._drop(old_owner, old)
            self._owners[name] = owner
            owner.collections += 1
            self._updates[name] = owner.last_update or 0
        return changed

    def _drop(self, owner: MessageOwner, data: dict[str, dict[Any, Any]]) -> None:
        """This collection lets go of ``owner``'s message (``data``: the
        items made from it that it held): those still referred to elsewhere
        are detached from the message where the kind allows (jobs), so that
        one kept item does not keep the whole message."""
        owner.collections -= 1
        self._loader.release(data, owner)

    def _release(self) -> None:
        owners = getattr(self, "_owners", None)
        if not owners:
            return
        self._owners = {}
        for owner in owners.values():
            self._drop(owner, self.data)

    def __del__(self) -> None:
        self._release()

    def _empty_like(self) -> Self:
        new = super()._empty_like()     # shares the items' messages (filter(), copy())
        new._owners = dict(self._owners)
        new._updates = dict(self._updates)
        for owner in new._owners.values():
            owner.collections += 1
        return new

    def _refresh_sources(self) -> list[Optional[str]]:
        """The clusters :meth:`refresh` loads from: those of the last load,
        else those present (the local one for an empty collection)."""
        if self._sources:
            return list(self._sources)
        present = [c for c in self.clusters if c]
        return present or [None]

    def _reload_owner(self, cluster: Optional[str]) -> Optional[MessageOwner]:
        """The RPC of :meth:`refresh` for one cluster (changes since its
        last load)."""
        return self._load_owner(self._updates.get(cluster or ""), cluster)

    def refresh(self) -> bool:
        """Bring this collection up to date in place, cheaply: each
        cluster's last load time is sent, and when its controller says
        nothing changed (``SLURM_NO_CHANGE_IN_DATA``) nothing of that
        cluster is rebuilt.  Without :attr:`frozen`, items that left the
        controller are removed and new ones added (as ``load``); with it,
        only the items present are updated and none is removed.

        Returns:
            bool: True when a controller had changes (and they were read).

        Raises:
            RPCError: the controller refused or did not answer.
        """
        fresh: dict[str, Optional[MessageOwner]] = {}
        for name in self._refresh_sources():
            owner = self._reload_owner(name)
            fresh[(owner.cluster if owner is not None else name) or ""] = owner
        if self.frozen:
            return self._take(fresh, frozen=True)
        if all(owner is not None for owner in fresh.values()) and \
                set(fresh) != set(self._owners):
            self._release()             # a collection built from Python, or other clusters
            self.data = {}
        return self._take(fresh)

    def reload(self) -> Self:
        """:meth:`refresh`, returning the collection itself (as upstream
        pyslurm does): ``nodes = nodes.reload()``.  To know whether
        anything changed, call :meth:`refresh`.

        Raises:
            RPCError: the controller refused or did not answer.
        """
        self.refresh()
        return self


def summed(attr: str, doc: str) -> property:
    """A collection property: ``attr`` summed over the items (an item whose
    value is None counts 0)."""
    def total(self: LoadedMap) -> Any:
        return sum(getattr(item, attr) or 0 for item in self.values())
    return property(total, doc=doc)
