"""Inline suppressions: ``gwlint: ignore[GW301] reason`` in a comment.

They apply to formats that have comments (YAML, HCL, Python); a decoder that
reads such a format gives its located document a ``syntax`` and its ``text``,
and this module finds the directives in the source text. JSON has no
comments, so a JSON input never carries one (a string that happens to contain
the words is data, not a directive).

A directive applies to the findings on its own line, or, when the comment
stands alone on its line, to the line below (the resource it introduces). The
reason is required: a directive without one does not apply. A directive that
suppressed nothing is reported by GW006. ``--no-inline-suppressions`` (or
``inline-suppressions = false``) turns them all off for a platform team.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from gwlint.findings import Finding, Status, Suppression
from gwlint.rule import RuleMeta

#: Comment markers per document syntax; a syntax missing here has no comments.
COMMENT_MARKERS: dict[str, tuple[str, ...]] = {
    "yaml": ("#",),
    "hcl": ("#", "//"),
    "python": ("#",),
}

_DIRECTIVE = re.compile(r"gwlint:\s*ignore\[(?P<rules>[A-Za-z0-9_,\s-]+)\](?P<reason>[^\n]*)")


class Directive(NamedTuple):
    line: int  # the line whose findings it suppresses
    written_at: tuple[int, int]  # line and column of the comment
    rules: tuple[str, ...]
    reason: str


def _in_string(line: str, index: int) -> bool:
    """True when ``index`` falls inside a quoted string on ``line``."""
    quote = ""
    escaped = False
    for char in line[:index]:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
    return bool(quote)


def directives(text: str, syntax: str) -> list[Directive]:
    """Every directive with a reason in ``text`` written in ``syntax``."""
    markers = COMMENT_MARKERS.get(syntax.lower())
    if not markers:
        return []
    found: list[Directive] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for marker in markers:
            start = line.find(marker)
            while start >= 0 and _in_string(line, start):
                start = line.find(marker, start + 1)
            if start < 0:
                continue
            match = _DIRECTIVE.search(line, start + len(marker))
            if match is None or line[start + len(marker) : match.start()].strip():
                continue
            reason = match.group("reason").strip()
            if not reason:
                continue
            rules = tuple(r.strip() for r in match.group("rules").split(",") if r.strip())
            alone = not line[:start].strip()
            found.append(
                Directive(number + 1 if alone else number, (number, start + 1), rules, reason)
            )
            break
    return found


def apply(
    findings: list[Finding],
    file: str,
    found: Sequence[Directive],
    rules: Sequence[RuleMeta],
) -> tuple[list[Finding], list[Directive]]:
    """Mark the findings in ``file`` that a directive covers; return the unused ones."""
    names = {meta.name: meta.id for meta in rules}
    out = list(findings)
    unused: list[Directive] = []
    for directive in found:
        ids = {names.get(key, key) for key in directive.rules}
        note = Suppression(
            kind="inline",
            reason=directive.reason,
            location=f"{file}:{directive.written_at[0]}:{directive.written_at[1]}",
        )
        used = False
        for i, finding in enumerate(out):
            if (
                finding.file == file
                and finding.line == directive.line
                and finding.rule_id in ids
                and finding.status in (Status.FAIL, Status.ERROR)
            ):
                out[i] = replace(finding, status=Status.SUPPRESSED, suppression=note)
                used = True
        if not used:
            unused.append(directive)
    return out, unused


def unused_finding(meta: RuleMeta, file: str, directive: Directive) -> Finding:
    """GW006 for a directive that suppressed nothing."""
    return Finding(
        rule_id=meta.id,
        rule_name=meta.name,
        status=Status.FAIL,
        severity=meta.severity,
        message=(
            f"inline suppression of {', '.join(directive.rules)} matched no finding on "
            f"line {directive.line}."
        ),
        fix=meta.fix,
        file=file,
        pointer=None,
        line=directive.written_at[0],
        column=directive.written_at[1],
        source=file,
    )
