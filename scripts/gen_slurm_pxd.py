#!/usr/bin/env python3
"""Generate Cython declarations (.pxd) from one Slurm major's C headers.

  scripts/gen_slurm_pxd.py [--include-dir DIR] [--out-root DIR] [--check]

DIR contains ``slurm/`` (default: $SLURM_INCLUDE_DIR, else /usr/include).
For Slurm 22.05.x the output is ``<out-root>/v22_05/`` with slurm.pxd
(slurm.h + slurm_version.h), slurm_errno.pxd and slurmdb.pxd; a file is
rewritten only when its text changes.  ``--check`` writes nothing, prints a
short diff of each stale file and exits 1 (0 when everything is current).
From Python: generate(include_dir) -> {"v22_05/slurm.pxd": text, ...} and
check(include_dir, out_root) -> [(path, diff)] of the stale files.

Pipeline
 1. Version: SLURM_VERSION_NUMBER from slurm/slurm_version.h, decoded with
    that header's own SLURM_VERSION_MAJOR/MINOR/MICRO macros; only the
    SUPPORTED majors are accepted.
 2. ``gcc -E -dD -undef -nostdinc`` preprocesses <slurm/slurm.h> and
    <slurm/slurmdb.h> against scripts/fake_libc/ (tiny stand-ins for the libc
    headers Slurm includes) and a temporary directory holding nothing but a
    ``slurm`` symlink, so the machine's libc never leaks in.  ``-dD`` keeps
    each #define where it was: those lines are collected (with their header
    and line) and blanked, so pycparser's coordinates stay exact.
 3. pycparser parses the rest.  Top-level declarations whose coordinates lie
    in the Slurm headers are rendered, in header order, into
    ``cdef extern from "slurm/<header>" nogil:`` blocks.  Struct tags used
    before (or without) their definition get a forward ``struct tag``;
    anonymous struct/union members are flattened into their parent; libc
    types become Cython standard cimports or minimal declarations.
 4. Object-like macros become typed constants in the same blocks: the type
    comes from a cast or literal suffix, else from the value computed by a
    small C integer-expression evaluator (evaluate()/cython_type()).
    Function-like and untypable macros are listed in a closing comment.

The output depends only on the header text: no paths, no dates.
"""
import argparse
import difflib
import keyword
import operator
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

from pycparser import c_ast, c_parser

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_LIBC = os.path.join(HERE, "fake_libc")
DEFAULT_OUT_ROOT = os.path.join(os.path.dirname(HERE), "pyslurm", "slurm")
sys.path.insert(0, os.path.dirname(HERE))
from pyslurm.version import SLURM_MAJORS as SUPPORTED  # noqa: E402

# Header -> output file, in include order (slurm.h includes slurm_errno.h and
# slurm_version.h; slurmdb.h includes slurm.h).
HEADERS = {"slurm/slurm_errno.h": "slurm_errno.pxd",
           "slurm/slurm_version.h": "slurm.pxd",
           "slurm/slurm.h": "slurm.pxd",
           "slurm/slurmdb.h": "slurmdb.pxd"}
OUTPUTS = ("slurm_errno.pxd", "slurm.pxd", "slurmdb.pxd")

# libc type names -> the Cython standard module declaring them (size_t and
# ssize_t are built into Cython).
CIMPORTS = dict(
    {f"{u}int{b}_t": "libc.stdint" for u in ("", "u")
     for b in (8, 16, 32, 64, "ptr", "max")},
    FILE="libc.stdio", time_t="libc.time",
    **{n: "posix.types" for n in ("pid_t", "uid_t", "gid_t", "mode_t",
                                  "off_t")})
# libc types without a Cython declaration -> the C header declaring them;
# they get an opaque declaration (enough for pointers and by-value fields).
MINIMAL = {"struct sockaddr_storage": "sys/socket.h",
           "struct sockaddr": "sys/socket.h",
           "struct sockaddr_in": "netinet/in.h",
           "struct timespec": "time.h", "struct timeval": "sys/time.h",
           "pthread_mutex_t": "pthread.h", "pthread_t": "pthread.h",
           "va_list": "stdarg.h"}

