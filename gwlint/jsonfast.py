"""JSON decoded by the C parser, located only where a pointer is asked about.

The position-tracking parser (:mod:`gwlint.jsonpos`) is pure Python and
records a position for every node; on a 12.8 MB deployment that was most of
the run, while findings point at a small share of the nodes. Here the
stdlib's C parser decodes the document, and :meth:`LazyDocument.locate`
finds one pointer's position by walking the text from its nearest located
ancestor, skipping siblings with the C scanner, remembering every container
it has walked so each one is read once.

Whenever the C parser's answer could differ from the located parser's (the
text does not parse, holds a duplicate key, ``NaN``/``Infinity``, a number
that overflows, a surrogate escape, nesting deeper than the located parser
allows), the located parser reads it instead, so every error, its message
and its location stay the same. The full ``values``/``keys`` maps are built
by the located parser on first use.
"""

from __future__ import annotations

import json
import json.decoder
import math
import re
from collections.abc import Callable
from typing import Any

from gwlint.jsonpos import (
    _MAX_DEPTH,
    _MAX_DIGITS,
    DuplicateKey,
    LineIndex,
    LocatedDocument,
    Position,
    escape_token,
)
from gwlint.jsonpos import (
    loads as located_loads,
)

_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009
_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_INDEX = re.compile(r"0|[1-9][0-9]*")
_INTEGER_PART = re.compile(r"-?[0-9]*")


def _skip_ws(text: str, at: int) -> int:
    """The index of the first non-whitespace character from ``at`` (compact text: ``at``)."""
    if text[at] not in " \t\n\r":
        return at
    return _WS.match(text, at).end()  # type: ignore[union-attr]


class _Different(Exception):
    """The located parser must read this text."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Different("duplicate key")
    return result


def _constant(name: str) -> Any:
    raise _Different(name)


def _int(text: str) -> int:
    if len(text) > _MAX_DIGITS:  # the located parser counts the sign too
        raise _Different("long integer")
    return int(text)


def _float(text: str) -> float:
    if len(_INTEGER_PART.match(text)[0]) > _MAX_DIGITS:  # type: ignore[index]
        raise _Different("long integer part")
    number = float(text)
    if math.isinf(number):
        raise _Different("overflow")
    return number


_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_float=_float, parse_int=_int, parse_constant=_constant
)
#: The C scanner of a default decoder: skips one value of text already checked.
_SKIPPER: Callable[[str, int], tuple[Any, int]] = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009


def _depth_ok(root: dict[str, Any] | list[Any]) -> bool:
    """No value nested deeper than the located parser accepts (the root is depth 0).

    Level by level, without a call per container: a large document has
    hundreds of thousands.
    """
    level: list[Any] = [root]
    depth = 0
    while level:
        if depth >= _MAX_DEPTH:  # non-empty containers this deep have too-deep children
            return False
        deeper: list[Any] = []
        for value in level:
            for child in value.values() if isinstance(value, dict) else value:
                if isinstance(child, dict | list) and child:
                    deeper.append(child)
        level = deeper
        depth += 1
    return True


def loads(text: str) -> LocatedDocument:
    """Parse ``text`` exactly as :func:`gwlint.jsonpos.loads` does, locating lazily."""
    if _SURROGATE_ESCAPE.search(text) is None:
        try:
            data = _DECODER.decode(text)
        except (_Different, ValueError, RecursionError):
            pass
        else:
            if (
                not isinstance(data, dict | list)
                or text.count("{") + text.count("[") <= _MAX_DEPTH  # too few to nest that deep
                or _depth_ok(data)
            ):
                return LazyDocument(data, text)
    return located_loads(text)


class _Walk:
    """How far one container's text has been read: its children found so far."""

    __slots__ = ("at", "children", "count", "done", "pending")

    def __init__(self, at: int) -> None:
        self.at = at  # next character to read
        self.pending = False  # ``at`` is a child value still to be skipped
        self.done = False
        self.count = 0  # array items seen
        self.children: dict[Any, tuple[int, int]] = {}  # key or index -> (key, value) index


