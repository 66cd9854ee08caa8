"""Sources: turn one input file into a Deployment plus its location map.

Inputs are recognised by shape, not by file name. A folder is searched for
``*.json``; files there that match no shape are skipped, while a file named on
the command line that matches none is an input error. A folder file that does
not parse is skipped too (``tsconfig.json`` has comments) unless its text names
gwlint input keys: a broken gateway config must fail a CI gate, not vanish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gwlint.documents import json_kind
from gwlint.findings import InputError
from gwlint.jsonpos import JSONPositionError, LocatedDocument, loads
from gwlint.model import Deployment
from gwlint.sources import aws_api, client_config, deployment_file, setup_args


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


class Unrecognised(Exception):
    """A JSON file that matches no input shape."""


_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: Path) -> str:
    """The file as text; raises InputErrorException locating a non-UTF-8 byte."""
    data = path.read_bytes()
    if data.startswith(_BOM_UTF8):
        data = data[len(_BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith(_BOM_UTF16):
            message = "UTF-16 text (byte-order mark); save the file as UTF-8"
            raise InputErrorException(InputError(str(path), 1, 1, message)) from None
        before = data[: exc.start].decode("utf-8")  # valid up to the bad byte
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason})"
        raise InputErrorException(InputError(str(path), line, column, message)) from None


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Load one file.

    Raises InputErrorException for unreadable or malformed input and
    Unrecognised for JSON that is no gwlint input shape.
    """
    name = display or str(path)
    try:
        text = read_text(path)
    except InputErrorException as exc:
        raise InputErrorException(replace(exc.error, file=name)) from None
    except OSError as exc:
        raise InputErrorException(InputError(name, 1, 1, f"cannot read: {exc.strerror}")) from None
    try:
        document = loads(text)
    except JSONPositionError as exc:
        raise InputErrorException(
            InputError(name, exc.line, exc.column, f"invalid JSON: {exc.msg}"),
            looks_like_input=_INPUT_KEYS.search(text) is not None,
        ) from None
    data = document.data
    if not isinstance(data, dict):
        raise Unrecognised(f"top-level JSON value is {json_kind(data)}, not an object; {EXPECTED}")
    for shape in SHAPES:
        if shape.matches(data):
            try:
                deployment = shape.load(data, name)
            except Exception as exc:  # a source bug must be one line, never a traceback
                message = (
                    f"gwlint could not read this {shape.name} input "
                    f"({type(exc).__name__}); this is a gwlint bug, please report it"
                )
                raise InputErrorException(InputError(name, 1, 1, message)) from exc
            deployment.duplicates = list(document.duplicates)
            return Loaded(deployment, document)
    keys = ", ".join(sorted(data)[:8]) or "none"
    raise Unrecognised(f"unrecognised input (top-level keys: {keys}); {EXPECTED}")


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
    """Files to read, each flagged whether it was named explicitly."""
    files: list[tuple[Path, bool]] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file() and not _hidden(p, path))
            files.extend((p, False) for p in found)
        elif path.exists():
            files.append((path, True))
        else:
            errors.append(InputError(raw, 1, 1, "no such file or directory"))
    return files, errors


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


def load_paths(paths: Iterable[str]) -> LoadResult:
    """Load every input; named files must be inputs, folder files may be skipped."""
    files, errors = expand(paths)
    result = LoadResult([], errors, [])
    for path, explicit in files:
        try:
            result.loaded.append(load_file(path))
        except InputErrorException as exc:
            keep = explicit or exc.looks_like_input
            (result.errors if keep else result.skipped).append(exc.error)
        except Unrecognised as exc:
            error = InputError(str(path), 1, 1, str(exc))
            (result.errors if explicit else result.skipped).append(error)
    return result
