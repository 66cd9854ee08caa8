"""The gateway's MCP protocol versions are not ones AgentCore documents.

## Why
``protocolConfiguration.mcp.supportedVersions`` lists the MCP protocol
versions the gateway will negotiate; a client whose ``initialize`` (or, for
2026-07-28, ``MCP-Protocol-Version``) asks for another version is turned away.
The AgentCore documentation currently lists ``2025-03-26``, ``2025-06-18``,
``2025-11-25`` and ``2026-07-28`` (earlier pages listed only the first one or
two). The API model types the list as plain strings, so a typo (``2025-6-18``,
``2025-06-18 ``), a draft name or an empty list is only noticed when clients
fail to connect.

This is a warning: AWS may add versions before gwlint learns about them. If
the field is left out the gateway uses its default set.

## Symptom
The MCP client's ``initialize`` fails with a protocol-version error, or the
client silently falls back to an older version and misses features.

## Fix
List versions from the documented set, newest your clients support first:

    {"protocolConfiguration": {"mcp": {"supportedVersions": ["2025-06-18", "2025-03-26"]}}}
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.rule import Context, Severity, describe_value, rule

KNOWN_VERSIONS = ("2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28")
#: Earlier MCP specification revisions, which AgentCore Gateway has never listed.
OLDER_VERSIONS = frozenset({"2024-11-05", "2024-10-07"})
_DATE = re.compile(r"^\s*(\d{4})\D{0,2}(\d{1,2})\D{0,2}(\d{1,2})\s*$")


def normalised(version: str) -> str | None:
    """``version`` as YYYY-MM-DD when it is a date written another way (2025-6-18, 20250618)."""
    match = _DATE.match(version)
    if match is None:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


@rule(
    id="GW109",
    name="mcp-supported-versions",
    severity=Severity.WARNING,
    summary="Gateway supportedVersions lists only documented MCP protocol versions",
    fix=(
        "List MCP versions AgentCore documents: 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28 "
        "(or leave supportedVersions out for the default)."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or not gateway.has("supported_versions"):
        return
    versions = gateway.supported_versions
    if not isinstance(versions, list):
        yield ctx.fail(
            gateway,
            "supported_versions",
            f"supportedVersions is {describe_value(versions)}, not an array of version strings.",
            fix='Write a list: "supportedVersions": ["2025-06-18", "2025-03-26"].',
            severity=Severity.ERROR,
        )
        return
    if not versions:
        yield ctx.fail(
            gateway,
            "supported_versions",
            "supportedVersions is empty: no MCP client could negotiate a protocol version.",
            fix='List at least one version, e.g. ["2025-06-18"], or remove the field.',
        )
        return
    base = gateway.origin.pointer_for("supported_versions")
    bad = 0
    for index, version in enumerate(versions):
        if version in KNOWN_VERSIONS:
            continue
        bad += 1
        pointer = join_pointer(base, index)
        if not isinstance(version, str):
            yield ctx.fail(
                gateway,
                "supported_versions",
                f"supportedVersions[{index}] is {describe_value(version)}, not a version string.",
                severity=Severity.ERROR,
                pointer=pointer,
            )
            continue
        meant = normalised(version)
        if meant in KNOWN_VERSIONS:
            hint = f"; did you mean '{meant}'?"
        elif version.strip() in OLDER_VERSIONS:
            hint = "; it is an older MCP revision AgentCore Gateway does not list."
        else:
            hint = "."
        yield ctx.fail(
            gateway,
            "supported_versions",
            f"supportedVersions[{index}] {describe_value(version)} is not an MCP version "
            f"AgentCore documents ({', '.join(KNOWN_VERSIONS)}){hint}",
            fix=f'Write "{meant}".' if meant in KNOWN_VERSIONS else None,
            pointer=pointer,
        )
    if not bad:
        yield ctx.passed(
            gateway,
            "supported_versions",
            "supportedVersions lists documented MCP versions: " + ", ".join(versions),
        )
