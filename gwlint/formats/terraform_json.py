"""Terraform's JSON syntax (``.tf.json``) decoded into located Terraform blocks.

In JSON syntax a key is a block or an argument by the resource's schema, not
by how it is written: the block types of the two AgentCore resources are
listed here; a block is one object or an array of objects. Strings are
templates: one holding ``${…}`` or ``%{…}`` is set at deploy time unless it
is ``${var.x}`` with a literal default, like in HCL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gwlint.formats.terraform_config import Block, Body
from gwlint.formats.terraform_template import VARIABLE, interpolated, literal
from gwlint.jsonfast import LazyDocument
from gwlint.jsonpos import LocatedDocument, Position, join_pointer
from gwlint.masking import mask_text
from gwlint.unresolved import Unresolved

#: Block types of aws_bedrockagentcore_gateway and aws_bedrockagentcore_gateway_target.
BLOCKS = frozenset(
    {
        "authorizer_configuration", "custom_jwt_authorizer", "custom_claim",
        "authorizing_claim_match_value", "claim_match_value", "interceptor_configuration",
        "interceptor", "lambda", "input_configuration", "protocol_configuration", "mcp",
        "credential_provider_configuration", "gateway_iam_role", "api_key", "oauth",
        "caller_iam_credentials", "jwt_passthrough", "metadata_configuration",
        "target_configuration", "tool_schema", "inline_payload", "input_schema",
        "output_schema", "items", "property", "s3", "mcp_server", "mcp_tool_schema",
        "open_api_schema", "smithy_model", "api_gateway", "api_gateway_tool_configuration",
        "tool_filter", "tool_override", "connector", "source", "configuration",
        "parameter_override", "http", "agentcore_runtime", "schema", "passthrough",
        "stickiness_configuration", "timeouts", "lifecycle",
    }
)  # fmt: skip
#: ``${var.x}`` (not the escaped ``$${var.x}``), the one interpolation gwlint evaluates.
_VARIABLE = re.compile(rf"(?<!\$)\$\{{\s*{VARIABLE.pattern}\s*\}}")


def literal_defaults(data: Any) -> dict[str, Any]:
    """``{"variable": {"x": {"default": <literal>}}}`` → name → value.

    ``"default": null`` is left out, as in HCL: the value is supplied at deploy time.
    """
    found: dict[str, Any] = {}
    variables = data.get("variable") if isinstance(data, dict) else None
    if isinstance(variables, dict):
        for name, spec in variables.items():
            if isinstance(spec, dict) and spec.get("default") is not None:
                value = _value(spec["default"], {})
                if not _unresolved(value):
                    found[name] = value
    return found


def decode(
    document: LocatedDocument, file: str, positions: LocatedDocument, defaults: dict[str, Any]
) -> list[Block]:
    """The top-level blocks of one ``.tf.json`` file, their positions copied into ``positions``.

    Only the ``resource`` and ``provider`` sections become blocks, so only their
    nodes are located: a document the C parser decoded (:mod:`gwlint.jsonfast`)
    is located node by node, never parsed a second time.
    """
    data = document.data
    blocks: list[Block] = []
    if not isinstance(data, dict):
        return blocks
    for kind in ("resource", "provider"):
        section = data.get(kind)
        if not isinstance(section, dict):
            continue
        _locate(document, section, join_pointer("", kind), positions)
        for first, content in section.items():
            base = join_pointer("", kind, first)
            if kind == "provider":
                for pointer, item in _instances(content, base):
                    blocks.append(Block(kind, [first], _body(item, pointer, file, defaults)))
                continue
            if isinstance(content, dict):
                for name, item in content.items():
                    for pointer, body in _instances(item, join_pointer(base, name)):
                        blocks.append(
                            Block(kind, [first, name], _body(body, pointer, file, defaults))
                        )
    return blocks


def _locate(document: LocatedDocument, value: Any, pointer: str, into: LocatedDocument) -> None:
    """Copy the key and value positions of ``pointer`` and every node under it."""
    node = document.node if isinstance(document, LazyDocument) else _node(document)
    stack = [(pointer, value)]
    while stack:
        at, item = stack.pop()
        key, where = node(at)
        if where is not None:
            into.values[at] = where
        if key is not None:
            into.keys[at] = key
        if isinstance(item, dict):
            stack.extend((join_pointer(at, name), child) for name, child in item.items())
        elif isinstance(item, list):
            stack.extend((join_pointer(at, i), child) for i, child in enumerate(item))


def _node(document: LocatedDocument) -> Callable[[str], tuple[Position | None, Position | None]]:
    keys, values = document.keys, document.values
    return lambda pointer: (keys.get(pointer), values.get(pointer))


def _instances(value: Any, pointer: str) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        return [(pointer, value)]
    if isinstance(value, list):
        return [(join_pointer(pointer, i), v) for i, v in enumerate(value) if isinstance(v, dict)]
    return []


def _body(data: dict[str, Any], pointer: str, file: str, defaults: dict[str, Any]) -> Body:
    body = Body(pointer, file)
    for key, value in data.items():
        child = join_pointer(pointer, key)
        if key == "dynamic" and isinstance(value, dict):
            for label, content in value.items():
                for at, item in _instances(content, join_pointer(child, label)):
                    body.blocks.append(Block("dynamic", [label], _body(item, at, file, defaults)))
        elif key in BLOCKS and isinstance(value, (dict, list)):
            for at, item in _instances(value, child):
                body.blocks.append(Block(key, [], _body(item, at, file, defaults)))
        else:
            body.attributes[key] = _value(value, defaults)
    return body


def _value(value: Any, defaults: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return _string(value, defaults)
    if isinstance(value, list):
        return [_value(item, defaults) for item in value]
    if isinstance(value, dict):
        return {key: _value(item, defaults) for key, item in value.items()}
    return value


def _string(text: str, defaults: dict[str, Any]) -> Any:
    def substitute(match: re.Match[str]) -> str:
        found = interpolated(defaults.get(match.group(1)))
        return match.group(0) if found is None else found

    resolved = literal(_VARIABLE.sub(substitute, text))
    if resolved is None:
        kind = "reference" if text.startswith("${") and text.endswith("}") else "interpolation"
        return Unresolved(mask_text(text), kind)  # skip messages print it
    return resolved


def _unresolved(value: Any) -> bool:
    from gwlint.unresolved import contains_unresolved

    return contains_unresolved(value)


__all__ = ["BLOCKS", "decode", "literal_defaults"]
