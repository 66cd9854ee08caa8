"""An inline tool definition or its input/output schema is malformed.

## Why
A Lambda target describes its tools inline (``toolSchema.inlinePayload``, or
the ``tools`` list of a ``{"arn", "tools"}`` Lambda config). The API requires
each tool to have a ``name``, a ``description`` and an ``inputSchema``
(``outputSchema`` is optional). Those schemas are not free JSON Schema: the
API's schema definition has exactly five members — ``type`` (required, one
of ``string``, ``number``, ``object``, ``array``, ``boolean``, ``integer``),
``properties``, ``required``, ``items`` and ``description`` — applied
recursively through ``properties`` and ``items``. boto3 and the AWS CLI
refuse any other key (``enum``, ``default``, ``format``,
``additionalProperties``…) before the request is sent. In AWS API documents
GW002 (unknown-parameter) reports those keys; this rule reports them in
``setup_gateway`` arguments, which reach the API through boto3 too.

An ``array`` schema without ``items`` and a ``required`` entry that names no
property get past the API model (it requires only ``type``; evidence that the
service rejects them is reported at best), so they are warnings: they leave
the tool's arguments undefined for the model that calls it. MCP also expects
a tool's input schema to be an ``object`` schema whose properties are the
arguments.

## Symptom
``create-gateway-target`` stops with ``Parameter validation failed: Unknown
parameter in …inputSchema.properties.x: "enum"`` or ``Missing required
parameter in …: "type"``; or the target is created but an agent calls the
tool with missing or badly typed arguments. The troubleshooting guide's own
example (``"services": {"type": "array"}``) has an array without ``items``.

## Fix
Give every tool a name, a description and an object ``inputSchema``; give
every schema a ``type``; give arrays ``items``; keep ``required`` to names
listed in ``properties``; express allowed values in ``description``:

    {
      "name": "CheckSecurityServices",
      "description": "Check AWS security services",
      "inputSchema": {
        "type": "object",
        "properties": {
          "region": {"type": "string", "description": "AWS Region, e.g. us-east-1"},
          "services": {"type": "array", "items": {"type": "string"}}
        },
        "required": ["region"]
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gwlint import apispec
from gwlint.awsformats import JSON_SCHEMA_TYPES
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import ToolDefinition
from gwlint.rule import Context, Severity, describe_value, rule

#: Members of the API's SchemaDefinition; anything else is refused by botocore.
SCHEMA_KEYS = tuple(apispec.members("SchemaDefinition"))
#: Members of the API's ToolDefinition.
TOOL_KEYS = tuple(apispec.members("ToolDefinition"))
#: Keys people write instead of ``inputSchema`` (other tool-calling formats).
INPUT_SCHEMA_ALIASES = ("parameters", "input_schema", "inputschema", "schema", "input")

TYPES = ", ".join(JSON_SCHEMA_TYPES)

FIX = (
    "Give each tool a non-empty name, a description and an inputSchema of type object; "
    "every schema needs a type (string, number, object, array, boolean, integer), arrays "
    "need items, required may list only keys of properties, and a schema may use only "
    "type, properties, required, items and description."
)


Problem = tuple[str, str, Severity | None]  # pointer, message, severity override


def sound(schema: Any, unknown_keys: bool) -> bool:
    """True exactly when :func:`schema_problems` finds nothing in ``schema``.

    Most schemas are sound; this answers for them without spelling out a
    pointer or a message per property (a large deployment's tools were a
    tenth of its run).
    """
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if not isinstance(kind, str) or kind not in JSON_SCHEMA_TYPES:
        return False
    if unknown_keys:
        for key in schema:
            if key not in SCHEMA_KEYS:
                return False
    if "description" in schema and not isinstance(schema["description"], str):
        return False
    properties = schema.get("properties")
    if "properties" in schema:
        if not isinstance(properties, dict):
            return False
        for sub in properties.values():
            if not sound(sub, unknown_keys):
                return False
    if "required" in schema:
        required = schema["required"]
        if not isinstance(required, list):
            return False
        names = properties if isinstance(properties, dict) else ()
        for item in required:
            if not isinstance(item, str) or item not in names:
                return False
    if "items" in schema:
        items = schema["items"]
        return not isinstance(items, list) and sound(items, unknown_keys)
    return kind != "array"


def schema_problems(
    schema: Any, pointer: str, path: str, *, unknown_keys: bool = True
) -> Iterator[Problem]:
    """Every way ``schema`` (found at ``pointer``, named ``path``) breaks the API's shape.

    ``unknown_keys=False`` leaves keys outside the schema definition to GW002.
    """
    if not sound(schema, unknown_keys):
        yield from _problems(schema, pointer, path, unknown_keys)


def _problems(schema: Any, pointer: str, path: str, unknown_keys: bool) -> Iterator[Problem]:
    if not isinstance(schema, dict):
        yield pointer, f"{path} is {json_kind(schema)}, not a schema object.", None
        return
    kind = schema.get("type")
    if "type" not in schema:
        yield (
            pointer,
            f"{path} has no type; the API requires one of {TYPES} on every schema.",
            None,
        )
    elif not isinstance(kind, str) or kind not in JSON_SCHEMA_TYPES:
        hint = ""
        if isinstance(kind, list):
            hint = " (a list of types is JSON Schema, not the gateway's schema definition)"
        elif kind == "null":
            hint = " (null is not supported; leave the property out of required instead)"
        yield (
            join_pointer(pointer, "type"),
            f"{path}.type is {describe_value(kind)}; the API accepts one of {TYPES}{hint}.",
            None,
        )
    properties = schema.get("properties")
    if "properties" in schema:
        if not isinstance(properties, dict):
            yield (
                join_pointer(pointer, "properties"),
                f"{path}.properties is {json_kind(properties)}, not an object mapping "
                "property names to schemas.",
                None,
            )
        else:
            for key, sub in properties.items():
                yield from _problems(
                    sub, join_pointer(pointer, "properties", key), f"{path}.properties.{key}",
                    unknown_keys,
                )  # fmt: skip
    if "required" in schema:
        yield from _required_problems(schema["required"], properties, pointer, path)
    if "items" in schema:
        items = schema["items"]
        if isinstance(items, list):
            yield (
                join_pointer(pointer, "items"),
                f"{path}.items is an array; the API takes a single schema for all items.",
                None,
            )
        else:
            yield from _problems(
                items, join_pointer(pointer, "items"), f"{path}.items", unknown_keys
            )
    elif kind == "array":
        yield (
            pointer,
            f"{path} is an array schema without items; the API model accepts it, but "
            'the caller cannot tell what the array holds (add e.g. "items": {"type": "string"}).',
            Severity.WARNING,
        )
    if "description" in schema and not isinstance(schema["description"], str):
        yield (
            join_pointer(pointer, "description"),
            f"{path}.description is {json_kind(schema['description'])}, not a string.",
            None,
        )
    for key in schema if unknown_keys else ():
        if key not in SCHEMA_KEYS:
            yield (
                join_pointer(pointer, key),
                f"{path} uses '{key}', which the gateway's schema definition does not have "
                "(only type, properties, required, items, description); boto3 and the AWS CLI "
                "refuse the request.",
                None,
            )


def _required_problems(
    required: Any, properties: Any, pointer: str, path: str
) -> Iterator[Problem]:
    base = join_pointer(pointer, "required")
    if not isinstance(required, list):
        yield (
            base,
            f"{path}.required is {json_kind(required)}, not an array of property names.",
            None,
        )
        return
    names = properties.keys() if isinstance(properties, dict) else ()
    for index, item in enumerate(required):
        if not isinstance(item, str):
            yield (
                join_pointer(base, index),
                f"{path}.required[{index}] is {json_kind(item)}, not a property name.",
                None,
            )
        elif item not in names:
            listed = ", ".join(sorted(names)) or "none"
            yield (
                join_pointer(base, index),
                f"{path}.required names '{item}', which is not in properties "
                f"(properties: {listed}); the API model accepts it, but no caller can "
                "supply that argument.",
                Severity.WARNING,
            )


def tool_problems(tool: ToolDefinition, *, unknown_keys: bool = True) -> Iterator[Problem]:
    """Every problem with one tool definition, with the pointer it sits at."""
    here = tool.origin.pointer
    raw = tool.raw
    if not isinstance(raw, dict):
        yield here, f"tool definition is {json_kind(raw)}, not an object.", None
        return
    name = tool.name
    if not tool.has("name"):
        yield here, "tool definition has no name.", None
    elif not isinstance(name, str) or not name.strip():
        yield (
            tool.origin.pointer_for("name"),
            f"tool name is {describe_value(name)}; it must be a non-empty string.",
            None,
        )
    label = f"tool '{name}'" if isinstance(name, str) and name.strip() else "tool"
    if not tool.has("description"):
        yield here, f"{label} has no description; the API requires one.", None
    elif not isinstance(tool.description, str):
        yield (
            tool.origin.pointer_for("description"),
            f"{label} description is {json_kind(tool.description)}, not a string.",
            None,
        )
    elif not tool.description.strip():
        yield (
            tool.origin.pointer_for("description"),
            f"{label} description is empty; models pick tools by their description.",
            Severity.WARNING,
        )
    if not tool.has("input_schema"):
        alias = next((k for k in raw if k.lower() in INPUT_SCHEMA_ALIASES), None)
        hint = f" ('{alias}' is not read: rename it to inputSchema)" if alias else ""
        yield here, f"{label} has no inputSchema; the API requires one{hint}.", None
    else:
        yield from _top_schema(tool, "input_schema", "inputSchema", label, unknown_keys)
    if tool.has("output_schema"):
        yield from _top_schema(tool, "output_schema", "outputSchema", label, unknown_keys)
    for key in raw if unknown_keys else ():
        if key not in TOOL_KEYS:
            yield (
                join_pointer(here, key),
                f"{label} has '{key}', which a tool definition does not have (only name, "
                "description, inputSchema, outputSchema); boto3 and the AWS CLI refuse it.",
                None,
            )


def _top_schema(
    tool: ToolDefinition, field: str, key: str, label: str, unknown_keys: bool
) -> Iterator[Problem]:
    schema = getattr(tool, field)
    pointer = tool.origin.pointer_for(field)
    path = f"{label} {key}"
    if not isinstance(schema, dict):
        yield pointer, f"{path} is {json_kind(schema)}, not a schema object.", None
        return
    yield from schema_problems(schema, pointer, path, unknown_keys=unknown_keys)
    kind = schema.get("type")
    if field == "input_schema" and kind in JSON_SCHEMA_TYPES and kind != "object":
        yield (
            join_pointer(pointer, "type"),
            f"{path}.type is '{kind}'; MCP expects a tool's input schema to be an object "
            "schema whose properties are the arguments.",
            Severity.WARNING,
        )


@rule(
    id="GW208",
    name="tool-schema-valid",
    severity=Severity.ERROR,
    summary="Inline tool definitions have a name, a description and well-formed schemas",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    # GW002 already reports unknown keys in AWS API documents; check them here only
    # for the other inputs (setup_gateway arguments).
    unknown_keys = not ctx.deployment.is_api_document
    for target in ctx.deployment.targets:
        if target.tools is None:
            schema = target.tool_schema
            if schema is not None and schema.has("inline"):
                yield ctx.skip(
                    f"not checked: the inline tool schema is {json_kind(schema.inline)}, not a "
                    "list of tool definitions (GW205 reports it)",
                    schema,
                    resource=target.label,
                )
            continue
        for tool in target.tools:
            found = False
            for pointer, message, severity in tool_problems(tool, unknown_keys=unknown_keys):
                found = True
                yield ctx.fail(
                    tool, None, message, severity=severity, pointer=pointer, resource=target.label
                )
            if not found:
                yield ctx.passed(
                    tool,
                    None,
                    f"tool '{tool.name}' has a name, a description and valid schemas",
                    resource=target.label,
                )


# Error texts this rule's failures produce, for `gwlint why` (see gwlint/symptoms.py).
SYMPTOMS = [
    {
        "error": "tool-name-length",
        "cause": "An inline tool definition has an empty or missing name.",
        "likelihood": "low",
    },
]
