"""The deployment model: plain keyword-only classes with the API sources and rules use."""

from __future__ import annotations

from typing import Any

import pytest

from gwlint.model import Deployment, Gateway, Origin, Secret, Target, ToolDefinition


def test_nodes_are_built_by_keyword_and_keep_what_was_written() -> None:
    origin = Origin(file="d.json", pointer="/gateway", fields={"name": "/gateway/name"})
    gateway = Gateway(origin=origin, name=123, raw={"name": 123})
    assert gateway.name == 123 and gateway.has("name") and not gateway.has("role_arn")
    assert gateway.origin.pointer_for("role_arn") == "/gateway"
    with pytest.raises(TypeError):
        Gateway("positional")  # type: ignore[misc]


def test_defaults_are_made_per_node() -> None:
    first, second = Deployment(), Deployment()
    first.targets.append(Target(name="t"))
    assert second.targets == [] and first.origin is not second.origin


def test_a_node_takes_no_attribute_it_does_not_declare() -> None:
    with pytest.raises(AttributeError):
        Target().nmae = "typo"  # type: ignore[attr-defined]


def test_model_dump_nests_nodes_and_leaves_out_origins() -> None:
    tool = ToolDefinition(name="Lookup", origin=Origin(pointer="/t/0"))
    target = Target(name="t", kinds=["mcp.lambda"], tools=[tool])
    dumped: dict[str, Any] = Deployment(file="d.json", targets=[target]).model_dump()
    assert "origin" not in dumped and dumped["file"] == "d.json"
    [written] = dumped["targets"]
    assert written["kinds"] == ["mcp.lambda"] and "origin" not in written
    assert written["tools"] == [
        {"raw": None, "name": "Lookup", "description": None, "input_schema": None,
         "output_schema": None}
    ]  # fmt: skip


def test_secrets_stay_masked_in_a_dump() -> None:
    from gwlint.model import ClientConfig

    dumped = Deployment(client=ClientConfig(client_secret=Secret("s3cr3t-value"))).model_dump()
    assert "s3cr3t-value" not in repr(dumped)


def test_field_annotations_tell_value_fields_from_typed_ones() -> None:
    assert Target.model_fields["endpoint"].annotation is Any
    assert Target.model_fields["tools"].annotation is not Any
    assert "origin" in Gateway.model_fields and "name" in Gateway.model_fields


def test_an_origin_copy_is_shallow() -> None:
    origin = Origin(file="f", fields={"a": "/a"})
    copy = origin.model_copy()
    assert copy == origin and copy is not origin and copy.fields is origin.fields
