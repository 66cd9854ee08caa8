"""A gateway or target object lacks a member the API requires, or sets several of a union.

## Why
botocore refuses a request before sending it when a structure lacks a
required member (``Missing required parameter in …``) or a union sets zero or
several members (``Invalid number of parameters set for tagged union
structure …``). Examples: an ``mcp.apiGateway`` target needs ``restApiId``,
``stage`` and ``apiGatewayToolConfiguration.toolFilters``; ``http.passthrough``
needs ``endpoint`` and ``protocolType``; connectors need ``source.connectorId``;
``domainOverride`` needs ``defaultDomain``; an interceptor's
``inputConfiguration`` needs ``passRequestHeaders``; ``payloadFilter`` needs
``exclude``; ``policyEngineConfiguration`` needs ``arn`` and ``mode``;
``privateEndpoint`` and ``certificateConfigurations`` items set exactly one
member.

The required members come from the API spec generated from botocore
(``gwlint/spec/agentcore_api.json``) and are checked per operation.
Path parameters (``gatewayIdentifier``, ``targetId``) are not required in the
document: the AWS CLI takes them as options. Members with a dedicated rule
(``name``, ``roleArn``, ``authorizerType``, ``targetConfiguration`` and its
target types) are left to it. Target ``name`` is optional on
CreateGatewayTarget and UpdateGatewayTarget (the service generates one).
Saved Get responses are not checked.

## Symptom
``ParamValidationError: Missing required parameter in
targetConfiguration.mcp.apiGateway: "stage"``.

## Fix
Add the member the message names, e.g.

    "targetConfiguration": {"mcp": {"apiGateway": {
      "restApiId": "a1b2c3d4e5", "stage": "prod",
      "apiGatewayToolConfiguration": {"toolFilters": [{"filterPath": "/pets", "methods": ["GET"]}]}
    }}}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule
from gwlint.speccheck import findings


@rule(
    id="GW004",
    name="required-member",
    severity=Severity.ERROR,
    summary="Gateway and target objects have the members their API operation requires",
    fix="Add the required member the message names; set exactly one member of a union.",
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    yield from findings(ctx, frozenset({"required", "union"}), "required members")
