"""Edge cases of the gateway-level offline rules (GW002, GW101–GW109)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from gwlint.findings import Finding, Severity, Status

from .conftest import WriteJson, lint_rule, only, with_fields

ROLE = "arn:aws:iam::123456789012:role/GatewayExecutionRole"
GATEWAY_ID = "security-chatbot-gateway-k3j9x0abcd"
GATEWAY_ARN = f"arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/{GATEWAY_ID}"
GATEWAY_URL = f"https://{GATEWAY_ID}.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
HOST = f"{GATEWAY_ID}.gateway.bedrock-agentcore.us-east-1.amazonaws.com"
RUNTIME_URL = (
    "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore"
    "%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=DEFAULT"
)
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"


def create_gateway(**fields: Any) -> dict[str, Any]:
    """A valid CreateGateway request, with ``fields`` replaced (None removes a key)."""
    doc: dict[str, Any] = {
        "name": "security-chatbot-gateway",
        "roleArn": ROLE,
        "authorizerType": "AWS_IAM",
    }
    return with_fields(doc, fields)


def fails(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is Status.FAIL]


# --- GW002 unknown-parameter -------------------------------------------------


def test_gw002_cli_camelcase_jwt_key_suggests_api_spelling(write_json: WriteJson) -> None:
    doc = create_gateway(
        authorizerType="CUSTOM_JWT",
        authorizerConfiguration={"customJwtAuthorizer": {"discoveryUrl": "https://x"}},
    )
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.ERROR)
    assert finding.pointer == "/authorizerConfiguration/customJwtAuthorizer"
    assert "did you mean 'customJWTAuthorizer'?" in finding.message
    assert finding.fix.startswith("Rename 'customJwtAuthorizer' to 'customJWTAuthorizer'.")


def test_gw002_top_level_shortening_suggests_full_member(write_json: WriteJson) -> None:
    doc = create_gateway(authorizerConfig={"customJWTAuthorizer": {"discoveryUrl": "https://x"}})
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert finding.pointer == "/authorizerConfig"
    assert "at the top level of a CreateGateway document" in finding.message
    assert "did you mean 'authorizerConfiguration'?" in finding.message
    # response-only members are not offered as what to write in a request
    assert "gatewayUrl" not in finding.fix


def test_gw002_suggests_member_containing_a_shortened_key(write_json: WriteJson) -> None:
    doc = create_gateway(protocolConfiguration={"mcp": {"sessionConfiguration": {"timeout": 3600}}})
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert finding.pointer == "/protocolConfiguration/mcp/sessionConfiguration/timeout"
    assert "did you mean 'sessionTimeoutInSeconds'?" in finding.message


def test_gw002_json_schema_keyword_gets_no_rename(write_json: WriteJson) -> None:
    target = {
        "gatewayIdentifier": GATEWAY_ID,
        "name": "security-lambda",
        "targetConfiguration": {
            "mcp": {
                "lambda": {
                    "lambdaArn": LAMBDA_ARN,
                    "toolSchema": {
                        "inlinePayload": [
                            {
                                "name": "scan",
                                "description": "Scan",
                                "inputSchema": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "mode": {"type": "string", "default": "fast"},
                                        "tags": {"type": "array", "items": {"type": "string"}},
                                    },
                                },
                            }
                        ]
                    },
                }
            }
        },
    }
    findings = lint_rule(write_json, target, "GW002")
    schema = "/targetConfiguration/mcp/lambda/toolSchema/inlinePayload/0/inputSchema"
    assert sorted(f.pointer or "" for f in findings) == [
        f"{schema}/additionalProperties",
        f"{schema}/properties/mode/default",
    ]
    for finding in findings:
        assert "did you mean" not in finding.message
        assert "JSON Schema keyword" in finding.message
        assert "description" in finding.fix


def test_gw002_union_member_typo_in_target(write_json: WriteJson) -> None:
    target = {
        "gatewayIdentifier": GATEWAY_ID,
        "name": "security-mcp",
        "targetConfiguration": {"mcp": {"mcpserver": {"endpoint": RUNTIME_URL}}},
        "credentialProviderConfigurations": [
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProviders": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
            }
        ],
    }
    findings = lint_rule(write_json, target, "GW002")
    by_pointer = {f.pointer: f for f in findings}
    assert set(by_pointer) == {
        "/targetConfiguration/mcp/mcpserver",
        "/credentialProviderConfigurations/0/credentialProviders",
    }
    assert "did you mean 'mcpServer'?" in by_pointer["/targetConfiguration/mcp/mcpserver"].message
    assert (
        "did you mean 'credentialProvider'?"
        in by_pointer["/credentialProviderConfigurations/0/credentialProviders"].message
    )


def test_gw002_map_keys_and_response_fields_are_not_parameters(write_json: WriteJson) -> None:
    doc = create_gateway(
        tags={"anything-goes": "x", "CostCenter": "42"},
        gatewayId=GATEWAY_ID,
        gatewayUrl=GATEWAY_URL,
        status="READY",
        statusReasons=[],
        createdAt="2026-07-01T10:15:00Z",
        workloadIdentityDetails={"workloadIdentityArn": "arn:aws:bedrock-agentcore:x"},
        ResponseMetadata={"RequestId": "abc", "HTTPStatusCode": 200},
    )
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert (finding.status, finding.pointer) == (Status.PASS, "")


def test_gw002_deployment_sections_are_located(write_json: WriteJson) -> None:
    doc = {
        "region": "us-east-1",
        "gateway": create_gateway(roleARN=ROLE),
        "targets": [{"name": "t", "targetConfiguration": {"http": {"agentcoreRuntime": {}}}}],
        "client": {"gateway_url": GATEWAY_URL, "unknown_client_key": 1},
    }
    findings = lint_rule(write_json, doc, "GW002")
    assert sorted((f.status.value, f.pointer) for f in findings) == [
        ("fail", "/gateway/roleARN"),
        ("pass", "/targets/0"),
    ]
    assert "did you mean 'roleArn'?" in fails(findings)[0].message


@pytest.mark.parametrize(
    "doc",
    [
        {"gateway_url": GATEWAY_URL, "client_id": "6aarhftf6bopppar05humcp2r6", "extra": 1},
        {"gateway_name": "security-gateway", "target_type": "lambda", "target_source": {}},
    ],
    ids=["client-config", "setup-args"],
)
def test_gw002_ignores_non_api_inputs(write_json: WriteJson, doc: dict[str, Any]) -> None:
    assert lint_rule(write_json, doc, "GW002") == []


def test_gw002_rule_modules_import_neither_boto3_nor_botocore() -> None:
    modules = [
        "gwlint_rules.gw002_unknown_parameter",
        "gwlint_rules.gw101_gateway_name",
        "gwlint_rules.gw102_gateway_role_arn",
        "gwlint_rules.gw103_authorizer_type",
        "gwlint_rules.gw104_inbound_auth_none",
        "gwlint_rules.gw105_exception_level_debug",
        "gwlint_rules.gw106_gateway_enum_values",
        "gwlint_rules.gw107_gateway_value_ranges",
        "gwlint_rules.gw108_gateway_url_shape",
        "gwlint_rules.gw109_mcp_supported_versions",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


# --- GW101 gateway-name --------------------------------------------------------


def test_gw101_underscores_fail_with_corrected_name(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(name="security_chatbot_gateway"), "GW101"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.ERROR,
        "/name",
    )
    assert "contains underscores" in finding.message
    assert '"security-chatbot-gateway"' in finding.fix


def test_gw101_over_48_letters_is_an_error(write_json: WriteJson) -> None:
    name = "a" * 40 + "-" + "b" * 9  # 49 letters: botocore 1.44.5 caps GatewayName at 48
    finding = only(lint_rule(write_json, create_gateway(name=name), "GW101"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.ERROR,
        "/name",
    )
    assert "has 49 letters and digits (at most 48); AWS rejects it" in finding.message
    assert '"' + "a" * 40 + "-" + "b" * 8 + '"' in finding.fix


def test_gw101_48_letters_with_hyphens_pass(write_json: WriteJson) -> None:
    name = "-".join(["abcd"] * 12)  # 48 letters, 59 characters
    finding = only(lint_rule(write_json, create_gateway(name=name), "GW101"))
    assert (finding.status, finding.pointer) == (Status.PASS, "/name")


def test_gw101_over_100_letters_is_an_error(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(name="g" * 101), "GW101"))
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.ERROR)
    assert "101 letters and digits" in finding.message


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("security--gateway", "consecutive hyphens"),
        ("-security-gateway", "starts with a hyphen"),
        ("security gateway", "characters other than"),
        ("sécurité", "characters other than"),
    ],
)
def test_gw101_pattern_breaks(write_json: WriteJson, name: str, problem: str) -> None:
    finding = only(lint_rule(write_json, create_gateway(name=name), "GW101"))
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.ERROR)
    assert problem in finding.message


def test_gw101_trailing_hyphen_is_allowed(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(name="TestGateway1a2b-"), "GW101"))
    assert finding.status is Status.PASS


def test_gw101_setup_args_name_is_located(write_json: WriteJson) -> None:
    doc = {"gateway_name": "security_gateway", "target_type": "runtime", "target_source": "x"}
    finding = only(lint_rule(write_json, doc, "GW101"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/gateway_name")
    assert finding.message.startswith("gateway_name 'security_gateway'")


def test_gw101_missing_name_only_fails_requests(write_json: WriteJson) -> None:
    request = create_gateway(name=None)
    finding = only(lint_rule(write_json, request, "GW101"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "")
    response = {"gatewayId": GATEWAY_ID, "gatewayUrl": GATEWAY_URL, "authorizerType": "NONE"}
    assert lint_rule(write_json, response, "GW101") == []
    setup = {"target_type": "runtime", "target_source": RUNTIME_URL}
    assert lint_rule(write_json, setup, "GW101") == []


def test_gw101_non_string_name(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(name=42), "GW101"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/name")


# --- GW102 gateway-role-arn ----------------------------------------------------


@pytest.mark.parametrize(
    ("role", "said", "fixed"),
    [
        ("GatewayExecutionRole", "is a role name", "arn:aws:iam::<account-id>:role/"),
        ("arn:aws:iam::123456789012:user/deployer", "IAM user ARN", "bedrock-agentcore"),
        (
            "arn:aws:iam::123456789012:instance-profile/GatewayRole",
            "IAM instance-profile ARN",
            "role",
        ),
        (
            "arn:aws:iam:us-east-1:123456789012:role/GatewayExecutionRole",
            "has a region",
            "arn:aws:iam::123456789012:role/GatewayExecutionRole",
        ),
        (" " + ROLE, "whitespace", ROLE),
        ("arn:aws:iam::123:role/GatewayExecutionRole", "not a 12-digit account ID", "<12-digit"),
    ],
)
def test_gw102_role_arn_mistakes(write_json: WriteJson, role: str, said: str, fixed: str) -> None:
    finding = only(lint_rule(write_json, create_gateway(roleArn=role), "GW102"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.ERROR,
        "/roleArn",
    )
    assert said in finding.message
    assert fixed in finding.fix


def test_gw102_account_mismatch_with_runtime_url_is_a_warning(write_json: WriteJson) -> None:
    doc = {
        "gateway": create_gateway(roleArn="arn:aws:iam::999999999999:role/GatewayExecutionRole"),
        "targets": [
            {
                "name": "security-mcp",
                "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": RUNTIME_URL}}},
            }
        ],
    }
    findings = lint_rule(write_json, doc, "GW102")
    failure = only(fails(findings))
    assert (failure.severity, failure.pointer) == (Severity.WARNING, "/gateway/roleArn")
    assert "target security-mcp runtime URL (123456789012)" in failure.message
    assert [f.status for f in findings] == [Status.PASS, Status.FAIL]


def test_gw102_role_without_account_skips_comparison(write_json: WriteJson) -> None:
    doc = create_gateway(roleArn="arn:aws:iam:::role/GatewayExecutionRole", gatewayArn=GATEWAY_ARN)
    finding = only(lint_rule(write_json, doc, "GW102"))
    assert finding.status is Status.PASS


def test_gw102_optional_outside_requests(write_json: WriteJson) -> None:
    setup = {"gateway_name": "security-gateway", "target_type": "runtime", "target_source": "x"}
    assert lint_rule(write_json, setup, "GW102") == []
    response = {"gatewayId": GATEWAY_ID, "status": "READY", "authorizerType": "AWS_IAM"}
    assert lint_rule(write_json, response, "GW102") == []


# --- GW103 authorizer-type / GW104 inbound-auth-none ------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [("custom_jwt", "CUSTOM_JWT"), ("CustomJWT", "CUSTOM_JWT"), ("iam", "AWS_IAM"),
     ("aws-iam", "AWS_IAM"), ("none", "NONE"), ("authenticate only", "AUTHENTICATE_ONLY")],
)  # fmt: skip
def test_gw103_case_and_alias_mistakes_name_the_value(
    write_json: WriteJson, written: str, meant: str
) -> None:
    finding = only(lint_rule(write_json, create_gateway(authorizerType=written), "GW103"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/authorizerType")
    assert f"'{meant}'" in finding.message
    assert finding.fix == f'Write "authorizerType": "{meant}".'


def test_gw103_outbound_credential_type_is_explained(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(authorizerType="OAUTH2_CLIENT"), "GW103"))
    assert "not one of CUSTOM_JWT, AWS_IAM, NONE, AUTHENTICATE_ONLY." in finding.message
    finding = only(lint_rule(write_json, create_gateway(authorizerType="API_KEY"), "GW103"))
    assert "outbound credential type" in finding.message


def test_gw103_null_and_missing(write_json: WriteJson) -> None:
    doc = create_gateway()
    doc["authorizerType"] = None
    finding = only(lint_rule(write_json, doc, "GW103"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/authorizerType")
    finding = only(lint_rule(write_json, create_gateway(authorizerType=None), "GW103"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "")


def test_gw103_setup_args_not_checked(write_json: WriteJson) -> None:
    setup = {"gateway_name": "security-gateway", "target_type": "runtime", "target_source": "x"}
    assert lint_rule(write_json, setup, "GW103") == []


def test_gw104_none_warns_and_lowercase_is_left_to_gw103(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(authorizerType="NONE"), "GW104"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.WARNING,
        "/authorizerType",
    )
    assert lint_rule(write_json, create_gateway(authorizerType="none"), "GW104") == []
    finding = only(
        lint_rule(write_json, create_gateway(authorizerType="AUTHENTICATE_ONLY"), "GW104")
    )
    assert finding.status is Status.PASS


# --- GW105 exception-level-debug -------------------------------------------------


def test_gw105_debug_is_info(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(exceptionLevel="DEBUG"), "GW105"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.INFO,
        "/exceptionLevel",
    )


@pytest.mark.parametrize(("value", "said"), [("INFO", "DEBUG is the only value"),
                                             ("Debug", "upper case"), (None, "null")])  # fmt: skip
def test_gw105_other_values_are_errors(write_json: WriteJson, value: Any, said: str) -> None:
    doc = create_gateway()
    doc["exceptionLevel"] = value
    finding = only(lint_rule(write_json, doc, "GW105"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.ERROR,
        "/exceptionLevel",
    )
    assert said in finding.message


def test_gw105_only_api_documents(write_json: WriteJson) -> None:
    assert lint_rule(write_json, {"gateway_url": GATEWAY_URL}, "GW105") == []
    setup = {"gateway_name": "security-gateway", "target_type": "runtime", "target_source": "x"}
    assert lint_rule(write_json, setup, "GW105") == []
    finding = only(lint_rule(write_json, {"gateway": create_gateway()}, "GW105"))
    assert (finding.status, finding.pointer) == (Status.PASS, "/gateway")


# --- GW106 / GW107 / GW003 / GW004: spec-driven, per operation ----------------


def spec_findings(write_json: WriteJson, doc: dict[str, Any], rule_id: str) -> list[Any]:
    return sorted(
        (f.status.value, f.pointer, f.message) for f in lint_rule(write_json, doc, rule_id)
    )


def test_gw106_each_enum(write_json: WriteJson) -> None:
    doc = create_gateway(
        protocolType="HTTP",
        protocolConfiguration={"mcp": {"searchType": "semantic"}},
        policyEngineConfiguration={"arn": "arn:aws:x", "mode": "AUDIT"},
        interceptorConfigurations=[
            {"interceptor": {"lambda": {"arn": LAMBDA_ARN}}, "interceptionPoints": ["BOTH"]}
        ],
    )
    assert spec_findings(write_json, doc, "GW106") == [
        ("fail", "/interceptorConfigurations/0/interceptionPoints/0",
         "interceptorConfigurations[0].interceptionPoints[0] 'BOTH' is not one of REQUEST, "
         "RESPONSE."),
        ("fail", "/policyEngineConfiguration/mode",
         "policyEngineConfiguration.mode 'AUDIT' is not one of LOG_ONLY, ENFORCE."),
        ("fail", "/protocolConfiguration/mcp/searchType",
         "protocolConfiguration.mcp.searchType 'semantic' is not an API value; write 'SEMANTIC' "
         "(case-sensitive)."),
        ("fail", "/protocolType", "protocolType 'HTTP' is not one of MCP."),
    ]  # fmt: skip


def test_gw106_target_enums_new_kinds(write_json: WriteJson) -> None:
    target = {
        "name": "pets",
        "targetConfiguration": {"mcp": {"apiGateway": {
            "restApiId": "a1b2c3d4e5", "stage": "prod",
            "apiGatewayToolConfiguration": {
                "toolFilters": [{"filterPath": "/p", "methods": ["get"]}]
            },
        }}},
    }  # fmt: skip
    assert spec_findings(write_json, target, "GW106") == [
        ("fail",
         "/targetConfiguration/mcp/apiGateway/apiGatewayToolConfiguration/toolFilters/0/methods/0",
         "targetConfiguration.mcp.apiGateway.apiGatewayToolConfiguration.toolFilters[0]"
         ".methods[0] 'get' is not an API value; write 'GET' (case-sensitive)."),
    ]  # fmt: skip


def test_gw106_setup_args_are_not_api_documents(write_json: WriteJson) -> None:
    setup = {
        "gateway_name": "security-gateway",
        "target_type": "runtime",
        "target_source": RUNTIME_URL,
        "enable_semantic_search": True,
    }
    assert lint_rule(write_json, setup, "GW106") == []


def test_spec_rules_skip_get_responses(write_json: WriteJson) -> None:
    doc = create_gateway(gatewayId=GATEWAY_ID, status="READY", protocolType="mcp")
    for rule_id in ("GW003", "GW004", "GW106", "GW107"):
        finding = only(lint_rule(write_json, doc, rule_id))
        assert (finding.status, finding.pointer) == (Status.SKIP, "")
        assert "is a GetGateway response" in finding.message


def session(value: Any) -> dict[str, Any]:
    return create_gateway(
        protocolConfiguration={"mcp": {"sessionConfiguration": {"sessionTimeoutInSeconds": value}}}
    )


SESSION_POINTER = "/protocolConfiguration/mcp/sessionConfiguration/sessionTimeoutInSeconds"


@pytest.mark.parametrize(
    ("value", "said"),
    [(899, "is 899; the API allows 900–28800."), (28801, "is 28801; the API allows 900–28800."),
     (True, "is a boolean; the API takes an integer here."),
     (3600.0, "is a number; the API takes an integer here."),
     ("3600", "is a string; the API takes an integer here.")],
)  # fmt: skip
def test_gw107_session_timeout_bounds_and_type(
    write_json: WriteJson, value: Any, said: str
) -> None:
    finding = only(lint_rule(write_json, session(value), "GW107"))
    assert (finding.status, finding.pointer) == (Status.FAIL, SESSION_POINTER)
    assert finding.message == (
        f"protocolConfiguration.mcp.sessionConfiguration.sessionTimeoutInSeconds {said}"
    )


@pytest.mark.parametrize("value", [900, 28800])
def test_gw107_session_timeout_limits_pass(write_json: WriteJson, value: int) -> None:
    finding = only(lint_rule(write_json, session(value), "GW107"))
    assert (finding.status, finding.pointer) == (Status.PASS, "")


@pytest.mark.parametrize(
    ("field", "length", "status"),
    [("description", 200, Status.PASS), ("description", 201, Status.FAIL),
     ("instructions", 2048, Status.PASS), ("instructions", 2049, Status.FAIL)],
)  # fmt: skip
def test_gw107_text_lengths(write_json: WriteJson, field: str, length: int, status: Status) -> None:
    if field == "description":
        doc = create_gateway(description="d" * length)
        pointer = "/description"
    else:
        doc = create_gateway(protocolConfiguration={"mcp": {"instructions": "i" * length}})
        pointer = "/protocolConfiguration/mcp/instructions"
    finding = only(lint_rule(write_json, doc, "GW107"))
    assert (finding.status, finding.pointer) == (status, pointer if status is Status.FAIL else "")


def test_gw107_tags_limit_and_type(write_json: WriteJson) -> None:
    fifty = {f"k{i}": "v" for i in range(50)}
    assert only(lint_rule(write_json, create_gateway(tags=fifty), "GW107")).status is Status.PASS
    fifty["k50"] = "v"
    finding = only(lint_rule(write_json, create_gateway(tags=fifty), "GW107"))
    assert (finding.status, finding.pointer, finding.message) == (
        Status.FAIL, "/tags", "tags has 51 entries; the API allows 0–50 entries."
    )  # fmt: skip
    pairs = [{"Key": "team", "Value": "security"}]
    finding = only(lint_rule(write_json, create_gateway(tags=pairs), "GW107"))
    assert (finding.pointer, finding.message) == (
        "/tags", "tags is an array; the API takes an object here."
    )  # fmt: skip


def test_gw107_update_gateway_has_no_tags_but_gw002_says_so(write_json: WriteJson) -> None:
    doc = create_gateway(gatewayIdentifier=GATEWAY_ID, tags={"team": "security"})
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/tags")
    said = "top level of an UpdateGateway document; only CreateGateway requests have it"
    assert said in finding.message


def test_gw002_response_only_member_in_a_create_request(write_json: WriteJson) -> None:
    doc = create_gateway(wafConfiguration={"failureMode": "FAIL_OPEN"})
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/wafConfiguration")
    assert "only UpdateGateway requests have it" in finding.message
    update = create_gateway(
        gatewayIdentifier=GATEWAY_ID, wafConfiguration={"failureMode": "FAIL_OPEN"}
    )
    assert only(lint_rule(write_json, update, "GW002")).status is Status.PASS


def test_gw002_response_only_member_does_not_make_a_request_a_response(
    write_json: WriteJson,
) -> None:
    doc = create_gateway(webAclArn="arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1")
    finding = only(lint_rule(write_json, doc, "GW002"))
    assert (finding.status, finding.pointer) == (Status.FAIL, "/webAclArn")
    assert finding.message == (
        "'webAclArn' is not a parameter the AWS API accepts at the top level of a CreateGateway "
        "document; only GetGateway responses have it."
    )


def test_gw107_interceptor_count_and_gw003_arn(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, create_gateway(interceptorConfigurations=[]), "GW107"))
    assert (finding.status, finding.pointer, finding.message) == (
        Status.FAIL, "/interceptorConfigurations",
        "interceptorConfigurations has 0 items; the API allows 1–2 items.",
    )  # fmt: skip
    long_arn = "arn:aws:lambda:us-east-1:123456789012:function:" + "f" * 130
    doc = create_gateway(
        interceptorConfigurations=[
            {"interceptor": {"lambda": {"arn": long_arn}}, "interceptionPoints": ["REQUEST"]}
        ]
    )
    failure = only(fails(lint_rule(write_json, doc, "GW107")))
    assert failure.pointer == "/interceptorConfigurations/0/interceptor/lambda/arn"
    assert "has 177 characters; the API allows 1–170 characters." in failure.message


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
         Status.PASS),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", Status.FAIL),
        ("arn:aws:kms:us-east-1:123456789012:alias/gw", Status.FAIL),
        ("arn:aws:s3:::bucket", Status.FAIL),
    ],
)  # fmt: skip
def test_gw003_kms_key_arn(write_json: WriteJson, value: str, status: Status) -> None:
    finding = only(lint_rule(write_json, create_gateway(kmsKeyArn=value), "GW003"))
    assert (finding.status, finding.pointer) == (
        status,
        "/kmsKeyArn" if status is Status.FAIL else "",
    )
    if status is Status.FAIL:
        assert finding.message.startswith(
            f"kmsKeyArn '{value}' does not match the API pattern ^(?:arn:aws(|-cn|-us-gov):kms:"
        )


def test_gw004_api_gateway_target_members(write_json: WriteJson) -> None:
    target = {"targetConfiguration": {"mcp": {"apiGateway": {"restApiId": "a1b2c3d4e5"}}}}
    assert spec_findings(write_json, target, "GW004") == [
        ("fail", "/targetConfiguration/mcp/apiGateway",
         "targetConfiguration.mcp.apiGateway has no 'apiGatewayToolConfiguration'; "
         "ApiGatewayTargetConfiguration requires it."),
        ("fail", "/targetConfiguration/mcp/apiGateway",
         "targetConfiguration.mcp.apiGateway has no 'stage'; ApiGatewayTargetConfiguration "
         "requires it."),
    ]  # fmt: skip


def test_gw004_union_needs_exactly_one_member(write_json: WriteJson) -> None:
    target = {
        "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": "https://mcp.example.com/mcp"}}},
        "certificateConfigurations": [{}],
    }
    assert spec_findings(write_json, target, "GW004") == [
        ("fail", "/certificateConfigurations/0",
         "certificateConfigurations[0] sets 0 members (none); exactly one of s3, secretsManager "
         "is required."),
    ]  # fmt: skip


# --- GW108 gateway-url-shape ------------------------------------------------------


def client_url(url: Any, **extra: Any) -> dict[str, Any]:
    return {"gateway_url": url, "client_id": "6aarhftf6bopppar05humcp2r6", **extra}


@pytest.mark.parametrize(
    ("url", "said", "severity"),
    [
        (f"http://{HOST}/mcp", "uses http://", Severity.ERROR),
        (f"https://{HOST}", "has no /mcp path", Severity.ERROR),
        (f"https://{HOST}/", "has no /mcp path", Severity.ERROR),
        (f"https://{HOST}/sse", "path is '/sse'", Severity.ERROR),
        (f"https://{HOST}/mcp/", "trailing slash", Severity.WARNING),
        (f"https://{HOST}/v1/mcp", "version or alias ('v1')", Severity.ERROR),
        (f"https://{HOST}/prod/mcp", "version or alias ('prod')", Severity.ERROR),
        (f"https://{HOST}/mcp/versions/3", "version or alias ('versions/3')", Severity.ERROR),
        (f"https://{HOST}/mcp?qualifier=DEFAULT", "version or alias ('?qualifier=DEFAULT')",
         Severity.ERROR),
        (f"{HOST}/mcp", "has no scheme", Severity.ERROR),
        (RUNTIME_URL, "AgentCore Runtime invocation URL", Severity.ERROR),
        ("http://runtime-abc123.agentcore.us-east-1.amazonaws.com/invocations",
         "AgentCore Runtime invocation URL", Severity.ERROR),
        ("https://abc123def456.lambda-url.us-east-1.on.aws/", "Lambda function URL",
         Severity.ERROR),
        (LAMBDA_ARN, "is a Lambda function ARN", Severity.ERROR),
        ("https://gateway-abc123.agentcore.us-east-1.amazonaws.com/mcp", "is not a gateway host",
         Severity.ERROR),
        (f"https://{GATEWAY_ID}.gateway.bedrock-agentcore.amazonaws.com/mcp",
         "is not a gateway host", Severity.ERROR),
        ("not a url", "is not a URL", Severity.ERROR),
    ],
)  # fmt: skip
def test_gw108_each_url_failure(
    write_json: WriteJson, url: str, said: str, severity: Severity
) -> None:
    finding = only(lint_rule(write_json, client_url(url), "GW108"))
    assert (finding.rule_id, finding.status, finding.severity, finding.pointer) == (
        "GW108",
        Status.FAIL,
        severity,
        "/gateway_url",
    )
    assert said in finding.message


def test_gw108_http_and_missing_path_are_two_findings(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, client_url(f"http://{HOST}"), "GW108")
    assert [(f.status, f.pointer) for f in findings] == [(Status.FAIL, "/gateway_url")] * 2
    assert "uses http://" in findings[0].message
    assert "no /mcp path" in findings[1].message
    assert GATEWAY_URL in findings[1].fix


def test_gw108_gateway_arn_fix_builds_the_url(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, client_url(GATEWAY_ARN), "GW108"))
    assert "is the gateway's ARN, not its URL" in finding.message
    assert finding.fix == f"Use the URL: {GATEWAY_URL}."


def test_gw108_fix_uses_known_id_and_region(write_json: WriteJson) -> None:
    doc = client_url(RUNTIME_URL, gateway_id=GATEWAY_ID, region="us-east-1")
    findings = lint_rule(write_json, doc, "GW108")
    assert GATEWAY_URL in only(findings).fix


def test_gw108_id_mismatch_with_arn_and_target(write_json: WriteJson) -> None:
    other = "other-gateway-zzzzzzzzzz"
    doc = {
        "gateway": {
            "gatewayArn": GATEWAY_ARN.replace(GATEWAY_ID, other),
            "gatewayUrl": GATEWAY_URL,
        },
        "targets": [{"name": "t", "gatewayIdentifier": GATEWAY_ID, "targetConfiguration": {}}],
    }
    findings = lint_rule(write_json, doc, "GW108")
    got = sorted((f.status.value, f.pointer or "") for f in findings)
    assert got == [
        ("fail", "/gateway/gatewayUrl"),
        ("pass", "/gateway/gatewayUrl"),
        ("pass", "/gateway/gatewayUrl"),
    ]
    failure = only(fails(findings))
    assert (failure.severity, failure.rule_id) == (Severity.ERROR, "GW108")
    assert f"gatewayArn names '{other}'" in failure.message


def test_gw108_client_url_compared_with_gateway_url(write_json: WriteJson) -> None:
    other_url = GATEWAY_URL.replace(GATEWAY_ID, "other-gateway-zzzzzzzzzz")
    doc = {"gateway": {"gatewayUrl": GATEWAY_URL}, "client": {"gateway_url": other_url}}
    findings = lint_rule(write_json, doc, "GW108")
    failure = only(fails(findings))
    assert failure.pointer == "/client/gateway_url"
    assert f"gatewayUrl names '{GATEWAY_ID}'" in failure.message


def test_gw108_id_pattern_is_not_checked_only_consistency(write_json: WriteJson) -> None:
    """moto-style bare IDs and upper-case config IDs are fine when they agree."""
    url = "https://a1b2c3d4e5.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
    findings = lint_rule(write_json, client_url(url, gateway_id="A1B2C3D4E5"), "GW108")
    assert [f.status for f in findings] == [Status.PASS, Status.PASS]


def test_gw108_no_url_no_finding(write_json: WriteJson) -> None:
    assert lint_rule(write_json, create_gateway(), "GW108") == []


# --- GW109 mcp-supported-versions -----------------------------------------------------


def versions(value: Any) -> dict[str, Any]:
    return create_gateway(protocolConfiguration={"mcp": {"supportedVersions": value}})


VERSIONS_POINTER = "/protocolConfiguration/mcp/supportedVersions"


def test_gw109_not_a_list_is_an_error(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, versions("2025-06-18"), "GW109"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.ERROR,
        VERSIONS_POINTER,
    )


def test_gw109_items(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, versions(["20250618", 2025, "draft", "2025-03-26"]), "GW109")
    got = [(f.pointer, f.severity) for f in findings]
    assert got == [
        (f"{VERSIONS_POINTER}/0", Severity.WARNING),
        (f"{VERSIONS_POINTER}/1", Severity.ERROR),
        (f"{VERSIONS_POINTER}/2", Severity.WARNING),
    ]
    assert "did you mean '2025-06-18'?" in findings[0].message
    assert "did you mean" not in findings[2].message


def test_gw109_empty_and_absent(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, versions([]), "GW109"))
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.WARNING,
        VERSIONS_POINTER,
    )
    assert lint_rule(write_json, create_gateway(), "GW109") == []


# --- live state --------------------------------------------------------------------


def test_live_gateway_debug_reported_and_unknown_keys_ignored() -> None:
    """Live GetGateway responses come from AWS: GW105 reports DEBUG, GW002 stays silent."""
    from gwlint.engine import Job, run_job
    from gwlint.model import Deployment, Origin
    from gwlint.registry import all_rules, select
    from gwlint.sources.aws_api import gateway_from_api

    response = {
        "gatewayArn": GATEWAY_ARN,
        "gatewayId": GATEWAY_ID,
        "gatewayUrl": GATEWAY_URL,
        "name": "security-chatbot-gateway",
        "authorizerType": "CUSTOM_JWT",
        "exceptionLevel": "DEBUG",
        "someFutureField": {"x": 1},
    }
    deployment = Deployment(shape="live", origin=Origin(resource=GATEWAY_ARN))
    deployment.gateway = gateway_from_api(response, "", None, resource=GATEWAY_ARN)
    rules = select(all_rules(), ["GW002", "GW101", "GW105"])
    findings = run_job(rules, Job(deployment))
    got = sorted((f.rule_id, f.status.value, f.severity.value, f.pointer) for f in findings)
    assert got == [
        ("GW101", "pass", "error", None),
        ("GW105", "fail", "info", None),
    ]


@pytest.mark.parametrize(
    ("url", "kinds"),
    [
        (GATEWAY_URL, []),
        (f"http://{HOST}", ["scheme", "no-mcp-path"]),
        (f"{HOST}/v2/mcp", ["no-scheme", "version"]),
        (f"https://{HOST}/mcp/", ["trailing-slash"]),
        (f"https://{HOST}/api", ["path"]),
        (RUNTIME_URL, ["runtime-url"]),
        ("https://abc.lambda-url.eu-west-1.on.aws/", ["lambda-url"]),
        ("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/f/invocations",
         ["lambda-url"]),
        (LAMBDA_ARN, ["lambda-arn"]),
        (GATEWAY_ARN, ["gateway-arn"]),
        ("arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x_mcp-AbCdEf1234", ["arn"]),
        (f"https://{GATEWAY_ID}.gateway.bedrock-agentcore.mars-1.amazonaws.com/mcp", ["host"]),
        ("", ["not-a-url"]),
    ],
)  # fmt: skip
def test_gw108_classify_kinds(url: str, kinds: list[str]) -> None:
    from gwlint_rules.gw108_gateway_url_shape import classify

    assert [p.kind for p in classify(url, None, None)] == kinds


# --- GW108 and domainOverride ---------------------------------------------------


@pytest.mark.parametrize(
    ("case", "status", "severity", "said"),
    [
        ("pass-domain-override", Status.PASS, Severity.ERROR,
         "gateway_url is on a domainOverride domain of the gateway"),
        ("fail-custom-domain-not-in-override", Status.FAIL, Severity.ERROR,
         "not one of the gateway's domainOverride domains (tools.example.com)"),
        ("fail-custom-domain-unconfirmed", Status.FAIL, Severity.WARNING,
         "only valid when the gateway has a domainOverride naming it"),
    ],
)  # fmt: skip
def test_gw108_custom_domains(case: str, status: Status, severity: Severity, said: str) -> None:
    from gwlint import lint

    from .conftest import FIXTURES

    [finding] = [
        f for f in lint([str(FIXTURES / "rules" / "GW108" / f"{case}.json")]).findings
        if f.rule_id == "GW108"
    ]  # fmt: skip
    assert (finding.status, finding.severity) == (status, severity)
    assert said in finding.message
