"""Reporters: pure functions of the report, one module per format.

Every format is one :class:`Reporter` in :data:`FORMATS`; the CLI's
``--format`` and ``--output`` choices come from this registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol, TextIO

from gwlint.findings import Report
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


class Reporter(NamedTuple):
    name: str
    description: str
    render: Renderer
    #: Markdown for a CI job summary page (GitHub's $GITHUB_STEP_SUMMARY), if the format has one.
    job_summary: Callable[[Report], str] | None = None

    def __call__(self, report: Report, **options: Any) -> str:
        return self.render(report, **options)


def _deferred(module: str, function: str) -> Any:
    """A reporter's function, imported on first use: a run pays only for the formats it writes
    (SARIF's hashing and JUnit's XML were a few milliseconds of every check)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(f"gwlint.report.{module}"), function)(
            *args, **kwargs
        )

    return call


FORMATS: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (
        Reporter("text", "human checklist", _deferred("text", "render")),
        Reporter("json", "machine contract, schema_version 1", _deferred("json_report", "render")),
        Reporter("sarif", "SARIF 2.1.0 for code scanning", _deferred("sarif", "render")),
        Reporter(
            "github",
            "GitHub Actions annotations",
            _deferred("github", "render"),
            job_summary=_deferred("github", "job_summary"),
        ),
        Reporter("junit", "JUnit XML for CI test reports", _deferred("junit", "render")),
    )
}

__all__ = ["FORMATS", "Renderer", "Report", "Reporter"]
