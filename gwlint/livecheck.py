"""Reading the account for the live rules, and reporting what could not be read.

- :class:`Read`: one read-only call with the exact parameter spelling every
  live rule and the live source's prefetch use, so they share one cache entry.
- Fetch helpers (the gateway, its targets, a runtime, a user pool and app
  client, the execution role, the proxy function) that raise
  :class:`gwlint.facts.LiveError`, or answer ``(value, finding)`` where a
  missing prerequisite becomes a ``skip`` and an unreadable one an ``error``.
- :func:`cannot_check`: the ``error`` finding for AccessDenied (naming the IAM
  action to allow) and Unavailable answers: never a pass.

No boto3 here: the offline path imports every rule module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from gwlint.facts import AccessDenied, Facts, LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.model import Node, Target
from gwlint.resolve import (
    GatewayRef,
    GatewayView,
    PoolRef,
    RoleRef,
    RuntimeRef,
    Where,
    client_gateway_ref,
    client_pool,
    config_view,
    discovery_pool,
    fetched_view,
    listed_target_ids,
    proxy_name,
    proxy_region,
    role_ref,
)
from gwlint.rule import Context, describe_value
from gwlint.sources.aws_api import target_from_api

# -- services and the IAM actions of the reads ------------------------------------------

CONTROL = "bedrock-agentcore-control"
COGNITO = "cognito-idp"
IAM = "iam"
LAMBDA = "lambda"

GET_GATEWAY = "bedrock-agentcore:GetGateway"
LIST_TARGETS = "bedrock-agentcore:ListGatewayTargets"
GET_TARGET = "bedrock-agentcore:GetGatewayTarget"
GET_RUNTIME = "bedrock-agentcore:GetAgentRuntime"
GET_ENDPOINT = "bedrock-agentcore:GetAgentRuntimeEndpoint"
GET_FUNCTION_CONFIGURATION = "lambda:GetFunctionConfiguration"
DESCRIBE_USER_POOL = "cognito-idp:DescribeUserPool"
DESCRIBE_CLIENT = "cognito-idp:DescribeUserPoolClient"
LIST_CLIENTS = "cognito-idp:ListUserPoolClients"
GET_ROLE = "iam:GetRole"
LIST_ROLE_POLICIES = "iam:ListRolePolicies"
GET_ROLE_POLICY = "iam:GetRolePolicy"
LIST_ATTACHED = "iam:ListAttachedRolePolicies"
GET_POLICY = "iam:GetPolicy"
GET_POLICY_VERSION = "iam:GetPolicyVersion"
GET_OAUTH2_PROVIDER = "bedrock-agentcore:GetOauth2CredentialProvider"
GET_API_KEY_PROVIDER = "bedrock-agentcore:GetApiKeyCredentialProvider"
#: API Gateway's management reads (GetStage, GetRestApi) are one IAM action.
GET_APIGATEWAY = "apigateway:GET"
LIST_FUNCTIONS = "lambda:ListFunctions"
GET_FUNCTION_URL_CONFIG = "lambda:GetFunctionUrlConfig"


class Read(NamedTuple):
    """One read: ``facts.call`` (or ``facts.paginate`` when ``result_key`` is set).

    A ``Read`` is also a prefetch item, ``(service, operation, params, region,
    result_key)``: what :func:`gwlint.facts.prefetch` and the source's warm-up
    take, so a prefetched answer is the one the rule asks for.
    """

    service: str
    operation: str
    params: dict[str, Any]
    region: str | None = None
    result_key: str | None = None

    # AgentCore
    @staticmethod
    def gateway(identifier: str, region: str | None) -> Read:
        return Read(CONTROL, "get_gateway", {"gatewayIdentifier": identifier}, region)

    @staticmethod
    def targets(identifier: str, region: str | None) -> Read:
        params = {"gatewayIdentifier": identifier}
        return Read(CONTROL, "list_gateway_targets", params, region, "items")

    @staticmethod
    def target(identifier: str, target_id: Any, region: str | None) -> Read:
        params = {"gatewayIdentifier": identifier, "targetId": target_id}
        return Read(CONTROL, "get_gateway_target", params, region)

    @staticmethod
    def runtime(ref: RuntimeRef) -> Read:
        return Read(CONTROL, "get_agent_runtime", {"agentRuntimeId": ref.runtime_id}, ref.region)

    @staticmethod
    def runtime_endpoint(ref: RuntimeRef) -> Read:
        params = {"agentRuntimeId": ref.runtime_id, "endpointName": ref.qualifier}
        return Read(CONTROL, "get_agent_runtime_endpoint", params, ref.region)

    @staticmethod
    def oauth2_provider(name: str, region: str | None) -> Read:
        return Read(CONTROL, "get_oauth2_credential_provider", {"name": name}, region)

    @staticmethod
    def api_key_provider(name: str, region: str | None) -> Read:
        return Read(CONTROL, "get_api_key_credential_provider", {"name": name}, region)

    @staticmethod
    def workload_identity(name: str, region: str | None) -> Read:
        return Read(CONTROL, "get_workload_identity", {"name": name}, region)

    # Lambda
    @staticmethod
    def function(name: str, region: str | None, qualifier: str | None = None) -> Read:
        return Read(LAMBDA, "get_function_configuration", _function(name, qualifier), region)

    @staticmethod
    def function_policy(name: str, region: str | None, qualifier: str | None = None) -> Read:
        return Read(LAMBDA, "get_policy", _function(name, qualifier), region)

    @staticmethod
    def functions(region: str | None) -> Read:
        return Read(LAMBDA, "list_functions", {}, region, "Functions")

    @staticmethod
    def function_url(name: str, region: str | None) -> Read:
        return Read(LAMBDA, "get_function_url_config", {"FunctionName": name}, region)

    # API Gateway
    @staticmethod
    def api_stage(api: str, stage: str, region: str | None) -> Read:
        return Read("apigateway", "get_stage", {"restApiId": api, "stageName": stage}, region)

    @staticmethod
    def rest_api(api: str, region: str | None) -> Read:
        return Read("apigateway", "get_rest_api", {"restApiId": api}, region)

    # Cognito
    @staticmethod
    def user_pool(pool: PoolRef) -> Read:
        return Read(COGNITO, "describe_user_pool", {"UserPoolId": pool.pool_id}, pool.region)

    @staticmethod
    def pool_client(pool_id: str, client_id: str, region: str | None) -> Read:
        params = {"UserPoolId": pool_id, "ClientId": client_id}
        return Read(COGNITO, "describe_user_pool_client", params, region)

    @staticmethod
    def pool_clients(pool: PoolRef) -> Read:
        params = {"UserPoolId": pool.pool_id, "MaxResults": 60}
        return Read(COGNITO, "list_user_pool_clients", params, pool.region, "UserPoolClients")

    @staticmethod
    def pool_replicas(pool: PoolRef) -> Read:
        params = {"UserPoolId": pool.pool_id}
        return Read(COGNITO, "list_user_pool_replicas", params, pool.region, "UserPoolReplicas")

    # IAM (global: the session's region)
    @staticmethod
    def role(name: str) -> Read:
        return Read(IAM, "get_role", {"RoleName": name})

    @staticmethod
    def role_policies(name: str) -> Read:
        return Read(IAM, "list_role_policies", {"RoleName": name}, None, "PolicyNames")

    @staticmethod
    def attached_policies(name: str) -> Read:
        params = {"RoleName": name}
        return Read(IAM, "list_attached_role_policies", params, None, "AttachedPolicies")

    @staticmethod
    def role_policy(name: str, policy: str) -> Read:
        return Read(IAM, "get_role_policy", {"RoleName": name, "PolicyName": policy})

    @staticmethod
    def policy(arn: str) -> Read:
        return Read(IAM, "get_policy", {"PolicyArn": arn})

    @staticmethod
    def policy_version(arn: str, version: Any) -> Read:
        return Read(IAM, "get_policy_version", {"PolicyArn": arn, "VersionId": version})


def _function(name: str, qualifier: str | None) -> dict[str, Any]:
    """Lambda's ``FunctionName`` (and ``Qualifier`` when one is given)."""
    return {"FunctionName": name, "Qualifier": qualifier} if qualifier else {"FunctionName": name}


