"""Check an API document against the generated spec, per operation.

One walk over a CreateGateway/UpdateGateway/CreateGatewayTarget/
UpdateGatewayTarget request yields every constraint violation, each tagged
with its kind (unknown member, missing required member, union cardinality,
JSON type, enum, length/range/size, pattern), so one generic rule per kind
reports them (the way cfn-lint's generated Enum and Pattern rules do).
A Get response is checked for unknown members only (against what any of the
resource's operations accepts or returns): its values came from AWS, and
request-only constraints do not apply to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import field
from typing import Any, NamedTuple

from gwlint import apispec
from gwlint.awsformats import article
from gwlint.documents import json_kind
from gwlint.findings import Finding
from gwlint.jsonpos import join_pointer
from gwlint.masking import Masked
from gwlint.model import Deployment, Gateway, Node, Target
from gwlint.records import record
from gwlint.rule import Context

GATEWAY_OPERATIONS = ("CreateGateway", "UpdateGateway")
TARGET_OPERATIONS = ("CreateGatewayTarget", "UpdateGatewayTarget")

#: Values a dedicated rule explains better than a generic message can; the generic
#: value checks (type, enum, range, pattern, required, union) leave them, and all
#: below them, to that rule. Unknown-member checks still descend.
OWNED: dict[tuple[str, str], str] = {
    ("CreateGatewayRequest", "name"): "GW101",
    ("UpdateGatewayRequest", "name"): "GW101",
    ("CreateGatewayRequest", "roleArn"): "GW102",
    ("UpdateGatewayRequest", "roleArn"): "GW102",
    ("CreateGatewayRequest", "authorizerType"): "GW103",
    ("UpdateGatewayRequest", "authorizerType"): "GW103",
    ("CreateGatewayRequest", "exceptionLevel"): "GW105",
    ("UpdateGatewayRequest", "exceptionLevel"): "GW105",
    ("MCPGatewayConfiguration", "supportedVersions"): "GW109",
    ("CustomJWTAuthorizerConfiguration", "discoveryUrl"): "GW309",
    ("CustomJWTAuthorizerConfiguration", "allowedAudience"): "GW310",
    ("CustomJWTAuthorizerConfiguration", "allowedClients"): "GW310",
    ("CustomJWTAuthorizerConfiguration", "allowedScopes"): "GW310",
    ("CustomJWTAuthorizerConfiguration", "customClaims"): "GW310",
    ("CreateGatewayTargetRequest", "name"): "GW213",
    ("UpdateGatewayTargetRequest", "name"): "GW213",
    ("CreateGatewayTargetRequest", "credentialProviderConfigurations"): "GW215",
    ("UpdateGatewayTargetRequest", "credentialProviderConfigurations"): "GW215",
}
#: Inside targetConfiguration GW212 owns the unions; these members are owned below it.
OWNED_IN_TARGET: dict[tuple[str, str], str] = {
    ("McpTargetConfiguration", "openApiSchema"): "GW211",
    ("McpTargetConfiguration", "smithyModel"): "GW211",
    ("McpLambdaTargetConfiguration", "lambdaArn"): "GW206",
    ("McpLambdaTargetConfiguration", "toolSchema"): "GW205",
    ("McpServerTargetConfiguration", "endpoint"): "GW202",
    ("McpServerTargetConfiguration", "mcpToolSchema"): "GW218",
    ("McpServerTargetConfiguration", "listingMode"): "GW218",
    ("McpServerTargetConfiguration", "resourcePriority"): "GW218",
    ("RuntimeTargetConfiguration", "arn"): "GW214",
    ("CredentialProviderConfiguration", "credentialProviderType"): "GW216",
    ("CredentialProviderConfiguration", "credentialProvider"): "GW217",
}
#: Required members whose absence a dedicated rule reports (values below are still checked).
REQUIRED_OWNED = frozenset(
    {("CreateGatewayTargetRequest", "targetConfiguration"),
     ("UpdateGatewayTargetRequest", "targetConfiguration")}
)  # fmt: skip
#: Target-configuration union shapes (cardinality is GW212's).
TARGET_UNIONS = frozenset(
    {
        "TargetConfiguration",
        "McpTargetConfiguration",
        "HttpTargetConfiguration",
        "InferenceTargetConfiguration",
    }
)


class Issue(NamedTuple):
    """One constraint a value breaks."""

    kind: str  # unknown | required | union | type | enum | range | pattern
    pointer: str
    where: str  # dotted path as botocore names it: "protocolConfiguration.mcp.searchType"
    shape: str  # the shape holding the constraint
    message: str
    member: str | None = None  # unknown / required: the key


@record
class Walk:
    """A document's issues and how many values of each kind were checked."""

    operation: str
    request: bool
    issues: list[Issue] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    #: Values masked as secrets before any rule saw them: never judged, never passed.
    masked: int = 0


