"""Terraform configurations: module folders, .tf.json and plan files, read as deployments."""

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
from gwlint.findings import Report

from .conftest import FIXTURES, ROOT, of_rule, only

TF = FIXTURES / "formats" / "terraform"
GOOD, FAILURES, DEPLOY_TIME = TF / "good", TF / "guide-failures", TF / "deploy-time"
GW = "/resource/aws_bedrockagentcore_gateway/main"
LAMBDA = "/resource/aws_bedrockagentcore_gateway_target/security_lambda"
RUNTIME_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/rt-AbCdEf1234"
runner = CliRunner()


def checklist(report: Report) -> set[tuple[str, str]]:
    return {(f.rule_id, f.status.value) for f in report.findings}


def cli(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def fails(report: Report) -> list[tuple[str, str | None, int | None, int | None, str | None]]:
    return sorted(
        (f.rule_id, Path(f.file).name if f.file else None, f.line, f.column, f.key)
        for f in report.findings
        if f.status.value == "fail"
    )


def test_good_module_passes_with_the_checklist_of_its_api_json() -> None:
    code, out = cli("check", GOOD)
    assert code == 0, out
    module, api = lint([str(GOOD)]), lint([str(TF / "good.json")])
    assert not module.errors and not api.errors
    assert checklist(module) == checklist(api)
    assert {f.format for f in module.findings} == {"terraform"}


def test_module_translates_to_exactly_the_api_request() -> None:
    from gwlint.sources import load_many

    [loaded] = load_many(GOOD / "main.tf")
    assert loaded.document.data == json.loads((TF / "good.json").read_text())
    assert loaded.deployment.address == "aws_bedrockagentcore_gateway.main"


def test_targets_in_another_file_pair_and_are_located_there() -> None:
    report = lint([str(GOOD)])
    name = only(of_rule(report, "GW101"))  # the module's one gateway, read once
    assert (Path(name.file or "").name, name.line, name.column) == ("main.tf", 3, 21)
    tools = only([f for f in of_rule(report, "GW205")])
    assert (Path(tools.file or "").name, tools.line, tools.column) == ("targets.tf", 35, 11)
    assert (
        tools.pointer
        == f"{LAMBDA}/target_configuration/0/mcp/0/lambda/0/tool_schema/0/inline_payload/0"
    )


def test_any_file_of_the_module_named_alone_checks_the_module_once() -> None:
    whole = lint([str(GOOD)])
    for name in ("targets.tf", "variables.tf"):
        report = lint([str(GOOD / name)])
        assert not report.errors
        assert sorted(f.rule_id for f in report.findings) == sorted(
            f.rule_id for f in whole.findings
        )
        assert {Path(f.file or "").name for f in report.findings} == {
            "main.tf",
            "targets.tf",
            "providers.tf",  # the region
        }
    named = lint([str(GOOD / "variables.tf"), str(GOOD / "main.tf"), str(GOOD)])
    assert sorted(f.rule_id for f in named.findings) == sorted(f.rule_id for f in whole.findings)


def test_variable_defaults_are_resolved_and_checked() -> None:
    report = lint([str(GOOD)])
    clients = only(of_rule(report, "GW301"))
    assert clients.status.value == "pass"
    assert (clients.line, clients.column, clients.key) == (12, 25, "allowed_clients")
    url = only(of_rule(report, "GW309"))
    assert url.status.value == "pass"
    assert (
        url.message == "discovery_url is an https discovery URL on Amazon Cognito's documented path"
    )


def test_guide_failures_are_located_in_the_users_spelling() -> None:
    code, out = cli("check", FAILURES, "--quiet")
    assert code == 1
    report = lint([str(FAILURES)])
    assert fails(report) == [
        ("GW004", "targets.tf", 24, 7, "lambda"),
        ("GW201", "targets.tf", 8, 20, "endpoint"),
        ("GW205", "targets.tf", 24, 7, "lambda"),
        ("GW217", "targets.tf", 36, 5, "oauth"),
        ("GW301", "main.tf", 16, 25, "allowed_clients"),
        ("GW309", "main.tf", 14, 25, "discovery_url"),
    ]
    tools = only([f for f in of_rule(report, "GW205") if f.status.value == "fail"])
    assert tools.message == (
        "Lambda target security-lambda has no tool_schema; the gateway needs the "
        "function's tool definitions next to lambda_arn."
    )
    pool = only(of_rule(report, "GW301"))
    assert pool.message == (
        "allowed_clients entry 'us-east-1_Ab3De5Gh7' is a Cognito user-pool ID, "
        "not an app client ID."
    )
    assert (
        pool.pointer == f"{GW}/authorizer_configuration/0/custom_jwt_authorizer/0/allowed_clients"
    )
    arn = only(of_rule(report, "GW201"))
    assert arn.fix.startswith("Use the runtime's invocation URL")
    assert "runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1" in arn.fix
    scopes = only([f for f in of_rule(report, "GW217") if f.status.value == "fail"])
    assert scopes.message == "oauth has no scopes; it is required (use [] for none)."
    assert scopes.fix.startswith("OAUTH: credential_provider_configuration.oauth{provider_arn,")
    assert "targets.tf:8:20" in out


def test_deploy_time_values_are_skipped_and_literals_around_them_checked() -> None:
    code, out = cli("check", DEPLOY_TIME)
    assert code == 0, out
    report = lint([str(DEPLOY_TIME)])
    assert not [f for f in report.findings if f.status.value == "fail"]
    endpoint = only(of_rule(report, "GW201"))
    assert (endpoint.status.value, endpoint.message) == (
        "skip",
        "not checked: set at deploy time (module.runtime.invocation_url)",
    )
    assert (endpoint.line, endpoint.column) == (60, 20)
    name = only(of_rule(report, "GW101"))
    assert name.message == 'not checked: set at deploy time ("${local.name_prefix}-gateway")'
    assert [(f.status.value, f.line, f.column, f.message) for f in of_rule(report, "GW310")] == [
        ("skip", 30, 25, "not checked: set at deploy time (var.allowed_client_ids)"),
        (
            "skip",
            31,
            25,
            'not checked: set at deploy time ([for s in ["invoke"] : "${local.name_prefix}/${s}"])',
        ),
        ("skip", 33, 7, 'not checked: set at deploy time (dynamic "custom_claim")'),
    ]
    kind = only(of_rule(report, "GW103"))
    assert (kind.status.value, kind.line, kind.key) == ("pass", 23, "authorizer_type")


def test_syntax_error_is_one_located_line(tmp_path: Path) -> None:
    bad = tmp_path / "main.tf"
    bad.write_text('resource "aws_bedrockagentcore_gateway" "gw" {\n  name = \n}\n')
    code, out = cli("check", bad)
    assert code == 2
    assert out.strip() == f"error: {bad}:2:10: invalid Terraform configuration: unexpected '}}'"


def test_unterminated_block_is_located_at_the_end(tmp_path: Path) -> None:
    bad = tmp_path / "main.tf"
    bad.write_text('resource "aws_bedrockagentcore_gateway" "gw" {\n  name = "x"\n')
    code, out = cli("check", bad)
    assert code == 2
    assert (
        out.strip() == f"error: {bad}:3:1: invalid Terraform configuration: unexpected end of file"
    )


def test_a_module_without_gateways_is_skipped_in_folders_and_named_alone(tmp_path: Path) -> None:
    (tmp_path / "network.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
    shutil.copy(TF / "good.json", tmp_path / "good.json")
    code, out = cli("check", tmp_path, "--quiet")
    assert code == 0, out
    code, out = cli("check", tmp_path / "network.tf")
    assert code == 2
    assert out.strip() == (
        f"error: {tmp_path / 'network.tf'}: looks like a Terraform configuration but defines "
        "no AgentCore gateway or target"
    )


def test_broken_sibling_does_not_hide_the_file_read(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "m")
    (tmp_path / "m" / "broken.tf").write_text("locals {\n")
    report = lint([str(tmp_path / "m" / "main.tf")])
    assert not report.errors
    assert checklist(report) == checklist(lint([str(GOOD)]))


def test_tf_json_is_read_with_its_json_positions(tmp_path: Path) -> None:
    config = {
        "provider": {"aws": {"region": "us-east-1"}},
        "resource": {
            "aws_bedrockagentcore_gateway": {
                "main": {
                    "name": "tools-gateway",
                    "role_arn": "arn:aws:iam::123456789012:role/GatewayExecutionRole",
                    "authorizer_type": "AWS_IAM",
                    "protocol_type": "MCP",
                }
            },
            "aws_bedrockagentcore_gateway_target": {
                "lambda": {
                    "name": "tools",
                    "gateway_identifier": "${aws_bedrockagentcore_gateway.main.gateway_id}",
                    "credential_provider_configuration": {"gateway_iam_role": {}},
                    "target_configuration": {
                        "mcp": {"lambda": {"lambda_arn": "${aws_lambda_function.tools.arn}"}}
                    },
                }
            },
        },
    }
    path = tmp_path / "main.tf.json"
    path.write_text(json.dumps(config, indent=2))
    report = lint([str(path)])
    assert not report.errors
    assert fails(report) == [
        ("GW004", "main.tf.json", 25, 23, "lambda"),
        ("GW205", "main.tf.json", 25, 23, "lambda"),
    ]
    arn = only(of_rule(report, "GW206"))
    assert arn.message == "not checked: set at deploy time (${aws_lambda_function.tools.arn})"
    assert only(of_rule(report, "GW101")).status.value == "pass"


def test_tf_json_escaped_interpolation_is_text_not_a_variable(tmp_path: Path) -> None:
    """``$${var.x}`` is the literal text ``${var.x}`` in Terraform, never the variable."""
    config = {
        "variable": {"prefix": {"default": "tools"}},
        "resource": {
            "aws_bedrockagentcore_gateway": {
                "main": {
                    "name": "$${var.prefix}",
                    "role_arn": "arn:aws:iam::123456789012:role/GatewayExecutionRole",
                    "authorizer_type": "AWS_IAM",
                    "protocol_type": "MCP",
                }
            }
        },
    }
    path = tmp_path / "main.tf.json"
    path.write_text(json.dumps(config, indent=2))
    name = only(of_rule(lint([str(path)]), "GW101"))
    assert name.status.value == "fail"  # '${var.prefix}' is no valid gateway name
    assert "'${var.prefix}'" in name.message


def _plan() -> dict[str, object]:
    gateway_values = {
        "name": "tools-gateway",
        "authorizer_type": "CUSTOM_JWT",
        "protocol_type": "MCP",
        "description": None,
        "region": "us-east-1",
        "authorizer_configuration": [
            {
                "custom_jwt_authorizer": [
                    {
                        "discovery_url": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
                        "allowed_clients": ["us-east-1_Ab3De5Gh7"],
                    }
                ]
            }
        ],
        "interceptor_configuration": [],
        "tags": None,
    }
    target_values = {
        "name": "runtime",
        "region": "us-east-1",
        "credential_provider_configuration": [],
        "target_configuration": [{"mcp": [{"mcp_server": [{"endpoint": RUNTIME_ARN}]}]}],
    }
    gw, tg = "aws_bedrockagentcore_gateway.main", "aws_bedrockagentcore_gateway_target.runtime"
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": gw,
                        "mode": "managed",
                        "type": gw.split(".")[0],
                        "name": "main",
                        "values": gateway_values,
                    },
                    {
                        "address": tg,
                        "mode": "managed",
                        "type": tg.split(".")[0],
                        "name": "runtime",
                        "values": target_values,
                    },
                ]
            }
        },
        "resource_changes": [
            {
                "address": gw,
                "change": {
                    "actions": ["create"],
                    "after_unknown": {
                        "gateway_id": True,
                        "role_arn": True,
                    },
                },
            },
            {
                "address": tg,
                "change": {"actions": ["create"], "after_unknown": {"gateway_identifier": True}},
            },
        ],
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": tg,
                        "type": tg.split(".")[0],
                        "expressions": {
                            "gateway_identifier": {"references": [f"{gw}.gateway_id", gw]}
                        },
                    }
                ]
            }
        },
    }


