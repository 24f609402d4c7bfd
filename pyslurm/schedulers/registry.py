"""The registry of scheduler plugins: the built-in ones and those other
packages declare in the ``pyslurm.schedulers`` entry-point group, by name.

Examples:
    >>> from pyslurm.schedulers.registry import get_plugin
    >>> get_plugin("raw").name
    'raw'
"""

from __future__ import annotations

from importlib import metadata
from typing import Callable

from pyslurm.schedulers.base import SchedulerPlugin, SchedulerPluginError
from pyslurm.schedulers.raw import Raw

__all__ = ["ENTRY_POINT_GROUP", "register_plugin", "unregister_plugin", "discover_plugins",
           "get_plugin", "list_plugins"]

ENTRY_POINT_GROUP = "pyslurm.schedulers"
"""Entry-point group scanned by :func:`discover_plugins`. An entry point names
a plugin class (instantiated without arguments) or a plugin instance, e.g. in
``pyproject.toml``::

    [project.entry-points."pyslurm.schedulers"]
    raw = "pyslurm.schedulers.raw:Raw"
"""

_PLUGINS: dict[str, SchedulerPlugin] = {}
_DISCOVERED = False


def register_plugin(plugin: SchedulerPlugin | Callable[[], SchedulerPlugin]) -> SchedulerPlugin:
    """Register a plugin (class or instance) under its name.

    On a name clash the plugin with the higher priority stays; equal
    priorities are an error (as in Pavilion), unless it is the same class.

    Returns:
        The registered instance (or the one that kept the name).

    Raises:
        SchedulerPluginError: Same name, same priority, different class.
    """
    inst = plugin() if isinstance(plugin, type) else plugin
    if not isinstance(inst, SchedulerPlugin):
        raise SchedulerPluginError(f"{plugin!r} is not a SchedulerPlugin")
    current = _PLUGINS.get(inst.name)
    if current is not None and type(current) is not type(inst):
        if current.priority > inst.priority:
            return current
        if current.priority == inst.priority:
            raise SchedulerPluginError(
                f"two scheduler plugins named {inst.name!r} with priority {inst.priority}: "
                f"{type(current).__module__}.{type(current).__qualname__} and "
                f"{type(inst).__module__}.{type(inst).__qualname__}")
    _PLUGINS[inst.name] = inst
    return inst


def unregister_plugin(name: str) -> None:
    """Forget the plugin registered as ``name`` (no error if there is none)."""
    _PLUGINS.pop(name, None)


def discover_plugins(force: bool = False) -> list[str]:
    """Register the built-in plugins and those of the ``pyslurm.schedulers``
    entry-point group (once; ``force=True`` scans again).

    Returns:
        Names of the registered plugins.

    Raises:
        SchedulerPluginError: An entry point cannot be loaded or clashes.
    """
    global _DISCOVERED
    if _DISCOVERED and not force:
        return sorted(_PLUGINS)
    if "raw" not in _PLUGINS:
        register_plugin(Raw)
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as err:  # any import error of a third-party plugin
            raise SchedulerPluginError(f"cannot load scheduler plugin entry point "
                                       f"{ep.name!r} ({ep.value}): {err}") from err
        if isinstance(obj, type) and isinstance(_PLUGINS.get(ep.name), obj):
            continue
        register_plugin(obj)
    _DISCOVERED = True
    return sorted(_PLUGINS)


def get_plugin(name: str) -> SchedulerPlugin:
    """The plugin registered as ``name`` (discovering plugins first).

    Raises:
        KeyError: No such plugin; the message lists the known names.
    """
    if name not in _PLUGINS:
        discover_plugins()
    try:
        return _PLUGINS[name]
    except KeyError:
        raise KeyError(f"no scheduler plugin {name!r}; known: {', '.join(sorted(_PLUGINS))}") \
            from None


def list_plugins() -> dict[str, SchedulerPlugin]:
    """``{name: plugin}`` of all plugins (discovering them first)."""
    discover_plugins()
    return dict(sorted(_PLUGINS.items()))

