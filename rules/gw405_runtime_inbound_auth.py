r"""The target's outbound credentials do not match how the runtime authenticates callers.

## Why
An AgentCore Runtime authenticates every caller one way, chosen when it is
deployed: with a JWT authorizer (``authorizerConfiguration.
customJWTAuthorizer``: callers send an OAuth bearer token from the
configured issuer) or, without one, with AWS IAM (callers sign the request
with SigV4 and need ``bedrock-agentcore:InvokeAgentRuntime``). There is no
unauthenticated runtime. The gateway calls the runtime with the target's
credential provider, so the two must agree:

- JWT runtime: the target needs an ``OAUTH`` credential provider whose
  tokens the runtime's authorizer accepts. A gateway-role signature is not a
  bearer token and is rejected.
- IAM runtime: the target needs ``GATEWAY_IAM_ROLE`` with
  ``iamCredentialProvider.service`` set to ``bedrock-agentcore`` (the service
  the gateway signs for); an OAuth token means nothing to a SigV4 runtime.

gwlint reads the runtime (GetAgentRuntime) and compares with the target's
``credentialProviderConfigurations``, in whatever status the runtime is (the
authorizer is known from the first GetAgentRuntime). It does not verify that the OAuth
provider's tokens satisfy the runtime's JWT authorizer (issuer, clients).

## Symptom
The target does not synchronise (FAILED, 401/403 in ``statusReasons``), or
tools/call answers "An internal error occurred".

## Fix
For an IAM runtime:

    "credentialProviderConfigurations": [{
      "credentialProviderType": "GATEWAY_IAM_ROLE",
      "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}}
    }]

For a JWT runtime, an OAuth provider (client-credentials) for the runtime's
identity provider:

    "credentialProviderConfigurations": [{
      "credentialProviderType": "OAUTH",
      "credentialProvider": {"oauthCredentialProvider": {
        "providerArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/\
oauth2credentialprovider/runtime-idp",
        "scopes": ["mcp-runtime/invoke"]}}
    }]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.findings import Finding
from gwlint.livecheck import runtime_for, session_region
from gwlint.model import CredentialProvider
from gwlint.resolve import RuntimeRef, runtime_refs
from gwlint.rule import Context, Severity, describe_value, rule

RUNTIME_SERVICE = "bedrock-agentcore"

FIX = (
    "Match the target's credential provider to the runtime's inbound auth: a runtime with a "
    "JWT authorizer needs an OAUTH credential provider whose tokens it accepts; an IAM (SigV4) "
    "runtime needs GATEWAY_IAM_ROLE with iamCredentialProvider.service = bedrock-agentcore."
)


def _jwt_discovery(runtime: dict[str, Any]) -> tuple[bool, Any]:
    config = runtime.get("authorizerConfiguration")
    jwt = config.get("customJWTAuthorizer") if isinstance(config, dict) else None
    if isinstance(jwt, dict):
        return True, jwt.get("discoveryUrl")
    return False, None


def _check_ref(ctx: Context, ref: RuntimeRef, runtime: dict[str, Any]) -> Finding:
    target = ref.target
    providers = target.credential_providers or []
    provider: CredentialProvider | None = providers[0] if providers else None
    provider_type = provider.provider_type if provider is not None else None
    node: Any = provider if provider is not None else target
    field = "provider_type" if provider is not None else "credential_providers"
    has_jwt, discovery = _jwt_discovery(runtime)
    name = f"Runtime {ref.runtime_id}"
    resource = ref.runtime_arn
    written = (
        f"credential provider {describe_value(provider_type)}"
        if provider is not None
        else "no credential provider"
    )
    if has_jwt:
        issuer = f" from {describe_value(discovery)}" if isinstance(discovery, str) else ""
        if provider_type == "OAUTH":
            return ctx.passed(
                node,
                field,
                f"{name} requires JWT bearer tokens{issuer} and {target.label} uses an OAUTH "
                "credential provider (its issuer and client are not compared here).",
                resource=resource,
            )
        return ctx.fail(
            node,
            field,
            f"{name} requires JWT bearer tokens{issuer} (customJWTAuthorizer), but "
            f"{target.label} has {written}; the gateway's calls will be rejected.",
            fix=(
                "Give the target an OAUTH credential provider (client credentials) for the "
                "identity provider the runtime's JWT authorizer trusts, or redeploy the runtime "
                "without a JWT authorizer (IAM) and use GATEWAY_IAM_ROLE with service "
                "bedrock-agentcore."
            ),
            resource=resource,
        )
    if provider is None or provider_type != "GATEWAY_IAM_ROLE":
        return ctx.fail(
            node,
            field,
            f"{name} authenticates callers with AWS IAM (SigV4; it has no JWT authorizer), but "
            f"{target.label} has {written}.",
            fix=(
                "Use credentialProviderType GATEWAY_IAM_ROLE with "
                "credentialProvider.iamCredentialProvider.service = bedrock-agentcore, and allow "
                "the gateway role bedrock-agentcore:InvokeAgentRuntime on the runtime and its "
                "endpoint."
            ),
            resource=resource,
        )
    iam = provider.iam if isinstance(provider.iam, dict) else None
    service = iam.get("service") if iam is not None else None
    if service == RUNTIME_SERVICE:
        return ctx.passed(
            provider,
            "iam",
            f"{name} authenticates with AWS IAM and {target.label} signs with the gateway role "
            f"for service {RUNTIME_SERVICE}.",
            resource=resource,
        )
    problem = (
        f"iamCredentialProvider.service is {describe_value(service)}"
        if service is not None
        else "iamCredentialProvider.service is not set"
    )
    return ctx.fail(
        provider,
        "iam" if provider.has("iam") else "provider_type",
        f"{name} authenticates with AWS IAM and {target.label} uses GATEWAY_IAM_ROLE, but "
        f"{problem}; the gateway must sign for service '{RUNTIME_SERVICE}'.",
        fix=(
            'Set "credentialProvider": {"iamCredentialProvider": {"service": '
            '"bedrock-agentcore"}} on the target.'
        ),
        resource=resource,
    )


@rule(
    id="GW405",
    name="runtime-inbound-auth",
    severity=Severity.ERROR,
    summary="the target's credential provider matches the runtime's inbound auth",
    fix=FIX,
    live=True,
    reads=("runtime",),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    for ref in runtime_refs(ctx.deployment, session_region(ctx), kinds=("mcpServer",)):
        runtime = runtime_for(ctx, ref, "inbound auth")
        if isinstance(runtime, Finding):
            yield runtime
            continue
        yield _check_ref(ctx, ref, runtime)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "runtime-invocation-forbidden",
        "pattern": (
            r"(?:\b403\b|Forbidden).{0,1000}?/invocations\?qualifier=|/invocations\?qualifier=.{0,1000}?(?:\b403\b|Forbidden)"
        ),
        "source": "AgentCore Runtime invocation URL, HTTP 403 (awslabs/agentcore-samples#142)",
        "means": (
            "The runtime refused the call: the credentials are not the kind or identity it accepts."
        ),
        "cause": (
            "The credentials do not match the runtime's inbound auth (SigV4 to a JWT runtime or "
            "the reverse)."
        ),
        "likelihood": "high",
    },
    {
        "error": "mcp-target-fetch-tools-failed",
        "cause": (
            "The target's credentials do not match the runtime's inbound auth (OAuth vs SigV4)."
        ),
        "likelihood": "medium",
    },
]
