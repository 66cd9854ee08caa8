"""SARIF 2.1.0 output, as GitHub code scanning reads it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from gwlint.cli import app
from gwlint.findings import Finding, InputError, Report, Severity, Status
from gwlint.registry import all_rules
from gwlint.report import FORMATS
from gwlint.report.sarif import FINGERPRINT_KEY, as_dict

from .conftest import FIXTURES

GW201_FAIL = FIXTURES / "rules" / "GW201" / "fail.json"
GW001_FAIL = FIXTURES / "rules" / "GW001" / "fail.json"
runner = CliRunner()

# What GitHub code scanning requires of an upload (its SARIF support page),
# written down here as a schema: required properties and 1-based regions.
_MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
GITHUB_SUBSET = {
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "shortDescription",
                                                "fullDescription",
                                                "help",
                                            ],
                                            "not": {"required": ["helpUri"]},
                                            "properties": {
                                                "shortDescription": _MESSAGE,
                                                "fullDescription": _MESSAGE,
                                                "help": {
                                                    "type": "object",
                                                    "required": ["text", "markdown"],
                                                },
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {
                                                            "enum": ["error", "warning", "note"]
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "ruleId",
                                "message",
                                "locations",
                                "partialFingerprints",
                                "level",
                            ],
                            "properties": {
                                "level": {"enum": ["error", "warning", "note"]},
                                "message": _MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": 10,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {
                                    "type": "object",
                                    "required": [FINGERPRINT_KEY],
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def sarif(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", *map(str, args), "--format", "sarif"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed: {result.exception!r}")
    payload: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator(GITHUB_SUBSET).validate(payload)
    return result.exit_code, payload


def results(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = payload["runs"][0]["results"]
    return found


def git_repo(tmp_path: Path) -> Path:
    """A folder that looks like a repository root (``.git`` is all gwlint checks)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


# -- structure ---------------------------------------------------------------------


def test_sarif_is_registered_as_a_format() -> None:
    assert "sarif" in FORMATS


def test_structure_rules_and_levels(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = git_repo(tmp_path)
    (root / "deploy").mkdir()
    target = root / "deploy" / "target.json"
    target.write_text(GW201_FAIL.read_text())
    client = root / "deploy" / "client.json"
    client.write_text(GW001_FAIL.read_text())
    monkeypatch.chdir(root / "deploy")  # a subfolder: URIs stay repository-relative
    code, payload = sarif("target.json", "client.json", "--select", "GW201,GW001")
    assert code == 1
    assert payload["version"] == "2.1.0"
    assert payload["$schema"].endswith("sarif-2.1.0.json")
    [run] = payload["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gwlint"
    assert [r["id"] for r in driver["rules"]] == ["GW001", "GW201"]
    gw201 = driver["rules"][1]
    assert gw201["name"] == "target-endpoint-not-arn"
    assert gw201["shortDescription"]["text"] == (
        "An ARN was given where the gateway needs an HTTPS endpoint."
    )
    assert gw201["fullDescription"]["text"].startswith(gw201["shortDescription"]["text"] + " ")
    assert "## Symptom" in gw201["help"]["markdown"]
    assert "## Fix" in gw201["help"]["text"]
    assert gw201["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "warning"}
    assert "helpUri" not in json.dumps(payload)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]

    # passes are not results; one result per failure, pointing at its rule
    got = sorted(
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["properties"]["pointer"],
        )
        for r in results(payload)
    )
    assert got == [
        ("GW001", "warning", "deploy/client.json", 5, 12, "/scope"),
        (
            "GW201",
            "error",
            "deploy/target.json",
            7,
            21,
            "/targetConfiguration/mcp/mcpServer/endpoint",
        ),
    ]
    for result in results(payload):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].split("\n")[0]
        assert "\nFix: " in result["message"]["text"]


def test_clean_input_has_no_results_but_lists_the_rules(tmp_path: Path) -> None:
    code, payload = sarif(FIXTURES / "rules" / "GW201" / "pass.json", "--select", "GW201")
    assert code == 0
    assert results(payload) == []
    assert [r["id"] for r in payload["runs"][0]["tool"]["driver"]["rules"]] == ["GW201"]


INFO_AND_CRASH = '''
"""Two test rules.

## Why
Levels.
"""
from gwlint.rule import Context, Severity, rule


@rule(id="ZZ001", name="advice", severity=Severity.INFO, summary="s", fix="f")
def advice(ctx: Context):
    yield ctx.fail(None, None, "consider this.")


@rule(id="ZZ002", name="crash", severity=Severity.WARNING, summary="s", fix="f")
def crash(ctx: Context):
    raise KeyError("boom")
    yield
'''


