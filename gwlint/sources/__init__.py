"""Sources: turn one input file into a Deployment plus its location map.

Inputs are recognised by shape, not by file name. A folder is searched for
``*.json``; files there that match no shape are skipped, while a file named on
the command line that matches none is an input error. A folder file that does
not parse is skipped too (``tsconfig.json`` has comments) unless its text names
gwlint input keys: a broken gateway config must fail a CI gate, not vanish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gwlint.documents import json_kind
from gwlint.findings import InputError
from gwlint.jsonfast import loads
from gwlint.jsonpos import JSONPositionError, LocatedDocument, Position
from gwlint.masking import already_masked, mask_tree
from gwlint.model import Deployment
from gwlint.sources import aws_api, client_config, deployment_file, sections, setup_args
from gwlint.sources.reading import DEFAULT_MAX_BYTES, ReadError, read_text


@dataclass(frozen=True)
class Shape:
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


class Unrecognised(Exception):
    """A JSON file that matches no input shape; ``position`` is its top-level value."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.position = position


def load_file(
    path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Loaded:
    """Load one file.

    Raises InputErrorException for unreadable or malformed input and
    Unrecognised for JSON that is no gwlint input shape. Secrets are masked
    before any source sees the document (:mod:`gwlint.masking`).
    """
    name = display or str(path)
    try:
        text = read_text(path, name, max_bytes)
    except ReadError as exc:
        raise InputErrorException(exc.error) from None
    try:
        document = loads(text)
    except JSONPositionError as exc:
        raise InputErrorException(
            InputError(name, exc.line, exc.column, f"invalid JSON: {exc.msg}"),
            looks_like_input=_INPUT_KEYS.search(text) is not None,
        ) from None
    del text
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

    A folder is searched for ``*.json`` in any letter case; only regular files
    found there are read (a FIFO or socket in a folder is no config). Named paths
    are read as given: what they are is checked when they are opened.
    """
    files: list[tuple[Path, bool]] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() == ".json" and _regular(p) and not _hidden(p, path)
            )
            files.extend((p, False) for p in found)
        else:
            files.append((path, True))
    return files, errors


def _regular(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a symlink loop or unreadable entry: not a file to read
        return False


_PRUNED = frozenset({"node_modules", "__pycache__", "site-packages"})


def _hidden(path: Path, root: Path) -> bool:
    return any(
        part.startswith(".") or part in _PRUNED for part in path.relative_to(root).parts[:-1]
    )


@dataclass
class LoadResult:
    loaded: list[Loaded]
    errors: list[InputError]
    skipped: list[InputError]  # folder files that are not gwlint inputs


def load_paths(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load every input; named files must be inputs, folder files may be skipped."""
    result = LoadResult([], [], [])
    for part in iter_loads(paths, max_bytes=max_bytes):
        result.loaded += part.loaded
        result.errors += part.errors
        result.skipped += part.skipped
    return result


def iter_loads(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadResult]:
    """:func:`load_paths` one input file at a time, in the same order."""
    files, errors = expand(paths)
    if errors:
        yield LoadResult([], errors, [])
    for path, explicit in files:
        result = LoadResult([], [], [])
        try:
            loaded = load_file(path, max_bytes=max_bytes)
        except InputErrorException as exc:
            keep = explicit or exc.looks_like_input
            (result.errors if keep else result.skipped).append(exc.error)
        except Unrecognised as exc:
            error = InputError(str(path), exc.position.line, exc.position.column, str(exc))
            (result.errors if explicit else result.skipped).append(error)
        else:
            result.loaded.append(loaded)
            result.errors.extend(loaded.errors)
        yield result
