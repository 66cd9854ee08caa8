"""A key the AWS API does not know, in a gateway or target document.

## Why
The AWS SDKs validate a request against the service model before sending it.
botocore (so boto3 and ``aws … --cli-input-json``) refuses any member the
model does not define with ``ParamValidationError: Unknown parameter in
input``, so one misspelt or mis-cased key stops the whole deploy. Common
sources: a key copied from another tool's format, such as the agentcore-cli's
``customJwtAuthorizer`` (the API spells it ``customJWTAuthorizer``),
shortenings such as ``authorizerConfig``, or JSON-Schema keywords (``enum``,
``default``, ``additionalProperties``) inside a Lambda tool's ``inputSchema``,
which the gateway's schema type does not have.

gwlint checks every object of CreateGateway / UpdateGateway / GetGateway and
CreateGatewayTarget / UpdateGatewayTarget / GetGatewayTarget documents (alone
or as the ``gateway`` and ``targets`` sections of a deployment file) against
the member lists of botocore 1.44.5's ``bedrock-agentcore-control`` model,
written into the rule. Fields that only appear in responses (``gatewayId``,
``gatewayArn``, ``gatewayUrl``, ``status``, ``createdAt``, ``targetId``,
``lastSynchronizedAt``, ``ResponseMetadata``…) are accepted, so a saved
GetGateway response lints clean. A member AWS added after that botocore
release is reported too; upgrade gwlint if that happens.

## Symptom
``Parameter validation failed: Unknown parameter in authorizerConfiguration:
"customJwtAuthorizer", must be one of: customJWTAuthorizer`` before anything
reaches AWS.

## Fix
Rename the key to the member the message suggests, or remove it. Correct
spelling of the usual suspects:

    {
      "authorizerType": "CUSTOM_JWT",
      "authorizerConfiguration": {
        "customJWTAuthorizer": {
          "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
          "allowedClients": ["6aarhftf6bopppar05humcp2r6"]
        }
      }
    }

In a tool's ``inputSchema`` only ``type``, ``properties``, ``required``,
``items`` and ``description`` are accepted; say in ``description`` what an
``enum`` or ``default`` would have said.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Node
from gwlint.rule import Context, Severity, rule
from gwlint.sources.aws_api import API_DOCUMENT_SHAPES

#: Members of each structure in the bedrock-agentcore-control model (botocore 1.44.5).
#: A shape name, then its members; ``member=Shape`` descends into a structure,
#: ``Shape[]`` into a list of them, ``Shape{}`` into a map of them. ``Gateway`` and
#: ``GatewayTarget`` are the union of the Create/Update requests and Get/Create/Update
#: responses, plus boto3's ``ResponseMetadata``. Read from the model at development
#: time; the rule must not import botocore (offline runs import neither boto3 nor botocore).
MODEL = """
Gateway
    name description clientToken roleArn protocolType
    protocolConfiguration=GatewayProtocolConfiguration authorizerType
    authorizerConfiguration=AuthorizerConfiguration kmsKeyArn
    interceptorConfigurations=GatewayInterceptorConfiguration[]
    policyEngineConfiguration=GatewayPolicyEngineConfiguration exceptionLevel tags
    domainOverride=DomainOverride gatewayIdentifier
    customTransformConfiguration=CustomTransformConfiguration
    wafConfiguration=WafConfiguration gatewayArn gatewayId gatewayUrl createdAt updatedAt
    status statusReasons workloadIdentityDetails=WorkloadIdentityDetails webAclArn
    ResponseMetadata
GatewayTarget
    gatewayIdentifier name description clientToken targetConfiguration=TargetConfiguration
    credentialProviderConfigurations=CredentialProviderConfiguration[]
    metadataConfiguration=MetadataConfiguration privateEndpoint=PrivateEndpoint
    certificateConfigurations=CertificateConfiguration[] targetId gatewayArn createdAt
    updatedAt status statusReasons lastSynchronizedAt
    privateEndpointManagedResources=ManagedResourceDetails[]
    authorizationData=AuthorizationData protocolType ResponseMetadata
AllowedWorkloadConfiguration
    hostingEnvironments=HostingEnvironment[] workloadIdentities
ApiGatewayTargetConfiguration
    restApiId stage apiGatewayToolConfiguration=ApiGatewayToolConfiguration
ApiGatewayToolConfiguration
    toolOverrides=ApiGatewayToolOverride[] toolFilters=ApiGatewayToolFilter[]
