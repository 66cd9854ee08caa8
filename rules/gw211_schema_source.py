"""An OpenAPI or Smithy schema is not given inline or from S3, or is not usable.

## Why
``openApiSchema`` and ``smithyModel`` targets take their schema in one of
two ways: ``inlinePayload``, the document itself as a string, or ``s3.uri``,
an ``s3://`` URI of at most 2048 characters. The gateway never fetches an
``https://`` URL and cannot read a path on your machine. It turns each
OpenAPI operation into a tool named after its ``operationId``, so an
operation without one cannot become a tool (the docs require operationId
only for operations exposed as tools, so this is a warning), and a document
without ``paths`` yields no tools at all; it expects OpenAPI 3.x, not Swagger 2.0.
A Smithy model is read as its JSON AST: an object with a ``smithy`` version
and ``shapes``.

## Symptom
CreateGatewayTarget is rejected with a ValidationException on the schema
(boto3 already refuses an object where the payload string belongs), the
target ends in FAILED with the parse problem in ``statusReasons``, or it
lists fewer tools than the API has operations.

## Fix
Paste the document (``json.dumps(spec)``) as ``inlinePayload`` or upload it
to S3, and give each operation an ``operationId``:

    spec = {
        "openapi": "3.0.1",
        "info": {"title": "Pets", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/pets": {"get": {"operationId": "listPets",
                                    "responses": {"200": {"description": "OK"}}}}},
    }
    target_configuration = {"mcp": {"openApiSchema": {"inlinePayload": json.dumps(spec)}}}

or ``"openApiSchema": {"s3": {"uri": "s3://my-bucket/specs/pets.json"}}``.
YAML payloads are checked only when PyYAML is installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gwlint.awsformats import S3_URI
from gwlint.documents import Parsed, json_kind, parse_document
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.model import SchemaPayload, Target
from gwlint.rule import Context, Severity, describe_value, rule

ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
_URL = re.compile(r"^(https?|ftp|file)://", re.IGNORECASE)
_PATH_PREFIX = re.compile(r"^(~|\.{1,2}[/\\]|/|[A-Za-z]:[/\\])")
_PATH_SUFFIX = re.compile(r"\.(json|ya?ml|smithy)$", re.IGNORECASE)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

KIND_LABEL = {
    "openApiSchema": "OpenAPI schema",
    "smithyModel": "Smithy model",
}


def looks_like_location(text: str) -> str | None:
    """'a URL' or 'a file path' when an inline payload is a reference, not a document."""
    stripped = text.strip()
    if stripped.lower().startswith("s3://"):
        return "an S3 URI written as inline text (it belongs in s3.uri)"
    if _URL.match(stripped):
        return "a URL"
    if any(ch.isspace() for ch in stripped) or stripped.startswith(("{", "[")):
        return None
    if _PATH_PREFIX.match(stripped) or _PATH_SUFFIX.search(stripped):
        return "a file path"
    return None


def _kind_of(target: Target) -> str:
    return "smithyModel" if "smithyModel" in target.kinds else "openApiSchema"


Problem = tuple[str, str, Severity | None]


def openapi_problems(doc: Any, pointer: str, syntax: str) -> Iterator[Problem | str]:
    """Problems of an OpenAPI document; plain strings are pass messages."""
    if not isinstance(doc, dict):
        yield pointer, f"the inline {syntax} is {json_kind(doc)}, not an OpenAPI document.", None
        return
    version = doc.get("openapi")
    if "openapi" in doc:
        if str(version).startswith("3"):
            yield f"OpenAPI version {version}"
        else:
            yield (
                join_pointer(pointer, "openapi"),
                f"openapi version is {describe_value(version)}; the gateway expects 3.x.",
                Severity.WARNING,
            )
    elif "swagger" in doc:
        yield (
            join_pointer(pointer, "swagger"),
            f"the document is Swagger {doc['swagger']}; the gateway expects OpenAPI 3.x "
            "(convert it, e.g. with swagger2openapi).",
            Severity.WARNING,
        )
    else:
        yield (
            pointer,
            "the document has no 'openapi' version key; it is not an OpenAPI document.",
            None,
        )
    paths = doc.get("paths")
    if not isinstance(paths, dict) or not paths:
        what = "has no 'paths'" if "paths" not in doc else f"has 'paths' {json_kind(paths)}"
        where = pointer if "paths" not in doc else join_pointer(pointer, "paths")
        yield where, f"the document {what}; with no operations the target has no tools.", None
        return
    yield from _operation_problems(paths, join_pointer(pointer, "paths"))


def _operation_problems(paths: dict[str, Any], base: str) -> Iterator[Problem | str]:
    seen: dict[str, str] = {}
    count = 0
    bad = 0
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            count += 1
            where = join_pointer(base, path, method)
            label = f"{method.upper()} {path}"
            op_id = operation.get("operationId")
            if "operationId" not in operation:
                bad += 1
                yield (
                    where,
                    f"operation {label} has no operationId; the gateway names each tool by "
                    "its operationId, so this operation is not exposed as a tool (fine if that "
                    "is intended).",
                    Severity.WARNING,
                )
            elif not isinstance(op_id, str) or not op_id.strip():
                bad += 1
                yield (
                    join_pointer(where, "operationId"),
                    f"operation {label} has operationId {describe_value(op_id)}; it must be "
                    "a non-empty string.",
                    None,
                )
            elif op_id in seen:
                bad += 1
                yield (
                    join_pointer(where, "operationId"),
                    f"operationId '{op_id}' of {label} is already used by {seen[op_id]}; "
                    "operationIds must be unique (each becomes a tool name).",
                    None,
                )
            else:
                seen[op_id] = label
    if count == 0:
        yield base, "'paths' defines no operations; the target has no tools.", None
    elif not bad:
        yield f"{count} operation{'s' if count != 1 else ''} with unique operationIds"


def smithy_problems(doc: Any, pointer: str) -> Iterator[Problem | str]:
    if not isinstance(doc, dict):
        yield pointer, f"the inline JSON is {json_kind(doc)}, not a Smithy JSON AST model.", None
        return
    problems = 0
    if "smithy" not in doc:
        problems += 1
        yield (
            pointer,
            "the model has no 'smithy' version key; the gateway reads the Smithy JSON AST "
            '({"smithy": "2.0", "shapes": {…}}).',
            None,
        )
    shapes = doc.get("shapes")
    if not isinstance(shapes, dict) or not shapes:
        problems += 1
        where = join_pointer(pointer, "shapes") if "shapes" in doc else pointer
        yield where, "the model has no 'shapes'; with no service there are no tools.", None
    elif not any(isinstance(s, dict) and s.get("type") == "service" for s in shapes.values()):
        problems += 1
        yield (
            join_pointer(pointer, "shapes"),
            "the model has no shape of type 'service'; the gateway turns a service's "
            "operations into tools.",
            Severity.WARNING,
        )
    if not problems and isinstance(shapes, dict):
        yield f"Smithy JSON AST model (smithy {doc['smithy']}, {len(shapes)} shapes)"


class _Checker:
    def __init__(self, ctx: Context, target: Target) -> None:
        self.ctx = ctx
        self.target = target

    def fail(
        self,
        node: SchemaPayload,
        field: str | None,
        message: str,
        *,
        pointer: str | None = None,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> Finding:
        return self.ctx.fail(
            node,
            field,
            message,
            pointer=pointer,
            severity=severity,
            fix=fix,
            resource=self.target.label,
        )

    def passed(self, node: SchemaPayload, field: str | None, message: str) -> Finding:
        return self.ctx.passed(node, field, message, resource=self.target.label)

    def source(self, payload: SchemaPayload, kind: str) -> Iterator[Finding]:
        """Inline or S3, exactly one, well-formed."""
        what = KIND_LABEL[kind]
        has_inline = payload.has("inline")
        has_s3 = payload.has("s3_uri")
        raw = payload.raw
        if isinstance(raw, dict) and "s3" in raw:
            has_s3 = True
        if has_inline and has_s3:
            yield self.fail(
                payload,
                None,
                f"the {what} gives both inlinePayload and s3; give exactly one.",
            )
            return
        if not has_inline and not has_s3:
            found = (
                f" (got {json_kind(raw)})" if raw is not None and not isinstance(raw, dict) else ""
            )
            yield self.fail(
                payload,
                None,
                f"the {what} has neither inlinePayload nor s3.uri{found}; the gateway reads "
                "schemas only inline or from S3.",
            )
            return
        if has_s3:
            yield from self.s3(payload, what)
        else:
            yield from self.inline(payload, kind, what)

    def s3(self, payload: SchemaPayload, what: str) -> Iterator[Finding]:
        uri = payload.s3_uri
        if not payload.has("s3_uri"):
            yield self.fail(payload, None, f"the {what}'s s3 block has no uri.")
            return
        if not isinstance(uri, str) or not S3_URI.match(uri):
            kind = "a URL" if isinstance(uri, str) and _URL.match(uri.strip()) else None
            detail = f"; it is {kind}, and the gateway does not download schemas" if kind else ""
            yield self.fail(
                payload,
                "s3_uri",
                f"s3.uri {describe_value(uri)} is not an s3:// URI{detail}.",
                fix="Use s3://bucket/key (at most 2048 characters), or give the document "
                "inline as inlinePayload.",
            )
        else:
            yield self.passed(payload, "s3_uri", f"the {what} is read from S3 ({uri})")
        if payload.has("bucket_owner"):
            owner = payload.bucket_owner
            if not isinstance(owner, str) or not ACCOUNT_ID.match(owner):
                yield self.fail(
                    payload,
                    "bucket_owner",
                    f"s3.bucketOwnerAccountId {describe_value(owner)} is not a 12-digit "
                    "account ID.",
                )

    def inline(self, payload: SchemaPayload, kind: str, what: str) -> Iterator[Finding]:
        text = payload.inline
        pointer = payload.origin.pointer_for("inline")
        if isinstance(text, dict):
            yield self.fail(
                payload,
                "inline",
                f"inlinePayload of the {what} is an object; the API takes the document as a "
                "string (json.dumps it).",
            )
            yield from self.content(payload, kind, Parsed(text), pointer)
            return
        if not isinstance(text, str):
            yield self.fail(
                payload,
                "inline",
                f"inlinePayload of the {what} is {json_kind(text)}, not the document as a string.",
            )
            return
        if not text.strip():
            yield self.fail(payload, "inline", f"inlinePayload of the {what} is empty.")
            return
        location = looks_like_location(text)
        if location is not None:
            yield self.fail(
                payload,
                "inline",
                f"the {what} is {location} ({describe_value(text.strip())}), not the document; "
                "the gateway reads schemas only inline or from s3://.",
                fix="Paste the document's content as inlinePayload (json.dumps(spec)), or upload "
                "it to S3 and give s3.uri = s3://bucket/key.",
            )
            return
        parsed = parse_document(text, allow_yaml=kind == "openApiSchema")
        if parsed.unchecked is not None:
            yield self.ctx.skip(parsed.unchecked, payload, resource=self.target.label)
            return
        if parsed.error is not None:
            message = f"the inline {what} {parsed.error}."
            if kind == "smithyModel":
                idl = text.lstrip().startswith(("$version", "namespace", "metadata"))
                message = (
                    f"the inline {what} is Smithy IDL text, not JSON; the gateway takes the "
                    "model's JSON AST (smithy build writes it as model.json)."
                    if idl
                    else f"{message[:-1]}; the gateway takes the Smithy JSON AST."
                )
            yield self.fail(payload, "inline", message)
            return
        yield from self.content(payload, kind, parsed, pointer)

    def content(
        self, payload: SchemaPayload, kind: str, parsed: Parsed, pointer: str
    ) -> Iterator[Finding]:
        if kind == "smithyModel":
            results = smithy_problems(parsed.value, pointer)
        else:
            results = openapi_problems(parsed.value, pointer, parsed.syntax)
        passes: list[str] = []
        failed = False
        for item in results:
            if isinstance(item, str):
                passes.append(item)
                continue
            where, message, severity = item
            failed = True
            yield self.fail(payload, None, message, pointer=where, severity=severity)
        if passes and not failed:
            yield self.passed(payload, "inline", f"inline {KIND_LABEL[kind]}: " + "; ".join(passes))


@rule(
    id="GW211",
    name="schema-source",
    severity=Severity.ERROR,
    summary="OpenAPI/Smithy schemas are given inline or by s3:// URI and are usable",
    fix=(
        "Give the schema as inlinePayload (the JSON or YAML document as a string) or as "
        "s3.uri = s3://bucket/key; an inline OpenAPI document needs 'openapi: 3.x', non-empty "
        "paths and an operationId on every operation; a Smithy model must be its JSON AST."
    ),
)
def check(ctx: Context) -> Iterator[Finding]:
    for target in ctx.deployment.targets:
        checker = _Checker(ctx, target)
        if target.schema_payload is not None:
            yield from checker.source(target.schema_payload, _kind_of(target))
