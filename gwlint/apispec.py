"""The AWS API spec (generated from botocore by ``python -m gwlint.specgen``).

Rules ask it which members an operation takes, which are required, and which
enums, ranges, sizes and patterns a value must satisfy, so the model is
written down once, by a generator, instead of copied into each rule. The JSON
file is read on first use and cached; botocore is never imported at run time.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SpecShape = dict[str, Any]
#: Installed as package data next to this module (a plain file read: cheap at start-up).
SPEC_FILE = Path(__file__).parent / "spec" / "agentcore_api.json"

#: The target families under ``targetConfiguration`` and their members, in the API's words.
TARGET_CONFIGURATION = "TargetConfiguration"


@cache
def spec() -> dict[str, Any]:
    """The whole spec document."""
    text = SPEC_FILE.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def shape(name: str) -> SpecShape:
    """One shape of the ``bedrock-agentcore-control`` model."""
    found: SpecShape = spec()["shapes"][name]
    return found


def cognito_shape(name: str) -> SpecShape:
    """One of the Cognito ID shapes (``UserPoolIdType``, ``ClientIdType``…)."""
    found: SpecShape = spec()["cognito"][name]
    return found


@cache
def pattern(name: str, *, cognito: bool = False) -> re.Pattern[str]:
    """The anchored pattern of a string shape, compiled."""
    text = (cognito_shape(name) if cognito else shape(name))["pattern"]
    return re.compile(text, re.DOTALL)


def enum(name: str) -> tuple[str, ...]:
    """The values of an enum shape."""
    return tuple(shape(name)["enum"])


def input_shape(operation: str) -> str:
    name: str = spec()["operations"][operation]["input"]
    return name


def output_shape(operation: str) -> str:
    name: str = spec()["operations"][operation]["output"]
    return name


def members(name: str) -> dict[str, str]:
    """Member name -> shape name of a structure shape."""
    found: dict[str, str] = shape(name).get("members", {})
    return found


def member_shape(structure: str, *path: str) -> str:
    """The shape name at ``path`` inside ``structure`` (lists descend into their items)."""
    current = structure
    for key in path:
        current = members(current)[key]
        while shape(current)["type"] == "list":
            current = shape(current)["member"]
    return current


@cache
def target_kinds() -> tuple[tuple[str, str], ...]:
    """Every ``(family, member)`` union member under ``targetConfiguration``."""
    kinds: list[tuple[str, str]] = []
    for family, family_shape in members(TARGET_CONFIGURATION).items():
        kinds.extend((family, member) for member in members(family_shape))
    return tuple(kinds)


def kind_name(family: str, member: str) -> str:
    """How gwlint names a target kind: the member, qualified when several families share it."""
    shared = sum(1 for _, m in target_kinds() if m == member) > 1
    return f"{family}.{member}" if shared else member


@cache
def kind_names() -> tuple[str, ...]:
    """Every target kind's gwlint name (``mcpServer``, ``mcp.connector``, ``passthrough``…)."""
    return tuple(kind_name(family, member) for family, member in target_kinds())


@cache
def request_members(operations: tuple[str, ...]) -> frozenset[str]:
    """Top-level members any of ``operations`` takes as input."""
    found: set[str] = set()
    for op in operations:
        found.update(members(input_shape(op)))
    return frozenset(found)


@cache
def response_only_members(get_operation: str, requests: tuple[str, ...]) -> frozenset[str]:
    """Members a Get response has that no request of ``requests`` takes."""
    return frozenset(members(output_shape(get_operation))) - request_members(requests)
