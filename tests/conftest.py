"""Shared test helpers: lint a file, pick one rule's findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gwlint import lint
from gwlint.findings import Finding, Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

#: The type of the ``write_json`` fixture.
WriteJson = Callable[..., Path]


def lint_one(path: Path | str, *, select: tuple[str, ...] = ()) -> Report:
    report = lint([str(path)], select=select)
    assert not report.errors, report.errors
    return report


def of_rule(report: Report, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]


def lint_rule(write_json: WriteJson, doc: object, rule_id: str) -> list[Finding]:
    """Write ``doc`` to a temp file, lint it with one rule and return that rule's findings."""
    return of_rule(lint_one(write_json(doc), select=(rule_id,)), rule_id)


def only(findings: list[Finding]) -> Finding:
    """The one finding; fails the test, listing them, when there are more or none."""
    assert len(findings) == 1, [(f.status.value, f.pointer, f.message) for f in findings]
    return findings[0]


def with_fields(doc: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with ``fields`` set in place; a None value removes the key."""
    for key, value in fields.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def triples(findings: list[Finding]) -> list[tuple[str, str, str | None]]:
    """(rule_id, status, pointer) for exact comparisons."""
    return sorted((f.rule_id, f.status.value, f.pointer) for f in findings)


@pytest.fixture
def write_json(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a JSON text (or object) to a temp file and return its path."""
    import json

    def write(content: object, name: str = "config.json") -> Path:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
        return path

    return write
