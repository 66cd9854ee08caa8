"""A Terraform module folder, read once per run however many of its files are named.

Reading any file of a module reads the whole folder (:mod:`gwlint.formats.terraform`),
and a folder scan, or a pre-commit hook naming every changed file, hands the
reader each file of the folder in turn. Reading the folder again for each of
them made a module of N files cost N²; here the first file read in a run reads
the folder, decodes each file once and translates the module once, and the
other files of the same run are answered from that reading, so a module costs
what its files do.

A run is the set of identities its loader shares between files
(:attr:`gwlint.formats.Source.seen`); a new run starts afresh, and a read
outside any run is never kept. A file whose text is not the text the folder was
read with (changed since, or not readable then) is read afresh with its folder,
as if alone. A folder leaves the cache once each of its files has been answered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwlint.formats import FormatError, NoDefinitions, Source, Translated
from gwlint.jsonpos import JSONPositionError, LocatedDocument

ENDINGS = (".tf", ".tf.json")
#: Decodes one file (``source`` is given for the file being read): a tree or a document.
Decode = Callable[[str, str, Source | None], Any]
#: Builds the module's translations from ``(file, text, decoded)`` in reading order.
Translate = Callable[[list[tuple[str, str, Any]], str, Source], list[Translated]]


#: A decoded file whose tree is no longer needed (the module is translated).
_RELEASED: Any = object()


@dataclass
class _Failure:
    """A file that does not parse, kept as its located message (raised afresh each time)."""

    message: str
    line: int | None
    column: int | None


@dataclass
class Folder:
    """One module folder as read in one run."""

    texts: dict[str, str]  # every configuration file read: the first file, then the others
    defines: bool  # some file defines AgentCore resources
    region: str | None  # --region, which the translations fall back on
    decoded: dict[str, Any] = field(default_factory=dict)  # file -> tree, document or _Failure
    translations: list[Translated] | None = None
    answered: set[str] = field(default_factory=set)

    def deployments(self, source: Source, decode: Decode, translate: Translate) -> list[Translated]:
        """What reading ``source`` gives: its module's deployments, or its own error."""
        name = source.file
        self.answered.add(name)
        if not self.defines:
            raise NoDefinitions()
        self._decoded(name, decode, source)  # the file read: its own error is raised
        if self.translations is None:
            order = [name, *sorted((f for f in self.texts if f != name), key=Path)]
            files: list[tuple[str, str, Any]] = []
            for file in order:
                try:
                    files.append((file, self.texts[file], self._decoded(file, decode)))
                except FormatError:  # a sibling that does not parse: reported when read itself
                    continue
            self.translations = translate(files, name, source)
            for file, found in self.decoded.items():  # the trees have served
                if not isinstance(found, _Failure):
                    self.decoded[file] = _RELEASED
        return self.translations

    def _decoded(self, file: str, decode: Decode, source: Source | None = None) -> Any:
        if file not in self.decoded:
            try:
                self.decoded[file] = decode(file, self.texts[file], source)
            except FormatError as exc:
                self.decoded[file] = _Failure(exc.message, exc.line, exc.column)
        found = self.decoded[file]
        if isinstance(found, _Failure):
            raise FormatError(found.message, found.line, found.column)
        return found


def siblings(path: Path) -> list[tuple[str, str]]:
    """The other configuration files of the module folder, as ``(name, text)``."""
    from gwlint.sources.reading import DEFAULT_MAX_BYTES, ReadError, read_text

    folder = path.parent
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    found: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name == path.name or not entry.name.lower().endswith(ENDINGS):
            continue
        try:
            if entry.is_file():
                found.append((str(entry), read_text(entry, str(entry), DEFAULT_MAX_BYTES)))
        except (ReadError, OSError):
            continue
    return found


class _Runs(threading.local):
    """The folders read in the current run, by folder as its files spell it.

    Per thread: runs in two threads (``gwlint.lint`` called concurrently) never
    share a folder's translations, which the loader completes in place.
    """

    def __init__(self) -> None:
        self.run: set[str] | None = None
        self.folders: dict[str, Folder] = {}

    def folder(self, source: Source, defines: Callable[[str], bool]) -> tuple[str, Folder]:
        """``source``'s folder as this run read it, or read now (kept while the run lasts)."""
        key = str(Path(source.file).parent)
        if source.seen is not None and source.seen is not self.run:
            self.run, self.folders = source.seen, {}  # a new run
        found = self.folders.get(key) if source.seen is not None else None
        if (
            found is not None
            and found.texts.get(source.file) == source.text
            and found.region == source.region
        ):
            return key, found
        texts = dict([(source.file, source.text), *siblings(Path(source.file))])
        folder = Folder(texts, any(defines(text) for text in texts.values()), source.region)
        if source.seen is not None:
            self.folders[key] = folder
        return key, folder

    def done(self, key: str, folder: Folder) -> None:
        """Forget a folder once each of its files has been answered."""
        # every file answered is one of the folder's (its text was checked against it)
        if self.folders.get(key) is folder and len(folder.answered) == len(folder.texts):
            del self.folders[key]


RUNS = _Runs()


def json_document(text: str, source: Source | None) -> LocatedDocument:
    """A ``.tf.json`` file decoded once: the loader's decoding of the file read is reused."""
    from gwlint import jsonfast

    try:
        return source.json() if source is not None else jsonfast.loads(text)
    except JSONPositionError as exc:
        raise FormatError(exc.msg, exc.line, exc.column) from None


__all__ = ["ENDINGS", "RUNS", "Folder", "json_document", "siblings"]
