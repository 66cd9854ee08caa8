"""Position-tracking JSON loader.

Rules report JSON pointers; this loader remembers where every value (and every
object key) sits so the engine can turn a pointer into ``line:column``. It
returns exactly what :func:`json.loads` returns (strings are decoded by the
stdlib's own ``scanstring``, numbers by the same grammar) and additionally
records duplicate keys, which ``json`` and the AWS CLI silently collapse. Where
Python's ``json`` is laxer than JSON it refuses, with a located error: ``NaN``
and ``Infinity``, numbers that overflow, integers longer than Python converts,
and lone surrogate escapes (``"\\ud800"``), which no AWS API accepts.
"""

from __future__ import annotations

import bisect
import json.decoder
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# The stdlib's own string scanner (C-accelerated); typeshed does not declare it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?")  # ASCII digits only
_CONSTANTS: dict[str, Any] = {"null": None, "true": True, "false": False}
#: Python's json accepts these; JSON (RFC 8259) and the AWS services do not.
_NOT_JSON = ("NaN", "Infinity", "-Infinity")
#: Python refuses to convert longer digit strings (``sys.int_info``); no AWS field needs one.
_MAX_DIGITS = 4300
_SURROGATE = re.compile("[\ud800-\udfff]")
# Two Python frames per nesting level: stay well inside the default recursion
# limit (1000) whatever the caller's stack depth (CLI, pytest, a rule pack).
_MAX_DEPTH = 200


class JSONPositionError(ValueError):
    """Malformed JSON, with a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.msg = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class DuplicateKey(NamedTuple):
    pointer: str  # pointer of the object holding the key twice
    key: str
    first: Position
    second: Position


@dataclass
class LocatedDocument:
    """A decoded document plus where each pointer's value and key sit.

    Readers of other formats (:mod:`gwlint.formats`) build one whose ``data`` is
    in the API's words while the positions are those of the user's file:
    ``sources`` maps a pointer of ``data`` to the pointer as written in that
    file, ``written`` to the key as the user spelled it, and ``names`` an API
    member name to the user's spelling, so findings speak the user's format.
    """

    data: Any
    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    format: str = "json"
    sources: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: the file's syntax and text, for inline suppressions in formats with comments
    syntax: str = "json"
    text: str | None = None
    #: file -> text, for a document read from several files (its findings name each)
    texts: dict[str, str] = field(default_factory=dict)
    #: pointer → the file its value is written in, for documents read from several
    #: files (a Terraform module folder); other pointers are in the deployment's file
    files: dict[str, str] = field(default_factory=dict)

    def source_pointer(self, pointer: str) -> str:
        """``pointer`` as written in the user's file (itself for JSON inputs)."""
        return self.sources.get(pointer, pointer)

    def written_key(self, pointer: str) -> str | None:
        """The key at ``pointer`` as the user wrote it; None for the document itself."""
        if pointer in self.written:
            return self.written[pointer]
        if not pointer:
            return None
        last = pointer[pointer.rfind("/") + 1 :]  # one token: cheaper than splitting them all
        return last.replace("~1", "/").replace("~0", "~") if "~" in last else last

    def locate(self, pointer: str) -> tuple[str, Position]:
        """Position of ``pointer``, or of its nearest existing ancestor.

        Returns the pointer actually located with its position, so a missing
        key is reported at its parent.
        """
        current = pointer
        while True:
            if current in self.values:
                return current, self.values[current]
            if current == "":
                return "", Position(1, 1)
            current = current.rsplit("/", 1)[0]