# Identifiers C allows but Cython does not: emitted as 'from_ "from"'.
RESERVED = set(keyword.kwlist) | {
    "cdef", "cpdef", "ctypedef", "cimport", "include", "extern", "inline",
    "public", "readonly", "api", "nogil", "gil", "sizeof", "typeof", "NULL",
    "object", "print", "exec", "bint", "new", "namespace", "DEF", "IF",
    "ELIF", "ELSE"}


class GenError(Exception):
    """Headers missing, unsupported major, or preprocessing failed."""


# ------------------------------------------- C integer expression evaluator

class MacroError(ValueError):
    """A macro body that is not an integer or string constant expression."""


_TOKEN = re.compile(r"""(?P<num>0[xX][0-9a-fA-F]+[uUlL]*|0[bB][01]+[uUlL]*
                                |[0-9]+[uUlL]*)
                      | (?P<str>"(?:\\.|[^"\\])*")
                      | (?P<id>[A-Za-z_]\w*)
                      | (?P<op><<|>>|[-+*/%&|^~(),])
                      | (?P<ws>\s+)""", re.VERBOSE)
# Integer types a cast may name -> (bits, signed)  (LP64).
INT_TYPES = {"char": (8, True), "signed char": (8, True),
             "unsigned char": (8, False), "short": (16, True),
             "unsigned short": (16, False), "int": (32, True),
             "unsigned": (32, False), "unsigned int": (32, False),
             "long": (64, True), "long int": (64, True),
             "unsigned long": (64, False), "long long": (64, True),
             "unsigned long long": (64, False), "size_t": (64, False),
             "ssize_t": (64, True)}
INT_TYPES.update({f"{u}int{b}_t": (b, not u)
                  for u in ("", "u") for b in (8, 16, 32, 64)})
SUFFIX_TYPES = {"u": "uint32_t", "l": "int64_t", "ll": "int64_t"}
SUFFIX_TYPES.update(dict.fromkeys(("ul", "lu", "ull", "llu"), "uint64_t"))
_BINARY = {"*": 10, "/": 10, "%": 10, "+": 9, "-": 9, "<<": 8, ">>": 8,
           "&": 5, "^": 4, "|": 3}                 # precedence
_BINARY_OPS = {"*": operator.mul, "+": operator.add, "-": operator.sub,
               "<<": operator.lshift, ">>": operator.rshift,
               "&": operator.and_, "^": operator.xor, "|": operator.or_}


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise MacroError(f"cannot tokenize {text[pos:]!r}")
        pos = m.end()
        if m.lastgroup != "ws":
            tokens.append(m.group())
    return tokens


def _wrap(value, ctype):
    """value converted to ctype (modulo its width), as C does."""
    if ctype is None:
        return value
    bits, signed = INT_TYPES[ctype]
    value &= (1 << bits) - 1
    return value - (1 << bits) if signed and value >> (bits - 1) else value


def _wider(a, b):
    """Result type of a binary operation (None: untyped literal)."""
    if a is None or b is None:
        return a or b
    (ba, sa), (bb, sb) = INT_TYPES[a], INT_TYPES[b]
    return a if (ba, not sa) >= (bb, not sb) else b


