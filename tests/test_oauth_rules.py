"""Edge cases of the OAuth, inbound-JWT, token and secret rules (GW302-GW310, GW601, GW602).

Each test lints a small config written here and asserts the exact rule id,
status, severity and pointer of that rule's findings. The last tests run the
CLI in text and JSON and check that no client secret or token from the
fixtures (or any piece of one) is printed.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.cli import app
from gwlint.findings import Finding, Severity, Status
from gwlint.registry import all_rules
from gwlint.rule import Context
from gwlint.sources import load_file

from .conftest import FIXTURES, WriteJson, lint_one, lint_rule, of_rule, with_fields

GATEWAY_URL = (
    "https://security-gateway-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
)
TOKEN_URL = "https://security-auth.auth.us-east-1.amazoncognito.com/oauth2/token"
CLIENT_ID = "6aarhftf6bopppar05humcp2r6"
POOL = "us-east-1_AbCdEf123"
DISCOVERY = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}/.well-known/openid-configuration"
JWT_PTR = "/authorizerConfiguration/customJWTAuthorizer"


def flat(**fields: Any) -> dict[str, Any]:
    """The guide's gateway-config.json, with ``fields`` replaced (None removes a key)."""
    doc: dict[str, Any] = {
        "gateway_url": GATEWAY_URL,
        "client_id": CLIENT_ID,
        "client_secret": "${CLIENT_SECRET}",
        "token_endpoint": TOKEN_URL,
        "scope": "security-gateway/invoke",
    }
    return with_fields(doc, fields)


def toolkit(**fields: Any) -> dict[str, Any]:
    """The toolkit quickstart's config; ``fields`` replace keys of client_info."""
    info: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": "${CLIENT_SECRET}",
        "user_pool_id": POOL,
        "token_endpoint": "https://agentcore-3f9a2c1d.auth.us-east-1.amazoncognito.com/oauth2/token",
        "scope": "security-gateway/invoke",
        "domain_prefix": "agentcore-3f9a2c1d",
    }
    return {
        "gateway_url": GATEWAY_URL,
        "gateway_id": "security-gateway-abcdefghij",
        "region": "us-east-1",
        "client_info": with_fields(info, fields),
    }


def jwt_config(**fields: Any) -> dict[str, Any]:
    return with_fields({"discoveryUrl": DISCOVERY, "allowedClients": [CLIENT_ID]}, fields)


def create_gateway(jwt: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": "security-gateway",
        "roleArn": "arn:aws:iam::123456789012:role/GatewayExecutionRole",
        "protocolType": "MCP",
        "authorizerType": "CUSTOM_JWT",
        "authorizerConfiguration": {"customJWTAuthorizer": jwt or jwt_config()},
    }
    return with_fields(doc, fields)


def deployment(
    gateway: dict[str, Any] | None = None, client: dict[str, Any] | None = None
) -> dict[str, Any]:
    doc: dict[str, Any] = {"region": "us-east-1"}
    if gateway is not None:
        doc["gateway"] = gateway
    if client is not None:
        doc["client"] = client
    return doc


def shape(findings: list[Finding]) -> list[tuple[str, str, str | None]]:
    """(status, severity, pointer) per finding, in order."""
    return [(f.status.value, f.severity.value, f.pointer) for f in findings]


PASS, FAIL, SKIP = Status.PASS.value, Status.FAIL.value, Status.SKIP.value
ERR, WARN = Severity.ERROR.value, Severity.WARNING.value


def make_jwt(payload: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part(payload)}.c2lnbmF0dXJlLWJ5dGVz"


# --- GW302 client-id-shape ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"6aarhftf6bopppar05humcp2r6"', "quote"),
        ("6aarhftf6bop ppar05humcp2r6", "whitespace"),
        ("", "empty"),
        ("a1" * 65, "130 characters"),
        ("client-id-with-dashes", "'-'"),
    ],
)
def test_gw302_invalid_client_ids_are_errors(write_json: WriteJson, value: str, words: str) -> None:
    findings = lint_rule(write_json, flat(client_id=value), "GW302")
    assert shape(findings) == [(FAIL, ERR, "/client_id")]
    assert words in findings[0].message


def test_gw302_non_string_client_id(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, toolkit(client_id=12345), "GW302")
    assert shape(findings) == [(FAIL, ERR, "/client_info/client_id")]
    assert findings[0].message.startswith("client_id is a number (12345), not a string;")


