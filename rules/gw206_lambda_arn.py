"""A Lambda target's function ARN is not a Lambda function ARN the API accepts.

## Why
``targetConfiguration.mcp.lambda.lambdaArn`` is required, at most 170
characters and must match the API's pattern
``arn:{partition}:lambda:{region}:{12-digit account}:function:{name}[:{version or alias}]``.
Botocore does not check the pattern before sending. Common slips: the bare
function name, an IAM role or layer ARN, a Function URL, a shortened account
ID — the troubleshooting guide's ``arn:aws:lambda:us-east-1:123:function:SecurityLambda``
has a three-digit account and is rejected as written.

Interceptor Lambda ARNs are checked by GW107, not here.

## Symptom
CreateGatewayTarget fails with a ValidationException on ``lambdaArn`` (or the
target cannot invoke the function).

## Fix
Copy the function's full ARN:

    aws lambda get-function --function-name SecurityLambda \\
      --query Configuration.FunctionArn --output text

    "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import explain_lambda_arn
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import configuration_member, has_configuration

FIX = (
    "Use the function's full ARN, arn:aws:lambda:{region}:{12-digit account}:function:{name} "
    "(aws lambda get-function --function-name NAME --query Configuration.FunctionArn "
    "--output text)."
)


def _fix_for(value: Any) -> str:
    if isinstance(value, str) and value.strip() and ":" not in value and "/" not in value:
        name = value.strip()
        return (
            f"Give the ARN of function '{name}', not its name: aws lambda get-function "
            f"--function-name {name} --query Configuration.FunctionArn --output text "
            f"(it looks like arn:aws:lambda:us-east-1:123456789012:function:{name})."
        )
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return (
            "A Lambda target takes the function ARN. A Lambda Function URL serving MCP belongs "
            "in an mcpServer target's endpoint instead."
        )
    return FIX


def _lambda_node(target: Target) -> tuple[bool, str | None]:
    """(is a lambda target to check, pointer of its API lambda object)."""
    if has_configuration(target):
        found = configuration_member(target, "mcp", "lambda")
        if found is not None and isinstance(found[0], dict):
            return True, found[1]
        return False, None
    return target.kinds == ["lambda"] and target.source_problem is None, None


@rule(
    id="GW206",
    name="lambda-arn",
    severity=Severity.ERROR,
    summary="Lambda target's lambdaArn is a Lambda function ARN (API pattern, ≤170 characters)",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        applies, pointer = _lambda_node(target)
        if not applies:
            continue
        if not target.has("lambda_arn"):
            raw = target.raw if isinstance(target.raw, dict) else {}
            if pointer is None and "target_source" not in raw:
                continue  # setup-args without a source: GW205 reports it
            missing = "lambdaArn" if pointer else 'the "arn" key of target_source'
            yield ctx.fail(
                target,
                "lambda_arn",
                f"Lambda {target.label} has no function ARN ({missing} is missing).",
                pointer=pointer or join_pointer(target.origin.pointer, "target_source"),
            )
            continue
        value = target.lambda_arn
        problem = explain_lambda_arn(value)
        if problem is None:
            yield ctx.passed(target, "lambda_arn", "Lambda ARN is a valid Lambda function ARN")
            continue
        what = "lambdaArn" if pointer else "The Lambda ARN in target_source"
        yield ctx.fail(
            target,
            "lambda_arn",
            f"{what} {describe_value(value)} {problem}.",
            fix=_fix_for(value),
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "lambda-invoke-permission",
        "cause": (
            "lambdaArn names no function the role may invoke: a bare name, a short account ID, a "
            "typo."
        ),
        "likelihood": "low",
    },
]
