"""GW233 auth-code-return-url, against a local stub of GetGateway and GetWorkloadIdentity."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from gwlint.findings import Finding, Severity, Status

from .agentcore_stub import agentcore_stub, gateway_answer, workload_identity_answer
from .conftest import FIXTURES
from .live_support import REGION, inject_error, lint_file, live_rules, make_facts

pytest_plugins = ("tests.live_support",)

CASES = FIXTURES / "rules" / "GW233"
EXPECT = tomllib.loads((CASES / "expect.toml").read_text())
GATEWAY = "dev-tools-gateway-k3v9q2m7xa"
IDENTITY = GATEWAY  # the service names a gateway's workload identity after the gateway
ALLOWED = "https://app.example.com/oauth/callback"
AT = "/targets/0/credentialProviderConfigurations/0/credentialProvider/oauthCredentialProvider"


def _stored(urls: list[str], identity: str | None = IDENTITY) -> dict[str, Any]:
    identities = {IDENTITY: workload_identity_answer(IDENTITY, REGION, urls)}
    return {
        "gateways": {GATEWAY: gateway_answer(GATEWAY, REGION, identity)},
        "workload_identities": identities,
    }


def _lint(
    path: Path, hooks: list[Any] | None = None, **stored: Any
) -> tuple[list[Finding], list[str]]:
    with agentcore_stub(**stored) as (url, requests):
        facts = make_facts(endpoint_url=url, hooks=hooks or [])
        findings = [f for f in lint_file(path, facts, "GW233") if f.rule_id == "GW233"]
        facts.close()
    return findings, requests


def _config(tmp_path: Path, **oauth: Any) -> Path:
    """The pass fixture with the target's oauthCredentialProvider fields changed (None: drop)."""
    doc = json.loads((CASES / "pass.json").read_text())
    block = doc["targets"][0]["credentialProviderConfigurations"][0]["credentialProvider"]
    for key, value in oauth.items():
        if value is None:
            block["oauthCredentialProvider"].pop(key, None)
        else:
            block["oauthCredentialProvider"][key] = value
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("case", ["pass", "fail"])
def test_fixture_findings_are_exact(case: str, aws_env: None) -> None:
    findings, requests = _lint(CASES / f"{case}.json", **_stored([ALLOWED]))
    expected = EXPECT[case]
    assert [[f.status.value, f.pointer] for f in findings] == expected["findings"]
    status, line, column = expected["position"]
    (first,) = findings
    assert (first.status.value, first.line, first.column) == (status, line, column)
    assert first.resource == "target github"
    assert requests == [
        f"GET /gateways/{GATEWAY}/",
        f"POST /identities/GetWorkloadIdentity {IDENTITY}",
    ]


def test_pass_and_fail_messages_name_the_identity_and_urls(aws_env: None) -> None:
    (ok,) = _lint(CASES / "pass.json", **_stored([ALLOWED]))[0]
    assert ok.message == f"Workload identity {IDENTITY} allows the return URL of target github."
    (bad,) = _lint(CASES / "fail.json", **_stored([ALLOWED]))[0]
    assert (bad.status, bad.severity) == (Status.FAIL, Severity.WARNING)
    assert bad.message == (
        "The defaultReturnUrl 'https://app.example.com/callback' of target github is not among "
        f"the return URLs workload identity {IDENTITY} allows ('{ALLOWED}'); the consent step "
        "cannot return."
    )
    assert "update-workload-identity" in bad.fix


def test_an_identity_allowing_no_url_fails_even_without_a_default(
    tmp_path: Path, aws_env: None
) -> None:
    path = _config(tmp_path, defaultReturnUrl=None)
    (finding,) = _lint(path, **_stored([]))[0]
    assert (finding.status, finding.pointer) == (Status.FAIL, AT)
    assert finding.message == (
        f"Workload identity {IDENTITY} allows no return URL, so the authorization-code flow of "
        "target github cannot complete (and the target sets no defaultReturnUrl)."
    )


