"""Local stand-ins for the probe: a Cognito-shaped IdP and an MCP gateway on loopback.

One HTTP server (uvicorn, 127.0.0.1, port 0) serves, under the paths the real
hosts use:

- ``/{poolId}/.well-known/openid-configuration`` and ``…/jwks.json``: an OIDC
  discovery document and JWKS of a fresh RSA key;
- ``/oauth2/token``: client_credentials only, Basic auth, scopes per client,
  Cognito's error codes; RS256 access tokens with Cognito's claims
  (``client_id``, ``scope``, ``token_use``, no ``aud``);
- ``/mcp``: a real MCP server built with the official ``mcp`` SDK (streamable
  HTTP, SSE or JSON answers, tools/list paged), behind a bearer check that
  enforces the deployment's allowedClients / allowedScopes / allowedAudience
  as the gateway does, exposing tools named ``{target}___{tool}``.

The gateway side is configured from a deployment file, so the stand-in
enforces exactly what the file says. ``python -m tests.probe_support`` starts
it for the bundled example and prints the gwlint command to probe it.
"""

from __future__ import annotations

import argparse
import base64
import json
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from mcp.server.mcpserver import MCPServer
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "examples" / "good" / "deployment.json"
CLIENT_ID = "6aarhftf6bopppar05humcp2r6"
SCOPE = "security-chatbot-gateway/invoke"
#: Tools per target of the bundled example (what the servers behind them expose).
EXAMPLE_TOOLS = {
    "security-mcp": ["list_findings", "get_finding"],
    "security-lambda": ["CheckSecurityServices"],
}


@dataclass
class IdpClient:
    client_id: str
    secret: str
    flows: set[str] = field(default_factory=lambda: {"client_credentials"})
    scopes: set[str] = field(default_factory=lambda: {SCOPE})


