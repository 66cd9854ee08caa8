"""The gateway's execution role ARN is missing or is not an IAM role ARN.

## Why
The gateway assumes its execution role (``roleArn``) to call targets, read
credential providers and write logs. CreateGateway and UpdateGateway require
it, and the service checks it against ``arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+``.
Typical slips: a bare role name, the ``ACCOUNT`` placeholder from a guide left
in place, an STS assumed-role session ARN copied from ``aws sts
get-caller-identity``, or a user or instance-profile ARN.

A role in another account than the gateway, its Lambda functions or its
runtimes is very likely a copy-paste from another environment: an execution
role must live in the gateway's own account, and cross-account Lambda
invocations need extra resource policies. gwlint warns about such a mismatch.

Applies to ``roleArn`` in gateway API documents and the deployment file's
``gateway`` section, and to ``execution_role_arn`` in setup_gateway arguments
(optional there: the starter toolkit creates a role when it is omitted).

## Symptom
ValidationException on ``roleArn`` at CreateGateway; or, with a role from
another account, "Failed to obtain execution role credentials" / access
denied when tools are called.

## Fix
Use the full ARN of an IAM role in the gateway's account, trusted by
``bedrock-agentcore.amazonaws.com``:

    {"roleArn": "arn:aws:iam::123456789012:role/GatewayExecutionRole"}

``aws iam get-role --role-name GatewayExecutionRole --query Role.Arn`` prints it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import ROLE_ARN, parse_arn, parse_runtime_url
from gwlint.deployed import request_constraint
from gwlint.findings import Finding
from gwlint.model import Deployment
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import is_gateway_request

EXAMPLE = "arn:aws:iam::123456789012:role/GatewayExecutionRole"


def diagnose(value: Any) -> tuple[str, str] | None:
    """(what is wrong, fix) for a role ARN that does not match, None when it does."""
    if not isinstance(value, str):
        return "is not a string", f"Set it to the role's ARN, e.g. {EXAMPLE}."
    if ROLE_ARN.match(value) and value == value.strip():
        return None
    text = value.strip()
    if text != value:
        return "has leading or trailing whitespace", f"Remove the whitespace: {text}"
    arn = parse_arn(text)
    if arn is None:
        if text and "/" not in text and ":" not in text:
            return (
                "is a role name, not an ARN",
                f"Use the full ARN: arn:aws:iam::<account-id>:role/{text}.",
            )
        return "is not an ARN", f"Use the role's ARN, e.g. {EXAMPLE}."
    if arn.service == "sts" and arn.resource.startswith("assumed-role/"):
        role = arn.resource.split("/")[1]
        return (
            "is an STS assumed-role session ARN, not the role's ARN",
            f"Use the role itself: arn:{arn.partition}:iam::{arn.account}:role/{role}.",
        )
    if arn.service != "iam":
        return (
            f"is a {arn.service} ARN, not an IAM role ARN",
            f"Use an IAM role ARN, e.g. {EXAMPLE}.",
        )
    kind = arn.resource.split("/")[0]
    if kind != "role":
        return (
            f"is an IAM {kind} ARN, not a role ARN",
            "The gateway assumes a role: create one trusted by bedrock-agentcore.amazonaws.com "
            f"and use its ARN, e.g. {EXAMPLE}.",
        )
    if arn.region:
        return (
            f"has a region ('{arn.region}'); IAM ARNs have none",
            f"Drop the region: arn:{arn.partition}:iam::{arn.account}:{arn.resource}.",
        )
    if not (arn.account.isdigit() and len(arn.account) == 12):
        return (
            f"has account '{arn.account}', not a 12-digit account ID",
            f"Put the real account ID in: arn:{arn.partition}:iam::<12-digit account>:"
            f"{arn.resource} (aws sts get-caller-identity --query Account).",
        )
    if not arn.partition.startswith("aws"):
        return f"has partition '{arn.partition}'", f"Use aws, aws-cn or aws-us-gov: {EXAMPLE}."
    return "does not match arn:aws:iam::<account>:role/<name>", f"Use e.g. {EXAMPLE}."


def related_arns(deployment: Deployment) -> list[tuple[str, str]]:
    """(description, ARN) of the deployment's other resources that name an account."""
    found: list[tuple[str, str]] = []
    gateway = deployment.gateway
    if gateway is not None:
        found.append(("gateway ARN", gateway.gateway_arn))
        for interceptor in gateway.interceptors or []:
            found.append(("interceptor Lambda", interceptor.lambda_arn))
    for target in deployment.targets:
        name = target.label
        found.append((f"{name} Lambda", target.lambda_arn))
        found.append((f"{name} runtime", target.runtime_arn))
        runtime_url = parse_runtime_url(target.endpoint)
        if runtime_url is not None:
            found.append((f"{name} runtime URL", runtime_url.arn))
        identifier = target.gateway_identifier
        if isinstance(identifier, str) and identifier.startswith("arn:"):
            found.append((f"{name} gateway ARN", identifier))
    result = []
    for what, value in found:
        arn = parse_arn(value.strip() if isinstance(value, str) else value)
        if arn is not None and arn.account.isdigit() and len(arn.account) == 12:
            result.append((what, arn.account))
    return result


@rule(
    id="GW102",
    name="gateway-role-arn",
    severity=Severity.ERROR,
    summary="Gateway execution role is an IAM role ARN in the deployment's account",
    fix=(
        "Set roleArn to the full ARN of an IAM role in the gateway's account that trusts "
        "bedrock-agentcore.amazonaws.com, e.g. arn:aws:iam::123456789012:role/GatewayExecutionRole."
    ),
)
@request_constraint
def check(ctx: Context) -> Iterator[Finding]:
    deployment = ctx.deployment
    gateway = deployment.gateway
    if gateway is None:
        return
    label = "execution_role_arn" if deployment.is_setup_args else "roleArn"
    if not gateway.has("role_arn"):
        if is_gateway_request(gateway, deployment):
            yield ctx.fail(
                gateway,
                "role_arn",
                "the gateway document has no roleArn; CreateGateway and UpdateGateway require "
                "the execution role.",
                fix=f'Add "roleArn": "{EXAMPLE}" (your role, in the gateway\'s account).',
            )
        return
    value = gateway.role_arn
    problem = diagnose(value)
    if problem is not None:
        what, fix = problem
        yield ctx.fail(gateway, "role_arn", f"{label} {describe_value(value)} {what}.", fix=fix)
        return
    yield ctx.passed(gateway, "role_arn", f"{label} is an IAM role ARN")
    account = value.split(":")[4]
    if not account:
        return
    others = related_arns(deployment)
    mismatched = [(what, acct) for what, acct in others if acct != account]
    if mismatched:
        listed = ", ".join(f"{what} ({acct})" for what, acct in mismatched[:3])
        more = f" and {len(mismatched) - 3} more" if len(mismatched) > 3 else ""
        yield ctx.fail(
            gateway,
            "role_arn",
            f"{label} is in account {account}, but other resources of this deployment are in "
            f"another account: {listed}{more}.",
            fix=(
                "Use the execution role of the gateway's own account; if a Lambda function or "
                "runtime really lives in another account, grant the gateway role access "
                "through that resource's policy."
            ),
            severity=Severity.WARNING,
        )
    elif others:
        yield ctx.passed(
            gateway,
            "role_arn",
            f"{label} is in the same account ({account}) as the deployment's other ARNs",
        )
