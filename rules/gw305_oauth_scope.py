r"""OAuth scopes are missing or not written the way the token endpoint and the gateway expect.

## Why
The client config's ``scope`` is sent as the ``scope`` parameter of the token
request: one string, several scopes separated by spaces. Each scope is
visible ASCII without spaces, ``"`` or ``\``, as are the entries of the
gateway's ``allowedScopes`` (the API rejects anything else, and at most 255
characters each).

Cognito's client-credentials tokens only carry *custom* scopes, which are
always written ``{resource-server-identifier}/{scope-name}``: the toolkit's
resource server is the gateway name with the scope ``invoke``, so the scope is
``my-gateway/invoke``. A bare ``invoke`` is no Cognito scope; OpenID scopes
such as ``openid`` are not granted to client-credentials tokens.

Without a ``scope``, Cognito issues a token with every custom scope the app
client is allowed; if those do not include one of the gateway's
``allowedScopes`` the token is rejected.

## Symptom
``invalid_scope`` from the token endpoint; or a token is obtained but the
gateway rejects every call (reported as 401/403) because the token's scopes
do not match ``allowedScopes``.

## Fix
Request the resource-server scope explicitly:

    {"scope": "my-gateway/invoke"}

and list the same string in the gateway's ``allowedScopes`` (if you restrict
scopes) and in the app client's allowed OAuth scopes:

    aws cognito-idp update-user-pool-client --user-pool-id <pool-id> --client-id <id> \
      --allowed-o-auth-flows client_credentials --allowed-o-auth-flows-user-pool-client \
      --allowed-o-auth-scopes my-gateway/invoke
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import (
    SCOPE_STRING,
    is_secret_reference,
)
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.idp import is_cognito
from gwlint.jsonpos import join_pointer
from gwlint.model import ClientConfig, Deployment, JwtAuthorizer
from gwlint.rule import Context, Severity, describe_value, rule

#: Cognito's built-in (OpenID) scopes: no resource server, user tokens only.
OIDC_SCOPES = frozenset({"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"})


def client_uses_cognito(deployment: Deployment, client: ClientConfig | None) -> bool:
    """The deployment's issuer is Amazon Cognito (see gwlint.idp)."""
    return is_cognito(deployment)


def gateway_uses_cognito(deployment: Deployment) -> bool:
    return is_cognito(deployment)


def example_scope(deployment: Deployment, name: str = "invoke") -> str:
    gateway = deployment.gateway
    server = gateway.name if gateway is not None and isinstance(gateway.name, str) else None
    return f"{server or 'my-gateway'}/{name}"


def scope_pattern_problem(scope: Any) -> str | None:
    if not isinstance(scope, str):
        return f"{describe_value(scope)} is not a string"
    if SCOPE_STRING.match(scope):
        return None
    if not scope:
        return "is empty"
    if len(scope) > 255:
        return f"is {len(scope)} characters long (at most 255)"
    if any(c.isspace() for c in scope):
        return f"{describe_value(scope)} contains whitespace (one scope per entry)"
    bad = sorted({c for c in scope if not SCOPE_STRING.match(c)})
    return f"{describe_value(scope)} contains {', '.join(repr(c) for c in bad)}"


def cognito_form_problem(scope: str, *, allow_oidc: bool) -> str | None:
    """Why ``scope`` is not a Cognito custom scope (``server/name``), or None."""
    if "/" not in scope:
        if scope in OIDC_SCOPES:
            if allow_oidc:
                return None
            return (
                f"'{scope}' is an OpenID Connect scope; client-credentials tokens carry "
                "only custom resource-server scopes"
            )
        return (
            f"'{scope}' has no resource server; Cognito custom scopes are written "
            "'{resource-server-identifier}/{scope-name}'"
        )
    server, _, name = scope.rpartition("/")
    if not server or not name:
        return f"'{scope}' has an empty resource-server identifier or scope name"
    return None


