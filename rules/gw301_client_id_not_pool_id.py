r"""The OAuth client ID is a Cognito user-pool ID.

## Why
Cognito has two identifiers that are easy to swap: the user pool
(``us-east-1_AbCdEf123``: region, underscore, 9 characters) and the app client
inside it (26 lower-case letters and digits, e.g. ``6aarhftf6bopppar05humcp2r6``).
The token endpoint and the gateway's ``allowedClients`` both want the app
client ID.

This is a Cognito fact: the rule runs only when the deployment's issuer (the
discovery URL, the token endpoint, or the toolkit's ``user_pool_id`` /
``domain_prefix``) is Amazon Cognito. Other providers' client IDs may contain
``-`` and ``_`` (a Keycloak client ``web-app_prod``), so under another issuer,
or with no issuer in the input, the rule skips.

## Symptom
The token request fails with ``invalid_client``; if a token was obtained some
other way, the gateway answers 401 "Invalid Bearer token" because the
``client_id`` claim is not in ``allowedClients``.

## Fix
Look the client up and use its ID:

    aws cognito-idp list-user-pool-clients --user-pool-id us-east-1_AbCdEf123 \
      --query 'UserPoolClients[].ClientId'

then set ``"client_id": "6aarhftf6bopppar05humcp2r6"`` (and the same value in
``allowedClients``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import looks_like_pool_id
from gwlint.findings import Finding
from gwlint.idp import not_cognito_reason
from gwlint.model import Node
from gwlint.rule import Context, Severity, rule

FIX = (
    "Use the app client's ID (26 characters, e.g. 6aarhftf6bopppar05humcp2r6): "
    "aws cognito-idp list-user-pool-clients --user-pool-id <pool-id> "
    "--query 'UserPoolClients[].ClientId'"
)


@rule(
    id="GW301",
    name="client-id-not-pool-id",
    severity=Severity.ERROR,
    summary="OAuth client ID is an app client ID, not a user-pool ID",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    candidates: list[tuple[Node, str, Any, str]] = []
    client = ctx.deployment.client
    if client is not None and client.has("client_id"):
        candidates.append((client, "client_id", client.client_id, "client_id"))
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    if jwt is not None and isinstance(jwt.allowed_clients, list):
        for value in jwt.allowed_clients:
            candidates.append((jwt, "allowed_clients", value, "allowedClients entry"))
    if not candidates:
        return
    reason = not_cognito_reason(ctx.deployment, "the user-pool-ID confusion")
    if reason is not None:
        yield ctx.skip(reason, candidates[0][0])
        return
    for node, field, value, what in candidates:
        if looks_like_pool_id(value):
            yield ctx.fail(
                node,
                field,
                f"{what} '{value}' is a Cognito user-pool ID, not an app client ID.",
            )
        else:
            yield ctx.passed(node, field, f"{what} is not a user-pool ID")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-client",
        "pattern": r"\binvalid_client\b",
        "source": "Cognito /oauth2/token (HTTP 400/401 error body)",
        "means": (
            "The token endpoint did not accept the client: unknown client ID, wrong or missing "
            "secret."
        ),
        "cause": "client_id is the user-pool ID (us-east-1_...) instead of the app client ID.",
        "likelihood": "high",
    },
    {
        "error": "token-endpoint-bad-request",
        "cause": "client_id is the user-pool ID, not the app client ID.",
        "likelihood": "low",
    },
]
