"""AWS API JSON: CreateGateway/UpdateGateway/GetGateway and the target calls.

These builders are shared: the deployment-file source uses them for its
``gateway`` and ``targets`` sections, and live mode feeds them the responses of
GetGateway and GetGatewayTarget, so offline rules run on deployed state too.
Rules also ask this module about such documents: is a gateway document a
request, and where does a target type's member sit in ``targetConfiguration``.
"""

from __future__ import annotations

from typing import Any

from gwlint import apispec
from gwlint.jsonpos import join_pointer
from gwlint.model import (
    CredentialProvider,
    Deployment,
    Gateway,
    Interceptor,
    JwtAuthorizer,
    SchemaPayload,
    Target,
    ToolDefinition,
)
from gwlint.sources.base import build, build_list, dig, paths, present

GATEWAY_FIELDS = {
    "name": paths("name"),
    "description": paths("description"),
    "role_arn": paths("roleArn"),
    "authorizer_type": paths("authorizerType"),
    "authorizer_configuration": paths("authorizerConfiguration"),
    "protocol_type": paths("protocolType"),
    "protocol_configuration": paths("protocolConfiguration"),
    "supported_versions": paths("protocolConfiguration/mcp/supportedVersions"),
    "search_type": paths("protocolConfiguration/mcp/searchType"),
    "instructions": paths("protocolConfiguration/mcp/instructions"),
    "session_timeout": paths(
        "protocolConfiguration/mcp/sessionConfiguration/sessionTimeoutInSeconds"
    ),
    "exception_level": paths("exceptionLevel"),
    "kms_key_arn": paths("kmsKeyArn"),
    "interceptor_configurations": paths("interceptorConfigurations"),
    "policy_engine": paths("policyEngineConfiguration"),
    "tags": paths("tags"),
    "gateway_id": paths("gatewayId", "gatewayIdentifier"),
    "gateway_arn": paths("gatewayArn"),
    "gateway_url": paths("gatewayUrl"),
    "status": paths("status"),
    "status_reasons": paths("statusReasons"),
}

JWT_FIELDS = {
    "discovery_url": paths("discoveryUrl"),
    "allowed_audience": paths("allowedAudience"),
    "allowed_clients": paths("allowedClients"),
    "allowed_scopes": paths("allowedScopes"),
    "custom_claims": paths("customClaims"),
}

TARGET_FIELDS = {
    "name": paths("name"),
    "description": paths("description"),
    "endpoint": paths("targetConfiguration/mcp/mcpServer/endpoint"),
    "mcp_tool_schema": paths("targetConfiguration/mcp/mcpServer/mcpToolSchema"),
    "listing_mode": paths("targetConfiguration/mcp/mcpServer/listingMode"),
    "resource_priority": paths("targetConfiguration/mcp/mcpServer/resourcePriority"),
    "lambda_arn": paths("targetConfiguration/mcp/lambda/lambdaArn"),
    "api_gateway": paths("targetConfiguration/mcp/apiGateway"),
    "runtime_arn": paths("targetConfiguration/http/agentcoreRuntime/arn"),
    "runtime_qualifier": paths("targetConfiguration/http/agentcoreRuntime/qualifier"),
    "target_id": paths("targetId"),
    "gateway_identifier": paths("gatewayIdentifier", "gatewayArn"),
    "status": paths("status"),
    "status_reasons": paths("statusReasons"),
    # where to locate whole-configuration findings (kinds, credential list)
    "target_configuration": paths("targetConfiguration"),
    "credential_providers": paths("credentialProviderConfigurations"),
}

SCHEMA_FIELDS = {
    "inline": paths("inlinePayload"),
    "s3_uri": paths("s3/uri"),
    "bucket_owner": paths("s3/bucketOwnerAccountId"),
}

TOOL_FIELDS = {
    "name": paths("name"),
    "description": paths("description"),
    "input_schema": paths("inputSchema"),
    "output_schema": paths("outputSchema"),
}

CREDENTIAL_FIELDS = {
    "provider_type": paths("credentialProviderType"),
    "oauth": paths("credentialProvider/oauthCredentialProvider"),
    "api_key": paths("credentialProvider/apiKeyCredentialProvider"),
    "iam": paths("credentialProvider/iamCredentialProvider"),
}

INTERCEPTOR_FIELDS = {
    "lambda_arn": paths("interceptor/lambda/arn"),
    "interception_points": paths("interceptionPoints"),
}

#: Input shapes written in the API's own words (a deployment file's sections too).

# Keys that say "this object is a gateway" / "this object is a target".
GATEWAY_KEYS = frozenset({"authorizerType", "roleArn", "gatewayUrl", "protocolType"})
TARGET_KEYS = frozenset({"targetConfiguration", "targetId", "credentialProviderConfigurations"})


def is_target(data: dict[str, Any]) -> bool:
    return bool(TARGET_KEYS & data.keys())


def is_gateway(data: dict[str, Any]) -> bool:
    return not is_target(data) and bool(
        GATEWAY_KEYS & data.keys() or {"gatewayId", "gatewayArn"} & data.keys()
    )


def matches(data: dict[str, Any]) -> bool:
    return is_target(data) or is_gateway(data)


#: Keys only responses carry: a gateway document with one describes an existing gateway.
GATEWAY_RESPONSE_KEYS = frozenset(
    {"gatewayId", "gatewayArn", "gatewayUrl", "status", "createdAt", "updatedAt"}
)