def test_plan_pairs_by_references_and_skips_values_known_after_apply(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_plan(), indent=1))
    report = lint([str(path)])
    assert not report.errors
    assert fails(report) == [
        ("GW201", "plan.json", 49, 25, "endpoint"),
        ("GW301", "plan.json", 23, 30, "allowed_clients"),
    ]
    arn = only(of_rule(report, "GW201"))
    assert arn.pointer == (
        "/planned_values/root_module/resources/1/values/target_configuration/0/mcp/0"
        "/mcp_server/0/endpoint"
    )
    assert {f.format for f in report.findings} == {"terraform-plan"}
    role = only(of_rule(report, "GW102"))
    assert role.message == "not checked: set at deploy time (known after apply)"
    # computed ids (gateway_id…) and Terraform's own arguments (region) are left out
    assert {f.status.value for f in of_rule(report, "GW002")} == {"pass"}
    assert len(report.findings) == len({(f.rule_id, f.pointer, f.message) for f in report.findings})


def test_hcl_parser_loads_only_for_terraform_files() -> None:
    script = (
        "import sys\nfrom gwlint import lint\n"
        f"lint([{str(TF / 'good.json')!r}])\n"
        "before = 'hcl2' in sys.modules or 'lark' in sys.modules\n"
        f"lint([{str(GOOD)!r}])\n"
        "sdk = 'boto3' in sys.modules or 'requests' in sys.modules\n"
        "print(before, 'hcl2' in sys.modules, sdk)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True", "False"]


