"""An MCP server target's tool listing settings do not fit its other settings.

## Why
An ``mcpServer`` target has three optional listing settings:

- ``mcpToolSchema`` supplies the server's tool list yourself instead of the
  gateway discovering it. The API accepts it only when the target's
  credential provider is OAUTH with ``grantType: AUTHORIZATION_CODE`` (3LO),
  where the gateway cannot list tools on a user's behalf in advance.
- ``listingMode`` is ``DEFAULT`` (the gateway synchronises and caches the
  server's tools) or ``DYNAMIC`` (it asks the server on each listing). The
  developer guide says DYNAMIC listing does not work together with the
  gateway's semantic search (``searchType: SEMANTIC``) or with 3LO.
- ``resourcePriority`` is an integer from 0 to 1000 (default 1000).

## Symptom
CreateGatewayTarget is rejected with a ValidationException, or with
DYNAMIC listing the semantic search tool and 3LO tools do not list the
server's tools.

## Fix
Drop ``mcpToolSchema`` unless the target uses an authorization-code OAuth
provider, keep ``listingMode`` to ``DEFAULT`` on semantic-search gateways:

    "mcpServer": {
      "endpoint": "https://mcp.example.com/mcp",
      "listingMode": "DEFAULT",
      "resourcePriority": 100
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule

from .gw216_credential_provider_allowed import is_three_legged

LISTING_MODES = ("DEFAULT", "DYNAMIC")


def _three_legged(target: Target) -> bool:
    return any(is_three_legged(p) for p in target.credential_providers or [])


def _describe_credentials(target: Target) -> str:
    providers = target.credential_providers or []
    if not providers:
        return "no credential provider"
    kinds = []
    for provider in providers:
        kind = str(provider.provider_type)
        if kind == "OAUTH" and isinstance(provider.oauth, dict):
            kind += f" ({provider.oauth.get('grantType', 'CLIENT_CREDENTIALS')})"
        kinds.append(kind)
    return ", ".join(kinds)


def _tool_schema(ctx: Context, target: Target) -> Iterator[Finding]:
    if _three_legged(target):
        yield ctx.passed(
            target,
            "mcp_tool_schema",
            "mcpToolSchema is used with an OAUTH authorization-code provider",
        )
        return
    yield ctx.fail(
        target,
        "mcp_tool_schema",
        "mcpToolSchema is supported only with an OAUTH credential provider using grantType "
        f"AUTHORIZATION_CODE; this target has {_describe_credentials(target)}.",
        fix="Remove mcpToolSchema and let the gateway discover the tools, or use an OAUTH "
        "provider with grantType AUTHORIZATION_CODE.",
    )


def _listing_mode(ctx: Context, target: Target) -> Iterator[Finding]:
    mode = target.listing_mode
    if mode not in LISTING_MODES:
        hint = ""
        if isinstance(mode, str) and mode.upper() in LISTING_MODES:
            hint = f" (write it upper-case: {mode.upper()})"
        yield ctx.fail(
            target,
            "listing_mode",
            f"listingMode {describe_value(mode)} is not DEFAULT or DYNAMIC{hint}.",
        )
        return
    if mode == "DEFAULT":
        yield ctx.passed(target, "listing_mode", "listingMode DEFAULT")
        return
    problems = 0
    gateway = ctx.deployment.gateway
    if gateway is not None and gateway.search_type == "SEMANTIC":
        problems += 1
        yield ctx.fail(
            target,
            "listing_mode",
            f"listingMode DYNAMIC does not work with semantic search, which {gateway.label} "
            "enables (searchType SEMANTIC).",
            fix="Use listingMode DEFAULT, or turn semantic search off on the gateway.",
            severity=Severity.WARNING,
        )
    if _three_legged(target):
        problems += 1
        yield ctx.fail(
            target,
            "listing_mode",
            "listingMode DYNAMIC does not work with an OAUTH authorization-code (3LO) provider.",
            fix="Use listingMode DEFAULT with 3LO targets.",
            severity=Severity.WARNING,
        )
    if gateway is None:
        yield ctx.skip(
            "not checked: listingMode DYNAMIC conflicts with semantic search, and the gateway "
            "(searchType) is not in this input",
            target,
        )
    elif not problems:
        yield ctx.passed(
            target,
            "listing_mode",
            "listingMode DYNAMIC on a gateway without semantic search and without 3LO",
        )


def _priority(ctx: Context, target: Target) -> Iterator[Finding]:
    value = target.resource_priority
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
        yield ctx.passed(target, "resource_priority", f"resourcePriority {value} is within 0–1000")
        return
    yield ctx.fail(
        target,
        "resource_priority",
        f"resourcePriority {describe_value(value)} is not an integer from 0 to 1000.",
        fix="Set resourcePriority to an integer from 0 to 1000 (1000 when left out).",
    )


@rule(
    id="GW218",
    name="listing-mode",
    severity=Severity.ERROR,
    summary="MCP server listing settings (mcpToolSchema, listingMode, resourcePriority) are valid",
    fix=(
        "Use mcpToolSchema only with an OAUTH AUTHORIZATION_CODE provider; set listingMode to "
        "DEFAULT or DYNAMIC (DEFAULT with semantic search or 3LO); keep resourcePriority "
        "within 0–1000."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if "mcpServer" not in target.kinds:
            continue
        if target.has("mcp_tool_schema"):
            yield from _tool_schema(ctx, target)
        if target.has("listing_mode"):
            yield from _listing_mode(ctx, target)
        if target.has("resource_priority"):
            yield from _priority(ctx, target)
