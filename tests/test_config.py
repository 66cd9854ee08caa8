"""Configuration files: discovery, validation with located errors, CLI precedence."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.cli import app
from gwlint.config import ConfigError, find_config, load_config
from gwlint.tomlpos import scan

from .conftest import FIXTURES, ROOT

runner = CliRunner()
GW301_FAIL = FIXTURES / "rules" / "GW301" / "fail.json"  # GW301 fails at 3:16
GW201_FAIL = FIXTURES / "rules" / "GW201" / "fail.json"  # GW201 fails at 7:21


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def check(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def findings(stdout: str) -> list[tuple[str, str, str | None]]:
    payload: dict[str, Any] = json.loads(stdout)
    return sorted((f["rule_id"], f["status"], f["pointer"]) for f in payload["findings"])


# -- discovery ------------------------------------------------------------------------


def test_nearest_config_wins_and_gwlint_toml_before_pyproject(tmp_path: Path) -> None:
    write(tmp_path / ".gwlint.toml", 'fail-on = "info"\n')
    sub = tmp_path / "a" / "b"
    write(sub / "pyproject.toml", '[tool.gwlint]\nfail-on = "warning"\n')
    write(sub / ".gwlint.toml", 'fail-on = "error"\n')
    assert find_config(str(sub)) == sub / ".gwlint.toml"
    (sub / ".gwlint.toml").unlink()
    assert find_config(str(sub)) == sub / "pyproject.toml"
    assert find_config(str(tmp_path / "a")) == tmp_path / ".gwlint.toml"


def test_pyproject_without_a_gwlint_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".gwlint.toml", 'fail-on = "info"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "gwlint-user"\n')
    assert find_config(str(tmp_path / "pkg")) == tmp_path / ".gwlint.toml"


def test_no_config_anywhere_is_an_empty_config(tmp_path: Path) -> None:
    config = load_config(start=str(tmp_path))
    assert config.file is None and config.suppress == [] and config.select is None


def test_config_file_makes_the_gate_fail_on_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".gwlint.toml", 'fail-on = "warning"\nselect = ["GW001"]\n')
    dup = write(
        tmp_path / "dup.json", '{"gateway_url": "https://x", "client_id": "a", "client_id": "b"}\n'
    )
    assert check(tmp_path, dup.name, monkeypatch=monkeypatch)[0] == 1  # GW001 is a warning
    assert check(tmp_path, dup.name, "--fail-on", "error", monkeypatch=monkeypatch)[0] == 0
    assert (
        check(tmp_path, dup.name, "--isolated", "--select", "GW001", monkeypatch=monkeypatch)[0]
        == 0
    )


def test_explicit_config_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".gwlint.toml", 'select = ["GW301"]\n')
    other = write(tmp_path / "ci" / "gwlint-ci.toml", 'select = ["GW108"]\n')
    shutil_copy = tmp_path / "client.json"
    shutil_copy.write_text(GW301_FAIL.read_text())
    code, out, _ = check(tmp_path, "client.json", "-f", "json", monkeypatch=monkeypatch)
    assert code == 1 and {r for r, _, _ in findings(out)} == {"GW301"}
    code, out, _ = check(
        tmp_path, "client.json", "-f", "json", "--config", str(other), monkeypatch=monkeypatch
    )
    assert code == 0 and findings(out) == [("GW108", "pass", "/gateway_url")]
    code, out, _ = check(
        tmp_path, "client.json", "-f", "json", "--isolated", monkeypatch=monkeypatch
    )
    assert code == 1 and len({r for r, _, _ in findings(out)}) > 5
    code, _, err = check(
        tmp_path, "client.json", "--isolated", "--config", str(other), monkeypatch=monkeypatch
    )
    assert code == 2 and "contradict" in err


def test_cli_select_replaces_the_configured_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", '[tool.gwlint]\nselect = ["GW301"]\n')
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    code, out, _ = check(
        tmp_path, "client.json", "-f", "json", "--select", "GW108", monkeypatch=monkeypatch
    )
    assert code == 0 and findings(out) == [("GW108", "pass", "/gateway_url")]


# -- located validation errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            ".gwlint.toml",
            'select = ["GW3"]\nslect = ["GW1"]\n',
            ".gwlint.toml:2:1: unknown key 'slect' in the configuration (did you mean 'select'?)",
        ),
        (
            ".gwlint.toml",
            'fail-on = "fatal"\n',
            ".gwlint.toml:1:1: fail-on must be one of 'error', 'warning', 'info' (got 'fatal')",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.gwlint.live]\nregion = 3\n',
            "pyproject.toml:5:1: tool.gwlint.live.region must be a string",
        ),
        (
            "pyproject.toml",
            '[tool.gwlint]\nselect = "GW3"\n',
            "pyproject.toml:2:1: tool.gwlint.select must be an array",
        ),
        (
            ".gwlint.toml",
            '[[suppress]]\nrule = "GW301"\nreason = "x"\n\n[[suppress]]\nrule = "GW302"\n',
            ".gwlint.toml:5:1: suppress[1] needs the key 'reason'",
        ),
        (
            ".gwlint.toml",
            '[[suppress]]\nrule = "GW301"\nreason = "   "\n',
            ".gwlint.toml:3:1: suppress[0].reason: reason must say why the finding is accepted",
        ),
        (
            ".gwlint.toml",
            '[[suppress]]\nrule = "GW301"\nreason = "r"\nexpires = "2026-01-01"\n',
            ".gwlint.toml:4:1: suppress[0].expires must be a TOML date such as 2026-06-30 "
            "(unquoted)",
        ),
        (
            ".gwlint.toml",
            '[live]\nregoin = "us-east-1"\n',
            ".gwlint.toml:2:1: unknown key 'regoin' in live (did you mean 'region'?)",
        ),
        (
            ".gwlint.toml",
            "[probe]\ntimeout = 0\n",
            ".gwlint.toml:2:1: probe.timeout must be greater than 0",
        ),
        (
            ".gwlint.toml",
            'select = ["GW3"\n',
            ".gwlint.toml:2:1: invalid TOML:",
        ),
        (
            ".gwlint.toml",
            'select = ["GW9"]\n',
            ".gwlint.toml:1:1: unknown rule selector(s) GW9 (see 'gwlint rules')",
        ),
        (
            ".gwlint.toml",
            '[severity]\nGW105 = "error"\nGW999 = "info"\n',
            ".gwlint.toml:3:1: no rule 'GW999' (see 'gwlint rules')",
        ),
        (
            ".gwlint.toml",
            '[per-file-ignores]\n"legacy/*.json" = ["GW3", "nope"]\n',
            ".gwlint.toml:2:1: unknown rule selector(s) nope (see 'gwlint rules')",
        ),
        (
            ".gwlint.toml",
            'select = ["GW301"]\nformat = "yaml"\n',
            ".gwlint.toml:2:1: format: unknown format 'yaml'; one of text, json, sarif, github,",
        ),
        (
            ".gwlint.toml",
            'output = ["sarif"]\n',
            ".gwlint.toml:1:1: output: takes FORMAT=PATH (e.g. sarif=gwlint.sarif), got 'sarif'",
        ),
        (
            ".gwlint.toml",
            '[[suppress]]\nreason = "r"\nrule = "GW3O1"\n',
            ".gwlint.toml:3:1: no rule 'GW3O1' (see 'gwlint rules')",
        ),
    ],
)
def test_bad_config_is_one_located_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    (tmp_path / name).write_text(text)
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    code, out, err = check(tmp_path, "client.json", monkeypatch=monkeypatch)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"gwlint: error: {expected}"), lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"select = " + b"[" * 5000 + b"]" * 5000 + b"\n", ":1:1: invalid TOML: values nested"),
        (b'select = ["GW3"]\nfail-on = "\xff"\n', ":2:12: configuration is not UTF-8 text"),
        (b'select = ["GW3"]\nselect = ["GW1"]\n', ":2:17: invalid TOML: Cannot overwrite a value"),
    ],
)
def test_hostile_config_bytes_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, expected: str
) -> None:
    for name in (".gwlint.toml", "pyproject.toml"):
        for other in tmp_path.glob("*.toml"):
            other.unlink()
        (tmp_path / name).write_bytes(
            content.replace(b"select", b"[tool.gwlint]\nselect", 1)
            if name == "pyproject.toml"
            else content
        )
        (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
        code, out, err = check(tmp_path, "client.json", monkeypatch=monkeypatch)
        assert (code, out) == (2, ""), err
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"gwlint: error: {name}:"), err
        if name == ".gwlint.toml":
            assert expected in err, err


def test_toml_positions_cover_tables_arrays_and_quoted_keys() -> None:
    text = textwrap.dedent(
        """
        [tool.gwlint]
        select = ["GW3"]
          [tool.gwlint.per-file-ignores]
          "deploy/a.b/*.json" = ["GW301"]
        [[tool.gwlint.suppress]]
        rule = "GW301"
        [[tool.gwlint.suppress]]
        rule = 'GW302'
        """
    )
    positions = scan(text)
    assert positions.find(("tool", "gwlint", "select", 0)) == (3, 1)
    assert positions.find(("tool", "gwlint", "per-file-ignores", "deploy/a.b/*.json")) == (5, 3)
    assert positions.find(("tool", "gwlint", "suppress", 1, "rule")) == (9, 1)
    assert positions.find(("tool", "gwlint", "suppress", 1, "reason")) == (8, 1)
    assert positions.find(("nowhere",)) is None


def test_unreadable_config_named_explicitly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read configuration"):
        load_config(str(tmp_path / "missing.toml"))


# -- what the keys do ---------------------------------------------------------------------


def test_per_file_ignores_exclude_and_severity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / ".gwlint.toml",
        """
        select = ["GW201", "GW301"]
        exclude = ["vendor/"]

        [per-file-ignores]
        "legacy/*.json" = ["GW301"]

        [severity]
        target-endpoint-not-arn = "warning"
        """,
    )
    for folder in ("deploy", "legacy", "vendor"):
        write(tmp_path / folder / "client.json", GW301_FAIL.read_text())
    write(tmp_path / "deploy" / "target.json", GW201_FAIL.read_text())
    code, out, _ = check(tmp_path, ".", "-f", "json", monkeypatch=monkeypatch)
    payload = json.loads(out)
    got = sorted((f["file"], f["rule_id"], f["status"], f["severity"]) for f in payload["findings"])
    assert got == [
        ("deploy/client.json", "GW301", "fail", "error"),
        ("deploy/target.json", "GW201", "fail", "warning"),
    ]
    assert code == 1
    # only warnings left once GW301 is ignored: the default fail-on (error) passes
    assert check(tmp_path, ".", "--ignore", "GW301", monkeypatch=monkeypatch)[0] == 0


def test_everything_excluded_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".gwlint.toml", 'exclude = ["legacy/**"]\n')
    write(tmp_path / "legacy" / "client.json", GW301_FAIL.read_text())
    code, out, err = check(tmp_path, "legacy/client.json", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    assert err.strip() == "gwlint: all 1 input file(s) are excluded by .gwlint.toml"


def test_live_defaults_do_not_demand_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".gwlint.toml", '[live]\nregion = "us-west-2"\nprofile = "ro"\ntimeout = 30\n')
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    code, _, err = check(tmp_path, "client.json", "--select", "GW108", monkeypatch=monkeypatch)
    assert code == 0, err
    assert load_config(start=str(tmp_path)).live == {
        "region": "us-west-2",
        "profile": "ro",
        "timeout": 30,
    }


def test_format_and_output_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / ".gwlint.toml",
        'format = "json"\noutput = ["junit=report.xml"]\nselect = ["GW301"]\n',
    )
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    code, out, _ = check(tmp_path, "client.json", monkeypatch=monkeypatch)
    assert code == 1
    assert findings(out) == [("GW301", "fail", "/client_id")]
    assert (tmp_path / "report.xml").read_text().startswith('<?xml version="1.0"')


PROBE = """
import sys
sys.argv = ["gwlint", "check", {path!r}, "--quiet"]
from gwlint.cli import main
try:
    main()
