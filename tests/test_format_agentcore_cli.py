"""The agentcore CLI project (``agentcore/agentcore.json``) read as the API requests it makes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.findings import Finding, Report, Status

from .conftest import FIXTURES

HERE = FIXTURES / "formats" / "agentcore-cli"
GOOD = HERE / "good" / "agentcore" / "agentcore.json"
FAILURES = HERE / "guide-failures" / "agentcore" / "agentcore.json"
DEPLOY_TIME = HERE / "deploy-time" / "agentcore" / "agentcore.json"
GATEWAY = "/agentCoreGateways/0"

runner = CliRunner()


def checked(path: Path, *select: str) -> Report:
    report = lint([str(path)], select=select)
    assert not report.errors, report.errors
    return report


def failures(report: Report) -> list[tuple[str, str | None, int | None, int | None, str | None]]:
    return sorted(
        (f.rule_id, f.pointer, f.line, f.column, f.key)
        for f in report.findings
        if f.status is Status.FAIL
    )


def one(report: Report, rule_id: str) -> Finding:
    found = [f for f in report.findings if f.rule_id == rule_id and f.status is Status.FAIL]
    assert len(found) == 1, found
    return found[0]


def cli(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *(str(a) for a in args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_correct_project_passes_with_the_checklist_of_the_equivalent_api_json() -> None:
    code, _ = cli(GOOD)
    assert code == 0
    project = {(f.rule_id, f.status.value) for f in checked(GOOD).findings}
    api = {
        (f.rule_id, f.status.value)
        for f in checked(GOOD.parent.parent / "deployment.json").findings
    }
    # What the CLI generates (gateway name, role, the compute Lambda) is skipped,
    # not judged; GW207 has no Lambda region to compare. Everything else agrees.
    assert project - api == {("GW101", "skip"), ("GW102", "skip"), ("GW206", "skip")}
    assert api - project == {
        ("GW101", "pass"),
        ("GW102", "pass"),
        ("GW206", "pass"),
        ("GW207", "pass"),
    }


def test_every_finding_carries_the_format_and_a_pointer_into_agentcore_json() -> None:
    report = checked(GOOD)
    assert {f.format for f in report.findings} == {"agentcore-cli"}
    jwt = [f for f in report.findings if f.rule_id == "GW310"]
    assert [(f.status, f.pointer, f.line, f.column, f.key) for f in jwt] == [
        (
            Status.PASS,
            f"{GATEWAY}/authorizerConfiguration/customJwtAuthorizer",
            53,
            32,
            "customJwtAuthorizer",
        )
    ]
    assert jwt[0].message.startswith("customJwtAuthorizer is configured")


def test_the_guides_failures_are_located_in_the_users_file_and_spelling() -> None:
    code, output = cli(FAILURES)
    assert code == 1
    report = checked(FAILURES)
    target0, target1 = f"{GATEWAY}/targets/0", f"{GATEWAY}/targets/1"
    jwt = f"{GATEWAY}/authorizerConfiguration/customJwtAuthorizer"
    assert failures(report) == [
        ("GW004", f"{target1}/targetType", 19, 25, "targetType"),
        ("GW201", f"{target0}/endpoint", 15, 23, "endpoint"),
        ("GW205", f"{target1}/targetType", 19, 25, "targetType"),
        ("GW301", f"{jwt}/allowedClients", 35, 29, "allowedClients"),
        ("GW309", f"{jwt}/discoveryUrl", 34, 27, "discoveryUrl"),
    ]
    assert one(report, "GW205").message == (
        "Lambda target security-lambda has no toolDefinitions; the gateway needs the "
        "function's tool definitions next to lambdaArn."
    )
    assert one(report, "GW201").fix.startswith(
        "Use the runtime's invocation URL (the runtime ARN, not an endpoint ARN, URL-encoded): "
        "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore"
    )
    assert one(report, "GW301").message == (
        "allowedClients entry 'us-east-1_Ab3De5Gh7' is a Cognito user-pool ID, "
        "not an app client ID."
    )
    assert one(report, "GW309").fix == (
        "Use https://cognito-idp.us-east-1.amazonaws.com/{user-pool-id}/.well-known/"
        "openid-configuration (pool IDs look like us-east-1_AbCdEf123)."
    )
    assert f"{FAILURES}:35:29" in output


def test_deploy_time_values_are_skipped_with_the_reason_and_the_rest_is_checked() -> None:
    code, _ = cli(DEPLOY_TIME)
    assert code == 0
    report = checked(DEPLOY_TIME)
    assert [f for f in report.findings if f.status in (Status.FAIL, Status.ERROR)] == []
    skipped = {
        (f.rule_id, f.pointer, f.message)
        for f in report.findings
        if f.status is Status.SKIP and "set at deploy time" in f.message
    }
    server = f"{GATEWAY}/targets/0"
    assert (
        "GW201",
        f"{server}/compute",
        "not checked: set at deploy time (endpoint of the MCP server the agentcore CLI deploys)",
    ) in skipped
    assert (
        "GW211",
        f"{GATEWAY}/targets/2/schemaSource/inline",
        "not checked: set at deploy time (schema the agentcore CLI reads from "
        "schemas/weather.openapi.json)",
    ) in skipped
    assert (
        "GW102",
        GATEWAY,
        "not checked: set at deploy time (execution role created by the agentcore CLI)",
    ) in skipped
    passed = {(f.rule_id, f.pointer) for f in report.findings if f.status is Status.PASS}
    jwt = f"{GATEWAY}/authorizerConfiguration/customJwtAuthorizer"
    assert ("GW309", f"{jwt}/discoveryUrl") in passed  # resolved around them: still judged
    assert ("GW206", f"{GATEWAY}/targets/3/lambdaFunctionArn/lambdaArn") in passed


def test_the_region_comes_from_aws_targets_json_one_deployment_per_target(tmp_path: Path) -> None:
    project = tmp_path / "agentcore"
    shutil.copytree(GOOD.parent, project)
    (project / "aws-targets.json").write_text(
        json.dumps(
            [
                {"name": "dev", "account": "123456789012", "region": "us-east-1"},
                {"name": "prod", "account": "123456789012", "region": "eu-west-1"},
                {"name": "staging", "account": "210987654321", "region": "us-east-1"},
            ]
        )
    )
    report = checked(project / "agentcore.json", "GW304")
    # us-east-1 (dev and staging, checked once) agrees with the Cognito pool's region;
    # eu-west-1 does not.
    assert sorted((f.status.value, f.pointer) for f in report.findings if f.pointer) == [
        ("fail", f"{GATEWAY}/authorizerConfiguration/customJwtAuthorizer/discoveryUrl"),
        ("pass", f"{GATEWAY}/authorizerConfiguration/customJwtAuthorizer/discoveryUrl"),
    ]


def test_without_aws_targets_json_the_region_is_unknown(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "agentcore.json")
    report = checked(tmp_path / "agentcore.json", "GW304")
    assert [(f.status.value, f.message) for f in report.findings] == [
        ("skip", "only one region is known (us-east-1, from the discovery URL); nothing to compare")
    ]


def test_cli_defaults_become_the_api_values_the_cli_sends(tmp_path: Path) -> None:
    from gwlint.formats import Source
    from gwlint.formats.agentcore_cli import read

    text = json.dumps(
        {
            "name": "p",
            "agentCoreGateways": [
                {"name": "g", "targets": [], "exceptionLevel": "DEBUG", "resourceName": "my-gw"},
                {
                    "name": "h",
                    "targets": [],
                    "enableSemanticSearch": False,
                    "exceptionLevel": "NONE",
                },
            ],
        }
    )
    first, second = read(Source(text, str(tmp_path / "agentcore.json")))
    assert first.data["gateway"]["authorizerType"] == "NONE"
    assert first.data["gateway"]["protocolType"] == "MCP"
    assert first.data["gateway"]["protocolConfiguration"] == {"mcp": {"searchType": "SEMANTIC"}}
    assert first.data["gateway"]["exceptionLevel"] == "DEBUG"
    assert first.data["gateway"]["name"] == "my-gw"
    assert first.document.names["name"] == "resourceName"
    assert "protocolConfiguration" not in second.data["gateway"]
    assert "exceptionLevel" not in second.data["gateway"]


def test_syntax_errors_are_one_located_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "agentcore.json"
    path.write_text('{\n  "agentCoreGateways": [\n    { "name": "gw", "targets": [ }\n  ]\n}\n')
    code, output = cli(path)
    assert code == 2
    assert (
        output.strip()
        == f"error: {path}:3:34: invalid project file of the agentcore CLI: Expecting value"
    )


def test_a_wrongly_typed_field_the_cli_refuses_is_located(tmp_path: Path) -> None:
    path = tmp_path / "agentcore.json"
    path.write_text(
        '{"agentCoreGateways": [\n {"name": "gw", "targets": [],\n'
        '  "enableSemanticSearch": "yes"}]}\n'
    )
    code, output = cli(path)
    assert code == 2
    assert output.strip() == (
        f"error: {path}:3:27: invalid project file of the agentcore CLI: "
        "/agentCoreGateways/0/enableSemanticSearch: "
        "the agentcore CLI expects a boolean, not a string"
    )


def test_a_broken_aws_targets_json_is_named(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "agentcore.json")
    (tmp_path / "aws-targets.json").write_text("[{")
    code, output = cli(tmp_path / "agentcore.json")
    assert code == 2
    assert output.strip() == (
        f"error: {tmp_path / 'agentcore.json'}:1:1: invalid project file of the agentcore CLI: "
        f"{tmp_path / 'aws-targets.json'} beside it is not JSON (Expecting property name "
        "enclosed in double quotes at line 1, column 3)"
    )


def test_a_project_without_gateways_is_named_when_given_and_skipped_in_a_folder(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty" / "agentcore"
    empty.mkdir(parents=True)
    (empty / "agentcore.json").write_text(
        '{"name": "x", "version": 1, "managedBy": "CDK", "agentCoreGateways": []}'
    )
    code, output = cli(empty / "agentcore.json")
    assert code == 2
    assert output.strip() == (
        f"error: {empty / 'agentcore.json'}:1:1: looks like a project file of the agentcore CLI "
        "but defines no AgentCore gateway or target"
    )
    shutil.copytree(GOOD.parent, tmp_path / "good" / "agentcore")
    report = lint([str(tmp_path)])
    assert report.errors == []
    assert {f.file for f in report.findings} == {
        str(tmp_path / "good" / "agentcore" / "agentcore.json")
    }


@pytest.mark.parametrize(
    ("path", "loaded"),
    [(FIXTURES / "examples" / "good" / "deployment.json", False), (GOOD, True)],
)
def test_the_reader_and_its_schema_load_only_for_a_project_file_and_no_sdk_ever(
    path: Path, loaded: bool
) -> None:
    script = (
        "import json, sys\n"
        f"sys.argv = ['gwlint', 'check', {str(path)!r}]\n"
        "from gwlint.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps({'code': code, 'reader': 'gwlint.formats.agentcore_cli' in sys.modules,"
        " 'jsonschema': 'jsonschema' in sys.modules,"
        " 'sdk': sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('boto3', 'botocore', 'requests'))}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "reader": loaded, "jsonschema": loaded, "sdk": []}


def test_http_runtime_targets_and_newer_target_types_are_not_failed(tmp_path: Path) -> None:
    path = tmp_path / "agentcore.json"
    path.write_text(
        json.dumps(
            {
                "name": "web",
                "agentCoreGateways": [
                    {
                        "name": "site",
                        "protocolType": "None",
                        "authorizerType": "AWS_IAM",
                        "targets": [
                            {
                                "name": "app",
                                "targetType": "httpRuntime",
                                "httpRuntime": {"runtime": "WebAgent", "runtimeEndpoint": "prod"},
                            },
                            {"name": "later", "targetType": "a2aServer", "endpoint": "https://x"},
                        ],
                    }
                ],
            },
            indent=1,
        )
    )
    report = checked(path)
    assert failures(report) == []
    skips = {(f.rule_id, f.pointer, f.message) for f in report.findings if f.status is Status.SKIP}
    assert (
        "GW214",
        f"{GATEWAY}/targets/0/httpRuntime/runtime",
        "not checked: set at deploy time (ARN of runtime WebAgent)",
    ) in skips
    assert (
        "GW212",
        f"{GATEWAY}/targets/1/targetType",
        "not checked: set at deploy time (targetType 'a2aServer', which gwlint does not translate)",
    ) in skips


def test_an_aws_targets_file_that_is_no_regular_file_is_named_not_waited_on(
    tmp_path: Path,
) -> None:
    """A FIFO as aws-targets.json is refused by the project's reader, never opened."""
    import os

    project = tmp_path / "agentcore"
    project.mkdir()
    shutil.copy(GOOD, project / "agentcore.json")
    os.mkfifo(project / "aws-targets.json")
    report = lint([str(project / "agentcore.json")])
    [error] = report.errors
    assert error.message.startswith(
        f"invalid project file of the agentcore CLI: {project / 'aws-targets.json'} beside it "
        "cannot be read: "
    )
    assert "FIFO" in error.message or "not a regular file" in error.message