class _Evaluator:
    """Precedence climbing over tokens; values are (int, ctype or None)."""

    def __init__(self, tokens, env):
        self.toks, self.pos, self.env = tokens, 0, env

    def peek(self, k=0):
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else None

    def take(self, expected=None):
        tok = self.peek()
        if tok is None or expected not in (None, tok):
            raise MacroError(f"expected {expected!r}, got {tok!r}")
        self.pos += 1
        return tok

    def parse(self):
        value = self.expr(0)
        if self.peek() is not None:
            raise MacroError(f"unexpected {self.peek()!r}")
        return value

    def expr(self, min_prec):
        (a, ta) = self.unary()
        while _BINARY.get(self.peek(), -1) >= min_prec:
            op = self.take()
            b, tb = self.expr(_BINARY[op] + 1)
            ctype = ta if op in ("<<", ">>") else _wider(ta, tb)
            if op in ("/", "%") and b == 0 or op in ("<<", ">>") and not \
                    0 <= b < 128:
                raise MacroError(f"bad operand for {op}")
            if op in ("/", "%"):                # C truncates toward zero
                quot = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
                value = quot if op == "/" else a - b * quot
            else:
                value = _BINARY_OPS[op](a, b)
            a, ta = _wrap(value, ctype), ctype
        return a, ta

    def unary(self):
        tok = self.take()
        if tok in ("-", "+", "~"):
            value, ctype = self.unary()
            value = {"-": -value, "+": value, "~": ~value}[tok]
            return _wrap(value, ctype), ctype
        if tok == "(":
            k = 0                               # a cast: (unsigned long) x
            while self.peek(k) in INT_TYPES or self.peek(k) in (
                    "signed", "unsigned", "long", "short"):
                k += 1
            cast = " ".join(self.toks[self.pos:self.pos + k])
            if k and self.peek(k) == ")" and cast in INT_TYPES:
                self.pos += k + 1
                return _wrap(self.unary()[0], cast), cast
            value = self.expr(0)
            self.take(")")
            return value
        m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)",
                         tok)
        if m:
            digits, suffix = m.group(1), m.group(2).lower()
            if suffix and suffix not in SUFFIX_TYPES:
                raise MacroError(f"bad suffix in {tok!r}")
            base = {"0x": 16, "0b": 2}.get(digits[:2].lower(), 8 if (
                len(digits) > 1 and digits[0] == "0") else 10)
            return (int(digits[2:] if base in (2, 16) else digits, base),
                    SUFFIX_TYPES.get(suffix))
        if isinstance(self.env.get(tok), tuple):
            return self.env[tok]
        raise MacroError(f"unknown name {tok!r}")


def expand(tokens, functions, depth=0):
    """Expand calls of function-like macros (functions: name -> (params,
    body tokens)); arguments and results are parenthesized."""
    if depth > 20:
        raise MacroError("macro recursion too deep")
    out, i = [], 0
    while i < len(tokens):
        if tokens[i] not in functions or tokens[i + 1:i + 2] != ["("]:
            out.append(tokens[i])
            i += 1
            continue
        params, body = functions[tokens[i]]
        args, level, i = [[]], 0, i + 2
        while level or tokens[i:i + 1] != [")"]:
            if i >= len(tokens):
                raise MacroError("unbalanced macro call")
            tok = tokens[i]
            level += {"(": 1, ")": -1}.get(tok, 0)
            if tok == "," and not level:
                args.append([])
            else:
                args[-1].append(tok)
            i += 1
        i += 1
        if len(args) != len(params) and not (args == [[]] and not params):
            raise MacroError("wrong argument count")
        subst = dict(zip(params, args))
        body = [x for t in body for x in (
            ["("] + subst[t] + [")"] if t in subst else [t])]
        out += ["("] + expand(body, functions, depth + 1) + [")"]
    return out


def evaluate(body, env=None, functions=None):
    """Value of a macro body: a str for string literals (and macros naming
    strings), else (int, ctype) where ctype is the type given by a cast or
    suffix, or None.  env maps earlier macro names (and enumerators) to
    such values.  Raises MacroError."""
    env = env or {}
    tokens = tokenize(body)
    if tokens and all(t[0] == '"' or isinstance(env.get(t), str)
                      for t in tokens):
        return "".join(t[1:-1] if t[0] == '"' else env[t] for t in tokens)
    return _Evaluator(expand(tokens, functions or {}), env).parse()


