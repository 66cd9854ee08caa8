r"""The gateway's execution role does not exist.

## Why
The gateway acts on its targets with the IAM role in its ``roleArn``: it
assumes the role to invoke Lambda functions and runtimes, to fetch OAuth
tokens and API keys from the token vault and to ask a policy engine for
decisions. A role that was deleted (a torn-down stack, a toolkit cleanup),
renamed, or lives in another account cannot be assumed, so every outbound
call fails. CreateGateway also refuses a role it cannot use.

gwlint reads the role with GetRole, by the name at the end of the ARN (the
role's path is not part of its name).

## Symptom
CreateGateway or UpdateGateway fails with a ValidationException about the
role; an existing gateway answers tool calls with "Failed to obtain execution
role credentials" or an internal error.

## Fix
Create the role (trusting ``bedrock-agentcore.amazonaws.com``) or point the
gateway at an existing one:

    aws iam get-role --role-name AgentCoreGatewayExecutionRole --query Role.Arn
    aws bedrock-agentcore-control update-gateway --gateway-identifier mygateway-abcdefghij \
      --name mygateway --authorizer-type CUSTOM_JWT --protocol-type MCP \
      --role-arn arn:aws:iam::123456789012:role/AgentCoreGatewayExecutionRole ...
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import GET_ROLE, cannot_check, gateway_role, get_role
from gwlint.reads import ROLE
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Create the execution role (trust policy for bedrock-agentcore.amazonaws.com with "
    "aws:SourceAccount and aws:SourceArn conditions) or set the gateway's roleArn to an "
    "existing role: aws iam get-role --role-name <name> --query Role.Arn."
)


@rule(
    id="GW510",
    name="execution-role-exists",
    severity=Severity.ERROR,
    summary="the gateway's execution role exists",
    fix=FIX,
    live=True,
    reads=(*ROLE,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    _, ref, problem = gateway_role(ctx)
    if problem is not None:
        yield problem
    if ref is None:
        return
    where = ref.where
    try:
        role = get_role(ctx, ref)
    except NotFound:
        yield ctx.fail(
            where.node,
            where.field,
            f"Execution role {describe_value(ref.name)} ({ref.arn}) does not exist.",
            resource=ref.arn,
            pointer=where.pointer,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx, where, exc, f"execution role {ref.name}", GET_ROLE, resource=ref.arn
        )
        return
    actual = role.get("Arn")
    if isinstance(actual, str) and actual != ref.arn:
        yield ctx.fail(
            where.node,
            where.field,
            f"roleArn {describe_value(ref.arn)} does not match the role named {ref.name} in "
            f"the account ({actual}).",
            fix="Copy the role's ARN exactly: aws iam get-role --role-name "
            f"{ref.name} --query Role.Arn.",
            resource=ref.arn,
            pointer=where.pointer,
        )
        return
    yield ctx.passed(
        where.node,
        where.field,
        f"Execution role {ref.name} exists.",
        resource=ref.arn,
        pointer=where.pointer,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "role-credentials-unavailable",
        "cause": "The execution role was deleted, or is in another account.",
        "likelihood": "medium",
    },
]
