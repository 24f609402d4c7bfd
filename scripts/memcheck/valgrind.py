#!/usr/bin/env python3
"""Run the memcheck workloads under valgrind and judge the log.

Runs ``scripts/memcheck/rss_growth.py`` (every workload, a few iterations
each) in ``valgrind --tool=memcheck`` with ``PYTHONMALLOC=malloc`` (so that
every Python allocation is visible to valgrind), then reads valgrind's log:

* any invalid read, write or free, or use of uninitialised memory, with
  pyslurm on the stack (a message freed twice, a record used after its
  message was freed) fails;
* any block "definitely lost" that pyslurm allocated, or that a libslurm
  call handed to pyslurm (a message, a string) fails, unless that libslurm
  call is known to leak by itself (KNOWN_LIBSLURM_LEAKS); losses the
  interpreter allocated (no pyslurm frame, or the interpreter's allocator
  between pyslurm and malloc: objects Python keeps at exit, as Debian's
  Python 3.13 does) are counted and do not fail.

It needs a running cluster (``SLURM_CONF``) and valgrind
(``apt-get install valgrind``).  A run takes a few minutes: valgrind slows
Python down about 50 times.

Usage: scripts/memcheck/valgrind.py [-n ITERATIONS] [--only jobs,nodes] [--log PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ERROR_KINDS = ("Invalid read", "Invalid write", "Invalid free", "Mismatched free",
               "Conditional jump or move depends on uninitialised",
               "Use of uninitialised value", "Syscall param",
               "Source and destination overlap")
# libslurm's own leaks, seen whatever the caller does: the API function
# pyslurm called -> why it is not pyslurm's to free.
KNOWN_LIBSLURM_LEAKS = {
    "slurm_submit_batch_job": "libslurm 22.05 does not free the return-code "
                              "message of a rejected submission (20 bytes)",
}
PYX_FRAME = re.compile(r"__pyx_|pyslurm/")
# Uninitialised values the interpreter itself made, whoever made it run:
# CPython 3.11's int() of a string reads digits of the fresh int that
# _PyLong_New allocated before it sets them (maybe_small_long); reported
# for a plain ``int("2")`` without pyslurm too (pyslurm reaches it through
# GRES counts). Told apart by valgrind's origin of the value.
INTERPRETER_ORIGINS = re.compile(r"(?:at|by) 0x[0-9A-F]+: _PyLong_New \(longobject\.c")


def _function(frame):
    m = re.search(r"(?:at|by) 0x[0-9A-F]+: (\S+)", frame)
    return m.group(1) if m else "?"


def records(log):
    """valgrind's log as blocks: (first line, lines)."""
    block, out = [], []
    for line in log.splitlines():
        text = re.sub(r"^==\d+==\s?", "", line)
        if not text.strip():
            if block:
                out.append(block)
            block = []
        else:
            block.append(text)
    if block:
        out.append(block)
    return out


def judge(log):
    """(errors, leaks pyslurm must fix, known libslurm leaks, others)."""
    errors, ours, known, theirs = [], [], [], []
    for block in records(log):
        head, stack = block[0], "\n".join(block)
        if any(head.startswith(k) for k in ERROR_KINDS):
            # the interpreter's own (its GC reads memory valgrind cannot
            # follow) are not ours: only stacks through pyslurm count, and
            # not values the interpreter made (the origin ends the record)
            made = next((i for i, line in enumerate(block)
                         if line.lstrip().startswith("Uninitialised value was created")), None)
            if head.startswith(("Conditional", "Use of uninit")) and (
                    not PYX_FRAME.search(stack)
                    or (made is not None
                        and INTERPRETER_ORIGINS.search("\n".join(block[made + 1:made + 3])))):
                continue
            errors.append(stack)
        elif "definitely lost in loss record" in head:
            frames = block[1:]
            first = next((i for i, f in enumerate(frames) if PYX_FRAME.search(f)), None)
            caller = frames[first - 1] if first else ""
            if first is None or (first > 1 and "libslurm" not in caller):
                # no pyslurm frame, or an object the interpreter allocated
                # (and keeps at exit: interned names, module state)
                theirs.append(stack)
            elif first <= 1 or _function(caller) not in KNOWN_LIBSLURM_LEAKS:
                # allocated by pyslurm itself, or something a libslurm call
                # handed over (a message) that pyslurm never freed
                ours.append(stack)
            else:
                known.append((KNOWN_LIBSLURM_LEAKS[_function(caller)], head))
    return errors, ours, known, theirs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=40, help="iterations per workload")
    ap.add_argument("--only", default=None)
    ap.add_argument("--log", default="/tmp/pyslurm-valgrind.log")
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args(argv)
    if not shutil.which("valgrind"):
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    cmd = ["valgrind", "--tool=memcheck", "--leak-check=full", "--track-origins=yes",
           "--show-leak-kinds=definite", "--num-callers=40", f"--log-file={args.log}",
           args.python, str(HERE / "rss_growth.py"), "-n", str(args.n),
           "--warmup", "1", "--limit", str(1 << 30)]
    if args.only:
        cmd += ["--only", args.only]
    env = {**os.environ, "PYTHONMALLOC": "malloc"}
    print(" ".join(cmd), flush=True)
    rc = subprocess.run(cmd, env=env).returncode
    log = Path(args.log).read_text(errors="replace")
    errors, ours, known, theirs = judge(log)
    for line in log.splitlines():
        if re.search(r"definitely lost:|indirectly lost:|ERROR SUMMARY:", line):
            print("valgrind:", re.sub(r"^==\d+==\s*", "", line))
    print(f"memory errors through pyslurm: {len(errors)}; definite leaks pyslurm must fix: "
          f"{len(ours)}; known libslurm leaks: {len(known)}; leaks elsewhere (the "
          f"interpreter, libraries at startup): {len(theirs)}  (log: {args.log})")
    for stack in errors + ours:
        print("\n" + stack)
    for why, head in known:
        print(f"known: {head} ({why})")
    if theirs:
        print("\nelsewhere (not failing):")
        for stack in theirs:
            print("  " + stack.splitlines()[0] + " | " + " <- ".join(
                re.sub(r"^\s*(at|by) 0x[0-9A-F]+: ", "", f) for f in stack.splitlines()[1:4]))
    return 1 if rc != 0 or errors or ours else 0


if __name__ == "__main__":
    sys.exit(main())
