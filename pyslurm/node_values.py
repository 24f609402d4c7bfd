"""What a node request may hold: the values of ``Node(**changes)`` /
``Node.modify()`` and the ``NodeName=`` line of ``Node.create()``, checked
before any RPC (pure Python; the RPCs are in :mod:`pyslurm.node`)."""

from __future__ import annotations

from typing import Any

from pyslurm import hostlist, values

# States a node can be set to with modify(): name -> whether Slurm requires
# a reason.
SETTABLE_STATES = {
    "DOWN": True, "DRAIN": True, "FAIL": True, "RESUME": False, "UNDRAIN": False,
    "IDLE": False, "FUTURE": False, "NO_RESPOND": False, "POWER_DOWN": False,
    "POWER_UP": False,
}

# Fields Node(...) accepts and modify() sends.
CHANGEABLE = ("name", "state", "reason", "comment", "extra",
              "features", "active_features", "weight")
# upstream pyslurm's names of fields -> ours
KEYWORD_ALIASES = {"available_features": "features"}


def name_list(field: str, value: Any) -> list[str]:
    """A list of names given as a list or a comma-separated str, each
    checked (one printable name, no comma)."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")] if value else []
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise ValueError(f"Node: {field} must be a list of str or a "
                         f"comma-separated str, not {value!r}")
    for v in items:
        if not isinstance(v, str) or not v or "," in v or v != v.strip() \
                or not v.isprintable():
            raise ValueError(f"Node: invalid {field} entry {v!r} in {value!r}")
    return items


def check_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The values of ``Node(**changes)``, checked (ValueError naming the
    field and the value)."""
    out: dict[str, Any] = {}
    for field, value in changes.items():
        field = KEYWORD_ALIASES.get(field, field)
        if field not in CHANGEABLE:
            raise ValueError(f"Node: {field!r} cannot be set (settable: "
                             f"{', '.join(CHANGEABLE)})")
        if value is None:
            continue
        if field == "name":
            if not isinstance(value, str) or not value:
                raise ValueError(f"Node: invalid name {value!r}")
            value = hostlist.checked(value, "name")
        elif field == "state":
            if not isinstance(value, str) or value.upper() not in SETTABLE_STATES:
                raise ValueError(f"Node: invalid state {value!r} (one of "
                                 f"{', '.join(SETTABLE_STATES)})")
            value = value.upper()
        elif field in ("reason", "comment", "extra"):
            values.text(field, value)
        elif field in ("features", "active_features"):
            value = name_list(field, value)
        elif field == "weight":
            values.integer("weight", value, 0, values.U32_MAX, strings=False)
        out[field] = value
    state = out.get("state")
    if state is not None and SETTABLE_STATES[state] and not out.get("reason"):
        raise ValueError(f"Node: state {state!r} needs a reason")
    return out


# Node.create(): keyword -> (key of the NodeName= line, largest value: the
# C field's largest non-sentinel value), for int values
_DEFINITION_INTS = {
    "cpus": ("CPUs", values.U16_MAX), "boards": ("Boards", values.U16_MAX),
    "sockets": ("Sockets", values.U16_MAX),
    "cores_per_socket": ("CoresPerSocket", values.U16_MAX),
    "threads_per_core": ("ThreadsPerCore", values.U16_MAX),
    "real_memory": ("RealMemory", values.MEMORY_MAX),
    "tmp_disk": ("TmpDisk", values.U32_MAX), "weight": ("Weight", values.U32_MAX),
    "port": ("Port", 65535),
}
_DEFINITION_STRS = {"gres": "Gres", "address": "NodeAddr", "hostname": "NodeHostname"}
_DEFINITION_STATES = ("CLOUD", "FUTURE")


def node_definition(name: str, **definition: Any) -> str:
    """The ``NodeName=...`` line :meth:`Node.create` sends, checked.

    Examples:
        >>> node_definition("d1", cpus=2, real_memory=1000, features=["dyn"])
        'NodeName=d1 CPUs=2 RealMemory=1000 Features=dyn State=CLOUD'
    """
    if (not isinstance(name, str) or not name or "[" in name
            or any(c in name for c in ",= \t\n\0") or not name.isprintable()
            or name.upper() in values.RESERVED_NAMES):
        raise ValueError(f"Node.create: invalid name {name!r} (one node name, "
                         f"not {'/'.join(sorted(values.RESERVED_NAMES))})")
    hostlist.validate(name)
    parts = [f"NodeName={name}"]
    state = definition.pop("state", None) or "CLOUD"
    for field, value in definition.items():
        if value is None:
            continue
        if field in _DEFINITION_INTS:
            key, hi = _DEFINITION_INTS[field]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= hi:
                raise ValueError(f"Node.create: invalid {field} {value!r} "
                                 f"(an int from 0 to {hi})")
            parts.append(f"{key}={value}")
        elif field == "features":
            items = name_list("features", value)
            for v in items:
                if any(c in v for c in "= \t\n\0") or not v.isprintable():
                    raise ValueError(f"Node.create: invalid features entry {v!r}")
            if items:
                parts.append(f"Features={','.join(items)}")
        elif field in _DEFINITION_STRS:
            if (not isinstance(value, str) or not value
                    or any(c in value for c in "= \t\n\0") or not value.isprintable()):
                raise ValueError(f"Node.create: invalid {field} {value!r}")
            parts.append(f"{_DEFINITION_STRS[field]}={value}")
        else:
            known = [*_DEFINITION_INTS, "features", *_DEFINITION_STRS, "state"]
            raise ValueError(f"Node.create: {field!r} cannot be set (settable: "
                             f"{', '.join(known)})")
    if not isinstance(state, str) or state.upper() not in _DEFINITION_STATES:
        raise ValueError(f"Node.create: invalid state {state!r} (one of "
                         f"{', '.join(_DEFINITION_STATES)})")
    parts.append(f"State={state.upper()}")
    return " ".join(parts)


def final_changes(merged: dict[str, Any]) -> dict[str, Any]:
    """Checks of a whole change request (beyond each value's own)."""
    state = merged.get("state")
    if state is not None and SETTABLE_STATES[state] and not merged.get("reason"):
        raise ValueError(f"Node: state {state!r} needs a reason")
    if merged.get("reason") == "" and state not in ("RESUME", "UNDRAIN", "IDLE"):
        # Slurm (22.05, 24.11, 26.05) ignores an empty reason, so it would
        # be a silent no-op: a drained or down node keeps its reason.
        raise ValueError("Node: reason '' is ignored by Slurm, which keeps a "
                         "reason while the node is drained or down; resume "
                         "the node (state='RESUME') instead")
    return merged
