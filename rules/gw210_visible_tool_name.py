"""The tool name clients see is too long, has odd characters, or cannot be split.

## Why
A gateway does not publish a target's tools under their own names: clients
see ``{targetName}___{toolName}`` (three underscores). Agents built on
Bedrock's Converse API pass that name on as a tool name, and Converse only
accepts ``[a-zA-Z0-9_-]{1,64}``; many other MCP clients apply the same
limits. A tool name that already contains ``___`` makes the visible name
ambiguous for a Lambda handler that strips the prefix by splitting on the
separator.

## Symptom
``tools/list`` works, but the agent's model call fails with a validation
error on the tool name, or the agent never sees the tool; a handler that
splits on ``___`` dispatches to the wrong tool.

## Fix
Keep target and tool names short and plain so that
``len(target) + 3 + len(tool) <= 64``, using only letters, digits, ``_``
and ``-``, and never ``___`` inside a tool name:

    target "security", tool "check_services"  ->  "security___check_services" (25 characters)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gwlint.awsformats import TOOL_NAME_SEPARATOR, TOOL_NAME_VISIBLE
from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule

LIMIT = 64
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]")
#: The shortest visible prefix: a one-character target name plus the separator.
MIN_PREFIX = 1 + len(TOOL_NAME_SEPARATOR)


def _bad_chars(name: str) -> list[str]:
    return sorted(set(_NOT_ALLOWED.findall(name)))


@rule(
    id="GW210",
    name="visible-tool-name",
    severity=Severity.WARNING,
    summary="Visible tool names ({target}___{tool}) fit [A-Za-z0-9_-]{1,64}",
    fix=(
        "Shorten the target or tool name so that target + '___' + tool is at most 64 "
        "characters, use only letters, digits, '_' and '-', and do not put '___' in a tool name."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if not target.tools:
            continue
        prefix = target.name if isinstance(target.name, str) and target.name else None
        for tool in target.tools:
            name = tool.name
            if not isinstance(name, str) or not name:
                continue  # GW208 reports missing or malformed names
            problems = 0
            bad = _bad_chars(name)
            if bad:
                problems += 1
                shown = ", ".join(repr(ch) for ch in bad)
                yield ctx.fail(
                    tool,
                    "name",
                    f"tool name '{name}' contains {shown}; visible tool names may only use "
                    "letters, digits, '_' and '-'.",
                    resource=target.label,
                )
            if TOOL_NAME_SEPARATOR in name:
                problems += 1
                yield ctx.fail(
                    tool,
                    "name",
                    f"tool name '{name}' contains '___', the separator the gateway puts between "
                    "target and tool name; the visible name cannot be split unambiguously.",
                    resource=target.label,
                )
            if prefix is not None:
                visible = f"{prefix}{TOOL_NAME_SEPARATOR}{name}"
                if len(visible) > LIMIT:
                    problems += 1
                    yield ctx.fail(
                        tool,
                        "name",
                        f"visible tool name '{visible}' is {len(visible)} characters; "
                        f"clients such as Bedrock Converse accept at most {LIMIT}.",
                        resource=target.label,
                    )
                elif not problems and TOOL_NAME_VISIBLE.match(visible):
                    yield ctx.passed(
                        tool,
                        "name",
                        f"visible tool name '{visible}' ({len(visible)} characters) fits "
                        f"[A-Za-z0-9_-]{{1,{LIMIT}}}",
                        resource=target.label,
                    )
            elif len(name) + MIN_PREFIX > LIMIT:
                yield ctx.fail(
                    tool,
                    "name",
                    f"tool name '{name}' is {len(name)} characters; with the target name and "
                    f"'___' in front (at least {MIN_PREFIX} more) the visible name exceeds "
                    f"{LIMIT} characters.",
                    resource=target.label,
                )
            elif not problems:
                room = LIMIT - len(TOOL_NAME_SEPARATOR) - len(name)
                yield ctx.passed(
                    tool,
                    "name",
                    f"tool name '{name}' ({len(name)} characters) is plain; the target name is "
                    f"not known here and adds its length plus 3 ('___'), so it may have at most "
                    f"{room} character{'s' if room != 1 else ''}",
                    resource=target.label,
                )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "tool-name-length",
        "pattern": r"Tool name must be between 1 and 64 characters",
        "source": (
            "CreateGatewayTarget ValidationException (bedrock-agentcore-starter-toolkit#308, "
            "CrowdStrike/falcon-mcp#332)"
        ),
        "means": "A tool name the gateway would publish is empty or longer than 64 characters.",
        "cause": (
            "{target}___{tool} is longer than 64 characters (a long target name or tool name)."
        ),
        "likelihood": "high",
    },
]
