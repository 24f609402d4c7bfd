"""``ExecutorTestParams`` for psij-python's executor tests (run by
``tests/integration/test_psij_peer_suite.py``): psij-python's sdist ships
its tests but not these helpers, so pyslurm provides its own."""

from typing import Optional


class ExecutorTestParams:
    """One ``--executors`` entry: ``executor[:launcher[:url]]``."""

    def __init__(self, spec: str, queue_name: Optional[str] = None,
                 account: Optional[str] = None) -> None:
        parts = spec.split(":", 2)
        self.executor = parts[0]
        self.launcher: Optional[str] = parts[1] if len(parts) > 1 and parts[1] else None
        self.url: Optional[str] = parts[2] if len(parts) > 2 else None
        self.queue_name = queue_name
        self.multi_node_queue_name = queue_name
        self.account = account
        self.custom_attributes: dict = {}

    def __repr__(self) -> str:
        out = self.executor
        if self.launcher is not None or self.url is not None:
            out += ":" + (self.launcher or "")
        if self.url is not None:
            out += ":" + self.url
        return out
