"""Discovery document and client_credentials token: the exchanges and what each answer means.

Error codes are RFC 6749 §5.2's; what each one means for a Cognito app client
is from Cognito's token-endpoint documentation (see probe rules GW701/GW702).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from gwlint.findings import Severity
from gwlint.probe.http import Answer, HttpFailure, Transport
from gwlint.probe.results import Outcome, Step, failed, passed, skipped, unchecked

OIDC_SUFFIX = "/.well-known/openid-configuration"
RFC8414_PREFIX = "/.well-known/oauth-authorization-server"


@dataclass(frozen=True)
class Discovery:
    issuer: str
    jwks: dict[str, Any]
    token_endpoint: str | None


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_in: Any
    token_type: Any
    endpoint: str


def expected_issuer(discovery_url: str) -> str | None:
    """The issuer a discovery URL implies (OIDC suffix or RFC 8414 inserted prefix)."""
    parts = urlsplit(discovery_url)
    if parts.path.endswith(OIDC_SUFFIX):
        return discovery_url[: -len(OIDC_SUFFIX)]
    if parts.path.startswith(RFC8414_PREFIX):
        rest = parts.path[len(RFC8414_PREFIX) :]
        return f"{parts.scheme}://{parts.netloc}{rest}"
    return None


def no_answer(where: str, what: str, failure: HttpFailure, fix: str) -> Step:
    """A request that got no HTTP answer, as the step's one outcome."""
    if failure.kind == "host":
        return Step([unchecked(where, f"Could not probe {what}: {failure}.", fix)])
    if failure.kind == "deadline":
        return Step(
            [unchecked(where, f"Could not probe {what}: {failure}.", "Raise --probe-timeout.")]
        )
    if failure.kind in ("dns", "timeout", "connect", "proxy") and not failure.reached:
        return Step(
            [
                unchecked(
                    where,
                    f"Could not reach {what}: {failure}; nothing configured has answered yet, "
                    "so this machine's network, DNS or proxy may be the cause.",
                    "Check that this machine reaches the host (proxy, VPN, firewall); if it "
                    f"does, correct the host name. {fix}".strip(),
                )
            ]
        )
    severity = Severity.WARNING if failure.kind in ("timeout", "proxy") else None
    hint = {
        "dns": "Check the host name for typos.",
        "tls": "The host must present a valid certificate for its name.",
        "timeout": "Check the URL, and that this machine may reach it (proxy, firewall).",
        "refused": "Nothing listens there: check host and port.",
    }.get(failure.kind, "Check the URL and this machine's network access.")
    return Step([failed(where, f"{what}: {failure}.", f"{hint} {fix}", severity)])


