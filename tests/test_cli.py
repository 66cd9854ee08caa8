"""The command line: exit codes, selection, formats, colour, bad input.

Most cases go through typer's CliRunner (fast, in-process); a few run the
installed ``gwlint`` console script in a subprocess, as a user or a
pre-commit hook does. Exact assertions use ``--select`` so that rules other
helpers add do not change them.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner, Result

import gwlint
from gwlint.cli import app

from .conftest import FIXTURES, ROOT

GW201_FAIL = FIXTURES / "rules" / "GW201" / "fail.json"
GW201_PASS = FIXTURES / "rules" / "GW201" / "pass.json"
GW001_FAIL = FIXTURES / "rules" / "GW001" / "fail.json"  # a WARNING rule failing
GW201_POINTER = "/targetConfiguration/mcp/mcpServer/endpoint"
SCHEMA = json.loads((ROOT / "gwlint" / "schemas" / "report.schema.json").read_text())
ANSI = "\x1b["
SCRIPT = Path(sys.executable).with_name("gwlint")

runner = CliRunner()


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The caller's colour settings must not leak into the assertions."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    yield


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    # typer.Exit surfaces as SystemExit; anything else is a crash.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gwlint crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def script_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


def run_script(*args: str | Path, **extra: str) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.is_file(), f"console script not installed next to {sys.executable}"
    proc = subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        env=script_env(**extra),
        timeout=60,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def findings_of(result: Result) -> list[dict[str, object]]:
    payload = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    findings: list[dict[str, object]] = payload["findings"]
    return findings


def rule_ids(result: Result) -> set[str]:
    return {str(f["rule_id"]) for f in findings_of(result)}


# -- exit codes -----------------------------------------------------------------


def test_exit_0_when_nothing_fails() -> None:
    result = invoke("check", GW201_PASS, "--select", "GW201")
    assert result.exit_code == 0, result.output
    assert "✓ GW201 target-endpoint-not-arn" in result.stdout
    assert result.stdout.rstrip().endswith("1 passed, 0 failed in 1 file")


def test_exit_1_on_an_error_severity_failure() -> None:
    result = invoke("check", GW201_FAIL, "--select", "GW201")
    assert result.exit_code == 1, result.output
    assert f"✗ GW201 target-endpoint-not-arn [error] {GW201_FAIL}:7:21" in result.stdout
    assert "fix:" in result.stdout


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [(None, 0), ("error", 0), ("warning", 1), ("info", 1), ("WARNING", 1), ("Error", 0)],
)
def test_fail_on_decides_whether_a_warning_fails(fail_on: str | None, code: int) -> None:
    args = ["check", str(GW001_FAIL), "--select", "GW001"]
    if fail_on:
        args += ["--fail-on", fail_on]
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert "[warning]" in result.stdout  # the warning is shown either way


def test_exit_2_without_paths() -> None:
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("gwlint: error: no input")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignore", "ALL"], "--select/--ignore leave nothing to check (see 'gwlint rules')"),
        (["--select", "GW2", "--ignore", "GW2"], "--select/--ignore leave nothing to check"),
        (["--select", "GW401"], "the selected rules read the AWS account; add --live"),
    ],
)
def test_an_empty_rule_selection_is_a_usage_error(args: list[str], message: str) -> None:
    result = invoke("check", GW201_FAIL, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("gwlint: error: no rule selected: ")
    assert message in result.stderr


def test_a_missing_file_has_no_invented_location(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    result = invoke("check", path, "--format", "json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    assert payload["errors"] == [
        {"file": str(path), "line": None, "column": None, "message": "no such file or directory"}
    ]


def test_bad_fail_on_value_is_a_usage_error() -> None:
    result = invoke("check", GW201_FAIL, "--fail-on", "fatal")
    assert result.exit_code == 2
    assert "fatal" in result.stderr


# -- selection ---------------------------------------------------------------


@pytest.mark.parametrize("selector", ["GW201", "gw201", "target-endpoint-not-arn"])
def test_select_one_rule_by_id_or_name(selector: str) -> None:
    result = invoke("check", GW201_FAIL, "--select", selector, "--format", "json")
    assert result.exit_code == 1
    assert rule_ids(result) == {"GW201"}


def test_select_by_prefix() -> None:
    result = invoke("check", GW201_FAIL, "--select", "GW2", "--format", "json")
    ids = rule_ids(result)
    assert "GW201" in ids
    assert all(i.startswith("GW2") for i in ids), ids


@pytest.mark.parametrize(
    "args",
    [
        ["--select", "GW201,duplicate-key"],
        ["--select", "GW201", "--select", "duplicate-key"],
        ["--select", " GW201 , GW001 ,"],
    ],
)
def test_select_comma_lists_and_repeats(args: list[str]) -> None:
    result = invoke("check", GW201_FAIL, *args, "--format", "json")
    assert rule_ids(result) == {"GW201", "GW001"}


def test_ignore_removes_a_selected_rule() -> None:
    result = invoke(
        "check", GW201_FAIL, "--select", "GW201,GW001", "--ignore", "GW201", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert rule_ids(result) == {"GW001"}


def test_ignore_by_prefix_and_name() -> None:
    result = invoke(
        "check",
        GW201_FAIL,
        "--select",
        "GW0,GW2",
        "--ignore",
        "GW2",
        "--ignore",
        "duplicate-key",
        "--format",
        "json",
    )
    assert not any(str(i).startswith("GW2") or i == "GW001" for i in rule_ids(result))


@pytest.mark.parametrize(
    ("option", "value", "unknown"),
    [
        ("--select", "XX1", "XX1"),
        ("--select", "GW201,no-such-rule", "no-such-rule"),
        ("--ignore", "XX9", "XX9"),
    ],
)
def test_unknown_selector_is_one_clear_line(option: str, value: str, unknown: str) -> None:
    result = invoke("check", GW201_FAIL, option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"gwlint: error: unknown rule selector(s): {unknown} (see 'gwlint rules')"
    ]


# -- quiet -------------------------------------------------------------------------


def test_quiet_prints_only_failures_and_summary() -> None:
    loud = invoke("check", GW201_FAIL, "--select", "GW201,GW001")
    quiet = invoke("check", GW201_FAIL, "--select", "GW201,GW001", "--quiet")
    assert loud.exit_code == quiet.exit_code == 1
    assert "✓ GW001 duplicate-key" in loud.stdout
    assert "✓" not in quiet.stdout
    assert "✗ GW201" in quiet.stdout
    assert quiet.stdout.rstrip().endswith("1 passed, 1 failed (1 error) in 1 file")


def test_quiet_on_a_clean_file_prints_just_the_summary() -> None:
    result = invoke("check", GW201_PASS, "--select", "GW201", "-q")
    assert result.exit_code == 0
    assert result.stdout == "1 passed, 0 failed in 1 file\n"


# -- JSON report -----------------------------------------------------------------


def test_json_report_fields_and_exact_values() -> None:
    result = invoke("check", GW201_FAIL, "--select", "GW201", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    assert payload["schema_version"] == 1
    assert payload["tool"] == {"name": "gwlint", "version": gwlint.__version__}
    assert payload["summary"] == {"pass": 0, "fail": 1, "error": 0, "skip": 0}
    assert payload["errors"] == []
    [finding] = payload["findings"]
    assert set(finding) == set(SCHEMA["properties"]["findings"]["items"]["required"])
    message = finding.pop("message")
    fix = finding.pop("fix")
    assert finding == {
        "rule_id": "GW201",
        "rule_name": "target-endpoint-not-arn",
        "status": "fail",
        "severity": "error",
        "file": str(GW201_FAIL),
        "pointer": GW201_POINTER,
        "line": 7,
        "column": 21,
        "resource": "target security-mcp",
        "format": "json",
        "key": "endpoint",
    }
    assert message.startswith("endpoint is ") and "runtime" in message
    assert fix.startswith("Use the runtime's invocation URL")


def test_json_report_of_a_pass() -> None:
    result = invoke("check", GW201_PASS, "--select", "GW201", "--format", "json")
    assert result.exit_code == 0
    [finding] = findings_of(result)
    assert (finding["status"], finding["pointer"], finding["line"], finding["column"]) == (
        "pass",
        GW201_POINTER,
        7,
        21,
    )
    assert finding["fix"] == ""


def test_json_report_lists_input_errors_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"client_id": }')
    result = invoke("check", bad, GW201_PASS, "--select", "GW201", "--format", "json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    assert payload["errors"] == [
        {"file": str(bad), "line": 1, "column": 15, "message": "invalid JSON: Expecting value"}
    ]
    assert payload["summary"]["pass"] == 1  # the good file is still checked
    assert result.stderr.splitlines() == [
        f"gwlint: error: {bad}:1:15: invalid JSON: Expecting value"
    ]


# -- colour ------------------------------------------------------------------------


def test_no_ansi_when_not_a_terminal() -> None:
    result = invoke("check", GW201_FAIL, "--select", "GW201,GW001")
    assert ANSI not in result.output


def test_force_color_turns_colour_on_and_no_color_wins() -> None:
    forced = invoke("check", GW201_FAIL, "--select", "GW201", env={"FORCE_COLOR": "1"})
    assert ANSI in forced.stdout
    both = invoke(
        "check", GW201_FAIL, "--select", "GW201", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert ANSI not in both.output
    zero = invoke("check", GW201_FAIL, "--select", "GW201", env={"FORCE_COLOR": "0"})
    assert ANSI not in zero.output


def test_json_never_has_colour() -> None:
    result = invoke(
        "check", GW201_FAIL, "--select", "GW201", "--format", "json", env={"FORCE_COLOR": "1"}
    )
    assert ANSI not in result.stdout
    json.loads(result.stdout)


def _run_in_terminal(*args: str, **extra: str) -> str:
    """Run the console script with a pseudo-terminal as stdout; return what it wrote."""
    assert SCRIPT.is_file()
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [str(SCRIPT), *args],
            stdout=secondary,
            stderr=secondary,
            env=script_env(**extra),
            timeout=60,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if secondary != -1:
            os.close(secondary)
        os.close(primary)
    assert proc.returncode == 1
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_real_terminal_unless_no_color() -> None:
    coloured = _run_in_terminal("check", str(GW201_FAIL), "--select", "GW201")
    assert ANSI in coloured and "GW201" in coloured
    plain = _run_in_terminal("check", str(GW201_FAIL), "--select", "GW201", NO_COLOR="1")
    assert ANSI not in plain and "GW201" in plain


# -- version, rules, explain ----------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"gwlint {gwlint.__version__}\n"
    assert gwlint.__version__ == version("gwlint")


def test_rules_text_lists_every_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    gw201 = [line for line in lines if line.startswith("GW201 ")]
    assert len(gw201) == 1
    assert gw201[0].split()[:3] == ["GW201", "target-endpoint-not-arn", "error"]
    assert "MCP server target endpoint is a URL, not an ARN" in gw201[0]


def test_rules_json() -> None:
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    by_id = {r["id"]: r for r in rules}
    assert by_id["GW201"] == {
        "id": "GW201",
        "name": "target-endpoint-not-arn",
        "severity": "error",
        "summary": "MCP server target endpoint is a URL, not an ARN",
        "fix": by_id["GW201"]["fix"],
        "live": False,
        "probe": False,
        "requires": [],
        "evidence": "verified",
        "pack": "builtin",
    }
    assert by_id["GW001"]["severity"] == "warning"


def test_rules_rejects_sarif() -> None:
    assert invoke("rules", "--format", "sarif").exit_code == 2


@pytest.mark.parametrize("key", ["GW201", "gw201", "target-endpoint-not-arn"])
def test_explain_prints_why_symptom_fix(key: str) -> None:
    result = invoke("explain", key)
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "GW201 target-endpoint-not-arn"
    assert "severity: error" in out
    for heading in ("## Why", "## Symptom", "## Fix"):
        assert heading in out
    assert out.index("## Why") < out.index("## Symptom") < out.index("## Fix")


@pytest.mark.parametrize("key", ["GW999", "no-such-rule"])
def test_explain_unknown_rule(key: str) -> None:
    result = invoke("explain", key)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"gwlint: error: no rule '{key}' (see 'gwlint rules')"]


# -- bad input: one line, file:line:col, exit 2, never a traceback ---------------


def _single_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return lines[0]


def test_invalid_json_names_file_line_column(tmp_path: Path) -> None:
    text = (
        "{\n"
        '  "gateway_url": "https://gw.example.com/mcp",\n'
        '  "client_id": "6aarhftf6bopppar05humcp2r6"\n'
        '  "scope": "gw/invoke"\n'
        "}\n"
    )
    path = tmp_path / "gateway-config.json"
    path.write_text(text)
    with pytest.raises(json.JSONDecodeError) as stdlib:
        json.loads(text)
    assert (stdlib.value.lineno, stdlib.value.colno) == (4, 3)
    assert _single_error(invoke("check", path)) == (
        f"error: {path}:4:3: invalid JSON: Expecting ',' delimiter or '}}'"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("")
    assert _single_error(invoke("check", path)) == (
        f"error: {path}:1:1: invalid JSON: Expecting value: the file is empty"
    )


def test_top_level_array(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"client_id": "abc"}]')
    line = _single_error(invoke("check", path))
    assert line.startswith(f"error: {path}:1:1: top-level JSON value is an array, not an object;")


def test_unrecognised_object(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text('{"name": "web", "version": "1.0.0"}')
    line = _single_error(invoke("check", path))
    assert line.startswith(
        f"error: {path}:1:1: unrecognised input (top-level keys: name, version);"
    )
    assert "expected a gwlint input" in line


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{\n  "client_id": "caf\xe9"\n}\n')
    assert _single_error(invoke("check", path)) == (
        f"error: {path}:2:20: not UTF-8 text: byte 0xe9 (invalid continuation byte); "
        "save it as UTF-8"
    )


def test_utf16_file_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_bytes('{"client_id": "x"}'.encode("utf-16"))
    line = _single_error(invoke("check", path))
    assert line == f"error: {path}:1:1: UTF-16 text (byte-order mark); save the file as UTF-8"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + GW201_FAIL.read_bytes())
    result = invoke("check", path, "--select", "GW201", "--format", "json")
    assert result.exit_code == 1
    [finding] = findings_of(result)
    assert (finding["line"], finding["column"]) == (7, 21)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    # a missing file has no line or column: none is invented
    assert _single_error(invoke("check", path)) == f"error: {path}: no such file or directory"


def test_deeply_nested_json_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"client_id": ' + "[" * 5000 + "]" * 5000 + "}")
    line = _single_error(invoke("check", path))
    assert line.startswith(f"error: {path}:1:")
    assert "nested too deeply" in line


def test_wrongly_typed_api_members_are_findings_at_the_member(tmp_path: Path) -> None:
    path = tmp_path / "target.json"
    path.write_text('{"targetConfiguration": [], "credentialProviderConfigurations": false}')
    result = invoke("check", path, "--format", "json", "--select", "GW212,GW215")
    assert result.exit_code == 1, result.output
    got = [
        (f["rule_id"], f["status"], f["pointer"], f["line"], f["column"], f["message"])
        for f in findings_of(result)
    ]
    assert got == [
        (
            "GW212",
            "fail",
            "/targetConfiguration",
            1,
            25,
            "targetConfiguration is [], not an object naming one target type.",
        ),
        (
            "GW215",
            "fail",
            "/credentialProviderConfigurations",
            1,
            65,
            "credentialProviderConfigurations is a boolean, not an array with one provider.",
        ),
    ]


def test_wrongly_typed_api_members_crash_no_rule(tmp_path: Path) -> None:
    path = tmp_path / "target.json"
    path.write_text('{"targetConfiguration": [], "credentialProviderConfigurations": false}')
    result = invoke("check", path, "--format", "json")
    assert result.exit_code == 1, result.output
    assert [f["rule_id"] for f in findings_of(result) if f["status"] == "error"] == []


def test_folder_skips_json_that_is_not_gwlint_input(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / "deploy").mkdir(parents=True)
    (folder / "deploy" / "target.json").write_text(GW201_PASS.read_text())
    (folder / "package.json").write_text('{"name": "web", "private": true}')
    (folder / "tsconfig.json").write_text(
        '{\n  // compiler settings\n  "compilerOptions": {"strict": true},\n}\n'
    )
    (folder / "node_modules" / "x").mkdir(parents=True)
    (folder / "node_modules" / "x" / "gw.json").write_text(GW201_FAIL.read_text())
    result = invoke("check", folder, "--select", "GW201")
    assert result.exit_code == 0, result.output
    assert f"{folder / 'deploy' / 'target.json'}" in result.stdout
    assert "error" not in result.stdout
    assert result.stdout.rstrip().endswith(
        "1 passed, 0 failed in 1 file (2 other files were not gwlint inputs)"
    )


def test_folder_reports_a_broken_gateway_config_instead_of_skipping_it(tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text('{ // comments\n "compilerOptions": {}}')
    broken = tmp_path / "gateway-config.json"
    broken.write_text('{\n  "gateway_url": "https://x",\n  "client_id": "abc",\n}\n')
    result = invoke("check", tmp_path)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        f"error: {broken}:4:1: invalid JSON: Expecting property name enclosed in double quotes"
    )
    assert "tsconfig" not in result.stdout


def test_folder_without_any_input_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "web"}')
    result = invoke("check", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"gwlint: error: no gwlint input found in {tmp_path}"]


def test_good_and_bad_files_together_exit_2_but_report_both(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = invoke("check", GW201_FAIL, bad, "--select", "GW201")
    assert result.exit_code == 2
    assert f"error: {bad}:1:2: invalid JSON" in result.stdout
    assert f"{GW201_FAIL}:7:21" in result.stdout


# -- the installed console script -----------------------------------------------


def test_script_fails_with_location() -> None:
    proc = run_script("check", GW201_FAIL, "--select", "GW201")
    assert proc.returncode == 1
    assert f"{GW201_FAIL}:7:21" in proc.stdout
    assert ANSI not in proc.stdout  # a pipe is not a terminal


def test_script_json_output_validates() -> None:
    proc = run_script("check", GW201_FAIL, "--select", "GW201", "--format", "json")
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    [finding] = payload["findings"]
    assert (finding["rule_id"], finding["pointer"], finding["line"]) == ("GW201", GW201_POINTER, 7)


def test_script_passes_and_prints_version() -> None:
    assert run_script("check", GW201_PASS, "--select", "GW201").returncode == 0
    proc = run_script("--version")
    assert (proc.returncode, proc.stdout) == (0, f"gwlint {gwlint.__version__}\n")


def test_script_bad_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"client_id": "x",}')
    proc = run_script("check", path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines() == [
        f"error: {path}:1:19: invalid JSON: Expecting property name enclosed in double quotes"
    ]


def test_script_unknown_selector_and_missing_rule() -> None:
    proc = run_script("check", GW201_FAIL, "--select", "XX1")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.splitlines() == [
        "gwlint: error: unknown rule selector(s): XX1 (see 'gwlint rules')"
    ]
    proc = run_script("explain", "XX1")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["gwlint: error: no rule 'XX1' (see 'gwlint rules')"]
