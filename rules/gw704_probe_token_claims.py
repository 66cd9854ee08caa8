"""The fetched token verifies against the JWKS and its claims satisfy the gateway's authorizer.

## Why
A CUSTOM_JWT gateway verifies the token's signature with the issuer's JWKS
and then compares its claims: ``iss`` with the discovery document's issuer,
``client_id`` with ``allowedClients``, ``scope`` with ``allowedScopes``,
``aud`` with ``allowedAudience`` and each ``customClaims`` rule (docs
inbound-jwt-authorizer). The probe does the same with the token it just
fetched (PyJWT), so a mismatch is shown with the real claim values in hand.
Cognito access tokens carry ``client_id`` and no ``aud``: a gateway with
``allowedAudience`` rejects every one of them (reported:
guidance-for-claude-code-with-amazon-bedrock#718).

Only identifier claims (iss, client_id, scope, aud, claim values) are shown;
the token never is. Runs with ``gwlint check --probe``, after GW703.

## Symptom
The token request succeeds, but every gateway call answers
``401 {"code":-32001,"message":"Invalid Bearer token"}``.

## Fix
Make the authorizer match the token, e.g. for Cognito:

    "customJWTAuthorizer": {
      "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
      "allowedClients": ["6aarhftf6bopppar05humcp2r6"],
      "allowedScopes": ["security-chatbot-gateway/invoke"]}

(no ``allowedAudience`` with Cognito access tokens).
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.probe.claims import compare
from gwlint.probe.render import finding, findings, not_probing
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW704",
    name="probe-token-claims",
    severity=Severity.ERROR,
    summary="The token's signature and claims satisfy the gateway's JWT authorizer",
    fix="Align allowedClients / allowedScopes / allowedAudience / customClaims with the token.",
    probe=True,
    requires=("GW703",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.probe is None:
        yield not_probing(ctx)
        return
    verified = ctx.probe.verified_claims()
    yield from findings(ctx, verified)
    if not verified.ok:
        return
    discovery = ctx.probe.discovery().value
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    for outcome in compare(verified.value, jwt, discovery.issuer):
        yield finding(ctx, outcome)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": (
            "A real token's claims (iss, exp, client_id, scope, aud) do not satisfy the "
            "gateway's authorizer; the probe fetches one and compares."
        ),
        "likelihood": "medium",
    },
]
