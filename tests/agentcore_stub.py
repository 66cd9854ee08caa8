"""A local stand-in for AgentCore control-plane reads moto does not serve (policy engines).

It speaks the service's rest-json protocol as botocore's model describes it:
``GET /policy-engines/{policyEngineId}`` answers the stored engine (every
required output member) or a 404 with ``x-amzn-ErrorType:
ResourceNotFoundException``; anything else is a 404 ``UnknownOperationException``.
It listens on 127.0.0.1, port 0, for one test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

ACCOUNT = "123456789012"


def engine_answer(engine_id: str, region: str, status: str = "ACTIVE") -> dict[str, Any]:
    """A GetPolicyEngine answer as AWS shapes it."""
    return {
        "policyEngineId": engine_id,
        "name": engine_id.rsplit("-", 1)[0],
        "createdAt": 1764580000,
        "updatedAt": 1764580000,
        "policyEngineArn": (
            f"arn:aws:bedrock-agentcore:{region}:{ACCOUNT}:policy-engine/{engine_id}"
        ),
        "status": status,
        "statusReasons": [],
    }


class _Handler(BaseHTTPRequestHandler):
    engines: ClassVar[dict[str, dict[str, Any]]] = {}
    requests: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: dict[str, Any], error: str | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if error:
            self.send_header("x-amzn-ErrorType", error)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.requests.append(f"GET {self.path}")
        prefix = "/policy-engines/"
        if self.path.startswith(prefix):
            engine = self.engines.get(self.path[len(prefix) :])
            if engine is not None:
                self._send(200, engine)
                return
            self._send(
                404,
                {"message": "Policy engine not found"},
                "ResourceNotFoundException",
            )
            return
        self._send(404, {"message": "not served by the stub"}, "UnknownOperationException")


@contextmanager
def agentcore_stub(engines: dict[str, dict[str, Any]]) -> Iterator[tuple[str, list[str]]]:
    """Serve ``engines`` (ID -> answer); yields the URL and the request log."""
    handler = type("Handler", (_Handler,), {"engines": dict(engines), "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()
