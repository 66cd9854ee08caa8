"""Suppressions (configured and inline), baseline files, stdin and --output."""

from __future__ import annotations

import datetime
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.baseline import BaselineError, entry_for, read, value_hash
from gwlint.cli import app
from gwlint.config import Config, read_config
from gwlint.engine import Job
from gwlint.findings import Finding, Report, Severity, Status
from gwlint.gate import GateInputs, apply_gate
from gwlint.inline import directives
from gwlint.jsonpos import LocatedDocument
from gwlint.model import Deployment
from gwlint.registry import all_rules

from .conftest import FIXTURES

runner = CliRunner()
GW301_FAIL = FIXTURES / "rules" / "GW301" / "fail.json"
RULES = all_rules()


# -- fixtures of the configuration rules (GW005, GW006) -----------------------------------


def _config_cases() -> list[tuple[str, Path]]:
    return [
        (folder.name, case)
        for folder in sorted((FIXTURES / "rules").iterdir())
        for case in sorted(folder.glob("*.toml"))
        if case.name != "expect.toml"
    ]


@pytest.mark.parametrize(("rule_id", "case"), _config_cases(), ids=lambda v: str(v)[-20:])
def test_config_rule_fixtures_are_exact(rule_id: str, case: Path) -> None:
    expected = tomllib.loads((case.parent / "expect.toml").read_text())[case.stem]
    report = lint([str(case.parent / "input")], config=str(case))
    assert not report.errors, report.errors
    mine = [f for f in report.findings if f.rule_id == rule_id]
    assert sorted([f.status.value, f.pointer] for f in mine) == sorted(
        list(x) for x in expected["findings"]
    )
    if "position" in expected:
        first = next(f for f in mine if f.status.value == expected["position"][0])
        assert [first.line, first.column] == expected["position"][1:]


def test_config_rule_fixtures_exist() -> None:
    assert [r for r, _ in _config_cases()] == ["GW005", "GW005", "GW006", "GW006"]


# -- configured suppressions --------------------------------------------------------------


def write_config(tmp_path: Path, text: str) -> str:
    path = tmp_path / ".gwlint.toml"
    path.write_text(text)
    return str(path)


def lint_client(tmp_path: Path, config_text: str) -> list[tuple[str, str, str | None]]:
    """Lint the GW301 failing client with GW301 and GW006 under this configuration."""
    client = tmp_path / "client.json"
    client.write_text(GW301_FAIL.read_text())
    report = lint(
        [str(client)], select=["GW301", "GW006"], config=write_config(tmp_path, config_text)
    )
    return [(f.rule_id, f.status.value, f.pointer) for f in report.findings]


def test_suppression_by_resource_and_by_rule_name(tmp_path: Path) -> None:
    got = lint_client(
        tmp_path,
        '[[suppress]]\nrule = "client-id-not-pool-id"\nresource = "client us-east-1_XXXXXXXXX"\n'
        'reason = "pool id kept for the legacy proxy"\n',
    )
    assert got == [("GW301", "suppressed", "/client_id"), ("GW006", "pass", "/suppress/0")]


def test_suppression_for_another_resource_does_not_apply(tmp_path: Path) -> None:
    got = lint_client(
        tmp_path, '[[suppress]]\nrule = "GW301"\nresource = "client other"\nreason = "r"\n'
    )
    assert got == [("GW301", "fail", "/client_id"), ("GW006", "fail", "/suppress/0")]


def test_entries_for_files_not_checked_or_rules_not_run_are_not_called_unused(
    tmp_path: Path,
) -> None:
    got = lint_client(
        tmp_path,
        '[[suppress]]\nrule = "GW301"\npath = "other/*.json"\nreason = "r"\n\n'
        '[[suppress]]\nrule = "GW201"\nreason = "r"\n',
    )
    assert got == [("GW301", "fail", "/client_id")]


def test_suppression_expiring_today_still_applies(tmp_path: Path) -> None:
    from gwlint import suppress

    config = read_config(
        Path(
            write_config(
                tmp_path, '[[suppress]]\nrule = "GW301"\nreason = "r"\nexpires = 2026-03-01\n'
            )
        )
    )
    finding = Finding("GW301", "client-id-not-pool-id", Status.FAIL, Severity.ERROR, "m")
    today = datetime.date(2026, 3, 1)
    out = suppress.apply([finding], config, RULES, RULES, [], today=today)
    assert [f.status for f in out if f.rule_id == "GW301"] == [Status.SUPPRESSED]
    out = suppress.apply([finding], config, RULES, RULES, [], today=today.replace(day=2))
    assert [(f.rule_id, f.status) for f in out] == [
        ("GW301", Status.FAIL),
        ("GW005", Status.FAIL),
    ]


# -- inline suppressions --------------------------------------------------------------------


YAML = """\
gateway:
  # gwlint: ignore[GW105] DEBUG stays on in the sandbox account
  exceptionLevel: debug
  name: x   # gwlint: ignore[GW101,gateway-role-arn] named by the platform team
  role: y   # gwlint: ignore[GW102]
  url: "https://x/#gwlint: ignore[GW108] a hash inside a string is data"
  mcp: z    # gwlint: ignore[GW109] versions pinned by the client
"""