def test_no_default_url_is_skipped_when_the_identity_allows_some(
    tmp_path: Path, aws_env: None
) -> None:
    path = _config(tmp_path, defaultReturnUrl=None)
    (finding,) = _lint(path, **_stored([ALLOWED]))[0]
    assert finding.status is Status.SKIP
    assert finding.message.startswith("target github sets no defaultReturnUrl: each request")


def test_other_grants_are_not_read(tmp_path: Path, aws_env: None) -> None:
    path = _config(tmp_path, grantType="CLIENT_CREDENTIALS", defaultReturnUrl=None)
    findings, requests = _lint(path, **_stored([ALLOWED]))
    assert findings == []
    assert requests == []


def test_a_missing_identity_fails(aws_env: None) -> None:
    stored = _stored([ALLOWED])
    stored["workload_identities"] = {}
    (finding,) = _lint(CASES / "pass.json", **stored)[0]
    assert (finding.status, finding.severity, finding.pointer) == (
        Status.FAIL,
        Severity.WARNING,
        AT,
    )
    assert finding.message.startswith(f"Workload identity {IDENTITY} of ")
    assert finding.message.endswith(
        f"does not exist in {REGION}; no authorization-code flow of its targets can complete."
    )


def test_denied_identity_read_is_an_error_naming_the_action(aws_env: None) -> None:
    denied = [inject_error("AccessDeniedException", operations={"GetWorkloadIdentity"})]
    (finding,) = _lint(CASES / "pass.json", denied, **_stored([ALLOWED]))[0]
    assert (finding.status, finding.pointer) == (Status.ERROR, AT)
    assert "bedrock-agentcore:GetWorkloadIdentity" in finding.message


def test_a_gateway_naming_no_identity_is_an_error_not_a_pass(aws_env: None) -> None:
    (finding,) = _lint(CASES / "pass.json", **_stored([ALLOWED], identity=None))[0]
    assert finding.status is Status.ERROR
    assert "GetGateway names no workload identity" in finding.message


def test_an_undeployed_gateway_is_skipped(tmp_path: Path, aws_env: None) -> None:
    doc = json.loads((CASES / "pass.json").read_text())
    del doc["gateway"]["gatewayArn"]
    path = tmp_path / "new.json"
    path.write_text(json.dumps(doc))
    findings, requests = _lint(path, **_stored([ALLOWED]))
    assert [f.status for f in findings] == [Status.SKIP]
    assert "no gatewayArn or gateway ID" in findings[0].message
    assert requests == []


def test_iam_policy_covers_get_workload_identity() -> None:
    from typer.testing import CliRunner

    from gwlint.cli import app

    result = CliRunner().invoke(app, ["iam-policy"])
    assert result.exit_code == 0
    (statement,) = json.loads(result.stdout)["Statement"]
    assert "bedrock-agentcore:GetWorkloadIdentity" in statement["Action"]


def test_a_deploy_time_return_url_is_skipped_not_taken_for_missing(aws_env: None) -> None:
    from gwlint.engine import Job, run_job
    from gwlint.sources import load_file
    from gwlint.unresolved import Unresolved

    loaded = load_file(CASES / "pass.json")
    [provider] = loaded.deployment.targets[0].credential_providers or []
    provider.oauth["defaultReturnUrl"] = Unresolved("!GetAtt App.CallbackUrl")
    for urls in ([], [ALLOWED]):
        with agentcore_stub(**_stored(urls)) as (url, _):
            facts = make_facts(endpoint_url=url)
            job = Job(loaded.deployment, loaded.document, facts)
            (finding,) = [f for f in run_job(live_rules(["GW233"]), job) if f.rule_id == "GW233"]
            facts.close()
        assert finding.status is Status.SKIP
        assert finding.message == (
            "the defaultReturnUrl of target github is set at deploy time (!GetAtt App.CallbackUrl)"
        )