ApiGatewayToolFilter
    filterPath methods
ApiGatewayToolOverride
    name description path method
ApiKeyCredentialProvider
    providerArn credentialParameterName credentialPrefix credentialLocation
ApiSchemaConfiguration
    s3=S3Configuration inlinePayload
AuthorizationData
    oauth2=OAuth2AuthorizationData
AuthorizerConfiguration
    customJWTAuthorizer=CustomJWTAuthorizerConfiguration
AuthorizingClaimMatchValueType
    claimMatchValue=ClaimMatchValueType claimMatchOperator
CertificateConfiguration
    s3=S3CertificateConfiguration secretsManager=SecretsManagerCertificateConfiguration
ClaimMatchValueType
    matchValueString matchValueStringList
ConnectorConfiguration
    name description parameterValues parameterOverrides=ConnectorParameterOverride[]
ConnectorParameterOverride
    path description visible
ConnectorSource
    connectorId version
ConnectorTargetConfiguration
    source=ConnectorSource enabled configurations=ConnectorConfiguration[]
CredentialProvider
    oauthCredentialProvider=OAuthCredentialProvider
    apiKeyCredentialProvider=ApiKeyCredentialProvider
    iamCredentialProvider=IamCredentialProvider
CredentialProviderConfiguration
    credentialProviderType credentialProvider=CredentialProvider
CustomClaimValidationType
    inboundTokenClaimName inboundTokenClaimValueType
    authorizingClaimMatchValue=AuthorizingClaimMatchValueType
CustomJWTAuthorizerConfiguration
    discoveryUrl allowedAudience allowedClients allowedScopes advertisedScopeMapping
    customClaims=CustomClaimValidationType[] privateEndpoint=PrivateEndpoint
    privateEndpointOverrides=PrivateEndpointOverride[]
    certificateConfigurations=CertificateConfiguration[]
    allowedWorkloadConfiguration=AllowedWorkloadConfiguration
CustomTransformConfiguration
    lambda=LambdaTransformConfiguration
DomainOverride
    defaultDomain alternateDomains
GatewayInterceptorConfiguration
    interceptor=InterceptorConfiguration interceptionPoints
    inputConfiguration=InterceptorInputConfiguration
GatewayPolicyEngineConfiguration
    arn mode
GatewayProtocolConfiguration
    mcp=MCPGatewayConfiguration
HostingEnvironment
    arn
HttpApiSchemaConfiguration
    source=ApiSchemaConfiguration
HttpConnectorSource
    connectorId
HttpConnectorTargetConfiguration
    source=HttpConnectorSource parameters
HttpTargetConfiguration
    agentcoreRuntime=RuntimeTargetConfiguration passthrough=PassthroughTargetConfiguration
    connector=HttpConnectorTargetConfiguration
IamCredentialProvider
    service region
InferenceConnectorSource
    connectorId
InferenceConnectorTargetConfiguration
    source=InferenceConnectorSource
InferenceOperationConfiguration
    path providerPath models=ModelEntry[]
InferenceProviderTargetConfiguration
    endpoint modelMapping=ModelMapping operations=InferenceOperationConfiguration[]
InferenceTargetConfiguration
    connector=InferenceConnectorTargetConfiguration
    provider=InferenceProviderTargetConfiguration
InterceptorConfiguration
    lambda=LambdaInterceptorConfiguration
InterceptorInputConfiguration
    passRequestHeaders payloadFilter=InterceptorPayloadFilter
InterceptorPayloadExclusionSelector
    field
InterceptorPayloadFilter
    exclude=InterceptorPayloadExclusionSelector[]
LambdaInterceptorConfiguration
    arn
LambdaTransformConfiguration
    arn
MCPGatewayConfiguration
    supportedVersions instructions searchType sessionConfiguration=SessionConfiguration
    streamingConfiguration=StreamingConfiguration disableMcpListToolsPagination
ManagedResourceDetails
    domain resourceGatewayArn resourceAssociationArn
ManagedVpcResource
    vpcIdentifier subnetIds endpointIpAddressType securityGroupIds tags routingDomain
McpLambdaTargetConfiguration
    lambdaArn toolSchema=ToolSchema
McpServerTargetConfiguration
    endpoint mcpToolSchema=McpToolSchemaConfiguration listingMode resourcePriority
