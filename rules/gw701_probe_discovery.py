"""The authorizer's discovery document answers, names its issuer, and its JWKS answers.

## Why
A CUSTOM_JWT gateway reads its ``discoveryUrl`` to learn the issuer and the
keys (``jwks_uri``) it verifies tokens with. The probe fetches the document
as the gateway does: it must be JSON with ``issuer`` and ``jwks_uri``, the
issuer must be the discovery URL's prefix (OIDC Discovery 1.0 §4; RFC 8414
for ``/.well-known/oauth-authorization-server``), and ``jwks_uri`` must serve
a non-empty key set. For Cognito the issuer is
``https://cognito-idp.{region}.amazonaws.com/{userPoolId}``.

Runs with ``gwlint check --probe``. No request goes to a host the
configuration does not name: a ``jwks_uri`` elsewhere is reported as not
checked.

## Symptom
CreateGateway or UpdateGateway fails on the discovery URL, or every call
answers 401 because no token verifies.

## Fix
Use the issuer's metadata URL, e.g.

    "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration"

(the user-pool ID with its region prefix, in the region the pool lives in).
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.probe.render import step_findings
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW701",
    name="probe-discovery",
    severity=Severity.ERROR,
    summary="The discovery document answers with a matching issuer and a JWKS that answers",
    fix="Set discoveryUrl to the issuer's /.well-known/openid-configuration URL.",
    probe=True,
)
def check(ctx: Context) -> Iterator[Finding]:
    return step_findings(ctx, lambda probe: probe.discovery())