_JSON_TYPES = {
    "string": "string",
    "boolean": "boolean",
    "integer": "integer",
    "long": "integer",
    "float": "number",
    "double": "number",
    "structure": "object",
    "map": "object",
    "list": "array",
    "timestamp": "string",
}

RESPONSE_METADATA = "ResponseMetadata"


def _type_ok(kind: str, value: Any) -> bool:
    if kind in ("string", "timestamp"):
        return isinstance(value, str) or (kind == "timestamp" and _is_number(value))
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "double"):
        return _is_number(value)
    if kind in ("structure", "map"):
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    return True  # document


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


#: A value's place below the walk's start: keys (str) and list indexes (int).
Path = tuple[str | int, ...]


def _where(path: Path) -> str:
    """The dotted path botocore names a value by: ``protocolConfiguration.mcp``, ``tools[0]``."""
    out = ""
    for token in path:
        if isinstance(token, int):
            out += f"[{token}]"
        else:
            out = f"{out}.{token}" if out else token
    return out


class _Walker:
    """Walks a request; a value's pointer and dotted name are only spelled out for an issue."""

    def __init__(self, walk: Walk, pointer: str) -> None:
        self.walk = walk
        self.pointer = pointer  # where the walk starts
        self.shapes: dict[str, Any] = apispec.spec()["shapes"]  # a lookup per value walked

    def add(self, kind: str, path: Path, where: str, shape: str, message: str,
            member: str | None = None) -> None:  # fmt: skip
        pointer = join_pointer(self.pointer, *path)
        self.walk.issues.append(Issue(kind, pointer, where, shape, message, member))

    def value(self, value: Any, name: str, path: Path, owned: bool) -> None:
        """Check ``value`` against shape ``name``; ``owned``: leave values to a dedicated rule."""
        if owned:
            self.members(value, name, path)
            return
        spec = self.shapes[name]
        kind = spec["type"]
        if kind == "document":
            return
        self.walk.checked["type"] += 1
        if not _type_ok(kind, value):
            expected = _JSON_TYPES.get(kind, kind)
            where = _where(path)
            self.add(
                "type",
                path,
                where,
                name,
                f"{where} is {json_kind(value)}; the API takes {article(str(expected))} "
                f"{expected} here.",
            )
            return
        if kind == "structure":
            self.structure(value, name, path, owned=False)
        elif kind == "list":
            self.size(value, spec, name, path, "item")
            member = spec["member"]
            for i, item in enumerate(value):
                self.value(item, member, (*path, i), owned=False)
        elif kind == "map":
            self.size(value, spec, name, path, "entry")
            for key, item in value.items():
                item_path = (*path, key)
                self.scalar(key, spec["key"], item_path, map_key=True)
                self.value(item, spec["value"], item_path, owned=False)
        else:
            self.scalar(value, name, path)

    def members(self, value: Any, name: str, path: Path) -> None:
        """Below a value a dedicated rule owns: only keys that are no member of their shape.

        Only containers are descended into: tool schemas, most of a large
        document, are walked here.
        """
        spec = self.shapes[name]
        kind = spec["type"]
        if kind == "structure":
            if not isinstance(value, dict):
                return
            members: dict[str, str] = spec.get("members", {})
            for key, item in value.items():
                member = members.get(key)
                if member is None:
                    self.add(
                        "unknown",
                        (*path, key),
                        _where(path) or "input",
                        name,
                        f"'{key}' is not a member of {name}.",
                        member=key,
                    )
                elif isinstance(item, dict | list):
                    self.members(item, member, (*path, key))
        elif kind == "list":
            if isinstance(value, list):
                member = spec["member"]
                for i, item in enumerate(value):
                    if isinstance(item, dict | list):
                        self.members(item, member, (*path, i))
        elif kind == "map" and isinstance(value, dict):
            member = spec["value"]
            for key, item in value.items():
                if isinstance(item, dict | list):
                    self.members(item, member, (*path, key))

    def scalar(self, value: Any, name: str, path: Path, *, map_key: bool = False) -> None:
        """Check a scalar; ``map_key``: ``value`` is the key at the end of ``path``."""
        spec = self.shapes[name]
        if spec["type"] in ("integer", "long", "float", "double"):
            if "min" in spec or "max" in spec:
                self.walk.checked["range"] += 1
                low, high = spec.get("min"), spec.get("max")
                if (low is not None and value < low) or (high is not None and value > high):
                    where = _scalar_where(path, map_key)
                    self.add(
                        "range",
                        path,
                        where,
                        name,
                        f"{where} is {value}; the API allows {_bounds(low, high)}.",
                    )
            return
        if not isinstance(value, str):
            return
        if isinstance(value, Masked) and value.whole:
            self.walk.masked += 1
            return
        if "enum" in spec:
            self.walk.checked["enum"] += 1
            if value not in spec["enum"]:
                where = _scalar_where(path, map_key)
                self.add("enum", path, where, name, _enum_message(where, value, spec["enum"]))
            return
        if "min" in spec or "max" in spec:
            self.walk.checked["range"] += 1
            low, high = spec.get("min"), spec.get("max")
            if (low is not None and len(value) < low) or (high is not None and len(value) > high):
                where = _scalar_where(path, map_key)
                self.add(
                    "range",
                    path,
                    where,
                    name,
                    f"{where} has {_plural(len(value), 'character')}; the API allows "
                    f"{_bounds(low, high, 'character')}.",
                )
                return
        if "pattern" in spec:
            self.walk.checked["pattern"] += 1
            if not apispec.pattern(name).match(value):
                where = _scalar_where(path, map_key)
                self.add(
                    "pattern",
                    path,
                    where,
                    name,
                    f"{where} {_shown(value, name)} does not match the API pattern "
                    f"{spec['pattern']}.",
                )

    def size(self, value: Any, spec: dict[str, Any], name: str, path: Path,
             unit: str) -> None:  # fmt: skip
        if "min" not in spec and "max" not in spec:
            return
        self.walk.checked["range"] += 1
        low, high = spec.get("min"), spec.get("max")
        count = len(value)
        if (low is not None and count < low) or (high is not None and count > high):
            where = _where(path)
            self.add(
                "range",
                path,
                where,
                name,
                f"{where} has {_plural(count, unit)}; the API allows {_bounds(low, high, unit)}.",
            )

    def structure(self, obj: dict[str, Any], name: str, path: Path, owned: bool) -> None:
        spec = self.shapes[name]
        members: dict[str, str] = spec.get("members", {})
        for key, item in obj.items():
            item_path = (*path, key)
            if key not in members:
                self.add(
                    "unknown",
                    item_path,
                    _where(path) or "input",
                    name,
                    f"'{key}' is not a member of {name}.",
                    member=key,
                )
                continue
            child_owned = owned or (name, key) in OWNED or (name, key) in OWNED_IN_TARGET
            self.value(item, members[key], item_path, child_owned)
        if owned:
            return
        uri = set(spec.get("uri", ()))
        for key in spec.get("required", ()):
            if key in uri or (name, key) in OWNED or (name, key) in REQUIRED_OWNED:
                continue  # path parameters may come from the command line
            self.walk.checked["required"] += 1
            if key not in obj:
                where = _where(path)
                place = f"{where} " if where else ""
                self.add(
                    "required",
                    path,
                    where or "input",
                    name,
                    f"{place}has no '{key}'; {name} requires it.",
                    member=key,
                )
        if spec.get("union") and name not in TARGET_UNIONS:
            self.walk.checked["union"] += 1
            written = [k for k in obj if k in members and obj[k] is not None]
            if len(written) != 1:
                options = ", ".join(members)
                listed = ", ".join(written) if written else "none"
                where = _where(path)
                self.add(
                    "union",
                    path,
                    where or "input",
                    name,
                    f"{where} sets {_plural(len(written), 'member')} ({listed}); "
                    f"exactly one of {options} is required.",
                )


