"""Jupyter notebooks (nbformat 4): the code cells' gateway API calls, read with ``ast``.

Code cells are read in order as one program, so a dict bound in an earlier
cell counts (notebooks run top to bottom when they are published; a name bound
in two cells is unresolved). IPython lines (``%magic``, ``!shell``, ``x = !ls``,
help) become the Python the kernel runs, on the same line (see
:mod:`gwlint.formats.ipython_lines`); a cell under a cell magic (``%%bash``)
that is not Python is left out.

Positions: ``line``/``column`` are those of the .ipynb file itself — the
character inside the cell's ``source`` string — so ``--format github``, SARIF
and editors opening the file jump there; :class:`gwlint.findings.Cell` adds the
cell (its index in ``cells``, its ``id``) and the line and column within it,
as Jupyter and VS Code show them; a ``# gwlint: ignore[…] reason`` comment in a
cell applies to its line. Pointers: ``/cells/<i>/calls/<n>/<member>/…``,
``n`` counting the gateway API calls in cell ``i`` from 0.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass
from typing import Any

from gwlint.findings import Cell
from gwlint.formats import FormatError, NoDefinitions, Source, Translated
from gwlint.formats.boto3_calls import Call, read_calls
from gwlint.formats.ipython_lines import CellPython, cell_python
from gwlint.formats.python_script import parse, with_comments
from gwlint.formats.pyvalues import Program, split_lines
from gwlint.jsonpos import (
    JSONPositionError,
    LineIndex,
    LocatedDocument,
    Position,
    join_pointer,
)

FORMAT = "notebook"
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


@dataclass(frozen=True)
class CellPosition(Position):
    """A position in the .ipynb file that also knows its cell (see :class:`Cell`)."""

    cell: Cell | None = None


@dataclass
class _Code:
    """One code cell: its index, id, text and where each ``source`` element sits."""

    index: int
    id: str | None
    python: CellPython  # as parsed: IPython lines made Python
    raw: str  # as written, for positions in the JSON
    first_line: int  # line of the cell's first line in the joined program
    elements: list[tuple[int, str, Position | None]]  # (offset in text, element, its position)
    _lines: list[int] | None = None  # offset in ``raw`` where each line starts
    _located: tuple[list[int], list[tuple[int, Position]]] | None = None

    def offset(self, line: int, column: int) -> int:
        """The character offset in ``raw`` of (1-based ``line``, ``column``)."""
        if self._lines is None:
            self._lines = [0]
            for row in self.raw.splitlines(keepends=True):
                self._lines.append(self._lines[-1] + len(row))
        starts = self._lines
        return (starts[line - 1] if line <= len(starts) else starts[-1]) + column - 1

    def element_at(self, offset: int) -> tuple[int, Position] | None:
        """The last located ``source`` element starting at or before ``offset``."""
        if self._located is None:
            located = [(start, at) for start, _, at in self.elements if at is not None]
            self._located = ([start for start, _ in located], located)
        starts, located = self._located
        index = bisect.bisect_right(starts, offset) - 1
        return located[index] if index >= 0 else None


def read(source: Source) -> list[Translated]:
    try:
        document = source.json()
    except JSONPositionError as exc:
        raise FormatError(f"not JSON: {exc.msg}", exc.line, exc.column) from None
    cells = _code_cells(document)
    pieces: list[str] = []
    line = 1
    for cell in cells:
        cell.first_line = line
        pieces.append(cell.python.shown)
        line += len(split_lines(cell.python.text)) - 1
        if not cell.python.text.endswith(("\n", "\r")):
            pieces.append("\n")
            line += 1
    body: list[ast.stmt] = []
    for cell in cells:
        try:
            tree = parse(cell.python.text)
        except FormatError as exc:
            column = cell.python.written_column(exc.line or 1, exc.column or 1)
            at = _json_position(_Rows(source.text), cell, exc.line or 1, column)
            raise FormatError(
                f"cell {cell.index} line {exc.line}: {exc.message}", at.line, at.column
            ) from None
        cell.python.restore_columns(tree)
        ast.increment_lineno(tree, cell.first_line - 1)
        body.extend(tree.body)
    if not body:
        raise NoDefinitions("has no code cells")
    firsts = [cell.first_line for cell in cells]  # ascending: cells are read in order
    rows = _Rows(source.text)

    def owner_of(line: int) -> _Code:
        return cells[max(bisect.bisect_right(firsts, line) - 1, 0)]

    def place(line: int, column: int) -> Position:
        owner = owner_of(line)
        cell_line = line - owner.first_line + 1
        at = _json_position(rows, owner, cell_line, column)
        return CellPosition(at.line, at.column, Cell(owner.index, owner.id, cell_line, column))

    program = Program(ast.Module(body=body, type_ignores=[]), split_lines("".join(pieces)), place)
    counts: dict[int, int] = {}
    order: dict[int, str] = {}

    def pointer_of(node: ast.Call) -> str:
        if id(node) not in order:
            owner = owner_of(node.lineno)
            n = counts.get(owner.index, 0)
            counts[owner.index] = n + 1
            order[id(node)] = f"/cells/{owner.index}/calls/{n}"
        return order[id(node)]

    def where(call: Call) -> str:
        cell = getattr(program.at(call.node), "cell", None)
        return f"{call.method}() in cell {cell.index if cell else '?'}"

    return with_comments(
        read_calls(program, FORMAT, pointer_of, where), _comment_text(source.text, cells)
    )


def _comment_text(text: str, cells: list[_Code]) -> str:
    """The .ipynb text with each code line in place of its JSON line, for inline suppressions."""
    rows = text.split("\n")
    owners: dict[int, list[str]] = {}
    for cell in cells:
        for _, element, position in cell.elements:
            if position is not None:
                owners.setdefault(position.line, []).append(element)
    for line, elements in owners.items():
        if len(elements) == 1 and 0 < line <= len(rows):  # one source line per JSON line
            rows[line - 1] = elements[0].rstrip("\r\n")
    return "\n".join(rows)


def _code_cells(document: LocatedDocument) -> list[_Code]:
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NoDefinitions("has no cells list (is it an nbformat 4 notebook?)")
    if data.get("nbformat") != 4:
        at = document.values.get("/nbformat", Position(1, 1))
        version = data.get("nbformat")
        raise FormatError(f"nbformat {version!r} is not read (4 is)", at.line, at.column)
    out: list[_Code] = []
    for index, cell in enumerate(data["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        elements = _elements(document, index, cell.get("source"))
        text = "".join(element for _, element, _ in elements)
        cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
        out.append(_Code(index, cell_id, cell_python(text), text, 1, elements))
    return out


def _elements(
    document: LocatedDocument, index: int, source: Any
) -> list[tuple[int, str, Position | None]]:
    pointer = join_pointer("", "cells", index, "source")
    parts: list[tuple[str, str]]
    if isinstance(source, str):
        parts = [(pointer, source)]
    elif isinstance(source, list):
        parts = [(join_pointer(pointer, i), item) for i, item in enumerate(source)]
        parts = [(p, item) for p, item in parts if isinstance(item, str)]
    else:
        parts = []
    out: list[tuple[int, str, Position | None]] = []
    offset = 0
    for element_pointer, text in parts:
        out.append((offset, text, document.values.get(element_pointer)))
        offset += len(text)
    return out


class _Rows:
    """The .ipynb text's lines, found by number without splitting the text per lookup."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index: LineIndex | None = None

    def row(self, line: int) -> str | None:
        if self.index is None:
            self.index = LineIndex(self.text)
        starts = self.index.starts
        if not 0 < line <= len(starts):
            return None
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end]


def _json_position(rows: _Rows, cell: _Code, line: int, column: int) -> Position:
    """Where character (``line``, ``column``) of the cell sits in the .ipynb JSON text."""
    offset = cell.offset(line, column)
    chosen = cell.element_at(offset)
    if chosen is None:
        return Position(1, 1)
    start, position = chosen
    raw = _raw_length(rows.row(position.line), position, offset - start)
    return Position(position.line, position.column + 1 + raw)


def _raw_length(row: str | None, position: Position, decoded: int) -> int:
    """How many characters of the JSON string at ``position`` spell ``decoded`` characters."""
    if row is None:
        return decoded
    i = position.column  # just after the opening quote (columns are 1-based)
    count = 0
    while count < decoded and i < len(row) and row[i] != '"':
        if row[i] == "\\":
            pair = _SURROGATE_PAIR.match(row, i)  # one character outside the BMP
            i += len(pair.group(0)) if pair else 6 if row[i + 1 : i + 2] == "u" else 2
        else:
            i += 1
        count += 1
    return i - position.column


__all__ = ["FORMAT", "CellPosition", "read"]
