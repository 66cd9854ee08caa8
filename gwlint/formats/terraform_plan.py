"""``terraform show -json`` plan files read as AgentCore deployments.

The plan's ``planned_values`` hold every resource's arguments as Terraform
will send them, nested blocks as arrays of objects; a value known only after
apply is left out there and marked ``true`` at the same path in the
resource's ``change.after_unknown``, so it becomes
:class:`~gwlint.unresolved.Unresolved` ("known after apply"). A plan has no
HCL positions: findings point into the plan file itself
(``/planned_values/root_module/resources/0/values/…``). Targets pair with
their gateway through ``configuration``'s
``expressions.gateway_identifier.references``, which name the gateway while
its ID is still unknown. Each instance of a counted (``count``/``for_each``)
gateway is a deployment of its own, named by its full address; a target
instance pairs with the gateway instance of its own key when its reference
indexes by ``count.index`` or ``each.key`` (Terraform prints that as the bare
gateway address next to ``count.index``), with the one a literal index names,
and is otherwise left unpaired.
"""

from __future__ import annotations

import re
from typing import Any

from gwlint.formats import NoDefinitions, Source, Translated
from gwlint.formats.terraform_config import Block, Body, Module
from gwlint.formats.terraform_json import BLOCKS
from gwlint.formats.terraform_mapping import GATEWAY, TARGET, translate_module
from gwlint.jsonpos import join_pointer
from gwlint.unresolved import Unresolved

AFTER_APPLY = "known after apply"
PLAN = "terraform-plan"
#: Attributes the provider computes: response fields, not request members.
COMPUTED = frozenset(
    {"id", "gateway_arn", "gateway_id", "gateway_url", "workload_identity_details", "target_id"}
)
#: An instance key in a resource address: ``[0]`` (count) or ``["blue"]`` (for_each).
_INSTANCE_KEY = re.compile(r'\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]')
#: The instance key closing a resource address: the resource's own, not its module's.
_OWN_KEY = re.compile(rf"(?:{_INSTANCE_KEY.pattern})\Z")
#: The index expressions that name the target's own key: count.index ``[0]``, each.key ``["a"]``.
_REPEAT = {"count.index": re.compile(r"\[[0-9]+\]"), "each.key": re.compile(r'\[".*"\]')}


def read(source: Source) -> list[Translated]:
    document = source.json()
    plan = document.data
    if not isinstance(plan, dict) or not isinstance(plan.get("planned_values"), dict):
        raise NoDefinitions("file is not a `terraform show -json` plan (no planned_values)")
    unknown = {
        str(change.get("address")): _dict(_dict(change.get("change")).get("after_unknown"))
        for change in _list(plan.get("resource_changes"))
        if isinstance(change, dict)
    }
    references = _references(_dict(_dict(plan.get("configuration")).get("root_module")), "")
    out: list[Translated] = []
    for pointer, module in _modules(
        plan["planned_values"].get("root_module"), "/planned_values/root_module"
    ):
        decoded = Module(positions=document)
        for i, resource in enumerate(_list(module.get("resources"))):
            block = _resource(
                resource, join_pointer(pointer, "resources", i), source.file, unknown, references
            )
            if block is not None:
                decoded.blocks.append(block)
        out.extend(translate_module(decoded, source.file + pointer, source.region))
    for item in out:
        item.document.format = PLAN  # findings say which kind of Terraform file
    return out


def _modules(module: Any, pointer: str) -> list[tuple[str, dict[str, Any]]]:
    """The root module and every child module, with their pointers."""
    if not isinstance(module, dict):
        return []
    found = [(pointer, module)]
    for i, child in enumerate(_list(module.get("child_modules"))):
        found.extend(_modules(child, join_pointer(pointer, "child_modules", i)))
    return found


