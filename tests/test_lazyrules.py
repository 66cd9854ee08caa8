"""Rules built from the index match the loaded ones; an offline check imports no live rule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from gwlint import lazyrules
from gwlint.registry import all_rules
from gwlint.rule import Context
from gwlint.sources import load_file

from .conftest import FIXTURES, ROOT

COMPARED = [f.name for f in fields(lazyrules.RuleMeta) if f.name not in ("check", "symptoms")]


def test_indexed_rules_are_the_loaded_rules() -> None:
    deferred = lazyrules.builtin_rules()
    assert deferred is not None
    loaded = [r for r in all_rules() if r.pack == "builtin"]
    assert [[getattr(r, n) for n in COMPARED] for r in deferred] == [
        [getattr(r, n) for n in COMPARED] for r in loaded
    ]


def test_a_deferred_check_runs_the_rule_module_check() -> None:
    deferred = {r.id: r for r in lazyrules.builtin_rules() or []}
    loaded = {r.id: r for r in all_rules()}
    item = load_file(FIXTURES / "examples" / "good" / "deployment.json")
    for rule_id in ("GW201", "GW101", "GW205"):
        ours = list(deferred[rule_id].check(Context(item.deployment, deferred[rule_id])))
        theirs = list(loaded[rule_id].check(Context(item.deployment, loaded[rule_id])))
        assert ours == theirs and ours


def test_a_changed_rule_module_makes_the_rules_load_as_usual(tmp_path: Path) -> None:
    folder = lazyrules.pack_folder()
    assert folder is not None
    copy = tmp_path / "gwlint_rules"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert lazyrules.source_sums(str(copy)) == lazyrules.source_sums(folder)
    edited = copy / "gw101_gateway_name.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert lazyrules.source_sums(str(copy)) != lazyrules.source_sums(folder)
    (copy / "gw999_new_rule.py").write_text("", encoding="utf-8")
    assert "gw999_new_rule.py" in lazyrules.source_sums(str(copy))


def test_a_stale_index_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    real = lazyrules.source_sums
    monkeypatch.setattr(lazyrules, "source_sums", lambda f: {**real(f), "gw101_gateway_name.py": 0})
    assert lazyrules.builtin_rules() is None


def test_an_offline_check_imports_only_the_offline_rule_modules() -> None:
    script = (
        "import json, sys\n"
        f"sys.argv = ['gwlint', 'check', {str(FIXTURES / 'examples' / 'good')!r}, '-q']\n"
        "from gwlint.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('gwlint'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    imported = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    online = {r.module for r in all_rules() if r.live or r.probe}
    offline = {r.module for r in all_rules() if not (r.live or r.probe)}
    assert imported & online == set()
    assert offline <= imported
    assert "gwlint.livecheck" not in imported and "gwlint.probe.session" not in imported
