"""The gateway answers MCP initialize and tools/list over streamable HTTP with these credentials.

## Why
This is the guide's step 4 done as MCP clients do it: ``POST`` to the gateway
URL with ``Content-Type: application/json``, ``Accept: application/json,
text/event-stream`` (without it servers answer 406) and, after
``initialize``, the negotiated ``MCP-Protocol-Version`` and the
``Mcp-Session-Id`` the gateway issued; then ``notifications/initialized`` and
``tools/list``, following ``nextCursor`` to the last page. The version sent
is the newest of the gateway's ``supportedVersions`` that has an initialize
handshake (2025-03-26 when none is configured). Answers are read as JSON or
as an event stream.

CUSTOM_JWT gateways get the token from GW703 as ``Authorization: Bearer``;
AWS_IAM gateways get a SigV4 signature (service ``bedrock-agentcore``) from
the standard AWS credential chain, which needs botocore
(``pip install 'gwlint[live]'``). A refusal is shown with its
``WWW-Authenticate`` header and JSON-RPC error: 401 means the credentials
were rejected (for CUSTOM_JWT the claim GW704 found wrong is named), 403
that the caller is authenticated but not allowed, 404 a wrong URL path, 406
a rewritten Accept header.

Runs with ``gwlint check --probe``, after GW703. No ``tools/call`` is made
here (GW708 does that only when asked).

## Symptom
``401 {"code":-32001,"message":"Invalid Bearer token"}``, ``Missing
Authentication Token``, 403, 406 "Not Acceptable", or a hanging client.

## Fix
Use the gateway URL as GetGateway returns it (ending in ``/mcp``), send the
headers above, and make the token or the IAM identity acceptable to the
gateway (see the claim GW704 names, or allow
``bedrock-agentcore:InvokeGateway`` for AWS_IAM).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from gwlint.findings import Finding, Status
from gwlint.probe.claims import compare
from gwlint.probe.render import finding, locate, not_probing
from gwlint.probe.results import Outcome
from gwlint.probe.session import Probe
from gwlint.rule import Context, Severity, rule


def _claim_problems(ctx: Context, probe: Probe) -> list[str]:
    """The settings GW704 found the token violating (as written): a 401's likely cause."""
    verified = probe.verified_claims()
    discovery = probe.discovery().value
    if not verified.ok or discovery is None:
        return []
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    names = []
    for outcome in compare(verified.value, jwt, discovery.issuer):
        if outcome.status is Status.FAIL:
            node, field = locate(ctx.deployment, outcome.where)
            written = node.origin.fields.get(field) if node is not None and field else None
            names.append(written.rsplit("/", 1)[-1] if written else outcome.where)
    return names


@rule(
    id="GW705",
    name="probe-mcp-tools-list",
    severity=Severity.ERROR,
    summary="The gateway answers MCP initialize and tools/list with the configured credentials",
    fix="Use the gateway's /mcp URL and credentials its authorizer accepts.",
    probe=True,
    requires=("GW703",),
)
def check(ctx: Context) -> Iterator[Finding]:
    probe = ctx.probe
    if probe is None:
        yield not_probing(ctx)
        return
    for outcome in probe.tools().outcomes:
        if outcome.status is Status.FAIL and "HTTP 401" in outcome.message:
            causes = _claim_problems(ctx, probe)
            if causes:
                outcome = _with_cause(outcome, causes)
        yield finding(ctx, outcome)


def _with_cause(outcome: Outcome, causes: list[str]) -> Outcome:
    named = ", ".join(dict.fromkeys(causes))
    return replace(outcome, message=f"{outcome.message} Likely cause (GW704): {named}.")