McpTargetConfiguration
    openApiSchema=ApiSchemaConfiguration smithyModel=ApiSchemaConfiguration
    lambda=McpLambdaTargetConfiguration mcpServer=McpServerTargetConfiguration
    apiGateway=ApiGatewayTargetConfiguration connector=ConnectorTargetConfiguration
McpToolSchemaConfiguration
    s3=S3Configuration inlinePayload
MetadataConfiguration
    allowedRequestHeaders allowedQueryParameters allowedResponseHeaders
ModelEntry
    model
ModelMapping
    providerPrefix=ProviderPrefix
OAuth2AuthorizationData
    authorizationUrl userId
OAuthCredentialProvider
    providerArn scopes customParameters grantType defaultReturnUrl
PassthroughTargetConfiguration
    endpoint protocolType schema=HttpApiSchemaConfiguration
    stickinessConfiguration=StickinessConfiguration staticQueryParameters
    staticQueryParameterConflictResolution
PrivateEndpoint
    selfManagedLatticeResource=SelfManagedLatticeResource
    managedVpcResource=ManagedVpcResource
PrivateEndpointOverride
    domain privateEndpoint=PrivateEndpoint
ProviderPrefix
    strip separator
RuntimeTargetConfiguration
    arn qualifier schema=HttpApiSchemaConfiguration
S3CertificateConfiguration
    uri bucketOwnerAccountId
S3Configuration
    uri bucketOwnerAccountId
SchemaDefinition
    type properties=SchemaDefinition{} required items=SchemaDefinition description
SecretsManagerCertificateConfiguration
    secretArn
SelfManagedLatticeResource
    resourceConfigurationIdentifier
SessionConfiguration
    sessionTimeoutInSeconds
StickinessConfiguration
    identifier timeout compositeIdentifier
StreamingConfiguration
    enableResponseStreaming
TargetConfiguration
    mcp=McpTargetConfiguration http=HttpTargetConfiguration
    inference=InferenceTargetConfiguration
ToolDefinition
    name description inputSchema=SchemaDefinition outputSchema=SchemaDefinition
ToolSchema
    s3=S3Configuration inlinePayload=ToolDefinition[]
WafConfiguration
    failureMode
WorkloadIdentityDetails
    workloadIdentityArn
