#!/usr/bin/env python3
"""Screenshots of pyslurm.notebook's static page in headless Chromium.

``scripts/screenshots.py [--conf SLURM_CONF] [--out docs/images]``
regenerates ``docs/images/notebook-*.png`` (used by docs/guides/notebooks.md)
from the cluster ``SLURM_CONF`` names (the local test cluster): it submits a
few jobs (running, pending, held), drains one idle node, writes the
dashboard's pages with :meth:`ClusterDashboard.to_html`-style views and
screenshots them with Debian's ``chromium --headless``, then cancels the
jobs and resumes the node.

The helpers are shared with the test of the static page
(tests/integration/test_notebook_page.py): :func:`find_chromium`,
:func:`screenshot` and :func:`read_png` / :func:`colour_count` (a small PNG
decoder on zlib, so that the check needs nothing else).
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]

#: The names Chromium's binary has (Debian: chromium).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> Optional[str]:
    """The path of a Chromium binary, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(html_path: str, png_path: str, width: int = 1200, height: int = 900,
               chromium: Optional[str] = None, timeout: float = 120) -> str:
    """Open ``html_path`` in headless Chromium and save a ``width`` x
    ``height`` screenshot as ``png_path``.

    Chromium runs as root in the roots and in CI: ``--no-sandbox``; no GPU,
    no /dev/shm, a private profile and HOME (a fresh temporary folder).

    Raises:
        FileNotFoundError: no Chromium is installed.
        RuntimeError: Chromium wrote no screenshot (its output is in the message).
    """
    exe = chromium or find_chromium()
    if exe is None:
        raise FileNotFoundError(f"no Chromium found (looked for {', '.join(CHROMIUM_NAMES)})")
    png_path = os.path.abspath(png_path)
    if os.path.exists(png_path):
        os.unlink(png_path)
    with tempfile.TemporaryDirectory(prefix="pyslurm-chromium-") as home:
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--hide-scrollbars", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={home}/profile", f"--window-size={width},{height}",
               f"--screenshot={png_path}", "file://" + os.path.abspath(html_path)]
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if not os.path.exists(png_path) or os.path.getsize(png_path) == 0:
        raise RuntimeError(f"chromium wrote no screenshot (exit {res.returncode}): "
                           f"{(res.stderr or res.stdout)[-2000:]}")
    return png_path


