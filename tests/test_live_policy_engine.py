"""GW406 policy-engine-exists, against a local stub of GetPolicyEngine (moto has none)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from gwlint.findings import Severity, Status

from .agentcore_stub import ACCOUNT, agentcore_stub, engine_answer
from .conftest import FIXTURES
from .live_support import REGION, lint_file, make_facts, write

pytest_plugins = ("tests.live_support",)

ENGINE = "shop_policies-a1b2c3d4e5"
ARN = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:policy-engine/{ENGINE}"
CASES = FIXTURES / "rules" / "GW406"
EXPECT = tomllib.loads((CASES / "expect.toml").read_text())


def _lint(case: str, engines: dict[str, Any], tmp_path: Path) -> tuple[list[Any], list[str]]:
    path = write(tmp_path, CASES / f"{case}.json", {"ENGINE_ARN": ARN})
    with agentcore_stub(engines) as (url, requests):
        facts = make_facts(endpoint_url=url)
        findings = [f for f in lint_file(path, facts, "GW406") if f.rule_id == "GW406"]
        facts.close()
    return findings, requests


@pytest.mark.parametrize(
    ("case", "engines"),
    [("pass", {ENGINE: engine_answer(ENGINE, REGION)}), ("fail", {})],
)
def test_fixture_findings_are_exact(
    case: str, engines: dict[str, Any], tmp_path: Path, aws_env: None
) -> None:
    findings, requests = _lint(case, engines, tmp_path)
    expected = EXPECT[case]
    assert [[f.status.value, f.pointer] for f in findings] == expected["findings"]
    status, line, column = expected["position"]
    first = next(f for f in findings if f.status.value == status)
    assert (first.line, first.column) == (line, column)
    assert first.resource == ARN
    assert requests == [f"GET /policy-engines/{ENGINE}"]


def test_missing_engine_is_a_warning_naming_it(tmp_path: Path, aws_env: None) -> None:
    (finding,) = _lint("fail", {}, tmp_path)[0]
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.WARNING)
    assert finding.message == (
        f"Policy engine {ENGINE} does not exist in region {REGION}; the gateway cannot consult it."
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [("CREATING", "is CREATING, not ACTIVE yet"), ("CREATE_FAILED", "'CREATE_FAILED'")],
)
def test_engine_not_active_fails(status: str, words: str, tmp_path: Path, aws_env: None) -> None:
    engines = {ENGINE: engine_answer(ENGINE, REGION, status)}
    (finding,) = _lint("pass", engines, tmp_path)[0]
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.WARNING)
    assert words in finding.message


def test_denied_read_is_error_naming_the_action(tmp_path: Path, aws_env: None) -> None:
    path = write(tmp_path, CASES / "pass.json", {"ENGINE_ARN": ARN})
    with agentcore_stub({}) as (url, _):
        from .live_support import inject_error

        facts = make_facts(
            endpoint_url=url,
            hooks=[inject_error("AccessDeniedException", operations={"GetPolicyEngine"})],
        )
        (finding,) = [f for f in lint_file(path, facts, "GW406") if f.rule_id == "GW406"]
    assert finding.status is Status.ERROR
    assert "bedrock-agentcore:GetPolicyEngine" in finding.message


def test_gateway_without_policy_engine_yields_nothing(tmp_path: Path, aws_env: None) -> None:
    path = tmp_path / "gateway.json"
    path.write_text('{"name": "shop-gateway", "authorizerType": "AWS_IAM"}\n')
    with agentcore_stub({}) as (url, requests):
        assert lint_file(path, make_facts(endpoint_url=url), "GW406") == []
    assert requests == []


def test_iam_policy_covers_get_policy_engine() -> None:
    from gwlint.aws.policy import required_actions
    from gwlint.registry import all_rules

    assert "bedrock-agentcore:GetPolicyEngine" in required_actions(all_rules())
