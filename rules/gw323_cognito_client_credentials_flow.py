r"""The app client is not set up for the OAuth client-credentials grant.

## Why
An agent or proxy that calls the gateway machine-to-machine gets its token
with ``grant_type=client_credentials``. Cognito grants it only to an app
client that

- has a client secret (a confidential client; a secret cannot be added to an
  existing client later),
- has ``client_credentials`` as its **only** allowed OAuth flow (Cognito
  refuses to combine it with ``code`` or ``implicit``), and
- has ``AllowedOAuthFlowsUserPoolClient`` turned on (without it the client may
  not use the OAuth endpoints at all).

gwlint reads the client with DescribeUserPoolClient and reports each
property separately. The secret's value is never read into a message.

## Symptom
``POST /oauth2/token`` answers ``invalid_client`` (no secret),
``unauthorized_client`` (flow not allowed or OAuth disabled for the client)
and the agent never gets a token.

## Fix
Enable the flow on the client (keep the scopes it needs):

    aws cognito-idp update-user-pool-client --user-pool-id us-east-1_AbCdEf123 \
      --client-id 6aarhftf6bopppar05humcp2r6 \
      --allowed-o-auth-flows client_credentials \
      --allowed-o-auth-flows-user-pool-client \
      --allowed-o-auth-scopes security-gateway/invoke

A client without a secret must be recreated with one:

    aws cognito-idp create-user-pool-client --user-pool-id us-east-1_AbCdEf123 \
      --client-name agent-m2m --generate-secret \
      --allowed-o-auth-flows client_credentials --allowed-o-auth-flows-user-pool-client \
      --allowed-o-auth-scopes security-gateway/invoke
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.livecheck import (
    client_settings,
    existing_pool,
)
from gwlint.reads import POOL
from gwlint.resolve import Where, client_id_of
from gwlint.rule import Context, Severity, rule

FIX = (
    "Give the app client a secret (create a new client with --generate-secret; an existing "
    "client cannot get one), AllowedOAuthFlows=[client_credentials] only, and "
    "AllowedOAuthFlowsUserPoolClient=true: aws cognito-idp update-user-pool-client "
    "--user-pool-id <pool> --client-id <id> --allowed-o-auth-flows client_credentials "
    "--allowed-o-auth-flows-user-pool-client --allowed-o-auth-scopes <rs>/<scope>."
)


@rule(
    id="GW323",
    name="cognito-client-credentials-flow",
    severity=Severity.ERROR,
    summary="the app client may use the client_credentials grant",
    fix=FIX,
    live=True,
    requires=("GW322",),
    reads=(*POOL, "pool-client"),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    client_id = client_id_of(ctx.deployment)
    if ctx.facts is None or client is None or client_id is None:
        return
    _, pool, problem = existing_pool(ctx)
    if pool is None:
        if problem is not None:
            yield problem
        return
    where = Where(client, "client_id")
    info, problem = client_settings(ctx, pool, client_id, where, f"app client {client_id}")
    if problem is not None:
        yield problem
        return
    label = f"App client {client_id}"

    # 1. a secret (presence only; the value is never put in a message)
    secret = info.get("ClientSecret")
    if isinstance(secret, str) and secret:
        yield ctx.passed(client, "client_id", f"{label} has a client secret.", resource=client_id)
    else:
        yield ctx.fail(
            client,
            "client_id",
            f"{label} has no client secret, so the client_credentials grant is refused "
            "(invalid_client).",
            fix=(
                "A secret cannot be added to an existing client: create a new app client with "
                "--generate-secret and the client_credentials flow, then use its ID and secret."
            ),
            resource=client_id,
        )

    # 2. client_credentials, and nothing else
    flows = info.get("AllowedOAuthFlows")
    flow_list = [str(f) for f in flows] if isinstance(flows, list) else []
    if flow_list == ["client_credentials"]:
        yield ctx.passed(
            client,
            "client_id",
            f"{label} allows exactly the client_credentials OAuth flow.",
            resource=client_id,
        )
    elif "client_credentials" not in flow_list:
        shown = ", ".join(flow_list) if flow_list else "none"
        yield ctx.fail(
            client,
            "client_id",
            f"{label} does not allow the client_credentials OAuth flow (allowed: {shown}).",
            resource=client_id,
        )
    else:
        others = ", ".join(f for f in flow_list if f != "client_credentials")
        yield ctx.fail(
            client,
            "client_id",
            f"{label} allows client_credentials together with {others}; Cognito does not "
            "accept client_credentials mixed with code or implicit flows.",
            fix=(
                "Use a separate app client for user sign-in; set this one to "
                "--allowed-o-auth-flows client_credentials only."
            ),
            resource=client_id,
        )

    # 3. OAuth enabled for the client
    if info.get("AllowedOAuthFlowsUserPoolClient") is True:
        yield ctx.passed(
            client,
            "client_id",
            f"{label} has AllowedOAuthFlowsUserPoolClient enabled.",
            resource=client_id,
        )
    else:
        yield ctx.fail(
            client,
            "client_id",
            f"{label} has AllowedOAuthFlowsUserPoolClient disabled, so it may not use the "
            "OAuth token endpoint (unauthorized_client).",
            fix=(
                "aws cognito-idp update-user-pool-client --user-pool-id <pool> --client-id "
                "<id> --allowed-o-auth-flows-user-pool-client --allowed-o-auth-flows "
                "client_credentials --allowed-o-auth-scopes <rs>/<scope>"
            ),
            resource=client_id,
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "unauthorized-client",
        "pattern": r"\bunauthorized_client\b",
        "source": "Cognito /oauth2/token (HTTP 400 error body)",
        "means": "The client may not use this grant type at the token endpoint.",
        "cause": (
            "The app client does not have client_credentials as its only OAuth flow, with OAuth "
            "turned on."
        ),
        "likelihood": "high",
    },
    {
        "error": "invalid-client",
        "cause": "The app client has no secret (a public client cannot use client_credentials).",
        "likelihood": "medium",
    },
]
