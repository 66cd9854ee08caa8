"""The live source: Deployment models built from what is deployed.

``--gateway ID|ARN|URL`` becomes GetGateway + ListGatewayTargets (all pages) +
GetGatewayTarget for every target (fetched concurrently), fed through the same
builders as an AWS API file (:mod:`gwlint.sources.aws_api`), so every offline
rule runs on the deployed configuration too. ``--all-gateways`` does it for
each gateway of the region. Nodes carry ``file=None`` and the gateway's ARN as
their resource; findings on them have no file, pointer, line or column.

:func:`warm` then prefetches, concurrently, the reads the live rules are known
to make for a deployment (runtime and endpoint, Lambda functions, the
execution role, the Cognito pool and client), with the exact parameters they
use, so the rules mostly read the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import (
    LAMBDA_ARN,
    parse_arn,
    parse_cognito_discovery,
    parse_gateway_url,
    parse_runtime_url,
)
from gwlint.facts import AccessDenied, Facts, LiveError, NotFound
from gwlint.model import Deployment, Origin
from gwlint.sources.aws_api import gateway_from_api, target_from_api

CONTROL = "bedrock-agentcore-control"


class SourceError(Exception):
    """A gateway named on the command line cannot be read (exit code 2)."""

    def __init__(self, subject: str, message: str) -> None:
        super().__init__(f"{subject}: {message}")
        self.subject = subject
        self.message = message


@dataclass(frozen=True)
class GatewayRef:
    identifier: str  # the gateway ID GetGateway takes
    region: str | None  # from the ARN or URL, when written there
    written: str


def parse_gateway_ref(value: str) -> GatewayRef:
    """A gateway ID, ARN or MCP URL -> its ID and (when it says) region."""
    text = value.strip()
    arn = parse_arn(text)
    if arn is not None:
        if arn.service != "bedrock-agentcore" or not arn.resource.startswith("gateway/"):
            raise SourceError(f"--gateway {text}", "not a gateway ARN (…:gateway/<id>)")
        ident = arn.resource[len("gateway/") :].split("/")[0]
        if not ident:
            raise SourceError(f"--gateway {text}", "the ARN names no gateway ID")
        return GatewayRef(ident, arn.region or None, text)
    if "://" in text:
        url = parse_gateway_url(text)
        if url is None:
            raise SourceError(
                f"--gateway {text}",
                "not a gateway URL (https://<id>.gateway.bedrock-agentcore.<region>"
                ".amazonaws.com/mcp)",
            )
        return GatewayRef(url.gateway_id, url.region, text)
    if not text or "/" in text or " " in text:
        raise SourceError(f"--gateway {text!r}", "expected a gateway ID, ARN or URL")
    return GatewayRef(text, None, text)


def _describe(exc: LiveError) -> str:
    if isinstance(exc, AccessDenied):
        return f"access denied; gwlint needs {exc.action} (see 'gwlint iam-policy')"
    return str(exc)


def gateway_deployment(
    facts: Facts, ref: GatewayRef, *, region: str | None = None, proxy_lambda: str | None = None
) -> Deployment:
    """The Deployment of one deployed gateway and its targets."""
    where = ref.region or region or facts.region
    subject = f"gateway {ref.written}"
    try:
        gateway = facts.call(CONTROL, "get_gateway", gatewayIdentifier=ref.identifier, region=where)
    except NotFound:
        raise SourceError(subject, f"no such gateway in {where}") from None
    except LiveError as exc:
        raise SourceError(subject, f"cannot read it: {_describe(exc)}") from None
    arn = gateway.get("gatewayArn") if isinstance(gateway.get("gatewayArn"), str) else None
    resource = arn or f"gateway {ref.identifier}"
    deployment = Deployment(
        file=None,
        shape="live",
        region=where,
        proxy_lambda=proxy_lambda,
        origin=Origin(file=None, resource=resource),
    )
    deployment.gateway = gateway_from_api(gateway, "", None, resource=resource)
    try:
        summaries = facts.paginate(
            CONTROL, "list_gateway_targets", "items", gatewayIdentifier=ref.identifier, region=where
        )
    except LiveError:
        # GW402 reads the same (memoised) list and reports the error; the
        # gateway's own checks still run.
        summaries = []
    ids = [s["targetId"] for s in summaries if isinstance(s, dict) and s.get("targetId")]
    calls = [
        (CONTROL, "get_gateway_target", {"gatewayIdentifier": ref.identifier, "targetId": i}, where)
        for i in ids
    ]
    runner = getattr(facts, "prefetch", None)
    if callable(runner):
        runner(calls)
    details: list[dict[str, Any]] = []
    for summary in summaries:
        if not isinstance(summary, dict):
            continue
        try:
            detail = facts.call(
                CONTROL,
                "get_gateway_target",
                gatewayIdentifier=ref.identifier,
                targetId=summary.get("targetId"),
                region=where,
            )
        except LiveError:
            detail = dict(summary)  # GW402 reports why the details are missing
        detail.setdefault("gatewayArn", arn)
        details.append(detail)
    deployment.targets = [target_from_api(d, "", None, resource=resource) for d in details]
    deployment.raw = {"gateway": gateway, "targets": details}
    return deployment


def all_gateway_deployments(
    facts: Facts, *, region: str | None = None, proxy_lambda: str | None = None
) -> list[Deployment]:
    """One Deployment per gateway in the region (ListGateways, all pages)."""
    where = region or facts.region
    try:
        items = facts.paginate(CONTROL, "list_gateways", "items", region=where)
    except LiveError as exc:
        raise SourceError(f"gateways in {where}", f"cannot list them: {_describe(exc)}") from None
    ids = [str(i["gatewayId"]) for i in items if isinstance(i, dict) and i.get("gatewayId")]
    runner = getattr(facts, "prefetch", None)
    if callable(runner):
        runner([(CONTROL, "get_gateway", {"gatewayIdentifier": i}, where) for i in ids])
    return [
        gateway_deployment(facts, GatewayRef(i, where, i), region=where, proxy_lambda=proxy_lambda)
        for i in ids
    ]


def region_of(deployment: Deployment) -> str | None:
    """The region a file deployment names (its own, the client's, or one in its URLs/ARNs)."""
    for value in (
        deployment.region,
        deployment.client.region if deployment.client is not None else None,
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    gateway = deployment.gateway
    candidates: list[Any] = []
    if gateway is not None:
        candidates += [gateway.gateway_arn, gateway.gateway_url]
    if deployment.client is not None:
        candidates.append(deployment.client.gateway_url)
    for value in candidates:
        arn = parse_arn(value)
        if arn is not None and arn.region:
            return arn.region
        url = parse_gateway_url(value)
        if url is not None:
            return url.region
    return None


def warm_calls(deployment: Deployment, default_region: str | None) -> list[tuple[Any, ...]]:
    """The independent reads the live rules make for ``deployment``, as prefetch calls."""
    region = region_of(deployment) or default_region
    calls: list[tuple[Any, ...]] = [("sts", "get_caller_identity", {}, None)]
    seen_runtimes: set[tuple[str, str | None]] = set()
    for target in deployment.targets:
        runtime_arn: str | None = None
        qualifier: str | None = None
        url = parse_runtime_url(target.endpoint)
        if url is not None:
            runtime_arn, qualifier = url.arn, url.qualifier
        elif isinstance(target.runtime_arn, str):
            runtime_arn = target.runtime_arn
            qualifier = (
                target.runtime_qualifier if isinstance(target.runtime_qualifier, str) else None
            )
        arn = parse_arn(runtime_arn)
        if arn is not None and arn.resource.startswith("runtime/"):
            runtime_id = arn.resource[len("runtime/") :].split("/")[0]
            key = (runtime_id, arn.region or region)
            if runtime_id and key not in seen_runtimes:
                seen_runtimes.add(key)
                where = arn.region or region
                calls.append((CONTROL, "get_agent_runtime", {"agentRuntimeId": runtime_id}, where))
                calls.append(
                    (
                        CONTROL,
                        "get_agent_runtime_endpoint",
                        {"agentRuntimeId": runtime_id, "endpointName": qualifier or "DEFAULT"},
                        where,
                    )
                )
        lambda_arns = [target.lambda_arn] if "lambda" in target.kinds else []
        for value in lambda_arns:
            match = LAMBDA_ARN.match(value.strip()) if isinstance(value, str) else None
            if match is None:
                continue
            qualifier_part = match.group(7)
            function = value.strip()
            params: dict[str, Any] = {
                "FunctionName": function[: -(len(qualifier_part) + 1)]
                if qualifier_part
                else function
            }
            if qualifier_part:
                params["Qualifier"] = qualifier_part
            calls.append(("lambda", "get_function_configuration", params, match.group(2)))
    role_name = _role_name(deployment)
    if role_name:
        calls.append(("iam", "get_role", {"RoleName": role_name}, None))
        calls.append(("iam", "list_role_policies", {"RoleName": role_name}, None, "PolicyNames"))
        calls.append(
            (
                "iam",
                "list_attached_role_policies",
                {"RoleName": role_name},
                None,
                "AttachedPolicies",
            )
        )
    gateway = deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    discovery = parse_cognito_discovery(jwt.discovery_url if jwt is not None else None)
    if jwt is not None and discovery is not None and discovery.pool_id:
        pool, where = discovery.pool_id, discovery.region
        calls.append(("cognito-idp", "describe_user_pool", {"UserPoolId": pool}, where))
        calls.append(
            (
                "cognito-idp",
                "list_user_pool_clients",
                {"UserPoolId": pool, "MaxResults": 60},
                where,
                "UserPoolClients",
            )
        )
        clients = list(jwt.allowed_clients) if isinstance(jwt.allowed_clients, list) else []
        if deployment.client is not None:
            clients.append(deployment.client.client_id)
        for client_id in dict.fromkeys(c for c in clients if isinstance(c, str) and c):
            calls.append(
                (
                    "cognito-idp",
                    "describe_user_pool_client",
                    {"UserPoolId": pool, "ClientId": client_id},
                    where,
                )
            )
    return calls


def _role_name(deployment: Deployment) -> str | None:
    gateway = deployment.gateway
    role = parse_arn(gateway.role_arn if gateway is not None else None)
    if role is not None and role.service == "iam" and role.resource.startswith("role/"):
        return role.resource.rsplit("/", 1)[-1] or None
    return None


def _followups(facts: Facts, deployment: Deployment) -> list[tuple[Any, ...]]:
    """Reads that depend on a first-round answer (already cached): the role's policies."""
    name = _role_name(deployment)
    if not name:
        return []
    calls: list[tuple[Any, ...]] = []
    try:
        for policy in facts.paginate("iam", "list_role_policies", "PolicyNames", RoleName=name):
            calls.append(("iam", "get_role_policy", {"RoleName": name, "PolicyName": policy}, None))
    except LiveError:
        pass
    try:
        attached = facts.paginate(
            "iam", "list_attached_role_policies", "AttachedPolicies", RoleName=name
        )
    except LiveError:
        attached = []
    for item in attached:
        if isinstance(item, dict) and item.get("PolicyArn"):
            calls.append(("iam", "get_policy", {"PolicyArn": item["PolicyArn"]}, None))
    return calls


def _versions(facts: Facts, calls: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """GetPolicyVersion of the default version of each policy GetPolicy returned."""
    out: list[tuple[Any, ...]] = []
    for call in calls:
        if call[1] != "get_policy":
            continue
        try:
            policy = facts.call("iam", "get_policy", **call[2]).get("Policy") or {}
        except LiveError:
            continue
        version = policy.get("DefaultVersionId")
        if version:
            params = {"PolicyArn": call[2]["PolicyArn"], "VersionId": version}
            out.append(("iam", "get_policy_version", params, None))
    return out


def warm(facts: Facts, deployments: list[Deployment]) -> None:
    """Prefetch, concurrently, what the live rules will read for ``deployments``."""
    runner = getattr(facts, "prefetch", None)
    if not callable(runner):
        return
    calls: list[tuple[Any, ...]] = []
    for deployment in deployments:
        calls.extend(warm_calls(deployment, facts.region))
    runner(_unique(calls))
    # second and third rounds: reads whose parameters come from the first answers
    followups = _unique([c for d in deployments for c in _followups(facts, d)])
    runner(followups)
    runner(_unique(_versions(facts, followups)))


def _unique(calls: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    unique: dict[str, tuple[Any, ...]] = {}
    for call in calls:
        unique.setdefault(repr(call), call)
    return list(unique.values())


__all__ = [
    "CONTROL",
    "GatewayRef",
    "SourceError",
    "all_gateway_deployments",
    "gateway_deployment",
    "parse_gateway_ref",
    "region_of",
    "warm",
    "warm_calls",
]
