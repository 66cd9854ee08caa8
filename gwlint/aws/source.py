"""The live source: Deployment models built from what is deployed.

``--gateway ID|ARN|URL`` becomes GetGateway + ListGatewayTargets (all pages) +
GetGatewayTarget for every target (fetched concurrently), fed through the same
builders as an AWS API file (:mod:`gwlint.sources.aws_api`), so every offline
rule runs on the deployed configuration too. ``--all-gateways`` does it for
each gateway of the region. Nodes carry ``file=None`` and the gateway's ARN as
their resource; findings on them have no file, pointer, line or column.

:func:`warm` then prefetches, concurrently, the reads the live rules are known
to make for a deployment (the gateways and their targets, runtimes and
endpoints, Lambda targets, interceptors and the proxy function, the execution
role and its policies, the Cognito pools and app clients). It resolves what a
deployment names with :mod:`gwlint.resolve` and spells each read with
:class:`gwlint.livecheck.Read`, as the rules do, so the rules mostly read the
cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from gwlint.aws.schedule import PENDING, Answer, Planner, run_by_dependency
from gwlint.awsformats import parse_arn, parse_gateway_url
from gwlint.credential_refs import (
    ProviderRef,
    target_provider_refs,
    vault_secret_read,
    workload_identity_name,
)
from gwlint.credentials import is_three_legged
from gwlint.facts import AccessDenied, Facts, LiveError, NotFound, prefetch
from gwlint.function_urls import parse_function_url
from gwlint.livecheck import CONTROL, Read, api_stage, ask
from gwlint.model import Deployment, Origin, Target
from gwlint.reads import declared_kinds, kind_of
from gwlint.resolve import (
    GatewayView,
    RoleRef,
    allowed_client_ids,
    client_gateway_ref,
    client_id_of,
    config_view,
    discovery_pool,
    fetched_view,
    function_account,
    gateway_refs,
    lambda_refs,
    listed_target_ids,
    proxy_name,
    proxy_region,
    role_ref,
    runtime_refs,
    written_client_pool,
    written_region,
)
from gwlint.resolve import default_region as home_region
from gwlint.sources.aws_api import gateway_from_api, target_from_api


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
        gateway = ask(facts, Read.gateway(ref.identifier, where))
    except NotFound:
        raise SourceError(subject, f"no such gateway in {where}") from None
    except LiveError as exc:
        raise SourceError(subject, f"cannot read it: {_describe(exc)}") from None
    unlisted: str | None = None
    try:
        summaries = ask(facts, Read.targets(ref.identifier, where))
    except LiveError as exc:
        # GW402 reads the same (memoised) list and reports the error; the
        # gateway's own checks still run, and no rule may pass the targets.
        summaries, unlisted = [], _describe(exc)
    ids = [s["targetId"] for s in summaries if isinstance(s, dict) and s.get("targetId")]
    prefetch(facts, [Read.target(ref.identifier, i, where) for i in ids])
    details: list[dict[str, Any]] = []
    unread: list[str | None] = []
    for summary in summaries:
        if not isinstance(summary, dict):
            continue
        try:
            detail = ask(facts, Read.target(ref.identifier, summary.get("targetId"), where))
            unread.append(None)
        except LiveError as exc:
            detail = dict(summary)  # only what the list says: rules cannot pass it
            unread.append(_describe(exc))
        details.append(detail)
    deployment = assemble(ref, where, gateway, details, proxy_lambda)
    for target, why in zip(deployment.targets, unread, strict=True):
        target.unread = why
    deployment.targets_unread = unlisted
    return deployment


def assemble(
    ref: GatewayRef,
    where: str | None,
    gateway: dict[str, Any],
    details: list[dict[str, Any]],
    proxy_lambda: str | None,
) -> Deployment:
    """A deployed gateway's Deployment from its GetGateway and GetGatewayTarget answers."""
    arn = gateway.get("gatewayArn") if isinstance(gateway.get("gatewayArn"), str) else None
    resource = arn or f"gateway {ref.identifier}"
    deployment = Deployment(
        file=None,
        shape="live",
        format="live",
        region=where,
        proxy_lambda=proxy_lambda,
        origin=Origin(file=None, resource=resource),
    )
    deployment.gateway = gateway_from_api(gateway, "", None, resource=resource)
    for detail in details:
        detail.setdefault("gatewayArn", arn)
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
    prefetch(facts, [Read.gateway(i, where) for i in ids])
    return [
        gateway_deployment(facts, GatewayRef(i, where, i), region=where, proxy_lambda=proxy_lambda)
        for i in ids
    ]


