"""The regions named by the gateway and OAuth settings disagree.

## Why
Several values name a region: the gateway URL (in the client config and in
the gateway's own ``gatewayUrl``), the client config's and the deployment's
``region``, the Cognito token endpoint host, the Cognito discovery URL, and
the user-pool ID's prefix in ``user_pool_id``.

On the identity-provider side (Amazon Cognito; other providers name no AWS
region) they are normally one region: a user pool, its domain (the token
endpoint) and its issuer URL (the discovery URL) live in the pool's region,
and a token from a pool in one region is rejected by an authorizer that
trusts a pool in another. Multi-Region replica pools
(``CreateUserPoolReplica``) are the exception: a replica's region differs from
its pool ID's prefix, so an identity-provider disagreement is a warning, not
an error. On the gateway side the URL and the
``region`` settings describe one gateway, so they must agree too.

The gateway and its identity provider *may* be in different regions (the
discovery URL is an ordinary HTTPS URL), but the toolkit and most guides
create both in one region, so a difference is reported as a warning: it is
usually a value copied from another deployment.

Each disagreeing value is reported where it is written, against its side's
reference region: the gateway URL's on the gateway side, the majority on the
identity-provider side (ties go to the gateway's region). A discovery URL
whose host and pool ID disagree with each other is left to GW309. With fewer
than two regions known there is nothing to compare and the check is skipped.

## Symptom
401 "Invalid Bearer token" from the gateway although the token request
succeeded (issuer mismatch), ``invalid_client`` at the token endpoint (the
client lives in another region's pool), or a gateway URL that does not
resolve.

## Fix
Pick the region where the user pool really is (``aws cognito-idp
list-user-pools --region …``) and make every identity-provider value use it;
make the gateway values use the gateway's region:

    {"gateway_url": "https://my-gateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
     "region": "us-east-1",
     "client_info": {"user_pool_id": "us-east-1_AbCdEf123",
                     "token_endpoint": "https://my-auth.auth.us-east-1.amazoncognito.com/oauth2/token"}}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from gwlint.awsformats import (
    parse_cognito_discovery,
    parse_gateway_url,
    parse_token_endpoint,
    pool_region,
)
from gwlint.findings import Finding
from gwlint.model import Deployment, Node
from gwlint.rule import Context, Severity, rule

GATEWAY, IDP = "gateway", "identity provider"


class Region(NamedTuple):
    region: str
    node: Node
    field: str
    what: str  # e.g. "the token endpoint"
    side: str  # GATEWAY or IDP
    is_gateway_url: bool = False

    @property
    def pointer(self) -> str:
        return self.node.origin.pointer_for(self.field)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def collect(deployment: Deployment) -> list[Region]:
    """Every region the deployment names, gateway side first, in precedence order."""
    found: list[Region] = []
    gateway, client = deployment.gateway, deployment.client
    if gateway is not None and gateway.has("gateway_url"):
        url = parse_gateway_url(gateway.gateway_url)
        if url:
            found.append(
                Region(
                    url.region, gateway, "gateway_url", "the gateway's gatewayUrl", GATEWAY, True
                )
            )
    if client is not None:
        url = parse_gateway_url(client.gateway_url)
        if url:
            found.append(Region(url.region, client, "gateway_url", "gateway_url", GATEWAY, True))
        region = _text(client.region)
        if region:
            found.append(Region(region, client, "region", "the client's region", GATEWAY))
    region = _text(deployment.region)
    if region:
        found.append(Region(region, deployment, "region", "the deployment's region", GATEWAY))
    jwt = gateway.jwt if gateway is not None else None
    discovery = parse_cognito_discovery(jwt.discovery_url) if jwt is not None else None
    if jwt is not None and discovery is not None:
        # its pool ID must name the host's region; a URL at odds with itself is GW309's
        found.append(Region(discovery.region, jwt, "discovery_url", "the discovery URL", IDP))
    if client is not None:
        endpoint = parse_token_endpoint(client.token_endpoint)
        if endpoint is not None and endpoint.region:
            found.append(
                Region(endpoint.region, client, "token_endpoint", "the token endpoint", IDP)
            )
        inner = pool_region(client.user_pool_id)
        if inner:
            found.append(Region(inner, client, "user_pool_id", "user_pool_id", IDP))
    # a value written once counts once: a client config's region is also the deployment's
    unique: dict[tuple[str, str, str], Region] = {}
    for item in found:
        unique.setdefault((item.pointer, item.side, item.region), item)
    return list(unique.values())


def anchor_of(values: list[Region], prefer: str | None) -> str | None:
    """The side's reference region: a gateway URL's, else the majority.

    Ties go to ``prefer`` (the gateway's region), then to precedence order.
    """
    if not values:
        return None
    counts = Counter(v.region for v in values)
    pool = [v for v in values if v.is_gateway_url] or values
    order = {v.region: -i for i, v in reversed(list(enumerate(pool)))}
    return max(order, key=lambda r: (counts[r], r == prefer, order[r]))


def describe_anchor(region: str, values: list[Region]) -> str:
    urls = [v for v in values if v.is_gateway_url and v.region == region]
    if urls:
        return f"the gateway URL's region {region}"
    holders = sorted({v.what for v in values if v.region == region}, key=str)
    return f"region {region} used by {' and '.join(holders)}"


@rule(
    id="GW304",
    name="oauth-regions-agree",
    severity=Severity.ERROR,
    summary="Gateway, token endpoint, discovery URL and user pool name consistent regions",
    fix=(
        "Use one region for the user pool, its domain (token endpoint) and the discovery "
        "URL, and one for the gateway URL and the region settings; find the pool's region "
        "with aws cognito-idp describe-user-pool --user-pool-id <id> --region <region>."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    values = collect(ctx.deployment)
    if not values:
        return
    if len(values) < 2:
        only = values[0]
        yield ctx.skip(
            f"only one region is known ({only.region}, from {only.what}); nothing to compare",
            only.node,
        )
        return
    gateway_side = [v for v in values if v.side == GATEWAY]
    idp_side = [v for v in values if v.side == IDP]
    gateway_anchor = anchor_of(gateway_side, None)
    idp_anchor = anchor_of(idp_side, gateway_anchor)
    # pointer -> (value, anchor region, anchor description) for same-side disagreements
    wrong: dict[str, list[tuple[Region, str, str]]] = {}
    first: dict[str, Region] = {}
    for side, anchor in ((gateway_side, gateway_anchor), (idp_side, idp_anchor)):
        for value in side:
            first.setdefault(value.pointer, value)
            if anchor is not None and value.region != anchor:
                wrong.setdefault(value.pointer, []).append(
                    (value, anchor, describe_anchor(anchor, side))
                )
    cross: Region | None = None
    if gateway_anchor and idp_anchor and gateway_anchor != idp_anchor:
        cross = next(v for v in idp_side if v.region == idp_anchor)
    for pointer, value in first.items():
        if pointer in wrong:
            problems = wrong[pointer]
            head = problems[0][0]
            text = "; ".join(
                f"{v.what} names region {v.region}, which disagrees with {desc}"
                for v, _, desc in problems
            )
            replica = head.side == IDP
            note = (
                " (fine if the pool has a multi-Region replica there: a replica's region "
                "differs from its pool ID's prefix)"
                if replica
                else ""
            )
            yield ctx.fail(
                head.node,
                head.field,
                f"{text}{note}.",
                fix=_fix(head.side, problems[0][1]),
                resource=_resource(ctx.deployment, head.node),
                severity=Severity.WARNING if replica else None,
            )
        elif cross is not None and pointer == cross.pointer:
            yield ctx.fail(
                cross.node,
                cross.field,
                f"the identity provider is in {idp_anchor} ({cross.what}) but the gateway "
                f"is in {gateway_anchor}; that works, but the toolkit and guides create "
                "both in one region, so check this value is not copied from another "
                "deployment.",
                severity=Severity.WARNING,
                fix=(
                    f"If the user pool is meant to be in {gateway_anchor}, point the token "
                    "endpoint, discovery URL and user_pool_id at that pool; if it really is "
                    f"in {idp_anchor}, nothing needs to change."
                ),
                resource=_resource(ctx.deployment, cross.node),
            )
        else:
            yield ctx.passed(
                value.node,
                value.field,
                f"{value.what} agrees with the other region settings ({value.region})",
                resource=_resource(ctx.deployment, value.node),
            )


def _fix(side: str, anchor: str) -> str:
    if side == IDP:
        return (
            "A user pool, its domain (token endpoint) and its discovery URL are in one "
            f"region: make this value use {anchor} if that is where the pool "
            "is (check with aws cognito-idp describe-user-pool --user-pool-id <id> "
            "--region <region>), or fix the others."
        )
    return (
        f"Make this value use {anchor}, the gateway's region "
        "(aws bedrock-agentcore-control get-gateway --gateway-identifier <id> "
        "--query gatewayUrl), or fix the others."
    )


def _resource(deployment: Deployment, node: Node) -> str | None:
    label = getattr(node, "label", None)
    if isinstance(label, str):
        return label
    if deployment.gateway is not None and node is deployment.gateway.jwt:
        return deployment.gateway.label
    return None


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": (
            "The token comes from a user pool in another region than the one the authorizer trusts."
        ),
        "likelihood": "low",
    },
]
