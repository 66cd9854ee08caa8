"""``--wait``: poll the gateway, targets, runtimes and endpoints until none is transitional."""

from __future__ import annotations

import io
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.aws import wait
from gwlint.aws.live import prepare
from gwlint.aws.readonly import is_read_only
from gwlint.aws.wait import DEFAULT_WAIT, Settling, settle
from gwlint.cli import app
from gwlint.engine import Job, run_job
from gwlint.findings import Severity, Status
from gwlint.waitarg import DEFAULT_WAIT_SECONDS, expand_wait

from .live_support import Seeder, live_rules

pytest_plugins = ("tests.live_support",)


class FakeTime:
    """A clock that moves only when the poll loop sleeps; ``on_sleep`` runs at each pause."""

    def __init__(self, on_sleep: Any = None) -> None:
        self.now = 0.0
        self.pauses: list[float] = []
        self.on_sleep = on_sleep

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep(len(self.pauses))


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(wait, "_sleep", fake.sleep)
    monkeypatch.setattr(wait, "_clock", fake.clock)
    return fake


# -- the loop ------------------------------------------------------------------------------


def test_settle_polls_until_nothing_settles(fake_time: FakeTime) -> None:
    answers = [[Settling("runtime", "mcp-AbCdEf1234", "CREATING")], []]
    stream = io.StringIO()
    left = settle(lambda remaining: answers.pop(0), 60, stream, interval=5)
    assert left == []
    assert fake_time.pauses == [5]
    assert stream.getvalue().splitlines() == [
        "gwlint: --wait: waiting (0 s of 60 s): runtime mcp-AbCdEf1234 CREATING",
        "gwlint: --wait: nothing is settling any more (5 s)",
    ]


def test_settle_stops_when_the_time_is_up(fake_time: FakeTime) -> None:
    still = [Settling("target", "weather (gateway gw-abcdefghij)", "SYNCHRONIZING")]
    stream = io.StringIO()
    left = settle(lambda remaining: still, 12, stream, interval=5)
    assert left == still
    assert fake_time.pauses == [5, 5, 2]  # never past the limit
    assert stream.getvalue().splitlines()[-1] == (
        "gwlint: --wait: time is up (12 s); still settling: "
        "target weather (gateway gw-abcdefghij) SYNCHRONIZING"
    )


# -- against moto: statuses change between polls ---------------------------------------------


def _deploying(seed: Seeder) -> dict[str, Any]:
    gateway = seed.gateway("ops-gateway", status="CREATING")
    runtime = seed.runtime("ops_mcp", status="CREATING", endpoint_status="CREATING")
    target = seed.mcp_server_target(
        gateway["gatewayId"],
        "ops-mcp",
        runtime["invocationUrl"],
        credential_providers=[
            {
                "credentialProviderType": "GATEWAY_IAM_ROLE",
                "credentialProvider": {"iamCredentialProvider": {"service": "bedrock-agentcore"}},
            }
        ],
    )
    seed.set_status((gateway["gatewayId"], target["targetId"]), "SYNCHRONIZING")
    return {"gateway": gateway, "runtime": runtime, "target": target}


def test_wait_lets_the_check_see_the_settled_account(
    seed: Seeder, facts: Any, fake_time: FakeTime
) -> None:
    made = _deploying(seed)
    gateway_id = made["gateway"]["gatewayId"]
    runtime_id = made["runtime"]["agentRuntimeId"]

    def deploy_progresses(pause: int) -> None:
        if pause == 1:  # the gateway and the runtime are up; the endpoint and target follow
            seed.set_status(gateway_id, "READY")
            seed.set_status(runtime_id, "READY")
        if pause == 2:
            seed.set_status((runtime_id, "DEFAULT"), "READY")
            seed.set_status((gateway_id, made["target"]["targetId"]), "READY")

    fake_time.on_sleep = deploy_progresses
    stream = io.StringIO()
    plan = prepare(facts=facts, gateways=[gateway_id], wait=120, progress=stream)
    plan.finish()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "gwlint: --wait: waiting (0 s of 120 s): gateway "
        f"{gateway_id} CREATING, target ops-mcp (gateway {gateway_id}) SYNCHRONIZING, "
        f"runtime {runtime_id} CREATING, endpoint DEFAULT of runtime {runtime_id} CREATING",
        "gwlint: --wait: waiting (5 s of 120 s): target ops-mcp "
        f"(gateway {gateway_id}) SYNCHRONIZING, endpoint DEFAULT of runtime {runtime_id} CREATING",
        "gwlint: --wait: nothing is settling any more (10 s)",
    ]
    (deployment,) = plan.deployments
    findings = run_job(live_rules(["GW401", "GW402", "GW403"]), Job(deployment, None, facts))
    assert [(f.rule_id, f.status) for f in findings] == [
        ("GW401", Status.PASS),
        ("GW402", Status.PASS),
        ("GW403", Status.PASS),
        ("GW403", Status.PASS),
    ]
    assert all(is_read_only(op) for _, op in facts.counts)


def test_without_wait_the_deploying_runtime_is_an_error(seed: Seeder, facts: Any) -> None:
    made = _deploying(seed)
    plan = prepare(facts=facts, gateways=[made["gateway"]["gatewayId"]], progress=io.StringIO())
    plan.finish()
    (deployment,) = plan.deployments
    findings = run_job(live_rules(["GW403"]), Job(deployment, None, facts))
    assert [(f.status, f.severity) for f in findings] == [(Status.FAIL, Severity.ERROR)] * 2


def test_wait_that_runs_out_leaves_the_judgement_to_the_rules(
    seed: Seeder, facts: Any, fake_time: FakeTime
) -> None:
    made = _deploying(seed)
    stream = io.StringIO()
    plan = prepare(facts=facts, gateways=[made["gateway"]["gatewayId"]], wait=8, progress=stream)
    plan.finish()
    assert fake_time.pauses == [5, 3]
    assert (
        stream.getvalue()
        .splitlines()[-1]
        .startswith("gwlint: --wait: time is up (8 s); still settling: gateway ")
    )
    findings = run_job(live_rules(["GW403"]), Job(plan.deployments[0], None, facts))
    assert [(f.status, f.severity) for f in findings] == [(Status.FAIL, Severity.ERROR)] * 2


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expanded"),
    [
        (
            ["check", "--live", "--wait", "cfg.json"],
            ["check", "--live", "--wait", "300", "cfg.json"],
        ),
        (["check", "--live", "--wait"], ["check", "--live", "--wait", "300"]),
        (
            ["check", "--live", "--wait", "45", "cfg.json"],
            ["check", "--live", "--wait", "45", "cfg.json"],
        ),
        (["check", "--", "--wait"], ["check", "--", "--wait"]),
    ],
)
def test_bare_wait_gets_the_default(args: list[str], expanded: list[str]) -> None:
    assert expand_wait(args) == expanded


def test_the_default_is_one_number() -> None:
    assert float(DEFAULT_WAIT_SECONDS) == DEFAULT_WAIT


def test_wait_needs_live(tmp_path: Any) -> None:
    config = tmp_path / "gateway.json"
    config.write_text('{"name": "ops-gateway"}\n')
    result = CliRunner().invoke(app, ["check", "--wait", "30", str(config)])
    assert result.exit_code == 2
    assert "--wait read(s) the AWS account: add --live" in result.output
