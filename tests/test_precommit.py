"""The pre-commit hook, run by the real pre-commit framework.

pre-commit clones the hook repository at a commit and pip-installs it into a
virtualenv of its own, so the project is copied into a temporary git
repository and committed there: ``try-repo`` on this checkout would only see
tracked files (it replays staged and modified ones, not new ones), and this
checkout's HEAD may lag its work tree.

``try-repo`` keeps its clone and environment in a throw-away store of its
own (it ignores PRE_COMMIT_HOME), so each try-repo run installs gwlint once;
the consumer-config tests go through ``pre-commit run`` and share one store
in a PRE_COMMIT_HOME for the whole module. pip reaches the package registry
here, so the dependencies install normally.

pre-commit and git are test requirements: if either is missing these tests
fail, they are not skipped.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

FAILING = FIXTURES / "rules" / "GW201" / "fail.json"  # GW201 fails at line 7, column 21
PASSING = FIXTURES / "examples" / "good" / "create-target-runtime.json"
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")
PROJECT_DIRS = ("gwlint", "rules")
TIMEOUT = 600


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    assert shutil.which("git"), "git is required for the pre-commit tests"
    assert importlib.util.find_spec("pre_commit") is not None, (
        "pre-commit is not installed: pip install -e '.[test]'"
    )
    home = tmp_path_factory.mktemp("pre-commit-home")
    git_config = home / "gitconfig"
    git_config.write_text("")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.pop("PRE_COMMIT", None)
    environment.update(
        PRE_COMMIT_HOME=str(home),
        GIT_CONFIG_GLOBAL=str(git_config),  # no signing or hooks from the caller's config
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="gwlint tests",
        GIT_AUTHOR_EMAIL="tests@gwlint.invalid",
        GIT_COMMITTER_NAME="gwlint tests",
        GIT_COMMITTER_EMAIL="tests@gwlint.invalid",
        NO_COLOR="1",
    )
    environment.pop("FORCE_COLOR", None)
    yield environment


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def commit_all(repo: Path, env: dict[str, str]) -> str:
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "-m", "snapshot")
    return git(repo, env, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This project's files as they are in the work tree, committed in a new repo."""
    repo = tmp_path_factory.mktemp("gwlint-hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    git(repo, env, "init", "-q")
    return repo, commit_all(repo, env)


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def consumer(tmp_path: Path, env: dict[str, str], files: dict[str, Path | str]) -> Path:
    repo = tmp_path / "consumer"
    repo.mkdir()
    git(repo, env, "init", "-q")
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content.read_text() if isinstance(content, Path) else content)
    return repo


# -- try-repo, as a user tries the hook -------------------------------------------------