"""


def _parse(text: str) -> dict[str, dict[str, str | None]]:
    shapes: dict[str, dict[str, str | None]] = {}
    current: dict[str, str | None] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            current = shapes.setdefault(line.strip(), {})
            continue
        for word in line.split():
            member, _, child = word.partition("=")
            current[member] = child or None
    return shapes


SHAPES = _parse(MODEL)
ROOTS = {"gateway": "Gateway", "target": "GatewayTarget"}
#: Response-only members of the two roots, left out of the "accepted here" hint.
RESPONSE_ONLY = {
    "Gateway": frozenset(
        {
            "gatewayArn",
            "gatewayId",
            "gatewayUrl",
            "createdAt",
            "updatedAt",
            "status",
            "statusReasons",
            "workloadIdentityDetails",
            "webAclArn",
            "ResponseMetadata",
        }
    ),
    "GatewayTarget": frozenset(
        {
            "targetId",
            "gatewayArn",
            "createdAt",
            "updatedAt",
            "status",
            "statusReasons",
            "lastSynchronizedAt",
            "privateEndpointManagedResources",
            "authorizationData",
            "protocolType",
            "ResponseMetadata",
        }
    ),
}


@dataclass(frozen=True)
class Unknown:
    key: str
    pointer: str
    where: str  # dotted path of the object holding the key, as botocore names it
    shape: str


def _children(
    value: Any, spec: str, pointer: str, where: str
) -> Iterator[tuple[Any, str, str, str]]:
    """(object, pointer, dotted path, shape) for each structure inside ``value``."""
    if spec.endswith("[]"):
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield item, join_pointer(pointer, i), f"{where}[{i}]", spec[:-2]
    elif spec.endswith("{}"):
        if isinstance(value, dict):
            for key, item in value.items():
                yield item, join_pointer(pointer, key), f"{where}.{key}", spec[:-2]
    else:
        yield value, pointer, where, spec


def unknown_keys(obj: Any, shape: str, pointer: str, where: str = "input") -> Iterator[Unknown]:
    """Every key under ``obj`` (a ``shape`` object at ``pointer``) the model does not define."""
    members = SHAPES[shape]
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        child = join_pointer(pointer, key)
        if key not in members:
            yield Unknown(key, child, where, shape)
            continue
        spec = members[key]
        if spec is None:
            continue
        inner_where = key if where == "input" else f"{where}.{key}"
        for item, item_pointer, item_where, item_shape in _children(
            value, spec, child, inner_where
        ):
            yield from unknown_keys(item, item_shape, item_pointer, item_where)


def suggestion(key: str, known: list[str]) -> str | None:
    """The member ``key`` most likely meant: same letters in another case, else the closest."""
    folded = {name.lower(): name for name in known}
    if key.lower() in folded:
        return folded[key.lower()]
    squashed = key.replace("_", "").replace("-", "").lower()
    if squashed in folded:
        return folded[squashed]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = difflib.get_close_matches(key.lower(), list(folded), n=1, cutoff=0.6)
    if lowered:
        return folded[lowered[0]]
    # a shortening such as "timeout" for "sessionTimeoutInSeconds"
    containing = [name for name in known if len(squashed) >= 4 and squashed in name.lower()]
    return containing[0] if len(containing) == 1 else None


#: JSON Schema keywords the gateway's SchemaDefinition lacks: never "corrected" to a member.
JSON_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "definitions", "title", "default", "examples",
        "enum", "const", "format", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties", "additionalProperties",
        "patternProperties", "propertyNames", "additionalItems", "prefixItems", "contains",
        "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "nullable", "readOnly",
        "writeOnly", "deprecated", "dependentRequired", "dependentSchemas",
    }
)  # fmt: skip


def _message(item: Unknown) -> tuple[str, str]:
    known = list(SHAPES[item.shape])
    keyword = item.shape == "SchemaDefinition" and item.key in JSON_SCHEMA_KEYWORDS
    guess = None if keyword else suggestion(item.key, known)
    if item.where == "input":
        kind = "gateway" if item.shape == ROOTS["gateway"] else "target"
        place = f"at the top level of a {kind} document"
    else:
        place = f"in {item.where}"
    message = f"'{item.key}' is not a parameter the AWS API accepts {place}"
    if keyword:
        message += " (a JSON Schema keyword the gateway's tool schema does not support)"
    if guess is not None:
        message += f"; did you mean '{guess}'?"
        fix = f"Rename '{item.key}' to '{guess}'."
    else:
        message += "."
        fix = f"Remove '{item.key}'."
    if item.shape == "SchemaDefinition":
        fix += (
            " A gateway tool schema accepts only type, properties, required, items and "
            "description; put constraints such as enum or default into the description."
        )
    else:
        accepted = [name for name in known if name not in RESPONSE_ONLY.get(item.shape, ())]
        fix += " Accepted here: " + ", ".join(accepted) + "."
    return message, fix


@rule(
    id="GW002",
    name="unknown-parameter",
    severity=Severity.ERROR,
    summary="Gateway and target documents use only parameters the AWS API defines",
    fix=(
        "Rename the key to the API member the message suggests (the API is case-sensitive: "
        "customJWTAuthorizer, authorizerConfiguration, credentialProviderConfigurations) or "
        "remove it; botocore rejects unknown parameters before the request is sent."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    deployment = ctx.deployment
    if deployment.shape not in API_DOCUMENT_SHAPES:
        return  # client configs and setup arguments are not API documents
    nodes: list[tuple[Node, str]] = []
    if deployment.gateway is not None:
        nodes.append((deployment.gateway, ROOTS["gateway"]))
    nodes.extend((target, ROOTS["target"]) for target in deployment.targets)
    for node, shape in nodes:
        if not isinstance(node.raw, dict) or not node.raw:
            continue
        found = list(unknown_keys(node.raw, shape, node.origin.pointer))
        for item in found:
            message, fix = _message(item)
            yield ctx.fail(node, None, message, fix=fix, pointer=item.pointer)
        if not found:
            kind = "gateway" if shape == ROOTS["gateway"] else "target"
            yield ctx.passed(node, None, f"every key of the {kind} document is an API parameter")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "botocore-unknown-parameter",
        "pattern": r"Unknown parameter in [\w.\[\]]+: \"?\w+",
        "source": (
            "botocore ParamValidationError, before anything is sent (boto3, aws ... "
            "--cli-input-json)"
        ),
        "means": (
            "boto3 or the AWS CLI refused the request: a key is not a member of the operation's "
            "input."
        ),
        "cause": (
            "A key the API does not define: misspelt, mis-cased, response-only, or from another "
            "tool's format."
        ),
        "likelihood": "high",
    },
]