@rule(
    id="GW305",
    name="oauth-scope",
    severity=Severity.ERROR,
    summary="OAuth scopes are requested and written as valid (Cognito: server/name) scopes",
    fix=(
        'Request the resource server\'s scope explicitly, e.g. "scope": "my-gateway/invoke" '
        "(several scopes separated by spaces), and write allowedScopes entries as single "
        "scopes of visible ASCII characters."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if client is not None:
        yield from _client_scope(ctx, client)
    gateway = ctx.deployment.gateway
    if gateway is not None and gateway.jwt is not None and gateway.jwt.has("allowed_scopes"):
        yield from _allowed_scopes(ctx, gateway.jwt, gateway.label)


def _client_scope(ctx: Context, client: ClientConfig) -> Iterator[Finding]:
    deployment = ctx.deployment
    cognito = client_uses_cognito(deployment, client)
    value = client.scope
    if not client.has("scope") or value is None or (isinstance(value, str) and not value.strip()):
        if not (client.has("token_endpoint") or client.has("client_id")):
            return
        how = "is missing" if not client.has("scope") else "is empty"
        jwt = deployment.gateway.jwt if deployment.gateway is not None else None
        if jwt is not None and not jwt.has("allowed_scopes"):
            yield ctx.passed(
                client, "scope", f"scope {how}, and the gateway does not restrict scopes"
            )
            return
        granted = (
            "Cognito grants every scope the app client allows"
            if cognito
            else "the identity provider decides which scopes the token carries"
        )
        yield ctx.fail(
            client,
            "scope",
            f"scope {how}: the token request names no scope, so {granted}, which may not "
            "include the gateway's allowedScopes (the call is then rejected although a "
            "token was issued).",
            pointer=_missing_pointer(client),
            severity=Severity.WARNING,
            fix=f'Request the scope explicitly, e.g. "scope": "{example_scope(deployment)}".',
        )
        return
    if is_secret_reference(value):
        yield ctx.skip(
            f"scope is a placeholder ({describe_value(value)}); its value is not in the file",
            client,
        )
        return
    if not isinstance(value, str):
        joined = " ".join(v for v in value if isinstance(v, str)) if isinstance(value, list) else ""
        yield ctx.fail(
            client,
            "scope",
            f"scope is {json_kind(value)} ({describe_value(value)}); the token request "
            "takes one string with scopes separated by spaces.",
            severity=Severity.WARNING,
            fix=f'Write "scope": "{joined or example_scope(deployment)}".',
        )
        return
    problems: list[tuple[str, Severity]] = []
    for scope in value.split():
        problem = scope_pattern_problem(scope)
        if problem:
            problems.append((f"scope {problem}", Severity.ERROR))
            continue
        if "," in scope and all(part for part in scope.split(",")):
            problems.append(
                (
                    f"scope '{scope}' looks like a comma-separated list; separate scopes "
                    "with spaces",
                    Severity.WARNING,
                )
            )
            continue
        if cognito:
            form = cognito_form_problem(scope, allow_oidc=False)
            if form:
                problems.append((f"scope {form}", Severity.ERROR))
    for message, severity in problems:
        yield ctx.fail(
            client,
            "scope",
            f"{message}.",
            severity=severity,
            fix=(
                "Request the resource server's scope, e.g. "
                f'"scope": "{example_scope(deployment, _name_hint(value))}"; several '
                "scopes are separated by spaces."
            ),
        )
    if not problems:
        yield ctx.passed(client, "scope", "requested scope is well-formed")


def _missing_pointer(client: ClientConfig) -> str | None:
    """Where a missing scope belongs: inside ``client_info`` for the toolkit shape."""
    if client.has("scope"):
        return None
    if isinstance(client.raw, dict) and isinstance(client.raw.get("client_info"), dict):
        return join_pointer(client.origin.pointer, "client_info")
    return None


def _name_hint(value: str) -> str:
    """Scope name to suggest: the user's bare name when it looks like one."""
    words = value.split()
    if len(words) == 1 and "/" not in words[0] and words[0] not in OIDC_SCOPES:
        return words[0] if SCOPE_STRING.match(words[0]) else "invoke"
    return "invoke"


def _allowed_scopes(ctx: Context, jwt: JwtAuthorizer, label: str) -> Iterator[Finding]:
    items = jwt.allowed_scopes
    if not isinstance(items, list):
        return  # GW310 reports a non-list
    cognito = gateway_uses_cognito(ctx.deployment)
    base = jwt.origin.pointer_for("allowed_scopes")
    bad = 0
    for index, scope in enumerate(items):
        pointer = join_pointer(base, index)
        problem = scope_pattern_problem(scope)
        if problem:
            bad += 1
            yield ctx.fail(
                jwt,
                "allowed_scopes",
                f"allowedScopes entry {problem}; the API accepts 1-255 visible ASCII "
                "characters other than '\"' and '\\'.",
                pointer=pointer,
                resource=label,
                fix="Write one scope per allowedScopes entry, e.g. "
                f'["{example_scope(ctx.deployment)}"].',
            )
            continue
        if cognito:
            form = cognito_form_problem(scope, allow_oidc=True)
            if form:
                bad += 1
                yield ctx.fail(
                    jwt,
                    "allowed_scopes",
                    f"allowedScopes entry {form}, so no Cognito access token will carry it.",
                    pointer=pointer,
                    resource=label,
                    fix="List the resource server's scope, e.g. "
                    f'["{example_scope(ctx.deployment, scope)}"].',
                )
    if items and not bad:
        yield ctx.passed(
            jwt, "allowed_scopes", "allowedScopes entries are valid scopes", resource=label
        )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-scope",
        "pattern": r"\binvalid_scope\b",
        "source": "Cognito /oauth2/token (HTTP 400 error body)",
        "means": (
            "The token endpoint refused the requested scope: malformed, or not allowed for this "
            "client."
        ),
        "cause": (
            "scope is missing or not written as Cognito expects ({resource-server}/{scope}, "
            "space-separated)."
        ),
        "likelihood": "high",
    },
]
