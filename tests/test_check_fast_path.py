"""The typer-free ``gwlint check``: it reads a command line exactly as typer does, or declines.

Three layers: :func:`gwlint.check_args.parse` against the parameters the real
typer command passes (listed command lines and generated ones); whole runs in
subprocesses through both ways in, compared byte for byte; and the fast path
importing no typer or click module.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gwlint import check_args, cli, entry
from gwlint.check_command import CheckParams
from gwlint.generated import write_or_check
from gwlint.waitarg import expand_wait

from .conftest import FIXTURES, ROOT

GOOD = str(FIXTURES / "examples" / "good" / "deployment.json")
GW201_FAIL = str(FIXTURES / "rules" / "GW201" / "fail.json")
runner = CliRunner()


def typer_params(argv: list[str]) -> tuple[CheckParams | None, int]:
    """The parameters the typer command hands to ``run_check`` (None: it did not), and the exit."""
    seen: list[CheckParams] = []

    def spy(params: CheckParams, echo: object) -> int:
        seen.append(params)
        return 0

    with mock.patch.object(cli, "run_check", spy):
        result = runner.invoke(cli.app, argv)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return (seen[0] if seen else None), result.exit_code


def test_the_option_table_is_fresh() -> None:
    assert check_args.TABLE_PATH.read_text(encoding="utf-8") == check_args.render(), (
        "gwlint/check_options.py is stale: run python -m gwlint.check_args"
    )
    assert check_args.main(["--check"]) == 0


def test_a_generated_file_is_written_or_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "table.py"
    assert write_or_check(target, "new\n", ["--check"], "make it") == 1
    assert capsys.readouterr().err == f"{target} is stale: run make it\n"
    assert not target.exists()
    assert write_or_check(target, "new\n", [], "make it") == 0
    assert target.read_text(encoding="utf-8") == "new\n"
    assert write_or_check(target, "new\n", ["--check"], "make it") == 0


def test_check_params_mirror_the_typer_command() -> None:
    """Same names, same defaults: a new option of ``check`` must be added to both."""
    signature = inspect.signature(cli.check).parameters
    fields = {name: getattr(CheckParams, name) for name in CheckParams.__annotations__}
    assert list(fields) == list(signature)
    assert fields == {name: p.default for name, p in signature.items()}


def test_check_params_compare_and_refuse_unknown_names() -> None:
    assert CheckParams(paths=["a"], quiet=True) == CheckParams(quiet=True, paths=["a"])
    assert CheckParams(paths=["a"]) != CheckParams(paths=["b"])
    assert repr(CheckParams()).startswith("CheckParams(paths=None, output_format=None, ")
    with pytest.raises(TypeError, match="'qiuet'"):
        CheckParams(qiuet=True)


def test_every_offline_option_is_in_the_table() -> None:
    from gwlint.check_options import FLAGS, VALUES

    dests = set(FLAGS.values()) | set(VALUES.values())
    assert dests == set(check_args.OFFLINE) - {"paths"}
    assert "--live" not in FLAGS and "--probe" not in FLAGS and "--gateway" not in VALUES


#: Command lines the fast path reads; each must give what typer gives.
READ = [
    ["check", GOOD],
    ["check", GOOD, "--quiet"],
    ["check", "-q", GOOD, GW201_FAIL],
    ["check", GOOD, "--format", "json"],
    ["check", GOOD, "--format=sarif"],
    ["check", GOOD, "-f", "github"],
    ["check", GOOD, "-fjunit"],
    ["check", GOOD, "-f=json"],  # click reads "=json" as the value: an invalid choice
    ["check", GOOD, "-qfjson"],
    ["check", GOOD, "-qf", "json"],
    ["check", GOOD, "--format", "bogus", "--format", "json"],  # the last one counts
    ["check", GOOD, "--select", "GW1", "--select=GW2,GW3", "--ignore", "GW105"],
    ["check", GOOD, "--select", ""],
    ["check", GOOD, "--select", "--quiet"],  # a value that looks like an option is a value
    ["check", GOOD, "--fail-on", "WARNING"],
    ["check", GOOD, "--fail-on=Info"],
    ["check", GOOD, "--rules-dir", "a", "--rules-dir=b"],
    ["check", GOOD, "--max-file-size", "1KB"],
    ["check", GOOD, "--config", "x.toml", "--isolated"],
    ["check", GOOD, "-o", "sarif=a.sarif", "--output=json=b.json", "-ojunit=c.xml"],
    ["check", GOOD, "--baseline", "b.json", "--update-baseline"],
    ["check", "-", "--stdin-filename", "x.json"],
    ["check", "--no-inline-suppressions", "--skip-unrecognised", GOOD],
    ["check", "--", "--quiet", "-"],
    ["check", GOOD, "--", "-f", "--live"],
    ["check", GOOD, "--quiet", "--quiet", "-q"],
]

#: Command lines the fast path leaves to typer.
DECLINED = [
    ["check"],
    ["check", "--quiet"],  # no path: typer's run prints the message
    ["check", "--help"],
    ["check", GOOD, "--help"],
    ["check", GOOD, "--live"],
    ["check", GOOD, "--probe"],
    ["check", GOOD, "--gateway", "g"],
    ["check", GOOD, "--timeout", "3"],
    ["check", GOOD, "--bogus"],
    ["check", GOOD, "-x"],
    ["check", GOOD, "-qx"],
    ["check", GOOD, "-q=1"],
    ["check", GOOD, "--quiet=yes"],
    ["check", GOOD, "--format"],
    ["check", GOOD, "-f"],
    ["check", GOOD, "--format", "yaml"],
    ["check", GOOD, "--format", "JSON"],  # --format is case-sensitive
    ["check", GOOD, "--fail-on", "fatal"],
    ["check", GOOD, "--selec", "GW1"],
    ["--version"],
    ["--help"],
    ["rules"],
    ["explain", "GW201"],
    ["why", "text", GOOD],
    [GOOD],
]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
def test_the_fast_path_reads_what_typer_reads(argv: list[str]) -> None:
    params = check_args.parse(argv)
    expected, _ = typer_params(argv)
    if argv == ["check", GOOD, "-f=json"]:  # typer rejects "=json"; so must the fast path
        assert params is None and expected is None
        return
    assert params is not None
    assert params == expected


@pytest.mark.parametrize("argv", DECLINED, ids=" ".join)
def test_the_fast_path_declines_the_rest(argv: list[str]) -> None:
    assert check_args.parse(argv) is None


def test_typer_rejects_what_the_fast_path_declines_as_a_usage_error() -> None:
    for argv in (
        ["check", GOOD, "--bogus"],
        ["check", GOOD, "--format"],
        ["check", GOOD, "--format", "JSON"],
        ["check", GOOD, "--quiet=yes"],
        ["check", GOOD, "-qx"],
    ):
        assert typer_params(argv) == (None, 2), argv


TOKENS = st.sampled_from(
    [
        GOOD, "b.json", "-", "--", "--quiet", "-q", "--isolated", "--update-baseline",
        "--skip-unrecognised", "--no-inline-suppressions", "--format", "-f", "--select",
        "--ignore", "--fail-on", "--rules-dir", "--max-file-size", "--config", "--output", "-o",
        "--baseline", "--stdin-filename", "--format=json", "--fail-on=ERROR", "--select=GW1",
        "-qo", "-fsarif", "-qfjson", "json", "text", "Warning", "info", "GW1,GW2", "--help",
        "--live", "--wait", "--bogus", "-x", "--quiet=1", "=", "",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=7))
def test_generated_command_lines_parse_as_typer_parses_them(tokens: list[str]) -> None:
    argv = expand_wait(["check", *tokens])
    params = check_args.parse(argv)
    if params is None:
        return
    assert typer_params(argv) == (params, 0)


def _run(way: str, args: list[str], cwd: Path, stdin: bytes = b"") -> tuple[bytes, bytes, int]:
    script = {
        "fast": "from gwlint.entry import main; main()",
        # the entry point as it was: always through the typer app
        "typer": (
            "import sys\n"
            "from gwlint.waitarg import expand_wait\n"
            "from gwlint.gctune import tune_for_run\n"
            "from gwlint.cli import app\n"
            "args = expand_wait(sys.argv[1:]); tune_for_run(args)\n"
            "app(args=args, prog_name='gwlint')\n"
        ),
    }[way]
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )
    return proc.stdout, proc.stderr, proc.returncode


BROKEN = "\x1b[31mmissing.json"

E2E: list[tuple[list[str], int]] = [
    (["check", GOOD], 0),
    (["check", GOOD, "--quiet"], 0),
    (["check", GW201_FAIL, "--format", "json"], 1),
    (["check", GW201_FAIL, "-f", "sarif", "--select", "GW2"], 1),
    (["check", GW201_FAIL, "--format=github"], 1),
    (["check", GW201_FAIL, "-fjunit", "-q"], 1),
    (["check", GW201_FAIL, "--ignore", "GW201", "--fail-on", "WARNING"], 0),
    (["check", GW201_FAIL, "--fail-on", "warning"], 1),
    (["check", GOOD, "--select", "GW999"], 2),
    (["check", GOOD, "--select", "GW201", "--ignore", "GW201"], 2),
    (["check", GOOD, "--max-file-size", "lots"], 2),
    (["check", GOOD, "--max-file-size", "10"], 2),
    (["check", BROKEN], 2),
    (["check", "-", "--stdin-filename", "piped.json"], 1),
    (["check", GOOD, "--stdin-filename", "piped.json"], 2),
    (["check", GOOD, "--config", "nowhere.toml"], 2),
    (["check", GW201_FAIL, "--config", "conf.toml"], 0),
    (["check", GW201_FAIL, "--config", "conf.toml", "--isolated"], 2),
    (["check", GW201_FAIL, "--isolated"], 1),
    (["check", GOOD, "--isolated", "-o", "sarif=out.sarif"], 0),
    (["check", GOOD, "-o", "yaml=out.yaml"], 2),
    (["check", GOOD, "--baseline", "base.json", "--update-baseline"], 0),
    (["check", str(FIXTURES / "examples"), "--skip-unrecognised", "-q"], 1),
    (["check", "--", GOOD], 0),
    (["check", GOOD, "--format", "yaml"], 2),  # declined: typer's message
    (["check", GOOD, "--live", "--gateway"], 2),  # declined
]


@pytest.mark.parametrize(("argv", "code"), E2E, ids=[" ".join(a[1:]) for a, _ in E2E])
def test_both_ways_in_print_the_same_bytes(argv: list[str], code: int, tmp_path: Path) -> None:
    results = {}
    for way in ("fast", "typer"):
        cwd = tmp_path / way
        cwd.mkdir()
        (cwd / "conf.toml").write_text('ignore = ["GW201"]\n', encoding="utf-8")
        stdin = Path(GW201_FAIL).read_bytes()
        out, err, rc = _run(way, argv, cwd, stdin)
        written = {p.name: p.read_bytes() for p in sorted(cwd.iterdir())}
        results[way] = (out, err, rc, written)
    assert results["fast"] == results["typer"]
    assert results["fast"][2] == code, results["fast"][1]
    assert b"Traceback" not in results["fast"][1]


@pytest.mark.parametrize(
    "pyproject", ['[tool.gwlint]\nignore = ["GW201"]\n', "[tool.gwlint]\nx = 1\n"]
)
def test_a_discovered_config_file_reads_the_same(pyproject: str, tmp_path: Path) -> None:
    results = []
    for way in ("fast", "typer"):
        cwd = tmp_path / way
        cwd.mkdir()
        (cwd / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        results.append(_run(way, ["check", GW201_FAIL], cwd))
    assert results[0] == results[1]
    assert results[0][2] == (0 if "ignore" in pyproject else 2), results[0]


def test_ansi_codes_are_stripped_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    entry.echo("\x1b[31mred\x1b[0m plain", err=True)
    assert capsys.readouterr().err == "red plain\n"


def test_a_usage_error_with_a_fix_prints_both_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gwlint import check_command

    def refuse(params: CheckParams, echo: object) -> int:
        raise check_command.Usage("no credentials", "run aws configure")

    monkeypatch.setattr(check_command, "run_check", refuse)
    assert entry.run_fast(["check", GOOD]) == 2
    assert capsys.readouterr().err == "gwlint: error: no credentials\nrun aws configure\n"


@pytest.mark.parametrize(
    ("raised", "code", "stderr"),
    [(KeyboardInterrupt, 130, ""), (EOFError, 1, "\nAborted!\n")],
)
def test_interrupts_end_as_in_typer(
    raised: type[BaseException],
    code: int,
    stderr: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gwlint import check_command

    def interrupted(params: CheckParams, echo: object) -> int:
        raise raised

    monkeypatch.setattr(check_command, "run_check", interrupted)
    monkeypatch.setattr(sys, "argv", ["gwlint", "check", GOOD])
    with pytest.raises(SystemExit) as fast:
        entry.main()
    assert (fast.value.code, capsys.readouterr().err) == (code, stderr)
    monkeypatch.setattr(cli, "run_check", interrupted)
    with pytest.raises(SystemExit) as slow:
        cli.app(args=["check", GOOD], prog_name="gwlint")
    assert (slow.value.code, capsys.readouterr().err) == (code, stderr)


def _closed_pipe(way: str) -> tuple[bytes, int]:
    script = {
        "fast": "from gwlint.entry import main; main()",
        "typer": "from gwlint.cli import app; app(prog_name='gwlint')",
    }[way]
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "check", str(FIXTURES / "rules"), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the report is written
    err = proc.stderr.read()
    return err, proc.wait(timeout=120)


def test_a_closed_pipe_ends_as_in_typer() -> None:
    fast = _closed_pipe("fast")
    assert fast == _closed_pipe("typer")
    assert fast[1] == 1


OFFLINE_CHECK = """
import json, sys
sys.argv = ["gwlint", "check", {path!r}, "--quiet"]
from gwlint.entry import main
try:
    main()
except SystemExit as exc:
    code = exc.code
mods = sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "click", "pydantic"))
print(json.dumps({{"code": code, "loaded": mods}}))
"""


def test_an_offline_check_imports_no_typer() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", OFFLINE_CHECK.format(path=GOOD)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == '{"code": 0, "loaded": []}'


def test_the_probe_sees_typer_when_typer_runs() -> None:
    """Guard: the same probe reports typer for a command line the fast path declines."""
    script = OFFLINE_CHECK.format(path=GOOD).replace('"--quiet"', '"--bogus"')
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert '"code": 2' in proc.stdout and '"typer"' in proc.stdout, proc.stdout


def test_the_console_script_is_the_typer_free_entry() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "gwlint"]
    assert script.value == "gwlint.entry:main"
    assert cli.main is entry.main