def test_hcl_values_heredocs_escapes_and_jsonencode() -> None:
    from gwlint.formats.hcl import Decoder, parse
    from gwlint.jsonpos import LocatedDocument
    from gwlint.unresolved import Unresolved

    text = (
        'a = "x\\"y\\u00e9 $${lit}"\n'
        "b = <<-EOT\n    one\n      two\n    EOT\n"
        'c = jsonencode({ type = "object", n = [1, true, null] })\n'
        'd = "${var.known}-${var.unknown}"\n'
        'e = "${var.known}-suffix"\n'
        'f = upper("x")\n'
    )
    body = Decoder(text, "f.tf", LocatedDocument(data=None), {"known": "k"}).body(
        parse(text).body, ""
    )
    assert body.attributes == {
        "a": 'x"yé ${lit}',
        "b": "one\n  two\n",
        "c": '{"type":"object","n":[1,true,null]}',
        "d": Unresolved('"${var.known}-${var.unknown}"'),
        "e": "k-suffix",
        "f": Unresolved('upper("x")'),
    }


def test_provider_alias_gives_the_region(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n'
        'resource "aws_bedrockagentcore_gateway" "gw" {\n  provider        = aws.west\n'
        '  name            = "tools"\n  role_arn        = "arn:aws:iam::123456789012:role/R"\n'
        '  authorizer_type = "AWS_IAM"\n}\n'
        'resource "aws_bedrockagentcore_gateway_target" "fn" {\n'
        "  gateway_identifier = aws_bedrockagentcore_gateway.gw.gateway_id\n"
        "  credential_provider_configuration {\n    gateway_iam_role {}\n  }\n"
        "  target_configuration {\n    mcp {\n      lambda {\n"
        '        lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:Tools"\n'
        "        tool_schema {\n"
        '          s3 { uri = "s3://tools-bucket/tools.json" }\n'
        "        }\n      }\n    }\n  }\n}\n"
    )
    report = lint([str(tmp_path)])
    region = only(of_rule(report, "GW207"))
    assert (region.status.value, region.line, region.column) == ("fail", 22, 22)
    assert "us-west-2" in region.message


