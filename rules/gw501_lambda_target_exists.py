"""A Lambda function the gateway invokes is missing, or in another region.

## Why
A ``lambda`` target and a gateway interceptor both name a function by ARN,
and the gateway invokes exactly that function (and that version or alias,
when the ARN is qualified). The function must exist, and it must live in
the gateway's own region: the gateway does not invoke functions across
regions. gwlint reads each function with GetFunctionConfiguration in the
region of its ARN and compares that region with the gateway's (from the
gateway ARN or URL, else the deployment's ``region``, else the session's).

## Symptom
CreateGatewayTarget fails its dry-run invoke (ValidationException), or the
target is created and every tools/call of that target answers
"Internal Server Error"; with an interceptor, every request through the
gateway fails.

## Fix
Deploy the function in the gateway's region and name it by its full ARN,
with a version or alias that exists:

    {"targetConfiguration": {"mcp": {"lambda": {
      "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda:live",
      "toolSchema": {"inlinePayload": [ … ]}}}}}

Check it with
``aws lambda get-function-configuration --function-name <arn> --region us-east-1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import LAMBDA_ARN
from gwlint.facts import LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.model import Node
from gwlint.rule import Context, Severity, describe_value, rule

from .gw401_gateway_ready import cannot_check, default_region, gateway_refs

GET_FUNCTION_CONFIGURATION = "lambda:GetFunctionConfiguration"

FIX = (
    "Deploy the function in the gateway's region and use its full ARN (with an existing "
    "version or alias if qualified); check with aws lambda get-function-configuration "
    "--function-name <arn> --region <gateway region>."
)


@dataclass(frozen=True)
class LambdaRef:
    node: Node
    field: str
    what: str  # "lambda target X" / "interceptor 1"
    arn: str
    function: str  # the unqualified function ARN
    qualifier: str | None
    region: str


def _lambda_refs(ctx: Context) -> list[LambdaRef]:
    candidates: list[tuple[Node, str, str, Any]] = []
    for target in ctx.deployment.targets:
        if "lambda" in target.kinds and target.lambda_arn is not None:
            candidates.append((target, "lambda_arn", target.label, target.lambda_arn))
    gateway = ctx.deployment.gateway
    if gateway is not None:
        for index, interceptor in enumerate(gateway.interceptors or []):
            if interceptor.lambda_arn is not None:
                label = f"interceptor {index + 1} of {gateway.label}"
                candidates.append((interceptor, "lambda_arn", label, interceptor.lambda_arn))
    refs: list[LambdaRef] = []
    for node, field, what, value in candidates:
        if not isinstance(value, str):
            continue
        match = LAMBDA_ARN.match(value.strip())
        if match is None:
            continue  # not a function ARN: the offline ARN rules report it
        arn = value.strip()
        qualifier = match.group(7)
        function = arn[: -(len(qualifier) + 1)] if qualifier else arn
        refs.append(LambdaRef(node, field, what, arn, function, qualifier, match.group(2)))
    return refs


def _params(ref: LambdaRef) -> dict[str, Any]:
    params: dict[str, Any] = {"FunctionName": ref.function}
    if ref.qualifier:
        params["Qualifier"] = ref.qualifier
    return params


def _missing(ctx: Context, ref: LambdaRef) -> str:
    """Why a function ARN was not found: the function, or only its version/alias."""
    if ref.qualifier and ctx.facts is not None:
        try:
            ctx.facts.call(
                "lambda", "get_function_configuration", FunctionName=ref.function, region=ref.region
            )
        except LiveError:
            pass
        else:
            return (
                f"does not exist: the function is there, but it has no version or alias "
                f"{describe_value(ref.qualifier)} in {ref.region}"
            )
    return f"does not exist: no such function in {ref.region}"


def gateway_region(ctx: Context) -> tuple[str | None, str]:
    """The gateway's region and where it came from (for messages)."""
    refs = gateway_refs(ctx)
    if refs and refs[0].region:
        return refs[0].region, f"the region of gateway {refs[0].identifier}"
    region = default_region(ctx)
    return region, "the deployment's region"


@rule(
    id="GW501",
    name="lambda-target-exists",
    severity=Severity.ERROR,
    summary="each Lambda target and interceptor function exists in the gateway's region",
    fix=FIX,
    live=True,
    actions=(GET_FUNCTION_CONFIGURATION,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    refs = _lambda_refs(ctx)
    if not refs:
        return
    home, home_source = gateway_region(ctx)
    prefetch(
        ctx.facts,
        [("lambda", "get_function_configuration", _params(ref), ref.region) for ref in refs],
    )
    for ref in refs:
        name = f"Lambda function {ref.arn} ({ref.what})"
        params = _params(ref)
        try:
            config = ctx.facts.call(
                "lambda", "get_function_configuration", region=ref.region, **params
            )
        except NotFound:
            yield ctx.fail(ref.node, ref.field, f"{name} {_missing(ctx, ref)}.", resource=ref.arn)
            continue
        except LiveError as exc:
            yield cannot_check(
                ctx,
                ref.node,
                ref.field,
                exc,
                f"Lambda function {ref.arn}",
                GET_FUNCTION_CONFIGURATION,
                resource=ref.arn,
            )
            continue
        state = config.get("State")
        state_note = f" (state {state})" if isinstance(state, str) and state != "Active" else ""
        if home is not None and ref.region != home:
            yield ctx.fail(
                ref.node,
                ref.field,
                f"{name} is in {ref.region}, but the gateway is in {home} ({home_source}); "
                "the gateway does not invoke functions across regions and tool calls answer "
                '"Internal Server Error".',
                fix=(
                    f"Deploy the function in {home} (or the gateway in {ref.region}) and use "
                    "that function's ARN."
                ),
                resource=ref.arn,
            )
            continue
        where = f"in {ref.region}, the gateway's region" if home is not None else f"in {ref.region}"
        yield ctx.passed(
            ref.node, ref.field, f"{name} exists {where}{state_note}.", resource=ref.arn
        )
