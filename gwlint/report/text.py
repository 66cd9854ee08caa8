"""Human checklist: grouped by file, one line per rule, failures itemised.

A rule that held everywhere prints one ✓ line (with how many items it
checked); each failure prints its ``file:line:column``, message and fix.
Colour only on a terminal, and never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any, TextIO

from gwlint.findings import Finding, Report, Status

_MARK = {
    Status.PASS: "✓",
    Status.FAIL: "✗",
    Status.ERROR: "!",
    Status.SKIP: "-",
    Status.SUPPRESSED: "~",
}
_COLOURS = {
    "pass": "32",
    "fail": "31",
    "error": "35",
    "skip": "90",
    "suppressed": "90",
    "warning": "33",
    "info": "36",
    "bold": "1",
    "dim": "2",
}


def use_colour(stream: TextIO | None) -> bool:
    """NO_COLOR (any non-empty value) wins; FORCE_COLOR forces unless "0"/"false"."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force.lower() not in ("0", "false"):
        return True
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled:
            return text
        return f"\033[{_COLOURS[style]}m{text}\033[0m"


def location(finding: Finding) -> str:
    """``file:line:column``, the file alone, or the resource for findings without a file."""
    if finding.file is None:
        return finding.resource or ""
    if finding.line is None:
        return finding.file
    where = f"{finding.file}:{finding.line}:{finding.column}"
    if finding.cell is not None:  # a notebook: the JSON position, then the cell's own
        where += f" (cell {finding.cell.index}, line {finding.cell.line}:{finding.cell.column})"
    return where


def _style(finding: Finding) -> str:
    if finding.status is Status.FAIL and finding.severity.value != "error":
        return finding.severity.value
    return finding.status.value


def _problem_lines(finding: Finding, paint: _Paint) -> list[str]:
    mark = paint(_MARK[finding.status], _style(finding))
    tag = finding.severity.value if finding.status is Status.FAIL else finding.status.value
    head = (
        f"  {mark} {paint(finding.rule_id, 'bold')} {finding.rule_name} "
        f"[{paint(tag, _style(finding))}] {location(finding)}"
    )
    lines = [head, f"      {finding.message}"]
    if finding.file is not None and finding.resource:
        lines[-1] += paint(f"  ({finding.resource})", "dim")
    if finding.suppression is not None:
        note = finding.suppression
        until = f", until {note.expires}" if note.expires else ""
        lines.append(
            f"      {paint('suppressed:', 'bold')} {note.reason}  ({note.location}{until})"
        )
        return lines
    if finding.fix:
        fix_lines = finding.fix.strip().splitlines()
        lines.append(f"      {paint('fix:', 'bold')} {fix_lines[0]}")
        lines.extend(f"           {line}" for line in fix_lines[1:])
    return lines


def _group(findings: list[Finding]) -> dict[str, dict[str, list[Finding]]]:
    grouped: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        key = finding.source or finding.file or finding.resource or "(account)"
        grouped[key][finding.rule_id].append(finding)
    return grouped


def render(report: Report, *, stream: TextIO | None = None, quiet: bool = False, **_: Any) -> str:
    paint = _Paint(use_colour(stream))
    out: list[str] = []
    for error in report.errors:
        out.append(f"{paint('error:', 'fail')} {error}")
    for heading, rules in _group(report.findings).items():
        section: list[str] = []
        for rule_id in sorted(rules):
            findings = rules[rule_id]
            problems = [f for f in findings if f.status in (Status.FAIL, Status.ERROR)]
            passes = [f for f in findings if f.status is Status.PASS]
            skips = [f for f in findings if f.status is Status.SKIP]
            for finding in problems:
                section.extend(_problem_lines(finding, paint))
            if quiet:
                continue
            for finding in (f for f in findings if f.status is Status.SUPPRESSED):
                section.extend(_problem_lines(finding, paint))
            if passes and not problems:
                first = passes[0]
                count = f" ({len(passes)} checked)" if len(passes) > 1 else ""
                section.append(
                    f"  {paint('✓', 'pass')} {first.rule_id} {first.rule_name}: "
                    f"{first.message}{count}"
                )
            elif passes:
                section.append(paint(f"      ({len(passes)} other {rule_id} checks passed)", "dim"))
            if skips and not passes and not problems:
                first = skips[0]
                section.append(
                    paint(
                        f"  - {first.rule_id} {first.rule_name}: skipped: {first.message}", "skip"
                    )
                )
        if section:
            out.append(paint(heading, "bold"))
            out.extend(section)
            out.append("")
    if report.baseline is not None:
        out.extend(_baseline_lines(report, quiet))
    if report.findings or not report.errors:
        out.append(_summary(report, paint))
    return "\n".join(out) + "\n"


def _baseline_lines(report: Report, quiet: bool) -> list[str]:
    baseline = report.baseline
    lines = [
        f"baseline {baseline.file}: {baseline.known} known finding(s) not shown, "
        f"{len(baseline.fixed)} fixed since"
    ]
    if not quiet:
        for entry in baseline.fixed:
            where = entry.file or entry.resource or ""
            pointer = f" {entry.pointer}" if entry.file is not None and entry.pointer else ""
            lines.append(f"  fixed: {entry.rule_id} {entry.rule_name} {where}{pointer}")
    return [*lines, ""]


def summary_line(report: Report) -> str:
    """The closing line of the checklist, without colour."""
    return _summary(report, _Paint(False))


def _summary(report: Report, paint: _Paint) -> str:
    counts = report.summary()
    by_severity: dict[str, int] = defaultdict(int)
    for finding in report.findings:
        if finding.status is Status.FAIL:
            by_severity[finding.severity.value] += 1
    detail = ", ".join(f"{n} {sev}" for sev, n in sorted(by_severity.items()) if n)
    files = len(report.files)
    parts = [
        paint(f"{counts['pass']} passed", "pass"),
        paint(f"{counts['fail']} failed", "fail" if counts["fail"] else "pass")
        + (f" ({detail})" if detail else ""),
    ]
    if counts["error"]:
        parts.append(paint(f"{counts['error']} could not be checked", "error"))
    if counts["skip"]:
        parts.append(f"{counts['skip']} skipped")
    if counts.get("suppressed"):
        parts.append(f"{counts['suppressed']} suppressed")
    tail = f" in {files} file{'s' if files != 1 else ''}"
    if any(f.file is None for f in report.findings):  # --live: deployed resources too
        tail = f"{tail} and the deployed resources" if files else " in the deployed resources"
    if report.skipped:
        count = len(report.skipped)
        noun = "file" if count == 1 else "files"
        tail += f" ({count} other {noun} defined no gateway, target or client)"
    if report.errors:
        tail += f"; {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}"
    return ", ".join(parts) + tail
