"""The gateway returns detailed error messages to its callers.

## Why
``exceptionLevel: DEBUG`` makes the gateway put the underlying error (target
responses, Lambda errors, authorization details) into the JSON-RPC error it
returns, instead of a generic message. That is exactly what you want while
debugging a new target, and more than you want any caller to see in
production. The starter toolkit's ``create_mcp_gateway`` always sets it.

``DEBUG`` is the only value the API defines; to get generic errors, leave the
field out. Any other value (``INFO``, ``debug``, ``NONE``) is rejected by AWS.

Applies to gateway API documents, the deployment file's ``gateway`` section
and, with ``--live``, the deployed gateway; not to setup_gateway arguments.

## Symptom
With DEBUG: callers see internal error details. With another value: a
ValidationException on ``exceptionLevel`` at CreateGateway.

## Fix
Keep DEBUG for development gateways; for production remove the field:

    {"name": "security-chatbot-gateway", "roleArn": "…", "authorizerType": "CUSTOM_JWT"}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule


@rule(
    id="GW105",
    name="exception-level-debug",
    severity=Severity.INFO,
    summary="Gateway returns generic errors to callers (no exceptionLevel DEBUG)",
    fix=(
        "Remove exceptionLevel (callers then get generic errors) once the gateway works; "
        "keep DEBUG only on development gateways."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or not (ctx.deployment.is_api_document or ctx.deployment.is_live):
        return
    if not gateway.has("exception_level"):
        yield ctx.passed(
            gateway, "exception_level", "no exceptionLevel: callers get generic errors"
        )
        return
    value = gateway.exception_level
    if value == "DEBUG":
        yield ctx.fail(
            gateway,
            "exception_level",
            "exceptionLevel is DEBUG: the gateway returns detailed internal errors to every "
            "caller.",
        )
        return
    if value is None:
        shown, hint = "null", "botocore rejects null; leave the field out instead"
    elif str(value).upper() == "DEBUG":
        shown, hint = describe_value(value), "write DEBUG in upper case"
    else:
        shown, hint = describe_value(value), "DEBUG is the only value"
    yield ctx.fail(
        gateway,
        "exception_level",
        f"exceptionLevel {shown} is not an API value ({hint}).",
        fix=(
            'Write "exceptionLevel": "DEBUG" for detailed errors, or remove the field for '
            "generic ones."
        ),
        severity=Severity.ERROR,
    )