def test_inline_directives_need_a_comment_and_a_reason() -> None:
    found = directives(YAML, "yaml")
    assert [(d.line, d.written_at, d.rules, d.reason) for d in found] == [
        (3, (2, 3), ("GW105",), "DEBUG stays on in the sandbox account"),
        (4, (4, 13), ("GW101", "gateway-role-arn"), "named by the platform team"),
        (7, (7, 13), ("GW109",), "versions pinned by the client"),
    ]
    assert directives(YAML, "json") == []  # JSON has no comments


@dataclass
class CommentedDocument(LocatedDocument):
    """A located document of a format with comments, as a YAML decoder would give."""

    syntax: str = "yaml"
    text: str = ""


def _finding(rule_id: str, name: str, line: int) -> Finding:
    return Finding(
        rule_id, name, Status.FAIL, Severity.ERROR, "m", file="g.yaml", line=line, column=3
    )


@pytest.mark.parametrize("enabled", [True, False])
def test_inline_suppressions_apply_to_their_line_and_can_be_turned_off(enabled: bool) -> None:
    job = Job(Deployment(file="g.yaml"), CommentedDocument(data={}, text=YAML))
    report = Report(
        findings=[
            _finding("GW105", "exception-level-debug", 3),
            _finding("GW102", "gateway-role-arn", 4),
        ],
        files=["g.yaml"],
    )
    apply_gate(report, GateInputs(Config(), RULES, RULES, [job], inline=enabled))
    got = [(f.rule_id, f.status.value, f.line) for f in report.findings]
    if not enabled:
        assert got == [("GW105", "fail", 3), ("GW102", "fail", 4)]
        return
    assert got == [
        ("GW105", "suppressed", 3),
        ("GW102", "suppressed", 4),  # by name, gateway-role-arn
        ("GW006", "fail", 7),  # the GW109 directive matched nothing
    ]
    note = report.findings[0].suppression
    assert note is not None
    assert (note.kind, note.location) == ("inline", "g.yaml:2:3")


# -- baseline ---------------------------------------------------------------------------------


def test_value_hash_ignores_formatting_and_masks_secrets() -> None:
    assert value_hash({"a": 1, "b": [1, 2]}) == value_hash({"b": [1, 2], "a": 1})
    assert value_hash("x") != value_hash("y")
    assert value_hash({"s": "hunter2-secret"}, ["hunter2-secret"]) == value_hash(
        {"s": "another-secret"}, ["another-secret"]
    )


def test_fingerprint_ignores_line_and_message_but_not_file_or_pointer(tmp_path: Path) -> None:
    def fp(**changes: Any) -> str:
        base: dict[str, Any] = {
            "rule_id": "GW301",
            "rule_name": "client-id-not-pool-id",
            "status": Status.FAIL,
            "severity": Severity.ERROR,
            "message": "m",
            "file": str(tmp_path / "a.json"),
            "pointer": "/client_id",
            "line": 3,
        }
        base.update(changes)
        return entry_for(Finding(**base), str(tmp_path), lambda f: "h").fingerprint

    assert fp() == fp(line=30, message="other words")
    assert fp() != fp(pointer="/other")
    assert fp() != fp(file=str(tmp_path / "b.json"))


