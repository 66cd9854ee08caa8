"""Formats users deploy from, read into the API's words with the user's positions.

Every input becomes a located document (a value plus file, line and column
for each node) through a decoder for its syntax, then a *dialect* maps its
keys onto the API members the model is built from, recording for every
pointer the key as the user wrote it. Rules never see the format: they read
the model, and the engine reports in the user's spelling and positions.

A format is recognised by extension and content. The table below is all the
CLI needs to pick a reader: a reader module (and its parser) is imported only
when a file of its format is read, so the offline start-up stays light.

A reader module provides ``read(source: Source) -> list[Translated]``; it
raises :class:`FormatError` for a syntax error (located) and
:class:`NoDefinitions` for a well-formed file of its format that holds no
gateway definitions.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from gwlint.jsonpos import LocatedDocument, join_pointer, loads


class FormatError(Exception):
    """A file of a known format that does not parse: one located line, exit 2."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class NoDefinitions(Exception):
    """A well-formed file of a format that defines no gateway or target."""


@dataclass
class Source:
    """One file's text, with its JSON decoding done once and shared by readers."""

    text: str
    file: str
    region: str | None = None  # --region, for formats that hold none
    #: identities of the deployments this run has loaded, one set per run: a reader
    #: of several files at once (a Terraform module folder) keeps its work for the
    #: run under it, and the loader does not rebuild what it returns again
    seen: set[str] | None = field(default=None, repr=False)
    _json: LocatedDocument | None = field(default=None, repr=False)

    def json(self) -> LocatedDocument:
        """The text as a located JSON document (raises JSONPositionError)."""
        if self._json is None:
            self._json = loads(self.text)
        return self._json


@dataclass
class Translated:
    """One deployment read from a file: API-shaped ``data`` and its located document.

    ``data`` has the deployment-file shape (``region``, ``gateway``,
    ``targets``); ``document.values``/``keys`` are keyed by pointers of
    ``data`` and hold positions in the user's file.
    """

    data: dict[str, Any]
    document: LocatedDocument
    address: str | None = None  # the resource in the user's words (Resources/Gw, aws_…gateway.x)
    #: the same deployment read through another file (every file of a Terraform
    #: module folder sees the whole module) carries the same identity: read once
    identity: str | None = None
    #: the file the deployment is written in when not the file read (a module folder)
    file: str | None = None


class Reader(Protocol):
    def __call__(self, source: Source) -> list[Translated]: ...


class Format(NamedTuple):
    """A format gwlint reads: how to recognise a file of it, and its reader module."""

    name: str  # as findings carry it: "cloudformation", "terraform", …
    title: str  # for messages: "CloudFormation template"
    module: str  # the reader module, imported on first use
    extensions: tuple[str, ...]  # lower-case file name endings
    marker: re.Pattern[str]  # the text holds gateway definitions of this format
    #: the text is of this format at all (for "looks like … but has no gateway")
    family: re.Pattern[str] | None = None
    #: for ``.json`` files: top-level keys one of which a document of this format has;
    #: a parsed JSON file without any is not searched with the patterns (a 13 MB
    #: API document costs no regular-expression scan per format)
    json_keys: frozenset[str] = frozenset()

    def reader(self) -> Reader:
        module = importlib.import_module(self.module)
        read: Reader = module.read
        return read

    def claims(self, name: str) -> bool:
        lowered = name.lower()
        return any(lowered.endswith(ext) for ext in self.extensions)


_UNPARSED: Any = object()


def formats() -> tuple[Format, ...]:
    """The formats gwlint reads (:mod:`gwlint.formats.table`), most specific first."""
    from gwlint.formats.table import FORMATS

    return FORMATS


def extensions() -> frozenset[str]:
    """Every file ending a folder scan picks up."""
    found = {".json"}
    for fmt in formats():
        found.update(fmt.extensions)
    return frozenset(found)


