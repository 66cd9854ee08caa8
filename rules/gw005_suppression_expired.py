"""A suppression in the configuration is past its expiry date.

## Why
A ``[[tool.gwlint.suppress]]`` entry accepts a known finding for a reason,
and ``expires`` says until when the reason holds. After that date the entry
stops applying, so the finding counts again; this rule says why it is back
and where the stale entry is written.

Reported once every rule has run, by the suppression stage (it compares each
entry's ``expires`` with today's date); the check below sees no deployment
data of its own.

## Symptom
A finding that was suppressed yesterday fails the gate today, and this
warning points at the ``[[tool.gwlint.suppress]]`` entry in ``.gwlint.toml``
or ``pyproject.toml``.

## Fix
Fix the finding and delete the entry, or, if the reason still holds, set a
new ``expires`` date:

```toml
[[tool.gwlint.suppress]]
rule = "GW105"
path = "deploy/dev/*.json"
reason = "DEBUG exception level in the dev account until the tracing work lands"
expires = 2026-09-30
```
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW005",
    name="suppression-expired",
    severity=Severity.WARNING,
    summary="No suppression in the configuration is past its expires date",
    fix="Fix the finding and remove the suppression, or set a later expires date.",
)
def check(ctx: Context) -> Iterator[Finding]:
    """Per-deployment part: none; gwlint.suppress reports this rule after the run."""
    yield from ()
