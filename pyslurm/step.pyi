from __future__ import annotations

from typing import Any, Iterable, Optional, Union

from pyslurm.job_record import JobRecord
from pyslurm.display import TableDisplay
from pyslurm.records import Record
from pyslurm.stats import JobStepStatistics

_Num = Union[int, float]
_JobRef = Union[int, str, JobRecord]
_StepId = Union[int, str]

class JobStep(Record):
    is_loaded: bool
    def __init__(self, job: Optional[_JobRef] = ..., step: _StepId = ...,
                 *, time_limit: Union[int, str, float, None] = ...) -> None: ...
    @staticmethod
    def load(job: _JobRef, step: _StepId, cluster: Optional[str] = ...) -> JobStep: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    def cancel(self) -> None: ...
    def send_signal(self, signal: Union[int, str]) -> None: ...
    def modify(self, changes: Union[JobStep, dict[str, Any], int, str, float, None] = ...,
               time_limit: Union[int, str, float, None] = ...) -> None: ...
    def load_stats(self) -> JobStepStatistics: ...
    def array_id(self) -> Optional[int]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    cluster: Optional[str]
    id: _StepId
    job_id: int
    key: _StepId
    heterogeneous_component: Optional[int]
    name: Optional[str]
    user_id: Optional[_Num]
    user_name: Optional[str]
    state: Optional[str]
    partition: Optional[str]
    allocated_nodes: Optional[str]
    nodes: Optional[str]
    node_names: Optional[list[str]]
    num_nodes: Optional[int]
    ntasks: Optional[_Num]
    cpus: Optional[_Num]
    allocated_tres: Optional[str]
    memory: Optional[int]
    cpus_per_tres: Optional[str]
    memory_per_tres: Optional[str]
    tres_per_step: Optional[str]
    tres_per_node: Optional[str]
    tres_per_socket: Optional[str]
    tres_per_task: Optional[str]
    tres: Optional[dict[str, Union[int, str]]]
    gres: Optional[dict[str, Any]]
    gpus: Optional[dict[str, Any]]
    distribution: Optional[str]
    cpu_frequency_min: Optional[Union[str, int]]
    cpu_frequency_max: Optional[Union[str, int]]
    cpu_frequency_governor: Optional[Union[str, int]]
    slurm_protocol_version: Optional[_Num]
    start_time: Optional[int]
    run_time: Optional[int]
    time_limit: Optional[_Num]
    elapsed_cpu_time: Optional[int]
    run_time_remaining: Optional[_Num]
    submit_line: Optional[str]
    command: Optional[str]
    srun_host: Optional[str]
    srun_process_id: Optional[int]
    array_job_id: Optional[int]
    array_task_id: Optional[int]
    network: Optional[str]
    reserved_ports: Optional[str]
    container: Optional[str]
    container_id: Optional[str]
    working_directory: Optional[str]
    standard_input: Optional[str]
    standard_output: Optional[str]
    standard_error: Optional[str]
    stats: Optional[JobStepStatistics]
    pids: Optional[dict[str, list[int]]]

class JobSteps(dict[_StepId, JobStep], TableDisplay):
    job_id: Optional[int]
    def __init__(self, steps: Union[dict[_StepId, JobStep], Iterable[JobStep], None] = ...,
                 job_id: Optional[int] = ...) -> None: ...
    @classmethod
    def load(cls, job: _JobRef, cluster: Optional[str] = ...) -> JobSteps: ...
    @staticmethod
    def load_all(cluster: Optional[str] = ...) -> dict[int, JobSteps]: ...
    def to_dict(self, recursive: bool = ...) -> dict[_StepId, dict[str, Any]]: ...