def test_gw302_pool_id_left_to_gw301(write_json: WriteJson) -> None:
    path = write_json(flat(client_id="us-east-1_XXXXXXXXX"))
    report = lint_one(path, select=("GW301", "GW302"))
    assert of_rule(report, "GW302") == []
    assert [f.status for f in of_rule(report, "GW301")] == [Status.FAIL]


def test_gw302_unusual_id_only_warns_for_cognito(write_json: WriteJson) -> None:
    cognito = lint_rule(write_json, flat(client_id="MyAgentClient"), "GW302")
    assert shape(cognito) == [(FAIL, WARN, "/client_id")]
    assert "reported" in cognito[0].message
    okta = flat(
        client_id="0oa8f2k1x9QhZ3vB5d7",
        token_endpoint="https://dev-123.okta.com/oauth2/default/v1/token",
    )
    assert shape(lint_rule(write_json, okta, "GW302")) == [(PASS, ERR, "/client_id")]


def test_gw302_nothing_without_client_id(write_json: WriteJson) -> None:
    assert lint_rule(write_json, flat(client_id=None), "GW302") == []


# --- GW303 token-endpoint ----------------------------------------------------


def test_gw303_cognito_idp_host_fix_uses_domain_prefix(write_json: WriteJson) -> None:
    doc = toolkit(token_endpoint=f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}")
    findings = lint_rule(write_json, doc, "GW303")
    assert shape(findings) == [
        (FAIL, ERR, "/client_info/token_endpoint"),
        (PASS, ERR, "/client_info/domain_prefix"),
    ]
    assert (
        "https://agentcore-3f9a2c1d.auth.us-east-1.amazoncognito.com/oauth2/token"
        in findings[0].fix
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://security-auth.auth.us-east-1.amazoncognito.com", "has no path"),
        ("https://security-auth.auth.us-east-1.amazoncognito.com/token", "'/token'"),
        ("https://security-auth.auth.us-east-1.amazoncognito.com/oauth2/token/", "slash"),
        ("https://security-auth.auth.us-east-1.amazoncognito.com/oauth2/authorize", "login"),
        ("https://security-auth.auth.us-east-1.amazoncognito.com/OAuth2/Token", "case"),
    ],
)
def test_gw303_wrong_paths(write_json: WriteJson, url: str, words: str) -> None:
    findings = lint_rule(write_json, flat(token_endpoint=url), "GW303")
    assert shape(findings) == [(FAIL, ERR, "/token_endpoint")]
    assert words in findings[0].message
    assert findings[0].fix.endswith("amazoncognito.com/oauth2/token")


def test_gw303_http_scheme(write_json: WriteJson) -> None:
    url = TOKEN_URL.replace("https://", "http://")
    findings = lint_rule(write_json, flat(token_endpoint=url), "GW303")
    assert shape(findings) == [(FAIL, ERR, "/token_endpoint")]
    assert "http://" in findings[0].message


@pytest.mark.parametrize(
    "url",
    [
        "security-auth.auth.us-east-1.amazoncognito.com/oauth2/token",
        "",
        "https://security-auth.amazoncognito.com/oauth2/token",
        GATEWAY_URL,
        "https://Bad_Prefix.auth.us-east-1.amazoncognito.com/oauth2/token",
    ],
)
def test_gw303_not_a_token_url(write_json: WriteJson, url: str) -> None:
    findings = lint_rule(write_json, flat(token_endpoint=url), "GW303")
    assert shape(findings) == [(FAIL, ERR, "/token_endpoint")]


def test_gw303_okta_token_path_follows_okta_docs(write_json: WriteJson) -> None:
    doc = flat(token_endpoint="https://dev-123.okta.com/oauth2/default/v1/token")
    findings = lint_rule(write_json, doc, "GW303")
    assert shape(findings) == [(PASS, ERR, "/token_endpoint")]
    assert (
        findings[0].message == "token endpoint is an https:// URL on Okta's documented token path"
    )
    wrong = flat(token_endpoint="https://dev-123.okta.com/oauth2/token")
    [failed] = lint_rule(write_json, wrong, "GW303")
    assert shape([failed]) == [(FAIL, ERR, "/token_endpoint")]
    assert "Okta issues tokens at /oauth2/{authorizationServerId}/v1/token" in failed.message


def test_gw303_unknown_provider_path_not_checked(write_json: WriteJson) -> None:
    doc = flat(token_endpoint="https://auth.example.com/connect/token")
    findings = lint_rule(write_json, doc, "GW303")
    assert shape(findings) == [(PASS, ERR, "/token_endpoint")]
    assert "unknown identity provider (path not checked)" in findings[0].message


