"""Terraform resources mapped onto the AgentCore API, paired by reference.

``aws_bedrockagentcore_gateway`` becomes a CreateGateway request and each
``aws_bedrockagentcore_gateway_target`` that names it
(``gateway_identifier = aws_bedrockagentcore_gateway.main.gateway_id``) one
of its targets, whichever file of the module folder each is written in.
Nested blocks are lists of at most one in the provider, so ``x[0]`` is the
API structure; the provider's own shapes are rebuilt in the API's words:
repeatable singular blocks become lists, ``credential_provider_configuration
{ api_key {…} }`` the typed one-item list, ``inline_payload { payload }`` the
payload string, and schema ``property`` blocks ``properties``/``required``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from gwlint.formats import Recorder, Translated
from gwlint.formats.terraform_config import Block, Body, Module
from gwlint.formats.terraform_names import CREDENTIALS, REPEATED, member, spellings
from gwlint.jsonpos import join_pointer
from gwlint.unresolved import Unresolved

GATEWAY = "aws_bedrockagentcore_gateway"
TARGET = "aws_bedrockagentcore_gateway_target"
#: Resource arguments that are Terraform's, not the API's (``region`` picks the endpoint).
META = frozenset(
    {"count", "for_each", "provider", "depends_on", "lifecycle", "timeouts", "region", "tags_all"}
)
_GATEWAY_REF = re.compile(
    rf"{GATEWAY}\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]*\])?\.(?:gateway_id|gateway_arn)"
)
#: credential_provider_configuration's blocks: the API type and provider member.
_CREDENTIALS: dict[str, tuple[str, str | None]] = {
    "gateway_iam_role": ("GATEWAY_IAM_ROLE", "iamCredentialProvider"),
    "api_key": ("API_KEY", "apiKeyCredentialProvider"),
    "oauth": ("OAUTH", "oauthCredentialProvider"),
    "caller_iam_credentials": ("CALLER_IAM_CREDENTIALS", "iamCredentialProvider"),
    "jwt_passthrough": ("JWT_PASSTHROUGH", None),
}
_SCHEMAS = frozenset({"input_schema", "output_schema", "items"})
#: Attributes holding JSON text that the API takes as a document.
_JSON_TEXT = frozenset({"parameter_values"})


@dataclass
class Resource:
    kind: str
    name: str
    block: Block

    @property
    def address(self) -> str:
        return f"{self.kind}.{self.name}"


def translate_module(module: Module, folder: str, region: str | None = None) -> list[Translated]:
    """One translation per gateway (with its targets), and per group of external targets."""
    resources = [
        Resource(block.labels[0], block.labels[1], block)
        for block in module.of("resource")
        if len(block.labels) == 2 and block.labels[0] in (GATEWAY, TARGET)
    ]
    gateways = {r.name: r for r in resources if r.kind == GATEWAY}
    paired: dict[str, list[Resource]] = {name: [] for name in gateways}
    external: dict[str, list[Resource]] = {}
    for target in (r for r in resources if r.kind == TARGET):
        identifier = target.block.body.attributes.get("gateway_identifier")
        written = str(identifier).strip().removeprefix("${").removesuffix("}").strip()
        match = _GATEWAY_REF.fullmatch(written) if identifier is not None else None
        gateway = _referenced(gateways, match) if isinstance(identifier, Unresolved) else None
        if gateway is not None:
            paired[gateway].append(target)
        else:
            external.setdefault(str(identifier), []).append(target)
    groups: list[tuple[Resource | None, list[Resource]]] = [
        (gateways[name], targets) for name, targets in paired.items()
    ]
    groups += [(None, targets) for targets in external.values()]
    return [
        _Mapper(module).deployment(gateway, targets, folder, region) for gateway, targets in groups
    ]


def _referenced(gateways: dict[str, Resource], match: re.Match[str] | None) -> str | None:
    """The gateway a reference names: the instance (``main[0]``, a plan), else the block.

    A plan names each instance of a counted gateway (``main[0]``, ``main["a"]``);
    a module folder has one block for them all, which any index names.
    """
    if match is None:
        return None
    name, index = match.group(1), match.group(2) or ""
    for key in (name + index, name):
        if key in gateways:
            return key
    return None


class _Mapper:
    def __init__(self, module: Module) -> None:
        self.module = module
        self.recorder = Recorder(module.positions, "terraform")
        self.document = self.recorder.document
        self.document.names.update(spellings())

    def record(self, api: str, source: str, written: str, file: str) -> None:
        self.recorder.node(api, source, written)
        self.document.files[api] = file

    def deployment(
        self, gateway: Resource | None, targets: list[Resource], folder: str, fallback: str | None
    ) -> Translated:
        data: dict[str, Any] = {}
        first = gateway or targets[0]
        region = self.region(first, fallback)
        if region is not None:
            data["region"] = region
        if gateway is not None:
            body = gateway.block.body
            self.record("/gateway", body.pointer, gateway.name, body.file)
            data["gateway"] = self.body(body, "/gateway", "resource", skip=META)
        data["targets"] = []
        skip = META | {"gateway_identifier"} if gateway is not None else META
        for i, target in enumerate(targets):
            body, api = target.block.body, f"/targets/{i}"
            self.record(api, body.pointer, target.name, body.file)
            data["targets"].append(self.body(body, api, "resource", skip=skip))
        self.record("/targets", first.block.body.pointer, first.name, first.block.body.file)
        address = first.address
        document = self.recorder.finish(data)
        identity = f"terraform:{folder}:{address}"
        return Translated(data, document, address, identity, first.block.body.file)

    # -- region -------------------------------------------------------------------

    def region(self, resource: Resource, fallback: str | None) -> Any:
        """The resource's ``region``, else its provider's, else ``--region``."""
        body = resource.block.body
        if "region" in body.attributes:
            self.record("/region", join_pointer(body.pointer, "region"), "region", body.file)
            return body.attributes["region"]
        chosen = body.attributes.get("provider")
        alias = str(chosen).split(".", 1)[-1] if chosen is not None else None
        for block in self.module.of("provider"):
            if block.labels != ["aws"] or block.body.attributes.get("alias") != alias:
                continue
            if "region" in block.body.attributes:
                pointer = join_pointer(block.pointer, "region")
                self.record("/region", pointer, "region", block.body.file)
                return block.body.attributes["region"]
        return fallback

    # -- blocks -------------------------------------------------------------------

    def body(self, body: Body, api: str, kind: str, *, skip: frozenset[str] = frozenset()) -> Any:
        """A block's content in the API's words."""
        out: dict[str, Any] = {}
        for name, value in body.attributes.items():
            if name in skip:
                continue
            out[member(name)] = self.attribute(body, name, value, api)
        seen: set[str] = set()
        for block in body.blocks:
            if block.kind in seen:
                continue
            seen.add(block.kind)
            if block.kind == "dynamic":
                for generated in body.blocks:
                    if generated.kind == "dynamic" and generated.labels:
                        label = generated.labels[0]
                        child = join_pointer(api, member(label))
                        self.record(child, generated.pointer, "dynamic", body.file)
                        out[member(label)] = Unresolved(f'dynamic "{label}"', "expression")
                continue
            instances = body.of(block.kind)
            child = join_pointer(api, member(block.kind))
            self.record(child, instances[0].pointer, block.kind, body.file)
            out[member(block.kind)] = self.blocks(instances, child, kind)
        return out

    def blocks(self, instances: list[Block], api: str, parent: str) -> Any:
        kind = instances[0].kind
        if kind in REPEATED or (kind == "inline_payload" and parent == "tool_schema"):
            items = []
            for i, block in enumerate(instances):
                child = join_pointer(api, i)
                self.record(child, block.pointer, kind, block.body.file)
                items.append(self.block(block, child, parent))
            return items
        if kind == CREDENTIALS:
            child = join_pointer(api, 0)
            self.record(child, instances[0].pointer, kind, instances[0].body.file)
            return [self.credentials(instances[0].body, child)]
        return self.block(instances[0], api, parent)

    def block(self, block: Block, api: str, parent: str) -> Any:
        body = block.body
        payload = block.kind == "inline_payload" and parent != "tool_schema"
        if payload and "payload" in body.attributes:  # the provider wraps the string
            pointer = join_pointer(body.pointer, "payload")
            self.record(api, pointer, "payload", body.file)
            return body.attributes["payload"]
        if block.kind in _SCHEMAS:
            return self.schema(body, api)
        return self.body(body, api, block.kind)

    def credentials(self, body: Body, api: str) -> dict[str, Any]:
        """``{ api_key {…} }`` → ``{credentialProviderType, credentialProvider: {…}}``."""
        out: dict[str, Any] = {}
        for block in body.blocks:
            if block.kind == "dynamic":
                child = join_pointer(api, "credentialProviderType")
                self.record(child, block.pointer, "dynamic", body.file)
                out["credentialProviderType"] = Unresolved(f'dynamic "{block.labels[0]}"')
                return out
            if block.kind not in _CREDENTIALS:
                continue
            kind, provider = _CREDENTIALS[block.kind]
            child = join_pointer(api, "credentialProviderType")
            self.record(child, block.pointer, block.kind, body.file)
            out["credentialProviderType"] = kind
            content = block.body.attributes or block.body.blocks
            if provider is not None and (content or block.kind != "gateway_iam_role"):
                holder = join_pointer(api, "credentialProvider")
                self.record(holder, block.pointer, block.kind, body.file)
                child = join_pointer(holder, provider)
                self.record(child, block.pointer, block.kind, body.file)
                out["credentialProvider"] = {provider: self.body(block.body, child, block.kind)}
            return out
        return out

    def schema(self, body: Body, api: str) -> Any:
        """A schema block: ``property`` blocks become ``properties`` and ``required``."""
        out: dict[str, Any] = {}
        for name, value in body.attributes.items():
            if name in ("name", "required"):  # a property's own key and flag
                continue
            if name in ("items_json", "properties_json"):
                self.json_schema(body, name, value, api, out)
                continue
            out[member(name)] = self.attribute(body, name, value, api)
        if body.dynamic("property") is not None or body.dynamic("items") is not None:
            label = "property" if body.dynamic("property") is not None else "items"
            dynamic = body.dynamic(label)
            assert dynamic is not None
            key = "properties" if label == "property" else "items"
            self.record(join_pointer(api, key), dynamic.pointer, "dynamic", body.file)
            out[key] = Unresolved(f'dynamic "{label}"', "expression")
        items = body.of("items")
        if items:
            child = join_pointer(api, "items")
            self.record(child, items[0].pointer, "items", body.file)
            out["items"] = self.schema(items[0].body, child)
        properties = body.of("property")
        if properties:
            self.properties(body, properties, api, out)
        return out

    def properties(self, body: Body, blocks: list[Block], api: str, out: dict[str, Any]) -> None:
        holder = join_pointer(api, "properties")
        self.record(holder, blocks[0].pointer, "property", body.file)
        found: dict[str, Any] = out.setdefault("properties", {})
        required: list[Any] = []
        for block in blocks:
            name = block.body.attributes.get("name")
            if not isinstance(name, str):
                out["properties"] = Unresolved(str(name), "expression")
                return
            child = join_pointer(holder, name)
            self.record(child, block.pointer, "property", block.body.file)
            found[name] = self.schema(block.body, child)
            flag = block.body.attributes.get("required")
            if flag is True or isinstance(flag, Unresolved):
                at = join_pointer(api, "required", len(required))
                pointer = join_pointer(block.pointer, "required")
                self.record(at, pointer, "required", block.body.file)
                required.append(name if flag is True else flag)
        if required:
            self.record(join_pointer(api, "required"), blocks[0].pointer, "property", body.file)
            out["required"] = required

    def json_schema(self, body: Body, name: str, value: Any, api: str, out: dict[str, Any]) -> None:
        """``items_json`` / ``properties_json``: a schema written as JSON text (jsonencode)."""
        pointer = join_pointer(body.pointer, name)
        parsed = _json(value)
        key = "items" if name == "items_json" else "properties"
        if name == "properties_json" and isinstance(parsed, dict) and "properties" in parsed:
            for part in ("properties", "required"):
                if part in parsed:
                    self.text_nodes(parsed[part], join_pointer(api, part), pointer, name, body.file)
                    out[part] = parsed[part]
            return
        self.text_nodes(parsed, join_pointer(api, key), pointer, name, body.file)
        out[key] = parsed

    def text_nodes(self, value: Any, api: str, source: str, written: str, file: str) -> None:
        """Nodes decoded from JSON text: all located at the attribute holding the text."""
        self.record(api, source, written, file)
        if isinstance(value, dict):
            for key, item in value.items():
                self.text_nodes(item, join_pointer(api, key), source, written, file)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.text_nodes(item, join_pointer(api, i), source, written, file)

    # -- attributes ---------------------------------------------------------------

    def attribute(self, body: Body, name: str, value: Any, api: str) -> Any:
        pointer = join_pointer(body.pointer, name)
        child = join_pointer(api, member(name))
        self.record(child, pointer, name, body.file)
        if name in _JSON_TEXT and isinstance(value, str):
            parsed = _json(value)
            self.text_nodes(parsed, child, pointer, name, body.file)
            return parsed
        self.nested(value, pointer, child, body.file)
        return value

    def nested(self, value: Any, source: str, api: str, file: str) -> None:
        """Record the elements of a list or map attribute (map keys are user data)."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.record(join_pointer(api, key), join_pointer(source, key), key, file)
                self.nested(item, join_pointer(source, key), join_pointer(api, key), file)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.recorder.node(join_pointer(api, i), join_pointer(source, i), str(i))
                self.document.files[join_pointer(api, i)] = file
                self.nested(item, join_pointer(source, i), join_pointer(api, i), file)


def _json(value: Any) -> Any:
    """JSON text decoded; anything else (Unresolved, bad JSON) kept as it is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


__all__ = ["GATEWAY", "TARGET", "translate_module"]
