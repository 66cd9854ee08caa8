"""A CUSTOM_JWT gateway's authorizer configuration is missing, misnamed or unconstrained.

## Why
With ``authorizerType: CUSTOM_JWT`` the gateway needs
``authorizerConfiguration.customJWTAuthorizer`` (the API documentation says
the configuration is required for that type). The key is case-sensitive:
the AgentCore CLI's own ``agentcore.json`` spells it ``customJwtAuthorizer``,
and copying that spelling into an API request leaves the API without a
configuration.

The authorizer should restrict which tokens it accepts: ``allowedAudience``,
``allowedClients``, ``allowedScopes`` or ``customClaims``. When present, each
must be a non-empty list (the API's minimum is one item). With none of them,
any token the issuer signs is accepted (the AgentCore CLI refuses such a
configuration; reported, so this is a warning).

Each ``customClaims`` entry names a claim (``inboundTokenClaimName``: the
model's pattern ``[A-Za-z0-9_.-:]+``, where ``.-:`` is a character range — so
letters, digits, ``_ . / :`` and no literal ``-`` — at most 255), its type (``STRING`` or
``STRING_ARRAY``) and a match: ``EQUALS`` with ``matchValueString`` for a
string claim; ``CONTAINS`` (``matchValueString``) or ``CONTAINS_ANY``
(``matchValueStringList``) for an array claim. ``client_id``, ``aud`` and
``scope`` have dedicated fields (allowedClients, allowedAudience,
allowedScopes), which are the documented way to check them.

## Symptom
CreateGateway / UpdateGateway fails with a ValidationException (missing
configuration, empty list, bad claim rule); or the gateway accepts tokens it
should not.

## Fix

    "authorizerType": "CUSTOM_JWT",
    "authorizerConfiguration": {"customJWTAuthorizer": {
      "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
      "allowedClients": ["6aarhftf6bopppar05humcp2r6"],
      "customClaims": [{"inboundTokenClaimName": "department",
                        "inboundTokenClaimValueType": "STRING",
                        "authorizingClaimMatchValue": {"claimMatchOperator": "EQUALS",
                          "claimMatchValue": {"matchValueString": "engineering"}}}]}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from gwlint import apispec
from gwlint.deployed import request_constraint
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.idp import is_cognito
from gwlint.jsonpos import join_pointer
from gwlint.model import Gateway, JwtAuthorizer
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.unresolved import is_unresolved

KEY = "customJWTAuthorizer"
CONSTRAINTS = (
    ("allowed_audience", "allowedAudience"),
    ("allowed_clients", "allowedClients"),
    ("allowed_scopes", "allowedScopes"),
    ("custom_claims", "customClaims"),
)
VALUE_TYPES = apispec.enum("InboundTokenClaimValueType")
OPERATORS = apispec.enum("ClaimMatchOperatorType")


def _fits(shape: str, value: str) -> bool:
    """``value`` matches the spec's pattern and length for ``shape``."""
    spec = apispec.shape(shape)
    return spec["min"] <= len(value) <= spec["max"] and bool(apispec.pattern(shape).match(value))


DEDICATED = {"client_id": "allowedClients", "aud": "allowedAudience", "scope": "allowedScopes"}


