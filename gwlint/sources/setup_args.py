"""Setup-arguments file: the guide's ``setup_gateway(...)`` keyword arguments as JSON.

``target_source`` is overloaded: an endpoint URL (runtime / mcpServer), a
Lambda ARN or the guide's ``{"arn", "tools"}`` Lambda config (as an object or a
JSON string), or an OpenAPI/Smithy spec (inline or ``s3://``). This module maps
each reading onto the same Target model the API shapes produce.
"""

from __future__ import annotations

import json
from typing import Any

from gwlint.model import Deployment, Gateway, JwtAuthorizer, Origin, SchemaPayload, Target
from gwlint.sources.aws_api import JWT_FIELDS, tools_from_list
from gwlint.sources.base import build, paths

SIGNATURE = frozenset({"gateway_name", "target_source", "target_type"})

GATEWAY_FIELDS = {
    "name": paths("gateway_name"),
    "description": paths("description"),
    "role_arn": paths("execution_role_arn"),
    "authorizer_configuration": paths("authorizer_config"),
    "search_type": paths("enable_semantic_search"),
}

#: setup_gateway target_type -> the API's union member.
TARGET_TYPES = {
    "runtime": "mcpServer",
    "mcpServer": "mcpServer",
    "mcp_server": "mcpServer",
    "lambda": "lambda",
    "openapi": "openApiSchema",
    "openApiSchema": "openApiSchema",
    "smithy": "smithyModel",
    "smithyModel": "smithyModel",
}


def matches(data: dict[str, Any]) -> bool:
    return bool(SIGNATURE & data.keys())


def _gateway(data: dict[str, Any], file: str) -> Gateway:
    gateway = build(Gateway, data, "", GATEWAY_FIELDS, file=file)
    # setup_gateway always creates a CUSTOM_JWT gateway (the toolkit sends it).
    gateway.authorizer_type = "CUSTOM_JWT"
    semantic = data.get("enable_semantic_search")
    gateway.search_type = "SEMANTIC" if semantic is True else None
    auth = data.get("authorizer_config")
    if isinstance(auth, dict):
        jwt = auth.get("customJWTAuthorizer")
        if isinstance(jwt, dict):
            gateway.jwt = build(
                JwtAuthorizer, jwt, "/authorizer_config/customJWTAuthorizer", JWT_FIELDS, file=file
            )
    return gateway


def _whole(pointer: str, file: str, *names: str) -> Origin:
    """Origin whose every field sits at ``pointer`` (values inside a JSON string)."""
    return Origin(file=file, pointer=pointer, fields={name: pointer for name in names})


def _lambda_target(target: Target, source: Any, file: str) -> None:
    config: Any = source
    inside_string = False
    if isinstance(source, str) and source.lstrip().startswith("{"):
        inside_string = True
        try:
            config = json.loads(source)
        except ValueError as exc:
            target.source_problem = f"target_source is a string but not valid JSON ({exc})"
            return
    if isinstance(config, str):
        target.lambda_arn = config
        target.origin.fields["lambda_arn"] = "/target_source"
        return
    if not isinstance(config, dict):
        target.source_problem = "target_source for a lambda target must be the Lambda config object"
        return
    inner = "/target_source" if inside_string else None
    target.lambda_arn = config.get("arn")
    if "arn" in config:
        target.origin.fields["lambda_arn"] = inner or "/target_source/arn"
    tools = config.get("tools")
    if "tools" not in config:
        return
    target.origin.fields["tools"] = inner or "/target_source/tools"
    target.tool_schema = SchemaPayload(
        inline=tools, origin=_whole(inner or "/target_source/tools", file, "inline")
    )
    if isinstance(tools, list):
        target.tools = tools_from_list(tools, "/target_source/tools", file)
        if inside_string:
            for tool in target.tools:
                tool.origin = _whole("/target_source", file, *tool.origin.fields)


def _target(data: dict[str, Any], file: str) -> Target:
    target = Target(origin=Origin(file=file, pointer="", fields={}), raw=data)
    declared = data.get("target_type")
    if "target_type" in data:
        target.origin.fields["target_configuration"] = "/target_type"
    kind = TARGET_TYPES.get(declared) if isinstance(declared, str) else None
    if kind is None:
        target.kinds = [str(declared)] if declared is not None else []
    else:
        target.kinds = [kind]
    source = data.get("target_source")
    if "target_source" not in data:
        return target
    if kind == "mcpServer":
        target.endpoint = source
        target.origin.fields["endpoint"] = "/target_source"
    elif kind == "lambda":
        _lambda_target(target, source, file)
    elif kind in ("openApiSchema", "smithyModel"):
        is_s3 = isinstance(source, str) and source.startswith("s3://")
        field = "s3_uri" if is_s3 else "inline"
        payload = source if is_s3 or isinstance(source, str) else json.dumps(source)
        target.schema_payload = SchemaPayload(
            **{field: payload}, origin=_whole("/target_source", file, field)
        )
    return target


def load(data: dict[str, Any], file: str) -> Deployment:
    gateway = _gateway(data, file)
    deployment = Deployment(file=file, shape="setup-args", raw=data, gateway=gateway)
    if (SIGNATURE - {"gateway_name"}) & data.keys():
        deployment.targets = [_target(data, file)]
    return deployment