def test_gw303_custom_domain_of_cognito_pool(write_json: WriteJson) -> None:
    good = toolkit(token_endpoint="https://auth.example.com/oauth2/token")
    assert shape(lint_rule(write_json, good, "GW303")) == [
        (PASS, ERR, "/client_info/token_endpoint"),
        (PASS, ERR, "/client_info/domain_prefix"),
    ]
    bad = toolkit(token_endpoint="https://auth.example.com/token", domain_prefix=None)
    assert shape(lint_rule(write_json, bad, "GW303")) == [
        (FAIL, ERR, "/client_info/token_endpoint")
    ]


@pytest.mark.parametrize("prefix", ["-agentcore", "AgentCore", "agent_core", "a" * 64, 7])
def test_gw303_invalid_domain_prefix(write_json: WriteJson, prefix: Any) -> None:
    findings = lint_rule(write_json, toolkit(domain_prefix=prefix), "GW303")
    assert shape(findings) == [
        (PASS, ERR, "/client_info/token_endpoint"),
        (FAIL, ERR, "/client_info/domain_prefix"),
    ]


# --- GW304 oauth-regions-agree -----------------------------------------------


def test_gw304_single_region_is_skipped(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, flat(token_endpoint=None), "GW304")
    assert shape(findings) == [(SKIP, ERR, "")]
    assert "only one region" in findings[0].message


def test_gw304_no_region_at_all_yields_nothing(write_json: WriteJson) -> None:
    doc = {"client_id": CLIENT_ID, "token_endpoint": "https://auth.example.com/oauth2/token"}
    assert lint_rule(write_json, doc, "GW304") == []


def test_gw304_pool_region_disagrees_with_gateway_anchor(write_json: WriteJson) -> None:
    doc = toolkit(user_pool_id="eu-west-1_AbCdEf123")
    findings = lint_rule(write_json, doc, "GW304")
    assert shape(findings) == [
        (PASS, ERR, "/gateway_url"),
        (PASS, ERR, "/region"),
        (PASS, ERR, "/client_info/token_endpoint"),
        (FAIL, WARN, "/client_info/user_pool_id"),
    ]
    failed = next(f for f in findings if f.status is Status.FAIL)
    assert "eu-west-1" in failed.message and "us-east-1" in failed.message
    assert "fine if the pool has a multi-Region replica there" in failed.message


def test_gw304_client_region_disagrees_with_gateway_url(write_json: WriteJson) -> None:
    doc = toolkit()
    doc["region"] = "us-west-2"
    findings = lint_rule(write_json, doc, "GW304")
    failed = [f for f in findings if f.status is Status.FAIL]
    assert [(f.severity, f.pointer) for f in failed] == [(Severity.ERROR, "/region")]
    assert "gateway URL's region us-east-1" in failed[0].message


def test_gw304_gateway_and_pool_in_different_regions_is_a_warning(write_json: WriteJson) -> None:
    token = "https://security-auth.auth.eu-west-1.amazoncognito.com/oauth2/token"
    findings = lint_rule(write_json, flat(token_endpoint=token), "GW304")
    assert shape(findings) == [(PASS, ERR, "/gateway_url"), (FAIL, WARN, "/token_endpoint")]


def test_gw304_discovery_url_host_and_pool(write_json: WriteJson) -> None:
    gateway = create_gateway(
        jwt_config(discoveryUrl=DISCOVERY.replace("cognito-idp.us-east-1", "cognito-idp.us-west-2"))
    )
    client = flat(client_secret=None)
    findings = lint_rule(write_json, deployment(gateway, client), "GW304")
    failed = [f for f in findings if f.status is Status.FAIL]
    assert [(f.severity, f.pointer) for f in failed] == [
        (Severity.WARNING, f"/gateway{JWT_PTR}/discoveryUrl")
    ]


# --- GW305 oauth-scope --------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "severity", "words"),
    [
        ("invoke", ERR, "no resource server"),
        ("openid", ERR, "OpenID Connect"),
        ("security-gateway/invoke,security-gateway/read", WARN, "comma"),
        ('security-gateway/"invoke"', ERR, "'\"'"),
        ("/invoke", ERR, "empty"),
    ],
)
def test_gw305_bad_cognito_scopes(
    write_json: WriteJson, scope: str, severity: str, words: str
) -> None:
    findings = lint_rule(write_json, flat(scope=scope), "GW305")
    assert shape(findings) == [(FAIL, severity, "/scope")]
    assert words in findings[0].message


