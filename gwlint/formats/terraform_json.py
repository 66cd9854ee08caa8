"""Terraform's JSON syntax (``.tf.json``) decoded into located Terraform blocks.

In JSON syntax a key is a block or an argument by the resource's schema, not
by how it is written: the block types of the two AgentCore resources are
listed here; a block is one object or an array of objects. Strings are
templates: one holding ``${…}`` or ``%{…}`` is set at deploy time unless it
is ``${var.x}`` with a literal default, like in HCL.
"""

from __future__ import annotations

import re
from typing import Any

from gwlint.formats.terraform_config import Block, Body
from gwlint.jsonpos import LocatedDocument, join_pointer
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
_TEMPLATE = re.compile(r"(?<!\$)\$\{|(?<!%)%\{")
_VARIABLE = re.compile(r"(?<!\$)\$\{\s*var\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}")


def literal_defaults(data: Any) -> dict[str, Any]:
    """``{"variable": {"x": {"default": <literal>}}}`` → name → value."""
    found: dict[str, Any] = {}
    variables = data.get("variable") if isinstance(data, dict) else None
    if isinstance(variables, dict):
        for name, spec in variables.items():
            if isinstance(spec, dict) and "default" in spec:
                value = _value(spec["default"], {})
                if not _unresolved(value):
                    found[name] = value
    return found


def decode(
    document: LocatedDocument, file: str, positions: LocatedDocument, defaults: dict[str, Any]
) -> list[Block]:
    """The top-level blocks of one ``.tf.json`` file, its positions copied into ``positions``."""
    positions.values.update(document.values)
    positions.keys.update(document.keys)
    data = document.data
    blocks: list[Block] = []
    if not isinstance(data, dict):
        return blocks
    for kind in ("resource", "provider"):
        section = data.get(kind)
        if not isinstance(section, dict):
            continue
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
        found = defaults.get(match.group(1))
        if isinstance(found, bool) or not isinstance(found, (str, int, float)):
            return match.group(0)
        return str(found)

    resolved = _VARIABLE.sub(substitute, text)
    if _TEMPLATE.search(resolved):
        kind = "reference" if text.startswith("${") and text.endswith("}") else "interpolation"
        return Unresolved(str(mask_text(text)), kind)  # skip messages print it
    return resolved.replace("$${", "${").replace("%%{", "%{")


def _unresolved(value: Any) -> bool:
    from gwlint.unresolved import contains_unresolved

    return contains_unresolved(value)


__all__ = ["BLOCKS", "decode", "literal_defaults"]