except SystemExit:
    pass
watched = ("tomllib", "gwlint.configschema", "pydantic")
print("CONFIG-MODULES", sorted(m for m in sys.modules if m in watched))
"""


def config_modules(folder: Path) -> str:
    """Run a check in a fresh interpreter in ``folder``; the config modules it loaded."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(path=str(folder / "client.json"))],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stdout.strip(), proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_no_config_file_means_no_config_parsing(tmp_path: Path) -> None:
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    assert config_modules(tmp_path) == "CONFIG-MODULES []"
    write(tmp_path / ".gwlint.toml", 'select = ["GW301"]\n')
    # a plainly valid file is read without the pydantic schema (gwlint.configplain)
    assert config_modules(tmp_path) == "CONFIG-MODULES ['tomllib']"
    write(tmp_path / ".gwlint.toml", 'select = "GW301"\n')  # wrongly typed: the schema says why
    assert config_modules(tmp_path) == (
        "CONFIG-MODULES ['gwlint.configschema', 'pydantic', 'tomllib']"
    )


def test_the_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    from gwlint.gate import check_config_rules
    from gwlint.registry import all_rules

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Configuration") :]
    example = section[section.index("```toml") + len("```toml") : section.index("```\n", 10)]
    (tmp_path / "pyproject.toml").write_text(example)
    config = load_config(start=str(tmp_path))
    check_config_rules(config, all_rules())
    assert config.fail_on == "warning"
    assert config.severity == {"GW105": "error", "client-id-shape": "info"}
    assert config.live == {
        "region": "us-east-1",
        "profile": "gwlint-readonly",
        "lambda": "bedrock-gateway-proxy",
        "timeout": 60,
    }
    [entry] = config.suppress
    assert (entry.rule, entry.pointer, str(entry.expires)) == ("GW301", "/client_id", "2026-09-30")
    assert entry.location == f"{tmp_path / 'pyproject.toml'}:30:1"