def _json_object(answer: Answer) -> dict[str, Any] | None:
    try:
        value = answer.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def discover(transport: Transport, url: str) -> Step:
    """GET the discovery document and its JWKS."""
    where = "jwt.discovery_url"
    fix_url = (
        "discoveryUrl must be the IdP's metadata URL, "
        "e.g. https://cognito-idp.{region}.amazonaws.com/{userPoolId}" + OIDC_SUFFIX
    )
    try:
        answer = transport.request("GET", url, headers={"Accept": "application/json"})
    except HttpFailure as exc:
        return no_answer(where, f"discoveryUrl {url}", exc, fix_url)
    if answer.status != 200:
        return Step([failed(where, f"discoveryUrl {url} answered HTTP {answer.status}.", fix_url)])
    document = _json_object(answer)
    if document is None:
        return Step([failed(where, f"discoveryUrl {url} did not answer a JSON object.", fix_url)])
    issuer, jwks_uri = document.get("issuer"), document.get("jwks_uri")
    if not isinstance(issuer, str) or not isinstance(jwks_uri, str):
        return Step([failed(where, "The discovery document lacks issuer or jwks_uri.", fix_url)])
    step = Step()
    expected = expected_issuer(url)
    if expected is not None and issuer.rstrip("/") != expected.rstrip("/"):
        step.add(
            failed(
                where,
                f"The discovery document's issuer {issuer} is not the discovery URL's "
                f"prefix {expected}; the gateway compares the token's iss with it.",
                "Use the discovery URL of the issuer that mints the client's tokens.",
            )
        )
    else:
        step.add(passed(where, f"discovery document answers; issuer {issuer}"))
    try:
        keys_answer = transport.request("GET", jwks_uri, headers={"Accept": "application/json"})
    except HttpFailure as exc:
        return Step([*step.outcomes, *no_answer(where, f"jwks_uri {jwks_uri}", exc, "").outcomes])
    jwks = _json_object(keys_answer) if keys_answer.status == 200 else None
    keys = jwks.get("keys") if jwks is not None else None
    if jwks is None or not isinstance(keys, list) or not keys:
        step.add(
            failed(
                where,
                f"jwks_uri {jwks_uri} answered HTTP {keys_answer.status} without a key set; "
                "the gateway cannot verify any token.",
                'Fix the IdP\'s jwks_uri; it must serve {"keys": [...]}.',
            )
        )
        return step
    step.add(passed(where, f"jwks_uri answers with {len(keys)} key(s)"))
    endpoint = document.get("token_endpoint")
    endpoint = endpoint if isinstance(endpoint, str) else None
    step.value = Discovery(issuer, jwks, endpoint)
    return step


