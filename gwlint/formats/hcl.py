"""HCL2 (``.tf``) decoded into located Terraform blocks.

The parser is python-hcl2 (imported here only, so only when a ``.tf`` file
is read). Its typed tree keeps lark's positions on every node (1-based line
and column); values are evaluated only where Terraform's own result is
certain: literals, lists and objects of literals, ``jsonencode`` of a
literal, and ``var.<name>`` (alone or inside ``"…${…}…"``) when the module
declares a literal default for it other than ``null``. Everything else — references, other
function calls, conditionals, ``for`` expressions, template directives —
becomes :class:`~gwlint.unresolved.Unresolved` with the expression as
written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gwlint.formats import FormatError
from gwlint.formats.terraform_config import Block, Body
from gwlint.formats.terraform_template import VARIABLE, interpolated, literal
from gwlint.jsonpos import LocatedDocument, Position, join_pointer
from gwlint.masking import shown
from gwlint.unresolved import Unresolved, contains_unresolved

_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_SPACE = re.compile(r"\s+")
_TEXT_MAX = 80
_HEREDOC = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n(.*?)[ \t]*\1\s*\Z", re.DOTALL)


def parse(text: str) -> Any:
    """The typed syntax tree of ``text``; a syntax error is a located FormatError."""
    import hcl2
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

    try:
        return hcl2.parses(text)
    except UnexpectedEOF:
        lines = text.splitlines() or [""]
        raise FormatError("unexpected end of file", len(lines), len(lines[-1]) + 1) from None
    except UnexpectedCharacters as exc:
        at = exc.pos_in_stream or 0
        char = text[at] if at < len(text) else ""
        raise FormatError(f"unexpected character {char!r}", exc.line, exc.column) from None
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        found = _describe(token)
        line, column = exc.line, exc.column
        if line < 1:  # the end of the input
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
        raise FormatError(f"unexpected {found}", line, column) from None


def _describe(token: Any) -> str:
    if token is None or getattr(token, "type", "") == "$END":
        return "end of file"
    value = _SPACE.sub(" ", str(token)).strip()
    return f"{value[:30]!r}" if value else "end of line"


def literal_defaults(tree: Any, text: str) -> dict[str, Any]:
    """``variable "x" { default = <literal> }`` of one file: name → value.

    ``default = null`` is left out: it is the idiom for a value supplied at
    deploy time (tfvars, ``-var``), so the variable stays unresolved.
    """
    found: dict[str, Any] = {}
    for node in _children(tree.body):
        if type(node).__name__ != "BlockRule" or _name(node.labels[0]) != "variable":
            continue
        labels = [_label(label) for label in node.labels[1:]]
        if len(labels) != 1:
            continue
        for item in _children(node.body):
            if type(item).__name__ == "AttributeRule" and _name(item.identifier) == "default":
                value = Decoder(text, "", LocatedDocument(data=None), {}).value(item.expression, "")
                if value is not None and not contains_unresolved(value):
                    found[labels[0]] = value
    return found


class Decoder:
    """Turns one file's typed tree into :class:`Body`/:class:`Block` with positions."""

    def __init__(
        self, text: str, file: str, positions: LocatedDocument, defaults: dict[str, Any]
    ) -> None:
        self.text = text
        self.file = file
        self.positions = positions
        self.defaults = defaults

    def top(self, tree: Any) -> list[Block]:
        """The file's top-level blocks (``resource``, ``provider``, ``variable``…)."""
        body = self.body(tree.body, "", top=True)
        return body.blocks

    def body(self, node: Any, pointer: str, *, top: bool = False) -> Body:
        body = Body(pointer, self.file)
        counts: dict[str, int] = {}
        for item in _children(node):
            kind = type(item).__name__
            if kind == "AttributeRule":
                name = _name(item.identifier)
                child = join_pointer(pointer, name)
                self._at(child, item, key=True)
                body.attributes[name] = self.value(item.expression, child)
            elif kind == "BlockRule":
                body.blocks.append(self.block(item, pointer, counts, top=top))
        return body

    def block(self, node: Any, parent: str, counts: dict[str, int], *, top: bool) -> Block:
        kind = _name(node.labels[0])
        labels = [_label(label) for label in node.labels[1:]]
        if labels:  # resource "t" "n", variable "x", dynamic "x": named by labels
            pointer = join_pointer(parent, kind, *labels)
            if top and kind == "provider":  # aliases repeat the label
                index = counts.get(pointer, 0)
                counts[pointer] = index + 1
                pointer = join_pointer(pointer, index)
        else:
            index = counts.get(kind, 0)
            counts[kind] = index + 1
            pointer = join_pointer(parent, kind, index)
        self._at(pointer, node, key=True)
        return Block(kind, labels, self.body(node.body, pointer))

    # -- expressions ------------------------------------------------------------

    def value(self, node: Any, pointer: str) -> Any:
        """The value of an expression, or Unresolved; records positions under ``pointer``."""
        while type(node).__name__ == "ExprTermRule":
            node = node.expression
        self._at(pointer, node)
        kind = type(node).__name__
        if kind == "StringRule":
            return self._string(node)
        if kind in ("IntLitRule", "FloatLitRule", "LiteralValueRule"):
            return node.serialize()
        if kind in ("HeredocTemplateRule", "HeredocTrimTemplateRule"):
            text = literal(_heredoc(self._source(node), trim=kind == "HeredocTrimTemplateRule"))
            return self._unresolved(node, "interpolation") if text is None else text
        if kind == "TupleRule":
            return [
                self.value(item, join_pointer(pointer, i)) for i, item in enumerate(node.elements)
            ]
        if kind == "ObjectRule":
            return self._object(node, pointer)
        if kind == "FunctionCallRule":
            return self._call(node, pointer)
        if kind == "GetAttrExprTermRule":
            match = VARIABLE.fullmatch(self._source(node))
            if match and match.group(1) in self.defaults:
                return self.defaults[match.group(1)]
            return self._unresolved(node, "reference")
        return self._unresolved(node, "expression")

    def _string(self, node: Any) -> Any:
        pieces: list[str] = []
        for part in node.string_parts:
            content = part.content
            if type(content).__name__ == "InterpolationRule":
                match = VARIABLE.fullmatch(self._source(content.expression))
                value = interpolated(self.defaults.get(match.group(1)) if match else None)
                if value is None:
                    return self._unresolved(node, "interpolation")
                pieces.append(value)
            elif hasattr(content, "value"):  # STRING_CHARS, $${, %%{
                pieces.append(_unescape(str(content.value)))
            else:  # a template directive (%{ if … })
                return self._unresolved(node, "interpolation")
        return "".join(pieces)

    def _object(self, node: Any, pointer: str) -> Any:
        out: dict[str, Any] = {}
        for element in node.elements:
            key_node = element.key
            if type(key_node).__name__ != "ObjectElemKeyRule":  # (expression) = …
                return self._unresolved(node, "expression")
            key = key_node.value
            key_kind = type(key).__name__
            if key_kind == "StringRule":
                name = self._string(key)
                if not isinstance(name, str):
                    return self._unresolved(node, "interpolation")
            else:
                name = self._source(key)
            child = join_pointer(pointer, name)
            self.positions.keys[child] = _position(key_node)
            out[name] = self.value(element.expression, child)
        return out

    def _call(self, node: Any, pointer: str) -> Any:
        name = self._source(node.children[0])
        arguments = [
            child
            for child in node.children
            if type(child).__name__ == "ArgumentsRule"
            for child in child.arguments
        ]
        if name == "jsonencode" and len(arguments) == 1:
            value = Decoder(self.text, self.file, LocatedDocument(data=None), self.defaults).value(
                arguments[0], ""
            )
            if not contains_unresolved(value):
                return json.dumps(value, separators=(",", ":"))
        return self._unresolved(node, "function")

    # -- helpers ----------------------------------------------------------------

    def _unresolved(self, node: Any, kind: str) -> Unresolved:
        # as written, less any secret in it (URL userinfo, a token): skip messages print it
        return Unresolved(shown(_SPACE.sub(" ", self._source(node)).strip(), _TEXT_MAX), kind)

    def _source(self, node: Any) -> str:
        meta = getattr(node, "_meta", None)
        if meta is None or getattr(meta, "empty", True):
            return str(getattr(node, "value", ""))
        return self.text[meta.start_pos : meta.end_pos]

    def _at(self, pointer: str, node: Any, *, key: bool = False) -> None:
        position = _position(node)
        self.positions.values[pointer] = position
        if key:
            self.positions.keys[pointer] = position


def _position(node: Any) -> Position:
    meta = getattr(node, "_meta", None)
    if meta is None or getattr(meta, "empty", True):
        return Position(1, 1)
    return Position(meta.line, meta.column)


def _children(node: Any) -> list[Any]:
    return [child for child in node.children if child is not None]


def _name(node: Any) -> str:
    return str(node.serialize())


def _label(node: Any) -> str:
    if type(node).__name__ == "StringRule":
        return "".join(_unescape(str(part.content.value)) for part in node.string_parts)
    return _name(node)


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("$${", "%%{"):
            return token[1:]
        if token[1] in "uU":
            return chr(int(token[2:], 16))
        return _SIMPLE.get(token[1], token)

    return _ESCAPE.sub(replace, text)


def _heredoc(source: str, *, trim: bool) -> str:
    """The text of ``<<EOT … EOT`` (``<<-`` strips the common indentation)."""
    match = _HEREDOC.match(source.strip("\r\n") + "\n")
    if match is None:
        return source
    lines = match.group(2).splitlines(keepends=True)
    if trim:
        indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
        cut = min(indents, default=0)
        lines = [line[cut:] for line in lines]
    return "".join(lines)


__all__ = ["Decoder", "literal_defaults", "parse"]
