"""A gateway enables MCP response streaming and also has interceptors.

## Why
``protocolConfiguration.mcp.streamingConfiguration.enableResponseStreaming``
makes the gateway stream target responses back to the client as they
arrive. Interceptors (``interceptorConfigurations``) run a Lambda function on
each request and response, which needs the whole response; the AgentCore
documentation states that interceptors are not supported together with
response streaming. The API model itself does not encode the conflict, so
this is a warning.

## Symptom
CreateGateway / UpdateGateway is refused, or responses are not streamed (or
not intercepted) once the gateway is READY.

## Fix
Choose one: drop the interceptors, or turn streaming off:

    "protocolConfiguration": {"mcp": {
      "streamingConfiguration": {"enableResponseStreaming": false}}}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.rule import Context, Severity, rule
from gwlint.sources.base import dig

STREAMING = ("protocolConfiguration", "mcp", "streamingConfiguration", "enableResponseStreaming")


@rule(
    id="GW110",
    name="streaming-with-interceptors",
    severity=Severity.WARNING,
    summary="A gateway with response streaming has no interceptors",
    fix="Remove interceptorConfigurations or set enableResponseStreaming to false.",
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or not isinstance(gateway.raw, dict):
        return
    streaming = dig(gateway.raw, STREAMING)
    if streaming is not True:
        return
    pointer = join_pointer(gateway.origin.pointer, *STREAMING)
    interceptors = gateway.raw.get("interceptorConfigurations")
    if isinstance(interceptors, list) and interceptors:
        yield ctx.fail(
            gateway,
            "interceptor_configurations",
            f"the gateway enables response streaming and has {len(interceptors)} "
            "interceptor(s); the AgentCore documentation says interceptors are not supported "
            "with response streaming.",
        )
    else:
        yield ctx.passed(
            gateway, None, "response streaming is enabled with no interceptors", pointer=pointer
        )
