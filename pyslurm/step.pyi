from typing import Any, Iterable, Optional, Union

from pyslurm.stats import JobStepStatistics

_Num = Union[int, float]
_StepId = Union[int, str]

class JobStep:
    def __init__(self, job: Any, step: _StepId) -> None: ...
    @staticmethod
    def load(job: Any, step: _StepId) -> JobStep: ...
    def to_dict(self) -> dict[str, Any]: ...
    def cancel(self) -> None: ...
    def send_signal(self, signal: Union[int, str]) -> None: ...
    def modify(self, time_limit: Union[int, str, None] = ...) -> None: ...
    def load_stats(self) -> JobStepStatistics: ...
    stats: Optional[JobStepStatistics]
    pids: Optional[dict[str, list[int]]]
    is_loaded: bool
    id: _StepId
    job_id: int
    key: _StepId
    heterogeneous_component: Optional[int]
    name: Optional[str]
    cluster: Optional[str]
    user_id: Optional[int]
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
    start_time: Optional[int]
    run_time: Optional[int]
    time_limit: Optional[_Num]
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

class JobSteps(dict[_StepId, JobStep]):
    job_id: Optional[int]
    def __init__(self, steps: Union[dict[_StepId, JobStep], Iterable[JobStep], None] = ...,
                 job_id: Optional[int] = ...) -> None: ...
    @classmethod
    def load(cls, job: Any) -> JobSteps: ...
    @staticmethod
    def load_all() -> dict[int, JobSteps]: ...
    def to_dict(self) -> dict[_StepId, dict[str, Any]]: ...
