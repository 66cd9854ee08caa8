"""A gateway setting is outside the length, range or format the API allows.

## Why
The service enforces these limits from its model; botocore checks only the
minimums and the types before sending, so most of them surface as a
ValidationException at CreateGateway:

- ``description``: a string of 1–200 characters;
- ``protocolConfiguration.mcp.instructions``: a string of 1–2048 characters;
- ``…mcp.sessionConfiguration.sessionTimeoutInSeconds``: an integer from 900
  to 28800 (15 minutes to 8 hours);
- ``interceptorConfigurations``: 1 or 2 items, each
  ``interceptor.lambda.arn`` a Lambda function ARN of at most 170 characters;
- ``tags``: an object of at most 50 tags;
- ``kmsKeyArn``: ``arn:aws:kms:{region}:{account}:key/{key id}``, not an
  alias ARN and not a bare key ID.

## Symptom
``ValidationException … Value '60' at '…sessionTimeoutInSeconds' failed to
satisfy constraint: Member must have value greater than or equal to 900``, or
botocore's ``Invalid type for parameter …`` for a number written as a string.

## Fix
Keep every value inside its range, e.g.

    {
      "description": "Security chatbot tools",
      "protocolConfiguration": {"mcp": {
        "instructions": "Tools for checking AWS security services.",
        "sessionConfiguration": {"sessionTimeoutInSeconds": 3600}}},
      "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "tags": {"team": "security"}
    }
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import KMS_KEY_ARN, parse_arn
from gwlint.findings import Finding
from gwlint.model import Gateway, Node
from gwlint.rule import Context, Severity, describe_value, rule

#: The model's LambdaInterceptorConfiguration.arn pattern (aliases may contain underscores).
INTERCEPTOR_LAMBDA_ARN = re.compile(
    r"^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(-gov)?-[a-z]+-\d{1}):(\d{12}):function:"
    r"([a-zA-Z0-9_.-]+)(:(\$LATEST|[a-zA-Z0-9_-]+))?$"
)
LAMBDA_ARN_MAX = 170
TAGS_MAX = 50
SESSION_MIN, SESSION_MAX = 900, 28800
KMS_EXAMPLE = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _shown(value: Any) -> str:
    return "null" if value is None else describe_value(value)


def _text(
    ctx: Context, node: Node, field: str, what: str, value: Any, low: int, high: int
) -> Finding:
    if not isinstance(value, str):
        return ctx.fail(
            node, field, f"{what} is {_shown(value)}, not a string of {low}–{high} characters."
        )
    if len(value) < low:
        return ctx.fail(
            node,
            field,
            f"{what} is empty; it must have {low}–{high} characters (or be left out).",
            fix=f"Write a short text or remove {what}.",
        )
    if len(value) > high:
        return ctx.fail(
            node,
            field,
            f"{what} has {len(value)} characters; the API allows at most {high}.",
            fix=f"Shorten {what} to {high} characters.",
        )
    return ctx.passed(node, field, f"{what} length is within {low}–{high}")


def _session_timeout(ctx: Context, gateway: Gateway) -> Finding:
    value = gateway.session_timeout
    what = "sessionTimeoutInSeconds"
    if isinstance(value, bool) or not isinstance(value, int):
        number = value if isinstance(value, float) and value.is_integer() else None
        if isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        hint = f" (write {int(number)} without quotes or decimals)" if number is not None else ""
        return ctx.fail(
            gateway,
            "session_timeout",
            f"{what} is {_shown(value)}, not an integer number of seconds{hint}.",
            fix=f"Write an integer between {SESSION_MIN} and {SESSION_MAX}, e.g. 3600.",
        )
    if not SESSION_MIN <= value <= SESSION_MAX:
        return ctx.fail(
            gateway,
            "session_timeout",
            f"{what} is {value}; the API allows {SESSION_MIN}–{SESSION_MAX} seconds "
            "(15 minutes to 8 hours).",
            fix=f"Use a value between {SESSION_MIN} and {SESSION_MAX}, e.g. 3600.",
        )
    return ctx.passed(gateway, "session_timeout", f"{what} {value} is within 900–28800")


def _interceptor_count(ctx: Context, gateway: Gateway) -> Finding:
    value = gateway.interceptor_configurations
    what = "interceptorConfigurations"
    if not isinstance(value, list):
        return ctx.fail(
            gateway, "interceptor_configurations", f"{what} is {_shown(value)}, not an array."
        )
    if not 1 <= len(value) <= 2:
        return ctx.fail(
            gateway,
            "interceptor_configurations",
            f"{what} has {len(value)} items; the API allows 1 or 2 (leave it out for none).",
            fix="Keep one or two interceptors (one per interception point is typical), or "
            "remove the list.",
        )
    return ctx.passed(gateway, "interceptor_configurations", f"{what} has {len(value)} item(s)")


def _interceptor_arns(ctx: Context, gateway: Gateway) -> Iterator[Finding]:
    for index, interceptor in enumerate(gateway.interceptors or []):
        if not interceptor.has("lambda_arn"):
            continue
        value = interceptor.lambda_arn
        what = f"interceptorConfigurations[{index}] Lambda ARN"
        if isinstance(value, str) and len(value) > LAMBDA_ARN_MAX:
            yield ctx.fail(
                interceptor,
                "lambda_arn",
                f"{what} has {len(value)} characters; at most {LAMBDA_ARN_MAX}.",
            )
        elif isinstance(value, str) and INTERCEPTOR_LAMBDA_ARN.match(value):
            yield ctx.passed(interceptor, "lambda_arn", f"{what} is a Lambda function ARN")
        else:
            yield ctx.fail(
                interceptor,
                "lambda_arn",
                f"{what} {_shown(value)} is not a Lambda function ARN "
                "(arn:aws:lambda:{region}:{account}:function:{name}[:{alias or version}]).",
                fix="Use the function's ARN: aws lambda get-function --function-name <name> "
                "--query Configuration.FunctionArn",
            )


def _tags(ctx: Context, gateway: Gateway) -> Finding:
    value = gateway.tags
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, dict) and "Key" in item for item in value)
    ):
        pairs = {str(item["Key"]): item.get("Value", "") for item in value}
        return ctx.fail(
            gateway,
            "tags",
            "tags is a list of Key/Value pairs (the CloudFormation and EC2 style); this API "
            "wants one object mapping each key to its value.",
            fix=f'Write "tags": {json.dumps(pairs)}.',
        )
    if not isinstance(value, dict):
        return ctx.fail(
            gateway,
            "tags",
            f"tags is {_shown(value)}, not an object of key/value strings.",
            fix='Write tags as an object: "tags": {"team": "security"}.',
        )
    if len(value) > TAGS_MAX:
        return ctx.fail(
            gateway,
            "tags",
            f"tags has {len(value)} entries; the API allows at most {TAGS_MAX}.",
            fix=f"Keep at most {TAGS_MAX} tags.",
        )
    return ctx.passed(gateway, "tags", f"{len(value)} tag(s), within the limit of {TAGS_MAX}")


def _kms(ctx: Context, gateway: Gateway) -> Finding:
    value = gateway.kms_key_arn
    if isinstance(value, str) and KMS_KEY_ARN.match(value):
        return ctx.passed(gateway, "kms_key_arn", "kmsKeyArn is a KMS key ARN")
    arn = parse_arn(value)
    if arn is not None and arn.service == "kms" and arn.resource.startswith("alias/"):
        what = "is a KMS alias ARN; the API wants the key's ARN"
    elif isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32}", value):
        what = "is a bare key ID; the API wants the key's full ARN"
    else:
        what = "is not a KMS key ARN"
    return ctx.fail(
        gateway,
        "kms_key_arn",
        f"kmsKeyArn {_shown(value)} {what}.",
        fix=f"Use the key ARN, e.g. {KMS_EXAMPLE} (aws kms describe-key --key-id <id or alias> "
        "--query KeyMetadata.Arn).",
    )


@rule(
    id="GW107",
    name="gateway-value-ranges",
    severity=Severity.ERROR,
    summary="Gateway lengths, numbers, list sizes and ARNs are within the API's limits",
    fix=(
        "Keep description to 1–200 characters, instructions to 1–2048, sessionTimeoutInSeconds "
        "to 900–28800, interceptorConfigurations to 1–2 items, tags to 50; use full KMS key and "
        "Lambda function ARNs."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None:
        return
    if gateway.has("description"):
        yield _text(ctx, gateway, "description", "description", gateway.description, 1, 200)
    if gateway.has("instructions"):
        yield _text(ctx, gateway, "instructions", "instructions", gateway.instructions, 1, 2048)
    if gateway.has("session_timeout"):
        yield _session_timeout(ctx, gateway)
    if gateway.has("interceptor_configurations"):
        yield _interceptor_count(ctx, gateway)
    yield from _interceptor_arns(ctx, gateway)
    if gateway.has("tags"):
        yield _tags(ctx, gateway)
    if gateway.has("kms_key_arn"):
        yield _kms(ctx, gateway)
