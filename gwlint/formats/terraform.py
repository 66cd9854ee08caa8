"""Terraform configurations (``.tf``, ``.tf.json``) read as AgentCore deployments.

A module is a folder: Terraform reads every ``.tf`` and ``.tf.json`` file in
it as one configuration, so a target in ``targets.tf`` pairs with the gateway
in ``main.tf``. Reading any file of the folder therefore decodes its
siblings too and returns every deployment of the module (a file named alone,
``variables.tf`` included, is checked with its module); each carries an
identity and the file it is written in, so a folder scan that reads every
file checks each gateway once. A run reads each folder once, however many of
its files it names (:mod:`gwlint.formats.terraform_folder`). A sibling that
does not parse is left out here (it is reported when it is read itself).
Findings name the file each value is written in
(:attr:`gwlint.jsonpos.LocatedDocument.files`).

Plan files (``terraform show -json``) are read by
:mod:`gwlint.formats.terraform_plan`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gwlint.formats import Source, Translated
from gwlint.formats.terraform_config import Block, Module
from gwlint.formats.terraform_folder import ENDINGS, RUNS, json_document
from gwlint.jsonpos import LocatedDocument

#: A module folder defines AgentCore resources (checked before any file is parsed).
DEFINES = re.compile(
    r'resource\s+"aws_bedrockagentcore_gateway(?:_target)?"'
    r'|"aws_bedrockagentcore_gateway(?:_target)?"\s*:'
)
#: Parsed HCL files, by name and text, across runs (a run parses each file once).
_PARSED: dict[tuple[str, str], Any] = {}
_PARSED_MAX = 512


def read(source: Source) -> list[Translated]:
    """Every deployment of the module folder ``source`` belongs to."""
    if not source.file.lower().endswith(ENDINGS):
        from gwlint.formats.terraform_plan import read as read_plan

        return read_plan(source)
    key, folder = RUNS.folder(source, lambda text: DEFINES.search(text) is not None)
    try:
        return folder.deployments(source, _parse, _translate)
    finally:
        RUNS.done(key, folder)


def _translate(files: list[tuple[str, str, Any]], name: str, source: Source) -> list[Translated]:
    """The module's deployments from its decoded files, the file read first."""
    from gwlint.formats.terraform_mapping import translate_module

    defaults: dict[str, Any] = {}
    for file, text, tree in files:
        defaults.update(_defaults(file, text, tree))
    module = Module()
    for file, text, tree in files:
        module.blocks.extend(_decode(file, text, tree, module.positions, defaults))
    folder = str(Path(name).parent.resolve())
    translations = translate_module(module, folder, source.region)
    texts = {file: text for file, text, _ in files if file.lower().endswith(".tf")}
    for item in translations:  # every file's comments apply to its own findings
        item.document.syntax, item.document.texts = "hcl", texts
    return translations


def _parse(file: str, text: str, source: Source | None) -> Any:
    if file.lower().endswith(".tf.json"):
        return json_document(text, source)
    key = (file, text)
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        from gwlint.formats import hcl

        _PARSED[key] = hcl.parse(text)
    return _PARSED[key]


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
