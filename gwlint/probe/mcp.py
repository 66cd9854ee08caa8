"""The MCP exchange over streamable HTTP: initialize, initialized, tools/list (paged).

Answers come as ``application/json`` or as an event stream (SSE ``data:``
lines); both are read. Requests carry ``Accept: application/json,
text/event-stream`` (without it servers answer 406), the negotiated
``MCP-Protocol-Version`` and the ``Mcp-Session-Id`` the server issued.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gwlint import __version__
from gwlint.findings import Severity
from gwlint.probe.http import Answer, HttpFailure, Transport
from gwlint.probe.oauth import no_answer
from gwlint.probe.results import Outcome, Step, failed, passed, unchecked

ACCEPT = "application/json, text/event-stream"
#: Versions with an initialize handshake, oldest first; 2026-07-28 is stateless.
HANDSHAKE_VERSIONS = ("2025-03-26", "2025-06-18", "2025-11-25")
DEFAULT_VERSION = "2025-03-26"
MAX_PAGES = 50

#: Adds authentication to a request: (url, body, headers) -> headers.
Signer = Callable[[str, bytes, dict[str, str]], dict[str, str]]


@dataclass
class Tools:
    protocol_version: str
    names: list[str] = field(default_factory=list)
    pages: int = 0
    session_id: str | None = None


class McpError(Exception):
    """An MCP exchange did not hold; ``outcome`` says why."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


class _Events:
    """Collects SSE events until the JSON-RPC response with ``want`` arrives."""

    def __init__(self, want: int) -> None:
        self.want = want
        self.data: list[str] = []
        self.found: dict[str, Any] | None = None

    def feed(self, line: str) -> bool:
        if line.startswith("data:"):
            self.data.append(line[5:].removeprefix(" "))
            return False
        if line == "" and self.data:
            text, self.data = "\n".join(self.data), []
            try:
                message = json.loads(text)
            except ValueError:
                return False
            if isinstance(message, dict) and message.get("id") == self.want:
                self.found = message
                return True
        return False


def choose_version(supported: Any) -> str | None:
    """The newest handshake version the gateway supports; None if it supports none."""
    if not isinstance(supported, list) or not supported:
        return DEFAULT_VERSION
    usable = [v for v in HANDSHAKE_VERSIONS if v in supported]
    return usable[-1] if usable else None


def rpc_error(message: dict[str, Any] | None) -> str:
    error = message.get("error") if isinstance(message, dict) else None
    if not isinstance(error, dict):
        return ""
    return f"JSON-RPC error {error.get('code')} {error.get('message')!r}"


def _body_message(answer: Answer) -> dict[str, Any] | None:
    # Error answers do not always say application/json; a JSON body is read anyway.
    if not answer.body or (
        answer.content_type != "application/json" and not answer.body.lstrip().startswith(b"{")
    ):
        return None
    try:
        value = answer.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


HTTP_CAUSES = {
    401: (
        "the gateway rejected the caller's credentials",
        "CUSTOM_JWT: the token's iss must match discoveryUrl, client_id be in allowedClients, "
        "a scope in allowedScopes, aud in allowedAudience (Cognito access tokens have no aud: "
        "use allowedClients), and it must not be expired. AWS_IAM: sign with SigV4 "
        "(service bedrock-agentcore).",
    ),
    403: (
        "the gateway authenticated the caller but refused the call",
        "CUSTOM_JWT: the token lacks a scope the gateway requires (allowedScopes). AWS_IAM: "
        "allow bedrock-agentcore:InvokeGateway on the gateway's ARN for the calling identity.",
    ),
    404: (
        "no MCP endpoint at this URL",
        "Use the gateway URL exactly as GetGateway returns it, ending in /mcp.",
    ),
    406: (
        "the server refused the Accept header gwlint sent (application/json, text/event-stream)",
        "Something between this machine and the gateway rewrites the Accept header; "
        "clients must send both types.",
    ),
}


