"""Live rules GW321-GW326 (Cognito) and GW510-GW512 (execution role) against moto.

Every case seeds AWS-shaped resources in moto (in-process, through the shared
seeder of tests/live_support.py), reads them through a real
:class:`gwlint.aws.facts.AwsFacts` and asserts the exact findings: rule id,
status and pointer (into the file when a file named the resource, None for a
deployment built from the account).

The fixture files under ``fixtures/rules/<ID>/`` hold ``${PLACEHOLDER}``
tokens; :data:`SCENARIOS` seeds each case and returns the values that replace
them; ``expect.toml`` lists the exact findings, as for offline rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from gwlint.aws.policy import SOURCE_ACTIONS
from gwlint.engine import Job, run_job
from gwlint.findings import Finding, Severity, Status
from gwlint.registry import all_rules
from gwlint.rule import Context
from gwlint.sources import load_file

from .conftest import triples
from .live_support import (
    ACCOUNT,
    REGION,
    CognitoSetup,
    Scenario,
    Seeder,
    allow,
    check_fixture_case,
    check_scenarios,
    fixture_case_parameters,
    gateway_trust_policy,
    inject_error,
    lint_file,
    live_rules,
    make_facts,
    of,
    runtime_url,
)

# fixtures: seed, facts, moto_aws, no_retry_delay… (moto in-process, a real AwsFacts)
pytest_plugins = ("tests.live_support",)

MINE = ("GW321", "GW322", "GW323", "GW324", "GW325", "GW326", "GW510", "GW511", "GW512")
RULES = {r.id: r for r in all_rules()}

GATEWAY_ARN = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:gateway/security-gateway-k3v9q2m7xa"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:SecurityLambda"
INTERCEPTOR = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:RequestAudit"
JWT = "/gateway/authorizerConfiguration/customJWTAuthorizer"


# -- running rules -------------------------------------------------------------------------


def lint_config(tmp_path: Path, config: dict[str, Any], facts: Any, *ids: str) -> list[Finding]:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config, indent=2))
    return lint_file(path, facts, *ids)


def declared(ids: Iterable[str]) -> set[str]:
    actions = set(SOURCE_ACTIONS)
    for meta in live_rules(ids):
        actions.update(meta.actions)
    return actions


# -- scenarios: seed moto for each fixture case --------------------------------------------


def cognito(seed: Seeder, **options: Any) -> CognitoSetup:
    return seed.cognito("security-gateway", domain_prefix="security-auth", **options)


def gateway(seed: Seeder, setup: CognitoSetup, **jwt: Any) -> dict[str, Any]:
    authorizer = {
        "customJWTAuthorizer": {
            "discoveryUrl": setup.discovery_url,
            "allowedClients": [setup.client_id],
            **jwt,
        }
    }
    return seed.gateway("security-gateway", authorizer_configuration=authorizer)


def values(setup: CognitoSetup, gw: dict[str, Any] | None = None) -> dict[str, str]:
    found = {
        "POOL_ID": setup.pool_id,
        "CLIENT_ID": setup.client_id,
        "CLIENT_SECRET": setup.client_secret or "",
        "DOMAIN_PREFIX": setup.domain_prefix,
        "TOKEN_ENDPOINT": setup.token_endpoint,
        "DISCOVERY_URL": setup.discovery_url,
    }
    if gw is not None:
        found.update(GATEWAY_URL=gw["gatewayUrl"], GATEWAY_ID=gw["gatewayId"])
    return found


def s_nothing(seed: Seeder) -> dict[str, str]:
    return {}


def s_cognito(seed: Seeder) -> dict[str, str]:
    return values(cognito(seed))


def s_cognito_gateway(seed: Seeder) -> dict[str, str]:
    setup = cognito(seed)
    return values(setup, gateway(seed, setup))


def _client(**options: Any) -> Scenario:
    def scenario(seed: Seeder) -> dict[str, str]:
        return values(cognito(seed, **options))

    return scenario


def s_no_domain(seed: Seeder) -> dict[str, str]:
    pool_id = seed.user_pool("security-gateway-pool")
    seed.resource_server(pool_id, "security-gateway", ["invoke"])
    client_id, _ = seed.app_client(pool_id, scopes=["security-gateway/invoke"])
    return {"POOL_ID": pool_id, "CLIENT_ID": client_id}


def s_two_pools(seed: Seeder) -> dict[str, str]:
    mine = cognito(seed)
    other = seed.cognito("security-gateway", domain_prefix="security-auth-v2")
    return {
        **values(mine),
        **{
            k: v
            for k, v in values(mine, gateway(seed, other)).items()
            if k in ("GATEWAY_URL", "GATEWAY_ID")
        },
    }


def _role(**options: Any) -> Scenario:
    def scenario(seed: Seeder) -> dict[str, str]:
        return {"ROLE_ARN": seed.role("AgentCoreGatewayRole", **options)}

    return scenario


def s_gw512_fail(seed: Seeder) -> dict[str, str]:
    runtime = seed.runtime("security_mcp")
    role = seed.role(
        "AgentCoreGatewayRole",
        inline={"invoke-lambda": allow("lambda:InvokeFunction", FUNCTION)},
        managed={
            "invoke-runtime": allow(
                "bedrock-agentcore:InvokeAgentRuntime", runtime["agentRuntimeArn"]
            )
        },
    )
    return {"ROLE_ARN": role, "RUNTIME_URL": runtime["invocationUrl"]}


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("GW321", "pass"): s_cognito_gateway,
    ("GW321", "fail"): s_nothing,
    ("GW321", "fail-client-pool"): s_cognito_gateway,
    ("GW322", "pass"): s_cognito,
    ("GW322", "fail"): s_cognito_gateway,
    ("GW322", "fail-unknown-client"): s_cognito_gateway,
    ("GW323", "pass"): s_cognito_gateway,
    ("GW323", "fail"): _client(
        secret=False, flows=["client_credentials", "code"], flows_user_pool_client=False
    ),
    ("GW323", "fail-code-flow"): _client(flows=["code"]),
    ("GW324", "pass"): s_cognito,
    ("GW324", "fail"): s_cognito,
    ("GW325", "pass"): s_cognito_gateway,
    ("GW325", "fail"): s_cognito_gateway,
    ("GW325", "fail-no-domain"): s_no_domain,
    ("GW326", "pass"): s_cognito_gateway,
    ("GW326", "fail"): s_two_pools,
    ("GW510", "pass"): _role(),
    ("GW510", "fail"): s_nothing,
    ("GW511", "pass"): _role(),
    ("GW511", "fail"): _role(trust=gateway_trust_policy(ACCOUNT, "us-west-2")),
    ("GW511", "fail-unconditioned"): _role(trust=gateway_trust_policy(conditions=False)),
    ("GW512", "pass"): _role(
        inline={"invoke": allow("lambda:InvokeFunction", [FUNCTION, INTERCEPTOR])}
    ),
    ("GW512", "fail"): s_gw512_fail,
}


# -- the fixtures: exact findings ----------------------------------------------------------


def test_every_fixture_has_a_scenario_and_back() -> None:
    check_scenarios(MINE, SCENARIOS)


@fixture_case_parameters(MINE)
def test_fixture_findings_are_exact(
    rule_id: str, path: Path, seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    scenario = SCENARIOS[(rule_id, path.stem)]
    mine, seeded = check_fixture_case(rule_id, path, scenario, seed, facts, tmp_path)
    secret = seeded.get("CLIENT_SECRET")
    for finding in mine:
        if secret:
            assert secret not in finding.message + finding.fix + (finding.resource or "")
    # every API the rules called is declared (so `gwlint iam-policy` covers it)
    assert set(facts.actions) <= declared([rule_id]), facts.actions


# -- Cognito -------------------------------------------------------------------------------


def deployment(setup: CognitoSetup, **client: Any) -> dict[str, Any]:
    return {
        "region": REGION,
        "gateway": {
            "name": "security-gateway",
            "roleArn": f"arn:aws:iam::{ACCOUNT}:role/AgentCoreGatewayRole",
            "authorizerType": "CUSTOM_JWT",
            "authorizerConfiguration": {
                "customJWTAuthorizer": {
                    "discoveryUrl": setup.discovery_url,
                    "allowedClients": [setup.client_id],
                }
            },
        },
        "client": {
            "client_id": setup.client_id,
            "token_endpoint": setup.token_endpoint,
            "scope": setup.scope,
            **client,
        },
    }


def test_missing_pool_fails_once_and_dependents_skip(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    setup = CognitoSetup(
        "us-east-1_N0tTh3r3x", "6aarhftf6bopppar05humcp2r6", None, "gone", "rs", "rs/invoke"
    )
    findings = lint_config(tmp_path, deployment(setup), facts, *MINE[:6])
    assert triples(findings) == [
        ("GW321", "fail", f"{JWT}/discoveryUrl"),
        ("GW322", "skip", "/client"),  # once: allowedClients name the same missing pool
        ("GW323", "skip", "/client"),
        ("GW324", "skip", "/client"),
        ("GW325", "skip", "/client"),
        ("GW326", "skip", "/client"),
    ]
    (failure,) = of(findings, "GW321")
    assert failure.resource == "us-east-1_N0tTh3r3x"
    assert "does not exist in us-east-1" in failure.message


DISCOVERY = f"{JWT}/discoveryUrl"
POOL_OK = ("GW321", "pass", DISCOVERY)


@pytest.mark.parametrize(
    ("rule_id", "operation", "expected"),
    [
        ("GW321", "DescribeUserPool", [("GW321", "error", DISCOVERY)]),
        (
            "GW322",
            "DescribeUserPoolClient",
            [
                POOL_OK,
                ("GW322", "error", "/client/client_id"),
                ("GW322", "error", f"{JWT}/allowedClients/0"),
            ],
        ),
        (
            # the prerequisite GW322 reports the refused read; GW323 is skipped behind it
            "GW323",
            "DescribeUserPoolClient",
            [
                POOL_OK,
                ("GW322", "error", "/client/client_id"),
                ("GW322", "error", f"{JWT}/allowedClients/0"),
                ("GW323", "skip", "/client/client_id"),
            ],
        ),
        (
            "GW324",
            "DescribeResourceServer",
            [
                POOL_OK,
                ("GW322", "pass", "/client/client_id"),
                ("GW322", "pass", f"{JWT}/allowedClients/0"),
                ("GW324", "error", "/client/scope"),
                ("GW324", "pass", "/client/scope"),
            ],
        ),
        (
            "GW325",
            "DescribeUserPoolDomain",
            [
                POOL_OK,
                ("GW325", "error", "/client/token_endpoint"),
                ("GW325", "pass", "/client/token_endpoint"),
            ],
        ),
        (
            "GW326",
            "ListUserPoolClients",
            [POOL_OK, ("GW326", "error", "/client/client_id")],
        ),
    ],
)
def test_access_denied_is_an_error_naming_the_action(
    rule_id: str,
    operation: str,
    expected: list[tuple[str, str, str]],
    seed: Seeder,
    tmp_path: Path,
) -> None:
    setup = cognito(seed)
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={operation})])
    findings = lint_config(tmp_path, deployment(setup), denied, rule_id)
    assert triples(findings) == sorted(expected)
    errors = [f for f in findings if f.status is Status.ERROR]
    assert errors
    for error in errors:
        assert f"gwlint needs cognito-idp:{operation}" in error.message
        assert f"cognito-idp:{operation}" in error.fix


def test_access_denied_on_client_lists_every_lookup_as_error(seed: Seeder, tmp_path: Path) -> None:
    setup = cognito(seed)
    denied = make_facts(
        hooks=[inject_error("AccessDeniedException", operations={"DescribeUserPoolClient"})]
    )
    findings = of(lint_config(tmp_path, deployment(setup), denied, "GW322"), "GW322")
    assert triples(findings) == [
        ("GW322", "error", "/client/client_id"),
        ("GW322", "error", f"{JWT}/allowedClients/0"),
    ]


def test_throttling_after_retries_is_an_error_with_the_cause(
    seed: Seeder, tmp_path: Path, no_retry_delay: None
) -> None:
    setup = cognito(seed)
    throttled = make_facts(
        hooks=[
            inject_error(
                "ThrottlingException", "Rate exceeded", operations={"DescribeUserPoolClient"}
            )
        ]
    )
    findings = lint_config(tmp_path, deployment(setup), throttled, "GW323")
    assert triples(findings) == sorted(
        [
            POOL_OK,
            ("GW322", "error", f"{JWT}/allowedClients/0"),
            ("GW322", "error", "/client/client_id"),
            ("GW323", "skip", "/client/client_id"),
        ]
    )
    error = of(findings, "GW322")[0]
    assert "throttled" in error.message and "Rate exceeded" in error.message
    assert error.resource == setup.client_id


def test_client_only_config_reads_the_gateway_and_names_get_gateway_when_denied(
    seed: Seeder, tmp_path: Path
) -> None:
    setup = cognito(seed)
    gw = gateway(seed, setup)
    config = {
        "gateway_url": gw["gatewayUrl"],
        "client_id": setup.client_id,
        "token_endpoint": setup.token_endpoint,
        "scope": setup.scope,
    }
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={"GetGateway"})])
    findings = lint_config(tmp_path, config, denied, "GW326")
    # GW321 cannot find the pool without the gateway: it reports the refused GetGateway
    assert triples(findings) == [
        ("GW321", "error", "/gateway_url"),
        ("GW326", "skip", "/gateway_url"),
    ]
    assert "gwlint needs bedrock-agentcore:GetGateway" in findings[0].message


def test_gateway_that_does_not_exist_skips_the_discovery_check(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    setup = cognito(seed)
    config = {
        "gateway_url": "https://gone-abcdefghij.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
        "client_id": setup.client_id,
    }
    findings = of(lint_config(tmp_path, config, facts, "GW326"), "GW326")
    assert triples(findings) == [("GW326", "skip", "")]
    assert "gone-abcdefghij was not found" in findings[0].message


def test_allowed_client_missing_from_pool_fails_at_its_entry(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    setup = cognito(seed)
    config = deployment(setup)
    jwt = config["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]
    jwt["allowedClients"] = [setup.client_id, "0ldc1ient0ldc1ient0ldc1ie"]
    findings = of(lint_config(tmp_path, config, facts, "GW322"), "GW322")
    assert triples(findings) == [
        ("GW322", "fail", f"{JWT}/allowedClients/1"),
        ("GW322", "pass", "/client/client_id"),
        ("GW322", "pass", f"{JWT}/allowedClients/0"),
    ]


def test_gateway_scopes_partly_covered_warn_and_builtin_scope_fails(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    setup = cognito(seed)
    config = deployment(setup, scope=f"{setup.scope} openid")
    jwt = config["gateway"]["authorizerConfiguration"]["customJWTAuthorizer"]
    jwt["allowedScopes"] = [setup.scope, "security-gateway/admin"]
    findings = of(lint_config(tmp_path, config, facts, "GW324"), "GW324")
    assert [(f.status.value, f.pointer, f.severity.value) for f in findings] == [
        ("pass", "/client/scope", "error"),  # client may request rs/invoke
        ("pass", "/client/scope", "error"),  # resource server defines invoke
        ("fail", "/client/scope", "error"),  # openid not allowed on the client
        ("fail", "/client/scope", "error"),  # openid is no resource-server scope
        ("pass", f"{JWT}/allowedScopes/0", "error"),
        ("fail", f"{JWT}/allowedScopes/1", "warning"),  # one allowed scope is covered
        ("fail", f"{JWT}/allowedScopes/1", "error"),  # resource server has no 'admin'
    ]


def test_non_cognito_issuer_is_not_checked(facts: Any, tmp_path: Path) -> None:
    config = {
        "gateway": {
            "name": "ops-gateway",
            "authorizerType": "CUSTOM_JWT",
            "authorizerConfiguration": {
                "customJWTAuthorizer": {
                    "discoveryUrl": "https://dev-123.okta.com/oauth2/default/.well-known/openid-configuration",
                    "allowedAudience": ["api://ops"],
                }
            },
        },
        "client": {"client_id": "0oa1b2c3d4e5f6g7h8i9", "scope": "ops"},
    }
    assert lint_config(tmp_path, config, facts, *MINE[:6]) == []
    assert facts.total_requests == 0


def test_custom_domain_is_the_token_endpoint_host(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    pool_id = seed.user_pool("security-gateway-pool")
    seed.client("cognito-idp").create_user_pool_domain(
        UserPoolId=pool_id,
        Domain="auth.example.com",
        CustomDomainConfig={
            "CertificateArn": (
                f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0f7d2a4e-1b2c-4d5e-9f00-a1b2c3d4e5f6"
            )
        },
    )
    client_id, _ = seed.app_client(pool_id)
    config = {
        "client_id": client_id,
        "user_pool_id": pool_id,
        "token_endpoint": "https://auth.example.com/oauth2/token",
    }
    findings = of(lint_config(tmp_path, config, facts, "GW325"), "GW325")
    assert triples(findings) == [
        ("GW325", "pass", "/token_endpoint"),
        ("GW325", "pass", "/token_endpoint"),
    ]
    assert {f.resource for f in findings} == {"auth.example.com"}


def test_client_secret_never_reaches_a_message_even_before_redaction(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    setup = cognito(seed, secret=True)
    assert setup.client_secret
    path = tmp_path / "config.json"
    path.write_text(json.dumps(deployment(setup, client_secret=setup.client_secret)))
    loaded = load_file(path)
    for rule_id in MINE[:6]:
        meta = RULES[rule_id]
        for finding in meta.check(Context(loaded.deployment, meta, facts)):
            text = finding.message + finding.fix + (finding.resource or "")
            assert setup.client_secret not in text, rule_id


# -- execution role --------------------------------------------------------------------------


def role_config(role_arn: str, **gateway: Any) -> dict[str, Any]:
    return {
        "region": REGION,
        "gateway": {
            "name": "security-gateway",
            "gatewayArn": GATEWAY_ARN,
            "roleArn": role_arn,
            "authorizerType": "AWS_IAM",
            **gateway,
        },
        "targets": [
            {
                "name": "security-tools",
                "targetConfiguration": {
                    "mcp": {"lambda": {"lambdaArn": FUNCTION, "toolSchema": {"inlinePayload": []}}}
                },
                "credentialProviderConfigurations": [
                    {"credentialProviderType": "GATEWAY_IAM_ROLE"}
                ],
            }
        ],
    }


LAMBDA_PTR = "/targets/0/targetConfiguration/mcp/lambda/lambdaArn"


def test_missing_role_fails_once_and_dependents_skip(facts: Any, tmp_path: Path) -> None:
    findings = lint_config(
        tmp_path, role_config(f"arn:aws:iam::{ACCOUNT}:role/Gone"), facts, "GW511", "GW512"
    )
    assert triples(findings) == [
        ("GW510", "fail", "/gateway/roleArn"),
        ("GW511", "skip", "/gateway"),
        ("GW512", "skip", "/gateway"),
    ]
    assert of(findings, "GW510")[0].resource == f"arn:aws:iam::{ACCOUNT}:role/Gone"


def test_role_arn_with_wrong_path_fails(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    seed.role("AgentCoreGatewayRole")
    wrong = f"arn:aws:iam::{ACCOUNT}:role/service-role/AgentCoreGatewayRole"
    findings = of(lint_config(tmp_path, role_config(wrong), facts, "GW510"), "GW510")
    assert triples(findings) == [("GW510", "fail", "/gateway/roleArn")]
    assert f"arn:aws:iam::{ACCOUNT}:role/AgentCoreGatewayRole" in findings[0].message


@pytest.mark.parametrize(
    ("operation", "action", "rule_id", "expected"),
    [
        ("GetRole", "iam:GetRole", "GW510", [("GW510", "error", "/gateway/roleArn")]),
        (
            "ListRolePolicies",
            "iam:ListRolePolicies",
            "GW512",
            [("GW512", "error", "/gateway/roleArn")],
        ),
        (
            "GetPolicyVersion",
            "iam:GetPolicyVersion",
            "GW512",
            [("GW512", "error", "/gateway/roleArn")],
        ),
    ],
)
def test_iam_access_denied_is_an_error_naming_the_action(
    operation: str,
    action: str,
    rule_id: str,
    expected: list[tuple[str, str, str]],
    seed: Seeder,
    tmp_path: Path,
) -> None:
    role = seed.role(managed={"invoke": allow("lambda:InvokeFunction", FUNCTION)})
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={operation})])
    findings = of(lint_config(tmp_path, role_config(role), denied, rule_id), rule_id)
    assert triples(findings) == expected
    assert action in findings[0].message


def test_get_role_denied_makes_trust_check_skip_behind_its_prerequisite(
    seed: Seeder, tmp_path: Path
) -> None:
    role = seed.role()
    denied = make_facts(hooks=[inject_error("AccessDenied", operations={"GetRole"})])
    findings = lint_config(tmp_path, role_config(role), denied, "GW511")
    assert triples(findings) == [
        ("GW510", "error", "/gateway/roleArn"),
        ("GW511", "skip", "/gateway/roleArn"),
    ]
    assert "iam:GetRole" in of(findings, "GW510")[0].message


def _trust(
    condition: dict[str, Any] | None,
    *,
    principal: Any = None,
    effect: str = "Allow",
    action: str = "sts:AssumeRole",
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": "Gateway",
        "Effect": effect,
        "Principal": principal or {"Service": "bedrock-agentcore.amazonaws.com"},
        "Action": action,
    }
    if condition is not None:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


ARN_LIKE = {"ArnLike": {"aws:SourceArn": f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:*"}}
ACCOUNT_EQ = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


@pytest.mark.parametrize(
    ("trust", "status", "severity", "words"),
    [
        (_trust({**ACCOUNT_EQ, **ARN_LIKE}), "pass", "error", "trusts"),
        (
            _trust({"StringEquals": {"aws:SourceAccount": "210987654321"}, **ARN_LIKE}),
            "fail",
            "error",
            "not the gateway's account 123456789012",
        ),
        (_trust(ACCOUNT_EQ), "fail", "warning", "without an aws:SourceArn condition"),
        (
            _trust({**ACCOUNT_EQ, "StringLike": {"aws:SourceArn": GATEWAY_ARN[:-4] + "*"}}),
            "pass",
            "error",
            "trusts",
        ),
        (
            _trust(
                {
                    **ACCOUNT_EQ,
                    "ArnEquals": {"aws:SourceArn": GATEWAY_ARN.replace("k3v9q2m7xa", "0therg4tew")},
                }
            ),
            "fail",
            "error",
            "does not cover the gateway",
        ),
        (
            _trust({**ACCOUNT_EQ, **ARN_LIKE, "StringEquals": {"aws:SourceOrgID": "o-abc"}}),
            "fail",
            "warning",
            "cannot evaluate offline",
        ),
        (_trust(None, effect="Deny"), "fail", "error", "denies sts:AssumeRole"),
        (
            _trust(None, principal={"Service": "lambda.amazonaws.com"}),
            "fail",
            "error",
            "does not let bedrock-agentcore.amazonaws.com assume",
        ),
    ],
    ids=[
        "pinned",
        "wrong-account",
        "partial",
        "string-like",
        "other-gateway",
        "unknown-key",
        "deny",
        "other-service",
    ],
)
def test_trust_policy_verdicts(
    trust: dict[str, Any],
    status: str,
    severity: str,
    words: str,
    seed: Seeder,
    facts: Any,
    tmp_path: Path,
) -> None:
    role = seed.role(trust=trust)
    findings = of(lint_config(tmp_path, role_config(role), facts, "GW511"), "GW511")
    assert [(f.rule_id, f.status.value, f.severity.value, f.pointer) for f in findings] == [
        ("GW511", status, severity, "/gateway/roleArn")
    ]
    assert words in findings[0].message
    assert findings[0].resource == role


def test_trust_region_checked_before_the_gateway_exists(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    """setup_gateway arguments have no gateway ID yet: region and account still decide."""
    good = seed.role("Good", trust=gateway_trust_policy(ACCOUNT, REGION))
    bad = seed.role("Bad", trust=gateway_trust_policy(ACCOUNT, "eu-west-1"))
    for role, status in ((good, "pass"), (bad, "fail")):
        config = {
            "gateway_name": "security-gateway",
            "execution_role_arn": role,
            "target_type": "lambda",
            "target_source": {"arn": FUNCTION, "tools": []},
            "region": REGION,
        }
        findings = of(lint_config(tmp_path, config, facts, "GW511"), "GW511")
        assert triples(findings) == [("GW511", status, "/execution_role_arn")]


def test_explicit_deny_and_conditional_allow(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    guard = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
            {
                "Sid": "NoInterceptor",
                "Effect": "Deny",
                "Action": "lambda:Invoke*",
                "Resource": INTERCEPTOR,
            },
        ],
    }
    vpc_only = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "VpcOnly",
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": FUNCTION,
                "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0abc"}},
            }
        ],
    }
    role = seed.role(managed={"guard": guard})
    config = role_config(
        role,
        interceptorConfigurations=[
            {"interceptor": {"lambda": {"arn": INTERCEPTOR}}, "interceptionPoints": ["REQUEST"]}
        ],
    )
    findings = of(lint_config(tmp_path, config, facts, "GW512"), "GW512")
    assert triples(findings) == [
        ("GW512", "fail", "/gateway/interceptorConfigurations/0/interceptor/lambda/arn"),
        ("GW512", "pass", LAMBDA_PTR),
    ]
    denied = next(f for f in findings if f.status is Status.FAIL)
    assert "explicitly denies" in denied.message and "NoInterceptor" in denied.message
    assert denied.resource == INTERCEPTOR

    role2 = seed.role("Conditional", inline={"vpc": vpc_only})
    findings = of(lint_config(tmp_path, role_config(role2), facts, "GW512"), "GW512")
    assert [(f.status.value, f.severity.value, f.pointer) for f in findings] == [
        ("fail", "warning", LAMBDA_PTR)
    ]
    assert "cannot evaluate offline" in findings[0].message


def test_permissions_boundary_limits_the_role(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    iam = seed.client("iam")
    boundary = iam.create_policy(
        PolicyName="boundary", PolicyDocument=json.dumps(allow("s3:GetObject"))
    )["Policy"]["Arn"]
    role = seed.role(inline={"all": allow("lambda:*")})
    iam.put_role_permissions_boundary(RoleName="AgentCoreGatewayRole", PermissionsBoundary=boundary)
    findings = of(lint_config(tmp_path, role_config(role), facts, "GW512"), "GW512")
    assert triples(findings) == [("GW512", "fail", LAMBDA_PTR)]
    assert "permissions boundary" in findings[0].message


def test_policy_engine_needs_three_actions_on_engine_and_gateway(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    engine = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:policy-engine/guard-AbCdEf1234"
    role = seed.role(
        inline={
            "targets": allow("lambda:InvokeFunction", FUNCTION),
            "engine": allow(
                ["bedrock-agentcore:GetPolicyEngine", "bedrock-agentcore:AuthorizeAction"],
                [engine, GATEWAY_ARN],
            ),
        }
    )
    config = role_config(role, policyEngineConfiguration={"arn": engine, "mode": "ENFORCE"})
    findings = of(lint_config(tmp_path, config, facts, "GW512"), "GW512")
    got = sorted(
        (f.status.value, f.pointer, f.resource or "", f.message.split(" on ")[0]) for f in findings
    )
    assert got == sorted(
        [
            (
                "pass",
                LAMBDA_PTR,
                FUNCTION,
                "Role AgentCoreGatewayRole allows lambda:InvokeFunction",
            ),
            (
                "pass",
                "/gateway/policyEngineConfiguration",
                engine,
                "Role AgentCoreGatewayRole allows bedrock-agentcore:GetPolicyEngine",
            ),
            (
                "pass",
                "/gateway/policyEngineConfiguration",
                engine,
                "Role AgentCoreGatewayRole allows bedrock-agentcore:AuthorizeAction",
            ),
            (
                "pass",
                "/gateway/policyEngineConfiguration",
                GATEWAY_ARN,
                "Role AgentCoreGatewayRole allows bedrock-agentcore:AuthorizeAction",
            ),
            (
                "fail",
                "/gateway/policyEngineConfiguration",
                engine,
                "No policy of role AgentCoreGatewayRole allows "
                "bedrock-agentcore:PartiallyAuthorizeActions",
            ),
            (
                "fail",
                "/gateway/policyEngineConfiguration",
                GATEWAY_ARN,
                "No policy of role AgentCoreGatewayRole allows "
                "bedrock-agentcore:PartiallyAuthorizeActions",
            ),
        ]
    )


def _provider_target(kind: str, provider_arn: str) -> dict[str, Any]:
    block = (
        ("oauthCredentialProvider", {"providerArn": provider_arn, "scopes": ["repo"]})
        if (kind == "OAUTH")
        else ("apiKeyCredentialProvider", {"providerArn": provider_arn})
    )
    return {
        "name": "github",
        "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": "https://api.example.com/mcp"}}},
        "credentialProviderConfigurations": [
            {"credentialProviderType": kind, "credentialProvider": {block[0]: block[1]}}
        ],
    }


def test_oauth_provider_needs_token_vault_and_its_secret(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    vault = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:token-vault/default"
    provider = f"{vault}/oauth2credentialprovider/github"
    secret = seed.client("secretsmanager").create_secret(
        Name="bedrock-agentcore-identity!default/oauth2/github", SecretString="{}"
    )["ARN"]
    role = seed.role(
        inline={
            "lambda": allow("lambda:InvokeFunction", FUNCTION),
            "token": allow("bedrock-agentcore:GetResourceOauth2Token", [vault, f"{vault}/*"]),
            "secret": allow(
                "secretsmanager:GetSecretValue",
                f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"
                "bedrock-agentcore-identity!default/oauth2/*",
            ),
        }
    )
    config = role_config(role)
    config["targets"].append(_provider_target("OAUTH", provider))
    findings = of(lint_config(tmp_path, config, facts, "GW512"), "GW512")
    where = (
        "/targets/1/credentialProviderConfigurations/0/credentialProvider/oauthCredentialProvider"
    )
    assert sorted((f.status.value, f.pointer, f.resource) for f in findings) == sorted(
        [
            ("pass", LAMBDA_PTR, FUNCTION),
            ("pass", where, provider),
            ("pass", where, vault),
            ("pass", where, secret),
        ]
    )
    assert set(facts.actions) <= declared(["GW512"])


def test_api_key_provider_without_a_vault_secret_is_skipped_not_passed(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    vault = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:token-vault/default"
    provider = f"{vault}/apikeycredentialprovider/search"
    role = seed.role(
        inline={
            "all": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}],
            }
        }
    )
    config = role_config(role)
    config["targets"].append(_provider_target("API_KEY", provider))
    findings = of(lint_config(tmp_path, config, facts, "GW512"), "GW512")
    where = (
        "/targets/1/credentialProviderConfigurations/0/credentialProvider/apiKeyCredentialProvider"
    )
    assert sorted((f.status.value, f.pointer, f.resource) for f in findings) == sorted(
        [
            ("pass", LAMBDA_PTR, FUNCTION),
            ("pass", where, provider),
            ("pass", where, vault),
            ("skip", "/targets/1/credentialProviderConfigurations/0", provider),
        ]
    )


def test_list_secrets_denied_is_an_error_for_the_secret_only(seed: Seeder, tmp_path: Path) -> None:
    vault = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:token-vault/default"
    provider = f"{vault}/oauth2credentialprovider/github"
    role = seed.role(inline={"all": allow("*")})
    config = role_config(role)
    config["targets"].append(_provider_target("OAUTH", provider))
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={"ListSecrets"})])
    findings = of(lint_config(tmp_path, config, denied, "GW512"), "GW512")
    errors = [f for f in findings if f.status is Status.ERROR]
    assert [(f.status.value, f.pointer) for f in errors] == [
        (
            "error",
            "/targets/1/credentialProviderConfigurations/0/credentialProvider/"
            "oauthCredentialProvider",
        )
    ]
    assert "secretsmanager:ListSecrets" in errors[0].message
    assert sum(f.status is Status.PASS for f in findings) == 3


def test_deployed_gateway_without_a_file_has_no_pointers(seed: Seeder, facts: Any) -> None:
    from gwlint.aws.source import GatewayRef, gateway_deployment

    runtime = seed.runtime("security_mcp")
    function = seed.function("security-tools")
    role = seed.role(
        trust=gateway_trust_policy(ACCOUNT, "us-west-2"),
        inline={
            "rt": allow(
                "bedrock-agentcore:InvokeAgentRuntime",
                [runtime["agentRuntimeArn"], runtime["agentRuntimeArn"] + "/*"],
            )
        },
    )
    gw = seed.gateway("security-gateway", role_arn=role)
    seed.lambda_target(gw["gatewayId"], "security-tools", function)
    seed.mcp_server_target(
        gw["gatewayId"],
        "security-mcp",
        runtime["invocationUrl"],
        credential_providers=[
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
            }
        ],
    )
    built = gateway_deployment(facts, GatewayRef(gw["gatewayId"], REGION, gw["gatewayId"]))
    findings = run_job(live_rules(["GW511", "GW512"]), Job(built, None, facts))
    assert sorted((f.rule_id, f.status.value, f.pointer, f.resource) for f in findings) == sorted(
        [
            ("GW510", "pass", None, role),
            ("GW511", "fail", None, role),
            ("GW512", "fail", None, function),
            ("GW512", "pass", None, runtime["agentRuntimeArn"]),
            ("GW512", "pass", None, runtime["agentRuntimeArn"] + "/runtime-endpoint/DEFAULT"),
        ]
    )
    trust = of(findings, "GW511")[0]
    assert "us-west-2" in trust.message and gw["gatewayArn"] in trust.message
    assert f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:*" in trust.fix


def test_client_config_reads_the_deployed_gateway_role_and_targets(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    function = seed.function("security-tools")
    role = seed.role(inline={"invoke": allow("lambda:InvokeFunction", function)})
    gw = seed.gateway("security-gateway", role_arn=role)
    seed.lambda_target(gw["gatewayId"], "security-tools", function)
    config = {"gateway_url": gw["gatewayUrl"], "client_id": "6aarhftf6bopppar05humcp2r6"}
    findings = lint_config(tmp_path, config, facts, "GW511", "GW512")
    assert sorted((f.rule_id, f.status.value, f.pointer, f.resource) for f in findings) == [
        ("GW510", "pass", "/gateway_url", role),
        ("GW511", "pass", "/gateway_url", role),
        ("GW512", "pass", "/gateway_url", function),
    ]
    assert set(facts.actions) <= declared(["GW511", "GW512"])


def test_runtime_url_target_needs_the_qualifier_endpoint(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime("security_mcp")
    arn = runtime["agentRuntimeArn"]
    role = seed.role(
        inline={
            "rt": allow(
                "bedrock-agentcore:InvokeAgentRuntime", [arn, f"{arn}/runtime-endpoint/DEFAULT"]
            )
        }
    )
    config = role_config(role)
    config["targets"] = [
        {
            "name": "security-mcp",
            "targetConfiguration": {
                "http": {"agentcoreRuntime": {"arn": arn, "qualifier": "prod"}}
            },
            "credentialProviderConfigurations": [{"credentialProviderType": "GATEWAY_IAM_ROLE"}],
        }
    ]
    findings = of(lint_config(tmp_path, config, facts, "GW512"), "GW512")
    ptr = "/targets/0/targetConfiguration/http/agentcoreRuntime/arn"
    assert sorted((f.status.value, f.pointer, f.resource) for f in findings) == [
        ("fail", ptr, f"{arn}/runtime-endpoint/prod"),
        ("pass", ptr, arn),
    ]
    assert runtime_url(arn)  # the helper shapes the URL the mcpServer form would use


def test_every_live_rule_declares_what_it_calls() -> None:
    for rule_id in MINE:
        meta = RULES[rule_id]
        assert meta.live and meta.actions, rule_id
        assert all(":" in a for a in meta.actions), rule_id
    assert RULES["GW512"].severity is Severity.ERROR
