"""How the probe reads every answer: error codes, HTTP statuses, transport failures (``responses``).

Each test mocks the IdP and gateway of the bundled example and runs
``gwlint check --probe``; assertions name the rule, status, pointer and the
words of the message that carry the cause.
"""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
import requests
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

from .probe_support import CLIENT_ID, EXAMPLE, SCOPE
from .test_cli import invoke

POOL = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7"
DISCOVERY = f"{POOL}/.well-known/openid-configuration"
JWKS = f"{POOL}/.well-known/jwks.json"
TOKEN = "https://security-chatbot.auth.us-east-1.amazoncognito.com/oauth2/token"
GATEWAY = (
    "https://security-chatbot-gateway-k3j9x0abcd.gateway.bedrock-agentcore.us-east-1"
    ".amazonaws.com/mcp"
)
SECRET = "probe-secret-" + "w" * 24
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key-1"


def access_token(**overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "sub": CLIENT_ID,
        "client_id": CLIENT_ID,
        "token_use": "access",
        "scope": SCOPE,
        "iss": POOL,
        "iat": now,
        "exp": now + 3600,
        **overrides,
    }
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": KID})


def jwks() -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}


def discovery_document(**overrides: Any) -> dict[str, Any]:
    return {"issuer": POOL, "jwks_uri": JWKS, "token_endpoint": TOKEN, **overrides}


Reply = tuple[int, dict[str, str], str]


def mcp_server(tools: list[list[str]] | None = None, **by_method: Reply) -> Callable[..., Reply]:
    """A gateway answering JSON: tools/list pages from ``tools``; ``by_method`` overrides."""
    pages = tools if tools is not None else [["security-mcp___a", "security-lambda___b"]]

    def reply(request: Any) -> Reply:
        message = json.loads(request.body)
        method = message.get("method")
        if method in by_method:
            return by_method[method]
        if "id" not in message:
            return 202, {}, ""
        if method == "initialize":
            result: dict[str, Any] = {"protocolVersion": "2025-03-26", "capabilities": {}}
            headers = {"Content-Type": "application/json", "Mcp-Session-Id": "sess-1"}
            return (
                200,
                headers,
                json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}),
            )
        index = int((message.get("params") or {}).get("cursor") or 0)
        result = {"tools": [{"name": n, "inputSchema": {"type": "object"}} for n in pages[index]]}
        if index + 1 < len(pages):
            result["nextCursor"] = str(index + 1)
        body = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result})
        return 200, {"Content-Type": "application/json"}, body

    return reply


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def idp(rsps: responses.RequestsMock, token: Any = None, document: Any = None) -> None:
    rsps.add(responses.GET, DISCOVERY, json=document or discovery_document())
    rsps.add(responses.GET, JWKS, json=jwks())
    if token is None:
        token = {"access_token": access_token(), "expires_in": 3600, "token_type": "Bearer"}
    if isinstance(token, dict):
        rsps.add(responses.POST, TOKEN, json=token)


def probe(path: Path = EXAMPLE, *extra: str) -> dict[str, list[dict[str, Any]]]:
    result = invoke(
        "check",
        "--probe",
        "--select",
        "GW7",
        "--format",
        "json",
        "--client-secret-env",
        "GWLINT_PROBE_SECRET",
        *extra,
        str(path),
        env={"GWLINT_PROBE_SECRET": SECRET},
    )
    assert result.exit_code in (0, 1), result.output
    assert SECRET not in result.stdout
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        by_rule.setdefault(finding["rule_id"], []).append(finding)
    return by_rule


def one(findings: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(findings) == 1, [(f["status"], f["message"]) for f in findings]
    return findings[0]


def token_calls(rsps: responses.RequestsMock) -> list[Any]:
    return [c for c in rsps.calls if c.request.url == TOKEN]


# -- token: the request and each error code ---------------------------------------------


def test_token_request_is_the_guides_client_credentials_request(
    mocked: responses.RequestsMock,
) -> None:
    idp(mocked)
    mocked.add_callback(responses.POST, GATEWAY, callback=mcp_server())
    found = probe()
    assert one(found["GW703"])["status"] == "pass"
    (call,) = token_calls(mocked)
    request = call.request
    assert (
        request.headers["Authorization"]
        == "Basic " + base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    )
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body) == {"grant_type": ["client_credentials"], "scope": [SCOPE]}


