"""Sections of gwlint's own input formats that hold the wrong JSON type.

A deployment file's ``gateway`` must be an object, ``targets`` an array of
objects, ``region`` a string…; a client config's ``client_info`` an object.
A wrongly typed section is an input error located at its key and naming the
type found, while the rest of the file is still read and checked. (The API's
own members are judged by the rules, which know each operation's shapes.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint.documents import json_kind
from gwlint.jsonpos import join_pointer

#: section -> (Python type, what the section must be).
_DEPLOYMENT: dict[str, tuple[type, str]] = {
    "gateway": (dict, "an object of CreateGateway / GetGateway fields"),
    "targets": (list, "an array of CreateGatewayTarget / GetGatewayTarget objects"),
    "client": (dict, "an object of client-config fields"),
    "region": (str, "a string such as us-east-1"),
    "proxy_lambda": (str, "a string naming the proxy Lambda function"),
}
_CLIENT: dict[str, tuple[type, str]] = {
    "client_info": (dict, "an object (client_id, client_secret, token_endpoint…)"),
    "region": (str, "a string such as us-east-1"),
}


def well_typed(value: Any, kind: type) -> bool:
    return isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))


def _check(
    data: dict[str, Any], table: dict[str, tuple[type, str]], base: str
) -> Iterator[tuple[str, str]]:
    for key, (kind, expected) in table.items():
        if key in data and not well_typed(data[key], kind):
            yield join_pointer(base, key), f"{key} is {json_kind(data[key])}; expected {expected}"


def problems(shape: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """``(pointer, message)`` for each wrongly typed section of a ``shape`` input."""
    found: list[tuple[str, str]] = []
    if shape == "deployment":
        found.extend(_check(data, _DEPLOYMENT, ""))
        targets = data.get("targets")
        if isinstance(targets, list):
            for i, item in enumerate(targets):
                if not isinstance(item, dict):
                    found.append(
                        (
                            f"/targets/{i}",
                            f"targets[{i}] is {json_kind(item)}; expected an object of "
                            "CreateGatewayTarget / GetGatewayTarget fields",
                        )
                    )
        client = data.get("client")
        if isinstance(client, dict):
            found.extend(_check(client, _CLIENT, "/client"))
    elif shape == "client-config":
        found.extend(_check(data, _CLIENT, ""))
    return found