def region_of(deployment: Deployment) -> str | None:
    """The region a file deployment names (its own, the client's, or one in its URLs/ARNs)."""
    written = written_region(deployment)
    if written is not None:
        return written
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


_PENDING = PENDING


@cache
def rule_kinds() -> frozenset[str]:
    """The read kinds the registered live rules declare (and the source's own)."""
    from gwlint.registry import all_rules

    return declared_kinds(all_rules())


def declared(reads: list[Read], kinds: frozenset[str] | None) -> list[Read]:
    """The reads of a kind some rule declares (``kinds``; default: every live rule's)."""
    wanted = rule_kinds() if kinds is None else kinds
    out = []
    for read in reads:
        kind = kind_of(read.service, read.operation)
        if kind is not None and kind.name in wanted:
            out.append(read)
    return out


def warm_calls(
    deployment: Deployment,
    default_region: str | None,
    answer: Answer | None = None,
    kinds: frozenset[str] | None = None,
) -> list[Read]:
    """The reads the live rules make for ``deployment``, as prefetch calls.

    Only reads of the kinds the rules declare (``kinds``, by default those of
    every registered live rule: :func:`gwlint.reads.declared_kinds`) are planned,
    so the prefetch follows the rules' ``@rule(reads=...)``.

    Every reference is resolved with :mod:`gwlint.resolve` and every read
    spelled by :class:`gwlint.livecheck.Read`, exactly as the rules do, so a
    prefetched answer is the rule's cache entry. Reads that depend on another
    answer (a target's details, the role's policies, a gateway the client
    config names only by URL) are included once ``answer`` knows it; without
    ``answer``, only the first round.
    """
    known: Answer = answer or (lambda read: _PENDING)
    region = default_region
    reads: list[Read] = [Read("sts", "get_caller_identity", {}, None)]

    def with_targets(identifier: str, where: str | None) -> list[Target]:
        """The target reads; returns the targets whose details are known already."""
        listing = Read.targets(identifier, where)
        reads.append(listing)
        items = known(listing)
        if items is _PENDING:
            return []
        details = [Read.target(identifier, t, where) for t in listed_target_ids(items)]
        reads.extend(details)
        answers = [known(read) for read in details]
        return [target_from_api(a, "", None) for a in answers if isinstance(a, dict)]

    # the gateways it names (GW401, GW402)
    for ref in gateway_refs(deployment, region):
        reads.append(Read.gateway(ref.identifier, ref.region))
        with_targets(ref.identifier, ref.region)
    # runtimes (GW403-GW405), Lambda targets and interceptors (GW501), the proxy (GW502, GW603)
    for runtime in runtime_refs(deployment, region):
        reads.append(Read.runtime(runtime))
        if not runtime.endpoint_arn_given:
            reads.append(Read.runtime_endpoint(runtime))
    for function in lambda_refs(deployment):
        reads.append(Read.function(function.function, function.region, function.qualifier))
    proxy = proxy_name(deployment)
    if proxy is not None:
        reads.append(Read.function(proxy, proxy_region(deployment, proxy, region)))
    # the gateway whose authorizer and role the Cognito and IAM rules check
    view = config_view(deployment, region)
    client_ref = client_gateway_ref(deployment, region) if view is None else None
    if client_ref is not None:
        data = known(Read.gateway(client_ref.identifier, client_ref.region))
        if isinstance(data, dict):
            view = fetched_view(data, client_ref)
            if view.identifier is not None:
                fetched = with_targets(view.identifier, view.region)  # GW231, GW512
                reads.extend(_target_reads(fetched, view, region, known))
    if view is None or not view.fetched:
        home = home_region(deployment, region)
        reads.extend(_target_reads(deployment.targets, view, home, known))
    reads.extend(_cognito_reads(deployment, view, region))
    role = role_ref(view)
    reads.extend(_role_reads(role, known))
    account = (view.account if view is not None else None) or (role.account if role else None)
    for function in lambda_refs(deployment) if account else []:  # GW514: another account's
        if function_account(function) not in (None, account):
            reads.append(
                Read.function_policy(function.function, function.region, function.qualifier)
            )
    return declared(reads, kinds)


