"""Property: whatever JSON value sits at whatever key, no rule crashes and no run tracebacks.

Every key of every input shape (the good examples, one per shape) gets
arbitrary JSON values; the run must end with an exit code, every finding must
come from a rule that evaluated (no ``crashed`` error), no source may fail
("gwlint bug"), and every output format must render.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.jsonpos import split_pointer
from gwlint.registry import all_rules
from gwlint.report import FORMATS

from .conftest import FIXTURES

EXAMPLES = sorted((FIXTURES / "examples" / "good").glob("*.json"))
JWT = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDAsImNsaWVudF9pZCI6IngifQ.c2lnbmF0dXJlLWJ5dGVz"
#: Values that reach the rules' deeper branches (arbitrary text rarely does).
TELLING = [
    "",
    " ",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/r-abcdefghij",
    "arn:aws:iam::123456789012:role/r",
    "https://x",
    "https://u:p@gw.example.com/mcp?token=1&qualifier=DEFAULT",
    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration",
    "s3://bucket/key.json",
    "${CLIENT_SECRET}",
    JWT,
    "us-east-1_AbCdEf123",
    "us-east-1",
    "CUSTOM_JWT",
    "MCP",
    "NONE",
    "DEBUG",
    "DEFAULT",
    '{"arn": "arn:aws:lambda:us-east-1:123456789012:function:f", "tools": [{}]}',
    "x" * 300,
]
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
    | st.sampled_from(TELLING)
)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "type", "arn", "x", "items"]), children, max_size=3
        )
    ),
    max_leaves=8,
)


def _key_pointers(value: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            yield child
            yield from _key_pointers(item, child)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _key_pointers(item, f"{pointer}/{i}")


CASES = [
    (path, pointer)
    for path in EXAMPLES
    for pointer in _key_pointers(json.loads(path.read_text(encoding="utf-8")))
]


def test_every_shape_has_keys_to_vary() -> None:
    assert len(EXAMPLES) == 12 and len(CASES) > 100


def _replace(document: Any, pointer: str, value: Any) -> Any:
    *parents, last = split_pointer(pointer)
    node = document
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return document


runner = CliRunner()
#: Python spellings a message must not use for a JSON value (quoted user text aside).
PYTHON_REPR = re.compile(r"\b(None|True|False|NoneType|dict|str|int|float|bool)\b|\['|\{'|: '")


def _unquoted(message: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"", "", message)


RULES = [meta for meta in all_rules() if not meta.live]


@pytest.mark.parametrize(("path", "pointer"), CASES, ids=[f"{p.stem}:{ptr}" for p, ptr in CASES])
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(value=JSON_VALUES)
def test_no_value_at_any_key_crashes_a_rule(path: Path, pointer: str, value: Any) -> None:
    document = _replace(json.loads(path.read_text(encoding="utf-8")), pointer, value)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / path.name
        target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = runner.invoke(app, ["check", str(target), "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), result.output
        payload = json.loads(result.stdout)
        crashed = [f["message"] for f in payload["findings"] if "crashed" in f["message"]]
        assert crashed == []
        python_words = [
            f["message"] for f in payload["findings"] if PYTHON_REPR.search(_unquoted(f["message"]))
        ]
        assert python_words == []  # messages speak JSON: null, true, an array, an object
        assert [e for e in payload["errors"] if "gwlint bug" in e["message"]] == []
        report = lint([str(target)])
        for name, render in FORMATS.items():
            assert render(report, stream=None, quiet=False, rules=RULES), name
