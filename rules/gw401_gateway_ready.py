r"""The gateway does not exist, or is not READY.

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

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_GATEWAY,
    cannot_check,
    fetch_gateway,
    reasons_text,
    session_region,
)
from gwlint.resolve import Where, gateway_refs
from gwlint.rule import Context, Severity, describe_value, rule

#: Statuses meaning the last operation failed for good.
GATEWAY_FAILED = ("FAILED", "UPDATE_UNSUCCESSFUL")
#: Statuses that settle by themselves.
GATEWAY_TRANSIENT = ("CREATING", "UPDATING")

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
    reads=("gateway",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    for ref in gateway_refs(ctx.deployment, session_region(ctx)):
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
                ctx, Where(ref.node, ref.field), exc, where, GET_GATEWAY, resource=ref.identifier
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
