"""Terraform values supplied at deploy time (``default = null``) and counted gateways in plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint import lint
from gwlint.cli import app
from gwlint.sources import load_paths

from .conftest import of_rule, only

GW, TG = "aws_bedrockagentcore_gateway", "aws_bedrockagentcore_gateway_target"
ROLE = "arn:aws:iam::123456789012:role/GatewayExecutionRole"
POOL = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab3De5Gh7/.well-known/openid-configuration"
BAD_URL = "http://idp.example.com/.well-known/openid-configuration"
CLIENT = "6aarhftf6bopppar05humcp2r6"
JWT = "/authorizer_configuration/0/custom_jwt_authorizer/0"

MODULE = """\
variable "gw_name" {
  type = string
DEFAULT}

variable "url" {
  type = string
DEFAULT}

resource "aws_bedrockagentcore_gateway" "main" {
  name            = var.gw_name
  role_arn        = "arn:aws:iam::123456789012:role/GatewayExecutionRole"
  authorizer_type = "CUSTOM_JWT"
  protocol_type   = "MCP"

  authorizer_configuration {
    custom_jwt_authorizer {
      discovery_url   = var.url
      allowed_clients = ["6aarhftf6bopppar05humcp2r6"]
    }
  }
}
"""


def deploy_time(
    rule: str, pointer: str, line: int, column: int, written: str
) -> tuple[str, str, str, int, int, str]:
    """The skip a value set at deploy time gets, where it is written."""
    return (rule, "skip", pointer, line, column, f"not checked: set at deploy time ({written})")


def skips(report: Any) -> list[tuple[str, str, str | None, int | None, int | None, str]]:
    return [
        (f.rule_id, f.status.value, f.pointer, f.line, f.column, f.message)
        for f in report.findings
        if f.rule_id in ("GW101", "GW309")
    ]


@pytest.mark.parametrize("default", ["  default = null\n", ""], ids=["null", "none"])
def test_hcl_variable_without_a_value_is_set_at_deploy_time(tmp_path: Path, default: str) -> None:
    (tmp_path / "main.tf").write_text(MODULE.replace("DEFAULT", default))
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = 12 if default else 10  # the module is two lines shorter without the defaults
    base = f"/resource/{GW}/main"
    assert skips(lint([str(tmp_path)])) == [
        deploy_time("GW101", f"{base}/name", line, 21, "var.gw_name"),
        deploy_time("GW309", f"{base}{JWT}/discovery_url", line + 7, 25, "var.url"),
    ]


@pytest.mark.parametrize("variable", [{"default": None}, {}], ids=["null", "none"])
def test_tf_json_variable_without_a_value_is_set_at_deploy_time(
    tmp_path: Path, variable: dict[str, Any]
) -> None:
    config = {
        "variable": {"gw_name": variable, "url": variable},
        "resource": {
            GW: {
                "main": {
                    "name": "${var.gw_name}",
                    "role_arn": ROLE,
                    "authorizer_type": "CUSTOM_JWT",
                    "protocol_type": "MCP",
                    "authorizer_configuration": {
                        "custom_jwt_authorizer": {
                            "discovery_url": "${var.url}",
                            "allowed_clients": [CLIENT],
                        }
                    },
                }
            }
        },
    }
    path = tmp_path / "main.tf.json"
    path.write_text(json.dumps(config, indent=2))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    line = 13 if variable else 9
    base = f"/resource/{GW}/main"
    assert skips(lint([str(path)])) == [
        deploy_time("GW101", f"{base}/name", line, 17, "${var.gw_name}"),
        deploy_time(
            "GW309",
            f"{base}/authorizer_configuration/custom_jwt_authorizer/discovery_url",
            line + 6,
            30,
            "${var.url}",
        ),
    ]


def test_a_literal_default_is_still_checked(tmp_path: Path) -> None:
    module = MODULE.replace("DEFAULT", '  default = "bad_name"\n', 1).replace("DEFAULT", "")
    (tmp_path / "main.tf").write_text(module)
    name = only(of_rule(lint([str(tmp_path)]), "GW101"))
    assert (name.status.value, name.line, name.column) == ("fail", 11, 21)


# -- plans: counted and for_each gateways ----------------------------------------------


def _bare(key: str) -> str:
    """``[0]`` → ``0``, ``["blue"]`` → ``blue``."""
    return key.strip('[]"')


def _gateway(key: str, url: str) -> dict[str, Any]:
    return {
        "address": f"{GW}.main{key}",
        "mode": "managed",
        "type": GW,
        "name": "main",
        "values": {
            "name": f"gw-{_bare(key)}",
            "role_arn": ROLE,
            "authorizer_type": "CUSTOM_JWT",
            "protocol_type": "MCP",
            "authorizer_configuration": [
                {"custom_jwt_authorizer": [{"discovery_url": url, "allowed_clients": [CLIENT]}]}
            ],
        },
    }


def _target(key: str) -> dict[str, Any]:
    return {
        "address": f"{TG}.tools{key}",
        "mode": "managed",
        "type": TG,
        "name": "tools",
        "values": {
            "name": f"tools-{_bare(key)}",
            "target_configuration": [
                {"mcp": [{"mcp_server": [{"endpoint": "https://mcp.example.com/mcp"}]}]}
            ],
        },
    }


def counted_plan(keys: list[str], references: list[str]) -> dict[str, Any]:
    """Gateways ``main[k]`` (the first with a bad discovery URL) and targets ``tools[k]``."""
    urls = [BAD_URL] + [POOL] * (len(keys) - 1)
    resources = [_gateway(k, u) for k, u in zip(keys, urls, strict=True)]
    resources += [_target(k) for k in keys]
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": [
            {"address": r["address"], "change": {"after_unknown": {"gateway_id": True}}}
            for r in resources
        ],
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": f"{TG}.tools",
                        "type": TG,
                        "expressions": {"gateway_identifier": {"references": references}},
                    }
                ]
            }
        },
    }


def pairs(path: Path) -> list[tuple[str | None, list[str]]]:
    loaded = load_paths([str(path)])
    assert not loaded.errors
    return [
        (
            item.deployment.gateway.name if item.deployment.gateway else None,
            [t.name for t in item.deployment.targets],
        )
        for item in loaded.loaded
    ]


COUNT_SHORT = [f"{GW}.main", "count.index"]  # as Terraform prints main[count.index].gateway_id
COUNT_LONG = [f"{GW}.main[count.index].gateway_id", f"{GW}.main[count.index]", f"{GW}.main"]


@pytest.mark.parametrize("references", [COUNT_SHORT, COUNT_LONG], ids=["short", "long"])
def test_each_counted_gateway_is_checked_with_the_target_of_its_index(
    tmp_path: Path, references: list[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(counted_plan(["[0]", "[1]"], references), indent=1))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert pairs(path) == [("gw-0", ["tools-0"]), ("gw-1", ["tools-1"])]
    base = "/planned_values/root_module/resources"
    assert [
        (f.status.value, f.resource, f.pointer, f.line, f.column)
        for f in of_rule(lint([str(path)]), "GW309")
    ] == [
        ("fail", "gateway gw-0", f"{base}/0/values{JWT}/discovery_url", 20, 28),
        ("pass", "gateway gw-1", f"{base}/1/values{JWT}/discovery_url", 44, 28),
    ]


def test_for_each_gateways_pair_by_each_key(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    keys = ['["blue"]', '["green"]']
    path.write_text(json.dumps(counted_plan(keys, [f"{GW}.main", "each.key"]), indent=1))
    assert pairs(path) == [("gw-blue", ["tools-blue"]), ("gw-green", ["tools-green"])]


def test_a_literal_index_names_one_instance(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    references = [f"{GW}.main[1].gateway_id", f"{GW}.main[1]", f"{GW}.main"]
    path.write_text(json.dumps(counted_plan(["[0]", "[1]"], references), indent=1))
    assert pairs(path) == [("gw-0", []), ("gw-1", ["tools-0", "tools-1"])]


@pytest.mark.parametrize(
    "references",
    [[f"{GW}.main", "each.key"], [f"{GW}.main.gateway_id", f"{GW}.main"], [f"{GW}.main[5]"]],
    ids=["other-key-kind", "no-index", "no-such-instance"],
)
def test_targets_naming_no_instance_are_left_unpaired(
    tmp_path: Path, references: list[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(counted_plan(["[0]", "[1]"], references), indent=1))
    assert pairs(path) == [("gw-0", []), ("gw-1", []), (None, ["tools-0", "tools-1"])]
    report = lint([str(path)])
    assert [f.status.value for f in of_rule(report, "GW309")] == ["fail", "pass"]
