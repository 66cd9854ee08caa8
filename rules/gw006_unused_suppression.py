"""A suppression matched no finding.

## Why
A suppression that no longer matches anything hides nothing today but would
silently hide a future finding of the same rule at the same place. Like
ruff's unused-noqa, gwlint reports it so stale entries get removed. An entry
is judged only when its rule ran and its ``path`` matches a file this run
checked, so a pre-commit run on a few files does not report the entries of
the others.

Reported once every rule has run, by the suppression stage, for
``[[tool.gwlint.suppress]]`` entries and inline ``gwlint: ignore[…]``
comments; the check below sees no deployment data of its own.

## Symptom
A warning at the suppression entry (or comment): ``suppression of GW301
(path 'deploy/*.json') matched no finding in this run``.

## Fix
Delete the entry, or correct its ``rule``, ``path``, ``pointer`` or
``resource`` so it names the finding you mean (``gwlint check --format json``
prints each finding's pointer and resource).
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW006",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="Every suppression matches a finding",
    fix="Remove the suppression, or correct its rule, path, pointer or resource.",
)
def check(ctx: Context) -> Iterator[Finding]:
    """Per-deployment part: none; gwlint.suppress reports this rule after the run."""
    yield from ()