def _scalar_where(path: Path, map_key: bool) -> str:
    if map_key:
        return f"{_where(path[:-1])} key '{path[-1]}'"
    return _where(path)


def _bounds(low: Any, high: Any, unit: str | None = None) -> str:
    def n(count: Any) -> str:
        return _plural(count, unit) if unit else str(count)

    if low is not None and high is not None:
        return f"{low}–{n(high)}" if low != high else f"exactly {n(low)}"
    if low is not None:
        return f"at least {n(low)}"
    return f"at most {n(high)}"


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _shown(value: str, name: str) -> str:
    """The value quoted for a message, unless the model marks its shape sensitive."""
    if apispec.shape(name).get("sensitive"):
        return "(value not shown: the API model marks it sensitive)"
    return f"'{_short(value)}'"


def _enum_message(where: str, value: str, allowed: list[str]) -> str:
    squashed = "".join(c for c in value if c.isalnum()).upper()
    for option in allowed:
        if squashed == option.replace("_", "").upper():
            return (
                f"{where} '{_short(value)}' is not an API value; write '{option}' (case-sensitive)."
            )
    return f"{where} '{_short(value)}' is not one of {', '.join(allowed)}."


# --- which operation a document is -------------------------------------------


def _response_identity(
    get: str, requests: tuple[str, ...], extra: frozenset[str]
) -> frozenset[str]:
    """Keys that mark a saved Get response: its required members no request takes."""
    required = set(apispec.shape(apispec.output_shape(get)).get("required", ()))
    return frozenset(required - apispec.request_members(requests)) | extra


