"""Checks that compare the client config with the gateway's JWT authorizer.

Such a check needs both sides in one input (a deployment file, or a live
run). With only one side it reports a skip saying what is missing; with
neither it does not apply.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from gwlint.findings import Finding
from gwlint.model import ClientConfig, Gateway
from gwlint.rule import Context


def client_and_jwt_list(
    ctx: Context,
    *,
    client_fields: tuple[str, ...],
    jwt_field: str,
    no_client: str,
    no_gateway: str,
    no_list: str,
) -> Generator[Finding, None, tuple[ClientConfig, Gateway, list[Any]] | None]:
    """The client, the gateway and its non-empty authorizer list ``jwt_field``.

    Use as ``found = yield from client_and_jwt_list(...)``: it yields a skip
    (``no_client``, ``no_gateway``, or ``"{gateway label} {no_list}"``) and
    returns None when a side is missing. The client counts when it has one of
    ``client_fields``.
    """
    client = ctx.deployment.client
    gateway = ctx.deployment.gateway
    jwt = gateway.jwt if gateway is not None else None
    has_client = client is not None and any(client.has(f) for f in client_fields)
    has_list = jwt is not None and jwt.has(jwt_field)
    if not has_client and not has_list:
        return None
    if client is None or not has_client:
        yield ctx.skip(no_client, jwt, resource=gateway.label if gateway is not None else None)
        return None
    if gateway is None:
        yield ctx.skip(no_gateway, client)
        return None
    allowed = getattr(jwt, jwt_field) if jwt is not None else None
    if not isinstance(allowed, list) or not allowed:
        yield ctx.skip(f"{gateway.label} {no_list}", client)
        return None
    return client, gateway, allowed
