"""Every tool name the gateway lists fits [A-Za-z0-9_-]{1,64}.

## Why
GW210 checks the names it can see in the config; this rule checks the names
the gateway actually lists, including those an MCP server target reports at
synchronization, which no config shows. Bedrock's Converse API accepts only
tool names matching ``[a-zA-Z0-9_-]{1,64}`` (botocore bedrock-runtime model)
and many MCP clients apply the same limit, so a ``{target}___{tool}`` name
over 64 characters breaks the agent, not the gateway (reported:
CrowdStrike/falcon-mcp#332, a 67-character name). It warns for that reason.

Runs with ``gwlint check --probe``, after GW705.

## Symptom
``tools/list`` works, but the model call fails with a validation error on
the tool name, or the agent drops the tool.

## Fix
Shorten the target name or the server's tool name so that
``len(target) + 3 + len(tool) <= 64``, with only letters, digits, ``_`` and ``-``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import TOOL_NAME_SEPARATOR, TOOL_NAME_VISIBLE
from gwlint.findings import Finding
from gwlint.probe.render import findings, listed_tools
from gwlint.probe.results import Step, failed, passed
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW707",
    name="probe-tool-names",
    severity=Severity.WARNING,
    summary="Every listed tool name fits [A-Za-z0-9_-]{1,64}",
    fix="Shorten the target or tool name to at most 64 characters of [A-Za-z0-9_-].",
    probe=True,
    requires=("GW705",),
)
def check(ctx: Context) -> Iterator[Finding]:
    names, reasons = listed_tools(ctx)
    if names is None or ctx.probe is None:
        yield from reasons
        return
    where = ctx.probe.gateway_url[1]
    targets = {t.name: t for t in ctx.deployment.targets if isinstance(t.name, str)}
    bad = [n for n in names if not TOOL_NAME_VISIBLE.match(n)]
    for name in bad:
        owner = targets.get(name.split(TOOL_NAME_SEPARATOR, 1)[0])
        reason = f"{len(name)} characters" if len(name) > 64 else "characters outside [A-Za-z0-9_-]"
        message = f"Listed tool name {name!r} has {reason}."
        if owner is None:
            fix = "Shorten the name to at most 64 characters of [A-Za-z0-9_-]."
            yield from findings(ctx, Step([failed(where, message, fix)]))
        else:
            yield ctx.fail(owner, "name", message)
    if not bad:
        summary = f"{len(names)} listed tool name(s) fit [A-Za-z0-9_-]{{1,64}}"
        yield from findings(ctx, Step([passed(where, summary)]))
