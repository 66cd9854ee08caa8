"""The one tool named with --probe-call answers tools/call without an error.

## Why
Listing tools proves the gateway's side; calling one proves the target's:
the gateway's credentials for the target, the Lambda's or server's handler,
the tool's input schema. A call may have side effects, so the probe makes
none unless the user names one tool: ``--probe-call NAME`` (the listed
name, with its ``{target}___`` prefix) and its arguments as
``--probe-args JSON``. The tool's output is not printed, only how many
content items of which types came back.

Runs with ``gwlint check --probe``, after GW705; skipped without
``--probe-call``.

## Symptom
``tools/list`` works but calls answer "An internal error occurred" or
``isError: true`` (reported: awslabs/agentcore-samples#809).

## Fix
Fix what the error names: the target's credential provider, the Lambda's
permissions or handler (it receives the arguments as its event and the
prefixed tool name in ``context.client_context.custom``), or the arguments.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding
from gwlint.probe.render import step_findings
from gwlint.rule import Context, Severity, rule


@rule(
    id="GW708",
    name="probe-tool-call",
    severity=Severity.ERROR,
    summary="The tool named with --probe-call answers tools/call without an error",
    fix="Fix the target's credentials, handler or the arguments the error names.",
    probe=True,
    requires=("GW705",),
)
def check(ctx: Context) -> Iterator[Finding]:
    return step_findings(ctx, lambda probe: probe.call())
