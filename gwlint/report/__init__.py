"""Reporters: pure functions of the report, one module per format.

Every format is one :class:`Reporter` in :data:`FORMATS`; the CLI's
``--format`` and ``--output`` choices come from this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from gwlint.findings import Report
from gwlint.report import github, json_report, junit, sarif, text
from gwlint.rule import RuleMeta


class Renderer(Protocol):
    """Render a report as one document (stdout or a file)."""

    def __call__(
        self,
        report: Report,
        *,
        stream: TextIO | None = ...,
        quiet: bool = ...,
        rules: Sequence[RuleMeta] | None = ...,
        root: str | None = ...,
    ) -> str: ...


@dataclass(frozen=True)
class Reporter:
    name: str
    description: str
    render: Renderer
    #: Markdown for a CI job summary page (GitHub's $GITHUB_STEP_SUMMARY), if the format has one.
    job_summary: Callable[[Report], str] | None = None

    def __call__(self, report: Report, **options: Any) -> str:
        return self.render(report, **options)


FORMATS: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (
        Reporter("text", "human checklist", text.render),
        Reporter("json", "machine contract, schema_version 1", json_report.render),
        Reporter("sarif", "SARIF 2.1.0 for code scanning", sarif.render),
        Reporter(
            "github", "GitHub Actions annotations", github.render, job_summary=github.job_summary
        ),
        Reporter("junit", "JUnit XML for CI test reports", junit.render),
    )
}

__all__ = ["FORMATS", "Renderer", "Report", "Reporter"]