def test_gw305_one_finding_per_bad_scope(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, flat(scope="invoke security-gateway/read openid"), "GW305")
    assert shape(findings) == [(FAIL, ERR, "/scope"), (FAIL, ERR, "/scope")]


def test_gw305_bare_scope_fine_for_other_providers(write_json: WriteJson) -> None:
    doc = flat(token_endpoint="https://dev-123.okta.com/oauth2/default/v1/token", scope="invoke")
    assert shape(lint_rule(write_json, doc, "GW305")) == [(PASS, ERR, "/scope")]


def test_gw305_resource_server_url_identifier_is_valid(write_json: WriteJson) -> None:
    doc = flat(scope="https://api.example.com/tools.read")
    assert shape(lint_rule(write_json, doc, "GW305")) == [(PASS, ERR, "/scope")]


def test_gw305_missing_scope_is_a_warning(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, flat(scope=None), "GW305")
    assert shape(findings) == [(FAIL, WARN, "")]
    assert "Cognito grants every scope" in findings[0].message
    empty = lint_rule(write_json, flat(scope="  "), "GW305")
    assert shape(empty) == [(FAIL, WARN, "/scope")]


def test_gw305_missing_scope_fine_when_gateway_checks_no_scope(write_json: WriteJson) -> None:
    doc = deployment(create_gateway(), flat(scope=None))
    assert shape(lint_rule(write_json, doc, "GW305")) == [(PASS, ERR, "/client")]


def test_gw305_scope_list_is_a_warning(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, flat(scope=["security-gateway/invoke"]), "GW305")
    assert shape(findings) == [(FAIL, WARN, "/scope")]
    assert '"scope": "security-gateway/invoke"' in findings[0].fix


def test_gw305_allowed_scopes_items(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedScopes=["security-gateway/invoke", "openid", "x" * 256, "invoke", 5])
    findings = lint_rule(write_json, create_gateway(jwt), "GW305")
    base = f"{JWT_PTR}/allowedScopes"
    assert shape(findings) == [
        (FAIL, ERR, f"{base}/2"),
        (FAIL, ERR, f"{base}/3"),
        (FAIL, ERR, f"{base}/4"),
    ]
    assert "security-gateway/invoke" in findings[1].fix


def test_gw305_allowed_scopes_non_cognito(write_json: WriteJson) -> None:
    jwt = jwt_config(
        discoveryUrl="https://login.example.com/realms/hr/.well-known/openid-configuration",
        allowedScopes=["read", "write"],
    )
    assert shape(lint_rule(write_json, create_gateway(jwt), "GW305")) == [
        (PASS, ERR, f"{JWT_PTR}/allowedScopes")
    ]


# --- GW306 client-in-allowed-clients ----------------------------------------------


def test_gw306_case_difference_is_named(write_json: WriteJson) -> None:
    gateway = create_gateway(jwt_config(allowedClients=[CLIENT_ID.upper()]))
    findings = lint_rule(write_json, deployment(gateway, flat()), "GW306")
    assert shape(findings) == [(FAIL, ERR, "/client/client_id")]
    assert "only in case" in findings[0].message


@pytest.mark.parametrize(
    "doc",
    [
        deployment(create_gateway(), None),
        deployment(create_gateway(authorizerType="AWS_IAM", authorizerConfiguration=None), flat()),
        deployment(create_gateway(jwt_config(allowedClients=None, allowedAudience=["x"])), flat()),
    ],
    ids=["gateway-only", "iam-gateway", "no-allowed-clients"],
)
def test_gw306_skips_without_both_sides(write_json: WriteJson, doc: dict[str, Any]) -> None:
    findings = lint_rule(write_json, doc, "GW306")
    assert [f.status for f in findings] == [Status.SKIP]


def test_gw306_nothing_when_neither_side(write_json: WriteJson) -> None:
    gateway = create_gateway(authorizerType="AWS_IAM", authorizerConfiguration=None)
    assert lint_rule(write_json, gateway, "GW306") == []


# --- GW307 scope-covers-allowed-scopes ----------------------------------------


def test_gw307_partial_coverage_passes(write_json: WriteJson) -> None:
    gateway = create_gateway(jwt_config(allowedScopes=["gw/invoke", "gw/admin"]))
    findings = lint_rule(
        write_json, deployment(gateway, flat(scope="gw/invoke other/read")), "GW307"
    )
    assert shape(findings) == [(PASS, ERR, "/client/scope")]


