"""The offline path imports no AWS SDK and no HTTP client.

A pre-commit hook runs ``gwlint check`` on every commit: boto3/botocore and
requests/urllib3 cost start-up time and must only load for ``--live``. Each
check runs in a fresh interpreter so nothing a previous test imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT

FORBIDDEN = ("boto3", "botocore", "requests", "urllib3")

PROBE = """
import json, sys
FORBIDDEN = {forbidden!r}
code = None
{body}
loaded = sorted(
    m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)
)
print(json.dumps({{"code": code, "loaded": loaded, "gwlint": "gwlint" in sys.modules}}))
"""

RUN_CLI = """
sys.argv = ["gwlint", "check", *{args!r}]
from gwlint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
"""


def probe(body: str) -> dict[str, object]:
    script = PROBE.format(forbidden=FORBIDDEN, body=body)
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_importing_gwlint_and_its_cli_loads_no_sdk() -> None:
    result = probe("import gwlint, gwlint.cli")
    assert result["gwlint"] is True
    assert result["loaded"] == []


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_full_offline_check_loads_no_sdk(output_format: str) -> None:
    # every fixture: every offline rule gets input it applies to
    args = [str(FIXTURES), "--format", output_format, "--quiet"]
    result = probe(RUN_CLI.format(args=args))
    assert result["code"] == 1, result  # it ran to the end: the fail fixtures fail
    assert result["loaded"] == []


def test_listing_and_explaining_rules_loads_no_sdk() -> None:
    body = RUN_CLI.replace('"check", ', "").format(args=["rules"])
    body += RUN_CLI.replace('"check", ', "").format(args=["explain", "GW201"])
    result = probe(body)
    assert result["code"] == 0
    assert result["loaded"] == []


def test_the_probe_can_see_a_forbidden_import() -> None:
    """Guard against a probe that could never fail."""
    result = probe("import botocore.session")
    assert "botocore" in result["loaded"]  # type: ignore[operator]