@pytest.mark.parametrize(
    ("code", "pointer", "words"),
    [
        ("invalid_client", "/client", "wrong client_secret, unknown client_id"),
        ("unauthorized_client", "/client/client_id", "may not use the client_credentials grant"),
        ("invalid_scope", "/client/scope", "not allowed for this app client"),
        ("invalid_request", "/client/token_endpoint", "could not read the request"),
        ("unsupported_grant_type", "/client/client_id", "does not offer the client_credentials"),
    ],
)
def test_token_error_codes_name_the_setting(
    mocked: responses.RequestsMock, code: str, pointer: str, words: str
) -> None:
    idp(mocked, token=False)
    mocked.add(responses.POST, TOKEN, status=400, json={"error": code})
    found = probe()
    finding = one(found["GW703"])
    assert (finding["status"], finding["severity"], finding["pointer"]) == (
        "fail",
        "error",
        pointer,
    )
    assert f"HTTP 400 {code}" in finding["message"] and words in finding["message"]
    assert len(token_calls(mocked)) == 1  # an IdP answer is never retried (billed requests)
    assert [f["status"] for f in found["GW705"]] == ["skip"]


@pytest.mark.parametrize(
    ("status", "headers", "body", "words", "severity"),
    [
        (400, {}, "Bad Request", "a bare 400", "error"),
        (404, {}, "", "no such path", "error"),
        (405, {}, "", "not a token endpoint", "error"),
        (500, {}, "", "a server-side failure", "warning"),
        (
            302,
            {"Location": "https://elsewhere.example/login"},
            "",
            "redirects (HTTP 302 to https://elsewhere.example/login)",
            "error",
        ),
        (200, {}, "{}", "without an access_token", "error"),
    ],
)
def test_token_http_statuses(
    mocked: responses.RequestsMock,
    status: int,
    headers: dict[str, str],
    body: str,
    words: str,
    severity: str,
) -> None:
    idp(mocked, token=False)
    mocked.add(responses.POST, TOKEN, status=status, headers=headers, body=body)
    finding = one(probe()["GW703"])
    assert (finding["status"], finding["pointer"], finding["severity"]) == (
        "fail",
        "/client/token_endpoint",
        severity,
    )
    assert words in finding["message"]


@pytest.mark.parametrize(
    ("error", "words", "severity", "attempts"),
    [
        (
            requests.exceptions.ConnectionError(socket.gaierror(-2, "Name or service not known")),
            "does not resolve",
            "error",
            1,
        ),
        (requests.exceptions.SSLError("certificate verify failed"), "TLS handshake", "error", 1),
        (requests.exceptions.ReadTimeout("read timed out"), "did not answer in time", "warning", 1),
        (
            requests.exceptions.ConnectionError(ConnectionRefusedError(111, "refused")),
            "refused the connection",
            "error",
            3,
        ),
    ],
    ids=["dns", "tls", "timeout", "refused"],
)
def test_token_transport_failures(
    mocked: responses.RequestsMock, error: Exception, words: str, severity: str, attempts: int
) -> None:
    idp(mocked, token=False)
    mocked.add(responses.POST, TOKEN, body=error)
    finding = one(probe()["GW703"])
    assert (finding["status"], finding["severity"]) == ("fail", severity)
    assert words in finding["message"] and "security-chatbot.auth" in finding["message"]
    assert len(token_calls(mocked)) == attempts  # only a refused connection is retried


# -- discovery ----------------------------------------------------------------------------


def test_issuer_mismatch_fails_and_blocks_the_token(mocked: responses.RequestsMock) -> None:
    idp(mocked, document=discovery_document(issuer="https://other.example/pool"))
    found = probe()
    assert [f["status"] for f in found["GW701"]] == ["fail", "pass"]
    assert "is not the discovery URL's prefix" in found["GW701"][0]["message"]
    assert [f["status"] for f in found["GW703"]] == ["skip"]
    assert token_calls(mocked) == []  # no billed token request after a failed discovery


