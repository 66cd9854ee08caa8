"""One offset → line/column conversion for every reader: the indexed and the one-off agree."""

from __future__ import annotations

import pytest

from gwlint.jsonpos import LineIndex, Position, line_column

TEXTS = ["", "a", "\n", "ab\ncd\n\nef", "é\r\nx\n", "\n\n\nlast"]


@pytest.mark.parametrize("text", TEXTS)
def test_indexed_and_single_lookups_agree_on_every_offset(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, column = line_column(text, offset)
        assert index.position(offset) == Position(line, column), offset


def test_positions_are_one_based_and_restart_after_each_newline() -> None:
    index = LineIndex("ab\ncd\n\nef")
    assert [index.position(i) for i in (0, 1, 2, 3, 6, 7, 8)] == [
        Position(1, 1), Position(1, 2), Position(1, 3), Position(2, 1),
        Position(3, 1), Position(4, 1), Position(4, 2),
    ]  # fmt: skip
