"""Two inline tools of one target share a name.

## Why
The gateway publishes each tool as ``{target}___{tool}``; within a target the
tool name is the only thing that tells two tools apart. With two definitions
of the same name, only one can be listed and called, and which one is not
up to you.

## Symptom
``tools/list`` shows fewer tools than the target defines, or calls reach the
Lambda with the arguments of the other definition; the target may also fail
to create or synchronise.

## Fix
Rename one of the tools, and branch on the new name in the Lambda handler
(it receives the prefixed name in
``context.client_context.custom["bedrockAgentCoreToolName"]``):

    "tools": [
      {"name": "get_weather", "description": "Weather now",
       "inputSchema": {"type": "object"}},
      {"name": "get_forecast", "description": "Weather in 3 days",
       "inputSchema": {"type": "object"}}
    ]
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW209",
    name="tool-names-unique",
    severity=Severity.ERROR,
    summary="Tool names are unique within each target",
    fix="Give every tool of a target its own name and dispatch on it in the handler.",
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if not target.tools:
            continue
        first: dict[str, int] = {}
        duplicated = False
        for index, tool in enumerate(target.tools):
            name = tool.name
            if not isinstance(name, str) or not name:
                continue  # GW208 reports missing or malformed names
            if name in first:
                duplicated = True
                yield ctx.fail(
                    tool,
                    "name",
                    f"tool name '{name}' is already used by tool {first[name]} of this target; "
                    "tool names must be unique within a target.",
                    resource=target.label,
                )
            else:
                first[name] = index
        if first and not duplicated:
            node = target.tool_schema if target.tool_schema is not None else target
            count = len(first)
            yield ctx.passed(
                node,
                "inline",
                f"{count} tool name{'s are' if count != 1 else ' is'} unique within the target",
                resource=target.label,
            )
