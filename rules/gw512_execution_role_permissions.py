r"""The execution role's policies do not allow what the gateway's targets need.

## Why
Everything the gateway does on a target it does as its execution role, so the
role's identity policies must allow, per target:

- ``lambda:InvokeFunction`` on each Lambda target and each interceptor Lambda,
  on the ARN exactly as configured (a policy naming only the unqualified ARN
  does not cover ``…:function:name:alias``; use ``…:name:*`` or ``…:name*``);
- ``bedrock-agentcore:InvokeAgentRuntime`` on the runtime ARN **and** on its
  endpoint ARN ``{runtimeArn}/runtime-endpoint/{qualifier or DEFAULT}`` for a
  runtime target that uses ``GATEWAY_IAM_ROLE`` (the runtime ARN alone is
  reported to give AccessDenied);
- ``bedrock-agentcore:GetResourceOauth2Token`` (OAuth) or
  ``bedrock-agentcore:GetResourceApiKey`` (API key) on the credential
  provider's ARN and its token vault, and — reported by AWS samples and the
  CDK constructs, so a warning — ``secretsmanager:GetSecretValue`` on the
  secret the token vault keeps for the provider
  (``bedrock-agentcore-identity!default/oauth2/<name>`` or ``…/apikey/<name>``);
- with a policy engine: ``bedrock-agentcore:GetPolicyEngine`` on the engine and
  ``AuthorizeAction`` plus ``PartiallyAuthorizeActions`` on the engine and the
  gateway;
- ``lambda:InvokeFunctionUrl`` on the function behind an ``mcpServer`` target
  whose endpoint is a Lambda function URL (``*.lambda-url.<region>.on.aws``)
  reached with ``GATEWAY_IAM_ROLE``, when the URL's ``AuthType`` is
  ``AWS_IAM`` (reported by AgentCore users and documented for IAM-auth
  function URLs). The URL does not name its function: gwlint finds it with
  ListFunctions and GetFunctionUrlConfig in the URL's region; a URL of another
  account, or of an alias, is not found and is skipped with that reason;
- ``execute-api:Invoke`` on each tool filter's stage, method and path
  (``arn:aws:execute-api:{region}:{account}:{restApiId}/{stage}/{METHOD}{path}``)
  for an ``apiGateway`` target with ``GATEWAY_IAM_ROLE``. The gateway signs
  those calls as its role, which matters only for methods with ``AWS_IAM``
  authorization, and gwlint does not read the methods' authorization: a
  missing permission is a warning.

gwlint reads the role's inline policies (ListRolePolicies, GetRolePolicy),
its attached managed policies (ListAttachedRolePolicies, GetPolicy,
GetPolicyVersion) and its permissions boundary, and evaluates them offline
(gwlint.iampolicy): Action/NotAction and Resource/NotResource with wildcards,
explicit Deny first. A statement with a Condition that decides the answer
cannot be evaluated offline: that is reported as a warning, never a pass.
Service control policies and resource-based policies (a Lambda function
policy naming the role also grants the call) are not read.

## Symptom
CreateGatewayTarget fails with "Gateway execution role lacks permission to
invoke Lambda function arn:…"; tools/call returns an internal error or
AccessDenied; with a policy engine, attaching it fails with
InternalServerException and every call is denied.

## Fix
Add the missing statements to the role, for example:

    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "lambda:InvokeFunction",
         "Resource": ["arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda",
                      "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda:*"]},
        {"Effect": "Allow", "Action": "bedrock-agentcore:InvokeAgentRuntime",
         "Resource": [
           "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_server-AbCdEf1234",
           "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_server-AbCdEf1234/*"
         ]}
      ]
    }

    aws iam put-role-policy --role-name AgentCoreGatewayExecutionRole \
      --policy-name gateway-targets --policy-document file://policy.json
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.awsformats import parse_arn
from gwlint.credential_refs import caller_account
from gwlint.facts import LiveError, prefetch
from gwlint.findings import Finding
from gwlint.function_urls import FunctionUrl, find_function_url, parse_function_url
from gwlint.iampolicy import Decision, Evaluation, PolicyDocument, PolicyParseError, evaluate
from gwlint.iampolicy import parse_policy as parse
from gwlint.livecheck import (
    GET_FUNCTION_URL_CONFIG,
    GET_GATEWAY,
    GET_POLICY,
    GET_POLICY_VERSION,
    GET_ROLE,
    GET_ROLE_POLICY,
    GET_TARGET,
    LIST_ATTACHED,
    LIST_FUNCTIONS,
    LIST_ROLE_POLICIES,
    LIST_TARGETS,
    Read,
    ask,
    cannot_check,
    gateway_role,
    gateway_targets,
    role_problem,
    skip_at,
)
from gwlint.model import Target
from gwlint.resolve import GatewayView, RoleRef, Where, target_runtime_refs
from gwlint.rule import Context, Severity, rule

LIST_SECRETS = "secretsmanager:ListSecrets"

INVOKE_FUNCTION = "lambda:InvokeFunction"
INVOKE_RUNTIME = "bedrock-agentcore:InvokeAgentRuntime"
OAUTH_TOKEN = "bedrock-agentcore:GetResourceOauth2Token"
API_KEY = "bedrock-agentcore:GetResourceApiKey"
GET_SECRET = "secretsmanager:GetSecretValue"
INVOKE_FUNCTION_URL = "lambda:InvokeFunctionUrl"
INVOKE_API = "execute-api:Invoke"
POLICY_ENGINE_ACTIONS = (
    "bedrock-agentcore:GetPolicyEngine",
    "bedrock-agentcore:AuthorizeAction",
    "bedrock-agentcore:PartiallyAuthorizeActions",
)

FIX = (
    "Add an identity policy to the execution role allowing each missing action on the "
    "resource named (aws iam put-role-policy --role-name <role> --policy-name gateway-targets "
    "--policy-document file://policy.json); for qualified Lambda ARNs allow '<arn>:*' too."
)


@dataclass(frozen=True)
class Need:
    """One permission the gateway needs: an action on a resource, for a subject."""

    action: str
    resource: str
    where: Where
    subject: str  # "target weather", "interceptor …", "policy engine"
    severity: Severity | None = None  # WARNING where the requirement is only reported
    secret_of: tuple[str, str, str | None] | None = None  # (kind, provider ARN, region)
    url_of: FunctionUrl | None = None  # a function URL: the resource is its function


class _Unreadable(Exception):
    def __init__(self, exc: LiveError, action: str) -> None:
        super().__init__(str(exc))
        self.exc = exc
        self.action = action


# -- what the role must allow -----------------------------------------------------------------


def _provider_needs(target: Target, view: GatewayView) -> Iterator[Need]:
    for provider in target.credential_providers or []:
        kind = provider.provider_type
        block = (
            provider.oauth if kind == "OAUTH" else provider.api_key if kind == "API_KEY" else None
        )
        arn_text = block.get("providerArn") if isinstance(block, dict) else None
        arn = parse_arn(arn_text)
        if arn is None or not isinstance(arn_text, str):
            continue
        action = OAUTH_TOKEN if kind == "OAUTH" else API_KEY
        where = view.at(provider, "oauth" if kind == "OAUTH" else "api_key")
        yield Need(action, arn_text, where, target.label)
        parts = arn.resource.split("/")
        if len(parts) >= 2 and parts[0] == "token-vault":
            vault = str(arn).split("/")[0] + "/" + parts[1]
            yield Need(action, vault, where, target.label)
            yield Need(
                GET_SECRET,
                "",
                where,
                target.label,
                severity=Severity.WARNING,
                secret_of=("oauth2" if kind == "OAUTH" else "apikey", arn_text, arn.region),
            )


def _signed_needs(target: Target, view: GatewayView, account: str | None) -> Iterator[Need]:
    """What the role needs for the calls it signs: a function URL, an API Gateway stage."""
    url = parse_function_url(target.endpoint) if "mcpServer" in target.kinds else None
    if url is not None:
        yield Need(INVOKE_FUNCTION_URL, "", view.at(target, "endpoint"), target.label, url_of=url)
    block: Any = target.api_gateway if "apiGateway" in target.kinds else None
    api = block.get("restApiId") if isinstance(block, dict) else None
    stage = block.get("stage") if isinstance(block, dict) else None
    config = block.get("apiGatewayToolConfiguration") if isinstance(block, dict) else None
    filters = config.get("toolFilters") if isinstance(config, dict) else None
    if not (isinstance(api, str) and isinstance(stage, str) and account and view.region):
        return
    partition = view.arn.split(":")[1] if view.arn else "aws"
    base = f"arn:{partition}:execute-api:{view.region}:{account}:{api}/{stage}"
    where = view.at(target, "api_gateway")
    for item in filters if isinstance(filters, list) else []:
        path = item.get("filterPath") if isinstance(item, dict) else None
        methods = item.get("methods") if isinstance(item, dict) else None
        if not isinstance(path, str) or not isinstance(methods, list):
            continue
        for method in methods:
            resource = f"{base}/{method}{path if path.startswith('/') else '/' + path}"
            yield Need(INVOKE_API, resource, where, target.label, severity=Severity.WARNING)


def needs_of(view: GatewayView, targets: list[Target], account: str | None = None) -> list[Need]:
    needs: list[Need] = []
    for target in targets:
        if "lambda" in target.kinds and isinstance(target.lambda_arn, str):
            arn = parse_arn(target.lambda_arn.strip())
            if arn is not None and arn.service == "lambda":
                where = view.at(target, "lambda_arn")
                needs.append(Need(INVOKE_FUNCTION, str(arn), where, target.label))
        runtime = next(iter(target_runtime_refs(target, view.region)), None)
        types = [p.provider_type for p in target.credential_providers or []]
        if runtime is not None and "GATEWAY_IAM_ROLE" in types:
            where = view.at(target, runtime.field)
            needs.append(Need(INVOKE_RUNTIME, runtime.runtime_arn, where, target.label))
            needs.append(Need(INVOKE_RUNTIME, runtime.endpoint_resource, where, target.label))
        if "GATEWAY_IAM_ROLE" in types:
            needs.extend(_signed_needs(target, view, account))
        needs.extend(_provider_needs(target, view))
    gateway = view.gateway
    for index, interceptor in enumerate(gateway.interceptors or []):
        arn = parse_arn(interceptor.lambda_arn)
        if arn is not None and arn.service == "lambda":
            where = view.at(interceptor, "lambda_arn")
            needs.append(Need(INVOKE_FUNCTION, str(arn), where, f"interceptor #{index + 1}"))
    engine = gateway.policy_engine
    engine_arn = engine.get("arn") if isinstance(engine, dict) else None
    if isinstance(engine_arn, str) and parse_arn(engine_arn) is not None:
        where = view.at(gateway, "policy_engine")
        needs.append(Need(POLICY_ENGINE_ACTIONS[0], engine_arn, where, "policy engine"))
        for action in POLICY_ENGINE_ACTIONS[1:]:
            needs.append(Need(action, engine_arn, where, "policy engine"))
            if view.arn:
                needs.append(Need(action, view.arn, where, "policy engine"))
    return needs


# -- what the role allows -----------------------------------------------------------------------


def _managed(ctx: Context, policy_arn: str, label: str) -> PolicyDocument:
    assert ctx.facts is not None
    try:
        policy = ask(ctx.facts, Read.policy(policy_arn)).get("Policy") or {}
    except LiveError as exc:
        raise _Unreadable(exc, GET_POLICY) from None
    version = policy.get("DefaultVersionId")
    try:
        data = ask(ctx.facts, Read.policy_version(policy_arn, version))
    except LiveError as exc:
        raise _Unreadable(exc, GET_POLICY_VERSION) from None
    document = (data.get("PolicyVersion") or {}).get("Document")
    return _parse(document, label)


def _parse(document: Any, label: str) -> PolicyDocument:
    try:
        return parse(document, label)
    except PolicyParseError as exc:
        return PolicyDocument(label, (), (f"{label} could not be read: {exc}",))


def role_policies(ctx: Context, ref: RoleRef) -> list[PolicyDocument]:
    """Every identity policy of the role; raises _Unreadable."""
    assert ctx.facts is not None
    facts = ctx.facts
    try:
        names = ask(facts, Read.role_policies(ref.name))
    except LiveError as exc:
        raise _Unreadable(exc, LIST_ROLE_POLICIES) from None
    try:
        attached = ask(facts, Read.attached_policies(ref.name))
    except LiveError as exc:
        raise _Unreadable(exc, LIST_ATTACHED) from None
    arns = [str(a.get("PolicyArn")) for a in attached if isinstance(a, dict)]
    prefetch(
        facts,
        [Read.role_policy(ref.name, n) for n in names] + [Read.policy(a) for a in arns],
    )
    documents: list[PolicyDocument] = []
    for name in names:
        try:
            data = ask(facts, Read.role_policy(ref.name, name))
        except LiveError as exc:
            raise _Unreadable(exc, GET_ROLE_POLICY) from None
        documents.append(_parse(data.get("PolicyDocument"), f"inline policy {name}"))
    for item in attached:
        if isinstance(item, dict):
            arn = str(item.get("PolicyArn"))
            label = f"managed policy {item.get('PolicyName') or arn}"
            documents.append(_managed(ctx, arn, label))
    return documents


def _combine(identity: Evaluation, boundary: Evaluation | None) -> tuple[Decision, str]:
    """The effective decision and the statements or reason behind it."""
    if identity.decision is Decision.DENIED:
        return Decision.DENIED, ", ".join(identity.denied_by)
    if boundary is not None and boundary.decision in (Decision.DENIED, Decision.NOT_ALLOWED):
        return Decision.NOT_ALLOWED, "the role's permissions boundary does not allow it"
    if identity.decision is Decision.NOT_ALLOWED:
        return Decision.NOT_ALLOWED, ""
    uncertain = list(identity.uncertain_by) + list(identity.problems)
    if boundary is not None and boundary.decision is Decision.UNCERTAIN:
        uncertain += [f"permissions boundary: {u}" for u in boundary.uncertain_by]
        uncertain += list(boundary.problems)
    if identity.decision is Decision.UNCERTAIN or uncertain:
        return Decision.UNCERTAIN, ", ".join(uncertain)
    return Decision.ALLOWED, ", ".join(identity.allowed_by)


def _secret_arn(ctx: Context, need: Need) -> str | None:
    """The ARN of the secret the token vault keeps for a provider; raises _Unreadable."""
    assert ctx.facts is not None and need.secret_of is not None
    kind, provider_arn, region = need.secret_of
    parts = provider_arn.split(":", 5)[5].split("/")  # token-vault/<dir>/<type>/<name>
    directory, name = parts[1], parts[-1]
    secret_name = f"bedrock-agentcore-identity!{directory}/{kind}/{name}"
    try:
        secrets = ctx.facts.paginate(
            "secretsmanager",
            "list_secrets",
            "SecretList",
            Filters=[{"Key": "name", "Values": [secret_name]}],
            region=region,
        )
    except LiveError as exc:
        raise _Unreadable(exc, LIST_SECRETS) from None
    for secret in secrets:
        if isinstance(secret, dict) and secret.get("Name") == secret_name:
            arn = secret.get("ARN")
            return str(arn) if arn else None
    return None


def _url_function(ctx: Context, need: Need) -> tuple[str | None, Finding | None]:
    """The ARN of the function behind a function URL that needs IAM, or the finding why not."""
    assert ctx.facts is not None and need.url_of is not None
    url, where = need.url_of, need.where
    try:
        config = find_function_url(ctx.facts, url)
    except LiveError as exc:
        what = f"which function serves {url.host}"
        action = exc.action or LIST_FUNCTIONS
        return None, cannot_check(ctx, where, exc, what, action, resource=url.host)
    if config is None:
        reason = (
            f"no function in {url.region} of this account has the function URL {url.host} (an "
            f"alias URL or another account's), so {INVOKE_FUNCTION_URL} for {need.subject} was "
            "not checked"
        )
        return None, skip_at(ctx, where.node, where.field, reason, resource=url.host)
    arn = str(config.get("FunctionArn") or "")
    if config.get("AuthType") != "AWS_IAM":
        message = (
            f"The function URL of {arn} has AuthType {config.get('AuthType')}: {need.subject} "
            f"needs no {INVOKE_FUNCTION_URL} permission."
        )
        return None, ctx.passed(
            where.node, where.field, message, resource=arn, pointer=where.pointer
        )
    return arn, None


def _statement(action: str, resource: str) -> str:
    return json.dumps({"Effect": "Allow", "Action": action, "Resource": resource})


@rule(
    id="GW512",
    name="execution-role-permissions",
    severity=Severity.ERROR,
    summary="the execution role's policies allow what the gateway's targets need",
    fix=FIX,
    live=True,
    requires=("GW510",),
    actions=(
        GET_ROLE,
        LIST_ROLE_POLICIES,
        GET_ROLE_POLICY,
        LIST_ATTACHED,
        GET_POLICY,
        GET_POLICY_VERSION,
        LIST_SECRETS,
        LIST_FUNCTIONS,
        GET_FUNCTION_URL_CONFIG,
        GET_GATEWAY,
        LIST_TARGETS,
        GET_TARGET,
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, ref, problem = gateway_role(ctx)
    if problem is not None:
        yield problem
    if view is None or ref is None:
        return
    targets, targets_problem = gateway_targets(ctx, view)
    if targets_problem is not None:
        yield targets_problem
    needs = needs_of(view, targets, view.account or caller_account(ctx))
    if not needs:
        return
    role, blocked = role_problem(ctx, ref, ref.where.node)
    if blocked is not None or role is None:
        if blocked is not None:
            yield blocked
        return
    try:
        policies = role_policies(ctx, ref)
        boundary_arn = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        boundary = (
            [_managed(ctx, str(boundary_arn), "permissions boundary")] if boundary_arn else None
        )
    except _Unreadable as exc:
        yield cannot_check(
            ctx,
            ref.where,
            exc.exc,
            f"the policies of role {ref.name}",
            exc.action,
            resource=ref.arn,
        )
        return
    for need in needs:
        yield from _judge(ctx, ref, need, policies, boundary)


def _judge(
    ctx: Context,
    ref: RoleRef,
    need: Need,
    policies: list[PolicyDocument],
    boundary: list[PolicyDocument] | None,
) -> Iterator[Finding]:
    where = need.where
    resource = need.resource
    if need.url_of is not None:
        function, skipped = _url_function(ctx, need)
        if function is None:
            if skipped is not None:
                yield skipped
            return
        resource = function
    if need.secret_of is not None:
        try:
            found = _secret_arn(ctx, need)
        except _Unreadable as exc:
            yield cannot_check(
                ctx,
                where,
                exc.exc,
                f"the token-vault secret for {need.subject}",
                exc.action,
                resource=need.secret_of[1],
            )
            return
        if found is None:
            yield ctx.skip(
                f"the token-vault secret of credential provider {need.secret_of[1]} was not "
                f"found, so {GET_SECRET} for {need.subject} was not checked",
                where.node,
                resource=need.secret_of[1],
            )
            return
        resource = found
    identity = evaluate(policies, need.action, resource)
    bound = evaluate(boundary, need.action, resource) if boundary is not None else None
    decision, why = _combine(identity, bound)
    needed = f"which {need.subject} needs"
    if decision is Decision.ALLOWED:
        yield ctx.passed(
            where.node,
            where.field,
            f"Role {ref.name} allows {need.action} on {resource} for {need.subject} (by {why}).",
            resource=resource,
            pointer=where.pointer,
        )
        return
    fix = (
        f"Add {_statement(need.action, resource)} to a policy of role {ref.name} "
        f"(aws iam put-role-policy --role-name {ref.name} --policy-name gateway-targets "
        "--policy-document file://policy.json)."
    )
    if decision is Decision.UNCERTAIN:
        yield ctx.fail(
            where.node,
            where.field,
            f"Role {ref.name} allows {need.action} on {resource}, {needed}, only under "
            f"conditions gwlint cannot evaluate offline ({why}).",
            severity=Severity.WARNING,
            fix="Confirm the conditions hold when the gateway calls, or grant the action "
            "without them.",
            resource=resource,
            pointer=where.pointer,
        )
        return
    if decision is Decision.DENIED:
        message = (
            f"Role {ref.name} explicitly denies {need.action} on {resource}, {needed} ({why})."
        )
        fix = f"Remove or narrow the Deny ({why}) so it does not cover {resource}."
    else:
        reason = f" ({why})" if why else ""
        message = f"No policy of role {ref.name} allows {need.action} on {resource}, {needed}"
        message += f"{reason}."
        arn = parse_arn(resource)
        qualified = arn is not None and arn.service == "lambda" and arn.resource.count(":") >= 2
        if qualified and not why:
            base = resource.rsplit(":", 1)[0]
            unqualified = evaluate(policies, need.action, base)
            if unqualified.decision is Decision.ALLOWED:
                message += (
                    f" The unqualified ARN {base} is allowed, but that does not cover the "
                    "qualifier the target calls."
                )
                fix = f"Allow {need.action} on {base}:* (or {base}*) as well as {base}."
    yield ctx.fail(
        where.node,
        where.field,
        message,
        severity=need.severity,
        fix=fix,
        resource=resource,
        pointer=where.pointer,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "lambda-invoke-permission",
        "pattern": r"Gateway execution role lacks permission to invoke Lambda function",
        "source": (
            "CreateGatewayTarget ValidationException; CloudFormation/CDK GatewayTarget "
            "CREATE_FAILED (aws-cdk#36826, aws-samples/agents4energy#161)"
        ),
        "means": (
            "CreateGatewayTarget dry-runs the Lambda invoke as the gateway's execution role; it "
            "was refused."
        ),
        "cause": (
            "The execution role's policies do not allow lambda:InvokeFunction on the function as "
            "configured."
        ),
        "likelihood": "high",
    },
    {
        "error": "lambda-access-denied",
        "pattern": r"Access denied while invoking Lambda function",
        "source": (
            "Gateway tools/call error with exceptionLevel DEBUG (AgentCore gateway debugging guide)"
        ),
        "means": "At call time, the gateway's invoke of the Lambda function was denied.",
        "cause": (
            "The role may not call lambda:InvokeFunction on this function (or on the alias or "
            "version the ARN names)."
        ),
        "likelihood": "high",
    },
    {
        "error": "runtime-invocation-forbidden",
        "cause": (
            "The role lacks bedrock-agentcore:InvokeAgentRuntime on the runtime and its endpoint "
            "ARN."
        ),
        "likelihood": "high",
    },
    {
        "error": "agentcore-action-not-authorized",
        "cause": (
            "The message names the gateway's execution role: its policies lack the action "
            "(e.g. bedrock-agentcore:InvokeAgentRuntime on a runtime endpoint)."
        ),
        "likelihood": "medium",
    },
]