def detect(name: str, text: str, data: Any = _UNPARSED) -> tuple[Format | None, Format | None]:
    """``(format that holds definitions, format the file merely looks like)``.

    ``data`` is the decoded JSON of a ``.json`` file: only formats whose
    :attr:`Format.json_keys` it has are searched. JSON files that match no
    format are left to gwlint's own JSON shapes.
    """
    keys = data.keys() if isinstance(data, dict) else None
    nearest: Format | None = None
    for fmt in formats():
        if not fmt.claims(name):
            continue
        if data is not _UNPARSED and not (keys is not None and fmt.json_keys & keys):
            continue
        if fmt.marker.search(text):
            return fmt, None
        if nearest is None and fmt.family is not None and fmt.family.search(text):
            nearest = fmt
    return None, nearest


# -- helpers for dialects ---------------------------------------------------


class Recorder:
    """Builds the located document of a translation, node by node.

    A dialect calls :meth:`node` for every value it carries over: the API
    pointer gets the source node's positions, its source pointer and the key
    as the user wrote it; the API member name learns the user's spelling so
    messages can use it.
    """

    def __init__(self, source: LocatedDocument, fmt: str) -> None:
        self.source = source
        self.document = LocatedDocument(data=None, format=fmt)

    def node(
        self,
        api_pointer: str,
        source_pointer: str,
        written: str | None = None,
        *,
        member: str | None = None,
    ) -> None:
        """Record that ``api_pointer`` was written at ``source_pointer``."""
        doc, src = self.document, self.source
        position = src.values.get(source_pointer)
        if position is not None:
            doc.values[api_pointer] = position
        key = src.keys.get(source_pointer)
        if key is not None:
            doc.keys[api_pointer] = key
        doc.sources[api_pointer] = source_pointer
        spelled = written if written is not None else src.written_key(source_pointer)
        if spelled is not None:
            doc.written[api_pointer] = spelled
            if member and member != spelled and not member.isdigit():
                doc.names.setdefault(member, spelled)

    def finish(self, data: dict[str, Any]) -> LocatedDocument:
        self.document.data = data
        return self.document


#: Map keys whose keys are user data (tags, schema properties…): never re-cased.
USER_KEYED = frozenset(
    {
        "tags",
        "properties",
        "customParameters",
        "advertisedScopeMapping",
        "staticQueryParameters",
        "parameters",
        "parameterValues",
        "definitions",
    }
)


def translate(
    value: Any,
    source_pointer: str,
    api_pointer: str,
    recorder: Recorder,
    rename: Callable[[str], str],
    convert: Callable[[Any, str], Any] | None = None,
) -> Any:
    """Copy ``value`` renaming every structural key with ``rename``, recording each node.

    Keys of maps that hold user data (:data:`USER_KEYED`) are kept as written
    but their values are still walked. ``convert(value, source_pointer)`` may
    replace a node first (a reader turns ``{"Ref": …}`` into an
    :class:`~gwlint.unresolved.Unresolved`); what it returns is not walked
    when it differs from ``value``.
    """
    recorder.node(api_pointer, source_pointer)
    return _translate(value, source_pointer, api_pointer, recorder, rename, convert, False)


def _translate(
    value: Any,
    src: str,
    api: str,
    recorder: Recorder,
    rename: Callable[[str], str],
    convert: Callable[[Any, str], Any] | None,
    user_keys: bool,
) -> Any:
    if convert is not None:
        converted = convert(value, src)
        if converted is not value:
            return converted
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key if user_keys else rename(key)
            child_src, child_api = join_pointer(src, key), join_pointer(api, name)
            recorder.node(child_api, child_src, key, member=None if user_keys else name)
            out[name] = _translate(
                item, child_src, child_api, recorder, rename, convert, name in USER_KEYED
            )
        return out
    if isinstance(value, list):
        items: list[Any] = []
        for i, item in enumerate(value):
            child_src, child_api = join_pointer(src, i), join_pointer(api, i)
            recorder.node(child_api, child_src)
            items.append(_translate(item, child_src, child_api, recorder, rename, convert, False))
        return items
    return value


def lower_first(name: str) -> str:
    """CloudFormation's ``AuthorizerType`` is the API's ``authorizerType``."""
    return name[:1].lower() + name[1:]


__all__ = [
    "Format",
    "FormatError",
    "NoDefinitions",
    "Recorder",
    "Source",
    "Translated",
    "detect",
    "extensions",
    "formats",
    "lower_first",
    "translate",
]
