"""The JWT authorizer's private-endpoint, certificate, scope-mapping or workload settings conflict.

## Why
Newer API models add settings to ``customJWTAuthorizer``:

- ``certificateConfigurations`` (exactly one private CA, from S3 or Secrets
  Manager) lets AgentCore Identity trust a private CA when it reaches the
  identity provider; the API model documents that it can be used *only
  together with* ``privateEndpoint`` (an error without it);
- ``advertisedScopeMapping`` maps each scope in ``allowedScopes`` to the scope
  advertised to clients; each key is documented to be a scope from
  ``allowedScopes`` (a key that is not there maps nothing: a warning);
- ``allowedWorkloadConfiguration`` restricts the workloads in the caller's
  identity chain; the model documents it, at launch, for AgentCore Runtime
  targets only (on a gateway it is a warning).

Types, sizes (``privateEndpointOverrides`` at most 5, ``advertisedScopeMapping``
1–50) and unions (``privateEndpoint`` sets exactly one of
``managedVpcResource`` and ``selfManagedLatticeResource``) are checked by
GW107 and GW004.

## Symptom
CreateGateway / UpdateGateway fails with a ValidationException, or clients
are told to request scopes the gateway does not map.

## Fix

    "customJWTAuthorizer": {
      "discoveryUrl": "https://idp.internal.example.com/.well-known/openid-configuration",
      "allowedScopes": ["gateway/invoke"],
      "advertisedScopeMapping": {"gateway/invoke": "api://tools/invoke"},
      "privateEndpoint": {"selfManagedLatticeResource": {
        "resourceConfigurationIdentifier": "rcfg-0123456789abcdef0"}},
      "certificateConfigurations": [{"secretsManager": {
        "secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:idp-ca"}}]
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import JwtAuthorizer
from gwlint.rule import Context, Severity, rule
from gwlint.unresolved import contains_unresolved


def _checks(ctx: Context, jwt: JwtAuthorizer, label: str) -> Iterator[Finding]:
    raw = jwt.raw if isinstance(jwt.raw, dict) else {}
    base = jwt.origin.pointer
    if "certificateConfigurations" in raw:
        pointer = join_pointer(base, "certificateConfigurations")
        if "privateEndpoint" not in raw:
            yield ctx.fail(
                jwt,
                None,
                "customJWTAuthorizer has certificateConfigurations but no privateEndpoint; the "
                "API model allows the private CA only together with privateEndpoint.",
                fix="Add the privateEndpoint that reaches the identity provider, or remove "
                "certificateConfigurations.",
                pointer=pointer,
                resource=label,
            )
        else:
            yield ctx.passed(
                jwt, None, "certificateConfigurations come with a privateEndpoint",
                pointer=pointer, resource=label,
            )  # fmt: skip
    mapping = raw.get("advertisedScopeMapping")
    allowed = raw.get("allowedScopes")
    if isinstance(mapping, dict) and mapping and contains_unresolved(allowed):
        yield ctx.skip(
            "allowedScopes are set at deploy time: the advertisedScopeMapping keys "
            "cannot be compared with them",
            jwt,
            resource=label,
        )
    elif isinstance(mapping, dict) and mapping:
        scopes = {s for s in allowed if isinstance(s, str)} if isinstance(allowed, list) else set()
        pointer = join_pointer(base, "advertisedScopeMapping")
        stray = [key for key in mapping if key not in scopes]
        for key in stray:
            yield ctx.fail(
                jwt,
                None,
                f"advertisedScopeMapping key '{key}' is not in allowedScopes; each key is "
                "documented to be a scope from allowedScopes, so this mapping applies to nothing.",
                fix=f"Add '{key}' to allowedScopes or remove the mapping.",
                pointer=join_pointer(pointer, key),
                severity=Severity.WARNING,
                resource=label,
            )
        if not stray:
            yield ctx.passed(
                jwt, None, "every advertisedScopeMapping key is one of allowedScopes",
                pointer=pointer, resource=label,
            )  # fmt: skip
    if "allowedWorkloadConfiguration" in raw:
        yield ctx.fail(
            jwt,
            None,
            "allowedWorkloadConfiguration is set on a gateway authorizer; the API model "
            "documents it, at launch, for AgentCore Runtime targets only.",
            fix="Remove it from the gateway, or confirm in the current AgentCore documentation "
            "that gateways support it.",
            pointer=join_pointer(base, "allowedWorkloadConfiguration"),
            severity=Severity.WARNING,
            resource=label,
        )


@rule(
    id="GW311",
    name="jwt-authorizer-extensions",
    severity=Severity.ERROR,
    summary="JWT authorizer certificates, scope mapping and workload settings are consistent",
    fix="Use certificateConfigurations only with privateEndpoint; map only allowedScopes.",
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    if gateway is None or jwt is None:
        return
    yield from _checks(ctx, jwt, gateway.label)
