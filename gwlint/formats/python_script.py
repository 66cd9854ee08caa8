"""boto3 scripts (``*.py``): gateway API calls read with ``ast``, never imported or run.

Findings point at the argument as written (1-based line and character
column); ``# gwlint: ignore[GW201] reason`` comments suppress as in YAML or
HCL. Pointers follow the calls: ``/calls/<n>/<member>/…`` where ``n`` counts
the gateway API calls in the file from 0, in source order.
"""

from __future__ import annotations

import ast

from gwlint.formats import FormatError, Source, Translated
from gwlint.formats.boto3_calls import Call, read_calls
from gwlint.formats.pyvalues import Program, split_lines
from gwlint.jsonpos import Position

FORMAT = "python"


def parse(text: str) -> ast.Module:
    """The module's ast; a syntax error is a located :class:`FormatError`."""
    try:
        return ast.parse(text.removeprefix("\ufeff"), type_comments=False)
    except SyntaxError as exc:
        lines = split_lines(text)
        line = exc.lineno or 1
        column = _character_column(lines, line, exc.offset or 1)
        raise FormatError(exc.msg, line, column) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # NUL bytes, absurd nesting
        raise FormatError(str(exc) or type(exc).__name__, 1, 1) from None


def _character_column(lines: list[str], line: int, offset: int) -> int:
    """SyntaxError's 1-based offset is in characters already on 3.10+; keep it in range."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return max(1, min(offset, len(text) + 1))


def read(source: Source) -> list[Translated]:
    tree = parse(source.text)
    program = Program(tree, split_lines(source.text.removeprefix("\ufeff")), Position)
    order: dict[int, int] = {}

    def pointer_of(node: ast.Call) -> str:
        order.setdefault(id(node), len(order))
        return f"/calls/{order[id(node)]}"

    def where(call: Call) -> str:
        return f"{call.method}() at line {call.node.lineno}"

    return with_comments(read_calls(program, FORMAT, pointer_of, where), source.text)


def with_comments(translations: list[Translated], text: str) -> list[Translated]:
    """Let ``# gwlint: ignore[GW…] reason`` comments apply (:mod:`gwlint.inline`).

    ``text`` must have the user's file's line numbers.
    """
    for item in translations:
        item.document.syntax, item.document.text = "python", text
    return translations


__all__ = ["FORMAT", "parse", "read", "with_comments"]
