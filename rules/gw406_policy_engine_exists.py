r"""The policy engine a gateway names does not exist, or is not ACTIVE.

## Why
A gateway with ``policyEngineConfiguration`` (``arn``, ``mode`` LOG_ONLY or
ENFORCE) asks that engine, through its execution role, whether each tool
call is allowed. The engine is a separate resource: deleting it, creating it
in another region or account, or copying its ARN from an older deployment
leaves the gateway naming something that is not there. The AgentCore docs
state that when the gateway cannot consult its engine (the role lacks
``GetPolicyEngine`` and the authorize actions), attaching fails with
InternalServerException and every call is denied; gwlint infers the same for
an engine that does not exist or is not ``ACTIVE`` (``CREATE_FAILED``,
``DELETING``…), so this rule reports a warning (evidence: inference).

gwlint reads GetPolicyEngine with the ID and region of the ARN.

## Symptom
Creating or updating the gateway fails (InternalServerException,
ResourceNotFoundException naming the policy engine), or every tools/call is
denied although the policies allow it.

## Fix
Find the engine and use its ARN (the ID ends in ``-`` and 10 characters):

    aws bedrock-agentcore-control list-policy-engines --region us-east-1

    {"policyEngineConfiguration": {
      "arn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/\
shop_policies-a1b2c3d4e5",
      "mode": "ENFORCE"}}

or create the engine first, or remove ``policyEngineConfiguration``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import CONTROL, Read, ask, cannot_check, reasons_text
from gwlint.resolve import Where
from gwlint.rule import Context, Severity, describe_value, rule

GET_POLICY_ENGINE = "bedrock-agentcore:GetPolicyEngine"
#: ``arn:aws:bedrock-agentcore:{region}:{account}:policy-engine/{id}`` (botocore's pattern).
ARN = re.compile(
    r"^arn:aws(?:-[^:]+)?:bedrock-agentcore:(?P<region>[a-z0-9-]+):[0-9]{12}:"
    r"policy-engine/(?P<id>[a-zA-Z][a-zA-Z0-9_-]{0,99}-[a-zA-Z0-9_]{10})$"
)
READY = "ACTIVE"
SETTLING = ("CREATING", "UPDATING")

FIX = (
    "Point policyEngineConfiguration.arn at an ACTIVE policy engine in the account "
    "(aws bedrock-agentcore-control list-policy-engines --region <region>), create the engine "
    "first, or remove policyEngineConfiguration."
)


def policy_engine(engine_id: str, region: str) -> Read:
    """The GetPolicyEngine read for one engine."""
    return Read(CONTROL, "get_policy_engine", {"policyEngineId": engine_id}, region)


def _finding(ctx: Context, node: Any, arn: str, engine: dict[str, Any]) -> Finding:
    status = engine.get("status")
    name = f"Policy engine {engine.get('name') or arn.rsplit('/', 1)[-1]}"
    if status == READY:
        return ctx.passed(node, "policy_engine", f"{name} exists and is ACTIVE.", resource=arn)
    if status in SETTLING:
        return ctx.fail(
            node,
            "policy_engine",
            f"{name} is {status}, not ACTIVE yet; the gateway cannot consult it until it is.",
            fix="Wait until the policy engine is ACTIVE (or use --wait), then re-run gwlint.",
            resource=arn,
        )
    return ctx.fail(
        node,
        "policy_engine",
        f"{name} has status {describe_value(status)}, not ACTIVE: "
        f"{reasons_text(engine.get('statusReasons'))}.",
        resource=arn,
    )


@rule(
    id="GW406",
    name="policy-engine-exists",
    severity=Severity.WARNING,
    summary="the policy engine a gateway names exists and is ACTIVE",
    fix=FIX,
    live=True,
    reads=("policy-engine",),
    evidence="inference",
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if ctx.facts is None or gateway is None or gateway.policy_engine is None:
        return
    config = gateway.policy_engine
    arn = config.get("arn") if isinstance(config, dict) else None
    match = ARN.match(arn) if isinstance(arn, str) else None
    if match is None:
        yield ctx.skip(
            f"policyEngineConfiguration.arn {describe_value(arn, 200)} is not a policy-engine "
            "ARN (GW003 judges its shape)",
            gateway,
        )
        return
    try:
        engine = ask(ctx.facts, policy_engine(match["id"], match["region"]))
    except NotFound:
        yield ctx.fail(
            gateway,
            "policy_engine",
            f"Policy engine {match['id']} does not exist in region {match['region']}; the "
            "gateway cannot consult it.",
            resource=arn,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx,
            Where(gateway, "policy_engine"),
            exc,
            f"policy engine {match['id']}",
            GET_POLICY_ENGINE,
            resource=arn,
        )
        return
    yield _finding(ctx, gateway, match.group(0), engine)
