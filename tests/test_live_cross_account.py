"""GW514 cross-account-lambda-policy: the function's resource policy (lambda GetPolicy).

The function lives in another account than the one gwlint's credentials (moto)
read, so GetPolicy is answered by a before-send hook in Lambda's rest-json
protocol, as that account would answer it; every other read goes to moto.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gwlint.findings import Finding, Severity, Status
from gwlint.resource_policy import invoke_evaluation

from .conftest import FIXTURES
from .live_support import _Raw, error_response, lint_file, make_facts

pytest_plugins = ("tests.live_support",)

CASES = FIXTURES / "rules" / "GW514"
EXPECT = tomllib.loads((CASES / "expect.toml").read_text())
FUNCTION = "arn:aws:lambda:us-east-1:210987654321:function:billing-tools"
ROLE = "arn:aws:iam::123456789012:role/ShopGatewayRole"
AT = "/targets/0/targetConfiguration/mcp/lambda/lambdaArn"


def _statement(principal: Any, **extra: Any) -> dict[str, Any]:
    return {
        "Sid": "gateway",
        "Effect": "Allow",
        "Principal": principal,
        "Action": "lambda:InvokeFunction",
        "Resource": FUNCTION,
        **extra,
    }


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


POLICIES = {
    "pass": _policy(_statement({"AWS": ROLE})),
    "fail": _policy(_statement({"AWS": "arn:aws:iam::123456789012:role/OtherRole"})),
}


def get_policy(
    answer: str | None, seen: list[str], code: str = "ResourceNotFoundException"
) -> tuple[str, Callable[..., Any]]:
    """A hook answering GetPolicy with ``answer`` (None: the error ``code``)."""
    from botocore.awsrequest import AWSResponse

    def handler(request: Any, event_name: str = "", **_: Any) -> Any:
        if not event_name.endswith(".GetPolicy"):
            return None
        seen.append(request.url.split("/2015-03-31/")[-1])
        if answer is None:
            status = 403 if code == "AccessDeniedException" else 404
            return error_response(request, code, "answered by the test", status)
        body = json.dumps({"Policy": answer, "RevisionId": "r1"}).encode()
        return AWSResponse(request.url, 200, {"Content-Type": "application/json"}, _Raw(body))

    return ("before-send", handler)


def _lint(path: Path, answer: str | None, **options: Any) -> tuple[list[Finding], list[str]]:
    seen: list[str] = []
    facts = make_facts(hooks=[get_policy(answer, seen, **options)])
    findings = [f for f in lint_file(path, facts, "GW514") if f.rule_id == "GW514"]
    facts.close()
    return findings, seen


def _config(tmp_path: Path, lambda_arn: str) -> Path:
    doc = json.loads((CASES / "pass.json").read_text())
    doc["targets"][0]["targetConfiguration"]["mcp"]["lambda"]["lambdaArn"] = lambda_arn
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("case", ["pass", "fail"])
def test_fixture_findings_are_exact(case: str, moto_aws: None) -> None:
    findings, seen = _lint(CASES / f"{case}.json", POLICIES[case])
    expected = EXPECT[case]
    assert [[f.status.value, f.pointer] for f in findings] == expected["findings"]
    status, line, column = expected["position"]
    (first,) = findings
    assert (first.status.value, first.line, first.column) == (status, line, column)
    assert first.resource == FUNCTION
    assert seen == [f"functions/{FUNCTION.replace(':', '%3A')}/policy"]


def test_messages_name_the_role_the_statement_and_the_accounts(moto_aws: None) -> None:
    (ok,) = _lint(CASES / "pass.json", POLICIES["pass"])[0]
    name = f"Lambda function {FUNCTION} (target billing-tools, account 210987654321)"
    assert ok.message == (
        f"The resource policy of {name} allows role {ROLE} to call lambda:InvokeFunction "
        "(resource policy statement gateway)."
    )
    (bad,) = _lint(CASES / "fail.json", POLICIES["fail"])[0]
    assert (bad.status, bad.severity) == (Status.FAIL, Severity.ERROR)
    assert bad.message == (
        f"The resource policy of {name} does not let role {ROLE} of account 123456789012 call "
        "lambda:InvokeFunction (no statement allows it); tool calls to it are denied."
    )
    assert "add-permission" in bad.fix


@pytest.mark.parametrize(
    "principal", ["123456789012", "arn:aws:iam::123456789012:root", "*", [ROLE, "x"]]
)
def test_the_account_or_everyone_also_counts(principal: Any, moto_aws: None) -> None:
    (finding,) = _lint(CASES / "pass.json", _policy(_statement({"AWS": principal})))[0]
    assert finding.status is Status.PASS


def test_no_policy_fails(moto_aws: None) -> None:
    (finding,) = _lint(CASES / "pass.json", None)[0]
    assert (finding.status, finding.severity, finding.pointer) == (Status.FAIL, Severity.ERROR, AT)
    assert finding.message == (
        f"Lambda function {FUNCTION} (target billing-tools, account 210987654321) has no "
        "resource-based policy or does not exist (GetPolicy: not found), so role "
        f"{ROLE} of account 123456789012 cannot invoke it."
    )


def test_an_unreadable_policy_is_an_error_saying_why_never_a_pass(moto_aws: None) -> None:
    (finding,) = _lint(CASES / "pass.json", None, code="AccessDeniedException")[0]
    assert (finding.status, finding.pointer) == (Status.ERROR, AT)
    assert finding.message.endswith(
        "access denied (lambda:GetPolicy); the function is in another account than the "
        "gateway (123456789012), whose credentials usually may not read it."
    )
    assert finding.fix.startswith("Run gwlint with credentials of account 210987654321")


def test_a_condition_that_decides_it_is_a_warning(moto_aws: None) -> None:
    condition = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    policy = _policy(_statement({"AWS": "*"}, Condition=condition))
    (finding,) = _lint(CASES / "pass.json", policy)[0]
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.WARNING)
    assert "depends on what gwlint cannot evaluate (resource policy statement gateway)" in (
        finding.message
    )


def test_a_service_principal_grants_the_role_nothing(moto_aws: None) -> None:
    policy = _policy(_statement({"Service": "bedrock-agentcore.amazonaws.com"}))
    (finding,) = _lint(CASES / "pass.json", policy)[0]
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.ERROR)


def test_a_function_of_the_gateway_account_is_not_read(tmp_path: Path, moto_aws: None) -> None:
    path = _config(tmp_path, FUNCTION.replace("210987654321", "123456789012"))
    findings, seen = _lint(path, POLICIES["pass"])
    assert findings == [] and seen == []


def test_an_explicit_deny_wins() -> None:
    deny = dict(_statement({"AWS": "123456789012"}), Effect="Deny", Sid="nope")
    result = invoke_evaluation(
        _policy(_statement({"AWS": ROLE}), deny), FUNCTION, ROLE, "123456789012"
    )
    assert (result.decision.value, result.denied_by) == (
        "denied",
        ("resource policy statement nope",),
    )


def test_the_prefetch_plans_the_foreign_function_policy_only() -> None:
    from gwlint.aws.source import warm_calls
    from gwlint.livecheck import Read
    from gwlint.sources import load_file

    deployment = load_file(CASES / "pass.json").deployment
    policy_reads = [r for r in warm_calls(deployment, "us-east-1") if r.operation == "get_policy"]
    assert policy_reads == [Read.function_policy(FUNCTION, "us-east-1")]