def read_png(path: str) -> tuple[int, int, list[bytes]]:
    """A PNG of 8-bit RGB or RGBA (what Chromium writes) as
    ``(width, height, rows)``; each row is ``width * 3`` bytes of RGB.

    Raises:
        ValueError: not a PNG of that kind.
    """
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"invalid value for path: {path!r} (not a PNG)")
    pos, idat, width = 8, [], 0
    height = depth = ctype = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"invalid value for path: {path!r} (PNG of depth {depth}, "
                                 f"colour type {ctype}, interlace {interlace}: only 8-bit "
                                 f"RGB/RGBA, not interlaced)")
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if ftype == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 0xFF
        elif ftype == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 0xFF
        elif ftype == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 0xFF
        elif ftype == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        prev = line
        if bpp == 4:
            rgb = bytearray(width * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[0::4], line[1::4], line[2::4]
            rows.append(bytes(rgb))
        else:
            rows.append(bytes(line))
    return width, height, rows


def colour_count(rows: list[bytes], colour: str, tolerance: int = 6) -> int:
    """How many pixels have ``colour`` (``"#rrggbb"``), each channel within
    ``tolerance``."""
    want = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    n = 0
    for row in rows:
        for x in range(0, len(row), 3):
            if (abs(row[x] - want[0]) <= tolerance and abs(row[x + 1] - want[1]) <= tolerance
                    and abs(row[x + 2] - want[2]) <= tolerance):
                n += 1
    return n


def non_white_share(rows: list[bytes]) -> float:
    """The share of pixels that are not (nearly) white."""
    total = sum(len(r) // 3 for r in rows)
    white = colour_count(rows, "#ffffff", tolerance=10)
    return 1.0 - white / total if total else 0.0


# ---- the documentation's screenshots ----

#: Each screenshot: file name → (sections of the page, window width, height).
SHOTS = {
    "notebook-page.png": (None, 1200, 1600),
    "notebook-node-map.png": (["Nodes", "Partitions"], 900, 420),
    "notebook-queue.png": (["Queue"], 1200, 420),
    "notebook-timeline.png": (["Timeline"], 1000, 520),
}


def _demo_jobs() -> list[int]:
    import pyslurm
    describe = pyslurm.JobSubmitDescription
    ids = []
    for i in range(3):
        ids.append(describe(script="#!/bin/sh\nsleep 600\n", name=f"simulation-{i}",
                            cpus_per_task=2 + i % 2, time_limit=20,
                            standard_output="/dev/null").submit())
    ids.append(describe(script="#!/bin/sh\nsleep 600\n", name="big-run", ntasks=1,
                        cpus_per_task=4, nodes=2, time_limit=30,
                        standard_output="/dev/null").submit())
    ids.append(describe(script="#!/bin/sh\nsleep 60\n", name="post-process", priority=0,
                        time_limit=10, standard_output="/dev/null").submit())
    ids.append(describe(script="#!/bin/sh\nexit 2\n", name="broken-input",
                        standard_output="/dev/null").submit())
    return ids


def regenerate(out_dir: Path) -> list[Path]:
    """Make the documentation's screenshots on the cluster SLURM_CONF names."""
    import pyslurm
    from pyslurm.notebook import ClusterData, views

    exe = find_chromium()
    if exe is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = _demo_jobs()
    nodes = pyslurm.Nodes.load()
    idle = sorted((n.name for n in nodes.values()
                   if n.base_state == "IDLE" and not n.state_flags), key=lambda n: (len(n), n))
    drained = idle[-1] if idle else None
    written = []
    try:
        if drained:
            pyslurm.Node(drained).modify(state="DRAIN", reason="disk replacement")
        # the jobs start; wait for the backfill pass to plan the pending
        # ones (bf_interval, 30 s by default) so that the timeline has them
        deadline = time.monotonic() + 75
        while time.monotonic() < deadline:
            pending = [r for r in pyslurm.Jobs.load_fields(["id", "state", "start_time"])
                       if r["id"] in ids and r["state"] == "PENDING"]
            if any(r["start_time"] for r in pending):
                break
            time.sleep(2)
        snap = ClusterData(history=1800).refresh(force=True)
        with tempfile.TemporaryDirectory(prefix="pyslurm-shots-") as tmp:
            for name, (sections, width, height) in SHOTS.items():
                page = Path(tmp) / (name + ".html")
                page.write_text(views.page(snap, sections=sections), encoding="utf-8")
                target = out_dir / name
                screenshot(str(page), str(target), width, height, chromium=exe)
                written.append(target)
    finally:
        for job_id in ids:
            try:
                pyslurm.Job(job_id).cancel()
            except pyslurm.RPCError:
                pass
        if drained:
            pyslurm.Node(drained).modify(state="RESUME")
            deadline = time.monotonic() + 60    # answering again, as the tests expect
            while time.monotonic() < deadline and {"DRAIN", "NOT_RESPONDING"} & set(
                    pyslurm.Node.load(drained).state_flags):
                time.sleep(0.5)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", help="the cluster's slurm.conf (default: $SLURM_CONF)")
    parser.add_argument("--out", default=str(REPO / "docs" / "images"),
                        help="where the PNGs go (default: docs/images)")
    args = parser.parse_args()
    if args.conf:
        os.environ["SLURM_CONF"] = args.conf
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    for path in regenerate(Path(args.out)):
        width, height, rows = read_png(str(path))
        print(f"{path}: {width}x{height}, {non_white_share(rows):.0%} not white")
    return 0


if __name__ == "__main__":
    sys.exit(main())
