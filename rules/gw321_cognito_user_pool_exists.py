"""The Cognito user pool the gateway or the client names does not exist.

## Why
A gateway with a Cognito inbound authorizer trusts exactly one user pool: the
one in its discovery URL
(``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/openid-configuration``).
The OAuth client config names the pool its app client lives in
(``user_pool_id``; the toolkit writes it under ``client_info``). If that pool
was deleted, lives in another region or account, or the ID was mistyped,
nothing downstream can work: there is no discovery document, no signing keys,
no app client and no token endpoint.

gwlint takes the pool from the gateway's discovery URL (from the config, or
from GetGateway when the config only has the client's ``gateway_url``) and
from the client's ``user_pool_id``, and reads it with DescribeUserPool in the
pool's region (the prefix of the pool ID, else the URL's region, else the
deployment's ``region``, else the session's).

## Symptom
Token requests fail (``invalid_client`` or a DNS error for the domain); the
gateway answers 401 to every call because it cannot fetch the pool's
discovery document and keys. When the gateway was created, a bad discovery
URL can leave it FAILED.

## Fix
Find the pool's real ID in the right region and put it in the discovery URL
and the client config:

    aws cognito-idp list-user-pools --max-results 60 --region us-east-1 \
      --query 'UserPools[].[Id,Name]'

    {
      "customJWTAuthorizer": {
        "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
        "allowedClients": ["6aarhftf6bopppar05humcp2r6"]
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import parse_arn, parse_cognito_discovery, parse_gateway_url, pool_region
from gwlint.facts import AccessDenied, LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Gateway, Node, Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import gateway_from_api, target_from_api

COGNITO = "cognito-idp"
CONTROL = "bedrock-agentcore-control"
DESCRIBE_USER_POOL = "cognito-idp:DescribeUserPool"
GET_GATEWAY = "bedrock-agentcore:GetGateway"
LIST_TARGETS = "bedrock-agentcore:ListGatewayTargets"
GET_TARGET = "bedrock-agentcore:GetGatewayTarget"


# -- shared by the live Cognito (GW321-GW326) and IAM (GW510-GW512) rules ----------------


@dataclass(frozen=True)
class Where:
    """Where a finding goes: a model node and field, optionally an exact pointer."""

    node: Node | None
    field: str | None
    pointer: str | None = None


def default_region(ctx: Context) -> str | None:
    """The deployment's region, else the client config's, else the session's."""
    deployment = ctx.deployment
    client = deployment.client
    for value in (deployment.region, client.region if client is not None else None):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ctx.facts.region if ctx.facts is not None else None


def unverified(
    ctx: Context, where: Where, exc: LiveError, what: str, action: str, *, resource: str | None
) -> Finding:
    """The ``error`` finding for an AccessDenied or Unavailable answer: never a pass."""
    if isinstance(exc, AccessDenied):
        needed = exc.action or action
        return ctx.error(
            where.node,
            where.field,
            f"Could not check {what}: access denied; gwlint needs {needed}.",
            resource=resource,
            fix=(
                f"Allow {needed} for the credentials gwlint runs with "
                "(`gwlint iam-policy` prints every action --live needs)."
            ),
            pointer=where.pointer,
        )
    return ctx.error(
        where.node,
        where.field,
        f"Could not check {what}: {exc}",
        resource=resource,
        fix="Check network access, throttling and credentials for the region, then run again.",
        pointer=where.pointer,
    )


def entry(where: Where, index: int) -> Where:
    """The ``index``-th item of a list field (a config node), else ``where`` itself."""
    node = where.node
    if where.pointer is None and node is not None and where.field and node.has(where.field):
        return Where(node, where.field, join_pointer(node.origin.pointer_for(where.field), index))
    return where


@dataclass
class GatewayView:
    """The gateway whose authorizer, role and targets the live rules check.

    ``deployment.gateway`` when the config has one; otherwise the gateway the
    client config's ``gateway_url``/``gateway_id`` names, read with GetGateway.
    For a fetched gateway every finding is located at that client value.
    """

    gateway: Gateway
    fetched: bool
    anchor: Where | None  # where findings about a fetched gateway go
    identifier: str | None
    region: str | None
    arn: str | None
    account: str | None

    def at(self, node: Node | None, field: str) -> Where:
        if self.fetched and self.anchor is not None:
            return self.anchor
        return Where(node, field)

    @property
    def label(self) -> str:
        return self.arn or (f"gateway {self.identifier}" if self.identifier else "gateway")