def test_gw307_disjoint_fails_with_case_hint(write_json: WriteJson) -> None:
    gateway = create_gateway(jwt_config(allowedScopes=["gw/Invoke"]))
    findings = lint_rule(write_json, deployment(gateway, flat(scope="gw/invoke")), "GW307")
    assert shape(findings) == [(FAIL, ERR, "/client/scope")]
    assert "differs only in case" in findings[0].message
    assert "'gw/Invoke'" in findings[0].fix


def test_gw307_skips_when_client_requests_no_scope(write_json: WriteJson) -> None:
    gateway = create_gateway(jwt_config(allowedScopes=["gw/invoke"]))
    findings = lint_rule(write_json, deployment(gateway, flat(scope=None)), "GW307")
    assert shape(findings) == [(SKIP, ERR, "/client")]


def test_gw307_skips_client_alone(write_json: WriteJson) -> None:
    assert shape(lint_rule(write_json, flat(), "GW307")) == [(SKIP, ERR, "")]


# --- GW308 cognito-audience-trap ---------------------------------------------------


def test_gw308_audience_with_clients_is_a_warning(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedAudience=[CLIENT_ID])
    findings = lint_rule(write_json, create_gateway(jwt), "GW308")
    assert shape(findings) == [(FAIL, WARN, f"{JWT_PTR}/allowedAudience")]


def test_gw308_other_provider_not_checked(write_json: WriteJson) -> None:
    jwt = jwt_config(
        discoveryUrl="https://dev-123.okta.com/oauth2/default/.well-known/openid-configuration",
        allowedClients=None,
        allowedAudience=["api://default"],
    )
    assert lint_rule(write_json, create_gateway(jwt), "GW308") == []


def test_gw308_scopes_only_passes(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedClients=None, allowedScopes=["gw/invoke"])
    assert shape(lint_rule(write_json, create_gateway(jwt), "GW308")) == [(PASS, ERR, JWT_PTR)]


def test_gw308_empty_audience_list_is_not_the_trap(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedClients=None, allowedAudience=[])
    assert shape(lint_rule(write_json, create_gateway(jwt), "GW308")) == [
        (PASS, ERR, f"{JWT_PTR}/allowedAudience")
    ]


# --- GW309 discovery-url ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (DISCOVERY.replace("openid-configuration", "openid_configuration"), "misspelt"),
        (DISCOVERY + "/", "slash"),
        (DISCOVERY + "?x=1", "query"),
        (DISCOVERY.replace("https://", "http://"), "https"),
    ],
)
def test_gw309_bad_suffix_or_scheme(write_json: WriteJson, url: str, words: str) -> None:
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=url)), "GW309")
    assert shape(findings) == [(FAIL, ERR, f"{JWT_PTR}/discoveryUrl")]
    assert words in findings[0].message
    assert DISCOVERY in findings[0].fix


def test_gw309_placeholder_is_named_as_one(write_json: WriteJson) -> None:
    url = "https://<YOUR OKTA DOMAIN>/oauth2/default/.well-known/openid-configuration"
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=url)), "GW309")
    assert shape(findings) == [(FAIL, ERR, f"{JWT_PTR}/discoveryUrl")]
    assert findings[0].message == (
        f"discoveryUrl '{url}' contains whitespace (a placeholder such as <YOUR DOMAIN> left in?)."
    )
    assert findings[0].fix.startswith("Replace the placeholder with your identity provider's")


def test_gw309_missing_discovery_url(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=None)), "GW309")
    assert shape(findings) == [(FAIL, ERR, JWT_PTR)]


@pytest.mark.parametrize(
    "url",
    [
        "https://cognito-idp.us-east-1.amazonaws.com/.well-known/openid-configuration",
        "https://cognito-idp.us-east-1.amazonaws.com/my-user-pool/.well-known/openid-configuration",
    ],
)
def test_gw309_cognito_without_pool_id(write_json: WriteJson, url: str) -> None:
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=url)), "GW309")
    assert shape(findings) == [(FAIL, ERR, f"{JWT_PTR}/discoveryUrl")]


def test_gw309_rfc8414_metadata_url_accepted(write_json: WriteJson) -> None:
    url = "https://auth.example.com/.well-known/oauth-authorization-server"
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=url)), "GW309")
    assert shape(findings) == [(PASS, ERR, f"{JWT_PTR}/discoveryUrl")]


