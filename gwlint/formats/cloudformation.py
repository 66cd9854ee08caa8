"""CloudFormation templates (YAML or JSON) and CDK synth output, read as API requests.

Every ``AWS::BedrockAgentCore::Gateway`` becomes a deployment holding the
``AWS::BedrockAgentCore::GatewayTarget`` resources whose ``GatewayIdentifier``
refers to it (``!Ref Gw``, ``!GetAtt Gw.GatewayIdentifier`` or ``.GatewayArn``);
targets of a gateway defined elsewhere (a literal ID, ``!ImportValue``, a
parameter) form deployments of targets only. Property names are the API's
with the first letter upper-cased at every depth, except in maps whose keys
are user data (tags, schema ``Properties``), so the translation is mechanical.

Values set at deploy time (intrinsic functions, ``{{resolve:…}}`` dynamic
references, CDK ``${Token[…]}`` strings) become :class:`Unresolved`;
``!Ref AWS::NoValue`` removes its key. Read-only attributes (``GatewayUrl``,
``Status``…) are not request members and are left out. Pointers in findings
are ``/Resources/<LogicalId>/Properties/…`` into the template.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from gwlint import apispec
from gwlint.formats import (
    FormatError,
    NoDefinitions,
    Recorder,
    Source,
    Translated,
    lower_first,
    translate,
)
from gwlint.jsonpos import (
    DuplicateKey,
    JSONPositionError,
    LocatedDocument,
    join_pointer,
    split_pointer,
)
from gwlint.masking import holds_secret_value, is_secret_key, mask_text, mask_tree, shown
from gwlint.unresolved import Unresolved

FORMAT = "cloudformation"
GATEWAY = "AWS::BedrockAgentCore::Gateway"
TARGET = "AWS::BedrockAgentCore::GatewayTarget"

#: Attributes CloudFormation returns (``Fn::GetAtt`` targets), never request members.
READ_ONLY = {
    GATEWAY: frozenset(
        [
            "GatewayArn",
            "GatewayIdentifier",
            "GatewayUrl",
            "Status",
            "StatusReasons",
            "WebAclArn",
            "WorkloadIdentityDetails",
            "CreatedAt",
            "UpdatedAt",
        ]
    ),
    TARGET: frozenset(
        [
            "TargetId",
            "GatewayArn",
            "ProtocolType",
            "Status",
            "StatusReasons",
            "AuthorizationData",
            "LastSynchronizedAt",
            "PrivateEndpointManagedResources",
            "CreatedAt",
            "UpdatedAt",
        ]
    ),
}
#: Template properties with no CreateGateway counterpart: CloudFormation applies
#: ``WafConfiguration`` after creating the gateway (UpdateGateway), so it is not read.
NOT_CREATE = {GATEWAY: frozenset({"WafConfiguration"}), TARGET: frozenset()}

_DYNAMIC = re.compile(r"\{\{resolve:|\$\{Token\[")
_PLACEHOLDER = re.compile(r"^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9]+)?\}$")


def read(source: Source) -> list[Translated]:
    """Every gateway of the template with its targets; targets of outside gateways apart."""
    template, spelled = _decode(source)
    resources = template.data.get("Resources") if isinstance(template.data, dict) else None
    if not isinstance(resources, dict):
        raise NoDefinitions()
    typed = {
        logical_id: resource["Type"]
        for logical_id, resource in resources.items()
        if isinstance(resource, dict) and resource.get("Type") in (GATEWAY, TARGET)
    }
    if not typed:
        raise NoDefinitions()
    gateways = [lid for lid, kind in typed.items() if kind == GATEWAY]
    groups: dict[str, list[str]] = {lid: [] for lid in gateways}
    for lid, kind in typed.items():
        if kind == TARGET:
            owner = _owner(resources[lid], gateways)
            groups.setdefault(owner or _external(resources[lid]), []).append(lid)
    region = source.region or _cdk_region(source.file)
    reader = _Reader(template, spelled, resources)
    translations = [
        reader.deployment(key if key in gateways else None, lids, region)
        for key, lids in groups.items()
    ]
    _attach_duplicates(template.duplicates, translations, groups)
    return translations


def _decode(source: Source) -> tuple[LocatedDocument, dict[str, str]]:
    if source.text.lstrip().startswith("{"):
        try:
            return source.json(), {}
        except JSONPositionError as exc:
            if source.file.lower().endswith(".json"):
                raise FormatError(f"{exc.msg} (JSON)", exc.line, exc.column) from None
            # a .yaml/.template file may be YAML in flow style: let the YAML parser judge
    from gwlint.formats import cfn_yaml  # PyYAML only for YAML templates

    return cfn_yaml.loads(source.text)


def _owner(target: dict[str, Any], gateways: list[str]) -> str | None:
    """The logical ID of the template's gateway a target's ``GatewayIdentifier`` names."""
    props = target.get("Properties")
    ident = props.get("GatewayIdentifier") if isinstance(props, dict) else None
    named: Any = None
    if isinstance(ident, dict) and len(ident) == 1:
        ((function, argument),) = ident.items()
        if function == "Ref":
            named = argument
        elif function == "Fn::GetAtt":
            parts = argument.split(".", 1) if isinstance(argument, str) else argument
            named = parts[0] if isinstance(parts, list) and parts else None
        elif function == "Fn::Sub" and isinstance(argument, str):
            match = _PLACEHOLDER.match(argument)
            named = match.group(1) if match else None
    return named if isinstance(named, str) and named in gateways else None


def _external(target: dict[str, Any]) -> str:
    """Grouping key for targets of a gateway the template does not define."""
    props = target.get("Properties")
    ident = props.get("GatewayIdentifier") if isinstance(props, dict) else None
    return "external:" + json.dumps(ident, sort_keys=True, default=str)


class _Reader:
    def __init__(
        self, template: LocatedDocument, spelled: dict[str, str], resources: dict[str, Any]
    ) -> None:
        self.template = template
        self.spelled = spelled
        self.resources = resources

    def deployment(self, gateway: str | None, targets: list[str], region: str | None) -> Translated:
        recorder = Recorder(self.template, FORMAT)
        recorder.node("", "")
        data: dict[str, Any] = {}
        if region:
            data["region"] = region
        if gateway is not None:
            data["gateway"] = self.resource(gateway, "/gateway", recorder)
        recorder.node("/targets", "/Resources")
        data["targets"] = [
            self.resource(lid, f"/targets/{i}", recorder) for i, lid in enumerate(targets)
        ]
        document = recorder.finish(data)
        for member, spelling in _spellings().items():
            document.names.setdefault(member, spelling)
        address = f"Resources/{gateway if gateway is not None else targets[0]}"
        return Translated(data=data, document=document, address=address)

    def resource(self, logical_id: str, api: str, recorder: Recorder) -> Any:
        resource = self.resources[logical_id]
        base = join_pointer("/Resources", logical_id)
        props = resource.get("Properties")
        if props is None:  # no properties at all: every required member is missing
            recorder.node(api, base)
            return {}
        kind = resource["Type"]
        skipped = READ_ONLY[kind] | NOT_CREATE[kind]
        if isinstance(props, dict):
            props = {k: v for k, v in props.items() if k not in skipped}
        return translate(
            _without_no_value(props),
            join_pointer(base, "Properties"),
            api,
            recorder,
            lower_first,
            self.convert,
        )

    def convert(self, value: Any, pointer: str) -> Any:
        """An intrinsic function or dynamic reference is an :class:`Unresolved` value."""
        if isinstance(value, dict) and len(value) == 1:
            (function,) = value
            if function == "Ref" or function.startswith("Fn::"):
                kind = "reference" if function in ("Ref", "Fn::GetAtt") else "function"
                return Unresolved(self.written(value, pointer), kind)
        if isinstance(value, str) and _DYNAMIC.search(value):
            return Unresolved(mask_text(value), "interpolation")
        return value

    def written(self, value: dict[str, Any], pointer: str) -> str:
        """How the function is written, for the skip message: secrets in it masked."""
        (function,) = value
        key = split_pointer(pointer)[-1] if pointer else ""
        if is_secret_key(key):
            return f"{function} (its text is not shown: {key} holds a secret)"
        if holds_secret_value(value):  # a secret-named key inside the function's arguments
            text = json.dumps(mask_tree(value), separators=(", ", ": "), default=str)
        else:
            text = self.spelled.get(pointer) or json.dumps(
                value, separators=(", ", ": "), default=str
            )
        return shown(text, 80)


def _without_no_value(value: Any) -> Any:
    """``value`` without the keys set to ``Ref: AWS::NoValue`` (CloudFormation drops them).

    Elsewhere (a branch of ``Fn::If``, a list item) it stays as written: a reference
    the reader turns into an unresolved value like any other.
    """
    if isinstance(value, dict):
        return {k: _without_no_value(v) for k, v in value.items() if v != {"Ref": "AWS::NoValue"}}
    if isinstance(value, list):
        return [_without_no_value(v) for v in value]
    return value


def _attach_duplicates(
    duplicates: list[DuplicateKey],
    translations: list[Translated],
    groups: dict[str, list[str]],
) -> None:
    """Each repeated key goes to the deployment of the resource holding it (else the first).

    The duplicate stays in the template's pointers; its position is recorded
    under that pointer so GW001 is located at the second key.
    """
    owners = {lid: t for t, lids in zip(translations, groups.values(), strict=True) for lid in lids}
    for dup in duplicates:
        parts = dup.pointer.split("/")
        resource = parts[2] if len(parts) > 2 and parts[1] == "Resources" else None
        item = owners.get(resource or "") or translations[0]
        pointer = join_pointer(dup.pointer, dup.key)
        item.document.values.setdefault(pointer, dup.second)
        item.document.keys.setdefault(pointer, dup.second)
        item.document.duplicates.append(dup)


@cache
def _spellings() -> dict[str, str]:
    """The template spelling of every API member: its first letter upper-cased."""
    names: dict[str, str] = {}
    for shape in apispec.spec()["shapes"].values():
        for member in shape.get("members", {}):
            names.setdefault(member, member[:1].upper() + member[1:])
    return names


def _cdk_region(file: str) -> str | None:
    """The region CDK synthesized a ``cdk.out`` template for, when its manifest names one."""
    path = Path(file)
    manifest = path.parent / "manifest.json"
    try:
        artifacts = json.loads(manifest.read_text(encoding="utf-8")).get("artifacts", {})
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(artifacts, dict):
        return None
    for artifact in artifacts.values():
        if not isinstance(artifact, dict) or artifact.get("type") != "aws:cloudformation:stack":
            continue
        props = artifact.get("properties")
        if not isinstance(props, dict) or props.get("templateFile") != path.name:
            continue
        env = artifact.get("environment")
        region = env.rsplit("/", 1)[-1] if isinstance(env, str) else ""
        if region and not region.startswith("unknown-"):
            return region
    return None


__all__ = ["GATEWAY", "TARGET", "read"]
