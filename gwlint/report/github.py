"""GitHub Actions: one workflow-command annotation per failure, plus a job summary.

``::error file=F,line=L,col=C,title=T::message`` puts the failure on the line
in the pull request's diff. Warnings and infos become ``::warning`` and
``::notice``; passes, skips and suppressed findings make no annotation.
Values are escaped as the runner expects: ``%``, CR and LF in the message;
additionally ``:`` and ``,`` in properties. Files are relative to the
repository root, as annotations need. :func:`job_summary` is the Markdown the
CLI appends to ``$GITHUB_STEP_SUMMARY`` when that variable is set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gwlint.findings import Finding, Report, Severity, Status
from gwlint.report.sarif import repo_root
from gwlint.report.text import location, summary_line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _path(file: str, root: str) -> str:
    path = os.path.abspath(file)
    if os.path.commonpath([path, root]) == root:
        return Path(os.path.relpath(path, root)).as_posix()
    return Path(path).as_posix()


def command(name: str, properties: dict[str, Any], message: str) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def annotation(finding: Finding, root: str) -> str:
    title = f"{finding.rule_id} {finding.rule_name}"
    if finding.status is Status.ERROR:
        title += " (could not be checked)"
    message = finding.message
    if finding.file is None and finding.resource:
        message = f"{finding.resource}: {message}"
    if finding.fix:
        message += f"\nFix: {finding.fix}"
    properties: dict[str, Any] = {
        "file": _path(finding.file, root) if finding.file is not None else None,
        "line": finding.line,
        "col": finding.column,
        "title": title,
    }
    return command(_COMMAND[finding.severity], properties, message)


def render(report: Report, *, root: str | None = None, **_: Any) -> str:
    base = repo_root() if root is None else os.path.abspath(root)
    lines = [
        command(
            "error",
            {
                "file": _path(e.file, base),
                "line": e.line,
                "col": e.column,
                "title": "gwlint input error",
            },
            e.message,
        )
        for e in report.errors
    ]
    lines.extend(
        annotation(f, base) for f in report.findings if f.status in (Status.FAIL, Status.ERROR)
    )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def job_summary(report: Report) -> str:
    """Markdown: the summary line, failures, suppressions with reasons, the baseline."""
    out = ["## gwlint", "", summary_line(report), ""]
    problems = [f for f in report.findings if f.status in (Status.FAIL, Status.ERROR)]
    if report.errors:
        out += ["### Input errors", ""] + [f"- `{_cell(str(e))}`" for e in report.errors] + [""]
    if problems:
        out += [
            "### Failures",
            "",
            "| status | severity | rule | where | message |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {f.status.value} | {f.severity.value} | {f.rule_id} {f.rule_name} | "
            f"{_cell(location(f))} | {_cell(f.message)} |"
            for f in problems
        ]
        out.append("")
    suppressed = [f for f in report.findings if f.status is Status.SUPPRESSED]
    if suppressed:
        out += ["### Suppressed", "", "| rule | where | reason | expires |", "|---|---|---|---|"]
        out += [
            f"| {f.rule_id} {f.rule_name} | {_cell(location(f))} | "
            f"{_cell(f.suppression.reason if f.suppression else '')} | "
            f"{(f.suppression.expires if f.suppression else None) or ''} |"
            for f in suppressed
        ]
        out.append("")
    if report.baseline is not None:
        baseline = report.baseline
        out += [
            f"### Baseline `{baseline.file}`",
            "",
            f"{baseline.known} known finding(s) not shown.",
        ]
        out += [
            f"- fixed: {e.rule_id} {e.rule_name} {_cell(e.file or e.resource)} {_cell(e.pointer)}"
            for e in baseline.fixed
        ]
        out.append("")
    return "\n".join(out)
