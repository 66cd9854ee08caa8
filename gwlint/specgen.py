"""Generate ``gwlint/spec/agentcore_api.json`` from the installed botocore.

The rules check gateway and target documents against the AWS API model. That
model is botocore's ``bedrock-agentcore-control`` service description, reduced
here to what the rules need — per operation its input and output shapes, and
per shape its members, required members, union flag, enums, length and number
ranges, list and map sizes, patterns (anchored; the model's are not) and the
sensitive flag (messages never echo such values) — plus
the Cognito ID shapes the OAuth rules use. gwlint reads the JSON at run time;
only this generator imports botocore, so the next botocore release is one
command::

    python -m gwlint.specgen            # rewrite the spec
    python -m gwlint.specgen --check    # exit 1 when the spec is stale
"""

from __future__ import annotations

import json
import sys
from typing import Any

from gwlint.apispec import SPEC_FILE

SPEC_PATH = SPEC_FILE
SERVICE = "bedrock-agentcore-control"
#: The operations whose documents gwlint reads (requests users write, responses they save).
OPERATIONS = (
    "CreateGateway",
    "UpdateGateway",
    "GetGateway",
    "CreateGatewayTarget",
    "UpdateGatewayTarget",
    "GetGatewayTarget",
)
#: Cognito shapes the OAuth rules compare IDs, domains and scopes against.
COGNITO_SHAPES = (
    "UserPoolIdType",
    "ClientIdType",
    "DomainType",
    "ResourceServerIdentifierType",
    "ResourceServerScopeNameType",
    "ScopeType",
)
_SCALARS = {"string", "boolean", "integer", "long", "float", "double", "timestamp", "blob"}


def anchored(pattern: str) -> str:
    """The model's unanchored pattern as a full-match regular expression."""
    return f"^(?:{pattern})$"


def reduce_shape(shape: dict[str, Any]) -> dict[str, Any]:
    """The constraints of one botocore shape, without documentation."""
    kind = shape["type"]
    out: dict[str, Any] = {"type": "document" if shape.get("document") else kind}
    for key in ("min", "max", "enum"):
        if key in shape:
            out[key] = shape[key]
    if "pattern" in shape:
        out["pattern"] = anchored(shape["pattern"])
    if shape.get("sensitive"):
        out["sensitive"] = True
    if kind == "structure" and not shape.get("document"):
        out["members"] = {name: m["shape"] for name, m in shape["members"].items()}
        uri = sorted(n for n, m in shape["members"].items() if m.get("location") == "uri")
        if uri:
            out["uri"] = uri
        if shape.get("required"):
            out["required"] = list(shape["required"])
        if shape.get("union"):
            out["union"] = True
    elif kind == "list":
        out["member"] = shape["member"]["shape"]
    elif kind == "map":
        out["key"] = shape["key"]["shape"]
        out["value"] = shape["value"]["shape"]
    elif kind not in _SCALARS and not shape.get("document"):
        raise ValueError(f"unexpected shape type {kind!r}")
    return out


def reachable(shapes: dict[str, Any], roots: list[str]) -> list[str]:
    """Every shape name reachable from ``roots``, sorted."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        todo.extend(m["shape"] for m in shape.get("members", {}).values())
        todo.extend(shape[k]["shape"] for k in ("member", "key", "value") if k in shape)
    return sorted(seen)


def build(agentcore: dict[str, Any], cognito: dict[str, Any], version: str) -> dict[str, Any]:
    """The spec document for two loaded botocore service models."""
    operations: dict[str, Any] = {}
    roots: list[str] = []
    for name in OPERATIONS:
        op = agentcore["operations"][name]
        entry = {"input": op["input"]["shape"], "output": op["output"]["shape"]}
        operations[name] = entry
        roots.extend(entry.values())
    shapes = agentcore["shapes"]
    return {
        "generated_by": "python -m gwlint.specgen",
        "botocore": version,
        "service": SERVICE,
        "api_version": agentcore["metadata"]["apiVersion"],
        "operations": operations,
        "shapes": {name: reduce_shape(shapes[name]) for name in reachable(shapes, roots)},
        "cognito": {name: reduce_shape(cognito["shapes"][name]) for name in COGNITO_SHAPES},
    }


def render(spec: dict[str, Any]) -> str:
    """Stable text of the spec: shapes sorted by name, members in model order, one per line."""
    lines = ["{"]
    top = [k for k in spec if k not in ("shapes", "cognito", "operations")]
    for key in top:
        lines.append(f"{json.dumps(key)}: {json.dumps(spec[key])},")
    for section in ("operations", "shapes", "cognito"):
        lines.append(f"{json.dumps(section)}: {{")
        items = sorted(spec[section].items())
        for i, (name, value) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"  {json.dumps(name)}: {json.dumps(value)}{comma}")
        lines.append("}," if section != "cognito" else "}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate() -> str:
    """The spec text for the installed botocore (imports botocore)."""
    import botocore
    import botocore.loaders

    loader = botocore.loaders.Loader()
    agentcore = loader.load_service_model(SERVICE, "service-2")
    cognito = loader.load_service_model("cognito-idp", "service-2")
    return render(build(agentcore, cognito, botocore.__version__))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    if args == ["--check"]:
        current = SPEC_PATH.read_text(encoding="utf-8") if SPEC_PATH.exists() else ""
        if current != text:
            print(f"{SPEC_PATH} is stale; run: python -m gwlint.specgen", file=sys.stderr)
            return 1
        return 0
    if args:
        print("usage: python -m gwlint.specgen [--check]", file=sys.stderr)
        return 2
    SPEC_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SPEC_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
