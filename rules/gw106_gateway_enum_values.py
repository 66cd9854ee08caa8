"""A gateway setting holds a value outside the API's enumeration.

## Why
Several gateway settings take a fixed set of upper-case values, and botocore
does not check any of them before sending (only the service does):

- ``protocolType``: ``MCP`` (the only one; leave it out to allow HTTP targets);
- ``protocolConfiguration.mcp.searchType``: ``SEMANTIC`` (leave it out for no
  semantic search);
- ``policyEngineConfiguration.mode``: ``LOG_ONLY`` or ``ENFORCE`` (required
  whenever a policy engine is attached);
- ``interceptorConfigurations[].interceptionPoints``: one or both of
  ``REQUEST`` and ``RESPONSE``.

Lower-case spellings (``mcp``, ``semantic``), guesses (``HYBRID``,
``BOTH``) and empty lists all fail at CreateGateway.

## Symptom
``ValidationException … Member must satisfy enum value set: [SEMANTIC]`` (or
the set of the field in question).

## Fix
Use the API's spelling:

    {
      "protocolType": "MCP",
      "protocolConfiguration": {"mcp": {"searchType": "SEMANTIC"}},
      "policyEngineConfiguration": {
        "arn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/tools-a1b2c3d4e5",
        "mode": "LOG_ONLY"
      },
      "interceptorConfigurations": [{
        "interceptor": {
          "lambda": {"arn": "arn:aws:lambda:us-east-1:123456789012:function:Interceptor"}
        },
        "interceptionPoints": ["REQUEST", "RESPONSE"]
      }]
    }
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Gateway, Node
from gwlint.rule import Context, Severity, describe_value, rule

PROTOCOL_TYPES = ("MCP",)
SEARCH_TYPES = ("SEMANTIC",)
POLICY_MODES = ("LOG_ONLY", "ENFORCE")
INTERCEPTION_POINTS = ("REQUEST", "RESPONSE")
BOTH_WORDS = frozenset({"BOTH", "ALL", "REQUEST_RESPONSE", "REQUEST_AND_RESPONSE"})


def intended(value: Any, allowed: tuple[str, ...]) -> str | None:
    """The allowed value ``value`` differs from only by case or separators."""
    if not isinstance(value, str):
        return None
    squashed = re.sub(r"[^A-Za-z0-9]", "", value).upper()
    for option in allowed:
        if squashed == option.replace("_", ""):
            return option
    return None


def _shown(value: Any) -> str:
    return "null" if value is None else describe_value(value)


def _enum(
    ctx: Context,
    node: Node,
    field: str,
    what: str,
    value: Any,
    allowed: tuple[str, ...],
    *,
    pointer: str | None = None,
    omit_hint: str = "",
) -> Finding:
    if value in allowed:
        return ctx.passed(node, field, f"{what} is {value}", pointer=pointer)
    choices = " or ".join(allowed)
    meant = intended(value, allowed)
    if meant is not None:
        message = f"{what} {_shown(value)} is not an API value; write '{meant}' (case-sensitive)."
        fix = f"Write {meant}."
    else:
        message = f"{what} {_shown(value)} is not one of {', '.join(allowed)}."
        fix = f"Use {choices}{omit_hint}."
    return ctx.fail(node, field, message, fix=fix, pointer=pointer)


def _policy_engine(ctx: Context, gateway: Gateway) -> Iterator[Finding]:
    config = gateway.policy_engine
    base = gateway.origin.pointer_for("policy_engine")
    if not isinstance(config, dict):
        yield ctx.fail(
            gateway,
            "policy_engine",
            f"policyEngineConfiguration {_shown(config)} is not an object with arn and mode.",
            fix='Write {"arn": "<policy engine ARN>", "mode": "LOG_ONLY"} or remove it.',
        )
        return
    if "mode" not in config:
        yield ctx.fail(
            gateway,
            "policy_engine",
            "policyEngineConfiguration has no mode; the API requires LOG_ONLY or ENFORCE.",
            fix='Add "mode": "LOG_ONLY" (record decisions) or "ENFORCE" (deny what policy denies).',
        )
        return
    yield _enum(
        ctx,
        gateway,
        "policy_engine",
        "policyEngineConfiguration.mode",
        config["mode"],
        POLICY_MODES,
        pointer=join_pointer(base, "mode"),
    )


def _interception_points(ctx: Context, gateway: Gateway) -> Iterator[Finding]:
    for index, interceptor in enumerate(gateway.interceptors or []):
        if not interceptor.has("interception_points"):
            continue
        points = interceptor.interception_points
        where = f"interceptorConfigurations[{index}].interceptionPoints"
        base = interceptor.origin.pointer_for("interception_points")
        if not isinstance(points, list) or not points:
            yield ctx.fail(
                interceptor,
                "interception_points",
                f"{where} is {_shown(points)}; it must list REQUEST, RESPONSE or both.",
                fix='Write "interceptionPoints": ["REQUEST"] (or ["REQUEST", "RESPONSE"]).',
            )
            continue
        seen: set[Any] = set()
        for i, point in enumerate(points):
            pointer = join_pointer(base, i)
            if isinstance(point, str) and point in seen:
                yield ctx.fail(
                    interceptor,
                    "interception_points",
                    f"{where} lists {point} twice.",
                    fix="List each interception point once.",
                    severity=Severity.WARNING,
                    pointer=pointer,
                )
                continue
            if isinstance(point, str):
                seen.add(point)
            if isinstance(point, str) and point.upper() in BOTH_WORDS:
                yield ctx.fail(
                    interceptor,
                    "interception_points",
                    f"{where}[{i}] {describe_value(point)} is not an interception point; list "
                    "REQUEST and RESPONSE as two items to intercept both.",
                    fix='Write "interceptionPoints": ["REQUEST", "RESPONSE"].',
                    pointer=pointer,
                )
                continue
            yield _enum(
                ctx,
                interceptor,
                "interception_points",
                f"{where}[{i}]",
                point,
                INTERCEPTION_POINTS,
                pointer=pointer,
            )


@rule(
    id="GW106",
    name="gateway-enum-values",
    severity=Severity.ERROR,
    summary="Gateway protocolType, searchType, policy mode and interception points are API values",
    fix=(
        "Use the API's values: protocolType MCP; searchType SEMANTIC; "
        "policyEngineConfiguration.mode LOG_ONLY or ENFORCE; interceptionPoints REQUEST and/or "
        "RESPONSE."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None:
        return
    if gateway.has("protocol_type"):
        yield _enum(
            ctx,
            gateway,
            "protocol_type",
            "protocolType",
            gateway.protocol_type,
            PROTOCOL_TYPES,
            omit_hint=", or leave protocolType out to allow HTTP targets too",
        )
    # setup_gateway's enable_semantic_search is a boolean gwlint translates itself
    if gateway.has("search_type") and ctx.deployment.shape != "setup-args":
        yield _enum(
            ctx,
            gateway,
            "search_type",
            "searchType",
            gateway.search_type,
            SEARCH_TYPES,
            omit_hint=", or leave searchType out for no semantic search",
        )
    if gateway.has("policy_engine"):
        yield from _policy_engine(ctx, gateway)
    yield from _interception_points(ctx, gateway)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "search-type-not-semantic",
        "pattern": r"search_?type.{0,160}?HYBRID|HYBRID.{0,160}?search_?type",
        "source": (
            "CreateGateway / Terraform aws_bedrockagentcore_gateway "
            "(hashicorp/terraform-provider-aws#49944)"
        ),
        "means": (
            "The gateway's semantic search type is not an API value; SEMANTIC is the only one."
        ),
        "cause": (
            "protocolConfiguration.mcp.searchType is HYBRID (copied from a documentation example)."
        ),
        "likelihood": "high",
    },
]
