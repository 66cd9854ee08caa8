"""The generated rule index is fresh, and what it prints equals the loaded rules' output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint import rule_index
from gwlint.cli import app

runner = CliRunner()


def test_the_index_is_fresh() -> None:
    assert rule_index.INDEX_PATH.read_text(encoding="utf-8") == rule_index.render(), (
        "gwlint/rule_index.json is stale: run python -m gwlint.rule_index"
    )


def test_check_mode_names_a_stale_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "rule_index.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(rule_index, "INDEX_PATH", stale)
    assert rule_index.main(["--check"]) == 1
    assert rule_index.main([]) == 0
    assert rule_index.main(["--check"]) == 0


def test_the_index_is_used_only_for_the_builtin_pack_alone(tmp_path: Path) -> None:
    assert rule_index.load(None) is not None
    assert rule_index.load([str(tmp_path)]) is None


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rules", "--format", "json"],
        ["explain", "GW301"],
        ["explain", "gw301"],
        ["explain", "client-id-not-pool-id"],
        ["explain", "GW105"],
    ],
)
def test_indexed_output_equals_loading_every_rule(args: list[str], tmp_path: Path) -> None:
    indexed = runner.invoke(app, args)
    loaded = runner.invoke(app, [*args, "--rules-dir", str(tmp_path)])  # forces loading
    assert indexed.exit_code == 0, indexed.output
    assert loaded.exit_code == 0, loaded.output
    assert indexed.output == loaded.output


def test_an_unknown_rule_still_fails_with_the_usage_exit_code() -> None:
    result = runner.invoke(app, ["explain", "GW999"])
    assert result.exit_code == 2
    assert "no rule 'GW999'" in result.output


def test_rules_does_not_import_the_rule_modules(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from gwlint.cli import app\n"
        "try:\n    app(['rules'], prog_name='gwlint')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('gwlint_rules')"
        " or m == 'gwlint.model'), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert proc.stderr.strip().splitlines()[-1] == "[]"