class LazyDocument(LocatedDocument):
    """A decoded document whose positions are found on demand."""

    def __init__(self, data: Any, text: str) -> None:
        self.data = data
        self.duplicates: list[DuplicateKey] = []  # a duplicate sends the text to jsonpos
        # the translation fields of LocatedDocument: a JSON file is its own source
        self.format, self.syntax, self.text = "json", "json", None
        self.sources, self.written, self.names, self.files, self.texts = {}, {}, {}, {}, {}
        self._text = text
        self._full: LocatedDocument | None = None
        self._walks: dict[int, _Walk] = {}  # container start index -> its walk
        self._found: dict[str, tuple[int, int] | None] = {}  # pointer -> (key, value) index
        self._lines: LineIndex | None = None

    # -- the full maps, for callers that want every position -----------------------------

    def _located(self) -> LocatedDocument:
        if self._full is None:
            self._full = located_loads(self._text)
        return self._full

    @property
    def values(self) -> dict[str, Position]:
        return self._located().values

    @values.setter
    def values(self, value: dict[str, Position]) -> None:
        self._located().values = value

    @property
    def keys(self) -> dict[str, Position]:
        return self._located().keys

    @keys.setter
    def keys(self, value: dict[str, Position]) -> None:
        self._located().keys = value

    # -- one pointer ----------------------------------------------------------------------

    def locate(self, pointer: str) -> tuple[str, Position]:
        current = pointer
        while True:
            found = self._index(current)
            if found is not None:
                return current, self._position(found[1])
            if current == "":  # pragma: no cover - a parsed document has a root
                return "", Position(1, 1)
            current = current.rsplit("/", 1)[0]

    def node(self, pointer: str) -> tuple[Position | None, Position | None]:
        """``(key, value)`` positions of exactly ``pointer``'s node, as ``keys``/``values`` hold
        them (array items and the root have no key); ``(None, None)`` when there is none."""
        found = self._index(pointer)
        if found is None:
            return None, None
        value = self._position(found[1])
        return (self._position(found[0]) if found[0] != found[1] else None), value

    def _index(self, pointer: str) -> tuple[int, int] | None:
        """(key index, value index) of ``pointer``'s node, or None when it has none."""
        if pointer in self._found:
            return self._found[pointer]
        if pointer == "":
            root = _WS.match(self._text, 0)
            start = root.end() if root else 0
            found: tuple[int, int] | None = (start, start)
        else:
            parent, token = pointer.rsplit("/", 1)
            located = self._index(parent)
            found = None if located is None else self._child(located[1], token)
        self._found[pointer] = found
        return found

    def _child(self, start: int, token: str) -> tuple[int, int] | None:
        text = self._text
        opener = text[start]
        if opener == "{":
            key: Any = token.replace("~1", "/").replace("~0", "~")
            if escape_token(key) != token:
                return None
        elif opener == "[":
            if _INDEX.fullmatch(token) is None:
                return None
            key = int(token)
        else:
            return None
        walk = self._walks.get(start)
        if walk is None:
            walk = self._walks[start] = _Walk(start + 1)
        while key not in walk.children and not walk.done:
            self._step(walk, opener == "{")
        return walk.children.get(key)

    def _step(self, walk: _Walk, is_object: bool) -> None:
        """Read one more child of a container (the text is valid JSON)."""
        text = self._text
        at = walk.at
        if walk.pending:
            at = _skip_ws(text, _SKIPPER(text, at)[1])
            walk.pending = False
            if text[at] in "}]":
                walk.done = True
                return
            at += 1  # the comma
        at = _skip_ws(text, at)
        if text[at] in "}]":
            walk.done = True
            return
        if is_object:
            key_at = at
            name, at = _scanstring(text, at + 1, True)
            at = _skip_ws(text, _skip_ws(text, at) + 1)  # past ':'
            walk.children[name] = (key_at, at)
        else:
            walk.children[walk.count] = (at, at)
            walk.count += 1
        walk.at = at
        walk.pending = True

    def _position(self, index: int) -> Position:
        if self._lines is None:
            self._lines = LineIndex(self._text)
        return self._lines.position(index)
