"""Helpers every source uses to build model nodes with their origins."""

from __future__ import annotations

from typing import Any, TypeVar

from gwlint.jsonpos import join_pointer
from gwlint.masking import mask_tree
from gwlint.model import Node, Origin, Secret

N = TypeVar("N", bound=Node)
_MISSING = object()

#: A model field -> the path of keys (relative to the node's object) it is read from.
#: Several alternative paths may be given; the first one present wins.
Mapping = dict[str, tuple[tuple[str, ...], ...]]

SECRET_FIELDS = frozenset({"client_secret", "access_token"})


def dig(obj: Any, path: tuple[str, ...]) -> Any:
    """Value at ``path`` inside nested dicts, or ``_MISSING``."""
    current = obj
    for key in path:
        if not isinstance(current, dict) or key not in current:
            return _MISSING
        current = current[key]
    return current


def present(obj: Any, path: tuple[str, ...]) -> bool:
    return dig(obj, path) is not _MISSING


def build(
    cls: type[N],
    obj: Any,
    pointer: str,
    mapping: Mapping,
    *,
    file: str | None,
    resource: str | None = None,
    **extra: Any,
) -> N:
    """Make a ``cls`` node from ``obj`` (found at ``pointer`` in ``file``).

    Each mapped field takes the first of its key paths present in ``obj`` and
    records that path's absolute JSON pointer; missing fields stay ``None`` and
    are located at the node itself. Mapping keys that are not model fields
    only record where that part of the object sits. ``obj`` is masked first
    (a no-op for an input already masked): no node ever holds a secret.
    """
    obj = mask_tree(obj)
    values: dict[str, Any] = {}
    fields: dict[str, str] = {}
    here = obj if isinstance(obj, dict) else {}
    for field, paths in mapping.items():
        for path in paths:
            # most paths are one key: looked up here, not dug (a node per tool of a large file)
            value = here.get(path[0], _MISSING) if len(path) == 1 else dig(obj, path)
            if value is _MISSING:
                continue
            info = cls.model_fields.get(field)
            if info is not None and field in SECRET_FIELDS:
                values[field] = Secret(value)
            elif info is not None and info.annotation is Any:
                values[field] = value
            # Other keys (not model fields, or typed sub-nodes the source builds
            # itself, e.g. credential_providers) are recorded for locations only:
            # a raw value there (``false``, ``[1]``) must not fail validation.
            fields[field] = join_pointer(pointer, *path)
            break
    origin = Origin(file=file, pointer=pointer, fields=fields, resource=resource)
    return cls(origin=origin, raw=obj, **values, **extra)


def build_list(
    cls: type[N],
    items: list[Any],
    pointer: str,
    mapping: Mapping,
    *,
    file: str | None,
    resource: str | None = None,
) -> list[N]:
    """One ``cls`` node per item of the JSON array ``items`` found at ``pointer``."""
    return [
        build(cls, item, join_pointer(pointer, i), mapping, file=file, resource=resource)
        for i, item in enumerate(items)
    ]


def paths(*alternatives: str) -> tuple[tuple[str, ...], ...]:
    """``paths("a/b", "c")`` -> ``(("a", "b"), ("c",))`` for mapping tables."""
    return tuple(tuple(alt.split("/")) for alt in alternatives)
