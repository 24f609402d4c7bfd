from __future__ import annotations

from typing import Any, ClassVar, Iterable, Optional

from pyslurm.errors import PyslurmError

AVAILABLE: bool

def unavailable() -> PyslurmError: ...
def make_slurmfull_global() -> Optional[str]: ...

class JobStepStatistics:
    consumed_energy: Optional[int]
    elapsed_cpu_time: Optional[int]
    avg_cpu_time: Optional[float]
    avg_cpu_frequency: Optional[float]
    avg_disk_read: Optional[int]
    avg_disk_write: Optional[int]
    avg_page_faults: Optional[int]
    avg_resident_memory: Optional[int]
    avg_virtual_memory: Optional[int]
    max_disk_read: Optional[int]
    max_disk_read_node: Optional[str]
    max_disk_read_task: Optional[int]
    max_disk_write: Optional[int]
    max_disk_write_node: Optional[str]
    max_disk_write_task: Optional[int]
    max_page_faults: Optional[int]
    max_page_faults_node: Optional[str]
    max_page_faults_task: Optional[int]
    max_resident_memory: Optional[int]
    max_resident_memory_node: Optional[str]
    max_resident_memory_task: Optional[int]
    max_virtual_memory: Optional[int]
    max_virtual_memory_node: Optional[str]
    max_virtual_memory_task: Optional[int]
    min_cpu_time: Optional[float]
    min_cpu_time_node: Optional[str]
    min_cpu_time_task: Optional[int]
    total_cpu_time: Optional[float]
    user_cpu_time: Optional[float]
    system_cpu_time: Optional[float]
    def __init__(self, **values: Any) -> None: ...
    def to_dict(self, recursive: bool = ...) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class JobStatistics(JobStepStatistics):
    steps: dict[Any, JobStepStatistics]
    @classmethod
    def sum(cls, parts: Iterable[Optional[JobStepStatistics]],
            steps: Optional[dict[Any, JobStepStatistics]] = ...) -> JobStatistics: ...
