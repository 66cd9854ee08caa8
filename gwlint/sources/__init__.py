"""Sources: turn one input file into Deployments plus their location maps.

Inputs are recognised by extension and content, not by file name alone.
gwlint's own JSON shapes (API documents, deployment files, client configs,
setup arguments) are read here; the formats users deploy from
(CloudFormation, Terraform, the agentcore CLI, boto3 scripts and notebooks)
by their readers in :mod:`gwlint.formats`, which translate them into the API's
words, so every rule runs on them unchanged. A folder is searched for every
ending a format claims; files there that hold no gateway definitions are
skipped, while a file named on the command line that holds none is an input
error. A folder file that does not parse is skipped too (``tsconfig.json`` has
comments) unless its text names gwlint input keys: a broken gateway config
must fail a CI gate, not vanish.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gwlint.documents import json_kind
from gwlint.findings import InputError
from gwlint.jsonfast import loads
from gwlint.jsonpos import JSONPositionError, LocatedDocument, Position
from gwlint.masking import already_masked, mask_tree
from gwlint.model import Deployment
from gwlint.sources import aws_api, client_config, deployment_file, sections, setup_args
from gwlint.sources.reading import DEFAULT_MAX_BYTES, ReadError, read_text

if TYPE_CHECKING:  # pragma: no cover - the formats package loads when a file needs it
    from gwlint.formats import Format, Source


class Shape(NamedTuple):
    name: str
    matches: Callable[[dict[str, Any]], bool]
    load: Callable[[dict[str, Any], str], Deployment]


#: Most specific first: a deployment file may hold client-config keys in a section.
SHAPES = (
    Shape("deployment", deployment_file.matches, deployment_file.load),
    Shape("setup-args", setup_args.matches, setup_args.load),
    Shape("client-config", client_config.matches, client_config.load),
    Shape("aws-api", aws_api.matches, aws_api.load),
)

EXPECTED = (
    "expected a gwlint input: a client config (gateway_url, client_id, token_endpoint…), "
    "an AWS API document (CreateGateway/GetGateway or CreateGatewayTarget/GetGatewayTarget), "
    "a deployment file (gateway, targets, client) or setup_gateway arguments "
    "(gateway_name, target_source, target_type)"
)


@dataclass
class Loaded:
    deployment: Deployment
    document: LocatedDocument
    errors: list[InputError] = field(default_factory=list)  # wrongly typed sections
    identity: str | None = None  # see gwlint.formats.Translated.identity


class Unrecognised(Exception):
    """A file that defines nothing gwlint checks; ``position`` is its top-level value.

    ``position`` is None for a file read as a whole (no JSON value to point at).
    """

    def __init__(self, message: str, position: Position | None) -> None:
        super().__init__(message)
        self.position = position


def load_file(
    path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Loaded:
    """The first deployment ``path`` defines (see :func:`load_many`)."""
    return load_many(path, display, max_bytes=max_bytes)[0]


def load_many(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    seen: set[str] | None = None,
) -> list[Loaded]:
    """Every deployment one file defines (a template may hold several gateways).

    Raises InputErrorException for unreadable or malformed input and
    Unrecognised for a file that defines no gateway, target or client. Secrets
    are masked before any source sees the document (:mod:`gwlint.masking`).
    """
    from gwlint import formats

    name = display or str(path)
    try:
        text = read_text(path, name, max_bytes)
    except ReadError as exc:
        raise InputErrorException(exc.error) from None
    # what the file is called says its format; standard input ("-") by its temporary file
    called = name if Path(name).suffix else path.name
    if not called.lower().endswith(".json"):
        fmt, nearest = formats.detect(called, text)
        if fmt is not None:
            return _load_format(fmt, formats.Source(text, name, seen=seen))
        raise Unrecognised(_not_definitions(nearest, name), None)
    # JSON: decoded once (the C parser), then its top-level keys pick the formats to search
    try:
        document = loads(text)
    except JSONPositionError as exc:
        fmt, _ = formats.detect(called, text)
        if fmt is not None:  # a broken template: its reader names the error in its terms
            return _load_format(fmt, formats.Source(text, name, seen=seen))
        raise InputErrorException(
            InputError(name, exc.line, exc.column, f"invalid JSON: {exc.msg}"),
            looks_like_input=_INPUT_KEYS.search(text) is not None,
        ) from None
    fmt, nearest = formats.detect(called, text, document.data)
    if fmt is not None:
        return _load_format(fmt, formats.Source(text, name, seen=seen, _json=document))
    del text
    try:
        return [_load_json(document, name)]
    except Unrecognised as exc:
        if nearest is not None:
            raise Unrecognised(_not_definitions(nearest, name), exc.position) from None
        raise


def _not_definitions(nearest: Format | None, name: str) -> str:
    if nearest is not None:
        return f"looks like a {nearest.title} but defines no AgentCore gateway or target"
    return f"no AgentCore gateway or target definitions found; {EXPECTED}"


def _load_format(fmt: Format, source: Source) -> list[Loaded]:
    """Translate a file of ``fmt`` and build a deployment from each translation."""
    from gwlint.formats import FormatError, NoDefinitions

    name = source.file
    try:
        translations = fmt.reader()(source)
    except FormatError as exc:
        raise InputErrorException(
            InputError(name, exc.line, exc.column, f"invalid {fmt.title}: {exc.message}"),
            looks_like_input=True,
        ) from None
    except JSONPositionError as exc:
        raise InputErrorException(
            InputError(name, exc.line, exc.column, f"invalid JSON: {exc.msg}"),
            looks_like_input=True,
        ) from None
    except NoDefinitions as exc:
        message = f"{fmt.title} {exc}" if str(exc) else _not_definitions(fmt, name)
        raise Unrecognised(message, None) from None
    except Exception as exc:  # a reader bug must be one line, never a traceback
        message = (
            f"gwlint could not read this {fmt.title} ({type(exc).__name__}); "
            "this is a gwlint bug, please report it"
        )
        raise InputErrorException(InputError(name, 1, 1, message)) from exc
    if not translations:
        raise Unrecognised(_not_definitions(fmt, name), None)
    loaded: list[Loaded] = []
    syntax = _syntax(name, source.text)
    for item in translations:
        if source.seen is not None and item.identity in source.seen:
            continue  # read through another file of this run: not rebuilt
        data = mask_tree(item.data)
        item.document.data = data
        file = item.file or name
        # comments may carry inline suppressions (gwlint.inline), matched against the
        # findings of each file; a reader of several files gives each its text
        if syntax != "json" and item.document.text is None and not item.document.texts:
            item.document.syntax = syntax
            item.document.texts = {name: source.text}
        with already_masked(data):
            deployment = deployment_file.load(data, file)
        deployment.format = fmt.name
        deployment.address = item.address
        deployment.duplicates = list(item.document.duplicates)
        loaded.append(Loaded(deployment, item.document, identity=item.identity))
    return loaded


#: File endings whose syntax has comments (inline suppressions); the rest is JSON.
#: The Python readers give their documents a text of their own (a notebook's cells).
_SYNTAX = {".yaml": "yaml", ".yml": "yaml", ".template": "yaml", ".tf": "hcl"}


def _syntax(name: str, text: str) -> str:
    syntax = _SYNTAX.get(Path(name).suffix.lower(), "json")
    if syntax == "yaml" and text.lstrip().startswith("{"):
        return "json"
    return syntax


def _load_json(document: LocatedDocument, name: str) -> Loaded:
    """One of gwlint's own JSON shapes."""
    document.data = data = mask_tree(document.data)
    top = document.locate("")[1]
    if not isinstance(data, dict):
        raise Unrecognised(
            f"top-level JSON value is {json_kind(data)}, not an object; {EXPECTED}", top
        )
    for shape in SHAPES:
        if shape.matches(data):
            try:
                with already_masked(data):
                    deployment = shape.load(data, name)
            except Exception as exc:  # a source bug must be one line, never a traceback
                message = (
                    f"gwlint could not read this {shape.name} input "
                    f"({type(exc).__name__}); this is a gwlint bug, please report it"
                )
                raise InputErrorException(InputError(name, top.line, top.column, message)) from exc
            deployment.duplicates = list(document.duplicates)
            errors = [
                _at_key(document, name, pointer, message)
                for pointer, message in sections.problems(shape.name, data)
            ]
            return Loaded(deployment, document, errors)
    keys = ", ".join(sorted(data)[:8]) or "none"
    raise Unrecognised(f"unrecognised input (top-level keys: {keys}); {EXPECTED}", top)