def cython_type(value):
    """Cython type for the result of evaluate()."""
    if isinstance(value, str):
        return "const char *"
    value, ctype = value
    if ctype is not None and _wrap(value, ctype) == value:
        return ctype
    if not -(1 << 63) <= value <= 0xFFFFFFFFFFFFFFFF:
        raise MacroError("value out of range")
    if value > 0xFFFFFFFF:
        return "uint64_t"
    if value > 0x7FFFFFFF:
        return "uint32_t"
    return "int64_t" if value < -0x80000000 else "int"


def macro_type(body, env=None, functions=None):
    """Cython type of an object-like macro body, e.g. 'uint32_t'."""
    return cython_type(evaluate(body, env, functions))


# ------------------------------------------------------------ preprocessing

def read_version(include_dir):
    """('22.05', '22.05.8') from <include_dir>/slurm/slurm_version.h."""
    path = os.path.join(include_dir, "slurm", "slurm_version.h")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as err:
        raise GenError(f"no Slurm headers: {err}") from None
    env, funcs = {}, {}
    for name, params, body in re.findall(
            r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?[ \t]*(.*)$",
            text, re.MULTILINE):
        if params:
            funcs[name] = ([p.strip() for p in params[1:-1].split(",")],
                           tokenize(body))
        elif name == "SLURM_VERSION_NUMBER":
            env[name] = evaluate(body)
    try:
        parts = [evaluate(f"SLURM_VERSION_{part}(SLURM_VERSION_NUMBER)",
                          env, funcs)[0] for part in ("MAJOR", "MINOR",
                                                      "MICRO")]
    except MacroError as err:
        raise GenError(f"cannot read the version from {path}: {err}") from None
    major, minor, micro = parts
    return f"{major}.{minor:02d}", f"{major}.{minor:02d}.{micro}"


def preprocess(include_dir):
    """(C text with #define lines blanked, [(header, line, name, params,
    body)] of the macros defined by the Slurm headers, in order)."""
    cpp = next((c for c in (os.environ.get("CC"), "gcc", "cc", "cpp")
                if c and shutil.which(c)), None)
    if cpp is None:
        raise GenError("no C preprocessor (gcc, cc or cpp) found")
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.join(os.path.abspath(include_dir), "slurm"),
                   os.path.join(tmp, "slurm"))
        proc = subprocess.run(
            [cpp, "-E", "-dD", "-undef", "-nostdinc", "-std=c11",
             "-I", FAKE_LIBC, "-I", tmp, "-"],
            check=False, capture_output=True, text=True,
            input="#include <slurm/slurm.h>\n#include <slurm/slurmdb.h>\n")
    if proc.returncode:
        raise GenError("preprocessing failed (a libc header missing from "
                       "scripts/fake_libc?):\n" + proc.stderr)
    lines, macros, header, line = proc.stdout.split("\n"), {}, None, 0
    for i, text in enumerate(lines):
        marker = re.match(r'#\s*(\d+)\s+"([^"]*)"', text)
        if marker:
            line, header = int(marker.group(1)) - 1, _header(marker.group(2))
            continue
        line += 1
        m = re.match(r"#\s*(define|undef)\s+(\w+)(\([^)]*\))?\s?(.*)$", text)
        if m:
            lines[i] = ""
            if header:                  # a redefinition replaces the first
                macros.pop(m.group(2), None)
            if header and m.group(1) == "define":
                params = m.group(3) and [p.strip() for p in m.group(3)[
                    1:-1].split(",") if p.strip()]
                macros[m.group(2)] = (header, line, m.group(2), params,
                                      m.group(4).strip())
    return "\n".join(lines), list(macros.values())


def _header(path):
    """'slurm/slurm.h' if path is one of HEADERS, else None."""
    name = "/".join(path.split("/")[-2:])
    return name if name in HEADERS else None


# ---------------------------------------------------------------- rendering

