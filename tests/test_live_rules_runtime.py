"""Live rules GW401-GW405, GW501, GW502, GW603 against moto.

Every case seeds AWS-shaped resources in moto (in-process), reads them through
a real :class:`gwlint.aws.facts.AwsFacts` and asserts the exact findings:
rule id, status and pointer (into the file when a file named the resource,
None for deployments built from the account).

The fixture files under ``fixtures/rules/<ID>/`` hold ``${PLACEHOLDER}``
tokens; :data:`SCENARIOS` seeds each case and returns the values that replace
them, and ``expect.toml`` lists the exact findings, as for offline rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gwlint.engine import Job, run_job
from gwlint.findings import Finding, Severity, Status
from gwlint.model import Deployment
from gwlint.registry import all_rules
from gwlint.rule import Context
from gwlint.sources import load_file

from .conftest import FIXTURES, triples
from .live_support import (
    ACCOUNT,
    REGION,
    Scenario,
    Seeder,
    check_fixture_case,
    check_scenarios,
    fixture_case_parameters,
    inject_error,
    lint_file,
    live_rules,
    make_facts,
    of,
    pin_status,
    runtime_url,
    write,
)

# fixtures: seed, facts, moto_aws, no_retry_delay… (moto in-process, a real AwsFacts)
pytest_plugins = ("tests.live_support",)

MINE = ("GW401", "GW402", "GW403", "GW404", "GW405", "GW501", "GW502", "GW603")
RULES = {r.id: r for r in all_rules()}

OLD_GATEWAY_URL = (
    "https://security-gateway-0ldgatew4y.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp"
)
PLAINTEXT = "q9Xv2LmT8rZs4NkP7wYb3HcJ6fDg1Ea5"  # a fake client secret seeded into Lambda env
GITHUB_TOKEN = "ghp_FakeTokenValue1234567890abcdefABCD"


# -- running rules -------------------------------------------------------------------------


def lint_account(facts: Any, gateway_id: str, *ids: str, proxy: str | None = None) -> list[Finding]:
    """Run rules on the Deployment the live source builds from the account (file=None)."""
    from gwlint.aws.source import GatewayRef, gateway_deployment

    deployment = gateway_deployment(
        facts, GatewayRef(gateway_id, REGION, gateway_id), proxy_lambda=proxy
    )
    return run_job(live_rules(ids), Job(deployment, None, facts))


def agentcore_backend() -> Any:
    from moto.bedrockagentcorecontrol.models import bedrockagentcorecontrol_backends

    return bedrockagentcorecontrol_backends[ACCOUNT][REGION]


# -- scenarios: seed moto for each fixture case --------------------------------------------


def jwt_authorizer(seed: Seeder) -> dict[str, Any]:
    cognito = seed.cognito("security-runtime")
    return {
        "customJWTAuthorizer": {
            "discoveryUrl": cognito.discovery_url,
            "allowedClients": [cognito.client_id],
        }
    }


def s_gw401_pass(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    return {"GATEWAY_ID": gateway["gatewayId"], "GATEWAY_URL": gateway["gatewayUrl"]}


def s_gw401_fail(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway(
        "security-gateway",
        status="FAILED",
        status_reasons=["Failed to retrieve the OIDC discovery document"],
    )
    return {"GATEWAY_ID": gateway["gatewayId"]}


def s_nothing(seed: Seeder) -> dict[str, str]:
    return {}


def s_gw402_pass(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    function = seed.function("weather-tools")
    seed.lambda_target(gateway["gatewayId"], "weather-tools", function)
    return {"GATEWAY_ID": gateway["gatewayId"], "LAMBDA_ARN": function}


def s_gw402_fail(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    gateway_id = gateway["gatewayId"]
    runtime = seed.runtime("security_mcp")
    seed.mcp_server_target(
        gateway_id,
        "security-mcp",
        runtime["invocationUrl"],
        status="FAILED",
        status_reasons=["Failed to connect to the MCP server: 406 Not Acceptable"],
    )
    github = seed.mcp_server_target(
        gateway_id, "github-issues", "https://api.githubcopilot.com/mcp/"
    )
    pin_status(
        agentcore_backend().gateway_targets[(gateway_id, github["targetId"])],
        "CREATE_PENDING_AUTH",
        {
            "authorizationData": {
                "oauth2": {
                    "authorizationUrl": "https://github.com/login/oauth/authorize?request_uri=x",
                    "userId": "ops-user",
                }
            }
        },
    )
    function = seed.function("legacy-tools")
    seed.lambda_target(
        gateway_id,
        "legacy-tools",
        function,
        status="SYNCHRONIZE_UNSUCCESSFUL",
        status_reasons=["Lambda returned an invalid tools/list response"],
    )
    return {"GATEWAY_ARN": gateway["gatewayArn"], "RUNTIME_URL": runtime["invocationUrl"]}


def s_gw403_pass(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    runtime = seed.runtime("security_mcp", default_endpoint=False)
    seed.runtime_endpoint(
        runtime["agentRuntimeId"], "DEFAULT", live_version="3", target_version="3"
    )
    return {"GATEWAY_ID": gateway["gatewayId"], "RUNTIME_URL": runtime["invocationUrl"]}


def s_gw403_fail(seed: Seeder) -> dict[str, str]:
    runtime = seed.runtime(
        "security_mcp",
        status="UPDATE_FAILED",
        failure_reason="Container image platform linux/amd64; AgentCore Runtime needs linux/arm64",
    )
    return {"RUNTIME_URL": runtime_url(runtime["agentRuntimeArn"], REGION, qualifier="prod")}


#: A runtime just deployed: it and its DEFAULT endpoint CREATING, no version serving.
CREATING: dict[str, Any] = {
    "status": "CREATING",
    "endpoint_status": "CREATING",
    "live_version": None,
}


def _runtime_scenario(**options: Any) -> Scenario:
    def scenario(seed: Seeder) -> dict[str, str]:
        gateway = seed.gateway("security-gateway")
        opts = dict(options)
        if opts.pop("jwt", False):
            opts["authorizer_configuration"] = jwt_authorizer(seed)
        runtime = seed.runtime("security_mcp", **opts)
        return {"GATEWAY_ID": gateway["gatewayId"], "RUNTIME_URL": runtime["invocationUrl"]}

    return scenario


def s_gw501_pass(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    return {
        "GATEWAY_ARN": gateway["gatewayArn"],
        "LAMBDA_ARN": seed.function("security-tools"),
        "INTERCEPTOR_ARN": seed.function("gateway-interceptor"),
    }


def s_gw501_fail(seed: Seeder) -> dict[str, str]:
    gateway = seed.gateway("security-gateway")
    interceptor = seed.function("gateway-interceptor", region="us-west-2")
    return {"GATEWAY_ARN": gateway["gatewayArn"], "INTERCEPTOR_ARN": interceptor}


def s_gw501_alias(seed: Seeder) -> dict[str, str]:
    return {"LAMBDA_ARN": seed.function("security-tools")}


def _proxy_scenario(kind: str) -> Scenario:
    def scenario(seed: Seeder) -> dict[str, str]:
        gateway = seed.gateway("security-gateway")
        cognito = seed.cognito("security-gateway")
        env = {
            "GATEWAY_URL": gateway["gatewayUrl"],
            "COGNITO_CLIENT_ID": cognito.client_id,
            "TOKEN_URL": cognito.token_endpoint,
            "COGNITO_CLIENT_SECRET_ARN": (
                f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:gateway-client-AbCdEf"
            ),
            "TOKEN_CACHE_SECONDS": "300",
        }
        if kind == "stale":
            env["GATEWAY_URL"] = OLD_GATEWAY_URL
            env["COGNITO_CLIENT_ID"] = cognito.pool_id
        if kind == "plaintext":
            del env["COGNITO_CLIENT_SECRET_ARN"]
            env["COGNITO_CLIENT_SECRET"] = PLAINTEXT
            env["API_TOKEN"] = GITHUB_TOKEN
        seed.function("bedrock-gateway-proxy", env=env)
        return {
            "GATEWAY_ID": gateway["gatewayId"],
            "GATEWAY_URL": gateway["gatewayUrl"],
            "CLIENT_ID": cognito.client_id,
            "TOKEN_URL": cognito.token_endpoint,
        }

    return scenario


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("GW401", "pass"): s_gw401_pass,
    ("GW401", "fail"): s_gw401_fail,
    ("GW401", "fail-deleted"): s_nothing,
    ("GW402", "pass"): s_gw402_pass,
    ("GW402", "fail"): s_gw402_fail,
    ("GW403", "pass"): s_gw403_pass,
    ("GW403", "fail"): s_gw403_fail,
    ("GW403", "fail-http-target"): s_nothing,
    ("GW403", "fail-creating"): _runtime_scenario(server_protocol="HTTP", **CREATING),
    ("GW404", "pass"): _runtime_scenario(server_protocol="MCP"),
    ("GW404", "fail"): _runtime_scenario(server_protocol="HTTP"),
    ("GW404", "fail-unset"): _runtime_scenario(server_protocol=None),
    ("GW404", "fail-creating"): _runtime_scenario(server_protocol="HTTP", **CREATING),
    ("GW405", "pass"): _runtime_scenario(),
    ("GW405", "pass-jwt"): _runtime_scenario(jwt=True),
    ("GW405", "fail"): _runtime_scenario(jwt=True),
    ("GW405", "fail-wrong-service"): _runtime_scenario(),
    ("GW501", "pass"): s_gw501_pass,
    ("GW501", "fail"): s_gw501_fail,
    ("GW501", "fail-setup-alias"): s_gw501_alias,
    ("GW502", "pass"): _proxy_scenario("good"),
    ("GW502", "pass-live-gateway"): _proxy_scenario("good"),
    ("GW502", "fail"): _proxy_scenario("stale"),
    ("GW502", "fail-missing"): s_nothing,
    ("GW603", "pass"): _proxy_scenario("good"),
    ("GW603", "fail"): _proxy_scenario("plaintext"),
}


# -- the fixtures: exact findings ----------------------------------------------------------


def test_every_fixture_has_a_scenario_and_back() -> None:
    check_scenarios(MINE, SCENARIOS)


@fixture_case_parameters(MINE)
def test_fixture_findings_are_exact(
    rule_id: str, path: Path, seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    check_fixture_case(rule_id, path, SCENARIOS[(rule_id, path.stem)], seed, facts, tmp_path)


# -- deployments built from the account (file=None): pointer None ----------------------------


def test_account_built_gateway_runtime_and_lambda(seed: Seeder, facts: Any) -> None:
    gateway = seed.gateway("ops-gateway")
    gateway_id = gateway["gatewayId"]
    runtime = seed.runtime("ops_mcp")
    seed.mcp_server_target(
        gateway_id,
        "ops-mcp",
        runtime["invocationUrl"],
        credential_providers=[
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
            }
        ],
    )
    function = seed.function("ops-tools", region="us-west-2")
    seed.lambda_target(
        gateway_id,
        "ops-tools",
        function,
        status="FAILED",
        status_reasons=["Gateway execution role lacks permission to invoke Lambda function"],
    )
    findings = lint_account(facts, gateway_id, *MINE)
    assert triples(findings) == [
        ("GW401", "pass", None),
        ("GW402", "fail", None),
        ("GW402", "pass", None),
        ("GW403", "pass", None),
        ("GW403", "pass", None),
        ("GW404", "pass", None),
        ("GW405", "pass", None),
        ("GW501", "fail", None),
    ]
    assert all(f.file is None and f.line is None for f in findings)
    (gw401,) = of(findings, "GW401")
    assert gw401.resource == gateway["gatewayArn"]
    failed = next(f for f in of(findings, "GW402") if f.status is Status.FAIL)
    assert "ops-tools" in failed.message and "lacks permission" in failed.message
    (gw501,) = of(findings, "GW501")
    assert gw501.resource == function
    assert "us-west-2" in gw501.message and "Internal Server Error" in gw501.message


def test_account_built_proxy_lambda(seed: Seeder, facts: Any) -> None:
    values = _proxy_scenario("plaintext")(seed)
    findings = lint_account(
        facts, values["GATEWAY_ID"], "GW502", "GW603", proxy="bedrock-gateway-proxy"
    )
    # no client config behind an account-built deployment: client ID and token URL not compared
    assert triples(findings) == [
        ("GW502", "pass", None),
        ("GW502", "skip", None),
        ("GW502", "skip", None),
        ("GW603", "fail", None),
        ("GW603", "fail", None),
    ]
    passed = next(f for f in findings if f.status is Status.PASS)
    assert "GATEWAY_URL" in passed.message and "gatewayUrl" in passed.message


# -- AccessDenied and Unavailable: error naming the action, never a pass -------------------

DENIED = [
    # rule, API operation refused, fixture case, exact (status, pointer) list of the rule
    ("GW401", "GetGateway", "pass", [("error", "/gateway_id")]),
    ("GW402", "ListGatewayTargets", "pass", [("error", "/gateway/gatewayId")]),
    ("GW402", "GetGatewayTarget", "pass", [("error", "/targets/0/name")]),
    (
        "GW403",
        "GetAgentRuntime",
        "pass",
        [("error", "/targetConfiguration/mcp/mcpServer/endpoint")],
    ),
    (
        "GW403",
        "GetAgentRuntimeEndpoint",
        "pass",
        [
            ("error", "/targetConfiguration/mcp/mcpServer/endpoint"),
            ("pass", "/targetConfiguration/mcp/mcpServer/endpoint"),
        ],
    ),
    (
        "GW404",
        "GetAgentRuntime",
        "pass",
        [("error", "/targets/0/targetConfiguration/mcp/mcpServer/endpoint")],
    ),
    (
        "GW405",
        "GetAgentRuntime",
        "pass",
        [("error", "/targets/0/targetConfiguration/mcp/mcpServer/endpoint")],
    ),
    (
        "GW501",
        "GetFunctionConfiguration",
        "pass",
        [
            ("error", "/gateway/interceptorConfigurations/0/interceptor/lambda/arn"),
            ("error", "/targets/0/targetConfiguration/mcp/lambda/lambdaArn"),
        ],
    ),
    ("GW502", "GetFunctionConfiguration", "pass", [("error", "/proxy_lambda")]),
    (
        "GW502",
        "GetGateway",
        "pass-live-gateway",
        [("error", "/proxy_lambda"), ("pass", "/proxy_lambda"), ("pass", "/proxy_lambda")],
    ),
    ("GW603", "GetFunctionConfiguration", "pass", [("error", "/proxy_lambda")]),
]

PREFIX = {"GetFunctionConfiguration": "lambda"}


def _run_case(
    rule_id: str, case: str, seed: Seeder, facts: Any, tmp_path: Path, *, alone: bool = False
) -> list[Finding]:
    values = SCENARIOS[(rule_id, case)](seed)
    path = write(tmp_path, FIXTURES / "rules" / rule_id / f"{case}.json", values)
    if alone:  # without its prerequisites, so the rule's own error shows
        loaded = load_file(path)
        return run_job([RULES[rule_id]], Job(loaded.deployment, loaded.document, facts))
    return lint_file(path, facts, rule_id)


@pytest.mark.parametrize(("rule_id", "operation", "case", "expected"), DENIED)
def test_access_denied_is_error_naming_the_action(
    rule_id: str,
    operation: str,
    case: str,
    expected: list[tuple[str, str]],
    seed: Seeder,
    tmp_path: Path,
    moto_aws: None,
) -> None:
    facade = make_facts(
        hooks=[
            inject_error("AccessDeniedException", "User is not authorized", operations={operation})
        ]
    )
    mine = of(_run_case(rule_id, case, seed, facade, tmp_path, alone=True), rule_id)
    assert sorted((f.status.value, f.pointer) for f in mine) == sorted(expected)
    action = f"{PREFIX.get(operation, 'bedrock-agentcore')}:{operation}"
    errors = [f for f in mine if f.status is Status.ERROR]
    assert errors
    for finding in errors:
        assert f"needs {action}" in finding.message
        assert action in finding.fix and "iam-policy" in finding.fix


def test_access_denied_on_the_runtime_is_error_in_each_runtime_rule(
    seed: Seeder, tmp_path: Path, moto_aws: None
) -> None:
    facade = make_facts(
        hooks=[inject_error("AccessDeniedException", operations={"GetAgentRuntime"})]
    )
    values = SCENARIOS[("GW405", "pass")](seed)
    path = write(tmp_path, FIXTURES / "rules" / "GW405" / "pass.json", values)
    findings = lint_file(path, facade, "GW403", "GW404", "GW405")
    endpoint = "/targets/0/targetConfiguration/mcp/mcpServer/endpoint"
    assert triples(findings) == [
        ("GW403", "error", endpoint),
        ("GW404", "error", endpoint),
        ("GW405", "error", endpoint),
    ]
    assert all("bedrock-agentcore:GetAgentRuntime" in f.message for f in findings)


THROTTLED = [
    ("GW401", "GetGateway", "pass", "/gateway_id"),
    ("GW403", "GetAgentRuntime", "pass", "/targetConfiguration/mcp/mcpServer/endpoint"),
    ("GW501", "GetFunctionConfiguration", "fail-setup-alias", "/target_source/arn"),
    ("GW603", "GetFunctionConfiguration", "pass", "/proxy_lambda"),
]


@pytest.mark.parametrize(("rule_id", "operation", "case", "pointer"), THROTTLED)
def test_throttling_after_retries_is_error_with_the_cause(
    rule_id: str,
    operation: str,
    case: str,
    pointer: str,
    seed: Seeder,
    tmp_path: Path,
    moto_aws: None,
) -> None:
    facade = make_facts(
        hooks=[inject_error("ThrottlingException", "Rate exceeded", operations={operation})]
    )
    mine = of(_run_case(rule_id, case, seed, facade, tmp_path, alone=True), rule_id)
    assert [(f.status.value, f.pointer) for f in mine] == [("error", pointer)]
    assert "throttled" in mine[0].message and "Rate exceeded" in mine[0].message


def test_unreachable_service_is_error(seed: Seeder, tmp_path: Path, moto_aws: None) -> None:
    facade = make_facts(
        hooks=[
            inject_error(
                "ServiceUnavailableException",
                "Service is unavailable",
                status=503,
                operations={"ListGatewayTargets"},
            )
        ]
    )
    mine = of(_run_case("GW402", "pass", seed, facade, tmp_path), "GW402")
    assert [(f.status.value, f.pointer) for f in mine] == [("error", "/gateway/gatewayId")]
    assert "Could not check the targets of gateway" in mine[0].message


# -- statuses and messages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "finding_status", "severity", "words"),
    [
        ("READY", Status.PASS, Severity.ERROR, "is READY"),
        ("CREATING", Status.FAIL, Severity.WARNING, "not READY yet"),
        ("UPDATING", Status.FAIL, Severity.WARNING, "not READY yet"),
        ("UPDATE_UNSUCCESSFUL", Status.FAIL, Severity.ERROR, "KMS key is disabled"),
        ("DELETING", Status.FAIL, Severity.ERROR, "DELETING"),
    ],
)
def test_gateway_statuses(
    status: str,
    finding_status: Status,
    severity: Severity,
    words: str,
    seed: Seeder,
    facts: Any,
    tmp_path: Path,
) -> None:
    gateway = seed.gateway(
        "security-gateway", status=status, status_reasons=["KMS key is disabled"]
    )
    path = write(
        tmp_path,
        FIXTURES / "rules" / "GW401" / "fail.json",
        {"GATEWAY_ID": gateway["gatewayId"]},
    )
    (finding,) = of(lint_file(path, facts, "GW401"), "GW401")
    assert (finding.status, finding.severity, finding.pointer) == (
        finding_status,
        severity,
        "/gateway/gatewayId",
    )
    assert words in finding.message


def test_target_synchronizing_is_a_warning_and_pending_auth_explains_3lo(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    values = s_gw402_fail(seed)
    backend = agentcore_backend()
    target = next(t for t in backend.gateway_targets.values() if t.name == "security-mcp")
    pin_status(target, "SYNCHRONIZING")
    path = write(tmp_path, FIXTURES / "rules" / "GW402" / "fail.json", values)
    mine = {f.pointer: f for f in of(lint_file(path, facts, "GW402"), "GW402")}
    assert (mine["/targets/0/name"].status, mine["/targets/0/name"].severity) == (
        Status.FAIL,
        Severity.WARNING,
    )
    pending = mine["/targets/1/name"]
    assert (pending.status, pending.severity) == (Status.FAIL, Severity.ERROR)
    assert "CREATE_PENDING_AUTH" in pending.message and "3LO" in pending.message
    assert "authorizationData.oauth2.authorizationUrl" in pending.message
    assert "request_uri" not in pending.message  # the URL itself is not printed
    missing = mine["/targets/2/name"]
    assert "'reports' is not on gateway" in missing.message


def test_gateway_not_found_skips_target_check(facts: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        FIXTURES / "rules" / "GW402" / "pass.json",
        {
            "GATEWAY_ID": "security-gateway-n0tth3r3x",
            "LAMBDA_ARN": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:weather-tools",
        },
    )
    findings = lint_file(path, facts, "GW401", "GW402")
    assert triples(findings) == [
        ("GW401", "fail", "/gateway/gatewayId"),
        ("GW402", "skip", "/gateway/gatewayId"),
    ]


def test_endpoint_versions_answer_which_version_is_attached(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime("security_mcp", default_endpoint=False)
    runtime_id = runtime["agentRuntimeId"]
    seed.runtime_endpoint(
        runtime_id, "DEFAULT", status="UPDATING", live_version="3", target_version="4"
    )
    seed.runtime_endpoint(runtime_id, "prod", live_version="2", target_version="4")
    text = (FIXTURES / "rules" / "GW403" / "fail.json").read_text()
    default = write(tmp_path, text, {"RUNTIME_URL": runtime["invocationUrl"]}, "default.json")
    prod_url = runtime_url(runtime["agentRuntimeArn"], REGION, qualifier="prod")
    prod = write(tmp_path, text, {"RUNTIME_URL": prod_url}, "prod.json")
    bare_url = runtime_url(runtime["agentRuntimeArn"], REGION, qualifier=None)
    bare = write(tmp_path, text, {"RUNTIME_URL": bare_url}, "bare.json")

    updating = of(lint_file(default, facts, "GW403"), "GW403")
    assert [(f.status, f.severity, f.pointer) for f in updating] == [
        (Status.PASS, Severity.ERROR, "/target_source"),
        (Status.FAIL, Severity.WARNING, "/target_source"),
    ]
    assert "Endpoint DEFAULT" in updating[1].message
    assert "serves version 3 (updating to 4)" in updating[1].message
    assert updating[1].resource == f"{runtime['agentRuntimeArn']}/runtime-endpoint/DEFAULT"

    ready = of(lint_file(prod, facts, "GW403"), "GW403")
    assert triples(ready) == [("GW403", "pass", "/target_source")] * 2
    assert "Endpoint prod" in ready[1].message
    assert "serves version 2 (updating to 4)" in ready[1].message

    # no qualifier in the URL: the DEFAULT endpoint is the one checked
    no_qualifier = of(lint_file(bare, facts, "GW403"), "GW403")
    assert [(f.status, f.pointer) for f in no_qualifier] == [
        (Status.PASS, "/target_source"),
        (Status.FAIL, "/target_source"),
    ]
    assert "Endpoint DEFAULT" in no_qualifier[1].message


def test_creating_runtime_is_an_error_and_its_protocol_is_judged_at_once(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    values = _runtime_scenario(server_protocol="HTTP", **CREATING)(seed)
    path = write(tmp_path, FIXTURES / "rules" / "GW404" / "fail.json", values)
    findings = lint_file(path, facts, "GW403", "GW404", "GW405")
    endpoint = "/targets/0/targetConfiguration/mcp/mcpServer/endpoint"
    assert [(f.rule_id, f.status, f.severity, f.pointer) for f in findings] == [
        ("GW403", Status.FAIL, Severity.ERROR, endpoint),
        ("GW403", Status.FAIL, Severity.ERROR, endpoint),
        ("GW404", Status.FAIL, Severity.ERROR, endpoint),
        (
            "GW405",
            Status.PASS,
            Severity.ERROR,
            "/targets/0/credentialProviderConfigurations/0/credentialProvider/iamCredentialProvider",
        ),
    ]
    runtime_id = values["RUNTIME_URL"].split("runtime%2F")[1].split("/")[0]
    assert findings[0].message == (
        f"Runtime {runtime_id} is CREATING (latest version 1): a runtime is not invocable until "
        "it is READY; the gateway cannot reach it (a target created now fails its tool sync)."
    )
    assert findings[1].message.startswith(
        f"Endpoint DEFAULT of runtime {runtime_id} is CREATING and serves no version yet"
    )
    assert "--wait" in findings[0].fix
    assert "'HTTP'" in findings[2].message


def _gw403_on(runtime: dict[str, Any], facts: Any, tmp_path: Path) -> list[Finding]:
    """GW403's findings for a setup-args file whose target is ``runtime``'s invocation URL."""
    values = {"RUNTIME_URL": runtime["invocationUrl"]}
    path = write(tmp_path, FIXTURES / "rules" / "GW403" / "fail.json", values)
    return of(lint_file(path, facts, "GW403"), "GW403")


def test_updating_runtime_serving_a_version_is_a_warning_naming_it(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime("security_mcp", status="UPDATING", default_endpoint=False)
    runtime_id = runtime["agentRuntimeId"]
    seed.runtime_endpoint(
        runtime_id, "DEFAULT", status="UPDATING", live_version="3", target_version="4"
    )
    findings = _gw403_on(runtime, facts, tmp_path)
    assert [(f.status, f.severity, f.pointer) for f in findings] == [
        (Status.FAIL, Severity.WARNING, "/target_source"),
        (Status.FAIL, Severity.WARNING, "/target_source"),
    ]
    assert "is UPDATING" in findings[0].message
    assert "endpoint DEFAULT keeps serving version 3" in findings[0].message
    assert findings[1].message.endswith(
        "keeps serving meanwhile: it serves version 3 (updating to 4)."
    )


def test_updating_runtime_with_no_version_serving_is_an_error(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime(
        "security_mcp", status="UPDATING", endpoint_status="UPDATING", live_version=None
    )
    findings = _gw403_on(runtime, facts, tmp_path)
    assert [(f.status, f.severity) for f in findings] == [
        (Status.FAIL, Severity.ERROR),
        (Status.FAIL, Severity.ERROR),
    ]
    assert "endpoint DEFAULT serves no version meanwhile" in findings[0].message


def test_runtime_create_failed_quotes_failure_reason(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime(
        "security_mcp", status="CREATE_FAILED", failure_reason="ECR image not found"
    )
    path = write(
        tmp_path,
        FIXTURES / "rules" / "GW403" / "fail.json",
        {"RUNTIME_URL": runtime["invocationUrl"]},
    )
    findings = lint_file(path, facts, "GW403", "GW404", "GW405")
    assert triples(findings) == [
        ("GW403", "fail", "/target_source"),
        ("GW403", "pass", "/target_source"),  # the DEFAULT endpoint itself is READY
        ("GW404", "pass", "/target_source"),  # the protocol is known in any status
        ("GW405", "fail", ""),  # IAM runtime, no credential provider written: at the target
    ]
    failed = next(f for f in findings if f.status is Status.FAIL)
    assert "CREATE_FAILED: ECR image not found" in failed.message


def test_endpoint_arn_in_url_fails_without_lookup(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    runtime = seed.runtime("security_mcp")
    endpoint_arn = f"{runtime['agentRuntimeArn']}/runtime-endpoint/DEFAULT"
    path = write(
        tmp_path,
        FIXTURES / "rules" / "GW403" / "fail.json",
        {"RUNTIME_URL": runtime_url(endpoint_arn, REGION)},
    )
    findings = lint_file(path, facts, "GW403", "GW404")
    assert triples(findings) == [
        ("GW403", "fail", "/target_source"),
        ("GW404", "skip", "/target_source"),
    ]
    assert "runtime endpoint ARN" in findings[0].message
    assert "ResourceNotFound" in findings[0].message
    assert ("bedrock-agentcore-control", "GetAgentRuntimeEndpoint") not in facts.counts


def test_runtime_not_found_skips_protocol_and_auth(facts: Any, tmp_path: Path) -> None:
    arn = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:runtime/security_mcp-Zz9Yy8Xx7W"
    path = write(
        tmp_path,
        FIXTURES / "rules" / "GW405" / "pass.json",
        {"GATEWAY_ID": "security-gateway-abcdefghij", "RUNTIME_URL": runtime_url(arn, REGION)},
    )
    findings = lint_file(path, facts, "GW403", "GW404", "GW405")
    endpoint = "/targets/0/targetConfiguration/mcp/mcpServer/endpoint"
    assert triples(findings) == [
        ("GW403", "fail", endpoint),
        ("GW404", "skip", endpoint),
        ("GW405", "skip", endpoint),
    ]
    assert findings[0].resource == arn


def test_same_runtime_behind_two_targets_reported_per_target(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    runtime = seed.runtime("security_mcp", server_protocol="A2A")
    url = runtime["invocationUrl"]
    document = {
        "region": REGION,
        "targets": [
            {"name": "one", "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": url}}}},
            {"name": "two", "targetConfiguration": {"mcp": {"mcpServer": {"endpoint": url}}}},
        ],
    }
    import json

    path = write(tmp_path, json.dumps(document, indent=2), {})
    findings = of(lint_file(path, facts, "GW404"), "GW404")
    assert triples(findings) == [
        ("GW404", "fail", "/targets/0/targetConfiguration/mcp/mcpServer/endpoint"),
        ("GW404", "fail", "/targets/1/targetConfiguration/mcp/mcpServer/endpoint"),
    ]
    assert all("'A2A'" in f.message for f in findings)
    assert facts.counts[("bedrock-agentcore-control", "GetAgentRuntime")] == 1


def test_jwt_runtime_without_credential_provider(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    values = _runtime_scenario(jwt=True)(seed)
    text = (FIXTURES / "rules" / "GW403" / "fail.json").read_text()  # setup-args: no credentials
    path = write(tmp_path, text, values)
    (finding,) = of(lint_file(path, facts, "GW405"), "GW405")
    assert (finding.status, finding.pointer) == (Status.FAIL, "")
    assert "no credential provider" in finding.message


def test_lambda_function_exists_but_alias_missing_is_explained(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    values = s_gw501_alias(seed)
    path = write(tmp_path, FIXTURES / "rules" / "GW501" / "fail-setup-alias.json", values)
    (finding,) = of(lint_file(path, facts, "GW501"), "GW501")
    assert (finding.rule_id, finding.status, finding.pointer) == (
        "GW501",
        Status.FAIL,
        "/target_source/arn",
    )
    assert "no version or alias 'prod'" in finding.message


def test_lambda_alias_that_exists_passes(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    function = seed.function("security-tools")
    client = seed.client("lambda")
    version = client.publish_version(FunctionName="security-tools")["Version"]
    client.create_alias(FunctionName="security-tools", Name="prod", FunctionVersion=version)
    path = write(
        tmp_path, FIXTURES / "rules" / "GW501" / "fail-setup-alias.json", {"LAMBDA_ARN": function}
    )
    findings = of(lint_file(path, facts, "GW501"), "GW501")
    assert triples(findings) == [("GW501", "pass", "/target_source/arn")]


def test_proxy_named_on_the_command_line_found_in_the_gateway_region(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    gateway_url = (
        "https://ops-gateway-abcdefghij.gateway.bedrock-agentcore.us-west-2.amazonaws.com/mcp"
    )
    token_url = "https://agentcore-1a2b3c4d.auth.us-west-2.amazoncognito.com/oauth2/token"
    seed.function(
        "bedrock-gateway-proxy",
        region="us-west-2",
        env={
            "GATEWAY_URL": gateway_url + "/",  # a trailing slash is the same URL
            "COGNITO_CLIENT_ID": "6aarhftf6bopppar05humcp2r6",
        },
    )
    import json

    config = {
        "gateway_url": gateway_url,
        "client_id": "6aarhftf6bopppar05humcp2r6",
        "token_endpoint": token_url,
    }
    path = write(tmp_path, json.dumps(config, indent=2), {})
    loaded = load_file(path)
    loaded.deployment.proxy_lambda = "bedrock-gateway-proxy"  # what --lambda NAME does
    findings = run_job(live_rules(["GW502"]), Job(loaded.deployment, loaded.document, facts))
    # a client config has no proxy_lambda key: findings sit at the document root
    assert sorted((f.status.value, f.pointer, f.message.split(" ")[0]) for f in findings) == [
        ("fail", "", "TOKEN_URL"),
        ("pass", "", "COGNITO_CLIENT_ID"),
        ("pass", "", "GATEWAY_URL"),
    ]
    assert all(f.resource and ":us-west-2:" in f.resource for f in findings)
    assert "is not set" in next(f for f in findings if f.status is Status.FAIL).message


# -- secrets ----------------------------------------------------------------------------------


def test_secret_values_never_printed(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    values = _proxy_scenario("plaintext")(seed)
    path = write(tmp_path, FIXTURES / "rules" / "GW502" / "pass.json", values)
    findings = lint_file(path, facts, "GW502", "GW603")
    assert (
        triples(findings)
        == [("GW502", "pass", "/proxy_lambda")] * 3 + [("GW603", "fail", "/proxy_lambda")] * 2
    )
    for finding in findings:
        for text in (finding.message, finding.fix, finding.resource or ""):
            assert PLAINTEXT not in text and GITHUB_TOKEN not in text
    flagged = sorted(f.message.split(" keeps ")[1].split(" ")[0] for f in of(findings, "GW603"))
    assert flagged == ["API_TOKEN", "COGNITO_CLIENT_SECRET"]


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("COGNITO_CLIENT_SECRET", "q9Xv2LmT8rZs4NkP7wYb3HcJ6fDg1Ea5", True),
        ("DB_PASSWORD", "123456", True),
        ("ACCESS_TOKEN", "eyJraWQiOiJ4In0.eyJzdWIiOiJ4In0.c2ln", True),
        ("client_secret", "abc", True),
        ("COGNITO_CLIENT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x", False),
        ("COGNITO_CLIENT_SECRET", "arn:aws:secretsmanager:us-east-1:1:secret:x", False),
        ("SECRET_NAME", "gateway/client-secret", False),
        ("TOKEN_URL", "https://x.auth.us-east-1.amazoncognito.com/oauth2/token", False),
        ("TOKEN_CACHE", "300", False),
        ("TOKEN", "https://example.com", False),
        ("CLIENT_SECRET", "{{resolve:secretsmanager:gw-secret}}", False),
        ("CLIENT_SECRET", "${CLIENT_SECRET}", False),
        ("CLIENT_SECRET", "", False),
        ("GATEWAY_URL", "https://gw.example.com/mcp", False),
        ("COGNITO_CLIENT_ID", "6aarhftf6bopppar05humcp2r6", False),
    ],
)
def test_plaintext_secret_detection(name: str, value: str, secret: bool) -> None:
    from gwlint_rules.gw603_proxy_lambda_plaintext_secret import is_plaintext_secret

    assert is_plaintext_secret(name, value) is secret


# -- protocol and metadata --------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", MINE)
def test_rules_yield_nothing_without_facts(rule_id: str, tmp_path: Path) -> None:
    path = tmp_path / "deployment.json"
    path.write_text((FIXTURES / "rules" / "GW502" / "fail-missing.json").read_text())
    deployment: Deployment = load_file(path).deployment
    meta = RULES[rule_id]
    assert list(meta.check(Context(deployment=deployment, rule=meta, facts=None))) == []


CALL_CASES = [
    ("GW401", "pass"),
    ("GW402", "fail"),
    ("GW403", "pass"),
    ("GW404", "pass"),
    ("GW405", "pass"),
    ("GW501", "fail-setup-alias"),
    ("GW501", "pass"),
    ("GW502", "pass-live-gateway"),
    ("GW603", "fail"),
]


@pytest.mark.parametrize(("rule_id", "case"), CALL_CASES)
def test_declared_actions_cover_every_call(
    rule_id: str, case: str, seed: Seeder, tmp_path: Path, moto_aws: None
) -> None:
    facade = make_facts()
    _run_case(rule_id, case, seed, facade, tmp_path, alone=True)
    assert facade.actions, "the rule made no call"
    assert set(facade.actions) <= set(RULES[rule_id].actions), facade.actions


@pytest.mark.parametrize("rule_id", MINE)
def test_rule_metadata(rule_id: str) -> None:
    meta = RULES[rule_id]
    assert meta.live and meta.actions
    assert all(":" in action for action in meta.actions)
    for section in ("## Why", "## Symptom", "## Fix"):
        assert section in meta.doc, (rule_id, section)
    assert meta.requires == ()  # GW404/GW405 judge a runtime in any status GW403 reports
    assert meta.severity is (Severity.WARNING if rule_id == "GW603" else Severity.ERROR)


def test_account_built_gateway_with_a_missing_interceptor_lambda(seed: Seeder, facts: Any) -> None:
    """GW501 reads the deployed gateway's interceptors: the missing one fails, by its ARN."""
    present = seed.function("request-audit")
    missing = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:response-redact"
    gateway = seed.gateway(
        "guarded-gateway",
        interceptorConfigurations=[
            {"interceptor": {"lambda": {"arn": present}}, "interceptionPoints": ["REQUEST"]},
            {"interceptor": {"lambda": {"arn": missing}}, "interceptionPoints": ["RESPONSE"]},
        ],
    )
    findings = of(lint_account(facts, gateway["gatewayId"], "GW501"), "GW501")
    assert [(f.status, f.resource, f.pointer) for f in findings] == [
        (Status.PASS, present, None),
        (Status.FAIL, missing, None),
    ]
    assert findings[1].message == (
        f"Lambda function {missing} (interceptor 2 of gateway guarded-gateway) does not exist: "
        f"no such function in {REGION}."
    )
    assert findings[1].severity is Severity.ERROR
