"""The kinds of account reads live rules declare, and what each one takes.

A live rule names what it reads once, ``@rule(reads=("gateway", "role", ...))``.
This table knows, for each kind, the boto3 call, the IAM action that permits it
and the request parameters that identify what is read. From the declarations
follow the actions ``gwlint iam-policy`` prints (:attr:`gwlint.rule.RuleMeta.actions`)
and the reads the live source prefetches (:func:`declared_kinds`), so neither
is a hand-kept list; :class:`gwlint.aws.declared.DeclaredReads` refuses a read a
rule did not declare (the test suite runs every live rule through it).

No boto3 here: the offline path imports every rule module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

__all__ = [
    "READ_KINDS",
    "SOURCE_READS",
    "ReadKind",
    "actions_of",
    "declared_kinds",
    "kind_of",
    "unknown_kinds",
]


class ReadKind(NamedTuple):
    """One read-only call: boto3 ``service.operation``, its IAM action, its identifiers."""

    name: str
    service: str
    operation: str  # the boto3 method name
    action: str  # the IAM action that permits it
    needs: tuple[str, ...] = ()  # request parameters that name what is read


_CONTROL = "bedrock-agentcore-control"

_KINDS = (
    # the live source (every run)
    ReadKind("caller-identity", "sts", "get_caller_identity", "sts:GetCallerIdentity"),
    ReadKind("gateways", _CONTROL, "list_gateways", "bedrock-agentcore:ListGateways"),
    ReadKind(
        "gateway", _CONTROL, "get_gateway", "bedrock-agentcore:GetGateway", ("gatewayIdentifier",)
    ),
    ReadKind(
        "gateway-targets",
        _CONTROL,
        "list_gateway_targets",
        "bedrock-agentcore:ListGatewayTargets",
        ("gatewayIdentifier",),
    ),
    ReadKind(
        "gateway-target",
        _CONTROL,
        "get_gateway_target",
        "bedrock-agentcore:GetGatewayTarget",
        ("gatewayIdentifier", "targetId"),
    ),
    # AgentCore
    ReadKind(
        "runtime",
        _CONTROL,
        "get_agent_runtime",
        "bedrock-agentcore:GetAgentRuntime",
        ("agentRuntimeId",),
    ),
    ReadKind(
        "runtime-endpoint",
        _CONTROL,
        "get_agent_runtime_endpoint",
        "bedrock-agentcore:GetAgentRuntimeEndpoint",
        ("agentRuntimeId", "endpointName"),
    ),
    ReadKind(
        "oauth2-provider",
        _CONTROL,
        "get_oauth2_credential_provider",
        "bedrock-agentcore:GetOauth2CredentialProvider",
        ("name",),
    ),
    ReadKind(
        "api-key-provider",
        _CONTROL,
        "get_api_key_credential_provider",
        "bedrock-agentcore:GetApiKeyCredentialProvider",
        ("name",),
    ),
    ReadKind(
        "workload-identity",
        _CONTROL,
        "get_workload_identity",
        "bedrock-agentcore:GetWorkloadIdentity",
        ("name",),
    ),
    ReadKind(
        "policy-engine",
        _CONTROL,
        "get_policy_engine",
        "bedrock-agentcore:GetPolicyEngine",
        ("policyEngineId",),
    ),
    # Lambda
    ReadKind(
        "function",
        "lambda",
        "get_function_configuration",
        "lambda:GetFunctionConfiguration",
        ("FunctionName",),
    ),
    ReadKind("functions", "lambda", "list_functions", "lambda:ListFunctions"),
    ReadKind(
        "function-url",
        "lambda",
        "get_function_url_config",
        "lambda:GetFunctionUrlConfig",
        ("FunctionName",),
    ),
    ReadKind("function-policy", "lambda", "get_policy", "lambda:GetPolicy", ("FunctionName",)),
    # API Gateway: every management read is the one action apigateway:GET
    ReadKind("api-stage", "apigateway", "get_stage", "apigateway:GET", ("restApiId", "stageName")),
    ReadKind("rest-api", "apigateway", "get_rest_api", "apigateway:GET", ("restApiId",)),
    # Cognito
    ReadKind(
        "user-pool",
        "cognito-idp",
        "describe_user_pool",
        "cognito-idp:DescribeUserPool",
        ("UserPoolId",),
    ),
    ReadKind(
        "pool-client",
        "cognito-idp",
        "describe_user_pool_client",
        "cognito-idp:DescribeUserPoolClient",
        ("UserPoolId", "ClientId"),
    ),
    ReadKind(
        "pool-clients",
        "cognito-idp",
        "list_user_pool_clients",
        "cognito-idp:ListUserPoolClients",
        ("UserPoolId",),
    ),
    ReadKind(
        "resource-server",
        "cognito-idp",
        "describe_resource_server",
        "cognito-idp:DescribeResourceServer",
        ("UserPoolId", "Identifier"),
    ),
    ReadKind(
        "pool-replicas",
        "cognito-idp",
        "list_user_pool_replicas",
        "cognito-idp:ListUserPoolReplicas",
        ("UserPoolId",),
    ),
    ReadKind(
        "pool-domain",
        "cognito-idp",
        "describe_user_pool_domain",
        "cognito-idp:DescribeUserPoolDomain",
        ("Domain",),
    ),
    # IAM
    ReadKind("role", "iam", "get_role", "iam:GetRole", ("RoleName",)),
    ReadKind("role-policies", "iam", "list_role_policies", "iam:ListRolePolicies", ("RoleName",)),
    ReadKind(
        "attached-policies",
        "iam",
        "list_attached_role_policies",
        "iam:ListAttachedRolePolicies",
        ("RoleName",),
    ),
    ReadKind(
        "role-policy", "iam", "get_role_policy", "iam:GetRolePolicy", ("RoleName", "PolicyName")
    ),
    ReadKind("policy", "iam", "get_policy", "iam:GetPolicy", ("PolicyArn",)),
    ReadKind(
        "policy-version",
        "iam",
        "get_policy_version",
        "iam:GetPolicyVersion",
        ("PolicyArn", "VersionId"),
    ),
    # Secrets Manager: which token-vault secrets exist (names only, never values)
    ReadKind("secrets", "secretsmanager", "list_secrets", "secretsmanager:ListSecrets"),
)

#: Every read kind by name.
READ_KINDS: dict[str, ReadKind] = {kind.name: kind for kind in _KINDS}
_BY_CALL = {(kind.service, kind.operation): kind for kind in _KINDS}

#: What the live source reads whatever rules are selected (the gateways and their targets).
SOURCE_READS = ("caller-identity", "gateways", "gateway", "gateway-targets", "gateway-target")


def kind_of(service: str, operation: str) -> ReadKind | None:
    """The kind of the boto3 call ``service.operation`` (method name), or None."""
    return _BY_CALL.get((service, operation))


def unknown_kinds(names: Iterable[str]) -> list[str]:
    """The names that are not read kinds (a rule declaring one is a bug)."""
    return [name for name in names if name not in READ_KINDS]


def actions_of(names: Iterable[str]) -> tuple[str, ...]:
    """The IAM actions of the read kinds ``names``, de-duplicated, in order."""
    return tuple(dict.fromkeys(READ_KINDS[name].action for name in names))


def declared_kinds(rules: Iterable[RuleMeta]) -> frozenset[str]:
    """The read kinds the live rules among ``rules`` declare, plus the source's own."""
    kinds = set(SOURCE_READS)
    for meta in rules:
        if meta.live:
            kinds.update(meta.reads)
    return frozenset(kinds)


# -- what the shared fetch helpers of gwlint.livecheck read ------------------------------

#: ``resolve_gateway``: a client config's gateway, by its URL or ID.
GATEWAY = ("gateway",)
#: ``checked_targets`` / ``gateway_targets``: the gateway and its deployed targets.
TARGETS = ("gateway", "gateway-targets", "gateway-target")
#: ``existing_pool``: the gateway and the user pool.
POOL = ("gateway", "user-pool")
#: ``gateway_role`` + ``role_problem``: the gateway and its execution role.
ROLE = ("gateway", "role")
#: ``check_role_needs``: the targets, the role and every policy document it has.
ROLE_POLICIES = (
    *TARGETS,
    "role",
    "role-policies",
    "attached-policies",
    "role-policy",
    "policy",
    "policy-version",
    "caller-identity",
)