def escape_token(token: str | int) -> str:
    """RFC 6901 escaping of one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    # Called for every node of every document (sources, parser, spec checks): the
    # plain loop without a generator halved its share of a large file's run.
    for token in tokens:
        text = str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        base = f"{base}/{text}"
    return base


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


class LineIndex:
    """Where each line of a text starts: offset → 1-based line and column in O(log n).

    Built once per text (one pass), so locating every node of a document stays
    linear in its size.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index)
        return Position(line, index - self.starts[line - 1] + 1)


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, for a single lookup (an error)."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.doc = LocatedDocument(data=None)
        self.position = LineIndex(text).position

    def fail(self, message: str, index: int) -> JSONPositionError:
        pos = self.position(index)
        return JSONPositionError(message, pos.line, pos.column)

    def skip_ws(self, index: int) -> int:
        match = _WS.match(self.text, index)
        assert match is not None
        return match.end()

    def parse(self) -> LocatedDocument:
        index = self.skip_ws(0)
        if index >= len(self.text):
            raise self.fail("Expecting value: the file is empty", index)
        self.doc.data, end = self.value(index, "", 0)
        end = self.skip_ws(end)
        if end != len(self.text):
            raise self.fail("Extra data after the JSON value", end)
        return self.doc

    def value(self, index: int, pointer: str, depth: int) -> tuple[Any, int]:
        if depth > _MAX_DEPTH:
            raise self.fail("JSON nested too deeply", index)
        self.doc.values[pointer] = self.position(index)
        text = self.text
        char = text[index : index + 1]
        if char == '"':
            return self.string(index)
        if char == "{":
            return self.obj(index, pointer, depth)
        if char == "[":
            return self.array(index, pointer, depth)
        for literal in _NOT_JSON:
            if text.startswith(literal, index):
                raise self.fail(
                    f"{literal} is not a JSON value (write a number or a string)", index
                )
        match = _NUMBER.match(text, index)
        if match:
            integer, frac, exp = match.groups()
            if len(integer) > _MAX_DIGITS:
                raise self.fail(f"number with {len(integer.lstrip('-'))} digits is too long", index)
            if frac or exp:
                number = float(integer + (frac or "") + (exp or ""))
                if math.isinf(number):
                    raise self.fail("number is too large: it overflows to infinity", index)
                return number, match.end()
            return int(integer), match.end()
        for literal, constant in _CONSTANTS.items():
            if text.startswith(literal, index):
                return constant, index + len(literal)
        raise self.fail("Expecting value", index)

    def string(self, index: int) -> tuple[str, int]:
        try:
            value, end = _scanstring(self.text, index + 1, True)
        except ValueError as exc:  # json.JSONDecodeError carries .pos
            pos = getattr(exc, "pos", index)
            raise self.fail(getattr(exc, "msg", str(exc)), pos) from None
        if _SURROGATE.search(value):
            escape = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", self.text[index:end])
            at = index + escape.start() if escape else index
            raise self.fail(
                "lone surrogate escape: not a Unicode character (AWS rejects such text)", at
            )
        return value, end

    def obj(self, index: int, pointer: str, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        index = self.skip_ws(index + 1)
        if self.text[index : index + 1] == "}":
            return result, index + 1
        while True:
            if self.text[index : index + 1] != '"':
                raise self.fail("Expecting property name enclosed in double quotes", index)
            key_pos = self.position(index)
            key, index = self.string(index)
            child = join_pointer(pointer, key)
            if key in seen:
                self.doc.duplicates.append(DuplicateKey(pointer, key, seen[key], key_pos))
            seen[key] = key_pos
            self.doc.keys[child] = key_pos
            index = self.skip_ws(index)
            if self.text[index : index + 1] != ":":
                raise self.fail("Expecting ':' delimiter", index)
            index = self.skip_ws(index + 1)
            result[key], index = self.value(index, child, depth + 1)
            index = self.skip_ws(index)
            char = self.text[index : index + 1]
            if char == "}":
                return result, index + 1
            if char != ",":
                raise self.fail("Expecting ',' delimiter or '}'", index)
            index = self.skip_ws(index + 1)

    def array(self, index: int, pointer: str, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        index = self.skip_ws(index + 1)
        if self.text[index : index + 1] == "]":
            return result, index + 1
        while True:
            item, index = self.value(index, join_pointer(pointer, len(result)), depth + 1)
            result.append(item)
            index = self.skip_ws(index)
            char = self.text[index : index + 1]
            if char == "]":
                return result, index + 1
            if char != ",":
                raise self.fail("Expecting ',' delimiter or ']'", index)
            index = self.skip_ws(index + 1)


def loads(text: str) -> LocatedDocument:
    """Parse ``text`` like :func:`json.loads`, recording positions."""
    return _Parser(text).parse()