def test_gw309_jwks_fix_points_at_pool_region(write_json: WriteJson) -> None:
    url = f"https://cognito-idp.us-west-2.amazonaws.com/{POOL}/.well-known/jwks.json"
    findings = lint_rule(write_json, create_gateway(jwt_config(discoveryUrl=url)), "GW309")
    assert [f.status for f in findings] == [Status.FAIL, Status.FAIL]
    assert all(DISCOVERY in f.fix for f in findings)


# --- GW310 jwt-authorizer-config ----------------------------------------------------


def test_gw310_wrong_case_key_in_setup_args(write_json: WriteJson) -> None:
    doc = {
        "gateway_name": "security-gateway",
        "target_source": "https://example.com/mcp",
        "target_type": "mcpServer",
        "authorizer_config": {"customJwtAuthorizer": jwt_config()},
    }
    findings = lint_rule(write_json, doc, "GW310")
    assert shape(findings) == [(FAIL, ERR, "/authorizer_config/customJwtAuthorizer")]
    assert "customJWTAuthorizer" in findings[0].fix


def test_gw310_setup_args_without_authorizer_is_not_judged(write_json: WriteJson) -> None:
    doc = {"gateway_name": "security-gateway", "target_type": "mcpServer"}
    assert lint_rule(write_json, doc, "GW310") == []


def test_gw310_other_key_only(write_json: WriteJson) -> None:
    doc = create_gateway(authorizerConfiguration={"jwt": jwt_config()})
    findings = lint_rule(write_json, doc, "GW310")
    assert shape(findings) == [(FAIL, ERR, "/authorizerConfiguration")]
    assert "'jwt'" in findings[0].message


def test_gw310_no_constraint_is_a_warning(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, create_gateway({"discoveryUrl": DISCOVERY}), "GW310")
    assert shape(findings) == [(FAIL, WARN, JWT_PTR)]


def test_gw310_non_list_constraint(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedClients=CLIENT_ID)
    findings = lint_rule(write_json, create_gateway(jwt), "GW310")
    assert shape(findings) == [(FAIL, ERR, f"{JWT_PTR}/allowedClients")]
    assert "str" in findings[0].message


def test_gw310_empty_list_beside_a_real_constraint(write_json: WriteJson) -> None:
    jwt = jwt_config(allowedScopes=[])
    findings = lint_rule(write_json, create_gateway(jwt), "GW310")
    assert shape(findings) == [(FAIL, ERR, f"{JWT_PTR}/allowedScopes")]
    assert "no other restriction" not in findings[0].message


def claim(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "inboundTokenClaimName": "groups",
        "inboundTokenClaimValueType": "STRING_ARRAY",
        "authorizingClaimMatchValue": {
            "claimMatchOperator": "CONTAINS",
            "claimMatchValue": {"matchValueString": "admins"},
        },
    }
    return with_fields(doc, fields)


@pytest.mark.parametrize(
    ("entry", "suffix", "severity"),
    [
        (claim(inboundTokenClaimName="custom claim"), "/inboundTokenClaimName", ERR),
        (claim(inboundTokenClaimName="scope"), "/inboundTokenClaimName", WARN),
        (claim(inboundTokenClaimName=None), "", ERR),
        (
            claim(inboundTokenClaimValueType="STRING"),
            "/authorizingClaimMatchValue/claimMatchOperator",
            WARN,
        ),
        (
            claim(
                authorizingClaimMatchValue={
                    "claimMatchOperator": "EQUALS",
                    "claimMatchValue": {"matchValueStringList": ["a"]},
                },
                inboundTokenClaimValueType="STRING",
            ),
            "/authorizingClaimMatchValue/claimMatchValue/matchValueStringList",
            ERR,
        ),
        (
            claim(
                authorizingClaimMatchValue={
                    "claimMatchOperator": "CONTAINS",
                    "claimMatchValue": {"matchValueString": "a", "matchValueStringList": ["b"]},
                }
            ),
            "/authorizingClaimMatchValue/claimMatchValue",
            ERR,
        ),
        (
            claim(
                authorizingClaimMatchValue={
                    "claimMatchOperator": "CONTAINS",
                    "claimMatchValue": {"matchValueString": "has space"},
                }
            ),
            "/authorizingClaimMatchValue/claimMatchValue/matchValueString",
            ERR,
        ),
        (claim(authorizingClaimMatchValue=None), "", ERR),
        ("groups", "", ERR),
    ],
)
def test_gw310_custom_claim_problems(
    write_json: WriteJson, entry: Any, suffix: str, severity: str
) -> None:
    jwt = jwt_config(customClaims=[claim(), entry])
    findings = lint_rule(write_json, create_gateway(jwt), "GW310")
    failed = [f for f in findings if f.status is Status.FAIL]
    assert [(f.severity.value, f.pointer) for f in failed] == [
        (severity, f"{JWT_PTR}/customClaims/1{suffix}")
    ]
    assert (PASS, ERR, JWT_PTR) in shape(findings)
    assert (PASS, ERR, f"{JWT_PTR}/customClaims") not in shape(findings)


