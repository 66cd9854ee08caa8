"""A Cognito-backed gateway checks allowedAudience, which Cognito access tokens cannot satisfy.

## Why
``allowedAudience`` is compared with the token's ``aud`` claim and
``allowedClients`` with its ``client_id`` claim. Cognito *access* tokens,
which is what a client-credentials client sends as its bearer token, have no
``aud`` claim at all; they name the app client in ``client_id``. An
authorizer that trusts a Cognito discovery URL and restricts by audience
therefore rejects every Cognito access token.

Cognito does put an ``aud`` claim into access tokens requested with a
``resource`` parameter (RFC 8707 resource binding). When the client config
asks for one (``resource``), the audience check can hold, and gwlint skips
the rule rather than guess; verify with a real token.

When ``allowedClients`` is set as well, the audience check is still applied;
that combination is reported as a warning, since the exact interplay of the
two checks is inferred rather than documented.

## Symptom
Every call answers 401 with
``{"jsonrpc":"2.0","id":0,"error":{"code":-32001,"message":"Invalid Bearer token"}}``
although the token is fresh and was issued by the right pool.

## Fix
Restrict by client instead of audience:

    "customJWTAuthorizer": {
      "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
      "allowedClients": ["6aarhftf6bopppar05humcp2r6"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import parse_cognito_discovery
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


def _requested_resource(ctx: Context) -> str | None:
    """The ``resource`` a client config asks its tokens for (flat or in client_info)."""
    client = ctx.deployment.client
    raw = client.raw if client is not None and isinstance(client.raw, dict) else {}
    for obj in (raw, raw.get("client_info")):
        value = obj.get("resource") if isinstance(obj, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _non_empty_list(value: object) -> bool:
    return isinstance(value, list) and len(value) > 0


@rule(
    id="GW308",
    name="cognito-audience-trap",
    severity=Severity.ERROR,
    summary="A Cognito-backed authorizer restricts by allowedClients, not allowedAudience",
    fix=(
        "Cognito access tokens carry no aud claim: replace allowedAudience with "
        "allowedClients listing the app client ID(s)."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    if gateway is None or jwt is None or parse_cognito_discovery(jwt.discovery_url) is None:
        return
    label = gateway.label
    audience = _non_empty_list(jwt.allowed_audience)
    resource = _requested_resource(ctx)
    if audience and resource is not None:
        yield ctx.skip(
            f"the client requests tokens for resource {resource!r} (RFC 8707 resource "
            "binding), so Cognito sets aud; check allowedAudience against a real token",
            jwt,
            resource=label,
        )
        return
    clients = _non_empty_list(jwt.allowed_clients)
    if audience and not clients:
        suggestion = ", ".join(f'"{v}"' for v in jwt.allowed_audience if isinstance(v, str))
        yield ctx.fail(
            jwt,
            "allowed_audience",
            "the authorizer trusts a Cognito user pool but restricts tokens by "
            "allowedAudience; Cognito access tokens have no aud claim, so every call is "
            'rejected with 401 "Invalid Bearer token".',
            fix=(
                "Rename allowedAudience to allowedClients"
                + (f" ([{suggestion}], if those are app client IDs)" if suggestion else "")
                + "; Cognito access tokens name the app client in client_id."
            ),
            resource=label,
        )
    elif audience:
        yield ctx.fail(
            jwt,
            "allowed_audience",
            "the authorizer trusts a Cognito user pool and also checks allowedAudience; "
            "Cognito access tokens have no aud claim, so the audience check can reject "
            "them even though allowedClients is set.",
            severity=Severity.WARNING,
            fix="Remove allowedAudience and keep allowedClients.",
            resource=label,
        )
    elif clients:
        yield ctx.passed(
            jwt,
            "allowed_clients",
            "Cognito authorizer restricts by allowedClients (Cognito tokens carry client_id)",
            resource=label,
        )
    else:
        yield ctx.passed(
            jwt,
            "allowed_audience",
            "Cognito authorizer does not rely on allowedAudience",
            resource=label,
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "pattern": r"Invalid Bearer token",
        "source": (
            "Gateway MCP endpoint, HTTP 401 with JSON-RPC error -32001 (AWS re:Post; "
            "guidance-for-claude-code-with-amazon-bedrock#718)"
        ),
        "means": (
            "The gateway's JWT authorizer rejected the token: issuer, expiry, client, audience or "
            "scope."
        ),
        "cause": (
            "A Cognito-backed authorizer checks allowedAudience; Cognito access tokens have no "
            "aud claim."
        ),
        "likelihood": "high",
    },
]
