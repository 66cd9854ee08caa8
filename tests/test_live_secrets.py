"""Secrets the account returns never reach the output, even if a rule slips.

Rules never print Cognito client secrets or secret Lambda environment values;
the facade also remembers every such value it reads and the engine masks each
whole value in every finding. A deliberately leaky rule proves the safety net.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gwlint.engine import Job, run
from gwlint.findings import Report
from gwlint.registry import load_rules_dir
from gwlint.sources import load_file

from .live_support import REGION

pytest_plugins = ("tests.live_support",)

LEAKY_RULE = '''
"""Test rule that prints what it should not."""
from gwlint.rule import Severity, rule


@rule(id="LEAK001", name="leaky", severity=Severity.ERROR, summary="leaks", fix="none",
      live=True, reads=("pool-client", "function"))
def check(ctx):
    client = ctx.deployment.client
    info = ctx.facts.call("cognito-idp", "describe_user_pool_client",
                          UserPoolId=client.user_pool_id, ClientId=client.client_id)
    secret = info["UserPoolClient"]["ClientSecret"]
    env = ctx.facts.call("lambda", "get_function_configuration", FunctionName="proxy")
    value = env["Environment"]["Variables"]["COGNITO_CLIENT_SECRET"]
    yield ctx.fail(client, "client_id", f"client secret {secret} and env {value}",
                   fix=f"rotate {secret}, then {value}")
'''


def test_secrets_read_from_the_account_are_masked(seed: Any, facts: Any, tmp_path: Path) -> None:
    cognito = seed.cognito("leak-gateway")
    env_secret = "proxy-env-secret-value-7f3a9c"
    seed.function("proxy", env={"COGNITO_CLIENT_SECRET": env_secret, "TOKEN_URL": "https://x"})
    config = tmp_path / "gateway-config.json"
    config.write_text(
        json.dumps(
            {
                "gateway_url": f"https://leak-gateway-abcdefghij.gateway.bedrock-agentcore.{REGION}"
                ".amazonaws.com/mcp",
                "client_info": {"client_id": cognito.client_id, "user_pool_id": cognito.pool_id},
            }
        )
    )
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "leaky.py").write_text(LEAKY_RULE)
    loaded = load_file(config)
    report = run(
        load_rules_dir(rules_dir), [Job(loaded.deployment, loaded.document, facts)], Report()
    )
    [finding] = report.findings
    assert finding.rule_id == "LEAK001" and finding.pointer == "/client_info/client_id"
    text = finding.message + finding.fix
    assert cognito.client_secret not in text
    assert cognito.client_secret[:12] not in text
    assert env_secret not in text
    assert finding.message == "client secret **** and env ****"
    assert facts.secrets() == sorted([cognito.client_secret, env_secret])
