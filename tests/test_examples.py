"""The bundled examples the README runs: every good one is clean, every guide failure is caught.

``fixtures/examples/good`` holds a correct deployment in each input shape and
format; ``fixtures/examples/guide-failures`` holds the troubleshooting guide's
failures as a user would write them, in JSON and in the formats teams deploy
from. The exact failing findings are pinned here, so the README's
first command keeps showing what it promises.
"""

from __future__ import annotations

from pathlib import Path

from gwlint import lint
from gwlint.findings import Severity, Status
from gwlint.registry import all_rules
from gwlint.sources import load_file

from .conftest import FIXTURES

EXAMPLES = FIXTURES / "examples"

GUIDE_FAILURES = [
    # Failure 1: an ARN where an endpoint is needed, a Lambda without its tool schemas,
    # the guide's own http:// example, and its Lambda config with an array missing items.
    ("setup-lambda-arn.json", "GW205", "error", "/target_source"),
    ("setup-lambda-tools-no-items.json", "GW208", "warning", "/target_source"),
    ("setup-runtime-http.json", "GW101", "error", "/gateway_name"),
    ("setup-runtime-http.json", "GW202", "error", "/target_source"),
    ("setup-runtime-http.json", "GW203", "error", "/target_source"),
    # Failure 2: versions and aliases; Failure 3b: a token cached past its expiry.
    ("deployment-versions-and-cached-token.json", "GW108", "error", "/client/gateway_url"),
    (
        "deployment-versions-and-cached-token.json",
        "GW204",
        "warning",
        "/targets/0/targetConfiguration/mcp/mcpServer/endpoint",
    ),
    ("deployment-versions-and-cached-token.json", "GW601", "error", "/client/access_token"),
    # Failure 3a/3c/3d: pool ID as client ID, wrong token endpoint, scope without resource server.
    ("gateway-config.json", "GW108", "error", "/gateway_url"),
    ("gateway-config.json", "GW301", "error", "/client_id"),
    ("gateway-config.json", "GW303", "error", "/token_endpoint"),
    ("gateway-config.json", "GW305", "error", "/scope"),
    ("gateway-config.json", "GW602", "warning", "/client_secret"),
    # The Cognito allowedAudience trap (401 "Invalid Bearer token") and DEBUG errors.
    ("create-gateway-cognito-audience.json", "GW105", "info", "/exceptionLevel"),
    (
        "create-gateway-cognito-audience.json",
        "GW308",
        "error",
        "/authorizerConfiguration/customJWTAuthorizer/allowedAudience",
    ),
    # The same failures as teams deploy them: a CloudFormation template ...
    *(
        ("guide-failures.yaml", rule, severity, "/Resources/" + pointer)
        for rule, severity, pointer in (
            ("GW004", "error", "SecurityLambdaTarget/Properties/TargetConfiguration/Mcp/Lambda"),
            ("GW205", "error", "SecurityLambdaTarget/Properties/TargetConfiguration/Mcp/Lambda"),
            (
                "GW201",
                "error",
                "SecurityMcpTarget/Properties/TargetConfiguration/Mcp/McpServer/Endpoint",
            ),
            ("GW217", "error", "SecurityMcpTarget/Properties/CredentialProviderConfigurations/0"),
            (
                "GW217",
                "error",
                "TicketsTarget/Properties/CredentialProviderConfigurations/0/CredentialProvider"
                "/OauthCredentialProvider",
            ),
            (
                "GW301",
                "error",
                "SecurityGateway/Properties/AuthorizerConfiguration/CustomJWTAuthorizer"
                "/AllowedClients",
            ),
            (
                "GW309",
                "warning",
                "SecurityGateway/Properties/AuthorizerConfiguration/CustomJWTAuthorizer"
                "/DiscoveryUrl",
            ),
        )
    ),
    # ... a Terraform module (findings in the file each value is written in) ...
    *(
        (name, rule, severity, "/resource/aws_bedrockagentcore_" + pointer)
        for name, rule, severity, pointer in (
            (
                "main.tf",
                "GW301",
                "error",
                "gateway/main/authorizer_configuration/0/custom_jwt_authorizer/0/allowed_clients",
            ),
            (
                "main.tf",
                "GW309",
                "warning",
                "gateway/main/authorizer_configuration/0/custom_jwt_authorizer/0/discovery_url",
            ),
            (
                "targets.tf",
                "GW004",
                "error",
                "gateway_target/security_lambda/target_configuration/0/mcp/0/lambda/0",
            ),
            (
                "targets.tf",
                "GW205",
                "error",
                "gateway_target/security_lambda/target_configuration/0/mcp/0/lambda/0",
            ),
            (
                "targets.tf",
                "GW201",
                "error",
                "gateway_target/security_mcp/target_configuration/0/mcp/0/mcp_server/0/endpoint",
            ),
            (
                "targets.tf",
                "GW217",
                "error",
                "gateway_target/tickets/credential_provider_configuration/0/oauth/0",
            ),
        )
    ),
    # ... and a notebook.
    (
        "guide_failures.ipynb",
        "GW201",
        "error",
        "/cells/4/calls/0/targetConfiguration/mcp/mcpServer/endpoint",
    ),
    (
        "guide_failures.ipynb",
        "GW301",
        "error",
        "/cells/3/calls/0/authorizerConfiguration/customJWTAuthorizer/allowedClients",
    ),
]


def test_good_examples_cover_every_input_shape() -> None:
    shapes = {load_file(path).deployment.shape for path in (EXAMPLES / "good").glob("*.json")}
    assert shapes == {
        "client-config",
        "aws-api-gateway",
        "aws-api-target",
        "deployment",
        "setup-args",
    }


def test_good_examples_cover_every_format() -> None:
    report = lint([str(EXAMPLES / "good")])
    assert {f.format for f in report.findings} == {
        "json",
        "cloudformation",
        "terraform",
        "agentcore-cli",
        "python",
        "notebook",
    }
    # aws-targets.json only gives the agentcore CLI project its region
    assert [Path(s.file).name for s in report.skipped] == ["aws-targets.json"]


def test_good_examples_pass_every_offline_rule() -> None:
    report = lint([str(EXAMPLES / "good")])
    assert not report.errors
    problems = [f for f in report.findings if f.status in (Status.FAIL, Status.ERROR)]
    assert problems == []
    # every offline rule holds somewhere in the good examples, except those whose
    # subject no good example has (no OpenAPI/Smithy target, no HTTP runtime target,
    # no mcpServer listing mode, no response streaming, no private endpoint or scope
    # mapping, no configuration file with suppressions): a rule that silently stops
    # checking fails here
    passed = {f.rule_id for f in report.findings if f.status is Status.PASS}
    offline = {meta.id for meta in all_rules() if not meta.live and not meta.probe}
    assert offline - passed == {"GW005", "GW006", "GW110", "GW211", "GW214", "GW218", "GW311"}
    assert report.exit_code(Severity.INFO) == 0


def test_guide_failures_are_each_caught_at_the_offending_value() -> None:
    report = lint([str(EXAMPLES / "guide-failures")])
    assert not report.errors
    got = sorted(
        (Path(f.file or "").name, f.rule_id, f.severity.value, f.pointer)
        for f in report.findings
        if f.status in (Status.FAIL, Status.ERROR)
    )
    assert got == sorted(GUIDE_FAILURES)
    for finding in report.findings:
        if finding.status is Status.FAIL:
            assert finding.fix and finding.line and finding.column
