"""Every rule's failing and passing fixtures give exactly the expected findings.

Layout: ``fixtures/rules/<ID>/<case>.json`` with ``fixtures/rules/<ID>/expect.toml``
holding, per case, the exact list of that rule's findings as
``[status, pointer]`` pairs (plus optional ``[line, column]`` of the first).
Cases whose name starts with ``fail`` must contain a FAIL, those starting with
``pass`` must contain a PASS and no FAIL.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gwlint import lint
from gwlint.registry import all_rules

from .conftest import FIXTURES

RULES = [r for r in all_rules() if r.pack == "builtin"]
OFFLINE = [r for r in RULES if not r.live and not r.probe]  # probe: test_probe_fixtures.py


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for meta in OFFLINE:
        folder = FIXTURES / "rules" / meta.id
        for path in sorted(folder.glob("*.json")):
            cases.append((meta.id, path))
    return cases


@pytest.mark.parametrize("meta", RULES, ids=lambda r: r.id)
def test_every_rule_has_failing_and_passing_fixture(meta) -> None:  # type: ignore[no-untyped-def]
    folder = FIXTURES / "rules" / meta.id
    names = [p.stem for p in folder.glob("*.json")] + [p.stem for p in folder.glob("*.toml")]
    assert any(n.startswith("fail") for n in names), f"{meta.id}: no fail fixture in {folder}"
    assert any(n.startswith("pass") for n in names), f"{meta.id}: no pass fixture in {folder}"
    assert (folder / "expect.toml").is_file(), f"{meta.id}: no expect.toml"


@pytest.mark.parametrize(("rule_id", "path"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_fixture_findings_are_exact(rule_id: str, path: Path) -> None:
    expectations = tomllib.loads((path.parent / "expect.toml").read_text())
    assert path.stem in expectations, f"{path}: no [{path.stem}] section in expect.toml"
    expected = expectations[path.stem]
    report = lint([str(path)])
    assert not report.errors, report.errors
    mine = [f for f in report.findings if f.rule_id == rule_id]
    got = sorted([f.status.value, f.pointer] for f in mine)
    assert got == sorted([list(x) for x in expected["findings"]]), [
        (f.status.value, f.pointer, f.message) for f in mine
    ]
    statuses = {f.status.value for f in mine}
    if path.stem.startswith("fail"):
        assert "fail" in statuses
    if path.stem.startswith("pass"):
        assert "pass" in statuses and "fail" not in statuses
    if "position" in expected:
        first = next(f for f in mine if f.status.value == expected["position"][0])
        assert [first.line, first.column] == expected["position"][1:]
