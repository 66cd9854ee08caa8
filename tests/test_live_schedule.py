"""Reads scheduled by dependency: each starts once what it needs is known, none queues."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from gwlint.aws.schedule import PENDING, run_by_dependency
from gwlint.livecheck import Read

from .live_support import REGION, Seeder, allow, make_facts

pytest_plugins = ("tests.live_support",)


class FakeFacts:
    """A facade whose every read takes ``delay`` seconds; records start and end times."""

    def __init__(self, delay: float, max_workers: int = 64) -> None:
        self.delay = delay
        self.max_workers = max_workers
        self.times: dict[str, tuple[float, float]] = {}
        self.in_flight = 0
        self.most = 0
        self._lock = threading.Lock()

    def prefetch(self, calls: list[Read]) -> list[Any]:
        (read,) = calls
        with self._lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        start = time.monotonic()
        time.sleep(self.delay)
        with self._lock:
            self.in_flight -= 1
            self.times[read.operation] = (start, time.monotonic())
        if read.operation == "broken":
            return [RuntimeError("refused")]
        return [{"from": read.operation}]


def _read(name: str) -> Read:
    return Read("svc", name, {})


def chain_plan(seen: list[Any]) -> Callable[[Callable[[Read], Any]], list[Read]]:
    """root -> child -> grandchild, plus 20 independent reads and one failing read."""

    def plan(known: Callable[[Read], Any]) -> list[Read]:
        reads = [_read("root"), _read("broken")] + [_read(f"leaf{i}") for i in range(20)]
        root = known(_read("root"))
        seen.append(known(_read("broken")))
        if root is not PENDING:
            reads.append(_read("child"))
            if known(_read("child")) is not PENDING:
                reads.append(_read("grandchild"))
        return reads

    return plan


def test_dependents_wait_for_their_answer_and_independent_reads_never_queue() -> None:
    facts = FakeFacts(0.2)
    seen: list[Any] = []
    assert run_by_dependency(facts, chain_plan(seen)) == 24  # type: ignore[arg-type]
    times = facts.times
    assert facts.most == 22  # root, broken and the 20 leaves all at once
    assert times["child"][0] >= times["root"][1]
    assert times["grandchild"][0] >= times["child"][1]
    # the leaves did not wait for the chain, nor the chain for the leaves
    assert max(times[f"leaf{i}"][0] for i in range(20)) < times["root"][1]
    assert times["child"][0] < max(times[f"leaf{i}"][1] for i in range(20)) + 0.15
    assert None in seen  # a failed read is known as None, not pending forever


def test_one_worker_sends_one_read_at_a_time() -> None:
    facts = FakeFacts(0.01, max_workers=1)
    run_by_dependency(facts, chain_plan([]))  # type: ignore[arg-type]
    assert facts.most == 1


def test_a_facade_without_prefetch_is_left_cold() -> None:
    assert run_by_dependency(object(), chain_plan([])) == 0  # type: ignore[arg-type]


class Recorder:
    """A botocore before-send hook: each request sleeps ``delay``; (operation, start, end)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.spans: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()

    def __call__(self, event_name: str = "", **_: Any) -> None:
        start = time.monotonic()
        time.sleep(self.delay)
        with self._lock:
            self.spans.append((event_name.rsplit(".", 1)[-1], start, time.monotonic()))

    def first(self, operation: str) -> tuple[float, float]:
        return min((s, e) for op, s, e in self.spans if op == operation)

    def last(self, operation: str) -> tuple[float, float]:
        return max((s, e) for op, s, e in self.spans if op == operation)


def test_live_run_reads_by_dependency_not_in_rounds(seed: Seeder) -> None:
    """STS, GetGateway and ListGatewayTargets overlap; a read starts once its input is in."""
    from gwlint.aws.live import prepare

    function = seed.function("sched-tools")
    role = seed.role(
        "SchedRole",
        inline={"tools": allow("lambda:InvokeFunction", function)},
        managed={"logs": allow("logs:PutLogEvents")},
    )
    gateway = seed.gateway("sched-gateway", role_arn=role)
    seed.lambda_target(gateway["gatewayId"], "tools", function)
    recorder = Recorder(0.5)
    facts = make_facts(hooks=[("before-send", recorder)])
    plan = prepare(gateways=[gateway["gatewayId"]], region=REGION, facts=facts)
    assert len(plan.deployments) == 1
    sts, get, listing = (
        recorder.first(op) for op in ("GetCallerIdentity", "GetGateway", "ListGatewayTargets")
    )
    assert max(sts[0], get[0], listing[0]) < min(sts[1], get[1], listing[1])  # all in flight
    # GetRole needs the gateway's roleArn; GetFunctionConfiguration the target's details
    assert recorder.first("GetRole")[0] >= get[1]
    assert recorder.first("GetFunctionConfiguration")[0] >= recorder.last("GetGatewayTarget")[1]
    # the policy chain: ListAttachedRolePolicies -> GetPolicy -> GetPolicyVersion
    assert recorder.first("GetPolicy")[0] >= recorder.first("ListAttachedRolePolicies")[1]
    assert recorder.first("GetPolicyVersion")[0] >= recorder.first("GetPolicy")[1]
    # and nothing waits for an unrelated read: the role's reads start with the target's
    assert recorder.first("ListRolePolicies")[0] < recorder.first("GetGatewayTarget")[1]
    counts = [op for op, _, _ in recorder.spans]
    assert counts.count("GetGateway") == 1 and counts.count("GetCallerIdentity") == 1
    facts.close()
