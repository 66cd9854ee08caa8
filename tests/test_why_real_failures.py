"""Every error text users reported (real-failures reference) is recognised by ``gwlint why``.

One case per reported text, with the exact words users saw, embedded in the
output they came in (Terraform apply, a CloudFormation event, a botocore
traceback, a curl body). Each case asserts the known errors found (exactly),
where the first one starts, and the top-ranked cause's rule (``None``: the
reported cause is one no rule checks yet, and it still ranks first).
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

import pytest

from .why_support import (
    botocore_traceback,
    cdk_event,
    curl,
    invoke,
    stack_events_json,
    terraform,
)

GATEWAY_URL = (
    "https://weather-gateway-k3j9x0abcd.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
)
RUNTIME_URL = (
    "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore"
    "%3Aus-east-1%3A123456789012%3Aruntime%2Fweather_mcp-AbCdEf1234/invocations?qualifier=DEFAULT"
)
TOKEN_URL = "https://agentcore-7c1f2a9b.auth.us-east-1.amazoncognito.com/oauth2/token"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:weather-tools"
TARGET = "AWS::BedrockAgentCore::GatewayTarget"
TF_TARGET = "aws_bedrockagentcore_gateway_target.weather"


class Case(NamedTuple):
    text: str
    errors: list[str]  # known error ids found, in order of appearance
    top: str | None  # rule id of the top cause of the first error; None: no rule yet
    anchor: str  # the first word of the first match, located in the original text


CASES = {
    # aws-cdk#36826, agents4energy#161
    "lambda-permission-cdk": Case(
        cdk_event(
            TARGET,
            "WeatherTarget1A2B3C",
            f"Gateway execution role lacks permission to invoke Lambda function {LAMBDA}. "
            "Update the permission and retry",
        ),
        ["lambda-invoke-permission"],
        "GW512",
        "Gateway execution role",
    ),
    # generative-ai-application-builder-on-aws#238
    "lambda-permission-botocore": Case(
        botocore_traceback(
            "CreateGatewayTarget",
            "ValidationException",
            f"Gateway execution role lacks permission to invoke Lambda function {LAMBDA}. "
            "Update the permission and retry",
        ),
        ["lambda-invoke-permission"],
        "GW512",
        "Gateway execution role",
    ),
    # docs gateway-debugging (exceptionLevel DEBUG)
    "lambda-access-denied-curl": Case(
        curl(
            "200",
            json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 3,
                    "result": {
                        "isError": True,
                        "content": [
                            {
                                "type": "text",
                                "text": f"Access denied while invoking Lambda function {LAMBDA}. "
                                "Check the permissions on the Lambda function and Gateway "
                                "execution role",
                            }
                        ],
                    },
                }
            ),
            url=GATEWAY_URL,
        ),
        ["lambda-access-denied"],
        "GW512",
        "Access denied while",
    ),
    # aws/agentcore-cli#1005
    "lambda-credentials-cfn": Case(
        cdk_event(
            TARGET,
            "ToolsTargetF00D",
            "CredentialProviderConfigurations is required for Lambda targets.",
        ),
        ["lambda-credential-provider-required"],
        "GW216",
        "CredentialProviderConfigurations is",
    ),
    # hashicorp/terraform-provider-aws#48177
    "iam-provider-terraform": Case(
        terraform(
            TF_TARGET,
            'creating Bedrock AgentCore Gateway Target ("weather-mcp")',
            "ValidationException: IamCredentialProvider is required for mcpServer targets using "
            "IAM authentication",
        ),
        ["iam-credential-provider-required"],
        "GW217",
        "IamCredentialProvider",
    ),
    # hashicorp/terraform-provider-aws#47626 / #47628: empty gateway_iam_role
    "target-unsigned-terraform": Case(
        terraform(
            TF_TARGET,
            'waiting for Bedrock AgentCore Gateway Target ("weather-mcp") create',
            "unexpected state 'FAILED', wanted target state 'READY'. last error: Failed to "
            "synchronize tools from target: Missing Authentication Token",
        ),
        ["target-missing-authentication-token"],
        "GW217",
        "synchronize tools",
    ),
    # aws/agentcore-cli#1254
    "mcp-connect-cfn": Case(
        stack_events_json(
            (
                TARGET,
                "WeatherMcpTarget",
                "Failed to connect and fetch tools from the provided MCP target server. "
                "Error - Apache transport request failed",
            )
        ),
        ["mcp-target-fetch-tools-failed"],
        "GW403",
        "Failed to connect",
    ),
    # guidance-for-claude-code#718, re:Post: allowedAudience with a Cognito token
    "invalid-bearer-curl": Case(
        curl(
            "401",
            '{"jsonrpc":"2.0","id":0,"error":{"code":-32001,"message":"Invalid Bearer token"}}',
            url=GATEWAY_URL,
        ),
        ["invalid-bearer-token"],
        "GW308",
        "Invalid Bearer",
    ),
    # CopilotKit#2912, #6920: no Authorization header / 'Bearer undefined' / wrong path
    "missing-auth-token-curl": Case(
        curl(
            "401",
            '{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Missing Authentication '
            'Token"}}',
            url=GATEWAY_URL,
        ),
        ["missing-authentication-token"],
        None,
        "Missing Authentication",
    ),
    # bedrock-agentcore-starter-toolkit#308, CrowdStrike/falcon-mcp#332
    "tool-name-botocore": Case(
        botocore_traceback(
            "CreateGatewayTarget",
            "ValidationException",
            "Tool name must be between 1 and 64 characters",
        ),
        ["tool-name-length"],
        "GW210",
        "Tool name must",
    ),
    # awslabs/agentcore-samples#142: 403 on the runtime invocation URL
    "runtime-403-curl": Case(
        curl(
            "403",
            '{"message":"Authorization method mismatch. The agent is configured for a '
            'different authorization method than what was used in your request."}',
            url=RUNTIME_URL,
        ).replace("HTTP/2 403", "HTTP/2 403 Forbidden"),
        ["runtime-invocation-forbidden"],
        "GW405",
        "/invocations?qualifier",
    ),
    # awslabs/agentcore-samples#812: token request answered 400
    "token-400-requests": Case(
        "\n".join(
            [
                "Traceback (most recent call last):",
                '  File "/home/dev/agent/auth.py", line 18, in get_token',
                "    response.raise_for_status()",
                '  File "/home/dev/.venv/lib/python3.12/site-packages/requests/models.py", '
                "line 1024, in raise_for_status",
                "    raise HTTPError(http_error_msg, response=self)",
                "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: "
                + TOKEN_URL,
                "",
            ]
        ),
        ["token-endpoint-bad-request"],
        "GW303",
        "400 Client",
    ),
    # troubleshooting facts 4.2: client_credentials flow not set up / wrong client ID
    "invalid-client-curl": Case(
        curl("400", '{"error":"invalid_client"}', url=TOKEN_URL),
        ["invalid-client"],
        "GW301",
        "invalid_client",
    ),
    "unauthorized-client-curl": Case(
        curl("400", '{"error":"unauthorized_client"}', url=TOKEN_URL),
        ["unauthorized-client"],
        "GW323",
        "unauthorized_client",
    ),
    "invalid-scope-curl": Case(
        curl("400", '{"error":"invalid_scope"}', url=TOKEN_URL),
        ["invalid-scope"],
        "GW305",
        "invalid_scope",
    ),
    # awslabs/agentcore-samples#1035: wrong SourceArn region in the trust policy
    "role-credentials-botocore": Case(
        botocore_traceback(
            "InvokeGateway",
            "InternalServerException",
            "InternalServerException - Failed to obtain execution role credentials",
        ),
        ["role-credentials-unavailable"],
        "GW511",
        "Failed to obtain",
    ),
    # hashicorp/terraform-provider-aws#49944: HYBRID from a documentation example
    "search-type-terraform": Case(
        "\n".join(
            [
                "Planning failed. Terraform encountered an error while generating this plan.",
                "",
                "╷",
                "│ Error: expected protocol_configuration.0.mcp.0.search_type to be one of "
                '["SEMANTIC"], got HYBRID',
                "│ ",
                "│   with aws_bedrockagentcore_gateway.weather,",
                '│   on main.tf line 12, in resource "aws_bedrockagentcore_gateway" "weather":',
                '│   12:       search_type = "HYBRID"',
                "╵",
                "",
            ]
        ),
        ["search-type-not-semantic"],
        "GW106",
        "search_type",
    ),
    # botocore ParamValidationError (the agentcore-cli spelling pasted into an API request)
    "unknown-parameter-botocore": Case(
        "\n".join(
            [
                "Traceback (most recent call last):",
                '  File "/home/dev/agent/deploy_gateway.py", line 30, in <module>',
                "    client.create_gateway(**request)",
                "botocore.exceptions.ParamValidationError: Parameter validation failed:",
                'Unknown parameter in authorizerConfiguration: "customJwtAuthorizer", must be '
                "one of: customJWTAuthorizer",
                "",
            ]
        ),
        ["botocore-unknown-parameter"],
        "GW002",
        "Unknown parameter",
    ),
    # fullstack-solution-template-for-agentcore#40: token captured once, reused after expiry
    "session-not-running": Case(
        "ERROR:strands.tools.mcp:client session is not running\n"
        "RuntimeError: Connection to the MCP server was closed\n",
        ["client-session-not-running"],
        None,
        "client session",
    ),
    # reported texts whose causes no rule checks yet: recognised, with the reported cause first
    "cognito-auth-type-api-gateway": Case(
        botocore_traceback(
            "CreateGatewayTarget",
            "ValidationException",
            "Operation at path /orders has unsupported auth type 'cognito_user_pools'. Only "
            "auth types [apiKey, awsSigv4] are supported",
        ),
        ["api-gateway-auth-unsupported"],
        None,
        "unsupported auth",
    ),
    "connector-terraform": Case(
        terraform(
            TF_TARGET,
            'creating Bedrock AgentCore Gateway Target ("web-search")',
            "ValidationException: Connector integration web-search is not available for this "
            "account",
        ),
        ["connector-not-available"],
        None,
        "Connector integration",
    ),
    "return-url-botocore": Case(
        botocore_traceback(
            "GetResourceOauth2Token",
            "ValidationException",
            "You must register and use at least one ResourceOauth2ReturnUrl on your workload "
            "identity to use this flow",
        ),
        ["return-url-required"],
        None,
        "must register",
    ),
    "invalid-grant-curl": Case(
        curl("400", '{"error":"invalid_grant"}', url=TOKEN_URL),
        ["invalid-grant"],
        None,
        "invalid_grant",
    ),
    "expired-session-botocore": Case(
        botocore_traceback(
            "CompleteResourceTokenAuth", "ValidationException", "Invalid or expired session"
        ),
        ["invalid-or-expired-session"],
        None,
        "Invalid or expired",
    ),
    "policy-engine-cfn": Case(
        cdk_event(
            "AWS::BedrockAgentCore::Policy",
            "ReadOnlyPolicy",
            "Insufficient permissions to call gateway",
        ),
        ["insufficient-permissions-call-gateway"],
        None,
        "Insufficient permissions",
    ),
    "deployer-denied-terraform": Case(
        terraform(
            TF_TARGET,
            'creating Bedrock AgentCore Gateway Target ("weather")',
            "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deployer/ci is "
            "not authorized to perform: bedrock-agentcore:CreateGatewayTarget on resource: "
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/weather-gateway-k3j9x0abcd",
        ),
        ["agentcore-action-not-authorized"],
        None,
        "is",
    ),
    "not-acceptable-curl": Case(
        curl(
            "406",
            '{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600,"message":"Not '
            'Acceptable: Client must accept both application/json and text/event-stream"}}',
            url=RUNTIME_URL.replace("?qualifier=DEFAULT", ""),
        ),
        ["not-acceptable-406"],
        None,
        "Client must",
    ),
}


def _position(text: str, anchor: str, after: str = "") -> tuple[int, int]:
    """Line and column of ``anchor`` in ``text``, its words possibly wrapped into a new box line."""
    words = r"\s+(?:│\s+)?".join(re.escape(w) for w in anchor.split())
    found = re.compile(words).search(text, text.index(after) if after else 0)
    assert found is not None, anchor
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def why_json(text: str) -> dict[str, object]:
    result = invoke("why", "-", "--format", "json", stdin=text)
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


@pytest.mark.parametrize("name", sorted(CASES))
def test_reported_error_is_recognised_with_the_right_top_cause(name: str) -> None:
    case = CASES[name]
    matches = why_json(case.text)["matches"]
    assert isinstance(matches, list)
    assert [m["error"] for m in matches] == case.errors
    first = matches[0]
    top = first["causes"][0]
    assert (top["rule"]["id"] if top["rule"] else None) == case.top
    assert [c["rank"] for c in first["causes"]] == list(range(1, len(first["causes"]) + 1))
    assert first["present"] is None and top["verdict"] is None
    # the location names where the match starts in what the user pasted
    after = "RequestID" if case.anchor == "is" else ""
    assert (first["line"], first["column"]) == _position(case.text, case.anchor, after)


def test_terraform_wrapped_message_is_matched_across_the_box_lines() -> None:
    case = CASES["iam-provider-terraform"]
    message = "IamCredentialProvider is required for mcpServer targets using IAM authentication"
    lines = case.text.splitlines()
    assert lines[11:13] == [
        "│ IamCredentialProvider is required for mcpServer targets using IAM",
        "│ authentication",
    ]
    match = why_json(case.text)["matches"][0]
    assert match["excerpt"] == message
    assert (match["line"], match["column"]) == (12, 3)


def test_exact_user_text_alone_is_recognised() -> None:
    matches = why_json('{"code":-32001,"message":"Missing Authentication Token"}')["matches"]
    assert [(m["error"], m["line"], m["column"], m["excerpt"]) for m in matches] == [
        ("missing-authentication-token", 1, 27, "Missing Authentication Token")
    ]
    causes = matches[0]["causes"]
    assert [c["rule"]["id"] if c["rule"] else None for c in causes] == [None, "GW108"]


def test_several_errors_in_one_event_list_in_order_of_appearance() -> None:
    text = stack_events_json(
        (TARGET, "ToolsTarget", "CredentialProviderConfigurations is required for Lambda targets"),
        (
            TARGET,
            "McpTarget",
            "IamCredentialProvider is required for mcpServer targets using IAM authentication",
        ),
        (TARGET, "OtherTools", "CredentialProviderConfigurations is required for Lambda targets"),
    )
    matches = why_json(text)["matches"]
    assert [(m["error"], m["line"], m["count"]) for m in matches] == [
        ("lambda-credential-provider-required", 9, 2),
        ("iam-credential-provider-required", 17, 1),
    ]


def test_specific_context_wins_over_the_generic_match_inside_it() -> None:
    text = CASES["target-unsigned-terraform"].text
    matches = why_json(text)["matches"]
    assert [m["error"] for m in matches] == ["target-missing-authentication-token"]
    generic = why_json("Missing Authentication Token")["matches"]
    assert [m["error"] for m in generic] == ["missing-authentication-token"]
