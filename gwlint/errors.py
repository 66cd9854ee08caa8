"""The one error type the CLI turns into ``gwlint: error: …`` and exit code 2.

Configuration, baseline and output problems are the user's to fix, not bugs:
each is raised as a :class:`UsageError` whose text is the single located line
to print, so the CLI handles them in one place and never shows a traceback.
"""

from __future__ import annotations


class UsageError(Exception):
    """gwlint cannot do what it was asked; ``str()`` is the line to print."""
