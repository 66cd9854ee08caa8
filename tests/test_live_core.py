"""Live-mode core: the facts facade, read-only enforcement, the live source, the CLI.

Everything runs against moto (in-process, or as a real HTTP server on a
loopback port); faults are injected with botocore ``before-send`` hooks.
No assertion depends on timing: concurrency is observed by counting requests
in flight, not by measuring durations.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.aws.facts import AwsFacts, Call, SetupError
from gwlint.aws.policy import action_for, required_actions
from gwlint.aws.readonly import ReadOnlyViolation
from gwlint.aws.source import (
    SourceError,
    all_gateway_deployments,
    gateway_deployment,
    parse_gateway_ref,
)
from gwlint.cli import app
from gwlint.facts import AccessDenied, NotFound, Unavailable
from gwlint.registry import all_rules
from tests.live_support import (
    ACCOUNT,
    AGENTCORE,
    REGION,
    Blackhole,
    Latency,
    Seeder,
    allow,
    inject_error,
    make_facts,
    subprocess_env,
)

pytest_plugins = ("tests.live_support",)  # fixtures: seed, facts, moto_aws, moto_server…

SCRIPT = Path(sys.executable).with_name("gwlint")
runner = CliRunner()
EMPTY_SUMMARY = "0 passed, 0 failed in 0 files"


def sent(f: AwsFacts, operation: str) -> int:
    return sum(n for (_, op), n in f.counts.items() if op == operation)


# ---------------------------------------------------------------------------
# memoisation and counting
# ---------------------------------------------------------------------------
def test_same_read_by_many_rules_is_one_request(seed: Seeder, facts: AwsFacts) -> None:
    gw = seed.gateway("memo-gw")
    answers = [
        facts.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"]) for _ in range(5)
    ]
    assert sent(facts, "GetGateway") == 1
    assert all(a == answers[0] for a in answers)
    assert answers[0]["gatewayId"] == gw["gatewayId"]
    assert "ResponseMetadata" not in answers[0]


def test_callers_get_private_copies(seed: Seeder, facts: AwsFacts) -> None:
    gw = seed.gateway("copy-gw")
    first = facts.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"])
    first["status"] = "TAMPERED"
    second = facts.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"])
    assert second["status"] == "READY"


def test_parameter_order_and_operation_spelling_do_not_split_the_cache(
    seed: Seeder, facts: AwsFacts
) -> None:
    cog = seed.cognito("order-gw")
    facts.call(
        "cognito-idp", "describe_user_pool_client", UserPoolId=cog.pool_id, ClientId=cog.client_id
    )
    facts.call(
        "cognito-idp", "describe_user_pool_client", ClientId=cog.client_id, UserPoolId=cog.pool_id
    )
    assert sent(facts, "DescribeUserPoolClient") == 1
    facts.call("cognito-idp", "DescribeUserPool", UserPoolId=cog.pool_id)
    assert sent(facts, "DescribeUserPool") == 1


def test_different_regions_are_different_reads(seed: Seeder, facts: AwsFacts) -> None:
    gw = seed.gateway("region-gw")
    facts.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"])
    with pytest.raises(NotFound):
        facts.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"], region="eu-west-1")
    assert facts.counts[(AGENTCORE, "GetGateway")] == 2


def test_failures_are_memoised_too(facts: AwsFacts) -> None:
    for _ in range(3):
        with pytest.raises(NotFound) as caught:
            facts.call(AGENTCORE, "get_gateway", gatewayIdentifier="nope-abcdefghij")
        assert caught.value.action == "bedrock-agentcore:GetGateway"
    assert sent(facts, "GetGateway") == 1


def test_concurrent_callers_of_one_key_share_one_request(seed: Seeder) -> None:
    gw = seed.gateway("race-gw")
    latency = Latency(0.2)
    facade = make_facts(hooks=[latency.hook])
    barrier = threading.Barrier(8)
    results: list[Any] = []

    def reader() -> None:
        barrier.wait()
        results.append(facade.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"]))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert latency.sent == 1
    assert sent(facade, "GetGateway") == 1


def test_paginate_follows_every_page(seed: Seeder, facts: AwsFacts) -> None:
    pool = seed.user_pool("paged")
    ids = {seed.app_client(pool, f"client-{i}")[0] for i in range(5)}
    items = facts.paginate(
        "cognito-idp", "list_user_pool_clients", "UserPoolClients", UserPoolId=pool, MaxResults=2
    )
    assert {item["ClientId"] for item in items} == ids
    assert sent(facts, "ListUserPoolClients") == 3  # 2 + 2 + 1
    again = facts.paginate(
        "cognito-idp", "list_user_pool_clients", "UserPoolClients", UserPoolId=pool, MaxResults=2
    )
    assert again == items
    assert sent(facts, "ListUserPoolClients") == 3


def test_unknown_operation_is_a_programming_error(facts: AwsFacts) -> None:
    with pytest.raises(ValueError, match="no operation 'get_gateways'"):
        facts.call(AGENTCORE, "get_gateways")


# ---------------------------------------------------------------------------
# concurrency
# ---------------------------------------------------------------------------
def _four_gateways(seed: Seeder) -> list[Call]:
    ids = [seed.gateway(f"conc-{i}")["gatewayId"] for i in range(4)]
    return [Call(AGENTCORE, "get_gateway", {"gatewayIdentifier": i}) for i in ids]


def test_prefetch_runs_independent_reads_concurrently(seed: Seeder) -> None:
    calls = _four_gateways(seed)
    latency = Latency(0.3)
    facade = make_facts(hooks=[latency.hook], max_workers=4)
    results = facade.prefetch(calls)
    assert [r["gatewayId"] for r in results] == [c.params["gatewayIdentifier"] for c in calls]
    assert latency.max_in_flight >= 2  # requests overlapped
    facade.call(AGENTCORE, "get_gateway", gatewayIdentifier=calls[0].params["gatewayIdentifier"])
    assert latency.sent == 4  # later reads come from the cache


def test_prefetch_with_one_worker_is_sequential(seed: Seeder) -> None:
    calls = _four_gateways(seed)
    latency = Latency(0.05)
    facade = make_facts(hooks=[latency.hook], max_workers=1)
    facade.prefetch(calls)
    assert latency.sent == 4
    assert latency.max_in_flight == 1


def test_prefetch_returns_and_stores_failures(facts: AwsFacts) -> None:
    results = facts.prefetch(
        [
            (AGENTCORE, "get_gateway", {"gatewayIdentifier": "missing-abcdefghij"}),
            ("sts", "get_caller_identity"),
        ]
    )
    assert isinstance(results[0], NotFound)
    assert results[1]["Account"] == ACCOUNT
    with pytest.raises(NotFound):
        facts.call(AGENTCORE, "get_gateway", gatewayIdentifier="missing-abcdefghij")
    assert sent(facts, "GetGateway") == 1


def test_prefetch_helper_leaves_test_doubles_alone() -> None:
    from gwlint.facts import prefetch

    asked: list[Any] = []

    class Double:  # a facade with only the Facts protocol: no prefetch method
        region = REGION

        def call(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
            asked.append(args)
            return {}

    class Warmable(Double):
        def prefetch(self, calls: list[Any]) -> None:
            asked.append(("prefetch", *calls))

    read = (AGENTCORE, "get_gateway", {"gatewayIdentifier": "x"})
    assert prefetch(Double(), [read]) is None
    assert prefetch(None, [read]) is None
    assert asked == []  # left cold: nothing asked of either
    prefetch(Warmable(), [read])
    assert asked == [("prefetch", read)]  # a facade that can warm gets the calls as given


# ---------------------------------------------------------------------------
# read-only enforcement
# ---------------------------------------------------------------------------
def test_write_operations_are_refused_before_anything_is_sent(seed: Seeder) -> None:
    gw = seed.gateway("keep-me")
    latency = Latency(0.0)
    facade = make_facts(hooks=[latency.hook])
    with pytest.raises(ReadOnlyViolation, match="DeleteGateway"):
        facade.client(AGENTCORE).delete_gateway(gatewayIdentifier=gw["gatewayId"])
    with pytest.raises(ReadOnlyViolation, match="CreateUserPool"):
        facade.call("cognito-idp", "create_user_pool", PoolName="sneaky")
    with pytest.raises(ReadOnlyViolation, match="UpdateGateway"):
        facade.call(
            AGENTCORE,
            "update_gateway",
            gatewayIdentifier=gw["gatewayId"],
            name="x",
            roleArn="arn:aws:iam::123456789012:role/r",
            authorizerType="NONE",
        )
    assert latency.sent == 0
    assert facade.counts == {}
    assert [g["gatewayId"] for g in seed.client(AGENTCORE).list_gateways()["items"]] == [
        gw["gatewayId"]
    ]
    assert seed.client("cognito-idp").list_user_pools(MaxResults=10)["UserPools"] == []


def test_read_only_through_the_moto_server(server_seed: Seeder, moto_server: str) -> None:
    gw = server_seed.gateway("served")
    facade = make_facts()
    with pytest.raises(ReadOnlyViolation):
        facade.client(AGENTCORE).delete_gateway(gatewayIdentifier=gw["gatewayId"])
    assert (
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"])["status"]
        == "READY"
    )


def test_aws_endpoint_url_is_honoured(server_seed: Seeder, moto_server: str) -> None:
    gw = server_seed.gateway("endpoint-gw")
    facade = make_facts()  # no endpoint_url: botocore reads AWS_ENDPOINT_URL
    assert facade.client(AGENTCORE).meta.endpoint_url == moto_server
    assert (
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier=gw["gatewayId"])["name"]
        == "endpoint-gw"
    )


# ---------------------------------------------------------------------------
# error mapping
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "service", "operation", "params", "action"),
    [
        (
            "AccessDeniedException",
            AGENTCORE,
            "get_gateway",
            {"gatewayIdentifier": "gw-abcdefghij"},
            "bedrock-agentcore:GetGateway",
        ),
        (
            "AccessDeniedException",
            "cognito-idp",
            "describe_user_pool_client",
            {"UserPoolId": "us-east-1_AbCdEf123", "ClientId": "a" * 26},
            "cognito-idp:DescribeUserPoolClient",
        ),
        ("AccessDenied", "iam", "get_role", {"RoleName": "GwRole"}, "iam:GetRole"),
        (
            "AccessDeniedException",
            "lambda",
            "get_function_configuration",
            {"FunctionName": "tools"},
            "lambda:GetFunctionConfiguration",
        ),
        ("UnauthorizedOperation", "sts", "get_caller_identity", {}, "sts:GetCallerIdentity"),
    ],
)
def test_access_denied_names_the_iam_action(
    moto_aws: None, code: str, service: str, operation: str, params: dict[str, Any], action: str
) -> None:
    facade = make_facts(hooks=[inject_error(code, "User is not authorized")])
    with pytest.raises(AccessDenied) as caught:
        facade.call(service, operation, **params)
    assert caught.value.action == action
    assert action in str(caught.value)


def test_access_denied_on_one_operation_leaves_others_working(seed: Seeder) -> None:
    cog = seed.cognito("partial-gw")
    facade = make_facts(
        hooks=[inject_error("AccessDeniedException", operations={"DescribeUserPoolClient"})]
    )
    with pytest.raises(AccessDenied):
        facade.call(
            "cognito-idp",
            "describe_user_pool_client",
            UserPoolId=cog.pool_id,
            ClientId=cog.client_id,
        )
    assert (
        facade.call("cognito-idp", "describe_user_pool", UserPoolId=cog.pool_id)["UserPool"]["Id"]
        == cog.pool_id
    )


@pytest.mark.parametrize(
    ("service", "operation", "params", "code"),
    [
        (
            AGENTCORE,
            "get_agent_runtime",
            {"agentRuntimeId": "nope-abcdefghij"},
            "ResourceNotFoundException",
        ),
        (
            "cognito-idp",
            "describe_user_pool",
            {"UserPoolId": "us-east-1_AbCdEf123"},
            "ResourceNotFoundException",
        ),
        ("iam", "get_role", {"RoleName": "absent"}, "NoSuchEntity"),
        (
            "lambda",
            "get_function_configuration",
            {"FunctionName": "absent"},
            "ResourceNotFoundException",
        ),
    ],
)
def test_not_found_from_each_service(
    facts: AwsFacts, service: str, operation: str, params: dict[str, Any], code: str
) -> None:
    with pytest.raises(NotFound, match=code):
        facts.call(service, operation, **params)


def test_client_missing_from_its_pool_is_not_found(seed: Seeder, facts: AwsFacts) -> None:
    cog = seed.cognito("clientless")
    with pytest.raises(NotFound) as caught:
        facts.call(
            "cognito-idp", "describe_user_pool_client", UserPoolId=cog.pool_id, ClientId="b" * 26
        )
    assert caught.value.action == "cognito-idp:DescribeUserPoolClient"


def test_throttling_is_unavailable_after_the_retries(moto_aws: None, no_retry_delay: None) -> None:
    attempts: list[str] = []
    event, handler = inject_error("ThrottlingException", "Rate exceeded")

    def counting(**kwargs: Any) -> Any:
        attempts.append(kwargs["event_name"])
        return handler(**kwargs)

    facade = make_facts(hooks=[(event, counting)], max_attempts=3)
    with pytest.raises(Unavailable) as caught:
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier="busy-abcdefghij")
    assert type(caught.value) is Unavailable
    assert "throttled" in str(caught.value) and "after 3 attempts" in str(caught.value)
    assert "ThrottlingException" in str(caught.value)
    assert caught.value.action == "bedrock-agentcore:GetGateway"
    assert len(attempts) == 3  # botocore standard retries did retry
    with pytest.raises(Unavailable):  # and the failure is stored, not retried per rule
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier="busy-abcdefghij")
    assert len(attempts) == 3


def test_read_timeout_is_unavailable(aws_env: None) -> None:
    with Blackhole() as hole:
        facade = make_facts(endpoint_url=hole.url, read_timeout=0.3, max_attempts=1)
        with pytest.raises(Unavailable, match="no answer in time") as caught:
            facade.call(AGENTCORE, "get_gateway", gatewayIdentifier="slow-abcdefghij")
    assert "Read timeout" in str(caught.value)


def test_unreachable_endpoint_is_unavailable(aws_env: None) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    facade = make_facts(endpoint_url=f"http://127.0.0.1:{port}", max_attempts=1)
    with pytest.raises(Unavailable, match="endpoint unreachable"):
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier="gone-abcdefghij")


def test_other_service_faults_are_unavailable_with_the_cause(moto_aws: None) -> None:
    facade = make_facts(
        hooks=[inject_error("ValidationException", "1 validation error detected")], max_attempts=1
    )
    with pytest.raises(Unavailable, match="ValidationException: 1 validation error"):
        facade.call(AGENTCORE, "get_gateway", gatewayIdentifier="x")


def test_rejected_credentials_are_a_setup_error(moto_aws: None) -> None:
    facade = make_facts(
        hooks=[inject_error("InvalidClientTokenId", "The security token is invalid")]
    )
    with pytest.raises(SetupError) as caught:
        facade.check_credentials()
    assert "aws sso login" in caught.value.fix


def test_no_credentials_is_a_setup_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
    ):
        monkeypatch.delenv(key)
    facade = make_facts()
    with pytest.raises(SetupError, match="no AWS credentials found") as caught:
        facade.check_credentials()
    assert "aws configure" in caught.value.fix


def test_no_region_is_a_setup_error(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    facade = AwsFacts()
    assert facade.region is None
    with pytest.raises(SetupError, match="no AWS region") as caught:
        facade.call(AGENTCORE, "list_gateways")
    assert "--region" in caught.value.fix


def test_unknown_profile_is_a_setup_error(aws_env: None) -> None:
    with pytest.raises(SetupError, match="profile 'nobody' is not configured") as caught:
        AwsFacts(profile="nobody")
    assert str(caught.value) == "AWS profile 'nobody' is not configured (set by --profile)"
    assert caught.value.fix.endswith("or drop --profile.")


@pytest.mark.parametrize("variable", ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])
def test_unknown_profile_from_the_environment_is_named_as_set(
    aws_env: None, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "nope")
    with pytest.raises(SetupError) as caught:
        AwsFacts()
    assert str(caught.value) == f"AWS profile 'nope' is not configured (set by {variable})"
    assert caught.value.fix.endswith(f"or unset {variable}.")
    assert "--profile" not in caught.value.fix.split(",")[-1]


def test_unknown_profile_from_the_environment_cli_exit_2(
    aws_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nope")
    result = runner.invoke(app, ["check", "--live", "--gateway", "gw-abcdefghij"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "gwlint: error: AWS profile 'nope' is not configured (set by AWS_PROFILE)"
    )
    assert "None" not in result.stderr and "drop --profile" not in result.stderr


# ---------------------------------------------------------------------------
# the live source
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "ident", "region"),
    [
        ("my-gateway-abcdefghij", "my-gateway-abcdefghij", None),
        (
            "arn:aws:bedrock-agentcore:eu-west-1:123456789012:gateway/my-gateway-abcdefghij",
            "my-gateway-abcdefghij",
            "eu-west-1",
        ),
        (
            "https://my-gateway-abcdefghij.gateway.bedrock-agentcore.us-west-2.amazonaws.com/mcp",
            "my-gateway-abcdefghij",
            "us-west-2",
        ),
    ],
)
def test_gateway_reference_forms(written: str, ident: str, region: str | None) -> None:
    ref = parse_gateway_ref(written)
    assert (ref.identifier, ref.region) == (ident, region)


@pytest.mark.parametrize(
    "written",
    [
        "arn:aws:lambda:us-east-1:123456789012:function:tools",
        "https://example.com/mcp",
        "has space",
    ],
)
def test_bad_gateway_references(written: str) -> None:
    with pytest.raises(SourceError):
        parse_gateway_ref(written)


def _seed_deployment(seed: Seeder) -> dict[str, Any]:
    fn = seed.function("weather")
    rt = seed.runtime("mcp_server")
    gw = seed.gateway("src-gw", authorizer_type="NONE")
    lam = seed.lambda_target(gw["gatewayId"], "weather", fn)
    mcp = seed.mcp_server_target(
        gw["gatewayId"],
        "runtime",
        rt["invocationUrl"],
        credential_providers=[
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
            }
        ],
    )
    bad = seed.lambda_target(
        gw["gatewayId"], "broken", fn, status="FAILED", status_reasons=["Lambda invoke denied"]
    )
    return {"gateway": gw, "targets": [lam, mcp, bad], "runtime": rt, "function": fn}


def test_source_builds_the_deployed_model(seed: Seeder) -> None:
    seeded = _seed_deployment(seed)
    gw = seeded["gateway"]
    latency = Latency(0.1)
    facade = make_facts(hooks=[latency.hook], max_workers=4)
    deployment = gateway_deployment(
        facade, parse_gateway_ref(gw["gatewayUrl"]), proxy_lambda="proxy"
    )
    assert deployment.file is None
    assert deployment.shape == "live"
    assert deployment.region == REGION
    assert deployment.proxy_lambda == "proxy"
    assert deployment.origin.resource == gw["gatewayArn"]
    gateway = deployment.gateway
    assert gateway is not None
    assert (gateway.gateway_id, gateway.gateway_arn, gateway.gateway_url) == (
        gw["gatewayId"],
        gw["gatewayArn"],
        gw["gatewayUrl"],
    )
    assert gateway.origin.file is None and gateway.origin.resource == gw["gatewayArn"]
    by_name = {t.name: t for t in deployment.targets}
    assert set(by_name) == {"weather", "runtime", "broken"}
    assert (
        by_name["weather"].kinds == ["lambda"]
        and by_name["weather"].lambda_arn == seeded["function"]
    )
    assert by_name["runtime"].endpoint == seeded["runtime"]["invocationUrl"]
    assert by_name["broken"].status == "FAILED"
    assert by_name["broken"].status_reasons == ["Lambda invoke denied"]
    cps = by_name["weather"].credential_providers
    assert cps is not None and cps[0].provider_type == "GATEWAY_IAM_ROLE"
    assert {t.target_id for t in deployment.targets} == {t["targetId"] for t in seeded["targets"]}
    assert sent(facade, "GetGateway") == 1
    assert sent(facade, "ListGatewayTargets") == 1
    assert sent(facade, "GetGatewayTarget") == 3
    assert latency.max_in_flight >= 2  # the three GetGatewayTarget ran concurrently


def test_source_of_a_missing_gateway_is_an_input_error(facts: AwsFacts) -> None:
    with pytest.raises(SourceError, match="no such gateway in us-east-1"):
        gateway_deployment(facts, parse_gateway_ref("ghost-abcdefghij"))


def test_source_access_denied_names_the_action(moto_aws: None) -> None:
    facade = make_facts(hooks=[inject_error("AccessDeniedException", operations={"GetGateway"})])
    with pytest.raises(SourceError, match="bedrock-agentcore:GetGateway"):
        gateway_deployment(facade, parse_gateway_ref("denied-abcdefghij"))


def test_all_gateways_gives_one_deployment_each(seed: Seeder, facts: AwsFacts) -> None:
    ids = {seed.gateway(f"every-{i}")["gatewayId"] for i in range(3)}
    deployments = all_gateway_deployments(facts)
    assert {d.gateway.gateway_id for d in deployments if d.gateway is not None} == ids
    assert sent(facts, "GetGateway") == 3


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------
def _json_run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash, not an exit code
    payload = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, payload, result.stderr


def test_live_gateway_run_reports_findings_without_files(seed: Seeder) -> None:
    seeded = _seed_deployment(seed)
    code, payload, _ = _json_run("--live", "--gateway", seeded["gateway"]["gatewayId"])
    assert code == 1  # the FAILED target
    findings = payload["findings"]
    assert findings
    assert all(f["file"] is None and f["pointer"] is None and f["line"] is None for f in findings)
    statuses = {(f["rule_id"], f["status"]) for f in findings}
    assert ("GW402", "fail") in statuses  # live rule ran
    assert ("GW201", "pass") in statuses  # offline rule ran on the deployed model


def test_live_file_run_adds_live_rules(seed: Seeder, tmp_path: Path) -> None:
    gw = seed.gateway("file-gw", authorizer_type="NONE")
    config = tmp_path / "deployment.json"
    config.write_text(json.dumps({"region": REGION, "gateway": {"gatewayId": gw["gatewayId"]}}))
    offline = runner.invoke(app, ["check", "--format", "json", "--select", "GW401", str(config)])
    assert offline.exit_code == 2  # live rules are not selected offline: nothing to run
    assert offline.stderr == (
        "gwlint: error: no rule selected: the selected rules read the AWS account; add --live\n"
    )
    code, payload, _ = _json_run("--live", "--select", "GW401", str(config))
    assert code == 0
    assert [(f["rule_id"], f["status"], f["file"]) for f in payload["findings"]] == [
        ("GW401", "pass", str(config))
    ]


def test_access_denied_becomes_an_error_finding_and_the_rest_still_run(
    moto_aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gwlint.aws.live as live

    seed = Seeder()
    gw = seed.gateway("denied-gw", authorizer_type="NONE")
    config = tmp_path / "deployment.json"
    config.write_text(json.dumps({"region": REGION, "gateway": {"gatewayId": gw["gatewayId"]}}))
    real = live.AwsFacts

    def denied(**kwargs: Any) -> AwsFacts:
        kwargs["hooks"] = [inject_error("AccessDeniedException", operations={"GetGateway"})]
        return real(**kwargs)

    monkeypatch.setattr(live, "AwsFacts", denied)
    code, payload, _ = _json_run("--live", "--select", "GW401,GW1", str(config))
    assert code == 1
    gw401 = [f for f in payload["findings"] if f["rule_id"] == "GW401"]
    assert [f["status"] for f in gw401] == ["error"]
    assert "bedrock-agentcore:GetGateway" in gw401[0]["message"]
    assert any(f["rule_id"].startswith("GW1") for f in payload["findings"])


def test_a_gateway_named_twice_is_checked_once(seed: Seeder) -> None:
    first = seed.gateway("twice-a", authorizer_type="NONE")
    seed.gateway("twice-b", authorizer_type="NONE", status="FAILED", status_reasons=["boom"])
    code, payload, _ = _json_run(
        "--live", "--gateway", first["gatewayArn"], "--all-gateways", "--select", "GW401"
    )
    assert code == 1
    assert sorted((f["status"], f["resource"]) for f in payload["findings"]) == sorted(
        [
            ("pass", first["gatewayArn"]),
            ("fail", first["gatewayArn"].replace(first["gatewayId"], "") + _other_id(seed)),
        ]
    )


def _other_id(seed: Seeder) -> str:
    items = seed.client(AGENTCORE).list_gateways()["items"]
    return next(i["gatewayId"] for i in items if i["name"] == "twice-b")


def test_gateway_options_need_live() -> None:
    result = runner.invoke(app, ["check", "--gateway", "my-gw-abcdefghij"])
    assert result.exit_code == 2
    assert "add --live" in result.stderr


def test_missing_gateway_is_exit_2(moto_aws: None) -> None:
    code, payload, _ = _json_run("--live", "--gateway", "ghost-abcdefghij")
    assert code == 2
    assert payload["errors"] == [  # a deployed resource: no invented line/column
        {
            "file": "gateway ghost-abcdefghij",
            "line": None,
            "column": None,
            "message": "no such gateway in us-east-1",
        }
    ]


def test_missing_gateway_in_sarif_is_a_resource_not_a_file(moto_aws: None) -> None:
    result = runner.invoke(app, ["check", "--live", "--gateway", "ghost-abcdefghij", "-f", "sarif"])
    assert result.exit_code == 2
    [invocation] = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "error",
            "message": {"text": "no such gateway in us-east-1"},
            "locations": [
                {"logicalLocations": [{"name": "gateway ghost-abcdefghij", "kind": "resource"}]}
            ],
        }
    ]


def test_no_credentials_exit_2_with_the_fix(tmp_path: Path) -> None:
    env = subprocess_env(None, tmp_path, credentials=False)
    result = subprocess.run(
        [str(SCRIPT), "check", "--live", "--gateway", "my-gateway-abcdefghij"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "no AWS credentials found" in result.stderr
    for hint in ("aws configure", "AWS_PROFILE=", "aws sso login", "--region"):
        assert hint in result.stderr
    assert "Traceback" not in result.stderr


def test_no_region_exit_2_with_the_fix(tmp_path: Path) -> None:
    env = subprocess_env(None, tmp_path, region="")
    result = subprocess.run(
        [str(SCRIPT), "check", "--live", "--all-gateways"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no AWS region" in result.stderr and "--region" in result.stderr


def test_live_without_boto3_is_exit_2(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['boto3'] = None; sys.modules['botocore'] = None\n"
        "from gwlint.cli import main\n"
        "sys.argv = ['gwlint', 'check', '--live', '--gateway', 'gw-abcdefghij']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 2
    # installed from a checkout, the hint names it ('gwlint[live]' would need an index)
    prefix = "gwlint: error: --live needs boto3, which is not installed: pip install '"
    assert result.stderr.startswith(prefix) and result.stderr.endswith("[live]'\n")
    folder = Path(result.stderr[len(prefix) : -len("[live]'\n")])
    assert 'name = "gwlint"' in (folder / "pyproject.toml").read_text()


def test_offline_commands_never_import_boto3(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"gateway": {"name": "ok-gateway"}}))
    code = (
        "import sys\n"
        "from gwlint.cli import app\n"
        f"for argv in (['check', {str(config)!r}], ['iam-policy'], ['rules']):\n"
        "    try:\n"
        "        app(argv, prog_name='gwlint')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore'))\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


# ---------------------------------------------------------------------------
# gwlint iam-policy
# ---------------------------------------------------------------------------
def _policy_actions() -> set[str]:
    result = runner.invoke(app, ["iam-policy"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["Version"] == "2012-10-17"
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
    return set(statement["Action"])


def _read_only(action: str) -> bool:
    """A Get/List/Describe action, or API Gateway's one read action (its HTTP GET)."""
    prefix, _, name = action.partition(":")
    return bool(prefix) and (
        name.startswith(("Get", "List", "Describe")) or action in {"apigateway:GET"}
    )