def test_jwks_on_a_host_the_config_does_not_name_is_never_requested(
    mocked: responses.RequestsMock,
) -> None:
    idp(mocked, document=discovery_document(jwks_uri="https://keys.elsewhere.example/jwks"))
    found = probe()
    statuses = [(f["status"], f["message"]) for f in found["GW701"]]
    assert statuses[0][0] == "pass"
    assert statuses[1][0] == "error"
    assert "keys.elsewhere.example is not a host the configuration names" in statuses[1][1]
    assert all("elsewhere" not in c.request.url for c in mocked.calls)


def test_discovery_that_is_not_json_fails(mocked: responses.RequestsMock) -> None:
    mocked.add(responses.GET, DISCOVERY, body="<html>login</html>", content_type="text/html")
    finding = one(probe()["GW701"])
    assert (finding["status"], finding["pointer"]) == (
        "fail",
        "/gateway/authorizerConfiguration/customJWTAuthorizer/discoveryUrl",
    )
    assert "did not answer a JSON object" in finding["message"]


# -- token contents -----------------------------------------------------------------------


def test_a_token_signed_by_another_key_fails_the_signature_check(
    mocked: responses.RequestsMock,
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"iss": POOL}, other, algorithm="RS256", headers={"kid": KID})
    idp(mocked, token={"access_token": forged, "expires_in": 3600, "token_type": "Bearer"})
    mocked.add_callback(responses.POST, GATEWAY, callback=mcp_server())
    finding = one(probe()["GW704"])
    assert finding["status"] == "fail"
    assert "signature does not verify with key test-key-1" in finding["message"]


def test_expired_token_and_wrong_token_use(mocked: responses.RequestsMock) -> None:
    token = access_token(exp=int(time.time()) - 10, token_use="id")
    idp(mocked, token={"access_token": token, "expires_in": 3600, "token_type": "Bearer"})
    mocked.add_callback(responses.POST, GATEWAY, callback=mcp_server())
    failures = [f["message"] for f in probe()["GW704"] if f["status"] == "fail"]
    assert len(failures) == 2
    assert "missing or already past" in failures[0]
    assert "token_use is 'id', not 'access'" in failures[1]


# -- MCP answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "words"),
    [
        (
            401,
            {
                "WWW-Authenticate": 'Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"'
            },
            '{"jsonrpc":"2.0","id":0,"error":{"code":-32001,"message":"Invalid Bearer token"}}',
            [
                "HTTP 401: the gateway rejected the caller's credentials",
                'WWW-Authenticate: Bearer resource_metadata="https://x/',
                "JSON-RPC error -32001 'Invalid Bearer token'",
            ],
        ),
        (
            403,
            {"WWW-Authenticate": 'Bearer error="insufficient_scope"'},
            "",
            ["HTTP 403: the gateway authenticated the caller but refused", "insufficient_scope"],
        ),
        (
            406,
            {"Content-Type": "application/json"},
            '{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600,'
            '"message":"Not Acceptable: Client must accept both application/json and '
            'text/event-stream"}}',
            ["HTTP 406: the server refused the Accept header", "Not Acceptable"],
        ),
        (404, {}, "Not Found", ["HTTP 404: no MCP endpoint at this URL", "body: 'Not Found'"]),
    ],
    ids=["401", "403", "406", "404"],
)
def test_gateway_refusals_are_explained(
    mocked: responses.RequestsMock,
    status: int,
    headers: dict[str, str],
    body: str,
    words: list[str],
) -> None:
    idp(mocked)
    mocked.add(responses.POST, GATEWAY, status=status, headers=headers, body=body)
    finding = one(probe()["GW705"])
    assert (finding["status"], finding["pointer"], finding["severity"]) == (
        "fail",
        "/client/gateway_url",
        "error",
    )
    for word in words:
        assert word in finding["message"], finding["message"]