def gateway_operation(raw: dict[str, Any]) -> str:
    """CreateGateway, UpdateGateway or GetGateway (a saved response), from the keys written.

    A response is recognised by what identifies a deployed gateway (gatewayId, gatewayArn,
    status, createdAt, updatedAt, and the gatewayUrl clients record); other response-only
    members (webAclArn, workloadIdentityDetails…) in a request are GW002's to report.
    """
    identity = _response_identity("GetGateway", GATEWAY_OPERATIONS, frozenset({"gatewayUrl"}))
    if identity & raw.keys() or RESPONSE_METADATA in raw:
        return "GetGateway"
    return "UpdateGateway" if "gatewayIdentifier" in raw else "CreateGateway"


def target_operation(raw: dict[str, Any]) -> str:
    """CreateGatewayTarget, UpdateGatewayTarget or GetGatewayTarget, from the keys written."""
    identity = _response_identity("GetGatewayTarget", TARGET_OPERATIONS, frozenset())
    if identity & raw.keys() or RESPONSE_METADATA in raw:
        return "GetGatewayTarget"
    return "UpdateGatewayTarget" if "targetId" in raw else "CreateGatewayTarget"


def _response_members(get: str, requests: tuple[str, ...]) -> set[str]:
    return set(apispec.members(apispec.output_shape(get))) | set(apispec.request_members(requests))


