"""Which AWS resources a Deployment names, and where it names them.

The live rules and the live source's prefetch (:func:`gwlint.aws.source.warm`)
resolve references the same way through these functions, so a prefetched read
and the rule's read are the same cache entry. Nothing here calls AWS: every
function maps the model (and, for a gateway read from the account, its
GetGateway answer) to identifiers, regions and the place a finding about them
belongs. ``session_region`` is the region of the AWS session (``facts.region``),
the last fallback when the input states none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gwlint import apispec
from gwlint.awsformats import (
    parse_arn,
    parse_cognito_discovery,
    parse_gateway_url,
    parse_runtime_url,
    pool_region,
)
from gwlint.jsonpos import join_pointer
from gwlint.model import Deployment, Gateway, Node, Target
from gwlint.sources.aws_api import gateway_from_api

# -- where a finding goes ---------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where a finding goes: a model node and field, optionally an exact pointer."""

    node: Node | None
    field: str | None
    pointer: str | None = None


def entry(where: Where, index: int) -> Where:
    """The ``index``-th item of a list field (a config node), else ``where`` itself."""
    node = where.node
    if where.pointer is None and node is not None and where.field and node.has(where.field):
        return Where(node, where.field, join_pointer(node.origin.pointer_for(where.field), index))
    return where


# -- regions ----------------------------------------------------------------------------


def written_region(deployment: Deployment) -> str | None:
    """The region the input states: the deployment's ``region``, else the client config's."""
    client = deployment.client
    for value in (deployment.region, client.region if client is not None else None):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def default_region(deployment: Deployment, session_region: str | None) -> str | None:
    """The region the input states, else the region of the AWS session."""
    return written_region(deployment) or session_region


# -- gateways ---------------------------------------------------------------------------


def gateway_id_of(value: Any) -> tuple[str, str | None] | None:
    """(gateway ID, region or None) from a gateway ID, gateway ARN or gateway URL.

    Anything else (another ARN or URL, a value with ``/``, ``.`` or ``:``) is
    not a gateway gwlint can look up: the offline shape rules report it.
    """
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
    if "/" in text or "." in text or ":" in text:
        return None
    return text, None


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


def _ref(node: Node, field: str, fallback: str | None) -> GatewayRef | None:
    value = getattr(node, field)
    parsed = gateway_id_of(value)
    if parsed is None:
        return None
    ident, region = parsed
    return GatewayRef(ident, region or fallback, node, field, str(value).strip())


def gateway_refs(deployment: Deployment, session_region: str | None) -> list[GatewayRef]:
    """Every distinct gateway the deployment names, first mention first.

    The gateway's ``gatewayId``/``gatewayArn``/``gatewayUrl``, the client
    config's ``gateway_id``/``gateway_url`` and each target's
    ``gatewayIdentifier``; a value without a region gets the input's region,
    else the session's.
    """
    candidates: list[tuple[Node, str]] = []
    gateway = deployment.gateway
    if gateway is not None:
        candidates += [(gateway, f) for f in ("gateway_id", "gateway_arn", "gateway_url")]
    client = deployment.client
    if client is not None:
        candidates += [(client, f) for f in ("gateway_id", "gateway_url")]
    if not deployment.is_live:  # a deployed gateway's targets are its own
        candidates += [(t, "gateway_identifier") for t in deployment.targets]
    fallback = default_region(deployment, session_region)
    refs: list[GatewayRef] = []
    seen: set[tuple[str, str | None]] = set()
    for node, field in candidates:
        ref = _ref(node, field, fallback)
        if ref is not None and (ref.identifier, ref.region) not in seen:
            seen.add((ref.identifier, ref.region))
            refs.append(ref)
    return refs


def client_gateway_ref(deployment: Deployment, session_region: str | None) -> GatewayRef | None:
    """The gateway a client config names (``gateway_url``, else ``gateway_id``)."""
    client = deployment.client
    if client is None:
        return None
    fallback = default_region(deployment, session_region)
    for field in ("gateway_url", "gateway_id"):
        ref = _ref(client, field, fallback)
        if ref is not None:
            return ref
    return None


