from __future__ import annotations

from typing import Any, Optional, Union

from pyslurm.db.tres import TrackableResources
from pyslurm.display import TableDisplay
from pyslurm.records import Record
from pyslurm.stats import JobStepStatistics

_StepId = Union[int, str]
_Freq = Union[int, str, None]

class JobStep(Record):
    is_loaded: bool
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    cluster: Optional[str]
    id: Optional[_StepId]
    job_id: Optional[int]
    eligible_time: Optional[int]
    state: Optional[str]
    cancelled_by: Optional[str]
    exit_code: Optional[int]
    exit_code_signal: Optional[int]
    cpus: Optional[int]
    memory: Optional[int]
    tres: Optional[TrackableResources]
    gres: dict[str, Optional[int]]
    gpus: Optional[int]
    stats: JobStepStatistics
    container: Optional[str]
    nodelist: Optional[str]
    name: Optional[str]
    submit_command: Optional[str]
    working_directory: Optional[str]
    standard_input: Optional[str]
    standard_output: Optional[str]
    standard_error: Optional[str]
    ntasks: Optional[int]
    num_nodes: int
    start_time: Optional[int]
    end_time: Optional[int]
    elapsed_time: int
    suspended_time: int
    time_limit: Union[int, float, None]
    cpu_frequency_min: _Freq
    cpu_frequency_max: _Freq
    cpu_frequency_governor: _Freq

class JobSteps(dict[_StepId, JobStep], TableDisplay):
    def to_dict(self, recursive: bool = ...) -> dict[_StepId, dict[str, Any]]: ...
