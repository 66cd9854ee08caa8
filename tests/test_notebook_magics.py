"""IPython lines in notebook cells: read as the Python the kernel runs, positions kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.findings import Cell, Finding
from gwlint.formats.ipython_lines import cell_python

from .test_format_notebook import notebook

runner = CliRunner()
CLIENT = 'import boto3\nc = boto3.client("bedrock-agentcore-control", region_name="us-east-1")\n'
DISCOVERY = "https://cognito-idp.us-east-1.amazonaws.com/%s/.well-known/openid-configuration"
POOL_URL = DISCOVERY % "us-east-1_Ab3De5Gh7"
JWT = "/cells/2/calls/0/authorizerConfiguration"
POOL_ID = '["us-east-1_Ab3De5Gh7"]'
CFG = (
    f'cfg = {{"customJWTAuthorizer": {{"discoveryUrl": "{POOL_URL}",'
    f' "allowedClients": {POOL_ID}}}}}\n'
)
CREATE = (
    'c.create_gateway(name="gw", roleArn="arn:aws:iam::123456789012:role/R", protocolType="MCP",'
    ' authorizerType="CUSTOM_JWT", authorizerConfiguration=cfg)\n'
)


def check(tmp_path: Path, *cells: str) -> tuple[int, list[Finding]]:
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook(*cells))
    result = runner.invoke(app, ["check", str(path)])
    return result.exit_code, lint([str(path)]).findings


def of(findings: list[Finding], rule_id: str) -> list[tuple[str, str, int, int, Cell | None, str]]:
    return [
        (f.status.value, f.pointer, f.line, f.column, f.cell, f.message)
        for f in findings
        if f.rule_id == rule_id
    ]


def test_a_percent_operator_continuing_an_expression_is_python(tmp_path: Path) -> None:
    url = f'url = (\n    "{DISCOVERY}"\n    % pool_id\n)\n'
    call = CREATE.replace(
        "=cfg",
        f'={{"customJWTAuthorizer": {{"discoveryUrl": url, "allowedClients": {POOL_ID}}}}}',
    )
    code, findings = check(tmp_path, CLIENT + 'pool_id = "us-east-1_Ab3De5Gh7"\n', url, call)
    assert code == 0  # the discovery URL is not judged as the bare template
    assert of(findings, "GW309") == [
        ("skip", f"{JWT}/customJWTAuthorizer/discoveryUrl", 23, 213, Cell(2, "cell-2", 1, 187),
         f'not checked: set at deploy time ("{DISCOVERY[:78]}…)'),
    ]  # fmt: skip
    assert (tmp_path / "nb.ipynb").read_text().splitlines()[22][212:217] == "url, "


def test_a_continued_expression_without_a_closing_line_is_not_refused(tmp_path: Path) -> None:
    url = f'url = ("{DISCOVERY}"\n    % pool_id)\nurl2 = """\n%s\n""" \\\n    % 1\n'
    code, findings = check(
        tmp_path, CLIENT + 'pool_id = "x"\n', url, CREATE.replace("=cfg", "=url")
    )
    assert code == 0
    assert of(findings, "GW310") == [
        ("skip", JWT, 23, 168, Cell(2, "cell-2", 1, 146),
         f'not checked: set at deploy time ("{DISCOVERY[:78]}…)'),
    ]  # fmt: skip


def test_shell_and_magic_assignments_help_and_magic_only_blocks(tmp_path: Path) -> None:
    cell = (
        "files = !ls\nx = %env HOME\ncfg?\n?cfg\ncfg??\nc.create_gateway?\n"
        "if True:\n    !pip install x\n    %matplotlib inline\n!pip install \\\n    boto3\n"
    )
    code, findings = check(tmp_path, CLIENT, cell, CREATE.replace("=cfg", "=x"))
    assert code == 0
    assert of(findings, "GW310") == [
        (
            "skip",
            JWT,
            23,
            168,
            Cell(2, "cell-2", 1, 146),
            "not checked: set at deploy time (get_ipython())",
        ),
    ]


def test_a_timed_statement_runs_so_the_dict_it_changes_is_not_judged(tmp_path: Path) -> None:
    for magic in ("%time", "%timeit -n 3 -r2", "%prun -s cumulative -q", "  %time"):
        cell = CFG + (
            f"if True:\n{magic} cfg.clear()\n" if magic[0] == " " else f"{magic} cfg.clear()\n"
        )
        code, findings = check(tmp_path, CLIENT, cell, CREATE)
        assert code == 0, magic
        assert of(findings, "GW301") == [], magic
        assert of(findings, "GW310") == [
            ("skip", JWT, 23, 168,
             Cell(2, "cell-2", 1, 146), "not checked: set at deploy time (cfg)"),
        ], magic  # fmt: skip


@pytest.mark.parametrize(
    ("prefix", "ending", "json_column", "cell_column"),
    [("%timeit -n1 ", "\n", 49, 35), ("%prun -T prüf.txt ", "\r\n", 60, 41)],  # pr\u00fcf in JSON
)
def test_a_timed_call_is_judged_where_it_is_written(
    tmp_path: Path, prefix: str, ending: str, json_column: int, cell_column: int
) -> None:
    call = (
        f'{prefix}c.create_gateway(name="bad_name", roleArn="arn:aws:iam::123456789012:role/R",'
        f' authorizerType="NONE"){ending}'
    )
    code, findings = check(tmp_path, CLIENT, call)
    assert code == 1
    [(status, pointer, line, column, cell, _)] = of(findings, "GW101")
    assert (status, pointer, line, column, cell) == (
        "fail", "/cells/1/calls/0/name", 15, json_column, Cell(1, "cell-1", 1, cell_column),
    )  # fmt: skip
    row = (tmp_path / "nb.ipynb").read_text().splitlines()[line - 1]
    assert row[column - 1 :].startswith('\\"bad_name\\"')


def test_a_syntax_error_in_a_timed_statement_names_its_written_column(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook(CLIENT, "%time c.create_gateway(name=)\n"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {path}:15:43: invalid Jupyter notebook: cell 1 line 1: invalid syntax\n"
    )


def test_magics_that_may_rebind_names_make_every_name_unknown(tmp_path: Path) -> None:
    for magic in ("%run -i setup.py", "%store -r cfg", "%load setup.py", "%autoreload 2",
                  "y = %run setup.py", "%sql result << SELECT 1"):  # fmt: skip
        code, findings = check(tmp_path, CLIENT, CFG + magic + "\n", CREATE)
        assert code == 0, magic
        assert of(findings, "GW301") == [], magic
        assert of(findings, "GW310") == [
            ("skip", JWT, 23, 168, Cell(2, "cell-2", 1, 146),
             "not checked: set at deploy time (cfg)"),
        ], magic  # fmt: skip


def test_harmless_magics_leave_names_known(tmp_path: Path) -> None:
    magics = "%store cfg\n%load_ext autoreload\n%env REGION=us-east-1\nout = %sx ls\n"
    code, findings = check(tmp_path, CLIENT, CFG + magics, CREATE)
    assert code == 1
    assert [row[:5] for row in of(findings, "GW301")] == [
        ("fail", f"{JWT}/customJWTAuthorizer/allowedClients", 15, 188, Cell(1, "cell-1", 1, 166)),
    ]


def test_cell_python_keeps_lines_and_columns() -> None:
    text = 'x = """\n%s\n"""\n%time y = f(\n  1)\n!ls \\\n  -la\ns = "a\\\n%b"\n  cfg?\n'
    python = cell_python(text)
    assert python.text == 'x = """\n%s\n"""\ny = f(\n  1)\npass\n\ns = "a\\\n%b"\n  pass\n'
    assert python.shown == 'x = """\n%s\n"""\n%time y = f(\n  1)\npass\n\ns = "a\\\n%b"\n  pass\n'
    assert python.removed == {4: "%time "}
    capture = cell_python("%%capture out --no-stderr\nprint(1)\n%store -r cfg\n")
    assert capture.text == "out = get_ipython()\nprint(1)\nexec\n"
    assert cell_python("%%bash\nls\n").text == "\n\n"
    assert cell_python("%time %time x = 1\n").removed == {1: "%time %time "}
    assert cell_python("%time " * 50 + "x = 1\n").text == "exec\n"  # bounded, conservative
