"""``gwlint why --live``: the causes' live rules run against the account (moto's HTTP server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.live_support import Seeder, allow, subprocess_env

pytest_plugins = ("tests.live_support",)  # moto_server, server_seed

SCRIPT = Path(sys.executable).with_name("gwlint")


def gwlint_why(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "why", *args],
        env=subprocess_env(url, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


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
    moto_server: str, weather: dict[str, Any], tmp_path: Path
) -> None:
    message = (
        "Gateway execution role lacks permission to invoke Lambda function "
        f"{weather['tools']}. Update the permission and retry"
    )
    result = gwlint_why(
        moto_server,
        tmp_path,
        message,
        "--live",
        "--gateway",
        weather["gateway"]["gatewayArn"],
        "--format",
        "json",
    )
    assert result.returncode == 1, result.stderr
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


def test_without_live_the_live_causes_stay_unknown(
    moto_server: str, weather: dict[str, Any], tmp_path: Path
) -> None:
    result = gwlint_why(
        moto_server,
        tmp_path,
        "Gateway execution role lacks permission to invoke Lambda function",
        "--gateway",
        "x",
    )
    assert result.returncode == 2
    assert result.stderr == "gwlint: error: --gateway read(s) the AWS account: add --live\n"
