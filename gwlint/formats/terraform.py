"""Terraform configurations (``.tf``, ``.tf.json``) read as AgentCore deployments.

A module is a folder: Terraform reads every ``.tf`` and ``.tf.json`` file in
it as one configuration, so a target in ``targets.tf`` pairs with the gateway
in ``main.tf``. Reading any file of the folder therefore decodes its
siblings too and returns every deployment of the module (a file named alone,
``variables.tf`` included, is checked with its module); each carries an
identity and the file it is written in, so a folder scan that reads every
file checks each gateway once. A sibling that does not parse is left out here (it
is reported when it is read itself). Findings name the file each value is
written in (:attr:`gwlint.jsonpos.LocatedDocument.files`).

Plan files (``terraform show -json``) are read by
:mod:`gwlint.formats.terraform_plan`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gwlint.formats import FormatError, NoDefinitions, Source, Translated
from gwlint.formats.terraform_config import Block, Module
from gwlint.jsonpos import JSONPositionError, LocatedDocument
from gwlint.sources.reading import DEFAULT_MAX_BYTES, ReadError, read_text

_ENDINGS = (".tf", ".tf.json")
#: A module folder defines AgentCore resources (checked before any file is parsed).
DEFINES = re.compile(
    r'resource\s+"aws_bedrockagentcore_gateway(?:_target)?"'
    r'|"aws_bedrockagentcore_gateway(?:_target)?"\s*:'
)
#: Parsed files, by name and text: every file of a folder reads the whole folder.
_PARSED: dict[tuple[str, str], Any] = {}
_PARSED_MAX = 512


def read(source: Source) -> list[Translated]:
    """Every deployment of the module folder ``source`` belongs to."""
    from gwlint.formats.terraform_mapping import translate_module

    name = source.file
    if not name.lower().endswith(_ENDINGS):
        from gwlint.formats.terraform_plan import read as read_plan

        return read_plan(source)
    files = [(name, source.text), *_siblings(Path(name))]
    if not any(DEFINES.search(text) for _, text in files):
        raise NoDefinitions()
    parsed: list[tuple[str, str, Any]] = []
    for file, text in files:
        try:
            parsed.append((file, text, _parse(file, text)))
        except FormatError:
            if file == name:
                raise
    defaults: dict[str, Any] = {}
    for file, text, tree in parsed:
        defaults.update(_defaults(file, text, tree))
    module = Module()
    for file, text, tree in parsed:
        module.blocks.extend(_decode(file, text, tree, module.positions, defaults))
    folder = str(Path(name).parent.resolve())
    translations = translate_module(module, folder, source.region)
    texts = {file: text for file, text, _ in parsed if file.lower().endswith(".tf")}
    for item in translations:  # every file's comments apply to its own findings
        item.document.syntax, item.document.texts = "hcl", texts
    return translations


def _siblings(path: Path) -> list[tuple[str, str]]:
    """The other configuration files of the module folder, as ``(name, text)``."""
    folder = path.parent
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    found: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name == path.name or not entry.name.lower().endswith(_ENDINGS):
            continue
        try:
            if entry.is_file():
                found.append((str(entry), read_text(entry, str(entry), DEFAULT_MAX_BYTES)))
        except (ReadError, OSError):
            continue
    return found


def _parse(file: str, text: str) -> Any:
    key = (file, text)
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = _parse_text(file, text)
    return _PARSED[key]


def _parse_text(file: str, text: str) -> Any:
    if file.lower().endswith(".tf.json"):
        from gwlint.jsonpos import loads

        try:
            return loads(text)
        except JSONPositionError as exc:
            raise FormatError(exc.msg, exc.line, exc.column) from None
    from gwlint.formats import hcl

    return hcl.parse(text)


def _defaults(file: str, text: str, tree: Any) -> dict[str, Any]:
    if isinstance(tree, LocatedDocument):
        return _json_defaults(tree.data)
    from gwlint.formats import hcl

    return hcl.literal_defaults(tree, text)


def _decode(
    file: str, text: str, tree: Any, positions: LocatedDocument, defaults: dict[str, Any]
) -> list[Block]:
    if isinstance(tree, LocatedDocument):
        from gwlint.formats import terraform_json

        return terraform_json.decode(tree, file, positions, defaults)
    from gwlint.formats import hcl

    return hcl.Decoder(text, file, positions, defaults).top(tree)


def _json_defaults(data: Any) -> dict[str, Any]:
    from gwlint.formats import terraform_json

    return terraform_json.literal_defaults(data)


__all__ = ["DEFINES", "read"]