def _references(module: dict[str, Any], prefix: str) -> dict[str, list[str]]:
    """Target address → the references of its ``gateway_identifier``, when one is a gateway."""
    found: dict[str, list[str]] = {}
    for resource in _list(module.get("resources")):
        if not isinstance(resource, dict) or resource.get("type") != TARGET:
            continue
        expression = _dict(_dict(resource.get("expressions")).get("gateway_identifier"))
        references = [r for r in _list(expression.get("references")) if isinstance(r, str)]
        if any(reference.startswith(GATEWAY + ".") for reference in references):
            found[prefix + str(resource.get("address"))] = references
    for name, call in _dict(module.get("module_calls")).items():
        found.update(_references(_dict(_dict(call).get("module")), f"{prefix}module.{name}."))
    return found


def _resource(
    resource: Any,
    pointer: str,
    file: str,
    unknown: dict[Any, Any],
    references: dict[str, list[str]],
) -> Block | None:
    if not isinstance(resource, dict) or resource.get("type") not in (GATEWAY, TARGET):
        return None
    if resource.get("mode", "managed") != "managed":
        return None
    address = str(resource.get("address"))
    values = resource.get("values")
    values = values if isinstance(values, dict) else {}
    body = _body(values, unknown.get(address), join_pointer(pointer, "values"), file)
    for name in COMPUTED:
        body.attributes.pop(name, None)
    own = _OWN_KEY.search(address)
    key = own.group(0) if own else ""
    # configuration addresses name no instances: module.a[0].x.y["k"] is module.a.x.y there
    written = references.get(_INSTANCE_KEY.sub("", address))
    if written is not None:  # paired while the gateway's ID is unknown
        reference = _gateway_reference(written, key)
        body.attributes["gateway_identifier"] = Unresolved(reference, "reference")
    # one resource per instance: main[0] and main[1] are two gateways
    return Block("resource", [str(resource["type"]), str(resource.get("name")) + key], body)


def _gateway_reference(references: list[str], key: str) -> str:
    """The gateway instance a target instance (of ``key``) references, as HCL writes it.

    ``main[count.index]`` comes out of the plan as ``["…gateway.main", "count.index"]``
    (an index that is no literal is not part of the reference), or spelled out
    as ``…gateway.main[count.index].gateway_id``; either names the gateway of
    the target's own key.
    """
    reference = next(r for r in references if r.startswith(GATEWAY + "."))
    for marker, shape in _REPEAT.items():
        index = f"[{marker}]"
        if reference.count(".") == 1 and "[" not in reference and marker in references:
            reference = f"{reference}{index}"  # the short form: bare address, the key beside it
        if index in reference:
            own = key if shape.fullmatch(key) else index
            reference = reference.replace(index, own)
    return reference if reference.count(".") >= 2 else f"{reference}.gateway_id"


def _dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object: a plan edited by hand may hold anything."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _body(values: dict[str, Any], unknown: Any, pointer: str, file: str) -> Body:
    body = Body(pointer, file)
    unknown = unknown if isinstance(unknown, dict) else {}
    for key in [*values, *(k for k in unknown if k not in values)]:
        value = values.get(key)
        marks = unknown.get(key)
        child = join_pointer(pointer, key)
        if marks is True:
            body.attributes[key] = Unresolved(AFTER_APPLY, "reference")
        elif key in BLOCKS and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    inner = marks[i] if isinstance(marks, list) and i < len(marks) else {}
                    body.blocks.append(
                        Block(key, [], _body(item, inner, join_pointer(child, i), file))
                    )
        elif value is not None:
            body.attributes[key] = _value(value, marks)
    return body


def _value(value: Any, marks: Any) -> Any:
    """A value with the parts marked unknown replaced by Unresolved."""
    if marks is True:
        return Unresolved(AFTER_APPLY, "reference")
    if isinstance(value, list):
        marks = marks if isinstance(marks, list) else []
        return [_value(v, marks[i] if i < len(marks) else None) for i, v in enumerate(value)]
    if isinstance(value, dict):
        marks = marks if isinstance(marks, dict) else {}
        return {k: _value(v, marks.get(k)) for k, v in value.items()}
    return value


__all__ = ["AFTER_APPLY", "read"]
