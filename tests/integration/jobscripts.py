"""Batch scripts the accounting tests run (imported by the test modules)."""


def busy(seconds):
    """A job whose one step touches 40 MiB and keeps a CPU busy for
    ``seconds``: long enough to be sampled (MaxRSS, TotalCPU)."""
    return f"""#!/bin/sh
srun python3 -c '
import time
x = bytearray(40 * 1024 * 1024)
for i in range(0, len(x), 4096):
    x[i] = 1
t = time.time()
while time.time() - t < {seconds}:
    pass
'
"""
