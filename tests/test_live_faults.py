"""Fault injection for ``--live``: a real proxy between gwlint and a real moto server.

A healthy deployment (every check passes, exit 0) is seeded into moto running
as an HTTP server; ``AWS_ENDPOINT_URL`` points gwlint at a loopback proxy
(:mod:`tests.fault_proxy`) that forwards to moto and breaks the answers of one
service or operation in one way. For every (mode, scope) the run must:

- not crash (no traceback) and exit 1 or 2, never 0;
- end within the ``--timeout`` deadline;
- give no PASS for any rule that declares a call the proxy broke, nor for a
  target whose GetGatewayTarget it broke, and name the broken call;
- still run the rest: checks that need none of the broken calls report what
  they report on the healthy account;
- never quote the body of a secret-bearing answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.aws.answers import SECRET_BEARING
from gwlint.aws.policy import action_for
from gwlint.cli import app
from gwlint.registry import all_rules
from tests.fault_proxy import MODES, PORTAL, Fault, FaultProxy
from tests.live_support import IAM_ROLE_PROVIDER, Seeder, allow, jwt_authorizer, subprocess_env

pytest_plugins = ("tests.live_support",)  # moto_server, server_seed, no_retry_delay

SERVICES = ("bedrock-agentcore-control", "iam", "sts", "lambda", "cognito-idp")
RULES = {r.id: r for r in all_rules()}
TIMEOUT = 3.0  # --timeout where the proxy never answers: the run must end by then
ANSWERED_TIMEOUT = 20.0  # where it answers (badly): ample on a loaded machine
SLACK = 4.0  # seconds past the deadline a run may take to check, print and exit (loaded CI)

#: scope -> (service, API operations broken; empty: all of the service's)
SCOPES: dict[str, tuple[str, frozenset[str]]] = {
    "iam": ("iam", frozenset()),
    "cognito": ("cognito-idp", frozenset()),
    "lambda": ("lambda", frozenset()),
    "targets": ("bedrock-agentcore-control", frozenset({"GetGatewayTarget"})),
    "runtime": (
        "bedrock-agentcore-control",
        frozenset({"GetAgentRuntime", "GetAgentRuntimeEndpoint"}),
    ),
}
#: Live rules unrelated to each scope: on a fault that leaves the rest of the
#: account answering, they report exactly what they report on a healthy one.
UNRELATED = {
    "iam": ("GW321", "GW322", "GW401", "GW402", "GW403", "GW501"),
    "cognito": ("GW401", "GW402", "GW403", "GW501", "GW510", "GW511"),
    "lambda": ("GW321", "GW322", "GW401", "GW402", "GW403", "GW510", "GW511"),
    "targets": ("GW321", "GW322", "GW401", "GW510", "GW511"),
    "runtime": ("GW321", "GW322", "GW401", "GW402", "GW501", "GW510", "GW511"),
}


@pytest.fixture
def healthy(server_seed: Seeder) -> dict[str, Any]:
    """A deployment on which every check passes (or has nothing to check)."""
    seed = server_seed
    tools = seed.function("weather-tools")
    runtime = seed.runtime("shop_mcp", server_protocol="MCP")
    role = seed.role(
        "ShopGatewayRole",
        inline={
            "invoke": allow(
                ["lambda:InvokeFunction", "bedrock-agentcore:InvokeAgentRuntime"],
                [tools, runtime["agentRuntimeArn"], runtime["agentRuntimeArn"] + "/*"],
            )
        },
    )
    cog = seed.cognito("shop-gateway")
    gateway = seed.gateway(
        "shop-gateway",
        role_arn=role,
        authorizer_configuration=jwt_authorizer(cog),
    )
    seed.lambda_target(gateway["gatewayId"], "weather", tools)
    seed.mcp_server_target(
        gateway["gatewayId"],
        "shop",
        runtime["invocationUrl"],
        credential_providers=[IAM_ROLE_PROVIDER],
    )
    seed.function(
        "gateway-proxy",
        env={"GATEWAY_URL": gateway["gatewayUrl"], "COGNITO_CLIENT_ID": cog.client_id},
    )
    return {"gateway": gateway, "targets": ("target weather", "target shop")}


def check_args(healthy: dict[str, Any], timeout: float) -> list[str]:
    return [
        "check",
        "--live",
        "--gateway",
        healthy["gateway"]["gatewayUrl"],
        "--lambda",
        "gateway-proxy",
        "--format",
        "json",
        "--timeout",
        f"{timeout:g}",
    ]


@pytest.fixture
def through(
    moto_server: str, monkeypatch: pytest.MonkeyPatch, no_retry_delay: None
) -> Iterator[Any]:
    """Run gwlint in-process through a proxy with the given faults: (result, proxy, seconds)."""
    proxies: list[FaultProxy] = []

    def run(args: list[str], faults: list[Fault]) -> tuple[Any, FaultProxy, float]:
        proxy = FaultProxy(moto_server, faults, SERVICES)
        proxies.append(proxy)
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
        started = time.monotonic()
        result = CliRunner().invoke(app, args)
        return result, proxy, time.monotonic() - started

    yield run
    for proxy in proxies:
        proxy.close()


def declared_actions() -> set[str]:
    return {action for r in RULES.values() for action in r.actions}


def scope_matches(scope: str, action: str) -> bool:
    """True when ``action`` is one of the calls ``scope`` breaks."""
    service, operations = SCOPES[scope]
    operation = action.split(":")[1]
    return action_for(service, operation) == action and (not operations or operation in operations)


def findings_of(result: Any) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def statuses(findings: list[dict[str, Any]], rule_ids: tuple[str, ...]) -> Counter[Any]:
    return Counter((f["rule_id"], f["status"]) for f in findings if f["rule_id"] in rule_ids)


def test_the_healthy_deployment_passes_through_a_transparent_proxy(
    healthy: dict[str, Any], through: Any
) -> None:
    result, proxy, _ = through(check_args(healthy, 30), [])
    assert result.exit_code == 0, result.stdout + result.stderr
    findings = findings_of(result)
    assert {f["status"] for f in findings} == {"pass", "skip"}
    assert proxy.broken == [] and proxy.forwarded > 10
    live = {f["rule_id"] for f in findings if RULES[f["rule_id"]].live and f["status"] == "pass"}
    assert live >= {"GW321", "GW322", "GW401", "GW402", "GW403", "GW501", "GW510", "GW512"}


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return {}


#: Each fault mode against three scopes (each scope meets four to six modes).
MATRIX = {
    "html": ("iam", "cognito", "targets"),
    "garbage": ("lambda", "runtime", "cognito"),
    "truncated": ("targets", "iam", "lambda"),
    "empty-json": ("runtime", "cognito", "targets"),
    "json500": ("iam", "lambda", "runtime"),
    "xml500": ("cognito", "targets", "iam"),
    "hang": ("lambda", "targets", "runtime"),
    "die": ("iam", "cognito", "targets"),
}


def test_the_matrix_covers_every_mode_and_scope() -> None:
    assert set(MATRIX) == set(MODES)
    assert {scope for scopes in MATRIX.values() for scope in scopes} == set(SCOPES)


@pytest.mark.parametrize(
    ("mode", "scope"), [(mode, scope) for mode, scopes in MATRIX.items() for scope in scopes]
)
def test_a_broken_answer_is_never_a_pass(
    healthy: dict[str, Any], through: Any, mode: str, scope: str, baseline: dict[str, Any]
) -> None:
    if "findings" not in baseline:  # what the healthy account gives (once per worker)
        clean, _, _ = through(check_args(healthy, 30), [])
        assert clean.exit_code == 0, clean.stdout
        baseline["findings"] = findings_of(clean)
    service, operations = SCOPES[scope]
    limit = TIMEOUT if mode == "hang" else ANSWERED_TIMEOUT
    result, proxy, seconds = through(check_args(healthy, limit), [Fault(mode, service, operations)])
    output = result.stdout + result.stderr

    # no crash, never exit 0, within the deadline
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert result.exit_code in (1, 2), output
    assert seconds < limit + SLACK, f"{seconds:.1f}s"
    broken = {action_for(s, op) for s, op, _ in proxy.broken}
    if mode == "hang":  # on a loaded machine the deadline can pass before a request is sent
        broken |= {a for a in declared_actions() if scope_matches(scope, a)}
    assert broken, "the fault never triggered"
    assert "AWS read(s) got no usable answer" in result.stderr

    findings = findings_of(result)
    # no PASS for a rule that needed a broken call, nor for a target whose Get broke
    needed = {r.id for r in RULES.values() if broken.intersection(r.actions)}
    passed = [f for f in findings if f["status"] == "pass"]
    assert [f for f in passed if f["rule_id"] in needed] == []
    if scope == "targets":
        assert [f for f in passed if f["resource"] in healthy["targets"]] == []
        gw215 = [f for f in findings if f["rule_id"] == "GW215"]
        unread = {f["resource"] for f in gw215 if f["status"] == "error"}
        assert unread and {f["resource"] for f in gw215} == set(healthy["targets"])
    errors = [f for f in findings if f["status"] == "error"]
    named = broken if mode != "die" else {f"{action.split(':')[0]}:" for action in broken}
    assert any(action in f["message"] for f in errors for action in named), [
        f["message"] for f in errors
    ]

    # the rest still run (modes that leave the other calls answering)
    if mode not in ("hang", "die"):
        unrelated = UNRELATED[scope]
        assert statuses(findings, unrelated) == statuses(baseline["findings"], unrelated)
        offline = tuple(r for r in RULES if not RULES[r].live)
        if scope != "targets":
            assert statuses(findings, offline) == statuses(baseline["findings"], offline)

    # a secret-bearing answer is never quoted
    for finding in errors:
        message = finding["message"]
        if any(f"{op} got an answer" in message for op in SECRET_BEARING):
            assert "starts '" not in message and "Wi-Fi" not in message, message


def test_a_portal_page_is_named_with_status_type_and_first_bytes(
    healthy: dict[str, Any], through: Any
) -> None:
    result, _, _ = through(check_args(healthy, ANSWERED_TIMEOUT), [Fault("html", "iam")])
    assert result.exit_code == 1
    gw510 = [f for f in findings_of(result) if f["rule_id"] == "GW510"]
    assert [(f["status"], f["message"]) for f in gw510] == [
        (
            "error",
            "Could not check execution role ShopGatewayRole: iam:GetRole got an answer that is "
            "not the API's (not XML): HTTP 200, text/html; charset=utf-8, "
            f"{len(PORTAL)} bytes, starts '<!DOCTYPE html><html><head><title>Hotel '…",
        )
    ]


def test_an_unreadable_secret_bearing_answer_is_not_quoted(
    healthy: dict[str, Any], through: Any
) -> None:
    result, _, _ = through(
        check_args(healthy, ANSWERED_TIMEOUT),
        [Fault("html", "cognito-idp", frozenset({"DescribeUserPoolClient"}))],
    )
    assert result.exit_code == 1
    gw322 = [f for f in findings_of(result) if f["rule_id"] == "GW322"]
    assert [f["status"] for f in gw322] == ["error"]
    assert gw322[0]["message"].endswith(
        "cognito-idp:DescribeUserPoolClient got an answer that is not the API's (not JSON): "
        f"HTTP 200, text/html; charset=utf-8, {len(PORTAL)} bytes, "
        "body not shown: this call's answer can hold secrets"
    )
    assert "Wi-Fi" not in result.stdout + result.stderr


def test_the_gateway_itself_unreadable_is_exit_2_without_a_location(
    healthy: dict[str, Any], through: Any
) -> None:
    result, _, _ = through(
        check_args(healthy, ANSWERED_TIMEOUT),
        [Fault("garbage", "bedrock-agentcore-control", frozenset({"GetGateway"}))],
    )
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["findings"] == []
    [error] = payload["errors"]
    assert (error["line"], error["column"]) == (None, None)
    assert error["file"] == f"gateway {healthy['gateway']['gatewayUrl']}"
    assert error["message"].startswith(
        "cannot read it: bedrock-agentcore:GetGateway got an answer that is not the API's "
        "(not UTF-8 text): HTTP 200, application/octet-stream, 302 bytes, starts '.."
    )


def test_a_blackholed_account_ends_at_the_deadline_in_a_real_process(
    healthy: dict[str, Any], moto_server: str, tmp_path: Path
) -> None:
    """The installed command, everything hanging but STS: exit 1 by the deadline, no traceback."""
    script = Path(sys.executable).with_name("gwlint")
    faults = [Fault("hang", s) for s in SERVICES if s != "sts"]
    with FaultProxy(moto_server, faults, SERVICES) as proxy:
        started = time.monotonic()
        done = subprocess.run(
            [str(script), *check_args(healthy, 4)],
            env=subprocess_env(proxy.url, tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        seconds = time.monotonic() - started
    assert done.returncode == 2, done.stderr  # GetGateway never answered: nothing to check
    assert seconds < 4 + 5, f"{seconds:.1f}s"  # the deadline plus interpreter start-up
    assert "Traceback" not in done.stderr
    message = (
        "cannot read it: bedrock-agentcore:GetGateway: no answer within the live run's time "
        "limit (--timeout 4 s); the network or endpoint did not respond"
    )
    payload = json.loads(done.stdout)
    assert payload["errors"] == [
        {
            "file": f"gateway {healthy['gateway']['gatewayUrl']}",
            "line": None,
            "column": None,
            "message": message,
        }
    ]
    assert done.stderr.splitlines()[0] == (
        f"gwlint: error: gateway {healthy['gateway']['gatewayUrl']}: {message}"
    )


def test_a_server_dying_mid_run_fails_only_what_it_did_not_answer(
    healthy: dict[str, Any], through: Any
) -> None:
    """One GetGatewayTarget answered, then the proxy dies: that target is checked, the other not."""
    fault = Fault("die", "bedrock-agentcore-control", frozenset({"GetGatewayTarget"}), after=1)
    result, proxy, seconds = through(check_args(healthy, ANSWERED_TIMEOUT), [fault])
    assert result.exit_code == 1 and seconds < ANSWERED_TIMEOUT
    assert proxy.broken == [("bedrock-agentcore-control", "GetGatewayTarget", "die")]
    findings = findings_of(result)
    gw215 = {f["resource"]: f for f in findings if f["rule_id"] == "GW215"}
    assert sorted(f["status"] for f in gw215.values()) == ["error", "pass"]
    [lost] = [label for label, f in gw215.items() if f["status"] == "error"]
    # a new connection is refused; a pooled one is cut mid-request: both are named as such
    assert gw215[lost]["message"].startswith(
        tuple(
            f"Could not check {lost}: its configuration could not be read "
            f"(bedrock-agentcore:GetGatewayTarget: {how}"
            for how in ("endpoint unreachable", "connection failed")
        )
    )
    gw402 = [f for f in findings if f["rule_id"] == "GW402" and f["status"] == "error"]
    assert [f["resource"].split(" (")[0] for f in gw402] == [lost]
    assert not [f for f in findings if f["resource"] == lost and f["status"] == "pass"]


def test_an_unreadable_target_list_leaves_no_target_rule_passing(
    healthy: dict[str, Any], through: Any
) -> None:
    fault = Fault("html", "bedrock-agentcore-control", frozenset({"ListGatewayTargets"}))
    result, _, _ = through(check_args(healthy, ANSWERED_TIMEOUT), [fault])
    assert result.exit_code == 1
    findings = findings_of(result)
    gw215 = [
        (f["status"], f["resource"], f["message"]) for f in findings if f["rule_id"] == "GW215"
    ]
    gateway = f"gateway {healthy['gateway']['name']}"
    assert gw215 == [
        (
            "error",
            gateway,
            f"Could not check the targets of {gateway}: their list could not be read "
            "(bedrock-agentcore:ListGatewayTargets got an answer that is not the API's (not "
            f"JSON): HTTP 200, text/html; charset=utf-8, {len(PORTAL)} bytes, starts "
            "'<!DOCTYPE html><html><head><title>Hotel '…).",
        )
    ]
    target_rules = {r for r in RULES if r.startswith("GW2")}
    assert [f for f in findings if f["rule_id"] in target_rules and f["status"] == "pass"] == []
