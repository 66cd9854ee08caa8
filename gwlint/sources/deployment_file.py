"""gwlint's own whole-picture format, so cross-resource rules can run.

``{"region", "gateway": {API fields}, "targets": [{API fields}], "client":
{client-config fields}, "proxy_lambda"}``; every section optional.
"""

from __future__ import annotations

from typing import Any

from gwlint.model import Deployment, Origin
from gwlint.sources.aws_api import gateway_from_api, target_from_api
from gwlint.sources.client_config import client_from

SECTIONS = frozenset({"gateway", "targets", "client"})


def matches(data: dict[str, Any]) -> bool:
    return bool(SECTIONS & data.keys()) and all(
        isinstance(data[key], list if key == "targets" else dict) for key in SECTIONS & data.keys()
    )


def load(data: dict[str, Any], file: str) -> Deployment:
    fields = {key: f"/{key}" for key in data}
    deployment = Deployment(
        file=file,
        shape="deployment",
        raw=data,
        region=data.get("region"),
        proxy_lambda=data.get("proxy_lambda"),
        origin=Origin(file=file, pointer="", fields=fields),
    )
    if isinstance(data.get("gateway"), dict):
        deployment.gateway = gateway_from_api(data["gateway"], "/gateway", file)
    if isinstance(data.get("targets"), list):
        deployment.targets = [
            target_from_api(item if isinstance(item, dict) else {}, f"/targets/{i}", file)
            for i, item in enumerate(data["targets"])
        ]
    if isinstance(data.get("client"), dict):
        deployment.client = client_from(data["client"], "/client", file)
    return deployment
