"""``--wait`` with its SECONDS optional, which click options cannot express.

``gwlint check --live --wait cfg.json`` must wait the default time and keep
``cfg.json`` a path; the command line is rewritten before parsing so that a
bare ``--wait`` (not followed by a number) carries the default explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Seconds a bare ``--wait`` waits (kept equal to gwlint.aws.wait.DEFAULT_WAIT; tested).
DEFAULT_WAIT_SECONDS = "300"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def expand_wait(args: Sequence[str]) -> list[str]:
    """``args`` with every bare ``--wait`` given the default seconds (after ``--``: untouched)."""
    out: list[str] = []
    rest = list(args)
    for index, arg in enumerate(rest):
        if arg == "--":
            out.extend(rest[index:])
            break
        out.append(arg)
        if arg == "--wait":
            following = rest[index + 1] if index + 1 < len(rest) else None
            if following is None or not _is_number(following):
                out.append(DEFAULT_WAIT_SECONDS)
    return out


__all__ = ["DEFAULT_WAIT_SECONDS", "expand_wait"]
