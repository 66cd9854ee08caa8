"""The gateway accepts calls without any authentication.

## Why
With ``authorizerType: NONE`` the gateway checks no token and no signature:
anyone who learns its URL (from a log line, a config file, a browser history)
can list and call every tool, and each call runs with the gateway's execution
role and the targets' outbound credentials. Gateway IDs are derived from the
name plus a short suffix, so the URL is no secret.

This is a warning, not an error: AWS accepts it and it can be deliberate for a
short-lived test of public, read-only tools.

## Symptom
Nothing fails, which is the problem: tool calls succeed from anywhere, without
an ``Authorization`` header.

## Fix
Require OAuth tokens (``CUSTOM_JWT``) or SigV4 (``AWS_IAM``):

    {"authorizerType": "CUSTOM_JWT",
     "authorizerConfiguration": {"customJWTAuthorizer": {
       "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
       "allowedClients": ["6aarhftf6bopppar05humcp2r6"]}}}

IAM callers then need ``bedrock-agentcore:InvokeGateway``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import AUTHORIZER_TYPES
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW104",
    name="inbound-auth-none",
    severity=Severity.WARNING,
    summary="Gateway requires callers to authenticate (authorizerType is not NONE)",
    fix=(
        "Set authorizerType to CUSTOM_JWT (with authorizerConfiguration.customJWTAuthorizer) "
        "or AWS_IAM, so that only authenticated callers can list and call tools."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or not gateway.has("authorizer_type"):
        return
    value = gateway.authorizer_type
    if value == "NONE":
        yield ctx.fail(
            gateway,
            "authorizer_type",
            "authorizerType is NONE: anyone who knows the gateway URL can list and call every "
            "tool, with the gateway's own credentials.",
        )
    elif value in AUTHORIZER_TYPES:
        yield ctx.passed(
            gateway, "authorizer_type", f"gateway requires inbound authentication ({value})"
        )
