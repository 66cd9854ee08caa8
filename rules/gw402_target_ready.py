r"""A gateway target is missing, failed, or waiting for authorization.

## Why
A gateway serves the tools of its targets only when each target is
``READY``. When the gateway creates, updates or synchronises a target it
contacts the backend (it lists the MCP server's tools, dry-runs the Lambda
invoke, fetches the schema); if that fails the target ends in ``FAILED``,
``UPDATE_UNSUCCESSFUL`` or ``SYNCHRONIZE_UNSUCCESSFUL`` and the service says
why in ``statusReasons``. A target whose OAuth credential provider uses the
authorization-code grant (3LO) stops in ``CREATE_PENDING_AUTH``,
``UPDATE_PENDING_AUTH`` or ``SYNCHRONIZE_PENDING_AUTH`` until a user opens
the authorization URL the service returns in ``authorizationData.oauth2``.

gwlint lists the targets of the gateway the config names
(ListGatewayTargets) and reads each one (GetGatewayTarget). Targets written
in the config are matched by name; a config target that is not on the
gateway was never created (or was created under another name).

## Symptom
tools/list through the gateway lacks the target's tools
(``{targetName}___{tool}``), or tools/call answers "Internal Server Error"
or "An internal error occurred".

## Fix
Read the target and its reasons:

    aws bedrock-agentcore-control get-gateway-target --gateway-identifier mygateway-abcdefghij \
      --target-id ABCDEFGHIJ --query '{status: status, reasons: statusReasons}'

Fix what the reasons name (runtime not READY, role cannot invoke the Lambda,
endpoint not reachable), then update or synchronise the target
(``synchronize-gateway-targets``). For ``*_PENDING_AUTH`` open
``authorizationData.oauth2.authorizationUrl`` as the user the target acts
for. A target missing from the gateway must be created with the name the
config uses:

    {"gatewayIdentifier": "mygateway-abcdefghij", "name": "security-mcp",
     "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": "https://…/invocations?qualifier=DEFAULT"}}}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.facts import LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_TARGET,
    LIST_TARGETS,
    Read,
    ask,
    cannot_check,
    reasons_text,
    session_region,
    skip_at,
)
from gwlint.model import Node, Target
from gwlint.resolve import GatewayRef, Where, gateway_refs
from gwlint.rule import Context, Severity, describe_value, rule

TARGET_FAILED = ("FAILED", "UPDATE_UNSUCCESSFUL", "SYNCHRONIZE_UNSUCCESSFUL")
TARGET_PENDING_AUTH = ("CREATE_PENDING_AUTH", "UPDATE_PENDING_AUTH", "SYNCHRONIZE_PENDING_AUTH")
TARGET_TRANSIENT = ("CREATING", "UPDATING", "SYNCHRONIZING")

FIX = (
    "Read the target's statusReasons (aws bedrock-agentcore-control get-gateway-target "
    "--gateway-identifier <gateway-id> --target-id <target-id>), fix what they name, then "
    "update or synchronise the target; for *_PENDING_AUTH complete the OAuth authorization "
    "at authorizationData.oauth2.authorizationUrl."
)


def _pending_auth_message(label: str, status: str, target: dict[str, Any]) -> str:
    oauth2 = (target.get("authorizationData") or {}).get("oauth2") or {}
    has_url = isinstance(oauth2, dict) and bool(oauth2.get("authorizationUrl"))
    where = (
        "the authorization URL is in GetGatewayTarget's authorizationData.oauth2.authorizationUrl"
        if has_url
        else "the service returned no authorization URL (authorizationData is empty)"
    )
    return (
        f"{label} is {status}: its OAuth authorization-code (3LO) credential provider is "
        f"waiting for a user to authorize access; {where}."
    )


def _status_finding(
    ctx: Context,
    node: Node | None,
    field: str | None,
    label: str,
    target: dict[str, Any],
    resource: str,
) -> Finding:
    status = target.get("status")
    if status == "READY":
        return ctx.passed(node, field, f"{label} is READY.", resource=resource)
    if status in TARGET_FAILED:
        return ctx.fail(
            node,
            field,
            f"{label} is {status}: {reasons_text(target.get('statusReasons'))}.",
            resource=resource,
        )
    if isinstance(status, str) and status in TARGET_PENDING_AUTH:
        return ctx.fail(
            node,
            field,
            _pending_auth_message(label, status, target),
            fix=(
                "Open authorizationData.oauth2.authorizationUrl (aws bedrock-agentcore-control "
                "get-gateway-target …) as the user the target acts for and complete the consent; "
                "the target then becomes READY."
            ),
            resource=resource,
        )
    if status in TARGET_TRANSIENT:
        return ctx.fail(
            node,
            field,
            f"{label} is {status}, not READY yet; run gwlint again when it settles.",
            severity=Severity.WARNING,
            fix="Wait for the operation to finish, then re-run gwlint.",
            resource=resource,
        )
    if status == "DELETING":
        return ctx.fail(node, field, f"{label} is DELETING.", resource=resource)
    return ctx.fail(
        node,
        field,
        f"{label} has status {describe_value(status)}, not READY: "
        f"{reasons_text(target.get('statusReasons'))}.",
        severity=Severity.WARNING,
        resource=resource,
    )


def _check_gateway(
    ctx: Context, ref: GatewayRef, config_targets: list[Target]
) -> Iterator[Finding]:
    assert ctx.facts is not None
    what = f"the targets of gateway {ref.identifier}"
    try:
        summaries = ask(ctx.facts, Read.targets(ref.identifier, ref.region))
    except NotFound:
        yield skip_at(
            ctx,
            ref.node,
            ref.field,
            f"targets not checked: gateway {ref.identifier} does not exist (see GW401).",
            resource=ref.identifier,
        )
        return
    except LiveError as exc:
        where = Where(ref.node, ref.field)
        yield cannot_check(ctx, where, exc, what, LIST_TARGETS, resource=ref.identifier)
        return
    live_by_name: dict[str, dict[str, Any]] = {}
    for item in summaries:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            live_by_name.setdefault(item["name"], item)
    matched: set[str] = set()
    located: list[tuple[Node | None, str | None, str, dict[str, Any] | None]] = []
    for target in config_targets:
        name = target.name
        if isinstance(name, str) and name:
            summary = live_by_name.get(name)
            if summary is not None:
                matched.add(name)
            located.append((target, "name", name, summary))
    for name, summary in sorted(live_by_name.items()):
        if name not in matched:
            located.append((ref.node, ref.field, name, summary))
    prefetch(
        ctx.facts,
        [
            Read.target(ref.identifier, summary["targetId"], ref.region)
            for _, _, _, summary in located
            if summary is not None and isinstance(summary.get("targetId"), str)
        ],
    )
    for node, field, name, summary in located:
        if summary is None:
            present = ", ".join(sorted(live_by_name)) or "none"
            yield ctx.fail(
                node,
                field,
                f"Target {describe_value(name)} is not on gateway {ref.identifier} "
                f"(targets there: {present}).",
                fix=(
                    "Create the target on this gateway (CreateGatewayTarget with this name), or "
                    "correct the name or gateway in the config."
                ),
                resource=f"target {name} ({ref.identifier})",
            )
            continue
        target_id = summary.get("targetId")
        label = f"Target {name} ({target_id}) of gateway {ref.identifier}"
        resource = f"target {name} ({ref.identifier}/{target_id})"
        if not isinstance(target_id, str):
            yield ctx.error(node, field, f"{label}: ListGatewayTargets gave no targetId.")
            continue
        try:
            detail = ask(ctx.facts, Read.target(ref.identifier, target_id, ref.region))
        except NotFound:
            yield ctx.fail(
                node,
                field,
                f"{label} was listed but no longer exists (deleted during the check?).",
                severity=Severity.WARNING,
                resource=resource,
            )
            continue
        except LiveError as exc:
            what = label.lower()
            yield cannot_check(ctx, Where(node, field), exc, what, GET_TARGET, resource=resource)
            continue
        yield _status_finding(ctx, node, field, label, detail, resource)


@rule(
    id="GW402",
    name="target-ready",
    severity=Severity.ERROR,
    summary="every target of the gateway exists and is READY",
    fix=FIX,
    live=True,
    reads=("gateway-targets", "gateway-target"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    refs = gateway_refs(ctx.deployment, session_region(ctx))
    if not refs:
        if ctx.deployment.targets:
            yield ctx.skip(
                "targets not checked against the account: the input names no gateway "
                "(gatewayId, gatewayArn, gatewayUrl or gatewayIdentifier).",
                ctx.deployment.targets[0],
            )
        return
    for index, ref in enumerate(refs):
        # config targets belong to the gateway the config names first
        yield from _check_gateway(ctx, ref, ctx.deployment.targets if index == 0 else [])