class Renderer:
    """Renders the AST into per-header lists of Cython declarations."""

    def __init__(self, ast):
        self.ast = ast
        self.items = {h: [] for h in HEADERS}   # [(line, seq, [lines])]
        self.seq = 0
        self.declared = {}          # struct/union tag -> declaring header
        self.home = {}              # typedef name -> header
        self.emitted = {}           # id(definition node) -> Cython name
        self.deps = {o: set() for o in OUTPUTS}
        self.cimports = {o: {} for o in OUTPUTS}
        self.minimal = {}           # MINIMAL name -> output declaring it
        self.referenced = set()     # tags used apart from their definition
        self.libc = {"size_t", "ssize_t"}   # libc names without a mapping
        self.header = self.line = None

    def run(self):
        exts = [(_header(e.coord.file), e) for e in self.ast.ext]
        for _, ext in (x for x in exts if not x[0]):     # from fake_libc
            inner = getattr(ext.type, "type", ext.type)
            self.libc.add(ext.name if isinstance(ext, c_ast.Typedef) else
                          f"{_kind(inner)} {inner.name}")
        self.libc -= {"size_t", "ssize_t"} | set(CIMPORTS) | set(MINIMAL)
        exts = [(h, e) for h, e in exts if h]
        for _, ext in exts:
            for node in _walk(ext):
                if isinstance(node, (c_ast.Struct, c_ast.Union, c_ast.Enum)) \
                        and node.name and not _has_body(node):
                    self.referenced.add(node.name)
        for self.header, ext in exts:
            self.line = ext.coord.line
            self.external(ext)
        return self

    @property
    def out(self):
        return HEADERS[self.header]

    def emit(self, lines):
        self.seq += 1
        self.items[self.header].append((self.line, self.seq, lines))

    def external(self, ext):
        t = ext.type
        if isinstance(ext, c_ast.Typedef):
            self.home[ext.name] = self.header
            inner = t.type if isinstance(t, c_ast.TypeDecl) else None
            if _has_body(inner) and id(inner) not in self.emitted and (
                    inner.name is None or inner.name not in self.referenced):
                # typedef struct [tag] {...} name;  (tag not used elsewhere)
                self.emitted[id(inner)] = ext.name
                self.emit([f"ctypedef {_kind(inner)} {ext.name}:"] +
                          self.body(inner, ext.name, ext.name))
            else:
                self.emit(["ctypedef " + self.declare(t, ext.name)])
        elif isinstance(ext, c_ast.Decl) and ext.name is None:
            self.base(t)                # struct/union/enum on its own
        elif isinstance(ext, c_ast.Decl):
            self.emit([self.declare(t, ext.name, cname=True)])
        else:
            raise NotImplementedError(f"{type(ext).__name__} at {ext.coord}")

    def body(self, node, owner_c, owner):
        """Member lines of a struct/union/enum definition; owner_c and owner
        are the C and the Cython name of the type being defined."""
        if isinstance(node, c_ast.Enum):
            names = [e.name for e in node.values.enumerators]
        else:
            names = [self.declare(d.type, d.name, True, (owner_c, owner,
                                                         d.name))
                     for d in _flatten(node.decls)]
        return ["    " + n for n in names] or ["    pass"]

    def define(self, node, field):
        """Emit a struct/union/enum definition met inside a declaration
        (ahead of it); returns the Cython name of the type."""
        kind = _kind(node)
        if node.name:
            self.emitted[id(node)] = self.declared[node.name] = node.name
            self.emit([f"{kind} {node.name}:"] +
                      self.body(node, f"{kind} {node.name}", node.name))
            return node.name
        if kind == "enum":                      # enum { A, B };
            self.emitted[id(node)] = "int"
            self.emit(["enum:"] + self.body(node, None, None))
            return "int"
        if field is None:
            raise NotImplementedError(f"anonymous {kind} at {node.coord}")
        # A member of anonymous struct type ("struct {...} input, out, err;"
        # in slurm_step_io_fds_t): name the type for Cython and let the C
        # compiler spell it with __typeof__.
        owner_c, owner, member = field
        name = f"{re.sub(r'_t$', '', owner)}_{member}_t"
        cname = f"__typeof__((({owner_c} *)0)->{member})"
        self.emitted[id(node)] = name
        self.emit([f'ctypedef {kind} {name} "{cname}":'] +
                  self.body(node, cname, name))
        return name

    def base(self, node, field=None):
        """Cython spelling of a type specifier (declaring what it needs)."""
        if isinstance(node, c_ast.IdentifierType):
            name = " ".join(node.names)
            return "bint" if name == "_Bool" else self.need(name)
        kind = _kind(node)
        if _has_body(node):
            return self.emitted.get(id(node)) or self.define(node, field)
        if f"{kind} {node.name}" in self.libc.union(MINIMAL):
            return self.need(f"{kind} {node.name}")
        if node.name not in self.declared and kind != "enum":
            self.declared[node.name] = self.header
            self.emit([f"{kind} {node.name}"])   # forward declaration
        elif HEADERS.get(self.declared.get(node.name)) not in (None, self.out):
            self.deps[self.out].add(HEADERS[self.declared[node.name]])
        return node.name

    def need(self, name):
        """Record the cimport or declaration a type name requires."""
        if name in self.libc:
            raise GenError(f"no Cython spelling for the libc type {name!r}: "
                           "add it to CIMPORTS or MINIMAL")
        if name in CIMPORTS:
            self.cimports[self.out].setdefault(CIMPORTS[name], set()).add(name)
        elif name in MINIMAL:
            self.deps[self.out].add(self.minimal.setdefault(name, self.out))
            name = name.split()[-1]
        elif name in self.home:
            self.deps[self.out].add(HEADERS[self.home[name]])
        return name

    def declare(self, node, name, cname=False, field=None):
        """'type declarator' for a declaration, e.g. 'char *names[4]'."""
        decl = _ident(name, cname) if name else ""
        while not isinstance(node, c_ast.TypeDecl):
            if isinstance(node, c_ast.PtrDecl):
                decl = "*" + ("const " if "const" in node.quals else "") + decl
                node = node.type
                continue
            if decl.startswith("*"):
                decl = f"({decl})"
            if isinstance(node, c_ast.ArrayDecl):
                decl += f"[{_expr(node.dim) if node.dim else ''}]"
            elif isinstance(node, c_ast.FuncDecl):
                decl += f"({self.params(node.args)})"
            else:
                raise NotImplementedError(str(node.coord))
            node = node.type
        quals = [q for q in node.quals if q in ("const", "volatile")]
        text = " ".join(quals + [self.base(node.type, field)])
        return f"{text} {decl}" if decl else text

    def params(self, args):
        out = []
        for p in args.params if args else ():
            if isinstance(p, c_ast.EllipsisParam):
                out.append("...")
            elif isinstance(p, c_ast.ID):       # K&R identifier list
                raise NotImplementedError(f"K&R parameters at {p.coord}")
            else:
                out.append(self.declare(p.type, p.name))
        return "" if out == ["void"] else ", ".join(out)