def api_stage(target: Target) -> tuple[str, str] | None:
    """(restApiId, stage) of an apiGateway target, when both are strings."""
    block: Any = target.api_gateway
    if not isinstance(block, dict):
        return None
    api, stage = block.get("restApiId"), block.get("stage")
    if isinstance(api, str) and api and isinstance(stage, str) and stage:
        return api, stage
    return None


def ask(facts: Facts, read: Read) -> Any:
    """The answer to ``read`` (memoised by the facade); raises LiveError."""
    if read.result_key is not None:
        return facts.paginate(
            read.service, read.operation, read.result_key, region=read.region, **read.params
        )
    return facts.call(read.service, read.operation, region=read.region, **read.params)


def session_region(ctx: Context) -> str | None:
    """The AWS session's region: the last fallback for an input that states none."""
    return ctx.facts.region if ctx.facts is not None else None


# -- findings for what could not be read ------------------------------------------------


def cannot_check(
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


def skip_at(
    ctx: Context, node: Node | None, field: str | None, reason: str, *, resource: str | None
) -> Finding:
    """A ``skip`` located at ``node.field`` (ctx.skip locates at the node)."""
    finding = ctx.skip(reason, node, resource=resource)
    if finding.pointer is None or node is None:
        return finding
    return replace(finding, pointer=node.origin.pointer_for(field))


def reasons_text(reasons: Any) -> str:
    """``statusReasons`` as one clause, or a note that there are none."""
    if isinstance(reasons, list) and reasons:
        return "; ".join(str(r) for r in reasons)
    if isinstance(reasons, str) and reasons.strip():
        return reasons.strip()
    return "the service gave no reason"


# -- the gateway and its targets --------------------------------------------------------


def fetch_gateway(ctx: Context, ref: GatewayRef) -> dict[str, Any]:
    """GetGateway for ``ref`` (memoised by the facts facade); raises LiveError."""
    assert ctx.facts is not None
    result: dict[str, Any] = ask(ctx.facts, Read.gateway(ref.identifier, ref.region))
    return result


def resolve_gateway(ctx: Context) -> tuple[GatewayView | None, Finding | None]:
    """The gateway to check, or (None, the skip/error finding), or (None, None).

    The config's own gateway; for a client config naming the gateway only by
    ``gateway_url``/``gateway_id``, the deployed one (GetGateway).
    """
    deployment = ctx.deployment
    view = config_view(deployment, session_region(ctx))
    if view is not None:
        return view, None
    client = deployment.client
    if client is None or ctx.facts is None:
        return None, None
    ref = client_gateway_ref(deployment, session_region(ctx))
    if ref is None:
        return None, None
    ident = ref.identifier
    try:
        data = ask(ctx.facts, Read.gateway(ident, ref.region))
    except NotFound:
        return None, ctx.skip(
            f"gateway {ident} was not found in {ref.region or 'the default region'}, so its "
            "authorizer, role and targets could not be read",
            client,
            resource=ident,
        )
    except LiveError as exc:
        where = Where(ref.node, ref.field)
        return None, cannot_check(ctx, where, exc, f"gateway {ident}", GET_GATEWAY, resource=ident)
    return fetched_view(data, ref), None


def gateway_targets(ctx: Context, view: GatewayView) -> tuple[list[Target], Finding | None]:
    """The config's targets, or for a fetched gateway the deployed ones."""
    if not view.fetched:
        return list(ctx.deployment.targets), None
    assert ctx.facts is not None and view.identifier is not None
    anchor = view.anchor or Where(None, None)
    try:
        ids = listed_target_ids(ask(ctx.facts, Read.targets(view.identifier, view.region)))
        reads = [Read.target(view.identifier, tid, view.region) for tid in ids]
        prefetch(ctx.facts, list(reads))
        targets = [
            target_from_api(ask(ctx.facts, read), "", None, resource=tid)
            for tid, read in zip(ids, reads, strict=True)
        ]
    except LiveError as exc:
        action = exc.action or LIST_TARGETS
        return [], cannot_check(
            ctx, anchor, exc, f"the targets of {view.label}", action, resource=view.label
        )
    return targets, None


def checked_targets(ctx: Context) -> tuple[GatewayView | None, list[Target], list[Finding]]:
    """The gateway (when there is one) and the targets to check, with why any went unread.

    The config's targets, or for a gateway the client config names the deployed ones.
    """
    view, problem = resolve_gateway(ctx)
    problems = [problem] if problem is not None else []
    if view is None:
        return None, list(ctx.deployment.targets), problems
    targets, unread = gateway_targets(ctx, view)
    return view, targets, problems + ([unread] if unread is not None else [])


# -- runtimes ---------------------------------------------------------------------------


def fetch_runtime(ctx: Context, ref: RuntimeRef) -> dict[str, Any]:
    """GetAgentRuntime for ``ref`` (memoised by the facts facade); raises LiveError."""
    assert ctx.facts is not None
    result: dict[str, Any] = ask(ctx.facts, Read.runtime(ref))
    return result


def runtime_for(ctx: Context, ref: RuntimeRef, aspect: str) -> dict[str, Any] | Finding:
    """The runtime a rule checks ``aspect`` of, in whatever status it is, or why it cannot."""
    if ref.endpoint_arn_given:
        return skip_at(
            ctx,
            ref.target,
            ref.field,
            f"{aspect} not checked: the target names a runtime endpoint ARN (see GW403).",
            resource=ref.runtime_arn,
        )
    try:
        return fetch_runtime(ctx, ref)
    except NotFound:
        return skip_at(
            ctx,
            ref.target,
            ref.field,
            f"{aspect} not checked: runtime {ref.runtime_id} does not exist (see GW403).",
            resource=ref.runtime_arn,
        )
    except LiveError as exc:
        return cannot_check(
            ctx,
            Where(ref.target, ref.field),
            exc,
            f"the {aspect} of runtime {ref.runtime_id}",
            GET_RUNTIME,
            resource=ref.runtime_arn,
        )


# -- Cognito ----------------------------------------------------------------------------


def describe_pool(ctx: Context, ref: PoolRef) -> dict[str, Any]:
    """DescribeUserPool (memoised); raises LiveError."""
    assert ctx.facts is not None
    pool = ask(ctx.facts, Read.user_pool(ref)).get("UserPool")
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


def existing_pool(
    ctx: Context, *, discovery: bool = False
) -> tuple[GatewayView | None, PoolRef | None, Finding | None]:
    """The gateway and the client's pool (or the discovery URL's), once the pool exists.

    Without a pool: the finding that explains it (gateway unreadable), or none.
    A pool that does not exist is a skip (GW321 reports it).
    """
    view, problem = resolve_gateway(ctx)
    if discovery:
        pool = discovery_pool(view)
    else:
        pool = client_pool(ctx.deployment, view, session_region(ctx))
    if pool is None:
        return view, None, problem
    missing = pool_missing(ctx, pool, ctx.deployment.client)
    if missing is not None:
        return view, None, missing
    return view, pool, None


def describe_client(ctx: Context, pool_id: str, client_id: str, region: str | None) -> Any:
    """DescribeUserPoolClient's ``UserPoolClient`` (memoised); raises LiveError."""
    assert ctx.facts is not None
    info = ask(ctx.facts, Read.pool_client(pool_id, client_id, region)).get("UserPoolClient")
    return info if isinstance(info, dict) else {}


def client_settings(
    ctx: Context, pool: PoolRef, client_id: str, where: Where, what: str
) -> tuple[Any, Finding | None]:
    """The app client's settings, or a skip (not in the pool: GW322) / an error."""
    try:
        return describe_client(ctx, pool.pool_id, client_id, pool.region), None
    except NotFound:
        return None, ctx.skip(
            f"app client {client_id} is not in user pool {pool.pool_id} "
            "(see GW322 cognito-client-exists)",
            ctx.deployment.client,
            resource=client_id,
        )
    except LiveError as exc:
        return None, cannot_check(ctx, where, exc, what, DESCRIBE_CLIENT, resource=client_id)


# -- the execution role -----------------------------------------------------------------


def get_role(ctx: Context, ref: RoleRef) -> dict[str, Any]:
    """GetRole (memoised); raises LiveError."""
    assert ctx.facts is not None
    role = ask(ctx.facts, Read.role(ref.name)).get("Role")
    return role if isinstance(role, dict) else {}


def gateway_role(ctx: Context) -> tuple[GatewayView | None, RoleRef | None, Finding | None]:
    """The gateway and its execution role, or the finding why the gateway is unknown."""
    view, problem = resolve_gateway(ctx)
    if view is None:
        return None, None, problem
    return view, role_ref(view), None


def role_problem(
    ctx: Context, ref: RoleRef, node: Node | None
) -> tuple[dict[str, Any] | None, Finding | None]:
    """(the role, None), or (None, a skip when it does not exist / an error when unreadable)."""
    try:
        return get_role(ctx, ref), None
    except NotFound:
        return None, ctx.skip(
            f"execution role {ref.name} does not exist (see GW510 execution-role-exists)",
            node,
            resource=ref.arn,
        )
    except LiveError as exc:
        return None, cannot_check(
            ctx, ref.where, exc, f"execution role {ref.name}", GET_ROLE, resource=ref.arn
        )


# -- the proxy Lambda function (the guide's step 3) -------------------------------------

PROXY_FIELD = "proxy_lambda"


@dataclass(frozen=True)
class ProxyFunction:
    name: str  # as written
    region: str | None
    config: dict[str, Any]

    @property
    def arn(self) -> str:
        value = self.config.get("FunctionArn")
        return str(value) if isinstance(value, str) else self.name

    @property
    def variables(self) -> dict[str, Any]:
        env = self.config.get("Environment")
        variables = env.get("Variables") if isinstance(env, dict) else None
        return variables if isinstance(variables, dict) else {}

    @property
    def environment_error(self) -> str | None:
        env = self.config.get("Environment")
        error = env.get("Error") if isinstance(env, dict) else None
        if not isinstance(error, dict):
            return None
        return f"{error.get('ErrorCode', 'error')}: {error.get('Message', '')}".strip()


def fetch_proxy(ctx: Context) -> tuple[ProxyFunction | None, Finding | None]:
    """The proxy function, or the finding that says why it could not be read.

    (None, None) when the input names no proxy function.
    """
    deployment = ctx.deployment
    name = proxy_name(deployment)
    if name is None or ctx.facts is None:
        return None, None
    region = proxy_region(deployment, name, session_region(ctx))
    try:
        config = ask(ctx.facts, Read.function(name, region))
    except NotFound:
        return None, ctx.fail(
            deployment,
            PROXY_FIELD,
            f"Proxy Lambda function {describe_value(name)} does not exist in region "
            f"{region or '(default)'}.",
            fix=(
                'Name the deployed proxy function (--lambda NAME or "proxy_lambda" in the '
                "deployment file) and check the region (aws lambda list-functions)."
            ),
            resource=name,
        )
    except LiveError as exc:
        return None, cannot_check(
            ctx,
            Where(deployment, PROXY_FIELD),
            exc,
            f"proxy Lambda function {name}",
            GET_FUNCTION_CONFIGURATION,
            resource=name,
        )
    proxy = ProxyFunction(name, region, config)
    problem = proxy.environment_error
    if problem is not None:
        return None, ctx.error(
            deployment,
            PROXY_FIELD,
            f"Could not read the environment of proxy function {name}: {problem}.",
            resource=proxy.arn,
            fix="Allow kms:Decrypt on the function's KMS key for gwlint's credentials.",
        )
    return proxy, None