def test_iam_policy_is_read_only_and_includes_the_source_calls() -> None:
    actions = _policy_actions()
    for action in (
        "bedrock-agentcore:GetGateway",
        "bedrock-agentcore:ListGateways",
        "bedrock-agentcore:ListGatewayTargets",
        "bedrock-agentcore:GetGatewayTarget",
        "sts:GetCallerIdentity",
    ):
        assert action in actions
    assert all(_read_only(a) for a in actions)
    assert sorted(actions) == sorted(required_actions(all_rules()))


def test_every_live_rule_declares_read_only_actions() -> None:
    live = [r for r in all_rules() if r.live]
    assert live
    for meta in live:
        assert meta.actions, f"{meta.id} declares no IAM actions"
        for action in meta.actions:
            assert _read_only(action), (meta.id, action)


def _rich_deployment(seed: Seeder, tmp_path: Path) -> tuple[Path, str]:
    """Everything the live rules can look at: runtime, Lambda, Cognito, IAM, proxy Lambda."""
    cog = seed.cognito("rich-gw")
    fn = seed.function("rich-tools")
    role = seed.role(
        "RichGatewayRole",
        inline={"invoke": allow("lambda:InvokeFunction", fn)},
        managed={"runtime": allow("bedrock-agentcore:InvokeAgentRuntime")},
    )
    rt = seed.runtime(
        "rich_server",
        authorizer_configuration={
            "customJWTAuthorizer": {
                "discoveryUrl": cog.discovery_url,
                "allowedClients": [cog.client_id],
            }
        },
    )
    gw = seed.gateway(
        "rich-gw",
        role_arn=role,
        authorizer_configuration={
            "customJWTAuthorizer": {
                "discoveryUrl": cog.discovery_url,
                "allowedClients": [cog.client_id],
                "allowedScopes": [cog.scope],
            }
        },
    )
    seed.lambda_target(gw["gatewayId"], "tools", fn)
    seed.mcp_server_target(
        gw["gatewayId"],
        "runtime",
        rt["invocationUrl"],
        credential_providers=[
            {
                "credentialProviderType": "OAUTH",
                "credentialProvider": {
                    "oauthCredentialProvider": {
                        "providerArn": (
                            f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:token-vault/"
                            "default/oauth2credentialprovider/rich"
                        ),
                        "scopes": [cog.scope],
                    }
                },
            }
        ],
    )
    seed.function(
        "rich-proxy",
        env={
            "GATEWAY_URL": gw["gatewayUrl"],
            "COGNITO_CLIENT_ID": cog.client_id,
            "TOKEN_URL": cog.token_endpoint,
            "COGNITO_CLIENT_SECRET": "plaintext-secret-value",
        },
    )
    config = tmp_path / "client.json"
    config.write_text(
        json.dumps(
            {
                "region": REGION,
                "gateway": {
                    "gatewayId": gw["gatewayId"],
                    "gatewayUrl": gw["gatewayUrl"],
                    "roleArn": role,
                },
                "client": {
                    "gateway_url": gw["gatewayUrl"],
                    "client_id": cog.client_id,
                    "token_endpoint": cog.token_endpoint,
                    "scope": cog.scope,
                    "user_pool_id": cog.pool_id,
                },
                "proxy_lambda": "rich-proxy",
            }
        )
    )
    return config, gw["gatewayId"]


