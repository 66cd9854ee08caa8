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

from gwlint.facts import LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.livecheck import GET_FUNCTION_CONFIGURATION, Read, ask, cannot_check, session_region
from gwlint.resolve import LambdaRef, Where, default_region, gateway_refs, lambda_refs
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Deploy the function in the gateway's region and use its full ARN (with an existing "
    "version or alias if qualified); check with aws lambda get-function-configuration "
    "--function-name <arn> --region <gateway region>."
)


def _read(ref: LambdaRef) -> Read:
    return Read.function(ref.function, ref.region, ref.qualifier)


def _missing(ctx: Context, ref: LambdaRef) -> str:
    """Why a function ARN was not found: the function, or only its version/alias."""
    if ref.qualifier and ctx.facts is not None:
        try:
            ask(ctx.facts, Read.function(ref.function, ref.region))
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
    refs = gateway_refs(ctx.deployment, session_region(ctx))
    if refs and refs[0].region:
        return refs[0].region, f"the region of gateway {refs[0].identifier}"
    region = default_region(ctx.deployment, session_region(ctx))
    return region, "the deployment's region"


@rule(
    id="GW501",
    name="lambda-target-exists",
    severity=Severity.ERROR,
    summary="each Lambda target and interceptor function exists in the gateway's region",
    fix=FIX,
    live=True,
    reads=("function",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    refs = lambda_refs(ctx.deployment)
    if not refs:
        return
    home, home_source = gateway_region(ctx)
    prefetch(ctx.facts, [_read(ref) for ref in refs])
    for ref in refs:
        name = f"Lambda function {ref.arn} ({ref.what})"
        try:
            config = ask(ctx.facts, _read(ref))
        except NotFound:
            yield ctx.fail(ref.node, ref.field, f"{name} {_missing(ctx, ref)}.", resource=ref.arn)
            continue
        except LiveError as exc:
            yield cannot_check(
                ctx,
                Where(ref.node, ref.field),
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


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "lambda-invoke-permission",
        "cause": (
            "The function does not exist yet (created after the target), was deleted, or is in "
            "another region."
        ),
        "likelihood": "medium",
    },
]
