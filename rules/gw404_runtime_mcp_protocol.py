"""The runtime behind an MCP-server target does not speak MCP.

## Why
An ``mcpServer`` target talks MCP (JSON-RPC over streamable HTTP) to its
endpoint: it lists the server's tools when the target is created or
synchronised and forwards tools/call. An AgentCore Runtime serves MCP only
when it was created with ``protocolConfiguration.serverProtocol: MCP``; the
runtime then routes ``/invocations`` to the container's ``/mcp`` on port
8000. With ``HTTP`` (the agent contract: ``/invocations`` on 8080), ``A2A``
or ``AGUI`` the runtime forwards to a different path and port, and the
gateway's MCP requests never reach an MCP server. A runtime deployed
without ``protocolConfiguration`` did not ask for MCP either; the API
documentation does not state the default for an omitted protocol, so gwlint
reports that case as a warning. The protocol is known from the first
GetAgentRuntime, so gwlint judges it in any status (a runtime still
``CREATING`` with the HTTP protocol is reported at once).

## Symptom
Creating or synchronising the target fails (target FAILED, tools/list
through the gateway lacks the server's tools), or tool calls answer
"An internal error occurred".

## Fix
Deploy the MCP server with the MCP protocol (``agentcore configure
--protocol MCP``, or in CreateAgentRuntime/UpdateAgentRuntime):

    {"agentRuntimeName": "mcp_server",
     "protocolConfiguration": {"serverProtocol": "MCP"},
     "...": "…"}

then synchronise the gateway target.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.livecheck import runtime_for, session_region
from gwlint.resolve import runtime_refs
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Redeploy the MCP server runtime with protocolConfiguration.serverProtocol = MCP "
    "(agentcore configure --protocol MCP, or UpdateAgentRuntime), then synchronise the target."
)


@rule(
    id="GW404",
    name="runtime-mcp-protocol",
    severity=Severity.ERROR,
    summary="the runtime behind an MCP-server target uses serverProtocol MCP",
    fix=FIX,
    live=True,
    reads=("runtime",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    for ref in runtime_refs(ctx.deployment, session_region(ctx), kinds=("mcpServer",)):
        name = f"Runtime {ref.runtime_id}"
        runtime = runtime_for(ctx, ref, "protocol")
        if isinstance(runtime, Finding):
            yield runtime
            continue
        config = runtime.get("protocolConfiguration")
        protocol = config.get("serverProtocol") if isinstance(config, dict) else None
        if protocol == "MCP":
            yield ctx.passed(
                ref.target,
                ref.field,
                f"{name} serves MCP (serverProtocol MCP).",
                resource=ref.runtime_arn,
            )
        elif protocol is None:
            yield ctx.fail(
                ref.target,
                ref.field,
                f"{name} has no protocolConfiguration.serverProtocol (not set); an MCP-server "
                "target needs a runtime deployed with serverProtocol MCP.",
                severity=Severity.WARNING,
                resource=ref.runtime_arn,
            )
        else:
            yield ctx.fail(
                ref.target,
                ref.field,
                f"{name} uses serverProtocol {describe_value(protocol)}, but an MCP-server "
                "target needs MCP.",
                resource=ref.runtime_arn,
            )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": (
            "The runtime serves HTTP (or A2A, AGUI) rather than MCP, so no MCP server answers."
        ),
        "likelihood": "medium",
    },
]