def test_info_is_a_note_and_a_crash_is_a_result(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "zz.py").write_text(textwrap.dedent(INFO_AND_CRASH))
    code, payload = sarif(GW201_FAIL, "--rules-dir", pack, "--select", "ZZ")
    assert code == 0  # info and warning do not fail at --fail-on error
    got = {(r["ruleId"], r["level"], r["properties"]["status"]) for r in results(payload)}
    assert got == {("ZZ001", "note", "fail"), ("ZZ002", "warning", "error")}
    rules = {r["id"]: r for r in payload["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ZZ001"]["defaultConfiguration"] == {"level": "note"}
    assert rules["ZZ001"]["properties"]["problem.severity"] == "recommendation"


def test_input_errors_become_notifications(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = git_repo(tmp_path)
    (root / "bad.json").write_text('{\n  "client_id": \n}')
    (root / "ok.json").write_text(GW201_FAIL.read_text())
    monkeypatch.chdir(root)
    code, payload = sarif("bad.json", "ok.json", "--select", "GW201")
    assert code == 2
    [invocation] = payload["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "invalid JSON: Expecting value"
    assert note["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "bad.json"},
        "region": {"startLine": 3, "startColumn": 1},
    }
    assert [r["ruleId"] for r in results(payload)] == ["GW201"]


# -- locations ---------------------------------------------------------------------


def test_uri_outside_the_repository_is_a_file_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_repo(tmp_path)
    outside = tmp_path / "elsewhere" / "my config.json"
    outside.parent.mkdir()
    outside.write_text(GW201_FAIL.read_text())
    monkeypatch.chdir(root)
    _, payload = sarif(outside, "--select", "GW201")
    [result] = results(payload)
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == outside.as_uri()
    assert uri.endswith("/my%20config.json")


def test_relative_uri_is_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = git_repo(tmp_path)
    (root / "gate way#1.json").write_text(GW201_FAIL.read_text())
    monkeypatch.chdir(root)
    _, payload = sarif("gate way#1.json", "--select", "GW201")
    [result] = results(payload)
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "gate%20way%231.json"
    }


def _finding(**changes: Any) -> Finding:
    base: dict[str, Any] = {
        "rule_id": "GW201",
        "rule_name": "target-endpoint-not-arn",
        "status": Status.FAIL,
        "severity": Severity.ERROR,
        "message": "endpoint is an ARN.",
        "file": "deploy/target.json",
        "pointer": "/endpoint",
        "line": 3,
        "column": 5,
    }
    base.update(changes)
    return Finding(**base)


def test_findings_without_a_line_or_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # finding files are relative to the working directory
    rules = all_rules()
    report = Report(
        findings=[
            _finding(line=None, column=None),
            _finding(file=None, pointer=None, line=None, column=None, resource="target live-1"),
        ]
    )
    payload = as_dict(report, rules, root=str(tmp_path))
    no_line, live = results(payload)
    assert no_line["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "deploy/target.json"}}}
    ]
    assert live["locations"] == [
        {"logicalLocations": [{"name": "target live-1", "kind": "resource"}]}
    ]
    assert no_line["partialFingerprints"] != live["partialFingerprints"]


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    report = Report(findings=[_finding(), _finding(rule_id="GW001", rule_name="duplicate-key")])
    render = FORMATS["sarif"]
    assert render(report, rules=all_rules(), root=str(tmp_path)) == render(
        report, rules=all_rules(), root=str(tmp_path)
    )


# -- fingerprints --------------------------------------------------------------------


def _fingerprints(payload: dict[str, Any]) -> dict[tuple[str, str], tuple[str, int]]:
    return {
        (r["ruleId"], r["properties"]["pointer"]): (
            r["partialFingerprints"][FINGERPRINT_KEY],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results(payload)
    }


def test_fingerprint_survives_lines_inserted_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_repo(tmp_path)
    config = root / "target.json"
    original = GW201_FAIL.read_text()
    config.write_text(original)
    monkeypatch.chdir(root)
    before = _fingerprints(sarif("target.json", "--select", "GW201")[1])

    edited = original.replace("{\n", '{\n  "description": "tools for the security team",\n\n', 1)
    config.write_text(edited)
    after = _fingerprints(sarif("target.json", "--select", "GW201")[1])

    key = ("GW201", "/targetConfiguration/mcp/mcpServer/endpoint")
    assert before[key][1] == 7 and after[key][1] == 9  # the line moved
    assert before[key][0] == after[key][0]  # the alert did not


def test_fingerprint_depends_on_rule_file_and_pointer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rules = all_rules()
    variants = [
        _finding(),
        _finding(rule_id="GW202", rule_name="mcp-endpoint-https"),
        _finding(file="deploy/other.json"),
        _finding(pointer="/targets/1/endpoint"),
    ]
    payload = as_dict(Report(findings=variants), rules, root=str(tmp_path))
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results(payload)]
    assert len(set(prints)) == len(prints)
    # message, line and column are not part of it
    same = as_dict(
        Report(findings=[_finding(message="reworded.", line=40, column=1)]),
        rules,
        root=str(tmp_path),
    )
    assert results(same)[0]["partialFingerprints"][FINGERPRINT_KEY] == prints[0]


def test_fingerprint_is_independent_of_the_checkout_location(tmp_path: Path) -> None:
    rules = all_rules()
    report = Report(findings=[_finding(file=str(tmp_path / "a" / "deploy" / "target.json"))])
    other = Report(findings=[_finding(file=str(tmp_path / "b" / "deploy" / "target.json"))])
    one = as_dict(report, rules, root=str(tmp_path / "a"))
    two = as_dict(other, rules, root=str(tmp_path / "b"))
    assert results(one)[0]["partialFingerprints"] == results(two)[0]["partialFingerprints"]


def test_input_error_report_object_is_used() -> None:
    """InputError carries file/line/column into SARIF notifications unchanged."""
    report = Report(errors=[InputError("x.json", 2, 3, "invalid JSON: Expecting value")])
    payload = as_dict(report, [], root="/")
    region = payload["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0][
        "physicalLocation"
    ]["region"]
    assert region == {"startLine": 2, "startColumn": 3}
