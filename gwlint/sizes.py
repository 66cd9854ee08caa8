"""Sizes as users write them on the command line: ``50MB``, ``512k``, ``1048576``."""

from __future__ import annotations

import re

_UNITS = {
    "": 1,
    "B": 1,
    "K": 1024,
    "KB": 1024,
    "M": 1024**2,
    "MB": 1024**2,
    "G": 1024**3,
    "GB": 1024**3,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$")


def parse_size(text: str) -> int:
    """Bytes in ``text``; raises ValueError saying what is accepted."""
    match = _SIZE.match(text)
    unit = match.group(2).upper() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError("expected a size such as 50MB, 512KB or 1048576 (bytes)")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size < 1:
        raise ValueError("the size must be at least 1 byte")
    return size
