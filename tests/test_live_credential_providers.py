"""GW231 credential-provider-exists, against a local stub of the token-vault reads."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from gwlint.findings import Finding, Severity, Status

from .agentcore_stub import ACCOUNT, agentcore_stub, api_key_provider_answer, oauth2_provider_answer
from .conftest import FIXTURES
from .live_support import REGION, inject_error, lint_file, make_facts

pytest_plugins = ("tests.live_support",)

CASES = FIXTURES / "rules" / "GW231"
EXPECT = tomllib.loads((CASES / "expect.toml").read_text())
VAULT = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:token-vault/default"
GITHUB = f"{VAULT}/oauth2credentialprovider/github"
OAUTH_AT = (
    "/targets/0/credentialProviderConfigurations/0/credentialProvider/oauthCredentialProvider"
)
KEY_AT = "/targets/1/credentialProviderConfigurations/0/credentialProvider/apiKeyCredentialProvider"
PROVIDERS = {
    "oauth2": {"github": oauth2_provider_answer("github", REGION)},
    "api_keys": {"search": api_key_provider_answer("search", REGION)},
}


def _lint(
    path: Path, hooks: list[Any] | None = None, **stored: Any
) -> tuple[list[Finding], list[str]]:
    with agentcore_stub(**stored) as (url, requests):
        facts = make_facts(endpoint_url=url, hooks=hooks or [])
        findings = [f for f in lint_file(path, facts, "GW231") if f.rule_id == "GW231"]
        facts.close()
    return findings, [r for r in requests if r != "POST / GetCallerIdentity"]


def _config(tmp_path: Path, oauth: dict[str, Any]) -> Path:
    """The pass fixture with the first target's oauthCredentialProvider replaced."""
    doc = json.loads((CASES / "pass.json").read_text())
    provider = doc["targets"][0]["credentialProviderConfigurations"][0]["credentialProvider"]
    provider["oauthCredentialProvider"] = oauth
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("case", ["pass", "fail"])
def test_fixture_findings_are_exact(case: str, aws_env: None) -> None:
    findings, requests = _lint(CASES / f"{case}.json", **PROVIDERS)
    expected = EXPECT[case]
    assert [[f.status.value, f.pointer] for f in findings] == expected["findings"]
    status, line, column = expected["position"]
    first = next(f for f in findings if f.status.value == status)
    assert (first.line, first.column) == (line, column)
    key = "search" if case == "pass" else "search-v2"
    assert [f.resource for f in findings] == [GITHUB, f"{VAULT}/apikeycredentialprovider/{key}"]
    assert sorted(requests) == [
        f"POST /identities/GetApiKeyCredentialProvider {key}",
        "POST /identities/GetOauth2CredentialProvider github",
    ]


def test_pass_names_the_provider_and_target(aws_env: None) -> None:
    findings, _ = _lint(CASES / "pass.json", **PROVIDERS)
    assert [f.message for f in findings] == [
        f"OAuth credential provider github exists in {REGION} and is READY (target github).",
        f"API-key credential provider search exists in {REGION} (target search).",
    ]


def test_missing_provider_is_an_error_and_token_exchange_misfit_a_warning(aws_env: None) -> None:
    grant, missing = _lint(CASES / "fail.json", **PROVIDERS)[0]
    assert (grant.status, grant.severity) == (Status.FAIL, Severity.WARNING)
    assert grant.message == (
        "OAuth credential provider github has no onBehalfOfTokenExchangeConfig, which enables "
        "on-behalf-of token exchange; target github asks for grantType 'TOKEN_EXCHANGE'."
    )
    assert (missing.status, missing.severity) == (Status.FAIL, Severity.ERROR)
    assert missing.message == (
        f"API-key credential provider search-v2 does not exist in {REGION} (target search names "
        f"{VAULT}/apikeycredentialprovider/search-v2); the gateway cannot obtain its outbound "
        "credentials."
    )


def test_token_exchange_provider_fits(tmp_path: Path, aws_env: None) -> None:
    config = {
        "oauthDiscovery": {
            "discoveryUrl": "https://idp.example.com/.well-known/openid-configuration"
        },
        "clientId": "gateway-client",
        "onBehalfOfTokenExchangeConfig": {"grantType": "TOKEN_EXCHANGE"},
    }
    path = _config(
        tmp_path, {"providerArn": GITHUB, "scopes": ["repo"], "grantType": "TOKEN_EXCHANGE"}
    )
    stored = {"oauth2": {"github": oauth2_provider_answer("github", REGION, config)}}
    (finding,) = [f for f in _lint(path, **stored)[0] if f.pointer == OAUTH_AT]
    assert finding.status is Status.PASS
    jwt_grant = dict(config, onBehalfOfTokenExchangeConfig={"grantType": "JWT_AUTHORIZATION_GRANT"})
    stored = {"oauth2": {"github": oauth2_provider_answer("github", REGION, jwt_grant)}}
    (finding,) = [f for f in _lint(path, **stored)[0] if f.pointer == OAUTH_AT]
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.WARNING)
    assert "grantType 'JWT_AUTHORIZATION_GRANT', not TOKEN_EXCHANGE" in finding.message


