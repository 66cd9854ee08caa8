"""Refuse AWS answers that are not the API's, before botocore parses them.

A captive portal's HTML page, a proxy's garbage or a truncated body can come
back with status 200. botocore parses a JSON service's non-JSON body into an
empty result (every field missing, so a rule would see "nothing wrong"), and
fails on a query service's with ``ResponseParserError``,
``UnicodeDecodeError`` or ``KeyError``. :func:`install` registers a
``before-parse`` hook that checks the raw body against the service's protocol
and raises :class:`UnreadableAnswer` naming the call and what came back
(status, content type, first bytes); :func:`require_fields` refuses a parsed
answer that holds none of the operation's fields. The first bytes of an answer
that can carry secrets (an app client, a function's environment) are never
shown.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from gwlint.aws.policy import action_for
from gwlint.facts import Unavailable

#: API operations whose answers can hold secret values: their bodies are never quoted.
SECRET_BEARING = frozenset(
    {"DescribeUserPoolClient", "GetFunctionConfiguration", "GetFunction", "GetSecretValue"}
)
#: How much of an unreadable body a message quotes.
PREVIEW_BYTES = 40


class UnreadableAnswer(Unavailable):
    """The service (or something in between) answered with what is not the API's answer."""


def preview(body: bytes, operation: str) -> str:
    """The first bytes of ``body`` as printable text, or why they are not shown."""
    if operation in SECRET_BEARING:
        return "body not shown: this call's answer can hold secrets"
    if not body:
        return "empty body"
    head = body[:PREVIEW_BYTES].decode("ascii", errors="replace")
    # quotes and backslashes become '.' too, so the quoting never changes with the bytes
    text = "".join(c if c.isprintable() and c not in "\ufffd'\\" else "." for c in head)
    more = "…" if len(body) > PREVIEW_BYTES else ""
    return f"starts '{text}'{more}"


def _problem(protocol: str, status: int, body: bytes, operation: str) -> str | None:
    """Why ``body`` is not an answer in ``protocol``, or None when it is one."""
    if not body.strip():
        return None  # an empty answer: require_fields judges it after parsing
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    if protocol in ("json", "rest-json"):
        try:
            value = json.loads(text)
        except ValueError:
            return "not JSON"
        return None if isinstance(value, dict) else "JSON, but not an object"
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "not XML"
    tag = root.tag.rsplit("}", 1)[-1]
    expected = {f"{operation}Response"} if 200 <= status < 300 else {"ErrorResponse", "Error"}
    if protocol == "rest-xml" or tag in expected or (status >= 300 and tag == "Response"):
        return None
    return f"XML <{tag}>, not <{sorted(expected)[0]}>"


def describe(
    service: str, operation: str, status: int, headers: Mapping[str, Any], body: bytes, why: str
) -> str:
    """One sentence: the call, what came back, the first bytes (unless secret-bearing)."""
    content_type = str(headers.get("content-type") or headers.get("Content-Type") or "no type")
    return (
        f"{action_for(service, operation)} got an answer that is not the API's ({why}): "
        f"HTTP {status}, {content_type}, {len(body)} bytes, {preview(body, operation)}"
    )


def _check(operation_model: Any = None, response_dict: Any = None, **_: Any) -> None:
    if operation_model is None or not isinstance(response_dict, Mapping):
        return
    body = response_dict.get("body")
    if not isinstance(body, bytes | bytearray):
        return  # a streamed body: gwlint reads none
    service_model = operation_model.service_model
    status = int(response_dict.get("status_code") or 0)
    why = _problem(service_model.protocol, status, bytes(body), operation_model.name)
    if why is not None:
        service = service_model.service_name
        headers = response_dict.get("headers") or {}
        raise UnreadableAnswer(
            describe(service, operation_model.name, status, headers, bytes(body), why),
            action=action_for(service, operation_model.name),
        )


def install(client: Any) -> Any:
    """Make ``client`` raise :class:`UnreadableAnswer` for a body its protocol cannot hold."""
    client.meta.events.register("before-parse", _check, unique_id="gwlint-answers")
    return client


def require_fields(client: Any, service: str, operation: str, answer: Mapping[str, Any]) -> None:
    """Refuse a successful answer carrying none of the fields ``operation`` returns.

    An answer with a required field, or (for a Get/Describe of one resource)
    with any field, is the API's; a list call may leave out an empty list.
    """
    shape = client.meta.service_model.operation_model(operation).output_shape
    if shape is None or not shape.members:
        return
    if not shape.required_members and not operation.startswith(("Get", "Describe")):
        return
    if not set(shape.members).intersection(k for k in answer if k != "ResponseMetadata"):
        status = (answer.get("ResponseMetadata") or {}).get("HTTPStatusCode", "?")
        raise UnreadableAnswer(
            f"{action_for(service, operation)} got an answer that is not the API's: HTTP "
            f"{status} with none of the fields {operation} returns "
            f"({', '.join((shape.required_members or list(shape.members))[:3])}…)",
            action=action_for(service, operation),
        )


__all__ = ["SECRET_BEARING", "UnreadableAnswer", "describe", "install", "preview", "require_fields"]
