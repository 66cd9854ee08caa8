"""What a probe step observed, as outcomes the GW7xx rules turn into findings.

An :class:`Outcome` names the configuration value it is about as
``"section.field"`` (``client.client_secret``, ``jwt.discovery_url``,
``gateway.gateway_url``) so the finding points at the line to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gwlint.findings import Severity, Status


@dataclass(frozen=True)
class Outcome:
    status: Status
    where: str
    message: str
    fix: str | None = None
    severity: Severity | None = None


def passed(where: str, message: str) -> Outcome:
    return Outcome(Status.PASS, where, message)


def failed(where: str, message: str, fix: str, severity: Severity | None = None) -> Outcome:
    return Outcome(Status.FAIL, where, message, fix, severity)


def unchecked(where: str, message: str, fix: str) -> Outcome:
    """Could not evaluate: an ``error`` finding, never a pass."""
    return Outcome(Status.ERROR, where, message, fix)


def skipped(where: str, reason: str) -> Outcome:
    return Outcome(Status.SKIP, where, reason)


@dataclass
class Step:
    """One probe step: its outcomes and, when it held, what it produced."""

    outcomes: list[Outcome] = field(default_factory=list)
    value: Any = None

    @property
    def ok(self) -> bool:
        return (
            bool(self.outcomes)
            and all(o.status in (Status.PASS, Status.SKIP) for o in self.outcomes)
            and self.value is not None
        )

    @property
    def skipped(self) -> bool:
        return bool(self.outcomes) and all(o.status is Status.SKIP for o in self.outcomes)

    def add(self, outcome: Outcome) -> Step:
        self.outcomes.append(outcome)
        return self


def blocked(where: str, rule_id: str, rule_name: str, what: str) -> Step:
    """The step a failed prerequisite leaves unreachable."""
    return Step([skipped(where, f"not probed: {rule_id} ({rule_name}) did not hold, so {what}")])
