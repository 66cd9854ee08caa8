"""What a live rule reads is declared once (``@rule(reads=...)``): the table, the guard,
and what follows from the declarations (``gwlint iam-policy``, the prefetch)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import botocore.session
import pytest
from typer.testing import CliRunner

from gwlint.aws.policy import action_for
from gwlint.cli import app
from gwlint.declared_reads import DeclaredReads, UndeclaredRead
from gwlint.livecheck import Read
from gwlint.reads import READ_KINDS, SOURCE_READS, actions_of, declared_kinds, kind_of
from gwlint.registry import all_rules
from gwlint.rule import Severity, rule

from .live_support import REGION, Seeder, allow, make_facts

pytest_plugins = ("tests.live_support",)

LIVE = [meta for meta in all_rules() if meta.live]


@pytest.mark.parametrize("name", sorted(READ_KINDS))
def test_each_read_kind_is_the_botocore_operation_and_its_iam_action(name: str) -> None:
    kind = READ_KINDS[name]
    model = botocore.session.get_session().get_service_model(kind.service)
    api = {m: a for a, m in ((op, _snake(op)) for op in model.operation_names)}[kind.operation]
    assert kind.action == action_for(kind.service, api)
    required = model.operation_model(api).input_shape
    members = tuple(required.required_members) if required is not None else ()
    assert sorted(kind.needs) == sorted(members)
    assert api.startswith(("Get", "List", "Describe"))  # read-only (gwlint.aws.readonly)


def _snake(api: str) -> str:
    from botocore import xform_name

    return str(xform_name(api))


def test_every_read_spelling_of_the_rules_is_a_declared_kind() -> None:
    pool: Any = SimpleNamespace(pool_id="us-east-1_AbC", region=REGION)
    runtime: Any = SimpleNamespace(
        runtime_id="shop_mcp-a1B2c3D4e5", region=REGION, qualifier="DEFAULT"
    )
    reads = [
        Read.gateway("gw", REGION),
        Read.targets("gw", REGION),
        Read.target("gw", "t", REGION),
        Read.runtime(runtime),
        Read.runtime_endpoint(runtime),
        Read.oauth2_provider("p", REGION),
        Read.api_key_provider("p", REGION),
        Read.workload_identity("w", REGION),
        Read.function("f", REGION),
        Read.function_policy("f", REGION, "live"),
        Read.functions(REGION),
        Read.function_url("f", REGION),
        Read.api_stage("a", "s", REGION),
        Read.rest_api("a", REGION),
        Read.user_pool(pool),
        Read.pool_client("p", "c", REGION),
        Read.pool_clients(pool),
        Read.role("r"),
        Read.role_policies("r"),
        Read.attached_policies("r"),
        Read.role_policy("r", "p"),
        Read.policy("arn"),
        Read.policy_version("arn", "v1"),
    ]
    for read in reads:
        kind = kind_of(read.service, read.operation)
        assert kind is not None, read
        assert set(kind.needs) <= set(read.params), read


def test_every_live_rule_declares_its_reads_and_its_actions_follow() -> None:
    for meta in LIVE:
        assert meta.reads, f"{meta.id} declares no reads"
        assert set(actions_of(meta.reads)) <= set(meta.actions), meta.id
    assert {m.id: m.reads for m in LIVE}["GW510"] == ("gateway", "role")


def test_an_unknown_read_kind_is_refused_when_the_rule_is_declared() -> None:
    with pytest.raises(ValueError, match="GW999 declares unknown read kinds: get-everything"):
        rule(
            id="GW999",
            name="x",
            severity=Severity.ERROR,
            summary="x",
            fix="x",
            live=True,
            reads=("role", "get-everything"),
        )


class _Recorder:
    region = REGION

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def call(self, service: str, operation: str, **_: Any) -> dict[str, Any]:
        self.calls.append((service, operation))
        return {"ok": True}

    def paginate(self, service: str, operation: str, key: str, **_: Any) -> list[Any]:
        self.calls.append((service, operation))
        return []

    def prefetch(self, calls: list[Any]) -> list[Any]:
        self.calls += [(c[0], c[1]) for c in calls]
        return []


def test_the_guard_answers_declared_reads_and_refuses_the_rest() -> None:
    inner = _Recorder()
    guard = DeclaredReads(inner, "GW510", ("gateway", "role"))
    assert guard.call("iam", "get_role", RoleName="r") == {"ok": True}
    assert guard.region == REGION
    with pytest.raises(UndeclaredRead) as raised:
        guard.call("iam", "list_role_policies", RoleName="r")
    assert str(raised.value) == (
        "rule GW510 calls iam.list_role_policies (role-policies) "
        "but declares reads=['gateway', 'role']"
    )
    with pytest.raises(UndeclaredRead):
        guard.paginate("lambda", "list_functions", "Functions")
    with pytest.raises(UndeclaredRead, match=r"ec2.describe_instances \(not a known read kind\)"):
        guard.prefetch([Read("ec2", "describe_instances", {})])
    assert inner.calls == [("iam", "get_role")]  # nothing refused reached the account
    assert guard.refused and len(guard.refused) == 3


def test_iam_policy_is_the_actions_of_the_declared_reads() -> None:
    result = CliRunner().invoke(app, ["iam-policy"])
    assert result.exit_code == 0, result.output
    (statement,) = json.loads(result.stdout)["Statement"]
    expected = set(actions_of(sorted(declared_kinds(all_rules()))))
    assert set(statement["Action"]) == expected


def test_the_prefetch_reads_only_what_the_selected_rules_declare(seed: Seeder) -> None:
    """GW401 alone declares no IAM read: the plan sends none; all rules: the role's reads."""
    from gwlint.aws.live import prepare

    function = seed.function("decl-tools")
    role = seed.role("DeclRole", inline={"tools": allow("lambda:InvokeFunction", function)})
    gateway = seed.gateway("decl-gateway", role_arn=role)
    seed.lambda_target(gateway["gatewayId"], "tools", function)
    gw401 = [m for m in LIVE if m.id == "GW401"]
    narrow = make_facts()
    prepare(
        gateways=[gateway["gatewayId"]], region=REGION, facts=narrow, kinds=declared_kinds(gw401)
    )
    services = {service for service, _ in narrow.counts}
    assert services == {"sts", "bedrock-agentcore-control"}
    assert set(narrow.counts) == {
        ("sts", "GetCallerIdentity"),
        ("bedrock-agentcore-control", "GetGateway"),
        ("bedrock-agentcore-control", "ListGatewayTargets"),
        ("bedrock-agentcore-control", "GetGatewayTarget"),
    }
    assert declared_kinds(gw401) == frozenset(SOURCE_READS)
    full = make_facts()
    prepare(gateways=[gateway["gatewayId"]], region=REGION, facts=full)
    assert full.counts[("iam", "GetRole")] == 1
    assert full.counts[("lambda", "GetFunctionConfiguration")] == 1
    narrow.close()
    full.close()


def test_the_cli_prefetches_for_the_selected_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """``check --live --select`` hands the plan the selected rules' reads, not every rule's."""
    from gwlint.aws import live
    from gwlint.aws.facts import SetupError

    asked: list[frozenset[str] | None] = []

    def refuse(**kwargs: Any) -> None:
        asked.append(kwargs["kinds"])
        raise SetupError("stopped by the test")

    monkeypatch.setattr(live, "prepare", refuse)
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--live", "--gateway", "gw-1", "--select", "GW401"])
    assert result.exit_code == 2 and "stopped by the test" in result.output
    result = runner.invoke(app, ["check", "--live", "--gateway", "gw-1", "--select", "GW510"])
    gw510 = [m for m in LIVE if m.id == "GW510"]
    assert asked == [frozenset(SOURCE_READS), declared_kinds(gw510)]
    assert declared_kinds(gw510) > frozenset(SOURCE_READS)
