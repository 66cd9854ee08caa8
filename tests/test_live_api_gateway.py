"""GW232 api-gateway-stage-exists, GW512 execute-api:Invoke, GW513 function URLs; on moto."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gwlint.findings import Finding, Severity, Status

from .live_support import (
    ACCOUNT,
    REGION,
    Seeder,
    allow,
    check_fixture_case,
    check_scenarios,
    fixture_case_parameters,
    inject_error,
    lint_file,
    live_rules,
    make_facts,
    of,
)

pytest_plugins = ("tests.live_support",)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
FIXTURE = FIXTURES / "GW232"
GATEWAY_ARN = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:gateway/pets-gateway-k3v9q2m7xa"
API_AT = "/targets/0/targetConfiguration/mcp/apiGateway"
URL_AT = "/targets/0/targetConfiguration/mcp/mcpServer/endpoint"


def s_pass(seed: Seeder) -> dict[str, str]:
    return {"API_ID": seed.rest_api(), "ROLE_ARN": seed.role()}


def s_url(granted: list[str]) -> Callable[[Seeder], dict[str, str]]:
    def scenario(seed: Seeder) -> dict[str, str]:
        function = seed.function("docs-mcp-server")
        url = seed.function_url("docs-mcp-server").rstrip("/") + "/"
        return {
            "FUNCTION_URL": url,
            "ROLE_ARN": seed.role(inline={"mcp": allow(granted, function)}),
        }

    return scenario


SCENARIOS = {
    ("GW232", "pass"): s_pass,
    ("GW232", "fail"): s_pass,
    ("GW513", "pass"): s_url(["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"]),
    ("GW513", "fail"): s_url(["lambda:InvokeFunction"]),
}


def test_every_fixture_case_has_a_scenario() -> None:
    check_scenarios(["GW232", "GW513"], SCENARIOS)


@fixture_case_parameters(["GW232", "GW513"])
def test_fixture_findings_are_exact(
    rule_id: str, path: Path, seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    check_fixture_case(rule_id, path, SCENARIOS[(rule_id, path.stem)], seed, facts, tmp_path)


def _lint(
    tmp_path: Path, values: dict[str, str], case: str, facts: Any, rule: str
) -> list[Finding]:
    text = (FIXTURE / f"{case}.json").read_text()
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    path = tmp_path / "gateway.json"
    path.write_text(text)
    return of(lint_file(path, facts, rule), rule)


def test_stage_messages_name_what_is_missing(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    values = s_pass(seed)
    api = values["API_ID"]
    (passed,) = _lint(tmp_path, values, "pass", facts, "GW232")
    assert passed.message.startswith(
        f"Stage prod of REST API {api} exists in {REGION} (deployment "
    )
    assert passed.resource == f"arn:aws:apigateway:{REGION}::/restapis/{api}/stages/prod"
    stage, gone = _lint(tmp_path, values, "fail", facts, "GW232")
    assert (stage.severity, gone.severity) == (Severity.ERROR, Severity.ERROR)
    assert stage.message == (
        f"target pets-api names stage 'Prod' of REST API {api}, but that API has no stage "
        f"'Prod' in {REGION}."
    )
    assert gone.message == (
        "target orders-api names stage 'prod' of REST API zz9zz9zz9z, but no REST API "
        f"zz9zz9zz9z exists in {REGION}."
    )


def test_denied_get_stage_is_an_error_naming_apigateway_get(seed: Seeder, tmp_path: Path) -> None:
    values = s_pass(seed)
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={"GetStage"})])
    (finding,) = _lint(tmp_path, values, "pass", denied, "GW232")
    assert (finding.status, finding.pointer) == (Status.ERROR, API_AT)
    assert "apigateway:GET" in finding.message


def test_iam_policy_has_the_new_read_actions() -> None:
    from gwlint.aws.policy import required_actions

    actions = required_actions(live_rules(["GW232", "GW513"]))
    assert {"apigateway:GET", "lambda:ListFunctions", "lambda:GetFunctionUrlConfig"} <= set(actions)


# -- GW512: execute-api:Invoke for API Gateway targets -------------------------------------


def test_execute_api_invoke_allowed_passes_and_missing_warns(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    api = seed.rest_api()
    invoke = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/prod/GET/pets"
    good = seed.role(
        "PetsRole",
        inline={
            "api": allow(
                "execute-api:Invoke", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/prod/*"
            )
        },
    )
    (finding,) = _lint(tmp_path, {"API_ID": api, "ROLE_ARN": good}, "pass", facts, "GW512")
    assert (finding.status, finding.pointer, finding.resource) == (Status.PASS, API_AT, invoke)
    bare = seed.role("BareRole", inline={"logs": allow("logs:PutLogEvents")})
    (finding,) = _lint(tmp_path, {"API_ID": api, "ROLE_ARN": bare}, "pass", facts, "GW512")
    assert (finding.status, finding.severity, finding.resource) == (
        Status.FAIL,
        Severity.WARNING,
        invoke,
    )
    assert finding.message == (
        f"No policy of role BareRole allows execute-api:Invoke on {invoke}, which target "
        "pets-api (for methods with AWS_IAM authorization) needs."
    )


# -- GW513: lambda:InvokeFunctionUrl for function-URL MCP servers ---------------------------


def _url_config(tmp_path: Path, role: str, endpoint: str) -> Path:
    text = (FIXTURES / "GW513" / "pass.json").read_text()
    text = text.replace("${ROLE_ARN}", role).replace("${FUNCTION_URL}mcp", endpoint)
    path = tmp_path / "gateway.json"
    path.write_text(text)
    return path


def test_function_url_needs_both_invoke_actions(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    seed.function("other-tools")
    function = seed.function("docs-mcp-server")
    url = seed.function_url("docs-mcp-server")
    role = seed.role(inline={"mcp": allow("lambda:InvokeFunction", function)})
    findings = of(lint_file(_url_config(tmp_path, role, url + "/mcp"), facts, "GW513"), "GW513")
    assert [(f.status, f.severity, f.pointer, f.resource) for f in findings] == [
        (Status.FAIL, Severity.ERROR, URL_AT, function),
        (Status.PASS, Severity.ERROR, URL_AT, function),
    ]
    assert findings[0].message == (
        f"No policy of role AgentCoreGatewayRole allows lambda:InvokeFunctionUrl on "
        f"{function}, which target docs-mcp needs."
    )
    assert findings[1].message.startswith(
        f"Role AgentCoreGatewayRole allows lambda:InvokeFunction on {function} for target "
        "docs-mcp (its URL was created since October 2025)"
    )


def test_function_url_with_auth_none_needs_no_permission(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    function = seed.function("public-mcp")
    url = seed.function_url("public-mcp", auth_type="NONE")
    role = seed.role(inline={"logs": allow("logs:PutLogEvents")})
    (finding,) = of(lint_file(_url_config(tmp_path, role, url), facts, "GW513"), "GW513")
    assert (finding.status, finding.resource) == (Status.PASS, function)
    assert finding.message == (
        f"The function URL of {function} has AuthType 'NONE': target docs-mcp needs no "
        "lambda:InvokeFunctionUrl permission."
    )


def test_function_url_with_an_unknown_auth_type_is_an_error_not_a_pass(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    function = seed.function("odd-mcp")
    url = seed.function_url("odd-mcp", auth_type="CUSTOM")
    role = seed.role(inline={"logs": allow("logs:PutLogEvents")})
    (finding,) = of(lint_file(_url_config(tmp_path, role, url), facts, "GW513"), "GW513")
    assert (finding.status, finding.resource, finding.pointer) == (Status.ERROR, function, URL_AT)
    assert finding.message == (
        f"The function URL of {function} has AuthType 'CUSTOM', neither AWS_IAM nor NONE: "
        "whether target docs-mcp needs lambda:InvokeFunctionUrl was not checked."
    )


def test_function_url_of_no_function_here_is_skipped(
    seed: Seeder, facts: Any, tmp_path: Path
) -> None:
    seed.function("docs-mcp-server")
    role = seed.role(inline={"all": allow("lambda:*")})
    url = f"https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.{REGION}.on.aws/"
    (finding,) = of(lint_file(_url_config(tmp_path, role, url), facts, "GW513"), "GW513")
    assert (finding.status, finding.pointer) == (Status.SKIP, URL_AT)
    assert finding.message.startswith(
        f"no function in {REGION} of this account has the function URL "
        f"abcdefghijklmnopqrstuvwxyz012345.lambda-url.{REGION}.on.aws"
    )


def test_list_functions_denied_is_an_error(seed: Seeder, tmp_path: Path) -> None:
    seed.function("docs-mcp-server")
    url = seed.function_url("docs-mcp-server")
    role = seed.role(inline={"all": allow("lambda:*")})
    denied = make_facts(hooks=[inject_error("AccessDeniedException", operations={"ListFunctions"})])
    (finding,) = of(lint_file(_url_config(tmp_path, role, url), denied, "GW513"), "GW513")
    assert (finding.status, finding.pointer) == (Status.ERROR, URL_AT)
    assert "lambda:ListFunctions" in finding.message


def test_gw512_leaves_function_urls_to_gw513(seed: Seeder, facts: Any, tmp_path: Path) -> None:
    seed.function("docs-mcp-server")
    url = seed.function_url("docs-mcp-server")
    role = seed.role(inline={"logs": allow("logs:PutLogEvents")})
    assert of(lint_file(_url_config(tmp_path, role, url), facts, "GW512"), "GW512") == []
