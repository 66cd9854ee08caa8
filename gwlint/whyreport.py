"""Output of ``gwlint why``: text for people, JSON (``why.schema.json``) for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gwlint import __version__
from gwlint.findings import Finding
from gwlint.symptoms import Cause, KnownError
from gwlint.whycheck import Checked, Verdict
from gwlint.whymatch import Match

SCHEMA_VERSION = 1
_MARK = {Verdict.present: "✗ present", Verdict.absent: "✓ absent", Verdict.unknown: "? unknown"}

NOTHING_MATCHED = (
    "No known AgentCore Gateway error found in this text. Check the deployment itself: "
    "'gwlint check PATH' reads your config files, 'gwlint check --live PATH' also reads "
    "the AWS account; see 'gwlint check --help' for end-to-end endpoint probes (--probe) "
    "where your gwlint version offers them."
)


def where(finding: Finding) -> str:
    """``file:line:column`` as ``check`` prints it, else the resource it names."""
    if finding.file and finding.line is not None:
        return f"{finding.file}:{finding.line}:{finding.column}"
    return finding.file or finding.resource or "(no location)"


def _checked_by(cause: Cause) -> str:
    meta = cause.rule
    if meta is None:
        return "no gwlint rule checks this yet"
    mode = " (live, --live)" if meta.live else " (probe, --probe)" if meta.probe else ""
    return f"{meta.id} {meta.name}{mode}; gwlint explain {meta.id}"


def _present(error: KnownError, checked: Checked) -> list[tuple[int, Cause]]:
    return [
        (rank, cause)
        for rank, cause in enumerate(error.causes, 1)
        if checked.of(cause).verdict is Verdict.present
    ]


def _conclusion(error: KnownError, checked: Checked, inputs: str) -> list[str]:
    present = _present(error, checked)
    if present:
        return [
            f"   → present in {inputs}: "
            + "; ".join(f"cause {rank} ({c.rule.id if c.rule else '-'})" for rank, c in present)
        ]
    open_ = [
        f"cause {rank} ({checked.of(c).reason})"
        for rank, c in enumerate(error.causes, 1)
        if checked.of(c).verdict is Verdict.unknown
    ]
    lines = [f"   → none of the known causes gwlint checked is present in {inputs}."]
    if open_:
        lines.append("     Still to check: " + "; ".join(open_) + ".")
    if not checked.live:
        lines.append("     Run again with --live to read the deployed gateway, role and runtime.")
    return lines


def render_text(matches: Sequence[Match], checked: Checked | None, inputs: str) -> str:
    if not matches:
        return NOTHING_MATCHED + "\n"
    noun = "error" if len(matches) == 1 else "errors"
    out = [f"Found {len(matches)} known {noun} in the text.", ""]
    for number, match in enumerate(matches, 1):
        error = match.error
        times = f", {match.count} times" if match.count > 1 else ""
        out += [
            f"{number}. {error.id} (line {match.line}, column {match.column}{times})",
            f'   "{match.excerpt}"',
            f"   reported by: {'; '.join(error.sources)}",
            f"   means: {error.means}",
            "   likely causes, most likely first:",
        ]
        for rank, cause in enumerate(error.causes, 1):
            out += [
                f"     {rank}. [{cause.likelihood.value}] {cause.text}",
                f"        checked by: {_checked_by(cause)}",
                f"        fix: {cause.fix}",
            ]
            if checked is not None:
                result = checked.of(cause)
                if result.verdict is Verdict.present:
                    for f in result.findings:
                        out.append(f"        {_MARK[result.verdict]}: {where(f)}: {f.message}")
                        if f.fix and f.fix != cause.fix:
                            out.append(f"          fix here: {f.fix}")
                else:
                    out.append(f"        {_MARK[result.verdict]}: {result.reason}")
        if checked is not None:
            out += _conclusion(error, checked, inputs)
        out.append("")
    return "\n".join(out)


def _cause_dict(rank: int, cause: Cause, checked: Checked | None) -> dict[str, Any]:
    meta = cause.rule
    data: dict[str, Any] = {
        "rank": rank,
        "cause": cause.text,
        "likelihood": cause.likelihood.value,
        "fix": cause.fix,
        "rule": None if meta is None else {"id": meta.id, "name": meta.name, "live": meta.live},
        "verdict": None,
        "reason": None,
        "findings": [],
    }
    if checked is not None:
        result = checked.of(cause)
        data.update(
            verdict=result.verdict.value,
            reason=result.reason,
            findings=[f.to_dict() for f in result.findings],
        )
    return data


def as_dict(matches: Sequence[Match], checked: Checked | None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gwlint", "version": __version__},
        "matches": [
            {
                "error": m.error.id,
                "excerpt": m.excerpt,
                "line": m.line,
                "column": m.column,
                "count": m.count,
                "means": m.error.means,
                "sources": list(m.error.sources),
                "causes": [
                    _cause_dict(rank, cause, checked)
                    for rank, cause in enumerate(m.error.causes, 1)
                ],
                "present": None
                if checked is None
                else [rank for rank, _ in _present(m.error, checked)],
            }
            for m in matches
        ],
        "checked": None
        if checked is None
        else {
            "files": list(checked.report.files),
            "live": checked.live,
            "errors": [e.to_dict() for e in checked.report.errors],
        },
    }


def render_json(matches: Sequence[Match], checked: Checked | None) -> str:
    return json.dumps(as_dict(matches, checked), indent=2, ensure_ascii=False) + "\n"
