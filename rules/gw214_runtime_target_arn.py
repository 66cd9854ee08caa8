"""An http.agentcoreRuntime target's arn is not a runtime ARN.

## Why
The HTTP target type ``targetConfiguration.http.agentcoreRuntime`` fronts an
AgentCore Runtime by ARN: ``arn`` is required and must match the API's
RuntimeArn pattern
``arn:aws:bedrock-agentcore:{region}:{12-digit account}:runtime/{name}-{10 characters}``.
The runtime endpoint is chosen by the separate ``qualifier`` field (DEFAULT
when omitted). Pasting a runtime *endpoint* ARN (``…/runtime-endpoint/prod``)
or the runtime's invocation URL — both of which carry the endpoint — does not
match the pattern.

## Symptom
CreateGatewayTarget fails with a ValidationException on ``arn``.

## Fix
Put the runtime ARN in ``arn`` and the endpoint name in ``qualifier``:

    "targetConfiguration": {"http": {"agentcoreRuntime": {
      "arn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/security_agent-AbCdEf1234",
      "qualifier": "prod"
    }}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import RUNTIME_ARN, explain_runtime_arn, parse_runtime_url
from gwlint.findings import Finding
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import configuration_member

FIX = (
    "Set arn to the runtime ARN, arn:aws:bedrock-agentcore:{region}:{account}:runtime/"
    "{name}-{10 characters} (aws bedrock-agentcore-control list-agent-runtimes), and the "
    "runtime endpoint name in qualifier."
)


def _runtime_node(target: Target) -> str | None:
    """Pointer of ``http.agentcoreRuntime`` when the target has one (an object)."""
    found = configuration_member(target, "http", "agentcoreRuntime")
    return found[1] if found is not None and isinstance(found[0], dict) else None


def _fix_for(runtime_arn: str, qualifier: str | None, current: Any) -> str:
    """The fix naming the runtime ARN and qualifier to write (FIX when the ARN is not one)."""
    if not RUNTIME_ARN.match(runtime_arn):
        return FIX
    if qualifier:
        note = ""
        if isinstance(current, str) and current and current != qualifier:
            note = f" (it is now '{current}')"
        return f'Use "arn": "{runtime_arn}" and "qualifier": "{qualifier}"{note}.'
    return f'Use "arn": "{runtime_arn}".'


@rule(
    id="GW214",
    name="runtime-target-arn",
    severity=Severity.ERROR,
    summary="http.agentcoreRuntime target's arn is a runtime ARN",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        node_pointer = _runtime_node(target)
        if node_pointer is None:
            continue
        if not target.has("runtime_arn"):
            yield ctx.fail(
                target,
                "runtime_arn",
                f"Runtime {target.label} (http.agentcoreRuntime) has no arn; the API requires "
                "the runtime ARN.",
                pointer=node_pointer,
            )
            continue
        value = target.runtime_arn
        text = value.strip() if isinstance(value, str) else value
        url = parse_runtime_url(text)
        if url is not None:
            runtime_arn, _, endpoint_name = url.arn.partition("/runtime-endpoint/")
            qualifier = endpoint_name or url.qualifier
            yield ctx.fail(
                target,
                "runtime_arn",
                f"arn {describe_value(value)} is a runtime invocation URL; this target takes the "
                "runtime ARN itself, and the endpoint goes in qualifier.",
                fix=_fix_for(runtime_arn, qualifier, target.runtime_qualifier),
            )
            continue
        if isinstance(text, str) and "/runtime-endpoint/" in text:
            runtime_arn, _, endpoint_name = text.partition("/runtime-endpoint/")
            yield ctx.fail(
                target,
                "runtime_arn",
                f"arn {describe_value(value)} is a runtime endpoint ARN; this target takes the "
                f"runtime ARN and the endpoint name ('{endpoint_name}') in qualifier.",
                fix=_fix_for(runtime_arn, endpoint_name, target.runtime_qualifier),
            )
            continue
        problem = explain_runtime_arn(value)
        if problem is None:
            yield ctx.passed(target, "runtime_arn", "agentcoreRuntime arn is a runtime ARN")
        else:
            yield ctx.fail(target, "runtime_arn", f"arn {describe_value(value)} {problem}.")
