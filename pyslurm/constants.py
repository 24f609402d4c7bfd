"""Values shared by every pyslurm class.

``UNLIMITED`` is what an unlimited Slurm value (``INFINITE``, e.g. a time
limit of ``UNLIMITED``) reads as everywhere in pyslurm.  It is ``math.inf``,
so it compares greater than every number and ``limit == pyslurm.UNLIMITED``
is the test for it.  An unset value (``NO_VAL``) reads as ``None``.
"""

import math

UNLIMITED = math.inf

__all__ = ["UNLIMITED"]
