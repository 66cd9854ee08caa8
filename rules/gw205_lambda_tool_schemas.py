"""A Lambda target is missing the tool schemas of its function.

## Why
A gateway cannot ask a Lambda function which tools it offers: a Lambda target
is the function's ARN *plus* the tool definitions (name, description, JSON
input schema) the gateway lists to clients. The API makes both required —
``targetConfiguration.mcp.lambda`` needs ``lambdaArn`` and ``toolSchema``, and
``toolSchema`` is either ``inlinePayload`` (a list of tool definitions) or
``s3`` (a JSON file in S3). The troubleshooting guide's failure 1 passes only
the ARN as ``target_source``; its working version passes the
``{"arn": …, "tools": […]}`` config, as an object or as ``json.dumps(...)``
(which must then be valid JSON).

## Symptom
CreateGatewayTarget is rejected with a ValidationException (``toolSchema``
missing or empty), or the helper script fails before calling AWS; in no case
does the gateway list the function's tools.

## Fix
Give the function's tools with its ARN. As setup arguments:

    "target_type": "lambda",
    "target_source": {
      "arn": "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda",
      "tools": [{"name": "CheckSecurityServices",
                 "description": "Check AWS security services",
                 "inputSchema": {"type": "object",
                                 "properties": {"region": {"type": "string"}}}}]
    }

In the API (CreateGatewayTarget):

    "targetConfiguration": {"mcp": {"lambda": {
      "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda",
      "toolSchema": {"inlinePayload": [{"name": "CheckSecurityServices",
        "description": "Check AWS security services",
        "inputSchema": {"type": "object", "properties": {"region": {"type": "string"}}}}]}
    }}}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import Target
from gwlint.rule import Context, Severity, describe_value, rule
from gwlint.sources.aws_api import configuration_member, has_configuration

_EXAMPLE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:SecurityLambda"
_EXAMPLE_TOOL = (
    '{"name": "CheckSecurityServices", "description": "Check AWS security services", '
    '"inputSchema": {"type": "object", "properties": {"region": {"type": "string"}}}}'
)


def _setup_fix(arn: Any) -> str:
    shown = arn if isinstance(arn, str) and arn.startswith("arn:") else _EXAMPLE_ARN
    return (
        f'Pass the Lambda config: target_source = {{"arn": "{shown}", "tools": '
        f"[{_EXAMPLE_TOOL}]}} (an object, or json.dumps of it), one entry per tool the "
        "function implements."
    )


def _api_fix(arn: Any) -> str:
    shown = arn if isinstance(arn, str) and arn.startswith("arn:") else _EXAMPLE_ARN
    return (
        f'Give the tool definitions: "lambda": {{"lambdaArn": "{shown}", "toolSchema": '
        f'{{"inlinePayload": [{_EXAMPLE_TOOL}]}}}} — or "toolSchema": {{"s3": {{"uri": '
        '"s3://bucket/tools.json"}} for a JSON file holding that list.'
    )


FIX = (
    "Give the function's tool definitions with its ARN: toolSchema.inlinePayload = "
    f"[{_EXAMPLE_TOOL}] in the API, or target_source = "
    f'{{"arn": "{_EXAMPLE_ARN}", "tools": [...]}} as setup arguments.'
)


def _inline_problem(inline: Any) -> str | None:
    if isinstance(inline, list):
        return "is an empty array; give at least one tool definition" if not inline else None
    if isinstance(inline, str):
        try:
            decoded = json.loads(inline)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            return (
                "is a JSON string; for a Lambda target it is an array of tool definitions, "
                "not a string"
            )
    return f"is {describe_value(inline)}, not an array of tool definitions"


def _check_api(ctx: Context, target: Target, lam: Any, pointer: str) -> Iterator[Finding]:
    arn = lam.get("lambdaArn") if isinstance(lam, dict) else None
    if not isinstance(lam, dict):
        yield ctx.fail(
            target,
            None,
            f"targetConfiguration.mcp.lambda is {describe_value(lam)}, not an object with "
            "lambdaArn and toolSchema.",
            fix=_api_fix(lam),
            pointer=pointer,
        )
        return
    if "toolSchema" not in lam:
        yield ctx.fail(
            target,
            None,
            f"Lambda {target.label} has no toolSchema; the gateway needs "
            "the function's tool definitions next to lambdaArn.",
            fix=_api_fix(arn),
            pointer=pointer,
        )
        return
    schema = lam["toolSchema"]
    schema_ptr = join_pointer(pointer, "toolSchema")
    if not isinstance(schema, dict):
        yield ctx.fail(
            target,
            None,
            f"toolSchema is {describe_value(schema)}, not an object with inlinePayload or s3.",
            fix=_api_fix(arn),
            pointer=schema_ptr,
        )
        return
    members = [key for key in ("inlinePayload", "s3") if key in schema]
    if not members:
        others = ", ".join(sorted(map(str, schema))) or "nothing"
        yield ctx.fail(
            target,
            None,
            f"toolSchema has neither inlinePayload nor s3 (it holds {others}).",
            fix=_api_fix(arn),
            pointer=schema_ptr,
        )
        return
    if len(members) > 1:
        yield ctx.fail(
            target,
            None,
            "toolSchema has both inlinePayload and s3; it takes exactly one of them.",
            fix="Keep either the inline tool list or the S3 file, not both.",
            pointer=schema_ptr,
        )
        return
    if members == ["inlinePayload"]:
        inline_ptr = join_pointer(schema_ptr, "inlinePayload")
        problem = _inline_problem(schema["inlinePayload"])
        if problem is not None:
            yield ctx.fail(
                target,
                None,
                f"toolSchema.inlinePayload {problem}.",
                fix=_api_fix(arn),
                pointer=inline_ptr,
            )
        else:
            count = len(schema["inlinePayload"])
            yield ctx.passed(
                target,
                None,
                f"Lambda target gives {count} inline tool definition(s)",
                pointer=inline_ptr,
            )
        return
    s3 = schema["s3"]
    s3_ptr = join_pointer(schema_ptr, "s3")
    uri = s3.get("uri") if isinstance(s3, dict) else None
    if not isinstance(uri, str) or not uri.startswith("s3://") or len(uri) <= len("s3://"):
        yield ctx.fail(
            target,
            None,
            f"toolSchema.s3 has no s3:// uri (uri is {describe_value(uri)}).",
            fix='Give the JSON file of tool definitions: "s3": {"uri": "s3://bucket/tools.json"}.',
            pointer=join_pointer(s3_ptr, "uri") if isinstance(s3, dict) and "uri" in s3 else s3_ptr,
        )
    else:
        yield ctx.passed(
            target, None, "Lambda target reads its tool schemas from S3", pointer=s3_ptr
        )


def _check_setup(ctx: Context, target: Target) -> Iterator[Finding]:
    raw = target.raw if isinstance(target.raw, dict) else {}
    if target.source_problem is not None:
        yield ctx.fail(
            target,
            None,
            f"Lambda target_source cannot be read: {target.source_problem}.",
            fix=_setup_fix(None) + " Build the string with json.dumps(config).",
            pointer="/target_source",
        )
        return
    if "target_source" not in raw:
        yield ctx.fail(
            target,
            None,
            "Lambda target has no target_source; it needs the function's ARN and tool schemas.",
            fix=_setup_fix(None),
        )
        return
    source = raw["target_source"]
    schema = target.tool_schema
    if schema is None:
        if isinstance(source, str) and not source.lstrip().startswith("{"):
            what = "a bare Lambda ARN" if source.strip().startswith("arn:") else "a bare string"
            yield ctx.fail(
                target,
                "lambda_arn",
                f"target_source is {what} ({describe_value(source)}); a lambda target needs the "
                "Lambda config with the ARN and the function's tool schemas.",
                fix=_setup_fix(source.strip()),
            )
        else:
            yield ctx.fail(
                target,
                None,
                'Lambda config in target_source has no "tools"; the gateway needs the '
                "function's tool definitions next to its ARN.",
                fix=_setup_fix(target.lambda_arn),
                pointer="/target_source",
            )
        return
    problem = _inline_problem(schema.inline)
    if problem is not None:
        yield ctx.fail(
            target,
            None,
            f'"tools" in target_source {problem}.',
            fix=_setup_fix(target.lambda_arn),
            pointer=schema.origin.pointer_for("inline"),
        )
    else:
        count = len(schema.inline)
        yield ctx.passed(
            target,
            None,
            f"Lambda config gives {count} tool definition(s)",
            pointer=schema.origin.pointer_for("inline"),
        )


@rule(
    id="GW205",
    name="lambda-tool-schemas",
    severity=Severity.ERROR,
    summary="Lambda target carries its tool schemas",
    fix=FIX,
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        if has_configuration(target):
            found = configuration_member(target, "mcp", "lambda")
            if found is not None:
                yield from _check_api(ctx, target, *found)
        elif ctx.deployment.is_setup_args and target.kinds == ["lambda"]:
            yield from _check_setup(ctx, target)