def test_gw310_claim_name_with_colon_and_slash_passes(write_json: WriteJson) -> None:
    jwt = jwt_config(
        customClaims=[claim(inboundTokenClaimName="https://example.com/cognito:groups")]
    )
    assert shape(lint_rule(write_json, create_gateway(jwt), "GW310")) == [
        (PASS, ERR, JWT_PTR),
        (PASS, ERR, f"{JWT_PTR}/customClaims"),
    ]


def test_gw310_claim_name_with_dash_fails(write_json: WriteJson) -> None:
    """``[A-Za-z0-9_.-:]+``: '.-:' is a range, so the model has no literal '-'."""
    jwt = jwt_config(customClaims=[claim(inboundTokenClaimName="x-groups")])
    findings = lint_rule(write_json, create_gateway(jwt), "GW310")
    failed = [f for f in findings if f.status.value == FAIL]
    assert shape(failed) == [(FAIL, ERR, f"{JWT_PTR}/customClaims/0/inboundTokenClaimName")]
    assert "'x-groups' is not a valid claim name (a '-' is not allowed)" in failed[0].message


# --- GW601 stored-access-token ---------------------------------------------------------


def test_gw601_expired_token_names_expiry_only(write_json: WriteJson) -> None:
    token = make_jwt({"exp": 946684800, "client_id": "claimclient42", "iss": "https://issuer.test"})
    findings = lint_rule(write_json, flat(access_token=token), "GW601")
    assert shape(findings) == [(FAIL, ERR, "/access_token")]
    text = findings[0].message + findings[0].fix
    assert "2000-01-01T00:00:00Z" in text
    for leaked in (token, token.split(".")[1], "claimclient42", "issuer.test"):
        assert leaked not in text


def test_gw601_future_token_and_bearer_prefix(write_json: WriteJson) -> None:
    token = "Bearer " + make_jwt({"exp": 4102444800})
    findings = lint_rule(write_json, toolkit(access_token=token), "GW601")
    assert shape(findings) == [(FAIL, WARN, "/client_info/access_token")]
    assert "2100-01-01T00:00:00Z" in findings[0].message
    assert "fetched fresh" in findings[0].message


@pytest.mark.parametrize(
    "token",
    [
        make_jwt({"sub": "no-exp"}),
        make_jwt({"exp": "tomorrow"}),
        make_jwt({"exp": 10**20}),
        "not.a.jwt",
        "opaque-token-value-1234567890",
    ],
)
def test_gw601_tokens_without_readable_expiry_warn(write_json: WriteJson, token: str) -> None:
    findings = lint_rule(write_json, flat(access_token=token), "GW601")
    assert shape(findings) == [(FAIL, WARN, "/access_token")]


@pytest.mark.parametrize("value", ["", "${ACCESS_TOKEN}", None])
def test_gw601_no_stored_token_passes(write_json: WriteJson, value: Any) -> None:
    doc = flat(access_token=value) if value is not None else flat()
    if value is None:
        doc["access_token"] = None
    findings = lint_rule(write_json, doc, "GW601")
    assert shape(findings) == [(PASS, ERR, "/access_token")]


def test_gw601_without_client_yields_nothing(write_json: WriteJson) -> None:
    assert lint_rule(write_json, create_gateway(), "GW601") == []


# --- GW602 plaintext-client-secret -------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "${COGNITO_CLIENT_SECRET}",
        "$COGNITO_CLIENT_SECRET",
        "{{resolve:secretsmanager:gw/client:SecretString:client_secret}}",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:gw-client-AbCdEf",
        "<client-secret>",
        "YOUR_CLIENT_SECRET",
    ],
)
def test_gw602_references_and_placeholders_pass(write_json: WriteJson, value: str) -> None:
    findings = lint_rule(write_json, flat(client_secret=value), "GW602")
    assert shape(findings) == [(PASS, WARN, "/client_secret")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (123456789, "client_secret is stored in plaintext (as a JSON number) in this file;"),
        (0, "client_secret is stored in plaintext (as a JSON number) in this file;"),
        ("", "client_secret is stored as an empty string:"),
        (True, "client_secret is a boolean, not a reference to the secret."),
    ],
)
def test_gw602_numeric_and_empty_secrets_are_still_stored(
    write_json: WriteJson, value: Any, message: str
) -> None:
    findings = lint_rule(write_json, flat(client_secret=value), "GW602")
    assert shape(findings) == [(FAIL, WARN, "/client_secret")]
    assert findings[0].message.startswith(message)


