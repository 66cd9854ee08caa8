"""An authorization-code target's return URL is not allowed by the gateway's workload identity.

## Why
A target whose OAuth credential provider uses ``grantType: AUTHORIZATION_CODE``
(three-legged OAuth) sends the user through the identity provider and back to
a return URL: the target's ``defaultReturnUrl`` unless the request names
another. AgentCore Identity only returns to URLs the gateway's *workload
identity* allows (``allowedResourceOauth2ReturnUrls``, read with
GetWorkloadIdentity; the gateway names the identity in
``workloadIdentityDetails``). A workload identity with no allowed return URL
refuses the flow outright: users report GetResourceOauth2Token failing with
"You must register and use at least one ResourceOauth2ReturnUrl on your
workload identity to use this flow" (agentcore-samples#528). The failure comes
at the first tool call, not at deploy time, and the evidence is a user report,
so this rule reports a warning.

gwlint reads the gateway (GetGateway) for its workload identity and compares
each authorization-code target's ``defaultReturnUrl`` exactly with the allowed
URLs. A target without ``defaultReturnUrl`` is skipped when the identity allows
some URL (each request then names its own), and fails when it allows none.

## Symptom
The consent step never completes: GetResourceOauth2Token or
CompleteResourceTokenAuth fails with a ValidationException about the
ResourceOauth2ReturnUrl, and the target's tools answer with an authorization
error instead of a consent URL.

## Fix
Allow the return URL on the gateway's workload identity (keep the URLs it
already allows; the call replaces the list):

    aws bedrock-agentcore-control update-workload-identity \\
      --name <workload identity name from get-gateway> \\
      --allowed-resource-oauth2-return-urls https://app.example.com/oauth/callback

or set the target's ``defaultReturnUrl`` to a URL the identity already allows.
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.credential_refs import workload_identity_name
from gwlint.credentials import is_three_legged
from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import GET_GATEWAY, Read, ask, cannot_check, checked_targets
from gwlint.model import CredentialProvider, Target
from gwlint.reads import TARGETS
from gwlint.resolve import GatewayView, Where
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.unresolved import DEPLOY_TIME, Unresolved

GET_WORKLOAD_IDENTITY = "bedrock-agentcore:GetWorkloadIdentity"
FIX = (
    "Allow the target's defaultReturnUrl on the gateway's workload identity "
    "(aws bedrock-agentcore-control update-workload-identity --name <name> "
    "--allowed-resource-oauth2-return-urls <url> ..., keeping the URLs it allows), or use "
    "a return URL it already allows."
)


def _three_legged(targets: list[Target]) -> list[tuple[Target, CredentialProvider]]:
    return [
        (target, provider)
        for target in targets
        for provider in target.credential_providers or []
        if is_three_legged(provider)
    ]


def _where(view: GatewayView, provider: CredentialProvider) -> Where:
    return view.at(provider, "oauth")


@rule(
    id="GW233",
    name="auth-code-return-url",
    severity=Severity.WARNING,
    summary="the gateway's workload identity allows each authorization-code target's return URL",
    fix=FIX,
    live=True,
    reads=(*TARGETS, "workload-identity"),
    evidence="reported",
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, targets, problems = checked_targets(ctx)
    yield from problems
    found = _three_legged(targets)
    if view is None or not found:
        return
    first = _where(view, found[0][1])
    if view.identifier is None:
        yield ctx.skip(
            "the gateway names no deployed gateway (no gatewayArn or gateway ID): its workload "
            "identity, and so its allowed return URLs, cannot be read",
            first.node,
            resource=view.label,
        )
        return
    try:
        gateway = ask(ctx.facts, Read.gateway(view.identifier, view.region))
    except NotFound:
        yield ctx.skip(
            f"gateway {view.identifier} does not exist in {view.region} (see GW401)",
            first.node,
            resource=view.label,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx, first, exc, f"gateway {view.identifier}", GET_GATEWAY, resource=view.label
        )
        return
    name = workload_identity_name(gateway)
    if name is None:
        yield ctx.error(
            first.node,
            first.field,
            f"Could not check the return URLs: GetGateway names no workload identity for "
            f"{view.label} (workloadIdentityDetails).",
            resource=view.label,
            pointer=first.pointer,
        )
        return
    try:
        identity = ask(ctx.facts, Read.workload_identity(name, view.region))
    except NotFound:
        yield ctx.fail(
            first.node,
            first.field,
            f"Workload identity {name} of {view.label} does not exist in {view.region}; "
            "no authorization-code flow of its targets can complete.",
            resource=name,
            pointer=first.pointer,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx, first, exc, f"workload identity {name}", GET_WORKLOAD_IDENTITY, resource=name
        )
        return
    allowed = identity.get("allowedResourceOauth2ReturnUrls")
    urls = [u for u in allowed if isinstance(u, str)] if isinstance(allowed, list) else []
    for target, provider in found:
        yield _judge(ctx, view, target, provider, name, urls)


def _judge(
    ctx: Context,
    view: GatewayView,
    target: Target,
    provider: CredentialProvider,
    name: str,
    urls: list[str],
) -> Finding:
    where = _where(view, provider)
    url = provider.oauth.get("defaultReturnUrl") if isinstance(provider.oauth, dict) else None
    subject = target.label
    if isinstance(url, Unresolved):
        return ctx.skip(
            f"the defaultReturnUrl of {subject} is {DEPLOY_TIME} ({url.text})",
            where.node,
            resource=target.label,
        )
    if not isinstance(url, str) or not url:
        if urls:
            return ctx.skip(
                f"{subject} sets no defaultReturnUrl: each request names its return URL, which "
                f"workload identity {name} must allow ({len(urls)} allowed)",
                where.node,
                resource=target.label,
            )
        return ctx.fail(
            where.node,
            where.field,
            f"Workload identity {name} allows no return URL, so the authorization-code flow of "
            f"{subject} cannot complete (and the target sets no defaultReturnUrl).",
            resource=target.label,
            pointer=where.pointer,
        )
    if url in urls:
        return ctx.passed(
            where.node,
            where.field,
            f"Workload identity {name} allows the return URL of {subject}.",
            resource=target.label,
            pointer=where.pointer,
        )
    listed = ", ".join(describe_value(u) for u in urls) if urls else "none"
    return ctx.fail(
        where.node,
        where.field,
        f"The defaultReturnUrl {describe_value(url, 200)} of {subject} is not among the return "
        f"URLs workload identity {name} allows ({listed}); the consent step cannot return.",
        resource=target.label,
        pointer=where.pointer,
    )
