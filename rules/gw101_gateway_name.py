"""The gateway name breaks the API's naming pattern.

## Why
A gateway name may contain only ASCII letters and digits, each optionally
followed by a single hyphen: the model pattern (botocore 1.44.5, on
CreateGateway, UpdateGateway and GetGateway) is ``([0-9a-zA-Z][-]?){1,48}``.
So no underscores, spaces or dots, no leading hyphen, no ``--`` and at most 48
letters and digits (older models allowed 100, but the gateway ARN pattern
never fitted more than 48). botocore does not check patterns before sending,
so a name such as ``security_chatbot_gateway`` travels to AWS and comes back
as a ValidationException. The pattern is read from the API spec generated
from botocore.

Applies to ``name`` in CreateGateway / UpdateGateway / GetGateway documents and
the ``gateway`` section of a deployment file, and to ``gateway_name`` in
setup_gateway arguments. CreateGateway and UpdateGateway require a name, so a
request document without one fails too.

## Symptom
``ValidationException: 1 validation error detected: Value 'security_chatbot_gateway'
at 'name' failed to satisfy constraint: Member must satisfy regular expression
pattern: ([0-9a-zA-Z][-]?){1,48}``.

## Fix
Replace underscores and other separators with single hyphens and keep it at
48 letters and digits or fewer:

    {"name": "security-chatbot-gateway", "roleArn": "…", "authorizerType": "CUSTOM_JWT"}

The gateway ID (and so its URL) is derived from the lower-cased name plus a
10-character suffix, e.g. ``security-chatbot-gateway-k3j9x0abcd``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint import apispec
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import is_gateway_request

ARN_UNITS = 48


def corrected(name: str) -> str | None:
    """A valid name close to ``name``: separators become single hyphens, 48 units kept."""
    text = re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-")
    units = 0
    out: list[str] = []
    for char in text:
        if char != "-":
            units += 1
            if units > ARN_UNITS:
                break
        out.append(char)
    result = "".join(out).rstrip("-")
    return result or None


def problems(name: str) -> list[str]:
    """Why ``name`` does not match the pattern, in words."""
    found: list[str] = []
    if "_" in name:
        found.append("contains underscores")
    others = sorted({c for c in name if not (c.isascii() and c.isalnum()) and c not in "-_"})
    if others:
        shown = " ".join(repr(c) for c in others[:6])
        found.append(f"contains characters other than letters, digits and hyphens ({shown})")
    if name.startswith("-"):
        found.append("starts with a hyphen")
    if "--" in name:
        found.append("has consecutive hyphens")
    units = sum(1 for c in name if c.isascii() and c.isalnum())
    if units > ARN_UNITS:
        found.append(f"has {units} letters and digits (at most {ARN_UNITS})")
    if not found:
        found.append(f"does not match {apispec.shape('GatewayName')['pattern']}")
    return found


def _fix(name: Any) -> str:
    suggestion = corrected(name) if isinstance(name, str) else None
    base = (
        "Use only letters, digits and single hyphens (no underscores, no leading or double "
        "hyphen), at most 48 letters and digits"
    )
    return f'{base}, e.g. "{suggestion}".' if suggestion else f"{base}."


@rule(
    id="GW101",
    name="gateway-name",
    severity=Severity.ERROR,
    summary="Gateway name matches the API pattern ([0-9a-zA-Z][-]?){1,48}",
    fix=(
        "Use only letters, digits and single hyphens (no underscores, no leading or double "
        "hyphen), at most 48 letters and digits, e.g. security-chatbot-gateway."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None:
        return
    label = "gateway_name" if ctx.deployment.is_setup_args else "name"
    if not gateway.has("name"):
        if is_gateway_request(gateway, ctx.deployment):
            yield ctx.fail(
                gateway,
                "name",
                "the gateway document has no name; CreateGateway and UpdateGateway require one.",
                fix='Add "name", e.g. "name": "security-chatbot-gateway".',
            )
        return
    name = gateway.name
    if not isinstance(name, str) or not name:
        yield ctx.fail(
            gateway,
            "name",
            f"{label} {describe_value(name)} is not a gateway name; it must be a non-empty string.",
            fix=_fix(name),
        )
        return
    if not apispec.pattern("GatewayName").match(name):
        yield ctx.fail(
            gateway,
            "name",
            f"{label} {describe_value(name)} {' and '.join(problems(name))}; AWS rejects it.",
            fix=_fix(name),
        )
        return
    yield ctx.passed(gateway, "name", f"{label} {describe_value(name)} is a valid gateway name")
