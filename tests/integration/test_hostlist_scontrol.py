"""pyslurm.hostlist agrees with ``scontrol show hostnames`` and
``scontrol show hostlist`` (which need a slurm.conf, hence here)."""

import os
import random
import subprocess

import pytest

from pyslurm import hostlist

CASES = 250


def scontrol(*args):
    out = subprocess.run(["scontrol", *args], capture_output=True, text=True,
                         check=True, env={**os.environ})
    return out.stdout


def random_names(rng):
    names = []
    for _ in range(rng.randint(1, 40)):
        prefix = rng.choice(["c", "node", "gpu", "r1n", "x-"])
        width = rng.choice([0, 0, 2, 3, 5])
        num = rng.randint(0, 1200 if width != 2 else 99)
        names.append(f"{prefix}{num:0{width}d}" if width else f"{prefix}{num}")
    if rng.random() < 0.3:
        names.sort()
    return names


def random_expr(rng):
    parts = []
    for _ in range(rng.randint(1, 5)):
        prefix = rng.choice(["c", "node", "gpu", "rack1-"])
        if rng.random() < 0.2:
            parts.append(f"{prefix}{rng.randint(0, 99)}")
            continue
        width = rng.choice([0, 2, 3])
        ranges = []
        for _ in range(rng.randint(1, 4)):
            lo = rng.randint(0, 90 if width == 2 else 500)
            hi = lo + rng.randint(0, 8)
            if width == 2:
                hi = min(hi, 99)
            fmt = (lambda v, w=width: f"{v:0{w}d}") if width else str
            ranges.append(fmt(lo) if lo == hi else f"{fmt(lo)}-{fmt(hi)}")
        parts.append(f"{prefix}[{','.join(ranges)}]")
    return ",".join(parts)


@pytest.mark.parametrize("seed", range(CASES))
def test_expand_and_collapse_agree_with_scontrol(seed):
    rng = random.Random(seed)
    expr = random_expr(rng)
    assert hostlist.expand(expr) == scontrol("show", "hostnames", expr).split(), expr
    names = random_names(rng)
    joined = ",".join(names)
    assert hostlist.collapse(names) == scontrol("show", "hostlist", joined).strip(), joined
    assert hostlist.count(expr) == len(scontrol("show", "hostnames", expr).split())
