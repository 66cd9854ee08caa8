"""Severities follow evidence: what the API model accepts warns, with the reason in the message."""

from __future__ import annotations

import json
from typing import Any

from gwlint.findings import Severity, Status

from .conftest import WriteJson, lint_rule

LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"
PROVIDER_ARN = (
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/"
    "oauth2credentialprovider/my-idp"
)


def lambda_target(input_schema: dict[str, Any]) -> dict[str, Any]:
    tool = {"name": "check", "description": "Check services", "inputSchema": input_schema}
    return {
        "name": "security-lambda",
        "targetConfiguration": {
            "mcp": {"lambda": {"lambdaArn": LAMBDA_ARN, "toolSchema": {"inlinePayload": [tool]}}}
        },
        "credentialProviderConfigurations": [{"credentialProviderType": "GATEWAY_IAM_ROLE"}],
    }


def failures(write_json: WriteJson, doc: object, rule_id: str) -> list[tuple[str, str, str]]:
    return [
        (f.severity.value, f.pointer or "", f.message)
        for f in lint_rule(write_json, doc, rule_id)
        if f.status is Status.FAIL
    ]


SCHEMA = "/targetConfiguration/mcp/lambda/toolSchema/inlinePayload/0/inputSchema"


def test_gw208_array_without_items_warns(write_json: WriteJson) -> None:
    doc = lambda_target({"type": "object", "properties": {"services": {"type": "array"}}})
    [(severity, pointer, message)] = failures(write_json, doc, "GW208")
    assert (severity, pointer) == (Severity.WARNING.value, f"{SCHEMA}/properties/services")
    assert "the API model accepts it" in message


def test_gw208_required_not_in_properties_warns(write_json: WriteJson) -> None:
    doc = lambda_target({"type": "object", "properties": {}, "required": ["region"]})
    [(severity, pointer, message)] = failures(write_json, doc, "GW208")
    assert (severity, pointer) == (Severity.WARNING.value, f"{SCHEMA}/required/0")
    assert "the API model accepts it, but no caller can supply that argument" in message


def test_gw217_scope_with_whitespace_warns(write_json: WriteJson) -> None:
    target = {
        "name": "docs-mcp",
        "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": "https://mcp.example.com/mcp"}}},
        "credentialProviderConfigurations": [{
            "credentialProviderType": "OAUTH",
            "credentialProvider": {"oauthCredentialProvider": {
                "providerArn": PROVIDER_ARN, "scopes": ["mcp/read mcp/write"]}},
        }],
    }  # fmt: skip
    [(severity, pointer, message)] = failures(write_json, target, "GW217")
    assert severity == Severity.WARNING.value
    assert pointer == (
        "/credentialProviderConfigurations/0/credentialProvider/oauthCredentialProvider/scopes/0"
    )
    assert "the API model allows it (OAuthScope is 1-64 characters, no pattern)" in message


def test_gw211_operation_without_operation_id_warns(write_json: WriteJson) -> None:
    spec = {
        "openapi": "3.0.1",
        "info": {"title": "Pets", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/pets": {
            "get": {"operationId": "listPets", "responses": {"200": {"description": "OK"}}},
            "post": {"responses": {"201": {"description": "Created"}}},
        }},
    }  # fmt: skip
    target = {
        "name": "pets",
        "targetConfiguration": {"mcp": {"openApiSchema": {"inlinePayload": json.dumps(spec)}}},
    }
    [(severity, pointer, message)] = failures(write_json, target, "GW211")
    assert (severity, pointer) == (
        Severity.WARNING.value,
        "/targetConfiguration/mcp/openApiSchema/inlinePayload",
    )
    assert "operation POST /pets has no operationId" in message
    assert "not exposed as a tool (fine if that is intended)" in message