def _ident(name, cname=True):
    """A C identifier as Cython accepts it: 'from' -> 'from_ "from"'."""
    if name in RESERVED:
        return f'{name}_ "{name}"' if cname else name + "_"
    return name


def _kind(node):
    return type(node).__name__.lower()          # struct, union or enum


def _walk(node):
    yield node
    for _, child in node.children():
        yield from _walk(child)


def _has_body(node):
    return isinstance(node, (c_ast.Struct, c_ast.Union)) and \
        node.decls is not None or isinstance(node, c_ast.Enum) and \
        node.values is not None


def _flatten(decls):
    """Struct members, with anonymous struct/union members inlined."""
    for d in decls or ():
        if d.name is None and isinstance(d.type, (c_ast.Struct, c_ast.Union)):
            yield from _flatten(d.type.decls)
        else:
            yield d


def _expr(node):
    """A constant expression (array size, enumerator value) as text."""
    if isinstance(node, c_ast.Constant):
        return node.value
    if isinstance(node, c_ast.ID):
        return node.name
    if isinstance(node, c_ast.UnaryOp) and node.op in ("-", "+", "~"):
        return f"{node.op}{_expr(node.expr)}"
    if isinstance(node, c_ast.BinaryOp):
        return f"({_expr(node.left)} {node.op} {_expr(node.right)})"
    if isinstance(node, c_ast.Cast):
        return f"({' '.join(node.to_type.type.type.names)}){_expr(node.expr)}"
    raise NotImplementedError(f"constant expression at {node.coord}")


