"""File names that are not UTF-8 and terminals that are not UTF-8: reports, never tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

GWLINT = [sys.executable, "-c", "from gwlint.entry import main; main()"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_sarif_percent_encodes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    name = os.fsdecode(b"x\xff.json")
    shutil.copy(FIXTURES / "rules" / "GW604" / "fail.json", folder / name)
    done = subprocess.run(
        [*GWLINT, "check", "d", "--format", "sarif"], cwd=tmp_path, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    sarif = json.loads(done.stdout)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "GW604"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "d/x%FF.json"}


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
def test_a_terminal_that_cannot_show_the_marks_gets_the_checklist(encoding: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    fixture = FIXTURES / "examples" / "good" / "deployment.json"
    done = subprocess.run([*GWLINT, "check", str(fixture)], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    lines = done.stdout.decode(encoding).splitlines()
    assert lines[1] == "  ? GW001 duplicate-key: no duplicate keys"
    assert lines[-1] == "64 passed, 0 failed, 4 skipped in 1 file"
