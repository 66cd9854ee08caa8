"""Where a key sits in a TOML file, for located configuration errors.

``tomllib`` returns plain data without positions. Configuration errors must
still name ``file:line:column``, so this scans the text for table headers and
``key =`` lines and records the line and column of each key path (array-of-
tables entries get their index). Keys inside inline tables and multi-line
values are not recorded; :meth:`TomlPositions.find` then falls back to the
nearest recorded ancestor, which is always the right line or the table above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_KEY_PART = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*""")
_ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t"}


def _unquote(part: str) -> str:
    if part.startswith('"'):
        body = part[1:-1]
        for escaped, plain in _ESCAPES.items():
            body = body.replace(escaped, plain)
        return body
    if part.startswith("'"):
        return part[1:-1]
    return part


def _dotted(text: str, start: int) -> tuple[list[str], int] | None:
    """Parse a dotted key at ``start``; (parts, index after it) or None."""
    parts: list[str] = []
    pos = start
    while True:
        match = _KEY_PART.match(text, pos)
        if match is None:
            return None
        parts.append(_unquote(match.group(1)))
        pos = match.end()
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


@dataclass
class TomlPositions:
    """Key path -> (line, column), both 1-based."""

    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def find(self, path: Path) -> tuple[int, int] | None:
        """Position of ``path`` or of its nearest recorded ancestor."""
        for end in range(len(path), 0, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def scan(text: str) -> TomlPositions:
    """Record the position of every table header and ``key =`` line."""
    result = TomlPositions()
    table: Path = ()
    counts: dict[Path, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith("[["):
            parsed = _dotted(stripped, 2)
            if parsed is None or not stripped[parsed[1] :].startswith("]]"):
                continue
            base: Path = tuple(parsed[0])
            index = counts.get(base, 0)
            counts[base] = index + 1
            table = (*base, index)
            result.positions.setdefault(base, (number, indent + 1))
            result.positions[table] = (number, indent + 1)
        elif stripped.startswith("["):
            parsed = _dotted(stripped, 1)
            if parsed is None or not stripped[parsed[1] :].startswith("]"):
                continue
            table = tuple(parsed[0])
            result.positions.setdefault(table, (number, indent + 1))
        elif stripped and stripped[0] not in "#]}":
            parsed = _dotted(stripped, 0)
            if parsed is None or not stripped[parsed[1] :].startswith("="):
                continue
            key = (*table, *parsed[0])
            result.positions.setdefault(key, (number, indent + 1))
    return result