def test_secrets_in_deploy_time_text_are_masked(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_bedrockagentcore_gateway_target" "mcp" {\n'
        "  gateway_identifier = var.gateway_id\n"
        "  target_configuration {\n    mcp {\n      mcp_server {\n"
        '        endpoint = "https://svc:hunter2-secret@${var.host}/mcp"\n'
        "      }\n    }\n  }\n}\n"
    )
    code, out = cli("check", tmp_path, "--format", "json")
    assert code == 0
    assert "hunter2-secret" not in out
    endpoint = only(of_rule(lint([str(tmp_path)]), "GW201"))
    assert endpoint.message == 'not checked: set at deploy time ("https://***@${var.host}/mcp")'


def test_repeated_blocks_credentials_and_payloads_take_the_api_shape() -> None:
    from gwlint.sources import load_many

    [loaded] = load_many(TF / "target-kinds" / "main.tf")
    data = loaded.document.data
    jwt = data["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]
    assert jwt["customClaims"] == [
        {
            "inboundTokenClaimName": "groups",
            "inboundTokenClaimValueType": "STRING_ARRAY",
            "authorizingClaimMatchValue": {
                "claimMatchOperator": "CONTAINS",
                "claimMatchValue": {"matchValueString": "tools-users"},
            },
        }
    ]
    assert data["gateway"]["interceptorConfigurations"] == [
        {
            "interceptionPoints": ["REQUEST"],
            "interceptor": {
                "lambda": {"arn": "arn:aws:lambda:us-east-1:123456789012:function:Interceptor"}
            },
            "inputConfiguration": {"passRequestHeaders": True},
        }
    ]
    api, runtime, openapi = data["targets"]
    assert api["targetConfiguration"]["mcp"]["apiGateway"]["apiGatewayToolConfiguration"] == {
        "toolFilters": [{"filterPath": "/pets", "methods": ["GET"]}],
        "toolOverrides": [{"name": "ListPets", "path": "/pets", "method": "GET"}],
    }
    assert api["credentialProviderConfigurations"][0]["credentialProviderType"] == "API_KEY"
    assert runtime["credentialProviderConfigurations"] == [
        {"credentialProviderType": "GATEWAY_IAM_ROLE"}
    ]
    oauth = openapi["credentialProviderConfigurations"][0]["credentialProvider"]
    assert oauth["oauthCredentialProvider"]["customParameters"] == {"audience": "tickets"}
    payload = openapi["targetConfiguration"]["mcp"]["openApiSchema"]["inlinePayload"]
    assert json.loads(payload)["paths"]["/tickets"]["get"]["operationId"] == "listTickets"
    report = lint([str(TF / "target-kinds")])
    assert not [f for f in report.findings if f.status.value in ("fail", "error")]
    claim = [f for f in report.findings if f.key == "custom_claim"]
    assert claim and {f.line for f in claim} == {10}


def test_readme_example_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = (ROOT / "README.md").read_text().split("### Terraform")[1].split("\n## ")[0]
    hcl = section.split("```hcl\n")[1].split("```")[0]
    shown = section.split("```console\n")[1].split("```")[0].splitlines()
    main, targets = hcl.split('\nresource "aws_bedrockagentcore_gateway_target"')
    folder = tmp_path / "infra" / "gateway"
    folder.mkdir(parents=True)
    (folder / "main.tf").write_text(main)
    (folder / "targets.tf").write_text('resource "aws_bedrockagentcore_gateway_target"' + targets)
    monkeypatch.chdir(tmp_path)
    code, out = cli(*shown[0].removeprefix("$ gwlint ").split())
    assert code == 1
    printed = iter(out.splitlines())
    for line in shown[1:]:
        head, _, tail = line.partition("…")
        assert any(
            got.startswith(head) and got.endswith(tail.rsplit("…", 1)[-1]) for got in printed
        ), line


def test_tf_json_syntax_error_is_one_located_line(tmp_path: Path) -> None:
    bad = tmp_path / "main.tf.json"
    bad.write_text('{\n  "resource": {\n    "aws_bedrockagentcore_gateway": {,\n')
    code, out = cli("check", bad)
    assert code == 2
    assert out.startswith(f"error: {bad}:3:38: invalid Terraform configuration: "), out
    assert len(out.strip().splitlines()) == 1


def test_comments_of_one_module_file_never_suppress_findings_in_another(tmp_path: Path) -> None:
    """Naming variables.tf checks the module; its comments do not apply to main.tf's lines."""
    module = tmp_path / "gateway"
    shutil.copytree(TF / "guide-failures", module)
    blank = "\n" * 14  # the directive on line 15 would cover main.tf's line 16 (GW301)
    (module / "variables.tf").write_text(
        f'variable "unused" {{\n  type = string\n}}\n{blank[3:]}'
        "# gwlint: ignore[GW301] not this file's finding\n"
    )
    code, output = cli("check", module / "variables.tf", "--select", "GW301", "-q")
    assert code == 1, output
    assert f"✗ GW301 client-id-not-pool-id [error] {module / 'main.tf'}:16:25" in output
    assert "suppressed" not in output


def test_each_module_files_comments_suppress_its_own_findings(tmp_path: Path) -> None:
    """A directive in targets.tf covers its finding, main.tf's covers its own, whichever file
    of the module is read first."""
    module = tmp_path / "gateway"
    shutil.copytree(TF / "guide-failures", module)
    (module / "backend.tf").write_text("terraform {}\n")  # sorts first in a folder scan
    for name, line in (("main.tf", 16), ("targets.tf", 8)):
        rows = (module / name).read_text().splitlines(keepends=True)
        rule = "GW301" if name == "main.tf" else "GW201"
        rows.insert(line - 1, f"# gwlint: ignore[{rule}] reviewed with the platform team\n")
        (module / name).write_text("".join(rows))
    for named in (module, module / "backend.tf", module / "targets.tf"):
        code, output = cli("check", named, "--select", "GW201,GW301", "-q")
        assert code == 0, output
        assert "✗ GW201" not in output and "✗ GW301" not in output, output
        assert "2 suppressed in 1 file" in output
