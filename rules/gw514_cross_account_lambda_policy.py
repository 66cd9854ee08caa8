"""A Lambda target in another account does not let the gateway's role invoke it.

## Why
A gateway invokes Lambda targets and interceptors with its execution role.
When the function lives in another AWS account than the gateway, IAM asks two
accounts: the role's own policies must allow ``lambda:InvokeFunction`` (GW512),
and the function's *resource-based policy* must allow that role or its account.
Without a statement in the function's policy the call is denied, whatever the
role allows (AWS Lambda developer guide, "Granting function access to other
accounts"). The target is created without complaint; the failure comes at the
first tool call.

gwlint reads the function's policy (``lambda GetPolicy``, in the function's
region) for each Lambda target or interceptor whose ARN names another account
than the gateway's (from the gateway ARN, else the role ARN), and evaluates
the statements whose ``Principal`` is the role, its account or ``*``. A policy
gwlint may not read (AccessDenied is usual across accounts) is reported as
``error`` with that reason, never as a pass; a statement whose ``Condition``
decides the answer is a warning.

## Symptom
Tool calls to the target fail with an access-denied / "lacks permission to
invoke" error naming the function, while the same function works from its own
account; GetGatewayTarget may show the target FAILED with that reason.

## Fix
In the function's account, allow the gateway's role:

    aws lambda add-permission --function-name <function ARN> \\
      --statement-id agentcore-gateway --action lambda:InvokeFunction \\
      --principal arn:aws:iam::<gateway account>:role/<gateway role>

and keep ``lambda:InvokeFunction`` on that ARN in the role's own policy (GW512).
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import AccessDenied, LiveError, NotFound
from gwlint.findings import Finding
from gwlint.iampolicy import Decision, PolicyParseError
from gwlint.livecheck import Read, ask, cannot_check, resolve_gateway
from gwlint.reads import GATEWAY
from gwlint.resolve import LambdaRef, Where, function_account, lambda_refs, role_ref
from gwlint.resource_policy import INVOKE, invoke_evaluation
from gwlint.rule import Context, Severity, rule

GET_POLICY = "lambda:GetPolicy"
FIX = (
    "In the function's account, allow the gateway's execution role: aws lambda add-permission "
    "--function-name <function ARN> --statement-id agentcore-gateway --action "
    "lambda:InvokeFunction --principal <gateway role ARN>."
)


@rule(
    id="GW514",
    name="cross-account-lambda-policy",
    severity=Severity.ERROR,
    summary="a Lambda target in another account allows the gateway's role to invoke it",
    fix=FIX,
    live=True,
    reads=(*GATEWAY, "function-policy"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    refs = lambda_refs(ctx.deployment)
    if not refs:
        return
    view, problem = resolve_gateway(ctx)
    role = role_ref(view)
    account = (view.account if view is not None else None) or (role.account if role else None)
    if not account:
        return  # the gateway's account is unknown: no function can be called foreign
    foreign = [r for r in refs if _account(r) not in (None, account)]
    if not foreign:
        return
    if problem is not None:
        yield problem
        return
    if role is None:
        for ref in foreign:
            yield ctx.skip(
                f"{ref.what} is in account {_account(ref)}, but the gateway names no execution "
                "role ARN to look for in the function's policy",
                ref.node,
                resource=ref.arn,
            )
        return
    for ref in foreign:
        yield _judge(ctx, ref, role.arn, account)


def _account(ref: LambdaRef) -> str | None:
    return function_account(ref)


def _judge(ctx: Context, ref: LambdaRef, role_arn: str, account: str) -> Finding:
    assert ctx.facts is not None
    owner = _account(ref)
    name = f"Lambda function {ref.arn} ({ref.what}, account {owner})"
    try:
        answer = ask(ctx.facts, Read.function_policy(ref.function, ref.region, ref.qualifier))
    except NotFound:
        return ctx.fail(
            ref.node,
            ref.field,
            f"{name} has no resource-based policy or does not exist (GetPolicy: not found), "
            f"so role {role_arn} of account {account} cannot invoke it.",
            resource=ref.arn,
        )
    except AccessDenied as exc:
        return ctx.error(
            ref.node,
            ref.field,
            f"Could not check the resource policy of {name}: access denied "
            f"({exc.action or GET_POLICY}); the function is in another account than the "
            f"gateway ({account}), whose credentials usually may not read it.",
            resource=ref.arn,
            fix=(
                f"Run gwlint with credentials of account {owner} allowed {GET_POLICY} (or ask "
                "the function's owner to confirm the gateway role may invoke it)."
            ),
        )
    except LiveError as exc:
        where = Where(ref.node, ref.field)
        return cannot_check(ctx, where, exc, f"the policy of {name}", GET_POLICY, resource=ref.arn)
    try:
        result = invoke_evaluation(answer.get("Policy"), ref.arn, role_arn, account)
    except PolicyParseError as exc:
        return ctx.error(
            ref.node, ref.field, f"Could not read the policy of {name}: {exc}.", resource=ref.arn
        )
    if result.decision is Decision.ALLOWED:
        return ctx.passed(
            ref.node,
            ref.field,
            f"The resource policy of {name} allows role {role_arn} to call {INVOKE} "
            f"({', '.join(result.allowed_by)}).",
            resource=ref.arn,
        )
    if result.decision is Decision.UNCERTAIN:
        reasons = ", ".join((*result.uncertain_by, *result.problems)) or "a condition"
        return ctx.fail(
            ref.node,
            ref.field,
            f"Whether the resource policy of {name} allows role {role_arn} to call {INVOKE} "
            f"depends on what gwlint cannot evaluate ({reasons}).",
            severity=Severity.WARNING,
            resource=ref.arn,
        )
    why = (
        f"denied by {', '.join(result.denied_by)}"
        if result.decision is Decision.DENIED
        else "no statement allows it"
    )
    return ctx.fail(
        ref.node,
        ref.field,
        f"The resource policy of {name} does not let role {role_arn} of account {account} call "
        f"{INVOKE} ({why}); tool calls to it are denied.",
        resource=ref.arn,
    )
