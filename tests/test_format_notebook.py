"""Jupyter notebooks: code cells read as one program, located in the .ipynb and its cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.findings import Cell, Report
from gwlint.formats import Source
from gwlint.formats.notebook import read
from gwlint.unresolved import Unresolved

from .conftest import FIXTURES, ROOT

NB = FIXTURES / "formats" / "notebook"
GOOD = NB / "security_gateway.ipynb"
FAILURES = NB / "guide_failures.ipynb"
EQUIVALENT = FIXTURES / "formats" / "python" / "deploy_gateway.json"
SCHEMA = json.loads((ROOT / "gwlint" / "schemas" / "report.schema.json").read_text())

runner = CliRunner()


def notebook(*cells: str | list[str], kind: str = "code") -> str:
    """An nbformat 4.5 notebook whose code cells hold ``cells`` (a string or line list)."""
    return json.dumps(
        {
            "cells": [
                {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": source}
                | ({"execution_count": None, "outputs": []} if kind == "code" else {})
                for i, source in enumerate(cells)
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def translate(text: str) -> list[dict[str, Any]]:
    return [item.data for item in read(Source(text, "nb.ipynb"))]


def test_correct_notebook_exits_0_with_the_checklist_of_its_api_json() -> None:
    result = runner.invoke(app, ["check", str(GOOD)])
    assert result.exit_code == 0, result.output
    nb, api_json = lint([str(GOOD)]), lint([str(EQUIVALENT)])
    deploy_time = sorted(
        (f.rule_id, f.pointer, f.line, f.column, f.cell)
        for f in nb.findings
        if "set at deploy time" in f.message
    )
    # gatewayID = create_response["gatewayId"] in cell 5, passed in cells 6 and 7
    assert deploy_time == [
        ("GW107", "/cells/6/calls/0/gatewayIdentifier", 88, 28, Cell(6, "c06-co", 3, 23)),
        ("GW107", "/cells/7/calls/0/gatewayIdentifier", 128, 28, Cell(7, "c07-co", 22, 23)),
    ]
    checklist = {(f.rule_id, f.status.value) for f in nb.findings}
    assert checklist - {("GW107", "skip")} == {
        (f.rule_id, f.status.value) for f in api_json.findings
    }
    assert {f.format for f in nb.findings} == {"notebook"}


def test_guide_failures_name_the_json_line_and_the_cell() -> None:
    result = runner.invoke(app, ["check", str(FAILURES), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    failed = [
        (f["rule_id"], f["pointer"], f["line"], f["column"], f["key"], f["cell"])
        for f in payload["findings"]
        if f["status"] == "fail"
    ]
    jwt = "/cells/3/calls/0/authorizerConfiguration/customJWTAuthorizer"
    assert failed == [
        ("GW201", "/cells/4/calls/0/targetConfiguration/mcp/mcpServer/endpoint", 65, 71, "endpoint",
         {"index": 4, "id": "c04-co", "line": 5, "column": 60}),
        ("GW301", f"{jwt}/allowedClients", 42, 34, "allowedClients",
         {"index": 3, "id": "c03-co", "line": 4, "column": 27}),
    ]  # fmt: skip
    lines = FAILURES.read_text().splitlines()
    assert lines[64][70:81] == "runtime_arn"  # where the ARN is passed, after 6 escaped quotes
    assert lines[41][33:41] == "[POOL_ID"
    assert all("cell" in f for f in payload["findings"] if f["pointer"])
    text = runner.invoke(app, ["check", str(FAILURES), "--quiet"]).output
    assert f"{FAILURES}:65:71 (cell 4, line 5:60)" in text
    assert "allowedClients entry 'us-east-1_Ab3De5Gh7' is a Cognito user-pool ID" in text


def test_json_findings_of_other_formats_carry_no_cell() -> None:
    result = runner.invoke(app, ["check", str(EQUIVALENT), "--format", "json"])
    assert all("cell" not in f for f in json.loads(result.stdout)["findings"])


def test_ipython_lines_are_blanked_and_positions_kept_for_one_string_sources(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        notebook(
            [
                "!pip install boto3\n",
                "%matplotlib inline\n",
                "import boto3\n",
                'c = boto3.client("bedrock-agentcore-control", region_name="us-east-1")',
            ],
            "%%bash\necho $((1 + ))\n",
            '%%time\nc.create_gateway(name="bad_name", roleArn="arn:aws:iam::123456789012:role/R",'
            ' authorizerType="NONE")',
        )
    )
    report: Report = lint([str(path)])
    [finding] = [f for f in report.findings if f.rule_id == "GW101"]
    assert finding.status.value == "fail"
    assert finding.cell == Cell(2, "cell-2", 2, 23)
    row = path.read_text().splitlines()[finding.line - 1]
    assert row[finding.column - 1 :].startswith('\\"bad_name\\"')


def test_names_bound_in_earlier_cells_count_later_ones_do_not() -> None:
    [data] = translate(
        notebook(
            'import boto3\nc = boto3.client("bedrock-agentcore-control")\nNAME = "tools"',
            "c.create_gateway(name=NAME, description=LATER, authorizerType=TWICE)",
            'LATER = "x"\nTWICE = "NONE"',
            'TWICE = "AWS_IAM"',
        )
    )
    assert data["gateway"] == {
        "name": "tools",
        "description": Unresolved("LATER"),
        "authorizerType": Unresolved("TWICE"),
    }


def test_a_cell_syntax_error_is_one_located_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook("import boto3", ["x = 1\n", "c.create_gateway(name=)\n"]))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    row = path.read_text().splitlines().index('    "c.create_gateway(name=)\\n"') + 1
    assert result.output == (
        f"error: {path}:{row}:28: invalid Jupyter notebook: cell 1 line 2: invalid syntax\n"
    )


def test_broken_json_and_notebooks_without_gateways(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"nbformat": 4, "cells": [{"source": "c.create_gateway(name=1)"\n')
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {broken}:2:1: invalid Jupyter notebook: not JSON: ")
    broken.unlink()
    (tmp_path / "plots.ipynb").write_text(notebook("import matplotlib"))
    (tmp_path / "notes.ipynb").write_text(notebook("c.create_gateway(...)", kind="markdown"))
    report = lint([str(tmp_path)])
    assert report.findings == [] and report.errors == []
    assert sorted(Path(e.file).name for e in report.skipped) == ["notes.ipynb", "plots.ipynb"]
    named = runner.invoke(app, ["check", str(tmp_path / "notes.ipynb")])
    assert named.exit_code == 2
    assert named.output == (
        f"error: {tmp_path / 'notes.ipynb'}: Jupyter notebook has no code cells\n"
    )


def test_columns_after_escaped_characters_match_the_json_text(tmp_path: Path) -> None:
    """ensure_ascii notebooks escape é as \\u00e9 and an emoji as a surrogate pair."""
    path = tmp_path / "nb.ipynb"
    source = (
        'import boto3\nc = boto3.client("bedrock-agentcore-control")\n'
        'c.create_gateway(description="Café 🚀 \\"tools\\"", name="bad_name",'
        ' roleArn="arn:aws:iam::123456789012:role/R", authorizerType="NONE")\n'
    )
    text = notebook(source.splitlines(keepends=True))
    assert "\\ud83d\\ude80" in text and "\\u00e9" in text  # json.dumps escapes by default
    path.write_text(text)
    [finding] = [f for f in lint([str(path)]).findings if f.rule_id == "GW101"]
    assert finding.cell == Cell(0, "cell-0", 3, 55)
    row = text.splitlines()[finding.line - 1]
    assert row[finding.column - 1 :].startswith('\\"bad_name\\"')


def test_inline_comments_in_cells_suppress_findings_on_their_line(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    cell = [
        "import boto3\n",
        'c = boto3.client("bedrock-agentcore-control")\n',
        'c.create_gateway(name="bad_name",  # gwlint: ignore[GW101] renamed by the pipeline\n',
        '    roleArn="arn:aws:iam::123456789012:role/R", authorizerType="NONE")',
    ]
    path.write_text(notebook(cell))
    result = runner.invoke(app, ["check", str(path), "--isolated", "-f", "json"])
    findings = json.loads(result.stdout)["findings"]
    [finding] = [f for f in findings if f["rule_id"] == "GW101"]
    assert finding["status"] == "suppressed"
    assert finding["cell"] == {"index": 0, "id": "cell-0", "line": 3, "column": 23}
    assert finding["suppression"]["reason"] == "renamed by the pipeline"
    assert [f for f in findings if f["rule_id"] == "GW006"] == []
    assert result.exit_code == 0, result.output
