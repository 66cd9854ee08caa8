"""Every probe rule's fixtures, probed against real local servers, give the exact findings.

Each case in ``fixtures/rules/GW7xx/`` is a deployment file (the bundled
example, or a variant with one seeded fault). ``expect.toml`` lists, per case,
the exact ``[status, pointer]`` findings of that rule and how to seed the
stand-in (tests/probe_support.py): ``scenario`` (IdP clients and target tools),
``secret = "wrong"`` to send another secret than the IdP's, ``probe_env`` to
resolve ``${NAME}`` references, ``call``/``args`` for ``--probe-call``, ``json``
for JSON instead of SSE answers.
"""

from __future__ import annotations

import json
import secrets
import tomllib
from pathlib import Path
from typing import Any

import pytest

from gwlint.registry import all_rules

from .conftest import FIXTURES
from .probe_support import EXAMPLE, StandIn, hosts_of, scenario, serve
from .test_cli import invoke

PROBE_RULES = [r for r in all_rules() if r.pack == "builtin" and r.probe]


def _cases() -> list[tuple[str, Path]]:
    return [
        (meta.id, path)
        for meta in PROBE_RULES
        for path in sorted((FIXTURES / "rules" / meta.id).glob("*.json"))
    ]


def probe(path: Path, case: dict[str, Any], fmt: str = "json") -> tuple[Any, StandIn, str]:
    """Serve the case's stand-in and probe ``path``: (CLI result, stand-in, IdP secret)."""
    doc = json.loads(path.read_text())
    secret = secrets.token_urlsafe(24)
    clients, tools = scenario(case.get("scenario", "clean"), secret)
    example = json.loads(EXAMPLE.read_text())
    stand_in = StandIn(
        example, clients, tools, json_response=case.get("json", False), gateway_doc=doc
    )
    sent = "wrong-" + secret if case.get("secret") == "wrong" else secret
    env = {"GWLINT_PROBE_SECRET": sent, "GWLINT_FIXTURE_SECRET": sent}
    args = ["check", "--probe", "--format", fmt, *via_args_for(doc, example)]
    if case.get("probe_env"):
        args.append("--probe-env")
    elif "${" not in json.dumps(doc):
        args += ["--client-secret-env", "GWLINT_PROBE_SECRET"]
    if "call" in case:
        args += ["--probe-call", case["call"], "--probe-args", case.get("args", "{}")]
    with serve(stand_in) as base:
        result = invoke(*[a.replace("{base}", base) for a in args], str(path), env=env)
    return result, stand_in, secret


def via_args_for(doc: dict[str, Any], example: dict[str, Any]) -> list[str]:
    """--probe-via for every host the case or the example names ({base}: filled in later)."""
    hosts = dict.fromkeys([*hosts_of(example), *hosts_of(doc)])
    return [arg for host in hosts for arg in ("--probe-via", f"{host}={{base}}")]


@pytest.mark.parametrize(("rule_id", "path"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_probe_fixture_findings_are_exact(rule_id: str, path: Path) -> None:
    case = tomllib.loads((path.parent / "expect.toml").read_text())[path.stem]
    result, _, _ = probe(path, case)
    report = json.loads(result.stdout)
    mine = [f for f in report["findings"] if f["rule_id"] == rule_id]
    got = sorted([f["status"], f["pointer"]] for f in mine)
    assert got == sorted([list(x) for x in case["findings"]]), [
        (f["status"], f["pointer"], f["message"]) for f in mine
    ]
    statuses = {f["status"] for f in mine}
    if path.stem.startswith("fail"):
        assert "fail" in statuses
    if path.stem.startswith("pass"):
        assert "pass" in statuses and "fail" not in statuses
    for needle in case.get("message", []):
        assert any(needle in f["message"] for f in mine), (needle, [f["message"] for f in mine])
    if "position" in case:
        first = next(f for f in mine if f["status"] == case["position"][0])
        assert [first["line"], first["column"]] == case["position"][1:]
