"""Client config: the guide's ``gateway-config.json`` and the toolkit's variant.

Flat: ``gateway_url, client_id, client_secret, token_endpoint, scope[, access_token]``.
Toolkit: ``gateway_url, gateway_id, region, client_info{client_id, client_secret,
user_pool_id, token_endpoint, scope, domain_prefix}``.
"""

from __future__ import annotations

from typing import Any

from gwlint.model import ClientConfig, Deployment
from gwlint.sources.base import build, paths

CLIENT_FIELDS = {
    "gateway_url": paths("gateway_url"),
    "gateway_id": paths("gateway_id"),
    "region": paths("region"),
    "client_id": paths("client_info/client_id", "client_id"),
    "client_secret": paths("client_info/client_secret", "client_secret"),
    "token_endpoint": paths("client_info/token_endpoint", "token_endpoint"),
    "scope": paths("client_info/scope", "scope"),
    "access_token": paths("client_info/access_token", "access_token"),
    "user_pool_id": paths("client_info/user_pool_id", "user_pool_id"),
    "domain_prefix": paths("client_info/domain_prefix", "domain_prefix"),
}

SIGNATURE = frozenset(
    {"gateway_url", "client_id", "token_endpoint", "client_info", "client_secret"}
)


def matches(data: dict[str, Any]) -> bool:
    return bool(SIGNATURE & data.keys())


def client_from(obj: Any, pointer: str, file: str | None) -> ClientConfig:
    return build(ClientConfig, obj, pointer, CLIENT_FIELDS, file=file)


def load(data: dict[str, Any], file: str) -> Deployment:
    client = client_from(data, "", file)
    region = data.get("region")
    return Deployment(
        file=file,
        shape="client-config",
        raw=data,
        client=client,
        region=region,
        origin=client.origin.model_copy(),
    )
