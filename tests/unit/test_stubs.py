"""Every compiled module has a .pyi stub, and every stub says what the
module has: its functions, classes and constants exist, and each entity
class declares exactly its attributes (Fields and properties) and its
public methods."""

import importlib
import re
from pathlib import Path

import pytest

import pyslurm
from pyslurm import editable, records

PKG = Path(pyslurm.__file__).parent
COMPILED = sorted(p.stem for p in PKG.glob("*.pyx"))
STUBS = sorted(p.stem for p in PKG.glob("*.pyi"))


def test_every_compiled_module_has_a_stub():
    assert COMPILED == STUBS


def blocks(text):
    """``{class name: its lines}`` and the module-level lines of a stub."""
    classes, top, current = {}, [], None
    for line in text.splitlines():
        m = re.match(r"class (\w+)", line)
        if m:
            current = classes.setdefault(m.group(1), [])
            continue
        if line and not line[0].isspace():
            current = None
        (current if current is not None else top).append(line)
    return classes, top


def declared(lines):
    attrs, methods = set(), set()
    for line in lines:
        s = line.strip()
        m = re.match(r"def (\w+)\(", s)
        if m:
            if not m.group(1).startswith("_"):
                methods.add(m.group(1))
        elif re.match(r"\w+\s*:", s) and not s.startswith(("@", "#")):
            attrs.add(s.split(":")[0].strip())
    return attrs, methods


# {class name: its block's lines} of every stub, for attributes a class
# inherits from a class another stub declares
ALL_CLASSES = {n: lines for s in STUBS
               for n, lines in blocks((PKG / f"{s}.pyi").read_text())[0].items()}


@pytest.mark.parametrize("name", STUBS)
def test_stub_names_exist_in_module(name):
    module = importlib.import_module(f"pyslurm.{name}")
    classes, top = blocks((PKG / f"{name}.pyi").read_text())
    attrs, methods = declared(line for line in top if not line.startswith(" "))
    for n in attrs | methods | set(classes):
        assert hasattr(module, n), f"pyslurm.{name} has no {n!r}"
    for cls_name, lines in classes.items():
        cls = getattr(module, cls_name)
        a, m = declared(lines)
        for n in m:
            assert hasattr(cls, n), f"{cls_name} has no method {n!r}"
        if isinstance(cls, type) and issubclass(cls, records.Record):
            # an entity's stub declares its own attributes; those of its
            # entity base classes are in their stubs
            for base in cls.__mro__[1:]:
                if base.__module__.startswith("pyslurm.") and base not in (
                        records.Record, editable.Editable) and base.__name__ in ALL_CLASSES:
                    a |= declared(ALL_CLASSES[base.__name__])[0]
            # every record has is_loaded (a skeleton property, not in to_dict)
            have = set(records.public_attributes(cls)) | {"is_loaded"}
            assert a == have, (f"{cls_name}: stub lists {sorted(a - have)} that do not exist, "
                               f"lacks {sorted(have - a)}")
            public = {n for n in dir(cls) if not n.startswith("_") and n not in have
                      and callable(getattr(cls, n))}
            # methods of the skeleton (to_dict, as_dict, modify, ...) are
            # declared once, in records.pyi / editable.pyi
            skeleton = {n for n in public
                        if any(n in vars(b) for b in (records.Record, editable.Editable))}
            assert m - skeleton == public - skeleton, (
                f"{cls_name}: methods {sorted(m - public)} do not exist, "
                f"{sorted(public - m - skeleton)} are not in the stub")
