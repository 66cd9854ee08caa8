r"""The user pool has no active domain, or the token endpoint is not on it.

## Why
Cognito serves ``/oauth2/token`` only on a user-pool *domain*: a prefix
domain ``https://{prefix}.auth.{region}.amazoncognito.com`` or a custom
domain (``https://auth.example.com``). A pool without a domain cannot issue
client-credentials tokens at all, a domain that is still being created (or
failed) does not answer yet, and a token endpoint on another pool's domain
issues tokens the gateway's pool never signed.

gwlint reads the pool's ``Domain``/``CustomDomain`` (DescribeUserPool), the
domain's status (DescribeUserPoolDomain) and compares the domain with the
host of the client config's ``token_endpoint`` (and its ``domain_prefix``).

A pool replicated to other Regions (``CreateUserPoolReplica``) is judged by
the Region its endpoint is in: a token endpoint on the pool's prefix domain
in another Region passes when ListUserPoolReplicas shows an ACTIVE replica
there, and fails only when it shows none. DescribeUserPoolDomain describes a
prefix domain only in the Region that created it (botocore's documentation of
the operation), so a prefix domain not found in a replica's Region is looked
up in the pool's PRIMARY Region before it is reported missing. When the
replicas cannot be read, these cases are ``error``, never a verdict.

## Symptom
The token request fails with a DNS error (no such host), 404, or the agent
obtains a token that the gateway rejects with 401.

## Fix
Create a domain for the pool and use it in the token endpoint:

    aws cognito-idp create-user-pool-domain --user-pool-id us-east-1_AbCdEf123 \
      --domain security-auth

    "token_endpoint": "https://security-auth.auth.us-east-1.amazoncognito.com/oauth2/token"

A new prefix domain takes up to a minute to become active.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gwlint.awsformats import parse_token_endpoint
from gwlint.facts import LiveError, NotFound
from gwlint.findings import Finding
from gwlint.livecheck import (
    COGNITO,
    DESCRIBE_USER_POOL,
    Read,
    ask,
    cannot_check,
    describe_pool,
    existing_pool,
)
from gwlint.reads import POOL
from gwlint.resolve import PoolRef, Where
from gwlint.rule import Context, Severity, describe_value, rule

DESCRIBE_DOMAIN = "cognito-idp:DescribeUserPoolDomain"
LIST_REPLICAS = "cognito-idp:ListUserPoolReplicas"
#: ``{prefix}.auth.{region}.amazoncognito.com``: a prefix domain's host in one Region.
_PREFIX_HOST = re.compile(
    r"^(?P<prefix>[a-z0-9-]+)\.auth\.(?P<region>[a-z0-9-]+)\.amazoncognito\.com$"
)

FIX = (
    "Create a domain for the user pool (aws cognito-idp create-user-pool-domain "
    "--user-pool-id <pool> --domain <prefix>) and use "
    "https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token (or "
    "https://<custom-domain>/oauth2/token) as the token endpoint."
)


def _hosts(pool: PoolRef, domains: list[str]) -> dict[str, str]:
    """Token-endpoint host -> the domain it belongs to."""
    hosts: dict[str, str] = {}
    for domain in domains:
        if "." in domain:  # a custom domain is a full host name
            hosts[domain.lower()] = domain
        elif pool.region:
            hosts[f"{domain}.auth.{pool.region}.amazoncognito.com"] = domain
    return hosts


@rule(
    id="GW325",
    name="cognito-domain-token-endpoint",
    severity=Severity.ERROR,
    summary="the user pool has an active domain and the token endpoint is on it",
    fix=FIX,
    live=True,
    requires=("GW321",),
    reads=(*POOL, "pool-domain", "pool-replicas"),
)
def check(ctx: Context) -> Iterator[Finding]:
    client = ctx.deployment.client
    if ctx.facts is None or client is None:
        return
    _, pool, problem = existing_pool(ctx)
    if pool is None:
        if problem is not None:
            yield problem
        return
    field = next(
        (f for f in ("token_endpoint", "client_id", "user_pool_id") if client.has(f)), None
    )
    where = Where(client, field)
    try:
        info = describe_pool(ctx, pool)
    except LiveError as exc:
        yield cannot_check(
            ctx,
            where,
            exc,
            f"the domain of user pool {pool.pool_id}",
            DESCRIBE_USER_POOL,
            resource=pool.pool_id,
        )
        return
    domains = [
        d.strip()
        for d in (info.get("Domain"), info.get("CustomDomain"))
        if isinstance(d, str) and d.strip()
    ]
    domains = list(dict.fromkeys(domains))
    if not domains:
        yield ctx.fail(
            where.node,
            where.field,
            f"User pool {pool.pool_id} has no domain, so it has no OAuth token endpoint.",
            fix=(
                f"aws cognito-idp create-user-pool-domain --user-pool-id {pool.pool_id} "
                "--domain <prefix>, then use https://<prefix>.auth."
                f"{pool.region or '<region>'}.amazoncognito.com/oauth2/token."
            ),
            resource=pool.pool_id,
        )
        return

    # each domain is active
    for domain in domains:
        try:
            data = ctx.facts.call(
                COGNITO, "describe_user_pool_domain", Domain=domain, region=pool.region
            )
        except NotFound:
            data = {}
        except LiveError as exc:
            yield cannot_check(
                ctx, where, exc, f"user pool domain {domain}", DESCRIBE_DOMAIN, resource=domain
            )
            continue
        description = data.get("DomainDescription") or {}
        if not description and "." not in domain:  # a prefix domain: the primary's Region?
            primary = _primary_region(ctx, pool)
            if isinstance(primary, LiveError):
                yield cannot_check(
                    ctx,
                    where,
                    primary,
                    f"user pool domain {domain} (not found in {pool.region}; the pool's primary "
                    "Region, where a prefix domain is described, is unknown)",
                    LIST_REPLICAS,
                    resource=domain,
                )
                continue
            if primary is not None:
                try:
                    data = ctx.facts.call(
                        COGNITO, "describe_user_pool_domain", Domain=domain, region=primary
                    )
                except NotFound:
                    data = {}
                except LiveError as exc:
                    yield cannot_check(
                        ctx,
                        where,
                        exc,
                        f"user pool domain {domain}",
                        DESCRIBE_DOMAIN,
                        resource=domain,
                    )
                    continue
                description = data.get("DomainDescription") or {}
        status = description.get("Status") if isinstance(description, dict) else None
        if not description:
            yield ctx.fail(
                where.node,
                where.field,
                f"Domain {describe_value(domain)} of user pool {pool.pool_id} was not found.",
                resource=domain,
            )
        elif status == "ACTIVE":
            yield ctx.passed(
                where.node,
                where.field,
                f"User pool {pool.pool_id} has the active domain {domain}.",
                resource=domain,
            )
        else:
            yield ctx.fail(
                where.node,
                where.field,
                f"Domain {domain} of user pool {pool.pool_id} is {status or 'in an unknown state'}"
                ", not ACTIVE; its token endpoint does not answer yet.",
                severity=Severity.WARNING if status in ("CREATING", "UPDATING") else None,
                fix=(
                    "Wait a minute for CREATING/UPDATING to finish; a FAILED domain must be "
                    "deleted and created again (custom domains need an ACM certificate in "
                    "us-east-1)."
                ),
                resource=domain,
            )

    hosts = _hosts(pool, domains)
    expected = ", ".join(sorted(hosts)) or ", ".join(domains)
    # the configured token endpoint is on that domain
    if client.has("token_endpoint"):
        endpoint = parse_token_endpoint(client.token_endpoint)
        host = endpoint.host.lower() if endpoint is not None else None
        replica = _replica_host(host, pool, domains)
        if host is not None and host in hosts:
            yield ctx.passed(
                client,
                "token_endpoint",
                f"The token endpoint's host {host} is user pool {pool.pool_id}'s domain.",
                resource=hosts[host],
            )
        elif replica is not None:
            yield _judge_replica(ctx, pool, host or "", replica, expected)
        else:
            yield ctx.fail(
                client,
                "token_endpoint",
                f"The token endpoint {describe_value(client.token_endpoint)} is not on user pool "
                f"{pool.pool_id}'s domain (expected host: {expected}).",
                fix=f"Use https://{sorted(hosts)[0] if hosts else '<domain>'}/oauth2/token.",
                resource=pool.pool_id,
            )
    # and the toolkit's domain_prefix names it
    if client.has("domain_prefix"):
        prefix = client.domain_prefix
        if isinstance(prefix, str) and prefix.strip() in domains:
            yield ctx.passed(
                client,
                "domain_prefix",
                f"domain_prefix {prefix.strip()} is user pool {pool.pool_id}'s domain.",
                resource=prefix.strip(),
            )
        else:
            yield ctx.fail(
                client,
                "domain_prefix",
                f"domain_prefix {describe_value(prefix)} is not user pool {pool.pool_id}'s "
                f"domain ({', '.join(domains)}).",
                resource=pool.pool_id,
            )


def _primary_region(ctx: Context, pool: PoolRef) -> str | LiveError | None:
    """The Region of the pool's PRIMARY replica when it is not ``pool.region`` (else None).

    DescribeUserPoolDomain describes a prefix domain only in the Region that created it
    (botocore's documentation of the operation); a pool read in a secondary Region
    finds its prefix domain there. Returns the error when the replicas cannot be read.
    """
    assert ctx.facts is not None
    try:
        replicas = ask(ctx.facts, Read.pool_replicas(pool))
    except NotFound:
        return None
    except LiveError as exc:
        return exc
    for replica in replicas:
        if isinstance(replica, dict) and replica.get("Role") == "PRIMARY":
            region = replica.get("RegionName")
            if isinstance(region, str) and region and region != pool.region:
                return region
    return None


def _replica_host(host: str | None, pool: PoolRef, domains: list[str]) -> str | None:
    """The Region of a prefix-domain host of this pool in another Region than the pool's."""
    if host is None or pool.region is None:
        return None
    match = _PREFIX_HOST.match(host)
    if match is None or match["prefix"] not in domains or match["region"] == pool.region:
        return None
    return match["region"]


def _judge_replica(ctx: Context, pool: PoolRef, host: str, region: str, expected: str) -> Finding:
    """A token endpoint on the pool's prefix domain in ``region``: a replica's, or wrong."""
    assert ctx.facts is not None and ctx.deployment.client is not None
    client = ctx.deployment.client
    try:
        replicas = ask(ctx.facts, Read.pool_replicas(pool))
    except LiveError as exc:
        return cannot_check(
            ctx,
            Where(client, "token_endpoint"),
            exc,
            f"whether user pool {pool.pool_id} has a replica in {region} (its token endpoint "
            "is there)",
            LIST_REPLICAS,
            resource=pool.pool_id,
        )
    active = {
        str(r.get("RegionName"))
        for r in replicas
        if isinstance(r, dict) and r.get("Status") == "ACTIVE"
    }
    if region in active:
        return ctx.passed(
            client,
            "token_endpoint",
            f"The token endpoint's host {host} is user pool {pool.pool_id}'s domain in its "
            f"replica Region {region}.",
            resource=pool.pool_id,
        )
    return ctx.fail(
        client,
        "token_endpoint",
        f"The token endpoint {describe_value(client.token_endpoint)} is in {region}, where user "
        f"pool {pool.pool_id} has no ACTIVE replica (expected host: {expected}).",
        fix=f"Use https://{expected.split(', ')[0]}/oauth2/token, or replicate the pool to "
        f"{region} (aws cognito-idp create-user-pool-replica).",
        resource=pool.pool_id,
    )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "token-endpoint-bad-request",
        "cause": (
            "The user pool has no active domain, or the token endpoint is on another pool's domain."
        ),
        "likelihood": "medium",
    },
]
