"""The JWT authorizer's discovery URL is missing or not an OpenID discovery document URL.

## Why
``customJWTAuthorizer.discoveryUrl`` is required. The gateway fetches it to
learn the token issuer and its signing keys, so it must be the https URL of
the identity provider's discovery document, ending in
``/.well-known/openid-configuration`` (current API models also accept an
OAuth authorization-server metadata URL,
``/.well-known/oauth-authorization-server``). Common mix-ups: the issuer URL
without that suffix, the ``jwks.json`` key-set URL, a misspelt suffix, or a
trailing slash.

For Cognito the URL is
``https://cognito-idp.{region}.amazonaws.com/{user-pool-id}/.well-known/openid-configuration``:
the first path segment is the pool ID (``{region}_{letters and digits}``), and
the pool's region is the host's region — except for a multi-Region replica,
whose Region differs from its pool-ID prefix, so a mismatch only warns. The
user pool's domain (``{prefix}.auth.{region}.amazoncognito.com``) is where the
token endpoint is, not the issuer: a discovery URL there warns, with the
``cognito-idp`` URL as the fix.

Known providers' documented discovery paths (a mismatch warns: providers have
variants): Entra ID ``https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration``,
Okta ``https://{domain}/oauth2/{authorizationServerId}/.well-known/openid-configuration``,
Auth0 ``https://{tenant}.auth0.com/.well-known/openid-configuration``, Keycloak
``https://{host}/realms/{realm}/.well-known/openid-configuration``.

## Symptom
CreateGateway / UpdateGateway fails with a ValidationException on
``discoveryUrl``; or the gateway is created but rejects every token (401)
because the issuer cannot be resolved or does not match.

## Fix

    "customJWTAuthorizer": {
      "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
      "allowedClients": ["6aarhftf6bopppar05humcp2r6"]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from gwlint.awsformats import COGNITO_IDP_HOST, USER_POOL_ID_REAL
from gwlint.findings import Finding
from gwlint.idp import DISCOVERY_PATHS, provider_of_url
from gwlint.model import JwtAuthorizer
from gwlint.rule import Context, Severity, describe_value, rule

SUFFIX = "/.well-known/openid-configuration"
#: The current model's pattern: OIDC discovery or RFC 8414 metadata, optional tail.
_ACCEPTED = re.compile(
    r"^[^\s?#]+/\.well-known/(openid-configuration|oauth-authorization-server)(/[^\s?#]+)?$"
)
#: A user pool's prefix domain (hosted UI and token endpoint), with its region.
_POOL_DOMAIN = re.compile(
    r"^[^.]+\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$", re.IGNORECASE
)
#: Where a (possibly misspelt) well-known part starts.
_WELL_KNOWN = re.compile(r"/\.?well[-_.]?known\b.*$", re.IGNORECASE)


def suggestion(url: str) -> str:
    """The URL with its suffix put right (scheme forced to https)."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    cognito = COGNITO_IDP_HOST.match(parts.hostname or "")
    segments = [s for s in parts.path.split("/") if s]
    pool = USER_POOL_ID_REAL.match(segments[0]) if cognito and segments else None
    if pool is not None:  # canonical Cognito form, in the pool's own region
        return f"https://cognito-idp.{pool.group(1)}.amazonaws.com/{pool.group(0)}{SUFFIX}"
    path = _WELL_KNOWN.sub("", parts.path).rstrip("/")
    return f"https://{parts.netloc}{path}{SUFFIX}"


def _suffix_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return "has a query string or fragment"
    if _ACCEPTED.match(url):
        return None
    if re.search(r"\s", url):
        return "contains whitespace (a placeholder such as <YOUR DOMAIN> left in?)"
    path = parts.path
    if path.endswith("/") and path.rstrip("/").endswith(SUFFIX):
        return "ends with a slash after openid-configuration"
    lowered = path.lower()
    if lowered.endswith("/jwks.json") or lowered.endswith("/jwks"):
        return "is the signing-keys (JWKS) URL, not the discovery document"
    if _WELL_KNOWN.search(path):
        return f"does not end in exactly {SUFFIX} (misspelt?)"
    if "openid" in lowered:
        return f"does not end in exactly {SUFFIX} (misspelt?)"
    return f"looks like the issuer URL: the discovery document is at issuer + {SUFFIX}"


