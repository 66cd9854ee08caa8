"""Files generated from the code (the rule index, the ``check`` option table).

Each generator's ``python -m`` command writes its file; with ``--check`` it
only compares, and exits 1 when the file is stale (CI and a test run that).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def write_or_check(path: Path, text: str, argv: Sequence[str], command: str) -> int:
    """Write ``text`` to ``path``; with ``--check`` in ``argv``, 1 when ``path`` differs."""
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is stale: run {command}", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0
