"""docs/rules.md is generated from the rule modules and must not go stale."""

from __future__ import annotations

import ast
import difflib
import re
import subprocess
import sys

import pytest

from gwlint.docs import builtin_markdown, explain_text
from gwlint.registry import all_rules

from .conftest import ROOT

RULES_MD = ROOT / "docs" / "rules.md"
REGENERATE = "python -m gwlint.docs > docs/rules.md"
BUILTIN = [r for r in all_rules() if r.pack == "builtin"]


def test_rules_md_is_up_to_date() -> None:
    assert RULES_MD.is_file(), f"docs/rules.md is missing: run `{REGENERATE}`"
    expected = builtin_markdown()
    actual = RULES_MD.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    actual.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    "docs/rules.md",
                    "generated",
                )
            )[:40]
        )
        pytest.fail(f"docs/rules.md is stale: regenerate it with `{REGENERATE}`\n{diff}")


def test_the_regenerate_command_prints_the_expected_text() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gwlint.docs"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == builtin_markdown()


def test_every_builtin_rule_is_indexed_and_documented() -> None:
    text = builtin_markdown()
    for meta in BUILTIN:
        anchor = f"{meta.id.lower()}-{meta.name}"
        assert f"| [{meta.id}](#{anchor}) | `{meta.name}` |" in text
        assert f"\n## {meta.id} {meta.name}\n" in text
    assert text.count("\n## GW") == len(BUILTIN)


@pytest.mark.parametrize("meta", BUILTIN, ids=lambda r: r.id)
def test_rule_doc_has_why_symptom_fix(meta) -> None:  # type: ignore[no-untyped-def]
    explained = explain_text(meta)
    positions = [explained.find(h) for h in ("## Why", "## Symptom", "## Fix")]
    assert all(p >= 0 for p in positions), f"{meta.id}: docstring needs ## Why, ## Symptom, ## Fix"
    assert positions == sorted(positions), f"{meta.id}: sections out of order"
    assert meta.doc.strip().splitlines()[0].strip(), f"{meta.id}: no one-line title"


def test_rule_docstrings_keep_shell_line_continuations() -> None:
    """A ``\\`` at a line end in a non-raw docstring joins the lines of a command example."""
    continuation = re.compile(r"(?<!\\)(?:\\\\)*\\\n")  # an odd run of \ before a newline
    for path in sorted((ROOT / "rules").glob("gw*.py")):
        source = path.read_text()
        node = ast.parse(source).body[0]
        assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant), path
        lines = source.splitlines(keepends=True)
        literal = "".join(lines[node.lineno - 1 : node.end_lineno])
        if continuation.search(literal):
            assert literal.startswith('r"""'), f'{path.name}: make the docstring raw (r""")'
