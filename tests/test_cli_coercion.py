"""Option values convert exactly as typer converts them, without importing pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
from enum import StrEnum
from typing import Annotated, Any

import pytest
import typer
from typer import _coercion
from typer.main import get_command
from typer.testing import CliRunner

from gwlint import cli, cli_coercion

from .conftest import FIXTURES, ROOT

GOOD = FIXTURES / "examples" / "good" / "deployment.json"


def _loaded_after(args: list[str]) -> dict[str, Any]:
    """Exit code and whether pydantic was imported, in a fresh interpreter."""
    script = (
        "import json, sys\n"
        f"sys.argv = ['gwlint', *{args!r}]\n"
        "from gwlint.cli import main\n"
        "code = None\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps({'code': code, 'pydantic': 'pydantic' in sys.modules}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", str(GOOD), "--quiet", "--isolated"], 0),
        (["check", str(GOOD), "-f", "json", "--fail-on", "WARNING", "--isolated"], 0),
        (["rules", "--format", "json"], 0),
        (["explain", "GW301"], 0),
    ],
)
def test_offline_commands_do_not_import_pydantic(args: list[str], code: int) -> None:
    assert _loaded_after(args) == {"code": code, "pydantic": False}


class Colour(StrEnum):
    red = "red"
    Blue = "Blue"


def _command() -> Any:
    app = typer.Typer()

    @app.command()
    def run(
        name: str = "x",
        names: Annotated[list[str] | None, typer.Option()] = None,
        colour: Colour = Colour.red,
        loose: Annotated[Colour | None, typer.Option(case_sensitive=False)] = None,
        flag: bool = False,
        size: Annotated[float | None, typer.Option(min=0.1, max=10)] = None,
    ) -> None:  # pragma: no cover - only its parameters are used
        pass

    @app.command()
    def other() -> None:  # pragma: no cover - makes ``run`` a subcommand
        pass

    return get_command(app).commands["run"]  # type: ignore[attr-defined]


VALUES: list[Any] = [
    "abc",
    "",
    "red",
    "RED",
    "Blue",
    "blue",
    "green",
    Colour.red,
    ("a", "b"),
    ["red", "Blue"],
    True,
    "5",
    "0.01",
    "1e1",
]


def _answer(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except (typer.BadParameter, ValueError) as exc:
        return "error", str(exc)


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_converts_as_typer_converts_it(value: Any) -> None:
    assert cli_coercion.install()
    command = _command()
    ctx = typer.Context(command)
    for param in command.params:
        if isinstance(value, tuple) != bool(param.multiple):
            continue
        param._runtime_param = None
        ours = param.get_runtime_param()
        theirs = _coercion.build_runtime_param(param.type_descriptor)
        assert type(ours).__name__ == "PlainParam"
        assert _answer(ours, value, param, ctx) == _answer(theirs, value, param, ctx), param.name


def test_a_bad_choice_keeps_typers_message() -> None:
    result = CliRunner().invoke(cli.app, ["check", str(GOOD), "--format", "yaml"])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--format' / '-f': Value error, 'yaml' is not one of 'text', 'json'"
        in result.output
    )


def test_a_bad_number_keeps_typers_message() -> None:
    result = CliRunner().invoke(cli.app, ["check", str(GOOD), "--live", "--timeout", "abc"])
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.output
