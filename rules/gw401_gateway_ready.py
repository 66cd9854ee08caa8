"""The gateway does not exist, or is not READY.

## Why
Every other check (targets, tools, tokens) assumes the gateway the config
names is there and serving. A gateway is usable only in status ``READY``;
``FAILED`` and ``UPDATE_UNSUCCESSFUL`` mean the last create or update did not
complete, and the service puts the reason in ``statusReasons``. ``CREATING``
and ``UPDATING`` are transient: the gateway is still settling. A config
that names a gateway ID, ARN or URL that does not exist in the account and
region (a deleted gateway, a copy-paste from another account, the wrong
region) cannot work at all.

gwlint finds the gateway by the ``gatewayId``/``gatewayArn``/``gatewayUrl``
of a gateway document, or the ``gateway_id``/``gateway_url`` of a client
config, and reads it with GetGateway in the region of the ARN or URL (else
the deployment's ``region``, else the region of the AWS session).

## Symptom
Token requests work but every MCP call to the gateway URL fails (DNS error
or 404 for a deleted gateway; errors from a FAILED one), or tools/list is
empty while the gateway is still CREATING.

## Fix
Look at the gateway and its reasons:

    aws bedrock-agentcore-control get-gateway --gateway-identifier mygateway-abcdefghij \
      --query '{status: status, reasons: statusReasons, url: gatewayUrl}'

Fix what ``statusReasons`` names (most often the execution role or the
authorizer's discovery URL) and update the gateway again; wait for
``CREATING``/``UPDATING`` to finish. If the gateway is gone, recreate it and
write its new ID and URL into the config:

    {
      "gateway_url": "https://mygateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
      "gateway_id": "mygateway-abcdefghij",
      "region": "us-east-1"
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from gwlint.awsformats import parse_arn, parse_gateway_url
from gwlint.facts import AccessDenied, LiveError, NotFound
from gwlint.findings import Finding
from gwlint.model import Node
from gwlint.rule import Context, Severity, describe_value, rule

CONTROL = "bedrock-agentcore-control"
GET_GATEWAY = "bedrock-agentcore:GetGateway"

#: Statuses meaning the last operation failed for good.
GATEWAY_FAILED = ("FAILED", "UPDATE_UNSUCCESSFUL")
#: Statuses that settle by themselves.
GATEWAY_TRANSIENT = ("CREATING", "UPDATING")


# -- helpers shared by the live runtime/gateway rules (GW401-GW405, GW501-502, GW603) ---------


@dataclass(frozen=True)
class GatewayRef:
    """A gateway the deployment names, and where it names it."""

    identifier: str  # the gateway ID GetGateway takes
    region: str | None
    node: Node | None
    field: str | None
    written: str  # the value as the config wrote it (ID, ARN or URL)

    @property
    def label(self) -> str:
        return f"gateway {self.identifier}"


def written_region(ctx: Context) -> str | None:
    """The region the input states: the deployment's ``region``, else the client config's."""
    deployment = ctx.deployment
    for value in (
        deployment.region,
        deployment.client.region if deployment.client is not None else None,
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def default_region(ctx: Context) -> str | None:
    """The region the input states, else the region of the AWS session."""
    written = written_region(ctx)
    if written is not None:
        return written
    return ctx.facts.region if ctx.facts is not None else None


def _gateway_from_value(value: Any) -> tuple[str, str | None] | None:
    """(gateway id, region or None) from an ID, a gateway ARN or a gateway URL."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    arn = parse_arn(text)
    if arn is not None:
        if arn.service != "bedrock-agentcore" or not arn.resource.startswith("gateway/"):
            return None
        ident = arn.resource[len("gateway/") :].split("/")[0]
        return (ident, arn.region or None) if ident else None
    url = parse_gateway_url(text)
    if url is not None:
        return url.gateway_id, url.region
    if "://" in text or "/" in text or "." in text:
        return None  # some other URL: not a gateway we can look up
    return text, None


def gateway_refs(ctx: Context) -> list[GatewayRef]:
    """Every distinct gateway the deployment names, first mention first."""
    deployment = ctx.deployment
    candidates: list[tuple[Node, str, Any]] = []
    gateway = deployment.gateway
    if gateway is not None:
        for field in ("gateway_id", "gateway_arn", "gateway_url"):
            candidates.append((gateway, field, getattr(gateway, field)))
    client = deployment.client
    if client is not None:
        for field in ("gateway_id", "gateway_url"):
            candidates.append((client, field, getattr(client, field)))
    for target in deployment.targets:
        candidates.append((target, "gateway_identifier", target.gateway_identifier))
    fallback = default_region(ctx)
    refs: list[GatewayRef] = []
    seen: set[tuple[str, str | None]] = set()
    for node, field, value in candidates:
        parsed = _gateway_from_value(value)
        if parsed is None:
            continue
        ident, region = parsed
        key = (ident, region or fallback)
        if key in seen:
            continue
        seen.add(key)
        refs.append(GatewayRef(ident, region or fallback, node, field, str(value).strip()))
    return refs


