"""Static values of Python expressions, each node located, never executed.

Literals (dicts, lists, tuples, strings, numbers, booleans, ``None``) and names
bound once to them (:mod:`gwlint.formats.pyscope`) are evaluated; every other
expression — an f-string, a call, ``role["Role"]["Arn"]``, ``os.environ[…]`` — is
an :class:`~gwlint.unresolved.Unresolved` holding its source text, so rules skip
it as set at deploy time while the literal values around it are still checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gwlint.formats.pyscope import Scope
from gwlint.jsonpos import Position, join_pointer
from gwlint.unresolved import Unresolved

#: Longest source text an unresolved value quotes in messages.
_TEXT_LIMIT = 80
#: Nodes deep a value may nest (through names too) before it is left unresolved.
_MAX_DEPTH = 100
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Program:
    """A parsed Python text and how its ast positions map to the user's file."""

    tree: ast.Module
    lines: list[str]
    #: (1-based line, 1-based character column) of the parsed text → position in the file
    place: Callable[[int, int], Position]

    def position(self, lineno: int, col_offset: int) -> Position:
        """ast's 1-based line and UTF-8 byte offset as the file's 1-based character column."""
        line = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        column = len(line.encode("utf-8")[:col_offset].decode("utf-8", errors="replace")) + 1
        return self.place(lineno, column)

    def at(self, node: ast.AST) -> Position:
        return self.position(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def text(self, node: ast.AST) -> str:
        """The node's source text on one line, secrets masked, shortened for messages.

        Masked before it is shortened (a cut URL no longer shows its ``@``), and
        with adjacent string literals joined when that shows a credential the
        pieces hide: ``"https://bob:" + "pw@" + host`` quotes as ``"https://***@" + host``.
        """
        start, end = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        first = self.lines[start - 1].encode("utf-8")
        if start == end:
            raw = first[node.col_offset : node.end_col_offset]  # type: ignore[attr-defined]
        else:
            raw = first[node.col_offset :]  # type: ignore[attr-defined]
        text: str = raw.decode("utf-8", errors="replace").strip()
        if start != end:
            text += " …"
        return _masked_source(node, text, self, _TEXT_LIMIT)


def _joined(node: ast.AST, program: Program) -> str | None:
    """``a + b + …`` with adjacent string literals joined, or None when none are adjacent."""
    parts: list[ast.expr] = []

    def flatten(item: ast.expr) -> None:
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            flatten(item.left)
            flatten(item.right)
        else:
            parts.append(item)

    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)):
        return None
    flatten(node)
    out: list[str] = []
    literal: list[str] = []
    joined = False
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            joined = joined or bool(literal)
            literal.append(part.value)
            continue
        if literal:
            out.append(repr("".join(literal)))
            literal = []
        out.append(program.text(part))
    if literal:
        out.append(repr("".join(literal)))
    return " + ".join(out) if joined else None


def _masked_source(node: ast.AST, text: str, program: Program, limit: int) -> str:
    """``text`` (the source of ``node``) masked, then cut to ``limit`` for messages."""
    from gwlint.masking import mask_text, shown

    joined = _joined(node, program)
    if joined is not None:
        masked = mask_text(joined)
        if masked is not joined:  # the pieces together held a credential
            return shown(masked, limit)  # already masked: only cut
    return shown(text, limit)


def split_lines(text: str) -> list[str]:
    """Lines as Python's tokenizer counts them (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return _LINE_BREAK.split(text)


@dataclass
class Located:
    """Where one value of the translated request was written."""

    source_pointer: str
    value: Position
    key: Position | None = None
    written: str | None = None


@dataclass
class Evaluator:
    """Evaluates argument expressions, recording each node under its API pointer."""

    program: Program
    nodes: dict[str, Located] = field(default_factory=dict)

    def value(
        self,
        node: ast.expr,
        scope: Scope,
        api: str,
        src: str,
        key: tuple[Position, str] | None = None,
        seen: frozenset[int] = frozenset(),
    ) -> Any:
        """The static value of ``node`` (written at ``src``), recorded under ``api``."""
        if len(seen) > _MAX_DEPTH:  # a chain of names nesting dicts: no request is that deep
            return self.unresolved(node, "expression")
        # located where it is passed (a name: its use), its members where they are written
        key_pos, written = key if key is not None else (None, None)
        self.nodes[api] = Located(src, self.program.at(node), key_pos, written)
        node, scope = scope.follow(node, seen=seen)
        return self._evaluate(node, scope, api, src, seen | {id(node)})

    def _evaluate(
        self, node: ast.expr, scope: Scope, api: str, src: str, seen: frozenset[int]
    ) -> Any:
        if isinstance(node, ast.Constant):
            if node.value is None or isinstance(node.value, str | bool | int | float):
                return node.value
            return self.unresolved(node, "expression")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = node.operand
            number = operand.value if isinstance(operand, ast.Constant) else None
            if isinstance(number, int | float) and not isinstance(number, bool):
                return -number if isinstance(node.op, ast.USub) else number
        if isinstance(node, ast.Dict):
            return self._dict(node, scope, api, src, seen)
        if isinstance(node, ast.List | ast.Tuple):
            if any(isinstance(item, ast.Starred) for item in node.elts):
                return self.unresolved(node, "expression")
            return [
                self.value(item, scope, join_pointer(api, i), join_pointer(src, i), None, seen)
                for i, item in enumerate(node.elts)
            ]
        if isinstance(node, ast.JoinedStr):
            if all(isinstance(part, ast.Constant) for part in node.values):
                return "".join(str(part.value) for part in node.values)  # type: ignore[attr-defined]
            return self.unresolved(node, "interpolation")
        return self.unresolved(node, "name" if isinstance(node, ast.Name) else "expression")

    def _dict(self, node: ast.Dict, scope: Scope, api: str, src: str, seen: frozenset[int]) -> Any:
        keys: list[str] = []
        for key in node.keys:
            literal = self.string(key, scope) if key is not None else None
            if literal is None:  # ``**other`` or a computed key: the member set is open
                return self.unresolved(node, "expression")
            keys.append(literal)
        out: dict[str, Any] = {}
        for name, key_node, item in zip(keys, node.keys, node.values, strict=True):
            assert key_node is not None
            where = (self.program.at(key_node), name)
            out[name] = self.value(
                item, scope, join_pointer(api, name), join_pointer(src, name), where, seen
            )
        return out

    def string(self, node: ast.expr, scope: Scope) -> str | None:
        """The string ``node`` certainly is, or None."""
        node, _ = scope.follow(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return None

    def unresolved(self, node: ast.expr, kind: str) -> Unresolved:
        return Unresolved(self.program.text(node), kind)


__all__ = ["Evaluator", "Located", "Program", "split_lines"]
