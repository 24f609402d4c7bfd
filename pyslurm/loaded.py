"""The collection of a loaded message kind: :class:`LoadedMap`, the base of
``Nodes``, ``Partitions``, ``Reservations`` and ``Jobs`` (see
:mod:`pyslurm.records` for the entity skeleton it completes).

Pure Python on :mod:`pyslurm.records`' Loader and FieldReader: a load is one
RPC, one C loop over the message's records, and one dict per cluster.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING, Any, ClassVar, Literal, Optional, Sequence, TypeVar, Union, overload,
)

from pyslurm import core, values
from pyslurm.records import Loader, MessageOwner, field_reader
from pyslurm.xcollections import MultiClusterMap

if TYPE_CHECKING:
    from typing_extensions import Self

_Fields = Union[str, Sequence[str]]
_M = TypeVar("_M", bound="LoadedMap")

__all__ = ["LoadedMap", "summed"]


class LoadedMap(MultiClusterMap):
    """A collection filled from one libslurm message (``Nodes``,
    ``Partitions``, ``Reservations``, ``Jobs``): loading, the cheap "no
    change" poll, the in-place reload and ``load_fields`` are written here
    once.  A subclass names its item type and its :class:`Loader`
    (``_loader``)."""

    _loader: ClassVar[Loader]
    #: With True, :meth:`refresh` / :meth:`reload` only update the items
    #: present: they add none and remove none.
    frozen: bool = False

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        self.last_update: Optional[int] = None
        self._owner: Optional[MessageOwner] = None
        super().__init__(data, **kwargs)

    @staticmethod
    def _local_cluster_name() -> Optional[str]:
        return core.local_cluster()

    @classmethod
    def _load_owner(cls, update_time: Optional[int],
                    cluster: Optional[str]) -> Optional[MessageOwner]:
        """The RPC of a load (subclasses with extra arguments override it)."""
        owner = cls._loader.load(update_time)
        if owner is not None:
            owner.cluster = cluster
        return owner

    @classmethod
    def load(cls: type[_M], update_time: Optional[int] = None,
             cluster: Optional[str] = None,
             preload_passwd_info: bool = False) -> Optional[_M]:
        """Load every item with one RPC; None when nothing changed since
        ``update_time`` (a previous load's :attr:`last_update`).

        ``preload_passwd_info`` reads the passwd and group databases once
        (user names of many items then cost no lookup each); upstream
        pyslurm's ``Nodes.load(True)`` means that too.
        """
        if isinstance(update_time, bool):        # upstream: load(preload_passwd_info)
            preload_passwd_info = update_time
            update_time = None
        if preload_passwd_info:
            values.preload_names()
        local = core.check_local_cluster(cluster)
        owner = cls._load_owner(update_time, local)
        if owner is None:
            return None
        coll = cls(cluster=local)
        coll._fill_from(owner)
        return coll

    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[False] = ...,
                    update_time: Optional[int] = ...,
                    cluster: Optional[str] = ...) -> Optional[list[dict[str, Any]]]: ...

    @overload
    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: Literal[True],
                    update_time: Optional[int] = ...,
                    cluster: Optional[str] = ...) -> Optional[list[tuple[Any, ...]]]: ...

    @classmethod
    def load_fields(cls, fields: _Fields, as_tuples: bool = False,
                    update_time: Optional[int] = None,
                    cluster: Optional[str] = None) -> Optional[list[Any]]:
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
        reader = field_reader(cls._item_type, fields)
        local = core.check_local_cluster(cluster)
        owner = cls._load_owner(update_time, local)
        if owner is None:
            return None
        return cls._loader.rows(owner, reader, as_tuples)

    def _fill_from(self, owner: MessageOwner) -> None:
        self._release()
        self.data = self._loader.index(owner)
        self._hold(owner)
        self.last_update = owner.last_update

    def _hold(self, owner: MessageOwner) -> None:
        """Hold ``owner``'s message (its items are in this collection)."""
        self._owner = owner
        owner.collections += 1

    def _release(self) -> None:
        """Let go of the loaded items: those still referred to elsewhere are
        detached from the message where the kind allows (jobs), so that one
        kept item does not keep the whole message."""
        owner = getattr(self, "_owner", None)
        if owner is None:
            return
        self._owner = None
        owner.collections -= 1
        self._loader.release(self.data, owner)

    def __del__(self) -> None:
        self._release()

    def _empty_like(self) -> Self:
        new = super()._empty_like()     # shares the items' message (filter(), copy())
        if self._owner is not None:
            self._owner.collections += 1
        return new

    def _reload_owner(self) -> Optional[MessageOwner]:
        """The RPC of :meth:`refresh` (changes since the last load)."""
        return self._load_owner(self.last_update, self.local_cluster)

    def refresh(self) -> bool:
        """Bring this collection up to date in place, cheaply: the last
        load's time is sent, and when the controller says nothing changed
        (``SLURM_NO_CHANGE_IN_DATA``) nothing is rebuilt.  Without
        :attr:`frozen`, items that left the controller are removed and new
        ones added (as ``load``); with it, only the items present are
        updated and none is removed.

        Returns:
            bool: True when the controller had changes (and they were read).

        Raises:
            RPCError: the controller refused or did not answer.
        """
        owner = self._reload_owner()
        if owner is None:
            return False
        if not self.frozen:
            self._fill_from(owner)
            return True
        fresh = self._loader.index(owner)
        self._release()
        for cluster, items in self.data.items():
            for key in list(items):
                new = fresh.get(cluster, {}).get(key)
                if new is not None:
                    items[key] = new
        self._hold(owner)
        self.last_update = owner.last_update
        return True

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
