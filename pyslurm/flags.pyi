from __future__ import annotations

from typing import Union

class FlagNames:
    def __call__(self, value: int) -> Union[list[str], str, None]: ...

CPU_FREQ_NAMES: dict[int, str]
