"""The probe's HTTP client: one deadline, bounded retries, only configured hosts.

- **One deadline** for the whole probe: every request's timeout is what is
  left of it, so ``--probe-timeout`` bounds the run however many requests it
  makes.
- **Bounded retries**: connection failures (nothing was sent) and 429/502/
  503/504 answers are retried at most twice with a short back-off; the token
  request is never retried after the IdP answered (Cognito bills each one).
- **Only hosts the configuration names**: a request to any other host is
  refused before it is sent, and redirects are not followed (a redirect is
  reported as the answer).
- **Proxies** come from the environment (``HTTPS_PROXY``, ``NO_PROXY``), as
  for every other requests-based tool.
- ``--probe-via`` sends a configured host's requests to a loopback stand-in.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from gwlint import __version__

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRIES = 2
MAX_BODY = 2 * 1024 * 1024  # a discovery document, JWKS or tool list is far smaller
USER_AGENT = f"gwlint/{__version__} (probe)"


class HttpFailure(Exception):
    """No HTTP answer: ``kind`` is dns, tls, timeout, refused, connect, proxy,
    deadline, host or body."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        #: Whether any configured host had answered before: if none had, a DNS failure or
        #: timeout may be this machine's network rather than the configuration.
        self.reached = False


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str
    lines: list[str] = field(default_factory=list)  # SSE lines, for event-stream answers

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        import json

        return json.loads(self.body.decode("utf-8"))

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kinds):
            return True
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException) and _caused_by(arg, kinds):
                return True
        current = current.__cause__ or current.__context__
    return False


def classify(exc: requests.RequestException, host: str) -> HttpFailure:
    """Name why no answer came: DNS, TLS, timeout, refused connection, proxy."""
    if isinstance(exc, requests.exceptions.SSLError):
        return HttpFailure("tls", f"TLS handshake with {host} failed: {exc}")
    if isinstance(exc, requests.exceptions.ProxyError):
        return HttpFailure("proxy", f"the proxy from the environment refused {host}: {exc}")
    if isinstance(exc, requests.exceptions.Timeout):
        return HttpFailure("timeout", f"{host} did not answer in time")
    if _caused_by(exc, (socket.gaierror,)) or "NameResolution" in repr(exc):
        return HttpFailure("dns", f"the host name {host} does not resolve")
    if _caused_by(exc, (ConnectionRefusedError,)):
        return HttpFailure("refused", f"{host} refused the connection")
    return HttpFailure("connect", f"could not connect to {host}: {type(exc).__name__}")


class Transport:
    """Sends the probe's requests under one deadline to the allowed hosts only."""

    def __init__(
        self, *, timeout: float, allowed_hosts: set[str], via: dict[str, str] | None = None
    ) -> None:
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.allowed = {h.lower() for h in allowed_hosts}
        self.via = via or {}
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.sent: list[tuple[str, str]] = []  # (method, url as configured), for tests
        self.answered = False  # some configured host has answered this run

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _target(self, url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.allowed:
            raise HttpFailure(
                "host",
                f"{host or url} is not a host the configuration names; gwlint sends requests "
                "only to the discovery URL, token endpoint and gateway URL hosts",
            )
        base = self.via.get(host)
        if base is None:
            return url, host
        local = urlsplit(base)
        return urlunsplit((local.scheme, local.netloc, parts.path, parts.query, "")), host

    def _proxies(self, url: str) -> Any:  # requests reads None as "no proxy"
        """A loopback stand-in is reached directly, never through the environment's proxy."""
        if (urlsplit(url).hostname or "").lower() in self.via:
            return {"http": None, "https": None}
        return None

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        data: bytes | str | dict[str, str] | None = None,
        retry_answers: bool = True,
        until: Any = None,
    ) -> Answer:
        """One request; ``until(line)`` stops reading an event stream once it is true.

        Raises :class:`HttpFailure` (with ``reached`` set) when no answer came.

        ``retry_answers=False`` (the token request) retries only a refused
        connection, which certainly sent nothing.
        """
        try:
            answer = self._request(method, url, headers, data, retry_answers, until)
        except HttpFailure as failure:
            failure.reached = self.answered
            raise
        self.answered = True
        return answer

    def _request(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        data: bytes | str | dict[str, str] | None,
        retry_answers: bool,
        until: Any,
    ) -> Answer:
        real_url, host = self._target(url)
        attempt = 0
        while True:
            left = self.remaining()
            if left <= 0:
                raise HttpFailure("deadline", f"the probe's {self.timeout:g} s deadline ran out")
            try:
                self.sent.append((method, url))
                response = self.session.request(
                    method,
                    real_url,
                    headers=headers,
                    data=data,
                    timeout=(min(left, 10.0), left),
                    allow_redirects=False,
                    stream=True,
                    proxies=self._proxies(url),
                )
            except requests.exceptions.ConnectionError as exc:
                failure = classify(exc, host)
                # "refused": nothing was sent; other connection failures may have sent it.
                again = failure.kind == "refused" or (failure.kind == "connect" and retry_answers)
                if again and attempt < MAX_RETRIES:
                    attempt += 1
                    self._pause(attempt)
                    continue
                raise failure from None
            except requests.RequestException as exc:
                raise classify(exc, host) from None
            if retry_answers and response.status_code in RETRY_STATUSES and attempt < MAX_RETRIES:
                response.close()
                attempt += 1
                self._pause(attempt)
                continue
            return self._read(response, url, host, until)

    def _pause(self, attempt: int) -> None:
        time.sleep(max(0.0, min(0.25 * 2**attempt, self.remaining() / 4)))

    def _chunks(self, response: requests.Response) -> Iterator[bytes]:
        """The body as it arrives: each read returns what is there (``read1``), so a
        server dripping bytes cannot hold a read past the deadline."""
        read1 = getattr(response.raw, "read1", None)
        if read1 is None:  # urllib3 1.x
            yield from response.iter_content(8192)
            return
        while chunk := read1(65536, decode_content=True):
            yield chunk

    def _read(self, response: requests.Response, url: str, host: str, until: Any) -> Answer:
        headers = {k.lower(): v for k, v in response.headers.items()}
        answer = Answer(response.status_code, headers, b"", url)
        stream = answer.content_type == "text/event-stream"
        received = bytearray()
        total = 0
        try:
            for chunk in self._chunks(response):
                received += chunk
                total += len(chunk)
                if total > MAX_BODY:
                    raise HttpFailure("body", f"{host} sent more than {MAX_BODY} bytes")
                if stream and self._lines(answer, received, until):
                    break
                if self.remaining() <= 0:
                    raise HttpFailure("deadline", "the probe's deadline ran out mid-answer")
            else:
                if stream and received:
                    self._lines(answer, received + b"\n", until)
        except requests.RequestException as exc:
            raise classify(exc, host) from None
        except Exception as exc:  # urllib3 errors below requests' own
            if isinstance(exc, HttpFailure):
                raise
            raise HttpFailure(
                "connect", f"{host} broke off its answer: {type(exc).__name__}"
            ) from None
        finally:
            response.close()
        if not stream:
            answer.body = bytes(received)
        return answer

    @staticmethod
    def _lines(answer: Answer, received: bytearray, until: Any) -> bool:
        """Move complete event-stream lines from ``received`` to ``answer``; True once ``until``."""
        while (end := received.find(b"\n")) >= 0:
            line = bytes(received[:end]).rstrip(b"\r").decode("utf-8", errors="replace")
            del received[: end + 1]
            answer.lines.append(line)
            if until is not None and until(line):
                return True
        return False