@pytest.mark.parametrize(
    ("metadata", "status"),
    [
        ({"issuer": "https://idp.example.com", "tokenEndpoint": "https://idp.example.com/token",
          "responseTypes": ["code"]}, Status.FAIL),
        ({"issuer": "https://idp.example.com", "tokenEndpoint": "https://idp.example.com/token",
          "authorizationEndpoint": "https://idp.example.com/authorize",
          "responseTypes": ["code"]}, Status.PASS),
    ],
)  # fmt: skip
def test_authorization_code_needs_an_authorization_endpoint(
    metadata: dict[str, Any], status: Status, tmp_path: Path, aws_env: None
) -> None:
    config = {"oauthDiscovery": {"authorizationServerMetadata": metadata}, "clientId": "c"}
    path = _config(
        tmp_path,
        {"providerArn": GITHUB, "scopes": ["repo"], "grantType": "AUTHORIZATION_CODE",
         "defaultReturnUrl": "https://app.example.com/callback"},
    )  # fmt: skip
    stored = {"oauth2": {"github": oauth2_provider_answer("github", REGION, config)}}
    (finding,) = [f for f in _lint(path, **stored)[0] if f.pointer == OAUTH_AT]
    assert finding.status is status
    if status is Status.FAIL:
        assert finding.severity is Severity.WARNING
        assert "names no authorizationEndpoint" in finding.message


def test_provider_not_ready_fails_with_its_reason(tmp_path: Path, aws_env: None) -> None:
    answer = oauth2_provider_answer("github", REGION, status="CREATE_FAILED")
    answer["failureReason"] = "client secret rejected by the identity provider"
    findings, _ = _lint(CASES / "pass.json", oauth2={"github": answer}, api_keys={})
    oauth = next(f for f in findings if f.pointer == OAUTH_AT)
    assert (oauth.status, oauth.severity) == (Status.FAIL, Severity.ERROR)
    assert oauth.message == (
        "OAuth credential provider github has status 'CREATE_FAILED', not READY: client secret "
        "rejected by the identity provider."
    )


def test_denied_read_is_an_error_naming_the_action(aws_env: None) -> None:
    denied = [inject_error("AccessDeniedException", operations={"GetOauth2CredentialProvider"})]
    findings, _ = _lint(CASES / "pass.json", denied, **PROVIDERS)
    assert [(f.status, f.pointer) for f in findings] == [
        (Status.ERROR, OAUTH_AT),
        (Status.PASS, KEY_AT),
    ]
    assert "bedrock-agentcore:GetOauth2CredentialProvider" in findings[0].message


def test_provider_of_another_account_is_skipped(tmp_path: Path, aws_env: None) -> None:
    other = GITHUB.replace(ACCOUNT, "210987654321")
    path = _config(tmp_path, {"providerArn": other, "scopes": ["repo"]})
    findings, requests = _lint(path, **PROVIDERS)
    oauth = findings[0]
    assert (oauth.status, oauth.resource) == (Status.SKIP, other)
    assert "in account 210987654321; gwlint reads account" in oauth.message
    assert "POST /identities/GetOauth2CredentialProvider github" not in requests


def test_malformed_provider_arn_is_skipped_not_read(tmp_path: Path, aws_env: None) -> None:
    path = _config(tmp_path, {"providerArn": "github", "scopes": ["repo"]})
    findings, requests = _lint(path, **PROVIDERS)
    assert [(f.status, f.pointer) for f in findings] == [
        (Status.SKIP, OAUTH_AT),
        (Status.PASS, KEY_AT),
    ]
    assert requests == ["POST /identities/GetApiKeyCredentialProvider search"]


def test_targets_without_providers_yield_nothing(tmp_path: Path, aws_env: None) -> None:
    path = tmp_path / "gateway.json"
    path.write_text('{"name": "shop-gateway", "authorizerType": "AWS_IAM"}\n')
    assert _lint(path) == ([], [])


def test_iam_policy_covers_the_provider_reads() -> None:
    from gwlint.aws.policy import required_actions
    from gwlint.registry import all_rules

    actions = required_actions(all_rules())
    assert "bedrock-agentcore:GetOauth2CredentialProvider" in actions
    assert "bedrock-agentcore:GetApiKeyCredentialProvider" in actions
