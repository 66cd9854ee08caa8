"""The position-tracking JSON loader agrees with ``json`` and locates every value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gwlint.jsonpos import (
    DuplicateKey,
    JSONPositionError,
    LocatedDocument,
    Position,
    join_pointer,
    loads,
    split_pointer,
)

# -- strategies -------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.text(alphabet=st.sampled_from('/~"\\\x00\x1f\u00e9\u2028\U0001f600 '))
)
keys = st.text() | st.sampled_from(["", "/", "~", "a/b", "~1", "~0/~", "0", "-"])
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)


@st.composite
def serialised(draw: st.DrawFn) -> tuple[Any, str]:
    value = draw(values)
    text = json.dumps(
        value,
        indent=draw(st.sampled_from([None, 0, 1, 2, 4, "\t", " \r"])),
        separators=draw(st.sampled_from([None, (",", ":"), (", ", ": "), (" ,\n", " :\t")])),
        ensure_ascii=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
    )
    pad = st.sampled_from(["", " ", "\n", "\r\n\t ", "\n\n"])
    return value, draw(pad) + text + draw(pad)


# -- helpers ---------------------------------------------------------------------


def walk(data: Any, pointer: str = "") -> dict[str, Any]:
    """Every value pointer in ``data`` -> the value."""
    found = {pointer: data}
    if isinstance(data, dict):
        for key, child in data.items():
            found.update(walk(child, join_pointer(pointer, key)))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            found.update(walk(child, join_pointer(pointer, index)))
    return found


def resolve(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def offset(text: str, position: Position) -> int:
    """Index of a 1-based line/column ("\\n" ends a line, as in json)."""
    index = 0
    for _ in range(position.line - 1):
        index = text.index("\n", index) + 1
    return index + position.column - 1


def value_at(text: str, position: Position) -> Any:
    return json.JSONDecoder().raw_decode(text, offset(text, position))[0]


# -- properties --------------------------------------------------------------------


@settings(max_examples=300)
@given(serialised())
def test_loads_returns_exactly_what_json_loads_returns(case: tuple[Any, str]) -> None:
    value, text = case
    document = loads(text)
    assert document.data == json.loads(text) == value
    assert type(document.data) is type(json.loads(text))


@settings(max_examples=300)
@given(serialised())
def test_every_value_pointer_is_recorded_and_points_at_its_value(case: tuple[Any, str]) -> None:
    _, text = case
    document = loads(text)
    expected = walk(document.data)
    assert set(document.values) == set(expected)
    for pointer, value in expected.items():
        assert resolve(document.data, pointer) == value
        assert value_at(text, document.values[pointer]) == value, pointer


@settings(max_examples=200)
@given(serialised())
def test_every_key_position_is_that_key(case: tuple[Any, str]) -> None:
    _, text = case
    document = loads(text)
    members = {p for p in walk(document.data) if p}
    object_members = {
        p for p in members if isinstance(resolve(document.data, p.rsplit("/", 1)[0]), dict)
    }
    assert set(document.keys) == object_members
    for pointer, position in document.keys.items():
        assert value_at(text, position) == split_pointer(pointer)[-1]


@settings(max_examples=300)
@given(serialised(), st.data())
def test_damaged_text_fails_where_json_fails(case: tuple[Any, str], data: st.DataObject) -> None:
    """Cut or corrupt valid JSON: both parsers agree on success, else on line/column."""
    _, text = case
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    junk = data.draw(st.sampled_from(["", ",", "}", "]", ":", '"', "x", "\x01", "{", "[", "1"]))
    damaged = text[:cut] + junk + text[cut + data.draw(st.integers(0, 2)) :]
    try:
        expected = json.loads(damaged)
    except json.JSONDecodeError as exc:
        with pytest.raises(JSONPositionError) as got:
            loads(damaged)
        where = (got.value.line, got.value.column)
        if "lone surrogate" in got.value.msg:  # refused earlier than json would fail
            assert where <= (exc.lineno, exc.colno), (damaged, exc.msg)
        else:
            assert where == (exc.lineno, exc.colno), (damaged, exc.msg)
    else:
        if not _is_strict_json(expected):
            # a cut surrogate pair leaves a lone surrogate; a digit added to an exponent
            # can overflow a number to infinity, which Python's json accepts
            with pytest.raises(JSONPositionError, match=r"lone surrogate|overflows to infinity"):
                loads(damaged)
            return
        assert loads(damaged).data == expected


# -- handcrafted positions --------------------------------------------------------

DOCUMENT = """{
  "name": "gw",
  "a/b": {"m~n": [10, {"x": null}]},
  "\u00fcn\u00ef": "caf\u00e9", "next": true,
  "": {"": -1.5e3},
  "\U0001f600": [
    "\\u00e9\\ud83d\\ude00",
    []
  ]
}"""


@pytest.mark.parametrize(
    ("pointer", "line", "column"),
    [
        ("", 1, 1),
        ("/name", 2, 11),
        ("/a~1b", 3, 10),
        ("/a~1b/m~0n", 3, 18),
        ("/a~1b/m~0n/0", 3, 19),
        ("/a~1b/m~0n/1", 3, 23),
        ("/a~1b/m~0n/1/x", 3, 29),
        ("/\u00fcn\u00ef", 4, 10),
        ("/next", 4, 26),
        ("/", 5, 7),
        ("//", 5, 12),
        ("/\U0001f600", 6, 8),  # an astral character is one column
        ("/\U0001f600/0", 7, 5),
        ("/\U0001f600/1", 8, 5),
    ],
)
def test_positions_in_a_handcrafted_document(pointer: str, line: int, column: int) -> None:
    document = loads(DOCUMENT)
    assert document.values[pointer] == Position(line, column)


def test_handcrafted_keys_and_values() -> None:
    document = loads(DOCUMENT)
    assert document.data == json.loads(DOCUMENT)
    assert document.keys["/a~1b"] == Position(3, 3)
    assert document.keys["/a~1b/m~0n"] == Position(3, 11)
    assert document.keys["/"] == Position(5, 3)
    assert document.keys["//"] == Position(5, 8)
    assert document.data["\U0001f600"][0] == "\u00e9\U0001f600"
    assert document.duplicates == []


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    document = loads(DOCUMENT)
    assert document.locate("/a~1b/m~0n/1/missing") == ("/a~1b/m~0n/1", Position(3, 23))
    assert document.locate("/nothing/here") == ("", Position(1, 1))
    assert document.locate("/name") == ("/name", Position(2, 11))


def test_pointer_escaping_round_trips() -> None:
    assert join_pointer("", "a/b", "m~n", 0, "") == "/a~1b/m~0n/0/"
    assert split_pointer("/a~1b/m~0n/0/") == ["a/b", "m~n", "0", ""]
    assert split_pointer("/~01") == ["~1"]  # ~0 then 1, not ~1
    assert split_pointer("") == []


# -- duplicates -----------------------------------------------------------------------


def test_duplicate_keys_are_recorded_and_the_last_value_wins() -> None:
    text = '{"a": 1, "b": {"c": 1,\n "c": 2}, "a": 3, "a": 4}'
    document = loads(text)
    assert document.data == json.loads(text) == {"a": 4, "b": {"c": 2}}
    assert document.duplicates == [
        DuplicateKey("/b", "c", Position(1, 16), Position(2, 2)),
        DuplicateKey("", "a", Position(1, 2), Position(2, 11)),
        DuplicateKey("", "a", Position(2, 11), Position(2, 19)),
    ]
    # the located value is the one that takes effect
    assert document.values["/a"] == Position(2, 24)
    assert document.values["/b/c"] == Position(2, 7)


def test_escaped_and_plain_spellings_of_one_key_are_duplicates() -> None:
    document = loads('{"caf\\u00e9": 1, "caf\u00e9": 2}')
    assert [(d.pointer, d.key) for d in document.duplicates] == [("", "caf\u00e9")]


# -- malformed input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1,}',
        "[1, 2,]",
        '{"a" 1}',
        '{"a": 1 "b": 2}',
        '{\n  "a": [1, 2\n  "b"\n}',
        '"unterminated',
        '{"a": "bad \\x escape"}',
        '{"a": "raw \x01 control"}',
        '{"a": 1}\n  trailing',
        "{'a': 1}",
        "{\n\n   \n",
        "  ",
        "tru",
        "[-]",
        '{"a": 01}',
        '{"a": "\\ud83d\\ude00"',
    ],
)
def test_malformed_json_fails_at_the_same_line_and_column_as_json(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as stdlib:
        json.loads(text)
    with pytest.raises(JSONPositionError) as ours:
        loads(text)
    assert (ours.value.line, ours.value.column) == (stdlib.value.lineno, stdlib.value.colno)
    assert ours.value.msg
    assert f"(line {ours.value.line}, column {ours.value.column})" in str(ours.value)


def test_empty_document_says_so() -> None:
    with pytest.raises(JSONPositionError) as error:
        loads("\n")
    assert error.value.msg == "Expecting value: the file is empty"
    assert (error.value.line, error.value.column) == (2, 1)


@pytest.mark.parametrize("depth", [5000, 202])
def test_deep_nesting_is_an_error_not_a_recursion_crash(depth: int) -> None:
    with pytest.raises(JSONPositionError, match="nested too deeply"):
        loads("[" * depth + "]" * depth)


def test_nesting_up_to_the_limit_is_fine() -> None:
    for text in ('{"a":' * 200 + "1" + "}" * 200, "[" * 201 + "]" * 201):
        assert loads(text).data == json.loads(text)


@given(st.text(max_size=40))
@example('{"a": NaN, "b": -Infinity}')
@example("1e400")
@example("1\u09e6")  # a Bengali digit: \d matches it, JSON does not
def test_arbitrary_text_never_crashes_and_agrees_with_json(text: str) -> None:
    try:
        expected: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(JSONPositionError) as got:
            loads(text)
        assert (got.value.line, got.value.column) == (exc.lineno, exc.colno)
        return
    try:
        document: LocatedDocument = loads(text)
    except JSONPositionError as exc:  # stricter than Python's json, never laxer
        assert not _is_strict_json(expected), exc
        return
    assert json.dumps(document.data) == json.dumps(expected)


def _is_strict_json(value: Any) -> bool:
    """Python's json accepts NaN, Infinity and lone surrogates; JSON text does not."""
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return False
    return True


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ('{"a": NaN}', 7, "NaN is not a JSON value"),
        ('{"a": -Infinity}', 7, "-Infinity is not a JSON value"),
        ("[1, Infinity]", 5, "Infinity is not a JSON value"),
        ('{"a": 1e400}', 7, "overflows to infinity"),
        ('{"n": ' + "9" * 5000 + "}", 7, "number with 5000 digits is too long"),
        ('{"s": "ok \\ud800"}', 11, "lone surrogate escape"),
        ('{"s": "\\udc00 x"}', 8, "lone surrogate escape"),
    ],
)
def test_what_python_json_accepts_but_json_is_not(text: str, column: int, message: str) -> None:
    with pytest.raises(JSONPositionError) as got:
        loads(text)
    assert (got.value.line, got.value.column) == (1, column)
    assert message in got.value.msg


def test_a_valid_surrogate_pair_is_one_character() -> None:
    assert loads('"\\ud83d\\ude00"').data == "\U0001f600"


def test_a_damaged_exponent_that_overflows_is_refused_where_it_is_written() -> None:
    """The property test above found it: ``3.6e+16`` with a digit added is ``inf`` to
    Python's json, and a number the located parser refuses at its first character."""
    damaged = '{\n "a": [1, 3.6743629999907864e+1116]\n}'
    assert json.loads(damaged)["a"][1] == float("inf")
    with pytest.raises(JSONPositionError, match="overflows to infinity") as got:
        loads(damaged)
    assert (got.value.line, got.value.column) == (2, 11)