def _gateway_id_from(value: Any) -> tuple[str, str | None] | None:
    """(gateway id, region) from a gateway ID, ARN or URL."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    arn = parse_arn(text)
    if arn is not None:
        if arn.service == "bedrock-agentcore" and arn.resource.startswith("gateway/"):
            ident = arn.resource[len("gateway/") :].split("/")[0]
            return (ident, arn.region or None) if ident else None
        return None
    url = parse_gateway_url(text)
    if url is not None:
        return url.gateway_id, url.region
    if "/" in text or "." in text or ":" in text:
        return None
    return text, None


def resolve_gateway(ctx: Context) -> tuple[GatewayView | None, Finding | None]:
    """The gateway to check, or (None, the skip/error finding), or (None, None)."""
    deployment = ctx.deployment
    fallback = default_region(ctx)
    gateway = deployment.gateway
    if gateway is not None:
        ident: str | None = None
        region: str | None = None
        for value in (gateway.gateway_arn, gateway.gateway_url, gateway.gateway_id):
            parsed = _gateway_id_from(value)
            if parsed is not None:
                ident = ident or parsed[0]
                region = region or parsed[1]
        arn = parse_arn(gateway.gateway_arn)
        return (
            GatewayView(
                gateway=gateway,
                fetched=False,
                anchor=None,
                identifier=ident,
                region=region or fallback,
                arn=str(arn) if arn is not None else None,
                account=arn.account if arn is not None else None,
            ),
            None,
        )
    client = deployment.client
    if client is None or ctx.facts is None:
        return None, None
    for field in ("gateway_url", "gateway_id"):
        parsed = _gateway_id_from(getattr(client, field))
        if parsed is None:
            continue
        ident, region = parsed[0], parsed[1] or fallback
        anchor = Where(client, field)
        try:
            data = ctx.facts.call(CONTROL, "get_gateway", gatewayIdentifier=ident, region=region)
        except NotFound:
            return None, ctx.skip(
                f"gateway {ident} was not found in {region or 'the default region'}, so its "
                "authorizer, role and targets could not be read",
                client,
                resource=ident,
            )
        except LiveError as exc:
            return None, unverified(
                ctx, anchor, exc, f"gateway {ident}", GET_GATEWAY, resource=ident
            )
        arn_text = data.get("gatewayArn")
        model = gateway_from_api(data, "", None, resource=arn_text or ident)
        arn = parse_arn(arn_text)
        return (
            GatewayView(
                gateway=model,
                fetched=True,
                anchor=anchor,
                identifier=ident,
                region=(arn.region if arn is not None else None) or region,
                arn=str(arn) if arn is not None else None,
                account=arn.account if arn is not None else None,
            ),
            None,
        )
    return None, None


def gateway_targets(ctx: Context, view: GatewayView) -> tuple[list[Target], Finding | None]:
    """The config's targets, or for a fetched gateway the deployed ones."""
    if not view.fetched:
        return list(ctx.deployment.targets), None
    assert ctx.facts is not None and view.identifier is not None
    anchor = view.anchor or Where(None, None)
    try:
        items = ctx.facts.paginate(
            CONTROL,
            "list_gateway_targets",
            "items",
            gatewayIdentifier=view.identifier,
            region=view.region,
        )
        ids = [str(item.get("targetId")) for item in items if isinstance(item, dict)]
        prefetch(
            ctx.facts,
            [
                (
                    CONTROL,
                    "get_gateway_target",
                    {"gatewayIdentifier": view.identifier, "targetId": tid},
                    view.region,
                )
                for tid in ids
            ],
        )
        targets = []
        for tid in ids:
            data = ctx.facts.call(
                CONTROL,
                "get_gateway_target",
                gatewayIdentifier=view.identifier,
                targetId=tid,
                region=view.region,
            )
            targets.append(target_from_api(data, "", None, resource=tid))
    except LiveError as exc:
        action = exc.action or LIST_TARGETS
        return [], unverified(
            ctx, anchor, exc, f"the targets of {view.label}", action, resource=view.label
        )
    return targets, None


@dataclass(frozen=True)
class PoolRef:
    """A user pool the deployment names, and where."""

    pool_id: str
    region: str | None
    where: Where
    via: str  # "discovery URL" | "user_pool_id"