# -------------------------------------------------------------- the output

def type_macros(ast, macros):
    """Typed constants {header: [(line, declaration)]} and skipped macro
    names {header: [name]}."""
    env = {}
    for node in _walk(ast):                     # enumerator values
        if isinstance(node, c_ast.Enum) and node.values:
            value = (-1, None)
            for e in node.values.enumerators:
                try:
                    value = evaluate(_expr(e.value), env) if e.value \
                        else (value[0] + 1, None)
                except (MacroError, NotImplementedError):
                    break
                env[e.name] = value
    functions = {}
    for _, _, name, params, body in macros:
        if params is not None:
            try:
                functions[name] = (params, tokenize(body))
            except MacroError:
                pass
    typed, skipped = {h: [] for h in HEADERS}, {h: [] for h in HEADERS}
    for header, line, name, params, body in macros:
        if not body or re.fullmatch(r"extern|static|inline|__attribute__\b.*"
                                    r"|__declspec\b.*", body):
            continue            # include guards, *_defined, attribute macros
        try:
            if params is not None:
                raise MacroError("function-like")
            value = evaluate(body, env, functions)
            ctype = cython_type(value)
        except MacroError:
            skipped[header].append(name)
            continue
        env[name] = value
        typed[header].append((line, ctype + ("" if ctype.endswith("*")
                                             else " ") + _ident(name)))
    return typed, skipped


def _block(header, entries):
    """A 'cdef extern from' block of (line, seq, [lines]) entries; blank
    lines around multi-line declarations."""
    out, prev_multi = [f'cdef extern from "{header}" nogil:'], False
    for _, _, lines in sorted(entries, key=lambda e: e[:2]):
        if (len(lines) > 1 or prev_multi) and len(out) > 1:
            out.append("")
        out += [x for line in lines for x in _fold("    " + line)]
        prev_multi = len(lines) > 1
    return out


def _fold(line, width=88):
    """Fold a declaration longer than width (cython-lint's limit) after the
    commas of its parameter list: aligned with the '(' if that fits, else
    with a hanging indent."""
    m = re.search(r"[\w)]\((?!\*)", line)    # '(' of the parameters
    if len(line) <= width or not m or '"' in line:
        return [_noqa(line, width)]
    head, params, depth, cur = line[:m.end()], [], 0, ""
    for ch in line[m.end():]:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        cur += ch
        if ch == "," and depth == 0:
            params, cur = params + [cur.strip()], ""
    params.append(cur.strip())
    lines = _pack(head, params, " " * len(head), width)
    if max(map(len, lines)) > width:
        indent = " " * (len(line) - len(line.lstrip()) + 8)
        lines = [head] + _pack(indent, params, indent, width)
    return [_noqa(x, width) for x in lines]


def _pack(first, params, indent, width):
    lines, cur, fresh = [], first, True
    for param in params:
        if fresh:
            cur, fresh = cur + param, False
        elif len(cur) + 1 + len(param) > width:
            lines, cur = lines + [cur], indent + param
        else:
            cur += " " + param
    return lines + [cur]


def _noqa(line, width):
    return line if len(line) <= width else line + "  # noqa: E501"