@dataclass
class GatewayView:
    """The gateway whose authorizer, role and targets the live rules check.

    ``deployment.gateway`` when the config has one (:func:`config_view`);
    otherwise the gateway the client config's ``gateway_url``/``gateway_id``
    names, read with GetGateway (:func:`fetched_view`). For a fetched gateway
    every finding is located at that client value.
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


def config_view(deployment: Deployment, session_region: str | None) -> GatewayView | None:
    """The config's own gateway: ID and region from its ARN, URL or ID (first found)."""
    gateway = deployment.gateway
    if gateway is None:
        return None
    ident: str | None = None
    region: str | None = None
    for value in (gateway.gateway_arn, gateway.gateway_url, gateway.gateway_id):
        parsed = gateway_id_of(value)
        if parsed is not None:
            ident = ident or parsed[0]
            region = region or parsed[1]
    arn = parse_arn(gateway.gateway_arn)
    return GatewayView(
        gateway=gateway,
        fetched=False,
        anchor=None,
        identifier=ident,
        region=region or default_region(deployment, session_region),
        arn=str(arn) if arn is not None else None,
        account=arn.account if arn is not None else None,
    )


def fetched_view(data: dict[str, Any], ref: GatewayRef) -> GatewayView:
    """The gateway ``ref`` names, from its GetGateway answer ``data``."""
    arn_text = data.get("gatewayArn")
    model = gateway_from_api(data, "", None, resource=arn_text or ref.identifier)
    arn = parse_arn(arn_text)
    return GatewayView(
        gateway=model,
        fetched=True,
        anchor=Where(ref.node, ref.field),
        identifier=ref.identifier,
        region=(arn.region if arn is not None else None) or ref.region,
        arn=str(arn) if arn is not None else None,
        account=arn.account if arn is not None else None,
    )


def listed_target_ids(items: Any) -> list[str]:
    """The target IDs of a ListGatewayTargets answer."""
    if not isinstance(items, list):
        return []
    return [str(item.get("targetId")) for item in items if isinstance(item, dict)]


# -- Cognito ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolRef:
    """A user pool the deployment names, and where."""

    pool_id: str
    region: str | None
    where: Where
    via: str  # "discovery URL" | "user_pool_id"


def discovery_pool(view: GatewayView | None) -> PoolRef | None:
    """The Cognito pool in the gateway's discovery URL, if it is a Cognito one."""
    if view is None or view.gateway.jwt is None:
        return None
    jwt = view.gateway.jwt
    parsed = parse_cognito_discovery(jwt.discovery_url)
    if parsed is None or not parsed.pool_id:
        return None
    region = parsed.region or pool_region(parsed.pool_id) or view.region
    return PoolRef(parsed.pool_id, region, view.at(jwt, "discovery_url"), "discovery URL")


def written_client_pool(deployment: Deployment, session_region: str | None) -> PoolRef | None:
    """The pool the client config's ``user_pool_id`` names."""
    client = deployment.client
    if client is None or not isinstance(client.user_pool_id, str):
        return None
    pool_id = client.user_pool_id.strip()
    if not pool_id:
        return None
    region = pool_region(pool_id) or default_region(deployment, session_region)
    return PoolRef(pool_id, region, Where(client, "user_pool_id"), "user_pool_id")


def client_pool(
    deployment: Deployment, view: GatewayView | None, session_region: str | None
) -> PoolRef | None:
    """The pool the app client should live in: ``user_pool_id``, else the discovery pool."""
    return written_client_pool(deployment, session_region) or discovery_pool(view)


def client_id_of(deployment: Deployment) -> str | None:
    """The client config's ``client_id``, stripped, when it has one."""
    client = deployment.client
    if client is None or not isinstance(client.client_id, str) or not client.client_id.strip():
        return None
    return client.client_id.strip()


