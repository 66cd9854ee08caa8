"""GW208's quick answer for sound schemas agrees with its full search for problems."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from gwlint_rules.gw208_tool_schema_valid import _problems, sound

BASE: dict[str, Any] = {
    "type": "object",
    "description": "arguments",
    "properties": {
        "region": {"type": "string", "description": "AWS Region"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "filter": {
            "type": "object",
            "properties": {"severity": {"type": "string"}},
            "required": ["severity"],
        },
    },
    "required": ["region"],
}

#: Ways to break (or keep sound) one schema object, each applied at every level.
MUTATIONS: dict[str, Any] = {
    "no type": lambda s: s.pop("type"),
    "unknown type": lambda s: s.update(type="float"),
    "list type": lambda s: s.update(type=["string", "null"]),
    "null type": lambda s: s.update(type="null"),
    "number type": lambda s: s.update(type=3),
    "properties list": lambda s: s.update(properties=[]),
    "property not a schema": lambda s: s.update(properties={"x": "string"}),
    "required string": lambda s: s.update(required="region"),
    "required number": lambda s: s.update(required=[1]),
    "required unknown": lambda s: s.update(required=["nowhere"]),
    "required without properties": lambda s: (s.pop("properties", None), s.update(required=["a"])),
    "items list": lambda s: s.update(items=[{"type": "string"}]),
    "items broken": lambda s: s.update(type="array", items={"type": "nope"}),
    "array without items": lambda s: (s.pop("items", None), s.update(type="array")),
    "array with items": lambda s: s.update(type="array", items={"type": "string"}),
    "description number": lambda s: s.update(description=5),
    "unknown key": lambda s: s.update(enum=["a"]),
    "empty": lambda s: s.clear(),
    "only type": lambda s: (s.clear(), s.update(type="string")),
}


def _objects(schema: Any) -> list[dict[str, Any]]:
    """Every schema object in ``schema``: itself, its properties and items, all the way down."""
    found = [schema]
    for sub in (schema.get("properties") or {}).values():
        if isinstance(sub, dict):
            found.extend(_objects(sub))
    if isinstance(schema.get("items"), dict):
        found.extend(_objects(schema["items"]))
    return found


def _variants() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("base", BASE), ("not an object", "string"), ("list", [])]
    for name, mutate in MUTATIONS.items():
        for level in range(len(_objects(BASE))):
            schema = copy.deepcopy(BASE)
            mutate(_objects(schema)[level])
            out.append((f"{name} at object {level}", schema))
    for (one, first), (two, second) in itertools.combinations(list(MUTATIONS.items())[:8], 2):
        schema = copy.deepcopy(BASE)
        first(_objects(schema)[0])
        second(_objects(schema)[-1])
        out.append((f"{one} + {two}", schema))
    return out


@pytest.mark.parametrize("unknown_keys", [True, False])
@pytest.mark.parametrize(("name", "schema"), _variants(), ids=[n for n, _ in _variants()])
def test_sound_exactly_when_no_problem_is_found(name: str, schema: Any, unknown_keys: bool) -> None:
    problems = list(_problems(schema, "/s", "schema", unknown_keys))
    assert sound(schema, unknown_keys) is (not problems), problems


def test_the_base_schema_is_sound_and_a_broken_one_is_not() -> None:
    assert sound(BASE, True)
    broken = copy.deepcopy(BASE)
    broken["properties"]["filter"]["properties"]["severity"]["type"] = "enum"
    assert not sound(broken, True)
    [(pointer, message, severity)] = list(_problems(broken, "/s", "schema", True))
    assert pointer == "/s/properties/filter/properties/severity/type"
    assert severity is None and message.startswith("schema.properties.filter.properties.severity")