def _target_reads(
    targets: list[Target], view: GatewayView | None, region: str | None, known: Answer
) -> list[Read]:
    """What the target rules read beyond the targets themselves.

    GW231 and GW512: each OAuth / API-key credential provider and its token-vault
    secret; GW233: the gateway's workload identity, for authorization-code targets;
    GW232: each API Gateway stage; GW512: the functions of the URL's region
    and their URL configurations, for a function URL reached with the gateway's role.
    """
    reads: list[Read] = []
    for ref in target_provider_refs(targets, view, region):
        if isinstance(ref, ProviderRef):
            reads += [ref.read, vault_secret_read(ref.kind, ref.arn, ref.region)]
    three_legged = any(is_three_legged(p) for t in targets for p in t.credential_providers or [])
    if three_legged and view is not None and view.identifier is not None:  # GW233
        head = Read.gateway(view.identifier, view.region)
        reads.append(head)
        name = workload_identity_name(known(head))
        if name is not None:
            reads.append(Read.workload_identity(name, view.region))
    where = view.region if view is not None else region
    for target in targets:
        stage = api_stage(target)
        if stage is not None:
            reads.append(Read.api_stage(stage[0], stage[1], where))
        url = parse_function_url(target.endpoint) if "mcpServer" in target.kinds else None
        types = [p.provider_type for p in target.credential_providers or []]
        if url is not None and "GATEWAY_IAM_ROLE" in types:
            listing = Read.functions(url.region)
            reads.append(listing)
            functions = known(listing)
            for item in functions if isinstance(functions, list) else []:
                if isinstance(item, dict) and item.get("FunctionName"):
                    reads.append(Read.function_url(str(item["FunctionName"]), url.region))
    return reads


def _cognito_reads(
    deployment: Deployment, view: GatewayView | None, region: str | None
) -> list[Read]:
    """GW321-GW326: the pools, the app clients and the discovery pool's client list."""
    reads: list[Read] = []
    written = written_client_pool(deployment, region)
    discovery = discovery_pool(view)
    reads += [Read.user_pool(pool) for pool in (written, discovery) if pool is not None]
    client_id = client_id_of(deployment)
    pool = written or discovery
    if pool is not None and client_id is not None:
        reads.append(Read.pool_client(pool.pool_id, client_id, pool.region))
    if discovery is not None:
        for _, allowed in allowed_client_ids(view):
            reads.append(Read.pool_client(discovery.pool_id, allowed, discovery.region))
        if client_id is not None:
            reads.append(Read.pool_clients(discovery))
    return reads


