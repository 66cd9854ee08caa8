"""End to end: the installed ``gwlint`` command against moto as a real HTTP server.

moto runs as a threaded HTTP server on a loopback port; the ``gwlint`` console
script runs in a subprocess with ``AWS_ENDPOINT_URL`` pointing at it and fake
credentials, exactly as a user would run it against LocalStack or moto. The
seeded deployment has several of the troubleshooting guide's failures at once:

- the runtime behind the MCP-server target never started (CREATE_FAILED, with
  the service's failureReason);
- the Lambda target is FAILED with the "lacks permission to invoke" status
  reason, because the execution role may only invoke another function;
- the config (and the proxy Lambda) use the user-pool ID as the client ID;
- the proxy Lambda keeps the client secret in plaintext in its environment.

The assertions name every finding of the live rules (and GW301) by rule id and
status: a change in what the live checks report shows up here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gwlint.registry import all_rules
from tests.live_support import (
    IAM_ROLE_PROVIDER,
    REGION,
    Seeder,
    allow,
    jwt_authorizer,
    subprocess_env,
)

pytest_plugins = ("tests.live_support",)  # moto_server, server_seed

SCRIPT = Path(sys.executable).with_name("gwlint")
SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0svc"  # a realistic-looking client secret
LIVE_RULES = {r.id for r in all_rules() if r.live}


@pytest.fixture
def deployed(server_seed: Seeder) -> dict[str, Any]:
    seed = server_seed
    tools = seed.function("weather-tools")
    other = seed.function("other-tools")
    role = seed.role("ShopGatewayRole", inline={"invoke": allow("lambda:InvokeFunction", other)})
    cog = seed.cognito("shop-gateway")
    runtime = seed.runtime(
        "shop_mcp",
        status="CREATE_FAILED",
        failure_reason="Container failed to start: exec format error (the image is not ARM64)",
    )
    gateway = seed.gateway(
        "shop-gateway",
        role_arn=role,
        authorizer_configuration=jwt_authorizer(cog),
    )
    reason = (
        f"Gateway execution role lacks permission to invoke Lambda function {tools}. "
        "Update the permission and retry"
    )
    weather = seed.lambda_target(
        gateway["gatewayId"], "weather", tools, status="FAILED", status_reasons=[reason]
    )
    shop = seed.mcp_server_target(
        gateway["gatewayId"],
        "shop",
        runtime["invocationUrl"],
        credential_providers=[IAM_ROLE_PROVIDER],
    )
    proxy = seed.function(
        "gateway-proxy",
        env={
            "GATEWAY_URL": gateway["gatewayUrl"],
            "COGNITO_CLIENT_ID": cog.pool_id,  # the guide's mix-up, in the proxy too
            "TOKEN_URL": cog.token_endpoint,
            "COGNITO_CLIENT_SECRET": SECRET,
        },
    )
    return {
        "gateway": gateway,
        "cognito": cog,
        "runtime": runtime,
        "tools": tools,
        "proxy": proxy,
        "role": role,
        "weather": weather,
        "shop": shop,
        "reason": reason,
    }


def gwlint(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "check", *args],
        env=subprocess_env(url, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def live_findings(stdout: str) -> list[dict[str, Any]]:
    payload = json.loads(stdout)
    assert payload["errors"] == []
    return [f for f in payload["findings"] if f["rule_id"] in LIVE_RULES | {"GW301"}]


def statuses(findings: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((f["rule_id"], f["status"]) for f in findings)


def test_deployed_gateway_checked_without_any_file(
    moto_server: str, deployed: dict[str, Any], tmp_path: Path
) -> None:
    gateway = deployed["gateway"]
    result = gwlint(
        moto_server,
        tmp_path,
        "--live",
        "--gateway",
        gateway["gatewayUrl"],
        "--lambda",
        "gateway-proxy",
        "--format",
        "json",
    )
    assert result.returncode == 1, result.stderr
    findings = live_findings(result.stdout)
    assert statuses(findings) == Counter(
        {
            ("GW301", "pass"): 1,  # allowedClients holds the real client ID
            ("GW321", "pass"): 1,
            ("GW322", "pass"): 1,
            ("GW401", "pass"): 1,
            ("GW402", "pass"): 1,  # target shop
            ("GW402", "fail"): 1,  # target weather: FAILED with the permission reason
            ("GW403", "fail"): 1,  # runtime CREATE_FAILED
            ("GW403", "pass"): 1,  # its DEFAULT endpoint is READY
            ("GW404", "pass"): 1,  # the protocol is judged in any status
            ("GW405", "pass"): 1,
            ("GW501", "pass"): 1,
            ("GW502", "pass"): 1,  # GATEWAY_URL matches
            ("GW502", "skip"): 2,  # no client config to compare the client ID/token URL with
            ("GW510", "pass"): 1,
            ("GW511", "pass"): 1,
            ("GW512", "fail"): 3,  # no InvokeFunction on the tools, no InvokeAgentRuntime x2
            ("GW603", "fail"): 1,  # plaintext COGNITO_CLIENT_SECRET
        }
    )
    payload = json.loads(result.stdout)
    for finding in payload["findings"]:  # nothing from a file: no location
        assert (finding["file"], finding["pointer"], finding["line"]) == (None, None, None)
    by_rule = {(f["rule_id"], f["status"]): f for f in findings}
    assert deployed["reason"] in by_rule[("GW402", "fail")]["message"]
    assert "exec format error" in by_rule[("GW403", "fail")]["message"]
    assert by_rule[("GW403", "fail")]["resource"] == deployed["runtime"]["agentRuntimeArn"]
    denied = [f for f in findings if f["rule_id"] == "GW512"]
    assert {f["resource"] for f in denied} == {
        deployed["tools"],
        deployed["runtime"]["agentRuntimeArn"],
        deployed["runtime"]["agentRuntimeArn"] + "/runtime-endpoint/DEFAULT",
    }
    assert by_rule[("GW603", "fail")]["resource"] == deployed["proxy"]
    assert SECRET not in result.stdout


def test_config_file_checked_against_the_account(
    moto_server: str, deployed: dict[str, Any], tmp_path: Path
) -> None:
    gateway, cog = deployed["gateway"], deployed["cognito"]
    config = tmp_path / "gateway_config.json"  # the toolkit quickstart's file, with the mix-up
    config.write_text(
        json.dumps(
            {
                "gateway_url": gateway["gatewayUrl"],
                "gateway_id": gateway["gatewayId"],
                "region": REGION,
                "client_info": {
                    "client_id": cog.pool_id,
                    "client_secret": SECRET,
                    "user_pool_id": cog.pool_id,
                    "token_endpoint": cog.token_endpoint,
                    "scope": cog.scope,
                    "domain_prefix": cog.domain_prefix,
                },
            },
            indent=2,
        )
    )
    result = gwlint(
        moto_server, tmp_path, "--live", str(config), "--lambda", "gateway-proxy", "-f", "json"
    )
    assert result.returncode == 1, result.stderr
    findings = live_findings(result.stdout)
    assert statuses(findings) == Counter(
        {
            ("GW301", "fail"): 1,  # offline: client_id is a pool ID
            ("GW321", "pass"): 1,
            ("GW322", "fail"): 1,  # live: that "client" is the pool itself
            ("GW322", "pass"): 1,  # the gateway's allowedClients entry is a real client
            ("GW323", "skip"): 1,  # no client to inspect
            ("GW324", "skip"): 1,
            ("GW325", "pass"): 3,  # the pool's domain is the token endpoint's host
            ("GW326", "skip"): 1,
            ("GW401", "pass"): 1,
            ("GW402", "pass"): 1,
            ("GW402", "fail"): 1,
            ("GW502", "pass"): 3,  # proxy env matches this (wrong) config
            ("GW510", "pass"): 1,
            ("GW511", "pass"): 1,
            ("GW512", "fail"): 3,
            ("GW603", "fail"): 1,
        }
    )
    gw301 = next(f for f in findings if f["rule_id"] == "GW301")
    assert (gw301["file"], gw301["pointer"], gw301["line"]) == (
        str(config),
        "/client_info/client_id",
        6,  # {, gateway_url, gateway_id, region, client_info, client_id
    )
    gw322 = next(f for f in findings if f["rule_id"] == "GW322" and f["status"] == "fail")
    assert gw322["file"] == str(config) and gw322["pointer"] == "/client_info/client_id"
    assert SECRET not in result.stdout


def test_text_output_groups_live_findings_under_the_gateway(
    moto_server: str, deployed: dict[str, Any], tmp_path: Path
) -> None:
    gateway = deployed["gateway"]
    result = gwlint(
        moto_server, tmp_path, "--live", "--gateway", gateway["gatewayArn"], "--select", "GW4"
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == gateway["gatewayArn"]  # one heading: what was checked
    runtime_lines = [line for line in lines if "GW403 runtime-ready [error]" in line]
    assert runtime_lines and all(
        line.endswith(deployed["runtime"]["agentRuntimeArn"]) for line in runtime_lines
    )  # each finding names its resource
    assert any("GW402 target-ready [error]" in line for line in lines)
    assert "exec format error" in result.stdout
    assert lines[-1].endswith("in the deployed resources")
