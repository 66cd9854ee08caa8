"""Whether an execution role's identity policies allow what the gateway needs.

The evaluation GW512 (execution-role-permissions) and GW513
(function-url-permission) share: a :class:`Need` is an action on a resource
for a subject; :func:`judge_needs` reads the role's inline, attached and
boundary policies (ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies,
GetPolicy, GetPolicyVersion) and evaluates each need offline with
:mod:`gwlint.iampolicy`: allowed (PASS), denied or not allowed (FAIL at the
need's severity), allowed only under a Condition gwlint cannot evaluate (a
warning, never a pass).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import parse_arn
from gwlint.credential_refs import vault_secret_read
from gwlint.facts import LiveError, prefetch
from gwlint.findings import Finding
from gwlint.iampolicy import Decision, Evaluation, PolicyDocument, PolicyParseError, evaluate
from gwlint.iampolicy import parse_policy as parse
from gwlint.livecheck import (
    GET_POLICY,
    GET_POLICY_VERSION,
    GET_ROLE_POLICY,
    LIST_ATTACHED,
    LIST_ROLE_POLICIES,
    Read,
    ask,
    cannot_check,
    gateway_role,
    gateway_targets,
    role_problem,
)
from gwlint.model import Target
from gwlint.resolve import GatewayView, RoleRef, Where
from gwlint.rule import Context, Severity

LIST_SECRETS = "secretsmanager:ListSecrets"
GET_SECRET = "secretsmanager:GetSecretValue"


@dataclass(frozen=True)
class Need:
    """One permission the gateway needs: an action on a resource, for a subject."""

    action: str
    resource: str
    where: Where
    subject: str  # "target weather", "interceptor …", "policy engine"
    severity: Severity | None = None  # WARNING where the requirement is only reported
    secret_of: tuple[str, str, str | None] | None = None  # (kind, provider ARN, region)


class _Unreadable(Exception):
    def __init__(self, exc: LiveError, action: str) -> None:
        super().__init__(str(exc))
        self.exc = exc
        self.action = action


# -- what the role allows -----------------------------------------------------------------------


def _managed(ctx: Context, policy_arn: str, label: str) -> PolicyDocument:
    assert ctx.facts is not None
    try:
        policy = ask(ctx.facts, Read.policy(policy_arn)).get("Policy") or {}
    except LiveError as exc:
        raise _Unreadable(exc, GET_POLICY) from None
    version = policy.get("DefaultVersionId")
    try:
        data = ask(ctx.facts, Read.policy_version(policy_arn, version))
    except LiveError as exc:
        raise _Unreadable(exc, GET_POLICY_VERSION) from None
    document = (data.get("PolicyVersion") or {}).get("Document")
    return _parse(document, label)


def _parse(document: Any, label: str) -> PolicyDocument:
    try:
        return parse(document, label)
    except PolicyParseError as exc:
        return PolicyDocument(label, (), (f"{label} could not be read: {exc}",))


def role_policies(ctx: Context, ref: RoleRef) -> list[PolicyDocument]:
    """Every identity policy of the role; raises _Unreadable."""
    assert ctx.facts is not None
    facts = ctx.facts
    try:
        names = ask(facts, Read.role_policies(ref.name))
    except LiveError as exc:
        raise _Unreadable(exc, LIST_ROLE_POLICIES) from None
    try:
        attached = ask(facts, Read.attached_policies(ref.name))
    except LiveError as exc:
        raise _Unreadable(exc, LIST_ATTACHED) from None
    arns = [str(a.get("PolicyArn")) for a in attached if isinstance(a, dict)]
    prefetch(
        facts,
        [Read.role_policy(ref.name, n) for n in names] + [Read.policy(a) for a in arns],
    )
    documents: list[PolicyDocument] = []
    for name in names:
        try:
            data = ask(facts, Read.role_policy(ref.name, name))
        except LiveError as exc:
            raise _Unreadable(exc, GET_ROLE_POLICY) from None
        documents.append(_parse(data.get("PolicyDocument"), f"inline policy {name}"))
    for item in attached:
        if isinstance(item, dict):
            arn = str(item.get("PolicyArn"))
            label = f"managed policy {item.get('PolicyName') or arn}"
            documents.append(_managed(ctx, arn, label))
    return documents


def _combine(identity: Evaluation, boundary: Evaluation | None) -> tuple[Decision, str]:
    """The effective decision and the statements or reason behind it."""
    if identity.decision is Decision.DENIED:
        return Decision.DENIED, ", ".join(identity.denied_by)
    if boundary is not None and boundary.decision in (Decision.DENIED, Decision.NOT_ALLOWED):
        return Decision.NOT_ALLOWED, "the role's permissions boundary does not allow it"
    if identity.decision is Decision.NOT_ALLOWED:
        return Decision.NOT_ALLOWED, ""
    uncertain = list(identity.uncertain_by) + list(identity.problems)
    if boundary is not None and boundary.decision is Decision.UNCERTAIN:
        uncertain += [f"permissions boundary: {u}" for u in boundary.uncertain_by]
        uncertain += list(boundary.problems)
    if identity.decision is Decision.UNCERTAIN or uncertain:
        return Decision.UNCERTAIN, ", ".join(uncertain)
    return Decision.ALLOWED, ", ".join(identity.allowed_by)


def _secret_arn(ctx: Context, need: Need) -> str | None:
    """The ARN of the secret the token vault keeps for a provider; raises _Unreadable."""
    assert ctx.facts is not None and need.secret_of is not None
    kind, provider_arn, region = need.secret_of
    read = vault_secret_read(kind, provider_arn, region)
    secret_name = read.params["Filters"][0]["Values"][0]
    try:
        secrets = ask(ctx.facts, read)
    except LiveError as exc:
        raise _Unreadable(exc, LIST_SECRETS) from None
    for secret in secrets:
        if isinstance(secret, dict) and secret.get("Name") == secret_name:
            arn = secret.get("ARN")
            return str(arn) if arn else None
    return None


def _statement(action: str, resource: str) -> str:
    return json.dumps({"Effect": "Allow", "Action": action, "Resource": resource})


def check_role_needs(
    ctx: Context, needs_for: Callable[[GatewayView, list[Target]], Iterable[Need | Finding]]
) -> Iterator[Finding]:
    """A role-permission rule: the gateway, its targets, ``needs_for`` them, each judged.

    ``needs_for`` may yield findings too (a need it could not work out).
    """
    if ctx.facts is None:
        return
    view, ref, problem = gateway_role(ctx)
    if problem is not None:
        yield problem
    if view is None or ref is None:
        return
    targets, targets_problem = gateway_targets(ctx, view)
    if targets_problem is not None:
        yield targets_problem
    needs: list[Need] = []
    for item in needs_for(view, targets):
        if isinstance(item, Need):
            needs.append(item)
        else:
            yield item
    yield from judge_needs(ctx, ref, needs)


def judge_needs(ctx: Context, ref: RoleRef, needs: list[Need]) -> Iterator[Finding]:
    """Whether the role's policies allow each need (GW513 judges its needs here too)."""
    if not needs:
        return
    role, blocked = role_problem(ctx, ref, ref.where.node)
    if blocked is not None or role is None:
        if blocked is not None:
            yield blocked
        return
    try:
        policies = role_policies(ctx, ref)
        boundary_arn = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        boundary = (
            [_managed(ctx, str(boundary_arn), "permissions boundary")] if boundary_arn else None
        )
    except _Unreadable as exc:
        yield cannot_check(
            ctx,
            ref.where,
            exc.exc,
            f"the policies of role {ref.name}",
            exc.action,
            resource=ref.arn,
        )
        return
    for need in needs:
        yield from _judge(ctx, ref, need, policies, boundary)


