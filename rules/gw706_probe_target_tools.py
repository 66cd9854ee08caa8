"""Every target of the deployment has tools in the gateway's tools/list.

## Why
The gateway lists each target's tools as ``{targetName}___{toolName}``. A
target whose tools are missing from ``tools/list`` gives the agent nothing
to call, while the listing itself succeeds, so nothing else reports it.
The usual causes: the target is FAILED or still synchronizing (its
``statusReasons`` say why; ``--live`` rule GW402 reads them), the MCP server
behind it is unreachable from the gateway or answers no tools, or the
target's tool schema is empty.

Runs with ``gwlint check --probe``, after GW705, for each named target of
the deployment (a target without a name in the input is skipped: the
service generates its name).

## Symptom
``tools/list`` works but the agent never sees the target's tools; calls to
them answer "Unknown tool".

## Fix
Check the target: ``aws bedrock-agentcore-control get-gateway-target
--gateway-identifier GW --target-id T`` (status, statusReasons), make its
server reachable or its schema non-empty, then synchronize:
``aws bedrock-agentcore-control synchronize-gateway-targets
--gateway-identifier GW --target-id-list T``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import TOOL_NAME_SEPARATOR
from gwlint.findings import Finding
from gwlint.probe.render import listed_tools
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW706",
    name="probe-target-tools",
    severity=Severity.ERROR,
    summary="Every target of the deployment has tools under {target}___ in tools/list",
    fix="Check the target's status and statusReasons, its server and schema; then synchronize.",
    probe=True,
    requires=("GW705",),
)
def check(ctx: Context) -> Iterator[Finding]:
    names, reasons = listed_tools(ctx)
    if names is None:
        yield from reasons
        return
    if not ctx.deployment.targets:
        yield ctx.skip("the input lists no targets to look for", ctx.deployment.gateway)
        return
    for target in ctx.deployment.targets:
        if not isinstance(target.name, str) or not target.name:
            yield ctx.skip(
                "target without a name in this input: its listed name is unknown", target
            )
            continue
        prefix = target.name + TOOL_NAME_SEPARATOR
        mine = [n for n in names if n.startswith(prefix)]
        if mine:
            yield ctx.passed(target, "name", f"{len(mine)} tool(s) listed under {prefix}")
            continue
        yield ctx.fail(
            target,
            "name",
            f"tools/list shows no tool under {prefix} ({len(names)} tool(s) listed in all): the "
            "target is FAILED or synchronizing, its server is unreachable from the gateway, or "
            "its schema lists no tools.",
        )
