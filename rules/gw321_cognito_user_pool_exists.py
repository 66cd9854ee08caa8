r"""The Cognito user pool the gateway or the client names does not exist.

## Why
A gateway with a Cognito inbound authorizer trusts exactly one user pool: the
one in its discovery URL
(``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/openid-configuration``).
The OAuth client config names the pool its app client lives in
(``user_pool_id``; the toolkit writes it under ``client_info``). If that pool
was deleted, lives in another region or account, or the ID was mistyped,
nothing downstream can work: there is no discovery document, no signing keys,
no app client and no token endpoint.

gwlint takes the pool from the gateway's discovery URL (from the config, or
from GetGateway when the config only has the client's ``gateway_url``) and
from the client's ``user_pool_id``, and reads it with DescribeUserPool in the
pool's region (the prefix of the pool ID, else the URL's region, else the
deployment's ``region``, else the session's).

## Symptom
Token requests fail (``invalid_client`` or a DNS error for the domain); the
gateway answers 401 to every call because it cannot fetch the pool's
discovery document and keys. When the gateway was created, a bad discovery
URL can leave it FAILED.

## Fix
Find the pool's real ID in the right region and put it in the discovery URL
and the client config:

    aws cognito-idp list-user-pools --max-results 60 --region us-east-1 \
      --query 'UserPools[].[Id,Name]'

    {
      "customJWTAuthorizer": {
        "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
        "allowedClients": ["6aarhftf6bopppar05humcp2r6"]
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    DESCRIBE_USER_POOL,
    cannot_check,
    describe_pool,
    resolve_gateway,
    session_region,
)
from gwlint.reads import POOL
from gwlint.resolve import discovery_pool, written_client_pool
from gwlint.rule import Context, Severity, describe_value, rule

FIX = (
    "Use the ID of an existing user pool in the right region (aws cognito-idp list-user-pools "
    "--max-results 60 --region <region>) in the gateway's discovery URL "
    "(https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/openid-configuration) "
    "and in the client config's user_pool_id."
)


@rule(
    id="GW321",
    name="cognito-user-pool-exists",
    severity=Severity.ERROR,
    summary="the Cognito user pool the gateway and client name exists",
    fix=FIX,
    live=True,
    reads=(*POOL,),
)
def check(ctx: Context) -> Iterator[Finding]:
    if ctx.facts is None:
        return
    view, problem = resolve_gateway(ctx)
    written = written_client_pool(ctx.deployment, session_region(ctx))
    refs = [r for r in (written, discovery_pool(view)) if r is not None]
    if problem is not None and not refs:
        yield problem
        return
    seen: set[tuple[str, str | None]] = set()
    for ref in refs:
        if (ref.pool_id, ref.region) in seen:
            continue
        seen.add((ref.pool_id, ref.region))
        where = ref.where
        try:
            pool = describe_pool(ctx, ref)
        except NotFound:
            yield ctx.fail(
                where.node,
                where.field,
                f"User pool {describe_value(ref.pool_id)} (from the {ref.via}) does not exist in "
                f"{ref.region or 'the default region'}.",
                resource=ref.pool_id,
                pointer=where.pointer,
            )
            continue
        except LiveError as exc:
            yield cannot_check(
                ctx,
                where,
                exc,
                f"user pool {ref.pool_id}",
                DESCRIBE_USER_POOL,
                resource=ref.pool_id,
            )
            continue
        name = pool.get("Name")
        named = f" ({name})" if isinstance(name, str) and name else ""
        yield ctx.passed(
            where.node,
            where.field,
            f"User pool {ref.pool_id}{named} exists in {ref.region or 'the default region'}.",
            resource=ref.pool_id,
            pointer=where.pointer,
        )
