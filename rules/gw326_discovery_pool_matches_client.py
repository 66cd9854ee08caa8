"""The client's tokens come from another user pool than the one the gateway trusts.

## Why
The gateway validates a bearer token against the issuer and keys of the pool
in its discovery URL. A token is issued by the pool the app client belongs
to. When the client config points at a client of pool A while the gateway's
discovery URL names pool B (two pools created by two runs of a setup script,
a copy-pasted URL), every token is well-formed, signed, unexpired — and
rejected.

gwlint lists the app clients of the discovery URL's pool
(ListUserPoolClients) and looks for the configured ``client_id``; when the
client config names another ``user_pool_id``, it confirms the client lives
there (DescribeUserPoolClient).

## Symptom
The token request succeeds but every gateway call answers 401
``{"code": -32001, "message": "Invalid Bearer token"}``; decoding the token
shows an ``iss`` of ``https://cognito-idp.{region}.amazonaws.com/{other pool}``.

## Fix
Point the gateway at the client's pool, or use a client of the gateway's pool:

    "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration"
    {"client_id": "6aarhftf6bopppar05humcp2r6", "user_pool_id": "us-east-1_AbCdEf123"}
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    DESCRIBE_CLIENT,
    LIST_CLIENTS,
    Read,
    ask,
    cannot_check,
    describe_client,
    existing_pool,
    session_region,
)
from gwlint.reads import POOL
from gwlint.resolve import Where, client_id_of, written_client_pool
from gwlint.rule import Context, Severity, rule

FIX = (
    "Make the gateway's discoveryUrl name the pool the app client belongs to "
    "(https://cognito-idp.<region>.amazonaws.com/<client's pool>/.well-known/openid-configuration)"
    ", or use an app client of the discovery URL's pool in the client config."
)


@rule(
    id="GW326",
    name="discovery-pool-matches-client",
    severity=Severity.ERROR,
    summary="the client belongs to the user pool in the gateway's discovery URL",
    fix=FIX,
    live=True,
    requires=("GW321",),
    reads=(*POOL, "pool-clients", "pool-client"),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    client_id = client_id_of(ctx.deployment)
    if ctx.facts is None or client is None or client_id is None:
        return
    _, discovery, problem = existing_pool(ctx, discovery=True)
    if discovery is None:
        if problem is not None:
            yield problem
        return
    written = written_client_pool(ctx.deployment, session_region(ctx))
    try:
        listed = ask(ctx.facts, Read.pool_clients(discovery))
    except LiveError as exc:
        yield cannot_check(
            ctx,
            Where(client, "client_id"),
            exc,
            f"the app clients of user pool {discovery.pool_id}",
            LIST_CLIENTS,
            resource=client_id,
        )
        return
    ids = {str(item.get("ClientId")) for item in listed if isinstance(item, dict)}
    if client_id in ids:
        yield ctx.passed(
            client,
            "client_id",
            f"App client {client_id} belongs to user pool {discovery.pool_id}, the pool in the "
            "gateway's discovery URL.",
            resource=client_id,
        )
        return
    if written is None or written.pool_id == discovery.pool_id:
        yield ctx.skip(
            f"app client {client_id} is not in user pool {discovery.pool_id} "
            "(see GW322 cognito-client-exists)",
            client,
            resource=client_id,
        )
        return
    try:
        describe_client(ctx, written.pool_id, client_id, written.region)
    except NotFound:
        yield ctx.skip(
            f"app client {client_id} is in neither user pool {written.pool_id} nor "
            f"{discovery.pool_id} (see GW322 cognito-client-exists)",
            client,
            resource=client_id,
        )
        return
    except LiveError as exc:
        yield cannot_check(
            ctx,
            written.where,
            exc,
            f"app client {client_id} in {written.pool_id}",
            DESCRIBE_CLIENT,
            resource=client_id,
        )
        return
    yield ctx.fail(
        client,
        "user_pool_id",
        f"App client {client_id} belongs to user pool {written.pool_id}, but the gateway's "
        f"discovery URL trusts user pool {discovery.pool_id}; its tokens are rejected with 401.",
        resource=client_id,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "invalid-bearer-token",
        "cause": (
            "The client's tokens come from another user pool than the one in the discovery URL."
        ),
        "likelihood": "medium",
    },
]
