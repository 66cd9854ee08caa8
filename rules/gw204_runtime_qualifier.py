"""A runtime invocation URL does not say which runtime endpoint to call.

## Why
A gateway has no versions or aliases of its own. What decides which code
answers behind a Runtime-hosted MCP target is the *runtime endpoint*: each
``agentcore launch`` (UpdateAgentRuntime) creates a new runtime version, and a
runtime endpoint (``DEFAULT``, or one you create such as ``prod``) points at a
version. The invocation URL chooses the endpoint with ``?qualifier=``; without
it AWS uses ``DEFAULT``, which AWS moves to every new version as soon as the
runtime is updated (AgentCore developer guide, "Runtime versioning and
endpoints"). This is the "which version/alias do I attach" confusion: nothing is
attached to the gateway, the qualifier in the target's URL is the only knob.

An empty ``?qualifier=`` or one that cannot be an endpoint name (a letter,
then up to 47 letters, digits or underscores) names no endpoint.

## Symptom
The gateway's tools change (or break) on every runtime deployment, or the
target calls an endpoint that does not exist.

## Fix
Pin a named endpoint (or write ``DEFAULT`` to make the choice explicit):

    aws bedrock-agentcore-control create-agent-runtime-endpoint \\
      --agent-runtime-id security_mcp-AbCdEf1234 --name prod --agent-runtime-version 3

    "endpoint": "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fsecurity_mcp-AbCdEf1234/invocations?qualifier=prod"
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from gwlint.awsformats import RUNTIME_ARN, parse_arn, parse_runtime_url, runtime_invocation_url
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, describe_value, rule

ENDPOINT_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$")

FIX = (
    "Append ?qualifier=DEFAULT to make the default endpoint explicit, or ?qualifier=prod to pin "
    "a named runtime endpoint (aws bedrock-agentcore-control create-agent-runtime-endpoint "
    "--agent-runtime-id <id> --name prod --agent-runtime-version <n>). The gateway has no "
    "versions or aliases of its own: the runtime version is chosen by the runtime endpoint the "
    "qualifier names."
)


def _with_qualifier(endpoint: str, arn: str, qualifier: str) -> str:
    """``endpoint`` with ``qualifier``: rebuilt from a valid ARN, else appended."""
    if RUNTIME_ARN.match(arn):
        parsed = parse_arn(arn)
        if parsed is not None:
            return runtime_invocation_url(arn, parsed.region, qualifier)
    parts = urlsplit(endpoint.strip())
    kept = "&".join(p for p in parts.query.split("&") if p and not p.startswith("qualifier="))
    query = f"{kept}&qualifier={qualifier}" if kept else f"qualifier={qualifier}"
    return parts._replace(query=query).geturl()


@rule(
    id="GW204",
    name="runtime-qualifier",
    severity=Severity.WARNING,
    summary="Runtime invocation URL names its runtime endpoint with ?qualifier=",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if "mcpServer" not in target.kinds or not isinstance(target.endpoint, str):
            continue
        endpoint = target.endpoint
        parsed = parse_runtime_url(endpoint)
        if parsed is None:
            continue
        arn, _, in_arn = parsed.arn.partition("/runtime-endpoint/")
        values = parse_qs(urlsplit(endpoint.strip()).query, keep_blank_values=True).get(
            "qualifier", []
        )
        if not parsed.has_qualifier and in_arn:
            yield ctx.fail(
                target,
                "endpoint",
                f"Runtime invocation URL has no ?qualifier=; the endpoint name '{in_arn}' inside "
                "the ARN does not select that endpoint, only ?qualifier= does.",
                fix=(
                    f"Name the endpoint as the qualifier: {_with_qualifier(endpoint, arn, in_arn)} "
                    "(runtime ARN in the path, see GW203)."
                ),
            )
        elif not parsed.has_qualifier:
            yield ctx.fail(
                target,
                "endpoint",
                "Runtime invocation URL has no ?qualifier=, so AWS calls the runtime's DEFAULT "
                "endpoint, which follows every new runtime version as soon as it is deployed.",
                fix=(
                    f"Make it explicit: {_with_qualifier(endpoint, arn, 'DEFAULT')}, or pin a "
                    f"named endpoint: {_with_qualifier(endpoint, arn, 'prod')}. The gateway has "
                    "no versions or aliases of its own; runtime versions are selected through "
                    "runtime endpoints (create-agent-runtime-endpoint --name prod "
                    "--agent-runtime-version <n>)."
                ),
            )
        elif len(values) > 1:
            yield ctx.fail(
                target,
                "endpoint",
                f"Runtime invocation URL has {len(values)} qualifier parameters "
                f"({', '.join(describe_value(v) for v in values)}); give exactly one.",
                fix=f"Keep one: {_with_qualifier(endpoint, arn, values[-1] or 'DEFAULT')}.",
            )
        elif not parsed.qualifier:
            yield ctx.fail(
                target,
                "endpoint",
                "Runtime invocation URL has an empty ?qualifier=, which names no runtime endpoint.",
                fix=(
                    f"Name the endpoint: {_with_qualifier(endpoint, arn, 'DEFAULT')} (or "
                    "qualifier=prod for a named endpoint)."
                ),
            )
        elif re.fullmatch(r"[1-9][0-9]{0,4}", parsed.qualifier):
            yield ctx.fail(
                target,
                "endpoint",
                f"Runtime invocation URL qualifier '{parsed.qualifier}' looks like a runtime "
                "version number; InvokeAgentRuntime documents the qualifier as a runtime "
                "endpoint name.",
                fix=(
                    "Create an endpoint that points at that version and name it in the URL: "
                    "aws bedrock-agentcore-control create-agent-runtime-endpoint "
                    f"--agent-runtime-id <id> --name prod --agent-runtime-version "
                    f"{parsed.qualifier}, then use {_with_qualifier(endpoint, arn, 'prod')}."
                ),
            )
        elif not ENDPOINT_NAME.match(parsed.qualifier):
            yield ctx.fail(
                target,
                "endpoint",
                f"Runtime invocation URL qualifier {describe_value(parsed.qualifier)} cannot be "
                "a runtime endpoint name (a letter, then up to 47 letters, digits or "
                "underscores).",
                fix=(
                    "Use the name of an existing runtime endpoint, e.g. "
                    f"{_with_qualifier(endpoint, arn, 'DEFAULT')}; list them with "
                    "aws bedrock-agentcore-control list-agent-runtime-endpoints "
                    "--agent-runtime-id <id>."
                ),
            )
        elif parsed.qualifier == "DEFAULT":
            yield ctx.passed(
                target, "endpoint", "runtime invocation URL uses the DEFAULT runtime endpoint"
            )
        else:
            yield ctx.passed(
                target,
                "endpoint",
                f"runtime invocation URL pins runtime endpoint '{parsed.qualifier}'",
            )
