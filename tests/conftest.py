"""Shared test helpers: lint a file, pick one rule's findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gwlint import engine, lint
from gwlint.declared_reads import DeclaredReads
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


@pytest.fixture(autouse=True)
def reads_as_declared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every live rule the engine runs reads only what its ``@rule(reads=...)`` declares.

    The facade refuses anything else; the refusals also fail the test here,
    since the engine reports a rule's exception as an ``error`` finding.
    """
    refused: list[str] = []
    original = engine.Context

    def context(**kwargs: Any) -> Any:
        meta, facts = kwargs.get("rule"), kwargs.get("facts")
        if facts is not None and meta is not None and meta.live:
            kwargs["facts"] = DeclaredReads(facts, meta.id, meta.reads, refused)
        return original(**kwargs)

    monkeypatch.setattr(engine, "Context", context)
    yield
    assert not refused, refused
