"""What the user asked the probe to do, parsed and checked before anything is sent."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

#: One deadline for every request of a probe run, in seconds.
DEFAULT_TIMEOUT = 30.0


class ProbeUsageError(ValueError):
    """A probe option is unusable; the CLI prints it and exits 2."""


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float = DEFAULT_TIMEOUT
    #: The secret from ``--client-secret-env NAME`` (never printed), and NAME.
    client_secret: str | None = None
    client_secret_env: str | None = None
    #: ``--probe-env``: resolve ``${NAME}`` references in the config from the environment.
    resolve_env: bool = False
    #: ``--probe-call NAME`` / ``--probe-args JSON``: the one tool the user allows calling.
    call: str | None = None
    call_args: dict[str, Any] = field(default_factory=dict)
    #: ``--probe-via HOST=http://127.0.0.1:PORT``: send HOST's requests to a loopback stand-in.
    via: dict[str, str] = field(default_factory=dict)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_via(values: list[str]) -> dict[str, str]:
    """``HOST=http://127.0.0.1:PORT`` pairs; only loopback stand-ins are accepted.

    Plain HTTP is allowed here and nowhere else: the configuration keeps its
    https:// URLs (and the offline rules keep checking them), while requests
    for HOST go to a local test server.
    """
    via: dict[str, str] = {}
    for value in values:
        host, sep, base = value.partition("=")
        parts = urlsplit(base.strip())
        if not sep or not host.strip() or parts.scheme not in ("http", "https"):
            raise ProbeUsageError(f"--probe-via {value!r}: expected HOST=http://127.0.0.1:PORT")
        if not _is_loopback(parts.hostname or ""):
            raise ProbeUsageError(
                f"--probe-via {value!r}: only a loopback address (127.0.0.1, ::1, localhost) "
                "may stand in for a configured host"
            )
        if parts.path not in ("", "/") or parts.query:
            raise ProbeUsageError(f"--probe-via {value!r}: give scheme, host and port only")
        via[host.strip().lower()] = f"{parts.scheme}://{parts.netloc}"
    return via


def build_options(
    *,
    timeout: float,
    client_secret_env: str | None,
    resolve_env: bool,
    call: str | None,
    call_args: str | None,
    via: list[str],
) -> ProbeOptions:
    """Check the probe options together; raises :class:`ProbeUsageError`."""
    if not timeout > 0:
        raise ProbeUsageError("--probe-timeout must be a positive number of seconds")
    secret = None
    if client_secret_env is not None:
        secret = os.environ.get(client_secret_env)
        if not secret:
            raise ProbeUsageError(
                f"--client-secret-env {client_secret_env}: that environment variable is not set"
            )
    args: dict[str, Any] = {}
    if call_args is not None:
        if call is None:
            raise ProbeUsageError("--probe-args needs --probe-call NAME")
        try:
            parsed = json.loads(call_args)
        except json.JSONDecodeError as exc:
            raise ProbeUsageError(
                f"--probe-args: invalid JSON at column {exc.colno}: {exc.msg}"
            ) from None
        if not isinstance(parsed, dict):
            raise ProbeUsageError("--probe-args must be a JSON object of the tool's arguments")
        args = parsed
    return ProbeOptions(
        timeout=timeout,
        client_secret=secret,
        client_secret_env=client_secret_env,
        resolve_env=resolve_env,
        call=call,
        call_args=args,
        via=parse_via(via),
    )
