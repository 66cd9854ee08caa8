"""Request-constraint rules judging what is already deployed: at most ``info``.

A rule derived from the API's request constraints (a name pattern, an enum, a
required member) says what the service would reject in a request. On a
deployment read from the account (``--live``, shape ``live``) the value was
already accepted, so failing it would fail a configuration that works; yet
re-sending it (an update, a redeploy from the same values) would be refused.
:func:`request_constraint` wraps such a rule's check so that, on deployed
state only, its error FAILs become ``info`` findings that say exactly that
(warnings, about what a value does rather than whether it is accepted, stay).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from gwlint.findings import Finding, Severity, Status

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import Context

ACCEPTED = "the service accepted this; a re-deploy of the same value would be rejected"


def accepted(finding: Finding) -> Finding:
    """``finding`` restated for deployed state: an ``info`` FAIL naming the acceptance."""
    if finding.status is not Status.FAIL or finding.severity is not Severity.ERROR:
        return finding  # a warning is about the value's effect, not about the request
    return replace(
        finding,
        severity=Severity.INFO,
        message=f"Deployed value: {ACCEPTED}. {finding.message}",
    )


def request_constraint(
    check: Callable[[Context], Iterable[Finding]],
) -> Callable[[Context], Iterator[Finding]]:
    """Wrap a request-constraint rule's check: on deployed state, FAILs become ``info``."""

    @functools.wraps(check)
    def judged(ctx: Context) -> Iterator[Finding]:
        findings = check(ctx)
        if not ctx.deployment.is_live:
            yield from findings
            return
        for finding in findings:
            yield accepted(finding)

    return judged


__all__ = ["ACCEPTED", "accepted", "request_constraint"]