def _role_reads(role: RoleRef | None, known: Answer) -> list[Read]:
    """GW510-GW512: the role, its inline and attached policies and their documents."""
    if role is None:
        return []
    name = role.name
    inline, attached = Read.role_policies(name), Read.attached_policies(name)
    reads = [Read.role(name), inline, attached]
    names = known(inline)
    if isinstance(names, list):
        reads += [Read.role_policy(name, str(policy)) for policy in names]
    policy_arns: list[str] = []
    items = known(attached)
    if isinstance(items, list):
        policy_arns += [
            str(item["PolicyArn"])
            for item in items
            if isinstance(item, dict) and item.get("PolicyArn")
        ]
    boundary = _field(_field(known(Read.role(name)), "Role"), "PermissionsBoundary")
    if _field(boundary, "PermissionsBoundaryArn"):
        policy_arns.append(str(_field(boundary, "PermissionsBoundaryArn")))
    for arn in dict.fromkeys(policy_arns):
        reads.append(Read.policy(arn))
        version = _field(_field(known(Read.policy(arn)), "Policy"), "DefaultVersionId")
        if version:
            reads.append(Read.policy_version(arn, version))
    return reads


def _field(answer: Any, key: str) -> Any:
    """``answer[key]`` when ``answer`` is an object, else None."""
    return answer.get(key) if isinstance(answer, dict) else None


def account_reads(
    facts: Facts,
    refs: list[GatewayRef],
    *,
    all_gateways: bool = False,
    proxy_lambda: str | None = None,
    deployments: list[Deployment] | None = None,
    kinds: frozenset[str] | None = None,
) -> Planner:
    """The planner of a whole live run: the credentials check, the gateways named on the
    command line (and, with ``all_gateways``, every gateway of the region), their targets,
    and what the live rules read for each of those and for ``deployments`` (files).

    A deployed gateway's rule reads are planned from its answers as they arrive (its
    role once GetGateway answers, a target's runtime once that target's details do).
    """
    region = facts.region
    kinds = rule_kinds() if kinds is None else kinds  # once, before the first read

    def gateway_reads(ref: GatewayRef, known: Answer) -> list[Read]:
        where = ref.region or region
        head = Read.gateway(ref.identifier, where)
        listing = Read.targets(ref.identifier, where)
        reads = [head, listing]
        items = known(listing)
        ids = listed_target_ids(items) if isinstance(items, list) else []
        details = [Read.target(ref.identifier, i, where) for i in ids]
        reads += details
        gateway = known(head)
        if isinstance(gateway, dict):
            deployment = assemble(ref, where, gateway, [], proxy_lambda)
            deployment.targets = [t for t in (target(d, known) for d in details) if t]
            reads += warm_calls(deployment, region, known, kinds)
        return reads

    models: dict[str, Target] = {}  # each target's model built once, not at every re-plan

    def target(read: Read, known: Answer) -> Target | None:
        key = repr(read)
        if key not in models:
            answer = known(read)
            if not isinstance(answer, dict):
                return None
            models[key] = target_from_api(dict(answer), "", None)
        return models[key]

    def plan(known: Answer) -> list[Read]:
        reads = [Read("sts", "get_caller_identity", {}, region or "us-east-1")]
        named = list(refs)
        if all_gateways:
            listing = Read(CONTROL, "list_gateways", {}, region, "items")
            reads.append(listing)
            items = known(listing)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and item.get("gatewayId"):
                    ident = str(item["gatewayId"])
                    named.append(GatewayRef(ident, region, ident))
        for ref in named:
            reads += gateway_reads(ref, known)
        for deployment in deployments or []:
            reads += warm_calls(deployment, region, known, kinds)
        return reads

    return plan


def warm(facts: Facts, deployments: list[Deployment], kinds: frozenset[str] | None = None) -> None:
    """Prefetch what the live rules will read for ``deployments``, each read as soon as
    the answers it depends on are in (:mod:`gwlint.aws.schedule`)."""
    region = facts.region
    kinds = rule_kinds() if kinds is None else kinds
    run_by_dependency(
        facts,
        lambda known: [r for d in deployments for r in warm_calls(d, region, known, kinds)],
    )


__all__ = [
    "CONTROL",
    "GatewayRef",
    "SourceError",
    "account_reads",
    "all_gateway_deployments",
    "assemble",
    "gateway_deployment",
    "parse_gateway_ref",
    "region_of",
    "warm",
    "warm_calls",
]
