"""The output format names, without importing the reporters.

The CLI builds its ``--format`` choices from these at import time; importing
:mod:`gwlint.report` there would pay for every reporter (and the rule model
behind SARIF) on ``--version``, ``rules`` and ``explain``. A test keeps this
tuple equal to the reporter registry.
"""

from __future__ import annotations

FORMAT_NAMES: tuple[str, ...] = ("text", "json", "sarif", "github", "junit")