def render_file(out, version, r, typed, skipped):
    """The text of one .pxd file."""
    headers = [h for h in HEADERS if HEADERS[h] == out]
    stamp = (f"# Generated by scripts/gen_slurm_pxd.py from Slurm {version} "
             f"{out[:-4]}.h \u2014 do not edit.")
    if len(headers) > 1:
        stamp += "\n# (with the version macros of slurm/slurm_version.h)"
    imports = [f"from {module} cimport " + ("*" if module == "libc.stdint"
                                            else ", ".join(sorted(names)))
               for module, names in sorted(r.cimports[out].items())]
    imports += [f"from {dep[:-4]} cimport *"
                for dep in sorted(r.deps[out] - {out})]
    chunks = [imports] if imports else []
    minimal = {}
    for name in sorted(n for n in r.minimal if r.minimal[n] == out):
        kind, _, tag = name.rpartition(" ")
        minimal.setdefault(MINIMAL[name], []).extend(
            [f"    {kind or 'ctypedef struct'} {tag}:", "        pass"])
    chunks += [[f'cdef extern from "<{inc}>" nogil:'] + minimal[inc]
               for inc in sorted(minimal)]
    for header in headers:
        entries = r.items[header] + [(ln, 0, [t]) for ln, t in typed[header]]
        if entries:
            chunks.append(_block(header, entries))
    skip = [n for h in headers for n in skipped[h]]
    if skip:
        chunks.append(["# " + x for x in textwrap.wrap(
            "Skipped macros (function-like or not a typed constant): " +
            ", ".join(skip), 77, break_on_hyphens=False)])
    return stamp + "\n\n" + "\n\n\n".join("\n".join(c) for c in chunks) + "\n"


def generate(include_dir=None):
    """Render the .pxd files: {'v22_05/slurm.pxd': text, ...}."""
    include_dir = include_dir or os.environ.get("SLURM_INCLUDE_DIR") or \
        "/usr/include"
    major, version = read_version(include_dir)
    if major not in SUPPORTED:
        raise GenError(f"Slurm {version} (in {include_dir}) is not supported;"
                       f" supported majors: {', '.join(SUPPORTED)}")
    text, macros = preprocess(include_dir)
    ast = c_parser.CParser().parse(text, filename="<slurm>")
    typed, skipped = type_macros(ast, macros)
    r = Renderer(ast).run()
    folder = "v" + major.replace(".", "_")
    return {f"{folder}/{out}": render_file(out, version, r, typed, skipped)
            for out in OUTPUTS}


def check(include_dir=None, out_root=DEFAULT_OUT_ROOT, files=None):
    """[(path relative to out_root, short unified diff)] of stale files."""
    stale = []
    for rel, text in sorted((files or generate(include_dir)).items()):
        try:
            with open(os.path.join(out_root, rel), encoding="utf-8") as f:
                old = f.read()
        except OSError:
            old = ""
        if old != text:
            diff = list(difflib.unified_diff(
                old.splitlines(), text.splitlines(), "a/" + rel, "b/" + rel,
                lineterm="", n=1))
            if len(diff) > 40:
                diff[40:] = [f"... ({len(diff) - 40} more diff lines)"]
            stale.append((rel, "\n".join(diff)))
    return stale


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--include-dir", default=os.environ.get(
        "SLURM_INCLUDE_DIR") or "/usr/include", help="directory containing "
        "slurm/ (default: $SLURM_INCLUDE_DIR or /usr/include)")
    ap.add_argument("--out-root", default=DEFAULT_OUT_ROOT,
                    help="where the vXX_YY/ folders are (pyslurm/slurm)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a file is out of date")
    args = ap.parse_args(argv)
    try:
        files = generate(args.include_dir)
    except GenError as err:
        print(f"gen_slurm_pxd: error: {err}", file=sys.stderr)
        return 2
    if args.check:
        stale = check(out_root=args.out_root, files=files)
        for rel, diff in stale:
            print(f"out of date: {os.path.join(args.out_root, rel)}\n{diff}")
        if stale:
            print("regenerate with: python scripts/gen_slurm_pxd.py "
                  f"--include-dir {args.include_dir}")
        else:
            print("up to date: " + ", ".join(sorted(files)))
        return 1 if stale else 0
    for rel, text in sorted(files.items()):
        path = os.path.join(args.out_root, rel)
        if not check(out_root=args.out_root, files={rel: text}):
            print(f"unchanged: {path}")
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
