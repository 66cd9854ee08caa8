"""The client config's client ID is not in the gateway's allowedClients.

## Why
A CUSTOM_JWT gateway with ``allowedClients`` accepts a token only when its
``client_id`` claim is one of the listed IDs, compared exactly (case matters,
surrounding spaces count). The client ID the agent or proxy uses to fetch
tokens must therefore be in that list. This is easy to break by recreating
the app client, or by copying a client config from another deployment.

This check needs both sides: a deployment file with the ``client`` section
and the ``gateway`` (CreateGateway / GetGateway fields). With only one of
them it is skipped.

## Symptom
The token request succeeds, but every gateway call answers 401
"Invalid Bearer token".

## Fix
Add the client's ID to the authorizer (or use the listed client's
credentials):

    "authorizerConfiguration": {"customJWTAuthorizer": {
      "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
      "allowedClients": ["6aarhftf6bopppar05humcp2r6"]}}

    aws bedrock-agentcore-control update-gateway … --authorizer-configuration file://authorizer.json
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import is_secret_reference
from gwlint.crosscheck import client_and_jwt_list
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule


@rule(
    id="GW306",
    name="client-in-allowed-clients",
    severity=Severity.ERROR,
    summary="The client's client_id is one of the gateway's allowedClients",
    fix=(
        "Add the client config's client_id to the gateway's "
        "customJWTAuthorizer.allowedClients (UpdateGateway), or use the credentials of a "
        "client that is listed."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    found = yield from client_and_jwt_list(
        ctx,
        client_fields=("client_id",),
        jwt_field="allowed_clients",
        no_client="no client config with a client_id in this input; put the client and the "
        "gateway in one deployment file to check the client is allowed",
        no_gateway="no gateway in this input; put the client and the gateway in one deployment "
        "file to check the client is in allowedClients",
        no_list="has no allowedClients list, so it does not restrict clients by ID",
    )
    if found is None:
        return
    client, gateway, allowed = found
    client_id = client.client_id
    if not isinstance(client_id, str):
        yield ctx.skip("client_id is not a string (GW302 reports it)", client)
        return
    if is_secret_reference(client_id):
        yield ctx.skip(
            f"client_id is a placeholder ({describe_value(client_id)}); its value is not in "
            "the file",
            client,
        )
        return
    if client_id in allowed:
        yield ctx.passed(client, "client_id", "client_id is in the gateway's allowedClients")
        return
    listed = ", ".join(describe_value(v) for v in allowed[:5])
    if len(allowed) > 5:
        listed += f", … ({len(allowed)} in all)"
    hint = ""
    folded = client_id.strip().lower()
    near = [v for v in allowed if isinstance(v, str) and v.strip().lower() == folded]
    if near:
        hint = (
            f" It differs from the listed {describe_value(near[0])} only in case or "
            "surrounding spaces; the comparison is exact."
        )
    yield ctx.fail(
        client,
        "client_id",
        f"client_id {describe_value(client_id)} is not in {gateway.label}'s allowedClients "
        f"[{listed}], so the gateway rejects its tokens with 401.{hint}",
        fix=(
            f"Add {describe_value(client_id)} to customJWTAuthorizer.allowedClients "
            "(UpdateGateway), or use the credentials of a listed client."
        ),
        severity=Severity.ERROR,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": "The client's client_id is not in the gateway's allowedClients.",
        "likelihood": "medium",
    },
]
