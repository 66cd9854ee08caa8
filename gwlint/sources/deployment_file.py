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
KEYS = SECTIONS | {"region", "proxy_lambda"}


def matches(data: dict[str, Any]) -> bool:
    """A section of the right type, or only deployment-file keys (some wrongly typed).

    A JSON file that merely has a ``client`` string among other keys is not taken
    for a deployment file; one that has only deployment keys is, so its
    wrongly typed sections are reported at their keys instead of "unrecognised".
    """
    sections = SECTIONS & data.keys()
    if not sections:
        return False
    typed = any(isinstance(data[key], list if key == "targets" else dict) for key in sections)
    return typed or data.keys() <= KEYS


def load(data: dict[str, Any], file: str) -> Deployment:
    fields = {key: f"/{key}" for key in data}
    deployment = Deployment(
        file=file,
        shape="deployment",
        raw=data,
        region=_string(data.get("region")),
        proxy_lambda=_string(data.get("proxy_lambda")),
        origin=Origin(file=file, pointer="", fields=fields),
    )
    if isinstance(data.get("gateway"), dict):
        deployment.gateway = gateway_from_api(data["gateway"], "/gateway", file)
    if isinstance(data.get("targets"), list):
        deployment.targets = [
            target_from_api(item, f"/targets/{i}", file)
            for i, item in enumerate(data["targets"])
            if isinstance(item, dict)  # other items are input errors (sections.py)
        ]
    if isinstance(data.get("client"), dict):
        deployment.client = client_from(data["client"], "/client", file)
    return deployment


def _string(value: Any) -> str | None:
    """A wrongly typed ``region``/``proxy_lambda`` is an input error, not a model value."""
    return value if isinstance(value, str) else None
