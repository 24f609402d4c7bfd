from __future__ import annotations

from typing import Any, Optional

from pyslurm.records import MessageOwner

class JobList(MessageOwner):
    tres: Any
    qos: Optional[dict[int, str]]
