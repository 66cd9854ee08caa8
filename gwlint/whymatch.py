"""Find known errors in pasted output: a message, a log, a traceback, an event list.

Tools wrap and decorate error text (Terraform's ``│`` gutters and line
wrapping, indented tracebacks), so matching runs on a whitespace-collapsed
copy of the text and maps each match back to the line and column of the
original. When one error's match lies inside a longer match of another error,
the longer (more specific) one wins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from gwlint.jsonpos import line_column
from gwlint.symptoms import Catalogue, KnownError, SymptomError

MAX_INPUT_CHARS = 5_000_000
_EXCERPT_CHARS = 160
_GUTTERS = str.maketrans({c: " " for c in "│╷╵┃╎"})
_TOKEN = re.compile(r"\S+")
#: Credentials that pasted output (curl -v, tracebacks, env dumps) may carry.
_SECRETS = (
    (re.compile(r"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"), "***"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[\w~+/.=-]{12,}"), r"\1 ***"),
    (
        re.compile(
            r"(?i)\b([\w-]*(?:secret|password|passwd|token|api[_-]?key|authorization|signature|credential)[\w-]*"
            r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+"
        ),
        r"\1***",
    ),
    (re.compile(r"(?i)(\w+://)[^/\s:@]+:[^/\s@]+@"), r"\1***@"),
)


class InputTooLarge(ValueError):
    """The pasted text is larger than gwlint reads."""


@dataclass(frozen=True)
class Match:
    """A known error found in the text: where first, how often, and the matched words."""

    error: KnownError
    excerpt: str
    line: int
    column: int
    count: int


def mask_secrets(text: str) -> str:
    """The text with tokens, keys and URL credentials replaced by ``***``."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class _Flattened:
    """The text as one line of single-spaced words, with a map back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        words = list(_TOKEN.finditer(original.translate(_GUTTERS)))
        self.text = " ".join(w.group() for w in words)
        self._flat_starts: list[int] = []
        self._orig_starts: list[int] = []
        position = 0
        for word in words:
            self._flat_starts.append(position)
            self._orig_starts.append(word.start())
            position += len(word.group()) + 1

    def line_column(self, flat_offset: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self._flat_starts, flat_offset) - 1, 0)
        offset = self._orig_starts[index] + flat_offset - self._flat_starts[index]
        return line_column(self.original, offset)


def _spans(error: KnownError, text: str) -> list[tuple[int, int]]:
    spans = set()
    for pattern in error.patterns:
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise SymptomError(
                f"known error '{error.id}': pattern {pattern!r} does not compile: {exc}"
            ) from None
        for found in compiled.finditer(text):
            if found.end() > found.start():
                spans.add((found.start(), found.end()))
    return sorted(spans)


def _excerpt(text: str) -> str:
    text = mask_secrets(text)
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"


class _Cover:
    """One error's spans, answering "does a strictly longer span contain (start, end)?" fast."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._starts = [start for start, _ in spans]  # spans are sorted by start
        self._max_end: list[int] = []  # over spans[: i + 1]
        self._min_start_at_max: list[int] = []  # earliest start among those reaching it
        best, earliest = -1, 0
        for start, end in spans:
            if end > best:
                best, earliest = end, start
            self._max_end.append(best)
            self._min_start_at_max.append(earliest)

    def contains(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0:
            return False
        best = self._max_end[index]
        return best > end or (best == end and self._min_start_at_max[index] < start)


def find_errors(text: str, catalogue: Catalogue) -> list[Match]:
    """Every known error in ``text``, in the order they first appear."""
    if len(text) > MAX_INPUT_CHARS:
        raise InputTooLarge(
            f"the text is {len(text):,} characters; gwlint reads at most "
            f"{MAX_INPUT_CHARS:,}: paste the part with the error"
        )
    flat = _Flattened(text)
    found = {e.id: _spans(e, flat.text) for e in catalogue.errors}
    covers = {error_id: _Cover(spans) for error_id, spans in found.items() if spans}
    matches = []
    for error in catalogue.errors:
        others = [cover for error_id, cover in covers.items() if error_id != error.id]
        kept = [
            (start, end)
            for start, end in found[error.id]
            if not any(cover.contains(start, end) for cover in others)
        ]
        if not kept:
            continue
        start, end = kept[0]
        line, column = flat.line_column(start)
        matches.append(Match(error, _excerpt(flat.text[start:end]), line, column, len(kept)))
    return sorted(matches, key=lambda m: (m.line, m.column, m.error.id))