def test_jsonrpc_error_on_initialize_is_shown(mocked: responses.RequestsMock) -> None:
    idp(mocked)
    refusal = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "error": {"code": -32602, "message": "Unsupported protocol version"},
        }
    )
    mocked.add_callback(
        responses.POST,
        GATEWAY,
        callback=mcp_server(initialize=(200, {"Content-Type": "application/json"}, refusal)),
    )
    finding = one(probe()["GW705"])
    assert finding["status"] == "fail"
    assert (
        "initialize was refused: JSON-RPC error -32602 'Unsupported protocol version'"
        in (finding["message"])
    )


def test_sse_answers_and_next_cursor_are_followed(mocked: responses.RequestsMock) -> None:
    idp(mocked)
    pages = [["security-mcp___a"], ["security-mcp___b"], ["security-lambda___c"]]
    json_server = mcp_server(pages)

    def sse(request: Any) -> Reply:
        status, headers, body = json_server(request)
        if status != 200:
            return status, headers, body
        event = f"event: message\ndata: {body}\n\n"
        return 200, {**headers, "Content-Type": "text/event-stream"}, ": ping\n\n" + event

    mocked.add_callback(responses.POST, GATEWAY, callback=sse)
    found = probe()
    assert one(found["GW705"])["message"].endswith("3 tool(s) over 3 pages")
    assert [f["status"] for f in found["GW706"]] == ["pass", "pass"]
    cursors = [
        json.loads(c.request.body).get("params")
        for c in mocked.calls
        if c.request.url == GATEWAY and json.loads(c.request.body).get("method") == "tools/list"
    ]
    assert cursors == [None, {"cursor": "1"}, {"cursor": "2"}]


def test_an_endless_cursor_is_cut_off(mocked: responses.RequestsMock) -> None:
    idp(mocked)
    server = mcp_server()

    def endless(request: Any) -> Reply:
        message = json.loads(request.body)
        if message.get("method") != "tools/list":
            return server(request)
        result = {"tools": [], "nextCursor": "again"}
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}),
        )

    mocked.add_callback(responses.POST, GATEWAY, callback=endless)
    finding = one(probe()["GW705"])
    assert finding["status"] == "fail"
    assert "kept answering nextCursor after 2 pages" in finding["message"]


def test_only_the_stateless_version_is_not_probed(
    mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["gateway"]["protocolConfiguration"] = {"mcp": {"supportedVersions": ["2026-07-28"]}}
    path = tmp_path / "deployment.json"
    path.write_text(json.dumps(doc, indent=2))
    idp(mocked)
    finding = one(probe(path)["GW705"])
    assert finding["status"] == "error"
    assert finding["pointer"] == "/gateway/protocolConfiguration/mcp/supportedVersions"
    assert not [c for c in mocked.calls if c.request.url == GATEWAY]


def test_newest_supported_handshake_version_is_sent(
    mocked: responses.RequestsMock, tmp_path: Path
) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["gateway"]["protocolConfiguration"] = {
        "mcp": {"supportedVersions": ["2025-03-26", "2025-06-18", "2026-07-28"]}
    }
    path = tmp_path / "deployment.json"
    path.write_text(json.dumps(doc, indent=2))
    idp(mocked)
    mocked.add_callback(responses.POST, GATEWAY, callback=mcp_server())
    probe(path)
    first = next(c for c in mocked.calls if c.request.url == GATEWAY)
    assert json.loads(first.request.body)["params"]["protocolVersion"] == "2025-06-18"


def test_first_host_unreachable_is_not_checked_rather_than_failed(
    mocked: responses.RequestsMock,
) -> None:
    """Offline machine: nothing has answered, so a DNS failure may not be the config's fault."""
    unresolvable = requests.exceptions.ConnectionError(socket.gaierror(-3, "Temporary failure"))
    mocked.add(responses.GET, DISCOVERY, body=unresolvable)
    finding = one(probe()["GW701"])
    assert finding["status"] == "error"
    assert "does not resolve; nothing configured has answered yet" in finding["message"]
