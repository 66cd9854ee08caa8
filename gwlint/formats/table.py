"""The formats gwlint reads, most specific first: recognition without imports.

Each entry names its reader module (imported only when a file of the format
is read), the file endings it claims, a ``marker`` that says the text holds
gateway definitions of the format, and a ``family`` pattern that says the file
is of the format at all (so a template without AgentCore resources is named
as such instead of "unrecognised").
"""

from __future__ import annotations

import re

from gwlint.formats import Format

TERRAFORM = Format(
    name="terraform",
    title="Terraform configuration",
    module="gwlint.formats.terraform",
    extensions=(".tf", ".tf.json", ".json"),  # .json: `terraform show -json` plans
    # any HCL file: one file of a module folder (variables.tf) stands for the module
    marker=re.compile(
        r'"aws_bedrockagentcore_gateway(?:_target)?"\s*[:,}\]]'
        r"|^\s*(?:resource|variable|provider|locals|output|data|module|terraform)\b",
        re.MULTILINE,
    ),
    family=re.compile(
        r'"terraform_version"\s*:|^\s*(?:resource|provider|terraform|module|variable|data)\s+["{]',
        re.MULTILINE,
    ),
    # plan files (`terraform show -json`) and *.tf.json configurations
    json_keys=frozenset(
        {"terraform_version", "format_version", "planned_values", "resource_changes"}
        | {"resource", "variable", "provider", "terraform", "module", "data", "locals", "output"}
    ),
)

#: A gateway API method called on something: the text may define a gateway.
_BOTO3_CALL = re.compile(r"\.(?:create|update)_gateway(?:_target)?\s*\(")

FORMATS: tuple[Format, ...] = (
    Format(
        name="cloudformation",
        title="CloudFormation template",
        module="gwlint.formats.cloudformation",
        extensions=(".yaml", ".yml", ".template", ".json"),
        marker=re.compile(
            r"""\bType["']?\s*:\s*["']?AWS::BedrockAgentCore::Gateway(?:Target)?(?![\w:])"""
        ),
        family=re.compile(r"""AWSTemplateFormatVersion|\bType["']?\s*:\s*["']?AWS::\w+::"""),
        json_keys=frozenset({"Resources", "AWSTemplateFormatVersion"}),
    ),
    Format(
        name="agentcore-cli",
        title="project file of the agentcore CLI",
        module="gwlint.formats.agentcore_cli",
        extensions=(".json",),
        marker=re.compile(r'"agentCoreGateways"\s*:\s*\[\s*\{'),
        family=re.compile(
            r'"agentCoreGateways"\s*:|"managedBy"\s*:\s*"CDK"|schema\.agentcore\.aws\.dev'
        ),
        json_keys=frozenset({"agentCoreGateways", "managedBy", "$schema"}),
    ),
    TERRAFORM,
    Format(
        name="python",
        title="Python script",
        module="gwlint.formats.python_script",
        extensions=(".py",),
        marker=_BOTO3_CALL,
        family=re.compile(r"bedrock-agentcore-control"),
    ),
    Format(
        name="notebook",
        title="Jupyter notebook",
        module="gwlint.formats.notebook",
        extensions=(".ipynb",),
        marker=_BOTO3_CALL,
        family=re.compile(r'"nbformat"'),
    ),
)