@dataclass
class Authorizer:
    """What the stand-in gateway enforces (from the deployment's customJWTAuthorizer)."""

    allowed_clients: list[str] = field(default_factory=list)
    allowed_scopes: list[str] = field(default_factory=list)
    allowed_audience: list[str] = field(default_factory=list)

    @classmethod
    def from_deployment(cls, doc: dict[str, Any]) -> Authorizer:
        jwt_config = doc["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]
        return cls(
            list(jwt_config.get("allowedClients", [])),
            list(jwt_config.get("allowedScopes", [])),
            list(jwt_config.get("allowedAudience", [])),
        )


def hosts_of(doc: dict[str, Any]) -> list[str]:
    """The hosts a deployment names (discovery, token endpoint, gateway URLs)."""
    gateway, client = doc.get("gateway", {}), doc.get("client", {})
    jwt_config = gateway.get("authorizerConfiguration", {}).get("customJWTAuthorizer", {})
    urls = [
        jwt_config.get("discoveryUrl"),
        client.get("token_endpoint"),
        client.get("gateway_url"),
        gateway.get("gatewayUrl"),
    ]
    return list(dict.fromkeys(urlsplit(u).hostname or "" for u in urls if u))


class PagedServer(MCPServer):
    """The SDK's server with tools/list split into pages of ``page_size`` (nextCursor)."""

    page_size = 2

    async def _handle_list_tools(self, ctx: Any, params: Any) -> Any:
        from mcp.types import ListToolsResult

        tools = await self.list_tools()
        start = int(params.cursor) if params is not None and params.cursor else 0
        end = start + self.page_size
        cursor = str(end) if end < len(tools) else None
        return ListToolsResult(tools=tools[start:end], nextCursor=cursor)


class StandIn:
    """The IdP and the gateway of one deployment, seeded with clients and tools."""

    def __init__(
        self,
        doc: dict[str, Any],
        clients: list[IdpClient],
        tools: dict[str, list[str]],
        *,
        json_response: bool = False,
        gateway_doc: dict[str, Any] | None = None,
    ) -> None:
        """The IdP from ``doc``'s discovery URL and token endpoint; the gateway's
        authorizer from ``gateway_doc`` (default ``doc``), so a case can seed a
        gateway that differs from the IdP it talks to."""
        discovery = doc["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]["discoveryUrl"]
        self.issuer = discovery.removesuffix("/.well-known/openid-configuration")
        self.pool_path = urlsplit(self.issuer).path
        self.token_endpoint = doc["client"]["token_endpoint"]
        self.authorizer = Authorizer.from_deployment(gateway_doc or doc)
        self.clients = {c.client_id: c for c in clients}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        self.issued: list[str] = []  # every access token handed out
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self.mcp = PagedServer("stand-in-gateway", log_level="WARNING")
        for target, names in tools.items():
            for name in names:
                self.mcp.add_tool(_echo, name=f"{target}___{name}", description=f"{name} tool")
        self.mcp.custom_route(f"{self.pool_path}/.well-known/openid-configuration", ["GET"])(
            self._discovery
        )
        self.mcp.custom_route(f"{self.pool_path}/.well-known/jwks.json", ["GET"])(self._jwks)
        self.mcp.custom_route("/oauth2/token", ["POST"])(self._token)
        self.app = self.mcp.streamable_http_app(json_response=json_response)

    # -- IdP -----------------------------------------------------------------------------
    async def _discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "jwks_uri": f"{self.issuer}/.well-known/jwks.json",
                "token_endpoint": self.token_endpoint,
                "response_types_supported": ["code", "token"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return JSONResponse({"keys": [public]})

    async def _token(self, request: Request) -> Response:
        def error(code: str) -> Response:
            return JSONResponse({"error": code}, status_code=400)

        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return error("invalid_client")
        client = self.clients.get(client_id)
        if scheme != "Basic" or client is None or not secrets.compare_digest(secret, client.secret):
            return error("invalid_client")
        if form.get("grant_type") != "client_credentials":
            return error("unsupported_grant_type")
        if "client_credentials" not in client.flows:
            return error("unauthorized_client")
        requested = set(form.get("scope", "").split()) or set(client.scopes)
        if not requested <= client.scopes:
            return error("invalid_scope")
        now = int(time.time())
        claims = {
            "sub": client_id,
            "token_use": "access",
            "scope": " ".join(sorted(requested)),
            "auth_time": now,
            "iss": self.issuer,
            "exp": now + 3600,
            "iat": now,
            "version": 2,
            "jti": str(uuid.uuid4()),
            "client_id": client_id,
        }
        token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        self.issued.append(token)
        return JSONResponse({"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    # -- gateway authorizer --------------------------------------------------------------
    def rejection(self, authorization: str) -> str | None:
        """Why the gateway would refuse this Authorization header; None to accept."""
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return "Missing Authentication Token"
        try:
            claims = jwt.decode(
                token,
                self.key.public_key(),
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"verify_aud": False},
            )
        except jwt.PyJWTError:
            return "Invalid Bearer token"
        auth = self.authorizer
        if auth.allowed_clients and claims.get("client_id") not in auth.allowed_clients:
            return "Invalid Bearer token"
        scopes = set(str(claims.get("scope", "")).split())
        if auth.allowed_scopes and not scopes & set(auth.allowed_scopes):
            return "Invalid Bearer token"
        aud = claims.get("aud")
        audiences = {aud} if isinstance(aud, str) else set(aud or [])
        if auth.allowed_audience and not audiences & set(auth.allowed_audience):
            return "Invalid Bearer token"
        return None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            self.requests.append((scope["method"], scope["path"], headers))
            if scope["path"] == "/mcp":
                reason = self.rejection(headers.get("authorization", ""))
                if reason is not None:
                    body = {"jsonrpc": "2.0", "id": 0, "error": {"code": -32001, "message": reason}}
                    challenge = (
                        'Bearer resource_metadata="https://gateway.example/.well-known/'
                        'oauth-protected-resource"'
                    )
                    response = JSONResponse(
                        body, status_code=401, headers={"WWW-Authenticate": challenge}
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _echo(text: str = "") -> str:
    """Echo the text back (a harmless tool for --probe-call)."""
    return text


@contextmanager
def serve(stand_in: StandIn, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Run ``stand_in`` on 127.0.0.1, a free port; yields its base URL, stops it after."""
    config = uvicorn.Config(
        stand_in, host="127.0.0.1", port=0, log_level="warning", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="probe-stand-in", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the probe stand-in did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def via_args(doc: dict[str, Any], base: str) -> list[str]:
    """The ``--probe-via`` options that send every configured host to ``base``."""
    return [arg for host in hosts_of(doc) for arg in ("--probe-via", f"{host}={base}")]


SCENARIOS = {
    "clean": "the bundled example as configured",
    "missing-flow": "the app client lacks the client_credentials flow",
    "scope-not-allowed": "the app client may not use the configured scope",
    "target-without-tools": "the server behind security-lambda exposes no tools",
    "long-tool-name": "security-mcp exposes a tool whose visible name has 70 characters",
}
LONG_TOOL = "x" * (70 - len("security-mcp___"))


def scenario(name: str, secret: str) -> tuple[list[IdpClient], dict[str, list[str]]]:
    """The IdP clients and target tools of a named scenario."""
    client = IdpClient(CLIENT_ID, secret)
    tools = {k: list(v) for k, v in EXAMPLE_TOOLS.items()}
    if name == "missing-flow":
        client.flows = set()
    elif name == "scope-not-allowed":
        client.scopes = {"security-chatbot-gateway/read"}
    elif name == "target-without-tools":
        tools["security-lambda"] = []
    elif name == "long-tool-name":
        tools["security-mcp"].append(LONG_TOOL)
    return [client], tools


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.probe_support",
        description="Serve a local IdP + MCP gateway for gwlint check --probe.",
    )
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="clean")
    parser.add_argument("--json", action="store_true", help="MCP answers as JSON, not SSE")
    args = parser.parse_args()
    doc = json.loads(EXAMPLE.read_text())
    secret = secrets.token_urlsafe(32)
    clients, tools = scenario(args.scenario, secret)
    stand_in = StandIn(doc, clients, tools, json_response=args.json)
    with serve(stand_in) as base:
        command = " ".join(
            [
                "gwlint check --probe --client-secret-env GWLINT_PROBE_SECRET",
                *via_args(doc, base),
                str(EXAMPLE.relative_to(ROOT)),
            ]
        )
        print(f"# scenario {args.scenario}: {SCENARIOS[args.scenario]}; serving on {base}")
        print(f"export GWLINT_PROBE_SECRET='{secret}'")
        print(command, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