class McpClient:
    def __init__(self, transport: Transport, url: str, where: str, signer: Signer) -> None:
        self.transport = transport
        self.url = url
        self.where = where
        self.signer = signer
        self.version: str | None = None
        self.session_id: str | None = None
        self._next_id = 0

    def _headers(self, body: bytes) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": ACCEPT}
        if self.version is not None:
            headers["MCP-Protocol-Version"] = self.version
        if self.session_id is not None:
            headers["Mcp-Session-Id"] = self.session_id
        return self.signer(self.url, body, headers)

    def _refused(self, what: str, answer: Answer, message: dict[str, Any] | None) -> McpError:
        cause, fix = HTTP_CAUSES.get(
            answer.status,
            (
                "a gateway-side failure" if answer.status >= 500 else "an unexpected answer",
                "Read the gateway's answer above; with exceptionLevel DEBUG it says more.",
            ),
        )
        parts = [f"{what} answered HTTP {answer.status}: {cause}"]
        challenge = answer.header("www-authenticate")
        if challenge:
            parts.append(f"WWW-Authenticate: {challenge}")
        error = rpc_error(message)
        if error:
            parts.append(error)
        elif answer.body and message is None:
            parts.append(f"body: {answer.body[:200].decode('utf-8', 'replace')!r}")
        severity = Severity.WARNING if answer.status >= 500 else None
        return McpError(failed(self.where, "; ".join(parts) + ".", fix, severity))

    def send(self, method: str, params: dict[str, Any] | None) -> dict[str, Any]:
        """A JSON-RPC request; the response's ``result``, else :class:`McpError`."""
        return self._exchange(method, params)[0]

    def _exchange(
        self, method: str, params: dict[str, Any] | None
    ) -> tuple[dict[str, Any], Answer]:
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": ident, "method": method}
        if params is not None:
            message["params"] = params
        body = json.dumps(message).encode()
        events = _Events(ident)
        try:
            answer = self.transport.request(
                "POST", self.url, headers=self._headers(body), data=body, until=events.feed
            )
        except HttpFailure as exc:
            raise McpError(
                no_answer(self.where, f"gateway {method}", exc, "").outcomes[0]
            ) from None
        if answer.content_type == "text/event-stream" and events.found is None:
            events.feed("")  # a stream that ended without a blank line
        reply = events.found if answer.content_type == "text/event-stream" else None
        reply = reply or _body_message(answer)
        if answer.status != 200:
            raise self._refused(method, answer, reply)
        if reply is None:
            raise McpError(
                failed(
                    self.where,
                    f"{method} answered HTTP 200 with {answer.content_type or 'no content type'} "
                    "and no JSON-RPC response.",
                    "The gateway URL must be the MCP endpoint (…/mcp).",
                )
            )
        if "error" in reply:
            raise McpError(
                failed(
                    self.where,
                    f"{method} was refused: {rpc_error(reply)}.",
                    "With exceptionLevel DEBUG the gateway explains the refusal in the message.",
                )
            )
        result = reply.get("result")
        if not isinstance(result, dict):
            raise McpError(
                failed(self.where, f"{method} answered without a result object.", "Check the URL.")
            )
        return result, answer

    def notify(self, method: str) -> None:
        body = json.dumps({"jsonrpc": "2.0", "method": method}).encode()
        try:
            answer = self.transport.request(
                "POST", self.url, headers=self._headers(body), data=body
            )
        except HttpFailure as exc:
            raise McpError(
                no_answer(self.where, f"gateway {method}", exc, "").outcomes[0]
            ) from None
        if answer.status not in (200, 202, 204):
            raise self._refused(method, answer, _body_message(answer))

    def initialize(self, version: str) -> None:
        params = {
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": {"name": "gwlint", "version": __version__},
        }
        result, answer = self._exchange("initialize", params)
        self.session_id = answer.header("mcp-session-id")
        agreed = result.get("protocolVersion")
        self.version = agreed if isinstance(agreed, str) else version


def list_tools(client: McpClient, supported: Any) -> Step:
    """initialize, notifications/initialized, then tools/list until no nextCursor."""
    version = choose_version(supported)
    if version is None:
        return Step(
            [
                unchecked(
                    "gateway.supported_versions",
                    f"Could not probe MCP: supportedVersions {supported} has no version with an "
                    f"initialize handshake gwlint speaks ({', '.join(HANDSHAKE_VERSIONS)}).",
                    "Add 2025-06-18 or 2025-11-25 to supportedVersions, or test with an MCP "
                    "client that speaks the stateless protocol.",
                )
            ]
        )
    try:
        client.initialize(version)
        client.notify("notifications/initialized")
        tools = Tools(protocol_version=client.version or version, session_id=client.session_id)
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            result = client.send("tools/list", {"cursor": cursor} if cursor else None)
            tools.pages += 1
            for tool in result.get("tools") or []:
                if isinstance(tool, dict) and isinstance(tool.get("name"), str):
                    tools.names.append(tool["name"])
            nxt = result.get("nextCursor")
            if not isinstance(nxt, str) or not nxt:
                break
            if nxt in seen or tools.pages >= MAX_PAGES:
                return Step(
                    [
                        failed(
                            client.where,
                            f"tools/list kept answering nextCursor after {tools.pages} pages "
                            "(repeated or endless cursor).",
                            "The gateway or a target server paginates wrongly; report it.",
                        )
                    ]
                )
            seen.add(nxt)
            cursor = nxt
    except McpError as exc:
        return Step([exc.outcome])
    paged = f" over {tools.pages} pages" if tools.pages > 1 else ""
    session = ", session" if tools.session_id else ""
    message = (
        f"MCP {tools.protocol_version} initialize{session}, tools/list: "
        f"{len(tools.names)} tool(s){paged}"
    )
    return Step([passed(client.where, message)], tools)


def call_tool(client: McpClient, name: str, arguments: dict[str, Any]) -> Step:
    """tools/call of the one tool the user named (--probe-call)."""
    try:
        result = client.send("tools/call", {"name": name, "arguments": arguments})
    except McpError as exc:
        return Step([exc.outcome])
    content = result.get("content")
    kinds = sorted(
        {str(c.get("type")) for c in content if isinstance(c, dict)}
        if isinstance(content, list)
        else set()
    )
    summary = f"{len(content) if isinstance(content, list) else 0} content item(s)"
    if kinds:
        summary += f" ({', '.join(kinds)})"
    if result.get("isError") is True:
        return Step(
            [
                failed(
                    client.where,
                    f"tools/call {name} returned isError: true with {summary}.",
                    "The tool ran and reported an error: check its arguments (--probe-args) and "
                    "the target's logs.",
                )
            ]
        )
    return Step([passed(client.where, f"tools/call {name} answered {summary}")], result)