def _at_key(document: LocatedDocument, file: str, pointer: str, message: str) -> InputError:
    """An input error at the key of ``pointer`` (its value when it has no key: array items)."""
    position = document.keys.get(pointer) or document.locate(pointer)[1]
    return InputError(file, position.line, position.column, message)


class InputErrorException(Exception):
    def __init__(self, error: InputError, *, looks_like_input: bool = False) -> None:
        super().__init__(str(error))
        self.error = error
        self.looks_like_input = looks_like_input


#: Quoted keys that only gwlint inputs use; their presence makes a broken file an input.
_INPUT_KEYS = re.compile(
    r'"(?:gateway_url|token_endpoint|client_info|gateway_name|target_source|target_type|'
    r"authorizerType|authorizerConfiguration|targetConfiguration|"
    r'credentialProviderConfigurations|gatewayUrl|gatewayIdentifier)"'
)


def expand(paths: Iterable[str]) -> tuple[list[tuple[Path, bool]], list[InputError]]:
    """Files to read, each flagged whether it was named explicitly.

    A folder is searched for every ending a format claims (``*.json``,
    ``*.yaml``, ``*.tf``, ``*.py``, ``*.ipynb``…) in any letter case; only
    regular files found there are read (a FIFO or socket in a folder is no
    config). Named paths are read as given: what they are is checked when they
    are opened.
    """
    from gwlint.formats import extensions

    endings = tuple(extensions())
    files: list[tuple[Path, bool]] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(Path(name) for name in _search(str(path), endings))
            files.extend((p, False) for p in found)
        else:
            files.append((path, True))
    return files, errors