def discovery_pool(ctx: Context, view: GatewayView | None) -> PoolRef | None:
    """The Cognito pool in the gateway's discovery URL, if it is a Cognito one."""
    if view is None or view.gateway.jwt is None:
        return None
    jwt = view.gateway.jwt
    parsed = parse_cognito_discovery(jwt.discovery_url)
    if parsed is None or not parsed.pool_id:
        return None
    region = parsed.region or pool_region(parsed.pool_id) or view.region
    return PoolRef(parsed.pool_id, region, view.at(jwt, "discovery_url"), "discovery URL")


def written_client_pool(ctx: Context) -> PoolRef | None:
    """The pool the client config's ``user_pool_id`` names."""
    client = ctx.deployment.client
    if client is None or not isinstance(client.user_pool_id, str):
        return None
    pool_id = client.user_pool_id.strip()
    if not pool_id:
        return None
    region = pool_region(pool_id) or default_region(ctx)
    return PoolRef(pool_id, region, Where(client, "user_pool_id"), "user_pool_id")


def client_pool(ctx: Context, view: GatewayView | None) -> PoolRef | None:
    """The pool the app client should live in: ``user_pool_id``, else the discovery pool."""
    return written_client_pool(ctx) or discovery_pool(ctx, view)


def describe_pool(ctx: Context, ref: PoolRef) -> dict[str, Any]:
    """DescribeUserPool (memoised); raises LiveError."""
    assert ctx.facts is not None
    data = ctx.facts.call(COGNITO, "describe_user_pool", UserPoolId=ref.pool_id, region=ref.region)
    pool = data.get("UserPool")
    return pool if isinstance(pool, dict) else {}


def pool_missing(ctx: Context, ref: PoolRef, node: Node | None) -> Finding | None:
    """A skip when ``ref``'s pool does not exist (GW321 reports it), else None."""
    try:
        describe_pool(ctx, ref)
    except NotFound:
        return ctx.skip(
            f"user pool {ref.pool_id} does not exist in {ref.region or 'the default region'} "
            "(see GW321 cognito-user-pool-exists)",
            node,
            resource=ref.pool_id,
        )
    except LiveError:
        return None  # the dependent's own calls will report what they cannot read
    return None


def client_id_of(ctx: Context) -> str | None:
    client = ctx.deployment.client
    if client is None or not isinstance(client.client_id, str) or not client.client_id.strip():
        return None
    return client.client_id.strip()


# -- the rule ----------------------------------------------------------------------------

FIX = (
    "Use the ID of an existing user pool in the right region (aws cognito-idp list-user-pools "
    "--max-results 60 --region <region>) in the gateway's discovery URL "
    "(https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/openid-configuration) "
    "and in the client config's user_pool_id."
)


@rule(
    id="GW321",
    name="cognito-user-pool-exists",
    severity=Severity.ERROR,
    summary="the Cognito user pool the gateway and client name exists",
    fix=FIX,
    live=True,
    actions=(DESCRIBE_USER_POOL, GET_GATEWAY),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, problem = resolve_gateway(ctx)
    refs = [r for r in (written_client_pool(ctx), discovery_pool(ctx, view)) if r is not None]
    if problem is not None and not refs:
        yield problem
        return
    seen: set[tuple[str, str | None]] = set()
    for ref in refs:
        if (ref.pool_id, ref.region) in seen:
            continue
        seen.add((ref.pool_id, ref.region))
        where = ref.where
        try:
            pool = describe_pool(ctx, ref)
        except NotFound:
            yield ctx.fail(
                where.node,
                where.field,
                f"User pool {describe_value(ref.pool_id)} (from the {ref.via}) does not exist in "
                f"{ref.region or 'the default region'}.",
                resource=ref.pool_id,
                pointer=where.pointer,
            )
            continue
        except LiveError as exc:
            yield unverified(
                ctx,
                where,
                exc,
                f"user pool {ref.pool_id}",
                DESCRIBE_USER_POOL,
                resource=ref.pool_id,
            )
            continue
        name = pool.get("Name")
        named = f" ({name})" if isinstance(name, str) and name else ""
        yield ctx.passed(
            where.node,
            where.field,
            f"User pool {ref.pool_id}{named} exists in {ref.region or 'the default region'}.",
            resource=ref.pool_id,
            pointer=where.pointer,
        )
