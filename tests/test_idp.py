"""Identity-provider detection and the IdP-aware OAuth rules, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.findings import Severity, Status
from gwlint.idp import Provider, issuer, provider_of_url
from gwlint.sources import load_file

from .conftest import FIXTURES

GOOD = FIXTURES / "examples" / "good"
RULES = FIXTURES / "rules"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration",
         Provider.COGNITO),
        ("https://my-auth.auth.us-east-1.amazoncognito.com/oauth2/token", Provider.COGNITO),
        ("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
         Provider.ENTRA),
        ("https://dev-12345678.okta.com/oauth2/default/.well-known/openid-configuration",
         Provider.OKTA),
        ("https://id.example.com/oauth2/default/v1/token", Provider.OKTA),
        ("https://acme-tools.us.auth0.com/oauth/token", Provider.AUTH0),
        ("https://sso.example.com/realms/agents/protocol/openid-connect/token", Provider.KEYCLOAK),
        ("https://sso.example.com/auth/realms/agents/.well-known/openid-configuration",
         Provider.KEYCLOAK),
        ("https://auth.example.com/connect/token", Provider.OTHER),
        ("${TOKEN_URL}", None),
        (None, None),
    ],
)  # fmt: skip
def test_provider_of_url(url: object, provider: Provider | None) -> None:
    assert provider_of_url(url) is provider


@pytest.mark.parametrize(
    ("name", "provider", "evidence"),
    [
        ("deployment.json", Provider.COGNITO, "discoveryUrl"),
        ("deployment-entra-id.json", Provider.ENTRA, "discoveryUrl"),
        ("deployment-okta.json", Provider.OKTA, "discoveryUrl"),
        ("deployment-auth0.json", Provider.AUTH0, "discoveryUrl"),
        ("deployment-keycloak.json", Provider.KEYCLOAK, "discoveryUrl"),
        ("toolkit-gateway-config.json", Provider.COGNITO, "token_endpoint"),
    ],
)
def test_issuer_of_each_good_deployment(name: str, provider: Provider, evidence: str) -> None:
    found = issuer(load_file(GOOD / name).deployment)
    assert found is not None
    assert (found.provider, found.evidence) == (provider, evidence)


@pytest.mark.parametrize(
    "name",
    [
        "deployment.json",
        "deployment-entra-id.json",
        "deployment-okta.json",
        "deployment-auth0.json",
        "deployment-keycloak.json",
        "deployment-target-kinds.json",
    ],
)
def test_each_provider_and_target_kind_deployment_exits_0(name: str) -> None:
    result = CliRunner().invoke(app, ["check", str(GOOD / name)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output
    assert " passed, 0 failed" in result.output.strip().splitlines()[-1]


def _one(path: Path, rule_id: str) -> tuple[str, str, str | None, str]:
    [finding] = [f for f in lint([str(path)]).findings if f.rule_id == rule_id]
    return finding.status.value, finding.severity.value, finding.pointer, finding.message


@pytest.mark.parametrize(
    ("rule_id", "case", "status", "severity", "pointer", "said"),
    [
        ("GW301", "skip-keycloak-issuer", Status.SKIP, Severity.ERROR, "",
         "the identity provider is Keycloak (from token_endpoint)"),
        ("GW301", "skip-no-issuer", Status.SKIP, Severity.ERROR, "",
         "this input names no identity provider"),
        ("GW302", "pass-entra-guid", Status.PASS, Severity.ERROR, "/client_id",
         "shape of a client ID (generic checks)"),
        ("GW303", "fail-okta-path", Status.FAIL, Severity.ERROR, "/token_endpoint",
         "Okta issues tokens at /oauth2/{authorizationServerId}/v1/token"),
        ("GW303", "fail-auth0-path", Status.FAIL, Severity.ERROR, "/token_endpoint",
         "Auth0 issues tokens at /oauth/token"),
        ("GW303", "fail-entra-v1", Status.FAIL, Severity.WARNING, "/token_endpoint",
         "is Entra ID's v1.0 endpoint"),
        ("GW303", "pass-keycloak", Status.PASS, Severity.ERROR, "/token_endpoint",
         "Keycloak's documented token path"),
        ("GW309", "fail-entra-path", Status.FAIL, Severity.WARNING,
         "/authorizerConfiguration/customJWTAuthorizer/discoveryUrl",
         "Microsoft Entra ID documents its discovery document at "
         "/{tenant}/v2.0/.well-known/openid-configuration"),
        ("GW309", "fail-pool-region", Status.FAIL, Severity.WARNING,
         "/gateway/authorizerConfiguration/customJWTAuthorizer/discoveryUrl",
         "unless the pool has a multi-Region replica in eu-central-1"),
        ("GW308", "skip-resource-binding", Status.SKIP, Severity.ERROR,
         "/gateway/authorizerConfiguration/customJWTAuthorizer",
         "(RFC 8707 resource binding), so Cognito sets aud"),
        ("GW310", "skip-cognito-audience-only", Status.SKIP, Severity.ERROR,
         "/authorizerConfiguration/customJWTAuthorizer", "GW308 (cognito-audience-trap) judges"),
    ],
)  # fmt: skip
def test_idp_aware_findings(
    rule_id: str, case: str, status: Status, severity: Severity, pointer: str, said: str
) -> None:
    got = _one(RULES / rule_id / f"{case}.json", rule_id)
    assert got[:3] == (status.value, severity.value, pointer)
    assert said in got[3]


def test_gw310_never_passes_the_audience_gw308_fails() -> None:
    report = lint([str(RULES / "GW308" / "fail.json")])
    lines = {(f.rule_id, f.status) for f in report.findings if f.rule_id in ("GW308", "GW310")}
    assert ("GW308", Status.FAIL) in lines
    passes = [
        f.message for f in report.findings if f.rule_id == "GW310" and f.status is Status.PASS
    ]
    assert not any("allowedAudience" in message for message in passes)
