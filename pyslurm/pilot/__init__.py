"""Pilot jobs: thousands of tasks inside one allocation, with
QCG-PilotJob's API and batch-file format.

Moving from QCG-PilotJob is one import change::

    from pyslurm.pilot import LocalManager, Jobs   # was: qcg.pilotjob.api.*

See the "Pilot jobs" guide for what differs and why.
"""

from .errors import (
    ConnectionError,
    FileError,
    InternalError,
    InvalidJobDescriptionError,
    JobNotDefinedError,
    QCGPJMAError,
    RequestFailedError,
    ServiceError,
    TimeoutElapsed,
    WrongArgumentsError,
)
from .job import Jobs
from .jobinfo import JobInfo
from .manager import FINAL_STATES, STATES, LocalManager

__all__ = [
    "LocalManager", "Jobs", "JobInfo", "STATES", "FINAL_STATES",
    "QCGPJMAError", "InternalError", "InvalidJobDescriptionError", "JobNotDefinedError",
    "ConnectionError", "WrongArgumentsError", "FileError", "ServiceError", "TimeoutElapsed",
    "RequestFailedError",
]
