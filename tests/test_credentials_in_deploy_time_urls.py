"""A URL set at deploy time whose written part holds a credential is never passed by GW604."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwlint import lint

TERRAFORM = """
data "aws_region" "current" {}

resource "aws_bedrockagentcore_gateway" "gw" {
  name            = "security-gateway"
  role_arn        = "arn:aws:iam::123456789012:role/GatewayRole"
  protocol_type   = "MCP"
  authorizer_type = "CUSTOM_JWT"
  authorizer_configuration {
    custom_jwt_authorizer {
      discovery_url   = "https://u:pw1234secret@cognito-idp.${data.aws_region.current.id}.amazonaws.com/x"
      allowed_clients = ["6aarhftf6bopppar05humcp2r6"]
    }
  }
}
"""
TEMPLATE = """
Resources:
  Gateway:
    Type: AWS::BedrockAgentCore::Gateway
    Properties:
      Name: security-gateway
      RoleArn: arn:aws:iam::123456789012:role/GatewayRole
      ProtocolType: MCP
      AuthorizerType: CUSTOM_JWT
      AuthorizerConfiguration:
        CustomJWTAuthorizer:
          DiscoveryUrl: !Sub "https://u:pw1234secret@cognito-idp.${AWS::Region}.amazonaws.com/x"
          AllowedClients: [6aarhftf6bopppar05humcp2r6]
"""
SCRIPT = """
import boto3

client = boto3.client("bedrock-agentcore-control")
region = client.meta.region_name
client.create_gateway(
    name="security-gateway",
    roleArn="arn:aws:iam::123456789012:role/GatewayRole",
    protocolType="MCP",
    authorizerType="CUSTOM_JWT",
    authorizerConfiguration={"customJWTAuthorizer": {
        "discoveryUrl": f"https://u:pw1234secret@cognito-idp.{region}.amazonaws.com/x",
        "allowedClients": ["6aarhftf6bopppar05humcp2r6"],
    }},
)
"""


@pytest.mark.parametrize(
    ("name", "text", "pointer"),
    [
        (
            "main.tf",
            TERRAFORM,
            "/resource/aws_bedrockagentcore_gateway/gw/authorizer_configuration/0/"
            "custom_jwt_authorizer/0/discovery_url",
        ),
        (
            "template.yaml",
            TEMPLATE,
            "/Resources/Gateway/Properties/AuthorizerConfiguration/CustomJWTAuthorizer/DiscoveryUrl",
        ),
        ("deploy.py", SCRIPT, "/calls/0/authorizerConfiguration/customJWTAuthorizer/discoveryUrl"),
    ],
)
def test_gw604_does_not_pass_a_deploy_time_url_holding_userinfo(
    tmp_path: Path, name: str, text: str, pointer: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    report = lint([str(path)], select=["GW604"])
    [finding] = report.findings
    assert (finding.rule_id, finding.status.value, finding.pointer) == ("GW604", "skip", pointer)
    assert finding.message.startswith("not checked: set at deploy time (")
    assert "https://***@cognito-idp." in finding.message
    assert "pw1234secret" not in finding.message
