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


def _modules(suffix):
    """Module names below pyslurm (``"job"``, ``"db.job"``) of files with
    ``suffix``."""
    return sorted(".".join(p.relative_to(PKG).with_suffix("").parts)
                  for p in PKG.rglob(f"*{suffix}"))


def _stub(name):
    return (PKG / (name.replace(".", "/") + ".pyi")).read_text()


COMPILED = _modules(".pyx")
STUBS = _modules(".pyi")


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
    depth = 0       # inside a def's parameters, which may span lines
    for line in lines:
        s = line.strip()
        if depth:
            depth += s.count("(") - s.count(")")
            continue
        m = re.match(r"def (\w+)\(", s)
        if m:
            depth = s.count("(") - s.count(")")
        if m:
            if not m.group(1).startswith("_"):
                methods.add(m.group(1))
        elif re.match(r"\w+\s*:", s) and not s.startswith(("@", "#")):
            attrs.add(s.split(":")[0].strip())
    return attrs, methods


# {class name: its block's lines} of every stub, for attributes a class
# inherits from a class another stub declares
ALL_CLASSES = {f"pyslurm.{s}.{n}": lines for s in STUBS
               for n, lines in blocks(_stub(s))[0].items()}


@pytest.mark.parametrize("name", STUBS)
def test_stub_names_exist_in_module(name):
    module = importlib.import_module(f"pyslurm.{name}")
    classes, top = blocks(_stub(name))
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
                        records.Record, editable.Editable):
                    key = f"{base.__module__}.{base.__name__}"
                    if key in ALL_CLASSES:
                        a |= declared(ALL_CLASSES[key])[0]
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