def check_node(node: Node) -> Walk | None:
    """Walk a gateway or target written as an API document; None for anything else."""
    raw = node.raw
    if not isinstance(raw, dict):
        return None
    if isinstance(node, Gateway):
        operation, requests = gateway_operation(raw), GATEWAY_OPERATIONS
    elif isinstance(node, Target):
        operation, requests = target_operation(raw), TARGET_OPERATIONS
    else:
        return None
    pointer = node.origin.pointer
    if operation.startswith("Get"):
        walk = Walk(operation, request=False)
        known = _response_members(operation, requests) | {RESPONSE_METADATA}
        for key, item in raw.items():
            item_ptr = join_pointer(pointer, key)
            if key not in known:
                walk.issues.append(
                    Issue(
                        "unknown",
                        item_ptr,
                        "input",
                        operation,
                        f"'{key}' is not a member of {operation}.",
                        key,
                    )
                )
            elif key != RESPONSE_METADATA:
                for issue in _unknown_below(item, key, operation, requests, pointer):
                    walk.issues.append(issue)
        return walk
    walk = Walk(operation, request=True)
    _Walker(walk, pointer).structure(raw, apispec.input_shape(operation), (), owned=False)
    return walk


def _unknown_below(
    value: Any, key: str, get: str, requests: tuple[str, ...], pointer: str
) -> Iterator[Issue]:
    """Unknown members under a response's top-level ``key`` (its shape from any operation);
    ``pointer`` is the response's own."""
    for op in (get, *requests):
        shapes = apispec.members(apispec.output_shape(op) if op == get else apispec.input_shape(op))
        if key in shapes:
            walk = Walk(get, request=False)
            _Walker(walk, pointer).value(value, shapes[key], (key,), owned=True)
            yield from (i for i in walk.issues if i.kind == "unknown")
            return


#: The last deployment walked and its walks: the spec rules run one after
#: another on the same deployment and each read the same walk (five walks of a
#: large document were most of its run). Rules only read a walk.
_last_walked: tuple[Deployment, list[tuple[Node, Walk]]] | None = None


def walks(deployment: Deployment) -> Iterator[tuple[Node, Walk]]:
    """Each gateway and target of an API-document input with its walk."""
    global _last_walked
    if not deployment.is_api_document:
        return  # client configs and setup arguments are not API documents
    if _last_walked is None or _last_walked[0] is not deployment:
        nodes: list[Node] = [deployment.gateway] if deployment.gateway is not None else []
        nodes.extend(deployment.targets)
        walked = [(node, walk) for node in nodes if (walk := check_node(node)) is not None]
        _last_walked = (deployment, walked)
    yield from _last_walked[1]


def findings(ctx: Context, kinds: frozenset[str], what: str) -> Iterator[Finding]:
    """A generic spec rule's findings: a FAIL per issue of ``kinds``, else one PASS per document.

    ``what`` names the checked values in the PASS message ("enum values"). A Get
    response is skipped: request constraints do not apply to what AWS returned.
    """
    for node, walk in walks(ctx.deployment):
        label = "gateway" if isinstance(node, Gateway) else "target"
        if not walk.request:
            yield ctx.skip(
                f"the {label} document is a {walk.operation} response; request constraints "
                "are checked on CreateGateway/UpdateGateway-style requests only",
                node,
            )
            continue
        issues = [issue for issue in walk.issues if issue.kind in kinds]
        for issue in issues:
            yield ctx.fail(node, None, issue.message, fix=_fix(issue), pointer=issue.pointer)
        if not issues:
            count = sum(walk.checked[kind] for kind in kinds)
            text = f"{count} {what} checked, all valid" if count else f"no {what} to check"
            if walk.masked:
                text += f"; {_plural(walk.masked, 'secret value')} not judged (masked)"
            yield ctx.passed(node, None, f"{walk.operation} request: {text}")


def _fix(issue: Issue) -> str:
    spec = apispec.shape(issue.shape)
    if issue.kind == "enum":
        return f"Use one of {', '.join(spec['enum'])} (case-sensitive)."
    if issue.kind == "pattern":
        return f"Write a value matching {spec['pattern']} ({issue.shape} in the API model)."
    if issue.kind == "required":
        return (
            f"Add '{issue.member}' to {issue.where if issue.where != 'input' else 'the request'}."
        )
    if issue.kind == "union":
        return "Set exactly one of the members and remove the others."
    if issue.kind == "type":
        return (
            "Write the value as the JSON type the API takes (no quotes around numbers or booleans)."
        )
    return "Keep the value within the API's limits."
