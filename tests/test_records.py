"""Record classes behave as the dataclasses they replace: constructor, equality, repr."""

from __future__ import annotations

from dataclasses import field

import pytest

from gwlint.records import record


@record
class Plain:
    name: str
    count: int = 0
    items: list[str] = field(default_factory=list)
    hidden: object = field(default=None, repr=False)


def test_constructor_defaults_and_factories() -> None:
    made = Plain("a", 2)
    assert (made.name, made.count, made.items, made.hidden) == ("a", 2, [], None)
    assert Plain("a").items is not Plain("a").items
    assert Plain(name="b", items=["x"]).items == ["x"]
    assert "hidden" not in vars(Plain)  # the field() marker does not stay a class attribute


def test_equality_and_repr_as_a_dataclass_has_them() -> None:
    assert Plain("a", 1) == Plain("a", 1)
    assert Plain("a", 1) != Plain("a", 2)
    assert Plain("a").__eq__("a") is NotImplemented
    assert repr(Plain("a", 1, ["x"], hidden=3)) == "Plain(name='a', count=1, items=['x'])"
    with pytest.raises(TypeError, match="unhashable"):
        hash(Plain("a"))


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing argument 'name'"),
        (("a", 1, [], None, 5), {}, "takes 4 positional arguments"),
        (("a",), {"name": "b"}, "repeated argument 'name'"),
        ((), {"nmae": "a"}, "unexpected or repeated argument 'nmae'"),
    ],
)
def test_bad_arguments_are_type_errors(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        Plain(*args, **kwargs)  # type: ignore[arg-type, call-arg, misc]
