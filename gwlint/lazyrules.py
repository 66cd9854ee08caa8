"""The built-in rules from the rule index, each module imported when its rule runs.

``gwlint check`` loaded every rule module, the live and probe ones too with
what they import (the live-read helpers, the probe session, the IAM policy
tables), though an offline check runs none of them. The index
(:mod:`gwlint.rule_index`) records every built-in rule's metadata and a
checksum of each module of the pack; when the installed modules match it,
the rules are built from it and a rule's module is imported on its first
run. Anything else (another pack installed, a changed or added module, no
index) loads the rules the usual way.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from gwlint.findings import Finding, Severity
from gwlint.rule import Context, RuleMeta

PACKAGE = "gwlint_rules"


def source_sums(folder: str) -> dict[str, int]:
    """CRC-32 of every module file of the pack folder, by file name."""
    sums: dict[str, int] = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as handle:
                sums[name] = zlib.crc32(handle.read())
    return sums


def pack_folder() -> str | None:
    """The installed pack's folder, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    [folder] = list(spec.submodule_search_locations)
    return str(folder)


class DeferredCheck:
    """A rule's check function, imported from its module on the first call."""

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function
        self._check: Callable[[Context], Iterable[Finding]] | None = None

    def __call__(self, ctx: Context) -> Iterable[Finding]:
        check = self._check
        if check is None:  # once: a run calls it once per file
            check = self._check = getattr(importlib.import_module(self.module), self.function)
        return check(ctx)


def _meta(listed: dict[str, Any], extra: dict[str, Any]) -> RuleMeta:
    return RuleMeta(
        id=listed["id"],
        name=listed["name"],
        severity=Severity(listed["severity"]),
        summary=listed["summary"],
        fix=listed["fix"],
        doc=extra["doc"],
        check=DeferredCheck(extra["module"], extra["function"]),
        module=extra["module"],
        live=listed["live"],
        probe=listed["probe"],
        requires=tuple(listed["requires"]),
        actions=tuple(extra["actions"]),
        reads=tuple(extra["reads"]),
        evidence=listed["evidence"],
        pack=listed["pack"],
    )


def builtin_rules() -> list[RuleMeta] | None:
    """The built-in rules, sorted by id, when the index describes the installed pack."""
    from gwlint import rule_index

    index = rule_index.load(None)
    folder = pack_folder()
    if index is None or folder is None or "lazy" not in index:
        return None
    if index["lazy"]["sources"] != source_sums(folder):
        return None
    extras: dict[str, dict[str, Any]] = index["lazy"]["rules"]
    return [_meta(listed, extras[listed["id"]]) for listed in index["rules_json"]]
