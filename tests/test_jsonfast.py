"""The C-parsed, lazily located JSON loader answers exactly as the located parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwlint import jsonfast, jsonpos
from gwlint.jsonpos import DuplicateKey, JSONPositionError, Position

from .conftest import FIXTURES

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('ab/~"\\\x00\u00e9\u2028\U0001f600 '))
)
keys = st.text(max_size=4) | st.sampled_from(["", "/", "~", "a/b", "~1", "~0/~", "0", "-"])
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)
#: Pointers that are no node: a located document reports them at their nearest ancestor.
MISSING = ("/zz", "/0", "/7", "/~2", "/00", "/-1", "/01", "/0/x", "/a~1b", "/~")


def _same_answers(text: str) -> None:
    """Data, every value's and key's position, and missing pointers agree."""
    located = jsonpos.loads(text)
    fast = jsonfast.loads(text)
    assert json.dumps(fast.data) == json.dumps(located.data)
    assert fast.duplicates == located.duplicates
    for pointer, position in located.values.items():
        assert fast.locate(pointer) == (pointer, position)
        for tail in MISSING:
            assert fast.locate(pointer + tail) == located.locate(pointer + tail)
    assert fast.keys == located.keys
    assert fast.values == located.values


@settings(max_examples=150, deadline=None)
@given(values, st.sampled_from([None, 0, 1, 2]))
def test_agrees_with_the_located_parser(value: Any, indent: int | None) -> None:
    _same_answers(json.dumps(value, indent=indent, ensure_ascii=False))


@settings(max_examples=60, deadline=None)
@given(values)
def test_agrees_with_odd_whitespace(value: Any) -> None:
    text = json.dumps(value, separators=(" ,\r\n", " :\t"), ensure_ascii=True)
    _same_answers(" \n" + text + "\n\t ")


def test_a_plain_document_is_not_located_up_front() -> None:
    doc = jsonfast.loads('{\n  "gateway": {"name": "g"},\n  "targets": [{"name": "t"}]\n}')
    assert isinstance(doc, jsonfast.LazyDocument)
    assert doc.locate("/targets/0/name") == ("/targets/0/name", Position(3, 24))
    assert doc.locate("/targets/0/endpoint") == ("/targets/0", Position(3, 15))
    assert doc.locate("/gateway/name/x") == ("/gateway/name", Position(2, 23))
    assert doc._full is None  # nothing asked for the full maps
    assert doc.keys["/targets"] == Position(3, 3)
    assert doc._full is not None


def test_every_bundled_fixture_agrees() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.json"))]
    assert len(texts) > 100
    for text in texts:
        try:
            jsonpos.loads(text)
        except JSONPositionError:
            continue
        _same_answers(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        "[NaN]",
        '{"x": -Infinity}',
        '{"x": 1e999}',
        '["\\ud800"]',
        '{"emoji": "\\ud83d\\ude00"}',
        "[" * 201 + "]" * 201,
        "[" * 201 + "1" + "]" * 201,
        "[" * 5000,
        "1" * 4301,
        "-" + "1" * 4300,
        "1" * 4301 + ".5",
        '{"a": 1,}',
        "[1 2]",
        "",
        "\ufeff{}",
        '{"a": "\x01"}',
    ],
)
def test_where_c_json_differs_the_located_parser_answers(text: str) -> None:
    try:
        located = jsonpos.loads(text)
    except JSONPositionError as exc:
        with pytest.raises(JSONPositionError) as caught:
            jsonfast.loads(text)
        assert (caught.value.msg, caught.value.line, caught.value.column) == (
            exc.msg,
            exc.line,
            exc.column,
        )
        return
    _same_answers(text)
    if located.duplicates or "\\u" in text:  # only the located parser records these
        assert not isinstance(jsonfast.loads(text), jsonfast.LazyDocument)


def test_nesting_at_the_limit_is_parsed_lazily() -> None:
    text = "[" * 200 + "]" * 200
    assert isinstance(jsonfast.loads(text), jsonfast.LazyDocument)
    _same_answers(text)
    _same_answers("[" * 200 + "1" + "]" * 200)


def test_a_duplicate_key_is_reported_as_the_located_parser_reports_it() -> None:
    doc = jsonfast.loads('{\n "a": 1,\n "a": 2\n}')
    assert doc.duplicates == [DuplicateKey("", "a", Position(2, 2), Position(3, 2))]
    assert doc.data == {"a": 2}
