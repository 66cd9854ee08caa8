r"""The OAuth token endpoint is not its identity provider's token URL.

## Why
Client-credentials tokens come from the user pool's *domain*:
``https://{prefix}.auth.{region}.amazoncognito.com/oauth2/token``, or
``https://{your-custom-domain}/oauth2/token`` when the pool has a custom
domain. ``cognito-idp.{region}.amazonaws.com`` is a different service: the
user-pool API and the token *issuer* (the discovery URL lives there), and it
has no OAuth token endpoint. Other paths on the domain are other endpoints:
``/oauth2/authorize`` is the browser login, ``/oauth2/userInfo`` reads a
user's profile; ``/token`` or a bare host answer nothing useful.

The toolkit's ``client_info.domain_prefix`` names the domain the token
endpoint must use, so the two have to agree, and the prefix must be a valid
Cognito domain prefix (lower-case letters, digits and inner hyphens, 1-63).

A placeholder such as ``${TOKEN_URL}`` is skipped. Other identity providers
use other paths, each checked against its own documentation when the host
shows the provider: Microsoft Entra ID
``https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token``, Okta
``https://{domain}/oauth2/{authorizationServerId}/v1/token`` (or the org
server's ``/oauth2/v1/token``), Auth0 ``https://{tenant}.auth0.com/oauth/token``,
Keycloak ``https://{host}/realms/{realm}/protocol/openid-connect/token``. A
custom host of an unknown provider is accepted with its path unchecked,
unless the deployment shows it is a Cognito custom domain (a user pool ID, a
domain prefix or a Cognito discovery URL).

## Symptom
The token request fails: a 400/404 HTML page, ``UnknownOperationException``
or a DNS error instead of JSON with an ``access_token``; the agent never gets
as far as calling the gateway.

## Fix
Look up the pool's domain and build the URL from it:

    aws cognito-idp describe-user-pool --user-pool-id us-east-1_AbCdEf123 \
      --query 'UserPool.[Domain,CustomDomain]'

    {"token_endpoint": "https://my-gateway-auth.auth.us-east-1.amazoncognito.com/oauth2/token"}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from gwlint.awsformats import (
    COGNITO_DOMAIN_PREFIX,
    is_secret_reference,
    parse_cognito_discovery,
    parse_gateway_url,
    pool_region,
)
from gwlint.findings import Finding
from gwlint.idp import ENTRA_V1_TOKEN_PATH, TOKEN_PATHS, Provider, provider_of_url
from gwlint.model import ClientConfig, Deployment
from gwlint.rule import Context, Severity, describe_value, rule

TOKEN_PATH = "/oauth2/token"
_IDP_HOST = re.compile(r"^cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$")
_DOMAIN_HOST = re.compile(r"^([^.]+)\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$")

#: What other Cognito domain paths are, for messages.
_OTHER_PATHS = {
    "/oauth2/authorize": "the browser authorization (login) endpoint",
    "/oauth2/userinfo": "the user-info endpoint",
    "/oauth2/revoke": "the token revocation endpoint",
    "/login": "the hosted login page",
    "/logout": "the logout endpoint",
    "/.well-known/openid-configuration": "a discovery document, not the token endpoint",
    "/.well-known/jwks.json": "the signing-keys document, not the token endpoint",
}


def expected_url(prefix: str | None, region: str | None) -> str:
    return (
        f"https://{prefix or 'YOUR-DOMAIN-PREFIX'}.auth.{region or 'REGION'}"
        f".amazoncognito.com{TOKEN_PATH}"
    )


def _known_prefix(client: ClientConfig) -> str | None:
    prefix = client.domain_prefix
    if isinstance(prefix, str) and COGNITO_DOMAIN_PREFIX.match(prefix):
        return prefix
    return None


def _known_region(deployment: Deployment, client: ClientConfig) -> str | None:
    """Best guess of the Cognito region from the other fields."""
    region = pool_region(client.user_pool_id)
    if region:
        return region
    jwt = deployment.gateway.jwt if deployment.gateway is not None else None
    discovery = parse_cognito_discovery(jwt.discovery_url) if jwt is not None else None
    if discovery is not None:
        return discovery.region
    if isinstance(client.region, str) and client.region.strip():
        return client.region.strip()
    url = parse_gateway_url(client.gateway_url)
    return url.region if url else None


def cognito_evident(deployment: Deployment, client: ClientConfig) -> bool:
    """The deployment shows the identity provider is Amazon Cognito."""
    if any(isinstance(v, str) and v.strip() for v in (client.user_pool_id, client.domain_prefix)):
        return True
    jwt = deployment.gateway.jwt if deployment.gateway is not None else None
    return jwt is not None and parse_cognito_discovery(jwt.discovery_url) is not None


def _path_problem(path: str) -> str | None:
    if path == TOKEN_PATH:
        return None
    if not path or path == "/":
        return "has no path"
    if path.rstrip("/") == TOKEN_PATH:
        return f"ends with a slash after {TOKEN_PATH}"
    if path.lower() == TOKEN_PATH:
        return f"path '{path}' has the wrong case (paths are case-sensitive)"
    what = _OTHER_PATHS.get(path.rstrip("/").lower())
    if what:
        return f"path '{path}' is {what}"
    return f"path '{path}' is not {TOKEN_PATH}"


@rule(
    id="GW303",
    name="token-endpoint",
    severity=Severity.ERROR,
    summary="OAuth token endpoint is the identity provider's https token URL",
    fix=(
        "Use the user pool domain's token URL, "
        "https://{domain-prefix}.auth.{region}.amazoncognito.com/oauth2/token (or "
        "https://{custom-domain}/oauth2/token); find the domain with aws cognito-idp "
        "describe-user-pool --user-pool-id <pool-id> --query UserPool.Domain."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if client is None:
        return
    host: tuple[str, str] | None = None
    if is_secret_reference(client.token_endpoint):
        yield ctx.skip(
            f"token_endpoint is a placeholder ({describe_value(client.token_endpoint)}); "
            "its value is not in the file",
            client,
        )
    elif client.has("token_endpoint"):
        findings, host = _check_endpoint(ctx, client)
        yield from findings
    if client.has("domain_prefix"):
        yield from _check_prefix(ctx, client, host)


def _check_endpoint(
    ctx: Context, client: ClientConfig
) -> tuple[list[Finding], tuple[str, str] | None]:
    """Findings on token_endpoint, and its Cognito (prefix, region) when it has one."""
    value = client.token_endpoint
    prefix = _known_prefix(client)
    region = _known_region(ctx.deployment, client)
    out: list[Finding] = []
    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text)
    host = parts.hostname or ""
    if not text or not parts.scheme or not host:
        shown = describe_value(value) if value not in (None, "") else "empty"
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint is {shown}, not an absolute https:// URL.",
                fix=f"Set token_endpoint to the pool domain's token URL: "
                f"{expected_url(prefix, region)}",
            )
        )
        return out, None
    if parts.scheme.lower() != "https":
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint {describe_value(text, 200)} uses {parts.scheme}://; the token "
                "endpoint is served over https:// only (the client secret travels in the "
                "request).",
                fix="Use https:// for the token endpoint.",
            )
        )
    idp = _IDP_HOST.match(host)
    domain = _DOMAIN_HOST.match(host)
    host_prefix = domain.group(1) if domain else None
    check_path = True
    if idp:
        check_path = False  # the whole URL is wrong; the fix gives the full one
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint host '{host}' is the Cognito user-pool API, where the "
                "issuer and discovery document live; tokens are issued by the pool's "
                "OAuth domain.",
                fix=(
                    "Use the pool domain's token URL: "
                    f"{expected_url(prefix, idp.group(1))} (find the domain with aws "
                    "cognito-idp describe-user-pool --user-pool-id <pool-id> "
                    "--query UserPool.Domain)."
                ),
            )
        )
    elif host.endswith(".amazonaws.com"):
        check_path = False
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint host '{host}' is an AWS service endpoint, not an OAuth "
                "token endpoint.",
                fix=f"Use the pool domain's token URL: {expected_url(prefix, region)}",
            )
        )
    elif host.endswith(".amazoncognito.com") and domain is None:
        check_path = False
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint host '{host}' is not a Cognito domain of the form "
                "{prefix}.auth.{region}.amazoncognito.com.",
                fix=f"Use the pool domain's token URL: {expected_url(prefix, region)}",
            )
        )
    elif host_prefix is not None and not COGNITO_DOMAIN_PREFIX.match(host_prefix):
        out.append(
            ctx.fail(
                client,
                "token_endpoint",
                f"token_endpoint domain prefix '{host_prefix}' is not a valid Cognito "
                "domain prefix (lower-case letters, digits and inner hyphens, 1-63).",
                fix="Copy the domain from aws cognito-idp describe-user-pool --user-pool-id "
                "<pool-id> --query UserPool.Domain.",
            )
        )
    cognito_path = domain is not None or (
        cognito_evident(ctx.deployment, client) and provider_of_url(text) is Provider.OTHER
    )
    if check_path and cognito_path:
        problem = _path_problem(parts.path)
        if problem:
            fixed = f"https://{host}{TOKEN_PATH}"
            out.append(
                ctx.fail(
                    client,
                    "token_endpoint",
                    f"token_endpoint {describe_value(text, 200)} {problem}; Cognito issues "
                    f"tokens at {TOKEN_PATH}.",
                    fix=f"Set token_endpoint to {fixed}",
                )
            )
    provider = provider_of_url(text)
    other_known = provider in TOKEN_PATHS and provider is not Provider.COGNITO
    if check_path and domain is None and other_known and provider is not None:
        shape = TOKEN_PATHS[provider]
        if provider is Provider.ENTRA and ENTRA_V1_TOKEN_PATH.match(parts.path):
            out.append(
                ctx.fail(
                    client,
                    "token_endpoint",
                    f"token_endpoint {describe_value(text, 200)} is Entra ID's v1.0 endpoint; "
                    "it issues v1.0 tokens (issuer https://sts.windows.net/{tenant}/), which "
                    "a v2.0 discovery URL does not describe (inferred: warning).",
                    fix=f"Use https://{host}{shape.example} with the v2.0 discovery URL.",
                    severity=Severity.WARNING,
                )
            )
        elif not shape.path.match(parts.path):
            out.append(
                ctx.fail(
                    client,
                    "token_endpoint",
                    f"token_endpoint {describe_value(text, 200)} has path "
                    f"'{parts.path or '/'}'; {provider.value} issues tokens at {shape.example}.",
                    fix=f"Set token_endpoint to https://{host}{shape.example} (see the "
                    f"{provider.value} documentation for your tenant's values).",
                )
            )
    if not out:
        where = "a Cognito domain" if domain else "a custom domain"
        if other_known and provider is not None:
            where = f"{provider.value}'s documented token path"
        elif domain is None and not cognito_evident(ctx.deployment, client):
            where = "a host of an unknown identity provider (path not checked)"
        out.append(
            ctx.passed(client, "token_endpoint", f"token endpoint is an https:// URL on {where}")
        )
    return out, (domain.group(1), domain.group(2)) if domain else None


def _check_prefix(
    ctx: Context, client: ClientConfig, host: tuple[str, str] | None
) -> Iterator[Finding]:
    prefix = client.domain_prefix
    if not isinstance(prefix, str) or not COGNITO_DOMAIN_PREFIX.match(prefix):
        yield ctx.fail(
            client,
            "domain_prefix",
            f"domain_prefix {describe_value(prefix)} is not a valid Cognito domain prefix "
            "(1-63 lower-case letters, digits and hyphens, not starting or ending with a "
            "hyphen).",
            fix="Copy the prefix from aws cognito-idp describe-user-pool --user-pool-id "
            "<pool-id> --query UserPool.Domain.",
        )
        return
    if host is not None and host[0] != prefix:
        yield ctx.fail(
            client,
            "domain_prefix",
            f"domain_prefix '{prefix}' does not match the token endpoint's domain "
            f"'{host[0]}'; one of them belongs to another user pool domain.",
            fix=(
                "Make both name the pool's domain (aws cognito-idp describe-user-pool "
                "--user-pool-id <pool-id> --query UserPool.Domain), e.g. token_endpoint "
                f"{expected_url(prefix, host[1])}."
            ),
        )
        return
    yield ctx.passed(client, "domain_prefix", "domain_prefix is a valid Cognito domain prefix")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "token-endpoint-bad-request",
        "pattern": (
            r"400 Client Error: Bad Request for url: \S*(?:/oauth2/token|amazoncognito\.com)\S*"
        ),
        "source": "Python requests at the Cognito token endpoint (awslabs/agentcore-samples#812)",
        "means": (
            "The Cognito token endpoint rejected the token request; raise_for_status() hides the "
            "body that says why."
        ),
        "cause": (
            "The token endpoint is not the pool domain's /oauth2/token URL (host built by hand, "
            "wrong path)."
        ),
        "likelihood": "high",
    },
]
