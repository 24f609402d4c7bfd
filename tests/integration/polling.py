"""Waiting in the integration tests for something the cluster does later."""

import time


def wait_for(probe, what, timeout=60.0, step=0.5):
    """Call ``probe`` every ``step`` seconds until it returns something true
    and return that; an AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()
        if got:
            return got
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")
