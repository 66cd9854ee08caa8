"""Probe outcomes as findings, located at the configuration value each one names."""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.findings import Finding, Status
from gwlint.model import Deployment, Node
from gwlint.probe.results import Outcome, Step
from gwlint.rule import Context


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
