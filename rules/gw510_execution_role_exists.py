"""The gateway's execution role does not exist.

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
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import parse_arn
from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.model import Node
from gwlint.rule import Context, Severity, describe_value, rule

from .gw321_cognito_user_pool_exists import (
    GET_GATEWAY,
    GatewayView,
    Where,
    resolve_gateway,
    unverified,
)

IAM = "iam"
GET_ROLE = "iam:GetRole"


# -- shared by GW510-GW512 -------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRef:
    """The execution role the gateway names, and where."""

    arn: str
    name: str
    account: str
    partition: str
    where: Where


def role_ref(view: GatewayView | None) -> RoleRef | None:
    """The gateway's role, when its ``roleArn`` is an IAM role ARN."""
    if view is None or not isinstance(view.gateway.role_arn, str):
        return None
    text = view.gateway.role_arn.strip()
    arn = parse_arn(text)
    if arn is None or arn.service != "iam" or not arn.resource.startswith("role/"):
        return None
    name = arn.resource.rstrip("/").split("/")[-1]
    if not name:
        return None
    return RoleRef(text, name, arn.account, arn.partition, view.at(view.gateway, "role_arn"))


def get_role(ctx: Context, ref: RoleRef) -> dict[str, Any]:
    """GetRole (memoised); raises LiveError."""
    assert ctx.facts is not None
    data = ctx.facts.call(IAM, "get_role", RoleName=ref.name)
    role = data.get("Role")
    return role if isinstance(role, dict) else {}


def role_problem(
    ctx: Context, ref: RoleRef, node: Node | None
) -> tuple[dict[str, Any] | None, Finding | None]:
    """(the role, None), or (None, a skip when it does not exist / an error when unreadable)."""
    try:
        return get_role(ctx, ref), None
    except NotFound:
        return None, ctx.skip(
            f"execution role {ref.name} does not exist (see GW510 execution-role-exists)",
            node,
            resource=ref.arn,
        )
    except LiveError as exc:
        return None, unverified(
            ctx, ref.where, exc, f"execution role {ref.name}", GET_ROLE, resource=ref.arn
        )


# -- the rule ----------------------------------------------------------------------------------

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
    actions=(GET_ROLE, GET_GATEWAY),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, problem = resolve_gateway(ctx)
    if view is None:
        if problem is not None:
            yield problem
        return
    ref = role_ref(view)
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
        yield unverified(ctx, where, exc, f"execution role {ref.name}", GET_ROLE, resource=ref.arn)
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
