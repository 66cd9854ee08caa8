"""A client_credentials token request, made exactly as the guide's client makes it, succeeds.

## Why
The guide's step 4 fetches a token with ``POST {token_endpoint}``,
``Authorization: Basic base64(client_id:client_secret)`` and the form body
``grant_type=client_credentials&scope={scope}`` (RFC 6749 §4.4). The probe
sends exactly that, once per run (Cognito bills M2M token requests), and
maps each answer to the setting responsible:

- ``invalid_client``: wrong ``client_secret``, unknown ``client_id``, or an
  app client without a secret;
- ``unauthorized_client``: the app client lacks the ``client_credentials``
  flow or ``AllowedOAuthFlowsUserPoolClient``;
- ``invalid_scope``: the ``scope`` does not exist or is not allowed for the
  client (``openid`` is never allowed with client_credentials);
- ``invalid_request`` / ``unsupported_grant_type``: the request or the
  endpoint is not a client_credentials token endpoint;
- a bare HTTP 400/404/405, a redirect, DNS, TLS and connection failures:
  the ``token_endpoint`` URL; a timeout is a warning. Until some configured
  host has answered, a DNS failure or timeout is reported as not checked
  (``error``): it may be this machine's network, not the configuration.

The secret comes from the config, from ``--client-secret-env NAME``, or from
a ``${NAME}`` reference in the config resolved from the environment only
with ``--probe-env``. It is never printed, nor is the token.

Runs with ``gwlint check --probe``, after GW701.

## Symptom
``{"error":"invalid_client"}``, ``unauthorized_client`` or ``invalid_scope``
from ``/oauth2/token``, or ``400 Client Error: Bad Request``.

## Fix
Give the app client a secret, ``client_credentials`` as its only flow,
``AllowedOAuthFlowsUserPoolClient`` and the resource-server scope:

    aws cognito-idp update-user-pool-client --user-pool-id POOL --client-id ID \\
      --allowed-o-auth-flows client_credentials --allowed-o-auth-flows-user-pool-client \\
      --allowed-o-auth-scopes security-chatbot-gateway/invoke
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.probe.render import step_findings
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW703",
    name="probe-token",
    severity=Severity.ERROR,
    summary="A client_credentials token request with the configured client and scope succeeds",
    fix="Fix the client setting the token endpoint's error names (secret, flow, scope, URL).",
    probe=True,
    requires=("GW701",),
)
def check(ctx: Context) -> Iterator[Finding]:
    return step_findings(ctx, lambda probe: probe.token())


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-client",
        "cause": (
            "The client secret is wrong, or not sent (HTTP Basic auth or client_secret in the "
            "form body); the probe's token request shows which."
        ),
        "likelihood": "medium",
        "fix": (
            "Send the app client's secret (aws cognito-idp describe-user-pool-client --query "
            "UserPoolClient.ClientSecret) by HTTP Basic auth or as client_secret in the form."
        ),
    },
    {
        "error": "invalid-scope",
        "cause": "The token endpoint refuses the configured scope for this client (seen live).",
        "likelihood": "medium",
    },
    {
        "error": "unauthorized-client",
        "cause": "The token endpoint refuses the client_credentials grant for this client.",
        "likelihood": "medium",
    },
]
