"""Distinct secret markers planted everywhere: none may reach text, JSON or SARIF output.

Starting from the good example of every input shape, each variant plants a
fresh marker
- as a JWT in every string field (anything that parses as a JWT is a secret),
- as userinfo and as secret-named query parameters in every URL field,
- under secret-named unknown keys in every object,
- as the client secret, pasted again into ``client_id`` (a field that must never hold one),
and the whole output (messages, fixes, resource labels, SARIF properties) is
searched for every marker and every JWT segment.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.cli import app
from gwlint.report import FORMATS as REPORTERS

from .conftest import FIXTURES

EXAMPLES = sorted((FIXTURES / "examples" / "good").glob("*.json"))
FORMATS = tuple(REPORTERS)  # every registered output format
QUERY_NAMES = (
    "api_key",
    "apiKey",
    "token",
    "access_token",
    "secret",
    "client_secret",
    "password",
    "sig",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
)
UNKNOWN_SECRET_KEYS = ("apiKey", "password", "x_client_secret", "token", "privateKey")
runner = CliRunner()


class Markers:
    """Hands out distinct markers and remembers every text that must never be printed."""

    def __init__(self) -> None:
        self.count = 0
        self.forbidden: list[str] = []

    def plain(self) -> str:
        self.count += 1
        marker = f"MkR{self.count:03d}q7Zx9Lp2Wv"
        self.forbidden.append(marker)
        return marker

    def jwt(self) -> str:
        marker = self.plain()

        def part(data: dict[str, Any]) -> str:
            raw = json.dumps(data).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        token = f"{part({'alg': 'RS256'})}.{part({'sub': marker, 'exp': 4102444800})}.c2ln{marker}"
        payload = token.split(".")[1]
        self.forbidden.extend([token, payload, f"c2ln{marker}"])
        return token


def _strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {k: _strings(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v, change) for v in value]
    if isinstance(value, str):
        return change(value)
    return value


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def jwt_in_every_field(doc: Any, markers: Markers) -> Any:
    return _strings(doc, lambda _text: markers.jwt())


_URL = re.compile(r"^(https?|s3)://")


def url_parts(doc: Any, markers: Markers) -> Any:
    def plant(text: str) -> str:
        if not _URL.match(text):
            return text
        scheme, rest = text.split("://", 1)
        user, password = markers.plain(), markers.plain()
        query = "&".join(f"{name}={markers.plain()}" for name in QUERY_NAMES)
        glue = "&" if "?" in rest else "?"
        return f"{scheme}://{user}:{password}@{rest}{glue}{query}"

    return _strings(doc, plant)


def secret_keys_everywhere(doc: Any, markers: Markers) -> Any:
    doc = copy.deepcopy(doc)
    for obj in list(_objects(doc)):
        for key in UNKNOWN_SECRET_KEYS:
            obj[key] = markers.plain()
    return doc


def pasted_client_secret(doc: Any, markers: Markers) -> Any:
    doc = copy.deepcopy(doc)
    for obj in list(_objects(doc)):
        holder = obj.get("client_info") if isinstance(obj.get("client_info"), dict) else obj
        if "client_id" in holder:
            secret = markers.plain()
            holder["client_secret"] = secret
            holder["client_id"] = secret
            holder["access_token"] = markers.plain()
    return doc


VARIANTS = {
    "jwt-in-every-field": jwt_in_every_field,
    "url-userinfo-and-query": url_parts,
    "secret-named-unknown-keys": secret_keys_everywhere,
    "client-secret-pasted-into-client-id": pasted_client_secret,
}
CASES = [
    (path, variant)
    for path in EXAMPLES
    for variant in VARIANTS
    if variant != "client-secret-pasted-into-client-id" or '"client_id"' in path.read_text()
    if variant != "url-userinfo-and-query" or "://" in path.read_text()
]


def test_every_shape_is_covered() -> None:
    # seven examples hold a client, eleven a URL
    assert len(EXAMPLES) == 12 and len(CASES) == 12 * 2 + 11 + 7


@pytest.mark.parametrize(("path", "variant"), CASES, ids=[f"{p.stem}-{v}" for p, v in CASES])
def test_no_marker_reaches_any_output(path: Path, variant: str, tmp_path: Path) -> None:
    markers = Markers()
    doc = VARIANTS[variant](json.loads(path.read_text(encoding="utf-8")), markers)
    assert markers.forbidden, "nothing was planted"
    target = tmp_path / path.name
    target.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    for output_format in FORMATS:
        result = runner.invoke(app, ["check", str(target), "--format", output_format])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code in (0, 1), result.output
        # the rules ran: every format names them, except github, which prints failures only
        assert "GW0" in result.output or " passed, " in result.output, result.output
        leaked = [marker for marker in markers.forbidden if marker in result.output]
        assert leaked == [], f"{output_format}: {leaked}"


def test_masking_keeps_the_rest_of_a_url() -> None:
    """Exact masking: only the secret parts become ***, the URL stays readable."""
    from gwlint.masking import mask_text

    url = (
        "https://alice:pw@gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
        "?qualifier=DEFAULT&api_key=k1&X-Amz-Signature=abc&sig=zz"
    )
    assert mask_text(url) == (
        "https://***@gw-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
        "?qualifier=DEFAULT&api_key=***&X-Amz-Signature=***&sig=***"
    )


def test_a_secret_sharing_characters_with_the_gateway_id_garbles_nothing(tmp_path: Path) -> None:
    """Masking is of whole values: a fix URL keeps a gateway id the secret overlaps."""
    gateway_id = "security-chatbot-gateway-k3j9x0abcd"
    config = {
        "gateway_url": f"https://{gateway_id}.gateway.bedrock-agentcore.us-east-1.amazonaws.com",
        "client_id": "6aarhftf6bopppar05humcp2r6",
        "client_secret": "chatbot-gateway-k3j9x0-Zq81WwLm5",  # shares 22 characters
        "token_endpoint": "https://gw-auth.auth.us-east-1.amazoncognito.com/oauth2/token",
        "scope": "gw/invoke",
    }
    path = tmp_path / "gateway-config.json"
    path.write_text(json.dumps(config, indent=2))
    result = runner.invoke(app, ["check", str(path), "--select", "GW108"])
    assert result.exit_code == 1
    assert (
        f"      fix: Append /mcp: https://{gateway_id}.gateway.bedrock-agentcore.us-east-1"
        ".amazonaws.com/mcp." in result.output.splitlines()
    )
    assert "Zq81WwLm5" not in result.output
