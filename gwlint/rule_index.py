"""A generated index of the built-in rules: what ``rules`` and ``explain`` print.

Listing or explaining a rule otherwise imports every rule module and the
deployment model behind them, three times the cost of ``--version``. The
index holds the exact output of both commands for the built-in pack; the CLI
uses it only when that pack is the only one installed and no ``--rules-dir``
is given, and falls back to loading the rules for anything else (an unknown
rule, a third-party pack, a missing index).

Regenerate with ``python -m gwlint.rule_index``; ``--check`` exits 1 when it
is stale, and so does a test.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

INDEX_PATH = Path(__file__).with_name("rule_index.json")
BUILTIN_PACK = ("builtin", "gwlint_rules")  # the entry point's name and value


def listing(rules: Sequence[RuleMeta]) -> list[dict[str, Any]]:
    """``gwlint rules --format json``: one object per rule."""
    return [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity.value,
            "summary": r.summary,
            "fix": r.fix,
            "live": r.live,
            "probe": r.probe,
            "requires": list(r.requires),
            "evidence": r.evidence,
            "pack": r.pack,
        }
        for r in rules
    ]


def text_lines(rules: Sequence[RuleMeta]) -> list[str]:
    """``gwlint rules``: one line per rule."""
    lines = []
    for r in rules:
        mode = " (live)" if r.live else " (probe)" if r.probe else ""
        lines.append(f"{r.id}  {r.name:<40} {r.severity.value:<8} {r.summary}{mode}")
    return lines


def build() -> dict[str, Any]:
    """The index of the installed built-in pack."""
    from gwlint.catalogue import load_catalogue
    from gwlint.docs import explain_text
    from gwlint.registry import all_rules

    rules = all_rules()
    catalogue = load_catalogue(rules)
    return {
        "rules_text": text_lines(rules),
        "rules_json": listing(rules),
        "explain": {r.id: explain_text(r, catalogue) for r in rules},
        "names": {r.name: r.id for r in rules},
        "lazy": _lazy(rules),
    }


def _lazy(rules: Sequence[RuleMeta]) -> dict[str, Any]:
    """What :mod:`gwlint.lazyrules` needs to run the rules importing only those that run."""
    from gwlint.lazyrules import pack_folder, source_sums

    folder = pack_folder()
    for r in rules:  # each check must be reachable by its module and name
        if getattr(sys.modules[r.module], r.check.__name__, None) is not r.check:
            raise ValueError(f"{r.id}: {r.module}.{r.check.__name__} is not its check function")
    return {
        "sources": source_sums(folder) if folder else {},
        "rules": {
            r.id: {
                "module": r.module,
                "function": r.check.__name__,
                "actions": list(r.actions),
                "reads": list(r.reads),
                "doc": r.doc,
            }
            for r in rules
        },
    }


def render() -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def load(rules_dirs: Sequence[str] | None) -> dict[str, Any] | None:
    """The index, when it describes every rule this run would load; else None."""
    if rules_dirs:
        return None
    from gwlint.entrypoints import rule_packs

    if rule_packs() != [BUILTIN_PACK]:
        return None
    try:
        data: dict[str, Any] = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def explain_from(index: dict[str, Any], key: str) -> str | None:
    """The stored ``explain`` text for an id (any letter case) or kebab name."""
    texts: dict[str, str] = index["explain"]
    by_upper = {rule_id.upper(): rule_id for rule_id in texts}
    rule_id = by_upper.get(key.upper()) or index["names"].get(key)
    return texts.get(rule_id) if rule_id else None


def main(argv: Sequence[str]) -> int:
    from gwlint.generated import write_or_check

    return write_or_check(INDEX_PATH, render(), argv, "python -m gwlint.rule_index")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
