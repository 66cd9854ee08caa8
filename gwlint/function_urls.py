"""Lambda function URLs behind ``mcpServer`` targets: which function a URL belongs to.

A function URL (``https://{url-id}.lambda-url.{region}.on.aws/``) does not name
its function, and Lambda has no lookup by URL: gwlint lists the region's
functions (ListFunctions) and reads each one's URL configuration
(GetFunctionUrlConfig, concurrently) until one has that URL. Only unqualified
URL configurations of the credentials' own account are searched.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from gwlint.facts import Facts, LiveError, NotFound, prefetch
from gwlint.livecheck import Read, ask

_URL = re.compile(
    r"^https://(?P<host>[a-z0-9]+\.lambda-url\.(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)\.on\.aws)"
    r"(?::443)?(?:/.*)?$"
)


class FunctionUrl(NamedTuple):
    host: str
    region: str


def parse_function_url(value: object) -> FunctionUrl | None:
    """The host and region of a Lambda function URL, or None for any other value."""
    if not isinstance(value, str):
        return None
    match = _URL.match(value.strip())
    return FunctionUrl(match["host"], match["region"]) if match else None


def _host(url: object) -> str | None:
    parsed = parse_function_url(url)
    return parsed.host if parsed is not None else None


def find_function_url(facts: Facts, url: FunctionUrl) -> dict[str, Any] | None:
    """The GetFunctionUrlConfig answer whose FunctionUrl is ``url`` (None: no such function).

    Raises LiveError when the functions cannot be listed; a function whose URL
    configuration cannot be read is passed over unless none matches, then its
    error is raised (the answer might have been there).
    """
    functions = ask(facts, Read.functions(url.region))
    names = [
        str(f["FunctionName"]) for f in functions if isinstance(f, dict) and f.get("FunctionName")
    ]
    reads = [Read.function_url(name, url.region) for name in names]
    prefetch(facts, list(reads))
    unreadable: LiveError | None = None
    for read in reads:
        try:
            config: dict[str, Any] = ask(facts, read)
        except NotFound:
            continue
        except LiveError as exc:
            unreadable = unreadable or exc
            continue
        if _host(config.get("FunctionUrl")) == url.host:
            return config
    if unreadable is not None:
        raise unreadable
    return None


__all__ = ["FunctionUrl", "find_function_url", "parse_function_url"]
