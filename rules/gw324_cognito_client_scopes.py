r"""The app client may not request the scopes the config and the gateway use.

## Why
With the client-credentials grant a Cognito token carries only *custom*
scopes, written ``{resource-server identifier}/{scope name}``, and only those
the app client lists in ``AllowedOAuthScopes``. So three things must hold:

- every scope the client config requests (``scope``) is in the client's
  ``AllowedOAuthScopes``;
- the gateway's ``allowedScopes`` are among the client's allowed scopes too
  (a token cannot carry a scope the client may not request);
- each scope's resource server exists in the pool and defines that scope name.

gwlint reads the client (DescribeUserPoolClient) and each resource server
(DescribeResourceServer). Whether the gateway needs *every* allowed scope or
*one* of them in the token is not documented, so a client that may request
some but not all of them is a warning; one that may request none fails.

## Symptom
The token endpoint answers ``invalid_scope``, or the token comes back without
the scope and the gateway rejects it with 401/403.

## Fix
Define the scope on the resource server and allow it on the client:

    aws cognito-idp create-resource-server --user-pool-id us-east-1_AbCdEf123 \
      --identifier security-gateway --name security-gateway \
      --scopes ScopeName=invoke,ScopeDescription="Call the gateway"
    aws cognito-idp update-user-pool-client --user-pool-id us-east-1_AbCdEf123 \
      --client-id 6aarhftf6bopppar05humcp2r6 --allowed-o-auth-flows client_credentials \
      --allowed-o-auth-flows-user-pool-client --allowed-o-auth-scopes security-gateway/invoke

and request exactly that scope: ``"scope": "security-gateway/invoke"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    COGNITO,
    cannot_check,
    client_settings,
    existing_pool,
)
from gwlint.reads import POOL
from gwlint.resolve import PoolRef, Where, client_id_of, entry
from gwlint.rule import Context, Severity, describe_value, rule

DESCRIBE_RS = "cognito-idp:DescribeResourceServer"

FIX = (
    "Create the resource server and scope in the pool (aws cognito-idp create-resource-server "
    "--identifier <rs> --scopes ScopeName=<name>,ScopeDescription=...), allow <rs>/<name> on "
    "the app client (update-user-pool-client --allowed-o-auth-scopes), and request it in the "
    "client config's scope."
)


def requested_scopes(value: Any) -> list[str]:
    """The scope value as a list (space-separated string or list of strings)."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [s.strip() for s in value if isinstance(s, str) and s.strip()]
    return []


def _resource_server(ctx: Context, pool: PoolRef, scope: str, where: Where) -> Iterator[Finding]:
    assert ctx.facts is not None
    identifier, sep, name = scope.rpartition("/")
    if not sep or not identifier or not name:
        yield ctx.fail(
            where.node,
            where.field,
            f"Scope {describe_value(scope)} is not a resource-server scope "
            "('<identifier>/<name>'); the client_credentials grant only issues custom scopes.",
            resource=scope,
            pointer=where.pointer,
        )
        return
    try:
        data = ctx.facts.call(
            COGNITO,
            "describe_resource_server",
            UserPoolId=pool.pool_id,
            Identifier=identifier,
            region=pool.region,
        )
    except NotFound:
        yield ctx.fail(
            where.node,
            where.field,
            f"Scope {describe_value(scope)}: user pool {pool.pool_id} has no resource server "
            f"{describe_value(identifier)}.",
            resource=f"{pool.pool_id}/{identifier}",
            pointer=where.pointer,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx,
            where,
            exc,
            f"resource server {identifier} in {pool.pool_id}",
            DESCRIBE_RS,
            resource=f"{pool.pool_id}/{identifier}",
        )
        return
    server = data.get("ResourceServer") or {}
    scopes = server.get("Scopes") if isinstance(server, dict) else None
    names = [s.get("ScopeName") for s in scopes or [] if isinstance(s, dict)]
    if name in names:
        yield ctx.passed(
            where.node,
            where.field,
            f"Resource server {identifier} in {pool.pool_id} defines scope {name}.",
            resource=f"{pool.pool_id}/{identifier}",
            pointer=where.pointer,
        )
    else:
        defined = ", ".join(str(n) for n in names) if names else "none"
        yield ctx.fail(
            where.node,
            where.field,
            f"Scope {describe_value(scope)}: resource server {identifier} in {pool.pool_id} "
            f"defines no scope {describe_value(name)} (defined: {defined}).",
            resource=f"{pool.pool_id}/{identifier}",
            pointer=where.pointer,
        )


@rule(
    id="GW324",
    name="cognito-client-scopes",
    severity=Severity.ERROR,
    summary="the app client may request the configured and the gateway's scopes",
    fix=FIX,
    live=True,
    requires=("GW322",),
    reads=(*POOL, "pool-client", "resource-server"),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    client_id = client_id_of(ctx.deployment)
    if ctx.facts is None or client is None or client_id is None:
        return
    view, pool, problem = existing_pool(ctx)
    if pool is None:
        if problem is not None:
            yield problem
        return
    requested = requested_scopes(client.scope)
    jwt = view.gateway.jwt if view is not None else None
    gateway_scopes: list[tuple[int, str]] = []
    if jwt is not None and isinstance(jwt.allowed_scopes, list):
        gateway_scopes = [
            (i, s.strip()) for i, s in enumerate(jwt.allowed_scopes) if isinstance(s, str)
        ]
    if not requested and not gateway_scopes:
        return
    what = f"the scopes of app client {client_id}"
    info, problem = client_settings(ctx, pool, client_id, Where(client, "scope"), what)
    if problem is not None:
        yield problem
        return
    raw = info.get("AllowedOAuthScopes")
    allowed = [str(s) for s in raw] if isinstance(raw, list) else []
    shown = ", ".join(allowed) if allowed else "none"
    checked_servers: set[str] = set()

    # the scopes the client config requests
    scope_where = Where(client, "scope")
    for scope in requested:
        if scope in allowed:
            yield ctx.passed(
                client,
                "scope",
                f"App client {client_id} may request scope {scope}.",
                resource=client_id,
            )
        else:
            yield ctx.fail(
                client,
                "scope",
                f"App client {client_id} may not request scope {describe_value(scope)} "
                f"(its AllowedOAuthScopes: {shown}); the token request fails with invalid_scope.",
                resource=client_id,
            )
        if scope not in checked_servers:
            checked_servers.add(scope)
            yield from _resource_server(ctx, pool, scope, scope_where)

    # the gateway's allowedScopes
    if gateway_scopes and jwt is not None and view is not None:
        base = view.at(jwt, "allowed_scopes")
        covered = [s for _, s in gateway_scopes if s in allowed]
        for index, scope in gateway_scopes:
            where = entry(base, index)
            if scope in allowed:
                yield ctx.passed(
                    where.node,
                    where.field,
                    f"App client {client_id} may request the gateway's allowed scope {scope}.",
                    resource=client_id,
                    pointer=where.pointer,
                )
            else:
                yield ctx.fail(
                    where.node,
                    where.field,
                    f"App client {client_id} may not request the gateway's allowed scope "
                    f"{describe_value(scope)} (its AllowedOAuthScopes: {shown}).",
                    severity=Severity.WARNING if covered else None,
                    resource=client_id,
                    pointer=where.pointer,
                )
            if scope not in checked_servers:
                checked_servers.add(scope)
                yield from _resource_server(ctx, pool, scope, where)


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-scope",
        "cause": "The app client may not request the scope, or no resource server defines it.",
        "likelihood": "high",
    },
]
