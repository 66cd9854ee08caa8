"""SARIF 2.1.0, shaped for GitHub code scanning.

Only ``fail`` and ``error`` findings become results (a pass is not an alert),
and ``suppressed`` ones, carrying SARIF ``suppressions`` with the reason, so
code scanning shows them as dismissed rather than losing them.
Every rule that ran is described in ``tool.driver.rules`` from its module
docstring; no ``helpUri`` is given because gwlint ships its docs with itself
(``gwlint explain``). Locations are relative to the repository root (the
nearest ancestor of the working directory holding ``.git``), with 1-based
lines and columns counted in code points. Each result carries a fingerprint
built from the rule id, the file and the JSON pointer, never the line, so an
alert survives edits elsewhere in the file.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gwlint import __version__
from gwlint.findings import Finding, InputError, Report, Severity, Status
from gwlint.rule import RuleMeta

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "gwlintFinding/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
_RESULTS = (Status.FAIL, Status.ERROR, Status.SUPPRESSED)
_PRECISION = {"verified": "very-high", "reported": "medium", "inference": "low"}


def repo_root(start: str | None = None) -> str:
    """Nearest ancestor of ``start`` (default: cwd) holding ``.git``, else ``start``."""
    here = os.path.abspath(start or os.getcwd())
    for folder in (here, *(str(p) for p in Path(here).parents)):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return here


def artifact_uri(file: str, root: str) -> str:
    """Repository-relative, percent-encoded URI; a file:// URI outside the root."""
    path = os.path.abspath(file)
    if os.path.commonpath([path, root]) == root:
        # as bytes: a file name that is not UTF-8 (surrogate-escaped) is percent-encoded too
        return quote(os.fsencode(Path(os.path.relpath(path, root)).as_posix()))
    return Path(path).as_uri()


def fingerprint(rule_id: str, uri: str, pointer: str | None, resource: str | None) -> str:
    """Stable across line moves: rule, file and pointer (or resource when no file)."""
    key = "\0".join([rule_id, uri, pointer if pointer is not None else "", resource or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _sections(meta: RuleMeta) -> tuple[str, str]:
    """(title, body) of the rule's docstring."""
    doc = inspect.cleandoc(meta.doc) if meta.doc.strip() else meta.summary
    title, _, body = doc.partition("\n")
    return title.strip(), body.strip()


def _section(body: str, name: str) -> str:
    """Text of one ``## name`` section of a rule doc, or ''."""
    marker = f"## {name}"
    start = body.find(marker)
    if start < 0:
        return ""
    rest = body[start + len(marker) :]
    end = rest.find("\n## ")
    return (rest if end < 0 else rest[:end]).strip()


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    title, body = _sections(meta)
    why = _section(body, "Why")
    full = f"{title} {why}".strip() if why else (title or meta.summary)
    markdown = f"**{title}**\n\n{body}\n\n**Fix:** {meta.fix}".strip()
    text = f"{title}\n\n{body}\n\nFix: {meta.fix}".strip()
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": title or meta.summary},
        "fullDescription": {"text": " ".join(full.split())},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
        "properties": {
            "tags": ["gwlint", "live" if meta.live else "probe" if meta.probe else "offline"],
            "precision": _PRECISION.get(meta.evidence, "high"),
            "problem.severity": _PROBLEM_SEVERITY[meta.severity],
            "summary": meta.summary,
        },
    }


def _minimal_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule metadata was not handed in."""
    return {
        "id": finding.rule_id,
        "name": finding.rule_name,
        "shortDescription": {"text": finding.rule_name},
        "fullDescription": {"text": finding.rule_name},
        "help": {"text": f"gwlint explain {finding.rule_id}"},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
    }


def _physical(uri: str, line: int | None, column: int | None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line is not None and line >= 1:
        location["region"] = {"startLine": line, "startColumn": max(column or 1, 1)}
    return location


def _result(finding: Finding, index: int, root: str) -> dict[str, Any]:
    text = finding.message
    if finding.fix:
        text += f"\nFix: {finding.fix}"
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
    }
    uri = ""
    if finding.file is not None:
        uri = artifact_uri(finding.file, root)
        location: dict[str, Any] = {
            "physicalLocation": _physical(uri, finding.line, finding.column)
        }
        if finding.resource:
            location["logicalLocations"] = [{"name": finding.resource, "kind": "resource"}]
        result["locations"] = [location]
    elif finding.resource:
        result["locations"] = [
            {"logicalLocations": [{"name": finding.resource, "kind": "resource"}]}
        ]
    result["partialFingerprints"] = {
        FINGERPRINT_KEY: fingerprint(
            finding.rule_id,
            uri,
            finding.pointer,
            finding.resource if finding.file is None else None,
        )
    }
    if finding.suppression is not None:
        note = finding.suppression
        result["suppressions"] = [
            {
                "kind": "inSource" if note.kind == "inline" else "external",
                "status": "accepted",
                "justification": note.reason,
                "properties": {"location": note.location, "expires": note.expires},
            }
        ]
    properties: dict[str, Any] = {"status": finding.status.value}
    if finding.pointer is not None:
        properties["pointer"] = finding.pointer
    if finding.resource:
        properties["resource"] = finding.resource
    result["properties"] = properties
    return result


def _notification(error: InputError, root: str) -> dict[str, Any]:
    if error.line is None:  # a deployed resource (or nothing to open): no artifact invented
        location: dict[str, Any] = {"logicalLocations": [{"name": error.file, "kind": "resource"}]}
    else:
        uri = artifact_uri(error.file, root)
        location = {"physicalLocation": _physical(uri, error.line, error.column)}
    return {"level": "error", "message": {"text": error.message}, "locations": [location]}


def _known_rules() -> list[RuleMeta]:
    """Installed rules, when the caller handed in none (Python API use)."""
    from gwlint.registry import RuleLoadError, all_rules

    try:
        return all_rules()
    except RuleLoadError:
        return []


def as_dict(
    report: Report, rules: Sequence[RuleMeta] | None = None, root: str | None = None
) -> dict[str, Any]:
    root = repo_root() if root is None else os.path.abspath(root)
    known = list(rules) if rules is not None else _known_rules()
    descriptors: dict[str, dict[str, Any]] = {
        meta.id: rule_descriptor(meta) for meta in sorted(known, key=lambda m: m.id)
    }
    problems = [f for f in report.findings if f.status in _RESULTS]
    for finding in problems:
        if finding.rule_id not in descriptors:
            descriptors[finding.rule_id] = _minimal_descriptor(finding)
    index = {rule_id: i for i, rule_id in enumerate(descriptors)}
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [_notification(e, root) for e in report.errors]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gwlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": list(descriptors.values()),
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id], root) for f in problems],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(
    report: Report,
    *,
    rules: Sequence[RuleMeta] | None = None,
    root: str | None = None,
    **_: Any,
) -> str:
    return json.dumps(as_dict(report, rules, root), indent=2, ensure_ascii=False) + "\n"
