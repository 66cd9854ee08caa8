"""Edge cases of the target rules GW202-GW207 and GW212-GW214.

Each test lints a config a user could write and asserts the exact
(rule id, status, pointer) of the rule under test, plus the part of the
message or fix that carries the diagnosis.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from gwlint.awsformats import explain_lambda_arn, explain_runtime_arn
from gwlint.findings import Finding

from .conftest import WriteJson, lint_one, lint_rule, only, triples

ACCOUNT = "123456789012"
RUNTIME_ARN = f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:runtime/security_mcp-AbCdEf1234"
ENCODED = quote(RUNTIME_ARN, safe="")
HOST = "https://bedrock-agentcore.us-east-1.amazonaws.com"
GOOD_URL = f"{HOST}/runtimes/{ENCODED}/invocations?qualifier=DEFAULT"
LAMBDA_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:SecurityLambda"
GATEWAY_ARN = f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:gateway/g-abcdefghij"
TOOL = {
    "name": "CheckSecurityServices",
    "description": "Check AWS security services",
    "inputSchema": {"type": "object", "properties": {"region": {"type": "string"}}},
}
ENDPOINT = "/targetConfiguration/mcp/mcpServer/endpoint"
LAMBDA = "/targetConfiguration/mcp/lambda"
RUNTIME = "/targetConfiguration/http/agentcoreRuntime"


def mcp_target(endpoint: Any, name: str = "security-mcp") -> dict[str, Any]:
    return {
        "gatewayIdentifier": "security-gateway-abcdefghij",
        "name": name,
        "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": endpoint}}},
    }


def lambda_target(lam: Any, name: str = "security-lambda") -> dict[str, Any]:
    return {"name": name, "targetConfiguration": {"mcp": {"lambda": lam}}}


def runtime_target(config: Any, name: str = "security-agent") -> dict[str, Any]:
    return {"name": name, "targetConfiguration": {"http": {"agentcoreRuntime": config}}}


def setup_args(source: Any, target_type: Any = "lambda") -> dict[str, Any]:
    return {
        "gateway_name": "security-gateway",
        "target_source": source,
        "target_type": target_type,
        "execution_role_arn": f"arn:aws:iam::{ACCOUNT}:role/GatewayExecutionRole",
    }


# --- GW202 mcp-endpoint-https ---------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "phrase", "fixed"),
    [
        ("http://mcp.example.com/mcp", "uses http://", "Use https://mcp.example.com/mcp"),
        ("mcp.example.com/mcp", "has no scheme", "Use https://mcp.example.com/mcp"),
        ("HTTPS://mcp.example.com/mcp", "case-sensitive", "Use https://mcp.example.com/mcp"),
        (" https://mcp.example.com/mcp", "whitespace", "Use 'https://mcp.example.com/mcp'"),
        ("ws://mcp.example.com/mcp", "'ws' scheme", "Use https://mcp.example.com/mcp"),
        ("SecurityLambda", "is not a URL", "lambda target"),
    ],
)
def test_gw202_non_https_endpoints_fail(
    write_json: WriteJson, endpoint: str, phrase: str, fixed: str
) -> None:
    finding = only(lint_rule(write_json, mcp_target(endpoint), "GW202"))
    assert triples([finding]) == [("GW202", "fail", ENDPOINT)]
    assert phrase in finding.message
    assert fixed in finding.fix


@pytest.mark.parametrize("endpoint", [None, 42, "", "   ", "https://"])
def test_gw202_empty_or_non_string_endpoint_fails(write_json: WriteJson, endpoint: Any) -> None:
    assert triples(lint_rule(write_json, mcp_target(endpoint), "GW202")) == [
        ("GW202", "fail", ENDPOINT)
    ]


def test_gw202_missing_endpoint_is_located_at_the_mcp_server_object(
    write_json: WriteJson,
) -> None:
    content = {
        "name": "x",
        "targetConfiguration": {"mcp": {"mcpServer": {"listingMode": "DEFAULT"}}},
    }
    assert triples(lint_rule(write_json, content, "GW202")) == [
        ("GW202", "fail", "/targetConfiguration/mcp/mcpServer")
    ]


def test_gw202_leaves_arns_to_gw201(write_json: WriteJson) -> None:
    report = lint_one(write_json(mcp_target(RUNTIME_ARN)), select=("GW201", "GW202"))
    assert triples(report.findings) == [("GW201", "fail", ENDPOINT)]


def test_gw202_guide_http_runtime_example_fails_with_both_fixes(write_json: WriteJson) -> None:
    content = setup_args(
        "http://runtime-abc123.agentcore.us-east-1.amazonaws.com/invocations", "runtime"
    )
    finding = only(lint_rule(write_json, content, "GW202"))
    assert triples([finding]) == [("GW202", "fail", "/target_source")]
    assert "not a real AgentCore host" in finding.fix


def test_gw202_https_passes_and_other_target_types_are_ignored(write_json: WriteJson) -> None:
    assert triples(lint_rule(write_json, mcp_target(GOOD_URL), "GW202")) == [
        ("GW202", "pass", ENDPOINT)
    ]
    assert lint_rule(write_json, lambda_target({"lambdaArn": LAMBDA_ARN}), "GW202") == []


def test_gw202_wrongly_nested_mcp_server_is_left_to_gw212(write_json: WriteJson) -> None:
    content = {"name": "x", "targetConfiguration": {"mcpServer": {"endpoint": "http://x.example"}}}
    assert lint_rule(write_json, content, "GW202") == []


# --- GW203 runtime-invocation-url -------------------------------------------------------


def gw203_fail(write_json: WriteJson, endpoint: str) -> Finding:
    finding = only(lint_rule(write_json, mcp_target(endpoint), "GW203"))
    assert triples([finding]) == [("GW203", "fail", ENDPOINT)]
    return finding


def test_gw203_valid_url_passes(write_json: WriteJson) -> None:
    assert triples(lint_rule(write_json, mcp_target(GOOD_URL), "GW203")) == [
        ("GW203", "pass", ENDPOINT)
    ]


def test_gw203_unencoded_arn(write_json: WriteJson) -> None:
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{RUNTIME_ARN}/invocations?qualifier=DEFAULT")
    assert "not URL-encoded" in finding.message
    assert GOOD_URL in finding.fix


def test_gw203_partly_encoded_arn(write_json: WriteJson) -> None:
    half = ENCODED.replace("%2F", "/")
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{half}/invocations?qualifier=DEFAULT")
    assert "only partly URL-encoded" in finding.message
    assert GOOD_URL in finding.fix


def test_gw203_double_encoded_arn(write_json: WriteJson) -> None:
    twice = quote(ENCODED, safe="")
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{twice}/invocations?qualifier=DEFAULT")
    assert "encoded twice" in finding.message
    assert GOOD_URL in finding.fix


def test_gw203_runtime_endpoint_arn_gives_runtime_arn_and_qualifier(write_json: WriteJson) -> None:
    endpoint_arn = quote(RUNTIME_ARN + "/runtime-endpoint/prod", safe="")
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{endpoint_arn}/invocations?qualifier=prod")
    assert "?qualifier=prod" in finding.message
    assert f"'{RUNTIME_ARN}'" in finding.message
    assert f"{HOST}/runtimes/{ENCODED}/invocations?qualifier=prod" in finding.fix


@pytest.mark.parametrize(
    ("rest", "phrase"),
    [
        ("", "ends right after the runtime ARN"),
        ("/invocations/", "trailing slash"),
        ("/mcp", "continues with '/mcp'"),
    ],
)
def test_gw203_path_must_end_with_invocations(
    write_json: WriteJson, rest: str, phrase: str
) -> None:
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{ENCODED}{rest}?qualifier=DEFAULT")
    assert "must end with /invocations" in finding.message
    assert phrase in finding.message
    assert GOOD_URL in finding.fix


def test_gw203_host_region_must_match_arn_region(write_json: WriteJson) -> None:
    url = f"https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/{ENCODED}/invocations?qualifier=DEFAULT"
    finding = gw203_fail(write_json, url)
    assert "us-west-2" in finding.message and "us-east-1" in finding.message
    assert GOOD_URL in finding.fix


def test_gw203_arn_must_match_runtime_arn_pattern(write_json: WriteJson) -> None:
    bad = quote("arn:aws:bedrock-agentcore:us-east-1:123:runtime/security_mcp-AbCdEf1234", safe="")
    finding = gw203_fail(write_json, f"{HOST}/runtimes/{bad}/invocations?qualifier=DEFAULT")
    assert "account ID '123'" in finding.message


def test_gw203_lambda_arn_in_runtime_url(write_json: WriteJson) -> None:
    finding = gw203_fail(
        write_json, f"{HOST}/runtimes/{quote(LAMBDA_ARN, safe='')}/invocations?qualifier=DEFAULT"
    )
    assert "Lambda function ARN, not an AgentCore runtime ARN" in finding.message


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://runtime-abc123.agentcore.us-east-1.amazonaws.com/invocations",
        "http://runtime-v1-abc123.agentcore.us-east-1.amazonaws.com/invocations",
        "https://runtime-abc123.bedrock-agentcore.us-east-1.amazonaws.com/invocations",
    ],
)
def test_gw203_made_up_runtime_hosts(write_json: WriteJson, endpoint: str) -> None:
    finding = gw203_fail(write_json, endpoint)
    assert "not a real AgentCore host" in finding.message
    example = f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:runtime/my_mcp_server-AbCdEf1234"
    assert f"{HOST}/runtimes/{quote(example, safe='')}/invocations?qualifier=DEFAULT" in finding.fix


def test_gw203_runtime_host_with_wrong_path(write_json: WriteJson) -> None:
    finding = gw203_fail(write_json, f"{HOST}/invocations")
    assert "is not /runtimes/" in finding.message


def test_gw203_runtime_id_needs_account_id(write_json: WriteJson) -> None:
    base = f"{HOST}/runtimes/security_mcp-AbCdEf1234/invocations?qualifier=DEFAULT"
    finding = gw203_fail(write_json, base)
    assert "accountId" in finding.message
    assert GOOD_URL in finding.fix
    assert triples(lint_rule(write_json, mcp_target(f"{base}&accountId={ACCOUNT}"), "GW203")) == [
        ("GW203", "pass", ENDPOINT)
    ]


def test_gw203_reports_each_problem_separately(write_json: WriteJson) -> None:
    endpoint_arn = RUNTIME_ARN + "/runtime-endpoint/prod"
    url = f"https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/{endpoint_arn}/invocations"
    findings = lint_rule(write_json, mcp_target(url), "GW203")
    assert triples(findings) == [("GW203", "fail", ENDPOINT)] * 3
    messages = " | ".join(f.message for f in findings)
    assert "not URL-encoded" in messages
    assert "runtime endpoint ARN" in messages
    assert "must be in the runtime's region" in messages


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://mcp.example.com/mcp",
        "https://security-gateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
        RUNTIME_ARN,
    ],
)
def test_gw203_ignores_other_endpoints(write_json: WriteJson, endpoint: str) -> None:
    assert lint_rule(write_json, mcp_target(endpoint), "GW203") == []


def test_gw203_setup_args_and_deployment_pointers(write_json: WriteJson) -> None:
    bad = f"{HOST}/runtimes/{RUNTIME_ARN}/invocations?qualifier=DEFAULT"
    assert triples(lint_rule(write_json, setup_args(bad, "runtime"), "GW203")) == [
        ("GW203", "fail", "/target_source")
    ]
    deployment = {"region": "us-east-1", "targets": [mcp_target(GOOD_URL), mcp_target(bad, "b")]}
    assert triples(lint_rule(write_json, deployment, "GW203")) == [
        ("GW203", "fail", "/targets/1" + ENDPOINT),
        ("GW203", "pass", "/targets/0" + ENDPOINT),
    ]


# --- GW204 runtime-qualifier ------------------------------------------------------------


def test_gw204_missing_qualifier_warns_about_default(write_json: WriteJson) -> None:
    url = f"{HOST}/runtimes/{ENCODED}/invocations"
    finding = only(lint_rule(write_json, mcp_target(url), "GW204"))
    assert triples([finding]) == [("GW204", "fail", ENDPOINT)]
    assert finding.severity.value == "warning"
    assert "DEFAULT endpoint" in finding.message
    assert f"{url}?qualifier=DEFAULT" in finding.fix
    assert f"{url}?qualifier=prod" in finding.fix
    assert "no versions or aliases" in finding.fix


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("?qualifier=", "empty"),
        ("?qualifier=prod-1", "cannot be a runtime endpoint name"),
        ("?qualifier=3", "version number"),
        ("?qualifier=a&qualifier=b", "2 qualifier parameters"),
    ],
)
def test_gw204_bad_qualifiers(write_json: WriteJson, query: str, phrase: str) -> None:
    url = f"{HOST}/runtimes/{ENCODED}/invocations{query}"
    finding = only(lint_rule(write_json, mcp_target(url), "GW204"))
    assert triples([finding]) == [("GW204", "fail", ENDPOINT)]
    assert phrase in finding.message


def test_gw204_endpoint_name_in_arn_is_not_a_qualifier(write_json: WriteJson) -> None:
    endpoint_arn = quote(RUNTIME_ARN + "/runtime-endpoint/prod", safe="")
    finding = only(
        lint_rule(write_json, mcp_target(f"{HOST}/runtimes/{endpoint_arn}/invocations"), "GW204")
    )
    assert "'prod'" in finding.message
    assert f"{HOST}/runtimes/{ENCODED}/invocations?qualifier=prod" in finding.fix


@pytest.mark.parametrize(
    ("qualifier", "phrase"), [("DEFAULT", "DEFAULT runtime endpoint"), ("prod", "'prod'")]
)
def test_gw204_pass_names_the_qualifier(write_json: WriteJson, qualifier: str, phrase: str) -> None:
    url = f"{HOST}/runtimes/{ENCODED}/invocations?qualifier={qualifier}"
    finding = only(lint_rule(write_json, setup_args(url, "runtime"), "GW204"))
    assert triples([finding]) == [("GW204", "pass", "/target_source")]
    assert phrase in finding.message


def test_gw204_ignores_non_runtime_urls(write_json: WriteJson) -> None:
    assert lint_rule(write_json, mcp_target("https://mcp.example.com/mcp"), "GW204") == []


# --- GW205 lambda-tool-schemas ----------------------------------------------------------


def test_gw205_guide_failure_1_exact_config(write_json: WriteJson) -> None:
    content = {
        "gateway_name": "security-gateway",
        "target_source": "arn:aws:lambda:us-east-1:123:function:SecurityLambda",
        "target_type": "lambda",
    }
    finding = only(lint_rule(write_json, content, "GW205"))
    assert triples([finding]) == [("GW205", "fail", "/target_source")]
    assert "bare Lambda ARN" in finding.message
    assert (
        '"arn": "arn:aws:lambda:us-east-1:123:function:SecurityLambda", "tools": [' in finding.fix
    )
    assert '"inputSchema"' in finding.fix


def test_gw205_guide_option_b_json_string_passes(write_json: WriteJson) -> None:
    source = json.dumps({"arn": LAMBDA_ARN, "tools": [TOOL]})
    assert triples(lint_rule(write_json, setup_args(source), "GW205")) == [
        ("GW205", "pass", "/target_source")
    ]


def test_gw205_json_string_that_is_not_json(write_json: WriteJson) -> None:
    source = "{'arn': '" + LAMBDA_ARN + "', 'tools': []}"
    finding = only(lint_rule(write_json, setup_args(source), "GW205"))
    assert triples([finding]) == [("GW205", "fail", "/target_source")]
    assert "not valid JSON" in finding.message
    assert "json.dumps" in finding.fix


@pytest.mark.parametrize(
    ("source", "pointer", "phrase"),
    [
        ({"arn": LAMBDA_ARN}, "/target_source", 'no "tools"'),
        ({"arn": LAMBDA_ARN, "tools": []}, "/target_source/tools", "empty array"),
        ({"arn": LAMBDA_ARN, "tools": TOOL}, "/target_source/tools", "not an array"),
        (json.dumps({"arn": LAMBDA_ARN, "tools": []}), "/target_source", "empty array"),
        ("SecurityLambda", "/target_source", "bare string"),
        (None, "/target_source", "cannot be read"),
    ],
)
def test_gw205_setup_args_without_usable_tools(
    write_json: WriteJson, source: Any, pointer: str, phrase: str
) -> None:
    finding = only(lint_rule(write_json, setup_args(source), "GW205"))
    assert triples([finding]) == [("GW205", "fail", pointer)]
    assert phrase in finding.message


def test_gw205_setup_args_without_source(write_json: WriteJson) -> None:
    content = {"gateway_name": "security-gateway", "target_type": "lambda"}
    assert triples(lint_rule(write_json, content, "GW205")) == [("GW205", "fail", "")]


@pytest.mark.parametrize(
    ("lam", "pointer", "phrase"),
    [
        ({"lambdaArn": LAMBDA_ARN}, LAMBDA, "no toolSchema"),
        ({"lambdaArn": LAMBDA_ARN, "toolSchema": {}}, LAMBDA + "/toolSchema", "neither"),
        (
            {
                "lambdaArn": LAMBDA_ARN,
                "toolSchema": {"inlinePayload": [TOOL], "s3": {"uri": "s3://b/t.json"}},
            },
            LAMBDA + "/toolSchema",
            "both",
        ),
        (
            {"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": []}},
            LAMBDA + "/toolSchema/inlinePayload",
            "empty array",
        ),
        (
            {"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": json.dumps([TOOL])}},
            LAMBDA + "/toolSchema/inlinePayload",
            "JSON string",
        ),
        (
            {"lambdaArn": LAMBDA_ARN, "toolSchema": {"s3": {"uri": "https://b/t.json"}}},
            LAMBDA + "/toolSchema/s3/uri",
            "no s3:// uri",
        ),
        (LAMBDA_ARN, LAMBDA, "not an object"),
    ],
)
def test_gw205_api_lambda_without_tool_schemas(
    write_json: WriteJson, lam: Any, pointer: str, phrase: str
) -> None:
    finding = only(lint_rule(write_json, lambda_target(lam), "GW205"))
    assert triples([finding]) == [("GW205", "fail", pointer)]
    assert phrase in finding.message


def test_gw205_api_inline_and_s3_pass(write_json: WriteJson) -> None:
    inline = lambda_target({"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": [TOOL]}})
    s3 = lambda_target({"lambdaArn": LAMBDA_ARN, "toolSchema": {"s3": {"uri": "s3://b/t.json"}}})
    assert triples(lint_rule(write_json, {"targets": [inline, s3]}, "GW205")) == [
        ("GW205", "pass", "/targets/0" + LAMBDA + "/toolSchema/inlinePayload"),
        ("GW205", "pass", "/targets/1" + LAMBDA + "/toolSchema/s3"),
    ]


# --- GW206 lambda-arn -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("arn:aws:lambda:us-east-1:123:function:SecurityLambda", "account ID '123'"),
        ("SecurityLambda", "function name"),
        (f"arn:aws:iam::{ACCOUNT}:role/SecurityLambdaRole", "not a Lambda function ARN"),
        (f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:shared:3", "function:<name>"),
        ("https://abc.lambda-url.us-east-1.on.aws/", "is a URL"),
        (f"arn:aws:lambda:useast1:{ACCOUNT}:function:F", "region 'useast1'"),
        (LAMBDA_ARN + " ", "whitespace"),
        (f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:" + "f" * 130, "at most 170"),
        (None, "not a string"),
    ],
)
def test_gw206_bad_lambda_arns(write_json: WriteJson, value: Any, phrase: str) -> None:
    lam = {"lambdaArn": value, "toolSchema": {"inlinePayload": [TOOL]}}
    finding = only(lint_rule(write_json, lambda_target(lam), "GW206"))
    assert triples([finding]) == [("GW206", "fail", LAMBDA + "/lambdaArn")]
    assert phrase in finding.message


@pytest.mark.parametrize(
    "value",
    [LAMBDA_ARN, LAMBDA_ARN + ":$LATEST", LAMBDA_ARN + ":7", LAMBDA_ARN + ":prod_v2"],
)
def test_gw206_valid_lambda_arns(write_json: WriteJson, value: str) -> None:
    lam = {"lambdaArn": value, "toolSchema": {"inlinePayload": [TOOL]}}
    assert triples(lint_rule(write_json, lambda_target(lam), "GW206")) == [
        ("GW206", "pass", LAMBDA + "/lambdaArn")
    ]


def test_gw206_missing_arn(write_json: WriteJson) -> None:
    lam = {"toolSchema": {"inlinePayload": [TOOL]}}
    assert triples(lint_rule(write_json, lambda_target(lam), "GW206")) == [
        ("GW206", "fail", LAMBDA)
    ]
    assert triples(lint_rule(write_json, setup_args({"tools": [TOOL]}), "GW206")) == [
        ("GW206", "fail", "/target_source")
    ]


def test_gw206_guide_arn_in_setup_args(write_json: WriteJson) -> None:
    source = json.dumps(
        {"arn": "arn:aws:lambda:us-east-1:123:function:SecurityLambda", "tools": [TOOL]}
    )
    finding = only(lint_rule(write_json, setup_args(source), "GW206"))
    assert triples([finding]) == [("GW206", "fail", "/target_source")]
    assert "12 digits" in finding.message


def test_gw206_ignores_interceptor_lambdas(write_json: WriteJson) -> None:
    content = {
        "gateway": {
            "name": "g",
            "authorizerType": "NONE",
            "interceptorConfigurations": [
                {
                    "interceptor": {"lambda": {"arn": "SecurityInterceptor"}},
                    "interceptionPoints": ["REQUEST"],
                }
            ],
        }
    }
    assert lint_rule(write_json, content, "GW206") == []


def test_explainers_accept_what_the_patterns_accept() -> None:
    assert explain_lambda_arn(LAMBDA_ARN) is None
    assert explain_runtime_arn(RUNTIME_ARN) is None
    assert explain_runtime_arn(RUNTIME_ARN + "/runtime-endpoint/DEFAULT") == (
        "is a runtime endpoint ARN, not the runtime ARN"
    )
    assert "runtime ID 'security-mcp'" in (
        explain_runtime_arn(f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:runtime/security-mcp")
        or ""
    )


# --- GW207 lambda-region ----------------------------------------------------------------


def west_lambda() -> dict[str, Any]:
    return lambda_target(
        {
            "lambdaArn": f"arn:aws:lambda:us-west-2:{ACCOUNT}:function:SecurityLambda",
            "toolSchema": {"inlinePayload": [TOOL]},
        }
    )


@pytest.mark.parametrize(
    ("extra", "source"),
    [
        ({"region": "us-east-1"}, "the deployment's region"),
        (
            {"gateway": {"gatewayArn": GATEWAY_ARN}},
            "the gateway's ARN",
        ),
        (
            {
                "gateway": {
                    "gatewayUrl": "https://g-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
                }
            },
            "the gateway's URL",
        ),
        (
            {
                "client": {
                    "gateway_url": "https://g-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
                }
            },
            "the client's gateway_url",
        ),
    ],
)
def test_gw207_cross_region_lambda(
    write_json: WriteJson, extra: dict[str, Any], source: str
) -> None:
    content = {**extra, "targets": [west_lambda()]}
    finding = only(lint_rule(write_json, content, "GW207"))
    assert triples([finding]) == [("GW207", "fail", "/targets/0" + LAMBDA + "/lambdaArn")]
    assert finding.severity.value == "warning"
    assert source in finding.message
    assert f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:SecurityLambda" in finding.fix


def test_gw207_gateway_arn_of_a_target_document(write_json: WriteJson) -> None:
    content = {
        **west_lambda(),
        "gatewayArn": f"arn:aws:bedrock-agentcore:us-west-2:{ACCOUNT}:gateway/g-abcdefghij",
    }
    assert triples(lint_rule(write_json, content, "GW207")) == [
        ("GW207", "pass", LAMBDA + "/lambdaArn")
    ]


def test_gw207_skips_without_gateway_region(write_json: WriteJson) -> None:
    finding = only(lint_rule(write_json, west_lambda(), "GW207"))
    assert (finding.status.value, finding.pointer) == ("skip", "")
    assert "us-west-2" in finding.message


def test_gw207_ignores_unusable_lambda_arns(write_json: WriteJson) -> None:
    content = {"region": "us-east-1", "targets": [lambda_target({"lambdaArn": "SecurityLambda"})]}
    assert lint_rule(write_json, content, "GW207") == []


# --- GW212 single-target-type ------------------------------------------------------------


@pytest.mark.parametrize(
    ("configuration", "pointer", "phrase"),
    [
        (
            {"mcp": {"mcpserver": {}}},
            "/targetConfiguration/mcp/mcpserver",
            "Did you mean 'mcpServer'?",
        ),
        ({"mcp": {"Lambda": {}}}, "/targetConfiguration/mcp/Lambda", "Did you mean 'lambda'?"),
        ({"lambda": {}}, "/targetConfiguration/lambda", "targetConfiguration.mcp.lambda"),
        (
            {"mcp": {"agentcoreRuntime": {}}},
            "/targetConfiguration/mcp/agentcoreRuntime",
            "belongs under http",
        ),
        ({"mcp": {"lambda": {}, "mcpServer": {}}}, "/targetConfiguration/mcp", "2 target types"),
        (
            {"mcp": {"lambda": {}}, "http": {"agentcoreRuntime": {}}},
            "/targetConfiguration",
            "2 target types",
        ),
        ({"mcp": {}}, "/targetConfiguration/mcp", "no target type"),
        ({}, "/targetConfiguration", "no target type"),
        ("lambda", "/targetConfiguration", "not an object"),
    ],
)
def test_gw212_not_exactly_one_known_type(
    write_json: WriteJson, configuration: Any, pointer: str, phrase: str
) -> None:
    content = {"name": "t", "targetConfiguration": configuration}
    finding = only(lint_rule(write_json, content, "GW212"))
    assert triples([finding]) == [("GW212", "fail", pointer)]
    assert phrase in finding.message


def test_gw212_mcp_protocol_gateway_rejects_http_runtime_target(write_json: WriteJson) -> None:
    target = runtime_target({"arn": RUNTIME_ARN})
    content = {
        "gateway": {"name": "g", "protocolType": "MCP", "authorizerType": "NONE"},
        "targets": [target],
    }
    finding = only(lint_rule(write_json, content, "GW212"))
    assert triples([finding]) == [("GW212", "fail", "/targets/0" + RUNTIME)]
    assert "protocolType is MCP" in finding.message
    del content["gateway"]["protocolType"]  # type: ignore[attr-defined]
    assert triples(lint_rule(write_json, content, "GW212")) == [
        ("GW212", "pass", "/targets/0" + RUNTIME)
    ]


def test_gw212_newer_api_members_are_accepted(write_json: WriteJson) -> None:
    content = {"name": "t", "targetConfiguration": {"http": {"passthrough": {}}}}
    finding = only(lint_rule(write_json, content, "GW212"))
    assert triples([finding]) == [("GW212", "pass", "/targetConfiguration/http/passthrough")]


@pytest.mark.parametrize(
    ("target_type", "status", "phrase"),
    [
        ("runtime", "pass", "mcp.mcpServer"),
        ("openapi", "pass", "mcp.openApiSchema"),
        ("Lambda", "fail", "Did you mean 'lambda'?"),
        ("mcp-server", "fail", "Did you mean 'mcpServer'?"),
        (7, "fail", "not a target type"),
    ],
)
def test_gw212_setup_target_type(
    write_json: WriteJson, target_type: Any, status: str, phrase: str
) -> None:
    finding = only(
        lint_rule(write_json, setup_args("https://mcp.example.com/mcp", target_type), "GW212")
    )
    assert triples([finding]) == [("GW212", status, "/target_type")]
    assert phrase in finding.message


def test_gw212_setup_without_target_type(write_json: WriteJson) -> None:
    content = {"gateway_name": "g", "target_source": "https://mcp.example.com/mcp"}
    assert triples(lint_rule(write_json, content, "GW212")) == [("GW212", "fail", "")]


# --- GW213 target-name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "phrase", "suggestion"),
    [
        ("security_mcp", "contains '_'", "'security-mcp'"),
        ("-security", "starts with a hyphen", "'security'"),
        ("security--mcp", "'--'", "'security-mcp'"),
        ("security mcp.v2", "contains ' ', '.'", "'security-mcp-v2'"),
        ("a" * 101, "101 letters and digits", "'" + "a" * 100 + "'"),
    ],
)
def test_gw213_bad_names(write_json: WriteJson, name: str, phrase: str, suggestion: str) -> None:
    finding = only(lint_rule(write_json, mcp_target(GOOD_URL, name), "GW213"))
    assert triples([finding]) == [("GW213", "fail", "/name")]
    assert phrase in finding.message
    assert suggestion in finding.fix


@pytest.mark.parametrize("name", ["a", "security-mcp-", "-".join(["ab"] * 50), "Mcp2"])
def test_gw213_good_names(write_json: WriteJson, name: str) -> None:
    assert triples(lint_rule(write_json, mcp_target(GOOD_URL, name), "GW213")) == [
        ("GW213", "pass", "/name")
    ]


@pytest.mark.parametrize("name", ["", None, 5])
def test_gw213_empty_or_non_string(write_json: WriteJson, name: Any) -> None:
    assert triples(lint_rule(write_json, mcp_target(GOOD_URL, name), "GW213")) == [
        ("GW213", "fail", "/name")
    ]


def test_gw213_missing_name_passes_the_service_generates_one(write_json: WriteJson) -> None:
    target = mcp_target(GOOD_URL)
    del target["name"]
    findings = lint_rule(write_json, {"targets": [target]}, "GW213")
    assert triples(findings) == [("GW213", "pass", "/targets/0")]
    assert findings[0].message == "target has no name; the service generates one (name is optional)"


def test_gw213_duplicate_fails_on_the_second(write_json: WriteJson) -> None:
    targets = [
        mcp_target(GOOD_URL, "tools"),
        mcp_target(GOOD_URL, "other"),
        mcp_target(GOOD_URL, "tools"),
    ]
    findings = lint_rule(write_json, {"targets": targets}, "GW213")
    assert triples(findings) == [
        ("GW213", "fail", "/targets/2/name"),
        ("GW213", "pass", "/targets/0/name"),
        ("GW213", "pass", "/targets/1/name"),
    ]
    assert "/targets/0" in next(f for f in findings if f.status.value == "fail").message


def test_gw213_setup_args_have_no_target_name(write_json: WriteJson) -> None:
    assert lint_rule(write_json, setup_args({"arn": LAMBDA_ARN, "tools": [TOOL]}), "GW213") == []


# --- GW214 runtime-target-arn -----------------------------------------------------------


def test_gw214_runtime_arn_passes(write_json: WriteJson) -> None:
    content = runtime_target({"arn": RUNTIME_ARN, "qualifier": "prod"})
    assert triples(lint_rule(write_json, content, "GW214")) == [("GW214", "pass", RUNTIME + "/arn")]


def test_gw214_endpoint_arn_moves_endpoint_to_qualifier(write_json: WriteJson) -> None:
    content = runtime_target({"arn": RUNTIME_ARN + "/runtime-endpoint/prod"})
    finding = only(lint_rule(write_json, content, "GW214"))
    assert triples([finding]) == [("GW214", "fail", RUNTIME + "/arn")]
    assert f'"arn": "{RUNTIME_ARN}"' in finding.fix and '"qualifier": "prod"' in finding.fix


def test_gw214_invocation_url_instead_of_arn(write_json: WriteJson) -> None:
    url = f"{HOST}/runtimes/{ENCODED}/invocations?qualifier=prod"
    finding = only(lint_rule(write_json, runtime_target({"arn": url}), "GW214"))
    assert triples([finding]) == [("GW214", "fail", RUNTIME + "/arn")]
    assert "invocation URL" in finding.message
    assert f'"arn": "{RUNTIME_ARN}"' in finding.fix and '"qualifier": "prod"' in finding.fix


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (
            f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:agent/5f0c-9a1b:1",
            "not an AgentCore runtime ARN",
        ),
        (f"arn:aws:bedrock-agentcore:us-east-1:{ACCOUNT}:runtime/security-agent", "runtime ID"),
        ("security_agent-AbCdEf1234", "not an ARN"),
        (LAMBDA_ARN, "Lambda function ARN"),
    ],
)
def test_gw214_not_a_runtime_arn(write_json: WriteJson, value: str, phrase: str) -> None:
    finding = only(lint_rule(write_json, runtime_target({"arn": value}), "GW214"))
    assert triples([finding]) == [("GW214", "fail", RUNTIME + "/arn")]
    assert phrase in finding.message


def test_gw214_missing_arn_fails_at_the_runtime_object(write_json: WriteJson) -> None:
    content = runtime_target({"qualifier": "prod"})
    assert triples(lint_rule(write_json, content, "GW214")) == [("GW214", "fail", RUNTIME)]
