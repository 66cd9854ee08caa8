"""Shared test helpers: lint a file, pick one rule's findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwlint import lint
from gwlint.findings import Finding, Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def lint_one(path: Path | str, *, select: tuple[str, ...] = ()) -> Report:
    report = lint([str(path)], select=select)
    assert not report.errors, report.errors
    return report


def of_rule(report: Report, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]


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