def is_gateway_request(gateway: Gateway, deployment: Deployment) -> bool:
    """A CreateGateway/UpdateGateway request (not a response, not setup arguments)."""
    raw = gateway.raw if isinstance(gateway.raw, dict) else {}
    return deployment.is_api_document and not (GATEWAY_RESPONSE_KEYS & raw.keys())


def gateway_from_api(
    obj: dict[str, Any], pointer: str, file: str | None, resource: str | None = None
) -> Gateway:
    gateway = build(Gateway, obj, pointer, GATEWAY_FIELDS, file=file, resource=resource)
    jwt_path = ("authorizerConfiguration", "customJWTAuthorizer")
    jwt = dig(obj, jwt_path)
    if present(obj, jwt_path):
        gateway.jwt = build(
            JwtAuthorizer,
            jwt,
            join_pointer(pointer, *jwt_path),
            JWT_FIELDS,
            file=file,
            resource=resource,
        )
    interceptors = obj.get("interceptorConfigurations")
    if isinstance(interceptors, list):
        gateway.interceptors = build_list(
            Interceptor,
            interceptors,
            join_pointer(pointer, "interceptorConfigurations"),
            INTERCEPTOR_FIELDS,
            file=file,
            resource=resource,
        )
    return gateway


def _schema(obj: Any, pointer: str, file: str | None, resource: str | None) -> SchemaPayload:
    return build(SchemaPayload, obj, pointer, SCHEMA_FIELDS, file=file, resource=resource)


def tools_from_list(
    items: list[Any], pointer: str, file: str | None, resource: str | None = None
) -> list[ToolDefinition]:
    return build_list(ToolDefinition, items, pointer, TOOL_FIELDS, file=file, resource=resource)


def target_kinds(configuration: Any) -> list[str]:
    """Target kinds written under ``targetConfiguration``, named by ``apispec.kind_name``.

    The families (``mcp``, ``http``, ``inference``) come from the API spec; a key that
    is no family is kept as written, so rules can report it.
    """
    kinds: list[str] = []
    if not isinstance(configuration, dict):
        return kinds
    families = apispec.members(apispec.TARGET_CONFIGURATION)
    for key, members in configuration.items():
        if key in families and isinstance(members, dict):
            kinds.extend(apispec.kind_name(key, str(member)) for member in members)
        elif key not in families:
            kinds.append(str(key))
    return kinds


def target_from_api(
    obj: dict[str, Any], pointer: str, file: str | None, resource: str | None = None
) -> Target:
    target = build(Target, obj, pointer, TARGET_FIELDS, file=file, resource=resource)
    configuration = obj.get("targetConfiguration")
    target.kinds = target_kinds(configuration)
    mcp_base = join_pointer(pointer, "targetConfiguration", "mcp")
    lambda_cfg = dig(obj, ("targetConfiguration", "mcp", "lambda"))
    if isinstance(lambda_cfg, dict) and "toolSchema" in lambda_cfg:
        schema_ptr = join_pointer(mcp_base, "lambda", "toolSchema")
        target.tool_schema = _schema(lambda_cfg["toolSchema"], schema_ptr, file, resource)
        inline = dig(lambda_cfg, ("toolSchema", "inlinePayload"))
        if isinstance(inline, list):
            target.tools = tools_from_list(
                inline, join_pointer(schema_ptr, "inlinePayload"), file, resource
            )
    for kind in ("openApiSchema", "smithyModel"):
        path = ("targetConfiguration", "mcp", kind)
        if present(obj, path):
            payload = dig(obj, path)
            target.schema_payload = _schema(payload, join_pointer(mcp_base, kind), file, resource)
    credentials = obj.get("credentialProviderConfigurations")
    if isinstance(credentials, list):
        target.credential_providers = build_list(
            CredentialProvider,
            credentials,
            join_pointer(pointer, "credentialProviderConfigurations"),
            CREDENTIAL_FIELDS,
            file=file,
            resource=resource,
        )
    return target


def has_configuration(target: Target) -> bool:
    """The target is written as an API document: it has ``targetConfiguration``."""
    return isinstance(target.raw, dict) and "targetConfiguration" in target.raw


def configuration_member(target: Target, family: str, member: str) -> tuple[Any, str] | None:
    """``(value, pointer)`` of ``targetConfiguration.<family>.<member>`` as written, if it is."""
    raw = target.raw
    config = raw.get("targetConfiguration") if isinstance(raw, dict) else None
    members = config.get(family) if isinstance(config, dict) else None
    if not isinstance(members, dict) or member not in members:
        return None
    pointer = join_pointer(target.origin.pointer, "targetConfiguration", family, member)
    return members[member], pointer


def load(data: dict[str, Any], file: str) -> Deployment:
    """A single CreateGateway*/UpdateGateway*/GetGateway* document."""
    deployment = Deployment(file=file, raw=data)
    if is_target(data):
        deployment.shape = "aws-api-target"
        deployment.targets = [target_from_api(data, "", file)]
    else:
        deployment.shape = "aws-api-gateway"
        deployment.gateway = gateway_from_api(data, "", file)
    deployment.origin.file = file
    return deployment


__all__ = ["gateway_from_api", "load", "matches", "target_from_api"]
