"""CloudFormation templates (YAML, JSON) and CDK synth output, read as the API's requests.

The fixtures under ``fixtures/formats/cloudformation/`` are written as template
authors write them: a correct gateway with two targets (and its API JSON
twin), the troubleshooting guide's mistakes, and a template whose values come
from parameters, other resources and SSM.
"""

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
from gwlint.findings import Finding, Status
from gwlint.formats import FormatError, Source
from gwlint.formats.cfn_yaml import loads
from gwlint.jsonpos import Position
from gwlint.sources import load_many
from gwlint.unresolved import Unresolved

from .conftest import FIXTURES, ROOT, lint_one

CFN = FIXTURES / "formats" / "cloudformation"
GOOD = CFN / "gateway.yaml"
GOOD_API = CFN / "gateway.api.json"
GUIDE = CFN / "guide-failures.yaml"
DEPLOY_TIME = CFN / "deploy-time.yaml"
CDK = CFN / "cdk.out" / "SecurityGatewayStack.template.json"
PROPS = "/Resources/{}/Properties"

runner = CliRunner()


def checklist(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule_id, f.status.value) for f in findings}


def cli(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *(str(a) for a in args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def deploy_time_skips(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return sorted(
        (f.rule_id, f.pointer)
        for f in findings
        if f.status is Status.SKIP and f.message.startswith("not checked: set at deploy time")
    )


@pytest.mark.parametrize("template", [GOOD, CDK], ids=["yaml", "cdk-json"])
def test_correct_template_gives_the_api_json_checklist(template: Path) -> None:
    code, _ = cli(template)
    assert code == 0
    api = lint_one(GOOD_API).findings
    cfn = lint_one(template).findings
    # the only difference: the targets' GatewayIdentifier is the gateway's !Ref/!GetAtt
    skips = deploy_time_skips(cfn)
    targets = {
        GOOD: ("SecurityMcpTarget", "SecurityLambdaTarget"),
        CDK: (
            "SecurityMcpTargetCfnGatewayTarget5C6D7E8F",
            "SecurityLambdaTargetCfnGatewayTarget1A2B3C4D",
        ),
    }[template]
    assert skips == sorted(("GW107", PROPS.format(t) + "/GatewayIdentifier") for t in targets)
    regular = [f for f in cfn if not f.message.startswith("not checked: set at deploy time")]
    expected = checklist(api)
    if template is CDK:  # the manifest gives the region the API JSON does not
        expected = (expected - {("GW207", "skip"), ("GW304", "skip")}) | {
            ("GW207", "pass"),
            ("GW304", "pass"),
        }
    assert checklist(regular) == expected
    assert {f.format for f in cfn} == {"cloudformation"}


def test_findings_locate_the_template_key_in_its_spelling() -> None:
    findings = lint_one(GOOD).findings
    role = next(f for f in findings if f.rule_id == "GW102")
    assert (role.pointer, role.line, role.column, role.key) == (
        "/Resources/SecurityGateway/Properties/RoleArn",
        9,
        16,
        "RoleArn",
    )
    assert role.message == "RoleArn is an IAM role ARN"
    schema = next(f for f in findings if f.rule_id == "GW208")
    assert schema.pointer == (
        "/Resources/SecurityLambdaTarget/Properties/TargetConfiguration/Mcp/Lambda/ToolSchema"
        "/InlinePayload/0"
    )
    assert (schema.line, schema.column) == (48, 19)


GUIDE_FAILS = [
    # rule, severity, pointer under Resources, line, column
    ("GW004", "error", "SecurityLambdaTarget/Properties/TargetConfiguration/Mcp/Lambda", 37, 11),
    (
        "GW201",
        "error",
        "SecurityMcpTarget/Properties/TargetConfiguration/Mcp/McpServer/Endpoint",
        26,
        23,
    ),
    ("GW205", "error", "SecurityLambdaTarget/Properties/TargetConfiguration/Mcp/Lambda", 37, 11),
    ("GW217", "error", "SecurityMcpTarget/Properties/CredentialProviderConfigurations/0", 28, 11),
    (
        "GW217",
        "error",
        "TicketsTarget/Properties/CredentialProviderConfigurations/0/CredentialProvider"
        "/OauthCredentialProvider",
        54,
        13,
    ),
    (
        "GW301",
        "error",
        "SecurityGateway/Properties/AuthorizerConfiguration/CustomJWTAuthorizer/AllowedClients",
        15,
        11,
    ),
    (
        "GW309",
        "warning",
        "SecurityGateway/Properties/AuthorizerConfiguration/CustomJWTAuthorizer/DiscoveryUrl",
        14,
        25,
    ),
]


def test_guide_failures_are_located_in_the_template() -> None:
    code, output = cli(GUIDE)
    assert code == 1
    failures = [f for f in lint_one(GUIDE).findings if f.status is Status.FAIL]
    got = sorted((f.rule_id, f.severity.value, f.pointer, f.line, f.column) for f in failures)
    assert got == sorted(
        (rule, severity, "/Resources/" + pointer, line, column)
        for rule, severity, pointer, line, column in GUIDE_FAILS
    )
    assert f"{GUIDE}:26:23" in output
    by_rule = {f.rule_id: f for f in failures}
    arn = by_rule["GW201"]
    assert arn.key == "Endpoint"
    assert arn.message.startswith("Endpoint is an AgentCore runtime ARN (arn:aws:bedrock-agentcore")
    assert "runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012" in arn.fix
    lam = by_rule["GW205"]
    assert lam.message.startswith(
        "Lambda target security-lambda has no ToolSchema; the gateway needs the function's "
        "tool definitions next to LambdaArn."
    )
    pool = by_rule["GW301"]
    assert pool.key == "AllowedClients"
    assert pool.message == (
        "AllowedClients entry 'us-east-1_Ab3De5Gh7' is a Cognito user-pool ID, "
        "not an app client ID."
    )
    discovery = by_rule["GW309"]
    assert discovery.message.startswith("DiscoveryUrl 'https://security-chatbot.auth.us-east-1")
    scopes = [f for f in failures if f.rule_id == "GW217" and "Tickets" in (f.pointer or "")]
    assert scopes[0].message == (
        "OauthCredentialProvider has no scopes; it is required (use [] for none)."
    )


def test_deploy_time_values_never_fail_and_resolved_ones_are_checked() -> None:
    code, _ = cli(DEPLOY_TIME)
    assert code == 0
    findings = lint_one(DEPLOY_TIME).findings
    assert [f for f in findings if f.status is Status.FAIL] == []
    gateway = PROPS.format("Gateway")
    skips = {
        (f.rule_id, f.pointer): f.message
        for f in findings
        if f.message.startswith("not checked: set at deploy time")
    }
    assert skips[("GW101", gateway + "/Name")] == (
        'not checked: set at deploy time (!Sub "${AWS::StackName}-gateway")'
    )
    assert skips[("GW102", gateway + "/RoleArn")] == (
        "not checked: set at deploy time (!GetAtt GatewayRole.Arn)"
    )
    assert skips[("GW107", gateway + "/Description")] == (
        "not checked: set at deploy time ({{resolve:ssm:/security-chatbot/gateway-description}})"
    )
    lambda_arn = PROPS.format("LambdaTarget") + "/TargetConfiguration/Mcp/Lambda/LambdaArn"
    assert skips[("GW206", lambda_arn)] == (
        "not checked: set at deploy time (!GetAtt SecurityLambda.Arn)"
    )
    endpoint = PROPS.format("McpTarget") + "/TargetConfiguration/Mcp/McpServer/Endpoint"
    assert skips[("GW201", endpoint)].startswith('not checked: set at deploy time (!Join ["", [')
    token = PROPS.format("SharedGatewayTarget") + "/TargetConfiguration/Mcp/McpServer/Endpoint"
    assert skips[("GW201", token)] == "not checked: set at deploy time (${Token[TOKEN.123]})"
    passed = {(f.rule_id, f.pointer, f.line) for f in findings if f.status is Status.PASS}
    assert ("GW103", gateway + "/AuthorizerType", 45) in passed
    assert ("GW213", PROPS.format("LambdaTarget") + "/Name", 70) in passed
    # ExceptionLevel: !Ref AWS::NoValue is no ExceptionLevel at all
    level = next(f for f in findings if f.rule_id == "GW105")
    assert (level.status, level.pointer) == (Status.PASS, gateway)


def test_targets_pair_with_their_gateway_and_outside_gateways_stand_apart() -> None:
    loaded = load_many(DEPLOY_TIME)
    assert [item.deployment.address for item in loaded] == [
        "Resources/Gateway",
        "Resources/SharedGatewayTarget",
    ]
    first, second = (item.document.data for item in loaded)
    assert [t["name"] for t in first["targets"]] == ["security-lambda", "security-mcp"]
    assert first["gateway"]["roleArn"] == Unresolved("!GetAtt GatewayRole.Arn")
    assert "exceptionLevel" not in first["gateway"]
    assert first["gateway"]["kmsKeyArn"] == Unresolved(
        "!If [HasKey, !Ref KmsKeyArn, !Ref AWS::NoValue]"
    )
    assert "gateway" not in second
    assert second["targets"][0]["gatewayIdentifier"] == Unresolved("!ImportValue shared-gateway-id")
    assert first["gateway"]["tags"] == {"stage": Unresolved("!Ref Stage")}
    names = loaded[0].document.names
    assert names["authorizerConfiguration"] == "AuthorizerConfiguration"
    assert names["toolSchema"] == "ToolSchema"  # a member the template does not write


def test_read_only_attributes_are_not_request_members(tmp_path: Path) -> None:
    text = GOOD.read_text().replace(
        "      ProtocolType: MCP\n",
        "      ProtocolType: MCP\n      GatewayUrl: https://example.com/mcp\n"
        "      WafConfiguration:\n"
        "        WebAclArn: arn:aws:wafv2:us-east-1:1:regional/webacl/a/b\n",
    )
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    gateway = load_many(path)[0].document.data["gateway"]
    assert "gatewayUrl" not in gateway and "wafConfiguration" not in gateway
    unknown = [f for f in lint_one(path, select=("GW002",)).findings if f.status is Status.FAIL]
    assert unknown == []


def test_cdk_region_comes_from_the_manifest(tmp_path: Path) -> None:
    assert load_many(CDK)[0].document.data["region"] == "us-east-1"
    alone = tmp_path / CDK.name
    shutil.copy(CDK, alone)
    assert "region" not in load_many(alone)[0].document.data
    region = [f for f in lint_one(alone).findings if f.rule_id == "GW207"]
    assert [f.status for f in region] == [Status.SKIP]


def test_duplicate_keys_are_reported_at_the_second_key(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(GOOD.read_text().replace("      ProtocolType: MCP\n", "      Name: other\n"))
    (dup,) = [f for f in lint_one(path, select=("GW001",)).findings]
    assert (dup.status, dup.pointer, dup.line, dup.column, dup.key) == (
        Status.FAIL,
        "/Resources/SecurityGateway/Properties/Name",
        10,
        7,
        "Name",
    )
    assert dup.message == (
        "key 'Name' appears twice (line 8 and line 10); only the last value is used."
    )


def test_json_template_duplicate_keys_are_reported(tmp_path: Path) -> None:
    text = CDK.read_text().replace(
        '"Name": "security-chatbot-gateway",', '"Name": "a", "Name": "security-chatbot-gateway",'
    )
    path = tmp_path / "Stack.template.json"
    path.write_text(text)
    (dup,) = lint_one(path, select=("GW001",)).findings
    assert (dup.status, dup.pointer, dup.line, dup.column) == (
        Status.FAIL,
        "/Resources/SecurityGatewayCfnGateway8E1F2A3B/Properties/Name",
        18,
        18,
    )


def test_short_tags_decode_to_long_forms_with_positions() -> None:
    doc, spelled = loads(
        "A: !GetAtt Gw.GatewayArn\n"
        "B: !Sub\n  - 'x${y}'\n  - y: !Ref Z\n"
        "C: [!ImportValue out, 2010-09-09, yes, 0x10, ~]\n"
    )
    assert doc.data == {
        "A": {"Fn::GetAtt": ["Gw", "GatewayArn"]},
        "B": {"Fn::Sub": ["x${y}", {"y": {"Ref": "Z"}}]},
        "C": [{"Fn::ImportValue": "out"}, "2010-09-09", True, 16, None],
    }
    assert doc.values["/A"] == Position(1, 4)
    assert doc.keys["/B"] == Position(2, 1)
    assert doc.values["/B/Fn::Sub/1/y"] == Position(4, 8)
    assert doc.values["/C/1"] == Position(5, 23)
    assert spelled == {
        "/A": "!GetAtt Gw.GatewayArn",
        "/B": '!Sub ["x${y}", {"y": {"Ref": "Z"}}]',
        "/B/Fn::Sub/1/y": "!Ref Z",
        "/C/0": "!ImportValue out",
    }


GW_HEAD = "Resources:\n  Gw:\n    Type: AWS::BedrockAgentCore::Gateway\n"
INVALID = "invalid CloudFormation template: "
BAD = [
    (
        "flow.yaml",
        GW_HEAD + "    Properties: {Name: [x}\n",
        "4:26: " + INVALID + "while parsing a flow sequence, did not find expected ',' or ']'",
    ),
    (
        "tag.yaml",
        GW_HEAD + "    Properties:\n      Name: !Bogus x\n",
        "5:13: " + INVALID + "unknown tag !Bogus: not a CloudFormation function",
    ),
    (
        "two.yaml",
        GW_HEAD + "---\nx: 1\n",
        "4:1: " + INVALID + "expected a single document in the stream, but found another document",
    ),
    (
        "bad.template.json",
        '{"Resources": {"Gw": {"Type": "AWS::BedrockAgentCore::Gateway",}}}',
        "1:64: " + INVALID + "Expecting property name enclosed in double quotes (JSON)",
    ),
    ("key.yml", GW_HEAD + "    [a]: 1\n", "4:5: " + INVALID + "a mapping key must be plain text"),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_syntax_errors_are_one_located_line(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, output = cli(path)
    assert code == 2
    assert output.strip().splitlines() == [f"error: {path}:{expected}"]


def test_alias_bombs_are_refused_not_expanded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    text = "Resources:\n  Gw:\n    Type: AWS::BedrockAgentCore::Gateway\n" + "\n".join(lines)
    with pytest.raises(FormatError) as info:
        loads(text)
    assert info.value.message == "more than 200000 values once aliases are expanded"
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    code, output = cli(path)
    assert code == 2
    assert len(output.strip().splitlines()) == 1


def test_template_without_gateways_is_named_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bucket.yaml"
    path.write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n'
    )
    code, output = cli(path)
    assert code == 2
    assert output.strip() == (
        f"error: {path}: looks like a CloudFormation template but defines no AgentCore "
        "gateway or target"
    )
    shutil.copy(GOOD, tmp_path / "gateway.yaml")
    code, output = cli(tmp_path)
    assert code == 0
    assert "bucket.yaml" not in output


def test_marker_in_a_comment_only_is_no_gateway(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("# Type: AWS::BedrockAgentCore::Gateway\nResources: {}\n")
    code, output = cli(path)
    assert (code, output.strip()) == (
        2,
        f"error: {path}: looks like a CloudFormation template but defines no AgentCore "
        "gateway or target",
    )


def test_json_report_carries_format_and_written_key() -> None:
    result = runner.invoke(app, ["check", str(GUIDE), "--format", "json", "--select", "GW201"])
    report = json.loads(result.output)
    (finding,) = [f for f in report["findings"] if f["status"] == "fail"]
    assert (finding["format"], finding["key"], finding["line"], finding["column"]) == (
        "cloudformation",
        "Endpoint",
        26,
        23,
    )


IMPORTS = """
import json, sys
sys.argv = ["gwlint", "check", "--quiet", *{args!r}]
from gwlint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("yaml", "boto3", "botocore", "requests") if m in sys.modules)
print(json.dumps({{"code": code, "heavy": heavy}}))
"""


@pytest.mark.parametrize(
    ("path", "heavy"),
    [
        (FIXTURES / "examples" / "good" / "deployment.json", []),
        (CDK, []),
        (GOOD, ["yaml"]),
    ],
    ids=["api-json", "cdk-json", "yaml"],
)
def test_yaml_is_imported_only_for_yaml_templates(path: Path, heavy: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", IMPORTS.format(args=[str(path)])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"code": 0, "heavy": heavy}


def test_source_region_is_the_deployment_region() -> None:
    from gwlint.formats.cloudformation import read

    (item,) = read(Source(GOOD.read_text(), str(GOOD), region="eu-west-1"))
    assert item.data["region"] == "eu-west-1"


def test_quoted_member_names_are_respelled_but_user_values_are_not() -> None:
    from gwlint.spelling import respell

    names = {"toolSchema": "ToolSchema", "lambda": "Lambda", "roleArn": "RoleArn"}
    assert respell("""has no 'toolSchema'; "lambda": {"roleArn": "lambda"}""", names) == (
        """has no 'ToolSchema'; "Lambda": {"RoleArn": "lambda"}"""
    )
    assert respell("name 'lambda' is taken", names) == "name 'lambda' is taken"


def test_the_readme_example_fails_as_shown(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### CloudFormation and CDK", 1)[1]
    template = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split("```\n$ ", 1)[1].split("```", 1)[0]
    path = tmp_path / "template.yaml"
    path.write_text(template)
    code, output = cli(path, "--select", "GW205")
    assert code == 1
    assert f"{path}:19:11" in output
    expected = shown.splitlines()[3].strip()
    assert expected in output  # the message line as the README prints it


def test_merge_keys_merge_and_written_keys_win() -> None:
    doc, _ = loads("base: &b\n  X: 1\n  Y: 2\nm:\n  <<: *b\n  Y: 3\n")
    assert doc.data["m"] == {"X": 1, "Y": 3}
    assert (doc.values["/m/X"], doc.values["/m/Y"], doc.values["/m"]) == (
        Position(2, 6),
        Position(6, 6),
        Position(4, 1),
    )
    assert doc.duplicates == []


def test_a_flow_style_yaml_template_is_yaml(tmp_path: Path) -> None:
    path = tmp_path / "flow.template"
    path.write_text(
        "{Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway, Properties: {Name: !Ref N}}}}\n"
    )
    (item,) = load_many(path)
    assert item.document.data["gateway"] == {"name": Unresolved("!Ref N")}
    assert item.document.values["/gateway/name"] == Position(1, 76)


def test_a_cdk_out_folder_checks_the_template_and_skips_the_rest() -> None:
    code, output = cli(CDK.parent, "--quiet")
    assert code == 0
    assert output.strip() == (
        "48 passed, 0 failed, 4 skipped in 1 file"
        " (2 other files defined no gateway, target or client)"
    )


def test_each_gateway_gets_its_own_targets(tmp_path: Path) -> None:
    text = GOOD.read_text()
    second = (
        text.split("Resources:\n", 1)[1]
        .split("Outputs:", 1)[0]
        .replace("SecurityGateway", "OtherGateway")
        .replace("SecurityMcpTarget", "OtherMcpTarget")
        .replace("SecurityLambdaTarget", "OtherLambdaTarget")
        .replace("security-chatbot-gateway\n", "other-gateway\n")
    )
    path = tmp_path / "two.yaml"
    path.write_text(text.replace("Outputs:", second + "Outputs:"))
    loaded = load_many(path)
    assert [
        (item.deployment.address, [t["name"] for t in item.document.data["targets"]])
        for item in loaded
    ] == [
        ("Resources/SecurityGateway", ["security-mcp", "security-lambda"]),
        ("Resources/OtherGateway", ["security-mcp", "security-lambda"]),
    ]
    assert loaded[1].document.data["gateway"]["name"] == "other-gateway"
    assert loaded[1].document.source_pointer("/targets/1/name") == (
        "/Resources/OtherLambdaTarget/Properties/Name"
    )


SECRETS = ("hunter2hunter2", "abcdef123456", "s3cr3t-", "v4lu3-very-long", "eyJhbGci")


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_secrets_inside_functions_reach_no_output(output_format: str) -> None:
    path = CFN / "secrets-in-functions.yaml"
    assert all(secret in path.read_text() for secret in SECRETS)  # the fixture holds them
    result = runner.invoke(app, ["check", str(path), "--format", output_format])
    assert result.exit_code == 0  # nothing fails: the endpoint is skipped, the rest passes
    assert [s for s in SECRETS if s in result.output] == []
    if output_format == "text":
        assert (
            'not checked: set at deploy time (!Sub "https://***@${Host}/mcp?api_key=***")'
            in result.output
        )


def test_a_function_under_a_secret_key_is_not_spelled_out() -> None:
    (item,) = load_many(CFN / "secrets-in-functions.yaml")
    oauth = item.document.data["targets"][0]["credentialProviderConfigurations"][0]
    params = oauth["credentialProvider"]["oauthCredentialProvider"]["customParameters"]
    assert params["client_secret"] == Unresolved(
        "Fn::Join (its text is not shown: client_secret holds a secret)"
    )
    assert params["note"] == Unresolved("{{resolve:ssm:/x}} ***")


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github", "junit"])
def test_secrets_never_reach_a_deploy_time_values_text(output: str) -> None:
    """A secret the template holds elsewhere, or under a secret key inside a function's
    arguments, is masked in the skip message that quotes the function."""
    path = CFN / "secrets-in-deploy-time-values.yaml"
    result = CliRunner().invoke(app, ["check", str(path), "--format", output])
    assert result.exit_code in (0, 1), result.output
    assert "LongLiteralSecret0123456789" not in result.output
    assert "S3cretS3cret" not in result.output
    if output == "text":
        assert "set at deploy time (!Sub" in result.output  # the value is still named


def test_no_value_in_a_branch_is_quoted_as_written() -> None:
    """``Ref: AWS::NoValue`` drops a key; inside ``Fn::If`` it is part of the function."""
    report = lint([str(CFN / "no-value-in-a-branch.template.json")])
    assert not report.errors
    gw107 = [f for f in report.findings if f.rule_id == "GW107"]
    [skip] = [f for f in gw107 if f.status.value == "skip"]
    assert skip.message == (
        'not checked: set at deploy time ({"Fn::If": ["C", "hello", {"Ref": "AWS::NoValue"}]})'
    )
    assert skip.pointer == "/Resources/Gw/Properties/Description"
    assert not [f for f in report.findings if "KmsKeyArn" in (f.pointer or "")]


def test_a_duplicate_in_a_merged_mapping_is_reported_once() -> None:
    """A mapping merged with ``<<: *anchor`` is walked at each merge; its duplicate is one."""
    report = lint([str(CFN / "duplicate-in-a-merged-mapping.yaml")], select=("GW001",))
    [finding] = report.findings
    assert (finding.status.value, finding.line, finding.column) == ("fail", 3, 3)
    assert finding.message.startswith("key 'ProtocolType' appears twice (line 2 and line 3)")
