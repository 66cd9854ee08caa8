"""``gwlint why --live``: the causes' live rules run against the account (moto's HTTP server)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.live_support import Seeder, allow

from .why_support import invoke

pytest_plugins = ("tests.live_support",)  # moto_server, server_seed


@pytest.fixture
def weather(server_seed: Seeder) -> dict[str, Any]:
    tools = server_seed.function("weather-tools")
    other = server_seed.function("other-tools")
    role = server_seed.role(
        "WeatherGatewayRole", inline={"invoke": allow("lambda:InvokeFunction", other)}
    )
    gateway = server_seed.gateway("weather-gateway", role_arn=role)
    server_seed.lambda_target(gateway["gatewayId"], "weather", tools)
    return {"gateway": gateway, "tools": tools, "role": role}


def test_live_rule_finds_the_missing_invoke_permission(
    moto_server: str, weather: dict[str, Any]
) -> None:
    message = (
        "Gateway execution role lacks permission to invoke Lambda function "
        f"{weather['tools']}. Update the permission and retry"
    )
    result = invoke(
        "why",
        message,
        "--live",
        "--gateway",
        weather["gateway"]["gatewayArn"],
        "--format",
        "json",
    )
    assert result.exit_code == 1, result.stderr
    match = json.loads(result.stdout)["matches"][0]
    got = [((c["rule"] or {}).get("id"), c["verdict"]) for c in match["causes"]]
    assert got == [
        ("GW512", "present"),
        ("GW501", "absent"),
        (None, "unknown"),
        ("GW206", "absent"),
    ]
    finding = match["causes"][0]["findings"][0]
    assert finding["file"] is None
    assert weather["tools"] in finding["message"]
    assert "lambda:InvokeFunction" in finding["message"]


def test_gateway_without_live_is_a_usage_error(moto_server: str, weather: dict[str, Any]) -> None:
    result = invoke(
        "why",
        "Gateway execution role lacks permission to invoke Lambda function",
        "--gateway",
        "x",
    )
    assert result.exit_code == 2
    assert result.stderr == "gwlint: error: --gateway read(s) the AWS account: add --live\n"
