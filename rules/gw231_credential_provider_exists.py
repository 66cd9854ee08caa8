r"""A target's OAuth or API-key credential provider does not exist, or cannot serve its grant.

## Why
An ``OAUTH`` or ``API_KEY`` target names its credential provider by ARN
(``…:token-vault/default/oauth2credentialprovider/<name>`` or
``…/apikeycredentialprovider/<name>``). The gateway asks AgentCore Identity
for a token or key from exactly that provider on every call; a provider that
was never created, was deleted, or lives in another region cannot give one.
"ResourceNotFoundException" at CreateGatewayTarget is a common report. gwlint
reads the provider with GetOauth2CredentialProvider or
GetApiKeyCredentialProvider (by the ARN's name, in the ARN's region): a
provider that does not exist is an error; one whose ``status`` is not
``READY`` (``CREATE_FAILED``, ``DELETING``…) fails with its
``failureReason``.

For an OAuth provider gwlint also compares the target's ``grantType`` with
the provider's configuration, where the API model shows what a grant needs
(a warning, because the service's own check is not documented):

- ``TOKEN_EXCHANGE`` exchanges the caller's token on behalf of the user; the
  model says a provider's ``onBehalfOfTokenExchangeConfig`` "enables" that
  flow, so a provider without one (or with the JWT authorization grant
  instead) is reported;
- ``AUTHORIZATION_CODE`` sends the user to the provider's authorization
  endpoint; a custom provider whose explicit ``authorizationServerMetadata``
  has no ``authorizationEndpoint`` cannot start that flow (a provider
  configured by discovery URL is not judged).

## Symptom
CreateGatewayTarget or UpdateGatewayTarget fails with
ResourceNotFoundException naming the credential provider, or the target is
created and every tools/call fails to obtain its outbound token or API key.

## Fix
Create the provider, or name one that exists (same region as the gateway):

    aws bedrock-agentcore-control list-oauth2-credential-providers --region us-east-1
    aws bedrock-agentcore-control list-api-key-credential-providers --region us-east-1

    "credentialProvider": {"oauthCredentialProvider": {
      "providerArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:\
token-vault/default/oauth2credentialprovider/github",
      "scopes": ["repo"]}}

For ``TOKEN_EXCHANGE`` give the provider an ``onBehalfOfTokenExchangeConfig``
with ``grantType`` ``TOKEN_EXCHANGE`` (UpdateOauth2CredentialProvider), or use
the grant the provider is configured for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.credential_refs import ProviderRef, Unparsed, caller_account, target_provider_refs
from gwlint.credentials import oauth_grant
from gwlint.facts import LiveError, NotFound, prefetch
from gwlint.findings import Finding
from gwlint.livecheck import (
    GET_API_KEY_PROVIDER,
    GET_OAUTH2_PROVIDER,
    ask,
    cannot_check,
    checked_targets,
    reasons_text,
    session_region,
    skip_at,
)
from gwlint.reads import TARGETS
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Create the credential provider or name one that exists in the gateway's region "
    "(aws bedrock-agentcore-control list-oauth2-credential-providers / "
    "list-api-key-credential-providers --region <region>)."
)
FIX_GRANT = (
    "Configure the provider for the target's grantType (UpdateOauth2CredentialProvider), or set "
    "the target's grantType to the grant the provider serves."
)


def _grant_problem(grant: Any, provider: dict[str, Any]) -> str | None:
    """Why the provider cannot serve ``grant`` as the API model describes it, or None."""
    output = provider.get("oauth2ProviderConfigOutput")
    custom = output.get("customOauth2ProviderConfig") if isinstance(output, dict) else None
    if grant == "TOKEN_EXCHANGE":
        exchange = custom.get("onBehalfOfTokenExchangeConfig") if isinstance(custom, dict) else None
        if not isinstance(exchange, dict):
            return "has no onBehalfOfTokenExchangeConfig, which enables on-behalf-of token exchange"
        if exchange.get("grantType") not in (None, "TOKEN_EXCHANGE"):
            return (
                f"exchanges tokens with grantType {describe_value(exchange.get('grantType'))}, "
                "not TOKEN_EXCHANGE"
            )
    if grant == "AUTHORIZATION_CODE" and isinstance(custom, dict):
        discovery = custom.get("oauthDiscovery")
        metadata = discovery.get("authorizationServerMetadata") if discovery else None
        if isinstance(metadata, dict) and not metadata.get("authorizationEndpoint"):
            return (
                "names no authorizationEndpoint in its authorizationServerMetadata, so the "
                "authorization-code flow has nowhere to send the user"
            )
    return None


def _judge(ctx: Context, ref: ProviderRef, provider: dict[str, Any]) -> Finding:
    where = ref.where
    name = f"{ref.label} {ref.name}"
    status = provider.get("status")
    if status is not None and status != "READY":
        return ctx.fail(
            where.node,
            where.field,
            f"{name} has status {describe_value(status)}, not READY: "
            f"{reasons_text(provider.get('failureReason'))}.",
            resource=ref.arn,
            pointer=where.pointer,
        )
    if ref.kind == "OAUTH":
        grant = oauth_grant(ref.provider)
        problem = _grant_problem(grant, provider)
        if problem is not None:
            return ctx.fail(
                where.node,
                where.field,
                f"{name} {problem}; {ref.subject} asks for grantType {describe_value(grant)}.",
                severity=Severity.WARNING,
                fix=FIX_GRANT,
                resource=ref.arn,
                pointer=where.pointer,
            )
    return ctx.passed(
        where.node,
        where.field,
        f"{name} exists in {ref.region}{'' if status is None else ' and is READY'} "
        f"({ref.subject}).",
        resource=ref.arn,
        pointer=where.pointer,
    )


def _elsewhere(ref: ProviderRef, account: str | None) -> bool:
    """The provider is in another account than the one gwlint reads."""
    return account is not None and bool(ref.account) and ref.account != account


@rule(
    id="GW231",
    name="credential-provider-exists",
    severity=Severity.ERROR,
    summary="each target's OAuth / API-key credential provider exists and fits its grant",
    fix=FIX,
    live=True,
    reads=(*TARGETS, "oauth2-provider", "api-key-provider", "caller-identity"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, targets, problems = checked_targets(ctx)
    yield from problems
    found = list(target_provider_refs(targets, view, session_region(ctx)))
    refs = [ref for ref in found if isinstance(ref, ProviderRef)]
    account = caller_account(ctx) if refs else None
    prefetch(ctx.facts, [r.read for r in refs if not _elsewhere(r, account)])
    for item in found:
        if isinstance(item, Unparsed):
            yield skip_at(
                ctx,
                item.where.node,
                item.where.field,
                f"the credential provider ARN {describe_value(item.arn, 200)} of {item.subject} "
                "names no token-vault provider (GW217 judges its shape)",
                resource=item.subject,
            )
            continue
        ref, where = item, item.where
        if _elsewhere(ref, account):
            yield ctx.skip(
                f"{ref.label} {ref.arn} is in account {ref.account}; gwlint reads account "
                f"{account}, so it was not checked",
                where.node,
                resource=ref.arn,
            )
            continue
        action = GET_API_KEY_PROVIDER if ref.kind == "API_KEY" else GET_OAUTH2_PROVIDER
        try:
            provider = ask(ctx.facts, ref.read)
        except NotFound:
            yield ctx.fail(
                where.node,
                where.field,
                f"{ref.label} {ref.name} does not exist in {ref.region} ({ref.subject} names "
                f"{ref.arn}); the gateway cannot obtain its outbound credentials.",
                resource=ref.arn,
                pointer=where.pointer,
            )
            continue
        except LiveError as exc:
            yield cannot_check(ctx, where, exc, f"{ref.label} {ref.name}", action, resource=ref.arn)
            continue
        yield _judge(ctx, ref, provider)