def _normal(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{parts.path.rstrip('/')}"


def compare_token_endpoint(document: str | None, client: str | None) -> Step:
    """The client's token endpoint against the one the discovery document names."""
    return Step([_compare_token_endpoint(document, client)], document or client)


def _compare_token_endpoint(document: str | None, client: str | None) -> Outcome:
    where = "client.token_endpoint"
    if client is None:
        return skipped(where, "no client token_endpoint in this input to compare")
    if document is None:
        return failed(
            where,
            "The discovery document names no token_endpoint (Cognito: the user pool has no "
            "domain), so no client can get a token from this issuer.",
            "Create a domain: aws cognito-idp create-user-pool-domain --domain PREFIX "
            "--user-pool-id POOL; then use https://PREFIX.auth.REGION.amazoncognito.com/oauth2/token.",
            Severity.WARNING,
        )
    if _normal(document) != _normal(client):
        return failed(
            where,
            f"token_endpoint {client} is not the one the discovery document names ({document}).",
            f"Use {document}, unless the other host is a custom domain of the same pool.",
            Severity.WARNING,
        )
    return passed(where, f"token_endpoint is the discovery document's ({document})")


#: RFC 6749 error code -> (the configuration value responsible, meaning, fix).
TOKEN_ERRORS: dict[str, tuple[str, str, str]] = {
    "invalid_client": (
        "client.client_secret",
        "the IdP rejected the client credentials: wrong client_secret, unknown client_id, "
        "or an app client without a secret",
        "Copy the app client's secret again (aws cognito-idp describe-user-pool-client "
        "--user-pool-id POOL --client-id ID --query UserPoolClient.ClientSecret); a client "
        "without a secret cannot use client_credentials: create one with --generate-secret.",
    ),
    "unauthorized_client": (
        "client.client_id",
        "the app client may not use the client_credentials grant",
        "Enable it: aws cognito-idp update-user-pool-client --user-pool-id POOL --client-id ID "
        "--allowed-o-auth-flows client_credentials --allowed-o-auth-flows-user-pool-client "
        "--allowed-o-auth-scopes RESOURCE_SERVER/SCOPE.",
    ),
    "invalid_scope": (
        "client.scope",
        "the requested scope does not exist or is not allowed for this app client "
        "(openid/profile/email are not allowed with client_credentials)",
        "Request only resource-server scopes (RESOURCE_SERVER/SCOPE) that the app client's "
        "AllowedOAuthScopes include.",
    ),
    "invalid_request": (
        "client.token_endpoint",
        "the IdP could not read the request (missing parameter or malformed Basic header)",
        "Send grant_type=client_credentials as a form body with "
        "Authorization: Basic base64(client_id:client_secret) on one line.",
    ),
    "unsupported_grant_type": (
        "client.client_id",
        "this token endpoint does not offer the client_credentials grant",
        "Use an IdP and app client that support client_credentials (machine-to-machine).",
    ),
    "invalid_grant": (
        "client.client_id",
        "the IdP refused the grant",
        "Check the app client's allowed OAuth flows.",
    ),
}


def request_token(
    transport: Transport, endpoint: str, client_id: str, secret: str, scope: str | None
) -> Step:
    """The guide's client_credentials request, once (Cognito bills every M2M token)."""
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")
    form = {"grant_type": "client_credentials"}
    if scope:
        form["scope"] = scope
    headers = {
        "Authorization": f"Basic {basic}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    where = "client.token_endpoint"
    try:
        answer = transport.request(
            "POST", endpoint, headers=headers, data=urlencode(form), retry_answers=False
        )
    except HttpFailure as exc:
        return no_answer(where, f"token endpoint {endpoint}", exc, "")
    body = _json_object(answer)
    code = body.get("error") if body is not None else None
    if answer.status == 200 and body is not None and isinstance(body.get("access_token"), str):
        token = Token(
            body["access_token"], body.get("expires_in"), body.get("token_type"), endpoint
        )
        if str(token.token_type).lower() != "bearer":
            return Step(
                [
                    failed(
                        where,
                        f"The token endpoint issued a token of type {token.token_type!r}, "
                        "not Bearer.",
                        "Use the IdP's OAuth2 token endpoint.",
                    )
                ]
            )
        lifetime = f", expires_in {token.expires_in} s" if token.expires_in is not None else ""
        return Step([passed(where, f"client_credentials token issued (Bearer{lifetime})")], token)
    if isinstance(code, str):
        detail = body.get("error_description") if body is not None else None
        extra = f" ({detail})" if isinstance(detail, str) and detail else ""
        field_, meaning, fix = TOKEN_ERRORS.get(
            code, (where, "the IdP refused the request", "See the IdP's error documentation.")
        )
        return Step(
            [
                failed(
                    field_,
                    f"Token request answered HTTP {answer.status} {code}{extra}: {meaning}.",
                    fix,
                )
            ]
        )
    return Step([_token_http_error(answer, endpoint)])


def _token_http_error(answer: Answer, endpoint: str) -> Outcome:
    where = "client.token_endpoint"
    status = answer.status
    if 300 <= status < 400:
        target = answer.header("location") or "?"
        return failed(
            where,
            f"The token endpoint redirects (HTTP {status} to {target}); clients do not follow it.",
            "Use the final URL: https://{domain}/oauth2/token (Cognito lower-cases domains).",
        )
    if status == 200:
        return failed(
            where,
            "The token endpoint answered HTTP 200 without an access_token.",
            "Use the IdP's OAuth2 token endpoint (Cognito: https://{domain}/oauth2/token).",
        )
    meaning = {
        400: "a bare 400 (Cognito answers so when the domain in the URL is wrong, e.g. "
        "upper-case letters or a user-pool ID in the host)",
        401: "authentication required",
        403: "forbidden (a WAF or resource policy in front of the endpoint?)",
        404: "no such path: the token endpoint is https://{domain}/oauth2/token",
        405: "method not allowed: this URL is not a token endpoint",
    }.get(status, "a server-side failure" if status >= 500 else "an unexpected status")
    severity = Severity.WARNING if status >= 500 else None
    return failed(
        where,
        f"Token request to {endpoint} answered HTTP {status}: {meaning}.",
        "Use the pool domain's endpoint exactly as `aws cognito-idp describe-user-pool` "
        "--query UserPool.Domain gives it: https://{domain}.auth.{region}.amazoncognito.com"
        "/oauth2/token.",
        severity,
    )