def test_iam_policy_covers_every_api_the_live_run_calls(seed: Seeder, tmp_path: Path) -> None:
    """Run every rule, live, on a rich deployment; every request made must be in the policy."""
    from gwlint.aws.live import prepare
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import select
    from gwlint.sources import load_paths

    config, gateway_id = _rich_deployment(seed, tmp_path)
    loaded = load_paths([str(config)])
    assert not loaded.errors
    plan = prepare(
        gateways=[gateway_id],
        region=REGION,
        proxy_lambda="rich-proxy",
        file_deployments=[item.deployment for item in loaded.loaded],
    )
    rules = select(all_rules(), live=True)
    jobs = [Job(item.deployment, item.document, facts=plan.facts) for item in loaded.loaded]
    jobs += [Job(d, None, facts=plan.facts) for d in plan.deployments]
    report = run(rules, jobs, Report())
    crashed = [f for f in report.findings if "crashed" in f.message]
    assert not crashed, crashed
    used = set(plan.facts.actions)
    assert used >= {"bedrock-agentcore:GetGateway", "sts:GetCallerIdentity"}
    missing = used - _policy_actions()
    assert not missing, f"gwlint iam-policy lacks {sorted(missing)}"


#: Reads the live rules make that warm() does not prefetch (their parameters come
#: from answers no rule shares: resource servers, domains, token-vault secrets).
NOT_WARMED = {"DescribeResourceServer", "DescribeUserPoolDomain", "ListSecrets"}


