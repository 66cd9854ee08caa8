"""Documents users embed in their configs: parsing and describing them.

An OpenAPI or Smithy schema arrives as ``inlinePayload`` text; rules that
check it (GW211) or read it (GW217 looks for ``servers``) parse it here.
YAML is read only when PyYAML is installed: it is not a dependency.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any, NamedTuple


def json_kind(value: Any) -> str:
    """The JSON name of a decoded value's type for messages: 'an object', 'an array'…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    from gwlint.unresolved import Unresolved

    if isinstance(value, Unresolved):
        return f"set at deploy time ({value.text})"
    return type(value).__name__


def _yaml_loader() -> Callable[[str], Any] | None:
    """``yaml.safe_load`` when PyYAML is importable (it is not a dependency)."""
    try:
        module = importlib.import_module("yaml")
    except ImportError:
        return None
    loader: Callable[[str], Any] = module.safe_load
    return loader


class Parsed(NamedTuple):
    """An inline document, parsed; ``error`` or ``unchecked`` say why not."""

    value: Any = None
    error: str | None = None
    unchecked: str | None = None
    syntax: str = "JSON"


def parse_document(text: str, *, allow_yaml: bool = True) -> Parsed:
    """Parse an inline payload as JSON, or as YAML when it is not JSON-shaped."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")) or not allow_yaml:
        try:
            return Parsed(json.loads(stripped))
        except ValueError as exc:
            return Parsed(error=f"is not valid JSON ({exc})")
    load = _yaml_loader()
    if load is None:
        return Parsed(unchecked="not checked: YAML (install PyYAML to check YAML payloads)")
    try:
        return Parsed(load(stripped), syntax="YAML")
    except Exception as exc:  # yaml.YAMLError and kin
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Parsed(error=f"is neither JSON nor valid YAML ({problem})")
