"""Passes are located only when an output shows where they are; nothing printed changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint.cli import app
from gwlint.config import Config
from gwlint.engine import Job, run_job
from gwlint.findings import Status
from gwlint.gate import passes_shown, settings
from gwlint.lazyrules import builtin_rules
from gwlint.sources import load_paths

from .conftest import FIXTURES

runner = CliRunner()
EXAMPLES = sorted(p for p in (FIXTURES / "examples").rglob("*") if p.is_file())


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_checklist_is_the_same_whether_passes_are_located(path: Path, tmp_path: Path) -> None:
    """A text run locates no pass; the same run with a JSON output beside it locates them
    all: the checklist printed is the same, and the JSON is what --format json prints."""
    plain = _run("check", str(path), "--skip-unrecognised")
    written = tmp_path / "report.json"
    located = _run("check", str(path), "--skip-unrecognised", "-o", f"json={written}")
    assert plain == located
    if written.exists():
        assert written.read_text() == _run("check", str(path), "--format", "json")[1]


def test_a_text_run_leaves_passes_unlocated_and_locates_the_rest() -> None:
    path = FIXTURES / "examples" / "guide-failures" / "gateway-config.json"
    [loaded] = load_paths([str(path)]).loaded
    rules = [r for r in builtin_rules() or [] if not r.live and not r.probe]
    lean = run_job(rules, Job(loaded.deployment, loaded.document), locate_passes=False)
    [loaded] = load_paths([str(path)]).loaded
    full = run_job(rules, Job(loaded.deployment, loaded.document))
    assert [(f.rule_id, f.status) for f in lean] == [(f.rule_id, f.status) for f in full]
    for quick, whole in zip(lean, full, strict=True):
        if whole.status is Status.PASS and whole.line is not None:
            assert (quick.line, quick.column) == (None, None)
        else:
            assert quick == whole
    assert any(f.status is Status.FAIL and f.line is not None for f in lean)


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        ({}, False),
        ({"quiet": True}, False),
        ({"output_format": "json"}, True),
        ({"output_format": "sarif"}, True),
        ({"output": ["junit=r.xml"]}, True),
        ({"baseline": "base.json"}, True),
    ],
)
def test_passes_are_located_for_every_output_but_the_checklist(
    options: dict[str, object], shown: bool
) -> None:
    given: dict[str, object] = {
        "output_format": None,
        "output": None,
        "quiet": None,
        "fail_on": None,
        "baseline": None,
        "update_baseline": False,
        "no_inline_suppressions": False,
        **options,
    }
    assert passes_shown(settings(Config(), **given)) is shown  # type: ignore[arg-type]


def test_json_output_still_locates_every_pass() -> None:
    path = FIXTURES / "examples" / "good" / "deployment.json"
    payload = json.loads(_run("check", str(path), "--format", "json")[1])
    passes = [f for f in payload["findings"] if f["status"] == "pass"]
    assert passes and all(isinstance(f["line"], int) for f in passes)
