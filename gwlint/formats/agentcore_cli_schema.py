"""The parts of ``agentcore.json`` the reader maps, as a JSON Schema.

The CLI validates its project file before it deploys (versions 1 and 2 share
the gateway fields read here). gwlint checks only the types of what it
translates, so a file the CLI would refuse (``targets`` as an object,
``enableSemanticSearch: "yes"``) is one located input error instead of a wrong
translation, while fields and enum values newer CLI versions add stay
accepted: unknown keys are never an error, and values the API judges
(``authorizerType``, ``exceptionLevel``…) are left to the rules.
"""

from __future__ import annotations

from typing import Any

from gwlint.documents import json_kind
from gwlint.jsonpos import join_pointer

_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
_OBJECT = {"type": "object"}

_TARGET = {
    "type": "object",
    "required": ["targetType"],
    "properties": {
        "name": _STRING,
        "targetType": _STRING,
        "endpoint": _STRING,
        "toolDefinitions": {"type": "array", "items": _OBJECT},
        "compute": _OBJECT,
        "outboundAuth": {
            "type": "object",
            "properties": {"type": _STRING, "credentialName": _STRING, "scopes": _STRINGS},
        },
        "apiGateway": _OBJECT,
        "schemaSource": {
            "type": "object",
            "properties": {
                "inline": {"type": "object", "properties": {"path": _STRING}},
                "s3": _OBJECT,
            },
        },
        "lambdaFunctionArn": {
            "type": "object",
            "properties": {"lambdaArn": _STRING, "toolSchemaFile": _STRING},
        },
        "httpRuntime": {
            "type": "object",
            "properties": {"runtime": _STRING, "runtimeEndpoint": _STRING},
        },
    },
}

_GATEWAY = {
    "type": "object",
    "required": ["name", "targets"],
    "properties": {
        "name": _STRING,
        "resourceName": _STRING,
        "description": _STRING,
        "protocolType": _STRING,
        "targets": {"type": "array", "items": _TARGET},
        "authorizerType": _STRING,
        "authorizerConfiguration": {
            "type": "object",
            "properties": {"customJwtAuthorizer": _OBJECT},
        },
        "enableSemanticSearch": {"type": "boolean"},
        "exceptionLevel": _STRING,
        "policyEngineConfiguration": {
            "type": "object",
            "properties": {"policyEngineName": _STRING, "mode": _STRING},
        },
        "executionRoleArn": _STRING,
        "tags": _OBJECT,
    },
}

_KINDS = {
    "string": "a string",
    "array": "an array",
    "object": "an object",
    "boolean": "a boolean",
    "integer": "an integer",
}

#: ``version`` is an integer in schema version 1 and the constant 2 in version 2.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": _STRING,
        "version": {"type": "integer"},
        "agentCoreGateways": {"type": "array", "items": _GATEWAY},
    },
}


def problem(data: Any) -> tuple[str, str] | None:
    """The first place ``data`` breaks :data:`SCHEMA`, as ``(pointer, message)``."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    errors = sorted(
        Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: [str(p) for p in e.path]
    )
    if not errors:
        return None
    error = errors[0]
    pointer = join_pointer("", *error.path)
    if error.validator == "type":  # never echo the value: it may be a secret
        expected = _KINDS[str(error.validator_value)]
        return pointer, f"the agentcore CLI expects {expected}, not {json_kind(error.instance)}"
    return pointer, error.message