def allowed_client_ids(view: GatewayView | None) -> list[tuple[int, str]]:
    """(index, client ID) of each usable ``allowedClients`` entry of the gateway."""
    jwt = view.gateway.jwt if view is not None else None
    if jwt is None or not isinstance(jwt.allowed_clients, list):
        return []
    return [
        (index, value.strip())
        for index, value in enumerate(jwt.allowed_clients)
        if isinstance(value, str) and value.strip()
    ]


# -- the execution role -----------------------------------------------------------------


@dataclass(frozen=True)
class RoleRef:
    """The execution role the gateway names, and where."""

    arn: str
    name: str
    account: str
    partition: str
    where: Where


def role_ref(view: GatewayView | None) -> RoleRef | None:
    """The gateway's role, when its ``roleArn`` is an IAM role ARN."""
    if view is None or not isinstance(view.gateway.role_arn, str):
        return None
    text = view.gateway.role_arn.strip()
    arn = parse_arn(text)
    if arn is None or arn.service != "iam" or not arn.resource.startswith("role/"):
        return None
    name = arn.resource.rstrip("/").split("/")[-1]
    if not name:
        return None
    return RoleRef(text, name, arn.account, arn.partition, view.at(view.gateway, "role_arn"))


# -- runtimes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuntimeRef:
    """A runtime a target reaches, and where the config names it."""

    target: Target
    field: str  # "endpoint" (mcpServer URL) or "runtime_arn" (http.agentcoreRuntime)
    kind: str  # "mcpServer" or "agentcoreRuntime"
    arn: str  # runtime ARN as written (decoded), possibly an endpoint ARN
    runtime_id: str
    region: str | None
    qualifier: str
    endpoint_arn_given: bool  # the ARN is a runtime *endpoint* ARN

    @property
    def runtime_arn(self) -> str:
        """The runtime's ARN (the endpoint part stripped): the resource findings name."""
        return self.arn.split("/runtime-endpoint/")[0]

    @property
    def endpoint_resource(self) -> str:
        return f"{self.runtime_arn}/runtime-endpoint/{self.qualifier}"


def _runtime_ref(
    target: Target,
    field: str,
    kind: str,
    arn_text: str,
    region: str | None,
    qualifier: Any,
) -> RuntimeRef | None:
    arn = parse_arn(arn_text.strip())
    if arn is None or arn.service != "bedrock-agentcore" or not arn.resource.startswith("runtime/"):
        return None
    rest = arn.resource[len("runtime/") :]
    runtime_id = rest.split("/")[0]
    if not runtime_id:
        return None
    chosen = qualifier.strip() if isinstance(qualifier, str) and qualifier.strip() else "DEFAULT"
    return RuntimeRef(
        target=target,
        field=field,
        kind=kind,
        arn=arn_text.strip(),
        runtime_id=runtime_id,
        region=arn.region or region,
        qualifier=chosen,
        endpoint_arn_given="/runtime-endpoint/" in rest,
    )


def target_runtime_refs(
    target: Target,
    fallback: str | None,
    *,
    kinds: tuple[str, ...] = ("mcpServer", "agentcoreRuntime"),
) -> list[RuntimeRef]:
    """The runtime a target reaches: its mcpServer runtime URL, its http.agentcoreRuntime ARN.

    The region is the ARN's, else the URL's, else ``fallback``.
    """
    refs: list[RuntimeRef | None] = []
    if "mcpServer" in kinds and "mcpServer" in target.kinds:
        url = parse_runtime_url(target.endpoint)
        if url is not None:
            region = url.region or fallback
            refs.append(
                _runtime_ref(target, "endpoint", "mcpServer", url.arn, region, url.qualifier)
            )
    if (
        "agentcoreRuntime" in kinds
        and "agentcoreRuntime" in target.kinds
        and isinstance(target.runtime_arn, str)
    ):
        refs.append(
            _runtime_ref(
                target,
                "runtime_arn",
                "agentcoreRuntime",
                target.runtime_arn,
                fallback,
                target.runtime_qualifier,
            )
        )
    return [ref for ref in refs if ref is not None]


