"""Path globs as configuration files use them (``exclude``, ``per-file-ignores``).

``*`` and ``?`` stay inside one folder, ``**`` crosses folders, a trailing
``/`` or a bare folder name matches everything below it, and a pattern with
no ``/`` also matches the file's name alone (``legacy.json`` anywhere), as in
ruff and ``.gitignore``. Paths are compared with forward slashes.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.removeprefix("./").rstrip("/") or "**"
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append(f"[^{body[1:]}]" if body.startswith("!") else f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + "(?:/.*)?")


def matches(pattern: str, path: str) -> bool:
    """True when ``path`` (relative, forward slashes) matches ``pattern``."""
    path = path.removeprefix("./")
    if _compile(pattern).fullmatch(path):
        return True
    return "/" not in pattern.rstrip("/") and bool(
        _compile(pattern).fullmatch(path.rsplit("/", 1)[-1])
    )


def matches_any(patterns: list[str], path: str) -> bool:
    return any(matches(p, path) for p in patterns)
