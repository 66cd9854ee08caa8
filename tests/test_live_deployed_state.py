"""Deployed state judged fairly: request-constraint rules speak of requests, not of what exists.

A gateway read from the account (``--live``) holds values the service already
accepted; a rule derived from the API's request constraints reports them at
most as ``info`` saying a re-deploy of the same value would be rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gwlint.deployed import ACCEPTED
from gwlint.findings import Severity, Status
from gwlint.registry import all_rules

from .live_support import Seeder, write
from .test_live_rules_runtime import agentcore_backend, lint_account

pytest_plugins = ("tests.live_support",)

WRAPPED = ("GW101", "GW105", "GW107", "GW213")


def _stored(seed: Seeder) -> str:
    """A gateway whose stored values no request could carry (as an older API accepted)."""
    gateway = seed.gateway("ops-gateway", description="ops tools")
    stored = agentcore_backend().gateways[gateway["gatewayId"]]
    stored.description = ""
    stored.name = "ops_gateway"
    stored.exception_level = "TRACE"
    return str(gateway["gatewayId"])


def test_deployed_values_outside_request_constraints_are_info(seed: Seeder, facts: Any) -> None:
    gateway_id = _stored(seed)
    findings = [f for f in lint_account(facts, gateway_id, *WRAPPED) if f.rule_id in WRAPPED]
    assert [(f.rule_id, f.status, f.severity, f.pointer) for f in findings] == [
        ("GW101", Status.FAIL, Severity.INFO, None),
        ("GW105", Status.FAIL, Severity.INFO, None),
    ]
    for finding in findings:
        assert finding.message.startswith(f"Deployed value: {ACCEPTED}. ")
    assert "contains underscores" in findings[0].message
    assert "'TRACE'" in findings[1].message


def test_a_stored_empty_description_does_not_fail(seed: Seeder, facts: Any) -> None:
    gateway_id = _stored(seed)
    findings = lint_account(facts, gateway_id, *(r.id for r in all_rules() if not r.probe))
    failing = [f for f in findings if f.status is Status.FAIL and f.severity is Severity.ERROR]
    assert not [f for f in failing if f.rule_id.startswith(("GW0", "GW1"))]


def test_the_same_values_in_a_request_still_fail_as_errors(tmp_path: Path) -> None:
    from gwlint.engine import Job, run_job
    from gwlint.sources import load_file

    path = write(
        tmp_path,
        '{"name": "ops_gateway", "roleArn": "arn:aws:iam::123456789012:role/GatewayRole",\n'
        ' "authorizerType": "NONE", "description": "", "exceptionLevel": "TRACE"}\n',
        {},
    )
    rules = [r for r in all_rules() if r.id in WRAPPED]
    loaded = load_file(path)
    findings = run_job(rules, Job(loaded.deployment, loaded.document, None))
    failed = sorted((f.rule_id, f.severity, f.pointer) for f in findings if f.status is Status.FAIL)
    assert failed == [
        ("GW101", Severity.ERROR, "/name"),
        ("GW105", Severity.ERROR, "/exceptionLevel"),
        ("GW107", Severity.ERROR, "/description"),
    ]
    assert not any(f.message.startswith("Deployed value") for f in findings)
