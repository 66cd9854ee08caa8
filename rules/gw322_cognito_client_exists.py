r"""The OAuth app client does not exist in the user pool.

## Why
A Cognito app client belongs to exactly one user pool. The client config's
``client_id`` must be an app client of the pool it names (``user_pool_id``,
else the pool in the gateway's discovery URL), and every ``allowedClients``
entry of the gateway's authorizer must be an app client of the discovery
URL's pool — otherwise no token can ever carry that ``client_id``. A
frequent slip is to paste the *pool* ID (``us-east-1_AbCdEf123``) where the
*client* ID (26 lower-case letters and digits) belongs.

gwlint reads each client with DescribeUserPoolClient in its pool.

## Symptom
The token endpoint answers ``invalid_client``; an ``allowedClients`` entry
that names no client makes the gateway reject the tokens of the real client
with 401 "Invalid Bearer token".

## Fix
List the pool's clients and use the right ID in both places:

    aws cognito-idp list-user-pool-clients --user-pool-id us-east-1_AbCdEf123 \
      --query 'UserPoolClients[].[ClientId,ClientName]'

    {"client_id": "6aarhftf6bopppar05humcp2r6", "user_pool_id": "us-east-1_AbCdEf123"}
    "allowedClients": ["6aarhftf6bopppar05humcp2r6"]
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.awsformats import USER_POOL_ID_REAL
from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    DESCRIBE_CLIENT,
    cannot_check,
    describe_client,
    pool_missing,
    resolve_gateway,
    session_region,
)
from gwlint.reads import POOL
from gwlint.resolve import (
    PoolRef,
    Where,
    allowed_client_ids,
    client_id_of,
    client_pool,
    discovery_pool,
    entry,
)
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Use the app client's ID from the pool (aws cognito-idp list-user-pool-clients "
    "--user-pool-id <pool-id> --query 'UserPoolClients[].[ClientId,ClientName]') as client_id "
    "and in the gateway's allowedClients, or create the client in that pool."
)


def _check_one(
    ctx: Context, pool: PoolRef, client_id: str, where: Where, what: str
) -> Iterator[Finding]:
    if client_id == pool.pool_id or USER_POOL_ID_REAL.match(client_id):
        same = "the user pool's own ID" if client_id == pool.pool_id else "a user-pool ID"
        yield ctx.fail(
            where.node,
            where.field,
            f"{what} {describe_value(client_id)} is {same}, not an app client ID.",
            fix=(
                "Put the app client's ID there (aws cognito-idp list-user-pool-clients "
                f"--user-pool-id {pool.pool_id} --query 'UserPoolClients[].ClientId')."
            ),
            resource=client_id,
            pointer=where.pointer,
        )
        return
    try:
        info = describe_client(ctx, pool.pool_id, client_id, pool.region)
    except NotFound:
        yield ctx.fail(
            where.node,
            where.field,
            f"{what} {describe_value(client_id)} is not an app client of user pool "
            f"{pool.pool_id} (the pool from the {pool.via}).",
            resource=client_id,
            pointer=where.pointer,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx,
            where,
            exc,
            f"app client {client_id} in {pool.pool_id}",
            DESCRIBE_CLIENT,
            resource=client_id,
        )
        return
    name = info.get("ClientName")
    named = f" ({name})" if isinstance(name, str) and name else ""
    yield ctx.passed(
        where.node,
        where.field,
        f"{what} {client_id}{named} is an app client of user pool {pool.pool_id}.",
        resource=client_id,
        pointer=where.pointer,
    )


@rule(
    id="GW322",
    name="cognito-client-exists",
    severity=Severity.ERROR,
    summary="the configured app client exists in its user pool",
    fix=FIX,
    live=True,
    requires=("GW321",),
    reads=(*POOL, "pool-client"),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, problem = resolve_gateway(ctx)
    client = ctx.deployment.client
    client_id = client_id_of(ctx.deployment)
    pool = client_pool(ctx.deployment, view, session_region(ctx))
    if client is not None and client_id is not None:
        if pool is None:
            if problem is not None:
                yield problem
        elif (missing := pool_missing(ctx, pool, client)) is not None:
            yield missing
        else:
            yield from _check_one(ctx, pool, client_id, Where(client, "client_id"), "client_id")
    discovery = discovery_pool(view)
    if view is None or discovery is None:
        return
    jwt = view.gateway.jwt
    if jwt is None or not isinstance(jwt.allowed_clients, list):
        return
    base = view.at(jwt, "allowed_clients")
    if (missing := pool_missing(ctx, discovery, base.node)) is not None:
        if pool is None or pool.pool_id != discovery.pool_id:
            yield missing  # not already reported for the client above
        return
    for index, value in allowed_client_ids(view):
        yield from _check_one(ctx, discovery, value, entry(base, index), "allowedClients entry")


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-client",
        "cause": (
            "The app client does not exist in the user pool (deleted, recreated, another pool)."
        ),
        "likelihood": "high",
    },
]
