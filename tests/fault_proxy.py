"""A real HTTP proxy on loopback that forwards to moto and breaks chosen answers.

gwlint's ``AWS_ENDPOINT_URL`` points at the proxy; the proxy forwards each
request to the moto server unchanged, except those a :class:`Fault` matches
(by the service of the request's SigV4 credential scope and the API
operation, recognised from the botocore model as a server would), which get:

- ``html``: 200 with a captive portal's HTML page;
- ``garbage``: 200 with random bytes;
- ``truncated``: 200 with the first half of moto's real answer;
- ``empty-json``: 200 with ``{}``;
- ``json500``: 500 with a JSON body; ``xml500``: 500 with an XML body;
- ``hang``: the connection is held open and never answered;
- ``die``: the proxy forwards ``after`` matching requests, then stops
  answering: that connection is dropped and the listening socket closed.

``delay`` holds every forwarded request that long first (network latency for
``scripts/bench_live_rounds.py``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODES = ("html", "garbage", "truncated", "empty-json", "json500", "xml500", "hang", "die")

PORTAL = (
    b"<!DOCTYPE html><html><head><title>Hotel Wi-Fi - Sign in</title></head>"
    b"<body><form action='/login'><input name='room'></form></body></html>"
)


@dataclass
class Fault:
    """Break the answers of ``service`` (boto3 name), ``operations`` (API names; empty: all)."""

    mode: str
    service: str
    operations: frozenset[str] = frozenset()
    after: int = 0  # die: matching requests forwarded before the proxy stops

    def matches(self, service: str, operation: str) -> bool:
        return service == self.service and (not self.operations or operation in self.operations)


class _Router:
    """Recognises (service, operation) of a request as the service would."""

    def __init__(self, services: Iterable[str]) -> None:
        import botocore.session

        session = botocore.session.get_session()
        self.by_signing: dict[str, list[Any]] = {}
        self.rest: dict[str, list[tuple[str, re.Pattern[str], str]]] = {}
        for name in services:
            model = session.get_service_model(name)
            self.by_signing.setdefault(model.signing_name, []).append(model)
            routes = []
            for op in model.operation_names:
                http = model.operation_model(op).http
                path = http.get("requestUri", "/").split("?")[0]
                pattern = re.sub(r"\\\{[^}]+?\\\+\\\}", ".+", re.escape(path))
                pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
                routes.append((http.get("method", "POST"), re.compile(f"^{pattern}$"), op))
            # longest templates first: /gateways/{id}/targets/ before /gateways/{id}/
            routes.sort(key=lambda r: -len(r[1].pattern))
            self.rest[name] = routes

    def route(self, method: str, path: str, headers: Any, body: bytes) -> tuple[str, str]:
        scope = re.search(
            r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", headers.get("Authorization", "")
        )
        signing = scope.group(1) if scope else ""
        for model in self.by_signing.get(signing, []):
            protocol = model.protocol
            if protocol == "query":
                action = parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
                return model.service_name, action
            if protocol == "json":
                return model.service_name, headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
            bare = urlsplit(path).path
            for verb, pattern, op in self.rest[model.service_name]:
                if verb == method and pattern.match(bare):
                    return model.service_name, op
        return signing, ""


class _QuietServer(ThreadingHTTPServer):
    """Connections gwlint drops (its deadline passed) are no error of the proxy's."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class FaultProxy:
    """A threaded HTTP proxy on 127.0.0.1 (port 0) in front of ``upstream``."""

    def __init__(
        self,
        upstream: str,
        faults: Iterable[Fault],
        services: Iterable[str],
        *,
        delay: float = 0.0,
    ) -> None:
        self.upstream = urlsplit(upstream)
        self.delay = delay  # seconds each request is held before it is forwarded
        self.faults = list(faults)
        self.router = _Router(services)
        self.broken: list[tuple[str, str, str]] = []  # (service, operation, mode) answered
        self.forwarded = 0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._dead = False
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def _any(self) -> None:
                proxy._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _any

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    # -- one request ---------------------------------------------------------
    def _fault_for(self, service: str, operation: str) -> Fault | None:
        return next((f for f in self.faults if f.matches(service, operation)), None)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        service, operation = self.router.route(handler.command, handler.path, handler.headers, body)
        fault = self._fault_for(service, operation)
        if self._dead:
            handler.close_connection = True
            return
        if fault is not None and fault.mode == "die":
            with self._lock:
                fault.after -= 1
                dying = fault.after < 0
            if dying:
                self._die(handler, service, operation)
                return
            fault = None
        if fault is None:
            if self.delay:
                time.sleep(self.delay)  # a network round trip, for benchmarks
            self._forward(handler, body)
            return
        with self._lock:
            self.broken.append((service, operation, fault.mode))
        if fault.mode == "hang":
            self._release.wait()
            handler.close_connection = True
            return
        status, content_type, payload = self._broken_answer(fault.mode, handler, body)
        self._reply(handler, status, {"Content-Type": content_type}, payload)

    def _broken_answer(
        self, mode: str, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, str, bytes]:
        if mode == "html":
            return 200, "text/html; charset=utf-8", PORTAL
        if mode == "garbage":
            return 200, "application/octet-stream", bytes([0xFF, 0xFE]) + os.urandom(300)
        if mode == "empty-json":
            return 200, "application/json", b"{}"
        if mode == "json500":
            return 500, "application/json", b'{"error": "upstream exploded", "code": 500}'
        if mode == "xml500":
            return (
                500,
                "application/xml",
                b"<?xml version='1.0'?><Fault><Reason>proxy backend down</Reason></Fault>",
            )
        if mode == "truncated":
            status, headers, real = self._upstream(handler, body)
            return status, headers.get("Content-Type", "application/json"), real[: len(real) // 2]
        raise ValueError(f"unknown fault mode {mode!r}")

    def _die(self, handler: BaseHTTPRequestHandler, service: str, operation: str) -> None:
        with self._lock:
            self.broken.append((service, operation, "die"))
            self._dead = True
        handler.close_connection = True
        threading.Thread(target=self._stop_listening, daemon=True).start()

    def _stop_listening(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _upstream(
        self, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        host = self.upstream.hostname or "127.0.0.1"
        conn = http.client.HTTPConnection(host, self.upstream.port, timeout=30)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() != "connection"}
            conn.request(handler.command, handler.path, body=body, headers=headers)
            answer = conn.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            conn.close()

    def _forward(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        status, headers, payload = self._upstream(handler, body)
        with self._lock:
            self.forwarded += 1
        skip = {"content-length", "transfer-encoding", "connection", "server", "date"}
        kept = {k: v for k, v in headers.items() if k.lower() not in skip}
        self._reply(handler, status, kept, payload)

    @staticmethod
    def _reply(
        handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], payload: bytes
    ) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)

    def close(self) -> None:
        self._release.set()
        if not self._dead:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["MODES", "PORTAL", "Fault", "FaultProxy"]