def test_gw602_absent_secret_passes_at_client(write_json: WriteJson) -> None:
    findings = lint_rule(write_json, deployment(None, flat(client_secret=None)), "GW602")
    assert shape(findings) == [(PASS, WARN, "/client")]


def test_gw602_plaintext_secret_never_echoed(write_json: WriteJson) -> None:
    secret = "7h3s3cr3tv4lu3abcdefghijklmnopqrstuvwxyz0123456789"
    findings = lint_rule(write_json, flat(client_secret=secret), "GW602")
    assert shape(findings) == [(FAIL, WARN, "/client_secret")]
    text = findings[0].message + findings[0].fix
    assert secret[:6] not in text and str(len(secret)) not in text


def raw_findings(path: Path, rule_id: str) -> list[Finding]:
    """The rule's own findings, before the engine redacts anything."""
    meta = next(r for r in all_rules() if r.id == rule_id)
    return list(meta.check(Context(deployment=load_file(path).deployment, rule=meta)))


@pytest.mark.parametrize("rule_id", ["GW601", "GW602"])
def test_rules_themselves_never_write_a_secret(write_json: WriteJson, rule_id: str) -> None:
    """Not even a short piece: checked before the engine's redaction could hide it."""
    secret = "q2v1m9b8n7c6x5z4l3k2j1h0g9f8d7s6a5p4o3i2u1y0t9r8e7w"
    token = make_jwt({"exp": 946684800, "jti": "jti-value-77", "scope": "gw/zz-scope"})
    path = write_json(flat(client_secret=secret, access_token=token))
    findings = raw_findings(path, rule_id)
    assert [f.status for f in findings] == [Status.FAIL]
    text = findings[0].message + findings[0].fix
    for value in (secret, token):
        pieces = {value[i : i + 5] for i in range(len(value) - 4)}
        assert not any(piece in text for piece in pieces if piece.isalnum() and len(set(piece)) > 2)
    assert "jti-value-77" not in text and "gw/zz-scope" not in text
    assert str(len(secret)) not in text and str(len(token)) not in text


# --- placeholders are not judged ----------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "field"),
    [("GW302", "client_id"), ("GW303", "token_endpoint"), ("GW305", "scope")],
)
def test_placeholders_are_skipped(write_json: WriteJson, rule_id: str, field: str) -> None:
    findings = lint_rule(write_json, flat(**{field: "${" + field.upper() + "}"}), rule_id)
    assert shape(findings) == [(SKIP, ERR, "")]
    assert "placeholder" in findings[0].message


# --- no secret in any output ------------------------------------------------------

SECRET_FIXTURES = sorted((FIXTURES / "rules" / "GW601").glob("*.json")) + sorted(
    (FIXTURES / "rules" / "GW602").glob("*.json")
)


def _secrets_in(path: Path) -> list[str]:
    data = json.loads(path.read_text())
    client = data.get("client", data)
    client = client.get("client_info", client)
    found = []
    for key in ("client_secret", "access_token"):
        value = client.get(key)
        if isinstance(value, str) and value and not value.startswith(("${", "{{")):
            found.append(value)
    return found


def test_secret_fixtures_hold_secrets() -> None:
    """The leak test below must have real secrets and tokens to look for."""
    found = [s for path in SECRET_FIXTURES for s in _secrets_in(path)]
    assert sum(s.count(".") == 2 for s in found) == 2  # expired and future JWTs
    assert len(found) >= 5


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize("path", SECRET_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_output_format_prints_a_secret(path: Path, output_format: str) -> None:
    result = CliRunner().invoke(app, ["check", str(path), "--format", output_format])
    assert result.exit_code in (0, 1), result.output
    assert "GW60" in result.output
    for secret in _secrets_in(path):
        assert secret not in result.output
        for piece in secret.split("."):  # JWT header, payload, signature
            assert piece[:16] not in result.output
