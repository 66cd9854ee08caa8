"""The gateway's authorizerType is missing or not one the API knows.

## Why
Every gateway declares how callers authenticate: ``CUSTOM_JWT`` (an OAuth
bearer token checked against ``authorizerConfiguration.customJWTAuthorizer``),
``AWS_IAM`` (SigV4), ``AUTHENTICATE_ONLY`` (the token is authenticated and
passed through to targets) or ``NONE``. CreateGateway and UpdateGateway require
the field, and the values are case-sensitive. botocore does not check enum
values before sending, so ``custom_jwt`` or ``JWT`` reaches AWS and is
rejected there.

Applies to gateway API documents and the deployment file's ``gateway``
section. setup_gateway arguments are not checked: the starter toolkit always
sends ``CUSTOM_JWT``.

## Symptom
``ValidationException … Value 'custom_jwt' at 'authorizerType' failed to
satisfy constraint: Member must satisfy enum value set: [CUSTOM_JWT, AWS_IAM,
NONE, AUTHENTICATE_ONLY]``, or a missing-parameter error when it is absent.

## Fix
Spell the value exactly as the API does:

    {"authorizerType": "CUSTOM_JWT",
     "authorizerConfiguration": {
       "customJWTAuthorizer": {"discoveryUrl": "…", "allowedClients": ["…"]}}}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import AUTHORIZER_TYPES, CREDENTIAL_PROVIDER_TYPES
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import is_gateway_request

#: Words people write for an authorizer type, mapped to the API's value.
ALIASES = {
    "JWT": "CUSTOM_JWT",
    "OAUTH": "CUSTOM_JWT",
    "OAUTH2": "CUSTOM_JWT",
    "COGNITO": "CUSTOM_JWT",
    "CUSTOMJWTAUTHORIZER": "CUSTOM_JWT",
    "IAM": "AWS_IAM",
    "SIGV4": "AWS_IAM",
    "AWSIAMAUTH": "AWS_IAM",
    "NOAUTH": "NONE",
    "PUBLIC": "NONE",
    "AUTHENTICATE": "AUTHENTICATE_ONLY",
}


def intended(value: Any) -> str | None:
    """The API value ``value`` most likely means (case, separators, common aliases)."""
    if not isinstance(value, str):
        return None
    squashed = re.sub(r"[^A-Za-z0-9]", "", value).upper()
    for allowed in AUTHORIZER_TYPES:
        if squashed == allowed.replace("_", ""):
            return str(allowed)
    return ALIASES.get(squashed)


@rule(
    id="GW103",
    name="authorizer-type",
    severity=Severity.ERROR,
    summary="Gateway authorizerType is one of CUSTOM_JWT, AWS_IAM, NONE, AUTHENTICATE_ONLY",
    fix=(
        "Set authorizerType to exactly one of CUSTOM_JWT, AWS_IAM, NONE or AUTHENTICATE_ONLY "
        "(upper case, with the underscore)."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or ctx.deployment.is_setup_args:
        return
    if not gateway.has("authorizer_type"):
        if is_gateway_request(gateway, ctx.deployment):
            yield ctx.fail(
                gateway,
                "authorizer_type",
                "the gateway document has no authorizerType; CreateGateway and UpdateGateway "
                "require it.",
                fix='Add "authorizerType": "CUSTOM_JWT" (or AWS_IAM, NONE, AUTHENTICATE_ONLY).',
            )
        return
    value = gateway.authorizer_type
    if value in AUTHORIZER_TYPES:
        yield ctx.passed(gateway, "authorizer_type", f"authorizerType is {value}")
        return
    meant = intended(value)
    allowed = ", ".join(AUTHORIZER_TYPES)
    if meant is not None:
        yield ctx.fail(
            gateway,
            "authorizer_type",
            f"authorizerType {describe_value(value)} is not an API value; the API expects "
            f"'{meant}' (values are case-sensitive).",
            fix=f'Write "authorizerType": "{meant}".',
        )
        return
    outbound = (
        " (that is a target's outbound credential type, not how callers authenticate)"
        if value in CREDENTIAL_PROVIDER_TYPES
        else ""
    )
    yield ctx.fail(
        gateway,
        "authorizer_type",
        f"authorizerType {describe_value(value)} is not one of {allowed}{outbound}.",
    )