def test_try_repo_fails_on_a_bad_gateway_config(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    repo = consumer(tmp_path, env, {"gateway-target.json": FAILING})
    proc = pre_commit(
        repo, env, "try-repo", str(hook_repo[0]), "gwlint", "--files", "gateway-target.json"
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "- hook id: gwlint" in out
    assert "- exit code: 1" in out
    assert "GW201 target-endpoint-not-arn" in out
    assert "gateway-target.json:7:21" in out


def test_try_repo_passes_on_a_good_gateway_config(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    repo = consumer(tmp_path, env, {"gateway-target.json": PASSING})
    proc = pre_commit(
        repo, env, "try-repo", str(hook_repo[0]), "gwlint", "--files", "gateway-target.json"
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "gwlint" in out and "Passed" in out


# -- a consumer's .pre-commit-config.yaml with `files:`, as documented ---------------

UNRELATED = {
    "package.json": '{"name": "web", "private": true}\n',
    "tsconfig.json": '{\n  // comments are fine for tsc\n  "compilerOptions": {}\n}\n',
}


def config(repo: tuple[Path, str], files: str | None) -> str:
    lines = [
        "repos:",
        f"  - repo: {repo[0]}",
        f"    rev: {repo[1]}",
        "    hooks:",
        "      - id: gwlint",
    ]
    if files is not None:
        lines.append(f"        files: {files}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("target", "code"), [(FAILING, 1), (PASSING, 0)])
def test_configured_hook_checks_only_the_gateway_configs(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str], target: Path, code: int
) -> None:
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, "^deploy/"),
        "deploy/target.json": target,
        **UNRELATED,
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert (proc.returncode == 0) == (code == 0), out
    assert "unrecognised input" not in out  # package.json / tsconfig.json were not passed
    if code:
        assert "- exit code: 1" in out
        assert "deploy/target.json:7:21" in out


def test_without_files_unrelated_files_are_skipped(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """Without `files:` the hook gets every JSON file; those that define no gateway are skipped."""
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, None),
        "deploy/target.json": FAILING,
        **UNRELATED,
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "- exit code: 1" in out
    assert "deploy/target.json:7:21" in out
    assert "unrecognised input" not in out and "invalid JSON" not in out


def test_a_broken_gateway_definition_still_fails_the_hook(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, None),
        "deploy/gateway.json": '{"authorizerType": "CUSTOM_JWT",}\n',
        **UNRELATED,
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert "- exit code: 2" in out, out
    assert "deploy/gateway.json:1:33: invalid JSON" in out
    assert "package.json" not in out and "tsconfig.json" not in out


def test_configured_hook_honours_the_gwlint_config(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """The hook runs in the consumer's root, so its .gwlint.toml applies."""
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, "^deploy/"),
        "deploy/target.json": FAILING,
        ".gwlint.toml": (
            '[[suppress]]\nrule = "GW201"\npath = "deploy/target.json"\n'
            'reason = "the runtime moves in Q3"\n'
        ),
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files", "--verbose")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    # the hook runs with --quiet: no checklist lines, the suppression shows in the summary
    assert "GW201" not in out
    assert "14 passed, 0 failed, 1 suppressed in 1 file" in out


def test_configured_hook_checks_a_terraform_module(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    module = FIXTURES / "formats" / "terraform" / "guide-failures"
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, r"^infra/gateway/.*\.tf$"),
        "infra/gateway/main.tf": module / "main.tf",
        "infra/gateway/targets.tf": module / "targets.tf",
        "infra/network/vpc.tf": 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert "- exit code: 1" in out, out
    assert "infra/gateway/targets.tf:8:20" in out  # GW201: the endpoint is an ARN
    assert "infra/gateway/main.tf:16:25" in out  # GW301: a pool ID in allowed_clients
    assert out.count("GW201") == 1  # both files named: the module is checked once


def test_hook_checks_a_template_a_terraform_module_and_a_notebook(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """The hook's own file types, no `files:`: every format is picked up, the rest skipped."""
    formats = FIXTURES / "formats"
    module = formats / "terraform" / "guide-failures"
    files: dict[str, Path | str] = {
        ".pre-commit-config.yaml": config(hook_repo, None),
        "infra/stack.yaml": formats / "cloudformation" / "guide-failures.yaml",
        "infra/gateway/main.tf": module / "main.tf",
        "infra/gateway/targets.tf": module / "targets.tf",
        "infra/network/vpc.tf": 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
        "notebooks/gateway.ipynb": formats / "notebook" / "guide_failures.ipynb",
        "scripts/util.py": "import json\n\nprint(json.dumps({}))\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        **UNRELATED,
    }
    repo = consumer(tmp_path, env, files)
    commit_all(repo, env)
    proc = pre_commit(repo, env, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert "- exit code: 1" in out, out
    assert "infra/stack.yaml:26:23" in out  # GW201 in the template (Endpoint)
    assert "infra/gateway/targets.tf:8:20" in out  # GW201 in the module
    assert "notebooks/gateway.ipynb:65:71 (cell 4, line 5:60)" in out  # GW201 in the notebook
    assert out.count("GW201 target-endpoint-not-arn") == 3
    for other in ("vpc.tf", "util.py", "ci.yml", "package.json", "tsconfig.json"):
        assert other not in out, out
    assert "input error" not in out
