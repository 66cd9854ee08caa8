r"""The client requests none of the scopes the gateway allows.

## Why
When a CUSTOM_JWT gateway has ``allowedScopes``, the AgentCore inbound
authorizer documentation says at least one scope in the incoming token must
match one of the configured values. A client-credentials token carries the
scopes the client requested (``scope``, space-separated), so at least one
requested scope must appear in ``allowedScopes``, spelled exactly the same.
Requesting only some of the allowed scopes is fine.

This check needs both sides: a deployment file with the ``client`` section
and the ``gateway``. It is skipped when either is missing, or when the client
requests no scope (then the identity provider picks the scopes; GW305 warns).

## Symptom
A token is issued but the gateway rejects every call (the troubleshooting
guide reports 403; an authorizer rejection may also surface as 401).

## Fix
Request a scope the gateway allows, and make sure the app client may request
it:

    {"scope": "my-gateway/invoke"}
    "allowedScopes": ["my-gateway/invoke"]

    aws cognito-idp update-user-pool-client --user-pool-id <pool-id> --client-id <id> \
      --allowed-o-auth-flows client_credentials --allowed-o-auth-flows-user-pool-client \
      --allowed-o-auth-scopes my-gateway/invoke
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import is_secret_reference
from gwlint.crosscheck import client_and_jwt_list
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule


@rule(
    id="GW307",
    name="scope-covers-allowed-scopes",
    severity=Severity.ERROR,
    summary="The client requests at least one of the gateway's allowedScopes",
    fix=(
        "Add one of the gateway's allowedScopes to the client's scope (space-separated) "
        "and allow it on the app client, or add the requested scope to allowedScopes."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    found = yield from client_and_jwt_list(
        ctx,
        client_fields=("scope", "token_endpoint"),
        jwt_field="allowed_scopes",
        no_client="no client config in this input; put the client and the gateway in one "
        "deployment file to check the requested scope",
        no_gateway="no gateway in this input; put the client and the gateway in one deployment "
        "file to check the scope against allowedScopes",
        no_list="has no allowedScopes, so it does not check scopes",
    )
    if found is None:
        return
    client, gateway, allowed = found
    scope = client.scope
    if not isinstance(scope, str) or not scope.split():
        yield ctx.skip(
            "the client requests no scope string, so the token's scopes are chosen by the "
            "identity provider (GW305 reports this)",
            client,
        )
        return
    if is_secret_reference(scope):
        yield ctx.skip(
            f"scope is a placeholder ({describe_value(scope)}); its value is not in the file",
            client,
        )
        return
    requested = scope.split()
    allowed_set = {v for v in allowed if isinstance(v, str)}
    matched = [s for s in requested if s in allowed_set]
    if matched:
        yield ctx.passed(
            client,
            "scope",
            f"requested scope {describe_value(matched[0])} is in the gateway's allowedScopes",
        )
        return
    listed = ", ".join(describe_value(v) for v in allowed[:5])
    folded = {v.lower(): v for v in allowed_set}
    near = [folded[s.lower()] for s in requested if s.lower() in folded]
    hint = (
        f" {describe_value(near[0])} differs only in case; scopes are compared exactly."
        if near
        else ""
    )
    yield ctx.fail(
        client,
        "scope",
        f"none of the requested scopes ({describe_value(scope)}) is in {gateway.label}'s "
        f"allowedScopes [{listed}], so tokens are rejected although they are issued.{hint}",
        fix=(
            f"Request {describe_value(allowed[0])} (add it to scope, space-separated) and "
            "allow it on the app client (aws cognito-idp update-user-pool-client "
            "--allowed-o-auth-scopes …), or add the requested scope to allowedScopes."
        ),
        severity=Severity.ERROR,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": "The token carries none of the gateway's allowedScopes.",
        "likelihood": "medium",
    },
]
