"""Typer's parameter coercion, without importing pydantic for the plain cases.

Typer (0.2x) builds a pydantic ``TypeAdapter`` for every parameter it
processes; importing pydantic for that cost about 45 ms, a quarter of a
one-file check. gwlint's options are strings, lists of strings, enum choices
and flags. For those, a value that is already what typer would return
(a ``str`` for ``str``, an exact choice of an enum, a ``bool``) is taken
as it is. Anything else (another type, a number, a value typer would convert
or reject) goes to typer's own coercion, built when first needed, so every
conversion and every error message stays typer's.

Installed only when typer has the hook (``_TyperParameter.get_runtime_param``
and ``_coercion.RuntimeParam``); other typer versions run unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

#: A conversion's answer when typer's own coercion must decide.
UNSURE: Any = object()

Convert = Callable[[Any, Any], Any]  # (value, click context) -> value or UNSURE


def _unsure(value: Any, ctx: Any) -> Any:
    return UNSURE


def _same(value: Any, ctx: Any) -> Any:
    return value if type(value) is str else UNSURE


def _flag(value: Any, ctx: Any) -> Any:
    return value if isinstance(value, bool) else UNSURE


def _choice(annotation: type[Enum], case_sensitive: bool) -> Convert:
    from typer._param_types import coerce_cli_choice

    choices = list(annotation)

    def convert(value: Any, ctx: Any) -> Any:
        if not isinstance(value, str | Enum):
            return UNSURE
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError:
            return UNSURE

    return convert


def _items(item: Convert) -> Convert:
    def convert(value: Any, ctx: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        out = [item(v, ctx) for v in values]
        return UNSURE if any(v is UNSURE for v in out) else out

    return convert


def converter(annotation: Any, info: Any) -> Convert | None:
    """The plain conversion for ``annotation``, or None where typer must convert."""
    if getattr(info, "parser", None) is not None:
        return None
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        item = converter(item_type, info)
        return None if item is None else _items(item)
    if annotation is str:
        return _same
    if annotation is bool:
        return _flag
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, bool(getattr(info, "case_sensitive", True)))
    return None


def install() -> bool:
    """Route typer's coercion through :func:`converter` first; True when installed."""
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - a typer without the runtime coercion layer
        return False
    parameter = getattr(core, "_TyperParameter", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    if parameter is None or base is None or build is None:  # pragma: no cover
        return False
    if getattr(parameter, "_gwlint_plain", False):
        return True
    typers_own: Callable[[Any], Any] = build

    @dataclass(frozen=True)
    class PlainParam(base):  # type: ignore[valid-type, misc]
        """Plain values as they are; typer's own coercion for everything else."""

        descriptor: Any = None
        convert: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            result = self.convert(value, ctx)
            if result is UNSURE:
                return typers_own(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            return result

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            if descriptor.file_annotation is not None:
                self._runtime_param = typers_own(descriptor)
            else:  # typer's own is built only for a value that needs it (not for None)
                convert = converter(descriptor.annotation, descriptor.parameter_info)
                self._runtime_param = PlainParam(
                    parameter_info=descriptor.parameter_info,
                    annotation=descriptor.annotation,
                    descriptor=descriptor,
                    convert=convert or _unsure,
                )
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._gwlint_plain = True
    return True
