"""GW325 with Cognito multi-Region replicas: a token endpoint in a replica's Region.

moto has no ListUserPoolReplicas; the test gives moto's Cognito responses one,
answering in the shape of botocore's model (``UserPoolReplicas``: RegionName,
Status, Role) or AccessDeniedException; the pool, its domain and its client
are moto's own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gwlint.facts import Unavailable
from gwlint.findings import Finding, Severity, Status

from .live_support import REGION, Seeder, lint_file, make_facts

pytest_plugins = ("tests.live_support",)

REPLICA = "eu-west-1"


def serve_replicas(
    monkeypatch: pytest.MonkeyPatch, answer: list[dict[str, str]] | None, seen: list[str]
) -> None:
    """moto's Cognito answers ListUserPoolReplicas with ``answer`` (None: access denied)."""
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.exceptions import JsonRESTError

    def list_user_pool_replicas(self: Any) -> str:
        seen.append(self._get_param("UserPoolId"))
        if answer is None:
            raise JsonRESTError("AccessDeniedException", "denied by the test")
        return json.dumps({"UserPoolReplicas": answer})

    monkeypatch.setattr(
        CognitoIdpResponse, "list_user_pool_replicas", list_user_pool_replicas, raising=False
    )


def _replica(region: str, role: str, status: str = "ACTIVE") -> dict[str, str]:
    return {"RegionName": region, "Status": status, "Role": role}


def _lint(
    seed: Seeder,
    tmp_path: Path,
    answer: list[dict[str, str]] | None,
    host_region: str,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[Finding], list[str], Any]:
    setup = seed.cognito("replica-gateway", domain_prefix="replica-auth")
    config = {
        "client_id": setup.client_id,
        "user_pool_id": setup.pool_id,
        "token_endpoint": f"https://replica-auth.auth.{host_region}.amazoncognito.com/oauth2/token",
    }
    path = tmp_path / "agent.json"
    path.write_text(json.dumps(config, indent=2))
    seen: list[str] = []
    serve_replicas(monkeypatch, answer, seen)
    facts = make_facts()
    findings = [f for f in lint_file(path, facts, "GW325") if f.rule_id == "GW325"]
    facts.close()
    return findings, seen, setup


def _endpoint_finding(findings: list[Finding]) -> Finding:
    (finding,) = [f for f in findings if "token endpoint" in f.message]
    assert finding.pointer == "/token_endpoint"
    return finding


