"""The GitHub Action (action.yml): its shell steps, run here as the runner runs them.

The composite action's ``run`` steps are read from action.yml, their
``${{ … }}`` expressions filled in as the runner would (inputs with their
defaults, ``github.action_path``, ``runner.temp``), and executed with the
runner's ``bash --noprofile --norc -eo pipefail``. The install step really
installs gwlint from a copy of this checkout into a fresh virtualenv (pip
reaches the package registry for the dependencies), once for the module.
The SARIF upload step is GitHub's own action and cannot run here; its wiring
is asserted instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import FIXTURES, ROOT
from .test_precommit import PROJECT_DIRS, PROJECT_FILES

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def defaults() -> dict[str, str]:
    return {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}


def fill(value: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context[m.group(1)], value)


def step(name: str) -> dict[str, Any]:
    return next(s for s in ACTION["runs"]["steps"] if s["name"] == name)


def run_step(name: str, inputs: dict[str, str], action_path: Path, temp: Path, cwd: Path) -> Any:
    spec = step(name)
    context = {f"inputs.{k}": v for k, v in {**defaults(), **inputs}.items()}
    context.update({"github.action_path": str(action_path), "runner.temp": str(temp)})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GWLINT_", "GITHUB_"))}
    env.update({key: fill(str(value), context) for key, value in spec.get("env", {}).items()})
    env["GITHUB_OUTPUT"] = str(temp / "github-output")
    env["GITHUB_STEP_SUMMARY"] = str(temp / "step-summary.md")
    env["NO_COLOR"] = "1"
    script = temp / f"{name.replace(' ', '-')}.sh"
    script.write_text(spec["run"])
    assert spec["shell"] == "bash"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(action checkout, runner temp) with the install step done."""
    action = tmp_path_factory.mktemp("action-checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, action / name, ignore=ignore)
    for name in (*PROJECT_FILES, "action.yml"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, action / name)
    temp = tmp_path_factory.mktemp("runner-temp")
    proc = run_step("Install gwlint", {}, action, temp, temp)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "gwlint 0.1.0"
    return action, temp


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "deploy").mkdir()
    shutil.copy(FIXTURES / "rules" / "GW201" / "fail.json", tmp_path / "deploy" / "target.json")
    return tmp_path


def outputs(temp: Path) -> list[str]:
    path = temp / "github-output"
    lines = path.read_text().splitlines()
    path.unlink()
    return lines


def test_default_inputs_annotate_and_fail(installed: tuple[Path, Path], workspace: Path) -> None:
    action, temp = installed
    proc = run_step("Check", {"paths": "deploy"}, action, temp, workspace)
    assert proc.returncode == 1, proc.stderr
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith(
        "::error file=deploy/target.json,line=7,col=21,title=GW201 target-endpoint-not-arn::"
    )
    assert outputs(temp) == ["exit-code=1"]
    assert (temp / "step-summary.md").read_text().startswith("## gwlint\n")


def test_sarif_upload_writes_the_report_and_inputs_reach_gwlint(
    installed: tuple[Path, Path], workspace: Path
) -> None:
    action, temp = installed
    (workspace / ".gwlint.toml").write_text(
        '[[suppress]]\nrule = "GW201"\npath = "deploy/target.json"\n'
        'reason = "runtime moves in Q3"\n'
    )
    inputs = {
        "paths": "deploy",
        "format": "text",
        "sarif-upload": "true",
        "junit-file": "gwlint-junit.xml",
        "fail-on": "warning",
        "args": "--select GW201,GW006",
    }
    proc = run_step("Check", inputs, action, temp, workspace)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "~ GW201 target-endpoint-not-arn [suppressed] deploy/target.json:7:21" in proc.stdout
    sarif = json.loads((workspace / "gwlint.sarif").read_text())
    [result] = sarif["runs"][0]["results"]
    assert result["suppressions"][0]["justification"] == "runtime moves in Q3"
    assert (
        '<skipped message="suppressed: runtime moves in Q3"'
        in (workspace / "gwlint-junit.xml").read_text()
    )
    assert outputs(temp) == ["exit-code=0"]


def test_a_bad_input_is_exit_2(installed: tuple[Path, Path], workspace: Path) -> None:
    action, temp = installed
    proc = run_step("Check", {"paths": "deploy", "fail-on": "fatal"}, action, temp, workspace)
    assert proc.returncode == 2
    assert outputs(temp) == ["exit-code=2"]


def test_upload_step_uses_code_scanning_with_the_sarif_file() -> None:
    upload = step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "inputs.sarif-upload == 'true'" in upload["if"]
    assert "always()" in upload["if"]
    assert ACTION["runs"]["using"] == "composite"


def test_inputs_reach_the_shell_only_through_the_environment() -> None:
    for spec in ACTION["runs"]["steps"]:
        assert "${{" not in spec.get("run", ""), spec["name"]
