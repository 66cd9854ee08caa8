"""Which of a known error's causes the user's files (and account) actually hold.

``gwlint why MESSAGE PATH...`` runs exactly the rules that check the matched
errors' causes, through the same engine as ``gwlint check``, and turns each
rule's findings into a verdict per cause. A verdict is ``present`` only when
the rule fails, ``absent`` only when it passed on what it read; anything it
could not evaluate or did not run is ``unknown`` with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from gwlint.findings import Finding, Report, Status
from gwlint.rule import RuleMeta
from gwlint.symptoms import Cause
from gwlint.whymatch import Match


class Verdict(StrEnum):
    present = "present"
    absent = "absent"
    unknown = "unknown"


@dataclass(frozen=True)
class CauseCheck:
    """A cause and what checking it found; ``findings`` locate a present cause."""

    verdict: Verdict
    reason: str
    findings: tuple[Finding, ...] = ()


@dataclass
class Checked:
    """The outcome of running the causes' rules on the user's inputs."""

    report: Report
    live: bool
    verdicts: dict[str, CauseCheck] = field(default_factory=dict)  # rule id -> verdict

    def of(self, cause: Cause) -> CauseCheck:
        if cause.rule is None:
            return CauseCheck(Verdict.unknown, "no gwlint rule checks this cause")
        return self.verdicts[cause.rule.id]


def rules_to_run(matches: Sequence[Match]) -> list[RuleMeta]:
    """The rules checking any cause of the matched errors, once each, by id."""
    chosen = {c.rule.id: c.rule for m in matches for c in m.error.causes if c.rule is not None}
    return [chosen[key] for key in sorted(chosen)]


def _verdict(meta: RuleMeta, findings: list[Finding], live: bool) -> CauseCheck:
    if meta.live and not live:
        return CauseCheck(Verdict.unknown, f"{meta.id} reads the AWS account: add --live")
    if meta.probe:
        return CauseCheck(
            Verdict.unknown,
            f"{meta.id} calls the endpoints themselves: run gwlint check --probe on these files",
        )
    failing = tuple(f for f in findings if f.status is Status.FAIL)
    if failing:
        return CauseCheck(Verdict.present, f"{meta.id} fails", failing)
    errors = [f for f in findings if f.status is Status.ERROR]
    if errors:
        return CauseCheck(
            Verdict.unknown, f"{meta.id} could not evaluate: {errors[0].message}", tuple(errors)
        )
    if any(f.status is Status.PASS for f in findings):
        return CauseCheck(Verdict.absent, f"{meta.id} passed")
    skips = [f for f in findings if f.status is Status.SKIP]
    if skips:
        return CauseCheck(Verdict.unknown, f"{meta.id} skipped: {skips[0].message}")
    return CauseCheck(
        Verdict.unknown,
        f"{meta.id} had nothing to check in these inputs (pass the file that holds it too)",
    )


def judge(rules: Sequence[RuleMeta], report: Report, live: bool) -> Checked:
    """One verdict per rule, from the findings ``report`` holds."""
    checked = Checked(report=report, live=live)
    for meta in rules:
        mine = [f for f in report.findings if f.rule_id == meta.id]
        checked.verdicts[meta.id] = _verdict(meta, mine, live)
    return checked