@pytest.mark.parametrize("with_gateway", [True, False], ids=["files+gateway", "files"])
def test_warm_prefetches_what_the_live_rules_read(
    seed: Seeder, tmp_path: Path, with_gateway: bool
) -> None:
    """After warm(), the rules read the cache: no request but the few NOT_WARMED ones."""
    from gwlint.aws.live import prepare
    from gwlint.engine import Job, run
    from gwlint.findings import Report
    from gwlint.registry import select
    from gwlint.sources import load_paths

    config, gateway_id = _rich_deployment(seed, tmp_path)
    interceptor = seed.function("rich-interceptor")
    document = json.loads(config.read_text())
    document["gateway"]["interceptorConfigurations"] = [
        {"interceptor": {"lambda": {"arn": interceptor}}, "interceptionPoints": ["REQUEST"]}
    ]
    config.write_text(json.dumps(document))
    # a client config that names the gateway only by URL: the rules read it from the account
    client_only = tmp_path / "agent.json"
    client_only.write_text(json.dumps({**document["client"], "region": REGION}))
    loaded = load_paths([str(config), str(client_only)])
    assert not loaded.errors and len(loaded.loaded) == 2
    plan = prepare(
        gateways=[gateway_id] if with_gateway else [],
        region=REGION,
        file_deployments=[item.deployment for item in loaded.loaded],
    )
    warmed = Counter(plan.facts.counts)
    jobs = [Job(item.deployment, item.document, facts=plan.facts) for item in loaded.loaded]
    jobs += [Job(d, None, facts=plan.facts) for d in plan.deployments]
    report = run(select(all_rules(), live=True), jobs, Report())
    assert not [f for f in report.findings if "crashed" in f.message]
    extra = sorted(op for (_, op), n in (plan.facts.counts - warmed).items() if n)
    assert set(extra) <= NOT_WARMED, extra
    # what warm() read: the functions (the deployed Lambda target, the interceptor, the
    # proxy), the client's pool and app client, the discovery pool's clients, the targets
    # of the gateway the files name, the role's policies
    functions = 3 if with_gateway else 2
    assert warmed[("lambda", "GetFunctionConfiguration")] == functions
    for operation in (
        "DescribeUserPool",
        "DescribeUserPoolClient",
        "ListUserPoolClients",
        "ListGatewayTargets",
        "GetGatewayTarget",
        "GetRole",
        "ListRolePolicies",
        "ListAttachedRolePolicies",
        "GetRolePolicy",
        "GetPolicy",
        "GetPolicyVersion",
    ):
        assert sent(plan.facts, operation) >= 1, operation


def test_action_names() -> None:
    assert action_for(AGENTCORE, "GetGateway") == "bedrock-agentcore:GetGateway"
    assert (
        action_for("cognito-idp", "DescribeUserPoolClient") == "cognito-idp:DescribeUserPoolClient"
    )
    assert action_for("s3", "ListObjectsV2") == "s3:ListBucket"


@pytest.mark.parametrize("output", ["text", "json", "sarif"])
def test_all_gateways_on_an_empty_account_is_an_empty_report(moto_aws: None, output: str) -> None:
    result = runner.invoke(app, ["check", "--live", "--all-gateways", "--format", output])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == "gwlint: no gateways in us-east-1 (--all-gateways): nothing to check\n"
    if output == "json":
        payload = json.loads(result.stdout)
        assert (payload["findings"], payload["errors"]) == ([], [])
        assert payload["summary"] == {"pass": 0, "fail": 0, "error": 0, "skip": 0}
    elif output == "sarif":
        [sarif_run] = json.loads(result.stdout)["runs"]
        assert sarif_run["results"] == []
        assert sarif_run["invocations"][0]["executionSuccessful"] is True
    else:
        assert result.stdout.splitlines()[-1] == EMPTY_SUMMARY
