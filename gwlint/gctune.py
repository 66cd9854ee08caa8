"""The cyclic garbage collector, tamed for a short offline CLI run.

An offline check makes little cyclic garbage (measured: about 4 KiB per input
file) but the collector's full passes walk every live object, so with many
files they made the run grow faster than linearly in the file count. Freezing
the import-time objects and disabling the collector for the run saved 18% at
5,000 files for 8% more peak memory. Runs that talk to AWS or probe endpoints
(``--live``, ``--probe``) are long-lived and allocate through boto3 and
sockets; they keep the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

_KEEP_COLLECTOR = ("--live", "--probe")


def tune_for_run(argv: Sequence[str]) -> bool:
    """Disable the collector unless ``argv`` asks for a networked run; True if disabled."""
    if any(arg == flag or arg.startswith(flag + "=") for arg in argv for flag in _KEEP_COLLECTOR):
        return False
    gc.freeze()  # everything imported so far lives for the whole run
    gc.disable()
    return True
