"""The README's install and pre-commit instructions work as written."""

from __future__ import annotations

import re

import yaml

from gwlint.install import live_install_hint

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_precommit_snippet_pins_a_commit_not_a_missing_tag() -> None:
    revs = re.findall(r"^\s*rev:\s*(\S+)", README, flags=re.MULTILINE)
    assert revs and all(re.fullmatch(r"[0-9a-f]{40}", rev) for rev in revs), revs
    assert "pre-commit autoupdate --freeze" in README
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "rev: v" not in hooks


def test_hook_output_is_short_by_default() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "gwlint check --skip-unrecognised"  # args cannot drop it
    assert hook["args"] == ["--quiet"]  # a config's own args replace it
    assert hook["types_or"] == ["json", "yaml", "terraform", "python", "jupyter"]


def test_live_install_hint_works_from_this_checkout() -> None:
    hint = live_install_hint()
    match = re.fullmatch(r"pip install '(.*)\[live\]'", hint)
    assert match is not None, hint
    folder = ROOT if match.group(1) in (".", "") else match.group(1)
    assert 'name = "gwlint"' in (ROOT / folder / "pyproject.toml").read_text(encoding="utf-8")
    assert "pip install '.[live]'" in README  # the README's clone instruction