#: Folders never searched: hidden ones (``.git``, ``.venv``…) and these.
_PRUNED = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


def _search(root: str, endings: tuple[str, ...]) -> list[str]:
    """Regular files under ``root`` whose names end in one of ``endings`` (any case).

    Pruned and hidden folders are not entered at all (a repository's
    ``node_modules`` or ``.git`` can hold more files than the rest of it), nor
    are links to folders; a folder that cannot be listed is passed over.
    """
    found: list[str] = []
    folders = [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():
                    if not (entry.is_symlink() or name.startswith(".") or name in _PRUNED):
                        folders.append(entry.path)
                elif name.lower().endswith(endings) and entry.is_file():
                    found.append(entry.path)
            except OSError:  # a symlink loop or an entry gone meanwhile: nothing to read
                continue
    return found


@dataclass
class LoadResult:
    loaded: list[Loaded]
    errors: list[InputError]
    skipped: list[InputError]  # folder files that are not gwlint inputs


def load_paths(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, skip_unrecognised: bool = False
) -> LoadResult:
    """Load every input; named files must be inputs, folder files may be skipped.

    ``skip_unrecognised`` treats named files like folder files when they define
    nothing gwlint checks (a pre-commit hook names every changed file); a file
    that does not parse but looks like an input still fails.
    """
    result = LoadResult([], [], [])
    for part in iter_loads(paths, max_bytes=max_bytes, skip_unrecognised=skip_unrecognised):
        result.loaded += part.loaded
        result.errors += part.errors
        result.skipped += part.skipped
    return result


def iter_loads(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, skip_unrecognised: bool = False
) -> Iterator[LoadResult]:
    """:func:`load_paths` one input file at a time, in the same order."""
    files, errors = expand(paths)
    if errors:
        yield LoadResult([], errors, [])
    seen: set[str] = set()  # identities of deployments read through another file
    for path, explicit in files:
        yield load_one(
            path, explicit, max_bytes=max_bytes, skip_unrecognised=skip_unrecognised, seen=seen
        )


def load_one(
    path: Path,
    explicit: bool,
    *,
    display: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_unrecognised: bool = False,
    seen: set[str] | None = None,
) -> LoadResult:
    """One file's deployments, or why it is an error or skipped (named files must be inputs).

    ``seen`` holds the identities of deployments already read through another file
    (a Terraform module's other files); they are not loaded twice.
    """
    result = LoadResult([], [], [])
    try:
        loaded = load_many(path, display=display, max_bytes=max_bytes, seen=seen)
    except InputErrorException as exc:
        keep = (explicit and not skip_unrecognised) or exc.looks_like_input
        (result.errors if keep else result.skipped).append(exc.error)
    except Unrecognised as exc:
        at = exc.position
        line, column = (at.line, at.column) if at is not None else (None, None)
        error = InputError(display or str(path), line, column, str(exc))
        keep = explicit and not skip_unrecognised
        (result.errors if keep else result.skipped).append(error)
    else:
        for item in loaded:
            if item.identity is not None and seen is not None:
                if item.identity in seen:
                    continue
                seen.add(item.identity)
            result.loaded.append(item)
            result.errors.extend(item.errors)
    return result