@rule(
    id="GW309",
    name="discovery-url",
    severity=Severity.ERROR,
    summary="JWT authorizer discoveryUrl is an https OpenID discovery URL",
    fix=(
        "Set discoveryUrl to the issuer URL followed by /.well-known/openid-configuration; "
        "for Cognito https://cognito-idp.{region}.amazonaws.com/{user-pool-id}"
        "/.well-known/openid-configuration."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    if gateway is None or jwt is None:
        return
    label = gateway.label
    findings = list(_check(ctx, jwt, label))
    if findings:
        yield from findings
    else:
        provider = provider_of_url(jwt.discovery_url)
        known = provider in DISCOVERY_PATHS and provider is not None
        where = f" on {provider.value}'s documented path" if known and provider else ""
        yield ctx.passed(
            jwt, "discovery_url", f"discoveryUrl is an https discovery URL{where}", resource=label
        )


def _check(ctx: Context, jwt: JwtAuthorizer, label: str) -> Iterator[Finding]:
    if not jwt.has("discovery_url"):
        yield ctx.fail(
            jwt,
            "discovery_url",
            "customJWTAuthorizer has no discoveryUrl; the API requires it to find the "
            "token issuer and its signing keys.",
            resource=label,
        )
        return
    value = jwt.discovery_url
    if not isinstance(value, str) or not value.strip():
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl is {describe_value(value) if value != '' else 'empty'}, not an "
            "https:// URL.",
            resource=label,
        )
        return
    url = value.strip()
    parts = urlsplit(url)
    fixed = suggestion(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl {describe_value(url, 200)} is not an https:// URL; identity providers "
            "publish their discovery document over https.",
            fix=f"Use {fixed}",
            resource=label,
        )
        if not parts.hostname:
            return
    host = parts.hostname or ""
    problem = _suffix_problem(url)
    cognito = COGNITO_IDP_HOST.match(host)
    if problem:
        placeholder = problem.startswith("contains whitespace")
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl {describe_value(url, 200)} {problem}.",
            fix=(
                "Replace the placeholder with your identity provider's issuer URL followed by "
                f"{SUFFIX}."
                if placeholder
                else f"Use {fixed}"
            ),
            resource=label,
        )
    elif cognito and not parts.path.endswith(SUFFIX):
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl {describe_value(url, 200)} is a Cognito URL that does not end in "
            f"{SUFFIX}, where Cognito publishes its discovery document.",
            fix=f"Use {fixed}",
            resource=label,
            severity=Severity.WARNING,
        )
    if cognito:
        yield from _cognito_pool(ctx, jwt, label, url, cognito.group(1))
        return
    domain = _POOL_DOMAIN.match(host)
    if domain:
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl {describe_value(url, 200)} is on the user pool's domain {host}, "
            "which serves the token endpoint; Cognito publishes the discovery document on "
            f"the issuer host cognito-idp.{domain.group(1)}.amazonaws.com.",
            fix=(
                f"Use https://cognito-idp.{domain.group(1)}.amazonaws.com/{{user-pool-id}}{SUFFIX} "
                "(pool IDs look like us-east-1_AbCdEf123)."
            ),
            resource=label,
            severity=Severity.WARNING,
        )
        return
    provider = provider_of_url(url)
    shape = DISCOVERY_PATHS.get(provider) if provider is not None else None
    if not problem and provider is not None and shape and not shape.path.match(parts.path):
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"discoveryUrl {describe_value(url, 200)} has path '{parts.path}'; {provider.value} "
            f"documents its discovery document at {shape.example}.",
            fix=f"Use https://{host}{shape.example} with your tenant's values.",
            resource=label,
            severity=Severity.WARNING,
        )


def _cognito_pool(
    ctx: Context, jwt: JwtAuthorizer, label: str, url: str, region: str
) -> Iterator[Finding]:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    pool = segments[0] if segments else ""
    if not pool or pool.startswith(".well"):
        yield ctx.fail(
            jwt,
            "discovery_url",
            "the Cognito discoveryUrl has no user-pool ID after the host.",
            fix=(
                f"Use https://cognito-idp.{region}.amazonaws.com/{{user-pool-id}}{SUFFIX} "
                "(pool IDs look like us-east-1_AbCdEf123)."
            ),
            resource=label,
        )
        return
    match = USER_POOL_ID_REAL.match(pool)
    if match is None:
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"'{pool}' in the Cognito discoveryUrl is not a user-pool ID "
            "({region}_{letters and digits}, e.g. us-east-1_AbCdEf123).",
            fix=(
                "Copy the pool ID from aws cognito-idp list-user-pools --max-results 60 "
                f"--region {region} and use https://cognito-idp.{region}.amazonaws.com/"
                f"{{pool-id}}{SUFFIX}."
            ),
            resource=label,
        )
        return
    if match.group(1) != region:
        yield ctx.fail(
            jwt,
            "discovery_url",
            f"the user pool {pool} was created in {match.group(1)} but the discoveryUrl host "
            f"is in {region}; unless the pool has a multi-Region replica in {region}, Cognito "
            "serves its discovery document only from its own region.",
            fix=(
                f"Use https://cognito-idp.{match.group(1)}.amazonaws.com/{pool}{SUFFIX}, or "
                f"keep {region} if the pool has a replica there."
            ),
            resource=label,
            severity=Severity.WARNING,
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": "The discovery URL is not the token issuer's (another pool, a wrong suffix).",
        "likelihood": "low",
    },
]