def test_token_endpoint_in_an_active_replica_region_passes(
    seed: Seeder, tmp_path: Path, moto_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = [_replica(REGION, "PRIMARY"), _replica(REPLICA, "SECONDARY")]
    findings, seen, setup = _lint(seed, tmp_path, answer, REPLICA, monkeypatch)
    assert [(f.status, f.pointer) for f in findings] == [
        (Status.PASS, "/token_endpoint"),  # the domain is ACTIVE
        (Status.PASS, "/token_endpoint"),
    ]
    assert _endpoint_finding(findings).message == (
        f"The token endpoint's host replica-auth.auth.{REPLICA}.amazoncognito.com is user pool "
        f"{setup.pool_id}'s domain in its replica Region {REPLICA}."
    )
    assert seen == [setup.pool_id]


@pytest.mark.parametrize(
    "answer",
    [
        [_replica(REGION, "PRIMARY")],
        [_replica(REGION, "PRIMARY"), _replica(REPLICA, "SECONDARY", "CREATING")],
    ],
    ids=["no-replica", "replica-creating"],
)
def test_token_endpoint_where_no_active_replica_is_fails(
    answer: list[dict[str, str]],
    seed: Seeder,
    tmp_path: Path,
    moto_aws: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    findings, _, setup = _lint(seed, tmp_path, answer, REPLICA, monkeypatch)
    finding = _endpoint_finding(findings)
    assert (finding.status, finding.severity) == (Status.FAIL, Severity.ERROR)
    assert finding.message == (
        f"The token endpoint 'https://replica-auth.auth.{REPLICA}.amazoncognito.com/oauth2/token'"
        f" is in {REPLICA}, where user pool {setup.pool_id} has no ACTIVE replica (expected "
        f"host: replica-auth.auth.{REGION}.amazoncognito.com)."
    )


def test_unreadable_replicas_are_an_error_never_a_verdict(
    seed: Seeder, tmp_path: Path, moto_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings, _, _ = _lint(seed, tmp_path, None, REPLICA, monkeypatch)
    finding = _endpoint_finding(findings)
    assert finding.status is Status.ERROR
    assert "gwlint needs cognito-idp:ListUserPoolReplicas" in finding.message


def test_the_pool_region_needs_no_replica_read(
    seed: Seeder, tmp_path: Path, moto_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings, seen, _ = _lint(seed, tmp_path, [], REGION, monkeypatch)
    assert [f.status for f in findings] == [Status.PASS, Status.PASS]
    assert seen == []


class ReplicaAccount:
    """The account as seen from a replica's Region (eu-west-1) of a us-east-1 pool.

    DescribeUserPoolDomain answers an empty description for the prefix domain
    outside the Region that created it, as botocore's documentation of the
    operation states; moto keeps pools per Region and cannot serve one pool in two.
    """

    region = REPLICA

    def __init__(self, replicas: list[dict[str, str]] | None) -> None:
        self.replicas = replicas
        self.asked: list[tuple[str, str | None]] = []

    def call(
        self, service: str, operation: str, *, region: str | None = None, **params: Any
    ) -> Any:
        self.asked.append((operation, region))
        if operation == "describe_user_pool":
            return {"UserPool": {"Id": POOL, "Domain": "replica-auth"}}
        if operation == "describe_user_pool_domain":
            status = {"Domain": "replica-auth", "Status": "ACTIVE"} if region == REGION else {}
            return {"DomainDescription": status}
        raise AssertionError(operation)

    def paginate(
        self, service: str, operation: str, key: str, *, region: str | None = None, **params: Any
    ) -> Any:
        self.asked.append((operation, region))
        if self.replicas is None:
            raise Unavailable("cognito-idp:ListUserPoolReplicas: throttled", action="x")
        return self.replicas


POOL = "us-east-1_AbCdEf123"


def _replica_config(tmp_path: Path) -> Path:
    """A gateway whose authorizer trusts the pool in its replica Region, and its client."""
    config = {
        "gateway": {
            "name": "replica-gateway",
            "authorizerType": "CUSTOM_JWT",
            "authorizerConfiguration": {
                "customJWTAuthorizer": {
                    "discoveryUrl": f"https://cognito-idp.{REPLICA}.amazonaws.com/{POOL}"
                    "/.well-known/openid-configuration",
                    "allowedClients": ["4example1client2id3"],
                }
            },
        },
        "client": {
            "client_id": "4example1client2id3",
            "token_endpoint": f"https://replica-auth.auth.{REPLICA}.amazoncognito.com/oauth2/token",
        },
    }
    path = tmp_path / "replica.json"
    path.write_text(json.dumps(config))
    return path


def test_a_prefix_domain_is_described_in_the_primary_region(tmp_path: Path) -> None:
    account = ReplicaAccount([_replica(REGION, "PRIMARY"), _replica(REPLICA, "SECONDARY")])
    findings = [
        f for f in lint_file(_replica_config(tmp_path), account, "GW325") if f.rule_id == "GW325"
    ]
    assert [f.status for f in findings] == [Status.PASS, Status.PASS], findings
    assert ("describe_user_pool_domain", REPLICA) in account.asked
    assert ("describe_user_pool_domain", REGION) in account.asked


def test_unreadable_replicas_leave_the_domain_unjudged(tmp_path: Path) -> None:
    account = ReplicaAccount(None)
    findings = [
        f for f in lint_file(_replica_config(tmp_path), account, "GW325") if f.rule_id == "GW325"
    ]
    assert findings[0].status is Status.ERROR
    assert "the pool's primary Region, where a prefix domain is described, is unknown" in (
        findings[0].message
    )