def runtime_refs(
    deployment: Deployment,
    session_region: str | None,
    *,
    kinds: tuple[str, ...] = ("mcpServer", "agentcoreRuntime"),
) -> list[RuntimeRef]:
    """Every (target, runtime) pair of the deployment (see :func:`target_runtime_refs`).

    A runtime ARN without a region gets the input's region, else the session's.
    """
    fallback = default_region(deployment, session_region)
    return [
        ref
        for target in deployment.targets
        for ref in target_runtime_refs(target, fallback, kinds=kinds)
    ]


# -- Lambda functions -------------------------------------------------------------------


@dataclass(frozen=True)
class LambdaRef:
    """A Lambda function a target or an interceptor invokes."""

    node: Node
    field: str
    what: str  # "target X" / "interceptor 1 of gateway Y"
    arn: str
    function: str  # the unqualified function ARN
    qualifier: str | None
    region: str


def lambda_refs(deployment: Deployment) -> list[LambdaRef]:
    """Every function ARN of a Lambda target or a gateway interceptor.

    A value that is not a function ARN is left to the offline ARN rules.
    """
    candidates: list[tuple[Node, str, str, Any]] = []
    for target in deployment.targets:
        if "lambda" in target.kinds and target.lambda_arn is not None:
            candidates.append((target, "lambda_arn", target.label, target.lambda_arn))
    gateway = deployment.gateway
    if gateway is not None:
        for index, interceptor in enumerate(gateway.interceptors or []):
            if interceptor.lambda_arn is not None:
                label = f"interceptor {index + 1} of {gateway.label}"
                candidates.append((interceptor, "lambda_arn", label, interceptor.lambda_arn))
    refs: list[LambdaRef] = []
    for node, field, what, value in candidates:
        if not isinstance(value, str):
            continue
        match = apispec.pattern("LambdaFunctionArn").match(value.strip())
        if match is None:
            continue
        arn = value.strip()
        qualifier = match.group(7)
        function = arn[: -(len(qualifier) + 1)] if qualifier else arn
        refs.append(LambdaRef(node, field, what, arn, function, qualifier, match.group(2)))
    return refs


def function_account(ref: LambdaRef) -> str | None:
    """The account the function ARN names (None when it names none)."""
    arn = parse_arn(ref.arn)
    return arn.account if arn is not None and arn.account else None


def proxy_name(deployment: Deployment) -> str | None:
    """The proxy Lambda function as written (``proxy_lambda`` / ``--lambda``), stripped."""
    value = deployment.proxy_lambda
    return value.strip() if isinstance(value, str) and value.strip() else None


def proxy_region(deployment: Deployment, name: str, session_region: str | None) -> str | None:
    """The function ARN's region, else the input's, else the gateway's, else the session's."""
    arn = parse_arn(name)
    if arn is not None and arn.region:
        return arn.region
    written = written_region(deployment)
    if written is not None:
        return written
    refs = gateway_refs(deployment, session_region)
    return refs[0].region if refs else session_region


__all__ = [
    "GatewayRef",
    "GatewayView",
    "LambdaRef",
    "PoolRef",
    "RoleRef",
    "RuntimeRef",
    "Where",
    "allowed_client_ids",
    "client_gateway_ref",
    "client_id_of",
    "client_pool",
    "config_view",
    "default_region",
    "discovery_pool",
    "entry",
    "fetched_view",
    "function_account",
    "gateway_id_of",
    "gateway_refs",
    "lambda_refs",
    "listed_target_ids",
    "proxy_name",
    "proxy_region",
    "role_ref",
    "runtime_refs",
    "target_runtime_refs",
    "written_client_pool",
    "written_region",
]
