"""The client's token endpoint is the one the issuer's discovery document names.

## Why
The client config's ``token_endpoint`` must belong to the issuer whose
tokens the gateway accepts. The discovery document names it
(``token_endpoint``); Cognito names one only when the user pool has a domain,
so a pool without a domain cannot issue client_credentials tokens at all
(reported: awslabs/agentcore-samples#171). A different host may still be
right (a custom domain of the same pool), so this rule warns.

Runs with ``gwlint check --probe``, after GW701.

## Symptom
The token request fails with a DNS error or ``400 Bad Request``, or it
succeeds against another pool whose tokens the gateway rejects with 401.

## Fix
Use the endpoint the discovery document names, e.g.

    "token_endpoint": "https://security-chatbot.auth.us-east-1.amazoncognito.com/oauth2/token"

and create a domain first if the pool has none:
``aws cognito-idp create-user-pool-domain --domain PREFIX --user-pool-id POOL``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.probe.render import step_findings
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW702",
    name="probe-token-endpoint",
    severity=Severity.WARNING,
    summary="The client's token endpoint is the one the discovery document names",
    fix="Use the discovery document's token_endpoint (or a custom domain of the same pool).",
    probe=True,
    requires=("GW701",),
)
def check(ctx: Context) -> Iterator[Finding]:
    return step_findings(ctx, lambda probe: probe.token_endpoint())
