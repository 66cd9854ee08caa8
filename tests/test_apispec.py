"""The generated API spec: fresh against the pinned botocore, loaded without botocore."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gwlint import apispec, specgen


def test_spec_is_fresh_against_installed_botocore() -> None:
    pytest.importorskip("botocore")
    assert specgen.SPEC_PATH.read_text(encoding="utf-8") == specgen.generate(), (
        "gwlint/spec/agentcore_api.json is stale; run: python -m gwlint.specgen"
    )


def test_check_mode_reports_a_stale_spec(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("botocore")
    stale = tmp_path / "agentcore_api.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(specgen, "SPEC_PATH", stale)
    assert specgen.main(["--check"]) == 1
    stale.write_text(specgen.generate(), encoding="utf-8")
    assert specgen.main(["--check"]) == 0


def test_spec_records_the_pinned_botocore_and_operations() -> None:
    data = apispec.spec()
    assert data["botocore"] == "1.44.5"
    assert set(data["operations"]) == set(specgen.OPERATIONS)
    assert apispec.input_shape("UpdateGateway") == "UpdateGatewayRequest"


def test_patterns_are_anchored() -> None:
    name = apispec.pattern("GatewayName")
    assert name.match("a" * 48)
    assert not name.match("a" * 49)
    assert not name.match("bad_name")
    assert apispec.pattern("ClientIdType", cognito=True).match("6aarhftf6bopppar05humcp2r6")


def test_target_kinds_come_from_the_spec() -> None:
    assert set(apispec.kind_names()) == {
        "mcpServer", "lambda", "openApiSchema", "smithyModel", "apiGateway", "mcp.connector",
        "agentcoreRuntime", "passthrough", "http.connector", "inference.connector", "provider",
    }  # fmt: skip


def test_request_and_response_members_per_operation() -> None:
    assert "wafConfiguration" not in apispec.members(apispec.input_shape("CreateGateway"))
    assert "wafConfiguration" in apispec.members(apispec.input_shape("UpdateGateway"))
    assert "tags" not in apispec.members(apispec.input_shape("UpdateGateway"))
    assert apispec.response_only_members("GetGateway", ("CreateGateway", "UpdateGateway")) == {
        "gatewayArn", "gatewayId", "gatewayUrl", "createdAt", "updatedAt", "status",
        "statusReasons", "workloadIdentityDetails", "webAclArn",
    }  # fmt: skip


def test_loading_the_spec_imports_no_botocore() -> None:
    code = (
        "import sys; from gwlint import apispec; apispec.spec(); apispec.pattern('GatewayName')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('boto3', 'botocore'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_sensitive_values_are_never_echoed(write_json) -> None:  # type: ignore[no-untyped-def]
    from .conftest import lint_rule

    secret = "key-" + "\x01" + "9f8e7d6c5b4a"  # a control character breaks the pattern
    target = {
        "name": "partner",
        "targetConfiguration": {"http": {"passthrough": {
            "endpoint": "https://api.example.com", "protocolType": "CUSTOM",
            "staticQueryParameters": {"X-Partner-Id": secret}}}},
    }  # fmt: skip
    [finding] = lint_rule(write_json, target, "GW003")
    assert finding.status.value == "fail"
    assert finding.pointer == (
        "/targetConfiguration/http/passthrough/staticQueryParameters/X-Partner-Id"
    )
    assert "(value not shown: the API model marks it sensitive)" in finding.message
    assert "9f8e7d6c5b4a" not in finding.message + finding.fix


def test_masked_secret_values_are_not_judged(write_json) -> None:  # type: ignore[no-untyped-def]
    """A value masked as a secret before the rules ran is neither failed nor counted as valid."""
    from .conftest import lint_rule

    target = {
        "name": "partner",
        "targetConfiguration": {"http": {"passthrough": {
            "endpoint": "https://api.example.com", "protocolType": "CUSTOM",
            "staticQueryParameters": {"api_key": "key-\x019f8e7d6c5b4a"}}}},
    }  # fmt: skip
    [finding] = lint_rule(write_json, target, "GW003")
    assert finding.status.value == "pass"
    assert finding.message == (
        "CreateGatewayTarget request: 2 patterned values checked, all valid; "
        "1 secret value not judged (masked)"
    )
