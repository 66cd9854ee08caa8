r"""The execution role's trust policy does not let the gateway assume it.

## Why
The gateway obtains credentials for its execution role through
``sts:AssumeRole`` as the service principal ``bedrock-agentcore.amazonaws.com``.
The role's trust policy must allow exactly that, and should pin the caller to
your account and your gateways with two conditions:

    "Condition": {
      "StringEquals": {"aws:SourceAccount": "123456789012"},
      "ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:*"}
    }

A ``SourceArn`` for another region or account (copied from another stack)
excludes your gateway, so the role can never be assumed for it. A statement
without conditions works, but lets any AgentCore resource in any account that
learns the role's ARN act with it (the confused-deputy problem): gwlint warns.

gwlint reads the trust policy with GetRole. ``ArnLike``/``ArnEquals`` compare
each ARN component with wildcards, ``StringLike`` the whole value; conditions on
other keys, negated operators and ``NotPrincipal`` cannot be evaluated offline
and make the result a warning.

## Symptom
CreateGateway fails to validate the role, or — the confusing case —
``tools/list`` works but ``tools/call`` fails with "InternalServerException -
Failed to obtain execution role credentials".

## Fix
Use a trust policy for your account and the gateway's region:

    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {
          "StringEquals": {"aws:SourceAccount": "123456789012"},
          "ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:*"}
        }
      }]
    }

    aws iam update-assume-role-policy --role-name AgentCoreGatewayExecutionRole \
      --policy-document file://trust.json
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gwlint.findings import Finding
from gwlint.iampolicy import PolicyParseError, Statement, parse_policy
from gwlint.livecheck import gateway_role, role_problem
from gwlint.reads import ROLE
from gwlint.rule import Context, Severity, rule

SERVICE = "bedrock-agentcore.amazonaws.com"
ACCOUNT_KEY = "aws:sourceaccount"
ARN_KEY = "aws:sourcearn"

FIX = (
    "Let bedrock-agentcore.amazonaws.com assume the role with conditions aws:SourceAccount = "
    "<gateway account> (StringEquals) and aws:SourceArn ArnLike "
    "arn:<partition>:bedrock-agentcore:<gateway region>:<account>:* (aws iam "
    "update-assume-role-policy --role-name <role> --policy-document file://trust.json)."
)


def _trusts_service(statement: Statement) -> bool:
    principal = statement.principal
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if principal.get("AWS") == "*":
        return True
    services = principal.get("Service")
    names = [services] if isinstance(services, str) else services
    return isinstance(names, list) and any(
        isinstance(n, str) and n.lower() == SERVICE for n in names
    )


def _glob(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.I if ignore_case else 0)) is not None


def _arn_match(pattern: str, actual: str, *, operator: str, resource_known: bool) -> bool | None:
    """Whether a SourceArn condition value admits the gateway's ARN; None = cannot tell.

    ``ArnLike``/``ArnEquals`` compare the six colon-separated components one by
    one (wildcards allowed in each); ``StringLike`` globs the whole string;
    ``StringEquals*`` compares exactly. When the gateway's ID is not known
    (a config written before deployment) only partition, service, region and
    account can be compared.
    """
    ignore_case = operator == "StringEqualsIgnoreCase"
    wildcards = operator in ("ArnLike", "ArnEquals", "StringLike")
    if wildcards and pattern == "*":
        return True
    want = pattern.split(":", 5)
    have = actual.split(":", 5)

    def same(w: str, h: str) -> bool:
        if wildcards:
            return _glob(w, h)
        return w.lower() == h.lower() if ignore_case else w == h

    if operator in ("ArnLike", "ArnEquals") and len(want) == 6:
        if not all(same(w, h) for w, h in zip(want[:5], have[:5], strict=True)):
            return False
        if same(want[5], have[5]):
            return True
        return False if resource_known else None
    if _glob(pattern, actual) if wildcards else same(pattern, actual):
        return True
    if resource_known:
        return False
    if len(want) == 6 and all(same(w, h) for w, h in zip(want[:5], have[:5], strict=True)):
        return None
    return False


_OPERATORS = ("StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike")


@dataclass
class Verdict:
    """What one allowing statement means for this gateway."""

    label: str
    keys: set[str] = field(default_factory=set)  # aws:SourceAccount / aws:SourceArn present
    wrong: list[str] = field(default_factory=list)  # conditions that exclude the gateway
    unknown: list[str] = field(default_factory=list)  # conditions gwlint cannot evaluate

    @property
    def kind(self) -> str:
        if self.wrong:
            return "excludes"
        if self.unknown:
            return "uncertain"
        if self.keys == {ACCOUNT_KEY, ARN_KEY}:
            return "pinned"
        return "open" if not self.keys else "partial"


def _judge(
    statement: Statement, account: str, gateway_arn: str, resource_known: bool, region: str
) -> Verdict:
    verdict = Verdict(statement.label)
    for operator, entries in statement.condition.items():
        if not isinstance(entries, dict):
            verdict.unknown.append(f"{operator} (not an object)")
            continue
        base = operator[: -len("IfExists")] if operator.endswith("IfExists") else operator
        for key, raw in entries.items():
            lowered = str(key).lower()
            values = [raw] if isinstance(raw, str) else raw
            if (
                lowered not in (ACCOUNT_KEY, ARN_KEY)
                or base not in _OPERATORS
                or not isinstance(values, list)
            ):
                verdict.unknown.append(f"{operator} {key}")
                continue
            verdict.keys.add(lowered)
            texts = [v for v in values if isinstance(v, str)]
            if lowered == ACCOUNT_KEY:
                if base in ("StringLike", "ArnLike", "ArnEquals"):
                    hit: bool | None = any(_glob(t, account) for t in texts)
                elif base == "StringEqualsIgnoreCase":
                    hit = any(t.lower() == account.lower() for t in texts)
                else:
                    hit = account in texts
            else:
                answers = [
                    _arn_match(t, gateway_arn, operator=base, resource_known=resource_known)
                    for t in texts
                ]
                hit = True if True in answers else (None if None in answers else False)
            if hit is None:
                verdict.unknown.append(
                    f"{operator} {key} names a specific gateway and the gateway's ID is unknown"
                )
            elif not hit:
                shown = ", ".join(texts) or "nothing"
                if lowered == ACCOUNT_KEY:
                    verdict.wrong.append(
                        f"aws:SourceAccount allows {shown}, not the gateway's account {account}"
                    )
                else:
                    verdict.wrong.append(
                        f"aws:SourceArn ({operator}) allows {shown}, which does not cover the "
                        f"gateway ({gateway_arn}) in region {region}"
                    )
    return verdict


@rule(
    id="GW511",
    name="execution-role-trust",
    severity=Severity.ERROR,
    summary="the execution role trusts bedrock-agentcore.amazonaws.com for this gateway",
    fix=FIX,
    live=True,
    requires=("GW510",),
    reads=(*ROLE,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, ref, problem = gateway_role(ctx)
    if problem is not None:
        yield problem
    if view is None or ref is None:
        return
    where = ref.where
    role, blocked = role_problem(ctx, ref, where.node)
    if blocked is not None or role is None:
        if blocked is not None:
            yield blocked
        return

    account = view.account or ref.account
    region = view.region or "<unknown region>"
    concrete = (
        f"Let {SERVICE} assume role {ref.name} under aws:SourceAccount = {account} "
        f"(StringEquals) and aws:SourceArn ArnLike arn:{ref.partition}:bedrock-agentcore:"
        f"{region}:{account}:* (aws iam update-assume-role-policy --role-name {ref.name} "
        "--policy-document file://trust.json)."
    )

    def report(
        message: str,
        *,
        severity: Severity | None = None,
        passed: bool = False,
        fix: str | None = None,
    ) -> Finding:
        if passed:
            return ctx.passed(
                where.node, where.field, message, resource=ref.arn, pointer=where.pointer
            )
        return ctx.fail(
            where.node,
            where.field,
            message,
            severity=severity,
            fix=fix or concrete,
            resource=ref.arn,
            pointer=where.pointer,
        )

    try:
        trust = parse_policy(
            role.get("AssumeRolePolicyDocument") or {}, "trust policy", resource_required=False
        )
    except PolicyParseError as exc:
        yield report(
            f"The trust policy of role {ref.name} could not be read: {exc}.",
            severity=Severity.WARNING,
        )
        return
    known = view.arn is not None or view.identifier is not None
    gateway_arn = view.arn or (
        f"arn:{ref.partition}:bedrock-agentcore:{region}:{account}:gateway/{view.identifier or '*'}"
    )
    relevant = [
        s for s in trust.statements if s.matches_action("sts:AssumeRole") and _trusts_service(s)
    ]
    denies = [s for s in relevant if s.effect == "Deny" and not s.conditional]
    allows = [s for s in relevant if s.effect == "Allow" and s.not_principal is None]
    if denies:
        yield report(
            f"The trust policy of role {ref.name} denies sts:AssumeRole to {SERVICE} "
            f"({', '.join(s.label for s in denies)}).",
        )
        return
    if not allows:
        yield report(
            f"The trust policy of role {ref.name} does not let {SERVICE} assume the role "
            "(no Allow statement for that service principal and sts:AssumeRole).",
        )
        return
    verdicts = [_judge(s, account, gateway_arn, known, region) for s in allows]
    kinds = {v.kind for v in verdicts}
    for verdict in verdicts:
        if verdict.kind == "open":
            yield report(
                f"{verdict.label.capitalize()} lets {SERVICE} assume role {ref.name} without "
                "aws:SourceAccount or aws:SourceArn conditions: any AgentCore resource, in any "
                "account, that is given the role's ARN can use it (confused deputy).",
                severity=Severity.WARNING,
            )
        elif verdict.kind == "partial":
            missing = "aws:SourceArn" if ACCOUNT_KEY in verdict.keys else "aws:SourceAccount"
            yield report(
                f"{verdict.label.capitalize()} lets {SERVICE} assume role {ref.name} without an "
                f"{missing} condition; add it to pin the role to your gateways.",
                severity=Severity.WARNING,
            )
    if "pinned" in kinds:
        yield report(
            f"Role {ref.name} trusts {SERVICE} for account {account} and a SourceArn that "
            f"covers the gateway in {region}.",
            passed=True,
        )
        return
    if kinds & {"open", "partial"}:
        return  # usable; the warnings above say what to tighten
    if "uncertain" in kinds:
        unknown = sorted({u for v in verdicts for u in v.unknown})
        yield report(
            f"The trust policy of role {ref.name} allows {SERVICE} only under conditions "
            f"gwlint cannot evaluate offline ({', '.join(unknown)}); confirm they hold for the "
            "gateway.",
            severity=Severity.WARNING,
        )
        return
    reasons = "; ".join(w for v in verdicts for w in v.wrong)
    yield report(
        f"The trust policy of role {ref.name} lets {SERVICE} assume it only under conditions "
        f"that exclude this gateway: {reasons}. tools/list may work while tools/call fails "
        "with 'Failed to obtain execution role credentials'.",
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "role-credentials-unavailable",
        "pattern": r"Failed to obtain execution role credentials",
        "source": "Gateway tools/call InternalServerException (awslabs/agentcore-samples#1035)",
        "means": "The gateway could not assume its execution role to call the target.",
        "cause": (
            "The trust policy's aws:SourceArn/aws:SourceAccount excludes this gateway (other "
            "region or account)."
        ),
        "likelihood": "high",
    },
]
