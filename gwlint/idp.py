"""Which identity provider issues a deployment's tokens, and its documented URL shapes.

OAuth facts differ by provider: the user-pool-ID confusion, the 26-character
client IDs, the ``/oauth2/token`` path and the ``server/name`` scopes are
Amazon Cognito's; Microsoft Entra ID, Okta, Auth0 and Keycloak publish their
own token-endpoint and discovery shapes. Rules ask this module which provider
a discovery URL, token endpoint or client config points at, and apply a
provider's facts only to that provider. An unknown provider gets the generic
OAuth checks and no guesses.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple
from urllib.parse import urlsplit

from gwlint.model import ClientConfig, Deployment


class Provider(Enum):
    COGNITO = "Amazon Cognito"
    ENTRA = "Microsoft Entra ID"
    OKTA = "Okta"
    AUTH0 = "Auth0"
    KEYCLOAK = "Keycloak"
    OTHER = "an unrecognised identity provider"


class UrlShape(NamedTuple):
    """A provider's documented URL path, as a regex and an example for messages."""

    path: re.Pattern[str]
    example: str


_COGNITO_HOSTS = (
    re.compile(r"^cognito-idp(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com$"),
    re.compile(r"^[^.]+\.auth(?:-fips)?\.[a-z0-9-]+\.amazoncognito\.com$"),
)
_ENTRA_HOSTS = re.compile(
    r"^(?:login\.microsoftonline\.(?:com|us)|login\.partner\.microsoftonline\.cn"
    r"|sts\.windows\.net|[a-z0-9-]+\.ciamlogin\.com)$"
)
_OKTA_HOSTS = re.compile(r"^[a-z0-9-]+\.(?:okta|oktapreview|okta-emea|okta-gov)\.com$")
_AUTH0_HOSTS = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)?\.auth0\.com$")
_KEYCLOAK_PATH = re.compile(r"^(?:/auth)?/realms/[^/]+(?:/|$)")
_OKTA_PATH = re.compile(r"^/oauth2/(?:[^/]+/)?v1/(?:token|keys|authorize)$")

#: Token endpoint path per provider (docs of each provider).
TOKEN_PATHS: dict[Provider, UrlShape] = {
    Provider.COGNITO: UrlShape(re.compile(r"^/oauth2/token$"), "/oauth2/token"),
    Provider.ENTRA: UrlShape(
        re.compile(r"^/[^/]+/oauth2/v2\.0/token$"), "/{tenant}/oauth2/v2.0/token"
    ),
    Provider.OKTA: UrlShape(
        re.compile(r"^/oauth2/(?:[^/]+/)?v1/token$"), "/oauth2/{authorizationServerId}/v1/token"
    ),
    Provider.AUTH0: UrlShape(re.compile(r"^/oauth/token$"), "/oauth/token"),
    Provider.KEYCLOAK: UrlShape(
        re.compile(r"^(?:/auth)?/realms/[^/]+/protocol/openid-connect/token$"),
        "/realms/{realm}/protocol/openid-connect/token",
    ),
}
#: Entra ID's v1.0 token endpoint: it works, but issues v1.0 tokens (issuer sts.windows.net).
ENTRA_V1_TOKEN_PATH = re.compile(r"^/[^/]+/oauth2/token$")
#: Discovery document path per provider (docs of each provider).
DISCOVERY_PATHS: dict[Provider, UrlShape] = {
    Provider.COGNITO: UrlShape(
        re.compile(r"^/[\w-]+_[0-9a-zA-Z]+/\.well-known/openid-configuration$"),
        "/{userPoolId}/.well-known/openid-configuration",
    ),
    Provider.ENTRA: UrlShape(
        re.compile(r"^/[^/]+/v2\.0/\.well-known/openid-configuration$"),
        "/{tenant}/v2.0/.well-known/openid-configuration",
    ),
    Provider.OKTA: UrlShape(
        re.compile(
            r"^(?:/oauth2/[^/]+)?/\.well-known/(?:openid-configuration|oauth-authorization-server)$"
        ),
        "/oauth2/{authorizationServerId}/.well-known/openid-configuration",
    ),
    Provider.AUTH0: UrlShape(
        re.compile(r"^/\.well-known/openid-configuration$"), "/.well-known/openid-configuration"
    ),
    Provider.KEYCLOAK: UrlShape(
        re.compile(r"^(?:/auth)?/realms/[^/]+/\.well-known/openid-configuration$"),
        "/realms/{realm}/.well-known/openid-configuration",
    ),
}


def provider_of_url(url: object) -> Provider | None:
    """The provider a discovery URL or token endpoint belongs to; None when not a URL."""
    if not isinstance(url, str) or "://" not in url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if any(p.match(host) for p in _COGNITO_HOSTS):
        return Provider.COGNITO
    if _ENTRA_HOSTS.match(host):
        return Provider.ENTRA
    if _OKTA_HOSTS.match(host) or _OKTA_PATH.match(parts.path):
        return Provider.OKTA
    if _AUTH0_HOSTS.match(host):
        return Provider.AUTH0
    if _KEYCLOAK_PATH.match(parts.path):
        return Provider.KEYCLOAK
    return Provider.OTHER


def _client_is_cognito(client: ClientConfig) -> bool:
    """The toolkit's client_info names a user pool or a Cognito domain prefix."""
    return any(
        isinstance(v, str) and v.strip() for v in (client.user_pool_id, client.domain_prefix)
    )


class Issuer(NamedTuple):
    """The provider of a deployment and what told gwlint so."""

    provider: Provider
    evidence: str  # e.g. "discoveryUrl", "token_endpoint"


def issuer(deployment: Deployment) -> Issuer | None:
    """The deployment's identity provider; None when nothing in it names one.

    The discovery URL decides first (it is the gateway's issuer), then the
    token endpoint, then Cognito-only client fields (user_pool_id,
    domain_prefix). A custom domain that matches no known shape is OTHER.
    """
    gateway = deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    client = deployment.client
    found = provider_of_url(jwt.discovery_url) if jwt is not None else None
    if found is not None and found is not Provider.OTHER:
        return Issuer(found, "discoveryUrl")
    token = provider_of_url(client.token_endpoint) if client is not None else None
    if token is not None and token is not Provider.OTHER:
        return Issuer(token, "token_endpoint")
    if client is not None and _client_is_cognito(client):
        return Issuer(Provider.COGNITO, "user_pool_id / domain_prefix")
    if found is not None:
        return Issuer(found, "discoveryUrl")
    if token is not None:
        return Issuer(token, "token_endpoint")
    return None


def is_cognito(deployment: Deployment) -> bool:
    found = issuer(deployment)
    return found is not None and found.provider is Provider.COGNITO


def not_cognito_reason(deployment: Deployment, fact: str) -> str | None:
    """Why a Cognito-only ``fact`` does not apply here, or None when the issuer is Cognito."""
    found = issuer(deployment)
    if found is None:
        return (
            f"{fact} is a Cognito fact and this input names no identity provider "
            "(no discovery URL, token endpoint or user pool)"
        )
    if found.provider is Provider.OTHER:
        return f"the issuer ({found.evidence}) is not Amazon Cognito; {fact} is a Cognito fact"
    if found.provider is not Provider.COGNITO:
        return (
            f"the identity provider is {found.provider.value} (from {found.evidence}); "
            f"{fact} is a Cognito fact"
        )
    return None
