"""The pipeline every format reader shares: positions, spelling, deploy-time values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gwlint import lint
from gwlint.formats import table
from gwlint.spelling import respell
from gwlint.unresolved import Unresolved, contains_unresolved, unresolved_at

from . import pascal_format
from .conftest import FIXTURES, of_rule, only

ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/security_mcp-AbCdEf1234"


@pytest.fixture
def pascal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "FORMATS", (pascal_format.FORMAT, *table.FORMATS))


def _target(endpoint: object) -> dict[str, object]:
    return {
        "Name": "security-mcp",
        "GatewayIdentifier": "security-gateway-abcdefghij",
        "TargetConfiguration": {"Mcp": {"McpServer": {"Endpoint": endpoint}}},
    }


def _write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "stack.pascal"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.usefixtures("pascal")
def test_finding_located_at_the_users_key_in_their_spelling(tmp_path: Path) -> None:
    path = _write(tmp_path, {"Targets": [_target(ARN)]})
    finding = only(of_rule(lint([str(path)], select=("GW201",)), "GW201"))
    assert finding.status.value == "fail"
    assert finding.pointer == "/Targets/0/TargetConfiguration/Mcp/McpServer/Endpoint"
    assert (finding.line, finding.column) == (9, 25)
    assert finding.key == "Endpoint"
    assert finding.format == "cloudformation"
    assert finding.file == str(path)
    assert finding.message.startswith("Endpoint is ")
    assert "endpoint" not in finding.message.split()[0]


@pytest.mark.usefixtures("pascal")
def test_deploy_time_value_is_skipped_with_its_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, {"Targets": [_target({"Ref": "RuntimeUrl"})]})
    finding = only(of_rule(lint([str(path)], select=("GW201",)), "GW201"))
    assert finding.status.value == "skip"
    assert finding.message == "not checked: set at deploy time (Ref RuntimeUrl)"
    assert finding.pointer == "/Targets/0/TargetConfiguration/Mcp/McpServer/Endpoint"


@pytest.mark.usefixtures("pascal")
def test_deploy_time_container_skips_what_is_under_it(tmp_path: Path) -> None:
    target = _target(ARN)
    target["TargetConfiguration"] = {"Ref": "Config"}
    path = _write(tmp_path, {"Targets": [target]})
    report = lint([str(path)])
    assert not report.errors
    failing = [f for f in report.findings if f.status.value == "fail"]
    assert all(
        not (f.pointer or "").startswith("/Targets/0/TargetConfiguration") for f in failing
    ), [(f.rule_id, f.pointer, f.message) for f in failing]


@pytest.mark.usefixtures("pascal")
def test_file_of_no_format_named_is_an_input_error_and_skipped_in_folders(tmp_path: Path) -> None:
    named = tmp_path / "notes.pascal"
    named.write_text('{"Pascal": true}')
    report = lint([str(named)])
    [error] = report.errors
    assert error.line is None
    assert error.message == (
        "looks like a PascalCase test document but defines no AgentCore gateway or target"
    )
    folder = lint([str(tmp_path)])
    assert folder.errors == [] and folder.findings == []
    assert [s.file for s in folder.skipped] == [str(named)]


@pytest.mark.usefixtures("pascal")
def test_syntax_error_in_a_format_is_one_located_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.pascal"
    path.write_text('{"Gateway": {"Name": }}')
    [error] = lint([str(path)]).errors
    assert (error.line, error.column) == (1, 22)
    assert error.message.startswith("invalid JSON: Expecting value")


def test_respell_rewrites_member_names_not_values() -> None:
    names = {
        "authorizerType": "AuthorizerType",
        "targetConfiguration": "TargetConfiguration",
        "mcp": "Mcp",
        "lambda": "Lambda",
        "toolSchema": "ToolSchema",
    }
    text = "authorizerType is 'custom_jwt'; add targetConfiguration.mcp.lambda.toolSchema"
    assert respell(text, names) == (
        "AuthorizerType is 'custom_jwt'; add TargetConfiguration.Mcp.Lambda.ToolSchema"
    )
    # a quoted member name is a member name (an example's key), not a value
    assert respell("has no 'toolSchema'", names) == "has no 'ToolSchema'"
    # IAM actions, ARNs and lone lower-case words are no member names
    assert respell("lambda:InvokeFunction on function:toolSchema", names) == (
        "lambda:InvokeFunction on function:toolSchema"
    )
    assert respell("the lambda target", names) == "the lambda target"
    # a member name ending a phrase with a colon is still one
    assert respell("no authorizerType: callers", names) == "no AuthorizerType: callers"


def test_unresolved_at_finds_the_value_or_its_container() -> None:
    ref = Unresolved("!Ref X")
    data = {"a": {"b": ref}, "c": [1, ref]}
    assert unresolved_at(data, ["a", "b"]) is ref
    assert unresolved_at(data, ["a", "b", "deeper"]) is ref
    assert unresolved_at(data, ["c", "1"]) is ref
    assert unresolved_at(data, ["c", "0"]) is None
    assert unresolved_at(data, ["a"]) is None
    assert contains_unresolved(data) and not contains_unresolved({"a": [1, "x"]})


def test_skip_unrecognised_skips_named_non_inputs_but_not_broken_inputs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gwlint.cli import app

    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}')
    (tmp_path / "notes.json").write_text("{ // comments")
    broken = tmp_path / "gateway.json"
    broken.write_text('{"authorizerType": "CUSTOM_JWT",}')
    names = [str(tmp_path / n) for n in ("tsconfig.json", "notes.json")]
    runner = CliRunner()
    result = runner.invoke(app, ["check", *names, "--skip-unrecognised", "-q"])
    assert (result.exit_code, result.stdout) == (0, "")
    result = runner.invoke(app, ["check", *names, "--skip-unrecognised"])
    assert (result.exit_code, result.stdout) == (
        0,
        "gwlint: none of the 2 file(s) define a gateway\n",
    )
    passing = str(FIXTURES / "rules" / "GW201" / "pass.json")
    result = runner.invoke(app, ["check", *names, passing, "--skip-unrecognised", "-q"])
    assert result.exit_code == 0
    assert "in 1 file (2 other files defined no gateway, target or client)" in result.stdout
    result = runner.invoke(app, ["check", *names, str(broken), "--skip-unrecognised", "-q"])
    assert result.exit_code == 2
    assert f"{broken}:1:33: invalid JSON: Expecting property name" in result.output
    result = runner.invoke(app, ["check", names[0], "-q"])
    assert result.exit_code == 2
