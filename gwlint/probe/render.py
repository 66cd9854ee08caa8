"""Probe outcomes as findings, located at the configuration value each one names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from gwlint.findings import Finding, Status
from gwlint.model import Deployment, Node
from gwlint.probe.results import Outcome, Step, blocked
from gwlint.rule import Context

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.probe.session import Probe


def locate(deployment: Deployment, where: str) -> tuple[Node | None, str | None]:
    """``"client.client_secret"`` -> (the client node, "client_secret"); parents as fallback."""
    section, _, field = where.partition(".")
    gateway, client = deployment.gateway, deployment.client
    nodes: dict[str, Node | None] = {
        "client": client,
        "gateway": gateway,
        "jwt": (gateway.jwt or gateway) if gateway is not None else None,
    }
    node = nodes.get(section)
    if node is None:
        return (gateway or client), None
    return node, field or None


def finding(ctx: Context, outcome: Outcome, resource: str | None = None) -> Finding:
    node, field = locate(ctx.deployment, outcome.where)
    label = resource or (ctx.probe.label if ctx.probe is not None else None)
    if outcome.status is Status.PASS:
        return ctx.passed(node, field, outcome.message, resource=label)
    if outcome.status is Status.FAIL:
        return ctx.fail(
            node, field, outcome.message, fix=outcome.fix, severity=outcome.severity, resource=label
        )
    if outcome.status is Status.ERROR:
        return ctx.error(node, field, outcome.message, fix=outcome.fix, resource=label)
    return ctx.skip(outcome.message, node, resource=label)


def findings(ctx: Context, step: Step) -> Iterator[Finding]:
    for outcome in step.outcomes:
        yield finding(ctx, outcome)


def not_probing(ctx: Context) -> Finding:
    """Rules run without --probe only through the Python API: say so, never pass."""
    return ctx.skip("not probed: run gwlint check --probe")


def step_findings(ctx: Context, pick: Callable[[Probe], Step]) -> Iterator[Finding]:
    """The findings of one probe step (a skip when the rule runs without a probe)."""
    if ctx.probe is None:
        yield not_probing(ctx)
        return
    yield from findings(ctx, pick(ctx.probe))


def listed_tools(ctx: Context) -> tuple[list[str] | None, list[Finding]]:
    """The tool names tools/list returned, or the findings saying why there are none."""
    if ctx.probe is None:
        return None, [not_probing(ctx)]
    listed = ctx.probe.tools()
    if not listed.ok:
        where = ctx.probe.gateway_url[1]
        step = blocked(where, "GW705", "probe-mcp-tools-list", "no tool list")
        return None, list(findings(ctx, step))
    names: list[str] = listed.value.names
    return names, []
