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
policy naming the role also grants the call) are not read. Lambda function
URLs behind ``mcpServer`` targets are GW513's.

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

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import parse_arn
from gwlint.credential_refs import caller_account
from gwlint.findings import Finding
from gwlint.model import Target
from gwlint.reads import ROLE_POLICIES
from gwlint.resolve import GatewayView, target_runtime_refs
from gwlint.role_permissions import GET_SECRET, Need, check_role_needs
from gwlint.rule import Context, Severity, rule

INVOKE_FUNCTION = "lambda:InvokeFunction"
INVOKE_RUNTIME = "bedrock-agentcore:InvokeAgentRuntime"
OAUTH_TOKEN = "bedrock-agentcore:GetResourceOauth2Token"
API_KEY = "bedrock-agentcore:GetResourceApiKey"
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
    """What the role needs for the API Gateway calls it signs (function URLs: GW513)."""
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
            subject = f"{target.label} (for methods with AWS_IAM authorization)"
            yield Need(INVOKE_API, resource, where, subject, severity=Severity.WARNING)


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


@rule(
    id="GW512",
    name="execution-role-permissions",
    severity=Severity.ERROR,
    summary="the execution role's policies allow what the gateway's targets need",
    fix=FIX,
    live=True,
    requires=("GW510",),
    reads=(*ROLE_POLICIES, "secrets"),
)
def check(ctx: Context) -> Iterator[Finding]:
    yield from check_role_needs(
        ctx, lambda view, targets: needs_of(view, targets, view.account or caller_account(ctx))
    )


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
