r"""The target's credential provider type is not supported for its target type.

## Why
Each target type supports only some kinds of outbound authorization. The
AgentCore developer guide ("Set up outbound authorization") gives this
matrix, which gwlint encodes as a table (Y = supported):

| target type      | none | GW role | caller | OAuth CC | OAuth AC | OAuth TX | JWT | key |
|------------------|------|---------|--------|----------|----------|----------|-----|-----|
| apiGateway       | Y    | Y       |        |          |          |          |     | Y   |
| lambda           |      | Y       |        |          |          |          |     |     |
| mcpServer        | Y    | Y       |        | Y        | Y        | Y        |     | Y   |
| openApiSchema    | Y    | Y       |        | Y        | Y        | Y        |     | Y   |
| smithyModel      |      | Y       |        | Y        |          |          |     |     |
| agentcoreRuntime |      | Y       | Y      | Y        |          |          | Y   |     |

Target kinds the guide's matrix does not list (``mcp.connector``,
``http.passthrough``, ``http.connector``, ``inference.connector``,
``inference.provider``) are skipped with that reason rather than guessed.

"none" is a target without ``credentialProviderConfigurations``; "GW role"
is ``GATEWAY_IAM_ROLE`` (the gateway's service role); "caller" is
``CALLER_IAM_CREDENTIALS``; ``OAUTH`` falls in one of the three OAuth columns
by its ``grantType`` (client credentials, authorization code, token
exchange; ``CLIENT_CREDENTIALS`` when not given); "JWT" is
``JWT_PASSTHROUGH`` and "key" ``API_KEY``. ``agentcoreRuntime`` is the HTTP
target that fronts an AgentCore Runtime. JWT passthrough forwards the
caller's token, so it also needs the gateway's ``authorizerType`` to be
``AUTHENTICATE_ONLY``.

The matrix has changed over time: until 2026 an ``mcpServer`` target accepted
only OAuth or no authorization, and the AgentCore CLI's ``agentcore.json``
schema (and the starter toolkit) still offer only those two for MCP servers.
An older account or tool may therefore refuse a combination this rule
allows; the API itself is the judge.

## Symptom
CreateGatewayTarget fails with a ValidationException naming the credential
provider type, or the target is created but every tool call is refused by
the backend.

## Fix
Pick a supported type for the target, e.g. for a Lambda target:

    "credentialProviderConfigurations": [{"credentialProviderType": "GATEWAY_IAM_ROLE"}]

and for an MCP server protected by an OAuth client-credentials flow:

    "credentialProviderConfigurations": [{
      "credentialProviderType": "OAUTH",
      "credentialProvider": {"oauthCredentialProvider": {
        "providerArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:\
token-vault/default/oauth2credentialprovider/my-idp",
        "scopes": ["mcp/invoke"]}}
    }]
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint import apispec
from gwlint.awsformats import CREDENTIAL_PROVIDER_TYPES
from gwlint.credentials import (
    GRANT_TYPES,
    MATRIX,
    TARGET_LABEL,
    allowed,
    allowed_columns,
    column_of,
    oauth_grant,
)
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import CredentialProvider, Target
from gwlint.rule import Context, Severity, describe_value, rule


def _grant_pointer(provider: CredentialProvider) -> str | None:
    oauth = provider.oauth
    if provider.has("oauth") and isinstance(oauth, dict) and "grantType" in oauth:
        return join_pointer(provider.origin.pointer_for("oauth"), "grantType")
    return None


def _no_provider(ctx: Context, target: Target, kind: str) -> Iterator[Finding]:
    label = TARGET_LABEL[kind]
    if allowed(kind, "no authorization"):
        yield ctx.passed(
            target,
            "credential_providers",
            f"no credential provider: {label} targets may be called without outbound "
            "authorization (not recommended)",
        )
        return
    yield ctx.fail(
        target,
        "credential_providers",
        f"no credentialProviderConfigurations given; {label} targets do not support calls "
        f"without outbound authorization (supported: {', '.join(allowed_columns(kind))}).",
        fix='Add "credentialProviderConfigurations": [{"credentialProviderType": '
        '"GATEWAY_IAM_ROLE"}].',
        severity=Severity.WARNING,
    )


def _one(
    ctx: Context, target: Target, kind: str, provider: CredentialProvider
) -> Iterator[Finding]:
    label = TARGET_LABEL[kind]
    ptype = provider.provider_type
    enum = ", ".join(CREDENTIAL_PROVIDER_TYPES)
    if not isinstance(provider.raw, dict):
        yield ctx.fail(
            provider,
            None,
            f"credential provider is {describe_value(provider.raw)}, not an object with "
            "credentialProviderType.",
            resource=target.label,
        )
        return
    if not provider.has("provider_type"):
        yield ctx.fail(
            provider,
            "provider_type",
            f"credential provider has no credentialProviderType; it must be one of {enum}.",
            resource=target.label,
        )
        return
    if not isinstance(ptype, str) or ptype not in CREDENTIAL_PROVIDER_TYPES:
        hint = ""
        if isinstance(ptype, str) and ptype.upper().replace("-", "_") in CREDENTIAL_PROVIDER_TYPES:
            hint = f" (write it upper-case: {ptype.upper().replace('-', '_')})"
        elif isinstance(ptype, str) and ptype.upper() in ("NONE", "NO_AUTH", "NOAUTH"):
            hint = " (for no outbound authorization, leave credentialProviderConfigurations out)"
        yield ctx.fail(
            provider,
            "provider_type",
            f"credentialProviderType {describe_value(ptype)} is not one of {enum}{hint}.",
            resource=target.label,
        )
        return
    column = column_of(provider)
    if column is None:
        yield ctx.skip(
            f"not checked: OAuth grantType {describe_value(oauth_grant(provider))} is not one "
            f"of {', '.join(GRANT_TYPES)} (GW217 reports it)",
            provider,
            resource=target.label,
        )
        return
    if not allowed(kind, column):
        supported = ", ".join(allowed_columns(kind))
        grant_ptr = _grant_pointer(provider) if ptype == "OAUTH" else None
        yield ctx.fail(
            provider,
            "provider_type",
            f"{column} is not supported for {label} targets (supported: {supported}).",
            pointer=grant_ptr,
            resource=target.label,
        )
        return
    if ptype == "JWT_PASSTHROUGH":
        yield from _passthrough_gateway(ctx, target, provider)
        return
    yield ctx.passed(
        provider,
        "provider_type",
        f"{column} is supported for {label} targets",
        resource=target.label,
    )


def _passthrough_gateway(
    ctx: Context, target: Target, provider: CredentialProvider
) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    if gateway is None or not gateway.has("authorizer_type"):
        yield ctx.skip(
            "not checked: JWT_PASSTHROUGH needs the gateway's authorizerType "
            "AUTHENTICATE_ONLY, and the gateway is not in this input",
            provider,
            resource=target.label,
        )
        return
    if gateway.authorizer_type != "AUTHENTICATE_ONLY":
        yield ctx.fail(
            provider,
            "provider_type",
            f"JWT_PASSTHROUGH needs the gateway's authorizerType AUTHENTICATE_ONLY, but "
            f"{gateway.label} uses {describe_value(gateway.authorizer_type)}.",
            fix="Set the gateway's authorizerType to AUTHENTICATE_ONLY, or use another "
            "credential provider type for this target.",
            resource=target.label,
        )
        return
    yield ctx.passed(
        provider,
        "provider_type",
        "JWT_PASSTHROUGH is supported for AgentCore Runtime (HTTP) targets and the gateway "
        "uses AUTHENTICATE_ONLY",
        resource=target.label,
    )


@rule(
    id="GW216",
    name="credential-provider-allowed",
    severity=Severity.ERROR,
    summary="The credential provider type is supported for the target type",
    fix=(
        "Use a credential provider type the target type supports: Lambda → GATEWAY_IAM_ROLE; "
        "Smithy → GATEWAY_IAM_ROLE or OAUTH (client credentials); API Gateway → none, "
        "GATEWAY_IAM_ROLE or API_KEY; MCP server and OpenAPI → none, GATEWAY_IAM_ROLE, OAUTH "
        "or API_KEY; AgentCore Runtime (HTTP) → GATEWAY_IAM_ROLE, CALLER_IAM_CREDENTIALS, "
        "OAUTH (client credentials) or JWT_PASSTHROUGH."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.deployment.is_setup_args:
        return  # setup_gateway arguments carry no credential providers
    for target in ctx.deployment.targets:
        kind = target.kind
        if kind is not None and kind not in MATRIX and kind in apispec.kind_names():
            yield ctx.skip(
                f"the outbound-authorization matrix in the AgentCore developer guide does not "
                f"list {kind} targets, so their credential provider type is not checked",
                target,
            )
            continue
        if kind is None or kind not in MATRIX:
            continue  # no single known target type: other rules report it
        providers = target.credential_providers
        if providers is None:
            if not target.has("credential_providers"):
                yield from _no_provider(ctx, target, kind)
            continue
        for provider in providers:
            yield from _one(ctx, target, kind, provider)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "lambda-credential-provider-required",
        "pattern": r"CredentialProviderConfigurations\W*is required for Lambda targets",
        "source": (
            "CloudFormation AWS::BedrockAgentCore::GatewayTarget (aws/agentcore-cli#1005); "
            "CreateGatewayTarget (bedrock-agentcore-starter-toolkit#56, #34)"
        ),
        "means": (
            "A Lambda target was created without a credential provider; Lambda targets need "
            "GATEWAY_IAM_ROLE."
        ),
        "cause": (
            "The Lambda target has no credentialProviderConfigurations, or a type Lambda does not "
            "support."
        ),
        "likelihood": "high",
    },
]
