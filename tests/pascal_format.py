"""A minimal reader used to test the formats core: PascalCase API documents.

``{"Gateway": {...}, "Targets": [{...}]}`` written with CloudFormation-style
keys, ``{"Ref": name}`` for a deploy-time value. Real readers live in
:mod:`gwlint.formats`; this one exercises the pipeline they share.
"""

from __future__ import annotations

import re
from typing import Any

from gwlint.formats import Format, NoDefinitions, Recorder, Source, Translated, translate
from gwlint.unresolved import Unresolved

FORMAT = Format(
    name="cloudformation",
    title="PascalCase test document",
    module=__name__,
    extensions=(".pascal",),
    marker=re.compile(r'"(Gateway|Targets)"\s*:'),
    family=re.compile(r'"Pascal"'),
)


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _convert(value: Any, pointer: str) -> Any:
    if isinstance(value, dict) and list(value) == ["Ref"]:
        return Unresolved(f"Ref {value['Ref']}")
    return value


def read(source: Source) -> list[Translated]:
    located = source.json()
    data = located.data
    if not isinstance(data, dict):
        raise NoDefinitions("holds no object")
    recorder = Recorder(located, FORMAT.name)
    out: dict[str, Any] = {}
    for key, section in (("Gateway", "gateway"), ("Targets", "targets")):
        if key in data:
            out[section] = translate(
                data[key], f"/{key}", f"/{section}", recorder, _lower, _convert
            )
    return [Translated(out, recorder.finish(out), address="Test")]
