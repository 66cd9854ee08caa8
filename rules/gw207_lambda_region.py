"""A Lambda target's function is in a different region from the gateway.

## Why
The API accepts a Lambda ARN from any region, but users report that a
gateway whose Lambda target lives in another region fails at call time with
"Internal Server Error" (awslabs/amazon-bedrock-agentcore-samples#140). The
evidence is a report, not documentation, so this is a warning. Keeping the
function next to the gateway also avoids cross-region latency and makes the
execution role's ``lambda:InvokeFunction`` permission easy to scope.

The gateway's region is taken from, in this order: the gateway's ARN, its
URL, the target's ``gatewayIdentifier`` when it is an ARN, the deployment
file's ``region``, the client config's ``gateway_url`` and ``region``. When
none is known the check is skipped.

## Symptom
Target creation succeeds, ``tools/list`` shows the tools, but ``tools/call``
answers with an internal error.

## Fix
Deploy the function in the gateway's region (or the gateway in the
function's) and point the target at that copy:

    "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"

for a gateway whose URL is
``https://security-gateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import REGION, parse_arn, parse_gateway_url
from gwlint.findings import Finding
from gwlint.model import Deployment, Target
from gwlint.rule import Context, Severity, rule

FIX = (
    "Put the Lambda function in the gateway's region (or the gateway in the function's) and "
    "use that function's ARN; cross-region Lambda targets are reported to fail with "
    "'Internal Server Error'."
)


def _region(value: Any) -> str | None:
    return value if isinstance(value, str) and REGION.match(value) else None


def _arn_region(value: Any) -> str | None:
    arn = parse_arn(value)
    if arn is None or arn.service != "bedrock-agentcore":
        return None
    return _region(arn.region)


def _url_region(value: Any) -> str | None:
    url = parse_gateway_url(value)
    return _region(url.region) if url is not None else None


def gateway_region(deployment: Deployment, target: Target) -> tuple[str, str] | None:
    """(region, where it came from) for the gateway ``target`` belongs to."""
    candidates: list[tuple[str | None, str]] = []
    gateway = deployment.gateway
    if gateway is not None:
        candidates.append((_arn_region(gateway.gateway_arn), "the gateway's ARN"))
        candidates.append((_url_region(gateway.gateway_url), "the gateway's URL"))
    candidates.append((_arn_region(target.gateway_identifier), "the target's gateway ARN"))
    candidates.append((_region(deployment.region), "the deployment's region"))
    client = deployment.client
    if client is not None:
        candidates.append((_url_region(client.gateway_url), "the client's gateway_url"))
        candidates.append((_region(client.region), "the client's region"))
    for region, source in candidates:
        if region is not None:
            return region, source
    return None


@rule(
    id="GW207",
    name="lambda-region",
    severity=Severity.WARNING,
    summary="Lambda target's function is in the gateway's region",
    fix=FIX,
    evidence="reported",
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if "lambda" not in target.kinds or not target.has("lambda_arn"):
            continue
        arn = parse_arn(target.lambda_arn)
        if arn is None or arn.service != "lambda" or _region(arn.region) is None:
            continue  # not a usable Lambda ARN: GW206 reports it
        found = gateway_region(ctx.deployment, target)
        if found is None:
            yield ctx.skip(
                f"Gateway region unknown, so the Lambda function's region ({arn.region}) cannot be "
                "compared with it: give the deployment's \"region\" or the gateway's ARN or URL.",
                target,
            )
            continue
        region, source = found
        if region == arn.region:
            yield ctx.passed(
                target, "lambda_arn", f"Lambda function is in the gateway's region ({region})"
            )
        else:
            yield ctx.fail(
                target,
                "lambda_arn",
                f"Lambda function '{arn.resource.partition(':')[2] or arn.resource}' is in "
                f"{arn.region} but the gateway is in {region} (from {source}); cross-region "
                "Lambda targets are reported to fail with 'Internal Server Error'.",
                fix=(
                    f"Deploy the function in {region} and use "
                    f"arn:{arn.partition}:lambda:{region}:{arn.account}:{arn.resource} "
                    f"(or create the gateway in {arn.region})."
                ),
            )
