r"""The AgentCore runtime behind a target, or its endpoint, is missing or not READY.

## Why
An ``mcpServer`` target whose endpoint is a runtime invocation URL, and an
``http.agentcoreRuntime`` target, send every tool call to an AgentCore
Runtime through one of its endpoints: the URL's ``qualifier`` (``DEFAULT``
when there is none). Both the runtime and that endpoint must exist and be
``READY``; ``CREATE_FAILED``/``UPDATE_FAILED`` come with a
``failureReason``. A ``CREATING`` runtime or endpoint is not invocable yet:
a target created against it fails its tool sync, so gwlint reports it as an
error (wait with ``--wait``). An ``UPDATING`` one keeps serving its
endpoint's ``liveVersion``: a warning naming the version that serves; with
no ``liveVersion`` it is an error too. A runtime ID copied from another account or region, or a
deleted runtime, gives ResourceNotFound; so does a runtime *endpoint* ARN
(``…/runtime-endpoint/DEFAULT``) put where the runtime ARN belongs.

This rule also answers "which version is attached": runtimes have numbered
versions and endpoints, the gateway does not. The target reaches the
endpoint named by the qualifier, and that endpoint serves its
``liveVersion`` (while an update is rolling out, ``targetVersion`` is the one
it is moving to). gwlint reads GetAgentRuntime and GetAgentRuntimeEndpoint
and states both.

## Symptom
The target does not synchronise (FAILED with a reason about the endpoint),
or tool calls answer "An internal error occurred"; after a redeploy the
gateway still serves the old behaviour because its qualifier's endpoint
still serves the old version.

## Fix
Check the runtime and the endpoint the URL names:

    aws bedrock-agentcore-control get-agent-runtime --agent-runtime-id mcp_server-AbCdEf1234
    aws bedrock-agentcore-control get-agent-runtime-endpoint \
      --agent-runtime-id mcp_server-AbCdEf1234 --endpoint-name DEFAULT

Redeploy a failed runtime, point the target at an endpoint that exists, and
use the runtime ARN (never the endpoint ARN) in the invocation URL:

    {"targetConfiguration": {"mcp": {"mcpServer": {"endpoint":
      "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmcp_server-AbCdEf1234/invocations?qualifier=DEFAULT"}}}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_ENDPOINT,
    GET_RUNTIME,
    Read,
    ask,
    cannot_check,
    fetch_runtime,
    session_region,
)
from gwlint.resolve import RuntimeRef, Where, runtime_refs
from gwlint.rule import Context, Severity, describe_value, rule

RUNTIME_FAILED = ("CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED")
RUNTIME_TRANSIENT = ("CREATING", "UPDATING")


def runtime_not_found(ctx: Context, ref: RuntimeRef) -> Finding:
    """The FAIL for a runtime GetAgentRuntime does not know."""
    return ctx.fail(
        ref.target,
        ref.field,
        f"Runtime {ref.runtime_id} (from {ref.target.label}) does not exist in region "
        f"{ref.region or '(default)'}; AWS also answers ResourceNotFound when a runtime "
        "endpoint ARN is given where the runtime ARN belongs.",
        fix=(
            "List the runtimes (aws bedrock-agentcore-control list-agent-runtimes --region "
            "<region>) and use the runtime's ARN, URL-encoded, in the invocation URL; redeploy "
            "the runtime if it was deleted."
        ),
        resource=ref.runtime_arn,
    )


def _versions(endpoint: dict[str, Any]) -> str:
    live = endpoint.get("liveVersion")
    target = endpoint.get("targetVersion")
    if live is None and target is None:
        return "no version reported"
    if live is None:
        return f"no live version yet (deploying version {target})"
    if target is not None and str(target) != str(live):
        return f"serves version {live} (updating to {target})"
    return f"serves version {live}"


# -- the rule ----------------------------------------------------------------------------

FIX = (
    "Check the runtime and endpoint (aws bedrock-agentcore-control get-agent-runtime / "
    "get-agent-runtime-endpoint), redeploy a failed runtime, and point the target at an "
    "existing endpoint of the runtime ARN (qualifier=DEFAULT unless you created another)."
)


def _serving(endpoint: dict[str, Any] | None) -> Any:
    """The version the endpoint keeps serving, or None when none serves."""
    live = endpoint.get("liveVersion") if endpoint is not None else None
    return live if live not in (None, "") else None


def _runtime_finding(
    ctx: Context, ref: RuntimeRef, runtime: dict[str, Any], endpoint: dict[str, Any] | None
) -> Finding:
    status = runtime.get("status")
    version = runtime.get("agentRuntimeVersion")
    name = f"Runtime {ref.runtime_id}"
    latest = f" (latest version {version})" if version is not None else ""
    if status == "READY":
        return ctx.passed(
            ref.target, ref.field, f"{name} is READY{latest}.", resource=ref.runtime_arn
        )
    reason = runtime.get("failureReason") or "the service gave no failureReason"
    if status in RUNTIME_FAILED:
        return ctx.fail(
            ref.target, ref.field, f"{name} is {status}: {reason}.", resource=ref.runtime_arn
        )
    serving = _serving(endpoint)
    if status == "UPDATING" and serving is not None:
        return ctx.fail(
            ref.target,
            ref.field,
            f"{name} is UPDATING{latest}; endpoint {ref.qualifier} keeps serving version "
            f"{serving} until the update finishes.",
            severity=Severity.WARNING,
            fix="Wait for the update to finish (or use --wait), then re-run gwlint.",
            resource=ref.runtime_arn,
        )
    if status in RUNTIME_TRANSIENT:
        return ctx.fail(
            ref.target,
            ref.field,
            f"{name} is {status}{latest}: "
            + (
                "a runtime is not invocable until it is READY"
                if status == "CREATING"
                else f"endpoint {ref.qualifier} serves no version meanwhile"
            )
            + "; the gateway cannot reach it (a target created now fails its tool sync).",
            fix="Wait until the runtime is READY (gwlint check --live --wait), then create or "
            "synchronise the target.",
            resource=ref.runtime_arn,
        )
    return ctx.fail(
        ref.target,
        ref.field,
        f"{name} has status {describe_value(status)}, not READY.",
        resource=ref.runtime_arn,
    )


def _endpoint_finding(ctx: Context, ref: RuntimeRef, endpoint: dict[str, Any]) -> Finding:
    status = endpoint.get("status")
    label = f"Endpoint {ref.qualifier} of runtime {ref.runtime_id}"
    versions = _versions(endpoint)
    resource = ref.endpoint_resource
    if status == "READY":
        return ctx.passed(
            ref.target, ref.field, f"{label} is READY and {versions}.", resource=resource
        )
    reason = endpoint.get("failureReason") or "the service gave no failureReason"
    if status in RUNTIME_FAILED:
        return ctx.fail(
            ref.target,
            ref.field,
            f"{label} is {status} ({versions}): {reason}.",
            resource=resource,
        )
    if status == "UPDATING" and _serving(endpoint) is not None:
        return ctx.fail(
            ref.target,
            ref.field,
            f"{label} is UPDATING and keeps serving meanwhile: it {versions}.",
            severity=Severity.WARNING,
            fix="Wait for the endpoint update to finish (or use --wait), then re-run gwlint.",
            resource=resource,
        )
    if status in RUNTIME_TRANSIENT:
        return ctx.fail(
            ref.target,
            ref.field,
            f"{label} is {status} and serves no version yet ({versions}); the gateway cannot "
            "reach it.",
            fix="Wait until the endpoint is READY (gwlint check --live --wait), then create or "
            "synchronise the target.",
            resource=resource,
        )
    return ctx.fail(
        ref.target,
        ref.field,
        f"{label} has status {describe_value(status)}, not READY; it {versions}.",
        resource=resource,
    )


@rule(
    id="GW403",
    name="runtime-ready",
    severity=Severity.ERROR,
    summary="the runtime behind a target and its endpoint exist and are READY",
    fix=FIX,
    live=True,
    reads=("runtime", "runtime-endpoint"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    for ref in runtime_refs(ctx.deployment, session_region(ctx)):
        if ref.endpoint_arn_given:
            yield ctx.fail(
                ref.target,
                ref.field,
                f"{ref.target.label} names the runtime endpoint ARN {describe_value(ref.arn, 200)} "
                "where the runtime ARN belongs; AWS answers ResourceNotFound for it.",
                fix=(
                    "Use the runtime ARN (without /runtime-endpoint/…) and choose the endpoint "
                    f"with the qualifier: ?qualifier={ref.arn.split('/runtime-endpoint/')[-1]}."
                ),
                resource=ref.runtime_arn,
            )
            continue
        what = f"runtime {ref.runtime_id}"
        try:
            runtime = fetch_runtime(ctx, ref)
        except NotFound:
            yield runtime_not_found(ctx, ref)
            continue
        except LiveError as exc:
            yield cannot_check(
                ctx, Where(ref.target, ref.field), exc, what, GET_RUNTIME, resource=ref.runtime_arn
            )
            continue
        try:
            endpoint = ask(ctx.facts, Read.runtime_endpoint(ref))
        except NotFound:
            yield _runtime_finding(ctx, ref, runtime, None)
            yield ctx.fail(
                ref.target,
                ref.field,
                f"Runtime {ref.runtime_id} has no endpoint {describe_value(ref.qualifier)} "
                f"(the target's qualifier).",
                fix=(
                    "Use an endpoint the runtime has (aws bedrock-agentcore-control "
                    "list-agent-runtime-endpoints --agent-runtime-id <id>), usually "
                    "qualifier=DEFAULT, or create the endpoint."
                ),
                resource=ref.endpoint_resource,
            )
            continue
        except LiveError as exc:
            yield _runtime_finding(ctx, ref, runtime, None)
            yield cannot_check(
                ctx,
                Where(ref.target, ref.field),
                exc,
                f"endpoint {ref.qualifier} of runtime {ref.runtime_id}",
                GET_ENDPOINT,
                resource=ref.endpoint_resource,
            )
            continue
        yield _runtime_finding(ctx, ref, runtime, endpoint)
        yield _endpoint_finding(ctx, ref, endpoint)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "mcp-target-fetch-tools-failed",
        "pattern": r"Failed to connect and fetch tools from the provided MCP target server",
        "source": (
            "CreateGatewayTarget / CloudFormation GatewayTarget CREATE_FAILED "
            "(aws/agentcore-cli#1254)"
        ),
        "means": (
            "Creating the target, the gateway could not reach the MCP server and list its tools."
        ),
        "cause": (
            "The runtime or its endpoint is not READY yet (CREATING, or failed) when the target "
            "is created."
        ),
        "likelihood": "high",
    },
]