def test_update_keeps_entries_of_files_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(GW301_FAIL.read_text())
    args = ["check", "--select", "GW301", "--baseline", "base.json", "--update-baseline", "-q"]
    assert runner.invoke(app, [*args, "a.json", "b.json"]).exit_code == 0
    assert [e.file for e in read("base.json")] == ["a.json", "b.json"]
    (tmp_path / "a.json").write_text((FIXTURES / "rules" / "GW301" / "pass.json").read_text())
    assert runner.invoke(app, [*args, "a.json"]).exit_code == 0
    assert [e.file for e in read("base.json")] == ["b.json"]
    result = runner.invoke(app, ["check", "--select", "GW301", "--baseline", "base.json", "b.json"])
    assert result.exit_code == 0
    assert "baseline base.json: 1 known finding(s) not shown, 0 fixed since" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gwlint: error: base.json: no such baseline; create it with --update-baseline"),
        ('{"findings": [}', "gwlint: error: base.json:1:15: invalid JSON: Expecting value"),
        (
            '{"findings": []}',
            'gwlint: error: base.json:1:1: not a gwlint baseline (expected "gwlint_baseline": 1)',
        ),
        (
            '{"gwlint_baseline": 1, "findings": [{"fingerprint": 3}]}',
            "gwlint: error: base.json: findings[0] is not a baseline entry",
        ),
        (
            '{"gwlint_baseline": 1, "findings": {}}',
            'gwlint: error: base.json: "findings" is not an array',
        ),
        (
            "[" * 5000 + "]" * 5000,
            "gwlint: error: base.json:1:1: not a gwlint baseline (nested too deeply)",
        ),
    ],
)
def test_unusable_baseline_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    if content is not None:
        (tmp_path / "base.json").write_text(content)
    result = runner.invoke(app, ["check", "client.json", "--baseline", "base.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    with pytest.raises(BaselineError):
        read("base.json")


def test_update_baseline_needs_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "client.json").write_text(GW301_FAIL.read_text())
    result = runner.invoke(app, ["check", "client.json", "--update-baseline"])
    assert result.exit_code == 2
    assert "--update-baseline needs --baseline FILE" in result.stderr


# -- stdin and --output -----------------------------------------------------------------------


def test_stdin_with_a_file_name_honours_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gwlint.toml").write_text(
        '[[suppress]]\nrule = "GW301"\npath = "deploy/*.json"\nreason = "legacy"\n'
    )
    result = runner.invoke(
        app,
        ["check", "-", "--stdin-filename", "deploy/client.json", "-f", "json", "--select", "GW301"],
        input=GW301_FAIL.read_bytes(),
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [(f["file"], f["status"], f["line"], f["column"]) for f in payload["findings"]] == [
        ("deploy/client.json", "suppressed", 3, 16)
    ]


def test_stdin_errors_name_the_stdin_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["check", "-", "--stdin-filename", "gw.json"], input=b'{"gateway_url": "x",\n  oops}'
    )
    assert result.exit_code == 2
    assert result.stdout.startswith("error: gw.json:2:3: invalid JSON:")
    result = runner.invoke(app, ["check", "-"], input=GW301_FAIL.read_bytes())
    assert result.exit_code == 1
    assert "  ✗ GW301 client-id-not-pool-id [error] -:3:16" in result.stdout


def test_stdin_filename_without_dash_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(GW301_FAIL), "--stdin-filename", "x.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "gwlint: error: --stdin-filename names standard input: add the PATH '-'"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarif", "--output takes FORMAT=PATH (e.g. sarif=gwlint.sarif), got 'sarif'"),
        ("xml=out.xml", "--output unknown format 'xml'; one of text, json, sarif, github, junit"),
    ],
)
def test_bad_output_option(value: str, message: str) -> None:
    result = runner.invoke(app, ["check", str(GW301_FAIL), "--output", value])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"gwlint: error: {message}"


def test_several_outputs_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        [
            "check",
            str(GW301_FAIL),
            "-q",
            "-o",
            "sarif=out.sarif",
            "-o",
            "junit=out.xml,json=out.json",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout.rstrip().splitlines()[-1].endswith("in 1 file")
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["fail"] >= 1
    assert (tmp_path / "out.xml").read_text().count("<failure ") >= 1


def test_baseline_file_holds_no_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_secrets import FIXTURES_WITH_SECRETS, secrets_in

    monkeypatch.chdir(tmp_path)
    paths = [str(p) for p in FIXTURES_WITH_SECRETS]
    result = runner.invoke(app, ["check", *paths, "--baseline", "b.json", "--update-baseline"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "b.json").read_text()
    assert len(read("b.json")) > 0
    for secret in {s for p in FIXTURES_WITH_SECRETS for s in secrets_in(p)}:
        assert secret not in text


def test_config_paths_are_relative_to_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".gwlint.toml").write_text(
        'baseline = "ci/base.json"\noutput = ["json=ci/report.json"]\nexclude = ["deploy/old/"]\n'
        'select = ["GW301"]\n'
    )
    (tmp_path / "ci").mkdir()
    for folder in ("deploy", "deploy/old"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "client.json").write_text(GW301_FAIL.read_text())
    monkeypatch.chdir(tmp_path / "deploy")
    result = runner.invoke(app, ["check", ".", "--update-baseline", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "gwlint: wrote 1 finding(s) to the baseline ../ci/base.json"
    assert [e.file for e in read(str(tmp_path / "ci" / "base.json"))] == ["../deploy/client.json"]
    report = json.loads((tmp_path / "ci" / "report.json").read_text())
    assert report["baseline"] == {"file": "../ci/base.json", "known": 1, "fixed": []}
    assert report["findings"] == []  # old/ is excluded, client.json is in the baseline


def test_stdin_is_read_like_a_named_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every deployment of a piped template, and the section errors of a piped file."""
    monkeypatch.chdir(tmp_path)
    template = FIXTURES / "formats" / "cloudformation" / "deploy-time.yaml"
    named = runner.invoke(app, ["check", str(template), "-f", "json"])
    piped = runner.invoke(
        app,
        ["check", "-", "--stdin-filename", str(template), "-f", "json"],
        input=template.read_bytes(),
    )
    assert (named.exit_code, piped.exit_code) == (0, 0)
    assert json.loads(piped.stdout)["findings"] == json.loads(named.stdout)["findings"]
    result = runner.invoke(app, ["check", "-"], input=b'{"gateway": {"name": "gw"}, "region": 5}')
    assert result.exit_code == 2
    assert "error: -:1:29: region is a number; expected a string such as us-east-1" in (
        result.output
    )
