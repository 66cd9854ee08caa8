"""Plain record classes for what a run makes once or twice (settings, configuration).

``@dataclass`` writes and compiles source code for each class's ``__init__``,
``__repr__`` and ``__eq__``: 0.3-1.4 ms a class, paid at import by every run.
:func:`record` gives the same constructor (positional or keyword, defaults,
``field(default_factory=...)``), field-by-field equality and repr without
compiling anything, for classes whose instances are few. Type checkers read
it as a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

from dataclasses import MISSING, Field, field
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[_T]) -> type[_T]:
    """``cls`` with ``__init__``, ``__eq__`` and ``__repr__`` from its annotated fields."""
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    shown: list[str] = []
    for klass in reversed(cls.__mro__):
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            if "ClassVar" in str(annotation) or name in names:
                continue
            names.append(name)
            value = vars(klass).get(name, MISSING)
            if isinstance(value, Field):
                if value.default_factory is not MISSING:
                    factories[name] = value.default_factory
                elif value.default is not MISSING:
                    defaults[name] = value.default
                if value.repr:
                    shown.append(name)
                if name in vars(cls):
                    delattr(cls, name)
            else:
                if value is not MISSING:
                    defaults[name] = value
                shown.append(name)
    order = tuple(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(order):
            raise TypeError(f"{cls.__name__}() takes {len(order)} positional arguments")
        given = dict(zip(order, args, strict=False))
        for name, value in kwargs.items():
            if name not in order or name in given:
                raise TypeError(f"{cls.__name__}() got an unexpected or repeated argument {name!r}")
            given[name] = value
        for name in order:
            if name in given:
                value = given[name]
            elif name in factories:
                value = factories[name]()
            elif name in defaults:
                value = defaults[name]
            else:
                raise TypeError(f"{cls.__name__}() missing argument {name!r}")
            object.__setattr__(self, name, value)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in order)

    def __repr__(self: Any) -> str:
        shown_values = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
        return f"{cls.__qualname__}({shown_values})"

    methods = {"__init__": __init__, "__eq__": __eq__, "__repr__": __repr__, "__hash__": None}
    for name, method in methods.items():  # __hash__ None: mutable and compared, as a dataclass
        setattr(cls, name, method)
    return cls


__all__ = ["record"]
