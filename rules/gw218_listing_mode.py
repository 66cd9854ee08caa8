"""An MCP server target's tool listing settings are malformed or conflict.

## Why
An ``mcpServer`` target has three optional listing settings:

- ``listingMode`` is ``DEFAULT`` (the gateway synchronises the server's
  tools when the target is created or updated, and on
  SynchronizeGatewayTargets, and serves them from its catalogue) or
  ``DYNAMIC`` (it forwards each listing to the server). The developer guide
  says DYNAMIC mode does not work together with the gateway's semantic
  search (``searchType: SEMANTIC``) or with outbound three-legged OAuth
  (an OAUTH provider with ``grantType: AUTHORIZATION_CODE``).
- ``mcpToolSchema`` gives a static tool list, inline or from S3 (exactly one
  of the two). With it the gateway stops discovering the server's tools, so
  ``DYNAMIC`` listing has nothing to do. Older API models (botocore 1.43 and
  earlier) documented ``mcpToolSchema`` as supported only with an
  authorization-code OAuth provider; the current model accepts it with every
  credential provider, so gwlint no longer checks that pairing.
- ``resourcePriority`` is an integer from 0 to 1000 (lower wins when targets
  share resource URIs; 1000 when left out).

## Symptom
CreateGatewayTarget is rejected with a ValidationException (an unknown
listing mode, a priority out of range, a malformed tool list), or with
DYNAMIC listing the semantic search tool and 3LO targets do not show the
server's tools.

## Fix
Use ``DEFAULT`` listing on semantic-search gateways and with 3LO, and keep
the priority in range:

    "mcpServer": {
      "endpoint": "https://mcp.example.com/mcp",
      "listingMode": "DEFAULT",
      "resourcePriority": 100
    }
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from gwlint import apispec
from gwlint.awsformats import S3_URI
from gwlint.credentials import is_three_legged
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule

LISTING_MODES = apispec.enum("ListingMode")
_PRIORITY = apispec.shape("TargetResourcePriority")
PRIORITY_MIN, PRIORITY_MAX = _PRIORITY["min"], _PRIORITY["max"]


def _three_legged(target: Target) -> bool:
    return any(is_three_legged(p) for p in target.credential_providers or [])


def _tool_schema(ctx: Context, target: Target) -> Iterator[Finding]:
    schema = target.mcp_tool_schema
    here = target.origin.pointer_for("mcp_tool_schema")
    members = [k for k in ("inlinePayload", "s3") if isinstance(schema, dict) and k in schema]
    if len(members) != 1:
        what = "both inlinePayload and s3" if len(members) > 1 else "neither inlinePayload nor s3"
        if not isinstance(schema, dict):
            what = f"{describe_value(schema)}, not an object with inlinePayload or s3"
        yield ctx.fail(
            target,
            "mcp_tool_schema",
            f"mcpToolSchema has {what}; it takes exactly one of them.",
            fix='Give the static tool list inline ("inlinePayload": JSON text) or as '
            '"s3": {"uri": "s3://bucket/tools.json"}.',
        )
        return
    assert isinstance(schema, dict)
    if members == ["s3"]:
        s3 = schema["s3"]
        uri = s3.get("uri") if isinstance(s3, dict) else None
        if not isinstance(uri, str) or not S3_URI.match(uri):
            yield ctx.fail(
                target,
                None,
                f"mcpToolSchema.s3.uri {describe_value(uri)} is not an s3:// URI.",
                pointer=join_pointer(here, "s3", "uri")
                if isinstance(s3, dict) and "uri" in s3
                else join_pointer(here, "s3"),
                fix="Use s3://bucket/key for the JSON file holding the tool list.",
            )
            return
    else:
        text = schema["inlinePayload"]
        problem = None
        if not isinstance(text, str) or not text.strip():
            problem = f"is {describe_value(text)}, not the tool list as JSON text"
        else:
            try:
                json.loads(text)
            except ValueError as exc:
                problem = f"is not valid JSON ({exc})"
        if problem is not None:
            yield ctx.fail(
                target,
                None,
                f"mcpToolSchema.inlinePayload {problem}.",
                pointer=join_pointer(here, "inlinePayload"),
                fix="Give the static tool list as a JSON string (json.dumps of the MCP tools).",
            )
            return
    yield ctx.passed(
        target,
        "mcp_tool_schema",
        "mcpToolSchema gives a static tool list (the gateway does not discover or synchronise "
        "this server's tools)",
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
    if target.has("mcp_tool_schema"):
        problems += 1
        yield ctx.fail(
            target,
            "listing_mode",
            "listingMode DYNAMIC has no effect with mcpToolSchema: a static tool list turns "
            "the gateway's tool discovery off.",
            fix="Drop mcpToolSchema to list the server's tools dynamically, or use "
            "listingMode DEFAULT.",
            severity=Severity.WARNING,
        )
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
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and PRIORITY_MIN <= value <= PRIORITY_MAX
    ):
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
        "Set listingMode to DEFAULT or DYNAMIC (DEFAULT with semantic search, 3LO or "
        "mcpToolSchema); give mcpToolSchema as inlinePayload (JSON text) or s3.uri; keep "
        "resourcePriority within 0–1000."
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