@rule(
    id="GW310",
    name="jwt-authorizer-config",
    severity=Severity.ERROR,
    summary="CUSTOM_JWT gateway has a well-formed customJWTAuthorizer that restricts tokens",
    fix=(
        'Give CUSTOM_JWT gateways authorizerConfiguration {"customJWTAuthorizer": '
        '{"discoveryUrl": …, "allowedClients": ["<app client id>"]}} (at least one of '
        "allowedAudience, allowedClients, allowedScopes, customClaims, each a non-empty list)."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None:
        return
    is_jwt = gateway.authorizer_type == "CUSTOM_JWT"
    if (
        is_jwt
        and not gateway.has("authorizer_type")
        and not gateway.has("authorizer_configuration")
    ):
        return  # implied type (setup-args) and nothing written: the helper supplies it
    if gateway.jwt is None:
        if is_jwt or gateway.has("authorizer_configuration"):
            yield from _missing(ctx, gateway, is_jwt)
        return
    yield from _authorizer(ctx, gateway, gateway.jwt)


def _missing(ctx: Context, gateway: Gateway, is_jwt: bool) -> Iterator[Finding]:
    label = gateway.label
    config = gateway.authorizer_configuration
    if not gateway.has("authorizer_configuration") or config is None:
        yield ctx.fail(
            gateway,
            "authorizer_configuration"
            if gateway.has("authorizer_configuration")
            else "authorizer_type",
            "authorizerType is CUSTOM_JWT but there is no authorizerConfiguration; the API "
            f"requires authorizerConfiguration.{KEY} for this type.",
            resource=label,
        )
        return
    base = gateway.origin.pointer_for("authorizer_configuration")
    if not isinstance(config, dict):
        yield ctx.fail(
            gateway,
            "authorizer_configuration",
            f"authorizerConfiguration is {json_kind(config)} ({describe_value(config)}), "
            f"not an object with {KEY}.",
            resource=label,
        )
        return
    wrong = [k for k in config if isinstance(k, str) and k.lower() == KEY.lower() and k != KEY]
    for key in wrong:
        yield ctx.fail(
            gateway,
            "authorizer_configuration",
            f"authorizerConfiguration key '{key}' must be spelled '{KEY}' (the API's keys "
            "are case-sensitive; the AgentCore CLI's agentcore.json uses the other spelling).",
            fix=f"Rename '{key}' to '{KEY}'.",
            pointer=join_pointer(base, key),
            resource=label,
        )
    if wrong:
        return
    if is_jwt:
        others = ", ".join(f"'{k}'" for k in config) or "nothing"
        yield ctx.fail(
            gateway,
            "authorizer_configuration",
            f"authorizerType is CUSTOM_JWT but authorizerConfiguration has no {KEY} "
            f"(it has {others}).",
            resource=label,
        )


def _authorizer(ctx: Context, gateway: Gateway, jwt: JwtAuthorizer) -> Iterator[Finding]:
    label = gateway.label
    if not isinstance(jwt.raw, dict):
        yield ctx.fail(
            jwt,
            None,
            f"{KEY} is {json_kind(jwt.raw)} ({describe_value(jwt.raw)}), not an object.",
            resource=label,
        )
        return
    used: list[str] = []
    bad = False
    for field, api in CONSTRAINTS:
        if not jwt.has(field):
            continue
        value = getattr(jwt, field)
        if isinstance(value, list) and value:
            used.append(api)
            continue
        bad = True
        what = "an empty array" if value == [] else f"{json_kind(value)} ({describe_value(value)})"
        yield ctx.fail(
            jwt,
            field,
            f"{api} is {what}; when present it must be an array with at least one item"
            + (" (and no other restriction is set)." if not _any_other(jwt, field) else "."),
            fix=f"Remove {api} or list at least one value in it.",
            resource=label,
        )
    if not used and not bad:
        yield ctx.fail(
            jwt,
            None,
            f"{KEY} sets none of allowedAudience, allowedClients, allowedScopes or "
            "customClaims, so the gateway accepts any token its issuer signs.",
            severity=Severity.WARNING,
            fix=(
                'Restrict the tokens, e.g. "allowedClients": ["<app client id>"] '
                "(for Cognito) or allowedAudience for providers that set aud."
            ),
            resource=label,
        )
    claims_ok = True
    if isinstance(jwt.custom_claims, list):
        base = jwt.origin.pointer_for("custom_claims")
        for index, claim in enumerate(jwt.custom_claims):
            for finding in _claim(ctx, jwt, label, claim, join_pointer(base, index)):
                claims_ok = False
                yield finding
    if used and not bad:
        # under a Cognito issuer the audience restriction is GW308's to judge
        shown = [u for u in used if u != "allowedAudience"] if is_cognito(ctx.deployment) else used
        if shown:
            yield ctx.passed(
                jwt,
                None,
                f"{KEY} is configured and restricts tokens by {', '.join(shown)}",
                resource=label,
            )
        else:
            yield ctx.skip(
                f"{KEY} restricts tokens by allowedAudience only, under a Cognito issuer; "
                "GW308 (cognito-audience-trap) judges that restriction",
                jwt,
                resource=label,
            )
    if used and "customClaims" in used and claims_ok:
        yield ctx.passed(jwt, "custom_claims", "customClaims rules are well-formed", resource=label)


def _any_other(jwt: JwtAuthorizer, field: str) -> bool:
    return any(
        isinstance(getattr(jwt, f), list) and getattr(jwt, f) for f, _ in CONSTRAINTS if f != field
    )


Fail = Callable[..., Finding]


def _claim(
    ctx: Context, jwt: JwtAuthorizer, label: str, claim: Any, pointer: str
) -> Iterator[Finding]:
    def fail(
        path: tuple[str, ...], message: str, fix: str, severity: Severity | None = None
    ) -> Finding:
        return ctx.fail(
            jwt,
            "custom_claims",
            message,
            fix=fix,
            pointer=_locate(claim, pointer, path),
            resource=label,
            severity=severity,
        )

    if not isinstance(claim, dict):
        yield fail(
            (),
            f"customClaims entry is {describe_value(claim)}, not an object.",
            "Write each entry as {inboundTokenClaimName, inboundTokenClaimValueType, "
            "authorizingClaimMatchValue}.",
        )
        return
    name = claim.get("inboundTokenClaimName")
    if not isinstance(name, str) or not _fits("InboundTokenClaimNameType", name):
        problem = (
            "is missing" if name is None else f"{describe_value(name)} is not a valid claim name"
        )
        dash = " (a '-' is not allowed)" if isinstance(name, str) and "-" in name else ""
        yield fail(
            ("inboundTokenClaimName",),
            f"customClaims inboundTokenClaimName {problem}{dash}: the API pattern "
            "[A-Za-z0-9_.-:]+ allows 1-255 letters, digits, '_', '.', '/' and ':' "
            "('.-:' is a character range).",
            'Name the token claim to check, e.g. "department" or "cognito:groups"; '
            "a claim whose name contains '-' cannot be checked by customClaims.",
        )
    elif name in DEDICATED:
        yield fail(
            ("inboundTokenClaimName",),
            f"customClaims checks '{name}', which has a dedicated field: use "
            f"{DEDICATED[name]} instead.",
            f"Move the value(s) to {DEDICATED[name]} and remove this claim rule.",
            Severity.WARNING,
        )
    value_type = claim.get("inboundTokenClaimValueType")
    if value_type not in VALUE_TYPES:
        yield fail(
            ("inboundTokenClaimValueType",),
            f"customClaims inboundTokenClaimValueType is {describe_value(value_type)}; it "
            "must be STRING or STRING_ARRAY.",
            "Use STRING for a single-valued claim, STRING_ARRAY for a list-valued one.",
        )
    match = claim.get("authorizingClaimMatchValue")
    if not isinstance(match, dict):
        yield fail(
            ("authorizingClaimMatchValue",),
            "customClaims entry has no authorizingClaimMatchValue object "
            "{claimMatchOperator, claimMatchValue}.",
            'Add "authorizingClaimMatchValue": {"claimMatchOperator": "EQUALS", '
            '"claimMatchValue": {"matchValueString": "…"}}.',
        )
        return
    yield from _match(fail, match, value_type)


def _match(fail: Fail, match: dict[str, Any], value_type: Any) -> Iterator[Finding]:
    outer = "authorizingClaimMatchValue"
    operator = match.get("claimMatchOperator")
    op_path = (outer, "claimMatchOperator")
    if operator not in OPERATORS:
        yield fail(
            op_path,
            f"claimMatchOperator is {describe_value(operator)}; it must be EQUALS, CONTAINS "
            "or CONTAINS_ANY.",
            "Use EQUALS (string claim), CONTAINS or CONTAINS_ANY (array claim).",
        )
    value = match.get("claimMatchValue")
    value_path = (outer, "claimMatchValue")
    members = [
        k
        for k in ("matchValueString", "matchValueStringList")
        if isinstance(value, dict) and k in value
    ]
    if not isinstance(value, dict) or len(members) != 1:
        has = "both" if len(members) == 2 else "neither"
        yield fail(
            value_path,
            "claimMatchValue must hold exactly one of matchValueString or "
            f"matchValueStringList (it has {has}).",
            "Use matchValueString with EQUALS or CONTAINS, matchValueStringList with CONTAINS_ANY.",
        )
        return
    member = members[0]
    member_path = (*value_path, member)
    if operator == "CONTAINS_ANY" and member != "matchValueStringList":
        yield fail(
            member_path,
            "claimMatchOperator CONTAINS_ANY needs claimMatchValue.matchValueStringList, "
            "not matchValueString.",
            'Write "claimMatchValue": {"matchValueStringList": ["a", "b"]}.',
        )
    elif operator in ("EQUALS", "CONTAINS") and member != "matchValueString":
        yield fail(
            member_path,
            f"claimMatchOperator {operator} needs claimMatchValue.matchValueString, not "
            "matchValueStringList.",
            "Use a single matchValueString, or CONTAINS_ANY with the list.",
        )
    raw = value[member]
    values = raw if member == "matchValueStringList" else [raw]
    if not isinstance(values, list) or not values:
        yield fail(
            member_path,
            f"{member} must be a non-empty list.",
            f"List at least one value in {member}.",
        )
    else:
        for item in values:
            if is_unresolved(item):  # set at deploy time: not judged
                continue
            if not isinstance(item, str) or not _fits("MatchValueString", item):
                yield fail(
                    member_path,
                    f"{member} value {describe_value(item)} is not 1-255 letters, digits, "
                    "'_', '.' or '-'.",
                    "Use plain claim values (letters, digits, '_', '.', '-').",
                )
    if operator == "EQUALS" and value_type == "STRING_ARRAY":
        yield fail(
            op_path,
            "claimMatchOperator EQUALS is for STRING claims; an array claim uses CONTAINS "
            "or CONTAINS_ANY (reported).",
            "Use CONTAINS (one value) or CONTAINS_ANY (a list) for STRING_ARRAY claims.",
            Severity.WARNING,
        )
    elif operator in ("CONTAINS", "CONTAINS_ANY") and value_type == "STRING":
        yield fail(
            op_path,
            f"claimMatchOperator {operator} is for STRING_ARRAY claims; a STRING claim uses "
            "EQUALS (reported).",
            "Use EQUALS for STRING claims, or set inboundTokenClaimValueType to STRING_ARRAY.",
            Severity.WARNING,
        )


def _locate(obj: Any, pointer: str, path: tuple[str, ...]) -> str:
    """Pointer of the deepest key of ``path`` present in ``obj`` (missing keys: parent)."""
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            break
        obj = obj[key]
        pointer = join_pointer(pointer, key)
    return pointer