def fetch_gateway(ctx: Context, ref: GatewayRef) -> dict[str, Any]:
    """GetGateway for ``ref`` (memoised by the facts facade); raises LiveError."""
    assert ctx.facts is not None
    return ctx.facts.call(
        CONTROL, "get_gateway", gatewayIdentifier=ref.identifier, region=ref.region
    )


def cannot_check(
    ctx: Context,
    node: Node | None,
    field: str | None,
    exc: LiveError,
    what: str,
    action: str,
    *,
    resource: str | None,
) -> Finding:
    """The ``error`` finding for an AccessDenied or Unavailable answer."""
    if isinstance(exc, AccessDenied):
        needed = exc.action or action
        return ctx.error(
            node,
            field,
            f"Could not check {what}: access denied; gwlint needs {needed}.",
            resource=resource,
            fix=(
                f"Allow {needed} for the credentials gwlint runs with "
                "(`gwlint iam-policy` prints every action --live needs)."
            ),
        )
    return ctx.error(
        node,
        field,
        f"Could not check {what}: {exc}",
        resource=resource,
        fix="Check network access and credentials for the region, then run gwlint again.",
    )


def skip_at(
    ctx: Context, node: Node | None, field: str | None, reason: str, *, resource: str | None
) -> Finding:
    """A ``skip`` located at ``node.field`` (ctx.skip locates at the node)."""
    finding = ctx.skip(reason, node, resource=resource)
    if finding.pointer is None or node is None:
        return finding
    return replace(finding, pointer=node.origin.pointer_for(field))


def reasons_text(reasons: Any) -> str:
    """``statusReasons`` as one quoted clause, or a note that there are none."""
    if isinstance(reasons, list) and reasons:
        return "; ".join(str(r) for r in reasons)
    if isinstance(reasons, str) and reasons.strip():
        return reasons.strip()
    return "the service gave no reason"


# -- the rule ----------------------------------------------------------------------------


FIX = (
    "Read the gateway's statusReasons (aws bedrock-agentcore-control get-gateway "
    "--gateway-identifier <id>), fix what they name and update the gateway; wait for "
    "CREATING/UPDATING to end. If the gateway does not exist, point the config at the "
    "gateway's real ID/URL and region (or recreate it)."
)


@rule(
    id="GW401",
    name="gateway-ready",
    severity=Severity.ERROR,
    summary="the gateway exists in the account and is READY",
    fix=FIX,
    live=True,
    actions=(GET_GATEWAY,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    for ref in gateway_refs(ctx):
        where = f"gateway {ref.identifier} in {ref.region or 'the default region'}"
        try:
            gateway = fetch_gateway(ctx, ref)
        except NotFound:
            yield ctx.fail(
                ref.node,
                ref.field,
                f"Gateway {ref.identifier} (from {describe_value(ref.written, 200)}) does not "
                f"exist in region {ref.region or '(default)'}.",
                fix=(
                    "Check the gateway ID/URL and the region (aws bedrock-agentcore-control "
                    "list-gateways --region <region>); recreate the gateway if it was deleted "
                    "and update the config with its new ID and URL."
                ),
                resource=ref.identifier,
            )
            continue
        except LiveError as exc:
            yield cannot_check(
                ctx, ref.node, ref.field, exc, where, GET_GATEWAY, resource=ref.identifier
            )
            continue
        resource = str(gateway.get("gatewayArn") or ref.identifier)
        status = gateway.get("status")
        name = f"Gateway {ref.identifier}"
        if status == "READY":
            yield ctx.passed(ref.node, ref.field, f"{name} is READY.", resource=resource)
        elif status in GATEWAY_FAILED:
            yield ctx.fail(
                ref.node,
                ref.field,
                f"{name} is {status}: {reasons_text(gateway.get('statusReasons'))}.",
                resource=resource,
            )
        elif status in GATEWAY_TRANSIENT:
            yield ctx.fail(
                ref.node,
                ref.field,
                f"{name} is {status}, not READY yet; run gwlint again when it settles.",
                severity=Severity.WARNING,
                fix="Wait for the create/update to finish (usually a minute or two), then re-run.",
                resource=resource,
            )
        elif status == "DELETING":
            yield ctx.fail(
                ref.node,
                ref.field,
                f"{name} is DELETING; the config points at a gateway that is going away.",
                resource=resource,
            )
        else:
            yield ctx.fail(
                ref.node,
                ref.field,
                f"{name} has status {describe_value(status)}, not READY: "
                f"{reasons_text(gateway.get('statusReasons'))}.",
                severity=Severity.WARNING,
                resource=resource,
            )
