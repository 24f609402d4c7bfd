from __future__ import annotations

from typing import Optional, Union

class FlagNames:
    def __call__(self, value: int) -> Union[list[str], str, None]: ...

CPU_FREQ_NAMES: dict[int, str]
JOB_BASE_STATES: dict[int, str]
JOB_STATE_FLAG_NAMES: tuple[tuple[int, str], ...]
JOB_REASONS: dict[int, str]
MAIL_BITS: dict[str, int]
MAIL_ALL: int
PROFILE_BITS: dict[str, int]
ENFORCE_PART_LIMITS: dict[int, str]
RESET_PERIODS: dict[int, str]

def enforce_names(bits: int) -> list[str]: ...
def health_check_state(v: int) -> list[str]: ...
def select_type_parameters(v: int) -> list[str]: ...
def cpu_freq_name(v: int) -> Union[str, int, None]: ...
def cpu_bind_name(v: int) -> Optional[str]: ...