def _judge(
    ctx: Context,
    ref: RoleRef,
    need: Need,
    policies: list[PolicyDocument],
    boundary: list[PolicyDocument] | None,
) -> Iterator[Finding]:
    where = need.where
    resource = need.resource
    if need.secret_of is not None:
        try:
            found = _secret_arn(ctx, need)
        except _Unreadable as exc:
            yield cannot_check(
                ctx,
                where,
                exc.exc,
                f"the token-vault secret for {need.subject}",
                exc.action,
                resource=need.secret_of[1],
            )
            return
        if found is None:
            yield ctx.skip(
                f"the token-vault secret of credential provider {need.secret_of[1]} was not "
                f"found, so {GET_SECRET} for {need.subject} was not checked",
                where.node,
                resource=need.secret_of[1],
            )
            return
        resource = found
    identity = evaluate(policies, need.action, resource)
    bound = evaluate(boundary, need.action, resource) if boundary is not None else None
    decision, why = _combine(identity, bound)
    needed = f"which {need.subject} needs"
    if decision is Decision.ALLOWED:
        yield ctx.passed(
            where.node,
            where.field,
            f"Role {ref.name} allows {need.action} on {resource} for {need.subject} (by {why}).",
            resource=resource,
            pointer=where.pointer,
        )
        return
    fix = (
        f"Add {_statement(need.action, resource)} to a policy of role {ref.name} "
        f"(aws iam put-role-policy --role-name {ref.name} --policy-name gateway-targets "
        "--policy-document file://policy.json)."
    )
    if decision is Decision.UNCERTAIN:
        yield ctx.fail(
            where.node,
            where.field,
            f"Role {ref.name} allows {need.action} on {resource}, {needed}, only under "
            f"conditions gwlint cannot evaluate offline ({why}).",
            severity=Severity.WARNING,
            fix="Confirm the conditions hold when the gateway calls, or grant the action "
            "without them.",
            resource=resource,
            pointer=where.pointer,
        )
        return
    if decision is Decision.DENIED:
        message = (
            f"Role {ref.name} explicitly denies {need.action} on {resource}, {needed} ({why})."
        )
        fix = f"Remove or narrow the Deny ({why}) so it does not cover {resource}."
    else:
        reason = f" ({why})" if why else ""
        message = f"No policy of role {ref.name} allows {need.action} on {resource}, {needed}"
        message += f"{reason}."
        arn = parse_arn(resource)
        qualified = arn is not None and arn.service == "lambda" and arn.resource.count(":") >= 2
        if qualified and not why:
            base = resource.rsplit(":", 1)[0]
            unqualified = evaluate(policies, need.action, base)
            if unqualified.decision is Decision.ALLOWED:
                message += (
                    f" The unqualified ARN {base} is allowed, but that does not cover the "
                    "qualifier the target calls."
                )
                fix = f"Allow {need.action} on {base}:* (or {base}*) as well as {base}."
    yield ctx.fail(
        where.node,
        where.field,
        message,
        severity=need.severity,
        fix=fix,
        resource=resource,
        pointer=where.pointer,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).


__all__ = [
    "GET_SECRET",
    "LIST_SECRETS",
    "Need",
    "check_role_needs",
    "judge_needs",
    "role_policies",
]
